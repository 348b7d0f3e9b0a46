// Writes a synthetic transaction export of any size with realistic repeat-purchase behaviour,
// in the spirit of the BG/NBD story: each customer buys at their own Poisson rate (gamma
// distributed across customers) until they drop out after some purchase (beta-distributed
// probability), spending around their own average (gamma across customers, gamma around it).
//   node benches/generate.mjs <rows> <file> [--channels] [--seed N]
// Rows come sorted by date, as exports usually are: `customer_id,date,amount[,channel]`.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/** A seeded generator (mulberry32), so every run writes the same file. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(u) {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** Gamma(shape k, scale θ) by Marsaglia and Tsang. */
function gamma(u, k, theta) {
  if (k < 1) return gamma(u, k + 1, theta) * u() ** (1 / k);
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x;
    let v;
    do {
      x = normal(u);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = u();
    if (w < 1 - 0.0331 * x ** 4 || Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * theta;
  }
}

function beta(u, a, b) {
  const x = gamma(u, a, 1);
  return x / (x + gamma(u, b, 1));
}

const CHANNELS = ['seo', 'ads', 'social', 'referral', 'email', 'events'];
const START = Date.UTC(2023, 0, 1) / 86400000;
const DAYS = 730; // two years: customers arrive in the first, everyone is observed to the end

export async function generate(rows, file, { channels = false, seed = 42 } = {}) {
  const u = random(seed);
  // Typed columns and a counting sort by day (stable, so customers stay ascending within a
  // day): 15 bytes a row, so that 100M rows fit in memory.
  const customer = new Uint32Array(rows);
  const day = new Uint16Array(rows);
  const amount = new Float64Array(rows);
  const channel = new Uint8Array(rows);
  let n = 0;
  let customers = 0;
  for (let c = 0; n < rows; c++) {
    const rate = gamma(u, 2, 1 / 20); // purchases per day: one every 10 days on average
    const dropout = beta(u, 2, 18); // chance of leaving after each purchase: 10 %
    const mean = gamma(u, 4, 12); // the customer's own average order: 48 on average
    const ch = Math.floor(u() * u() * CHANNELS.length);
    let t = Math.floor(u() * 365);
    customers++;
    do {
      customer[n] = c;
      day[n] = t;
      amount[n] = Math.max(0.5, gamma(u, 6, mean / 6));
      channel[n] = ch;
      n++;
      t += Math.ceil(-Math.log(1 - u()) / rate);
    } while (t < DAYS && u() > dropout && n < rows);
  }
  const start = new Uint32Array(DAYS + 1);
  for (let i = 0; i < n; i++) start[day[i] + 1]++;
  for (let d = 0; d < DAYS; d++) start[d + 1] += start[d];
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[start[day[i]]++] = i;
  const dates = Array.from({ length: DAYS }, (_, d) => new Date((START + d) * 86400000).toISOString().slice(0, 10));
  await mkdir(dirname(file), { recursive: true });
  const out = createWriteStream(file);
  out.write(channels ? 'customer_id,date,amount,channel\n' : 'customer_id,date,amount\n');
  let buf = '';
  for (const i of order) {
    buf += `C${String(customer[i]).padStart(6, '0')},${dates[day[i]]},${amount[i].toFixed(2)}${channels ? `,${CHANNELS[channel[i]]}` : ''}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise((r) => out.once('drain', r));
      buf = '';
    }
  }
  out.write(buf);
  await new Promise((resolve, reject) => out.end((e) => (e ? reject(e) : resolve())));
  return { rows: n, customers };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [rows, file] = process.argv.slice(2);
  const seedAt = process.argv.indexOf('--seed');
  const result = await generate(Number(rows), file, {
    channels: process.argv.includes('--channels'),
    seed: seedAt > 0 ? Number(process.argv[seedAt + 1]) : 42,
  });
  console.log(`${file}: ${result.rows} transactions of ${result.customers} customers`);
}
