/**
 * The client's portal (`#/portal/<token>`, no account, no app chrome): read
 * with the token alone, or first with an emailed one-time code when the
 * coach asked for one (the session it opens is kept for this tab). Ticking
 * a goal, booking a session from the package and sending a file each go
 * through the portal's public endpoints, and the coach sees them on the
 * deal's timeline. Any token that opens nothing shows one and the same page.
 */
import { h } from '../dom.js';
import { api } from '../api.js';
import { t, getLanguage } from '../i18n.js';
import { errorMessage } from '../forms.js';
import { browserZone } from '../booking-links.js';
import { sendFile, uploadRefusal } from '../uploads.js';
import { SlotPicker } from './slot-picker.js';
import { ClientPortalView } from './client-portal-view.js';
import { sendAll } from './upload-zone.js';

const SESSION_KEY = 'crm-portal-session:';

function readSession(token) {
  try {
    return sessionStorage.getItem(SESSION_KEY + token);
  } catch {
    return null; // storage refused (a private window): the code is asked again on reload
  }
}

function keepSession(token, session) {
  try {
    if (session) sessionStorage.setItem(SESSION_KEY + token, session);
    else sessionStorage.removeItem(SESSION_KEY + token);
  } catch {
    // as above
  }
}

/** Mounts the portal page of `token`. */
export function mountClientPortal(app, token) {
  const view = new ClientPortalView();
  const base = `/public/portal/${encodeURIComponent(token)}`;
  const tz = browserZone();
  const s = { session: readSession(token), portal: null, picker: null, chosen: null };
  const options = () => ({ public: true, headers: s.session ? { 'X-Portal-Session': s.session } : {} });
  const call = (method, path, body) => (method === 'GET' ? api.get(`${base}${path}`, options()) : api.post(`${base}${path}`, body, options()));

  /** Whatever refuses the token itself: the code screen, or the one invalid page. */
  function refused(error) {
    if (error.status === 404) {
      keepSession(token, null);
      view.render('invalid');
      document.title = t('clientPortal.invalidTitle');
      return true;
    }
    if (error.status === 403 && error.code === 'code_required') {
      keepSession(token, null);
      s.session = null;
      view.render('code');
      document.title = t('clientPortal.codeTitle');
      return true;
    }
    return false;
  }

  async function load({ focus = true } = {}) {
    try {
      s.portal = await call('GET', '');
    } catch (error) {
      if (!refused(error)) view.render('failed', error);
      return;
    }
    view.render('page', { portal: s.portal, tz });
    document.title = t('clientPortal.pageTitle', { title: s.portal.title });
    if (focus) view.el.querySelector('#portal-title').focus();
  }

  view.bind('sendCode', async () => {
    try {
      const sent = await call('POST', '/code', {});
      view.render('codeSent', { sentTo: sent.sent_to });
    } catch (error) {
      if (!refused(error) || error.status === 403) view.render('error', error);
    }
  });
  view.bind('openCode', async (code) => {
    if (!code) {
      view.render('codeError', { status: 400, details: { code: t('errors.required') } });
      return;
    }
    view.render('codeBusy', true);
    try {
      const opened = await call('POST', '/session', { code });
      s.session = opened.session;
      keepSession(token, s.session);
      await load();
    } catch (error) {
      view.render('codeBusy', false);
      if (error.status === 404) refused(error);
      else view.render('codeError', error.code === 'bad_code' ? { status: 400, details: { code: t('clientPortal.badCode') } } : error);
    }
  });

  view.bind('tick', async (itemId, done, box) => {
    box.disabled = true;
    try {
      const item = await call('POST', `/checklist/${encodeURIComponent(itemId)}`, { done });
      view.render('item', item);
      view.render('success', t(done ? 'clientPortal.ticked' : 'clientPortal.unticked', { text: item.text }));
    } catch (error) {
      box.checked = !done;
      box.disabled = false;
      if (!refused(error)) view.render('error', error);
    }
  });

  function pickTimes() {
    s.picker = s.picker || new SlotPicker({
      tz,
      load: (from, to) => call('GET', `/slots?from=${from}&to=${to}`),
      onPick: (slot, zone) => {
        s.chosen = { start: slot.start, tz: zone };
        view.render('booking', { slot, tz: zone, onBack: () => pickTimes() });
      },
    });
    view.render('booking', { picker: s.picker });
    s.picker.start();
  }

  view.bind('startBooking', () => pickTimes());
  view.bind('cancelBooking', () => view.render('booking', null));
  view.bind('confirmBooking', async (button) => {
    const start = s.chosen;
    button.disabled = true;
    button.textContent = t('book.booking');
    try {
      await call('POST', '/bookings', { start: start.start, timezone: start.tz, language: getLanguage() });
      s.picker = null;
      await load({ focus: false });
      view.render('success', t('clientPortal.bookedDone'));
      view.el.querySelector('.portal-notice').scrollIntoView({ block: 'center' });
    } catch (error) {
      if (refused(error)) return;
      button.disabled = false;
      button.textContent = button.dataset.label;
      if (error.code === 'package_used_up') {
        await load({ focus: false });
        view.render('notice', h('p', { class: 'alert alert-error', role: 'alert' }, t('clientPortal.usedUp')));
      } else if (error.status === 409 || (error.details && error.details.start)) {
        pickTimes();
        s.picker.refresh(h('p', { class: 'alert alert-error', role: 'alert' }, error.status === 409 ? t('book.taken') : t('book.notOffered')));
      } else {
        view.render('error', error);
      }
    }
  });
  view.bind('files', async (files, zone) => {
    const outcome = await sendAll(zone, files, {
      send: (file, onProgress) => sendFile(file, {
        declare: (body) => call('POST', '/files', body),
        confirm: (id) => call('POST', `/files/${encodeURIComponent(id)}/uploaded`, {}),
        onProgress,
      }),
      refusal: (error) => uploadRefusal(error) || errorMessage(error),
    });
    if (!outcome.sent.length) return; // the refusals stay on show in the zone
    // Drawn again with the new files: a refusal among them is said above instead.
    await load({ focus: false });
    if (outcome.failed.length) {
      view.render('notice', h('div', { class: 'alert alert-error', role: 'alert' },
        outcome.failed.map(({ name, message }) => h('p', {}, t('files.refused', { name, reason: message })))));
    } else {
      view.render('success', t('clientPortal.fileSent', { name: outcome.sent.join(', ') }));
    }
  });

  view.render('loading');
  load();
  return view;
}
