// The index worker's side of an export (index-worker.js merges these
// handlers): the core writes the file of a view a chunk at a time, so the
// page never holds more than a chunk of it as anything but Blob parts.
//
// Protocol:
//   → { type: 'exportStart', id, exportId, query, sort, format, date, collapse }
//   ← { type: 'exportStarted', id, total, mediaType, name } | { ..., error }
//       `name`: the file name (the core's rule, from the query and `date`)
//   → { type: 'exportChunk', id, exportId, max }   up to `max` more articles
//   ← { type: 'exportChunk', id, bytes, done, finished }   `bytes`: a Uint8Array
//       (transferred); `finished` once every article is written (the export is freed)
//   → { type: 'exportEnd', id, exportId }          a cancelled export is dropped
//   ← { type: 'exportEnded', id }

import { exportFileName } from './pkg/jianbao_wasm.js';
import { isTrap } from './workers.js';

/** Exports being written, by the page's export id. */
const running = new Map();

function end(exportId) {
  running.get(exportId)?.free();
  running.delete(exportId);
}

/** The handlers, over the worker's corpus (`corpus()`: the live WasmCorpus). */
export function exportHandlers(corpus) {
  return {
    exportStart: ({ exportId, query, sort, format, date, collapse }) => {
      try {
        const job = corpus().startExport(query, sort, format, collapse);
        running.set(exportId, job);
        return { type: 'exportStarted', total: job.total(), mediaType: job.mediaType(), name: exportFileName(query, date, format) };
      } catch (error) {
        if (isTrap(error)) throw error;
        return { type: 'exportStarted', error: String(error?.message || error) }; // a malformed query, in words
      }
    },
    exportChunk: ({ exportId, max }) => {
      const job = running.get(exportId);
      if (!job) return { type: 'exportChunk', error: 'this export is no longer running' };
      const bytes = corpus().exportChunk(job, max);
      const done = job.done();
      const finished = done === job.total();
      if (finished) end(exportId);
      return { type: 'exportChunk', bytes, done, finished, transfer: [bytes.buffer] };
    },
    exportEnd: ({ exportId }) => {
      end(exportId);
      return { type: 'exportEnded' };
    },
  };
}
