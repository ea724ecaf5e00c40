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
import { tmpdir, loadavg } from 'node:os';
import path from 'node:path';
import { serve, launch, dropPaths, sampleFiles, counts, generateCorpus } from './helpers.mjs';
import { openPlainPage, timeLoad, formatThreads } from '../../benches/browser/page-load.mjs';

const args = process.argv.slice(2);
const wwwAt = args.indexOf('--www');
const WWW_DIR = wwwAt >= 0 ? path.resolve(args.splice(wwwAt, 2)[1]) : undefined;
const N = Number(args[0] || 10_000);

const measure = async (page, files, start) => ({ ...(await timeLoad(page, files, start)), counts: await counts(page) });

const report = (name, r, extra = '') => console.log(
  `${name}: ${r.seconds.toFixed(2)} s${extra}, first card after ${r.firstCard.toFixed(2)} s; ${r.counts.articles} articles, ${r.counts.problems} problems; ` +
  `longest main-thread task ${Math.round(r.longest)} ms; Chromium busy on ${r.cores.toFixed(2)} cores on average ` +
  `(load average ${loadavg()[0].toFixed(2)}); CPU of the busiest threads: ${formatThreads(r.threads)}`);

const dir = await mkdtemp(path.join(tmpdir(), 'jianbao-ingest-'));
const server = await serve(WWW_DIR);
const browser = await launch();
try {
  const corpusBytes = await generateCorpus(dir, N);
  const sample = (await sampleFiles()).length;
  {
    const { page, context } = await openPlainPage(browser, server.origin);
    const r = await measure(page, sample, () => page.getByRole('button', { name: 'Try the sample corpus' }).click());
    report(`bundled sample, ${sample} files`, r);
    await context.close();
  }
  {
    const { page, context } = await openPlainPage(browser, server.origin);
    const r = await measure(page, N, () => dropPaths(page, [dir]));
    report(`generated corpus, ${N} files, ${(corpusBytes / 1e6).toFixed(1)} MB`, r, ` (${(corpusBytes / 1e6 / r.seconds).toFixed(1)} MB/s)`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
}
