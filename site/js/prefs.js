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

/**
 * A hint kept for this browser whoever signs in (the last board shown): read
 * before the session is known, so it holds nothing personal.
 */
export function readDeviceHint(name) {
  try {
    return localStorage.getItem(`crm:device:${name}`);
  } catch {
    return null;
  }
}

export function writeDeviceHint(name, value) {
  try {
    localStorage.setItem(`crm:device:${name}`, value);
  } catch {
    // A hint only: the next first visit just guesses.
  }
}
