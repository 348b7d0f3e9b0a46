// The elements entry on a server (no DOM): importing it, as server-side rendering does, must
// not throw and must define nothing; the parsing of typed numbers is checked here too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { packageDir } from './package.mjs';

const resolve = (spec) => pathToFileURL(createRequire(`${packageDir}/`).resolve(spec)).href;

test('kundenwert/elements imports without a DOM and defines nothing', async () => {
  assert.equal(typeof globalThis.HTMLElement, 'undefined');
  const elements = await import(resolve('kundenwert/elements'));
  assert.equal(typeof elements.ClvCalculator, 'function');
  assert.equal(typeof elements.LtvCacCalculator, 'function');
  assert.equal(typeof globalThis.customElements, 'undefined');
});

test('embed.js imports without a DOM too', async () => {
  await import(resolve('kundenwert/embed.js'));
});

test('numbers as visitors type them, in German and English', async () => {
  const { parseNumber } = await import(new URL('elements/format.js', resolve('kundenwert/elements')).href);
  const cases = [
    ['de', '1.234,56', 1234.56], ['de', '1.000', 1000], ['de', '0,8', 0.8], ['de', '0.8', 0.8], ['de', '12,5 %', 12.5],
    ['de', '1 234', 1234], ['de', '−5', -5], ['de', '100 €', 100], ['de', '1.234.567', 1234567],
    ['en', '1,234.56', 1234.56], ['en', '1,000', 1000], ['en', '0.8', 0.8], ['en', '0,8', 0.8], ['en', '$1,200', 1200],
    ['en', '.5', 0.5], ['en', '5.', 5], ['en', '1e3', 1000],
  ];
  for (const [locale, text, expected] of cases) assert.equal(parseNumber(text, locale), expected, `${locale} "${text}"`);
  for (const text of ['', '  ']) assert.equal(parseNumber(text, 'de'), null);
  for (const text of ['abc', '5x', '1,2,3', '1.2.3,4,5', '--5', '5-', 'NaN', 'Infinity']) assert.ok(Number.isNaN(parseNumber(text, 'de')), text);
});
