"""File -> per-customer summary + RFM in the tools an analyst would otherwise pick, for the
benchmark's side-by-side comparison with kundenwert (benches/rfm.mjs runs them interleaved).

    python benches/peers/rfm.py pandas|polars|duckdb <transactions.csv>

The file is benches/generate.mjs's `customer_id,date,amount` export. Timed from the file on
disk to the scored customers (parsing included), in-process, as kundenwert is timed from the
File to its result. The conventions are kundenwert's (docs/FORMULAS.md 13-14): purchases on
one day are one purchase day; frequency = purchase days - 1; recency and T in weeks to the
last date in the file; monetary = mean of the repeat purchase days' totals (0 without); total
spend; purchases = rows; money summed exactly in integer cents, as kundenwert sums it (a float
sum's order changes from run to run in a multi-threaded engine, and with it the ties of M);
R, F, M quintile scores 1-5 with ties sharing the lower score:
1 + floor(5 * (rank_min - 1) / n), R on days since the last purchase (fewer is better), F on
purchases, M on total spend. Prints the seconds and a checksum to compare with kundenwert's.
"""
import sys
import time
from pathlib import Path

engine, path = sys.argv[1], sys.argv[2]


def checksum(frequency, recency, t, monetary, r, f, m):
    return (f"checksum frequency {frequency:.0f} recency {recency:.4f} T {t:.4f} "
            f"monetary {monetary:.4f} r {r} f {f} m {m}")


def run_pandas():
    import numpy as np
    import pandas as pd
    t0 = time.perf_counter()
    df = pd.read_csv(path, usecols=["customer_id", "date", "amount"], parse_dates=["date"], date_format="%Y-%m-%d",
                     dtype={"customer_id": str})
    end = df["date"].max()
    df["amount"] = (df["amount"] * 100).round().astype("int64")
    days = df.groupby(["customer_id", "date"], sort=False, as_index=False)["amount"].sum()
    g = days.groupby("customer_id", sort=False)
    first = g["date"].transform("min")
    days["repeat"] = np.where(days["date"] > first, days["amount"], 0)
    c = g.agg(first=("date", "min"), last=("date", "max"), days=("date", "size"), total=("amount", "sum"),
              repeat=("repeat", "sum"))
    c["purchases"] = df.groupby("customer_id", sort=False).size()
    c["frequency"] = c["days"] - 1
    c["recency"] = (c["last"] - c["first"]).dt.days / 7
    c["T"] = (end - c["first"]).dt.days / 7
    c["monetary"] = np.where(c["frequency"] > 0, c["repeat"] / 100 / c["frequency"].where(c["frequency"] > 0, 1), 0.0)
    recency_days = (end - c["last"]).dt.days
    n = len(c)
    c["r"] = 1 + (5 * (recency_days.rank(method="min", ascending=False) - 1) // n).astype(int)
    c["f"] = 1 + (5 * (c["purchases"].rank(method="min") - 1) // n).astype(int)
    c["m"] = 1 + (5 * (c["total"].rank(method="min") - 1) // n).astype(int)
    seconds = time.perf_counter() - t0
    return (f"pandas {pd.__version__}", len(df), n, seconds,
            checksum(c["frequency"].sum(), c["recency"].sum(), c["T"].sum(), c["monetary"].sum(),
                     c["r"].sum(), c["f"].sum(), c["m"].sum()))


def run_polars():
    import polars as pl
    t0 = time.perf_counter()
    lf = pl.scan_csv(path, schema={"customer_id": pl.String, "date": pl.Date, "amount": pl.Float64})
    end = lf.select(pl.col("date").max()).collect().item()
    cents = (pl.col("amount") * 100).round().cast(pl.Int64)
    days = lf.group_by("customer_id", "date").agg(cents.sum().alias("amount"), pl.len().alias("rows"))
    c = (days.group_by("customer_id")
         .agg(first=pl.col("date").min(), last=pl.col("date").max(), days=pl.len(),
              total=pl.col("amount").sum(), purchases=pl.col("rows").sum(),
              first_amount=pl.col("amount").sort_by("date").first())
         .with_columns(frequency=pl.col("days") - 1)
         .with_columns(
             recency=(pl.col("last") - pl.col("first")).dt.total_days() / 7,
             T=(pl.lit(end) - pl.col("first")).dt.total_days() / 7,
             monetary=pl.when(pl.col("frequency") > 0)
             .then((pl.col("total") - pl.col("first_amount")) / 100 / pl.col("frequency")).otherwise(0.0),
             recency_days=(pl.lit(end) - pl.col("last")).dt.total_days()))
    n = pl.len()
    score = lambda e: (1 + (5 * (e - 1)) // n).cast(pl.Int64)
    c = c.with_columns(
        r=score(pl.col("recency_days").rank("min", descending=True)),
        f=score(pl.col("purchases").rank("min")),
        m=score(pl.col("total").rank("min"))).collect()
    seconds = time.perf_counter() - t0
    rows = int(c["purchases"].sum())
    return (f"polars {pl.__version__}", rows, c.height, seconds,
            checksum(c["frequency"].sum(), c["recency"].sum(), c["T"].sum(), c["monetary"].sum(),
                     c["r"].sum(), c["f"].sum(), c["m"].sum()))


SQL = (Path(__file__).parent / "rfm.sql").read_text()


def run_duckdb():
    import duckdb
    t0 = time.perf_counter()
    con = duckdb.connect()
    n, rows, frequency, recency, t, monetary, r, f, m = con.execute(SQL.replace("{path}", path)).fetchone()
    seconds = time.perf_counter() - t0
    return (f"duckdb {duckdb.__version__}", int(rows), n, seconds,
            checksum(frequency, recency, t, monetary, int(r), int(f), int(m)))


name, rows, customers, seconds, check = {"pandas": run_pandas, "polars": run_polars, "duckdb": run_duckdb}[engine]()
import resource
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{name}: {rows} rows, {customers} customers in {seconds:.3f} s, peak {peak:.0f} MB")
print(check)
