// The calculators' number formats: the plain German and English formats (js/elements/format.js,
// made without Intl for a fast first result) must equal Intl.NumberFormat's output character
// for character, for every locale and option set they take, over seeded random values and the
// awkward ones (ties, -0, tiny, huge). The same check runs in Chromium
// (tests/e2e/elements.spec.mjs, 'plain number formats equal Intl's').
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCases, compareWithIntl } from './format-cases.mjs';
import { formatters, plainFormat } from '../../js/elements/format.js';

test('plain formats equal Intl.NumberFormat for de, de-DE, en, en-US, en-GB', () => {
  const { checked, differences } = compareWithIntl(plainFormat, formatCases());
  assert.deepEqual(differences.slice(0, 10), []);
  assert.ok(checked > 50_000, `checked ${checked}`);
});

test('what the plain formats do not cover goes to Intl', () => {
  for (const [locale, options] of [
    ['de-AT', { style: 'currency', currency: 'EUR' }], // € 1.600,00
    ['de-CH', {}], // 1’600
    ['en-IN', {}], // 16,00,000
    ['fr', {}],
    ['de', { style: 'currency', currency: 'USD' }],
    ['de', { notation: 'compact' }],
    ['de', { useGrouping: false }],
    ['de', { signDisplay: 'always' }],
  ]) assert.equal(plainFormat(locale, options), null, `${locale} ${JSON.stringify(options)}`);
  // and the formatter sets use Intl there, with Latin digits
  assert.equal(formatters('de-AT', 'EUR').money(1600), new Intl.NumberFormat('de-AT', { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(1600));
  assert.equal(formatters('ar-EG', 'EUR').number(1234.5), new Intl.NumberFormat('ar-EG-u-nu-latn', { maximumFractionDigits: 2 }).format(1234.5));
  assert.equal(formatters('de', 'EUR').moneyShort(250000), new Intl.NumberFormat('de', { style: 'currency', currency: 'EUR', notation: 'compact', maximumFractionDigits: 0 }).format(250000));
});

test('a formatter set in German and English: the figures of docs/FORMULAS.md as shown', () => {
  const de = formatters('de', 'EUR');
  assert.equal(de.money(1600), '1.600,00\u00a0€');
  assert.equal(de.money(-0.001), '0,00\u00a0€');
  assert.equal(de.percent(0.05), '5\u00a0%');
  assert.equal(de.change(16.4), '+16,4\u00a0%');
  assert.equal(de.field(0.8), '0,8');
  assert.equal(de.field(50000), '50.000');
  assert.equal(de.ratio(3), '3,0 : 1');
  assert.equal(de.months(20), '20\u00a0Monate');
  assert.equal(de.months(10, true), '10\u00a0Monaten');
  assert.equal(de.symbol, '€');
  const en = formatters('en-GB', 'EUR');
  assert.equal(en.money(1600), '€1,600.00');
  assert.equal(en.money(-12.5), '-€12.50');
  assert.equal(en.percent(0.125), '12.5%');
  assert.equal(en.months(1), '1\u00a0month');
  assert.equal(en.symbol, '€');
  assert.equal(formatters('en', 'USD').symbol, '$');
});
