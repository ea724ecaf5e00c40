#!/usr/bin/env node
// Archive scale in the browser (issue 11): `make bench-web`.
//
//   make bench-web                        10,000 (mixed), 65,000 and 100,000 (mirror-shaped)
//   make bench-web SIZES=10000            a subset
//   node benches/browser/ingest.mjs [--sizes 10000,65000] [--zip] [--reps 3] [--timeout 1500]
//                                   [--settle-timeout 300] [--no-readability] [--trace]
//
//   --trace  records Chromium's trace during the load and prints what the
//            main thread's tasks over 50 ms spent their time in
//
// For each size, scripts/gen-scale-corpus.py makes the corpus (bench-data/,
// ignored; skipped when made already), then one fresh Chromium:
// 1. drops the folder (or, with --zip, its ZIP) on the real page and records
//    the time to the first card and until every file is listed and the list
//    idle (searchable); the longest main-thread task (Long Tasks API); peak
//    memory: the renderer's resident memory (the whole tab: main thread and
//    workers), and JS heap (main thread) plus every worker's wasm memory;
//    how long each worker was busy, per request type, and each Chromium
//    thread's CPU (/proc); then the time until learning, storing and story
//    grouping after the load are over;
// 2. types a fixed list of queries into the search box (cut from the
//    mirrored-page fixtures, lengths 1, 2, 3, 4 and 8; each --reps times) and
//    records the engine's time (the index worker's search requests, arrival
//    to reply) and box to highlighted list (input event → the first card
//    with a highlight painted);
// 3. on benches/browser/floor.html, the same browser walks the same folder
//    and only reads every file into an ArrayBuffer and decodes it (the
//    floor), then does it again with DOMParser and Readability.js per file.
// It prints one table with the input sizes (also test-artifacts/bench-web.md,
// raw figures in bench-web.json). A load cut off by --timeout (seconds) or a
// crashed tab is reported as such. A benchmark, not a test.

import { readFileSync, readdirSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { loadavg, cpus, totalmem } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, CORPUS, ARTIFACTS, CHROMIUM_ARGS, serve, dropPaths, counts } from '../../tests/e2e/helpers.mjs';
import { openPlainPage, timeLoad, rendererResidentBytes, formatThreads } from './page-load.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const SIZES = option('sizes', process.env.SIZES || '10000,65000,100000').split(/[ ,]+/).filter(Boolean).map(Number);
const ZIP = args.includes('--zip');
const REPS = Number(option('reps', 3));
const TIMEOUT_MS = Number(option('timeout', 1500)) * 1000;
/** How long to wait for learning, storing and story grouping after a load before searching anyway. */
const SETTLE_MS = Number(option('settle-timeout', 300)) * 1000;
const READABILITY = !args.includes('--no-readability');
const TRACE = args.includes('--trace');
const DATA = path.join(ROOT, 'bench-data');
const HERE = path.join(ROOT, 'benches/browser');

/** Query lengths: one character (thousands of hits) to a phrase. */
const QUERY_LENGTHS = [1, 2, 3, 4, 8];
const QUERY_COUNT = 40;
/** The generator's mirror shape leaves out pages over 20 KB; queries come from pages every size holds. */
const MIRROR_MAX_BYTES = 20_000;

const ms = (x) => (x == null ? '–' : x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString('en'));
const secs = (x) => (x == null ? '–' : `${x.toFixed(1)} s`);
const kb = (bytes, n) => `${Math.round(bytes / n / 1024).toLocaleString('en')} KB`;
const mb = (bytes) => `${Math.round(bytes / 1e6).toLocaleString('en')} MB`;
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

function quantile(values, q) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/**
 * The fixed query list: runs of Han characters cut from the mirrored-page
 * fixtures (tags stripped), the same 40 for every size and every run.
 */
function queryList() {
  const folder = path.join(CORPUS, 'B');
  const files = readdirSync(folder).sort()
    .map((name) => path.join(folder, name))
    .filter((file) => statSync(file).size <= MIRROR_MAX_BYTES);
  const queries = [];
  for (let i = 0; queries.length < QUERY_COUNT; i++) {
    const text = readFileSync(files[(i * 7) % files.length], 'utf8').replace(/<[^>]*>/g, ' ');
    const runs = text.match(/\p{Script=Han}{10,}/gu) || [];
    if (!runs.length) continue;
    const run = runs[(i * 3) % runs.length];
    const query = run.slice(1, 1 + QUERY_LENGTHS[queries.length % QUERY_LENGTHS.length]);
    if (!queries.includes(query)) queries.push(query);
  }
  return queries;
}

function makeCorpora() {
  const made = spawnSync('python3', [path.join(ROOT, 'scripts/gen-scale-corpus.py'), '--out', DATA, '--sizes', SIZES.join(',')], { stdio: 'inherit' });
  if (made.status !== 0) throw new Error('scripts/gen-scale-corpus.py failed');
  return Object.fromEntries(SIZES.map((n) => [n, JSON.parse(readFileSync(path.join(DATA, `scale-${n}.json`), 'utf8'))]));
}

/** Serves the probe in place of the page's workers, and the floor page under /__bench/. */
async function routeProbes(context) {
  const probe = readFileSync(path.join(HERE, 'worker-probe.js'), 'utf8');
  await context.route(/\/(index|extract)-worker\.js$/, (route) => {
    const original = `${new URL(route.request().url()).pathname}?bench-original`;
    return route.fulfill({ body: probe.replaceAll('BENCH_ORIGINAL', original), contentType: 'text/javascript; charset=utf-8' });
  });
}

async function routeFloor(context, origin) {
  const files = {
    'floor.html': [path.join(HERE, 'floor.html'), 'text/html; charset=utf-8'],
    'floor.js': [path.join(HERE, 'floor.js'), 'text/javascript; charset=utf-8'],
    'Readability.js': [path.join(ROOT, 'node_modules/@mozilla/readability/Readability.js'), 'text/javascript; charset=utf-8'],
  };
  await context.route(`${origin}/__bench/*`, (route) => {
    const [file, contentType] = files[new URL(route.request().url()).pathname.slice('/__bench/'.length)] || [];
    if (!file) return route.fulfill({ status: 404 });
    return route.fulfill({ body: readFileSync(file), contentType });
  });
}

/** Every worker's probe, by worker address (a worker busy with a long request answers when it is done). */
async function probeWorkers(page) {
  const out = [];
  for (const worker of page.workers()) {
    const reading = worker.evaluate(() => self.benchProbe?.()).catch(() => null);
    const answer = await Promise.race([reading, new Promise((resolve) => setTimeout(resolve, 5_000, null))]);
    if (answer) out.push({ url: worker.url(), ...answer });
  }
  return out;
}

/**
 * Samples the tab's memory until `stop()`: the renderer's resident memory
 * every 250 ms, and JS heap (main thread) plus the workers' wasm memories
 * whenever the last such reading is done. Resolves to the peaks.
 */
function sampleMemory(page) {
  const peak = { resident: 0, heapAndWasm: 0, heap: 0, wasm: 0 };
  const base = rendererResidentBytes();
  const rss = setInterval(() => { peak.resident = Math.max(peak.resident, rendererResidentBytes()); }, 250);
  let running = true;
  const probe = async () => {
    const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0).catch(() => 0);
    const workers = await probeWorkers(page);
    const wasm = workers.reduce((sum, w) => sum + w.wasmBytes, 0);
    const index = workers.filter((w) => w.url.includes('index-worker')).reduce((sum, w) => sum + w.wasmBytes, 0);
    if (heap + wasm > peak.heapAndWasm) Object.assign(peak, { heapAndWasm: heap + wasm, heap, wasm, indexWasm: index, workers: workers.length });
  };
  const loop = (async () => {
    while (running) {
      await probe();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  })();
  return {
    base,
    stop: async () => {
      running = false;
      clearInterval(rss);
      await loop;
      await probe();
      peak.resident = Math.max(peak.resident, rendererResidentBytes());
      return peak;
    },
  };
}

/** After the load: the page learns boilerplate, stores the corpus and groups stories; resolves once all three are over. */
async function settled(page, timeout) {
  await page.waitForFunction(() => {
    const stored = document.getElementById('stored');
    const storing = !stored.hidden && stored.dataset.state === 'storing';
    return !storing && document.getElementById('stories-progress').hidden
      && document.getElementById('list').getAttribute('aria-busy') === 'false';
  }, null, { timeout, polling: 200 });
}

/**
 * Types each query into the box (after clearing it) and times, in the page,
 * input event → the first card with a highlight painted (the frame after it
 * appears), and → the list idle (facets included).
 */
function searchInPage(page, queries, reps) {
  return page.evaluate(async ({ queries, reps }) => {
    const box = document.getElementById('query');
    const list = document.getElementById('list');
    const idle = () => new Promise((resolve) => {
      const check = () => (list.getAttribute('aria-busy') === 'false' ? resolve() : setTimeout(check, 2));
      check();
    });
    const type = (text) => {
      box.value = text;
      box.dispatchEvent(new Event('input', { bubbles: true }));
    };
    const out = [];
    for (let rep = 0; rep < reps; rep++) {
      for (const query of queries) {
        type('');
        await idle();
        const t0 = performance.now();
        const highlighted = new Promise((resolve) => {
          const seen = () => {
            if (!list.querySelector('article.card mark')) return false;
            observer.disconnect();
            requestAnimationFrame(() => resolve(performance.now() - t0));
            return true;
          };
          const observer = new MutationObserver(seen);
          observer.observe(list, { childList: true, subtree: true });
        });
        type(query);
        const shown = await Promise.race([highlighted, idle().then(() => null)]);
        await idle();
        const settledMs = performance.now() - t0;
        out.push({ query, highlighted: shown ?? (await Promise.race([highlighted, new Promise((r) => setTimeout(r, 500, null))])), idle: settledMs });
      }
    }
    type('');
    await idle();
    return out;
  }, { queries, reps });
}

/** The index worker's search requests per typed query: consecutive requests for one query text are one typing's work. */
function engineTimes(searches, queries) {
  const asked = new Set(queries);
  const out = [];
  let current = null;
  for (const s of searches) {
    if (!asked.has(s.query)) { current = null; continue; }
    if (!current || current.query !== s.query) out.push((current = { query: s.query, list: 0, facets: 0 }));
    if (s.facets) current.facets += s.ms;
    else current.list += s.ms;
  }
  return out;
}

async function runPage(browser, origin, size, input, queries) {
  const result = { size };
  const { page, context } = await openPlainPage(browser, origin, { serviceWorkers: 'block', prepare: routeProbes });
  let crashed = null;
  page.on('crash', () => { crashed = 'the tab crashed'; });
  const memory = sampleMemory(page);
  try {
    const t0 = Date.now();
    if (TRACE) await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'] });
    Object.assign(result, await timeLoad(page, size, () => dropPaths(page, [input]), { timeout: TIMEOUT_MS }));
    if (TRACE) result.trace = longTaskProfile(JSON.parse((await browser.stopTracing()).toString('utf8')).traceEvents, origin);
    result.counts = await counts(page);
    result.settled = await settled(page, SETTLE_MS).then(() => (Date.now() - t0) / 1000, () => null);
    result.workers = await probeWorkers(page);
    const typed = await searchInPage(page, queries, REPS);
    const engine = engineTimes((await probeWorkers(page)).flatMap((w) => w.searches), queries);
    result.search = {
      queries: typed.length,
      noHighlight: [...new Set(typed.filter((t) => t.highlighted == null).map((t) => t.query))],
      boxToList: typed.map((t) => t.highlighted ?? t.idle),
      boxToIdle: typed.map((t) => t.idle),
      engine: engine.map((e) => e.list),
      engineByLength: Object.fromEntries(QUERY_LENGTHS.map((n) => [n, engine.filter((e) => [...e.query].length === n).map((e) => e.list)])),
      engineWithFacets: engine.map((e) => e.list + e.facets),
    };
  } catch (error) {
    result.failed = crashed || `${String(error.message || error).split('\n')[0]}`;
    result.counts = await counts(page).catch(() => null);
  }
  result.memory = await memory.stop();
  result.memory.base = memory.base;
  await context.close().catch(() => {});
  return result;
}

async function runFloor(browser, origin, folder) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  await routeFloor(context, origin);
  const page = await context.newPage();
  await page.goto(`${origin}/__bench/floor.html`);
  await page.evaluate(({ mode, deadline }) => { window.benchMode = mode; window.benchDeadline = deadline; },
    { mode: READABILITY ? 'both' : 'floor', deadline: TIMEOUT_MS });
  await dropPaths(page, [folder]);
  const handle = await page.waitForFunction(() => window.benchResult, null, { timeout: TIMEOUT_MS * 2, polling: 500 });
  const result = await handle.jsonValue();
  await context.close();
  if (result.error) throw new Error(`floor page: ${result.error}`);
  return result;
}

/**
 * The main thread's long tasks in a Chromium trace: for tasks over 50 ms,
 * the time of the events directly inside them, by name (a script's
 * function call with its file and function, layout, style, GC), largest first.
 */
function longTaskProfile(traceEvents, origin) {
  const pid = traceEvents.find((e) => e.name === 'FunctionCall' && String(e.args?.data?.url).startsWith(origin))?.pid;
  const main = traceEvents.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.pid === pid && e.args.name === 'CrRendererMain')?.tid;
  const onMain = traceEvents.filter((e) => e.ph === 'X' && e.pid === pid && e.tid === main).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const long = onMain.filter((e) => e.name === 'RunTask' && e.dur > 50_000);
  const inside = new Map();
  for (const task of long) {
    const end = task.ts + task.dur;
    let covered = task.ts;
    for (const e of onMain) {
      if (e === task || e.ts < covered || e.ts >= end || e.name === 'RunTask') continue;
      const data = e.args?.data || {};
      const where = data.url ? ` ${data.url.replace(origin, '')}:${data.lineNumber ?? ''} ${data.functionName || ''}` : '';
      const key = `${e.name}${where}`.trim();
      inside.set(key, (inside.get(key) || 0) + e.dur / 1000);
      covered = e.ts + e.dur;
    }
  }
  // The page's functions called in them (a worker's reply handled, a timer), wherever nested.
  const scripts = new Map();
  for (const task of long) {
    for (const e of onMain) {
      if (e.ts < task.ts || e.ts >= task.ts + task.dur || e.name !== 'FunctionCall') continue;
      const data = e.args?.data || {};
      const key = `${data.functionName || '(anonymous)'} ${String(data.url).replace(origin, '')}:${data.lineNumber}`;
      scripts.set(key, (scripts.get(key) || 0) + e.dur / 1000);
    }
  }
  const total = long.reduce((sum, t) => sum + t.dur / 1000, 0);
  // Wall time against the thread's own CPU time: on a loaded machine a task waits for a core, and wall time counts it.
  const tasks = onMain.filter((e) => e.name === 'RunTask');
  const longestCpu = Math.max(...tasks.map((e) => (e.tdur ?? e.dur) / 1000));
  const overCpu = tasks.filter((e) => (e.tdur ?? e.dur) > 50_000).length;
  const cpuOfLong = long.reduce((sum, t) => sum + (t.tdur ?? t.dur) / 1000, 0);
  const largest = (map) => [...map].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k} ${Math.round(v)} ms`).join('; ');
  return `  main-thread tasks over 50 ms (trace, wall time): ${long.length}, ${Math.round(total)} ms in all, of which the thread ran ${Math.round(cpuOfLong)} ms; ` +
    `by the thread's CPU time: ${overCpu} over 50 ms, the longest ${Math.round(longestCpu)} ms\n  directly inside the long ones: ${largest(inside)}\n` +
    `  the page's functions in them: ${largest(scripts)}`;
}

/** The page's load: where its time went, as the worker probes and /proc saw it. */
function profileLine(r) {
  const byType = {};
  for (const w of r.workers || []) {
    const kind = w.url.includes('index-worker') ? 'index' : 'extraction';
    for (const [type, { count, ms: busy }] of Object.entries(w.busy)) {
      const key = `${kind} ${type}`;
      byType[key] = byType[key] || { count: 0, ms: 0 };
      byType[key].count += count;
      byType[key].ms += busy;
    }
  }
  const busy = Object.entries(byType).sort((a, b) => b[1].ms - a[1].ms)
    .map(([key, { count, ms: t }]) => `${key} ${secs(t / 1000)} (${count.toLocaleString('en')})`).join(', ');
  return `  worker busy time by request (count): ${busy}\n  CPU by Chromium thread during the load: ${formatThreads(r.threads || [])}`;
}

const corpora = makeCorpora();
const queries = queryList();
const server = await serve();
const rows = [];
const raw = [];
console.log(`machine: ${cpus().length} cores (${cpus()[0].model}), ${Math.round(totalmem() / 2 ** 30)} GiB; load average ${load()}`);
try {
  for (const size of SIZES) {
    const made = corpora[size];
    const folder = path.join(DATA, `scale-${size}`);
    const input = ZIP ? `${folder}.zip` : folder;
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
    });
    try {
      const loadBefore = load();
      console.log(`\n${size.toLocaleString('en')} files (${made.shape}), ${mb(made.bytes)}${ZIP ? `, dropped as one ZIP of ${mb(made.zip_bytes)}` : ''}; load average ${loadBefore}`);
      const page = await runPage(browser, server.origin, size, input, queries);
      if (page.failed) console.log(`  page: FAILED: ${page.failed} (${JSON.stringify(page.counts)})`);
      else {
        console.log(`  page: first card ${secs(page.firstCard)}, all ${size.toLocaleString('en')} listed ${secs(page.seconds)}, learning/storing/grouping over ${page.settled == null ? `not after ${secs(SETTLE_MS / 1000)} more (searched meanwhile)` : secs(page.settled)}; ` +
          `${page.counts.articles.toLocaleString('en')} articles, ${page.counts.problems} problems; longest main-thread task ${ms(page.longest)} ms (${page.longTasks} over 50 ms); ` +
          `Chromium busy on ${page.cores.toFixed(2)} cores`);
        console.log(profileLine(page));
        if (page.trace) console.log(page.trace);
      }
      const m = page.memory;
      console.log(`  memory: renderer resident peak ${mb(m.resident)} (${mb(m.base)} before the drop); JS heap (main) + wasm (all workers) peak ${mb(m.heapAndWasm)} (heap ${mb(m.heap)}, wasm ${mb(m.wasm)} in ${m.workers} workers, of which the index worker's ${mb(m.indexWasm)})` +
        `${page.counts?.articles ? `; per article: ${kb(m.resident - m.base, page.counts.articles)} resident growth, ${kb(m.indexWasm, page.counts.articles)} index wasm` : ''}`);
      const floor = await runFloor(browser, server.origin, folder);
      console.log(`  floor: ${floor.floor.files.toLocaleString('en')} files walked, read and decoded in ${secs(floor.floor.ms / 1000)} (${mb(floor.floor.bytes)})`);
      const r = floor.readability;
      if (r) {
        console.log(`  Readability.js: ${r.done.toLocaleString('en')} of ${r.files.toLocaleString('en')} files in ${secs(r.ms / 1000)}` +
          ` (${r.articles.toLocaleString('en')} articles)${r.done < r.files ? ', cut off by --timeout' : ''}`);
      }
      const floorSeconds = floor.floor.ms / 1000;
      const readabilitySeconds = r && r.done === r.files ? r.ms / 1000 : null;
      const s = page.search;
      const row = {
        size, shape: made.shape, bytes: made.bytes, zip: ZIP, loadBefore, loadAfter: load(),
        floorSeconds, readabilitySeconds,
        pageSeconds: page.failed ? null : page.seconds,
        firstCard: page.firstCard, longest: page.longest, failed: page.failed,
        memoryPerArticle: page.counts?.articles ? (m.resident - m.base) / page.counts.articles : null,
        engine: s && { p50: quantile(s.engine, 0.5), p95: quantile(s.engine, 0.95) },
        engineWithFacets: s && { p50: quantile(s.engineWithFacets, 0.5), p95: quantile(s.engineWithFacets, 0.95) },
        boxToList: s && { p50: quantile(s.boxToList, 0.5), p95: quantile(s.boxToList, 0.95) },
        resident: m.resident, heapAndWasm: m.heapAndWasm,
      };
      if (s) {
        console.log(`  search (${s.queries} typings, ${queries.length} queries × ${REPS}): engine p50 ${ms(row.engine.p50)} ms, p95 ${ms(row.engine.p95)} ms` +
          ` (with the facets request: ${ms(row.engineWithFacets.p50)} / ${ms(row.engineWithFacets.p95)} ms); box to highlighted list p50 ${ms(row.boxToList.p50)} ms, p95 ${ms(row.boxToList.p95)} ms` +
          ` (to idle: p95 ${ms(quantile(s.boxToIdle, 0.95))} ms); engine p95 by query length: ${Object.entries(s.engineByLength).map(([n, t]) => `${n}: ${ms(quantile(t, 0.95))} ms`).join(', ')}` +
          `${s.noHighlight.length ? `; without a highlighted first card (timed to idle): ${s.noHighlight.join(' ')}` : ''}`);
      }
      rows.push(row);
      raw.push({ row, page, floor });
    } finally {
      await browser.close();
    }
  }
} finally {
  await server.close();
}

const ratio = (a, b) => (a == null || b == null ? '–' : `${(a / b).toFixed(2)}×`);
const table = [
  '| input | floor | page: all searchable | Readability.js | beyond the floor: page / Readability | first card | longest task | renderer peak (growth per article) | JS heap + wasm peak | engine p50 / p95 | box → list p50 / p95 | load avg |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ...rows.map((r) => {
    const beyondPage = r.pageSeconds == null ? null : r.pageSeconds - r.floorSeconds;
    const beyondReadability = r.readabilitySeconds == null ? null : r.readabilitySeconds - r.floorSeconds;
    return `| ${r.size.toLocaleString('en')} files (${r.shape}${r.zip ? ', one ZIP' : ''}), ${mb(r.bytes)} | ${secs(r.floorSeconds)} | ` +
      `${r.failed ? `failed: ${r.failed}` : `${secs(r.pageSeconds)} (${ratio(r.pageSeconds, r.floorSeconds)})`} | ` +
      `${r.readabilitySeconds == null ? '–' : `${secs(r.readabilitySeconds)} (${ratio(r.readabilitySeconds, r.floorSeconds)})`} | ` +
      `${secs(beyondPage)} / ${secs(beyondReadability)} = ${ratio(beyondPage, beyondReadability)} | ${secs(r.firstCard)} | ${ms(r.longest)} ms | ` +
      `${mb(r.resident)} (${r.memoryPerArticle == null ? '–' : `${Math.round(r.memoryPerArticle / 1024)} KB`}) | ${mb(r.heapAndWasm)} | ` +
      `${r.engine ? `${ms(r.engine.p50)} / ${ms(r.engine.p95)} ms` : '–'} | ${r.boxToList ? `${ms(r.boxToList.p50)} / ${ms(r.boxToList.p95)} ms` : '–'} | ${r.loadBefore} → ${r.loadAfter} |`;
  }),
].join('\n');
console.log(`\n${table}`);
mkdirSync(ARTIFACTS, { recursive: true });
writeFileSync(path.join(ARTIFACTS, 'bench-web.md'), `${table}\n`);
writeFileSync(path.join(ARTIFACTS, 'bench-web.json'), JSON.stringify(raw, null, 1));
