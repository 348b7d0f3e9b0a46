// next build with webpack and with Turbopack, next start, then the page: the server
// component's numbers in the HTML, the element's in Chromium.
import { execFileSync, spawn } from 'node:child_process';
import { assert, browser, check, outputOf } from './consumer-lib.mjs';

const next = 'node_modules/next/dist/bin/next';

async function start(distDir) {
  const port = 3100 + Math.floor(Math.random() * 800);
  const child = spawn(process.execPath, [next, 'start', '-p', String(port), '-H', '127.0.0.1'], { env: { ...process.env, NEXT_DIST_DIR: distDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(url);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  return { url, log: () => log, stop: () => child.kill('SIGTERM') };
}

for (const [bundler, flag] of [['webpack', '--webpack'], ['Turbopack', '--turbopack']]) {
  const distDir = `.next-${bundler.toLowerCase()}`;
  const t0 = performance.now();
  execFileSync(process.execPath, [next, 'build', flag], { env: { ...process.env, NEXT_DIST_DIR: distDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  console.log(`  next build ${flag}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const server = await start(distDir);
  try {
    await check(`Next.js (${bundler}): the server component's init() and API: HTTP 200 with CLV 1600 and sBG α 0.704`, async () => {
      const res = await fetch(server.url);
      const html = await res.text();
      assert.equal(res.status, 200, server.log());
      assert.match(html, /<output id="api">1600<\/output>/);
      assert.match(html, /<output id="alpha">0\.704<\/output>/);
    });
    const { page, problems, close } = await browser();
    try {
      await page.goto(server.url);
      await check(`Next.js (${bundler}): the client component's <clv-calculator> shows €1,600.00 and its event reaches React`, async () => {
        assert.equal(await outputOf(page, 'clv-calculator', 'clv'), '€1,600.00');
        await page.waitForFunction(() => document.getElementById('event')?.textContent === '1600', null, { timeout: 20_000 });
        assert.deepEqual(problems, []);
      });
    } finally {
      await close();
    }
  } finally {
    server.stop();
  }
}
