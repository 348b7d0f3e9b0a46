// Customer data in the browser: a transaction export in, RFM segments, value tiers, channels,
// cohorts and per-customer summaries out. Runs in a Web Worker, so the page stays responsive;
// nothing leaves the machine. (Node: analysis-node.js, by the package's "node" condition.)
//   import { analyzeTransactions } from 'kundenwert/analysis';
import { compileWasm } from '../shared/compile.js';
import { KundenwertError } from '../shared/error.js';
import { dayToDate } from './dates.js';

export { KundenwertError, dayToDate };

// Every analysis runs in a worker of its own, ended when the call settles: a cancel terminates it
// at once, whatever it is doing (reading, summarising, or seconds inside the model fit, which
// no message could interrupt), and its memory goes with it. The first worker compiles the
// wasm and hands the compiled module back; later workers get it and only instantiate it.
let compiled = null;
// Workers ready for the next analysis: a detection's (kept for a few seconds, as the
// analysis of that file usually follows at once and then needs no new worker) and those
// prepareAnalysis() starts (kept until an analysis takes them). Each holds little memory.
const pool = [];
const IDLE_MS = 10_000;
let started = 0; // workers started on this page
const WORKER = () => (started++, new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }));

function take() {
  const entry = pool.shift();
  if (!entry) return null;
  clearTimeout(entry.timer);
  entry.done?.();
  return entry.worker;
}

function keep(worker) {
  const entry = { worker, timer: null, done: null };
  // (a prepared worker stays until an analysis takes it, as before its detection)
  if (!prepared.has(worker)) {
    entry.timer = setTimeout(() => {
      const i = pool.indexOf(entry);
      if (i >= 0) pool.splice(i, 1)[0].worker.terminate();
    }, IDLE_MS);
  }
  pool.unshift(entry);
  while (pool.length > PARALLEL_CORES) {
    const last = pool.pop();
    clearTimeout(last.timer);
    last.worker.terminate();
  }
}

// The engine's first run of its hot code is in V8's baseline tier, and a function gets its
// optimised code only after it has run a while (docs/design-notes.md, "A fresh tab's first
// analysis"). prepareAnalysis() has one worker read a small made-up file for a while first,
// so that the visitor's own file is read by optimised code. The compiled module is shared by
// every worker, and so is its optimised code.
let preparing = null;
const prepared = new WeakSet();

/**
 * Gets the next analysis ready while the page is idle (the segmenter calls it when it is
 * shown): compiles the wasm, starts a worker and runs the engine's code in it on a small
 * made-up file, again and again for 0.3 s of that worker's time (the engine optimises the hot
 * code meanwhile), so that the visitor's file is read by optimised code from its first bytes.
 * The worker waits for the first detection or analysis (one sent while it is still getting
 * ready stops the made-up file at its next step). Once per page, and only before the first
 * detection or analysis, whose worker does the same work on its way. Resolves when the worker
 * is ready, once an analysis took it, or when it could not start (it is then dropped, and the
 * analysis starts a worker of its own, which reports why).
 */
export function prepareAnalysis() {
  if (preparing) return preparing;
  preparing = (async () => {
    if (typeof Worker === 'undefined') return;
    compiled ??= await compileWasm(new URL('../kundenwert_analysis_bg.wasm', import.meta.url));
    // One worker (a large file's second starts beside the first one's first steps), and only
    // before any other: once a detection or an analysis has begun, its worker runs the code.
    if (started > 0) return;
    const worker = WORKER();
    prepared.add(worker);
    const entry = { worker, timer: null, done: null };
    // Settled when the worker says it is ready, or when an analysis takes it before that (its
    // messages then go to the analysis, whose message the worker handles after getting ready).
    const ready = new Promise((resolve) => {
      entry.done = resolve;
      const settle = () => {
        worker.removeEventListener('message', listener);
        worker.removeEventListener('error', failed);
        resolve();
      };
      const listener = ({ data }) => data.type === 'prepared' && settle();
      // A worker that cannot load (its script missing, say) must not wait in the pool for an
      // analysis that would then wait for it: dropped (an analysis that took it sees the
      // error itself).
      const failed = () => {
        const i = pool.indexOf(entry);
        if (i >= 0) {
          pool.splice(i, 1);
          worker.terminate();
        }
        settle();
      };
      worker.addEventListener('message', listener);
      worker.addEventListener('error', failed);
    });
    worker.postMessage({ type: 'prepare', wasm: compiled });
    pool.push(entry);
    await ready;
  })().finally(() => {
    preparing = null;
  });
  return preparing;
}

// A file this large is read by two workers at once, each half of it (the halves' summaries
// merged), where the page reports a second core: below that size a second worker costs more
// than it saves; on 2 idle cores two workers took 0.85x one's time at 1M rows and 0.72x at 5M
// (docs/design-notes.md, "The file read in two parts").
const PARALLEL_BYTES = 8 * 1024 * 1024;
const PARALLEL_CORES = 2;

/** Where the second half of `blob` begins: just after the first line end after its middle. */
async function splitPoint(blob) {
  if (typeof Blob === 'undefined' || !(blob instanceof Blob) || blob.size < PARALLEL_BYTES) return null;
  if (typeof navigator === 'undefined' || !(navigator.hardwareConcurrency >= PARALLEL_CORES)) return null;
  const middle = Math.floor(blob.size / 2);
  const bytes = new Uint8Array(await blob.slice(middle, middle + (1 << 20)).arrayBuffer());
  const i = bytes.indexOf(10);
  return i < 0 || middle + i + 1 >= blob.size ? null : middle + i + 1;
}

async function run(type, input, options = {}) {
  const split = type === 'analyze' && options.signal?.aborted !== true ? await splitPoint(input) : null;
  if (split === null) return runIn(type, input, options);
  // Both workers get the module compiled once (off the page's thread), not each its own.
  if (options.wasm === undefined && compiled === null) compiled = await compileWasm(new URL('../kundenwert_analysis_bg.wasm', import.meta.url)).catch(() => null);
  return runSplit(input, options, split);
}

/**
 * The analysis in two workers: the first reads the bytes up to `at`, the second those after
 * and hands its part over (through here) when the first asks for it. The first merges it, or
 * reads the rest itself when its half does not end between records (a quoted field across
 * `at`); the result is the same as from one worker. Progress adds up both workers' bytes.
 */
function runSplit(input, options, at) {
  const { onProgress, signal, wasm, ...rest } = options;
  return new Promise((resolve, reject) => {
    const first = (wasm === undefined && take()) || WORKER();
    const second = (wasm === undefined && take()) || WORKER();
    let part; // undefined until the second worker is done: its ArrayBuffer, or null
    let asked = false;
    let handed = false;
    let loadedFirst = 0;
    let loadedSecond = 0;
    let shown = 0;
    const end = () => {
      signal?.removeEventListener('abort', abort);
      for (const w of [first, second]) {
        w.onmessage = null;
        w.onerror = null;
        w.terminate();
      }
    };
    const abort = () => {
      end();
      reject(signal.reason);
    };
    signal?.addEventListener('abort', abort, { once: true });
    const hand = () => {
      if (!asked || part === undefined || handed) return;
      handed = true;
      first.postMessage({ type: 'part', part }, part ? [part] : []);
      second.terminate();
    };
    const progress = (data, second) => {
      const { type: _, ...p } = data;
      if (p.phase === 'merging') {
        // The second worker writes its customers, then the first merges them: one bar over
        // both (the first's count follows the second's). While the first still reads, its
        // bytes are the progress shown. The bytes stay as shown: should the first worker
        // read on instead (a cut inside a quoted field), its reading goes on from there.
        if (second && !asked) return;
        const n = p.customersTotal;
        onProgress?.({ ...p, loaded: shown, total: input.size, customers: second ? p.customers : n + p.customers, customersTotal: 2 * n });
        return;
      }
      // Before the part is handed over both read; after, the first has all bytes (merged) or
      // reads on from `at` (then progress holds until it passes what was shown).
      const loaded = handed ? Math.max(shown, loadedFirst) : loadedFirst + loadedSecond;
      shown = loaded;
      onProgress?.({ ...p, loaded, total: input.size });
    };
    first.onmessage = ({ data }) => {
      if (data.type === 'module') return void (compiled ??= data.module);
      if (data.type === 'prepared') return;
      if (data.type === 'need-part') {
        asked = true;
        return hand();
      }
      if (data.type === 'progress') {
        loadedFirst = data.loaded ?? loadedFirst;
        return progress(data, false);
      }
      end();
      if (data.type === 'result') unpack(data.result, signal).then(resolve, reject);
      else reject(new KundenwertError(data.error.code, data.error.field, data.error.message));
    };
    second.onmessage = ({ data }) => {
      if (data.type === 'module') return void (compiled ??= data.module);
      if (data.type === 'prepared') return;
      if (data.type === 'progress') {
        loadedSecond = data.loaded ?? loadedSecond;
        return progress(data, true);
      }
      // The part, or an error in it: then the first worker reads on (and finds it, if real).
      part = data.type === 'part-done' ? data.part : null;
      hand();
    };
    second.onerror = () => {
      part = null;
      hand();
    };
    first.onerror = (e) => {
      end();
      reject(new Error(`kundenwert: the analysis worker failed: ${e.message ?? 'it could not be loaded'}`));
    };
    const module = wasm ?? compiled;
    const share = module === undefined || module === null;
    first.postMessage({ type: 'analyze', input, options: rest, wasm: module, share, split: at });
    second.postMessage({ type: 'read-part', input, at, options: rest, wasm: module, share: false });
  });
}

function runIn(type, input, options = {}) {
  const { onProgress, signal, wasm, ...rest } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const worker = (wasm === undefined && take()) || WORKER();
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
      if (data.type === 'prepared') return;
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
