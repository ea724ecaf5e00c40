// A worker that crashes or dies never loses what the user loaded: the file
// it was reading becomes one problem, the worker is replaced, the index is
// refilled, and search works afterwards.
//
// Two ways to make a worker fail, neither a hook in the page's code:
// - A real trap. The core no longer traps on any known input, so the test
//   serves a variant of the wasm-bindgen glue (pkg/jianbao_wasm.js) that,
//   for files the test marks, calls into the core with a pointer outside its
//   memory: the wasm instance traps with "memory access out of bounds", as
//   it did on deeply nested HTML before the core was made depth-safe.
// - The documented debugging handle, `jianbaoDebug.kill(which)`, which stops
//   a worker as if the browser had killed it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  useSite, openPage, seeds, waitForFiles, waitForList, counts, dropServedFiles, findCard, openReader, sampleFiles, cardTitles,
  titleKey, WWW,
} from './helpers.mjs';

const site = useSite();
/** The glue is replaced by a route, which a service worker would answer past (see openPage). */
const NO_SERVICE_WORKER = { serviceWorkers: 'block' };

const EXTRACT_MARK = 'TRAP-EXTRACT';
const INDEX_MARK = 'TRAP-INDEX';

/**
 * The glue with two traps: extracting a file whose path holds EXTRACT_MARK,
 * and adding a batch of records whose text holds INDEX_MARK, each call into
 * the core with a pointer far outside its memory first.
 */
function trappingGlue() {
  const glue = readFileSync(path.join(WWW, 'pkg/jianbao_wasm.js'), 'utf8');
  const trap = 'wasm.wasmcorpus_stats(8, 0xFFFFFFF0);';
  const extract = 'export function extractFile(path, bytes, warning_code, warning_message) {';
  const add = '    addRecords(batch) {';
  assert.ok(glue.includes(extract) && glue.includes(add) && glue.includes('wasm.wasmcorpus_stats('), 'the glue has the expected shape');
  return glue
    .replace(extract, `${extract}\n    if (String(path).includes('${EXTRACT_MARK}')) ${trap}`)
    .replace(add, `${add}\n        if (new TextDecoder().decode(batch).includes('${INDEX_MARK}')) ${trap}`);
}

/** An RSS dump titled `title` (a different URL and text per title, so no duplicates). */
const dump = (title) => Buffer.from(`<!--1711116901000-->
[${title}](https://www.rfi.fr/cn/recovery-${encodeURIComponent(title)})
------

<div>22/03/2024 - 15:10</div><p>${title}的正文。</p><p>第二段。</p>
`);

test('a worker whose core traps on a file: that file is one problem, nothing else is lost', async () => {
  const all = await seeds();
  const { page, context, log } = await openPage(site.browser, site.origin, NO_SERVICE_WORKER);
  const glue = trappingGlue();
  await context.route('**/pkg/jianbao_wasm.js', (route) => route.fulfill({ body: glue, contentType: 'text/javascript' }));
  await page.reload(); // the workers start with the trapping glue
  await page.locator('#version').filter({ hasText: 'jianbao' }).waitFor();

  const good = [
    ...all.map((s) => ({ name: s.name, bytes: readFileSync(s.file), title: s.title })),
    ...Array.from({ length: 20 }, (_, i) => ({ name: `good-${i}.txt`, bytes: dump(`恢复测试第${i}篇`), title: `恢复测试第${i}篇` })),
  ];
  const extractTrap = { name: `${EXTRACT_MARK}.txt`, bytes: dump('抽取时崩溃') };
  const indexTrap = { name: 'poisoned-record.txt', bytes: dump(`索引时崩溃 ${INDEX_MARK}`) };
  // The extraction trap lands inside the first batch, the index trap inside a later one.
  const files = [...good.slice(0, 3), extractTrap, ...good.slice(3, 14), indexTrap, ...good.slice(14)];
  await dropServedFiles(page, files);
  await waitForFiles(page, files.length, 120_000);

  assert.deepEqual(await counts(page), { files: files.length, articles: good.length, problems: 2 });
  const problems = page.locator('#problem-list li');
  for (const { name } of [extractTrap, indexTrap]) {
    const row = problems.filter({ has: page.locator('.problem-file', { hasText: new RegExp(`^${name}$`) }) });
    assert.equal(await row.count(), 1, name);
    assert.match(await row.locator('.problem-reason').textContent(), /^the reader crashed on this file/);
  }
  // Every good file is there, searchable, and opens.
  for (const seed of all) {
    await openReader(page, await findCard(page, seed.title));
    await page.keyboard.press('Escape');
  }
  for (const g of good.slice(all.length)) {
    await page.getByRole('searchbox').fill(g.title);
    await waitForList(page);
    assert.deepEqual(await cardTitles(page), [g.title]);
  }
  await page.getByRole('searchbox').fill('恢复测试');
  await waitForList(page);
  assert.match(await page.locator('#result-count').textContent(), /^20 matches$/);
  assert.deepEqual(log.foreign, []);
  assert.deepEqual(log.errors, []);
});

/** Stops a worker through the debugging handle; resolves once its replacement has started. */
async function kill(page, which) {
  const script = which === 'index' ? '/index-worker.js' : '/extract-worker.js';
  const replaced = page.waitForEvent('worker', (worker) => new URL(worker.url()).pathname === script);
  await page.evaluate((which) => window.jianbaoDebug.kill(which), which);
  await replaced;
}

test('workers stopped mid-load and afterwards: the corpus survives, search and the reader still work', async () => {
  const { page, log } = await openPage(site.browser, site.origin, NO_SERVICE_WORKER);
  const total = (await sampleFiles()).length;
  // Hold the sample's files from the 40th on, so the workers are stopped with
  // part of the corpus loaded and the rest still to come.
  let release;
  const go = new Promise((resolve) => { release = resolve; });
  const index = JSON.parse(readFileSync(path.join(WWW, 'sample/index.json'), 'utf8')).files.map((f) => f.path);
  await page.route('**/sample/**', async (route) => {
    const at = index.indexOf(decodeURIComponent(new URL(route.request().url()).pathname.replace(/^\/sample\//, '')));
    if (at >= 40) await go;
    return route.continue();
  });
  await page.getByRole('button', { name: 'Try the sample corpus' }).click();
  await page.waitForFunction(() => Number(document.getElementById('status').dataset.files) >= 8);
  const loaded = (await counts(page)).files;
  assert.ok(loaded >= 8 && loaded <= 40);

  // The index worker goes first: a fresh one is refilled with what was loaded.
  await kill(page, 'index');
  await kill(page, 0);
  release();
  // While the rest comes in, the last extraction worker goes too (with a
  // pool of one, as on two cores, the replacement of the one just stopped).
  const workers = await page.evaluate(() => window.jianbaoDebug.extractionWorkers());
  assert.ok(workers >= 1);
  await kill(page, workers - 1);
  await waitForFiles(page, total, 120_000);
  assert.deepEqual(await counts(page), { files: total, articles: total, problems: 0 });
  assert.equal(await page.locator('#problem-list li').count(), 0);

  // Stopped once more when idle: the next query still gets its answer.
  const seed = (await seeds())[2];
  await kill(page, 'index');
  const card = await findCard(page, seed.title);
  assert.equal(titleKey(await card.locator('h3').textContent()), titleKey(seed.title));
  const reader = await openReader(page, card);
  assert.ok(await reader.locator('.reader-text p').count() >= 2);
  await page.keyboard.press('Escape');
  await page.getByRole('searchbox').fill('');
  await waitForList(page);
  assert.equal(await page.locator('#list').getAttribute('aria-busy'), 'false');
  assert.match(await page.getByRole('status').textContent(), new RegExp(`^${total} articles · 0 problems`));
  assert.deepEqual(log.foreign, []);
  assert.deepEqual(log.errors, []);
});
