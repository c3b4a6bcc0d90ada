/**
 * The page of one person, organization or deal (`#/persons/<id>`): its
 * fields, each edited in place (PATCH with the version; a stale version
 * says so and offers a reload), its open activities, the quick-add of a
 * note or an activity, and the timeline. Deleting asks what happens to the
 * linked records (delete them too, or keep them unlinked) — never silently.
 */
import { qs } from '../dom.js';
import { api, fillPage, ApiError } from '../api.js';
import { t } from '../i18n.js';
import { lookups, remember } from '../lookups.js';
import { fieldEditor } from '../fields.js';
import { ENTITIES, fieldsOf, fieldLabel, fieldValue, fieldPatch, recordTitle } from '../entities.js';
import { RecordDetailView } from './record-detail-view.js';
import { ComposerView } from './composer.js';
import { TimelineView, isPlanned, withoutMoveEchoes } from './timeline.js';
import { dealProgress } from './deal-stages.js';
import { openConvertDialog } from './lead-convert.js';
import { openCreateDialog } from './record-form.js';
import { openActivityDialog, setDone } from './activity-form.js';
import { deleteRecord } from './record-delete.js';
import { editNote, deleteNote, setPinned, setShared } from './notes.js';
import { mountProposeTimes } from './propose-times.js';
import { mountFiles } from './files-tab.js';
import { openPreview, saveFile } from './file-dialogs.js';
import { mountPortalCard, portalPrompt } from './portal-card.js';
import { successAlert } from '../forms.js';
import { isImage } from '../uploads.js';

const TIMELINE_PAGE = 20;
const NOTES_MAX = 200;
// Timeline entries come from the table's stream: a change shows up a moment after the write.
const STREAM_SETTLE_MS = [800, 2500];

function mergeIncluded(into, more) {
  for (const [plural, records] of Object.entries(more || {})) into[plural] = { ...(into[plural] || {}), ...records };
  return into;
}

/** Mounts the page of the record `id` of `plural`. */
export function mountRecordDetail(app, plural, id) {
  const entity = ENTITIES[plural];
  const view = new RecordDetailView(plural);
  const composer = new ComposerView();
  const timeline = new TimelineView();
  const portalCard = plural === 'deals' ? mountPortalCard(() => s.record, {
    onChange: (portal) => {
      s.portal = portal;
      composer.render('canShare', Boolean(portal));
      if (s.ref && s.entries) drawTimeline();
    },
  }) : null;
  const path = `/${plural}/${encodeURIComponent(id)}`;
  const s = {
    record: null, included: {}, entries: [], cursor: null, local: [], notes: [], activities: [], extra: {}, ref: null, fields: [],
    portal: null, // the deal's active client portal: its notes can be shared there
  };
  let timers = [];

  const ctx = () => ({
    included: s.included,
    users: s.ref.users,
    pipelines: s.ref.pipelines,
    types: s.ref.activityTypes,
    labels: Object.fromEntries(s.fields.map((f) => [f.key, fieldLabel(f)])),
    orgNames: Object.fromEntries(Object.entries(s.included.organizations || {}).map(([k, v]) => [k, v.name])),
    portal: Boolean(s.portal),
  });
  const linkQuery = () => `${entity.linkKey}=${encodeURIComponent(id)}`;

  function drawRecord() {
    view.render('header', { record: s.record, ctx: ctx() });
    if (plural === 'deals') view.render('stages', { record: s.record, pipelines: s.ref.pipelines });
    view.render('facts', { record: s.record, fields: s.fields, ctx: ctx() });
    view.render('side', { record: s.record, ctx: ctx(), extra: s.extra });
    document.title = `${recordTitle(plural, s.record)} · ${(app.workspace && app.workspace.name) || t('app.name')}`;
  }

  function drawTimeline() {
    const pinnedIds = new Set(s.notes.filter((n) => n.pinned).map((n) => n.id));
    const notesById = new Map(s.notes.map((n) => [n.id, n]));
    // The open activities (read in full, a page of them) stand in for their timeline copies and
    // complete the planned ones: the timeline's first page may not reach far enough into the future.
    const open = s.activities.map((a) => ({ id: `open-${a.id}`, kind: 'activity', at: a.due_at, actor: a.updated_by, record: a }));
    const seen = new Set();
    const entries = open.concat(withoutMoveEchoes(s.entries), s.local)
      .filter((e) => {
        // An activity or a note shows once (its open copy, its timeline copy); other entries are their own.
        const mark = e.record && e.record.id ? `${e.kind}:${e.record.id}` : `entry:${e.id}`;
        if (seen.has(mark)) return false;
        seen.add(mark);
        return true;
      })
      .map((e) => (e.kind === 'note' && notesById.has(e.record && e.record.id) ? { ...e, record: { ...e.record, ...notesById.get(e.record.id) } } : e))
      .filter((e) => !(e.kind === 'note' && (pinnedIds.has(e.record && e.record.id) || s.deletedNotes?.has(e.record && e.record.id))));
    const planned = entries.filter(isPlanned).sort((a, b) => String(a.at).localeCompare(String(b.at)));
    const history = entries.filter((e) => !isPlanned(e)).sort((a, b) => String(b.at).localeCompare(String(a.at)));
    timeline.render('pinned', { notes: s.notes.filter((n) => n.pinned), ctx: ctx() });
    timeline.render('entries', { planned, entries: history, ctx: ctx() });
    timeline.render('hasMore', Boolean(s.cursor));
  }

  async function loadNotes() {
    const page = await fillPage('/notes', new URLSearchParams(linkQuery()), NOTES_MAX);
    s.notes = page.items || [];
  }

  async function loadActivities() {
    if (!entity.activities) return; // a lead has none: they belong to its person or organization
    const page = await api.get(`/activities?${linkQuery()}&done=false&limit=50`);
    s.activities = page.items || [];
    mergeIncluded(s.included, page.included);
    view.render('openActivities', { activities: s.activities, ctx: ctx() });
  }

  async function loadExtra() {
    if (plural !== 'persons') return;
    const page = await api.get(`/deals?person_id=${encodeURIComponent(id)}&limit=50`);
    s.extra.deals = (page.items || []).filter((d) => d.person_id === id);
  }

  async function refreshTimeline() {
    const page = await api.get(`${path}/timeline?limit=${TIMELINE_PAGE}`);
    s.entries = page.items || [];
    s.cursor = page.next_cursor || null;
    drawTimeline();
  }

  /** Reloads what a write may have changed: now, then again once the stream has caught up. */
  function afterWrite() {
    const run = async () => {
      try {
        await Promise.all([loadNotes(), loadActivities()]);
        await refreshTimeline();
        timeline.render('clearError');
      } catch (error) {
        if (error.status !== 401) timeline.render('error', error);
      }
    };
    run();
    for (const timer of timers) clearTimeout(timer);
    timers = STREAM_SETTLE_MS.map((ms) => setTimeout(run, ms));
  }

  async function loadRecord() {
    const data = await api.get(path);
    s.record = data;
    mergeIncluded(s.included, data.included);
    if (data.timeline) {
      s.entries = data.timeline.items || [];
      s.cursor = data.timeline.next_cursor || null;
    }
  }

  /** Makes sure the shared pipelines hold the deal's own (one made since they were read). */
  async function knowPipeline(pipelineId) {
    if (!pipelineId || (s.ref.pipelines || []).some((p) => p.id === pipelineId)) return;
    try {
      const pipeline = await api.get(`/pipelines/${encodeURIComponent(pipelineId)}`);
      s.ref.pipelines = (s.ref.pipelines || []).concat(pipeline);
      remember('pipelines', s.ref.pipelines);
    } catch {
      // the stage bar shows what it can
    }
  }

  const progress = dealProgress({
    record: () => s.record,
    pipelines: () => s.ref.pipelines,
    entries: () => s.entries,
    busy: (on) => view.render('busy', on),
    show: async (deal, message) => {
      const was = document.activeElement;
      const stageId = was && was.dataset && was.dataset.stageId;
      const action = was && was.dataset && was.dataset.action && was.dataset.action.startsWith('deal-') ? was.dataset.action : null;
      s.record = { ...s.record, ...deal };
      await knowPipeline(s.record.pipeline_id);
      drawRecord();
      if (stageId || action) view.refocusDeal(stageId, action);
      view.render('success', message);
      afterWrite();
    },
    fail: (error) => view.render('error', error),
  });

  async function save(patch) {
    const updated = await api.patch(path, { ...patch, version: s.record.version });
    // The PATCH answer is the record alone: keep the page's extras (persons, deals of an organization).
    s.record = { ...s.record, ...updated };
    drawRecord();
    view.render('success', t('record.saved'));
    afterWrite();
  }

  function editField(key, button) {
    const field = s.fields.find((f) => f.key === key);
    if (!field) return;
    const isTitle = Boolean(field.title) && button && button.dataset.action === 'edit-title';
    const container = isTitle ? view.titleWrap : button.closest('.field-row').querySelector('.field-row-value');
    const editor = fieldEditor(field.kind, {
      name: field.key, label: fieldLabel(field), value: fieldValue(field, s.record, ctx()), ctx: ctx(),
      required: field.required, options: field.options,
    });
    const restoreFocus = () => {
      const again = isTitle ? qs('[data-action="edit-title"]', view.el) : qs(`.field-row[data-field="${CSS.escape(key)}"] [data-action="edit-field"]`, view.el);
      if (again) again.focus();
    };
    view.inlineForm(container, editor, {
      className: isTitle ? 'inline-edit-title' : null,
      onCancel: () => {
        drawRecord();
        restoreFocus();
      },
      onSave: async (value) => {
        if (field.required && !value) throw new ApiError(400, 'validation_error', '', { [field.key]: t('errors.required') });
        if (editor.picker && editor.picker.record) {
          const plural2 = { organization: 'organizations', person: 'persons', deal: 'deals' }[field.kind];
          const rec = editor.picker.record;
          mergeIncluded(s.included, { [plural2]: { [rec.id]: plural2 === 'deals' ? { id: rec.id, title: rec.name } : { id: rec.id, name: rec.name } } });
        }
        if (plural === 'deals' && field.key === 'stage') {
          // The stage select moves the deal like the board does (its history, its version).
          const moved = value.stage_id && value.stage_id !== s.record.stage_id && await progress.move(value.stage_id, value.pipeline_id);
          if (!moved) drawRecord(); // unchanged, or refused (the page's notice says why)
        } else {
          await save(fieldPatch(field, value, s.record));
        }
        restoreFocus();
      },
    });
  }

  function activityPreset() {
    const r = s.record;
    if (plural === 'deals') return { deal_id: r.id, person_id: r.person_id || null, org_id: r.org_id || null };
    if (plural === 'persons') return { person_id: r.id, org_id: r.org_id || null };
    return { org_id: r.id };
  }

  async function start() {
    try {
      s.ref = await lookups('users', 'customFields', 'pipelines', 'activityTypes');
    } catch (error) {
      if (error.status === 401) return;
      s.ref = { users: [], customFields: {}, pipelines: [], activityTypes: { items: [] } };
    }
    s.fields = fieldsOf(plural, s.ref.customFields);
    try {
      await loadRecord();
    } catch (error) {
      if (error.status === 404 || error.status === 410) view.render('notFound');
      else if (error.status !== 401) view.render('error', error);
      return;
    }
    if (plural === 'deals') await knowPipeline(s.record.pipeline_id);
    view.render('layout', { composer, timeline, portal: portalCard && portalCard.el });
    drawRecord();
    const converted = plural === 'deals' && app.takeFlash('deal');
    if (converted) view.render('success', t('leads.convertedFlash', { title: converted.converted }));
    const portalMade = plural === 'deals' && app.takeFlash('portal');
    if (portalMade) view.render('success', t(portalMade.invited ? 'portal.createdSent' : 'portal.created'));
    composer.render('frame', { ref: s.ref, defaults: { owner_id: app.user.id }, activities: entity.activities });
    bindComposer();
    mountProposeTimes(app, composer, plural, () => s.record);
    mountFiles(app, composer, plural, () => s.record, { users: () => s.ref.users, onChange: afterWrite });
    if (portalCard) portalCard.refresh();
    try {
      await Promise.all([loadNotes(), loadActivities(), loadExtra().catch(() => null)]);
    } catch (error) {
      if (error.status !== 401) timeline.render('error', error);
    }
    view.render('openActivities', { activities: s.activities, ctx: ctx() }); // also when their read failed: no endless "Loading…"
    view.render('side', { record: s.record, ctx: ctx(), extra: s.extra });
    drawTimeline();
  }

  view.bind('editField', editField);
  view.bind('editTitle', editField);
  view.bind('reload', () => app.refresh());
  view.bind('dealStage', (stageId) => progress.move(stageId));
  view.bind('dealWon', async () => {
    if (!await progress.won()) return;
    // Won: the engagement starts, and its client portal with it (unless the deal has one already).
    const portal = await portalCard.refresh();
    if (!portal) view.render('notice', successAlert(t('stages.wonDone'), ' ', portalPrompt(s.record.id)));
  });
  view.bind('dealLost', async () => { if (await progress.lost()) portalCard.refresh(); });
  view.bind('dealReopen', async () => { if (await progress.reopen()) portalCard.refresh(); });
  view.bind('promptPortal', () => {
    view.render('clearNotice');
    portalCard.create();
  });
  view.bind('convertLead', () => openConvertDialog(app, s.record));
  view.bind('delete', async () => {
    let done = false;
    try {
      done = await deleteRecord(plural, s.record);
    } catch (error) {
      if (error.status !== 401) view.render('error', error);
    }
    if (done) {
      app.setFlash('list', { trashed: recordTitle(plural, s.record) });
      app.navigate(`/${plural}`);
    }
  });
  view.bind('createPerson', () => openCreateDialog(app, 'persons', { org_id: { id: s.record.id, name: s.record.name } }));
  view.bind('createDeal', () => {
    const r = s.record;
    const preset = plural === 'organizations'
      ? { org_id: { id: r.id, name: r.name } }
      : { person_id: { id: r.id, name: r.name }, org_id: r.org_id ? { id: r.org_id, name: s.included.organizations?.[r.org_id]?.name || r.org_id } : null };
    openCreateDialog(app, 'deals', preset);
  });
  const editActivity = async (activityId) => {
    try {
      const activity = await api.get(`/activities/${encodeURIComponent(activityId)}`);
      // The page's own record names itself: the `included` maps name only the records it links to.
      const names = mergeIncluded(mergeIncluded({}, s.included), { [plural]: { [s.record.id]: s.record } });
      const saved = await openActivityDialog(app, { activity, names });
      if (saved) afterWrite();
    } catch (error) {
      if (error.status !== 401) view.render('error', error);
    }
  };
  view.bind('openActivity', editActivity);
  const toggleDone = async (activityId, done) => {
    const summary = s.activities.find((a) => a.id === activityId) || { id: activityId };
    try {
      await setDone(summary, done);
      for (const e of s.entries) if (e.kind === 'activity' && e.record && e.record.id === activityId) e.record.done = done;
      afterWrite();
    } catch (error) {
      if (error.status !== 401) view.render('error', error);
    }
  };
  view.bind('toggleOpenDone', toggleDone);

  timeline.bind('toggleDone', toggleDone);
  timeline.bind('editActivity', editActivity);
  timeline.bind('more', async () => {
    try {
      const page = await api.get(`${path}/timeline?limit=${TIMELINE_PAGE}&cursor=${encodeURIComponent(s.cursor)}`);
      s.entries = s.entries.concat(page.items || []);
      s.cursor = page.next_cursor || null;
      drawTimeline();
    } catch (error) {
      if (error.status !== 401) timeline.render('error', error);
    }
  });
  const noteById = (noteId) => s.notes.find((n) => n.id === noteId) || { id: noteId };
  timeline.bind('pinNote', async (noteId) => { if (await setPinned(noteById(noteId), true, view)) afterWrite(); });
  timeline.bind('unpinNote', async (noteId) => { if (await setPinned(noteById(noteId), false, view)) afterWrite(); });
  timeline.bind('editNote', async (noteId) => { if (await editNote(noteById(noteId), view)) afterWrite(); });
  timeline.bind('shareNote', async (noteId) => { if (await setShared(noteById(noteId), true, view)) afterWrite(); });
  timeline.bind('unshareNote', async (noteId) => { if (await setShared(noteById(noteId), false, view)) afterWrite(); });
  timeline.bind('openFile', async (fileId) => {
    try {
      // Read now: its signed addresses last minutes only.
      const file = await api.get(`/files/${encodeURIComponent(fileId)}`);
      if (isImage(file.type) && file.preview_url) openPreview(file, saveFile);
      else saveFile(file);
    } catch (error) {
      if (error.status !== 401) view.render('error', error);
    }
  });
  timeline.bind('deleteNote', async (noteId) => {
    if (await deleteNote(noteById(noteId), view)) {
      s.deletedNotes = s.deletedNotes || new Set();
      s.deletedNotes.add(noteId);
      s.notes = s.notes.filter((n) => n.id !== noteId);
      drawTimeline();
      afterWrite();
    }
  });

  // The composer's forms exist once its frame is drawn with the real lookups (in start()).
  const bindComposer = () => {
    composer.bind('addNote', async ({ content, pinned, shared }) => {
      composer.render('noteBusy', true);
      try {
        const note = await api.post('/notes', { content, pinned, ...(shared ? { shared } : {}), [entity.linkKey]: id });
        composer.render('noteBusy', false);
        composer.render('noteAdded');
        s.notes = [note].concat(s.notes);
        s.local.push({ id: `local-${note.id}`, kind: 'note', at: note.created_at, actor: app.user.id, record: note });
        drawTimeline();
        afterWrite();
      } catch (error) {
        composer.render('noteBusy', false);
        composer.render('noteError', error);
      }
    });
    composer.bind('addActivity', async (body) => {
      composer.render('activityBusy', true);
      try {
        const activity = await api.post('/activities', { ...body, ...activityPreset() });
        composer.render('activityBusy', false);
        composer.render('activityAdded');
        s.local.push({ id: `local-${activity.id}`, kind: 'activity', at: activity.created_at, actor: app.user.id, record: activity });
        drawTimeline();
        afterWrite();
      } catch (error) {
        composer.render('activityBusy', false);
        composer.render('activityError', error);
      }
    });
  };

  start();
  view.destroy = () => timers.forEach((timer) => clearTimeout(timer));
  view.title = t(`nav.${plural}`);
  return view;
}
