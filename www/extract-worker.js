// An extraction worker: turns file bytes into record lines (the CLI's JSON,
// one line per file) and reads ZIP archives entry by entry. It holds no
// corpus: what it makes goes back to the page, which hands it to the index
// worker (and keeps it, so a fresh index can be refilled). The page runs a
// few of these, one per core, plus one that only reads archives.
//
// Protocol (see workers.js for init, started and crashed):
//   → { type: 'extract', id, items: [{ path, buffer, warning } | { path, record }] }
//       `buffer`: a file's bytes (`warning`: what the archive reader noticed
//       about a ZIP entry, `{ code, message }`, if anything); `record`: a
//       record line made already (a ZIP entry that could not be read), passed
//       through in place
//   ← { type: 'extracted', id, records, count }   `records`: the record lines
//       joined by '\n', in item order (an ArrayBuffer, transferred)
//   ← { type: 'crashed', id, message, index, records, count }   the core
//       trapped on item `index`; `records` holds the lines of the items before it
//   → { type: 'zipOpen', id, path, buffer }   ← { type: 'zipOpened', id, zip, files }
//   → { type: 'zipRead', id, zip, maxItems, maxBytes }
//   ← { type: 'zipItems', id, items (as `extract` takes them), done }
//   → { type: 'zipClose', zip }

import init, { extractFile, openZip, version } from './pkg/jianbao_wasm.js';
import { joinLines } from './lines.js';

/** Set once the core has trapped: this instance does no more work. */
let poisoned = false;
const zips = new Map();
let nextZip = 1;

function extract({ id, items }) {
  postMessage({ type: 'started', id });
  const lines = [];
  for (let index = 0; index < items.length; index++) {
    const { path, buffer, record, warning } = items[index];
    if (record) {
      lines.push(new Uint8Array(record));
      continue;
    }
    try {
      lines.push(extractFile(path, new Uint8Array(buffer), warning?.code, warning?.message));
    } catch (error) {
      // extractFile never fails on input: anything thrown is the core trapping.
      poisoned = true;
      const records = joinLines(lines);
      postMessage({ type: 'crashed', id, message: String(error?.message || error), index, records, count: lines.length }, [records]);
      return;
    }
  }
  const records = joinLines(lines);
  postMessage({ type: 'extracted', id, records, count: lines.length }, [records]);
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
      items.push({ path: entry.path, buffer: ownBuffer(entry.bytes), warning: entry.warning });
      bytes += entry.bytes.byteLength;
    } else {
      items.push({ path: entry.path, record: ownBuffer(entry.record) });
    }
  }
  if (done) zipClose({ zip });
  const transfer = items.map((item) => item.buffer || item.record);
  postMessage({ type: 'zipItems', id, items, done }, transfer);
}

function zipClose({ zip }) {
  zips.get(zip)?.free();
  zips.delete(zip);
}

const handlers = {
  extract,
  zipOpen: ({ id, path, buffer }) => {
    const zip = nextZip++;
    const archive = openZip(path, new Uint8Array(buffer));
    zips.set(zip, archive);
    postMessage({ type: 'zipOpened', id, zip, files: archive.files() });
  },
  zipRead,
  zipClose,
};

let ready = null;

self.onmessage = async ({ data }) => {
  if (data.type === 'init') {
    ready = init({ module_or_path: data.module }).then(
      () => postMessage({ type: 'ready', version: version() }),
      (error) => {
        postMessage({ type: 'fatal', message: String(error?.message || error) });
        throw error;
      },
    );
    return;
  }
  try {
    await ready; // messages wait for the core, in the order they came
  } catch {
    return;
  }
  if (poisoned) return; // the page stops this worker on its crash report
  try {
    handlers[data.type]?.(data);
  } catch (error) {
    // Opening or reading an archive never throws on bad input (it yields
    // error entries), so this too is the core trapping.
    poisoned = true;
    postMessage({ type: 'crashed', id: data.id, message: String(error?.message || error) });
  }
};
