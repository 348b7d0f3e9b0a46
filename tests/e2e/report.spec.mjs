// The customer report in Chromium, as a German marketer uses it: a Windows-1252 semicolon
// export and an Excel workbook go in; the summary, the localised dates, the cohort heatmap,
// the channel spend table and LTV:CAC per channel are read off the page; every download is
// parsed back (the CSV by hand, the workbook by openpyxl) and compared with el.result.
// Screenshots at 375 and 1280 px and a PDF of the print view land in test-results/.
import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dropFile, plain, watch } from './helpers.mjs';
import { dumpXlsx, writeXlsxWithOpenpyxl } from '../js/openpyxl.mjs';
import { parseCsv } from '../js/csv.mjs';
import { sampleExport, sampleChannelCosts } from '../../js/report/sample.js';

const PAGE = '/www/segmenter.html';
const ARTIFACTS = fileURLToPath(new URL('../../test-results/report/', import.meta.url));


/** The sample export as an older German shop system writes it: Windows-1252, semicolons. */
function windows1252(text) {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) throw new Error(`not Latin-1: ${text[i]}`);
    bytes[i] = code;
  }
  return bytes;
}

const de = (v, digits = 2) => new Intl.NumberFormat('de-DE', { maximumFractionDigits: digits }).format(v);
const euro = (v) => plain(new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(v));
const pct = (v) => plain(new Intl.NumberFormat('de-DE', { style: 'percent', maximumFractionDigits: 1 }).format(v));
const ddmmyyyy = (iso) => iso.split('-').reverse().join('.');

/** Where the screenshots, the PDF and the workbooks go (Playwright empties test-results/ first). */
function artifacts() {
  mkdirSync(ARTIFACTS, { recursive: true });
  return ARTIFACTS;
}

async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()), path: await file.path() };
}

/** The Excel workers the page starts, and whether the main-thread reader and writer was loaded. */
function watchExcel(page) {
  const seen = { workers: [], mainThread: false };
  page.on('worker', (w) => { if (w.url().includes('xlsx-worker')) seen.workers.push(w.url()); });
  page.on('request', (r) => { if (/\/report\/xlsx\.js$/.test(new URL(r.url()).pathname)) seen.mainThread = true; });
  return seen;
}

test('a German Windows-1252 export: summary, dates, spend per channel, LTV:CAC, heatmap; CSV, call list and workbook read back', async ({ page }) => {
  test.setTimeout(120_000);
  const { problems } = watch(page);
  const excel = watchExcel(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(PAGE);
  await dropFile(page, 'bestellungen.csv', windows1252(sampleExport()));
  const el = page.locator('customer-segmenter');
  await expect(el.locator('#decimal')).toHaveValue(',');
  await expect(el.locator('#dateFormat')).toHaveValue('DD.MM.YYYY');
  await el.locator('#analyze').click();
  await expect(el.locator('#report-summary')).toBeVisible();
  const r = await el.evaluate((e) => {
    const x = e.result;
    let first = Infinity;
    for (const d of x.customers.firstDay) first = Math.min(first, d);
    return {
      count: x.customers.count, revenue: x.revenue, end: x.observationEnd, first: new Date(first * 864e5).toISOString().slice(0, 10),
      tiers: x.tiers, channels: x.channels, cohorts: x.cohorts.map((c) => ({ month: c.month, customers: c.customers, retention: Array.from(c.retention) })),
      segments: x.segments, lost: Array.from(x.models.likelyLost), total: Array.from(x.customers.total), ids: x.customers.id,
      channelNames: x.channelNames,
    };
  });
  expect(r.channelNames).toContain('Fachhändler'); // Windows-1252 read as such

  // The one-line summary and the plain-language summary, dates as Germans write them.
  expect(plain(await el.locator('#summary').textContent())).toBe(`3.000 Transaktionen von ${de(r.count, 0)} Kunden, Umsatz ${euro(r.revenue)}, beobachtet bis 31.12.2024.`);
  const finding = async (key) => plain(await el.locator(`#report-summary li[data-key="${key}"] .finding`).textContent());
  expect(await finding('customers')).toBe(`${de(r.count, 0)} Kunden haben vom ${ddmmyyyy(r.first)} bis zum 31.12.2024 zusammen ${euro(r.revenue)} Umsatz gebracht.`);
  const a = r.tiers.find((t) => t.tier === 'A');
  expect(await finding('tier-a')).toBe(`Ihre ${de(a.customers, 0)} besten Kunden (Klasse A, ${pct(a.customerShare)} aller Kunden) bringen ${pct(a.revenueShare)} des Umsatzes.`);
  const lostRevenue = r.lost.reduce((s, i) => s + r.total[i], 0);
  expect(await finding('lost')).toBe(`${de(r.lost.length, 0)} wertvolle Kunden (Klasse A) kaufen wahrscheinlich nicht mehr bei Ihnen; sie haben bisher ${euro(lostRevenue)} Umsatz gebracht.`);
  await expect(el.locator('#report-summary li[data-key="channel"] .next')).toContainText('Tragen Sie unten Ihre Ausgaben je Kanal ein');
  await expect(el.locator('#lost tbody tr').first().locator('td').nth(2)).toHaveText(/^\d\d\.\d\d\.20\d\d$/);
  await expect(el).not.toContainText(/\b20\d\d-\d\d-\d\d\b/); // no ISO date anywhere in the German report

  // The cohort heatmap: month names, every cell the result's share.
  const heat = el.locator('#cohorts tbody tr');
  await expect(heat).toHaveCount(r.cohorts.length);
  await expect(heat.first().locator('td').first()).toHaveText(new Intl.DateTimeFormat('de-DE', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${r.cohorts[0].month}-01T00:00:00Z`)));
  for (const [row, k] of [[0, 0], [0, 1], [0, 5], [3, 2], [10, 7]]) {
    const cell = heat.nth(row).locator('td').nth(2 + k);
    expect(plain(await cell.textContent()), `cohort ${row}, month ${k}`).toBe(plain(new Intl.NumberFormat('de-DE', { style: 'percent', maximumFractionDigits: 0 }).format(r.cohorts[row].retention[k])));
    expect(Number(await cell.getAttribute('data-level'))).toBe(r.cohorts[row].retention[k] >= 0.4 ? 5 : r.cohorts[row].retention[k] >= 0.2 ? 4 : r.cohorts[row].retention[k] >= 0.1 ? 3 : r.cohorts[row].retention[k] >= 0.05 ? 2 : r.cohorts[row].retention[k] > 0 ? 1 : 0);
  }
  await expect(el.locator('#cohorts')).not.toContainText('NaN');

  // Channel spend: before it, no CAC; a bad entry is named; then LTV:CAC per channel.
  await expect(el.locator('#channels tbody tr').first().locator('td').nth(3)).toHaveText('–');
  await el.locator('input[data-channel="Google Ads"]').fill('zwölf');
  await el.locator('#spend-apply').click();
  await expect(el.locator('#spend-error')).toHaveText('Ausgaben für „Google Ads“: Bitte einen Betrag ab 0 eingeben, zum Beispiel 1.500 oder 1.500,50.');
  await expect(el.locator('input[data-channel="Google Ads"]')).toHaveValue('zwölf'); // what was typed stays
  for (const { channel, spend } of sampleChannelCosts()) await el.locator(`input[data-channel="${channel}"]`).fill(de(spend, 2));
  await el.locator('#spend-apply').click();
  await expect(el.locator('#channels tbody tr').first().locator('td').nth(4)).not.toHaveText('–');
  const channels = await el.evaluate((e) => e.result.channels);
  for (const { channel, spend } of sampleChannelCosts()) {
    const c = channels.find((x) => x.channel === channel);
    expect(c.spend).toBe(spend);
    const row = el.locator('#channels tbody tr', { has: page.locator(`td:text-is("${channel}")`) });
    expect(plain(await row.locator('td').nth(3).textContent())).toBe(euro(c.cac));
    expect(plain(await row.locator('td').nth(4).textContent())).toBe(`${new Intl.NumberFormat('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(c.ratio)} : 1`);
  }
  const best = [...channels].sort((x, y) => y.ratio - x.ratio)[0];
  expect(await finding('channel')).toBe(`Am besten zahlt sich „${best.channel}“ aus: Ein Kunde aus diesem Kanal bringt das ${de(best.ratio, 1)}-Fache seiner Akquisitionskosten (LTV:CAC).`);
  await expect(el.locator('input[data-channel="Empfehlung"]')).toHaveValue('1.500'); // the spend stays entered, as Germans write it

  // The CSV: BOM, ;, decimal comma, German headers, names and actions; values = el.result.
  const csv = await download(page, el.locator('#download'));
  expect(csv.name).toBe('kundenwerte.csv');
  expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = parseCsv(csv.bytes.toString('utf8').slice(1), ';');
  expect(rows[0].slice(0, 6)).toEqual(['Kunde', 'Segment', 'Nächste beste Aktion', 'Wertklasse', 'Kanal', 'Umsatz']);
  expect(rows).toHaveLength(r.count + 1);
  const result = await el.evaluate((e) => ({
    ids: e.result.customers.id, total: Array.from(e.result.customers.total), first: Array.from(e.result.customers.firstDay, (d) => new Date(d * 864e5).toISOString().slice(0, 10)),
    segment: Array.from(e.result.customers.segment), clv: Array.from(e.result.models.customers.clv), segments: e.result.segments.map((s) => s.segment),
  }));
  const col = (name) => rows[0].indexOf(name);
  const names = { champions: 'Champions', loyal: 'Treue Kunden', 'potential-loyalists': 'Potenziell treu', new: 'Neue Kunden', promising: 'Vielversprechend', 'need-attention': 'Brauchen Aufmerksamkeit', 'about-to-sleep': 'Drohen einzuschlafen', 'at-risk': 'Gefährdet', 'cant-lose-them': 'Nicht verlieren', hibernating: 'Inaktiv' };
  for (let i = 0; i < r.count; i += 37) {
    const row = rows[i + 1];
    expect(row[0]).toBe(result.ids[i]);
    expect(Number(row[col('Umsatz')].replace(',', '.'))).toBeCloseTo(result.total[i], 2);
    expect(row[col('Erster Kauf')]).toBe(ddmmyyyy(result.first[i]));
    expect(row[col('Segment')]).toBe(names[result.segments[result.segment[i]]]);
    expect(Number(row[col('Kundenwert Prognose (12 Monate)')].replace(',', '.'))).toBeCloseTo(result.clv[i], 2);
  }
  expect(rows[1][col('Nächste beste Aktion')]).toMatch(/\.$/);
  expect(csv.bytes.toString('utf8')).not.toMatch(/NaN|Infinity|undefined|cant-lose-them/);

  // A call list: the segment "Gefährdet" alone, most valuable first.
  const list = await download(page, el.locator('#segments button.list[data-segment="at-risk"]'));
  expect(list.name).toBe('kundenliste-gefaehrdet.csv');
  const listRows = parseCsv(list.bytes.toString('utf8').slice(1), ';');
  const atRisk = r.segments.find((s) => s.segment === 'at-risk');
  expect(listRows).toHaveLength(atRisk.customers + 1);
  expect(listRows.slice(1).every((x) => x[1] === 'Gefährdet')).toBe(true);
  const values = listRows.slice(1).map((x) => Number(x[col('Kundenwert Prognose (12 Monate)')].replace(',', '.')));
  expect(values).toEqual([...values].sort((x, y) => y - x));

  // The workbook, read by openpyxl.
  const book = await download(page, el.locator('#download-xlsx'));
  expect(book.name).toBe('kundenbericht.xlsx');
  // Written off the main thread: in the Excel worker, the main-thread writer never loaded.
  expect(excel.workers).toHaveLength(1);
  expect(excel.mainThread).toBe(false);
  const sheets = dumpXlsx(book.path);
  expect(sheets.map((s) => s.name).slice(0, 5)).toEqual(['Zusammenfassung', 'Kunden', 'Segmente', 'Kanäle', 'Kohorten']);
  const summarySheet = sheets[0].rows.map((row) => row.map((c) => c[0]));
  expect(summarySheet[1][0]).toBe(await finding('customers'));
  const kanal = sheets.find((s) => s.name === 'Kanäle').rows.map((row) => row.map((c) => c[0]));
  for (const c of channels) {
    const row = kanal.find((x) => x[0] === c.channel);
    expect(row[4]).toBe(c.spend);
    expect(row[6]).toBeCloseTo(c.ratio, 5);
  }
  const kunden = sheets.find((s) => s.name === 'Kunden').rows;
  expect(kunden).toHaveLength(r.count + 1);
  expect(kunden[1][0][0]).toBe(result.ids[0]);
  expect(kunden[1][5][0]).toBeCloseTo(result.total[0], 2);
  expect(sheets.find((s) => s.name === 'Gefährdet').rows).toHaveLength(atRisk.customers + 1);

  // Fits the card at 1280 px; screenshots for a person to look at.
  const overflow = await el.evaluate((e) => {
    const card = e.shadowRoot.querySelector('.card');
    return [...e.shadowRoot.querySelectorAll('table')].filter((t) => !t.closest('.scroll') && t.getBoundingClientRect().right > card.getBoundingClientRect().right + 0.5).map((t) => t.id);
  });
  expect(overflow).toEqual([]);
  await page.screenshot({ path: `${artifacts()}report-1280.png`, fullPage: true });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  expect(problems).toEqual([]);
});

test('the sample in one click, at 375 px: every table fits, nothing cut off; axe clean; print view as one PDF', async ({ page }) => {
  test.setTimeout(90_000);
  const { problems } = watch(page);
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(PAGE);
  const el = page.locator('customer-segmenter');
  await el.locator('#sample').click();
  await expect(el.locator('#report-summary li')).toHaveCount(4);
  // The sample comes with its spend, so the channels are rated at once.
  await expect(el.locator('#report-summary li[data-key="channel"] .finding')).toContainText('Am besten zahlt sich');
  await expect(el.locator('#channels tbody tr').first().locator('td').nth(4)).toHaveText(/^\d+,\d : 1$/);
  const overflow = await el.evaluate((e) => {
    const card = e.shadowRoot.querySelector('.card').getBoundingClientRect();
    const out = [];
    for (const node of e.shadowRoot.querySelectorAll('table, td, th, button, p, h3')) {
      if (node.closest('.scroll')) continue; // the heatmap scrolls inside its own region
      if (node.closest('thead') && getComputedStyle(node.closest('thead')).position === 'absolute') continue; // headers of a stacked table: for screen readers only
      const b = node.getBoundingClientRect();
      if (b.width && (b.right > card.right + 0.5 || b.left < card.left - 0.5)) out.push(`${node.tagName} ${node.id || node.className} ${node.textContent.slice(0, 30)}`);
    }
    return { out, page: document.documentElement.scrollWidth };
  });
  expect(overflow.out).toEqual([]);
  expect(overflow.page).toBeLessThanOrEqual(375);
  // The next best action is on screen in the stacked layout, for every segment and every
  // table's last row (a clash with another .stack style once clipped all but the first cell).
  const hidden = await el.evaluate(async (e) => {
    const cells = [...e.shadowRoot.querySelectorAll('#segments td.action, #channels tbody tr:last-child td, #top tbody tr:last-child td, #lost tbody tr:last-child td')];
    const out = [];
    for (const td of cells) {
      td.scrollIntoView({ block: 'center' });
      await new Promise((r) => requestAnimationFrame(r));
      const b = td.getBoundingClientRect();
      const hit = e.shadowRoot.elementFromPoint(b.left + Math.min(b.width - 2, 140), b.top + Math.min(b.height / 2, 10));
      if (!hit || !td.contains(hit) || b.right > 375) out.push(`${td.closest('table').id}: ${td.textContent.slice(0, 40)}`);
    }
    return { checked: cells.length, hidden: out };
  });
  expect(hidden.checked).toBeGreaterThan(20);
  expect(hidden.hidden).toEqual([]);
  await page.screenshot({ path: `${artifacts()}report-375.png`, fullPage: true });
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  // Print: the buttons are gone, the report is one document.
  await page.emulateMedia({ media: 'print' });
  await expect(el.locator('#download')).toBeHidden();
  await expect(el.locator('#report-summary')).toBeVisible();
  await expect(page.locator('header nav')).toBeHidden();
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  writeFileSync(`${artifacts()}report.pdf`, pdf);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  expect(problems).toEqual([]);
});

test('an Excel workbook goes in: the sheet is chosen, dates and amounts come through, the report matches', async ({ page }) => {
  const file = `${artifacts()}export.xlsx`;
  const lines = sampleExport({ rows: 400, seed: 7 }).trim().split('\r\n').map((l) => l.split(';'));
  writeXlsxWithOpenpyxl(file, {
    sheets: [
      { name: 'Hinweise', rows: [['Export aus dem Shop'], ['Stand: 31.12.2024']] },
      { name: 'Bestellungen', rows: [lines[0], ...lines.slice(1).map(([order, customer, date, amount, channel]) => [order, customer, { date: date.split('.').reverse().join('-') }, Number(amount.replace(',', '.')), channel])] },
    ],
  });
  const excel = watchExcel(page);
  await page.goto(PAGE);
  await dropFile(page, 'export.xlsx', readFileSync(file), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const el = page.locator('customer-segmenter');
  const sheet = el.locator('#sheet');
  await expect(sheet).toHaveValue('Hinweise');
  expect(excel.workers).toHaveLength(1); // unzipped and read in the Excel worker
  expect(excel.mainThread).toBe(false);
  await sheet.selectOption('Bestellungen');
  await expect(el.locator('#col-customer')).toHaveValue('1');
  await expect(el.locator('#col-date')).toHaveValue('2');
  await expect(el.locator('#col-amount')).toHaveValue('3');
  await el.locator('#analyze').click();
  await expect(el.locator('#report-summary')).toBeVisible();
  const got = await el.evaluate((e) => ({ rows: e.result.rows.used, rejected: e.result.rows.rejected, revenue: e.result.revenue, end: e.result.observationEnd, customers: e.result.customers.count }));
  const revenue = lines.slice(1).reduce((s, l) => s + Number(l[3].replace(',', '.')), 0);
  expect(got.rows).toBe(400);
  expect(got.rejected).toBe(0);
  expect(got.revenue).toBeCloseTo(revenue, 2);
  expect(got.customers).toBe(new Set(lines.slice(1).map((l) => l[1])).size);
  expect(plain(await el.locator('#summary').textContent())).toContain(`beobachtet bis ${ddmmyyyy(got.end)}.`);
  expect(excel.workers).toHaveLength(2); // the second sheet, read in a worker of its own
  expect(excel.mainThread).toBe(false);
});

test('where no Excel worker can start, the workbook is read and written on the main thread, with the same content', async ({ page }) => {
  // A bundler that did not copy report/xlsx-worker.js: the request fails, excel.js falls back.
  await page.route(/\/report\/xlsx-worker\.js$/, (route) => route.fulfill({ status: 404, body: 'missing' }));
  await page.goto(PAGE);
  await dropFile(page, 'bestellungen.csv', windows1252(sampleExport({ rows: 300, seed: 3 })));
  const el = page.locator('customer-segmenter');
  await el.locator('#analyze').click();
  await expect(el.locator('#report-summary')).toBeVisible();
  const book = await download(page, el.locator('#download-xlsx'));
  const sheets = dumpXlsx(book.path);
  const r = await el.evaluate((e) => ({ ids: Array.from(e.result.customers.id), total: Array.from(e.result.customers.total) }));
  const kunden = sheets.find((s) => s.name === 'Kunden').rows;
  expect(kunden.slice(1).map((row) => row[0][0])).toEqual(r.ids);
  kunden.slice(1).forEach((row, i) => expect(row[5][0]).toBeCloseTo(r.total[i], 2));
  await expect(el.locator('#error')).toHaveText('');
});
