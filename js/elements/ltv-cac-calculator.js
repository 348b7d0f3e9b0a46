// <ltv-cac-calculator>: CAC from spend and new customers (or given), CLV, the LTV:CAC ratio
// and its band, simple and churn-aware payback, and a chart of cumulative margin against CAC.
import { cac, clvSubscription, ltvCac, payback } from '../index.js';
import { Calculator } from './base.js';
import { lineChart } from './chart.js';

const CLV_FIELDS = ['arpa', 'grossMargin', 'churnRate'];
const MODES = {
  spend: ['spend', 'newCustomers', ...CLV_FIELDS],
  direct: ['acquisitionCost', ...CLV_FIELDS],
};

const TEXT = {
  de: {
    title: 'LTV:CAC und Amortisation berechnen',
    modeLegend: 'Akquisitionskosten (CAC)',
    modes: { spend: 'aus Ausgaben und Neukunden', direct: 'direkt eingeben' },
    ratio: 'LTV:CAC',
    bands: {
      losing: 'Verlust: jeder Kunde kostet mehr, als er bringt',
      'below-target': 'Unter dem Ziel von 3 : 1',
      healthy: 'Gesund (3 : 1 bis 5 : 1)',
      'under-investing': 'Sehr gut: womöglich zu wenig in Wachstum investiert',
    },
    cac: 'Akquisitionskosten (CAC)',
    clv: 'Kundenwert (CLV)',
    simple: 'Amortisation, einfach',
    periods: 'Amortisation mit Abwanderung',
    never: 'nie',
    chart: (cacText, at) => `Kumulierte Marge pro Kunde gegen CAC von ${cacText}; ${at}`,
    breakEven: (m) => `Break-even nach ${m}`,
    noBreakEven: 'kein Break-even',
    legendMargin: 'Kumulierte Marge',
    legendCac: 'CAC',
    range: {
      spend: 'Bitte einen Betrag größer als 0 eingeben: ohne Kosten gibt es kein LTV:CAC.',
      acquisitionCost: 'Bitte einen Betrag größer als 0 eingeben: ohne Kosten gibt es kein LTV:CAC.',
    },
  },
  en: {
    title: 'Calculate LTV:CAC and payback',
    modeLegend: 'Acquisition cost (CAC)',
    modes: { spend: 'from spend and new customers', direct: 'enter directly' },
    ratio: 'LTV:CAC',
    bands: {
      losing: 'Losing: each customer costs more than it brings',
      'below-target': 'Below the 3 : 1 target',
      healthy: 'Healthy (3 : 1 to 5 : 1)',
      'under-investing': 'Very good: possibly under-investing in growth',
    },
    cac: 'Acquisition cost (CAC)',
    clv: 'Customer lifetime value (CLV)',
    simple: 'Payback, simple',
    periods: 'Payback with churn',
    never: 'never',
    chart: (cacText, at) => `Cumulative margin per customer against a CAC of ${cacText}; ${at}`,
    breakEven: (m) => `Break-even after ${m}`,
    noBreakEven: 'no break-even',
    legendMargin: 'Cumulative margin',
    legendCac: 'CAC',
    range: {
      spend: 'Please enter an amount above 0: without a cost there is no LTV:CAC.',
      acquisitionCost: 'Please enter an amount above 0: without a cost there is no LTV:CAC.',
    },
  },
};

export class LtvCacCalculator extends Calculator {
  static allFields = [...new Set(Object.values(MODES).flat())];
  static defaults = { spend: 50000, newCustomers: 125, acquisitionCost: 400, arpa: 100, grossMargin: 0.8, churnRate: 0.05 };
  static modes = Object.keys(MODES);

  fields(mode) {
    return MODES[mode];
  }

  texts(lang) {
    return TEXT[lang];
  }

  resultsHtml(t) {
    const result = (id, label, cls = '') => `<div class="result${cls}"><span class="label" id="${id}-label">${label}</span>`
      + `<output id="${id}" aria-labelledby="${id}-label" aria-live="polite" part="result"></output></div>`;
    return `<div class="result headline"><span class="label" id="ratio-label">${t.ratio}</span>`
      + `<output id="ratio" aria-labelledby="ratio-label" aria-live="polite" part="result">…</output>`
      + `<span class="band" id="band" part="band"></span></div>`
      + result('cac', t.cac) + result('clv', t.clv) + result('simple', t.simple) + result('periods', t.periods);
  }

  compute(values, mode) {
    const { arpa, grossMargin, churnRate } = values;
    const cacField = mode === 'direct' ? 'acquisitionCost' : 'spend';
    const acquisition = mode === 'direct'
      ? values.acquisitionCost
      : cac({ spend: values.spend, newCustomers: values.newCustomers }).cac;
    const clv = clvSubscription({ arpa, grossMargin, churnRate });
    const ratio = rename(() => ltvCac({ clv: clv.clv, cac: acquisition }), 'cac', cacField);
    const pb = rename(() => payback({ cac: acquisition, arpa, grossMargin, churnRate }), 'cac', cacField);
    return { cac: acquisition, clv: clv.clv, ratio: ratio.ratio, band: ratio.band, ...pb };
  }

  present(r, f, t) {
    this.out('ratio', f.ratio(r.ratio));
    const band = this.shadowRoot.getElementById('band');
    band.dataset.band = r.band;
    band.textContent = t.bands[r.band];
    this.out('cac', f.money(r.cac));
    this.out('clv', f.money(r.clv));
    this.out('simple', r.simplePeriods === null ? t.never : f.months(r.simplePeriods));
    this.out('periods', r.periods === null ? t.never : f.months(r.periods));
    const values = r.cumulativeMargin;
    const at = r.periods === null ? t.noBreakEven : t.breakEven(f.months(r.periods));
    this.shadowRoot.getElementById('chart').innerHTML = lineChart({
      series: [{ values, className: 'value' }],
      line: { value: r.cac, className: 'cac' },
      marker: r.periods === null ? null : { period: r.periods, value: values[r.periods - 1], label: at },
      y: f.moneyShort,
      x: (p) => String(p),
      width: this.chartWidth,
      label: t.chart(f.money(r.cac), at),
    }) + `<ul class="legend" aria-hidden="true"><li><span class="swatch"></span>${t.legendMargin}</li><li><span class="swatch cac"></span>${t.legendCac}</li></ul>`;
  }

  summary(r) {
    return { cac: r.cac, clv: r.clv, ltvCac: r.ratio, band: r.band, paybackMonths: r.periods };
  }
}

/** Runs `fn`, reporting an error about the core's field `from` as one about this form's `to`. */
function rename(fn, from, to) {
  try {
    return fn();
  } catch (e) {
    if (e.field === from) e.field = to;
    throw e;
  }
}

LtvCacCalculator.define('ltv-cac-calculator');
