/**
 * Sharing a booking link: its address and a ready email text, each with a
 * copy button, in a dialog (the Scheduler's list) or inline (a record's
 * "Propose times" tab). Also the copy box of the calendar feed's address.
 * When the browser refuses the clipboard, the text is selected for Ctrl+C.
 */
import { h, qs, replace } from '../dom.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { uid } from '../forms.js';
import { openDialog } from '../dialog.js';
import { bookingUrl, previewUrl, shareText, copyText } from '../booking-links.js';

/**
 * A labelled read-only box holding `value` with a copy button; `multiline` for
 * a text. The class `copy-field` and data-copy name it for tests and styles.
 */
export function copyField({ label, value, name, multiline = false, copyLabel }) {
  const id = uid(`copy-${name}`);
  const control = multiline
    ? h('textarea', { id, name, rows: 9, readOnly: true, class: 'copy-value', dir: 'auto' }, value)
    : h('input', { id, name, type: 'text', value, readOnly: true, class: 'copy-value', dir: 'ltr', spellcheck: 'false' });
  const status = h('p', { class: 'copy-status', role: 'status' });
  const button = h('button', { type: 'button', class: 'button button-small', 'data-action': 'copy', 'aria-describedby': `${id}-status` },
    icon('copy'), copyLabel || t('share.copy'));
  status.id = `${id}-status`;
  button.addEventListener('click', async () => {
    const done = await copyText(control.value);
    if (!done) {
      control.focus();
      control.select();
    }
    replace(status, done ? t('share.copied') : t('share.copyByHand'));
  });
  return h('div', { class: ['field', 'copy-field', multiline ? 'copy-field-text' : null], 'data-copy': name },
    h('label', { class: 'field-label', for: id }, label),
    h('div', { class: 'copy-row' }, control, button),
    status);
}

/** The address of `link`, the email text to paste, and a way to open the page as customers see it. */
export function shareBlock(link, signature) {
  const url = bookingUrl(link.token);
  return h('div', { class: 'share-block' },
    copyField({ label: t('share.url'), value: url, name: 'share_url', copyLabel: t('share.copyUrl') }),
    copyField({ label: t('share.text'), value: shareText(link, signature), name: 'share_text', multiline: true, copyLabel: t('share.copyText') }),
    h('p', {}, h('a', { class: 'button button-small', href: previewUrl(link.token), target: '_blank', rel: 'noopener', 'data-action': 'preview' },
      icon('external'), t('scheduler.preview'))));
}

/** Opens the share dialog of `link`. */
export function openShareDialog(link, signature) {
  const dialog = openDialog({
    title: t('share.title', { title: link.title }),
    className: 'share-dialog',
    content: [shareBlock(link, signature),
      h('div', { class: 'dialog-actions' }, h('button', { type: 'button', class: 'button', 'data-action': 'dismiss' }, t('dialog.close')))],
  });
  const copy = qs('[data-copy=share_url] [data-action=copy]', dialog.el);
  if (copy) copy.focus();
  return dialog.closed;
}
