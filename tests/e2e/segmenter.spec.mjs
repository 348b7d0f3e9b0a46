// <customer-segmenter> in Chromium, as an analyst uses it: drop the CDNOW master file,
// confirm the columns, watch the progress, read the segments, download the scores.
import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { dropFile, largeFile } from './helpers.mjs';

const PAGE = '/www/segmenter.html';
const CDNOW = new URL('../fixtures/CDNOW_master.txt', import.meta.url).pathname;

test('drop the CDNOW master file, confirm the columns, see the segments and download the scores', async ({ page }) => {
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (r) => { if (!r.url().startsWith('http://localhost:')) problems.push(`left localhost: ${r.url()}`); });
  await page.goto(PAGE);
  await dropFile(page, 'CDNOW_master.txt', readFileSync(CDNOW, 'latin1'), 'text/plain');

  // The detected mapping, for a person to confirm.
  const el = page.locator('customer-segmenter');
  await expect(el.locator('#col-customer')).toHaveValue('0');
  await expect(el.locator('#col-date')).toHaveValue('1');
  await expect(el.locator('#col-amount')).toHaveValue('3');
  await expect(el.locator('#dateFormat')).toHaveValue('YYYYMMDD');
  await expect(el.locator('#analyze')).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(el.locator('#summary')).toHaveText('69.659 Transaktionen von 23.570 Kunden, Umsatz 2.500.315,63 €, beobachtet bis 30.06.1998.', { timeout: 30_000 });
  await expect(el.locator('#segments tbody tr')).toHaveCount(10);
  await expect(el.locator('#segments tr[data-segment="champions"] td').nth(1)).toHaveText('4.135');
  await expect(el.locator('#cohorts tbody tr')).toHaveCount(3); // first purchases in January to March 1997
  const result = await el.evaluate((e) => ({ count: e.result.customers.count, tiers: e.result.tiers.map((t) => t.customers) }));
  expect(result.count).toBe(23570);
  expect(result.tiers.reduce((a, b) => a + b)).toBe(23570);

  const [download] = await Promise.all([page.waitForEvent('download'), el.locator('#download').click()]);
  // German conventions: a byte order mark, `;`, decimal comma, 31.12.1997, German words.
  expect(download.suggestedFilename()).toBe('kundenwerte.csv');
  const bytes = readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = bytes.toString('utf8').slice(1).trim().split('\r\n');
  expect(csv[0]).toBe('Kunde;Segment;Nächste beste Aktion;Wertklasse;Umsatz;Käufe;Wiederholungskäufe (Tage);Erster Kauf;Letzter Kauf;Tage seit dem letzten Kauf;'
    + 'Erster bis letzter Kauf (Wochen);Kunde seit (Wochen);Ø Wert je Wiederholungskauf;R-Wert (1–5);F-Wert (1–5);M-Wert (1–5);'
    + 'Wahrscheinlichkeit aktiv;Erwartete Käufe (12 Monate);Erwarteter Wert je Kauf;Kundenwert Prognose (12 Monate)');
  expect(csv).toHaveLength(23571);
  // Customer 00002: two rows on 1997-01-12 (one purchase day), 89 dollars, nothing more.
  expect(csv.find((l) => l.startsWith('00002;'))).toMatch(/^00002;Gefährdet;"Persönliche Rückgewinnungs-Nachrichten und Angebote; nachfragen, was nicht gepasst hat\.";A;89;2;0;12\.01\.1997;12\.01\.1997;534;0;76,2857;0;1;3;4;/);
  expect(problems).toEqual([]);
});

test('bad rows are reported with their line; formulas in ids are defused in the download', async ({ page }) => {
  await page.goto(PAGE);
  // -2+3 buys for 1,00 and gets 3,00 refunded (a negative total); K-5 has a refund only.
  const text = 'Kunde;Datum;Betrag\n=HYPERLINK("http://x");01.02.2024;10,00\n@SUM(A1);02.02.2024;5,00\nK-3;31.02.2024;7,00\nK-4;03.02.2024;zehn\n-2+3;04.02.2024;1,00\n-2+3;05.02.2024;-3,00\nK-5;06.02.2024;-2,00\n';
  await dropFile(page, 'export.csv', text);
  const el = page.locator('customer-segmenter');
  await expect(el.locator('#decimal')).toHaveValue(',');
  await el.locator('#analyze').click();
  await expect(el.locator('#rejected-summary')).toHaveText('3 Zeilen nicht verwendet: Datum nicht lesbar 1, Betrag nicht lesbar 1, Kunde nur mit Erstattungen 1');
  await el.locator('details summary').click();
  await expect(el.locator('.rejected tbody tr')).toHaveText([/^4\s*Datum nicht lesbar\s*K-3;31\.02\.2024;7,00$/, /^5\s*Betrag nicht lesbar\s*K-4;03\.02\.2024;zehn$/]);
  const csv = await el.evaluate((e) => e.csv());
  const ids = csv.trim().split('\r\n').slice(1).map((l) => l.split(';')[0]);
  expect(ids).toEqual(['"\'=HYPERLINK(""http://x"")"', "'@SUM(A1)", "'-2+3"]); // quoted, as it holds quotes
  // A negative total stays a number (Umsatz -2); a refund is no purchase (Käufe 1, Wiederholungskäufe 0).
  expect(csv.split('\r\n').find((l) => l.startsWith("'-2+3;"))).toMatch(/^'-2\+3;[^\r]*;-2;1;0;\d\d\.02\.2024;/);
});

test('a file that is no transaction export gets a clear message, and the page stays usable', async ({ page }) => {
  await page.goto(PAGE);
  await dropFile(page, 'notes.txt', 'just some text\nwithout dates\n');
  const el = page.locator('customer-segmenter');
  await expect(el.locator('#error')).toContainText('columns.date');
  await expect(el.locator('#drop')).toBeVisible();
});

test('keyboard: choose a file through the labelled input; axe finds no violations', async ({ page }) => {
  await page.goto(PAGE);
  await page.locator('customer-segmenter input#file').setInputFiles(CDNOW);
  const el = page.locator('customer-segmenter');
  await expect(el.locator('#analyze')).toBeFocused();
  let results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => v.id)).toEqual([]);
  await page.keyboard.press('Enter');
  await expect(el.locator('#segments')).toBeVisible({ timeout: 30_000 });
  results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});

test('the forecast: CLV, probability alive and the model check on the CDNOW master file, in English', async ({ page }) => {
  await page.goto(PAGE);
  await page.locator('customer-segmenter').evaluate((e) => e.setAttribute('locale', 'en'));
  await page.locator('customer-segmenter input#file').setInputFiles(CDNOW);
  const el = page.locator('customer-segmenter');
  await expect(el.locator('#model')).toHaveValue('bg-nbd');
  await el.locator('#calibration').fill('1997-09-30');
  await el.locator('#analyze').click();
  await expect(el.locator('#forecast-title')).toHaveText('Forecast for the next 12 months', { timeout: 30_000 });
  await expect(el.locator('#forecast')).toContainText('purchases worth');
  await expect(el.locator('#top tbody tr')).toHaveCount(10);
  // The most valuable customers to come, largest forecast CLV first.
  const best = await el.evaluate((e) => {
    const { clv } = e.result.models.customers;
    return Array.from(clv.keys()).sort((a, b) => clv[b] - clv[a]).slice(0, 10).map((i) => e.result.customers.id[i]);
  });
  expect(await el.locator('#top tbody tr td:first-child').allTextContents()).toEqual(best);
  await expect(el.locator('#lost-title')).toContainText('Valuable customers (tier A) who are probably lost');
  // The check: fitted on the 39 weeks to 1997-09-30, compared with the 39 weeks after.
  await expect(el.locator('#holdout-title')).toHaveText('Model check: predicted and actual purchases after 09/30/1997');
  await expect(el.locator('#holdout tbody tr')).toHaveCount(8);
  const check = await el.evaluate((e) => {
    const m = e.result.models;
    return { actual: m.holdout.actual, predicted: m.holdout.predicted, customers: m.holdout.customers, clv: m.customers.clv.length, r: m.holdout.purchase.params.r };
  });
  expect(check.customers).toBe(23570);
  expect(check.clv).toBe(23570);
  expect(Math.abs(check.predicted - check.actual) / check.actual).toBeLessThan(0.2); // the model tracks the holdout
  const csv = (await el.evaluate((e) => e.csv())).trim().split('\r\n');
  expect(csv[0]).toMatch(/,Probability active,Expected purchases \(12 months\),Expected value per purchase,Customer value forecast \(12 months\)$/);
  const last = csv[1].split(',').slice(-4).map(Number);
  expect(last[0]).toBeGreaterThanOrEqual(0);
  expect(last[0]).toBeLessThanOrEqual(1);
});

test('no forecast when the site owner turns it off; a forecast that cannot be made says why', async ({ page }) => {
  await page.goto(PAGE);
  await page.locator('customer-segmenter').evaluate((e) => e.setAttribute('model', 'off'));
  await dropFile(page, 'one.csv', 'Kunde;Datum;Betrag\nA;01.02.2024;10,00\nB;02.02.2024;5,00\n');
  const el = page.locator('customer-segmenter');
  await expect(el.locator('#model')).toHaveValue('off');
  await el.locator('#analyze').click();
  await expect(el.locator('#segments')).toBeVisible();
  await expect(el.locator('#forecast-title')).toHaveCount(0);
  await el.locator('#another').click();
  await dropFile(page, 'one.csv', 'Kunde;Datum;Betrag\nA;01.02.2024;10,00\nB;02.02.2024;5,00\n');
  await el.locator('#model').selectOption('bg-nbd');
  await el.locator('#analyze').click();
  await expect(el.locator('#forecast-problem')).toContainText('Keine Prognose möglich');
});

// ---- Cancel and a second file during the model fit --------------------------------------

/** A German export of 4,000 rows, 900 customers, and its revenue worked out here. */
const GERMAN_ROWS = Array.from({ length: 4000 }, (_, i) => [`K-${i % 900}`, `${String(1 + (i % 28)).padStart(2, '0')}.${String(1 + (i % 12)).padStart(2, '0')}.2024`, (i % 97) + 1.5]);
const GERMAN = 'Kunde;Datum;Betrag\n' + GERMAN_ROWS.map(([c, d, a]) => `${c};${d};${String(a).replace('.', ',')}`).join('\n') + '\n';
const GERMAN_REVENUE = new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(GERMAN_ROWS.reduce((s, r) => s + r[2], 0));

/** The analysis workers the page starts, each with a promise of its end (terminate or close). */
function watchWorkers(page) {
  const workers = [];
  page.on('worker', (w) => {
    if (w.url().includes('analysis-worker')) workers.push({ url: w.url(), closed: new Promise((resolve) => w.on('close', resolve)) });
  });
  return workers;
}

test('Cancel during the model fit: the worker ends at once, the element is usable, the next file gives its own figures', async ({ page }) => {
  const workers = watchWorkers(page);
  await page.goto(PAGE);
  const el = page.locator('customer-segmenter');
  await el.evaluate((e, f) => e.open(f), await largeFile(page));
  await el.locator('#model').selectOption('pareto-nbd');
  await el.locator('#months').fill('24');
  // The model phase lasts about half a second here: the press on Cancel comes from the page
  // the moment it begins (a loaded machine may take longer than that between two steps of a
  // test), with what the person sees at that moment recorded.
  await el.evaluate((e) => {
    window.kwSeen = [];
    new MutationObserver(() => {
      const progress = e.shadowRoot.getElementById('progress');
      const status = e.shadowRoot.getElementById('status')?.textContent;
      if (status && window.kwSeen.at(-1) !== status) window.kwSeen.push(status);
      if (progress?.dataset.phase === 'models' && !window.kwCancelled) {
        window.kwCancelled = { indeterminate: !progress.hasAttribute('value'), status };
        e.shadowRoot.getElementById('cancel').click();
      }
    }).observe(e.shadowRoot, { subtree: true, attributes: true, childList: true, characterData: true });
  });
  await el.locator('#analyze').click();
  // The phases as the person saw them: reading, the segments, then the model, the bar indeterminate.
  await expect(el.locator('#error')).toHaveText('Auswertung abgebrochen. Ihre Angaben sind erhalten: Sie können sie anpassen und erneut auswerten.', { timeout: 60_000 });
  const analysing = workers.at(-1);
  const seen = await page.evaluate(() => ({ cancelled: window.kwCancelled, seen: window.kwSeen }));
  expect(seen.seen.some((s) => s.startsWith('Datei wird gelesen'))).toBe(true);
  expect(seen.cancelled).toEqual({ indeterminate: true, status: 'Das Prognosemodell wird angepasst und die Prognose berechnet. Bei großen Dateien dauert das einige Sekunden.' });
  await expect(el.locator('#analyze')).toBeFocused();
  await expect(el.locator('#model')).toHaveValue('pareto-nbd');
  await expect(el.locator('#months')).toHaveValue('24');
  await analysing.closed; // terminated, not left to finish the fit
  // The next file: its own figures, worked out in this test.
  await el.locator('#another').click();
  await el.locator('input#file').setInputFiles({ name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from(GERMAN) });
  await el.locator('#model').selectOption('off');
  await el.locator('#analyze').click();
  await expect(el.locator('#summary')).toHaveText(`4.000 Transaktionen von 900 Kunden, Umsatz ${GERMAN_REVENUE}, beobachtet bis 28.12.2024.`);
  const r = await el.evaluate((e) => ({ count: e.result.customers.count, ids: e.result.customers.id.slice(0, 3), total: e.result.customers.total[0] }));
  expect(r.count).toBe(900);
  expect(r.ids).toEqual(['K-0', 'K-1', 'K-2']);
  // K-0 buys in rows 0, 900, 1800, 2700, 3600: amounts (i % 97) + 1.5.
  expect(r.total).toBeCloseTo([0, 900, 1800, 2700, 3600].reduce((s, i) => s + (i % 97) + 1.5, 0), 9);
  // Every analysis worker has ended: none is left computing.
  await Promise.all(workers.map((w) => w.closed));
});

test('a second file dropped during the first one\'s model fit: only the second one\'s results', async ({ page }) => {
  const workers = watchWorkers(page);
  await page.goto(PAGE);
  const el = page.locator('customer-segmenter');
  await el.evaluate((e, f) => e.open(f), await largeFile(page));
  await el.locator('#model').selectOption('pareto-nbd');
  // The model phase lasts about half a second here, shorter than a loaded machine may take
  // between two polls of a test: the page drops the second file itself the moment the phase
  // begins, after telling the test which workers run the first file's analysis.
  let first = null;
  await page.exposeFunction('kwModels', () => { first = [...workers]; });
  await el.evaluate((e, text) => {
    new MutationObserver(async (_, observer) => {
      if (e.shadowRoot.getElementById('progress')?.dataset.phase !== 'models') return;
      observer.disconnect();
      await window.kwModels();
      const dt = new DataTransfer();
      dt.items.add(new File([text], 'export.csv', { type: 'text/csv' }));
      for (const type of ['dragover', 'drop']) e.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }).observe(e.shadowRoot, { subtree: true, attributes: true, childList: true });
  }, GERMAN);
  await el.locator('#analyze').click();
  await expect.poll(() => first, { timeout: 60_000 }).not.toBeNull();
  expect(first.length).toBeGreaterThan(0);
  await Promise.all(first.map((w) => w.closed)); // ended by the drop, not left to finish the fit
  await expect(el.locator('#decimal')).toHaveValue(',');
  await el.locator('#analyze').click();
  await expect(el.locator('#summary')).toHaveText(`4.000 Transaktionen von 900 Kunden, Umsatz ${GERMAN_REVENUE}, beobachtet bis 28.12.2024.`, { timeout: 30_000 });
  expect(await el.evaluate((e) => e.result.customers.count)).toBe(900);
  await Promise.all(workers.map((w) => w.closed)); // the first one's fit can deliver nothing any more
  await expect(el.locator('#summary')).toContainText('900 Kunden');
  expect(await el.evaluate((e) => [e.result.rows.used, e.result.customers.id.length])).toEqual([4000, 900]);
});
