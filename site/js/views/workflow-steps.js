/**
 * The cards of the automation builder's flow: the trigger, then each step
 * (a condition or an action) with the controls of its params. Controls carry
 * where their value goes (`data-param`, `data-cond` + `data-part`,
 * `data-set` + `data-part`); the builder reads them back on input. Nothing
 * here holds state: a card is drawn from the step and the reference data.
 */
import { h } from '../dom.js';
import { t, hasText } from '../i18n.js';
import { icon } from '../icons.js';
import { uid } from '../forms.js';
import { openStages } from '../pipelines.js';
import {
  ACTION_TYPES, ENTITIES, EVENTS, FIELDS, OWNER_CHOICES, VALUELESS_OPS, conditionPaths, opsFor, pathField, pathType,
  settableFields, stepIcon, templateVariables,
} from '../workflows.js';

/** A field's name as people read it ('stage_id' → "Étape"). */
export function fieldText(field) {
  const key = `wf.field.${field}`;
  if (hasText(key)) return t(key);
  return hasText(`fields.${field}`) ? t(`fields.${field}`) : field;
}

/** A condition path as people read it: "Étape", or "Personne › Étiquettes" through a link. */
export function pathText(path) {
  const parts = String(path || '').split('.');
  if (parts.length === 3) return `${t(`entity.${parts[1]}`)} › ${fieldText(parts[2])}`;
  return fieldText(parts[parts.length - 1]);
}

/** A labelled control; the label points at it, its hint under it. */
function labelled(label, control, { hint, wide } = {}) {
  const id = control.id || uid('wf');
  control.id = id;
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: ['field', wide ? 'field-wide' : null] },
    h('label', { class: 'field-label', for: id }, label),
    control,
    hint ? h('p', { class: 'field-hint', id: hintId }, hint) : null);
}

function options(list, selected) {
  return list.map((o) => (o.options
    ? h('optgroup', { label: o.label }, options(o.options, selected))
    : h('option', { value: o.value, selected: String(o.value) === String(selected ?? '') }, o.label)));
}

function select(attrs, list, selected) {
  return h('select', attrs, options(list, selected));
}

/** The hint under a template: the variables it may use, each a button that types it in. */
function templateHint(entity) {
  return h('span', { class: 'template-hint' }, t('wf.templateHint'), ' ',
    templateVariables(entity).map((variable) => h('button', {
      type: 'button', class: 'template-var', 'data-action': 'insert-variable', 'data-variable': variable,
    }, variable)));
}

function templateField(label, param, value, entity, { multiline } = {}) {
  const attrs = { 'data-param': param, value: value || '', dir: 'auto', spellcheck: 'true' };
  const control = multiline ? h('textarea', { ...attrs, rows: 5 }) : h('input', { type: 'text', ...attrs });
  return labelled(label, control, { hint: templateHint(entity), wide: true });
}

// ---------- Values of fields (conditions, records set or created) ----------

function stageOptions(ref) {
  return (ref.pipelines || []).map((p) => ({ label: p.name, options: openStages(p).map((s) => ({ value: s.id, label: s.name })) }));
}

function ownerOptions(ref, { choices = false } = {}) {
  const users = (ref.users || []).filter((u) => u.status !== 'disabled').map((u) => ({ value: u.id, label: u.name }));
  if (!choices) return users;
  return [...OWNER_CHOICES.map((c) => ({ value: c, label: t(`wf.owner.${c}`) })), { label: t('wf.owner.users'), options: users }];
}

/**
 * The control for a value of `field` (of type `type`): a select where the
 * values are known (stages, users, statuses, activity types), else a box.
 */
function valueControl(field, type, value, attrs, ref, { ownerChoices = false } = {}) {
  const empty = { value: '', label: t('wf.choose') };
  if (field === 'stage_id') return select(attrs, [empty, ...stageOptions(ref)], value);
  if (field === 'pipeline_id') return select(attrs, [empty, ...(ref.pipelines || []).map((p) => ({ value: p.id, label: p.name }))], value);
  if (field === 'owner_id') return select(attrs, [empty, ...ownerOptions(ref, { choices: ownerChoices })], value);
  if (field === 'status') return select(attrs, [empty, ...['open', 'won', 'lost'].map((s) => ({ value: s, label: t(`deal.status.${s}`) }))], value);
  if (field === 'type') return select(attrs, [empty, ...((ref.types && ref.types.items) || []).map((ty) => ({ value: ty.key, label: ty.label }))], value);
  if (type === 'boolean') return select(attrs, [{ value: 'true', label: t('wf.yes') }, { value: 'false', label: t('wf.no') }], String(Boolean(value)));
  if (type === 'number' || type === 'integer') return h('input', { type: 'number', step: type === 'integer' ? '1' : 'any', ...attrs, value: value ?? '' });
  if (field === 'expected_close_date') return h('input', { type: 'date', ...attrs, value: value || '' });
  const text = Array.isArray(value) ? value.join(', ') : value ?? '';
  return h('input', { type: 'text', dir: 'auto', ...attrs, value: text });
}

/** A value read back from its control, typed as the field wants it (tags: a list, numbers, true/false). */
export function readValue(field, type, raw, { list = false } = {}) {
  if (type === 'boolean') return raw === 'true';
  if (type === 'number' || type === 'integer') return raw === '' ? null : Number(raw);
  if (type === 'array' && list) return raw.split(',').map((s) => s.trim()).filter(Boolean);
  return raw;
}

// ---------- The trigger ----------

/** The trigger's card: which record, which event, for an update the fields listened to. */
export function triggerCard(draft, error) {
  const { entity, event, fields } = draft.trigger;
  const listened = event === 'updated'
    ? h('fieldset', { class: 'wf-fields' },
      h('legend', { class: 'field-label' }, t('wf.trigger.fields')),
      h('p', { class: 'field-hint' }, t('wf.trigger.fieldsHint')),
      h('div', { class: 'wf-checks' }, Object.keys(FIELDS[entity]).map((field) => h('label', { class: 'check wf-check' },
        h('input', { type: 'checkbox', 'data-action': 'trigger-field', value: field, checked: fields.includes(field) }),
        h('span', {}, fieldText(field))))))
    : null;
  return h('li', { class: 'flow-step flow-trigger', 'data-step': 'trigger' },
    h('div', { class: ['card', 'step-card', error ? 'has-error' : null] },
      h('div', { class: 'step-head' },
        h('span', { class: 'step-icon' }, icon('automations')),
        h('h3', { class: 'step-title' }, t('wf.trigger.title'))),
      error ? stepError(error) : null,
      h('div', { class: 'step-body' },
        h('div', { class: 'wf-row' },
          labelled(t('wf.trigger.entity'), select({ 'data-action': 'trigger-entity' },
            ENTITIES.map((e) => ({ value: e, label: t(`entity.${e}`) })), entity)),
          labelled(t('wf.trigger.event'), select({ 'data-action': 'trigger-event' },
            EVENTS.map((e) => ({ value: e, label: t(`wf.event.${e}`) })), event))),
        listened)));
}

function stepError(message) {
  return h('p', { class: 'step-error', role: 'alert', dir: 'auto' }, icon('warning'), h('span', {}, message));
}

// ---------- Conditions ----------

function pathOptions(entity) {
  return conditionPaths(entity).map((group) => ({
    label: group.linked ? t('wf.cond.linked', { record: t(`entity.${group.record}`) }) : t(`entity.${group.record}`),
    options: group.paths.map((path) => ({ value: path, label: group.linked ? pathText(path) : fieldText(pathField(path)) })),
  }));
}

function conditionRow(condition, index, ctx) {
  const { entity, event, ref } = ctx;
  const ops = opsFor(condition.field, entity, event);
  const field = pathField(condition.field);
  const type = pathType(condition.field, entity);
  const valueless = VALUELESS_OPS.has(condition.op);
  const value = valueless ? null
    : labelled(t('wf.cond.value'), valueControl(field, type, condition.value, { 'data-cond': index, 'data-part': 'value' }, ref));
  return h('li', { class: 'cond-row', 'data-cond-row': index },
    labelled(t('wf.cond.field'), select({ 'data-cond': index, 'data-part': 'field' }, pathOptions(entity), condition.field)),
    labelled(t('wf.cond.op'), select({ 'data-cond': index, 'data-part': 'op' },
      ops.map((op) => ({ value: op, label: t(`wf.op.${op}`) })), condition.op)),
    value,
    h('button', {
      type: 'button', class: 'icon-button icon-button-small cond-remove', 'data-action': 'remove-condition', 'data-cond': index,
      'aria-label': t('wf.cond.remove', { n: index + 1 }),
    }, icon('close')));
}

function conditionEditor(params, ctx) {
  const mode = params.any ? 'any' : 'all';
  const conditions = params[mode] || [];
  return h('div', { class: 'cond-editor' },
    labelled(t('wf.cond.mode'), select({ 'data-action': 'cond-mode' },
      ['all', 'any'].map((m) => ({ value: m, label: t(`wf.cond.${m}`) })), mode)),
    h('ol', { class: 'cond-list' }, conditions.map((c, i) => conditionRow(c, i, ctx))),
    h('button', { type: 'button', class: 'button button-small', 'data-action': 'add-condition' }, icon('plus'), t('wf.cond.add')));
}

// ---------- Actions ----------

function activityEditor(p, ctx) {
  const types = ((ctx.ref.types && ctx.ref.types.items) || []).map((ty) => ({ value: ty.key, label: ty.label }));
  return [
    h('div', { class: 'wf-row' },
      labelled(t('wf.activity.type'), select({ 'data-param': 'type' }, types, p.type)),
      labelled(t('wf.activity.owner'), select({ 'data-param': 'owner' }, ownerOptions(ctx.ref, { choices: true }), p.owner || 'record_owner'))),
    templateField(t('wf.activity.subject'), 'subject', p.subject, ctx.entity),
    h('div', { class: 'wf-row' },
      labelled(t('wf.activity.dueIn'), h('input', { type: 'number', min: 0, max: 365, step: 1, inputmode: 'numeric', 'data-param': 'due_in_days', 'data-type': 'integer', value: p.due_in_days ?? 0 })),
      labelled(t('wf.activity.at'), h('input', { type: 'time', 'data-param': 'due_time', value: p.due_time || '' }), { hint: t('wf.activity.atHint') })),
    h('label', { class: 'check' },
      h('input', { type: 'checkbox', 'data-param': 'working_days', checked: Boolean(p.working_days) }),
      h('span', {}, t('wf.activity.workingDays'))),
    labelled(t('wf.activity.note'), h('textarea', { 'data-param': 'note', rows: 2, dir: 'auto', value: p.note || '' }), { hint: templateHint(ctx.entity), wide: true }),
  ];
}

function emailEditor(p, ctx) {
  const mode = p.to === 'person' || p.to === 'owner' ? p.to : 'address';
  return [
    h('div', { class: 'wf-row' },
      labelled(t('wf.email.to'), select({ 'data-action': 'email-to' },
        ['person', 'owner', 'address'].map((to) => ({ value: to, label: t(`wf.email.to.${to}`) })), mode)),
      mode === 'address'
        ? labelled(t('wf.email.address'), h('input', { type: 'email', 'data-param': 'to', value: p.to || '', autocomplete: 'off', placeholder: t('wf.email.addressPlaceholder') }))
        : null),
    templateField(t('wf.email.subject'), 'subject', p.subject, ctx.entity),
    templateField(t('wf.email.body'), 'body', p.body, ctx.entity, { multiline: true }),
  ];
}

/** The rows of fields a step sets: field, value; and a button for one more. */
function fieldRows(values, entity, ctx, { fixed = [] } = {}) {
  const taken = new Set(Object.keys(values));
  const rows = Object.entries(values).filter(([field]) => !fixed.includes(field)).map(([field, value]) => {
    const type = FIELDS[entity][field];
    const choices = settableFields(entity).filter((f) => !fixed.includes(f) && (f === field || !taken.has(f)));
    return h('li', { class: 'set-row', 'data-set': field },
      labelled(t('wf.set.field'), select({ 'data-set': field, 'data-part': 'field' }, choices.map((f) => ({ value: f, label: fieldText(f) })), field)),
      labelled(t('wf.set.value'), valueControl(field, type, value, { 'data-set': field, 'data-part': 'value' }, ctx.ref, { ownerChoices: true }),
        { hint: type === 'array' ? t('wf.set.listHint') : null }),
      h('button', {
        type: 'button', class: 'icon-button icon-button-small cond-remove', 'data-action': 'remove-set', 'data-set': field,
        'aria-label': t('wf.set.remove', { field: fieldText(field) }),
      }, icon('close')));
  });
  const free = settableFields(entity).filter((f) => !taken.has(f) && !fixed.includes(f));
  return [
    h('ul', { class: 'cond-list' }, rows),
    free.length ? h('button', { type: 'button', class: 'button button-small', 'data-action': 'add-set', 'data-field': free[0] }, icon('plus'), t('wf.set.add')) : null,
  ];
}

function updateEditor(p, ctx) {
  return [h('p', { class: 'field-hint' }, t('wf.update.intro', { record: t(`entity.${ctx.entity}`) })), ...fieldRows(p.fields || {}, ctx.entity, ctx)];
}

const CREATED = { create_person: 'person', create_organization: 'organization', create_deal: 'deal', create_lead: 'lead' };

function createEditor(type, p, ctx) {
  const record = CREATED[type];
  const title = record === 'deal' || record === 'lead' ? 'title' : 'name';
  const extra = {};
  for (const [field, value] of Object.entries(p)) if (![title, 'pipeline_id', 'stage_id'].includes(field)) extra[field] = value;
  const parts = [templateField(fieldText(title), title, p[title], ctx.entity)];
  if (record === 'deal') {
    const pipeline = (ctx.ref.pipelines || []).find((pl) => pl.id === (p.pipeline_id || 'default')) || (ctx.ref.pipelines || [])[0];
    parts.push(h('div', { class: 'wf-row' },
      labelled(t('fields.pipeline_id'), select({ 'data-action': 'deal-pipeline' }, (ctx.ref.pipelines || []).map((pl) => ({ value: pl.id, label: pl.name })), pipeline && pipeline.id)),
      labelled(t('fields.stage_id'), select({ 'data-param': 'stage_id' },
        [{ value: '', label: t('wf.firstStage') }, ...openStages(pipeline).map((s) => ({ value: s.id, label: s.name }))], p.stage_id || ''))));
  }
  parts.push(h('p', { class: 'field-hint' }, t('wf.create.links')));
  parts.push(...fieldRowsFor(record, extra, ctx, title));
  return parts;
}

function fieldRowsFor(record, values, ctx, title) {
  return fieldRows(values, record, ctx, { fixed: [title, 'pipeline_id', 'stage_id'] });
}

function waitEditor(p) {
  const unit = p.hours && !p.days ? 'hours' : 'days';
  return h('div', { class: 'wf-row' },
    labelled(t('wf.wait.amount'), h('input', { type: 'number', min: 1, step: 1, inputmode: 'numeric', 'data-action': 'wait-amount', value: p[unit] ?? 1 })),
    labelled(t('wf.wait.unit'), select({ 'data-action': 'wait-unit' }, ['days', 'hours'].map((u) => ({ value: u, label: t(`wf.wait.${u}`) })), unit)));
}

function stepEditor(step, ctx) {
  const p = step.params || {};
  if (step.type === 'condition') return conditionEditor(p, ctx);
  if (step.type === 'create_activity') return activityEditor(p, ctx);
  if (step.type === 'send_email') return emailEditor(p, ctx);
  if (step.type === 'update_record') return updateEditor(p, ctx);
  if (step.type === 'add_note') return templateField(t('wf.note.content'), 'content', p.content, ctx.entity, { multiline: true });
  if (step.type === 'wait') return waitEditor(p);
  if (CREATED[step.type]) return createEditor(step.type, p, ctx);
  return h('p', { class: 'field-hint' }, t('wf.unknownStep'));
}

/** A step's card: its icon and kind, move and remove, its params, and the error the server found in it. */
export function stepCard(step, index, count, ctx, error) {
  const first = index === 0 && step.type === 'condition';
  const title = first ? t('wf.step.conditions') : t(`wf.step.${step.type}`);
  return h('li', { class: ['flow-step', `is-${step.type === 'condition' ? 'condition' : 'action'}`], 'data-key': step.key, 'data-type': step.type },
    h('div', { class: ['card', 'step-card', error ? 'has-error' : null] },
      h('div', { class: 'step-head' },
        h('span', { class: 'step-icon' }, icon(stepIcon(step.type))),
        h('h3', { class: 'step-title' }, h('span', { class: 'step-number' }, `${index + 1}.`), ' ', title),
        h('div', { class: 'step-tools' },
          h('button', { type: 'button', class: 'icon-button icon-button-small', 'data-action': 'step-up', disabled: index === 0, 'aria-label': t('wf.step.up', { n: index + 1 }) }, icon('up')),
          h('button', { type: 'button', class: 'icon-button icon-button-small', 'data-action': 'step-down', disabled: index === count - 1, 'aria-label': t('wf.step.down', { n: index + 1 }) }, icon('down')),
          h('button', { type: 'button', class: 'icon-button icon-button-small', 'data-action': 'step-remove', 'aria-label': t('wf.step.remove', { n: index + 1 }) }, icon('trash')))),
      error ? stepError(error) : null,
      first ? h('p', { class: 'field-hint' }, t('wf.step.conditionsHint')) : null,
      h('div', { class: 'step-body' }, stepEditor(step, ctx))));
}

/** The `+` between two steps (or at the end), with its menu of what to insert at `at`. */
export function addSlot(at, open) {
  const menuId = `add-menu-${at}`;
  return h('li', { class: ['flow-add', open ? 'is-open' : null], 'data-at': at },
    h('button', {
      type: 'button', class: 'flow-add-button', 'data-action': 'toggle-add', 'aria-expanded': String(Boolean(open)), 'aria-controls': menuId,
      'aria-label': t('wf.add.label', { n: at + 1 }),
    }, icon('plus')),
    open ? h('div', { class: 'add-menu', id: menuId, role: 'group', 'aria-label': t('wf.add.menu') },
      h('p', { class: 'add-menu-title' }, t('wf.add.menu')),
      ['condition', ...ACTION_TYPES].map((type) => h('button', { type: 'button', class: 'add-option', 'data-action': 'insert-step', 'data-type': type },
        icon(stepIcon(type)), h('span', {}, t(`wf.step.${type}`))))) : null);
}
