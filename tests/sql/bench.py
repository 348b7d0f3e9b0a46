#!/usr/bin/env python3
"""Times the path of docs/at-scale.md: warehouse table -> sql/<dialect>.sql -> summary CSV ->
kundenwert fit -> kundenwert score, in DuckDB and PostgreSQL, on CDNOW master and on a file
from benches/generate.mjs (customer_id,date,amount).

  python3 tests/sql/bench.py [FILE ...]   (default: tests/fixtures/CDNOW_master.txt)

Uses the release binary (cargo build --release --bin kundenwert) and the tools of
tests/sql/equality.py (DuckDB in target/sql-venv, a throwaway PostgreSQL cluster)."""
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import equality as eq  # noqa: E402

DUCKDB = r"""
import duckdb, sys, time
table, sql, out = sys.argv[1], open(sys.argv[2]).read().rstrip().rstrip(';'), sys.argv[3]
c = duckdb.connect()
t = time.perf_counter()
c.execute(f"CREATE TABLE transactions AS SELECT * FROM read_csv('{table}', header=true, "
          "columns={'customer_id': 'VARCHAR', 'purchased_at': 'DATE', 'amount': 'DECIMAL(12,2)'})")
load = time.perf_counter() - t
t = time.perf_counter()
c.execute(f"COPY ({sql}) TO '{out}' (HEADER)")
print(f"{load:.2f} {time.perf_counter() - t:.2f}")
"""


def timed(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - t


def main():
    files = [Path(f) for f in sys.argv[1:]] or [eq.CDNOW]
    python = eq.venv_python()
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "kundenwert"], cwd=eq.ROOT, check=True)
    binary = str(eq.ROOT / "target/release/kundenwert")
    eq.WORK.mkdir(parents=True, exist_ok=True)
    pg = eq.Postgres()
    try:
        for f in files:
            table = eq.cdnow_csv() if f.resolve() == eq.CDNOW.resolve() else f.resolve()
            rows = sum(1 for _ in open(table)) - 1
            print(f"== {f.name}: {rows} rows")
            out = eq.WORK / f"bench-{f.stem}"
            out.mkdir(exist_ok=True)
            query = eq.WORK / "bench-duckdb.sql"
            query.write_text((eq.ROOT / "sql/duckdb.sql").read_text())
            summary = out / "summary.csv"
            load, run = subprocess.run([str(python), "-c", DUCKDB, str(table), str(query), str(summary)],
                                       check=True, capture_output=True, text=True).stdout.split()
            customers = sum(1 for _ in open(summary)) - 1
            print(f"DuckDB:      load {load} s, sql/duckdb.sql -> summary.csv {run} s ({customers} customers)")
            t = time.perf_counter()
            pg.load(table)
            load = time.perf_counter() - t
            t = time.perf_counter()
            pg_summary = out / "summary-postgresql.csv"
            pg_summary.write_text(pg.psql("--csv", "-f", str(eq.ROOT / "sql/postgresql.sql")).stdout)
            print(f"PostgreSQL:  load {load:.2f} s, sql/postgresql.sql -> summary.csv {time.perf_counter() - t:.2f} s")
            params, scores = out / "params.json", out / "scores.csv"
            fit = timed([binary, "fit", "--model", "bg-nbd,gamma-gamma", str(summary), "--out", str(params), "--quiet"])
            print(f"kundenwert fit --model bg-nbd,gamma-gamma: {fit:.2f} s")
            score = timed([binary, "score", "--params", str(params), str(summary), "--out", str(scores)])
            print(f"kundenwert score: {score:.2f} s")
            direct = timed([binary, "analyze", str(f), "--out", str(out / "analyze"), "--quiet"])
            print(f"kundenwert analyze (the summary without an engine): {direct:.2f} s")
    finally:
        pg.stop()


if __name__ == "__main__":
    main()
