// Builds the npm package into dist/: the wasm core (wasm-pack, release profile, wasm-opt),
// the JS API and its types, the calculator elements and embed.js (everything in one module
// for a <script> tag) and retention-forecast.js (that element alike); the analysis and
// retention wasm builds. Run through scripts/kw, which sets up the toolchain.
import { cp, mkdir, rm } from 'node:fs/promises';
import { build as esbuild } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { run } from './lib/run.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = `${root}target/wasm-pack`;
const dist = `${root}dist`;

export async function build() {
  const started = performance.now();
  await run('wasm-pack', ['build', '--release', '--target', 'web', '--no-pack', '--out-dir', pkg], { cwd: root, quiet: true });
  // The analysis build (customer data and models) and the retention build (the sBG model
  // alone, for <retention-forecast>): the same crate with a feature each, in their own target
  // folders so that every build stays cached.
  for (const feature of ['analysis', 'retention']) {
    await run('wasm-pack', ['build', '--release', '--target', 'web', '--no-pack', '--out-dir', `${root}target/wasm-pack-${feature}`,
      '--out-name', `kundenwert_${feature}`, '--', '--features', feature], { cwd: root, quiet: true, env: { CARGO_TARGET_DIR: `${root}target/${feature}` } });
  }
  await rm(dist, { recursive: true, force: true });
  await mkdir(dist, { recursive: true });
  for (const [from, name] of [[pkg, 'kundenwert'], [`${root}target/wasm-pack-analysis`, 'kundenwert_analysis'], [`${root}target/wasm-pack-retention`, 'kundenwert_retention']]) {
    await cp(`${from}/${name}.js`, `${dist}/${name}.js`);
    await cp(`${from}/${name}_bg.wasm`, `${dist}/${name}_bg.wasm`);
  }
  await cp(`${root}js`, dist, { recursive: true });
  // One minified module for a <script> tag each, loading its wasm from beside itself (the
  // glue's new URL(..., import.meta.url)): embed.js, the calculators and the API over
  // kundenwert_bg.wasm; retention-forecast.js, that element over kundenwert_retention_bg.wasm.
  for (const [entry, out] of [['elements.js', 'embed.js'], ['retention-forecast.js', 'retention-forecast.js']]) {
    await esbuild({
      entryPoints: [`${dist}/${entry}`],
      outfile: `${dist}/${out}`,
      allowOverwrite: true,
      bundle: true,
      minify: true,
      format: 'esm',
      target: 'es2022',
      legalComments: 'none',
      logLevel: 'warning',
    });
  }
  // The workbook reader and writer with fflate (its zip container) inlined, so that the page
  // loads them on demand as one module from beside the elements; their own relative imports
  // (error.js, csv.js) stay imports, so that errors are the package's one KundenwertError.
  await esbuild({
    entryPoints: [`${root}js/report/xlsx.js`],
    outfile: `${dist}/report/xlsx.js`,
    allowOverwrite: true,
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    legalComments: 'eof',
    logLevel: 'warning',
    plugins: [{ name: 'relative-external', setup: (b) => b.onResolve({ filter: /^\./ }, (a) => (a.kind === 'entry-point' ? null : { path: a.path, external: true })) }],
  });
  console.log(`build: dist/ ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (import.meta.url === `file://${process.argv[1]}`) await build();
