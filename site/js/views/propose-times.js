/**
 * The "Propose times" tab of a deal, person or organization page, beside
 * Note and Activity: a few times picked for one meeting become a
 * specific-times booking link tied to the record, with its address and a
 * ready email text to send; the links proposed from this record are listed
 * with whether the customer has booked one.
 */
import { h, qs, replace, delegate, itemId } from '../dom.js';
import { api, fillPage } from '../api.js';
import { t } from '../i18n.js';
import {
  inputField, selectField, notice, submitButton, showError, setBusy, refusal, successAlert, errorAlert,
} from '../forms.js';
import { recordTitle } from '../entities.js';
import { getTimeZone } from '../format.js';
import { timesPicker } from './scheduler-editors.js';
import { shareBlock, openShareDialog } from './share.js';
import { readLinkState, stateBadge } from './link-state.js';
import { loadingStatus } from './frame.js';
import { DURATIONS, durationText, offerText } from '../booking-links.js';

const TIE = { deals: 'deal_id', persons: 'person_id', organizations: 'org_id' };
const LISTED = 20;

export class ProposeTimesView {
  constructor() {
    this.el = h('div', { class: 'propose' });
    this.result = h('div', { class: 'propose-result' });
    this.links = h('div', { class: 'propose-links' });
  }

  render(command, data) {
    const commands = {
      form: () => this._renderForm(data),
      busy: () => setBusy(this.form, data),
      error: () => showError(this.form, data),
      created: () => this._renderCreated(data),
      links: () => this._renderLinks(data),
      linksLoading: () => replace(this.links, loadingStatus()),
      linksError: () => replace(this.links, errorAlert(data)),
      state: () => {
        const item = qs(`[data-id="${CSS.escape(data.id)}"] .link-state`, this.links);
        if (item) replace(item, stateBadge(data.state));
      },
    };
    commands[command]();
  }

  bind(event, handler) {
    if (event === 'create') {
      this.form.addEventListener('submit', (e) => {
        e.preventDefault();
        handler();
      });
    } else if (event === 'share') {
      delegate(this.links, '[data-action="share-proposal"]', 'click', (e, el) => handler(itemId(el)));
    }
  }

  _renderForm({ title, tz }) {
    this.times = timesPicker([], tz);
    this.form = h('form', { class: 'form propose-form', novalidate: true },
      h('p', { class: 'muted' }, t('propose.intro')),
      h('div', { class: 'form-grid' },
        h('div', { class: 'form-cell form-cell-wide' }, inputField(t('linkForm.title'), { name: 'title', value: title, required: true, maxlength: 500, dir: 'auto' })),
        h('div', { class: 'form-cell' }, selectField(t('linkForm.duration'), { name: 'duration_min' },
          DURATIONS.map((m) => ({ value: String(m), label: durationText(m) })), '30'))),
      this.times.el,
      notice(),
      h('div', { class: 'form-actions' }, submitButton(t('propose.create'))));
    replace(this.el, this.form, this.result, this.links);
  }

  _renderCreated({ link, signature }) {
    replace(this.result, h('div', { class: 'propose-created' },
      successAlert(t('propose.created', { title: link.title })),
      shareBlock(link, signature)));
    this.times = timesPicker([], link.timezone);
    qs('fieldset[name=times]', this.form).replaceWith(this.times.el);
    qs('[data-copy=share_url] [data-action=copy]', this.result).focus();
  }

  _renderLinks({ links, states }) {
    if (!links.length) {
      replace(this.links);
      return;
    }
    replace(this.links,
      h('h3', { class: 'section-title' }, t('propose.listed')),
      h('ul', { class: 'linked-list proposal-list' }, links.map((link) => h('li', { class: 'proposal', 'data-id': link.id },
        h('div', { class: 'proposal-text' },
          h('a', { class: 'record-link', href: `#/scheduler/${encodeURIComponent(link.id)}`, dir: 'auto' }, link.title),
          h('span', { class: 'linked-sub' }, durationText(link.duration_min), ' · ', offerText(link),
            ' ', h('span', { class: 'link-state' }, stateBadge(states[link.id])))),
        link.portal_deal_id
          ? h('span', { class: 'badge badge-portal' }, t('scheduler.portalBadge'))
          : h('button', { type: 'button', class: 'button button-small', 'data-action': 'share-proposal' }, t('scheduler.share'))))));
  }
}

/**
 * Adds the "Propose times" tab to the `composer` of the page of a record of
 * `plural`; `record()` is the record as the page holds it now.
 */
export function mountProposeTimes(app, composer, plural, record) {
  const field = TIE[plural];
  if (!field) return null;
  const view = new ProposeTimesView();
  const s = { links: [], states: {}, loaded: false };
  view.render('form', { title: t('propose.defaultTitle', { name: recordTitle(plural, record()) }), tz: getTimeZone() });

  async function loadLinks() {
    s.loaded = true;
    view.render('linksLoading');
    try {
      const page = await fillPage('/scheduler/links', new URLSearchParams({ [field]: record().id }), LISTED);
      s.links = page.items || [];
      view.render('links', s);
      await Promise.all(s.links.filter((link) => link.kind === 'specific').map(async (link) => {
        try {
          s.states[link.id] = await readLinkState(link);
          view.render('state', { id: link.id, state: s.states[link.id] });
        } catch {
          // no badge for this one
        }
      }));
    } catch (error) {
      if (error.status !== 401) view.render('linksError', error);
    }
  }

  view.bind('create', async () => {
    const form = view.form;
    const title = form.elements.namedItem('title').value.trim();
    const details = {};
    const found = view.times.problems();
    if (!title) details.title = t('errors.required');
    if (found.length) details.times = found[0].message;
    if (Object.keys(details).length) {
      view.render('error', refusal(details));
      return;
    }
    view.render('busy', true);
    try {
      const link = await api.post('/scheduler/links', {
        kind: 'specific', title, duration_min: Number(form.elements.namedItem('duration_min').value),
        timezone: getTimeZone(), times: view.times.read(), owner_id: app.user.id, [field]: record().id,
      });
      view.render('busy', false);
      view.render('created', { link, signature: app.user.name });
      loadLinks();
    } catch (error) {
      view.render('busy', false);
      if (error.status !== 401) view.render('error', error);
    }
  });
  view.bind('share', (id) => {
    const link = s.links.find((l) => l.id === id);
    if (link) openShareDialog(link, app.user.name);
  });

  composer.addTab({
    name: 'propose', label: t('propose.tab'), iconName: 'calendar', content: view.el,
    onSelect: () => { if (!s.loaded) loadLinks(); },
  });
  return view;
}
