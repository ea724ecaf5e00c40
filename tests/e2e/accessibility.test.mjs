// The page's structure people and tests rely on, checked by axe-core (WCAG 2 A
// and AA rules) on the main views, in light and dark schemes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite, openPage, openReader, waitForFiles, sampleFiles, dropFiles, axeViolations as violations } from './helpers.mjs';

const site = useSite();

for (const scheme of ['light', 'dark']) {
  test(`no axe violations: start, list, search, problems, reader (${scheme})`, async () => {
    const { page } = await openPage(site.browser, site.origin);
    await page.emulateMedia({ colorScheme: scheme });
    assert.deepEqual(await violations(page), [], 'start');

    const files = await sampleFiles();
    await page.getByRole('button', { name: 'Try the sample corpus' }).click();
    await waitForFiles(page, files.length);
    await dropFiles(page, [{ name: 'empty.txt', bytes: Buffer.alloc(0) }]);
    await waitForFiles(page, files.length + 1);
    await page.getByText('Filters').click();
    assert.deepEqual(await violations(page), [], 'list with problems and filters');

    await page.getByRole('searchbox').fill('布林肯');
    await page.waitForFunction(() => document.querySelector('#list mark'));
    assert.deepEqual(await violations(page), [], 'search results');

    await page.getByRole('button', { name: 'Export' }).click();
    await page.getByRole('menu').waitFor();
    assert.deepEqual(await violations(page), [], 'export menu open');
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'hidden' });

    await openReader(page, page.locator('#list article.card').first());
    assert.deepEqual(await violations(page, '#reader'), [], 'reader');
  });
}
