/**
 * The activity form (type, subject, when, how long, all day, owner, links,
 * done, note), used by the quick-add of the detail pages and in a dialog by
 * the activity list and the calendar. Times are typed in the user's zone
 * and sent in UTC; an all-day activity is due at midnight UTC of its day.
 */
import { h, qs } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import {
  inputField, selectField, notice, submitButton, showError, setBusy, clearErrors, uid,
} from '../forms.js';
import { openDialog, choose } from '../dialog.js';
import { lookups } from '../lookups.js';
import { recordPicker } from '../combobox.js';
import { includedName } from '../entities.js';
import { dayInZone, timeInZone, zonedToUtc, toApiInstant, today, isDay } from '../format.js';

const DURATIONS = [15, 30, 45, 60, 90, 120, 180, 240];

/** Overdue: not done and its time has passed (an all-day activity, once its day has ended). */
export function isOverdue(activity, now = Date.now()) {
  if (!activity || activity.done || !activity.due_at) return false;
  const due = Date.parse(activity.due_at);
  if (Number.isNaN(due)) return false;
  return activity.all_day ? due + 24 * 3600 * 1000 <= now : due < now;
}

function checkbox(label, name, checked) {
  const id = uid(`f-${name}`);
  return h('div', { class: 'field field-check' },
    h('input', { type: 'checkbox', id, name, checked: Boolean(checked) }),
    h('label', { for: id }, label));
}

function nextHour() {
  const now = new Date(Date.now() + 3600 * 1000);
  return `${timeInZone(now).slice(0, 2)}:00`;
}

/**
 * The fields of an activity form for `activity` (a record, or starting
 * values). `links` chooses which record pickers to show (['person', 'organization', 'deal']);
 * `names` is an API `included` map ({deals: {id: {id, title}}, persons: {id: {id, name}}, …}).
 */
export function activityFields(activity, ref, { links = [], names = {}, withNote = true, withDone = false } = {}) {
  const a = activity || {};
  const allDay = Boolean(a.all_day);
  const day = a.due_at ? (allDay ? a.due_at.slice(0, 10) : dayInZone(a.due_at)) : (a.day || today());
  const time = a.due_at && !allDay ? timeInZone(a.due_at) : (a.time || nextHour());
  const types = ((ref.activityTypes && ref.activityTypes.items) || []).map((type) => ({ value: type.key, label: type.label }));
  const owners = (ref.users || []).filter((u) => u.status !== 'disabled').map((u) => ({ value: u.id, label: u.name }));
  const durations = DURATIONS.includes(a.duration_min) || !a.duration_min ? DURATIONS : [a.duration_min, ...DURATIONS];
  const pickers = {};
  const pickerFor = (entity, key, plural) => {
    pickers[key] = recordPicker({
      label: t(`fields.${entity}`), name: key, entity,
      value: a[key] ? { id: a[key], name: includedName(names, plural, a[key]) || t('record.unnamed') } : null,
    });
    return pickers[key].el;
  };
  const noteId = uid('act-note');
  const timeField = inputField(t('activity.time'), { name: 'time', type: 'time', value: time, disabled: allDay });
  const fields = h('div', { class: 'form-grid activity-fields' },
    h('div', { class: 'form-cell' }, selectField(t('activity.type'), { name: 'type' }, types, a.type || (types[0] && types[0].value))),
    h('div', { class: 'form-cell form-cell-wide' }, inputField(t('activity.subject'), {
      name: 'subject', value: a.subject || '', required: true, maxlength: 500, dir: 'auto',
    })),
    h('div', { class: 'form-cell' }, inputField(t('activity.date'), { name: 'day', type: 'date', value: day, required: true })),
    h('div', { class: 'form-cell' }, timeField),
    h('div', { class: 'form-cell' }, selectField(t('activity.duration'), { name: 'duration_min' },
      durations.map((m) => ({ value: String(m), label: t('activity.minutes', { n: m }) })), String(a.duration_min || 30))),
    h('div', { class: 'form-cell form-cell-check' }, checkbox(t('activity.allDay'), 'all_day', allDay)),
    h('div', { class: 'form-cell' }, selectField(t('fields.owner'), { name: 'owner_id' },
      [{ value: '', label: t('fields.nobody') }].concat(owners), a.owner_id || '')),
    withDone ? h('div', { class: 'form-cell form-cell-check' }, checkbox(t('activity.done'), 'done', a.done)) : null,
    links.includes('deal') ? h('div', { class: 'form-cell form-cell-wide' }, pickerFor('deal', 'deal_id', 'deals')) : null,
    links.includes('person') ? h('div', { class: 'form-cell form-cell-wide' }, pickerFor('person', 'person_id', 'persons')) : null,
    links.includes('organization') ? h('div', { class: 'form-cell form-cell-wide' }, pickerFor('organization', 'org_id', 'organizations')) : null,
    withNote ? h('div', { class: 'form-cell form-cell-full' }, h('div', { class: 'field' },
      h('label', { class: 'field-label', for: noteId }, t('activity.note')),
      h('textarea', { id: noteId, name: 'note', rows: 2, maxlength: 10000, dir: 'auto' }, a.note || ''))) : null);
  const allDayBox = qs('input[name=all_day]', fields);
  allDayBox.addEventListener('change', () => {
    qs('input[name=time]', fields).disabled = allDayBox.checked;
  });
  return { el: fields, pickers };
}

/**
 * The API body for the activity form `form`, or {problems} when something is missing.
 * Only the pickers shown are sent, so links set elsewhere are kept.
 */
export function readActivity(form, pickers = {}) {
  const get = (name) => form.elements.namedItem(name);
  const subject = get('subject').value.trim();
  const day = get('day').value;
  const allDay = get('all_day').checked;
  const time = get('time').value || '09:00';
  const problems = {};
  if (!subject) problems.subject = t('errors.required');
  if (!isDay(day)) problems.day = t('errors.required');
  if (Object.keys(problems).length) return { problems };
  const body = {
    type: get('type').value,
    subject,
    due_at: allDay ? `${day}T00:00:00Z` : toApiInstant(zonedToUtc(day, time)),
    all_day: allDay,
    duration_min: Number(get('duration_min').value) || 30,
    owner_id: get('owner_id').value || null,
  };
  if (get('note')) body.note = get('note').value.trim();
  if (get('done')) body.done = get('done').checked;
  for (const [key, picker] of Object.entries(pickers)) body[key] = picker.value;
  return { body };
}

/**
 * Opens the activity dialog: a new activity from `preset` values, or `activity` to edit.
 * Resolves with the saved activity, {deleted: id}, or null when cancelled.
 */
export async function openActivityDialog(app, { activity, preset, names } = {}) {
  let ref;
  try {
    ref = await lookups('users', 'activityTypes');
  } catch (error) {
    if (error.status === 401) return null;
    ref = { users: [], activityTypes: { items: [] } };
  }
  const editing = Boolean(activity && activity.id);
  const start = editing ? activity : { owner_id: app.user.id, ...preset };
  const { el, pickers } = activityFields(start, ref, {
    links: ['deal', 'person', 'organization'], names, withDone: editing,
  });
  const form = h('form', { class: 'form activity-form', novalidate: true },
    el, notice(),
    h('div', { class: 'form-actions' },
      submitButton(t(editing ? 'activity.save' : 'activity.create')),
      h('button', { type: 'button', class: 'button', 'data-action': 'dismiss' }, t('dialog.cancel')),
      editing ? h('button', { type: 'button', class: 'button button-danger push-end', 'data-action': 'delete-activity' }, t('activity.delete')) : null));
  const dialog = openDialog({ title: t(editing ? 'activity.editTitle' : 'activity.newTitle'), content: form, className: 'dialog-form' });

  form.addEventListener('click', async (e) => {
    if (!e.target.closest('[data-action="delete-activity"]')) return;
    const sure = await choose({
      title: t('activity.deleteTitle'), message: t('activity.deleteText', { subject: activity.subject }),
      choices: [{ value: 'delete', label: t('activity.delete'), kind: 'danger' }, { value: null, label: t('dialog.cancel') }],
    });
    if (sure !== 'delete') return;
    try {
      await api.del(`/activities/${encodeURIComponent(activity.id)}`);
      dialog.close({ deleted: activity.id });
    } catch (error) {
      showError(form, error);
    }
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const { body, problems } = readActivity(form, pickers);
    if (problems) {
      showError(form, { status: 400, details: problems });
      return;
    }
    setBusy(form, true);
    try {
      const saved = editing
        ? await api.patch(`/activities/${encodeURIComponent(activity.id)}`, { ...body, version: activity.version })
        : await api.post('/activities', body);
      setBusy(form, false);
      dialog.close(saved);
    } catch (error) {
      setBusy(form, false);
      showError(form, error);
    }
  });
  return dialog.closed;
}

/** Marks an activity done or not (fetches it first when only a summary is at hand). */
export async function setDone(activity, done) {
  const current = activity.version ? activity : await api.get(`/activities/${encodeURIComponent(activity.id)}`);
  return api.patch(`/activities/${encodeURIComponent(current.id)}`, { done, version: current.version });
}
