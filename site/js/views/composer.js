/**
 * The quick-add box of a detail page: a note or an activity on this record,
 * in two tabs (arrow keys move between them, as in the ARIA tabs pattern).
 */
import { h, qs } from '../dom.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { notice, submitButton, showError, showSuccess, setBusy, clearErrors, uid } from '../forms.js';
import { activityFields, readActivity } from './activity-form.js';

const MAX_NOTE = 100000;

export class ComposerView {
  constructor() {
    this.el = h('section', { class: 'card composer', 'aria-label': t('composer.label') });
  }

  render(command, data) {
    const commands = {
      frame: () => this._renderFrame(data),
      tab: () => this._select(data),
      noteBusy: () => setBusy(this.noteForm, data),
      noteAdded: () => {
        this.noteForm.reset();
        showSuccess(this.noteForm, t('composer.noteAdded'));
      },
      noteError: () => showError(this.noteForm, data),
      // A deal with a client portal: a note can be shown there from the start.
      canShare: () => { this.shareCheck.hidden = !data; },
      activityBusy: () => setBusy(this.activityForm, data),
      activityAdded: () => {
        const subject = this.activityForm.elements.namedItem('subject');
        subject.value = '';
        showSuccess(this.activityForm, t('composer.activityAdded'));
      },
      activityError: () => showError(this.activityForm, data),
    };
    commands[command]();
  }

  bind(event, handler) {
    if (event === 'addNote') {
      this.noteForm.addEventListener('submit', (e) => {
        e.preventDefault();
        clearErrors(this.noteForm);
        const content = this.noteForm.elements.namedItem('content').value;
        if (!content.trim()) {
          showError(this.noteForm, { status: 400, details: { content: t('errors.required') } });
          return;
        }
        const shared = this.noteForm.elements.namedItem('shared');
        handler({ content, pinned: this.noteForm.elements.namedItem('pinned').checked, shared: !this.shareCheck.hidden && shared.checked });
      });
      // Ctrl/Cmd+Enter sends the note from the text area.
      this.noteForm.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          this.noteForm.requestSubmit();
        }
      });
    } else if (event === 'addActivity' && this.activityForm) {
      this.activityForm.addEventListener('submit', (e) => {
        e.preventDefault();
        clearErrors(this.activityForm);
        const { body, problems } = readActivity(this.activityForm);
        if (problems) showError(this.activityForm, { status: 400, details: problems });
        else handler(body);
      });
    }
  }

  _renderFrame({ ref, defaults, activities = true }) {
    const noteId = uid('note-content');
    this.shareCheck = h('label', { class: 'check note-share', hidden: true },
      h('input', { type: 'checkbox', name: 'shared' }), h('span', {}, t('composer.shared')));
    this.noteForm = h('form', { class: 'form note-form', novalidate: true },
      h('div', { class: 'field' },
        h('label', { for: noteId, class: 'visually-hidden' }, t('composer.noteLabel')),
        h('textarea', {
          id: noteId, name: 'content', rows: 4, maxlength: MAX_NOTE, dir: 'auto',
          placeholder: t('composer.notePlaceholder'), 'aria-describedby': `${noteId}-hint ${noteId}-error`,
        }),
        h('p', { class: 'field-hint', id: `${noteId}-hint` }, t('composer.noteHint')),
        h('p', { class: 'field-error', id: `${noteId}-error`, hidden: true })),
      notice(),
      h('div', { class: 'form-actions form-actions-split' },
        h('span', { class: 'note-checks' },
          h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'pinned' }), h('span', {}, t('composer.pin'))),
          this.shareCheck),
        submitButton(t('composer.addNote'))));
    this.activityForm = activities ? h('form', { class: 'form quick-activity-form', novalidate: true },
      activityFields(defaults, ref, { withNote: false }).el,
      notice(),
      h('div', { class: 'form-actions' }, submitButton(t('composer.addActivity')))) : null;

    const tabs = [['note', 'composer.noteTab', 'note', this.noteForm]]
      .concat(activities ? [['activity', 'composer.activityTab', 'activities', this.activityForm]] : []);
    this.tabs = tabs.map(([name, label, iconName]) => h('button', {
      type: 'button', role: 'tab', id: `composer-tab-${name}`, class: 'composer-tab', 'data-tab': name,
      'aria-controls': `composer-panel-${name}`, 'aria-selected': 'false', tabindex: '-1',
    }, icon(iconName), t(label)));
    this.panels = tabs.map(([name, , , form]) => h('div', {
      role: 'tabpanel', id: `composer-panel-${name}`, 'aria-labelledby': `composer-tab-${name}`, class: 'composer-panel', hidden: true,
    }, form));
    const tablist = h('div', { role: 'tablist', class: 'composer-tabs', 'aria-label': t('composer.label') }, this.tabs);
    tablist.addEventListener('click', (e) => {
      const tab = e.target.closest('[role="tab"]');
      if (tab) this._select(tab.dataset.tab);
    });
    tablist.addEventListener('keydown', (e) => {
      if (!['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key)) return;
      e.preventDefault();
      const index = this.tabs.findIndex((tab) => tab.getAttribute('aria-selected') === 'true');
      const count = this.tabs.length;
      const next = e.key === 'Home' ? 0 : e.key === 'End' ? count - 1 : (index + (e.key === 'ArrowRight' ? 1 : -1) + count) % count;
      this._select(this.tabs[next].dataset.tab);
      this.tabs[next].focus();
    });
    this.el.append(tablist, ...this.panels);
    this._select('note');
  }

  _select(name) {
    for (const tab of this.tabs) {
      const selected = tab.dataset.tab === name;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
    }
    for (const panel of this.panels) panel.hidden = panel.id !== `composer-panel-${name}`;
  }

  focusNote() {
    qs('textarea', this.noteForm).focus();
  }

  /** Adds a tab after the others (drawn frame only): `content` is its panel, `onSelect` runs each time it is chosen. */
  addTab({ name, label, iconName, content, onSelect }) {
    const tab = h('button', {
      type: 'button', role: 'tab', id: `composer-tab-${name}`, class: 'composer-tab', 'data-tab': name,
      'aria-controls': `composer-panel-${name}`, 'aria-selected': 'false', tabindex: '-1',
    }, icon(iconName), label);
    const panel = h('div', {
      role: 'tabpanel', id: `composer-panel-${name}`, 'aria-labelledby': `composer-tab-${name}`, class: 'composer-panel', hidden: true,
    }, content);
    // Chosen by a click, or by the arrow keys, which focus the tab they choose.
    if (onSelect) for (const type of ['click', 'focus']) tab.addEventListener(type, () => onSelect());
    this.tabs.push(tab);
    this.panels.push(panel);
    qs('[role="tablist"]', this.el).append(tab);
    this.el.append(panel);
  }
}
