/** Accept an invitation (`#/invite/<token>`, public): choose a name and a password, then enter the app. */
import { h, replace } from '../dom.js';
import { api } from '../api.js';
import { t, detectLanguage } from '../i18n.js';
import {
  inputField, notice, submitButton, showError, setBusy, errorMessage, refusal, onSubmit, startSubmit,
} from '../forms.js';
import { publicFrame, loadingStatus } from './frame.js';
import { MIN_PASSWORD } from './settings-profile.js';

export class InviteView {
  constructor() {
    this.el = h('div', { class: 'screen screen-invite' });
  }

  render(command, data) {
    const commands = {
      loading: () => replace(this.el, publicFrame(loadingStatus())),
      invalid: () => this._renderInvalid(data),
      form: () => this._renderForm(data),
      busy: () => setBusy(this.form, data),
      error: () => showError(this.form, data),
    };
    commands[command]();
  }

  bind(event, handler) {
    if (event === 'accept') onSubmit(this.el, handler);
  }

  _renderInvalid(error) {
    const gone = !error || error.status === 404 || error.status === 410;
    replace(this.el, publicFrame(
      h('h1', { class: 'public-title', tabindex: '-1' }, t('invite.invalid')),
      h('p', { class: 'public-subtitle' }, gone ? t('invite.invalidText') : errorMessage(error)),
      h('a', { class: 'button button-primary button-block', href: '#/login' }, t('invite.toLogin'))));
  }

  _renderForm(invite) {
    this.form = h('form', { class: 'form invite-accept-form', novalidate: true },
      h('input', { type: 'email', name: 'username', value: invite.email, autocomplete: 'username', hidden: true, disabled: true }),
      inputField(t('invite.name'), { name: 'name', value: invite.name || '', autocomplete: 'name', required: true, maxlength: 200 }),
      inputField(t('invite.password'), { name: 'password', type: 'password', autocomplete: 'new-password', required: true, minlength: MIN_PASSWORD },
        t('password.intro', { min: MIN_PASSWORD })),
      inputField(t('invite.confirm'), { name: 'confirm_password', type: 'password', autocomplete: 'new-password', required: true }),
      notice(),
      submitButton(t('invite.submit'), 'button-block'));
    replace(this.el, publicFrame(
      h('h1', { class: 'public-title', tabindex: '-1' }, t('invite.title', { workspace: invite.workspace_name })),
      h('p', { class: 'public-subtitle' }, t('invite.subtitle', { email: invite.email })),
      this.form));
  }
}

function problems(values) {
  const details = {};
  if (!values.name) details.name = t('errors.required');
  if (values.password.length < MIN_PASSWORD) details.password = t('password.tooShort', { min: MIN_PASSWORD });
  else if (values.password !== values.confirm_password) details.confirm_password = t('password.mismatch');
  return refusal(details);
}

/** Mounts the invitation page for `token`. */
export function mountInvite(app, token) {
  const view = new InviteView();
  const path = `/public/invites/${encodeURIComponent(token)}`;
  view.render('loading');
  api.get(path, { public: true })
    .then((invite) => view.render('form', invite))
    .catch((error) => view.render('invalid', error));

  view.bind('accept', async (values) => {
    if (!startSubmit(view, problems(values))) return;
    try {
      // The browser's language becomes the new member's profile language.
      const data = await api.post(`${path}/accept`, {
        name: values.name, password: values.password, language: detectLanguage(null),
      }, { public: true });
      await app.signedIn(data.user);
      app.navigate('/pipeline');
    } catch (error) {
      view.render('busy', false);
      if (error.status === 404 || error.status === 410) view.render('invalid', error);
      else view.render('error', error);
    }
  });
  return view;
}
