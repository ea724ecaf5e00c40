// Searching, reading and the keyboard: the list filters as you type with
// highlights from the core, the reader opens and Esc closes it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, openPage, seeds, waitForFiles, cardTitles, cardByTitle, titleKey, screenshot } from './helpers.mjs';

let server;
let browser;
let all;
before(async () => {
  server = await serve();
  browser = await launch();
  all = await seeds();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function loadSeeds() {
  const opened = await openPage(browser, server.origin);
  await opened.page.setInputFiles('#pick-files', all.map((s) => s.file));
  await waitForFiles(opened.page, all.length);
  return opened;
}

/**
 * Four Han characters from `seed`'s title that occur in no other seed file
 * at all: the search must find exactly that one article.
 */
function uniqueQuery(seed) {
  const han = /^\p{Script=Han}{4}$/u;
  const chars = [...seed.title];
  for (let i = 0; i + 4 <= chars.length; i++) {
    const q = chars.slice(i, i + 4).join('');
    if (han.test(q) && all.every((s) => s === seed || !s.text.includes(q))) return q;
  }
  throw new Error(`no unique query in ${seed.title}`);
}

test('typing a query shrinks the list and highlights the match', async () => {
  const { page, log } = await loadSeeds();
  const target = all[2];
  const query = uniqueQuery(target);

  await page.getByRole('searchbox', { name: 'Search articles' }).pressSequentially(query, { delay: 30 });
  await page.waitForFunction(() => document.querySelectorAll('#list article.card').length === 1);
  assert.deepEqual((await cardTitles(page)).map(titleKey), [titleKey(target.title)]);
  const marks = await page.locator('#list article.card h3 mark').allTextContents();
  assert.deepEqual(marks, [query]);
  assert.match(await page.locator('#result-count').textContent(), /^1 match$/);
  await screenshot(page, 'search');

  await page.getByRole('searchbox').fill('');
  await page.waitForFunction((n) => document.querySelectorAll('#list article.card').length === n, all.length);
  assert.equal(await page.locator('#list mark').count(), 0);
  assert.deepEqual(log.errors, []);
});

test('a malformed query gets a readable message, not a broken page', async () => {
  const { page, log } = await loadSeeds();
  await page.getByRole('searchbox').fill('"unclosed');
  const error = page.locator('#query-error');
  await error.waitFor();
  assert.ok((await error.textContent()).length > 5);
  assert.equal(await page.getByRole('searchbox').getAttribute('aria-invalid'), 'true');
  await page.getByRole('searchbox').fill('');
  await error.waitFor({ state: 'hidden' });
  assert.deepEqual(log.errors, []);
});

test('the reader opens an article in full and Esc brings the list back', async () => {
  const { page, log } = await loadSeeds();
  const seed = all[0];
  await (await cardByTitle(page, seed.title)).locator('h3').click();
  const reader = page.getByRole('dialog');
  await reader.waitFor();
  assert.equal(titleKey(await reader.getByRole('heading', { level: 2 }).textContent()), titleKey(seed.title));
  const paragraphs = reader.locator('.reader-text p');
  assert.ok(await paragraphs.count() >= 2, 'full text');
  // Every paragraph is text that occurs in the file (entities aside).
  const first = (await paragraphs.nth(1).textContent()).slice(0, 12);
  assert.ok(seed.text.includes(first), `"${first}" is from the file`);
  const link = reader.getByRole('link');
  const url = seed.text.match(/\]\((https:[^)]+)\)/)[1];
  assert.equal(new URL(await link.getAttribute('href')).href, new URL(url).href);
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
  assert.equal(await reader.locator('.source-file').textContent(), seed.name);
  assert.ok(await reader.locator('time').count() >= 2, 'published and captured times');
  await screenshot(page, 'reader');

  await page.keyboard.press('Escape');
  await reader.waitFor({ state: 'hidden' });
  const focused = await page.evaluate(() => document.activeElement?.querySelector('h3')?.textContent);
  assert.equal(titleKey(focused), titleKey(seed.title), 'focus returns to the card');
  assert.deepEqual(log.errors, []);
});

test('keyboard: / searches, j/k and arrows move, Enter opens, Esc closes', async () => {
  const { page } = await loadSeeds();
  const titles = await cardTitles(page);
  const activeTitle = () => page.evaluate(() => document.querySelector('#list .card.active h3')?.textContent);

  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'query');

  await page.keyboard.press('ArrowDown'); // from the search box into the list
  assert.equal(await activeTitle(), titles[0]);
  await page.keyboard.press('j');
  assert.equal(await activeTitle(), titles[1]);
  await page.keyboard.press('ArrowDown');
  assert.equal(await activeTitle(), titles[2]);
  await page.keyboard.press('k');
  await page.keyboard.press('ArrowUp');
  assert.equal(await activeTitle(), titles[0]);
  await page.keyboard.press('j');

  await page.keyboard.press('Enter');
  const reader = page.getByRole('dialog');
  await reader.waitFor();
  assert.equal(await reader.getByRole('heading', { level: 2 }).textContent(), titles[1]);
  await page.keyboard.press('j'); // next article, inside the reader
  await page.waitForFunction((t) => document.querySelector('#reader-title')?.textContent === t, titles[2]);
  await page.keyboard.press('Escape');
  await reader.waitFor({ state: 'hidden' });
  assert.equal(await activeTitle(), titles[2]);
});
