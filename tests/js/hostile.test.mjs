// Hostile input: every exported function is fed arbitrary values (NaN, infinities, huge and
// tiny numbers, strings, null, missing and extra fields, nested junk) by fast-check. Each
// call must return a result whose every number is finite, or throw a KundenwertError with a
// documented code; never another exception or a wasm trap, and the module keeps working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { kw } from './package.mjs';

await kw.init();

const CODES = new Set(['missing', 'not_a_number', 'not_an_integer', 'out_of_range', 'diverges', 'empty', 'invalid_type', 'unknown_field']);

const FIELDS = {
  clvSimple: ['revenuePerPeriod', 'periods', 'customers', 'periodsPerYear'],
  clvPurchase: ['averageOrderValue', 'purchasesPerYear', 'retentionYears', 'grossMargin', 'acquisitionCost'],
  orderMetrics: ['totalRevenue', 'numberOfOrders', 'uniqueCustomers'],
  clvSubscription: ['arpa', 'churnRate', 'grossMargin', 'expansionRate', 'discountRate', 'horizon'],
  clvRetention: ['margin', 'retentionRate', 'discountRate'],
  cac: ['spend', 'newCustomers'],
  ltvCac: ['clv', 'cac'],
  payback: ['cac', 'arpa', 'grossMargin', 'churnRate', 'expansionRate', 'discountRate'],
  tcv: ['arpa', 'churnRate', 'grossMargin', 'expansionRate', 'discountRate', 'horizon', 'referralsPerCustomer',
    'valuePerReferral', 'acquisitionCost', 'onboardingCost', 'serviceCost', 'accountManagementCost', 'retentionCost',
    'dunningCost', 'upgradeCost'],
  retentionImpact: ['arpa', 'churnRate', 'grossMargin', 'expansionRate', 'discountRate', 'acquisitionCost',
    'retentionIncrease', 'periodsPerYear'],
  nps: ['promoters', 'passives', 'detractors'],
};

// Numbers where the edges are: special values, extremes, rates near 0 and 1, plain values.
const number = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, 0, -0, 1, -1, 0.5, 1e-300, 1e300, -1e300, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53, 1200, 1201),
  fc.double(),
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.integer({ min: -5, max: 2000 }),
);
const junk = fc.oneof(number, number, number, fc.string(), fc.constant(null), fc.constant(undefined), fc.boolean(),
  fc.array(number, { maxLength: 3 }), fc.object({ maxDepth: 1 }), fc.bigInt());
const fields = (names) => fc.record(Object.fromEntries(names.map((n) => [n, junk])), { requiredKeys: [] });
const extra = fc.dictionary(fc.string({ maxLength: 6 }), junk, { maxKeys: 2 });
const input = (names) => fc.oneof(
  { weight: 6, arbitrary: fields(names) },
  { weight: 1, arbitrary: fc.tuple(fields(names), extra).map(([a, b]) => ({ ...b, ...a })) },
  { weight: 1, arbitrary: fc.anything() },
);
const channel = fc.record({ channel: fc.oneof(fc.string(), junk), spend: junk, newCustomers: junk, clv: junk }, { requiredKeys: [] });
const part = fc.record({ name: fc.oneof(fc.string(), junk), weight: junk, score: junk }, { requiredKeys: [] });

const INPUTS = {
  ...Object.fromEntries(Object.entries(FIELDS).map(([name, names]) => [name, input(names)])),
  cacByChannel: fc.oneof(fc.array(channel, { maxLength: 5 }), fc.anything()),
  healthScore: fc.oneof(
    fc.record({ parts: fc.oneof(fc.array(part, { maxLength: 4 }), junk), thresholds: fc.oneof(fields(['healthy', 'neutral', 'atRisk']), junk) }, { requiredKeys: [] }),
    fc.anything(),
  ),
};
INPUTS.nps = fc.oneof(INPUTS.nps, fc.array(number, { maxLength: 20 }));

function assertFinite(value, path) {
  if (typeof value === 'number') {
    assert.ok(Number.isFinite(value), `${path} is ${value}`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => assertFinite(v, `${path}[${i}]`));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) assertFinite(v, `${path}.${k}`);
  } else {
    assert.ok(value === null || typeof value === 'string', `${path} is ${typeof value}`);
  }
}

const RUNS = Number(process.env.KW_FUZZ_RUNS ?? 3000);
// A fixed seed in npm test, so a fresh clone runs exactly the inputs CI ran; `npm run fuzz`
// sets KW_FUZZ_SEED (and more runs).
const SEED = Number(process.env.KW_FUZZ_SEED ?? 20261201);

for (const [name, arbitrary] of Object.entries(INPUTS)) {
  test(`${name}: a result with finite numbers or a KundenwertError, for ${RUNS} arbitrary inputs`, () => {
    let results = 0;
    let errors = 0;
    fc.assert(fc.property(arbitrary, (value) => {
      try {
        assertFinite(kw[name](value), name);
        results++;
      } catch (e) {
        if (e instanceof assert.AssertionError) throw e;
        assert.ok(e instanceof kw.KundenwertError, `${name} threw ${e && e.name}: ${e && e.message}`);
        assert.ok(CODES.has(e.code), `unknown code ${e.code}`);
        assert.equal(typeof e.field, 'string');
        assert.ok(e.message.length > 0);
        errors++;
      }
    }), { numRuns: RUNS, seed: SEED });
    assert.ok(errors > 0, 'some inputs were rejected');
    assert.equal(kw.clvSubscription({ arpa: 100, churnRate: 0.05 }).clv, 2000, 'the module still works');
  });
}
