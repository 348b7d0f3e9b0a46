"""Reference values from lifetimes 0.11.3 for the CDNOW 1/10 sample (39-week calibration).

    target/lifetimes-venv/bin/python benches/lifetimes/reference.py \
        [--sample tests/fixtures/CDNOW_sample.txt] \
        [--out tests/fixtures/models/cdnow_sample_lifetimes.json]

Writes one JSON fixture with:
  * the per-customer summary checksums (computed with plain pandas, and compared with
    lifetimes' summary_data_from_transaction_data and lifetimes' bundled CDNOW summary),
  * BG/NBD, Pareto/NBD and Gamma-Gamma fits (parameters, standard errors where lifetimes
    gives them, log-likelihoods in both lifetimes' and the papers' conventions),
  * per-customer predictions for a fixed set of sample ids,
  * model-level expectations and the BG/NBD pmf,
  * the calibration/holdout comparison (weeks 1-39 vs 40-78),
  * the published values (with citations) for comparison.

Everything is deterministic: BG/NBD and Gamma-Gamma start from lifetimes' fixed initial values,
Pareto/NBD starts from np.random.normal(1, 0.05, 4) after np.random.seed(PARETO_SEED).
Provenance of every number: tests/fixtures/models/README.md.
"""
import argparse
import json
import math
import platform
import sys
import warnings
from pathlib import Path

warnings.simplefilter("ignore")  # lifetimes/pandas FutureWarnings and RuntimeWarnings from hyp2f1

import importlib.metadata
import lifetimes
import numpy as np
import pandas as pd
import scipy
from scipy.optimize import minimize
from lifetimes import BetaGeoFitter, GammaGammaFitter, ParetoNBDFitter
from lifetimes.datasets import load_cdnow_summary, load_cdnow_summary_data_with_monetary_value
from lifetimes.utils import calibration_and_holdout_data, summary_data_from_transaction_data

ROOT = Path(__file__).resolve().parents[2]
CALIBRATION_END = "1997-09-30"
OBSERVATION_END = "1998-06-30"
PARETO_SEED = 0
PREDICTION_T = 39.0
# Chosen sample ids (second column of CDNOW_sample.txt), spanning low to high frequency:
#   3: x=0, first purchase 1997-01-01;  2353: x=0, first purchase 1997-03-25 (T = 27 weeks);
#   2: x=1, recency 1.71;  1: x=2, the customer of Hardie's BG/NBD spreadsheet example;
#   19: x=3;  129: x=4 with recency 7.57 (probably gone);  11: x=5;  6: x=7;  17: x=10;
#   1901: x=21 but last purchase in week 4.7 (P(alive) near 0);  1516: x=26 (BTYD vignette
#   example);  157: x=29 (the highest frequency in the sample).
CHOSEN_IDS = [3, 2353, 2, 1, 19, 129, 11, 6, 17, 1901, 1516, 157]


def read_sample(path):
    tx = pd.read_csv(path, sep=r"\s+", header=None,
                     names=["master_id", "sample_id", "date", "cds", "amount"],
                     dtype={"master_id": str, "date": str})
    tx["date"] = pd.to_datetime(tx["date"], format="%Y%m%d")
    return tx


def own_summary(tx, id_col, end):
    """frequency / recency / T / monetary in plain pandas (no lifetimes)."""
    end = pd.Timestamp(end)
    tx = tx[tx["date"] <= end]
    days = tx.groupby([id_col, "date"], as_index=False)["amount"].sum()
    first = days.groupby(id_col)["date"].transform("min")
    days["repeat_amount"] = np.where(days["date"] > first, days["amount"], np.nan)
    g = days.groupby(id_col)
    c = pd.DataFrame({
        "first": g["date"].min(),
        "last": g["date"].max(),
        "days": g["date"].size(),
        "repeat_mean": g["repeat_amount"].mean(),  # NaN when no repeat day
    })
    out = pd.DataFrame(index=c.index)
    out["frequency"] = (c["days"] - 1).astype(float)
    out["recency"] = (c["last"] - c["first"]).dt.days / 7.0
    out["T"] = (end - c["first"]).dt.days / 7.0
    out["monetary_value"] = c["repeat_mean"].fillna(0.0)
    return out.sort_index()


def f(x):
    """float for JSON (None for nan/inf)."""
    x = float(x)
    return x if math.isfinite(x) else None


def checksums(s):
    return {
        "n_customers": int(len(s)),
        "n_repeat_buyers": int((s["frequency"] > 0).sum()),
        "sum_frequency": f(s["frequency"].sum()),
        "sum_recency_weeks": f(s["recency"].sum()),
        "sum_T_weeks": f(s["T"].sum()),
        "sum_monetary": f(s["monetary_value"].sum()),
    }


def compare_to_bundled(s):
    """lifetimes ships the same summary rounded to 2 decimals (columns ID,x,t_x,T,zbar)."""
    b = load_cdnow_summary(index_col=[0])
    bm = load_cdnow_summary_data_with_monetary_value()
    res = {"files": ["lifetimes/datasets/cdnow_customers_summary.csv",
                     "lifetimes/datasets/cdnow_customers_summary_with_transactions.csv"],
           "same_ids": bool(b.index.equals(s.index) and bm.index.equals(s.index))}
    for ours, theirs, col in [("frequency", b, "frequency"), ("recency", b, "recency"),
                              ("T", b, "T"), ("monetary_value", bm, "monetary_value")]:
        d = (s[ours] - theirs[col].reindex(s.index)).abs()
        # count values whose 2-decimal rounding (either tie direction) differs from the file
        up = np.floor(s[ours] * 100 + 0.5 + 1e-9) / 100
        down = np.ceil(s[ours] * 100 - 0.5 - 1e-9) / 100
        t = theirs[col].reindex(s.index)
        mismatch = ~((np.abs(up - t) < 1e-9) | (np.abs(down - t) < 1e-9))
        res[ours] = {"max_abs_diff": f(d.max()), "exactly_equal": bool((d == 0).all()),
                     "n_not_equal_to_our_value_rounded_to_2_decimals": int(mismatch.sum())}
    res["sum_in_bundled_files"] = {
        "frequency": f(b["frequency"].sum()), "recency": f(b["recency"].sum()),
        "T": f(b["T"].sum()), "monetary_value": f(bm["monetary_value"].sum())}
    return res


def bg_ll_weeks(params, fr, rec, T):
    """Sum over customers of the BG/NBD log-likelihood with time in weeks (FHL 2005 eq. 6)."""
    w = np.ones_like(rec, dtype=int)
    return -BetaGeoFitter._negative_log_likelihood(
        np.log([params["r"], params["alpha"], params["a"], params["b"]]), fr, rec, T, w, 0.0) * len(rec)


def pnbd_ll_weeks(params, fr, rec, T):
    return float(ParetoNBDFitter._conditional_log_likelihood(
        [params["r"], params["alpha"], params["s"], params["beta"]], fr, rec, T).sum())


def numerical_se(ll, params_vec, h=1e-4):
    """Standard errors from a central-difference Hessian of ll in log-parameter space (delta method)."""
    th = np.log(np.asarray(params_vec, dtype=float))
    k = len(th)
    H = np.zeros((k, k))
    for i in range(k):
        for j in range(k):
            def at(di, dj):
                t = th.copy()
                t[i] += di
                t[j] += dj
                return ll(np.exp(t))
            H[i, j] = (at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4 * h * h)
    cov_log = np.linalg.inv(-H)
    return np.sqrt(np.diag(cov_log)) * np.exp(th)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sample", default=str(ROOT / "tests/fixtures/CDNOW_sample.txt"))
    ap.add_argument("--out", default=str(ROOT / "tests/fixtures/models/cdnow_sample_lifetimes.json"))
    args = ap.parse_args()

    tx = read_sample(args.sample)
    out = {
        "generated_by": "benches/lifetimes/reference.py",
        "environment": {"python": platform.python_version(), "lifetimes": lifetimes.__version__,
                        "numpy": np.__version__, "pandas": pd.__version__, "scipy": scipy.__version__,
                        "autograd": importlib.metadata.version("autograd")},
        "data": {
            "file": "tests/fixtures/CDNOW_sample.txt",
            "rows": int(len(tx)), "customers": int(tx["sample_id"].nunique()),
            "customer_id": "sample id (2nd column, 1..2357)",
            "calibration_end": CALIBRATION_END, "observation_end": OBSERVATION_END,
            "rows_in_calibration": int((tx["date"] <= pd.Timestamp(CALIBRATION_END)).sum()),
            "rows_with_zero_amount": int((tx["amount"] == 0).sum()),
        },
    }

    # ---------------------------------------------------------------- summary
    s = own_summary(tx, "sample_id", CALIBRATION_END)
    cal_tx = tx[tx["date"] <= pd.Timestamp(CALIBRATION_END)]
    lt = summary_data_from_transaction_data(cal_tx, "sample_id", "date", monetary_value_col="amount",
                                            observation_period_end=CALIBRATION_END, freq="D")
    lt["recency"] /= 7.0
    lt["T"] /= 7.0
    lt = lt.sort_index()
    diff = {c: f((s[c] - lt[c]).abs().max()) for c in ["frequency", "recency", "T", "monetary_value"]}
    out["summary"] = {
        "definition": {
            "frequency": "distinct purchase days - 1",
            "recency": "(last purchase day - first purchase day) / 7, weeks",
            "T": "(1997-09-30 - first purchase day) / 7, weeks",
            "monetary_value": "mean over repeat purchase days (days after the first) of the day's summed "
                              "dollar_value; 0 when frequency is 0",
            "rows": "rows dated after 1997-09-30 are excluded",
        },
        "checksums": checksums(s),
        "frequency_histogram": {str(int(k)): int(v) for k, v in s["frequency"].value_counts().sort_index().items()},
        "n_repeat_buyers_with_monetary_gt_0": int(((s["frequency"] > 0) & (s["monetary_value"] > 0)).sum()),
        "vs_lifetimes_summary_data_from_transaction_data": {
            "call": "summary_data_from_transaction_data(tx[tx.date <= '1997-09-30'], 'sample_id', 'date', "
                    "monetary_value_col='amount', observation_period_end='1997-09-30', freq='D'); "
                    "recency /= 7; T /= 7",
            "max_abs_diff": diff,
            "same_ids": bool(lt.index.equals(s.index)),
            "frequency_recency_T_bitwise_identical": bool(diff["frequency"] == 0 and diff["recency"] == 0
                                                          and diff["T"] == 0),
            "monetary_equal_within_1e-12": bool(diff["monetary_value"] < 1e-12),
            "monetary_note": "means summed in a different order; the difference is floating-point rounding",
        },
        "vs_lifetimes_bundled_cdnow_summary": compare_to_bundled(s),
    }

    fr, rec, T, mon = (s["frequency"].values, s["recency"].values, s["T"].values, s["monetary_value"].values)
    N = len(s)

    # ---------------------------------------------------------------- BG/NBD
    bgf = BetaGeoFitter(penalizer_coef=0.0).fit(fr, rec, T)
    bg = {k: float(v) for k, v in bgf.params_.items()}
    bg_ll = bg_ll_weeks(bg, fr, rec, T)
    summ = bgf.summary
    bg_mean_nll_scaled = float(bgf._negative_log_likelihood_)
    out["bg_nbd"] = {
        "call": "BetaGeoFitter(penalizer_coef=0.0).fit(frequency, recency, T)",
        "fit_details": "lifetimes defaults: log-parameters start at 0.1 each, scipy.optimize.minimize(method=None "
                       "i.e. BFGS, jac from autograd, tol=1e-7); recency and T are multiplied by "
                       "_scale = 1/max(T) before fitting and alpha is divided by _scale afterwards; "
                       "lifetimes raises ConvergenceError unless the optimizer reports success",
        "params": bg,
        "summary_table": {p: {"coef": f(summ.loc[p, "coef"]), "se": f(summ.loc[p, "se(coef)"]),
                              "lower_95": f(summ.loc[p, "lower 95% bound"]),
                              "upper_95": f(summ.loc[p, "upper 95% bound"])} for p in summ.index},
        "summary_table_note": "se = sqrt(diag(params^2 * inv(Hessian of the mean negative LL in "
                              "log-parameter space) / N)) (delta method); bounds = coef +- 1.96 se",
        "log_likelihood": {
            "sum_over_customers_weeks": f(bg_ll),
            "sum_over_customers_weeks_how": "-BetaGeoFitter._negative_log_likelihood(log([r, alpha, a, b]), "
                                            "frequency, recency, T, weights=1, penalizer=0) * N, time in weeks; "
                                            "this is the number comparable with FHL 2005 (-9582.4)",
            "lifetimes_negative_log_likelihood_attr": bg_mean_nll_scaled,
            "lifetimes_attr_meaning": "bgf._negative_log_likelihood_ = -(1/N) * sum_i LL_i evaluated on the "
                                      "SCALED data (recency*_scale, T*_scale) at the scaled alpha; a MEAN per "
                                      "customer, not a sum, and not in weeks",
            "lifetimes_sum_scaled": f(-bg_mean_nll_scaled * N),
            "time_scale": f(bgf._scale),
            "max_T_weeks": f(T.max()),
            "relation": "sum_scaled = sum_weeks + sum(frequency) * ln(max_T_weeks)",
            "relation_residual": f(-bg_mean_nll_scaled * N - (bg_ll + fr.sum() * math.log(T.max()))),
            "n_customers": N,
        },
    }
    bg_exp = {str(int(t)): f(bgf.expected_number_of_purchases_up_to_time(t)) for t in [39, 78]}
    hardie_times = [0.1429, 1.0, 3.0, 31.8571, 32.0, 78.0]
    pmf = {str(n): f(bgf.probability_of_n_purchases_up_to_time(PREDICTION_T, n)) for n in [0, 1, 2]}
    pmf_all = [bgf.probability_of_n_purchases_up_to_time(PREDICTION_T, n) for n in range(0, 120)]
    out["bg_nbd"]["expected_number_of_purchases_up_to_time"] = bg_exp
    out["bg_nbd"]["expected_number_of_purchases_up_to_time_note"] = (
        "bgf.expected_number_of_purchases_up_to_time(t): E[X(t)] for a randomly chosen customer, "
        "t weeks after the first purchase (FHL 2005 eq. 9)")
    out["bg_nbd"]["expected_number_of_purchases_at_hardie_spreadsheet_times"] = {
        repr(t): f(bgf.expected_number_of_purchases_up_to_time(t)) for t in hardie_times}
    out["bg_nbd"]["probability_of_n_purchases_up_to_time_39"] = pmf
    out["bg_nbd"]["probability_of_n_purchases_note"] = (
        "bgf.probability_of_n_purchases_up_to_time(39, n) is the UNCONDITIONAL P(X(39) = n | r, alpha, a, b) "
        "of FHL 2005 eq. 8: the number of repeat purchases in the first 39 weeks of a randomly chosen NEW "
        "customer. It takes no customer history, so it is the same for every customer.")
    out["bg_nbd"]["pmf_checks"] = {
        "sum_n_0_to_119": f(sum(pmf_all)),
        "mean_n_0_to_119": f(sum(n * p for n, p in enumerate(pmf_all))),
        "expected_number_of_purchases_up_to_time_39": bg_exp["39"],
    }

    # ---------------------------------------------------------------- Pareto/NBD
    scale = 1.0 / T.max()
    np.random.seed(PARETO_SEED)
    x0 = np.random.normal(1.0, scale=0.05, size=4)
    diag = minimize(ParetoNBDFitter._negative_log_likelihood, method="Nelder-Mead", tol=1e-4, x0=x0,
                    args=(fr, rec * scale, T * scale, np.ones(N, dtype=np.int64), 0.0),
                    options={"disp": False, "maxiter": 2000})
    np.random.seed(PARETO_SEED)
    pnf = ParetoNBDFitter(penalizer_coef=0.0).fit(fr, rec, T)
    pn = {k: float(v) for k, v in pnf.params_.items()}
    pn_ll = pnbd_ll_weeks(pn, fr, rec, T)
    pn_nll_scaled = float(pnf._negative_log_likelihood_)
    # own refinement: same likelihood (lifetimes' _conditional_log_likelihood), time in weeks
    neg = lambda lp: -pnbd_ll_weeks(dict(zip(["r", "alpha", "s", "beta"], np.exp(lp))), fr, rec, T)
    ref = minimize(neg, np.log([pn["r"], pn["alpha"], pn["s"], pn["beta"]]), method="Nelder-Mead",
                   options={"xatol": 1e-10, "fatol": 1e-10, "maxiter": 20000, "maxfev": 40000})
    pn_ref = dict(zip(["r", "alpha", "s", "beta"], map(float, np.exp(ref.x))))
    pn_se = numerical_se(lambda p: pnbd_ll_weeks(dict(zip(["r", "alpha", "s", "beta"], p)), fr, rec, T),
                         [pn_ref[k] for k in ["r", "alpha", "s", "beta"]])
    out["pareto_nbd"] = {
        "call": f"np.random.seed({PARETO_SEED}); ParetoNBDFitter(penalizer_coef=0.0).fit(frequency, recency, T)",
        "fit_details": "lifetimes defaults: iterative_fitting=1, start = np.random.normal(1.0, 0.05, 4) (raw "
                       "parameters, not logs), scipy.optimize.minimize(method='Nelder-Mead', tol=1e-4, "
                       "options={'maxiter': 2000}) on the scaled data (recency*_scale, T*_scale, "
                       "_scale = 1/max(T)); alpha and beta divided by _scale afterwards. lifetimes does not "
                       "check the optimizer's success flag and computes no standard errors (_hessian_ = None).",
        "params": pn,
        "optimizer": {"start_x0_scaled": [float(v) for v in x0], "success": bool(diag.success),
                      "message": str(diag.message), "nit": int(diag.nit), "nfev": int(diag.nfev),
                      "same_result_as_fit": bool(np.allclose(diag.x[[0, 2]], [pn["r"], pn["s"]], rtol=0, atol=0)
                                                 and np.isclose(diag.x[1] / scale, pn["alpha"], rtol=1e-15)
                                                 and np.isclose(diag.x[3] / scale, pn["beta"], rtol=1e-15)),
                      "how": "the same minimize call as lifetimes' ParetoNBDFitter._fit, repeated with the same "
                             "seed to read the optimizer's diagnostics"},
        "log_likelihood": {
            "sum_over_customers_weeks": f(pn_ll),
            "sum_over_customers_weeks_how": "ParetoNBDFitter._conditional_log_likelihood([r, alpha, s, beta], "
                                            "frequency, recency, T).sum(), time in weeks; comparable with "
                                            "FHL 2005 (-9595.0)",
            "lifetimes_negative_log_likelihood_attr": pn_nll_scaled,
            "lifetimes_attr_meaning": "pnf._negative_log_likelihood_ = -sum_i(w_i * LL_i) / mean(w) on the SCALED "
                                      "data; with unit weights this is the SUM over customers (unlike BG/NBD and "
                                      "Gamma-Gamma, whose attribute is a mean), but not in weeks",
            "time_scale": f(scale),
            "relation": "lifetimes_attr = -(sum_weeks + sum(frequency) * ln(max_T_weeks))",
            "relation_residual": f(pn_nll_scaled + (pn_ll + fr.sum() * math.log(T.max()))),
        },
        "refined_own_scipy": {
            "what": "NOT lifetimes' result: our own scipy Nelder-Mead (xatol=fatol=1e-10) on the same likelihood "
                    "(lifetimes' _conditional_log_likelihood, weeks), in log-parameters, started at lifetimes' "
                    "estimate; standard errors from a central-difference Hessian (step 1e-4 in log-parameters) "
                    "and the delta method",
            "params": pn_ref,
            "log_likelihood_sum_weeks": f(-ref.fun),
            "standard_errors": dict(zip(["r", "alpha", "s", "beta"], map(float, pn_se))),
            "success": bool(ref.success), "nit": int(ref.nit),
        },
        "expected_number_of_purchases_up_to_time": {
            str(int(t)): f(pnf.expected_number_of_purchases_up_to_time(t)) for t in [39, 78]},
    }

    # ---------------------------------------------------------------- Gamma-Gamma
    rep = s[(s["frequency"] > 0) & (s["monetary_value"] > 0)]
    ggf = GammaGammaFitter(penalizer_coef=0.0).fit(rep["frequency"], rep["monetary_value"])
    gg = {k: float(v) for k, v in ggf.params_.items()}
    gsum = ggf.summary
    gg_nll_mean = float(ggf._negative_log_likelihood_)
    out["gamma_gamma"] = {
        "call": "GammaGammaFitter(penalizer_coef=0.0).fit(frequency[rep], monetary_value[rep]) with "
                "rep = (frequency > 0) & (monetary_value > 0)",
        "fit_details": "lifetimes defaults: log-parameters start at 0.1 each, BFGS with autograd gradient, "
                       "tol=1e-7, q_constraint=False; no time scaling",
        "n_customers": int(len(rep)),
        "params": gg,
        "summary_table": {p: {"coef": f(gsum.loc[p, "coef"]), "se": f(gsum.loc[p, "se(coef)"]),
                              "lower_95": f(gsum.loc[p, "lower 95% bound"]),
                              "upper_95": f(gsum.loc[p, "upper 95% bound"])} for p in gsum.index},
        "log_likelihood": {
            "sum_over_customers": f(-gg_nll_mean * len(rep)),
            "lifetimes_negative_log_likelihood_attr": gg_nll_mean,
            "lifetimes_attr_meaning": "ggf._negative_log_likelihood_ = -(1/n) sum_i LL_i, a MEAN per customer; "
                                      "LL_i is the density of the mean spend m_i given x_i (Fader & Hardie 2013 "
                                      "note, eq. 1a): lgamma(px+q) - lgamma(px) - lgamma(q) + q ln v + (px-1) ln m "
                                      "+ px ln x - (px+q) ln(xm+v)",
        },
        "population_mean_spend": f(gg["v"] * gg["p"] / (gg["q"] - 1)),
    }

    # ---------------------------------------------------------------- per customer
    idx = pd.Index(CHOSEN_IDS, name="sample_id")
    c = s.loc[idx]
    cf, cr, cT, cm = c["frequency"], c["recency"], c["T"], c["monetary_value"]
    clv = ggf.customer_lifetime_value(bgf, cf, cr, cT, cm, time=12, discount_rate=0.01, freq="W")
    adj = ggf.conditional_expected_average_profit(cf, cm)
    factor = 4.345
    customers = []
    for i in CHOSEN_IDS:
        x, tx_, TT, m = (float(c.loc[i, k]) for k in ["frequency", "recency", "T", "monetary_value"])
        terms = []
        for k in range(1, 13):
            inc = (bgf.conditional_expected_number_of_purchases_up_to_time(k * factor, x, tx_, TT)
                   - bgf.conditional_expected_number_of_purchases_up_to_time((k - 1) * factor, x, tx_, TT))
            terms.append(float(adj.loc[i] * inc / 1.01 ** k))
        customers.append({
            "sample_id": int(i), "frequency": x, "recency": tx_, "T": TT, "monetary_value": m,
            "bg_nbd": {
                "p_alive": f(bgf.conditional_probability_alive(x, tx_, TT)[0]),
                "expected_purchases_39": f(bgf.conditional_expected_number_of_purchases_up_to_time(
                    PREDICTION_T, x, tx_, TT)),
            },
            "pareto_nbd": {
                "p_alive": f(pnf.conditional_probability_alive(x, tx_, TT)),
                "expected_purchases_39": f(pnf.conditional_expected_number_of_purchases_up_to_time(
                    PREDICTION_T, x, tx_, TT)),
                "conditional_probability_of_n_purchases_39": {
                    str(n): f(pnf.conditional_probability_of_n_purchases_up_to_time(n, PREDICTION_T, x, tx_, TT))
                    for n in [0, 1, 2]},
            },
            "gamma_gamma_expected_average_profit": f(adj.loc[i]),
            "clv_12_months": f(clv.loc[i]),
            "clv_monthly_terms": terms,
        })
    out["customers"] = customers
    out["customers_notes"] = {
        "ids": "sample ids (2nd column of CDNOW_sample.txt)",
        "bg_nbd.p_alive": "bgf.conditional_probability_alive(x, t_x, T); 1 by definition when x = 0",
        "bg_nbd.expected_purchases_39": "bgf.conditional_expected_number_of_purchases_up_to_time(39, x, t_x, T)",
        "pareto_nbd.p_alive": "pnf.conditional_probability_alive(x, t_x, T)",
        "pareto_nbd.expected_purchases_39": "pnf.conditional_expected_number_of_purchases_up_to_time(39, x, t_x, T)",
        "pareto_nbd.conditional_probability_of_n_purchases_39": "pnf.conditional_probability_of_n_purchases_up_"
            "to_time(n, 39, x, t_x, T): P(X(T, T+39) = n | x, t_x, T) (Fader & Hardie note 028); checked here: "
            "sums to 1 over n and its mean equals expected_purchases_39",
        "gamma_gamma_expected_average_profit": "ggf.conditional_expected_average_profit(x, m) = "
            "(1 - w) * v p/(q-1) + w * m with w = p x / (p x + q - 1); for x = 0 it is the population mean",
        "clv_12_months": "ggf.customer_lifetime_value(bgf, frequency, recency, T, monetary_value, time=12, "
            "discount_rate=0.01, freq='W') with pandas Series indexed by sample id",
        "clv_formula": "sum over months k = 1..12 of  m_hat * (E[X(4.345 k) | x, t_x, T] - E[X(4.345 (k-1)) | x, "
            "t_x, T]) / 1.01**k, where E[...] is BG/NBD conditional_expected_number_of_purchases_up_to_time (t in "
            "weeks, 4.345 weeks per month for freq='W') and m_hat the Gamma-Gamma expected average profit; "
            "E[X(0)] = 0. clv_monthly_terms lists the 12 summands.",
    }

    # ---------------------------------------------------------------- calibration / holdout
    ch = calibration_and_holdout_data(tx, "sample_id", "date", calibration_period_end=CALIBRATION_END,
                                      observation_period_end=OBSERVATION_END, freq="D",
                                      monetary_value_col="amount").sort_index()
    ch["recency_cal"] /= 7.0
    ch["T_cal"] /= 7.0
    ch["duration_holdout"] /= 7.0
    same_cal = bool(np.allclose(ch["frequency_cal"], s["frequency"], 0, 0)
                    and np.allclose(ch["recency_cal"], s["recency"], 0, 0)
                    and np.allclose(ch["T_cal"], s["T"], 0, 0))
    t_star = float(ch["duration_holdout"].iloc[0])
    ch["bg_pred"] = bgf.conditional_expected_number_of_purchases_up_to_time(
        t_star, ch["frequency_cal"], ch["recency_cal"], ch["T_cal"])
    ch["pn_pred"] = pnf.conditional_expected_number_of_purchases_up_to_time(
        t_star, ch["frequency_cal"].values, ch["recency_cal"].values, ch["T_cal"].values)
    ch["bin"] = np.minimum(ch["frequency_cal"], 7).astype(int)
    bins = []
    for b, g in ch.groupby("bin"):
        bins.append({"calibration_frequency": str(b) if b < 7 else "7+", "n_customers": int(len(g)),
                     "mean_actual_holdout": f(g["frequency_holdout"].mean()),
                     "mean_predicted_bg_nbd": f(g["bg_pred"].mean()),
                     "mean_predicted_pareto_nbd": f(g["pn_pred"].mean())})
    # holdout counts recomputed in plain pandas: distinct purchase days in (1997-09-30, 1998-06-30]
    hold = tx[(tx["date"] > pd.Timestamp(CALIBRATION_END)) & (tx["date"] <= pd.Timestamp(OBSERVATION_END))]
    own_hold = hold.groupby("sample_id")["date"].nunique().reindex(ch.index, fill_value=0)
    out["calibration_holdout"] = {
        "call": "calibration_and_holdout_data(tx, 'sample_id', 'date', calibration_period_end='1997-09-30', "
                "observation_period_end='1998-06-30', freq='D', monetary_value_col='amount'); recency_cal, T_cal "
                "and duration_holdout divided by 7",
        "duration_holdout_weeks": t_star,
        "calibration_columns_identical_to_summary": same_cal,
        "frequency_holdout_definition": "distinct purchase days in (1997-09-30, 1998-06-30] (all of them are "
                                        "repeat purchases); 0 for customers without holdout purchases",
        "frequency_holdout_matches_plain_pandas": bool((own_hold.values == ch["frequency_holdout"].values).all()),
        "prediction": "bgf.conditional_expected_number_of_purchases_up_to_time(39, frequency_cal, recency_cal, "
                      "T_cal) (and the same for pnf), with the calibration fits above",
        "by_calibration_frequency": bins,
        "totals": {"n_customers": int(len(ch)),
                   "actual_holdout": f(ch["frequency_holdout"].sum()),
                   "predicted_bg_nbd": f(ch["bg_pred"].sum()),
                   "predicted_pareto_nbd": f(ch["pn_pred"].sum())},
    }

    # ---------------------------------------------------------------- published / third-party values
    out["published"] = {
        "bg_nbd": {
            "source": "Fader, Hardie & Lee (2005), \"Counting Your Customers\" the Easy Way: An Alternative to the "
                      "Pareto/NBD Model, Marketing Science 24(2), 275-284, doi:10.1287/mksc.1040.0098 "
                      "(CDNOW 1/10 sample, 2,357 customers, 39-week calibration)",
            "params": {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}, "log_likelihood": -9582.4,
            "verified_via": [
                "bachmannpatrick/CLVTools tests/testthat/test_correctness_bgnbd.R (commit 0c97cc5a): "
                "'As reported in Fader, Hardie, Lee (2005)' r=0.243 alpha=4.414 a=0.793 b=2.426 LL=-9582.4",
                "CamDavidsonPilon/lifetimes tests/test_estimation.py (commit 00e2a636): "
                "test_params_out_is_close_to_Hardie_paper expects [0.243, 4.414, 0.793, 2.426]"],
            "paper_text_seen": False,
        },
        "pareto_nbd": {
            "source": "Fader, Hardie & Lee (2005), same paper, Pareto/NBD fitted to the same data for comparison",
            "params": {"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669}, "log_likelihood": -9595.0,
            "also_quoted_rounded": {"r": 0.55, "alpha": 10.58, "s": 0.61, "beta": 11.67},
            "verified_via": [
                "bachmannpatrick/CLVTools tests/testthat/test_correctness_pnbd.R (commit 0c97cc5a): 'As also "
                "reported to compare against bgnbd in Fader, Hardie, Lee (2005)' r=0.553 alpha=10.578 s=0.606 "
                "beta=11.669 LL=-9595.0",
                "CamDavidsonPilon/lifetimes tests/test_estimation.py (commit 00e2a636): "
                "TestParetoNBDFitter.test_params_out_is_close_to_Hardie_paper expects [0.553, 10.578, 0.606, 11.669]"],
            "paper_text_seen": False,
            "table_number_verified": False,
        },
        "gamma_gamma": {
            "source": "Fader & Hardie (2013), \"The Gamma-Gamma Model of Monetary Value\", "
                      "http://www.brucehardie.com/notes/025/ (946 CDNOW sample customers with repeat purchases; "
                      "the same estimates are used in Fader, Hardie & Lee (2005), \"RFM and CLV: Using Iso-Value "
                      "Curves for Customer Base Analysis\", Journal of Marketing Research 42(4), 415-430)",
            "params": {"p": 6.25, "q": 3.74, "v": 15.44}, "log_likelihood": None,
            "verified_via": [
                "bachmannpatrick/CLVTools tests/testthat/test_correctness_gg.R (commit 590c0746): 'Parameter "
                "estimates from Fader & Hardie, 2013 (\"The Gamma-Gamma Model of Monetary Value\")' p=6.25 q=3.74 "
                "gamma=15.44 (the LL -4055.9177 in that file is CLVTools' own value, not a quoted one)",
                "CamDavidsonPilon/lifetimes tests/test_estimation.py (commit 00e2a636): "
                "TestGammaGammaFitter.test_params_out_is_close_to_Hardie_paper expects [6.25, 3.74, 15.44]"],
            "paper_text_seen": False,
        },
        "bg_nbd_hardie_spreadsheet": {
            "source": "values from Hardie's BG/NBD Excel spreadsheet as quoted in CamDavidsonPilon/lifetimes "
                      "tests/test_estimation.py (commit 00e2a636), tests test_expectation_returns_same_value_"
                      "Hardie_excel_sheet and test_conditional_expectation_returns_same_value_as_Hardie_excel_sheet",
            "expected_number_of_purchases_up_to_time": {"0.1429": 0.0078, "1.0": 0.0532, "3.0": 0.1506,
                                                        "31.8571": 1.0405, "32.0": 1.0437, "78.0": 1.8576},
            "conditional_expected_purchases": {"x": 2, "t_x": 30.43, "T": 38.86, "t": 39, "value": 1.226},
            "spreadsheet_seen": False,
        },
    }
    out["third_party_computed"] = {
        "CLVTools": {
            "where": "bachmannpatrick/CLVTools tests/testthat/test_correctness_bgnbd.R, test_correctness_pnbd.R, "
                     "test_correctness_gg.R ('Correct coefs are our estimates')",
            "bg_nbd": {"params": {"r": 0.2425945, "alpha": 4.4136019, "a": 0.7929199, "b": 2.4258881},
                       "log_likelihood": -9582.429},
            "pareto_nbd": {"params": {"r": 0.55315, "alpha": 10.57633, "s": 0.60625, "beta": 11.67150},
                           "log_likelihood": -9594.976,
                           "standard_errors": {"r": 0.0476264, "alpha": 0.8427222, "s": 0.1872594,
                                               "beta": 6.2105448}},
            "gamma_gamma": {"log_likelihood_at_6.25_3.74_15.44": -4055.9177},
        },
        "pymc-marketing": {
            "where": "pymc-labs/pymc-marketing tests/clv/models/test_pareto_nbd.py (reference values for the CDNOW "
                     "sample)",
            "pareto_nbd": {"params": {"r": 0.5534, "alpha": 10.5802, "s": 0.6061, "beta": 11.6562}},
        },
    }
    # differences lifetimes - published
    out["comparison"] = {
        "bg_nbd": {k: f(bg[k] - v) for k, v in out["published"]["bg_nbd"]["params"].items()}
                  | {"log_likelihood": f(bg_ll - (-9582.4))},
        "pareto_nbd": {k: f(pn[k] - v) for k, v in out["published"]["pareto_nbd"]["params"].items()}
                      | {"log_likelihood": f(pn_ll - (-9595.0))},
        "gamma_gamma": {k: f(gg[k] - v) for k, v in out["published"]["gamma_gamma"]["params"].items()},
        "note": "lifetimes minus published",
    }

    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w") as fh:
        json.dump(out, fh, indent=2)
        fh.write("\n")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
