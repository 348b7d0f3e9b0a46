// The report's parts as <customer-segmenter> shows them: the summary at the top, the segments
// with their call lists, the cohort heatmap, the channel spend table, the model's details, and
// the styles that let every table fit a card from 320 px up and print as one clean document.
// HTML strings from the result and a formatter set; the element binds the events.
import { summarize } from './summary.js';
import { formatDate, formatMonth, segmentAction, segmentName } from './text.js';
import { segmentOrder } from './workbook.js';

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

export const WORDS = {
  de: {
    summary: 'Auf einen Blick',
    next: 'Nächster Schritt:',
    segments: 'Segmente und nächste beste Aktion',
    segment: 'Segment', customers: 'Kunden', revenue: 'Umsatz', revenueShare: 'Anteil am Umsatz', action: 'Nächste beste Aktion', list: 'Kundenliste',
    listButton: 'Liste (CSV)', listFor: (name) => `Kundenliste „${name}“ als CSV herunterladen`,
    cohorts: 'Kohorten: Wer kauft in den Monaten nach dem Erstkauf wieder?',
    cohortNote: 'Jede Zeile sind die Kunden eines Erstkauf-Monats; jedes Feld zeigt, welcher Anteil von ihnen im n-ten Monat danach gekauft hat (Monat 0: der Monat des Erstkaufs). Je kräftiger die Farbe, desto mehr kaufen wieder.',
    cohort: 'Erstkauf', monthsAfter: 'Monate nach dem Erstkauf', month: (k) => `${k}`,
    spend: 'Ausgaben je Kanal',
    spendNote: 'Tragen Sie ein, was Sie im Zeitraum der Daten je Kanal ausgegeben haben (Werbung, Provisionen, Gutscheine). Dann sehen Sie CAC, LTV:CAC und die Bewertung je Kanal.',
    spendChannel: 'Kanal', spendAmount: 'Ausgaben im Zeitraum', spendApply: 'Kanäle neu bewerten',
    spendLabel: (channel) => `Ausgaben für „${channel}“`,
    spendInvalid: (channel) => `Ausgaben für „${channel}“: Bitte einen Betrag ab 0 eingeben, zum Beispiel 1.500 oder 1.500,50.`,
    details: 'Details zum Modell',
    alive: 'Die Wahrscheinlichkeit „aktiv“ sagt, wie wahrscheinlich ein Kunde nach seinem bisherigen Kaufrhythmus noch bei Ihnen kauft; unter 50 % zählt er als wahrscheinlich verloren.',
    purchaseModel: (name, params, n) => `Kaufmodell ${name}, angepasst an ${n} Kunden: ${params}.`,
    purchaseMeaning: 'r und α beschreiben, wie oft Ihre Kunden kaufen; a und b (bei Pareto/NBD s und β), wie schnell sie abwandern.',
    spendModel: (params, n) => `Wertmodell Gamma-Gamma, angepasst an ${n} Kunden mit Wiederholungskäufen: ${params}.`,
    fit: (ll) => `Log-Likelihood der Anpassung: ${ll} (je näher an 0, desto besser passt das Modell zu diesen Daten).`,
    print: 'Drucken oder als PDF speichern',
    csv: 'Werte pro Kunde (CSV)',
    xlsx: 'Bericht als Excel-Datei',
    xlsxBusy: 'Excel-Datei wird erstellt …',
    sample: 'Beispieldaten laden',
    sampleNote: 'Ein erfundener Onlineshop: 3.000 Bestellungen aus zwei Jahren, sechs Kanäle mit ihren Ausgaben.',
    sampleFile: 'Beispieldatei herunterladen',
    sheet: 'Tabellenblatt',
  },
  en: {
    summary: 'At a glance',
    next: 'Next step:',
    segments: 'Segments and the next best action',
    segment: 'Segment', customers: 'Customers', revenue: 'Revenue', revenueShare: 'Share of revenue', action: 'Next best action', list: 'Customer list',
    listButton: 'List (CSV)', listFor: (name) => `Download the customer list “${name}” as CSV`,
    cohorts: 'Cohorts: who buys again in the months after their first purchase?',
    cohortNote: 'Each row is the customers of one first-purchase month; each cell shows the share of them who bought in the n-th month after (month 0: the month of the first purchase). The stronger the colour, the more buy again.',
    cohort: 'First purchase', monthsAfter: 'Months after the first purchase', month: (k) => `${k}`,
    spend: 'Spend per channel',
    spendNote: 'Enter what you spent on each channel over the period of the data (ads, commissions, vouchers) to see CAC, LTV:CAC and the rating per channel.',
    spendChannel: 'Channel', spendAmount: 'Spend over the period', spendApply: 'Rate the channels',
    spendLabel: (channel) => `Spend on “${channel}”`,
    spendInvalid: (channel) => `Spend on “${channel}”: please enter an amount of 0 or more, such as 1,500 or 1,500.50.`,
    details: 'Model details',
    alive: '“Probably active” is how likely a customer still buys from you, judged by their own rhythm of purchases so far; below 50 % they count as probably lost.',
    purchaseModel: (name, params, n) => `Purchase model ${name}, fitted to ${n} customers: ${params}.`,
    purchaseMeaning: 'r and α describe how often your customers buy; a and b (s and β for Pareto/NBD), how fast they drop out.',
    spendModel: (params, n) => `Value model Gamma-Gamma, fitted to ${n} customers with repeat purchases: ${params}.`,
    fit: (ll) => `Log-likelihood of the fit: ${ll} (the closer to 0, the better the model fits these data).`,
    print: 'Print or save as PDF',
    csv: 'Scores per customer (CSV)',
    xlsx: 'Report as an Excel file',
    xlsxBusy: 'Creating the Excel file …',
    sample: 'Load sample data',
    sampleNote: 'A made-up online shop: 3,000 orders over two years, six channels with their spend.',
    sampleFile: 'Download the sample file',
    sheet: 'Sheet',
  },
};

export const words = (lang) => WORDS[lang === 'de' ? 'de' : 'en'];

/** The plain-language summary: each finding with its next step. */
export function summaryHtml(result, f) {
  const w = words(f.lang);
  return `<section class="report-summary" id="report-summary" aria-labelledby="report-summary-title" part="summary"><h3 id="report-summary-title">${esc(w.summary)}</h3><ul>`
    + summarize(result, f).map((x) => `<li data-key="${x.key}"><p class="finding">${esc(x.text)}</p><p class="next"><strong>${esc(w.next)}</strong> ${esc(x.action)}</p></li>`).join('')
    + '</ul></section>';
}

/** A table cell that keeps its column's name for the stacked layout on narrow cards. */
const td = (label, html, cls = '') => `<td${cls ? ` class="${cls}"` : ''} data-label="${esc(label)}">${html}</td>`;

/** The segments, largest share of revenue first, with count, revenue, action and a call list each. */
export function segmentsHtml(result, f) {
  const w = words(f.lang);
  const rows = segmentOrder(result).map((s) => {
    const name = segmentName(s, f.lang);
    const button = s.customers > 0
      ? `<button type="button" class="list" data-segment="${esc(s.segment)}" aria-label="${esc(w.listFor(name))}">${esc(w.listButton)}</button>` : '';
    return `<tr data-segment="${esc(s.segment)}">${td(w.segment, esc(name), 'name')}${td(w.customers, f.number(s.customers, 0), 'num')}`
      + `${td(w.revenue, esc(f.money(s.revenue)), 'num')}${td(w.revenueShare, esc(f.percent(s.revenueShare)), 'num')}`
      + `${td(w.action, `<span>${esc(segmentAction(s, f.lang))}</span>${button}`, 'action')}</tr>`;
  }).join('');
  return `<h3 id="segments-title">${esc(w.segments)}</h3><table id="segments" class="stacked" part="table" aria-labelledby="segments-title"><thead><tr>`
    + `<th scope="col">${esc(w.segment)}</th><th scope="col" class="num">${esc(w.customers)}</th><th scope="col" class="num">${esc(w.revenue)}</th>`
    + `<th scope="col" class="num">${esc(w.revenueShare)}</th><th scope="col" class="action">${esc(w.action)}</th>`
    + `</tr></thead><tbody>${rows}</tbody></table>`;
}

/** The heat level of a retention share: 0 (none) to 5 (40 % and more). */
export const heatLevel = (x) => (x >= 0.4 ? 5 : x >= 0.2 ? 4 : x >= 0.1 ? 3 : x >= 0.05 ? 2 : x > 0 ? 1 : 0);

/** The cohort table as a heatmap: a row per first-purchase month, a cell per month after. */
export function cohortsHtml(result, f) {
  const w = words(f.lang);
  const width = result.cohorts.reduce((m, c) => Math.max(m, c.retention.length), 0);
  const head = Array.from({ length: width }, (_, k) => `<th scope="col" class="num">${esc(w.month(k))}</th>`).join('');
  const rows = result.cohorts.map((c) => `<tr><td class="month">${esc(formatMonth(c.month, f.locale))}</td><td class="num">${f.number(c.customers, 0)}</td>`
    + Array.from({ length: width }, (_, k) => (k < c.retention.length
      ? `<td class="num heat" data-level="${heatLevel(c.retention[k])}">${esc(f.percent(c.retention[k], 0))}</td>`
      : '<td class="num"></td>')).join('') + '</tr>').join('');
  return `<h3 id="cohorts-title">${esc(w.cohorts)}</h3><p class="report-note">${esc(w.cohortNote)}</p>`
    + `<div class="scroll" tabindex="0" role="region" aria-labelledby="cohorts-title"><table class="cohort" id="cohorts" part="table">`
    + `<thead><tr><th scope="col" rowspan="2">${esc(w.cohort)}</th><th scope="col" rowspan="2" class="num">${esc(w.customers)}</th><th scope="colgroup" colspan="${width}" class="months">${esc(w.monthsAfter)}</th></tr>`
    + `<tr>${head}</tr></thead><tbody>${rows}</tbody></table></div>`;
}

/** The spend table: a row per channel with the spend the marketer enters. */
export function spendHtml(result, f, costs, currency = 'EUR') {
  const w = words(f.lang);
  const spend = new Map((costs ?? []).map((c) => [c.channel, c.spend]));
  let symbol = currency;
  try {
    symbol = new Intl.NumberFormat(f.locale, { style: 'currency', currency }).formatToParts(0).find((p) => p.type === 'currency')?.value ?? currency;
  } catch { /* an unknown currency: its code */ }
  const rows = result.channels.map((c, i) => {
    const value = spend.has(c.channel) ? f.field(spend.get(c.channel), 2) : '';
    return `<tr>${td(w.spendChannel, esc(c.channel))}<td data-label="${esc(w.spendAmount)}"><span class="control"><input id="spend-${i}" data-channel="${esc(c.channel)}" inputmode="decimal" autocomplete="off" aria-label="${esc(w.spendLabel(c.channel))}" value="${esc(value)}"><span class="unit">${esc(symbol)}</span></span></td></tr>`;
  }).join('');
  return `<details class="spend" id="spend"${costs?.length ? '' : ' open'}><summary>${esc(w.spend)}</summary><p class="report-note">${esc(w.spendNote)}</p>`
    + `<form id="spend-form"><table class="spend-table"><thead><tr><th scope="col">${esc(w.spendChannel)}</th><th scope="col">${esc(w.spendAmount)}</th></tr></thead><tbody>${rows}</tbody></table>`
    + `<p class="error" id="spend-error" role="alert"></p><div class="buttons"><button type="submit" id="spend-apply">${esc(w.spendApply)}</button></div></form></details>`;
}

/** Significant digits, compact for the very large: a model parameter as a person reads it. */
function param(v, locale) {
  const options = Math.abs(v) >= 1e5 ? { notation: 'compact', maximumSignificantDigits: 3 } : { maximumSignificantDigits: 4 };
  try {
    return new Intl.NumberFormat(locale, options).format(v);
  } catch {
    return new Intl.NumberFormat('en', options).format(v);
  }
}

const GREEK = { alpha: 'α', beta: 'β' };

/** The model's parameters and fit behind a disclosure, with P(alive) in one sentence before it. */
export function detailsHtml(result, f) {
  const w = words(f.lang);
  const m = result.models;
  if (!m?.purchase) return '';
  const list = (params) => Object.entries(params).map(([k, v]) => `${GREEK[k] ?? k} = ${param(v, f.locale)}`).join(', ');
  const name = m.purchaseModel === 'pareto-nbd' ? 'Pareto/NBD' : 'BG/NBD';
  let html = `<p class="report-note" id="alive-note">${esc(w.alive)}</p><details id="model-details"><summary>${esc(w.details)}</summary><ul>`
    + `<li id="fit">${esc(w.purchaseModel(name, list(m.purchase.params), f.number(m.purchase.observations, 0)))} ${esc(w.purchaseMeaning)}</li>`;
  if (m.spend) html += `<li>${esc(w.spendModel(list(m.spend.params), f.number(m.spend.observations, 0)))}</li>`;
  html += `<li>${esc(w.fit(f.number(m.purchase.logLikelihood, 1)))}</li></ul></details>`;
  return html;
}

export { formatDate };

/** The report's own styles, on top of the elements' shared ones. */
export const REPORT_STYLE = `
.report-note { color: var(--kw-muted); font-size: .9em; margin: 0 0 .75rem; }
.report-summary { border: 1px solid var(--kw-border); border-radius: var(--kw-radius); padding: .25rem 1rem; margin: 1rem 0; background: var(--kw-surface); }
.report-summary h3 { margin-top: .75rem; }
.report-summary ul { list-style: none; margin: 0; padding: 0; }
.report-summary li { padding: .6rem 0; border-top: 1px solid var(--kw-border); }
.report-summary li:first-child { border-top: 0; }
.report-summary p { margin: 0; }
.report-summary .finding { font-weight: 600; }
.report-summary .next { color: var(--kw-muted); margin-top: .2rem; }
td.name, td.id { white-space: nowrap; }
th.num { white-space: normal; }
#segments { table-layout: fixed; }
#segments th:nth-child(1) { width: 22%; }
#segments th:nth-child(2) { width: 10%; }
#segments th:nth-child(3) { width: 16%; }
#segments th:nth-child(4) { width: 11%; }
#segments td.name { white-space: normal; }
td.num { white-space: nowrap; }
td button.list { padding: .2rem .6rem; white-space: nowrap; display: block; margin-top: .35rem; font-size: .9em; }
td.action > span { display: block; }
:host { --kw-heat-1: #f0f4ff; --kw-heat-2: #dbe6ff; --kw-heat-3: #b9cdfc; --kw-heat-4: #8fb0f6; --kw-heat-5: #2f5fe0; --kw-heat-5-fg: #ffffff; }
:host([data-scheme="dark"]) { --kw-heat-1: #243352; --kw-heat-2: #2c4372; --kw-heat-3: #3a5a9a; --kw-heat-4: #6b93dc; --kw-heat-5: #8ab4f8; --kw-heat-5-fg: #1b1f24; }
.cohort { width: auto; min-width: 100%; }
.cohort th, .cohort td { padding: .3rem .35rem; }
.cohort td.month { position: sticky; left: 0; background: var(--kw-surface); white-space: nowrap; font-weight: 600; }
.cohort th.months { text-align: center; font-weight: 600; color: var(--kw-muted); }
.cohort td.heat { min-width: 2.6rem; }
.cohort td[data-level="1"] { background: var(--kw-heat-1); }
.cohort td[data-level="2"] { background: var(--kw-heat-2); }
.cohort td[data-level="3"] { background: var(--kw-heat-3); }
.cohort td[data-level="4"] { background: var(--kw-heat-4); color: #1b1f24; }
.cohort td[data-level="5"] { background: var(--kw-heat-5); color: var(--kw-heat-5-fg); }
:host([data-scheme="dark"]) .cohort td[data-level="4"] { color: #1b1f24; }
.spend summary, #model-details summary { cursor: pointer; font-weight: 600; width: fit-content; }
.spend-table { max-width: 32rem; }
.spend-table { width: 100%; }
.spend-table td { vertical-align: middle; }
.spend-table td:first-child { overflow-wrap: break-word; hyphens: auto; }
.spend-table .control { width: min(100%, 10rem); margin-left: auto; }
.spend-table input { text-align: right; width: 100%; min-width: 0; }
.sample { margin: .75rem 0 0; display: flex; flex-wrap: wrap; gap: .5rem .75rem; align-items: center; }
.sample .report-note { margin: 0; }
.sample a { color: var(--kw-accent); }
@container (max-width: 36rem) {
  table.stacked, table.stacked tbody, table.stacked tr, table.stacked td { display: block; width: 100%; }
  #segments { table-layout: auto; }
  table.stacked thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
  table.stacked tr { border-bottom: 1px solid var(--kw-border); padding: .4rem 0; }
  table.stacked td { border: 0; padding: .15rem 0; display: grid; grid-template-columns: minmax(9rem, 45%) minmax(0, 1fr); gap: .5rem; text-align: left; white-space: normal; overflow-wrap: break-word; }
  table.stacked td.num { text-align: left; }
  table.stacked td::before { content: attr(data-label); color: var(--kw-muted); font-weight: 600; overflow-wrap: normal; hyphens: manual; }
  table.stacked td:empty { display: none; }
  table.stacked td > .band { justify-self: start; }
  table.stacked td.action button.list { grid-column: 2; justify-self: start; }
}
@container (max-width: 24rem) {
  table.stacked td { grid-template-columns: minmax(0, 1fr); gap: 0; }
  table.stacked td.action button.list { grid-column: 1; }
}
@media print {
  .buttons, .drop, .sample, .spend, button.list, td button, .privacy { display: none !important; }
  .scroll { overflow: visible; }
  .cohort { font-size: 7pt; }
  .cohort th, .cohort td { padding: 1px 2px; }
  .cohort td.heat { min-width: 0; }
  .cohort td[data-level] { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  h3 { break-after: avoid; }
  table, .report-summary li { break-inside: avoid; }
}
`;
