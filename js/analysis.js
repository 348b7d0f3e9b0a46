// Customer data in the browser: a transaction export in, RFM segments, value tiers, channels,
// cohorts and per-customer summaries out. Runs in a Web Worker, so the page stays responsive;
// nothing leaves the machine. (Node: analysis-node.js, by the package's "node" condition.)
//   import { analyzeTransactions } from 'kundenwert/analysis';
import { KundenwertError } from './error.js';
import { dayToDate } from './analysis-dates.js';

export { KundenwertError, dayToDate };

// Every call runs in a worker of its own, ended when the call settles: a cancel terminates it
// at once, whatever it is doing (reading, summarising, or seconds inside the model fit, which
// no message could interrupt), and its memory goes with it. The first worker compiles the
// wasm and hands the compiled module back; later workers get it and only instantiate it.
let compiled = null;

function run(type, input, options = {}) {
  const { onProgress, signal, wasm, ...rest } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const worker = new Worker(new URL('./analysis-worker.js', import.meta.url), { type: 'module' });
    const end = () => {
      worker.terminate();
      signal?.removeEventListener('abort', abort);
    };
    const abort = () => {
      end();
      reject(signal.reason);
    };
    signal?.addEventListener('abort', abort, { once: true });
    worker.onmessage = ({ data }) => {
      if (data.type === 'module') {
        compiled ??= data.module;
        return;
      }
      if (data.type === 'progress') {
        const { type: _, ...progress } = data;
        return onProgress?.(progress);
      }
      end();
      if (data.type === 'result') resolve(data.result);
      else reject(new KundenwertError(data.error.code, data.error.field, data.error.message));
    };
    worker.onerror = (e) => {
      end();
      reject(new Error(`kundenwert: the analysis worker failed: ${e.message ?? 'it could not be loaded'}`));
    };
    const module = wasm ?? compiled;
    worker.postMessage({ type, input, options: rest, wasm: module, share: module === undefined || module === null });
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
 * `options.onProgress({ phase, loaded, total, ... })` reports the phase (`reading`,
 * `summarizing`, `models` or `finishing`) and bytes read; `options.signal` aborts at once.
 */
export function analyzeTransactions(input, options) {
  return run('analyze', input, options);
}
