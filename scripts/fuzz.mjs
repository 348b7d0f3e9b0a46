// `npm run fuzz [-- FACTOR]`: the long run of every property and differential test, with fresh
// random seeds (npm test runs the same tests from a fixed seed). FACTOR (default 50) multiplies
// each property's case count. A failure prints its minimal input, and proptest records it in
// the test's *.proptest-regressions file: commit that file, so that npm test replays it.
// Prints the seed-independent totals and the time; exits non-zero on any failure.
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';
import { run } from './lib/run.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const factor = Number(process.argv[2] ?? 50);
if (!(Number.isInteger(factor) && factor > 0)) {
  console.error('usage: npm run fuzz [-- FACTOR]   (FACTOR: a whole number above 0, default 50)');
  process.exit(2);
}
const started = performance.now();
const env = {
  KW_FUZZ: String(factor),
  KW_FUZZ_SECONDS: String(6 * factor), // the reader's arbitrary-bytes fuzz (tests/analysis.rs, ignored in npm test)
  KW_FUZZ_RUNS: String(3000 * factor),
  KW_FUZZ_SEED: String(Date.now() % 2 ** 31),
};
console.log(`fuzz: factor ${factor}, JS seed ${env.KW_FUZZ_SEED}`);
let failed = 0;
try {
  await run('cargo', ['test', '--release', '--quiet', '--tests', '--', '--include-ignored'], { cwd: root, env });
} catch (e) {
  failed++;
  console.error(e.message);
}
try {
  await build();
  await run('node', ['--test', 'tests/js/hostile.test.mjs'], { cwd: root, env });
} catch (e) {
  failed++;
  console.error(e.message);
}
console.log(`fuzz: ${failed ? 'FAILED' : 'ok'} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
process.exit(failed ? 1 : 0);
