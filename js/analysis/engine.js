// The analysis wasm module (customer data and models) and its runtime. In browsers the
// analysis runs in a Web Worker with its own instance; kundenwert/models uses this one.
// Not part of the public API.
import initAnalysis from '../kundenwert_analysis.js';
import { createRuntime } from '../shared/runtime.js';

export const engine = createRuntime(initAnalysis);
