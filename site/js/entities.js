/**
 * What the record screens know about persons, organizations and deals:
 * their API paths, the columns of their lists, and their fields (editor
 * kind, how a value is shown, how an edit becomes a PATCH). The list, the
 * create form and the detail page are generic over these definitions.
 */
import { h } from './dom.js';
import { t } from './i18n.js';
import { icon } from './icons.js';
import { formatDate, formatMoney, formatNumber } from './format.js';
import { userName } from './lookups.js';
import { stageName as pipelineStageName } from './pipelines.js';
import { customKind, contactLabel } from './fields.js';

/** A link to a record's page; the text is the record's name, as text. */
export function recordLink(route, id, name, extraClass) {
  if (!id) return null;
  return h('a', { href: `#/${route}/${encodeURIComponent(id)}`, class: ['record-link', extraClass], dir: 'auto' },
    name || t('record.unnamed'));
}

/** The name of a referenced record from a response's `included` map. */
export function includedName(included, plural, id) {
  const record = id && included && included[plural] && included[plural][id];
  if (!record) return null;
  return plural === 'deals' ? record.title : record.name;
}

function tagList(tags) {
  if (!tags || !tags.length) return null;
  return h('span', { class: 'tags' }, tags.map((tag) => h('span', { class: 'tag', dir: 'auto' }, tag)));
}

function contactLinks(entries, scheme) {
  if (!entries || !entries.length) return null;
  return h('span', { class: 'contact-list' }, entries.map((entry) => h('span', { class: 'contact' },
    h('a', { href: `${scheme}:${entry.value}`, dir: 'auto' }, entry.value),
    entry.label ? h('span', { class: 'contact-label', dir: 'auto' }, contactLabel(entry.label)) : null)));
}

function statusBadge(status) {
  return status ? h('span', { class: `status status-deal-${status}` }, t(`deal.status.${status}`)) : null;
}

function stageName(ctx, record) {
  return pipelineStageName(ctx.pipelines, record.stage_id, { withPipeline: true });
}

function customDisplay(def, value) {
  if (value === null || value === undefined || value === '') return null;
  if (def.type === 'date') return formatDate(`${value}T00:00:00Z`, { utc: true });
  if (def.type === 'number') return formatNumber(value);
  return h('span', { dir: 'auto' }, String(value));
}

const linkTo = (route, plural, field) => (record, ctx) => recordLink(route, record[field], includedName(ctx.included, plural, record[field]));
const pickerValue = (plural, field) => (record, ctx) => (record[field]
  ? { id: record[field], name: includedName(ctx.included, plural, record[field]) || record[field] } : null);

// Field definitions: kind (editor), show(record, ctx), value(record, ctx) for the editor, patch(value).
const OWNER = { key: 'owner_id', label: 'fields.owner', kind: 'owner', show: (r, ctx) => userName(ctx.users, r.owner_id) || null };
const TAGS = { key: 'tags', label: 'fields.tags', kind: 'tags', show: (r) => tagList(r.tags) };

const FIELDS = {
  persons: [
    { key: 'name', label: 'fields.name', kind: 'text', required: true, title: true },
    { key: 'emails', label: 'fields.emails', kind: 'emails', show: (r) => contactLinks(r.emails, 'mailto') },
    { key: 'phones', label: 'fields.phones', kind: 'phones', show: (r) => contactLinks(r.phones, 'tel') },
    { key: 'org_id', label: 'fields.organization', kind: 'organization', show: linkTo('organizations', 'organizations', 'org_id'), value: pickerValue('organizations', 'org_id') },
    OWNER, TAGS,
  ],
  organizations: [
    { key: 'name', label: 'fields.name', kind: 'text', required: true, title: true },
    { key: 'domain', label: 'fields.domain', kind: 'text' },
    { key: 'industry', label: 'fields.industry', kind: 'text' },
    { key: 'address', label: 'fields.address', kind: 'textarea', show: (r) => (r.address ? h('span', { class: 'pre-line', dir: 'auto' }, r.address) : null) },
    OWNER, TAGS,
    {
      key: 'related', label: 'fields.related', kind: 'related', detailOnly: true,
      show: (r, ctx) => ((r.related || []).length ? h('ul', { class: 'plain-list' }, r.related.map((rel) => h('li', {},
        recordLink('organizations', rel.org_id, includedName(ctx.included, 'organizations', rel.org_id)),
        h('span', { class: 'badge badge-muted' }, t(`relation.${rel.kind}`))))) : null),
      value: (r) => r.related || [],
    },
  ],
  deals: [
    { key: 'title', label: 'fields.title', kind: 'text', required: true, title: true },
    { key: 'value', label: 'fields.value', kind: 'number', show: (r) => formatMoney(r.value, r.currency) || null },
    { key: 'currency', label: 'fields.currency', kind: 'currency' },
    // Won, Lost and Reopen (the page's buttons) change the status, with the stage history.
    { key: 'status', label: 'fields.status', show: (r) => statusBadge(r.status), createHidden: true, readOnly: true },
    { key: 'lost_reason', label: 'fields.lostReason', kind: 'text', createHidden: true, when: (r) => r.status === 'lost' },
    {
      key: 'stage', label: 'fields.stage', kind: 'stage', show: (r, ctx) => stageName(ctx, r) || null,
      value: (r) => (r.pipeline_id && r.stage_id ? `${r.pipeline_id}/${r.stage_id}` : ''), spread: true,
      editable: (r) => r.status === 'open', // a closed deal reopens through its Reopen button
    },
    { key: 'person_id', label: 'fields.person', kind: 'person', show: linkTo('persons', 'persons', 'person_id'), value: pickerValue('persons', 'person_id') },
    { key: 'org_id', label: 'fields.organization', kind: 'organization', show: linkTo('organizations', 'organizations', 'org_id'), value: pickerValue('organizations', 'org_id') },
    {
      key: 'expected_close_date', label: 'fields.expectedClose', kind: 'date',
      show: (r) => (r.expected_close_date ? formatDate(`${r.expected_close_date}T00:00:00Z`, { utc: true }) : null),
    },
    OWNER, TAGS,
  ],
  leads: [
    { key: 'title', label: 'fields.title', kind: 'text', required: true, title: true },
    { key: 'person_id', label: 'fields.person', kind: 'person', show: linkTo('persons', 'persons', 'person_id'), value: pickerValue('persons', 'person_id') },
    { key: 'org_id', label: 'fields.organization', kind: 'organization', show: linkTo('organizations', 'organizations', 'org_id'), value: pickerValue('organizations', 'org_id') },
    { key: 'value', label: 'fields.value', kind: 'number', show: (r) => formatMoney(r.value, r.currency) || null },
    { key: 'currency', label: 'fields.currency', kind: 'currency' },
    { key: 'source', label: 'fields.source', kind: 'text', show: (r) => (r.source ? h('span', { dir: 'auto' }, r.source) : null) },
    OWNER, TAGS,
    {
      key: 'converted_deal_id', label: 'leads.convertedTo', readOnly: true, createHidden: true, when: (r) => r.converted_deal_id,
      show: (r, ctx) => recordLink('deals', r.converted_deal_id, includedName(ctx.included, 'deals', r.converted_deal_id) || t('leads.theDeal')),
    },
  ],
};

/** The custom fields of `entity` as field definitions. */
function customFields(definitions) {
  return (definitions || []).map((def) => ({
    key: `custom.${def.key}`, customKey: def.key, labelText: def.label, kind: customKind(def), options: def.options,
    show: (r) => customDisplay(def, (r.custom || {})[def.key]),
    value: (r) => (r.custom || {})[def.key] ?? null,
  }));
}

/** Every field of `plural` (built-in then custom), given the custom field settings. */
export function fieldsOf(plural, customSettings) {
  const custom = customFields(customSettings && customSettings[ENTITIES[plural].singular]);
  return FIELDS[plural].concat(custom);
}

/** A field's label. */
export function fieldLabel(field) {
  return field.labelText || t(field.label);
}

/** The value a field's editor starts from. */
export function fieldValue(field, record, ctx) {
  if (field.value) return field.value(record, ctx);
  return record[field.key];
}

/** What a field shows on a detail page (a node, text, or null for "empty"). */
export function fieldDisplay(field, record, ctx) {
  if (field.show) return field.show(record, ctx);
  const value = record[field.key];
  return value === null || value === undefined || value === '' ? null : h('span', { dir: 'auto' }, String(value));
}

/** The PATCH body fragment for a field's new value (`record` gives the current custom map). */
export function fieldPatch(field, value, record) {
  if (field.customKey) return { custom: { ...((record && record.custom) || {}), [field.customKey]: value } };
  if (field.spread) return value;
  return { [field.key]: value };
}

// ---------- List columns ----------

const created = { key: 'created_at', label: 'list.created', sort: 'created', nowrap: true, cell: (r) => formatDate(r.created_at) };
const updated = { key: 'updated_at', label: 'list.updated', nowrap: true, cell: (r) => formatDate(r.updated_at) };
const owner = { key: 'owner_id', label: 'fields.owner', cell: (r, ctx) => userName(ctx.users, r.owner_id) };
const tags = { key: 'tags', label: 'fields.tags', cell: (r) => tagList(r.tags) };

const COLUMNS = {
  persons: [
    { key: 'name', label: 'fields.name', sort: 'name', always: true, cell: (r) => recordLink('persons', r.id, r.name, 'cell-title') },
    { key: 'email', label: 'fields.email', default: true, cell: (r) => (r.emails && r.emails[0] ? h('a', { href: `mailto:${r.emails[0].value}`, dir: 'auto' }, r.emails[0].value) : null) },
    { key: 'phone', label: 'fields.phone', default: true, nowrap: true, cell: (r) => (r.phones && r.phones[0] ? h('span', { dir: 'auto' }, r.phones[0].value) : null) },
    { key: 'org_id', label: 'fields.organization', default: true, cell: linkTo('organizations', 'organizations', 'org_id') },
    { ...owner, default: true }, tags, { ...created, default: true }, updated,
  ],
  organizations: [
    { key: 'name', label: 'fields.name', sort: 'name', always: true, cell: (r) => recordLink('organizations', r.id, r.name, 'cell-title') },
    { key: 'domain', label: 'fields.domain', default: true, cell: (r) => (r.domain ? h('span', { dir: 'auto' }, r.domain) : null) },
    { key: 'industry', label: 'fields.industry', default: true, cell: (r) => (r.industry ? h('span', { dir: 'auto' }, r.industry) : null) },
    { key: 'address', label: 'fields.address', cell: (r) => (r.address ? h('span', { dir: 'auto' }, r.address) : null) },
    { ...owner, default: true }, tags, { ...created, default: true }, updated,
  ],
  deals: [
    { key: 'title', label: 'fields.title', sort: 'name', always: true, cell: (r) => recordLink('deals', r.id, r.title, 'cell-title') },
    { key: 'value', label: 'fields.value', default: true, numeric: true, cell: (r) => formatMoney(r.value, r.currency) },
    { key: 'status', label: 'fields.status', default: true, cell: (r) => statusBadge(r.status) },
    { key: 'stage', label: 'fields.stage', default: true, cell: (r, ctx) => stageName(ctx, r) },
    { key: 'person_id', label: 'fields.person', default: true, cell: linkTo('persons', 'persons', 'person_id') },
    { key: 'org_id', label: 'fields.organization', default: true, cell: linkTo('organizations', 'organizations', 'org_id') },
    { key: 'expected_close_date', label: 'fields.expectedClose', nowrap: true, cell: (r) => (r.expected_close_date ? formatDate(`${r.expected_close_date}T00:00:00Z`, { utc: true }) : '') },
    { ...owner, default: true }, tags, created, updated,
  ],
  leads: [
    { key: 'title', label: 'fields.title', sort: 'name', always: true, cell: (r) => recordLink('leads', r.id, r.title, 'cell-title') },
    { key: 'person_id', label: 'fields.person', default: true, cell: linkTo('persons', 'persons', 'person_id') },
    { key: 'org_id', label: 'fields.organization', default: true, cell: linkTo('organizations', 'organizations', 'org_id') },
    { key: 'value', label: 'fields.value', default: true, numeric: true, cell: (r) => (r.value ? formatMoney(r.value, r.currency) : '') },
    { key: 'source', label: 'fields.source', default: true, cell: (r) => (r.source ? h('span', { dir: 'auto' }, r.source) : null) },
    { ...owner, default: true }, tags, { ...created, default: true }, updated,
    {
      key: 'convert', label: 'users.actions', fixed: true, actions: true,
      cell: (r) => h('button', {
        type: 'button', class: 'button button-small', 'data-action': 'convert-lead', 'data-id': r.id,
        'aria-label': t('leads.convertOf', { title: r.title || t('record.unnamed') }),
      }, icon('convert'), t('leads.convertShort')),
    },
  ],
};

/** Every column of `plural` (built-in then custom fields). */
export function columnsOf(plural, customSettings) {
  const defs = (customSettings && customSettings[ENTITIES[plural].singular]) || [];
  return COLUMNS[plural].concat(defs.map((def) => ({
    key: `custom.${def.key}`, labelText: def.label, cell: (r) => customDisplay(def, (r.custom || {})[def.key]),
  })));
}

export function columnLabel(column) {
  return column.labelText || t(column.label);
}

// `activities`: its page lists and plans activities (a lead's belong to its person or organization).
export const ENTITIES = {
  persons: { singular: 'person', icon: 'persons', titleKey: 'name', linkKey: 'person_id', activities: true },
  organizations: { singular: 'organization', icon: 'organizations', titleKey: 'name', linkKey: 'org_id', activities: true },
  deals: { singular: 'deal', icon: 'deals', titleKey: 'title', linkKey: 'deal_id', activities: true },
  leads: { singular: 'lead', icon: 'leads', titleKey: 'title', linkKey: 'lead_id', activities: false },
};

/** The plural route of a singular entity name ('person' → 'persons'). */
export const PLURAL = {
  person: 'persons', organization: 'organizations', deal: 'deals', activity: 'activities', note: 'notes', lead: 'leads',
  workflow: 'workflows',
  file: 'files',
};

/** The display title of a record. */
export function recordTitle(plural, record) {
  return (record && record[ENTITIES[plural].titleKey]) || t('record.unnamed');
}
