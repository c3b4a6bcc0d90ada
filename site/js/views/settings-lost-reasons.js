/**
 * Settings › Lost reasons: the reasons offered when a deal is marked lost
 * (free text stays possible there too). Admins add, rename, reorder and
 * remove them; the list is saved as one document with its version. Members
 * see the list.
 */
import { h, qs, qsa, replace, delegate } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { notice, submitButton } from '../forms.js';
import { remember } from '../lookups.js';
import {
  panelCommands, bindPanel, panelLoader, savePanel, showProblems,
} from './panel.js';

const MAX_REASON = 500;

export class LostReasonsView {
  constructor() {
    this.el = h('div', { class: 'tab-panel' });
  }

  render(command, data) {
    const commands = {
      ...panelCommands(this, 'lostReasons', data),
      form: () => this._renderForm(data),
      readOnly: () => this._renderReadOnly(data),
    };
    commands[command]();
  }

  bind(event, handler) {
    bindPanel(this, event, handler, () => qsa('tr', this.rows).map((row) => ({ row, text: qs('input', row).value.trim() })));
  }

  _card(...children) {
    return h('section', { class: 'card', 'aria-labelledby': 'lost-reasons-heading' },
      h('h2', { class: 'card-title', id: 'lost-reasons-heading' }, t('lostReasons.heading')),
      h('p', { class: 'card-intro' }, t('lostReasons.intro')),
      children);
  }

  _row(text, index) {
    const n = index + 1;
    return h('tr', {},
      h('td', {}, h('input', {
        type: 'text', name: 'reason', value: text || '', maxlength: MAX_REASON, dir: 'auto', 'aria-label': t('lostReasons.reasonN', { n }),
      })),
      h('td', { class: 'cell-actions' },
        h('button', { type: 'button', class: 'icon-button', 'data-action': 'reason-up', 'aria-label': t('lostReasons.upN', { n }) }, icon('up')),
        h('button', { type: 'button', class: 'icon-button', 'data-action': 'reason-down', 'aria-label': t('lostReasons.downN', { n }) }, icon('down')),
        h('button', { type: 'button', class: 'icon-button', 'data-action': 'remove-reason', 'aria-label': t('lostReasons.removeN', { n }) }, icon('trash'))));
  }

  _renumber() {
    qsa('tr', this.rows).forEach((row, i) => {
      const n = i + 1;
      qs('input', row).setAttribute('aria-label', t('lostReasons.reasonN', { n }));
      qs('[data-action="reason-up"]', row).setAttribute('aria-label', t('lostReasons.upN', { n }));
      qs('[data-action="reason-down"]', row).setAttribute('aria-label', t('lostReasons.downN', { n }));
      qs('[data-action="remove-reason"]', row).setAttribute('aria-label', t('lostReasons.removeN', { n }));
    });
  }

  _renderForm(reasons) {
    this.rows = h('tbody', {}, (reasons.items || []).map((text, i) => this._row(text, i)));
    this.form = h('form', { class: 'form lost-reasons-form', novalidate: true },
      h('div', { class: 'table-wrap' }, h('table', { class: 'table defs-table reasons-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('lostReasons.reason')),
          h('th', { scope: 'col', class: 'cell-actions' }, h('span', { class: 'visually-hidden' }, t('users.actions'))))),
        this.rows)),
      h('p', { class: 'empty-defs muted' }, t('lostReasons.none')),
      h('div', {}, h('button', { type: 'button', class: 'button button-small', 'data-action': 'add-reason' }, icon('plus'), t('lostReasons.add'))),
      notice(),
      h('div', { class: 'form-actions' }, submitButton(t('lostReasons.save'))));
    delegate(this.form, '[data-action]', 'click', (e, button) => {
      const row = button.closest('tr');
      const action = button.dataset.action;
      if (action === 'add-reason') {
        this.rows.append(this._row('', this.rows.children.length));
        qs('tr:last-child input', this.rows).focus();
        return;
      }
      if (!row) return;
      if (action === 'remove-reason') {
        const next = row.nextElementSibling || row.previousElementSibling;
        row.remove();
        this._renumber();
        (next ? qs('[data-action="remove-reason"]', next) : qs('[data-action="add-reason"]', this.form)).focus();
      } else if (action === 'reason-up' && row.previousElementSibling) {
        row.previousElementSibling.before(row);
        this._renumber();
        button.focus();
      } else if (action === 'reason-down' && row.nextElementSibling) {
        row.nextElementSibling.after(row);
        this._renumber();
        button.focus();
      }
    });
    replace(this.el, this._card(this.form));
  }

  _renderReadOnly(reasons) {
    replace(this.el, this._card(
      h('p', { class: 'alert alert-info' }, t('lostReasons.readOnly')),
      (reasons.items || []).length
        ? h('ul', { class: 'reason-list' }, reasons.items.map((text) => h('li', { dir: 'auto' }, text)))
        : h('p', { class: 'muted' }, t('lostReasons.none'))));
  }
}

/** Mounts Settings › Lost reasons (admins edit, members read). */
export function mountLostReasons(app) {
  const view = new LostReasonsView();
  const admin = app.user.role === 'admin';
  let reasons = null;
  const show = (loaded) => {
    reasons = loaded;
    view.render(admin ? 'form' : 'readOnly', reasons);
  };
  const load = panelLoader(view, '/settings/lost-reasons', show);

  view.bind('save', async (rows) => {
    const seen = new Set();
    const found = [];
    rows.forEach(({ row, text }, i) => {
      const input = qs('input', row);
      const same = text.toLocaleLowerCase();
      if (!text) found.push({ input, message: t('lostReasons.required', { n: i + 1 }) });
      else if (seen.has(same)) found.push({ input, message: t('lostReasons.twice', { text }) });
      seen.add(same);
    });
    if (showProblems(view, found)) return;
    await savePanel(view, async () => {
      const saved = await api.put('/settings/lost-reasons', { items: rows.map((r) => r.text), version: reasons.version });
      remember('lostReasons', saved);
      return saved;
    }, show);
  });
  view.bind('reload', load);
  load();
  return view;
}
