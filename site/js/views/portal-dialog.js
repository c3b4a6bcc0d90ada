/**
 * The dialog that opens or edits a won deal's client portal: the welcome
 * text, the package of sessions, the goals the client ticks, what the page
 * shows, whether an emailed one-time code is asked first, the client's
 * language, and whether the invitation is emailed now. Checklist items keep
 * their id when edited, so the client's ticks survive.
 */
import { h, qs, qsa, delegate } from '../dom.js';
import { api } from '../api.js';
import { t, getLanguage } from '../i18n.js';
import { icon } from '../icons.js';
import { openDialog } from '../dialog.js';
import {
  inputField, selectField, notice, submitButton, showError, setBusy, clearErrors, refusal, uid,
} from '../forms.js';
import { DURATIONS, durationText } from '../booking-links.js';

export const SHOWN = ['sessions', 'booking', 'notes', 'files', 'uploads', 'checklist'];
const MAX_ITEMS = 50;
const MAX_WELCOME = 5000;

function checkbox(name, label, checked, hint) {
  const id = uid(`f-${name}`);
  return h('div', { class: 'field field-check' },
    h('label', { class: 'check', for: id },
      h('input', { type: 'checkbox', id, name, checked: Boolean(checked), 'aria-describedby': `${id}-error${hint ? ` ${id}-hint` : ''}` }),
      h('span', {}, label)),
    hint ? h('p', { class: 'field-hint', id: `${id}-hint` }, hint) : null,
    h('p', { class: 'field-error', id: `${id}-error`, hidden: true }));
}

function itemRow(item) {
  const id = uid('checklist-item');
  return h('li', { class: 'checklist-edit-row', 'data-item': item.id || '' },
    h('label', { class: 'visually-hidden', for: id }, t('portal.form.item')),
    h('input', { type: 'text', id, name: 'item', value: item.text || '', maxlength: 300, dir: 'auto', autocomplete: 'off' }),
    h('button', { type: 'button', class: 'icon-button', 'data-action': 'remove-item', 'aria-label': t('portal.form.removeItem') }, icon('close')));
}

/** What the form says, as the API's body (new items as texts, kept ones as {id, text}). */
function readForm(form, creating) {
  const value = (name) => form.elements.namedItem(name);
  const items = qsa('.checklist-edit-row', form)
    .map((row) => ({ id: row.dataset.item, text: qs('input', row).value.trim() }))
    .filter((item) => item.text)
    .map((item) => (item.id ? { id: item.id, text: item.text } : item.text));
  const body = {
    welcome: value('welcome').value.trim(),
    sessions_total: Number(value('sessions_total').value || 0),
    show: Object.fromEntries(SHOWN.map((key) => [key, value(`show_${key}`).checked])),
    checklist: items,
    code_required: value('code_required').checked,
    language: value('language').value,
    send_invite: value('send_invite').checked,
  };
  if (creating) body.session_minutes = Number(value('session_minutes').value);
  return body;
}

function problems(body) {
  const details = {};
  if (!Number.isInteger(body.sessions_total) || body.sessions_total < 0 || body.sessions_total > 100) {
    details.sessions_total = t('portal.form.sessionsInvalid');
  }
  if (body.checklist.length > MAX_ITEMS) details.checklist = t('portal.form.tooManyItems', { n: MAX_ITEMS });
  return refusal(details);
}

/**
 * Opens the dialog for `deal` ({id, title, person email…}); `portal` is the current one to edit, or
 * null to create it. Resolves the saved portal, or null when cancelled.
 */
export function openPortalDialog(deal, portal, { clientEmail } = {}) {
  const creating = !portal;
  const current = portal || {
    welcome: '', sessions_total: 5, show: Object.fromEntries(SHOWN.map((k) => [k, true])), checklist: [],
    code_required: false, language: getLanguage(),
  };
  const welcomeId = uid('portal-welcome');
  const items = h('ol', { class: 'checklist-edit' }, (current.checklist || []).map(itemRow));
  const addItem = h('button', { type: 'button', class: 'button button-small', 'data-action': 'add-item' }, icon('plus'), t('portal.form.addItem'));
  const form = h('form', { class: 'form portal-form', novalidate: true },
    h('div', { class: 'field' },
      h('label', { for: welcomeId, class: 'field-label' }, t('portal.form.welcome')),
      h('textarea', {
        id: welcomeId, name: 'welcome', rows: 4, maxlength: MAX_WELCOME, dir: 'auto',
        placeholder: t('portal.form.welcomePlaceholder', { title: deal.title || '' }), 'aria-describedby': `${welcomeId}-error`,
      }, current.welcome || ''),
      h('p', { class: 'field-error', id: `${welcomeId}-error`, hidden: true })),
    h('div', { class: 'form-grid portal-package' },
      h('div', { class: 'form-cell' }, inputField(t('portal.form.sessions'), {
        name: 'sessions_total', type: 'number', min: 0, max: 100, step: 1, inputmode: 'numeric', value: String(current.sessions_total ?? 0),
      }, t('portal.form.sessionsHint'))),
      creating ? h('div', { class: 'form-cell' }, selectField(t('portal.form.sessionLength'), { name: 'session_minutes' },
        DURATIONS.filter((m) => m >= 15 && m <= 240).map((m) => ({ value: String(m), label: durationText(m) })), '60')) : null),
    h('fieldset', { class: 'portal-checklist', name: 'checklist' },
      h('legend', { class: 'field-label' }, t('portal.form.checklist')),
      h('p', { class: 'field-hint' }, t('portal.form.checklistHint')),
      items,
      addItem),
    h('fieldset', { class: 'portal-show' },
      h('legend', { class: 'field-label' }, t('portal.form.show')),
      h('div', { class: 'check-grid' }, SHOWN.map((key) => checkbox(`show_${key}`, t(`portal.show.${key}`), current.show ? current.show[key] !== false : true)))),
    h('div', { class: 'form-grid' },
      h('div', { class: 'form-cell' }, selectField(t('portal.form.language'), { name: 'language' },
        [{ value: 'fr', label: 'Français' }, { value: 'en', label: 'English' }], current.language || getLanguage()))),
    checkbox('code_required', t('portal.form.code'), current.code_required, t('portal.form.codeHint')),
    checkbox('send_invite', creating ? t('portal.form.sendInvite') : t('portal.form.sendAgain'), creating,
      clientEmail ? t('portal.form.inviteTo', { email: clientEmail }) : t('portal.form.noEmail')),
    notice(),
    h('div', { class: 'form-actions' },
      submitButton(creating ? t('portal.form.create') : t('record.save')),
      h('button', { type: 'button', class: 'button', 'data-action': 'dismiss' }, t('dialog.cancel'))));
  if (!clientEmail && creating) form.elements.namedItem('send_invite').checked = false;
  if (!(current.checklist || []).length) items.append(itemRow({}));

  delegate(form, '[data-action=add-item]', 'click', () => {
    if (qsa('.checklist-edit-row', form).length >= MAX_ITEMS) return;
    const row = itemRow({});
    items.append(row);
    qs('input', row).focus();
  });
  delegate(form, '[data-action=remove-item]', 'click', (e, button) => {
    const row = button.closest('.checklist-edit-row');
    const next = row.nextElementSibling || row.previousElementSibling;
    row.remove();
    (next ? qs('input', next) : addItem).focus();
  });
  // Enter in an item adds the next one, as in a to-do list.
  items.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || !e.target.matches('input[name=item]')) return;
    e.preventDefault();
    addItem.click();
  });

  const dialog = openDialog({
    title: creating ? t('portal.form.createTitle', { title: deal.title || '' }) : t('portal.form.editTitle'),
    content: form, className: 'dialog-form portal-dialog',
  });
  qs('textarea', form).focus();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const body = readForm(form, creating);
    const refused = problems(body);
    if (refused) {
      showError(form, refused);
      return;
    }
    setBusy(form, true);
    try {
      const path = `/deals/${encodeURIComponent(deal.id)}/portal`;
      const saved = creating ? await api.post(path, body) : await api.patch(path, { ...body, version: portal.version });
      dialog.close({ ...saved, invited: body.send_invite });
    } catch (error) {
      setBusy(form, false);
      if (error.status !== 401) showError(form, error);
    }
  });
  return dialog.closed;
}
