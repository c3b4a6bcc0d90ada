/**
 * Form building blocks shared by the screens: labelled fields with a hint and
 * an error slot, and the display of API errors next to the fields they name
 * (error.details maps a field name to a message).
 */
import { h, qs, qsa, replace, delegate, formValues } from './dom.js';
import { t } from './i18n.js';

let counter = 0;

/** A unique element id (labels need one per control). */
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

function describedBy(id, hint) {
  return [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' ');
}

function wrap(id, label, control, hint) {
  return h('div', { class: 'field' },
    h('label', { for: id, class: 'field-label' }, label),
    control,
    hint ? h('p', { class: 'field-hint', id: `${id}-hint` }, hint) : null,
    h('p', { class: 'field-error', id: `${id}-error`, hidden: true }));
}

/** A labelled input. `attrs` go to the <input> (name, type, value, required…). */
export function inputField(label, attrs, hint) {
  const id = uid(`f-${attrs.name}`);
  const input = h('input', { type: 'text', ...attrs, id, 'aria-describedby': describedBy(id, hint) });
  return wrap(id, label, input, hint);
}

function option(o, selected) {
  if (o.options) return h('optgroup', { label: o.label }, o.options.map((inner) => option(inner, selected)));
  return h('option', { value: o.value, selected: o.value === selected }, o.label);
}

/** A labelled select; `options` is a list of {value, label} or groups {label, options}. */
export function selectField(label, attrs, options, selected, hint) {
  const id = uid(`f-${attrs.name}`);
  const select = h('select', { ...attrs, id, 'aria-describedby': describedBy(id, hint) },
    options.map((o) => option(o, selected)));
  return wrap(id, label, select, hint);
}

/** The area under a form where its outcome is announced. */
export function notice() {
  return h('div', { class: 'form-notice', 'aria-live': 'polite' });
}

/** A submit button that shows a busy label while the form is sent. */
export function submitButton(label, extraClass) {
  return h('button', { type: 'submit', class: ['button', 'button-primary', extraClass], 'data-label': label }, label);
}

/** Removes every error shown on `form` and its notice. */
export function clearErrors(form) {
  for (const control of qsa('[aria-invalid]', form)) control.removeAttribute('aria-invalid');
  for (const slot of qsa('.field-error', form)) replace(slot).hidden = true;
  const slot = qs('.form-notice', form);
  if (slot) replace(slot);
}

/** Marks the field `name` of `form` invalid with `message`; false when there is no such field. */
export function setFieldError(form, name, message) {
  const control = form.elements.namedItem(name);
  if (!control || !control.id) return false;
  control.setAttribute('aria-invalid', 'true');
  const slot = document.getElementById(`${control.id}-error`);
  if (slot) {
    replace(slot, message);
    slot.hidden = false;
  }
  return true;
}

/** The sentence to show a person for an ApiError (or any error). */
export function errorMessage(error) {
  const status = error && error.status;
  if (status === 0) return t('errors.network');
  if (status === 409) return t('errors.conflict');
  if (status === 403) return t('errors.forbidden');
  if (status === 404) return t('errors.notFound');
  if (status === 413) return t('errors.tooLarge');
  if (status === 429) return (error && error.message) || t('errors.tooMany');
  return (error && error.status && error.message) || t('errors.generic');
}

/**
 * Shows an API error on `form`: details next to their fields, the rest in
 * the form's notice; a stale version (409) comes with a reload button.
 */
export function showError(form, error) {
  clearErrors(form);
  // A stale version's details name the current version: nothing a person can fix in a field.
  const details = (error && error.code !== 'version_conflict' && error.details) || {};
  let placed = 0;
  let unplaced = [];
  for (const [name, message] of Object.entries(details)) {
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    if (setFieldError(form, name, text)) placed += 1;
    else unplaced.push(text);
  }
  // Details on the fields (a taken email is a 409 too) say what to fix; a bare 409 is a stale version.
  const message = placed ? t('errors.invalid') : errorMessage(error);
  const stale = error && error.status === 409 && !placed;
  const slot = qs('.form-notice', form);
  if (slot) {
    replace(slot, h('div', { class: 'alert alert-error', role: 'alert' },
      h('p', {}, message),
      unplaced.length ? h('ul', {}, unplaced.map((text) => h('li', {}, text))) : null,
      stale ? reloadButton() : null));
  }
  const firstInvalid = qs('[aria-invalid="true"]', form);
  if (firstInvalid) firstInvalid.focus();
}

/** Announces a success on `form`. */
export function showSuccess(form, message) {
  clearErrors(form);
  const slot = qs('.form-notice', form);
  if (slot) replace(slot, successAlert(message));
}

/** Disables the submit button of `form` (with a busy label) while a request runs. */
export function setBusy(form, busy, busyLabel) {
  const button = qs('button[type="submit"]', form);
  if (!button) return;
  button.disabled = busy;
  button.setAttribute('aria-busy', busy ? 'true' : 'false');
  button.textContent = busy ? busyLabel || t('app.saving') : button.dataset.label;
}

/** A client-side refusal shaped like the API's (400 with details per field), or null when `details` is empty. */
/**
 * Starts sending a form: shows `refused` (a client-side refusal) and answers false,
 * or clears the old errors, marks the view busy and answers true.
 */
export function startSubmit(view, refused) {
  if (refused) {
    view.render('error', refused);
    return false;
  }
  clearErrors(view.form);
  view.render('busy', true);
  return true;
}

export function refusal(details) {
  return Object.keys(details).length ? { status: 400, message: t('errors.invalid'), details } : null;
}

/** The button offered with a stale version (409): its click is bound with onReload. */
export function reloadButton() {
  return h('button', { type: 'button', class: 'button button-small', 'data-action': 'reload' }, t('errors.reload'));
}

/** A one-line error alert for `error`, for a screen's notice. */
export function errorAlert(error) {
  return h('p', { class: 'alert alert-error', role: 'alert' }, errorMessage(error));
}

/** An error alert for `error` that offers to reload when the version was stale (409). */
export function reloadableErrorAlert(error) {
  return h('div', { class: 'alert alert-error', role: 'alert' },
    h('p', {}, errorMessage(error)),
    error && error.status === 409 ? reloadButton() : null);
}

/** A success alert; `children` are text or nodes. */
export function successAlert(...children) {
  return h('p', { class: 'alert alert-success', role: 'status' }, children);
}

/**
 * Runs `handler(read(form))` instead of sending a form submitted inside
 * `root` (only forms of class `only`, when given); `read` defaults to formValues.
 */
export function onSubmit(root, handler, { only, read = formValues } = {}) {
  root.addEventListener('submit', (e) => {
    if (only && !e.target.classList.contains(only)) return;
    e.preventDefault();
    handler(read(e.target));
  });
}

/** Runs `handler()` when a reload button (see reloadButton) inside `root` is clicked. */
export function onReload(root, handler) {
  delegate(root, '[data-action="reload"]', 'click', () => handler());
}
