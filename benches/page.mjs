// The blog page in headless Chromium: bytes transferred until the first result, the element's
// start-up (DOMContentLoaded -> first result, and navigation start -> first result, median of
// fresh loads) and the time from a keystroke to the updated result.
const BLOG = '/www/blog/was-ist-ihr-kunde-wert.html';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function measurePage(browser, base, { loads = 10, keystrokes = 60 } = {}) {
  const startup = [];
  let bytes = null;
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext(); // fresh: no cache, no compiled wasm
    const page = await context.newPage();
    await page.goto(base + BLOG);
    await page.waitForFunction(() => performance.getEntriesByName('kw-first-result').length > 0);
    const t = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const first = performance.getEntriesByName('kw-first-result')[0].startTime;
      const resources = performance.getEntriesByType('resource')
        .filter((r) => r.startTime < first)
        .map((r) => ({ name: new URL(r.name).pathname, transfer: r.transferSize, body: r.encodedBodySize, decoded: r.decodedBodySize }));
      return { fromDcl: first - nav.domContentLoadedEventStart, fromNavigation: first, page: nav.transferSize, resources };
    });
    startup.push(t);
    bytes ??= t;
    await context.close();
  }

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
    resources: bytes.resources,
    pageBytes: bytes.page,
    startupFromDcl: median(startup.map((s) => s.fromDcl)),
    startupFromNavigation: median(startup.map((s) => s.fromNavigation)),
    keystrokeToResult: median(keys.map((k) => k.result)),
    keystrokeToFrame: median(keys.map((k) => k.frame)),
    loads,
    keystrokes: keys.length,
  };
}
