// What `npm pack` puts in the package: exactly these files, no strays, the wasm present.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

function files() {
  if (process.env.KW_TARBALL) {
    return execFileSync('tar', ['-tzf', process.env.KW_TARBALL], { encoding: 'utf8' })
      .split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
  }
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--silent'], { cwd: root, encoding: 'utf8' }));
  return pack.files.map((f) => f.path);
}

test('the package holds exactly the built files, the README and the licence', () => {
  assert.deepEqual(files().sort(), [
    'LICENSE',
    'README.md',
    'dist/analysis-core.js',
    'dist/analysis-dates.js',
    'dist/analysis-engine.js',
    'dist/analysis-node.js',
    'dist/analysis-worker.js',
    'dist/analysis.d.ts',
    'dist/analysis.js',
    'dist/api.js',
    'dist/core.js',
    'dist/elements.d.ts',
    'dist/elements.js',
    'dist/elements/base.js',
    'dist/elements/chart.js',
    'dist/elements/clv-calculator.js',
    'dist/elements/customer-segmenter.js',
    'dist/elements/fields.js',
    'dist/elements/format.js',
    'dist/elements/lead.js',
    'dist/elements/ltv-cac-calculator.js',
    'dist/elements/nps-calculator.js',
    'dist/elements/print.js',
    'dist/elements/retention-forecast.js',
    'dist/elements/retention-impact-calculator.js',
    'dist/elements/scheme.js',
    'dist/elements/style.js',
    'dist/elements/tcv-calculator.js',
    'dist/embed.js',
    'dist/error.js',
    'dist/index.d.ts',
    'dist/index.js',
    'dist/kundenwert.js',
    'dist/kundenwert_analysis.js',
    'dist/kundenwert_analysis_bg.wasm',
    'dist/kundenwert_bg.wasm',
    'dist/kundenwert_retention.js',
    'dist/kundenwert_retention_bg.wasm',
    'dist/leads/outbox.js',
    'dist/leads/payload.js',
    'dist/models-core.js',
    'dist/models-node.js',
    'dist/models.d.ts',
    'dist/models.js',
    'dist/node.js',
    'dist/retention-core.js',
    'dist/retention-forecast.js',
    'dist/retention-node.js',
    'dist/retention.d.ts',
    'dist/retention.js',
    'dist/runtime.js',
    'dist/sbg.js',
    'dist/segmenter.js',
    'package.json',
  ]);
});

test('package.json: exports for browsers, bundlers and Node, the elements, types, side effects', async () => {
  const { default: pkg } = await import(`${root}package.json`, { with: { type: 'json' } });
  assert.equal(pkg.name, 'kundenwert');
  assert.equal(pkg.type, 'module');
  assert.deepEqual(pkg.exports['.'], { types: './dist/index.d.ts', node: './dist/node.js', default: './dist/index.js' });
  assert.deepEqual(pkg.exports['./elements'], { types: './dist/elements.d.ts', default: './dist/elements.js' });
  assert.equal(pkg.exports['./embed.js'], './dist/embed.js');
  assert.deepEqual(pkg.exports['./analysis'], { types: './dist/analysis.d.ts', node: './dist/analysis-node.js', default: './dist/analysis.js' });
  assert.deepEqual(pkg.exports['./models'], { types: './dist/models.d.ts', node: './dist/models-node.js', default: './dist/models.js' });
  assert.deepEqual(pkg.exports['./retention'], { types: './dist/retention.d.ts', node: './dist/retention-node.js', default: './dist/retention.js' });
  assert.equal(pkg.exports['./segmenter'], './dist/segmenter.js');
  assert.equal(pkg.exports['./retention-forecast'], './dist/retention-forecast.js');
  assert.deepEqual(pkg.sideEffects, ['./dist/elements.js', './dist/elements/*.js', './dist/embed.js', './dist/segmenter.js', './dist/retention-forecast.js'], 'only the elements register anything');
  assert.deepEqual(pkg.dependencies ?? {}, {}, 'no runtime dependencies');
});
