// The calculators as a visitor sees them (issue 14): what cannot break the presentation (a
// currency typo, native digits, right-to-left pages), the copy in German and English, stale
// results, the lead gate, the layout at 320 to 1280 px in light and dark. Every assertion is on
// text, positions and sizes a person sees; screenshots go to artifacts/screenshots/.
import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { output, plain, type, watch } from './helpers.mjs';

const PAGE = '/tests/e2e/pages/calculator.html';
const SHOTS = new URL('../../artifacts/screenshots/', import.meta.url).pathname;
const ELEMENTS = ['clv-calculator', 'ltv-cac-calculator', 'tcv-calculator', 'retention-impact-calculator'];

/** The test page with calculators configured by `attrs` (el: one name or several, comma-separated). */
async function open(page, attrs = {}) {
  await page.goto(`${PAGE}?${new URLSearchParams(attrs)}`);
  const names = (attrs.el || 'clv-calculator').split(',');
  for (const el of names) await expect.poll(() => page.locator(el).first().evaluate((e) => e.result !== null)).toBe(true);
}

/** Bounding boxes of the elements matching `selector` inside `host`'s shadow root. */
const boxes = (page, host, selector) => page.locator(host).evaluate((h, sel) => [...h.shadowRoot.querySelectorAll(sel)]
  .map((e) => { const r = e.getBoundingClientRect(); return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height }; }), selector);

async function noAxeViolations(page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test.describe('presentation that cannot fail', () => {
  for (const currency of ['EURO', '€', 'XYZ']) {
    test(`currency="${currency}" falls back to euros with one console warning; the element works`, async ({ page }) => {
      const { problems } = watch(page);
      await open(page, { el: 'clv-calculator', currency, lang: 'de' });
      expect(await output(page, 'clv-calculator', 'clv')).toBe('1.600,00 €');
      await expect(page.locator('clv-calculator .field[data-field="arpa"] .unit')).toHaveText('€');
      await type(page, 'clv-calculator', 'arpa', '200');
      expect(await output(page, 'clv-calculator', 'clv')).toBe('3.200,00 €');
      expect(problems).toEqual([`console warning: kundenwert: currency="${currency}" is not an ISO 4217 code such as EUR, USD or CHF; showing EUR.`]);
    });
  }

  for (const locale of ['ar-EG', 'fa-IR', 'bn-BD']) {
    test.describe(`a browser set to ${locale}, a page without lang`, () => {
      test.use({ locale });
      test('fields and results show Latin digits, no field is in error, native digits typed are read', async ({ page }) => {
        const { problems } = watch(page);
        await open(page, { el: 'ltv-cac-calculator' });
        expect(await page.evaluate(() => navigator.language)).toBe(locale);
        const el = page.locator('ltv-cac-calculator');
        await expect(el.locator('input#spend')).toHaveValue(/^50.000$/); // 50,000 with the locale's grouping
        await expect(el.locator('[aria-invalid="true"]')).toHaveCount(0);
        await expect(el.locator('.field[data-invalid]')).toHaveCount(0);
        const ratio = await output(page, 'ltv-cac-calculator', 'ratio');
        expect(ratio).toMatch(/^\D*4[.,]0\D*1\D*$/); // 4.0 : 1
        for (const text of await el.locator('output').allTextContents()) expect(text).not.toMatch(/[\u0660-\u0669\u06f0-\u06f9\u09e6-\u09ef]/);
        // The visitor types in their own digits: 60000 -> CAC 480
        const native = { 'ar-EG': '٦٠٠٠٠', 'fa-IR': '۶۰۰۰۰', 'bn-BD': '৬০০০০' }[locale];
        await type(page, 'ltv-cac-calculator', 'spend', native);
        await expect(el.locator('#spend-error')).toHaveText('');
        expect(await output(page, 'ltv-cac-calculator', 'cac')).toMatch(/480[.,]00/);
        expect(problems).toEqual([]);
      });
    });
  }

  test('a right-to-left page: the English card runs left to right inside it, figures read as written, nothing overflows', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 900 });
    const { problems } = watch(page);
    await open(page, { el: 'ltv-cac-calculator,tcv-calculator', lang: 'ar', dir: 'rtl' });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const el = page.locator('ltv-cac-calculator');
    await expect(el.locator('.card')).toHaveAttribute('lang', 'en');
    await expect(el.locator('.card')).toHaveAttribute('dir', 'ltr');
    const [input] = await boxes(page, 'ltv-cac-calculator', 'input#spend');
    const [unit] = await boxes(page, 'ltv-cac-calculator', '.field[data-field="spend"] .unit');
    expect(unit.left).toBeGreaterThanOrEqual(input.right - 1); // 50,000 €: the unit after the number
    // "4.0 : 1" and "6 months" are laid out as written, not mirrored by the page's direction
    const [ratio] = await boxes(page, 'ltv-cac-calculator', 'output#ratio');
    const order = await el.locator('output#ratio').evaluate((o) => {
      const range = document.createRange();
      const text = o.firstChild;
      const at = (i) => { range.setStart(text, i); range.setEnd(text, i + 1); return range.getBoundingClientRect().left; };
      return at(0) < at(text.length - 1);
    });
    expect(ratio.width).toBeGreaterThan(0);
    expect(order).toBe(true);
    const [card] = await boxes(page, 'ltv-cac-calculator', '.card');
    for (const tick of await boxes(page, 'ltv-cac-calculator', '.chart text')) {
      expect(tick.left).toBeGreaterThanOrEqual(card.left);
      expect(tick.right).toBeLessThanOrEqual(card.right);
    }
    const tracks = await boxes(page, 'tcv-calculator', '.bar-track');
    expect(new Set(tracks.map((t) => Math.round(t.left))).size).toBe(1);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}rtl-375.png`, fullPage: true });
    expect(problems).toEqual([]);
  });
});
