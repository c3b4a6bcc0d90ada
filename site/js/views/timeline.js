/**
 * The timeline of a record: its planned activities (not done, not yet due)
 * first, soonest first; then pinned notes; then the history, newest first:
 * past activities, notes, files, deals, field changes and what the client
 * did in the deal's portal. Notes are rendered by richtext.js
 * (DOM nodes, never markup). The view draws and reports clicks; the detail
 * page owns the data.
 */
import { h, replace, delegate, itemId, keepFocus } from '../dom.js';
import { notice, errorAlert } from '../forms.js';
import { t, hasText } from '../i18n.js';
import { icon } from '../icons.js';
import { richText } from '../richtext.js';
import { formatDate, formatDateTime, formatMoney } from '../format.js';
import { userName, typeLabel } from '../lookups.js';
import { stageName } from '../pipelines.js';
import { recordLink, includedName } from '../entities.js';
import { isOverdue } from './activity-form.js';
import { fileSize, typeLabel as fileKind } from '../uploads.js';

const MAX_CHANGE_TEXT = 200;

/** The due date of an activity as text ("12 mars 2025" for all-day ones, else with the time). */
export function dueText(activity) {
  if (!activity.due_at) return '';
  return activity.all_day ? formatDate(activity.due_at, { utc: true }) : formatDateTime(activity.due_at);
}

/** Who made a change, in words: a user's name, "an automation", "the system". */
export function actorName(ctx, actor) {
  if (!actor || actor === 'system') return t('timeline.system');
  if (actor === 'portal') return t('timeline.client');
  if (actor === 'booking') return t('timeline.bookingPage');
  if (String(actor).startsWith('automation:')) return t('timeline.automation');
  // A customer booking through a public link acts as "booking": they have no user record.
  if (actor === 'booking') return t('timeline.booking');
  return userName(ctx.users, actor);
}

function clip(text) {
  return text.length > MAX_CHANGE_TEXT ? `${text.slice(0, MAX_CHANGE_TEXT)}…` : text;
}

const LINKED = { org_id: 'organizations', person_id: 'persons', deal_id: 'deals' };

/** A changed value as a person reads it: names instead of ids, labels instead of codes. */
export function changeValue(field, value, ctx) {
  if (value === null || value === undefined || value === '') return '∅';
  if (field === 'status' && typeof value === 'string') return t(`deal.status.${value}`);
  if (field === 'owner_id') return userName(ctx.users, value);
  if (field === 'type') return typeLabel(ctx.types, value);
  if (field === 'stage_id') return stageName(ctx.pipelines, value) || value;
  if (field === 'all_day' || field === 'done' || field === 'pinned') return t(value ? 'timeline.yes' : 'timeline.no');
  if (LINKED[field]) return includedName(ctx.included, LINKED[field], value) || value;
  if (Array.isArray(value)) {
    return clip(value.map((v) => (v && typeof v === 'object'
      ? v.value || (v.org_id && (includedName(ctx.included, 'organizations', v.org_id) || v.org_id)) || JSON.stringify(v)
      : String(v))).join(', '));
  }
  return clip(typeof value === 'object' ? JSON.stringify(value) : String(value));
}

const FIELD_KEYS = { org_id: 'organization', person_id: 'person', owner_id: 'owner', deal_id: 'deal' };

/** A changed field's name as people read it. */
export function fieldName(field, ctx) {
  if (ctx.labels && ctx.labels[field]) return ctx.labels[field];
  const key = `fields.${FIELD_KEYS[field] || field}`;
  return hasText(key) ? t(key) : field;
}

/** One note, as a card with its actions. */
export function noteCard(note, ctx, { pinnedSection = false } = {}) {
  return h('article', { class: ['note', note.pinned ? 'is-pinned' : null], 'data-id': note.id, 'data-kind': 'note' },
    h('div', { class: 'note-head' },
      note.pinned ? h('span', { class: 'badge badge-pin' }, icon('pin'), t('notes.pinned')) : null,
      ctx.meta ? h('span', { class: 'entry-meta' }, ctx.meta) : null,
      note.shared && ctx.portal ? h('span', { class: 'badge badge-shared' }, icon('share'), t('notes.sharedBadge')) : null,
      h('span', { class: 'note-actions' },
        ctx.portal ? h('button', {
          type: 'button', class: 'button button-small button-ghost', 'data-action': note.shared ? 'unshare-note' : 'share-note',
          'aria-pressed': String(Boolean(note.shared)),
        }, icon('share'), h('span', { class: 'button-label' }, t(note.shared ? 'notes.unshare' : 'notes.share'))) : null,
        h('button', {
          type: 'button', class: 'button button-small button-ghost', 'data-action': note.pinned ? 'unpin-note' : 'pin-note',
          'aria-pressed': String(Boolean(note.pinned)),
        }, icon('pin'), h('span', { class: 'button-label' }, t(note.pinned ? 'notes.unpin' : 'notes.pin'))),
        h('button', { type: 'button', class: 'button button-small button-ghost', 'data-action': 'edit-note' }, icon('edit'), h('span', { class: 'button-label' }, t('notes.edit'))),
        h('button', { type: 'button', class: 'button button-small button-ghost', 'data-action': 'delete-note' }, icon('trash'), h('span', { class: 'button-label' }, t('notes.delete'))))),
    h('div', { class: 'note-body' }, richText(note.content, pinnedSection ? 'note-pinned-text' : null)));
}

function activityEntry(entry, ctx) {
  const activity = entry.record || {};
  const overdue = isOverdue(activity);
  return h('div', { class: ['entry-body', 'activity-summary', overdue ? 'is-overdue' : null, activity.done ? 'is-done' : null], 'data-id': activity.id, 'data-kind': 'activity' },
    h('label', { class: 'done-toggle' },
      h('input', { type: 'checkbox', 'data-action': 'toggle-done', checked: Boolean(activity.done) }),
      h('span', { class: 'visually-hidden' }, t('activity.markDone', { subject: activity.subject || '' }))),
    h('div', { class: 'entry-text' },
      h('p', { class: 'entry-title' },
        h('span', { class: 'badge' }, typeLabel(ctx.types, activity.type)), ' ',
        h('button', { type: 'button', class: 'link-button', 'data-action': 'edit-activity', dir: 'auto' }, activity.subject || t('record.unnamed'))),
      h('p', { class: 'entry-sub' },
        icon('calendar'), h('span', {}, dueText(activity)),
        overdue ? h('span', { class: 'status status-overdue' }, t('activity.overdue')) : null,
        activity.done ? h('span', { class: 'status status-done' }, t('activity.doneBadge')) : null),
      activity.package_seat ? h('p', { class: 'entry-sub portal-booked' }, icon('portal'),
        t('timeline.portal.booked', { n: activity.package_seat })) : null));
}

/** A file on the record: its name (opened or downloaded), its size and kind, and whether the client sent it. */
function fileEntry(entry) {
  const file = entry.record || {};
  return h('div', { class: 'entry-body file-entry', 'data-id': file.id, 'data-kind': 'file' },
    file.uploaded_by === 'portal' ? h('p', { class: 'entry-title' }, t('timeline.portal.uploaded')) : null,
    h('p', { class: file.uploaded_by === 'portal' ? 'entry-sub' : 'entry-title' },
      icon('file'), ' ',
      h('button', { type: 'button', class: 'link-button', 'data-action': 'open-file', dir: 'auto' }, file.name || t('record.unnamed'))),
    h('p', { class: 'entry-sub' },
      h('span', {}, fileSize(file.size)), h('span', {}, fileKind(file.type)),
      file.shared ? h('span', { class: 'badge badge-shared' }, icon('share'), t('files.sharedBadge')) : null));
}

/** What the client did in the portal, in words ("The client ticked “Read the guide”"). */
function portalEntry(entry) {
  const done = entry.record || {};
  const key = `timeline.portal.${done.event}`;
  return h('div', { class: ['entry-body', 'portal-entry', `is-${done.event}`] },
    h('p', { class: 'entry-title', dir: 'auto' }, hasText(key) ? t(key, { text: done.text || '' }) : t('timeline.portal.other')));
}

function dealEntry(entry) {
  const deal = entry.record || {};
  return h('div', { class: 'entry-body' },
    h('p', { class: 'entry-title' }, recordLink('deals', deal.id, deal.title)),
    h('p', { class: 'entry-sub' },
      deal.value !== undefined && deal.value !== null ? h('span', {}, formatMoney(deal.value, deal.currency)) : null,
      deal.status ? h('span', { class: `status status-deal-${deal.status}` }, t(`deal.status.${deal.status}`)) : null));
}

function leadEntry(entry) {
  const lead = entry.record || {};
  return h('div', { class: 'entry-body' },
    h('p', { class: 'entry-title' }, recordLink('leads', lead.id, lead.title)),
    h('p', { class: 'entry-sub' },
      lead.value ? h('span', {}, formatMoney(lead.value, lead.currency)) : null,
      lead.source ? h('span', { dir: 'auto' }, lead.source) : null,
      lead.converted_deal_id ? h('span', { class: 'status status-deal-won' }, t('leads.converted')) : null));
}

/** Where a deal went, in words: "Moved from X to Y", "Won", "Lost: reason", "Reopened in Y". */
function stageSentence(move, ctx) {
  const name = (stageId) => stageName(ctx.pipelines, stageId, { withPipeline: move.pipeline_id !== move.from_pipeline_id }) || '?';
  if (move.status === 'won') return t('timeline.stage.won');
  if (move.status === 'lost') return move.lost_reason ? t('timeline.stage.lostBecause', { reason: move.lost_reason }) : t('timeline.stage.lost');
  if (!move.from_status) return t('timeline.stage.created', { stage: name(move.stage_id) });
  if (move.from_status !== 'open') return t('timeline.stage.reopened', { stage: name(move.stage_id) });
  return t('timeline.stage.moved', { from: name(move.from_stage_id), to: name(move.stage_id) });
}

function stageEntry(entry, ctx) {
  const move = entry.record || {};
  return h('div', { class: ['entry-body', 'stage-entry', `is-${move.status}`] },
    h('p', { class: 'entry-title', dir: 'auto' }, stageSentence(move, ctx)),
    move.status === 'won' && move.value ? h('p', { class: 'entry-sub' }, formatMoney(move.value, move.currency)) : null);
}

function changeEntry(entry, ctx) {
  const changes = entry.changes || [];
  if (!changes.length) {
    const key = `timeline.event.${entry.event || 'updated'}`;
    return h('div', { class: 'entry-body entry-event' }, h('p', {}, t(hasText(key) ? key : 'timeline.event.updated')));
  }
  return h('div', { class: 'entry-body' },
    h('ul', { class: 'change-list' }, changes.map((change) => h('li', {},
      h('span', { class: 'change-field', dir: 'auto' }, fieldName(change.field, ctx)), ' ',
      h('span', { class: 'change-from', dir: 'auto' }, changeValue(change.field, change.from, ctx)),
      h('span', { class: 'change-arrow', 'aria-label': t('timeline.to') }, ' → '),
      h('span', { class: 'change-to', dir: 'auto' }, changeValue(change.field, change.to, ctx))))));
}

function kindLabel(entry) {
  if (entry.kind === 'change' && entry.event) {
    const key = `timeline.kind.change.${entry.event}`;
    if (hasText(key)) return t(key);
  }
  return t(`timeline.kind.${entry.kind}`);
}

const KIND_ICON = {
  activity: 'activities', note: 'note', deal: 'deals', change: 'edit', lead: 'leads', stage: 'pipeline', file: 'file', portal: 'portal',
};

// What a deal's stage entries already tell: the change log's copy of a move is left out.
const MOVE_FIELDS = new Set(['stage_id', 'status', 'pipeline_id', 'stage_entered_at']);

/**
 * The entries worth showing: a move appears once, as its stage entry (the
 * change log's copy of it goes, and the "left this pipeline" twin of a move
 * between pipelines too); a change that was only a move goes entirely.
 */
export function withoutMoveEchoes(entries) {
  const out = [];
  for (const entry of entries) {
    if (entry.kind === 'stage' && entry.record && entry.record.status === 'moved_out') continue;
    if (entry.kind === 'change' && entry.event === 'updated' && (entry.changes || []).length) {
      const moved = entry.changes.some((c) => c.field === 'status' || c.field === 'stage_id');
      const kept = entry.changes.filter((c) => !MOVE_FIELDS.has(c.field) && !(moved && c.field === 'lost_reason'));
      if (!kept.length) continue;
      if (kept.length !== entry.changes.length) {
        out.push({ ...entry, changes: kept });
        continue;
      }
    }
    out.push(entry);
  }
  return out;
}

/** Planned: an activity not done whose time has not passed yet (an overdue one stays in the history, flagged). */
export function isPlanned(entry) {
  const activity = entry.kind === 'activity' && entry.record;
  return Boolean(activity && !activity.done && activity.due_at && !isOverdue(activity));
}

/** One timeline entry as a list item. */
export function timelineEntry(entry, ctx) {
  // An activity's moment is its due date, shown in its body; the others say when they happened.
  const meta = h('span', { class: 'entry-meta' },
    h('span', { class: 'entry-kind' }, kindLabel(entry)),
    ' · ', h('span', { dir: 'auto' }, actorName(ctx, entry.actor)),
    entry.kind === 'activity' ? null : [' · ', h('time', { datetime: entry.at }, formatDateTime(entry.at))]);
  let body;
  if (entry.kind === 'note') body = noteCard(entry.record || {}, { ...ctx, meta });
  else if (entry.kind === 'activity') body = [meta, activityEntry(entry, ctx)];
  else if (entry.kind === 'deal') body = [meta, dealEntry(entry)];
  else if (entry.kind === 'lead') body = [meta, leadEntry(entry)];
  else if (entry.kind === 'stage') body = [meta, stageEntry(entry, ctx)];
  else if (entry.kind === 'file') body = [meta, fileEntry(entry)];
  else if (entry.kind === 'portal') body = [meta, portalEntry(entry)];
  else body = [meta, changeEntry(entry, ctx)];
  return h('li', { class: ['timeline-entry', `entry-${entry.kind}`], 'data-kind': entry.kind },
    h('span', { class: 'entry-icon', 'aria-hidden': 'true' }, icon(KIND_ICON[entry.kind] || 'activities')),
    h('div', { class: 'entry-main' }, body));
}

export class TimelineView {
  constructor() {
    this.plannedList = h('ol', { class: 'timeline timeline-planned' });
    this.planned = h('section', { class: 'planned-activities', 'aria-labelledby': 'planned-title', hidden: true },
      h('h2', { class: 'section-title', id: 'planned-title' }, icon('calendar'), t('timeline.planned')),
      this.plannedList);
    this.pinned = h('div', { class: 'pinned-notes', 'aria-live': 'polite' });
    this.list = h('ol', { class: 'timeline' }, h('li', { class: 'loading', role: 'status' }, t('app.loading')));
    this.more = h('button', { type: 'button', class: 'button button-small', 'data-action': 'timeline-more', hidden: true }, t('timeline.more'));
    this.notice = notice();
    this.el = h('section', { class: 'timeline-section', 'aria-labelledby': 'timeline-title' },
      this.planned,
      this.pinned,
      h('h2', { class: 'section-title', id: 'timeline-title' }, icon('history'), t('timeline.title')),
      this.notice,
      this.list,
      h('div', { class: 'list-more' }, this.more));
  }

  render(command, data) {
    const commands = {
      pinned: () => keepFocus(this.el, () => replace(this.pinned, data.notes.length
        ? [h('h2', { class: 'section-title' }, icon('pin'), t('notes.pinnedTitle')), data.notes.map((note) => noteCard(note, data.ctx, { pinnedSection: true }))]
        : null)),
      // Both lists in one go: an activity ticked done moves from one to the other and keeps the focus.
      entries: () => keepFocus(this.el, () => {
        const planned = data.planned || [];
        replace(this.plannedList, planned.map((entry) => timelineEntry(entry, data.ctx)));
        this.planned.hidden = !planned.length;
        replace(this.list, data.entries.length
          ? data.entries.map((entry) => timelineEntry(entry, data.ctx))
          : h('li', { class: 'timeline-empty' }, t(planned.length ? 'timeline.emptyHistory' : 'timeline.empty')));
      }),
      hasMore: () => { this.more.hidden = !data; },
      error: () => replace(this.notice, errorAlert(data)),
      clearError: () => replace(this.notice),
    };
    commands[command]();
  }

  /** Handlers get the id of the note or activity the control belongs to. */
  bind(event, handler) {
    const actions = {
      pinNote: 'pin-note', unpinNote: 'unpin-note', editNote: 'edit-note', deleteNote: 'delete-note',
      editActivity: 'edit-activity', more: 'timeline-more', shareNote: 'share-note', unshareNote: 'unshare-note', openFile: 'open-file',
    };
    if (event === 'toggleDone') {
      delegate(this.el, '[data-action="toggle-done"]', 'change', (e, box) => handler(itemId(box), box.checked));
    } else if (actions[event]) {
      delegate(this.el, `[data-action="${actions[event]}"]`, 'click', (e, button) => handler(itemId(button), button));
    }
  }
}
