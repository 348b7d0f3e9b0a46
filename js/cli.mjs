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

/** Money: to the cent when the value is a whole number of cents up to the rounding of its sum. */
function money(v) {
  const cents = Math.round(v * 100);
  if (Number.isFinite(v) && Math.abs(v * 100 - cents) <= Math.max(1e-6, Math.abs(cents) * 1e-12)) return num(cents / 100);
  return num(v);
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
  if (format !== 'csv' && format !== 'json') throw input(`--format must be csv or json, not '${format}'`);
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
    written = await writeCsvFiles(result, out);
  }
  if (!quiet) report(result, path, written);
  if (a.has('strict') && result.rejected.total > 0) {
    throw input(`${result.rejected.total} rows rejected (--strict): see rejected.csv`);
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

async function writeCsvFiles(r, out) {
  const c = r.customers;
  const withChannel = c.channel.length > 0;
  const header = ['customer_id', 'frequency', 'recency', 'T', 'monetary', 'total', 'purchases', 'first_purchase',
    'last_purchase', 'recency_days', 'r', 'f', 'm', 'segment', 'tier'];
  if (withChannel) header.push('channel');
  const customers = csv(header);
  for (let i = 0; i < c.id.length; i++) {
    const row = [field(c.id[i]), num(c.frequency[i]), num(c.recency[i]), num(c.T[i]), num(c.monetary[i]), money(c.total[i]),
      num(c.purchases[i]), dayToDate(c.firstDay[i]), dayToDate(c.lastDay[i]), num(c.recencyDays[i]), num(c.r[i]),
      num(c.f[i]), num(c.m[i]), r.segments[c.segment[i]].segment, 'ABC'[c.tier[i]]];
    if (withChannel) row.push(field(r.channelNames[c.channel[i]]));
    customers.row(row);
  }
  const segments = csv(['segment', 'name', 'customers', 'customer_share', 'revenue', 'revenue_share', 'action']);
  for (const s of r.segments) {
    segments.row([s.segment, field(s.name), num(s.customers), num(s.customerShare), money(s.revenue), num(s.revenueShare), field(s.action)]);
  }
  const tiers = csv(['tier', 'customers', 'customer_share', 'revenue', 'revenue_share']);
  for (const t of r.tiers) tiers.row([t.tier, num(t.customers), num(t.customerShare), money(t.revenue), num(t.revenueShare)]);
  const cohorts = csv(['month', 'months_since', 'customers', 'active', 'retention']);
  for (const h of r.cohorts) {
    h.active.forEach((active, k) => cohorts.row([h.month, String(k), num(h.customers), num(active), num(h.retention[k])]));
  }
  const rejected = csv(['line', 'reason', 'message', 'text']);
  for (const row of r.rejected.rows) rejected.row([num(row.line), row.reason, field(row.message), field(row.text)]);
  const files = [['customers.csv', customers], ['segments.csv', segments], ['tiers.csv', tiers], ['cohorts.csv', cohorts],
    ['rejected.csv', rejected]];
  if (withChannel) {
    const channels = csv(['rank', 'channel', 'customers', 'revenue', 'clv', 'spend', 'cac', 'ratio', 'band']);
    const opt = (v) => (v === null || v === undefined ? '' : num(v));
    for (const ch of r.channels) {
      channels.row([String(ch.rank), field(ch.channel), num(ch.customers), money(ch.revenue), num(ch.clv),
        ch.spend === null ? '' : money(ch.spend), opt(ch.cac), opt(ch.ratio), ch.band ?? '']);
    }
    files.push(['channels.csv', channels]);
  }
  const written = [];
  for (const [name, table] of files) {
    const file = join(out, name);
    await writeTo(file, table.text());
    written.push(file);
  }
  return written;
}

// ---- the summary file of fit and score ---------------------------------------------------

async function readSummary(path) {
  let text;
  try {
    text = new TextDecoder().decode(await readFile(path));
  } catch (e) {
    throw input(`cannot read ${path}: ${e.message}`);
  }
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

/** A model's error on `name[i]` as the file's line and column. */
function summaryError(s, e) {
  if (!(e instanceof KundenwertError)) throw e;
  const m = /^(\w+)\[(\d+)\]$/.exec(e.field);
  if (m && s.line[Number(m[2])] !== undefined) {
    const i = Number(m[2]);
    const rule = (e.message.startsWith(e.field) ? e.message.slice(e.field.length) : e.message).trimStart();
    return input(`${s.path} line ${s.line[i]}, column ${m[1]} (customer ${s.id[i]}): ${m[1]} ${rule} (${e.code})`);
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
    throw input(`${path} line 1: gamma-gamma needs a monetary column (each customer's mean spend)`);
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
  if (spend && !s.monetary) throw input(`${path} line 1: the CLV needs a monetary column (each customer's mean spend)`);
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
