// The timeline by outlet, over the sample corpus: "By outlet" stacks each
// bar by outlet without changing its total, each bar's label names its parts
// and they add up, an outlet's parts across the chart equal the chart of
// that outlet alone, the segments fill their bar exactly, the exported SVG
// carries the colours' key, and empty months between the first and the last
// are empty bars.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { useSite, openSample } from './helpers.mjs';

const site = useSite();

/** Waits until the chart is drawn, stacked or not as `stacked` says, for the box as it is now. */
async function waitForChart(page, { stacked, query = '' }) {
  await page.waitForFunction(({ stacked, query }) => {
    const root = document.getElementById('timeline');
    const bar = root.querySelector('.timeline-bar');
    return root.getAttribute('aria-busy') === 'false' && root.dataset.drawnFor === query
      && bar && bar.classList.contains('stacked') === stacked;
  }, { stacked, query });
}

/** Each bar as drawn: period, total, label, its height and its segments' heights. */
function bars(page) {
  return page.evaluate(() => [...document.querySelectorAll('#timeline .timeline-bar')].map((b) => {
    const x = b.getAttribute('x');
    const segments = [...document.querySelectorAll(`#timeline rect.timeline-segment[x="${x}"]`)].map((s) => Number(s.getAttribute('height')));
    return { period: b.dataset.period, count: Number(b.dataset.count), label: b.getAttribute('aria-label'), height: Number(b.getAttribute('height')), segments };
  }));
}

/** `{ outlet: count }` from a stacked bar's label: `2020: 12 articles (RFI 5, VOA 4, other outlets 3)`. */
function parts(label) {
  const inside = /\((.*)\)$/.exec(label)?.[1];
  if (!inside) return {};
  return Object.fromEntries(inside.split(', ').map((part) => {
    const [, outlet, n] = /^(.*) ([\d,]+)$/.exec(part);
    return [outlet, Number(n.replace(/,/g, ''))];
  }));
}

const nextMonth = (period) => {
  const [y, m] = period.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

test('timeline by outlet: stacked bars keep their totals, name their parts, and match each outlet alone', async () => {
  const { page, log } = await openSample(site.browser, site.origin);
  await page.getByText('Timeline', { exact: true }).click();
  await waitForChart(page, { stacked: false });

  // Months run without a gap: a month with no article is an empty bar.
  const months = await bars(page);
  assert.ok(months.length >= 3, `${months.length} bars`);
  for (let i = 1; i < months.length; i++) assert.equal(months[i].period, nextMonth(months[i - 1].period), 'consecutive months');
  for (const bar of months) assert.equal(bar.height === 0, bar.count === 0, `${bar.period}: an empty bar has no height`);

  await page.getByRole('button', { name: 'Year', exact: true }).click();
  await waitForChart(page, { stacked: false });
  await page.waitForFunction(() => /^\d{4}$/.test(document.querySelector('#timeline .timeline-bar').dataset.period));
  const plain = await bars(page);

  await page.getByRole('switch', { name: 'By outlet' }).check();
  await waitForChart(page, { stacked: true });
  const stacked = await bars(page);
  assert.deepEqual(stacked.map((b) => [b.period, b.count]), plain.map((b) => [b.period, b.count]), 'the same bars and totals');
  const byOutlet = {};
  for (const bar of stacked) {
    const named = parts(bar.label);
    const sum = Object.values(named).reduce((n, c) => n + c, 0);
    assert.equal(sum, bar.count, `${bar.label}: the parts add up`);
    assert.equal(bar.segments.reduce((n, h) => n + h, 0), bar.height, `${bar.period}: the segments fill the bar`);
    for (const [outlet, n] of Object.entries(named)) byOutlet[outlet] = (byOutlet[outlet] || 0) + n;
  }
  const legend = await page.locator('#timeline .timeline-legend .timeline-key').allTextContents();
  assert.ok(legend.length >= 2 && legend.length <= 7, legend.join(' | '));

  // The exported SVG carries the key, its names as text.
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save as SVG' }).click()]);
  const svg = await readFile(await file.path(), 'utf8');
  for (const name of legend) assert.ok(svg.includes(`>${name.replace(/&/g, '&amp;')}</text>`), `the export names ${name}`);
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save as PNG' }).click()]);
  assert.equal((await readFile(await png.path())).subarray(1, 4).toString(), 'PNG');

  // The largest outlet's parts are the chart of that outlet alone.
  const [largest] = Object.entries(byOutlet).filter(([o]) => o !== 'other outlets').sort((a, b) => b[1] - a[1]);
  assert.equal(legend[0], largest[0], 'the legend starts with the largest outlet');
  await page.getByRole('switch', { name: 'By outlet' }).uncheck();
  await waitForChart(page, { stacked: false });
  const query = `outlet:"${largest[0]}"`;
  await page.getByRole('searchbox').fill(query);
  await waitForChart(page, { stacked: false, query });
  const alone = await bars(page);
  assert.equal(alone.reduce((n, b) => n + b.count, 0), largest[1], `${query}: its bars are its parts`);
  assert.deepEqual(log.errors, []);
});
