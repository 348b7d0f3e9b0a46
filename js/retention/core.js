// kundenwert/retention: the shifted-beta-geometric model alone, over its own small wasm
// (kundenwert_retention_bg.wasm): what <retention-forecast> loads, instead of the whole
// analysis wasm. The entries (retention.js, retention-node.js) add init().
import initRetention from '../kundenwert_retention.js';
import { createRuntime } from '../shared/runtime.js';
import { retentionModels } from '../shared/sbg.js';

export { KundenwertError } from '../shared/error.js';
export const engine = createRuntime(initRetention);
export const { shiftedBetaGeometric, fitShiftedBetaGeometric } = retentionModels(engine, 'kundenwert/retention');
