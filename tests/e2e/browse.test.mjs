// Searching, reading and the keyboard: the list filters as you type with
// highlights from the core, the reader opens and Esc closes it.

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  useSite, openPage, seeds, waitForFiles, waitForList, counts, sampleFiles, cardTitles, cardByTitle, openReader, titleKey, screenshot, dropFiles,
} from './helpers.mjs';

const site = useSite();
let all;
before(async () => {
  all = await seeds();
});

async function loadSeeds() {
  const opened = await openPage(site.browser, site.origin);
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
  const reader = await openReader(page, await cardByTitle(page, seed.title));
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
  const focused = await page.waitForFunction(() => document.activeElement?.matches('article.card') && document.activeElement.querySelector('h3').textContent);
  assert.equal(titleKey(await focused.jsonValue()), titleKey(seed.title), 'focus returns to the card');
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
  // Focus comes back to the active card (after the dialog's asynchronous close event).
  await page.waitForFunction(() => document.activeElement?.classList.contains('active'), null, { timeout: 2000 });

  await page.keyboard.press('End');
  assert.equal(await activeTitle(), titles[titles.length - 1]);
  await page.keyboard.press('Home');
  assert.equal(await activeTitle(), titles[0]);
});

test('the sort switch orders by publication date, newest or oldest first', async () => {
  const { page } = await loadSeeds();
  const instants = all.map((s) => s.published.instant?.getTime() ?? Date.parse(`${s.published.date}T00:00:00Z`));
  const byDate = all.map((s, i) => ({ key: titleKey(s.title), at: instants[i] })).sort((a, b) => a.at - b.at);
  for (const [label, want] of [['Oldest', byDate], ['Newest', [...byDate].reverse()]]) {
    await page.getByText(label, { exact: true }).click();
    await waitForList(page);
    assert.deepEqual((await cardTitles(page)).map(titleKey), want.map((w) => w.key), label);
  }
});

test('facet chips filter the list through the query, with the counts they show', async () => {
  const { page, log } = await openPage(site.browser, site.origin);
  const files = await sampleFiles();
  await page.getByRole('button', { name: 'Try the sample corpus' }).click();
  await waitForFiles(page, files.length);
  const { articles } = await counts(page);
  await page.getByText('Filters').click();
  for (const [group, filter] of [['Outlet', /^outlet:/], ['Year', /^after:\d{4} before:\d{4}$/], ['Tag', /^tag:/]]) {
    const chips = page.getByRole('group', { name: group });
    const chip = chips.getByRole('button').nth(1); // not the largest: a real narrowing
    const [value, shown] = (await chip.textContent()).trim().split(/\s+(?=[\d,]+$)/);
    const n = Number(shown.replace(/,/g, ''));
    assert.ok(n > 0 && n < articles, `${group} ${value}: ${n}`);
    await chip.click();
    await waitForList(page);
    assert.match(await page.getByRole('searchbox').inputValue(), filter);
    assert.equal(await page.locator('#result-count').textContent(), `${n.toLocaleString('en-US')} ${n === 1 ? 'match' : 'matches'}`, `${group} ${value}`);
    assert.equal(await chips.getByRole('button', { pressed: true }).count(), 1);
    if (group === 'Outlet') {
      for (const outlet of await page.locator('#list article.card .outlet').allTextContents()) assert.equal(outlet, value);
      await screenshot(page, 'facets');
    }
    if (group === 'Year') {
      for (const at of await page.locator('#list article.card time').evaluateAll((ts) => ts.map((t) => t.dateTime))) {
        assert.equal(at.slice(0, 4), value);
      }
    }
    await chips.getByRole('button', { pressed: true }).click(); // press again: filter removed
    await waitForList(page);
    assert.equal(await page.getByRole('searchbox').inputValue(), '');
  }
  assert.deepEqual(log.errors, []);
});

test('the count and the list end are exact when the first page came before every candidate was checked', async () => {
  // 60 articles hold 甲乙丙; 60 more hold 甲乙 and 乙丙 side by side (乙丙甲乙)
  // but not the phrase: candidates the index cannot tell apart without reading
  // the text, which the list's first page skips beyond its 40 cards.
  const article = (i, text) => ({
    name: `p${String(i).padStart(3, '0')}.txt`,
    bytes: Buffer.from(`<!--${1699359302000 + i * 60000}-->\n[第${i}号](https://example.com/${i})\n------\n\n<p>编号${i}：${text}。</p>\n`),
  });
  const files = [
    ...Array.from({ length: 60 }, (_, i) => article(i, '消息甲乙丙说')),
    ...Array.from({ length: 60 }, (_, i) => article(60 + i, '消息乙丙甲乙说')),
  ];
  const { page } = await openPage(site.browser, site.origin);
  await dropFiles(page, files);
  await waitForFiles(page, files.length);
  await page.getByRole('searchbox').fill('甲乙丙');
  await waitForList(page);
  assert.equal(await page.locator('#result-count').textContent(), '60 matches');
  assert.equal(await page.locator('#list article.card').first().getAttribute('aria-setsize'), '60');
  // The list ends at the 60th card: no row for the 60 that only looked like matches.
  await page.locator('#list').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await page.waitForFunction(() => !!document.querySelector('#list article[aria-posinset="60"]'));
  await waitForList(page);
  assert.equal(await page.locator('#list article[aria-posinset="61"]').count(), 0);
  const shown = await page.locator('#list article.card mark').allTextContents();
  assert.ok(shown.length > 0 && shown.every((m) => m === '甲乙丙'), shown.join(' '));
  await page.close();
});
