/**
 * The board's address and API query, shared by the board and by the early
 * request of the first page load (prefetch.js): both must build the very
 * same URL for one to use the other's answer. No imports: it loads first.
 */

/** Filters of the board kept in the address, and their names in the API. */
export const BOARD_FILTERS = ['q', 'owner', 'tag', 'from', 'to'];
const API_NAME = { q: 'q', owner: 'owner', tag: 'tag', from: 'created_from', to: 'created_to' };

/** The filters of the address's query `params`. */
export function boardFilters(params) {
  const state = {};
  for (const key of BOARD_FILTERS) if (params.get(key)) state[key] = params.get(key);
  return state;
}

/** The board's API query for filters `state` (plus `extra`, such as a column's cursor). */
export function boardQuery(state, extra = {}) {
  const query = new URLSearchParams();
  for (const key of BOARD_FILTERS) if (state[key]) query.set(API_NAME[key], state[key]);
  for (const [key, value] of Object.entries(extra)) query.set(key, value);
  return query.toString();
}

/** The API path of the board of `pipelineId` with filters `state`. */
export function boardUrl(pipelineId, state) {
  return `/pipelines/${encodeURIComponent(pipelineId)}/board?${boardQuery(state)}`;
}
