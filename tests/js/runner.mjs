// Runs the shared suite in a page and reports `[{ name, ok, error }]` on window.kwResults,
// for tests/e2e/api.spec.mjs to read.
import { tests } from './suite.mjs';

export async function runSuite(kw) {
  const results = [];
  for (const [name, fn] of tests(kw)) {
    try {
      await fn();
      results.push({ name, ok: true });
    } catch (e) {
      results.push({ name, ok: false, error: `${e && e.name}: ${e && e.message}` });
    }
  }
  window.kwResults = results;
  return results;
}
