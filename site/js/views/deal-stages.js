/**
 * A deal's way through its pipeline, on the deal page: the stage bar
 * (Pipedrive's chevrons: the stages passed, the current one with its days,
 * the ones ahead; a click moves the deal there), and the Won, Lost (asking
 * why) and Reopen (into any open stage) buttons. Every call carries the
 * version the page read: a concurrent change answers 409 and the page says so.
 */
import { h } from '../dom.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { formatDate } from '../format.js';
import { openStages, pipelineOf, dealMoves } from '../pipelines.js';
import { askLostReason, askReopenStage } from './deal-outcome.js';

function daysSince(iso) {
  const at = Date.parse(iso || '');
  return Number.isNaN(at) ? 0 : Math.max(0, Math.floor((Date.now() - at) / 86400000));
}

/** The stage bar of `deal` in `pipelines` (its own pipeline's open stages). */
export function stageBar(deal, pipelines) {
  const pipeline = pipelineOf(pipelines, deal.pipeline_id);
  const stages = openStages(pipeline);
  const open = deal.status === 'open';
  const current = stages.findIndex((s) => s.id === deal.stage_id);
  const outcome = open ? null : h('p', { class: `stage-outcome status status-deal-${deal.status}` },
    icon(deal.status === 'won' ? 'won' : 'lost'),
    h('span', { dir: 'auto' }, deal.status === 'won'
      ? t('stages.wonOn', { date: formatDate(deal.stage_entered_at) })
      : t('stages.lostOn', { date: formatDate(deal.stage_entered_at), reason: deal.lost_reason || '—' })));
  return h('nav', { class: ['stage-bar', `is-${deal.status}`], 'aria-label': t('stages.label', { pipeline: pipeline ? pipeline.name : '' }) },
    h('ol', { class: 'stage-steps' }, stages.map((stage, i) => {
      const state = !open ? (deal.status === 'won' ? 'is-done' : 'is-closed') : i < current ? 'is-done' : i === current ? 'is-current' : null;
      return h('li', { class: ['stage-step', state] },
        h('button', {
          type: 'button', class: 'stage-chevron', 'data-action': 'deal-stage', 'data-stage-id': stage.id,
          // The current step stays focusable (a move there is a no-op); a closed deal's steps wait for Reopen.
          'aria-current': i === current && open ? 'step' : null, 'aria-disabled': i === current && open ? 'true' : null, disabled: !open,
        },
        h('span', { class: 'stage-chevron-name', dir: 'auto' }, stage.name),
        i === current && open ? h('span', { class: 'stage-chevron-days' }, tn('board.daysShort', daysSince(deal.stage_entered_at))) : null,
        h('span', { class: 'visually-hidden' }, i === current && open
          ? tn('board.days', daysSince(deal.stage_entered_at)) : t('stages.moveHere'))));
    })),
    outcome);
}

/** The outcome buttons of the deal page's head: Won and Lost while open, Reopen once closed. */
export function outcomeButtons(deal) {
  if (deal.status === 'open') {
    return [
      h('button', { type: 'button', class: 'button button-won', 'data-action': 'deal-won' }, icon('won'), t('stages.won')),
      h('button', { type: 'button', class: 'button button-lost', 'data-action': 'deal-lost' }, icon('lost'), t('stages.lost')),
    ];
  }
  return [h('button', { type: 'button', class: 'button', 'data-action': 'deal-reopen' }, icon('reopen'), t('stages.reopen'))];
}

/** The stage a closed deal came from: the one it left to be won or lost (from its timeline's stage entries). */
function stageBefore(deal, entries) {
  const closing = (entries || []).filter((e) => e.kind === 'stage' && e.record && e.record.status === deal.status)
    .sort((a, b) => String(b.at).localeCompare(String(a.at)))[0];
  return closing && closing.record.from_stage_id;
}

/**
 * The deal page's moves. `page` gives {record(), pipelines(), entries(), show(deal, message), fail(error), busy(on)}:
 * show() takes the deal the API answered; fail() shows a refusal.
 */
export function dealProgress(page) {
  /** Sends one call; true when the deal moved. */
  async function run(call, message) {
    page.busy(true);
    try {
      const deal = await call({ id: page.record().id, version: page.record().version });
      await page.show(deal, message(deal));
      return true;
    } catch (error) {
      if (error.status !== 401) page.fail(error);
      return false;
    } finally {
      page.busy(false);
    }
  }

  const stageLabel = (deal) => {
    const stage = openStages(pipelineOf(page.pipelines(), deal.pipeline_id)).find((s) => s.id === deal.stage_id);
    return stage ? stage.name : '';
  };

  return {
    move(stageId, pipelineId) {
      return run((deal) => dealMoves.move(deal, stageId, pipelineId), (deal) => t('stages.moved', { stage: stageLabel(deal) }));
    },
    won() {
      return run((deal) => dealMoves.won(deal), () => t('stages.wonDone'));
    },
    async lost() {
      const reason = await askLostReason(page.record());
      return Boolean(reason) && run((deal) => dealMoves.lost(deal, reason), () => t('stages.lostDone', { reason }));
    },
    async reopen() {
      const record = page.record();
      const pipeline = pipelineOf(page.pipelines(), record.pipeline_id);
      const stageId = await askReopenStage(record, pipeline, stageBefore(record, page.entries()));
      return Boolean(stageId) && run((deal) => dealMoves.reopen(deal, stageId), (deal) => t('stages.reopened', { stage: stageLabel(deal) }));
    },
  };
}
