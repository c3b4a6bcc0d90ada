/**
 * The public booking page (`#/book/<token>`, no sign-in, no app chrome): what
 * the meeting is and with whom, then a day and a time in the customer's own
 * zone, then their name, email and the link's questions (its footer text
 * under the form), then the confirmation the link's owner wrote. A time taken
 * meanwhile (409) says so and shows the fresh times.
 */
import { h, qs, replace } from '../dom.js';
import { api } from '../api.js';
import { t, getLanguage } from '../i18n.js';
import { icon, logo } from '../icons.js';
import {
  inputField, selectField, notice, submitButton, showError, setBusy, errorMessage, refusal, uid,
} from '../forms.js';
import { SlotPicker } from './slot-picker.js';
import { loadingStatus } from './frame.js';
import {
  browserZone, durationText, whenIn, timeIn, zoneName,
} from '../booking-links.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_ANSWER = 2000;
const MAX_PHONE = 40; // the API's limit

/** The API's details for a booking, with each answer's under the name of its field (answer_<id>). */
export function bookingDetails(error) {
  const details = { ...((error && error.details) || {}) };
  const answers = details.answers;
  delete details.answers;
  if (answers && typeof answers === 'object') {
    for (const [id, message] of Object.entries(answers)) details[`answer_${id}`] = message;
  }
  return { ...error, status: error && error.status, message: error && error.message, details };
}

/** What the meeting is: its title, host, length, place and the zone times are shown in. */
export function meetingFacts(link, tz) {
  return h('div', { class: 'booking-about' },
    h('p', { class: 'booking-host' }, h('span', { class: 'avatar', 'aria-hidden': 'true' }, initial(link.host_name)),
      h('span', { dir: 'auto' }, link.host_name || '')),
    h('h1', { class: 'booking-title', id: 'booking-title', tabindex: '-1', dir: 'auto' }, link.title),
    h('ul', { class: 'booking-facts' },
      h('li', {}, icon('timer'), durationText(link.duration_min)),
      link.location ? h('li', { dir: 'auto' }, icon('place'), link.location) : null,
      tz ? h('li', { class: 'booking-zone' }, icon('globe'), t('book.zoneFact', { zone: zoneName(tz) })) : null));
}

function initial(name) {
  return (Array.from(String(name || '').trim())[0] || '?').toUpperCase();
}

function questionField(question) {
  const name = `answer_${question.id}`;
  const label = question.required ? question.label : t('book.optional', { label: question.label });
  if (question.type === 'choice') {
    return selectField(label, { name, required: question.required },
      [{ value: '', label: t('book.choose') }].concat((question.options || []).map((o) => ({ value: o, label: o }))), '');
  }
  const id = uid(`f-${name}`);
  return h('div', { class: 'field' },
    h('label', { for: id, class: 'field-label', dir: 'auto' }, label),
    h('textarea', { id, name, rows: 3, maxlength: MAX_ANSWER, dir: 'auto', required: question.required, 'aria-describedby': `${id}-error` }),
    h('p', { class: 'field-error', id: `${id}-error`, hidden: true }));
}

/** The line above a page its owner previews: what customers see, and that a booking made there is real. */
export function previewBar() {
  return h('p', { class: 'preview-bar', role: 'note' }, icon('external'),
    h('span', {}, h('strong', {}, t('book.previewTitle')), ' ', t('book.previewText')));
}

export class BookingPageView {
  constructor({ preview = false } = {}) {
    this.el = h('main', { id: 'main', class: 'booking', tabindex: '-1' });
    this.about = h('div', { class: 'booking-side' });
    this.step = h('div', { class: 'booking-step' });
    this.preview = preview ? previewBar() : null;
  }

  render(command, data) {
    const commands = {
      loading: () => replace(this.el, h('div', { class: 'booking-card booking-card-narrow' }, loadingStatus())),
      gone: () => this._renderGone(data),
      frame: () => replace(this.el, this.preview, h('div', { class: 'booking-card' }, this.about, this.step), poweredBy()),
      about: () => replace(this.about, meetingFacts(data.link, data.tz)),
      pick: () => this._renderPick(data),
      form: () => this._renderForm(data),
      busy: () => setBusy(this.form, data, t('book.booking')),
      error: () => showError(this.form, data),
      done: () => this._renderDone(data),
    };
    commands[command]();
  }

  _renderGone(error) {
    const gone = !error || error.status === 404;
    replace(this.el, h('div', { class: 'booking-card booking-card-narrow booking-gone' },
      h('div', { class: 'empty-icon' }, icon('scheduler')),
      h('h1', { class: 'booking-title', tabindex: '-1' }, gone ? t('book.goneTitle') : t('book.errorTitle')),
      h('p', { class: 'muted' }, gone ? t('book.goneText') : errorMessage(error))), poweredBy());
  }

  _renderPick(picker) {
    replace(this.step, h('h2', { class: 'step-title', tabindex: '-1' }, t('book.pickTitle')), picker.el);
  }

  _renderForm({ link, slot, tz, onBack }) {
    this.form = h('form', { class: 'form booking-form', novalidate: true },
      inputField(t('book.name'), { name: 'name', autocomplete: 'name', required: true, maxlength: 200, dir: 'auto' }),
      inputField(t('book.email'), { name: 'email', type: 'email', autocomplete: 'email', required: true, maxlength: 254 },
        t('book.emailHint')),
      inputField(t('book.optional', { label: t('book.phone') }), {
        name: 'phone', type: 'tel', autocomplete: 'tel', inputmode: 'tel', maxlength: MAX_PHONE, dir: 'ltr',
      }),
      (link.questions || []).map(questionField),
      notice(),
      submitButton(t('book.submit'), 'button-block'));
    const back = h('button', { type: 'button', class: 'back-link link-back', 'data-action': 'back' }, icon('back'), t('book.back'));
    back.addEventListener('click', onBack);
    replace(this.step,
      back,
      h('h2', { class: 'step-title', tabindex: '-1' }, t('book.formTitle')),
      h('p', { class: 'booking-chosen' }, icon('calendar'),
        h('span', {}, h('strong', {}, whenIn(slot.start, tz)), ' – ', timeIn(slot.end, tz),
          h('span', { class: 'muted' }, ` (${zoneName(tz)})`))),
      this.form,
      link.footer ? h('div', { class: 'booking-footer pre-line', dir: 'auto' }, link.footer) : null);
    qs('input[name=name]', this.form).focus();
  }

  _renderDone({ link, booking, tz, email }) {
    replace(this.step, h('div', { class: 'booking-done' },
      h('div', { class: 'done-icon' }, icon('booked')),
      h('h2', { class: 'step-title', tabindex: '-1' }, t('book.doneTitle')),
      h('p', { class: 'booking-chosen' }, icon('calendar'),
        h('span', {}, h('strong', {}, whenIn(booking.start, tz)), ' – ', timeIn(booking.end, tz),
          h('span', { class: 'muted' }, ` (${zoneName(tz)})`))),
      h('p', {}, t('book.doneWith', { host: link.host_name || '' })),
      link.confirmation ? h('div', { class: 'booking-confirmation pre-line', dir: 'auto' }, link.confirmation) : null,
      h('p', { class: 'muted' }, t('book.doneMail', { email })),
      h('a', { class: 'button', href: `#/booking/${encodeURIComponent(booking.booking_token)}` }, t('book.manage'))));
    qs('.step-title', this.step).focus();
  }
}

/** The product's quiet mark under a public page. */
export function poweredBy() {
  return h('p', { class: 'booking-powered' }, logo(), t('book.poweredBy'));
}

function problems(form, questions) {
  const value = (name) => form.elements.namedItem(name).value.trim();
  const details = {};
  if (!value('name')) details.name = t('errors.required');
  if (!value('email')) details.email = t('errors.required');
  else if (!EMAIL.test(value('email'))) details.email = t('book.emailInvalid');
  for (const question of questions) {
    if (question.required && !value(`answer_${question.id}`)) details[`answer_${question.id}`] = t('errors.required');
  }
  return refusal(details);
}

/** Mounts the booking page of the link whose public token is `token` (`?preview=1`: as its owner previews it). */
export function mountBookingPage(app, token, params) {
  const view = new BookingPageView({ preview: Boolean(params && params.get('preview')) });
  const base = `/public/scheduler/${encodeURIComponent(token)}`;
  let link = null;
  let shown = false;
  view.render('loading');

  const picker = new SlotPicker({
    tz: browserZone(),
    load: async (from, to) => {
      const data = await api.get(`${base}?from=${from}&to=${to}&tz=${encodeURIComponent(picker.tz)}`, { public: true });
      link = data.link;
      if (!shown) {
        shown = true;
        document.title = t('book.pageTitle', { title: link.title, host: link.host_name || '' });
        view.render('frame');
        view.render('pick', picker);
      }
      view.render('about', { link, tz: picker.tz });
      return data;
    },
    onPick: (slot, tz) => showForm(slot, tz),
  });
  picker.onZone = (tz) => { if (link) view.render('about', { link, tz }); };

  function backToTimes(message) {
    view.render('pick', picker);
    if (message) picker.refresh(message);
    qs('.step-title', view.step).focus();
  }

  function showForm(slot, tz) {
    picker.say(null);
    view.render('form', { link, slot, tz, onBack: () => backToTimes() });
    view.form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const refused = problems(view.form, link.questions || []);
      if (refused) {
        view.render('error', refused);
        return;
      }
      const read = (name) => view.form.elements.namedItem(name).value.trim();
      const answers = {};
      for (const question of link.questions || []) {
        if (read(`answer_${question.id}`)) answers[question.id] = read(`answer_${question.id}`);
      }
      const email = read('email');
      view.render('busy', true);
      try {
        const booking = await api.post(`${base}/bookings`, {
          start: slot.start, name: read('name'), email, phone: read('phone') || undefined, timezone: tz, language: getLanguage(), answers,
        }, { public: true });
        view.render('done', { link, booking, tz, email });
      } catch (error) {
        view.render('busy', false);
        if (error.status === 404) view.render('gone', error);
        else if (error.status === 409 || (error.details && error.details.start)) {
          backToTimes(h('p', { class: 'alert alert-error', role: 'alert' }, error.status === 409 ? t('book.taken') : t('book.notOffered')));
        } else view.render('error', bookingDetails(error));
      }
    });
  }

  picker.start().then(() => {
    if (!shown) view.render('gone', picker.error);
  });
  return view;
}
