// Picking the five seeds shows five cards with the titles and dates a person
// reads off the files, dates in the reader's time zone with the zone named.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, seeds, waitForFiles, counts, cardTitleKeys, cardByTitle, titleKey, screenshot } from './helpers.mjs';

const site = useSite();

const TIME_ZONE = 'America/New_York'; // neither the outlets' zones nor UTC

test('picking the five seeds shows five cards with their titles and dates', async () => {
  const expected = await seeds();
  assert.equal(expected.length, 5);
  const { page, log } = await openPage(site.browser, site.origin, { timezoneId: TIME_ZONE });
  await page.setInputFiles('#pick-files', expected.map((s) => s.file));
  await waitForFiles(page, 5);

  assert.deepEqual(await counts(page), { files: 5, articles: 5, problems: 0 });
  assert.match(await page.getByRole('status').textContent(), /^5 articles · 0 problems/);
  assert.deepEqual(await cardTitleKeys(page), expected.map((s) => titleKey(s.title)).sort());

  for (const seed of expected) {
    const card = await cardByTitle(page, seed.title);
    // Each card is an <article> whose accessible name is its title.
    assert.equal(await card.getAttribute('aria-labelledby'), await card.locator('h3').getAttribute('id'));
    const time = card.locator('time').first();
    const datetime = await time.getAttribute('datetime');
    const text = (await time.textContent()).replace(/\s+/g, ' ');
    if (seed.published.instant) {
      assert.equal(new Date(datetime).getTime(), seed.published.instant.getTime(), `${seed.name}: published instant`);
      const want = new Intl.DateTimeFormat('en-US', {
        timeZone: TIME_ZONE, year: 'numeric', month: 'short', day: 'numeric',
        hour: '2-digit', minute: '2-digit', timeZoneName: 'short',
      }).format(seed.published.instant).replace(/\s+/g, ' ');
      assert.equal(text, want, `${seed.name}: shown in the reader's zone, zone named`);
      assert.match(text, /\b(EST|EDT|GMT-[45])\b/);
    } else {
      assert.equal(datetime, seed.published.date, `${seed.name}: date-only value kept`);
      const [y, m, d] = seed.published.date.split('-').map(Number);
      const want = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
      assert.equal(text, want.replace(/\s+/g, ' '), `${seed.name}: a date, no invented time`);
    }
  }
  await screenshot(page, 'seeds-list');
  assert.deepEqual(log.errors, []);
});

test('the page speaks Simplified Chinese to a Chinese browser', async () => {
  const expected = await seeds();
  const { page } = await openPage(site.browser, site.origin, { locale: 'zh-CN' });
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-Hans');
  assert.ok(await page.getByRole('button', { name: '试试示例语料' }).isVisible());
  await page.setInputFiles('#pick-files', expected.map((s) => s.file));
  await waitForFiles(page, 5);
  assert.match(await page.getByRole('status').textContent(), /^5 篇文章 · 0 个问题/);
  await screenshot(page, 'seeds-list-zh');
});
