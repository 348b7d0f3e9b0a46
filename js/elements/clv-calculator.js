// <clv-calculator>: customer lifetime value for subscriptions (churn, margin, expansion,
// discount), repeat purchases or a simple revenue × months, with a chart of the value over time.
import { clvPurchase, clvSimple, clvSubscription } from '../calculators/index.js';
import { Calculator } from './base.js';
import { bars, drawLineChart } from './chart.js';
import { resultHtml } from './fields.js';

const MODES = {
  subscription: ['arpa', 'grossMargin', 'churnRate', 'expansionRate', 'discountRate', 'horizon'],
  purchase: ['averageOrderValue', 'purchasesPerYear', 'retentionYears', 'grossMargin', 'acquisitionCost'],
  simple: ['revenuePerPeriod', 'periods'],
};

const TEXT = {
  de: {
    title: 'Kundenwert (CLV) berechnen',
    modeLegend: 'Geschäftsmodell',
    modes: { subscription: 'Abo', purchase: 'Wiederholungskäufe', simple: 'Schnellrechnung' },
    clv: 'Kundenwert (CLV)',
    lifetime: 'Kunden bleiben im Schnitt',
    forever: 'unbegrenzt',
    firstMargin: 'Marge im ersten Monat',
    annualRevenue: 'Umsatz pro Jahr',
    lifetimeRevenue: 'Gesamtumsatz pro Kunde',
    chart: (months, value) => `Kumulierter Kundenwert über ${months}: ${value}`,
    axisValue: 'Kumulierter Kundenwert',
    axisMonths: 'Monate',
    point: (f, p, v) => (p ? `Nach ${f.months(p, true)}: ${v} Kundenwert` : `Zu Beginn: ${v}`),
    breakdown: 'Woraus sich der Kundenwert zusammensetzt',
    revenue: 'Umsatz',
    costOfSales: 'Wareneinsatz (1 − Marge)',
    acquisition: 'Kosten pro Neukunde',
    more: 'Weitere Annahmen',
    range: {
      diverges: 'So wächst der Kundenwert ohne Ende: Bitte die Kündigungsrate oder die Abzinsung erhöhen oder einen Zeitraum angeben.',
    },
  },
  en: {
    title: 'Calculate customer lifetime value (CLV)',
    modeLegend: 'Business model',
    modes: { subscription: 'Subscription', purchase: 'Repeat purchases', simple: 'Quick estimate' },
    clv: 'Customer lifetime value (CLV)',
    lifetime: 'Customers stay on average',
    forever: 'indefinitely',
    firstMargin: 'Margin in month 1',
    annualRevenue: 'Revenue per year',
    lifetimeRevenue: 'Lifetime revenue per customer',
    chart: (months, value) => `Cumulative customer value over ${months}: ${value}`,
    axisValue: 'Cumulative customer value',
    axisMonths: 'Months',
    point: (f, p, v) => (p ? `After ${f.months(p)}: ${v} customer value` : `At the start: ${v}`),
    breakdown: 'What makes up the customer value',
    revenue: 'Revenue',
    costOfSales: 'Cost of sales (1 − margin)',
    acquisition: 'Acquisition cost',
    more: 'More assumptions',
    range: {
      diverges: 'At these rates the value grows without end: please raise churn or the discount rate, or set a horizon.',
    },
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
    // Revenue over the lifetime, less the cost of sales and acquisition, is the CLV: gated with it.
    return resultHtml('clv', t.clv, { headline: true, gated: true })
      + resultHtml('second', second) + resultHtml('third', third, { gated: this.mode === 'purchase' });
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
      const at = (p) => (p === 0 ? 0 : values[p - 1]);
      drawLineChart(chart, {
        series: [{ values, className: 'value' }],
        start: 0,
        y: f.moneyShort,
        x: (p) => f.number(p, 0),
        width: this.chartWidth,
        label: t.chart(f.months(values.length), f.money(values[values.length - 1])),
        yTitle: `${t.axisValue} (${f.symbol})`,
        xTitle: t.axisMonths,
      }, { text: (p) => t.point(f, p, f.money(at(p))), at });
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
