// The corpus survives a reload: it is stored on this computer (OPFS) after
// files are read, restored without reading any file when the page opens,
// added to by later drops, and removed by "Clear stored corpus". Storage
// that refuses, or a stored corpus of a format this build cannot read, is a
// message, never a broken page. Each test opens its own browser context, so
// nothing stored leaks into another test.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  useSite, openPage, seeds, waitForFiles, waitForList, counts, cardTitleKeys, findCard, titleKey, dropFiles, screenshot,
} from './helpers.mjs';

const site = useSite();
let all;
before(async () => {
  all = await seeds();
});

/** Waits until the stored-corpus line is in `state` (stored, refused, unreadable…); returns its text. */
async function storedLine(page, state) {
  const line = page.locator(`#stored[data-state="${state}"]:not([hidden]) #stored-text`);
  await line.waitFor({ timeout: 60_000 });
  return line.textContent();
}

/** The names in this origin's OPFS folder `jianbao/` (null when there is no folder). */
function storedFiles(page) {
  return page.evaluate(async () => {
    try {
      const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle('jianbao');
      const names = [];
      for await (const [name, handle] of folder.entries()) names.push(`${name}:${(await handle.getFile()).size}`);
      return names.sort();
    } catch (error) {
      if (error.name === 'NotFoundError') return null;
      throw error;
    }
  });
}

/** Reopens the page (same context, so the same storage) and waits for the core. */
async function reopen(page) {
  await page.reload();
  await page.locator('#version').filter({ hasText: 'jianbao' }).waitFor();
}

test('a reload restores the stored corpus without reading a file, and it is searchable', async () => {
  const { page, log } = await openPage(site.browser, site.origin);
  await page.setInputFiles('#pick-files', all.map((s) => s.file));
  await waitForFiles(page, all.length);
  const before = await counts(page);
  const stored = await storedLine(page, 'stored');
  assert.match(stored, new RegExp(`^Stored on this computer: ${before.articles} articles?, [\\d.]+ MB$`));
  const titles = await cardTitleKeys(page);

  await reopen(page);
  await waitForFiles(page, all.length);
  assert.deepEqual(await counts(page), before, 'the same files, articles and problems come back');
  assert.deepEqual(await cardTitleKeys(page), titles);
  assert.equal(await storedLine(page, 'stored'), stored);
  // No file was picked this time: the cards come from storage alone.
  assert.equal(await page.locator('#pick-files').evaluate((input) => input.files.length), 0);
  const target = all[1];
  const card = await findCard(page, target.title);
  assert.equal(titleKey(await card.locator('h3').textContent()), titleKey(target.title));
  await screenshot(page, 'keep-restored');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.foreign, []);
});

test('files dropped after a restore add to the stored corpus, and duplicates keep their rule', async () => {
  const { page, log } = await openPage(site.browser, site.origin);
  const [first, ...rest] = all;
  await page.setInputFiles('#pick-files', rest.map((s) => s.file));
  await waitForFiles(page, rest.length);
  await storedLine(page, 'stored');

  await reopen(page);
  await waitForFiles(page, rest.length);
  // One new file and one byte-identical copy of a restored one.
  await dropFiles(page, [
    { name: first.name, bytes: await readFile(first.file) },
    { name: `copy-of-${rest[0].name}`, bytes: await readFile(rest[0].file) },
  ]);
  await waitForFiles(page, all.length + 1);
  await storedLine(page, 'stored');
  const grown = await counts(page);
  assert.match(await page.locator('#status').textContent(), /1 duplicate\b/);

  await reopen(page);
  await waitForFiles(page, all.length + 1);
  assert.deepEqual(await counts(page), grown);
  assert.match(await page.locator('#status').textContent(), /1 duplicate\b/);
  assert.match(await storedLine(page, 'stored'), new RegExp(`: ${grown.articles} articles,`));
  assert.deepEqual(log.errors, []);
});

test('an index worker lost after a restore and a further drop is refilled from the stored corpus', async () => {
  const { page, log } = await openPage(site.browser, site.origin);
  const [last, ...rest] = [...all].reverse();
  await page.setInputFiles('#pick-files', rest.map((s) => s.file));
  await waitForFiles(page, rest.length);
  await storedLine(page, 'stored');
  await reopen(page);
  await waitForFiles(page, rest.length);
  await page.setInputFiles('#pick-files', [last.file]); // kept as record lines until stored
  await waitForFiles(page, all.length);
  await storedLine(page, 'stored');
  const before = await counts(page);

  const replaced = page.waitForEvent('worker', (worker) => new URL(worker.url()).pathname === '/index-worker.js');
  await page.evaluate(() => window.jianbaoDebug.kill('index'));
  await replaced;
  for (const seed of [rest[0], last]) {
    const card = await findCard(page, seed.title);
    assert.equal(titleKey(await card.locator('h3').textContent()), titleKey(seed.title));
  }
  await page.getByRole('searchbox').fill('');
  await waitForList(page);
  assert.equal(await page.locator('#list article.card').count(), before.articles);
  assert.deepEqual(await counts(page), before);
  assert.deepEqual(log.errors, []);
});

test('Clear stored corpus removes it from this computer', async () => {
  const { page, log } = await openPage(site.browser, site.origin);
  await page.setInputFiles('#pick-files', all.map((s) => s.file));
  await waitForFiles(page, all.length);
  await storedLine(page, 'stored');
  assert.ok((await storedFiles(page)).some((f) => f.startsWith('corpus-') && !f.endsWith(':0')), 'a slot holds the corpus');

  const reloaded = page.waitForEvent('load');
  await page.getByRole('button', { name: 'Clear stored corpus' }).click();
  await reloaded;
  await page.locator('#version').filter({ hasText: 'jianbao' }).waitFor();
  assert.equal(await storedFiles(page), null, 'nothing left in OPFS');
  assert.equal(await page.locator('#browse').isHidden(), true, 'the page opens empty');
  assert.equal(await page.locator('#stored').isHidden(), true);

  await reopen(page);
  await waitForList(page);
  assert.equal(await page.locator('#browse').isHidden(), true, 'and stays empty after another reload');
  assert.deepEqual(log.errors, []);
});

test('storage refused for want of space is a message; the loaded articles stay usable', async () => {
  const { page, context, log } = await openPage(site.browser, site.origin);
  // A real quota, as the browser enforces it: far smaller than the corpus.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: site.origin, quotaSize: 4096 });
  await page.setInputFiles('#pick-files', all.map((s) => s.file));
  await waitForFiles(page, all.length);
  const message = await storedLine(page, 'refused');
  assert.match(message, /^Not stored on this computer: the browser refused the space/);
  const target = all[3];
  const card = await findCard(page, target.title);
  assert.equal(titleKey(await card.locator('h3').textContent()), titleKey(target.title));
  // Nothing half-written was left behind to fill the little space there is.
  assert.ok(((await storedFiles(page)) || []).every((f) => f.endsWith(':0')), 'no partial slot kept');
  await screenshot(page, 'keep-quota');
  assert.deepEqual(log.errors, []);
});

// What another build would have left: its magic, its format version, a body
// this build cannot know. Format 1 is what builds before the binary records
// stored (records as JSON); 99 stands for a newer build.
for (const [version, who] of [[1, 'an older build'], [99, 'a newer build']]) {
  test(`a corpus stored by ${who} (format ${version}) is refused with an offer to clear it, never read`, async () => {
    const { page, log } = await openPage(site.browser, site.origin);
    await page.evaluate(async (version) => {
      const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle('jianbao', { create: true });
      const write = async (name, bytes) => {
        const writable = await (await folder.getFileHandle(name, { create: true })).createWritable();
        await writable.write(bytes);
        await writable.close();
      };
      const magic = new TextEncoder().encode('JIANBAO-CORPUS\n');
      const blob = new Uint8Array(magic.length + 4 + 64);
      blob.set(magic);
      new DataView(blob.buffer).setUint32(magic.length, version, true);
      await write('corpus-a.bin', blob);
      await write('current.json', new TextEncoder().encode(JSON.stringify({ slot: 0, generation: 7, bytes: blob.length, files: 12, articles: 12 })));
    }, version);
    await reopen(page);
    const message = await storedLine(page, 'unreadable');
    const reads = Number(/this page reads format (\d+)/.exec(message)?.[1]);
    assert.match(message, new RegExp(`saved by another version of jianbao \\(format ${version}; this page reads format \\d+\\)`));
    assert.ok(reads > 1 && reads !== version, `this build reads its own format (${reads}), not ${version}`);
    await waitForList(page);
    assert.equal(await page.locator('#browse').isHidden(), true, 'nothing misread into cards');

    // Files read now are not stored over it until it is cleared.
    await page.setInputFiles('#pick-files', [all[0].file]);
    await waitForFiles(page, 1);
    assert.equal(await page.locator('#stored').getAttribute('data-state'), 'unreadable');
    assert.ok((await storedFiles(page)).includes(`corpus-a.bin:${15 + 4 + 64}`), 'the unreadable corpus is untouched');

    const reloaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Clear stored corpus' }).click();
    await reloaded;
    await page.locator('#version').filter({ hasText: 'jianbao' }).waitFor();
    assert.equal(await storedFiles(page), null);
    assert.equal(await page.locator('#stored').isHidden(), true);
    assert.deepEqual(log.errors, []);
  });
}

test('the stored-corpus line speaks Chinese too', async () => {
  const { page } = await openPage(site.browser, site.origin, { locale: 'zh-CN' });
  await page.setInputFiles('#pick-files', all.map((s) => s.file));
  await waitForFiles(page, all.length);
  const { articles } = await counts(page);
  assert.match(await storedLine(page, 'stored'), new RegExp(`^已存储在这台电脑上：${articles} 篇文章，[\\d.]+ MB$`));
  await page.getByRole('button', { name: '清除存储的语料' }).waitFor();
});
