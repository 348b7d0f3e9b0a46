// Imports the kundenwert package the way a user's Node app does: by name, resolved through
// its package.json "exports". KW_PACKAGE_DIR is where it is installed (scripts/test.mjs
// installs the packed tarball there); by default the checkout itself (self-reference).
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const packageDir = process.env.KW_PACKAGE_DIR ?? fileURLToPath(new URL('../..', import.meta.url));
export const entry = createRequire(`${packageDir}/`).resolve('kundenwert');
export const kw = await import(pathToFileURL(entry).href);
