// Node entry: init() with no argument reads kundenwert_bg.wasm from disk beside this file
// (Node's fetch cannot read file: URLs).
import { readFile } from 'node:fs/promises';
import { core } from './core.js';

export * from './api.js';
export const init = core.makeInit(() => readFile(new URL('./kundenwert_bg.wasm', import.meta.url)));
export default init;
