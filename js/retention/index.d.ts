// Types of `kundenwert/retention`: the shifted-beta-geometric model with its own small wasm
// (the same functions as in `kundenwert/models`).
export { KundenwertError, fitShiftedBetaGeometric, shiftedBetaGeometric } from '../models/index.js';
export type { SbgModel, SbgParams, SbgProjection } from '../models/index.js';

/** Loads kundenwert_retention_bg.wasm (from beside the module, or the given URL, path, bytes or Response); idempotent. */
export function init(input?: string | URL | Request | Response | BufferSource | WebAssembly.Module | Promise<unknown>): Promise<void>;
export default init;
