// The module worker that hosts the wasm core. Decoding, extraction, indexing
// and search all run here, so the page never freezes.
//
// Protocol (requests carry `id`; replies echo it):
//   → { type: 'files', id, job, files: [{ path, buffer }] }   buffers transferred
//   ← { type: 'partial', id, summaries, stats, more }  while a ZIP is read (`more`:
//       entries expected beyond this file, for the progress bar; sent once per archive)
//   ← { type: 'added', id, summaries, stats }
//   → { type: 'cancel', job }     stops the job's ZIP reading between entries
//   → { type: 'search', id, query, options: { sort, offset, limit, facets } }
//   ← { type: 'results', id, total, hits, facets } | { type: 'results', id, error }
//   → { type: 'get', id, doc }    ← { type: 'article', id, record }
//   ← { type: 'ready', version } once, or { type: 'fatal', message }

import init, { WasmCorpus, isZip, openZip, version } from './pkg/jianbao_wasm.js';

let corpus = null;
const cancelled = new Set();

const ready = init()
  .then(() => {
    corpus = new WasmCorpus();
    postMessage({ type: 'ready', version: version() });
  })
  .catch((error) => {
    postMessage({ type: 'fatal', message: String(error?.message || error) });
    throw error;
  });

/** Lets queued messages (a cancel) in between ZIP entries. */
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldToMessages = () => new Promise((resolve) => {
  waiting.push(resolve);
  channel.port2.postMessage(0);
});

const ZIP_STEP = 64;

async function addFiles({ id, job, files }) {
  const summaries = [];
  for (const { path, buffer } of files) {
    const bytes = new Uint8Array(buffer);
    try {
      if (!isZip(bytes.subarray(0, 4))) {
        summaries.push(corpus.addFile(path, bytes));
        continue;
      }
      const zip = openZip(path, bytes);
      let more = Math.max(0, zip.remaining() - 1);
      try {
        for (;;) {
          const step = corpus.addZipEntries(zip, ZIP_STEP);
          if (step.length === 0) break;
          postMessage({ type: 'partial', id, summaries: step, stats: corpus.stats(), more });
          more = 0;
          await yieldToMessages();
          if (cancelled.has(job)) break;
        }
      } finally {
        zip.free();
      }
    } catch (error) {
      // The core turns bad input into error records; this is a bug, but the
      // file must still be accounted for.
      summaries.push({ doc: null, path, error: `internal error: ${error?.message || error}` });
    }
  }
  return { type: 'added', summaries, stats: corpus.stats() };
}

const handlers = {
  files: addFiles,
  search: ({ query, options }) => {
    try {
      return { type: 'results', ...corpus.search(query, options) };
    } catch (error) {
      return { type: 'results', error: String(error?.message || error) };
    }
  },
  get: ({ doc }) => ({ type: 'article', record: corpus.get(doc) }),
};

self.onmessage = async ({ data }) => {
  if (data.type === 'cancel') {
    cancelled.add(data.job);
    return;
  }
  await ready;
  const handler = handlers[data.type];
  if (handler) postMessage({ ...(await handler(data)), id: data.id });
};
