/**
 * Forgot password (`#/forgot`, public): asks for the account's email and
 * sends a reset link. The answer never says whether the account exists, so
 * the confirmation is worded for both cases.
 */
import { h, replace, delegate } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import {
  inputField, notice, submitButton, showError, setBusy, refusal, onSubmit, startSubmit,
} from '../forms.js';
import { publicFrame } from './frame.js';

export class ForgotPasswordView {
  constructor() {
    this.el = h('div', { class: 'screen screen-forgot' });
  }

  render(command, data) {
    const commands = {
      form: () => this._renderForm(data || {}),
      busy: () => setBusy(this.form, data, t('forgot.submitting')),
      error: () => showError(this.form, data),
      sent: () => this._renderSent(data),
    };
    commands[command]();
  }

  bind(event, handler) {
    if (event === 'request') onSubmit(this.el, handler, { only: 'forgot-form' });
    else if (event === 'again') delegate(this.el, '[data-action="forgot-again"]', 'click', () => handler());
  }

  _renderForm({ email }) {
    this.form = h('form', { class: 'form forgot-form', novalidate: true },
      inputField(t('forgot.email'), { name: 'email', type: 'email', autocomplete: 'username', required: true, value: email || '' }),
      notice(),
      submitButton(t('forgot.submit'), 'button-block'));
    replace(this.el, publicFrame(
      h('h1', { class: 'public-title', tabindex: '-1' }, t('forgot.title')),
      h('p', { class: 'public-subtitle' }, t('forgot.subtitle')),
      this.form,
      h('p', { class: 'public-foot' }, h('a', { href: '#/login' }, t('forgot.back')))));
  }

  _renderSent({ email }) {
    const title = h('h1', { class: 'public-title', tabindex: '-1' }, t('forgot.sentTitle'));
    replace(this.el, publicFrame(
      title,
      h('div', { class: 'alert alert-success forgot-sent', role: 'status' },
        h('p', {}, t('forgot.sentText', { email })),
        h('p', {}, t('forgot.sentHint'))),
      h('a', { class: 'button button-primary button-block', href: '#/login' }, t('forgot.back')),
      h('p', { class: 'public-foot' },
        h('button', { type: 'button', class: 'link-button', 'data-action': 'forgot-again' }, t('forgot.again')))));
    title.focus();
  }

  focus() {
    const email = this.form && this.form.elements.namedItem('email');
    if (email) email.focus();
  }
}

function problems(values) {
  const details = {};
  if (!values.email) details.email = t('errors.required');
  else if (!/^[^\s@]+@[^\s@]+$/.test(values.email)) details.email = t('forgot.emailInvalid');
  return refusal(details);
}

/** Mounts the forgot-password screen; `email` prefills the form (typed on the sign-in page). */
export function mountForgotPassword(app, email) {
  const view = new ForgotPasswordView();
  let typed = email || '';
  view.render('form', { email: typed });

  view.bind('request', async (values) => {
    typed = values.email;
    if (!startSubmit(view, problems(values))) return;
    try {
      await api.post('/auth/password-reset', { email: values.email }, { public: true });
      view.render('sent', { email: values.email });
    } catch (error) {
      view.render('busy', false);
      view.render('error', error.status === 429 ? { status: 429, message: t('forgot.tooMany') } : error);
    }
  });
  view.bind('again', () => {
    view.render('form', { email: typed });
    view.focus();
  });
  return view;
}
