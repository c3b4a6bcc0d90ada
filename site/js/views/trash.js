/**
 * The trash (`#/trash`): what was deleted in the last 30 days, newest first,
 * each with Restore (POST /api/<records>/<id>/restore). After that the
 * records are purged for good.
 */
import { h, replace, delegate, itemId, qs } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { notice, errorAlert, successAlert } from '../forms.js';
import { lookups, userName } from '../lookups.js';
import { formatDateTime } from '../format.js';
import { PLURAL } from '../entities.js';

const ICONS = {
  person: 'persons', organization: 'organizations', deal: 'deals', activity: 'activities', note: 'note', lead: 'leads', scheduler_link: 'scheduler', workflow: 'automations', file: 'file',
};
// Booking links live under the Scheduler, in the API and in the app; the other kinds under their plural.
const API_PATH = { ...PLURAL, scheduler_link: 'scheduler/links' };
const PAGES = {
  person: 'persons', organization: 'organizations', deal: 'deals', lead: 'leads', scheduler_link: 'scheduler', workflow: 'automations',
};

export class TrashView {
  constructor() {
    this.rows = h('tbody', {});
    this.notice = notice();
    this.more = h('button', { type: 'button', class: 'button', 'data-action': 'more', hidden: true }, t('users.loadMore'));
    this.el = h('section', { class: 'screen trash', 'aria-labelledby': 'trash-title' },
      h('div', { class: 'page-head' },
        h('h1', { class: 'page-title', id: 'trash-title', tabindex: '-1' }, t('nav.trash')),
        h('p', { class: 'page-intro' }, t('trash.intro'))),
      this.notice,
      h('div', { class: 'table-wrap card card-flush' },
        h('table', { class: 'table records-table trash-table', 'aria-labelledby': 'trash-title' },
          h('thead', {}, h('tr', {}, ['trash.name', 'trash.kind', 'trash.deletedAt', 'trash.deletedBy', 'users.actions']
            .map((key) => h('th', { scope: 'col', class: key === 'users.actions' ? 'cell-actions' : null }, t(key))))),
          this.rows)),
      h('div', { class: 'list-more' }, this.more));
  }

  render(command, data) {
    const commands = {
      loading: () => replace(this.rows, h('tr', {}, h('td', { colspan: 5, class: 'loading' }, t('app.loading')))),
      items: () => this._renderItems(data),
      hasMore: () => { this.more.hidden = !data; },
      restored: () => {
        const row = qs(`tr[data-id="${CSS.escape(data.item.id)}"]`, this.rows);
        if (row) row.remove();
        const link = PAGES[data.item.entity]
          ? h('a', { href: `#/${PAGES[data.item.entity]}/${encodeURIComponent(data.item.id)}`, dir: 'auto' }, data.item.name || t('record.unnamed'))
          : h('strong', { dir: 'auto' }, data.item.name || t('record.unnamed'));
        replace(this.notice, successAlert(t('trash.restored'), ' ', link));
        if (!this.rows.children.length) this._renderItems({ items: [] });
      },
      error: () => replace(this.notice, errorAlert(data)),
    };
    commands[command]();
  }

  bind(event, handler) {
    if (event === 'restore') delegate(this.el, '[data-action="restore"]', 'click', (e, button) => handler(itemId(button), button));
    else if (event === 'more') this.more.addEventListener('click', () => handler());
  }

  _renderItems({ items, users, append }) {
    const rows = items.map((item) => h('tr', { 'data-id': item.id, 'data-entity': item.entity },
      h('th', { scope: 'row', class: 'cell-primary' }, h('div', { class: 'cell-clamp' },
        h('span', { class: 'cell-title', dir: 'auto' }, item.name || t('record.unnamed'))),
      item.deleted_with ? h('span', { class: 'linked-sub' }, t('trash.withParent')) : null),
      h('td', { 'data-label': t('trash.kind') }, h('span', { class: 'kind' }, icon(ICONS[item.entity] || 'trash'), t(`entity.${item.entity}`))),
      h('td', { 'data-label': t('trash.deletedAt') }, formatDateTime(item.deleted_at)),
      h('td', { 'data-label': t('trash.deletedBy') }, userName(users, item.updated_by) || '—'),
      h('td', { class: 'cell-actions' },
        h('button', {
          type: 'button', class: 'button button-small', 'data-action': 'restore',
          'aria-label': t('trash.restoreOf', { name: item.name || t('record.unnamed') }),
        }, icon('restore'), t('trash.restore')))));
    if (append) this.rows.append(...rows);
    else replace(this.rows, rows.length ? rows : h('tr', {}, h('td', { colspan: 5, class: 'table-empty' }, t('trash.empty'))));
  }
}

/** Mounts the trash. */
export function mountTrash() {
  const view = new TrashView();
  const items = new Map();
  let cursor = null;
  let users = [];

  async function load(more) {
    if (!more) view.render('loading');
    try {
      if (!more) users = (await lookups('users')).users;
      const page = await api.get(`/trash${more && cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`);
      for (const item of page.items || []) items.set(`${item.id}`, item);
      cursor = page.next_cursor || null;
      view.render('items', { items: page.items || [], users, append: more });
      view.render('hasMore', Boolean(cursor));
    } catch (error) {
      if (error.status !== 401) view.render('error', error);
    }
  }

  view.bind('restore', async (id, button) => {
    const item = items.get(id);
    if (!item) return;
    button.disabled = true;
    try {
      await api.post(`/${API_PATH[item.entity]}/${encodeURIComponent(item.id)}/restore`, {});
      items.delete(id);
      view.render('restored', { item });
    } catch (error) {
      button.disabled = false;
      if (error.status !== 401) view.render('error', error);
    }
  });
  view.bind('more', () => load(true));
  load(false);
  return view;
}
