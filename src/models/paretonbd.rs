//! The Pareto/NBD model of non-contractual purchasing (Schmittlein, Morrison & Colombo 1987;
//! Fader & Hardie's notes 008, 009 and 028 for the forms used here).
//!
//! While active, a customer buys at Poisson rate λ ~ Gamma(r, α); they stay active for an
//! exponential lifetime with rate μ ~ Gamma(s, β), λ and μ independent across customers. A
//! customer with `x` repeat purchases, the last at age `t_x`, observed until age `T`, has the
//! likelihood
//!
//! ```text
//! L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^−(r+x) (β+T)^−s + s ∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ ]
//! ```
//!
//! The integral is computed by Gauss-Legendre quadrature rather than through the usual ₂F₁
//! closed forms (which need an α ≥ β / β > α case split and fail for large frequencies or very
//! different α and β). After the substitution w = ln(m + τ), m = min(α, β), both power laws
//! become exponentials in w and the integrand is log-concave in w, with its only
//! singularities at a distance π from the real axis; the integration range is cut into panels
//! over which the integrand changes by a bounded number of e-folds, and the panels stop where
//! the rest is provably negligible. The gradient integrals (differentiated under the integral
//! sign) use the same nodes. Everything is computed in log space.

use super::data::{self, Grouped};
use super::optimize;
use super::special::{digamma, ln_gamma, log_add_exp, GAUSS_LEGENDRE_12};
use super::{Fit, PurchaseModel};
use crate::error::{Error, ErrorCode, Result};

/// The Pareto/NBD parameters: purchase rates Gamma(r, α), dropout rates Gamma(s, β) (rates
/// per unit of time of the data, α and β in that unit).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(rename_all = "camelCase"))]
pub struct ParetoNbd {
    /// Shape of the purchase rates' gamma distribution.
    pub r: f64,
    /// Scale of the purchase rates' gamma distribution.
    pub alpha: f64,
    /// Shape of the dropout rates' gamma distribution.
    pub s: f64,
    /// Scale of the dropout rates' gamma distribution.
    pub beta: f64,
}

/// The most e-folds the integrand may change by across one panel.
const MAX_EFOLDS: f64 = 8.0;
/// The widest panel in the logarithmic variable (the integrand's singularities lie a distance
/// π off the real axis).
const MAX_WIDTH: f64 = 3.0;
/// The integration stops when what is left is below this fraction of what has been summed.
const TAIL: f64 = 1e-17;
/// A guard against endless panelling (never reached by valid inputs).
const MAX_PANELS: usize = 4000;

/// The quadrature rule of each panel: 12 Gauss-Legendre nodes.
fn rule() -> &'static [(f64, f64)] {
    &GAUSS_LEGENDRE_12
}

/// Integrates e^(ψ(v) − ψ_ref) (times whatever the caller accumulates alongside) for a concave
/// ψ, from `start` towards `end` (which may be ±∞ where the integrand decays that way).
///
/// `slope(v)` is ψ'(v) and `level(v)` is ψ(v) − ψ_ref; `node(v, weight)` is called at each
/// quadrature node, accumulates what the caller needs (`weight` includes the panel width) and
/// returns e^(ψ(v) − ψ_ref). Returns ∫ e^(ψ − ψ_ref) dv.
fn integrate<S, L, N>(start: f64, end: f64, slope: S, level: L, mut node: N) -> f64
where
    S: Fn(f64) -> f64,
    L: Fn(f64) -> f64,
    N: FnMut(f64, f64) -> f64,
{
    let direction = if end >= start { 1.0 } else { -1.0 };
    let rule = rule();
    let mut v = start;
    let mut sum = 0.0;
    // How fast ψ changes along the direction of travel.
    let mut rate = direction * slope(v);
    for _ in 0..MAX_PANELS {
        let remaining = (end - v).abs();
        if remaining.is_nan() || remaining <= 0.0 {
            break;
        }
        let mut width = remaining.min(MAX_WIDTH).min(MAX_EFOLDS / rate.abs().max(1e-300));
        let mut end_slope = slope(v + direction * width);
        let mut end_known = true;
        if end_slope.abs() * width > MAX_EFOLDS {
            // ψ' is monotone, so the steepest point of the shorter panel is one of its ends.
            width = MAX_EFOLDS / end_slope.abs();
            end_known = false;
        }
        let last = width >= remaining;
        for &(x, w) in rule {
            sum += w * width * node(v + direction * width * x, w * width);
        }
        if last {
            break;
        }
        v += direction * width;
        if !end_known {
            end_slope = slope(v);
        }
        rate = direction * end_slope;
        // ψ is concave: beyond v it stays below its tangent there, so the rest is at most
        // e^(ψ(v) − ψ_ref) / |ψ'(v)| once ψ falls in the direction of travel.
        if rate < 0.0 && level(v).exp() / -rate <= TAIL * sum {
            break;
        }
    }
    sum
}

/// ∫_{t0}^{t1} (α+τ)^−a (β+τ)^−b dτ (a, b > 0, t1 > t0 ≥ 0, α, β > 0): its logarithm and, if
/// asked, the means of ln((α+τ)/α), 1/(α+τ), ln((β+τ)/β) and 1/(β+τ) under the integrand
/// (the gradient integrals divided by the integral).
#[derive(Debug, Clone, Copy, PartialEq)]
struct PowerIntegral {
    ln: f64,
    ln_alpha: f64,
    inv_alpha: f64,
    ln_beta: f64,
    inv_beta: f64,
}

/// The logarithms of one time t that a customer's terms take, at given α and β. A fit
/// computes them once per distinct time and evaluation (`Grouped::times`) rather than once per
/// row, with the same operations, so the values are the same.
#[derive(Debug, Clone, Copy)]
struct Logs {
    /// ln(1 + t/α), ln(1 + t/β)
    lp_alpha: f64,
    lp_beta: f64,
    /// ln(α + t) (NaN where it is not needed: a start of the integral)
    ln_alpha_t: f64,
}

impl Logs {
    /// For T.
    fn of(alpha: f64, beta: f64, t: f64) -> Logs {
        Logs { ln_alpha_t: (alpha + t).ln(), ..Logs::start(alpha, beta, t) }
    }
    /// For the start of the integral (t_x).
    fn start(alpha: f64, beta: f64, t: f64) -> Logs {
        Logs { lp_alpha: (t / alpha).ln_1p(), lp_beta: (t / beta).ln_1p(), ln_alpha_t: f64::NAN }
    }
}

/// ln α and ln β.
#[derive(Debug, Clone, Copy)]
struct ParamLogs {
    alpha: f64,
    beta: f64,
}

fn power_integral(a: f64, alpha: f64, b: f64, beta: f64, t0: f64, t1: f64, gradient: bool) -> PowerIntegral {
    let logs = ParamLogs { alpha: alpha.ln(), beta: beta.ln() };
    power_integral_at(a, alpha, b, beta, t0, t1, gradient, &Logs::start(alpha, beta, t0), logs)
}

/// [`power_integral`] with the logarithms of t0 (`at0`; its `ln_alpha_t` is not read) and of
/// the parameters given.
#[allow(clippy::too_many_arguments)]
fn power_integral_at(
    a: f64,
    alpha: f64,
    b: f64,
    beta: f64,
    t0: f64,
    t1: f64,
    gradient: bool,
    at0: &Logs,
    logs: ParamLogs,
) -> PowerIntegral {
    // w = ln((m + τ) / (m + t0)) with m the smaller of α and β: (m + τ)^−e becomes e^(−e w) and
    // M + τ = (M + t0) (1 − σ0 + σ0 e^w) with σ0 = (m + t0)/(M + t0) ≤ 1.
    let small_alpha = alpha <= beta;
    let (m, e_small, big, e_big) = if small_alpha { (alpha, a, beta, b) } else { (beta, b, alpha, a) };
    // ln(1 + t0/m), ln(1 + t0/M), ln m, ln M
    let (ln_c0, ln_big0, ln_m, ln_m_big) = if small_alpha {
        (at0.lp_alpha, at0.lp_beta, logs.alpha, logs.beta)
    } else {
        (at0.lp_beta, at0.lp_alpha, logs.beta, logs.alpha)
    };
    let (c0, big0) = (m + t0, big + t0);
    let (sigma0, rest0) = (c0 / big0, (big - m) / big0);
    let w_end = ((t1 - t0) / c0).ln_1p();
    // ψ(w) relative to ψ(0) is (1 − e_small) w − e_big ln(1 − σ0 + σ0 e^w), with dτ = (m + τ) dw.
    // (Absolute errors of the logarithms are what matter here, so exp and ln serve as well as
    // expm1 and ln_1p, and are faster.)
    let slope = |w: f64| {
        // (at w = 0, where every integral starts, e^w is exactly 1: no call needed)
        let y = if w == 0.0 { sigma0 } else { sigma0 * w.exp() };
        (1.0 - e_small) - e_big * y / (rest0 + y)
    };
    let level = |w: f64| (1.0 - e_small) * w - e_big * (rest0 + sigma0 * w.exp()).ln();
    // Sums of the gradient integrands, relative to e^ψ(0).
    let (mut ln_small, mut inv_small, mut ln_big, mut inv_big) = (0.0, 0.0, 0.0, 0.0);
    let sum = integrate(0.0, w_end, slope, level, |w, weight| {
        let e = w.exp();
        let ratio = rest0 + sigma0 * e; // (M + τ)/(M + t0)
        let l = ratio.ln();
        let value = ((1.0 - e_small) * w - e_big * l).exp();
        if gradient {
            let v = weight * value;
            ln_small += v * (ln_c0 + w);
            inv_small += v / (c0 * e);
            ln_big += v * (ln_big0 + l);
            inv_big += v / (big0 * ratio);
        }
        value
    });
    let psi0 = (1.0 - e_small) * (ln_m + ln_c0) - e_big * (ln_m_big + ln_big0);
    let (ln_small, inv_small, ln_big, inv_big) = (ln_small / sum, inv_small / sum, ln_big / sum, inv_big / sum);
    let ln = psi0 + sum.ln();
    if small_alpha {
        PowerIntegral { ln, ln_alpha: ln_small, inv_alpha: inv_small, ln_beta: ln_big, inv_beta: inv_big }
    } else {
        PowerIntegral { ln, ln_alpha: ln_big, inv_alpha: inv_big, ln_beta: ln_small, inv_beta: inv_small }
    }
}

/// The parts of one customer's log-likelihood that depend on t_x and T: ln of
/// α^r β^s [ (α+T)^−(r+x) (β+T)^−s + s ∫ ... ], its gradient with respect to (r, α, s, β),
/// and P(alive) (the first term's share of the bracket). `ln_scale` is ln(s α^r β^s).
fn history(m: &ParetoNbd, ln_scale: f64, x: f64, tx: f64, t_end: f64, gradient: bool) -> (f64, [f64; 4], f64) {
    let tx = tx.max(0.0).min(t_end);
    let (at_t, at_tx) = (Logs::of(m.alpha, m.beta, t_end), Logs::start(m.alpha, m.beta, tx));
    history_at(
        m,
        ln_scale,
        x,
        tx,
        t_end,
        gradient,
        (&at_t, &at_tx),
        ParamLogs { alpha: m.alpha.ln(), beta: m.beta.ln() },
    )
}

/// [`history`] of a t_x already within [0, T], with the logarithms of T and of t_x and of the
/// parameters given.
#[allow(clippy::too_many_arguments)]
fn history_at(
    m: &ParetoNbd,
    ln_scale: f64,
    x: f64,
    tx: f64,
    t_end: f64,
    gradient: bool,
    (at_t, at_tx): (&Logs, &Logs),
    logs: ParamLogs,
) -> (f64, [f64; 4], f64) {
    let ParetoNbd { r, alpha, s, beta } = *m;
    let a = r + x;
    let (lp_alpha, lp_beta) = (at_t.lp_alpha, at_t.lp_beta);
    // ln[α^r β^s (α+T)^−(r+x) (β+T)^−s]
    let ln_first = -r * lp_alpha - s * lp_beta - if x == 0.0 { 0.0 } else { x * at_t.ln_alpha_t };
    if t_end <= tx {
        let d = [-lp_alpha, r / alpha - a / (alpha + t_end), -lp_beta, s / beta - s / (beta + t_end)];
        return (ln_first, d, 1.0);
    }
    let p = power_integral_at(a, alpha, s + 1.0, beta, tx, t_end, gradient, at_tx, logs);
    // ln[s α^r β^s ∫ ...]
    let ln_second = ln_scale + p.ln;
    // The bracket and the two terms' shares of it.
    let d = ln_second - ln_first;
    let e = (-d.abs()).exp();
    let ln = ln_first.max(ln_second) + e.ln_1p();
    let (alive, second) = if d > 0.0 { (e / (1.0 + e), 1.0 / (1.0 + e)) } else { (1.0 / (1.0 + e), e / (1.0 + e)) };
    let mut d = [0.0; 4];
    if gradient {
        d[0] = -alive * lp_alpha - second * p.ln_alpha;
        d[1] = r / alpha - alive * a / (alpha + t_end) - second * a * p.inv_alpha;
        d[2] = -alive * lp_beta + second * (1.0 / s - p.ln_beta);
        d[3] = s / beta - alive * s / (beta + t_end) - second * (s + 1.0) * p.inv_beta;
    }
    (ln, d, alive)
}

fn ln_scale(m: &ParetoNbd) -> f64 {
    m.s.ln() + m.r * m.alpha.ln() + m.s * m.beta.ln()
}

/// The sum of the log-likelihood over the customers of `data` and its gradient with respect
/// to (r, α, s, β). Terms that depend only on the frequency are computed once per distinct
/// frequency, the integral once per distinct history.
pub fn log_likelihood_sum(model: &ParetoNbd, data: &Grouped) -> (f64, [f64; 4]) {
    let r = model.r;
    let scale = ln_scale(model);
    // The logarithms of each distinct time, once (a time is some row's t_x or T).
    let logs = ParamLogs { alpha: model.alpha.ln(), beta: model.beta.ln() };
    let times: Vec<Logs> = data.times.iter().map(|&t| Logs::of(model.alpha, model.beta, t)).collect();
    let mut total = 0.0;
    let mut gradient = [0.0; 4];
    for &(x, first, last) in &data.frequencies {
        let ln_gammas = ln_gamma(r + x) - ln_gamma(r);
        let digammas = if x == 0.0 { 0.0 } else { digamma(r + x) - digamma(r) };
        for (&(tx, t_end, count), &(i_tx, i_t)) in data.rows[first..last].iter().zip(&data.row_times[first..last]) {
            // (t_x within [0, T], as checked data has it: else its logarithms at the clamp)
            let clamped = tx.max(0.0).min(t_end);
            let at_tx = if clamped.to_bits() == tx.to_bits() {
                times[i_tx as usize]
            } else {
                Logs::start(model.alpha, model.beta, clamped)
            };
            let (ln, d, _) = history_at(model, scale, x, clamped, t_end, true, (&times[i_t as usize], &at_tx), logs);
            total += count * (ln_gammas + ln);
            gradient[0] += count * (digammas + d[0]);
            for k in 1..4 {
                gradient[k] += count * d[k];
            }
        }
    }
    (total, gradient)
}

/// ln P(X(t) = n) for a customer who has just made a first purchase: alive throughout (t, ...)
/// with probability (β/(β+t))^s, else dropping out at τ < t with the Lomax density
/// s β^s (β+τ)^−(s+1), with NBD(n; r, α/(α+d)) purchases over the active duration d.
fn ln_probability_of_purchases(m: &ParetoNbd, n: u32, t: f64) -> f64 {
    let ParetoNbd { r, alpha, s, beta } = *m;
    let nf = n as f64;
    let ln_c = ln_gamma(r + nf) - ln_gamma(r) - ln_gamma(nf + 1.0);
    let ln_alive =
        -s * (t / beta).ln_1p() - r * (t / alpha).ln_1p() - if n == 0 { 0.0 } else { nf * (alpha / t).ln_1p() };
    // ln[s β^s α^r ∫_0^t τ^n (α+τ)^−(r+n) (β+τ)^−(s+1) dτ]
    let ln_dropped = if n == 0 {
        let p = power_integral(r, alpha, s + 1.0, beta, 0.0, t, false);
        s.ln() + r * alpha.ln() + s * beta.ln() + p.ln
    } else {
        // u = ln τ: ψ(u) = (n+1) u − (r+n) ln(α+τ) − (s+1) ln(β+τ) is concave; its maximum
        // solves (r+s) τ² − B τ − (n+1) α β = 0 with B = (n − s) α + (1 − r) β.
        let quadratic_b = (nf - s) * alpha + (1.0 - r) * beta;
        let root = (quadratic_b * quadratic_b + 4.0 * (r + s) * (nf + 1.0) * alpha * beta).sqrt();
        let mode = if quadratic_b >= 0.0 {
            (quadratic_b + root) / (2.0 * (r + s))
        } else {
            2.0 * (nf + 1.0) * alpha * beta / (root - quadratic_b)
        };
        let top = mode.min(t);
        let (u_top, a, b) = (top.ln(), r + nf, s + 1.0);
        let slope = |u: f64| {
            let tau = top * (u - u_top).exp();
            (nf + 1.0) - a * tau / (alpha + tau) - b * tau / (beta + tau)
        };
        let level = |u: f64| {
            let d = u - u_top;
            let diff = top * d.exp_m1();
            (nf + 1.0) * d - a * (diff / (alpha + top)).ln_1p() - b * (diff / (beta + top)).ln_1p()
        };
        let node = |u: f64, _: f64| level(u).exp();
        let mut sum = integrate(u_top, f64::NEG_INFINITY, slope, level, node);
        if mode < t {
            sum += integrate(u_top, t.ln(), slope, level, node);
        }
        // ln of s β^s α^r e^ψ(u_top), written without cancellation
        let ln_top = -r * (top / alpha).ln_1p() - s * (top / beta).ln_1p()
            + nf * (top / (alpha + top)).ln()
            + (top / (beta + top)).ln();
        s.ln() + ln_top + sum.ln()
    };
    ln_c + log_add_exp(ln_alive, ln_dropped)
}

impl PurchaseModel for ParetoNbd {
    fn params(&self) -> Vec<f64> {
        vec![self.r, self.alpha, self.s, self.beta]
    }

    fn log_likelihood(&self, x: f64, tx: f64, t_end: f64) -> f64 {
        ln_gamma(self.r + x) - ln_gamma(self.r) + history(self, ln_scale(self), x, tx, t_end, false).0
    }

    fn probability_alive(&self, x: f64, tx: f64, t_end: f64) -> f64 {
        let p = history(self, ln_scale(self), x, tx, t_end, false).2;
        probability(p)
    }

    /// E[X(t)] = r β / (α (s − 1)) [1 − (β/(β+t))^(s−1)]; (r β/α) ln(1 + t/β) at s = 1.
    fn expected_purchases(&self, t: f64) -> f64 {
        if t <= 0.0 {
            return 0.0;
        }
        let ParetoNbd { r, alpha, s, beta } = *self;
        let l = (t / beta).ln_1p();
        let c = s - 1.0;
        let y = c * l;
        // −expm1(−y)/c, which tends to l as c → 0
        let factor = if y == 0.0 { l } else { -(-y).exp_m1() / c };
        r * beta / alpha * factor
    }

    fn probability_of_purchases(&self, n: u32, t: f64) -> f64 {
        if t <= 0.0 {
            return if n == 0 { 1.0 } else { 0.0 };
        }
        let p = ln_probability_of_purchases(self, n, t).exp();
        probability(p)
    }

    fn posterior(&self, x: f64, t_end: f64) -> Self {
        ParetoNbd { r: self.r + x, alpha: self.alpha + t_end, s: self.s, beta: self.beta + t_end }
    }
}

/// A probability computed in logs, kept in [0, 1] against rounding; NaN stays NaN (the API
/// reports it rather than hide it). No `f64::clamp`: its panic message would pull float
/// formatting into the wasm.
#[allow(clippy::manual_clamp)]
fn probability(p: f64) -> f64 {
    if p > 1.0 {
        1.0
    } else if p < 0.0 {
        0.0
    } else {
        p
    }
}

/// Fits the Pareto/NBD by maximum likelihood to each customer's frequency (repeat
/// purchases), recency (age at the last purchase) and T (age at the end of observation), all
/// times in one unit. Errors name the offending field (`recency[3]`); data that cannot
/// identify the model (no repeat purchases, a single customer) and fits that do not converge
/// are errors too.
pub fn fit(frequency: &[f64], recency: &[f64], t: &[f64]) -> Result<Fit<ParetoNbd>> {
    data::check(frequency, recency, t)?;
    fit_grouped(&data::group(frequency, recency, t))
}

/// [`fit`] on rows that stand for `count[i]` customers each (one row per distinct history with
/// its count; `count` empty: one each). Errors name the field (`count[2]`).
pub fn fit_counts(frequency: &[f64], recency: &[f64], t: &[f64], count: &[f64]) -> Result<Fit<ParetoNbd>> {
    data::check(frequency, recency, t)?;
    if !count.is_empty() {
        data::check_count(count, frequency.len())?;
    }
    fit_grouped(&data::group_counts(frequency, recency, t, count))
}

/// [`fit`] on customers grouped by history ([`data::group_counts`]): a table of customers and
/// its rows with counts give the same fit.
pub fn fit_grouped(grouped: &Grouped) -> Result<Fit<ParetoNbd>> {
    if grouped.customers < 2.0 {
        return Err(Error::new(
            ErrorCode::NoConvergence,
            "frequency",
            "frequency must have at least 2 customers to fit the Pareto/NBD model",
        ));
    }
    if grouped.frequencies.iter().all(|f| f.0 == 0.0) {
        return Err(Error::new(
            ErrorCode::NoConvergence,
            "frequency",
            "frequency must have at least one customer with a repeat purchase to fit the Pareto/NBD model",
        ));
    }
    let n = grouped.customers;
    let (total_x, total_t) = grouped.totals();
    let (mean_t, mean_x) = (total_t / n, total_x / n);
    // Scale-free start: rates of about the observed purchase rate, lifetimes of about the
    // observation period.
    let start = [1.0, mean_t / mean_x, 1.0, mean_t];
    let ll = |q: &[f64]| {
        let (value, g) = log_likelihood_sum(&ParetoNbd { r: q[0], alpha: q[1], s: q[2], beta: q[3] }, grouped);
        Some((value, g.to_vec()))
    };
    let optimum = optimize::maximize(&ll, &start, n)?;
    let p = &optimum.params;
    let model = ParetoNbd { r: p[0], alpha: p[1], s: p[2], beta: p[3] };
    // Parameters run off to the boundary when the data cannot identify them (for example no
    // heterogeneity at all): report that rather than a meaningless estimate.
    let scale = mean_t.max(1e-300);
    let sane = p.iter().all(|v| v.is_finite() && *v > 0.0)
        && (1e-6..1e6).contains(&model.r)
        && (1e-6..1e6).contains(&model.s)
        && (1e-6..1e8).contains(&(model.alpha / scale))
        && (1e-6..1e8).contains(&(model.beta / scale));
    if !sane {
        return Err(optimize::no_convergence("the data cannot identify the Pareto/NBD parameters"));
    }
    let (log_likelihood, standard_errors) = optimize::at_estimate(&ll, p)?;
    Ok(Fit { model, log_likelihood, standard_errors, observations: n, iterations: optimum.iterations })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) {
        assert!((a - b).abs() <= rel * b.abs().max(1e-300), "{a} vs {b}");
    }

    #[test]
    fn the_integral_against_the_hypergeometric_closed_form() {
        // (a, α, b, β, t0, t1, ln ∫_{t0}^{t1} (α+τ)^−a (β+τ)^−b dτ): the closed form
        // G(t0) − G(t1), G(t) = (α+t)^−p/p ₂F₁(p, b; p+1; (α−β)/(α+t)) for α ≥ β (α and a
        // swapped with β and b otherwise), p = a+b−1, evaluated by mpmath 1.3 at 60 digits.
        let cases: [(f64, f64, f64, f64, f64, f64, f64); 23] = [
            (0.55, 10.58, 1.6, 11.67, 0.0, 38.86, -3.1368863238530773),
            (2.55, 10.58, 1.6, 11.67, 30.43, 38.86, -13.694163880311494),
            (29.55, 10.58, 1.6, 11.67, 4.7, 39.0, -85.71832636533922),
            (0.3, 1.0, 1.1, 50.0, 0.0, 100.0, -1.3066465860671879),
            (5.0, 50.0, 3.0, 0.5, 1.0, 20.0, -21.277246990750452),
            (200.5, 3.0, 1.5, 8.0, 10.0, 78.0, -521.3441917011215),
            (0.01, 0.2, 1.01, 0.1, 0.0, 5.0, 1.374015023384485),
            (1.0, 5.0, 2.0, 5.0, 3.0, 3.0000001, -22.356420296384407),
            (1.5, 12.0, 1.6, 10.0, 0.0, 39.0, -5.806763450150978),
            (50.0, 20.0, 2.0, 5.0, 2.0, 60.0, -159.36134263293843),
            (1000.0, 100.0, 1.7, 100.0, 5.0, 1000.0, -4664.12657743673),
            (0.2, 400.0, 1.001, 2.0, 0.0, 10000.0, 0.7977068936495192),
            (3.0, 1000.0, 2.0, 0.001, 0.0, 10.0, -13.815635127944242),
            (2000.0, 0.001, 1.001, 1000.0, 0.0, 10000.0, 13794.08773731603),
            (2000.0, 1000.0, 1001.0, 0.001, 0.0, 10000.0, -6914.6630362631195),
            (0.001, 1000.0, 1.001, 0.001, 0.0, 10000.0, 2.7716357827808866),
            (0.001, 0.001, 1001.0, 1000.0, 0.001, 10000.0, -6914.663470054387),
            (500.0, 1.0, 2.0, 1.0, 1e-06, 0.001, -7.149476032584422),
            (2000.5, 10.0, 1.6, 12.0, 20.0, 78.0, -6813.840744435946),
            (0.553, 10.578, 1.606, 11.669, 0.0, 1e-06, -19.065752806025547),
            (0.001, 1000.0, 1001.0, 1000.0, 0.0, 1000000.0, -6914.669943016398),
            (2000.001, 0.001, 1.001, 0.001, 999999.999, 1000000.0, -27651.772013739614),
            (0.5, 0.001, 1.5, 2.0, 0.0, 1000000.0, -0.02211536751222128),
        ];
        for (a, alpha, b, beta, t0, t1, exact) in cases {
            let p = power_integral(a, alpha, b, beta, t0, t1, true);
            assert!(
                (p.ln - exact).abs() <= 1e-13 * exact.abs().max(1.0),
                "{a} {alpha} {b} {beta} {t0} {t1}: {} vs {exact}",
                p.ln
            );
            assert!([p.ln_alpha, p.inv_alpha, p.ln_beta, p.inv_beta].iter().all(|v| v.is_finite()));
        }
    }

    #[test]
    fn the_gradient_matches_central_differences() {
        let data = data::group(
            &[0.0, 0.0, 1.0, 2.0, 4.0, 29.0, 150.0],
            &[0.0, 0.0, 5.0, 30.43, 7.6, 37.0, 20.0],
            &[38.86, 27.0, 30.0, 38.86, 35.0, 38.0, 70.0],
        );
        for m in [
            ParetoNbd { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 },
            ParetoNbd { r: 2.0, alpha: 3.0, s: 1.5, beta: 40.0 },
            ParetoNbd { r: 0.05, alpha: 60.0, s: 3.0, beta: 0.7 },
        ] {
            let (_, g) = log_likelihood_sum(&m, &data);
            let p = [m.r, m.alpha, m.s, m.beta];
            for k in 0..4 {
                let h = 1e-5 * p[k];
                let (mut up, mut down) = (p, p);
                up[k] += h;
                down[k] -= h;
                let at =
                    |q: [f64; 4]| log_likelihood_sum(&ParetoNbd { r: q[0], alpha: q[1], s: q[2], beta: q[3] }, &data).0;
                let numeric = (at(up) - at(down)) / (2.0 * h);
                assert!((g[k] - numeric).abs() < 1e-6 * numeric.abs().max(1.0), "{m:?} {k}: {} vs {numeric}", g[k]);
            }
        }
    }

    #[test]
    fn expectation_is_stable_around_s_equal_one() {
        let m = ParetoNbd { r: 0.5, alpha: 10.0, s: 1.0, beta: 12.0 };
        let at_one = m.expected_purchases(39.0);
        close(at_one, 0.5 * 12.0 / 10.0 * (1.0f64 + 39.0 / 12.0).ln(), 1e-15);
        for ds in [1e-12, -1e-12, 1e-8, -1e-8] {
            let near = ParetoNbd { s: 1.0 + ds, ..m }.expected_purchases(39.0);
            close(near, at_one, 1e-7);
        }
        assert_eq!(m.expected_purchases(0.0), 0.0);
    }

    #[test]
    fn the_pmf_sums_to_one_and_has_the_expected_mean() {
        for m in [
            ParetoNbd { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 },
            ParetoNbd { r: 3.0, alpha: 2.0, s: 2.5, beta: 30.0 },
            ParetoNbd { r: 0.2, alpha: 0.5, s: 0.3, beta: 0.1 },
        ] {
            for t in [0.5, 39.0, 78.0] {
                let (mut total, mut mean) = (0.0, 0.0);
                for n in 0..4000u32 {
                    let p = m.probability_of_purchases(n, t);
                    total += p;
                    mean += n as f64 * p;
                }
                close(total, 1.0, 1e-10);
                close(mean, m.expected_purchases(t), 1e-9);
            }
        }
    }
}
