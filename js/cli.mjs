#!/usr/bin/env node
// `npx kundenwert`: the commands of the native `kundenwert` tool (src/bin/kundenwert/main.rs)
// on the package's wasm build, for npm users without Rust: the same options, output files,
// messages and exit codes (0 done, 1 bad input, 2 usage). tests/js/cli.test.mjs compares the
// two. The math runs in the wasm, through kundenwert/analysis and kundenwert/models.
import { createReadStream, readFileSync } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KundenwertError, analyzeTransactions, dayToDate } from './analysis/node.js';
import {
  bgNbd, customerLifetimeValue, fitBgNbd, fitGammaGamma, fitParetoNbd, gammaGamma, init as initModels, paretoNbd,
} from './models/node.js';
import { formatOf, readSummary as readColumnar } from './summary/read.js';

// The help texts: js/cli-help.txt, which the native tool includes too.
const HELP = Object.fromEntries(
  readFileSync(new URL('./cli-help.txt', import.meta.url), 'utf8')
    .split(/^@@ /m)
    .slice(1)
    .map((part) => [part.slice(0, part.indexOf('\n')), part.slice(part.indexOf('\n') + 1)]),
);
const { MAIN_HELP, ANALYZE_HELP, FIT_HELP, SCORE_HELP } = HELP;




/** Why a command failed: exit 1 (bad input) or 2 (usage). */
class Failure extends Error {
  constructor(code, message) {
    super(message);
    this.exitCode = code;
  }
}
const input = (message) => new Failure(1, message);
const usage = (message) => new Failure(2, message);

// ---- arguments ---------------------------------------------------------------------------

const ANALYZE_FLAGS = {
  format: true, out: true, 'observation-end': true, 'period-unit': true, monetary: true, 'tier-shares': true,
  'gross-margin': true, delimiter: true, header: true, 'date-format': true, decimal: true, encoding: true, refunds: true, customer: true, date: true,
  amount: true, channel: true, order: true, 'acquisition-cost': true, strict: false, quiet: false,
};
const FIT_FLAGS = { model: true, out: true, quiet: false };
const SCORE_FLAGS = {
  params: true, model: true, months: true, 'period-unit': true, 'discount-rate': true, 'gross-margin': true, out: true,
};

/** `--name value`, `--name=value`, flags and file arguments; `--help` prints `help`. */
function parseArgs(args, flags, help) {
  const files = [];
  const options = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--help' || a === '-h') {
      process.stdout.write(help);
      return null;
    }
    if (!a.startsWith('--')) {
      files.push(a);
      continue;
    }
    const body = a.slice(2);
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const inline = eq >= 0 ? body.slice(eq + 1) : undefined;
    if (!Object.hasOwn(flags, name)) throw usage(`unknown option --${name}`);
    let value = '';
    if (flags[name]) {
      if (inline !== undefined) value = inline;
      else if (i + 1 < args.length) value = args[++i];
      else throw usage(`--${name} needs a value`);
    } else if (inline !== undefined) {
      throw usage(`--${name} takes no value`);
    }
    options.push([name, value]);
  }
  return {
    files,
    get: (name) => options.findLast(([n]) => n === name)?.[1],
    all: (name) => options.filter(([n]) => n === name).flatMap(([, v]) => v.split(',')).map((s) => s.trim()),
    has: (name) => options.some(([n]) => n === name),
    number(name) {
      const v = this.get(name);
      if (v === undefined) return undefined;
      const n = v.trim() === '' ? NaN : Number(v.trim());
      if (!Number.isFinite(n)) throw input(`--${name} must be a number, not '${v}'`);
      return n;
    },
    oneFile(what) {
      if (files.length === 1) return files[0];
      if (files.length === 0) throw usage(`${what} is required`);
      throw usage(`one ${what} only, not ${files.length}`);
    },
  };
}

/** A kundenwert error as a person reads it: the field and the message. */
function crateError(e) {
  if (!(e instanceof KundenwertError)) throw e;
  if (!e.field || e.message.startsWith(e.field)) return `${e.message} (${e.code})`;
  return `${e.field}: ${e.message} (${e.code})`;
}

async function writeTo(path, text) {
  try {
    await writeFile(path, text);
  } catch (e) {
    throw input(`cannot write ${path}: ${e.message}`);
  }
}

/** Writes to `--out FILE`, or standard output. */
async function emit(out, text) {
  if (out !== undefined) return writeTo(out, text);
  await new Promise((resolve) => {
    process.stdout.on('error', () => resolve()); // a reader that stopped early (| head) is no error
    process.stdout.write(text, () => resolve());
  });
}

// ---- numbers and CSV ---------------------------------------------------------------------

/** Decimal digits without an exponent, as Rust prints a float: 1e-7 -> 0.0000001. */
function plain(s) {
  const m = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, first, rest = '', exp] = m;
  const digits = first + rest;
  const point = 1 + Number(exp); // digits before the decimal point
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Shortest digits that read back as the same number; empty for NaN (no value). */
function num(v) {
  return Number.isFinite(v) ? plain(String(v + 0)) : '';
}

/** Money: the nearest whole number of cents when the value is one up to the rounding of its sum, else the value. */
function money(v) {
  const cents = Math.round(v * 100);
  if (Number.isFinite(v) && Math.abs(v * 100 - cents) <= Math.max(1e-6, Math.abs(cents) * 1e-12)) return cents / 100 + 0;
  return v;
}

function field(s) {
  if (/[,"\n\r]/.test(s) || s.startsWith(' ') || s.endsWith(' ')) return `"${s.replaceAll('"', '""')}"`;
  return s;
}

function csv(header) {
  const lines = [header.join(',')];
  return {
    row: (cells) => lines.push(cells.join(',')),
    text: () => `${lines.join('\n')}\n`,
  };
}

/** Splits a CSV line (quotes as in RFC 4180, within one line). */
function splitLine(line, delimiter) {
  const cells = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"' && quoted && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === delimiter && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  cells.push(cell);
  return cells;
}

// ---- analyze -----------------------------------------------------------------------------

function column(v) {
  if (v === undefined) return undefined;
  return /^\d+$/.test(v) ? Number(v) : v;
}

function analysisOptions(a) {
  const options = {};
  const tierShares = a.get('tier-shares');
  if (tierShares !== undefined) {
    const parts = tierShares.split(',').map((p) => (p.trim() === '' ? NaN : Number(p.trim())));
    if (parts.length !== 2 || parts.some((p) => Number.isNaN(p))) {
      throw input(`--tier-shares must be two shares A,B such as 0.8,0.15, not '${tierShares}'`);
    }
    options.tierShares = parts;
  }
  const header = a.get('header');
  if (header !== undefined) {
    if (['yes', 'true'].includes(header)) options.header = true;
    else if (['no', 'false'].includes(header)) options.header = false;
    else throw input(`--header must be yes or no, not '${header}'`);
  }
  const delimiter = a.get('delimiter');
  if (delimiter !== undefined) options.delimiter = { tab: '\t', '\\t': '\t', space: ' ' }[delimiter] ?? delimiter;
  const columns = {};
  for (const [flag, key] of [['customer', 'customer'], ['date', 'date'], ['amount', 'amount'], ['channel', 'channel'],
    ['acquisition-cost', 'acquisitionCost'], ['order', 'order']]) {
    if (a.get(flag) !== undefined) columns[key] = column(a.get(flag));
  }
  options.columns = columns;
  for (const [flag, key] of [['date-format', 'dateFormat'], ['decimal', 'decimal'], ['encoding', 'encoding'], ['refunds', 'refunds'], ['observation-end', 'observationEnd'],
    ['period-unit', 'periodUnit'], ['monetary', 'monetary']]) {
    if (a.get(flag) !== undefined) options[key] = a.get(flag);
  }
  const margin = a.number('gross-margin');
  if (margin !== undefined) options.grossMargin = margin;
  return options;
}

/** Progress on stderr, at most once a second, only when a run takes that long. */
function progress(quiet) {
  let last = performance.now();
  let shown = false;
  return {
    show(line) {
      if (!quiet && performance.now() - last >= 1000) {
        process.stderr.write(`\r${line().padEnd(60)}`);
        last = performance.now();
        shown = true;
      }
    },
    done() {
      if (shown) process.stderr.write('\n');
      shown = false;
    },
  };
}

async function analyze(a) {
  const path = a.oneFile('a transaction FILE');
  const options = analysisOptions(a);
  const format = a.get('format') ?? 'csv';
  if (!['csv', 'json', 'parquet'].includes(format)) throw input(`--format must be csv, json or parquet, not '${format}'`);
  const out = a.get('out') ?? '.';
  const quiet = a.has('quiet');
  let size;
  try {
    size = (await stat(path)).size;
  } catch (e) {
    throw input(`cannot read ${path}: ${e.message}`);
  }
  const p = progress(quiet);
  let result;
  try {
    result = await analyzeTransactions(createReadStream(path, { highWaterMark: 1 << 20 }), {
      ...options,
      onProgress: ({ loaded, phase, customers, customersTotal }) => p.show(() => (phase === 'summarizing'
        ? `summarising: ${customers} of ${customersTotal} customers`
        : `reading ${path}: ${Math.floor(loaded / 2 ** 20)} of ${Math.floor(size / 2 ** 20)} MB`)),
    });
  } catch (e) {
    if (e instanceof KundenwertError) throw input(crateError(e));
    throw input(`cannot read ${path}: ${e.message}`);
  }
  p.done();
  try {
    await mkdir(out, { recursive: true });
  } catch (e) {
    throw input(`cannot create ${out}: ${e.message}`);
  }
  let written;
  if (format === 'json') {
    const file = join(out, 'analysis.json');
    await writeTo(file, `${JSON.stringify(result, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v) : v))}\n`);
    written = [file];
  } else {
    written = await writeTables(result, out, format);
  }
  if (!quiet) report(result, path, written);
  if (a.has('strict') && result.rejected.total > 0) {
    throw input(`${result.rejected.total} rows rejected (--strict): see ${format === 'json' ? 'analysis.json' : `rejected.${format}`}`);
  }
}

function report(r, path, written) {
  const lines = [`${path}: ${r.rows.read} rows read, ${r.rows.used} used, ${r.rows.rejected} rejected; ${r.customers.count} customers, observed to ${r.observationEnd} (period unit: ${r.periodUnit})`];
  const first = r.rejected.rows.slice(0, 5);
  for (const row of first) lines.push(`  line ${row.line}: ${row.message} (${row.reason}): ${row.text}`);
  if (r.rejected.total > first.length) {
    for (const c of r.rejected.byReason) lines.push(`  ${c.count} rows: ${c.message} (${c.reason})`);
  }
  lines.push(`wrote ${written.join(', ')}`);
  process.stderr.write(`${lines.join('\n')}\n`);
}

// ---- the output tables ---------------------------------------------------------------------
// One description of the tables (src/cli/tables.rs has the same), their columns with the values
// as the type they are: 'text', 'optText' (null: missing), 'int' (whole numbers), 'float' (NaN:
// no value) and 'date' (days since 1970-01-01); the CSV and the Parquet files are made from it.

/** Whole numbers held as floats (the result's counts); anything else is named, never written. */
function whole(table, name, values) {
  const out = Array.from(values);
  for (const v of out) {
    if (!(Number.isInteger(v) && Math.abs(v) <= 2 ** 53)) {
      throw input(`${table}.${name}: ${v} is not a whole number (an internal error: please report it)`);
    }
  }
  return { name, type: 'int', values: out };
}

function days(table, name, values) {
  const out = Array.from(values);
  for (const v of out) {
    if (!(Number.isInteger(v) && Math.abs(v) <= 2 ** 31 - 1)) {
      throw input(`${table}.${name}: ${v} is not a day number (an internal error: please report it)`);
    }
  }
  return { name, type: 'date', values: out };
}

const text = (name, values) => ({ name, type: 'text', values: Array.from(values) });
const float = (name, values) => ({ name, type: 'float', values: Array.from(values, (v) => (v === null || v === undefined ? NaN : v)) });

/** The tables of a result, in the order they are written; channels only with a channel column. */
function tables(r) {
  const c = r.customers;
  const n = c.id.length;
  const withChannel = c.channel.length > 0;
  const each = (f) => Array.from({ length: n }, (_, i) => f(i));
  let t = 'customers';
  const columns = [
    text('customer_id', c.id),
    whole(t, 'frequency', c.frequency),
    float('recency', c.recency),
    float('T', c.T),
    float('monetary', c.monetary),
    float('total', Array.from(c.total, money)),
    whole(t, 'purchases', c.purchases),
    days(t, 'first_purchase', c.firstDay),
    days(t, 'last_purchase', c.lastDay),
    whole(t, 'recency_days', c.recencyDays),
    whole(t, 'r', c.r),
    whole(t, 'f', c.f),
    whole(t, 'm', c.m),
    text('segment', each((i) => r.segments[c.segment[i]].segment)),
    text('tier', each((i) => 'ABC'[c.tier[i]])),
  ];
  if (withChannel) columns.push(text('channel', each((i) => r.channelNames[c.channel[i]])));
  const out = [{ name: t, columns }];

  const s = r.segments;
  t = 'segments';
  out.push({ name: t, columns: [
    text('segment', s.map((x) => x.segment)),
    text('name', s.map((x) => x.name)),
    whole(t, 'customers', s.map((x) => x.customers)),
    float('customer_share', s.map((x) => x.customerShare)),
    float('revenue', s.map((x) => money(x.revenue))),
    float('revenue_share', s.map((x) => x.revenueShare)),
    text('action', s.map((x) => x.action)),
  ] });

  t = 'tiers';
  out.push({ name: t, columns: [
    text('tier', r.tiers.map((x) => x.tier)),
    whole(t, 'customers', r.tiers.map((x) => x.customers)),
    float('customer_share', r.tiers.map((x) => x.customerShare)),
    float('revenue', r.tiers.map((x) => money(x.revenue))),
    float('revenue_share', r.tiers.map((x) => x.revenueShare)),
  ] });

  // One row per cohort and month since its first.
  const months = r.cohorts.flatMap((h) => Array.from(h.active, (active, k) => ({ h, k, active, retention: h.retention[k] })));
  t = 'cohorts';
  out.push({ name: t, columns: [
    text('month', months.map((x) => x.h.month)),
    whole(t, 'months_since', months.map((x) => x.k)),
    whole(t, 'customers', months.map((x) => x.h.customers)),
    whole(t, 'active', months.map((x) => x.active)),
    float('retention', months.map((x) => x.retention)),
  ] });

  const rows = r.rejected.rows;
  t = 'rejected';
  out.push({ name: t, columns: [
    whole(t, 'line', rows.map((x) => x.line)),
    text('reason', rows.map((x) => x.reason)),
    text('message', rows.map((x) => x.message)),
    text('text', rows.map((x) => x.text)),
  ] });

  if (withChannel) {
    const ch = r.channels;
    t = 'channels';
    out.push({ name: t, columns: [
      whole(t, 'rank', ch.map((x) => x.rank)),
      text('channel', ch.map((x) => x.channel)),
      whole(t, 'customers', ch.map((x) => x.customers)),
      float('revenue', ch.map((x) => money(x.revenue))),
      float('clv', ch.map((x) => x.clv)),
      float('spend', ch.map((x) => (x.spend === null || x.spend === undefined ? NaN : money(x.spend)))),
      float('cac', ch.map((x) => x.cac)),
      float('ratio', ch.map((x) => x.ratio)),
      { name: 'band', type: 'optText', values: ch.map((x) => x.band ?? null) },
    ] });
  }
  return out;
}

/** A table as CSV: a header, then one line per row. */
function tableCsv(table) {
  const rows = table.columns[0]?.values.length ?? 0;
  const cell = {
    text: (v) => field(v),
    optText: (v) => (v === null ? '' : field(v)),
    int: (v) => String(v + 0),
    float: (v) => num(v),
    date: (v) => dayToDate(v),
  };
  const lines = [table.columns.map((c) => c.name).join(',')];
  for (let i = 0; i < rows; i++) lines.push(table.columns.map((c) => cell[c.type](c.values[i])).join(','));
  return `${lines.join('\n')}\n`;
}

// ---- Parquet -------------------------------------------------------------------------------
// The subset of src/cli/parquet.rs, byte for byte: PLAIN, UNCOMPRESSED, one v1 data page per
// column chunk, a row group per up to 2^20 rows, the FileMetaData in the Thrift compact protocol;
// STRING, INT64, DOUBLE (OPTIONAL: NaN is null), DATE; definition levels as RLE runs.

const ROW_GROUP = 2 ** 20;
const utf8 = new TextEncoder();

/** A growing byte buffer. */
class Bytes {
  constructor(size = 1024) {
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
    this.n = 0;
  }
  room(k) {
    if (this.n + k <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.n + k));
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }
  byte(b) {
    this.room(1);
    this.buf[this.n++] = b;
  }
  bytes(b) {
    this.room(b.length);
    this.buf.set(b, this.n);
    this.n += b.length;
  }
  u32(v) {
    this.room(4);
    this.view.setUint32(this.n, v, true);
    this.n += 4;
  }
  i32(v) {
    this.room(4);
    this.view.setInt32(this.n, v, true);
    this.n += 4;
  }
  i64(v) {
    this.room(8);
    this.view.setBigInt64(this.n, BigInt(v), true);
    this.n += 8;
  }
  f64(v) {
    this.room(8);
    this.view.setFloat64(this.n, v, true);
    this.n += 8;
  }
  /** Unsigned LEB128 of a whole number below 2^53. */
  varint(v) {
    while (v >= 128) {
      this.byte((v % 128) | 128);
      v = Math.floor(v / 128);
    }
    this.byte(v);
  }
  result() {
    return this.buf.subarray(0, this.n);
  }
}

/** A Thrift compact protocol encoder: fields with delta ids, zigzag varints, nested structs. */
class Thrift extends Bytes {
  constructor() {
    super();
    this.last = [0];
  }
  zigzag(v) {
    this.varint(v >= 0 ? 2 * v : -2 * v - 1);
  }
  field(id, kind) {
    const delta = id - this.last[this.last.length - 1];
    this.last[this.last.length - 1] = id;
    if (delta >= 1 && delta <= 15) this.byte((delta << 4) | kind);
    else {
      this.byte(kind);
      this.zigzag(id);
    }
  }
  int32(id, v) {
    this.field(id, 5);
    this.zigzag(v);
  }
  int64(id, v) {
    this.field(id, 6);
    this.zigzag(v);
  }
  binary(b) {
    this.varint(b.length);
    this.bytes(b);
  }
  string(id, s) {
    this.field(id, 8);
    this.binary(utf8.encode(s));
  }
  open(id) {
    this.field(id, 12);
    this.last.push(0);
  }
  element() {
    this.last.push(0);
  }
  end() {
    this.byte(0);
    this.last.pop();
  }
  list(id, kind, n) {
    this.field(id, 9);
    if (n < 15) this.byte((n << 4) | kind);
    else {
      this.byte(0xf0 | kind);
      this.varint(n);
    }
  }
  finish() {
    this.byte(0);
    return this.result();
  }
}

// Parquet's enums (parquet.thrift): physical type, repetition.
const KIND = {
  text: [6, 0], optText: [6, 1], int: [2, 0], float: [5, 1], date: [1, 0],
};

/** Definition levels (1 present, 0 missing) as RLE runs, bit width 1, with the v1 length prefix. */
function levels(present, out) {
  const runs = new Bytes();
  for (let i = 0; i < present.length;) {
    let j = i;
    while (j < present.length && present[j] === present[i]) j++;
    runs.varint((j - i) * 2);
    runs.byte(present[i] ? 1 : 0);
    i = j;
  }
  out.u32(runs.n);
  out.bytes(runs.result());
}

/** The data page of rows [start, end) of a column, and its count of missing values. */
function page(column, start, end) {
  const values = column.values.slice(start, end);
  const out = new Bytes(16 + values.length * 8);
  let nulls = 0;
  switch (column.type) {
    case 'text':
    case 'optText':
      if (column.type === 'optText') levels(values.map((v) => v !== null), out);
      for (const v of values) {
        if (v === null) {
          nulls++;
          continue;
        }
        const b = utf8.encode(v);
        out.u32(b.length);
        out.bytes(b);
      }
      break;
    case 'int':
      for (const v of values) out.i64(v);
      break;
    case 'float':
      levels(values.map((v) => !Number.isNaN(v)), out);
      for (const v of values) {
        if (Number.isNaN(v)) nulls++;
        else out.f64(v + 0);
      }
      break;
    case 'date':
      for (const v of values) out.i32(v);
      break;
    default:
      throw new Error(`no Parquet type for ${column.type}`);
  }
  return { data: out.result(), nulls };
}

/** A table as the bytes of a Parquet file; `createdBy` names the writer in the footer. */
function tableParquet(table, createdBy) {
  const rows = table.columns[0]?.values.length ?? 0;
  const parts = [utf8.encode('PAR1')];
  let at = 4;
  const groups = [];
  for (let start = 0; start < rows; start += ROW_GROUP) {
    const end = Math.min(rows, start + ROW_GROUP);
    const chunks = [];
    for (const c of table.columns) {
      const { data, nulls } = page(c, start, end);
      if (data.length > 2 ** 31 - 1) throw input(`column ${c.name} has a page of ${data.length} bytes, over Parquet's 2 GiB`);
      const h = new Thrift();
      h.int32(1, 0); // DATA_PAGE
      h.int32(2, data.length);
      h.int32(3, data.length);
      h.open(5);
      h.int32(1, end - start);
      h.int32(2, 0); // PLAIN
      h.int32(3, 3); // RLE
      h.int32(4, 3);
      h.end();
      const header = h.finish();
      parts.push(header, data);
      const size = header.length + data.length;
      chunks.push({ offset: at, size, values: end - start, nulls });
      at += size;
    }
    groups.push({ rows: end - start, chunks });
  }

  const m = new Thrift();
  m.int32(1, 2); // version
  m.list(2, 12, table.columns.length + 1);
  m.element();
  m.string(4, 'schema');
  m.int32(5, table.columns.length);
  m.end();
  for (const c of table.columns) {
    const [physical, repetition] = KIND[c.type];
    m.element();
    m.int32(1, physical);
    m.int32(3, repetition);
    m.string(4, c.name);
    if (c.type === 'text' || c.type === 'optText' || c.type === 'date') {
      const date = c.type === 'date';
      m.int32(6, date ? 6 : 0); // converted type DATE or UTF8
      m.open(10);
      m.open(date ? 6 : 1); // LogicalType: DateType or StringType
      m.end();
      m.end();
    }
    m.end();
  }
  m.int64(3, rows);
  m.list(4, 12, groups.length);
  for (const g of groups) {
    m.element();
    m.list(1, 12, g.chunks.length);
    g.chunks.forEach((k, i) => {
      const [physical, repetition] = KIND[table.columns[i].type];
      m.element();
      m.int64(2, k.offset);
      m.open(3);
      m.int32(1, physical);
      if (repetition === 1) {
        m.list(2, 5, 2);
        m.zigzag(0); // PLAIN
        m.zigzag(3); // RLE
      } else {
        m.list(2, 5, 1);
        m.zigzag(0);
      }
      m.list(3, 8, 1);
      m.binary(utf8.encode(table.columns[i].name));
      m.int32(4, 0); // UNCOMPRESSED
      m.int64(5, k.values);
      m.int64(6, k.size);
      m.int64(7, k.size);
      m.int64(9, k.offset);
      m.open(12); // Statistics
      m.int64(3, k.nulls);
      m.end();
      m.end();
      m.end();
    });
    m.int64(2, g.chunks.reduce((sum, k) => sum + k.size, 0));
    m.int64(3, g.rows);
    m.end();
  }
  m.string(6, createdBy);
  const footer = m.finish();
  const tail = new Bytes(8);
  tail.u32(footer.length);
  tail.bytes(utf8.encode('PAR1'));
  parts.push(footer, tail.result());
  return Buffer.concat(parts);
}

/** The tables as `NAME.csv` or `NAME.parquet` files in `out`. */
async function writeTables(r, out, format) {
  const version = format === 'parquet'
    ? JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')).version
    : '';
  const written = [];
  for (const table of tables(r)) {
    const file = join(out, `${table.name}.${format}`);
    await writeTo(file, format === 'parquet' ? tableParquet(table, `kundenwert version ${version}`) : tableCsv(table));
    written.push(file);
  }
  return written;
}

// ---- the summary file of fit and score ---------------------------------------------------

async function readSummary(path) {
  let bytes;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw input(`cannot read ${path}: ${e.message}`);
  }
  if (formatOf(bytes) !== 'csv') return columnarSummary(path, bytes);
  let text = new TextDecoder().decode(bytes);
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const lines = text.split(/\r?\n/).map((l, i) => [i + 1, l]).filter(([, l]) => l.trim() !== '');
  if (lines.length === 0) throw input(`${path}: the file is empty: a header and one row per customer are needed`);
  const head = lines[0][1];
  const delimiter = [',', ';', '\t', '|'].find((d) => head.includes(d)) ?? ',';
  const names = splitLine(head, delimiter).map((s) => s.trim().replace(/^"+|"+$/g, '').toLowerCase());
  const find = (want) => {
    const k = names.findIndex((n) => want.includes(n));
    return k < 0 ? undefined : k;
  };
  const col = (want) => {
    const k = find([want]);
    if (k === undefined) throw input(`${path} line 1: no column '${want}' in the header (${names.join(', ')})`);
    return k;
  };
  const [f, r, t] = [col('frequency'), col('recency'), col('t')];
  const m = find(['monetary', 'monetary_value']);
  // \`count\`, or the name an engine gives an unnamed COUNT(*) (DuckDB, Spark).
  const n = find(['count', 'count_star()', 'count(*)', 'count(1)']);
  const id = find(['customer_id', 'customer', 'id']);
  const s = { path, id: [], frequency: [], recency: [], T: [], monetary: [], count: [], line: [] };
  for (const [line, l] of lines.slice(1)) {
    const cells = splitLine(l, delimiter);
    const value = (k) => {
      const cell = (cells[k] ?? '').trim();
      const v = Number(cell);
      // Number() reads more than a decimal number (hex, empty); accept what Rust's parse does.
      if (cell !== '' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cell) && Number.isFinite(v)) return v;
      if (cell === '') throw input(`${path} line ${line}, column ${names[k]}: the value is missing`);
      throw input(`${path} line ${line}, column ${names[k]}: '${cell}' is not a number`);
    };
    s.frequency.push(value(f));
    s.recency.push(value(r));
    s.T.push(value(t));
    if (m !== undefined) s.monetary.push(value(m));
    if (n !== undefined) {
      const v = value(n);
      if (!Number.isInteger(v) || v < 1) {
        throw input(`${path} line ${line}, column ${names[n]}: '${(cells[n] ?? '').trim()}' is not a count of customers (a whole number, at least 1)`);
      }
      s.count.push(v);
    }
    s.id.push(id !== undefined ? cells[id] ?? '' : String(s.line.length + 1));
    s.line.push(line);
  }
  if (s.frequency.length === 0) throw input(`${path}: no customers: the file has a header only`);
  if (m === undefined) delete s.monetary;
  if (n === undefined) delete s.count;
  return s;
}

/**
 * A Parquet or Arrow IPC summary (an engine's export), read by kundenwert/models'
 * readSummary: the same columns and checks, with rows where a CSV has lines.
 */
async function columnarSummary(path, bytes) {
  let r;
  try {
    r = await readColumnar(bytes);
  } catch (e) {
    if (e instanceof KundenwertError) throw input(`${path}: ${e.message} (${e.code})`);
    throw e;
  }
  const rows = Array.from({ length: r.rows }, (_, i) => i + 1);
  const s = { path, where: 'row', id: r.customer ?? rows.map(String), frequency: r.frequency, recency: r.recency, T: r.T, line: rows };
  if (r.monetary) s.monetary = r.monetary;
  if (r.count) s.count = r.count;
  return s;
}

/** A model's error on `name[i]` as the file's line (a Parquet or Arrow file's row) and column. */
function summaryError(s, e) {
  if (!(e instanceof KundenwertError)) throw e;
  const m = /^(\w+)\[(\d+)\]$/.exec(e.field);
  if (m && s.line[Number(m[2])] !== undefined) {
    const i = Number(m[2]);
    const rule = (e.message.startsWith(e.field) ? e.message.slice(e.field.length) : e.message).trimStart();
    return input(`${s.path} ${s.where ?? 'line'} ${s.line[i]}, column ${m[1]} (customer ${s.id[i]}): ${m[1]} ${rule} (${e.code})`);
  }
  return input(`${s.path}: ${crateError(e)}`);
}

// ---- fit ---------------------------------------------------------------------------------

const FITTERS = { 'bg-nbd': fitBgNbd, 'pareto-nbd': fitParetoNbd, 'gamma-gamma': fitGammaGamma };

function fitJson(name, fit) {
  const gg = name === 'gamma-gamma';
  return {
    model: name,
    params: fit.params,
    logLikelihood: fit.logLikelihood,
    standardErrors: fit.standardErrors,
    observations: fit.observations,
    iterations: fit.iterations,
    excluded: gg ? fit.excluded : null,
    frequencySpendCorrelation: gg ? fit.frequencySpendCorrelation : null,
  };
}

function describe(f) {
  const params = Object.entries(f.params).map(([name, v]) => {
    const e = f.standardErrors?.[name];
    return e === undefined ? `${name} = ${v.toFixed(4)}` : `${name} = ${v.toFixed(4)} ± ${e.toFixed(4)}`;
  });
  return `${f.model}: ${params.join(', ')}; log-likelihood ${f.logLikelihood.toFixed(2)}; ${f.observations} customers`;
}

async function fit(a) {
  const path = a.oneFile('a SUMMARY.csv');
  const models = a.all('model');
  if (models.length === 0) throw usage('--model is required: bg-nbd, pareto-nbd or gamma-gamma');
  for (const m of models) {
    if (!Object.hasOwn(FITTERS, m)) throw input(`--model must be bg-nbd, pareto-nbd or gamma-gamma, not '${m}'`);
  }
  const s = await readSummary(path);
  if (models.includes('gamma-gamma') && !s.monetary) {
    throw input(`${path}${s.where ? '' : ' line 1'}: gamma-gamma needs a monetary column (each customer's mean spend)`);
  }
  await initModels();
  const out = {};
  for (const m of models) {
    let f;
    try {
      f = fitJson(m, FITTERS[m](s));
    } catch (e) {
      throw summaryError(s, e);
    }
    if (!a.has('quiet')) process.stderr.write(`${describe(f)}\n`);
    out[m] = f;
  }
  await emit(a.get('out'), `${JSON.stringify(out)}\n`);
}

// ---- score -------------------------------------------------------------------------------

/** Periods of the unit per month, as the CLV (and lifetimes) count them. */
const PERIODS_PER_MONTH = { day: 30, week: 4.345, month: 1 };

function paramsOf(fits, key, names, file) {
  const fitted = fits?.[key];
  if (fitted === undefined) return undefined;
  const out = {};
  for (const name of names) {
    const v = fitted?.params?.[name];
    if (typeof v !== 'number') throw input(`${file}: ${key}.params.${name} is missing or not a number`);
    out[name] = v;
  }
  return out;
}

/** Where a JSON syntax error is, as line and column (Node says only the offset). */
function jsonError(text, e) {
  const at = /position (\d+)/.exec(e.message);
  if (!at) return e.message;
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  return `line ${line}, column ${before.length - before.lastIndexOf('\n')}: expected a value`;
}

async function score(a) {
  const path = a.oneFile('a SUMMARY.csv');
  const paramsPath = a.get('params');
  if (paramsPath === undefined) throw usage('--params PARAMS.json is required (written by kundenwert fit)');
  let text;
  try {
    text = await readFile(paramsPath, 'utf8');
  } catch (e) {
    throw input(`cannot read ${paramsPath}: ${e.message}`);
  }
  let fits;
  try {
    fits = JSON.parse(text);
  } catch (e) {
    throw input(`${paramsPath}: ${jsonError(text, e)}`);
  }
  const bg = paramsOf(fits, 'bg-nbd', ['r', 'alpha', 'a', 'b'], paramsPath);
  const pareto = paramsOf(fits, 'pareto-nbd', ['r', 'alpha', 's', 'beta'], paramsPath);
  const gg = paramsOf(fits, 'gamma-gamma', ['p', 'q', 'v'], paramsPath);
  const model = a.get('model');
  let purchases;
  if ((model === 'bg-nbd' || model === undefined) && bg) purchases = bgNbd(bg);
  else if ((model === 'pareto-nbd' || model === undefined) && pareto) purchases = paretoNbd(pareto);
  else if (model !== undefined && model !== 'bg-nbd' && model !== 'pareto-nbd') {
    throw input(`--model must be bg-nbd or pareto-nbd, not '${model}'`);
  } else {
    const m = model ?? 'bg-nbd';
    throw input(`${paramsPath}: no ${m} fit in the file: run kundenwert fit --model ${m} first`);
  }
  const periodUnit = a.get('period-unit') ?? 'week';
  const clvOptions = { periodUnit };
  for (const [flag, key] of [['months', 'months'], ['discount-rate', 'discountRate'], ['gross-margin', 'grossMargin']]) {
    const v = a.number(flag);
    if (v !== undefined) clvOptions[key] = v;
  }
  await initModels();
  // The CLV settings are checked first, as the native tool checks them, by the wasm itself:
  // on a probe of one customer, so that only the settings can fail.
  try {
    const probe = { frequency: [0], recency: [0], T: [1], monetary: [1] };
    customerLifetimeValue(purchases, gg ? gammaGamma(gg) : gammaGamma({ p: 1, q: 2, v: 1 }), probe, clvOptions);
  } catch (e) {
    throw input(crateError(e));
  }
  const s = await readSummary(path);
  const spend = gg ? gammaGamma(gg) : undefined;
  if (spend && !s.monetary) throw input(`${path}${s.where ? '' : ' line 1'}: the CLV needs a monetary column (each customer's mean spend)`);
  let alive;
  let expected;
  let spends;
  let clv;
  try {
    alive = purchases.probabilityAlive(s);
    expected = purchases.expectedPurchases((clvOptions.months ?? 12) * PERIODS_PER_MONTH[periodUnit], s);
    if (spend) {
      spends = spend.expectedSpend(s);
      clv = customerLifetimeValue(purchases, spend, s, clvOptions);
    }
  } catch (e) {
    throw summaryError(s, e);
  }
  // A grouped summary is scored per row (per distinct history), its count kept beside.
  const header = ['customer_id', ...(s.count ? ['count'] : []), 'probability_alive', 'expected_purchases'];
  if (spend) header.push('expected_spend', 'clv');
  const table = csv(header);
  for (let i = 0; i < s.id.length; i++) {
    const row = [field(s.id[i]), ...(s.count ? [num(s.count[i])] : []), num(alive[i]), num(expected[i])];
    if (spend) row.push(num(spends[i]), num(clv[i]));
    table.row(row);
  }
  await emit(a.get('out'), table.text());
}

// ---- main --------------------------------------------------------------------------------

async function main(argv) {
  const command = argv[0] ?? '';
  const rest = argv.slice(1);
  try {
    switch (command) {
      case 'analyze': {
        const a = parseArgs(rest, ANALYZE_FLAGS, ANALYZE_HELP);
        if (a) await analyze(a);
        break;
      }
      case 'fit': {
        const a = parseArgs(rest, FIT_FLAGS, FIT_HELP);
        if (a) await fit(a);
        break;
      }
      case 'score': {
        const a = parseArgs(rest, SCORE_FLAGS, SCORE_HELP);
        if (a) await score(a);
        break;
      }
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(MAIN_HELP);
        break;
      case '--version':
      case '-V': {
        const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
        process.stdout.write(`kundenwert ${pkg.version}\n`);
        break;
      }
      case '':
        throw usage('a command is required: analyze, fit or score');
      default:
        throw usage(`unknown command '${command}': use analyze, fit or score`);
    }
    return 0;
  } catch (e) {
    if (!(e instanceof Failure)) throw e;
    if (e.exitCode === 2) {
      const known = ['analyze', 'fit', 'score'].includes(command);
      process.stderr.write(known
        ? `kundenwert ${command}: ${e.message}\nRun 'kundenwert ${command} --help' for its options.\n`
        : `kundenwert: ${e.message}\nRun 'kundenwert --help' for the commands.\n`);
    } else {
      process.stderr.write(`kundenwert ${command}: ${e.message}\n`);
    }
    return e.exitCode;
  }
}

process.exitCode = await main(process.argv.slice(2));
