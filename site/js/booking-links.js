/**
 * What the scheduler's screens share about booking links: their public
 * address, how a duration and a time read, the text a user pastes into an
 * email, and copying to the clipboard. The public pages use the time
 * helpers with the customer's zone, the owner's screens with the user's.
 */
import { t, tn, getLanguage } from './i18n.js';
import { dateFormat } from './format.js';

export const DURATIONS = [15, 20, 30, 45, 60, 90, 120, 180, 240];

/** The public booking page of a link (its token), on this site's origin. */
export function bookingUrl(token) {
  return `${location.origin}/#/book/${encodeURIComponent(token)}`;
}

/** The same page as its owner previews it: what customers see, under a line saying a booking made there is real. */
export function previewUrl(token) {
  return `${bookingUrl(token)}?preview=1`;
}

function locale() {
  return getLanguage() === 'en' ? 'en-GB' : 'fr-FR';
}

/** "30 min", "1 h", "1 h 30". */
export function durationText(minutes) {
  const m = Number(minutes) || 0;
  if (m < 60) return t('duration.minutes', { n: m });
  const hours = Math.floor(m / 60);
  const rest = m % 60;
  return rest ? t('duration.hoursMinutes', { h: hours, m: String(rest).padStart(2, '0') }) : t('duration.hours', { h: hours });
}

/** The time of an instant in `tz`, as "14:30". */
export function timeIn(value, tz) {
  return dateFormat({ hour: '2-digit', minute: '2-digit', timeZone: tz }, locale()).format(new Date(value));
}

/** An instant in `tz` as people read it: "mardi 8 décembre 2026, 14:30" / "Tuesday 8 December 2026, 14:30". */
export function whenIn(value, tz, { year = true } = {}) {
  return dateFormat({
    weekday: 'long', day: 'numeric', month: 'long', year: year ? 'numeric' : undefined,
    hour: '2-digit', minute: '2-digit', timeZone: tz,
  }, locale()).format(new Date(value));
}

/** A calendar day (YYYY-MM-DD) as "mardi 8 décembre". */
export function dayTitle(day, options = { weekday: 'long', day: 'numeric', month: 'long' }) {
  const [y, m, d] = day.split('-').map(Number);
  return dateFormat({ ...options, timeZone: 'UTC' }, locale()).format(new Date(Date.UTC(y, m - 1, d)));
}

/** A zone as people read it: "Europe/Paris" → "Europe/Paris", "America/New_York" → "America/New York". */
export function zoneName(tz) {
  return String(tz || '').replace(/_/g, ' ');
}

/** The zone this browser is in (the customer's, on the public pages). */
export function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** The names of the days of the week, Monday first, in the UI's language ("lundi"… / "Monday"…). */
export function weekdayNames(style = 'long') {
  // 1 January 2024 was a Monday.
  return [0, 1, 2, 3, 4, 5, 6].map((i) => dayTitle(`2024-01-0${i + 1}`, { weekday: style }));
}

/** What a link offers, in a few words: "3 times offered", "Every week: Mon, Tue", "Some dates only". */
export function offerText(link) {
  if (link.kind === 'specific') return tn('scheduler.timesCount', (link.times || []).length);
  const names = weekdayNames('short');
  const days = Array.from(new Set((link.windows || []).map((w) => w.weekday))).sort();
  return days.length ? t('scheduler.weekly', { days: days.map((d) => names[d]).join(', ') }) : t('scheduler.datesOnly');
}

/**
 * The message a user pastes into an email to share `link`: its times when it
 * offers specific ones (in the link's zone), its address, and their name.
 */
export function shareText(link, signature) {
  const url = bookingUrl(link.token);
  const what = { title: link.title, duration: durationText(link.duration_min) };
  const lines = [t('share.textHello'), ''];
  if (link.kind === 'specific') {
    const future = (link.times || []).filter((time) => Date.parse(time) > Date.now());
    lines.push(t('share.textSpecific', what));
    for (const time of future) lines.push(`- ${whenIn(time, link.timezone, { year: false })}`);
    lines.push(t('share.textZone', { zone: zoneName(link.timezone) }), '', t('share.textPick'), url);
  } else {
    lines.push(t('share.textGeneral', what), '', url);
  }
  lines.push('', t('share.textBye'), signature || link.host_name || '');
  return lines.join('\n').trim();
}

/** Copies `text` to the clipboard; false when the browser refuses (the caller then selects it for Ctrl+C). */
export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
