/**
 * Where files are dropped or chosen, with the limits said up front and each
 * file's progress (or the reason it was refused) below. The coach's Files
 * tab and the client's portal both use it; what happens to a file is theirs.
 */
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { ACCEPT } from '../uploads.js';

export class UploadZone {
  constructor({ label = t('files.choose'), text = t('files.dropHere') } = {}) {
    // The button opens the browser's own file chooser: the input itself never shows.
    this.input = h('input', { type: 'file', multiple: true, accept: ACCEPT, hidden: true, name: 'files' });
    this.choose = h('button', { type: 'button', class: 'button button-primary', 'data-action': 'choose-files' }, icon('upload'), label);
    this.drop = h('div', { class: 'file-drop' },
      icon('upload', 'file-drop-icon'),
      h('p', { class: 'file-drop-text' }, text),
      this.choose,
      h('p', { class: 'field-hint file-limits' }, t('files.limits')),
      this.input);
    this.queue = h('ul', { class: 'upload-queue', 'aria-live': 'polite' });
    this.el = h('div', { class: 'upload-zone' }, this.drop, this.queue);
    this.choose.addEventListener('click', () => this.input.click());
  }

  /** `handler(files)` hears the files chosen or dropped. */
  onFiles(handler) {
    this.input.addEventListener('change', () => {
      const files = Array.from(this.input.files || []);
      this.input.value = '';
      if (files.length) handler(files);
    });
    // Dropped anywhere on the zone; the zone says so while something is held over it.
    for (const type of ['dragenter', 'dragover']) {
      this.drop.addEventListener(type, (e) => {
        if (!Array.from((e.dataTransfer && e.dataTransfer.types) || []).includes('Files')) return;
        e.preventDefault();
        this.drop.classList.add('is-over');
      });
    }
    this.drop.addEventListener('dragleave', (e) => {
      if (!this.drop.contains(e.relatedTarget)) this.drop.classList.remove('is-over');
    });
    this.drop.addEventListener('drop', (e) => {
      e.preventDefault();
      this.drop.classList.remove('is-over');
      const files = Array.from((e.dataTransfer && e.dataTransfer.files) || []);
      if (files.length) handler(files);
    });
  }

  /** Shows where the upload `key` of `name` stands: 'sending' (with `progress`, 0..1), 'failed' (`message`) or 'done'. */
  show({ key, name, state, progress, message }) {
    let item = this.queue.querySelector(`[data-upload="${CSS.escape(key)}"]`);
    if (!item) {
      item = h('li', { class: 'upload-item', 'data-upload': key });
      this.queue.append(item);
    }
    if (state === 'done') {
      item.remove();
      return;
    }
    const percent = Math.round((progress || 0) * 100);
    replace(item,
      h('span', { class: 'upload-name', dir: 'auto' }, name),
      state === 'failed'
        ? h('p', { class: 'upload-error', role: 'alert' }, icon('warning'), h('span', {}, t('files.refused', { name, reason: message })))
        : h('span', { class: 'upload-progress' },
          h('progress', { max: 100, value: percent, 'aria-label': t('files.sending', { name }) }),
          h('span', { class: 'upload-percent' }, `${percent} %`)),
      state === 'failed' ? h('button', {
        type: 'button', class: 'icon-button', 'data-action': 'dismiss-upload', 'aria-label': t('files.dismiss'),
      }, icon('close')) : null);
    const dismiss = item.querySelector('[data-action=dismiss-upload]');
    if (dismiss) dismiss.addEventListener('click', () => item.remove());
  }
}

let count = 0;

/**
 * Sends each of `files` through `send(file, onProgress)` (see uploads.sendFile), showing it in
 * `zone`; `refusal(error)` words a refusal; `onSent(file)` after each success.
 * Resolves {sent: [names], failed: [{name, message}]}.
 */
export async function sendAll(zone, files, { send, refusal, onSent }) {
  const outcome = { sent: [], failed: [] };
  await Promise.all(files.map(async (file) => {
    count += 1;
    const key = `upload-${count}`;
    const show = (state, more = {}) => zone.show({ key, name: file.name, state, ...more });
    const fail = (message) => {
      show('failed', { message });
      outcome.failed.push({ name: file.name, message });
    };
    if (!file.size) {
      fail(t('files.emptyFile'));
      return;
    }
    show('sending', { progress: 0 });
    try {
      await send(file, (progress) => show('sending', { progress }));
      show('done');
      outcome.sent.push(file.name);
      if (onSent) await onSent(file);
    } catch (error) {
      if (error.status !== 401) fail(refusal(error));
    }
  }));
  return outcome;
}
