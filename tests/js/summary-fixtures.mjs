// The summary fixtures (tests/fixtures/summary/make.py: the CDNOW master summary by DuckDB as
// CSV, Parquet and Arrow IPC, grouped and ungrouped), written into target/summary-fixtures
// once. They are 0.1-3 MB each, so they are generated, not committed: DuckDB and pyarrow from
// PyPI in a throwaway virtual environment (target/summary-venv), pinned below.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PINS = ['duckdb==2.0.1', 'pyarrow==26.0.1'];
const venv = `${root}target/summary-venv`;
const python = `${venv}/bin/python`;
const script = `${root}tests/fixtures/summary/make.py`;
export const fixtureDir = `${root}target/summary-fixtures`;

/** Writes the fixtures unless they are newer than make.py; returns their folder. */
export function summaryFixtures() {
  const stamp = `${fixtureDir}/bad.arrow`;
  if (existsSync(stamp) && statSync(stamp).mtimeMs > statSync(script).mtimeMs) return fixtureDir;
  const marker = `${venv}/.${PINS.join('_')}`;
  if (!existsSync(marker)) {
    if (!existsSync(python)) execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
    execFileSync(`${venv}/bin/pip`, ['install', '--quiet', '--disable-pip-version-check', ...PINS], { stdio: 'inherit' });
    execFileSync('touch', [marker]);
  }
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE; // numpy (under pyarrow) is the peer here: its own OpenBLAS defaults
  delete env.OPENBLAS_L2_SIZE;
  execFileSync(python, [script, fixtureDir], { stdio: ['ignore', 'inherit', 'inherit'], env });
  return fixtureDir;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(summaryFixtures());
