// Isolation in Chromium: analyses that run at the same time (through the worker, and in two
// <customer-segmenter>s on one page) each return exactly what they return alone; the
// segmenter's Cancel button, and a second file that replaces the one being analysed.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dropFile, largeFile, plain } from './helpers.mjs';

const PAGE = '/www/segmenter.html';
const CDNOW = new URL('../fixtures/CDNOW_master.txt', import.meta.url).pathname;
const GERMAN = 'Kunde;Datum;Betrag;Kanal\n' + Array.from({ length: 4000 }, (_, i) => `K-${i % 900};${String(1 + (i % 28)).padStart(2, '0')}.${String(1 + (i % 12)).padStart(2, '0')}.2024;${(i % 97) + 1},50;${['SEO', 'Messe', 'Newsletter'][i % 3]}`).join('\n') + '\n';


test('two analyses at once in the worker: each equals the same file analysed alone', async ({ page }) => {
  await page.goto(PAGE);
  const cdnow = readFileSync(CDNOW, 'latin1');
  const out = await page.evaluate(async ({ cdnow, german }) => {
    const { analyzeTransactions } = await import('/dist/analysis.js');
    const view = (r) => JSON.stringify({
      rows: r.rows, revenue: r.revenue, ids: r.customers.id, total: Array.from(r.customers.total),
      segments: r.segments.map((s) => [s.segment, s.customers]), channels: r.channels.map((c) => [c.channel, c.customers, c.clv]),
      cohorts: r.cohorts.map((c) => [c.month, c.customers, Array.from(c.retention)]),
    });
    const files = [[cdnow, {}], [german, { periodUnit: 'month' }]];
    const alone = [];
    for (const [text, options] of files) alone.push(view(await analyzeTransactions(text, options)));
    const together = (await Promise.all(files.map(([text, options]) => analyzeTransactions(text, options)))).map(view);
    // One of three at once cancelled: the other two still come back right.
    const controller = new AbortController();
    const runs = [analyzeTransactions(cdnow, { signal: controller.signal }), ...files.map(([text, options]) => analyzeTransactions(text, options))];
    controller.abort(new Error('stop'));
    const settled = await Promise.allSettled(runs);
    return {
      alone, together, counts: alone.map((a) => JSON.parse(a).ids.length),
      cancelled: settled[0].status === 'rejected' && settled[0].reason.message,
      afterCancel: settled.slice(1).map((s) => (s.status === 'fulfilled' ? view(s.value) : String(s.reason))),
    };
  }, { cdnow, german: GERMAN });
  expect(out.counts).toEqual([23570, 900]);
  expect(out.together[0]).toBe(out.alone[0]);
  expect(out.together[1]).toBe(out.alone[1]);
  expect(out.cancelled).toBe('stop');
  expect(out.afterCancel).toEqual(out.alone);
});

test('two <customer-segmenter>s analyse at the same time, each its own file', async ({ page }) => {
  await page.goto(PAGE);
  await page.evaluate(() => document.querySelector('main').append(document.createElement('customer-segmenter')));
  const [first, second] = [page.locator('customer-segmenter').nth(0), page.locator('customer-segmenter').nth(1)];
  await first.locator('input#file').setInputFiles(CDNOW);
  await second.locator('input#file').setInputFiles({ name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from(GERMAN) });
  await expect(first.locator('#analyze')).toBeVisible();
  await expect(second.locator('#analyze')).toBeVisible();
  await page.evaluate(() => document.querySelectorAll('customer-segmenter').forEach((e) => e.shadowRoot.getElementById('analyze').click()));
  // Both forecasts too (the second file's spend model takes a few seconds to give up).
  await expect(first.locator('#summary')).toHaveText('69.659 Transaktionen von 23.570 Kunden, Umsatz 2.500.315,63 €, beobachtet bis 30.06.1998.', { timeout: 30_000 });
  await expect(second.locator('#summary')).toContainText('4.000 Transaktionen von 900 Kunden', { timeout: 30_000 });
  await expect(first.locator('#segments tr[data-segment="champions"] td').nth(1)).toHaveText('4.135');
  expect(await second.evaluate((e) => e.result.channels.map((c) => c.channel).sort())).toEqual(['Messe', 'Newsletter', 'SEO']);
});

test('Cancel: visible and focused while an analysis runs, by keyboard; the choices are kept and the element works at once', async ({ page }) => {
  await page.goto(PAGE);
  const el = page.locator('customer-segmenter');
  const file = await largeFile(page);
  await el.evaluate((e, f) => e.open(f), file);
  await el.locator('#months').fill('24');
  await el.locator('#analyze').click();
  const cancel = el.locator('#cancel');
  await expect(cancel).toHaveText('Abbrechen');
  await expect(cancel).toBeFocused();
  await expect(el.locator('#progress')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(el.locator('#error')).toHaveText('Auswertung abgebrochen. Ihre Angaben sind erhalten: Sie können sie anpassen und erneut auswerten.');
  await expect(el.locator('#months')).toHaveValue('24');
  await expect(el.locator('#analyze')).toBeFocused();
  // At once: another file, analysed while the worker still drops the cancelled one.
  await el.locator('#another').click();
  await el.locator('input#file').setInputFiles(CDNOW);
  await el.locator('#analyze').click();
  await expect(el.locator('#summary')).toHaveText('69.659 Transaktionen von 23.570 Kunden, Umsatz 2.500.315,63 €, beobachtet bis 30.06.1998.');
  expect(await el.evaluate((e) => e.result.customers.count)).toBe(23570);
  // In English.
  await el.evaluate((e) => e.setAttribute('locale', 'en'));
  await el.evaluate((e, f) => e.open(f), file);
  await el.locator('#analyze').click();
  await expect(el.locator('#cancel')).toHaveText('Cancel');
  await el.locator('#cancel').click();
  await expect(el.locator('#error')).toHaveText('Analysis cancelled. Your choices are kept: adjust them and analyse again.');
});

test('a second file dropped while the first is analysed replaces it: its results, never the first one\'s', async ({ page }) => {
  await page.goto(PAGE);
  const el = page.locator('customer-segmenter');
  const file = await largeFile(page);
  await el.evaluate((e, f) => e.open(f), file);
  await el.locator('#analyze').click();
  await expect(el.locator('#cancel')).toBeVisible();
  // Dropped onto the element while the progress shows (there is no drop zone then).
  await dropFile(page, 'export.csv', GERMAN, 'text/csv', el);
  await expect(el.locator('#col-customer')).toHaveValue('0');
  await expect(el.locator('#decimal')).toHaveValue(',');
  await el.locator('#analyze').click();
  await expect(el.locator('#summary')).toContainText('4.000 Transaktionen von 900 Kunden', { timeout: 30_000 });
  await page.waitForTimeout(3000); // long enough for the large file to have finished, had it gone on
  await expect(el.locator('#summary')).toContainText('4.000 Transaktionen von 900 Kunden');
  expect(await el.evaluate((e) => e.result.customers.count)).toBe(900);
});

test('the cohort table shows real shares: month 0 is 100 %, later months active / customers', async ({ page }) => {
  await page.goto(PAGE);
  const el = page.locator('customer-segmenter');
  await el.locator('input#file').setInputFiles(CDNOW);
  await el.locator('#analyze').click();
  await expect(el.locator('#cohorts tbody tr')).toHaveCount(3);
  const table = el.locator('#cohorts');
  await expect(table).not.toContainText('NaN');
  const first = table.locator('tbody tr').first().locator('td');
  await expect(first.nth(0)).toHaveText('Jan. 1997'); // the month as Germans name it
  await expect(first.nth(1)).toHaveText('7.846');
  expect(plain(await first.nth(2).textContent())).toBe('100 %');
  const cohorts = await el.evaluate((e) => e.result.cohorts.map((c) => ({ customers: c.customers, active: Array.from(c.active), months: c.retention.length })));
  const pct = new Intl.NumberFormat('de-DE', { style: 'percent', maximumFractionDigits: 0 }); // the heatmap's whole percents
  for (const [row, k] of [[0, 1], [0, 5], [0, 17], [1, 3], [2, 15]]) {
    const cell = table.locator('tbody tr').nth(row).locator('td').nth(2 + k);
    expect(plain(await cell.textContent()), `cohort ${row}, month ${k}`).toBe(plain(pct.format(cohorts[row].active[k] / cohorts[row].customers)));
  }
  // Every row has a cell per month column: the later cohorts' missing months are empty.
  const width = Math.max(...cohorts.map((c) => c.months));
  for (let row = 0; row < 3; row++) await expect(table.locator('tbody tr').nth(row).locator('td')).toHaveCount(2 + width);
  expect(cohorts[2].months).toBeLessThan(width);
  expect(await table.locator('tbody tr').nth(2).locator('td').last().textContent()).toBe('');
});
