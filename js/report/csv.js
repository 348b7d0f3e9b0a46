// CSV as a spreadsheet in the visitor's language opens it: for German `;` between cells, a
// decimal comma and dates as 31.12.2024; for English `,`, a decimal point and ISO dates. Both
// start with a UTF-8 byte order mark, so that Excel reads umlauts and accents right, and end
// lines with CRLF (RFC 4180). Text that a spreadsheet would run as a formula is defused.
import { KundenwertError } from '../shared/error.js';

/** The conventions of a language: delimiter and decimal separator. */
export const CONVENTIONS = { de: { delimiter: ';', decimal: ',' }, en: { delimiter: ',', decimal: '.' } };

const TRIGGER = /^[=+\-@]/;
const PLAIN_NUMBER = /^-?\d+([.,]\d+)?(e-?\d+)?$/i;

/**
 * Text as it may stand in a spreadsheet cell without being run as a formula: a leading `'`
 * before text that starts with = + - @, a tab or a line break (OWASP's list), and the same for
 * every part after a tab or line break inside the text, since a paste or a tab-separated
 * import splits there. Plain numbers such as `-12` stay as they are. Nothing else changes.
 */
export function defuse(text) {
  const s = String(text);
  if (!/[=+\-@\t\r\n]/.test(s)) return s;
  const parts = s.split(/(\t|\r\n|\r|\n)/);
  for (let i = 0; i < parts.length; i += 2) {
    if (TRIGGER.test(parts[i]) && !PLAIN_NUMBER.test(parts[i])) parts[i] = `'${parts[i]}`;
  }
  const out = parts.join('');
  return /^[\t\r\n]/.test(out) ? `'${out}` : out;
}

/** One cell of text: defused, then quoted when it holds the delimiter, a quote, a tab or a line break. */
export function textCell(value, delimiter) {
  const s = defuse(value);
  return s.includes(delimiter) || /["\t\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const SCALE = { money: 100, share: 1e4, number: 1e4, int: 1 };
const plainNumber = new Intl.NumberFormat('en-US', { useGrouping: false, maximumFractionDigits: 4 });

/** A number in the convention: rounded for its type, never grouped, never in e-notation. */
export function numberCell(value, type, decimal, field = 'value') {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new KundenwertError('not_finite', field, `${field} is not a finite number`);
  }
  const k = SCALE[type] ?? 1e4;
  // Half away from zero on the decimal as written: 2.675 -> 2.68 although 2.675 * 100 is 267.4999...
  const scaled = Math.abs(value) * k;
  const v = scaled < 2 ** 52 ? (Math.sign(value) * Math.round(scaled * (1 + Number.EPSILON))) / k : value;
  // The shortest decimal of the rounded value; Intl only where String() would write 1e+21.
  let s = Math.abs(v) < 1e21 ? String(v) : plainNumber.format(v);
  if (s === '-0') s = '0';
  return decimal === ',' ? s.replace('.', ',') : s;
}

/** `YYYY-MM-DD` as German spreadsheets read a date (31.12.2024); ISO for English. */
export function dateCell(iso, lang) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return lang === 'de' && m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

/**
 * A table (`{ columns: [{ head, type }], rows }`, see table.js) as CSV text in the language's
 * conventions, without the byte order mark (toCsvBlob adds it).
 */
export function toCsv(table, lang = 'en') {
  const { delimiter, decimal } = CONVENTIONS[lang] ?? CONVENTIONS.en;
  const lines = [table.columns.map((c) => textCell(c.head, delimiter)).join(delimiter)];
  const writers = table.columns.map((c) => {
    if (c.type === 'text') return (v) => textCell(v ?? '', delimiter);
    if (c.type === 'date') return (v) => dateCell(v, lang);
    return (v) => (v === null || v === undefined ? '' : numberCell(v, c.type, decimal, c.head));
  });
  for (const row of table.rows) lines.push(row.map((v, j) => writers[j](v)).join(delimiter));
  return `${lines.join('\r\n')}\r\n`;
}

/** The CSV file: UTF-8 with a byte order mark. */
export function toCsvBlob(table, lang) {
  return new Blob(['\ufeff', toCsv(table, lang)], { type: 'text/csv;charset=utf-8' });
}
