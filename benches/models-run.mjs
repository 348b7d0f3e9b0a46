// The model fits timed on the CDNOW sample, the master file and the master file ten times over,
// the same code in Node and in Chromium (benches/models.html). Summaries are built first and
// not timed, as the lifetimes script does.

/** The three summaries of benches/lifetimes/bench.py, made by kundenwert's own analysis. */
export async function summaries(analyzeTransactions, sampleFile, masterFile, replicate = 10) {
  const sample = (await analyzeTransactions(sampleFile, {
    observationEnd: '1997-09-30', periodUnit: 'week', columns: { customer: 1, date: 2, amount: 4 },
  })).customers;
  const master = (await analyzeTransactions(masterFile, { observationEnd: '1998-06-30', periodUnit: 'week' })).customers;
  const times = (c) => {
    const out = {};
    for (const key of ['frequency', 'recency', 'T', 'monetary']) {
      out[key] = new Float64Array(c[key].length * replicate);
      for (let k = 0; k < replicate; k++) out[key].set(c[key], k * c[key].length);
    }
    return out;
  };
  return { sample, master, [`master_x${replicate}`]: times(master) };
}

/**
 * Median milliseconds of each fit (one warm-up, then `runs`), with the parameters found. With
 * a build that has `prepareCustomers`, each fit also on the customers prepared once
 * (`bg_nbd_prepared` ...: grouped before, untimed, as lifetimes is given its rows with
 * weights=), and the preparing itself (`prepare`).
 */
export function timeFits(models, data, runs = 5) {
  const out = {};
  for (const [name, customers] of Object.entries(data)) {
    out[name] = { customers: customers.frequency.length };
    const prepared = models.prepareCustomers ? timed(() => models.prepareCustomers(customers), runs, (p) => p.free()) : null;
    if (prepared) out[name].prepare = { ms: prepared.ms };
    const inputs = prepared ? [['', customers], ['_prepared', prepared.value]] : [['', customers]];
    for (const [suffix, input] of inputs) {
      for (const [model, fit] of [['bg_nbd', models.fitBgNbd], ['pareto_nbd', models.fitParetoNbd], ['gamma_gamma', models.fitGammaGamma]]) {
        const { ms, value: result } = timed(() => fit(input), runs);
        out[name][model + suffix] = { ms, params: result.params, logLikelihood: result.logLikelihood, iterations: result.iterations };
      }
    }
    prepared?.value.free();
  }
  return out;
}

/**
 * `f` once as a warm-up, then `runs` times: the median ms and the last value (`drop` frees the
 * others). With `calls`, each time is of that many calls in a row, divided by them (for a call
 * of microseconds, which one reading of the clock would not resolve).
 */
function timed(f, runs, drop, calls = 1) {
  let value = f();
  const times = [];
  for (let i = 0; i < runs; i++) {
    drop?.(value);
    const t0 = performance.now();
    for (let k = 0; k < calls; k++) value = f();
    times.push((performance.now() - t0) / calls);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(runs / 2)], min: times[0], max: times[runs - 1], value };
}

/**
 * The predictions of one number (a new customer's), microseconds a call: timed this many calls
 * at a time, here and in benches/lifetimes/weighted.py alike.
 */
const CALLS = { probability_of_purchases: 1000 };

/**
 * Median milliseconds of each per-customer prediction over `customers` (one warm-up, then
 * `runs`), at the parameters of the fits, as benches/lifetimes/weighted.py times lifetimes'.
 */
export function timePredictions(models, customers, runs = 5) {
  const bg = models.fitBgNbd(customers);
  const gg = models.fitGammaGamma(customers);
  const cases = {
    probability_alive: () => bg.probabilityAlive(customers),
    expected_purchases: () => bg.expectedPurchases(52, customers),
    probability_of_purchases: () => bg.probabilityOfPurchases(2, 52), // a new customer, as lifetimes defines it
    expected_spend: () => gg.expectedSpend(customers),
    clv: () => models.customerLifetimeValue(bg, gg, customers, { months: 12, discountRate: 0.01, periodUnit: 'week' }),
  };
  // The same on the customers prepared once (kept in the wasm, untimed: lifetimes' rows and
  // arrays are made before its timing too), where the build has prepareCustomers.
  const prepared = models.prepareCustomers?.(customers);
  if (prepared) {
    Object.assign(cases, {
      probability_alive_prepared: () => bg.probabilityAlive(prepared),
      expected_purchases_prepared: () => bg.expectedPurchases(52, prepared),
      expected_spend_prepared: () => gg.expectedSpend(prepared),
      clv_prepared: () => models.customerLifetimeValue(bg, gg, prepared, { months: 12, discountRate: 0.01, periodUnit: 'week' }),
    });
    // And into an array of the caller's, made once (`into`), as a caller predicting again and
    // again would: no 1.9 MB array allocated each call. A build without `into` is not timed so.
    const into = new Float64Array(prepared.rows);
    const one = new Float64Array(1); // (a build with `into` returns it: asked of one customer, not to warm the timed code)
    if (bg.probabilityAlive({ frequency: [1], recency: [1], T: [2] }, { into: one }) === one) {
      Object.assign(cases, {
        probability_alive_into: () => bg.probabilityAlive(prepared, { into }),
        expected_purchases_into: () => bg.expectedPurchases(52, prepared, { into }),
        expected_spend_into: () => gg.expectedSpend(prepared, { into }),
        clv_into: () => models.customerLifetimeValue(bg, gg, prepared, { months: 12, discountRate: 0.01, periodUnit: 'week', into }),
      });
    }
  }
  const out = {};
  for (const [name, predict] of Object.entries(cases)) {
    const { ms, min, max, value: values } = timed(predict, runs, undefined, CALLS[name] ?? 1);
    const sum = typeof values === 'number' ? values : values.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
    out[name] = { ms, min, max, sum };
  }
  prepared?.free();
  return out;
}
