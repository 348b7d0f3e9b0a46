// kundenwert/retention in browsers and bundlers: init() with no argument loads
// kundenwert_retention_bg.wasm from beside this module.
import { engine } from './core.js';

export { KundenwertError, fitShiftedBetaGeometric, shiftedBetaGeometric } from './core.js';
export const init = engine.makeInit(() => new URL('../kundenwert_retention_bg.wasm', import.meta.url));
export default init;
