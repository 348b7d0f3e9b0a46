// kundenwert/retention in Node: init() with no argument reads kundenwert_retention_bg.wasm from disk.
import { readFile } from 'node:fs/promises';
import { engine } from './retention-core.js';

export { KundenwertError, fitShiftedBetaGeometric, shiftedBetaGeometric } from './retention-core.js';
export const init = engine.makeInit(() => readFile(new URL('./kundenwert_retention_bg.wasm', import.meta.url)));
export default init;
