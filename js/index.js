// Browser and bundler entry: init() with no argument loads kundenwert_bg.wasm from beside
// the glue module (new URL(..., import.meta.url)), which bundlers such as Vite and webpack
// recognise and copy.
import { makeInit } from './runtime.js';

export * from './api.js';
export const init = makeInit(() => undefined);
export default init;
