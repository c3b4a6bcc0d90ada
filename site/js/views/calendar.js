/**
 * The activity calendar (`#/activities/calendar?view=week|day&date=YYYY-MM-DD`):
 * a week of day columns or one day by hour, in the user's time zone,
 * filtered like the list. Overdue activities stand out; a click opens one,
 * the + of a day adds one on that day.
 */
import { h, replace, delegate, formValues } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { notice, errorAlert } from '../forms.js';
import { typeLabel } from '../lookups.js';
import {
  addDays, today, weekStart, zonedToUtc, toApiInstant, isDay, dayInZone, zonedParts, formatDay, formatTime,
} from '../format.js';
import { openActivityDialog, isOverdue } from './activity-form.js';
import { commonFilters, viewSwitch, filterLookups, FILTER_KEYS } from './activities.js';
import { screenFrame } from './frame.js';

const MAX_PAGES = 10;
const DAY_FIRST_HOUR = 8;
const DAY_LAST_HOUR = 19;

/** The day an activity sits on: its UTC date when all-day (midnight UTC), else its day in the user's zone. */
export function activityDay(activity) {
  return activity.all_day ? activity.due_at.slice(0, 10) : dayInZone(activity.due_at);
}

function byTime(a, b) {
  if (a.all_day !== b.all_day) return a.all_day ? -1 : 1;
  return String(a.due_at).localeCompare(String(b.due_at));
}

export class CalendarView {
  constructor() {
    Object.assign(this, screenFrame({ className: 'calendar', titleId: 'calendar-title', title: t('nav.activities') }));
  }

  render(command, data) {
    const commands = {
      frame: () => this._renderFrame(data),
      period: () => this._renderPeriod(data),
      error: () => replace(this.notice, errorAlert(data)),
      clearError: () => replace(this.notice),
    };
    commands[command]();
  }

  bind(event, handler) {
    if (event === 'filter') {
      this.filterForm.addEventListener('change', (e) => {
        if (e.target.name === 'date') return;
        handler(formValues(this.filterForm));
      });
      this.filterForm.addEventListener('submit', (e) => e.preventDefault());
    } else if (event === 'go') {
      delegate(this.el, '[data-go]', 'click', (e, button) => handler({ go: button.dataset.go }));
      this.dateInput.addEventListener('change', () => {
        if (isDay(this.dateInput.value)) handler({ date: this.dateInput.value });
      });
    } else if (event === 'view') {
      delegate(this.el, '[data-view]', 'click', (e, button) => handler(button.dataset.view));
    } else if (event === 'open') {
      delegate(this.el, '[data-action="open-activity"]', 'click', (e, button) => handler(button.dataset.id));
    } else if (event === 'add') {
      delegate(this.el, '[data-action="add-on-day"]', 'click', (e, button) => handler(button.dataset.day, button.dataset.time));
    }
  }

  _renderFrame({ state, ref, me }) {
    this.dateInput = h('input', { type: 'date', name: 'date', value: state.date, class: 'select-compact', 'aria-label': t('calendar.goTo') });
    this.filterForm = h('form', { class: 'filters', role: 'search', 'aria-label': t('list.filters') }, commonFilters(state, ref, me));
    this.viewButtons = ['day', 'week'].map((v) => h('button', {
      type: 'button', class: 'segment', 'data-view': v, 'aria-pressed': String(state.view === v),
    }, t(`calendar.${v}`)));
    this.periodTitle = h('h2', { class: 'calendar-title', 'aria-live': 'polite' });
    this.grid = h('div', { class: 'calendar-body' });
    this.notice = notice();
    replace(this.actions, viewSwitch('calendar'),
      h('button', { type: 'button', class: 'button button-primary', 'data-action': 'add-on-day' }, icon('plus'), t('activities.new')));
    replace(this.body,
      this.filterForm,
      h('div', { class: 'calendar-toolbar' },
        h('div', { class: 'calendar-nav' },
          h('button', { type: 'button', class: 'icon-button', 'data-go': 'prev', 'aria-label': t('calendar.prev') }, icon('left')),
          h('button', { type: 'button', class: 'button button-small', 'data-go': 'today' }, t('calendar.today')),
          h('button', { type: 'button', class: 'icon-button', 'data-go': 'next', 'aria-label': t('calendar.next') }, icon('right')),
          this.periodTitle),
        h('div', { class: 'calendar-tools' },
          h('div', { class: 'segmented', role: 'group', 'aria-label': t('calendar.viewLabel') }, this.viewButtons),
          this.dateInput)),
      this.notice,
      this.grid);
  }

  _chip(activity, ctx, withTime) {
    const overdue = isOverdue(activity);
    return h('li', {},
      h('button', {
        type: 'button', 'data-action': 'open-activity', 'data-id': activity.id,
        class: ['cal-item', overdue ? 'is-overdue' : null, activity.done ? 'is-done' : null, activity.all_day ? 'is-all-day' : null],
      },
      withTime ? h('span', { class: 'cal-time' }, activity.all_day ? t('calendar.allDay') : formatTime(activity.due_at)) : null,
      h('span', { class: 'cal-subject', dir: 'auto' }, activity.subject || t('record.unnamed')),
      h('span', { class: 'cal-type' }, typeLabel(ctx.types, activity.type),
        overdue ? [' · ', h('span', { class: 'cal-overdue' }, t('activity.overdue'))] : null,
        activity.done ? [' · ', t('activity.doneBadge')] : null)));
  }

  _renderPeriod({ state, days, byDay, ctx }) {
    for (const button of this.viewButtons) button.setAttribute('aria-pressed', String(button.dataset.view === state.view));
    this.dateInput.value = state.date;
    const now = today();
    if (state.view === 'week') {
      this.periodTitle.textContent = t('calendar.weekOf', {
        from: formatDay(days[0], { day: 'numeric', month: 'long' }),
        to: formatDay(days[6], { day: 'numeric', month: 'long', year: 'numeric' }),
      });
      replace(this.grid, h('ol', { class: 'cal-week', 'aria-label': this.periodTitle.textContent }, days.map((day) => {
        const items = (byDay.get(day) || []).sort(byTime);
        return h('li', { class: ['cal-day', day === now ? 'is-today' : null], 'data-day': day },
          h('div', { class: 'cal-day-head' },
            h('h3', { class: 'cal-day-title' }, formatDay(day, { weekday: 'short', day: 'numeric', month: 'short' })),
            h('button', { type: 'button', class: 'icon-button icon-button-small', 'data-action': 'add-on-day', 'data-day': day, 'aria-label': t('calendar.addOn', { day: formatDay(day, { weekday: 'long', day: 'numeric', month: 'long' }) }) }, icon('plus'))),
          items.length ? h('ul', { class: 'cal-items' }, items.map((a) => this._chip(a, ctx, true))) : h('p', { class: 'cal-empty' }, t('calendar.nothing')));
      })));
    } else {
      const day = state.date;
      this.periodTitle.textContent = formatDay(day, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
      const items = (byDay.get(day) || []).sort(byTime);
      const allDay = items.filter((a) => a.all_day);
      const timed = items.filter((a) => !a.all_day);
      const hours = timed.map((a) => zonedParts(a.due_at).hour);
      const first = Math.min(DAY_FIRST_HOUR, ...hours);
      const last = Math.max(DAY_LAST_HOUR, ...hours);
      const rows = [];
      for (let hour = first; hour <= last; hour += 1) {
        const label = `${String(hour).padStart(2, '0')}:00`;
        const here = timed.filter((a, i) => hours[i] === hour);
        rows.push(h('li', { class: 'cal-hour' },
          h('span', { class: 'cal-hour-label' }, label),
          h('div', { class: 'cal-hour-items' },
            here.length ? h('ul', { class: 'cal-items' }, here.map((a) => this._chip(a, ctx, true))) : null,
            h('button', { type: 'button', class: 'cal-slot', 'data-action': 'add-on-day', 'data-day': day, 'data-time': label, 'aria-label': t('calendar.addAt', { time: label }) }, icon('plus')))));
      }
      replace(this.grid, h('div', { class: ['cal-dayview', day === now ? 'is-today' : null], 'data-day': day },
        h('section', { class: 'cal-allday', 'aria-label': t('calendar.allDay') },
          h('h3', { class: 'cal-day-title' }, t('calendar.allDay')),
          allDay.length ? h('ul', { class: 'cal-items' }, allDay.map((a) => this._chip(a, ctx, false))) : h('p', { class: 'cal-empty' }, t('calendar.nothing'))),
        h('ol', { class: 'cal-hours' }, rows)));
    }
  }
}

function stateFrom(params) {
  const state = {
    view: params.get('view') === 'day' ? 'day' : 'week',
    date: isDay(params.get('date')) ? params.get('date') : today(),
    done: params.has('done') ? params.get('done') : '',
  };
  for (const key of ['owner', 'type']) if (params.get(key)) state[key] = params.get(key);
  return state;
}

/** Mounts the calendar. */
export function mountCalendar(app, params) {
  const view = new CalendarView();
  const state = stateFrom(params);
  const activities = new Map();
  let ref = null;
  let seq = 0;
  let included = {};

  function days() {
    if (state.view === 'day') return [state.date];
    const monday = weekStart(state.date);
    return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  }

  function address() {
    const q = new URLSearchParams({ view: state.view, date: state.date });
    for (const key of FILTER_KEYS) if (state[key]) q.set(key, state[key]);
    history.replaceState(null, '', `#/activities/calendar?${q}`);
  }

  async function load() {
    const mine = ++seq;
    address();
    const shown = days();
    // A day wider on each side: an all-day activity (midnight UTC) may fall outside the local range.
    const from = toApiInstant(zonedToUtc(addDays(shown[0], -1)));
    const to = toApiInstant(zonedToUtc(addDays(shown[shown.length - 1], 2)));
    const q = new URLSearchParams({ from, to, limit: '200' });
    for (const key of FILTER_KEYS) if (state[key]) q.set(key, state[key]);
    try {
      const items = [];
      included = {};
      let cursor = null;
      for (let i = 0; i < MAX_PAGES; i += 1) {
        if (cursor) q.set('cursor', cursor);
        const page = await api.get(`/activities?${q}`);
        items.push(...(page.items || []));
        for (const [plural, records] of Object.entries(page.included || {})) included[plural] = { ...(included[plural] || {}), ...records };
        cursor = page.next_cursor;
        if (!cursor) break;
      }
      if (mine !== seq) return;
      activities.clear();
      const byDay = new Map();
      const wanted = new Set(shown);
      for (const a of items) {
        if (!a.due_at) continue;
        const day = activityDay(a);
        if (!wanted.has(day)) continue;
        activities.set(a.id, a);
        if (!byDay.has(day)) byDay.set(day, []);
        byDay.get(day).push(a);
      }
      view.render('clearError');
      view.render('period', { state, days: shown, byDay, ctx: { types: ref.activityTypes } });
    } catch (error) {
      if (mine === seq && error.status !== 401) view.render('error', error);
    }
  }

  (async () => {
    ref = await filterLookups();
    if (!ref) return;
    view.render('frame', { state, ref, me: app.user.id });
    view.bind('filter', (values) => {
      for (const key of FILTER_KEYS) state[key] = values[key] || '';
      load();
    });
    view.bind('go', ({ go, date }) => {
      const step = state.view === 'week' ? 7 : 1;
      if (date) state.date = date;
      else if (go === 'today') state.date = today();
      else state.date = addDays(state.date, go === 'next' ? step : -step);
      load();
    });
    view.bind('view', (name) => {
      state.view = name;
      load();
    });
    view.bind('open', async (id) => {
      const activity = activities.get(id);
      if (activity && await openActivityDialog(app, { activity, names: included })) load();
    });
    view.bind('add', async (day, time) => {
      if (await openActivityDialog(app, { preset: { day: day || state.date, time: time || undefined } })) load();
    });
    load();
  })();
  return view;
}
