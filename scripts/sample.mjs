// Writes the sample export that www/segmenter.html offers for download, from the same seeded
// generator as the element's "Beispieldaten laden" button (js/report/sample.js):
//   node scripts/sample.mjs [file]   (default www/beispiel-kundendaten.csv)
// UTF-8 with a byte order mark, as current German shop systems export.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { sampleExport } from '../js/report/sample.js';

const file = process.argv[2] ?? fileURLToPath(new URL('../www/beispiel-kundendaten.csv', import.meta.url));
const text = sampleExport();
await writeFile(file, `\ufeff${text}`);
console.log(`${file}: ${text.trim().split('\n').length - 1} orders`);
