/**
 * A search box over persons, organizations and deals (GET /api/search),
 * following the ARIA combobox pattern: debounced, arrows move through the
 * results, Enter opens the active one (the first when none is), Escape
 * closes them and clears the text. The header's global search and the record pickers of the forms
 * are both built on it.
 */
import { h, replace, qsa } from './dom.js';
import { api } from './api.js';
import { t, tn } from './i18n.js';
import { icon } from './icons.js';
import { uid } from './forms.js';

const MIN_CHARS = 2;
const DEBOUNCE_MS = 220;
export const ENTITY_ICON = { person: 'persons', organization: 'organizations', deal: 'deals', lead: 'leads' };
export const ENTITY_ROUTE = { person: 'persons', organization: 'organizations', deal: 'deals', lead: 'leads' };

/**
 * Builds the combobox. `onPick(item)` gets {entity, id, name, subtitle};
 * `entities` limits the results (['organization']); `label` names the input.
 */
export function searchBox({ label, placeholder, entities, onPick, className, labelVisible = false, name }) {
  const id = uid('search');
  const listId = `${id}-list`;
  const input = h('input', {
    type: 'search', id, class: 'search-input', role: 'combobox', autocomplete: 'off', spellcheck: 'false',
    'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': listId,
    placeholder: placeholder || '', maxlength: 200, 'data-picker': name || null,
  });
  const list = h('ul', { id: listId, class: 'search-results', role: 'listbox', 'aria-label': label, hidden: true });
  const status = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const el = h('div', { class: ['search-box', className] },
    h('label', { for: id, class: labelVisible ? 'field-label' : 'visually-hidden' }, label),
    h('div', { class: 'search-control' }, icon('search', 'search-icon'), input),
    list, status);

  let items = [];
  let active = -1;
  let timer = null;
  let seq = 0;

  function open(isOpen) {
    list.hidden = !isOpen;
    input.setAttribute('aria-expanded', String(isOpen));
    if (!isOpen) setActive(-1);
  }

  function setActive(index) {
    active = index;
    const options = qsa('[role="option"]', list);
    options.forEach((option, i) => option.setAttribute('aria-selected', String(i === index)));
    if (index >= 0 && options[index]) {
      input.setAttribute('aria-activedescendant', options[index].id);
      options[index].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function show(found, query) {
    items = entities ? found.filter((item) => entities.includes(item.entity)) : found;
    if (!items.length) {
      replace(list, h('li', { class: 'search-empty', role: 'presentation' }, t('search.none', { query })));
      replace(status, t('search.none', { query }));
    } else {
      replace(list, items.map((item, i) => h('li', {
        id: `${id}-opt-${i}`, role: 'option', class: 'search-option', 'aria-selected': 'false', 'data-index': i,
      },
      h('span', { class: 'search-option-icon' }, icon(ENTITY_ICON[item.entity] || 'search')),
      h('span', { class: 'search-option-text' },
        h('span', { class: 'search-option-name', dir: 'auto' }, item.name || '—'),
        h('span', { class: 'search-option-sub', dir: 'auto' },
          [t(`entity.${item.entity}`), item.subtitle].filter(Boolean).join(' · '))))));
      replace(status, tn('search.count', items.length));
    }
    open(true);
  }

  async function run(query) {
    const mine = ++seq;
    try {
      const page = await api.get(`/search?q=${encodeURIComponent(query)}`);
      if (mine !== seq || input.value.trim() !== query) return;
      show(page.items || [], query);
    } catch (error) {
      if (mine !== seq || error.status === 401) return;
      replace(list, h('li', { class: 'search-empty', role: 'presentation' }, t('errors.generic')));
      open(true);
    }
  }

  function pick(index) {
    const item = items[index];
    if (!item) return;
    open(false);
    onPick(item);
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    const query = input.value.trim();
    if (query.length < MIN_CHARS) {
      seq += 1;
      items = [];
      open(false);
      return;
    }
    timer = setTimeout(() => run(query), DEBOUNCE_MS);
  });

  input.addEventListener('keydown', (e) => {
    const visible = !list.hidden && items.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!visible) return;
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((active + step + items.length + (active < 0 && step < 0 ? 1 : 0)) % items.length);
    } else if (e.key === 'Home' && visible && active >= 0) {
      e.preventDefault();
      setActive(0);
    } else if (e.key === 'End' && visible && active >= 0) {
      e.preventDefault();
      setActive(items.length - 1);
    } else if (e.key === 'Enter') {
      if (!visible) return;
      e.preventDefault();
      pick(active >= 0 ? active : 0);
    } else if (e.key === 'Escape') {
      // Escape gives up the search: the results close and the text goes (one press, not two).
      if (!list.hidden || input.value) {
        e.preventDefault();
        e.stopPropagation();
        clear();
      }
    }
  });

  // mousedown keeps the focus in the input, so blur does not close the list before the click.
  list.addEventListener('mousedown', (e) => e.preventDefault());
  list.addEventListener('click', (e) => {
    const option = e.target.closest('[role="option"]');
    if (option) pick(Number(option.dataset.index));
  });
  input.addEventListener('blur', () => setTimeout(() => open(false), 120));
  input.addEventListener('focus', () => {
    if (items.length && input.value.trim().length >= MIN_CHARS) open(true);
  });

  function clear() {
    clearTimeout(timer);
    seq += 1;
    input.value = '';
    items = [];
    open(false);
  }

  return {
    el,
    input,
    clear,
    focus() {
      input.focus();
    },
  };
}

/**
 * A form control choosing one record of `entity` by search: a hidden input
 * `name` holds its id. `value` is the current {id, name} or null.
 */
export function recordPicker({ label, name, entity, value, hint }) {
  const hidden = h('input', { type: 'hidden', name, value: value ? value.id : '' });
  const chosen = h('div', { class: 'picker-chosen' });
  const field = h('div', { class: 'field picker' });
  const box = searchBox({
    label, name, entities: [entity], placeholder: t('search.pickPlaceholder'), labelVisible: true,
    onPick: (item) => set({ id: item.id, name: item.name }),
  });

  function set(record, silent) {
    hidden.value = record ? record.id : '';
    box.clear();
    if (record) {
      replace(chosen,
        h('p', { class: 'field-label' }, label),
        h('div', { class: 'picker-row' },
          h('span', { class: 'chip' }, icon(ENTITY_ICON[entity]),
            h('span', { class: 'chip-text', dir: 'auto' }, record.name || record.id)),
          h('button', {
            type: 'button', class: 'button button-small', 'data-action': 'clear-picker',
            'aria-label': t('search.clearOf', { label }),
          }, t('search.change'))));
      chosen.hidden = false;
      box.el.hidden = true;
    } else {
      replace(chosen);
      chosen.hidden = true;
      box.el.hidden = false;
    }
    if (!silent) field.dispatchEvent(new CustomEvent('pickerchange', { bubbles: true, detail: { name, record } }));
  }

  chosen.addEventListener('click', (e) => {
    if (e.target.closest('[data-action="clear-picker"]')) {
      set(null);
      box.focus();
    }
  });

  // While a record is chosen the search box (and its label) hides: the chip row repeats the label.
  replace(field, hidden, box.el, chosen, hint ? h('p', { class: 'field-hint' }, hint) : null);
  set(value || null, true);
  let current = value || null;
  field.addEventListener('pickerchange', (e) => { current = e.detail.record; });
  return {
    el: field,
    set(record, silent) {
      current = record;
      set(record, silent);
    },
    get value() { return hidden.value || null; },
    get record() { return hidden.value ? current : null; },
  };
}
