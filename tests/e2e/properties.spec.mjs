// Elements that frameworks can drive: React 19, Preact, Vue, Angular and Lit set a property
// wherever the element has one of that name, so every attribute has a property that can be
// set and read, setting it sets the attribute, a bad value behaves exactly as the attribute
// would, and the two stay in sync both ways. Checked on what the visitor sees.
import { expect, test } from '@playwright/test';
import { output, plain, watch } from './helpers.mjs';

const PAGE = '/tests/e2e/pages/properties.html';
const ELEMENTS = ['clv-calculator', 'ltv-cac-calculator', 'tcv-calculator', 'retention-impact-calculator', 'retention-forecast', 'customer-segmenter'];

async function ready(page) {
  await page.goto(PAGE);
  for (const id of ['first-clv', 'by-attribute', 'early']) await expect(page.locator(`#${id} output#clv`)).not.toHaveText('…');
  await expect(page.locator('retention-forecast output').first()).not.toHaveText('…');
  await page.waitForFunction(() => customElements.get('customer-segmenter'));
}

test('every observed attribute of every element has a property that can be set and read', async ({ page }) => {
  await ready(page);
  const missing = await page.evaluate((tags) => {
    const camel = (a) => a.replace(/-(\w)/g, (_, c) => c.toUpperCase());
    const out = [];
    for (const tag of tags) {
      const cls = customElements.get(tag);
      for (const attr of cls.observedAttributes) {
        const prop = camel(attr);
        let d;
        for (let p = cls.prototype; p && !d; p = Object.getPrototypeOf(p)) d = Object.getOwnPropertyDescriptor(p, prop);
        if (!d || !(d.set || d.writable)) out.push(`${tag}.${prop}`);
      }
    }
    return out;
  }, ELEMENTS);
  expect(missing).toEqual([]);
});

test('locale as React 19 sets it (a property, in strict mode) switches language and formats', async ({ page }) => {
  const { problems } = watch(page);
  await ready(page);
  const attr = await page.evaluate(() => {
    'use strict';
    const el = document.getElementById('first-clv');
    el.locale = 'de'; // threw "Cannot set property locale ... which has only a getter"
    return el.getAttribute('locale');
  });
  expect(attr).toBe('de');
  expect(await output(page, '#first-clv', 'clv')).toBe('1.600,00 €');
  await expect(page.locator('#first-clv label[for="churnRate"]')).toHaveText('Kündigungsrate pro Monat');
  // and back through the attribute: the property reads it
  await page.evaluate(() => document.getElementById('first-clv').setAttribute('locale', 'en-GB'));
  expect(await page.evaluate(() => document.getElementById('first-clv').locale)).toBe('en-GB');
  expect(await output(page, '#first-clv', 'clv')).toBe('€1,600.00');
  expect(problems).toEqual([]);
});

test('a field property sets its attribute and the result; the attribute sets the property', async ({ page }) => {
  await ready(page);
  await page.evaluate(() => { document.getElementById('first-clv').churnRate = 0.1; });
  await expect(page.locator('#first-clv')).toHaveAttribute('churn-rate', '0.1');
  await expect(page.locator('#first-clv input#churnRate')).toHaveValue('10');
  expect(await output(page, '#first-clv', 'clv')).toBe('€800.00'); // 100 × 0.8 / 0.1
  await page.evaluate(() => document.getElementById('first-clv').setAttribute('gross-margin', '0.5'));
  expect(await page.evaluate(() => document.getElementById('first-clv').grossMargin)).toBe(0.5);
  expect(await output(page, '#first-clv', 'clv')).toBe('€500.00'); // 100 × 0.5 / 0.1
  // A string, as React passes arpa="120" to a property, reads as the attribute would.
  await page.evaluate(() => { document.getElementById('first-clv').arpa = '120'; });
  expect(await page.evaluate(() => document.getElementById('first-clv').arpa)).toBe(120);
  expect(await output(page, '#first-clv', 'clv')).toBe('€600.00');
  // null (React removing the prop) removes the attribute: the default again
  await page.evaluate(() => { document.getElementById('first-clv').churnRate = null; });
  expect(await page.evaluate(() => document.getElementById('first-clv').hasAttribute('churn-rate'))).toBe(false);
  await expect(page.locator('#first-clv input#churnRate')).toHaveValue('5');
  expect(await output(page, '#first-clv', 'clv')).toBe('€1,200.00'); // 120 × 0.5 / 0.05
});

test('a bad value through the property shows exactly what the same attribute shows, naming the field', async ({ page }) => {
  await ready(page);
  await page.evaluate(() => {
    document.getElementById('first-clv').churnRate = 'abc';
    document.getElementById('by-attribute').setAttribute('churn-rate', 'abc');
  });
  for (const id of ['#first-clv', '#by-attribute']) {
    await expect(page.locator(`${id} input#churnRate`)).toHaveValue('abc');
    await expect(page.locator(`${id} input#churnRate`)).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator(`${id} #churnRate-error`)).not.toBeEmpty();
  }
  const [a, b] = await Promise.all(['#first-clv', '#by-attribute'].map((id) => page.locator(`${id} #churnRate-error`).textContent()));
  expect(a).toBe(b);
  expect(await page.evaluate(() => document.getElementById('first-clv').churnRate)).toBeNull();
  // the last valid result stays, with the note
  expect(await output(page, '#first-clv', 'clv')).toBe('€1,600.00');
  await expect(page.locator('#first-clv #note')).toHaveText('The result shows the last valid inputs.');
  // Infinity is no number either: the same message, no "∞" and no NaN anywhere
  await page.evaluate(() => { document.getElementById('first-clv').arpa = Infinity; });
  await expect(page.locator('#first-clv input#arpa')).toHaveValue('Infinity');
  await expect(page.locator('#first-clv #arpa-error')).not.toBeEmpty();
  expect(await page.locator('#first-clv').evaluate((el) => el.shadowRoot.textContent)).not.toMatch(/NaN|∞/);
});

test('mode, currency, theme, heading level, sync-url and data-layer as properties', async ({ page }) => {
  await ready(page);
  const r = await page.evaluate(() => {
    const el = document.getElementById('first-clv');
    el.mode = 'purchase';
    el.currency = 'USD';
    el.theme = 'dark';
    el.headingLevel = 4;
    el.syncUrl = true;
    el.dataLayer = 'kw_clv';
    return {
      mode: [el.getAttribute('mode'), el.mode], currency: [el.getAttribute('currency'), el.currency],
      theme: [el.getAttribute('theme'), el.theme, el.dataset.scheme], level: [el.getAttribute('heading-level'), el.headingLevel],
      sync: [el.getAttribute('sync-url'), el.syncUrl], layer: [el.getAttribute('data-layer'), el.dataLayer],
    };
  });
  expect(r).toEqual({
    mode: ['purchase', 'purchase'], currency: ['USD', 'USD'], theme: ['dark', 'dark', 'dark'], level: ['4', 4],
    sync: ['', true], layer: ['kw_clv', 'kw_clv'],
  });
  await expect(page.locator('#first-clv .title')).toHaveAttribute('aria-level', '4');
  await expect(page.locator('#first-clv #copy')).toBeVisible();
  await expect(page.locator('#first-clv input#averageOrderValue')).toBeVisible();
  // purchase defaults: 50 × 4 × 3 × 0.8 = 480, in dollars
  expect(await output(page, '#first-clv', 'clv')).toBe('$480.00');
  // unknown values read as the attribute would: the default mode, the automatic theme, level 3
  const bad = await page.evaluate(() => {
    const el = document.getElementById('first-clv');
    el.mode = 'bogus';
    el.theme = 'neon';
    el.headingLevel = 'x';
    el.syncUrl = false;
    el.dataLayer = null;
    return { mode: el.mode, attr: el.getAttribute('mode'), theme: el.theme, level: el.headingLevel, sync: el.hasAttribute('sync-url'), layer: el.hasAttribute('data-layer') };
  });
  expect(bad).toEqual({ mode: 'subscription', attr: 'bogus', theme: 'auto', level: 3, sync: false, layer: false });
  await expect(page.locator('#first-clv input#churnRate')).toBeVisible();
  await expect(page.locator('#first-clv #copy')).toHaveCount(0);
});

test('properties set before the script loaded are taken over', async ({ page }) => {
  await ready(page);
  expect(await page.evaluate(() => Object.prototype.hasOwnProperty.call(document.getElementById('early'), 'locale'))).toBe(false);
  await expect(page.locator('#early')).toHaveAttribute('locale', 'de');
  await expect(page.locator('#early')).toHaveAttribute('arpa', '200');
  expect(await output(page, '#early', 'clv')).toBe('3.200,00 €'); // 200 × 0.8 / 0.05
});

test('<retention-forecast> and <customer-segmenter> take their attributes as properties', async ({ page }) => {
  const { problems } = watch(page);
  await ready(page);
  await page.evaluate(() => {
    const f = document.querySelector('retention-forecast');
    f.locale = 'de';
    f.period = 'month';
    f.margin = 50;
    const s = document.querySelector('customer-segmenter');
    s.locale = 'de';
    s.model = 'pareto-nbd';
  });
  await expect(page.locator('retention-forecast')).toHaveAttribute('margin', '50');
  await expect(page.locator('retention-forecast input#margin')).toHaveValue('50');
  await expect(page.locator('customer-segmenter')).toHaveAttribute('locale', 'de');
  await expect(page.locator('customer-segmenter .title')).toHaveText('Kundendaten auswerten');
  expect(await page.evaluate(() => [document.querySelector('customer-segmenter').model, document.querySelector('retention-forecast').period]))
    .toEqual(['pareto-nbd', 'month']);
  expect(plain(await page.locator('retention-forecast .title').textContent())).not.toBe('');
  expect(problems).toEqual([]);
});

test('custom-elements.json lists what the live elements have: attributes, properties, the parts they render', async ({ page }) => {
  await ready(page);
  const problems = await page.evaluate(async () => {
    const cem = await (await fetch('/dist/custom-elements.json')).json();
    const out = [];
    const declared = cem.modules.flatMap((m) => m.declarations);
    for (const d of declared) {
      const cls = customElements.get(d.tagName);
      if (!cls) { out.push(`${d.tagName} not defined`); continue; }
      const live = cls.observedAttributes.filter((a) => a !== 'mode' || cls.modes?.length);
      if (JSON.stringify(live) !== JSON.stringify(d.attributes.map((a) => a.name))) out.push(`${d.tagName}: attributes differ`);
      const el = document.querySelector(d.tagName);
      for (const a of d.attributes) if (!(a.fieldName in el)) out.push(`${d.tagName}.${a.fieldName} missing`);
      const parts = new Set(d.cssParts.map((p) => p.name));
      for (const p of el.shadowRoot.querySelectorAll('[part]')) {
        for (const name of p.getAttribute('part').split(/\s+/)) if (!parts.has(name)) out.push(`${d.tagName}: part ${name} not listed`);
      }
      if (!d.cssProperties.some((p) => p.name === '--kw-accent')) out.push(`${d.tagName}: --kw-accent not listed`);
    }
    if (declared.length !== 7) out.push(`${declared.length} elements declared`);
    return out;
  });
  expect(problems).toEqual([]);
});
