// `kundenwert analyze` at scale: generated files of 10M, 30M and 100M rows (benches/generate.mjs)
// through the native command line, beside DuckDB (Python, the summary + RFM query of
// benches/peers/rfm.sql) on the same file, interleaved round by round. Wall time and peak
// resident memory of each process (from /usr/bin/time), and checksums of the per-customer
// results (customers, repeat purchases, RFM score sums), which must agree.
//   node benches/scale.mjs [ROWS ...] [--rounds N] [--dir DIR]
// ROWS default to 10000000 30000000 100000000; the files go to DIR (default $KW_BIG or
// /tmp/kundenwert-scale; 100M rows are 2.5 GB and take some 10 minutes to write), never into
// the repository. Builds the native tool first (cargo build --release); needs Python 3.
import { existsSync, mkdtempSync, rmSync, createReadStream } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { loadavg, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';
import { venv, peerEnv } from './rfm.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const option = (name, otherwise) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : otherwise;
};
const rounds = Number(option('--rounds', 1));
const dir = option('--dir', process.env.KW_BIG || `${tmpdir()}/kundenwert-scale`);
const sizes = (args.length ? args : ['10000000', '30000000', '100000000']).map(Number);
const bin = `${root}target/release/kundenwert`;
// Always build: a binary older than the code would give another version's figures.
if (spawnSync('cargo', ['build', '--release', '--quiet', '--bin', 'kundenwert'], { cwd: root, stdio: 'inherit' }).status !== 0 || !existsSync(bin)) {
  throw new Error('bench scale: cargo build --release failed');
}
const python = venv(root);

/** Sums over customers.csv: customers, repeat purchases, r, f, m. */
async function checksum(file) {
  const lines = createInterface({ input: createReadStream(file) });
  let head;
  const s = { customers: 0, frequency: 0, r: 0, f: 0, m: 0 };
  for await (const line of lines) {
    const cells = line.split(',');
    if (!head) {
      head = Object.fromEntries(cells.map((c, i) => [c, i]));
      continue;
    }
    s.customers++;
    s.frequency += Number(cells[head.frequency]);
    s.r += Number(cells[head.r]);
    s.f += Number(cells[head.f]);
    s.m += Number(cells[head.m]);
  }
  return `customers ${s.customers} frequency ${s.frequency} r ${s.r} f ${s.f} m ${s.m}`;
}

async function kundenwert(file) {
  const out = mkdtempSync(`${tmpdir()}/kundenwert-scale-out-`);
  try {
    const p = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M', bin, 'analyze', file, '--out', out, '--quiet'], {
      encoding: 'utf8',
    });
    if (p.status !== 0) throw new Error(`bench scale: kundenwert analyze failed: ${p.stderr}`);
    const [, seconds, kb] = /TIME ([\d.]+) (\d+)/.exec(p.stderr);
    return { seconds: Number(seconds), peakMb: Number(kb) / 1024, checksum: await checksum(`${out}/customers.csv`) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function duckdb(file) {
  const p = spawnSync('/usr/bin/time', ['-f', 'TIME %e %M', python, `${root}benches/peers/rfm.py`, 'duckdb', file], {
    encoding: 'utf8',
    env: peerEnv(),
  });
  if (p.status !== 0) throw new Error(`bench scale: duckdb failed: ${p.stderr}`);
  const [, seconds, kb] = /TIME ([\d.]+) (\d+)/.exec(p.stderr);
  const [head, check] = p.stdout.trim().split('\n').slice(-2);
  const name = head.split(':')[0];
  const c = /frequency (\d+) .* r (\d+) f (\d+) m (\d+)/.exec(check);
  const customers = /(\d+) customers/.exec(head)[1];
  return {
    name,
    seconds: Number(seconds),
    peakMb: Number(kb) / 1024,
    checksum: `customers ${customers} frequency ${c[1]} r ${c[2]} f ${c[3]} m ${c[4]}`,
  };
}

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (v, d = 1) => (v.length > 1 ? `${median(v).toFixed(d)} (${Math.min(...v).toFixed(d)}–${Math.max(...v).toFixed(d)})` : v[0].toFixed(d));

console.log(`bench scale: ${new Date().toISOString()}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}, ${rounds} round(s)`);
const rows = [];
for (const n of sizes) {
  const file = `${dir}/transactions-${n}.csv`;
  if (!existsSync(file)) {
    console.log(`bench scale: writing ${file}`);
    await generate(n, file);
  }
  const k = [];
  const d = [];
  let peer = 'duckdb';
  for (let r = 0; r < rounds; r++) {
    const [a, b] = r % 2 ? [duckdb, kundenwert] : [kundenwert, duckdb];
    const first = await a(file);
    const second = await b(file);
    const [kw, dk] = r % 2 ? [second, first] : [first, second];
    if (kw.checksum !== dk.checksum) throw new Error(`bench scale: checksums differ at ${n} rows:\n  kundenwert ${kw.checksum}\n  ${dk.name} ${dk.checksum}`);
    peer = dk.name;
    k.push(kw);
    d.push(dk);
    console.log(`  ${n} rows, round ${r + 1}: kundenwert ${kw.seconds.toFixed(1)} s ${kw.peakMb.toFixed(0)} MB, ${dk.name} ${dk.seconds.toFixed(1)} s ${dk.peakMb.toFixed(0)} MB (${kw.checksum}), load ${loadavg()[0].toFixed(1)}`);
  }
  rows.push({ n, peer, k, d });
}
console.log('\n| rows | kundenwert analyze, s | peak MB | DuckDB (Python), s | peak MB | time ÷ DuckDB |');
console.log('|---|---|---|---|---|---|');
for (const { n, k, d } of rows) {
  const ratio = k.map((x, i) => x.seconds / d[i].seconds);
  console.log(`| ${(n / 1e6).toFixed(0)}M | ${fmt(k.map((x) => x.seconds))} | ${fmt(k.map((x) => x.peakMb), 0)} | ${fmt(d.map((x) => x.seconds))} | ${fmt(d.map((x) => x.peakMb), 0)} | ${fmt(ratio, 2)} |`);
}
