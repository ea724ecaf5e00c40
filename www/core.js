// The page's handle on the worker: request/reply by id.

export class Core {
  constructor() {
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    this.pending = new Map();
    this.nextId = 1;
    this.ready = new Promise((resolve, reject) => {
      this.worker.addEventListener('message', ({ data }) => {
        if (data.type === 'ready') return resolve(data.version);
        if (data.type === 'fatal') return reject(new Error(data.message));
        const request = this.pending.get(data.id);
        if (!request) return;
        if (data.type === 'partial') return request.onPartial?.(data);
        this.pending.delete(data.id);
        request.resolve(data);
      });
      this.worker.addEventListener('error', (event) => {
        reject(new Error(event.message || 'worker failed to start'));
      });
    });
  }

  /** Sends a request; resolves with the worker's reply (`onPartial` gets interim ones). */
  request(type, payload = {}, { transfer = [], onPartial } = {}) {
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
    this.worker.postMessage({ type: 'cancel', job });
  }

  /** `options`: `{ offset, limit, facets }` (see the binding's `search`). */
  search(query, sort, options = {}) {
    return this.request('search', { query, options: { ...options, sort } });
  }

  get(doc) {
    return this.request('get', { doc }).then((reply) => reply.record);
  }
}
