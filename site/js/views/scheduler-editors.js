/**
 * The editors of a booking link's lists: weekly hours (several windows a
 * day), date overrides (a day off, or other hours that day), the specific
 * times offered, and the questions asked. Each returns {el, read(),
 * problems()}: `el` is a fieldset named after the API field, so an error the
 * API gives for that field shows under it; `problems()` lists what the
 * browser can already see is wrong, as [{input, message}].
 */
import { h, qs, qsa, replace } from '../dom.js';
import { t } from '../i18n.js';
import { icon } from '../icons.js';
import { uid } from '../forms.js';
import { isDay, zonedToUtc, toApiInstant } from '../format.js';
import { newKey } from './settings-custom-fields.js';
import { weekdayNames, whenIn } from '../booking-links.js';

const MAX_QUESTIONS = 20;
const MAX_OPTIONS = 30;

/** A fieldset for the API field `name`, with its legend, hint and error slot around `children`. */
function editorFieldset(name, legend, hint, ...children) {
  const id = uid(`f-${name}`);
  return h('fieldset', { class: ['editor', `editor-${name}`], name, id, 'aria-describedby': `${id}-error` },
    h('legend', { class: 'field-label editor-legend' }, legend),
    hint ? h('p', { class: 'field-hint' }, hint) : null,
    children,
    h('p', { class: 'field-error', id: `${id}-error`, hidden: true }));
}

function minutes(value) {
  const [hh, mm] = String(value).split(':').map(Number);
  return hh * 60 + mm;
}

const STEP_MIN = 15; // the times offered in the lists; a saved time off this grid stays among them

const hhmm = (total) => `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;

/** A list of times of day (every quarter of an hour, 24:00 too for an end), `value` always among them. */
function timeSelect(value, className, label, { end = false } = {}) {
  const times = [];
  for (let m = end ? STEP_MIN : 0; m <= (end ? 24 * 60 : 24 * 60 - STEP_MIN); m += STEP_MIN) times.push(hhmm(m));
  if (value && !times.includes(value)) times.push(value);
  times.sort();
  return h('select', { class: ['select-compact', className], 'aria-label': label },
    times.map((time) => h('option', { value: time, selected: time === value }, time)));
}

/** One window of hours: start and end times and a remove button, labelled with `where` (a day or a date). */
function windowRow(window, where) {
  return h('div', { class: 'window-row' },
    timeSelect(window.start, 'window-start', t('hours.startOf', { where })),
    h('span', { class: 'window-dash', 'aria-hidden': 'true' }, '–'),
    timeSelect(window.end, 'window-end', t('hours.endOf', { where }), { end: true }),
    h('button', { type: 'button', class: 'icon-button', 'data-action': 'remove-window', 'aria-label': t('hours.removeOf', { where }) }, icon('close')));
}

function readWindows(container) {
  return qsa('.window-row', container).map((row) => ({ start: qs('.window-start', row).value, end: qs('.window-end', row).value }));
}

function windowProblems(container) {
  return qsa('.window-row', container)
    .filter((row) => minutes(qs('.window-start', row).value) >= minutes(qs('.window-end', row).value))
    .map((row) => ({ input: qs('.window-end', row), message: t('hours.order') }));
}

/** Weekly hours: a line per day of the week, each with its windows (none: not bookable that day). */
export function weeklyHours(windows) {
  const names = weekdayNames('long');
  const rows = names.map((name, weekday) => {
    const list = h('div', { class: 'window-list' });
    const mine = (windows || []).filter((w) => w.weekday === weekday);
    const box = h('input', { type: 'checkbox', class: 'day-on', id: uid('day-on'), checked: mine.length > 0 });
    const add = h('button', { type: 'button', class: 'icon-button', 'data-action': 'add-window', 'aria-label': t('hours.addOn', { day: name }) }, icon('plus'));
    const row = h('div', { class: 'day-row', 'data-weekday': weekday },
      h('div', { class: 'day-name check' }, box, h('label', { for: box.id }, name)),
      list, add);
    const sync = () => {
      if (box.checked && !qs('.window-row', list)) list.append(windowRow({ start: '09:00', end: '17:00' }, name));
      if (!box.checked) replace(list, h('span', { class: 'muted day-closed' }, t('hours.closed')));
      else qsa('.day-closed', list).forEach((el) => el.remove());
      add.hidden = !box.checked;
    };
    mine.forEach((w) => list.append(windowRow(w, name)));
    box.addEventListener('change', () => {
      sync();
      if (box.checked) qs('.window-start', list).focus();
    });
    add.addEventListener('click', () => {
      // The next hours start where the last ones end, for an hour (or until midnight).
      const last = readWindows(list).pop();
      const from = last && last.end !== '24:00' ? minutes(last.end) : 9 * 60;
      list.append(windowRow({ start: hhmm(from), end: hhmm(Math.min(24 * 60, from + 60)) }, name));
      qs('.window-row:last-child .window-start', list).focus();
    });
    list.addEventListener('click', (e) => {
      if (!e.target.closest('[data-action="remove-window"]')) return;
      e.target.closest('.window-row').remove();
      if (!qs('.window-row', list)) {
        box.checked = false;
        sync();
        box.focus();
      } else add.focus();
    });
    sync();
    return row;
  });
  const el = editorFieldset('windows', t('hours.weekly'), t('hours.weeklyHint'), h('div', { class: 'week' }, rows));
  return {
    el,
    read: () => rows.flatMap((row) => (qs('.day-on', row).checked
      ? readWindows(row).map((w) => ({ weekday: Number(row.dataset.weekday), ...w })) : [])),
    problems: () => rows.flatMap((row) => (qs('.day-on', row).checked ? windowProblems(row) : [])),
  };
}

/** Date overrides: a date off, or other hours than the weekly ones that date. */
export function dateOverrides(overrides) {
  const list = h('div', { class: 'override-list' });
  const addRow = (override) => {
    const where = override.date || t('overrides.newDate');
    const dayOff = !(override.windows && override.windows.length);
    const windows = h('div', { class: 'window-list' }, dayOff ? [] : override.windows.map((w) => windowRow(w, where)));
    const off = h('input', { type: 'checkbox', class: 'override-off', id: uid('override-off'), checked: dayOff });
    const addWindow = h('button', { type: 'button', class: 'button button-small button-ghost', 'data-action': 'add-override-window' },
      icon('plus'), t('overrides.addHours'));
    const row = h('div', { class: 'override-row' },
      h('input', { type: 'date', class: 'override-date', value: override.date || '', 'aria-label': t('overrides.date') }),
      h('div', { class: 'override-hours' },
        h('div', { class: 'check' }, off, h('label', { for: off.id }, t('overrides.dayOff'))),
        windows, addWindow),
      h('button', { type: 'button', class: 'icon-button', 'data-action': 'remove-override', 'aria-label': t('overrides.removeOf', { where }) }, icon('trash')));
    const sync = () => {
      windows.hidden = off.checked;
      addWindow.hidden = off.checked;
      if (!off.checked && !qs('.window-row', windows)) windows.append(windowRow({ start: '09:00', end: '12:00' }, where));
    };
    off.addEventListener('change', sync);
    addWindow.addEventListener('click', () => {
      windows.append(windowRow({ start: '14:00', end: '17:00' }, where));
      qs('.window-row:last-child .window-start', windows).focus();
    });
    windows.addEventListener('click', (e) => {
      if (!e.target.closest('[data-action="remove-window"]')) return;
      e.target.closest('.window-row').remove();
      if (!qs('.window-row', windows)) {
        off.checked = true;
        sync();
        off.focus();
      }
    });
    sync();
    list.append(row);
    return row;
  };
  (overrides || []).forEach(addRow);
  const add = h('button', { type: 'button', class: 'button button-small', 'data-action': 'add-override' }, icon('plus'), t('overrides.add'));
  add.addEventListener('click', () => qs('.override-date', addRow({ date: '', windows: [] })).focus());
  list.addEventListener('click', (e) => {
    if (!e.target.closest('[data-action="remove-override"]')) return;
    e.target.closest('.override-row').remove();
    add.focus();
  });
  const el = editorFieldset('overrides', t('overrides.title'), t('overrides.hint'), list, h('div', {}, add));
  const rows = () => qsa('.override-row', list);
  return {
    el,
    read: () => rows().map((row) => ({
      date: qs('.override-date', row).value,
      windows: qs('.override-off', row).checked ? [] : readWindows(row),
    })),
    problems: () => {
      const seen = new Set();
      return rows().flatMap((row) => {
        const input = qs('.override-date', row);
        const found = [];
        if (!isDay(input.value)) found.push({ input, message: t('overrides.dateMissing') });
        else if (seen.has(input.value)) found.push({ input, message: t('overrides.dateTwice') });
        seen.add(input.value);
        return qs('.override-off', row).checked ? found : found.concat(windowProblems(row));
      });
    },
  };
}

/** The specific times offered, typed in the zone `tz` (a date and a time, then Add) and each removable. */
export function timesPicker(times, tz) {
  let zone = tz;
  let chosen = Array.from(new Set(times || [])).sort();
  const day = h('input', { type: 'date', class: 'time-day', 'aria-label': t('times.day') });
  const time = timeSelect('10:00', 'time-at', t('times.time'));
  const add = h('button', { type: 'button', class: 'button button-small', 'data-action': 'add-time' }, icon('plus'), t('times.add'));
  const status = h('p', { class: 'times-status', role: 'alert' });
  const list = h('ul', { class: 'times-list' });
  const draw = () => {
    replace(list, chosen.length
      ? chosen.map((instant) => {
        const past = Date.parse(instant) <= Date.now();
        const when = whenIn(instant, zone);
        return h('li', { class: ['time-item', past ? 'is-past' : null], 'data-time': instant },
          h('span', { class: 'time-when' }, icon('calendar'), when, past ? h('span', { class: 'badge' }, t('times.past')) : null),
          h('button', { type: 'button', class: 'icon-button', 'data-action': 'remove-time', 'aria-label': t('times.removeOf', { when }) }, icon('close')));
      })
      : h('li', { class: 'muted times-none' }, t('times.none')));
  };
  add.addEventListener('click', () => {
    replace(status);
    if (!isDay(day.value)) {
      replace(status, t('times.incomplete'));
      day.focus();
      return;
    }
    const instant = toApiInstant(zonedToUtc(day.value, time.value, zone));
    if (Date.parse(instant) <= Date.now()) {
      replace(status, t('times.inPast'));
      day.focus();
      return;
    }
    chosen = Array.from(new Set(chosen.concat(instant))).sort();
    draw();
    time.focus();
  });
  list.addEventListener('click', (e) => {
    const button = e.target.closest('[data-action="remove-time"]');
    if (!button) return;
    chosen = chosen.filter((instant) => instant !== button.closest('[data-time]').dataset.time);
    draw();
    day.focus();
  });
  draw();
  const el = editorFieldset('times', t('times.title'), t('times.hint'),
    h('div', { class: 'time-adder' }, day, time, add), status, list);
  return {
    el,
    read: () => chosen.slice(),
    problems: () => (chosen.some((instant) => Date.parse(instant) > Date.now()) ? [] : [{ input: day, message: t('times.needOne') }]),
    /** Shows the times in another zone (the link's zone changed); what is chosen stays the same instants. */
    setZone(next) {
      zone = next;
      draw();
    },

  };
}

/** The questions a customer answers when booking: a text or a choice among options, required or not. */
export function questionsEditor(questions) {
  const list = h('div', { class: 'question-list' });
  const addRow = (question) => {
    const n = list.children.length + 1;
    const required = h('input', { type: 'checkbox', class: 'question-required', id: uid('q-required'), checked: Boolean(question.required) });
    const typeSelect = h('select', { class: 'select-compact question-type', 'aria-label': t('questions.typeN', { n }) },
      ['text', 'choice'].map((type) => h('option', { value: type, selected: (question.type || 'text') === type }, t(`questions.type.${type}`))));
    const optionsId = uid('q-options');
    const options = h('div', { class: 'field question-options' },
      h('label', { for: optionsId, class: 'field-label' }, t('questions.options')),
      h('textarea', { id: optionsId, class: 'question-options-text', rows: 3, dir: 'auto' }, (question.options || []).join('\n')),
      h('p', { class: 'field-hint' }, t('questions.optionsHint')));
    const row = h('div', { class: 'question-row', 'data-id': question.id || '' },
      h('div', { class: 'question-line' },
        h('input', {
          type: 'text', class: 'question-label', value: question.label || '', maxlength: 300, dir: 'auto',
          'aria-label': t('questions.labelN', { n }), placeholder: t('questions.placeholder'),
        }),
        typeSelect,
        h('button', { type: 'button', class: 'icon-button', 'data-action': 'remove-question', 'aria-label': t('questions.removeN', { n }) }, icon('trash'))),
      h('div', { class: 'check' }, required, h('label', { for: required.id }, t('questions.required'))),
      options);
    const sync = () => { options.hidden = typeSelect.value !== 'choice'; };
    typeSelect.addEventListener('change', sync);
    sync();
    list.append(row);
    return row;
  };
  (questions || []).forEach(addRow);
  const add = h('button', { type: 'button', class: 'button button-small', 'data-action': 'add-question' }, icon('plus'), t('questions.add'));
  add.addEventListener('click', () => {
    if (list.children.length >= MAX_QUESTIONS) return;
    qs('.question-label', addRow({ type: 'text', required: false })).focus();
  });
  list.addEventListener('click', (e) => {
    if (!e.target.closest('[data-action="remove-question"]')) return;
    e.target.closest('.question-row').remove();
    add.focus();
  });
  const el = editorFieldset('questions', t('questions.title'), t('questions.hint'), list, h('div', {}, add));
  const rows = () => qsa('.question-row', list);
  const optionsOf = (row) => qs('.question-options-text', row).value.split('\n').map((o) => o.trim()).filter(Boolean);
  return {
    el,
    read: () => {
      // Saved questions keep their id (answers refer to it); new ones get one made from their text.
      const taken = new Set(rows().map((row) => row.dataset.id).filter(Boolean));
      return rows().map((row) => {
        const label = qs('.question-label', row).value.trim();
        const type = qs('.question-type', row).value;
        const question = {
          id: row.dataset.id || newKey(label, taken, 'question'), label, type, required: qs('.question-required', row).checked,
        };
        if (type === 'choice') question.options = Array.from(new Set(optionsOf(row)));
        return question;
      });
    },
    problems: () => rows().flatMap((row) => {
      const found = [];
      const label = qs('.question-label', row);
      if (!label.value.trim()) found.push({ input: label, message: t('questions.labelMissing') });
      if (qs('.question-type', row).value === 'choice') {
        const options = optionsOf(row);
        const text = qs('.question-options-text', row);
        if (!options.length || options.length > MAX_OPTIONS) found.push({ input: text, message: t('questions.optionsCount', { max: MAX_OPTIONS }) });
        else if (options.some((o) => o.length > 200)) found.push({ input: text, message: t('questions.optionTooLong') });
      }
      return found;
    }),
  };
}
