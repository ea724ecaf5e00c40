// The in-browser search benchmark (see run.mjs): jianbao's wasm core,
// MiniSearch and FlexSearch on the same articles in the same page, each
// checked against a brute-force substring scan of the core's normalised text.

import init, { WasmCorpus, normalize } from '/www/pkg/jianbao_wasm.js';
import MiniSearch from '/node_modules/minisearch/dist/es/index.js';
import { Index, Charset } from '/node_modules/flexsearch/dist/flexsearch.bundle.module.min.mjs';

const logEl = document.getElementById('log');
function log(message) {
  console.log(`bench: ${message}`);
  if (logEl) logEl.textContent += `${message}\n`;
}

const median = (xs) => quantile(xs, 0.5);
/** Nearest-rank quantile. */
function quantile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(p * s.length) - 1)];
}

/** Used JS heap after a full GC (needs --js-flags=--expose-gc and --enable-precise-memory-info). */
function heap() {
  if (typeof gc !== 'function' || !performance.memory) return null;
  gc();
  gc();
  return performance.memory.usedJSHeapSize;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

function probe(files) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./probe.worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data }) => {
      worker.terminate();
      if (data.error) reject(new Error(data.error));
      else resolve(data);
    };
    worker.onerror = (e) => reject(new Error(e.message || 'probe worker failed'));
    worker.postMessage(files);
  });
}

/** The engines, each: build() → void, run(q) timed, ids(q) → article numbers (untimed). */
function engines({ n, docs, bytes, paths, norms, wasm }) {
  const list = [];

  let corpus = null;
  let docToArticle = null;
  list.push({
    key: 'jianbao',
    label: 'jianbao (wasm core)',
    wasmMemory: () => wasm.memory.buffer.byteLength,
    build() {
      corpus = new WasmCorpus();
      docToArticle = new Int32Array(n * 2).fill(-1);
      for (let i = 0; i < n; i++) {
        const summary = corpus.addFile(paths[i], bytes[i]);
        if (summary.error) throw new Error(`${paths[i]}: ${summary.error}`);
        docToArticle[summary.doc] = i;
      }
    },
    run: (q) => corpus.search(q.text, { limit: 20 }).total,
    ids(q) {
      const r = corpus.search(q.text, { limit: n });
      if (r.total !== r.hits.length) throw new Error(`jianbao: total ${r.total} but ${r.hits.length} hits for ${q.text}`);
      return r.hits.map((h) => docToArticle[h.doc]);
    },
    free() {
      corpus.free();
      corpus = null;
    },
  });

  const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
  const tokenize = (text) => {
    const out = [];
    for (const s of segmenter.segment(text)) if (s.isWordLike) out.push(s.segment);
    return out;
  };
  let mini = null;
  list.push({
    key: 'minisearch',
    label: 'MiniSearch (Intl.Segmenter words, AND)',
    build() {
      mini = new MiniSearch({ fields: ['title', 'lead', 'body'], tokenize, searchOptions: { combineWith: 'AND' } });
      mini.addAll(docs);
    },
    run: (q) => mini.search(q.text).length,
    ids: (q) => mini.search(q.text).map((r) => r.id),
    free() {
      mini = null;
    },
  });

  for (const [key, label, options] of [
    ['flexsearch-cjk', 'FlexSearch (Charset.CJK)', { encoder: Charset.CJK }],
    ['flexsearch-cjk-context', 'FlexSearch (Charset.CJK, context)', { encoder: Charset.CJK, context: true }],
  ]) {
    let index = null;
    list.push({
      key,
      label,
      build() {
        index = new Index(options);
        for (let i = 0; i < n; i++) index.add(i, docs[i].all);
      },
      run: (q) => index.search(q.text, { limit: n }).length,
      ids: (q) => index.search(q.text, { limit: n }),
      free() {
        index = null;
      },
    });
  }

  const scan = (q) => {
    const needle = normalize(q.text);
    const out = [];
    for (let i = 0; i < n; i++) {
      const fields = norms[i];
      for (let k = 0; k < fields.length; k++) {
        if (fields[k].includes(needle)) {
          out.push(i);
          break;
        }
      }
    }
    return out;
  };
  list.push({
    key: 'scan',
    label: 'substring scan (normalised in advance)',
    noBuild: true,
    noMemory: true,
    reps: 1,
    build() {},
    run: (q) => scan(q).length,
    ids: scan,
    free() {},
  });
  return list;
}

window.runBench = async function runBench({ articles: n = 10_000, reps = 5, only = null } = {}) {
  const wasm = await init();
  const listing = await (await fetch('./files.json')).json();
  log(`probing ${listing.files.length} files of fixtures/corpus`);
  const { articles: base, errors, queries } = await probe(listing);
  log(`${base.length} articles (${errors} files are not articles), ${queries.length} queries`);

  // The input every engine gets: article i is base[i % base.length], copy ⌊i / base.length⌋.
  const rawBytes = await Promise.all(base.map(async (a) => {
    const url = listing.base + a.path.split('/').map(encodeURIComponent).join('/');
    return new Uint8Array(await (await fetch(url)).arrayBuffer());
  }));
  const baseDocs = base.map((a) => {
    const body = a.paragraphs.join('\n');
    return { title: a.title, lead: a.lead, body, all: `${a.title}\n${a.lead}\n${body}` };
  });
  const docs = [];
  const bytes = [];
  const paths = [];
  const norms = [];
  let textBytes = 0;
  const utf8 = new TextEncoder();
  const baseTextBytes = base.map((a) => [a.title, a.lead, ...a.paragraphs].reduce((s, x) => s + utf8.encode(x).length, 0));
  for (let i = 0; i < n; i++) {
    const b = i % base.length;
    docs.push({ id: i, ...baseDocs[b] });
    bytes.push(rawBytes[b]);
    paths.push(`copy${Math.floor(i / base.length)}/corpus/${base[b].path}`);
    norms.push(base[b].norm);
    textBytes += baseTextBytes[b];
  }

  // Ground truth: the articles whose normalised title, lead or a paragraph contains the normalised query.
  const truth = queries.map((q) => {
    const hit = new Uint8Array(base.length);
    base.forEach((a, b) => { hit[b] = a.norm.some((f) => f.includes(q.norm)) ? 1 : 0; });
    let count = 0;
    for (let i = 0; i < n; i++) count += hit[i % base.length];
    return { hit, count };
  });
  if (truth.some((t) => t.count === 0)) throw new Error('a query has no match in the brute-force set');

  const results = [];
  for (const engine of engines({ n, docs, bytes, paths, norms, wasm })) {
    if (only && !only.includes(engine.key)) continue;
    await tick();
    const heap0 = heap();
    const wasm0 = engine.wasmMemory?.();
    const t0 = performance.now();
    engine.build();
    const build = engine.noBuild ? null : performance.now() - t0;
    const heap1 = heap();
    const wasm1 = engine.wasmMemory?.();
    let memory = engine.noMemory || heap0 == null || heap1 == null ? null : heap1 - heap0;
    if (wasm1 != null) memory = (memory ?? 0) + (wasm1 - wasm0);
    log(`${engine.label}: built in ${build == null ? '-' : build.toFixed(0)} ms, memory ${memory == null ? 'n/a' : (memory / 1048576).toFixed(1)} MB`);

    // Exactness against the brute-force set (untimed).
    let exact = 0;
    let found = 0;
    let returned = 0;
    let expected = 0;
    let recallSum = 0;
    const exactOf = [];
    queries.forEach((q, k) => {
      const { hit, count } = truth[k];
      const got = new Set(engine.ids(q));
      let right = 0;
      for (const i of got) right += i >= 0 && i < n && hit[i % base.length] ? 1 : 0;
      const isExact = right === count && got.size === count;
      exactOf.push(isExact);
      exact += isExact;
      found += right;
      recallSum += right / count;
      returned += got.size;
      expected += count;
    });

    // Latency: one warm-up pass, then `reps` runs per query.
    const engineReps = engine.reps ?? reps;
    if (engineReps > 1) for (const q of queries) engine.run(q);
    // Each query's best run: the machine's other work (a shared 2-core box) only ever adds time.
    const runs = queries.map((q) => {
      const t = [];
      for (let r = 0; r < engineReps; r++) {
        const s = performance.now();
        engine.run(q);
        t.push(performance.now() - s);
      }
      return t;
    });
    const times = runs.map((t) => Math.min(...t));
    const medianTimes = runs.map((t) => median(t));

    const lengths = [...new Set(queries.map((q) => q.len))];
    const latency = {
      all: { median: median(times), p95: quantile(times, 0.95) },
      allMedianOfRuns: { median: median(medianTimes), p95: quantile(medianTimes, 0.95) },
    };
    const exactByLength = {};
    for (const len of lengths) {
      const mine = queries.map((q, k) => k).filter((k) => queries[k].len === len);
      latency[len] = { median: median(mine.map((k) => times[k])), p95: quantile(mine.map((k) => times[k]), 0.95) };
      exactByLength[len] = mine.filter((k) => exactOf[k]).length / mine.length;
    }
    const share = (pred) => {
      const ks = queries.map((q, k) => k).filter((k) => pred(queries[k]));
      return ks.filter((k) => exactOf[k]).length / ks.length;
    };
    const result = {
      key: engine.key,
      label: engine.label,
      build,
      memory,
      exact: exact / queries.length,
      exactSimplified: share((q) => !q.traditional),
      exactTraditional: share((q) => q.traditional),
      recall: found / expected,
      meanRecall: recallSum / queries.length,
      precision: returned ? found / returned : 1,
      latency,
      exactByLength,
      perQuery: queries.map((q, k) => ({ q: q.text, len: q.len, traditional: q.traditional, best: times[k], runs: runs[k], exact: exactOf[k] })),
    };
    results.push(result);
    log(`${engine.label}: exact ${(100 * result.exact).toFixed(1)} %, recall ${(100 * result.recall).toFixed(1)} %, ` +
      `median ${latency.all.median.toFixed(3)} ms, p95 ${latency.all.p95.toFixed(3)} ms`);
    engine.free();
  }

  const perLength = queries.filter((q) => q.len === queries[0].len).length;
  return {
    setup: {
      articles: n,
      baseArticles: base.length,
      nonArticleFiles: errors,
      textBytes,
      queries: queries.length,
      perLength,
      traditional: queries.filter((q) => q.traditional).length,
      lengths: [...new Set(queries.map((q) => q.len))],
      reps,
      crossOriginIsolated: self.crossOriginIsolated,
      queryList: queries.map((q) => q.text),
    },
    engines: results,
  };
};
