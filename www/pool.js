// The extraction layer: a few workers, one per core, that turn file bytes
// into record lines, and one more that reads ZIP archives entry by entry
// (its entries are then spread over the extraction workers like any files).
//
// A file never gets lost to a crash. The page keeps each batch's items (File
// handles and addresses, which cost nothing to keep; ZIP entries' bytes, which
// workers get copies of) until their records are back, so when a worker's
// core traps on a file, that file becomes one error record ("the reader
// crashed on this file"), the worker is replaced, and the rest of the batch
// goes on in the fresh one. When a worker dies without saying where, the
// batch it was on is retried one file at a time, so the culprit, if there is
// one, is found.

import { t } from './i18n.js';
import { WorkerChannel, WorkerFailure } from './workers.js';
import { errorLine, joinLines } from './lines.js';

const EXTRACT_WORKER = new URL('./extract-worker.js', import.meta.url);

/** Requests queued in each worker, so it never waits for the page between batches. */
const DEPTH = 2;
/** A worker that fails this many times before it even starts is not started again. */
const MAX_START_FAILURES = 3;

/** The size of an item's file, as far as the page knows it. */
const itemBytes = (item) => item.file?.size ?? (item.bytes || item.record)?.byteLength ?? 0;

export class ExtractionPool {
  /** `module`: the compiled core; `size`: how many extraction workers. */
  constructor(module, size) {
    this.module = module;
    this.queue = [];
    this.slots = Array.from({ length: size }, (_, index) => this.startSlot({ index, tasks: new Map(), startFailures: 0 }));
    this.zipChannel = null;
    this.broken = null;
  }

  get size() {
    return this.slots.length;
  }

  startSlot(slot) {
    const channel = new WorkerChannel(EXTRACT_WORKER, this.module, {
      name: `extraction worker ${slot.index + 1}`,
      onFailure: (error, crashedId) => this.slotFailed(slot, channel, error, crashedId),
    });
    channel.ready.then(() => {
      slot.startFailures = 0;
    }, () => {});
    slot.channel = channel;
    return slot;
  }

  /**
   * Extracts `items` (as extract-worker.js takes them, in order); resolves
   * with `{ records, count, zips }`: one record line per item, in order, as
   * one ArrayBuffer, except for the items that are ZIP archives (`zips`, to
   * be read with `openZip`).
   */
  extract(items) {
    if (this.broken) return Promise.reject(this.broken);
    return new Promise((resolve, reject) => {
      const job = { items, pieces: [], zips: [], done: 0, resolve, reject };
      if (items.length === 0) return resolve({ records: new ArrayBuffer(0), count: 0, zips: [] });
      this.queue.push({ job, start: 0, end: items.length });
      this.dispatch();
    });
  }

  /** Hands queued tasks to the workers with the fewest requests in hand. */
  dispatch() {
    while (this.queue.length) {
      const slot = this.slots
        .filter((s) => s.channel.alive && s.tasks.size < DEPTH)
        .sort((a, b) => a.tasks.size - b.tasks.size)[0];
      if (!slot) return;
      const task = this.queue.shift();
      const items = task.job.items.slice(task.start, task.end);
      // Copied, not transferred (File handles and addresses cost nothing; ZIP
      // entries' bytes do): the page keeps every item until its record is back.
      const { id, reply } = slot.channel.send('extract', { items });
      slot.tasks.set(id, task);
      reply.then((data) => {
        slot.tasks.delete(id);
        this.settle(task, task.start, task.end, data.records, data.zips);
        this.dispatch();
      }, () => {}); // failures are handled once, for the whole worker, in slotFailed
    }
  }

  /**
   * Settles the items from `start` to `end`: `records` holds a line for each
   * but the ZIP archives among them (`zips`, indices from `start`). Resolves
   * the job once every item is settled.
   */
  settle(task, start, end, records, zips = []) {
    const { job } = task;
    if (end - start > zips.length) job.pieces.push({ start, records });
    for (const z of zips) job.zips.push({ at: start + z, item: job.items[start + z] });
    for (let i = start; i < end; i++) job.items[i] = null; // the bytes can go now
    job.done += end - start;
    if (job.done < job.items.length) return;
    job.pieces.sort((a, b) => a.start - b.start);
    const pieces = job.pieces.map((p) => p.records);
    const all = pieces.length === 1 ? pieces[0] : joinLines(pieces.map((p) => new Uint8Array(p)));
    const count = job.items.length - job.zips.length;
    job.resolve({ records: all, count, zips: job.zips.sort((a, b) => a.at - b.at).map((z) => z.item) });
  }

  /** A crashed file's line: an error record saying so, in the page's language. */
  crashed(task, index) {
    const item = task.job.items[index];
    const line = errorLine(item.path, itemBytes(item), t('readerCrashed'));
    this.settle(task, index, index + 1, joinLines([line]));
  }

  slotFailed(slot, channel, error, crashedId) {
    if (slot.channel !== channel) return;
    const tasks = [...slot.tasks];
    slot.tasks.clear();
    if (!channel.everReady) slot.startFailures++;
    const retry = [];
    for (const [id, task] of tasks) {
      if (error.crashed && id === crashedId) {
        // The worker says which item trapped its core: keep what came before it.
        const { index = 0, records, zips = [] } = error.details;
        const at = task.start + Math.max(0, Math.min(index, task.end - task.start - 1));
        if (at > task.start) this.settle(task, task.start, at, records, zips);
        this.crashed(task, at);
        if (at + 1 < task.end) retry.push({ job: task.job, start: at + 1, end: task.end });
      } else if (channel.hasStarted(id)) {
        // It was working on this batch when it died, and did not say where.
        if (task.end - task.start === 1) this.crashed(task, task.start);
        else for (let i = task.start; i < task.end; i++) retry.push({ job: task.job, start: i, end: i + 1 });
      } else {
        retry.push(task);
      }
    }
    this.queue.unshift(...retry);
    if (slot.startFailures >= MAX_START_FAILURES) {
      if (this.slots.every((s) => s.startFailures >= MAX_START_FAILURES)) this.giveUp(error);
      return;
    }
    this.startSlot(slot);
    this.dispatch();
  }

  /** No worker can start (the core cannot be instantiated): every job fails, readably. */
  giveUp(error) {
    this.broken = new WorkerFailure(t('workersFailed', error.message));
    for (const task of this.queue.splice(0)) task.job.reject(this.broken);
  }

  /**
   * Opens a ZIP archive (an item `extract` named in `zips`) in the archive
   * worker, which reads it. Resolves with `{ files, read(maxItems,
   * maxBytes), close() }`: `files` is how many records it will yield; `read`
   * resolves with `{ items, done }`, items as `extract` takes them. Rejects
   * with a WorkerFailure if the archive worker fails (its open archives are lost).
   */
  async openZip({ path, file, url }) {
    if (!this.zipChannel?.alive) {
      this.zipChannel = new WorkerChannel(EXTRACT_WORKER, this.module, { name: 'archive worker' });
    }
    const channel = this.zipChannel;
    const { zip, files } = await channel.request('zipOpen', { path, file, url });
    return {
      files,
      read: (maxItems, maxBytes) => channel.request('zipRead', { zip, maxItems, maxBytes }),
      close: () => {
        if (channel.alive) channel.worker.postMessage({ type: 'zipClose', zip });
      },
    };
  }

  /** The debugging handle: stops extraction worker `index` (or the archive worker, 'zip') as a crash would. */
  kill(index) {
    if (index === 'zip') return this.zipChannel?.kill();
    return this.slots[index]?.channel.kill();
  }
}
