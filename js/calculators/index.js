// Browser and bundler entry: init() with no argument fetches kundenwert_bg.wasm from beside
// this module, at high priority (it is on the way to every first result). Bundlers such as
// Vite and webpack recognise new URL('...', import.meta.url) and copy the file.
import { core } from './core.js';

export * from './api.js';
export const init = core.makeInit(() => {
  const url = new URL('../kundenwert_bg.wasm', import.meta.url);
  return early(url) ?? fetch(url, { priority: 'high' });
});
export default init;

/**
 * The wasm dist/embed.js has been fetching and compiling since it ran, before this module
 * arrived (scripts/embed-entry.js): a promise of the WebAssembly.Module (or of the Response,
 * where it could not compile while streaming), taken once, and only for the same URL.
 */
function early(url) {
  const key = Symbol.for('kundenwert.wasm');
  const started = globalThis[key];
  if (!started || started.href !== url.href) return undefined;
  delete globalThis[key];
  return started.module;
}
