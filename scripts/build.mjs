// Builds the npm package into dist/: the wasm core (wasm-pack, release profile, wasm-opt),
// the JS API and its types, the calculator elements and embed.js (everything in one module
// for a <script> tag). Run through scripts/kw, which sets up the toolchain.
import { cp, mkdir, rm } from 'node:fs/promises';
import { build as esbuild } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { run } from './lib/run.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = `${root}target/wasm-pack`;
const pkgAnalysis = `${root}target/wasm-pack-analysis`;
const dist = `${root}dist`;

export async function build() {
  const started = performance.now();
  await run('wasm-pack', ['build', '--release', '--target', 'web', '--no-pack', '--out-dir', pkg], { cwd: root, quiet: true });
  // The analysis build: the same crate with the customer-data analysis, in its own target
  // folder so that both builds stay cached.
  await run('wasm-pack', ['build', '--release', '--target', 'web', '--no-pack', '--out-dir', pkgAnalysis, '--out-name', 'kundenwert_analysis',
    '--', '--features', 'analysis'], { cwd: root, quiet: true, env: { CARGO_TARGET_DIR: `${root}target/analysis` } });
  await rm(dist, { recursive: true, force: true });
  await mkdir(dist, { recursive: true });
  await cp(`${pkg}/kundenwert.js`, `${dist}/kundenwert.js`);
  await cp(`${pkg}/kundenwert_bg.wasm`, `${dist}/kundenwert_bg.wasm`);
  await cp(`${pkgAnalysis}/kundenwert_analysis.js`, `${dist}/kundenwert_analysis.js`);
  await cp(`${pkgAnalysis}/kundenwert_analysis_bg.wasm`, `${dist}/kundenwert_analysis_bg.wasm`);
  await cp(`${root}js`, dist, { recursive: true });
  // embed.js: the elements, the API and the glue in one minified module for a <script> tag;
  // it loads kundenwert_bg.wasm from beside itself (the glue's new URL(..., import.meta.url)).
  await esbuild({
    entryPoints: [`${dist}/elements.js`],
    outfile: `${dist}/embed.js`,
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'warning',
  });
  console.log(`build: dist/ ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (import.meta.url === `file://${process.argv[1]}`) await build();
