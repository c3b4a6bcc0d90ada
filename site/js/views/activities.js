/**
 * The activity list (`#/activities?owner=&type=&done=&period=`): filtered by
 * owner, type, done and period, sorted by due date, overdue ones flagged;
 * ticking the box marks one done, its subject opens it for editing.
 */
import { h, replace, delegate, itemId, formValues } from '../dom.js';
import { fillPage } from '../api.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { inputField, selectField, notice, errorAlert, successAlert } from '../forms.js';
import { lookups, userName, typeLabel } from '../lookups.js';
import { recordLink, includedName } from '../entities.js';
import { addDays, today, weekStart, zonedToUtc, toApiInstant, isDay } from '../format.js';
import { openActivityDialog, setDone, isOverdue } from './activity-form.js';
import { dueText } from './timeline.js';
import { screenFrame } from './frame.js';

const PAGE_SIZE = 50;
export const PERIODS = ['all', 'overdue', 'today', 'week', 'custom'];
export const FILTER_KEYS = ['owner', 'type', 'done'];

/** The owner / type / done selects shared by the list and the calendar. */
export function commonFilters(state, ref, me) {
  const users = ref.users || [];
  return [
    selectField(t('fields.owner'), { name: 'owner' }, [{ value: '', label: t('list.anyOwner') }, { value: me, label: t('list.me') }]
      .concat(users.filter((u) => u.id !== me).map((u) => ({ value: u.id, label: u.name }))), state.owner || ''),
    selectField(t('activity.type'), { name: 'type' }, [{ value: '', label: t('activities.anyType') }]
      .concat(((ref.activityTypes && ref.activityTypes.items) || []).map((type) => ({ value: type.key, label: type.label }))), state.type || ''),
    selectField(t('activities.doneFilter'), { name: 'done' }, [
      { value: 'false', label: t('activities.todo') }, { value: 'true', label: t('activities.doneOnes') }, { value: '', label: t('activities.all') },
    ], state.done ?? 'false'),
  ];
}

/** What the filters offer (users, activity types): none when unreadable, null when the session is gone. */
export async function filterLookups() {
  try {
    return await lookups('users', 'activityTypes');
  } catch (error) {
    return error.status === 401 ? null : { users: [], activityTypes: { items: [] } };
  }
}

/** The list / calendar switch, a pair of links. */
export function viewSwitch(active) {
  return h('nav', { class: 'segmented', 'aria-label': t('activities.views') },
    h('a', { href: '#/activities', class: 'segment', 'aria-current': active === 'list' ? 'page' : null }, icon('list'), t('activities.list')),
    h('a', { href: '#/activities/calendar', class: 'segment', 'aria-current': active === 'calendar' ? 'page' : null }, icon('calendar'), t('activities.calendar')));
}

/** Where an activity belongs: links to its deal, person and organization. */
export function linkedTo(activity, included) {
  const links = [
    recordLink('deals', activity.deal_id, includedName(included, 'deals', activity.deal_id)),
    recordLink('persons', activity.person_id, includedName(included, 'persons', activity.person_id)),
    recordLink('organizations', activity.org_id, includedName(included, 'organizations', activity.org_id)),
  ].filter(Boolean);
  return links.length ? h('span', { class: 'linked-to' }, links) : null;
}

export class ActivitiesView {
  constructor() {
    Object.assign(this, screenFrame({ className: 'activities', titleId: 'activities-title', title: t('nav.activities') }));
  }

  render(command, data) {
    const commands = {
      frame: () => this._renderFrame(data),
      rows: () => this._renderRows(data),
      error: () => replace(this.notice, errorAlert(data)),
      success: () => replace(this.notice, successAlert(data)),
      hasMore: () => { this.more.hidden = !data; },
      rowUpdated: () => {
        const old = this.rows.querySelector(`tr[data-id="${CSS.escape(data.activity.id)}"]`);
        if (!old) return;
        const row = this._row(data.activity, data.ctx);
        old.replaceWith(row);
        row.querySelector('[data-action="toggle-done"]').focus();
      },
      customPeriod: () => { this.customDates.hidden = !data; },
    };
    commands[command]();
  }

  bind(event, handler) {
    if (event === 'filter') {
      this.filterForm.addEventListener('change', () => handler(formValues(this.filterForm)));
      this.filterForm.addEventListener('submit', (e) => e.preventDefault());
    } else if (event === 'toggleDone') {
      delegate(this.el, '[data-action="toggle-done"]', 'change', (e, box) => handler(itemId(box), box.checked));
    } else if (event === 'edit') {
      delegate(this.el, '[data-action="edit-activity"]', 'click', (e, button) => handler(itemId(button)));
    } else if (event === 'create') {
      delegate(this.el, '[data-action="create-activity"]', 'click', () => handler());
    } else if (event === 'more') {
      this.more.addEventListener('click', () => handler());
    }
  }

  _renderFrame({ state, ref, me }) {
    this.customDates = h('div', { class: 'filter-group', hidden: state.period !== 'custom' },
      inputField(t('activities.from'), { name: 'from', type: 'date', value: state.from || '' }),
      inputField(t('activities.to'), { name: 'to', type: 'date', value: state.to || '' }));
    this.filterForm = h('form', { class: 'filters', role: 'search', 'aria-label': t('list.filters') },
      commonFilters(state, ref, me),
      selectField(t('activities.period'), { name: 'period' }, PERIODS.map((p) => ({ value: p, label: t(`activities.period.${p}`) })), state.period),
      this.customDates);
    this.rows = h('tbody', {}, h('tr', {}, h('td', { colspan: 6, class: 'loading' }, t('app.loading'))));
    this.notice = notice();
    this.more = h('button', { type: 'button', class: 'button', hidden: true }, t('users.loadMore'));
    replace(this.actions, viewSwitch('list'),
      h('button', { type: 'button', class: 'button button-primary', 'data-action': 'create-activity' }, icon('plus'), t('activities.new')));
    replace(this.body, this.filterForm, this.notice,
      h('div', { class: 'table-wrap card card-flush' },
        h('table', { class: 'table records-table activities-table', 'aria-labelledby': 'activities-title' },
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col', class: 'cell-check' }, h('span', { class: 'visually-hidden' }, t('activity.done'))),
            ['activity.subject', 'activity.type', 'activity.due', 'activities.linkedTo', 'fields.owner']
              .map((key) => h('th', { scope: 'col' }, t(key))))),
          this.rows)),
      h('div', { class: 'list-more' }, this.more));
  }

  _row(activity, ctx) {
    const overdue = isOverdue(activity);
    return h('tr', { 'data-id': activity.id, class: [overdue ? 'is-overdue' : null, activity.done ? 'is-done' : null] },
      h('td', { class: 'cell-check' },
        h('input', { type: 'checkbox', 'data-action': 'toggle-done', checked: Boolean(activity.done), 'aria-label': t('activity.markDone', { subject: activity.subject }) })),
      h('th', { scope: 'row', class: 'cell-primary' },
        h('div', { class: 'cell-clamp' }, h('button', { type: 'button', class: 'link-button cell-title', 'data-action': 'edit-activity', dir: 'auto' }, activity.subject || t('record.unnamed')))),
      h('td', { 'data-label': t('activity.type') }, h('span', { class: 'badge' }, typeLabel(ctx.types, activity.type))),
      h('td', { 'data-label': t('activity.due') }, h('span', { class: 'due' }, dueText(activity)),
        overdue ? h('span', { class: 'status status-overdue' }, t('activity.overdue')) : null),
      h('td', { 'data-label': t('activities.linkedTo') }, h('div', { class: 'cell-clamp' }, linkedTo(activity, ctx.included) || h('span', { class: 'cell-empty' }, '—'))),
      h('td', { 'data-label': t('fields.owner') }, userName(ctx.users, activity.owner_id) || h('span', { class: 'cell-empty' }, '—')));
  }

  _renderRows({ items, ctx, append }) {
    const rows = items.map((a) => this._row(a, ctx));
    if (append) this.rows.append(...rows);
    else replace(this.rows, rows.length ? rows : h('tr', {}, h('td', { colspan: 6, class: 'table-empty' }, t('activities.empty'))));
  }
}

/** The API range of a period: {from, to} as UTC instants, or {} for all. */
function periodRange(state) {
  const day = today();
  const at = (d) => toApiInstant(zonedToUtc(d));
  if (state.period === 'overdue') return { to: toApiInstant(new Date()) };
  if (state.period === 'today') return { from: at(day), to: at(addDays(day, 1)) };
  if (state.period === 'week') {
    const monday = weekStart(day);
    return { from: at(monday), to: at(addDays(monday, 7)) };
  }
  if (state.period === 'custom') {
    return { from: isDay(state.from) ? at(state.from) : null, to: isDay(state.to) ? at(addDays(state.to, 1)) : null };
  }
  return {};
}

function stateFrom(params) {
  const state = { period: PERIODS.includes(params.get('period')) ? params.get('period') : 'all', done: params.has('done') ? params.get('done') : 'false' };
  for (const key of ['owner', 'type', 'from', 'to']) if (params.get(key)) state[key] = params.get(key);
  return state;
}

/** Mounts the activity list. */
export function mountActivities(app, params) {
  const view = new ActivitiesView();
  const state = stateFrom(params);
  let ref = null;
  let cursor = null;
  let seq = 0;
  const included = {};
  const items = new Map();

  function query(extra = {}) {
    const q = new URLSearchParams();
    for (const key of FILTER_KEYS) if (state[key]) q.set(key, state[key]);
    // "Overdue" means not done, whatever the done filter says.
    if (state.period === 'overdue') q.set('done', 'false');
    for (const [key, value] of Object.entries({ ...periodRange(state), ...extra })) if (value) q.set(key, value);
    return q.toString();
  }

  function address() {
    const q = new URLSearchParams();
    for (const key of [...FILTER_KEYS, 'period', 'from', 'to']) if (state[key] !== undefined && state[key] !== '' && !(key === 'period' && state[key] === 'all')) q.set(key, state[key]);
    if (state.done === '') q.set('done', '');
    const text = q.toString();
    history.replaceState(null, '', `#/activities${text ? `?${text}` : ''}`);
  }

  async function load(more) {
    const mine = ++seq;
    if (!more) {
      cursor = null;
      items.clear();
      address();
    }
    try {
      const page = await fillPage('/activities', new URLSearchParams(query()), PAGE_SIZE, more ? cursor : null);
      if (mine !== seq) return;
      for (const [plural, records] of Object.entries(page.included || {})) included[plural] = { ...(included[plural] || {}), ...records };
      for (const a of page.items || []) items.set(a.id, a);
      cursor = page.next_cursor || null;
      view.render('rows', { items: page.items || [], ctx: { ...ref, types: ref.activityTypes, included }, append: more });
      view.render('hasMore', Boolean(cursor));
    } catch (error) {
      if (mine === seq && error.status !== 401) view.render('error', error);
    }
  }

  (async () => {
    ref = await filterLookups();
    if (!ref) return;
    view.render('frame', { state, ref, me: app.user.id });
    view.bind('filter', (values) => {
      for (const key of ['owner', 'type', 'done', 'period', 'from', 'to']) state[key] = values[key] ?? '';
      view.render('customPeriod', state.period === 'custom');
      load(false);
    });
    view.bind('more', () => load(true));
    view.bind('create', async () => {
      if (await openActivityDialog(app, {})) load(false);
    });
    view.bind('edit', async (id) => {
      const activity = items.get(id);
      if (!activity) return;
      const saved = await openActivityDialog(app, { activity, names: included });
      if (saved) load(false);
    });
    view.bind('toggleDone', async (id, done) => {
      const activity = items.get(id);
      try {
        const saved = await setDone(activity, done);
        items.set(id, saved);
        // The row stays (struck through) until the filters change: a slip is one click to undo.
        view.render('rowUpdated', { activity: saved, ctx: { ...ref, types: ref.activityTypes, included } });
        view.render('success', t(done ? 'activities.markedDone' : 'activities.markedTodo', { subject: saved.subject }));
      } catch (error) {
        if (error.status !== 401) view.render('error', error);
      }
    });
    load(false);
  })();
  return view;
}
