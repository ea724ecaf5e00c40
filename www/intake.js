// Where files come from (pickers, drops with folders, the bundled sample) and
// how they reach the worker: read as ArrayBuffers, sent in batches, the
// buffers transferred, with at most a few batches in flight so a cancel takes
// effect at once and memory stays bounded.

/** A file to read: `path` as shown to the user, `read()` → ArrayBuffer. */
const fileEntry = (path, file) => ({ path, size: file.size, read: () => file.arrayBuffer() });

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

const BATCH_FILES = 64;
const BATCH_BYTES = 8 << 20;
const IN_FLIGHT = 2;

let jobs = 0;

/**
 * Reads `entries` and sends them to the worker in batches.
 * `onAdded(summaries, stats)` as records come back (ZIP entries as they are
 * read); `onMore(n)` when an archive announces `n` entries beyond itself;
 * `onUnread(path, error)` for a file the browser could not read.
 * Stops between files (and between ZIP entries) when `signal` aborts; files
 * already read still land, so the counts stay whole (files = articles + problems).
 */
export async function load(core, entries, { signal, onAdded, onMore, onUnread }) {
  const job = ++jobs;
  signal.addEventListener('abort', () => core.cancel(job), { once: true });
  const inFlight = new Set();
  let batch = [];
  let batchBytes = 0;

  const send = async () => {
    if (batch.length === 0) return;
    const files = batch;
    batch = [];
    batchBytes = 0;
    const partial = ({ summaries, stats, more }) => {
      if (more) onMore(more);
      onAdded(summaries, stats);
    };
    const request = core.addFiles(job, files, partial).then((reply) => {
      inFlight.delete(request);
      onAdded(reply.summaries, reply.stats);
    });
    inFlight.add(request);
    while (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
  };

  for (const entry of entries) {
    if (signal.aborted) break;
    try {
      const buffer = await entry.read();
      batch.push({ path: entry.path, buffer });
      batchBytes += buffer.byteLength;
    } catch (error) {
      onUnread(entry.path, error);
    }
    if (batch.length >= BATCH_FILES || batchBytes >= BATCH_BYTES) await send();
  }
  await send();
  await Promise.all(inFlight);
}
