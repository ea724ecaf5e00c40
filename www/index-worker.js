// The index worker: hosts the wasm core's corpus (records, duplicates, the
// search index). It extracts nothing itself: extraction workers make record
// lines, the page hands them here in batches, in the order the files came.
//
// Protocol (see workers.js for init, crashed):
//   → { type: 'records', id, records }    record lines joined by '\n'
//   ← { type: 'added', id, summaries, stats }   one summary per line, in order
//   → { type: 'search', id, query, options: { sort, offset, limit, facets, collapse, quickTotal } }
//   ← { type: 'results', id, total, estimatedTotal, hits, facets } | { type: 'results', id, error }
//   → { type: 'article', id, doc, query, maxChars, maxPieces }
//   ← { type: 'article', id, record, pieces, next }   the record without its
//       paragraphs (`paragraph_count` says how many), and the first page of them;
//       `record.lead_marks` and each piece's `marks`: where `query` matches (UTF-16);
//       `heading`: the piece is (part of) a subheading (the record's `headings`)
//   → { type: 'paragraphs', id, doc, next, maxChars, maxPieces }
//   ← { type: 'paragraphs', id, pieces, next }
//   exportStart, exportChunk, exportEnd: see index-export.js
//   learn (and learning after a restore): see index-learn.js
//   groupLinks, clusterStep: see index-stories.js
//   timeline: see index-timeline.js
//   concordance, concordanceRows, concordanceCsv: see index-concordance.js
//   → { type: 'save', id }                store the corpus on this computer (store.js)
//   ← { type: 'saved', id, meta } | { type: 'saved', id, error: { code, message } }
//   → { type: 'restore', id, generation }  replace the (empty) corpus by the stored one;
//       with `generation`, only if the stored one is still that save (a refill after a crash)
//   ← { type: 'restored', id, status: 'restored' | 'none' | 'changed', meta, stats, timings }
//       (`timings`: where reading the stored corpus went, in ms, when it was read from OPFS)
//     | { type: 'restored', id, status: 'unreadable', error: { code, message, found, supported } }
//   → { type: 'problems', id, start, max }   ← { type: 'problems', id, json }  (a JSON array of the
//       summaries of files that are not articles; articles' cards come with their search hits, `card`)
//   → { type: 'find', id, article }   ← { type: 'found', id, doc }  (the article with that id, or null)
//   → { type: 'clear', id }               ← { type: 'cleared', id, error? }
//
// Requests run one at a time in the order they came, the stored-corpus ones
// (which wait on the browser's storage) included, so nothing is searched or
// added while the corpus is being replaced or written.
//
// The reader's text comes in pages of at most `maxChars` characters, as
// pieces `{ text, end }`: a paragraph longer than a page is cut (`end` false
// on all but its last piece), so not even a 20 MB paragraph crosses to the
// page's main thread at once. `next` is where the following page starts,
// `{ paragraph, offset }`, or null after the last.

import init, { WasmCorpus, lastLoadTimings, version } from './pkg/jianbao_wasm.js';
import { isTrap, serveCore } from './workers.js';
import { softCut } from './format.js';
import { exportHandlers } from './index-export.js';
import { learnHandlers } from './index-learn.js';
import { storiesHandlers } from './index-stories.js';
import { timelineHandlers } from './index-timeline.js';
import { concordanceHandlers } from './index-concordance.js';
import * as store from './store.js';

let corpus = null;

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
  article: ({ doc, query = '', maxChars, maxPieces }) => {
    const record = corpus.getHead(doc, maxPieces, maxChars);
    if (!record) return { type: 'article', record };
    const paragraphs = record.paragraphs || [];
    delete record.paragraphs;
    cache = { doc, start: 0, paragraphs };
    marks = { doc, query, start: 0, lists: [], headings: new Set(record.headings || []) };
    record.lead_marks = query.trim() ? corpus.bodyMarks(doc, query, 0, 0).lead : [];
    return { type: 'article', record, ...textPage(doc, { paragraph: 0, offset: 0 }, maxChars, maxPieces) };
  },
  paragraphs: ({ doc, next, maxChars, maxPieces }) => ({ type: 'paragraphs', ...textPage(doc, next, maxChars, maxPieces) }),
  ...exportHandlers(() => corpus),
  ...storiesHandlers(() => corpus),
  ...timelineHandlers(() => corpus),
  ...concordanceHandlers(() => corpus),
  save: async () => {
    try {
      return { type: 'saved', meta: await store.save(corpus, corpus.stats()) };
    } catch (error) {
      if (isTrap(error)) throw error;
      return { type: 'saved', error: storeFailure(error) };
    }
  },
  restore: async ({ generation }) => {
    try {
      const found = await store.load(WasmCorpus);
      if (!found) return { type: 'restored', status: 'none' };
      if (generation != null && found.meta.generation !== generation) {
        found.corpus.free();
        return { type: 'restored', status: 'changed' };
      }
      corpus.free();
      corpus = found.corpus;
      return { type: 'restored', status: 'restored', meta: found.meta, stats: corpus.stats(), timings: lastLoadTimings() };
    } catch (error) {
      if (isTrap(error)) throw error;
      return { type: 'restored', status: 'unreadable', error: storeFailure(error) };
    }
  },
  problems: ({ start, max }) => ({ type: 'problems', json: corpus.problemsFrom(start, max) }),
  find: ({ article }) => ({ type: 'found', doc: corpus.docOfId(article) ?? null }),
  clear: async () => {
    try {
      await store.clear();
      return { type: 'cleared' };
    } catch (error) {
      return { type: 'cleared', error: storeFailure(error) };
    }
  },
};

Object.assign(handlers, learnHandlers(() => corpus, { ...handlers }));

/** A storage or load error as plain data for the page (which translates `code`). */
function storeFailure(error) {
  const { code = 'failed', found = null, supported = null } = error || {};
  return { code, message: String(error?.message || error), found, supported };
}

/** The paragraphs last fetched from the corpus, for the reader's next pages. */
let cache = { doc: -1, start: 0, paragraphs: [] };

/** Paragraph `i` of `doc` (undefined past the end), fetched from the corpus a few at a time. */
function paragraphAt(doc, i) {
  if (cache.doc !== doc || i < cache.start || i >= cache.start + cache.paragraphs.length) {
    cache = { doc, start: i, paragraphs: corpus.paragraphs(doc, i, 200, 1 << 20) };
  }
  return cache.paragraphs[i - cache.start];
}

/** The query matches of the article being read, a few paragraphs at a time. */
let marks = { doc: -1, query: '', start: 0, lists: [], headings: new Set() };

/** UTF-16 ranges of the reader's query in paragraph `i` of `doc`. */
function marksAt(doc, i) {
  if (marks.doc !== doc || !marks.query.trim()) return [];
  if (i < marks.start || i >= marks.start + marks.lists.length) {
    Object.assign(marks, { start: i, lists: corpus.bodyMarks(doc, marks.query, i, 200).paragraphs });
  }
  return marks.lists[i - marks.start] || [];
}

/** A page of the reader's text from `next` (see the protocol above). */
function textPage(doc, next, maxChars, maxPieces) {
  let { paragraph, offset } = next;
  const pieces = [];
  let chars = 0;
  while (chars < maxChars && pieces.length < maxPieces) {
    const text = paragraphAt(doc, paragraph);
    if (text === undefined) return { pieces, next: null };
    const rest = text.length - offset;
    const end = offset + (rest <= maxChars - chars ? rest : softCut(text.slice(offset, offset + maxChars - chars + 1), maxChars - chars));
    const inPiece = marksAt(doc, paragraph).filter(([a, b]) => a >= offset && b <= end).map(([a, b]) => [a - offset, b - offset]);
    const heading = marks.doc === doc && marks.headings.has(paragraph);
    pieces.push({ text: text.slice(offset, end), end: end === text.length, marks: inPiece, heading });
    chars += end - offset;
    if (end < text.length) {
      offset = end; // a cut paragraph ends the page
      break;
    }
    [paragraph, offset] = [paragraph + 1, 0];
  }
  return { pieces, next: paragraphAt(doc, paragraph) === undefined ? null : { paragraph, offset } };
}

// A handler that throws leaves a corpus that cannot be trusted: the page
// starts a fresh worker and refills it from the record lines it keeps.
serveCore({ init, version, handlers, onReady: () => { corpus = new WasmCorpus(); } });
