/**
 * Settings › Custom fields (admins): the extra fields of persons,
 * organizations and deals — their name, type (text, number, date, choice)
 * and the options of a choice. Saved as one document with its version.
 * Each field also has a key the records store its value under: people never
 * see it; it is made from the name when the field is added and kept after.
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
const MAX_LABEL = 80; // the API's limit

/** A key made from a label: "Date de naissance" → "date_de_naissance". */
export function slugKey(label) {
  const key = String(label || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[^a-z0-9]+/g, '_').replace(/^[^a-z]+/, '').replace(/_+$/, '').slice(0, 40);
  return key;
}

/**
 * The key of a new entry named `label`: its slug (or `fallback` when the name
 * has no Latin letter), made unique among `taken` with _2, _3…; added to `taken`.
 */
export function newKey(label, taken, fallback) {
  const base = slugKey(label) || fallback;
  let key = base;
  for (let n = 2; taken.has(key); n += 1) key = `${base.slice(0, 40 - String(n).length - 1)}_${n}`;
  taken.add(key);
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
    const n = index + 1;
    const entityLabel = t(`entity.${entity}`);
    // A saved field keeps its key (data-key): the records hold their values under it.
    const row = h('tr', { class: 'def-row', 'data-key': (def && def.key) || null },
      h('td', { 'data-label': t('customFields.label') }, h('input', {
        type: 'text', name: 'label', value: (def && def.label) || '', maxlength: MAX_LABEL, required: true, dir: 'auto',
        'aria-label': t('customFields.labelN', { entity: entityLabel, n }),
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
            h('thead', {}, h('tr', {}, ['customFields.label', 'customFields.type', 'customFields.options']
              .map((key) => h('th', { scope: 'col' }, t(key))), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('users.actions'))))),
            rows)),
          h('p', { class: 'muted empty-defs' }, t('customFields.none')),
          h('div', {}, h('button', { type: 'button', class: 'button button-small', 'data-action': 'add-def', 'data-entity': entity }, icon('plus'), t('customFields.add'))));
      }),
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
    replace(this.el, this.form);
  }

  _read() {
    const out = {};
    for (const entity of CUSTOM_ENTITIES) {
      out[entity] = qsa('tr', this.sections[entity]).map((row) => ({
        row,
        key: row.dataset.key || null,
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
    values[entity].forEach((def, i) => {
      const mark = (name, message) => {
        const input = qs(`[name=${name}]`, def.row);
        const what = `${t(`entity.${entity}`)} — ${def.label || t('customFields.fieldN', { n: i + 1 })}`;
        found.push({ input, message: t('customFields.problem', { what, message }) });
      };
      const same = def.label.toLocaleLowerCase();
      if (!def.label) mark('label', t('errors.required'));
      else if (seen.has(same)) mark('label', t('customFields.dupLabel'));
      seen.add(same);
      if (def.type === 'choice' && !def.options.length) mark('options', t('customFields.needOptions'));
    });
  }
  return found;
}

/** The definitions to save: saved fields keep their key, new ones get one made from their name. */
function definitions(rows) {
  const taken = new Set(rows.map((def) => def.key).filter(Boolean));
  return rows.map(({ key, label, type, options }) => ({
    key: key || newKey(label, taken, 'field'), label, type, options: type === 'choice' ? options : [],
  }));
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
    for (const entity of CUSTOM_ENTITIES) body[entity] = definitions(values[entity]);
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
