// The report as tables for a workbook: the summary, the per-customer scores, the segments, the
// channels, the cohorts and one call list per segment. Plain data (see table.js); xlsx.js
// writes it. Values are the result's, unrounded; only the writers round.
import { summarize } from './summary.js';
import { customerTable } from './table.js';
import { formatMonth, segmentAction, segmentName } from './text.js';

const WORDS = {
  de: {
    summary: 'Zusammenfassung', customers: 'Kunden', segments: 'Segmente', channels: 'Kanäle', cohorts: 'Kohorten',
    finding: 'Ergebnis', next: 'Nächster Schritt',
    segment: 'Segment', count: 'Kunden', customerShare: 'Anteil Kunden', revenue: 'Umsatz', revenueShare: 'Anteil Umsatz', action: 'Nächste beste Aktion',
    channel: 'Kanal', clv: 'CLV (historisch)', spend: 'Ausgaben', cac: 'CAC', ratio: 'LTV:CAC', band: 'Bewertung',
    bands: { losing: 'Verlust', 'below-target': 'unter Ziel', healthy: 'gesund', 'under-investing': 'sehr gut' },
    cohort: 'Erstkauf', month: (k) => `Monat ${k}`,
  },
  en: {
    summary: 'Summary', customers: 'Customers', segments: 'Segments', channels: 'Channels', cohorts: 'Cohorts',
    finding: 'Finding', next: 'Next step',
    segment: 'Segment', count: 'Customers', customerShare: 'Share of customers', revenue: 'Revenue', revenueShare: 'Share of revenue', action: 'Next best action',
    channel: 'Channel', clv: 'CLV (historical)', spend: 'Spend', cac: 'CAC', ratio: 'LTV:CAC', band: 'Rating',
    bands: { losing: 'losing', 'below-target': 'below target', healthy: 'healthy', 'under-investing': 'very good' },
    cohort: 'First purchase', month: (k) => `Month ${k}`,
  },
};

/** The segments by share of revenue, as the report shows them. */
export const segmentOrder = (result) => [...result.segments].sort((a, b) => b.revenueShare - a.revenueShare || b.customers - a.customers);

/**
 * The report's sheets: `[{ name, columns, rows }]`. `f` is a formatter set of
 * elements/format.js (its language and locale choose the words).
 */
export function reportSheets(result, f) {
  const lang = f.lang === 'de' ? 'de' : 'en';
  const w = WORDS[lang];
  const col = (head, type) => ({ head, type });
  const sheets = [];
  sheets.push({
    name: w.summary,
    columns: [col(w.finding, 'text'), col(w.next, 'text')],
    rows: summarize(result, f).map((x) => [x.text.replace(/[\u00a0\u202f]/g, ' '), x.action]),
  });
  sheets.push({ name: w.customers, ...customerTable(result, { lang }) });
  const segments = segmentOrder(result);
  sheets.push({
    name: w.segments,
    columns: [col(w.segment, 'text'), col(w.count, 'int'), col(w.customerShare, 'share'), col(w.revenue, 'money'), col(w.revenueShare, 'share'), col(w.action, 'text')],
    rows: segments.map((s) => [segmentName(s, lang), s.customers, s.customerShare, s.revenue, s.revenueShare, segmentAction(s, lang)]),
  });
  if (result.channels.length) {
    sheets.push({
      name: w.channels,
      columns: [col(w.channel, 'text'), col(w.count, 'int'), col(w.revenue, 'money'), col(w.clv, 'money'), col(w.spend, 'money'), col(w.cac, 'money'), col(w.ratio, 'number'), col(w.band, 'text')],
      rows: result.channels.map((c) => [c.channel, c.customers, c.revenue, c.clv, c.spend, c.cac, c.ratio, c.band ? w.bands[c.band] : null]),
    });
  }
  const width = result.cohorts.reduce((m, c) => Math.max(m, c.retention.length), 0);
  sheets.push({
    name: w.cohorts,
    columns: [col(w.cohort, 'text'), col(w.count, 'int'), ...Array.from({ length: width }, (_, k) => col(w.month(k), 'share'))],
    rows: result.cohorts.map((c) => [formatMonth(c.month, f.locale), c.customers, ...Array.from({ length: width }, (_, k) => (k < c.retention.length ? c.retention[k] : null))]),
  });
  for (const s of segments.filter((x) => x.customers > 0)) {
    sheets.push({ name: segmentName(s, lang), ...customerTable(result, { lang, segment: s.segment }) });
  }
  return sheets;
}
