// Customer data in Node: the same analysis, in-process (it yields between chunks). Analyses
// run side by side, each with its own handle in the wasm; an aborted one frees its memory.
// In-process, not in a worker thread: it then works the same inside a server bundle (Next.js,
// webpack), which need not copy a worker file. The price: the model fit and forecast run for
// seconds on a large file in one synchronous call. An abort is nevertheless prompt: the
// returned promise rejects in the abort event itself, and the analysis stops at its next
// step (an abort can only arrive between steps, when this thread runs the event loop).
import { analyze, detect, engine } from './core.js';
import { KundenwertError } from '../shared/error.js';
import { dayToDate } from './dates.js';
import { nodeInit } from '../shared/node-wasm.js';

export { KundenwertError, dayToDate };

const init = nodeInit(engine, 'kundenwert_analysis_bg.wasm'); // also inside a server bundle
const pause = () => new Promise((resolve) => setImmediate(resolve));

export async function detectFormat(input, options = {}) {
  const { wasm, onProgress, signal, ...rest } = options;
  await init(wasm);
  return detect(input, rest);
}

export async function analyzeTransactions(input, options = {}) {
  const { wasm, onProgress, signal, ...rest } = options;
  signal?.throwIfAborted();
  await init(wasm);
  signal?.throwIfAborted();
  const work = analyze(input, rest, {
    onProgress,
    pause: async () => {
      signal?.throwIfAborted();
      await pause();
      signal?.throwIfAborted();
    },
  });
  if (!signal) return work;
  return new Promise((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/**
 * Loads the wasm ahead of the first analysis (in the browser this also starts a worker and
 * runs the engine once; here the analysis runs in-process, so loading is all there is).
 */
export async function prepareAnalysis() {
  await init();
}
