/**
 * Settings › Users (admins): the team with role and status, role changes and
 * deactivation (PATCH with the version), and the invitation form. A pending
 * invitation shows until when its link works and whether its mail went out;
 * it can be resent (a new link, the old one dies) or withdrawn.
 */
import { h, qs, replace, delegate, itemId } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { choose } from '../dialog.js';
import { formatDateTime } from '../format.js';
import {
  inputField, selectField, notice, submitButton, showSuccess, clearErrors, refusal, reloadableErrorAlert,
  successAlert, onSubmit, onReload, startSubmit,
} from '../forms.js';
import { panelCommands, refusedToMembers } from './panel.js';

const ROLES = ['member', 'admin'];

export class UsersView {
  constructor() {
    // Wide: five columns, and a pending invitation's dates and buttons, side by side.
    this.el = h('div', { class: 'tab-panel tab-panel-wide' });
  }

  render(command, data) {
    const commands = {
      ...panelCommands(this, 'users', data),
      frame: () => this._renderFrame(),
      loading: () => replace(this.rows, h('tr', {}, h('td', { colspan: 5, class: 'loading' }, t('app.loading')))),
      users: () => this._renderUsers(data),
      appendUsers: () => this._appendUsers(data),
      userPrepended: () => {
        const empty = qs('.table-empty', this.rows);
        if (empty) empty.closest('tr').remove();
        this.rows.prepend(this._row(data.user, data.me));
      },
      userUpdated: () => this._replaceRow(data.user, data.me),
      userRemoved: () => {
        const row = qs(`tr[data-id="${CSS.escape(data)}"]`, this.rows);
        if (row) row.remove();
      },
      hasMore: () => { this.moreButton.hidden = !data; },
      listError: () => replace(this.listNotice, reloadableErrorAlert(data)),
      listSuccess: () => replace(this.listNotice, successAlert(data)),
      invited: () => {
        this.form.reset();
        if (mailFailed(data)) this._renderMailFailed(this.form, t('users.invitedMailFailed', { name: data.name, email: data.email }), data);
        else showSuccess(this.form, t('users.invited', { email: data.email }));
      },
      // {user, inForm}: the outcome shows where the resend was asked for.
      resent: () => {
        if (mailFailed(data.user)) {
          this._renderMailFailed(data.inForm ? this.form : null, t('users.resendFailed', { email: data.user.email }), data.user);
        } else if (data.inForm) {
          showSuccess(this.form, t('users.resent', { email: data.user.email }));
        } else {
          replace(this.listNotice, successAlert(t('users.resent', { email: data.user.email })));
        }
      },
    };
    commands[command]();
  }

  bind(event, handler) {
    if (event === 'changeRole') {
      delegate(this.el, 'select[data-field="role"]', 'change', (e, select) => handler({ id: itemId(select), role: select.value }));
    } else if (event === 'toggleStatus') {
      delegate(this.el, '[data-action="toggle-status"]', 'click', (e, button) => handler({ id: itemId(button) }));
    } else if (event === 'loadMore') {
      delegate(this.el, '[data-action="load-more"]', 'click', () => handler());
    } else if (event === 'reload') {
      onReload(this.el, handler);
    } else if (event === 'invite') {
      onSubmit(this.el, handler);
    } else if (event === 'resendInvitation') {
      delegate(this.el, '[data-action="resend-invitation"]', 'click', (e, button) => handler({
        id: itemId(button), inForm: this.form.contains(button),
      }));
    } else if (event === 'withdrawInvitation') {
      delegate(this.el, '[data-action="withdraw-invitation"]', 'click', (e, button) => handler({ id: itemId(button) }));
    }
  }

  _renderFrame() {
    this.rows = h('tbody', {});
    this.listNotice = notice();
    this.moreButton = h('button', { type: 'button', class: 'button', 'data-action': 'load-more', hidden: true }, t('users.loadMore'));
    // The panel's form (busy, error): the invitation.
    this.form = h('form', { class: 'form invite-form', novalidate: true },
      h('div', { class: 'form-row' },
        inputField(t('users.email'), { name: 'email', type: 'email', required: true, autocomplete: 'off' }),
        inputField(t('users.name'), { name: 'name', required: true, autocomplete: 'off', maxlength: 200 }),
        selectField(t('users.role'), { name: 'role' }, ROLES.map((role) => ({ value: role, label: t(`role.${role}`) })), 'member')),
      notice(),
      h('div', { class: 'form-actions' }, submitButton(t('users.inviteSubmit'))));

    replace(this.el,
      h('section', { class: 'card', 'aria-labelledby': 'users-heading' },
        h('h2', { class: 'card-title', id: 'users-heading' }, t('users.heading')),
        h('p', { class: 'card-intro' }, t('users.intro')),
        h('div', { class: 'table-wrap' },
          h('table', { class: 'table users-table', 'aria-labelledby': 'users-heading' },
            h('thead', {}, h('tr', {},
              ['users.name', 'users.email', 'users.role', 'users.status', 'users.actions']
                .map((key) => h('th', { scope: 'col' }, t(key))))),
            this.rows)),
        this.listNotice,
        h('div', { class: 'list-more' }, this.moreButton)),
      h('section', { class: 'card', 'aria-labelledby': 'invite-heading' },
        h('h2', { class: 'card-title', id: 'invite-heading' }, t('users.inviteHeading')),
        h('p', { class: 'card-intro' }, t('users.inviteIntro')),
        this.form));
  }

  /** A warning that the mail did not go out, with the button to send it again, in `form`'s notice or the list's. */
  _renderMailFailed(form, message, user) {
    if (form) clearErrors(form);
    replace(form ? qs('.form-notice', form) : this.listNotice,
      h('div', { class: 'alert alert-warning', role: 'alert', 'data-id': user.id },
        h('p', {}, message),
        h('button', { type: 'button', class: 'button button-small', 'data-action': 'resend-invitation' }, t('users.resend'))));
  }

  _statusCell(user) {
    const invitation = user.status === 'invited' ? user.invitation : null;
    let expiry = null;
    if (invitation && invitation.expires_at) {
      const expired = Date.parse(invitation.expires_at) <= Date.now();
      // The date never breaks in two ("8 / déc."): the line wraps before it if it must.
      const date = formatDateTime(invitation.expires_at).replace(/ /g, '\u00a0');
      expiry = h('span', { class: ['invite-expiry', expired ? 'is-expired' : null] },
        t(expired ? 'users.linkExpired' : 'users.linkValid', { date }));
    }
    return h('div', { class: 'user-status' },
      h('span', { class: `status status-${user.status}` }, t(`status.${user.status}`)),
      expiry,
      mailFailed(user) ? h('span', { class: 'invite-warning' }, t('users.mailFailed')) : null);
  }

  _actions(user, self) {
    if (self) return null;
    if (user.status === 'invited') {
      return h('div', { class: 'row-actions' },
        h('button', {
          type: 'button', class: 'button button-small', 'data-action': 'resend-invitation',
          'aria-label': t('users.resendOf', { name: user.name }),
        }, t('users.resend')),
        h('button', {
          type: 'button', class: 'button button-small button-danger-outline', 'data-action': 'withdraw-invitation',
          'aria-label': t('users.withdrawOf', { name: user.name }),
        }, t('users.withdraw')));
    }
    const disabled = user.status === 'disabled';
    return h('button', {
      type: 'button', class: 'button button-small', 'data-action': 'toggle-status',
      'aria-label': t(disabled ? 'users.reactivateOf' : 'users.deactivateOf', { name: user.name }),
    }, t(disabled ? 'users.reactivate' : 'users.deactivate'));
  }

  _row(user, me) {
    const self = user.id === me;
    const disabled = user.status === 'disabled';
    return h('tr', { 'data-id': user.id, class: disabled ? 'is-disabled' : null },
      h('td', { 'data-label': t('users.name') },
        h('span', { class: 'cell-strong' }, user.name),
        self ? h('span', { class: 'badge badge-muted' }, t('users.you')) : null),
      h('td', { 'data-label': t('users.email') }, user.email),
      h('td', { 'data-label': t('users.role') },
        h('select', { 'data-field': 'role', class: 'select-compact', 'aria-label': t('users.roleOf', { name: user.name }), disabled: self },
          ROLES.map((role) => h('option', { value: role, selected: role === user.role }, t(`role.${role}`))))),
      h('td', { 'data-label': t('users.status') }, this._statusCell(user)),
      h('td', { class: 'cell-actions' }, this._actions(user, self)));
  }

  _renderUsers({ users, me }) {
    replace(this.rows, users.length
      ? users.map((user) => this._row(user, me))
      : h('tr', {}, h('td', { colspan: 5, class: 'table-empty' }, t('users.empty'))));
  }

  _appendUsers({ users, me }) {
    for (const user of users) this.rows.append(this._row(user, me));
  }

  _replaceRow(user, me) {
    const old = qs(`tr[data-id="${CSS.escape(user.id)}"]`, this.rows);
    if (old) old.replaceWith(this._row(user, me));
  }
}

/** True when the invitation mail of `user` could not be sent. */
function mailFailed(user) {
  return Boolean(user && user.status === 'invited' && user.invitation && user.invitation.mail === 'failed');
}

/** Mounts the users tab (admins only). */
export function mountUsers(app) {
  const view = new UsersView();
  if (refusedToMembers(app, view)) return view;
  const me = app.user.id;
  const users = new Map();
  let cursor = null;

  async function load(more) {
    if (!more) {
      users.clear();
      view.render('loading');
    }
    try {
      const query = more && cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
      const page = await api.get(`/users${query}`);
      for (const user of page.items) users.set(user.id, user);
      cursor = page.next_cursor || null;
      view.render(more ? 'appendUsers' : 'users', { users: page.items, me });
      view.render('hasMore', Boolean(cursor));
    } catch (error) {
      if (error.status !== 401) view.render('listError', error);
    }
  }

  async function update(id, changes) {
    const user = users.get(id);
    if (!user) return;
    try {
      const updated = await api.patch(`/users/${encodeURIComponent(id)}`, { ...changes, version: user.version });
      users.set(id, updated);
      view.render('userUpdated', { user: updated, me });
      view.render('listSuccess', t('users.updated', { name: updated.name }));
    } catch (error) {
      view.render('userUpdated', { user, me }); // puts the row back as it was
      if (error.status !== 401) view.render('listError', error);
    }
  }

  view.render('frame');
  view.bind('changeRole', ({ id, role }) => update(id, { role }));
  view.bind('toggleStatus', ({ id }) => {
    const user = users.get(id);
    if (user) update(id, { status: user.status === 'disabled' ? 'active' : 'disabled' });
  });
  /** An invitation already accepted (409) or gone (404): say so and show the team as it is now. */
  async function invitationMoved(user, error) {
    await load(false);
    if (error.status === 409) view.render('listSuccess', t('users.alreadyJoined', { name: user.name }));
    else view.render('listError', error);
  }

  view.bind('resendInvitation', async ({ id, inForm }) => {
    const user = users.get(id);
    if (!user) return;
    try {
      const updated = await api.post(`/users/${encodeURIComponent(id)}/invitation`);
      users.set(id, updated);
      view.render('userUpdated', { user: updated, me });
      view.render('resent', { user: updated, inForm });
    } catch (error) {
      if (error.status === 409 || error.status === 404) invitationMoved(user, error);
      else if (error.status !== 401) view.render('listError', error);
    }
  });
  view.bind('withdrawInvitation', async ({ id }) => {
    const user = users.get(id);
    if (!user) return;
    const answer = await choose({
      title: t('users.withdrawTitle'),
      message: t('users.withdrawText', { name: user.name, email: user.email }),
      choices: [{ value: 'withdraw', label: t('users.withdraw'), kind: 'danger' }, { value: null, label: t('dialog.cancel') }],
    });
    if (answer !== 'withdraw') return;
    try {
      await api.del(`/users/${encodeURIComponent(id)}/invitation`);
      users.delete(id);
      view.render('userRemoved', id);
      view.render('listSuccess', t('users.withdrawn', { email: user.email }));
    } catch (error) {
      if (error.status === 409) invitationMoved(user, error);
      else if (error.status === 404) {
        users.delete(id); // withdrawn meanwhile: what was asked is done
        view.render('userRemoved', id);
        view.render('listSuccess', t('users.withdrawn', { email: user.email }));
      } else if (error.status !== 401) view.render('listError', error);
    }
  });
  view.bind('loadMore', () => load(true));
  view.bind('reload', () => load(false));
  view.bind('invite', async (values) => {
    const details = {};
    if (!values.email) details.email = t('errors.required');
    if (!values.name) details.name = t('errors.required');
    if (!startSubmit(view, refusal(details))) return;
    try {
      const user = await api.post('/users', { email: values.email, name: values.name, role: values.role });
      users.set(user.id, user);
      view.render('busy', false);
      view.render('userPrepended', { user, me });
      view.render('invited', user);
    } catch (error) {
      view.render('busy', false);
      view.render('error', error);
    }
  });
  load(false);
  return view;
}
