/**
 * Dates, times and amounts as the signed-in user reads them: in their
 * language and their IANA time zone. The API speaks UTC ISO 8601; the
 * conversions between a wall-clock time in a zone and UTC live here too.
 */
import { getLanguage } from './i18n.js';

let zone = 'UTC';

/** The time zone every date on screen is shown in (the user's own). */
export function setTimeZone(tz) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    zone = tz;
  } catch {
    zone = 'UTC';
  }
}

export function getTimeZone() {
  return zone;
}

function locale() {
  return getLanguage() === 'en' ? 'en-GB' : 'fr-FR';
}

// Making an Intl formatter costs far more than using one: a board formats hundreds of amounts and dates.
const formatters = new Map();

function formatter(Kind, lang, options) {
  const key = `${Kind.name}|${lang}|${JSON.stringify(options)}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Kind(lang, options);
    formatters.set(key, made);
  }
  return made;
}

/** A shared Intl.DateTimeFormat for the UI's language (or `lang`) and `options`. */
export function dateFormat(options, lang = locale()) {
  return formatter(Intl.DateTimeFormat, lang, options);
}

/** A shared Intl.NumberFormat for the UI's language and `options`. */
export function numberFormat(options) {
  return formatter(Intl.NumberFormat, locale(), options);
}

function parse(value) {
  if (!value) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "12 mars 2025" (in the user's zone, or in UTC for all-day dates). */
export function formatDate(value, options = {}) {
  const date = parse(value);
  if (!date) return '';
  return dateFormat({
    day: 'numeric', month: 'short', year: 'numeric', timeZone: options.utc ? 'UTC' : zone, ...options.format,
  }).format(date);
}

/** "12 mars 2025, 14:30". */
export function formatDateTime(value) {
  const date = parse(value);
  if (!date) return '';
  return dateFormat({
    day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: zone,
  }).format(date);
}

/** "14:30". */
export function formatTime(value) {
  const date = parse(value);
  if (!date) return '';
  return dateFormat({ hour: '2-digit', minute: '2-digit', timeZone: zone }).format(date);
}

/** A calendar day (YYYY-MM-DD, no zone) as "lun. 12 mars". */
export function formatDay(isoDay, options = { weekday: 'short', day: 'numeric', month: 'short' }) {
  const [y, m, d] = isoDay.split('-').map(Number);
  return dateFormat({ ...options, timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** "12 500 €" — an unknown currency code falls back to the number and the code. */
export function formatMoney(value, currency) {
  if (value === null || value === undefined || value === '') return '';
  const number = Number(value);
  if (!Number.isFinite(number)) return String(value);
  try {
    return numberFormat({
      style: 'currency', currency: currency || 'EUR', maximumFractionDigits: Number.isInteger(number) ? 0 : 2,
    }).format(number);
  } catch {
    return `${numberFormat({}).format(number)} ${currency || ''}`.trim();
  }
}

export function formatNumber(value) {
  const number = Number(value);
  return Number.isFinite(number) ? numberFormat({}).format(number) : String(value ?? '');
}

/** The wall-clock parts of an instant in `tz`: {year, month, day, hour, minute, weekday (0 = Monday)}. */
export function zonedParts(value, tz = zone) {
  const date = parse(value);
  const parts = {};
  for (const part of dateFormat({
    timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', weekday: 'short',
  }, 'en-US').formatToParts(date)) parts[part.type] = part.value;
  return {
    year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
    hour: Number(parts.hour) % 24, minute: Number(parts.minute),
    weekday: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday),
  };
}

const pad = (n, width = 2) => String(n).padStart(width, '0');

/** The calendar day (YYYY-MM-DD) an instant falls on in the user's zone. */
export function dayInZone(value, tz = zone) {
  const p = zonedParts(value, tz);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** "HH:MM" of an instant in the user's zone. */
export function timeInZone(value, tz = zone) {
  const p = zonedParts(value, tz);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/**
 * The UTC instant of wall-clock `day` (YYYY-MM-DD) at `time` (HH:MM) in `tz`.
 * Two passes over the zone's offset settle DST edges (a skipped hour moves forward).
 */
export function zonedToUtc(day, time = '00:00', tz = zone) {
  const [y, m, d] = day.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  let guess = wall;
  for (let i = 0; i < 2; i += 1) {
    const p = zonedParts(new Date(guess), tz);
    const seen = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    guess += wall - seen;
  }
  return new Date(guess);
}

/** An ISO string in UTC with a Z, to the second: what the API takes. */
export function toApiInstant(date) {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Adds `n` days to a calendar day (YYYY-MM-DD). */
export function addDays(day, n) {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d + n));
  return date.toISOString().slice(0, 10);
}

/** The Monday of the week holding `day`. */
export function weekStart(day) {
  const [y, m, d] = day.split('-').map(Number);
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** Today in the user's zone. */
export function today() {
  return dayInZone(new Date());
}

export function isDay(value) {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}
