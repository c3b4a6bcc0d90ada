/**
 * Sign in (`#/login`): email and password; the API's refusal is shown on the
 * form. "Forgot password?" leads to #/forgot with the email typed so far,
 * and so does the refusal after too many attempts.
 */
import { h, qs, replace, delegate } from '../dom.js';
import { api } from '../api.js';
import { t, detectLanguage } from '../i18n.js';
import {
  inputField, notice, submitButton, showError, setBusy, clearErrors, refusal, onSubmit, startSubmit,
} from '../forms.js';
import { publicFrame } from './frame.js';

export class LoginView {
  constructor() {
    this.el = h('div', { class: 'screen screen-login' });
  }

  render(command, data) {
    const commands = {
      form: () => this._renderForm(data || {}),
      busy: () => setBusy(this.form, data, t('login.submitting')),
      error: () => this._renderError(data),
      locked: () => this._renderLocked(),
    };
    commands[command]();
  }

  bind(event, handler) {
    if (event === 'login') onSubmit(this.el, handler);
    // Before the route changes: the forgot-password screen then starts from the email typed here.
    else if (event === 'forgot') delegate(this.el, 'a[href="#/forgot"]', 'click', () => handler(this.email()));
  }

  email() {
    return this.form.elements.namedItem('email').value.trim();
  }

  _renderForm({ email, flash }) {
    this.form = h('form', { class: 'form login-form', novalidate: true },
      inputField(t('login.email'), { name: 'email', type: 'email', autocomplete: 'username', required: true, value: email || '' }),
      inputField(t('login.password'), { name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
      notice(),
      submitButton(t('login.submit'), 'button-block'),
      h('p', { class: 'public-foot' }, h('a', { href: '#/forgot' }, t('login.forgot'))));
    replace(this.el, publicFrame(
      h('h1', { class: 'public-title', tabindex: '-1' }, t('login.title')),
      h('p', { class: 'public-subtitle' }, t('login.subtitle')),
      flash ? h('p', { class: 'alert alert-info', role: 'status' }, flash) : null,
      this.form));
  }

  _renderError(error) {
    const password = this.form.elements.namedItem('password');
    password.value = '';
    showError(this.form, error);
    if (!qs('[aria-invalid="true"]', this.form)) password.focus();
  }

  /** Too many attempts: a new password is the way in now, so the way there stands out. */
  _renderLocked() {
    this.form.elements.namedItem('password').value = '';
    clearErrors(this.form);
    replace(qs('.form-notice', this.form), h('div', { class: 'alert alert-error login-locked', role: 'alert' },
      h('p', {}, t('login.tooMany')),
      h('a', { class: 'button button-primary button-block', href: '#/forgot' }, t('login.resetNow'))));
  }

  focus() {
    const email = this.form.elements.namedItem('email');
    (email.value ? this.form.elements.namedItem('password') : email).focus();
  }
}

/** A client-side refusal shaped like the API's, so the view shows both alike. */
function missingFields(values) {
  const details = {};
  if (!values.email) details.email = t('errors.required');
  if (!values.password) details.password = t('errors.required');
  return refusal(details);
}

/** Mounts the sign-in screen; `next` is where to go once signed in. */
export function mountLogin(app, next) {
  const view = new LoginView();
  view.render('form', { flash: app.takeFlash('login') });
  view.bind('forgot', (email) => app.setFlash('forgotEmail', email));
  view.bind('login', async (values) => {
    if (!startSubmit(view, missingFields(values))) return;
    try {
      // The browser's language: a user signing in for the first time gets their profile in it.
      const data = await api.post('/auth/login', {
        email: values.email, password: values.password, language: detectLanguage(null),
      }, { public: true });
      await app.signedIn(data.user);
      app.navigate(next || '/pipeline');
    } catch (error) {
      view.render('busy', false);
      if (error.status === 429) {
        view.render('locked');
        return;
      }
      if (error.status === 401) error.message = t('login.invalid');
      view.render('error', error);
    }
  });
  return view;
}
