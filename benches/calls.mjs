// Cost of a call across the boundary: median microseconds per call over `rounds` rounds of
// `calls` calls each, after a warm-up. Shared by the Node and the Chromium benchmark (npm run
// bench) and by benches/calls-compare.mjs (two builds interleaved, with min-max).
export const CASES = {
  'clvSubscription (open horizon, 104-period series)': (kw) => () => kw.clvSubscription({ arpa: 100, churnRate: 0.05, grossMargin: 0.8 }),
  'clvSubscription (12-month horizon)': (kw) => () => kw.clvSubscription({ arpa: 100, churnRate: 0.05, grossMargin: 0.8, horizon: 12 }),
  'clvSimple': (kw) => () => kw.clvSimple({ revenuePerPeriod: 50, periods: 24, customers: 100, periodsPerYear: 12 }),
  'clvPurchase': (kw) => () => kw.clvPurchase({ averageOrderValue: 80, purchasesPerYear: 4, retentionYears: 3, grossMargin: 0.4, acquisitionCost: 60 }),
  'orderMetrics': (kw) => () => kw.orderMetrics({ totalRevenue: 120000, numberOfOrders: 1500, uniqueCustomers: 600 }),
  'clvRetention': (kw) => () => kw.clvRetention({ margin: 200, retentionRate: 0.8, discountRate: 0.1 }),
  'cac': (kw) => () => kw.cac({ spend: 50000, newCustomers: 125 }),
  'cacByChannel (3 channels)': (kw) => () => kw.cacByChannel([
    { channel: 'Search', spend: 20000, newCustomers: 80, clv: 1600 },
    { channel: 'Social', spend: 12000, newCustomers: 30, clv: 1200 },
    { channel: 'Events', spend: 9000, newCustomers: 10 },
  ]),
  'ltvCac': (kw) => () => kw.ltvCac({ clv: 1600, cac: 400 }),
  'payback (6 fields)': (kw) => () => kw.payback({ cac: 400, arpa: 100, grossMargin: 0.8, churnRate: 0.05, expansionRate: 0.01, discountRate: 0.01 }),
  'tcv (all 15 fields)': (kw) => () => kw.tcv({ arpa: 100, churnRate: 0.05, grossMargin: 0.8, expansionRate: 0.01, discountRate: 0.01, horizon: 60,
    referralsPerCustomer: 0.5, valuePerReferral: 400, acquisitionCost: 500, onboardingCost: 150, serviceCost: 5, accountManagementCost: 3,
    retentionCost: 1, dunningCost: 0.5, upgradeCost: 0.5 }),
  'retentionImpact (8 fields)': (kw) => () => kw.retentionImpact({ arpa: 100, churnRate: 0.05, grossMargin: 0.8, expansionRate: 0.01, discountRate: 0.01,
    acquisitionCost: 500, retentionIncrease: 0.05, periodsPerYear: 12 }),
  'nps (counts)': (kw) => () => kw.nps({ promoters: 60, passives: 25, detractors: 15 }),
  'nps (20 answers)': (kw) => () => kw.nps([10, 9, 9, 8, 7, 10, 6, 5, 9, 10, 3, 8, 9, 10, 7, 9, 2, 10, 9, 8]),
  'healthScore (3 parts, thresholds)': (kw) => () => kw.healthScore({
    parts: [{ name: 'usage', weight: 2, score: 90 }, { name: 'nps', weight: 1, score: 60 }, { name: 'support', weight: 1, score: 75 }],
    thresholds: { healthy: 85, neutral: 65, atRisk: 40 },
  }),
  'an input error (thrown KundenwertError)': (kw) => () => { try { kw.cac({ spend: -1, newCustomers: 1 }); } catch { /* expected */ } },
  // What throwing an Error costs the engine by itself, no kundenwert involved: the share of the
  // case above that no change to kundenwert can remove.
  'for reference: throw and catch an Error, no kundenwert': () => () => { try { throw new Error('spend must not be negative'); } catch { /* expected */ } },
};

/** One round: microseconds per call of `f` over `calls` calls. */
export function round(f, calls) {
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) f();
  return ((performance.now() - t0) * 1000) / calls;
}

/** Every case's per-round figures ({ name: [µs per call of each round] }). */
export function rounds(kw, { rounds: count = 15, calls = 20000 } = {}) {
  const out = {};
  for (const [name, make] of Object.entries(CASES)) {
    const f = make(kw);
    for (let i = 0; i < calls; i++) f(); // warm-up: let the JIT settle
    out[name] = [];
    for (let r = 0; r < count; r++) out[name].push(round(f, calls));
  }
  return out;
}

/** Every case's median µs per call (what npm run bench prints). */
export function measure(kw, options) {
  const out = {};
  for (const [name, xs] of Object.entries(rounds(kw, options))) {
    xs.sort((a, b) => a - b);
    out[name] = xs[Math.floor(xs.length / 2)];
  }
  return out;
}

/**
 * Two builds `a` and `b` of the API, interleaved round by round (a, b, a, b ...) so that the
 * machine's load falls on both alike: { name: { a: [µs ...], b: [µs ...] } }. `only`: just
 * the cases whose name contains it.
 */
export function interleaved(a, b, { rounds: count = 15, calls = 20000, only = '' } = {}) {
  const out = {};
  for (const [name, make] of Object.entries(CASES)) {
    if (only && !name.includes(only)) continue;
    const fa = make(a);
    const fb = make(b);
    for (let i = 0; i < calls; i++) { fa(); fb(); }
    out[name] = { a: [], b: [] };
    for (let r = 0; r < count; r++) {
      out[name].a.push(round(fa, calls));
      out[name].b.push(round(fb, calls));
    }
  }
  return out;
}
