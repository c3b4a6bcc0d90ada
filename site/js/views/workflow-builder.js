/**
 * The automation builder (`#/automations/new`, `#/automations/<id>`, and its
 * run history at `?tab=runs`): name, description, on or off, whose changes
 * fire it; then the flow from top to bottom — the trigger, then conditions
 * and actions, with a `+` between every two steps to insert one anywhere.
 *
 * Save sends the whole workflow; the server checks it and answers in words,
 * each refusal shown on the step or field it names. A stale version (409)
 * says someone else saved meanwhile and offers to reload.
 */
import { h, qs, replace, delegate } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import {
  inputField, selectField, notice, submitButton, setBusy, clearErrors, setFieldError, errorMessage, reloadButton,
  onReload, successAlert, errorAlert, uid,
} from '../forms.js';
import { lookups } from '../lookups.js';
import {
  FIELDS, VALUELESS_OPS, fromDraft, newParams, opsFor, pathField, pathType, placeErrors, settableFields, stepKey,
  titleField, toDraft,
} from '../workflows.js';
import { triggerCard, stepCard, addSlot, readValue } from './workflow-steps.js';
import { runHistory } from './workflow-runs.js';
import { askDeleteWorkflow } from './automations.js';
import { loadingStatus } from './frame.js';

/** A default value for a field a step starts to set. */
function blankValue(type) {
  if (type === 'array') return [];
  if (type === 'boolean') return false;
  if (type === 'number' || type === 'integer') return null;
  return '';
}

/** Keeps the draft consistent with its trigger: paths of the trigger's record, comparisons that apply. */
function normalize(draft) {
  const { entity, event } = draft.trigger;
  for (const step of draft.steps) {
    if (step.type === 'condition') {
      const mode = step.params.any ? 'any' : 'all';
      for (const condition of step.params[mode] || []) {
        if (!String(condition.field || '').startsWith(`${entity}.`)) {
          condition.field = `${entity}.${titleField(entity)}`;
          delete condition.value;
        }
        const ops = opsFor(condition.field, entity, event);
        if (!ops.includes(condition.op)) condition.op = ops.includes('equals') ? 'equals' : ops[0];
      }
    } else if (step.type === 'update_record') {
      const allowed = settableFields(entity);
      const fields = step.params.fields || {};
      for (const field of Object.keys(fields)) if (!allowed.includes(field)) delete fields[field];
      step.params.fields = fields;
    }
  }
}

/** Identifies the control `el` inside the flow, to find it again after a redraw. */
function controlKey(el) {
  if (!el || !el.closest) return null;
  const step = el.closest('[data-key], [data-step], [data-at]');
  if (!step) return null;
  const where = step.dataset.key ? `[data-key="${step.dataset.key}"]` : step.dataset.step ? '[data-step="trigger"]' : `[data-at="${step.dataset.at}"]`;
  const attrs = ['data-param', 'data-action', 'data-cond', 'data-part', 'data-set', 'data-type', 'value']
    .filter((name) => el.hasAttribute(name) && (name !== 'value' || el.type === 'checkbox'))
    .map((name) => `[${name}="${CSS.escape(el.getAttribute(name))}"]`).join('');
  return attrs ? `${where} ${el.tagName.toLowerCase()}${attrs}` : null;
}

export class WorkflowBuilderView {
  constructor({ id, tab }) {
    this.id = id;
    this.title = h('h1', { class: 'page-title', id: 'wf-title', tabindex: '-1', dir: 'auto' }, id ? t('app.loading') : t('wf.new'));
    this.actions = h('div', { class: 'head-actions' });
    this.tabs = id ? h('nav', { class: 'tabs wf-tabs', 'aria-label': t('wf.tabs') },
      h('a', { class: 'tab', href: `#/automations/${encodeURIComponent(id)}`, 'aria-current': tab === 'runs' ? null : 'page' }, t('wf.tab.builder')),
      h('a', { class: 'tab', href: `#/automations/${encodeURIComponent(id)}?tab=runs`, 'aria-current': tab === 'runs' ? 'page' : null }, icon('history'), t('wf.tab.runs'))) : null;
    this.body = h('div', { class: 'screen-body' }, loadingStatus());
    this.el = h('section', { class: 'screen automation-builder', 'aria-labelledby': 'wf-title' },
      h('a', { class: 'back-link', href: '#/automations' }, icon('back'), t('wf.backToList')),
      h('div', { class: 'page-head page-head-actions' }, this.title, this.actions),
      this.tabs, this.body);
  }

  render(command, data) {
    const commands = {
      title: () => replace(this.title, data || t('wf.new')),
      actions: () => replace(this.actions, data ? h('button', { type: 'button', class: 'button button-danger-outline', 'data-action': 'delete-workflow' }, icon('trash'), t('wf.delete')) : null),
      form: () => this._renderForm(data),
      flow: () => this._renderFlow(data),
      body: () => replace(this.body, data),
      error: () => replace(this.body, errorAlert(data)),
      busy: () => setBusy(this.form, data),
      notice: () => replace(this.notice, data || ''),
      invalid: () => this._renderInvalid(data),
    };
    commands[command]();
  }

  bind(event, handler) {
    const on = (selector, type, fn) => delegate(this.el, selector, type, fn);
    if (event === 'setting') on('form.workflow-form [name]', 'input', (e, el) => handler(el.name, el.type === 'checkbox' ? el.checked : el.value));
    else if (event === 'save') this.el.addEventListener('submit', (e) => { e.preventDefault(); handler(); });
    else if (event === 'delete') on('[data-action="delete-workflow"]', 'click', () => handler());
    else if (event === 'reload') onReload(this.el, handler);
    else if (event === 'flowInput') {
      // Typing changes the draft only; a choice that changes what the card shows redraws the flow.
      on('.flow [data-param], .flow [data-cond], .flow [data-set], .flow [data-action]', 'input', (e, el) => handler(el, 'input'));
      on('.flow select, .flow input[type=checkbox]', 'change', (e, el) => handler(el, 'change'));
    } else if (event === 'flowClick') on('.flow button[data-action]', 'click', (e, el) => handler(el));
  }

  _renderForm({ draft }) {
    this.notice = notice();
    this.flow = h('ol', { class: 'flow', 'aria-label': t('wf.flow') });
    const description = h('textarea', { name: 'description', rows: 2, dir: 'auto', maxlength: 2000, value: draft.description, id: uid('f-description') });
    const activeId = uid('f-active');
    this.form = h('form', { class: 'form workflow-form', novalidate: true },
      h('div', { class: 'card wf-settings' },
        inputField(t('wf.name'), { name: 'name', value: draft.name, maxlength: 200, autocomplete: 'off', dir: 'auto', required: true }),
        h('div', { class: 'field' },
          h('label', { class: 'field-label', for: description.id }, t('wf.description')), description,
          h('p', { class: 'field-error', id: `${description.id}-error`, hidden: true })),
        h('div', { class: 'wf-row' },
          selectField(t('wf.who'), { name: 'who_triggers' }, ['anyone', 'owner'].map((v) => ({ value: v, label: t(`wf.who.${v}`) })), draft.who_triggers, t('wf.whoHint')),
          h('div', { class: 'field wf-active' },
            h('span', { class: 'field-label', id: `${activeId}-label` }, t('wf.state')),
            h('label', { class: 'switch' },
              h('input', { type: 'checkbox', role: 'switch', name: 'active', id: activeId, checked: draft.active }),
              h('span', {}, t('wf.activeLabel')))))),
      h('h2', { class: 'section-title wf-flow-title' }, icon('automations'), t('wf.flow')),
      this.flow,
      this.notice,
      h('div', { class: 'form-actions wf-actions' },
        submitButton(t('wf.save')),
        h('a', { class: 'button', href: '#/automations' }, t('wf.cancel'))));
    replace(this.body, this.form);
  }

  _renderFlow({ draft, ctx, errors, openAt }) {
    const focus = controlKey(document.activeElement);
    const steps = draft.steps;
    const items = [triggerCard(draft, errors.trigger)];
    items.push(addSlot(0, openAt === 0));
    steps.forEach((step, index) => {
      items.push(stepCard(step, index, steps.length, ctx, errors.steps[step.key]));
      items.push(addSlot(index + 1, openAt === index + 1));
    });
    replace(this.flow, items);
    if (focus) {
      const again = qs(focus, this.flow);
      if (again) again.focus();
    }
  }

  _renderInvalid({ placed, general, conflict }) {
    clearErrors(this.form);
    for (const [name, message] of Object.entries(placed.fields || {})) setFieldError(this.form, name, message);
    const messages = general || [];
    replace(this.notice, h('div', { class: 'alert alert-error', role: 'alert' },
      h('p', {}, conflict ? t('wf.conflict') : t('wf.invalid')),
      messages.length ? h('ul', {}, messages.map((m) => h('li', { dir: 'auto' }, m))) : null,
      conflict ? reloadButton() : null));
    const first = qs('[aria-invalid="true"], .step-card.has-error', this.form);
    if (first) {
      first.scrollIntoView({ block: 'center' });
      const control = first.matches('.step-card') ? qs('input, select, textarea', first) : first;
      if (control) control.focus({ preventScroll: true });
    }
  }
}

/** Mounts the builder of workflow `id` (null: a new one); `tab` 'runs' shows its run history instead. */
export function mountWorkflowBuilder(app, id, tab) {
  const view = new WorkflowBuilderView({ id, tab });
  const s = { workflow: null, draft: null, ctx: null, errors: { trigger: null, steps: {} }, openAt: null, saving: false };

  const drawFlow = () => {
    normalize(s.draft);
    view.render('flow', { draft: s.draft, ctx: { ...s.ctx, entity: s.draft.trigger.entity, event: s.draft.trigger.event }, errors: s.errors, openAt: s.openAt });
  };

  async function load() {
    try {
      const [ref, workflow] = await Promise.all([
        lookups('users', 'activityTypes', 'pipelines'),
        id ? api.get(`/workflows/${encodeURIComponent(id)}`) : Promise.resolve(null),
      ]);
      s.ctx = { ref: { users: ref.users, types: ref.activityTypes, pipelines: ref.pipelines } };
      s.workflow = workflow;
      view.render('title', workflow ? workflow.name : null);
      view.render('actions', workflow);
      if (tab === 'runs' && workflow) {
        view.render('body', runHistory(workflow.id).el);
        return;
      }
      s.draft = toDraft(workflow);
      s.errors = { trigger: null, steps: {} };
      view.render('form', { draft: s.draft });
      drawFlow();
      const flash = app.takeFlash('workflow');
      if (flash) view.render('notice', successAlert(t(`wf.flash.${flash}`)));
    } catch (error) {
      if (error.status !== 401) view.render('error', error);
    }
  }

  const stepOf = (el) => {
    const card = el.closest('[data-key]');
    return card ? s.draft.steps.find((step) => step.key === card.dataset.key) : null;
  };
  const conditionsOf = (step) => step.params[step.params.any ? 'any' : 'all'];
  const valuesOf = (step) => (step.type === 'update_record' ? step.params.fields : step.params);

  /** A control of the flow changed: the draft follows; `redraw` when the card must show something else. */
  function onFlowInput(el, kind) {
    const { draft } = s;
    const action = el.dataset.action;
    if (action === 'trigger-entity' && kind === 'change') {
      draft.trigger = { entity: el.value, event: draft.trigger.event, fields: [] };
      drawFlow();
      return;
    }
    if (action === 'trigger-event' && kind === 'change') {
      draft.trigger.event = el.value;
      if (el.value !== 'updated') draft.trigger.fields = [];
      drawFlow();
      return;
    }
    if (action === 'trigger-field') {
      const fields = new Set(draft.trigger.fields);
      if (el.checked) fields.add(el.value);
      else fields.delete(el.value);
      draft.trigger.fields = Object.keys(FIELDS[draft.trigger.entity]).filter((f) => fields.has(f));
      return;
    }
    const step = stepOf(el);
    if (!step) return;
    const p = step.params;
    if (action === 'cond-mode' && kind === 'change') {
      const list = conditionsOf(step);
      step.params = { [el.value]: list };
      return;
    }
    if (action === 'email-to' && kind === 'change') {
      p.to = el.value === 'address' ? '' : el.value;
      drawFlow();
      return;
    }
    if (action === 'deal-pipeline' && kind === 'change') {
      p.pipeline_id = el.value;
      delete p.stage_id;
      drawFlow();
      return;
    }
    if (action === 'wait-amount' || (action === 'wait-unit' && kind === 'change')) {
      const card = el.closest('[data-key]');
      const amount = Number(qs('[data-action="wait-amount"]', card).value);
      const unit = qs('[data-action="wait-unit"]', card).value;
      step.params = { [unit]: Number.isFinite(amount) ? amount : 0 };
      return;
    }
    if (el.dataset.cond !== undefined && el.dataset.part) {
      const condition = conditionsOf(step)[Number(el.dataset.cond)];
      if (!condition) return;
      const entity = draft.trigger.entity;
      if (el.dataset.part === 'field' && kind === 'change') {
        condition.field = el.value;
        delete condition.value;
        const ops = opsFor(el.value, entity, draft.trigger.event);
        if (!ops.includes(condition.op)) condition.op = ops.includes('equals') ? 'equals' : ops[0];
        drawFlow();
      } else if (el.dataset.part === 'op' && kind === 'change') {
        condition.op = el.value;
        if (VALUELESS_OPS.has(el.value)) delete condition.value;
        drawFlow();
      } else if (el.dataset.part === 'value') {
        condition.value = readValue(pathField(condition.field), pathType(condition.field, entity), el.value);
      }
      return;
    }
    if (el.dataset.set !== undefined && el.dataset.part) {
      const values = valuesOf(step);
      const field = el.dataset.set;
      const record = step.type === 'update_record' ? draft.trigger.entity : { create_person: 'person', create_organization: 'organization', create_deal: 'deal', create_lead: 'lead' }[step.type];
      if (el.dataset.part === 'field' && kind === 'change') {
        // Renamed in place: the rows keep their order.
        const renamed = {};
        for (const [name, value] of Object.entries(values)) {
          if (name === field) renamed[el.value] = blankValue(FIELDS[record][el.value]);
          else renamed[name] = value;
        }
        if (step.type === 'update_record') step.params.fields = renamed;
        else step.params = renamed;
        drawFlow();
      } else if (el.dataset.part === 'value') {
        values[field] = readValue(field, FIELDS[record][field], el.value, { list: true });
      }
      return;
    }
    if (el.dataset.param) {
      const name = el.dataset.param;
      if (el.type === 'checkbox') p[name] = el.checked;
      else if (el.dataset.type === 'integer') p[name] = el.value === '' ? 0 : Math.trunc(Number(el.value));
      else if (name === 'due_time') {
        if (el.value) p[name] = el.value;
        else delete p[name];
      } else p[name] = el.value;
    }
  }

  function insertVariable(button) {
    const field = button.closest('.field');
    const control = field && qs('textarea, input', field);
    if (!control) return;
    const variable = button.dataset.variable;
    const start = control.selectionStart ?? control.value.length;
    const end = control.selectionEnd ?? control.value.length;
    control.value = `${control.value.slice(0, start)}${variable}${control.value.slice(end)}`;
    control.focus();
    control.setSelectionRange(start + variable.length, start + variable.length);
    control.dispatchEvent(new Event('input', { bubbles: true }));
  }

  function onFlowClick(button) {
    const { draft } = s;
    const action = button.dataset.action;
    if (action === 'insert-variable') {
      insertVariable(button);
      return;
    }
    if (action === 'toggle-add') {
      const at = Number(button.closest('[data-at]').dataset.at);
      s.openAt = s.openAt === at ? null : at;
      drawFlow();
      if (s.openAt !== null) {
        const first = qs(`[data-at="${at}"] .add-option`, view.el);
        if (first) first.focus();
      }
      return;
    }
    if (action === 'insert-step') {
      const at = Number(button.closest('[data-at]').dataset.at);
      const type = button.dataset.type;
      const types = s.ctx.ref.types && s.ctx.ref.types.items;
      const step = { key: stepKey(), type, params: newParams(type, { entity: draft.trigger.entity, activityType: types && types[0] && types[0].key }) };
      draft.steps.splice(at, 0, step);
      s.openAt = null;
      drawFlow();
      const card = qs(`[data-key="${step.key}"]`, view.el);
      if (card) {
        card.scrollIntoView({ block: 'nearest' });
        const control = qs('.step-body input, .step-body select, .step-body textarea', card);
        if (control) control.focus({ preventScroll: true });
      }
      return;
    }
    const step = stepOf(button);
    if (!step) return;
    const index = draft.steps.indexOf(step);
    if (action === 'step-up' || action === 'step-down') {
      const to = index + (action === 'step-up' ? -1 : 1);
      if (to < 0 || to >= draft.steps.length) return;
      draft.steps.splice(index, 1);
      draft.steps.splice(to, 0, step);
      drawFlow();
      const again = qs(`[data-key="${step.key}"] [data-action="${action}"]`, view.el);
      (again && !again.disabled ? again : qs(`[data-key="${step.key}"] [data-action="step-remove"]`, view.el)).focus();
    } else if (action === 'step-remove') {
      draft.steps.splice(index, 1);
      delete s.errors.steps[step.key];
      drawFlow();
      const next = qs(`[data-at="${index}"] .flow-add-button`, view.el);
      if (next) next.focus();
    } else if (action === 'add-condition') {
      conditionsOf(step).push({ field: `${draft.trigger.entity}.${titleField(draft.trigger.entity)}`, op: 'is_not_empty' });
      drawFlow();
    } else if (action === 'remove-condition') {
      conditionsOf(step).splice(Number(button.dataset.cond), 1);
      drawFlow();
    } else if (action === 'add-set') {
      const record = step.type === 'update_record' ? draft.trigger.entity : { create_person: 'person', create_organization: 'organization', create_deal: 'deal', create_lead: 'lead' }[step.type];
      valuesOf(step)[button.dataset.field] = blankValue(FIELDS[record][button.dataset.field]);
      drawFlow();
    } else if (action === 'remove-set') {
      delete valuesOf(step)[button.dataset.set];
      drawFlow();
    }
  }

  async function save() {
    if (s.saving || !s.draft) return;
    const { body, offset } = fromDraft(s.draft);
    s.saving = true;
    clearErrors(view.form);
    view.render('notice', null);
    view.render('busy', true);
    try {
      const saved = s.workflow
        ? await api.patch(`/workflows/${encodeURIComponent(s.workflow.id)}`, { ...body, version: s.workflow.version })
        : await api.post('/workflows', body);
      s.errors = { trigger: null, steps: {} };
      if (!s.workflow) {
        app.setFlash('workflow', 'created');
        app.navigate(`/automations/${encodeURIComponent(saved.id)}`);
        return;
      }
      s.workflow = saved;
      view.render('title', saved.name);
      drawFlow();
      view.render('notice', successAlert(t('wf.flash.saved')));
    } catch (error) {
      if (error.status === 401) return;
      if (error.status === 400 || error.status === 422) {
        const placed = placeErrors(error.details, offset);
        s.errors = { trigger: placed.trigger, steps: {} };
        for (const [index, message] of Object.entries(placed.steps)) {
          const step = s.draft.steps[Number(index)];
          if (step) s.errors.steps[step.key] = message;
          else placed.general.push(message);
        }
        drawFlow();
        view.render('invalid', { placed, general: placed.general });
      } else if (error.status === 409) {
        view.render('invalid', { placed: {}, general: [], conflict: true });
      } else {
        view.render('notice', h('p', { class: 'alert alert-error', role: 'alert' }, errorMessage(error)));
      }
    } finally {
      s.saving = false;
      if (view.form && view.form.isConnected) view.render('busy', false);
    }
  }

  view.bind('setting', (name, value) => {
    if (s.draft) s.draft[name] = value;
  });
  view.bind('save', save);
  view.bind('reload', () => {
    view.render('notice', null);
    load();
  });
  view.bind('flowInput', onFlowInput);
  view.bind('flowClick', onFlowClick);
  view.bind('delete', async () => {
    if (s.workflow && await askDeleteWorkflow(s.workflow)) app.navigate('/automations');
  });
  view.el.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && s.openAt !== null) {
      e.stopPropagation();
      const at = s.openAt;
      s.openAt = null;
      drawFlow();
      const button = qs(`[data-at="${at}"] .flow-add-button`, view.el);
      if (button) button.focus();
    }
  });
  load();
  return view;
}
