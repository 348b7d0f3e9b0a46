// File -> summary + RFM in headless Chromium: two builds of the package paired round by round
// (a: e.g. main's dist copied aside, b: this checkout's dist), with DuckDB (Python,
// multi-threaded) on the same file in the same rounds, so that every ratio is taken under
// the same load.
//
//   node benches/rfm-split.mjs A_DIST B_DIST [--rows 1000000] [--rounds 5] [--cores 4] [--prepared b]
//
// A_DIST and B_DIST are dist folders inside this checkout (served from its root), e.g.
// target/dist-main and dist. The file is target/bench/transactions-<rows/1e6>m.csv
// (benches/generate.mjs makes it when missing). Prints per round the seconds, the renderer's
// peak memory above idle, progress updates and the longest gaps, and the medians with
// min-max and the paired ratios. Both builds must give the same checksum.
import { existsSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { generate } from './generate.mjs';
import { analysisPage, peerEnv, venv } from './rfm.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const flag = (name, otherwise) => {
  const i = args.indexOf(name);
  return i < 0 ? otherwise : Number(args.splice(i, 2)[1]);
};
const rows = flag('--rows', 1_000_000);
const rounds = flag('--rounds', 5);
// --cores N: the pages report N cores (the analysis uses two workers from 2 on).
const cores = flag('--cores', 0);
// --prepared a|b|ab: those builds' runs call prepareAnalysis() first (awaited, not timed).
const preparedAt = args.indexOf('--prepared');
const prepared = preparedAt < 0 ? '' : args.splice(preparedAt, 2)[1];
const [a, b] = args.map((d) => relative(root, d.startsWith('/') ? d : `${root}${d}`));
if (!a || !b) throw new Error('usage: node benches/rfm-split.mjs A_DIST B_DIST [--rows N] [--rounds N]');
const file = `target/bench/transactions-${rows / 1e6}m.csv`;
if (!existsSync(`${root}${file}`)) await generate(rows, `${root}${file}`);
const python = venv(root);

const server = spawn('node', [`${root}scripts/serve.mjs`, '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
process.on('exit', () => server.kill());
const port = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(Number(/:(\d+)\//.exec(String(d))[1]))));
const base = `http://localhost:${port}`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });

/** One run of the build in `dist` in a fresh context (a visitor's fresh tab). */
async function inChromium(dist, prepare = false) {
  const { context, measure } = await analysisPage(browser, base, cores
    ? (p) => p.addInitScript((n) => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => n }), cores)
    : undefined);
  const { result: r, idleMb, peakMb } = await measure((page) => page.evaluate(({ url, dist, prepare }) => window.kwRun(url, dist, prepare), { url: `/${file}`, dist, prepare }));
  r.peakAboveIdleMb = peakMb - idleMb;
  await context.close();
  return r;
}

function duckdb() {
  const out = execFileSync(python, [`${root}benches/peers/rfm.py`, 'duckdb', `${root}${file}`], { encoding: 'utf8', env: peerEnv() });
  const m = /in ([\d.]+) s(?:, peak (\d+) MB)?/.exec(out);
  return { seconds: Number(m[1]), peakMb: m[2] ? Number(m[2]) : null };
}

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const range = (xs) => `${Math.min(...xs).toFixed(3)}-${Math.max(...xs).toFixed(3)}`;
const load = () => execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).split(' ').slice(0, 3).join(' ');

await inChromium(a); // warm-up (the browser's caches, the file)
const runs = { a: [], b: [], duck: [] };
for (let round = 0; round < rounds; round++) {
  const order = round % 2 ? ['b', 'a'] : ['a', 'b'];
  for (const k of order) runs[k].push(await inChromium(k === 'a' ? a : b, prepared.includes(k)));
  runs.duck.push(duckdb());
  const [ra, rb, rd] = [runs.a.at(-1), runs.b.at(-1), runs.duck.at(-1)];
  console.log(`round ${round + 1} (load ${load()}): a ${ra.seconds.toFixed(3)} s, b ${rb.seconds.toFixed(3)} s, DuckDB ${rd.seconds.toFixed(3)} s; `
    + `b renderer above idle ${rb.peakAboveIdleMb.toFixed(0)} MB (a ${ra.peakAboveIdleMb.toFixed(0)}, DuckDB peak ${rd.peakMb} MB); `
    + `b ${rb.progressUpdates} updates, longest progress gap ${rb.maxProgressGapMs.toFixed(0)} ms, frame gap ${rb.maxFrameGapMs.toFixed(0)} ms${rb.backwards ? ', progress went back' : ''}`);
}
const same = [...runs.a, ...runs.b].every((r) => r.fingerprint === runs.a[0].fingerprint);
const secs = (k) => runs[k].map((r) => r.seconds);
console.log(`\n${rows} rows (${file}), ${rounds} rounds, checksums ${same ? 'equal' : 'DIFFER'}`);
const tag = (k) => (prepared.includes(k) ? ' (prepared)' : '');
for (const k of ['a', 'b', 'duck']) console.log(`  ${{ a: `a ${a}${tag('a')}`, b: `b ${b}${tag('b')}`, duck: 'DuckDB (Python)' }[k]}: median ${median(secs(k)).toFixed(3)} s (${range(secs(k))})`);
const ratio = (x, y) => runs[x].map((r, i) => r.seconds / runs[y][i].seconds);
console.log(`  b / a paired: ${median(ratio('b', 'a')).toFixed(2)} (${range(ratio('b', 'a'))})`);
console.log(`  b / DuckDB paired: ${median(ratio('b', 'duck')).toFixed(2)} (${range(ratio('b', 'duck'))}); a / DuckDB ${median(ratio('a', 'duck')).toFixed(2)}`);
console.log(`  b above idle: median ${median(runs.b.map((r) => r.peakAboveIdleMb)).toFixed(0)} MB; a ${median(runs.a.map((r) => r.peakAboveIdleMb)).toFixed(0)} MB; DuckDB peak ${median(runs.duck.map((r) => r.peakMb))} MB`);
console.log(`  b longest progress gap ${Math.max(...runs.b.map((r) => r.maxProgressGapMs)).toFixed(0)} ms, frame gap ${Math.max(...runs.b.map((r) => r.maxFrameGapMs)).toFixed(0)} ms`);
await browser.close();
server.kill();
if (!same) process.exitCode = 1;
