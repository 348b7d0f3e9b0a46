// Customer data in the browser: a transaction export in, RFM segments, value tiers, channels,
// cohorts and per-customer summaries out. Runs in a Web Worker, so the page stays responsive;
// nothing leaves the machine. (Node: analysis-node.js, by the package's "node" condition.)
//   import { analyzeTransactions } from 'kundenwert/analysis';
import { KundenwertError } from '../shared/error.js';
import { dayToDate } from './dates.js';

export { KundenwertError, dayToDate };

// Every analysis runs in a worker of its own, ended when the call settles: a cancel terminates it
// at once, whatever it is doing (reading, summarising, or seconds inside the model fit, which
// no message could interrupt), and its memory goes with it. The first worker compiles the
// wasm and hands the compiled module back; later workers get it and only instantiate it.
let compiled = null;
// A worker whose format detection ended is kept for a few seconds: the analysis of that file
// usually follows at once and then needs no new worker (a detection holds little memory).
let idle = null;
const IDLE_MS = 10_000;

function take() {
  if (!idle) return null;
  const { worker, timer } = idle;
  clearTimeout(timer);
  idle = null;
  return worker;
}

function keep(worker) {
  take()?.terminate();
  idle = { worker, timer: setTimeout(() => { if (idle?.worker === worker) take().terminate(); }, IDLE_MS) };
}

function run(type, input, options = {}) {
  const { onProgress, signal, wasm, ...rest } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const worker = (wasm === undefined && take()) || new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    const end = (reuse = false) => {
      signal?.removeEventListener('abort', abort);
      worker.onmessage = null;
      worker.onerror = null;
      if (reuse) keep(worker);
      else worker.terminate();
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
      end(type === 'detect' && data.type === 'result' && wasm === undefined);
      if (data.type === 'result') unpack(data.result, signal).then(resolve, reject);
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

const SLICE = 40_000; // ids cut out per task: a few milliseconds, then the page may draw a frame

/**
 * The result with its customer ids as an array again: the worker sends them as one text and
 * its offsets, cut out here in slices with a pause for the page between them.
 */
async function unpack(result, signal) {
  const packed = result.customers?.id;
  if (!packed || Array.isArray(packed)) return result;
  const { text, offsets } = packed;
  const n = offsets.length - 1;
  const ids = new Array(n);
  for (let start = 0; start < n; start += SLICE) {
    const end = Math.min(n, start + SLICE);
    for (let i = start; i < end; i++) ids[i] = text.slice(offsets[i], offsets[i + 1]);
    if (end < n) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      signal?.throwIfAborted();
    }
  }
  result.customers.id = ids;
  return result;
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
