/**
 * The "Client portal" card of a won deal's page: the offer to create it;
 * once made, its link to copy or open, the package's sessions used and left,
 * when the invitation went, and Edit, Send the invitation, New link (the old
 * one stops working) and Revoke (after a confirmation). Also the prompt a
 * deal just won shows (on its page and on the board): "Create the client portal?".
 */
import { h, replace, delegate } from '../dom.js';
import { api } from '../api.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { choose } from '../dialog.js';
import { errorAlert, successAlert } from '../forms.js';
import { formatDateTime } from '../format.js';
import { copyField } from './share.js';
import { loadingStatus } from './frame.js';
import { openPortalDialog } from './portal-dialog.js';

/** The deal's portal, or null when it has none. :raise ApiError: anything but "none". */
export async function readPortal(dealId) {
  try {
    return await api.get(`/deals/${encodeURIComponent(dealId)}/portal`);
  } catch (error) {
    if (error.status === 404) return null;
    throw error;
  }
}

/** The first email of the deal's person, for the dialog to say where the invitation goes. */
export async function clientEmail(deal) {
  if (!deal.person_id) return null;
  try {
    const person = await api.get(`/persons/${encodeURIComponent(deal.person_id)}`);
    return (person.emails && person.emails[0] && person.emails[0].value) || null;
  } catch (error) {
    if (error.status === 401) throw error;
    return null;
  }
}

/** Opens the creation dialog for the won `deal`; resolves the portal made, or null. */
export async function createPortal(deal) {
  return openPortalDialog(deal, null, { clientEmail: await clientEmail(deal) });
}

/** The prompt under "Won": a question and a button with data-action="prompt-portal" (its handler is the caller's). */
export function portalPrompt(dealId) {
  return h('p', { class: 'portal-prompt' },
    icon('portal'), h('span', {}, t('portal.prompt')), ' ',
    h('button', { type: 'button', class: 'button button-small button-primary', 'data-action': 'prompt-portal', 'data-id': dealId },
      t('portal.promptCreate')));
}

/** A package's count in words: "2 used · 3 left of 5" (or "no package" when bookings are free). */
export function packageText(pack) {
  if (!pack || !pack.total) return t('portal.package.none');
  return t('portal.package.count', {
    left: tn('clientPortal.remaining', pack.remaining), total: pack.total,
    used: tn('clientPortal.used', pack.used), booked: tn('clientPortal.booked', pack.booked),
  });
}

export class PortalCard {
  constructor() {
    this.notice = h('div', { class: 'form-notice', 'aria-live': 'polite' });
    this.body = h('div', { class: 'portal-card-body' }, loadingStatus());
    this.el = h('section', { class: 'card portal-card', 'aria-labelledby': 'portal-card-title', hidden: true },
      h('h2', { class: 'card-title', id: 'portal-card-title' }, icon('portal'), t('portal.title')),
      this.notice,
      this.body);
  }

  render(command, data) {
    const commands = {
      hidden: () => { this.el.hidden = Boolean(data); },
      loading: () => replace(this.body, loadingStatus()),
      none: () => replace(this.body,
        h('p', { class: 'muted' }, t('portal.none')),
        h('button', { type: 'button', class: 'button button-primary', 'data-action': 'create-portal' }, icon('plus'), t('portal.create'))),
      portal: () => this._renderPortal(data),
      error: () => replace(this.notice, errorAlert(data)),
      success: () => replace(this.notice, successAlert(data)),
      clear: () => replace(this.notice),
    };
    commands[command]();
  }

  bind(event, handler) {
    const actions = {
      create: 'create-portal', edit: 'edit-portal', invite: 'invite-portal', regenerate: 'regenerate-portal', revoke: 'revoke-portal',
    };
    delegate(this.el, `[data-action="${actions[event]}"]`, 'click', () => handler());
  }

  _renderPortal(portal) {
    if (portal.status !== 'active') {
      replace(this.body,
        h('p', { class: 'portal-state' }, h('span', { class: 'status status-revoked' }, t('portal.revoked'))),
        h('p', { class: 'muted' }, t('portal.revokedText')),
        h('div', { class: 'portal-actions' },
          h('button', { type: 'button', class: 'button', 'data-action': 'regenerate-portal' }, icon('link'), t('portal.newLink')),
          h('button', { type: 'button', class: 'button', 'data-action': 'edit-portal' }, icon('edit'), t('portal.edit'))));
      return;
    }
    const pack = portal.package || {};
    const done = (portal.checklist || []).filter((item) => item.done).length;
    replace(this.body,
      h('p', { class: 'portal-state' },
        h('span', { class: 'status status-active' }, t('portal.active')),
        portal.code_required ? h('span', { class: 'badge' }, icon('key'), t('portal.codeBadge')) : null),
      copyField({ label: t('portal.link'), value: portal.url, name: 'portal_url', copyLabel: t('portal.copyLink') }),
      h('dl', { class: 'facts portal-facts' },
        h('div', { class: 'facts-row' }, h('dt', {}, t('portal.package.label')), h('dd', {}, packageText(pack))),
        (portal.checklist || []).length ? h('div', { class: 'facts-row' }, h('dt', {}, t('portal.checklistLabel')),
          h('dd', {}, t('portal.checklistCount', { done, total: portal.checklist.length }))) : null,
        h('div', { class: 'facts-row' }, h('dt', {}, t('portal.invitation')),
          h('dd', { dir: 'auto' }, portal.invited_at
            ? t('portal.invitedOn', { date: formatDateTime(portal.invited_at), email: portal.invited_to || '' })
            : t('portal.notInvited')))),
      h('div', { class: 'portal-actions' },
        h('a', { class: 'button button-small', href: portal.url, target: '_blank', rel: 'noopener', 'data-action': 'open-portal' }, icon('external'), t('portal.open')),
        h('button', { type: 'button', class: 'button button-small', 'data-action': 'edit-portal' }, icon('edit'), t('portal.edit')),
        h('button', { type: 'button', class: 'button button-small', 'data-action': 'invite-portal' }, icon('share'), t('portal.sendInvite')),
        h('button', { type: 'button', class: 'button button-small', 'data-action': 'regenerate-portal' }, icon('link'), t('portal.newLink')),
        h('button', { type: 'button', class: 'button button-small button-danger-outline', 'data-action': 'revoke-portal' }, icon('lost'), t('portal.revoke'))),
      h('p', { class: 'field-hint' }, t('portal.sessionsHint')));
  }
}

/**
 * Mounts the card for the deal `record()`; `onChange(portal|null)` hears
 * every change (the page then lets notes be shared). Returns {el, refresh, create};
 * refresh() resolves the portal (null when none).
 */
export function mountPortalCard(record, { onChange }) {
  const card = new PortalCard();
  const s = { portal: null };
  const path = () => `/deals/${encodeURIComponent(record().id)}/portal`;

  function show(portal) {
    s.portal = portal;
    if (portal) card.render('portal', portal);
    else card.render('none');
    onChange(portal && portal.status === 'active' ? portal : null);
  }

  async function refresh() {
    const won = record().status === 'won';
    // The deal's page says whether it has a portal (`portal`): a deal without one costs no request.
    // A portal outlives a reopened deal: it still shows, and can be revoked.
    try {
      const portal = s.portal || record().portal ? await readPortal(record().id) : null;
      card.render('hidden', !won && !portal);
      show(portal);
      return portal;
    } catch (error) {
      card.render('hidden', !won);
      if (error.status !== 401) card.render('error', error);
      return null;
    }
  }

  async function act(call, message) {
    card.render('clear');
    try {
      const portal = await call();
      if (portal === undefined) return;
      show(portal);
      if (message) card.render('success', typeof message === 'function' ? message(portal) : message);
    } catch (error) {
      if (error.status !== 401) card.render('error', error);
    }
  }

  async function create() {
    await act(async () => {
      const saved = await createPortal(record());
      return saved || undefined;
    }, (portal) => t(portal.invited ? 'portal.createdSent' : 'portal.created'));
  }

  card.bind('create', create);
  card.bind('edit', () => act(async () => {
    const saved = await openPortalDialog(record(), s.portal, { clientEmail: await clientEmail(record()) });
    return saved || undefined;
  }, (portal) => t(portal.invited ? 'portal.savedSent' : 'portal.saved')));
  card.bind('invite', () => act(
    () => api.patch(path(), { send_invite: true, version: s.portal.version }),
    (portal) => t('portal.inviteSent', { email: portal.invited_to || '' }),
  ));
  card.bind('regenerate', async () => {
    const answer = await choose({
      title: t('portal.regenerateTitle'), message: t('portal.regenerateText'),
      choices: [{ value: 'regenerate', label: t('portal.newLink'), kind: 'primary' }, { value: null, label: t('dialog.cancel') }],
    });
    if (answer !== 'regenerate') return;
    await act(() => api.post(path(), { regenerate: true, send_invite: false }), t('portal.regenerated'));
  });
  card.bind('revoke', async () => {
    const answer = await choose({
      title: t('portal.revokeTitle'), message: t('portal.revokeText'),
      choices: [{ value: 'revoke', label: t('portal.revoke'), kind: 'danger' }, { value: null, label: t('dialog.cancel') }],
    });
    if (answer !== 'revoke') return;
    await act(async () => {
      await api.del(path());
      return readPortal(record().id);
    }, t('portal.revokedDone'));
  });

  return { el: card.el, refresh, create };
}
