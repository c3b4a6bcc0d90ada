/**
 * Settings › Pipelines: admins rename a pipeline and shape its open stages
 * (add, rename, reorder by dragging or with the arrows, a probability and
 * "stale after N days" each, delete); Won and Lost always close the list.
 * Deleting a stage that holds deals asks where they go, then moves them
 * (DELETE …/stages/<id>?move_to=). A new pipeline starts from a template in
 * one click, or empty. Members see the pipelines without editing them.
 */
import { h, qs, qsa, replace, delegate } from '../dom.js';
import { api } from '../api.js';
import { t, tn, getLanguage } from '../i18n.js';
import { icon } from '../icons.js';
import {
  notice, submitButton, inputField, selectField, refusal, successAlert, reloadableErrorAlert,
} from '../forms.js';
import { openDialog } from '../dialog.js';
import { remember } from '../lookups.js';
import { openStages, outcomeStage } from '../pipelines.js';
import { panelCommands, showProblems } from './panel.js';
import { loadSortable } from './board-drag.js';

const MAX_STAGE_NAME = 60;
const MAX_PIPELINE_NAME = 80;
const MAX_STAGES = 20;
const DEFAULT_ROTTING_DAYS = 14;

export class PipelinesView {
  constructor() {
    this.el = h('div', { class: 'tab-panel tab-panel-wide pipelines-panel' });
    this.editor = h('div', { class: 'pipeline-editor' });
    this.notice = h('div', { class: 'page-notice', 'aria-live': 'polite' });
  }

  render(command, data) {
    const commands = {
      ...panelCommands(this, 'pipelines', data),
      frame: () => this._renderFrame(data),
      editor: () => this._renderEditor(data),
      readOnly: () => this._renderReadOnly(data),
      notice: () => replace(this.notice, data),
      renumber: () => this._renumber(),
    };
    commands[command]();
  }

  bind(event, handler) {
    const clicks = { addStage: 'add-stage', removeStage: 'remove-stage', up: 'stage-up', down: 'stage-down', create: 'create-pipeline' };
    if (clicks[event]) {
      delegate(this.el, `[data-action="${clicks[event]}"]`, 'click', (e, button) => handler(button.closest('tr') || button, button));
    } else if (event === 'choose') {
      this.el.addEventListener('change', (e) => {
        if (e.target.matches('[data-action="choose-pipeline"]')) handler(e.target.value);
      });
    } else if (event === 'save') {
      this.el.addEventListener('submit', (e) => {
        if (!e.target.classList.contains('pipeline-form')) return;
        e.preventDefault();
        handler(this._read());
      });
    } else if (event === 'reload') {
      delegate(this.el, '[data-action="reload"]', 'click', () => handler());
    }
  }

  _renderFrame({ pipelines, current, templates, admin }) {
    const chooser = pipelines.length > 1
      ? h('div', { class: 'pipeline-chooser' }, selectField(t(admin ? 'pipelines.choose' : 'pipelines.chooseToRead'), { name: 'pipeline', 'data-action': 'choose-pipeline' },
        pipelines.map((p) => ({ value: p.id, label: p.name })), current))
      : null;
    replace(this.el, this.notice, chooser, this.editor, admin ? this._newPipelineCard(templates) : null);
  }

  // ---------- The editor of one pipeline ----------

  _stageRow(stage, index) {
    const n = index + 1;
    const rotting = stage ? stage.rotting_days : DEFAULT_ROTTING_DAYS;
    return h('tr', { 'data-id': (stage && stage.id) || null, class: 'stage-row' },
      h('td', { class: 'stage-grip-cell' }, h('span', { class: 'stage-grip', 'aria-hidden': 'true' }, icon('grip'))),
      h('td', { 'data-label': t('pipelines.stageName') }, h('input', {
        type: 'text', name: 'name', value: (stage && stage.name) || '', maxlength: MAX_STAGE_NAME, dir: 'auto', required: true,
        'aria-label': t('pipelines.stageNameN', { n }),
      })),
      h('td', { 'data-label': t('pipelines.probability') }, h('input', {
        type: 'number', name: 'probability', min: 0, max: 100, step: 1, inputmode: 'numeric', class: 'input-number',
        value: stage ? String(stage.probability ?? 0) : '0', 'aria-label': t('pipelines.probabilityN', { n }),
      })),
      h('td', { 'data-label': t('pipelines.rotting') }, h('input', {
        type: 'number', name: 'rotting_days', min: 1, max: 365, step: 1, inputmode: 'numeric', class: 'input-number',
        value: rotting === null || rotting === undefined ? '' : String(rotting), placeholder: t('pipelines.never'),
        'aria-label': t('pipelines.rottingN', { n }),
      })),
      h('td', { class: 'cell-actions' },
        h('button', { type: 'button', class: 'icon-button', 'data-action': 'stage-up', 'aria-label': t('pipelines.upN', { n }) }, icon('up')),
        h('button', { type: 'button', class: 'icon-button', 'data-action': 'stage-down', 'aria-label': t('pipelines.downN', { n }) }, icon('down')),
        h('button', { type: 'button', class: 'icon-button', 'data-action': 'remove-stage', 'aria-label': t('pipelines.removeN', { n }) }, icon('trash'))));
  }

  _renderEditor(pipeline) {
    this.rows = h('tbody', {}, openStages(pipeline).map((stage, i) => this._stageRow(stage, i)));
    const outcome = (kind) => (outcomeStage(pipeline, kind) || {}).name || t(`deal.status.${kind}`);
    this.form = h('form', { class: 'form pipeline-form', novalidate: true, 'data-id': pipeline.id },
      inputField(t('pipelines.name'), { name: 'pipeline_name', value: pipeline.name, maxlength: MAX_PIPELINE_NAME, required: true, dir: 'auto' }),
      h('div', { class: 'field' },
        h('p', { class: 'field-label', id: 'stages-label' }, t('pipelines.stages')),
        h('p', { class: 'field-hint' }, t('pipelines.stagesHint')),
        h('div', { class: 'table-wrap' }, h('table', { class: 'table defs-table stages-table', 'aria-labelledby': 'stages-label' },
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col', class: 'stage-grip-cell' }, h('span', { class: 'visually-hidden' }, t('pipelines.order'))),
            h('th', { scope: 'col' }, t('pipelines.stageName')),
            h('th', { scope: 'col' }, t('pipelines.probability')),
            h('th', { scope: 'col' }, t('pipelines.rotting')),
            h('th', { scope: 'col', class: 'cell-actions' }, h('span', { class: 'visually-hidden' }, t('users.actions'))))),
          this.rows)),
        h('p', { class: 'stage-outcomes' }, icon('won'), h('span', { dir: 'auto' }, t('pipelines.outcomes', { won: outcome('won'), lost: outcome('lost') })))),
      h('div', {}, h('button', { type: 'button', class: 'button button-small', 'data-action': 'add-stage' }, icon('plus'), t('pipelines.addStage'))),
      notice(),
      h('div', { class: 'form-actions' },
        submitButton(t('pipelines.save')),
        h('a', { class: 'button', href: `#/pipeline?pipeline=${encodeURIComponent(pipeline.id)}` }, icon('pipeline'), t('pipelines.toBoard'))));
    replace(this.editor, h('section', { class: 'card', 'aria-labelledby': 'pipeline-heading' },
      h('h2', { class: 'card-title', id: 'pipeline-heading', dir: 'auto' }, pipeline.name),
      h('p', { class: 'card-intro' }, t('pipelines.intro')),
      this.form));
    this._sortable();
  }

  /** Rows dragged by their grip (mouse or finger); the arrows do the same from the keyboard. */
  async _sortable() {
    try {
      const Sortable = await loadSortable();
      if (!this.rows.isConnected) return;
      Sortable.create(this.rows, {
        handle: '.stage-grip', draggable: 'tr', animation: 120, forceFallback: true, fallbackOnBody: true,
        ghostClass: 'is-ghost', onEnd: () => this._renumber(),
      });
    } catch {
      // the arrows still reorder
    }
  }

  /** The labels say each row's place: "Name of stage 3" follows the row when it moves. */
  _renumber() {
    qsa('tr', this.rows).forEach((row, i) => {
      const n = i + 1;
      qs('[name=name]', row).setAttribute('aria-label', t('pipelines.stageNameN', { n }));
      qs('[name=probability]', row).setAttribute('aria-label', t('pipelines.probabilityN', { n }));
      qs('[name=rotting_days]', row).setAttribute('aria-label', t('pipelines.rottingN', { n }));
      qs('[data-action="stage-up"]', row).setAttribute('aria-label', t('pipelines.upN', { n }));
      qs('[data-action="stage-down"]', row).setAttribute('aria-label', t('pipelines.downN', { n }));
      qs('[data-action="remove-stage"]', row).setAttribute('aria-label', t('pipelines.removeN', { n }));
    });
  }

  addRow() {
    const row = this._stageRow(null, this.rows.children.length);
    this.rows.append(row);
    qs('[name=name]', row).focus();
  }

  _read() {
    return {
      name: this.form.elements.namedItem('pipeline_name').value.trim(),
      rows: qsa('tr', this.rows).map((row) => ({
        row,
        id: row.dataset.id || null,
        name: qs('[name=name]', row).value.trim(),
        probability: qs('[name=probability]', row).value.trim(),
        rotting: qs('[name=rotting_days]', row).value.trim(),
      })),
    };
  }

  // ---------- What members see ----------

  _renderReadOnly(pipeline) {
    replace(this.editor, h('p', { class: 'alert alert-info' }, t('pipelines.readOnly')),
      h('section', { class: 'card', 'aria-labelledby': 'pipeline-ro-title' },
        h('h2', { class: 'card-title', id: 'pipeline-ro-title', dir: 'auto' }, pipeline.name),
        h('div', { class: 'table-wrap' }, h('table', { class: 'table stages-table-ro', 'aria-labelledby': 'pipeline-ro-title' },
          h('thead', {}, h('tr', {}, ['pipelines.stageName', 'pipelines.probability', 'pipelines.rotting'].map((key) => h('th', { scope: 'col' }, t(key))))),
          h('tbody', {}, (pipeline.stages || []).slice().sort((a, b) => a.position - b.position).map((stage) => h('tr', {},
            h('td', { dir: 'auto', class: 'cell-strong' }, stage.name),
            h('td', {}, `${stage.probability ?? 0} %`),
            h('td', {}, stage.kind !== 'open' ? '—' : stage.rotting_days ? tn('pipelines.days', stage.rotting_days) : t('pipelines.never')))))))));
  }

  // ---------- A new pipeline ----------

  _newPipelineCard(templates) {
    const lang = getLanguage();
    const local = (value) => (value && typeof value === 'object' ? value[lang] || value.fr || value.en : value);
    return h('section', { class: 'card new-pipeline', 'aria-labelledby': 'new-pipeline-heading' },
      h('h2', { class: 'card-title', id: 'new-pipeline-heading' }, t('pipelines.newHeading')),
      h('p', { class: 'card-intro' }, t('pipelines.newIntro')),
      h('div', { class: 'form new-pipeline-form' },
        inputField(t('pipelines.newName'), { name: 'new_pipeline_name', maxlength: MAX_PIPELINE_NAME, dir: 'auto' }, t('pipelines.newNameHint')),
        h('ul', { class: 'templates' },
          templates.map((template) => h('li', { class: 'template' },
            h('h3', { class: 'template-name', dir: 'auto' }, local(template.name)),
            h('ol', { class: 'template-stages' }, (local(template.stages) || []).map((name) => h('li', { dir: 'auto' }, name))),
            h('button', {
              type: 'button', class: 'button button-small', 'data-action': 'create-pipeline', 'data-template': template.key,
              'data-name': local(template.name), 'aria-label': t('pipelines.fromTemplate', { name: local(template.name) }),
            }, icon('plus'), t('pipelines.useTemplate')))),
          h('li', { class: 'template template-empty' },
            h('h3', { class: 'template-name' }, t('pipelines.empty')),
            h('p', { class: 'muted' }, t('pipelines.emptyText')),
            h('button', {
              type: 'button', class: 'button button-small', 'data-action': 'create-pipeline', 'data-template': '', 'aria-label': t('pipelines.createEmpty'),
            }, icon('plus'), t('pipelines.useTemplate'))))));
  }

  newName() {
    const input = qs('[name=new_pipeline_name]', this.el);
    return input ? input.value.trim() : '';
  }
}

/** The problems of the rows before saving: each {input, message}. */
function problems(view, { name, rows }) {
  const found = [];
  const at = (row, field) => qs(`[name=${field}]`, row);
  if (!name) found.push({ input: view.form.elements.namedItem('pipeline_name'), message: t('pipelines.nameRequired') });
  if (!rows.length) found.push({ input: qs('[data-action="add-stage"]', view.form), message: t('pipelines.needStage') });
  if (rows.length > MAX_STAGES) found.push({ input: qs('[data-action="add-stage"]', view.form), message: t('pipelines.tooMany', { max: MAX_STAGES }) });
  const seen = new Set();
  rows.forEach((r, i) => {
    const n = i + 1;
    const same = r.name.toLocaleLowerCase();
    if (!r.name) found.push({ input: at(r.row, 'name'), message: t('pipelines.stageNameRequired', { n }) });
    else if (seen.has(same)) found.push({ input: at(r.row, 'name'), message: t('pipelines.stageNameTwice', { name: r.name }) });
    seen.add(same);
    if (!/^\d{1,3}$/.test(r.probability) || Number(r.probability) > 100) found.push({ input: at(r.row, 'probability'), message: t('pipelines.probabilityInvalid', { n }) });
    if (r.rotting && (!/^\d{1,3}$/.test(r.rotting) || Number(r.rotting) < 1 || Number(r.rotting) > 365)) {
      found.push({ input: at(r.row, 'rotting_days'), message: t('pipelines.rottingInvalid', { n }) });
    }
  });
  return found;
}

/**
 * Asks where the deals of `stage` go (they are `count`), among `targets`
 * (open stages of the same pipeline); resolves the chosen stage id, or null.
 */
function askMoveTo(stage, count, targets) {
  const form = h('form', { class: 'form stage-delete-form', novalidate: true },
    h('p', { dir: 'auto' }, tn('pipelines.holdsDeals', count, { name: stage.name })),
    selectField(t('pipelines.moveTo'), { name: 'move_to' }, targets.map((s) => ({ value: s.id, label: s.name })), targets[0] && targets[0].id),
    notice(),
    h('div', { class: 'form-actions' },
      submitButton(t('pipelines.deleteAndMove'), 'button-danger'),
      h('button', { type: 'button', class: 'button', 'data-action': 'dismiss' }, t('dialog.cancel'))));
  const dialog = openDialog({ title: t('pipelines.deleteTitle', { name: stage.name }), content: form, className: 'dialog-small stage-delete-dialog' });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    dialog.close(form.elements.namedItem('move_to').value || null);
  });
  return dialog.closed;
}

/** Mounts Settings › Pipelines. */
export function mountPipelines(app) {
  const view = new PipelinesView();
  const admin = app.user.role === 'admin';
  const s = { pipelines: [], templates: [], current: null };

  const pipeline = () => s.pipelines.find((p) => p.id === s.current) || s.pipelines[0];

  function keep(updated) {
    s.pipelines = s.pipelines.some((p) => p.id === updated.id)
      ? s.pipelines.map((p) => (p.id === updated.id ? updated : p)) : s.pipelines.concat(updated);
    remember('pipelines', s.pipelines);
  }

  /** The chosen pipeline: its editor for admins, its stages to read for members. */
  function drawPipeline() {
    view.render(admin ? 'editor' : 'readOnly', pipeline());
  }

  function draw() {
    view.render('frame', { pipelines: s.pipelines, current: s.current, templates: s.templates, admin });
    drawPipeline();
  }

  async function load() {
    view.render('loading');
    try {
      const [list, templates] = await Promise.all([api.get('/pipelines'), admin ? api.get('/pipeline-templates') : { items: [] }]);
      s.pipelines = list.items || [];
      s.templates = templates.items || [];
      s.current = (pipeline() || {}).id || null;
      remember('pipelines', s.pipelines);
      draw();
    } catch (error) {
      if (error.status !== 401) view.render('loadError', error);
    }
  }

  const saved = (message) => view.render('notice', successAlert(message));
  const failed = (error) => view.render('notice', reloadableErrorAlert(error));

  /** How many deals each open stage holds now (one board read, its column counts). */
  async function dealCounts(pipelineId) {
    const board = await api.get(`/pipelines/${encodeURIComponent(pipelineId)}/board`);
    return Object.fromEntries((board.columns || []).map((c) => [c.stage_id, c.count || 0]));
  }

  /** Deletes the saved stage of `row`, its deals going where the admin says; true when it is gone. */
  async function deleteWithDeals(stage, count) {
    const current = pipeline();
    const listed = new Set(qsa('tr', view.rows).map((r) => r.dataset.id).filter(Boolean));
    // Where its deals may go: the other stages saved and still in the list.
    const targets = openStages(current).filter((st) => st.id !== stage.id && listed.has(st.id));
    if (!targets.length) {
      view.render('error', refusal({ stage: t('pipelines.nowhereToGo', { name: stage.name }) }));
      return false;
    }
    const moveTo = await askMoveTo(stage, count, targets);
    if (!moveTo) return false;
    try {
      const updated = await api.del(`/pipelines/${encodeURIComponent(current.id)}/stages/${encodeURIComponent(stage.id)}?move_to=${encodeURIComponent(moveTo)}`);
      keep(updated);
      const target = targets.find((st) => st.id === moveTo);
      saved(tn('pipelines.deletedMoved', count, { name: stage.name, target: target ? target.name : '' }));
      return true;
    } catch (error) {
      if (error.status !== 401) failed(error);
      return false;
    }
  }

  view.bind('choose', (id) => {
    s.current = id;
    view.render('notice', null);
    drawPipeline();
  });
  view.bind('addStage', () => view.addRow());
  view.bind('up', (row) => {
    if (row.previousElementSibling) row.previousElementSibling.before(row);
    view.render('renumber');
    qs('[data-action="stage-up"]', row).focus();
  });
  view.bind('down', (row) => {
    if (row.nextElementSibling) row.nextElementSibling.after(row);
    view.render('renumber');
    qs('[data-action="stage-down"]', row).focus();
  });
  view.bind('removeStage', async (row) => {
    const next = row.nextElementSibling || row.previousElementSibling;
    const id = row.dataset.id;
    if (id) {
      const stage = openStages(pipeline()).find((st) => st.id === id) || { id, name: qs('[name=name]', row).value };
      let count = 0;
      try {
        count = (await dealCounts(pipeline().id))[id] || 0;
      } catch (error) {
        if (error.status !== 401) failed(error);
        return;
      }
      // An empty stage simply leaves the list (gone for good on Save); one with deals asks where they go, now.
      if (count && !(await deleteWithDeals(stage, count))) return;
    }
    row.remove();
    view.render('renumber');
    const focus = next ? qs('[data-action="remove-stage"]', next) : qs('[data-action="add-stage"]', view.form);
    focus.focus();
  });

  async function save(values, retried = false) {
    if (showProblems(view, problems(view, values))) return;
    const current = pipeline();
    const stages = values.rows.map((r) => ({
      ...(r.id ? { id: r.id } : {}), name: r.name, probability: Number(r.probability), rotting_days: r.rotting ? Number(r.rotting) : null,
    }));
    view.render('busy', true);
    try {
      const updated = await api.patch(`/pipelines/${encodeURIComponent(current.id)}`, { name: values.name, stages, version: current.version });
      view.render('busy', false);
      keep(updated);
      view.render('frame', { pipelines: s.pipelines, current: s.current, templates: s.templates, admin });
      view.render('editor', updated);
      saved(t('pipelines.saved', { name: updated.name }));
    } catch (error) {
      view.render('busy', false);
      if (error.status === 409 && error.code === 'stage_has_deals' && !retried) {
        // Deals arrived in a stage taken out of the list: where do they go?
        const ids = (error.details && error.details.stages) || [];
        const counts = await dealCounts(current.id).catch(() => ({}));
        for (const id of ids) {
          const stage = openStages(current).find((st) => st.id === id) || { id, name: id };
          if (!(await deleteWithDeals(stage, counts[id] || 1))) return;
        }
        await save({ ...values, rows: values.rows.filter((r) => !ids.includes(r.id)) }, true);
        return;
      }
      view.render('error', error);
    }
  }
  view.bind('save', (values) => save(values));

  view.bind('create', async (button, el) => {
    const template = el.dataset.template;
    const name = view.newName() || el.dataset.name || t('pipelines.defaultName');
    const body = template ? { name, template } : { name, stages: [{ name: t('pipelines.firstStage'), probability: 10, rotting_days: DEFAULT_ROTTING_DAYS }] };
    el.disabled = true;
    try {
      const created = await api.post('/pipelines', body);
      keep(created);
      s.current = created.id;
      draw();
      view.render('notice', h('div', { class: 'alert alert-success', role: 'status' },
        h('p', { dir: 'auto' }, t('pipelines.created', { name: created.name })),
        h('a', { class: 'button button-small', href: `#/pipeline?pipeline=${encodeURIComponent(created.id)}` }, icon('pipeline'), t('pipelines.toBoard'))));
      qs('[name=pipeline_name]', view.el).focus();
    } catch (error) {
      el.disabled = false;
      if (error.status !== 401) failed(error);
    }
  });
  view.bind('reload', load);
  load();
  return view;
}
