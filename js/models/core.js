// Customer-base models: BG/NBD, Pareto/NBD, Gamma-Gamma and shifted-beta-geometric, fitted and
// evaluated by the analysis wasm in this thread. Everything exported here is public; the
// entries (models.js, models-node.js) add init(). The math is all in Rust (src/models/).
import { engine } from '../analysis/engine.js';
import { KundenwertError } from '../shared/error.js';
import { NO_FIT, fitted, readiness, retentionModels } from '../shared/sbg.js';

export { KundenwertError };
export const { shiftedBetaGeometric, fitShiftedBetaGeometric } = retentionModels(engine, 'kundenwert/models');

const COLUMNS = ['frequency', 'recency', 'T', 'monetary'];

const ready = readiness(engine, 'kundenwert/models');

function fail(code, field, message) {
  throw new KundenwertError(code, field, message);
}

function number(v, field) {
  if (typeof v !== 'number') fail(v === undefined || v === null ? 'missing' : 'not_a_number', field, `${field} must be a number`);
  return v;
}

/**
 * Customers as columns. Accepts columns (`{ frequency, recency, T, monetary?, count? }` of
 * arrays or typed arrays, such as an analysis result's `customers`), an array of customer
 * objects, or one customer object (then `single` is true). With `count` (customers per row:
 * one row per distinct history, as `GROUP BY frequency, recency, T` gives them), `counted`
 * is true and the last column holds the counts.
 */
function columnsOf(customers, withMonetary) {
  if (customers === null || typeof customers !== 'object') {
    fail('invalid_type', 'customers', 'customers must be an object of columns, a list of customers or one customer');
  }
  const base = withMonetary ? COLUMNS : COLUMNS.slice(0, 3);
  if (Array.isArray(customers)) {
    const n = customers.length;
    const first = customers[0];
    const counted = n > 0 && first !== null && typeof first === 'object' && first.count !== undefined;
    const wanted = counted ? [...base, 'count'] : base;
    const columns = wanted.map(() => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      const c = customers[i];
      if (c === null || typeof c !== 'object') fail('invalid_type', `customers[${i}]`, `customers[${i}] must be an object`);
      wanted.forEach((key, k) => { columns[k][i] = number(c[key], `${key}[${i}]`); });
    }
    return { n, columns, single: false, counted };
  }
  if (typeof customers.frequency === 'number') {
    const columns = base.map((key) => [number(customers[key], key)]);
    return { n: 1, columns, single: true, counted: false };
  }
  // An analysis result's `customers` carries `count`, the number of customers: only an
  // array (or typed array) is a count column.
  const counted = Array.isArray(customers.count) || (ArrayBuffer.isView(customers.count) && !(customers.count instanceof DataView));
  const wanted = counted ? [...base, 'count'] : base;
  const columns = wanted.map((key) => {
    const c = customers[key];
    if (c === undefined || c === null) fail('missing', key, `${key} is required: one value per customer`);
    if (!Array.isArray(c) && !(ArrayBuffer.isView(c) && !(c instanceof DataView))) {
      fail('invalid_type', key, `${key} must be an array of numbers`);
    }
    // A plain array is copied (each value read once), so that writing it into the wasm
    // runs none of the caller's code.
    return Array.isArray(c) ? Float64Array.from(c, (v, i) => number(v, `${key}[${i}]`)) : c;
  });
  const n = columns[0].length;
  columns.forEach((c, k) => {
    if (c.length !== n) fail('invalid_type', wanted[k], `${wanted[k]} must have one entry per customer (${n})`);
  });
  return { n, columns, single: false, counted };
}

/**
 * Runs `fn` on `options` and the customers' columns (or the customers prepared before); with
 * `into` (checked here), the per-customer values are written into it.
 */
function run(fn, options, customers, withMonetary, into) {
  ready(fn);
  if (customers instanceof PreparedCustomers) {
    const args = [0, false, false, customers[HANDLE]()];
    return { value: engine.run(fn, options, { typed: target(into, customers[ROWS](), false), args }), single: false };
  }
  const { n, columns, single, counted } = customers === undefined
    ? { n: 0, columns: [], single: true, counted: false }
    : columnsOf(customers, withMonetary);
  const typed = target(into, n, single);
  // The columns are copied in after the options are on the input tape (reading the options
  // may run the caller's getters, which may call kundenwert in turn).
  const write = () => engine.writeColumns(columns);
  const args = [n, withMonetary && n > 0, counted && n > 0, 0];
  return { value: engine.run(fn, options, { typed, args, write }), single };
}

/** `into` checked, for the result reader: a Float64Array of one entry per row, or true. */
function target(into, n, single) {
  if (into === undefined) return true;
  if (!(into instanceof Float64Array)) fail('invalid_type', 'into', 'into must be a Float64Array');
  if (single) fail('invalid_type', 'into', 'into is for a list of customers: one customer gives one number');
  if (into.length !== n) fail('invalid_type', 'into', `into must have one entry per customer (${n}), not ${into.length}`);
  return into;
}

/** The `into` of a prediction's last argument (`{ into }`; no other option). */
function intoOf(options) {
  if (options === undefined) return undefined;
  if (options === null || typeof options !== 'object' || ArrayBuffer.isView(options)) {
    fail('invalid_type', 'options', 'options must be an object: { into } (an array goes in as into)');
  }
  for (const key of Object.keys(options)) {
    if (key !== 'into') fail('invalid_type', key, `${key} is not an option of a prediction (into is)`);
  }
  return options.into;
}

const HANDLE = Symbol('handle');
const ROWS = Symbol('rows');
// Prepared customers nobody frees are freed when they are garbage-collected (if the wasm
// instance that holds them is still the one running).
const unfreed = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry(({ handle, instance }) => {
    if (engine.instance() === instance) engine.raw('modelFree', handle);
  })
  : null;

/**
 * Customers checked and grouped once and kept in the wasm: every fit and prediction takes
 * them in place of the columns, without copying or checking them again. `free()` (or
 * `using`) gives their memory back; otherwise garbage collection does.
 */
class PreparedCustomers {
  #handle;
  #instance;
  #rows;

  constructor(held, withMonetary) {
    this.#handle = held.handle;
    this.#instance = engine.instance();
    this.#rows = held.rows;
    /** Rows prepared: customers, or histories with their counts. */
    this.rows = held.rows;
    /** Distinct (frequency, recency, T) histories among them. */
    this.histories = held.histories;
    /** Whether `monetary` was given (for the spend model and the CLV). */
    this.monetary = withMonetary;
    unfreed?.register(this, { handle: this.#handle, instance: this.#instance }, this);
  }

  /** The handle in the running wasm instance; throws when freed or from an earlier instance. */
  [HANDLE]() {
    if (this.#handle === 0) fail('invalid_type', 'customers', 'these prepared customers were freed: prepare them again');
    if (engine.instance() !== this.#instance) {
      fail('invalid_type', 'customers', 'these prepared customers belong to an earlier wasm instance: prepare them again');
    }
    return this.#handle;
  }

  /** The rows held (`rows` as prepared, whatever the property says now). */
  [ROWS]() {
    return this.#rows;
  }

  /** Frees the customers' memory in the wasm; they cannot be used after. Idempotent. */
  free() {
    if (this.#handle === 0) return;
    if (engine.instance() === this.#instance) engine.raw('modelFree', this.#handle);
    unfreed?.unregister(this);
    this.#handle = 0;
  }
}
if (typeof Symbol.dispose === 'symbol') PreparedCustomers.prototype[Symbol.dispose] = PreparedCustomers.prototype.free;

/**
 * Checks and groups the customers once (columns, a list of customers, a summary with or
 * without `count`; `monetary` when present) and keeps them in the wasm for the fits and
 * predictions that follow: each prediction then evaluates each distinct history once and
 * returns one value per row, without copying the customers in again.
 */
export function prepareCustomers(customers) {
  ready('modelPrepare');
  if (customers instanceof PreparedCustomers) return customers;
  const withMonetary = customers !== null && typeof customers === 'object'
    && (Array.isArray(customers) ? customers[0]?.monetary !== undefined : customers.monetary !== undefined);
  const { n, columns, counted } = columnsOf(customers, withMonetary);
  engine.writeColumns(columns);
  const { ok, value } = engine.callRaw('modelPrepare', [n, withMonetary, counted]);
  if (!ok) throw new KundenwertError(value.code, value.field, value.message);
  return new PreparedCustomers(value, withMonetary);
}

function predict(model, options, customers, withMonetary = false, into = undefined) {
  if (customers === undefined && into === undefined) {
    const v = newCustomer(model, options);
    if (v === v) return v; // (NaN: something is wrong, and the call below names it)
  }
  const { value, single } = run('modelPredict', { [model.key]: model.params, ...options }, customers, withMonetary, into);
  return single ? value.values[0] : value.values;
}

// A new customer's prediction (no customers) as one call with plain numbers, without the
// input and result tapes: a few microseconds less a call, and far less code for V8 to warm up.
// The wasm checks everything as modelPredict does; it returns NaN where that would fail, and
// NaN here sends the call the usual way, whose error names the field. The parameters must be
// exactly the model's own keys, in their order, all numbers (anything else goes the usual way).
const PARAMS = { bgNbd: ['r', 'alpha', 'a', 'b'], paretoNbd: ['r', 'alpha', 's', 'beta'], gammaGamma: ['p', 'q', 'v'] };
const NEW = { probabilityOfPurchases: 0, expectedPurchases: 1, expectedSpend: 2 };

function newCustomer(model, { predict: what, t, n }) {
  const names = PARAMS[model.key];
  const p = model.params;
  const kind = NEW[what];
  if (kind === undefined) return NaN; // (P(alive) needs customers: the usual call says so)
  if (kind === 2) t = n = 0; // (the mean spend takes neither)
  else if (kind === 1) n = 0; // (nor the expected purchases n)
  if (!engine.isReady() || p === null || typeof p !== 'object' || typeof t !== 'number' || typeof n !== 'number') return NaN;
  const own = Object.keys(p);
  if (own.length !== names.length) return NaN;
  for (let i = 0; i < own.length; i++) {
    if (own[i] !== names[i] || typeof p[own[i]] !== 'number') return NaN;
  }
  const p3 = names.length === 4 ? p[names[3]] : 0;
  return engine.raw('modelPredictNew', kind, model.key === 'paretoNbd', p[names[0]], p[names[1]], p[names[2]], p3, t, n);
}

/** A purchase model (BG/NBD or Pareto/NBD) from its parameters. */
function purchaseModel(name, key, params, fit = NO_FIT) {
  const model = {
    model: name,
    key,
    params: { ...params },
    ...fit,
    probabilityAlive(customers, options) {
      return predict(model, { predict: 'probabilityAlive' }, customers, false, intoOf(options));
    },
    expectedPurchases(t, customers, options) {
      return predict(model, { predict: 'expectedPurchases', t }, customers, false, intoOf(options));
    },
    probabilityOfPurchases(n, t, customers, options) {
      return predict(model, { predict: 'probabilityOfPurchases', n, t }, customers, false, intoOf(options));
    },
  };
  Object.defineProperty(model, 'key', { enumerable: false });
  return model;
}

/** A BG/NBD model from parameters `{ r, alpha, a, b }` (for example published ones). */
export function bgNbd(params) {
  return purchaseModel('bg-nbd', 'bgNbd', params);
}

/** A Pareto/NBD model from parameters `{ r, alpha, s, beta }`. */
export function paretoNbd(params) {
  return purchaseModel('pareto-nbd', 'paretoNbd', params);
}

/** A Gamma-Gamma spend model from parameters `{ p, q, v }`. */
export function gammaGamma(params) {
  return spendModel(params, NO_FIT, { excluded: null, frequencySpendCorrelation: null });
}

function spendModel(params, fit, extra) {
  const model = {
    model: 'gamma-gamma',
    key: 'gammaGamma',
    params: { ...params },
    ...fit,
    ...extra,
    expectedSpend(customers, options) {
      return predict(model, { predict: 'expectedSpend' }, customers, true, intoOf(options));
    },
    meanSpend() {
      return predict(model, { predict: 'expectedSpend' }, undefined, true);
    },
  };
  Object.defineProperty(model, 'key', { enumerable: false });
  return model;
}

function fitModel(name, customers, withMonetary) {
  return run('modelFit', { model: name }, customers, withMonetary).value;
}

/** BG/NBD by maximum likelihood on the customers' frequency, recency and T. */
export function fitBgNbd(customers) {
  const v = fitModel('bg-nbd', customers, false);
  return purchaseModel('bg-nbd', 'bgNbd', v.params, fitted(v));
}

/** Pareto/NBD by maximum likelihood on the customers' frequency, recency and T. */
export function fitParetoNbd(customers) {
  const v = fitModel('pareto-nbd', customers, false);
  return purchaseModel('pareto-nbd', 'paretoNbd', v.params, fitted(v));
}

/** Gamma-Gamma by maximum likelihood on the repeat buyers' frequency and monetary. */
export function fitGammaGamma(customers) {
  const v = fitModel('gamma-gamma', customers, true);
  return spendModel(v.params, fitted(v), { excluded: v.excluded, frequencySpendCorrelation: v.frequencySpendCorrelation });
}

/**
 * CLV per customer over `months` with a monthly `discountRate`, from a purchase model and a
 * Gamma-Gamma spend model, by the convention of lifetimes (docs/models.md).
 */
export function customerLifetimeValue(purchases, spend, customers, options = {}) {
  if (!purchases || !['bgNbd', 'paretoNbd'].includes(purchases.key)) {
    fail('invalid_type', 'purchases', 'purchases must be a BG/NBD or Pareto/NBD model');
  }
  if (!spend || spend.key !== 'gammaGamma') fail('invalid_type', 'spend', 'spend must be a Gamma-Gamma model');
  // (`into` is the reader's, the rest the CLV's settings)
  const { into, ...settings } = options ?? {};
  const { value, single } = run(
    'modelPredict',
    { [purchases.key]: purchases.params, gammaGamma: spend.params, predict: 'clv', ...settings },
    customers,
    true,
    into,
  );
  return single ? value.values[0] : value.values;
}
