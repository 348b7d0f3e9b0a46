// The calculators as a visitor sees them (issue 14): what cannot break the presentation (a
// currency typo, native digits, right-to-left pages), the copy in German and English, stale
// results, the lead gate, the layout at 320 to 1280 px in light and dark. Every assertion is on
// text, positions and sizes a person sees; screenshots go to artifacts/screenshots/.
import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { computed, output, plain, type, watch } from './helpers.mjs';

const PAGE = '/tests/e2e/pages/calculator.html';
const SHOTS = new URL('../../artifacts/screenshots/', import.meta.url).pathname;
const ELEMENTS = ['clv-calculator', 'ltv-cac-calculator', 'tcv-calculator', 'retention-impact-calculator'];

/** The test page with calculators configured by `attrs` (el: one name or several, comma-separated). */
async function open(page, attrs = {}) {
  await page.goto(`${PAGE}?${new URLSearchParams(attrs)}`);
  const names = (attrs.el || 'clv-calculator').split(',');
  for (const el of names) await computed(page.locator(el).first());
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
    await expect(clv.locator('.bars li').nth(2)).toHaveText(/Kosten pro Neukunde\s*0,00\s€/);
    await expect(page.locator('ltv-cac-calculator .marker-label')).toHaveText('Amortisiert nach 6 Monaten');
    await expect(page.locator('retention-impact-calculator #retentionIncrease-unit')).toHaveText('%-Punkte');
    await expect(page.locator('tcv-calculator details.more summary')).toHaveText('Weitere Annahmen und Kosten');
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
    await expect(el.locator('#note')).toHaveText('Das Ergebnis zeigt die letzten gültigen Eingaben.');
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
      expect(Math.abs(lock.height - value.height)).toBeLessThan(1.5); // the placeholder is the figure's size
      expect(Math.abs(lock.width - Math.max(value.width, 48))).toBeLessThan(1.5);
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

test.describe('layout, 320 to 1280 px, light and dark', () => {
  for (const width of [320, 375, 768, 1280]) {
    test(`${width} px: no overflow, no holes among the figures, inputs in line, labels that fit, bars on one baseline, charts inside`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      for (const [lang, dark] of [['de', ''], ['en', '1']]) {
        await open(page, { el: ELEMENTS.join(','), lang, dark });
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        for (const el of ELEMENTS) {
          const report = await page.locator(el).evaluate((host) => {
            const root = host.shadowRoot;
            const box = (e) => e.getBoundingClientRect();
            const results = box(root.querySelector('.results'));
            const tiles = [...root.querySelectorAll('.result')].map(box);
            const rows = Object.values(Object.groupBy(tiles, (t) => Math.round(t.top)));
            // every row of figures spans the width: a hole would leave it short
            const short = rows.filter((row) => Math.max(...row.map((t) => t.right)) < results.right - 2 || Math.min(...row.map((t) => t.left)) > results.left + 2).length;
            const fields = [...root.querySelectorAll('.fields')].flatMap((grid) => {
              const controls = [...grid.querySelectorAll(':scope > .field > .control')].map(box).filter((b) => b.height > 0);
              return Object.values(Object.groupBy(controls, (c) => Math.round(c.bottom / 40)))
                .map((row) => Math.max(...row.map((c) => c.top)) - Math.min(...row.map((c) => c.top)));
            });
            const clipped = [...root.querySelectorAll('label, .result .label, .bar-label, .bar-value, output, .modes label')]
              .filter((e) => e.scrollWidth > e.clientWidth + 1 || box(e).right > box(root.querySelector('.card')).right + 0.5).map((e) => e.id || e.textContent);
            const svg = root.querySelector('.chart-area svg');
            const texts = svg ? [...svg.querySelectorAll('text')].filter((t) => { const b = box(t); const s = box(svg); return b.width && (b.left < s.left - 1 || b.right > s.right + 1 || b.top < s.top - 1); }).map((t) => t.textContent) : [];
            const tracks = new Set([...root.querySelectorAll('.bar-track')].map((t) => Math.round(box(t).left)));
            return { short, misaligned: fields.filter((d) => d > 1).length, clipped, texts, tracks: tracks.size, headline: box(root.querySelector('.result.headline')).width, width: results.width };
          });
          expect(report.short, `${el} ${lang}: a row of figures with a hole`).toBe(0);
          expect(report.misaligned, `${el} ${lang}: inputs out of line`).toBe(0);
          expect(report.clipped, `${el} ${lang}: clipped`).toEqual([]);
          expect(report.texts, `${el} ${lang}: chart text outside the chart`).toEqual([]);
          expect(report.tracks, `${el} ${lang}: bars on different baselines`).toBeLessThanOrEqual(1);
          expect(Math.abs(report.headline - report.width)).toBeLessThan(1); // the headline has its row
        }
        // Stacked calculators do not touch
        const hosts = await page.locator(ELEMENTS.join(',')).evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.top, r.bottom]));
        for (let i = 1; i < hosts.length; i++) expect(hosts[i][0] - hosts[i - 1][1]).toBeGreaterThanOrEqual(16);
        mkdirSync(SHOTS, { recursive: true });
        await page.screenshot({ path: `${SHOTS}calculators-${lang}-${dark ? 'dark' : 'light'}-${width}.png`, fullPage: true });
      }
    });
  }

  test('a phone folds the further costs: the TCV calculator fits in far less than 2,140 px; wide screens show them', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    await open(page, { el: 'tcv-calculator', lang: 'de' });
    const tcv = page.locator('tcv-calculator');
    await expect(tcv.locator('details.more')).not.toHaveAttribute('open');
    await expect(tcv.locator('input#serviceCost')).toBeHidden();
    expect(await tcv.evaluate((e) => e.getBoundingClientRect().height)).toBeLessThan(1300);
    await tcv.locator('details.more summary').click();
    await expect(tcv.locator('input#serviceCost')).toBeVisible();
    await type(page, 'tcv-calculator', 'serviceCost', 'x');
    await tcv.locator('details.more summary').click(); // folded again, then an error opens it
    await type(page, 'tcv-calculator', 'arpa', '100');
    await expect(tcv.locator('details.more')).toHaveAttribute('open', '');
    await page.setViewportSize({ width: 1280, height: 800 });
    await open(page, { el: 'tcv-calculator', lang: 'de' });
    await expect(page.locator('tcv-calculator input#serviceCost')).toBeVisible();
  });

  test('mode pills without the radio dot, still a radio group for the keyboard', async ({ page }) => {
    await open(page, { el: 'clv-calculator', lang: 'de' });
    const radio = page.locator('clv-calculator .modes input').first();
    expect(await radio.evaluate((r) => getComputedStyle(r).opacity)).toBe('0');
    await radio.focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.locator('clv-calculator input#averageOrderValue')).toBeVisible();
  });

  test('fields show grouping once the visitor leaves them, and read it back', async ({ page }) => {
    for (const [lang, shown, cac] of [['de', '75.000', '600,00 €'], ['en', '75,000', '€600.00']]) {
      await open(page, { el: 'ltv-cac-calculator', lang });
      await expect(page.locator('ltv-cac-calculator input#spend')).toHaveValue(lang === 'de' ? '50.000' : '50,000');
      await type(page, 'ltv-cac-calculator', 'spend', '75000');
      await page.keyboard.press('Tab');
      await expect(page.locator('ltv-cac-calculator input#spend')).toHaveValue(shown);
      expect(await output(page, 'ltv-cac-calculator', 'cac')).toBe(cac);
    }
  });
});

test.describe('charts', () => {
  test('axis titles with units, 1-2-5 ticks, month 0, a read-out by keyboard and pointer', async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 900 });
    await open(page, { el: 'ltv-cac-calculator,clv-calculator', lang: 'de' });
    const el = page.locator('ltv-cac-calculator');
    await expect(el.locator('.axis-title')).toHaveText(['Marge pro Kunde (€)', 'Monate']);
    const ticks = (await el.locator('.tick').allTextContents()).map(plain);
    const yTicks = ticks.filter((t) => t.includes('€')).map((t) => Number(t.replace(/[^\d]/g, '')));
    const steps = new Set(yTicks.slice(1).map((v, i) => v - yTicks[i]));
    expect(steps.size).toBe(1);
    const [step] = steps;
    expect([1, 2, 5]).toContain(step / 10 ** Math.floor(Math.log10(step))); // not €125 or €375
    expect(ticks).toContain('0'); // the x axis starts at month 0
    // the line starts at month 0, on the axis
    const start = await el.locator('path.value').evaluate((p) => p.getPointAtLength(0).y);
    const zero = await el.locator('line.grid.zero').evaluate((l) => Number(l.getAttribute('y1')));
    expect(Math.abs(start - zero)).toBeLessThan(0.5);
    // the read-out: at the payback by default; the arrow keys walk the months
    await expect(el.locator('.readout')).toHaveText(/^Nach 6\sMonaten: 423,85\s€ Marge \(Kosten 400,00\s€\)$/);
    await el.locator('.plot').focus();
    await page.keyboard.press('ArrowLeft');
    await expect(el.locator('.readout')).toHaveText(/^Nach 5\sMonaten:/);
    await expect(el.locator('.plot')).toHaveAttribute('aria-valuetext', /^Nach 5\sMonaten:/);
    await page.keyboard.press('Home');
    await expect(el.locator('.readout')).toHaveText(/^Zu Beginn: 0,00\s€/);
    // the pointer: over the middle of the plot
    const svg = await el.locator('.plot svg').boundingBox();
    await page.mouse.move(svg.x + svg.width - 20, svg.y + svg.height / 2);
    await expect(el.locator('.readout')).toHaveText(/^Nach 1[12]\sMonaten:/);
    await expect(el.locator('.cursor')).toHaveAttribute('visibility', 'visible');
    // the break-even label is whole at 320 px too
    await page.setViewportSize({ width: 320, height: 900 });
    await expect.poll(() => el.evaluate((e) => e.shadowRoot.querySelector('.plot svg').getAttribute('viewBox'))).toMatch(/^0 0 2\d\d /);
    const [label] = await boxes(page, 'ltv-cac-calculator', '.marker-label');
    const [plot] = await boxes(page, 'ltv-cac-calculator', '.plot svg');
    expect(label.left).toBeGreaterThanOrEqual(plot.left);
    expect(label.right).toBeLessThanOrEqual(plot.right);
    await expect(el.locator('.marker-label')).toHaveText('Amortisiert nach 6 Monaten');
    await el.screenshot({ path: `${SHOTS}chart-ltv-cac-de-320.png` });
  });
});

test.describe('accessibility of the new parts', () => {
  for (const dark of ['', '1']) {
    test(`axe: every calculator${dark ? ' on a dark page' : ''}, with an error, with the gate and the call to action`, async ({ page }) => {
      await open(page, { el: ELEMENTS.join(','), lang: 'de', dark, 'cta-href': '/termin.html', 'heading-level': '2' });
      await noAxeViolations(page);
      await type(page, 'clv-calculator', 'churnRate', 'x');
      await noAxeViolations(page);
      await open(page, { el: ELEMENTS.join(','), lang: 'en', dark, lead: 'gate', 'lead-webhook': 'http://localhost:9/api/leads', 'heading-level': '2' });
      await noAxeViolations(page);
    });
  }
});

test.describe('<nps-calculator>', () => {
  test('counts give the score, the shares, the distribution as one bar and a plain reading; German', async ({ page }) => {
    const { problems } = watch(page);
    await open(page, { el: 'nps-calculator', lang: 'de' });
    const el = page.locator('nps-calculator');
    expect(await output(page, 'nps-calculator', 'nps')).toBe('+45'); // 60 % − 15 %
    expect(await output(page, 'nps-calculator', 'promoters-share')).toBe('60 %');
    expect(await output(page, 'nps-calculator', 'responses')).toBe('100');
    await expect(el.locator('#reading')).toHaveText('Gut: Mehr Kunden empfehlen Sie weiter, als von Ihnen abraten.');
    const parts = await boxes(page, 'nps-calculator', '.stack .part');
    const total = parts.reduce((s, p) => s + p.width, 0);
    expect(parts.map((p) => Math.round((p.width / total) * 100))).toEqual([15, 25, 60]);
    await expect(el.locator('#distribution-legend li')).toHaveText(['Kritiker: 15 % (15)', 'Passive: 25 % (25)', 'Promotoren: 60 % (60)']);
    await type(page, 'nps-calculator', 'detractors', '80');
    expect(await output(page, 'nps-calculator', 'nps')).toBe('-12,1'); // (60 − 80) / 165 × 100
    await expect(el.locator('#reading')).toContainText('Mehr Kritiker als Promotoren');
    for (const f of ['promoters', 'passives', 'detractors']) await type(page, 'nps-calculator', f, '0');
    await expect(el.locator('#promoters-error')).toHaveText('Bitte mindestens eine Antwort eingeben: Alle drei Gruppen sind 0.');
    await expect(el).toHaveAttribute('data-stale', '');
    await type(page, 'nps-calculator', 'promoters', '-1');
    await expect(el.locator('#promoters-error')).toHaveText('Bitte eine Anzahl ab 0 eingeben.');
    expect(problems).toEqual([]);
  });

  test('pasted answers (0-10) in English: score, a warning about few answers, a message naming a bad answer; kw-change', async ({ page }) => {
    await open(page, { el: 'nps-calculator', lang: 'en', mode: 'scores', scores: '10 9 8 0 10 7 6' });
    const el = page.locator('nps-calculator');
    expect(await output(page, 'nps-calculator', 'nps')).toBe('+14.3'); // (3 − 2) / 7
    await expect(el.locator('#reading')).toHaveText('A few more promoters than detractors – a fair start, but many customers are still on the fence. With 7 responses the score is still uncertain: from about 100 responses it is reliable.');
    const detail = page.evaluate(() => new Promise((resolve) => document.addEventListener('kw-change', (e) => resolve(e.detail), { once: true })));
    await el.locator('#scores').fill('10\n10\n9\n3');
    expect((await detail).result.nps).toBe(50);
    expect(await output(page, 'nps-calculator', 'nps')).toBe('+50');
    await el.locator('#scores').fill('10, 9, 11, 4');
    await expect(el.locator('#scores-error')).toHaveText('"11" is not an answer from 0 to 10. Please enter whole numbers from 0 to 10 only.');
    await expect(el.locator('#scores')).toHaveAttribute('aria-invalid', 'true');
    await expect(el.locator('#scores')).toHaveValue('10, 9, 11, 4'); // nothing typed is lost
    expect(await output(page, 'nps-calculator', 'nps')).toBe('+50'); // the last result, marked stale
    await expect(el).toHaveAttribute('data-stale', '');
    await el.locator('#scores').fill('9');
    await expect(el.locator('#reading')).toContainText('With 1 response the score is still uncertain'); // Intl.PluralRules: one
    await el.locator('#scores').fill('');
    await expect(el.locator('#scores-error')).toHaveText('Please paste at least one answer from 0 to 10.');
  });

  test('the lead gate covers the score and the shares; axe finds nothing; 320 px fits', async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 800 });
    await open(page, { el: 'nps-calculator', lang: 'de', lead: 'gate', 'lead-webhook': 'http://localhost:9/api/leads', 'heading-level': '2' });
    const el = page.locator('nps-calculator');
    for (const id of ['nps', 'reading', 'promoters-share', 'passives-share', 'detractors-share']) await expect(el.locator(`#${id}`)).toBeHidden();
    await expect(el.locator('#responses')).toBeVisible();
    await expect(el.locator('#chart')).toBeHidden();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await noAxeViolations(page);
    await open(page, { el: 'nps-calculator', lang: 'de', dark: '1', 'heading-level': '2' });
    await noAxeViolations(page);
    mkdirSync(SHOTS, { recursive: true });
    await el.screenshot({ path: `${SHOTS}nps-de-dark-320.png` });
  });
});

test.describe('a result the visitor can keep', () => {
  test('"Ergebnis drucken oder als PDF sichern": one page with the site, inputs, results and chart, and nothing else of the page', async ({ page }) => {
    await page.addInitScript(() => { window.printed = 0; window.print = () => { window.printed += 1; }; });
    await open(page, { el: 'tcv-calculator,ltv-cac-calculator', lang: 'de', 'cta-href': '/termin.html', 'cta-text': 'Termin vereinbaren' });
    const el = page.locator('ltv-cac-calculator');
    await expect(el.locator('#print')).toHaveText('Ergebnis drucken oder als PDF sichern');
    await el.locator('#print').click();
    expect(await page.evaluate(() => window.printed)).toBe(1);
    await expect(el.locator('#print-head')).toContainText('Calculator test page');
    await expect(el.locator('#print-head')).toContainText('/tests/e2e/pages/calculator.html');
    await expect(el.locator('#print-head')).toContainText(/Berechnet am \d+\. \w+ 20\d\d/);
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('h1')).toBeHidden(); // the rest of the page
    await expect(page.locator('tcv-calculator')).toBeHidden(); // and the other calculator
    await expect(el.locator('#print-head')).toBeVisible();
    await expect(el.locator('input#spend')).toBeVisible();
    await expect(el.locator('output#ratio')).toHaveText('4,0 : 1');
    await expect(el.locator('.plot svg')).toBeVisible();
    for (const hidden of ['#print', 'input#spend-slider', '.readout']) await expect(el.locator(hidden)).toBeHidden();
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}print-ltv-cac-de.png`, fullPage: true });
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)).toHaveLength(1); // one page
    // After printing, the page is itself again
    await page.emulateMedia({ media: 'screen' });
    await page.evaluate(() => dispatchEvent(new Event('afterprint')));
    await expect(page.locator('ltv-cac-calculator')).not.toHaveAttribute('data-kw-print');
    expect(await page.evaluate(() => document.documentElement.classList.contains('kw-printing'))).toBe(false);
  });

  test('the gate keeps its figures off paper: no print button while locked', async ({ page }) => {
    await open(page, { el: 'clv-calculator', lang: 'de', lead: 'gate', 'lead-webhook': 'http://localhost:9/api/leads' });
    await expect(page.locator('clv-calculator #print')).toBeHidden();
  });
});
