/**
 * Deleting a person, an organization or a deal (to the trash, for 30 days).
 * A person or an organization with linked deals, activities or notes is
 * never deleted silently: the API answers 409 has_links with the counts and
 * the user chooses to delete them too, keep them unlinked, or cancel.
 */
import { h } from '../dom.js';
import { api } from '../api.js';
import { t, tn } from '../i18n.js';
import { choose } from '../dialog.js';
import { recordTitle } from '../entities.js';

function linkSummary(details) {
  const parts = ['persons', 'deals', 'activities', 'notes']
    .filter((kind) => Number(details[kind]) > 0)
    .map((kind) => tn(`delete.count.${kind}`, Number(details[kind])));
  return parts.join(', ');
}

/**
 * Asks, then deletes `record` of `plural`. Resolves true when it went to the trash.
 * :raise ApiError: when the API refuses for another reason than links.
 */
export async function deleteRecord(plural, record) {
  const name = recordTitle(plural, record);
  const path = `/${plural}/${encodeURIComponent(record.id)}`;
  const first = await choose({
    title: t('delete.title', { name }),
    message: h('p', { dir: 'auto' }, t(plural === 'deals' ? 'delete.textDeal' : 'delete.text', { name })),
    choices: [{ value: 'delete', label: t('delete.confirm'), kind: 'danger' }, { value: null, label: t('dialog.cancel') }],
  });
  if (first !== 'delete') return false;
  try {
    await api.del(path);
    return true;
  } catch (error) {
    if (!(error.status === 409 && error.code === 'has_links')) throw error;
    const linked = await choose({
      title: t('delete.linkedTitle'),
      className: 'delete-links-dialog',
      message: [
        h('p', { dir: 'auto' }, t(`delete.linkedText.${plural}`, { name, links: linkSummary(error.details || {}) })),
        h('ul', { class: 'choice-help' },
          h('li', {}, h('strong', {}, t('delete.withLinks')), ' — ', t('delete.withLinksHelp')),
          h('li', {}, h('strong', {}, t('delete.detach')), ' — ', t('delete.detachHelp'))),
      ],
      choices: [
        { value: 'delete', label: t('delete.withLinks'), kind: 'danger' },
        { value: 'detach', label: t('delete.detach'), kind: 'primary' },
        { value: null, label: t('dialog.cancel') },
      ],
    });
    if (!linked) return false;
    try {
      await api.del(`${path}?linked=${linked}`);
    } catch (refusal) {
      if (!(refusal.status === 409 && refusal.code === 'cannot_detach')) throw refusal;
      if (!await confirmStuck(name, refusal.details || {})) return false;
      await api.del(`${path}?linked=delete`);
    }
    return true;
  }
}

/**
 * Some linked records cannot live unlinked (a deal with no other person or
 * organization, a note): say which, and offer to delete them along.
 */
async function confirmStuck(name, details) {
  const deals = Array.isArray(details.deals) ? details.deals : [];
  const notes = Number(details.notes) || 0;
  const answer = await choose({
    title: t('delete.stuckTitle'),
    className: 'delete-stuck-dialog',
    message: [
      h('p', { dir: 'auto' }, t('delete.stuckText', { name })),
      h('ul', { class: 'choice-help' },
        deals.map((title) => h('li', { dir: 'auto' }, t('entity.deal'), ' : ', h('strong', {}, title))),
        notes ? h('li', {}, tn('delete.count.notes', notes)) : null),
      h('p', {}, t('delete.stuckHelp')),
    ],
    choices: [{ value: 'delete', label: t('delete.withLinks'), kind: 'danger' }, { value: null, label: t('dialog.cancel') }],
  });
  return answer === 'delete';
}
