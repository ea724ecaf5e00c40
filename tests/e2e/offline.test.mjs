// Offline after one visit: the service worker (www/sw.js) caches the page,
// its modules, styles and the wasm core; with the network off a reload shows
// the page, restores the corpus stored on this computer, and search works.
// No request leaves the origin, online or off.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  useSite, openPage, serve, seeds, waitForFiles, counts, findCard, titleKey, screenshot, WWW,
} from './helpers.mjs';

const site = useSite();
let all;
before(async () => {
  all = await seeds();
});

/** Polls `check` (an async function run in the page) until it returns true. */
async function until(page, check, arg, timeout = 60_000) {
  const end = Date.now() + timeout;
  while (!(await page.evaluate(check, arg))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${check}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** This build's shell as make web listed it: `{ version, files }`. */
async function builtShell(dir = WWW) {
  const shell = await readFile(path.join(dir, 'pkg/shell.js'), 'utf8');
  return { text: shell, ...JSON.parse(shell.slice(shell.indexOf('{'), shell.lastIndexOf('}') + 1)) };
}

/** Cache names of the shell (`jianbao-shell-<version>`). */
const shellCaches = (page) => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('jianbao-shell-')));

/** Waits until a service worker is active and has cached this build's whole shell; returns its version. */
async function waitForOffline(page, dir = WWW) {
  const { version, files } = await builtShell(dir);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await until(page, async ({ name, count }) => (await caches.has(name))
    && (await (await caches.open(name)).keys()).length >= count, { name: `jianbao-shell-${version}`, count: files.length });
  return version;
}

test('with the network off, a reload shows the page, restores the stored corpus, and search works', async () => {
  const { page, context, log } = await openPage(site.browser, site.origin);
  await page.setInputFiles('#pick-files', all.map((s) => s.file));
  await waitForFiles(page, all.length);
  await page.locator('#stored[data-state="stored"]').waitFor();
  const before = await counts(page);
  await waitForOffline(page);

  await context.setOffline(true);
  try {
    await page.reload();
    await page.locator('#version').filter({ hasText: 'jianbao' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.onLine), false, 'the browser is offline');
    assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'served by the service worker');
    await waitForFiles(page, all.length);
    assert.deepEqual(await counts(page), before);
    const target = all[2];
    const card = await findCard(page, target.title);
    assert.equal(titleKey(await card.locator('h3').textContent()), titleKey(target.title));
    await screenshot(page, 'offline');
  } finally {
    await context.setOffline(false);
  }
  assert.deepEqual(log.foreign, []);
  assert.deepEqual(log.errors, []);
});

test('offline without the service worker, the reload fails: the test above can tell', async () => {
  // The same reload in a context where the worker cannot run shows no page.
  const { page, context } = await openPage(site.browser, site.origin, { serviceWorkers: 'block' });
  await context.setOffline(true);
  try {
    await assert.rejects(page.reload(), /ERR_INTERNET_DISCONNECTED/);
  } finally {
    await context.setOffline(false);
  }
});

test('a new build replaces the cached shell: the old cache is deleted', async () => {
  // A copy of the site, so the test can make "the next build" of it on disk.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jianbao-www-'));
  await cp(WWW, dir, { recursive: true });
  const server = await serve(dir);
  try {
    const { page, log } = await openPage(site.browser, server.origin);
    const version = await waitForOffline(page, dir);
    assert.deepEqual(await shellCaches(page), [`jianbao-shell-${version}`]);
    const { text } = await builtShell(dir);
    const next = 'feedfacefeedface';
    await writeFile(path.join(dir, 'pkg/shell.js'), text.replace(version, next));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await until(page, async (name) => (await caches.keys()).filter((k) => k.startsWith('jianbao-shell-')).join() === name,
      `jianbao-shell-${next}`);
    assert.deepEqual(await shellCaches(page), [`jianbao-shell-${next}`]);
    assert.deepEqual(log.errors, []);
    await page.context().close();
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});
