/**
 * Run history of the automations: per workflow (a tab of its builder) and
 * account-wide (`#/automations/runs`). Each run says when, which record, the
 * change that fired it (fields before → after), each step's result (a link
 * to what it made, "email sent to …", "waiting until …") and errors in words.
 */
import { h, replace } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { errorAlert } from '../forms.js';
import { lookups } from '../lookups.js';
import { formatDateTime } from '../format.js';
import { PLURAL } from '../entities.js';
import { FIELDS, stepIcon } from '../workflows.js';
import { actorName, changeValue, fieldName } from './timeline.js';
import { loadingStatus } from './frame.js';

const ROUTED = new Set(['person', 'organization', 'deal', 'lead']);
const PAGE = 25;

function recordHref(entity, id) {
  return ROUTED.has(entity) && id ? `#/${PLURAL[entity]}/${encodeURIComponent(id)}` : null;
}

/** A run's status as a badge: done, running, waiting, failed (parked), stopped. */
function statusBadge(run) {
  return h('span', { class: `status run-status run-status-${run.status}` }, t(`wf.run.status.${run.status}`));
}

function byWhom(by, ctx) {
  if (by === 'booking') return t('wf.run.byBooking');
  if (typeof by === 'string' && by.startsWith('import:')) return t('wf.run.byImport');
  return actorName(ctx, by);
}

function changeBlock(run, ctx) {
  const change = run.change || {};
  // Only the fields people know: the bookkeeping that moves along (a stage's entry time) stays out.
  const known = FIELDS[(run.record || {}).entity] || {};
  const changes = (change.changes || []).filter((c) => c.field in known || String(c.field).startsWith('custom.'));
  return h('div', { class: 'run-change' },
    h('p', { class: 'run-change-what' }, t(`wf.run.event.${change.event || 'updated'}`, { by: byWhom(change.by, ctx) })),
    changes.length ? h('ul', { class: 'change-list' }, changes.map((c) => h('li', {},
      h('span', { class: 'change-field', dir: 'auto' }, fieldName(c.field, ctx)), ' ',
      h('span', { class: 'change-from', dir: 'auto' }, changeValue(c.field, c.from, ctx)),
      h('span', { class: 'change-arrow', 'aria-label': t('timeline.to') }, ' → '),
      h('span', { class: 'change-to', dir: 'auto' }, changeValue(c.field, c.to, ctx))))) : null);
}

/** What a step did, in words, with a link to what it made. */
function stepOutcome(step, run) {
  const result = step.result || {};
  const record = run.record || {};
  if (step.status === 'failed') return h('span', { class: 'run-error', dir: 'auto' }, step.error || t('wf.run.failed'));
  if (step.type === 'condition') return t(step.status === 'passed' ? 'wf.run.passed' : 'wf.run.notPassed');
  if (step.type === 'wait') {
    return step.status === 'waiting' && run.status === 'waiting' && run.resume_at
      ? t('wf.run.waitingUntil', { when: formatDateTime(run.resume_at) }) : t('wf.run.waited');
  }
  if (step.type === 'send_email') return t(result.already ? 'wf.run.alreadySent' : 'wf.run.sent', { to: result.sent_to || '' });
  if (step.type === 'update_record') return t(result.unchanged ? 'wf.run.unchanged' : 'wf.run.updated');
  if (step.type === 'create_activity' || step.type === 'add_note') {
    // An activity or a note shows on the record it belongs to: the trigger's, or its deal's.
    const href = recordHref(record.entity, record.id) || (step.type === 'create_activity' ? '#/activities' : null);
    const text = t(step.type === 'create_activity' ? 'wf.run.activityCreated' : 'wf.run.noteAdded');
    return href ? h('a', { href, class: 'run-made', 'data-made': result.id || '' }, text) : text;
  }
  const href = recordHref(result.entity, result.id);
  const text = t(`wf.run.created.${result.entity || 'person'}`);
  return href ? h('a', { href, class: 'run-made' }, text) : text;
}

function stepLine(step, run) {
  const status = step.status === 'failed' ? 'failed' : step.status;
  return h('li', { class: ['run-step', `is-${status}`] },
    h('span', { class: 'run-step-icon' }, icon(step.status === 'failed' ? 'warning' : stepIcon(step.type))),
    h('span', { class: 'run-step-text' },
      h('span', { class: 'run-step-kind' }, `${(step.index ?? 0) + 1}. ${t(`wf.step.${step.type}`)}`),
      h('span', { class: 'run-step-result' }, stepOutcome(step, run))));
}

function reasonLine(run) {
  if (run.status === 'stopped' && run.reason) return h('p', { class: 'run-reason' }, icon('warning'), t(`wf.run.reason.${run.reason}`));
  if (run.status === 'parked') return h('p', { class: 'run-reason run-error' }, icon('warning'), h('span', { dir: 'auto' }, t('wf.run.parked', { error: run.error || '' })));
  if (run.status === 'done' && run.reason === 'condition') return h('p', { class: 'run-reason' }, t('wf.run.reason.condition'));
  return null;
}

/** One run, as a card. */
export function runCard(run, ctx, { showWorkflow = false } = {}) {
  const record = run.record || {};
  const href = recordHref(record.entity, record.id);
  const title = record.title || t('record.unnamed');
  return h('li', { class: ['card', 'run-card', `is-${run.status}`], 'data-id': run.event_id },
    h('div', { class: 'run-head' },
      statusBadge(run),
      h('time', { class: 'run-when', datetime: run.at }, formatDateTime(run.at)),
      showWorkflow ? h('a', { class: 'run-workflow', href: `#/automations/${encodeURIComponent(run.workflow_id)}`, dir: 'auto' }, run.workflow_name || t('record.unnamed')) : null),
    h('p', { class: 'run-record' },
      icon(record.entity === 'activity' ? 'activities' : PLURAL[record.entity] || 'automations'),
      h('span', { class: 'run-record-kind' }, t(`entity.${record.entity || 'deal'}`)),
      href ? h('a', { href, class: 'record-link', dir: 'auto' }, title) : h('span', { dir: 'auto' }, title)),
    changeBlock(run, ctx),
    (run.steps || []).length ? h('ol', { class: 'run-steps', 'aria-label': t('wf.run.steps') }, run.steps.map((step) => stepLine(step, run))) : null,
    reasonLine(run));
}

/**
 * The runs of one workflow (`workflowId`) or of all: a list that loads a page at a time.
 * Returns {el, reload()}.
 */
export function runHistory(workflowId, { showWorkflow = false } = {}) {
  const list = h('ol', { class: 'run-list' });
  const status = h('div', { class: 'run-status-slot' }, loadingStatus());
  const more = h('button', { type: 'button', class: 'button', hidden: true }, t('wf.run.more'));
  const el = h('div', { class: 'run-history' }, status, list, h('div', { class: 'list-more' }, more));
  const path = workflowId ? `/workflows/${encodeURIComponent(workflowId)}/runs` : '/workflow-runs';
  let cursor = null;
  let ctx = null;
  let seq = 0;

  async function load(append) {
    const mine = ++seq;
    if (!append) {
      replace(status, loadingStatus());
      replace(list);
    }
    more.disabled = true;
    try {
      if (!ctx) ctx = await lookups('users', 'activityTypes', 'pipelines').then((r) => ({ users: r.users, types: r.activityTypes, pipelines: r.pipelines }));
      const query = new URLSearchParams({ limit: String(PAGE) });
      if (append && cursor) query.set('cursor', cursor);
      const page = await api.get(`${path}?${query}`);
      if (mine !== seq) return;
      cursor = page.next_cursor || null;
      const runs = page.items || [];
      list.append(...runs.map((run) => runCard(run, ctx, { showWorkflow })));
      replace(status, !append && !runs.length
        ? h('div', { class: 'empty-state run-empty' }, h('div', { class: 'empty-icon' }, icon('history')), h('p', { class: 'empty-text' }, t('wf.run.none')))
        : null);
      more.hidden = !cursor;
    } catch (error) {
      if (mine === seq && error.status !== 401) replace(status, errorAlert(error));
    } finally {
      more.disabled = false;
    }
  }

  more.addEventListener('click', () => load(true));
  load(false);
  return { el, reload: () => load(false) };
}

/** Mounts the account-wide run history. */
export function mountRunHistory() {
  const history = runHistory(null, { showWorkflow: true });
  const el = h('section', { class: 'screen automations-runs', 'aria-labelledby': 'runs-title' },
    h('a', { class: 'back-link', href: '#/automations' }, icon('back'), t('wf.backToList')),
    h('div', { class: 'page-head page-head-actions' },
      h('h1', { class: 'page-title', id: 'runs-title', tabindex: '-1' }, t('wf.runs.title')),
      h('div', { class: 'head-actions' },
        h('button', { type: 'button', class: 'button', 'data-action': 'refresh-runs' }, icon('restore'), t('wf.runs.refresh')))),
    h('p', { class: 'page-intro' }, t('wf.runs.intro')),
    history.el);
  el.querySelector('[data-action="refresh-runs"]').addEventListener('click', () => history.reload());
  return { el, destroy() {} };
}
