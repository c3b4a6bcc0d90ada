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
  deals: [['path', { d: 'M3 12l8.6-8.6a2 2 0 0 1 1.4-.6H20a1 1 0 0 1 1 1v7a2 2 0 0 1-.6 1.4L12 20.8a1.5 1.5 0 0 1-2.1 0L3.2 14.1a1.5 1.5 0 0 1-.2-2.1z' }],
    ['circle', { cx: 16.5, cy: 7.5, r: 1.5 }]],
  trash: [['path', { d: 'M4 7h16M10 11v6M14 11v6M6 7l1 12a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2l1-12M9 7V4h6v3' }]],
  restore: [['path', { d: 'M3 12a9 9 0 1 0 3-6.7L3 8M3 3v5h5' }]],
  history: [['path', { d: 'M3 12a9 9 0 1 0 3-6.7L3 8M3 3v5h5M12 7v5l3 2' }]],
  plus: [['path', { d: 'M12 5v14M5 12h14' }]],
  edit: [['path', { d: 'M4 20h4L19 9a2.8 2.8 0 0 0-4-4L4 16v4zM13.5 6.5l4 4' }]],
  pin: [['path', { d: 'M9 4h6l-1 6 4 3v2H6v-2l4-3-1-6zM12 15v6' }]],
  note: [['path', { d: 'M5 3h10l4 4v14H5zM14 3v5h5M8 12h8M8 16h6' }]],
  calendar: [['rect', { x: 3, y: 5, width: 18, height: 16, rx: 2 }], ['path', { d: 'M3 10h18M8 3v4M16 3v4' }]],
  copy: [['rect', { x: 9, y: 9, width: 11, height: 11, rx: 2 }], ['path', { d: 'M5 15H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v1' }]],
  external: [['path', { d: 'M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5' }]],
  globe: [['circle', { cx: 12, cy: 12, r: 9 }], ['path', { d: 'M3 12h18M12 3c2.5 2.7 3.8 5.7 3.8 9s-1.3 6.3-3.8 9c-2.5-2.7-3.8-5.7-3.8-9S9.5 5.7 12 3z' }]],
  place: [['path', { d: 'M12 21s7-6.2 7-11.5A7 7 0 0 0 5 9.5C5 14.8 12 21 12 21z' }], ['circle', { cx: 12, cy: 9.5, r: 2.5 }]],
  timer: [['circle', { cx: 12, cy: 13, r: 8 }], ['path', { d: 'M12 9v4l2.5 1.5M10 2h4' }]],
  booked: [['circle', { cx: 12, cy: 12, r: 9 }], ['path', { d: 'M8 12.5l2.8 2.8L16.5 9' }]],
  share: [['circle', { cx: 18, cy: 5, r: 2.5 }], ['circle', { cx: 6, cy: 12, r: 2.5 }], ['circle', { cx: 18, cy: 19, r: 2.5 }], ['path', { d: 'M8.2 10.8l7.6-4.5M8.2 13.2l7.6 4.5' }]],
  list: [['path', { d: 'M9 6h11M9 12h11M9 18h11M4 6h.01M4 12h.01M4 18h.01' }]],
  columns: [['rect', { x: 3, y: 4, width: 18, height: 16, rx: 2 }], ['path', { d: 'M9 4v16M15 4v16' }]],
  left: [['path', { d: 'M15 6l-6 6 6 6' }]],
  right: [['path', { d: 'M9 6l6 6-6 6' }]],
  back: [['path', { d: 'M19 12H5M11 6l-6 6 6 6' }]],
  leads: [['path', { d: 'M3 13h5l1.5 3h5L16 13h5' }], ['path', { d: 'M5.5 5h13L21 13v6a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1v-6z' }]],
  insights: [['path', { d: 'M4 20V10M10 20V4M16 20v-7M21 20H3' }]],
  won: [['circle', { cx: 12, cy: 12, r: 9 }], ['path', { d: 'M8 12.5l2.8 2.8L16.5 9' }]],
  lost: [['circle', { cx: 12, cy: 12, r: 9 }], ['path', { d: 'M9 9l6 6M15 9l-6 6' }]],
  warning: [['path', { d: 'M12 4l9 16H3z' }], ['path', { d: 'M12 10v4M12 17h.01' }]],
  clock: [['circle', { cx: 12, cy: 12, r: 9 }], ['path', { d: 'M12 7v5l3 2' }]],
  grip: [['path', { d: 'M9 6h.01M15 6h.01M9 12h.01M15 12h.01M9 18h.01M15 18h.01' }]],
  up: [['path', { d: 'M6 15l6-6 6 6' }]],
  down: [['path', { d: 'M6 9l6 6 6-6' }]],
  convert: [['path', { d: 'M4 12h14M13 6l6 6-6 6' }]],
  filter: [['path', { d: 'M4 5h16l-6 7.5V19l-4-2v-4.5z' }]],
  download: [['path', { d: 'M12 4v11M7 10l5 5 5-5M5 20h14' }]],
  upload: [['path', { d: 'M12 16V5M7 10l5-5 5 5M5 20h14' }]],
  file: [['path', { d: 'M6 3h8l5 5v12a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1zM14 3v5h5' }]],
  portal: [['path', { d: 'M4 21V5a2 2 0 0 1 2-2h8l6 6v12z' }], ['path', { d: 'M9 21v-6h6v6M9 10h6' }]],
  link: [['path', { d: 'M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1' }]],
  key: [['circle', { cx: 8, cy: 15, r: 4 }], ['path', { d: 'M11 12l9-9M17 6l3 3M15 8l2 2' }]],
  reopen: [['path', { d: 'M3 12a9 9 0 1 0 3-6.7L3 8M3 3v5h5' }]],
  condition: [['path', { d: 'M12 3l8 9-8 9-8-9z' }], ['path', { d: 'M12 9v4M12 16h.01' }]],
  mail: [['rect', { x: 3, y: 5, width: 18, height: 14, rx: 2 }], ['path', { d: 'M3 7l9 6 9-6' }]],
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
