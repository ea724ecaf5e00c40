// Where files come from (pickers, drops with folders, the bundled sample) and
// how they reach the core: in batches, as File handles (or the sample's
// addresses) that the extraction workers read themselves, then as record
// lines to the index, with at most a few batches in flight so a cancel takes
// effect soon and memory stays bounded. The page's main thread never holds a
// file's bytes.

import { t } from './i18n.js';
import { errorLine } from './lines.js';

/**
 * A file to read: `path` as shown to the user, `size`, and `item`, what the
 * extraction workers read it from (`{ path, file }` or `{ path, url }`), or
 * `error` when the browser could not even list it.
 */
const fileEntry = (path, file) => ({ path, size: file.size, item: { path, file } });

/** Entries from an `<input type=file>` (folders keep their relative paths). */
export function fromFileList(files) {
  return Array.from(files, (file) => fileEntry(file.webkitRelativePath || file.name, file));
}

/**
 * Entries from a drop: files, and folders walked recursively through the
 * drop's directory entries, as an async iterable, so reading starts while a
 * large folder is still being walked. The items must be captured
 * synchronously, while the drop event is being dispatched; the walk itself
 * is asynchronous.
 */
export function fromDataTransfer(dataTransfer) {
  const roots = [];
  for (const item of Array.from(dataTransfer.items || [])) {
    if (item.kind !== 'file') continue;
    const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
    if (entry) roots.push({ entry });
    else {
      const file = item.getAsFile();
      if (file) roots.push({ file });
    }
  }
  if (roots.length === 0) {
    for (const file of Array.from(dataTransfer.files || [])) roots.push({ file });
  }
  return (async function* dropped() {
    for (const root of roots) {
      if (root.file) yield fileEntry(root.file.name, root.file);
      else yield* walk(root.entry);
    }
  })();
}

const entryFile = (entry) => new Promise((resolve, reject) => entry.file(resolve, reject));

function readAllEntries(directory) {
  const reader = directory.createReader();
  const all = [];
  return new Promise((resolve, reject) => {
    const next = () => reader.readEntries((batch) => {
      if (batch.length === 0) return resolve(all);
      all.push(...batch);
      next();
    }, reject);
    next();
  });
}

const entryPath = (entry) => entry.fullPath.replace(/^\/+/, '') || entry.name;

/** A file entry's File, or the error that kept the browser from giving it. */
const fileOf = (entry) => entryFile(entry).then(
  (file) => fileEntry(entryPath(entry), file),
  (error) => ({ path: entryPath(entry), size: 0, error }),
);

/** Files asked of the browser at once while walking a folder (each is a round trip). */
const WALK_AHEAD = 64;

/** The files under `entry`, in name order, folder by folder. */
async function* walk(entry) {
  if (entry.isFile) {
    yield fileOf(entry);
    return;
  }
  if (!entry.isDirectory) return;
  const children = await readAllEntries(entry);
  children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (let i = 0; i < children.length;) {
    if (children[i].isDirectory) {
      yield* walk(children[i++]);
      continue;
    }
    // A run of files: their File objects asked for together, given in order.
    const run = [];
    while (i < children.length && !children[i].isDirectory && run.length < WALK_AHEAD) run.push(fileOf(children[i++]));
    for (const file of run) yield file;
  }
}

/** Entries of the bundled sample corpus (`sample/index.json`, written by `make web`). */
export async function fromSample(base = new URL('sample/', document.baseURI)) {
  const response = await fetch(new URL('index.json', base));
  if (!response.ok) throw new Error(`sample/index.json: HTTP ${response.status}`);
  const index = await response.json();
  return index.files.map(({ path, bytes }) => ({
    path,
    size: bytes,
    item: { path, url: new URL(path.split('/').map(encodeURIComponent).join('/'), base).href },
  }));
}

/** A batch: at most this many files or bytes (the first one small, so the first cards come soon). */
const BATCH_FILES = 64;
const FIRST_BATCH_FILES = 8;
const BATCH_BYTES = 8 << 20;

/**
 * Batches on their way: each is extracted as soon as it is full (the pool
 * runs batches side by side), then added to the index strictly in the order
 * the files came, so document numbers and duplicate marks do not depend on
 * which worker finished first. At most `limit` batches are between the two
 * at once, which bounds the bytes in flight.
 */
class Pipeline {
  constructor(core, limit, onAdded) {
    Object.assign(this, { core, limit, onAdded });
    this.items = [];
    this.bytes = 0;
    this.batches = 0;
    this.pending = 0;
    this.chain = Promise.resolve();
    this.failure = null;
    this.room = null;
    /** ZIP archives found among the files, waiting to be read. */
    this.zips = [];
  }

  /** Adds an item of `size` bytes (as extract-worker.js takes them), sending the batch when it is full. */
  async add(item, size) {
    this.items.push(item);
    this.bytes += size;
    const files = this.batches === 0 ? FIRST_BATCH_FILES : BATCH_FILES;
    if (this.items.length >= files || this.bytes >= BATCH_BYTES) await this.flush();
  }

  /** Sends what is batched (as one batch), then waits while too many are in flight. */
  async flush() {
    if (this.failure) throw this.failure;
    if (this.items.length) this.send(this.items);
    this.items = [];
    this.bytes = 0;
    while (this.pending >= this.limit) {
      await new Promise((resolve) => { this.room = resolve; });
      if (this.failure) throw this.failure;
    }
  }

  send(items) {
    this.batches++;
    this.pending++;
    const extracted = this.core.extract(items);
    extracted.catch(() => {}); // seen below, in order
    this.chain = this.chain.then(async () => {
      const { records, count, zips } = await extracted;
      this.zips.push(...zips);
      if (count === 0) return;
      const { summaries, stats } = await this.core.addRecords(records);
      this.onAdded(summaries, stats);
    }).catch((error) => {
      this.failure ||= error;
    }).finally(() => {
      this.pending--;
      this.room?.();
    });
  }

  /** Waits until every batch sent is in the index. */
  async settled() {
    await this.flush();
    await this.chain;
    if (this.failure) throw this.failure;
  }
}

/**
 * Reads `entries` (an array, or an async iterable as a drop's walk gives) and
 * sends them through the extraction workers to the index, in batches.
 * `onAdded(summaries, stats)` as records land (ZIP entries as they are read);
 * `onFound()` for each entry as it comes; `onMore(n)` when an archive
 * announces `n` files beyond itself; `onUnread(path, error)` for a file the
 * browser could not list.
 * Stops between batches (and between ZIP batches) when `signal` aborts;
 * batches already sent still land, so the counts stay whole (files =
 * articles + problems).
 */
export async function load(core, entries, { signal, onAdded, onFound, onMore, onUnread }) {
  await core.ready;
  const pipeline = new Pipeline(core, 2 * core.pool.size + 2, onAdded);
  const readZips = async () => {
    while (pipeline.zips.length && !signal.aborted) await readZip(core, pipeline, pipeline.zips.shift(), { signal, onMore });
  };
  for await (const entry of entries) {
    if (signal.aborted) break;
    onFound?.();
    if (entry.error) onUnread(entry.path, entry.error);
    else await pipeline.add(entry.item, entry.size || 0);
    await readZips();
  }
  // Archives found in the last batches are read once those are in.
  do {
    await pipeline.settled();
    await readZips();
  } while (pipeline.pending || pipeline.items.length);
  await pipeline.settled();
}

/** Reads an archive a batch of entries at a time, each batch through the pipeline. */
async function readZip(core, pipeline, item, { signal, onMore }) {
  await pipeline.flush(); // the files before the archive go first
  let zip = null;
  try {
    zip = await core.openZip(item);
    onMore(zip.files - 1);
    for (;;) {
      if (signal.aborted) return zip.close();
      const { items, done } = await zip.read(BATCH_FILES, BATCH_BYTES);
      pipeline.items.push(...items);
      await pipeline.flush();
      if (done) return;
    }
  } catch (error) {
    if (!(error?.name === 'WorkerFailure')) throw error;
    // The archive worker failed: what it read stays, the archive itself is one problem.
    const line = errorLine(item.path, item.file?.size ?? 0, t(zip ? 'archiveCrashed' : 'readerCrashed'));
    pipeline.items.push({ path: item.path, record: line.slice().buffer });
    await pipeline.flush();
  }
}
