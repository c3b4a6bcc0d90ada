/**
 * Small per-user preferences kept in the browser (localStorage), such as the
 * columns chosen for each list. Keys carry the user id so two people sharing
 * a browser keep their own; a storage failure (private mode, quota) is not an
 * error, the default applies.
 */

function key(userId, name) {
  return `crm:${userId}:${name}`;
}

/** The stored value of `name` for `userId`, or `fallback`. */
export function readPref(userId, name, fallback) {
  try {
    const raw = localStorage.getItem(key(userId, name));
    return raw === null ? fallback : JSON.parse(raw);
  } catch {
    return fallback;
  }
}

export function writePref(userId, name, value) {
  try {
    localStorage.setItem(key(userId, name), JSON.stringify(value));
  } catch {
    // Not remembered this time; nothing else depends on it.
  }
}
