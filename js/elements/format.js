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
  try {
    return new Intl.Locale(locale, { numberingSystem: 'latn' }).toString();
  } catch {
    return 'en';
  }
}

const warned = new Set();
/**
 * An ISO 4217 code the browser can format, upper-cased; anything else (EURO, €, '') is EUR,
 * with one console warning per value, so that a typo in an attribute never breaks the element.
 */
export function currencyOf(value) {
  const code = String(value ?? '').trim().toUpperCase();
  if (!code) return 'EUR';
  let known = /^[A-Z]{3}$/.test(code);
  if (known && typeof Intl.supportedValuesOf === 'function') known = Intl.supportedValuesOf('currency').includes(code);
  if (known) return code;
  if (!warned.has(code)) {
    warned.add(code);
    console.warn(`kundenwert: currency="${value}" is not an ISO 4217 code such as EUR, USD or CHF; showing EUR.`);
  }
  return 'EUR';
}

const cache = new Map();
function nf(locale, options) {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(numberLocale(locale), options);
    } catch {
      f = new Intl.NumberFormat('en', options); // options the locale cannot take
    }
    cache.set(key, f);
  }
  return f;
}

/** 0 for -0 and for what rounds to zero at `digits` decimals: no "-0,00 €". */
const unsigned = (v, digits) => (Math.abs(v) < 0.5 * 10 ** -digits ? 0 : v);

const sets = new Map();

/**
 * Formatters for one locale and currency, made once: creating Intl formatters is slow the
 * first time on a page, so the elements make theirs while rendering (see warm()).
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

/** Creates the Intl objects behind every formatter of a set, by using each once. */
export function warm(f) {
  f.money(0); f.moneyShort(0); f.percent(0); f.change(0); f.number(0); f.field(0); f.ratio(0); f.months(1);
}

function makeFormatters(locale, currency) {
  const lang = languageOf(locale);
  const money = (v) => nf(locale, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(unsigned(v, 2));
  const symbol = nf(locale, { style: 'currency', currency }).formatToParts(0).find((p) => p.type === 'currency')?.value || currency;
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
      r = new Intl.PluralRules(numberLocale(locale));
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
    d = nf(locale, {}).formatToParts(1.5).find((p) => p.type === 'decimal')?.value === ',' ? ',' : '.';
    decimals.set(locale, d);
  }
  return d;
}

/** The first code point of each run of decimal digits besides 0-9 that visitors may type. */
const ZEROS = [0x660, 0x6f0, 0x7c0, 0x966, 0x9e6, 0xa66, 0xae6, 0xb66, 0xbe6, 0xc66, 0xce6, 0xd66, 0xde6, 0xe50, 0xed0,
  0xf20, 0x1040, 0x1090, 0x17e0, 0x1810, 0x1946, 0x19d0, 0xff10];

/**
 * Native digits as Latin ones: ١٠٠ (Arabic-Indic), ۱۰۰ (Persian), ১০০ (Bengali) ... -> 100, and
 * the Arabic decimal and thousands separators (٫ ٬) as . and ,.
 */
export function latinDigits(text) {
  return text.replace(/\p{Nd}/gu, (d) => {
    const cp = d.codePointAt(0);
    const zero = ZEROS.find((z) => cp >= z && cp < z + 10);
    return zero === undefined ? d : String(cp - zero);
  }).replace(/\u066b/g, '.').replace(/\u066c/g, ',');
}
