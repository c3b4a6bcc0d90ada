/**
 * The JSON API on the same origin under /api. Every failure becomes an
 * ApiError carrying the error shape of the contract (status, code, message,
 * details); a 401 on a private call also tells the app, which sends the user
 * to the login page.
 */

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message || code || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code || 'error';
    this.details = details && typeof details === 'object' ? details : {};
  }
}

let unauthorizedHandler = null;

/** Registers what happens when a private call answers 401 (session gone). */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

async function parseBody(response) {
  if (response.status === 204) return null;
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Sends one request. `options.public` marks calls where a 401 is an answer
 * to show (a wrong password), not an expired session; `options.headers` adds
 * headers (a client portal's session).
 * :raise ApiError: on any non-2xx answer, or status 0 when the network failed.
 */
export async function request(method, path, body, options = {}) {
  const init = {
    method,
    credentials: 'same-origin',
    headers: { Accept: 'application/json', ...(options.headers || {}) },
  };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(`/api${path}`, init);
  } catch {
    throw new ApiError(0, 'network_error', '');
  }
  const data = await parseBody(response);
  if (response.ok) return data;
  const error = (data && data.error) || {};
  const apiError = new ApiError(response.status, error.code, error.message, error.details);
  if (response.status === 401 && !options.public && unauthorizedHandler) unauthorizedHandler(apiError);
  throw apiError;
}

export const api = {
  get: (path, options) => request('GET', path, undefined, options),
  post: (path, body, options) => request('POST', path, body === undefined ? {} : body, options),
  patch: (path, body, options) => request('PATCH', path, body, options),
  put: (path, body, options) => request('PUT', path, body, options),
  del: (path, options) => request('DELETE', path, undefined, options),
};

const FILL_REQUESTS = 5;

/**
 * One page of a list of at least `limit` items when there are that many:
 * a filtered page may come back short with a cursor for more (the filter
 * applies after the read), so the next pages are read until the page is
 * full, the list ends, or a few requests have been spent. `params` is a
 * URLSearchParams without cursor and limit. Included names are merged.
 * :raise ApiError: as request().
 */
export async function fillPage(path, params, limit, cursor = null) {
  const items = [];
  const included = {};
  let next = cursor;
  for (let i = 0; i < FILL_REQUESTS; i += 1) {
    const query = new URLSearchParams(params);
    query.set('limit', String(limit - items.length));
    if (next) query.set('cursor', next);
    const page = await api.get(`${path}?${query}`);
    items.push(...(page.items || []));
    for (const [kind, records] of Object.entries(page.included || {})) included[kind] = { ...(included[kind] || {}), ...records };
    next = page.next_cursor || null;
    if (!next || items.length >= limit) break;
  }
  return { items, next_cursor: next, included };
}
