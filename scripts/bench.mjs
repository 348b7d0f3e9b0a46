// `npm run bench`: builds, then prints the shipped size and the cost of a call in Node and in
// headless Chromium, against the budgets of the issues. Nothing is timed inside tests.
import { readFile } from 'node:fs/promises';
import { gzipSync, brotliCompressSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { chromium } from 'playwright-core';
import { build } from './build.mjs';
import { spawn } from 'node:child_process';
import { measure } from '../benches/calls.mjs';
import { measurePage } from '../benches/page.mjs';
import { measureAnalysis, measurePandas } from '../benches/analysis.mjs';
import { measureLifetimes, measureModelsChromium, measureModelsNode } from '../benches/models.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const gz = (buf) => gzipSync(buf, { level: 9 }).length;
const br = (buf) => brotliCompressSync(buf).length;
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic'];

await build();
const sections = process.argv.slice(2);
const only = (name) => sections.length === 0 || sections.includes(name);

// ---- shipped size ------------------------------------------------------------------------
const wasm = await readFile(`${root}dist/kundenwert_bg.wasm`);
const bundle = await esbuild({ entryPoints: [`${root}dist/index.js`], bundle: true, minify: true, format: 'esm', write: false, external: ['*.wasm'] });
const js = Buffer.from(bundle.outputFiles[0].contents);
const total = gz(wasm) + gz(js);
console.log('\nShipped size (the API: dist/index.js and what it imports, minified as a bundler ships it)');
console.log(`  wasm          ${kb(wasm.length)} raw   ${kb(gz(wasm))} gzip   ${kb(br(wasm))} brotli`);
console.log(`  JS glue + API ${kb(js.length)} raw   ${kb(gz(js))} gzip   ${kb(br(js))} brotli`);
console.log(`  total                    ${kb(total)} gzip   budget 30 KB (aim 15): ${total <= 30 * 1024 ? 'within' : 'OVER'}`);

// ---- cost of a call ----------------------------------------------------------------------
const node = await import(`${root}dist/node.js`);
await node.init();
const inNode = measure(node);

// The pages are served by a separate process, as a static host would serve them: sharing this
// process's event loop with the Playwright driver added tens of milliseconds of noise.
const server = spawn('node', [`${root}scripts/serve.mjs`, '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
process.on('exit', () => server.kill()); // also when a measurement fails
const port = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(Number(/:(\d+)\//.exec(String(d))[1]))));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
const blog = await measurePage(browser, `http://localhost:${port}`); // first, in a fresh browser
const page = await browser.newPage();
await page.goto(`http://localhost:${port}/benches/calls.html`);
await page.waitForFunction(() => window.kwBench, null, { timeout: 120_000 });
const inChromium = await page.evaluate(() => window.kwBench);
const version = browser.version();
const analysis = only('analysis') ? await measureAnalysis(browser, `http://localhost:${port}`, root) : null;
const modelsChromium = only('models') ? await measureModelsChromium(browser, `http://localhost:${port}`) : null;
await browser.close();
server.kill();

console.log(`\nCost of one call across the boundary, median µs per call (15 rounds of 20,000 calls)`);
console.log(`  ${'case'.padEnd(52)} ${'Node ' + process.versions.node}   Chromium ${version}`);
for (const name of Object.keys(inNode)) {
  console.log(`  ${name.padEnd(52)} ${inNode[name].toFixed(2).padStart(8)} µs   ${inChromium[name].toFixed(2).padStart(8)} µs`);
}
const key = Object.keys(inChromium)[0];
console.log(`  budget: clvSubscription under 5 µs in Chromium: ${inChromium[key] < 5 ? 'within' : 'OVER'}`);

console.log(`\nThe German blog article with one <clv-calculator> (gzip from the local server, fresh loads)`);
let beyond = 0;
for (const r of blog.resources) {
  console.log(`  ${r.name.padEnd(30)} ${kb(r.transfer).padStart(9)} transferred (${kb(r.decoded)} uncompressed)`);
  beyond += r.transfer;
}
console.log(`  beyond the page itself         ${kb(beyond).padStart(9)}   budget 60 KB: ${beyond <= 60 * 1024 ? 'within' : 'OVER'}`);
console.log(`  start-up, DOMContentLoaded -> first result, median of ${blog.loads}: ${blog.startupFromDcl.toFixed(1)} ms   budget 50 ms: ${blog.startupFromDcl <= 50 ? 'within' : 'OVER'}`);
console.log(`  navigation start -> first result, median of ${blog.loads}:        ${blog.startupFromNavigation.toFixed(1)} ms`);
console.log(`  keystroke -> updated result, median of ${blog.keystrokes}:            ${blog.keystrokeToResult.toFixed(2)} ms   budget 16 ms: ${blog.keystrokeToResult <= 16 ? 'within' : 'OVER'}`);
console.log(`  keystroke -> next frame after it, median of ${blog.keystrokes}:       ${blog.keystrokeToFrame.toFixed(2)} ms`);

if (analysis) {
  const a = analysis.median;
  const pandas = measurePandas(root, analysis.file);
  console.log(`\nCustomer data: ${a.rows.toLocaleString('en')} transactions of ${a.customers.toLocaleString('en')} customers (${kb(a.bytes / 1024).replace(' KB', ' MB')}, ${analysis.file}), median of ${analysis.runs.length}`);
  console.log(`  kundenwert in Chromium, file to results: ${a.seconds.toFixed(3)} s   pandas ${pandas.version}, same summary and RFM: ${pandas.seconds.toFixed(3)} s   ratio ${(a.seconds / pandas.seconds).toFixed(2)} (budget at most 1.0: ${a.seconds <= pandas.seconds ? 'within' : 'OVER'})`);
  console.log(`  peak memory of the renderer (page and worker): ${a.peakMb.toFixed(0)} MB   budget 300 MB: ${a.peakMb <= 300 ? 'within' : 'OVER'}`);
  console.log(`  progress: ${a.progressUpdates} updates, at most ${a.maxProgressGapMs.toFixed(0)} ms apart (${a.gaps.join(', ')} ms)   budget 4 a second (250 ms): ${a.maxProgressGapMs <= 250 ? 'within' : 'OVER'}`);
  console.log(`  the page meanwhile: longest frame gap ${a.maxFrameGapMs.toFixed(0)} ms, ${a.longTasks} long tasks on the main thread`);
  const ours = `frequency ${a.checksum[0].toFixed(0)} recency ${a.checksum[1].toFixed(4)} T ${a.checksum[2].toFixed(4)} monetary ${a.checksum[3].toFixed(4)} r ${a.checksum[4]} f ${a.checksum[5]} m ${a.checksum[6]}`;
  console.log(`  same results: ${pandas.checksum === `checksum ${ours}` ? 'yes' : `NO\n    pandas ${pandas.checksum}\n    ours   ${ours}`}`);
}

if (modelsChromium) {
  const inNode = await measureModelsNode(root);
  console.log('\nModel fits, median ms of 5 (after one warm-up), beside lifetimes on this machine (median wall seconds)');
  const lifetimes = measureLifetimes(root);
  console.log(`  ${'data'.padEnd(24)} ${'model'.padEnd(12)} ${'Node'.padStart(9)} ${'Chromium'.padStart(9)} ${'lifetimes ' + lifetimes.lifetimes}   speed-up (Chromium)`);
  for (const [name, d] of Object.entries(modelsChromium)) {
    for (const model of ['bg_nbd', 'pareto_nbd', 'gamma_gamma']) {
      const theirs = lifetimes.datasets[name]?.[model]?.seconds_median;
      const ratio = theirs ? `${(theirs * 1000 / d[model].ms).toFixed(0)}x` : '–';
      const goal = name.startsWith('master_x') && model !== 'gamma_gamma' ? `   goal ${model === 'bg_nbd' ? 10 : 20}x: ${theirs * 1000 / d[model].ms >= (model === 'bg_nbd' ? 10 : 20) ? 'met' : 'NOT MET'}` : '';
      console.log(`  ${`${name} (${d.customers.toLocaleString('en')})`.padEnd(24)} ${model.padEnd(12)} ${inNode[name][model].ms.toFixed(1).padStart(7)} ms ${d[model].ms.toFixed(1).padStart(7)} ms ${theirs ? `${theirs.toFixed(3).padStart(8)} s` : '       –'}   ${ratio}${goal}`);
    }
  }
  const same = Object.entries(modelsChromium).every(([name, d]) => ['bg_nbd', 'pareto_nbd'].every((m) => Math.abs(d[m].logLikelihood - inNode[name][m].logLikelihood) < 1e-6 * Math.abs(d[m].logLikelihood)));
  console.log(`  Node and Chromium find the same optimum: ${same ? 'yes' : 'NO'}; lifetimes' Pareto/NBD on master_x10: r ${lifetimes.datasets.master_x10?.pareto_nbd?.params?.r?.toFixed(5)} (ours ${modelsChromium.master_x10.pareto_nbd.params.r.toFixed(5)})`);
}
