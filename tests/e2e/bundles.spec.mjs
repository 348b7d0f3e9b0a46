// What a page with several elements downloads: the code embed.js and retention-forecast.js
// share once (one chunk; embed.js's calculators are another), the segmenter as one script, and its worker as one self-contained
// file that imports nothing (so a bundler that copies it as it is has nothing to follow).
import { expect, test } from '@playwright/test';
import { output, watch } from './helpers.mjs';

const PAGE = '/tests/e2e/pages/bundles.html';
const CSV = 'customer,date,amount\na,2024-01-05,10\na,2024-03-01,30\nb,2024-02-10,20\nc,2024-04-02,15\n';

// Once the page is idle the segmenter gets its engine ready (prepareAnalysis): its worker and
// the analysis wasm, each once.
const prepared = (page) => Promise.all(['/dist/analysis-worker.js', '/dist/kundenwert_analysis_bg.wasm'].map((path) => page.waitForRequest((r) => new URL(r.url()).pathname === path)));

test('several elements on a page: the shared chunk once, each script once, every element computes', async ({ page }) => {
  const { problems, requests } = watch(page);
  const ready = prepared(page);
  await page.goto(PAGE);
  await ready;
  expect(await output(page, 'clv-calculator', 'clv')).toBe('€1,600.00');
  expect(await output(page, 'ltv-cac-calculator', 'ratio')).toBe('4.0 : 1');
  await expect(page.locator('retention-forecast output').first()).not.toHaveText('…');
  await expect(page.locator('customer-segmenter .title')).toHaveText('Analyse your customer data');
  const scripts = requests.filter((r) => r.endsWith('.js')).map((r) => r.replace(/kw-\w+\.js$/, 'kw-<hash>.js')).sort();
  // the calculators' chunk and the shared one (each once: the set has no duplicate)
  expect(scripts).toEqual(['/dist/analysis-worker.js', '/dist/embed.js', '/dist/kw-<hash>.js', '/dist/kw-<hash>.js', '/dist/retention-forecast.js', '/dist/segmenter.js']);
  expect(new Set(requests).size).toBe(requests.length);
  expect(problems).toEqual([]);
});

test('the segmenter gets its worker and the analysis wasm ready before the file, and the analysis loads nothing more', async ({ page }) => {
  const { problems, requests } = watch(page);
  const ready = prepared(page);
  await page.goto(PAGE);
  await page.waitForFunction(() => customElements.get('customer-segmenter'));
  await ready;
  const before = requests.length;
  await page.locator('customer-segmenter input#file').setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  await page.locator('customer-segmenter #analyze').click();
  await expect(page.locator('customer-segmenter #segments')).toBeVisible();
  expect(await page.locator('customer-segmenter').evaluate((el) => el.result.customers.count ?? el.result.rows.used)).toBeGreaterThan(2);
  expect(requests.slice(before)).toEqual([]);
  expect(requests.filter((r) => /analysis/.test(r)).sort()).toEqual(['/dist/analysis-worker.js', '/dist/kundenwert_analysis_bg.wasm']);
  expect(problems).toEqual([]);
});
