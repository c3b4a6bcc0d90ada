/**
 * Safe DOM building: every piece of text reaches the page as a text node or an
 * attribute value, never as markup. The site has no other way to make elements.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';
// Properties rather than attributes: they hold the live state of form controls.
const PROPERTIES = new Set(['value', 'checked', 'selected', 'disabled', 'hidden', 'readOnly', 'required']);

function setAttributes(el, attrs) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    // Handler and style attributes would be markup in disguise (and the CSP refuses them).
    if (/^on/i.test(name) || name === 'style') throw new Error(`h(): attribute "${name}" is not allowed`);
    if (name === 'class' && Array.isArray(value)) {
      el.setAttribute('class', value.filter(Boolean).join(' '));
    } else if (PROPERTIES.has(name) && !(el instanceof SVGElement)) {
      el[name] = value;
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
}

function appendChildren(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) appendChildren(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** Builds an HTML element; strings among the children become text nodes. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttributes(el, attrs);
  appendChildren(el, children);
  return el;
}

/** Builds an SVG element (icons). */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttributes(el, attrs);
  appendChildren(el, children);
  return el;
}

/** Replaces the content of `el` with `children`. */
export function replace(el, ...children) {
  el.replaceChildren();
  appendChildren(el, children);
  return el;
}

export function qs(selector, scope) {
  return (scope || document).querySelector(selector);
}

export function qsa(selector, scope) {
  return Array.from((scope || document).querySelectorAll(selector));
}

/**
 * Delegated event: `handler(event, matched)` runs when an event of `type`
 * happens inside `root` on (or within) an element matching `selector`.
 */
export function delegate(root, selector, type, handler) {
  root.addEventListener(type, (event) => {
    const matched = event.target instanceof Element ? event.target.closest(selector) : null;
    if (matched && root.contains(matched)) handler(event, matched);
  });
}

/** The `data-id` of the nearest item around `el`. */
export function itemId(el) {
  const item = el.closest('[data-id]');
  return item ? item.dataset.id : null;
}

/**
 * Runs `draw`, which redraws `container`, and puts the focus back on the
 * control it was on (same data-action within the item of the same data-id),
 * so a keyboard user keeps their place when a list refreshes under them.
 */
export function keepFocus(container, draw) {
  const active = document.activeElement;
  const inside = active && active !== document.body && container.contains(active);
  const action = inside ? active.dataset.action : null;
  const id = inside ? itemId(active) : null;
  draw();
  if (!action) return;
  const again = Array.from(container.querySelectorAll(`[data-action="${CSS.escape(action)}"]`))
    .find((el) => itemId(el) === id);
  if (again) again.focus();
}

/** The values of a form's named controls, as strings (trimmed unless a password). */
export function formValues(form) {
  const values = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled) continue;
    values[el.name] = el.type === 'password' ? el.value : el.value.trim();
  }
  return values;
}
