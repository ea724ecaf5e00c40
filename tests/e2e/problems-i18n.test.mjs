// Problems are shown in the reader's language, translated from the core's
// stable codes, with the core's English detail kept as a tooltip.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, waitForFiles, counts, dropFiles, makeZip, PNG } from './helpers.mjs';

const site = useSite();

const files = [
  { name: 'empty.md', bytes: Buffer.alloc(0) },
  { name: 'photo.png', bytes: PNG },
  { name: 'nothing.zip', bytes: makeZip([]) },
];

for (const [locale, expect] of [
  ['zh-CN', { empty: '空文件', image: '图片，不是文字文章', 'zip-empty': '空的 ZIP 压缩包（没有文件）' }],
  ['en-US', { empty: 'empty file', image: 'a PNG image, not a text article', 'zip-empty': 'an empty ZIP archive (no files inside)' }],
]) {
  test(`problem reasons under ${locale} come from their codes`, async () => {
    const { page } = await openPage(site.browser, site.origin, { locale });
    await dropFiles(page, files);
    await waitForFiles(page, files.length);
    assert.deepEqual(await counts(page), { files: 3, articles: 0, problems: 3 });
    const rows = await page.locator('#problem-list li').evaluateAll((items) => items.map((li) => ({
      code: li.dataset.code, reason: li.querySelector('.problem-reason').textContent, detail: li.querySelector('.problem-reason').title,
    })));
    const byCode = Object.fromEntries(rows.map((r) => [r.code, r]));
    assert.deepEqual(Object.keys(byCode).sort(), Object.keys(expect).sort());
    for (const [code, reason] of Object.entries(expect)) assert.equal(byCode[code].reason, reason, code);
    // Under Chinese the English sentence stays available as the tooltip.
    if (locale === 'zh-CN') assert.match(byCode.image.detail, /PNG image/);
    await page.context().close();
  });
}
