// The index worker's side of the concordance (index-worker.js merges these
// handlers). The rows of the last concordance stay here; the page asks for
// the window it shows, so 100,000 occurrences never cross to the main thread
// at once, and the CSV is made here from all of them.
//
// Protocol:
//   → { type: 'concordance', id, query, width, sort }   sort: text | left | right
//   ← { type: 'concordance', id, total, version } | { type: 'concordance', id, error }
//       `version` changes when the corpus does (files added, a corpus restored)
//   → { type: 'concordanceRows', id, query, width, sort, start, count }
//   ← { type: 'concordanceRows', id, rows }   rows as the core gives them, each
//       with `mark`: which of the reader's marks of its article it is
//   → { type: 'concordanceCsv', id, query, width, sort }   ← { type: 'concordanceCsv', id, csv }

import { csvTable } from './pkg/jianbao_wasm.js';
import { isTrap } from './workers.js';

/** The last concordance: its query, width, and rows in the order asked for. */
let held = { query: null, width: 0, sort: 'text', rows: [], marks: new Map() };

/** `title`, `lead`, `paragraph:3`: the core's field names (Field::name), from its serialised form. */
export function fieldName(field) {
  return typeof field === 'string' ? field : `paragraph:${field.paragraph}`;
}

/** Where a row is in its article, for the mark lookup. */
const rowKey = (row) => `${row.doc}\u0000${fieldName(row.field)}\u0000${row.start}`;

/**
 * The reader marks the query in the lead and paragraphs (not the title) in
 * reading order: the n-th such row of an article is its n-th mark. Counted
 * from the rows in text order.
 */
function markNumbers(rowsInTextOrder) {
  const marks = new Map();
  const seen = new Map();
  for (const row of rowsInTextOrder) {
    const n = seen.get(row.doc) || 0;
    if (row.field === 'title') {
      marks.set(rowKey(row), 0);
      continue;
    }
    marks.set(rowKey(row), n);
    seen.set(row.doc, n + 1);
  }
  return marks;
}

/** The corpus object and its file count when `held` was made: a load or a restore since makes it stale. */
const versions = new WeakMap();
let nextVersion = 1;
function versionOf(corpus) {
  const files = corpus.stats().files;
  const known = versions.get(corpus);
  if (known?.files === files) return known.version;
  versions.set(corpus, { files, version: nextVersion });
  return nextVersion++;
}

/** Makes `held` the concordance of `query` in `sort` order (the core's sort), if it is not already. */
function hold(corpus, { query, width, sort }) {
  const version = versionOf(corpus);
  if (held.query !== query || held.width !== width || held.version !== version) {
    const inText = corpus.concordance(query, width, 'text');
    held = { query, width, version, sort: 'text', rows: inText, marks: markNumbers(inText) };
  }
  if (held.sort !== sort) Object.assign(held, { sort, rows: corpus.concordance(query, width, sort) });
}

// Each request names its concordance, so a fresh worker (after a crash)
// answers for the same rows.
export function concordanceHandlers(corpus) {
  return {
    concordance: (request) => {
      try {
        hold(corpus(), request);
        return { type: 'concordance', total: held.rows.length, version: held.version };
      } catch (error) {
        if (isTrap(error)) throw error;
        held = { query: null, width: 0, sort: 'text', rows: [], marks: new Map() };
        return { type: 'concordance', error: String(error?.message || error) }; // a malformed query
      }
    },
    concordanceRows: (request) => {
      hold(corpus(), request);
      const { start, count } = request;
      const rows = held.rows.slice(start, start + count);
      return { type: 'concordanceRows', rows: rows.map((row) => ({ ...row, field: fieldName(row.field), mark: held.marks.get(rowKey(row)) ?? 0 })) };
    },
    concordanceCsv: (request) => {
      hold(corpus(), request);
      // The core's CSV rule (BOM, RFC 4180 quoting, CRLF), as the article export's.
      const cells = held.rows.flatMap((r) => [r.path, r.id, fieldName(r.field), r.left, r.match, r.right]);
      return { type: 'concordanceCsv', csv: csvTable(['path', 'id', 'field', 'left', 'match', 'right'], cells) };
    },
  };
}
