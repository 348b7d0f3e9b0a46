// DuckDB-WASM in the page, for benches/rfm.mjs: the same SQL as the Python DuckDB peer
// (benches/peers/rfm.sql) on a file the page fetched first, timed from the bytes in memory to
// the result, as kundenwert is timed from a File. Bundled by the bench (esbuild) into
// target/bench/duckdb-wasm.js; the wasm and worker come from node_modules.
import * as duckdb from '@duckdb/duckdb-wasm';

const dist = '/node_modules/@duckdb/duckdb-wasm/dist';
const bundle = await duckdb.selectBundle({
  mvp: { mainModule: `${dist}/duckdb-mvp.wasm`, mainWorker: `${dist}/duckdb-browser-mvp.worker.js` },
  eh: { mainModule: `${dist}/duckdb-eh.wasm`, mainWorker: `${dist}/duckdb-browser-eh.worker.js` },
});
const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(bundle.mainWorker));
await db.instantiate(bundle.mainModule);
const sql = (await (await fetch('/benches/peers/rfm.sql')).text()).replaceAll('{path}', 't.csv');
let run = 0;

window.duckRun = async (url) => {
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const name = `t${run++}.csv`;
  const t0 = performance.now();
  await db.registerFileBuffer(name, bytes);
  const conn = await db.connect();
  const table = await conn.query(sql.replaceAll("'t.csv'", `'${name}'`));
  const [n, rows, frequency, recency, T, monetary, r, f, m] = table.toArray()[0].toArray().map(Number);
  await conn.close();
  const seconds = (performance.now() - t0) / 1000;
  await db.dropFile(name);
  return {
    name: `DuckDB-WASM ${duckdb.PACKAGE_VERSION ?? ''} in Chromium`.replace('  ', ' '),
    rows,
    customers: n,
    seconds,
    checksum: `checksum frequency ${frequency.toFixed(0)} recency ${recency.toFixed(4)} T ${T.toFixed(4)} monetary ${monetary.toFixed(4)} r ${r} f ${f} m ${m}`,
  };
};
window.duckReady = true;
