// The page's wasm core, timed stage by stage in Node (V8, the engine Chromium
// runs it in) without a page: for comparing builds of the core (opt-level,
// crates) in seconds rather than a whole `make bench-web`. It is not the
// page's figure; `make bench-web` and tests/e2e/restore-bench.mjs are.
//
//   node benches/browser/wasm-core.mjs DIR [--pkg www/pkg] [--limit N] [--save-image FILE]
//
// DIR is a folder of files (e.g. bench-data/scale-10000 from
// scripts/gen-scale-corpus.py). Stages: extraction (extractFile per file),
// indexing (addRecords in batches of 256 lines, as the index worker does),
// toBytes, fromBytes, and search (a fixed query list, median and p95 of the
// engine call, as the page's list asks). Prints one line of JSON.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { joinLines } from '../../www/lines.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at < 0 ? fallback : args.splice(at, 2)[1];
};
// A wasm-bindgen output folder: its glue and its module go together.
const pkg = path.resolve(option('--pkg', path.join(root, 'www/pkg')));
const wasmPath = path.join(pkg, 'jianbao_wasm_bg.wasm');
const limit = Number(option('--limit', Infinity));
// Keeps the saved corpus, for looking at one stage (search, restore) without re-reading.
const saveImage = option('--save-image', null);
const dir = args[0];
if (!dir) {
  console.error('usage: node benches/browser/wasm-core.mjs DIR [--pkg FOLDER] [--limit N] [--save-image FILE]');
  process.exit(2);
}

const core = await import(path.join(pkg, 'jianbao_wasm.js'));
await core.default({ module_or_path: fs.readFileSync(wasmPath) });

const files = [];
(function walk(at) {
  for (const entry of fs.readdirSync(at, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(at, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (files.length < limit) files.push(full);
  }
})(dir);
const inputs = files.map((file) => [path.relative(dir, file), fs.readFileSync(file)]);
const inputBytes = inputs.reduce((sum, [, bytes]) => sum + bytes.length, 0);

const seconds = (start) => Number(((performance.now() - start) / 1000).toFixed(3));
const timings = {};

let start = performance.now();
const lines = inputs.map(([name, bytes]) => core.extractFile(name, bytes));
timings.extract = seconds(start);

start = performance.now();
const corpus = new core.WasmCorpus();
const BATCH = 256;
for (let at = 0; at < lines.length; at += BATCH) corpus.addRecords(new Uint8Array(joinLines(lines.slice(at, at + BATCH))));
timings.index = seconds(start);

start = performance.now();
const image = corpus.toBytes();
timings.toBytes = seconds(start);
if (saveImage) fs.writeFileSync(saveImage, image);

start = performance.now();
const restored = core.WasmCorpus.fromBytes(image);
timings.fromBytes = seconds(start);

/** What the page asks for a list (app.js): a page of 40 cards, copies hidden (its default), the exact count left to the facet request. */
const SEARCH_OPTIONS = { limit: 40, collapse: 'copies', quickTotal: true };
const QUERIES = ['乌克兰', '香港', '習近平', '中共', '法轮功', '经济', '台湾 选举', '"人权"', 'china', '新冠'];
const engine = [];
for (let round = 0; round < 5; round++) {
  for (const query of QUERIES) {
    const at = performance.now();
    restored.search(query, SEARCH_OPTIONS);
    engine.push(performance.now() - at);
  }
}
engine.sort((a, b) => a - b);
const quantile = (q) => Number(engine[Math.min(engine.length - 1, Math.floor(q * engine.length))].toFixed(2));

console.log(
  JSON.stringify({
    wasm: path.relative(root, wasmPath),
    wasmBytes: fs.statSync(wasmPath).size,
    files: inputs.length,
    inputMB: Number((inputBytes / 1e6).toFixed(1)),
    imageMB: Number((image.length / 1e6).toFixed(1)),
    seconds: timings,
    searchMs: { p50: quantile(0.5), p95: quantile(0.95) },
  }),
);
