// The Export menu: the articles of the current view (query, filters, sort;
// every article when the box is empty) as a JSON Lines, CSV or Markdown file.
//
// The index worker writes the file with the core's exporter (index-export.js)
// in chunks of CHUNK articles; each chunk arrives as bytes and becomes a part
// of one Blob, so a 65,000-article export is never 65,000 JS strings, nor one
// giant string. The Blob is downloaded through a Blob URL and an
// <a download>, then the URL is revoked. (A download is a navigation, not a
// fetch: the page's CSP needs no `blob:` source for it.)
//
// The menu button follows the WAI-ARIA menu button pattern: Enter, Space or
// ↓ opens it on the first item, ↑ on the last; ↑/↓/Home/End move; Enter
// picks; Esc or Tab closes it, focus back on the button.

import { count, locale, num, t } from './i18n.js';

/** Articles per message from the index worker. */
const CHUNK = 250;
/** How long the Blob URL outlives the click that starts its download. */
const REVOKE_AFTER_MS = 30_000;

/** The local date, `YYYY-MM-DD`: the export's file name says when it was made. */
export function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const sizeFormat = (unit) => new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 });
/** 2,345,678 → "2.2 MB" in the reader's locale. */
function size(bytes) {
  if (bytes < 1024 * 1024) return sizeFormat('kilobyte').format(Math.max(bytes, 1) / 1024);
  return sizeFormat('megabyte').format(bytes / (1024 * 1024));
}

/** Starts the download of `blob` as `name` (the timeline's images and the concordance's CSV too). */
export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

let nextExportId = 1;

/**
 * Wires the Export control. `core`: the page's Core; `view()`: what the
 * list shows, `{ query, sort, total, collapse }`.
 */
export function setupExport(core, view) {
  const $ = (id) => document.getElementById(id);
  const button = $('export-button');
  const menu = $('export-menu');
  const progress = $('export-progress');
  const bar = $('export-bar');
  const text = $('export-text');
  const cancel = $('export-cancel');
  const status = $('export-status');
  const items = () => [...menu.querySelectorAll('[role="menuitem"]')];
  let running = null;

  function open(focusLast = false) {
    menu.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    const all = items();
    all[focusLast ? all.length - 1 : 0].focus();
  }
  function close({ focusButton = true } = {}) {
    if (menu.hidden) return;
    menu.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    if (focusButton) button.focus();
  }

  button.addEventListener('click', () => (menu.hidden ? open() : close()));
  button.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      open(event.key === 'ArrowUp');
    }
  });
  menu.addEventListener('keydown', (event) => {
    const all = items();
    const at = all.indexOf(document.activeElement);
    const move = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: all.length - 1 }[event.key];
    if (move !== undefined) {
      event.preventDefault(); // also keeps the page's list keys (↑/↓, j/k) out of the menu
      all[(move + all.length) % all.length].focus();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'Tab') {
      close({ focusButton: false });
    } else if (/^[a-z/]$/i.test(event.key)) {
      event.preventDefault();
    }
  });
  menu.addEventListener('click', (event) => {
    const item = event.target.closest('[role="menuitem"]');
    if (!item) return;
    close();
    run(item.dataset.format);
  });
  document.addEventListener('pointerdown', (event) => {
    if (!menu.hidden && !event.target.closest?.('#export')) close({ focusButton: false });
  });
  cancel.addEventListener('click', () => {
    if (running) running.cancelled = true;
  });

  function show(done, total) {
    bar.max = Math.max(total, 1);
    bar.value = done;
    text.textContent = t('exportProgress', num(done), count('nArticles', total));
  }

  async function run(format) {
    if (running) return; // one export at a time (the running one has a Cancel button)
    const { query, sort, total, collapse } = view();
    status.textContent = '';
    if (!total) {
      status.textContent = t('exportEmpty');
      return;
    }
    const job = { cancelled: false };
    running = job;
    const exportId = nextExportId++;
    cancel.disabled = false;
    progress.hidden = false;
    show(0, total);
    let started = null;
    try {
      started = await core.request('exportStart', { exportId, query, sort, format, date: today(), collapse });
      if (started.error) throw new Error(started.error);
      const parts = [];
      let bytes = 0;
      for (;;) {
        if (job.cancelled) {
          await core.request('exportEnd', { exportId }).catch(() => {});
          status.textContent = t('exportCancelled');
          return;
        }
        const chunk = await core.request('exportChunk', { exportId, max: CHUNK });
        if (chunk.error) throw new Error(chunk.error);
        parts.push(chunk.bytes);
        bytes += chunk.bytes.byteLength;
        show(chunk.done, started.total);
        if (chunk.finished) break;
      }
      download(new Blob(parts, { type: started.mediaType }), started.name);
      status.textContent = t('exportDone', started.name, count('nArticles', started.total), size(bytes));
      Object.assign(status.dataset, { name: started.name, articles: started.total, bytes });
    } catch (error) {
      status.textContent = t('exportFailed', String(error?.message || error));
    } finally {
      running = null;
      progress.hidden = true;
    }
  }
}
