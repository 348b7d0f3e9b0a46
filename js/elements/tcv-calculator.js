// <tcv-calculator>: total customer value, lifetime value plus what the relationship brings
// (referrals) minus what it costs (acquisition, onboarding, costs to serve), as a breakdown.
import { tcv } from '../calculators/index.js';
import { Calculator } from './base.js';
import { bars } from './chart.js';
import { resultHtml } from './fields.js';

const FIELD_LIST = [
  'arpa', 'grossMargin', 'churnRate', 'expansionRate', 'discountRate',
  'referralsPerCustomer', 'valuePerReferral', 'acquisitionCost', 'onboardingCost',
  'serviceCost', 'accountManagementCost', 'retentionCost', 'dunningCost', 'upgradeCost',
];

const TEXT = {
  de: {
    title: 'Gesamtkundenwert (TCV) berechnen',
    tcv: 'Gesamtkundenwert (TCV)',
    clv: 'Kundenwert (CLV)',
    costs: 'Kosten pro Kunde, gesamt',
    breakdown: 'Woraus sich der Gesamtkundenwert zusammensetzt',
    parts: {
      revenue: 'Marge aus dem Umsatz',
      expansion: 'Marge aus Mehrumsatz',
      referrals: 'Empfehlungen',
      acquisition: 'Kosten pro Neukunde',
      onboarding: 'Onboarding',
      costToServe: 'Laufende Betreuung',
    },
    more: 'Weitere Annahmen und Kosten',
    range: {
      diverges: 'So wächst der Wert ohne Ende: Bitte die Kündigungsrate oder die Abzinsung erhöhen oder den Mehrumsatz senken.',
    },
  },
  en: {
    title: 'Calculate total customer value (TCV)',
    tcv: 'Total customer value (TCV)',
    clv: 'Customer lifetime value (CLV)',
    costs: 'Total cost per customer',
    breakdown: 'What makes up total customer value',
    parts: {
      revenue: 'Margin from revenue',
      expansion: 'Margin from expansion',
      referrals: 'Referrals',
      acquisition: 'Acquisition',
      onboarding: 'Onboarding',
      costToServe: 'Cost to serve',
    },
    more: 'More assumptions and costs',
    range: {
      diverges: 'At these rates the value grows without end: please raise churn or the discount rate, or lower expansion.',
    },
  },
};

export class TcvCalculator extends Calculator {
  static allFields = FIELD_LIST;
  static defaults = {
    arpa: 100, grossMargin: 0.8, churnRate: 0.05, expansionRate: 0.01, discountRate: 0.01,
    referralsPerCustomer: 0.3, valuePerReferral: 400, acquisitionCost: 500, onboardingCost: 150,
    serviceCost: 5, accountManagementCost: 3, retentionCost: 1, dunningCost: 0.5, upgradeCost: 0.5,
  };

  texts(lang) {
    return TEXT[lang];
  }

  resultsHtml(t) {
    // CLV plus referrals less the costs is the TCV: the costs are gated with it.
    return resultHtml('tcv', t.tcv, { headline: true, gated: true }) + resultHtml('clv', t.clv) + resultHtml('costs', t.costs, { gated: true });
  }

  compute(values) {
    return tcv(values);
  }

  present(r, f, t) {
    const p = r.parts;
    this.out('tcv', f.money(r.tcv));
    this.out('clv', f.money(r.clv));
    this.out('costs', f.money(p.acquisition + p.onboarding + p.costToServe));
    const items = Object.keys(t.parts).map((k) => ({ label: t.parts[k], value: p[k], text: f.money(p[k]) }));
    items.push({ label: t.tcv, value: r.tcv, text: f.money(r.tcv), total: true });
    bars(this.shadowRoot.getElementById('chart'), items, t.breakdown);
  }

  summary(r) {
    return { tcv: r.tcv, clv: r.clv };
  }
}

TcvCalculator.define('tcv-calculator');
