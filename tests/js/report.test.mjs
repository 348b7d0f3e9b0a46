// The report's downloads and words (js/report/): the CSV in German and English conventions,
// read back cell by cell and compared with the analysis; formulas defused, tabs and line
// breaks included; the per-segment call lists; the plain-language summary; the sample export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { packageDir } from './package.mjs';
import { defuse, toCsv, toCsvBlob, textCell, numberCell } from '../../js/report/csv.js';
import { customerTable, fileName } from '../../js/report/table.js';
import { summarize } from '../../js/report/summary.js';
import { sampleExport, sampleChannelCosts, SAMPLE_CHANNELS } from '../../js/report/sample.js';
import { formatDate, formatMonth, slug } from '../../js/report/text.js';
import { formatters } from '../../js/elements/format.js';
import { parseCsv } from './csv.mjs';

const resolve = (spec) => pathToFileURL(createRequire(`${packageDir}/`).resolve(spec)).href;
const { analyzeTransactions } = await import(resolve('kundenwert/analysis'));

const HOSTILE = 'Kunde;Datum;Betrag;Kanal\n'
  + '=HYPERLINK("http://x");01.02.2024;10,00;Google Ads\n'
  + '@SUM(A1);02.02.2024;5,00;=1+1\n'
  + '"K-5\t=cmd|\' /C calc\'!A0";03.02.2024;7,00;Messe\n'
  + '-2+3;04.02.2024;1,50;Messe\n'
  + 'K-7;05.02.2024;5,00;Messe\nK-7;06.02.2024;-7,50;Messe\n' // a refund larger than the purchase: a negative total
  + 'Müller & Söhne;05.02.2024;1234,56;Empfehlung\n'
  + 'Müller & Söhne;05.03.2024;20,00;Empfehlung\n';

test('German CSV: ;, decimal comma, German dates, headers, segment names and the next best action; read back equal to the result', async () => {
  const r = await analyzeTransactions(HOSTILE);
  const table = customerTable(r, { lang: 'de' });
  const text = toCsv(table, 'de');
  const rows = parseCsv(text, ';');
  assert.deepEqual(rows[0].slice(0, 6), ['Kunde', 'Segment', 'Nächste beste Aktion', 'Wertklasse', 'Kanal', 'Umsatz']);
  assert.equal(rows.length, r.customers.count + 1);
  const col = (name) => rows[0].indexOf(name);
  const muller = rows.find((x) => x[0] === 'Müller & Söhne');
  const i = r.customers.id.indexOf('Müller & Söhne');
  assert.equal(muller[col('Umsatz')], '1254,56');
  assert.equal(Number(muller[col('Umsatz')].replace(',', '.')), r.customers.total[i]);
  assert.equal(muller[col('Erster Kauf')], '05.02.2024');
  assert.equal(muller[col('Letzter Kauf')], '05.03.2024');
  assert.equal(muller[col('Kanal')], 'Empfehlung');
  const seg = r.segments[r.customers.segment[i]];
  assert.equal(muller[col('Segment')], { champions: 'Champions', loyal: 'Treue Kunden', 'potential-loyalists': 'Potenziell treu', new: 'Neue Kunden', promising: 'Vielversprechend' }[seg.segment] ?? muller[col('Segment')]);
  assert.match(muller[col('Nächste beste Aktion')], /[äöüß]|Angebot|Belohnen|einführen/);
  assert.notEqual(muller[col('Nächste beste Aktion')], seg.action, 'the action is German, not the core English');
  // Every number column reads back as the result's value (money to the cent).
  for (let k = 0; k < r.customers.count; k++) {
    const line = rows.find((x) => x[0].replace(/^'/, '').replace(/\t'/, '\t') === r.customers.id[k]);
    assert.ok(line, r.customers.id[k]);
    assert.equal(Number(line[col('Käufe')]), r.customers.purchases[k]);
    assert.ok(Math.abs(Number(line[col('Umsatz')].replace(',', '.')) - r.customers.total[k]) < 0.005);
    assert.equal(line[col('R-Wert (1–5)')], String(r.customers.r[k]));
  }
  assert.equal(muller.length, rows[0].length);
  assert.ok(!text.includes('NaN') && !text.includes('Infinity') && !text.includes('undefined'));
});

test('formulas are defused in every text cell, after tabs and line breaks too; negative numbers stay numbers', async () => {
  const r = await analyzeTransactions(HOSTILE);
  const rows = parseCsv(toCsv(customerTable(r, { lang: 'de' }), 'de'), ';');
  const ids = rows.slice(1).map((x) => x[0]);
  assert.ok(ids.includes('\'=HYPERLINK("http://x")'));
  assert.ok(ids.includes("'@SUM(A1)"));
  assert.ok(ids.includes("'-2+3"));
  assert.ok(ids.includes("K-5\t'=cmd|' /C calc'!A0"), ids.join(' | '));
  const channel = rows[0].indexOf('Kanal');
  assert.ok(rows.slice(1).some((x) => x[channel] === "'=1+1"));
  for (const row of rows) for (const cell of row) for (const part of cell.split(/\t|\r?\n/)) assert.ok(!/^[=+@]/.test(part), `live formula: ${cell}`);
  const en = toCsv(customerTable(r, { lang: 'en' }), 'en');
  assert.match(en, /^K-7,[^\r]*,-2\.5,/m, 'a negative amount stays a number');
  assert.match(toCsv(customerTable(r, { lang: 'de' }), 'de'), /^K-7;[^\r]*;-2,5;/m);
});

test('defuse: property: no part of a cell starts a formula, and removing the added quotes gives the text back', () => {
  fc.assert(fc.property(fc.string({ unit: fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', 'a', '1', '"', ';', ',', ' ', "'") }), (s) => {
    const d = defuse(s);
    for (const part of d.split(/\t|\r\n|\r|\n/)) assert.ok(!/^[=+@]/.test(part) && !(/^-/.test(part) && !/^-\d+([.,]\d+)?$/.test(part)), JSON.stringify(d));
    // Every added apostrophe stands at the start or after a tab or line break.
    assert.equal(d.replace(/(^|\t|\r\n|\r|\n)'/g, '$1').length <= s.length, true);
    const cell = textCell(s, ';');
    const back = parseCsv(`${cell}\r\n`, ';');
    assert.equal(back.length, 1);
    assert.equal(back[0].length, 1, JSON.stringify(cell));
    assert.equal(back[0][0], d);
  }), { seed: 1010, numRuns: 2000 });
});

test('numbers: never NaN, Infinity or e-notation in a file; a non-finite value is an error naming the column', () => {
  assert.equal(numberCell(1234.5, 'money', ','), '1234,5');
  assert.equal(numberCell(0.000001, 'share', ','), '0');
  assert.equal(numberCell(-0.00001, 'number', '.'), '0');
  assert.equal(numberCell(12, 'int', ','), '12');
  assert.equal(numberCell(1e21, 'money', '.'), '1000000000000000000000');
  assert.equal(numberCell(2.675, 'money', ','), '2,68');
  assert.throws(() => numberCell(NaN, 'money', ',', 'Umsatz'), (e) => e.code === 'not_finite' && e.field === 'Umsatz');
  assert.throws(() => numberCell(Infinity, 'money', ','), (e) => e.code === 'not_finite');
});

test('the file has a UTF-8 byte order mark and CRLF lines', async () => {
  const r = await analyzeTransactions(HOSTILE);
  const blob = toCsvBlob(customerTable(r, { lang: 'de' }), 'de');
  const bytes = new Uint8Array(await blob.arrayBuffer());
  assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  assert.ok(text.startsWith('\ufeffKunde;Segment;'));
  assert.ok(text.endsWith('\r\n'));
  assert.equal(blob.type, 'text/csv;charset=utf-8');
});

test('a call list holds one segment only, most valuable first, and the English table names the columns in English', async () => {
  const r = await analyzeTransactions(sampleExport(), { models: {} });
  for (const s of r.segments.filter((x) => x.customers > 0)) {
    const list = customerTable(r, { lang: 'de', segment: s.segment });
    assert.equal(list.rows.length, s.customers, s.segment);
    const seg = list.columns.findIndex((c) => c.key === 'segment');
    assert.ok(list.rows.every((row) => row[seg] === list.rows[0][seg]));
    const clv = list.columns.findIndex((c) => c.key === 'clv');
    for (let k = 1; k < list.rows.length; k++) assert.ok(list.rows[k - 1][clv] >= list.rows[k][clv]);
  }
  const en = customerTable(r, { lang: 'en', segment: 'at-risk' });
  assert.deepEqual(en.columns.slice(0, 3).map((c) => c.head), ['Customer', 'Segment', 'Next best action']);
  assert.equal(en.rows[0][1], 'At risk');
  assert.equal(fileName('de', 'list', slug('Gefährdet'), 'csv'), 'kundenliste-gefaehrdet.csv');
  assert.equal(fileName('en', 'list', slug("Can't lose them"), 'csv'), 'customer-list-cant-lose-them.csv');
  assert.equal(slug('Müßig & Co.'), 'muessig-co');
  assert.equal(fileName('en', 'scores', undefined, 'xlsx'), 'customer-scores.xlsx');
});

test('the sample export: German, semicolons, channels, two years; analysed it has every channel with its spend', async () => {
  const text = sampleExport();
  assert.equal(text, sampleExport(), 'seeded: the same every time');
  const lines = text.trim().split('\r\n');
  assert.equal(lines[0], 'Bestellnummer;Kundennummer;Bestelldatum;Betrag;Kanal');
  assert.equal(lines.length, 3001);
  assert.match(lines[1], /^B-240001;K-1\d{4};0[1-9]\.01\.2023;\d+,\d\d;[^;]+$/);
  assert.match(lines.at(-1), /;\d\d\.12\.2024;/);
  const r = await analyzeTransactions(text, { channelCosts: sampleChannelCosts(), models: {} });
  assert.equal(r.format.delimiter, ';');
  assert.equal(r.format.decimal, ',');
  assert.equal(r.rows.rejected, 0);
  assert.equal(r.observationEnd, '2024-12-31');
  assert.ok(r.customers.count > 500 && r.customers.count < 900, String(r.customers.count));
  assert.deepEqual(r.channels.map((c) => c.channel).sort(), SAMPLE_CHANNELS.map((c) => c.channel).sort());
  for (const c of r.channels) {
    assert.ok(c.ratio > 0 && Number.isFinite(c.ratio), c.channel);
    assert.ok(c.band, c.channel);
  }
  assert.ok(new Set(r.channels.map((c) => c.band)).size >= 2, 'the channels differ');
  assert.ok(r.models.purchase, 'the models fit the sample');
  assert.ok(r.models.likelyLost.length > 0, 'some valuable customers are lost');
});

test('the summary in German: customers, the A tier, the lost ones and the best channel, each with an action', async () => {
  const r = await analyzeTransactions(sampleExport(), { channelCosts: sampleChannelCosts(), models: {} });
  const f = formatters('de-DE', 'EUR');
  const items = summarize(r, f);
  assert.deepEqual(items.map((x) => x.key), ['customers', 'tier-a', 'lost', 'channel']);
  const plain = (s) => s.replace(/[\u00a0\u202f]/g, ' ');
  const revenue = plain(f.money(r.revenue));
  let first = Infinity;
  for (const d of r.customers.firstDay) first = Math.min(first, d);
  const from = formatDate(new Date(first * 864e5).toISOString().slice(0, 10), 'de-DE');
  assert.match(from, /^\d\d\.\d\d\.2023$/);
  assert.equal(plain(items[0].text), `${f.number(r.customers.count, 0)} Kunden haben vom ${from} bis zum 31.12.2024 zusammen ${revenue} Umsatz gebracht.`);
  const a = r.tiers[0];
  assert.equal(plain(items[1].text), `Ihre ${a.customers} besten Kunden (Klasse A, ${plain(f.percent(a.customerShare))} aller Kunden) bringen ${plain(f.percent(a.revenueShare))} des Umsatzes.`);
  const lostRevenue = Array.from(r.models.likelyLost, (i) => r.customers.total[i]).reduce((x, y) => x + y, 0);
  assert.equal(plain(items[2].text), `${r.models.likelyLost.length} wertvolle Kunden (Klasse A) kaufen wahrscheinlich nicht mehr bei Ihnen; sie haben bisher ${plain(f.money(lostRevenue))} Umsatz gebracht.`);
  const best = [...r.channels].sort((x, y) => y.ratio - x.ratio)[0];
  assert.equal(items[3].text, `Am besten zahlt sich „${best.channel}“ aus: Ein Kunde aus diesem Kanal bringt das ${f.number(best.ratio, 1)}-Fache seiner Akquisitionskosten (LTV:CAC).`);
  for (const x of items) assert.ok(x.action.length > 20 && !/undefined|NaN/.test(x.text + x.action), x.key);
});

test('the summary without spend or models points to what to do; in English too', async () => {
  const r = await analyzeTransactions(sampleExport());
  const items = summarize(r, formatters('en-GB', 'GBP'));
  assert.deepEqual(items.map((x) => x.key), ['customers', 'tier-a', 'lost', 'channel']);
  assert.match(items[0].text, /^\d{3} customers brought £[\d,]+\.\d\d in revenue from \d\d\/\d\d\/2023 to 31\/12\/2024\.$/);
  assert.match(items[2].text, /segment “Can't lose them”/);
  assert.match(items[3].text, /^The most valuable customers come through “[^”]+” \(£[\d,.]+ of customer value each so far\)\.$/);
  assert.equal(items[3].action, 'Enter your spend per channel below to see which channel pays.');
});

test('dates and months in the visitor\'s convention', () => {
  assert.equal(formatDate('2024-12-31', 'de-DE'), '31.12.2024');
  assert.equal(formatDate('2024-12-31', 'en-US'), '12/31/2024');
  assert.equal(formatDate('2024-12-31', 'en-GB'), '31/12/2024');
  assert.equal(formatMonth('2024-03', 'de-DE'), 'März 2024');
  assert.equal(formatMonth('2024-03', 'en-US'), 'Mar 2024');
});

test('the view: model parameters as a person reads them (no 1.945.899.290,718), the heatmap\'s levels and cells, the spend as entered', async () => {
  const { cohortsHtml, detailsHtml, heatLevel, spendHtml } = await import('../../js/report/view.js');
  const r = await analyzeTransactions(sampleExport(), { channelCosts: sampleChannelCosts(), models: {} });
  const f = formatters('de-DE', 'EUR');
  const huge = { ...r, models: { ...r.models, purchase: { ...r.models.purchase, params: { r: 0.243, alpha: 4.414, a: 1945899290.718, b: 12792494276.337 } } } };
  const details = detailsHtml(huge, f).replace(/[\u00a0\u202f]/g, ' ');
  assert.match(details, /r = 0,243, α = 4,414, a = 1,95 Mrd\., b = 12,8 Mrd\./);
  assert.match(details, /<details id="model-details"><summary>Details zum Modell<\/summary>/);
  assert.match(details, /Die Wahrscheinlichkeit „aktiv“ sagt, wie wahrscheinlich ein Kunde/);
  assert.deepEqual([0, 0.01, 0.05, 0.1, 0.2, 0.4, 1].map(heatLevel), [0, 1, 2, 3, 4, 5, 5]);
  const heat = cohortsHtml(r, f);
  const firstRow = /<tbody><tr>(.*?)<\/tr>/.exec(heat)[1];
  const cells = [...firstRow.matchAll(/<td class="num heat" data-level="(\d)">([^<]*)<\/td>/g)].map((m) => [Number(m[1]), m[2].replace(/\u00a0/g, ' ')]);
  assert.equal(cells.length, r.cohorts[0].retention.length);
  r.cohorts[0].retention.forEach((x, k) => assert.deepEqual(cells[k], [heatLevel(x), f.percent(x, 0).replace(/\u00a0/g, ' ')]));
  assert.match(firstRow, /^<td class="month">Jan\. 2023<\/td>/);
  assert.ok(!heat.includes('NaN'));
  const spend = spendHtml(r, f, [{ channel: 'Google Ads', spend: 32000.5 }], 'EUR');
  assert.match(spend, /data-channel="Google Ads"[^>]*value="32.000,5"/);
  assert.match(spend, /data-channel="Newsletter"[^>]*value=""/);
  assert.match(spend, /<span class="unit">€<\/span>/);
});
