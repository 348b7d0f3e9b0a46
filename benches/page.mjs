// The blog page in headless Chromium: bytes transferred until the first result, the element's
// start-up against a minimal mock element, and the time from a keystroke to the updated result.
//
// Start-up is measured in pairs of fresh loads (a new browser context each: no cache, no
// compiled wasm): the blog page with the embed snippet, and the same page with the snippet and
// the <clv-calculator> replaced by benches/startup/mock-element.js and a <mock-calculator>
// (shadow root, six inputs, an output, loaded by the same kind of <script type="module">).
// Both mark 'kw-first-result' when `el.result` is set; the figure is navigation start -> that
// mark, and the gap is real minus mock within each pair (the order alternates by pair).
//
//   node benches/page.mjs [--loads 15] [--before DIR] [--latency MS] [--kbps N]   (after npm run build; starts its own server)
// --before DIR adds a third page to every round: the blog article on an earlier build's dist/
// (copied to target/bench/before/), for before/after figures from one interleaved run.
// --latency MS adds MS to every request (Chromium's network emulation; localhost has no round
// trip, a visitor's connection has one per request the page waits for), --kbps N limits the
// download rate: what the order of the requests costs on a real connection.
import { cp, readFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const BLOG = '/www/blog/was-ist-ihr-kunde-wert.html';
const MOCK = '/target/bench/startup-mock.html';
const root = fileURLToPath(new URL('..', import.meta.url));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length });

const BEFORE = '/target/bench/startup-before.html';

/** The blog article on the dist/ in `dir` (an earlier build), served from target/bench/before/. */
export async function writeBeforePage(dir) {
  await rm(`${root}target/bench/before`, { recursive: true, force: true });
  await cp(dir, `${root}target/bench/before`, { recursive: true });
  const html = await readFile(`${root}${BLOG.slice(1)}`, 'utf8');
  const from = '<script type="module" src="/dist/embed.js"></script>';
  if (!html.includes(from)) throw new Error(`benches/page.mjs: the blog page no longer contains ${from}`);
  await writeFile(`${root}${BEFORE.slice(1)}`, html.replace(from, '<script type="module" src="/target/bench/before/embed.js"></script>'));
}

/** Writes the mock page: the blog article with the mock element where the calculator was. */
export async function writeMockPage() {
  const html = await readFile(`${root}${BLOG.slice(1)}`, 'utf8');
  const swaps = [
    ['<script type="module" src="/dist/embed.js"></script>', '<script type="module" src="/benches/startup/mock-element.js"></script>'],
    ['<clv-calculator ', '<mock-calculator '],
    ['</clv-calculator>', '</mock-calculator>'],
    ['clv-calculator {', 'mock-calculator {'],
  ];
  let mock = html;
  for (const [from, to] of swaps) {
    if (!mock.includes(from)) throw new Error(`benches/page.mjs: the blog page no longer contains ${from}; update the mock page's swaps`);
    mock = mock.replace(from, to);
  }
  await mkdir(`${root}target/bench`, { recursive: true });
  await writeFile(`${root}${MOCK.slice(1)}`, mock);
}

/**
 * One fresh load of `path`: times from navigation start and DOMContentLoaded to the first result.
 * `latency` (ms) adds that much to every request as Chromium's network emulation does (a round
 * trip of a real connection; localhost has none), `kbps` limits the download rate.
 */
async function load(browser, url, { latency = 0, kbps = 0 } = {}) {
  const context = await browser.newContext(); // fresh: no cache, no compiled wasm
  try {
    const page = await context.newPage();
    if (latency || kbps) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency, downloadThroughput: kbps ? (kbps * 1000) / 8 : -1, uploadThroughput: -1 });
    }
    // The first result is awaited as a console message from a mark observer installed before
    // the page's scripts: waiting with page.waitForFunction would have Playwright compile its
    // injected script on the page's main thread meanwhile (25-45 ms in a trace, in the real
    // element's start-up but after the mock's), which no visitor's page runs.
    await page.addInitScript(() => {
      new PerformanceObserver((list) => {
        if (list.getEntries().some((e) => e.name === 'kw-first-result')) console.debug('kw-first-result');
      }).observe({ type: 'mark', buffered: true });
    });
    const marked = page.waitForEvent('console', { predicate: (m) => m.text() === 'kw-first-result', timeout: 60_000 });
    await page.goto(url, { waitUntil: 'commit' });
    await marked;
    return await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const first = performance.getEntriesByName('kw-first-result')[0].startTime;
      const el = document.querySelector('clv-calculator, mock-calculator');
      if (!el.result) throw new Error('first result marked but el.result not set');
      const resources = performance.getEntriesByType('resource')
        .filter((r) => r.startTime < first)
        .map((r) => ({ name: new URL(r.name).pathname, transfer: r.transferSize, body: r.encodedBodySize, decoded: r.decodedBodySize }));
      return { fromDcl: first - nav.domContentLoadedEventStart, fromNavigation: first, dcl: nav.domContentLoadedEventStart, page: nav.transferSize, resources };
    });
  } finally {
    await context.close();
  }
}

/** Start-up of the blog page against the mock page, `loads` pairs. */
export async function measureStartup(browser, base, { loads = 15, before = null, latency = 0, kbps = 0 } = {}) {
  await writeMockPage();
  if (before) await writeBeforePage(before);
  const pages = { real: BLOG, mock: MOCK, ...(before ? { before: BEFORE } : {}) };
  const runs = Object.fromEntries(Object.keys(pages).map((k) => [k, []]));
  for (const path of Object.values(pages)) await load(browser, base + path); // warms the server's file cache, not counted
  const order = Object.keys(pages);
  for (let i = 0; i < loads; i++) {
    // each round in another order, so that no page always comes first
    for (let j = 0; j < order.length; j++) {
      const key = order[(i + j) % order.length];
      runs[key].push(await load(browser, base + pages[key], { latency, kbps }));
    }
  }
  const { real, mock } = runs;
  const extra = before ? {
    before: stats(runs.before.map((r) => r.fromNavigation)),
    beforeGap: stats(runs.before.map((r, i) => r.fromNavigation - mock[i].fromNavigation)),
    beforeFromDcl: stats(runs.before.map((r) => r.fromDcl)),
    // this build against the earlier one, load for load within each round
    vsBefore: stats(real.map((r, i) => r.fromNavigation - runs.before[i].fromNavigation)),
  } : {};
  return {
    ...extra,
    loads,
    latency,
    kbps,
    first: real[0],
    real: stats(real.map((r) => r.fromNavigation)),
    mock: stats(mock.map((r) => r.fromNavigation)),
    gap: stats(real.map((r, i) => r.fromNavigation - mock[i].fromNavigation)),
    fromDcl: stats(real.map((r) => r.fromDcl)),
    dcl: stats(real.map((r) => r.dcl)),
    mockDcl: stats(mock.map((r) => r.dcl)),
  };
}

export async function measurePage(browser, base, { loads = 15, keystrokes = 60 } = {}) {
  const startup = await measureStartup(browser, base, { loads });

  // Keystrokes: from keydown in the field to the kw-change that follows the updated outputs,
  // and to the next animation frame after it.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(base + BLOG);
  await page.waitForFunction(() => performance.getEntriesByName('kw-first-result').length > 0);
  await page.evaluate(() => {
    window.kwKeys = [];
    const el = document.querySelector('clv-calculator');
    const input = el.shadowRoot.getElementById('arpa');
    let down = 0;
    input.addEventListener('keydown', () => { down = performance.now(); }, true);
    el.addEventListener('kw-change', () => {
      const result = performance.now() - down;
      requestAnimationFrame(() => window.kwKeys.push({ result, frame: performance.now() - down }));
    });
  });
  const input = page.locator('clv-calculator input#arpa');
  await input.click();
  for (let i = 0; i < keystrokes; i++) {
    await input.press('ControlOrMeta+a');
    await input.press(String((i % 9) + 1));
  }
  await page.waitForFunction((n) => window.kwKeys.length >= n, keystrokes);
  const keys = await page.evaluate(() => window.kwKeys);
  await context.close();

  return {
    resources: startup.first.resources,
    pageBytes: startup.first.page,
    startup,
    startupFromDcl: startup.fromDcl.median,
    startupFromNavigation: startup.real.median,
    keystrokeToResult: median(keys.map((k) => k.result)),
    keystrokeToFrame: median(keys.map((k) => k.frame)),
    loads,
    keystrokes: keys.length,
  };
}

const range = (s, digits = 1) => `${s.median.toFixed(digits)} ms (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;

/** The start-up lines `npm run bench` and this script print. */
export function startupLines(s) {
  return [
    `  start-up, navigation start -> first result (el.result set), ${s.loads} pairs of fresh loads${s.latency || s.kbps ? ` (network emulated: ${s.latency} ms a request${s.kbps ? `, ${s.kbps} kbit/s` : ''})` : ''}, median (min–max):`,
    `    <clv-calculator> with the embed snippet   ${range(s.real)}`,
    `    mock element (shadow root, 6 inputs)      ${range(s.mock)}`,
    `    gap, paired (real − mock)                  ${range(s.gap)}   goal at most 15 ms: ${s.gap.median <= 15 ? 'met' : 'NOT MET'}`,
    `    DOMContentLoaded -> first result           ${range(s.fromDcl)}   budget 50 ms: ${s.fromDcl.median <= 50 ? 'within' : 'OVER'}`,
    `    DOMContentLoaded, real / mock page          ${range(s.dcl)} / ${range(s.mockDcl)}`,
    ...(s.before ? [
      `    the earlier build (--before), same rounds  ${range(s.before)}; gap to the mock ${range(s.beforeGap)}; from DOMContentLoaded ${range(s.beforeFromDcl)}`,
      `    this build − the earlier one, paired        ${range(s.vsBefore)}`,
    ] : []),
  ];
}

/** A static server in its own process (as a host would serve the pages) and Chromium. */
export async function startBrowser() {
  const { spawn } = await import('node:child_process');
  const { chromium } = await import('playwright-core');
  const server = spawn('node', [`${root}scripts/serve.mjs`, '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  process.on('exit', () => server.kill());
  const port = await new Promise((resolve) => server.stdout.once('data', (d) => resolve(Number(/:(\d+)\//.exec(String(d))[1]))));
  const args = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic'];
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args });
  return { browser, base: `http://localhost:${port}`, close: async () => { await browser.close(); server.kill(); } };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--loads');
  const loads = i > 0 ? Number(process.argv[i + 1]) : 15;
  const b = process.argv.indexOf('--before');
  const { loadavg, cpus } = await import('node:os');
  const { browser, base, close } = await startBrowser();
  const load = loadavg()[0];
  const option = (name) => (process.argv.includes(`--${name}`) ? Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) : 0);
  const s = await measureStartup(browser, base, { loads, before: b > 0 ? process.argv[b + 1] : null, latency: option('latency'), kbps: option('kbps') });
  console.log(`Chromium ${browser.version()}; load average (1 min) ${load.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end, on ${cpus().length} cores`);
  for (const line of startupLines(s)) console.log(line);
  let beyond = 0;
  for (const r of s.first.resources) beyond += r.transfer;
  console.log(`  bytes beyond the blog page until the first result: ${(beyond / 1024).toFixed(1)} KB (${s.first.resources.map((r) => `${r.name} ${(r.transfer / 1024).toFixed(1)}`).join(', ')})`);
  await close();
}
