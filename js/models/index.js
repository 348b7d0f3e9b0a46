// kundenwert/models in browsers and bundlers: init() with no argument loads
// kundenwert_analysis_bg.wasm from beside this module.
import { engine } from '../analysis/engine.js';

export * from './core.js';
export { readSummary } from '../summary/read.js';
export const init = engine.makeInit(() => new URL('../kundenwert_analysis_bg.wasm', import.meta.url));
export default init;
