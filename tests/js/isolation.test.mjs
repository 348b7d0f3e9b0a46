// Isolation, through the package as installed: analyses that run at the same time each return
// exactly what they return alone (and an aborted one takes nothing with it); a call made from
// inside another call's input leaves the outer result alone; a trap (out of memory) gives a
// KundenwertError and the next call works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { kw, packageDir } from './package.mjs';
import { generate } from '../../benches/generate.mjs';

const resolve = (name) => createRequire(`${packageDir}/`).resolve(name);
const analysisEntry = resolve('kundenwert/analysis');
const { analyzeTransactions, detectFormat, KundenwertError } = await import(pathToFileURL(analysisEntry).href);
const models = await import(pathToFileURL(resolve('kundenwert/models')).href);
// The analysis wasm's runtime (not public): to count the analyses that still hold memory.
const { engine } = await import(pathToFileURL(join(dirname(analysisEntry), 'analysis-engine.js')).href);
const { core } = await import(pathToFileURL(join(dirname(resolve('kundenwert')), 'core.js')).href);
const fixture = (name) => new URL(`../fixtures/${name}`, import.meta.url);

await kw.init();

/** What a person reads off an analysis: ids, totals, segment and tier counts, cohorts, rows. */
function summary(r) {
  return {
    rows: r.rows,
    revenue: r.revenue,
    observationEnd: r.observationEnd,
    count: r.customers.count,
    ids: r.customers.id,
    total: Array.from(r.customers.total),
    frequency: Array.from(r.customers.frequency),
    segments: r.segments.map((s) => [s.segment, s.customers, s.revenueShare]),
    tiers: r.tiers.map((t) => [t.tier, t.customers]),
    channels: r.channels.map((c) => [c.channel, c.customers, c.clv]),
    cohorts: r.cohorts.map((c) => [c.month, c.customers, Array.from(c.retention)]),
    rejected: r.rejected.total,
  };
}

const dir = await mkdtemp(join(tmpdir(), 'kw-isolation-'));
const generated = join(dir, 'generated.csv');
await generate(30_000, generated, { channels: true, seed: 7 });
const german = 'Kunde;Datum;Betrag\n' + Array.from({ length: 3000 }, (_, i) => `K-${i % 700};${String(1 + (i % 28)).padStart(2, '0')}.${String(1 + (i % 12)).padStart(2, '0')}.2024;${(i % 97) + 1},50`).join('\n') + '\n';
const FILES = [
  ['CDNOW master', await readFile(fixture('CDNOW_master.txt')), {}],
  ['CDNOW sample', await readFile(fixture('CDNOW_sample.txt')), { periodUnit: 'day' }],
  ['generated, with channels', await readFile(generated), { periodUnit: 'month' }],
  ['German export', german, { periodUnit: 'week' }],
];
await rm(dir, { recursive: true, force: true });

// First in this file: it needs the analysis module fresh.
test('Blobs at once, each with its detected format as options (as <customer-segmenter> passes them)', async () => {
  // A memory growth in one analysis' chunk used to leave the next call's input tape written
  // into a detached view: the second analysis read the first one's options.
  const blobs = FILES.map(([, input]) => new Blob([input]));
  const options = [];
  for (const blob of blobs) {
    const f = await detectFormat(blob);
    options.push({ delimiter: f.delimiter, header: f.header, columns: { customer: f.mapping.customer, date: f.mapping.date, amount: f.mapping.amount }, dateFormat: f.dateFormat, decimal: f.decimal });
  }
  // Together first, in the fresh module: the memory grows while they run.
  const together = (await Promise.all(blobs.map((blob, i) => analyzeTransactions(blob, options[i])))).map(summary);
  const alone = [];
  for (let i = 0; i < blobs.length; i++) alone.push(summary(await analyzeTransactions(blobs[i], options[i])));
  FILES.forEach(([name], i) => assert.deepEqual(together[i], alone[i], name));
  assert.deepEqual(alone.map((a) => a.count), [23570, 2357, together[2].count, 700]);
});

test('four different files analysed at once: each result equals the same file analysed alone', async () => {
  const alone = [];
  for (const [, input, options] of FILES) alone.push(summary(await analyzeTransactions(input, options)));
  assert.equal(alone[0].count, 23570);
  assert.equal(alone[3].count, 700);
  const together = (await Promise.all(FILES.map(([, input, options]) => analyzeTransactions(input, options)))).map(summary);
  FILES.forEach(([name], i) => assert.deepEqual(together[i], alone[i], name));
  // Twice the same file at once (a React StrictMode effect): the same result twice.
  const [a, b] = await Promise.all([analyzeTransactions(FILES[0][1]), analyzeTransactions(FILES[0][1])]);
  assert.deepEqual(summary(a), alone[0]);
  assert.deepEqual(summary(b), alone[0]);
  assert.equal(engine.exports().analysisCount(), 0, 'every finished analysis freed its memory');
});

test('an analysis aborted while others run stops alone, frees its memory, and the others are right', async () => {
  const alone = summary(await analyzeTransactions(FILES[2][1], FILES[2][2]));
  const controller = new AbortController();
  let chunks = 0;
  const runs = [
    analyzeTransactions(FILES[0][1], { signal: controller.signal, onProgress: () => { if (++chunks === 1) controller.abort(new Error('stop')); } }),
    analyzeTransactions(FILES[2][1], FILES[2][2]),
    analyzeTransactions('Kunde;Datum;Betrag\nA;01.02.2024;zehn\n'), // fails: no valid row
  ];
  const [aborted, ok, failed] = await Promise.allSettled(runs);
  assert.equal(aborted.status, 'rejected');
  assert.equal(aborted.reason.message, 'stop');
  assert.deepEqual(summary(ok.value), alone);
  assert.equal(failed.status, 'rejected');
  assert.ok(failed.reason instanceof KundenwertError, String(failed.reason));
  assert.equal(engine.exports().analysisCount(), 0, 'the aborted and the failed analysis freed their memory');
});

test('format detection reads past a long header line: 50 lines or the whole file, up to 16 MB', async () => {
  // A header line of 70 KB (a note column with a very long name), then rows with 3 KB notes:
  // the first 64 KB hold no whole line.
  const header = `Kunde;Datum;Betrag;Notiz ${'x'.repeat(70_000)}`;
  const rows = Array.from({ length: 60 }, (_, i) => `K-${i % 7};${String(1 + (i % 28)).padStart(2, '0')}.03.2024;${i + 1},25;${'Lieferung '.repeat(300)}`);
  const text = `${header}\n${rows.join('\n')}\n`;
  const f = await detectFormat(text);
  assert.equal(f.delimiter, ';');
  assert.equal(f.dateFormat, 'DD.MM.YYYY');
  assert.equal(f.decimal, ',');
  assert.deepEqual([f.mapping.customer, f.mapping.date, f.mapping.amount], [0, 1, 2]);
  assert.equal(f.columns.length, 4);
  const r = await analyzeTransactions(text);
  assert.equal(r.customers.count, 7);
  assert.equal(r.revenue, Array.from({ length: 60 }, (_, i) => i + 1.25).reduce((a, b) => a + b));
  // \r line ends count too.
  const cr = await detectFormat(text.replaceAll('\n', '\r'));
  assert.equal(cr.dateFormat, 'DD.MM.YYYY');
});

test('a call from inside another call\'s input (a getter) leaves the outer result alone', () => {
  const plain = kw.clvSubscription({ arpa: 2000, churnRate: 0.05, grossMargin: 0.8, horizon: 24 });
  let inner;
  const nested = kw.clvSubscription({
    get arpa() {
      inner = kw.clvSimple({ revenuePerPeriod: 10, periods: 1 });
      return 2000;
    },
    churnRate: 0.05,
    get grossMargin() {
      // a larger inner input: the tape grows (and moves) under the outer call
      kw.nps(Array.from({ length: 20_000 }, (_, i) => i % 11));
      return 0.8;
    },
    horizon: 24,
  });
  assert.deepEqual(nested, plain);
  assert.deepEqual(inner, { clv: 10, totalClv: 10, annualRevenue: 120 });
  // Twice nested, and the inner call fails: the outer one is still right.
  const deep = kw.clvSubscription({
    arpa: 2000,
    get churnRate() {
      assert.throws(() => kw.cac({ spend: -1, newCustomers: 1 }), (e) => e.code === 'out_of_range');
      return kw.ltvCac({ get clv() { return kw.clvSimple({ revenuePerPeriod: 1, periods: 1600 }).clv; }, cac: 400 }).ratio / 80;
    },
    grossMargin: 0.8,
    horizon: 24,
  });
  assert.deepEqual(deep, plain);
});

test('the key cache: keys written once, any key a key (non-ASCII, __proto__, constructor), and full', () => {
  const unknown = (input, key) => assert.throws(() => kw.cac(input), (e) => {
    assert.ok(e instanceof kw.KundenwertError, String(e));
    assert.deepEqual([e.code, e.field], ['unknown_field', key]);
    assert.equal(e.message, `${key} is not a known field: expected one of spend, newCustomers`);
    return true;
  });
  // Each twice: the first call writes the key into the cache, the second finds it there.
  for (let i = 0; i < 2; i++) {
    unknown({ spend: 500, newCustomers: 4, größe: 1 }, 'größe');
    unknown({ spend: 500, newCustomers: 4, '客户': 1 }, '客户');
    unknown({ spend: 500, newCustomers: 4, '📈': 1 }, '📈');
    unknown(JSON.parse('{"spend": 500, "newCustomers": 4, "__proto__": 1}'), '__proto__');
    unknown({ spend: 500, newCustomers: 4, ['__proto__']: 1 }, '__proto__');
    unknown({ spend: 500, newCustomers: 4, constructor: 1 }, 'constructor');
    unknown({ spend: 500, newCustomers: 4, hasOwnProperty: 1 }, 'hasOwnProperty');
    assert.deepEqual(kw.cac({ spend: 500, newCustomers: 4 }), { cac: 125 }); // FORMULAS.md 5: 500 / 4
    // A non-ASCII text value beside cached keys, read back as given.
    const r = kw.cacByChannel([{ channel: 'Süßwaren 📈', spend: 900, newCustomers: 3 }, { channel: 'Search', spend: 1000, newCustomers: 10 }]);
    assert.deepEqual(r.channels.map((c) => [c.channel, c.cac]), [['Search', 100], ['Süßwaren 📈', 300]]);
  }
  // More distinct keys than the cache holds (4 KB): the rest are written with the text, every
  // error still names the first unknown key, and the calls after start the cache afresh.
  for (let round = 0; round < 3; round++) {
    const many = { spend: 500, newCustomers: 4 };
    for (let i = 0; i < 600; i++) many[`field-${round}-${i}-${'x'.repeat(i % 17)}`] = i;
    unknown(many, `field-${round}-0-`);
    assert.deepEqual(kw.cac({ spend: 500, newCustomers: 4 }), { cac: 125 });
    assert.equal(kw.tcv({ arpa: 100, churnRate: 0.05 }).clv, 2000); // FORMULAS.md 3: 100 / 0.05
  }
});

test('a call from a getter that adds keys, fills the cache or starts a fresh instance', () => {
  const plain = kw.retentionImpact({ arpa: 100, churnRate: 0.05, grossMargin: 0.8, retentionIncrease: 0.05, periodsPerYear: 12 });
  let inner;
  const outer = kw.retentionImpact({
    arpa: 100,
    get churnRate() {
      // keys the outer call has not written yet, and more than the cache holds
      inner = kw.healthScore({ parts: [{ name: 'usage', weight: 2, score: 90 }, { name: 'nps', weight: 1, score: 60 }] });
      const many = { spend: 1, newCustomers: 1 };
      for (let i = 0; i < 600; i++) many[`getter-${i}-${'y'.repeat(i % 13)}`] = i;
      assert.throws(() => kw.cac(many), (e) => e.code === 'unknown_field' && e.field === 'getter-0-');
      return 0.05;
    },
    grossMargin: 0.8,
    retentionIncrease: 0.05,
    periodsPerYear: 12,
  });
  assert.deepEqual(outer, plain);
  assert.equal(inner.score, 80); // FORMULAS.md 11: (2 × 90 + 60) / 3
  // The inner call traps (out of memory) and the instance starts afresh: the outer call's keys
  // written before it are put back into the new memory, and its result is still right.
  const instances = core.instance();
  let trapped = false;
  const after = kw.retentionImpact({
    arpa: 100,
    churnRate: 0.05,
    get grossMargin() {
      if (!trapped) {
        trapped = true;
        assert.throws(() => kw.nps(new Float64Array(12_000_000).fill(9)), (e) => e.code === 'too_large');
      }
      return 0.8;
    },
    retentionIncrease: 0.05,
    periodsPerYear: 12,
  });
  assert.equal(core.instance(), instances + 1, 'a real trap: the wasm was started afresh');
  assert.deepEqual(after, plain);
  assert.deepEqual(kw.retentionImpact({ periodsPerYear: 12, retentionIncrease: 0.05, grossMargin: 0.8, churnRate: 0.05, arpa: 100 }), plain);
});

test('models: a fit from inside the options of a prediction leaves both right', () => {
  const customers = { frequency: [0, 2, 5, 1], recency: [0, 10, 30, 4], T: [40, 38, 36, 20] };
  const model = models.bgNbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
  const plain = Array.from(model.expectedPurchases(10, customers));
  const hostile = {
    frequency: customers.frequency,
    get recency() {
      models.fitBgNbd({ frequency: [1, 2, 3, 0, 0, 4], recency: [5, 8, 9, 0, 0, 20], T: [30, 30, 30, 30, 30, 30] });
      return customers.recency;
    },
    T: customers.T,
  };
  assert.deepEqual(Array.from(model.expectedPurchases(10, hostile)), plain);
});

test('out of memory is a too_large KundenwertError, and the next call works', () => {
  const before = kw.clvSubscription({ arpa: 100, churnRate: 0.05, grossMargin: 0.8, horizon: 12 });
  const instances = core.instance();
  // Twelve million answers need a 200 MB input tape: more than the calculators' wasm may use.
  assert.throws(() => kw.nps(new Float64Array(12_000_000).fill(9)), (e) => {
    assert.ok(e instanceof kw.KundenwertError, String(e));
    assert.equal(e.code, 'too_large');
    return true;
  });
  assert.equal(core.instance(), instances + 1, 'a real trap: the wasm was started afresh');
  assert.equal(kw.nps({ promoters: 50, passives: 30, detractors: 20 }).nps, 30);
  assert.deepEqual(kw.clvSubscription({ arpa: 100, churnRate: 0.05, grossMargin: 0.8, horizon: 12 }), before);
  assert.ok(Math.abs(before.clv - 80 * (1 - 0.95 ** 12) / 0.05) < 1e-9, String(before.clv)); // FORMULAS.md 3, undiscounted
  assert.equal(kw.nps([10, 9, 8, 0]).nps, 25);
});

test('bounded work: long horizons, many customers, long lists are refused with the field named', async () => {
  const cdnow = await analyzeTransactions(FILES[0][1]);
  const c = cdnow.customers;
  const purchases = models.fitBgNbd(c);
  const spend = models.fitGammaGamma(c);
  const refused = (f, code, field, message) => assert.throws(f, (e) => {
    assert.ok(e instanceof KundenwertError || e instanceof kw.KundenwertError, String(e));
    assert.deepEqual([e.code, e.field], [code, field], e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
  refused(() => models.customerLifetimeValue(purchases, spend, c, { months: 121 }), 'out_of_range', 'months', /1 to 120/);
  // Each distinct history is forecast once: CDNOW's 23,570 customers have 11,104, and 11,104 × 109
  // months is past 1,200,000 history-months: at most 108.
  refused(() => models.customerLifetimeValue(purchases, spend, c, { months: 109 }), 'out_of_range', 'months', /11104 distinct customer histories: at most 108 months/);
  const at108 = models.customerLifetimeValue(purchases, spend, c, { months: 108 });
  assert.equal(at108.length, 23570);
  assert.ok(at108.every(Number.isFinite));
  // One customer may look 120 months ahead.
  assert.ok(models.customerLifetimeValue(purchases, spend, { frequency: 2, recency: 30, T: 40, monetary: 30 }, { months: 120 }) > 0);
  refused(() => purchases.probabilityOfPurchases(10_001, 52, { frequency: 2, recency: 30, T: 40 }), 'out_of_range', 'n');
  refused(() => purchases.expectedPurchases(1e9, c), 'out_of_range', 't', /0 to 10,000 periods/);
  // In an analysis the forecast says why it was not made, naming models.months.
  const r = await analyzeTransactions(FILES[0][1], { models: { months: 60 } });
  assert.equal(r.models.problem.field, 'models.months');
  assert.equal(r.models.purchase, null);
  assert.equal(r.customers.count, 23570);
  await assert.rejects(analyzeTransactions(FILES[0][1], { models: { months: 1200 } }), (e) => e.field === 'models.months' && e.code === 'out_of_range');
  // Lists: a million answers are fine, one more is refused.
  assert.equal(kw.nps(new Uint8Array(1_000_000).fill(10)).nps, 100);
  refused(() => kw.nps(new Uint8Array(1_000_001).fill(10)), 'out_of_range', '', /more than 1,000,000 entries/);
  // A million channels do not even fit the calculators' memory: too_large, and the next call works.
  refused(() => kw.cacByChannel(Array.from({ length: 1_000_001 }, () => ({ channel: 'x', spend: 1, newCustomers: 1 }))), 'too_large', '');
  assert.equal(kw.cacByChannel([{ channel: 'seo', spend: 1000, newCustomers: 10 }]).channels[0].cac, 100);
});
