// The per-customer table behind every download (CSV, call lists, the workbook): one column
// list with a type per column and one row per customer, with values as the core computed them.
// Writers only format; they never compute.
import { dayToDate } from '../analysis/dates.js';
import { headers, segmentAction, segmentName } from './text.js';

/**
 * Column types: `text` (written as text, defused against formulas), `int`, `number` (a
 * measured value, rounded to `digits`), `money` (cents), `share` (0..1) and `date` (YYYY-MM-DD).
 */
const COLUMNS = [
  ['customer', 'text'], ['segment', 'text'], ['action', 'text'], ['tier', 'text'], ['channel', 'text'],
  ['total', 'money'], ['purchases', 'int'], ['frequency', 'int'], ['firstPurchase', 'date'], ['lastPurchase', 'date'],
  ['recencyDays', 'int'], ['recency', 'number'], ['T', 'number'], ['monetary', 'money'], ['r', 'int'], ['f', 'int'], ['m', 'int'],
  ['probabilityAlive', 'share'], ['expectedPurchases', 'number'], ['expectedSpend', 'money'], ['clv', 'money'],
];

/**
 * The per-customer table of an analysis in the language ('de' or 'en'). `segment` (a segment
 * key such as `at-risk`) keeps only that segment's customers, most valuable first: the call
 * list for a campaign. Returns `{ columns: [{ key, head, type }], rows: [[value, ...]] }`.
 */
export function customerTable(result, { lang = 'en', segment } = {}) {
  const c = result.customers;
  const p = result.models?.customers;
  const months = result.models?.months ?? 12;
  const has = {
    channel: c.channel.length > 0,
    probabilityAlive: (p?.probabilityAlive.length ?? 0) > 0,
    expectedPurchases: (p?.expectedPurchases.length ?? 0) > 0,
    expectedSpend: (p?.expectedSpend.length ?? 0) > 0,
    clv: (p?.clv.length ?? 0) > 0,
  };
  const head = headers(lang, result.periodUnit, months);
  const columns = COLUMNS.filter(([key]) => has[key] ?? true).map(([key, type]) => ({ key, head: head[key], type }));
  const names = result.segments.map((s) => segmentName(s, lang));
  const actions = result.segments.map((s) => segmentAction(s, lang));
  const value = {
    customer: (i) => c.id[i],
    segment: (i) => names[c.segment[i]],
    action: (i) => actions[c.segment[i]],
    tier: (i) => 'ABC'[c.tier[i]],
    channel: (i) => result.channelNames[c.channel[i]],
    total: (i) => c.total[i],
    purchases: (i) => c.purchases[i],
    frequency: (i) => c.frequency[i],
    firstPurchase: (i) => dayToDate(c.firstDay[i]),
    lastPurchase: (i) => dayToDate(c.lastDay[i]),
    recencyDays: (i) => c.recencyDays[i],
    recency: (i) => c.recency[i],
    T: (i) => c.T[i],
    monetary: (i) => c.monetary[i],
    r: (i) => c.r[i],
    f: (i) => c.f[i],
    m: (i) => c.m[i],
    probabilityAlive: (i) => p.probabilityAlive[i],
    expectedPurchases: (i) => p.expectedPurchases[i],
    expectedSpend: (i) => p.expectedSpend[i],
    clv: (i) => p.clv[i],
  };
  let order = Array.from({ length: c.count }, (_, i) => i);
  if (segment !== undefined) {
    const index = result.segments.findIndex((s) => s.segment === segment);
    order = order.filter((i) => c.segment[i] === index);
    const worth = has.clv ? p.clv : c.total;
    order.sort((a, b) => worth[b] - worth[a] || c.total[b] - c.total[a]);
  }
  const getters = columns.map((col) => value[col.key]);
  const rows = order.map((i) => getters.map((get) => get(i)));
  return { columns, rows };
}

/** A file name for a download: `kundenwerte.csv`, `anrufliste-gefaehrdet.csv`, in the language. */
export function fileName(lang, kind, segment, ext) {
  const base = { de: { scores: 'kundenwerte', list: 'kundenliste', report: 'kundenbericht' }, en: { scores: 'customer-scores', list: 'customer-list', report: 'customer-report' } }[lang][kind];
  return `${base}${segment ? `-${segment}` : ''}.${ext}`;
}
