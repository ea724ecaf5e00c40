// Measuring the page while it loads files, shared by the ingest benchmarks
// (benches/browser/ingest.mjs, `make bench-web`; tests/e2e/ingest-bench.mjs):
// the CPU of the Chromium it started, per process and per thread, from /proc; the renderer's
// resident memory, a page opened without request routing, and one timed
// load (drop → first card → every file accounted for and the list idle).

import { readFileSync, readdirSync } from 'node:fs';

const USER_HZ = 100; // clock ticks per second in /proc/*/stat on Linux

/**
 * The Chromium processes this script started (descendants of this Node
 * process whose command line names chromium), with their command lines:
 * other programs' browsers on a shared machine are not counted.
 */
function chromiumProcesses() {
  const children = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const parent = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push(pid);
    } catch { /* the process ended meanwhile */ }
  }
  const out = [];
  const visit = (pid) => {
    for (const child of children.get(pid) || []) {
      try {
        const cmd = readFileSync(`/proc/${child}/cmdline`, 'utf8');
        if (cmd.includes('chromium')) out.push({ pid: child, cmd });
      } catch { /* ended meanwhile */ }
      visit(child);
    }
  };
  visit(String(process.pid));
  return out;
}

/** utime + stime of a /proc stat line, in seconds (fields after the command name in parentheses). */
const statSeconds = (stat) => {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / USER_HZ;
};

/** CPU seconds used so far by every Chromium process. */
export function chromiumCpuSeconds() {
  let total = 0;
  for (const { pid } of chromiumProcesses()) {
    try {
      total += statSeconds(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch { /* ended meanwhile */ }
  }
  return total;
}

/** CPU seconds so far of every Chromium thread, by `pid/tid`, with the thread's name. */
export function chromiumThreadSeconds() {
  const out = new Map();
  for (const { pid } of chromiumProcesses()) {
    try {
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        out.set(`${pid}/${tid}`, { name, seconds: statSeconds(stat) });
      }
    } catch { /* ended meanwhile */ }
  }
  return out;
}

/**
 * The threads that worked between two `chromiumThreadSeconds()`, busiest
 * first, as `[{ name, seconds }]`: the page's workers show as
 * `DedicatedWorker` threads (the index worker and the extraction workers),
 * its main thread as `chromium` (the renderer's).
 */
export function threadsBetween(before, after, least = 0.2) {
  return [...after].map(([key, { name, seconds }]) => ({ name, seconds: seconds - (before.get(key)?.seconds || 0) }))
    .filter((t) => t.seconds >= least)
    .sort((a, b) => b.seconds - a.seconds);
}

/** Threads as one line: `DedicatedWorker 12.3 s, chromium 4.5 s, …`. */
export const formatThreads = (threads) => threads.map((t) => `${t.name} ${t.seconds.toFixed(1)} s`).join(', ');

/**
 * Resident memory of Chromium's renderer processes together, in bytes: the
 * page's main thread and its dedicated workers live in its renderer, so this
 * is the tab's memory (JS heaps, wasm memories, DOM), whatever the page exposes.
 */
export function rendererResidentBytes() {
  let total = 0;
  for (const { pid, cmd } of chromiumProcesses()) {
    if (!cmd.includes('--type=renderer')) continue;
    try {
      const rss = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
      if (rss) total += Number(rss[1]) * 1024;
    } catch { /* ended meanwhile */ }
  }
  return total;
}

/**
 * A page without the tests' request routing (openPage intercepts every
 * request, which slows fetching the sample down several times over).
 * `prepare(context)` runs before the page opens (a benchmark's own routes).
 */
export async function openPlainPage(browser, origin, { prepare, serviceWorkers = 'allow' } = {}) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 }, serviceWorkers });
  if (prepare) await prepare(context);
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  await page.locator('#version').filter({ hasText: 'jianbao' }).waitFor();
  return { page, context };
}

/** Records the page's longest main-thread task from now on (Long Tasks API); read it with `longestTask`. */
export function watchLongTasks(page) {
  return page.evaluate(() => {
    window.__longest = 0;
    window.__longTasks = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        window.__longest = Math.max(window.__longest, e.duration);
        window.__longTasks += 1;
      }
    }).observe({ type: 'longtask' });
  });
}

/** `{ longest, count }`: the longest main-thread task since `watchLongTasks` (ms) and how many were over 50 ms. */
export function longestTask(page) {
  return page.evaluate(() => ({ longest: window.__longest, count: window.__longTasks }));
}

/** Resolves once `n` files are accounted for in the status line and the list is idle (searchable). */
export function allFilesListed(page, n, timeout) {
  return page.waitForFunction((n) => {
    const s = document.getElementById('status');
    return Number(s.dataset.files) === n && document.getElementById('list').getAttribute('aria-busy') === 'false';
  }, n, { timeout, polling: 50 });
}

/**
 * One timed load: `start()` begins it (a click, a drop); resolves to the
 * seconds to the first card and until all `files` are listed, Chromium's
 * average busy cores, the busiest threads' CPU, the longest main-thread task.
 */
export async function timeLoad(page, files, start, { timeout = 600_000 } = {}) {
  await watchLongTasks(page);
  const cpu0 = chromiumCpuSeconds();
  const threads0 = chromiumThreadSeconds();
  const t0 = Date.now();
  await start();
  await page.locator('#list article.card').first().waitFor({ timeout });
  const firstCard = (Date.now() - t0) / 1000;
  await allFilesListed(page, files, timeout);
  const seconds = (Date.now() - t0) / 1000;
  const cores = (chromiumCpuSeconds() - cpu0) / seconds;
  const threads = threadsBetween(threads0, chromiumThreadSeconds());
  const { longest, count } = await longestTask(page);
  return { seconds, firstCard, cores, longest, longTasks: count, threads };
}
