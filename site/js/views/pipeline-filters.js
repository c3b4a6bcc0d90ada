/**
 * The two choices the board and Insights share: whose deals (anyone, me, a
 * colleague) and which pipeline (a select only when there are several).
 */
import { h, qs, replace } from '../dom.js';
import { t } from '../i18n.js';

/** Fills the owner select inside `field` with anyone, me, then the others; `owner` chosen. */
export function renderOwnerChoice(field, { users, me, owner }) {
  replace(qs('select', field), [{ value: '', label: t('list.anyOwner') }, { value: me, label: t('list.me') }]
    .concat(users.filter((u) => u.id !== me).map((u) => ({ value: u.id, label: u.name })))
    .map((o) => h('option', { value: o.value, selected: o.value === (owner || '') }, o.label)));
}

/** Puts in `slot` the pipeline select (`data-action="pipeline"`), or nothing when there is one pipeline. */
export function renderPipelineChoice(slot, { pipelines, current }) {
  replace(slot, pipelines.length > 1
    ? h('select', { class: 'select-compact board-pipeline', 'data-action': 'pipeline', 'aria-label': t('board.pipeline') },
      pipelines.map((p) => h('option', { value: p.id, selected: p.id === current }, p.name)))
    : null);
}
