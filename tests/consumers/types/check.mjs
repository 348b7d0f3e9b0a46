// Strict tsc over the entries and the JSX of each framework, with moduleResolution node16 and
// bundler; a file with wrong JSX must fail.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { assert, check } from './consumer-lib.mjs';

const base = { strict: true, noEmit: true, target: 'es2022', lib: ['es2022', 'dom', 'dom.iterable'], jsx: 'react-jsx', skipLibCheck: false, types: [] };
function tsc(name, options, files) {
  writeFileSync(`tsconfig.${name}.json`, JSON.stringify({ compilerOptions: { ...base, ...options }, files }));
  try {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', `tsconfig.${name}.json`], { encoding: 'utf8' });
    return '';
  } catch (e) {
    return e.stdout || e.message;
  }
}

for (const [resolution, module] of [['node16', 'node16'], ['bundler', 'esnext']]) {
  await check(`moduleResolution ${resolution}: every entry and the React, Vue, Svelte and Solid JSX types compile in strict mode`, () => {
    assert.equal(tsc(resolution, { module, moduleResolution: resolution }, ['entries.ts', 'react.tsx', 'vue.ts', 'svelte.ts']), '');
  });
}
await check('Solid JSX (jsxImportSource solid-js) compiles', () => {
  assert.equal(tsc('solid', { module: 'esnext', moduleResolution: 'bundler', jsx: 'preserve', jsxImportSource: 'solid-js' }, ['solid.tsx']), '');
});
await check('wrong JSX is rejected: an unknown mode, an event detail field that does not exist', () => {
  const out = tsc('bad', { module: 'esnext', moduleResolution: 'bundler' }, ['react-bad.tsx']);
  assert.match(out, /"yearly"/);
  assert.match(out, /nothing/);
});
