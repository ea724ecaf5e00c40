// Restore against re-read, in one Chromium run: a generated corpus of N
// files is dropped as a folder (the re-read: what every visit cost before
// the corpus was stored), stored on this computer, then the page is
// reloaded and restores it. Not a test (node --test does not pick it up):
// `node tests/e2e/restore-bench.mjs [N]`.
//
// Prints, with the input's size: the re-read (drop → every file accounted
// for, list idle), the store (→ "Stored on this computer"), the stored size
// and bytes per article, and the restore (reload → every file accounted for,
// list idle, i.e. searchable), then the first query after the restore.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, loadavg } from 'node:os';
import path from 'node:path';
import { serve, launch, dropPaths, counts, generateCorpus } from './helpers.mjs';

const N = Number(process.argv[2] || 10_000);
const TIMEOUT = 1_800_000;

const allThere = (page, n) => page.waitForFunction((n) => {
  const s = document.getElementById('status');
  return Number(s.dataset.files) === n && document.getElementById('list').getAttribute('aria-busy') === 'false';
}, n, { timeout: TIMEOUT, polling: 50 });

const dir = await mkdtemp(path.join(tmpdir(), 'jianbao-restore-'));
const server = await serve();
const browser = await launch();
try {
  const corpusBytes = await generateCorpus(dir, N);
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  await page.goto(`${server.origin}/`);
  await page.locator('#version').filter({ hasText: 'jianbao' }).waitFor();

  let t0 = Date.now();
  await dropPaths(page, [dir]);
  await allThere(page, N);
  const reread = (Date.now() - t0) / 1000;
  await page.locator('#stored[data-state="stored"]').waitFor({ timeout: TIMEOUT });
  const measures = () => page.evaluate(() => Object.fromEntries(performance.getEntriesByType('measure')
    .filter((m) => m.name.startsWith('jianbao:')).map((m) => [m.name.slice(8), m.duration / 1000])));
  const store = (await measures()).store;
  const { articles } = await counts(page);
  const stored = await page.evaluate(async () => {
    const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle('jianbao');
    return JSON.parse(await (await (await folder.getFileHandle('current.json')).getFile()).text()).bytes;
  });

  // The same query before the restore, to compare its answer with the restored corpus's.
  const query = async () => {
    await page.getByRole('searchbox').fill('乌克兰');
    await page.waitForFunction(() => document.getElementById('list').getAttribute('aria-busy') === 'false'
      && /\d/.test(document.getElementById('result-count').textContent), null, { timeout: TIMEOUT, polling: 20 });
    return page.locator('#result-count').textContent();
  };
  const matchesBefore = await query();
  await page.getByRole('searchbox').fill('');
  await page.waitForFunction(() => document.getElementById('list').getAttribute('aria-busy') === 'false', null, { timeout: TIMEOUT });

  t0 = Date.now();
  await page.reload();
  await allThere(page, N);
  const restore = (Date.now() - t0) / 1000;
  const restoreParts = await measures();
  t0 = Date.now();
  const matches = await query();
  const firstQuery = (Date.now() - t0) / 1000;

  console.log(`${N} files (${(corpusBytes / 1e6).toFixed(1)} MB), ${articles} articles:`);
  console.log(`  re-read (drop → all listed): ${reread.toFixed(1)} s`);
  console.log(`  store (after the re-read, in the index worker): ${store.toFixed(1)} s`);
  console.log(`  stored: ${(stored / 1e6).toFixed(1)} MB = ${Math.round(stored / articles).toLocaleString('en')} bytes per article (${(stored / corpusBytes).toFixed(2)}× the files)`);
  console.log(`  restore (reload → all listed, searchable): ${restore.toFixed(1)} s (${(reread / restore).toFixed(1)}× faster than the re-read);`
    + ` of which the worker reading the stored corpus ${restoreParts['restore-read'].toFixed(1)} s, the problems' summaries reaching the page ${restoreParts['restore-problems'].toFixed(1)} s`);
  const steps = ['records', 'index', 'end', 'assemble', 'file_reads'].map((s) => `${s} ${(restoreParts[`restore-read-${s}`] ?? NaN).toFixed(2)} s`);
  console.log(`  the core's read, by step (each with its file reads and checksum): ${steps.join(', ')}`);
  console.log(`  first query after the restore ("乌克兰", ${matches}; before the restore: ${matchesBefore}): ${(firstQuery * 1000).toFixed(0)} ms`);
  console.log(`  load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  await context.close();
} finally {
  await browser.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
