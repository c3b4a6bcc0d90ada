/**
 * Modal dialogs on the native <dialog>: it traps focus, Escape cancels, and
 * focus goes back to what opened it. `choose` asks a question with buttons;
 * `openDialog` hosts a form (create a person, edit an activity…).
 */
import { h, qs } from './dom.js';
import { t } from './i18n.js';
import { icon } from './icons.js';
import { uid } from './forms.js';

/**
 * Opens a modal holding `content` under `title`. Returns {el, body, close(value), closed}:
 * `closed` resolves with the value given to close(), or null when dismissed.
 */
export function openDialog({ title, content, className, describedBy }) {
  const opener = document.activeElement;
  const titleId = uid('dialog-title');
  const body = h('div', { class: 'dialog-body' }, content);
  const el = h('dialog', { class: ['dialog', className], 'aria-labelledby': titleId, 'aria-describedby': describedBy },
    h('div', { class: 'dialog-head' },
      h('h2', { class: 'dialog-title', id: titleId, dir: 'auto' }, title),
      h('button', { type: 'button', class: 'icon-button', 'data-action': 'dismiss', 'aria-label': t('dialog.close') },
        icon('close'))),
    body);
  let result = null;
  let resolve;
  const closed = new Promise((r) => { resolve = r; });
  const close = (value = null) => {
    result = value;
    if (el.open) el.close();
  };
  el.addEventListener('click', (e) => {
    if (e.target.closest('[data-action="dismiss"]')) close(null);
  });
  // Escape inside the dialog is the dialog's: the shell must not also act on it.
  el.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') e.stopPropagation();
  });
  el.addEventListener('close', () => {
    el.remove();
    if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
    resolve(result);
  });
  document.body.append(el);
  el.showModal();
  const autofocus = qs('[autofocus]', el) || qs('input, select, textarea, .dialog-actions .button', body);
  if (autofocus) autofocus.focus();
  return { el, body, close, closed };
}

/**
 * Asks `message` with one button per choice ({value, label, kind}); resolves
 * with the chosen value, or null when cancelled (Escape, ×, a "cancel" choice).
 */
export function choose({ title, message, choices, className }) {
  const messageId = uid('dialog-message');
  const buttons = choices.map((choice) => h('button', {
    type: 'button',
    class: ['button', choice.kind ? `button-${choice.kind}` : null],
    'data-choice': choice.value ?? '',
  }, choice.label));
  const dialog = openDialog({
    title,
    className: ['dialog-small', className].filter(Boolean).join(' '),
    describedBy: messageId,
    content: [
      h('div', { class: 'dialog-message', id: messageId }, message),
      h('div', { class: 'dialog-actions' }, buttons),
    ],
  });
  dialog.body.addEventListener('click', (e) => {
    const button = e.target.closest('[data-choice]');
    if (button) dialog.close(button.dataset.choice || null);
  });
  // The safest choice has the focus: Enter never destroys anything by accident.
  const safe = buttons[choices.findIndex((c) => !c.value)] || buttons[buttons.length - 1];
  safe.focus();
  return dialog.closed;
}
