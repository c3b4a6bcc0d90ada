/**
 * A booking link's form (`#/scheduler/new`, `#/scheduler/<id>`): what the
 * meeting is, when it can be booked (weekly hours and date overrides, or
 * specific times), the booking rules, the questions, the texts of the
 * public page, what it is tied to, and whether it is on. What the browser
 * can check is said beside the field at once; the API's refusals land
 * beside the fields they name.
 */
import { h, qs, qsa, replace } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import {
  inputField, selectField, notice, submitButton, showError, setBusy, refusal, uid, onReload, errorAlert,
} from '../forms.js';
import { lookups } from '../lookups.js';
import { recordPicker } from '../combobox.js';
import { includedName } from '../entities.js';
import { getTimeZone } from '../format.js';
import { timeZoneOptions } from './settings-profile.js';
import { loadingStatus } from './frame.js';
import { readLinkState, deleteLink } from './link-state.js';
import { weeklyHours, dateOverrides, timesPicker, questionsEditor } from './scheduler-editors.js';
import { DURATIONS, durationText } from '../booking-links.js';

const DEFAULT_WEEK = [0, 1, 2, 3, 4].map((weekday) => ({ weekday, start: '09:00', end: '17:00' }));
const NOTICES = [0, 15, 30, 60, 120, 240, 480, 720, 1440, 2880, 4320, 10080];
const BUFFERS = [0, 5, 10, 15, 20, 30, 45, 60, 90, 120];
const INTERVALS = [5, 10, 15, 20, 30, 45, 60, 90, 120];

function withCurrent(values, current) {
  return current === null || current === undefined || values.includes(current) ? values : values.concat(current).sort((a, b) => a - b);
}

function noticeLabel(minutes) {
  if (!minutes) return t('linkForm.noNotice');
  if (minutes % 1440 === 0) return t('linkForm.days', { n: minutes / 1440 });
  return durationText(minutes);
}

function checkField(label, name, checked, hint) {
  const id = uid(`f-${name}`);
  return h('div', { class: 'check-block' },
    h('div', { class: 'check' }, h('input', { type: 'checkbox', id, name, checked: Boolean(checked) }), h('label', { for: id }, label)),
    hint ? h('p', { class: 'field-hint' }, hint) : null);
}

function textareaField(label, name, value, hint) {
  const id = uid(`f-${name}`);
  return h('div', { class: 'field' },
    h('label', { for: id, class: 'field-label' }, label),
    h('textarea', { id, name, rows: 4, maxlength: 5000, dir: 'auto', 'aria-describedby': `${id}-hint ${id}-error` }, value || ''),
    h('p', { class: 'field-hint', id: `${id}-hint` }, hint),
    h('p', { class: 'field-error', id: `${id}-error`, hidden: true }));
}

function kindChoice(kind) {
  return h('fieldset', { class: 'kind-choice' },
    h('legend', { class: 'field-label' }, t('linkForm.kind')),
    ['general', 'specific'].map((value) => {
      const id = uid(`kind-${value}`);
      return h('label', { class: 'kind-option', for: id },
        h('input', { type: 'radio', name: 'kind', id, value, checked: kind === value }),
        h('span', { class: 'kind-text' },
          h('span', { class: 'kind-name' }, t(`scheduler.kind.${value}`)),
          h('span', { class: 'field-hint' }, t(`linkForm.kindHint.${value}`))));
    }));
}

function section(title, ...children) {
  const id = uid('link-section');
  return h('section', { class: 'card form-section', 'aria-labelledby': id },
    h('h2', { class: 'card-title', id }, title), children);
}

export class LinkFormView {
  constructor() {
    this.titleEl = h('h1', { class: 'page-title', id: 'link-form-title', tabindex: '-1' }, t('linkForm.newTitle'));
    this.body = h('div', { class: 'screen-body' }, loadingStatus());
    this.stateNote = h('div', { class: 'link-form-state', 'aria-live': 'polite' });
    this.el = h('section', { class: 'screen link-form-screen', 'aria-labelledby': 'link-form-title' },
      h('a', { class: 'back-link', href: '#/scheduler' }, icon('back'), t('linkForm.back')),
      h('div', { class: 'page-head' }, this.titleEl),
      this.body);
  }

  render(command, data) {
    const commands = {
      form: () => this._renderForm(data),
      gone: () => replace(this.body, h('div', { class: 'empty-state' },
        h('p', { class: 'empty-text' }, t('linkForm.gone')),
        h('a', { class: 'button', href: '#/scheduler' }, t('linkForm.back')))),
      loadError: () => replace(this.body, errorAlert(data)),
      busy: () => setBusy(this.form, data),
      booked: () => replace(this.stateNote, h('p', { class: 'alert alert-info' }, t('linkForm.booked'))),
      error: () => showError(this.form, data),
      kind: () => {
        for (const el of qsa('[data-kind]', this.form)) el.hidden = el.dataset.kind !== data;
      },
    };
    commands[command]();
  }

  _renderForm({ link, ref, included, editing }) {
    this.titleEl.textContent = editing ? t('linkForm.editTitle', { title: link.title }) : t('linkForm.newTitle');
    const types = ((ref.activityTypes && ref.activityTypes.items) || []).map((type) => ({ value: type.key, label: type.label }));
    const users = (ref.users || []).filter((u) => u.status !== 'disabled').map((u) => ({ value: u.id, label: u.name }));
    const picker = (entity, field, plural) => recordPicker({
      label: t(`fields.${entity}`), name: field, entity,
      value: link[field] ? { id: link[field], name: includedName(included, plural, link[field]) || t('record.unnamed') } : null,
    });
    this.weekly = weeklyHours(link.windows);
    this.overrides = dateOverrides(link.overrides);
    this.times = timesPicker(link.times, link.timezone);
    this.questions = questionsEditor(link.questions);
    this.pickers = { deal_id: picker('deal', 'deal_id', 'deals'), person_id: picker('person', 'person_id', 'persons'), org_id: picker('organization', 'org_id', 'organizations') };
    const number = (label, name, min, max, hint) => inputField(label, {
      name, type: 'number', min, max, step: 1, inputmode: 'numeric', value: link[name] ?? '',
    }, hint);

    this.form = h('form', { class: 'form link-form', novalidate: true },
      section(t('linkForm.about'),
        kindChoice(link.kind),
        h('div', { class: 'form-grid' },
          h('div', { class: 'form-cell form-cell-wide' }, inputField(t('linkForm.title'), {
            name: 'title', value: link.title || '', required: true, maxlength: 500, dir: 'auto',
          }, t('linkForm.titleHint'))),
          h('div', { class: 'form-cell' }, selectField(t('linkForm.duration'), { name: 'duration_min' },
            withCurrent(DURATIONS, link.duration_min).map((m) => ({ value: String(m), label: durationText(m) })), String(link.duration_min))),
          h('div', { class: 'form-cell' }, selectField(t('linkForm.activityType'), { name: 'activity_type' }, types, link.activity_type)),
          h('div', { class: 'form-cell form-cell-wide' }, inputField(t('linkForm.location'), {
            name: 'location', value: link.location || '', maxlength: 500, dir: 'auto',
          }, t('linkForm.locationHint'))),
          h('div', { class: 'form-cell' }, selectField(t('fields.owner'), { name: 'owner_id' }, users, link.owner_id)),
          h('div', { class: 'form-cell' }, selectField(t('linkForm.timezone'), { name: 'timezone' }, timeZoneOptions(link.timezone), link.timezone,
            t('linkForm.timezoneHint'))))),
      section(t('linkForm.when'),
        h('div', { 'data-kind': 'general', class: 'kind-part' }, this.weekly.el, this.overrides.el),
        h('div', { 'data-kind': 'specific', class: 'kind-part' }, this.times.el)),
      section(t('linkForm.rules'),
        h('div', { class: 'form-grid' },
          h('div', { class: 'form-cell' }, selectField(t('linkForm.notice'), { name: 'min_notice_min' },
            withCurrent(NOTICES, link.min_notice_min).map((m) => ({ value: String(m), label: noticeLabel(m) })), String(link.min_notice_min),
            t('linkForm.noticeHint'))),
          h('div', { class: 'form-cell', 'data-kind': 'general' }, number(t('linkForm.horizon'), 'horizon_days', 1, 365, t('linkForm.horizonHint'))),
          h('div', { class: 'form-cell', 'data-kind': 'general' }, selectField(t('linkForm.interval'), { name: 'slot_interval_min' },
            [{ value: '', label: t('linkForm.intervalSame') }].concat(withCurrent(INTERVALS, link.slot_interval_min)
              .map((m) => ({ value: String(m), label: durationText(m) }))), link.slot_interval_min ? String(link.slot_interval_min) : '',
            t('linkForm.intervalHint'))),
          h('div', { class: 'form-cell', 'data-kind': 'general' }, number(t('linkForm.dailyMax'), 'daily_max', 1, 50, t('linkForm.dailyMaxHint'))),
          h('div', { class: 'form-cell', 'data-kind': 'general' }, selectField(t('linkForm.bufferBefore'), { name: 'buffer_before_min' },
            withCurrent(BUFFERS, link.buffer_before_min).map((m) => ({ value: String(m), label: m ? durationText(m) : t('linkForm.none') })),
            String(link.buffer_before_min))),
          h('div', { class: 'form-cell', 'data-kind': 'general' }, selectField(t('linkForm.bufferAfter'), { name: 'buffer_after_min' },
            withCurrent(BUFFERS, link.buffer_after_min).map((m) => ({ value: String(m), label: m ? durationText(m) : t('linkForm.none') })),
            String(link.buffer_after_min), t('linkForm.bufferHint'))),
          h('div', { class: 'form-cell' }, number(t('linkForm.cutoff'), 'cancel_cutoff_hours', 0, 168, t('linkForm.cutoffHint'))),
          h('div', { class: 'form-cell' }, number(t('linkForm.reschedules'), 'max_reschedules', 0, 10, t('linkForm.reschedulesHint'))))),
      section(t('questions.title'), this.questions.el),
      section(t('linkForm.page'),
        textareaField(t('linkForm.footer'), 'footer', link.footer, t('linkForm.footerHint')),
        textareaField(t('linkForm.confirmation'), 'confirmation', link.confirmation, t('linkForm.confirmationHint'))),
      section(t('linkForm.ties'),
        h('p', { class: 'card-intro' }, t('linkForm.tiesHint')),
        h('div', { class: 'form-grid' },
          h('div', { class: 'form-cell form-cell-wide' }, this.pickers.deal_id.el),
          h('div', { class: 'form-cell' }, this.pickers.person_id.el),
          h('div', { class: 'form-cell' }, this.pickers.org_id.el)),
        checkField(t('linkForm.active'), 'active', link.active !== false, t('linkForm.activeHint'))),
      notice(),
      h('div', { class: 'form-actions link-form-actions' },
        submitButton(t(editing ? 'linkForm.save' : 'linkForm.create')),
        h('a', { class: 'button', href: '#/scheduler' }, t('dialog.cancel')),
        editing ? h('button', { type: 'button', class: 'button button-danger-outline push-end', 'data-action': 'delete-link' }, icon('trash'), t('record.delete')) : null));
    replace(this.body, this.stateNote, this.form);
    this.render('kind', link.kind);
    this.form.addEventListener('change', (e) => {
      if (e.target.name === 'kind') this.render('kind', e.target.value);
      if (e.target.name === 'timezone') this.times.setZone(e.target.value);
    });
  }

  /** The API body the form holds, and what the browser sees is wrong ([{field, input, message}]). */
  read() {
    const form = this.form;
    const get = (name) => form.elements.namedItem(name);
    const value = (name) => get(name).value.trim();
    const kind = qs('input[name=kind]:checked', form).value;
    const found = [];
    const integer = (name, { optional = false } = {}) => {
      const input = get(name);
      const text = input.value.trim();
      if (!text) {
        if (!optional) found.push({ field: name, input, message: t('errors.required') });
        return null;
      }
      const n = Number(text);
      if (!Number.isInteger(n) || n < Number(input.min) || n > Number(input.max)) {
        found.push({ field: name, input, message: t('linkForm.between', { min: input.min, max: input.max }) });
      }
      return n;
    };
    if (!value('title')) found.push({ field: 'title', input: get('title'), message: t('errors.required') });
    const general = kind === 'general';
    const body = {
      kind,
      title: value('title'),
      duration_min: Number(value('duration_min')),
      activity_type: value('activity_type') || undefined,
      location: value('location'),
      owner_id: value('owner_id') || null,
      timezone: value('timezone'),
      windows: this.weekly.read(),
      overrides: this.overrides.read(),
      times: this.times.read(),
      min_notice_min: Number(value('min_notice_min')),
      horizon_days: general ? integer('horizon_days') : undefined,
      slot_interval_min: value('slot_interval_min') ? Number(value('slot_interval_min')) : null,
      daily_max: general ? integer('daily_max', { optional: true }) : undefined,
      buffer_before_min: Number(value('buffer_before_min')),
      buffer_after_min: Number(value('buffer_after_min')),
      cancel_cutoff_hours: integer('cancel_cutoff_hours'),
      max_reschedules: integer('max_reschedules'),
      questions: this.questions.read(),
      footer: get('footer').value.trim(),
      confirmation: get('confirmation').value.trim(),
      deal_id: this.pickers.deal_id.value,
      person_id: this.pickers.person_id.value,
      org_id: this.pickers.org_id.value,
      active: get('active').checked,
    };
    const editors = general
      ? [['windows', this.weekly], ['overrides', this.overrides]]
      : [['times', this.times]];
    for (const [field, editor] of editors.concat([['questions', this.questions]])) {
      for (const problem of editor.problems()) found.push({ field, ...problem });
    }
    if (general && !body.windows.length && !body.overrides.length) {
      found.push({ field: 'windows', input: qs('.day-on', this.weekly.el), message: t('hours.needOne') });
    }
    for (const key of Object.keys(body)) if (body[key] === undefined) delete body[key];
    return { body, found };
  }

  /** Shows the browser's findings: the first message of each field under it, every input concerned marked. */
  refuse(found) {
    const details = {};
    for (const { field, message } of found) if (!(field in details)) details[field] = message;
    showError(this.form, refusal(details));
    for (const { input } of found) input.setAttribute('aria-invalid', 'true');
    found[0].input.focus();
  }
}

/** A new link's starting values: the user's zone, weekdays 9 to 5, or none for specific times. */
function blankLink(app, kind) {
  return {
    kind, title: '', duration_min: 30, activity_type: 'meeting', location: '', owner_id: app.user.id,
    timezone: app.user.timezone || getTimeZone(), windows: kind === 'general' ? DEFAULT_WEEK : [], overrides: [], times: [],
    min_notice_min: 60, horizon_days: 60, slot_interval_min: null, daily_max: null, buffer_before_min: 0, buffer_after_min: 0,
    cancel_cutoff_hours: 24, max_reschedules: 2, questions: [], footer: '', confirmation: '', active: true,
  };
}

/** Mounts the form of the link `id`, or of a new one (`?kind=specific` starts with specific times). */
export function mountLinkForm(app, id, params) {
  const view = new LinkFormView();
  const path = id ? `/scheduler/links/${encodeURIComponent(id)}` : '/scheduler/links';
  let link = null;

  async function start() {
    let ref;
    try {
      ref = await lookups('users', 'activityTypes');
    } catch (error) {
      if (error.status === 401) return;
      ref = { users: [app.user], activityTypes: { items: [] } };
    }
    let included = {};
    if (id) {
      try {
        link = await api.get(path);
        included = link.included || {};
      } catch (error) {
        if (error.status === 404) view.render('gone');
        else if (error.status !== 401) view.render('loadError', error);
        return;
      }
    } else {
      link = blankLink(app, params && params.get('kind') === 'specific' ? 'specific' : 'general');
    }
    view.render('form', { link, ref, included, editing: Boolean(id) });
    document.title = `${id ? link.title : t('linkForm.newTitle')} · ${t('nav.scheduler')}`;
    if (id && link.kind === 'specific') {
      // Taken by its first booking: said above the form, which still edits the link.
      readLinkState(link).then((state) => { if (state.booked) view.render('booked'); }, () => {});
    }
  }

  view.el.addEventListener('submit', async (e) => {
    e.preventDefault();
    const { body, found } = view.read();
    if (found.length) {
      view.refuse(found);
      return;
    }
    view.render('busy', true);
    try {
      const saved = id ? await api.patch(path, { ...body, version: link.version }) : await api.post(path, body);
      view.render('busy', false);
      app.setFlash('scheduler', t(id ? 'scheduler.saved' : 'scheduler.created', { title: saved.title }));
      if (!id) app.setFlash('schedulerShare', saved.id);
      app.navigate('/scheduler');
    } catch (error) {
      view.render('busy', false);
      if (error.status !== 401) view.render('error', error);
    }
  });

  view.el.addEventListener('click', async (e) => {
    if (!e.target.closest('[data-action="delete-link"]')) return;
    try {
      if (!(await deleteLink(link))) return;
      app.setFlash('scheduler', t('scheduler.deleted', { title: link.title }));
      app.navigate('/scheduler');
    } catch (error) {
      if (error.status !== 401) view.render('error', error);
    }
  });
  onReload(view.el, () => app.refresh());

  start();
  return view;
}
