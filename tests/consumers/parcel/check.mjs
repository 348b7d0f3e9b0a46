import { checkBrowserApp } from './consumer-lib.mjs';

await checkBrowserApp('dist', 'Parcel 2');
