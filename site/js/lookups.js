/**
 * The reference data every record screen needs — the team (owner pickers),
 * activity types, custom field definitions, pipelines, lost reasons — fetched once per
 * session and shared; a settings save or a sign-out forgets them.
 */
import { api } from './api.js';

const cache = new Map();
const MAX_USER_PAGES = 20;

async function allUsers() {
  const users = [];
  let cursor = null;
  for (let i = 0; i < MAX_USER_PAGES; i += 1) {
    const page = await api.get(`/users?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    users.push(...page.items);
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  return users;
}

const LOADERS = {
  users: allUsers,
  activityTypes: () => api.get('/settings/activity-types'),
  customFields: () => api.get('/settings/custom-fields'),
  pipelines: async () => (await api.get('/pipelines')).items || [],
  lostReasons: () => api.get('/settings/lost-reasons'),
};

/** The cached value of `name` (users, activityTypes, customFields, pipelines, lostReasons), loaded on first use. */
export function lookup(name) {
  if (!cache.has(name)) {
    const pending = LOADERS[name]().catch((error) => {
      cache.delete(name); // a failure is not remembered: the next screen tries again
      throw error;
    });
    cache.set(name, pending);
  }
  return cache.get(name);
}

/** Several lookups at once, as an object keyed by name. */
export async function lookups(...names) {
  const values = await Promise.all(names.map((name) => lookup(name)));
  return Object.fromEntries(names.map((name, i) => [name, values[i]]));
}

/** Replaces a cached value (after a save) or forgets it (no value). */
export function remember(name, value) {
  if (value === undefined) cache.delete(name);
  else cache.set(name, Promise.resolve(value));
}

export function forgetAll() {
  cache.clear();
}

/** A user's display name by id ("system" and unknown ids included). */
export function userName(users, id) {
  if (!id) return '';
  const user = (users || []).find((u) => u.id === id);
  return user ? user.name : id;
}

/** The label of an activity type key. */
export function typeLabel(types, key) {
  const type = ((types && types.items) || []).find((item) => item.key === key);
  return type ? type.label : key || '';
}
