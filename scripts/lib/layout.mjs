// Where each file of js/ is published in dist/. The sources are grouped by entry (js/analysis/
// holds the browser entry, the Node entry, the worker and what they share); dist/ keeps the flat
// layout the package has always had, because bundlers copy the wasm and the worker beside the
// module that names them (new URL('./kundenwert_analysis_bg.wasm', import.meta.url)), and a user's
// copy line (docs/api.md) names them as they sit in dist/.
//
//   js/calculators/X      -> dist/X           (the calculators' API: index.js, node.js, ...)
//   js/shared/X           -> dist/X           (runtime.js, error.js, node-wasm.js, sbg.js)
//   js/analysis/index.X   -> dist/analysis.X  (likewise models/, retention/, elements/)
//   js/analysis/X         -> dist/analysis-X  (models/, retention/; not elements/)
//   js/elements/customer-segmenter.d.ts -> dist/segmenter.d.ts (the script-tag entries' types)
//   anything else         -> the same path    (elements/, leads/, report/, jsx/, cli.mjs)
//
// The wasm-pack glue and the .wasm files are generated into dist/ itself; the sources name
// them as if they sat in js/ (import '../kundenwert.js' from js/calculators/core.js).
// Relative specifiers (import, export from, import(), new URL(..., import.meta.url)) are
// rewritten to point at the published files.
import { access, readdir, readFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const FLAT = new Set(['calculators', 'shared']);
const PREFIXED = new Set(['analysis', 'models', 'retention']);
const RENAMED = {
  'elements/customer-segmenter.d.ts': 'segmenter.d.ts',
  'elements/retention-forecast.d.ts': 'retention-forecast.d.ts',
};

/** The published path (relative to dist/) of a source file (relative to js/). */
export function published(file) {
  if (RENAMED[file]) return RENAMED[file];
  const [group, ...rest] = file.split('/');
  if (rest.length !== 1) return file;
  const [name] = rest;
  if (FLAT.has(group)) return name;
  const index = /^index(\..+)$/.exec(name);
  if (index && (PREFIXED.has(group) || group === 'elements')) return `${group}${index[1]}`;
  if (PREFIXED.has(group)) return `${group}-${name}`;
  return file;
}

const SPECIFIER = /((?:\bfrom|\bimport)\s*\(?\s*|new URL\(\s*)(['"])(\.\.?\/[^'"\n]+)\2/g;

/** The text of a source file with its relative specifiers pointing at the published files. */
export function rewrite(file, text) {
  const from = path.posix.dirname(published(file));
  return text.replace(SPECIFIER, (_, lead, quote, spec) => {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
    // Outside js/ (../package.json from cli.mjs) the path stays relative to the package root.
    const to = target.startsWith('../') ? target : published(target);
    let rel = path.posix.relative(from, to);
    if (!rel.startsWith('.')) rel = `./${rel}`;
    return `${lead}${quote}${rel}${quote}`;
  });
}

async function* walk(dir, prefix = '') {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix + entry.name;
    if (entry.isDirectory()) yield* walk(path.join(dir, entry.name), `${rel}/`);
    else yield rel;
  }
}

/**
 * Copies js/ into dist/ under the published names. Returns a check to run once dist/ is complete
 * (the generated files are in): every relative import must resolve there.
 */
export async function publish(src, dist) {
  const seen = new Map();
  const targets = [];
  for await (const file of walk(src)) {
    const out = published(file);
    if (seen.has(out)) throw new Error(`layout: js/${file} and js/${seen.get(out)} both publish as dist/${out}`);
    seen.set(out, file);
    const bytes = await readFile(path.join(src, file));
    const text = /\.(m?js|d\.ts)$/.test(file) ? rewrite(file, bytes.toString('utf8')) : bytes;
    if (typeof text === 'string') {
      for (const [, , , spec] of text.matchAll(SPECIFIER)) targets.push([file, path.join(dist, path.dirname(out), spec)]);
    }
    await mkdir(path.dirname(path.join(dist, out)), { recursive: true });
    await writeFile(path.join(dist, out), text);
  }
  return async function check() {
    for (const [file, target] of targets) {
      if (path.relative(dist, target).startsWith('..')) continue; // ../package.json
      // A .d.ts names its sibling declarations by their .js.
      const candidates = [target, target.replace(/\.js$/, '.d.ts')];
      if (!(await Promise.any(candidates.map((c) => access(c))).then(() => true, () => false))) {
        throw new Error(`layout: js/${file} imports ${path.relative(dist, target)}, which is not in dist/`);
      }
    }
  };
}
