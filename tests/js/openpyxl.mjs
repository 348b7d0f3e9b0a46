// openpyxl, an independent Excel reader and writer, for the tests of the .xlsx files the
// report reads and writes: installed from PyPI into a throwaway venv (target/xlsx-venv) the
// first time. tests/python/xlsx.py does the work.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const venv = `${root}target/xlsx-venv`;
const python = `${venv}/bin/python`;
const script = `${root}tests/python/xlsx.py`;

function ready() {
  if (!existsSync(`${venv}/.openpyxl-3.1.5`)) {
    if (!existsSync(python)) execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    execFileSync(`${venv}/bin/pip`, ['install', '--quiet', '--disable-pip-version-check', 'openpyxl==3.1.5'], { stdio: 'inherit' });
    execFileSync('touch', [`${venv}/.openpyxl-3.1.5`]);
  }
}

/** Every sheet of a workbook as openpyxl reads it: `[{ name, rows: [[value, type, format, quotePrefix]], freeze }]`. */
export function dumpXlsx(file) {
  ready();
  let path = file;
  if (!/\.xlsx$/i.test(path)) { // openpyxl goes by the extension (Playwright's downloads have none)
    path = `${file}.xlsx`;
    copyFileSync(file, path);
  }
  return JSON.parse(execFileSync(python, [script, 'dump', path], { encoding: 'utf8', maxBuffer: 1 << 28 }));
}

/** Writes a workbook with openpyxl: `{ sheets: [{ name, rows }] }`, a cell `{ date: 'YYYY-MM-DD' }` is a date. */
export function writeXlsxWithOpenpyxl(file, spec) {
  ready();
  execFileSync(python, [script, 'write', file, JSON.stringify(spec)]);
}
