// Where files come from (pickers, drops with folders, the bundled sample) and
// how they reach the core: read as ArrayBuffers (a few ahead), sent in
// batches through the extraction workers to the index, with at most a few
// batches in flight so a cancel takes effect at once and memory stays bounded.

import { t } from './i18n.js';
import { errorLine } from './lines.js';

/**
 * A file to read: `path` as shown to the user, `size`, `read()` → its bytes
 * as an ArrayBuffer (`read(n)`: its first `n` bytes, at least).
 */
const fileEntry = (path, file) => ({
  path,
  size: file.size,
  read: (n) => (n === undefined ? file.arrayBuffer() : file.slice(0, n).arrayBuffer()),
});

/** Entries from an `<input type=file>` (folders keep their relative paths). */
export function fromFileList(files) {
  return Array.from(files, (file) => fileEntry(file.webkitRelativePath || file.name, file));
}

/**
 * Entries from a drop: files, and folders walked recursively through the
 * drop's directory entries. The items must be captured synchronously, while
 * the drop event is being dispatched; the walk itself is asynchronous.
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
  return (async () => {
    const out = [];
    for (const root of roots) {
      if (root.file) out.push(fileEntry(root.file.name, root.file));
      else await walk(root.entry, out);
    }
    return out;
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

async function walk(entry, out) {
  const path = entry.fullPath.replace(/^\/+/, '') || entry.name;
  if (entry.isFile) {
    try {
      out.push(fileEntry(path, await entryFile(entry)));
    } catch (error) {
      out.push({ path, size: 0, read: () => Promise.reject(error) });
    }
  } else if (entry.isDirectory) {
    const children = await readAllEntries(entry);
    children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const child of children) await walk(child, out);
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
    read: async () => {
      const url = new URL(path.split('/').map(encodeURIComponent).join('/'), base);
      const r = await fetch(url);
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      return r.arrayBuffer();
    },
  }));
}

/**
 * The largest file the page reads: the core's limit for one file (the CLI's
 * `--max-file-size` default, and the cap on a ZIP entry). A ZIP archive may
 * be larger, up to what the archive worker's wasm memory (4 GiB at most) can
 * hold beside its work.
 */
const MAX_FILE_BYTES = 64 << 20;
const MAX_ZIP_BYTES = 2 ** 31;
const MIB = 1 << 20;

/** A batch: at most this many files or bytes (the first one small, so the first cards come soon). */
const BATCH_FILES = 64;
const FIRST_BATCH_FILES = 8;
const BATCH_BYTES = 8 << 20;
/** Files read ahead of extraction: at most this many, or this many bytes (at least one file). */
const READ_AHEAD_FILES = 8;
const READ_AHEAD_BYTES = 32 << 20;

/**
 * Does the file start like a ZIP archive? The same three signatures as the
 * core's `archive::is_zip` (the core has the last word: an archive that is
 * not one becomes a single error record when it is opened).
 */
function looksLikeZip(buffer) {
  const b = new Uint8Array(buffer, 0, Math.min(4, buffer.byteLength));
  return b.length === 4 && b[0] === 0x50 && b[1] === 0x4b
    && ((b[2] === 3 && b[3] === 4) || (b[2] === 5 && b[3] === 6) || (b[2] === 7 && b[3] === 8));
}

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
  }

  /** Adds a file (`{ path, buffer }`, or `{ path, record }` made already), sending the batch when it is full. */
  async add(item) {
    this.items.push(item);
    this.bytes += (item.buffer || item.record).byteLength;
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
      const { records } = await extracted;
      const { summaries, stats } = await this.core.addRecords(records);
      this.onAdded(summaries, stats);
    }).catch((error) => {
      this.failure ||= error;
    }).finally(() => {
      this.pending--;
      this.room?.();
    });
  }

  /** Sends the rest and waits until every batch is in the index. */
  async finish() {
    await this.flush();
    await this.chain;
    if (this.failure) throw this.failure;
  }
}

/**
 * Reads `entries` and sends them through the extraction workers to the index,
 * in batches. `onAdded(summaries, stats)` as records land (ZIP entries as
 * they are read); `onMore(n)` when an archive announces `n` files beyond
 * itself; `onUnread(path, error)` for a file the browser could not read.
 * Stops between files (and between ZIP batches) when `signal` aborts; files
 * already read still land, so the counts stay whole (files = articles + problems).
 */
export async function load(core, entries, { signal, onAdded, onMore, onUnread }) {
  await core.ready;
  const pipeline = new Pipeline(core, 2 * core.pool.size + 2, onAdded);
  const reads = [];
  let next = 0;
  let aheadBytes = 0;
  const readAhead = () => {
    while (next < entries.length && !signal.aborted && reads.length < READ_AHEAD_FILES
      && (reads.length === 0 || aheadBytes + (entries[next].size || 0) <= READ_AHEAD_BYTES)) {
      const entry = entries[next++];
      aheadBytes += entry.size || 0;
      reads.push({ entry, result: readEntry(entry).catch((error) => ({ error })) });
    }
  };
  for (readAhead(); reads.length && !signal.aborted; readAhead()) {
    const { entry, result } = reads.shift();
    const { buffer, error } = await result;
    aheadBytes -= entry.size || 0;
    if (error) onUnread(entry.path, error);
    else if (!buffer) await pipeline.add({ path: entry.path, record: tooLarge(entry).slice().buffer });
    else if (looksLikeZip(buffer)) await readZip(core, pipeline, entry.path, buffer, { signal, onMore });
    else await pipeline.add({ path: entry.path, buffer });
  }
  await pipeline.finish();
}

/**
 * Reads an entry: `{ buffer }`, or `{}` for a file too large to read here
 * (only its first bytes are read, to tell a ZIP archive, which may be larger).
 */
async function readEntry(entry) {
  if ((entry.size || 0) > MAX_FILE_BYTES) {
    const zip = looksLikeZip(await entry.read(4));
    if (!zip || entry.size > MAX_ZIP_BYTES) return {};
  }
  return { buffer: await entry.read() };
}

/** The record line of a file too large to read: a `too-large` problem, as the CLI reports it. */
function tooLarge(entry) {
  const limit = entry.size > MAX_FILE_BYTES && entry.size <= MAX_ZIP_BYTES ? MAX_ZIP_BYTES : MAX_FILE_BYTES;
  return errorLine(entry.path, entry.size, t('tooLarge', Math.round(entry.size / MIB), limit / MIB), 'too-large');
}

/** Reads an archive a batch of entries at a time, each batch through the pipeline. */
async function readZip(core, pipeline, path, buffer, { signal, onMore }) {
  await pipeline.flush(); // the files before the archive go first
  const size = buffer.byteLength;
  let zip = null;
  try {
    zip = await core.openZip(path, buffer);
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
    pipeline.items.push({ path, record: errorLine(path, size, t(zip ? 'archiveCrashed' : 'readerCrashed')).slice().buffer });
    await pipeline.flush();
  }
}
