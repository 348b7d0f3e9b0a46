// File -> per-customer summary + RFM: kundenwert (headless Chromium and Node) beside the tools
// an analyst would otherwise pick, on the same generated file, in one run, interleaved round by
// round (A B C ... A B C ...), so that a drift in the machine's speed hits every contestant
// alike. Ratios are kundenwert in Chromium ÷ the peer, paired by round. Every contestant prints
// a checksum of its per-customer results; they must agree.
//   Python peers (pandas, polars, DuckDB) run in target/bench-venv, created here once.
//   DuckDB-WASM runs in the same Chromium, warm (instantiated and one query run first).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { generate } from './generate.mjs';

export const PEERS = { pandas: '3.1.1', polars: '2.1.0', duckdb: '2.0.0' };

export function venv(root) {
  const dir = `${root}target/bench-venv`;
  const python = `${dir}/bin/python`;
  const have = existsSync(python) && Object.entries(PEERS).every(([name, version]) => {
    try {
      return execFileSync(python, ['-c', `import importlib.metadata as m; print(m.version('${name}'))`], { encoding: 'utf8' }).trim() === version;
    } catch {
      return false;
    }
  });
  if (!have) {
    console.log(`bench: installing ${Object.entries(PEERS).map(([n, v]) => `${n} ${v}`).join(', ')} into target/bench-venv (once)`);
    if (!existsSync(python)) execFileSync('python3', ['-m', 'venv', dir]);
    execFileSync(`${dir}/bin/pip`, ['install', '--quiet', ...Object.entries(PEERS).map(([n, v]) => `${n}==${v}`)], { stdio: 'inherit' });
  }
  return python;
}

/** The environment of a numpy-based peer: OpenBLAS's core-type overrides slow a current numpy. */
export function peerEnv() {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

function parse(out) {
  const [head, checksum] = out.trim().split('\n').slice(-2);
  const m = /^(.*?): (\d+) rows, (\d+) customers in ([\d.]+) s(?:, peak (\d+) MB)?/.exec(head);
  if (!m) throw new Error(`bench: unreadable output: ${out}`);
  return { name: m[1], rows: Number(m[2]), customers: Number(m[3]), seconds: Number(m[4]), peakMb: m[5] ? Number(m[5]) : null, checksum };
}

/** Peak resident memory (VmHWM) of a process, in MB. */
export function peakMb(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : null;
}

/** Resident memory now (VmRSS) of a process, in MB. */
function residentMb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

/** The process ids of the browser's renderers. */
async function renderers(browser) {
  const cdp = await browser.newBrowserCDPSession();
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  await cdp.detach();
  return processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
}

/** Whether a process runs a dedicated worker (a thread Chromium names so). */
function runsWorker(pid) {
  try {
    return readdirSync(`/proc/${pid}/task`).some((t) => readFileSync(`/proc/${pid}/task/${t}/comm`, 'utf8').startsWith('DedicatedWorker'));
  } catch {
    return false; // it has ended
  }
}

/**
 * Opens benches/analysis.html in a fresh context (a visitor's fresh tab; `prepare(page)` runs
 * before it loads). `measure(run)` runs the analysis and finds the page's renderer meanwhile:
 * of the renderers that were not there before the context (its page's, its first blank
 * page's, Chromium's spare one), the one running the analysis' workers. It gives the run's
 * result with that renderer's resident memory before the run and at its peak, in MB, and not
 * any other page's (the DuckDB-WASM page's renderer stays open beside it).
 */
export async function analysisPage(browser, base, prepare) {
  const before = new Set(await renderers(browser));
  const context = await browser.newContext();
  const page = await context.newPage();
  await prepare?.(page);
  await page.goto(`${base}/benches/analysis.html`);
  await page.waitForFunction(() => window.kwReady);
  const idle = new Map((await renderers(browser)).filter((pid) => !before.has(pid)).map((pid) => [pid, residentMb(pid)]));
  const measure = async (run) => {
    let pid;
    const find = () => { pid ??= [...idle.keys()].find(runsWorker); };
    const looking = setInterval(() => { find(); if (pid !== undefined) clearInterval(looking); }, 20);
    let result;
    try {
      result = await run(page);
    } finally {
      clearInterval(looking);
    }
    if (pid === undefined) throw new Error('bench: no new renderer ran the analysis\' workers');
    return { result, idleMb: idle.get(pid), peakMb: peakMb(pid) };
  };
  return { context, measure };
}

/**
 * One run of kundenwert's analysis in a fresh browser context (a visitor's fresh tab); with
 * `prepared`, prepareAnalysis() has run first (awaited, not timed), as on the segmenter's page
 * while the visitor chooses the file.
 */
export async function kundenwertInChromium(browser, base, relative, prepared = false) {
  const { context, measure } = await analysisPage(browser, base);
  const { result: r, idleMb, peakMb } = await measure((page) => page.evaluate(({ url, prepared }) => window.kwRun(url, 'dist', prepared), { url: `/${relative}`, prepared }));
  Object.assign(r, { idleMb, peakMb, aboveIdleMb: peakMb - idleMb });
  await context.close();
  const c = r.checksum;
  return {
    ...r,
    name: `kundenwert in Chromium ${browser.version()}${prepared ? ', prepared' : ''}`,
    checksum: `checksum frequency ${c[0].toFixed(0)} recency ${c[1].toFixed(4)} T ${c[2].toFixed(4)} monetary ${c[3].toFixed(4)} r ${c[4]} f ${c[5]} m ${c[6]}`,
  };
}

async function duckdbWasmPage(browser, base) {
  const page = await browser.newPage();
  await page.goto(`${base}/benches/duckdb-wasm.html`);
  await page.waitForFunction(() => window.duckReady, null, { timeout: 120_000 });
  return page;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;

/**
 * Runs every contestant `rounds` times on a file of `rows` rows, interleaved; returns a table of
 * medians, ranges and ratios paired by round.
 */
export async function compare(browser, base, root, { rows, rounds = 5 }) {
  const relative = `target/bench/transactions-${rows / 1e6}m.csv`;
  const file = `${root}${relative}`;
  if (!existsSync(file)) await generate(rows, file);
  const python = venv(root);
  const duck = await duckdbWasmPage(browser, base);
  await duck.evaluate((url) => window.duckRun(url), `/${relative}`); // warm-up
  const contestants = {
    kundenwertChromium: () => kundenwertInChromium(browser, base, relative),
    kundenwertPrepared: () => kundenwertInChromium(browser, base, relative, true),
    kundenwertNode: () => parse(execFileSync('node', [`${root}benches/rfm-node.mjs`, file], { encoding: 'utf8' })),
    ...Object.fromEntries(Object.keys(PEERS).map((peer) => [peer, () => parse(execFileSync(python, [`${root}benches/peers/rfm.py`, peer, file], { encoding: 'utf8', env: peerEnv() }))])),
    duckdbWasm: async () => ({ ...(await duck.evaluate((url) => window.duckRun(url), `/${relative}`)) }),
  };
  const runs = Object.fromEntries(Object.keys(contestants).map((k) => [k, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [key, run] of Object.entries(contestants)) runs[key].push(await run());
  }
  await duck.close();
  const ours = runs.kundenwertChromium;
  const table = Object.entries(runs).map(([key, rs]) => {
    const times = rs.map((r) => r.seconds);
    const ratios = rs.map((r, i) => ours[i].seconds / r.seconds);
    return {
      key,
      name: rs[0].name,
      median: median(times),
      range: range(times),
      ratio: median(ratios),
      ratioRange: range(ratios),
      peakMb: median(rs.map((r) => r.peakMb ?? NaN)),
      sameChecksum: rs.every((r) => r.checksum === ours[0].checksum),
      checksum: rs[0].checksum,
    };
  });
  // The prepared runs against DuckDB, paired by round.
  const preparedRatios = runs.kundenwertPrepared.map((r, i) => r.seconds / runs.duckdb[i].seconds);
  const prepared = { ratio: median(preparedRatios), ratioRange: range(preparedRatios) };
  return { file: relative, rows: ours[0].rows, customers: ours[0].customers, bytes: ours[0].bytes, rounds, table, chromium: ours, prepared };
}
