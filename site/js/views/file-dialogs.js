/**
 * The dialogs of one file: its image at a larger size, and its name and the
 * record it is on (rename, relink to another person, organization or deal).
 */
import { h, qs, replace } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { openDialog } from '../dialog.js';
import {
  inputField, notice, submitButton, showError, setBusy, clearErrors, refusal,
} from '../forms.js';
import { searchBox, ENTITY_ICON } from '../combobox.js';
import { fileSize, typeLabel } from '../uploads.js';

const LINK_FIELD = { person: 'person_id', organization: 'org_id', deal: 'deal_id' };

/** The record a file is on, as {entity, id}. */
export function fileLink(file) {
  if (file.deal_id) return { entity: 'deal', id: file.deal_id };
  if (file.person_id) return { entity: 'person', id: file.person_id };
  return { entity: 'organization', id: file.org_id };
}

/** Downloads `file` through its signed `download_url` (the page stays where it is). */
export function saveFile(file) {
  const link = h('a', { href: file.download_url, download: file.name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
}

/** Shows the image `file` (with its preview_url) large, with a download button. */
export function openPreview(file, onDownload) {
  const download = h('button', { type: 'button', class: 'button', 'data-action': 'download-preview' }, icon('download'), t('files.download'));
  download.addEventListener('click', () => onDownload(file));
  const dialog = openDialog({
    title: file.name,
    className: 'file-preview-dialog',
    content: [
      h('figure', { class: 'file-preview' },
        h('img', { src: file.preview_url, alt: t('files.previewAlt', { name: file.name }), class: 'file-preview-image' }),
        h('figcaption', { class: 'muted' }, `${typeLabel(file.type)} · ${fileSize(file.size)}`)),
      h('div', { class: 'dialog-actions' }, download,
        h('button', { type: 'button', class: 'button', 'data-action': 'dismiss' }, t('dialog.close'))),
    ],
  });
  return dialog.closed;
}

/**
 * Renames `file` or moves it to another record; `here` is the {entity, id, name} of the
 * page's record. Resolves the saved file, or null when cancelled.
 */
export function openFileEdit(file, here) {
  let target = { ...here };
  const chosen = h('div', { class: 'relink-chosen' });
  const box = searchBox({
    label: t('files.relinkSearch'), name: 'relink', entities: ['person', 'organization', 'deal'],
    placeholder: t('search.pickPlaceholder'), labelVisible: true,
    onPick: (item) => {
      target = { entity: item.entity, id: item.id, name: item.name };
      drawChosen();
      box.el.hidden = true;
      qs('[data-action=change-link]', chosen).focus();
    },
  });
  box.el.hidden = true;
  function drawChosen() {
    replace(chosen,
      h('span', { class: 'chip' }, icon(ENTITY_ICON[target.entity]), h('span', { class: 'chip-text', dir: 'auto' }, target.name || target.id)),
      h('button', { type: 'button', class: 'button button-small', 'data-action': 'change-link' }, t('search.change')));
  }
  drawChosen();
  chosen.addEventListener('click', (e) => {
    if (!e.target.closest('[data-action=change-link]')) return;
    box.el.hidden = false;
    box.focus();
  });
  const form = h('form', { class: 'form file-edit-form', novalidate: true },
    inputField(t('files.name'), { name: 'name', value: file.name, required: true, maxlength: 200, dir: 'auto', autocomplete: 'off' }),
    h('fieldset', { class: 'relink' },
      h('legend', { class: 'field-label' }, t('files.linkedTo')),
      chosen, box.el,
      h('p', { class: 'field-hint' }, t('files.relinkHint'))),
    notice(),
    h('div', { class: 'form-actions' },
      submitButton(t('record.save')),
      h('button', { type: 'button', class: 'button', 'data-action': 'dismiss' }, t('dialog.cancel'))));
  const dialog = openDialog({ title: t('files.editTitle', { name: file.name }), content: form, className: 'dialog-form file-edit-dialog' });
  const nameInput = form.elements.namedItem('name');
  nameInput.focus();
  nameInput.select();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    const name = nameInput.value.trim();
    const refused = refusal(name ? {} : { name: t('errors.required') });
    if (refused) {
      showError(form, refused);
      return;
    }
    const body = { version: file.version };
    if (name !== file.name) body.name = name;
    const before = fileLink(file);
    if (target.entity !== before.entity || target.id !== before.id) body[LINK_FIELD[target.entity]] = target.id;
    if (Object.keys(body).length === 1) {
      dialog.close(null);
      return;
    }
    setBusy(form, true);
    try {
      const saved = await api.patch(`/files/${encodeURIComponent(file.id)}`, body);
      dialog.close({ ...saved, moved: Boolean(body[LINK_FIELD[target.entity]]), to: target });
    } catch (error) {
      setBusy(form, false);
      if (error.status !== 401) showError(form, error);
    }
  });
  return dialog.closed;
}
