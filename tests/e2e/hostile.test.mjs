// Hostile and broken files dropped beside good ones: every good file is an
// article, every bad one exactly one problem, files in = articles + problems,
// the page answers while it reads them, and nothing runs or loads.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  useSite, openPage, seeds, waitForFiles, counts, dropFiles, dropServedFiles, makeZip, findCard, listFiles, traceMainThread, CORPUS,
} from './helpers.mjs';

const site = useSite();

/** Deterministic bytes that look like nothing (xorshift). */
function noise(n, seed = 0x9e3779b9) {
  const out = Buffer.alloc(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** An RSS dump whose body nests `open` `depth` times around one sentence. */
function deepDump(title, open, close, depth) {
  return Buffer.from(`<!--1711116901000-->
[${title}](https://www.rfi.fr/cn/deep-${encodeURIComponent(title)})
------

<div>22/03/2024 - 15:10</div>${open.repeat(depth)}<p>深处的一句话。</p>${close.repeat(depth)}
`);
}

/** Every byte sequence here is invalid UTF-8 (lone continuations, overlongs, cut sequences). */
const INVALID_UTF8 = Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xf8, 0x88]);

/** Files that are certainly not articles: each must be exactly one problem. */
function badFiles() {
  return [
    { name: 'empty.zip', bytes: makeZip([]) },
    { name: 'folders-only.zip', bytes: makeZip([{ name: 'a/', bytes: '' }, { name: 'a/b/', bytes: '' }]) },
    { name: 'garbage.bin', bytes: noise(1 << 20) },
    { name: 'zeros.txt', bytes: Buffer.alloc(64 << 10) },
    { name: 'invalid-utf8.txt', bytes: Buffer.concat(Array(4000).fill(INVALID_UTF8)) },
    { name: 'empty.txt', bytes: Buffer.alloc(0) },
    { name: 'report\u202Egpj.md', bytes: Buffer.from('hello, not an article\n') },
  ];
}

/** Deep nesting: readable or not, each is exactly one record (an article with a warning, or a problem). */
function deepFiles() {
  return [
    { name: 'deep-divs.txt', bytes: deepDump('十万层div', '<div>', '</div>', 100_000) },
    { name: 'deep-b-i.txt', bytes: deepDump('十万层b和i', '<b><i>', '</i></b>', 50_000) },
    { name: 'deep-spans.txt', bytes: deepDump('十万层span', '<p><span>', '', 100_000) },
  ];
}

test('hostile files beside good ones: good ones are articles, each bad one is one problem, the page stays responsive', async (t) => {
  const good = [
    ...(await seeds()).map((s) => ({ name: s.name, bytes: readFileSync(s.file), title: s.title })),
    ...(await listFiles(path.join(CORPUS, 'A'))).slice(0, 12).map((f) => ({ name: path.basename(f), bytes: readFileSync(f) })),
  ];
  const bad = badFiles();
  const deep = deepFiles();
  // Interleaved, so bad files share batches with good ones.
  const files = [];
  const pools = [good.slice(), bad.slice(), deep.slice()];
  while (pools.some((p) => p.length)) for (const p of pools) if (p.length) files.push(p.shift());

  const { page, log } = await openPage(site.browser, site.origin);
  // Responsiveness: the longest main-thread task while loading bounds how
  // long any round trip to the main thread (an event, a timer) waits.
  const longest = await traceMainThread(page);
  await dropServedFiles(page, files);
  await waitForFiles(page, files.length, 120_000);
  const task = await longest();
  t.diagnostic(`longest main-thread task while loading: ${task.cpu.toFixed(0)} ms of work (${task.wall.toFixed(0)} ms elapsed)`);

  const c = await counts(page);
  assert.equal(c.files, files.length);
  assert.equal(c.articles + c.problems, c.files);
  const problems = await page.locator('#problem-list li').evaluateAll((items) => items.map((li) => li.querySelector('.problem-file').textContent));
  assert.equal(problems.length, c.problems, 'one row per problem');
  for (const { name } of bad) {
    const shown = name.replace('\u202E', '⟨U+202E⟩');
    assert.equal(problems.filter((p) => p === shown).length, 1, `${name} is exactly one problem`);
  }
  for (const { name } of good) assert.ok(!problems.includes(name), `${name} is an article`);
  const deepProblems = deep.filter(({ name }) => problems.includes(name)).length;
  assert.ok(problems.every((p) => p.length > 0 && !/[\u202a-\u202e\u2066-\u2069]/.test(p)), 'no bidi control is displayed');
  assert.equal(c.articles, good.length + deep.length - deepProblems, 'every other file is an article');
  for (const seed of good.filter((g) => g.title)) await findCard(page, seed.title);

  assert.ok(task.cpu < 100, `a main-thread task took ${task.cpu.toFixed(0)} ms`);
  assert.deepEqual(log.dialogs, []);
  assert.deepEqual(log.foreign, []);
  // Searching moves only the page's own view fragment (view-state.js).
  assert.deepEqual([...new Set(log.navigations.map((url) => url.replace(/#.*/, '')))], [`${site.origin}/`]);
  assert.deepEqual(log.errors, []);
});

test('ZIPs: folders are not counted as files, an empty or folder-only archive is one problem', async () => {
  const all = await seeds();
  const archive = makeZip([
    { name: 'mirror/', bytes: '' },
    { name: 'mirror/seeds/', bytes: '' },
    ...all.map((s) => ({ name: `mirror/seeds/${s.name}`, bytes: readFileSync(s.file) })),
    { name: 'mirror/empty/', bytes: '' },
    { name: 'mirror/notes.txt', bytes: 'not an article' },
  ]);
  const files = all.length + 1;
  const { page, log } = await openPage(site.browser, site.origin);
  await dropFiles(page, [
    { name: 'mirror.zip', bytes: archive },
    { name: 'empty.zip', bytes: makeZip([]) },
    { name: 'folders.zip', bytes: makeZip([{ name: 'only/', bytes: '' }, { name: 'only/folders/', bytes: '' }]) },
  ]);
  await waitForFiles(page, files + 2);
  assert.deepEqual(await counts(page), { files: files + 2, articles: all.length, problems: 3 });
  // The progress bar's total was the files, never the folders.
  const bar = await page.locator('#progress-bar').evaluate((el) => ({ max: el.max, value: el.value }));
  assert.deepEqual(bar, { max: files + 2, value: files + 2 });
  for (const name of ['empty.zip', 'folders.zip', 'notes.txt']) {
    assert.equal(await page.locator('#problem-list li .problem-file').filter({ hasText: new RegExp(`^${name}$`) }).count(), 1, name);
  }
  assert.deepEqual(log.errors, []);
});

test('control characters and bidi overrides in names and titles are never displayed as such', async () => {
  const { page, log } = await openPage(site.browser, site.origin);
  const title = `标题\u001b[31m红色\u001b[0m\u202E反向\u202C结束`;
  const dump = `<!--1711116901000-->
[${title}](https://www.rfi.fr/cn/bidi-title)
------

<div>22/03/2024 - 15:10</div><p>正文\u2066隔离\u2069一段。</p><p>${'足够长的正文，'.repeat(300)}</p>
`;
  await dropFiles(page, [
    { name: 'title\u202Etxt.exe.md', bytes: Buffer.from(dump) },
    { name: 'note\u2067\u0007.png', bytes: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]) },
  ]);
  await waitForFiles(page, 2);
  const shown = await page.locator('main').evaluate((main) => main.textContent);
  assert.doesNotMatch(shown, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/, 'nothing invisible is displayed');
  assert.match(await page.locator('#list article.card h3').textContent(), /^标题\[31m红色\[0m反向结束$/);
  assert.equal(await page.locator('#problem-list .problem-file').textContent(), 'note⟨U+2067⟩⟨U+0007⟩.png');
  // The reader names the source file with the override revealed.
  await page.locator('#list article.card h3').click();
  await page.getByRole('dialog').waitFor();
  assert.equal(await page.locator('#reader .source-file').textContent(), 'title⟨U+202E⟩txt.exe.md');
  assert.doesNotMatch(await page.locator('#reader').textContent(), /[\u202a-\u202e\u2066-\u2069\u001b]/);
  assert.deepEqual(log.errors, []);
});

test('a file over the 64 MiB limit is one too-large problem, and is not read', async () => {
  const all = await seeds();
  const { page, log } = await openPage(site.browser, site.origin);
  await dropServedFiles(page, [
    { name: all[0].name, bytes: readFileSync(all[0].file) },
    { name: 'huge.txt', bytes: Buffer.alloc((64 << 20) + 1, 0x61) },
  ]);
  await waitForFiles(page, 2, 60_000);
  assert.deepEqual(await counts(page), { files: 2, articles: 1, problems: 1 });
  const row = page.locator('#problem-list li').filter({ hasText: 'huge.txt' });
  assert.match(await row.locator('.problem-reason').textContent(), /^not read: 65 MiB is more than the page reads \(64 MiB\)/);
  assert.deepEqual(log.errors, []);
});
