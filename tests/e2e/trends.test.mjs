// Trends over the sample corpus: two terms drawn as one series each, every
// point's value the page's own search can reproduce — (articles `TERM
// after:FROM before:TO` finds) × 1000 / (articles `after:FROM before:TO`
// finds) — traditional and simplified spelling give the same series, the
// chart follows the zoom, exports as SVG, and axe finds nothing wrong.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useSite, openSample, waitForList, axeViolations as violations } from './helpers.mjs';

const site = useSite();

/** The points drawn: `[{ term, period, hits, articles, value, from, to, label }]`. */
async function points(page) {
  return page.locator('#timeline .trends-point').evaluateAll((els) => els.map((e) => ({
    ...e.dataset, hits: Number(e.dataset.hits), articles: Number(e.dataset.articles), value: Number(e.dataset.value),
    label: e.getAttribute('aria-label'), title: e.querySelector('title').textContent,
  })));
}

/** Waits until the trends are drawn for `terms` at the zoom `by`. */
async function waitForTrends(page, terms, by) {
  await page.waitForFunction(({ terms, by }) => {
    const root = document.querySelector('#timeline .trends');
    const series = [...root.querySelectorAll('.trends-series')].map((g) => g.getAttribute('aria-label'));
    return root.getAttribute('aria-busy') === 'false' && JSON.stringify(series) === JSON.stringify(terms)
      && root.querySelector('.trends-point') && document.getElementById('trends-caption').textContent.includes(`per ${by}`);
  }, { terms, by });
}

/** The number of articles the page's search finds for `query`. */
async function found(page, query) {
  // The input event marks the list busy at once, so the wait is for this query's search.
  await page.getByRole('searchbox').fill(query);
  await waitForList(page);
  const text = await page.locator('#result-count').textContent();
  assert.match(text, /\d/, `a count for ${query}`);
  return Number(text.replace(/[^\d]/g, ''));
}

test('trends: two terms, each point as the search counts it, S/T folded, following the zoom', async () => {
  const { page, log } = await openSample(site.browser, site.origin);
  await page.getByText('Timeline', { exact: true }).click();
  await page.waitForFunction(() => document.querySelector('#timeline .timeline-bar'));

  const terms = ['香港', '美国'];
  await page.getByLabel('Trend terms').fill(terms.join(', '));
  await page.getByRole('button', { name: 'Show trends' }).click();
  await waitForTrends(page, terms, 'month');
  const drawn = await points(page);
  assert.deepEqual(await page.locator('#timeline .trends-key').allTextContents(), terms, 'a legend entry per term');
  const periods = [...new Set(drawn.map((p) => p.period))];
  assert.ok(periods.length >= 3, `${periods.length} months`);
  for (const term of terms) {
    assert.equal(drawn.filter((p) => p.term === term).length, periods.length, `${term}: a point per month`);
    assert.ok(drawn.some((p) => p.term === term && p.hits > 0), `${term} is found somewhere`);
  }
  for (const p of drawn) {
    assert.ok(p.from && p.to, `${p.period} has the timeline's bounds`);
    assert.ok(p.label.startsWith(`${p.period} · ${p.term}: `) && p.label.includes(' per 1,000 articles'), p.label);
    assert.equal(p.title, p.label);
  }
  assert.deepEqual(await violations(page), [], 'trends shown');

  // The keyboard: from the first point, right along the line, down to the next term.
  await page.locator('#timeline .trends-point[tabindex="0"]').focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowDown');
  const focused = await page.evaluate(() => document.activeElement.getAttribute('aria-label'));
  assert.equal(focused, drawn.find((p) => p.term === terms[1] && p.period === periods[1]).label);

  // Each term's busiest month and one month it misses (or its quietest), as the search counts them.
  const checked = [];
  for (const term of terms) {
    const series = drawn.filter((p) => p.term === term).sort((a, b) => b.hits - a.hits);
    checked.push(series[0], series.at(-1));
  }
  for (const p of checked) {
    const articles = await found(page, `after:${p.from} before:${p.to}`);
    const hits = await found(page, `${p.term} after:${p.from} before:${p.to}`);
    assert.equal(articles, p.articles, `${p.period}: articles`);
    assert.equal(hits, p.hits, `${p.period} · ${p.term}: hits`);
    const value = (hits * 1000) / articles;
    assert.ok(Math.abs(p.value - value) < 1e-9, `${p.period} · ${p.term}: ${p.value} = ${value}`);
    const shown = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 }).format(value);
    const n = (x) => new Intl.NumberFormat('en-US').format(x);
    assert.equal(p.label, `${p.period} · ${p.term}: ${shown} per 1,000 articles (${n(hits)} of ${n(articles)})`);
  }

  // The chart is of the search: with a query, its months and counts are the query's.
  await page.getByRole('searchbox').fill('');
  await waitForList(page);
  await waitForTrends(page, terms, 'month');
  assert.deepEqual(await points(page), drawn, 'back to the whole corpus');

  // Traditional spelling: the same series as the simplified one.
  await page.getByLabel('Trend terms').fill('香港 美國');
  await page.getByRole('button', { name: 'Show trends' }).click();
  await waitForTrends(page, ['香港', '美國'], 'month');
  const traditional = await points(page);
  const values = (list, term) => list.filter((p) => p.term === term).map((p) => [p.period, p.hits, p.articles]);
  assert.deepEqual(values(traditional, '美國'), values(drawn, '美国'), '美國 = 美国');

  // Zoom: by year, a point per year, the hits adding up to the months'.
  await page.getByRole('button', { name: 'Year', exact: true }).click();
  await waitForTrends(page, ['香港', '美國'], 'year');
  const years = await points(page);
  const sum = (list, term, key) => list.filter((p) => p.term === term).reduce((n, p) => n + p[key], 0);
  assert.ok(new Set(years.map((p) => p.period)).size <= periods.length);
  assert.equal(sum(years, '香港', 'hits'), sum(drawn, '香港', 'hits'));
  assert.equal(sum(years, '香港', 'articles'), sum(drawn, '香港', 'articles'));

  // More than five terms: said, not drawn.
  await page.getByLabel('Trend terms').fill('一 二 三 四 五 六');
  await page.getByRole('button', { name: 'Show trends' }).click();
  await page.waitForFunction(() => /at most 5 terms/.test(document.querySelector('#timeline .trends [role="status"]').textContent));
  assert.equal(await page.locator('#timeline .trends-figure').isHidden(), true);

  // Export: an SVG with a point per period and term.
  await page.getByLabel('Trend terms').fill('香港, 美国');
  await page.getByRole('button', { name: 'Show trends' }).click();
  await waitForTrends(page, terms, 'year');
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save trends as SVG' }).click()]);
  assert.equal(svg.suggestedFilename(), 'jianbao-trends-year.svg');
  const text = await readFile(await svg.path(), 'utf8');
  assert.match(text, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.equal((text.match(/<circle/g) || []).length, (await points(page)).length);
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.deepEqual(await violations(page), [], 'trends shown, dark scheme');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.foreign, []);
});

test('trends in Chinese: the same points, each said in Chinese', async () => {
  const { page, log } = await openSample(site.browser, site.origin, { locale: 'zh-CN' });
  await page.getByText('时间线', { exact: true }).click();
  await page.waitForFunction(() => document.querySelector('#timeline .timeline-bar'));
  await page.getByLabel('趋势词').fill('香港、國安法');
  await page.getByRole('button', { name: '显示趋势' }).click();
  await page.waitForFunction(() => document.querySelectorAll('#timeline .trends-series').length === 2
    && document.querySelector('#timeline .trends').getAttribute('aria-busy') === 'false');
  const drawn = await points(page);
  assert.ok(drawn.length > 0);
  for (const p of drawn) {
    const shown = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 1 }).format(p.value);
    const n = (x) => new Intl.NumberFormat('zh-CN').format(x);
    assert.equal(p.label, `${p.period} · ${p.term}：每千篇文章 ${shown} 篇（${n(p.articles)} 篇中 ${n(p.hits)} 篇）`);
  }
  assert.match(await page.locator('#trends-caption').textContent(), /香港、國安法/);
  assert.deepEqual(await violations(page), [], 'trends shown, in Chinese');
  assert.deepEqual(log.errors, []);
});
