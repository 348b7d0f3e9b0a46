// Browser and bundler entry: init() with no argument fetches kundenwert_bg.wasm from beside
// this module, at high priority (it is on the way to every first result). Bundlers such as
// Vite and webpack recognise new URL('...', import.meta.url) and copy the file.
import { core } from './core.js';

export * from './api.js';
export const init = core.makeInit(() => fetch(new URL('../kundenwert_bg.wasm', import.meta.url), { priority: 'high' }));
export default init;
