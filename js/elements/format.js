// Locale-aware reading and writing of numbers for the calculators. No formula lives here:
// only parsing what a visitor typed and formatting what the core computed.

/** The locale of an element: its `locale` attribute, else the nearest `lang`, else the page's. */
export function localeOf(element) {
  const own = element.getAttribute('locale');
  if (own) return own;
  const withLang = element.closest('[lang]');
  return withLang?.getAttribute('lang') || document.documentElement.lang || navigator.language || 'en';
}

/** 'de' or 'en': the language of the texts. */
export function languageOf(locale) {
  return /^de\b/i.test(locale) ? 'de' : 'en';
}

/**
 * The locale numbers are written in: the element's, with Latin digits (ar-EG, fa-IR, bn-BD
 * would otherwise write ١٠٠ or ১০০, which visitors may type but fields and charts should not
 * show in a mix); an unreadable locale becomes English.
 */
export function numberLocale(locale) {
  let tag = numberLocales.get(locale);
  if (tag === undefined) {
    try {
      tag = new Intl.Locale(locale, { numberingSystem: 'latn' }).toString();
    } catch {
      tag = 'en';
    }
    numberLocales.set(locale, tag);
  }
  return tag;
}
const numberLocales = new Map();

const warned = new Set();
// Codes every browser formats: no need to ask Intl (its list of currencies costs up to 17 ms
// the first time on a page).
const COMMON_CURRENCIES = new Set(['EUR', 'USD', 'GBP', 'CHF']);
let currencies = null;
function supportedCurrencies() {
  currencies ??= new Set(typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('currency') : []);
  return currencies;
}
/**
 * An ISO 4217 code the browser can format, upper-cased; anything else (EURO, €, '') is EUR,
 * with one console warning per value, so that a typo in an attribute never breaks the element.
 */
export function currencyOf(value) {
  const code = String(value ?? '').trim().toUpperCase();
  if (!code) return 'EUR';
  const known = COMMON_CURRENCIES.has(code)
    || (typeof Intl.supportedValuesOf === 'function' ? supportedCurrencies().has(code) : /^[A-Z]{3}$/.test(code));
  if (known) return code;
  if (!warned.has(code)) {
    warned.add(code);
    console.warn(`kundenwert: currency="${value}" is not an ISO 4217 code such as EUR, USD or CHF; showing EUR.`);
  }
  return 'EUR';
}

const cache = new Map();
/** A formatter for a locale and Intl.NumberFormat options, made once: plainFormat's or Intl's. */
function nf(locale, options) {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = plainFormat(locale, options) ?? intlFormat(locale, options);
    cache.set(key, f);
  }
  return f;
}

function intlFormat(locale, options) {
  try {
    return new Intl.NumberFormat(numberLocale(locale), options);
  } catch {
    return new Intl.NumberFormat('en', options); // options the locale cannot take
  }
}

/*
 * Numbers in German and English without Intl. The first Intl.NumberFormat on a page costs
 * 15-40 ms (ICU loads its locale data), the largest single cost on the way to the first
 * result; the pages the calculators are embedded in are mostly in these locales. The output
 * is Intl's, character for character: tests/js/format.test.mjs compares the two over seeded
 * random values for every locale and option set here, in Node and in Chromium. Any other
 * locale, currency, notation or option is Intl's.
 */
const PLAIN = {
  de: { group: '.', decimal: ',', currency: (sign, n) => `${sign}${n}\u00a0€`, percent: (sign, n) => `${sign}${n}\u00a0%` },
  en: { group: ',', decimal: '.', currency: (sign, n) => `${sign}€${n}`, percent: (sign, n) => `${sign}${n}%` },
};
const PLAIN_LOCALES = { de: 'de', 'de-de': 'de', en: 'en', 'en-us': 'en', 'en-gb': 'en' };
const PLAIN_OPTIONS = new Set(['style', 'currency', 'minimumFractionDigits', 'maximumFractionDigits', 'signDisplay', 'notation']);

/** The language of the plain formats for a locale ('de', 'en'), or undefined. */
const plainOf = (locale) => PLAIN_LOCALES[String(locale).toLowerCase()];

/**
 * A formatter `{ format(v) }` equal to Intl.NumberFormat(locale, options) for the locales,
 * styles and options above, or null. Rounds as Intl does: half away from zero on the shortest
 * decimal that reads back as the number (1.005 -> 1.01), percent scaled in decimal.
 */
export function plainFormat(locale, options = {}) {
  const p = PLAIN[plainOf(locale)];
  if (!p || Object.keys(options).some((k) => !PLAIN_OPTIONS.has(k))) return null;
  const style = options.style ?? 'decimal';
  const sign = options.signDisplay ?? 'auto';
  if ((options.notation ?? 'standard') !== 'standard' || (sign !== 'auto' && sign !== 'exceptZero')) return null;
  if (style === 'currency' ? options.currency !== 'EUR' : style !== 'decimal' && style !== 'percent') return null;
  // Intl's defaults: currency 2 (EUR), percent 0, decimal 0 to 3 digits.
  const [minDefault, maxDefault] = style === 'currency' ? [2, 2] : style === 'percent' ? [0, 0] : [0, 3];
  const { minimumFractionDigits: minOption, maximumFractionDigits: maxOption } = options;
  if ([minOption, maxOption].some((d) => d !== undefined && !(Number.isInteger(d) && d >= 0 && d <= 20))) return null;
  const min = minOption ?? Math.min(minDefault, maxOption ?? minDefault);
  const max = maxOption ?? Math.max(maxDefault, min);
  if (min > max) return null; // Intl throws: its error, not ours
  const shift = style === 'percent' ? 2 : 0;
  let intl = null; // for what is no finite number
  return {
    format(v) {
      if (typeof v !== 'number' || !Number.isFinite(v)) return (intl ??= intlFormat(locale, options)).format(v);
      const [int, frac, zero] = decimal(v, shift, min, max);
      const negative = v < 0 || Object.is(v, -0);
      const s = sign === 'exceptZero' ? (zero ? '' : negative ? '-' : '+') : negative ? '-' : '';
      const n = int.replace(/\B(?=(\d{3})+$)/g, p.group) + (frac ? p.decimal + frac : '');
      return style === 'decimal' ? s + n : p[style](s, n);
    },
  };
}

/** |v| × 10^shift rounded to `max` decimals: [integer digits, fraction digits, is zero]. */
function decimal(v, shift, min, max) {
  const [mantissa, exponent] = Math.abs(v).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  // |v| × 10^(shift + max) = digits × 10^scale
  const scale = Number(exponent) - (digits.length - 1) + shift + max;
  let n;
  if (scale >= 0) {
    n = digits + '0'.repeat(scale);
  } else {
    const keep = digits.length + scale;
    const up = keep >= 0 && digits.charCodeAt(keep) >= 53; // the first digit dropped is 5 or more
    n = (BigInt(keep > 0 ? digits.slice(0, keep) : '0') + (up ? 1n : 0n)).toString();
  }
  n = n.replace(/^0+/, '').padStart(max + 1, '0');
  const int = n.slice(0, n.length - max);
  let frac = n.slice(n.length - max);
  let end = frac.length;
  while (end > min && frac[end - 1] === '0') end--;
  frac = frac.slice(0, end);
  return [int, frac, /^0*$/.test(n)];
}

/** 0 for -0 and for what rounds to zero at `digits` decimals: no "-0,00 €". */
const unsigned = (v, digits) => (Math.abs(v) < 0.5 * 10 ** -digits ? 0 : v);

const sets = new Map();

/**
 * Formatters for one locale and currency, made once. Each makes its Intl.NumberFormat (when
 * it needs one) the first time it formats: only the figures an element shows cost one.
 */
export function formatters(locale, currency) {
  currency = currencyOf(currency);
  const key = `${locale}|${currency}`;
  let set = sets.get(key);
  if (!set) {
    set = makeFormatters(locale, currency);
    sets.set(key, set);
  }
  return set;
}

function makeFormatters(locale, currency) {
  const lang = languageOf(locale);
  const money = (v) => nf(locale, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(unsigned(v, 2));
  const symbol = currency === 'EUR' && plainOf(locale) ? '€'
    : intlFormat(locale, { style: 'currency', currency }).formatToParts(0).find((p) => p.type === 'currency')?.value || currency;
  return {
    locale,
    lang,
    currency,
    /** The currency as fields show it beside the amount: €, $, CHF. */
    symbol,
    money,
    /** Money without cents, for chart axes. */
    moneyShort: (v) => nf(locale, { style: 'currency', currency, notation: Math.abs(v) >= 1e5 ? 'compact' : 'standard', maximumFractionDigits: 0 }).format(unsigned(v, 0)),
    percent: (v, digits = 1) => nf(locale, { style: 'percent', maximumFractionDigits: digits }).format(unsigned(v, digits + 2)),
    /** A signed change in percent points, e.g. +16,4 %. */
    change: (pct) => nf(locale, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(unsigned(pct / 100, 3)),
    number: (v, digits = 2) => nf(locale, { maximumFractionDigits: digits }).format(unsigned(v, digits)),
    /** A number for an input field, grouped as the locale groups (50.000; read back by parseNumber). */
    field: (v, digits = 6) => nf(locale, { maximumFractionDigits: digits }).format(unsigned(v, digits)),
    ratio: (v) => `${nf(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(unsigned(v, 1))} : 1`,
    /** 1 Monat, 20 Monate; `after`: the German dative after "nach" (nach 10 Monaten). */
    months: (v, after = false) => count(locale, v, MONTHS[lang], after),
    /** 1 Jahr, 3 Jahre. */
    years: (v, after = false) => count(locale, v, YEARS[lang], after),
    /** The plural category of a number (Intl.PluralRules): 'one', 'other' ... */
    plural: (v) => plurals(locale).select(v),
  };
}

const MONTHS = { de: { one: 'Monat', other: 'Monate', oneAfter: 'Monat', otherAfter: 'Monaten' }, en: { one: 'month', other: 'months' } };
const YEARS = { de: { one: 'Jahr', other: 'Jahre', oneAfter: 'Jahr', otherAfter: 'Jahren' }, en: { one: 'year', other: 'years' } };

const rules = new Map();
/** Intl.PluralRules for a locale (English for one it cannot read). */
export function plurals(locale) {
  let r = rules.get(locale);
  if (!r) {
    try {
      r = new Intl.PluralRules(locale); // (digits do not change a plural; Intl.Locale would cost 20 ms)
    } catch {
      r = new Intl.PluralRules('en');
    }
    rules.set(locale, r);
  }
  return r;
}

/** "20 Monate", "1 month": the number at one decimal, the word by the plural rules of the locale. */
function count(locale, v, words, after) {
  const shown = Math.round(v * 10) / 10;
  const n = nf(locale, { maximumFractionDigits: 1 }).format(shown);
  const category = plurals(locale).select(shown) === 'one' ? 'one' : 'other';
  return `${n}\u00a0${(after && words[`${category}After`]) || words[category]}`;
}

/**
 * Reads a number as a visitor types it, in either convention: `1.234,56` (German), `1,234.56`
 * (English), `0,8`, `0.8`, `1 234`, with or without `€`, `$` or `%`. Returns null for an empty
 * field and NaN for anything that is not a number.
 */
export function parseNumber(text, locale) {
  let s = latinDigits(String(text))
    .replace(/[\s\u00a0\u202f\u200e\u200f\u061c'’€$£%]/g, '').replace(/^\+/, '').replace(/^[−–]/, '-');
  if (s === '') return null;
  const comma = s.lastIndexOf(',');
  const dot = s.lastIndexOf('.');
  // Groups of three, or the Indian lakh grouping (12,34,567) before the last three.
  const thousands = (sep) => new RegExp(`^-?\\d{1,3}(\\${sep}\\d{2,3})*\\${sep}\\d{3}$`).test(s);
  if (comma >= 0 && dot >= 0) {
    // Both: the last one is the decimal separator.
    const decimal = comma > dot ? ',' : '.';
    const group = decimal === ',' ? '.' : ',';
    s = s.split(group).join('').replace(decimal, '.');
  } else if (comma >= 0) {
    // Only commas: grouping where the locale writes a decimal point and they group by three
    // (1,234 in English), else a decimal comma (0,8; 1,234 in French).
    s = decimalOf(locale) === '.' && thousands(',') ? s.split(',').join('') : s.replace(',', '.');
  } else if (dot >= 0 && decimalOf(locale) === ',' && thousands('.')) {
    s = s.split('.').join(''); // 1.234 is a thousand in German
  }
  return /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s) ? Number(s) : NaN;
}

const decimals = new Map();
/** The decimal separator of a locale: '.' or ','. */
function decimalOf(locale) {
  let d = decimals.get(locale);
  if (!d) {
    const plain = PLAIN[plainOf(locale)];
    d = plain ? plain.decimal : intlFormat(locale, {}).formatToParts(1.5).find((p) => p.type === 'decimal')?.value === ',' ? ',' : '.';
    decimals.set(locale, d);
  }
  return d;
}

/** The first code point of each run of decimal digits besides 0-9 that visitors may type. */
const ZEROS = [0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6, 0xe50, 0xed0,
  0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0xff10];

const ASCII = /^[\x00-\x7f]*$/;
/**
 * Native digits as Latin ones: ١٠٠ (Arabic-Indic), ۱۰۰ (Persian), ১০০ (Bengali) ... -> 100, and
 * the Arabic decimal and thousands separators (٫ ٬) as . and ,.
 */
export function latinDigits(text) {
  if (ASCII.test(text)) return text; // the common case; its only digits are Latin already
  return text.replace(/\p{Nd}/gu, (d) => {
    const cp = d.codePointAt(0);
    const zero = ZEROS.find((z) => cp >= z && cp < z + 10);
    return zero === undefined ? d : String(cp - zero);
  }).replace(/\u066b/g, '.').replace(/\u066c/g, ',');
}
