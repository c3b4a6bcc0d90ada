/**
 * The view of a record's page: header with the name (edited in place),
 * the field list with an edit button per field, the side cards (open
 * activities, linked persons and deals) and the slots the composer and the
 * timeline fill. It draws and reports clicks; record-detail.js owns the data.
 */
import { h, replace, delegate, keepFocus } from '../dom.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import {
  showError, setBusy, submitButton, notice, clearErrors, reloadableErrorAlert, successAlert,
} from '../forms.js';
import { formatMoney } from '../format.js';
import { ENTITIES, fieldLabel, fieldDisplay, recordLink, recordTitle } from '../entities.js';
import { isOverdue } from './activity-form.js';
import { loadingStatus } from './frame.js';
import { dueText } from './timeline.js';
import { stageBar, outcomeButtons } from './deal-stages.js';

export class RecordDetailView {
  constructor(plural) {
    this.plural = plural;
    this.titleEl = h('h1', { class: 'page-title detail-title', tabindex: '-1', id: 'detail-title', dir: 'auto' }, t('app.loading'));
    this.titleButton = h('button', {
      type: 'button', class: 'icon-button', 'data-action': 'edit-title', 'data-field': ENTITIES[plural].titleKey,
      'aria-label': t('record.editTitle'), hidden: true,
    }, icon('edit'));
    this.titleWrap = h('div', { class: 'detail-title-wrap' }, this.titleEl, this.titleButton);
    this.actions = h('div', { class: 'head-actions' });
    this.sub = h('p', { class: 'detail-sub' });
    this.notice = h('div', { class: 'form-notice page-notice', 'aria-live': 'polite' });
    this.body = h('div', { class: 'detail-grid' });
    this.stages = plural === 'deals' ? h('div', { class: 'stage-bar-slot' }) : null;
    this.el = h('section', { class: ['screen', 'record-detail', `detail-${plural}`], 'aria-labelledby': 'detail-title', 'data-entity': plural },
      h('a', { class: 'back-link', href: `#/${plural}` }, icon('back'), t(`${plural}.back`)),
      h('div', { class: 'page-head page-head-actions detail-head' },
        h('div', { class: 'detail-heading' },
          h('span', { class: 'detail-icon', 'aria-hidden': 'true' }, icon(ENTITIES[plural].icon)),
          h('div', { class: 'detail-heading-text' }, this.titleWrap, this.sub)),
        this.actions),
      this.stages,
      this.notice,
      this.body);
  }

  render(command, data) {
    const commands = {
      notFound: () => {
        this.titleEl.textContent = t('record.goneTitle');
        replace(this.body, h('div', { class: 'empty-state' }, h('p', { class: 'empty-text' }, t('record.gone')),
          h('a', { class: 'button', href: `#/${this.plural}` }, t(`${this.plural}.back`))));
      },
      error: () => replace(this.notice, reloadableErrorAlert(data)),
      success: () => replace(this.notice, successAlert(data)),
      notice: () => replace(this.notice, data),
      clearNotice: () => replace(this.notice),
      layout: () => this._renderLayout(data),
      header: () => this._renderHeader(data),
      stages: () => replace(this.stages, stageBar(data.record, data.pipelines)),
      busy: () => {
        for (const button of this.el.querySelectorAll('[data-action^="deal-"]')) button.toggleAttribute('aria-disabled', Boolean(data));
        this.el.classList.toggle('is-busy', Boolean(data));
      },
      facts: () => this._renderFacts(data),
      side: () => this._renderSide(data),
      openActivities: () => keepFocus(this.openActivitiesCard, () => this._renderOpenActivities(data)),
    };
    commands[command]();
  }

  bind(event, handler) {
    const clicks = {
      editField: 'edit-field', delete: 'delete-record', reload: 'reload', createPerson: 'create-person',
      createDeal: 'create-deal', editTitle: 'edit-title', openActivity: 'open-activity',
      dealStage: 'deal-stage', dealWon: 'deal-won', dealLost: 'deal-lost', dealReopen: 'deal-reopen', convertLead: 'convert-lead',
      promptPortal: 'prompt-portal',
    };
    if (clicks[event]) {
      delegate(this.el, `[data-action="${clicks[event]}"]`, 'click', (e, el) => {
        if (el.getAttribute('aria-disabled') === 'true') return; // a move is on its way
        handler(el.dataset.field || el.dataset.stageId || el.dataset.id, el);
      });
    } else if (event === 'toggleOpenDone') {
      delegate(this.el, '.open-activities [data-action="toggle-done"]', 'change', (e, box) => handler(box.closest('[data-id]').dataset.id, box.checked));
    }
  }

  _renderLayout({ composer, timeline, portal }) {
    this.factsCard = h('section', { class: 'card facts-card', 'aria-labelledby': 'facts-title' });
    this.sideExtra = h('div', { class: 'side-extra' });
    this.openActivitiesCard = h('section', {
      class: 'card open-activities', 'aria-labelledby': 'open-activities-title', hidden: !ENTITIES[this.plural].activities,
    },
      h('h2', { class: 'card-title', id: 'open-activities-title' }, t('record.openActivities')), loadingStatus());
    // The composer comes first in the page's order: on a phone, where the columns stack, it sits
    // right under the header instead of below the field list; on a desktop it heads the right column.
    replace(this.body,
      h('div', { class: 'detail-compose' }, composer.el),
      h('div', { class: 'detail-side' }, this.factsCard, portal || null, this.openActivitiesCard, this.sideExtra),
      h('div', { class: 'detail-main' }, timeline.el));
  }

  _renderHeader({ record, ctx }) {
    const plural = this.plural;
    this.titleButton.hidden = false;
    // Put back only when an inline edit took their place: moving the heading would drop its focus.
    if (!this.titleEl.isConnected || !this.titleButton.isConnected) replace(this.titleWrap, this.titleEl, this.titleButton);
    this.titleEl.textContent = recordTitle(plural, record);
    const sub = [];
    if (plural === 'persons' && record.org_id) sub.push(recordLink('organizations', record.org_id, ctx.included.organizations?.[record.org_id]?.name));
    if (plural === 'deals') {
      sub.push(h('span', { class: 'detail-value' }, formatMoney(record.value, record.currency)));
      sub.push(h('span', { class: `status status-deal-${record.status}` }, t(`deal.status.${record.status}`)));
    }
    if (plural === 'organizations' && record.domain) sub.push(h('span', { dir: 'auto' }, record.domain));
    if (plural === 'leads') {
      if (record.value) sub.push(h('span', { class: 'detail-value' }, formatMoney(record.value, record.currency)));
      if (record.source) sub.push(h('span', { dir: 'auto' }, record.source));
      if (record.converted_deal_id) sub.push(h('span', { class: 'status status-deal-won' }, t('leads.converted')));
    }
    replace(this.sub, sub.filter(Boolean).map((node, i) => [i ? h('span', { class: 'sep', 'aria-hidden': 'true' }, '·') : null, node]));
    replace(this.actions,
      plural === 'deals' ? outcomeButtons(record) : null,
      plural === 'leads' && !record.converted_deal_id
        ? h('button', { type: 'button', class: 'button button-primary', 'data-action': 'convert-lead' }, icon('convert'), t('leads.convert')) : null,
      plural === 'leads' && record.converted_deal_id
        ? h('a', { class: 'button', href: `#/deals/${encodeURIComponent(record.converted_deal_id)}` }, icon('deals'), t('leads.openDeal')) : null,
      plural === 'organizations' ? h('button', { type: 'button', class: 'button', 'data-action': 'create-person' }, icon('plus'), t('persons.new')) : null,
      plural === 'persons' || plural === 'organizations' ? h('button', { type: 'button', class: 'button', 'data-action': 'create-deal' }, icon('plus'), t('deals.new')) : null,
      h('button', { type: 'button', class: 'button button-danger-outline', 'data-action': 'delete-record' }, icon('trash'), t('record.delete')));
  }

  _renderFacts({ record, fields, ctx }) {
    replace(this.factsCard,
      h('h2', { class: 'card-title', id: 'facts-title' }, t('record.details')),
      h('dl', { class: 'fields' }, fields.filter((f) => !f.title && (!f.when || f.when(record))).map((field) => this.factRow(field, record, ctx))));
  }

  /** One field: its label, its value, and a button to edit it in place (unless it changes otherwise: a deal's status). */
  factRow(field, record, ctx) {
    const shown = fieldDisplay(field, record, ctx);
    const label = fieldLabel(field);
    const editable = !field.readOnly && (!field.editable || field.editable(record));
    return h('div', { class: 'field-row', 'data-field': field.key },
      h('dt', { class: 'field-row-label', dir: 'auto' }, label),
      h('dd', { class: 'field-row-value' },
        h('div', { class: 'field-row-text' }, shown === null || shown === undefined || shown === '' ? h('span', { class: 'cell-empty' }, '—') : shown),
        editable ? h('button', {
          type: 'button', class: 'icon-button', 'data-action': 'edit-field', 'data-field': field.key,
          'aria-label': t('record.editField', { field: label }),
        }, icon('edit')) : null));
  }

  /**
   * After a move redrew the head and the stage bar: the focus goes back to the
   * step it was on, or to the outcome button that took the place of the one pressed.
   */
  refocusDeal(stageId, action) {
    const step = stageId && this.stages.querySelector(`[data-stage-id="${CSS.escape(stageId)}"]`);
    const button = action && (this.actions.querySelector(`[data-action="${CSS.escape(action)}"]`)
      || this.actions.querySelector('[data-action^="deal-"]'));
    const target = (step && !step.disabled && step) || button;
    if (target) target.focus();
  }

  /** Swaps `container` for an inline form around `editor`; resolves when saved or cancelled. */
  inlineForm(container, editor, { onSave, onCancel, className }) {
    const form = h('form', { class: ['inline-edit', className], novalidate: true },
      editor.el,
      notice(),
      h('div', { class: 'inline-actions' },
        submitButton(t('record.save'), 'button-small'),
        h('button', { type: 'button', class: 'button button-small', 'data-action': 'cancel-edit' }, t('dialog.cancel'))));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      clearErrors(form);
      setBusy(form, true);
      try {
        await onSave(editor.read());
      } catch (error) {
        setBusy(form, false);
        showError(form, error);
      }
    });
    form.addEventListener('click', (e) => {
      if (e.target.closest('[data-action="cancel-edit"]')) onCancel();
    });
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        onCancel();
      }
    });
    replace(container, form);
    editor.focus();
    return form;
  }

  _renderSide({ record, extra }) {
    const plural = this.plural;
    const cards = [];
    if (plural === 'organizations') {
      cards.push(h('section', { class: 'card linked-card', 'aria-labelledby': 'org-persons-title' },
        h('div', { class: 'card-head' },
          h('h2', { class: 'card-title', id: 'org-persons-title' }, t('nav.persons'), ' ', h('span', { class: 'count' }, String((record.persons || []).length))),
          h('button', { type: 'button', class: 'button button-small', 'data-action': 'create-person' }, icon('plus'), t('record.add'))),
        (record.persons || []).length
          ? h('ul', { class: 'linked-list' }, record.persons.map((p) => h('li', {},
            recordLink('persons', p.id, p.name),
            p.emails && p.emails[0] ? h('span', { class: 'linked-sub', dir: 'auto' }, p.emails[0].value) : null)))
          : h('p', { class: 'muted' }, t('record.nonePersons'))));
    }
    const deals = plural === 'organizations' ? record.deals : extra && extra.deals;
    if (deals) {
      cards.push(h('section', { class: 'card linked-card', 'aria-labelledby': 'linked-deals-title' },
        h('div', { class: 'card-head' },
          h('h2', { class: 'card-title', id: 'linked-deals-title' }, t('nav.deals'), ' ', h('span', { class: 'count' }, String(deals.length))),
          h('button', { type: 'button', class: 'button button-small', 'data-action': 'create-deal' }, icon('plus'), t('record.add'))),
        deals.length
          ? h('ul', { class: 'linked-list' }, deals.map((d) => h('li', {},
            recordLink('deals', d.id, d.title),
            h('span', { class: 'linked-sub' }, formatMoney(d.value, d.currency), ' ',
              d.status ? h('span', { class: `status status-deal-${d.status}` }, t(`deal.status.${d.status}`)) : null))))
          : h('p', { class: 'muted' }, t('record.noneDeals'))));
    }
    replace(this.sideExtra, cards);
  }

  _renderOpenActivities({ activities }) {
    replace(this.openActivitiesCard,
      h('h2', { class: 'card-title', id: 'open-activities-title' }, t('record.openActivities')),
      activities.length
        ? h('ul', { class: 'linked-list open-list' }, activities.map((a) => h('li', {
          'data-id': a.id, class: ['open-activity', isOverdue(a) ? 'is-overdue' : null],
        },
        h('input', { type: 'checkbox', 'data-action': 'toggle-done', 'aria-label': t('activity.markDone', { subject: a.subject }) }),
        h('div', { class: 'open-activity-text' },
          h('button', { type: 'button', class: 'link-button', 'data-action': 'open-activity', 'data-id': a.id, dir: 'auto' }, a.subject),
          h('span', { class: 'linked-sub' }, dueText(a), isOverdue(a) ? h('span', { class: 'status status-overdue' }, t('activity.overdue')) : null)))))
        : h('p', { class: 'muted' }, t('record.noneActivities')));
  }
}
