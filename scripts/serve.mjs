// Serves a folder over HTTP for tests and benchmarks:
//   node scripts/serve.mjs --port 8181 [--root <dir>]   (default root: the checkout)
import { fileURLToPath } from 'node:url';
import { listen, staticServer } from './lib/server.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const root = option('root', fileURLToPath(new URL('..', import.meta.url)));
const port = await listen(staticServer({ '/': root }), Number(option('port', 8181)));
console.log(`serving ${root} on http://localhost:${port}/`);
