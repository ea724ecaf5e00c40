// 50,000 articles: the list stays virtual and fast, search answers while you
// type, and a load can be cancelled without losing count.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useSite, openPage, waitForFiles, waitForList, counts, makeZip, dropLargeFile, screenshot, traceMainThread,
} from './helpers.mjs';

const site = useSite();

const WORDS = ['布林肯', '加沙', '停火', '以色列', '七国集团', '东京', '外长', '会议', '美国', '中国', '乌克兰', '俄罗斯', '经济', '选举', '台湾', '香港'];

/** Small RSS dump number `i`, in the RFI layout, findable by its number. */
function dump(i) {
  const w = (k) => WORDS[(i * 7 + k * 13) % WORDS.length];
  return `<!--${1699359302000 + i * 60000}-->
[第${i}号 ${w(1)}${w(2)}${w(3)}](https://www.rfi.fr/cn/%E5%9B%BD%E9%99%85/20231107-n${i})
------

<div>07/11/2023 - 13:11</div><p>${w(4)}${w(5)}消息，${w(6)}${w(7)}${w(8)}。编号${i}号文章。</p><p>${w(9)}${w(1)}${w(3)}。</p>
`;
}

/** `n` such dumps in one ZIP archive. */
function syntheticArchive(n) {
  const entries = Array.from({ length: n }, (_, i) => ({ name: `big/${String(i).padStart(5, '0')}.txt`, bytes: Buffer.from(dump(i)) }));
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
  // The sample button reads whatever sample/index.json lists: here 20,000
  // generated dumps, served by the test. Files from the 1,000th on are held
  // until the cancel has been clicked, so the load cannot finish first (the
  // batches already on their way then land, and nothing after them).
  const total = 20_000;
  const heldFrom = 1_000;
  const names = Array.from({ length: total }, (_, i) => `big/${String(i).padStart(5, '0')}.txt`);
  let release;
  const clicked = new Promise((resolve) => { release = resolve; });
  const served = [];
  await page.route('**/sample/index.json', (route) => route.fulfill({
    contentType: 'application/json',
    body: JSON.stringify({ files: names.map((path) => ({ path, bytes: 400 })) }),
  }));
  await page.route('**/sample/big/*.txt', async (route) => {
    const i = Number(route.request().url().match(/(\d+)\.txt$/)[1]);
    const done = (async () => {
      if (i >= heldFrom) await clicked;
      await route.fulfill({ body: dump(i), contentType: 'text/plain' }).catch(() => {}); // the page may be gone
    })();
    served.push(done);
    return done;
  });
  await page.getByRole('button', { name: 'Try the sample corpus' }).click();
  await page.waitForFunction(() => Number(document.getElementById('status').dataset.files) > 500);
  await page.getByRole('button', { name: 'Cancel' }).click();
  release();
  await page.getByText(/^Cancelled after [\d,]+ files\.$/).waitFor();
  await waitForList(page);
  const c = await counts(page);
  assert.ok(c.files > 500 && c.files < total / 2, `${c.files} files read before the cancel`);
  assert.equal(c.articles + c.problems, c.files);
  const said = Number((await page.getByText(/^Cancelled after/).textContent()).replace(/\D/g, ''));
  assert.equal(said, c.files);
  // The held files, answered now, are not read after the cancel.
  await Promise.all(served);
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
  await waitForList(page);
  assert.deepEqual(await counts(page), c);
  assert.deepEqual(log.errors, []);
});

/** Opens the only card in the reader, then scrolls the reader down `screens` times, waiting for more text each time. */
async function readAlong(page, screens) {
  await page.locator('#list article.card h3').first().click();
  const reader = page.getByRole('dialog');
  await reader.waitFor();
  const shown = () => page.locator('#reader-body .reader-text p').count();
  for (let i = 0; i < screens; i++) {
    const before = await shown();
    await page.locator('#reader-body').evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await page.waitForFunction((n) => document.querySelectorAll('#reader-body .reader-text p').length > n, before);
  }
  return { reader, paragraphs: await shown() };
}

test('the reader shows a 1,000,000-paragraph article without blocking the page', async () => {
  const { page, log } = await openPage(site.browser, site.origin);
  let text = '<!--1711116901000-->\n[一百万段的文章](https://www.rfi.fr/cn/million)\n------\n\n<div>22/03/2024 - 15:10</div>';
  const parts = [text];
  for (let i = 0; i < 1_000_000; i++) parts.push(`<p>第${i}段。</p>`);
  await dropLargeFile(page, 'million.txt', Buffer.from(parts.join('')));
  await waitForFiles(page, 1, 180_000);
  assert.deepEqual(await counts(page), { files: 1, articles: 1, problems: 0 });
  const longest = await traceMainThread(page);
  const { reader, paragraphs } = await readAlong(page, 12);
  assert.equal(await reader.getByRole('heading', { level: 2 }).textContent(), '一百万段的文章');
  assert.equal(await page.locator('#reader-body .reader-text p').first().textContent(), '第0段。');
  // Text comes as the reader scrolls, in order, never all at once.
  assert.ok(paragraphs > 200 && paragraphs < 100_000, `${paragraphs} paragraphs in the DOM`);
  const last = await page.locator('#reader-body .reader-text p').last().textContent();
  assert.equal(last, `第${paragraphs - 1}段。`);
  const task = await longest();
  assert.ok(task.cpu < 50, `a main-thread task took ${task.cpu.toFixed(0)} ms (${task.wall.toFixed(0)} ms elapsed)`);
  await page.keyboard.press('Escape');
  await reader.waitFor({ state: 'hidden' });
  assert.deepEqual(log.errors, []);
});

test('the reader shows a 20 MB dump of one paragraph in pieces, without blocking the page', async () => {
  const { page, log } = await openPage(site.browser, site.origin);
  const sentence = '这是一个很长的段落中的一句话，用来测试阅读器。';
  const body = sentence.repeat(Math.ceil((20 << 20) / Buffer.byteLength(sentence)));
  const dumpText = `<!--1711116901000-->\n[两千万字节](https://www.rfi.fr/cn/twenty-mb)\n------\n\n<div>22/03/2024 - 15:10</div><p>${body}</p>`;
  await dropLargeFile(page, 'twenty.txt', Buffer.from(dumpText));
  await waitForFiles(page, 1, 180_000);
  assert.deepEqual(await counts(page), { files: 1, articles: 1, problems: 0 });
  const longest = await traceMainThread(page);
  const { reader, paragraphs } = await readAlong(page, 6);
  assert.equal(await reader.getByRole('heading', { level: 2 }).textContent(), '两千万字节');
  const pieces = await page.locator('#reader-body .reader-text p').allTextContents();
  assert.ok(pieces.length === paragraphs && paragraphs > 5);
  // The pieces are the paragraph's text, cut between sentences, in order.
  const odd = pieces.map((p, i) => [i, p.length, p.slice(-3)]).filter(([, n, end]) => n > 4_000 || !end.endsWith('。'));
  assert.deepEqual(odd, [], 'cut at sentence ends');
  assert.ok(body.startsWith(pieces.join('')));
  const task = await longest();
  assert.ok(task.cpu < 50, `a main-thread task took ${task.cpu.toFixed(0)} ms (${task.wall.toFixed(0)} ms elapsed)`);
  assert.deepEqual(log.errors, []);
});
