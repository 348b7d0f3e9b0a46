// Types of `kundenwert/models`: customer-base models fitted and evaluated in this thread.
import { KundenwertError } from '../calculators/index.js';

export { KundenwertError };

type Numbers = ArrayLike<number>;

/** Per customer (docs/FORMULAS.md 14), in one unit of time: frequency = repeat purchases, recency = age at the last purchase, T = age at the end of observation, monetary = mean value of the repeat purchases. */
export interface Customer {
  frequency: number;
  recency: number;
  T: number;
  monetary?: number;
  /** In a list: how many customers this row stands for (a positive whole number); give it for every row or none. */
  count?: number;
}

/**
 * Many customers: columns (an analysis result's `customers` fits) or a list of customer objects.
 * With `count`, each row stands for that many customers with the same values (one row per
 * distinct history, as `GROUP BY frequency, recency, T` gives them): fits weigh each row by
 * it and equal the fits on the customers; predictions come one per row.
 */
export type Customers = { frequency: Numbers; recency: Numbers; T: Numbers; monetary?: Numbers; count?: Numbers } | Customer[] | PreparedCustomers;

/**
 * Customers checked and grouped once by `prepareCustomers` and kept in the wasm: every fit
 * and prediction takes them in place of the columns and returns one value per row, without
 * copying or checking them again. `free()` gives the memory back; otherwise garbage
 * collection does. After `free()` (or a trap, which starts a fresh wasm instance)
 * using them throws a KundenwertError on `customers`.
 */
export interface PreparedCustomers {
  /** Rows prepared: customers, or histories with their counts. */
  readonly rows: number;
  /** Distinct (frequency, recency, T) histories among them. */
  readonly histories: number;
  /** Whether `monetary` was given (needed by the spend model and the CLV). */
  readonly monetary: boolean;
  /** Frees the customers' memory in the wasm; idempotent. Where `Symbol.dispose` exists it is also `[Symbol.dispose]`, for `using`. */
  free(): void;
}

/**
 * Checks and groups the customers once (with `monetary` when they have it) and keeps them in
 * the wasm for the fits and predictions that follow. Errors name the field and row
 * (`recency[17]`), as a fit's would.
 */
export function prepareCustomers(customers: Customers | Customer): PreparedCustomers;

/** What a fit found; null on a model made from given parameters. */
export interface FitInfo<P> {
  /** Summed over the customers, natural log. */
  logLikelihood: number | null;
  /** From the Hessian at the estimate; null when it is not positive definite. */
  standardErrors: P | null;
  /** Customers (or cohort members) the fit used. */
  observations: number | null;
  iterations: number | null;
}

/**
 * The last argument of a per-customer prediction: `into`, a Float64Array of one entry per
 * customer (row) that the values are written into and that is returned, instead of a new
 * array each call (for predictions made again and again).
 */
export interface PredictOptions {
  into?: Float64Array;
}

export interface PurchaseModel<P> extends FitInfo<P> {
  model: 'bg-nbd' | 'pareto-nbd';
  params: P;
  /** P(still active at the end of observation | history). */
  probabilityAlive(customer: Customer): number;
  probabilityAlive(customers: Customers, options?: PredictOptions): Float64Array;
  /** Expected repeat purchases in the next t periods: of a new customer without `customers`, else per customer given their history. */
  expectedPurchases(t: number): number;
  expectedPurchases(t: number, customer: Customer): number;
  expectedPurchases(t: number, customers: Customers, options?: PredictOptions): Float64Array;
  /** P(n purchases in the next t periods): of a new customer without `customers`, else per customer. */
  probabilityOfPurchases(n: number, t: number): number;
  probabilityOfPurchases(n: number, t: number, customer: Customer): number;
  probabilityOfPurchases(n: number, t: number, customers: Customers, options?: PredictOptions): Float64Array;
}

export interface BgNbdParams { r: number; alpha: number; a: number; b: number }
export interface ParetoNbdParams { r: number; alpha: number; s: number; beta: number }
export interface GammaGammaParams { p: number; q: number; v: number }
export interface SbgParams { alpha: number; beta: number }

export type BgNbdModel = PurchaseModel<BgNbdParams> & { model: 'bg-nbd' };
export type ParetoNbdModel = PurchaseModel<ParetoNbdParams> & { model: 'pareto-nbd' };

export interface GammaGammaModel extends FitInfo<GammaGammaParams> {
  model: 'gamma-gamma';
  params: GammaGammaParams;
  /** Customers left out of the fit: no repeat purchase, or no positive mean spend. */
  excluded: number | null;
  /** Correlation of frequency and mean spend among the fitted; the model assumes about 0. */
  frequencySpendCorrelation: number | null;
  /** Expected spend per purchase given the customer's repeat purchases and their mean. */
  expectedSpend(customer: Customer): number;
  expectedSpend(customers: Customers, options?: PredictOptions): Float64Array;
  /** The population's mean spend per purchase, v p / (q − 1). */
  meanSpend(): number;
}

export interface ClvOptions {
  /** Horizon in months (default 12). */
  months?: number;
  /** Monthly discount rate (default 0.01). */
  discountRate?: number;
  /** The unit of recency and T (default `week`): 30 days, 4.345 weeks or 1 month per month. */
  periodUnit?: 'day' | 'week' | 'month';
  /** Share of spend that is margin (default 1: the CLV is discounted revenue). */
  grossMargin?: number;
  /** With a list of customers: the Float64Array (one entry per customer) to write the CLVs into. */
  into?: Float64Array;
}

export interface SbgProjection {
  /** S(t) for t = 0, 1, ..., periods: the share still subscribed t periods after signing up (S(0) = 1). */
  survival: Float64Array;
  /** Share of the previous period's subscribers who renew, periods 1, ..., periods. */
  retention: Float64Array;
  /** Expected periods a new subscriber pays for; null when infinite (alpha ≤ 1). */
  expectedLifetime: number | null;
  /** Σ S(t)/(1+d)^t: discounted expected periods paid, each payment at the start of a period. */
  discountedExpectedLifetime: number;
  /** margin × discountedExpectedLifetime. */
  clv: number;
}

export interface SbgModel extends FitInfo<SbgParams> {
  model: 'sbg';
  params: SbgParams;
  project(options?: { periods?: number; discountRate?: number; margin?: number }): SbgProjection;
}

/** Loads kundenwert_analysis_bg.wasm (from beside the module, or the given URL, path, bytes or Response); idempotent. */
export function init(input?: string | URL | Request | Response | BufferSource | WebAssembly.Module | Promise<unknown>): Promise<void>;
export default init;

export function fitBgNbd(customers: Customers): BgNbdModel;
export function fitParetoNbd(customers: Customers): ParetoNbdModel;
/** Fits on the customers with at least one repeat purchase and a positive mean spend. */
export function fitGammaGamma(customers: Customers): GammaGammaModel;
/** `survival`: still subscribed at the end of period 1, 2, ..., n (counts, shares or percent). */
export function fitShiftedBetaGeometric(survival: number[], options?: { cohortSize?: number; unit?: 'count' | 'share' | 'percent' }): SbgModel;

export function bgNbd(params: BgNbdParams): BgNbdModel;
export function paretoNbd(params: ParetoNbdParams): ParetoNbdModel;
export function gammaGamma(params: GammaGammaParams): GammaGammaModel;
export function shiftedBetaGeometric(params: SbgParams): SbgModel;

/** CLV per customer: Σ over months of margin × expected spend × expected purchases that month, discounted monthly. */
export function customerLifetimeValue(purchases: BgNbdModel | ParetoNbdModel, spend: GammaGammaModel, customer: Customer, options?: ClvOptions): number;
export function customerLifetimeValue(purchases: BgNbdModel | ParetoNbdModel, spend: GammaGammaModel, customers: Customers, options?: ClvOptions): Float64Array;

/** What `readSummary` returns: the summary's columns, each optional one only when the file has it. */
export interface Summary {
  format: 'csv' | 'parquet' | 'arrow';
  /** Rows of the file: customers, or distinct histories when there is a `count` column. */
  rows: number;
  /** Customers: the sum of `count`, else `rows`. */
  customers: number;
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  /** Mean spend per repeat purchase (`monetary`, or lifetimes' `monetary_value`). */
  monetary?: Float64Array;
  /** Customers with this history (`count`, `count_star()`, `count(*)`, `count(1)`): a grouped summary. */
  count?: Float64Array;
  /** `customer_id`, `customer` or `id`. */
  customer?: string[];
  total?: Float64Array;
  purchases?: Float64Array;
  /** `recency_days`: days from the last purchase to the end of observation. */
  recencyDays?: Float64Array;
  /** `first_purchase` and `last_purchase` as days since 1970-01-01. */
  firstDay?: Float64Array;
  lastDay?: Float64Array;
}

export interface ReadSummaryOptions {
  /** Detected from the bytes: Parquet (`PAR1`), Arrow IPC file (`ARROW1`) or stream, else CSV. */
  format?: 'csv' | 'parquet' | 'arrow';
  /** CSV: detected from the header (`,` `;` tab `|`). */
  delimiter?: ',' | ';' | '\t' | '|';
  /** CSV: detected from the cells (a comma when they read only with one, as `12,5`). */
  decimal?: '.' | ',';
  /** Header names other than the usual ones, e.g. `{ T: 'age', count: 'n' }`. */
  columns?: Partial<Record<'customer' | 'frequency' | 'recency' | 'T' | 'monetary' | 'count' | 'total' | 'purchases' | 'recencyDays' | 'firstDay' | 'lastDay', string>>;
}

/**
 * Reads a per-customer summary (docs/FORMULAS.md 14) from CSV, Parquet or Arrow IPC: one row
 * per customer, or per distinct history with a `count` column. Its result is `Customers` for
 * the fits and predictions. Bad cells throw a KundenwertError naming the column and row
 * (`recency[16]`).
 */
export function readSummary(input: Blob | ArrayBuffer | ArrayBufferView | string, options?: ReadSummaryOptions): Promise<Summary>;
