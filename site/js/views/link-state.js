/**
 * Whether a booking link still waits for its customers: a specific link is
 * taken by its first booking, or has no time left once they have passed.
 * Read from the owner's preview of the link's slots.
 */
import { h } from '../dom.js';
import { api } from '../api.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { addDays, today } from '../format.js';
import { choose } from '../dialog.js';

const SPAN_DAYS = 61; // the API answers at most 62 days of slots at once

/** {booked, open}: taken by a booking, and how many of its times are still free. :raise ApiError. */
export async function readLinkState(link) {
  const data = await api.get(`/scheduler/links/${encodeURIComponent(link.id)}/slots?from=${today()}&to=${addDays(today(), SPAN_DAYS)}`);
  return { booked: Boolean(data.booked), open: (data.slots || []).length };
}

/** The badge of a link's state: booked, some times still open, or none left (nothing while unknown). */
export function stateBadge(state) {
  if (!state) return null;
  if (state.booked) return h('span', { class: 'status status-booked' }, icon('booked'), t('scheduler.booked'));
  if (!state.open) return h('span', { class: 'status status-closed' }, t('scheduler.noTimeLeft'));
  return h('span', { class: 'status status-waiting' }, tn('scheduler.openTimes', state.open));
}

/** Asks before deleting booking link `link` (it goes to the trash), then deletes it; true once gone. */
export async function deleteLink(link) {
  const sure = await choose({
    title: t('scheduler.deleteTitle'),
    message: t('scheduler.deleteText', { title: link.title }),
    choices: [{ value: 'delete', label: t('record.delete'), kind: 'danger' }, { value: null, label: t('dialog.cancel') }],
  });
  if (sure !== 'delete') return false;
  await api.del(`/scheduler/links/${encodeURIComponent(link.id)}`);
  return true;
}
