// Types of `kundenwert/elements`: the calculator elements. Importing the module registers
// <clv-calculator>, <ltv-cac-calculator>, <tcv-calculator> and <retention-impact-calculator>.
import type {
  ClvPurchaseResult, ClvSimpleResult, ClvSubscriptionResult, LtvCacBand, PaybackResult, RetentionImpactResult, TcvResult,
} from './index.js';

/** What every calculator element has. Field properties hold numbers in the API's units (rates as fractions); null when empty or unreadable. */
declare class KundenwertCalculator extends HTMLElement {
  /** The latest result; null before the first. */
  readonly result: unknown;
  /** The `locale` attribute, else the nearest `lang`. */
  readonly locale: string;
}

export interface KwChangeDetail<R> {
  calculator: string;
  mode: string | null;
  /** The inputs in API units. */
  inputs: Record<string, number>;
  result: R;
}

export class ClvCalculator extends KundenwertCalculator {
  readonly result: ClvSubscriptionResult | ClvPurchaseResult | ClvSimpleResult | null;
  mode: 'subscription' | 'purchase' | 'simple';
  arpa: number | null; grossMargin: number | null; churnRate: number | null; expansionRate: number | null;
  discountRate: number | null; horizon: number | null; averageOrderValue: number | null; purchasesPerYear: number | null;
  retentionYears: number | null; acquisitionCost: number | null; revenuePerPeriod: number | null; periods: number | null;
}

export interface LtvCacCalculatorResult extends PaybackResult {
  cac: number;
  clv: number;
  ratio: number;
  band: LtvCacBand;
}
export class LtvCacCalculator extends KundenwertCalculator {
  readonly result: LtvCacCalculatorResult | null;
  mode: 'spend' | 'direct';
  spend: number | null; newCustomers: number | null; acquisitionCost: number | null;
  arpa: number | null; grossMargin: number | null; churnRate: number | null;
}

export class TcvCalculator extends KundenwertCalculator {
  readonly result: TcvResult | null;
  arpa: number | null; grossMargin: number | null; churnRate: number | null; expansionRate: number | null;
  discountRate: number | null; referralsPerCustomer: number | null; valuePerReferral: number | null;
  acquisitionCost: number | null; onboardingCost: number | null; serviceCost: number | null;
  accountManagementCost: number | null; retentionCost: number | null; dunningCost: number | null; upgradeCost: number | null;
}

export class RetentionImpactCalculator extends KundenwertCalculator {
  readonly result: RetentionImpactResult | null;
  arpa: number | null; grossMargin: number | null; churnRate: number | null; acquisitionCost: number | null;
  retentionIncrease: number | null;
}

declare global {
  interface HTMLElementTagNameMap {
    'clv-calculator': ClvCalculator;
    'ltv-cac-calculator': LtvCacCalculator;
    'tcv-calculator': TcvCalculator;
    'retention-impact-calculator': RetentionImpactCalculator;
  }
  interface HTMLElementEventMap {
    'kw-change': CustomEvent<KwChangeDetail<unknown>>;
  }
}
