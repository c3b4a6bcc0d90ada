/**
 * Areas that later issues fill (scheduler, automations): for now a proper empty
 * state saying what the area will hold. Also the page for unknown addresses.
 */
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';

export class AreaView {
  constructor() {
    this.el = h('section', { class: 'screen area' });
  }

  render(command, data) {
    const commands = {
      empty: () => this._renderEmpty(data),
      notFound: () => this._renderNotFound(),
    };
    commands[command]();
  }

  bind() {}

  _renderEmpty(area) {
    this.el.setAttribute('aria-labelledby', `area-${area}-title`);
    replace(this.el,
      h('div', { class: 'page-head' },
        h('h1', { class: 'page-title', id: `area-${area}-title`, tabindex: '-1' }, t(`nav.${area}`))),
      h('div', { class: 'empty-state', 'data-area': area },
        h('div', { class: 'empty-icon' }, icon(area)),
        h('p', { class: 'empty-text' }, t(`area.${area}`)),
        h('p', { class: 'empty-note' }, t('area.soon'))));
  }

  _renderNotFound() {
    replace(this.el,
      h('div', { class: 'page-head' }, h('h1', { class: 'page-title', tabindex: '-1' }, t('notFound.title'))),
      h('div', { class: 'empty-state' },
        h('div', { class: 'empty-icon' }, icon('search')),
        h('p', { class: 'empty-text' }, t('notFound.text')),
        h('p', {}, h('a', { class: 'button', href: '#/pipeline' }, t('notFound.back')))));
  }
}

/** Mounts the empty state of `area`. */
export function mountArea(app, area) {
  const view = new AreaView();
  view.render('empty', area);
  return view;
}

/** Mounts the page for an address that matches nothing. */
export function mountNotFound() {
  const view = new AreaView();
  view.render('notFound');
  return view;
}
