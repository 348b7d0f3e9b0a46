// The calculator elements in Chromium, used the way a visitor uses them: through the element,
// typing, with the keyboard, in German and English. Values are FORMULAS.md's worked examples.
import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { computed, output, plain, type, watch } from './helpers.mjs';

const GALLERY = '/www/index.html';
const BLOG = '/www/blog/was-ist-ihr-kunde-wert.html';
const ELEMENTS = ['clv-calculator', 'ltv-cac-calculator', 'tcv-calculator', 'retention-impact-calculator'];
const SHOTS = new URL('../../artifacts/screenshots/', import.meta.url).pathname;



test.describe('every element', () => {
  test('renders with its results on the gallery, with no console errors and no outside request', async ({ page }) => {
    const { problems } = watch(page);
    await page.goto(GALLERY);
    for (const el of ELEMENTS) {
      await expect(page.locator(`${el} .title`)).toBeVisible();
      await expect(page.locator(`${el} output`).first()).not.toHaveText('…');
      await computed(page.locator(el));
    }
    expect(problems).toEqual([]);
  });

  test('shows FORMULAS.md values in English', async ({ page }) => {
    await page.goto(GALLERY);
    // §3: 100 × 0.8 / 0.05
    expect(await output(page, 'clv-calculator', 'clv')).toBe('€1,600.00');
    expect(await output(page, 'clv-calculator', 'second')).toBe('20 months');
    // §5-7: CAC 50,000 / 125 = 400; CLV 1,600; ratio 4; simple payback 400 / 80 = 5; with churn 6
    expect(await output(page, 'ltv-cac-calculator', 'cac')).toBe('€400.00');
    expect(await output(page, 'ltv-cac-calculator', 'ratio')).toBe('4.0 : 1');
    await expect(page.locator('ltv-cac-calculator #band')).toHaveAttribute('data-band', 'healthy');
    expect(await output(page, 'ltv-cac-calculator', 'simple')).toBe('5 months');
    expect(await output(page, 'ltv-cac-calculator', 'periods')).toBe('6 months');
    // §9: 2,000 -> 2,327.31 (+16.4 %), profit 1,500 -> 1,827.31 (+21.8 %)
    expect(await output(page, 'retention-impact-calculator', 'clv')).toBe('€2,327.31');
    await expect(page.locator('retention-impact-calculator #clv-change')).toHaveText(/\+16\.4/);
    await expect(page.locator('retention-impact-calculator #profit-change')).toHaveText(/\+21\.8/);
  });

  test('recomputes as the visitor types: CLV, TCV', async ({ page }) => {
    await page.goto(GALLERY);
    await type(page, 'clv-calculator', 'churnRate', '10');
    expect(await output(page, 'clv-calculator', 'clv')).toBe('€800.00');
    await type(page, 'clv-calculator', 'grossMargin', '100');
    expect(await output(page, 'clv-calculator', 'clv')).toBe('€1,000.00');
    // §8 by hand: CLV 1,600 + referrals 0.5 × 400 − 500 − 150 − 8 × 20 (cost to serve) = 990
    const tcv = 'tcv-calculator';
    for (const [field, v] of [['expansionRate', '0'], ['discountRate', '0'], ['referralsPerCustomer', '0.5'],
      ['valuePerReferral', '400'], ['acquisitionCost', '500'], ['onboardingCost', '150'], ['serviceCost', '5'],
      ['accountManagementCost', '3'], ['retentionCost', '0'], ['dunningCost', '0'], ['upgradeCost', '0']]) {
      await type(page, tcv, field, v);
    }
    expect(await output(page, tcv, 'tcv')).toBe('$990.00');
    expect(await output(page, tcv, 'clv')).toBe('$1,600.00');
    await expect(page.locator(`${tcv} .bars li`)).toHaveCount(7);
  });

  test('an invalid entry shows its message next to the field, keeps the text and the last result, then recovers', async ({ page }) => {
    await page.goto(GALLERY);
    const el = 'clv-calculator';
    expect(await output(page, el, 'clv')).toBe('€1,600.00');
    await type(page, el, 'churnRate', '5x');
    await expect(page.locator(`${el} #churnRate-error`)).toHaveText('Please enter a number, for example 12.5.');
    await expect(page.locator(`${el} input#churnRate`)).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator(`${el} input#churnRate`)).toHaveValue('5x');
    expect(await output(page, el, 'clv')).toBe('€1,600.00');
    await expect(page.locator(`${el} #note`)).toHaveText('The result shows the last valid inputs.');
    await expect(page.locator(el)).toHaveAttribute('data-stale', '');
    await expect(page.locator(`${el} output#clv`)).toHaveAttribute('aria-describedby', 'note');
    // A rule of the core: a margin of 150 %
    await type(page, el, 'churnRate', '5');
    await type(page, el, 'grossMargin', '150');
    await expect(page.locator(`${el} #grossMargin-error`)).toHaveText('Please enter a value from 0 to 100%.');
    await expect(page.locator(`${el} #churnRate-error`)).toHaveText('');
    // No churn and no horizon: the value never ends
    await type(page, el, 'grossMargin', '80');
    await type(page, el, 'churnRate', '0');
    await expect(page.locator(`${el} #churnRate-error`)).toContainText('grows without end');
    await type(page, el, 'horizon', '24');
    expect(await output(page, el, 'clv')).toBe('€1,920.00'); // 80 × 24
    await expect(page.locator(`${el} #churnRate-error`)).toHaveText('');
    await expect(page.locator(`${el} input#churnRate`)).not.toHaveAttribute('aria-invalid');
    await expect(page.locator(`${el} #note`)).toHaveText('');
    await expect(page.locator(el)).not.toHaveAttribute('data-stale');
    await expect(page.locator(`${el} output#clv`)).not.toHaveAttribute('aria-describedby');
  });
});

test.describe('in German', () => {
  test('the blog article formats money as 1.600,00 € and months in German', async ({ page }) => {
    await page.goto(BLOG);
    expect(await output(page, 'clv-calculator', 'clv')).toBe('1.600,00 €');
    expect(await output(page, 'clv-calculator', 'second')).toBe('20 Monate');
    await expect(page.locator('clv-calculator .title')).toHaveText('Kundenwert (CLV) berechnen');
    await type(page, 'clv-calculator', 'grossMargin', '87,5');
    expect(await output(page, 'clv-calculator', 'clv')).toBe('1.750,00 €');
    await type(page, 'clv-calculator', 'arpa', '1.000');
    expect(await output(page, 'clv-calculator', 'clv')).toBe('17.500,00 €');
    await type(page, 'clv-calculator', 'churnRate', 'fünf');
    await expect(page.locator('clv-calculator #churnRate-error')).toHaveText('Bitte eine Zahl eingeben, zum Beispiel 12,5.');
  });

  test('switching the locale attribute switches language and formats', async ({ page }) => {
    await page.goto(GALLERY);
    await page.selectOption('#locale', 'de');
    await expect(page.locator('ltv-cac-calculator .title')).toHaveText('LTV:CAC und Amortisation berechnen');
    expect(await output(page, 'ltv-cac-calculator', 'ratio')).toBe('4,0 : 1');
    // What the fields showed in English (50,000) keeps its value in German (50.000)
    await expect(page.locator('ltv-cac-calculator input#spend')).toHaveValue('50.000');
    expect(await output(page, 'tcv-calculator', 'clv')).toMatch(/\$$/); // USD in German: 1.975,31 $
  });
});

test.describe('keyboard only', () => {
  test('tab through the fields, type, switch the mode with the arrow keys', async ({ page }) => {
    await page.goto(BLOG);
    await expect(page.locator('clv-calculator output#clv')).not.toHaveText('…');
    // From the top of the page, the first stops are the modes, then the fields.
    await page.keyboard.press('Tab'); // the masthead link
    await page.keyboard.press('Tab'); // the checked mode radio
    expect(await page.evaluate(() => document.activeElement.shadowRoot?.activeElement?.value)).toBe('subscription');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement.shadowRoot.activeElement.id)).toBe('arpa');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('200');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement.shadowRoot.activeElement.id)).toBe('grossMargin');
    expect(await output(page, 'clv-calculator', 'clv')).toBe('3.200,00 €');
    // Back to the modes and over to "Wiederkäufe" (repeat purchases)
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('ArrowRight');
    await expect(page.locator('clv-calculator input#averageOrderValue')).toBeVisible();
    expect(await page.evaluate(() => document.activeElement.shadowRoot.activeElement.value)).toBe('purchase');
    // 50 × 4 × 3 × 0.8 − 0 = 480
    expect(await output(page, 'clv-calculator', 'clv')).toBe('480,00 €');
  });
});

test.describe('events, properties, analytics and links', () => {
  test('result is read-only; properties set fields; kw-change bubbles out of the shadow root', async ({ page }) => {
    await page.goto(GALLERY);
    await expect(page.locator('clv-calculator output#clv')).not.toHaveText('…');
    const detail = await page.evaluate(() => new Promise((resolve) => {
      document.addEventListener('kw-change', (e) => resolve({ ...e.detail, composed: e.composed, target: e.target.localName }), { once: true });
      document.querySelector('clv-calculator').churnRate = 0.1;
    }));
    expect(detail.calculator).toBe('clv-calculator');
    expect(detail.target).toBe('clv-calculator');
    expect(detail.composed).toBe(true);
    expect(detail.inputs).toEqual({ arpa: 100, grossMargin: 0.8, churnRate: 0.1, expansionRate: 0, discountRate: 0 });
    expect(detail.result.clv).toBe(800);
    expect(await page.locator('clv-calculator input#churnRate').inputValue()).toBe('10');
    const readOnly = await page.evaluate(() => {
      const el = document.querySelector('clv-calculator');
      try { el.result = null; } catch { /* a getter only */ }
      return el.result.clv;
    });
    expect(readOnly).toBe(800);
    expect(await page.evaluate(() => document.querySelector('clv-calculator').grossMargin)).toBe(0.8);
  });

  test('dataLayer is pushed only where data-layer asks for it', async ({ page }) => {
    await page.goto(BLOG);
    await type(page, 'clv-calculator', 'arpa', '120');
    await page.waitForTimeout(1300);
    expect(await page.evaluate(() => window.dataLayer)).toBeUndefined();
    await page.goto(GALLERY);
    await type(page, 'retention-impact-calculator', 'retentionIncrease', '10');
    // (a push of the first result may come before the typing on a slow machine: the last one counts)
    await expect.poll(() => page.evaluate(() => window.dataLayer?.at(-1)?.retentionIncrease)).toBe(0.1);
    const pushed = await page.evaluate(() => window.dataLayer.at(-1));
    expect(pushed.event).toBe('kw_retention');
    expect(pushed.calculator).toBe('retention-impact-calculator');
    expect(pushed.retentionIncrease).toBe(0.1);
  });

  test('sync-url puts the numbers in the address; the copied link reproduces them', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(GALLERY);
    await type(page, 'ltv-cac-calculator', 'spend', '60000');
    await expect.poll(() => page.url()).toContain('ltv-cac.spend=60000');
    await page.locator('ltv-cac-calculator #copy').click();
    await expect(page.locator('ltv-cac-calculator #copy-status')).toHaveText('Link copied.');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toContain('ltv-cac.spend=60000');
    const fresh = await context.newPage();
    await fresh.goto(link);
    await expect(fresh.locator('ltv-cac-calculator input#spend')).toHaveValue('60,000');
    expect(await output(fresh, 'ltv-cac-calculator', 'cac')).toBe('€480.00'); // 60,000 / 125
  });

  test('a page that loads the script twice, and the elements entry too, works', async ({ page }) => {
    const { problems } = watch(page);
    await page.goto('/tests/e2e/pages/twice.html');
    expect(await output(page, '#first', 'clv')).toBe('€1,600.00');
    expect(await output(page, '#late', 'ratio')).toBe('4.0 : 1');
    expect(problems).toEqual([]);
  });
});

test.describe('under a strict Content-Security-Policy', () => {
  test("script-src 'self' 'wasm-unsafe-eval' and style-src 'self' are enough: no violation", async ({ page }) => {
    const { problems } = watch(page);
    await page.goto('/tests/e2e/pages/csp.html');
    expect(await output(page, 'clv-calculator', 'clv')).toBe('480,00 €'); // §2: 50 × 4 × 3 × 0.8
    const widths = await page.locator('tcv-calculator .bar').evaluateAll((bars) => bars.map((b) => b.getBoundingClientRect().width));
    expect(widths.every((w) => w > 0)).toBe(true);
    expect(problems).toEqual([]);
  });
});

test.describe('in a Vite app', () => {
  test("import 'kundenwert/elements' registers the elements in a production build", async ({ page }) => {
    const { problems } = watch(page);
    await page.goto('/tests/vite-app/dist/elements.html');
    expect(await output(page, 'clv-calculator', 'clv')).toBe('1.600,00 €');
    expect(problems).toEqual([]);
  });
});

test.describe('what the blog page loads', () => {
  test('only the page, embed.js, the calculators\' chunk, the chunk they share with retention-forecast.js and the wasm; nothing leaves localhost', async ({ page }) => {
    const { problems, requests } = watch(page);
    await page.goto(BLOG);
    await expect(page.locator('clv-calculator output#clv')).not.toHaveText('…');
    await type(page, 'clv-calculator', 'arpa', '150');
    await page.waitForTimeout(300);
    // embed.js asks for the wasm and both chunks at once, each once
    expect(requests.slice(0, 2)).toEqual([BLOG, '/dist/embed.js']);
    expect(requests.slice(2).map((r) => r.replace(/kw-\w+\.js$/, 'kw-<hash>.js')).sort()).toEqual(['/dist/kundenwert_bg.wasm', '/dist/kw-<hash>.js', '/dist/kw-<hash>.js']);
    expect(new Set(requests).size).toBe(requests.length);
    expect(problems).toEqual([]);
  });

  test('the wasm is requested before either chunk has arrived, and the core takes the module embed.js compiled', async ({ page }) => {
    // Each chunk held back 300 ms: the wasm request must not wait for them (as it did when
    // the chunk started it).
    await page.route(/\/dist\/kw-\w+\.js$/, async (route) => {
      await new Promise((r) => setTimeout(r, 300));
      await route.continue();
    });
    await page.goto(BLOG);
    expect(await output(page, 'clv-calculator', 'clv')).toBe('1.600,00 €'); // 100 × 0.8 / 0.05
    const timing = await page.evaluate(() => {
      const entries = performance.getEntriesByType('resource');
      const wasm = entries.find((e) => e.name.endsWith('/kundenwert_bg.wasm'));
      const chunks = entries.filter((e) => /\/kw-\w+\.js$/.test(e.name));
      return {
        wasmStart: wasm.startTime,
        chunksEnd: Math.min(...chunks.map((c) => c.responseEnd)),
        chunks: chunks.length,
        wasmRequests: entries.filter((e) => e.name.endsWith('.wasm')).length,
        handedOver: globalThis[Symbol.for('kundenwert.wasm')] === undefined,
      };
    });
    expect(timing.chunks).toBe(2);
    expect(timing.wasmRequests).toBe(1);
    expect(timing.wasmStart + 250).toBeLessThan(timing.chunksEnd);
    expect(timing.handedOver).toBe(true);
  });

  test('a wasm that fails to load is reported in the card, and a retry in the page succeeds', async ({ page }) => {
    const { problems } = watch(page);
    let fail = true;
    await page.route(/\/dist\/kundenwert_bg\.wasm$/, (route) => (fail ? route.fulfill({ status: 503, body: 'unavailable' }) : route.continue()));
    await page.goto(BLOG);
    await expect(page.locator('clv-calculator #general-error')).toHaveText('Der Rechner konnte nicht geladen werden.');
    expect(problems.join('\n')).toContain('failed to fetch Wasm: 503');
    // The failed load may be retried (the early fetch is used once; this fetches afresh): the
    // element then computes again.
    fail = false;
    await page.evaluate(() => customElements.get('clv-calculator').ready());
    await type(page, 'clv-calculator', 'arpa', '150');
    expect(await output(page, 'clv-calculator', 'clv')).toBe('2.400,00 €'); // 150 × 0.8 / 0.05
    expect(problems.filter((p) => p.startsWith('page error'))).toEqual([]); // no unhandled rejection
  });
});

test.describe('accessibility', () => {
  for (const [name, path] of [['gallery (light and dark sections)', GALLERY], ['German blog article', BLOG]]) {
    test(`axe finds no violations: ${name}, also with an error shown`, async ({ page }) => {
      await page.goto(path);
      await expect(page.locator('clv-calculator output#clv')).not.toHaveText('…');
      let results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      await type(page, 'clv-calculator', 'churnRate', 'x');
      await expect(page.locator('clv-calculator #churnRate-error')).not.toHaveText('');
      results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    });
  }

  test('every field has a real label; results are polite live outputs', async ({ page }) => {
    await page.goto(GALLERY);
    for (const el of ELEMENTS) {
      // (embed.js defines the elements once its chunks have arrived, which may be after load)
      const report = await page.locator(el).evaluate(async (host) => {
        await customElements.whenDefined(host.localName);
        const root = host.shadowRoot;
        return {
          unlabelled: [...root.querySelectorAll('input:not([type=range])')].filter((i) => !i.labels?.length && !i.getAttribute('aria-label')).map((i) => i.id),
          outputs: [...root.querySelectorAll('output')].map((o) => o.getAttribute('aria-live')),
        };
      });
      expect(report.unlabelled).toEqual([]);
      expect(report.outputs.length).toBeGreaterThan(0);
      expect(new Set(report.outputs)).toEqual(new Set(['polite']));
    }
  });
});

test.describe('layout', () => {
  test('no horizontal scrolling at 320 px', async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 800 });
    for (const path of [GALLERY, BLOG]) {
      await page.goto(path);
      await expect(page.locator('clv-calculator output#clv')).not.toHaveText('…');
      const overflow = await page.evaluate((selector) => [...document.querySelectorAll(selector)].map((e) => e.getBoundingClientRect().right)
        .filter((right) => right > document.documentElement.clientWidth + 1).length, ELEMENTS.join(','));
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      expect(overflow).toBe(0);
    }
  });

  test('print shows inputs and results, not sliders or buttons', async ({ page }) => {
    await page.goto(GALLERY);
    await expect(page.locator('ltv-cac-calculator output#ratio')).not.toHaveText('…');
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('ltv-cac-calculator #copy')).toBeHidden();
    await expect(page.locator('clv-calculator input#churnRate-slider')).toBeHidden();
    await expect(page.locator('clv-calculator input#churnRate')).toBeVisible();
    await expect(page.locator('ltv-cac-calculator output#ratio')).toBeVisible();
  });

  test('theming: custom properties reach the shadow root; dark pages get the dark palette', async ({ page }) => {
    await page.goto(GALLERY);
    await expect(page.locator('retention-impact-calculator')).toHaveAttribute('data-scheme', 'dark');
    await expect(page.locator('clv-calculator')).toHaveAttribute('data-scheme', 'light');
    await page.locator('clv-calculator').evaluate((e) => e.style.setProperty('--kw-accent', 'rgb(255, 0, 128)'));
    const stroke = await page.locator('clv-calculator path.value').evaluate((p) => getComputedStyle(p).stroke);
    expect(stroke).toBe('rgb(255, 0, 128)');
  });

  for (const width of [375, 1280]) {
    test(`screenshots at ${width} px`, async ({ page }) => {
      mkdirSync(SHOTS, { recursive: true });
      await page.setViewportSize({ width, height: 900 });
      for (const [name, path] of [['gallery', GALLERY], ['blog', BLOG]]) {
        await page.goto(path);
        await expect(page.locator('clv-calculator output#clv')).not.toHaveText('…');
        await page.screenshot({ path: `${SHOTS}${name}-${width}.png`, fullPage: true });
      }
    });
  }
});

test.describe('numbers', () => {
  // The elements format German and English numbers without Intl (a faster first result):
  // Chromium's own ICU must agree with them, as Node's does (tests/js/format.test.mjs).
  test("plain number formats equal Intl's in Chromium", async ({ page }) => {
    await page.goto(BLOG);
    const r = await page.evaluate(async () => {
      const { plainFormat } = await import('/js/elements/format.js');
      const { formatCases, compareWithIntl } = await import('/tests/js/format-cases.mjs');
      return compareWithIntl(plainFormat, formatCases());
    });
    expect(r.differences.slice(0, 10)).toEqual([]);
    expect(r.checked).toBeGreaterThan(50_000);
  });
});
