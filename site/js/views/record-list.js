/**
 * The lists of persons, organizations, deals and leads (`#/persons?sort=name&owner=…`):
 * sortable by name or creation, filtered by owner, tag (and organization or
 * person), a page at a time (cursor pages with Previous / Next), with the
 * columns each user picked remembered in this browser.
 */
import { h, qs, qsa, replace, delegate, formValues } from '../dom.js';
import { fillPage } from '../api.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { errorMessage, inputField, selectField, notice } from '../forms.js';
import { lookups } from '../lookups.js';
import { readPref, writePref } from '../prefs.js';
import { columnsOf, columnLabel, ENTITIES } from '../entities.js';
import { recordPicker } from '../combobox.js';
import { openCreateDialog } from './record-form.js';
import { openConvertDialog } from './lead-convert.js';
import { screenFrame } from './frame.js';

const PAGE_SIZE = 50;
const FILTER_KEYS = ['owner', 'tag', 'org_id', 'person_id'];
const FILTERS = {
  persons: ['owner', 'tag', 'org_id'], organizations: ['owner', 'tag'], deals: ['owner', 'tag', 'org_id', 'person_id'], leads: ['owner', 'tag', 'org_id', 'person_id'],
};

export class RecordListView {
  constructor(plural) {
    this.plural = plural;
    Object.assign(this, screenFrame({
      className: 'record-list', titleId: `${plural}-title`, title: t(`nav.${plural}`), attrs: { 'data-entity': plural },
    }));
    this.listeners = new AbortController();
    this.pickers = {};
    this.flash = h('div', { class: 'page-notice', 'aria-live': 'polite' });
  }

  destroy() {
    this.listeners.abort();
  }

  render(command, data) {
    const commands = {
      frame: () => this._renderFrame(data),
      loading: () => { this.tableWrap.setAttribute('aria-busy', 'true'); },
      rows: () => this._renderRows(data),
      flash: () => replace(this.flash, h('div', { class: 'alert alert-success', role: 'status' },
        h('p', { dir: 'auto' }, t('list.trashed', { name: data })),
        h('a', { href: '#/trash', class: 'button button-small' }, icon('trash'), t('list.toTrash')))),
      error: () => {
        this.tableWrap.removeAttribute('aria-busy');
        replace(this.notice, h('div', { class: 'alert alert-error', role: 'alert' }, h('p', {}, errorMessage(data))));
      },
      columnsOpen: () => {
        this.columnsPanel.hidden = !data;
        this.columnsButton.setAttribute('aria-expanded', String(data));
        if (data) qs('input', this.columnsPanel).focus();
      },
    };
    commands[command]();
  }

  bind(event, handler) {
    if (event === 'filter') {
      const fire = () => handler(this._filterValues());
      this.filterForm.addEventListener('change', fire);
      this.filterForm.addEventListener('pickerchange', fire);
      let timer = null;
      this.filterForm.addEventListener('input', (e) => {
        if (e.target.name !== 'tag') return;
        clearTimeout(timer);
        timer = setTimeout(fire, 350);
      });
      this.filterForm.addEventListener('submit', (e) => {
        e.preventDefault();
        fire();
      });
    } else if (event === 'sort') {
      delegate(this.el, '[data-sort]', 'click', (e, button) => handler(button.dataset.sort));
    } else if (event === 'page') {
      delegate(this.el, '[data-page]', 'click', (e, button) => handler(button.dataset.page));
    } else if (event === 'convert') {
      delegate(this.el, '[data-action="convert-lead"]', 'click', (e, button) => handler(button.dataset.id));
    } else if (event === 'create') {
      delegate(this.el, '[data-action="create"]', 'click', () => handler());
    } else if (event === 'toggleColumns') {
      this.columnsButton.addEventListener('click', () => handler(this.columnsPanel.hidden));
      this.columnsPanel.addEventListener('keydown', (e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          handler(false);
          this.columnsButton.focus();
        }
      });
      document.addEventListener('click', (e) => {
        if (!this.columnsPanel.hidden && !e.composedPath().some((n) => n === this.columnsPanel || n === this.columnsButton)) handler(false);
      }, { signal: this.listeners.signal });
    } else if (event === 'columns') {
      this.columnsPanel.addEventListener('change', () => handler(qsa('input:checked', this.columnsPanel).map((c) => c.value)));
    }
  }

  _filterValues() {
    const values = formValues(this.filterForm);
    return Object.fromEntries(Object.entries(values).filter(([, v]) => v));
  }

  _picker(name, entity, label, id) {
    this.pickers[name] = recordPicker({ label, name, entity, value: id ? { id, name: '…' } : null });
    return this.pickers[name].el;
  }

  /** Names the records chosen in the filters once a page's `included` knows them. */
  _namePickers(included) {
    for (const [name, plural] of [['org_id', 'organizations'], ['person_id', 'persons']]) {
      const picker = this.pickers[name];
      const record = picker && picker.value && included[plural] && included[plural][picker.value];
      if (record) picker.set({ id: record.id, name: record.name }, true);
    }
  }

  _renderFrame({ columns, visible, users, state }) {
    const plural = this.plural;
    const filters = FILTERS[plural];
    const me = state.me;
    const ownerChoices = [{ value: '', label: t('list.anyOwner') }, { value: me, label: t('list.me') }]
      .concat(users.filter((u) => u.id !== me).map((u) => ({ value: u.id, label: u.name })));
    this.filterForm = h('form', { class: 'filters', role: 'search', 'aria-label': t('list.filters') },
      filters.includes('owner') ? selectField(t('fields.owner'), { name: 'owner' }, ownerChoices, state.owner || '') : null,
      filters.includes('tag') ? inputField(t('fields.tag'), { name: 'tag', type: 'search', value: state.tag || '', maxlength: 100 }) : null,
      filters.includes('org_id') ? this._picker('org_id', 'organization', t('fields.organization'), state.org_id) : null,
      filters.includes('person_id') && state.person_id ? this._picker('person_id', 'person', t('fields.person'), state.person_id) : null);

    this.columnsButton = h('button', {
      type: 'button', class: 'button', 'aria-expanded': 'false', 'aria-controls': `${plural}-columns`,
    }, icon('columns'), t('list.columns'));
    this.columnsPanel = h('fieldset', { id: `${plural}-columns`, class: 'popover columns-panel', hidden: true },
      h('legend', { class: 'popover-title' }, t('list.columnsLegend')),
      columns.filter((c) => !c.always && !c.fixed).map((column) => h('label', { class: 'check' },
        h('input', { type: 'checkbox', value: column.key, checked: visible.includes(column.key) }),
        h('span', { dir: 'auto' }, columnLabel(column)))));

    this.head = h('thead', {});
    this.rows = h('tbody', {});
    this.table = h('table', { class: 'table records-table', 'aria-labelledby': `${plural}-title` }, this.head, this.rows);
    this.tableWrap = h('div', { class: 'table-wrap card card-flush' }, this.table);
    this.notice = notice();
    this.pager = h('nav', { class: 'pager', 'aria-label': t('list.pages') });
    this.count = h('p', { class: 'list-count', role: 'status' });

    replace(this.actions,
      plural === 'deals' ? h('a', { class: 'button', href: '#/pipeline' }, icon('pipeline'), t('deals.board')) : null,
      h('div', { class: 'popover-wrap' }, this.columnsButton, this.columnsPanel),
      h('button', { type: 'button', class: 'button button-primary', 'data-action': 'create' }, icon('plus'), t(`${plural}.new`)));
    replace(this.body,
      this.flash,
      this.filterForm,
      this.notice,
      this.tableWrap,
      h('div', { class: 'list-foot' }, this.count, this.pager));
  }

  _renderRows({ items, columns, ctx, state, hasNext, filtered }) {
    this.tableWrap.removeAttribute('aria-busy');
    replace(this.notice);
    this._namePickers(ctx.included);
    replace(this.head, h('tr', {}, columns.map((column) => {
      const sorted = column.sort && state.sort === column.sort;
      const ariaSort = sorted ? (state.order === 'asc' ? 'ascending' : 'descending') : null;
      return h('th', { scope: 'col', 'aria-sort': ariaSort, class: column.numeric ? 'cell-numeric' : column.actions ? 'cell-actions' : null },
        column.sort
          ? h('button', { type: 'button', class: 'sort-button', 'data-sort': column.sort },
            h('span', { dir: 'auto' }, columnLabel(column)),
            h('span', { class: ['sort-mark', sorted ? `sort-${state.order}` : null], 'aria-hidden': 'true' }, sorted ? (state.order === 'asc' ? '▲' : '▼') : '↕'))
          : h('span', { dir: 'auto' }, columnLabel(column)));
    })));
    if (!items.length) {
      replace(this.rows, h('tr', {}, h('td', { colspan: columns.length, class: 'table-empty' },
        h('p', {}, t(filtered ? 'list.noMatch' : `${this.plural}.empty`)),
        filtered ? null : h('button', { type: 'button', class: 'button button-small', 'data-action': 'create' }, icon('plus'), t(`${this.plural}.new`)))));
    } else {
      replace(this.rows, items.map((item) => h('tr', { 'data-id': item.id },
        columns.map((column) => {
          const content = column.cell(item, ctx);
          return h(column.always ? 'th' : 'td', {
            scope: column.always ? 'row' : null,
            'data-label': column.always ? null : columnLabel(column),
            class: [column.numeric ? 'cell-numeric' : null, column.always ? 'cell-primary' : null, column.nowrap ? 'cell-nowrap' : null,
              column.actions ? 'cell-actions' : null],
          }, h('div', { class: 'cell-clamp' }, content === null || content === undefined || content === '' ? h('span', { class: 'cell-empty' }, '—') : content));
        }))));
    }
    const page = state.page + 1;
    this.count.textContent = items.length ? tn('list.pageInfo', items.length, { page }) : '';
    replace(this.pager,
      h('button', { type: 'button', class: 'button button-small', 'data-page': 'prev', disabled: state.page === 0 }, t('list.prev')),
      h('span', { class: 'pager-page' }, t('list.page', { page })),
      h('button', { type: 'button', class: 'button button-small', 'data-page': 'next', disabled: !hasNext }, t('list.next')));
    this.pager.hidden = state.page === 0 && !hasNext;
  }
}

function stateFrom(params, me) {
  const state = { me, sort: params.get('sort') === 'name' ? 'name' : 'created', page: 0 };
  state.order = ['asc', 'desc'].includes(params.get('order')) ? params.get('order') : (state.sort === 'name' ? 'asc' : 'desc');
  for (const key of FILTER_KEYS) if (params.get(key)) state[key] = params.get(key);
  return state;
}

function queryOf(state, extra = {}) {
  const params = new URLSearchParams();
  params.set('sort', state.sort);
  params.set('order', state.order);
  for (const key of FILTER_KEYS) if (state[key]) params.set(key, state[key]);
  for (const [key, value] of Object.entries(extra)) if (value) params.set(key, value);
  return params.toString();
}

/** Mounts the list of `plural` ('persons', 'organizations', 'deals'), starting from the hash's query. */
export function mountRecordList(app, plural, params) {
  const view = new RecordListView(plural);
  const state = stateFrom(params, app.user.id);
  const prefName = `columns:${plural}`;
  let cursors = [null];
  let ref = null;
  let columns = [];
  let lastPage = null;
  let seq = 0;

  function visibleColumns() {
    return columns.filter((c) => c.always || c.fixed || ref.visible.includes(c.key));
  }

  function drawRows() {
    if (!lastPage) return;
    view.render('rows', {
      items: lastPage.items || [], columns: visibleColumns(), state, hasNext: Boolean(lastPage.next_cursor),
      filtered: FILTER_KEYS.some((key) => state[key]),
      ctx: { included: lastPage.included || {}, users: ref.users, pipelines: ref.pipelines },
    });
  }

  async function load() {
    const mine = ++seq;
    view.render('loading');
    // The address keeps the sort and the filters (not the page), without a new route.
    history.replaceState(null, '', `#/${plural}?${queryOf(state)}`);
    try {
      const page = await fillPage(`/${plural}`, new URLSearchParams(queryOf(state)), PAGE_SIZE, cursors[state.page]);
      if (mine !== seq) return;
      lastPage = page;
      cursors[state.page + 1] = page.next_cursor || null;
      drawRows();
    } catch (error) {
      if (mine === seq && error.status !== 401) view.render('error', error);
    }
  }

  function restart() {
    state.page = 0;
    cursors = [null];
    load();
  }

  (async () => {
    try {
      const loaded = await lookups('users', 'customFields', 'pipelines');
      columns = columnsOf(plural, loaded.customFields);
      const defaults = columns.filter((c) => c.default).map((c) => c.key);
      ref = { ...loaded, visible: readPref(app.user.id, prefName, defaults) };
    } catch (error) {
      if (error.status === 401) return;
      ref = { users: [], pipelines: [], customFields: {}, visible: [] };
      columns = columnsOf(plural, {});
      ref.visible = columns.filter((c) => c.default).map((c) => c.key);
    }
    view.render('frame', { columns, visible: ref.visible, users: ref.users, state });
    const flashed = app.takeFlash('list');
    if (flashed && flashed.trashed) view.render('flash', flashed.trashed);
    view.bind('filter', (values) => {
      for (const key of FILTER_KEYS) delete state[key];
      Object.assign(state, values);
      restart();
    });
    view.bind('sort', (sort) => {
      if (state.sort === sort) state.order = state.order === 'asc' ? 'desc' : 'asc';
      else {
        state.sort = sort;
        state.order = sort === 'name' ? 'asc' : 'desc';
      }
      restart();
    });
    view.bind('page', (direction) => {
      if (direction === 'next' && cursors[state.page + 1]) state.page += 1;
      else if (direction === 'prev' && state.page > 0) state.page -= 1;
      else return;
      load();
    });
    view.bind('create', () => openCreateDialog(app, plural, {}));
    if (plural === 'leads') {
      view.bind('convert', (id) => {
        const lead = ((lastPage && lastPage.items) || []).find((item) => item.id === id);
        if (lead) openConvertDialog(app, lead);
      });
    }
    view.bind('toggleColumns', (open) => view.render('columnsOpen', open));
    view.bind('columns', (keys) => {
      ref.visible = keys;
      writePref(app.user.id, prefName, keys);
      drawRows();
    });
    load();
  })();
  view.title = t(`nav.${plural}`);
  view.entity = ENTITIES[plural];
  return view;
}
