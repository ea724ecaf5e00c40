// The view in the URL fragment: the query, the sort and the open article
// live in `location.hash`; a link opens the same view in another tab (with
// the corpus stored on this computer) or in another browser (once it holds
// the files); Back and Forward step through searches and the reader, and
// typing does not fill the history with keystrokes.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  useSite, openPage, seeds, waitForFiles, waitForList, cardTitles, titleKey, cardByTitle, openReader,
} from './helpers.mjs';

const site = useSite();
let all;
before(async () => {
  all = await seeds();
});

/** Four Han characters of `seed`'s title found in no other seed: a query for exactly that article. */
function uniqueQuery(seed) {
  const chars = [...seed.title];
  for (let i = 0; i + 4 <= chars.length; i++) {
    const q = chars.slice(i, i + 4).join('');
    if (/^\p{Script=Han}{4}$/u.test(q) && all.every((s) => s === seed || !s.text.includes(q))) return q;
  }
  throw new Error(`no unique query in ${seed.title}`);
}

const view = (page) => page.evaluate(() => {
  const params = new URLSearchParams(location.hash.slice(1));
  return { q: params.get('q'), sort: params.get('sort'), doc: params.get('doc'), length: history.length };
});

/** Waits until the reader is open on `title` (or closed, for null). */
function readerShows(page, title) {
  return page.waitForFunction((title) => {
    const reader = document.getElementById('reader');
    if (title === null) return !reader.open;
    return reader.open && document.getElementById('reader-title')?.textContent.replace(/\s+/g, '') === title.replace(/\s+/g, '');
  }, title);
}

/**
 * Waits until the fragment names `doc` (null: no article). Closing an article
 * opened here goes Back, and the address changes a task after the reader closes.
 */
function fragmentNames(page, doc) {
  return page.waitForFunction((doc) => new URLSearchParams(location.hash.slice(1)).get('doc') === doc, doc);
}

async function sortChecked(page) {
  return page.locator('input[name="sort"]:checked').getAttribute('value');
}

test('query, sort and open article go into the fragment, and Back/Forward step through them', async () => {
  const { page, log } = await openPage(site.browser, site.origin);
  await page.setInputFiles('#pick-files', all.map((s) => s.file));
  await waitForFiles(page, all.length);
  const target = all[2];
  const query = uniqueQuery(target);
  const start = await view(page);

  // Typing replaces the entry: one entry for the whole query, not one per key.
  await page.getByRole('searchbox').pressSequentially(query, { delay: 20 });
  await waitForList(page);
  await page.waitForFunction((q) => new URLSearchParams(location.hash.slice(1)).get('q') === q, query);
  assert.equal((await view(page)).length, start.length);

  // A sort pushes.
  await page.getByText('Newest', { exact: true }).click();
  await waitForList(page);
  assert.deepEqual(await view(page), { q: query, sort: 'newest', doc: null, length: start.length + 1 });

  // Opening an article pushes its id.
  const card = await cardByTitle(page, target.title);
  await openReader(page, card);
  const opened = await view(page);
  assert.equal(opened.length, start.length + 2);
  assert.match(opened.doc, /^[0-9a-f]{16}$/);
  assert.equal(opened.q, query);

  await page.goBack();
  await readerShows(page, null);
  assert.deepEqual(await view(page), { q: query, sort: 'newest', doc: null, length: start.length + 2 });
  await page.goBack();
  await waitForList(page);
  assert.equal(await sortChecked(page), 'relevance');
  assert.equal(await page.getByRole('searchbox').inputValue(), query);
  await page.goForward();
  await waitForList(page);
  assert.equal(await sortChecked(page), 'newest');
  await page.goForward();
  await readerShows(page, target.title);
  assert.equal((await view(page)).doc, opened.doc);

  // Closing an article opened here goes back to the list's entry, not a new one.
  await page.keyboard.press('Escape');
  await readerShows(page, null);
  await fragmentNames(page, null);
  assert.deepEqual(await view(page), { q: query, sort: 'newest', doc: null, length: start.length + 2 });
  assert.deepEqual(log.errors, []);
});

test('a link opens the same view in a new tab, from the corpus stored on this computer', async () => {
  const { page, context, log } = await openPage(site.browser, site.origin);
  await page.setInputFiles('#pick-files', all.map((s) => s.file));
  await waitForFiles(page, all.length);
  await page.locator('#stored[data-state="stored"]').waitFor();
  const target = all[0];
  const query = uniqueQuery(target);
  await page.getByRole('searchbox').fill(query);
  await waitForList(page);
  await page.getByText('Oldest', { exact: true }).click();
  await waitForList(page);
  await openReader(page, await cardByTitle(page, target.title));
  const link = page.url();
  assert.match(link, /#q=.+&sort=oldest&doc=[0-9a-f]{16}$/);

  const tab = await context.newPage();
  tab.on('pageerror', (e) => log.errors.push(String(e)));
  await tab.goto(link);
  await readerShows(tab, target.title);
  assert.equal(await tab.getByRole('searchbox').inputValue(), query);
  assert.equal(await sortChecked(tab), 'oldest');
  await tab.keyboard.press('Escape');
  await readerShows(tab, null);
  await fragmentNames(tab, null);
  await waitForList(tab);
  assert.deepEqual((await cardTitles(tab)).map(titleKey), [titleKey(target.title)]);
  assert.equal(new URL(tab.url()).hash.includes('doc='), false, 'closing drops the article from the fragment');
  assert.deepEqual(log.errors, []);
});

test('in a browser holding nothing, a link keeps its view until the files are there', async () => {
  const target = all[4];
  const query = uniqueQuery(target);
  // Find the article's id as the page names it.
  const first = await openPage(site.browser, site.origin);
  await first.page.setInputFiles('#pick-files', all.map((s) => s.file));
  await waitForFiles(first.page, all.length);
  await first.page.getByRole('searchbox').fill(query);
  await waitForList(first.page);
  await openReader(first.page, await cardByTitle(first.page, target.title));
  const hash = new URL(first.page.url()).hash;
  await first.context.close();

  const { page, log } = await openPage(site.browser, `${site.origin}`);
  await page.goto(`${site.origin}/${hash}`);
  await page.locator('#version').filter({ hasText: 'jianbao' }).waitFor();
  assert.equal(await page.locator('#reader').evaluate((r) => r.open), false, 'nothing to open yet');
  assert.equal(await page.locator('#query').inputValue(), query, 'the box holds the query while the list is hidden');
  await page.setInputFiles('#pick-files', all.map((s) => s.file));
  await readerShows(page, target.title);
  await page.keyboard.press('Escape');
  await waitForList(page);
  assert.deepEqual((await cardTitles(page)).map(titleKey), [titleKey(target.title)]);
  assert.deepEqual(log.errors, []);
});

test('a query typed as the reader closes stays: the Back that closing takes does not bring the old one back', async () => {
  const { page, log } = await openPage(site.browser, site.origin);
  await page.setInputFiles('#pick-files', all.map((s) => s.file));
  await waitForFiles(page, all.length);
  const [first, second] = [all[1], all[3]];
  await page.getByRole('searchbox').fill(uniqueQuery(first));
  await waitForList(page);
  await openReader(page, await cardByTitle(page, first.title));
  const next = uniqueQuery(second);
  // Closing and typing in one task: the reader's close event, and the
  // popstate of the Back it takes, both come after the new query.
  await page.evaluate(() => {
    window.backed = new Promise((resolve) => addEventListener('popstate', resolve, { once: true }));
  });
  await page.evaluate((q) => {
    document.getElementById('reader').close();
    const box = document.querySelector('input[type="search"]');
    box.value = q;
    box.dispatchEvent(new Event('input', { bubbles: true }));
  }, next);
  await page.evaluate(() => window.backed);
  await readerShows(page, null);
  await page.waitForFunction((q) => new URLSearchParams(location.hash.slice(1)).get('q') === q, next);
  await waitForList(page);
  assert.equal(await page.getByRole('searchbox').inputValue(), next);
  assert.deepEqual((await cardTitles(page)).map(titleKey), [titleKey(second.title)]);
  assert.equal((await view(page)).doc, null);
  assert.deepEqual(log.errors, []);
});
