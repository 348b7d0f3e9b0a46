// readSummary (kundenwert/models) through the package as installed: the CDNOW master summary as
// DuckDB writes it (sql/duckdb.sql; CSV, a German CSV, Parquet in every codec DuckDB and pandas
// write, Arrow IPC file and stream; tests/fixtures/summary/make.py) read the same from every
// format, equal to kundenwert's own analysis of the transactions, fitted to the same
// parameters; grouped summaries (a count column) holding exactly the ungrouped histories;
// errors that name the column and the row; the Parquet and Arrow code loaded only on demand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { packageDir } from './package.mjs';
import { summaryFixtures } from './summary-fixtures.mjs';

const resolve = (name) => createRequire(`${packageDir}/`).resolve(name);
const models = await import(pathToFileURL(resolve('kundenwert/models')).href);
const { analyzeTransactions } = await import(pathToFileURL(resolve('kundenwert/analysis')).href);
const { init, readSummary, fitBgNbd, fitParetoNbd, fitGammaGamma, bgNbd, KundenwertError } = models;

const dir = summaryFixtures();
const file = (name) => readFile(join(dir, name));
await init();

// kundenwert's own summary of the same transactions: CDNOW master, weeks, to the last purchase.
const master = await readFile(new URL('../fixtures/CDNOW_master.txt', import.meta.url));
const analysis = await analyzeTransactions(master, { periodUnit: 'week', columns: { customer: 0, date: 1, amount: 3 } });
const own = analysis.customers;

const UNGROUPED = ['summary.csv', 'summary-de.csv', 'summary.parquet', 'summary-pandas.parquet', 'summary-zstd.parquet', 'summary-gzip.parquet', 'summary.arrow', 'summary.arrows'];
const GROUPED = ['grouped.csv', 'grouped.parquet', 'grouped.arrow', 'grouped.arrows'];
const FORMAT = (name) => (name.endsWith('.csv') ? 'csv' : name.endsWith('.parquet') ? 'parquet' : 'arrow');

const reference = await readSummary(await file('summary.csv'));

test('the CSV summary equals kundenwert\'s own analysis of the transactions, customer by customer', () => {
  assert.equal(reference.rows, 23570);
  assert.equal(reference.customers, 23570);
  assert.equal(own.count, 23570);
  const at = new Map(Array.from(own.id, (id, i) => [id, i]));
  for (let i = 0; i < reference.rows; i++) {
    const j = at.get(reference.customer[i]);
    assert.ok(j !== undefined, `customer ${reference.customer[i]}`);
    assert.equal(reference.frequency[i], own.frequency[j], `frequency of ${reference.customer[i]}`);
    assert.equal(reference.recency[i], own.recency[j], `recency of ${reference.customer[i]}`);
    assert.equal(reference.T[i], own.T[j], `T of ${reference.customer[i]}`);
    assert.ok(Math.abs(reference.monetary[i] - own.monetary[j]) <= 1e-12 * Math.abs(own.monetary[j]), `monetary of ${reference.customer[i]}`);
    assert.ok(Math.abs(reference.total[i] - own.total[j]) < 5e-3, `total of ${reference.customer[i]}`);
    assert.equal(reference.purchases[i], own.purchases[j]);
    assert.equal(reference.recencyDays[i], own.recencyDays[j]);
    assert.equal(reference.firstDay[i], own.firstDay[j]);
    assert.equal(reference.lastDay[i], own.lastDay[j]);
  }
});

for (const name of UNGROUPED) {
  test(`${name}: the same columns as the CSV, every value`, async () => {
    const s = await readSummary(await file(name));
    assert.equal(s.format, FORMAT(name));
    assert.equal(s.rows, 23570);
    assert.equal(s.count, undefined);
    assert.deepEqual(s.customer, reference.customer);
    for (const key of ['frequency', 'recency', 'T', 'monetary', 'purchases', 'recencyDays', 'firstDay', 'lastDay']) {
      assert.ok(s[key] instanceof Float64Array, key);
      assert.deepEqual(s[key], reference[key], key);
    }
    // DECIMAL(38, 2) in Parquet and Arrow is an integer of cents: the same to the cent.
    for (let i = 0; i < s.rows; i++) assert.ok(Math.abs(s.total[i] - reference.total[i]) < 1e-9, `total[${i}]`);
  });
}

test('fits on readSummary(the ungrouped Parquet file) equal the fits on the analysis of the transactions', async () => {
  const s = await readSummary(await file('summary.parquet'));
  // frequency, recency and T are bit for bit kundenwert's own, so the purchase models' fits
  // are the same to 1e-10. monetary differs in 999 of the 23,570 customers by one ulp (DuckDB
  // divides the double of the exact sum by frequency, kundenwert the cents by 100 × frequency;
  // tests/sql/equality.py allows 2.2e-16), which moves the Gamma-Gamma optimum within the
  // fit's own tolerance: about 2e-8 here.
  for (const [name, fit, tolerance] of [['BG/NBD', fitBgNbd, 1e-10], ['Pareto/NBD', fitParetoNbd, 1e-10], ['Gamma-Gamma', fitGammaGamma, 1e-7]]) {
    const a = fit(s);
    const b = fit(own);
    for (const k of Object.keys(b.params)) {
      assert.ok(Math.abs(a.params[k] - b.params[k]) <= tolerance * Math.abs(b.params[k]), `${name} ${k}: ${a.params[k]} vs ${b.params[k]}`);
    }
    assert.ok(Math.abs(a.logLikelihood - b.logLikelihood) <= 1e-10 * Math.abs(b.logLikelihood), `${name} log-likelihood`);
    assert.equal(a.observations, b.observations);
  }
  let ulps = 0;
  for (let i = 0; i < s.rows; i++) {
    if (s.monetary[i] !== own.monetary[i]) {
      ulps++;
      assert.ok(Math.abs(s.monetary[i] - own.monetary[i]) <= 2.3e-16 * own.monetary[i], `monetary of ${s.customer[i]}`);
    }
  }
  assert.ok(ulps < 1500, `${ulps} monetary values differ`);
  // BG/NBD on CDNOW master in weeks: the values lifetimes 0.11.3 reports for this summary
  // (tests/fixtures/models/README.md) are r 0.243, alpha 4.41: the same order as the sample's.
  const m = fitBgNbd(s);
  assert.ok(m.params.r > 0.2 && m.params.r < 0.3 && m.params.alpha > 3 && m.params.alpha < 6, JSON.stringify(m.params));
});

/** A grouped summary's rows, each repeated `count` times, as sorted history keys. */
function histories(s, expand) {
  const keys = [];
  for (let i = 0; i < s.rows; i++) {
    const key = `${s.frequency[i]}|${s.recency[i]}|${s.T[i]}|${s.monetary[i]}`;
    for (let c = 0; c < (expand ? s.count[i] : 1); c++) keys.push(key);
  }
  return keys.sort();
}

for (const name of GROUPED) {
  test(`${name}: one row per distinct history with its count, exactly the ungrouped customers`, async () => {
    const g = await readSummary(await file(name));
    assert.equal(g.format, FORMAT(name));
    assert.equal(g.rows, 11590);
    assert.equal(g.customers, 23570);
    assert.ok(g.count instanceof Float64Array);
    assert.equal(g.customer, undefined);
    assert.deepEqual(histories(g, true), histories(reference, false));
  });
}

test('predictions per row of a grouped summary equal those of its customers in the ungrouped one', async () => {
  const g = await readSummary(await file('grouped.parquet'));
  const m = bgNbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
  const grouped = m.probabilityAlive(g);
  const ungrouped = m.probabilityAlive(reference);
  const byHistory = new Map();
  for (let i = 0; i < reference.rows; i++) byHistory.set(`${reference.frequency[i]}|${reference.recency[i]}|${reference.T[i]}`, ungrouped[i]);
  for (let i = 0; i < g.rows; i++) assert.equal(grouped[i], byHistory.get(`${g.frequency[i]}|${g.recency[i]}|${g.T[i]}`), `row ${i}`);
});

/** A grouped summary with each row repeated `count` times: one row per customer again. */
function expand(g) {
  const out = { frequency: [], recency: [], T: [], monetary: [] };
  for (let i = 0; i < g.rows; i++) for (let c = 0; c < g.count[i]; c++) for (const k of Object.keys(out)) out[k].push(g[k][i]);
  return out;
}

// The fits stop at their gradient tolerance: summing the same customers in another order moves
// BG/NBD's estimates by under 1e-8 and Gamma-Gamma's by about 1e-8 (p 5.0860442 ± 6e-8).
const TOLERANCE = { 'bg-nbd': 1e-8, 'pareto-nbd': 1e-7, 'gamma-gamma': 1e-7 };

test('a grouped summary with each row repeated count times fits as the ungrouped one (the sums\' order differs)', async () => {
  const g = expand(await readSummary(await file('grouped.parquet')));
  for (const fit of [fitBgNbd, fitGammaGamma]) {
    const a = fit(g);
    const b = fit(reference);
    for (const k of Object.keys(b.params)) assert.ok(Math.abs(a.params[k] - b.params[k]) <= TOLERANCE[a.model] * Math.abs(b.params[k]), `${a.model} ${k}: ${a.params[k]} vs ${b.params[k]}`);
    assert.equal(a.observations, b.observations);
  }
});

// kundenwert/models weighs each row by its `count`.
test('fits on a grouped summary (count) equal the fits on the ungrouped one', async () => {
  for (const name of GROUPED) {
    const g = await readSummary(await file(name));
    for (const fit of [fitBgNbd, fitParetoNbd, fitGammaGamma]) {
      const a = fit(g);
      const b = fit(reference);
      for (const k of Object.keys(b.params)) assert.ok(Math.abs(a.params[k] - b.params[k]) <= TOLERANCE[a.model] * Math.abs(b.params[k]), `${name} ${a.model} ${k}: ${a.params[k]} vs ${b.params[k]}`);
      assert.ok(Math.abs(a.logLikelihood - b.logLikelihood) <= 1e-8 * Math.abs(b.logLikelihood), `${name} log-likelihood`);
    }
  }
});

test('RFM scores, segments and tiers from a summary\'s recency_days, purchases and total equal those DuckDB wrote (sql/duckdb.sql)', async () => {
  // What <customer-segmenter> shows for a summary (dist/summary/segments.js), checked against
  // the r, f, m, segment and tier columns of the same file, customer by customer.
  const { summarySegments, SEGMENTS } = await import(pathToFileURL(join(dirname(resolve('kundenwert/models')), 'summary/segments.js')).href);
  const { tiers, segments } = summarySegments(reference);
  const lines = (await readFile(join(dir, 'summary.csv'), 'utf8')).trim().split('\n');
  const head = lines[0].split(',');
  const col = (name) => head.indexOf(name);
  lines.slice(1).forEach((line, i) => {
    const c = line.split(',');
    assert.equal(segments.scores.r[i], Number(c[col('r')]), `r of ${c[0]}`);
    assert.equal(segments.scores.f[i], Number(c[col('f')]), `f of ${c[0]}`);
    assert.equal(segments.scores.m[i], Number(c[col('m')]), `m of ${c[0]}`);
    assert.equal(SEGMENTS[segments.scores.segment[i]].segment, c[col('segment')], `segment of ${c[0]}`);
    assert.equal('ABC'[tiers.tier[i]], c[col('tier')], `tier of ${c[0]}`);
  });
  // The same counts as kundenwert's analysis of the transactions.
  assert.deepEqual(tiers.map((t) => t.customers), analysis.tiers.map((t) => t.customers));
  assert.deepEqual(segments.map((x) => [x.segment, x.customers]), analysis.segments.map((x) => [x.segment, x.customers]));
  const grouped = summarySegments(await readSummary(await file('grouped.csv')));
  assert.deepEqual([grouped.tiers, grouped.segments], [null, null]);
});

// ---- small files: every rule, and what an error names --------------------------------------

async function rejects(input, code, field, pattern, options) {
  await assert.rejects(readSummary(input, options), (e) => {
    assert.ok(e instanceof KundenwertError, `a KundenwertError, got ${e}`);
    assert.equal(e.code, code, e.message);
    assert.equal(e.field, field, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  });
}

test('CSV: the header names find the columns, in any case and order, with the documented aliases', async () => {
  const s = await readSummary('ID;Monetary_Value;T;Recency;Frequency;COUNT_STAR()\n7;12,50;10;4,5;2;3\n8;0;8,25;0;0;1\n');
  assert.deepEqual(s.customer, ['7', '8']);
  assert.deepEqual(Array.from(s.frequency), [2, 0]);
  assert.deepEqual(Array.from(s.recency), [4.5, 0]);
  assert.deepEqual(Array.from(s.T), [10, 8.25]);
  assert.deepEqual(Array.from(s.monetary), [12.5, 0]);
  assert.deepEqual(Array.from(s.count), [3, 1]);
  assert.equal(s.customers, 4);
  // German thousands separators, quotes, CRLF, a BOM, a tab file; given names.
  const u = await readSummary('\ufeff"Kunde"\tf\tr\talter\tumsatz\r\n"K 1"\t3\t20\t30\t"1.234,56"\r\n', { columns: { customer: 'Kunde', frequency: 'f', recency: 'r', T: 'alter', monetary: 'umsatz' } });
  assert.deepEqual(u.customer, ['K 1']);
  assert.deepEqual(Array.from(u.monetary), [1234.56]);
  const v = await readSummary('frequency,recency,T,monetary\n1,2,3,"1,234.5"\n');
  assert.deepEqual(Array.from(v.monetary), [1234.5]);
});

test('CSV errors name the column and the row (and the line)', async () => {
  await rejects('frequency,recency\n1,2\n', 'missing', 'T', /no column "T".*frequency, recency/);
  await rejects('frequency,recency,T\n1,2,3\n-1,0,3\n', 'out_of_range', 'frequency[1]', /row 2 \(line 3\).*at least 0/);
  await rejects('frequency,recency,T\n1.5,2,3\n', 'not_an_integer', 'frequency[0]', /row 1 \(line 2\).*whole number/);
  await rejects('frequency,recency,T\n\n1,2,3\n1,4,3\n', 'out_of_range', 'recency[1]', /row 2 \(line 4\).*more than T/);
  await rejects('frequency,recency,T\n0,2,3\n', 'out_of_range', 'recency[0]', /must be 0 without repeat purchases/);
  await rejects('frequency,recency,T\n1,2,-3\n', 'out_of_range', 'T[0]', /at least 0/);
  await rejects('frequency,recency,T,count\n1,2,3,2.5\n', 'not_an_integer', 'count[0]', /count on row 1 \(line 2\)/);
  await rejects('frequency,recency,T,count\n1,2,3,2\n1,2,3,0\n', 'out_of_range', 'count[1]', /at least 1/);
  await rejects('frequency,recency,T,monetary\n1,2,3,4\n1,2,3,\n', 'missing', 'monetary[1]', /empty on row 2 \(line 3\)/);
  await rejects('frequency,recency,T\n1,zwei,3\n', 'not_a_number', 'recency[0]', /"zwei"/);
  await rejects('frequency,recency,T\n', 'empty', 'input', /no rows/);
  await rejects('', 'empty', 'input');
  await rejects('customer_id,frequency,recency,T\n"a,1,2,3\n', 'invalid_type', 'input', /line 2: a quote/);
  await rejects('customer_id,frequency,recency,T\n,1,2,3\n', 'missing', 'customer[0]', /row 1 \(line 2\)/);
  await rejects('frequency,recency,T,last_purchase\n1,2,3,1997-02-30\n', 'invalid_type', 'lastDay[0]', /last_purchase on row 1/);
  await rejects('frequency,recency,T\n1,2,3\n', 'unknown_field', 'columns.age', null, { columns: { age: 'T' } });
  await rejects('frequency,recency,T\n1,2,3\n', 'missing', 'T', /"age"/, { columns: { T: 'age' } });
  await rejects('frequency,recency,T\n1,2,3\n', 'invalid_type', 'decimal', null, { decimal: ';' });
  await rejects(42, 'invalid_type', 'input');
  await rejects('frequency,recency,T\n1,2,3\n', 'invalid_type', 'format', null, { format: 'xlsx' });
});

test('Parquet and Arrow errors name the column and the row; a wrong or broken file says what it is', async () => {
  await rejects(await file('bad.parquet'), 'out_of_range', 'recency[2]', /row 3 .*more than T/);
  await rejects(await file('bad.arrow'), 'out_of_range', 'recency[2]', /row 3 .*more than T/);
  const parquet = await file('summary.parquet');
  await rejects(new File([parquet], 'summary.arrow'), 'invalid_type', 'input', /"summary.arrow" is not an Arrow IPC file: its content is Parquet/);
  await rejects(parquet, 'invalid_type', 'input', /not a CSV file/, { format: 'csv' });
  const broken = new Uint8Array(parquet.length - 1000);
  broken.set(parquet.subarray(0, 4));
  broken.set(parquet.subarray(parquet.length - 996), broken.length - 996);
  await rejects(broken, 'invalid_type', 'input', /Parquet/);
  await rejects((await file('summary.arrow')).subarray(0, 5000), 'invalid_type', 'input', /Arrow/);
  await rejects(await file('summary-brotli.parquet'), 'invalid_type', 'input', /BROTLI.*snappy/);
  const g = await file('grouped.parquet');
  await rejects(g, 'missing', 'T', /"age"/, { columns: { T: 'age' } });
});

test('kundenwert/models loads no Parquet or Arrow code until such a file is read', async () => {
  const seen = new Set();
  const visit = async (path) => {
    if (seen.has(path)) return;
    seen.add(path);
    const text = await readFile(path, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\b[^'";]*?from\s*['"](\.[^'"]+)['"]/gm)) await visit(join(dirname(path), m[1]));
  };
  await visit(resolve('kundenwert/models'));
  const files = [...seen].map((p) => p.slice(p.indexOf('/dist/') + 1));
  assert.ok(files.includes('dist/summary/read.js'), files.join(', '));
  for (const f of files) assert.ok(!/summary\/(parquet|arrow|parquet-codecs)\.js$/.test(f), `${f} is loaded statically`);
  const parquet = await readFile(join(dirname(resolve('kundenwert/models')), 'summary/parquet.js'), 'utf8');
  assert.ok(!/from\s*["']hyparquet["']/.test(parquet), 'dist/summary/parquet.js has hyparquet bundled in');
  assert.match(parquet, /import\(["']\.\/parquet-codecs\.js["']\)/);
});
