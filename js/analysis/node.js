// Customer data in Node: the same analysis, in-process (it yields between chunks). Analyses
// run side by side, each with its own handle in the wasm; an aborted one frees its memory.
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
  return analyze(input, rest, {
    onProgress,
    pause: async () => {
      signal?.throwIfAborted();
      await pause();
      signal?.throwIfAborted();
    },
  });
}
