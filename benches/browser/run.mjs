#!/usr/bin/env node
// In-browser search benchmark (issue 4, "Proof"): jianbao's wasm core beside
// MiniSearch and FlexSearch, in one page of Debian's Chromium.
//
//   make bench-browser            (builds www/pkg first)
//   node benches/browser/run.mjs  [--articles N] [--reps K] [--only jianbao,scan,...] [--pkg DIR]
//
//   --only  engines to run (keys: jianbao, minisearch, flexsearch-cjk,
//           flexsearch-cjk-context, scan); all by default
//   --pkg   serve another wasm-bindgen output as /www/pkg (to compare builds
//           of the core, e.g. another opt-level); written to
//           test-artifacts/bench-browser-<name>.md instead
//
// Serves the repository root on a free loopback port (cross-origin isolated,
// so performance.now() has 5 µs resolution instead of 100 µs), opens
// benches/browser/index.html, runs bench.js there and prints a markdown table,
// also written to test-artifacts/bench-browser.md (raw numbers in .json).
// A benchmark, not a test: nothing here fails on timings.

import { createServer } from 'node:http';
import { readFile, readdir, stat, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CORPUS = path.join(ROOT, 'fixtures/corpus');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ARTICLES = opt('articles', 10_000);
const REPS = opt('reps', 5);
const str = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : null;
};
const ONLY = str('only')?.split(',') ?? null;
const PKG = str('pkg') ? path.resolve(str('pkg')) : null;

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
};

/**
 * Every file of fixtures/corpus in the order benches/support/search_corpus.rs
 * walks it (each directory's entries sorted by name bytes, recursively;
 * MANIFEST.tsv skipped), so the query list is the native benchmark's.
 */
async function corpusFiles(dir = CORPUS, rel = '') {
  const names = (await readdir(dir)).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const out = [];
  for (const name of names) {
    const full = path.join(dir, name);
    if ((await stat(full)).isDirectory()) out.push(...(await corpusFiles(full, `${rel}${name}/`)));
    else if (name !== 'MANIFEST.tsv') out.push(`${rel}${name}`);
  }
  return out;
}

async function serve() {
  const files = await corpusFiles();
  const server = createServer(async (req, res) => {
    const headers = {
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
      'cache-control': 'no-store',
    };
    try {
      const url = new URL(req.url, 'http://x');
      if (url.pathname === '/benches/browser/files.json') {
        res.writeHead(200, { ...headers, 'content-type': TYPES['.json'] });
        return res.end(JSON.stringify({ base: '/fixtures/corpus/', files }));
      }
      const wanted = decodeURIComponent(url.pathname);
      const file = PKG && wanted.startsWith('/www/pkg/')
        ? path.join(PKG, wanted.slice('/www/pkg/'.length))
        : path.join(ROOT, wanted);
      if (!file.startsWith(ROOT + path.sep) && !(PKG && file.startsWith(PKG + path.sep))) throw new Error('outside');
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, headers).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

const ms = (x) => (x < 0.005 ? '< 0.005' : x < 0.1 ? x.toFixed(3) : x < 10 ? x.toFixed(2) : x < 1000 ? x.toFixed(1) : x.toFixed(0));
const pct = (x) => `${(100 * x).toFixed(x === 1 || x === 0 ? 0 : 1)} %`;
const mb = (bytes) => (bytes == null ? 'n/a' : `${(bytes / 1048576).toFixed(0)} MB`);
const secs = (t) => (t >= 1000 ? `${(t / 1000).toFixed(1)} s` : `${t.toFixed(0)} ms`);

function table(r) {
  const lines = [];
  const { setup } = r;
  lines.push(`In-browser search at ${setup.articles.toLocaleString('en')} articles (the ${setup.baseArticles} articles of fixtures/corpus repeated; ` +
    `${(setup.textBytes / 1048576).toFixed(1)} MiB of UTF-8 text), ${setup.queries} queries cut from the text ` +
    `(${setup.perLength} per length, half of them Traditional), Chromium ${setup.browser}, ${setup.cpu} ` +
    `(5-minute load average ${setup.loadAfter.toFixed(1)} at the end: timings are noisy when other work shares the machine). ` +
    `"Exact": the engine returns exactly the articles whose normalised text (NFKC, case folded, Traditional → Simplified) contains the query. ` +
    `Recall: matching articles returned over all queries' matching articles; "per query": the mean of each query's recall. ` +
    `Latency: each query's best of ${setup.reps} runs (after a warm-up pass), then median / 95th percentile over the queries; ` +
    `"p95 (median of runs)" uses each query's median run instead.`);
  lines.push('');
  lines.push('| engine | exact (all) | exact Simpl. | exact Trad. | recall | recall per query | precision | median | p95 | p95 (median of runs) | build | memory |');
  lines.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const e of r.engines) {
    lines.push(`| ${e.label} | ${pct(e.exact)} | ${pct(e.exactSimplified)} | ${pct(e.exactTraditional)} | ${pct(e.recall)} | ${pct(e.meanRecall)} | ${pct(e.precision)} | ` +
      `${ms(e.latency.all.median)} ms | ${ms(e.latency.all.p95)} ms | ${ms(e.latency.allMedianOfRuns.p95)} ms | ${e.build == null ? 'n/a' : secs(e.build)} | ${e.memoryNote || mb(e.memory)} |`);
  }
  lines.push('');
  lines.push('Median / 95th percentile latency (ms) and exact queries by query length:');
  lines.push('');
  const lengths = setup.lengths;
  lines.push(`| engine | ${lengths.map((l) => `${l} char${l > 1 ? 's' : ''}`).join(' | ')} |`);
  lines.push(`| --- | ${lengths.map(() => '---:').join(' | ')} |`);
  for (const e of r.engines) {
    lines.push(`| ${e.label} | ${lengths.map((l) => `${ms(e.latency[l].median)} / ${ms(e.latency[l].p95)} (${pct(e.exactByLength[l])})`).join(' | ')} |`);
  }
  lines.push('');
  lines.push('Settings. jianbao: `WasmCorpus.search(q, { limit: 20 })` in the page\'s main thread, i.e. the full match set verified and counted, ' +
    'the first 20 ranked with highlights and snippets; build = extracting and indexing the raw files (`addFile`), memory = wasm linear memory ' +
    '(stored records and text included) plus JS heap growth. MiniSearch: word tokens from `Intl.Segmenter("zh", { granularity: "word" })` ' +
    '(`isWordLike` segments) for indexing and querying, `combineWith: "AND"`, fields title, lead, body. ' +
    'FlexSearch: `Index({ encoder: Charset.CJK })` (one term per character), and the same with `context: true`; `search(q, { limit: N })` ' +
    'for the whole set; one string per article. MiniSearch and FlexSearch index already extracted text and store none of it; their memory is JS heap ' +
    'growth after a forced GC. Substring scan: `String.prototype.includes` over every article\'s normalised fields, normalised in advance.');
  return lines.join('\n');
}

async function main() {
  if (!existsSync(path.join(PKG || path.join(ROOT, 'www/pkg'), 'jianbao_wasm_bg.wasm'))) {
    throw new Error('www/pkg is missing: run `make web` first (`make bench-browser` does)');
  }
  const server = await serve();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--disable-sync', '--disable-dev-shm-usage',
      '--enable-precise-memory-info', '--js-flags=--expose-gc',
    ],
  });
  try {
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.text().startsWith('bench:')) console.error(m.text());
    });
    page.on('pageerror', (e) => console.error('page error:', e));
    await page.goto(`${server.origin}/benches/browser/index.html`);
    const isolated = await page.evaluate(() => crossOriginIsolated);
    if (!isolated) console.error('bench: warning: page is not cross-origin isolated; timer resolution is coarse');
    const result = await page.evaluate(
      ({ articles, reps, only }) => window.runBench({ articles, reps, only }),
      { articles: ARTICLES, reps: REPS, only: ONLY },
    );
    result.setup.browser = browser.version();
    result.setup.cpu = `${os.cpus().length} × ${os.cpus()[0]?.model?.trim() || 'CPU'}`;
    result.setup.loadAfter = os.loadavg()[1];
    const md = table(result);
    console.log(md);
    await mkdir(ARTIFACTS, { recursive: true });
    const name = PKG ? `bench-browser-${path.basename(PKG)}` : 'bench-browser';
    await writeFile(path.join(ARTIFACTS, `${name}.md`), `${md}\n`);
    await writeFile(path.join(ARTIFACTS, `${name}.json`), `${JSON.stringify(result, null, 1)}\n`);
    console.error(`bench: written to test-artifacts/${name}.md and .json`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
