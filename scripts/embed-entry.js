// The source of dist/embed.js, the calculators' script for a <script type="module"> tag (built
// by scripts/build.mjs; not published on its own). It is small and imports nothing statically,
// so that it runs as soon as it arrives: it starts fetching and compiling kundenwert_bg.wasm,
// then loads the calculators (one chunk) and the code they share with retention-forecast.js
// (another chunk) at once: scripts/build.mjs puts an import() of the shared chunk in front of
// this file, so that it is requested with the calculators' chunk rather than after that has
// arrived (a module imported twice is evaluated once). The wasm is thus on its way in parallel
// with the code instead of after it; the core (js/calculators/index.js) takes the compiled
// module from here when it loads the wasm from the same URL.
//
// The elements stay named exports (import { ClvCalculator } from 'kundenwert/embed.js'),
// through a top-level await: a module that imports embed.js runs once they are defined.

// Without a DOM (server rendering) nothing is defined, and nothing is fetched.
if (typeof customElements !== 'undefined' && typeof fetch === 'function' && typeof WebAssembly === 'object') {
  const url = new URL('./kundenwert_bg.wasm', import.meta.url);
  const key = Symbol.for('kundenwert.wasm');
  if (!globalThis[key]) {
    // A Response served as application/wasm compiles while it streams in; any other (a server
    // with another Content-Type, an error status) goes to the core as it is, which reads it or
    // reports the status, as it would have fetched it itself.
    const module = fetch(url, { priority: 'high' }).then((r) => (
      r.ok && typeof WebAssembly.compileStreaming === 'function' && r.headers.get('Content-Type') === 'application/wasm'
        ? WebAssembly.compileStreaming(r)
        : r));
    module.catch(() => {}); // reported by the core's init(), which takes this promise
    globalThis[key] = { href: url.href, module };
  }
}

export const { ClvCalculator, LtvCacCalculator, TcvCalculator, RetentionImpactCalculator, NpsCalculator } = await import('../dist/elements.js');
