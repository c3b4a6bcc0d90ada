/**
 * The two questions an outcome asks: why a deal was lost (one of the
 * workspace's lost reasons from Settings, or words of one's own), and into
 * which open stage a won or lost deal is reopened. Each dialog answers the
 * choice, or null when cancelled; the screen that asked sends it.
 */
import { h, qs, qsa } from '../dom.js';
import { t } from '../i18n.js';
import { openDialog } from '../dialog.js';
import { lookup } from '../lookups.js';
import {
  notice, submitButton, selectField, showError, clearErrors, uid,
} from '../forms.js';
import { openStages } from '../pipelines.js';

const MAX_REASON = 500;
const OTHER = '__other';

async function lostReasons() {
  try {
    return (await lookup('lostReasons')).items || [];
  } catch (error) {
    if (error.status === 401) throw error;
    return []; // the reasons could not be read: free text still works
  }
}

/** Asks why `deal` ({title}) was lost; resolves the reason's text, or null. */
export async function askLostReason(deal) {
  const reasons = await lostReasons();
  const name = 'lost_reason_choice';
  const otherId = uid('lost-other');
  const other = h('input', {
    type: 'text', id: otherId, name: 'lost_reason', maxlength: MAX_REASON, dir: 'auto', class: 'lost-other-input',
    'aria-describedby': `${otherId}-error`,
  });
  const radio = (value, label, extra) => h('label', { class: 'check lost-choice' },
    h('input', { type: 'radio', name, value }), h('span', { dir: 'auto' }, label), extra);
  const form = h('form', { class: 'form lost-form', novalidate: true },
    h('fieldset', { class: 'choices' },
      h('legend', { class: 'field-label' }, t('lost.question')),
      reasons.map((reason) => radio(reason, reason)),
      h('div', { class: 'lost-other' },
        radio(OTHER, t('lost.other')),
        h('div', { class: 'field' },
          h('label', { for: otherId, class: 'visually-hidden' }, t('lost.otherLabel')),
          other,
          h('p', { class: 'field-error', id: `${otherId}-error`, hidden: true })))),
    notice(),
    h('div', { class: 'form-actions' },
      submitButton(t('lost.submit'), 'button-danger'),
      h('button', { type: 'button', class: 'button', 'data-action': 'dismiss' }, t('dialog.cancel'))));
  const dialog = openDialog({ title: t('lost.title', { title: deal.title || t('record.unnamed') }), content: form, className: 'dialog-small lost-dialog' });
  const otherRadio = qs(`input[value="${OTHER}"]`, form);
  // Typing a reason of one's own chooses it; choosing it puts the cursor there.
  other.addEventListener('input', () => { otherRadio.checked = true; });
  otherRadio.addEventListener('change', () => other.focus());
  (qs(`input[name=${name}]`, form) || other).focus();
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearErrors(form);
    const chosen = qsa(`input[name=${name}]`, form).find((input) => input.checked);
    const text = other.value.trim();
    if (!chosen && !text) {
      showError(form, { status: 400, message: t('lost.needReason'), details: {} });
      (qs(`input[name=${name}]`, form) || other).focus();
      return;
    }
    if ((!chosen || chosen.value === OTHER) && !text) {
      showError(form, { status: 400, details: { lost_reason: t('lost.needText') } });
      return;
    }
    dialog.close(!chosen || chosen.value === OTHER ? text : chosen.value);
  });
  return dialog.closed;
}

/**
 * Asks into which open stage of `pipeline` the won or lost `deal` reopens,
 * `suggested` chosen first; resolves the stage id, or null.
 */
export function askReopenStage(deal, pipeline, suggested) {
  const stages = openStages(pipeline);
  const start = stages.some((s) => s.id === suggested) ? suggested : (stages[0] && stages[0].id);
  const form = h('form', { class: 'form reopen-form', novalidate: true },
    h('p', { class: 'muted' }, t('reopen.text')),
    selectField(t('fields.stage'), { name: 'stage_id' }, stages.map((s) => ({ value: s.id, label: s.name })), start),
    notice(),
    h('div', { class: 'form-actions' },
      submitButton(t('reopen.submit')),
      h('button', { type: 'button', class: 'button', 'data-action': 'dismiss' }, t('dialog.cancel'))));
  const dialog = openDialog({ title: t('reopen.title', { title: deal.title || t('record.unnamed') }), content: form, className: 'dialog-small reopen-dialog' });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    dialog.close(form.elements.namedItem('stage_id').value || null);
  });
  return dialog.closed;
}
