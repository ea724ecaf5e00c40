// Turning record fields into DOM, safely: every value from a dropped file
// becomes a text node or an attribute set through the DOM, never HTML, and
// goes through `displayText` on the way.

import { locale, t } from './i18n.js';

/**
 * Characters that change how text around them is shown rather than showing
 * themselves: C0 and C1 controls (ESC sequences among them), DEL, and the
 * bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069), with which `report‮dm.exe` reads as `reportexe.md`.
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const WHITE_CONTROLS = /[\t\n\r\f\v]/g;

/**
 * Text as the page displays it: with the characters above removed (tabs and
 * line breaks become spaces), or, with `reveal`, shown as `⟨U+202E⟩` so a
 * disguised file name is seen for what it is. The one place this is decided.
 */
export function displayText(value, { reveal = false } = {}) {
  const text = String(value);
  INVISIBLE.lastIndex = 0;
  if (!INVISIBLE.test(text)) return text;
  if (reveal) {
    return text.replace(INVISIBLE, (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
  }
  return text.replace(WHITE_CONTROLS, ' ').replace(INVISIBLE, '');
}

/**
 * `document.createElement` with a class and children (strings become text
 * nodes, through `displayText`).
 */
export function el(tag, className, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const child of children) {
    if (child == null || child === false) continue;
    node.append(typeof child === 'string' ? displayText(child) : child);
  }
  return node;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat(locale, {
  year: 'numeric', month: 'short', day: 'numeric',
  hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
});

/**
 * A `<time>` for a record's `published`/`captured` value: date-only values
 * are shown as dates (never with an invented time or zone), instants in the
 * reader's time zone with the zone named. `null` for a missing value.
 */
export function timeElement(value, className = 'date') {
  if (!value) return null;
  const node = el('time', className);
  node.dateTime = value;
  if (DATE_ONLY.test(value)) {
    const d = new Date(`${value}T00:00:00Z`);
    node.textContent = Number.isNaN(d.getTime()) ? displayText(value) : dateFormat.format(d);
    node.title = t('dateOnly');
    return node;
  }
  const d = new Date(value);
  node.textContent = Number.isNaN(d.getTime()) ? displayText(value) : dateTimeFormat.format(d);
  return node;
}

/** A parsed http(s) URL, or `null` for anything else (`javascript:`, `data:`, relative…). */
export function safeUrl(address) {
  if (typeof address !== 'string') return null;
  try {
    const url = new URL(address.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/**
 * Appends `text` to `parent` with the UTF-16 ranges `marks` wrapped in `<mark>`.
 * Ranges come from the core's search (already in UTF-16 code units) and
 * index the text as written; each piece goes through `displayText` after
 * it is cut, so the marks stay where they belong.
 */
export function appendMarked(parent, text, marks) {
  if (!text) return parent;
  const ranges = (marks || [])
    .filter(([s, e]) => Number.isInteger(s) && Number.isInteger(e) && s < e && e <= text.length)
    .sort((a, b) => a[0] - b[0]);
  let at = 0;
  for (const [s, e] of ranges) {
    if (s < at) continue; // overlapping range: already marked
    if (s > at) parent.append(displayText(text.slice(at, s)));
    parent.append(el('mark', null, text.slice(s, e)));
    at = e;
  }
  if (at < text.length) parent.append(displayText(text.slice(at)));
  return parent;
}

/** The last part of a path: what a person recognises a file by. */
export function baseName(path) {
  const parts = String(path).split('/');
  return parts[parts.length - 1] || path;
}

/**
 * Where to cut `text` to keep at most `max` characters (for text too long to
 * handle in one go): after the last sentence end or space in the second half
 * of the window, else at `max`, never inside a surrogate pair. `text.length`
 * when it is short enough.
 */
export function softCut(text, max) {
  if (text.length <= max) return text.length;
  const from = max >> 1;
  const window = text.slice(from, max);
  const soft = Math.max(...['。', '！', '？', '. ', '\n', ' '].map((mark) => {
    const at = window.lastIndexOf(mark);
    return at < 0 ? -1 : from + at + mark.length;
  }));
  let cut = soft > 0 ? soft : max;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return cut;
}
