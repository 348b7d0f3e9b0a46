// CPU time of analyzeTransactions in Node (the analysis wasm: reader, summary, scores), best
// of 3, for a built package folder (dist/ after `npm run build`) and a file:
//   node benches/generate.mjs 1000000 target/bench/transactions-1m.csv
//   node benches/reader-node.mjs dist target/bench/transactions-1m.csv
// CPU time (process.cpuUsage), not wall time, so that a busy machine skews it less.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir = 'dist', file = 'target/bench/transactions-1m.csv'] = process.argv.slice(2);
const { analyzeTransactions } = await import(pathToFileURL(resolve(dir, 'analysis-node.js')).href);
const bytes = readFileSync(file);
let best = Infinity;
let r;
for (let i = 0; i < 3; i++) {
  const before = process.cpuUsage();
  r = await analyzeTransactions(new Uint8Array(bytes));
  const used = process.cpuUsage(before);
  best = Math.min(best, (used.user + used.system) / 1e6);
}
console.log(`${file}: ${(bytes.length / 1e6).toFixed(1)} MB, best CPU ${best.toFixed(2)} s (${(bytes.length / 1e6 / best).toFixed(0)} MB/s); ${r.rows.used} rows, ${r.customers.count} customers`);
