// Excel workbooks in and out (js/report/xlsx.js), each checked by an independent reader and
// writer, openpyxl: the report's workbook read back sheet by sheet against the analysis, and
// workbooks that openpyxl writes read into rows and analysed like their CSV.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { packageDir } from './package.mjs';
import { dumpXlsx, writeXlsxWithOpenpyxl } from './openpyxl.mjs';
import { columnName, readXlsx, writeXlsx, xlsxToCsv, looksLikeXlsx } from '../../js/report/xlsx.js';
import { reportSheets } from '../../js/report/workbook.js';
import { sampleExport, sampleChannelCosts } from '../../js/report/sample.js';
import { formatters } from '../../js/elements/format.js';
import { dayToDate } from '../../js/analysis/dates.js';

const resolve = (spec) => pathToFileURL(createRequire(`${packageDir}/`).resolve(spec)).href;
const { analyzeTransactions } = await import(resolve('kundenwert/analysis'));
const dir = mkdtempSync(join(tmpdir(), 'kw-xlsx-'));

test('column letters', () => {
  assert.deepEqual([0, 25, 26, 27, 51, 52, 701, 702].map(columnName), ['A', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
});

test('the report workbook, read by openpyxl: summary, customers, segments, channels, cohorts and a sheet per segment, values equal to the result', async () => {
  const r = await analyzeTransactions(sampleExport(), { channelCosts: sampleChannelCosts(), models: {} });
  const f = formatters('de-DE', 'EUR');
  const file = join(dir, 'report.xlsx');
  writeFileSync(file, writeXlsx(reportSheets(r, f)));
  const book = dumpXlsx(file);
  const names = book.map((s) => s.name);
  assert.deepEqual(names.slice(0, 5), ['Zusammenfassung', 'Kunden', 'Segmente', 'Kanäle', 'Kohorten']);
  assert.ok(names.includes('Nicht verlieren') && names.includes('Gefährdet'), names.join(', '));
  const sheet = (name) => book.find((s) => s.name === name).rows.map((row) => row.map((c) => c[0]));
  // Summary: the same sentences as the page.
  const summary = sheet('Zusammenfassung');
  assert.deepEqual(summary[0], ['Ergebnis', 'Nächster Schritt']);
  assert.match(summary[1][0], /^701 Kunden haben vom \d\d\.01\.2023 bis zum 31\.12\.2024 zusammen 205\.865,16 € Umsatz gebracht\.$/);
  // Customers: every row, numbers as numbers, dates as dates.
  const customers = book.find((s) => s.name === 'Kunden');
  assert.equal(customers.freeze, 'A2');
  const head = customers.rows[0].map((c) => c[0]);
  assert.deepEqual(head.slice(0, 6), ['Kunde', 'Segment', 'Nächste beste Aktion', 'Wertklasse', 'Kanal', 'Umsatz']);
  assert.equal(customers.rows.length, r.customers.count + 1);
  const at = (name) => head.indexOf(name);
  for (let i = 0; i < r.customers.count; i++) {
    const row = customers.rows[i + 1];
    assert.equal(row[0][0], r.customers.id[i]);
    assert.equal(row[at('Umsatz')][1], 'n');
    assert.ok(Math.abs(row[at('Umsatz')][0] - r.customers.total[i]) < 0.005);
    assert.equal(row[at('Erster Kauf')][0], dayToDate(r.customers.firstDay[i]));
    assert.equal(row[at('Wertklasse')][0], 'ABC'[r.customers.tier[i]]);
    assert.ok(Math.abs(row[at('Kundenwert Prognose (12 Monate)')][0] - r.models.customers.clv[i]) < 0.005);
    assert.ok(Math.abs(row[at('Wahrscheinlichkeit aktiv')][0] - r.models.customers.probabilityAlive[i]) < 1e-6);
  }
  assert.equal(customers.rows[1][at('Erster Kauf')][2], 'mm-dd-yy', 'a date cell, shown in the reader\'s own date format');
  // Channels: spend, CAC and LTV:CAC per channel.
  const channels = sheet('Kanäle');
  assert.deepEqual(channels[0], ['Kanal', 'Kunden', 'Umsatz', 'CLV (historisch)', 'Ausgaben', 'CAC', 'LTV:CAC', 'Bewertung']);
  for (const c of r.channels) {
    const row = channels.find((x) => x[0] === c.channel);
    assert.equal(row[1], c.customers);
    assert.equal(row[4], c.spend);
    assert.ok(Math.abs(row[5] - c.cac) < 0.005);
    assert.ok(Math.abs(row[6] - c.ratio) < 1e-6);
    assert.equal(row[7], { losing: 'Verlust', 'below-target': 'unter Ziel', healthy: 'gesund', 'under-investing': 'sehr gut' }[c.band]);
  }
  // Cohorts: the retention shares.
  const cohorts = sheet('Kohorten');
  assert.equal(cohorts.length, r.cohorts.length + 1);
  assert.equal(cohorts[1][0], 'Jan. 2023');
  for (let k = 0; k < r.cohorts[0].retention.length; k++) assert.ok(Math.abs(cohorts[1][2 + k] - r.cohorts[0].retention[k]) < 1e-6);
  // A call list: that segment's customers only.
  const lost = sheet('Nicht verlieren');
  const index = r.segments.findIndex((s) => s.segment === 'cant-lose-them');
  assert.equal(lost.length - 1, r.segments[index].customers);
  assert.ok(lost.slice(1).every((row) => row[1] === 'Nicht verlieren'));
});

test('text that looks like a formula stays text in the workbook, tabs and line breaks included; no cell is a formula', async () => {
  const text = 'Kunde;Datum;Betrag;Kanal\n=HYPERLINK("http://x");01.02.2024;10,00;=1+1\n"K-5\t=cmd|\' /C calc\'!A0";03.02.2024;7,00;Messe\n'
    + '"_x0041_ & <b>";04.02.2024;1,50;Messe\n';
  const r = await analyzeTransactions(text);
  const file = join(dir, 'hostile.xlsx');
  writeFileSync(file, writeXlsx(reportSheets(r, formatters('de', 'EUR'))));
  const book = dumpXlsx(file);
  for (const s of book) for (const row of s.rows) for (const [, type] of row) assert.notEqual(type, 'f', `a formula in ${s.name}`);
  const ids = book.find((s) => s.name === 'Kunden').rows.slice(1).map((row) => row[0]);
  // A literal "_x0041_" is written escaped ("_x005F_" is the underscore, ECMA-376 ST_Xstring) and read back as typed.
  assert.deepEqual(ids.map((c) => c[0]), ['=HYPERLINK("http://x")', "K-5\t=cmd|' /C calc'!A0", '_x0041_ & <b>'], 'the text exactly as in the file');
  assert.deepEqual(ids.map((c) => [c[1], c[3]]), [['s', true], ['s', true], ['s', false]], 'string cells; the formula-like ones with the quote prefix');
  // Read back by our own reader too.
  const own = readXlsx(readFileSync(file), { sheet: 'Kunden' });
  assert.deepEqual(own.rows.slice(1).map((row) => row[0]), ['=HYPERLINK("http://x")', "K-5\t=cmd|' /C calc'!A0", '_x0041_ & <b>']);
});

test('a workbook openpyxl writes is read like its CSV: shared strings, date cells, numbers, a chosen sheet', async () => {
  const file = join(dir, 'export.xlsx');
  writeXlsxWithOpenpyxl(file, {
    sheets: [
      { name: 'Hinweise', rows: [['Export vom 03.01.2025'], ['Quelle: Shop']] },
      {
        name: 'Bestellungen',
        rows: [
          ['Kundennummer', 'Bestelldatum', 'Betrag', 'Kanal'],
          ['K-1', { date: '2024-02-01' }, 10.5, 'Google Ads'],
          ['K-1', { date: '2024-03-15' }, 20, 'Google Ads'],
          [null, null, null, null],
          ['Müller, Söhne & Co', { date: '2024-03-20', format: 'yyyy-mm-dd' }, 1234.56, 'Fachhändler'],
          [10238, { date: '2024-12-31' }, 0.1, 'Newsletter'],
        ],
      },
    ],
  });
  const bytes = readFileSync(file);
  assert.ok(looksLikeXlsx(bytes));
  assert.ok(!looksLikeXlsx(new TextEncoder().encode('Kunde;Datum\n')));
  const first = readXlsx(bytes);
  assert.deepEqual(first.sheets, ['Hinweise', 'Bestellungen']);
  assert.equal(first.sheet, 'Hinweise');
  const { rows } = readXlsx(bytes, { sheet: 'Bestellungen' });
  assert.deepEqual(rows, [
    ['Kundennummer', 'Bestelldatum', 'Betrag', 'Kanal'],
    ['K-1', '2024-02-01', '10.5', 'Google Ads'],
    ['K-1', '2024-03-15', '20', 'Google Ads'],
    ['Müller, Söhne & Co', '2024-03-20', '1234.56', 'Fachhändler'],
    ['10238', '2024-12-31', '0.1', 'Newsletter'],
  ]);
  const { text } = xlsxToCsv(bytes, { sheet: 1 });
  const r = await analyzeTransactions(text);
  assert.equal(r.rows.used, 4);
  assert.equal(r.rows.rejected, 0);
  assert.deepEqual(r.customers.id, ['K-1', 'Müller, Söhne & Co', '10238']);
  assert.deepEqual(Array.from(r.customers.total), [30.5, 1234.56, 0.1]);
  assert.equal(r.observationEnd, '2024-12-31');
  assert.deepEqual(r.channelNames.slice().sort(), ['Fachhändler', 'Google Ads', 'Newsletter']);
});

test('what is no workbook, or has no such sheet, gets a clear error naming the field', () => {
  assert.throws(() => readXlsx(new TextEncoder().encode('Kunde;Datum;Betrag\n')), (e) => e.code === 'not_xlsx' && e.field === 'file');
  assert.throws(() => readXlsx(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 0, 0, 0, 0])), (e) => e.code === 'not_xlsx' && e.field === 'file');
  const book = writeXlsx([{ name: 'Daten', columns: [{ head: 'a', type: 'text' }], rows: [['x']] }]);
  assert.throws(() => readXlsx(book, { sheet: 'Fehlt' }), (e) => e.code === 'unknown_sheet' && e.field === 'sheet' && /"Daten"/.test(e.message));
  assert.throws(() => writeXlsx([{ name: 'x', columns: [{ head: 'Umsatz', type: 'money' }], rows: [[NaN]] }]), (e) => e.code === 'not_finite' && e.field === 'Umsatz');
});
