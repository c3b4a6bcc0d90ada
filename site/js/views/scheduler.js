/**
 * The Scheduler (`#/scheduler`): the user's booking links — what each one
 * offers, whether a specific one is booked yet — with their free times on
 * demand, the public page as customers see it, sharing and deletion.
 * `#/scheduler/new` and `#/scheduler/<id>` are a link's form.
 */
import { h, qs, replace, delegate, itemId, keepFocus } from '../dom.js';
import { api } from '../api.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { errorAlert, reloadableErrorAlert, successAlert } from '../forms.js';
import { recordLink, includedName } from '../entities.js';
import { addDays, dayInZone, formatTime, getTimeZone, today } from '../format.js';
import { screenFrame, loadingStatus } from './frame.js';
import { openShareDialog } from './share.js';
import { readLinkState, stateBadge, deleteLink } from './link-state.js';
import { mountLinkForm } from './scheduler-link-form.js';
import {
  previewUrl, durationText, dayTitle, offerText, zoneName,
} from '../booking-links.js';

const PAGE = 100;
const PREVIEW_DAYS = { general: 14, specific: 61 };
const STATE_READS = 4; // specific links whose booked state is read at once

/** What a link is tied to: a deal, a person, an organization, as links to their pages. */
function ties(link, included) {
  return [['deal_id', 'deals'], ['person_id', 'persons'], ['org_id', 'organizations']]
    .filter(([field]) => link[field])
    .map(([field, plural]) => h('span', { class: 'link-tie' }, icon(plural), recordLink(plural, link[field], includedName(included, plural, link[field]))));
}

export class SchedulerView {
  constructor() {
    const frame = screenFrame({ className: 'scheduler', titleId: 'scheduler-title', title: t('nav.scheduler') });
    this.el = frame.el;
    this.body = frame.body;
    replace(frame.actions,
      h('a', { class: 'button', href: '#/scheduler/new?kind=specific' }, icon('calendar'), t('scheduler.newSpecific')),
      h('a', { class: 'button button-primary', href: '#/scheduler/new' }, icon('plus'), t('scheduler.new')));
    this.notice = h('div', { class: 'form-notice page-notice', 'aria-live': 'polite' });
    this.list = h('ul', { class: 'link-list' });
    this.more = h('div', { class: 'list-more' });
    this.el.insertBefore(h('p', { class: 'page-intro scheduler-intro' }, t('scheduler.intro')), this.body);
    this.el.insertBefore(this.notice, this.body);
  }

  render(command, data) {
    const commands = {
      links: () => this._renderLinks(data),
      state: () => this._renderState(data),
      slots: () => this._renderSlots(data),
      expanded: () => this._setExpanded(data),
      error: () => replace(this.notice, reloadableErrorAlert(data)),
      success: () => replace(this.notice, successAlert(data)),
      loadError: () => replace(this.body, errorAlert(data)),
    };
    commands[command]();
  }

  bind(event, handler) {
    const clicks = { share: 'share-link', slots: 'toggle-slots', delete: 'delete-link', more: 'more-links', reload: 'reload' };
    delegate(this.el, `[data-action="${clicks[event]}"]`, 'click', (e, el) => handler(itemId(el), el));
  }

  _card(link, included, state) {
    const slotsId = `link-slots-${link.id}`;
    return h('li', { class: ['link-card', link.active === false ? 'is-off' : null], 'data-id': link.id },
      h('div', { class: 'link-main' },
        h('div', { class: 'link-head' },
          h('h2', { class: 'link-title' }, h('a', { href: `#/scheduler/${encodeURIComponent(link.id)}`, dir: 'auto' }, link.title)),
          h('span', { class: ['badge', `badge-${link.kind}`] }, t(`scheduler.kind.${link.kind}`)),
          link.portal_deal_id ? h('span', { class: 'badge badge-portal' }, t('scheduler.portalBadge')) : null,
          link.active === false ? h('span', { class: 'status status-closed' }, t('scheduler.off')) : null,
          h('span', { class: 'link-state' }, stateBadge(state))),
        h('p', { class: 'link-meta' },
          h('span', {}, icon('timer'), durationText(link.duration_min)),
          h('span', {}, icon('calendar'), offerText(link)),
          h('span', {}, icon('globe'), zoneName(link.timezone)),
          ties(link, included))),
      h('div', { class: 'link-actions' },
        // A client portal's link is booked from that portal only: nothing to share, its portal instead.
        link.portal_deal_id
          ? h('a', { class: 'button button-small', href: `#/deals/${encodeURIComponent(link.portal_deal_id)}`, 'data-action': 'open-portal-deal' },
            icon('external'), t('scheduler.portalDeal'))
          : [h('button', { type: 'button', class: 'button button-small', 'data-action': 'share-link' }, icon('share'), t('scheduler.share')),
            h('a', { class: 'button button-small', href: previewUrl(link.token), target: '_blank', rel: 'noopener', 'data-action': 'preview-link' },
              icon('external'), t('scheduler.preview'))],
        h('button', {
          type: 'button', class: 'button button-small', 'data-action': 'toggle-slots', 'aria-expanded': 'false', 'aria-controls': slotsId,
        }, icon('chevron'), t('scheduler.freeTimes')),
        h('a', { class: 'icon-button', href: `#/scheduler/${encodeURIComponent(link.id)}`, 'aria-label': t('scheduler.editOf', { title: link.title }) }, icon('edit')),
        h('button', {
          type: 'button', class: 'icon-button', 'data-action': 'delete-link', 'aria-label': t('scheduler.deleteOf', { title: link.title }),
        }, icon('trash'))),
      h('div', { class: 'link-slots', id: slotsId, hidden: true }));
  }

  _renderLinks({ links, included, states, more }) {
    if (!links.length) {
      replace(this.body, h('div', { class: 'empty-state' },
        h('div', { class: 'empty-icon' }, icon('scheduler')),
        h('p', { class: 'empty-text' }, t('scheduler.empty')),
        h('p', { class: 'empty-note' }, t('scheduler.emptyNote')),
        h('p', {}, h('a', { class: 'button button-primary', href: '#/scheduler/new' }, icon('plus'), t('scheduler.first')))));
      return;
    }
    keepFocus(this.body, () => {
      replace(this.list, links.map((link) => this._card(link, included, states[link.id])));
      replace(this.more, more ? h('button', { type: 'button', class: 'button', 'data-action': 'more-links' }, t('users.loadMore')) : null);
      if (!this.list.isConnected) replace(this.body, this.list, this.more);
    });
  }

  _item(id) {
    return qs(`.link-card[data-id="${CSS.escape(id)}"]`, this.list);
  }

  _renderState({ id, state }) {
    const item = this._item(id);
    if (item) replace(qs('.link-state', item), stateBadge(state));
  }

  _setExpanded({ id, open }) {
    const item = this._item(id);
    if (!item) return;
    qs('[data-action=toggle-slots]', item).setAttribute('aria-expanded', String(open));
    const panel = qs('.link-slots', item);
    panel.hidden = !open;
    if (open) replace(panel, loadingStatus());
  }

  _renderSlots({ id, slots, error, days }) {
    const item = this._item(id);
    if (!item) return;
    const panel = qs('.link-slots', item);
    if (error) {
      replace(panel, errorAlert(error));
      return;
    }
    const byDay = new Map();
    for (const slot of slots) {
      const day = dayInZone(slot.start);
      if (!byDay.has(day)) byDay.set(day, []);
      byDay.get(day).push(slot);
    }
    replace(panel, byDay.size
      ? [h('p', { class: 'muted slots-intro' }, t('scheduler.slotsIntro', { n: days, zone: zoneName(getTimeZone()) })),
        h('ul', { class: 'slot-days' }, Array.from(byDay, ([day, daySlots]) => h('li', { class: 'slot-day' },
          h('h3', { class: 'slot-day-title' }, dayTitle(day, { weekday: 'short', day: 'numeric', month: 'short' })),
          h('ul', { class: 'slot-times' }, daySlots.map((slot) => h('li', {}, formatTime(slot.start)))))))]
      : h('p', { class: 'muted' }, tn('scheduler.noSlots', days)));
  }
}

/** Mounts the Scheduler: the list, or a link's form (`new` or its id). */
export function mountScheduler(app, sub, params) {
  if (sub) return mountLinkForm(app, sub === 'new' ? null : sub, params);
  const view = new SchedulerView();
  const s = { links: [], included: {}, states: {}, cursor: null };
  const draw = () => view.render('links', { links: s.links, included: s.included, states: s.states, more: Boolean(s.cursor) });
  const flash = app.takeFlash('scheduler');
  if (flash) view.render('success', flash);
  let shareNew = app.takeFlash('schedulerShare'); // a link just made: its share dialog opens once it is listed

  /** The booked state of the specific links, a few reads at a time (each is the owner's slots preview). */
  async function readStates(links) {
    const queue = links.filter((link) => link.kind === 'specific' && !(link.id in s.states));
    const worker = async () => {
      while (queue.length) {
        const link = queue.shift();
        try {
          s.states[link.id] = await readLinkState(link);
          view.render('state', { id: link.id, state: s.states[link.id] });
        } catch {
          // the badge stays away; the list itself is fine
        }
      }
    };
    await Promise.all(Array.from({ length: STATE_READS }, worker));
  }

  async function load(more) {
    try {
      const cursor = more && s.cursor ? `&cursor=${encodeURIComponent(s.cursor)}` : '';
      const page = await api.get(`/scheduler/links?owner=${encodeURIComponent(app.user.id)}&limit=${PAGE}${cursor}`);
      s.links = more ? s.links.concat(page.items || []) : page.items || [];
      s.cursor = page.next_cursor || null;
      for (const [plural, records] of Object.entries(page.included || {})) s.included[plural] = { ...(s.included[plural] || {}), ...records };
      draw();
      const made = shareNew && s.links.find((l) => l.id === shareNew);
      shareNew = null;
      if (made) openShareDialog(made, app.user.name);
      readStates(page.items || []);
    } catch (error) {
      if (error.status !== 401) view.render(more ? 'error' : 'loadError', error);
    }
  }

  view.bind('more', () => load(true));
  view.bind('reload', () => app.refresh());
  view.bind('share', (id) => {
    const link = s.links.find((l) => l.id === id);
    if (link) openShareDialog(link, app.user.name);
  });
  view.bind('slots', async (id, button) => {
    const open = button.getAttribute('aria-expanded') !== 'true';
    view.render('expanded', { id, open });
    if (!open) return;
    const link = s.links.find((l) => l.id === id);
    const days = PREVIEW_DAYS[link.kind] || PREVIEW_DAYS.general;
    try {
      const data = await api.get(`/scheduler/links/${encodeURIComponent(id)}/slots?from=${today()}&to=${addDays(today(), days - 1)}`);
      view.render('slots', { id, slots: data.slots || [], days });
    } catch (error) {
      if (error.status !== 401) view.render('slots', { id, error });
    }
  });
  view.bind('delete', async (id) => {
    const link = s.links.find((l) => l.id === id);
    if (!link) return;
    try {
      if (!(await deleteLink(link))) return;
      s.links = s.links.filter((l) => l.id !== id);
      draw();
      view.render('success', t('scheduler.deleted', { title: link.title }));
    } catch (error) {
      if (error.status !== 401) view.render('error', error);
    }
  });

  load(false);
  return view;
}
