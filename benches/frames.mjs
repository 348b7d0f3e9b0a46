// The page's frames while <customer-segmenter> works in headless Chromium: the longest gap
// between two requestAnimationFrame callbacks (budget: 100 ms), over the whole analysis from
// the click on "Auswerten" until the results are drawn, and in the last second of it (the
// result arriving and being drawn), with the forecast on and off; and with --xlsx, while the
// report's workbook is written (the click on the Excel download until the file comes).
// Every round measures this checkout and, with --peer, another checkout's build (for example
// a worktree of main: `git worktree add ../kw-main main && (cd ../kw-main && npm run build)`),
// one after the other; it prints each round and the medians with min-max.
// Run after a build (npm run build):
//   node benches/generate.mjs 1000000 target/bench/1m.csv --channels
//   node benches/frames.mjs target/bench/1m.csv [--rounds 3] [--peer ../kw-main] [--xlsx] [--trace]
//   node benches/frames.mjs tests/fixtures/CDNOW_master.txt --xlsx --only-xlsx
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { stat } from 'node:fs/promises';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const file = resolve(args.find((a, i) => !a.startsWith('--') && !['--rounds', '--peer'].includes(args[i - 1])) ?? `${root}target/bench/1m.csv`);
const rounds = Number(option('rounds', 1));
const peer = option('peer', null);
const xlsx = args.includes('--xlsx');
const onlyXlsx = args.includes('--only-xlsx');
// --trace: also the page's main thread from a Chrome trace: its longest task, in wall time and
// in the thread's own CPU time. On a machine shared with other jobs the frame gaps include
// the time the thread waited for a core; the CPU time of its longest task does not.
const trace = args.includes('--trace');

/** Starts a Chrome trace of the page; the returned function stops it and gives the longest main-thread task. */
async function tracing(page) {
  if (!trace) return async () => null;
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  await cdp.send('Tracing.start', { categories: 'toplevel,devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  return async () => {
    const complete = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
    await cdp.send('Tracing.end');
    await complete;
    // The page's main thread: the renderer thread named CrRendererMain.
    const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
    const tasks = events.filter((e) => e.ph === 'X' && e.name === 'ThreadControllerImpl::RunTask' && e.pid === main?.pid && e.tid === main?.tid);
    const longest = tasks.reduce((a, t) => (t.dur > (a?.dur ?? -1) ? t : a), null);
    const busiest = tasks.reduce((a, t) => ((t.tdur ?? 0) > (a?.tdur ?? -1) ? t : a), null);
    return { wall: (longest?.dur ?? 0) / 1000, cpu: (busiest?.tdur ?? 0) / 1000 };
  };
}

/** A static server for a checkout (its own scripts/serve.mjs): its port and a stop function. */
async function serve(checkout) {
  const server = spawn('node', [`${checkout}/scripts/serve.mjs`, '--port', '0'], { cwd: checkout, stdio: ['ignore', 'pipe', 'ignore'] });
  const port = await new Promise((ok) => server.stdout.once('data', (d) => ok(Number(/:(\d+)\//.exec(String(d))[1]))));
  return { port, stop: () => server.kill() };
}

const checkouts = [['this', root]];
if (peer) checkouts.push(['peer', resolve(peer)]);
const servers = new Map();
for (const [name, dir] of checkouts) servers.set(name, await serve(dir));
process.on('exit', () => { for (const s of servers.values()) s.stop(); });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });

/** Starts counting frames in the page: window.kwFrames.gaps holds [end time, gap] of each. */
const COUNT = () => {
  const f = (window.kwFrames = { gaps: [], start: performance.now(), stop: false });
  let last = performance.now();
  const tick = (now) => {
    f.gaps.push([now - f.start, now - last]);
    last = now;
    if (!f.stop) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
};

async function analysis(port, model) {
  const page = await browser.newPage();
  await page.goto(`http://localhost:${port}/www/segmenter.html`);
  await page.locator('customer-segmenter').evaluate((e, m) => e.setAttribute('model', m), model);
  await page.locator('customer-segmenter input#file').setInputFiles(file);
  await page.locator('customer-segmenter #analyze').waitFor();
  const stop = await tracing(page);
  await page.evaluate(COUNT);
  await page.evaluate(() => {
    const el = document.querySelector('customer-segmenter');
    el.addEventListener('kw-analysis', () => {
      window.kwFrames.result = performance.now() - window.kwFrames.start;
      requestAnimationFrame(() => requestAnimationFrame(() => { window.kwFrames.stop = true; window.kwFrames.done = true; }));
    }, { once: true });
    el.shadowRoot.getElementById('analyze').click();
  });
  await page.waitForFunction(() => window.kwFrames.done, null, { timeout: 900_000, polling: 500 });
  const f = await page.evaluate(() => window.kwFrames);
  const task = await stop();
  const customers = await page.locator('customer-segmenter').evaluate((e) => e.result.customers.count);
  await page.close();
  const worst = Math.max(...f.gaps.map(([, g]) => g));
  const arrival = Math.max(...f.gaps.filter(([t]) => t >= f.result - 1000).map(([, g]) => g));
  return { customers, seconds: f.result / 1000, worst, arrival, over: f.gaps.filter(([, g]) => g > 100).length, task };
}

async function workbook(port) {
  const page = await browser.newPage();
  await page.goto(`http://localhost:${port}/www/segmenter.html`);
  await page.locator('customer-segmenter input#file').setInputFiles(file);
  await page.locator('customer-segmenter #analyze').click();
  await page.locator('customer-segmenter #download-xlsx').waitFor({ timeout: 900_000 });
  await page.waitForTimeout(500);
  const stop = await tracing(page);
  await page.evaluate(COUNT);
  const started = Date.now();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 900_000 }), page.locator('customer-segmenter #download-xlsx').click()]);
  const seconds = (Date.now() - started) / 1000;
  await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))));
  const f = await page.evaluate(() => { window.kwFrames.stop = true; return window.kwFrames; });
  const task = await stop();
  const { size } = await stat(await download.path());
  await page.close();
  return { seconds, worst: Math.max(...f.gaps.map(([, g]) => g)), over: f.gaps.filter(([, g]) => g > 100).length, bytes: size, task };
}

/** The control: the page idle for 5 s; on a loaded machine its gaps are the noise floor. */
async function idle(port) {
  const page = await browser.newPage();
  await page.goto(`http://localhost:${port}/www/segmenter.html`);
  await page.evaluate(COUNT);
  await page.waitForTimeout(5000);
  const f = await page.evaluate(() => { window.kwFrames.stop = true; return window.kwFrames; });
  await page.close();
  return { seconds: 5, worst: Math.max(...f.gaps.map(([, g]) => g)), over: f.gaps.filter(([, g]) => g > 100).length };
}

const taskText = (r) => (r.task ? `; longest main-thread task ${ms(r.task.wall)}, most CPU in one task ${ms(r.task.cpu)}` : '');
const results = new Map();
const keep = (key, value) => results.set(key, [...(results.get(key) ?? []), value]);
const ms = (v) => `${v.toFixed(0)} ms`;
for (let round = 1; round <= rounds; round++) {
  for (const [name] of checkouts) {
    const { port } = servers.get(name);
    if (name === 'this') {
      const r = await idle(port);
      keep('idle page (control)', r);
      console.log(`round ${round} the page idle for 5 s (control): longest gap ${ms(r.worst)}, gaps over 100 ms: ${r.over}`);
    }
    if (!onlyXlsx) {
      for (const model of ['bg-nbd', 'off']) {
        const r = await analysis(port, model);
        keep(`${name} forecast ${model}`, r);
        console.log(`round ${round} ${name} forecast ${model.padEnd(6)}: ${r.customers} customers, results after ${r.seconds.toFixed(1)} s, `
          + `longest gap ${ms(r.worst)}, in the last second ${ms(r.arrival)}, gaps over 100 ms: ${r.over}${taskText(r)}`);
      }
    }
    if (xlsx) {
      const r = await workbook(port);
      keep(`${name} workbook`, r);
      console.log(`round ${round} ${name} workbook: ${(r.bytes / 1e6).toFixed(1)} MB after ${r.seconds.toFixed(1)} s, longest gap ${ms(r.worst)}, gaps over 100 ms: ${r.over}${taskText(r)}`);
    }
  }
}
const median = (list) => {
  const s = [...list].sort((a, b) => a - b);
  return `${ms(s[Math.floor((s.length - 1) / 2)])} (${ms(s[0])}-${ms(s.at(-1))})`;
};
console.log(`\n${file}, ${rounds} round(s), medians (min-max):`);
for (const [key, list] of results) {
  const parts = [`longest gap ${median(list.map((r) => r.worst))}`];
  if ('arrival' in list[0]) parts.push(`in the last second ${median(list.map((r) => r.arrival))}`);
  if (list[0].task) parts.push(`longest task ${median(list.map((r) => r.task.wall))}, most CPU in one task ${median(list.map((r) => r.task.cpu))}`);
  parts.push(`time ${median(list.map((r) => r.seconds * 1000))}`);
  console.log(`${key.padEnd(22)}: ${parts.join(', ')}`);
}
await browser.close();
for (const s of servers.values()) s.stop();
