/**
 * The customer's own page of a booking (`#/booking/<booking_token>`, from the
 * invite email, no sign-in): when and with whom, and — until the link's
 * cutoff — cancel it or move it to another free time of the same link.
 */
import { h, qs, replace } from '../dom.js';
import { api } from '../api.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { errorMessage, errorAlert, successAlert } from '../forms.js';
import { choose } from '../dialog.js';
import { SlotPicker } from './slot-picker.js';
import { loadingStatus } from './frame.js';
import { meetingFacts, poweredBy } from './booking-page.js';
import {
  browserZone, whenIn, timeIn, zoneName,
} from '../booking-links.js';

export class CustomerBookingView {
  constructor() {
    this.el = h('main', { id: 'main', class: 'booking', tabindex: '-1' });
    this.about = h('div', { class: 'booking-side' });
    this.step = h('div', { class: 'booking-step' });
    this.notice = h('div', { class: 'form-notice', 'aria-live': 'polite' });
  }

  render(command, data) {
    const commands = {
      loading: () => replace(this.el, h('div', { class: 'booking-card booking-card-narrow' }, loadingStatus())),
      gone: () => this._renderGone(data),
      booking: () => this._renderBooking(data),
      moving: () => this._renderMoving(data),
      notice: () => replace(this.notice, data),
      busy: () => {
        for (const button of this.step.querySelectorAll('.booking-actions .button')) button.disabled = data;
      },
    };
    commands[command]();
  }

  bind(event, handler) {
    const actions = { cancel: 'cancel-booking', move: 'move-booking', keep: 'keep-time' };
    this.el.addEventListener('click', (e) => {
      if (e.target.closest(`[data-action="${actions[event]}"]`)) handler();
    });
  }

  _renderGone(error) {
    const gone = !error || error.status === 404;
    replace(this.el, h('div', { class: 'booking-card booking-card-narrow booking-gone' },
      h('div', { class: 'empty-icon' }, icon('scheduler')),
      h('h1', { class: 'booking-title', tabindex: '-1' }, gone ? t('booking.goneTitle') : t('book.errorTitle')),
      h('p', { class: 'muted' }, gone ? t('booking.goneText') : errorMessage(error))), poweredBy());
  }

  _frame(booking, tz) {
    replace(this.about, meetingFacts(booking.link, tz));
    if (!this.about.isConnected) replace(this.el, h('div', { class: 'booking-card' }, this.about, this.step), poweredBy());
  }

  _renderBooking({ booking, tz }) {
    this._frame(booking, tz);
    const cancelled = booking.status !== 'booked';
    const canChange = booking.can_cancel || booking.can_reschedule;
    replace(this.step,
      h('div', { class: 'booking-state' },
        h('span', { class: ['status', cancelled ? 'status-cancelled' : 'status-booked'] }, t(cancelled ? 'booking.cancelled' : 'booking.booked')),
        h('h2', { class: 'step-title', tabindex: '-1' }, t(cancelled ? 'booking.cancelledTitle' : 'booking.title'))),
      this.notice,
      h('p', { class: ['booking-chosen', cancelled ? 'is-cancelled' : null] }, icon('calendar'),
        h('span', {}, h('strong', {}, whenIn(booking.start, tz)), ' – ', timeIn(booking.end, tz),
          h('span', { class: 'muted' }, ` (${zoneName(tz)})`))),
      cancelled ? null : h('p', {}, t('book.doneWith', { host: booking.link.host_name || '' })),
      !cancelled && booking.link.confirmation ? h('div', { class: 'booking-confirmation pre-line', dir: 'auto' }, booking.link.confirmation) : null,
      cancelled ? h('p', { class: 'muted' }, t('booking.cancelledText', { host: booking.link.host_name || '' })) : null,
      !cancelled && canChange ? h('div', { class: 'booking-actions' },
        booking.can_reschedule ? h('button', { type: 'button', class: 'button button-primary', 'data-action': 'move-booking' }, icon('calendar'), t('booking.move')) : null,
        booking.can_cancel ? h('button', { type: 'button', class: 'button button-danger-outline', 'data-action': 'cancel-booking' }, t('booking.cancel')) : null) : null,
      !cancelled && booking.can_reschedule ? h('p', { class: 'muted booking-rule' }, tn('booking.movesLeft', booking.reschedules_left)) : null,
      !cancelled && canChange && booking.cancel_cutoff_hours ? h('p', { class: 'muted booking-rule' }, tn('booking.cutoff', booking.cancel_cutoff_hours)) : null,
      !cancelled && !canChange ? h('p', { class: 'alert alert-info' }, t('booking.tooLate', { host: booking.link.host_name || '' })) : null);
  }

  _renderMoving({ booking, picker }) {
    replace(this.step,
      h('button', { type: 'button', class: 'back-link link-back', 'data-action': 'keep-time' }, icon('back'), t('booking.keep')),
      h('h2', { class: 'step-title', tabindex: '-1' }, t('booking.moveTitle')),
      this.notice,
      picker.el);
    qs('.step-title', this.step).focus();
  }
}

/** An alert for a refused change, in the customer's words (a 409 here is a rule, not a stale version). */
function refusedAlert(error) {
  if (error && error.status === 409) {
    return h('p', { class: 'alert alert-error', role: 'alert' }, t(error.code === 'too_late' ? 'booking.tooLateNow' : 'booking.changedMeanwhile'));
  }
  return errorAlert(error);
}

/** Mounts the page of the booking whose customer token is `token`. */
export function mountCustomerBooking(app, token) {
  const view = new CustomerBookingView();
  const base = `/public/bookings/${encodeURIComponent(token)}`;
  let booking = null;
  let tz = browserZone();
  let picker = null;
  view.render('loading');

  async function load(message) {
    try {
      booking = await api.get(base, { public: true });
    } catch (error) {
      view.render('gone', error);
      return;
    }
    tz = (picker && picker.tz) || booking.customer.timezone || tz;
    document.title = t('book.pageTitle', { title: booking.link.title, host: booking.link.host_name || '' });
    view.render('booking', { booking, tz });
    view.render('notice', message || null);
    if (message) qs('.step-title', view.step).focus();
  }

  view.bind('cancel', async () => {
    const sure = await choose({
      title: t('booking.cancelTitle'),
      message: t('booking.cancelText', { when: whenIn(booking.start, tz), host: booking.link.host_name || '' }),
      choices: [{ value: 'cancel', label: t('booking.cancelYes'), kind: 'danger' }, { value: null, label: t('booking.cancelNo') }],
    });
    if (sure !== 'cancel') return;
    view.render('busy', true);
    try {
      await api.del(base, { public: true });
      await load(successAlert(t('booking.cancelDone')));
    } catch (error) {
      view.render('busy', false);
      view.render('notice', refusedAlert(error));
    }
  });

  view.bind('move', () => {
    picker = new SlotPicker({
      tz,
      current: booking.start,
      load: (from, to) => api.get(`${base}/slots?from=${from}&to=${to}`, { public: true }),
      onPick: async (slot, zone) => {
        view.render('notice', null);
        picker.el.setAttribute('aria-busy', 'true');
        try {
          const moved = await api.post(`${base}/reschedule`, { start: slot.start }, { public: true });
          tz = zone;
          await load(successAlert(t('booking.moveDone', { when: whenIn(moved.start, zone) })));
        } catch (error) {
          picker.el.setAttribute('aria-busy', 'false');
          if (error.status === 409 && error.code === 'slot_taken') picker.refresh(h('p', { class: 'alert alert-error', role: 'alert' }, t('book.taken')));
          else view.render('notice', refusedAlert(error));
        }
      },
    });
    view.render('moving', { booking, picker });
    picker.start();
  });

  view.bind('keep', () => {
    if (picker) tz = picker.tz;
    picker = null;
    view.render('booking', { booking, tz });
  });

  load();
  return view;
}
