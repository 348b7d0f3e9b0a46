// <retention-impact-calculator>: what raising annual retention by some points does to CLV and
// lifetime profit, in the visitor's own numbers (docs/FORMULAS.md 9).
import { retentionImpact } from '../calculators/index.js';
import { Calculator } from './base.js';
import { bars } from './chart.js';
import { resultHtml } from './fields.js';

const TEXT = {
  de: {
    title: 'Was bringt mehr Kundenbindung?',
    clv: 'Kundenwert (CLV)',
    profit: 'Gewinn pro Kunde (CLV − CAC)',
    retention: 'Jährliche Kundenbindung',
    churn: 'Kündigungsrate pro Monat danach',
    arrow: (a, b) => `${a} → ${b}`,
    chart: 'Kundenwert und Gewinn heute und mit mehr Kundenbindung',
    clvShort: 'Kundenwert',
    profitShort: 'Gewinn',
    today: 'heute',
    after: 'mit mehr Bindung',
    range: {
      diverges: 'Ohne Kündigungen wächst der Kundenwert ohne Ende: Bitte eine Kündigungsrate über 0 % eingeben.',
    },
  },
  en: {
    title: 'What is better retention worth?',
    clv: 'Customer lifetime value (CLV)',
    profit: 'Profit per customer (CLV − CAC)',
    retention: 'Annual retention',
    churn: 'Monthly churn afterwards',
    arrow: (a, b) => `${a} → ${b}`,
    chart: 'Customer value and profit today and with better retention',
    clvShort: 'Customer value',
    profitShort: 'Profit',
    today: 'today',
    after: 'with better retention',
    range: {
      diverges: 'With no churn the value grows without end: please enter a churn above 0%.',
    },
  },
};

export class RetentionImpactCalculator extends Calculator {
  static allFields = ['arpa', 'grossMargin', 'churnRate', 'acquisitionCost', 'retentionIncrease'];
  static defaults = { arpa: 100, grossMargin: 1, churnRate: 0.05, acquisitionCost: 500, retentionIncrease: 0.05 };

  texts(lang) {
    return TEXT[lang];
  }

  resultsHtml(t) {
    const change = (id) => `<span class="change" id="${id}-change"></span>`;
    // Profit is CLV less the CAC typed in: gated with it.
    return resultHtml('clv', t.clv, { headline: true, gated: true, extra: change('clv') })
      + resultHtml('profit', t.profit, { gated: true, extra: change('profit') })
      + resultHtml('retention', t.retention) + resultHtml('churn', t.churn, { extra: change('churn') });
  }

  compute(values) {
    return retentionImpact(values);
  }

  present(r, f, t) {
    const change = (pct) => (pct === null ? '' : f.change(pct));
    this.out('clv', f.money(r.after.clv));
    this.out('clv-change', `${t.arrow(f.money(r.before.clv), f.money(r.after.clv))} (${change(r.clvChangePct)})`);
    this.out('profit', f.money(r.after.profit));
    this.out('profit-change', `${t.arrow(f.money(r.before.profit), f.money(r.after.profit))} (${change(r.profitChangePct)})`);
    this.out('retention', t.arrow(f.percent(r.before.annualRetention), f.percent(r.after.annualRetention)));
    this.out('churn', f.percent(r.after.churnRate, 2));
    this.out('churn-change', t.arrow(f.percent(r.before.churnRate, 2), f.percent(r.after.churnRate, 2)));
    bars(this.shadowRoot.getElementById('chart'), [
      { label: `${t.clvShort} ${t.today}`, value: r.before.clv, text: f.money(r.before.clv) },
      { label: `${t.clvShort} ${t.after}`, value: r.after.clv, text: f.money(r.after.clv) },
      { label: `${t.profitShort} ${t.today}`, value: r.before.profit, text: f.money(r.before.profit) },
      { label: `${t.profitShort} ${t.after}`, value: r.after.profit, text: f.money(r.after.profit) },
    ], t.chart);
  }

  summary(r) {
    return { clvBefore: r.before.clv, clvAfter: r.after.clv, clvChangePct: r.clvChangePct, profitChangePct: r.profitChangePct };
  }
}

RetentionImpactCalculator.define('retention-impact-calculator');
