/**
 * Settings › Activity types (admins): the list of types (key and label)
 * offered when planning an activity. Keys of saved types stay fixed, since
 * activities refer to them.
 */
import { h, qs, qsa, replace } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { notice, submitButton } from '../forms.js';
import { remember } from '../lookups.js';
import { slugKey, KEY_PATTERN } from './settings-custom-fields.js';
import {
  panelCommands, bindPanel, panelLoader, savePanel, refusedToMembers, showProblems,
} from './panel.js';

export class ActivityTypesView {
  constructor() {
    this.el = h('div', { class: 'tab-panel' });
  }

  render(command, data) {
    const commands = {
      ...panelCommands(this, 'activityTypes', data),
      form: () => this._renderForm(data),
    };
    commands[command]();
  }

  bind(event, handler) {
    bindPanel(this, event, handler, () => qsa('tr', this.rows).map((row) => ({
      row, key: qs('input[name=key]', row).value.trim(), label: qs('input[name=label]', row).value.trim(),
    })));
  }

  _row(type, index) {
    const existing = Boolean(type && type.key);
    const n = index + 1;
    return h('tr', { 'data-existing': existing ? 'true' : null },
      h('td', { 'data-label': t('customFields.label') }, h('input', {
        type: 'text', name: 'label', value: (type && type.label) || '', maxlength: 100, dir: 'auto', 'aria-label': t('activityTypes.labelN', { n }),
      })),
      h('td', { 'data-label': t('customFields.key') }, h('input', {
        type: 'text', name: 'key', value: (type && type.key) || '', maxlength: 40, readOnly: existing, class: 'input-code',
        spellcheck: 'false', 'aria-label': t('activityTypes.keyN', { n }),
      })),
      h('td', { class: 'cell-actions' }, h('button', {
        type: 'button', class: 'icon-button', 'data-action': 'remove-type', 'aria-label': t('activityTypes.removeN', { n }),
      }, icon('trash'))));
  }

  _renderForm(types) {
    this.rows = h('tbody', {}, (types.items || []).map((type, i) => this._row(type, i)));
    this.form = h('form', { class: 'form activity-types-form', novalidate: true },
      h('div', { class: 'table-wrap' }, h('table', { class: 'table defs-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('customFields.label')), h('th', { scope: 'col' }, t('customFields.key')),
          h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('users.actions'))))),
        this.rows)),
      h('div', {}, h('button', { type: 'button', class: 'button button-small', 'data-action': 'add-type' }, icon('plus'), t('activityTypes.add'))),
      notice(),
      h('div', { class: 'form-actions' }, submitButton(t('activityTypes.save'))));
    this.form.addEventListener('click', (e) => {
      if (e.target.closest('[data-action="add-type"]')) {
        this.rows.append(this._row(null, this.rows.children.length));
        qs('tr:last-child input[name=label]', this.rows).focus();
      } else if (e.target.closest('[data-action="remove-type"]')) {
        e.target.closest('tr').remove();
        qs('[data-action="add-type"]', this.form).focus();
      }
    });
    this.form.addEventListener('input', (e) => {
      const row = e.target.closest('tr');
      if (!row || row.dataset.existing) return;
      const key = qs('input[name=key]', row);
      if (e.target.name === 'key') key.dataset.touched = 'true';
      else if (!key.dataset.touched) key.value = slugKey(e.target.value);
    });
    replace(this.el, h('section', { class: 'card', 'aria-labelledby': 'types-heading' },
      h('h2', { class: 'card-title', id: 'types-heading' }, t('activityTypes.heading')),
      h('p', { class: 'card-intro' }, t('activityTypes.intro')),
      this.form));
  }
}

/** Mounts the activity types tab (admins only). */
export function mountActivityTypes(app) {
  const view = new ActivityTypesView();
  if (refusedToMembers(app, view)) return view;
  let types = null;
  const show = (loaded) => {
    types = loaded;
    view.render('form', types);
  };
  const load = panelLoader(view, '/settings/activity-types', show);

  view.bind('save', async (rows) => {
    const seen = new Set();
    const bad = [];
    const mark = (input, message) => bad.push({ input, message });
    for (const { row, key, label } of rows) {
      if (!label) mark(qs('input[name=label]', row), `${key || '?'}: ${t('errors.required')}`);
      if (!KEY_PATTERN.test(key)) mark(qs('input[name=key]', row), `${label || '?'}: ${t('customFields.badKey')}`);
      else if (seen.has(key)) mark(qs('input[name=key]', row), `${label || key}: ${t('customFields.dupKey')}`);
      seen.add(key);
    }
    if (!rows.length) mark(qs('[data-action="add-type"]', view.form), t('activityTypes.needOne'));
    if (showProblems(view, bad)) return;
    await savePanel(view, async () => {
      const saved = await api.put('/settings/activity-types', { items: rows.map(({ key, label }) => ({ key, label })), version: types.version });
      remember('activityTypes', saved);
      return saved;
    }, show);
  });
  view.bind('reload', load);
  load();
  return view;
}
