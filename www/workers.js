// The page's workers, and what happens when one fails.
//
// Every worker hosts its own instance of the wasm core, compiled once on the
// page (`compileCore`) and handed over as a `WebAssembly.Module`. A
// `WorkerChannel` is one such worker seen from the page: requests by id,
// replies by id, and a guarantee that no request is left hanging — when the
// worker's core traps or the worker dies, every request still pending is
// rejected with a `WorkerFailure` and the channel is closed for good (a
// trapped wasm instance cannot be trusted again: a borrow flag may be left
// set, memory half written). Whoever owns the channel starts a fresh one.
//
// Worker protocol (both worker scripts):
//   → { type: 'init', module }           ← { type: 'ready', version } | { type: 'fatal', message }
//   → { type, id, ... }                  ← { type, id, ... } (the reply)
//   ← { type: 'started', id }            optional: the worker began this request
//   ← { type: 'crashed', id, message, ...details }   the core trapped on request `id`
//     (a RuntimeError or stack overflow inside wasm); the worker takes no more work.

import { t } from './i18n.js';

/** Compiles the core once; every worker instantiates the same module. */
export async function compileCore() {
  const url = new URL('./pkg/jianbao_wasm_bg.wasm', import.meta.url);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url.pathname}: HTTP ${response.status}`);
  if (typeof WebAssembly.compileStreaming === 'function') return WebAssembly.compileStreaming(response);
  return WebAssembly.compile(await response.arrayBuffer());
}

/**
 * Why a request did not get its reply: the worker's core trapped
 * (`crashed`: true, with the worker's `details`) or the worker was lost.
 */
export class WorkerFailure extends Error {
  constructor(message, { crashed = false, details = {} } = {}) {
    super(message);
    this.name = 'WorkerFailure';
    this.crashed = crashed;
    this.details = details;
  }
}

/**
 * Was `error` (caught inside a worker, around a call into wasm) the core
 * trapping rather than a readable error it returned? A trap is a
 * `WebAssembly.RuntimeError` (out-of-bounds access, `unreachable` after a
 * panic or an allocation failure); a stack overflow a `RangeError`; and a
 * call into an instance left mid-call by an earlier trap reports re-entrance.
 */
export function isTrap(error) {
  return error instanceof WebAssembly.RuntimeError
    || error instanceof RangeError
    || /recursive use of an object detected|null pointer passed to rust/i.test(String(error?.message));
}

/**
 * The message loop of a worker hosting the core (the protocol above): `init`
 * instantiates the core (`init`, wasm-bindgen's default export) and runs
 * `onReady`; every later message waits for it and for the message before it,
 * and goes to `handlers[type]`, which may post its replies itself or return
 * one (posted with the request's id; buffers in its `transfer` list move
 * rather than copy). A handler that throws is the core trapping: the worker
 * reports `crashed` and takes no more work, as it does
 * once `state.poisoned` is set by a handler that reported a crash itself.
 * Returns that `state`.
 */
export function serveCore({ init, version, handlers, onReady = () => {} }) {
  const state = { poisoned: false };
  let ready = null;
  // Requests in arrival order, each waiting for the one before, async ones
  // (storage, file reads) included: nothing runs while the corpus is being
  // replaced or written.
  let queue = Promise.resolve();
  const handle = async (data) => {
    try {
      await ready;
    } catch {
      return;
    }
    const handler = handlers[data.type];
    if (state.poisoned || !handler) return; // the page stops a poisoned worker on its crash report
    try {
      const reply = await handler(data);
      if (reply) {
        // A reply may name buffers to transfer rather than copy (`transfer`).
        const { transfer = [], ...message } = reply;
        postMessage({ ...message, id: data.id }, transfer);
      }
    } catch (error) {
      state.poisoned = true;
      postMessage({ type: 'crashed', id: data.id, message: String(error?.message || error) });
    }
  };
  self.onmessage = ({ data }) => {
    if (data.type === 'init') {
      ready = init({ module_or_path: data.module }).then(
        () => {
          onReady();
          postMessage({ type: 'ready', version: version() });
        },
        (error) => {
          postMessage({ type: 'fatal', message: String(error?.message || error) });
          throw error;
        },
      );
      return;
    }
    queue = queue.then(() => handle(data));
  };
  return state;
}

export class WorkerChannel {
  /**
   * `script`: the worker module's URL; `module`: the compiled core;
   * `onFailure(error, crashedId)`: called once, when the channel closes on a
   * failure (`crashedId`: the request the core trapped on, if it said).
   */
  constructor(script, module, { name, onFailure } = {}) {
    this.name = name || String(script);
    this.pending = new Map();
    this.started = new Set();
    this.nextId = 1;
    this.failure = null;
    this.everReady = false;
    this.onFailure = onFailure;
    this.worker = new Worker(script, { type: 'module' });
    this.ready = new Promise((resolve, reject) => {
      this.settleReady = { resolve, reject };
    });
    this.ready.catch(() => {}); // a failure is reported through requests and onFailure too
    this.worker.addEventListener('message', ({ data }) => this.receive(data));
    this.worker.addEventListener('error', (event) => {
      event.preventDefault?.();
      this.fail(new WorkerFailure(t('workerLost', event.message || this.name)));
    });
    this.worker.addEventListener('messageerror', () => this.fail(new WorkerFailure(t('workerLost', 'messageerror'))));
    this.worker.postMessage({ type: 'init', module });
  }

  get alive() {
    return this.failure === null;
  }

  receive(data) {
    if (!this.alive) return;
    if (data.type === 'ready') {
      this.everReady = true;
      return this.settleReady.resolve(data.version);
    }
    if (data.type === 'fatal') return this.fail(new WorkerFailure(data.message));
    if (data.type === 'started') return this.started.add(data.id);
    if (data.type === 'crashed') {
      const { type, id, message, ...details } = data;
      return this.fail(new WorkerFailure(t('coreCrashed', message), { crashed: true, details }), id);
    }
    const request = this.pending.get(data.id);
    if (!request) return;
    this.pending.delete(data.id);
    this.started.delete(data.id);
    request.resolve(data);
  }

  /**
   * Sends a request: `{ id, reply }`, where `reply` resolves with the
   * worker's answer or rejects with a WorkerFailure if the worker fails
   * first. `transfer`: buffers moved rather than copied.
   */
  send(type, payload = {}, transfer = []) {
    const id = this.nextId++;
    if (!this.alive) return { id, reply: Promise.reject(this.failure) };
    const reply = new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type, id, ...payload }, transfer);
    });
    return { id, reply };
  }

  /** `send`, for when only the reply matters. */
  request(type, payload = {}, transfer = []) {
    return this.send(type, payload, transfer).reply;
  }

  /** Has the worker begun request `id` (it said `started`)? */
  hasStarted(id) {
    return this.started.has(id);
  }

  /**
   * Closes the channel on a failure: the worker is stopped, the request that
   * crashed it (if known) is rejected with `error`, every other one with a
   * plain "lost" failure, and `onFailure` is told.
   */
  fail(error, crashedId = null) {
    if (!this.alive) return;
    this.failure = error;
    this.worker.terminate();
    this.settleReady.reject(error);
    const lost = new WorkerFailure(error.message);
    for (const [id, request] of this.pending) request.reject(id === crashedId ? error : lost);
    this.pending.clear();
    this.onFailure?.(error, crashedId);
  }

  /**
   * The debugging handle's way in (see app.js, `jianbaoDebug`): stops the
   * worker as if the browser had killed it, so the recovery can be watched.
   */
  kill() {
    this.fail(new WorkerFailure(t('workerLost', `${this.name} stopped from the debugging handle`)));
  }

  /** Stops the worker when it is no longer needed (not a failure). */
  close() {
    if (!this.alive) return;
    this.failure = new WorkerFailure(t('workerLost', `${this.name} closed`));
    this.worker.terminate();
    for (const request of this.pending.values()) request.reject(this.failure);
    this.pending.clear();
  }
}
