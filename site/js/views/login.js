/** Sign in (`#/login`): email and password; the API's refusal is shown on the form. */
import { h, qs, replace } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { inputField, notice, submitButton, showError, setBusy, clearErrors, refusal, onSubmit } from '../forms.js';
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
    };
    commands[command]();
  }

  bind(event, handler) {
    if (event === 'login') onSubmit(this.el, handler);
  }

  _renderForm({ email, flash }) {
    this.form = h('form', { class: 'form login-form', novalidate: true },
      inputField(t('login.email'), { name: 'email', type: 'email', autocomplete: 'username', required: true, value: email || '' }),
      inputField(t('login.password'), { name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
      notice(),
      submitButton(t('login.submit'), 'button-block'));
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
  view.bind('login', async (values) => {
    const missing = missingFields(values);
    if (missing) {
      view.render('error', missing);
      return;
    }
    clearErrors(view.form);
    view.render('busy', true);
    try {
      const data = await api.post('/auth/login', { email: values.email, password: values.password }, { public: true });
      await app.signedIn(data.user);
      app.navigate(next || '/pipeline');
    } catch (error) {
      view.render('busy', false);
      if (error.status === 401) error.message = t('login.invalid');
      view.render('error', error);
    }
  });
  return view;
}
