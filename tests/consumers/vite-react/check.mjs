import { assert, browser, check, checkBrowserApp, outputOf, serve } from './consumer-lib.mjs';

await checkBrowserApp('dist', 'Vite + React 19');
// React drives the element through its properties: a new prop value recomputes it.
const server = await serve('dist');
const { page, problems, close } = await browser();
try {
  await page.goto(`${server.url}/index.html`);
  await check('Vite + React 19: onkw-change reaches React state; a new churnRate prop recomputes', async () => {
    await page.waitForFunction(() => document.getElementById('event')?.textContent === '1600', null, { timeout: 20_000 });
    await page.click('#churn');
    await page.waitForFunction(() => document.getElementById('event')?.textContent === '800', null, { timeout: 20_000 });
    assert.equal(await outputOf(page, 'clv-calculator', 'clv'), '€800.00');
    assert.equal(await page.locator('clv-calculator').getAttribute('churn-rate'), '0.1');
    assert.deepEqual(problems, []);
  });
} finally {
  await close();
  await server.close();
}
