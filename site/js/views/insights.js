/**
 * Insights (`#/insights?pipeline=&period=&from=&to=&owner=`): what the stage
 * history says of a pipeline over a period and for an owner — won, lost and
 * the win rate; charts of the conversion funnel, the time spent in each
 * stage, the losses by stage and by reason, and the value won each month;
 * then every figure again in tables, for screen readers and for copying.
 */
import { h, qs, replace, formValues } from '../dom.js';
import { api } from '../api.js';
import { t, tn } from '../i18n.js';
import { icon } from '../icons.js';
import { inputField, selectField, errorAlert } from '../forms.js';
import { formatMoney, today, addDays, isDay, numberFormat, dateFormat } from '../format.js';
import { lookups } from '../lookups.js';
import { readPref, writePref } from '../prefs.js';
import { loadChartJs, palette } from '../charts.js';
import { screenFrame } from './frame.js';
import { renderOwnerChoice, renderPipelineChoice } from './pipeline-filters.js';

const PERIODS = ['all', 'month', 'days30', 'quarter', 'year', 'custom'];

/** The first and last day of a period, in the user's zone; {} for all time. */
export function periodDays(state) {
  const day = today();
  const [y, m] = day.split('-').map(Number);
  const pad = (n) => String(n).padStart(2, '0');
  if (state.period === 'month') return { from: `${y}-${pad(m)}-01`, to: day };
  if (state.period === 'days30') return { from: addDays(day, -29), to: day };
  if (state.period === 'quarter') return { from: `${y}-${pad(Math.floor((m - 1) / 3) * 3 + 1)}-01`, to: day };
  if (state.period === 'year') return { from: `${y}-01-01`, to: day };
  if (state.period === 'custom') return { from: isDay(state.from) ? state.from : null, to: isDay(state.to) ? state.to : null };
  return {};
}

const percent = (value) => (value === null || value === undefined ? '—' : numberFormat({ style: 'percent', maximumFractionDigits: 0 }).format(value));
const days = (value) => {
  if (value === null || value === undefined) return '—';
  const rounded = Math.round(value * 10) / 10;
  return tn('insights.days', rounded, { days: numberFormat({ maximumFractionDigits: 1 }).format(rounded) });
};
const monthName = (month) => {
  const [y, m] = month.split('-').map(Number);
  return dateFormat({ month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
};

export class InsightsView {
  constructor() {
    Object.assign(this, screenFrame({ className: 'insights', titleId: 'insights-title', title: t('nav.insights') }));
    this.charts = [];
  }

  destroy() {
    this._dropCharts();
  }

  render(command, data) {
    const commands = {
      frame: () => this._renderFrame(data),
      owners: () => renderOwnerChoice(this.ownerSelect, data),
      pipelines: () => renderPipelineChoice(this.switcher, data),
      loading: () => this.results.setAttribute('aria-busy', 'true'),
      stats: () => this._renderStats(data),
      charts: () => this._renderCharts(data),
      chartsFailed: () => replace(this.chartNotice, h('p', { class: 'alert alert-warning', role: 'status' }, t('insights.noCharts'))),
      error: () => {
        this.results.removeAttribute('aria-busy');
        replace(this.notice, errorAlert(data));
      },
      customPeriod: () => { this.customDates.hidden = !data; },
    };
    commands[command]();
  }

  bind(event, handler) {
    if (event === 'filter') {
      this.filterForm.addEventListener('change', () => handler(formValues(this.filterForm)));
      this.filterForm.addEventListener('submit', (e) => e.preventDefault());
    } else if (event === 'pipeline') {
      this.actions.addEventListener('change', (e) => {
        if (e.target.matches('[data-action="pipeline"]')) handler(e.target.value);
      });
    }
  }

  _renderFrame({ state, me }) {
    this.customDates = h('div', { class: 'filter-group', hidden: state.period !== 'custom' },
      inputField(t('activities.from'), { name: 'from', type: 'date', value: state.from || '' }),
      inputField(t('activities.to'), { name: 'to', type: 'date', value: state.to || '' }));
    this.ownerSelect = selectField(t('fields.owner'), { name: 'owner' }, [
      { value: '', label: t('list.anyOwner') }, { value: me, label: t('list.me') },
    ], state.owner || '');
    this.filterForm = h('form', { class: 'filters', role: 'search', 'aria-label': t('list.filters') },
      selectField(t('activities.period'), { name: 'period' }, PERIODS.map((p) => ({ value: p, label: t(`insights.period.${p}`) })), state.period),
      this.customDates,
      this.ownerSelect);
    this.switcher = h('span', { class: 'board-switcher' });
    replace(this.actions, this.switcher);
    this.notice = h('div', { class: 'page-notice', 'aria-live': 'polite' });
    this.chartNotice = h('div', { class: 'page-notice' });
    this.results = h('div', { class: 'insights-results', 'aria-busy': 'true' }, h('p', { class: 'loading', role: 'status' }, t('app.loading')));
    replace(this.body, this.filterForm, this.notice, this.results);
  }

  _kpi(label, value, sub, kind) {
    return h('li', { class: ['kpi', kind ? `kpi-${kind}` : null] },
      h('p', { class: 'kpi-label' }, label),
      h('p', { class: 'kpi-value' }, value),
      sub ? h('p', { class: 'kpi-sub' }, sub) : null);
  }

  _figure(key, canvasLabel) {
    const canvas = h('canvas', { role: 'img', 'aria-label': canvasLabel, 'data-chart': key }, t('insights.seeTable'));
    return h('figure', { class: 'card chart-card', 'data-chart-card': key },
      h('figcaption', {},
        h('h2', { class: 'card-title' }, t(`insights.chart.${key}`)),
        h('p', { class: 'chart-hint' }, t(`insights.chartHint.${key}`))),
      h('div', { class: 'chart-box' }, canvas));
  }

  _renderStats({ stats, pipeline, currency }) {
    this._dropCharts();
    this.results.removeAttribute('aria-busy');
    replace(this.notice);
    const stages = stats.stages || [];
    const won = stats.won || { count: 0, value: 0 };
    const lost = stats.lost || { count: 0, value: 0, by_reason: [] };
    const months = stats.won_by_month || [];
    const reasons = lost.by_reason || [];
    const money = (value) => formatMoney(value || 0, currency);
    const summary = (items) => items.join(t('insights.separator'));
    replace(this.results,
      h('p', { class: 'insights-scope', dir: 'auto' }, t('insights.scope', { pipeline: pipeline.name })),
      h('ul', { class: 'kpis', 'aria-label': t('insights.kpis') },
        this._kpi(t('insights.won'), tn('insights.deals', won.count || 0), money(won.value), 'won'),
        this._kpi(t('insights.lost'), tn('insights.deals', lost.count || 0), money(lost.value), 'lost'),
        this._kpi(t('insights.winRate'), percent(stats.win_rate), t('insights.winRateHint'))),
      this.chartNotice,
      h('div', { class: 'chart-grid' },
        this._figure('funnel', summary(stages.map((s) => t('insights.funnelItem', { stage: s.name, n: s.entered, conversion: percent(s.conversion) })))),
        this._figure('time', summary(stages.map((s) => t('insights.timeItem', { stage: s.name, avg: days(s.avg_days), median: days(s.median_days) })))),
        this._figure('lostStage', summary(stages.map((s) => t('insights.pair', { name: s.name, value: s.lost })))),
        this._figure('lostReason', reasons.length ? summary(reasons.map((r) => t('insights.pair', { name: r.reason, value: r.count }))) : t('insights.noLoss')),
        h('div', { class: 'chart-wide' }, this._figure('months', months.length
          ? summary(months.map((m) => t('insights.pair', { name: monthName(m.month), value: money(m.value) }))) : t('insights.noWin')))),
      h('section', { class: 'insights-tables', 'aria-labelledby': 'figures-title' },
        h('h2', { class: 'section-title', id: 'figures-title' }, icon('list'), t('insights.figures')),
        this._table('stages', ['insights.col.stage', 'insights.col.entered', 'insights.col.movedOn', 'insights.col.lost', 'insights.col.conversion',
          'insights.col.avg', 'insights.col.median'], stages.map((s) => [s.name, s.entered, s.moved_on, s.lost, percent(s.conversion), days(s.avg_days), days(s.median_days)])),
        h('div', { class: 'tables-pair' },
          this._table('reasons', ['insights.col.reason', 'insights.col.count'], reasons.map((r) => [r.reason, r.count]), t('insights.noLoss')),
          this._table('months', ['insights.col.month', 'insights.col.wonCount', 'insights.col.wonValue'], months.map((m) => [monthName(m.month), m.count, money(m.value)]), t('insights.noWin')))));
  }

  _table(key, headers, rows, empty) {
    const id = `insights-table-${key}`;
    return h('div', { class: 'card card-flush insights-table' },
      h('div', { class: 'table-wrap' }, h('table', { class: 'table records-table figures-table', 'aria-labelledby': id },
        h('caption', { id, class: 'table-caption' }, t(`insights.table.${key}`)),
        h('thead', {}, h('tr', {}, headers.map((header, i) => h('th', { scope: 'col', class: i ? 'cell-numeric' : null }, t(header))))),
        h('tbody', {}, rows.length ? rows.map((cells) => h('tr', {}, cells.map((cell, i) => (i
          ? h('td', { class: 'cell-numeric', 'data-label': t(headers[i]) }, String(cell))
          : h('th', { scope: 'row', dir: 'auto' }, String(cell))))))
          : h('tr', {}, h('td', { colspan: headers.length, class: 'table-empty' }, empty || t('insights.noData')))))));
  }

  _dropCharts() {
    for (const chart of this.charts) chart.destroy();
    this.charts = [];
  }

  /** Draws the charts once Chart.js is there; `Chart` is its constructor. */
  _renderCharts({ Chart, stats, currency }) {
    this._dropCharts();
    const colors = palette();
    const stages = stats.stages || [];
    const names = stages.map((s) => s.name);
    const reasons = (stats.lost && stats.lost.by_reason) || [];
    const months = stats.won_by_month || [];
    const count = (value) => numberFormat({ maximumFractionDigits: 0 }).format(value);
    const money = (value) => formatMoney(value || 0, currency);
    const canvas = (key) => qs(`canvas[data-chart="${key}"]`, this.results);
    const integerAxis = { beginAtZero: true, ticks: { precision: 0 } };
    // The results say "drawn" once every chart has finished its first animation (at once without motion).
    const still = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    let pending = 0;
    const finished = () => {
      pending -= 1;
      if (pending === 0) this.results.dataset.charts = 'drawn';
    };
    const draw = (key, config) => {
      const el = canvas(key);
      if (!el) return;
      if (!still) pending += 1;
      let once = false;
      const onComplete = () => {
        if (!once) {
          once = true;
          finished();
        }
      };
      this.charts.push(new Chart(el, { ...config, options: { ...config.options, animation: still ? false : { onComplete } } }));
    };
    draw('funnel', {
      type: 'bar',
      data: {
        labels: names,
        datasets: [
          { label: t('insights.col.entered'), data: stages.map((s) => s.entered), backgroundColor: colors.primary, borderRadius: 4 },
          { label: t('insights.col.movedOn'), data: stages.map((s) => s.moved_on), backgroundColor: colors.primarySoft, borderRadius: 4 },
        ],
      },
      options: {
        indexAxis: 'y',
        scales: { x: integerAxis },
        plugins: {
          tooltip: { callbacks: { afterBody: (items) => t('insights.conversionIs', { value: percent(stages[items[0].dataIndex].conversion) }) } },
        },
      },
    });
    draw('time', {
      type: 'bar',
      data: {
        labels: names,
        datasets: [
          { label: t('insights.col.avg'), data: stages.map((s) => s.avg_days), backgroundColor: colors.series[1], borderRadius: 4 },
          { label: t('insights.col.median'), data: stages.map((s) => s.median_days), backgroundColor: colors.series[4], borderRadius: 4 },
        ],
      },
      options: { scales: { y: { beginAtZero: true, title: { display: true, text: t('insights.daysAxis') } } } },
    });
    draw('lostStage', {
      type: 'bar',
      data: { labels: names, datasets: [{ label: t('insights.col.lost'), data: stages.map((s) => s.lost), backgroundColor: colors.danger, borderRadius: 4 }] },
      options: { scales: { y: integerAxis }, plugins: { legend: { display: false } } },
    });
    draw('lostReason', {
      type: 'doughnut',
      data: {
        labels: reasons.length ? reasons.map((r) => r.reason) : [t('insights.noLoss')],
        datasets: [{
          data: reasons.length ? reasons.map((r) => r.count) : [1],
          backgroundColor: reasons.length ? reasons.map((r, i) => colors.series[i % colors.series.length]) : [colors.grid],
        }],
      },
      options: {
        cutout: '55%',
        plugins: { legend: { position: 'bottom' }, tooltip: { enabled: reasons.length > 0 } },
      },
    });
    draw('months', {
      type: 'bar',
      data: {
        labels: months.map((m) => monthName(m.month)),
        datasets: [
          { label: t('insights.col.wonValue'), data: months.map((m) => m.value), backgroundColor: colors.success, borderRadius: 4, yAxisID: 'y', order: 2 },
          {
            type: 'line', label: t('insights.col.wonCount'), data: months.map((m) => m.count), borderColor: colors.warning,
            backgroundColor: colors.warning, yAxisID: 'count', tension: 0.3, order: 1,
          },
        ],
      },
      options: {
        scales: {
          y: { beginAtZero: true, ticks: { callback: (value) => money(value) } },
          count: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, ticks: { precision: 0, callback: (value) => count(value) } },
        },
        plugins: {
          tooltip: { callbacks: { label: (item) => t('insights.pair', { name: item.dataset.label, value: item.dataset.yAxisID === 'y' ? money(item.raw) : count(item.raw) }) } },
        },
      },
    });
    if (still) this.results.dataset.charts = 'drawn';
  }
}

function stateFrom(params) {
  const state = { period: PERIODS.includes(params.get('period')) ? params.get('period') : 'all' };
  for (const key of ['from', 'to', 'owner']) if (params.get(key)) state[key] = params.get(key);
  return state;
}

/** Mounts Insights; `params` is the hash's query. */
export function mountInsights(app, params) {
  const me = app.user.id;
  const view = new InsightsView();
  const state = stateFrom(params);
  const currency = (app.workspace && app.workspace.default_currency) || 'EUR';
  let pipelineId = params.get('pipeline') || readPref(me, 'pipeline', null);
  let seq = 0;
  let pipelines = [];

  function writeAddress() {
    const query = new URLSearchParams();
    if (pipelineId) query.set('pipeline', pipelineId);
    query.set('period', state.period);
    if (state.period === 'custom') for (const key of ['from', 'to']) if (state[key]) query.set(key, state[key]);
    if (state.owner) query.set('owner', state.owner);
    const hash = `#/insights?${query}`;
    if (location.hash !== hash) history.replaceState(null, '', hash);
  }

  async function load() {
    const mine = ++seq;
    view.render('loading');
    const pipeline = pipelines.find((p) => p.id === pipelineId) || pipelines[0];
    if (!pipeline) return;
    pipelineId = pipeline.id;
    writeAddress();
    const query = new URLSearchParams();
    const range = periodDays(state);
    if (range.from) query.set('from', range.from);
    if (range.to) query.set('to', range.to);
    if (state.owner) query.set('owner', state.owner);
    try {
      const stats = await api.get(`/pipelines/${encodeURIComponent(pipeline.id)}/stats?${query}`);
      if (mine !== seq) return;
      view.render('stats', { stats, pipeline, currency });
      try {
        const Chart = await loadChartJs();
        if (mine === seq) view.render('charts', { Chart, stats, currency });
      } catch {
        if (mine === seq) view.render('chartsFailed');
      }
    } catch (error) {
      if (mine === seq && error.status !== 401) view.render('error', error);
    }
  }

  view.render('frame', { state, me });
  view.bind('filter', (values) => {
    state.period = values.period;
    state.owner = values.owner || undefined;
    state.from = values.from || undefined;
    state.to = values.to || undefined;
    view.render('customPeriod', state.period === 'custom');
    if (state.period === 'custom' && !state.from && !state.to) return; // the dates come next
    load();
  });
  view.bind('pipeline', (id) => {
    pipelineId = id;
    writePref(me, 'pipeline', id);
    load();
  });
  (async () => {
    try {
      const ref = await lookups('pipelines', 'users');
      pipelines = ref.pipelines;
      view.render('pipelines', { pipelines, current: pipelineId || (pipelines[0] && pipelines[0].id) });
      view.render('owners', { users: ref.users, me, owner: state.owner });
      load();
    } catch (error) {
      if (error.status !== 401) view.render('error', error);
    }
  })();
  return view;
}
