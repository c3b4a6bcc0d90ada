/** Settings › Profile: name, language and time zone (saved with the version), and the password. */
import { h, replace } from '../dom.js';
import { api } from '../api.js';
import { t, LANGUAGES } from '../i18n.js';
import {
  inputField, selectField, notice, submitButton, showError, showSuccess, setBusy, clearErrors, refusal, onSubmit, onReload,
} from '../forms.js';
import { mountCalendarFeed } from './settings-calendar-feed.js';

export const MIN_PASSWORD = 10;

/** The IANA zones the browser knows, grouped by region (Europe, America…), `current` always among them. */
export function timeZoneOptions(current) {
  let zones = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  zones = Array.from(new Set([...zones, 'UTC', current].filter(Boolean))).sort();
  const groups = new Map();
  for (const zone of zones) {
    const region = zone.includes('/') ? zone.split('/')[0] : 'UTC';
    if (!groups.has(region)) groups.set(region, []);
    groups.get(region).push({ value: zone, label: zone.replace(/_/g, ' ') });
  }
  return Array.from(groups, ([label, options]) => ({ label, options }));
}

export class ProfileView {
  constructor() {
    this.el = h('div', { class: 'tab-panel' });
  }

  render(command, data) {
    const commands = {
      profile: () => this._renderProfile(data),
      profileBusy: () => setBusy(this.profileForm, data),
      profileSaved: () => showSuccess(this.profileForm, t('profile.saved')),
      profileError: () => showError(this.profileForm, data),
      passwordBusy: () => setBusy(this.passwordForm, data),
      passwordChanged: () => {
        this.passwordForm.reset();
        showSuccess(this.passwordForm, t('password.changed'));
      },
      passwordError: () => showError(this.passwordForm, data),
    };
    commands[command]();
  }

  bind(event, handler) {
    if (event === 'saveProfile') onSubmit(this.el, handler, { only: 'profile-form' });
    else if (event === 'changePassword') onSubmit(this.el, handler, { only: 'password-form' });
    else if (event === 'reload') onReload(this.el, handler);
  }

  _renderProfile({ user, timeZones }) {
    this.profileForm = h('form', { class: 'form profile-form', novalidate: true },
      inputField(t('profile.email'), { name: 'email_display', type: 'email', value: user.email, readOnly: true, disabled: true }),
      inputField(t('profile.name'), { name: 'name', value: user.name, autocomplete: 'name', required: true, maxlength: 200 }),
      selectField(t('profile.language'), { name: 'language' },
        LANGUAGES.map((lang) => ({ value: lang, label: t(`lang.${lang}`) })), user.language),
      selectField(t('profile.timezone'), { name: 'timezone' }, timeZones, user.timezone),
      notice(),
      h('div', { class: 'form-actions' }, submitButton(t('profile.save'))));

    this.passwordForm = h('form', { class: 'form password-form', novalidate: true },
      // Lets password managers tie the new password to the account.
      h('input', { type: 'text', name: 'username', value: user.email, autocomplete: 'username', hidden: true, disabled: true }),
      inputField(t('password.current'), { name: 'current_password', type: 'password', autocomplete: 'current-password', required: true }),
      inputField(t('password.new'), { name: 'new_password', type: 'password', autocomplete: 'new-password', required: true, minlength: MIN_PASSWORD },
        t('password.intro', { min: MIN_PASSWORD })),
      inputField(t('password.confirm'), { name: 'confirm_password', type: 'password', autocomplete: 'new-password', required: true }),
      notice(),
      h('div', { class: 'form-actions' }, submitButton(t('password.submit'))));

    replace(this.el,
      h('section', { class: 'card', 'aria-labelledby': 'profile-heading' },
        h('h2', { class: 'card-title', id: 'profile-heading' }, t('profile.heading')),
        h('p', { class: 'card-intro' }, t('profile.intro')),
        this.profileForm),
      h('section', { class: 'card', 'aria-labelledby': 'password-heading' },
        h('h2', { class: 'card-title', id: 'password-heading' }, t('password.heading')),
        this.passwordForm));
  }
}

function passwordProblems(values) {
  const details = {};
  if (!values.current_password) details.current_password = t('errors.required');
  if (values.new_password.length < MIN_PASSWORD) details.new_password = t('password.tooShort', { min: MIN_PASSWORD });
  else if (values.new_password !== values.confirm_password) details.confirm_password = t('password.mismatch');
  return refusal(details);
}

/** Mounts the profile tab for the signed-in user. */
export function mountProfile(app) {
  const view = new ProfileView();
  view.render('profile', { user: app.user, timeZones: timeZoneOptions(app.user.timezone) });
  view.el.append(mountCalendarFeed(app).el);
  const saved = app.takeFlash('profile');
  if (saved) view.render('profileSaved');

  view.bind('saveProfile', async (values) => {
    if (!values.name) {
      view.render('profileError', { status: 400, details: { name: t('errors.required') } });
      return;
    }
    view.render('profileBusy', true);
    try {
      const user = await api.patch('/me', {
        name: values.name, language: values.language, timezone: values.timezone, version: app.user.version,
      });
      view.render('profileBusy', false);
      // A new language redraws every screen, this one included: the notice survives through the flash.
      if (app.setUser(user)) app.refresh({ flash: { profile: true } });
      else view.render('profileSaved');
    } catch (error) {
      view.render('profileBusy', false);
      view.render('profileError', error);
    }
  });

  view.bind('changePassword', async (values) => {
    const problems = passwordProblems(values);
    if (problems) {
      view.render('passwordError', problems);
      return;
    }
    clearErrors(view.passwordForm);
    view.render('passwordBusy', true);
    try {
      // A wrong current password may answer 401: that is a form error, not a lost session.
      await api.post('/me/password', {
        current_password: values.current_password, new_password: values.new_password,
      }, { public: true });
      view.render('passwordBusy', false);
      view.render('passwordChanged');
    } catch (error) {
      view.render('passwordBusy', false);
      const wrongCurrent = error.status === 401 || error.status === 403;
      view.render('passwordError', wrongCurrent
        ? { status: 400, details: { current_password: t('password.wrongCurrent') } }
        : error);
    }
  });

  view.bind('reload', async () => {
    try {
      app.setUser(await api.get('/me'));
      app.refresh();
    } catch (error) {
      view.render('profileError', error);
    }
  });
  return view;
}
