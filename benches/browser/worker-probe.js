// Served by benches/browser/ingest.mjs in place of the page's index-worker.js
// and extract-worker.js: it imports the real worker (the same file, unchanged,
// under another address, which ingest.mjs writes into the import below) and only watches it, so the benchmark can read what
// the page does not show:
// - per request type, how many came and how long the worker was busy with
//   them (reply time minus the later of arrival and the previous reply:
//   requests run one at a time, so waiting in the queue is not counted);
// - each search request's time, arrival to reply (the engine's time, the
//   structured copy of its reply included);
// - the wasm core's linear memory, once the worker's core is ready.
// `self.benchProbe()` resolves to all three.

// The real worker runs first (a static import is evaluated before this
// module's body), so its `self.onmessage` is there to wrap below, before any
// message is delivered.
import 'BENCH_ORIGINAL';
import init from './pkg/jianbao_wasm.js';

const arrived = new Map();
const busy = {};
const searches = [];
let lastReply = 0;
let ready = false;

const post = self.postMessage.bind(self);
self.postMessage = (message, transfer) => {
  if (message?.type === 'ready') ready = true;
  const request = message && message.type !== 'started' ? arrived.get(message.id) : undefined;
  if (request) {
    arrived.delete(message.id);
    const now = performance.now();
    const entry = (busy[request.type] ||= { count: 0, ms: 0 });
    entry.count += 1;
    entry.ms += now - Math.max(request.at, lastReply);
    lastReply = now;
    if (request.type === 'search') searches.push({ query: request.query, facets: request.facets, ms: now - request.at });
  }
  return post(message, transfer);
};

self.benchProbe = async () => ({
  busy,
  searches,
  wasmBytes: ready ? (await init()).memory.buffer.byteLength : 0,
});

const serve = self.onmessage;
self.onmessage = (event) => {
  const { data } = event;
  if (data && data.id !== undefined && data.type !== 'init') {
    arrived.set(data.id, { type: data.type, query: data.query, facets: !!data.options?.facets, at: performance.now() });
  }
  return serve.call(self, event);
};
