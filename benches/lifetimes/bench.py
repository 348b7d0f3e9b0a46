"""Time lifetimes 0.11.3's BG/NBD and Pareto/NBD fits on CDNOW data of three sizes.

    target/lifetimes-venv/bin/python benches/lifetimes/bench.py \
        [--sample tests/fixtures/CDNOW_sample.txt] [--master tests/fixtures/CDNOW_master.txt] \
        [--runs 3] [--replicate 10] [--out FILE]

Datasets (summaries are built before timing, with lifetimes' summary_data_from_transaction_data,
freq='D', recency and T divided by 7):
  sample       the 1/10 sample, calibration end 1997-09-30 (2,357 customers)
  master       the full master file, observation end 1998-06-30 (23,570 customers)
  master_x10   the master summary concatenated --replicate times (235,700 customers)
Each fit runs --runs times; the median wall time (time.perf_counter) is reported. Pareto/NBD is
seeded with np.random.seed(0) before every run (lifetimes draws its start values at random).
scipy.optimize.minimize is wrapped (no extra work) to record whether the optimizer reported
success. Prints one JSON line on stdout (and writes it to --out if given); progress on stderr.
Runs everything sequentially in one process.
"""
import argparse
import json
import platform
import statistics
import sys
import time
import warnings
from pathlib import Path

warnings.simplefilter("ignore")

import lifetimes
import lifetimes.fitters as lf_base
import lifetimes.fitters.pareto_nbd_fitter as lf_pnbd
import numpy as np
import pandas as pd
import scipy
from lifetimes import BetaGeoFitter, ParetoNBDFitter
from lifetimes.utils import ConvergenceError, summary_data_from_transaction_data

ROOT = Path(__file__).resolve().parents[2]
LAST_OPT = {}


def _wrap(module):
    orig = module.minimize

    def minimize(*a, **k):
        res = orig(*a, **k)
        LAST_OPT.update(success=bool(res.success), message=str(res.message), nit=int(getattr(res, "nit", -1)),
                        nfev=int(getattr(res, "nfev", -1)))
        return res

    module.minimize = minimize


_wrap(lf_base)
_wrap(lf_pnbd)


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def weeks(summary):
    summary = summary.copy()
    summary["recency"] /= 7.0
    summary["T"] /= 7.0
    return summary


def load_sample(path):
    tx = pd.read_csv(path, sep=r"\s+", header=None, names=["master_id", "sample_id", "date", "cds", "amount"],
                     dtype={"master_id": str, "date": str})
    tx["date"] = pd.to_datetime(tx["date"], format="%Y%m%d")
    tx = tx[tx["date"] <= pd.Timestamp("1997-09-30")]
    return weeks(summary_data_from_transaction_data(tx, "sample_id", "date",
                                                    observation_period_end="1997-09-30", freq="D"))


def load_master(path):
    tx = pd.read_csv(path, sep=r"\s+", dtype={"customer_id": str, "date": str})
    tx["date"] = pd.to_datetime(tx["date"], format="%Y%m%d")
    return weeks(summary_data_from_transaction_data(tx, "customer_id", "date",
                                                    observation_period_end="1998-06-30", freq="D"))


def bench(model, s, runs):
    f, r, T = s["frequency"].values, s["recency"].values, s["T"].values
    times, fitter, status = [], None, {}
    for i in range(runs):
        LAST_OPT.clear()
        if model == "pareto_nbd":
            np.random.seed(0)
            fitter = ParetoNBDFitter()
        else:
            fitter = BetaGeoFitter()
        t0 = time.perf_counter()
        try:
            fitter.fit(f, r, T)
            err = None
        except ConvergenceError as e:  # BG/NBD raises when scipy reports failure
            err = "ConvergenceError: " + " ".join(str(e).split())
        times.append(time.perf_counter() - t0)
        status = dict(LAST_OPT, error=err)
        log(f"  {model} run {i + 1}/{runs}: {times[-1]:.3f} s  {status}")
        if err:
            break
    res = {"seconds_median": statistics.median(times), "seconds_runs": times, "optimizer": status}
    if status.get("error") is None:
        res["params"] = {k: float(v) for k, v in fitter.params_.items()}
        nll = float(fitter._negative_log_likelihood_)
        res["lifetimes_negative_log_likelihood_attr"] = nll
        if model == "pareto_nbd":
            res["log_likelihood_sum_weeks"] = float(ParetoNBDFitter._conditional_log_likelihood(
                [res["params"][k] for k in ["r", "alpha", "s", "beta"]], f, r, T).sum())
        else:
            p = res["params"]
            res["log_likelihood_sum_weeks"] = float(-BetaGeoFitter._negative_log_likelihood(
                np.log([p["r"], p["alpha"], p["a"], p["b"]]), f, r, T, np.ones_like(r, dtype=int), 0.0) * len(r))
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", default=str(ROOT / "tests/fixtures/CDNOW_sample.txt"))
    ap.add_argument("--master", default=str(ROOT / "tests/fixtures/CDNOW_master.txt"))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--replicate", type=int, default=10)
    ap.add_argument("--out", default=None)
    args = ap.parse_args()

    log("building summaries (not timed)")
    sample = load_sample(args.sample)
    master = load_master(args.master)
    big = pd.concat([master] * args.replicate, ignore_index=True)
    datasets = {"sample": sample, "master": master, f"master_x{args.replicate}": big}

    result = {"tool": "lifetimes", "lifetimes": lifetimes.__version__, "python": platform.python_version(),
              "numpy": np.__version__, "pandas": pd.__version__, "scipy": scipy.__version__,
              "runs": args.runs, "statistic": "median wall seconds of the fit call", "datasets": {}}
    for name, s in datasets.items():
        log(f"{name}: {len(s)} customers")
        entry = {"customers": int(len(s)), "sum_frequency": float(s["frequency"].sum()),
                 "sum_recency": float(s["recency"].sum()), "sum_T": float(s["T"].sum())}
        for model in ["bg_nbd", "pareto_nbd"]:
            entry[model] = bench(model, s, args.runs)
        result["datasets"][name] = entry
    line = json.dumps(result)
    print(line)
    if args.out:
        Path(args.out).write_text(line + "\n")


if __name__ == "__main__":
    main()
