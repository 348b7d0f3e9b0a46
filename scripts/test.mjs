// `npm test`: builds, then runs every suite: Rust (unit, integration, property tests), the
// wasm boundary (wasm-bindgen-test in Node), the packed npm package (contents, Node, types,
// hostile input, publint and arethetypeswrong, a Vite app build), the browser end-to-end tests
// in Chromium, and the consumers: apps in every stack users have (tests/consumers/run.mjs).
// Prints a line per suite and a last line `N passed, N failed`; exits non-zero on any failure.
// Run one suite: `npm test -- rust` (names: rust sql wasm node vite browser consumers);
// `npm test -- consumers next` runs the named consumer apps only.
import { mkdir, readdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';
import { run } from './lib/run.mjs';
import { consumers } from '../tests/consumers/run.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const packDir = `${root}target/pack`;
const SUITES = ['rust', 'wasm', 'node', 'vite', 'browser', 'consumers'];
const only = process.argv.slice(2).filter((a) => SUITES.includes(a));
const apps = process.argv.slice(2).filter((a) => !SUITES.includes(a));

/** Test counts from the closing lines of cargo test, node --test and Playwright. */
function counts(output) {
  let passed = 0;
  let failed = 0;
  for (const m of output.matchAll(/test result: \w+\. (\d+) passed; (\d+) failed/g)) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  }
  for (const m of output.matchAll(/^# pass (\d+)$/gm)) passed += Number(m[1]);
  for (const m of output.matchAll(/^# fail (\d+)$/gm)) failed += Number(m[1]);
  for (const m of output.matchAll(/^\s+(\d+) passed \(/gm)) passed += Number(m[1]);
  for (const m of output.matchAll(/^\s+(\d+) failed$/gm)) failed += Number(m[1]);
  return { passed, failed };
}

async function tarball() {
  await rm(packDir, { recursive: true, force: true });
  await mkdir(`${packDir}/app`, { recursive: true });
  await run('npm', ['pack', '--silent', '--pack-destination', packDir], { cwd: root, quiet: true });
  const file = (await readdir(packDir)).find((f) => f.endsWith('.tgz'));
  return `${packDir}/${file}`;
}

async function install(tgz, dir) {
  await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', tgz], { cwd: dir, quiet: true });
}

/**
 * The crate's documentation builds without a warning (missing docs, broken links), with and
 * without the serde feature: counted as one test.
 */
async function docs() {
  for (const features of [[], ['--features', 'serde']]) {
    await run('cargo', ['doc', '--no-deps', '--quiet', ...features], { cwd: root, env: { RUSTDOCFLAGS: '-Dwarnings' } });
  }
  console.log('rust: cargo doc --no-deps without warnings (RUSTDOCFLAGS=-Dwarnings), with and without serde');
  return '\ntest result: ok. 1 passed; 0 failed\n';
}

const suites = {
  rust: async () => (await run('cargo', ['test', '--quiet'], { cwd: root }))
    + (await run('cargo', ['test', '--quiet', '--features', 'serde', '--test', 'serde'], { cwd: root }))
    + await docs(),
  sql: () => run('python3', ['tests/sql/equality.py'], { cwd: root }),
  wasm: () => run('wasm-pack', ['test', '--node', '--', '--test', 'wasm', '--features', 'wasm'], { cwd: root }),
  node: async () => {
    const tgz = await tarball();
    await run('npm', ['init', '-y'], { cwd: `${packDir}/app`, quiet: true });
    await install(tgz, `${packDir}/app`);
    return run('node', ['--test', '--test-reporter=tap', 'tests/js/'], { cwd: root, env: { KW_PACKAGE_DIR: `${packDir}/app`, KW_TARBALL: tgz } });
  },
  vite: async () => {
    const tgz = (await readdir(packDir).catch(() => [])).find((f) => f.endsWith('.tgz'));
    const app = `${root}tests/vite-app`;
    await rm(`${app}/node_modules`, { recursive: true, force: true });
    await install(tgz ? `${packDir}/${tgz}` : await tarball(), app);
    const out = await run('node', [`${root}node_modules/vite/bin/vite.js`, 'build', '--logLevel', 'warn'], { cwd: app });
    console.log('vite: built tests/vite-app (its suite runs in the browser step)');
    return `${out}\ntest result: ok. 1 passed; 0 failed`;
  },
  browser: () => run('node', [`${root}node_modules/@playwright/test/cli.js`, 'test', '-c', 'tests/e2e/playwright.config.mjs'], { cwd: root }),
  consumers: async () => {
    const tgz = (await readdir(packDir).catch(() => [])).find((f) => f.endsWith('.tgz'));
    return consumers(tgz ? `${packDir}/${tgz}` : await tarball(), apps);
  },
};

const started = performance.now();
await build();
const summary = [];
let failedSuites = 0;
for (const [name, suite] of Object.entries(suites)) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  const t0 = performance.now();
  let output = '';
  let ok = true;
  try {
    output = await suite();
  } catch (e) {
    ok = false;
    output = e.output ?? '';
    console.error(`\n${name}: ${e.message}`);
  }
  const c = counts(output);
  if (!ok && c.failed === 0) c.failed = 1; // the suite itself broke: count it
  if (!ok) failedSuites++;
  summary.push({ name, ...c, seconds: (performance.now() - t0) / 1000 });
}

console.log('\n=== summary ===');
for (const s of summary) {
  console.log(`${s.name.padEnd(8)} ${String(s.passed).padStart(4)} passed ${String(s.failed).padStart(3)} failed  ${s.seconds.toFixed(1)} s`);
}
const passed = summary.reduce((n, s) => n + s.passed, 0);
const failed = summary.reduce((n, s) => n + s.failed, 0);
console.log(`total time ${((performance.now() - started) / 1000).toFixed(0)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || failedSuites > 0 ? 1 : 0);
