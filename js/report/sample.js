// A realistic sample export to try the report with: a German online shop's orders over two
// years (order number, customer number, order date, amount, channel), semicolon-separated with
// dates as 31.12.2024 and a decimal comma, as German shop systems export. Seeded, so every
// visitor sees the same file; customers buy in the spirit of the BG/NBD story (each at their
// own rate until they drop out, spending around their own average), and the channels differ
// in how many customers they bring and how much those are worth.

/** A seeded generator (mulberry32). */
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

/** Gamma(shape k, scale θ) by Marsaglia and Tsang. */
function gamma(u, k, theta) {
  if (k < 1) return gamma(u, k + 1, theta) * u() ** (1 / k);
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x;
    let v;
    do {
      x = Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = u();
    if (w < 1 - 0.0331 * x ** 4 || Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * theta;
  }
}

/**
 * The channels of the sample: their share of new customers, how often their customers buy and
 * how much (relative to the average), and a plausible spend over the two years in euros.
 */
export const SAMPLE_CHANNELS = [
  { channel: 'Google Ads', share: 0.3, rate: 0.8, value: 0.9, spend: 32000 },
  { channel: 'Suchmaschine (SEO)', share: 0.22, rate: 1, value: 1, spend: 6000 },
  { channel: 'Newsletter', share: 0.14, rate: 1.4, value: 1.1, spend: 2500 },
  { channel: 'Instagram', share: 0.16, rate: 0.6, value: 0.8, spend: 16000 },
  { channel: 'Empfehlung', share: 0.1, rate: 1.3, value: 1.3, spend: 1500 },
  { channel: 'Fachhändler', share: 0.08, rate: 1.1, value: 1.6, spend: 4000 },
];

/** The sample's spend per channel, as the report's channel table takes it. */
export const sampleChannelCosts = () => SAMPLE_CHANNELS.map(({ channel, spend }) => ({ channel, spend }));

const START = Date.UTC(2023, 0, 1) / 86400000;
const DAYS = 731; // 2023-01-01 to 2024-12-31

/**
 * The sample export as text: about `rows` orders (default 3,000) from 2023-01-01 to
 * 2024-12-31, header `Bestellnummer;Kundennummer;Bestelldatum;Betrag;Kanal`.
 */
export function sampleExport({ rows = 3000, seed = 2024 } = {}) {
  const u = random(seed);
  const orders = [];
  for (let c = 0; orders.length < rows; c++) {
    let pick = u();
    const ch = SAMPLE_CHANNELS.findIndex((x) => (pick -= x.share) < 0);
    const channel = SAMPLE_CHANNELS[ch < 0 ? 0 : ch];
    const rate = gamma(u, 1.5, 1 / 60) * channel.rate; // purchases per day: one every 40 days on average
    const dropout = 0.05 + 0.25 * u(); // the chance of leaving after each purchase
    const mean = gamma(u, 3, 22) * channel.value; // the customer's own average order: about 66 €
    let t = Math.floor(u() * 640);
    do {
      orders.push({ customer: 10001 + c, day: t, amount: Math.max(4.9, gamma(u, 5, mean / 5)), channel: channel.channel });
      t += Math.ceil(-Math.log(1 - u()) / rate);
    } while (t < DAYS && u() > dropout && orders.length < rows);
  }
  orders.sort((a, b) => a.day - b.day || a.customer - b.customer);
  const lines = ['Bestellnummer;Kundennummer;Bestelldatum;Betrag;Kanal'];
  orders.forEach((o, i) => {
    const [y, m, d] = new Date((START + o.day) * 86400000).toISOString().slice(0, 10).split('-');
    lines.push(`B-${240001 + i};K-${o.customer};${d}.${m}.${y};${o.amount.toFixed(2).replace('.', ',')};${o.channel}`);
  });
  return `${lines.join('\r\n')}\r\n`;
}
