/**
 * Choose a new password (`#/reset/<token>`, public), from the link a reset
 * mail holds: it names the account, asks for the password twice, and signs
 * the owner in. A link used, expired or replaced by a newer one says so and
 * offers to ask for another.
 */
import { h, replace, delegate } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import {
  inputField, notice, submitButton, showError, setBusy, errorAlert, refusal, onSubmit, startSubmit,
} from '../forms.js';
import { publicFrame, loadingStatus } from './frame.js';
import { MIN_PASSWORD } from './settings-profile.js';

export class ResetPasswordView {
  constructor() {
    this.el = h('div', { class: 'screen screen-reset' });
  }

  render(command, data) {
    const commands = {
      loading: () => replace(this.el, publicFrame(loadingStatus())),
      invalid: () => this._renderInvalid(),
      failed: () => this._renderFailed(data),
      form: () => this._renderForm(data),
      busy: () => setBusy(this.form, data),
      error: () => showError(this.form, data),
    };
    commands[command]();
  }

  bind(event, handler) {
    if (event === 'reset') onSubmit(this.el, handler, { only: 'reset-form' });
    else if (event === 'retry') delegate(this.el, '[data-action="retry"]', 'click', () => handler());
  }

  _renderInvalid() {
    replace(this.el, publicFrame(
      h('h1', { class: 'public-title', tabindex: '-1' }, t('reset.invalid')),
      h('p', { class: 'public-subtitle' }, t('reset.invalidText')),
      h('div', { class: 'public-actions' },
        h('a', { class: 'button button-primary button-block', href: '#/forgot' }, t('reset.askAgain')),
        h('a', { class: 'button button-block', href: '#/login' }, t('reset.toLogin')))));
  }

  /** The link could not be checked (network, too many tries): nothing says it is bad. */
  _renderFailed(error) {
    replace(this.el, publicFrame(
      h('h1', { class: 'public-title', tabindex: '-1' }, t('reset.title')),
      errorAlert(error),
      h('button', { type: 'button', class: 'button button-primary button-block', 'data-action': 'retry' }, t('errors.reload'))));
  }

  _renderForm({ email }) {
    this.form = h('form', { class: 'form reset-form', novalidate: true },
      // Lets password managers file the new password under the account.
      h('input', { type: 'email', name: 'username', value: email, autocomplete: 'username', hidden: true, disabled: true }),
      inputField(t('reset.password'), { name: 'password', type: 'password', autocomplete: 'new-password', required: true, minlength: MIN_PASSWORD },
        t('password.intro', { min: MIN_PASSWORD })),
      inputField(t('reset.confirm'), { name: 'confirm_password', type: 'password', autocomplete: 'new-password', required: true }),
      h('p', { class: 'field-hint' }, t('reset.sessions')),
      notice(),
      submitButton(t('reset.submit'), 'button-block'));
    replace(this.el, publicFrame(
      h('h1', { class: 'public-title', tabindex: '-1' }, t('reset.title')),
      h('p', { class: 'public-subtitle' }, t('reset.subtitle', { email })),
      this.form));
  }

  focus() {
    const password = this.form && this.form.elements.namedItem('password');
    if (password) password.focus();
  }
}

function problems(values) {
  const details = {};
  if (values.password.length < MIN_PASSWORD) details.password = t('password.tooShort', { min: MIN_PASSWORD });
  else if (values.password !== values.confirm_password) details.confirm_password = t('password.mismatch');
  return refusal(details);
}

/** The API's refusal in the UI's language: its password rule speaks English. */
function localized(error) {
  if (error.status === 400 && error.details && error.details.password) {
    return { ...error, details: { ...error.details, password: t('password.weak') } };
  }
  if (error.status === 429) return { status: 429, message: t('errors.tooMany') };
  return error;
}

/** Mounts the reset page for `token`. */
export function mountResetPassword(app, token) {
  const view = new ResetPasswordView();
  const path = `/public/password-resets/${encodeURIComponent(token)}`;

  async function load() {
    view.render('loading');
    try {
      const reset = await api.get(path, { public: true });
      view.render('form', reset);
      view.focus();
    } catch (error) {
      view.render(error.status === 404 ? 'invalid' : 'failed', localized(error));
    }
  }

  view.bind('retry', load);
  view.bind('reset', async (values) => {
    if (!startSubmit(view, problems(values))) return;
    try {
      const data = await api.post(path, { password: values.password }, { public: true });
      await app.signedIn(data.user);
      app.navigate('/pipeline');
    } catch (error) {
      view.render('busy', false);
      if (error.status === 404) view.render('invalid');
      else view.render('error', localized(error));
    }
  });
  load();
  return view;
}
