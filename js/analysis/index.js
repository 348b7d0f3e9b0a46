// Customer data in the browser: a transaction export in, RFM segments, value tiers, channels,
// cohorts and per-customer summaries out. Runs in a Web Worker, so the page stays responsive;
// nothing leaves the machine. (Node: analysis-node.js, by the package's "node" condition.)
//   import { analyzeTransactions } from 'kundenwert/analysis';
import { KundenwertError } from '../shared/error.js';
import { dayToDate } from './dates.js';

export { KundenwertError, dayToDate };

let worker = null;
let nextId = 0;
const pending = new Map();

function run(type, input, options = {}) {
  const { onProgress, signal, wasm, ...rest } = options;
  if (!worker) {
    worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = ({ data }) => {
      const job = pending.get(data.id);
      if (!job) return;
      if (data.type === 'progress') return job.onProgress?.({ loaded: data.loaded, total: data.total });
      pending.delete(data.id);
      if (data.type === 'result') job.resolve(data.result);
      else job.reject(new KundenwertError(data.error.code, data.error.field, data.error.message));
    };
    worker.onerror = (e) => {
      for (const job of pending.values()) job.reject(new Error(`kundenwert: the analysis worker failed: ${e.message}`));
      pending.clear();
      worker = null;
    };
  }
  const id = nextId++;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    // A cancel stops this analysis alone: the worker drops it at its next chunk, and other
    // analyses in the same worker go on.
    const abort = () => {
      if (!pending.delete(id)) return;
      worker?.postMessage({ id, type: 'cancel' });
      reject(signal.reason);
    };
    const settle = (f) => (value) => {
      signal?.removeEventListener('abort', abort);
      f(value);
    };
    pending.set(id, { resolve: settle(resolve), reject: settle(reject), onProgress });
    signal?.addEventListener('abort', abort, { once: true });
    worker.postMessage({ id, type, input, options: rest, wasm });
  });
}

/**
 * The format detected from the start of a transaction file: delimiter, header, columns, which
 * column is which, date format, decimal separator. Options as for analyzeTransactions.
 */
export function detectFormat(input, options) {
  return run('detect', input, options);
}

/**
 * Analyses a transaction export (a string, File, Blob, bytes or a ReadableStream).
 * `options.onProgress({ loaded, total })` reports bytes read; `options.signal` aborts.
 */
export function analyzeTransactions(input, options) {
  return run('analyze', input, options);
}
