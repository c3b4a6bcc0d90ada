/**
 * Settings › Activity types (admins): the names of the types offered when
 * planning an activity. Each type also has a key activities refer to: made
 * from the name when the type is added, never shown, kept when it is renamed.
 */
import { h, qs, qsa, replace } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { notice, submitButton } from '../forms.js';
import { remember } from '../lookups.js';
import { newKey } from './settings-custom-fields.js';
import {
  panelCommands, bindPanel, panelLoader, savePanel, refusedToMembers, showProblems,
} from './panel.js';

const MAX_LABEL = 60; // the API's limit

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
      row, key: row.dataset.key || null, label: qs('input[name=label]', row).value.trim(),
    })));
  }

  _row(type, index) {
    const n = index + 1;
    return h('tr', { 'data-key': (type && type.key) || null },
      h('td', {}, h('input', {
        type: 'text', name: 'label', value: (type && type.label) || '', maxlength: MAX_LABEL, dir: 'auto', 'aria-label': t('activityTypes.labelN', { n }),
      })),
      h('td', { class: 'cell-actions' }, h('button', {
        type: 'button', class: 'icon-button', 'data-action': 'remove-type', 'aria-label': t('activityTypes.removeN', { n }),
      }, icon('trash'))));
  }

  _renderForm(types) {
    this.rows = h('tbody', {}, (types.items || []).map((type, i) => this._row(type, i)));
    this.form = h('form', { class: 'form activity-types-form', novalidate: true },
      h('div', { class: 'table-wrap' }, h('table', { class: 'table defs-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('activityTypes.name')),
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
    const mark = (input, what, message) => bad.push({ input, message: t('customFields.problem', { what, message }) });
    rows.forEach(({ row, label }, i) => {
      const input = qs('input[name=label]', row);
      const same = label.toLocaleLowerCase();
      if (!label) mark(input, t('activityTypes.typeN', { n: i + 1 }), t('errors.required'));
      else if (seen.has(same)) mark(input, label, t('customFields.dupLabel'));
      seen.add(same);
    });
    if (!rows.length) bad.push({ input: qs('[data-action="add-type"]', view.form), message: t('activityTypes.needOne') });
    if (showProblems(view, bad)) return;
    // Saved types keep their key (activities refer to it); new ones get one made from their name.
    const taken = new Set(rows.map((row) => row.key).filter(Boolean));
    const items = rows.map(({ key, label }) => ({ key: key || newKey(label, taken, 'type'), label }));
    await savePanel(view, async () => {
      const saved = await api.put('/settings/activity-types', { items, version: types.version });
      remember('activityTypes', saved);
      return saved;
    }, show);
  });
  view.bind('reload', load);
  load();
  return view;
}
