// What each consumer's check.mjs uses (copied beside it as consumer-lib.mjs): numbered checks
// that throw on failure, a static server for a built app, and Chromium loading a page and
// reading what the visitor sees, with every console error collected.
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';

const root = process.env.KW_ROOT;
let n = 0;

/** Runs one check; prints `ok N name` (counted by tests/consumers/run.mjs) or throws. */
export async function check(name, fn) {
  await fn();
  console.log(`ok ${++n} ${name}`);
}

export { assert };

/** Serves `dir` on a free port; returns { url, close }. */
export async function serve(dir, handlers) {
  const { listen, staticServer } = await import(pathToFileURL(`${root}scripts/lib/server.mjs`).href);
  const server = staticServer({ '/': dir }, handlers);
  const port = await listen(server, 0);
  return { url: `http://localhost:${port}`, close: () => new Promise((r) => server.close(r)) };
}

/** Chromium (Debian's, as in the browser tests), a page with its problems collected. */
export async function browser() {
  const { chromium } = await import(pathToFileURL(`${root}node_modules/@playwright/test/index.mjs`).href);
  const b = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const page = await b.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  return { page, problems, close: () => b.close() };
}

/** The text of an output in an element's shadow root once it has computed. */
export async function outputOf(page, selector, id) {
  const locator = page.locator(`${selector} output#${id}`);
  await locator.filter({ hasNotText: '…' }).first().waitFor({ timeout: 20_000 });
  await page.waitForFunction(([s, i]) => {
    const t = document.querySelector(s)?.shadowRoot?.getElementById(i)?.textContent;
    return t && t !== '…';
  }, [selector, id], { timeout: 20_000 });
  return (await locator.first().textContent()).replace(/[\u00a0\u202f]/g, ' ').trim();
}

/** The checks every browser app gets: the element's CLV, the API's, the worker's analysis, no console error. */
export async function checkBrowserApp(dir, what, { path = '/index.html' } = {}) {
  const server = await serve(dir);
  const { page, problems, close } = await browser();
  try {
    await page.goto(`${server.url}${path}`);
    await check(`${what}: <clv-calculator> shows CLV €1,600.00 (100 × 0.8 / 0.05)`, async () => {
      assert.equal(await outputOf(page, 'clv-calculator', 'clv'), '€1,600.00');
    });
    await check(`${what}: the API computes 1600`, async () => {
      await page.waitForFunction(() => document.getElementById('api')?.textContent, null, { timeout: 20_000 });
      assert.equal(await page.locator('#api').textContent(), '1600');
    });
    await check(`${what}: the analysis worker reads the 3 rows`, async () => {
      await page.waitForFunction(() => document.getElementById('analysis')?.textContent, null, { timeout: 30_000 });
      assert.equal(await page.locator('#analysis').textContent(), '3 rows');
    });
    await check(`${what}: no console error, no failed request`, () => assert.deepEqual(problems, []));
  } finally {
    await close();
    await server.close();
  }
}
