/**
 * Drag and drop of the board's cards with SortableJS (vendored, pinned:
 * site/vendor/sortablejs/), the same with a mouse and with a finger. It is
 * loaded after the board's first paint, so the first screen never waits for
 * it. Sortable's pointer fallback is forced: one code path for mouse and
 * touch, and a ghost it positions through the CSSOM, which the CSP allows.
 * On touch a card is picked up after a short press, so a swipe still scrolls.
 *
 * `onDrop({id, toStageId | outcome, from: {stageId, index}, el, at})` reports a
 * card put down in another column (the card is already there) or on the Won
 * or Lost target (it is taken out of the target again).
 */
import { qsa } from '../dom.js';

let loading = null;

/** SortableJS, imported once on first use (the Settings › Pipelines rows use it too). */
export function loadSortable() {
  if (!loading) {
    loading = import('../../vendor/sortablejs/sortable.esm.js').then((module) => module.default).catch((error) => {
      loading = null;
      throw error;
    });
  }
  return loading;
}

/** Drag and drop on a board view; returns {attach(), destroy()}: attach() again after the columns are redrawn. */
export function boardDrag(view, { onStart, onEnd, onDrop }) {
  let instances = [];
  let destroyed = false;

  function destroyAll() {
    for (const instance of instances) instance.destroy();
    instances = [];
  }

  async function attach() {
    const Sortable = await loadSortable();
    if (destroyed) return;
    destroyAll();
    const common = {
      group: { name: 'deals', pull: true, put: true },
      draggable: '.deal-card',
      filter: 'select',
      preventOnFilter: false,
      sort: false, // a column's order is the server's (oldest in the stage first): nothing to reorder
      forceFallback: true,
      fallbackOnBody: true,
      fallbackTolerance: 4,
      delay: 220,
      delayOnTouchOnly: true,
      touchStartThreshold: 6,
      animation: 120,
      ghostClass: 'is-ghost',
      chosenClass: 'is-chosen',
      dragClass: 'is-dragged',
      scroll: true,
      bubbleScroll: true,
      scrollSensitivity: 70,
      onStart: () => onStart(),
      onEnd: (evt) => {
        onEnd();
        const id = evt.item.dataset.id;
        const from = { stageId: evt.from.dataset.stageId, index: evt.oldDraggableIndex };
        const at = performance.now();
        if (evt.to.dataset.outcome) {
          onDrop({ id, outcome: evt.to.dataset.outcome, from, el: evt.item, at });
        } else if (evt.to !== evt.from) {
          onDrop({ id, toStageId: evt.to.dataset.stageId, index: evt.newDraggableIndex, from, el: evt.item, at });
        }
      },
    };
    for (const list of qsa('.board-cards', view.boardEl)) instances.push(Sortable.create(list, common));
    // The outcome targets take a card and never give one back.
    for (const zone of qsa('.board-outcome', view.outcomes)) {
      instances.push(Sortable.create(zone, { ...common, group: { name: 'deals', pull: false, put: true } }));
    }
  }

  return {
    attach,
    destroy() {
      destroyed = true;
      destroyAll();
    },
  };
}
