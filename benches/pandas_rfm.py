"""The same per-customer summary and RFM in pandas, for the benchmark's comparison.

    python benches/pandas_rfm.py <transactions.csv>

Reads the file (parsing included in the time), then per customer: frequency (distinct purchase
days - 1), recency and T in weeks, monetary value of the repeat purchases, total spend and
number of purchases, and RFM quintile scores with ties sharing a score. Prints the seconds and
a checksum of the results to compare with kundenwert's.
"""
import sys
import time

import numpy as np
import pandas as pd

path = sys.argv[1]
t0 = time.perf_counter()
df = pd.read_csv(path, usecols=["customer_id", "date", "amount"], parse_dates=["date"], date_format="%Y-%m-%d")
end = df["date"].max()
# one row per customer and purchase day
days = df.groupby(["customer_id", "date"], sort=False, as_index=False)["amount"].sum()
g = days.groupby("customer_id", sort=False)
first = g["date"].transform("min")
days["repeat"] = np.where(days["date"] > first, days["amount"], 0.0)
c = g.agg(first=("date", "min"), last=("date", "max"), days=("date", "size"), total=("amount", "sum"), repeat=("repeat", "sum"))
c["purchases"] = df.groupby("customer_id", sort=False).size()
c["frequency"] = c["days"] - 1
c["recency"] = (c["last"] - c["first"]).dt.days / 7
c["T"] = (end - c["first"]).dt.days / 7
c["monetary"] = np.where(c["frequency"] > 0, c["repeat"] / c["frequency"].where(c["frequency"] > 0, 1), 0.0)
recency_days = (end - c["last"]).dt.days
n = len(c)
# quintiles with ties sharing a score: 1 + floor(5 * (values worse) / n)
c["r"] = 1 + (5 * (recency_days.rank(method="min", ascending=False) - 1) // n).astype(int)
c["f"] = 1 + (5 * (c["purchases"].rank(method="min") - 1) // n).astype(int)
c["m"] = 1 + (5 * (c["total"].rank(method="min") - 1) // n).astype(int)
seconds = time.perf_counter() - t0
print(f"pandas {pd.__version__}: {len(df)} rows, {n} customers in {seconds:.3f} s")
print(f"checksum frequency {c['frequency'].sum():.0f} recency {c['recency'].sum():.4f} T {c['T'].sum():.4f} "
      f"monetary {c['monetary'].sum():.4f} r {c['r'].sum()} f {c['f'].sum()} m {c['m'].sum()}")
