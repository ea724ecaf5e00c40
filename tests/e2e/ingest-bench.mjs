// Ingest timing of the page, in one Chromium run: the bundled sample (button)
// and a generated corpus of N files dropped as a folder from disk. Not a test
// (node --test does not pick it up): `node tests/e2e/ingest-bench.mjs [N]`.
//
// For each load it prints the wall time from the drop until every file is
// accounted for and the list is idle, the time to the first card, the longest main-thread task (Long
// Tasks API), and how many cores Chromium kept busy on average (its
// processes' CPU time from /proc over the wall time), beside the machine's
// load average. `--www DIR` serves another build of the page (to compare).

import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync, readdirSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import path from 'node:path';
import { serve, launch, dropPaths, sampleFiles, counts, generateCorpus } from './helpers.mjs';

const args = process.argv.slice(2);
const wwwAt = args.indexOf('--www');
const WWW_DIR = wwwAt >= 0 ? path.resolve(args.splice(wwwAt, 2)[1]) : undefined;
const N = Number(args[0] || 10_000);

/** CPU seconds used so far by every process whose command line names chromium. */
function chromiumCpuSeconds() {
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chromium')) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / tick; // utime + stime
    } catch { /* the process ended meanwhile */ }
  }
  return total;
}

/**
 * A page without the tests' request routing (openPage intercepts every
 * request, which slows fetching the sample down several times over).
 */
async function openPlainPage(browser, origin) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  await page.locator('#version').filter({ hasText: 'jianbao' }).waitFor();
  return { page, context };
}

async function timeLoad(page, files, start) {
  await page.evaluate(() => {
    window.__longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
    }).observe({ type: 'longtask' });
  });
  const cpu0 = chromiumCpuSeconds();
  const threads0 = chromiumThreadSeconds();
  const t0 = Date.now();
  await start();
  await page.locator('#list article.card').first().waitFor({ timeout: 600_000 });
  const firstCard = (Date.now() - t0) / 1000;
  await page.waitForFunction((n) => {
    const s = document.getElementById('status');
    return Number(s.dataset.files) === n && document.getElementById('list').getAttribute('aria-busy') === 'false';
  }, files, { timeout: 600_000, polling: 50 });
  const seconds = (Date.now() - t0) / 1000;
  const cores = (chromiumCpuSeconds() - cpu0) / seconds;
  const threads = busiestThreads(threads0, chromiumThreadSeconds());
  const longest = await page.evaluate(() => window.__longest);
  return { seconds, firstCard, cores, longest, threads, counts: await counts(page) };
}

/** CPU seconds so far of every Chromium thread, by `pid/tid`, with the thread's name. */
function chromiumThreadSeconds() {
  const out = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chromium')) continue;
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        out.set(`${pid}/${tid}`, { name, seconds: (Number(fields[11]) + Number(fields[12])) / 100 });
      }
    } catch { /* ended meanwhile */ }
  }
  return out;
}

/**
 * The threads that worked during a load, busiest first: the page's workers
 * show as `DedicatedWorker` threads (the index worker and the extraction
 * workers), its main thread as `chromium` (the renderer's).
 */
function busiestThreads(before, after) {
  return [...after].map(([key, { name, seconds }]) => ({ name, seconds: seconds - (before.get(key)?.seconds || 0) }))
    .filter((t) => t.seconds >= 0.2)
    .sort((a, b) => b.seconds - a.seconds)
    .map((t) => `${t.name} ${t.seconds.toFixed(1)} s`)
    .join(', ');
}

const report = (name, r, extra = '') => console.log(
  `${name}: ${r.seconds.toFixed(2)} s${extra}, first card after ${r.firstCard.toFixed(2)} s; ${r.counts.articles} articles, ${r.counts.problems} problems; ` +
  `longest main-thread task ${Math.round(r.longest)} ms; Chromium busy on ${r.cores.toFixed(2)} cores on average ` +
  `(load average ${loadavg()[0].toFixed(2)}); CPU of the busiest threads: ${r.threads}`);

const dir = await mkdtemp(path.join(tmpdir(), 'jianbao-ingest-'));
const server = await serve(WWW_DIR);
const browser = await launch();
try {
  const corpusBytes = await generateCorpus(dir, N);
  const sample = (await sampleFiles()).length;
  {
    const { page, context } = await openPlainPage(browser, server.origin);
    const r = await timeLoad(page, sample, () => page.getByRole('button', { name: 'Try the sample corpus' }).click());
    report(`bundled sample, ${sample} files`, r);
    await context.close();
  }
  {
    const { page, context } = await openPlainPage(browser, server.origin);
    const r = await timeLoad(page, N, () => dropPaths(page, [dir]));
    report(`generated corpus, ${N} files, ${(corpusBytes / 1e6).toFixed(1)} MB`, r, ` (${(corpusBytes / 1e6 / r.seconds).toFixed(1)} MB/s)`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
