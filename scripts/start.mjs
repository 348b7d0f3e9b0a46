// `npm start`: builds the package, then serves the demo site (www/) with the built package
// under /dist/ on http://localhost:8080 (PORT to change it), and a lead receiver at /api/leads
// that the lead page (www/leads.html) posts to: each lead is logged here and listed on the page.
import { fileURLToPath } from 'node:url';
import { build } from './build.mjs';
import { demoServer } from './lib/receiver.mjs';
import { listen } from './lib/server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
await build();
const { server } = demoServer(root, { log: true });
const port = await listen(server, Number(process.env.PORT ?? 8080), process.env.HOST ?? '127.0.0.1');
console.log(`\nkundenwert demo: http://localhost:${port}/   lead capture: http://localhost:${port}/leads.html   (Ctrl+C to stop)\n`);
