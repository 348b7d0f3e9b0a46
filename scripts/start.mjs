// `npm start`: builds the package, then serves the demo site (www/) with the built package
// under /dist/ on http://localhost:8080 (PORT to change it).
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';
import { listen, staticServer } from './lib/server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
await build();
const port = await listen(staticServer({ '/': `${root}www`, '/dist/': `${root}dist` }), Number(process.env.PORT ?? 8080), process.env.HOST ?? '127.0.0.1');
console.log(`\nkundenwert demo: http://localhost:${port}/   (Ctrl+C to stop)\n`);
