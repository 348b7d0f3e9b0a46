// kundenwert/analysis in Node, through the package as installed: every kind of input, the
// options, progress, and errors that name the option.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { packageDir } from './package.mjs';

const { analyzeTransactions, detectFormat, dayToDate, prepareAnalysis, KundenwertError } =
  await import(pathToFileURL(createRequire(`${packageDir}/`).resolve('kundenwert/analysis')).href);
const CDNOW = new URL('../fixtures/CDNOW_master.txt', import.meta.url);

test('the CDNOW master file: 23,570 customers, summaries per FORMULAS.md 14 in weeks', async () => {
  const updates = [];
  const r = await analyzeTransactions(await readFile(CDNOW), { onProgress: (p) => updates.push(p) });
  assert.equal(r.rows.read, 69659);
  assert.equal(r.customers.count, 23570);
  assert.equal(r.observationEnd, '1998-06-30');
  assert.equal(r.periodUnit, 'week');
  assert.ok(r.customers.frequency instanceof Float64Array);
  const i = r.customers.id.indexOf('00004'); // 19970101, 19970118, 19970802, 19971212
  assert.equal(r.customers.frequency[i], 3);
  assert.equal(r.customers.recency[i], (Date.UTC(1997, 11, 12) - Date.UTC(1997, 0, 1)) / 864e5 / 7);
  assert.equal(dayToDate(r.customers.firstDay[i]), '1997-01-01');
  assert.equal(r.segments.reduce((n, s) => n + s.customers, 0), 23570);
  assert.ok(Math.abs(r.tiers[0].revenueShare - 0.8) < 0.001, 'tier A holds 80 % of revenue');
  // The phases in order: the file read, the customers summarised, then the rest in steps,
  // announced before the first and reported after each, the result the last.
  const phases = updates.map((u) => u.phase).filter((p, i, all) => p !== all[i - 1]);
  assert.deepEqual(phases, ['reading', 'summarizing', 'finishing']);
  const finishing = updates.filter((u) => u.phase === 'finishing');
  assert.equal(finishing[0].step, undefined);
  assert.deepEqual(finishing.slice(1).map((u) => `${u.step}/${u.steps}`), ['1/7', '2/7', '3/7', '4/7', '5/7', '6/7', '7/7']);
  assert.equal(updates.at(-1), finishing.at(-1));
});

test('text, bytes, a Node stream and a web ReadableStream give the same result', async () => {
  const text = 'Kunde;Datum;Betrag\nA;01.02.2024;10,50\nB;02.02.2024;5,00\nA;03.03.2024;1.000,00\n';
  const fromText = await analyzeTransactions(text, { periodUnit: 'day' });
  assert.deepEqual(Array.from(fromText.customers.total), [1010.5, 5]);
  const bytes = new TextEncoder().encode(text);
  const fromBytes = await analyzeTransactions(bytes.buffer, { periodUnit: 'day' });
  assert.deepEqual(Array.from(fromBytes.customers.total), [1010.5, 5]);
  const web = new Blob([text]).stream();
  assert.deepEqual(Array.from((await analyzeTransactions(web, { periodUnit: 'day' })).customers.total), [1010.5, 5]);
  const node = createReadStream(CDNOW, { highWaterMark: 4096 }); // chunks split records anywhere
  assert.equal((await analyzeTransactions(node)).customers.count, 23570);
});

test('prepareAnalysis in Node loads the wasm; the analysis after it is the same', async () => {
  assert.equal(await prepareAnalysis(), undefined);
  const text = 'Kunde;Datum;Betrag\nA;01.02.2024;10,50\nB;02.02.2024;5,00\nA;03.03.2024;1.000,00\n';
  assert.deepEqual(Array.from((await analyzeTransactions(text)).customers.total), [1010.5, 5]);
});

test('the detected format, and options that override it', async () => {
  const f = await detectFormat(await readFile(CDNOW));
  assert.deepEqual({ ...f, mapping: { ...f.mapping } }, {
    delimiter: ' ', header: true, columns: ['customer_id', 'date', 'number_of_cds', 'dollar_value'],
    mapping: { customer: 0, date: 1, amount: 3, channel: null, acquisitionCost: null, order: null },
    dateFormat: 'YYYYMMDD', dateAmbiguous: false, decimal: '.', encoding: 'utf-8',
  });
  const g = await detectFormat('a,b,c\n1,01/02/2024,3\n', { columns: { amount: 'c', customer: 0 }, dateFormat: 'DD/MM/YYYY' });
  assert.equal(g.dateFormat, 'DD/MM/YYYY');
  assert.equal(g.mapping.amount, 2);
});

test('bad options and bad files are KundenwertErrors that name the option', async () => {
  const cases = [
    [{ periodUnit: 'fortnight' }, 'out_of_range', 'periodUnit'],
    [{ observationEnd: '30.06.1998' }, 'out_of_range', 'observationEnd'],
    [{ columns: { date: 'Datum' } }, 'out_of_range', 'columns.date'],
    [{ tierShares: [0.9, 0.3] }, 'out_of_range', 'tierShares'],
    [{ grossMargin: 2 }, 'out_of_range', 'grossMargin'],
    [{ channelCosts: [{ channel: 'seo', spend: -5 }] }, 'out_of_range', 'channelCosts[0].spend'],
    [{ periodUnit: 7 }, 'invalid_type', 'periodUnit'],
    [{ perodUnit: 'day' }, 'unknown_field', 'perodUnit'],
  ];
  for (const [options, code, field] of cases) {
    await assert.rejects(analyzeTransactions('c,d,a\nx,2024-01-01,1\n', options), (e) => {
      assert.ok(e instanceof KundenwertError, `${field}: ${e}`);
      assert.equal(e.code, code, field);
      assert.equal(e.field, field);
      return true;
    });
  }
  await assert.rejects(analyzeTransactions(''), (e) => e.code === 'empty');
  await assert.rejects(analyzeTransactions(42), (e) => e instanceof KundenwertError && e.code === 'invalid_type');
  await assert.rejects(analyzeTransactions('just words\nno dates here\n'), (e) => e.field === 'columns.date');
});

test('an aborted analysis stops with the abort reason', async () => {
  const controller = new AbortController();
  const big = await readFile(CDNOW);
  const run = analyzeTransactions(big, { signal: controller.signal, onProgress: () => controller.abort(new Error('stop')) });
  await assert.rejects(run, /stop/);
});

test('with a forecast the last phase is the model fit; an abort rejects at once and nothing runs after it', async () => {
  const big = await readFile(CDNOW);
  const phases = [];
  await analyzeTransactions(big, { models: {}, onProgress: (p) => { if (phases.at(-1) !== p.phase) phases.push(p.phase); } });
  assert.deepEqual(phases, ['reading', 'summarizing', 'models']);
  // Aborted as the summary begins: the promise rejects in the abort itself (before any later
  // step reports), and the analysis reports nothing more.
  const controller = new AbortController();
  let steps = 0;
  let abortedAt = null;
  let rejectedAt = null;
  const run = analyzeTransactions(big, {
    models: {},
    signal: controller.signal,
    onProgress: (p) => {
      steps++;
      if (p.phase === 'summarizing' && abortedAt === null) {
        controller.abort(new Error('stop'));
        abortedAt = steps;
      }
    },
  });
  run.catch(() => { rejectedAt = steps; });
  await assert.rejects(run, /stop/);
  assert.equal(rejectedAt, abortedAt);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(steps, abortedAt);
  // A stream that stalls after its first chunk (a network upload that hangs): the abort still
  // rejects at once, without waiting for a chunk that never comes.
  const stalled = new ReadableStream({
    start(c) { c.enqueue(new TextEncoder().encode('Kunde;Datum;Betrag\n' + 'A;01.02.2024;10,00\n'.repeat(5000))); },
    pull() { return new Promise(() => {}); },
  });
  const stop = new AbortController();
  const waiting = analyzeTransactions(stalled, { signal: stop.signal });
  setTimeout(() => stop.abort(new Error('stalled')), 100);
  await assert.rejects(waiting, /stalled/);
});
