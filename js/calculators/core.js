// The calculators' wasm module and its runtime, shared by the entries and the API.
import initWasm from '../kundenwert.js';
import { createRuntime } from '../shared/runtime.js';

export const core = createRuntime(initWasm);
