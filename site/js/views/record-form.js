/**
 * Creating a person, an organization, a deal or a lead, in a dialog. A person whose
 * email is already known is refused (409 duplicate_email) and the dialog
 * names the existing person with a link to open them instead.
 */
import { h, qs, replace } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { notice, submitButton, showError, setBusy, clearErrors } from '../forms.js';
import { openDialog } from '../dialog.js';
import { fieldEditor } from '../fields.js';
import { lookups } from '../lookups.js';
import { openStages } from '../pipelines.js';
import { ENTITIES, fieldsOf, fieldLabel, fieldPatch } from '../entities.js';

function firstStage(pipelines) {
  const pipeline = (pipelines || [])[0];
  const stage = openStages(pipeline)[0];
  return stage ? `${pipeline.id}/${stage.id}` : '';
}

/** The alert for a refused duplicate email: "…already exists: <name>" with a link to that person. */
export function duplicateAlert(details, onOpen) {
  const existing = (details && details.existing) || {};
  const link = h('a', { href: `#/persons/${encodeURIComponent(existing.id || '')}`, class: 'duplicate-link', dir: 'auto' },
    existing.name || details.email || '');
  if (onOpen) link.addEventListener('click', onOpen);
  return h('div', { class: 'alert alert-error duplicate-alert', role: 'alert' },
    h('p', {}, t('persons.duplicate'), ' ', link));
}

/**
 * Opens the create dialog of `plural`. `preset` holds starting values
 * ({org_id: {id, name}, person_id: {id, name}, stage: 'pipeline/stage'}). On
 * success goes to the new record, or calls `onCreated(record)` when given
 * (the board stays where it is and shows the new card).
 */
export async function openCreateDialog(app, plural, preset = {}, { onCreated } = {}) {
  let ref;
  try {
    ref = await lookups('users', 'customFields', 'pipelines');
  } catch (error) {
    if (error.status === 401) return;
    ref = { users: [], customFields: {}, pipelines: [] };
  }
  const ctx = { users: ref.users, pipelines: ref.pipelines };
  const defaults = {
    owner_id: app.user.id,
    currency: (app.workspace && app.workspace.default_currency) || 'EUR',
    stage: firstStage(ref.pipelines),
    ...preset,
  };
  const fields = fieldsOf(plural, ref.customFields).filter((f) => !f.detailOnly && !f.createHidden);
  const editors = fields.map((field) => ({
    field,
    editor: fieldEditor(field.kind, {
      name: field.key, label: fieldLabel(field), value: defaults[field.key] ?? null, ctx,
      required: field.required, options: field.options,
    }),
  }));
  const form = h('form', { class: 'form create-form', novalidate: true, 'data-entity': plural },
    h('div', { class: 'form-grid' }, editors.map(({ editor, field }) => h('div', { class: ['form-cell', `form-cell-${field.kind}`] }, editor.el))),
    notice(),
    h('div', { class: 'form-actions' },
      submitButton(t(`${plural}.create`)),
      h('button', { type: 'button', class: 'button', 'data-action': 'dismiss' }, t('dialog.cancel'))));
  const dialog = openDialog({ title: t(`${plural}.new`), content: form, className: 'dialog-form' });
  const slot = qs('.form-notice', form);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    let body = {};
    for (const { field, editor } of editors) {
      const value = editor.read();
      if (field.customKey) {
        if (value !== null && value !== '') body.custom = { ...(body.custom || {}), [field.customKey]: value };
      } else {
        body = { ...body, ...fieldPatch(field, value) };
      }
    }
    for (const key of Object.keys(body)) if (body[key] === null || body[key] === '') delete body[key];
    const titleKey = ENTITIES[plural].titleKey;
    if (!body[titleKey]) {
      showError(form, { status: 400, details: { [titleKey]: t('errors.required') } });
      return;
    }
    if ((plural === 'deals' || plural === 'leads') && !body.person_id && !body.org_id) {
      showError(form, { status: 400, message: t(`${plural}.needLink`), details: {} });
      return;
    }
    setBusy(form, true);
    try {
      const record = await api.post(`/${plural}`, body);
      setBusy(form, false);
      dialog.close(record);
      if (onCreated) onCreated(record);
      else app.navigate(`/${plural}/${encodeURIComponent(record.id)}`);
    } catch (error) {
      setBusy(form, false);
      if (error.status === 409 && error.code === 'duplicate_email') {
        replace(slot, duplicateAlert(error.details, () => dialog.close(null)));
        qs('.duplicate-link', slot).focus();
      } else {
        showError(form, error);
      }
    }
  });
  return dialog.closed;
}
