// The index worker's side of the concordance (index-worker.js merges these
// handlers). The rows of the last concordance stay here; the page asks for
// the window it shows, so 100,000 occurrences never cross to the main thread
// at once, and the CSV is made here from all of them.
//
// Protocol:
//   → { type: 'concordance', id, query, width, sort }   sort: text | left | right
//   ← { type: 'concordance', id, total } | { type: 'concordance', id, error }
//   → { type: 'concordanceRows', id, start, count }
//   ← { type: 'concordanceRows', id, rows }   rows as the core gives them, each
//       with `mark`: which of the reader's marks of its article it is
//   → { type: 'concordanceCsv', id }          ← { type: 'concordanceCsv', id, csv }

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

/** A CSV field, RFC 4180: quoted when it holds a comma, quote or line break. */
const csvField = (s) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

export function concordanceHandlers(corpus) {
  return {
    concordance: ({ query, width, sort }) => {
      try {
        if (held.query !== query || held.width !== width) {
          const inText = corpus().concordance(query, width, 'text');
          held = { query, width, sort: 'text', rows: inText, marks: markNumbers(inText) };
        }
        if (held.sort !== sort) Object.assign(held, { sort, rows: corpus().concordance(query, width, sort) });
        return { type: 'concordance', total: held.rows.length };
      } catch (error) {
        if (isTrap(error)) throw error;
        held = { query: null, width: 0, sort: 'text', rows: [], marks: new Map() };
        return { type: 'concordance', error: String(error?.message || error) }; // a malformed query
      }
    },
    concordanceRows: ({ start, count }) => ({
      type: 'concordanceRows',
      rows: held.rows.slice(start, start + count).map((row) => ({ ...row, field: fieldName(row.field), mark: held.marks.get(rowKey(row)) ?? 0 })),
    }),
    concordanceCsv: () => {
      const lines = ['path,id,field,left,match,right'];
      for (const r of held.rows) lines.push([r.path, r.id, fieldName(r.field), r.left, r.match, r.right].map(csvField).join(','));
      return { type: 'concordanceCsv', csv: `\uFEFF${lines.join('\r\n')}\r\n` };
    },
  };
}
