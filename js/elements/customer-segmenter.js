// <customer-segmenter>: drop a transaction export, confirm which column is which, and see
// RFM segments with their next best action, value tiers, channels and cohorts; download the
// per-customer scores. Everything is computed in a Web Worker on the visitor's machine.
import { analyzeTransactions, dayToDate, detectFormat } from '../analysis.js';
import { KundenwertError } from '../error.js';
import { bars } from './chart.js';
import { formatters, languageOf, localeOf } from './format.js';
import { reflectAttributes } from './props.js';
import { schemeOf } from './scheme.js';
import { STYLE } from './style.js';

const Base = globalThis.HTMLElement ?? class {};
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

const TEXT = {
  de: {
    title: 'Kundendaten auswerten',
    drop: 'Transaktionsdatei (CSV) hierher ziehen oder',
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
    unit: 'Zeiteinheit für Recency und T',
    units: { day: 'Tage', week: 'Wochen', month: 'Monate' },
    analyze: 'Auswerten',
    cancel: 'Abbrechen',
    cancelled: 'Auswertung abgebrochen. Ihre Angaben sind erhalten: Sie können sie anpassen und erneut auswerten.',
    another: 'Andere Datei',
    reading: (done, total) => `${done} von ${total} gelesen`,
    readingUnknown: (done) => `${done} gelesen`,
    summary: (rows, customers, revenue, end) => `${rows} Transaktionen von ${customers} Kunden, Umsatz ${revenue}, beobachtet bis ${end}.`,
    rejectedSummary: (n) => `${n} Zeilen nicht verwendet:`,
    rejectedShow: 'Nicht verwendete Zeilen ansehen',
    line: 'Zeile',
    reason: 'Grund',
    content: 'Inhalt',
    reasons: {
      missing_columns: 'zu wenige Spalten', missing_customer: 'Kunde fehlt', bad_date: 'Datum nicht lesbar',
      bad_amount: 'Betrag nicht lesbar', bad_acquisition_cost: 'Akquisitionskosten nicht lesbar', after_end: 'nach dem Beobachtungsende',
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
    download: 'Werte pro Kunde herunterladen (CSV)',
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
    fitLine: (name, params, ll) => `Modell ${name}: ${params}; Log-Likelihood ${ll}.`,
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
    names: {
      champions: 'Champions', loyal: 'Treue Kunden', 'potential-loyalists': 'Potenziell treu', new: 'Neue Kunden', promising: 'Vielversprechend',
      'need-attention': 'Brauchen Aufmerksamkeit', 'about-to-sleep': 'Drohen einzuschlafen', 'at-risk': 'Gefährdet',
      'cant-lose-them': 'Nicht verlieren', hibernating: 'Inaktiv',
    },
    actions: {
      champions: 'Belohnen: früher Zugang, Treuevorteile; um Bewertungen und Empfehlungen bitten.',
      loyal: 'Höherwertige Produkte anbieten; ins Treueprogramm einladen.',
      'potential-loyalists': 'Mitgliedschaft oder Treueprogramm anbieten; passende Produkte empfehlen.',
      new: 'Gut einführen: Willkommensserie und frühe Unterstützung.',
      promising: 'Beziehung aufbauen: befristetes Angebot für den zweiten Kauf.',
      'need-attention': 'Mit einem persönlichen Angebot reaktivieren, bevor sie abwandern.',
      'about-to-sleep': 'Mit beliebten Produkten und einem befristeten Rabatt zurückgewinnen.',
      'at-risk': 'Persönliche Rückgewinnungs-Nachrichten und Angebote; nachfragen, was nicht gepasst hat.',
      'cant-lose-them': 'Persönlich ansprechen; mit dem besten Angebot zurückgewinnen.',
      hibernating: 'Günstig reaktivieren versuchen; sonst wenig investieren.',
    },
  },
  en: {
    title: 'Analyse your customer data',
    drop: 'Drop a transaction file (CSV) here or',
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
    unit: 'Time unit of recency and T',
    units: { day: 'days', week: 'weeks', month: 'months' },
    analyze: 'Analyse',
    cancel: 'Cancel',
    cancelled: 'Analysis cancelled. Your choices are kept: adjust them and analyse again.',
    another: 'Another file',
    reading: (done, total) => `${done} of ${total} read`,
    readingUnknown: (done) => `${done} read`,
    summary: (rows, customers, revenue, end) => `${rows} transactions of ${customers} customers, revenue ${revenue}, observed to ${end}.`,
    rejectedSummary: (n) => `${n} rows not used:`,
    rejectedShow: 'See the rows not used',
    line: 'Line',
    reason: 'Reason',
    content: 'Content',
    reasons: {
      missing_columns: 'too few columns', missing_customer: 'no customer', bad_date: 'unreadable date',
      bad_amount: 'unreadable amount', bad_acquisition_cost: 'unreadable acquisition cost', after_end: 'after the observation end',
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
    download: 'Download the scores per customer (CSV)',
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
    fitLine: (name, params, ll) => `Model ${name}: ${params}; log-likelihood ${ll}.`,
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
    sheet.replaceSync(STYLE + STYLE_EXTRA);
  }
  return sheet;
}

/** A CSV cell: quoted when needed; text that a spreadsheet would run as a formula is defused. */
function cell(value) {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?(e-?\d+)?$/i.test(s)) s = `'${s}`;
  return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The indices of the `k` largest values, largest first: one pass that keeps the best k (a sort
 * of all indices took a fifth of a second for 80,000 customers, on the main thread).
 */
function top(values, k) {
  const best = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (best.length === k) {
      if (v <= values[best[k - 1]]) continue;
      best.pop();
    }
    let at = best.length;
    while (at > 0 && values[best[at - 1]] < v) at--; // after equal values: as a stable sort
    best.splice(at, 0, i);
  }
  return best;
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
  }

  /** The latest analysis (read-only); null before one. */
  get result() {
    return this._result;
  }

  connectedCallback() {
    this.dataset.scheme = schemeOf(this);
    if (!this.shadowRoot.firstChild) this.showDrop();
  }

  attributeChangedCallback(name) {
    if (!this.shadowRoot.firstChild) return;
    if (name === 'theme') this.dataset.scheme = schemeOf(this);
    else if (this._run) return; // an analysis (or a detection) is under way: its outcome renders
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
    this.shadowRoot.innerHTML = `${shared ? '' : `<style>${STYLE}${STYLE_EXTRA}</style>`}<section class="card" part="card" aria-labelledby="title">`
      + `<div class="title" id="title" role="heading" aria-level="${Math.min(6, Math.max(2, Number(this.getAttribute('heading-level')) || 2))}" part="title">${esc(this.t.title)}</div>`
      + `${body}<p class="general-error" id="error" role="alert" part="error"></p></section>`;
  }

  showError(e) {
    const box = this.shadowRoot.getElementById('error');
    if (box) box.textContent = e instanceof KundenwertError ? `${e.field ? `${e.field}: ` : ''}${e.message}` : String(e.message ?? e);
  }

  // ---- step 1: a file ---------------------------------------------------------------------
  showDrop() {
    const t = this.t;
    this.frame(`<div class="drop" id="drop" part="drop"><p>${esc(t.drop)} <label for="file">${esc(t.choose)}</label>`
      + '<input type="file" id="file" accept=".csv,.txt,.tsv,text/csv,text/plain"></p></div>'
      + `<p class="privacy">${esc(t.privacy)}</p>`);
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
    this.cancel(); // a new file replaces the one being analysed
    const run = {};
    this._run = run;
    this._file = file;
    this._choices = null;
    try {
      const format = await detectFormat(file);
      if (this._run !== run) return; // yet another file came
      this._run = null;
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
    this.frame(`<h3>${esc(t.mapping)}</h3><p>${esc(t.detected(name, fmt.columns.join(' · ')))}</p>`
      + `<div class="mapping">${role('customer')}${role('date')}${role('amount')}${role('channel', true)}${role('order', true)}`
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
  async analyze() {
    const t = this.t;
    const f = this.f;
    const options = this.options();
    this._choices = this.choices();
    this.cancel();
    const run = { controller: new AbortController() };
    this._run = run;
    const mb = (bytes) => `${f.number(bytes / 1e6, 1)} MB`;
    this.frame(`<progress id="progress" max="1" value="0" aria-labelledby="status" part="progress"></progress><p id="status" aria-live="polite"></p>`
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
        onProgress: ({ loaded, total }) => {
          if (this._run !== run) return;
          if (total) progress.value = loaded / total;
          const now = performance.now();
          if (now - announced > 1000 || loaded === total) { // screen readers: about once a second
            announced = now;
            status.textContent = total ? t.reading(mb(loaded), mb(total)) : t.readingUnknown(mb(loaded));
          }
        },
      });
      if (this._run !== run) return; // cancelled, or another file came
      this._run = null;
      this._result = result;
      this.showResult(result);
      this.dispatchEvent(new CustomEvent('kw-analysis', { bubbles: true, composed: true, detail: { result } }));
    } catch (e) {
      if (this._run !== run) return;
      this._run = null;
      this.showMapping();
      this.showError(e);
    }
  }

  showResult(r) {
    const t = this.t;
    const f = this.f;
    const name = (s) => t.names?.[s.segment] ?? s.name;
    const action = (s) => t.actions?.[s.segment] ?? s.action;
    let html = `<p id="summary">${esc(t.summary(f.number(r.rows.used, 0), f.number(r.customers.count, 0), f.money(r.revenue), r.observationEnd))}</p>`;
    if (r.rejected.total > 0) {
      html += `<p id="rejected-summary">${esc(t.rejectedSummary(f.number(r.rejected.total, 0)))} `
        + r.rejected.byReason.map((b) => `${esc(t.reasons[b.reason] ?? b.reason)} ${f.number(b.count, 0)}`).join(', ') + '</p>';
      if (r.rejected.rows.length) {
        html += `<details><summary>${esc(t.rejectedShow)}</summary><div class="scroll" tabindex="0" role="region" aria-label="${esc(t.rejectedShow)}"><table class="rejected"><thead><tr><th class="num">${esc(t.line)}</th><th>${esc(t.reason)}</th><th>${esc(t.content)}</th></tr></thead><tbody>`
          + r.rejected.rows.slice(0, 100).map((x) => `<tr><td class="num">${x.line}</td><td>${esc(t.reasons[x.reason] ?? x.reason)}</td><td>${esc(x.text)}</td></tr>`).join('')
          + '</tbody></table></div></details>';
      }
    }
    const segments = [...r.segments].sort((a, b) => b.revenueShare - a.revenueShare || b.customers - a.customers);
    html += `<h3>${esc(t.segments)}</h3><div class="scroll" tabindex="0" role="region" aria-label="${esc(t.segments)}"><table id="segments" part="table"><thead><tr><th>${esc(t.segment)}</th>`
      + `<th class="num">${esc(t.customers)}</th><th class="num">${esc(t.customerShare)}</th><th class="num">${esc(t.revenueShare)}</th><th>${esc(t.action)}</th></tr></thead><tbody>`
      + segments.map((s) => `<tr data-segment="${s.segment}"><td>${esc(name(s))}</td><td class="num">${f.number(s.customers, 0)}</td>`
        + `<td class="num">${f.percent(s.customerShare)}</td><td class="num">${f.percent(s.revenueShare)}</td><td>${esc(action(s))}</td></tr>`).join('')
      + '</tbody></table></div><div id="segment-chart"></div>';
    html += `<h3>${esc(t.tiers)}</h3><div id="tier-chart"></div>`;
    if (r.models) html += this.forecastHtml(r);
    if (r.channels.length) {
      html += `<h3>${esc(t.channels)}</h3><div class="scroll" tabindex="0" role="region" aria-label="${esc(t.channels)}"><table id="channels" part="table"><thead><tr><th>${esc(t.channel)}</th><th class="num">${esc(t.customers)}</th>`
        + `<th class="num">${esc(t.clv)}</th><th class="num">${esc(t.cac)}</th><th class="num">${esc(t.ratio)}</th><th>${esc(t.band)}</th></tr></thead><tbody>`
        + r.channels.map((c) => `<tr><td>${esc(c.channel)}</td><td class="num">${f.number(c.customers, 0)}</td><td class="num">${f.money(c.clv)}</td>`
          + `<td class="num">${c.cac === null ? '–' : f.money(c.cac)}</td><td class="num">${c.ratio === null ? '–' : f.ratio(c.ratio)}</td>`
          + `<td>${c.band ? `<span class="band" data-band="${c.band}">${esc(t.bands[c.band])}</span>` : '–'}</td></tr>`).join('')
        + '</tbody></table></div>';
    }
    const width = Math.max(...r.cohorts.map((c) => c.retention.length));
    html += `<h3>${esc(t.cohorts)}</h3><div class="scroll" tabindex="0" role="region" aria-label="${esc(t.cohorts)}"><table class="cohort" id="cohorts" part="table"><thead><tr><th>${esc(t.cohort)}</th><th class="num">${esc(t.customers)}</th>`
      + Array.from({ length: width }, (_, k) => `<th class="num">${t.month(k)}</th>`).join('') + '</tr></thead><tbody>'
      // retention is a Float64Array: Array.from, since its own map() would make numbers of the cells
      + r.cohorts.map((c) => `<tr><td>${c.month}</td><td class="num">${f.number(c.customers, 0)}</td>`
        + Array.from({ length: width }, (_, k) => (k < c.retention.length
          ? `<td class="num" data-level="${c.retention[k] >= 0.1 && c.retention[k] < 1 ? 1 : 0}">${f.percent(c.retention[k])}</td>`
          : '<td class="num"></td>')).join('') + '</tr>').join('')
      + '</tbody></table></div>';
    html += `<div class="buttons"><button type="button" class="primary" id="download" part="download">${esc(t.download)}</button>`
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
    this.shadowRoot.getElementById('download').addEventListener('click', () => this.download());
    this.shadowRoot.getElementById('another').addEventListener('click', () => this.showDrop());
  }

  /** The forecast: totals, the model, the best customers to come, the valuable ones lost, the check. */
  forecastHtml(r) {
    const t = this.t;
    const f = this.f;
    const m = r.models;
    const c = r.customers;
    let html = `<h3 id="forecast-title">${esc(t.forecast(f.number(m.months, 0)))}</h3>`;
    if (!m.purchase || !m.spend) {
      html += `<p class="warning" id="forecast-problem">${esc(t.noForecast(m.problem.message))}</p>`;
      if (!m.purchase) return html;
    }
    const p = m.customers;
    const sum = (values) => values.reduce((a, b) => a + b, 0);
    const alive = p.probabilityAlive.filter((x) => x >= 0.5).length / c.count;
    if (m.spend) {
      html += `<p id="forecast">${esc(t.forecastSummary(f.number(sum(p.expectedPurchases), 0), f.money(sum(p.clv)), f.percent(alive)))}</p>`;
    }
    const params = Object.entries(m.purchase.params).map(([k, v]) => `${{ alpha: 'α', beta: 'β' }[k] ?? k} = ${f.number(v, 3)}`).join(', ');
    html += `<p id="fit" class="privacy">${esc(t.fitLine(t.models[m.purchaseModel].split(' ')[0], params, f.number(m.purchase.logLikelihood, 1)))}</p>`;
    const table = (id, caption, head, rows) => `<div class="scroll" tabindex="0" role="region" aria-label="${esc(caption)}"><table id="${id}" part="table"><thead><tr>`
      + head.map(([h, num]) => `<th${num ? ' class="num"' : ''}>${esc(h)}</th>`).join('') + '</tr></thead><tbody>'
      + rows.map((row) => `<tr>${row.map(([v, num]) => `<td${num ? ' class="num"' : ''}>${esc(v)}</td>`).join('')}</tr>`).join('') + '</tbody></table></div>';
    if (m.spend) {
      const best = top(p.clv, 10);
      html += `<h3>${esc(t.top)}</h3>` + table('top', t.top,
        [[t.customer], [t.alive, 1], [t.expected, 1], [t.spend, 1], [t.predicted, 1]],
        best.map((i) => [[c.id[i]], [f.percent(p.probabilityAlive[i]), 1], [f.number(p.expectedPurchases[i], 1), 1], [f.money(p.expectedSpend[i]), 1], [f.money(p.clv[i]), 1]]));
    }
    const lost = Array.from(m.likelyLost.slice(0, 10));
    html += `<h3 id="lost-title">${esc(lost.length ? t.lost(f.number(m.likelyLost.length, 0)) : t.lostNone)}</h3>`;
    if (lost.length) {
      html += table('lost', t.lost(''), [[t.customer], [t.revenue, 1], [t.lastPurchase], [t.alive, 1]],
        lost.map((i) => [[c.id[i]], [f.money(c.total[i]), 1], [dayToDate(c.lastDay[i])], [f.percent(p.probabilityAlive[i]), 1]]));
    }
    const h = m.holdout;
    if (h) {
      html += `<h3 id="holdout-title">${esc(t.holdout(h.calibrationEnd))}</h3><div id="holdout-chart"></div>`
        + table('holdout', t.holdout(h.calibrationEnd), [[t.before], [t.customers, 1], [`${t.perCustomer}: ${t.actual}`, 1], [`${t.perCustomer}: ${t.predictedShort}`, 1]],
          h.groups.filter((g) => g.customers > 0).map((g) => [[t.group(g.frequency)], [f.number(g.customers, 0), 1], [f.number(g.actual, 2), 1], [f.number(g.predicted, 2), 1]]))
        + `<p id="holdout-total">${esc(t.holdoutTotal(f.number(h.actual, 0), f.number(h.predicted, 0)))}</p>`;
    }
    return html;
  }

  /** The per-customer scores as CSV text. */
  csv() {
    const r = this._result;
    const c = r.customers;
    const unit = r.periodUnit;
    const head = ['customer', 'frequency', `recency_${unit}s`, `T_${unit}s`, 'monetary', 'total', 'purchases', 'first_purchase', 'last_purchase',
      'days_since_last_purchase', 'r', 'f', 'm', 'segment', 'tier'];
    if (c.channel.length) head.push('channel');
    const p = r.models?.customers;
    const months = r.models?.months;
    if (p?.probabilityAlive.length) head.push('p_alive', `expected_purchases_${months}m`);
    if (p?.clv.length) head.push('expected_value_per_purchase', `clv_${months}m`);
    const lines = [head.join(',')];
    const round = (v) => String(Math.round(v * 1e6) / 1e6);
    for (let i = 0; i < c.count; i++) {
      const row = [cell(c.id[i]), c.frequency[i], round(c.recency[i]), round(c.T[i]), round(c.monetary[i]), round(c.total[i]), c.purchases[i],
        dayToDate(c.firstDay[i]), dayToDate(c.lastDay[i]), c.recencyDays[i], c.r[i], c.f[i], c.m[i],
        cell(r.segments[c.segment[i]].segment), 'ABC'[c.tier[i]]];
      if (c.channel.length) row.push(cell(r.channelNames[c.channel[i]]));
      if (p?.probabilityAlive.length) row.push(round(p.probabilityAlive[i]), round(p.expectedPurchases[i]));
      if (p?.clv.length) row.push(round(p.expectedSpend[i]), round(p.clv[i]));
      lines.push(row.join(','));
    }
    return `${lines.join('\n')}\n`;
  }

  download() {
    const url = URL.createObjectURL(new Blob([this.csv()], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'customer-scores.csv';
    this.shadowRoot.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
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
