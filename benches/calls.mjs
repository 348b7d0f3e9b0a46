// Cost of a call across the boundary: median microseconds per call over `rounds` rounds of
// `calls` calls each, after a warm-up. Shared by the Node and the Chromium benchmark.
export const CASES = {
  'clvSubscription (open horizon, 104-period series)': (kw) => () => kw.clvSubscription({ arpa: 100, churnRate: 0.05, grossMargin: 0.8 }),
  'clvSubscription (12-month horizon)': (kw) => () => kw.clvSubscription({ arpa: 100, churnRate: 0.05, grossMargin: 0.8, horizon: 12 }),
  'ltvCac': (kw) => () => kw.ltvCac({ clv: 1600, cac: 400 }),
  'tcv (all 15 fields)': (kw) => () => kw.tcv({ arpa: 100, churnRate: 0.05, grossMargin: 0.8, expansionRate: 0.01, discountRate: 0.01, horizon: 60,
    referralsPerCustomer: 0.5, valuePerReferral: 400, acquisitionCost: 500, onboardingCost: 150, serviceCost: 5, accountManagementCost: 3,
    retentionCost: 1, dunningCost: 0.5, upgradeCost: 0.5 }),
  'an input error (thrown KundenwertError)': (kw) => () => { try { kw.cac({ spend: -1, newCustomers: 1 }); } catch { /* expected */ } },
};

export function measure(kw, { rounds = 15, calls = 20000 } = {}) {
  const out = {};
  for (const [name, make] of Object.entries(CASES)) {
    const f = make(kw);
    for (let i = 0; i < calls; i++) f(); // warm-up: let the JIT settle
    const perCall = [];
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      for (let i = 0; i < calls; i++) f();
      perCall.push(((performance.now() - t0) * 1000) / calls);
    }
    perCall.sort((a, b) => a - b);
    out[name] = perCall[Math.floor(rounds / 2)];
  }
  return out;
}
