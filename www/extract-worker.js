// An extraction worker: turns files into record lines (the CLI's JSON,
// one line per file) and reads ZIP archives entry by entry. It holds no
// corpus: what it makes goes back to the page, which hands it to the index
// worker (and keeps it, so a fresh index can be refilled). The page runs a
// few of these, one per core, plus one that only reads archives.
//
// Files are read here, not on the page: the page sends File handles (or, for
// the bundled sample, addresses to fetch), so its main thread never copies
// bytes, and reading overlaps extraction (a queued batch is read while the
// one before it is extracted).
//
// Protocol (see workers.js for init, started and crashed):
//   → { type: 'extract', id, items }   each item one of
//       { path, file }     a File (or Blob) to read
//       { path, url }      an address (same origin) to fetch
//       { path, bytes, warning }   a ZIP entry's bytes, with what the archive
//                          reader noticed about it (`{ code, message }`), if anything
//       { path, record }   a record line made already, passed through in place
//   ← { type: 'extracted', id, records, count, zips }   `records`: the record
//       lines joined by '\n', in item order (an ArrayBuffer, transferred);
//       `zips`: the indices of items that are ZIP archives (no line: the page
//       has them read by the archive worker)
//   ← { type: 'crashed', id, message, index, records, zips }   the core
//       trapped on item `index`; `records` and `zips` cover the items before it
//   → { type: 'zipOpen', id, path, file | url }   ← { type: 'zipOpened', id, zip, files }
//   → { type: 'zipRead', id, zip, maxItems, maxBytes }
//   ← { type: 'zipItems', id, items (as `extract` takes them), done }
//   → { type: 'zipClose', zip }

import init, { extractFile, isZip, openZip, version } from './pkg/jianbao_wasm.js';
import { errorLine, joinLines } from './lines.js';
import { t } from './i18n.js';
import { serveCore } from './workers.js';

/**
 * The largest file read: the core's limit for one file (the CLI's
 * `--max-file-size` default, and the cap on a ZIP entry). A ZIP archive may
 * be larger, up to what the archive worker's wasm memory (4 GiB at most) can
 * hold beside its work.
 */
const MAX_FILE_BYTES = 64 << 20;
const MAX_ZIP_BYTES = 2 ** 31;
const MIB = 1 << 20;

const zips = new Map();
let nextZip = 1;

const startsLikeZip = (buffer) => isZip(new Uint8Array(buffer, 0, Math.min(4, buffer.byteLength)));

/** The bytes behind an item's File or address. */
async function readSource({ file, url }) {
  if (file) return file.arrayBuffer();
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.arrayBuffer();
}

/** The record line of a file too large to read: a `too-large` problem, as the CLI reports it. */
function tooLarge(path, size, limit) {
  return errorLine(path, size, t('tooLarge', Math.ceil(size / MIB), limit / MIB), 'too-large');
}

/**
 * What an item comes to before extraction: `{ bytes }` to extract, `{ line }`
 * (a record line already: passed through, or why the file was not read), or
 * `{ zip: true }`. Never rejects.
 */
async function prepare(item) {
  if (item.record) return { line: new Uint8Array(item.record) };
  if (item.bytes) return { bytes: new Uint8Array(item.bytes), warning: item.warning };
  const size = item.file?.size ?? 0;
  try {
    if (size > MAX_FILE_BYTES) {
      // Only its first bytes: a ZIP archive may be that large, nothing else.
      if (!startsLikeZip(await item.file.slice(0, 4).arrayBuffer())) return { line: tooLarge(item.path, size, MAX_FILE_BYTES) };
      return size <= MAX_ZIP_BYTES ? { zip: true } : { line: tooLarge(item.path, size, MAX_ZIP_BYTES) };
    }
    const buffer = await readSource(item);
    if (startsLikeZip(buffer)) return { zip: true };
    if (buffer.byteLength > MAX_FILE_BYTES) return { line: tooLarge(item.path, buffer.byteLength, MAX_FILE_BYTES) };
    return { bytes: new Uint8Array(buffer) };
  } catch (error) {
    return { line: errorLine(item.path, size, t('readFailed', error?.message || error), 'unreadable') };
  }
}

/** Extraction requests run one after another; their reads start as soon as they arrive. */
let queue = Promise.resolve();

function extract({ id, items }) {
  const prepared = items.map(prepare);
  queue = queue.then(() => extractPrepared(id, items, prepared));
}

async function extractPrepared(id, items, prepared) {
  if (worker.poisoned) return;
  postMessage({ type: 'started', id });
  const lines = [];
  const zipped = [];
  for (let index = 0; index < items.length; index++) {
    const { bytes, warning, line, zip } = await prepared[index];
    prepared[index] = null; // the bytes can go once extracted
    if (zip) zipped.push(index);
    else if (line) lines.push(line);
    else {
      try {
        lines.push(extractFile(items[index].path, bytes, warning?.code, warning?.message));
      } catch (error) {
        // extractFile never fails on input: anything thrown is the core trapping.
        worker.poisoned = true;
        const records = joinLines(lines);
        postMessage({ type: 'crashed', id, message: String(error?.message || error), index, records, zips: zipped }, [records]);
        return;
      }
    }
  }
  const records = joinLines(lines);
  postMessage({ type: 'extracted', id, records, count: lines.length, zips: zipped }, [records]);
}

/** A slice of a wasm-made Uint8Array as its own transferable buffer. */
const ownBuffer = (bytes) => (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
  ? bytes.buffer : bytes.slice().buffer);

function zipRead({ id, zip, maxItems, maxBytes }) {
  const archive = zips.get(zip);
  const items = [];
  let bytes = 0;
  let done = !archive;
  while (archive && items.length < maxItems && bytes < maxBytes) {
    const entry = archive.nextEntry();
    if (!entry) {
      done = true;
      break;
    }
    if (entry.bytes) {
      items.push({ path: entry.path, bytes: ownBuffer(entry.bytes), warning: entry.warning });
      bytes += entry.bytes.byteLength;
    } else {
      items.push({ path: entry.path, record: ownBuffer(entry.record) });
    }
  }
  if (done) zipClose({ zip });
  const transfer = items.map((item) => item.bytes || item.record);
  postMessage({ type: 'zipItems', id, items, done }, transfer);
}

function zipClose({ zip }) {
  zips.get(zip)?.free();
  zips.delete(zip);
}

const handlers = {
  extract,
  zipOpen: async ({ id, path, file, url }) => {
    const bytes = new Uint8Array(await readSource({ file, url }));
    const zip = nextZip++;
    const archive = openZip(path, bytes);
    zips.set(zip, archive);
    postMessage({ type: 'zipOpened', id, zip, files: archive.files() });
  },
  zipRead,
  zipClose,
};

// Opening or reading an archive never throws on bad input (it yields error
// entries), so a handler that throws is the core trapping, or the archive's
// file could not be read; either way the archive is one problem row.
const worker = serveCore({ init, version, handlers });
