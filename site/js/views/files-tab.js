/**
 * The "Files" tab of a person, organization or deal page, beside Note and
 * Activity: drop files (or choose them) to send them straight to storage
 * with their progress, then the record's files with their size, kind, who
 * sent them and when; an image shows a thumbnail and opens larger. Each file
 * can be downloaded, renamed or moved to another record, shown in the
 * deal's client portal, and deleted (to the trash, with Undo).
 */
import { h, replace, delegate, itemId, keepFocus } from '../dom.js';
import { api, fillPage } from '../api.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { errorAlert, errorMessage, successAlert } from '../forms.js';
import { formatDateTime } from '../format.js';
import { userName } from '../lookups.js';
import { recordTitle } from '../entities.js';
import { loadingStatus } from './frame.js';
import {
  fileSize, isImage, typeLabel, sendFile, uploadRefusal,
} from '../uploads.js';
import { UploadZone, sendAll } from './upload-zone.js';
import { openPreview, openFileEdit, saveFile } from './file-dialogs.js';

const TIE = { deals: 'deal_id', persons: 'person_id', organizations: 'org_id' };
const ENTITY = { deals: 'deal', persons: 'person', organizations: 'organization' };
const LISTED = 100;

/** Who sent a file: a member of the team, or the client from the portal. */
export function senderName(users, uploadedBy) {
  if (uploadedBy === 'portal') return t('files.fromClient');
  return userName(users, uploadedBy) || t('timeline.system');
}

export class FilesView {
  constructor({ shareable }) {
    this.shareable = shareable;
    this.zone = new UploadZone();
    this.notice = h('div', { class: 'form-notice files-notice', 'aria-live': 'polite' });
    this.list = h('div', { class: 'file-list-wrap' }, loadingStatus());
    this.el = h('div', { class: 'files-tab' }, this.zone.el, this.notice, this.list);
  }

  render(command, data) {
    const commands = {
      loading: () => replace(this.list, loadingStatus()),
      listError: () => replace(this.list, errorAlert(data)),
      list: () => keepFocus(this.list, () => this._renderList(data)),
      notice: () => replace(this.notice, data || null),
      error: () => replace(this.notice, errorAlert(data)),
      success: () => replace(this.notice, successAlert(data)),
    };
    commands[command]();
  }

  bind(event, handler) {
    if (event === 'files') {
      this.zone.onFiles(handler);
      return;
    }
    const actions = {
      preview: 'preview-file', download: 'download-file', edit: 'edit-file', share: 'share-file', delete: 'delete-file', undo: 'undo-delete',
    };
    delegate(this.el, `[data-action="${actions[event]}"]`, 'click', (e, el) => handler(itemId(el) || el.dataset.file, el));
  }

  _renderList({ files, users }) {
    if (!files.length) {
      replace(this.list, h('p', { class: 'muted files-empty' }, t('files.empty')));
      return;
    }
    replace(this.list, h('ul', { class: 'file-list' }, files.map((file) => this._item(file, users))));
  }

  _item(file, users) {
    const image = isImage(file.type) && file.preview_url;
    const thumb = image
      ? h('button', { type: 'button', class: 'file-thumb', 'data-action': 'preview-file', 'aria-label': t('files.previewOf', { name: file.name }) },
        h('img', { src: file.preview_url, alt: '', loading: 'lazy' }))
      : h('span', { class: 'file-thumb file-thumb-icon', 'aria-hidden': 'true' }, icon('file'));
    return h('li', { class: 'file-item', 'data-id': file.id },
      thumb,
      h('div', { class: 'file-text' },
        h('p', { class: 'file-name' },
          h('button', { type: 'button', class: 'link-button', 'data-action': image ? 'preview-file' : 'download-file', dir: 'auto' }, file.name),
          file.shared && this.shareable ? h('span', { class: 'badge badge-shared' }, icon('share'), t('files.sharedBadge')) : null),
        h('p', { class: 'file-meta' },
          h('span', {}, fileSize(file.size)), ' · ', h('span', {}, typeLabel(file.type)), ' · ',
          h('span', { dir: 'auto' }, senderName(users, file.uploaded_by)), ' · ',
          h('time', { datetime: file.created_at }, formatDateTime(file.created_at)))),
      h('div', { class: 'file-actions' },
        h('button', { type: 'button', class: 'icon-button', 'data-action': 'download-file', 'aria-label': t('files.downloadOf', { name: file.name }), title: t('files.download') }, icon('download')),
        h('button', { type: 'button', class: 'icon-button', 'data-action': 'edit-file', 'aria-label': t('files.editOf', { name: file.name }), title: t('files.edit') }, icon('edit')),
        this.shareable ? h('button', {
          type: 'button', class: ['icon-button', file.shared ? 'is-on' : null], 'data-action': 'share-file', 'aria-pressed': String(Boolean(file.shared)),
          'aria-label': t('files.shareOf', { name: file.name }), title: t(file.shared ? 'files.unshare' : 'files.share'),
        }, icon('share')) : null,
        h('button', { type: 'button', class: 'icon-button', 'data-action': 'delete-file', 'aria-label': t('files.deleteOf', { name: file.name }), title: t('files.delete') }, icon('trash'))));
  }
}

/**
 * Adds the "Files" tab to the `composer` of the page of a record of `plural`;
 * `record()` is the record as the page holds it, `users` the team, `onChange()`
 * runs after a change the timeline shows.
 */
export function mountFiles(app, composer, plural, record, { users, onChange }) {
  const field = TIE[plural];
  if (!field) return null;
  const view = new FilesView({ shareable: plural === 'deals' });
  const s = { files: [], loaded: false };

  async function load() {
    s.loaded = true;
    try {
      const page = await fillPage('/files', new URLSearchParams({ [field]: record().id }), LISTED);
      s.files = page.items || [];
      view.render('list', { files: s.files, users: users() });
    } catch (error) {
      if (error.status !== 401) view.render('listError', error);
    }
  }

  function upload(files) {
    return sendAll(view.zone, files, {
      send: (file, onProgress) => sendFile(file, {
        declare: (body) => api.post('/files', { ...body, [field]: record().id }),
        confirm: (id) => api.post(`/files/${encodeURIComponent(id)}/uploaded`, {}),
        onProgress,
      }),
      refusal: (error) => uploadRefusal(error) || errorMessage(error),
      onSent: async (file) => {
        view.render('success', t('files.added', { name: file.name }));
        await load();
        onChange();
      },
    });
  }

  const byId = (id) => s.files.find((f) => f.id === id);

  async function fresh(id) {
    return api.get(`/files/${encodeURIComponent(id)}`);
  }

  async function download(file) {
    try {
      saveFile(await fresh(file.id)); // read now: its signed addresses last minutes only
    } catch (error) {
      if (error.status !== 401) view.render('error', error);
    }
  }

  view.bind('files', upload);
  view.bind('preview', (id) => {
    const file = byId(id);
    if (file) openPreview(file, download);
  });
  view.bind('download', (id) => { const file = byId(id); if (file) download(file); });
  view.bind('edit', async (id) => {
    const file = byId(id);
    if (!file) return;
    const here = { entity: ENTITY[plural], id: record().id, name: recordTitle(plural, record()) };
    try {
      const saved = await openFileEdit(file, here);
      if (!saved) return;
      view.render('success', saved.moved ? t('files.moved', { name: saved.name, to: saved.to.name || '' }) : t('files.renamed', { name: saved.name }));
      await load();
      onChange();
    } catch (error) {
      if (error.status !== 401) view.render('error', error);
    }
  });
  view.bind('share', async (id) => {
    const file = byId(id);
    if (!file) return;
    try {
      const saved = await api.patch(`/files/${encodeURIComponent(id)}`, { shared: !file.shared, version: file.version });
      view.render('success', t(saved.shared ? 'files.sharedDone' : 'files.unsharedDone', { name: saved.name }));
      await load();
    } catch (error) {
      if (error.status !== 401) view.render('error', error);
    }
  });
  view.bind('delete', async (id) => {
    const file = byId(id);
    if (!file) return;
    try {
      await api.del(`/files/${encodeURIComponent(id)}`);
      s.files = s.files.filter((f) => f.id !== id);
      view.render('list', { files: s.files, users: users() });
      view.render('notice', h('div', { class: 'alert alert-success file-deleted', role: 'status' },
        h('p', { dir: 'auto' }, t('files.deleted', { name: file.name })),
        h('button', { type: 'button', class: 'button button-small', 'data-action': 'undo-delete', 'data-file': id }, icon('restore'), t('files.undo'))));
      onChange();
    } catch (error) {
      if (error.status !== 401) view.render('error', error);
    }
  });
  view.bind('undo', async (id) => {
    try {
      await api.post(`/files/${encodeURIComponent(id)}/restore`, {});
      view.render('success', t('files.restored'));
      await load();
      onChange();
    } catch (error) {
      if (error.status !== 401) view.render('error', error);
    }
  });

  composer.addTab({
    name: 'files', label: t('files.tab'), iconName: 'file', content: view.el,
    onSelect: () => { if (!s.loaded) load(); },
  });
  return view;
}
