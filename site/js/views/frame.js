/** The frames of the screens: public pages (sign in, accept an invitation) and the app's screens. */
import { h } from '../dom.js';
import { logo } from '../icons.js';
import { t } from '../i18n.js';

/** The "Loading…" line a screen or panel shows until its data arrives. */
export function loadingStatus() {
  return h('p', { class: 'loading', role: 'status' }, t('app.loading'));
}

/** A <main> landmark holding a card with the product mark above `children`. */
export function publicFrame(...children) {
  return h('main', { id: 'main', class: 'public', tabindex: '-1' },
    h('div', { class: 'public-card' },
      h('div', { class: 'public-brand' }, logo(), h('span', {}, t('app.name'))),
      children));
}

/**
 * A screen with actions in its head: a <section> (class `screen <className>`,
 * plus `attrs`) labelled by its <h1 id=titleId>, and a body that shows
 * loading until the screen fills it. The heading is there at once, so the
 * router can focus it while the rest loads. Returns {el, actions, body}.
 */
export function screenFrame({ className, titleId, title, attrs }) {
  const actions = h('div', { class: 'head-actions' });
  const body = h('div', { class: 'screen-body' }, loadingStatus());
  const el = h('section', { class: `screen ${className}`, 'aria-labelledby': titleId, ...attrs },
    h('div', { class: 'page-head page-head-actions' },
      h('h1', { class: 'page-title', id: titleId, tabindex: '-1' }, title), actions),
    body);
  return { el, actions, body };
}
