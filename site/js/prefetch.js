/**
 * The home screen's data, asked for the moment the page starts: the board
 * of the pipeline in the address (else the one last shown in this browser,
 * else the default one) is requested before the app's modules have loaded
 * and before the session is checked, so the first paint does not wait for
 * them. The board takes the answer if it wants the same URL; a refusal
 * (no session, no such pipeline) is simply asked again the ordinary way.
 * index.html loads this module first, on its own.
 */
import { boardFilters, boardUrl } from './board-query.js';
import { readDeviceHint } from './prefs.js';

let early = null;

function start() {
  const raw = location.hash.replace(/^#/, '');
  const [path, query] = raw.split('?');
  if (!['', '/', '/pipeline'].includes(path)) return;
  const params = new URLSearchParams(query || '');
  const url = boardUrl(params.get('pipeline') || readDeviceHint('board') || 'default', boardFilters(params));
  const answer = fetch(`/api${url}`, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`HTTP ${response.status}`))));
  answer.catch(() => null); // unused or refused: never an unhandled rejection
  early = { url, answer };
}

/** The early answer for the board at `url` (an API path), once; null when it was another one. */
export function takePrefetched(url) {
  const found = early && early.url === url ? early.answer : null;
  early = null;
  return found;
}

start();
