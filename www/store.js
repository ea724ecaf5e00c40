// Where the corpus is kept between visits: the browser's origin-private file
// system (OPFS), or IndexedDB where OPFS is missing. Nothing here leaves the
// computer; it is the same storage a site's own cache lives in, cleared with
// the page's "Clear stored corpus" button or the browser's site data.
//
// OPFS layout (folder `jianbao/`):
//   corpus-a.bin, corpus-b.bin   two slots, each the core's saved corpus
//                                (Corpus::to_bytes: magic, format version, body, XXH64)
//   current.json                 { slot, generation, bytes, files, articles, savedAt }
//
// A save writes the slot that is NOT current, flushes it, then rewrites
// current.json to name it, then empties the old slot. A reload in the middle
// of a save therefore finds the previous corpus intact: the slot being
// written is not current yet (and its checksum would not match anyway). If
// current.json itself was cut mid-write, every slot is tried, newest first,
// and the first the core reads wins.
//
// The bytes go between wasm memory and the slot through a
// FileSystemSyncAccessHandle, inside the core's binding (web-sys:
// `WasmCorpus.saveTo` / `loadFrom`): no copy of hundreds of megabytes in JS.
// Sync access handles exist only in dedicated workers, so saving and loading
// run in the index worker; `storedMeta` (what the page shows before the core
// has started) works in the page too.
//
// IndexedDB fallback (database `jianbao`, store `corpus`): the meta and the
// bytes in one transaction, which IndexedDB makes atomic.
//
// Errors come out as a `StoreError` with a `code` the page translates:
//   quota        the browser refused the space
//   unavailable  no storage at all (a private window, storage blocked)
//   busy         another tab of this page is writing the stored corpus
//   failed       anything else the browser threw (its message kept)
// A stored corpus the core cannot read throws the core's LoadError
// (`code`: version | damaged | not-a-corpus).

const DIR = 'jianbao';
const SLOTS = ['corpus-a.bin', 'corpus-b.bin'];
const CURRENT = 'current.json';
const IDB_NAME = 'jianbao';
const IDB_STORE = 'corpus';

export class StoreError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'StoreError';
    this.code = code;
  }
}

/** A browser exception as a StoreError (a LoadError from the core passes through). */
function storeError(error) {
  if (error instanceof StoreError || error?.name === 'LoadError') return error;
  const name = error?.name || '';
  const message = String(error?.message || error);
  if (name === 'QuotaExceededError' || /quota/i.test(message)) return new StoreError('quota', message);
  if (name === 'SecurityError' || name === 'NotAllowedError' || name === 'InvalidStateError') return new StoreError('unavailable', message);
  if (name === 'NoModificationAllowedError') return new StoreError('busy', message);
  return new StoreError('failed', message);
}

const hasOpfs = () => typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function';
/** Sync access handles: dedicated workers only. */
const canSync = () => typeof FileSystemSyncAccessHandle === 'function';

async function opfsFolder(create) {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle(DIR, { create });
}

async function readJson(folder, name) {
  try {
    const file = await (await folder.getFileHandle(name)).getFile();
    return JSON.parse(await file.text());
  } catch {
    return null; // missing or cut mid-write: the slots are tried instead
  }
}

/** Writes a small file through a sync access handle (worker only). */
async function writeSmall(folder, name, bytes) {
  const handle = await (await folder.getFileHandle(name, { create: true })).createSyncAccessHandle();
  try {
    handle.truncate(0);
    handle.write(bytes, { at: 0 });
    handle.flush();
  } finally {
    handle.close();
  }
}

/** Runs `use(handle)` on a sync access handle to slot `name`, closing it after. */
async function withSlot(folder, name, create, use) {
  const handle = await (await folder.getFileHandle(name, { create })).createSyncAccessHandle();
  try {
    return use(handle);
  } finally {
    handle.close();
  }
}

function idbOpen() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(IDB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(IDB_STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new StoreError('busy', 'IndexedDB is held by another tab'));
  });
}

function idbDo(mode, work) {
  return idbOpen().then((db) => new Promise((resolve, reject) => {
    const tx = db.transaction(IDB_STORE, mode);
    const store = tx.objectStore(IDB_STORE);
    const result = work(store);
    tx.oncomplete = () => { db.close(); resolve(result?.result); };
    tx.onerror = tx.onabort = () => { db.close(); reject(tx.error); };
  }));
}

/** Where the worker keeps the corpus: 'opfs' (with sync handles), else 'idb', else null. */
function backend() {
  if (hasOpfs() && canSync()) return 'opfs';
  if (typeof indexedDB !== 'undefined') return 'idb';
  return null;
}

/**
 * What is stored, read without loading it: `{ bytes, files, articles,
 * savedAt, where }`, or null when nothing is. Works in the page and in the
 * worker.
 */
export async function storedMeta() {
  if (hasOpfs()) {
    try {
      const folder = await opfsFolder(false);
      const meta = await readJson(folder, CURRENT);
      if (meta) return { ...meta, where: 'opfs' };
      // No readable pointer: is there a slot at all?
      for (const name of SLOTS) {
        const file = await folder.getFileHandle(name).then((h) => h.getFile(), () => null);
        if (file?.size) return { bytes: file.size, files: null, articles: null, where: 'opfs' };
      }
    } catch {
      // No folder yet, or storage refused: try IndexedDB.
    }
  }
  if (typeof indexedDB !== 'undefined') {
    try {
      // Opening would create the database: look first, where the browser can tell.
      const known = await indexedDB.databases?.();
      if (known && !known.some((db) => db.name === IDB_NAME)) return null;
      const meta = await idbDo('readonly', (store) => store.get('meta'));
      if (meta) return { ...meta, where: 'idb' };
    } catch {
      // Refused: nothing stored.
    }
  }
  return null;
}

/**
 * Stores `corpus` (a WasmCorpus) with `stats` (`{ files, articles }`);
 * resolves to the new meta. Worker only.
 */
export async function save(corpus, stats) {
  const where = backend();
  if (!where) throw new StoreError('unavailable', 'this browser offers no storage to this page');
  try {
    if (where === 'opfs' && canSync()) return await saveOpfs(corpus, stats);
    return await saveIdb(corpus, stats);
  } catch (error) {
    throw storeError(error);
  }
}

async function saveOpfs(corpus, stats) {
  const folder = await opfsFolder(true);
  const previous = await readJson(folder, CURRENT);
  const slot = previous && SLOTS[previous.slot] ? 1 - previous.slot : 0;
  let meta;
  try {
    const bytes = await withSlot(folder, SLOTS[slot], true, (handle) => corpus.saveTo(handle));
    meta = {
      slot, generation: (previous?.generation || 0) + 1, bytes, files: stats.files, articles: stats.articles, savedAt: Date.now(),
    };
    await writeSmall(folder, CURRENT, new TextEncoder().encode(JSON.stringify(meta)));
  } catch (error) {
    // Give the space back: a refused write leaves a partial slot behind, and
    // a refused pointer a whole one that nothing names. (The browser may
    // account for the space late and refuse only the pointer.) The old slot
    // is untouched, so a damaged pointer still finds the previous corpus.
    await withSlot(folder, SLOTS[slot], true, (handle) => handle.truncate(0)).catch(() => {});
    throw error;
  }
  // Only now is the old slot not needed: empty it, so the corpus takes its size once.
  await withSlot(folder, SLOTS[1 - slot], true, (handle) => handle.truncate(0)).catch(() => {});
  return { ...meta, where: 'opfs' };
}

async function saveIdb(corpus, stats) {
  const bytes = corpus.toBytes();
  const previous = await idbDo('readonly', (store) => store.get('meta')).catch(() => null);
  const meta = {
    slot: 0, generation: (previous?.generation || 0) + 1, bytes: bytes.byteLength, files: stats.files, articles: stats.articles, savedAt: Date.now(),
  };
  await idbDo('readwrite', (store) => {
    store.put(bytes, 'bytes');
    return store.put(meta, 'meta');
  });
  return { ...meta, where: 'idb' };
}

/**
 * Loads the stored corpus: `{ corpus, meta }`, or null when nothing is
 * stored. `WasmCorpus`: the binding's class. Throws the core's LoadError
 * for a stored corpus it cannot read, a StoreError when storage fails.
 * Worker only.
 */
export async function load(WasmCorpus) {
  const where = backend();
  if (!where) return null;
  try {
    if (where === 'opfs' && canSync()) return await loadOpfs(WasmCorpus);
    return await loadIdb(WasmCorpus);
  } catch (error) {
    throw storeError(error);
  }
}

async function loadOpfs(WasmCorpus) {
  let folder;
  try {
    folder = await opfsFolder(false);
  } catch (error) {
    if (error?.name === 'NotFoundError') return null;
    throw error;
  }
  const meta = await readJson(folder, CURRENT);
  // The current slot; with no readable pointer, every slot, newest first.
  let order = meta && SLOTS[meta.slot] ? [meta.slot] : [];
  if (!order.length) {
    const dated = [];
    for (const [slot, name] of SLOTS.entries()) {
      const file = await folder.getFileHandle(name).then((h) => h.getFile(), () => null);
      if (file?.size) dated.push({ slot, modified: file.lastModified });
    }
    order = dated.sort((a, b) => b.modified - a.modified).map((d) => d.slot);
  }
  let firstError = null;
  for (const slot of order) {
    try {
      const corpus = await withSlot(folder, SLOTS[slot], false, (handle) => WasmCorpus.loadFrom(handle));
      return { corpus, meta: { ...(meta || {}), slot, where: 'opfs' } };
    } catch (error) {
      firstError ??= error;
    }
  }
  if (firstError) throw firstError;
  return null;
}

async function loadIdb(WasmCorpus) {
  const [meta, bytes] = await Promise.all([
    idbDo('readonly', (store) => store.get('meta')),
    idbDo('readonly', (store) => store.get('bytes')),
  ]);
  if (!bytes) return null;
  return { corpus: WasmCorpus.fromBytes(new Uint8Array(bytes)), meta: { ...(meta || {}), where: 'idb' } };
}

/** Removes everything stored (both backends). */
export async function clear() {
  const errors = [];
  if (hasOpfs()) {
    try {
      const root = await navigator.storage.getDirectory();
      await root.removeEntry(DIR, { recursive: true });
    } catch (error) {
      if (error?.name !== 'NotFoundError') errors.push(error);
    }
  }
  if (typeof indexedDB !== 'undefined') {
    await new Promise((resolve) => {
      const request = indexedDB.deleteDatabase(IDB_NAME);
      request.onsuccess = request.onerror = request.onblocked = () => resolve();
    });
  }
  if (errors.length) throw storeError(errors[0]);
}
