// The models beside lifetimes 0.11.3 on CDNOW master x10 (235,700 customers): fits and every
// per-customer prediction. lifetimes runs as its best user would run it, one row per distinct
// history with weights= (benches/lifetimes/weighted.py), interleaved round by round with
// kundenwert in a fresh Node process (benches/models-node.mjs); ratios are paired by round.
// Chromium runs the same code in a page (5 runs after a warm-up), and lifetimes without
// weights= (benches/lifetimes/bench.py) once per fit, for reference.
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const VENV_PACKAGES = ['lifetimes==0.11.3', 'pandas==1.5.3', 'numpy==1.26.4', 'scipy==1.11.4'];

function python(root) {
  const venv = `${root}target/lifetimes-venv`;
  if (!existsSync(`${venv}/bin/python`)) {
    console.log('bench: creating target/lifetimes-venv with lifetimes 0.11.3 (once)');
    execFileSync('python3', ['-m', 'venv', venv]);
    execFileSync(`${venv}/bin/pip`, ['install', '--quiet', ...VENV_PACKAGES], { stdio: 'inherit' });
  }
  return `${venv}/bin/python`;
}

/** numpy's environment: OpenBLAS's core-type overrides slow a current numpy. */
function numpyEnv() {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

const json = (out) => JSON.parse(out.trim().split('\n').at(-1));

export async function measureModelsChromium(browser, base) {
  const page = await browser.newPage();
  await page.goto(`${base}/benches/models.html`);
  await page.waitForFunction(() => window.kwReady);
  const result = await page.evaluate(() => window.kwRun());
  await page.close();
  return result;
}

/** `rounds` rounds of lifetimes with weights= and kundenwert in Node, interleaved. */
export function measureModelsInterleaved(root, rounds = 5) {
  const py = python(root);
  const lifetimes = [];
  const ours = [];
  for (let i = 0; i < rounds; i++) {
    lifetimes.push(json(execFileSync(py, [`${root}benches/lifetimes/weighted.py`, '--runs', '1'], { encoding: 'utf8', env: numpyEnv(), stdio: ['ignore', 'pipe', 'ignore'] })));
    ours.push(json(execFileSync('node', [`${root}benches/models-node.mjs`], { encoding: 'utf8' })));
  }
  return { lifetimes, ours };
}

/** lifetimes without weights= (one row per customer), once per fit on the largest data set. */
export function measureLifetimesUnweighted(root) {
  const runs = process.env.KW_LIFETIMES_RUNS ?? '1';
  const out = execFileSync(python(root), [`${root}benches/lifetimes/bench.py`, '--runs', runs], { encoding: 'utf8', env: numpyEnv(), stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 24 });
  return json(out);
}
