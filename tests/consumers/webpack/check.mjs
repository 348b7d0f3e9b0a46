import { checkBrowserApp } from './consumer-lib.mjs';

await checkBrowserApp('dist', 'webpack 5');
