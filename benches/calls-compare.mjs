// The cost of every calculator call in two builds of the package, interleaved round by round,
// in Node and in headless Chromium: median µs per call with min-max over the rounds.
//
//   node benches/calls-compare.mjs <dist a> [dist b] [--rounds N] [--only TEXT]
//
// `dist a` is a copy of an earlier build (for example `git stash; npm run build; cp -r dist
// target/calls-before/dist; git stash pop; npm run build`), `dist b` defaults to dist/. Both
// must lie inside the checkout (the page is served from it). `--only TEXT` runs just the
// cases whose name contains TEXT.
import { spawn } from 'node:child_process';
import { relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { interleaved } from './calls.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const flag = args.indexOf('--rounds');
const rounds = flag >= 0 ? Number(args.splice(flag, 2)[1]) : 15;
const pick = args.indexOf('--only');
const only = pick >= 0 ? args.splice(pick, 2)[1] : '';
const [a, b = 'dist'] = args.map((d) => resolve(d));
if (!a) throw new Error('usage: node benches/calls-compare.mjs <dist a> [dist b] [--rounds N] [--only TEXT]');

const stats = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
};
const show = ({ median, min, max }) => `${median.toFixed(2).padStart(6)} (${min.toFixed(2)}–${max.toFixed(2)})`;

function print(title, runs) {
  console.log(`\n${title}: median µs per call (min–max) over ${rounds} rounds of 20,000 calls, a and b interleaved`);
  console.log(`  ${'case'.padEnd(52)} ${'a'.padEnd(20)} ${'b'.padEnd(20)} b ÷ a (median of paired rounds)`);
  for (const [name, { a: xa, b: xb }] of Object.entries(runs)) {
    const ratio = stats(xb.map((x, i) => x / xa[i])).median;
    console.log(`  ${name.padEnd(52)} ${show(stats(xa)).padEnd(20)} ${show(stats(xb)).padEnd(20)} ${ratio.toFixed(2)}`);
  }
}

console.log(`a: ${relative(root, a)}\nb: ${relative(root, b)}`);
const na = await import(pathToFileURL(`${a}/node.js`).href);
const nb = await import(pathToFileURL(`${b}/node.js`).href);
await na.init();
await nb.init();
print(`Node ${process.versions.node}`, interleaved(na, nb, { rounds, only }));

const server = spawn('node', [`${root}scripts/serve.mjs`, '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
process.on('exit', () => server.kill());
const port = await new Promise((ok) => server.stdout.once('data', (d) => ok(Number(/:(\d+)\//.exec(String(d))[1]))));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
const page = await browser.newPage();
const url = (d) => `/${relative(root, d)}/index.js`;
await page.goto(`http://localhost:${port}/benches/calls-compare.html?a=${url(a)}&b=${url(b)}&rounds=${rounds}&only=${encodeURIComponent(only)}`);
await page.waitForFunction(() => window.kwBench, null, { timeout: 600_000, polling: 1000 });
const inChromium = await page.evaluate(() => window.kwBench);
print(`Chromium ${browser.version()}`, inChromium);
await browser.close();
server.kill();
