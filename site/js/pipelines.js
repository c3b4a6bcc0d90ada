/**
 * What the screens know of pipelines and of a deal's way through them: the
 * open stages in order, the Won and Lost outcomes, the names of stages, and
 * the calls that move a deal (move, won, lost, reopen), each sent with the
 * version the screen read so that a concurrent change answers 409.
 */
import { api } from './api.js';

const byPosition = (a, b) => (a.position ?? 0) - (b.position ?? 0);

/** The stages of `pipeline` a deal sits in while open, in order. */
export function openStages(pipeline) {
  return ((pipeline && pipeline.stages) || []).filter((s) => (s.kind || 'open') === 'open').slice().sort(byPosition);
}

/** The Won or Lost stage of `pipeline` (`kind` 'won' or 'lost'). */
export function outcomeStage(pipeline, kind) {
  return ((pipeline && pipeline.stages) || []).find((s) => s.kind === kind) || null;
}

/** The pipeline of `id` among `pipelines`, else the first one. */
export function pipelineOf(pipelines, id) {
  return (pipelines || []).find((p) => p.id === id) || (pipelines || [])[0] || null;
}

/** {pipeline, stage} of a stage id, looked up in every pipeline. */
export function stageById(pipelines, stageId) {
  for (const pipeline of pipelines || []) {
    const stage = (pipeline.stages || []).find((s) => s.id === stageId);
    if (stage) return { pipeline, stage };
  }
  return { pipeline: null, stage: null };
}

/** A stage's name, prefixed with its pipeline's when there are several ("Coaching › Proposition"). */
export function stageName(pipelines, stageId, { withPipeline = false } = {}) {
  const { pipeline, stage } = stageById(pipelines, stageId);
  if (!stage) return '';
  return withPipeline && pipeline && (pipelines || []).length > 1 ? `${pipeline.name} › ${stage.name}` : stage.name;
}

/** Options of a select over the open stages of every pipeline, grouped by pipeline; values "pipeline/stage". */
export function openStageOptions(pipelines) {
  return (pipelines || []).map((p) => ({
    label: p.name, options: openStages(p).map((s) => ({ value: `${p.id}/${s.id}`, label: s.name })),
  }));
}

const dealPath = (id, action) => `/deals/${encodeURIComponent(id)}/${action}`;

/**
 * The outcome calls of a deal; `deal` is {id, version}. Each answers the deal.
 * :raise ApiError: 409 version_conflict when the deal changed since `version`.
 */
export const dealMoves = {
  move: (deal, stageId, pipelineId) => api.post(dealPath(deal.id, 'move'), {
    stage_id: stageId, ...(pipelineId ? { pipeline_id: pipelineId } : {}), version: deal.version,
  }),
  won: (deal) => api.post(dealPath(deal.id, 'won'), { version: deal.version }),
  lost: (deal, reason) => api.post(dealPath(deal.id, 'lost'), { reason, version: deal.version }),
  reopen: (deal, stageId) => api.post(dealPath(deal.id, 'reopen'), { stage_id: stageId, version: deal.version }),
};
