/**
 * Converting a lead into a deal: a dialog that chooses the pipeline and the
 * stage (the first open stage of the default pipeline to start with), then
 * POST /api/leads/<id>/convert. The deal carries the lead's person,
 * organization, value and notes; the page goes to it.
 */
import { h, qs, replace } from '../dom.js';
import { api } from '../api.js';
import { t } from '../i18n.js';
import { openDialog } from '../dialog.js';
import { lookup } from '../lookups.js';
import {
  notice, submitButton, selectField, showError, setBusy, clearErrors,
} from '../forms.js';
import { openStages } from '../pipelines.js';

/** Opens the conversion of `lead` ({id, title}); resolves the deal, or null when cancelled. */
export async function openConvertDialog(app, lead) {
  let pipelines = [];
  try {
    pipelines = await lookup('pipelines');
  } catch (error) {
    if (error.status === 401) return null;
  }
  const stageOptions = (pipeline) => openStages(pipeline).map((s) => ({ value: s.id, label: s.name }));
  const first = pipelines[0];
  const pipelineField = selectField(t('leads.pipeline'), { name: 'pipeline_id' },
    pipelines.map((p) => ({ value: p.id, label: p.name })), first && first.id);
  pipelineField.hidden = pipelines.length < 2; // one pipeline: nothing to choose
  const stageField = selectField(t('fields.stage'), { name: 'stage_id' }, first ? stageOptions(first) : [], '');
  const form = h('form', { class: 'form convert-form', novalidate: true },
    h('p', { class: 'muted', dir: 'auto' }, t('leads.convertText')),
    pipelineField,
    stageField,
    notice(),
    h('div', { class: 'form-actions' },
      submitButton(t('leads.convertSubmit')),
      h('button', { type: 'button', class: 'button', 'data-action': 'dismiss' }, t('dialog.cancel'))));
  const dialog = openDialog({ title: t('leads.convertTitle', { title: lead.title || t('record.unnamed') }), content: form, className: 'dialog-small convert-dialog' });
  const pipelineSelect = qs('select', pipelineField);
  const stageSelect = qs('select', stageField);
  pipelineSelect.addEventListener('change', () => {
    const pipeline = pipelines.find((p) => p.id === pipelineSelect.value);
    replace(stageSelect, stageOptions(pipeline).map((o) => h('option', { value: o.value }, o.label)));
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearErrors(form);
    setBusy(form, true);
    try {
      const body = {};
      if (pipelineSelect.value) body.pipeline_id = pipelineSelect.value;
      if (stageSelect.value) body.stage_id = stageSelect.value;
      const deal = await api.post(`/leads/${encodeURIComponent(lead.id)}/convert`, body);
      setBusy(form, false);
      dialog.close(deal);
      app.setFlash('deal', { converted: lead.title });
      app.navigate(`/deals/${encodeURIComponent(deal.id)}`);
    } catch (error) {
      setBusy(form, false);
      showError(form, error);
    }
  });
  return dialog.closed;
}
