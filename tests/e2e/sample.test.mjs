// The "Try the sample corpus" button loads every bundled fixture, and every
// file is accounted for; screenshots of the main views on laptop and phone.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { useSite, openPage, openReader, waitForFiles, counts, sampleFiles, screenshot } from './helpers.mjs';

const site = useSite();

test('the sample corpus loads every fixture: files = articles + problems', async () => {
  const files = await sampleFiles();
  const { page, log } = await openPage(site.browser, site.origin);
  await screenshot(page, 'start');
  await page.getByRole('button', { name: 'Try the sample corpus' }).click();
  await waitForFiles(page, files.length);

  const c = await counts(page);
  assert.equal(c.files, files.length);
  assert.equal(c.articles + c.problems, c.files);
  const problems = page.locator('#problem-list li');
  assert.equal(await problems.count(), c.problems);
  const status = await page.getByRole('status').textContent();
  assert.ok(status.startsWith(`${c.articles.toLocaleString('en-US')} articles · `), status);
  // Every problem names a fixture file.
  const names = new Set(files.map((f) => path.basename(f)));
  for (const name of await page.locator('#problem-list .problem-file').allTextContents()) {
    assert.ok(names.has(name), name);
  }
  // The list is virtualised: far fewer cards in the DOM than articles.
  const rendered = await page.locator('#list article.card').count();
  assert.ok(rendered > 0 && rendered < Math.min(c.articles, 60), `${rendered} cards rendered`);
  // Scrolled to the end, the last card is there with aria-posinset = count
  // (copies are hidden by default: the status line says how many).
  const hidden = Number(await page.locator('#status').getAttribute('data-hidden'));
  assert.ok(hidden > 0 && status.includes(`${hidden} duplicates hidden`), status);
  await page.locator('#list').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await page.waitForFunction((n) => !!document.querySelector(`#list article[aria-posinset="${n}"]`), c.articles - hidden);
  await page.locator('#list').evaluate((el) => { el.scrollTop = 0; });
  await page.waitForTimeout(100);
  await screenshot(page, 'sample-list');
  if (c.problems) {
    await page.locator('#problems').scrollIntoViewIfNeeded();
    await screenshot(page, 'problems');
  }
  assert.deepEqual(log.errors, []);
});

test('phone layout, dark scheme: the list and the reader fit the screen', async () => {
  const files = await sampleFiles();
  const { page, context } = await openPage(site.browser, site.origin, { viewport: { width: 390, height: 844 } });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByRole('button', { name: 'Try the sample corpus' }).click();
  await waitForFiles(page, files.length);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, 'no horizontal scrolling');
  await screenshot(page, 'phone-dark-list');
  await openReader(page, page.locator('#list article.card').first());
  const box = await page.getByRole('dialog').boundingBox();
  assert.ok(box.width <= 390 && box.x >= 0);
  await screenshot(page, 'phone-dark-reader');
  await context.close();
});
