// readSummary: a per-customer summary (docs/FORMULAS.md 14) as the models and the segmenter
// take it, from CSV, Parquet or Arrow IPC. One row per customer, or one row per distinct
// history with a `count` column (what GROUP BY frequency, recency, T returns). The Parquet
// and Arrow readers are loaded only when such a file is given (./parquet.js, ./arrow.js).
import { KundenwertError } from '../shared/error.js';
import { csvTable } from './csv.js';

/**
 * The columns readSummary knows, by key, with the header names it accepts (compared without
 * case): the names of `kundenwert analyze`'s customers.csv and of sql/*.sql, and a few common
 * ones (lifetimes' `monetary_value`; `count_star()`, `count(*)`, `count(1)` as engines name an
 * unnamed COUNT(*)). docs/models.md lists them.
 */
export const SUMMARY_COLUMNS = {
  customer: ['customer_id', 'customer', 'id'],
  frequency: ['frequency'],
  recency: ['recency'],
  T: ['t'],
  monetary: ['monetary', 'monetary_value'],
  count: ['count', 'count_star()', 'count(*)', 'count(1)'],
  total: ['total'],
  purchases: ['purchases'],
  recencyDays: ['recency_days'],
  firstDay: ['first_purchase'],
  lastDay: ['last_purchase'],
};
const REQUIRED = ['frequency', 'recency', 'T'];

function fail(code, field, message) {
  throw new KundenwertError(code, field, message);
}

/** `YYYY-MM-DD` (a time after it ignored) or `DD.MM.YYYY` as days since 1970-01-01, or null. */
function dayOf(text) {
  const s = text.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(s);
  let y;
  let mo;
  let d;
  if (m) [, y, mo, d] = m.map(Number);
  else if ((m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(s))) [, d, mo, y] = m.map(Number);
  else return null;
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return t / 864e5;
}

/** The input's bytes (or text, for a string) and its file name, if any. */
async function bytesOf(input) {
  if (typeof input === 'string') return { text: input, name: '' };
  if (typeof Blob !== 'undefined' && input instanceof Blob) {
    return { bytes: new Uint8Array(await input.arrayBuffer()), name: input.name ?? '' };
  }
  if (input instanceof ArrayBuffer) return { bytes: new Uint8Array(input), name: '' };
  if (ArrayBuffer.isView(input)) return { bytes: new Uint8Array(input.buffer, input.byteOffset, input.byteLength), name: '' };
  return fail('invalid_type', 'input', 'input must be a File, Blob, ArrayBuffer, typed array or CSV text');
}

const startsWith = (bytes, ascii) => bytes.length >= ascii.length && [...ascii].every((c, i) => bytes[i] === c.charCodeAt(0));

/** 'parquet' (PAR1 at both ends), 'arrow' (ARROW1, or a stream's 0xFFFFFFFF marker) or 'csv'. */
export function formatOf(bytes) {
  const n = bytes.length;
  if (startsWith(bytes, 'PAR1') && n >= 8 && String.fromCharCode(...bytes.subarray(n - 4)) === 'PAR1') return 'parquet';
  if (startsWith(bytes, 'ARROW1')) return 'arrow';
  if (n >= 8 && bytes[0] === 0xff && bytes[1] === 0xff && bytes[2] === 0xff && bytes[3] === 0xff) return 'arrow';
  return 'csv';
}

/** What an extension says the file is, if anything. */
function formatOfName(name) {
  if (/\.parquet$|\.parq$/i.test(name)) return 'parquet';
  if (/\.(arrow|arrows|feather|ipc)$/i.test(name)) return 'arrow';
  return null;
}

function decode(bytes) {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = bytes.subarray(0, 4096);
  if (head.includes(0)) fail('invalid_type', 'input', 'the file is neither CSV text nor Parquet nor Arrow IPC');
  return new TextDecoder('utf-8').decode(bytes);
}

/** Where the table's columns are: key -> column index, from the header names or `options.columns`. */
function locate(names, given) {
  const lower = names.map((n) => String(n).trim().toLowerCase());
  const at = {};
  for (const [key, aliases] of Object.entries(SUMMARY_COLUMNS)) {
    const name = given?.[key];
    if (name !== undefined) {
      if (typeof name !== 'string') fail('invalid_type', `columns.${key}`, `columns.${key} must be a column name`);
      const k = lower.indexOf(name.trim().toLowerCase());
      if (k < 0) fail('missing', key, `the summary has no column "${name}" (columns.${key}); it has: ${names.join(', ')}`);
      at[key] = k;
      continue;
    }
    const k = lower.findIndex((n) => aliases.includes(n));
    if (k >= 0) at[key] = k;
  }
  if (given !== undefined && (given === null || typeof given !== 'object')) fail('invalid_type', 'columns', 'columns must be an object of column names');
  for (const key of Object.keys(given ?? {})) {
    if (!(key in SUMMARY_COLUMNS)) fail('unknown_field', `columns.${key}`, `columns.${key} is not a summary column (${Object.keys(SUMMARY_COLUMNS).join(', ')})`);
  }
  for (const key of REQUIRED) {
    if (at[key] === undefined) {
      fail('missing', key, `the summary has no column "${key}": it needs frequency, recency and T (one row per customer or per history); it has: ${names.join(', ') || 'no columns'}`);
    }
  }
  return at;
}

/**
 * Reads a per-customer summary (docs/models.md, "Summaries as input"). `input`: a File or
 * Blob, an ArrayBuffer or typed array (CSV, Parquet or Arrow IPC, told apart by their bytes),
 * or CSV text. Options: `format` ('csv', 'parquet', 'arrow'; detected), `delimiter` and
 * `decimal` for CSV (detected), `columns` ({ frequency: 'freq', ... }: header names other
 * than the usual ones). Returns the columns as Float64Arrays (`customer` as strings), each
 * optional one only when the file has it, with `format`, `rows` and `customers` (the sum of
 * `count`, else the rows). Bad input is a KundenwertError naming the column and row, e.g.
 * `recency[16]`: row 17, line 18 of a CSV file.
 */
export async function readSummary(input, options = {}) {
  if (options === null || typeof options !== 'object') fail('invalid_type', 'options', 'options must be an object');
  const { format: given } = options;
  if (given !== undefined && !['csv', 'parquet', 'arrow'].includes(given)) fail('invalid_type', 'format', "format must be 'csv', 'parquet' or 'arrow'");
  const { text, bytes, name } = await bytesOf(input);
  const detected = bytes ? formatOf(bytes) : 'csv';
  const format = given ?? detected;
  const named = formatOfName(name);
  if (format !== detected || (named && named !== detected)) {
    const want = given ?? named;
    fail('invalid_type', 'input', `${name ? `"${name}"` : 'the input'} is not ${want === 'arrow' ? 'an Arrow IPC' : `a ${want === 'csv' ? 'CSV' : 'Parquet'}`} file: its content is ${detected === 'csv' ? 'not Parquet or Arrow' : detected === 'arrow' ? 'Arrow IPC' : 'Parquet'}`);
  }
  let at;
  const wanted = (names) => {
    at = locate(names, options.columns);
    return [...new Set(Object.values(at))];
  };
  let table;
  if (format === 'parquet') {
    const { parquetTable } = await import('./parquet.js');
    table = await parquetTable(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), wanted, fail);
  } else if (format === 'arrow') {
    const { arrowTable } = await import('./arrow.js');
    table = arrowTable(bytes, wanted, fail);
  } else {
    table = csvTable(text ?? decode(bytes), options, fail);
    wanted(table.names);
  }
  return columnsOf(table, at);
}

/** Validates every cell and builds the columns. */
function columnsOf(table, at) {
  const n = table.rows;
  if (n === 0) fail('empty', 'input', 'the summary has a header but no rows: one row per customer (or per history) is needed');
  const where = (i) => {
    const line = table.line(i);
    return line === null ? `row ${i + 1}` : `row ${i + 1} (line ${line})`;
  };
  const numeric = Object.entries(at).filter(([key]) => !['customer', 'firstDay', 'lastDay'].includes(key)).map(([, k]) => k);
  table.numeric(numeric);
  const out = { format: table.format, rows: n };
  const read = (key, rule) => {
    const k = at[key];
    if (k === undefined) return undefined;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = table.number(k, i);
      const field = `${key}[${i}]`;
      if (v === null) fail('missing', field, `${key} is empty on ${where(i)}`);
      if (!Number.isFinite(v)) fail('not_a_number', field, `${key} on ${where(i)} is not a number: "${table.text(k, i)}"`);
      rule?.(v, field, i);
      values[i] = v;
    }
    return values;
  };
  const whole = (key, min, what) => (v, field, i) => {
    if (!Number.isInteger(v)) fail('not_an_integer', field, `${key} on ${where(i)} must be a whole number (${what}), not ${v}`);
    if (v < min) fail('out_of_range', field, `${key} on ${where(i)} must be at least ${min} (${what}), not ${v}`);
  };
  const atLeast0 = (key, what) => (v, field, i) => {
    if (v < 0) fail('out_of_range', field, `${key} on ${where(i)} must be at least 0 (${what}), not ${v}`);
  };
  out.frequency = read('frequency', whole('frequency', 0, 'repeat purchases'));
  out.T = read('T', atLeast0('T', 'the age at the end of observation'));
  out.recency = read('recency', (v, field, i) => {
    atLeast0('recency', 'the age at the last purchase')(v, field, i);
    if (v > out.T[i]) fail('out_of_range', field, `recency on ${where(i)} is more than T (${v} > ${out.T[i]}): the last purchase cannot come after the end of observation`);
    if (out.frequency[i] === 0 && v !== 0) fail('out_of_range', field, `recency on ${where(i)} must be 0 without repeat purchases (frequency 0), not ${v}`);
  });
  const monetary = read('monetary');
  if (monetary) out.monetary = monetary;
  const count = read('count', whole('count', 1, 'customers with this history'));
  if (count) out.count = count;
  const total = read('total');
  if (total) out.total = total;
  const purchases = read('purchases', whole('purchases', 0, 'purchases'));
  if (purchases) out.purchases = purchases;
  const recencyDays = read('recencyDays', whole('recency_days', 0, 'days from the last purchase to the end'));
  if (recencyDays) out.recencyDays = recencyDays;
  for (const key of ['firstDay', 'lastDay']) {
    const k = at[key];
    if (k === undefined) continue;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = table.day ? table.day(k, i) : dayOf(table.text(k, i));
      const label = key === 'firstDay' ? 'first_purchase' : 'last_purchase';
      if (v === null || !Number.isFinite(v)) fail('invalid_type', `${key}[${i}]`, `${label} on ${where(i)} is not a date (YYYY-MM-DD): "${table.text(k, i)}"`);
      values[i] = v;
    }
    out[key] = values;
  }
  if (at.customer !== undefined) {
    const ids = new Array(n);
    for (let i = 0; i < n; i++) {
      ids[i] = table.text(at.customer, i).trim();
      if (ids[i] === '') fail('missing', `customer[${i}]`, `the customer id is empty on ${where(i)}`);
    }
    out.customer = ids;
  }
  let customers = n;
  if (count) {
    customers = 0;
    for (let i = 0; i < n; i++) customers += count[i];
  }
  out.customers = customers;
  return out;
}
