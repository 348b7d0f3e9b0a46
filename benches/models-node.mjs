// One round of the models benchmark in a fresh Node process, for benches/models.mjs to
// interleave with lifetimes' rounds: CDNOW master x10 summarised (not timed), then each fit and
// each prediction once after a warm-up. Prints one JSON line.
//   node benches/models-node.mjs
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { summaries, timeFits, timePredictions } from './models-run.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const models = await import(`${root}dist/models-node.js`);
const { analyzeTransactions } = await import(`${root}dist/analysis-node.js`);
await models.init();
const data = await summaries(analyzeTransactions, await readFile(`${root}tests/fixtures/CDNOW_sample.txt`), await readFile(`${root}tests/fixtures/CDNOW_master.txt`));
const big = { master_x10: data.master_x10 };
console.log(JSON.stringify({ fits: timeFits(models, big, 1).master_x10, predictions: timePredictions(models, big.master_x10, 1) }));
