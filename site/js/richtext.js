/**
 * The small markdown subset notes are written in, turned into DOM nodes
 * (never markup): paragraphs split on blank lines, `- ` / `* ` bullet lists,
 * `1. ` numbered lists, **bold**, *italic*, [text](https://…) links and bare
 * http(s) URLs. Links go only to http, https or mailto and open in a new tab
 * without a referrer or an opener. Anything else stays plain text.
 */
import { h } from './dom.js';

const BULLET = /^\s{0,3}[-*]\s+(.*)$/;
const NUMBERED = /^\s{0,3}\d{1,9}[.)]\s+(.*)$/;
const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

// Every inline pattern is bounded by a character it cannot contain (`]`, `*`,
// whitespace), so a 100 kB note without closing marks is scanned in linear time.
const INLINE = [
  { kind: 'link', re: /\[([^\]\n]{1,500})\]\(([^()\s]{1,2048})\)/g },
  { kind: 'bold', re: /\*\*([^*\n]{1,2000})\*\*/g },
  { kind: 'italic', re: /\*([^*\s](?:[^*\n]{0,2000}[^*\s])?)\*/g },
  { kind: 'url', re: /\bhttps?:\/\/[^\s<>"]{1,2048}/g },
];

/** The URL to link to, or null when `href` is not an absolute http, https or mailto address. */
export function safeHref(href) {
  let url;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  return SAFE_PROTOCOLS.has(url.protocol) ? url.href : null;
}

function link(href, text) {
  return h('a', { href, rel: 'noopener noreferrer', target: '_blank', class: 'rich-link' }, text);
}

// A bare URL does not swallow the sentence's final punctuation, nor an unbalanced ")".
function trimUrl(raw) {
  let url = raw.replace(/[.,;:!?'"]+$/, '');
  while (url.endsWith(')') && (url.match(/\(/g) || []).length < (url.match(/\)/g) || []).length) {
    url = url.slice(0, -1).replace(/[.,;:!?'"]+$/, '');
  }
  return url;
}

/** The inline nodes (text, strong, em, a) for one line of text. */
export function renderInline(text, allowed = INLINE) {
  // Most lines (and the inside of most bold runs) hold no mark at all.
  if (!/[*[]|https?:/.test(text)) return text ? [text] : [];
  const nodes = [];
  const next = allowed.map((pattern) => ({ ...pattern, re: new RegExp(pattern.re.source, 'g'), match: undefined }));
  let pos = 0;
  while (pos < text.length) {
    let best = null;
    for (const pattern of next) {
      if (pattern.match === undefined || (pattern.match && pattern.match.index < pos)) {
        pattern.re.lastIndex = pos;
        pattern.match = pattern.re.exec(text);
      }
      if (pattern.match && (!best || pattern.match.index < best.match.index)) best = pattern;
    }
    if (!best) break;
    const { match } = best;
    if (match.index > pos) nodes.push(text.slice(pos, match.index));
    let consumed = match[0].length;
    if (best.kind === 'link') {
      const href = safeHref(match[2]);
      nodes.push(href ? link(href, match[1]) : match[0]);
    } else if (best.kind === 'bold') {
      nodes.push(h('strong', {}, renderInline(match[1], next.filter((p) => p.kind !== 'bold'))));
    } else if (best.kind === 'italic') {
      nodes.push(h('em', {}, renderInline(match[1], next.filter((p) => p.kind === 'link' || p.kind === 'url'))));
    } else {
      const url = trimUrl(match[0]);
      consumed = url.length;
      const href = safeHref(url);
      nodes.push(href ? link(href, url) : url);
    }
    pos = match.index + consumed;
  }
  if (pos < text.length) nodes.push(text.slice(pos));
  return nodes;
}

// dir=auto is set once the children are in: set first, Chromium would work out the
// direction again on every append (quadratic on a note of thousands of marks).
function autoDirection(el) {
  el.setAttribute('dir', 'auto');
  return el;
}

/** Lines of a paragraph keep their breaks. */
function paragraph(lines) {
  const children = [];
  lines.forEach((line, i) => {
    if (i) children.push(h('br', {}));
    children.push(...renderInline(line));
  });
  return autoDirection(h('p', {}, children));
}

/** Splits one block (no blank line inside) into paragraphs and lists. */
function blockNodes(lines) {
  const out = [];
  let run = null; // { kind: 'p' | 'ul' | 'ol', items: [] }
  const flush = () => {
    if (!run) return;
    if (run.kind === 'p') out.push(paragraph(run.items));
    else out.push(autoDirection(h(run.kind, {}, run.items.map((item) => h('li', {}, renderInline(item))))));
    run = null;
  };
  for (const line of lines) {
    const bullet = BULLET.exec(line);
    const numbered = bullet ? null : NUMBERED.exec(line);
    const kind = bullet ? 'ul' : numbered ? 'ol' : 'p';
    const content = bullet ? bullet[1] : numbered ? numbered[1] : line;
    if (!run || run.kind !== kind) {
      flush();
      run = { kind, items: [] };
    }
    run.items.push(content);
  }
  flush();
  return out;
}

/** The DOM nodes for a note's text; hand them to h() or replace(). */
export function renderRichText(source) {
  const text = String(source ?? '').replace(/\r\n?/g, '\n');
  const blocks = text.split(/\n[ \t]*\n/);
  const nodes = [];
  for (const block of blocks) {
    const lines = block.split('\n').filter((line, i, all) => line.trim() || (i > 0 && i < all.length - 1));
    if (lines.some((line) => line.trim())) nodes.push(...blockNodes(lines));
  }
  return nodes;
}

/** A container holding the rendered note. */
export function richText(source, extraClass) {
  return h('div', { class: ['rich-text', extraClass] }, renderRichText(source));
}
