// Types of `kundenwert/elements`: the calculator elements. Importing the module registers
// <clv-calculator>, <ltv-cac-calculator>, <tcv-calculator>, <retention-impact-calculator> and
// <nps-calculator>; <retention-forecast> and <customer-segmenter> (typed here too, so that every
// element is in HTMLElementTagNameMap) are registered by `kundenwert/retention-forecast` and
// `kundenwert/segmenter`. JSX types for React, Vue, Svelte and Solid: kundenwert/jsx/<framework>.
import type { AnalysisResult } from '../analysis/index.js';
import type {
  ClvPurchaseResult, ClvSimpleResult, ClvSubscriptionResult, LtvCacBand, NpsResult, PaybackResult, RetentionImpactResult, TcvResult,
} from '../calculators/index.js';
import type { SbgParams, SbgProjection } from '../models/index.js';

/**
 * What every calculator element has. Every attribute has a camelCase property; setting it sets
 * the attribute (null or undefined removes it), reading it gives what the element makes of the
 * attribute. Field properties read numbers in the API's units (rates as fractions), null when
 * empty or unreadable; they take a number or the attribute's text.
 */
declare class KundenwertCalculator extends HTMLElement {
  /** The latest result; null before the first. */
  readonly result: unknown;
  /** The `locale` attribute, else the nearest `lang` (set: the attribute). */
  get locale(): string;
  set locale(v: string | null | undefined);
  /** The `currency` attribute, an ISO code (default EUR). */
  get currency(): string;
  set currency(v: string | null | undefined);
  /** `light` or `dark` from the `theme` attribute; `auto` without one (the page's background decides). */
  get theme(): 'light' | 'dark' | 'auto';
  set theme(v: 'light' | 'dark' | 'auto' | string | null | undefined);
  /** The level of the title, 2 to 6 (default 3). */
  get headingLevel(): number;
  set headingLevel(v: number | string | null | undefined);
  /** `sync-url`: values in the page address, and a copy-link button. */
  get syncUrl(): boolean;
  set syncUrl(v: boolean | string | null | undefined);
  /** `data-layer`: the dataLayer event's name ('' for the default `kundenwert`); null when nothing is pushed. */
  get dataLayer(): string | null;
  set dataLayer(v: boolean | string | null | undefined);

  // Lead capture: each property mirrors its `lead-*` attribute (null when absent; null removes it).
  /** `gate`: the headline result waits until the visitor sends the form; `offer`: results shown, sending offered; `off` (default): no form at all. */
  lead: 'off' | 'gate' | 'offer';
  /** The optional fields, of `name` and `company` (default both; empty for the email alone). */
  leadFields: string | null;
  /** The site owner's consent text (plain text, never HTML); default a localised one. */
  leadConsent: string | null;
  /** The privacy policy, linked beside the consent: http(s) only, relative to the page allowed. */
  leadPrivacyUrl: string | null;
  /** The webhook that receives the lead (POST). */
  leadWebhook: string | null;
  /** `json` (default) or `form` (application/x-www-form-urlencoded: no CORS preflight). */
  leadWebhookFormat: string | null;
  /** HubSpot: the portal (account) id. */
  leadHubspotPortal: string | null;
  /** HubSpot: the form's GUID. */
  leadHubspotForm: string | null;
  /** HubSpot: `key=property` pairs, space-separated (default `email=email name=firstname company=company`); `0-2/name` for another object type. */
  leadHubspotFields: string | null;
  /** HubSpot: a subscription type id to which the consent also subscribes. */
  leadHubspotSubscription: string | null;
  /** HubSpot's base URL, for a proxy or tests (default https://api.hsforms.com). */
  leadHubspotUrl: string | null;
  /** Seconds the form must have been shown before a submit counts as a person's (default 3). */
  leadMinSeconds: string | number | null;
  /** Push `{ event, calculator, mode, leadId, ...results }` (no personal data) to dataLayer; the value is the event (default `kw_lead`). */
  leadDataLayer: string | null;
  /** The gate's button over the locked headline (plain text; default "Ergebnis freischalten" / "Unlock my result"). */
  leadGateText: string | null;
  /** A call to action after the result (http(s), relative allowed), e.g. a booking page; hidden while the gate is locked. */
  ctaHref: string | null;
  /** The call to action's text (plain text; default "Beratungstermin vereinbaren" / "Book a call"). */
  ctaText: string | null;
}

/** A consented lead: the webhook's JSON body and the `kw-lead` event's detail. */
export interface KwLead {
  /** A random UUID, the same on every retry: receivers may deduplicate by it. */
  id: string;
  calculator: string;
  mode: string | null;
  /** The inputs in API units. */
  inputs: Record<string, number>;
  /** The calculator's headline figures (as pushed to dataLayer). */
  results: Record<string, number | string | null>;
  /** The email, and the optional fields configured (empty strings when left blank). */
  lead: { email: string; name?: string; company?: string };
  /** The consent text the visitor agreed to, the privacy link shown, and when (ISO 8601). */
  consent: { text: string; privacyUrl: string | null; at: string };
  page: { url: string; title: string };
  locale: string;
  currency: string;
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

/** `<nps-calculator>`: the Net Promoter Score from counts per group, or from the answers pasted (mode `scores`). */
export class NpsCalculator extends KundenwertCalculator {
  readonly result: NpsResult | null;
  mode: 'counts' | 'scores';
  promoters: number | null; passives: number | null; detractors: number | null;
  /** The answers (0 to 10) as pasted, for mode `scores`: separated by spaces, commas, semicolons or lines. */
  scores: string;
}

/** `el.result` of `<retention-forecast>`: the sBG fit and its projection (kundenwert/models). */
export interface RetentionForecastResult extends SbgProjection {
  params: SbgParams;
  /** With a cohort size; null without one (shares alone say nothing about the sample size). */
  standardErrors: SbgParams | null;
  logLikelihood: number;
  observations: number;
  iterations: number;
  /** Periods projected: twice those entered, at least 10 (`survival` has periods + 1 entries). */
  periods: number;
}

/**
 * `<retention-forecast>`: registered by `kundenwert/retention-forecast` (its own script, on the
 * analysis wasm), not by this module; its type is declared here with the other elements.
 */
export class RetentionForecast extends KundenwertCalculator {
  readonly result: RetentionForecastResult | null;
  /** `year` (default) or `month`: the unit of the periods in texts and results. */
  period: 'year' | 'month';
  /** How many periods are entered and shown, 2 to 12 (default 5). */
  periodCount: number;
  /** Share of the cohort still subscribed after period k (a fraction); setting one beyond periodCount shows it. */
  retained1: number | null; retained2: number | null; retained3: number | null; retained4: number | null;
  retained5: number | null; retained6: number | null; retained7: number | null; retained8: number | null;
  retained9: number | null; retained10: number | null; retained11: number | null; retained12: number | null;
  /** Margin per subscriber per period, paid at the start of each period. */
  margin: number | null;
  /** Per period, a fraction. */
  discountRate: number | null;
  cohortSize: number | null;
}

/** `el.result` of `<customer-segmenter>` and the `kw-analysis` event's detail. */
export interface KwAnalysisDetail {
  result: AnalysisResult;
}

/**
 * `<customer-segmenter>`: registered by `kundenwert/segmenter`. A transaction file in; segments,
 * tiers, channels, cohorts and the per-customer forecast out, computed in a Web Worker.
 */
export class CustomerSegmenter extends HTMLElement {
  /** The latest analysis; null before one. */
  readonly result: AnalysisResult | null;
  get locale(): string;
  set locale(v: string | null | undefined);
  get currency(): string;
  set currency(v: string | null | undefined);
  get theme(): 'light' | 'dark' | 'auto';
  set theme(v: 'light' | 'dark' | 'auto' | string | null | undefined);
  /** The forecast model preselected: `bg-nbd` (default), `pareto-nbd` or `off`. */
  get model(): 'bg-nbd' | 'pareto-nbd' | 'off';
  set model(v: 'bg-nbd' | 'pareto-nbd' | 'off' | string | null | undefined);
  /** The level of the title, 2 to 6 (default 2). */
  get headingLevel(): number;
  set headingLevel(v: number | string | null | undefined);
  /** Opens a File or Blob (CSV or .xlsx), as if it had been dropped: the column form follows. */
  open(file: Blob): Promise<void>;
  /** Analyses the generated sample export (a German shop, six channels with their spend) at once. */
  loadSample(): Promise<void>;
  /**
   * The per-customer scores as CSV text in the visitor's conventions (German: `;`, decimal
   * comma, 31.12.2024; English: `,`, point, ISO dates), without the byte order mark the
   * download adds; with `segment` (a key such as `at-risk`) that segment's call list.
   */
  csv(segment?: string): string;
  /** Downloads the per-customer scores (`kundenwerte.csv` / `customer-scores.csv`). */
  download(): void;
  /** Downloads one segment's customers, most valuable first (`kundenliste-gefaehrdet.csv`). */
  downloadList(segment: string): void;
  /** Downloads the report as a workbook (`kundenbericht.xlsx`): summary, customers, segments, channels, cohorts, a sheet per segment. */
  downloadWorkbook(): Promise<void>;
  /** Prints the report (or saves it as PDF) through the browser. */
  print(): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'customer-segmenter': CustomerSegmenter;
    'clv-calculator': ClvCalculator;
    'ltv-cac-calculator': LtvCacCalculator;
    'tcv-calculator': TcvCalculator;
    'retention-impact-calculator': RetentionImpactCalculator;
    'nps-calculator': NpsCalculator;
    'retention-forecast': RetentionForecast;
  }
  interface HTMLElementEventMap {
    'kw-change': CustomEvent<KwChangeDetail<unknown>>;
    'kw-lead': CustomEvent<KwLead>;
    'kw-analysis': CustomEvent<KwAnalysisDetail>;
  }
  interface DocumentEventMap {
    'kw-lead': CustomEvent<KwLead>;
  }
}
