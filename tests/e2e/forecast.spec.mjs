// <retention-forecast> in Chromium, used the way a visitor uses it: a cohort's retention typed
// in, with the keyboard, in German and English. Reference values: Fader & Hardie (2007), the
// "regular" segment (tests/fixtures/models/sbg_fader_hardie_2007.json), and the models API.
import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { output as shownOutput, plain, type, watch } from './helpers.mjs';

const PAGE = '/www/retention.html';
const EL = 'retention-forecast';
const FIXTURE = JSON.parse(readFileSync(new URL('../fixtures/models/sbg_fader_hardie_2007.json', import.meta.url), 'utf8'));
const REGULAR = FIXTURE.segments.regular;
/** Still subscribed after year 1 ... 7, in percent (the published calibration data). */
const ACTUAL = REGULAR.published_percent_surviving_year_0_to_12.slice(1, 8);

const percent = (locale, v) => plain(new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(v));
const money = (locale, currency, v) => plain(new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 2 }).format(v));

/** An output's text once computed, never empty. */
async function output(page, element, id) {
  await expect(page.locator(`${element} output#${id}`)).not.toHaveText('');
  return shownOutput(page, element, id);
}

/** Adds a second element to the page (the demo page has one, in German); `dark` puts it in a dark section. */
async function addElement(page, attributes, { dark = false } = {}) {
  const html = `<retention-forecast ${attributes}></retention-forecast>`;
  await page.evaluate((html) => document.querySelector('main').insertAdjacentHTML('afterbegin', html), dark ? `<section class="dark">${html}</section>` : html);
}

/** The attributes for Fader & Hardie's seven years, as shares. */
const sevenYears = ACTUAL.map((v, i) => `retained${i + 1}="${v / 100}"`).join(' ');

test.describe('values', () => {
  test("Fader & Hardie's regular segment: α 0.704, β 1.182, the projected survival of years 8-12, CLV = margin × discounted lifetime", async ({ page }) => {
    await page.goto(PAGE);
    await addElement(page, `id="fh" locale="en-US" currency="USD" ${sevenYears}`);
    const el = '#fh';
    expect(await output(page, el, 'alpha')).toBe(REGULAR.published_estimates.alpha.toFixed(3));
    expect(await output(page, el, 'beta')).toBe(REGULAR.published_estimates.beta.toFixed(3));
    await expect(page.locator(`${el} .cohort input`)).toHaveCount(7);
    // The projection to twice the 7 years entered; the model's S(t) as the paper's Figure 3 reports it.
    await expect(page.locator(`${el} #forecast tbody tr`)).toHaveCount(14);
    for (let t = 1; t <= 12; t++) {
      await expect(page.locator(`${el} #forecast tr[data-period="${t}"] td.model`)).toHaveText(percent('en-US', REGULAR.survival_percent[t].model / 100));
    }
    for (let t = 1; t <= 7; t++) {
      await expect(page.locator(`${el} #forecast tr[data-period="${t}"] td.actual`)).toHaveText(percent('en-US', ACTUAL[t - 1] / 100));
    }
    // α ≤ 1: an infinite expected lifetime, said plainly, and the discounted one shown.
    expect(await output(page, el, 'lifetime')).toBe('infinite');
    await expect(page.locator(`${el} #lifetime-note`)).toContainText('α ≤ 1');
    // The same fit through the API (kundenwert/models) in the page.
    const api = await page.evaluate(async (survival) => {
      const m = await import('/dist/models.js');
      await m.init();
      const p = m.fitShiftedBetaGeometric(survival, { unit: 'percent' }).project({ periods: 14, discountRate: 0.1, margin: 100 });
      return { del: p.discountedExpectedLifetime, clv: p.clv, retention: Array.from(p.retention) };
    }, ACTUAL);
    expect(await output(page, el, 'clv')).toBe(money('en-US', 'USD', 100 * api.del));
    expect(await output(page, el, 'discounted')).toBe(`${new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(api.del)} years`);
    // The trend: renewal rates r(8), r(9), r(10).
    expect(await output(page, el, 'trend')).toBe(api.retention.slice(7, 10).map((r) => percent('en-US', r)).join(' → '));
    const result = await page.locator(el).evaluate((e) => ({ clv: e.result.clv, del: e.result.discountedExpectedLifetime, periods: e.result.periods, alpha: e.result.params.alpha }));
    expect(result.clv).toBeCloseTo(100 * result.del, 9);
    expect(result.clv).toBeCloseTo(api.clv, 6);
    expect(result.periods).toBe(14);
    expect(result.alpha).toBeCloseTo(REGULAR.own_fit.alpha, 5);
  });

  test('the chart draws the measured shares as dots and the projection as a line, described in words', async ({ page }) => {
    await page.goto(PAGE);
    const el = page.locator(EL);
    await expect(el.locator('output#clv')).not.toHaveText('…');
    await expect(el.locator('svg.chart circle.actual')).toHaveCount(5);
    await expect(el.locator('svg.chart path.value')).toHaveCount(1);
    await expect(el.locator('svg.chart')).toHaveAttribute('aria-label', /gemessen nach Jahr 1 bis 5 \(Punkte\), Prognose des Modells \(Linie\) bis Jahr 10/);
  });

  test('a finite lifetime when α > 1, with the standard errors from the cohort size', async ({ page }) => {
    await page.goto(PAGE);
    await addElement(page, 'id="fast" locale="en" retained1="0.3" retained2="0.1" retained3="0.03" discount-rate="0" margin="10" cohort-size="500"');
    const api = await page.evaluate(async () => {
      const m = await import('/dist/models.js');
      await m.init();
      const f = m.fitShiftedBetaGeometric([0.3, 0.1, 0.03], { unit: 'share', cohortSize: 500 });
      const p = f.project({ periods: 10, discountRate: 0, margin: 10 });
      return { lifetime: p.expectedLifetime, clv: p.clv, se: f.standardErrors };
    });
    expect(api.lifetime).toBeGreaterThan(1);
    expect(await output(page, '#fast', 'lifetime')).toBe(`${new Intl.NumberFormat('en', { maximumFractionDigits: 1 }).format(api.lifetime)} years`);
    expect(await output(page, '#fast', 'clv')).toBe(money('en', 'EUR', api.clv));
    await expect(page.locator('#fast #params-note')).toContainText(`α ± ${new Intl.NumberFormat('en', { maximumFractionDigits: 3 }).format(api.se.alpha)}`);
    await expect(page.locator('#fast #params-note')).toContainText('(cohort of 500)');
  });
});

test.describe('in German and English', () => {
  test('the demo page in German: money as 1.234,56 € (de-DE), Jahre; then English, months, dollars', async ({ page }) => {
    const { problems } = watch(page);
    await page.goto(PAGE);
    const el = page.locator(EL);
    await expect(el.locator('.title')).toHaveText('Wie lange bleiben Ihre Abonnenten?');
    await expect(el.locator('label[for="retained1"]')).toHaveText('nach Jahr 1');
    await expect(el.locator('label[for="margin"]')).toHaveText('Marge pro Abonnent und Jahr');
    expect(await output(page, EL, 'alpha')).toBe('0,737'); // five years of the regular segment
    await type(page, EL, 'margin', '1.000,50');
    const del = await el.evaluate((e) => e.result.discountedExpectedLifetime);
    expect(await output(page, EL, 'clv')).toBe(money('de-DE', 'EUR', 1000.5 * del));
    expect(await output(page, EL, 'clv')).toMatch(/^\d\.\d{3},\d{2} €$/);
    expect(await output(page, EL, 'discounted')).toMatch(/^\d,\d{2} Jahre$/);
    await expect(el.locator('#forecast thead th').first()).toHaveText('Jahr');
    // English, in months, in dollars: the texts, the labels and the formats follow.
    await el.evaluate((e) => { e.setAttribute('locale', 'en-US'); e.setAttribute('currency', 'USD'); e.setAttribute('period', 'month'); });
    await expect(el.locator('.title')).toHaveText('How long do your subscribers stay?');
    await expect(el.locator('label[for="retained1"]')).toHaveText('after month 1');
    await expect(el.locator('label[for="discountRate"]')).toHaveText('Discount rate per month');
    await expect(el.locator('input#margin')).toHaveValue('1.000,50'); // what was typed stays, and still reads as 1000.5
    expect(await output(page, EL, 'clv')).toBe(money('en-US', 'USD', 1000.5 * del));
    expect(await output(page, EL, 'discounted')).toMatch(/^\d\.\d{2} months$/);
    expect(await output(page, EL, 'alpha')).toBe('0.737');
    expect(problems).toEqual([]);
  });
});

test.describe('errors', () => {
  test('a share above the period before shows its message next to the field, keeps the text and the other results, then recovers', async ({ page }) => {
    await page.goto(PAGE);
    const el = page.locator(EL);
    const clv = await output(page, EL, 'clv');
    await type(page, EL, 'retained3', '50');
    await expect(el.locator('#retained3-error')).toHaveText('Bitte höchstens so viel wie nach Jahr 2 (46,8 %) eingeben: Wer gekündigt hat, zählt hier nicht mehr mit.');
    await expect(el.locator('input#retained3')).toHaveAttribute('aria-invalid', 'true');
    await expect(el.locator('input#retained3')).toHaveAttribute('aria-describedby', 'retained3-error');
    await expect(el.locator('input#retained3')).toHaveValue('50');
    await expect(el.locator('#note')).toHaveText('Das Ergebnis zeigt die letzten gültigen Eingaben.');
    expect(await output(page, EL, 'clv')).toBe(clv);
    await expect(el.locator('svg.chart circle.actual')).toHaveCount(5);
    // The first year cannot exceed 100 %; a share cannot be negative.
    await type(page, EL, 'retained3', '38,2');
    await type(page, EL, 'retained1', '101');
    await expect(el.locator('#retained1-error')).toHaveText('Bitte höchstens 100 % eingeben.');
    await expect(el.locator('#retained3-error')).toHaveText('');
    await type(page, EL, 'retained1', '63,1');
    await type(page, EL, 'retained5', '-1');
    await expect(el.locator('#retained5-error')).toHaveText('Bitte einen Anteil ab 0 % eingeben.');
    await type(page, EL, 'retained5', 'viel');
    await expect(el.locator('#retained5-error')).toHaveText('Bitte eine Zahl eingeben, zum Beispiel 12,5.');
    await type(page, EL, 'retained5', '28,9');
    await expect(el.locator('#retained5-error')).toHaveText('');
    await expect(el.locator('input#retained5')).not.toHaveAttribute('aria-invalid');
    await expect(el.locator('#note')).toHaveText('');
    expect(await output(page, EL, 'clv')).toBe(clv);
  });

  test('no discount with α ≤ 1, an empty margin, shares the model cannot explain', async ({ page }) => {
    await page.goto(PAGE);
    const el = page.locator(EL);
    await expect(el.locator('output#clv')).not.toHaveText('…');
    await type(page, EL, 'discountRate', '0');
    await expect(el.locator('#discountRate-error')).toHaveText('Ohne Abzinsung ist die erwartete Laufzeit hier unendlich (α ≤ 1): bitte eine Abzinsung über 0 % eingeben.');
    await type(page, EL, 'discountRate', '10');
    await expect(el.locator('#discountRate-error')).toHaveText('');
    await el.locator('input#margin').fill('');
    await expect(el.locator('#margin-error')).toHaveText('Bitte einen Wert eingeben.');
    await type(page, EL, 'margin', '100');
    await expect(el.locator('#margin-error')).toHaveText('');
    for (const field of ['retained1', 'retained2', 'retained3', 'retained4', 'retained5']) await type(page, EL, field, '100');
    await expect(el.locator('#general-error')).toContainText('Mit diesen Anteilen lässt sich das Modell nicht schätzen');
    await expect(el.locator('#note')).toHaveText('Das Ergebnis zeigt die letzten gültigen Eingaben.');
    await expect(el.locator('output#clv')).not.toHaveText('');
    // The core checks the cohort size first.
    await type(page, EL, 'cohortSize', '10,5');
    await expect(el.locator('#cohortSize-error')).toHaveText('Bitte eine ganze Zahl eingeben.');
    await expect(el.locator('#general-error')).toHaveText('');
  });
});

test.describe('periods', () => {
  test('keyboard only: tab through the fields, add two years, remove one', async ({ page }) => {
    await page.goto(PAGE);
    const el = page.locator(EL);
    await expect(el.locator('output#clv')).not.toHaveText('…');
    const focused = () => page.evaluate(() => document.activeElement.shadowRoot?.activeElement?.id ?? document.activeElement.tagName);
    // The page's nav links first, then the fields in order.
    for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('retained1');
    for (const id of ['retained2', 'retained3', 'retained4', 'retained5', 'add-period']) {
      await page.keyboard.press('Tab');
      expect(await focused()).toBe(id);
    }
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('retained6');
    await expect(el.locator('#retained6-error')).toHaveText('Bitte einen Wert eingeben.');
    await page.keyboard.type('26,2');
    await expect(el.locator('#retained6-error')).toHaveText('');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('add-period');
    await expect(el.locator('#add-period')).toHaveText('Jahr 7 hinzufügen');
    await page.keyboard.press('Space');
    expect(await focused()).toBe('retained7');
    await page.keyboard.type('24,1');
    expect(await output(page, EL, 'alpha')).toBe('0,704');
    expect(await output(page, EL, 'beta')).toBe('1,182');
    await expect(el.locator('#period-status')).toHaveText('Jahr 7 hinzugefügt.');
    // Remove year 7 again: focus stays on the remove button.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('remove-period');
    await expect(el.locator('#remove-period')).toHaveText('Jahr 7 entfernen');
    await page.keyboard.press('Enter');
    expect(await focused()).toBe('remove-period');
    await expect(el.locator('#remove-period')).toHaveText('Jahr 6 entfernen');
    await expect(el.locator('.cohort input')).toHaveCount(6);
    await expect(el.locator('#period-status')).toHaveText('Jahr 7 entfernt.');
    await expect(el.locator('#forecast tbody tr')).toHaveCount(12);
    // Tab onwards to the margin and type there.
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('margin');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('50');
    const r = await el.evaluate((e) => e.result);
    expect(await output(page, EL, 'clv')).toBe(money('de-DE', 'EUR', 50 * r.discountedExpectedLifetime));
  });

  test('from 2 to 12 periods; a property beyond those shown shows it', async ({ page }) => {
    await page.goto(PAGE);
    const el = page.locator(EL);
    await expect(el.locator('output#clv')).not.toHaveText('…');
    await el.evaluate((e) => { e.periodCount = 1; });
    await expect(el.locator('.cohort input')).toHaveCount(2);
    await expect(el.locator('#remove-period')).toBeDisabled();
    expect(await el.evaluate((e) => e.periodCount)).toBe(2);
    await el.evaluate((e) => { e.periodCount = 12; });
    await expect(el.locator('.cohort input')).toHaveCount(12);
    await expect(el.locator('#add-period')).toBeDisabled();
    await expect(el.locator('#add-period')).toHaveText('Höchstens 12 Jahre');
    await el.evaluate((e) => { e.periodCount = 3; });
    await el.evaluate((e) => { e.retained6 = 0.262; });
    await expect(el.locator('.cohort input')).toHaveCount(6);
    await expect(el.locator('input#retained6')).toHaveValue('26,2');
    await expect(el.locator('input#retained4')).toHaveValue(''); // removed before: starts empty
  });
});

test.describe('events, properties, analytics and links', () => {
  test('kw-change carries inputs and results; result is read-only; data-layer pushes the headline figures', async ({ page }) => {
    await page.goto(PAGE);
    await addElement(page, 'id="ev" data-layer="kw_forecast"');
    await expect(page.locator('#ev output#clv')).not.toHaveText('…');
    const detail = await page.evaluate(() => new Promise((resolve) => {
      document.addEventListener('kw-change', (e) => resolve({
        calculator: e.detail.calculator, mode: e.detail.mode, inputs: e.detail.inputs, clv: e.detail.result.clv,
        del: e.detail.result.discountedExpectedLifetime, composed: e.composed, target: e.target.id,
      }), { once: true });
      document.getElementById('ev').margin = 200;
    }));
    expect(detail.calculator).toBe('retention-forecast');
    expect(detail.mode).toBe(null);
    expect(detail.target).toBe('ev');
    expect(detail.composed).toBe(true);
    // Percent fields arrive as fractions (46.8 / 100 is 0.46799999999999997 in floating point).
    const expected = { retained1: 0.631, retained2: 0.468, retained3: 0.382, retained4: 0.326, retained5: 0.289, margin: 200, discountRate: 0.1 };
    expect(Object.keys(detail.inputs)).toEqual(Object.keys(expected));
    for (const [key, v] of Object.entries(expected)) expect(detail.inputs[key]).toBeCloseTo(v, 12);
    expect(detail.clv).toBeCloseTo(200 * detail.del, 9);
    const readOnly = await page.evaluate(() => {
      const el = document.getElementById('ev');
      try { el.result = null; } catch { /* a getter only */ }
      return el.result.clv;
    });
    expect(readOnly).toBeCloseTo(detail.clv, 9);
    // The push waits a second for typing to settle; on a slow machine the first result's own
    // push (margin 100) may come first, so wait for the one of margin 200.
    await expect.poll(() => page.evaluate(() => window.dataLayer?.at(-1)?.margin)).toBe(200);
    const pushed = await page.evaluate(() => window.dataLayer.at(-1));
    expect(pushed.event).toBe('kw_forecast');
    expect(pushed.calculator).toBe('retention-forecast');
    expect(pushed.margin).toBe(200);
    expect(pushed.clv).toBeCloseTo(detail.clv, 9);
    expect(pushed.expectedLifetime).toBe(null);
    expect(Object.keys(pushed).sort()).toEqual(['alpha', 'beta', 'calculator', 'clv', 'discountRate', 'discountedExpectedLifetime', 'event', 'expectedLifetime',
      'margin', 'mode', 'retained1', 'retained2', 'retained3', 'retained4', 'retained5']);
  });

  test('sync-url: the address carries the numbers, seven years included, and the copied link reproduces them', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const query = ACTUAL.map((v, i) => `retention-forecast.retained${i + 1}=${v / 100}`).join('&');
    await page.goto(`${PAGE}?${query}`);
    await addElement(page, 'sync-url locale="en"');
    const el = page.locator(`${EL}[sync-url]`);
    await expect(el.locator('.cohort input')).toHaveCount(7);
    expect(await output(page, `${EL}[sync-url]`, 'alpha')).toBe('0.704');
    await el.locator('input#margin').fill('80');
    await expect.poll(() => page.url()).toContain('retention-forecast.margin=80');
    await el.locator('#copy').click();
    await expect(el.locator('#copy-status')).toHaveText('Link copied.');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    expect(link).toContain('retention-forecast.retained7=0.241');
    const fresh = await context.newPage();
    await fresh.goto(link);
    await addElement(fresh, 'sync-url locale="en"');
    await expect(fresh.locator(`${EL}[sync-url] input#margin`)).toHaveValue('80');
    await expect(fresh.locator(`${EL}[sync-url] .cohort input`)).toHaveCount(7);
    expect(await output(fresh, `${EL}[sync-url]`, 'beta')).toBe('1.182');
  });

  test('lead capture: the gate hides the headline and the chart until the form is sent', async ({ page }) => {
    const { problems } = watch(page);
    await page.goto(PAGE);
    await addElement(page, 'id="gated" lead="gate" lead-webhook="/api/none"');
    const el = page.locator('#gated');
    await expect(el).toHaveAttribute('data-lead-locked', '');
    await expect(el.locator('#lead-email')).toBeVisible();
    await expect(el.locator('output#clv')).toBeHidden();
    await expect(el.locator('#chart')).toBeHidden();
    expect(await output(page, '#gated', 'alpha')).toBe('0,737'); // the teaser stays
    expect(problems.filter((p) => p.includes('request left'))).toEqual([]);
  });
});

test.describe('loading', () => {
  test('only the page, its stylesheet, the script and the retention wasm; nothing leaves localhost; no console errors', async ({ page }) => {
    const { problems, requests } = watch(page);
    await page.goto(PAGE);
    await expect(page.locator(`${EL} output#clv`)).not.toHaveText('…');
    await type(page, EL, 'margin', '150');
    await page.waitForTimeout(300);
    expect(requests.map((r) => r.replace(/kw-\w+\.js$/, 'kw-<hash>.js'))).toEqual([PAGE, '/www/site.css', '/dist/retention-forecast.js', '/dist/kw-<hash>.js', '/dist/kundenwert_retention_bg.wasm']);
    expect(problems).toEqual([]);
  });

  test('the script loaded twice, and the element module beside it, define it once and still work', async ({ page }) => {
    const { problems } = watch(page);
    await page.goto(PAGE);
    await page.evaluate(async () => {
      await import('/dist/retention-forecast.js');
      await import('/dist/retention-forecast.js?again');
      await import('/dist/elements/retention-forecast.js');
    });
    await addElement(page, 'id="late" locale="en"');
    expect(await output(page, '#late', 'alpha')).toBe('0.737');
    expect(problems).toEqual([]);
  });
});

test.describe('accessibility and layout', () => {
  test('axe finds no violations, light and dark, also with an error shown', async ({ page }) => {
    await page.goto(PAGE);
    await addElement(page, 'id="dark" locale="en" heading-level="2"', { dark: true });
    await expect(page.locator('#dark')).toHaveAttribute('data-scheme', 'dark');
    await expect(page.locator(`#dark output#clv`)).not.toHaveText('…');
    await expect(page.locator(`${EL}:not(#dark) output#clv`)).not.toHaveText('…');
    const violations = async () => (await new AxeBuilder({ page }).analyze()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(await violations()).toEqual([]);
    await type(page, `${EL}:not(#dark)`, 'retained2', '70');
    await expect(page.locator(`${EL}:not(#dark) #retained2-error`)).not.toHaveText('');
    await type(page, '#dark', 'margin', 'x');
    await expect(page.locator('#dark #margin-error')).not.toHaveText('');
    expect(await violations()).toEqual([]);
  });

  test('every field has a real label; results are polite live outputs', async ({ page }) => {
    await page.goto(PAGE);
    await expect(page.locator(`${EL} output#clv`)).not.toHaveText('…');
    const report = await page.locator(EL).evaluate((host) => {
      const root = host.shadowRoot;
      return {
        unlabelled: [...root.querySelectorAll('input')].filter((i) => !i.labels?.length && !i.getAttribute('aria-label')).map((i) => i.id),
        outputs: [...root.querySelectorAll('output')].map((o) => o.getAttribute('aria-live')),
        legend: root.querySelector('fieldset.cohort legend')?.textContent,
      };
    });
    expect(report.unlabelled).toEqual([]);
    expect(report.outputs.length).toBe(6);
    expect(new Set(report.outputs)).toEqual(new Set(['polite']));
    expect(report.legend).toBe('Anteil einer Kohorte, der noch abonniert hat');
  });

  test('no horizontal scrolling at 320 px, with twelve periods', async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 800 });
    await page.goto(PAGE);
    await expect(page.locator(`${EL} output#clv`)).not.toHaveText('…');
    await page.locator(EL).evaluate((e) => { e.periodCount = 12; });
    await expect(page.locator(`${EL} .cohort input`)).toHaveCount(12);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    const right = await page.locator(EL).evaluate((e) => e.getBoundingClientRect().right);
    expect(right).toBeLessThanOrEqual(320);
    await page.screenshot({ path: new URL('../../artifacts/screenshots/retention-320.png', import.meta.url).pathname, fullPage: true });
  });

  test('print shows inputs, results and the table, not the buttons', async ({ page }) => {
    await page.goto(PAGE);
    await expect(page.locator(`${EL} output#clv`)).not.toHaveText('…');
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator(`${EL} #add-period`)).toBeHidden();
    await expect(page.locator(`${EL} #remove-period`)).toBeHidden();
    await expect(page.locator(`${EL} input#retained1`)).toBeVisible();
    await expect(page.locator(`${EL} output#clv`)).toBeVisible();
    await expect(page.locator(`${EL} #forecast`)).toBeVisible();
  });

  test('theming: custom properties reach the shadow root; a dark page gets the dark palette', async ({ page }) => {
    await page.goto(PAGE);
    await expect(page.locator(`${EL} output#clv`)).not.toHaveText('…');
    await expect(page.locator(EL)).toHaveAttribute('data-scheme', 'light');
    await page.locator(EL).evaluate((e) => e.style.setProperty('--kw-accent', 'rgb(255, 0, 128)'));
    expect(await page.locator(`${EL} path.value`).evaluate((p) => getComputedStyle(p).stroke)).toBe('rgb(255, 0, 128)');
    await page.locator(EL).evaluate((e) => e.setAttribute('theme', 'dark'));
    await expect(page.locator(EL)).toHaveAttribute('data-scheme', 'dark');
  });
});
