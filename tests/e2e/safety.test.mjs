// Privacy and safety by construction: hostile file content executes nothing,
// and with remote images off no request leaves the page's origin.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, openReader, waitForFiles, waitForList, counts, dropFiles, sampleFiles, screenshot, PNG } from './helpers.mjs';

const site = useSite();

// Each vector sets window.__xss (and calls alert) if it ever runs.
const RUN = 'window.__xss=1;alert(1)';
const VECTORS = [
  `<script>${RUN}</script>`,
  `<img src=x onerror="${RUN}">`,
  `<svg onload="${RUN}"><circle r=1 /></svg>`,
  `<iframe srcdoc="<script>parent.__xss=1;parent.alert(1)</script>"></iframe>`,
  `<a href="javascript:${RUN}">click</a>`,
  `<body onload="${RUN}">`,
  `"><img src=x onerror=${RUN}>`,
  `<math><mtext><table><mglyph><style><img src=x onerror="${RUN}">`,
];
const vectors = VECTORS.join(' ');

/** Hostile files in each format the core reads, vectors in titles, text, URLs and image addresses. */
function hostileFiles() {
  const rss = `<!--1711116901000-->
[布林肯 ${vectors}](javascript:${RUN})
------

<div>22/03/2024 - 15:10</div><img src="javascript:${RUN}" alt="${vectors}"><p><strong>导语 ${vectors}</strong></p><p>正文第一段 ${vectors}</p><p>正文第二段 &lt;script&gt;${RUN}&lt;/script&gt;</p>
`;
  const mirror = `### 标题 ${vectors}

---

#### [首页](javascript:${RUN})


<div><img alt="${vectors}" src="javascript:${RUN}"><div class="post_content" id="artbody"><p>【大纪元2022年01月21日讯】正文 ${vectors}</p><p>第二段 ${vectors}</p></div></div>

---

原文链接：javascript:${RUN}
`;
  const html = `<!doctype html><html><head><title>页面 ${vectors.replace(/<\/?title>/g, '')}</title>
<meta property="og:title" content="&lt;img src=x onerror=&quot;${RUN}&quot;&gt; 标题">
<meta property="og:url" content="javascript:${RUN}">
<meta property="og:image" content="javascript:${RUN}">
<script>${RUN}</script></head>
<body onload="${RUN}"><article><h1>标题 ${vectors}</h1><p>这是正文。${vectors}</p><p>第二段。<iframe srcdoc="<script>parent.__xss=1</script>"></iframe></p></article></body></html>`;
  return [
    { name: `rss-${'<img src=x onerror=alert(1)>'}.txt`, bytes: Buffer.from(rss) },
    { name: 'mirror.md', bytes: Buffer.from(mirror) },
    { name: 'page.html', bytes: Buffer.from(html) },
    { name: `<svg onload=alert(1)>.html`, bytes: Buffer.from(html) },
  ];
}

test('script in dropped files executes nothing, anywhere on the page', async () => {
  const { page, log } = await openPage(site.browser, site.origin);
  const files = hostileFiles();
  await dropFiles(page, files);
  await waitForFiles(page, files.length);
  const c = await counts(page);
  assert.equal(c.articles + c.problems, files.length);

  // Search for text in the vectors, so it is highlighted through <mark>.
  await page.getByRole('searchbox').fill('onerror');
  await waitForList(page);
  await page.getByRole('searchbox').fill('');
  await waitForList(page);
  // Open every article in the reader, with remote images both off and on.
  for (const images of [false, true]) {
    await page.getByRole('switch').setChecked(images);
    const n = await page.locator('#list article.card').count();
    for (let i = 0; i < n; i++) {
      await openReader(page, page.locator('#list article.card').nth(i));
      await page.getByRole('dialog').getByRole('link').first().click({ timeout: 500 }).catch(() => {});
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
    }
  }
  await page.waitForTimeout(300);
  await screenshot(page, 'hostile-files');

  assert.equal(await page.evaluate(() => window.__xss), undefined, 'a vector ran');
  assert.deepEqual(log.dialogs, [], 'a vector opened a dialog');
  // File text is text: no element from a file made it into the DOM.
  const injected = await page.evaluate(() => document.querySelectorAll(
    'main script, main iframe, main svg, main [onerror], main [onload], main img[src="x"], #reader script, #reader iframe, #reader svg, a[href^="javascript:"]',
  ).length);
  assert.equal(injected, 0);
  const shown = await page.locator('main').textContent();
  assert.ok(shown.includes('onerror'), 'the vectors are shown as text');
  assert.ok(log.requests.every((url) => url.startsWith(site.origin)), log.requests.join('\n'));
});

test('with remote images off, a whole session makes no request beyond the origin', async () => {
  const { page, log } = await openPage(site.browser, site.origin);
  const files = await sampleFiles();
  await page.getByRole('button', { name: 'Try the sample corpus' }).click();
  await waitForFiles(page, files.length);
  // Browse: scroll the whole list, search, open articles.
  await page.locator('#list').evaluate((el) => { el.scrollTop = el.scrollHeight / 2; });
  await page.waitForTimeout(100);
  await page.locator('#list article.card h3').first().click();
  await page.getByRole('dialog').waitFor();
  await page.keyboard.press('j');
  await page.keyboard.press('j');
  await page.keyboard.press('Escape');
  await page.getByRole('searchbox').fill('美国');
  await waitForList(page);
  await page.waitForLoadState('networkidle');

  const placeholders = await page.locator('#list .card-media.placeholder').count();
  assert.ok(placeholders > 0, 'cards with lead images show placeholders');
  assert.match(await page.locator('#list .card-media.placeholder').first().textContent(), /^Image from [a-z0-9.-]+\.[a-z]+$/);
  assert.equal(await page.locator('img').count(), 0);
  const foreign = log.requests.filter((url) => !url.startsWith(`${site.origin}/`));
  assert.deepEqual(foreign, []);

  // The switch is what loads them (served here by the test, so nothing leaves the machine).
  await page.route((url) => url.origin !== site.origin, (route) => route.fulfill({ body: PNG, contentType: 'image/png' }));
  await page.getByRole('switch', { name: 'Load remote images' }).check();
  await page.locator('#list .card-media img').first().waitFor();
  assert.ok(log.requests.some((url) => url.startsWith('https://')), 'images requested once switched on');
  for (const img of await page.locator('#list img').all()) {
    assert.equal(await img.getAttribute('referrerpolicy'), 'no-referrer');
    assert.match(await img.getAttribute('src'), /^https:\/\//);
  }
});

test('the page forbids inline and remote scripts by policy', async () => {
  const { page, log } = await openPage(site.browser, site.origin);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /object-src 'none'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  // The policy is in force: an injected inline script does not run.
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inline = 1';
    document.body.append(s);
  });
  assert.equal(await page.evaluate(() => window.__inline), undefined);
  assert.ok(log.errors.some((e) => /Content Security Policy/i.test(e)));
});
