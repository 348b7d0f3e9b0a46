// <clv-calculator>: customer lifetime value for subscriptions (churn, margin, expansion,
// discount), repeat purchases or a simple revenue × months, with a chart of the value over time.
import { clvPurchase, clvSimple, clvSubscription } from '../index.js';
import { Calculator } from './base.js';
import { bars, lineChart } from './chart.js';

const MODES = {
  subscription: ['arpa', 'grossMargin', 'churnRate', 'expansionRate', 'discountRate', 'horizon'],
  purchase: ['averageOrderValue', 'purchasesPerYear', 'retentionYears', 'grossMargin', 'acquisitionCost'],
  simple: ['revenuePerPeriod', 'periods'],
};

const TEXT = {
  de: {
    title: 'Kundenwert (CLV) berechnen',
    modeLegend: 'Geschäftsmodell',
    modes: { subscription: 'Abo', purchase: 'Wiederkäufe', simple: 'Einfach' },
    clv: 'Kundenwert (CLV)',
    lifetime: 'Erwartete Kundenbeziehung',
    forever: 'unbegrenzt',
    firstMargin: 'Marge im ersten Monat',
    annualRevenue: 'Umsatz pro Jahr',
    lifetimeRevenue: 'Umsatz über die Kundenbeziehung',
    years: (n) => `${n} ${n === '1' ? 'Jahr' : 'Jahre'}`,
    chart: (months, value) => `Kumulierter Kundenwert über ${months}: ${value}`,
    breakdown: 'Zusammensetzung des Kundenwerts',
    revenue: 'Umsatz',
    costOfSales: 'Wareneinsatz (1 − Marge)',
    acquisition: 'Akquisitionskosten',
  },
  en: {
    title: 'Calculate customer lifetime value (CLV)',
    modeLegend: 'Business model',
    modes: { subscription: 'Subscription', purchase: 'Repeat purchases', simple: 'Simple' },
    clv: 'Customer lifetime value (CLV)',
    lifetime: 'Expected customer lifetime',
    forever: 'open-ended',
    firstMargin: 'Margin in the first month',
    annualRevenue: 'Revenue per year',
    lifetimeRevenue: 'Revenue over the relationship',
    years: (n) => `${n} ${n === '1' ? 'year' : 'years'}`,
    chart: (months, value) => `Cumulative customer value over ${months}: ${value}`,
    breakdown: 'What makes up the customer value',
    revenue: 'Revenue',
    costOfSales: 'Cost of sales (1 − margin)',
    acquisition: 'Acquisition cost',
  },
};

export class ClvCalculator extends Calculator {
  static allFields = [...new Set(Object.values(MODES).flat())];
  static defaults = {
    arpa: 100, grossMargin: 0.8, churnRate: 0.05, expansionRate: 0, discountRate: 0, horizon: null,
    averageOrderValue: 50, purchasesPerYear: 4, retentionYears: 3, acquisitionCost: 0,
    revenuePerPeriod: 100, periods: 24,
  };
  static modes = Object.keys(MODES);

  fields(mode) {
    return MODES[mode];
  }

  texts(lang) {
    return TEXT[lang];
  }

  resultsHtml(t) {
    const second = { subscription: t.lifetime, purchase: t.annualRevenue, simple: t.annualRevenue }[this.mode];
    const third = { subscription: t.firstMargin, purchase: t.lifetimeRevenue, simple: t.lifetime }[this.mode];
    return `<div class="result headline"><span class="label" id="clv-label">${t.clv}</span><output id="clv" aria-labelledby="clv-label" aria-live="polite" part="result">…</output></div>`
      + `<div class="result"><span class="label" id="second-label">${second}</span><output id="second" aria-labelledby="second-label" aria-live="polite" part="result"></output></div>`
      + `<div class="result"><span class="label" id="third-label">${third}</span><output id="third" aria-labelledby="third-label" aria-live="polite" part="result"></output></div>`;
  }

  compute(values, mode) {
    if (mode === 'purchase') return clvPurchase(values);
    if (mode === 'simple') return clvSimple(values);
    return clvSubscription(values);
  }

  present(r, f, t) {
    this.out('clv', f.money(r.clv));
    const chart = this.shadowRoot.getElementById('chart');
    if (this.mode === 'subscription') {
      this.out('second', r.expectedLifetime === null ? t.forever : f.months(r.expectedLifetime));
      this.out('third', f.money(r.periodMargin));
      const values = r.series.cumulative;
      chart.innerHTML = lineChart({
        series: [{ values, className: 'value' }],
        y: f.moneyShort,
        x: (p) => String(p),
        width: this.chartWidth,
        label: t.chart(f.months(values.length), f.money(values[values.length - 1])),
      });
    } else if (this.mode === 'purchase') {
      this.out('second', f.money(r.annualRevenue));
      this.out('third', f.money(r.lifetimeRevenue));
      bars(chart, [
        { label: t.revenue, value: r.lifetimeRevenue, text: f.money(r.lifetimeRevenue) },
        { label: t.costOfSales, value: r.lifetimeGrossProfit - r.lifetimeRevenue, text: f.money(r.lifetimeGrossProfit - r.lifetimeRevenue) },
        { label: t.acquisition, value: -r.acquisitionCost, text: f.money(-r.acquisitionCost) },
        { label: t.clv, value: r.clv, text: f.money(r.clv), total: true },
      ], t.breakdown);
    } else {
      this.out('second', f.money(r.annualRevenue));
      this.out('third', f.months(this.valueOf('periods') ?? 0));
      chart.innerHTML = '';
    }
  }

  summary(r) {
    return { clv: r.clv };
  }
}

ClvCalculator.define('clv-calculator');
