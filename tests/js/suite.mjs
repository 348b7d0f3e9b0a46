// The package's test suite through its public API only. One suite, every packaging: it runs
// in Node against the installed tarball (run-node.test.mjs), in Chromium against the static
// files (tests/e2e/api.spec.mjs) and inside a Vite production build (tests/vite-app).
// Reference values cite FORMULAS.md sections or the hand computation they come from.
import { close, deepEqual, equal, ok, throwsCode } from './assert.mjs';

/** The tests, in order: `[name, async fn]`. `kw` is the imported package. */
export function tests(kw) {
  const E = kw.KundenwertError;
  const t = [];
  const test = (name, fn) => t.push([name, fn]);

  test('every function throws not_initialized before init() resolves', () => {
    throwsCode(() => kw.clvSubscription({ arpa: 100, churnRate: 0.05 }), E, 'not_initialized', '');
  });

  test('init() resolves, and again: idempotent', async () => {
    const first = kw.init();
    const second = kw.init();
    equal(first, second, 'the same promise:');
    await first;
    await kw.init();
    equal(kw.default, kw.init, 'default export is init:');
  });

  test('clvSimple: 100 a month for 24 months is 2,400; 100 customers bring 120,000 a year (FORMULAS.md 1)', () => {
    const r = kw.clvSimple({ revenuePerPeriod: 100, periods: 24, customers: 100 });
    deepEqual(r, { clv: 2400, totalClv: 240000, annualRevenue: 120000 });
  });

  test('clvPurchase: 50 × 4 × 3 × 0.4 − 60 = 180 (FORMULAS.md 2, by hand)', () => {
    const r = kw.clvPurchase({ averageOrderValue: 50, purchasesPerYear: 4, retentionYears: 3, grossMargin: 0.4, acquisitionCost: 60 });
    close(r.clv, 180);
    close(r.annualRevenue, 200);
    close(r.lifetimeRevenue, 600);
    close(r.lifetimeGrossProfit, 240);
    equal(r.acquisitionCost, 60);
    close(kw.clvPurchase({ averageOrderValue: 50, purchasesPerYear: 4, retentionYears: 3 }).clv, 600, 1e-9, 'margin defaults to 1:');
  });

  test('orderMetrics: 12,000 of revenue in 300 orders by 100 customers (FORMULAS.md 2 helpers)', () => {
    deepEqual(kw.orderMetrics({ totalRevenue: 12000, numberOfOrders: 300, uniqueCustomers: 100 }),
      { averageOrderValue: 40, purchaseFrequency: 3, customerValue: 120 });
  });

  test('clvSubscription: 100 / 0.05 = 2,000; with margin 0.8, 1,600; lifetime 20 (FORMULAS.md 3)', () => {
    const a = kw.clvSubscription({ arpa: 100, churnRate: 0.05 });
    equal(a.clv, 2000);
    equal(a.expectedLifetime, 20);
    const b = kw.clvSubscription({ arpa: 100, churnRate: 0.05, grossMargin: 0.8 });
    equal(b.clv, 1600);
    equal(b.periodMargin, 80);
    close(b.retentionFactor, 0.95, 1e-15);
  });

  test('clvSubscription: the series is per period, plain arrays, and sums to CLV', () => {
    const r = kw.clvSubscription({ arpa: 100, churnRate: 0.05, grossMargin: 0.8 });
    const { survival, value, cumulative } = r.series;
    ok(Array.isArray(survival) && Array.isArray(value) && Array.isArray(cumulative), 'plain arrays');
    equal(survival.length, 104, 'open horizon: until 99.5 % of CLV (0.95^104 < 0.005):');
    equal(value.length, 104);
    equal(survival[0], 1);
    close(survival[2], 0.9025, 1e-12);
    close(value[1], 76, 1e-12);
    close(cumulative[1], 156, 1e-12);
    ok(cumulative[103] >= 0.995 * 1600 && cumulative[103] < 1600, 'the last cumulative value is within 0.5 % of CLV');
  });

  test('clvSubscription: a 3-period horizon sums three discounted, growing margins (by hand)', () => {
    // q = 1.02 × 0.9 / 1.01; CLV = 100 × (1 + q + q²)
    const q = (1.02 * 0.9) / 1.01;
    const r = kw.clvSubscription({ arpa: 100, churnRate: 0.1, expansionRate: 0.02, discountRate: 0.01, horizon: 3 });
    close(r.clv, 100 * (1 + q + q * q), 1e-9);
    equal(r.series.value.length, 3);
    close(r.expectedLifetime, 1 + 0.9 + 0.81, 1e-12);
  });

  test('clvSubscription: an open horizon that never declines is a diverges error on churnRate', () => {
    throwsCode(() => kw.clvSubscription({ arpa: 100, churnRate: 0 }), E, 'diverges', 'churnRate');
    throwsCode(() => kw.clvSubscription({ arpa: 100, churnRate: 0.01, expansionRate: 0.02 }), E, 'diverges', 'churnRate');
    close(kw.clvSubscription({ arpa: 100, churnRate: 0, horizon: 24 }).clv, 2400, 1e-9, 'a horizon makes it finite:');
    equal(kw.clvSubscription({ arpa: 100, churnRate: 0, discountRate: 0.01 }).expectedLifetime, null, 'never leaves:');
  });

  test('clvRetention: margin multiple 2.667 at r = 0.8, d = 0.1 (FORMULAS.md 4)', () => {
    const r = kw.clvRetention({ margin: 300, retentionRate: 0.8, discountRate: 0.1 });
    close(r.marginMultiple, 0.8 / 0.3, 1e-12);
    close(r.clv, 800, 1e-9);
  });

  test('cac and ltvCac: bands at their boundaries (FORMULAS.md 5, 6)', () => {
    deepEqual(kw.cac({ spend: 50000, newCustomers: 125 }), { cac: 400 });
    const band = (clv) => kw.ltvCac({ clv, cac: 100 }).band;
    equal(band(99), 'losing');
    equal(band(100), 'below-target');
    equal(band(299), 'below-target');
    equal(band(300), 'healthy');
    equal(band(500), 'healthy');
    equal(band(501), 'under-investing');
    deepEqual(kw.ltvCac({ clv: 1600, cac: 400 }), { ratio: 4, band: 'healthy' });
  });

  test('texts come back as given: channel names of 1 to 70 characters, ASCII, umlauts and emoji anywhere', () => {
    // The result's short texts are read by a different path from long or non-ASCII ones.
    const names = [];
    for (let len = 1; len <= 70; len++) names.push('abcdefghij'.repeat(8).slice(0, len));
    for (const special of ['ä', 'ß', '€', '😀']) {
      for (const at of [0, 3, 63]) names.push(`${'k'.repeat(at)}${special}${'z'.repeat(64 - at)}`);
      names.push(`Kanal ${special}`);
    }
    const r = kw.cacByChannel(names.map((channel, i) => ({ channel, spend: 100 + i, newCustomers: 1 })));
    deepEqual(r.channels.map((c) => c.channel).sort(), [...names].sort());
    for (const c of r.channels) equal(c.spend, 100 + names.indexOf(c.channel), `${c.channel}: spend`);
  });

  test('cacByChannel: ranked by LTV:CAC, with a blended total', () => {
    const r = kw.cacByChannel([
      { channel: 'Google Ads', spend: 20000, newCustomers: 50, clv: 1600 },
      { channel: 'SEO', spend: 6000, newCustomers: 40, clv: 1600 },
      { channel: 'Messen', spend: 30000, newCustomers: 10, clv: 2400 },
    ]);
    deepEqual(r.channels.map((c) => [c.channel, c.rank, c.cac, c.ratio, c.band]), [
      ['SEO', 1, 150, 1600 / 150, 'under-investing'],
      ['Google Ads', 2, 400, 4, 'healthy'],
      ['Messen', 3, 3000, 0.8, 'losing'],
    ]);
    equal(r.total.spend, 56000);
    equal(r.total.newCustomers, 100);
    equal(r.total.cac, 560);
    close(r.total.clv, (50 * 1600 + 40 * 1600 + 10 * 2400) / 100, 1e-9);
    throwsCode(() => kw.cacByChannel([{ channel: 'SEO', spend: 1, newCustomers: 1 }, { channel: 'X', spend: 1, newCustomers: 0 }]), E, 'out_of_range', '[1].newCustomers');
    throwsCode(() => kw.cacByChannel([]), E, 'empty', '');
  });

  test('payback: simple 5 periods; churn-aware 6; never when churn eats the margin (FORMULAS.md 7)', () => {
    const simple = kw.payback({ cac: 400, arpa: 100, grossMargin: 0.8 });
    equal(simple.simplePeriods, 5);
    equal(simple.periods, 5);
    equal(simple.lifetimeMargin, null, 'no churn: unbounded:');
    // 80 × (1 + 0.95 + ... + 0.95^(k−1)) ≥ 400: 5 periods give 353.8, 6 give 416.1
    const churn = kw.payback({ cac: 400, arpa: 100, grossMargin: 0.8, churnRate: 0.05 });
    equal(churn.periods, 6);
    close(churn.cumulativeMargin[5], 80 * (1 - 0.95 ** 6) / 0.05, 1e-9);
    ok(churn.cumulativeMargin[4] < 400 && churn.cumulativeMargin[5] >= 400, 'break-even at the end of period 6');
    equal(kw.payback({ cac: 2000, arpa: 100, grossMargin: 0.8, churnRate: 0.05 }).periods, null, 'lifetime margin 1,600 < 2,000:');
  });

  test('tcv: parts add up; revenue is CLV without expansion (FORMULAS.md 8)', () => {
    const r = kw.tcv({
      arpa: 100, churnRate: 0.05, grossMargin: 0.8, expansionRate: 0.01,
      referralsPerCustomer: 0.5, valuePerReferral: 400, acquisitionCost: 500, onboardingCost: 150,
      serviceCost: 5, accountManagementCost: 3,
    });
    const p = r.parts;
    close(p.revenue, 1600, 1e-9);
    close(r.clv, 80 / (0.05 - 0.01 * 0.95), 1e-9);
    close(p.expansion, r.clv - 1600, 1e-9);
    equal(p.referrals, 200);
    equal(p.acquisition, -500);
    equal(p.onboarding, -150);
    close(p.costToServe, -8 * 20, 1e-9); // w_t = 0.95^t sums to 20
    close(r.tcv, p.revenue + p.expansion + p.referrals + p.acquisition + p.onboarding + p.costToServe, 1e-9);
    equal(r.costToServePerPeriod, 8);
  });

  test('retentionImpact: 2,000 -> 2,327.3 (+16.4 %), profit 1,500 -> 1,827.3 (+21.8 %) (FORMULAS.md 9)', () => {
    const r = kw.retentionImpact({ arpa: 100, churnRate: 0.05, acquisitionCost: 500 });
    close(r.before.annualRetention, 0.5404, 5e-5);
    close(r.after.annualRetention, 0.5904, 5e-5);
    close(r.after.churnRate, 0.04297, 5e-6);
    equal(r.before.clv, 2000);
    close(r.after.clv, 2327.3, 0.05);
    close(r.clvChangePct, 16.4, 0.05);
    close(r.after.profit, 1827.3, 0.05);
    close(r.profitChangePct, 21.8, 0.05);
    throwsCode(() => kw.retentionImpact({ arpa: 100, churnRate: 0.01, retentionIncrease: 0.2 }), E, 'out_of_range', 'retentionIncrease');
  });

  test('nps: from counts and from 0-10 answers (FORMULAS.md 10)', () => {
    equal(kw.nps({ promoters: 50, passives: 30, detractors: 20 }).nps, 30);
    const r = kw.nps([10, 9, 8, 7, 6, 0, 10, 9]);
    deepEqual([r.promoters, r.passives, r.detractors, r.responses, r.nps], [4, 2, 2, 8, 25]);
    equal(kw.nps(new Uint8Array([10, 10, 0])).promoters, 2, 'typed arrays work too:');
    throwsCode(() => kw.nps([10, 11]), E, 'out_of_range', '[1]');
    throwsCode(() => kw.nps([10, 9.5]), E, 'not_an_integer', '[1]');
    throwsCode(() => kw.nps([]), E, 'empty', '');
    throwsCode(() => kw.nps({ promoters: 0, passives: 0, detractors: 0 }), E, 'empty', 'promoters');
  });

  test('healthScore: weighted mean and tiers at 80 / 60 / 40 (FORMULAS.md 11)', () => {
    const r = kw.healthScore({ parts: [
      { name: 'Nutzung', weight: 2, score: 90 },
      { name: 'Support', weight: 1, score: 30 },
    ] });
    equal(r.score, 70);
    equal(r.tier, 'neutral');
    deepEqual(r.parts.map((p) => p.contribution), [60, 10]);
    equal(kw.healthScore({ parts: [{ name: 'a', weight: 1, score: 80 }] }).tier, 'healthy');
    equal(kw.healthScore({ parts: [{ name: 'a', weight: 1, score: 39.9 }] }).tier, 'critical');
    equal(kw.healthScore({ parts: [{ name: 'a', weight: 1, score: 70 }], thresholds: { healthy: 70 } }).tier, 'healthy');
    throwsCode(() => kw.healthScore({ parts: [{ name: 'a', weight: 1, score: 50 }, { name: 'b', weight: -1, score: 50 }] }), E, 'out_of_range', 'parts[1].weight');
  });

  test('errors name the field: missing, not a number, NaN, Infinity, negative money, rates out of range', () => {
    throwsCode(() => kw.clvSubscription({ arpa: 100 }), E, 'missing', 'churnRate');
    throwsCode(() => kw.clvSubscription({ arpa: '100', churnRate: 0.05 }), E, 'not_a_number', 'arpa');
    throwsCode(() => kw.clvSubscription({ arpa: NaN, churnRate: 0.05 }), E, 'not_a_number', 'arpa');
    throwsCode(() => kw.clvSubscription({ arpa: Infinity, churnRate: 0.05 }), E, 'not_a_number', 'arpa');
    throwsCode(() => kw.clvSubscription({ arpa: -1, churnRate: 0.05 }), E, 'out_of_range', 'arpa');
    throwsCode(() => kw.clvSubscription({ arpa: 100, churnRate: 5 }), E, 'out_of_range', 'churnRate');
    throwsCode(() => kw.clvSubscription({ arpa: 100, churnRate: 0.05, grossMargin: 80 }), E, 'out_of_range', 'grossMargin');
    throwsCode(() => kw.clvSubscription({ arpa: 100, churnRate: 0.05, horizon: 2.5 }), E, 'not_an_integer', 'horizon');
    throwsCode(() => kw.cac({ spend: 1000, newCustomers: 0 }), E, 'out_of_range', 'newCustomers');
    throwsCode(() => kw.ltvCac({ clv: 1000, cac: 0 }), E, 'out_of_range', 'cac');
    throwsCode(() => kw.clvSimple({ revenuePerPeriod: 1e300, periods: 1e300 }), E, 'out_of_range', 'revenuePerPeriod');
  });

  test('a misspelt or unknown field is an error, not silently ignored', () => {
    const e = throwsCode(() => kw.clvSubscription({ arpa: 100, churnRate: 0.05, grossMargn: 0.8 }), E, 'unknown_field', 'grossMargn');
    ok(e.message.includes('grossMargin'), 'the message lists the known fields');
    equal(kw.clvSubscription({ arpa: 100, churnRate: 0.05, grossMargin: undefined }).clv, 2000, 'undefined is absent:');
    equal(kw.clvSubscription({ arpa: 100, churnRate: 0.05, grossMargin: null }).clv, 2000, 'null is absent:');
  });

  test('inputs of the wrong shape: null, a number, an array, a cyclic object, a throwing getter', () => {
    throwsCode(() => kw.clvSubscription(null), E, 'missing', '');
    throwsCode(() => kw.clvSubscription(), E, 'missing', '');
    throwsCode(() => kw.clvSubscription(42), E, 'invalid_type', '');
    throwsCode(() => kw.clvSubscription([100, 0.05]), E, 'invalid_type', '');
    throwsCode(() => kw.cacByChannel({ channel: 'SEO' }), E, 'invalid_type', '');
    throwsCode(() => kw.clvSubscription({ arpa: true, churnRate: 0.05 }), E, 'not_a_number', 'arpa');
    throwsCode(() => kw.clvSubscription({ arpa: 10n, churnRate: 0.05 }), E, 'not_a_number', 'arpa');
    const cyclic = { arpa: 100, churnRate: 0.05 };
    cyclic.self = cyclic;
    throwsCode(() => kw.clvSubscription(cyclic), E, 'invalid_type', '');
    const hostile = { arpa: 100, get churnRate() { throw new Error('boom'); } };
    throwsCode(() => kw.clvSubscription(hostile), E, 'invalid_type', '');
    equal(kw.clvSubscription({ arpa: 100, churnRate: 0.05 }).clv, 2000, 'still working afterwards:');
  });

  test('large inputs: 100,000 NPS answers and 1,000 channels', () => {
    const answers = Array.from({ length: 100000 }, (_, i) => i % 11);
    const r = kw.nps(answers);
    equal(r.responses, 100000);
    const channels = Array.from({ length: 1000 }, (_, i) => ({ channel: `c${i}`, spend: 1000 + i, newCustomers: 10, clv: 500 }));
    const c = kw.cacByChannel(channels);
    equal(c.channels[0].channel, 'c0');
    equal(c.channels[999].channel, 'c999');
  });

  test('text survives the round trip: umlauts and emoji in channel names', () => {
    const r = kw.cacByChannel([{ channel: 'Empfehlungen für Bäckereien 🥨', spend: 100, newCustomers: 2 }]);
    equal(r.channels[0].channel, 'Empfehlungen für Bäckereien 🥨');
  });

  return t;
}
