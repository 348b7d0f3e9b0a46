// <ltv-cac-calculator>: CAC from spend and new customers (or given), CLV, the LTV:CAC ratio
// and its band, simple and churn-aware payback, and a chart of cumulative margin against CAC.
import { cac, clvSubscription, ltvCac, payback } from '../calculators/index.js';
import { Calculator } from './base.js';
import { drawLineChart } from './chart.js';
import { resultHtml } from './fields.js';

const CLV_FIELDS = ['arpa', 'grossMargin', 'churnRate'];
const MODES = {
  spend: ['spend', 'newCustomers', ...CLV_FIELDS],
  direct: ['acquisitionCost', ...CLV_FIELDS],
};

const TEXT = {
  de: {
    title: 'LTV:CAC und Amortisation berechnen',
    modeLegend: 'Kosten pro Neukunde',
    modes: { spend: 'Aus Ausgaben und Neukunden', direct: 'Direkt eingeben' },
    ratio: 'LTV:CAC',
    bands: {
      losing: 'Verlust: Jeder Kunde kostet mehr, als er einbringt',
      'below-target': 'Unter dem Zielwert von 3 : 1',
      healthy: 'Gesund (3 : 1 bis 5 : 1)',
      'under-investing': 'Sehr gut – vielleicht investieren Sie zu wenig in Wachstum',
    },
    cac: 'Kosten pro Neukunde (CAC)',
    clv: 'Kundenwert (CLV)',
    simple: 'Amortisation ohne Kündigungen',
    periods: 'Amortisation mit Kündigungen',
    never: 'nie',
    chart: (cacText, at) => `Kumulierte Marge pro Kunde im Vergleich zu Kosten pro Neukunde von ${cacText}; ${at}`,
    breakEven: (f, m) => `Amortisiert nach ${f.months(m, true)}`,
    noBreakEven: 'Die Kosten werden nie eingespielt',
    legendMargin: 'Kumulierte Marge pro Kunde',
    legendCac: 'Kosten pro Neukunde',
    axisValue: 'Marge pro Kunde',
    axisMonths: 'Monate',
    point: (f, p, v, cac) => `${p ? `Nach ${f.months(p, true)}` : 'Zu Beginn'}: ${v} Marge (Kosten ${cac})`,
    range: {
      spend: 'Bitte einen Betrag über 0 eingeben – ohne Kosten gibt es kein LTV:CAC.',
      acquisitionCost: 'Bitte einen Betrag über 0 eingeben – ohne Kosten gibt es kein LTV:CAC.',
      diverges: 'Ohne Kündigungen wächst der Kundenwert ohne Ende: Bitte eine Kündigungsrate über 0 % eingeben.',
    },
  },
  en: {
    title: 'Calculate LTV:CAC and payback',
    modeLegend: 'Acquisition cost (CAC)',
    modes: { spend: 'From spend and new customers', direct: 'Enter directly' },
    ratio: 'LTV:CAC',
    bands: {
      losing: 'Losing money: each customer costs more than they bring in',
      'below-target': 'Below the 3 : 1 target',
      healthy: 'Healthy (3 : 1 to 5 : 1)',
      'under-investing': 'Very good – you may be under-investing in growth',
    },
    cac: 'Customer acquisition cost (CAC)',
    clv: 'Customer lifetime value (CLV)',
    simple: 'Payback ignoring churn',
    periods: 'Payback with churn',
    never: 'never',
    chart: (cacText, at) => `Cumulative margin per customer against an acquisition cost of ${cacText}; ${at}`,
    breakEven: (f, m) => `Paid back after ${f.months(m)}`,
    noBreakEven: 'The cost is never paid back',
    legendMargin: 'Cumulative margin per customer',
    legendCac: 'Acquisition cost',
    axisValue: 'Margin per customer',
    axisMonths: 'Months',
    point: (f, p, v, cac) => `${p ? `After ${f.months(p)}` : 'At the start'}: ${v} margin (cost ${cac})`,
    range: {
      spend: 'Please enter an amount above 0: with no cost there is no LTV:CAC.',
      acquisitionCost: 'Please enter an amount above 0: with no cost there is no LTV:CAC.',
      diverges: 'With no churn the value grows without end: please enter a churn above 0%.',
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
    // CLV ÷ CAC is the ratio: both are gated with it.
    return resultHtml('ratio', t.ratio, { headline: true, gated: true, extra: '<span class="band" id="band" part="band"></span>' })
      + resultHtml('cac', t.cac, { gated: true }) + resultHtml('clv', t.clv, { gated: true })
      + resultHtml('simple', t.simple) + resultHtml('periods', t.periods);
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
    const paid = r.periods === null ? t.noBreakEven : t.breakEven(f, r.periods);
    const at = (p) => (p === 0 ? 0 : values[p - 1]);
    drawLineChart(this.shadowRoot.getElementById('chart'), {
      series: [{ values, className: 'value' }],
      start: 0,
      line: { value: r.cac, className: 'cac' },
      marker: r.periods === null ? null : { period: r.periods, value: values[r.periods - 1], label: paid },
      y: f.moneyShort,
      x: (p) => f.number(p, 0),
      width: this.chartWidth,
      label: t.chart(f.money(r.cac), paid),
      yTitle: `${t.axisValue} (${f.symbol})`,
      xTitle: t.axisMonths,
    }, {
      text: (p) => t.point(f, p, f.money(at(p)), f.money(r.cac)),
      at,
      initial: r.periods ?? values.length,
      after: `<ul class="legend" aria-hidden="true"><li><span class="swatch"></span>${t.legendMargin}</li><li><span class="swatch cac"></span>${t.legendCac}</li></ul>`,
    });
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
