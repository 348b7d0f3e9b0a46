// Builds the npm package into dist/: the wasm core (wasm-pack, release profile, wasm-opt),
// the JS API and its types. Run through scripts/kw, which sets up the toolchain.
import { cp, mkdir, readdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { run } from './lib/run.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = `${root}target/wasm-pack`;
const dist = `${root}dist`;

export async function build() {
  const started = performance.now();
  await run('wasm-pack', ['build', '--release', '--target', 'web', '--no-pack', '--out-dir', pkg], { cwd: root, quiet: true });
  await rm(dist, { recursive: true, force: true });
  await mkdir(dist, { recursive: true });
  await cp(`${pkg}/kundenwert.js`, `${dist}/kundenwert.js`);
  await cp(`${pkg}/kundenwert_bg.wasm`, `${dist}/kundenwert_bg.wasm`);
  for (const file of await readdir(`${root}js`)) {
    if (file.endsWith('.js') || file.endsWith('.d.ts')) await cp(`${root}js/${file}`, `${dist}/${file}`);
  }
  console.log(`build: dist/ ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (import.meta.url === `file://${process.argv[1]}`) await build();
