// Types of `kundenwert/analysis`: customer data in the browser (a Web Worker) or in Node.
import { KundenwertError } from '../calculators/index.js';
import type { LtvCacBand } from '../calculators/index.js';

export { KundenwertError };

/** A column by its header name, or its 0-based number. */
export type ColumnRef = string | number;

export interface AnalysisOptions {
  /** `,` `;` `\t` `|`, or `' '` for runs of spaces. Detected when absent. */
  delimiter?: ',' | ';' | '\t' | '|' | ' ';
  /** Whether the first row names the columns. Detected when absent. */
  header?: boolean;
  /** Which column is which; detected from header names (English and German) or the content. */
  columns?: {
    customer?: ColumnRef;
    date?: ColumnRef;
    amount?: ColumnRef;
    channel?: ColumnRef;
    acquisitionCost?: ColumnRef;
    order?: ColumnRef;
  };
  dateFormat?: 'YYYY-MM-DD' | 'DD.MM.YYYY' | 'DD/MM/YYYY' | 'MM/DD/YYYY' | 'YYYYMMDD';
  decimal?: '.' | ',';
  /** The text encoding; detected when absent (a byte-order mark's, else UTF-8 when the bytes are valid UTF-8, else Windows-1252). */
  encoding?: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
  /**
   * Rows with a negative amount (refunds, in any notation: `-12,50`, `12,50-`, `(12,50)`, `−12,50`):
   * `net` (default) lowers the customer's total and that day's spend (a refund is no purchase: a
   * day with refunds only is no purchase day, and refund rows are not counted in `purchases`);
   * `exclude` leaves them out, counted under the reason `refund`.
   */
  refunds?: 'net' | 'exclude';
  /** The last day observed, `YYYY-MM-DD`; default the last purchase. Later rows are excluded and counted. */
  observationEnd?: string;
  /** Unit of recency and T (default `week`). */
  periodUnit?: 'day' | 'week' | 'month';
  /** What the M score measures (default `total`). */
  monetary?: 'total' | 'average';
  /** For channel CLV (default 1). */
  grossMargin?: number;
  /** Value shares of tiers A and B (default [0.8, 0.15]). */
  tierShares?: [number, number];
  /** Spend per acquisition channel over the period of the data. */
  channelCosts?: Array<{ channel: string; spend: number }>;
  /** Fit the customer-base models and predict per customer (result: `models`). */
  models?: {
    /** Default `bg-nbd`. */
    purchaseModel?: 'bg-nbd' | 'pareto-nbd';
    /** CLV horizon in months (default 12). */
    months?: number;
    /** Monthly discount rate (default 0.01). */
    discountRate?: number;
    /** `YYYY-MM-DD`: also fit on the purchases up to this day and compare predicted with actual purchases after it. */
    calibrationEnd?: string;
  };
  /**
   * The phase and how far it is: `reading` (bytes read so far; total is null for a stream of
   * unknown size), in browsers for a large file then `merging` (the file's two halves, read by
   * two workers, joined: `customers` of `customersTotal` steps), `summarizing` (customers
   * summarised), then `finishing` (the RFM scores, value tiers, channels, cohorts and the
   * result: `step` of `steps` done), or with `models` the phase `models` instead (the same
   * steps, the model fit and forecast among them as one step of seconds on a large file).
   * Several times a second in every phase but the model fit's step (which may take seconds).
   */
  onProgress?: (progress: {
    phase: 'reading' | 'merging' | 'summarizing' | 'models' | 'finishing';
    loaded?: number;
    total?: number | null;
    customers?: number;
    customersTotal?: number;
    step?: number;
    steps?: number;
  }) => void;
  /** Aborts the analysis at once, in every phase (browsers: the analysis' worker is terminated). */
  signal?: AbortSignal;
  /** Where to load kundenwert_analysis_bg.wasm from (default: beside the module). */
  wasm?: string | URL | BufferSource;
}

export interface DetectedFormat {
  delimiter: string;
  header: boolean;
  columns: string[];
  mapping: { customer: number; date: number; amount: number; channel: number | null; acquisitionCost: number | null; order: number | null };
  dateFormat: string;
  /** True when the dates fit both day-first and month-first and month-first was assumed. */
  dateAmbiguous: boolean;
  decimal: string;
  /** The encoding the file was read in (after the analysis: the whole file's). */
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
}

export interface AnalysisResult {
  format: DetectedFormat;
  /** `read = used + rejected`; the header and empty lines are not rows. */
  rows: { read: number; used: number; rejected: number; emptyLines: number };
  rejected: {
    total: number;
    /** `missing_columns`, `missing_customer`, `bad_date`, `bad_amount`, `bad_acquisition_cost`, `unclosed_quote`, `after_end`, `refund` (excluded by `refunds: 'exclude'`), `refund_only` (a customer with refunds and no purchase). */
    byReason: Array<{ reason: string; message: string; count: number }>;
    /** The first 1,000 bad rows with their line number (rows after the observation end are only counted). */
    rows: Array<{ line: number; reason: string; message: string; text: string }>;
  };
  observationEnd: string;
  periodUnit: 'day' | 'week' | 'month';
  monetary: 'total' | 'average';
  revenue: number;
  /** One entry per customer, in order of first appearance. */
  customers: {
    count: number;
    id: string[];
    /** Repeat purchases: distinct purchase days − 1 (docs/FORMULAS.md 14). */
    frequency: Float64Array;
    /** First to last purchase, in periodUnit. */
    recency: Float64Array;
    /** First purchase to the end of observation, in periodUnit. */
    T: Float64Array;
    /** Mean value of the repeat purchases (0 without). */
    monetary: Float64Array;
    total: Float64Array;
    purchases: Float64Array;
    /** Days since 1970-01-01: dayToDate() gives YYYY-MM-DD. */
    firstDay: Float64Array;
    lastDay: Float64Array;
    recencyDays: Float64Array;
    r: Float64Array;
    f: Float64Array;
    m: Float64Array;
    /** Index into `segments`. */
    segment: Float64Array;
    /** 0 A, 1 B, 2 C. */
    tier: Float64Array;
    /** Index into `channelNames` (empty without a channel column). */
    channel: Float64Array;
  };
  segments: Array<{ segment: string; name: string; action: string; customers: number; customerShare: number; revenue: number; revenueShare: number }>;
  tiers: Array<{ tier: 'A' | 'B' | 'C'; customers: number; customerShare: number; revenue: number; revenueShare: number }>;
  channelNames: string[];
  channels: Array<{
    channel: string; customers: number; revenue: number; clv: number;
    spend: number | null; cac: number | null; ratio: number | null; band: LtvCacBand | null; rank: number;
  }>;
  cohorts: Array<{ month: string; customers: number; active: number[]; retention: number[] }>;
  /** With the `models` option, else null. */
  models: ModelsResult | null;
}

export interface ModelFit {
  model: 'bg-nbd' | 'pareto-nbd' | 'gamma-gamma';
  params: Record<string, number>;
  logLikelihood: number;
  standardErrors: Record<string, number> | null;
  observations: number;
  iterations: number;
  /** Gamma-Gamma only (else null). */
  excluded: number | null;
  frequencySpendCorrelation: number | null;
}

export interface ModelsResult {
  purchaseModel: 'bg-nbd' | 'pareto-nbd';
  /** Null when the fit failed (see `problem`). */
  purchase: ModelFit | null;
  spend: ModelFit | null;
  /** Why something is missing; null when every fit worked. */
  problem: { code: string; field: string; message: string } | null;
  months: number;
  /** The horizon in the period unit. */
  horizon: number;
  discountRate: number;
  grossMargin: number;
  /** Per customer, in the order of `customers` (empty when the fits failed; spend and CLV empty without a spend model). */
  customers: { probabilityAlive: Float64Array; expectedPurchases: Float64Array; expectedSpend: Float64Array; clv: Float64Array };
  /** Tier A customers with P(alive) below 0.5, most valuable first (indices into `customers`). */
  likelyLost: Float64Array;
  holdout: {
    calibrationEnd: string;
    /** Length of the holdout in the period unit. */
    periods: number;
    customers: number;
    purchase: ModelFit;
    /** By purchases in the calibration period: `0` ... `6`, `7+`; means per customer. */
    groups: Array<{ frequency: string; customers: number; actual: number; predicted: number }>;
    actual: number;
    predicted: number;
  } | null;
}

/** The format detected from the first 64 KB of a transaction export. */
export function detectFormat(input: string | Blob | BufferSource | ReadableStream<Uint8Array>, options?: AnalysisOptions): Promise<DetectedFormat>;

/** Analyses a transaction export, in a Web Worker in browsers. Nothing leaves the machine. */
export function analyzeTransactions(input: string | Blob | BufferSource | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>, options?: AnalysisOptions): Promise<AnalysisResult>;

/**
 * Gets the first analysis ready while the page is idle: compiles the wasm and starts a worker
 * that runs the engine on a small made-up file, so that the visitor's file is read by the
 * engine's optimised code from its first bytes (the `<customer-segmenter>` calls it when it is
 * shown). Optional; does nothing once a detection or analysis has begun. Resolves when the
 * worker is ready or an analysis has taken it; in Node it loads the wasm.
 */
export function prepareAnalysis(): Promise<void>;

/** `YYYY-MM-DD` of a day number. */
export function dayToDate(day: number): string;
