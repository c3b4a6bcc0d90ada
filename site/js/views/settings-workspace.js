/** Settings › Workspace: name, default currency and language; editable by admins, read-only for members. */
import { h, replace } from '../dom.js';
import { api } from '../api.js';
import { t, LANGUAGES } from '../i18n.js';
import { inputField, selectField, notice, submitButton, refusal } from '../forms.js';
import { panelCommands, bindPanel, panelLoader, savePanel } from './panel.js';

function currencyCodes() {
  try {
    return Intl.supportedValuesOf('currency');
  } catch {
    return ['CAD', 'CHF', 'EUR', 'GBP', 'USD'];
  }
}

export class WorkspaceView {
  constructor() {
    this.el = h('div', { class: 'tab-panel' });
  }

  render(command, data) {
    const commands = {
      ...panelCommands(this, 'workspace', data),
      editable: () => this._renderEditable(data),
      readOnly: () => this._renderReadOnly(data),
      values: () => {
        this.form.elements.namedItem('name').value = data.name || '';
        this.form.elements.namedItem('default_currency').value = data.default_currency || '';
      },
    };
    commands[command]();
  }

  bind(event, handler) {
    bindPanel(this, event, handler);
  }

  _card(...children) {
    return h('section', { class: 'card', 'aria-labelledby': 'workspace-heading' },
      h('h2', { class: 'card-title', id: 'workspace-heading' }, t('workspace.heading')),
      h('p', { class: 'card-intro' }, t('workspace.intro')),
      children);
  }

  _renderEditable(workspace) {
    const listId = 'currency-codes';
    this.form = h('form', { class: 'form workspace-form', novalidate: true },
      inputField(t('workspace.name'), { name: 'name', value: workspace.name || '', required: true, maxlength: 200 }),
      inputField(t('workspace.currency'), {
        name: 'default_currency', value: workspace.default_currency || '', required: true,
        maxlength: 3, autocapitalize: 'characters', spellcheck: 'false', list: listId, class: 'input-short',
      }, t('workspace.currencyHint')),
      h('datalist', { id: listId }, currencyCodes().map((code) => h('option', { value: code }))),
      selectField(t('workspace.language'), { name: 'language' },
        LANGUAGES.map((lang) => ({ value: lang, label: t(`lang.${lang}`) })), workspace.language,
        t('workspace.languageHint')),
      notice(),
      h('div', { class: 'form-actions' }, submitButton(t('workspace.save'))));
    replace(this.el, this._card(this.form));
  }

  _renderReadOnly(workspace) {
    const row = (label, value) => h('div', { class: 'facts-row' }, h('dt', {}, label), h('dd', {}, value || '—'));
    replace(this.el, this._card(
      h('p', { class: 'alert alert-info' }, t('workspace.readOnly')),
      h('dl', { class: 'facts' },
        row(t('workspace.name'), workspace.name),
        row(t('workspace.currency'), workspace.default_currency),
        row(t('workspace.language'), workspace.language ? t(`lang.${workspace.language}`) : ''))));
  }
}

function problems(values) {
  const details = {};
  if (!values.name) details.name = t('errors.required');
  if (!/^[A-Za-z]{3}$/.test(values.default_currency)) details.default_currency = t('workspace.currencyInvalid');
  return refusal(details);
}

/** Mounts the workspace tab; loads the workspace afresh to hold its current version. */
export function mountWorkspace(app) {
  const view = new WorkspaceView();
  let workspace = null;
  const load = panelLoader(view, '/workspace', (loaded) => {
    workspace = loaded;
    app.setWorkspace(workspace);
    view.render(app.user.role === 'admin' ? 'editable' : 'readOnly', workspace);
  });

  view.bind('save', async (values) => {
    const invalid = problems(values);
    if (invalid) {
      view.render('error', invalid);
      return;
    }
    await savePanel(view, async () => {
      workspace = await api.patch('/workspace', {
        name: values.name,
        default_currency: values.default_currency.toUpperCase(),
        language: values.language,
        version: workspace.version,
      });
      app.setWorkspace(workspace);
      return workspace;
    }, (saved) => view.render('values', saved));
  });
  view.bind('reload', load);
  load();
  return view;
}
