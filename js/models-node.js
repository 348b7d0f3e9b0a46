// kundenwert/models in Node: init() with no argument reads kundenwert_analysis_bg.wasm from disk.
import { readFile } from 'node:fs/promises';
import { engine } from './analysis-engine.js';

export * from './models-core.js';
export const init = engine.makeInit(() => readFile(new URL('./kundenwert_analysis_bg.wasm', import.meta.url)));
export default init;
