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

/** All the text a visitor reads in an element's shadow root (without style sheets). */
const shadowText = (page, el) => page.locator(el).evaluate((h) => {
  const walker = document.createTreeWalker(h.shadowRoot, NodeFilter.SHOW_TEXT);
  let text = '';
  while (walker.nextNode()) if (walker.currentNode.parentElement?.localName !== 'style') text += ` ${walker.currentNode.textContent}`;
  return text.replace(/[\u00a0\u202f]/g, ' ');
});

test.describe('copy as a native speaker writes it', () => {
  test('German: no English, no wrong case, the real words', async ({ page }) => {
    await open(page, { el: ELEMENTS.join(','), lang: 'de' });
    await page.locator('clv-calculator input[value="purchase"]').check();
    await expect(page.locator('clv-calculator input#retentionYears')).toBeVisible();
    for (const el of ELEMENTS) {
      await page.locator(el).evaluate((e) => e.shadowRoot.querySelector('details.more')?.setAttribute('open', ''));
      const text = await shadowText(page, el);
      for (const wrong of ['Break-even', 'Upsell', 'Downgrade', 'Churn', 'Wiederkäufe', 'Kundenbindung in Jahren', 'Erwartete Kundenbeziehung', 'Expansion', 'Account-Management', 'Monate)']) {
        expect(text, `${el}: ${wrong}`).not.toContain(wrong);
      }
      expect(text, el).not.toMatch(/nach \d+(,\d)? Monate\b/); // nach 10 Monaten
      expect(text, el).not.toMatch(/-0,00/);
    }
    const clv = page.locator('clv-calculator');
    await expect(clv.locator('.modes label')).toHaveText(['Abo', 'Wiederholungskäufe', 'Schnellrechnung']);
    await expect(clv.locator('#retentionYears-label')).toHaveText('Dauer der Kundenbeziehung');
    await expect(clv.locator('#retentionYears-unit')).toHaveText('Jahre');
    // acquisition cost 0 is 0,00 €, not -0,00 €
    await expect(clv.locator('.bars li').nth(2)).toHaveText(/Kosten der Neukundengewinnung\s*0,00\s€/);
    await expect(page.locator('ltv-cac-calculator .marker-label')).toHaveText('Amortisiert nach 6 Monaten');
    await expect(page.locator('retention-impact-calculator #retentionIncrease-unit')).toHaveText('%-Punkte');
    await expect(page.locator('tcv-calculator details.more summary')).toHaveText('Weitere Kosten');
  });

  test('plurals by Intl.PluralRules: nach 1 Monat, 1 month', async ({ page }) => {
    for (const [lang, marker, months] of [['de', 'Amortisiert nach 1 Monat', '1 Monat'], ['en', 'Paid back after 1 month', '1 month']]) {
      await open(page, { el: 'ltv-cac-calculator', lang, mode: 'direct', 'acquisition-cost': '1000', arpa: '1000', 'gross-margin': '1' });
      await expect(page.locator('ltv-cac-calculator .marker-label')).toHaveText(marker);
      expect(await output(page, 'ltv-cac-calculator', 'simple')).toBe(months);
    }
  });

  for (const [lang, ltv, clv] of [
    ['de', 'Ohne Kündigungen wächst der Kundenwert ohne Ende: Bitte eine Kündigungsrate über 0 % eingeben.',
      'So wächst der Kundenwert ohne Ende: Bitte die Kündigungsrate oder die Abzinsung erhöhen oder einen Zeitraum angeben.'],
    ['en', 'With no churn the value grows without end: please enter a churn above 0%.',
      'At these rates the value grows without end: please raise churn or the discount rate, or set a horizon.'],
  ]) {
    test(`${lang}: churn 0 is explained by what each calculator has (a horizon only where there is one)`, async ({ page }) => {
      await open(page, { el: 'ltv-cac-calculator,clv-calculator,tcv-calculator', lang });
      await type(page, 'ltv-cac-calculator', 'churnRate', '0');
      await expect(page.locator('ltv-cac-calculator #churnRate-error')).toHaveText(ltv);
      await type(page, 'clv-calculator', 'churnRate', '0');
      await expect(page.locator('clv-calculator #churnRate-error')).toHaveText(clv);
      await type(page, 'tcv-calculator', 'churnRate', '0');
      await type(page, 'tcv-calculator', 'discountRate', '0');
      await expect(page.locator('tcv-calculator #churnRate-error')).not.toContainText(lang === 'de' ? 'Zeitraum' : 'horizon');
      await expect(page.locator('tcv-calculator #churnRate-error')).not.toHaveText('');
    });
  }

  test('a number above the limit says the limit, in German and English', async ({ page }) => {
    for (const [lang, message] of [['de', 'Das ist mehr, als der Rechner annimmt: Bitte höchstens 10¹⁵ (eine Billiarde) eingeben.'],
      ['en', 'That is more than the calculator takes: please enter at most 10¹⁵ (a quadrillion).']]) {
      await open(page, { el: 'ltv-cac-calculator', lang });
      await type(page, 'ltv-cac-calculator', 'spend', '99999999999999999');
      await expect(page.locator('ltv-cac-calculator #spend-error')).toHaveText(message);
      await type(page, 'ltv-cac-calculator', 'spend', '-5');
      await expect(page.locator('ltv-cac-calculator #spend-error')).not.toContainText('10¹⁵');
    }
  });
});

test.describe('while an input is invalid', () => {
  test('the last result is dimmed and described as out of date; the slider keeps the value in use', async ({ page }) => {
    await open(page, { el: 'clv-calculator', lang: 'de' });
    const el = page.locator('clv-calculator');
    const colour = () => el.locator('output#clv').evaluate((o) => getComputedStyle(o).color);
    const live = await colour();
    await type(page, 'clv-calculator', 'churnRate', '-5');
    await expect(el.locator('#churnRate-error')).toHaveText('Bitte einen Wert von 0 bis 100 % eingeben.');
    await expect(el).toHaveAttribute('data-stale', '');
    await expect(el.locator('#note')).toHaveText('Veraltet: Das Ergebnis gilt noch für die letzten gültigen Eingaben.');
    await expect(el.locator('output#clv')).toHaveAttribute('aria-describedby', 'note');
    expect(await colour()).not.toBe(live);
    expect(await output(page, 'clv-calculator', 'clv')).toBe('1.600,00 €');
    await expect(el.locator('#churnRate-slider')).toHaveValue('5'); // not 0, where -5 would put it
    await mkdirSync(SHOTS, { recursive: true });
    await el.screenshot({ path: `${SHOTS}stale-de.png` });
    await type(page, 'clv-calculator', 'churnRate', '10');
    await expect(el).not.toHaveAttribute('data-stale');
    await expect(el.locator('#churnRate-slider')).toHaveValue('10');
    expect(await colour()).toBe(live);
  });
});

test.describe('a lead gate that converts', () => {
  const HOOK = 'http://localhost:9/api/leads'; // never reached: nothing is sent before consent
  test('LTV:CAC: the ratio, CLV and CAC under locks of their own size, a button to the form; the payback stays as a teaser', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 900 });
    const { requests } = watch(page);
    await open(page, { el: 'ltv-cac-calculator', lang: 'de', lead: 'gate', 'lead-webhook': HOOK, 'lead-min-seconds': '0' });
    const el = page.locator('ltv-cac-calculator');
    for (const id of ['ratio', 'band', 'cac', 'clv']) await expect(el.locator(`#${id}`)).toBeHidden();
    for (const id of ['simple', 'periods']) await expect(el.locator(`#${id}`)).toBeVisible();
    for (const id of ['ratio', 'cac', 'clv']) {
      const [value] = await boxes(page, 'ltv-cac-calculator', `output#${id}`);
      const [lock] = await boxes(page, 'ltv-cac-calculator', `[data-result="${id}"] .lock`);
      expect(lock.height).toBeGreaterThan(value.height - 2); // the placeholder is the figure's size
      expect(lock.top).toBeLessThanOrEqual(value.top + 1);
      expect(lock.bottom).toBeGreaterThanOrEqual(value.bottom - 1);
      await expect(el.locator(`[data-result="${id}"] .lock svg`)).toBeVisible();
    }
    const unlock = el.locator('button.unlock');
    await expect(unlock).toHaveText('Ergebnis freischalten');
    await unlock.click();
    expect(await page.evaluate(() => document.activeElement.shadowRoot.activeElement.id)).toBe('lead-email');
    mkdirSync(SHOTS, { recursive: true });
    await el.screenshot({ path: `${SHOTS}gate-ltv-cac-de-375.png` });
    expect(requests.filter((r) => r.includes('/api/leads'))).toEqual([]);
  });

  test('the button speaks the owner\'s words (lead-gate-text, as text); a call to action after the result once it shows', async ({ page }) => {
    const { requests } = watch(page);
    await open(page, { el: 'clv-calculator', lang: 'de', lead: 'gate', 'lead-webhook': HOOK, 'lead-gate-text': '<b>Jetzt</b> ansehen',
      'cta-href': '/termin.html', 'cta-text': 'Termin vereinbaren' });
    const el = page.locator('clv-calculator');
    await expect(el.locator('button.unlock')).toHaveText('<b>Jetzt</b> ansehen');
    await expect(el.locator('a.cta')).toBeHidden(); // not while the result is gated
    await open(page, { el: 'clv-calculator', lang: 'de', 'cta-href': '/termin.html', 'cta-text': 'Termin vereinbaren' });
    const cta = page.locator('clv-calculator a.cta');
    await expect(cta).toHaveText('Termin vereinbaren');
    await expect(cta).toHaveAttribute('href', /\/termin\.html$/);
    const [results] = await boxes(page, 'clv-calculator', '.results');
    const [link] = await boxes(page, 'clv-calculator', 'a.cta');
    expect(link.top).toBeGreaterThan(results.bottom);
    await open(page, { el: 'clv-calculator', lang: 'en', 'cta-href': 'https://example.com/call' });
    await expect(page.locator('clv-calculator a.cta')).toHaveText('Book a call');
    await open(page, { el: 'clv-calculator', 'cta-href': 'javascript:alert(1)' });
    await expect(page.locator('clv-calculator a.cta')).toHaveCount(0);
    expect(requests.filter((r) => r.includes('/api/leads'))).toEqual([]);
  });
});
