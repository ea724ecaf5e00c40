// The timeline over the sample corpus: its bars add up to the articles found
// (the undated ones included), dragging across bars narrows the search to
// their dates, Enter on a bar does the same from the keyboard, the chart
// exports as SVG, and axe finds nothing wrong with it open.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useSite, openSample, waitForList, counts, axeViolations as violations } from './helpers.mjs';

const site = useSite();

/** The chart's bars as drawn: `[{ count, chosen }]`, and the undated count. */
async function bars(page) {
  return page.evaluate(() => ({
    bars: [...document.querySelectorAll('#timeline .timeline-bar')].map((b) => ({
      count: Number(b.dataset.count), chosen: b.classList.contains('chosen'), label: b.getAttribute('aria-label'),
    })),
    undated: Number(document.querySelector('#timeline .timeline-undated').dataset.count),
  }));
}

/** The number in "N matches". */
async function matches(page) {
  const text = await page.locator('#result-count').textContent();
  return Number(text.replace(/[^\d]/g, ''));
}

/** Waits until the chart is drawn for the query box as it is now. */
async function waitForChart(page) {
  await page.waitForFunction(() => document.getElementById('timeline').getAttribute('aria-busy') === 'false'
    && document.querySelector('#timeline .timeline-bar'));
}

test('timeline: bars add up, dragging and Enter narrow the search to their dates', async () => {
  const { page, log } = await openSample(site.browser, site.origin);
  // Copies are hidden by default: the bars count what the list shows.
  const { articles } = await counts(page);
  const hidden = Number(await page.locator('#status').getAttribute('data-hidden'));
  assert.ok(hidden > 0);

  await page.getByText('Timeline', { exact: true }).click();
  await waitForChart(page);
  const caption = await page.locator('#timeline-caption').textContent();
  assert.match(caption, /Asia\/Shanghai \(UTC\+08:00\)/, caption);
  const all = await bars(page);
  assert.ok(all.bars.length >= 3, `${all.bars.length} bars`);
  const sum = all.bars.reduce((n, b) => n + b.count, 0) + all.undated;
  assert.equal(sum, articles - hidden, 'the bars and the undated count add up to the list');
  assert.ok(all.bars.every((b) => /: \d+ articles?$/.test(b.label)), 'each bar says its count');
  assert.deepEqual(await violations(page), [], 'timeline open');

  // With copies shown, every article is counted.
  await page.getByRole('switch', { name: 'Hide duplicates' }).uncheck();
  await page.waitForFunction((n) => {
    const counted = [...document.querySelectorAll('#timeline .timeline-bar')].reduce((s, b) => s + Number(b.dataset.count), 0);
    return counted + Number(document.querySelector('#timeline .timeline-undated').dataset.count) === n;
  }, articles);
  await page.getByRole('switch', { name: 'Hide duplicates' }).check();
  await waitForList(page);

  // A search with a word: the bars add up to its result count.
  await page.getByRole('searchbox').fill('美国');
  await page.waitForFunction(() => /\d/.test(document.getElementById('result-count').textContent));
  await waitForList(page);
  await waitForChart(page);
  const word = await bars(page);
  const found = await matches(page);
  assert.equal(word.bars.reduce((n, b) => n + b.count, 0) + word.undated, found);

  // Drag from the first bar with articles across three bars (or to the last),
  // scrolled into view as a reader would.
  const first = word.bars.findIndex((b) => b.count > 0);
  const last = Math.min(first + 2, word.bars.length - 1);
  await page.locator('#timeline .timeline-bar').nth(first).scrollIntoViewIfNeeded();
  const boxes = await page.locator('#timeline .timeline-column').evaluateAll((els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
  }));
  const expected = word.bars.slice(first, last + 1).reduce((n, b) => n + b.count, 0);
  await page.mouse.move(boxes[first].x, boxes[first].y);
  await page.mouse.down();
  await page.mouse.move(boxes[last].x, boxes[last].y, { steps: 8 });
  await page.mouse.up();
  await page.waitForFunction(() => /after:\S+ before:\S+/.test(document.getElementById('query').value));
  const query = await page.getByRole('searchbox').inputValue();
  assert.match(query, /^美国 after:\S+ before:\S+$/, query);
  await page.waitForFunction((n) => Number(document.getElementById('result-count').textContent.replace(/[^\d]/g, '')) === n, expected);
  await waitForList(page);
  assert.equal(await matches(page), expected, 'the result count is the chosen bars');
  await page.waitForFunction((n) => document.querySelectorAll('#timeline .timeline-bar.chosen').length === n, last - first + 1);

  // The keyboard: Home, then Enter on the first bar alone.
  await page.locator('#timeline .timeline-bar[tabindex="0"]').focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('Enter');
  const one = word.bars[0].count;
  await page.waitForFunction((n) => Number(document.getElementById('result-count').textContent.replace(/[^\d]/g, '')) === n, one);
  assert.match(await page.getByRole('searchbox').inputValue(), /^美国 after:\S+ before:\S+$/);

  // Clear dates brings the whole search back.
  await page.getByRole('button', { name: 'Clear dates' }).click();
  await page.waitForFunction((n) => Number(document.getElementById('result-count').textContent.replace(/[^\d]/g, '')) === n, found);
  assert.equal(await page.getByRole('searchbox').inputValue(), '美国');

  // Export: an SVG file through a Blob URL, and a PNG.
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save as SVG' }).click()]);
  assert.equal(svg.suggestedFilename(), 'jianbao-timeline-month.svg');
  assert.match(svg.url(), /^blob:/);
  const text = await readFile(await svg.path(), 'utf8');
  assert.match(text, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.equal((text.match(/<rect[^>]*role="button"/g) || []).length, word.bars.length);
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save as PNG' }).click()]);
  assert.equal(png.suggestedFilename(), 'jianbao-timeline-month.png');
  const bytes = await readFile(await png.path());
  assert.equal(bytes.subarray(1, 4).toString(), 'PNG');

  // Zoom: by year, the bars still add up.
  await page.getByRole('button', { name: 'Year', exact: true }).click();
  await page.waitForFunction(() => document.getElementById('timeline-caption').textContent.includes('per year'));
  const years = await bars(page);
  assert.equal(years.bars.reduce((n, b) => n + b.count, 0) + years.undated, found);
  assert.ok(years.bars.length <= word.bars.length);
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.deepEqual(await violations(page), [], 'timeline open, dark scheme');
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.foreign, []);
});
