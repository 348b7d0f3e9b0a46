// A file read in two parts (as two workers read a large file in the browser) gives exactly what
// it gives read whole: every cut after a line end of random files (inside quoted fields too),
// with CRLF, a byte-order mark, Windows-1252, bad rows, refunds and rows out of day order,
// channels, order ids and an observation end. Through the package's own analysis core and
// wasm, the part read in-process (the workers only carry its bytes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageDir } from './package.mjs';

const analysisEntry = createRequire(`${packageDir}/`).resolve('kundenwert/analysis');
const { analyzeTransactions } = await import(pathToFileURL(analysisEntry).href);
const { analyze, analyzePart } = await import(pathToFileURL(join(dirname(analysisEntry), 'analysis-core.js')).href);
await analyzeTransactions('customer,date,amount\na,2024-01-01,1\n'); // loads the wasm

/** A small seeded generator (mulberry32), so every run draws the same files. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function file(rand) {
  const pick = (n) => Math.floor(rand() * n);
  const crlf = rand() < 0.5;
  const latin1 = rand() < 0.3;
  const bytes = [];
  const text = (s) => { for (const c of s) bytes.push(c.charCodeAt(0)); };
  if (!latin1 && rand() < 0.3) bytes.push(0xef, 0xbb, 0xbf);
  text('customer;date;amount;channel;order');
  const rows = 20 + pick(120);
  for (let i = 0; i < rows; i++) {
    text(crlf ? '\r\n' : '\n');
    const c = pick(15);
    const day = 1 + pick(28);
    const month = 1 + (rand() < 0.7 ? Math.floor((i / rows) * 6) : pick(6)); // mostly in date order
    const date = `2024-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const amount = `${rand() < 0.15 ? '-' : ''}${pick(300)},${String(pick(100)).padStart(2, '0')}`;
    const kind = pick(14);
    if (kind === 0) continue; // an empty line
    if (kind === 1) text(`"K${c}\n""${c}""";${date};${amount};web;O${pick(5)}`); // a quoted id over two lines
    else if (kind === 2) text(`K${c};31.02.;${amount};web;O1`); // a bad date
    else if (kind === 3) text(`K${c};${date}`); // missing columns
    else if (kind === 4) text(`K${c};${date};${amount};"Kanal${crlf ? '\r\n' : '\n'}${c % 3}";O${pick(5)}`);
    else {
      text(`K${c}`);
      if (latin1 && c % 4 === 0) bytes.push(0xfc); // ü in Windows-1252
      text(`;${date};${amount};${['web', 'shop', ''][c % 3]};O${pick(5)}`);
    }
  }
  text(crlf ? '\r\n' : '\n');
  return new Uint8Array(bytes);
}

const options = (rand) => (rand() < 0.5 ? { periodUnit: 'day' } : { observationEnd: '2024-05-15', refunds: rand() < 0.5 ? 'exclude' : 'net' });

async function inParts(bytes, at, opts) {
  let parts = 0;
  const result = await analyze(bytes, opts, { split: { at, part: async () => (parts++, analyzePart(bytes, at, opts)) } });
  assert.equal(parts, 1);
  return result;
}

test('every cut after a line end gives the result of the file read whole (300 seeded files)', async () => {
  const rand = random(0x6b756e64);
  let cuts = 0;
  for (let n = 0; n < 300; n++) {
    const bytes = file(rand);
    const opts = options(rand);
    const whole = await analyze(bytes, opts);
    const ends = [];
    for (let i = 1; i < bytes.length; i++) if (bytes[i - 1] === 10) ends.push(i);
    // Every cut in the first files, a few random ones in the rest.
    const chosen = n < 10 ? ends : Array.from({ length: 4 }, () => ends[Math.floor(rand() * ends.length)]);
    for (const at of chosen) {
      assert.deepEqual(await inParts(bytes, at, opts), whole, `file ${n}, cut at ${at}`);
      cuts++;
    }
  }
  assert.ok(cuts > 1500);
});

test('a cut inside a quoted field is read on, not merged; the rows and their lines are the same', async () => {
  const bytes = new TextEncoder().encode('customer,date,amount\n"a\nb",2024-01-01,10\nc,2024-01-02,5\nc,2024-01-02,x\n');
  const whole = await analyze(bytes, {});
  assert.deepEqual(whole.rejected.rows.map((r) => r.line), [5]);
  assert.deepEqual(await inParts(bytes, bytes.indexOf(10) + 3, {}), whole);
  assert.deepEqual(whole.customers.id, ['a\nb', 'c']);
});

test('a UTF-16 file is not cut: the first part reads it all', async () => {
  const text = 'customer\tdate\tamount\nMüller\t2024-01-01\t10\nMaier\t2024-01-03\t5\nMüller\t2024-02-01\t7\n';
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) bytes[2 + 2 * i] = text.charCodeAt(i) & 0xff;
  const at = 2 + 2 * (text.indexOf('\n') + 1);
  assert.equal(await analyzePart(bytes, at, {}), null);
  const whole = await analyze(bytes, {});
  assert.deepEqual(whole.customers.id, ['Müller', 'Maier']);
  assert.deepEqual(await inParts(bytes, at, {}), whole);
});
