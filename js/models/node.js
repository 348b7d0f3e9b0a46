// kundenwert/models in Node: init() with no argument reads kundenwert_analysis_bg.wasm from the
// package on disk, also inside a server bundle (node-wasm.js says how).
import { engine } from '../analysis/engine.js';
import { nodeInit } from '../shared/node-wasm.js';

export * from './core.js';
export { readSummary } from '../summary/read.js';
export const init = nodeInit(engine, 'kundenwert_analysis_bg.wasm');
export default init;
