// kundenwert/retention in Node: init() with no argument reads kundenwert_retention_bg.wasm from
// the package on disk, also inside a server bundle (node-wasm.js says how).
import { engine } from './core.js';
import { nodeInit } from '../shared/node-wasm.js';

export { KundenwertError, fitShiftedBetaGeometric, shiftedBetaGeometric } from './core.js';
export const init = nodeInit(engine, 'kundenwert_retention_bg.wasm');
export default init;
