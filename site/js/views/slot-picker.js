/**
 * The customer's choice of a time, on the public booking page and when they
 * move a booking: their time zone (detected, changeable), a month showing
 * the days that have free times, then the times of the chosen day.
 *
 * `load(fromDay, toDay)` answers {slots: [{start, end}]} for a span of UTC
 * days; a month is asked with a day on either side, so that its days are
 * whole in any zone. `onPick(slot)` hears the chosen time.
 */
import { h, qs, replace, delegate } from '../dom.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { selectField, errorAlert } from '../forms.js';
import { addDays, dayInZone } from '../format.js';
import { timeZoneOptions } from './settings-profile.js';
import { loadingStatus } from './frame.js';
import { dayTitle, timeIn, weekdayNames } from '../booking-links.js';

const MONTHS_AHEAD = 12;
const EMPTY_MONTHS_SKIPPED = 2; // a first month without any free time moves on, at most this often
const STACKED = '(max-width: 720px)';

const pad = (n) => String(n).padStart(2, '0');

function monthOf(day) {
  return day.slice(0, 7);
}

function shiftMonth(month, n) {
  const [y, m] = month.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1 + n, 1));
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}`;
}

function monthDays(month) {
  const [y, m] = month.split('-').map(Number);
  const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${month}-${pad(i + 1)}`);
}

export class SlotPicker {
  constructor({ load, onPick, tz, current = null }) {
    this.load = load;
    this.onPick = onPick;
    this.tz = tz;
    this.current = current;
    this.slots = [];
    this.day = null;
    this.seq = 0;
    this.onZone = null;
    this.month = monthOf(dayInZone(new Date(), tz));
    this.zoneField = selectField(t('book.zone'), { name: 'tz', class: 'zone-select' }, timeZoneOptions(tz), tz);
    this.monthTitle = h('h3', { class: 'month-title', 'aria-live': 'polite' });
    this.prev = h('button', { type: 'button', class: 'icon-button', 'data-action': 'prev-month', 'aria-label': t('book.prevMonth') }, icon('left'));
    this.next = h('button', { type: 'button', class: 'icon-button', 'data-action': 'next-month', 'aria-label': t('book.nextMonth') }, icon('right'));
    this.grid = h('div', { class: 'month-grid-wrap' });
    this.times = h('div', { class: 'day-times', 'aria-live': 'polite' });
    this.notice = h('div', { class: 'form-notice picker-notice' });
    this.el = h('div', { class: 'slot-picker' },
      h('div', { class: 'picker-zone' }, icon('globe'), this.zoneField),
      this.notice,
      h('div', { class: 'picker-panes' },
        h('section', { class: 'picker-month', 'aria-label': t('book.days') },
          h('div', { class: 'month-head' }, this.prev, this.monthTitle, this.next),
          this.grid),
        h('section', { class: 'picker-times', 'aria-label': t('book.times') }, this.times)));

    qs('select', this.zoneField).addEventListener('change', (e) => this.setZone(e.target.value));
    this.prev.addEventListener('click', () => this.showMonth(shiftMonth(this.month, -1)));
    this.next.addEventListener('click', () => this.showMonth(shiftMonth(this.month, 1)));
    delegate(this.grid, '[data-day]', 'click', (e, button) => this.chooseDay(button.dataset.day, true));
    delegate(this.times, '[data-start]', 'click', (e, button) => {
      const slot = this.slots.find((s) => s.start === button.dataset.start);
      if (slot) this.onPick(slot, this.tz);
    });
  }

  /** Loads the month of today (or the next ones, when it has no free time). */
  start() {
    return this.showMonth(this.month, EMPTY_MONTHS_SKIPPED);
  }

  /** Reads the shown month again (a time was just taken): the chosen day stays when it still has times. */
  refresh(message) {
    return this.showMonth(this.month, 0, message);
  }

  /** Shows a message above the calendar (or clears it). */
  say(node) {
    replace(this.notice, node || null);
  }

  setZone(tz) {
    this.tz = tz;
    if (this.onZone) this.onZone(tz);
    this.draw();
  }

  get today() {
    return dayInZone(new Date(), this.tz);
  }

  byDay() {
    const days = new Map();
    for (const slot of this.slots) {
      const day = dayInZone(slot.start, this.tz);
      if (!days.has(day)) days.set(day, []);
      days.get(day).push(slot);
    }
    return days;
  }

  async showMonth(month, skipEmpty = 0, message = null) {
    const seq = ++this.seq;
    this.month = month;
    this.loading = true;
    this.error = null;
    this.say(message);
    this.draw();
    const days = monthDays(month);
    try {
      const data = await this.load(addDays(days[0], -1), addDays(days[days.length - 1], 1));
      if (seq !== this.seq) return;
      this.slots = (data && data.slots) || [];
    } catch (error) {
      if (seq !== this.seq) return;
      this.slots = [];
      this.error = error;
    }
    this.loading = false;
    const inMonth = Array.from(this.byDay().keys()).filter((day) => monthOf(day) === month);
    if (!inMonth.length && skipEmpty > 0 && !this.error && month < shiftMonth(monthOf(this.today), MONTHS_AHEAD)) {
      await this.showMonth(shiftMonth(month, 1), skipEmpty - 1, message);
      return;
    }
    if (!this.day || monthOf(this.day) !== month || !inMonth.includes(this.day)) this.day = inMonth.sort()[0] || null;
    this.draw();
  }

  chooseDay(day, byHand) {
    this.day = day;
    this.draw();
    const first = qs('[data-start]', this.times);
    if (byHand && first && window.matchMedia(STACKED).matches) this.times.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }

  draw() {
    this.el.setAttribute('aria-busy', this.loading ? 'true' : 'false');
    const thisMonth = monthOf(this.today);
    this.prev.disabled = this.loading || this.month <= thisMonth;
    this.next.disabled = this.loading || this.month >= shiftMonth(thisMonth, MONTHS_AHEAD);
    this.monthTitle.textContent = dayTitle(`${this.month}-01`, { month: 'long', year: 'numeric' });
    const days = this.byDay();
    if (this.day && !days.has(this.day)) this.day = null;
    this._drawGrid(days);
    this._drawTimes(days);
  }

  _drawGrid(days) {
    const dates = monthDays(this.month);
    const [y, m] = this.month.split('-').map(Number);
    const lead = (new Date(Date.UTC(y, m - 1, 1)).getUTCDay() + 6) % 7;
    const cells = Array.from({ length: lead }, () => null).concat(dates);
    while (cells.length % 7) cells.push(null);
    const today = this.today;
    const rows = [];
    for (let i = 0; i < cells.length; i += 7) rows.push(cells.slice(i, i + 7));
    const short = weekdayNames('short');
    const long = weekdayNames('long');
    replace(this.grid, h('table', { class: 'month-grid' },
      h('thead', {}, h('tr', {}, short.map((name, i) => h('th', { scope: 'col', abbr: long[i] }, name)))),
      h('tbody', {}, rows.map((row) => h('tr', {}, row.map((day) => {
        if (!day) return h('td', {});
        const count = days.has(day) ? days.get(day).length : 0;
        const label = Number(day.slice(8));
        if (!count || this.loading) {
          return h('td', {}, h('span', { class: ['day-off', day === today ? 'is-today' : null] }, label));
        }
        return h('td', {}, h('button', {
          type: 'button', class: ['day-button', day === today ? 'is-today' : null], 'data-day': day,
          'aria-pressed': String(day === this.day),
          'aria-label': `${dayTitle(day)}, ${tn('book.timesCount', count)}`,
        }, label));
      }))))));
  }

  _drawTimes(days) {
    if (this.loading) {
      replace(this.times, loadingStatus());
      return;
    }
    if (this.error) {
      replace(this.times, errorAlert(this.error));
      return;
    }
    if (!this.day) {
      const anyLater = this.month < shiftMonth(monthOf(this.today), MONTHS_AHEAD);
      replace(this.times, h('div', { class: 'times-empty' },
        h('p', { class: 'muted' }, t('book.noTimesMonth')),
        anyLater ? h('button', { type: 'button', class: 'button button-small', 'data-action': 'next-month-empty' }, t('book.nextMonth')) : null));
      const more = qs('[data-action=next-month-empty]', this.times);
      if (more) more.addEventListener('click', () => this.showMonth(shiftMonth(this.month, 1), EMPTY_MONTHS_SKIPPED));
      return;
    }
    const slots = days.get(this.day) || [];
    replace(this.times,
      h('h3', { class: 'times-title' }, dayTitle(this.day)),
      h('ul', { class: 'time-list' }, slots.map((slot) => {
        const isCurrent = this.current && slot.start === this.current;
        return h('li', {}, h('button', {
          type: 'button', class: 'time-button', 'data-start': isCurrent ? null : slot.start, disabled: Boolean(isCurrent),
          'aria-label': isCurrent ? t('booking.currentTime', { time: timeIn(slot.start, this.tz) }) : null,
        }, timeIn(slot.start, this.tz), isCurrent ? h('span', { class: 'time-current', 'aria-hidden': 'true' }, t('booking.currentTag')) : null));
      })));
  }
}
