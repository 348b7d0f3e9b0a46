// How the Node entries find and read their wasm, with or without a bundler in between.
//
// A server bundle (Next.js, webpack or Turbopack for Node, esbuild or Rollup with a Node
// target) may replace import.meta.url with something that is no file: URL, and rewrites
// `new URL('…/x.wasm', import.meta.url)` into an asset URL of its own that readFile cannot
// open. So the file is looked for without that pattern: beside this module when import.meta.url
// is a file: URL, else through the package's own export (`kundenwert/<name>`) resolved from
// this module and from the working directory, where the app's node_modules are. The Node
// built-ins come from process.getBuiltinModule (Node 20.16+), which no bundler rewrites.
//
// init(input) in Node also takes what a browser cannot: a file path or a file: URL, read from
// disk; anything else (bytes, a WebAssembly.Module, a Response ...) goes to the glue unchanged.
import { KundenwertError } from './error.js';

const builtin = (name) => globalThis.process?.getBuiltinModule?.(name);

/** The places `name` may be, in order. */
function candidates(name) {
  const { createRequire } = builtin('node:module');
  const { fileURLToPath, pathToFileURL } = builtin('node:url');
  const here = typeof import.meta.url === 'string' && import.meta.url.startsWith('file:') ? import.meta.url : null;
  const out = [];
  if (here) out.push(fileURLToPath(new URL(name, here)));
  for (const base of [here, pathToFileURL(`${process.cwd()}/`).href]) {
    if (!base) continue;
    try {
      out.push(createRequire(base).resolve(`kundenwert/${name}`));
    } catch {
      // not installed from there
    }
  }
  return [...new Set(out)];
}

/** The bytes of the package's wasm file `name` (e.g. kundenwert_bg.wasm). */
export async function readWasm(name) {
  const fs = builtin('node:fs/promises');
  if (!fs) {
    throw new KundenwertError('wasm_not_found', 'wasm', `kundenwert: cannot read ${name} here (no node:fs); pass its bytes or a URL: init(bytes)`);
  }
  const tried = candidates(name);
  for (const path of tried) {
    try {
      return await fs.readFile(path);
    } catch {
      // next place
    }
  }
  throw new KundenwertError('wasm_not_found', 'wasm',
    `kundenwert: ${name} was not found (looked in ${tried.join(', ') || 'no place'}); pass it to init(), e.g. init(readFileSync(require.resolve('kundenwert/${name}')))`);
}

/** What init() hands the glue: a path or file: URL read from disk, everything else as it is. */
export async function fromDisk(input) {
  const v = await input;
  const file = v instanceof URL ? (v.protocol === 'file:' ? v : null)
    : typeof v === 'string' && !/^(https?|data|blob):/i.test(v) ? v : null;
  if (file === null) return v;
  return builtin('node:fs/promises').readFile(typeof file === 'string' && file.startsWith('file:') ? new URL(file) : file);
}

/** init() of a Node entry over a runtime: no argument reads `name` from the package. */
export function nodeInit(runtime, name) {
  const init = runtime.makeInit(() => readWasm(name));
  return (input) => init(input === undefined || input === null ? undefined : fromDisk(input));
}
