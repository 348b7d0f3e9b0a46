// A million transactions in headless Chromium against pandas on the same file: time from file
// to results, the renderer's peak memory, progress updates, the page's responsiveness.
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { generate } from './generate.mjs';

/** Peak resident memory (VmHWM) of a process, in MB. */
function peakMb(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : null;
}

export async function measureAnalysis(browser, base, root, { rows = 1_000_000, runs = 3 } = {}) {
  const relative = `target/bench/transactions-${rows / 1e6}m.csv`;
  const file = `${root}${relative}`;
  if (!existsSync(file)) await generate(rows, file);
  const results = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/benches/analysis.html`);
    await page.waitForFunction(() => window.kwReady);
    const r = await page.evaluate((url) => window.kwRun(url), `/${relative}`);
    // The page and its worker share one renderer process: its peak resident memory.
    const cdp = await browser.newBrowserCDPSession();
    const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
    await cdp.detach();
    const renderers = processInfo.filter((p) => p.type === 'renderer').map((p) => peakMb(p.id)).filter((x) => x !== null);
    r.peakMb = Math.max(...renderers);
    results.push(r);
    await context.close();
  }
  results.sort((a, b) => a.seconds - b.seconds);
  return { file: relative, median: results[Math.floor(runs / 2)], runs: results };
}

/** pandas on the same file (benches/pandas_rfm.py), in a throwaway virtual environment. */
export function measurePandas(root, file, runs = 3) {
  const venv = `${root}target/bench-venv`;
  if (!existsSync(`${venv}/bin/python`)) {
    console.log('bench: creating target/bench-venv with pandas (once)');
    execFileSync('python3', ['-m', 'venv', venv]);
    execFileSync(`${venv}/bin/pip`, ['install', '--quiet', 'pandas'], { stdio: 'inherit' });
  }
  const times = [];
  let checksum = '';
  let version = '';
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(`${venv}/bin/python`, [`${root}benches/pandas_rfm.py`, `${root}${file}`], { encoding: 'utf8' });
    times.push(Number(/in ([\d.]+) s/.exec(out)[1]));
    version = /pandas ([\d.]+)/.exec(out)[1];
    checksum = out.split('\n')[1];
  }
  times.sort((a, b) => a - b);
  return { seconds: times[Math.floor(runs / 2)], version, checksum };
}
