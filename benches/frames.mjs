// The page's frames while <customer-segmenter> analyses a large file in headless Chromium:
// the longest gap between two requestAnimationFrame callbacks from the click on "Auswerten"
// until the results are drawn (budget: 100 ms), the time to the results, and the same for the
// forecast turned off. Run after a build (node scripts/build.mjs):
//   node benches/generate.mjs 1000000 target/bench/1m.csv --channels
//   node benches/frames.mjs target/bench/1m.csv
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const file = process.argv[2] ?? `${root}target/bench/1m.csv`;
const server = spawn('node', [`${root}scripts/serve.mjs`, '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
process.on('exit', () => server.kill());
const port = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(Number(/:(\d+)\//.exec(String(d))[1]))));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });

for (const model of ['bg-nbd', 'off']) {
  const page = await browser.newPage();
  await page.goto(`http://localhost:${port}/www/segmenter.html`);
  await page.locator('customer-segmenter').evaluate((e, m) => e.setAttribute('model', m), model);
  await page.locator('customer-segmenter input#file').setInputFiles(file);
  await page.locator('customer-segmenter #analyze').waitFor();
  await page.evaluate(() => {
    const gaps = (window.kwFrames = { worst: 0, at: 0, frames: 0, start: performance.now(), long: [] });
    const el = document.querySelector('customer-segmenter');
    const show = el.showResult;
    el.showResult = function (r) { // the rendering of the results, on the main thread
      const t = performance.now();
      show.call(this, r);
      gaps.render = performance.now() - t;
    };
    let last = performance.now();
    const tick = (now) => {
      const gap = now - last;
      if (gap > gaps.worst) Object.assign(gaps, { worst: gap, at: now - gaps.start });
      if (gap > 100) gaps.long.push(`${gap.toFixed(0)} ms at ${((now - gaps.start) / 1000).toFixed(1)} s`);
      last = now;
      gaps.frames++;
      if (!gaps.stop) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    document.querySelector('customer-segmenter').addEventListener('kw-analysis', () => {
      gaps.result = performance.now() - gaps.start;
      requestAnimationFrame(() => requestAnimationFrame(() => { gaps.stop = true; gaps.done = true; }));
    });
    document.querySelector('customer-segmenter').shadowRoot.getElementById('analyze').click();
  });
  await page.waitForFunction(() => window.kwFrames.done, null, { timeout: 600_000, polling: 500 });
  const f = await page.evaluate(() => window.kwFrames);
  const customers = await page.locator('customer-segmenter').evaluate((e) => e.result.customers.count);
  console.log(`forecast ${model.padEnd(6)}: ${customers} customers, results after ${(f.result / 1000).toFixed(1)} s, `
    + `${f.frames} frames, longest gap between frames ${f.worst.toFixed(0)} ms (at ${(f.at / 1000).toFixed(1)} s); `
    + `drawing the results ${f.render.toFixed(0)} ms; gaps over 100 ms: ${f.long.join(', ') || 'none'}`);
  await page.close();
}
await browser.close();
server.kill();
