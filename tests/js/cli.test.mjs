// `npx kundenwert` (js/cli.mjs on the wasm build, from the package as installed) against the
// native `kundenwert` binary (cargo build --bin kundenwert): the same files from the same
// commands, the same messages and exit codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { packageDir } from './package.mjs';
import { parseCsv } from './csv.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = (name) => join(root, 'tests', name);
const work = join(root, 'target', 'cli-js');

// The package's bin entry, as npm links it for npx.
const manifestPath = createRequire(`${packageDir}/`).resolve('kundenwert/package.json');
const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
const cli = join(dirname(manifestPath), manifest.bin.kundenwert);

function nativeBinary() {
  const out = execFileSync('cargo', ['build', '--quiet', '--bin', 'kundenwert', '--message-format=json'], { cwd: root, encoding: 'utf8' });
  for (const line of out.split('\n')) {
    const m = /"executable":"([^"]+\/kundenwert)"/.exec(line);
    if (m) return m[1];
  }
  throw new Error('cargo built no kundenwert binary');
}
const native = nativeBinary();

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: root });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const npx = (args) => run(process.execPath, [cli, ...args]);
const rust = (args) => run(native, args);

async function fresh(name) {
  const dir = join(work, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Runs the same command in both, each writing into its own directory. */
async function both(name, args) {
  const [a, b] = [await fresh(`${name}-npx`), await fresh(`${name}-native`)];
  const fill = (dir) => args.map((x) => (x === '@OUT' ? dir : x));
  const js = npx(fill(a));
  const rs = rust(fill(b));
  assert.equal(js.code, 0, js.stderr);
  assert.equal(rs.code, 0, rs.stderr);
  return { a, b, js, rs };
}

async function sameFiles(a, b) {
  const names = (await readdir(b)).sort();
  assert.deepEqual((await readdir(a)).sort(), names);
  for (const name of names) {
    assert.equal(await readFile(join(a, name), 'utf8'), await readFile(join(b, name), 'utf8'), name);
  }
  return names;
}

test('the package has a kundenwert bin that npm links', () => {
  assert.equal(manifest.bin.kundenwert, 'dist/cli.mjs');
  assert.ok(existsSync(cli), cli);
  if (process.env.KW_PACKAGE_DIR) {
    const linked = join(packageDir, 'node_modules', '.bin', 'kundenwert');
    const r = run(linked, ['--help']); // the shebang and the executable bit
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^kundenwert: customer value from transaction data/);
  }
});

test('analyze writes the same files, byte for byte, on a small export and on CDNOW', async () => {
  const small = await both('orders', ['analyze', fixture('cli/orders.csv'), '--out', '@OUT', '--observation-end', '2024-03-31', '--period-unit', 'day']);
  const names = await sameFiles(small.a, small.b);
  assert.deepEqual(names, ['channels.csv', 'cohorts.csv', 'customers.csv', 'rejected.csv', 'segments.csv', 'tiers.csv']);
  const customers = await readFile(join(small.a, 'customers.csv'), 'utf8');
  assert.match(customers, /\nanna,2,42,90,40,95,4,2024-01-01,2024-02-12,48,4,4,4,loyal,A,search\n/);
  // The stderr report is the same but for the paths of the output directories.
  assert.equal(small.js.stderr.replaceAll(small.a, 'OUT'), small.rs.stderr.replaceAll(small.b, 'OUT'));

  const cdnow = await both('cdnow', ['analyze', fixture('fixtures/CDNOW_master.txt'), '--out', '@OUT', '--quiet', '--period-unit', 'month']);
  await sameFiles(cdnow.a, cdnow.b);
  const lines = (await readFile(join(cdnow.a, 'customers.csv'), 'utf8')).trim().split('\n');
  assert.equal(lines.length, 23571);
  assert.match(lines[3], /^00003,5,16\.788501026694046,/); // 511 days in months of 30.4375 days
});

test('analyze --format json: the same result', async () => {
  const { a, b } = await both('json', ['analyze', fixture('cli/orders.csv'), '--out', '@OUT', '--format', 'json', '--quiet']);
  const js = JSON.parse(await readFile(join(a, 'analysis.json'), 'utf8'));
  const rs = JSON.parse(await readFile(join(b, 'analysis.json'), 'utf8'));
  assert.deepEqual(js, rs);
  assert.deepEqual(js.customers.total, [95, 7, 3]);
  assert.equal(js.rejected.rows[0].line, 9);
});

test('fit and score: the same parameters and scores on the CDNOW sample', async () => {
  const { a, b } = await both('sample', ['analyze', fixture('fixtures/CDNOW_sample.txt'), '--out', '@OUT', '--quiet', '--observation-end', '1997-09-30']);
  await sameFiles(a, b);
  const summary = join(a, 'customers.csv');
  const params = { js: join(a, 'params.json'), rs: join(b, 'params.json') };
  const js = npx(['fit', '--model', 'bg-nbd,gamma-gamma', summary, '--out', params.js]);
  const rs = rust(['fit', '--model', 'bg-nbd,gamma-gamma', summary, '--out', params.rs]);
  assert.equal(js.code, 0, js.stderr);
  assert.equal(rs.code, 0, rs.stderr);
  assert.equal(js.stderr, rs.stderr); // the fits' summaries, to 4 decimals
  assert.match(js.stderr, /^bg-nbd: r = 0\.2426 ± 0\.0126, alpha = 4\.4136 ± 0\.3782, a = 0\.7929 ± 0\.1857, b = 2\.4259 ± 0\.7054; log-likelihood -9582\.43; 2357 customers\n/);
  const fits = { js: JSON.parse(await readFile(params.js, 'utf8')), rs: JSON.parse(await readFile(params.rs, 'utf8')) };
  assert.deepEqual(Object.keys(fits.js), ['bg-nbd', 'gamma-gamma']);
  // The wasm and native builds' ln and exp may differ in the last digits, and the optimiser
  // then stops a hair apart (Gamma-Gamma's p: 3.6e-8 relative at most measured, after 16 and 18
  // iterations): parameters to 1e-7. The standard errors are the curvature at those two
  // estimates and move about 40 times as much (1.6e-6 measured): to 1e-5.
  const close = (x, y, what, tol = 1e-7) => assert.ok(Math.abs(x - y) <= tol * Math.max(1, Math.abs(y)), `${what}: ${x} vs ${y}`);
  for (const model of ['bg-nbd', 'gamma-gamma']) {
    const [x, y] = [fits.js[model], fits.rs[model]];
    assert.deepEqual(Object.keys(x), Object.keys(y));
    for (const k of Object.keys(y.params)) {
      close(x.params[k], y.params[k], `${model} ${k}`);
      close(x.standardErrors[k], y.standardErrors[k], `${model} se ${k}`, 1e-5);
    }
    close(x.logLikelihood, y.logLikelihood, `${model} log-likelihood`);
    assert.equal(x.observations, y.observations);
  }
  const scores = { js: npx(['score', '--params', params.js, summary]), rs: rust(['score', '--params', params.js, summary]) };
  assert.equal(scores.js.code, 0, scores.js.stderr);
  const table = (s) => s.trim().split('\n').map((l) => l.split(','));
  const [x, y] = [table(scores.js.stdout), table(scores.rs.stdout)];
  assert.deepEqual(x[0], ['customer_id', 'probability_alive', 'expected_purchases', 'expected_spend', 'clv']);
  assert.equal(x.length, 2358);
  for (let i = 1; i < y.length; i++) {
    assert.equal(x[i][0], y[i][0]);
    for (let k = 1; k < 5; k++) close(Number(x[i][k]), Number(y[i][k]), `${y[i][0]} ${y[0][k]}`);
  }
  const i = x.findIndex((row) => row[0] === '00004');
  close(Number(x[i][1]), 0.7266203118807435, '00004 P(alive)');
});

test('the same messages and exit codes for bad input and bad usage', async () => {
  const dir = await fresh('bad');
  const nan = join(dir, 'nan.csv');
  await writeFile(nan, 'customer_id,frequency,recency,T,monetary\na,1,2,10,5\nb,0,x,10,0\n');
  const past = join(dir, 'past.csv');
  await writeFile(past, 'customer_id,frequency,recency,T\na,1,2,10\nb,1,12,10\n');
  const broken = join(dir, 'broken.json');
  await writeFile(broken, '{"bg-nbd": {"params": {"r": 0.2, "alpha": 4, "a": 0.8, "b": 2.4}}, "x": }');
  const good = join(dir, 'params.json');
  await writeFile(good, '{"bg-nbd": {"params": {"r": 0.2, "alpha": 4, "a": 0.8, "b": 2.4}}}');
  for (const [args, code, says] of [
    [[], 2, 'a command is required'],
    [['forecast'], 2, "unknown command 'forecast'"],
    [['analyze', '--bogus', 'x.csv'], 2, 'unknown option --bogus'],
    [['fit', nan], 2, '--model is required'],
    [['fit', '--model', 'bg-nbd', nan], 1, "nan.csv line 3, column recency: 'x' is not a number"],
    [['fit', '--model', 'pareto-nbd', past], 1, 'past.csv line 3, column recency (customer b): recency must be from 0 to T (out_of_range)'],
    [['fit', '--model', 'gamma-gamma', past], 1, 'past.csv line 1: gamma-gamma needs a monetary column'],
    [['score', '--params', broken, past], 1, 'broken.json: '], // Node's JSON.parse names no line
    [['analyze', fixture('cli/orders.csv'), '--period-unit', 'year', '--out', dir], 1, 'periodUnit must be day, week or month'],
    [['analyze', fixture('cli/orders.csv'), '--strict', '--quiet', '--out', dir], 1, '1 rows rejected (--strict): see rejected.csv'],
    [['analyze', fixture('cli/orders.csv'), '--strict', '--quiet', '--format', 'parquet', '--out', dir], 1, '1 rows rejected (--strict): see rejected.parquet'],
    [['analyze', fixture('cli/orders.csv'), '--format', 'xlsx', '--out', dir], 1, "--format must be csv, json or parquet, not 'xlsx'"],
    [['score', '--params', good, '--months', '0', past], 1, 'months must be at least 1'],
    [['score', '--params', good, '--months', '2.5', past], 1, 'months must be a whole number'],
    [['score', '--params', good, '--period-unit', 'year', past], 1, 'periodUnit must be day, week or month'],
    [['score', '--params', good, past], 1, 'past.csv line 3, column recency (customer b): recency must be from 0 to T'],
  ]) {
    const [js, rs] = [npx(args), rust(args)];
    assert.equal(js.code, code, `${args.join(' ')}: ${js.stderr}`);
    assert.equal(rs.code, code, `${args.join(' ')}: ${rs.stderr}`);
    assert.ok(js.stderr.includes(says), `npx ${args.join(' ')}: ${js.stderr}`);
    if (!args.includes(broken)) assert.equal(js.stderr, rs.stderr, args.join(' '));
  }
  for (const command of [[], ['analyze'], ['fit'], ['score']]) {
    const [js, rs] = [npx([...command, '--help']), rust([...command, '--help'])];
    assert.equal(js.code, 0);
    assert.equal(js.stdout, rs.stdout, `${command} --help`);
    assert.match(js.stdout, /Usage:|Options:/);
  }
});

test('a grouped summary (count): the same fit as ungrouped, scored per row with its count, as the native tool', async () => {
  const dir = await fresh('grouped');
  const r = rust(['analyze', fixture('fixtures/CDNOW_sample.txt'), '--observation-end', '1997-09-30', '--out', dir, '--quiet']);
  assert.equal(r.code, 0, r.stderr);
  const ungrouped = join(dir, 'customers.csv');
  // GROUP BY frequency, recency, T, monetary with COUNT(*), the count first, DuckDB's name.
  const groups = new Map();
  for (const line of (await readFile(ungrouped, 'utf8')).trim().split('\n').slice(1)) {
    const key = line.split(',').slice(1, 5).join(',');
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  const grouped = join(dir, 'grouped.csv');
  await writeFile(grouped, `count_star(),frequency,recency,T,monetary\n${[...groups].map(([k, n]) => `${n},${k}`).join('\n')}\n`);
  const fits = {};
  for (const [name, file] of [['grouped', grouped], ['ungrouped', ungrouped]]) {
    const [js, rs] = [npx(['fit', '--model', 'bg-nbd', file, '--quiet']), rust(['fit', '--model', 'bg-nbd', file, '--quiet'])];
    assert.equal(js.code, 0, js.stderr);
    assert.equal(rs.code, 0, rs.stderr);
    fits[name] = JSON.parse(js.stdout)['bg-nbd'];
    // The wasm's and the native build's ln and exp may differ in the last digits (see above).
    const native = JSON.parse(rs.stdout)['bg-nbd'];
    for (const k of ['r', 'alpha', 'a', 'b']) assert.ok(Math.abs(fits[name].params[k] - native.params[k]) <= 1e-7 * native.params[k], `${name} ${k}`);
  }
  assert.equal(fits.grouped.observations, 2357);
  for (const k of ['r', 'alpha', 'a', 'b']) {
    assert.ok(Math.abs(fits.grouped.params[k] - fits.ungrouped.params[k]) <= 1e-7 * fits.ungrouped.params[k], k);
  }
  const params = join(dir, 'params.json');
  await writeFile(params, JSON.stringify({ 'bg-nbd': { params: fits.ungrouped.params } }));
  const [js, rs] = [npx(['score', '--params', params, grouped]), rust(['score', '--params', params, grouped])];
  const lines = js.stdout.trim().split('\n');
  const native = rs.stdout.trim().split('\n');
  assert.equal(native[0], lines[0]);
  lines.slice(1).forEach((l, i) => {
    const [x, y] = [l.split(','), native[i + 1].split(',')];
    assert.deepEqual(x.slice(0, 2), y.slice(0, 2));
    for (let k = 2; k < x.length; k++) assert.ok(Math.abs(x[k] - y[k]) <= 1e-9 * Math.max(1, Math.abs(y[k])), `row ${i + 1} ${lines[0].split(',')[k]}`);
  });
  assert.equal(lines[0], 'customer_id,count,probability_alive,expected_purchases');
  assert.equal(lines.length, groups.size + 1);
  assert.deepEqual(lines.slice(1).map((l) => Number(l.split(',')[1])), [...groups.values()]);
  const bad = join(dir, 'bad.csv');
  await writeFile(bad, 'frequency,recency,T,count\n1,2,10,3\n0,0,10,2.5\n');
  const [a, b] = [npx(['fit', '--model', 'bg-nbd', bad]), rust(['fit', '--model', 'bg-nbd', bad])];
  assert.equal(a.code, 1);
  assert.equal(a.stderr, b.stderr);
  assert.match(a.stderr, /bad\.csv line 3, column count: '2\.5' is not a count of customers \(a whole number, at least 1\)/);
});

// ---- Parquet: read back by hyparquet, value for value against the CSV files ----------------

// The type each column is written as: physical type, repetition, logical type.
const TEXT = ['BYTE_ARRAY', 'REQUIRED', 'STRING'];
const INT = ['INT64', 'REQUIRED', undefined];
const FLOAT = ['DOUBLE', 'OPTIONAL', undefined];
const DATE = ['INT32', 'REQUIRED', 'DATE'];
const TYPES = {
  customer_id: TEXT, segment: TEXT, tier: TEXT, channel: TEXT, name: TEXT, action: TEXT, month: TEXT, reason: TEXT,
  message: TEXT, text: TEXT, band: ['BYTE_ARRAY', 'OPTIONAL', 'STRING'],
  first_purchase: DATE, last_purchase: DATE,
  frequency: INT, purchases: INT, recency_days: INT, r: INT, f: INT, m: INT, customers: INT, months_since: INT,
  active: INT, line: INT, rank: INT,
  recency: FLOAT, T: FLOAT, monetary: FLOAT, total: FLOAT, customer_share: FLOAT, revenue: FLOAT, revenue_share: FLOAT,
  retention: FLOAT, clv: FLOAT, spend: FLOAT, cac: FLOAT, ratio: FLOAT,
};

/**
 * A Parquet file, read by hyparquet, against the CSV file of the same table: the same columns
 * in the same order, the types above, text and dates equal, whole numbers equal, floats equal
 * (the CSV's shortest digits read back as the float written), null exactly where the CSV cell
 * is empty (but for text). Returns the rows read.
 */
async function parquetEqualsCsv(parquetFile, csvFile) {
  const bytes = await readFile(parquetFile);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const meta = parquetMetadata(file);
  const expected = parseCsv(await readFile(csvFile, 'utf8'));
  const schema = meta.schema.slice(1);
  assert.deepEqual(schema.map((s) => s.name), expected[0], `${parquetFile}: the columns`);
  for (const s of schema) {
    assert.deepEqual([s.type, s.repetition_type, s.logical_type?.type], TYPES[s.name], `${parquetFile}: ${s.name}`);
  }
  assert.equal(Number(meta.num_rows), expected.length - 1, parquetFile);
  const rows = await parquetReadObjects({ file });
  assert.equal(rows.length, expected.length - 1, parquetFile);
  rows.forEach((row, i) => {
    for (const [k, s] of schema.entries()) {
      const [cell, value] = [expected[i + 1][k], row[s.name]];
      const at = `${parquetFile} row ${i + 1} (${expected[i + 1][0]}) ${s.name}`;
      if (value === null) {
        assert.equal(cell, '', `${at}: null in Parquet`);
        continue;
      }
      if (s.type === 'INT64') assert.equal(String(value), cell, at);
      else if (s.type === 'DOUBLE') assert.ok(cell !== '' && Object.is(Number(cell) + 0, value + 0), `${at}: ${value} vs '${cell}'`);
      else if (s.type === 'INT32') assert.equal(value.toISOString().slice(0, 10), cell, at);
      else assert.equal(value, cell, at);
    }
  });
  return rows;
}

test('analyze --format parquet: hyparquet reads what the CSV says, and the native tool writes the same bytes', async () => {
  const cases = [
    ['sample', [fixture('fixtures/CDNOW_sample.txt'), '--observation-end', '1997-09-30'],
      ['customers', 'segments', 'tiers', 'cohorts', 'rejected']],
    ['edge', [fixture('cli/edge.csv'), '--acquisition-cost', 'cost', '--observation-end', '2024-03-31'],
      ['customers', 'segments', 'tiers', 'cohorts', 'rejected', 'channels']],
  ];
  const read = {};
  for (const [name, args, tables] of cases) {
    const pq = await both(`pq-${name}`, ['analyze', ...args, '--out', '@OUT', '--quiet', '--format', 'parquet']);
    const csv = await fresh(`pq-${name}-csv`);
    const r = npx(['analyze', ...args, '--out', csv, '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await readdir(pq.a)).sort(), tables.map((t) => `${t}.parquet`).sort());
    for (const t of tables) {
      const [js, rs] = [await readFile(join(pq.a, `${t}.parquet`)), await readFile(join(pq.b, `${t}.parquet`))];
      assert.ok(js.equals(rs), `${name} ${t}.parquet: npx and native differ`);
      read[`${name}/${t}`] = await parquetEqualsCsv(join(pq.a, `${t}.parquet`), join(csv, `${t}.csv`));
    }
  }
  assert.equal(read['sample/customers'].length, 2357);
  assert.equal(read['sample/rejected'].length, 0); // a file of no rows
  assert.deepEqual(read['edge/customers'].map((c) => [c.customer_id, c.channel, c.total, c.first_purchase.toISOString().slice(0, 10)]), [
    ['Müller, Jürgen', 'Suche, bezahlt', 25, '2024-01-03'],
    ['say "hi"', 'Newsletter 📧', 100, '2024-01-20'],
    ['Zoë 🎉', 'Newsletter 📧', 7.3, '2024-02-01'],
    ['Øre;Straße', 'Empfehlung', 42, '2024-03-01'],
  ]);
  // A spend only where the file has costs: null elsewhere (empty in the CSV).
  assert.deepEqual(read['edge/channels'].map((c) => [c.channel, c.spend, c.band]),
    [['Suche, bezahlt', 12.5, 'below-target'], ['Newsletter 📧', null, null], ['Empfehlung', null, null]]);
});

test('analyze --format parquet past a row group: two row groups, read whole by hyparquet, the native bytes', async () => {
  // 2^20 + 7 customers, one purchase each (the Rust test's file).
  const dir = await fresh('pq-row-groups');
  const file = join(dir, 'transactions.csv');
  const n = 2 ** 20 + 7;
  const lines = ['customer,date,amount'];
  const id = (i) => `c${String(i).padStart(7, '0')}`;
  const day = (i) => `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
  for (let i = 0; i < n; i++) lines.push(`${id(i)},${day(i)},${(1 + (i % 1000) / 100).toFixed(2)}`);
  await writeFile(file, `${lines.join('\n')}\n`);
  const pq = await both('pq-row-groups', ['analyze', file, '--out', '@OUT', '--quiet', '--format', 'parquet']);
  const [js, rs] = [await readFile(join(pq.a, 'customers.parquet')), await readFile(join(pq.b, 'customers.parquet'))];
  assert.ok(js.equals(rs), 'npx and native differ');
  const buffer = js.buffer.slice(js.byteOffset, js.byteOffset + js.byteLength);
  const meta = parquetMetadata(buffer);
  assert.deepEqual(meta.row_groups.map((g) => Number(g.num_rows)), [2 ** 20, 7]);
  const rows = await parquetReadObjects({ file: buffer, columns: ['customer_id', 'total', 'first_purchase', 'frequency'] });
  assert.equal(rows.length, n);
  // The customers are numbered in order of appearance: customer i is row i.
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (r.customer_id !== id(i) || r.total !== Number((1 + (i % 1000) / 100).toFixed(2))
      || r.first_purchase.toISOString().slice(0, 10) !== day(i) || r.frequency !== 0n) {
      assert.fail(`row ${i}: ${JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`);
    }
  }
});

test('fit and score read a Parquet summary in npx kundenwert, the same as its CSV; the native tool says it reads CSV', async () => {
  const dir = await fresh('summary-parquet');
  for (const format of ['csv', 'parquet']) {
    const r = npx(['analyze', fixture('fixtures/CDNOW_sample.txt'), '--out', dir, '--quiet', '--observation-end', '1997-09-30', '--format', format]);
    assert.equal(r.code, 0, r.stderr);
  }
  const [csvFile, parquetFile] = [join(dir, 'customers.csv'), join(dir, 'customers.parquet')];
  const params = { csv: join(dir, 'from-csv.json'), parquet: join(dir, 'from-parquet.json') };
  for (const [file, out] of [[csvFile, params.csv], [parquetFile, params.parquet]]) {
    const r = npx(['fit', '--model', 'bg-nbd,gamma-gamma', file, '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^bg-nbd: r = 0\.2426 ± 0\.0126, alpha = 4\.4136 ± 0\.3782, a = 0\.7929 ± 0\.1857, b = 2\.4259 ± 0\.7054; log-likelihood -9582\.43; 2357 customers\n/);
  }
  // The CSV holds each double's shortest exact text, so both files give the same numbers.
  assert.deepEqual(JSON.parse(await readFile(params.parquet, 'utf8')), JSON.parse(await readFile(params.csv, 'utf8')));
  const scores = [csvFile, parquetFile].map((file) => npx(['score', '--params', params.csv, file]));
  for (const s of scores) assert.equal(s.code, 0, s.stderr);
  assert.equal(scores[1].stdout, scores[0].stdout);
  const row = scores[1].stdout.split('\n').find((l) => l.startsWith('00004,'));
  assert.ok(Math.abs(Number(row.split(',')[1]) - 0.7266203118807435) < 1e-7, row);

  // A Parquet table that is not a summary: the missing column named, exit 1.
  const segments = npx(['fit', '--model', 'bg-nbd', join(dir, 'segments.parquet')]);
  assert.equal(segments.code, 1);
  assert.match(segments.stderr, /segments\.parquet: the summary has no column "frequency"/);
  // The native build reads CSV summaries, and says so rather than misreading the bytes.
  const rs = rust(['fit', '--model', 'bg-nbd', parquetFile]);
  assert.equal(rs.code, 1);
  assert.match(rs.stderr, /customers\.parquet is a Parquet file: this build of kundenwert reads summaries as CSV; `npx kundenwert` reads Parquet and Arrow IPC too/);
});
