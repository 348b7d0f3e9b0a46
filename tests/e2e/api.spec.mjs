// The shared API suite (tests/js/suite.mjs) in Chromium: against the static files in dist/
// and inside the Vite app's production build. One Playwright test per suite test.
import { expect, test } from '@playwright/test';
import { tests } from '../js/suite.mjs';

const names = tests({}).map(([name]) => name);

for (const [packaging, path] of [['static dist/', '/tests/js/browser.html'], ['Vite build', '/tests/vite-app/dist/index.html']]) {
  test.describe(`API suite in Chromium, ${packaging}`, () => {
    let results;
    const problems = [];

    test.beforeAll(async ({ browser }) => {
      const page = await browser.newPage();
      page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('request', (r) => { if (!r.url().startsWith('http://localhost:')) problems.push(`request left localhost: ${r.url()}`); });
      await page.goto(path);
      await page.waitForFunction(() => window.kwResults, null, { timeout: 30_000 });
      results = await page.evaluate(() => window.kwResults);
      await page.close();
    });

    test('the page ran the whole suite with no console errors and no outside requests', () => {
      expect(results.map((r) => r.name)).toEqual(names);
      expect(problems).toEqual([]);
    });

    for (const name of names) {
      test(name, () => {
        const r = results.find((x) => x.name === name);
        expect(r?.error ?? null).toBeNull();
        expect(r.ok).toBe(true);
      });
    }
  });
}

test('the API example page of the demo computes and shows errors', async ({ page }) => {
  await page.goto('/www/api.html');
  await expect(page.locator('#result')).toHaveText(/CLV €1,600\.00 over 20\.0 months/);
  await page.fill('#churnRate', '0');
  await expect(page.locator('#result')).toHaveText(/churnRate: CLV is infinite/);
});
