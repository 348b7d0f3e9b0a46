#!/usr/bin/env python3
"""The SQL of sql/ against kundenwert's own summary, customer by customer.

kundenwert's side: `kundenwert analyze` (the crate's CLI, built here with cargo) on
tests/fixtures/CDNOW_master.txt writes customers.csv. The engines' side:
  * DuckDB (the `duckdb` package from PyPI, in a venv under target/sql-venv) runs
    sql/duckdb.sql;
  * PostgreSQL (Debian's package; installed with apt-get when missing and possible): a
    throwaway cluster is initialised in a temporary directory, started on a free localhost
    port as the `postgres` user, loaded, queried with sql/postgresql.sql and stopped;
  * Spark SQL and BigQuery cannot run here: sql/spark.sql and sql/bigquery.sql are parsed
    by sqlglot in their dialect, and sqlglot's DuckDB translation of each is run on DuckDB
    and compared like the others (a check of the query's logic, not of the engines).
Integer fields, dates, scores, segments, tiers and money must be equal; recency, T and
monetary equal to 1e-12 relative. tests/sql/refunds.csv checks the refund rule against
values worked out by hand in this file.

Prints TAP (`ok N - ...`, `# pass N`, `# fail N`, `# skip N`); exits 1 on any failure.
Run: python3 tests/sql/equality.py
"""
import csv
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "target"
VENV = TARGET / "sql-venv"
WORK = TARGET / "sqltest"
CDNOW = ROOT / "tests/fixtures/CDNOW_master.txt"
REFUNDS = ROOT / "tests/sql/refunds.csv"

INTEGER = ["frequency", "purchases", "recency_days", "r", "f", "m"]
TEXT = ["first_purchase", "last_purchase", "segment"]
FLOAT = ["recency", "T", "monetary"]
COLUMNS = ["customer_id", "frequency", "recency", "T", "monetary", "total", "purchases",
           "first_purchase", "last_purchase", "recency_days", "r", "f", "m", "segment", "tier"]

results = {"pass": 0, "fail": 0, "skip": 0, "todo": 0}
number = 0


def report(status, name, detail=""):
    global number
    number += 1
    results[status] += 1
    prefix = {"pass": "ok", "fail": "not ok", "skip": "ok", "todo": "not ok"}[status]
    skip = {"skip": " # SKIP", "todo": " # TODO"}.get(status, "")
    print(f"{prefix} {number} - {name}{skip}" + (f": {detail}" if detail else ""), flush=True)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, text=True, capture_output=True, **kw)


# ---- the tools ---------------------------------------------------------------------------

def venv_python():
    python = VENV / "bin/python"
    if not python.exists():
        run([sys.executable, "-m", "venv", str(VENV)])
    try:
        run([str(python), "-c", "import duckdb, sqlglot"])
    except subprocess.CalledProcessError:
        run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "duckdb", "sqlglot"])
    return python


def kundenwert_binary():
    out = run(["cargo", "build", "--quiet", "--bin", "kundenwert", "--message-format=json"], cwd=ROOT)
    for line in out.stdout.splitlines():
        m = re.search(r'"executable":"([^"]+/kundenwert)"', line)
        if m:
            return m.group(1)
    raise RuntimeError("cargo built no kundenwert binary")


# ---- the data ----------------------------------------------------------------------------

def cdnow_csv():
    """CDNOW master (whitespace-separated, YYYYMMDD) as customer_id,purchased_at,amount."""
    WORK.mkdir(parents=True, exist_ok=True)
    out = WORK / "cdnow.csv"
    with open(CDNOW) as f, open(out, "w") as w:
        w.write("customer_id,purchased_at,amount\n")
        for i, line in enumerate(f):
            parts = line.split()
            if i == 0 or not parts:
                continue  # the header
            d = parts[1]
            w.write(f"{parts[0]},{d[:4]}-{d[4:6]}-{d[6:]},{parts[3]}\n")
    return out


def with_params(sql, observation_end=None, days_per_period=None, rfm_monetary=None):
    """The query with its params row edited, as a user would."""
    if observation_end:
        sql, n = re.subn(r"CAST\(NULL AS DATE\) AS observation_end", f"DATE '{observation_end}' AS observation_end", sql)
        assert n == 1
    if days_per_period:
        sql, n = re.subn(r"CAST\(7 AS ([A-Z0-9 ]+)\) AS days_per_period", rf"CAST({days_per_period} AS \1) AS days_per_period", sql)
        assert n == 1
    if rfm_monetary:
        sql, n = re.subn(r"'total'( AS TEXT\))? AS rfm_monetary", rf"'{rfm_monetary}'\1 AS rfm_monetary", sql)
        assert n == 1
    return sql


CASES = [
    # name, kundenwert analyze options, SQL params
    ("CDNOW master, weeks, to the last purchase", [], {}),
    ("CDNOW master, months, to 1997-09-30, RFM M on average spend",
     ["--period-unit", "month", "--observation-end", "1997-09-30", "--monetary", "average"],
     {"observation_end": "1997-09-30", "days_per_period": "30.4375", "rfm_monetary": "average"}),
    ("CDNOW master, days", ["--period-unit", "day"], {"days_per_period": "1"}),
]


def kundenwert_summary(binary, options, tag):
    out = WORK / f"kundenwert-{tag}"
    run([binary, "analyze", str(CDNOW), "--out", str(out), "--quiet", *options])
    with open(out / "customers.csv", newline="") as f:
        return {row["customer_id"]: row for row in csv.DictReader(f)}


# ---- comparing ---------------------------------------------------------------------------

def text_rows(columns, rows):
    """Engine rows as {customer_id: {column: text}} (DuckDB's typed values or psql's text)."""
    out = {}
    for row in rows:
        r = {c: ("" if v is None else str(v)) for c, v in zip(columns, row)}
        r["T"] = r.pop("T", r.pop("t", ""))
        out[r["customer_id"]] = r
    return out


def compare(expected, got, names=("kundenwert", "SQL")):
    """(problems, notes, customers compared, max relative difference per float column).

    Tiers must be equal customer by customer: kundenwert sums money exactly (integer
    ten-thousandths), as the SQL sums DECIMAL, and both break ties at a tier line by the same
    rule, so no tie can be ordered differently."""
    problems, worst = [], {c: 0.0 for c in FLOAT}
    swapped = {}
    x, y = names
    if set(expected) != set(got):
        missing = sorted(set(expected) - set(got))[:5]
        extra = sorted(set(got) - set(expected))[:5]
        problems.append(f"customers differ: {len(expected)} vs {len(got)}; missing {missing}, extra {extra}")
    for cid, e in expected.items():
        g = got.get(cid)
        if g is None:
            continue
        for c in INTEGER:
            if int(Decimal(e[c])) != int(Decimal(g[c])) or Decimal(e[c]) != int(Decimal(e[c])):
                problems.append(f"{cid} {c}: {x} {e[c]}, {y} {g[c]}")
        for c in TEXT:
            if e[c] != g[c]:
                problems.append(f"{cid} {c}: {x} {e[c]}, {y} {g[c]}")
        if e["tier"] != g["tier"]:
            swapped.setdefault(Decimal(g["total"]), []).append((cid, e["tier"], g["tier"]))
        if Decimal(e["total"]) != Decimal(g["total"]):
            problems.append(f"{cid} total: {x} {e['total']}, {y} {g['total']}")
        for c in FLOAT:
            a, b = float(e[c]), float(g[c])
            rel = abs(a - b) / max(abs(a), abs(b)) if a != b else 0.0
            worst[c] = max(worst[c], rel)
            if rel > 1e-12:
                problems.append(f"{cid} {c}: {x} {e[c]}, {y} {g[c]} (relative difference {rel:.2e})")
    notes = []
    for total, group in swapped.items():
        problems.append("tier: " + ", ".join(f"{cid} {x} {a} {y} {b}" for cid, a, b in group))
    return problems, notes, len(expected), worst


def check(name, expected, got, names=("kundenwert", "SQL")):
    problems, notes, n, worst = compare(expected, got, names)
    spread = ", ".join(f"{c} {v:.1e}" for c, v in worst.items())
    if problems:
        report("fail", name, f"{len(problems)} differences, first: " + "; ".join(problems[:5]))
    else:
        report("pass", name, f"{n} customers equal (max relative difference: {spread})"
               + "".join(f"; accepted {note}" for note in notes))


# The refund rule (sql/*.sql headers), worked out by hand for tests/sql/refunds.csv with the
# observation end 2024-03-31 and the period unit day.
REFUNDS_EXPECTED = {
    # c1: 01-01 (10 + 5.50), 01-15 (30 - 10 refunded), 02-01 a refund only (not a purchase
    # day), 02-12 (50); c2 has a refund only: no purchase, no row.
    "c1": dict(frequency="2", recency="42", T="90", monetary="35", total="80.50", purchases="4",
               first_purchase="2024-01-01", last_purchase="2024-02-12", recency_days="48",
               r="3", f="4", m="3", segment="loyal", tier="A"),
    # c3: a refund before the first purchase lowers the total; 0.10 + 0.20 is 0.30 exactly.
    "c3": dict(frequency="0", recency="0", T="66", monetary="0", total="-4.70", purchases="2",
               first_purchase="2024-01-25", last_purchase="2024-01-25", recency_days="66",
               r="2", f="2", m="1", segment="hibernating", tier="C"),
    # c4: the purchase after the observation end is left out.
    "c4": dict(frequency="0", recency="0", T="30", monetary="0", total="100.00", purchases="1",
               first_purchase="2024-03-01", last_purchase="2024-03-01", recency_days="30",
               r="4", f="1", m="4", segment="promising", tier="A"),
    "c5": dict(frequency="2", recency="2", T="81", monetary="0.25", total="0.60", purchases="3",
               first_purchase="2024-01-10", last_purchase="2024-01-12", recency_days="79",
               r="1", f="3", m="2", segment="at-risk", tier="C"),
}
REFUNDS_PARAMS = {"observation_end": "2024-03-31", "days_per_period": "1"}


def with_id(rows):
    return {cid: {**r, "customer_id": cid} for cid, r in rows.items()}


def self_check(expected):
    """The comparison finds what it must: a float a hair off, a cent, a lone tier, a day."""
    ids = sorted(expected)
    bad = {cid: dict(r) for cid, r in expected.items()}
    bad[ids[1]]["monetary"] = repr(float(bad[ids[1]]["monetary"] or 0) * (1 + 1e-11) + 1e-300)
    bad[ids[2]]["total"] = str(Decimal(bad[ids[2]]["total"]) + Decimal("0.01"))
    bad[ids[3]]["tier"] = "B" if bad[ids[3]]["tier"] != "B" else "A"
    bad[ids[4]]["last_purchase"] = "1999-01-01"
    del bad[ids[5]]
    problems, _, _, _ = compare(expected, bad)
    found = {p.split(":")[0] for p in problems}
    wanted = {f"{ids[1]} monetary", f"{ids[2]} total", "tier", f"{ids[4]} last_purchase", "customers differ"}
    report("pass" if found == wanted else "fail", "the comparison reports each kind of difference",
           f"found {sorted(found)}")


# ---- the engines -------------------------------------------------------------------------

DUCKDB = r"""
import duckdb, json, sys
table, sql = sys.argv[1], open(sys.argv[2]).read()
c = duckdb.connect()
c.execute("SET enable_progress_bar = false")  # on a busy machine it prints to stdout after 2 s
c.execute(f"CREATE TABLE transactions AS SELECT * FROM read_csv('{table}', header=true, "
          "columns={'customer_id': 'VARCHAR', 'purchased_at': 'DATE', 'amount': 'DECIMAL(12,2)'})")
rows = c.execute(sql).fetchall()
print(json.dumps({"columns": [d[0] for d in c.description], "rows": [[None if v is None else str(v) for v in r] for r in rows]}))
"""


def duckdb_query(python, table, sql):
    import json
    path = WORK / "query.sql"
    path.write_text(sql)
    out = run([str(python), "-c", DUCKDB, str(table), str(path)])
    data = json.loads(out.stdout)
    return text_rows(data["columns"], data["rows"])


def transpiled(python, sql, dialect):
    code = ("import sqlglot, sys; print(sqlglot.transpile(open(sys.argv[1]).read(), read=sys.argv[2], "
            "write='duckdb', error_level=sqlglot.ErrorLevel.RAISE)[0])")
    path = WORK / f"{dialect}.sql"
    path.write_text(sql)
    return run([str(python), "-c", code, str(path), dialect]).stdout


class Postgres:
    """A throwaway PostgreSQL cluster on a free localhost port."""

    def __init__(self):
        self.bin = self.find() or self.install()
        self.dir = Path(tempfile.mkdtemp(prefix="kundenwert-pg-"))
        self.data = self.dir / "data"
        self.as_user = []
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            user = "postgres"
            try:
                run(["id", user])
            except subprocess.CalledProcessError:
                run(["useradd", "--system", "--no-create-home", user])
            shutil.chown(self.dir, user)
            self.as_user = ["runuser", "-u", user, "--"]
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        run(self.as_user + [f"{self.bin}/initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust",
                            "--encoding=UTF8", "--no-locale"])
        run(self.as_user + [f"{self.bin}/pg_ctl", "-D", str(self.data), "-l", str(self.dir / "log"), "-w", "-o",
                            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1", "start"])

    @staticmethod
    def find():
        for pg_ctl in sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), reverse=True):
            return str(pg_ctl.parent)
        found = shutil.which("pg_ctl")
        return str(Path(found).resolve().parent) if found else None

    @staticmethod
    def install():
        """Debian's postgresql package, or LookupError saying why it cannot be had."""
        if not shutil.which("apt-get"):
            raise LookupError("no apt-get on this machine to install Debian's postgresql package")
        if os.geteuid() != 0:
            raise LookupError("apt-get install postgresql needs root (run the tests as root, or install it)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        try:
            subprocess.run(["apt-get", "update", "-qq"], check=True, capture_output=True, env=env)
            subprocess.run(["apt-get", "install", "-y", "-qq", "postgresql"], check=True, capture_output=True, env=env)
        except subprocess.CalledProcessError as e:
            raise LookupError(f"apt-get install postgresql failed: {e.stderr.decode(errors='replace').strip()[-300:]}")
        found = Postgres.find()
        if not found:
            raise LookupError("apt-get installed postgresql, but no pg_ctl was found")
        return found

    def psql(self, *args):
        return run([f"{self.bin}/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(self.port),
                    "-U", "postgres", "-d", "postgres", *args])

    def load(self, table):
        self.psql("-c", "DROP TABLE IF EXISTS transactions; "
                        "CREATE TABLE transactions (customer_id TEXT, purchased_at DATE, amount NUMERIC(12, 2))")
        self.psql("-c", f"\\copy transactions FROM '{table}' WITH (FORMAT csv, HEADER true)")

    def query(self, sql):
        path = self.dir / "query.sql"
        path.write_text(sql)
        out = self.psql("--csv", "-f", str(path))
        rows = list(csv.reader(out.stdout.splitlines()))
        return text_rows(rows[0], rows[1:])

    def stop(self):
        subprocess.run(self.as_user + [f"{self.bin}/pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop"],
                       capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)


def normalise(rows):
    """Numbers as kundenwert writes them: 35.0 -> 35, money to the cent; dates as they are."""
    out = {}
    for cid, r in rows.items():
        r = dict(r)
        for c in INTEGER:
            r[c] = str(int(Decimal(r[c])))
        r["total"] = str(Decimal(r["total"]).quantize(Decimal("0.01")))
        out[cid] = r
    return out


def main():
    print("TAP version 13")
    python = venv_python()
    binary = kundenwert_binary()
    table = cdnow_csv()
    queries = {name: (ROOT / f"sql/{name}.sql").read_text() for name in ["duckdb", "postgresql", "spark", "bigquery"]}

    for name, dialect in [("duckdb", "duckdb"), ("postgresql", "postgres"), ("spark", "spark"), ("bigquery", "bigquery")]:
        code = ("import sqlglot, sys; e = sqlglot.parse(open(sys.argv[1]).read(), read=sys.argv[2], "
                "error_level=sqlglot.ErrorLevel.RAISE); assert len(e) == 1, len(e); print(type(e[0]).__name__)")
        path = WORK / f"parse-{name}.sql"
        path.write_text(queries[name])
        try:
            kind = run([str(python), "-c", code, str(path), dialect]).stdout.strip()
            report("pass" if kind == "Select" else "fail", f"sql/{name}.sql parses as {dialect} (sqlglot)", f"one {kind}")
        except subprocess.CalledProcessError as e:
            report("fail", f"sql/{name}.sql parses as {dialect} (sqlglot)", e.stderr.strip().splitlines()[-1])

    # Skipped only where the package cannot be installed; a server that is there but will
    # not start or load is a failure.
    pg, pg_skip = None, ""
    try:
        pg = Postgres()
        pg.load(table)
    except LookupError as e:
        pg_skip = f"PostgreSQL is not installed and cannot be installed here: {e}"
    except (OSError, subprocess.CalledProcessError) as e:
        detail = (getattr(e, "stderr", "") or str(e)).strip()
        report("fail", "a throwaway PostgreSQL server starts and loads the data", detail)
        pg_skip = "PostgreSQL did not start (see the failure above)"
        if pg:
            pg.stop()
            pg = None
    try:
        for i, (case, options, params) in enumerate(CASES):
            expected = kundenwert_summary(binary, options, i)
            if i == 0:
                self_check(expected)
            check(f"DuckDB, {case}", expected, normalise(duckdb_query(python, table, with_params(queries["duckdb"], **params))))
            if pg:
                check(f"PostgreSQL, {case}", expected, normalise(pg.query(with_params(queries["postgresql"], **params))))
            else:
                report("skip", f"PostgreSQL, {case}", pg_skip)
            for name, dialect in [("spark", "spark"), ("bigquery", "bigquery")]:
                sql = transpiled(python, with_params(queries[name], **params), dialect)
                check(f"sql/{name}.sql in sqlglot's DuckDB translation, {case}", expected,
                      normalise(duckdb_query(python, table, sql)))

        expected = with_id(REFUNDS_EXPECTED)
        # kundenwert's own summary follows the same refund rule as the SQL.
        out = WORK / "kundenwert-refunds"
        run([binary, "analyze", str(REFUNDS), "--out", str(out), "--quiet", "--period-unit", "day",
             "--observation-end", REFUNDS_PARAMS["observation_end"]])
        with open(out / "customers.csv", newline="") as f:
            mine = normalise({row["customer_id"]: row for row in csv.DictReader(f)})
        check("kundenwert's own summary follows the refund rule (tests/sql/refunds.csv)", expected, mine, ("the rule", "kundenwert"))
        check("DuckDB, refunds by the rule (tests/sql/refunds.csv)", expected,
              normalise(duckdb_query(python, REFUNDS, with_params(queries["duckdb"], **REFUNDS_PARAMS))), ("the rule", "SQL"))
        if pg:
            pg.load(REFUNDS)
            check("PostgreSQL, refunds by the rule (tests/sql/refunds.csv)", expected,
                  normalise(pg.query(with_params(queries["postgresql"], **REFUNDS_PARAMS))), ("the rule", "SQL"))
        else:
            report("skip", "PostgreSQL, refunds by the rule", pg_skip)
        for name, dialect in [("spark", "spark"), ("bigquery", "bigquery")]:
            sql = transpiled(python, with_params(queries[name], **REFUNDS_PARAMS), dialect)
            check(f"sql/{name}.sql in sqlglot's DuckDB translation, refunds by the rule", expected,
                  normalise(duckdb_query(python, REFUNDS, sql)), ("the rule", "SQL"))
    finally:
        if pg:
            pg.stop()

    print(f"1..{number}")
    print(f"# pass {results['pass']}")
    print(f"# fail {results['fail']}")
    print(f"# skip {results['skip']}")
    print(f"# todo {results['todo']}")
    sys.exit(1 if results["fail"] else 0)


if __name__ == "__main__":
    main()
