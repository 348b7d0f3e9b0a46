// Compiling a wasm module, for the calculators' and the analysis' runtimes, the analysis
// worker and the analysis entry (which compiles once for its two workers). Not part of the
// public API. The callers make the URL themselves (new URL('...wasm', import.meta.url)), so
// that bundlers see which file to copy.

/**
 * The WebAssembly.Module from a Module, a URL (string, URL, Request), a Response or bytes:
 * compiled while it streams in when served as application/wasm, else from its bytes.
 */
export async function compileWasm(source) {
  if (source instanceof WebAssembly.Module) return source;
  if (typeof source === 'string' || source instanceof URL || (typeof Request === 'function' && source instanceof Request)) {
    source = await fetch(source);
  }
  if (typeof Response === 'function' && source instanceof Response) {
    if (!source.ok) throw new Error(`failed to fetch Wasm: ${source.status} ${source.statusText} fetching '${source.url}'`);
    if (typeof WebAssembly.compileStreaming === 'function' && source.headers.get('Content-Type') === 'application/wasm') {
      return WebAssembly.compileStreaming(source);
    }
    source = await source.arrayBuffer();
  }
  return WebAssembly.compile(source);
}
