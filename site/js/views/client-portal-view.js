/**
 * What the client sees of their portal (`#/portal/<token>`), drawn for a
 * phone first: the welcome from their coach, the package of sessions (used,
 * booked, left) with the upcoming and past ones and a way to book the next,
 * the goals to tick, the notes and files shared with them, and a place to
 * send files. Also the screen asking for the emailed code, and the one
 * saying the link no longer works (the same whatever the reason).
 */
import { h, qs, replace, delegate, itemId } from '../dom.js';
import { t, tn } from '../i18n.js';
import { icon, logo } from '../icons.js';
import {
  inputField, notice, submitButton, showError, setBusy, errorMessage, successAlert, errorAlert,
} from '../forms.js';
import { formatDate } from '../format.js';
import { richText } from '../richtext.js';
import { whenIn, timeIn, zoneName, durationText } from '../booking-links.js';
import { fileSize, typeLabel } from '../uploads.js';
import { loadingStatus } from './frame.js';
import { UploadZone } from './upload-zone.js';

function section(name, iconName, title, ...children) {
  return h('section', { class: ['card', 'portal-section', `portal-${name}`], 'aria-labelledby': `portal-${name}-title` },
    h('h2', { class: 'portal-section-title', id: `portal-${name}-title` }, icon(iconName), title),
    children);
}

function footer() {
  return h('p', { class: 'booking-powered' }, logo(), t('clientPortal.poweredBy'));
}

function sessionItem(session, tz) {
  return h('li', { class: ['portal-session', session.done ? 'is-done' : null] },
    icon(session.done ? 'booked' : 'calendar'),
    h('span', {}, h('strong', {}, whenIn(session.start, tz)),
      session.duration_min ? h('span', { class: 'muted' }, ` · ${durationText(session.duration_min)}`) : null),
    session.done ? h('span', { class: 'status status-done' }, t('clientPortal.sessionDone')) : null);
}

export class ClientPortalView {
  constructor() {
    this.el = h('main', { id: 'main', class: 'booking client-portal', tabindex: '-1' });
    this.notice = h('div', { class: 'form-notice portal-notice', 'aria-live': 'polite' });
  }

  render(command, data) {
    const commands = {
      loading: () => replace(this.el, h('div', { class: 'booking-card booking-card-narrow' }, loadingStatus())),
      invalid: () => this._renderInvalid(),
      failed: () => this._renderFailed(data),
      code: () => this._renderCode(data),
      codeSent: () => this._renderCodeSent(data),
      codeBusy: () => setBusy(this.codeForm, data),
      codeError: () => showError(this.codeForm, data),
      page: () => this._renderPage(data),
      notice: () => replace(this.notice, data || null),
      success: () => replace(this.notice, successAlert(data)),
      error: () => replace(this.notice, errorAlert(data)),
      booking: () => this._renderBooking(data),
      item: () => this._renderItem(data),
    };
    commands[command]();
  }

  bind(event, handler) {
    if (event === 'tick') {
      delegate(this.el, '[data-action=tick]', 'change', (e, box) => handler(itemId(box), box.checked, box));
    } else if (event === 'sendCode') {
      delegate(this.el, '[data-action=send-code]', 'click', () => handler());
    } else if (event === 'openCode') {
      this.el.addEventListener('submit', (e) => {
        if (!e.target.classList.contains('portal-code-form')) return;
        e.preventDefault();
        handler(e.target.elements.namedItem('code').value.trim());
      });
    } else if (event === 'startBooking') {
      delegate(this.el, '[data-action=start-booking]', 'click', () => handler());
    } else if (event === 'cancelBooking') {
      delegate(this.el, '[data-action=cancel-booking]', 'click', () => handler());
    } else if (event === 'confirmBooking') {
      delegate(this.el, '[data-action=confirm-booking]', 'click', (e, button) => handler(button));
    } else if (event === 'files') {
      this.onFiles = handler;
    }
  }

  _renderInvalid() {
    replace(this.el, h('div', { class: 'booking-card booking-card-narrow booking-gone portal-invalid' },
      h('div', { class: 'empty-icon' }, icon('lock')),
      h('h1', { class: 'booking-title', tabindex: '-1' }, t('clientPortal.invalidTitle')),
      h('p', { class: 'muted' }, t('clientPortal.invalidText'))), footer());
  }

  _renderFailed(error) {
    replace(this.el, h('div', { class: 'booking-card booking-card-narrow booking-gone' },
      h('div', { class: 'empty-icon' }, icon('warning')),
      h('h1', { class: 'booking-title', tabindex: '-1' }, t('book.errorTitle')),
      h('p', { class: 'muted' }, errorMessage(error)),
      h('button', { type: 'button', class: 'button', 'data-action': 'retry' }, t('errors.reload'))), footer());
    qs('[data-action=retry]', this.el).addEventListener('click', () => window.location.reload());
  }

  _renderCode({ sentTo } = {}) {
    this.codeForm = h('form', { class: 'form portal-code-form', novalidate: true, hidden: !sentTo },
      inputField(t('clientPortal.codeLabel'), {
        name: 'code', inputmode: 'numeric', autocomplete: 'one-time-code', maxlength: 12, required: true, class: 'code-input',
      }, sentTo ? t('clientPortal.codeSentTo', { email: sentTo }) : null),
      notice(),
      submitButton(t('clientPortal.codeSubmit'), 'button-block'));
    this.codeStep = h('div', { class: 'portal-code-step' },
      h('button', { type: 'button', class: ['button', sentTo ? null : 'button-primary', 'button-block'], 'data-action': 'send-code' },
        icon('key'), t(sentTo ? 'clientPortal.codeAgain' : 'clientPortal.codeSend')));
    replace(this.el, h('div', { class: 'booking-card booking-card-narrow portal-code' },
      h('div', { class: 'empty-icon' }, icon('lock')),
      h('h1', { class: 'booking-title', tabindex: '-1' }, t('clientPortal.codeTitle')),
      h('p', { class: 'muted' }, t('clientPortal.codeText')),
      this.notice,
      this.codeForm,
      this.codeStep), footer());
  }

  _renderCodeSent({ sentTo }) {
    this._renderCode({ sentTo });
    qs('input[name=code]', this.codeForm).focus();
  }

  _renderPage(data) {
    const { portal, tz } = data;
    const parts = [];
    parts.push(h('header', { class: 'portal-head' },
      h('p', { class: 'booking-host' }, h('span', { class: 'avatar', 'aria-hidden': 'true' }, (Array.from((portal.coach && portal.coach.name) || '?')[0] || '?').toUpperCase()),
        h('span', { dir: 'auto' }, t('clientPortal.with', { coach: (portal.coach && portal.coach.name) || '' }))),
      h('h1', { class: 'booking-title portal-title', id: 'portal-title', tabindex: '-1', dir: 'auto' }, portal.title),
      portal.welcome ? h('div', { class: 'portal-welcome pre-line', dir: 'auto' }, portal.welcome) : null));
    parts.push(this.notice);
    if (portal.package || portal.booking) parts.push(this._sessions(portal, tz));
    if (portal.checklist) parts.push(this._checklist(portal.checklist));
    if (portal.notes) parts.push(this._notes(portal.notes));
    if (portal.files || portal.can_upload) parts.push(this._files(portal));
    replace(this.el, h('div', { class: 'portal-page' }, parts), footer());
  }

  _sessions(portal, tz) {
    const pack = portal.package;
    const sessions = portal.sessions || { upcoming: [], past: [] };
    this.bookingSlot = h('div', { class: 'portal-booking' });
    const meter = pack && pack.total ? h('div', { class: 'portal-package' },
      h('p', { class: 'portal-package-count' },
        h('strong', {}, tn('clientPortal.remaining', pack.remaining)), ' ',
        h('span', { class: 'muted' }, t('clientPortal.ofPackage', { total: pack.total }))),
      h('div', { class: 'package-meter', role: 'img', 'aria-label': t('clientPortal.meter', { used: pack.used, booked: pack.booked, total: pack.total }) },
        Array.from({ length: pack.total }, (_, i) => h('span', {
          class: ['package-seat', i < pack.used ? 'is-used' : i < pack.used + pack.booked ? 'is-booked' : null],
        }))),
      h('p', { class: 'package-legend muted' },
        h('span', { class: 'legend used' }, tn('clientPortal.used', pack.used)),
        h('span', { class: 'legend booked' }, tn('clientPortal.booked', pack.booked)))) : null;
    const booking = portal.booking;
    const bookButton = booking && booking.available
      ? h('button', { type: 'button', class: 'button button-primary button-block-phone', 'data-action': 'start-booking' }, icon('calendar'), t('clientPortal.book'))
      : null;
    const usedUp = booking && !booking.available
      ? h('p', { class: 'alert alert-info', role: 'status' }, t('clientPortal.usedUp')) : null;
    return section('sessions', 'calendar', t('clientPortal.sessions'),
      meter,
      h('h3', { class: 'portal-subtitle' }, t('clientPortal.upcoming')),
      sessions.upcoming.length
        ? h('ul', { class: 'portal-session-list' }, sessions.upcoming.map((s) => sessionItem(s, tz)))
        : h('p', { class: 'muted' }, t('clientPortal.noUpcoming')),
      usedUp, bookButton, this.bookingSlot,
      sessions.past.length ? [
        h('h3', { class: 'portal-subtitle' }, t('clientPortal.past')),
        h('ul', { class: 'portal-session-list is-past' }, sessions.past.map((s) => sessionItem(s, tz)))] : null);
  }

  /** The booking step: null (closed), {picker} (choose a time), {slot, tz} (confirm it). */
  _renderBooking(step) {
    const button = qs('[data-action=start-booking]', this.el);
    if (button) button.hidden = Boolean(step);
    if (!step) {
      replace(this.bookingSlot);
      return;
    }
    if (step.picker) {
      replace(this.bookingSlot,
        h('div', { class: 'portal-booking-head' },
          h('h3', { class: 'portal-subtitle', tabindex: '-1' }, t('clientPortal.pickTitle')),
          h('button', { type: 'button', class: 'button button-small', 'data-action': 'cancel-booking' }, t('dialog.cancel'))),
        step.picker.el);
      qs('.portal-subtitle', this.bookingSlot).focus();
      return;
    }
    const { slot, tz } = step;
    replace(this.bookingSlot, h('div', { class: 'portal-confirm' },
      h('h3', { class: 'portal-subtitle', tabindex: '-1' }, t('clientPortal.confirmTitle')),
      h('p', { class: 'booking-chosen' }, icon('calendar'),
        h('span', {}, h('strong', {}, whenIn(slot.start, tz)), ' – ', timeIn(slot.end, tz),
          h('span', { class: 'muted' }, ` (${zoneName(tz)})`))),
      h('div', { class: 'booking-actions' },
        h('button', { type: 'button', class: 'button button-primary', 'data-action': 'confirm-booking', 'data-label': t('clientPortal.confirm') }, t('clientPortal.confirm')),
        h('button', { type: 'button', class: 'button', 'data-action': 'start-booking-again' }, t('book.back')))));
    qs('[data-action=start-booking-again]', this.bookingSlot).addEventListener('click', () => step.onBack());
    qs('.portal-subtitle', this.bookingSlot).focus();
  }

  _checklist(items) {
    return section('checklist', 'activities', t('clientPortal.checklist'),
      items.length
        ? h('ul', { class: 'portal-checklist-list' }, items.map((item) => this._checkItem(item)))
        : h('p', { class: 'muted' }, t('clientPortal.noGoals')));
  }

  _checkItem(item) {
    return h('li', { class: ['portal-goal', item.done ? 'is-done' : null], 'data-id': item.id },
      h('label', { class: 'check' },
        h('input', { type: 'checkbox', 'data-action': 'tick', checked: Boolean(item.done) }),
        h('span', { dir: 'auto' }, item.text)),
      item.done && item.done_at ? h('span', { class: 'muted portal-goal-when' }, t('clientPortal.doneOn', { date: formatDate(item.done_at) })) : null);
  }

  _renderItem(item) {
    const row = qs(`.portal-goal[data-id="${CSS.escape(item.id)}"]`, this.el);
    if (!row) return;
    const fresh = this._checkItem(item);
    row.replaceWith(fresh);
    qs('input', fresh).focus();
  }

  _notes(notes) {
    return section('notes', 'note', t('clientPortal.notes'),
      notes.length
        ? h('ul', { class: 'portal-note-list' }, notes.map((note) => h('li', { class: 'portal-note' },
          h('p', { class: 'muted portal-note-when' }, formatDate(note.at)),
          richText(note.content))))
        : h('p', { class: 'muted' }, t('clientPortal.noNotes')));
  }

  _files(portal) {
    const files = portal.files || [];
    let zone = null;
    if (portal.can_upload) {
      zone = new UploadZone({ label: t('clientPortal.sendFiles'), text: t('files.dropHere') });
      zone.onFiles((chosen) => this.onFiles && this.onFiles(chosen, zone));
    }
    return section('files', 'file', t('clientPortal.files'),
      files.length
        ? h('ul', { class: 'portal-file-list' }, files.map((file) => h('li', { class: 'portal-file' },
          icon('file'),
          h('div', { class: 'portal-file-text' },
            h('a', { href: file.download_url, download: file.name, class: 'portal-file-name', dir: 'auto' }, file.name),
            h('span', { class: 'muted' }, `${fileSize(file.size)} · ${typeLabel(file.type)} · `,
              file.from_client ? t('clientPortal.fromYou') : t('clientPortal.fromCoach'), ` · ${formatDate(file.at)}`)),
          h('a', {
            href: file.download_url, download: file.name, class: 'icon-button', 'aria-label': t('files.downloadOf', { name: file.name }),
          }, icon('download')))))
        : h('p', { class: 'muted' }, t('clientPortal.noFiles')),
      zone ? [h('h3', { class: 'portal-subtitle' }, t('clientPortal.sendTitle')), zone.el] : null);
  }
}
