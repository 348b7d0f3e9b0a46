// kundenwert/models in Node, through the package as installed: the fits on the CDNOW sample
// against the published estimates, predictions against lifetimes (tests/fixtures/models), every
// input form, errors that name the field, the `models` option of an analysis, and the types.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { packageDir } from './package.mjs';

const resolve = (name) => createRequire(`${packageDir}/`).resolve(name);
const models = await import(pathToFileURL(resolve('kundenwert/models')).href);
const { analyzeTransactions } = await import(pathToFileURL(resolve('kundenwert/analysis')).href);
const { init, fitBgNbd, fitParetoNbd, fitGammaGamma, fitShiftedBetaGeometric, bgNbd, paretoNbd, gammaGamma, customerLifetimeValue, KundenwertError } = models;

const fixture = (name) => new URL(`../fixtures/${name}`, import.meta.url);
const reference = JSON.parse(await readFile(fixture('models/cdnow_sample_lifetimes.json'), 'utf8'));
const sbgReference = JSON.parse(await readFile(fixture('models/sbg_fader_hardie_2007.json'), 'utf8'));

function close(actual, expected, rel, what) {
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected) + 1e-12, `${what}: ${actual} vs ${expected}`);
}

/** The [code, field] of the KundenwertError that `f` throws, or null when it returns. */
function code(f) {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof KundenwertError);
    return [e.code, e.field];
  }
  return null;
}

test('before init() a fit throws not_initialized', () => {
  assert.throws(() => fitBgNbd({ frequency: [1], recency: [1], T: [2] }), (e) => e instanceof KundenwertError && e.code === 'not_initialized');
  assert.throws(() => bgNbd({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }).probabilityOfPurchases(2, 52), (e) => e instanceof KundenwertError && e.code === 'not_initialized');
  assert.throws(() => gammaGamma({ p: 6.25, q: 3.74, v: 15.44 }).meanSpend(), (e) => e instanceof KundenwertError && e.code === 'not_initialized');
});

await init();
// The CDNOW sample's calibration period (to 1997-09-30) in weeks, summarised by kundenwert itself.
const cdnow = await readFile(fixture('CDNOW_sample.txt'));
const sample = await analyzeTransactions(cdnow, { observationEnd: '1997-09-30', periodUnit: 'week', columns: { customer: 1, date: 2, amount: 4 } });
const customers = sample.customers;

test('BG/NBD on the CDNOW sample: the published estimates (FHL 2005) and lifetimes\' standard errors', () => {
  const m = fitBgNbd(customers);
  assert.equal(m.model, 'bg-nbd');
  const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  for (const [k, v] of Object.entries(published)) assert.ok(Math.abs(m.params[k] - v) <= 5e-4, `${k} ${m.params[k]}`);
  assert.ok(Math.abs(m.logLikelihood - -9582.4) <= 0.05);
  for (const k of Object.keys(published)) close(m.standardErrors[k], reference.bg_nbd.summary_table[k].se, 1e-3, `SE ${k}`);
  assert.equal(m.observations, 2357);
});

test('Pareto/NBD and Gamma-Gamma on the CDNOW sample: the published estimates', () => {
  const p = fitParetoNbd(customers);
  for (const [k, v] of Object.entries({ r: 0.553, alpha: 10.578, s: 0.606 })) assert.ok(Math.abs(p.params[k] - v) <= 5e-4, `${k} ${p.params[k]}`);
  close(p.params.beta, reference.pareto_nbd.refined_own_scipy.params.beta, 1e-4, 'beta');
  assert.ok(Math.abs(p.logLikelihood - -9594.976) <= 0.001);
  const g = fitGammaGamma(customers);
  for (const [k, v] of Object.entries({ p: 6.25, q: 3.74, v: 15.44 })) assert.ok(Math.abs(g.params[k] - v) <= 5e-3, `${k} ${g.params[k]}`);
  assert.equal(g.observations, 946);
  assert.equal(g.excluded, 1411);
  close(g.meanSpend(), reference.gamma_gamma.population_mean_spend, 1e-5, 'mean spend');
});

test('predictions per customer equal lifetimes\' at its parameters, for one customer, rows and columns', () => {
  const bg = bgNbd(reference.bg_nbd.params);
  const pn = paretoNbd(reference.pareto_nbd.params);
  const gg = gammaGamma(reference.gamma_gamma.params);
  const rows = reference.customers.map((c) => ({ frequency: c.frequency, recency: c.recency, T: c.T, monetary: c.monetary_value }));
  const clv = customerLifetimeValue(bg, gg, rows, { months: 12, discountRate: 0.01, periodUnit: 'week' });
  assert.ok(clv instanceof Float64Array && clv.length === rows.length);
  const alive = bg.probabilityAlive({ frequency: rows.map((r) => r.frequency), recency: rows.map((r) => r.recency), T: rows.map((r) => r.T) });
  reference.customers.forEach((c, i) => {
    close(alive[i], c.bg_nbd.p_alive, 1e-12, `P(alive) ${c.sample_id}`);
    close(bg.expectedPurchases(39, rows[i]), c.bg_nbd.expected_purchases_39, 1e-10, `BG/NBD E ${c.sample_id}`);
    close(pn.probabilityAlive(rows[i]), c.pareto_nbd.p_alive, 1e-9, `Pareto P(alive) ${c.sample_id}`);
    close(pn.expectedPurchases(39, rows[i]), c.pareto_nbd.expected_purchases_39, 1e-9, `Pareto E ${c.sample_id}`);
    for (const n of [0, 1, 2]) {
      close(pn.probabilityOfPurchases(n, 39, rows[i]), c.pareto_nbd.conditional_probability_of_n_purchases_39[n], 1e-8, `Pareto P(${n})`);
    }
    close(gg.expectedSpend(rows[i]), c.gamma_gamma_expected_average_profit, 1e-12, `spend ${c.sample_id}`);
    close(clv[i], c.clv_12_months, 1e-10, `CLV ${c.sample_id}`);
  });
  // A new customer: E[X(39)] and P(X(39) = n), FHL 2005 eq. 7 and 8.
  close(bg.expectedPurchases(39), reference.bg_nbd.expected_number_of_purchases_up_to_time['39'], 1e-10, 'E[X(39)]');
  close(bg.probabilityOfPurchases(0, 39), reference.bg_nbd.probability_of_n_purchases_up_to_time_39['0'], 1e-10, 'P(X(39) = 0)');
});

test('bad input names the field; a hopeless fit says it did not converge', () => {
  assert.deepEqual(code(() => fitBgNbd({ frequency: [1, 2], recency: [1, 9], T: [2, 5] })), ['out_of_range', 'recency[1]']);
  assert.deepEqual(code(() => fitBgNbd({ frequency: [1, 2], recency: [1], T: [2, 5] })), ['invalid_type', 'recency']);
  assert.deepEqual(code(() => fitBgNbd([{ frequency: 1, recency: '1', T: 2 }])), ['not_a_number', 'recency[0]']);
  assert.deepEqual(code(() => fitBgNbd({ frequency: [0, 0], recency: [0, 0], T: [3, 4] })), ['no_convergence', 'frequency']);
  assert.deepEqual(code(() => fitBgNbd({ recency: [0], T: [3] })), ['missing', 'frequency']);
  assert.deepEqual(code(() => fitGammaGamma({ frequency: [1, 2], recency: [1, 1], T: [2, 2] })), ['missing', 'monetary']);
  const bg = bgNbd({ r: 0.24, alpha: 4.4, a: 0.79, b: -1 });
  assert.deepEqual(code(() => bg.probabilityAlive({ frequency: 1, recency: 1, T: 2 })), ['out_of_range', 'bgNbd.b']);
  const good = bgNbd({ r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 });
  assert.deepEqual(code(() => good.expectedPurchases(Number.NaN)), ['not_a_number', 't']);
  assert.deepEqual(code(() => customerLifetimeValue(good, gammaGamma({ p: 6, q: 0.5, v: 15 }), { frequency: 1, recency: 1, T: 2, monetary: 10 })), ['diverges', 'gammaGamma.q']);
  assert.deepEqual(code(() => customerLifetimeValue(good, gammaGamma({ p: 6, q: 3, v: 15 }), { frequency: 1, recency: 1, T: 2, monetary: 10 }, { months: 1.5 })), ['not_an_integer', 'months']);
  assert.deepEqual(code(() => fitShiftedBetaGeometric([0.6, 0.7])), ['out_of_range', 'survival[1]']);
  assert.deepEqual(code(() => fitShiftedBetaGeometric([600, 500])), ['missing', 'cohortSize']);
});

test('a new customer\'s predictions, made from plain numbers, equal the usual call\'s bit for bit, and so do its errors', () => {
  // Parameters in another key order take the usual call (input and result tapes): the two
  // must agree on every value and every error.
  const reorder = (p) => Object.fromEntries(Object.entries(p).reverse());
  const outcome = (f) => {
    try {
      return { value: f() };
    } catch (e) {
      assert.ok(e instanceof KundenwertError, String(e));
      return { code: e.code, field: e.field, message: e.message };
    }
  };
  const bg = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  const pn = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
  const gg = { p: 6.25, q: 3.74, v: 15.44 };
  const purchases = [[bgNbd, bg], [paretoNbd, pn]];
  const bad = [Number.NaN, Infinity, -1, 0, '1', null, undefined];
  let values = 0;
  let errors = 0;
  const same = (what, fast, usual) => {
    const [a, b] = [outcome(fast), outcome(usual)];
    assert.deepEqual(a, b, what);
    if (a.value !== undefined) {
      assert.ok(Object.is(a.value, b.value) && Number.isFinite(a.value), `${what}: ${a.value}`);
      values++;
    } else {
      errors++;
    }
  };
  for (const [make, params] of purchases) {
    const variants = [params, ...Object.keys(params).flatMap((k) => bad.map((v) => ({ ...params, [k]: v })))];
    variants.push({ ...params, extra: 1 });
    for (const p of variants) {
      const [fast, usual] = [make(p), make(reorder(p))];
      for (const [n, t] of [[0, 52], [2, 52], [7, 39], [10_000, 39], [2, 0], [2.5, 52], [-1, 52], [10_001, 52], [2, Number.NaN], [2, -3], ['2', 52], [2, undefined]]) {
        same(`${make.name} ${JSON.stringify(p)} P(${n} in ${t})`, () => fast.probabilityOfPurchases(n, t), () => usual.probabilityOfPurchases(n, t));
      }
      for (const t of [52, 0, 1e4, 1e5, Number.NaN, undefined]) {
        same(`${make.name} ${JSON.stringify(p)} E[X(${t})]`, () => fast.expectedPurchases(t), () => usual.expectedPurchases(t));
      }
    }
  }
  for (const p of [gg, { ...gg, q: 1 }, { ...gg, p: -1 }, { ...gg, v: '15' }, { ...gg, extra: 0 }]) {
    const [fast, usual] = [gammaGamma(p), gammaGamma(reorder(p))];
    same(`meanSpend ${JSON.stringify(p)}`, () => fast.meanSpend(), () => usual.meanSpend());
  }
  assert.ok(values >= 15 && errors >= 500, `${values} values, ${errors} errors`);
  // lifetimes' fit to the CDNOW sample: its P(X(39) = n) and E[X(t)], through this path.
  const fitted = bgNbd(reference.bg_nbd.params);
  for (const [n, p] of Object.entries(reference.bg_nbd.probability_of_n_purchases_up_to_time_39)) {
    close(fitted.probabilityOfPurchases(Number(n), 39), p, 1e-10, `P(X(39) = ${n})`);
  }
  for (const [t, e] of Object.entries(reference.bg_nbd.expected_number_of_purchases_up_to_time)) {
    close(fitted.expectedPurchases(Number(t)), e, 1e-10, `E[X(${t})]`);
  }
});

test('one row per distinct history with a count: the same fits, predictions per row, a bad count named', () => {
  // GROUP BY frequency, recency, T (and frequency, monetary for the spend model) of the sample.
  const group = (keys) => {
    const rows = new Map();
    for (let i = 0; i < customers.frequency.length; i++) {
      const key = keys.map((k) => customers[k][i]).join('|');
      const row = rows.get(key) ?? { i, count: 0 };
      row.count += 1;
      rows.set(key, row);
    }
    const out = { count: new Float64Array(rows.size) };
    for (const k of ['frequency', 'recency', 'T', 'monetary']) out[k] = new Float64Array(rows.size);
    [...rows.values()].forEach((row, j) => {
      for (const k of ['frequency', 'recency', 'T', 'monetary']) out[k][j] = customers[k][row.i];
      out.count[j] = row.count;
    });
    return out;
  };
  const histories = group(['frequency', 'recency', 'T']);
  assert.ok(histories.count.length < customers.frequency.length / 2);
  const same = (a, b, what) => {
    for (const k of Object.keys(b.params)) close(a.params[k], b.params[k], 1e-10, `${what} ${k}`);
    close(a.logLikelihood, b.logLikelihood, 1e-10, `${what} LL`);
    for (const k of Object.keys(b.params)) close(a.standardErrors[k], b.standardErrors[k], 1e-10, `${what} SE ${k}`);
    assert.equal(a.observations, b.observations);
  };
  const bg = fitBgNbd(customers);
  same(fitBgNbd(histories), bg, 'BG/NBD');
  same(fitParetoNbd(histories), fitParetoNbd(customers), 'Pareto/NBD');
  const spendRows = group(['frequency', 'monetary']);
  const gg = fitGammaGamma(customers);
  const grouped = fitGammaGamma(spendRows);
  same(grouped, gg, 'Gamma-Gamma');
  assert.equal(grouped.excluded, 1411);
  // The same rows as a list of objects.
  const list = Array.from(histories.count, (count, j) => ({ frequency: histories.frequency[j], recency: histories.recency[j], T: histories.T[j], count }));
  same(fitBgNbd(list), bg, 'BG/NBD from objects');
  // Predictions per row: each row's value is that of its customers.
  const alive = bg.probabilityAlive(histories);
  const expected = bg.expectedPurchases(52, histories);
  assert.equal(alive.length, histories.count.length);
  const byHistory = new Map();
  const aliveAll = bg.probabilityAlive(customers);
  const expectedAll = bg.expectedPurchases(52, customers);
  for (let i = 0; i < customers.frequency.length; i++) byHistory.set(`${customers.frequency[i]}|${customers.recency[i]}|${customers.T[i]}`, i);
  for (let j = 0; j < alive.length; j++) {
    const i = byHistory.get(`${histories.frequency[j]}|${histories.recency[j]}|${histories.T[j]}`);
    assert.equal(alive[j], aliveAll[i]);
    assert.equal(expected[j], expectedAll[i]);
  }
  const clv = customerLifetimeValue(bg, gg, spendRows);
  assert.equal(clv.length, spendRows.count.length);
  // A count that is not a positive whole number names its row.
  const bad = { ...histories, count: Float64Array.from(histories.count) };
  bad.count[5] = 0;
  assert.throws(() => fitBgNbd(bad), (e) => e instanceof KundenwertError && e.code === 'out_of_range' && e.field === 'count[5]');
  bad.count[5] = 2.5;
  assert.throws(() => bg.probabilityAlive(bad), (e) => e.field === 'count[5]');
  assert.throws(() => fitBgNbd({ ...histories, count: histories.count.subarray(1) }), (e) => e.code === 'invalid_type' && e.field === 'count');
});

test('sBG on Fader & Hardie (2007): the published estimates, projections and lifetime', () => {
  for (const [name, segment] of Object.entries(sbgReference.segments)) {
    const percent = segment.published_percent_surviving_year_0_to_12.slice(1, 8);
    const m = fitShiftedBetaGeometric(percent, { unit: 'percent', cohortSize: 1000 });
    assert.ok(Math.abs(m.params.alpha - segment.published_estimates.alpha) <= 5e-4, `${name} alpha ${m.params.alpha}`);
    assert.ok(Math.abs(m.params.beta - segment.published_estimates.beta) <= 5e-4, `${name} beta ${m.params.beta}`);
    close(m.logLikelihood, segment.own_fit.log_likelihood, 1e-6, 'LL');
    close(m.standardErrors.alpha, segment.own_fit.standard_errors.alpha, 0.01, 'SE alpha');
    // The same fit from counts and from shares (shares alone carry no sample size: no SEs).
    const counts = fitShiftedBetaGeometric(segment.calibration_counts.alive_start_of_year_0_to_7.slice(1), { cohortSize: 1000 });
    close(counts.params.alpha, m.params.alpha, 1e-6, 'alpha from counts');
    const shares = fitShiftedBetaGeometric(percent.map((p) => p / 100));
    close(shares.params.beta, m.params.beta, 1e-6, 'beta from shares');
    assert.equal(shares.standardErrors, null);
    const own = fitShiftedBetaGeometric(percent, { unit: 'percent', cohortSize: 1000 });
    const p = own.project({ periods: 12, discountRate: 0.1, margin: 50 });
    for (let t = 8; t <= 12; t++) close(p.survival[t] * 100, segment.survival_percent[t].model, 1e-5, `S(${t})`);
    close(p.retention[0], segment.retention_rate['1'], 1e-5, 'r(1)');
    assert.equal(p.expectedLifetime, null, 'alpha < 1: infinite expected lifetime');
    // DEL = 1 + DERL(d, 1)/(1 + d): the first payment now, the renewals discounted.
    close(p.discountedExpectedLifetime, 1 + segment['derl_d_0.10']['1'].closed_form / 1.1, 1e-5, 'DEL');
    close(p.clv, 50 * p.discountedExpectedLifetime, 1e-12, 'CLV');
  }
});

test('the models option of an analysis: per-customer predictions and the holdout check', async () => {
  const r = await analyzeTransactions(cdnow, {
    observationEnd: '1998-06-30', periodUnit: 'week', columns: { customer: 1, date: 2, amount: 4 },
    models: { calibrationEnd: '1997-09-30', months: 12 },
  });
  const m = r.models;
  assert.equal(m.problem, null);
  assert.equal(m.purchaseModel, 'bg-nbd');
  assert.ok(m.customers.clv instanceof Float64Array && m.customers.clv.length === r.customers.count);
  assert.equal(m.holdout.actual, reference.calibration_holdout.totals.actual_holdout);
  close(m.holdout.predicted, reference.calibration_holdout.totals.predicted_bg_nbd, 1e-5, 'holdout predicted');
  assert.deepEqual(m.holdout.groups.map((g) => g.frequency), ['0', '1', '2', '3', '4', '5', '6', '7+']);
  assert.ok(m.likelyLost.length > 0);
  const none = await analyzeTransactions(cdnow, { columns: { customer: 1, date: 2, amount: 4 } });
  assert.equal(none.models, null);
});

test('prepared customers: the same fits and predictions bit for bit, every input form, errors, free()', () => {
  const { prepareCustomers } = models;
  const prepared = prepareCustomers(customers);
  assert.equal(prepared.rows, 2357);
  assert.equal(prepared.monetary, true);
  assert.ok(prepared.histories > 100 && prepared.histories < 2357, `${prepared.histories} histories`);
  const bg = fitBgNbd(customers);
  const pn = fitParetoNbd(customers);
  const gg = fitGammaGamma(customers);
  // A fit on the prepared customers is the fit on their columns, to the last bit.
  const found = (m) => Object.fromEntries(Object.entries(m).filter(([, v]) => typeof v !== 'function'));
  for (const [a, b] of [[fitBgNbd(prepared), bg], [fitParetoNbd(prepared), pn], [fitGammaGamma(prepared), gg]]) {
    assert.deepEqual(found(a), found(b));
    assert.ok(Object.keys(found(a)).length >= 6);
  }
  const clvOptions = { months: 12, discountRate: 0.01, periodUnit: 'week' };
  const cases = {
    'P(alive)': (c) => bg.probabilityAlive(c),
    'expected purchases': (c) => bg.expectedPurchases(52, c),
    'P(2 purchases)': (c) => bg.probabilityOfPurchases(2, 52, c),
    'Pareto/NBD P(alive)': (c) => pn.probabilityAlive(c),
    'Pareto/NBD expected purchases': (c) => pn.expectedPurchases(39, c),
    'expected spend': (c) => gg.expectedSpend(c),
    CLV: (c) => customerLifetimeValue(bg, gg, c, clvOptions),
    'Pareto/NBD CLV': (c) => customerLifetimeValue(pn, gg, c, clvOptions),
  };
  for (const [name, predict] of Object.entries(cases)) {
    const want = predict(customers);
    const got = predict(prepared);
    assert.ok(got instanceof Float64Array && got.length === 2357, name);
    assert.deepEqual(got, want, name);
  }
  // `into`: the values written into the caller's array, which is returned; the same values.
  const into = new Float64Array(2357).fill(-1);
  const intoCases = {
    'P(alive)': (c, o) => bg.probabilityAlive(c, o),
    'expected purchases': (c, o) => bg.expectedPurchases(52, c, o),
    'P(2 purchases)': (c, o) => bg.probabilityOfPurchases(2, 52, c, o),
    'Pareto/NBD P(alive)': (c, o) => pn.probabilityAlive(c, o),
    'expected spend': (c, o) => gg.expectedSpend(c, o),
    CLV: (c, o) => customerLifetimeValue(bg, gg, c, { ...clvOptions, ...o }),
  };
  for (const [name, predict] of Object.entries(intoCases)) {
    for (const input of [prepared, customers]) {
      into.fill(-1);
      assert.equal(predict(input, { into }), into, name);
      assert.deepEqual(into, predict(input), name);
    }
    // A small list (its values come inline on the result tape), into an array of its length.
    const three = { frequency: customers.frequency.slice(0, 3), recency: customers.recency.slice(0, 3), T: customers.T.slice(0, 3), monetary: customers.monetary.slice(0, 3) };
    const small = new Float64Array(3);
    assert.equal(predict(three, { into: small }), small, name);
    assert.deepEqual(small, predict(three), name);
  }
  // A wrong `into` is named and nothing is written; an unknown option is named too.
  into.fill(7);
  assert.deepEqual(code(() => bg.probabilityAlive(prepared, { into: new Float64Array(2356) })), ['invalid_type', 'into']);
  assert.deepEqual(code(() => bg.probabilityAlive(customers, { into: new Float32Array(2357) })), ['invalid_type', 'into']);
  assert.deepEqual(code(() => bg.probabilityAlive(customers, { into: [] })), ['invalid_type', 'into']);
  assert.deepEqual(code(() => bg.probabilityAlive({ frequency: 1, recency: 1, T: 2 }, { into })), ['invalid_type', 'into']);
  assert.deepEqual(code(() => bg.expectedPurchases(52, undefined, { into })), ['invalid_type', 'into']);
  assert.deepEqual(code(() => bg.probabilityAlive(prepared, { inot: into })), ['invalid_type', 'inot']);
  assert.deepEqual(code(() => bg.probabilityAlive(prepared, 5)), ['invalid_type', 'options']);
  assert.deepEqual(code(() => bg.probabilityAlive(prepared, into)), ['invalid_type', 'options']);
  // The rows as prepared count, not what the property says after.
  prepared.rows = 3;
  assert.equal(bg.probabilityAlive(prepared, { into }), into);
  assert.deepEqual(code(() => bg.probabilityAlive(prepared, { into: new Float64Array(3) })), ['invalid_type', 'into']);
  prepared.rows = 2357;
  into.fill(7);
  assert.deepEqual(code(() => customerLifetimeValue(bg, gg, prepared, { into: new Float64Array(1) })), ['invalid_type', 'into']);
  assert.deepEqual(code(() => bg.expectedPurchases(Number.NaN, prepared, { into })), ['not_a_number', 't']);
  assert.ok(into.every((v) => v === 7), 'an error leaves into as it was');
  // One customer's values are those of the customer alone (lifetimes' reference values).
  const i = reference.customers[0].sample_id - 1;
  close(bg.probabilityAlive(prepared)[i], bg.probabilityAlive({ frequency: customers.frequency[i], recency: customers.recency[i], T: customers.T[i] }), 0, 'one customer');
  // A list of objects, and a grouped summary with counts: one value per row, as with the columns.
  const list = Array.from(customers.frequency, (frequency, j) => ({ frequency, recency: customers.recency[j], T: customers.T[j] }));
  const fromList = prepareCustomers(list);
  assert.equal(fromList.monetary, false);
  assert.deepEqual(bg.probabilityAlive(fromList), bg.probabilityAlive(customers));
  assert.deepEqual(found(fitBgNbd(fromList)), found(bg));
  const counted = { frequency: [0, 2, 2], recency: [0, 30, 30.5], T: [38, 39, 39], count: [5, 1, 3] };
  const grouped = prepareCustomers(counted);
  assert.equal(grouped.rows, 3);
  assert.deepEqual(bg.expectedPurchases(39, grouped), bg.expectedPurchases(39, counted));
  // Errors name the field and row, as a fit's would.
  assert.deepEqual(code(() => prepareCustomers({ frequency: [1, 2], recency: [1, 9], T: [2, 5] })), ['out_of_range', 'recency[1]']);
  assert.deepEqual(code(() => prepareCustomers({ frequency: [1, 2], recency: [1, 1], T: [2, 5], monetary: [3, Number.NaN] })), ['not_a_number', 'monetary[1]']);
  assert.deepEqual(code(() => prepareCustomers({ frequency: [1], recency: [1], T: [2], count: [1.5] })), ['out_of_range', 'count[0]']);
  assert.deepEqual(code(() => prepareCustomers({ frequency: [], recency: [], T: [] })), ['empty', 'frequency']);
  assert.deepEqual(code(() => prepareCustomers(null)), ['invalid_type', 'customers']);
  assert.deepEqual(code(() => gg.expectedSpend(fromList)), ['missing', 'monetary']);
  assert.deepEqual(code(() => fitGammaGamma(fromList)), ['missing', 'monetary']);
  assert.equal(prepareCustomers(prepared), prepared);
  // free(): idempotent; using freed customers is an error on `customers`.
  for (const p of [prepared, fromList, grouped]) {
    p.free();
    p.free();
  }
  assert.deepEqual(code(() => bg.probabilityAlive(prepared)), ['invalid_type', 'customers']);
  assert.deepEqual(code(() => fitBgNbd(grouped)), ['invalid_type', 'customers']);
  if (typeof Symbol.dispose === 'symbol') {
    const p = prepareCustomers(counted);
    p[Symbol.dispose]();
    assert.deepEqual(code(() => bg.probabilityAlive(p)), ['invalid_type', 'customers']);
  }
});

test('the declarations (models.d.ts) and the module export the same names, and a usage compiles', () => {
  const dts = join(dirname(fileURLToPath(pathToFileURL(resolve('kundenwert/models')))), 'models.d.ts');
  const usage = fileURLToPath(new URL('./models-usage.ts', import.meta.url));
  const program = ts.createProgram([dts, usage], { strict: true, noEmit: true, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], moduleResolution: ts.ModuleResolutionKind.Bundler, module: ts.ModuleKind.ESNext, paths: { 'kundenwert/models': [dts] } });
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  assert.deepEqual(diagnostics, []);
  const checker = program.getTypeChecker();
  const declared = checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(dts)))
    .map((s) => s.name).filter((n) => !/^[A-Z]/.test(n) || n === 'KundenwertError').sort();
  assert.deepEqual(declared, Object.keys(models).sort());
});

test('kundenwert/retention: the same sBG over its own small wasm', async () => {
  const retention = await import(pathToFileURL(resolve('kundenwert/retention')).href);
  assert.throws(() => retention.fitShiftedBetaGeometric([0.6, 0.5]), (e) => e.code === 'not_initialized');
  await retention.init();
  const percent = sbgReference.segments.regular.published_percent_surviving_year_0_to_12.slice(1, 8);
  const small = retention.fitShiftedBetaGeometric(percent, { unit: 'percent', cohortSize: 1000 });
  const big = fitShiftedBetaGeometric(percent, { unit: 'percent', cohortSize: 1000 });
  assert.deepEqual(small.params, big.params);
  assert.deepEqual(small.project({ periods: 12 }), big.project({ periods: 12 }));
  assert.deepEqual(Object.keys(retention).sort(), ['KundenwertError', 'default', 'fitShiftedBetaGeometric', 'init', 'shiftedBetaGeometric']);
  assert.throws(() => retention.shiftedBetaGeometric({ alpha: 1, beta: -2 }).project(), (e) => e.code === 'out_of_range' && e.field === 'beta');
});
