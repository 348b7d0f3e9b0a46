// The consumers suite (`npm test -- consumers`): real apps in the stacks the package's users
// have, each installing the packed tarball and building, then checked for a real result (a
// number from the element or the API) and no console error. Each app is a folder here with
// a package.json (its dependencies, a `build` script where it has one) and a check.mjs.
//
// Installing React, Next.js or webpack takes minutes, so each app is built in a folder of its
// own under ~/.cache/kundenwert/consumers/<app>-<hash of its package.json>: dependencies are
// installed there once; every run copies the app's files in afresh and unpacks the tarball
// into its node_modules/kundenwert (the package has no dependencies: unpacking is installing).
// Usage: node tests/consumers/run.mjs <tarball> [app ...]
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { run } from '../../scripts/lib/run.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
const cache = process.env.KW_CONSUMERS_CACHE ?? `${process.env.XDG_CACHE_HOME ?? `${homedir()}/.cache`}/kundenwert/consumers`;

const exists = (p) => stat(p).then(() => true, () => false);

export async function consumers(tarball, only = []) {
  const apps = [];
  for (const e of await readdir(here, { withFileTypes: true })) {
    if (e.isDirectory() && await exists(`${here}${e.name}/package.json`) && (!only.length || only.includes(e.name))) apps.push(e.name);
  }
  let passed = 0;
  let failed = 0;
  let output = '';
  for (const app of apps.sort()) {
    const t0 = performance.now();
    const manifest = await readFile(`${here}${app}/package.json`);
    const hash = createHash('sha256').update(manifest).digest('hex').slice(0, 12);
    const work = `${cache}/${app}-${hash}`;
    try {
      if (!await exists(`${work}/node_modules/.kw-installed`)) {
        await rm(work, { recursive: true, force: true });
        await mkdir(work, { recursive: true });
        await writeFile(`${work}/package.json`, manifest);
        console.log(`consumers: ${app}: installing its dependencies into ${work} (once)`);
        await run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], { cwd: work, quiet: true });
        await mkdir(`${work}/node_modules`, { recursive: true });
        await writeFile(`${work}/node_modules/.kw-installed`, '');
      }
      const installed = performance.now();
      // The app's own files, fresh (what an earlier run built is removed first).
      for (const e of await readdir(work)) if (e !== 'node_modules') await rm(`${work}/${e}`, { recursive: true, force: true });
      await cp(`${here}${app}`, work, { recursive: true, filter: (src) => !src.includes('/node_modules') });
      await cp(`${here}lib.mjs`, `${work}/consumer-lib.mjs`);
      await mkdir(`${work}/src`, { recursive: true });
      await cp(`${here}app-main.js`, `${work}/src/main.js`);
      await cp(`${here}app-index.html`, `${work}/src/index.html`);
      await rm(`${work}/node_modules/kundenwert`, { recursive: true, force: true });
      await mkdir(`${work}/node_modules/kundenwert`, { recursive: true });
      await run('tar', ['-xzf', tarball, '-C', `${work}/node_modules/kundenwert`, '--strip-components=1'], { quiet: true });
      const env = { KW_ROOT: root, NEXT_TELEMETRY_DISABLED: '1', CI: '1' };
      const pkg = JSON.parse(manifest);
      let out = '';
      if (pkg.scripts?.build) out += await run('npm', ['run', '--silent', 'build'], { cwd: work, env, quiet: true });
      out += await run('node', ['check.mjs'], { cwd: work, env, quiet: true });
      const checks = out.match(/^ok \d+ .*$/gm) ?? [];
      passed += checks.length;
      const line = `consumers: ${app}: ${checks.length} checks passed in ${((performance.now() - t0) / 1000).toFixed(1)} s`
        + ` (install ${((installed - t0) / 1000).toFixed(1)} s)`;
      console.log(line);
      for (const c of checks) console.log(`  ${c}`);
      output += `${line}\n`;
    } catch (e) {
      failed++;
      console.error(`consumers: ${app}: FAILED after ${((performance.now() - t0) / 1000).toFixed(1)} s: ${e.message}\n${(e.output ?? '').slice(-4000)}`);
      output += `consumers: ${app}: failed\n`;
    }
  }
  return `${output}test result: ${failed ? 'FAILED' : 'ok'}. ${passed} passed; ${failed} failed\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [tarball, ...only] = process.argv.slice(2);
  const out = await consumers(tarball, only);
  console.log(out);
  process.exit(/ 0 failed/.test(out) ? 0 : 1);
}
