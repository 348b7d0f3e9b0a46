// Node entry: init() with no argument reads kundenwert_bg.wasm from the package on disk (Node's
// fetch cannot read file: URLs), also inside a server bundle (node-wasm.js says how); init()
// also takes a path or file: URL, the bytes or a WebAssembly.Module.
import { core } from './core.js';
import { nodeInit } from '../shared/node-wasm.js';

export * from './api.js';
export const init = nodeInit(core, 'kundenwert_bg.wasm');
export default init;
