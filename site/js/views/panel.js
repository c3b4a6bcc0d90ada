/**
 * What the settings panels (workspace, users, custom fields, activity types)
 * share: the render commands around their one form, its save and reload
 * bindings, and the load → show → save round trip of their document.
 */
import { h, qsa, replace } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { showError, showSuccess, setBusy, errorAlert, refusal, onSubmit, onReload } from '../forms.js';
import { loadingStatus } from './frame.js';

/**
 * The render commands common to the panels, for `view` (its `el` and
 * `form`), with the texts `<prefix>.adminOnly` and `<prefix>.saved`.
 */
export function panelCommands(view, prefix, data) {
  return {
    adminOnly: () => replace(view.el, h('p', { class: 'alert alert-info' }, t(`${prefix}.adminOnly`))),
    loading: () => replace(view.el, loadingStatus()),
    loadError: () => replace(view.el, errorAlert(data)),
    busy: () => setBusy(view.form, data),
    saved: () => showSuccess(view.form, t(`${prefix}.saved`)),
    error: () => showError(view.form, data),
  };
}

/** True, with the panel saying so, when the signed-in user is not an admin. */
export function refusedToMembers(app, view) {
  if (app.user.role === 'admin') return false;
  view.render('adminOnly');
  return true;
}

/** Binds `save` (handler gets `read(form)`, form values by default) and `reload` on the panel `view`. */
export function bindPanel(view, event, handler, read) {
  if (event === 'save') onSubmit(view.el, handler, { read });
  else if (event === 'reload') onReload(view.el, handler);
}

/** A loader of the panel's document at `path`: shows loading, then `show(document)` or the load error. */
export function panelLoader(view, path, show) {
  return async function load() {
    view.render('loading');
    try {
      show(await api.get(path));
    } catch (error) {
      // A lost session (401) is taken to sign in by the API layer.
      if (error.status !== 401) view.render('loadError', error);
    }
  };
}

/** Saves through `send()` with the form busy meanwhile, then `show(saved)` and says it is saved, or shows the error. */
export async function savePanel(view, send, show) {
  view.render('busy', true);
  try {
    const saved = await send();
    view.render('busy', false);
    show(saved);
    view.render('saved');
  } catch (error) {
    view.render('busy', false);
    view.render('error', error);
  }
}

/**
 * Shows the problems found in the panel's rows, each {input, message}: the
 * messages in the form's notice (they name no field) and their inputs marked
 * invalid, the first one focused. False when there are none.
 */
export function showProblems(view, found) {
  for (const input of qsa('[aria-invalid]', view.form)) input.removeAttribute('aria-invalid');
  if (!found.length) return false;
  view.render('error', refusal(Object.fromEntries(found.map((f, i) => [`problem${i}`, f.message]))));
  for (const f of found) f.input.setAttribute('aria-invalid', 'true'); // showError cleared the marks
  found[0].input.focus();
  return true;
}
