/**
 * A deal's card on the board, and a column of cards: pure functions from the
 * API's card and column to elements. Each card holds its deal id in
 * `data-id`; the board view and the drag glue find cards by it. Kept small:
 * a board paints 50 cards a column, so every element here counts.
 */
import { h } from '../dom.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { formatMoney, dayInZone, formatDate, formatTime } from '../format.js';

export const WON = '__won';
export const LOST = '__lost';

/** Up to two initials of a name, for the owner's badge. */
function initials(name) {
  const words = String(name || '').trim().split(/\s+/).filter(Boolean);
  return words.slice(0, 2).map((w) => Array.from(w)[0].toUpperCase()).join('') || '?';
}

/** When the next activity is due, short: "Aujourd’hui 14:30", "12 mars", "12 mars 2027". */
function shortDue(dueAt) {
  const day = dayInZone(dueAt);
  const now = new Date();
  if (day === dayInZone(now)) return `${t('board.today')} ${formatTime(dueAt)}`;
  const sameYear = day.slice(0, 4) === dayInZone(now).slice(0, 4);
  return formatDate(dueAt, { format: sameYear ? { year: undefined } : {} });
}

function nextActivity(card) {
  const next = card.next_activity;
  if (!next) {
    return h('p', { class: 'deal-card-next is-none' }, icon('warning'), h('span', {}, t('board.noActivity')));
  }
  const overdue = next.due_at && new Date(next.due_at) < new Date();
  return h('p', { class: ['deal-card-next', overdue ? 'is-overdue' : null] },
    icon('calendar'),
    h('span', { class: 'deal-card-next-text' },
      h('span', { dir: 'auto' }, next.subject || t('record.unnamed')),
      next.due_at ? [' · ', h('time', { datetime: next.due_at }, shortDue(next.due_at))] : null),
    overdue ? h('span', { class: 'visually-hidden' }, t('activity.overdue')) : null);
}

/** The stage select of a card: only its current stage until it is opened (see fillStageSelect). */
function stageSelect(card, stageName) {
  return h('select', {
    class: 'deal-card-stage', 'data-action': 'card-stage', tabindex: '-1',
    'aria-label': t('board.stageOf', { title: card.title || t('record.unnamed') }),
  }, h('option', { value: card.stage_id }, stageName || ''));
}

/**
 * Fills a card's stage select with every open stage and the outcomes, once:
 * 50 cards a column times every stage would be thousands of options painted for nothing.
 */
export function fillStageSelect(select, stages) {
  if (select.dataset.filled) return;
  const current = select.value;
  select.replaceChildren(
    ...stages.map((s) => h('option', { value: s.id, selected: s.id === current }, s.name)),
    h('optgroup', { label: t('board.outcome') },
      h('option', { value: WON }, t('board.markWon')),
      h('option', { value: LOST }, t('board.markLost'))));
  select.dataset.filled = '1';
}

/** A card for the API's `card`; `ctx` = {currency, stageName(id)}. */
export function cardElement(card, ctx) {
  const who = [card.person && card.person.name, card.org && card.org.name].filter(Boolean).join(' · ');
  const days = card.days_in_stage || 0;
  return h('li', {
    class: ['deal-card', card.stale ? 'is-stale' : null], 'data-id': card.id, tabindex: '-1',
    'aria-describedby': 'board-help',
  },
  h('div', { class: 'deal-card-top' },
    h('a', { class: 'deal-card-title', href: `#/deals/${encodeURIComponent(card.id)}`, tabindex: '-1', dir: 'auto' },
      card.title || t('record.unnamed')),
    card.stale ? h('span', { class: 'deal-card-stale' }, t('board.stale')) : null),
  who ? h('p', { class: 'deal-card-who', dir: 'auto' }, who) : null,
  h('p', { class: 'deal-card-line' },
    h('span', { class: 'deal-card-value' }, formatMoney(card.value || 0, card.currency || ctx.currency)),
    card.owner ? h('span', { class: 'deal-card-owner' },
      h('span', { class: 'avatar avatar-mini', 'aria-hidden': 'true' }, initials(card.owner.name)),
      h('span', { class: 'visually-hidden' }, t('board.ownerIs', { name: card.owner.name }))) : null),
  (card.tags || []).length ? h('p', { class: 'tags deal-card-tags' }, card.tags.map((tag) => h('span', { class: 'tag', dir: 'auto' }, tag))) : null,
  nextActivity(card),
  h('div', { class: 'deal-card-foot' },
    h('span', { class: 'deal-card-days' }, icon('clock'),
      h('span', { 'aria-hidden': 'true' }, tn('board.daysShort', days)),
      h('span', { class: 'visually-hidden' }, tn('board.days', days))),
    stageSelect(card, ctx.stageName(card.stage_id))));
}

/** The text of a column's head: "3 affaires · 12 500 €". */
export function columnSummary(column, currency) {
  return `${tn('board.count', column.count || 0)} · ${formatMoney(column.total_value || 0, currency)}`;
}

/** A column: its head (name, count, total, "+") and its list of cards, the first `limit` of its first page. */
export function columnElement(column, index, ctx, limit = Infinity) {
  const titleId = `board-col-${index}`;
  return h('section', { class: 'board-column', 'data-stage-id': column.stage_id, 'aria-labelledby': titleId },
    h('div', { class: 'board-column-head' },
      h('div', { class: 'board-column-heading' },
        h('h2', { class: 'board-column-title', id: titleId, dir: 'auto' }, column.name),
        h('p', { class: 'board-column-sum', 'data-role': 'sum' }, columnSummary(column, ctx.currency))),
      h('button', {
        type: 'button', class: 'icon-button icon-button-small', 'data-action': 'new-in-stage',
        'aria-label': t('board.newIn', { stage: column.name }),
      }, icon('plus'))),
    h('div', { class: 'board-column-body' },
      h('ol', { class: 'board-cards', 'data-stage-id': column.stage_id, 'aria-labelledby': titleId },
        h('li', { class: 'board-empty' }, t('board.emptyColumn')),
        (column.items || []).slice(0, limit).map((card) => cardElement(card, ctx))),
      h('div', { class: 'board-more' },
        h('button', {
          type: 'button', class: 'button button-small button-ghost', 'data-action': 'more', hidden: !column.next_cursor,
        }, t('board.more')))));
}
