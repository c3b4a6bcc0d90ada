/** Line icons drawn as SVG elements (24×24, stroke follows the text colour). */
import { s } from './dom.js';

const SHAPES = {
  pipeline: [['rect', { x: 3, y: 4, width: 5, height: 16, rx: 1.5 }],
    ['rect', { x: 10, y: 4, width: 5, height: 11, rx: 1.5 }],
    ['rect', { x: 17, y: 4, width: 4, height: 7, rx: 1.5 }]],
  persons: [['circle', { cx: 12, cy: 8, r: 4 }], ['path', { d: 'M4 21c0-4 3.6-7 8-7s8 3 8 7' }]],
  organizations: [['path', { d: 'M4 21V5a1 1 0 0 1 1-1h9a1 1 0 0 1 1 1v16' }],
    ['path', { d: 'M15 10h4a1 1 0 0 1 1 1v10M3 21h18M8 8h3M8 12h3M8 16h3' }]],
  activities: [['rect', { x: 3, y: 3, width: 18, height: 18, rx: 3 }], ['path', { d: 'M8 12l3 3 5-6' }]],
  scheduler: [['rect', { x: 3, y: 5, width: 18, height: 16, rx: 2 }],
    ['path', { d: 'M3 10h18M8 3v4M16 3v4M8 14h2M14 14h2M8 17h2' }]],
  automations: [['path', { d: 'M13 2L4 14h7l-1 8 9-12h-7l1-8z' }]],
  settings: [['path', { d: 'M4 6h9M19 6h1M4 12h3M13 12h7M4 18h11M21 18h-1' }],
    ['circle', { cx: 16, cy: 6, r: 2.5 }], ['circle', { cx: 10, cy: 12, r: 2.5 }], ['circle', { cx: 18, cy: 18, r: 2.5 }]],
  menu: [['path', { d: 'M4 6h16M4 12h16M4 18h16' }]],
  close: [['path', { d: 'M6 6l12 12M18 6L6 18' }]],
  logout: [['path', { d: 'M9 20H6a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2h3M16 17l5-5-5-5M21 12H9' }]],
  chevron: [['path', { d: 'M6 9l6 6 6-6' }]],
  user: [['circle', { cx: 12, cy: 8, r: 4 }], ['path', { d: 'M4 21c0-4 3.6-7 8-7s8 3 8 7' }]],
  lock: [['rect', { x: 4, y: 11, width: 16, height: 10, rx: 2 }], ['path', { d: 'M8 11V7a4 4 0 0 1 8 0v4' }]],
  search: [['circle', { cx: 11, cy: 11, r: 7 }], ['path', { d: 'M20 20l-4-4' }]],
};

/** An icon by name; decorative, so hidden from assistive technology. */
export function icon(name, extraClass) {
  return s('svg', {
    class: ['icon', extraClass].filter(Boolean).join(' '),
    viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', 'stroke-width': 1.8,
    'stroke-linecap': 'round', 'stroke-linejoin': 'round', 'aria-hidden': 'true', focusable: 'false',
  }, (SHAPES[name] || []).map(([tag, attrs]) => s(tag, attrs)));
}

/** The product mark: two overlapping circles, a relationship. */
export function logo() {
  return s('svg', { class: 'logo', viewBox: '0 0 32 32', 'aria-hidden': 'true', focusable: 'false' },
    s('rect', { width: 32, height: 32, rx: 8, fill: '#4f46e5' }),
    s('circle', { cx: 12.5, cy: 16, r: 6, fill: 'none', stroke: '#fff', 'stroke-width': 2.4 }),
    s('circle', { cx: 19.5, cy: 16, r: 6, fill: 'none', stroke: '#c7d2fe', 'stroke-width': 2.4 }));
}
