// The index worker: hosts the wasm core's corpus (records, duplicates, the
// search index). It extracts nothing itself: extraction workers make record
// lines, the page hands them here in batches, in the order the files came.
//
// Protocol (see workers.js for init, crashed):
//   → { type: 'records', id, records }    record lines joined by '\n'
//   ← { type: 'added', id, summaries, stats }   one summary per line, in order
//   → { type: 'search', id, query, options: { sort, offset, limit, facets } }
//   ← { type: 'results', id, total, hits, facets } | { type: 'results', id, error }
//   → { type: 'article', id, doc, maxParagraphs, maxBytes }
//   ← { type: 'article', id, record }   the first page of paragraphs, and `paragraph_count`
//   → { type: 'paragraphs', id, doc, start, maxParagraphs, maxBytes }
//   ← { type: 'paragraphs', id, paragraphs }

import init, { WasmCorpus, version } from './pkg/jianbao_wasm.js';
import { isTrap } from './workers.js';

let corpus = null;
let ready = null;
let poisoned = false;

const handlers = {
  records: ({ records }) => ({
    type: 'added',
    summaries: corpus.addRecords(new Uint8Array(records)),
    stats: corpus.stats(),
  }),
  search: ({ query, options }) => {
    try {
      return { type: 'results', ...corpus.search(query, options) };
    } catch (error) {
      if (isTrap(error)) throw error;
      return { type: 'results', error: String(error?.message || error) }; // a malformed query, in words
    }
  },
  article: ({ doc, maxParagraphs, maxBytes }) => ({ type: 'article', record: corpus.getHead(doc, maxParagraphs, maxBytes) }),
  paragraphs: ({ doc, start, maxParagraphs, maxBytes }) => ({
    type: 'paragraphs',
    paragraphs: corpus.paragraphs(doc, start, maxParagraphs, maxBytes),
  }),
};

self.onmessage = async ({ data }) => {
  if (data.type === 'init') {
    ready = init({ module_or_path: data.module }).then(
      () => {
        corpus = new WasmCorpus();
        postMessage({ type: 'ready', version: version() });
      },
      (error) => {
        postMessage({ type: 'fatal', message: String(error?.message || error) });
        throw error;
      },
    );
    return;
  }
  try {
    await ready; // requests wait for the core, in the order they came
  } catch {
    return;
  }
  const handler = handlers[data.type];
  if (poisoned || !handler) return;
  try {
    postMessage({ ...handler(data), id: data.id });
  } catch (error) {
    // The corpus cannot be trusted after this: the page starts a fresh worker
    // and refills it from the record lines it keeps.
    poisoned = true;
    postMessage({ type: 'crashed', id: data.id, message: String(error?.message || error) });
  }
};
