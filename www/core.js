// The page's handle on the core: an extraction pool (pool.js) that turns
// files into record lines, and one index worker that holds the corpus and
// answers searches.
//
// The workers (and the wasm core they share, compiled once here) start when
// the page is idle after its first paint, or at the first request, whichever
// comes first: the first view never waits for the core.
//
// What the user loaded is never lost. The page keeps every batch of record
// lines it has added; when the index worker's core traps or the worker dies,
// a fresh one is started and refilled from them (a batch that was being added
// is added again line by line, and a line that crashes a fresh index becomes
// an error record in its place, so document numbers never move). Requests
// caught by the failure reject with a readable error; `onRecovery(busy)`
// tells the page when a rebuild starts and ends, so it can search again.
//
// Once the corpus is stored on this computer (store.js), the page stops
// keeping the batches the stored copy holds: a fresh index worker first
// re-reads the stored corpus — if it is still the save this page made (its
// `generation`) — then takes the batches added since. A corpus restored at
// page open is refilled the same way; it never had record lines at all.

import { t } from './i18n.js';
import { compileCore, WorkerChannel, WorkerFailure } from './workers.js';
import { ExtractionPool } from './pool.js';
import { errorLine, lineSource, splitLines } from './lines.js';

const INDEX_WORKER = new URL('./index-worker.js', import.meta.url);

/**
 * Extraction workers: one per core left once the index worker has its own,
 * at least one, at most three. Measured on two cores (10,000 files, make
 * bench-web): one extraction worker loads in 17.2 s with 17 main-thread
 * tasks over 50 ms; two loaded in 21.5 s with 127, since three busy workers
 * and the browser's own file reading left the page's thread waiting for a core.
 */
const POOL_SIZE = Math.max(1, Math.min(3, (navigator.hardwareConcurrency || 2) - 1));
/** The reader's page of text: what one request brings to the main thread (see index-worker.js). */
const READER_PAGE = { maxChars: 64 << 10, maxPieces: 200 };
/** Batches sent ahead while a fresh index is refilled. */
const REFILL_AHEAD = 4;
/** Lines of one batch that may each crash a fresh index before the rest are given up. */
const MAX_ISOLATED_CRASHES = 3;
/** Attempts at rebuilding the index before the page gives up on it. */
const MAX_REBUILDS = 3;

export class Core {
  constructor({ onRecovery } = {}) {
    this.onRecovery = onRecovery;
    this.started = false;
    this.module = null;
    this.pool = null;
    this.index = null;
    /** Record-line batches in the index, in the order added: what a fresh index is refilled from. */
    this.stored = [];
    /**
     * The stored corpus's generation when the index holds it (restored, or
     * saved): a fresh index starts from it, and `stored` holds only the
     * batches added since. Null: `stored` holds everything.
     */
    this.storedGeneration = null;
    this.rebuilding = null;
    this.broken = null;
    this.ready = new Promise((resolve, reject) => {
      this.settleReady = { resolve, reject };
    });
    this.ready.catch(() => {});
  }

  /** Starts the workers (once). */
  start() {
    if (this.started) return;
    this.started = true;
    compileCore().then((module) => {
      this.module = module;
      this.pool = new ExtractionPool(module, POOL_SIZE);
      this.index = this.startIndex();
      return this.index.ready;
    }).then(this.settleReady.resolve, (error) => {
      this.broken = error;
      this.settleReady.reject(error);
    });
  }

  startIndex() {
    const channel = new WorkerChannel(INDEX_WORKER, this.module, {
      name: 'index worker',
      // Rebuild at once, even when nothing is waiting, so the next search works.
      onFailure: () => this.indexChannel().catch(() => {}),
    });
    return channel;
  }

  /** A live index worker holding every stored batch (rebuilding one first if need be). */
  async indexChannel() {
    this.start();
    await this.ready;
    for (;;) {
      if (this.broken) throw this.broken;
      if (this.rebuilding) {
        await this.rebuilding;
        continue;
      }
      if (this.index.alive) return this.index;
      this.rebuilding = this.rebuild().finally(() => {
        this.rebuilding = null;
      });
    }
  }

  /** A fresh index worker, refilled from the stored batches. */
  async rebuild() {
    this.onRecovery?.(true);
    try {
      for (let attempt = 1; ; attempt++) {
        const channel = this.startIndex();
        this.index = channel;
        try {
          await channel.ready;
          if (this.storedGeneration !== null) {
            const reply = await channel.request('restore', { generation: this.storedGeneration });
            if (reply.status !== 'restored') {
              this.broken = new WorkerFailure(t('indexLost', t('storeChangedUnderneath')));
              throw this.broken;
            }
          }
          const inFlight = [];
          for (const records of this.stored) {
            inFlight.push(channel.request('records', { records }));
            if (inFlight.length >= REFILL_AHEAD) await inFlight.shift();
          }
          await Promise.all(inFlight);
          return;
        } catch (error) {
          if (this.broken || !(error instanceof WorkerFailure)) throw error;
          if (attempt >= MAX_REBUILDS) {
            this.broken = new WorkerFailure(t('indexLost', error.message));
            throw this.broken;
          }
        }
      }
    } finally {
      this.onRecovery?.(false);
    }
  }

  /** Sends a request to the index worker; rejects readably if the worker fails meanwhile. */
  async request(type, payload) {
    const channel = await this.indexChannel();
    return channel.request(type, payload);
  }

  /** Extracts files (items as extract-worker.js takes them) into record lines: `{ records, count, zips }`. */
  async extract(items) {
    await this.ready;
    return this.pool.extract(items);
  }

  /** Opens a ZIP archive for reading entry by entry (see ExtractionPool.openZip). */
  async openZip(item) {
    await this.ready;
    return this.pool.openZip(item);
  }

  /**
   * Adds a batch of record lines to the index; resolves with
   * `{ summaries, stats }`, one summary per line. Survives the index
   * failing meanwhile (see the top of this file).
   */
  async addRecords(records) {
    const channel = await this.indexChannel();
    try {
      // Copied, not transferred: the page keeps the batch to refill a fresh index.
      const reply = await channel.request('records', { records });
      this.stored.push(records);
      return reply;
    } catch (error) {
      if (!(error instanceof WorkerFailure)) throw error;
      return this.addLineByLine(records);
    }
  }

  /**
   * After the index failed on a batch: its lines one at a time, each kept as
   * it lands, so a line that crashes a fresh index is found and replaced by
   * an error record at the same place.
   */
  async addLineByLine(records) {
    const summaries = [];
    let stats = null;
    let crashes = 0;
    for (const line of splitLines(records)) {
      let added = null;
      if (crashes < MAX_ISOLATED_CRASHES) {
        try {
          added = await this.addLine(line);
        } catch (error) {
          if (!(error instanceof WorkerFailure) || this.broken) throw error;
          crashes++;
        }
      }
      if (!added) {
        const { path, bytes } = lineSource(line);
        added = await this.addLine(errorLine(path, bytes, t('readerCrashed')));
      }
      summaries.push(...added.summaries);
      stats = added.stats;
    }
    return { summaries, stats };
  }

  async addLine(line) {
    const records = line.slice().buffer;
    const channel = await this.indexChannel();
    const reply = await channel.request('records', { records });
    this.stored.push(records);
    return reply;
  }

  /** `options`: `{ offset, limit, facets, collapse, quickTotal }` (see the binding's `search`). */
  search(query, sort, options = {}) {
    return this.request('search', { query, options: { ...options, sort } });
  }

  /**
   * The reader's start of document `doc`: `{ record, pieces, next }`, its
   * record without paragraphs and the first page of its text (`record` null
   * when there is no such document). With `query`, each piece (and the
   * record's `lead_marks`) carries `marks`, the UTF-16 ranges of its matches.
   */
  article(doc, query = '') {
    return this.request('article', { doc, query, ...READER_PAGE });
  }

  /** The page of `doc`'s text from `next`: `{ pieces, next }`. */
  paragraphs(doc, next) {
    return this.request('paragraphs', { doc, next, ...READER_PAGE });
  }

  /**
   * Replaces the (still empty) index by the corpus stored on this computer.
   * Resolves to the worker's reply: `{ status: 'restored', meta, stats }`,
   * `'none'`, or `'unreadable'` with `error: { code, message, found,
   * supported }` (see index-worker.js). Call before anything is added.
   */
  async restore() {
    const reply = await this.request('restore', {});
    if (reply.status === 'restored') {
      this.stored = [];
      this.storedGeneration = reply.meta.generation;
    }
    return reply;
  }

  /** Summaries of the problems (files that are not articles) from document number `start`, at most `max`. */
  async problemsFrom(start, max) {
    return JSON.parse((await this.request('problems', { start, max })).json);
  }

  /** The document number of the article whose id is `id`, or null. */
  async docOfId(id) {
    return (await this.request('find', { article: id })).doc ?? null;
  }

  /**
   * Stores the corpus on this computer; resolves to `{ meta }` or `{ error:
   * { code, message } }`. Call between loads (no batch being added), so the
   * batches the stored copy holds are exactly those added so far.
   */
  async save() {
    const held = this.stored.length;
    const reply = await this.request('save', {});
    if (reply.meta) {
      this.stored.splice(0, held);
      this.storedGeneration = reply.meta.generation;
    }
    return reply;
  }

  /** Removes the stored corpus (the loaded one stays until the page is reloaded). */
  async clearStored() {
    const reply = await this.request('clear', {});
    return reply;
  }

  /**
   * The debugging handle (app.js puts it on `window.jianbaoDebug`): stops a
   * worker as if the browser had killed it, to watch the page recover.
   */
  kill(which = 'index') {
    if (which === 'index') return this.index?.kill();
    return this.pool?.kill(which);
  }
}
