// The summary readers against their alternatives, in Node: bytes each adds (minified by
// esbuild, then gzip -9) and CPU time to read the CDNOW master summary (23,570 customers,
// tests/fixtures/summary/make.py) into Float64Arrays, rounds interleaved, median (min-max).
//   npm run build && node benches/summary-readers.mjs [rounds]
// The alternatives are installed once into target/summary-bench (not dependencies of the
// package): parquet-wasm 0.8.0 (Rust's parquet crate in wasm, Arrow IPC out, read here by
// Flechette), hyparquet-compressors 1.1.2, apache-arrow 21.2.0.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { summaryFixtures } from '../tests/js/summary-fixtures.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const peers = `${root}target/summary-bench`;
const PEERS = ['parquet-wasm@0.8.0', 'hyparquet-compressors@1.1.2', 'apache-arrow@21.2.0', '@uwdata/flechette@2.6.0', 'hyparquet@1.31.5'];
if (!existsSync(`${peers}/node_modules/parquet-wasm`)) {
  execFileSync('npm', ['install', '--prefix', peers, '--no-save', '--no-audit', '--no-fund', '--loglevel=error', ...PEERS], { stdio: 'inherit' });
}
const rounds = Number(process.argv[2] ?? 15);
const dir = summaryFixtures();
const fixture = (name) => new Uint8Array(readFileSync(`${dir}/${name}`));

// ---- bytes ----------------------------------------------------------------------------
// What loads on demand stays out, as in the build (scripts/build.mjs).
const onDemand = { name: 'on-demand', setup: (b) => b.onResolve({ filter: /^\.\/(parquet|parquet-codecs|arrow)\.js$/ }, (a) => (a.importer.includes('/js/summary/') ? { path: a.path, external: true } : undefined)) };
async function gzipBytes(contents, resolveDir) {
  const out = await build({ stdin: { contents, resolveDir, loader: 'js' }, bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, logLevel: 'error', plugins: [onDemand] });
  const code = out.outputFiles[0].contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}
const wasmGzip = (path) => gzipSync(readFileSync(path), { level: 9 }).length;
const sizes = [
  ['readSummary core (CSV; in kundenwert/models)', await gzipBytes("export { readSummary } from './js/summary/read.js';", root)],
  ['hyparquet (dist/summary/parquet.js)', await gzipBytes("export * from './js/summary/parquet.js';", root)],
  ['kundenwert/models (dist/models.js, readSummary included)', await gzipBytes("export * from './dist/models.js';", root)],
  ['zstd + gzip codecs (dist/summary/parquet-codecs.js)', await gzipBytes("export * from './js/summary/parquet-codecs.js';", root)],
  ['hyparquet-compressors 1.1.2 (all codecs)', await gzipBytes("export { compressors } from 'hyparquet-compressors';", peers)],
  ['Flechette 2.6.0 (dist/summary/arrow.js)', await gzipBytes("export * from './js/summary/arrow.js';", root)],
  ['apache-arrow 21.2.0 tableFromIPC', await gzipBytes("export { tableFromIPC } from 'apache-arrow';", peers)],
  ['parquet-wasm 0.8.0 JS glue', await gzipBytes("export { readParquet } from 'parquet-wasm/esm';", peers)],
];
const pw = `${peers}/node_modules/parquet-wasm/esm/parquet_wasm_bg.wasm`;
sizes.push(['parquet-wasm 0.8.0 wasm', { min: readFileSync(pw).length, gzip: wasmGzip(pw) }]);
console.log('bytes (minified / gzip -9):');
for (const [name, s] of sizes) console.log(`  ${name.padEnd(52)} ${String(s.min).padStart(8)} ${String(s.gzip).padStart(8)}`);

// ---- read time ------------------------------------------------------------------------
const { readSummary } = await import(pathToFileURL(`${root}dist/summary/read.js`).href);
const need = createRequire(`${peers}/`);
const arrow = await import(pathToFileURL(need.resolve('apache-arrow')).href);
const flechette = await import(pathToFileURL(need.resolve('@uwdata/flechette')).href);
const hyparquet = await import(pathToFileURL(need.resolve('hyparquet')).href);
const parquetWasm = await import(pathToFileURL(`${peers}/node_modules/parquet-wasm/esm/parquet_wasm.js`).href);
await parquetWasm.default({ module_or_path: readFileSync(pw) });
const COLUMNS = ['frequency', 'recency', 'T', 'monetary'];
const take = (get) => COLUMNS.map((c) => Float64Array.from(get(c), Number));

const files = { parquet: fixture('summary.parquet'), zstd: fixture('summary-zstd.parquet'), arrow: fixture('summary.arrow'), csv: fixture('summary.csv') };
const cases = {
  'readSummary, Parquet (snappy)': () => readSummary(files.parquet),
  'readSummary, Parquet (zstd)': () => readSummary(files.zstd),
  'hyparquet parquetRead alone, Parquet (snappy), 4 columns': async () => {
    const cols = {};
    await hyparquet.parquetRead({ file: files.parquet.buffer.slice(files.parquet.byteOffset, files.parquet.byteOffset + files.parquet.byteLength), columns: COLUMNS, onChunk: ({ columnName, columnData }) => { cols[columnName] = columnData; } });
    return take((c) => cols[c]);
  },
  'parquet-wasm + Flechette, Parquet (snappy), 4 columns': () => {
    const t = parquetWasm.readParquet(files.parquet).intoIPCStream();
    const table = flechette.tableFromIPC(t);
    return take((c) => table.getChild(c).toArray());
  },
  'readSummary, Arrow IPC file': () => readSummary(files.arrow),
  'apache-arrow tableFromIPC, 4 columns': () => {
    const table = arrow.tableFromIPC(files.arrow);
    return take((c) => table.getChild(c).toArray());
  },
  'Flechette tableFromIPC, 4 columns': () => {
    const table = flechette.tableFromIPC(files.arrow);
    return take((c) => table.getChild(c).toArray());
  },
  'readSummary, CSV': () => readSummary(files.csv),
};
const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let round = 0; round < rounds + 2; round++) {
  for (const [name, fn] of Object.entries(cases)) {
    const before = process.cpuUsage();
    await fn();
    const used = process.cpuUsage(before);
    if (round >= 2) times[name].push((used.user + used.system) / 1000); // two rounds of warm-up
  }
}
console.log(`\nCPU ms to read the CDNOW master summary (23,570 rows), ${rounds} interleaved rounds, median (min-max):`);
for (const [name, t] of Object.entries(times)) {
  t.sort((a, b) => a - b);
  console.log(`  ${name.padEnd(56)} ${t[t.length >> 1].toFixed(1).padStart(7)} (${t[0].toFixed(1)}-${t[t.length - 1].toFixed(1)})`);
}
console.log(`  (readSummary reads every column the file has that it knows (11 here) and checks every cell; the peers decode 4 columns.)`);
