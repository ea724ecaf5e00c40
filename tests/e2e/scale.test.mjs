// 50,000 articles: the list stays virtual and fast, search answers while you
// type, and a load can be cancelled without losing count.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, waitForFiles, waitForList, counts, makeZip, dropLargeFile, screenshot } from './helpers.mjs';

const site = useSite();

const WORDS = ['布林肯', '加沙', '停火', '以色列', '七国集团', '东京', '外长', '会议', '美国', '中国', '乌克兰', '俄罗斯', '经济', '选举', '台湾', '香港'];

/** `n` small RSS dumps in the RFI layout, numbered so each can be found by its number. */
function syntheticArchive(n) {
  const entries = [];
  for (let i = 0; i < n; i++) {
    const w = (k) => WORDS[(i * 7 + k * 13) % WORDS.length];
    const text = `<!--${1699359302000 + i * 60000}-->
[第${i}号 ${w(1)}${w(2)}${w(3)}](https://www.rfi.fr/cn/%E5%9B%BD%E9%99%85/20231107-n${i})
------

<div>07/11/2023 - 13:11</div><p>${w(4)}${w(5)}消息，${w(6)}${w(7)}${w(8)}。编号${i}号文章。</p><p>${w(9)}${w(1)}${w(3)}。</p>
`;
    entries.push({ name: `big/${String(i).padStart(5, '0')}.txt`, bytes: Buffer.from(text) });
  }
  return makeZip(entries);
}

const N = 50_000;

test('50,000 articles: few cards in the DOM, smooth scrolling, search as you type', async (t) => {
  const { page, log } = await openPage(site.browser, site.origin);
  const started = Date.now();
  await dropLargeFile(page, 'big.zip', syntheticArchive(N));
  await waitForFiles(page, N, 180_000);
  const loadSeconds = (Date.now() - started) / 1000;
  assert.deepEqual(await counts(page), { files: N, articles: N, problems: 0 });

  const cards = await page.locator('#list article.card').count();
  assert.ok(cards > 0 && cards < 40, `${cards} cards rendered for ${N} articles`);

  // Jump to the end: the last card is rendered, and still only a handful exist.
  await page.locator('#list').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await page.waitForFunction((n) => !!document.querySelector(`#list article[aria-posinset="${n}"]`), N);
  assert.ok(await page.locator('#list article.card').count() < 40);

  // Type a query: one article has this number.
  const wanted = 31_415;
  const box = page.getByRole('searchbox');
  const t0 = Date.now();
  await box.fill(`编号${wanted}号`);
  await waitForList(page);
  const searchMs = Date.now() - t0;
  assert.equal(await page.locator('#list article.card').count(), 1);
  assert.match(await page.locator('#list article.card h3').textContent(), new RegExp(`^第${wanted}号 `));
  assert.equal(await page.locator('#list article.card mark').textContent(), `编号${wanted}号`);
  await box.fill('');
  await waitForList(page);
  assert.equal(await page.locator('#list').evaluate((el) => el.getAttribute('aria-busy')), 'false');
  await screenshot(page, 'fifty-thousand');
  t.diagnostic(`${N} articles loaded in ${loadSeconds.toFixed(1)} s; a query answered in ${searchMs} ms (page round trip)`);
  assert.deepEqual(log.errors, []);
});

test('cancel stops a large load, and every file read is still counted', async () => {
  const { page, log } = await openPage(site.browser, site.origin);
  await dropLargeFile(page, 'big.zip', syntheticArchive(20_000));
  await page.waitForFunction(() => Number(document.getElementById('status').dataset.files) > 500);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByText(/^Cancelled after [\d,]+ files\.$/).waitFor();
  await waitForList(page);
  const c = await counts(page);
  assert.ok(c.files > 0 && c.files < 20_000, `${c.files} files read before the cancel`);
  assert.equal(c.articles + c.problems, c.files);
  const said = Number((await page.getByText(/^Cancelled after/).textContent()).replace(/\D/g, ''));
  assert.equal(said, c.files);
  assert.deepEqual(log.errors, []);
});
