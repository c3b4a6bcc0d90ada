/** The frame of the public pages (sign in, accept an invitation): a centred card. */
import { h } from '../dom.js';
import { logo } from '../icons.js';
import { t } from '../i18n.js';

/** A <main> landmark holding a card with the product mark above `children`. */
export function publicFrame(...children) {
  return h('main', { id: 'main', class: 'public', tabindex: '-1' },
    h('div', { class: 'public-card' },
      h('div', { class: 'public-brand' }, logo(), h('span', {}, t('app.name'))),
      children));
}
