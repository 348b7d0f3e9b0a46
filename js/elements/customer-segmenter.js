// <customer-segmenter>: drop a transaction export (CSV or Excel), confirm which column is
// which, and read a report: a plain-language summary, RFM segments with their next best action
// and call lists, value tiers, channels with their spend, a cohort heatmap and the forecast;
// download it as CSV in the visitor's conventions or as a workbook, or print it. Everything is
// computed in a Web Worker on the visitor's machine.
import { analyzeTransactions, dayToDate, detectFormat, prepareAnalysis } from '../analysis/index.js';
import { KundenwertError } from '../shared/error.js';
import { toCsv, toCsvBlob } from '../report/csv.js';
import { digest, digestInSlices } from '../report/summary.js';
import { customerTable, fileName } from '../report/table.js';
import { formatDate, SEGMENTS_DE, segmentName, slug } from '../report/text.js';
import { cohortsHtml, detailsHtml, REPORT_STYLE, segmentsHtml, spendHtml, summaryHtml, words } from '../report/view.js';
import { bars } from './chart.js';
import { formatters, languageOf, localeOf, parseNumber } from './format.js';
import { reflectAttributes } from './props.js';
import { schemeOf } from './scheme.js';
import { SummaryView, summaryFormatOf } from './segmenter-summary.js';
import { STYLE } from './style.js';

const Base = globalThis.HTMLElement ?? class {};
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

const TEXT = {
  de: {
    title: 'Kundendaten auswerten',
    drop: 'Transaktionsdatei (CSV oder Excel) oder Kundenübersicht (CSV, Parquet, Arrow) hierher ziehen oder',
    choose: 'Datei auswählen',
    privacy: 'Ihre Datei bleibt auf Ihrem Gerät: Sie wird hier im Browser ausgewertet und nirgendwohin hochgeladen.',
    mapping: 'Spalten zuordnen',
    detected: (name, rows) => `Erkannt in „${name}“: ${rows}`,
    roles: { customer: 'Kunde', date: 'Datum', amount: 'Betrag', channel: 'Kanal (optional)', order: 'Bestellnummer (optional)' },
    none: '(keine)',
    dateFormat: 'Datumsformat',
    ambiguous: 'Tag und Monat sind nicht eindeutig: bitte das Datumsformat prüfen.',
    decimal: 'Dezimaltrennzeichen',
    decimals: { '.': 'Punkt (12.50)', ',': 'Komma (12,50)' },
    end: 'Ende des Beobachtungszeitraums (leer: letzter Kauf)',
    unit: 'Zeiteinheit für „Erster bis letzter Kauf“ und „Kunde seit“',
    units: { day: 'Tage', week: 'Wochen', month: 'Monate' },
    analyze: 'Auswerten',
    cancel: 'Abbrechen',
    cancelled: 'Auswertung abgebrochen. Ihre Angaben sind erhalten: Sie können sie anpassen und erneut auswerten.',
    another: 'Andere Datei',
    reading: (done, total) => `Datei wird gelesen: ${done} von ${total}`,
    readingUnknown: (done) => `Datei wird gelesen: ${done}`,
    merging: 'Die beiden Hälften der Datei werden zusammengeführt …',
    summarizing: (done, total) => `Segmente werden berechnet: ${done} von ${total} Kunden`,
    fitting: 'Das Prognosemodell wird angepasst und die Prognose berechnet. Bei großen Dateien dauert das einige Sekunden.',
    finishing: 'RFM-Scores, Wertklassen, Kanäle und Kohorten werden berechnet …',
    summary: (rows, customers, revenue, end) => `${rows} Transaktionen von ${customers} Kunden, Umsatz ${revenue}, beobachtet bis ${end}.`,
    rejectedSummary: (n) => `${n} Zeilen nicht verwendet:`,
    rejectedShow: 'Nicht verwendete Zeilen ansehen',
    line: 'Zeile',
    reason: 'Grund',
    content: 'Inhalt',
    reasons: {
      missing_columns: 'zu wenige Spalten', missing_customer: 'Kunde fehlt', bad_date: 'Datum nicht lesbar',
      bad_amount: 'Betrag nicht lesbar', bad_acquisition_cost: 'Akquisitionskosten nicht lesbar', after_end: 'nach dem Beobachtungsende',
      unclosed_quote: 'Anführungszeichen nicht geschlossen', refund: 'Erstattung (ausgeschlossen)', refund_only: 'Kunde nur mit Erstattungen',
    },
    segments: 'Segmente (RFM) und nächste beste Aktion',
    segment: 'Segment', customers: 'Kunden', customerShare: 'Anteil Kunden', revenueShare: 'Anteil Umsatz', action: 'Nächste beste Aktion',
    segmentChart: 'Umsatzanteil nach Segment',
    tiers: 'Wertklassen (ABC)',
    tierChart: 'Umsatzanteil der Wertklassen',
    tierLabel: (t, share) => `${t}: ${share} der Kunden`,
    channels: 'Akquisitionskanäle',
    channel: 'Kanal', clv: 'CLV (historisch)', cac: 'CAC', ratio: 'LTV:CAC', band: 'Bewertung',
    bands: { losing: 'Verlust', 'below-target': 'unter Ziel', healthy: 'gesund', 'under-investing': 'sehr gut' },
    cohorts: 'Kohorten: Anteil der Kunden, die im Monat n nach dem Erstkauf kaufen',
    cohort: 'Erstkauf', month: (k) => `M${k}`,
    model: 'Prognose pro Kunde',
    modelLabel: 'Modell',
    before: 'Käufe bis zur Prüfung',
    models: { 'bg-nbd': 'BG/NBD und Gamma-Gamma', 'pareto-nbd': 'Pareto/NBD und Gamma-Gamma', off: 'keine Prognose' },
    months: 'Prognosehorizont (Monate)',
    discount: 'Abzinsung pro Monat (%)',
    margin: 'Bruttomarge (%)',
    calibration: 'Modellprüfung: nur Käufe bis zu diesem Tag verwenden, danach vergleichen (optional)',
    forecast: (m) => `Prognose für die nächsten ${m} Monate`,
    forecastSummary: (purchases, value, alive) => `Erwartet werden ${purchases} Käufe mit einem Kundenwert (abgezinst) von zusammen ${value}; ${alive} der Kunden sind wahrscheinlich noch aktiv.`,
    noForecast: (message) => `Keine Prognose möglich: ${message}`,
    top: 'Die wertvollsten Kunden der Zukunft',
    lost: (n) => `Wertvolle Kunden (Klasse A), die wahrscheinlich verloren sind: ${n}`,
    lostNone: 'Kein Kunde der Klasse A ist wahrscheinlich verloren.',
    customer: 'Kunde', alive: 'Wahrscheinlich aktiv', expected: 'Erwartete Käufe', spend: 'Erwarteter Wert je Kauf', predicted: 'Kundenwert (Prognose)',
    revenue: 'Umsatz bisher', lastPurchase: 'Letzter Kauf',
    holdout: (date) => `Modellprüfung: vorhergesagte und tatsächliche Käufe nach dem ${date}`,
    holdoutTotal: (actual, predicted) => `Zusammen: ${actual} tatsächliche und ${predicted} vorhergesagte Käufe.`,
    group: (k) => (k === '7+' ? '7 und mehr Käufe' : `${k} ${k === '1' ? 'Kauf' : 'Käufe'}`),
    actual: 'tatsächlich', predictedShort: 'vorhergesagt', perCustomer: 'Käufe je Kunde',
    holdoutChart: 'Käufe je Kunde nach der Prüfung, nach Käufen davor',
    names: SEGMENTS_DE.names,
    actions: SEGMENTS_DE.actions,
  },
  en: {
    title: 'Analyse your customer data',
    drop: 'Drop a transaction file (CSV or Excel) or a customer summary (CSV, Parquet, Arrow) here or',
    choose: 'choose a file',
    privacy: 'Your file stays on your device: it is analysed here in the browser and uploaded nowhere.',
    mapping: 'Which column is which',
    detected: (name, rows) => `Detected in “${name}”: ${rows}`,
    roles: { customer: 'Customer', date: 'Date', amount: 'Amount', channel: 'Channel (optional)', order: 'Order number (optional)' },
    none: '(none)',
    dateFormat: 'Date format',
    ambiguous: 'Day and month are ambiguous: please check the date format.',
    decimal: 'Decimal separator',
    decimals: { '.': 'point (12.50)', ',': 'comma (12,50)' },
    end: 'End of the observation period (empty: the last purchase)',
    unit: 'Time unit for “first to last purchase” and “customer for”',
    units: { day: 'days', week: 'weeks', month: 'months' },
    analyze: 'Analyse',
    cancel: 'Cancel',
    cancelled: 'Analysis cancelled. Your choices are kept: adjust them and analyse again.',
    another: 'Another file',
    reading: (done, total) => `Reading the file: ${done} of ${total}`,
    readingUnknown: (done) => `Reading the file: ${done}`,
    merging: 'Joining the two halves of the file …',
    summarizing: (done, total) => `Computing the segments: ${done} of ${total} customers`,
    fitting: 'Fitting the forecast model and forecasting. On a large file this takes a few seconds.',
    finishing: 'Computing the RFM scores, value tiers, channels and cohorts …',
    summary: (rows, customers, revenue, end) => `${rows} transactions of ${customers} customers, revenue ${revenue}, observed to ${end}.`,
    rejectedSummary: (n) => `${n} rows not used:`,
    rejectedShow: 'See the rows not used',
    line: 'Line',
    reason: 'Reason',
    content: 'Content',
    reasons: {
      missing_columns: 'too few columns', missing_customer: 'no customer', bad_date: 'unreadable date',
      bad_amount: 'unreadable amount', bad_acquisition_cost: 'unreadable acquisition cost', after_end: 'after the observation end',
      unclosed_quote: 'quote never closed', refund: 'refund (excluded)', refund_only: 'customer with refunds only',
    },
    segments: 'Segments (RFM) and the next best action',
    segment: 'Segment', customers: 'Customers', customerShare: 'Share of customers', revenueShare: 'Share of revenue', action: 'Next best action',
    segmentChart: 'Share of revenue by segment',
    tiers: 'Value tiers (ABC)',
    tierChart: 'Share of revenue by tier',
    tierLabel: (t, share) => `${t}: ${share} of customers`,
    channels: 'Acquisition channels',
    channel: 'Channel', clv: 'CLV (historical)', cac: 'CAC', ratio: 'LTV:CAC', band: 'Rating',
    bands: { losing: 'losing', 'below-target': 'below target', healthy: 'healthy', 'under-investing': 'very good' },
    cohorts: 'Cohorts: share of customers buying in month n after their first purchase',
    cohort: 'First purchase', month: (k) => `M${k}`,
    model: 'Forecast per customer',
    modelLabel: 'Model',
    before: 'Purchases up to the check',
    models: { 'bg-nbd': 'BG/NBD and Gamma-Gamma', 'pareto-nbd': 'Pareto/NBD and Gamma-Gamma', off: 'no forecast' },
    months: 'Forecast horizon (months)',
    discount: 'Discount rate per month (%)',
    margin: 'Gross margin (%)',
    calibration: 'Model check: use purchases up to this day only, then compare (optional)',
    forecast: (m) => `Forecast for the next ${m} months`,
    forecastSummary: (purchases, value, alive) => `Expected: ${purchases} purchases worth ${value} in total (discounted customer value); ${alive} of the customers are probably still active.`,
    noForecast: (message) => `No forecast: ${message}`,
    top: 'The most valuable customers to come',
    lost: (n) => `Valuable customers (tier A) who are probably lost: ${n}`,
    lostNone: 'No tier A customer is probably lost.',
    customer: 'Customer', alive: 'Probably active', expected: 'Expected purchases', spend: 'Expected value per purchase', predicted: 'Customer value (forecast)',
    revenue: 'Revenue so far', lastPurchase: 'Last purchase',
    holdout: (date) => `Model check: predicted and actual purchases after ${date}`,
    holdoutTotal: (actual, predicted) => `In total: ${actual} actual and ${predicted} predicted purchases.`,
    group: (k) => (k === '7+' ? '7 or more purchases' : `${k} ${k === '1' ? 'purchase' : 'purchases'}`),
    actual: 'actual', predictedShort: 'predicted', perCustomer: 'Purchases per customer',
    holdoutChart: 'Purchases per customer after the check, by purchases before',
    names: null, // the core's English names
    actions: null, // the core's English actions
  },
};

const STYLE_EXTRA = `
.drop { border: 2px dashed var(--kw-border); border-radius: var(--kw-radius); padding: 2rem 1rem; text-align: center; }
.drop[data-over] { border-color: var(--kw-accent); background: var(--kw-accent-soft); }
.drop label { color: var(--kw-accent); text-decoration: underline; cursor: pointer; font-weight: 600; }
.drop input[type=file] { position: absolute; width: 1px; height: 1px; opacity: 0; }
.drop:focus-within { outline: 2px solid var(--kw-accent); outline-offset: 2px; }
.privacy { color: var(--kw-muted); font-size: .9em; margin: .5rem 0 0; }
.mapping { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 14rem), 1fr)); gap: var(--kw-gap); margin: 1rem 0; }
.mapping label { display: flex; flex-direction: column; gap: .3rem; font-weight: 600; font-size: .95em; }
select, .mapping input { font: inherit; color: var(--kw-fg); background: var(--kw-surface); border: 1px solid var(--kw-border); border-radius: 8px; padding: .45rem .5rem; }
.warning { color: var(--kw-error); }
.buttons { display: flex; gap: .75rem; flex-wrap: wrap; }
button.primary { background: var(--kw-accent); color: var(--kw-surface); border-color: var(--kw-accent); font-weight: 700; }
progress { width: 100%; height: 1rem; accent-color: var(--kw-accent); }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; margin: .5rem 0 1rem; }
th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--kw-border); vertical-align: top; }
td.num, th.num { text-align: right; white-space: nowrap; }
.scroll { overflow-x: auto; }
h3 { font-size: 1.1em; margin: 1.5rem 0 .5rem; }
.cohort td.num { min-width: 3.2rem; }
.cohort td[data-level="0"] { background: transparent; }
.cohort td[data-level="1"] { background: var(--kw-accent-soft); }
details { margin: .5rem 0; }
.rejected td { font-family: ui-monospace, monospace; font-size: .85em; }
`;

let sheet = null;
function styles() {
  if (!sheet && typeof CSSStyleSheet === 'function' && 'adoptedStyleSheets' in Document.prototype) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLE + STYLE_EXTRA + REPORT_STYLE);
  }
  return sheet;
}

export class CustomerSegmenter extends Base {
  static get observedAttributes() {
    return ['locale', 'currency', 'theme', 'model'];
  }

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    this._file = null;
    this._format = null;
    this._result = null;
    this._run = null; // the analysis under way: { controller }
    this._choices = null; // the mapping form's values, kept across a cancel or an error
    // A file dropped anywhere on the element (also while an analysis runs) opens it.
    this.addEventListener?.('dragover', (e) => {
      if (e.dataTransfer?.types?.includes?.('Files') || e.dataTransfer?.files?.length) e.preventDefault();
    });
    this.addEventListener?.('drop', (e) => {
      if (e.defaultPrevented) return; // the drop zone took it
      const file = e.dataTransfer?.files?.[0];
      if (!file) return;
      e.preventDefault();
      this.open(file);
    });
    this._workbook = null; // an .xlsx file: { file, sheets, sheet }
    this._options = null; // the options of the latest analysis, to run it again with a new spend
    this._costs = null; // the spend per channel the marketer entered: [{ channel, spend }]
    this._summary = null; // a per-customer summary file instead of transactions: its SummaryView
  }

  /** The latest analysis (read-only); null before one. */
  get result() {
    return this._summary ? this._summary.result : this._result;
  }

  connectedCallback() {
    this.dataset.scheme = schemeOf(this);
    if (!this.shadowRoot.firstChild) this.showDrop();
    // While the visitor looks for their file, the engine gets ready: a worker, and its code
    // run once (prepareAnalysis). Once the page has rendered and is idle; a failure here is
    // the analysis' to report, if it recurs.
    const idle = globalThis.requestIdleCallback ?? ((f) => setTimeout(f, 200));
    idle(() => prepareAnalysis().catch(() => {}), { timeout: 2000 });
  }

  attributeChangedCallback(name) {
    if (!this.shadowRoot.firstChild) return;
    if (name === 'theme') this.dataset.scheme = schemeOf(this);
    else if (this._run) return; // an analysis (or a detection) is under way: its outcome renders
    else if (this._summary) this._summary.render();
    else if (this._result) this.showResult(this._result);
    else this.showDrop();
  }

  get t() {
    return TEXT[languageOf(localeOf(this))];
  }

  get f() {
    return formatters(localeOf(this), this.getAttribute('currency') || 'EUR');
  }

  frame(body) {
    const shared = styles();
    if (shared) this.shadowRoot.adoptedStyleSheets = [shared];
    this.shadowRoot.innerHTML = `${shared ? '' : `<style>${STYLE}${STYLE_EXTRA}${REPORT_STYLE}</style>`}<section class="card" part="card" aria-labelledby="title">`
      + `<div class="title" id="title" role="heading" aria-level="${Math.min(6, Math.max(2, Number(this.getAttribute('heading-level')) || 2))}" part="title">${esc(this.t.title)}</div>`
      + `${body}<p class="general-error" id="error" role="alert" part="error"></p></section>`;
  }

  showError(e) {
    const box = this.shadowRoot.getElementById('error');
    // By name too: the on-demand workbook module carries its own copy of the class.
    const typed = e instanceof KundenwertError || e?.name === 'KundenwertError';
    if (box) box.textContent = typed ? `${e.field ? `${e.field}: ` : ''}${e.message}` : String(e.message ?? e);
  }

  // ---- step 1: a file ---------------------------------------------------------------------
  showDrop() {
    const t = this.t;
    this._summary = null;
    this.frame(`<div class="drop" id="drop" part="drop"><p>${esc(t.drop)} <label for="file">${esc(t.choose)}</label>`
      + '<input type="file" id="file" accept=".csv,.txt,.tsv,.xlsx,.parquet,.arrow,.arrows,.feather,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"></p></div>'
      + `<p class="privacy">${esc(t.privacy)}</p>`
      + `<div class="sample"><button type="button" id="sample" part="sample">${esc(words(this.f.lang).sample)}</button><p class="report-note">${esc(words(this.f.lang).sampleNote)}</p></div>`);
    this.shadowRoot.getElementById('sample').addEventListener('click', () => this.loadSample());
    const drop = this.shadowRoot.getElementById('drop');
    const input = this.shadowRoot.getElementById('file');
    input.addEventListener('change', () => input.files[0] && this.open(input.files[0]));
    drop.addEventListener('dragover', (e) => {
      e.preventDefault();
      drop.dataset.over = '';
    });
    drop.addEventListener('dragleave', () => delete drop.dataset.over);
    drop.addEventListener('drop', (e) => {
      e.preventDefault();
      delete drop.dataset.over;
      const file = e.dataTransfer?.files?.[0];
      if (file) this.open(file);
    });
  }

  /** Opens a file (as dropped or chosen; developers may call it with any File or Blob). */
  async open(file) {
    this.cancel(); // a new file replaces the one being analysed (its worker ends at once)
    const run = { controller: new AbortController() };
    this._run = run;
    this._file = file;
    this._choices = null;
    this._workbook = null;
    this._costs = null;
    this._format = null;
    this._summary = null;
    try {
      // A per-customer summary (CSV with frequency, recency, T; Parquet; Arrow): its own path.
      const summary = await summaryFormatOf(file);
      if (this._run !== run) return; // yet another file came
      if (summary) {
        this._run = null;
        this._summary = new SummaryView(this, file, summary);
        this._summary.showForm();
        return;
      }
      const source = (await isWorkbook(file)) ? await this.readSheet(file, 0) : file;
      if (this._run !== run) return; // yet another file came
      const format = await detectFormat(source, { signal: run.controller.signal });
      if (this._run !== run) return; // yet another file came
      this._run = null;
      this._file = source;
      this._format = format;
      this.showMapping();
    } catch (e) {
      if (this._run !== run) return;
      this._run = null;
      this.showDrop();
      this.showError(e);
    }
  }

  /** Stops the analysis under way, if any (its result is never shown). */
  cancel() {
    const run = this._run;
    this._run = null;
    run?.controller?.abort(new DOMException('The analysis was cancelled', 'AbortError'));
    return run !== null;
  }

  /** One sheet of an .xlsx file as the text the analysis reads (the reader loads on demand). */
  async readSheet(file, sheet) {
    const { readWorkbook } = await import('../report/excel.js'); // unzipped in a worker
    const { text, sheets, sheet: name } = await readWorkbook(file, sheet);
    this._workbook = { file, sheets, sheet: name };
    return new File([text], file.name ?? 'export.xlsx', { type: 'text/csv' });
  }

  /** Another sheet of the workbook: read it, detect its columns again. */
  async chooseSheet(name) {
    try {
      this._file = await this.readSheet(this._workbook.file, name);
      this._format = await detectFormat(this._file);
      this.showMapping();
      this.shadowRoot.getElementById('sheet')?.focus();
    } catch (e) {
      this.showError(e);
    }
  }

  /** The sample export, analysed at once with its spend per channel: the report in one click. */
  async loadSample() {
    const { sampleChannelCosts, sampleExport } = await import('../report/sample.js');
    await this.open(new File([sampleExport()], this.f.lang === 'de' ? 'beispiel-kundendaten.csv' : 'sample-orders.csv', { type: 'text/csv' }));
    if (!this._format) return;
    this._costs = sampleChannelCosts();
    await this.analyze();
  }

  // ---- step 2: confirm the columns --------------------------------------------------------
  showMapping() {
    const t = this.t;
    const fmt = this._format;
    const options = (selected, optional) => (optional ? `<option value="">${esc(t.none)}</option>` : '')
      + fmt.columns.map((c, i) => `<option value="${i}"${i === selected ? ' selected' : ''}>${esc(c)}</option>`).join('');
    const role = (key, optional) => `<label>${esc(t.roles[key])}<select id="col-${key}">${options(fmt.mapping[key], optional)}</select></label>`;
    const choice = (id, label, values, selected) => `<label>${esc(label)}<select id="${id}">`
      + Object.entries(values).map(([v, text]) => `<option value="${esc(v)}"${v === selected ? ' selected' : ''}>${esc(text)}</option>`).join('')
      + '</select></label>';
    const dateFormats = Object.fromEntries(['YYYY-MM-DD', 'DD.MM.YYYY', 'DD/MM/YYYY', 'MM/DD/YYYY', 'YYYYMMDD'].map((d) => [d, d]));
    const name = this._file.name ?? 'Datei';
    const book = this._workbook;
    const sheet = book?.sheets.length > 1 ? `<label>${esc(words(this.f.lang).sheet)}<select id="sheet">`
      + book.sheets.map((n) => `<option value="${esc(n)}"${n === book.sheet ? ' selected' : ''}>${esc(n)}</option>`).join('') + '</select></label>' : '';
    this.frame(`<h3>${esc(t.mapping)}</h3><p>${esc(t.detected(book ? `${name} · ${book.sheet}` : name, fmt.columns.join(' · ')))}</p>`
      + `<div class="mapping">${sheet}${role('customer')}${role('date')}${role('amount')}${role('channel', true)}${role('order', true)}`
      + `${choice('dateFormat', t.dateFormat, dateFormats, fmt.dateFormat)}${choice('decimal', t.decimal, t.decimals, fmt.decimal)}`
      + `${choice('periodUnit', t.unit, t.units, 'week')}`
      + `<label>${esc(t.end)}<input type="date" id="end"></label></div>`
      + `<h3>${esc(t.model)}</h3><div class="mapping">${choice('model', t.modelLabel, t.models, this.getAttribute('model') || 'bg-nbd')}`
      + `<label>${esc(t.months)}<input type="number" id="months" min="1" max="120" step="1" value="12"></label>`
      + `<label>${esc(t.discount)}<input type="number" id="discount" min="0" max="100" step="0.1" value="1"></label>`
      + `<label>${esc(t.margin)}<input type="number" id="margin" min="1" max="100" step="1" value="100"></label>`
      + `<label>${esc(t.calibration)}<input type="date" id="calibration"></label></div>`
      + (fmt.dateAmbiguous ? `<p class="warning" id="ambiguous">${esc(t.ambiguous)}</p>` : '')
      + `<div class="buttons"><button type="button" class="primary" id="analyze" part="analyze">${esc(t.analyze)}</button>`
      + `<button type="button" id="another">${esc(t.another)}</button></div>`);
    for (const [id, value] of Object.entries(this._choices ?? {})) {
      const field = this.shadowRoot.getElementById(id);
      if (field) field.value = value;
    }
    this.shadowRoot.getElementById('analyze').addEventListener('click', () => this.analyze());
    this.shadowRoot.getElementById('another').addEventListener('click', () => this.showDrop());
    this.shadowRoot.getElementById('sheet')?.addEventListener('change', (e) => this.chooseSheet(e.target.value));
    this.shadowRoot.getElementById('analyze').focus();
  }

  /** The mapping form's values by id, to put back after a cancel or an error. */
  choices() {
    return Object.fromEntries(Array.from(this.shadowRoot.querySelectorAll('.mapping select, .mapping input'), (x) => [x.id, x.value]));
  }

  options() {
    const $ = (id) => this.shadowRoot.getElementById(id).value;
    const column = (key) => ($(`col-${key}`) === '' ? undefined : Number($(`col-${key}`)));
    const model = $('model');
    const percent = (id) => ($(id) === '' ? undefined : Number($(id)) / 100);
    return {
      delimiter: this._format.delimiter,
      header: this._format.header,
      columns: { customer: column('customer'), date: column('date'), amount: column('amount'), channel: column('channel'), order: column('order') },
      dateFormat: $('dateFormat'),
      decimal: $('decimal'),
      periodUnit: $('periodUnit'),
      observationEnd: $('end') || undefined,
      grossMargin: percent('margin'),
      models: model === 'off' ? undefined : {
        purchaseModel: model,
        months: $('months') === '' ? undefined : Number($('months')),
        discountRate: percent('discount'),
        calibrationEnd: $('calibration') || undefined,
      },
    };
  }

  // ---- step 3: progress, then results -----------------------------------------------------
  async analyze(rerun = false) {
    const t = this.t;
    const f = this.f;
    const options = rerun ? this._options : this.options();
    this._options = options;
    if (!rerun) this._choices = this.choices(); // a new spend keeps the form's values as they were
    this.cancel();
    const run = { controller: new AbortController() };
    this._run = run;
    const mb = (bytes) => `${f.number(bytes / 1e6, 1)} MB`;
    this.frame(`<progress id="progress" max="1" value="0" data-phase="reading" aria-labelledby="status" part="progress"></progress><p id="status" aria-live="polite"></p>`
      + `<div class="buttons"><button type="button" id="cancel" part="cancel">${esc(t.cancel)}</button></div>`);
    const progress = this.shadowRoot.getElementById('progress');
    const status = this.shadowRoot.getElementById('status');
    const cancel = this.shadowRoot.getElementById('cancel');
    cancel.addEventListener('click', () => {
      if (!this.cancel()) return;
      this.showMapping();
      this.showError({ message: this.t.cancelled });
    });
    cancel.focus();
    let announced = 0;
    try {
      const result = await analyzeTransactions(this._file, {
        ...options,
        signal: run.controller.signal,
        channelCosts: this._costs?.length ? this._costs : undefined,
        onProgress: ({ phase, loaded, total, customers, customersTotal, step, steps }) => {
          if (this._run !== run) return;
          // Reading, summarising and finishing fill the bar; the model fit runs in one piece,
          // so the bar turns indeterminate and the text says what runs (never a frozen bar).
          const changed = progress.dataset.phase !== phase;
          progress.dataset.phase = phase;
          if (phase === 'reading' && total) progress.value = loaded / total;
          else if ((phase === 'summarizing' || phase === 'merging') && customersTotal) progress.value = customers / customersTotal;
          else if (phase === 'finishing' && steps) progress.value = step / steps;
          else if (phase === 'models' || phase === 'finishing') progress.removeAttribute('value');
          const now = performance.now();
          if (changed || now - announced > 1000 || (phase === 'reading' && loaded === total)) { // screen readers: about once a second
            announced = now;
            status.textContent = phase === 'summarizing' ? t.summarizing(f.number(customers, 0), f.number(customersTotal, 0))
              : phase === 'merging' ? t.merging
              : phase === 'models' ? t.fitting
                : phase === 'finishing' ? t.finishing
                  : total ? t.reading(mb(loaded), mb(total)) : t.readingUnknown(mb(loaded));
          }
        },
      });
      if (this._run !== run) return; // cancelled, or another file came
      // The sums over every customer in slices, the page drawing between them; then the
      // report in one go (it reads them from the digest).
      await digestInSlices(result);
      if (this._run !== run) return;
      this._run = null;
      this._result = result;
      this.showResult(result);
      this.dispatchEvent(new CustomEvent('kw-analysis', { bubbles: true, composed: true, detail: { result } }));
    } catch (e) {
      if (this._run !== run) return;
      this._run = null;
      if (rerun && this._result) this.showResult(this._result);
      else this.showMapping();
      this.showError(e);
    }
  }

  showResult(r) {
    const t = this.t;
    const f = this.f;
    const w = words(f.lang);
    const name = (s) => segmentName(s, f.lang);
    const date = (iso) => formatDate(iso, f.locale);
    let html = `<p id="summary">${esc(t.summary(f.number(r.rows.used, 0), f.number(r.customers.count, 0), f.money(r.revenue), date(r.observationEnd)))}</p>`;
    if (r.rejected.total > 0) {
      html += `<p id="rejected-summary">${esc(t.rejectedSummary(f.number(r.rejected.total, 0)))} `
        + r.rejected.byReason.map((b) => `${esc(t.reasons[b.reason] ?? b.reason)} ${f.number(b.count, 0)}`).join(', ') + '</p>';
      if (r.rejected.rows.length) {
        html += `<details><summary>${esc(t.rejectedShow)}</summary><div class="scroll" tabindex="0" role="region" aria-label="${esc(t.rejectedShow)}"><table class="rejected"><thead><tr><th class="num">${esc(t.line)}</th><th>${esc(t.reason)}</th><th>${esc(t.content)}</th></tr></thead><tbody>`
          + r.rejected.rows.slice(0, 100).map((x) => `<tr><td class="num">${x.line}</td><td>${esc(t.reasons[x.reason] ?? x.reason)}</td><td>${esc(x.text)}</td></tr>`).join('')
          + '</tbody></table></div></details>';
      }
    }
    html += summaryHtml(r, f);
    const segments = [...r.segments].sort((a, b) => b.revenueShare - a.revenueShare || b.customers - a.customers);
    html += `${segmentsHtml(r, f)}<div id="segment-chart"></div>`;
    html += `<h3>${esc(t.tiers)}</h3><div id="tier-chart"></div>`;
    if (r.models) html += this.forecastHtml(r);
    if (r.channels.length) {
      const cell = (label, text, cls = '') => `<td${cls ? ` class="${cls}"` : ''} data-label="${esc(label)}">${text}</td>`;
      html += `<h3 id="channels-title">${esc(t.channels)}</h3><table id="channels" class="stacked" part="table" aria-labelledby="channels-title"><thead><tr><th scope="col">${esc(t.channel)}</th><th scope="col" class="num">${esc(t.customers)}</th>`
        + `<th scope="col" class="num">${esc(t.clv)}</th><th scope="col" class="num">${esc(t.cac)}</th><th scope="col" class="num">${esc(t.ratio)}</th><th scope="col">${esc(t.band)}</th></tr></thead><tbody>`
        + r.channels.map((c) => `<tr>${cell(t.channel, esc(c.channel))}${cell(t.customers, f.number(c.customers, 0), 'num')}${cell(t.clv, esc(f.money(c.clv)), 'num')}`
          + `${cell(t.cac, c.cac === null ? '–' : esc(f.money(c.cac)), 'num')}${cell(t.ratio, c.ratio === null ? '–' : esc(f.ratio(c.ratio)), 'num')}`
          + `${cell(t.band, c.band ? `<span class="band" data-band="${c.band}">${esc(t.bands[c.band])}</span>` : '–')}</tr>`).join('')
        + '</tbody></table>' + spendHtml(r, f, this._costs, this.getAttribute('currency') || 'EUR');
    }
    html += cohortsHtml(r, f);
    html += `<div class="buttons"><button type="button" class="primary" id="download" part="download">${esc(w.csv)}</button>`
      + `<button type="button" id="download-xlsx" part="download-xlsx">${esc(w.xlsx)}</button>`
      + `<button type="button" id="print" part="print">${esc(w.print)}</button>`
      + `<button type="button" id="another">${esc(t.another)}</button></div>`;
    this.frame(html);
    bars(this.shadowRoot.getElementById('segment-chart'),
      segments.filter((s) => s.customers > 0).map((s) => ({ label: name(s), value: s.revenueShare, text: f.percent(s.revenueShare) })), t.segmentChart);
    bars(this.shadowRoot.getElementById('tier-chart'),
      r.tiers.map((x) => ({ label: t.tierLabel(x.tier, f.percent(x.customerShare)), value: x.revenueShare, text: f.percent(x.revenueShare) })), t.tierChart);
    const holdout = r.models?.holdout;
    if (holdout) {
      bars(this.shadowRoot.getElementById('holdout-chart'), holdout.groups.filter((g) => g.customers > 0).flatMap((g) => [
        { label: `${t.group(g.frequency)}: ${t.actual}`, value: g.actual, text: f.number(g.actual, 2) },
        { label: `${t.group(g.frequency)}: ${t.predictedShort}`, value: g.predicted, text: f.number(g.predicted, 2) },
      ]), t.holdoutChart);
    }
    const $ = (id) => this.shadowRoot.getElementById(id);
    $('download').addEventListener('click', () => this.download());
    $('download-xlsx').addEventListener('click', () => this.downloadWorkbook());
    $('print').addEventListener('click', () => this.print());
    $('another').addEventListener('click', () => this.showDrop());
    for (const b of this.shadowRoot.querySelectorAll('button.list')) b.addEventListener('click', () => this.downloadList(b.dataset.segment));
    $('spend-form')?.addEventListener('submit', (e) => {
      e.preventDefault();
      this.applySpend();
    });
  }

  /** Reads the spend table; a bad entry is named and kept; else the channels are rated anew. */
  applySpend() {
    const w = words(this.f.lang);
    const costs = [];
    const error = this.shadowRoot.getElementById('spend-error');
    for (const input of this.shadowRoot.querySelectorAll('#spend-form input[data-channel]')) {
      input.removeAttribute('aria-invalid');
      const spend = parseNumber(input.value, this.f.locale);
      if (spend === null) continue;
      if (!Number.isFinite(spend) || spend < 0) {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', 'spend-error');
        error.textContent = w.spendInvalid(input.dataset.channel);
        input.focus();
        return;
      }
      costs.push({ channel: input.dataset.channel, spend });
    }
    error.textContent = '';
    this._costs = costs;
    this.analyze(true);
  }

  /** The forecast: totals, the model, the best customers to come, the valuable ones lost, the check. */
  forecastHtml(r) {
    const t = this.t;
    const f = this.f;
    const m = r.models;
    const c = r.customers;
    const date = (iso) => formatDate(iso, f.locale);
    let html = `<h3 id="forecast-title">${esc(t.forecast(f.number(m.months, 0)))}</h3>`;
    if (!m.purchase || !m.spend) {
      html += `<p class="warning" id="forecast-problem">${esc(t.noForecast(m.problem.message))}</p>`;
      if (!m.purchase) return html;
    }
    const p = m.customers;
    const figures = digest(r); // sums over every customer, once per result
    if (m.spend) {
      html += `<p id="forecast">${esc(t.forecastSummary(f.number(figures.purchases, 0), f.money(figures.clv), f.percent(figures.alive / c.count)))}</p>`;
    }
    html += detailsHtml(r, f);
    // Stacked into label and value on a narrow card; ids never wrap.
    const table = (id, caption, head, rows) => `<table id="${id}" class="stacked" part="table" aria-label="${esc(caption)}"><thead><tr>`
      + head.map(([h, num]) => `<th scope="col"${num ? ' class="num"' : ''}>${esc(h)}</th>`).join('') + '</tr></thead><tbody>'
      + rows.map((row) => `<tr>${row.map(([v, cls], j) => `<td${cls ? ` class="${cls === 1 ? 'num' : cls}"` : ''} data-label="${esc(head[j][0])}">${esc(v)}</td>`).join('')}</tr>`).join('') + '</tbody></table>';
    if (m.spend) {
      const best = figures.best;
      html += `<h3>${esc(t.top)}</h3>` + table('top', t.top,
        [[t.customer], [t.alive, 1], [t.expected, 1], [t.spend, 1], [t.predicted, 1]],
        best.map((i) => [[c.id[i], 'id'], [f.percent(p.probabilityAlive[i]), 1], [f.number(p.expectedPurchases[i], 1), 1], [f.money(p.expectedSpend[i]), 1], [f.money(p.clv[i]), 1]]));
    }
    const lost = Array.from(m.likelyLost.slice(0, 10));
    html += `<h3 id="lost-title">${esc(lost.length ? t.lost(f.number(m.likelyLost.length, 0)) : t.lostNone)}</h3>`;
    if (lost.length) {
      html += table('lost', t.lost(''), [[t.customer], [t.revenue, 1], [t.lastPurchase], [t.alive, 1]],
        lost.map((i) => [[c.id[i], 'id'], [f.money(c.total[i]), 1], [date(dayToDate(c.lastDay[i]))], [f.percent(p.probabilityAlive[i]), 1]]));
    }
    const h = m.holdout;
    if (h) {
      html += `<h3 id="holdout-title">${esc(t.holdout(date(h.calibrationEnd)))}</h3><div id="holdout-chart"></div>`
        + table('holdout', t.holdout(date(h.calibrationEnd)), [[t.before], [t.customers, 1], [`${t.perCustomer}: ${t.actual}`, 1], [`${t.perCustomer}: ${t.predictedShort}`, 1]],
          h.groups.filter((g) => g.customers > 0).map((g) => [[t.group(g.frequency)], [f.number(g.customers, 0), 1], [f.number(g.actual, 2), 1], [f.number(g.predicted, 2), 1]]))
        + `<p id="holdout-total">${esc(t.holdoutTotal(f.number(h.actual, 0), f.number(h.predicted, 0)))}</p>`;
    }
    return html;
  }

  /**
   * The per-customer scores as CSV text in the visitor's conventions (German: `;`, decimal
   * comma, 31.12.2024; English: `,`, point, ISO dates), without the byte order mark the
   * download adds. `segment` (a key such as `at-risk`) gives that segment's call list.
   */
  csv(segment) {
    const lang = this.f.lang;
    return toCsv(customerTable(this._result, { lang, segment }), lang);
  }

  /** Saves a blob as a download. */
  save(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    this.shadowRoot.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  download() {
    const lang = this.f.lang;
    this.save(toCsvBlob(customerTable(this._result, { lang }), lang), fileName(lang, 'scores', undefined, 'csv'));
  }

  /** One segment's customers, most valuable first: the call list for a campaign. */
  downloadList(segment) {
    const lang = this.f.lang;
    const s = this._result.segments.find((x) => x.segment === segment);
    this.save(toCsvBlob(customerTable(this._result, { lang, segment }), lang), fileName(lang, 'list', slug(segmentName(s, lang)), 'csv'));
  }

  /** The report as an .xlsx workbook (the writer loads on demand). */
  async downloadWorkbook() {
    const button = this.shadowRoot.getElementById('download-xlsx');
    const label = button?.textContent;
    if (button) {
      button.disabled = true;
      button.textContent = words(this.f.lang).xlsxBusy; // a large book takes a moment
    }
    try {
      // Written in a worker (excel.js): the page keeps drawing while a large book is zipped.
      const { writeWorkbook } = await import('../report/excel.js');
      const bytes = await writeWorkbook(this._result, this.f.locale, this.f.currency);
      this.save(new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), fileName(this.f.lang, 'report', undefined, 'xlsx'));
    } catch (e) {
      this.showError(e);
    } finally {
      if (button?.isConnected) {
        button.disabled = false;
        button.textContent = label;
      }
    }
  }

  /** Prints the report (or saves it as PDF): the disclosures open, the buttons hidden by print styles. */
  print() {
    for (const d of this.shadowRoot.querySelectorAll('details')) d.open = true;
    globalThis.print?.();
  }
}

/** Whether a file is an Excel workbook: by its name, or a zip's signature at its start. */
async function isWorkbook(file) {
  if (typeof Blob === 'undefined' || !(file instanceof Blob)) return false;
  if (/\.xlsx$/i.test(file.name ?? '')) return true;
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

// locale, currency, theme, model, headingLevel: properties that set their attributes.
reflectAttributes(CustomerSegmenter.prototype, {
  locale: { get: (el) => localeOf(el) },
  currency: { get: (el) => el.getAttribute('currency') || 'EUR' },
  theme: { get: (el) => (['light', 'dark'].includes(el.getAttribute('theme')) ? el.getAttribute('theme') : 'auto') },
  model: { get: (el) => (['bg-nbd', 'pareto-nbd', 'off'].includes(el.getAttribute('model')) ? el.getAttribute('model') : 'bg-nbd') },
  'heading-level': { get: (el) => Math.min(6, Math.max(2, Math.round(Number(el.getAttribute('heading-level'))) || 2)) },
});

if (typeof customElements !== 'undefined' && !customElements.get('customer-segmenter')) {
  customElements.define('customer-segmenter', CustomerSegmenter);
}
