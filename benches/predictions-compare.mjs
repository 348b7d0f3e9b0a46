// The per-customer predictions of two builds, interleaved call by call in one Node process, on
// CDNOW master ×10 (235,700 customers): each build fits BG/NBD and Gamma-Gamma once, then
// `probabilityAlive`, `expectedPurchases`, `expectedSpend` and `customerLifetimeValue` are
// timed, on the columns and (a build with prepareCustomers) on the customers prepared once,
// and the BG/NBD and Gamma-Gamma fits on those. Prints the median (min) ms of each build and
// whether their sums are equal.
//   node benches/predictions-compare.mjs BEFORE/dist AFTER/dist [--rounds N]
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { summaries } from './models-run.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const at = args.indexOf('--rounds');
const rounds = at >= 0 ? Number(args.splice(at, 2)[1]) : 25;
const dirs = args.map((d) => pathToFileURL(resolve(d)).href);
if (dirs.length < 1 || !(rounds > 0)) {
  console.error('usage: node benches/predictions-compare.mjs DIST [DIST ...] [--rounds N]');
  process.exit(2);
}
const analysis = await import(`${dirs[0]}/analysis-node.js`);
await analysis.init?.();
const fixture = (name) => readFile(`${root}tests/fixtures/${name}`);
const customers = (await summaries(analysis.analyzeTransactions, await fixture('CDNOW_sample.txt'), await fixture('CDNOW_master.txt'))).master_x10;
const builds = [];
for (const d of dirs) {
  const m = await import(`${d}/models-node.js`);
  await m.init();
  builds.push({ m, bg: m.fitBgNbd(customers), gg: m.fitGammaGamma(customers), prepared: m.prepareCustomers?.(customers) });
}
// A build with prepareCustomers is also timed on the customers prepared once (the others on
// their columns again, so the prepared rows compare with the columns of an older build).
const on = (b) => b.prepared ?? customers;
const cases = {
  probabilityAlive: (b) => b.bg.probabilityAlive(customers),
  expectedPurchases: (b) => b.bg.expectedPurchases(52, customers),
  expectedSpend: (b) => b.gg.expectedSpend(customers),
  customerLifetimeValue: (b) => b.m.customerLifetimeValue(b.bg, b.gg, customers, { months: 12, discountRate: 0.01, periodUnit: 'week' }),
  'probabilityAlive prepared': (b) => b.bg.probabilityAlive(on(b)),
  'expectedPurchases prepared': (b) => b.bg.expectedPurchases(52, on(b)),
  'expectedSpend prepared': (b) => b.gg.expectedSpend(on(b)),
  'CLV prepared': (b) => b.m.customerLifetimeValue(b.bg, b.gg, on(b), { months: 12, discountRate: 0.01, periodUnit: 'week' }),
  'fitBgNbd prepared': (b) => b.m.fitBgNbd(on(b)).params,
  'fitGammaGamma prepared': (b) => b.m.fitGammaGamma(on(b)).params,
};
console.log(`${customers.frequency.length} customers, ${rounds} calls per build, median (min) ms: ${args.join('  ')}`);
for (const [name, predict] of Object.entries(cases)) {
  const total = (v) => (ArrayBuffer.isView(v) ? v.reduce((p, q) => p + q, 0) : Object.values(v).reduce((p, q) => p + q, 0));
  const sums = builds.map((b) => total(predict(b)));
  const times = builds.map(() => []);
  for (let r = 0; r < rounds; r++) {
    builds.forEach((b, k) => {
      const t0 = performance.now();
      predict(b);
      times[k].push(performance.now() - t0);
    });
  }
  const cells = times.map((xs) => {
    xs.sort((p, q) => p - q);
    return `${xs[Math.floor(xs.length / 2)].toFixed(2)} (${xs[0].toFixed(2)})`.padStart(16);
  });
  console.log(`  ${name.padEnd(27)} ${cells.join(' ')}   sums ${sums.every((v) => v === sums[0]) ? 'equal' : 'DIFFER'}`);
}
