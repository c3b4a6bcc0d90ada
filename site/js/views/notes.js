/**
 * Acting on one note from a timeline: pin or unpin, share in the deal's
 * client portal or not, edit in a dialog, delete
 * (to the trash) after a confirmation. Each returns true when it changed something.
 */
import { h, qs } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { notice, submitButton, showError, setBusy, uid } from '../forms.js';
import { openDialog, choose } from '../dialog.js';

/** The note with its version (a timeline summary has none). */
async function current(note) {
  return note.version ? note : api.get(`/notes/${encodeURIComponent(note.id)}`);
}

function fail(view, error) {
  if (error.status !== 401) view.render('error', error);
  return false;
}

export async function setPinned(note, pinned, view) {
  try {
    const latest = await current(note);
    await api.patch(`/notes/${encodeURIComponent(latest.id)}`, { pinned, version: latest.version });
    view.render('success', t(pinned ? 'notes.pinnedDone' : 'notes.unpinnedDone'));
    return true;
  } catch (error) {
    return fail(view, error);
  }
}

/** Shows the note in the deal's client portal, or stops showing it. */
export async function setShared(note, shared, view) {
  try {
    const latest = await current(note);
    await api.patch(`/notes/${encodeURIComponent(latest.id)}`, { shared, version: latest.version });
    view.render('success', t(shared ? 'notes.sharedDone' : 'notes.unsharedDone'));
    return true;
  } catch (error) {
    return fail(view, error);
  }
}

export async function editNote(note, view) {
  let latest;
  try {
    latest = await current(note);
  } catch (error) {
    return fail(view, error);
  }
  const id = uid('note-edit');
  const form = h('form', { class: 'form note-edit-form', novalidate: true },
    h('div', { class: 'field' },
      h('label', { for: id, class: 'field-label' }, t('composer.noteLabel')),
      h('textarea', { id, name: 'content', rows: 8, maxlength: 100000, dir: 'auto', 'aria-describedby': `${id}-hint ${id}-error` }, latest.content || ''),
      h('p', { class: 'field-hint', id: `${id}-hint` }, t('composer.noteHint')),
      h('p', { class: 'field-error', id: `${id}-error`, hidden: true })),
    notice(),
    h('div', { class: 'form-actions' },
      submitButton(t('record.save')),
      h('button', { type: 'button', class: 'button', 'data-action': 'dismiss' }, t('dialog.cancel'))));
  const dialog = openDialog({ title: t('notes.editTitle'), content: form, className: 'dialog-form' });
  qs('textarea', form).focus();
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const content = form.elements.namedItem('content').value;
    if (!content.trim()) {
      showError(form, { status: 400, details: { content: t('errors.required') } });
      return;
    }
    setBusy(form, true);
    try {
      const saved = await api.patch(`/notes/${encodeURIComponent(latest.id)}`, { content, version: latest.version });
      dialog.close(saved);
    } catch (error) {
      setBusy(form, false);
      showError(form, error);
    }
  });
  const saved = await dialog.closed;
  if (saved) view.render('success', t('notes.saved'));
  return Boolean(saved);
}

export async function deleteNote(note, view) {
  const answer = await choose({
    title: t('notes.deleteTitle'), message: t('notes.deleteText'),
    choices: [{ value: 'delete', label: t('notes.delete'), kind: 'danger' }, { value: null, label: t('dialog.cancel') }],
  });
  if (answer !== 'delete') return false;
  try {
    await api.del(`/notes/${encodeURIComponent(note.id)}`);
    view.render('success', t('notes.deleted'));
    return true;
  } catch (error) {
    return fail(view, error);
  }
}
