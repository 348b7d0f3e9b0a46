// The hand-written TypeScript declarations (js/index.d.ts, shipped as dist/index.d.ts) against
// the real package: the same exports, and every declared result field present in real
// results (and no undeclared ones), checked with the TypeScript compiler's type checker.
// A usage file in strict mode must compile against the declarations too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { entry, kw } from './package.mjs';

await kw.init();

const dts = join(dirname(entry), 'index.d.ts');
const program = ts.createProgram([dts], { strict: true, noEmit: true, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] });
const checker = program.getTypeChecker();
const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(dts));
const declared = checker.getExportsOfModule(moduleSymbol);

const SAMPLES = {
  clvSimple: { revenuePerPeriod: 100, periods: 24 },
  clvPurchase: { averageOrderValue: 50, purchasesPerYear: 4, retentionYears: 3 },
  orderMetrics: { totalRevenue: 100, numberOfOrders: 4, uniqueCustomers: 2 },
  clvSubscription: { arpa: 100, churnRate: 0.05 },
  clvRetention: { margin: 10, retentionRate: 0.8, discountRate: 0.1 },
  cac: { spend: 100, newCustomers: 2 },
  cacByChannel: [{ channel: 'SEO', spend: 100, newCustomers: 2, clv: 500 }, { channel: 'Ads', spend: 100, newCustomers: 2 }],
  ltvCac: { clv: 100, cac: 20 },
  payback: { cac: 400, arpa: 100, churnRate: 0.05 },
  tcv: { arpa: 100, churnRate: 0.05, serviceCost: 3 },
  retentionImpact: { arpa: 100, churnRate: 0.05 },
  nps: [10, 9, 3],
  healthScore: { parts: [{ name: 'a', weight: 1, score: 50 }] },
};

test('the declarations and the module export the same names', () => {
  const names = declared.map((s) => s.name).filter((n) => !/^[A-Z]/.test(n) || n === 'KundenwertError').sort();
  const runtime = Object.keys(kw).sort();
  assert.deepEqual(names, runtime);
  assert.deepEqual(Object.keys(SAMPLES).sort(), runtime.filter((n) => !['default', 'init', 'KundenwertError'].includes(n)));
});

/** Compares a real value with a declared type: the same fields, recursively. */
function compare(value, type, path) {
  if (value === null) {
    assert.ok(type.isUnion() && type.types.some((t) => t.flags & ts.TypeFlags.Null), `${path} is null but its type is ${checker.typeToString(type)}`);
    return;
  }
  const nonNull = checker.getNonNullableType(type);
  if (Array.isArray(value)) {
    assert.ok(checker.isArrayType(nonNull), `${path} is an array but declared ${checker.typeToString(type)}`);
    const element = checker.getTypeArguments(nonNull)[0];
    if (value.length) compare(value[0], element, `${path}[0]`);
    return;
  }
  if (typeof value === 'object') {
    const declaredKeys = checker.getPropertiesOfType(nonNull).map((p) => p.name).sort();
    assert.deepEqual(Object.keys(value).sort(), declaredKeys, `fields of ${path}`);
    for (const p of checker.getPropertiesOfType(nonNull)) {
      compare(value[p.name], checker.getTypeOfSymbol(p), `${path}.${p.name}`);
    }
    return;
  }
  const text = checker.typeToString(nonNull);
  if (typeof value === 'number') assert.ok(text.includes('number'), `${path} is a number, declared ${text}`);
  if (typeof value === 'string') {
    const literals = (nonNull.isUnion() ? nonNull.types : [nonNull]).filter((t) => t.isStringLiteral()).map((t) => t.value);
    assert.ok(text === 'string' || literals.includes(value), `${path} is "${value}", declared ${text}`);
  }
}

for (const [name, input] of Object.entries(SAMPLES)) {
  test(`${name}: the declared result type matches a real result`, () => {
    const symbol = declared.find((s) => s.name === name);
    const signature = checker.getSignaturesOfType(checker.getTypeOfSymbol(symbol), ts.SignatureKind.Call)[0];
    compare(kw[name](input), checker.getReturnTypeOfSignature(signature), name);
  });
}

test('a strict TypeScript program using the API compiles against the declarations', () => {
  const usage = join(dirname(new URL(import.meta.url).pathname), 'types-usage.ts');
  const p = ts.createProgram([usage], {
    strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022,
    moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    paths: { kundenwert: [dts] },
  });
  const problems = ts.getPreEmitDiagnostics(p).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  assert.deepEqual(problems, []);
});
