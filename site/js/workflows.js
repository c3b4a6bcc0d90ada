/**
 * What the Automations screens know of a workflow: the records a trigger
 * listens to and their fields (with the linked records a condition may look
 * through: deal.person.tags), the comparisons, the kinds of steps with their
 * icons and first params, the variables a template may use, and the way a
 * workflow of the API becomes the builder's flow (trigger, then steps) and back.
 *
 * The flow shows a workflow's own conditions as its first step: saved, a
 * leading condition step becomes `conditions`, the rest `actions`.
 */

export const ENTITIES = ['deal', 'person', 'organization', 'activity', 'lead'];
export const EVENTS = ['created', 'updated', 'deleted'];
export const OPS = ['equals', 'not_equals', 'contains', 'gt', 'lt', 'is_empty', 'is_not_empty', 'changed', 'changed_from', 'changed_to'];
export const CHANGE_OPS = new Set(['changed', 'changed_from', 'changed_to']);
export const VALUELESS_OPS = new Set(['is_empty', 'is_not_empty', 'changed']);
export const ACTION_TYPES = ['create_activity', 'send_email', 'update_record', 'add_note', 'wait',
  'create_person', 'create_organization', 'create_deal', 'create_lead'];
export const OWNER_CHOICES = ['record_owner', 'workflow_owner'];

/** The fields of each record type and their JSON type, as the API declares them (custom fields aside). */
export const FIELDS = {
  person: { name: 'string', emails: 'array', phones: 'array', org_id: 'string', owner_id: 'string', tags: 'array' },
  organization: { name: 'string', address: 'string', industry: 'string', domain: 'string', owner_id: 'string', tags: 'array' },
  deal: {
    title: 'string', value: 'number', currency: 'string', person_id: 'string', org_id: 'string', pipeline_id: 'string',
    stage_id: 'string', status: 'string', lost_reason: 'string', owner_id: 'string', tags: 'array', expected_close_date: 'string',
  },
  activity: {
    type: 'string', subject: 'string', due_at: 'string', duration_min: 'integer', all_day: 'boolean', done: 'boolean',
    owner_id: 'string', person_id: 'string', org_id: 'string', deal_id: 'string', note: 'string',
  },
  lead: { title: 'string', person_id: 'string', org_id: 'string', value: 'number', currency: 'string', owner_id: 'string', tags: 'array', source: 'string' },
};
// Every record has these too (who changed it last: a user, "booking", "automation:…").
const COMMON = { created_at: 'string', updated_at: 'string', updated_by: 'string' };
// A link field and the record it leads to, named as in a condition path.
const LINKS = { person_id: 'person', org_id: 'organization', deal_id: 'deal' };

/** The title field of a record type. */
export function titleField(entity) {
  return entity === 'deal' || entity === 'lead' ? 'title' : entity === 'activity' ? 'subject' : 'name';
}

/** The JSON type of a condition path from a record of `entity` (`deal.person.tags` → 'array'), or null. */
export function pathType(path, entity) {
  const parts = String(path || '').split('.');
  const [record, field] = parts.length === 3 ? [parts[1], parts[2]] : [entity, parts[parts.length - 1]];
  return (FIELDS[record] && FIELDS[record][field]) || COMMON[field] || null;
}

/** The last field of a path (`deal.person.tags` → 'tags'). */
export function pathField(path) {
  const parts = String(path || '').split('.');
  return parts[parts.length - 1];
}

/** Whether a path names a field of a linked record rather than of the trigger's own. */
export function isLinkedPath(path) {
  return String(path || '').split('.').length === 3;
}

/**
 * The paths a condition may compare from a record of `entity`, grouped: its
 * own fields first, then each linked record's. [{record, linked, paths: []}].
 */
export function conditionPaths(entity) {
  const own = Object.keys(FIELDS[entity]).concat(Object.keys(COMMON)).map((field) => `${entity}.${field}`);
  const groups = [{ record: entity, linked: false, paths: own }];
  for (const [link, record] of Object.entries(LINKS)) {
    if (!(link in FIELDS[entity]) || record === entity) continue;
    groups.push({ record, linked: true, paths: Object.keys(FIELDS[record]).map((field) => `${entity}.${record}.${field}`) });
  }
  return groups;
}

/** The comparisons that make sense for `path` on a trigger of `event`. */
export function opsFor(path, entity, event) {
  const type = pathType(path, entity);
  return OPS.filter((op) => {
    if (CHANGE_OPS.has(op)) return event === 'updated' && !isLinkedPath(path);
    if (op === 'gt' || op === 'lt') return ['number', 'integer', 'string'].includes(type);
    return true;
  });
}

/** The fields a step may set on a record of `entity` (its id and links to other records aside). */
export function settableFields(entity) {
  // Contacts and links to other records need pickers of their own: a step sets the plain fields.
  return Object.keys(FIELDS[entity]).filter((field) => !['emails', 'phones', 'person_id', 'org_id', 'deal_id'].includes(field));
}

/** The variables a template over a record of `entity` may use, as `{{ … }}` texts. */
export function templateVariables(entity) {
  const names = [`${entity}.${titleField(entity)}`];
  if (entity === 'deal' || entity === 'lead') names.push(`${entity}.value`);
  for (const [link, record] of Object.entries(LINKS)) {
    if (link in FIELDS[entity] && record !== entity) names.push(`${record}.${titleField(record)}`);
  }
  names.push('owner.name');
  return names.map((name) => `{{ ${name} }}`);
}

/** The icon of a step kind (icons.js). */
export function stepIcon(type) {
  return {
    condition: 'condition', create_activity: 'activities', send_email: 'mail', update_record: 'edit', add_note: 'note',
    wait: 'clock', create_person: 'persons', create_organization: 'organizations', create_deal: 'deals', create_lead: 'leads',
  }[type] || 'automations';
}

/** The params a new step of `type` starts with. */
export function newParams(type, { entity, activityType } = {}) {
  const starts = {
    condition: () => ({ all: [{ field: `${entity}.${titleField(entity)}`, op: 'is_not_empty' }] }),
    create_activity: () => ({ type: activityType || 'call', subject: '', due_in_days: 2, due_time: '10:00', working_days: true, owner: 'record_owner', note: '' }),
    send_email: () => ({ to: entity === 'organization' ? 'owner' : 'person', subject: '', body: '' }),
    update_record: () => ({ fields: { tags: [] } }),
    add_note: () => ({ content: '' }),
    wait: () => ({ days: 1 }),
    create_person: () => ({ name: '' }),
    create_organization: () => ({ name: '' }),
    create_deal: () => ({ title: '', pipeline_id: 'default' }),
    create_lead: () => ({ title: '' }),
  };
  return starts[type]();
}

let counter = 0;
/** A key for a step of the flow that stays while steps move around it. */
export function stepKey() {
  counter += 1;
  return `step-${counter}`;
}

/** The builder's draft of `workflow` (or of a new one): its settings, its trigger and its flow of steps. */
export function toDraft(workflow) {
  const source = workflow || {};
  const steps = [];
  const conditions = source.conditions || {};
  if (Object.keys(conditions).length) steps.push({ key: stepKey(), type: 'condition', params: structuredClone(conditions) });
  for (const action of source.actions || []) {
    steps.push({ key: stepKey(), type: action.type, params: structuredClone(action.params || {}) });
  }
  const trigger = source.trigger || { entity: 'deal', event: 'updated', fields: ['stage_id'] };
  return {
    name: source.name || '',
    description: source.description || '',
    active: source.active !== false,
    who_triggers: source.who_triggers || 'anyone',
    trigger: { entity: trigger.entity, event: trigger.event, fields: [...(trigger.fields || [])] },
    steps,
  };
}

/** The API body of a draft, and where each of its steps went: {body, flowIndex(actionIndex), conditionsAt}. */
export function fromDraft(draft) {
  const [first, ...rest] = draft.steps;
  const leading = first && first.type === 'condition';
  const actions = (leading ? rest : draft.steps).map((step) => ({ type: step.type, params: step.params }));
  const trigger = { entity: draft.trigger.entity, event: draft.trigger.event };
  trigger.fields = draft.trigger.event === 'updated' ? draft.trigger.fields : [];
  return {
    body: {
      name: draft.name, description: draft.description, active: draft.active, who_triggers: draft.who_triggers,
      trigger, conditions: leading ? first.params : {}, actions,
    },
    offset: leading ? 1 : 0,
  };
}

/**
 * A validation refusal placed on the flow: {fields: {name: message}, trigger, steps: {flowIndex: message}, general: []}.
 * `details` name a field (`name`, `trigger`, `conditions`, `actions`) and, for a step, its path (`actions.2`);
 * `offset` is 1 when the flow's first step holds the workflow's conditions.
 */
export function placeErrors(details, offset) {
  const placed = { fields: {}, trigger: null, steps: {}, general: [] };
  const entries = Object.entries(details || {}).map(([key, message]) => [key, typeof message === 'string' ? message : JSON.stringify(message)]);
  // On its card, a step's error needs no "Step 2:" in front: the server counts without the leading conditions.
  const onCard = (message) => message.replace(/^Step \d+: /, '');
  const stepMessages = new Set();
  for (const [key, message] of entries) {
    const match = /^actions\.(\d+)$/.exec(key);
    if (match) {
      placed.steps[Number(match[1]) + offset] = onCard(message);
      stepMessages.add(message);
    }
  }
  for (const [key, message] of entries) {
    if (/^actions\.\d+$/.test(key)) continue;
    if (key === 'name' || key === 'description' || key === 'who_triggers' || key === 'active') placed.fields[key] = message;
    else if (key === 'trigger') placed.trigger = message;
    else if (key === 'conditions' && offset) placed.steps[0] = message;
    else if (key === 'actions' && stepMessages.has(message)) continue; // shown on its step already
    else if (key === 'actions' && /^Step (\d+):/.test(message)) placed.steps[Number(/^Step (\d+):/.exec(message)[1]) - 1 + offset] = onCard(message);
    else placed.general.push(message);
  }
  return placed;
}
