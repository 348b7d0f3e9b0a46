// <retention-impact-calculator>: what raising annual retention by some points does to CLV and
// lifetime profit, in the visitor's own numbers (docs/FORMULAS.md 9).
import { retentionImpact } from '../index.js';
import { Calculator } from './base.js';
import { bars } from './chart.js';

const TEXT = {
  de: {
    title: 'Was bringt mehr Kundenbindung?',
    clv: 'Kundenwert (CLV)',
    profit: 'Gewinn pro Kunde (CLV − CAC)',
    retention: 'Jährliche Kundenbindung',
    churn: 'Abwanderung pro Monat danach',
    arrow: (a, b) => `${a} → ${b}`,
    chart: 'Kundenwert und Gewinn heute und mit mehr Kundenbindung',
    today: 'heute',
    after: 'danach',
  },
  en: {
    title: 'What is better retention worth?',
    clv: 'Customer lifetime value (CLV)',
    profit: 'Profit per customer (CLV − CAC)',
    retention: 'Annual retention',
    churn: 'Monthly churn afterwards',
    arrow: (a, b) => `${a} → ${b}`,
    chart: 'Customer value and profit today and with better retention',
    today: 'today',
    after: 'afterwards',
  },
};

export class RetentionImpactCalculator extends Calculator {
  static allFields = ['arpa', 'grossMargin', 'churnRate', 'acquisitionCost', 'retentionIncrease'];
  static defaults = { arpa: 100, grossMargin: 1, churnRate: 0.05, acquisitionCost: 500, retentionIncrease: 0.05 };

  texts(lang) {
    return TEXT[lang];
  }

  resultsHtml(t) {
    const result = (id, label, cls = '') => `<div class="result${cls}"><span class="label" id="${id}-label">${label}</span>`
      + `<output id="${id}" aria-labelledby="${id}-label" aria-live="polite" part="result"></output>`
      + `<span class="label" id="${id}-change"></span></div>`;
    return result('clv', t.clv, ' headline') + result('profit', t.profit, ' headline') + result('retention', t.retention) + result('churn', t.churn);
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
      { label: `${t.clv}, ${t.today}`, value: r.before.clv, text: f.money(r.before.clv) },
      { label: `${t.clv}, ${t.after}`, value: r.after.clv, text: f.money(r.after.clv) },
      { label: `${t.profit}, ${t.today}`, value: r.before.profit, text: f.money(r.before.profit) },
      { label: `${t.profit}, ${t.after}`, value: r.after.profit, text: f.money(r.after.profit) },
    ], t.chart);
  }

  summary(r) {
    return { clvBefore: r.before.clv, clvAfter: r.after.clv, clvChangePct: r.clvChangePct, profitChangePct: r.profitChangePct };
  }
}

RetentionImpactCalculator.define('retention-impact-calculator');
