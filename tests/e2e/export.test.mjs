// Export: the articles of the current view (query, filter chip, sort) as
// JSON Lines, CSV and Markdown, downloaded through the page's Export menu and
// read back here: JSONL parses to the view's articles in the view's order,
// CSV (read by an RFC 4180 parser written here) has one row per article, and
// Markdown one section per article.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useSite, openPage, waitForFiles, waitForList, counts, sampleFiles, titleKey } from './helpers.mjs';

const site = useSite();

const CSV_COLUMNS = ['id', 'title', 'outlet', 'section', 'published', 'captured', 'url', 'authors', 'tags', 'source_path', 'lead'];

async function loadSample() {
  const opened = await openPage(site.browser, site.origin);
  await opened.page.locator('#sample').click();
  await waitForFiles(opened.page, (await sampleFiles()).length);
  return opened;
}

/** The number of articles the list shows (the count under the search box, or every article). */
async function viewCount(page) {
  const text = await page.locator('#result-count').textContent();
  if (!text.trim()) return (await counts(page)).articles;
  return Number(text.replace(/[^\d]/g, ''));
}

/** Every title of the view in list order, scrolling the virtual list to its end. */
async function viewTitles(page, total) {
  const titles = new Map();
  await page.locator('#list').evaluate((list) => { list.scrollTop = 0; });
  for (let step = 0; titles.size < total && step < 500; step++) {
    await page.waitForFunction(() => !document.querySelector('#list .card.skeleton'));
    for (const [index, title] of await page.locator('#list article.card[data-index]').evaluateAll(
      (cards) => cards.map((c) => [Number(c.dataset.index), c.querySelector('h3').textContent]),
    )) titles.set(index, title);
    const before = await page.locator('#list').evaluate((list) => {
      const top = list.scrollTop;
      list.scrollTop += list.clientHeight / 2;
      return top;
    });
    await page.waitForFunction((top) => document.getElementById('list').scrollTop !== top
      || document.getElementById('list').scrollTop + document.getElementById('list').clientHeight >= document.getElementById('list').scrollHeight - 1, before);
  }
  assert.equal(titles.size, total, 'every card of the view was seen');
  return [...titles.keys()].sort((a, b) => a - b).map((i) => titles.get(i));
}

/** Picks `format` in the Export menu with the mouse; resolves to the download's name and text. */
async function exportAs(page, format) {
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export' }).click();
  await page.locator(`#export-menu [data-format="${format}"]`).click();
  return readDownload(await downloading);
}

async function readDownload(download) {
  const bytes = await readFile(await download.path());
  return { name: download.suggestedFilename(), bytes, text: bytes.toString('utf8') };
}

/** A strict RFC 4180 reader: CRLF rows; quoted fields may hold `,`, CR, LF and `""`. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' && field === '' && !quoted) {
      quoted = true;
      for (i++; ; i++) {
        if (i >= text.length) throw new Error('unclosed quoted field');
        if (text[i] === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (text[i] === '"') break;
        else field += text[i];
      }
      i++;
    } else if (c === ',') {
      row.push(field); field = ''; quoted = false; i++;
    } else if (c === '\r') {
      if (text[i + 1] !== '\n') throw new Error('CR without LF outside quotes');
      row.push(field); rows.push(row); row = []; field = ''; quoted = false; i += 2;
    } else if (c === '\n' || c === '"' || quoted) {
      throw new Error(`unexpected ${JSON.stringify(c)} at ${i}`);
    } else {
      field += c; i++;
    }
  }
  if (field || row.length) throw new Error('the last row does not end with CRLF');
  return rows;
}

/** The file name the page should give the export of `query` on `date` (the README's rule). */
function expectedName(query, date, ext) {
  const part = query.replace(/[\s\\/:*?"<>|\u0000-\u001f]+/g, '_').replace(/^[_.]+|[_.]+$/g, '');
  return `jianbao-${part || 'all'}-${date}.${ext}`;
}

const localDate = (page) => page.evaluate(() => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
});

test('a filtered, sorted view exports as JSONL, CSV and Markdown holding exactly its articles', async () => {
  const { page, log } = await loadSample();
  await page.getByRole('searchbox').fill('美国');
  await waitForList(page);
  // The outlet chip with the most articles among those with at most 40: a filter of a few dozen.
  await page.locator('#facets summary').click();
  const chips = page.locator('#facet-groups [role="group"]').first().locator('button.chip');
  const chipCounts = await chips.locator('.count').allTextContents();
  const pick = chipCounts.map((n, i) => [Number(n.replace(/[^\d]/g, '')), i]).filter(([n]) => n >= 3 && n <= 40).sort((a, b) => b[0] - a[0])[0];
  assert.ok(pick, `an outlet chip with 3 to 40 articles among ${chipCounts}`);
  await chips.nth(pick[1]).click();
  await page.getByText('Newest', { exact: true }).click();
  await waitForList(page);
  const query = await page.getByRole('searchbox').inputValue();
  assert.match(query, /^美国 outlet:/);
  const total = await viewCount(page);
  assert.equal(total, pick[0], 'the view holds what the chip said');
  const titles = await viewTitles(page, total);
  const date = await localDate(page);

  const jsonl = await exportAs(page, 'jsonl');
  assert.equal(jsonl.name, expectedName(query, date, 'jsonl'));
  assert.ok(jsonl.text.endsWith('\n'));
  const records = jsonl.text.slice(0, -1).split('\n').map((line) => JSON.parse(line));
  assert.equal(records.length, total);
  assert.deepEqual(records.map((r) => titleKey(r.title)), titles.map(titleKey), 'the view\'s articles, in its order');
  const outlet = records[0].outlet;
  for (const r of records) {
    assert.equal(r.outlet, outlet);
    assert.ok(r.source.path && r.id && Array.isArray(r.paragraphs) && r.source.sha256, 'the CLI\'s record, whole');
  }
  const days = records.map((r) => r.published?.slice(0, 10)).filter(Boolean);
  assert.ok(days.length > 1);
  assert.deepEqual(days, [...days].sort().reverse(), 'newest first');
  assert.equal(new Set(records.map((r) => r.id)).size, records.length, 'each article once');
  await page.locator('#export-status').filter({ hasText: jsonl.name }).waitFor();

  const csv = await exportAs(page, 'csv');
  assert.equal(csv.name, expectedName(query, date, 'csv'));
  assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const rows = parseCsv(csv.text.slice(1));
  assert.deepEqual(rows[0], CSV_COLUMNS);
  assert.equal(rows.length - 1, total, 'one row per article');
  assert.deepEqual(rows.slice(1).map((row) => row[0]), records.map((r) => r.id));
  assert.deepEqual(rows.slice(1).map((row) => row[9]), records.map((r) => r.source.path));

  const md = await exportAs(page, 'md');
  assert.equal(md.name, expectedName(query, date, 'md'));
  const headings = md.text.split('\n').filter((line) => line.startsWith('## '));
  assert.equal(headings.length, total, 'one section per article');
  const unescape = (s) => s.slice(3).replace(/\\(.)/g, '$1');
  assert.deepEqual(headings.map((h) => titleKey(unescape(h))), records.map((r) => titleKey(r.title)));
  assert.deepEqual(log.errors, [], 'no CSP violation, no error');
  assert.deepEqual(log.foreign, []);
});

test('an empty search box exports the whole corpus, copies hidden as the list hides them', async () => {
  const { page, log } = await loadSample();
  const { articles } = await counts(page);
  const hidden = Number(await page.locator('#status').getAttribute('data-hidden'));
  assert.ok(hidden > 0, 'the sample holds copies');
  const shown = await exportAs(page, 'jsonl');
  assert.equal(shown.text.trim().split('\n').length, articles - hidden);
  assert.ok(shown.text.trim().split('\n').every((line) => !('duplicate_of' in JSON.parse(line))), 'originals only');
  await page.locator('#hide-duplicates').uncheck();
  await waitForList(page);
  const jsonl = await exportAs(page, 'jsonl');
  assert.equal(jsonl.name, expectedName('', await localDate(page), 'jsonl'));
  const records = jsonl.text.trim().split('\n').map((line) => JSON.parse(line));
  assert.equal(records.length, articles);
  assert.ok(records.every((r) => !('error' in r)), 'articles only: what the list shows');
  const status = page.locator('#export-status');
  // The second export's status (the first one's named the same file).
  await page.waitForFunction((n) => Number(document.getElementById('export-status').dataset.articles) === n, articles);
  assert.equal(Number(await status.getAttribute('data-bytes')), jsonl.bytes.length);
  assert.deepEqual(log.errors, []);
});

test('the Export menu works from the keyboard, in Chinese too', async () => {
  const opened = await openPage(site.browser, site.origin, { locale: 'zh-CN' });
  const { page } = opened;
  await page.locator('#sample').click();
  await waitForFiles(page, (await sampleFiles()).length);
  await page.getByRole('searchbox').fill('香港');
  await waitForList(page);
  const total = await viewCount(page);
  const button = page.getByRole('button', { name: '导出' });
  await button.focus();
  await page.keyboard.press('Enter');
  const menu = page.getByRole('menu');
  await menu.waitFor();
  assert.equal(await button.getAttribute('aria-expanded'), 'true');
  const items = await menu.getByRole('menuitem').allTextContents();
  assert.equal(items.length, 3);
  assert.ok(items.every((item) => /[\u4e00-\u9fff]/.test(item)), items.join(' | '));
  await page.keyboard.press('Escape');
  await menu.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'export-button');

  await page.keyboard.press('ArrowDown');
  await menu.waitFor();
  await page.keyboard.press('ArrowDown'); // jsonl → csv
  assert.equal(await page.evaluate(() => document.activeElement.dataset.format), 'csv');
  const downloading = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  const csv = await readDownload(await downloading);
  assert.equal(csv.name, expectedName('香港', await localDate(page), 'csv'));
  assert.equal(parseCsv(csv.text.slice(1)).length - 1, total);
  await page.locator('#export-status').filter({ hasText: '已保存' }).waitFor();
  assert.deepEqual(opened.log.errors, []);
});
