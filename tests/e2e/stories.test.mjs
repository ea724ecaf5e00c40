// Copies and stories on the page: the same files loaded twice are hidden by
// default (list, counts, facets), copies link to their original and back,
// and "One card per story" folds a real syndicated pair into one card while
// a templated series (the next day's 人民币中间价 note) keeps its cards.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { useSite, openPage, waitForFiles, waitForList, CORPUS } from './helpers.mjs';

const site = useSite();

const RFI = 'A/oped2__法广__1047756_英国执政党因华为出现分歧.md';
const REUTERS = 'A/oped2__路透__1047952_美国制裁将影响华为设备可靠性 英国既有决定非牢不可拔--英国官员.md';
const OTHERS = ['A/oped2__BBC__1048050_中国制裁美国军火商 稀土断供成为焦点.md', 'A/oped2__德国之声__1048114_台湾人看“港版国安法”.md'];

async function files(names, prefix) {
  return Promise.all(names.map(async (name) => ({ name: `${prefix}${path.basename(name)}`, bytes: await readFile(path.join(CORPUS, name)) })));
}

/** Loads `list` through the file picker (in order) and waits until they are listed. */
async function load(page, list, expected) {
  await page.setInputFiles('#pick-files', list.map((f) => ({ name: f.name, mimeType: 'text/markdown', buffer: f.bytes })));
  await waitForFiles(page, expected);
}

const cardCount = (page) => page.evaluate(() => Number(document.querySelector('#list .card')?.getAttribute('aria-setsize') || 0));
const outletChipTotal = (page) => page.evaluate(() => [...document.querySelectorAll('[aria-label="Outlet"] .chip .count')]
  .reduce((sum, c) => sum + Number(c.textContent.replace(/\D/g, '')), 0));

test('the same files loaded twice: copies hidden by default from the list, the counts and the facets', async () => {
  const { page, log } = await openPage(site.browser, site.origin);
  const names = [RFI, ...OTHERS];
  await load(page, await files(names, ''), names.length);
  await load(page, await files(names, ''), 2 * names.length);
  await waitForList(page);
  assert.equal(await page.locator('#hide-duplicates').isChecked(), true, 'on by default');
  await page.waitForFunction((n) => Number(document.querySelector('#list .card')?.getAttribute('aria-setsize')) === n, names.length);
  assert.match(await page.locator('#status').textContent(), new RegExp(`${names.length} duplicates hidden`));
  await page.locator('#facets summary').click();
  assert.equal(await outletChipTotal(page), names.length, 'facets count each group once');
  await page.locator('#hide-duplicates').uncheck();
  await page.waitForFunction((n) => Number(document.querySelector('#list .card')?.getAttribute('aria-setsize')) === n, 2 * names.length);
  assert.equal(await outletChipTotal(page), 2 * names.length);
  assert.match(await page.locator('#status').textContent(), new RegExp(`${names.length} duplicates`));
  assert.deepEqual(log.errors, []);
});

test('a copy links to its original and the original to its copies, with the keyboard', async () => {
  const { page, log } = await openPage(site.browser, site.origin);
  const [first] = await files([RFI], '');
  await load(page, [first], 1);
  await load(page, [first], 2);
  await page.locator('#hide-duplicates').uncheck();
  await page.waitForFunction(() => Number(document.querySelector('#list .card')?.getAttribute('aria-setsize')) === 2);
  // The original (first loaded) is the first card in corpus order of equal scores.
  await page.locator('#list .card[data-doc="0"] h3').click();
  const reader = page.getByRole('dialog');
  const copies = reader.locator('dd.group a');
  await copies.first().waitFor();
  assert.equal(await copies.count(), 1);
  await copies.first().focus();
  await page.keyboard.press('Enter');
  const back = reader.locator('dd.group a');
  await page.waitForFunction(() => document.querySelector('#reader dt')?.parentElement.textContent.includes('A copy of'));
  assert.equal(await back.first().getAttribute('data-doc'), '0', 'the copy names its original');
  await back.first().focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => [...document.querySelectorAll('#reader dt')].some((dt) => dt.textContent === 'Its copies'));
  assert.deepEqual(log.errors, []);
});

test('one card per story folds a syndicated pair and the reader names the other outlet', async () => {
  const { page, log } = await openPage(site.browser, site.origin);
  const names = [RFI, REUTERS, ...OTHERS];
  await load(page, await files(names, ''), names.length);
  await page.locator('#one-per-story').check();
  await page.waitForFunction((n) => Number(document.querySelector('#list .card')?.getAttribute('aria-setsize')) === n
    && document.getElementById('stories-progress').hidden, names.length - 1);
  const badge = page.locator('#list .group-badge', { hasText: '2 versions' });
  await badge.waitFor();
  await badge.locator('xpath=ancestor::article').locator('h3').click();
  const also = page.locator('#reader dd.group a');
  await also.first().waitFor();
  const text = await also.first().textContent();
  assert.ok(/路透|Reuters|法广|RFI/.test(text), text);
  await page.keyboard.press('Escape');
  await page.locator('#one-per-story').uncheck();
  await page.waitForFunction((n) => Number(document.querySelector('#list .card')?.getAttribute('aria-setsize')) === n, names.length);
  assert.deepEqual(log.errors, []);
});

const FIXING = 'A/oped2__路透__1047853_路透测算的人民币中间价料开在7.0042元附近 逆周期暂无影响.md';

/**
 * The next day's note of a templated series, made from the real one: another
 * address and capture time, and in the title and the opening paragraph (the
 * day's fixing) the last digit of every figure moved on, the template kept.
 */
function nextDaysNote(text) {
  const moveFigures = (s) => s.replace(/\d+/g, (run) => run.slice(0, -1) + String((Number(run.at(-1)) + 3) % 10));
  const [stamp, titleLine, ...rest] = text.split('\n');
  const capture = stamp.replace(/\d+/, (ms) => String(Number(ms) + 86_400_000));
  const title = titleLine.replace(/^\[([^\]]*)\]\(([^)]*)\)/, (_, t, url) => `[${moveFigures(t)}](${url.replace('0709', '0710')})`);
  const body = rest.join('\n').replace(/<p>(.*?)<\/p>/, (_, p) => `<p>${moveFigures(p)}</p>`);
  return [capture, title, body].join('\n');
}

test('a templated series (the next day\'s 人民币中间价 note) stays apart while a syndicated pair folds', async () => {
  const { page, log } = await openPage(site.browser, site.origin);
  const [today] = await files([FIXING], '');
  const tomorrow = { name: 'next-day-fixing.md', bytes: Buffer.from(nextDaysNote(today.bytes.toString('utf8'))) };
  assert.notEqual(tomorrow.bytes.toString('utf8'), today.bytes.toString('utf8'));
  const list = [today, tomorrow, ...(await files([RFI, REUTERS], ''))];
  await load(page, list, list.length);
  await page.locator('#one-per-story').check();
  // Only the RFI/Reuters pair folds: one card fewer, and only one group badge.
  await page.waitForFunction((n) => Number(document.querySelector('#list .card')?.getAttribute('aria-setsize')) === n
    && document.getElementById('stories-progress').hidden, list.length - 1);
  await page.locator('#list .group-badge', { hasText: '2 versions' }).waitFor();
  assert.equal(await page.locator('#list .group-badge', { hasText: 'versions' }).count(), 1);
  const fixingCards = page.locator('#list .card', { hasText: '人民币中间价' });
  assert.equal(await fixingCards.count(), 2, 'both fixing notes keep their own card');
  assert.deepEqual(log.errors, []);
});
