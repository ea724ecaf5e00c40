// The corpus kept on this computer, seen from the page: restoring it when
// the page opens, storing it after each load, the "Stored on this computer"
// line with its Clear button, and the reason when the browser refuses.
// Where and how the bytes are kept is store.js; the index worker does the
// writing and reading (core.js: `save`, `restore`).
//
// Storage trouble is a message on this line, never a broken page: the
// articles loaded stay usable for the session whatever storage says.

import { num, t } from './i18n.js';
import { storedMeta } from './store.js';

/** Problem summaries sent to the page per request while a stored corpus is restored. */
const RESTORE_CHUNK = 2000;

const megabytes = (bytes) => new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(bytes / 1e6);

export class Keeper {
  /**
   * `core`: the page's Core; `panel`, `text`, `clear`: the stored-corpus
   * line, its text and its Clear button.
   */
  constructor(core, { panel, text, clear }) {
    this.core = core;
    this.ui = { panel, text, clear };
    /** A stored corpus this page cannot read: nothing is stored over it until it is cleared. */
    this.blocked = false;
    /** Something is stored (restored or saved here), so Clear has something to remove. */
    this.holds = false;
    clear.addEventListener('click', () => this.clear());
  }

  show(message, { canClear = true, state = 'stored' } = {}) {
    this.ui.text.textContent = message;
    this.ui.panel.dataset.state = state;
    this.ui.clear.hidden = !canClear;
    this.ui.panel.hidden = false;
  }

  showStored(meta) {
    this.holds = true;
    this.show(t('storedStatus', num(meta.articles ?? 0), megabytes(meta.bytes ?? 0), meta.articles ?? 0));
  }

  /** What to say when storing failed or a stored corpus cannot be read. */
  showError(error) {
    const messages = {
      quota: () => t('storeQuota'),
      unavailable: () => t('storeUnavailable'),
      busy: () => t('storeBusy'),
      version: () => t('storeVersion', error.found, error.supported),
      damaged: () => t('storeDamaged', error.message),
      'not-a-corpus': () => t('storeDamaged', error.message),
    };
    const unreadable = ['version', 'damaged', 'not-a-corpus'].includes(error.code);
    this.blocked ||= unreadable;
    this.show((messages[error.code] || (() => t('storeFailed', error.message)))(), {
      canClear: unreadable || this.holds,
      state: unreadable ? 'unreadable' : 'refused',
    });
  }

  /**
   * At page open: restores the stored corpus, if any, handing the summaries
   * of its problems to `onAdded(summaries, stats)` a chunk at a time (at
   * least once, so the page learns the counts). Articles send no card
   * here: the list gets each card with the search hit that lists it.
   * Resolves to true when a corpus was restored.
   */
  async restore(onAdded) {
    const meta = await storedMeta();
    if (!meta) return false;
    this.show(t('restoring', num(meta.articles ?? 0), meta.articles ?? 0), { canClear: false, state: 'restoring' });
    let reply;
    performance.mark('jianbao:restore');
    try {
      reply = await this.core.restore();
    } catch (error) {
      this.showError({ code: 'failed', message: String(error?.message || error) });
      return false;
    }
    if (reply.status === 'unreadable') {
      this.showError(reply.error);
      return false;
    }
    if (reply.status !== 'restored') {
      this.ui.panel.hidden = true;
      return false;
    }
    // Where a restore's time goes, for the browser's performance panel and the benchmark.
    performance.measure('jianbao:restore-read', 'jianbao:restore');
    // The core's steps of that read (the worker's clock; durations only).
    for (const [step, duration] of Object.entries(reply.timings || {})) {
      performance.measure(`jianbao:restore-read-${step}`, { start: 0, duration });
    }
    performance.mark('jianbao:restore-list');
    for (let start = 0; ;) {
      const summaries = await this.core.problemsFrom(start, RESTORE_CHUNK);
      if (summaries.length || start === 0) onAdded(summaries, reply.stats);
      if (summaries.length < RESTORE_CHUNK) break;
      start = summaries[summaries.length - 1].doc + 1;
    }
    performance.measure('jianbao:restore-problems', 'jianbao:restore-list');
    this.showStored({ ...reply.meta, articles: reply.stats.articles });
    return true;
  }

  /** After a load: stores the corpus (unless a stored one this page cannot read is in the way). */
  async save() {
    if (this.blocked) return;
    this.show(t('storing'), { canClear: false, state: 'storing' });
    performance.mark('jianbao:store');
    try {
      const reply = await this.core.save();
      performance.measure('jianbao:store', 'jianbao:store');
      if (reply.error) this.showError(reply.error);
      else this.showStored(reply.meta);
    } catch (error) {
      this.showError({ code: 'failed', message: String(error?.message || error) });
    }
  }

  /** Removes the stored corpus, then reopens the page empty (the loaded copy goes with it). */
  async clear() {
    this.ui.clear.disabled = true;
    try {
      const reply = await this.core.clearStored();
      if (reply.error) throw reply.error;
      location.reload();
    } catch (error) {
      this.ui.clear.disabled = false;
      this.show(t('clearFailed', String(error?.message || error)), { state: 'refused' });
    }
  }
}
