import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { build } from 'esbuild';
import { assert, check } from './consumer-lib.mjs';

const node = (args, opts = {}) => JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', ...opts }).trim().split('\n').at(-1));
const esm = (code) => node(['--input-type=module', '-e', code]);

await check('ESM: import, init(), clvSubscription gives 1,600 (docs/FORMULAS.md 3)', () => {
  assert.deepEqual(esm(`import { init, clvSubscription } from 'kundenwert'; await init();
    console.log(JSON.stringify(clvSubscription({ arpa: 100, grossMargin: 0.8, churnRate: 0.05 }).clv));`), 1600);
});

await check('require(): kundenwert and kundenwert/models from CommonJS', () => {
  assert.deepEqual(node(['require.cjs']), { clv: 1600, alpha: 0.704 });
});

for (const [what, expr] of [
  ['a path', `require.resolve('kundenwert/kundenwert_bg.wasm')`],
  ['a file: URL', `pathToFileURL(require.resolve('kundenwert/kundenwert_bg.wasm'))`],
  ['a file: URL as text', `pathToFileURL(require.resolve('kundenwert/kundenwert_bg.wasm')).href`],
  ['the bytes', `readFileSync(require.resolve('kundenwert/kundenwert_bg.wasm'))`],
  ['a WebAssembly.Module', `new WebAssembly.Module(readFileSync(require.resolve('kundenwert/kundenwert_bg.wasm')))`],
]) {
  await check(`init() with ${what}`, () => {
    assert.equal(esm(`import { createRequire } from 'node:module'; import { readFileSync } from 'node:fs'; import { pathToFileURL } from 'node:url';
      import { init, clvSimple } from 'kundenwert'; const require = createRequire(import.meta.url);
      await init(${expr}); console.log(JSON.stringify(clvSimple({ revenuePerPeriod: 100, periods: 24 }).clv));`), 2400);
  });
}

await check('a path that does not exist: a clear error, and a later init() still works', () => {
  assert.deepEqual(esm(`import { init, clvSimple } from 'kundenwert';
    let code; try { await init('/nowhere/kundenwert_bg.wasm'); } catch (e) { code = e.code; }
    await init(); console.log(JSON.stringify([code, clvSimple({ revenuePerPeriod: 100, periods: 24 }).clv]));`), ['ENOENT', 2400]);
});

// A server bundle as Next.js (webpack or Turbopack) makes one: every module inlined into one
// file elsewhere, import.meta.url no file: URL. The wasm files are found through the app's
// node_modules (the working directory).
mkdirSync('out', { recursive: true });
await build({
  entryPoints: ['server.mjs'], outfile: 'out/bundle/server.mjs', bundle: true, platform: 'node', format: 'esm',
  target: 'node20', logLevel: 'warning', define: { 'import.meta.url': '"http://bundler.invalid/server.mjs"' },
});
await check('a server bundle whose import.meta.url is no file: URL finds all three wasm files', () => {
  const r = node(['out/bundle/server.mjs']);
  assert.equal(r.clv, 1600);
  assert.equal(r.alpha, 0.704); // Fader & Hardie's "regular" cohort
  assert.ok(r.customers >= 2, JSON.stringify(r));
});
await build({
  entryPoints: ['server.mjs'], outfile: 'out/file-url/server.mjs', bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning',
});
await check('a server bundle with its own import.meta.url (beside no wasm) finds them too', () => {
  assert.equal(node(['out/file-url/server.mjs']).clv, 1600);
});
