// Every way files come in — folder picker, drop, ZIP — and the rule that
// nothing is lost: files in = articles + problems.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, copyFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  useSite, openPage, seeds, waitForFiles, counts, cardTitleKeys, cardByTitle, titleKey, dropFiles, dropPaths, findCard, openReader, makeZip, screenshot, PNG, CORPUS, listFiles,
} from './helpers.mjs';

const site = useSite();
let workdir;
before(async () => {
  workdir = await mkdtemp(path.join(tmpdir(), 'jianbao-e2e-'));
});
after(async () => {
  if (workdir) await rm(workdir, { recursive: true, force: true });
});

test('a folder picked with the folder button is read recursively, paths kept', async () => {
  const all = await seeds();
  const folder = path.join(workdir, 'archive');
  await mkdir(path.join(folder, 'nested/deeper'), { recursive: true });
  await copyFile(all[0].file, path.join(folder, all[0].name));
  await copyFile(all[1].file, path.join(folder, 'nested', all[1].name));
  await copyFile(all[4].file, path.join(folder, 'nested/deeper', all[4].name));

  const { page, log } = await openPage(site.browser, site.origin);
  await page.setInputFiles('#pick-folder', folder);
  await waitForFiles(page, 3);
  assert.deepEqual(await counts(page), { files: 3, articles: 3, problems: 0 });
  assert.deepEqual(await cardTitleKeys(page), [all[0], all[1], all[4]].map((s) => titleKey(s.title)).sort());

  // The reader names the source file by its whole path in the folder (which channel it came from).
  await openReader(page, await cardByTitle(page, all[4].title));
  assert.equal(await page.locator('#reader .source-file').textContent(), `archive/nested/deeper/${all[4].name}`);
  assert.deepEqual(log.errors, []);
});

test('a folder dropped on the page is walked recursively, nothing skipped', async () => {
  const all = await seeds();
  const folder = path.join(workdir, 'dropped');
  await mkdir(path.join(folder, 'a/b/c'), { recursive: true });
  await mkdir(path.join(folder, 'empty-folder'), { recursive: true });
  const placed = [all[0].file, all[1].file, all[2].file].map((file, i) => {
    const to = path.join(folder, ['', 'a', 'a/b/c'][i], path.basename(file));
    return { file, to };
  });
  for (const { file, to } of placed) await copyFile(file, to);
  const others = (await listFiles(path.join(CORPUS, 'other'))).slice(0, 7);
  for (const file of others) await copyFile(file, path.join(folder, 'a/b', path.basename(file)));
  const total = placed.length + others.length;

  const { page, log } = await openPage(site.browser, site.origin);
  await dropPaths(page, [folder, all[3].file]); // a folder and a loose file together
  await waitForFiles(page, total + 1);
  const c = await counts(page);
  assert.equal(c.files, total + 1);
  assert.equal(c.articles + c.problems, c.files);
  await openReader(page, await cardByTitle(page, all[2].title));
  assert.equal(await page.locator('#reader .source-file').textContent(), `dropped/a/b/c/${all[2].name}`);
  assert.deepEqual(log.errors, []);
});

test('files dropped on the page become cards', async () => {
  const all = await seeds();
  const { page } = await openPage(site.browser, site.origin);
  await dropFiles(page, all.slice(2).map((s) => ({ name: s.name, bytes: readFileSync(s.file) })));
  await waitForFiles(page, 3);
  assert.deepEqual(await counts(page), { files: 3, articles: 3, problems: 0 });
  assert.deepEqual(await cardTitleKeys(page), all.slice(2).map((s) => titleKey(s.title)).sort());
});

test('a dropped ZIP is read entry by entry', async () => {
  const all = await seeds();
  const corpus = (await listFiles(CORPUS)).filter((f) => !f.endsWith('MANIFEST.tsv')).slice(0, 20);
  const entries = [
    ...all.map((s) => ({ name: `mirror-main/seeds/${s.name}`, bytes: readFileSync(s.file) })),
    ...corpus.map((f) => ({ name: `mirror-main/corpus/${path.relative(CORPUS, f)}`, bytes: readFileSync(f) })),
    { name: 'mirror-main/logo.png', bytes: PNG },
  ];
  const { page, log } = await openPage(site.browser, site.origin);
  await dropFiles(page, [{ name: 'mirror-main.zip', bytes: makeZip(entries), type: 'application/zip' }]);
  await waitForFiles(page, entries.length);
  const c = await counts(page);
  assert.equal(c.files, entries.length);
  assert.equal(c.articles + c.problems, c.files);
  assert.equal(c.problems, 1, 'only the PNG inside the archive is a problem');
  // Every seed inside is a card, named archive.zip/inner/path.
  for (const seed of all) {
    await openReader(page, await findCard(page, seed.title));
    assert.equal(await page.locator('#reader .source-file').textContent(), `mirror-main.zip/mirror-main/seeds/${seed.name}`);
    await page.keyboard.press('Escape');
  }
  await page.keyboard.press('Escape');
  const problem = page.locator('#problem-list li').filter({ hasText: 'logo.png' });
  assert.equal(await problem.count(), 1);
  assert.deepEqual(log.errors, []);
});

test('an image and an empty file are two problems, and nothing is lost', async () => {
  const all = await seeds();
  const { page, log } = await openPage(site.browser, site.origin);
  await dropFiles(page, [
    { name: all[0].name, bytes: readFileSync(all[0].file) },
    { name: 'photo.png', bytes: PNG, type: 'image/png' },
    { name: 'empty.txt', bytes: Buffer.alloc(0) },
  ]);
  await waitForFiles(page, 3);
  assert.deepEqual(await counts(page), { files: 3, articles: 1, problems: 2 });
  assert.match(await page.getByRole('status').textContent(), /^1 article · 2 problems/);

  const region = page.getByRole('region', { name: /Problems/ });
  assert.ok(await region.isVisible());
  const items = region.getByRole('listitem');
  assert.equal(await items.count(), 2);
  for (const name of ['photo.png', 'empty.txt']) {
    const item = items.filter({ hasText: name });
    assert.equal(await item.count(), 1, name);
    const reason = (await item.locator('.problem-reason').textContent()).trim();
    assert.ok(reason.length > 3, `${name} has a reason: "${reason}"`);
  }
  await region.scrollIntoViewIfNeeded();
  await screenshot(page, 'problems');
  assert.deepEqual(log.errors, []);
});

test('when the core cannot load, the page says so instead of hanging', async () => {
  const all = await seeds();
  const context = await site.browser.newContext();
  await context.route('**/pkg/jianbao_wasm_bg.wasm', (route) => route.fulfill({ status: 404, body: '' }));
  const page = await context.newPage();
  await page.goto(`${site.origin}/`);
  await page.setInputFiles('#pick-files', [all[0].file]);
  await page.getByRole('status').filter({ hasText: /^The reader could not start: / }).waitFor();
  assert.equal(await page.locator('#progress').isHidden(), true);
  await context.close();
});
