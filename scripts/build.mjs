// Builds the npm package into dist/: the wasm core (wasm-pack, release profile, wasm-opt),
// the JS API and its types, the calculator elements, the scripts for a <script> tag (embed.js,
// retention-forecast.js, segmenter.js and the chunk they share), the self-contained analysis
// worker, the analysis and retention wasm builds, and custom-elements.json.
// Run through scripts/kw, which sets up the toolchain.
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { build as esbuild } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { manifest } from './manifest.mjs';
import { publish } from './lib/layout.mjs';
import { run } from './lib/run.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = `${root}target/wasm-pack`;
const dist = `${root}dist`;

export async function build() {
  const started = performance.now();
  // The crate's `wasm` feature is its wasm boundary (exports, allocator); `analysis` and
  // `retention` include it. A Rust dependent enables none and gets the pure library.
  // The calculators' build at opt-level "s" (the profile's is 3): the calls 5-17 %
  // quicker for 74 bytes of gzip (docs/design-notes.md, "The calculators at opt-level s").
  await run('wasm-pack', ['build', '--release', '--target', 'web', '--no-pack', '--out-dir', pkg, '--', '--features', 'wasm'],
    { cwd: root, quiet: true, env: { CARGO_PROFILE_RELEASE_OPT_LEVEL: 's' } });
  // The analysis build (customer data and models) and the retention build (the sBG model
  // alone, for <retention-forecast>): the same crate with a feature each, in their own target
  // folders so that every build stays cached. The analysis at opt-level 3: file to RFM in
  // Chromium 0.82x the time of "z" at 5M rows (1M: about 0.76x, in two steps), the BG/NBD fit
  // 0.62x, for 14.4 KB more gzip (docs/design-notes.md,
  // "The analysis wasm at opt-level 3"); the retention build at "z", size first.
  for (const [feature, level] of [['analysis', '3'], ['retention', 'z']]) {
    await run('wasm-pack', ['build', '--release', '--target', 'web', '--no-pack', '--out-dir', `${root}target/wasm-pack-${feature}`,
      '--out-name', `kundenwert_${feature}`, '--', '--features', feature],
    { cwd: root, quiet: true, env: { CARGO_TARGET_DIR: `${root}target/${feature}`, CARGO_PROFILE_RELEASE_OPT_LEVEL: level } });
  }
  await rm(dist, { recursive: true, force: true });
  await mkdir(dist, { recursive: true });
  for (const [from, name] of [[pkg, 'kundenwert'], [`${root}target/wasm-pack-analysis`, 'kundenwert_analysis'], [`${root}target/wasm-pack-retention`, 'kundenwert_retention']]) {
    await cp(`${from}/${name}.js`, `${dist}/${name}.js`);
    await cp(`${from}/${name}_bg.wasm`, `${dist}/${name}_bg.wasm`);
  }
  // js/ is grouped by entry; dist/ keeps its flat layout (scripts/lib/layout.mjs says which
  // file goes where).
  const checkImports = await publish(`${root}js`, dist);
  // The scripts for a <script> tag, minified, loading their wasm from beside themselves (the
  // glue's new URL(..., import.meta.url)): embed.js (the calculators and the API over
  // kundenwert_bg.wasm) and retention-forecast.js (that element over kundenwert_retention_bg.wasm)
  // are built together with code splitting: what they share (the element base, fields,
  // formats, styles, charts, the lead form, the runtime) is one chunk, kw-<hash>.js, so a page
  // with both downloads it once. embed.js itself is a small entry (scripts/embed-entry.js) that
  // starts the wasm first and imports the calculators' chunk (another kw-<hash>.js) and the
  // shared one together. The chunk sits in dist/ itself, so that import.meta.url in it
  // still points beside the wasm. segmenter.js (<customer-segmenter>) is one file of its own
  // (with the worker it starts): it shares little with the calculators.
  const common = { bundle: true, minify: true, format: 'esm', target: 'es2022', legalComments: 'none', logLevel: 'warning', allowOverwrite: true };
  const split = await esbuild({
    ...common,
    entryPoints: { embed: `${root}scripts/embed-entry.js`, 'retention-forecast': `${dist}/elements/retention-forecast.js` },
    outdir: dist,
    entryNames: '[name]',
    chunkNames: 'kw-[hash]',
    splitting: true,
    metafile: true,
  });
  await parallelChunks(split.metafile, `${dist}/embed.js`);
  // segmenter.js loads the Excel reader and writer only when a workbook is dropped or
  // downloaded: the element's import('../report/excel.js') points to that file beside it,
  // which starts report/xlsx-worker.js (self-contained: the reader and writer, the report's
  // sheets, fflate for the zip container). report/xlsx.js, the same reader and writer for
  // the main thread, is excel.js's fallback where no worker can start.
  await esbuild({ ...common, entryPoints: [`${root}js/report/xlsx.js`], outfile: `${dist}/report/xlsx.js`, legalComments: 'eof' });
  await esbuild({ ...common, entryPoints: [`${root}js/report/xlsx-worker.js`], outfile: `${dist}/report/xlsx-worker.js`, legalComments: 'eof' });
  // The summary readers of kundenwert/models (js/summary/): Parquet (hyparquet), its zstd and
  // gzip codecs and Arrow IPC (Flechette) are each one self-contained file, loaded by
  // summary/read.js only when such a file is read, so that kundenwert/models stays as small.
  for (const name of ['parquet', 'parquet-codecs', 'arrow']) {
    await esbuild({
      ...common,
      entryPoints: [`${root}js/summary/${name}.js`],
      outfile: `${dist}/summary/${name}.js`,
      legalComments: 'eof',
      plugins: [{ name: 'codecs-on-demand', setup: (b) => b.onResolve({ filter: /\/parquet-codecs\.js$/ }, (a) => (a.kind === 'entry-point' ? undefined : { path: './parquet-codecs.js', external: true })) }],
    });
  }
  await esbuild({
    ...common,
    entryPoints: [`${dist}/elements/customer-segmenter.js`],
    outfile: `${dist}/segmenter.js`,
    plugins: [{
      name: 'on-demand',
      setup: (b) => {
        b.onResolve({ filter: /\/report\/(xlsx|excel)\.js$/ }, (a) => ({ path: `./report/${/(xlsx|excel)\.js$/.exec(a.path)[1]}.js`, external: true }));
        // A summary file loads the models (over the analysis wasm) and its reader when dropped.
        b.onResolve({ filter: /^\.\/(parquet|arrow)\.js$/ }, (a) => (a.importer.endsWith('/summary/read.js') ? { path: `./summary/${a.path.slice(2)}`, external: true } : undefined));
        b.onResolve({ filter: /\.\.\/models\.js$/ }, () => ({ path: './models.js', external: true }));
      },
    }],
  });
  // The analysis worker as one self-contained file: a bundler (esbuild, Rollup) that does not
  // follow `new Worker(new URL(...))` copies it as it is, and it imports nothing else.
  await esbuild({ ...common, entryPoints: [`${dist}/analysis-worker.js`], outfile: `${dist}/analysis-worker.js` });
  await manifest(dist);
  await checkImports();
  console.log(`build: dist/ ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * embed.js (scripts/embed-entry.js) imports the calculators' chunk with import(), and that chunk
 * imports the shared one: left so, the browser would request the shared chunk only once the
 * calculators' has arrived. An import() of each chunk it imports, put in front of embed.js,
 * requests them together.
 */
async function parallelChunks(metafile, file) {
  const out = (f) => Object.keys(metafile.outputs).find((o) => resolve(o) === resolve(f));
  const entry = metafile.outputs[out(file)];
  const lazy = entry.imports.filter((i) => i.kind === 'dynamic-import');
  if (lazy.length !== 1) throw new Error(`build: embed.js should import one chunk, the calculators', not ${lazy.length}`);
  const shared = metafile.outputs[out(lazy[0].path)].imports.filter((i) => i.kind === 'import-statement').map((i) => basename(i.path));
  if (!shared.length) throw new Error('build: the calculators\' chunk no longer imports a shared chunk');
  const text = await readFile(file, 'utf8');
  await writeFile(file, shared.map((c) => `import("./${c}").catch(()=>{});`).join('') + text);
}

if (import.meta.url === `file://${process.argv[1]}`) await build();
