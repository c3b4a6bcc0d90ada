/**
 * Settings › Custom fields (admins): the extra fields of persons,
 * organizations and deals — key, label, type (text, number, date, choice)
 * and the options of a choice. Saved as one document with its version.
 */
import { h, qs, qsa, replace } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { notice, submitButton } from '../forms.js';
import { remember } from '../lookups.js';
import {
  panelCommands, bindPanel, panelLoader, savePanel, refusedToMembers, showProblems,
} from './panel.js';

export const CUSTOM_ENTITIES = ['person', 'organization', 'deal'];
const TYPES = ['text', 'number', 'date', 'choice'];
export const KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

/** A key made from a label: "Date de naissance" → "date_de_naissance". */
export function slugKey(label) {
  const key = String(label || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '_').replace(/^[^a-z]+/, '').replace(/_+$/, '').slice(0, 40);
  return key;
}

export class CustomFieldsView {
  constructor() {
    this.el = h('div', { class: 'tab-panel tab-panel-wide' });
  }

  render(command, data) {
    const commands = {
      ...panelCommands(this, 'customFields', data),
      form: () => this._renderForm(data),
    };
    commands[command]();
  }

  bind(event, handler) {
    bindPanel(this, event, handler, () => this._read());
  }

  _row(entity, def, index) {
    const existing = Boolean(def && def.key);
    const n = index + 1;
    const entityLabel = t(`entity.${entity}`);
    const row = h('tr', { class: 'def-row', 'data-existing': existing ? 'true' : null },
      h('td', { 'data-label': t('customFields.label') }, h('input', {
        type: 'text', name: 'label', value: (def && def.label) || '', maxlength: 100, required: true, dir: 'auto',
        'aria-label': t('customFields.labelN', { entity: entityLabel, n }),
      })),
      h('td', { 'data-label': t('customFields.key') }, h('input', {
        type: 'text', name: 'key', value: (def && def.key) || '', maxlength: 40, readOnly: existing, spellcheck: 'false',
        class: 'input-code', 'aria-label': t('customFields.keyN', { entity: entityLabel, n }),
        title: existing ? t('customFields.keyLocked') : null,
      })),
      h('td', { 'data-label': t('customFields.type') }, h('select', {
        name: 'type', class: 'select-compact', 'aria-label': t('customFields.typeN', { entity: entityLabel, n }),
      }, TYPES.map((type) => h('option', { value: type, selected: type === ((def && def.type) || 'text') }, t(`customFields.type.${type}`))))),
      h('td', { 'data-label': t('customFields.options') }, h('input', {
        type: 'text', name: 'options', value: ((def && def.options) || []).join(', '), maxlength: 2000, dir: 'auto',
        disabled: ((def && def.type) || 'text') !== 'choice', placeholder: t('customFields.optionsHint'),
        'aria-label': t('customFields.optionsN', { entity: entityLabel, n }),
      })),
      h('td', { class: 'cell-actions' }, h('button', {
        type: 'button', class: 'icon-button', 'data-action': 'remove-def', 'aria-label': t('customFields.removeN', { entity: entityLabel, n }),
      }, icon('trash'))));
    return row;
  }

  _renderForm(settings) {
    this.sections = {};
    this.form = h('form', { class: 'form custom-fields-form', novalidate: true },
      CUSTOM_ENTITIES.map((entity) => {
        const rows = h('tbody', { 'data-entity': entity }, (settings[entity] || []).map((def, i) => this._row(entity, def, i)));
        this.sections[entity] = rows;
        return h('section', { class: 'card', 'aria-labelledby': `cf-${entity}` },
          h('h2', { class: 'card-title', id: `cf-${entity}` }, t(`customFields.for.${entity}`)),
          h('div', { class: 'table-wrap' }, h('table', { class: 'table defs-table' },
            h('thead', {}, h('tr', {}, ['customFields.label', 'customFields.key', 'customFields.type', 'customFields.options']
              .map((key) => h('th', { scope: 'col' }, t(key))), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('users.actions'))))),
            rows)),
          h('p', { class: 'muted empty-defs' }, t('customFields.none')),
          h('div', {}, h('button', { type: 'button', class: 'button button-small', 'data-action': 'add-def', 'data-entity': entity }, icon('plus'), t('customFields.add'))));
      }),
      h('p', { class: 'field-hint' }, t('customFields.keyHint')),
      notice(),
      h('div', { class: 'form-actions' }, submitButton(t('customFields.save'))));
    this.form.addEventListener('click', (e) => {
      const add = e.target.closest('[data-action="add-def"]');
      const remove = e.target.closest('[data-action="remove-def"]');
      if (add) {
        const rows = this.sections[add.dataset.entity];
        rows.append(this._row(add.dataset.entity, null, rows.children.length));
        qs('tr:last-child input[name=label]', rows).focus();
      } else if (remove) {
        const section = remove.closest('section');
        remove.closest('tr').remove();
        qs('[data-action="add-def"]', section).focus();
      }
    });
    this.form.addEventListener('change', (e) => {
      if (e.target.name === 'type') {
        const options = qs('input[name=options]', e.target.closest('tr'));
        options.disabled = e.target.value !== 'choice';
      }
    });
    // A new field's key follows its label until someone types a key of their own.
    this.form.addEventListener('input', (e) => {
      const row = e.target.closest('tr');
      if (!row || row.dataset.existing) return;
      const key = qs('input[name=key]', row);
      if (e.target.name === 'key') key.dataset.touched = 'true';
      else if (e.target.name === 'label' && !key.dataset.touched) key.value = slugKey(e.target.value);
    });
    replace(this.el, this.form);
  }

  _read() {
    const out = {};
    for (const entity of CUSTOM_ENTITIES) {
      out[entity] = qsa('tr', this.sections[entity]).map((row) => ({
        row,
        key: qs('input[name=key]', row).value.trim(),
        label: qs('input[name=label]', row).value.trim(),
        type: qs('select[name=type]', row).value,
        options: qs('input[name=options]', row).value.split(',').map((o) => o.trim()).filter(Boolean),
      }));
    }
    return out;
  }
}

function problems(values) {
  const found = [];
  for (const entity of CUSTOM_ENTITIES) {
    const seen = new Set();
    for (const def of values[entity]) {
      const mark = (name, message) => {
        const input = qs(`[name=${name}]`, def.row);
        found.push({ input, message: `${t(`entity.${entity}`)} — ${def.label || def.key || '?'}: ${message}` });
      };
      if (!def.label) mark('label', t('errors.required'));
      if (!KEY_PATTERN.test(def.key)) mark('key', t('customFields.badKey'));
      else if (seen.has(def.key)) mark('key', t('customFields.dupKey'));
      seen.add(def.key);
      if (def.type === 'choice' && !def.options.length) mark('options', t('customFields.needOptions'));
    }
  }
  return found;
}

/** Mounts the custom fields tab (admins only). */
export function mountCustomFields(app) {
  const view = new CustomFieldsView();
  if (refusedToMembers(app, view)) return view;
  let settings = null;
  const show = (loaded) => {
    settings = loaded;
    view.render('form', settings);
  };
  const load = panelLoader(view, '/settings/custom-fields', show);

  view.bind('save', async (values) => {
    if (showProblems(view, problems(values))) return;
    const body = { version: settings.version };
    for (const entity of CUSTOM_ENTITIES) {
      body[entity] = values[entity].map(({ key, label, type, options }) => ({ key, label, type, options: type === 'choice' ? options : [] }));
    }
    await savePanel(view, async () => {
      const saved = await api.put('/settings/custom-fields', body);
      remember('customFields', saved);
      return saved;
    }, show);
  });
  view.bind('reload', load);
  load();
  return view;
}
