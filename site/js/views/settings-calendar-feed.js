/**
 * Settings › Profile › Calendar subscription: a private ICS address that
 * puts the user's activities in their calendar app. The address is shown
 * once, when made (only its fingerprint is kept): a new one replaces it, and
 * revoking stops it.
 */
import { h, replace } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { errorAlert, successAlert } from '../forms.js';
import { choose } from '../dialog.js';
import { loadingStatus } from './frame.js';
import { copyField } from './share.js';

export class CalendarFeedView {
  constructor() {
    this.body = h('div', { class: 'feed-body' }, loadingStatus());
    this.notice = h('div', { class: 'form-notice', 'aria-live': 'polite' });
    this.el = h('section', { class: 'card calendar-feed', 'aria-labelledby': 'feed-heading' },
      h('h2', { class: 'card-title', id: 'feed-heading' }, t('feed.heading')),
      h('p', { class: 'card-intro' }, t('feed.intro')),
      this.notice,
      this.body);
  }

  render(command, data) {
    const commands = {
      state: () => this._renderState(data),
      busy: () => {
        for (const button of this.body.querySelectorAll('button')) button.disabled = data;
      },
      notice: () => replace(this.notice, data),
    };
    commands[command]();
  }

  bind(event, handler) {
    const actions = { create: 'feed-create', renew: 'feed-renew', revoke: 'feed-revoke' };
    this.body.addEventListener('click', (e) => {
      if (e.target.closest(`[data-action="${actions[event]}"]`)) handler();
    });
  }

  _renderState({ active, url }) {
    const status = h('p', { class: 'feed-status' },
      h('span', { class: ['status', active ? 'status-active' : 'status-disabled'] }, t(active ? 'feed.on' : 'feed.off')),
      ' ', h('span', { class: 'muted' }, t(active ? (url ? 'feed.onNew' : 'feed.onHidden') : 'feed.offText')));
    replace(this.body,
      status,
      url ? copyField({ label: t('feed.url'), value: url, name: 'feed_url', copyLabel: t('share.copyUrl') }) : null,
      url ? h('p', { class: 'field-hint' }, t('feed.howTo')) : null,
      h('div', { class: 'form-actions' },
        active
          ? [h('button', { type: 'button', class: 'button', 'data-action': 'feed-renew' }, icon('restore'), t('feed.renew')),
            h('button', { type: 'button', class: 'button button-danger-outline', 'data-action': 'feed-revoke' }, t('feed.revoke'))]
          : h('button', { type: 'button', class: 'button button-primary', 'data-action': 'feed-create' }, icon('calendar'), t('feed.create'))));
  }
}

/** Mounts the calendar subscription card of the signed-in user. */
export function mountCalendarFeed() {
  const view = new CalendarFeedView();

  async function make(message) {
    view.render('busy', true);
    try {
      const feed = await api.post('/me/calendar-feed');
      view.render('state', feed);
      view.render('notice', successAlert(message));
    } catch (error) {
      view.render('busy', false);
      if (error.status !== 401) view.render('notice', errorAlert(error));
    }
  }

  view.bind('create', () => make(t('feed.created')));
  view.bind('renew', async () => {
    const sure = await choose({
      title: t('feed.renewTitle'), message: t('feed.renewText'),
      choices: [{ value: 'renew', label: t('feed.renew'), kind: 'primary' }, { value: null, label: t('dialog.cancel') }],
    });
    if (sure === 'renew') make(t('feed.renewed'));
  });
  view.bind('revoke', async () => {
    const sure = await choose({
      title: t('feed.revokeTitle'), message: t('feed.revokeText'),
      choices: [{ value: 'revoke', label: t('feed.revoke'), kind: 'danger' }, { value: null, label: t('dialog.cancel') }],
    });
    if (sure !== 'revoke') return;
    view.render('busy', true);
    try {
      await api.del('/me/calendar-feed');
      view.render('state', { active: false, url: null });
      view.render('notice', successAlert(t('feed.revoked')));
    } catch (error) {
      view.render('busy', false);
      if (error.status !== 401) view.render('notice', errorAlert(error));
    }
  });

  api.get('/me/calendar-feed')
    .then((feed) => view.render('state', feed))
    .catch((error) => { if (error.status !== 401) replace(view.body, errorAlert(error)); });
  return view;
}
