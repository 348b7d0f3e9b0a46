// The models part of an analysis (the purchase model and Gamma-Gamma fitted on the summary,
// then the forecast per customer) on a generated transaction file, two builds side by side:
// each round runs every build in a fresh Node process, interleaved.
//   node benches/models-analysis.mjs FILE DIST_A DIST_B [rounds]
// (FILE from `node benches/generate.mjs 1000000 FILE`; DIST_* are built dist/ folders.)
// In each process: one warm-up analysis, then the analysis without and with `models`; the
// models' time is the difference.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [file, ...rest] = process.argv.slice(2);
if (process.env.KW_CHILD) {
  const dist = rest[0];
  const { readFile } = await import('node:fs/promises');
  const { analyzeTransactions } = await import(`${dist}/analysis-node.js`);
  const bytes = await readFile(file);
  await analyzeTransactions(bytes, {});
  const time = async (options) => {
    const t0 = performance.now();
    const r = await analyzeTransactions(bytes, options);
    return [performance.now() - t0, r];
  };
  const [plain] = await time({});
  const [withModels, r] = await time({ models: {} });
  const m = r.models;
  const clv = m.customers.clv.reduce((a, b) => a + b, 0);
  console.log(JSON.stringify({ plain, withModels, models: withModels - plain, customers: r.customers.count, params: m.purchase?.params, clv }));
} else {
  const dists = rest.slice(0, 2);
  const rounds = Number(rest[2] ?? 5);
  const self = fileURLToPath(import.meta.url);
  const out = dists.map(() => []);
  for (let i = 0; i < rounds; i++) {
    dists.forEach((d, k) => {
      const line = execFileSync('node', [self, file, d], { encoding: 'utf8', env: { ...process.env, KW_CHILD: '1' } });
      out[k].push(JSON.parse(line.trim().split('\n').at(-1)));
    });
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const fmt = (xs) => `${median(xs).toFixed(0)} ms (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
  dists.forEach((d, k) => {
    const o = out[k];
    console.log(`${d}: ${o[0].customers} customers; analysis ${fmt(o.map((x) => x.plain))}, with models ${fmt(o.map((x) => x.withModels))}, models ${fmt(o.map((x) => x.models))}; CLV sum ${o[0].clv.toFixed(4)}; params ${JSON.stringify(o[0].params)}`);
  });
  const ratios = out[0].map((o, i) => o.models / out[1][i].models);
  console.log(`models time ${dists[0]} ÷ ${dists[1]}, paired by round: ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`);
}
