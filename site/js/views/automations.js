/**
 * The automations of the account (`#/automations?owner=mine&state=inactive`):
 * every workflow, filtered by whose and by on/off (kept in the address, like
 * the board's filters), inactive ones greyed; each switched on or off in
 * place, opened in the builder, or deleted after a confirmation. Below, the
 * templates: one click makes the workflow (switched off, to be checked) and
 * opens it in the builder.
 */
import { h, replace, delegate, itemId, qs } from '../dom.js';
import { api } from '../api.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { notice, errorAlert, reloadableErrorAlert, successAlert, onReload } from '../forms.js';
import { choose } from '../dialog.js';
import { lookups, userName } from '../lookups.js';
import { stepIcon } from '../workflows.js';
import { fieldText } from './workflow-steps.js';
import { loadingStatus } from './frame.js';

export const LIST_FILTERS = { owner: ['all', 'mine'], state: ['all', 'active', 'inactive'] };

/** What fires a workflow, in words: "Une affaire est modifiée (Étape)". */
export function triggerSummary(trigger) {
  const sentence = t(`wf.when.${trigger.entity}.${trigger.event}`);
  const fields = trigger.event === 'updated' && (trigger.fields || []).length ? ` (${trigger.fields.map(fieldText).join(', ')})` : '';
  return `${sentence}${fields}`;
}

/** The kinds of a workflow's steps as a row of small icons (its conditions first). */
function stepIcons(workflow) {
  const kinds = (Object.keys(workflow.conditions || {}).length ? ['condition'] : []).concat((workflow.actions || []).map((a) => a.type));
  return h('span', { class: 'wf-step-icons', 'aria-label': kinds.map((k) => t(`wf.step.${k}`)).join(', '), role: 'img' },
    kinds.map((kind) => icon(stepIcon(kind))));
}

/**
 * Asks before deleting `workflow` (it goes to the trash); true once deleted.
 * :raise ApiError: when the deletion is refused.
 */
export async function askDeleteWorkflow(workflow) {
  const choice = await choose({
    title: t('wf.deleteTitle'),
    message: h('p', { dir: 'auto' }, t('wf.deleteText', { name: workflow.name })),
    className: 'workflow-delete-dialog',
    choices: [{ value: null, label: t('wf.cancel') }, { value: 'delete', label: t('wf.delete'), kind: 'danger' }],
  });
  if (choice !== 'delete') return false;
  await api.del(`/workflows/${encodeURIComponent(workflow.id)}`);
  return true;
}

export class AutomationsView {
  constructor() {
    this.notice = notice();
    this.filters = h('div', { class: 'wf-filters' });
    this.list = h('div', { class: 'wf-list-slot' }, loadingStatus());
    this.templates = h('div', { class: 'wf-templates-slot' }, loadingStatus());
    this.el = h('section', { class: 'screen automations', 'aria-labelledby': 'automations-title' },
      h('div', { class: 'page-head page-head-actions' },
        h('h1', { class: 'page-title', id: 'automations-title', tabindex: '-1' }, t('nav.automations')),
        h('div', { class: 'head-actions' },
          h('a', { class: 'button', href: '#/automations/runs' }, icon('history'), t('wf.runs.title')),
          h('a', { class: 'button button-primary', href: '#/automations/new' }, icon('plus'), t('wf.new')))),
      h('p', { class: 'page-intro' }, t('wf.intro')),
      this.filters,
      this.notice,
      this.list,
      h('section', { class: 'wf-templates', 'aria-labelledby': 'wf-templates-title' },
        h('h2', { class: 'section-title', id: 'wf-templates-title' }, icon('automations'), t('wf.templates')),
        h('p', { class: 'page-intro' }, t('wf.templatesIntro')),
        this.templates));
  }

  render(command, data) {
    const commands = {
      filters: () => this._renderFilters(data),
      loading: () => replace(this.list, loadingStatus()),
      list: () => this._renderList(data),
      item: () => this._replaceItem(data),
      templates: () => this._renderTemplates(data),
      templatesError: () => replace(this.templates, errorAlert(data)),
      notice: () => replace(this.notice, data || ''),
      error: () => replace(this.notice, reloadableErrorAlert(data)),
    };
    commands[command]();
  }

  bind(event, handler) {
    if (event === 'filter') delegate(this.filters, '[data-filter]', 'click', (e, b) => handler(b.dataset.filter, b.dataset.value));
    else if (event === 'toggle') delegate(this.list, '[data-action="toggle-active"]', 'change', (e, input) => handler(itemId(input), input.checked, input));
    else if (event === 'delete') delegate(this.list, '[data-action="delete-workflow"]', 'click', (e, b) => handler(itemId(b)));
    else if (event === 'template') delegate(this.templates, '[data-action="use-template"]', 'click', (e, b) => handler(b.dataset.key, b));
    else if (event === 'reload') onReload(this.el, handler);
  }

  _renderFilters(state) {
    const group = (name) => h('div', { class: 'segmented', role: 'group', 'aria-label': t(`wf.filter.${name}`) },
      LIST_FILTERS[name].map((value) => h('button', {
        type: 'button', class: 'segment', 'data-filter': name, 'data-value': value, 'aria-pressed': String(state[name] === value),
      }, t(`wf.filter.${name}.${value}`))));
    replace(this.filters, group('owner'), group('state'));
  }

  _item(workflow, users) {
    const id = `wf-${workflow.id}`;
    return h('li', { class: ['card', 'wf-item', workflow.active ? null : 'is-inactive'], 'data-id': workflow.id },
      h('label', { class: 'switch wf-switch', title: t(workflow.active ? 'wf.isActive' : 'wf.isInactive') },
        h('input', {
          type: 'checkbox', role: 'switch', 'data-action': 'toggle-active', checked: Boolean(workflow.active),
          'aria-label': t('wf.toggleOf', { name: workflow.name }), 'aria-describedby': `${id}-state`,
        })),
      h('div', { class: 'wf-item-main' },
        h('a', { class: 'wf-item-name', href: `#/automations/${encodeURIComponent(workflow.id)}`, dir: 'auto' }, workflow.name || t('record.unnamed')),
        h('p', { class: 'wf-item-sub' },
          h('span', { class: ['status', workflow.active ? 'status-active' : 'status-disabled'], id: `${id}-state` }, t(workflow.active ? 'wf.isActive' : 'wf.isInactive')),
          h('span', { dir: 'auto' }, triggerSummary(workflow.trigger || {})),
          stepIcons(workflow),
          h('span', { class: 'muted' }, tn('wf.steps', (workflow.actions || []).length)),
          h('span', { class: 'muted' }, t('wf.ownedBy', { name: userName(users, workflow.owner_id) || '—' }))),
        workflow.description ? h('p', { class: 'wf-item-description', dir: 'auto' }, workflow.description) : null),
      h('div', { class: 'wf-item-actions' },
        h('a', { class: 'button button-small', href: `#/automations/${encodeURIComponent(workflow.id)}`, 'aria-label': t('wf.editOf', { name: workflow.name }) }, icon('edit'), t('wf.edit')),
        h('a', { class: 'button button-small', href: `#/automations/${encodeURIComponent(workflow.id)}?tab=runs`, 'aria-label': t('wf.runsOf', { name: workflow.name }) }, icon('history'), t('wf.tab.runs')),
        h('button', { type: 'button', class: 'button button-small button-danger-outline', 'data-action': 'delete-workflow', 'aria-label': t('wf.deleteOf', { name: workflow.name }) }, icon('trash'), t('wf.delete'))));
  }

  _renderList({ items, users, filtered }) {
    this.users = users;
    if (!items.length) {
      replace(this.list, h('div', { class: 'empty-state wf-empty' },
        h('div', { class: 'empty-icon' }, icon('automations')),
        h('p', { class: 'empty-text' }, t(filtered ? 'wf.emptyFiltered' : 'wf.empty')),
        filtered ? null : h('p', { class: 'empty-note' }, t('wf.emptyNote'))));
      return;
    }
    replace(this.list, h('ul', { class: 'wf-list', 'aria-label': t('wf.listLabel') }, items.map((w) => this._item(w, users))));
  }

  _replaceItem(workflow) {
    const old = qs(`.wf-item[data-id="${CSS.escape(workflow.id)}"]`, this.list);
    if (!old) return;
    const fresh = this._item(workflow, this.users);
    old.replaceWith(fresh);
    qs('[data-action="toggle-active"]', fresh).focus();
  }

  _renderTemplates(templates) {
    replace(this.templates, h('ul', { class: 'wf-template-list' }, templates.map((template) => h('li', { class: 'card wf-template', 'data-key': template.key },
      h('div', { class: 'wf-template-head' },
        h('span', { class: 'step-icon' }, icon(stepIcon((template.actions[0] || {}).type))),
        h('h3', { class: 'wf-template-name', dir: 'auto' }, template.name)),
      h('p', { class: 'wf-item-sub' }, h('span', {}, triggerSummary(template.trigger)), stepIcons(template)),
      h('button', {
        type: 'button', class: 'button button-small', 'data-action': 'use-template', 'data-key': template.key,
        'aria-label': t('wf.useOf', { name: template.name }),
      }, icon('plus'), t('wf.use'))))));
  }
}

function stateFrom(params) {
  const state = {};
  for (const [name, values] of Object.entries(LIST_FILTERS)) state[name] = values.includes(params.get(name)) ? params.get(name) : 'all';
  return state;
}

/** Mounts the list of automations; `params` is the address's query. */
export function mountAutomations(app, params) {
  const view = new AutomationsView();
  const state = stateFrom(params);
  const s = { items: new Map(), users: [], templates: [], seq: 0 };

  function writeAddress() {
    const query = new URLSearchParams();
    for (const name of Object.keys(LIST_FILTERS)) if (state[name] !== 'all') query.set(name, state[name]);
    const hash = query.toString() ? `#/automations?${query}` : '#/automations';
    if (location.hash !== hash) history.replaceState(null, '', hash);
  }

  async function load() {
    const mine = ++s.seq;
    view.render('loading');
    const query = new URLSearchParams({ limit: '100', sort: 'name' });
    if (state.owner === 'mine') query.set('owner', app.user.id);
    if (state.state !== 'all') query.set('active', String(state.state === 'active'));
    try {
      const [{ users }, page] = await Promise.all([lookups('users'), api.get(`/workflows?${query}`)]);
      if (mine !== s.seq) return;
      s.users = users;
      s.items = new Map((page.items || []).map((w) => [w.id, w]));
      view.render('list', { items: page.items || [], users, filtered: state.owner !== 'all' || state.state !== 'all' });
    } catch (error) {
      if (mine === s.seq && error.status !== 401) view.render('error', error);
    }
  }

  async function loadTemplates() {
    try {
      s.templates = (await api.get('/workflow-templates')).items || [];
      view.render('templates', s.templates);
    } catch (error) {
      if (error.status !== 401) view.render('templatesError', error);
    }
  }

  view.render('filters', state);
  view.bind('filter', (name, value) => {
    state[name] = value;
    view.render('filters', state);
    view.render('notice', null);
    writeAddress();
    load();
  });
  view.bind('toggle', async (id, active, input) => {
    const workflow = s.items.get(id);
    if (!workflow) return;
    input.disabled = true;
    try {
      const saved = await api.patch(`/workflows/${encodeURIComponent(id)}`, { active, version: workflow.version });
      s.items.set(id, saved);
      view.render('item', saved);
      view.render('notice', successAlert(t(active ? 'wf.activated' : 'wf.deactivated', { name: saved.name })));
    } catch (error) {
      input.checked = !active;
      input.disabled = false;
      if (error.status !== 401) view.render('error', error);
    }
  });
  view.bind('delete', async (id) => {
    const workflow = s.items.get(id);
    if (!workflow) return;
    try {
      if (!await askDeleteWorkflow(workflow)) return;
      view.render('notice', successAlert(t('wf.deleted', { name: workflow.name })));
      load();
    } catch (error) {
      if (error.status !== 401) view.render('error', error);
    }
  });
  view.bind('template', async (key, button) => {
    const template = s.templates.find((tpl) => tpl.key === key);
    if (!template) return;
    button.disabled = true;
    try {
      const { name, trigger, conditions, actions } = template;
      const created = await api.post('/workflows', { name, trigger, conditions, actions, active: false });
      app.setFlash('workflow', 'fromTemplate');
      app.navigate(`/automations/${encodeURIComponent(created.id)}`);
    } catch (error) {
      button.disabled = false;
      if (error.status !== 401) view.render('error', error);
    }
  });
  view.bind('reload', () => {
    view.render('notice', null);
    load();
  });
  writeAddress();
  load();
  loadTemplates();
  return view;
}
