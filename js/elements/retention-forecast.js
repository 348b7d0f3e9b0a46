// <retention-forecast>: the share of a cohort still subscribed after each of a few periods in,
// the shifted-beta-geometric model (Fader & Hardie 2007) fitted to it, and out the projected
// retention curve, the expected lifetime and the CLV of a new subscriber. Every number comes
// from kundenwert/retention (its own small wasm, src/models/sbg.rs); this file only reads, formats
// and draws. Its own script (dist/retention-forecast.js), not part of embed.js.
import { fitShiftedBetaGeometric, init as initRetention, KundenwertError } from '../retention/index.js';
import { Calculator } from './base.js';
import { lineChart } from './chart.js';
import { languageOf } from './format.js';

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** Periods a visitor can enter: at least 2 (the model has two parameters), at most 12. */
const MIN = 2;
const MAX = 12;
const RETAINED = Array.from({ length: MAX }, (_, i) => `retained${i + 1}`);
/** Fader & Hardie (2007), the "regular" segment: still subscribed after year 1 ... 5. */
const REGULAR = [0.631, 0.468, 0.382, 0.326, 0.289];
/** Projected periods: twice those entered, at least this many. */
const MIN_PROJECTION = 10;

const WORDS = {
  de: {
    year: { one: 'Jahr', many: 'Jahre', per: 'Jahr', each: 'jedes Jahres' },
    month: { one: 'Monat', many: 'Monate', per: 'Monat', each: 'jedes Monats' },
  },
  en: {
    year: { one: 'year', many: 'years', per: 'year', each: 'each year' },
    month: { one: 'month', many: 'months', per: 'month', each: 'each month' },
  },
};
const cap = (s) => s[0].toUpperCase() + s.slice(1);
const list = (items, and) => (items.length > 1 ? `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}` : items.join(''));

/** The texts for a language and period unit. */
function textsFor(lang, period) {
  const w = WORDS[lang][period];
  if (lang === 'de') {
    return {
      title: 'Wie lange bleiben Ihre Abonnenten?',
      legend: 'Anteil einer Kohorte, der noch abonniert hat',
      retained: (k) => `nach ${w.one} ${k}`,
      add: (k) => `${w.one} ${k} hinzufügen`,
      most: (k) => `Höchstens ${k} ${w.many}`,
      remove: (k) => `${w.one} ${k} entfernen`,
      added: (k) => `${w.one} ${k} hinzugefügt.`,
      removed: (k) => `${w.one} ${k} entfernt.`,
      margin: `Marge pro Abonnent und ${w.per}`,
      discountRate: `Abzinsung pro ${w.per}`,
      clv: 'Kundenwert (CLV) pro Neukunde',
      clvDetail: (margin, del) => `${margin} Marge × ${del} (abgezinste Laufzeit)`,
      lifetime: 'Erwartete Laufzeit eines Neukunden',
      lifetimeNote: `bezahlte ${w.many}, das erste mitgezählt`,
      forever: 'unbegrenzt',
      foreverNote: 'α ≤ 1: Ein Teil der Abonnenten kündigt so selten, dass die durchschnittliche Laufzeit unendlich ist. Der Kundenwert rechnet deshalb mit der abgezinsten Laufzeit.',
      discounted: 'Abgezinste erwartete Laufzeit',
      discountedNote: (rate) => `Zahlung zu Beginn ${w.each}, abgezinst mit ${rate} pro ${w.per}`,
      params: 'Geschätztes Modell (shifted-beta-geometrisch)',
      paramsNote: 'α und β beschreiben, wie unterschiedlich kündigungsfreudig Ihre Abonnenten sind.',
      errorsNote: (a, b, n) => `Standardfehler: α ± ${a}, β ± ${b} (Kohorte von ${n})`,
      trend: `Verlängerungsrate in den nächsten ${w.many}n`,
      trendNote: (periods) => `Anteil, der am Ende von ${w.one} ${list(periods, 'und')} verlängert; sie steigt, weil die Kündigungsfreudigen zuerst gehen.`,
      chart: (n, last, value) => `Anteil noch abonniert: gemessen nach ${w.one} 1 bis ${n} (Punkte), Prognose des Modells (Linie) bis ${w.one} ${last}: ${value}`,
      measured: 'gemessen',
      model: 'Prognose (Modell)',
      table: `Anteil noch abonniert und Verlängerungsrate je ${w.one}`,
      columns: [cap(w.one), 'gemessen', 'Modell', 'Verlän\u00adgerung'],
      codes: {
        no_convergence: 'Mit diesen Anteilen lässt sich das Modell nicht schätzen. Es braucht Kündigungen, die mit der Zeit seltener werden (wer lange bleibt, bleibt eher). Bei einer gleichbleibenden Kündigungsrate passt ein CLV mit fester Abwanderung besser.',
        empty: 'Bitte mindestens zwei Perioden eingeben.',
      },
      diverges: 'Ohne Abzinsung ist die erwartete Laufzeit hier unendlich (α ≤ 1): bitte eine Abzinsung über 0 % eingeben.',
      negative: 'Bitte einen Anteil ab 0 % eingeben.',
      atMost100: 'Bitte höchstens 100 % eingeben.',
      atMostBefore: (k, v) => `Bitte höchstens so viel wie nach ${w.one} ${k}${v ? ` (${v})` : ''} eingeben: Wer gekündigt hat, zählt hier nicht mehr mit.`,
      discountRange: 'Bitte einen Wert von 0 bis 1.000 % eingeben.',
    };
  }
  return {
    title: 'How long do your subscribers stay?',
    legend: 'Share of a cohort still subscribed',
    retained: (k) => `after ${w.one} ${k}`,
    add: (k) => `Add ${w.one} ${k}`,
    most: (k) => `At most ${k} ${w.many}`,
    remove: (k) => `Remove ${w.one} ${k}`,
    added: (k) => `${cap(w.one)} ${k} added.`,
    removed: (k) => `${cap(w.one)} ${k} removed.`,
    margin: `Margin per subscriber per ${w.per}`,
    discountRate: `Discount rate per ${w.per}`,
    clv: 'Customer lifetime value (CLV) per new subscriber',
    clvDetail: (margin, del) => `${margin} margin × ${del} (discounted lifetime)`,
    lifetime: 'Expected lifetime of a new subscriber',
    lifetimeNote: `${w.many} paid for, the first included`,
    forever: 'infinite',
    foreverNote: 'α ≤ 1: some subscribers cancel so rarely that the average lifetime is infinite. The CLV therefore uses the discounted lifetime.',
    discounted: 'Discounted expected lifetime',
    discountedNote: (rate) => `payment at the start of ${w.each}, discounted at ${rate} per ${w.per}`,
    params: 'Fitted model (shifted beta-geometric)',
    paramsNote: 'α and β describe how much your subscribers differ in their propensity to cancel.',
    errorsNote: (a, b, n) => `standard errors: α ± ${a}, β ± ${b} (cohort of ${n})`,
    trend: `Renewal rate in the next ${w.many}`,
    trendNote: (periods) => `share renewing at the end of ${w.one} ${list(periods, 'and')}; it rises because those most likely to cancel leave first.`,
    chart: (n, last, value) => `Share still subscribed: measured after ${w.one} 1 to ${n} (dots), the model's forecast (line) to ${w.one} ${last}: ${value}`,
    measured: 'measured',
    model: 'forecast (model)',
    table: `Share still subscribed and renewal rate by ${w.one}`,
    columns: [cap(w.one), 'measured', 'model', 'renewal'],
    codes: {
      no_convergence: 'The model cannot be fitted to these shares. It needs cancellations that become rarer over time (those who stay long tend to stay). With a constant churn rate, a CLV with fixed churn fits better.',
      empty: 'Please enter at least two periods.',
    },
    diverges: 'Without discounting, the expected lifetime is infinite here (α ≤ 1): please enter a discount rate above 0 %.',
    negative: 'Please enter a share of 0 % or more.',
    atMost100: 'Please enter at most 100 %.',
    atMostBefore: (k, v) => `Please enter at most the share after ${w.one} ${k}${v ? ` (${v})` : ''}: those who cancelled no longer count here.`,
    discountRange: 'Please enter a value from 0 to 1,000 %.',
  };
}

/** The element's own styles, on top of the calculators' shared sheet. */
const OWN_STYLE = `
.cohort { border: 0; padding: 0; margin: 0 0 var(--kw-gap); min-width: 0; }
.cohort legend { font-weight: 600; padding: 0; margin: 0 0 .5rem; }
.cohort-fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 8.5rem), 1fr)); gap: .75rem var(--kw-gap); }
.cohort-actions { display: flex; flex-wrap: wrap; gap: .5rem .75rem; align-items: center; margin-top: .75rem; }
button[disabled] { opacity: .6; cursor: default; }
button[disabled]:hover { border-color: var(--kw-border); }
.params { display: flex; flex-wrap: wrap; gap: 0 1rem; font-size: 1.35em; font-weight: 700; font-variant-numeric: tabular-nums; }
.params output { font-size: 1em; }
.chart .actual { fill: var(--kw-fg); stroke: var(--kw-surface); stroke-width: 1.5; }
.legend .dot { display: inline-block; width: .65rem; height: .65rem; border-radius: 50%; background: var(--kw-fg); vertical-align: middle; margin-right: .35rem; }
.scroll { overflow-x: auto; margin-top: var(--kw-gap); }
.scroll:focus-visible { outline: 2px solid var(--kw-accent); outline-offset: 2px; }
.forecast { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; font-size: .95em; }
.forecast caption { text-align: left; font-weight: 600; margin-bottom: .35rem; }
.forecast th, .forecast td { padding: .3rem .5rem; border-bottom: 1px solid var(--kw-border); text-align: right; white-space: nowrap; }
.forecast th:first-child { text-align: left; }
.forecast thead th { color: var(--kw-muted); font-weight: 600; white-space: normal; vertical-align: bottom; hyphens: manual; }
.forecast tbody tr.projected th { font-weight: 400; }
#trend { font-size: 1.15em; }
@container (max-width: 30rem) {
  .forecast { font-size: .85em; }
  .forecast th, .forecast td { padding: .3rem .3rem; }
}
@media print {
  .cohort-actions { display: none; }
  .scroll { overflow: visible; }
  .forecast { break-inside: avoid; }
}
`;

let ownSheet = null;
function ownStyles() {
  if (!ownSheet && typeof CSSStyleSheet === 'function' && 'adoptedStyleSheets' in Document.prototype) {
    ownSheet = new CSSStyleSheet();
    ownSheet.replaceSync(OWN_STYLE);
  }
  return ownSheet;
}

const nfCache = new Map();
function nf(locale, options) {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = nfCache.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale, options);
    } catch {
      f = new Intl.NumberFormat('en', options);
    }
    nfCache.set(key, f);
  }
  return f;
}

export class RetentionForecast extends Calculator {
  static allFields = [...RETAINED, 'margin', 'discountRate', 'cohortSize'];
  static defaults = {
    ...Object.fromEntries(REGULAR.map((v, i) => [RETAINED[i], v])),
    margin: 100,
    discountRate: 0.1,
    cohortSize: null,
  };

  static get observedAttributes() {
    return [...super.observedAttributes, 'period'];
  }

  /** The retention wasm (kundenwert/retention) instead of the calculators' core. */
  static ready() {
    return initRetention();
  }

  // ---- public ----------------------------------------------------------------------------
  /** `year` (default) or `month`: the unit of the periods, in the labels and results. */
  get period() {
    return this.getAttribute('period') === 'month' ? 'month' : 'year';
  }

  set period(p) {
    this.setAttribute('period', p);
  }

  /**
   * How many periods the visitor enters (2 to 12). At first the highest k with a retained<k>
   * attribute or URL value, else 5 (the defaults).
   */
  get periodCount() {
    if (this._count === undefined) {
      let n = 0;
      RETAINED.forEach((field, i) => {
        const typed = this._text[field];
        if (this.hasAttribute(field) || (typed !== undefined && typed !== '')) n = i + 1;
      });
      this._count = Math.min(MAX, Math.max(MIN, n || REGULAR.length));
    }
    return this._count;
  }

  set periodCount(n) {
    const count = Math.min(MAX, Math.max(MIN, Math.round(Number(n)) || MIN));
    if (count === this.periodCount) return;
    // A period taken away is forgotten: added again, it starts empty.
    for (let k = count + 1; k <= this._count; k++) this._text[RETAINED[k - 1]] = '';
    this._count = count;
    if (this._rendered) {
      this.render();
      this.update();
    }
  }

  readUrl() {
    super.readUrl();
    if (!this._rendered) this._count = undefined; // counted again with the URL's values
  }

  /** Setting retained<k> beyond the periods shown shows them up to k. */
  setValue(field, v) {
    const k = RETAINED.indexOf(field) + 1;
    const grow = k > this.periodCount && v !== null && v !== undefined && v !== '';
    super.setValue(field, v);
    if (grow) this.periodCount = k;
  }

  // ---- for the base class --------------------------------------------------------------------
  fields() {
    return [...RETAINED.slice(0, this.periodCount), 'margin', 'discountRate', 'cohortSize'];
  }

  texts(lang) {
    const t = textsFor(lang, this.period);
    // What out_of_range means, by field and by what the visitor typed.
    const range = { discountRate: t.discountRange };
    const pct = (v) => nf(this.locale, { style: 'percent', maximumFractionDigits: 1 }).format(v);
    for (let k = 1; k <= this.periodCount; k++) {
      const v = this.valueOf(RETAINED[k - 1]);
      const before = k > 1 ? this.valueOf(RETAINED[k - 2]) : null;
      range[RETAINED[k - 1]] = v !== null && v < 0 ? t.negative : k === 1 ? t.atMost100 : t.atMostBefore(k - 1, before === null ? '' : pct(before));
    }
    return { ...t, range };
  }

  resultsHtml(t) {
    const result = (id, label, cls = '', note = true) => `<div class="result${cls}"><span class="label" id="${id}-label">${esc(label)}</span>`
      + `<output id="${id}" aria-labelledby="${id}-label" aria-live="polite" part="result">…</output>`
      + (note ? `<span class="label" id="${id}-note"></span>` : '') + '</div>';
    return result('clv', t.clv, ' headline')
      + result('lifetime', t.lifetime)
      + result('discounted', t.discounted)
      + `<div class="result"><span class="label" id="params-label">${esc(t.params)}</span><span class="params">`
      + '<span>α = <output id="alpha" aria-labelledby="params-label alpha-name" aria-live="polite" part="result"></output></span>'
      + '<span>β = <output id="beta" aria-labelledby="params-label beta-name" aria-live="polite" part="result"></output></span></span>'
      + '<span class="visually-hidden" id="alpha-name">α</span><span class="visually-hidden" id="beta-name">β</span>'
      + `<span class="label" id="params-note">${esc(t.paramsNote)}</span></div>`
      + result('trend', t.trend);
  }

  render() {
    super.render();
    const root = this.shadowRoot;
    const lang = languageOf(this.locale);
    const t = this.texts(lang);
    const own = ownStyles();
    if (own) root.adoptedStyleSheets = [...root.adoptedStyleSheets, own];
    else root.querySelector('style')?.after(Object.assign(document.createElement('style'), { textContent: OWN_STYLE }));

    // Labels in the period's words.
    const n = this.periodCount;
    RETAINED.slice(0, n).forEach((field, i) => { root.getElementById(`${field}-label`).textContent = t.retained(i + 1); });
    root.getElementById('margin-label').textContent = t.margin;
    root.getElementById('discountRate-label').textContent = t.discountRate;

    // The cohort's shares as a group, with buttons to add and remove a period.
    const set = document.createElement('fieldset');
    set.className = 'cohort';
    set.setAttribute('part', 'cohort');
    set.innerHTML = `<legend>${esc(t.legend)}</legend><div class="cohort-fields"></div><div class="cohort-actions">`
      + `<button type="button" id="add-period" part="add-period"${n >= MAX ? ' disabled' : ''}>${esc(n >= MAX ? t.most(MAX) : t.add(n + 1))}</button>`
      + `<button type="button" id="remove-period" part="remove-period"${n <= MIN ? ' disabled' : ''}>${esc(t.remove(n))}</button>`
      + '<span class="status" id="period-status" aria-live="polite"></span></div>';
    const box = set.querySelector('.cohort-fields');
    for (const field of RETAINED.slice(0, n)) box.append(root.querySelector(`.field[data-field="${field}"]`));
    root.querySelector('.fields').before(set);
    root.getElementById('add-period').addEventListener('click', () => this.changePeriods(+1));
    root.getElementById('remove-period').addEventListener('click', () => this.changePeriods(-1));

    // A re-render (language, periods added ...) keeps the last valid result on screen.
    if (this._result && this._shown) this.present(this._result, null, t);
  }

  /** Adds or removes the last period, keeping the keyboard focus where the visitor works. */
  changePeriods(step) {
    const lang = languageOf(this.locale);
    const t = textsFor(lang, this.period);
    const before = this.periodCount;
    this.periodCount = before + step;
    const n = this.periodCount;
    if (n === before) return;
    const root = this.shadowRoot;
    const target = step > 0 ? root.getElementById(RETAINED[n - 1])
      : root.querySelector('#remove-period:not([disabled])') ?? root.getElementById('add-period');
    target.focus();
    // The live region is new after the re-render: give it a moment before it speaks.
    setTimeout(() => {
      const status = root.getElementById('period-status');
      if (status) status.textContent = step > 0 ? t.added(n) : t.removed(before);
    }, 100);
  }

  compute(values) {
    const n = this.periodCount;
    // Shares of the cohort still subscribed after period 1..n (fractions: the fields are percent).
    const survival = RETAINED.slice(0, n).map((field) => values[field] ?? null);
    let fit;
    try {
      fit = fitShiftedBetaGeometric(survival, { unit: 'share', cohortSize: values.cohortSize });
    } catch (e) {
      // The core names survival[i]; the visitor's field is retained<i + 1>.
      const m = e instanceof KundenwertError && /^survival\[(\d+)\]$/.exec(e.field);
      throw m ? new KundenwertError(e.code, RETAINED[Number(m[1])], e.message) : e;
    }
    // The projection has defaults for both; here an empty field is a missing value, not the default.
    for (const field of ['margin', 'discountRate']) {
      if (values[field] === undefined) throw new KundenwertError('missing', field, `${field} is required`);
    }
    const periods = Math.max(2 * n, MIN_PROJECTION);
    const projection = fit.project({ periods, discountRate: values.discountRate, margin: values.margin });
    this._inputs = { survival, margin: values.margin, discountRate: values.discountRate, cohortSize: values.cohortSize ?? null };
    return {
      params: fit.params,
      standardErrors: fit.standardErrors,
      logLikelihood: fit.logLikelihood,
      observations: fit.observations,
      iterations: fit.iterations,
      periods,
      ...projection,
    };
  }

  present(r, f, t) {
    f = this.formats();
    this._shown = true;
    const inputs = this._inputs;
    const n = inputs.survival.length;
    this.out('clv', f.money(r.clv));
    this.out('clv-note', t.clvDetail(f.money(inputs.margin), f.number(r.discountedExpectedLifetime, 2)));
    if (r.expectedLifetime === null) {
      this.out('lifetime', t.forever);
      this.out('lifetime-note', t.foreverNote);
    } else {
      this.out('lifetime', f.periods(r.expectedLifetime, 1));
      this.out('lifetime-note', t.lifetimeNote);
    }
    this.out('discounted', f.periods(r.discountedExpectedLifetime, 2));
    this.out('discounted-note', t.discountedNote(f.percent(inputs.discountRate, 2)));
    this.out('alpha', f.param(r.params.alpha));
    this.out('beta', f.param(r.params.beta));
    const se = r.standardErrors;
    this.out('params-note', se && inputs.cohortSize ? t.errorsNote(f.param(se.alpha), f.param(se.beta), f.number(inputs.cohortSize, 0)) : t.paramsNote);
    // Retention r(t) of the next three periods after those entered (r[t - 1] is r(t)).
    const next = [n + 1, n + 2, n + 3];
    this.out('trend', next.map((p) => f.percent(r.retention[p - 1])).join(' → '));
    this.out('trend-note', t.trendNote(next.map(String)));

    // The chart: S(1..periods) as the line, the shares entered as dots; then the same as a table.
    const projected = Array.from(r.survival.subarray(1));
    let svg = lineChart({
      series: [{ values: projected, className: 'value' }, { values: inputs.survival, className: 'actual' }],
      y: (v) => f.percent(v, 1),
      x: (p) => String(p),
      width: this.chartWidth,
      label: t.chart(n, r.periods, f.percent(projected.at(-1))),
    });
    // lineChart draws every series as a path "M x,y L x,y ..."; the measured shares become dots
    // at those same points.
    svg = svg.replace(/<path class="actual" d="([^"]*)"\/>/, (_, d) => d.split(/[ML]/).filter(Boolean)
      .map((point) => point.split(',')).map(([x, y]) => `<circle class="actual" cx="${x}" cy="${y}" r="4.5"/>`).join(''));
    let rows = '';
    for (let p = 1; p <= r.periods; p++) {
      const measured = p <= n && inputs.survival[p - 1] !== null ? f.percent(inputs.survival[p - 1]) : '';
      rows += `<tr data-period="${p}"${p > n ? ' class="projected"' : ''}><th scope="row">${p}</th><td class="actual">${measured}</td>`
        + `<td class="model">${f.percent(r.survival[p])}</td><td class="retention">${f.percent(r.retention[p - 1])}</td></tr>`;
    }
    const [c0, c1, c2, c3] = t.columns;
    this.shadowRoot.getElementById('chart').innerHTML = svg
      + `<ul class="legend"><li><span class="swatch"></span>${esc(t.model)}</li><li><span class="dot"></span>${esc(t.measured)}</li></ul>`
      + `<div class="scroll" tabindex="0" role="region" aria-label="${esc(t.table)}"><table class="forecast" id="forecast" part="table">`
      + `<caption>${esc(t.table)}</caption><thead><tr><th scope="col">${esc(c0)}</th><th scope="col">${esc(c1)}</th><th scope="col">${esc(c2)}</th><th scope="col">${esc(c3)}</th></tr></thead>`
      + `<tbody>${rows}</tbody></table></div>`;
  }

  /** The base formatters (money in the element's currency) and this element's own. */
  formats() {
    const locale = this.locale;
    const currency = this.getAttribute('currency') || 'EUR';
    const period = this.period;
    const money = (v) => nf(locale, { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v);
    return {
      money,
      percent: (v, digits = 1) => nf(locale, { style: 'percent', maximumFractionDigits: digits }).format(v),
      number: (v, digits) => nf(locale, { maximumFractionDigits: digits }).format(v),
      /** α, β and their errors: three decimals, or three significant digits when smaller. */
      param: (v) => nf(locale, Math.abs(v) >= 0.001 ? { maximumFractionDigits: 3 } : { maximumSignificantDigits: 3 }).format(v),
      /** 3,7 Jahre / 3.7 years. */
      periods: (v, digits) => nf(locale, { style: 'unit', unit: period, unitDisplay: 'long', maximumFractionDigits: digits }).format(v),
    };
  }

  showErrors(errors, lang) {
    super.showErrors(errors, lang);
    const root = this.shadowRoot;
    const t = textsFor(lang, this.period);
    const fields = this.fields();
    const general = errors.find((e) => !fields.includes(e.field));
    if (general && t.codes[general.code]) root.getElementById('general-error').textContent = t.codes[general.code];
    if (errors.some((e) => e.field === 'discountRate' && e.code === 'diverges')) root.getElementById('discountRate-error').textContent = t.diverges;
  }

  summary(r) {
    return {
      clv: r.clv,
      expectedLifetime: r.expectedLifetime,
      discountedExpectedLifetime: r.discountedExpectedLifetime,
      alpha: r.params.alpha,
      beta: r.params.beta,
    };
  }
}

RetentionForecast.define('retention-forecast');
