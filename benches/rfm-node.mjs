// kundenwert in Node on a transaction file, timed like the peers in benches/peers/rfm.py: from
// the file on disk to the scored customers, in-process, in a fresh process per run.
//   node benches/rfm-node.mjs <transactions.csv>
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { analyzeTransactions } = await import(`${root}dist/analysis-node.js`);
const t0 = performance.now();
const result = await analyzeTransactions(await readFile(process.argv[2]));
const seconds = (performance.now() - t0) / 1000;
const c = result.customers;
const sum = (k) => c[k].reduce((a, b) => a + b, 0);
console.log(`kundenwert ${JSON.parse(await readFile(`${root}package.json`, 'utf8')).version} (Node ${process.versions.node}): ${result.rows.used} rows, ${c.count} customers in ${seconds.toFixed(3)} s`);
console.log(`checksum frequency ${sum('frequency').toFixed(0)} recency ${sum('recency').toFixed(4)} T ${sum('T').toFixed(4)} monetary ${sum('monetary').toFixed(4)} r ${sum('r')} f ${sum('f')} m ${sum('m')}`);
