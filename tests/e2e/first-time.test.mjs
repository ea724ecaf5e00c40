// What a first-time researcher tripped over (issue 12): matches marked in
// the reader, snippets without ellipsis runs, messages in Chinese, counts
// that add up after a malformed query, facets in date order and folded,
// a layout that stays put, and screenshots of it all.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, waitForFiles, waitForList, counts, dropFiles, sampleFiles, openReader, screenshot } from './helpers.mjs';

const site = useSite();

/** A generic HTML article: `paragraphs` as <p>, `tags` as article:tag. */
function page(title, paragraphs, tags = []) {
  const meta = tags.map((tag) => `<meta property="article:tag" content="${tag}">`).join('');
  return Buffer.from(`<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>${meta}</head>
<body><article><h1>${title}</h1>${paragraphs.map((p) => (p.startsWith('<') ? p : `<p>${p}</p>`)).join('')}</article></body></html>`);
}

const filler = '只是一些普通的文字内容，用来把段落隔开，让匹配之间有足够的距离，不会落在同一个窗口里。';
const files = [
  { name: 'nsl.html', bytes: page('香港國安法實施一週年', [
    `第一段：國安法實施以來，${filler}`, `第二段没有那个词。${filler}${filler}`, '<h2>一年以来的变化</h2>', `第三段：国安法再次出现，${filler}`,
    `第四段：還是國安法。${filler}`,
  ]) },
  { name: 'fang-t.html', bytes: page('訪談一', ['方菲訪談的正文。'], ['方菲訪談']) },
  { name: 'fang-s.html', bytes: page('访谈二', ['方菲访谈的正文。'], ['方菲访谈']) },
];

test('the reader marks every match of the query (Traditional and Simplified), scrolls to the first, n/N step through them', async () => {
  const { page: p, context } = await openPage(site.browser, site.origin);
  await dropFiles(p, files);
  await waitForFiles(p, files.length);
  await p.getByRole('searchbox').fill('国安法');
  await waitForList(p);
  const dialog = await openReader(p, p.locator('#list article.card').first());
  const text = dialog.locator('.reader-text');
  await p.waitForFunction(() => document.querySelector('#reader .reader-text mark.current'));
  assert.deepEqual(await text.locator('mark').allTextContents(), ['國安法', '国安法', '國安法']);
  assert.equal(await text.locator('mark').nth(0).getAttribute('class'), 'current');
  await p.keyboard.press('n');
  await p.waitForFunction(() => document.querySelectorAll('#reader .reader-text mark')[1].classList.contains('current'));
  await p.keyboard.press('n');
  await p.waitForFunction(() => document.querySelectorAll('#reader .reader-text mark')[2].classList.contains('current'));
  await p.keyboard.press('Shift+N');
  await p.waitForFunction(() => document.querySelectorAll('#reader .reader-text mark')[1].classList.contains('current'));
  assert.equal(await text.locator('mark.current').count(), 1);
  // A subheading of the page is a heading in the reader, not a paragraph.
  assert.deepEqual(await text.locator('h3').allTextContents(), ['一年以来的变化']);
  // The keys are listed in the keyboard help.
  const help = await p.locator('footer').textContent();
  for (const key of ['Home', 'End', 'n', 'N']) assert.ok(help.includes(key), key);
  await context.close();
});

test('snippets never show an ellipsis run or the same words twice', async () => {
  const { page: p, context } = await openPage(site.browser, site.origin);
  const sample = await sampleFiles();
  await p.getByRole('button', { name: 'Try the sample corpus' }).click();
  await waitForFiles(p, sample.length);
  // Loaded, not disabled-looking.
  const button = p.locator('#sample');
  assert.equal(await button.textContent(), 'Sample corpus loaded ✓');
  assert.equal(await button.evaluate((b) => getComputedStyle(b).opacity), '1');
  await dropFiles(p, files);
  await waitForFiles(p, sample.length + files.length);
  for (const query of ['国安法', '香港', '美国']) {
    await p.getByRole('searchbox').fill(query);
    await waitForList(p);
    const snippets = await p.locator('#list .snippet').allTextContents();
    assert.ok(snippets.length > 0, query);
    for (const s of snippets) assert.doesNotMatch(s, /…\s*…/, `${query}: ${s}`);
  }
  await context.close();
});

test('under zh-CN a problem reason and a malformed query are in Chinese, and the error replaces the old list', async () => {
  const { page: p, context } = await openPage(site.browser, site.origin, { locale: 'zh-CN' });
  await dropFiles(p, [...files, { name: 'empty.md', bytes: Buffer.alloc(0) }]);
  await waitForFiles(p, files.length + 1);
  assert.deepEqual(await counts(p), { files: 4, articles: 3, problems: 1 });
  assert.equal(await p.locator('#problem-list .problem-reason').textContent(), '空文件');

  const box = p.getByRole('searchbox');
  await box.fill('访谈');
  await waitForList(p);
  assert.equal(await p.locator('#result-count').textContent(), '2 条结果');
  const before = await box.boundingBox();
  await box.fill('访谈 title:');
  await p.locator('#query-error:not([hidden])').waitFor();
  assert.equal(await p.locator('#query-error').textContent(), 'title: 后面需要一个值，例如 title:乌克兰');
  await waitForList(p);
  assert.equal(await p.locator('#list article.card').count(), 0, 'no list of the earlier query under the error');
  assert.equal(await p.locator('#result-count').textContent(), '');
  assert.deepEqual(await box.boundingBox(), before, 'the search box stays where it was');
  await box.fill('“未闭合');
  await p.locator('#query-error', { hasText: '引号 “ 没有闭合' }).waitFor();
  await context.close();
});

test('the search box does not move when the count appears', async () => {
  const { page: p, context } = await openPage(site.browser, site.origin);
  await dropFiles(p, files);
  await waitForFiles(p, files.length);
  const box = p.getByRole('searchbox');
  const before = await box.boundingBox();
  const sort = await p.locator('fieldset.sort').boundingBox();
  await box.fill('访谈');
  await p.locator('#result-count', { hasText: '2 matches' }).waitFor();
  assert.deepEqual(await box.boundingBox(), before);
  assert.deepEqual(await p.locator('fieldset.sort').boundingBox(), sort);
  await context.close();
});

test('years and months are newest first and every month is there; S/T tags are one chip', async () => {
  const { page: p, context } = await openPage(site.browser, site.origin);
  const sample = await sampleFiles();
  await p.getByRole('button', { name: 'Try the sample corpus' }).click();
  await waitForFiles(p, sample.length);
  await dropFiles(p, files);
  await waitForFiles(p, sample.length + files.length);
  await p.getByText('Filters').click();
  const chips = (name) => p.locator(`[role="group"][aria-label="${name}"] .chip`).evaluateAll((cs) => cs.map((c) => ({
    value: c.firstChild.textContent.trim(), count: Number(c.querySelector('.count').textContent.replace(/\D/g, '')),
  })));
  const years = await chips('Year');
  const months = await chips('Month');
  assert.ok(years.length >= 2, JSON.stringify(years));
  const desc = (list) => list.map((c) => c.value).slice().sort().reverse();
  assert.deepEqual(years.map((c) => c.value), desc(years));
  assert.deepEqual(months.map((c) => c.value), desc(months));
  const sum = (list) => list.reduce((n, c) => n + c.count, 0);
  assert.ok(months.length > 12, `${months.length} months`);
  assert.equal(sum(months), sum(years), 'every dated article is in one month chip');
  const tags = await chips('Tag');
  // The sample holds the tag in both scripts too; one chip counts them all.
  const fang = tags.filter((c) => c.value === '方菲訪談' || c.value === '方菲访谈');
  assert.equal(fang.length, 1, JSON.stringify(fang));
  await p.getByRole('searchbox').fill('tag:方菲访谈');
  await waitForList(p);
  const matching = Number((await p.locator('#result-count').textContent()).replace(/\D/g, ''));
  assert.equal(fang[0].count, matching, 'the chip counts every article tagged in either script');
  assert.ok(matching >= 2);
  await context.close();
});

for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
  for (const scheme of ['light', 'dark']) {
    test(`facet rows that overflow fade and scroll with a button; screenshots at ${viewport.width} px (${scheme})`, async () => {
      const { page: p, context } = await openPage(site.browser, site.origin, { viewport });
      await p.emulateMedia({ colorScheme: scheme });
      const sample = await sampleFiles();
      await p.getByRole('button', { name: 'Try the sample corpus' }).click();
      await waitForFiles(p, sample.length);
      const name = `first-time-${viewport.width}-${scheme}`;
      await screenshot(p, `${name}-list`);
      await p.getByText('Filters').click();
      const frame = p.locator('[role="group"][aria-label="Month"] .facet-frame');
      await p.waitForFunction(() => document.querySelector('[aria-label="Month"] .facet-frame')?.classList.contains('overflowing'));
      const more = frame.locator('.facet-more');
      assert.ok(await more.isVisible(), 'the month row shows its more button');
      const row = frame.locator('.facet-chips');
      await more.click();
      await p.waitForFunction(() => document.querySelector('[aria-label="Month"] .facet-chips').scrollLeft > 0);
      await screenshot(p, `${name}-facets`);
      await p.getByRole('searchbox').fill('香港');
      await waitForList(p);
      await openReader(p, p.locator('#list article.card').first());
      await p.waitForFunction(() => document.querySelector('#reader .reader-text mark.current'));
      await screenshot(p, `${name}-reader`);
      assert.ok(await row.count());
      await context.close();
    });
  }
}

test('two values of one facet are chosen together (OR), each counted as if the facet were not filtered', async () => {
  const { page: p, context } = await openPage(site.browser, site.origin);
  const sample = await sampleFiles();
  await p.getByRole('button', { name: 'Try the sample corpus' }).click();
  await waitForFiles(p, sample.length);
  await p.getByText('Filters').click();
  const outlets = p.locator('[role="group"][aria-label="Outlet"] .chip');
  const chip = (value) => outlets.filter({ hasText: new RegExp(`^${value} `) });
  const countOf = async (value) => Number((await chip(value).locator('.count').textContent()).replace(/\D/g, ''));
  const [rfi, voa] = [await countOf('RFI'), await countOf('VOA')];
  await chip('RFI').click();
  await p.locator('#result-count', { hasText: `${rfi} matches` }).waitFor();
  await p.waitForFunction(() => document.querySelector('[aria-label="Outlet"] .chip[aria-pressed="true"]'));
  assert.equal(await countOf('VOA'), voa, 'VOA keeps its count while RFI is chosen');
  await chip('VOA').click();
  await p.locator('#result-count', { hasText: `${rfi + voa} matches` }).waitFor();
  assert.equal(await p.getByRole('searchbox').inputValue(), 'outlet:RFI OR outlet:VOA');
  await p.waitForFunction(() => document.querySelectorAll('[aria-label="Outlet"] .chip[aria-pressed="true"]').length === 2);
  await chip('RFI').click();
  await p.locator('#result-count', { hasText: `${voa} matches` }).waitFor();
  assert.equal(await p.getByRole('searchbox').inputValue(), 'outlet:VOA');
  await context.close();
});

test('cards are as tall as their content, and j/k keeps the active card wholly on screen', async () => {
  const { page: p, context } = await openPage(site.browser, site.origin, { viewport: { width: 390, height: 844 } });
  const sample = await sampleFiles();
  await p.getByRole('button', { name: 'Try the sample corpus' }).click();
  await waitForFiles(p, sample.length);
  await dropFiles(p, files);
  await waitForFiles(p, sample.length + files.length);
  await p.getByRole('searchbox').fill('title:访谈二 OR title:实施一周年');
  await waitForList(p);
  const heights = await p.locator('#list article.card').evaluateAll((cards) => cards.map((c) => ({
    title: c.querySelector('h3').textContent, height: c.getBoundingClientRect().height,
  })));
  // The fixed height cards had (--row-h) is now only their most.
  const fixed = await p.evaluate(() => {
    const probe = Object.assign(document.createElement('div'), { className: 'row-probe' });
    document.getElementById('list').append(probe);
    const h = probe.getBoundingClientRect().height;
    probe.remove();
    return h;
  });
  for (const { title, height } of heights) assert.ok(height < fixed * 0.75, `${title}: ${height} of ${fixed}`);
  // Cards do not overlap: each starts where the one before it ends.
  const tops = await p.locator('#list article.card').evaluateAll((cards) => cards.map((c) => [c.getBoundingClientRect().top, c.getBoundingClientRect().bottom]));
  for (let i = 1; i < tops.length; i++) assert.ok(Math.abs(tops[i][0] - tops[i - 1][1]) < 1.5, JSON.stringify(tops));

  await p.getByRole('searchbox').fill('');
  await waitForList(p);
  await p.locator('#list').focus();
  for (let i = 0; i < 12; i++) {
    await p.keyboard.press('j');
    await p.waitForFunction((n) => document.querySelector('#list .card.active')?.dataset.index === String(n), i);
    const box = await p.locator('#list .card.active').evaluate((c) => {
      const r = c.getBoundingClientRect();
      const l = document.getElementById('list').getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, listTop: l.top, listBottom: l.bottom, view: innerHeight };
    });
    assert.ok(box.top >= Math.max(0, box.listTop) - 1 && box.bottom <= Math.min(box.view, box.listBottom) + 1, `card ${i}: ${JSON.stringify(box)}`);
  }
  await context.close();
});
