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

const cache = new Map();
function nf(locale, options) {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale, options);
    } catch {
      f = new Intl.NumberFormat('en', options); // an unknown locale or currency
    }
    cache.set(key, f);
  }
  return f;
}

const sets = new Map();

/**
 * Formatters for one locale and currency, made once: creating Intl formatters is slow the
 * first time on a page, so the elements make theirs while rendering (see warm()).
 */
export function formatters(locale, currency) {
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
  let plural;
  try {
    plural = new Intl.PluralRules(locale);
  } catch {
    plural = new Intl.PluralRules('en');
  }
  return {
    locale,
    lang,
    money: (v) => nf(locale, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v),
    /** Money without cents, for chart axes. */
    moneyShort: (v) => nf(locale, { style: 'currency', currency, notation: Math.abs(v) >= 1e5 ? 'compact' : 'standard', maximumFractionDigits: 0 }).format(v),
    percent: (v, digits = 1) => nf(locale, { style: 'percent', maximumFractionDigits: digits }).format(v),
    /** A signed change in percent points, e.g. +16,4 %. */
    change: (pct) => nf(locale, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(pct / 100),
    number: (v, digits = 2) => nf(locale, { maximumFractionDigits: digits }).format(v),
    /** A number for an input field: no grouping, so that it reads back unchanged. */
    field: (v, digits = 6) => nf(locale, { maximumFractionDigits: digits, useGrouping: false }).format(v),
    ratio: (v) => `${nf(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v)} : 1`,
    months: (v) => {
      const n = nf(locale, { maximumFractionDigits: 1 }).format(v);
      const one = plural.select(v) === 'one';
      return lang === 'de' ? `${n} ${one ? 'Monat' : 'Monate'}` : `${n} ${one ? 'month' : 'months'}`;
    },
  };
}

/**
 * Reads a number as a visitor types it, in either convention: `1.234,56` (German), `1,234.56`
 * (English), `0,8`, `0.8`, `1 234`, with or without `€`, `$` or `%`. Returns null for an empty
 * field and NaN for anything that is not a number.
 */
export function parseNumber(text, locale) {
  let s = String(text).replace(/[\s\u00a0\u202f€$£%]/g, '').replace(/^\+/, '').replace(/^[−–]/, '-');
  if (s === '') return null;
  const comma = s.lastIndexOf(',');
  const dot = s.lastIndexOf('.');
  const thousands = (sep) => new RegExp(`^-?\\d{1,3}(\\${sep}\\d{3})+$`).test(s);
  if (comma >= 0 && dot >= 0) {
    // Both: the last one is the decimal separator.
    const decimal = comma > dot ? ',' : '.';
    const group = decimal === ',' ? '.' : ',';
    s = s.split(group).join('').replace(decimal, '.');
  } else if (comma >= 0) {
    // Only commas: grouping in English when they group by three (1,234), else a decimal comma.
    s = languageOf(locale) === 'en' && thousands(',') ? s.split(',').join('') : s.replace(',', '.');
  } else if (dot >= 0 && languageOf(locale) === 'de' && thousands('.')) {
    s = s.split('.').join(''); // 1.234 is a thousand in German
  }
  return /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s) ? Number(s) : NaN;
}
