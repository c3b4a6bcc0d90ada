/**
 * Deleting a person, an organization or a deal (to the trash, for 30 days).
 * A person or an organization with linked deals, activities or notes is
 * never deleted silently. Before anything is sent, the page asks the API
 * what links to the record (GET …/links) and asks its one question: a plain
 * confirmation, or what to do with the linked records (delete them too, keep
 * them unlinked, or cancel). The DELETE then says what was chosen, so it is
 * not refused; should the links change in between (409), the question is
 * asked again with what the API found.
 */
import { h } from '../dom.js';
import { api, fillPage } from '../api.js';
import { t, tn, getLanguage } from '../i18n.js';
import { choose } from '../dialog.js';
import { recordTitle } from '../entities.js';

const WITH_LINKS = new Set(['persons', 'organizations']);
const KINDS = ['persons', 'deals', 'activities', 'notes'];
const MAX_DEALS_READ = 200;

/** "1 deal, 3 activities and 1 note" in the UI's language. */
function linkSummary(counts) {
  const parts = KINDS.filter((kind) => Number(counts[kind]) > 0).map((kind) => tn(`delete.count.${kind}`, Number(counts[kind])));
  return new Intl.ListFormat(getLanguage(), { type: 'conjunction' }).format(parts);
}

function hasLinks(counts) {
  return KINDS.some((kind) => Number(counts[kind]) > 0);
}

/**
 * The titles of the linked deals that have no other person or organization:
 * they cannot be kept unlinked, so "keep them" is not offered while they are there.
 */
async function stuckDeals(plural, id, counts) {
  if (!Number(counts.deals)) return [];
  const [field, other] = plural === 'persons' ? ['person_id', 'org_id'] : ['org_id', 'person_id'];
  const page = await fillPage('/deals', new URLSearchParams({ [field]: id }), MAX_DEALS_READ);
  return page.items.filter((deal) => deal[field] === id && !deal[other]).map((deal) => deal.title || t('record.unnamed'));
}

function confirmPlain(plural, name) {
  return choose({
    title: t('delete.title', { name }),
    message: h('p', { dir: 'auto' }, t(plural === 'deals' ? 'delete.textDeal' : 'delete.text', { name })),
    choices: [{ value: 'delete', label: t('delete.confirm'), kind: 'danger' }, { value: null, label: t('dialog.cancel') }],
  });
}

/** The one question for a record with links: resolves 'delete', 'detach' or null. */
function askLinks(plural, name, counts, stuck) {
  const summary = h('p', { dir: 'auto' }, t(`delete.linkedText.${plural}`, { name, links: linkSummary(counts) }));
  if (stuck.length) {
    return choose({
      title: t('delete.title', { name }),
      className: 'delete-links-dialog delete-stuck',
      message: [
        summary,
        h('p', { dir: 'auto' }, t('delete.stuckText', { name })),
        h('ul', { class: 'choice-help' }, stuck.map((title) => h('li', { dir: 'auto' }, h('strong', {}, title)))),
        h('p', {}, t('delete.stuckHelp')),
      ],
      choices: [{ value: 'delete', label: t('delete.everything'), kind: 'danger' }, { value: null, label: t('dialog.cancel') }],
    });
  }
  return choose({
    title: t('delete.title', { name }),
    className: 'delete-links-dialog',
    message: [
      summary,
      h('p', {}, t('delete.linkedQuestion')),
      h('ul', { class: 'choice-help' },
        h('li', {}, h('strong', {}, t('delete.withLinks')), ' — ', t('delete.withLinksHelp')),
        h('li', {}, h('strong', {}, t('delete.detach')), ' — ', t(`delete.detachHelp.${plural}`))),
    ],
    choices: [
      { value: 'delete', label: t('delete.withLinks'), kind: 'danger' },
      { value: 'detach', label: t('delete.detach'), kind: 'primary' },
      { value: null, label: t('dialog.cancel') },
    ],
  });
}

/**
 * Some linked records turned out unable to live unlinked after the question
 * was asked (a deal linked meanwhile): say which, and offer to delete them along.
 */
async function confirmStuck(name, details) {
  const deals = Array.isArray(details.deals) ? details.deals : [];
  const answer = await choose({
    title: t('delete.stuckTitle'),
    className: 'delete-stuck-dialog',
    message: [
      h('p', { dir: 'auto' }, t('delete.stuckText', { name })),
      h('ul', { class: 'choice-help' }, deals.map((title) => h('li', { dir: 'auto' }, h('strong', {}, title)))),
      h('p', {}, t('delete.stuckHelp')),
    ],
    choices: [{ value: 'delete', label: t('delete.everything'), kind: 'danger' }, { value: null, label: t('dialog.cancel') }],
  });
  return answer === 'delete';
}

/**
 * Sends the DELETE with the choice made (`linked`: 'delete', 'detach' or null).
 * A refusal because the links changed meanwhile is answered by asking again.
 */
async function send(plural, path, name, linked) {
  try {
    await api.del(linked ? `${path}?linked=${linked}` : path);
    return true;
  } catch (error) {
    if (error.status !== 409) throw error;
    if (error.code === 'has_links' && !linked) {
      const again = await askLinks(plural, name, error.details || {}, []);
      return again ? send(plural, path, name, again) : false;
    }
    if (error.code === 'cannot_detach' && linked === 'detach') {
      return await confirmStuck(name, error.details || {}) ? send(plural, path, name, 'delete') : false;
    }
    throw error;
  }
}

/**
 * Asks once, then deletes `record` of `plural`. Resolves true when it went to the trash.
 * :raise ApiError: when the API refuses for another reason than links.
 */
export async function deleteRecord(plural, record) {
  const name = recordTitle(plural, record);
  const path = `/${plural}/${encodeURIComponent(record.id)}`;
  if (!WITH_LINKS.has(plural)) {
    return await confirmPlain(plural, name) === 'delete' ? send(plural, path, name, null) : false;
  }
  const counts = (await api.get(`${path}/links`)).links || {};
  if (!hasLinks(counts)) {
    return await confirmPlain(plural, name) === 'delete' ? send(plural, path, name, null) : false;
  }
  const choice = await askLinks(plural, name, counts, await stuckDeals(plural, record.id, counts));
  return choice ? send(plural, path, name, choice) : false;
}
