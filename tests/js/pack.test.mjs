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

test('the package holds exactly the built files, the formulas, the README and the licence', () => {
  assert.deepEqual(files().map((f) => f.replace(/^dist\/kw-\w+\.js$/, 'dist/kw-<hash>.js')).sort(), [
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
    'dist/cli-help.txt',
    'dist/cli.mjs',
    'dist/compile.js',
    'dist/core.js',
    'dist/custom-elements.json',
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
    'dist/elements/props.js',
    'dist/elements/retention-forecast.js',
    'dist/elements/retention-impact-calculator.js',
    'dist/elements/scheme.js',
    'dist/elements/segmenter-summary.js',
    'dist/elements/style.js',
    'dist/elements/tcv-calculator.js',
    'dist/embed.js',
    'dist/error.js',
    'dist/index.d.ts',
    'dist/index.js',
    'dist/jsx/common.d.ts',
    'dist/jsx/elements.d.ts',
    'dist/jsx/react.d.ts',
    'dist/jsx/solid.d.ts',
    'dist/jsx/svelte.d.ts',
    'dist/jsx/types-only.js',
    'dist/jsx/vue.d.ts',
    'dist/kundenwert.js',
    'dist/kundenwert_analysis.js',
    'dist/kundenwert_analysis_bg.wasm',
    'dist/kundenwert_bg.wasm',
    'dist/kundenwert_retention.js',
    'dist/kundenwert_retention_bg.wasm',
    'dist/kw-<hash>.js', // the calculators' chunk (embed.js)
    'dist/kw-<hash>.js', // the code embed.js and retention-forecast.js share
    'dist/leads/outbox.js',
    'dist/leads/payload.js',
    'dist/models-core.js',
    'dist/models-node.js',
    'dist/models.d.ts',
    'dist/models.js',
    'dist/node-wasm.js',
    'dist/node.js',
    'dist/report/csv.js',
    'dist/report/excel.js',
    'dist/report/sample.js',
    'dist/report/summary.js',
    'dist/report/table.js',
    'dist/report/text.js',
    'dist/report/view.js',
    'dist/report/workbook.js',
    'dist/report/xlsx-worker.js',
    'dist/report/xlsx.js',
    'dist/retention-core.js',
    'dist/retention-forecast.d.ts',
    'dist/retention-forecast.js',
    'dist/retention-node.js',
    'dist/retention.d.ts',
    'dist/retention.js',
    'dist/runtime.js',
    'dist/sbg.js',
    'dist/segmenter.d.ts',
    'dist/segmenter.js',
    'dist/summary/arrow.js',
    'dist/summary/csv.js',
    'dist/summary/parquet-codecs.js',
    'dist/summary/parquet.js',
    'dist/summary/read.js',
    'dist/summary/segments.js',
    'dist/summary/table.js',
    'docs/FORMULAS.md',
    'package.json',
  ]);
});

test('package.json: exports for browsers, bundlers and Node, the elements, types, side effects', async () => {
  const { default: pkg } = await import(`${root}package.json`, { with: { type: 'json' } });
  assert.equal(pkg.name, 'kundenwert');
  assert.equal(pkg.type, 'module');
  assert.deepEqual(pkg.exports['.'], { types: './dist/index.d.ts', node: './dist/node.js', default: './dist/index.js' });
  assert.deepEqual(pkg.exports['./elements'], { types: './dist/elements.d.ts', default: './dist/elements.js' });
  assert.deepEqual(pkg.exports['./embed.js'], { types: './dist/elements.d.ts', default: './dist/embed.js' });
  assert.deepEqual(pkg.exports['./analysis'], { types: './dist/analysis.d.ts', node: './dist/analysis-node.js', default: './dist/analysis.js' });
  assert.deepEqual(pkg.exports['./models'], { types: './dist/models.d.ts', node: './dist/models-node.js', default: './dist/models.js' });
  assert.deepEqual(pkg.exports['./retention'], { types: './dist/retention.d.ts', node: './dist/retention-node.js', default: './dist/retention.js' });
  assert.deepEqual(pkg.exports['./segmenter'], { types: './dist/segmenter.d.ts', default: './dist/segmenter.js' });
  assert.deepEqual(pkg.exports['./retention-forecast'], { types: './dist/retention-forecast.d.ts', default: './dist/retention-forecast.js' });
  assert.deepEqual(pkg.sideEffects, ['./dist/elements.js', './dist/elements/*.js', './dist/embed.js', './dist/segmenter.js', './dist/retention-forecast.js', './dist/kw-*.js'], 'only the elements register anything');
  for (const fw of ['react', 'vue', 'svelte', 'solid']) {
    assert.deepEqual(pkg.exports[`./jsx/${fw}`], { types: `./dist/jsx/${fw}.d.ts`, default: './dist/jsx/types-only.js' });
  }
  assert.equal(pkg.customElements, 'dist/custom-elements.json');
  assert.deepEqual(pkg.dependencies ?? {}, {}, 'no runtime dependencies');
});

test('package.json: where it comes from, where to report bugs, the Node it needs (require(esm): 20.19)', async () => {
  const { default: pkg } = await import(`${root}package.json`, { with: { type: 'json' } });
  assert.equal(pkg.engines.node, '>=20.19');
  assert.match(pkg.repository.url, /^git\+https:\/\/github\.com\/kundenwert\/kundenwert\.git$/);
  assert.match(pkg.homepage, /^https:\/\/github\.com\/kundenwert\/kundenwert/);
  assert.match(pkg.bugs.url, /\/issues$/);
  assert.ok(files().includes('docs/FORMULAS.md'), 'the formulas the docs cite are in the package');
});

test('every citation of FORMULAS.md names docs/FORMULAS.md, which exists', async () => {
  const { readFileSync, readdirSync, existsSync } = await import('node:fs');
  assert.ok(existsSync(`${root}docs/FORMULAS.md`));
  const walk = (dir) => readdirSync(`${root}${dir}`, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(`${dir}/${e.name}`) : [`${dir}/${e.name}`]));
  const bare = [];
  for (const file of ['README.md', ...walk('js'), ...walk('src')]) {
    readFileSync(`${root}${file}`, 'utf8').split('\n').forEach((line, i) => {
      if (/(^|[^/])FORMULAS\.md/.test(line)) bare.push(`${file}:${i + 1}`);
    });
  }
  // Inside docs/ a citation is a link beside it: [FORMULAS.md](FORMULAS.md).
  for (const file of walk('docs').filter((f) => f.endsWith('.md') && f !== 'docs/FORMULAS.md')) {
    readFileSync(`${root}${file}`, 'utf8').split('\n').forEach((line, i) => {
      if (/(^|[^[/])FORMULAS\.md(?!\]\(FORMULAS\.md)/.test(line.replace(/\[FORMULAS\.md\]\(FORMULAS\.md[^)]*\)/g, ''))) bare.push(`${file}:${i + 1}`);
    });
  }
  assert.deepEqual(bare, []);
});

// publint and arethetypeswrong on the packed tarball, offline (neither fetches anything when
// given a file). The wasm exports are assets, not modules: attw cannot resolve those.
const bin = (name) => `${root}node_modules/.bin/${name}`;
const tarball = () => {
  if (process.env.KW_TARBALL) return process.env.KW_TARBALL;
  const dir = execFileSync('mktemp', ['-d'], { encoding: 'utf8' }).trim();
  execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: root });
  return `${dir}/kundenwert-0.1.0.tgz`;
};

test('publint --strict finds nothing in the packed tarball', () => {
  const out = execFileSync(bin('publint'), ['--strict', tarball()], { encoding: 'utf8' });
  console.log(out.trim());
  assert.match(out, /All good!/);
});

test('arethetypeswrong (esm-only profile) finds no problem in the packed tarball', () => {
  let out;
  try {
    out = execFileSync(bin('attw'), [tarball(), '--profile', 'esm-only', '--format', 'ascii', '--no-emoji', '--no-color',
      '--exclude-entrypoints', './kundenwert_bg.wasm', './kundenwert_analysis_bg.wasm', './kundenwert_retention_bg.wasm'], { encoding: 'utf8' });
  } catch (e) {
    assert.fail(`attw found problems:\n${e.stdout}${e.stderr}`);
  }
  // Every entry resolves for Node 16+ ESM and bundlers (CommonJS and node10 are out of the
  // esm-only profile), and no problem is reported beyond those ignored by the profile.
  const resolutions = out.split('\n').filter((l) => /^(node16 \(from ESM\)|bundler): /.test(l));
  assert.ok(resolutions.length >= 16, out);
  assert.deepEqual(resolutions.filter((l) => !/: OK\b/.test(l)), []);
  const problems = out.split('\n').filter((l) => /https:\/\/github\.com\/arethetypeswrong/.test(l) && !l.startsWith('(ignored'));
  assert.deepEqual(problems, []);
  console.log(`attw: ${resolutions.length / 2} entry points, each OK for node16 (ESM) and bundler`);
});
