"""lifetimes 0.11.3 as a user who knows it best would run it on CDNOW master x10: one row per
distinct history with its count (`weights=`), the fastest way lifetimes fits; then every
per-customer prediction, vectorised numpy over all customers, as lifetimes computes them.

    target/lifetimes-venv/bin/python benches/lifetimes/weighted.py [--runs 5] [--replicate 10]

Summaries are built first and not timed (as in bench.py: freq='D', recency and T in weeks, to
1998-06-30). Timed, median wall seconds of --runs (after one warm-up):
  fits       BG/NBD, Pareto/NBD (np.random.seed(0) first), Gamma-Gamma, each with weights=
             (Gamma-Gamma on the repeat buyers with a positive mean spend, grouped by frequency
             and monetary value)
  predictions over all customers at the fitted parameters: P(alive) (BG/NBD), expected
             purchases in 52 weeks (BG/NBD), P(2 purchases in 52 weeks) (BG/NBD, per
             customer-free as lifetimes defines it), expected spend (Gamma-Gamma), 12-month
             CLV (lifetimes.utils' customer_lifetime_value over BG/NBD and Gamma-Gamma,
             monthly discount 0.01, freq='W').
Prints one JSON line on stdout; progress on stderr.
"""
import argparse
import json
import statistics
import sys
import time
import warnings
from pathlib import Path

warnings.simplefilter("ignore")

import lifetimes
import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter, ParetoNBDFitter
from lifetimes.utils import summary_data_from_transaction_data

ROOT = Path(__file__).resolve().parents[2]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# The predictions of one number (a new customer's): timed this many calls at a time.
CALLS = {"probability_of_purchases": 1000}


def timed(f, runs, calls=1):
    """f once as a warm-up, then runs times; with calls, each time is of that many calls in a
    row, divided by them (a call of microseconds, as benches/models-run.mjs times it too)."""
    f()  # warm-up
    times = []
    out = None
    for _ in range(runs):
        t0 = time.perf_counter()
        for _ in range(calls):
            out = f()
        times.append((time.perf_counter() - t0) / calls)
    return statistics.median(times), min(times), max(times), out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--master", default=str(ROOT / "tests/fixtures/CDNOW_master.txt"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--replicate", type=int, default=10)
    args = ap.parse_args()

    tx = pd.read_csv(args.master, sep=r"\s+", dtype={"customer_id": str, "date": str})
    tx["date"] = pd.to_datetime(tx["date"], format="%Y%m%d")
    s = summary_data_from_transaction_data(tx, "customer_id", "date", monetary_value_col="dollar_value",
                                           observation_period_end="1998-06-30", freq="D")
    s["recency"] /= 7.0
    s["T"] /= 7.0
    big = pd.concat([s] * args.replicate, ignore_index=True)
    hist = big.groupby(["frequency", "recency", "T"]).size().reset_index(name="weights")
    repeat = big[(big["frequency"] > 0) & (big["monetary_value"] > 0)]  # as kundenwert: repeat buyers with spend
    spend = repeat.groupby(["frequency", "monetary_value"]).size().reset_index(name="weights")
    log(f"master x{args.replicate}: {len(big)} customers, {len(hist)} distinct histories, {len(spend)} distinct spend histories")
    f, r, T, m = (big[k].values for k in ["frequency", "recency", "T", "monetary_value"])
    result = {"tool": "lifetimes", "lifetimes": lifetimes.__version__, "numpy": np.__version__, "customers": len(big),
              "distinct_histories": len(hist), "runs": args.runs, "fits": {}, "predictions": {}}

    def fit_bg():
        return BetaGeoFitter().fit(hist["frequency"], hist["recency"], hist["T"], weights=hist["weights"])

    def fit_pnbd():
        np.random.seed(0)
        return ParetoNBDFitter().fit(hist["frequency"], hist["recency"], hist["T"], weights=hist["weights"])

    def fit_gg():
        return GammaGammaFitter().fit(spend["frequency"], spend["monetary_value"], weights=spend["weights"])

    fitted = {}
    for name, fit in [("bg_nbd", fit_bg), ("pareto_nbd", fit_pnbd), ("gamma_gamma", fit_gg)]:
        med, lo, hi, model = timed(fit, args.runs)
        fitted[name] = model
        result["fits"][name] = {"seconds_median": med, "seconds_min": lo, "seconds_max": hi,
                                "params": {k: float(v) for k, v in model.params_.items()}}
        log(f"  fit {name}: {med:.3f} s")
    bg, gg = fitted["bg_nbd"], fitted["gamma_gamma"]
    predictions = {
        "probability_alive": lambda: bg.conditional_probability_alive(f, r, T),
        "expected_purchases": lambda: bg.conditional_expected_number_of_purchases_up_to_time(52, f, r, T),
        "probability_of_purchases": lambda: bg.probability_of_n_purchases_up_to_time(52, 2),
        "expected_spend": lambda: gg.conditional_expected_average_profit(f, m),
        "clv": lambda: gg.customer_lifetime_value(bg, big["frequency"], big["recency"], big["T"], big["monetary_value"],
                                                  time=12, discount_rate=0.01, freq="W"),
    }
    for name, p in predictions.items():
        med, lo, hi, values = timed(p, args.runs, CALLS.get(name, 1))
        values = np.asarray(values, dtype=float)
        result["predictions"][name] = {"seconds_median": med, "seconds_min": lo, "seconds_max": hi,
                                       "sum": float(np.nansum(values)), "first": float(values.ravel()[0])}
        log(f"  predict {name}: {med * 1000:.1f} ms")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
