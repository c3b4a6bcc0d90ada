/**
 * The board's view (`#/pipeline`): the head (pipeline switcher, totals,
 * "new deal"), the filters, the columns of cards and the Won / Lost drop
 * targets shown while a card is dragged. It draws, moves card elements when
 * told, and reports what a person does; board.js owns the data and the calls.
 *
 * Keyboard: one card at a time is in the tab order (a roving tabindex);
 * arrows go from card to card, Enter opens the deal, Alt+←/→ moves the card
 * to the previous or next stage. Moves are announced in a live region.
 */
import { h, qs, qsa, replace, delegate, formValues } from '../dom.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { inputField, selectField, errorMessage } from '../forms.js';
import { formatMoney } from '../format.js';
import { screenFrame } from './frame.js';
import { renderOwnerChoice, renderPipelineChoice } from './pipeline-filters.js';
import {
  cardElement, columnElement, columnSummary, fillStageSelect,
} from './board-card.js';

const TEXT_DEBOUNCE_MS = 300;
// Cards a column draws before the first paint; the rest of its first page follows right after.
const FIRST_CARDS = 12;

export class BoardView {
  constructor() {
    Object.assign(this, screenFrame({ className: 'board-screen', titleId: 'board-title', title: t('nav.pipeline') }));
    this.listeners = new AbortController();
    this.live = h('p', { class: 'visually-hidden', 'aria-live': 'polite', 'data-role': 'live' });
    this.notice = h('div', { class: 'page-notice board-notice', 'aria-live': 'polite' });
    this.stages = [];
    this.ctx = { currency: 'EUR', stageName: () => '' };
    this.drawn = 0;
  }

  destroy() {
    this.listeners.abort();
  }

  render(command, data) {
    const commands = {
      frame: () => this._renderFrame(data),
      owners: () => renderOwnerChoice(this.ownerSelect, data),
      pipelines: () => renderPipelineChoice(this.switcher, data),
      loading: () => this.boardEl.setAttribute('aria-busy', 'true'),
      board: () => this._renderBoard(data),
      append: () => this._append(data),
      columnHead: () => this._columnHead(data),
      totals: () => this._totals(data),
      cardChanged: () => this._cardChanged(data),
      cardMoved: () => this._cardMoved(data),
      announce: () => {
        // A repeated sentence is still read: the region changes to empty first.
        this.live.textContent = '';
        setTimeout(() => { this.live.textContent = data; }, 50);
      },
      notice: () => replace(this.notice, data),
      error: () => {
        this.boardEl.removeAttribute('aria-busy');
        replace(this.notice, h('div', { class: 'alert alert-error', role: 'alert' }, h('p', {}, errorMessage(data))));
      },
      dragging: () => this.el.classList.toggle('is-dragging', Boolean(data)),
      filtersOpen: () => {
        this.filterForm.classList.toggle('is-open', data);
        this.filterToggle.setAttribute('aria-expanded', String(data));
      },
    };
    commands[command]();
  }

  bind(event, handler) {
    if (event === 'filter') {
      const fire = () => handler(this._filterValues());
      let timer = null;
      this.filterForm.addEventListener('change', (e) => {
        if (e.target.type === 'search') return; // typed text is sent as it is typed, below
        fire();
      });
      this.filterForm.addEventListener('input', (e) => {
        if (e.target.type !== 'search') return;
        clearTimeout(timer);
        timer = setTimeout(fire, TEXT_DEBOUNCE_MS);
      });
      this.filterForm.addEventListener('submit', (e) => {
        e.preventDefault();
        clearTimeout(timer);
        fire();
      });
      delegate(this.filterForm, '[data-action="clear-filters"]', 'click', () => {
        for (const control of this.filterForm.elements) if (control.name) control.value = '';
        fire();
      });
    } else if (event === 'pipeline') {
      this.actions.addEventListener('change', (e) => {
        if (e.target.matches('[data-action="pipeline"]')) handler(e.target.value);
      });
    } else if (event === 'toggleFilters') {
      this.filterToggle.addEventListener('click', () => handler(!this.filterForm.classList.contains('is-open')));
    } else if (event === 'create') {
      delegate(this.el, '[data-action="new-deal"]', 'click', () => handler(null));
      delegate(this.el, '[data-action="new-in-stage"]', 'click', (e, button) => handler(button.closest('[data-stage-id]').dataset.stageId));
    } else if (event === 'more') {
      delegate(this.el, '[data-action="more"]', 'click', (e, button) => handler(button.closest('[data-stage-id]').dataset.stageId));
      this.moreHandler = handler;
    } else if (event === 'stageSelect') {
      // Filled when a person reaches for it (focus, pointer), so its list opens complete.
      const fill = (e) => {
        const select = e.target instanceof Element && e.target.closest('[data-action="card-stage"]');
        if (select) fillStageSelect(select, this.stages);
      };
      this.el.addEventListener('focusin', fill);
      this.el.addEventListener('pointerdown', fill);
      delegate(this.el, '[data-action="card-stage"]', 'change', (e, select) => handler(select.closest('.deal-card').dataset.id, select.value, select));
    } else if (event === 'keyMove') {
      this.keyMove = handler;
    } else if (event === 'open') {
      this.openHandler = handler;
    } else if (event === 'undo') {
      delegate(this.el, '[data-action="undo-outcome"]', 'click', (e, button) => handler(button.dataset.id, button.dataset.stage));
    } else if (event === 'createPortal') {
      delegate(this.notice, '[data-action="prompt-portal"]', 'click', (e, button) => handler(button.dataset.id));
    } else if (event === 'reload') {
      delegate(this.el, '[data-action="reload-board"]', 'click', () => handler());
    }
  }

  // ---------- Frame, filters, switcher ----------

  _renderFrame({ state, me }) {
    this.pipelineName = h('span', { class: 'board-pipeline-name', dir: 'auto' });
    this.totalsEl = h('span', { class: 'board-totals' });
    this.subtitle = h('p', { class: 'board-subtitle' }, this.pipelineName, h('span', { class: 'sep', 'aria-hidden': 'true' }, '·'), this.totalsEl);
    this.heading = qs('.page-head', this.el);
    const title = qs('h1', this.heading);
    const heading = h('div', { class: 'board-heading' });
    title.replaceWith(heading);
    heading.append(title, this.subtitle);
    this.heading.classList.add('board-head');
    this.switcher = h('span', { class: 'board-switcher' });
    this.filterToggle = h('button', {
      type: 'button', class: 'button board-filter-toggle', 'aria-expanded': 'false', 'aria-controls': 'board-filters',
    }, icon('filter'), h('span', { 'data-role': 'filter-label' }, t('list.filters')));
    replace(this.actions,
      this.switcher,
      this.filterToggle,
      h('button', { type: 'button', class: 'button button-primary board-new', 'data-action': 'new-deal' },
        icon('plus'), h('span', { class: 'button-label' }, t('deals.new'))));

    this.ownerSelect = selectField(t('fields.owner'), { name: 'owner' }, [
      { value: '', label: t('list.anyOwner') }, { value: me, label: t('list.me') },
      ...(state.owner && state.owner !== me ? [{ value: state.owner, label: '…' }] : []),
    ], state.owner || '');
    this.tagList = h('datalist', { id: 'board-tags' });
    this.filterForm = h('form', { id: 'board-filters', class: 'filters board-filters', role: 'search', 'aria-label': t('list.filters') },
      inputField(t('board.search'), { name: 'q', type: 'search', value: state.q || '', maxlength: 200, placeholder: t('board.searchPlaceholder') }),
      this.ownerSelect,
      inputField(t('fields.tag'), { name: 'tag', value: state.tag || '', maxlength: 100, list: 'board-tags' }),
      inputField(t('board.createdFrom'), { name: 'from', type: 'date', value: state.from || '' }),
      inputField(t('board.createdTo'), { name: 'to', type: 'date', value: state.to || '' }),
      h('div', { class: 'filters-end' },
        h('button', { type: 'button', class: 'button button-small button-ghost', 'data-action': 'clear-filters' }, t('board.clearFilters'))),
      this.tagList);
    this._markFilters(state);

    this.boardEl = h('div', {
      class: 'board', 'data-scrolls': 'sideways', role: 'region', 'aria-label': t('board.label'), 'aria-busy': 'true',
    }, h('p', { class: 'loading', role: 'status' }, t('app.loading')));
    this.outcomes = h('div', { class: 'board-outcomes', 'aria-hidden': 'true' },
      h('div', { class: 'board-outcome board-outcome-won', 'data-outcome': 'won' },
        h('span', { class: 'board-outcome-label' }, icon('won'), t('board.dropWon'))),
      h('div', { class: 'board-outcome board-outcome-lost', 'data-outcome': 'lost' },
        h('span', { class: 'board-outcome-label' }, icon('lost'), t('board.dropLost'))));
    replace(this.body,
      this.filterForm,
      this.notice,
      h('p', { class: 'board-hint', id: 'board-help' }, t('board.help')),
      this.boardEl,
      this.outcomes,
      this.live);
    this._bindKeys();
    this._bindScroll();
  }

  _markFilters(state) {
    const active = ['q', 'owner', 'tag', 'from', 'to'].filter((key) => state[key]).length;
    replace(qs('[data-role="filter-label"]', this.filterToggle), active ? `${t('list.filters')} (${active})` : t('list.filters'));
    qs('[data-action="clear-filters"]', this.filterForm).hidden = !active;
  }

  _filterValues() {
    const values = formValues(this.filterForm);
    const state = Object.fromEntries(Object.entries(values).filter(([, v]) => v));
    this._markFilters(state);
    return state;
  }

  // ---------- Columns and cards ----------

  _renderBoard({ pipeline, columns, stages, currency, stageName }) {
    this.stages = stages;
    this.ctx = { currency, stageName };
    this.boardEl.removeAttribute('aria-busy');
    this.pipelineName.textContent = pipeline.name;
    replace(this.boardEl, columns.map((column, i) => columnElement(column, i, this.ctx, FIRST_CARDS)));
    this._totals(columns);
    this._tagsSeen(columns);
    const first = qs('.deal-card', this.boardEl);
    if (first) this.setActive(first);
    // What is below the fold of each column comes in the next task, once the first screen is painted.
    const drawn = ++this.drawn;
    requestAnimationFrame(() => setTimeout(() => {
      if (drawn !== this.drawn) return;
      for (const column of columns) {
        const list = this.list(column.stage_id);
        if (list) list.append(...(column.items || []).slice(FIRST_CARDS).map((card) => cardElement(card, this.ctx)));
      }
      this._observeMore();
      if (this.onComplete) this.onComplete();
    }, 0));
  }

  _append({ stageId, items, nextCursor }) {
    const list = this.list(stageId);
    if (!list) return;
    list.append(...items.map((card) => cardElement(card, this.ctx)));
    const more = qs('[data-action="more"]', list.closest('.board-column'));
    more.hidden = !nextCursor;
    // Observed afresh: when the end of the column is still in sight, the next page comes too.
    if (this.observer && nextCursor) {
      this.observer.unobserve(more);
      this.observer.observe(more);
    }
  }

  _columnHead({ column }) {
    const section = this.column(column.stage_id);
    if (section) qs('[data-role="sum"]', section).textContent = columnSummary(column, this.ctx.currency);
  }

  _totals(columns) {
    const count = columns.reduce((n, c) => n + (c.count || 0), 0);
    const total = columns.reduce((n, c) => n + (c.total_value || 0), 0);
    this.totalsEl.textContent = `${tn('board.count', count)} · ${formatMoney(total, this.ctx.currency)}`;
  }

  _tagsSeen(columns) {
    const tags = new Set();
    for (const column of columns) for (const card of column.items || []) for (const tag of card.tags || []) tags.add(tag);
    replace(this.tagList, Array.from(tags).sort().map((tag) => h('option', { value: tag })));
  }

  /** Redraws one card in place (after a move: its stage, its days). */
  _cardChanged({ card }) {
    const old = this.card(card.id);
    if (!old) return;
    const focused = old.contains(document.activeElement) ? document.activeElement : null;
    const fresh = cardElement(card, this.ctx);
    const wasActive = old.tabIndex === 0;
    old.replaceWith(fresh);
    if (wasActive) this.setActive(fresh);
    if (focused === old) fresh.focus();
    else if (focused && focused.matches('[data-action="card-stage"]')) qs('[data-action="card-stage"]', fresh).focus();
  }

  /** A card that just changed column, updated in place (its element, focus and drag state kept). */
  _cardMoved({ card }) {
    const el = this.card(card.id);
    if (!el) return;
    el.classList.remove('is-stale');
    const stale = qs('.deal-card-stale', el);
    if (stale) stale.remove();
    const [shown, spoken] = qsa('.deal-card-days > span', el);
    shown.textContent = tn('board.daysShort', card.days_in_stage || 0);
    spoken.textContent = tn('board.days', card.days_in_stage || 0);
    const select = qs('[data-action="card-stage"]', el);
    if (!select.dataset.filled) select.replaceChildren(h('option', { value: card.stage_id }, this.ctx.stageName(card.stage_id)));
    select.value = card.stage_id;
  }

  /** Puts a dragged card element back in its column (it was dropped on Won or Lost). */
  restoreElement(el, stageId, index) {
    const list = this.list(stageId);
    if (!list) return;
    const cards = qsa('.deal-card', list).filter((c) => c !== el);
    list.insertBefore(el, cards[index] || null);
  }

  card(id) {
    return qs(`.deal-card[data-id="${CSS.escape(id)}"]`, this.boardEl);
  }

  column(stageId) {
    return qs(`.board-column[data-stage-id="${CSS.escape(stageId)}"]`, this.boardEl);
  }

  list(stageId) {
    return qs(`.board-cards[data-stage-id="${CSS.escape(stageId)}"]`, this.boardEl);
  }

  /** Where a card is: {stageId, index} among its column's cards, or null when it is not on the board. */
  placeOf(id) {
    const el = this.card(id);
    if (!el || !el.parentElement.matches('.board-cards')) return null;
    return { stageId: el.parentElement.dataset.stageId, index: qsa('.deal-card', el.parentElement).indexOf(el) };
  }

  /**
   * Puts the card `id` in the column of `stageId` at `index` (0 = top), or
   * takes it off the board when `stageId` is null. Keeps the focus on it.
   */
  place(id, stageId, index = 0) {
    const el = this.card(id);
    if (!el) return;
    const focused = el.contains(document.activeElement) ? document.activeElement : null;
    if (!stageId) {
      const next = [el.nextElementSibling, el.previousElementSibling].find((n) => n && n.matches('.deal-card'));
      if (next && el.tabIndex === 0) this.setActive(next);
      el.remove();
      // Won or lost from the keyboard: the focus goes on to the next card, not to the page's start.
      if (focused && next) next.focus();
      return;
    }
    const list = this.list(stageId);
    if (!list) return;
    const cards = qsa('.deal-card', list).filter((c) => c !== el);
    list.insertBefore(el, cards[index] || null);
    if (focused) {
      focused.focus({ preventScroll: true });
      el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
  }

  /** Puts back a card taken off the board (a failed Won or Lost). */
  restore(card, stageId, index) {
    if (this.card(card.id)) {
      this.place(card.id, stageId, index);
      return;
    }
    const list = this.list(stageId);
    if (!list) return;
    const cards = qsa('.deal-card', list);
    list.insertBefore(cardElement(card, this.ctx), cards[index] || null);
  }

  /** Makes `card` the one card in the tab order (its stage select follows it). */
  setActive(card) {
    for (const el of qsa('.deal-card[tabindex="0"]', this.boardEl)) {
      if (el === card) continue;
      el.tabIndex = -1;
      const select = qs('[data-action="card-stage"]', el);
      if (select) select.tabIndex = -1;
    }
    card.tabIndex = 0;
    const select = qs('[data-action="card-stage"]', card);
    if (select) select.tabIndex = 0;
  }

  _bindKeys() {
    this.boardEl.addEventListener('focusin', (e) => {
      const card = e.target.closest && e.target.closest('.deal-card');
      if (card) this.setActive(card);
    });
    this.boardEl.addEventListener('keydown', (e) => {
      const card = e.target.closest && e.target.closest('.deal-card');
      if (!card) return;
      const onCard = e.target === card;
      if (e.altKey && (e.key === 'ArrowLeft' || e.key === 'ArrowRight')) {
        e.preventDefault();
        if (this.keyMove) this.keyMove(card.dataset.id, e.key === 'ArrowRight' ? 1 : -1, e.timeStamp);
        return;
      }
      // A closed list would take the arrows as a choice, and move the card on each press (to Won, even):
      // its list opens with Space, Enter or Alt+↓, and the choice counts once made there.
      if (e.target.matches('[data-action="card-stage"]') && !e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
        e.preventDefault();
        return;
      }
      if (!onCard || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'Enter') {
        e.preventDefault();
        if (this.openHandler) this.openHandler(card.dataset.id);
        return;
      }
      const target = this._neighbour(card, e.key);
      if (target === undefined) return;
      e.preventDefault();
      if (target) {
        this.setActive(target);
        target.focus();
      }
    });
  }

  /** The card an arrow key (or Home/End) leads to from `card`; undefined for other keys. */
  _neighbour(card, key) {
    const list = card.parentElement;
    const cards = qsa('.deal-card', list);
    const index = cards.indexOf(card);
    if (key === 'ArrowDown') return cards[index + 1] || null;
    if (key === 'ArrowUp') return cards[index - 1] || null;
    if (key === 'Home') return cards[0];
    if (key === 'End') return cards[cards.length - 1];
    if (key === 'ArrowLeft' || key === 'ArrowRight') {
      const lists = qsa('.board-cards', this.boardEl);
      const step = key === 'ArrowRight' ? 1 : -1;
      for (let i = lists.indexOf(list) + step; i >= 0 && i < lists.length; i += step) {
        const others = qsa('.deal-card', lists[i]);
        if (others.length) return others[Math.min(index, others.length - 1)];
      }
      return null;
    }
    return undefined;
  }

  /** A long column loads its next page when its end scrolls into sight. */
  _observeMore() {
    if (this.observer) this.observer.disconnect();
    if (!('IntersectionObserver' in window)) return;
    this.observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting || entry.target.hidden || !this.moreHandler) continue;
        this.moreHandler(entry.target.closest('[data-stage-id]').dataset.stageId);
      }
    }, { rootMargin: '0px 0px 300px 0px' });
    for (const button of qsa('[data-action="more"]', this.boardEl)) this.observer.observe(button);
  }

  _bindScroll() {
    this.listeners.signal.addEventListener('abort', () => this.observer && this.observer.disconnect());
  }

  focusCard(id) {
    const el = this.card(id);
    if (el) {
      this.setActive(el);
      el.focus();
    }
  }
}
