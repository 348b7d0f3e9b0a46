// The snippet builder (www/builder.html) end to end: configure a calculator, see it live, copy
// the snippet, download the ZIP made in the browser, unpack it, serve it with a plain static
// server and find a working calculator there. Nothing leaves the browser.
import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listen, staticServer } from '../../scripts/lib/server.mjs';
import { output, plain, watch } from './helpers.mjs';

const BUILDER = '/www/builder.html';
const SHOTS = new URL('../../artifacts/screenshots/', import.meta.url).pathname;

test('configure, see it live, copy the snippet, download the files; the unpacked ZIP on a static server is a working calculator', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const { problems, requests } = watch(page);
  await page.goto(BUILDER);
  await page.selectOption('#calculator', 'ltv-cac-calculator');
  await expect(page.locator('#d-spend')).toHaveValue('50000');
  await page.locator('#d-spend').fill('60000');
  await page.locator('#d-grossMargin').fill('75');
  await page.selectOption('#lead', 'gate');
  await page.locator('#webhook').fill('https://crm.beispiel.de/hooks/kundenwert');
  await page.locator('#privacy').fill('https://beispiel.de/datenschutz');
  await page.locator('#cta-href').fill('https://beispiel.de/termin');
  await page.locator('#cta-text').fill('Termin vereinbaren');
  await page.locator('#accent').fill('#aa3300');
  await page.locator('#base').fill('/rechner/');
  const code = page.locator('#snippet');
  await expect(code).toHaveText('<script type="module" src="/rechner/embed.js"></script>\n'
    + '<style>ltv-cac-calculator { --kw-accent: #aa3300; }</style>\n'
    + '<ltv-cac-calculator locale="de" spend="60000" gross-margin="0.75" lead="gate" lead-webhook="https://crm.beispiel.de/hooks/kundenwert" '
    + 'lead-privacy-url="https://beispiel.de/datenschutz" cta-href="https://beispiel.de/termin" cta-text="Termin vereinbaren"></ltv-cac-calculator>');
  // The preview is the configured calculator: gated, German, in the accent colour
  const preview = page.locator('#preview ltv-cac-calculator');
  await expect(preview).toHaveAttribute('data-lead-locked', '');
  await expect(preview.locator('.title')).toHaveText('LTV:CAC und Amortisation berechnen');
  await expect(preview.locator('input#spend')).toHaveValue('60.000');
  expect(await preview.locator('button.unlock').evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(170, 51, 0)');
  // Copy
  await page.locator('#copy').click();
  await expect(page.locator('#status')).toHaveText('Code kopiert.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await code.textContent());
  // Download, unpack
  await expect(page.locator('#portal')).toBeHidden(); // HubSpot's fields only for HubSpot
  mkdirSync(SHOTS, { recursive: true });
  await page.evaluate(() => scrollTo(0, 0));
  await page.screenshot({ path: `${SHOTS}builder-1280.png`, fullPage: true });
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download').click()]);
  expect(download.suggestedFilename()).toBe('kundenwert-rechner.zip');
  const dir = mkdtempSync(join(tmpdir(), 'kw-builder-'));
  const file = join(dir, 'kundenwert-rechner.zip');
  await download.saveAs(file);
  execFileSync('unzip', ['-q', file, '-d', join(dir, 'site')]);
  const site = join(dir, 'site');
  // embed.js, the two chunks it imports (the calculators, and the code they share with the other
  // element scripts), the wasm, the example page and the instructions.
  const chunks = readdirSync(site).filter((f) => /^kw-[\w-]+\.js$/.test(f)).sort();
  expect(chunks).toHaveLength(2);
  for (const chunk of chunks) expect(readFileSync(join(site, 'embed.js'), 'utf8')).toContain(`import("./${chunk}")`);
  expect(readdirSync(site).sort()).toEqual(['LIESMICH.txt', 'beispiel.html', 'embed.js', 'kundenwert_bg.wasm', ...chunks].sort());
  expect(statSync(join(site, 'embed.js')).size).toBe(statSync(new URL('../../dist/embed.js', import.meta.url)).size);
  expect(statSync(join(site, 'kundenwert_bg.wasm')).size).toBe(statSync(new URL('../../dist/kundenwert_bg.wasm', import.meta.url)).size);
  const readme = readFileSync(join(site, 'LIESMICH.txt'), 'utf8');
  expect(readme).toContain('WordPress');
  expect(readme).toContain('<script type="module" src="/rechner/embed.js"></script>');
  // Nothing left the browser: only this site's own files were fetched
  expect(requests.filter((r) => !r.startsWith('/www/') && !r.startsWith('/dist/'))).toEqual([]);
  expect(problems).toEqual([]);

  // A plain static server with the unpacked files: the example page shows a working calculator
  const server = staticServer({ '/': site });
  const port = await listen(server, 0);
  try {
    const visitor = await context.newPage();
    const seen = watch(visitor);
    await visitor.goto(`http://localhost:${port}/beispiel.html`);
    const el = visitor.locator('ltv-cac-calculator');
    await expect(el).toHaveAttribute('data-lead-locked', '');
    expect(await output(visitor, 'ltv-cac-calculator', 'simple')).toBe('6,4 Monate'); // CAC 60,000 / 125 = 480; 480 / (100 × 0.75)
    expect(seen.problems).toEqual([]);
    // embed.js first; then the wasm and both chunks at once (their order is the browser's)
    expect(seen.requests.slice(0, 2)).toEqual(['/beispiel.html', '/embed.js']);
    expect(seen.requests.slice(2).sort()).toEqual([...chunks.map((c) => `/${c}`), '/kundenwert_bg.wasm'].sort());
  } finally {
    server.closeAllConnections?.();
    server.close();
  }
});

test('the gallery links the builder first; axe finds nothing in the builder', async ({ page }) => {
  await page.goto('/www/index.html');
  await expect(page.locator('header nav a').first()).toHaveAttribute('href', '/builder.html');
  await page.goto(BUILDER);
  await expect(page.locator('#preview clv-calculator output#clv')).not.toHaveText('…');
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  expect(plain(await page.locator('#preview clv-calculator output#clv').textContent())).toBe('1.600,00 €');
});
