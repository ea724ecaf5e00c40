// The page's handle on the worker: request/reply by id.
//
// The worker (and the wasm core it compiles) starts when the page is idle
// after its first paint, or at the first request, whichever comes first: the
// first view never waits for the core.

export class Core {
  constructor() {
    this.worker = null;
    this.pending = new Map();
    this.nextId = 1;
    this.ready = new Promise((resolve, reject) => {
      this.settleReady = { resolve, reject };
    });
  }

  /** Starts the worker (once). */
  start() {
    if (this.worker) return;
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    this.worker.addEventListener('message', ({ data }) => {
      if (data.type === 'ready') return this.settleReady.resolve(data.version);
      if (data.type === 'fatal') return this.settleReady.reject(new Error(data.message));
      const request = this.pending.get(data.id);
      if (!request) return;
      if (data.type === 'partial') return request.onPartial?.(data);
      this.pending.delete(data.id);
      request.resolve(data);
    });
    this.worker.addEventListener('error', (event) => {
      this.settleReady.reject(new Error(event.message || 'the worker failed to start'));
    });
  }

  /** Sends a request; resolves with the worker's reply (`onPartial` gets interim ones). */
  request(type, payload = {}, { transfer = [], onPartial } = {}) {
    this.start();
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, { resolve, onPartial });
      this.worker.postMessage({ type, id, ...payload }, transfer);
    });
  }

  /**
   * `files`: [{ path, buffer }]; the buffers are transferred, not copied.
   * `onPartial({ summaries, stats, more })` as the entries of a ZIP come in.
   */
  addFiles(job, files, onPartial) {
    return this.request('files', { job, files }, { transfer: files.map((f) => f.buffer), onPartial });
  }

  /** Stops reading the ZIP archives of `job` (between entries). */
  cancel(job) {
    this.worker?.postMessage({ type: 'cancel', job });
  }

  /** `options`: `{ offset, limit, facets }` (see the binding's `search`). */
  search(query, sort, options = {}) {
    return this.request('search', { query, options: { ...options, sort } });
  }

  get(doc) {
    return this.request('get', { doc }).then((reply) => reply.record);
  }
}
