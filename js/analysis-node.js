// Customer data in Node: the same analysis, in-process (it yields between chunks).
import { analyze, detect, engine } from './analysis-core.js';
import { KundenwertError } from './error.js';
import { dayToDate } from './analysis-dates.js';
import { nodeInit } from './node-wasm.js';

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
  await init(wasm);
  return analyze(input, rest, {
    onProgress,
    pause: async () => {
      signal?.throwIfAborted();
      await pause();
    },
  });
}
