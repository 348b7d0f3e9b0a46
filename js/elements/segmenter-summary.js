// <customer-segmenter> with a per-customer summary instead of transactions (a CSV, Parquet or
// Arrow IPC file with frequency, recency and T, as sql/*.sql or `kundenwert analyze` write
// it; or grouped, one row per history with a count): the forecast (the models fitted in this
// thread: P(alive), expected purchases, expected value per purchase and CLV per customer)
// and, where the summary has the columns, value tiers (total) and RFM segments (recency_days,
// purchases, total). Cohorts and channels need the transactions: the report says so.
import { formatOf, readSummary, SUMMARY_COLUMNS } from '../summary/read.js';
import { summarySegments } from '../summary/segments.js';
import { SEGMENTS_DE } from '../report/text.js';
import { detailsHtml } from '../report/view.js';
import { bars } from './chart.js';

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

const TEXT = {
  de: {
    detected: (name, columns) => `Kundenübersicht erkannt in „${name}“: ${columns}`,
    kind: 'Die Datei enthält je Kunde eine Zeile mit seiner Kaufhistorie (Wiederholungskäufe, erster bis letzter Kauf, Kunde seit), keine einzelnen Käufe.',
    kindGrouped: 'Die Datei enthält je Kaufhistorie eine Zeile mit der Zahl der Kunden, die sie teilen (Spalte „count“), keine einzelnen Käufe.',
    unit: 'Zeiteinheit der Spalten „recency“ und „T“',
    computing: 'Wird berechnet …',
    summary: (customers, rows, name) => (customers === rows
      ? `${customers} Kunden aus der Kundenübersicht „${name}“.`
      : `${customers} Kunden in ${rows} Kaufhistorien aus der Kundenübersicht „${name}“.`),
    note: 'Kohorten und Akquisitionskanäle lassen sich aus einer Kundenübersicht nicht berechnen, denn dafür braucht es die einzelnen Transaktionen. Ziehen Sie für diese Auswertungen die Transaktionsdatei hierher.',
    noTiers: 'Für Wertklassen (ABC) fehlt je Kunde der Umsatz (Spalte „total“).',
    noSegments: 'Für RFM-Segmente fehlen je Kunde die Tage seit dem letzten Kauf, die Zahl der Käufe und der Umsatz (Spalten „recency_days“, „purchases“, „total“).',
    grouped: 'Wertklassen und RFM-Segmente brauchen eine Zeile je Kunde; eine gruppierte Übersicht hat sie nicht.',
    noSpend: 'Ohne die Spalte „monetary“ (durchschnittlicher Wert der Wiederholungskäufe) gibt es keinen Kundenwert, nur die erwarteten Käufe.',
    forecastPurchases: (purchases, alive) => `Erwartet werden ${purchases} Käufe; ${alive} der Kunden sind wahrscheinlich noch aktiv.`,
    segmentsTitle: 'Segmente (RFM) und nächste beste Aktion',
    segment: 'Segment', customers: 'Kunden', revenueShare: 'Anteil Umsatz', action: 'Nächste beste Aktion',
    row: (i) => `Zeile ${i}`,
  },
  en: {
    detected: (name, columns) => `Customer summary detected in “${name}”: ${columns}`,
    kind: 'The file has one row per customer with their purchase history (repeat purchases, first to last purchase, customer for), not the single purchases.',
    kindGrouped: 'The file has one row per purchase history with the number of customers who share it (column “count”), not the single purchases.',
    unit: 'Time unit of the columns “recency” and “T”',
    computing: 'Computing …',
    summary: (customers, rows, name) => (customers === rows
      ? `${customers} customers from the customer summary “${name}”.`
      : `${customers} customers in ${rows} purchase histories from the customer summary “${name}”.`),
    note: 'Cohorts and acquisition channels cannot be computed from a customer summary: they need the single transactions. Drop the transaction file here for those.',
    noTiers: 'Value tiers (ABC) need each customer’s revenue (column “total”).',
    noSegments: 'RFM segments need each customer’s days since the last purchase, number of purchases and revenue (columns “recency_days”, “purchases”, “total”).',
    grouped: 'Value tiers and RFM segments need one row per customer; a grouped summary does not have it.',
    noSpend: 'Without the column “monetary” (the mean value of the repeat purchases) there is no customer value, only the expected purchases.',
    forecastPurchases: (purchases, alive) => `Expected: ${purchases} purchases; ${alive} of the customers are probably still active.`,
    segmentsTitle: 'Segments (RFM) and the next best action',
    segment: 'Segment', customers: 'Customers', revenueShare: 'Share of revenue', action: 'Next best action',
    row: (i) => `Row ${i}`,
  },
};

const NAMES = Object.values(SUMMARY_COLUMNS).flat();

/**
 * Whether a file is a per-customer summary, and which format: 'parquet' or 'arrow' by their
 * bytes (or extension), 'csv' when the header names frequency, recency and T; else null.
 */
export async function summaryFormatOf(file) {
  if (typeof Blob === 'undefined' || !(file instanceof Blob)) return null;
  const head = new Uint8Array(await file.slice(0, 65536).arrayBuffer());
  const tail = new Uint8Array(await file.slice(Math.max(0, file.size - 4)).arrayBuffer());
  const bytes = new Uint8Array(head.length + tail.length);
  bytes.set(head);
  bytes.set(tail, head.length);
  const format = formatOf(bytes);
  if (format !== 'csv') return format;
  if (/\.parquet$|\.parq$/i.test(file.name ?? '')) return 'parquet';
  if (/\.(arrow|arrows|feather|ipc)$/i.test(file.name ?? '')) return 'arrow';
  if (head.includes(0)) return null;
  let text = new TextDecoder().decode(head);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const first = text.split(/\r\n|\n|\r/, 1)[0];
  const cells = first.split(/[,;\t|]/).map((c) => c.trim().replace(/^"|"$/g, '').toLowerCase());
  return ['frequency', 'recency', 't'].every((c) => cells.includes(c)) ? 'csv' : null;
}

/** The summary's form, computation and report inside the element. */
export class SummaryView {
  constructor(el, file, format) {
    this.el = el;
    this.file = file;
    this.format = format;
    this.result = null;
    this.choices = null;
    this.run = null;
  }

  get t() {
    return TEXT[this.el.f.lang === 'de' ? 'de' : 'en'];
  }

  /** Re-renders what is shown (after a change of language or currency). */
  render() {
    if (this.result) this.showResult();
    else this.showForm();
  }

  showForm() {
    const el = this.el;
    const t = this.t;
    const T = el.t;
    const choice = (id, label, values, selected) => `<label>${esc(label)}<select id="${id}">`
      + Object.entries(values).map(([v, text]) => `<option value="${esc(v)}"${v === selected ? ' selected' : ''}>${esc(text)}</option>`).join('')
      + '</select></label>';
    const name = this.file.name || 'Datei';
    const format = { csv: 'CSV', parquet: 'Parquet', arrow: 'Arrow IPC' }[this.format];
    el.frame(`<h3>${esc(T.mapping)}</h3><p id="summary-detected">${esc(t.detected(name, format))}</p>`
      + `<div class="mapping">${choice('periodUnit', t.unit, T.units, 'week')}</div>`
      + `<h3>${esc(T.model)}</h3><div class="mapping">${choice('model', T.modelLabel, T.models, el.getAttribute('model') || 'bg-nbd')}`
      + `<label>${esc(T.months)}<input type="number" id="months" min="1" max="120" step="1" value="12"></label>`
      + `<label>${esc(T.discount)}<input type="number" id="discount" min="0" max="100" step="0.1" value="1"></label>`
      + `<label>${esc(T.margin)}<input type="number" id="margin" min="1" max="100" step="1" value="100"></label></div>`
      + `<div class="buttons"><button type="button" class="primary" id="analyze" part="analyze">${esc(T.analyze)}</button>`
      + `<button type="button" id="another">${esc(T.another)}</button></div>`);
    const root = el.shadowRoot;
    for (const [id, value] of Object.entries(this.choices ?? {})) {
      const field = root.getElementById(id);
      if (field) field.value = value;
    }
    root.getElementById('analyze').addEventListener('click', () => this.analyze());
    root.getElementById('another').addEventListener('click', () => el.showDrop());
    root.getElementById('analyze').focus();
  }

  options() {
    const $ = (id) => this.el.shadowRoot.getElementById(id).value;
    const number = (id, scale = 1) => ($(id) === '' ? undefined : Number($(id)) / scale);
    return { periodUnit: $('periodUnit'), model: $('model'), months: number('months') ?? 12, discountRate: number('discount', 100), grossMargin: number('margin', 100) };
  }

  async analyze() {
    const el = this.el;
    this.choices = Object.fromEntries(Array.from(el.shadowRoot.querySelectorAll('.mapping select, .mapping input'), (x) => [x.id, x.value]));
    const options = this.options();
    const run = {};
    this.run = run;
    el.frame(`<p id="status" aria-live="polite">${esc(this.t.computing)}</p>`);
    try {
      const result = await compute(this.file, options);
      if (this.run !== run || el._summary !== this) return;
      this.result = { ...result, name: this.file.name || '' };
      this.showResult();
      el.dispatchEvent(new CustomEvent('kw-summary', { bubbles: true, composed: true, detail: { result: this.result } }));
    } catch (e) {
      if (this.run !== run || el._summary !== this) return;
      this.showForm();
      el.showError(e);
    }
  }

  showResult() {
    const el = this.el;
    const t = this.t;
    const T = el.t;
    const f = el.f;
    const r = this.result;
    const s = r.summary;
    let html = `<p id="summary">${esc(t.summary(f.number(s.customers, 0), f.number(s.rows, 0), r.name))}</p>`
      + `<p class="report-note" id="summary-kind">${esc(s.count ? t.kindGrouped : t.kind)}</p>`;
    const missing = s.count ? [t.grouped] : [r.tiers ? '' : t.noTiers, r.segments ? '' : t.noSegments].filter(Boolean);
    html += `<p class="report-note" id="summary-note">${esc([t.note, ...missing].join(' '))}</p>`;
    if (r.segments) {
      const de = f.lang === 'de';
      const rows = [...r.segments].filter((x) => x.customers > 0).sort((a, b) => b.revenueShare - a.revenueShare || b.customers - a.customers);
      const td = (label, text, cls = '') => `<td${cls ? ` class="${cls}"` : ''} data-label="${esc(label)}">${text}</td>`;
      html += `<h3 id="segments-title">${esc(t.segmentsTitle)}</h3><table id="segments" class="stacked" part="table" aria-labelledby="segments-title"><thead><tr>`
        + `<th scope="col">${esc(t.segment)}</th><th scope="col" class="num">${esc(t.customers)}</th><th scope="col" class="num">${esc(t.revenueShare)}</th><th scope="col">${esc(t.action)}</th></tr></thead><tbody>`
        + rows.map((x) => `<tr data-segment="${esc(x.segment)}">${td(t.segment, esc(de ? SEGMENTS_DE.names[x.segment] : x.name))}${td(t.customers, f.number(x.customers, 0), 'num')}`
          + `${td(t.revenueShare, esc(f.percent(x.revenueShare)), 'num')}${td(t.action, esc(de ? SEGMENTS_DE.actions[x.segment] : x.action))}</tr>`).join('')
        + '</tbody></table>';
    }
    if (r.tiers) html += `<h3>${esc(T.tiers)}</h3><div id="tier-chart"></div>`;
    html += this.forecastHtml();
    html += `<div class="buttons"><button type="button" id="another">${esc(T.another)}</button></div>`;
    el.frame(html);
    const root = el.shadowRoot;
    if (r.tiers) {
      bars(root.getElementById('tier-chart'), r.tiers.map((x) => ({ label: T.tierLabel(x.tier, f.percent(x.customerShare)), value: x.revenueShare, text: f.percent(x.revenueShare) })), T.tierChart);
    }
    root.getElementById('another').addEventListener('click', () => el.showDrop());
  }

  forecastHtml() {
    const T = this.el.t;
    const t = this.t;
    const f = this.el.f;
    const r = this.result;
    const m = r.models;
    let html = `<h3 id="forecast-title">${esc(T.forecast(f.number(m.months, 0)))}</h3>`;
    if (!m.purchase) return `${html}<p class="warning" id="forecast-problem">${esc(T.noForecast(m.problem.message))}</p>`;
    const totals = m.totals;
    if (m.spend) html += `<p id="forecast">${esc(T.forecastSummary(f.number(totals.purchases, 0), f.money(totals.clv), f.percent(totals.alive)))}</p>`;
    else {
      html += `<p id="forecast">${esc(t.forecastPurchases(f.number(totals.purchases, 0), f.percent(totals.alive)))}</p>`;
      html += `<p class="warning" id="forecast-problem">${esc(m.problem ? T.noForecast(m.problem.message) : t.noSpend)}</p>`;
    }
    html += detailsHtml({ models: { purchase: m.purchase, spend: m.spend, purchaseModel: m.purchase.model } }, f);
    const p = m.customers;
    if (m.spend && !r.summary.count) {
      const ids = r.summary.customer;
      const best = top(p.clv, 10);
      const head = [[T.customer], [T.alive, 1], [T.expected, 1], [T.spend, 1], [T.predicted, 1]];
      html += `<h3>${esc(T.top)}</h3><table id="top" class="stacked" part="table" aria-label="${esc(T.top)}"><thead><tr>`
        + head.map(([h, num]) => `<th scope="col"${num ? ' class="num"' : ''}>${esc(h)}</th>`).join('') + '</tr></thead><tbody>'
        + best.map((i) => {
          const cells = [[ids ? ids[i] : t.row(i + 1), 'id'], [f.percent(p.probabilityAlive[i]), 'num'], [f.number(p.expectedPurchases[i], 1), 'num'], [f.money(p.expectedSpend[i]), 'num'], [f.money(p.clv[i]), 'num']];
          return `<tr>${cells.map(([v, cls], j) => `<td class="${cls}" data-label="${esc(head[j][0])}">${esc(v)}</td>`).join('')}</tr>`;
        }).join('') + '</tbody></table>';
    }
    return html;
  }
}

/** The indices of the `k` largest values, largest first (equal values in file order). */
function top(values, k) {
  const order = Array.from({ length: values.length }, (_, i) => i);
  return order.sort((a, b) => values[b] - values[a] || a - b).slice(0, k);
}

/** Periods per month, as the CLV (and lifetimes) count them. */
const PER_MONTH = { day: 30, week: 4.345, month: 1 };

/**
 * Reads the summary and fits the models (kundenwert/models, loaded now, over the analysis
 * wasm in this thread): the fits, per row P(alive), expected purchases over the horizon,
 * expected value per purchase and CLV, their totals over the customers (each row counted
 * `count` times), and the tiers and segments the columns allow.
 */
export async function compute(file, options) {
  const summary = await readSummary(file);
  const models = await import('../models/index.js');
  await models.init();
  const { months, discountRate, grossMargin, periodUnit } = options;
  const out = { months, periodUnit, purchase: null, spend: null, problem: null, customers: null, totals: null };
  try {
    out.purchase = options.model === 'pareto-nbd' ? models.fitParetoNbd(summary) : models.fitBgNbd(summary);
  } catch (e) {
    out.problem = e;
  }
  if (out.purchase) {
    const p = {
      probabilityAlive: out.purchase.probabilityAlive(summary),
      expectedPurchases: out.purchase.expectedPurchases(months * PER_MONTH[periodUnit], summary),
      expectedSpend: null,
      clv: null,
    };
    if (summary.monetary) {
      try {
        out.spend = models.fitGammaGamma(summary);
        p.expectedSpend = out.spend.expectedSpend(summary);
        p.clv = models.customerLifetimeValue(out.purchase, out.spend, summary, { months, discountRate, grossMargin, periodUnit });
      } catch (e) {
        out.spend = null;
        out.problem = e;
      }
    }
    const weight = (i) => (summary.count ? summary.count[i] : 1);
    let purchases = 0;
    let clv = 0;
    let alive = 0;
    for (let i = 0; i < summary.rows; i++) {
      purchases += weight(i) * p.expectedPurchases[i];
      if (p.clv) clv += weight(i) * p.clv[i];
      if (p.probabilityAlive[i] >= 0.5) alive += weight(i);
    }
    out.customers = p;
    out.totals = { purchases, clv, alive: alive / summary.customers };
  }
  const { tiers, segments } = summarySegments(summary);
  return { kind: 'summary', summary, models: out, tiers, segments };
}
