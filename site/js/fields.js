/**
 * Editors for record fields, shared by the create forms and the inline edit
 * of the detail pages. `fieldEditor(kind, spec)` returns {el, read(), focus()}:
 * `el` is a labelled .field, `read()` the value in the API's shape.
 */
import { h, qs, qsa } from './dom.js';
import { t, hasText } from './i18n.js';
import { icon } from './icons.js';
import { inputField, selectField, uid } from './forms.js';
import { recordPicker } from './combobox.js';
import { openStageOptions } from './pipelines.js';

export const CONTACT_LABELS = ['work', 'home', 'mobile', 'other'];
export const RELATION_KINDS = ['parent', 'subsidiary', 'related'];

/** Tags typed as "a, b, c": trimmed, without blanks or repeats. */
export function parseTags(text) {
  return Array.from(new Set(String(text || '').split(',').map((tag) => tag.trim()).filter(Boolean)));
}

function control(field) {
  return qs('input:not([type=hidden]), select, textarea', field);
}

function simple(field, read) {
  return { el: field, read: () => read(control(field)), focus: () => control(field).focus() };
}

function textareaField(label, attrs) {
  const id = uid(`f-${attrs.name}`);
  return h('div', { class: 'field' },
    h('label', { for: id, class: 'field-label' }, label),
    h('textarea', { rows: 3, ...attrs, id, 'aria-describedby': `${id}-error` }, attrs.value || ''),
    h('p', { class: 'field-error', id: `${id}-error`, hidden: true }));
}

/** A contact's label: ours translated (work, home…), one typed elsewhere (an import) as it is. */
export function contactLabel(label) {
  return hasText(`contact.${label}`) ? t(`contact.${label}`) : label;
}

function contactChoices(current) {
  return current && !CONTACT_LABELS.includes(current) ? [...CONTACT_LABELS, current] : CONTACT_LABELS;
}

/** Rows of {value, label}: emails or phones. */
function contactList({ name, label, value, type }) {
  const rows = h('div', { class: 'multi-rows' });
  const addRow = (entry = { value: '', label: 'work' }) => {
    const n = rows.children.length + 1;
    rows.append(h('div', { class: 'multi-row' },
      h('input', {
        type, value: entry.value || '', class: 'multi-value', maxlength: 254, dir: 'auto',
        'aria-label': t('fields.valueN', { label, n }), autocomplete: 'off',
      }),
      h('select', { class: 'select-compact multi-label', 'aria-label': t('fields.labelN', { label, n }) },
        // A label typed elsewhere (an import) is kept as a choice of its own, not silently turned into "work".
        contactChoices(entry.label).map((l) => h('option', { value: l, selected: l === (entry.label || 'work') }, contactLabel(l)))),
      h('button', {
        type: 'button', class: 'icon-button', 'data-action': 'remove-row', 'aria-label': t('fields.removeN', { label, n }),
      }, icon('close'))));
  };
  (value && value.length ? value : [{ value: '', label: 'work' }]).forEach(addRow);
  const fieldId = uid(`f-${name}`);
  const el = h('fieldset', { class: 'field multi', 'data-name': name },
    h('legend', { class: 'field-label' }, label), rows,
    h('button', { type: 'button', class: 'button button-small button-ghost', 'data-action': 'add-row' },
      icon('plus'), t('fields.add')),
    h('p', { class: 'field-error', id: `${fieldId}-error`, hidden: true }));
  el.addEventListener('click', (e) => {
    if (e.target.closest('[data-action="add-row"]')) {
      addRow();
      qs('.multi-row:last-child input', rows).focus();
    } else if (e.target.closest('[data-action="remove-row"]')) {
      e.target.closest('.multi-row').remove();
      if (!rows.children.length) addRow();
      qs('.multi-row input', rows).focus();
    }
  });
  return {
    el,
    read: () => qsa('.multi-row', rows)
      .map((row) => ({ value: qs('.multi-value', row).value.trim(), label: qs('.multi-label', row).value }))
      .filter((entry) => entry.value),
    focus: () => qs('input', rows).focus(),
  };
}

/** Related organizations: rows of {org_id, kind}. */
function relatedList({ label, value, ctx }) {
  const names = (ctx && ctx.orgNames) || {};
  const rows = h('div', { class: 'multi-rows' });
  const addRow = (entry) => {
    const picker = recordPicker({
      label: t('fields.relatedOrg'), name: `related_org_${rows.children.length}`, entity: 'organization',
      value: entry && entry.org_id ? { id: entry.org_id, name: names[entry.org_id] || entry.org_id } : null,
    });
    rows.append(h('div', { class: 'multi-row multi-row-related' }, picker.el,
      selectField(t('fields.relationKind'), { name: `related_kind_${rows.children.length}` },
        RELATION_KINDS.map((kind) => ({ value: kind, label: t(`relation.${kind}`) })), (entry && entry.kind) || 'related'),
      h('button', { type: 'button', class: 'icon-button', 'data-action': 'remove-row', 'aria-label': t('fields.remove') },
        icon('close'))));
  };
  (value || []).forEach(addRow);
  const el = h('fieldset', { class: 'field multi' }, h('legend', { class: 'field-label' }, label), rows,
    h('button', { type: 'button', class: 'button button-small button-ghost', 'data-action': 'add-row' }, icon('plus'), t('fields.addRelation')));
  el.addEventListener('click', (e) => {
    if (e.target.closest('[data-action="add-row"]')) {
      addRow(null);
      qs('.multi-row:last-child input:not([type=hidden])', rows).focus();
    } else if (e.target.closest('[data-action="remove-row"]')) {
      e.target.closest('.multi-row').remove();
    }
  });
  return {
    el,
    read: () => qsa('.multi-row', rows)
      .map((row) => ({ org_id: qs('input[type=hidden]', row).value, kind: qs('select', row).value }))
      .filter((entry) => entry.org_id),
    focus: () => { const first = qs('input:not([type=hidden]), button', el); if (first) first.focus(); },
  };
}

function ownerOptions(users) {
  return [{ value: '', label: t('fields.nobody') }]
    .concat((users || []).filter((u) => u.status !== 'disabled').map((u) => ({ value: u.id, label: u.name })));
}

/**
 * An editor of `kind` for the field `name`. `spec`: {name, label, value,
 * ctx: {users, pipelines, orgNames}, options (choice), required, record}.
 */
export function fieldEditor(kind, spec) {
  const { name, label, value, ctx = {}, required } = spec;
  const attrs = { name, required, dir: 'auto' };
  switch (kind) {
    case 'text':
      return simple(inputField(label, { ...attrs, value: value ?? '', maxlength: spec.maxlength || 500 }), (c) => c.value.trim());
    case 'email':
      return simple(inputField(label, { ...attrs, type: 'email', value: value ?? '', maxlength: 254 }), (c) => c.value.trim());
    case 'textarea':
      return simple(textareaField(label, { ...attrs, value: value ?? '', maxlength: 2000 }), (c) => c.value.trim());
    case 'number':
      return simple(inputField(label, { ...attrs, type: 'number', step: 'any', value: value ?? '', dir: null }),
        (c) => (c.value.trim() === '' ? null : Number(c.value)));
    case 'date':
      return simple(inputField(label, { ...attrs, type: 'date', value: value || '', dir: null }), (c) => c.value || null);
    case 'currency':
      return simple(inputField(label, {
        ...attrs, value: value || '', maxlength: 3, class: 'input-short', autocapitalize: 'characters', dir: null,
      }), (c) => c.value.trim().toUpperCase());
    case 'choice':
      return simple(selectField(label, { name }, [{ value: '', label: '—' }]
        .concat((spec.options || []).map((o) => ({ value: o, label: o }))), value ?? ''), (c) => c.value || null);
    case 'owner':
      return simple(selectField(label, { name }, ownerOptions(ctx.users), value || ''), (c) => c.value || null);
    case 'stage':
      return simple(selectField(label, { name }, openStageOptions(ctx.pipelines), value || ''), (c) => {
        const [pipelineId, stageId] = c.value.split('/');
        return { pipeline_id: pipelineId || null, stage_id: stageId || null };
      });
    case 'tags':
      return simple(inputField(label, { ...attrs, value: (value || []).join(', '), maxlength: 1000 }, t('fields.tagsHint')),
        (c) => parseTags(c.value));
    case 'emails':
      return contactList({ name, label, value, type: 'email' });
    case 'phones':
      return contactList({ name, label, value, type: 'tel' });
    case 'organization':
    case 'person':
    case 'deal': {
      const picker = recordPicker({ label, name, entity: kind, value });
      return { el: picker.el, read: () => picker.value, focus: () => { const c = qs('input:not([type=hidden]), button', picker.el); if (c) c.focus(); }, picker };
    }
    case 'related':
      return relatedList({ label, value, ctx });
    default:
      throw new Error(`fieldEditor: unknown kind ${kind}`);
  }
}

/** The editor kind for a custom field definition. */
export function customKind(def) {
  return { number: 'number', date: 'date', choice: 'choice' }[def.type] || 'text';
}

