// Types of the kundenwert package. Units: money in the currency's major unit (euros,
// dollars), rates as fractions (0.05 = 5 %), periods are months unless a field says
// otherwise. Every function takes one options object and returns one plain object, or
// throws a KundenwertError naming the field. Checked against the real exports by
// tests/js/types.test.mjs.

/** What `init` accepts: where to find kundenwert_bg.wasm, or its bytes. */
export type InitInput =
  | string
  | URL
  | Request
  | Response
  | BufferSource
  | WebAssembly.Module
  | Promise<string | URL | Request | Response | BufferSource | WebAssembly.Module>;

/**
 * Loads the wasm core. Idempotent: later calls return the first call's promise. With no
 * argument, browsers and bundlers load `kundenwert_bg.wasm` from beside the module, Node
 * reads it from disk. Every other function throws `not_initialized` until this resolves.
 */
export function init(input?: InitInput): Promise<void>;
export default init;

/** Stable error codes. */
export type ErrorCode =
  | 'missing'
  | 'not_a_number'
  | 'not_an_integer'
  | 'out_of_range'
  | 'diverges'
  | 'empty'
  | 'invalid_type'
  | 'unknown_field'
  | 'not_initialized';

/** An input error. `field` is the input's path (`churnRate`, `[2].spend`, `parts[1].weight`), '' for the whole input. */
export class KundenwertError extends Error {
  readonly name: 'KundenwertError';
  readonly code: ErrorCode;
  readonly field: string;
  constructor(code: ErrorCode, field: string, message: string);
}

// ---- CLV -----------------------------------------------------------------------------

export interface ClvSimpleInput {
  /** Revenue per period. */
  revenuePerPeriod: number;
  /** Periods the customer stays (may be fractional). */
  periods: number;
  /** Customers alike, for the portfolio figures (default 1). */
  customers?: number | null;
  /** Periods in a year, 1 to 366 (default 12). */
  periodsPerYear?: number | null;
}
export interface ClvSimpleResult {
  /** `revenuePerPeriod × periods`. */
  clv: number;
  /** `clv × customers`. */
  totalClv: number;
  /** `revenuePerPeriod × periodsPerYear × customers`. */
  annualRevenue: number;
}
/** Simple revenue lifetime value (docs/FORMULAS.md 1). 100 a month for 24 months: 2,400. */
export function clvSimple(input: ClvSimpleInput): ClvSimpleResult;

export interface ClvPurchaseInput {
  averageOrderValue: number;
  /** Orders per customer and year. */
  purchasesPerYear: number;
  /** Years a customer keeps buying. */
  retentionYears: number;
  /** 0 to 1 (default 1). */
  grossMargin?: number | null;
  /** Subtracted once (default 0). */
  acquisitionCost?: number | null;
}
export interface ClvPurchaseResult {
  /** `lifetimeGrossProfit − acquisitionCost`; negative when the customer loses money. */
  clv: number;
  /** `averageOrderValue × purchasesPerYear`. */
  annualRevenue: number;
  /** `annualRevenue × retentionYears`. */
  lifetimeRevenue: number;
  /** `lifetimeRevenue × grossMargin`. */
  lifetimeGrossProfit: number;
  acquisitionCost: number;
}
/** Purchase-based CLV (docs/FORMULAS.md 2). */
export function clvPurchase(input: ClvPurchaseInput): ClvPurchaseResult;

export interface OrderMetricsInput {
  /** Revenue of all orders. */
  totalRevenue: number;
  /** Whole number, at least 1. */
  numberOfOrders: number;
  /** Whole number, from 1 to numberOfOrders. */
  uniqueCustomers: number;
}
export interface OrderMetricsResult {
  /** `totalRevenue / numberOfOrders`. */
  averageOrderValue: number;
  /** `numberOfOrders / uniqueCustomers`. */
  purchaseFrequency: number;
  /** `averageOrderValue × purchaseFrequency`. */
  customerValue: number;
}
/** Average order value and purchase frequency from a year of orders (docs/FORMULAS.md 2). */
export function orderMetrics(input: OrderMetricsInput): OrderMetricsResult;

export interface ClvSubscriptionInput {
  /** Average revenue per account and period. */
  arpa: number;
  /** Share of customers lost per period, 0 to 1. */
  churnRate: number;
  /** 0 to 1 (default 1). */
  grossMargin?: number | null;
  /** Net growth of a customer's spend per period, -1 to 1 (default 0). */
  expansionRate?: number | null;
  /** Per period, 0 to 1 (default 0). */
  discountRate?: number | null;
  /** Whole number of periods, 1 to 1200; absent or null for an open horizon. */
  horizon?: number | null;
}
/** One entry per period, period 1 first. */
export interface ClvSeries {
  /** Probability of still being a customer at the start of the period: `(1 − churnRate)^t`. */
  survival: number[];
  /** Expected discounted margin of the period: `arpa × grossMargin × q^t`. */
  value: number[];
  /** Running sum of `value`. */
  cumulative: number[];
}
export interface ClvSubscriptionResult {
  clv: number;
  /** Expected periods as a customer (within the horizon); null when the customer never leaves and no horizon is set. */
  expectedLifetime: number | null;
  /** `arpa × grossMargin`. */
  periodMargin: number;
  /** `q = (1 + expansionRate)(1 − churnRate) / (1 + discountRate)`. */
  retentionFactor: number;
  /** The horizon's periods; for an open horizon until 99.5 % of CLV (12 to 600 periods). */
  series: ClvSeries;
}
/**
 * Subscription CLV in its general form (docs/FORMULAS.md 3). arpa 100, churn 0.05: 2,000; with
 * grossMargin 0.8: 1,600. An open horizon whose value never declines throws `diverges`.
 */
export function clvSubscription(input: ClvSubscriptionInput): ClvSubscriptionResult;

export interface ClvRetentionInput {
  /** Margin per period, received at the end of each period the customer stays. */
  margin: number;
  /** 0 to 1. */
  retentionRate: number;
  /** Per period, 0 to 1. */
  discountRate: number;
}
export interface ClvRetentionResult {
  /** `margin × marginMultiple`. */
  clv: number;
  /** `r / (1 + d − r)`; 2.667 at r = 0.8, d = 0.1. */
  marginMultiple: number;
}
/** Retention-based discounted CLV of Gupta & Lehmann (docs/FORMULAS.md 4). */
export function clvRetention(input: ClvRetentionInput): ClvRetentionResult;

// ---- Acquisition -----------------------------------------------------------------------

export type LtvCacBand = 'losing' | 'below-target' | 'healthy' | 'under-investing';

export interface CacInput {
  /** Sales and marketing spend of the period. */
  spend: number;
  /** Customers won in the period: whole number, at least 1. */
  newCustomers: number;
}
export interface CacResult {
  /** `spend / newCustomers`. */
  cac: number;
}
/** Customer acquisition cost (docs/FORMULAS.md 5). */
export function cac(input: CacInput): CacResult;

export interface ChannelInput {
  /** The channel's name as shown. */
  channel: string;
  spend: number;
  /** Whole number, at least 1. */
  newCustomers: number;
  /** Lifetime value of the channel's customers, when known. */
  clv?: number | null;
}
export interface ChannelResult {
  channel: string;
  spend: number;
  newCustomers: number;
  cac: number;
  clv: number | null;
  /** `clv / cac`; null without a CLV or when CAC is 0. */
  ratio: number | null;
  band: LtvCacBand | null;
  /** 1 for the best channel. */
  rank: number;
}
export interface ChannelsResult {
  /** Best first: by LTV:CAC, then channels without a CLV by CAC (lowest first). */
  channels: ChannelResult[];
  total: {
    spend: number;
    newCustomers: number;
    /** Blended CAC. */
    cac: number;
    /** Customer-weighted mean CLV, when every channel has one. */
    clv: number | null;
    ratio: number | null;
    band: LtvCacBand | null;
  };
}
/** CAC per acquisition channel, ranked by LTV:CAC. Errors name the entry: `[2].newCustomers`. */
export function cacByChannel(channels: ChannelInput[]): ChannelsResult;

export interface LtvCacInput {
  /** May be negative. */
  clv: number;
  /** Greater than 0. */
  cac: number;
}
export interface LtvCacResult {
  /** `clv / cac`. */
  ratio: number;
  /** Below 1 losing, 1 to 3 below target, 3 to 5 healthy, above 5 under-investing. */
  band: LtvCacBand;
}
/** LTV:CAC and its band (docs/FORMULAS.md 6). */
export function ltvCac(input: LtvCacInput): LtvCacResult;

export interface PaybackInput {
  cac: number;
  arpa: number;
  /** 0 to 1 (default 1). */
  grossMargin?: number | null;
  /** Per period, 0 to 1 (default 0). */
  churnRate?: number | null;
  /** Per period, -1 to 1 (default 0). */
  expansionRate?: number | null;
  /** Per period, 0 to 1 (default 0). */
  discountRate?: number | null;
}
export interface PaybackResult {
  /** `cac / (arpa × grossMargin)`, ignoring churn; null when the margin is 0. */
  simplePeriods: number | null;
  /** First period at whose end the cumulative expected margin reaches CAC; null when it never does. */
  periods: number | null;
  /** Expected margin of a whole lifetime; null when unbounded (no churn). */
  lifetimeMargin: number | null;
  /** Cumulative expected margin at the end of each period, for a chart against CAC. */
  cumulativeMargin: number[];
}
/** Simple and churn-aware payback (docs/FORMULAS.md 7). */
export function payback(input: PaybackInput): PaybackResult;

// ---- Total customer value and retention impact -----------------------------------------

export interface TcvInput {
  arpa: number;
  churnRate: number;
  grossMargin?: number | null;
  expansionRate?: number | null;
  discountRate?: number | null;
  horizon?: number | null;
  /** Customers each customer refers over its lifetime (default 0). */
  referralsPerCustomer?: number | null;
  /** Value of one referred customer (default 0). */
  valuePerReferral?: number | null;
  /** Once (default 0). */
  acquisitionCost?: number | null;
  /** Once (default 0). */
  onboardingCost?: number | null;
  /** Support and service, per period (default 0). */
  serviceCost?: number | null;
  /** Account management, per period (default 0). */
  accountManagementCost?: number | null;
  /** Retention programme and churn prevention, per period (default 0). */
  retentionCost?: number | null;
  /** Expected dunning cost, per period (default 0). */
  dunningCost?: number | null;
  /** Expected upgrade and migration work, per period (default 0). */
  upgradeCost?: number | null;
}
/** Signed parts: they add up to `tcv`; costs are negative. */
export interface TcvParts {
  /** CLV without expansion. */
  revenue: number;
  /** What expansion adds to CLV. */
  expansion: number;
  referrals: number;
  acquisition: number;
  onboarding: number;
  costToServe: number;
}
export interface TcvResult {
  tcv: number;
  /** `revenue + expansion`. */
  clv: number;
  parts: TcvParts;
  /** Sum of the recurring costs per period. */
  costToServePerPeriod: number;
  /** `Σ_t ((1 − churnRate) / (1 + discountRate))^t`: discounted periods a recurring cost is paid. */
  costWeight: number;
}
/** Total customer value with its parts (docs/FORMULAS.md 8). */
export function tcv(input: TcvInput): TcvResult;

export interface RetentionImpactInput {
  arpa: number;
  /** Per period. */
  churnRate: number;
  grossMargin?: number | null;
  expansionRate?: number | null;
  discountRate?: number | null;
  /** Subtracted from CLV for lifetime profit (default 0). */
  acquisitionCost?: number | null;
  /** Rise of annual retention in points as a fraction: 0.05 is 5 points (default). */
  retentionIncrease?: number | null;
  /** Periods in a year (default 12). */
  periodsPerYear?: number | null;
}
export interface RetentionScenario {
  churnRate: number;
  /** `(1 − churnRate)^periodsPerYear`. */
  annualRetention: number;
  clv: number;
  /** `clv − acquisitionCost`. */
  profit: number;
}
export interface RetentionImpactResult {
  before: RetentionScenario;
  after: RetentionScenario;
  /** Null when CLV before is 0. */
  clvChangePct: number | null;
  /** In percent of the absolute profit before; null when it is 0. */
  profitChangePct: number | null;
}
/** What raising annual retention by some points does to CLV and profit (docs/FORMULAS.md 9). */
export function retentionImpact(input: RetentionImpactInput): RetentionImpactResult;

// ---- Loyalty -----------------------------------------------------------------------------

export interface NpsInput {
  /** Answers of 9 or 10. */
  promoters: number;
  /** Answers of 7 or 8. */
  passives: number;
  /** Answers of 0 to 6. */
  detractors: number;
}
export interface NpsResult {
  /** -100 to 100. */
  nps: number;
  promoters: number;
  passives: number;
  detractors: number;
  responses: number;
  promoterShare: number;
  passiveShare: number;
  detractorShare: number;
}
/** Net Promoter Score from counts, or from the answers (whole numbers 0 to 10) (docs/FORMULAS.md 10). */
export function nps(input: NpsInput | ArrayLike<number>): NpsResult;

export interface HealthPartInput {
  name: string;
  /** Relative weight, not negative. */
  weight: number;
  /** 0 to 100. */
  score: number;
}
export interface HealthInput {
  parts: HealthPartInput[];
  /** Where the tiers start (defaults 80 / 60 / 40); must descend. */
  thresholds?: { healthy?: number | null; neutral?: number | null; atRisk?: number | null } | null;
}
export type HealthTier = 'healthy' | 'neutral' | 'at-risk' | 'critical';
export interface HealthResult {
  /** Weighted mean of the parts' scores, 0 to 100. */
  score: number;
  tier: HealthTier;
  parts: Array<HealthPartInput & {
    /** Points this part adds: `score × weight / Σ weight`. */
    contribution: number;
  }>;
}
/** Weighted customer health score and its tier (docs/FORMULAS.md 11). */
export function healthScore(input: HealthInput): HealthResult;
