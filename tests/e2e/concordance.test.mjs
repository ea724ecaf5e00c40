// The concordance (keyword in context) on the sample: every occurrence of the
// query, counted and ordered as the core says (the CLI on the same files), a
// virtualised table, a row opening the reader at its match, and the CSV.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { useSite, openPage, waitForFiles, waitForList, sampleFiles, screenshot, axeViolations, ROOT, WWW } from './helpers.mjs';

const site = useSite();
/** A term the sample holds many hundreds of times, more rows than the table ever renders. */
const TERM = '香港';

/** The core's concordance of the sample, through the native CLI: one object per row. */
async function cliRows(sort) {
  const { stdout } = await promisify(execFile)(path.join(ROOT, 'target/debug/jianbao'),
    ['concordance', '--sort', sort, TERM, path.join(WWW, 'sample')], { maxBuffer: 256 << 20 }).catch((e) => e);
  return stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

/** RFC 4180 records of `text` (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text) {
  const records = [];
  let record = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') [field, i] = [field + '"', i + 1];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') [record, field] = [[...record, field], ''];
    else if (c === '\r' && text[i + 1] === '\n') {
      records.push([...record, field]);
      [record, field, i] = [[], '', i + 1];
    } else field += c;
  }
  if (field || record.length) records.push([...record, field]);
  return records;
}

/** The rendered rows, in row order: `{ index, left, match, right }`. */
const renderedRows = (page) => page.locator('#concordance .concordance-body [role="row"]').evaluateAll((rows) => rows
  .map((row) => ({
    index: Number(row.getAttribute('aria-rowindex')),
    left: row.children[0].textContent, match: row.children[1].textContent, right: row.children[2].textContent,
    field: row.children[3].title.split(' · ').pop(),
  }))
  .sort((a, b) => a.index - b.index));

test('the concordance: every occurrence, sorted, linked to the reader, as CSV; no axe violations', async () => {
  const files = await sampleFiles();
  const { page, log } = await openPage(site.browser, site.origin);
  await page.getByRole('button', { name: 'Try the sample corpus' }).click();
  await waitForFiles(page, files.length);
  await page.getByRole('searchbox').fill(TERM);
  await waitForList(page);

  const inText = await cliRows('text');
  assert.ok(inText.length > 100, `${inText.length} rows from the CLI`);
  const toggle = page.getByRole('button', { name: 'Concordance' });
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const table = page.getByRole('table', { name: 'Concordance' });
  await page.getByRole('status').filter({ hasText: /occurrences?$/ }).waitFor();
  const status = await page.locator('#concordance-status').textContent();
  assert.equal(status, `${inText.length.toLocaleString('en-US')} occurrences`);
  assert.equal(await table.getAttribute('aria-rowcount'), String(inText.length + 1));

  // Virtualised: a window of rows, not one per occurrence; the first rows are the core's first.
  await page.locator('#concordance [aria-rowindex="2"]').waitFor();
  let rows = await renderedRows(page);
  assert.ok(rows.length > 5 && rows.length < 60, `${rows.length} rows rendered`);
  assert.deepEqual(rows.slice(0, 5).map((r) => [r.left, r.match, r.right]), inText.slice(0, 5).map((r) => [r.left, r.match, r.right]));
  // Scrolled to the end, the last row is there.
  await page.locator('#concordance .concordance-body').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await page.locator(`#concordance [aria-rowindex="${inText.length + 1}"]`).waitFor();
  assert.ok((await renderedRows(page)).length < 60);
  await page.locator('#concordance .concordance-body').evaluate((el) => { el.scrollTop = 0; });

  // Sorted by the right neighbour: the core's order, and the header says so.
  const byRight = await cliRows('right');
  await page.getByRole('button', { name: 'Right context' }).click();
  const rightHeader = page.getByRole('columnheader', { name: 'Right context' });
  await page.waitForFunction(() => document.querySelector('#concordance [role="columnheader"][aria-sort="ascending"]'));
  assert.equal(await rightHeader.getAttribute('aria-sort'), 'ascending');
  assert.equal(await page.getByRole('columnheader', { name: 'Left context' }).getAttribute('aria-sort'), 'none');
  await page.waitForFunction((right) => document.querySelector('#concordance [aria-rowindex="2"] .concordance-right')?.textContent === right, byRight[0].right);
  rows = await renderedRows(page);
  const shown = rows.slice(0, 10);
  assert.deepEqual(shown.map((r) => [r.left, r.match, r.right]), byRight.slice(0, 10).map((r) => [r.left, r.match, r.right]));
  assert.notDeepEqual(shown.map((r) => r.right), inText.slice(0, 10).map((r) => r.right), 'the order changed');
  await page.locator('#concordance').scrollIntoViewIfNeeded();
  await screenshot(page, 'concordance');

  assert.deepEqual(await axeViolations(page), []);

  // A row opens its article in the reader at that occurrence: the current
  // mark is the match, and the text before it ends with the row's left context.
  const pick = shown.find((r) => r.field !== 'title' && [...r.left].length >= 4);
  assert.ok(pick, 'a body row with left context');
  await page.locator(`#concordance [aria-rowindex="${pick.index}"] a`).click();
  const current = page.locator('#reader mark.current');
  await current.waitFor();
  assert.equal(await current.textContent(), pick.match);
  const before = await current.evaluate((mark) => {
    const range = document.createRange();
    range.setStart(mark.parentElement.closest('p, li, h2, h3, h4, blockquote, div') || mark.parentElement, 0);
    range.setEndBefore(mark);
    return range.toString();
  });
  assert.ok(before.endsWith([...pick.left].slice(-4).join('')), `${before.slice(-20)} ends with ${pick.left}`);
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.getElementById('reader').open);
  await page.waitForFunction((index) => document.activeElement?.closest(`#concordance [aria-rowindex="${index}"]`), pick.index);

  // The CSV: every row, a header, UTF-8 with a byte-order mark.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  assert.match(download.suggestedFilename(), /^jianbao-concordance-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = await readFile(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const records = parseCsv(bytes.toString('utf8').slice(1));
  assert.deepEqual(records[0], ['path', 'id', 'field', 'left', 'match', 'right']);
  assert.equal(records.length, inText.length + 1);
  // In the sort on screen, each row as the core gives it.
  assert.deepEqual(records.slice(1, 4).map((r) => r.slice(1)), byRight.slice(0, 3).map((r) => [r.id, r.field, r.left, r.match, r.right]));
  // Byte for byte the file RFC 4180 makes of the core's rows (the page's own
  // paths, as the CLI's are absolute): a field with a quote, comma or line
  // break quoted and its quotes doubled, CRLF after every record, the last too.
  const quote = (field) => (/[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field);
  const expected = [['path', 'id', 'field', 'left', 'match', 'right'],
    ...byRight.map((r, i) => [records[i + 1][0], r.id, r.field, r.left, r.match, r.right])];
  assert.equal(bytes.toString('utf8'), `\uFEFF${expected.map((r) => r.map(quote).join(',')).join('\r\n')}\r\n`);
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.foreign, []);
});

test('the concordance speaks Chinese to a zh reader', async () => {
  const files = await sampleFiles();
  const { page, log } = await openPage(site.browser, site.origin, { locale: 'zh-CN' });
  await page.locator('#sample').click();
  await waitForFiles(page, files.length);
  await page.getByRole('searchbox').fill(TERM);
  await waitForList(page);
  const total = (await cliRows('text')).length;
  await page.getByRole('button', { name: '语境索引' }).click();
  await page.locator('#concordance-status').filter({ hasText: /处出现$/ }).waitFor();
  assert.equal(await page.locator('#concordance-status').textContent(), `${total.toLocaleString('zh-CN')} 处出现`);
  const table = page.getByRole('table', { name: '语境索引' });
  assert.deepEqual(await table.getByRole('columnheader').allTextContents(), ['左语境', '匹配', '右语境', '文章']);
  assert.equal(await page.getByRole('button', { name: '下载 CSV' }).count(), 1);
  assert.deepEqual(log.errors, []);
});
