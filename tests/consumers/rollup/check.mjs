import { checkBrowserApp } from './consumer-lib.mjs';

await checkBrowserApp('dist', 'Rollup');
