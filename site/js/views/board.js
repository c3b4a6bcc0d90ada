/**
 * The pipeline board (`#/pipeline?pipeline=&q=&owner=&tag=&from=&to=`), the
 * home screen: a column per open stage of the chosen pipeline, its filters
 * kept in the address so a view can be shared, and moves by drag and drop,
 * by a card's stage select or by keyboard (Alt+←/→).
 *
 * A move shows at once: the card changes column and the heads their count
 * and total before the server answers. The answer brings the deal's new
 * version; a refusal (409 when someone changed the deal meanwhile) puts the
 * card back where it was and says why. Moves of one card are sent one after
 * the other, each with the version the previous one returned.
 */
import { h } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { errorMessage } from '../forms.js';
import { lookup, lookups, remember } from '../lookups.js';
import { readPref, writePref, writeDeviceHint } from '../prefs.js';
import { BOARD_FILTERS as FILTERS, boardFilters as stateFrom, boardQuery, boardUrl } from '../board-query.js';
import { takePrefetched } from '../prefetch.js';
import { openStages, dealMoves } from '../pipelines.js';
import { BoardView } from './board-view.js';
import { boardDrag } from './board-drag.js';
import { WON, LOST } from './board-card.js';
import { askLostReason } from './deal-outcome.js';
import { openCreateDialog } from './record-form.js';
import { createPortal, portalPrompt } from './portal-card.js';

/** The board at `url`: the answer asked for when the page started, if it is that one and came through, else a fresh request. */
async function fetchBoard(url) {
  const early = takePrefetched(url);
  if (early) {
    try {
      return await early;
    } catch {
      // asked again below, where a lost session is handled as everywhere else
    }
  }
  return api.get(url);
}

/** Runs `fn` once the frame that shows the current DOM has been painted. */
function afterPaint(fn) {
  requestAnimationFrame(() => setTimeout(fn, 0));
}

/** Mounts the board; `params` is the hash's query. */
export function mountBoard(app, params) {
  const me = app.user.id;
  const view = new BoardView();
  const state = stateFrom(params);
  const currency = (app.workspace && app.workspace.default_currency) || 'EUR';
  const s = {
    pipelineId: params.get('pipeline') || readPref(me, 'pipeline', null) || 'default',
    named: params.has('pipeline'),
    pipeline: null,
    stages: [],
    columns: new Map(),
    cards: new Map(),
    seq: 0,
    painted: false,
    moving: new Map(), // deal id -> {origin card, place, gen, chain, count}
    loadingMore: new Set(),
    triedFallback: false,
  };

  const drag = boardDrag(view, {
    onStart: () => view.render('dragging', true),
    onEnd: () => view.render('dragging', false),
    onDrop: (drop) => {
      if (drop.outcome) {
        view.restoreElement(drop.el, drop.from.stageId, drop.from.index);
        decide(drop.id, drop.outcome, { at: drop.at });
      } else {
        moveTo(drop.id, drop.toStageId, { placed: true, at: drop.at });
      }
    },
  });

  // ---------- Loading ----------

  const apiQuery = (extra) => boardQuery(state, extra);

  /**
   * Keeps the view in the address, to be shared: the pipeline once one was
   * named or chosen (or filters narrow it), and the filters. The plain home
   * screen stays #/pipeline.
   */
  function writeAddress() {
    const query = new URLSearchParams();
    const filtered = FILTERS.some((key) => state[key]);
    if (s.named || filtered) query.set('pipeline', s.pipelineId);
    for (const key of FILTERS) if (state[key]) query.set(key, state[key]);
    const hash = query.toString() ? `#/pipeline?${query}` : '#/pipeline';
    if (location.hash !== hash) history.replaceState(null, '', hash);
  }

  const boardPath = () => `/pipelines/${encodeURIComponent(s.pipelineId)}/board`;

  async function load() {
    const mine = ++s.seq;
    s.loadingMore.clear();
    view.render('loading');
    try {
      const data = await fetchBoard(boardUrl(s.pipelineId, state));
      if (mine !== s.seq) return;
      writeAddress();
      writeDeviceHint('board', s.pipelineId);
      show(data);
    } catch (error) {
      if (mine !== s.seq || error.status === 401) return;
      if (error.status === 404 && !s.triedFallback) {
        // A remembered or shared pipeline that is gone: the first one instead.
        s.triedFallback = true;
        try {
          const pipelines = await lookup('pipelines');
          if (pipelines.length) {
            s.pipelineId = pipelines[0].id;
            load();
            return;
          }
        } catch {
          // the error below says it
        }
      }
      view.render('error', error);
    }
  }

  function stageName(id) {
    const stage = s.stages.find((st) => st.id === id);
    return stage ? stage.name : '';
  }

  function show(data) {
    s.pipeline = data.pipeline;
    s.stages = openStages(data.pipeline);
    s.columns = new Map();
    s.cards = new Map();
    s.moving.clear();
    for (const column of data.columns || []) {
      s.columns.set(column.stage_id, { stage_id: column.stage_id, name: column.name, count: column.count, total_value: column.total_value, next_cursor: column.next_cursor });
      for (const card of column.items || []) s.cards.set(card.id, card);
    }
    const first = !s.painted;
    s.painted = true;
    // Asked before drawing, so it runs right after the first frame, before the rest of the columns are added.
    afterPaint(() => {
      if (first) performance.mark('board:painted');
      drag.attach().catch(() => view.render('notice', h('p', { class: 'alert alert-warning', role: 'status' }, t('board.noDrag'))));
    });
    view.render('board', { pipeline: data.pipeline, columns: data.columns || [], stages: s.stages, currency, stageName });
    freshenPipelines(data.pipeline);
  }

  /** The board's pipeline is the freshest there is: the shared list takes it (stage names on deal pages). */
  async function freshenPipelines(pipeline) {
    try {
      const pipelines = await lookup('pipelines');
      const known = pipelines.find((p) => p.id === pipeline.id);
      if (known && (known.version || 0) < (pipeline.version || 0)) {
        remember('pipelines', pipelines.map((p) => (p.id === pipeline.id ? pipeline : p)));
      }
      view.render('pipelines', { pipelines: pipelines.map((p) => (p.id === pipeline.id ? pipeline : p)), current: pipeline.id });
    } catch {
      // the switcher waits for the next visit
    }
  }

  async function more(stageId) {
    const column = s.columns.get(stageId);
    if (!column || !column.next_cursor || s.loadingMore.has(stageId)) return;
    const mine = s.seq;
    s.loadingMore.add(stageId);
    try {
      const data = await api.get(`${boardPath()}?${apiQuery({ stage_id: stageId, cursor: column.next_cursor })}`);
      if (mine !== s.seq) return;
      const page = (data.columns || []).find((c) => c.stage_id === stageId) || { items: [], next_cursor: null };
      // A card moved here meanwhile may come again in a later page: it is on the board already.
      const fresh = (page.items || []).filter((card) => !s.cards.has(card.id));
      for (const card of fresh) s.cards.set(card.id, card);
      column.next_cursor = page.next_cursor || null;
      view.render('append', { stageId, items: fresh, nextCursor: column.next_cursor });
    } catch (error) {
      if (mine === s.seq && error.status !== 401) view.render('error', error);
    } finally {
      s.loadingMore.delete(stageId);
    }
  }

  // ---------- Moves ----------

  function adjust(stageId, count, value) {
    const column = s.columns.get(stageId);
    if (!column) return;
    column.count = Math.max(0, (column.count || 0) + count);
    column.total_value = (column.total_value || 0) + value;
    view.render('columnHead', { column });
  }

  function totals() {
    view.render('totals', Array.from(s.columns.values()));
  }

  /** Takes the card from where it is to `stageId` (or off the board when null), counts and totals along. */
  function shift(card, stageId, { index = 0, placed = false } = {}) {
    const value = Number(card.value) || 0;
    if (!card.off) adjust(card.stage_id, -1, -value);
    if (stageId) adjust(stageId, 1, value);
    if (!placed) view.place(card.id, stageId, index);
    card.off = !stageId;
    totals();
  }

  /** The moves of one card in flight: where it was before the first, to go back there on a refusal. */
  function moving(card) {
    let entry = s.moving.get(card.id);
    if (!entry) {
      entry = { origin: { ...card }, place: view.placeOf(card.id), gen: 0, chain: Promise.resolve(), count: 0 };
      s.moving.set(card.id, entry);
    }
    return entry;
  }

  function putBack(card, entry, error) {
    const origin = entry.origin;
    const value = Number(card.value) || 0;
    if (!card.off) adjust(card.stage_id, -1, -value);
    Object.assign(card, origin);
    if (origin.off) {
      view.place(card.id, null); // an undone outcome that failed: the deal stays won or lost
    } else {
      adjust(origin.stage_id, 1, value);
      const place = entry.place || { stageId: origin.stage_id, index: 0 };
      view.restore(card, place.stageId, place.index);
      view.render('cardChanged', { card });
    }
    totals();
    const conflict = error.status === 409;
    view.render('notice', h('div', { class: 'alert alert-error', role: 'alert' },
      h('p', { dir: 'auto' }, conflict ? t('board.conflict', { title: card.title }) : `${errorMessage(error)} ${t('board.putBack', { title: card.title })}`),
      conflict ? h('button', { type: 'button', class: 'button button-small', 'data-action': 'reload-board' }, t('board.reload')) : null));
    view.render('announce', t('board.putBack', { title: card.title }));
  }

  /** Sends `call(deal)` after the card's earlier moves; `done(deal)` on success, back to the origin on a refusal. */
  function send(card, call, done) {
    const entry = moving(card);
    const gen = entry.gen;
    entry.count += 1;
    entry.chain = entry.chain.then(async () => {
      if (entry.gen !== gen) return; // an earlier move was refused: the card went back already
      try {
        const deal = await call({ id: card.id, version: card.version });
        card.version = deal.version;
        if (done) done(deal);
      } catch (error) {
        if (entry.gen !== gen) return;
        entry.gen += 1;
        if (error.status !== 401) putBack(card, entry, error);
      }
    }).finally(() => {
      entry.count -= 1;
      if (!entry.count && s.moving.get(card.id) === entry) s.moving.delete(card.id);
    });
  }

  /** Measures from the gesture (`at`, a performance.now() time) to the frame that shows the move. */
  function measure(at) {
    if (typeof at !== 'number') return;
    afterPaint(() => {
      try {
        performance.measure('board:move', { start: at, end: performance.now() });
      } catch {
        // an old browser without User Timing 3: nothing to measure with
      }
    });
  }

  function moveTo(id, stageId, { index = 0, placed = false, at } = {}) {
    const card = s.cards.get(id);
    if (!card || card.off || card.stage_id === stageId || !s.columns.has(stageId)) return;
    moving(card);
    shift(card, stageId, { index, placed });
    Object.assign(card, { stage_id: stageId, days_in_stage: 0, stale: false });
    view.render('cardMoved', { card });
    measure(at);
    const stages = s.stages;
    const position = stages.findIndex((st) => st.id === stageId) + 1;
    view.render('announce', t('board.moved', { title: card.title, stage: stageName(stageId), n: position, total: stages.length }));
    send(card, (deal) => dealMoves.move(deal, stageId));
  }

  function moveBy(id, step, at) {
    const card = s.cards.get(id);
    if (!card || card.off) return;
    const index = s.stages.findIndex((st) => st.id === card.stage_id);
    const target = s.stages[index + step];
    if (!target) {
      view.render('announce', t(step > 0 ? 'board.lastStage' : 'board.firstStage'));
      return;
    }
    moveTo(id, target.id, { index: 0, at });
  }

  /** Won or lost (`kind`); Lost asks for the reason first, and nothing moves when it is cancelled. */
  async function decide(id, kind, { at } = {}) {
    const card = s.cards.get(id);
    if (!card || card.off) return;
    let reason = null;
    if (kind === 'lost') {
      try {
        reason = await askLostReason(card);
      } catch {
        return; // the session ended while asking
      }
      if (!reason) {
        view.focusCard(id);
        return;
      }
    }
    moving(card);
    const from = card.stage_id;
    shift(card, null);
    measure(at);
    const text = kind === 'won' ? t('board.wonDone', { title: card.title }) : t('board.lostDone', { title: card.title, reason });
    view.render('announce', text);
    send(card, (deal) => (kind === 'won' ? dealMoves.won(deal) : dealMoves.lost(deal, reason)), () => {
      view.render('notice', h('div', { class: `alert ${kind === 'won' ? 'alert-success' : 'alert-info'} board-outcome-notice`, role: 'status' },
        h('p', { dir: 'auto' }, icon(kind), text),
        kind === 'won' ? portalPrompt(card.id) : null,
        h('p', { class: 'board-notice-actions' },
          h('a', { class: 'button button-small', href: `#/deals/${encodeURIComponent(card.id)}` }, t('board.openDeal')),
          h('button', { type: 'button', class: 'button button-small', 'data-action': 'undo-outcome', 'data-id': card.id, 'data-stage': from }, t('board.undo')))));
    });
  }

  /** Undoes a Won or Lost just made from the board: the deal reopens in the stage it left. */
  function undo(id, stageId) {
    const card = s.cards.get(id);
    if (!card || !card.off || !s.columns.has(stageId)) return;
    view.render('notice', null);
    moving(card);
    card.stage_id = stageId;
    card.days_in_stage = 0;
    view.restore(card, stageId, 0);
    card.off = true; // shift() counts it in from off the board
    shift(card, stageId, { placed: true });
    view.render('announce', t('board.reopened', { title: card.title, stage: stageName(stageId) }));
    view.focusCard(id);
    send(card, (deal) => dealMoves.reopen(deal, stageId));
  }

  // ---------- Bindings ----------

  view.render('frame', { state, me });
  view.bind('filter', (values) => {
    for (const key of FILTERS) delete state[key];
    Object.assign(state, values);
    load();
  });
  view.bind('pipeline', (id) => {
    s.pipelineId = id;
    s.named = true;
    s.triedFallback = false;
    writePref(me, 'pipeline', id);
    load();
  });
  view.bind('toggleFilters', (open) => view.render('filtersOpen', open));
  view.bind('more', more);
  view.bind('keyMove', moveBy);
  view.bind('open', (id) => app.navigate(`/deals/${encodeURIComponent(id)}`));
  view.bind('reload', () => {
    view.render('notice', null);
    load();
  });
  view.bind('stageSelect', (id, value, select) => {
    const card = s.cards.get(id);
    if (!card) return;
    if (value === WON || value === LOST) {
      select.value = card.stage_id; // the card stays put until the outcome is sent
      decide(id, value === WON ? 'won' : 'lost', { at: performance.now() });
    } else {
      moveTo(id, value, { index: 0, at: performance.now() });
    }
  });
  view.bind('undo', undo);
  // "Create the client portal?" under a deal just won: its dialog, then the deal's page where the portal lives.
  view.bind('createPortal', async (id) => {
    try {
      const deal = await api.get(`/deals/${encodeURIComponent(id)}`);
      const portal = await createPortal(deal);
      if (!portal) return;
      app.setFlash('portal', portal);
      app.navigate(`/deals/${encodeURIComponent(id)}`);
    } catch (error) {
      if (error.status !== 401) view.render('error', error);
    }
  });
  view.bind('create', (stageId) => {
    const stage = stageId || (s.stages[0] && s.stages[0].id);
    openCreateDialog(app, 'deals', stage ? { stage: `${s.pipelineId}/${stage}` } : {}, {
      onCreated: (deal) => {
        view.render('notice', h('div', { class: 'alert alert-success', role: 'status' },
          h('p', { dir: 'auto' }, t('board.created', { title: deal.title })),
          h('p', {}, h('a', { class: 'button button-small', href: `#/deals/${encodeURIComponent(deal.id)}` }, t('board.openDeal')))));
        load();
      },
    });
  });

  load().then(() => {
    // The owners' names fill the owner filter once the board is up: the first paint waits on nothing else.
    lookups('users').then(({ users }) => view.render('owners', { users, me, owner: state.owner })).catch(() => null);
  });

  view.destroy = ((destroy) => () => {
    s.seq += 1;
    drag.destroy();
    destroy.call(view);
  })(view.destroy);
  return view;
}

