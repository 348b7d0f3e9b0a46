// <customer-segmenter> with a per-customer summary instead of transactions, in Chromium: the
// CDNOW master summary as DuckDB writes it (tests/fixtures/summary/make.py) dropped in as
// Parquet, Arrow and a German CSV; the forecast on screen equals kundenwert/models' own fit
// and predictions on the same file, in German and in English; RFM segments and tiers as the
// transactions give them; the note that cohorts and channels need transactions.
import { expect, test } from '@playwright/test';
import { summaryFixtures } from '../js/summary-fixtures.mjs';
import { plain } from './helpers.mjs';

const PAGE = '/www/segmenter.html';
const dir = summaryFixtures();

/** The API's figures for a summary file, computed in the page from the same bytes. */
function apiFigures(page, name, locale) {
  return page.evaluate(async ({ name, locale }) => {
    const m = await import('/dist/models.js');
    const { formatters } = await import('/dist/elements/format.js');
    await m.init();
    const bytes = new Uint8Array(await (await fetch(`/target/summary-fixtures/${name}`)).arrayBuffer());
    const s = await m.readSummary(bytes);
    const bg = m.fitBgNbd(s);
    const gg = m.fitGammaGamma(s);
    const alive = bg.probabilityAlive(s);
    const purchases = bg.expectedPurchases(12 * 4.345, s);
    const clv = m.customerLifetimeValue(bg, gg, s, { months: 12, discountRate: 0.01, periodUnit: 'week', grossMargin: 1 });
    const w = (i) => (s.count ? s.count[i] : 1);
    let p = 0;
    let c = 0;
    let a = 0;
    let best = 0;
    for (let i = 0; i < s.rows; i++) {
      p += w(i) * purchases[i];
      c += w(i) * clv[i];
      if (alive[i] >= 0.5) a += w(i);
      if (clv[i] > clv[best]) best = i;
    }
    const f = formatters(locale, 'EUR');
    return {
      purchases: f.number(p, 0), clv: f.money(c), alive: f.percent(a / s.customers),
      best: s.customer?.[best], bestClv: f.money(clv[best]), bestAlive: f.percent(alive[best]), r: f.number(bg.params.r, 3),
    };
  }, { name, locale }).then((x) => Object.fromEntries(Object.entries(x).map(([k, v]) => [k, typeof v === 'string' ? plain(v) : v])));
}

async function open(page, name, locale) {
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('request', (r) => { if (!r.url().startsWith('http://localhost:')) problems.push(`left localhost: ${r.url()}`); });
  await page.goto(PAGE);
  const el = page.locator('customer-segmenter');
  if (locale) await el.evaluate((e, l) => e.setAttribute('locale', l), locale);
  await el.locator('#file').setInputFiles(`${dir}/${name}`);
  return { el, problems };
}

test('a Parquet summary: the forecast on screen is the API\'s, with segments and tiers, in German and English', async ({ page }) => {
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  const { el, problems } = await open(page, 'summary.parquet');
  await expect(el.locator('#summary-detected')).toHaveText('Kundenübersicht erkannt in „summary.parquet“: Parquet');
  await expect(el.locator('#analyze')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(el.locator('#summary')).toHaveText('23.570 Kunden aus der Kundenübersicht „summary.parquet“.', { timeout: 30_000 });
  await expect(el.locator('#summary-note')).toContainText('Kohorten und Akquisitionskanäle lassen sich aus einer Kundenübersicht nicht berechnen');
  const de = await apiFigures(page, 'summary.parquet', 'de-DE');
  expect(plain(await el.locator('#forecast').textContent()))
    .toBe(`Erwartet werden ${de.purchases} Käufe mit einem Kundenwert (abgezinst) von zusammen ${de.clv}; ${de.alive} der Kunden sind wahrscheinlich noch aktiv.`);
  await expect(el.locator('#forecast-title')).toHaveText('Prognose für die nächsten 12 Monate');
  const first = el.locator('#top tbody tr').first().locator('td');
  await expect(first.nth(0)).toHaveText(de.best);
  expect(plain(await first.nth(1).textContent())).toBe(de.bestAlive);
  expect(plain(await first.nth(4).textContent())).toBe(de.bestClv);
  expect(plain(await el.locator('#fit').textContent())).toContain(`r = ${de.r}`);
  // RFM and tiers from recency_days, purchases and total: those of the transactions (the
  // analysis of CDNOW master has 4,135 champions and 7,695 customers in tier A).
  await expect(el.locator('#segments tr[data-segment="champions"] td').nth(1)).toHaveText('4.135');
  await expect(el.locator('#segments tr[data-segment="champions"] td').first()).toHaveText('Champions');
  await expect(el.locator('#tier-chart')).toContainText('A: 32,6 % der Kunden');
  const result = await el.evaluate((e) => ({ kind: e.result.kind, tiers: e.result.tiers.map((t) => t.customers) }));
  expect(result).toEqual({ kind: 'summary', tiers: [7695, 8044, 7831] });
  // The Parquet reader came (once), not the Arrow one or the zstd/gzip codecs (read.js and
  // csv.js are kundenwert/models' own, loaded with the models).
  const readers = requests.filter((p) => /^\/dist\/summary\/(parquet|parquet-codecs|arrow)\.js$/.test(p));
  expect(readers).toEqual(['/dist/summary/parquet.js']);

  // English: the same figures in English conventions.
  await el.evaluate((e) => e.setAttribute('locale', 'en'));
  await expect(el.locator('#summary')).toHaveText('23,570 customers from the customer summary “summary.parquet”.');
  const en = await apiFigures(page, 'summary.parquet', 'en');
  expect(plain(await el.locator('#forecast').textContent()))
    .toBe(`Expected: ${en.purchases} purchases worth ${en.clv} in total (discounted customer value); ${en.alive} of the customers are probably still active.`);
  await expect(el.locator('#summary-note')).toContainText('Cohorts and acquisition channels cannot be computed from a customer summary');
  await expect(el.locator('#segments tr[data-segment="cant-lose-them"] td').first()).toHaveText("Can't lose them");
  expect(problems).toEqual([]);
});

test('an Arrow IPC stream and a German CSV summary are detected and give the same forecast', async ({ page }) => {
  const { el, problems } = await open(page, 'summary.arrows', 'en');
  await expect(el.locator('#summary-detected')).toHaveText('Customer summary detected in “summary.arrows”: Arrow IPC');
  await el.locator('#analyze').click();
  const en = await apiFigures(page, 'summary.parquet', 'en');
  await expect(el.locator('#forecast')).toContainText(en.clv, { timeout: 30_000 });
  await el.locator('#another').click();
  await el.locator('#file').setInputFiles(`${dir}/summary-de.csv`);
  await expect(el.locator('#summary-detected')).toHaveText('Customer summary detected in “summary-de.csv”: CSV');
  await el.locator('#analyze').click();
  await expect(el.locator('#forecast')).toContainText(en.clv, { timeout: 30_000 });
  expect(problems).toEqual([]);
});

test('a summary without total, or with a bad row, says what it lacks and which row is wrong', async ({ page }) => {
  await page.goto(PAGE);
  const el = page.locator('customer-segmenter');
  const drop = async (name, text) => el.locator('#file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await drop('kurz.csv', 'customer_id,frequency,recency,T\na,2,5,10\nb,0,0,8\nc,1,3,9\nd,3,6,7\ne,0,0,10\n');
  await el.locator('#analyze').click();
  await expect(el.locator('#summary-note')).toContainText('Für Wertklassen (ABC) fehlt je Kunde der Umsatz (Spalte „total“).');
  await expect(el.locator('#forecast-problem')).toHaveText('Ohne die Spalte „monetary“ (durchschnittlicher Wert der Wiederholungskäufe) gibt es keinen Kundenwert, nur die erwarteten Käufe.');
  await expect(el.locator('#segments')).toHaveCount(0);
  await el.locator('#another').click();
  await drop('falsch.csv', 'customer_id,frequency,recency,T\na,2,5,10\nb,1,12,8\n');
  await el.locator('#analyze').click();
  await expect(el.locator('#error')).toHaveText('recency[1]: recency on row 2 (line 3) is more than T (12 > 8): the last purchase cannot come after the end of observation');
  await expect(el.locator('#analyze')).toBeVisible(); // the form again, to try another file
});

// kundenwert/models weighs rows by `count`: the grouped file's forecast is the ungrouped one's.
test('a grouped summary (count) gives the forecast of the ungrouped one', async ({ page }) => {
  const { el } = await open(page, 'grouped.arrow');
  await el.locator('#analyze').click();
  await expect(el.locator('#summary')).toHaveText('23.570 Kunden in 11.590 Kaufhistorien aus der Kundenübersicht „grouped.arrow“.', { timeout: 30_000 });
  const de = await apiFigures(page, 'summary.parquet', 'de-DE');
  expect(plain(await el.locator('#forecast').textContent()))
    .toBe(`Erwartet werden ${de.purchases} Käufe mit einem Kundenwert (abgezinst) von zusammen ${de.clv}; ${de.alive} der Kunden sind wahrscheinlich noch aktiv.`);
  await expect(el.locator('#summary-note')).toContainText('Wertklassen und RFM-Segmente brauchen eine Zeile je Kunde');
});
