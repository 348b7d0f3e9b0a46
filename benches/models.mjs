// Fit times of the models in Node and in headless Chromium, beside lifetimes 0.11.3 on the same
// machine (benches/lifetimes/bench.py in a throwaway virtual environment, target/lifetimes-venv).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { summaries, timeFits } from './models-run.mjs';

export async function measureModelsNode(root) {
  const models = await import(`${root}dist/models-node.js`);
  const { analyzeTransactions } = await import(`${root}dist/analysis-node.js`);
  await models.init();
  const data = await summaries(analyzeTransactions, await readFile(`${root}tests/fixtures/CDNOW_sample.txt`), await readFile(`${root}tests/fixtures/CDNOW_master.txt`));
  return timeFits(models, data);
}

export async function measureModelsChromium(browser, base) {
  const page = await browser.newPage();
  await page.goto(`${base}/benches/models.html`);
  await page.waitForFunction(() => window.kwReady);
  const result = await page.evaluate(() => window.kwRun());
  await page.close();
  return result;
}

/** lifetimes on the same data; runs once per fit on the largest data set unless KW_LIFETIMES_RUNS says more. */
export function measureLifetimes(root) {
  const venv = `${root}target/lifetimes-venv`;
  if (!existsSync(`${venv}/bin/python`)) {
    console.log('bench: creating target/lifetimes-venv with lifetimes 0.11.3 (once)');
    execFileSync('python3', ['-m', 'venv', venv]);
    execFileSync(`${venv}/bin/pip`, ['install', '--quiet', 'lifetimes==0.11.3', 'pandas==1.5.3', 'numpy==1.26.4', 'scipy==1.11.4'], { stdio: 'inherit' });
  }
  const runs = process.env.KW_LIFETIMES_RUNS ?? '3';
  const out = execFileSync(`${venv}/bin/python`, [`${root}benches/lifetimes/bench.py`, '--runs', runs], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').at(-1));
}
