// Boilerplate learned from the corpus: a corpus where an outlet repeats an
// appeal hides it in the reader ("N boilerplate paragraphs hidden · Show"),
// Show brings it back, and search does not find it.
//
// The corpus is made here from the real RFI dumps of fixtures/corpus: every
// second one gets waimei's appeal `感謝您的訂閱！` as its last paragraph
// (after its last `</p>`), 22 of 44 articles, above the learning thresholds
// (an outlet of 20 articles, a paragraph in 10 and 5 % of them).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { useSite, openPage, waitForFiles, waitForList, listFiles, CORPUS, cardByTitle, openReader, titleKey, dropServedFiles } from './helpers.mjs';

const site = useSite();
const THANKS = '感謝您的訂閱！';

/** The RFI dumps, every second one with the appeal: `{ name, bytes, title, appeal }`. */
async function rfiWithThanks() {
  const files = [];
  for (const file of (await listFiles(CORPUS)).sort()) {
    const text = await readFile(file, 'utf8');
    const head = text.slice(0, 600).match(/^\[(.+)\]\((https?:\/\/[^)]*rfi\.fr[^)]*)\)$/m);
    if (!head || !text.includes('</p>')) continue;
    const appeal = files.length % 2 === 0;
    const at = text.lastIndexOf('</p>') + '</p>'.length;
    const body = appeal ? `${text.slice(0, at)}\n<p>${THANKS}</p>${text.slice(at)}` : text;
    files.push({ name: path.basename(file), bytes: Buffer.from(body), title: head[1], appeal });
  }
  return files;
}

test('a repeated appeal is hidden in the reader, shown on request, and never found by search', async () => {
  const files = await rfiWithThanks();
  assert.ok(files.length >= 40, `${files.length} RFI dumps`);
  const { page } = await openPage(site.browser, site.origin);
  await dropServedFiles(page, files.map(({ name, bytes }) => ({ name, bytes })));
  await waitForFiles(page, files.length);

  // Search: the appeal's words find nothing; the same article's own words do.
  const withAppeal = files.find((f) => f.appeal);
  await page.getByRole('searchbox').fill('感谢您的订阅');
  await waitForList(page);
  assert.equal(await page.locator('#list article.card').count(), 0, 'the appeal is out of search');
  const run = (withAppeal.title.match(/\p{Script=Han}+/gu) || []).sort((a, b) => b.length - a.length)[0];
  await page.getByRole('searchbox').fill(run);
  await waitForList(page);
  const card = await cardByTitle(page, withAppeal.title);

  // The reader: the text without it, the note with a count and a Show button.
  const reader = await openReader(page, card);
  const text = reader.locator('.reader-text');
  assert.ok(!(await text.textContent()).includes(THANKS), 'not in the text');
  const note = reader.locator('.boilerplate-summary');
  assert.equal((await note.textContent()).replace(/\s+/g, ' ').trim(), '1 boilerplate paragraph hidden · Show');
  const shown = reader.locator('#reader-boilerplate');
  assert.equal(await shown.isVisible(), false);
  const show = reader.getByRole('button', { name: 'Show' });
  assert.equal(await show.getAttribute('aria-expanded'), 'false');
  await show.click();
  await shown.getByText(THANKS, { exact: true }).waitFor({ state: 'visible' });
  assert.equal(await reader.getByRole('button', { name: 'Hide' }).getAttribute('aria-expanded'), 'true');

  // An article without the appeal has no note.
  await page.keyboard.press('Escape');
  const plain = files.find((f) => !f.appeal);
  await page.getByRole('searchbox').fill((plain.title.match(/\p{Script=Han}+/gu) || []).sort((a, b) => b.length - a.length)[0]);
  await waitForList(page);
  const plainReader = await openReader(page, await cardByTitle(page, plain.title));
  assert.equal(await plainReader.locator('.boilerplate-summary').count(), 0);
  assert.equal(titleKey(await plainReader.locator('#reader-title').textContent()), titleKey(plain.title));
});

test('the note is in Chinese for a Chinese browser', async () => {
  const files = await rfiWithThanks();
  const { page } = await openPage(site.browser, site.origin, { locale: 'zh-CN' });
  await dropServedFiles(page, files.map(({ name, bytes }) => ({ name, bytes })));
  await waitForFiles(page, files.length);
  const withAppeal = files.find((f) => f.appeal);
  const run = (withAppeal.title.match(/\p{Script=Han}+/gu) || []).sort((a, b) => b.length - a.length)[0];
  await page.getByRole('searchbox').fill(run);
  await waitForList(page);
  const reader = await openReader(page, await cardByTitle(page, withAppeal.title));
  assert.equal((await reader.locator('.boilerplate-summary').textContent()).replace(/\s+/g, ' ').trim(), '已隐藏 1 段套话 · 显示');
  await reader.getByRole('button', { name: '显示' }).click();
  await reader.locator('#reader-boilerplate').getByText(THANKS, { exact: true }).waitFor({ state: 'visible' });
});

test('a restored corpus keeps its boilerplate hidden and out of search', async () => {
  const files = await rfiWithThanks();
  const { page } = await openPage(site.browser, site.origin);
  await dropServedFiles(page, files.map(({ name, bytes }) => ({ name, bytes })));
  await waitForFiles(page, files.length);
  await page.locator('#stored[data-state="stored"]:not([hidden])').waitFor({ timeout: 60_000 });
  await page.reload();
  await page.locator('#version').filter({ hasText: 'jianbao' }).waitFor();
  await waitForFiles(page, files.length);
  await page.getByRole('searchbox').fill('感谢您的订阅');
  await waitForList(page);
  assert.equal(await page.locator('#list article.card').count(), 0, 'the appeal is out of search after a restore');
  const withAppeal = files.find((f) => f.appeal);
  await page.getByRole('searchbox').fill((withAppeal.title.match(/\p{Script=Han}+/gu) || []).sort((a, b) => b.length - a.length)[0]);
  await waitForList(page);
  const reader = await openReader(page, await cardByTitle(page, withAppeal.title));
  assert.equal((await reader.locator('.boilerplate-summary').textContent()).replace(/\s+/g, ' ').trim(), '1 boilerplate paragraph hidden · Show');
  await reader.getByRole('button', { name: 'Show' }).click();
  await reader.locator('#reader-boilerplate').getByText(THANKS, { exact: true }).waitFor({ state: 'visible' });
});
