// Cases for comparing the plain number formats with Intl.NumberFormat (tests/js/format.test.mjs
// in Node, tests/e2e/elements.spec.mjs in Chromium). Plain JS, no imports: the browser test
// passes these functions' source into the page.

/** Every locale and option set the plain formats take (those the formatter sets use, and more), and the values. */
export function formatCases(seed = 20261201) {
  // mulberry32: a fixed seed, the same values in every run and engine
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const locales = ['de', 'de-DE', 'en', 'en-US', 'en-GB'];
  const options = [
    { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 2 },
    { style: 'currency', currency: 'EUR' },
    { style: 'currency', currency: 'EUR', notation: 'standard', maximumFractionDigits: 0 },
    { style: 'percent', maximumFractionDigits: 1 },
    { style: 'percent', maximumFractionDigits: 0 },
    { style: 'percent', maximumFractionDigits: 3 },
    { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' },
    { maximumFractionDigits: 0 },
    { maximumFractionDigits: 1 },
    { maximumFractionDigits: 2 },
    { maximumFractionDigits: 6 },
    { minimumFractionDigits: 1, maximumFractionDigits: 1 },
    { signDisplay: 'exceptZero', maximumFractionDigits: 2 },
    {},
  ];
  const values = [0, -0, 1, -1, 0.5, 1.5, 2.5, -2.5, 1.005, 1.015, 0.125, 0.0285, 0.07, 0.145, 999.995, 999999.9995,
    1e-7, -1e-7, 5e-7, 4.9999e-7, 1e15, -1e15, 123456789012345.67, 1e21, 1.5e22, 0.1 + 0.2, 1 / 3, 2 / 3, 9.995, 99.95,
    1234.5, 12345.6789, 0.000499, 0.0005, 0.00049999999];
  for (let i = 0; i < 1500; i++) {
    const magnitude = 10 ** Math.floor(random() * 22 - 8);
    const sign = random() < 0.25 ? -1 : 1;
    values.push(sign * random() * magnitude);
    // decimals that are ties at some digit: x.xx5
    const digits = Math.floor(random() * 6);
    values.push(sign * (Math.round(random() * 10 ** (digits + 4)) / 10 ** digits + 5 * 10 ** -(digits + 1)));
  }
  return { locales, options, values };
}

/** Compares plainFormat with Intl.NumberFormat over the cases: the count and the first differences. */
export function compareWithIntl(plainFormat, { locales, options, values }) {
  let checked = 0;
  const differences = [];
  for (const locale of locales) {
    for (const o of options) {
      const plain = plainFormat(locale, o);
      if (!plain) {
        differences.push({ locale, options: o, problem: 'no plain format' });
        continue;
      }
      const intl = new Intl.NumberFormat(locale, o);
      for (const v of values) {
        const ours = plain.format(v);
        const theirs = intl.format(v);
        checked++;
        if (ours !== theirs && differences.length < 50) differences.push({ locale, options: o, value: v, ours, intl: theirs });
      }
    }
  }
  return { checked, differences };
}
