//! BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way"): while active, a
//! customer buys at a Poisson rate λ ~ Gamma(r, α); after each purchase they drop out with
//! probability p ~ Beta(a, b).

use super::data::{check, group, Grouped};
use super::optimize::{at_estimate, maximize};
use super::special::{beta_expectation, digamma, ln_beta, ln_gamma, ln_hyp2f1, log_add_exp};
use super::{Fit, PurchaseModel};
use crate::error::{Error, ErrorCode, Result};

#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(rename_all = "camelCase"))]
/// The BG/NBD parameters (rates and times in the unit of the data).
pub struct BgNbd {
    /// Shape of the purchase rates' gamma distribution.
    pub r: f64,
    /// Scale of the purchase rates' gamma distribution.
    pub alpha: f64,
    /// The dropout probability's beta distribution: a.
    pub a: f64,
    /// The dropout probability's beta distribution: b.
    pub b: f64,
}

impl PurchaseModel for BgNbd {
    fn params(&self) -> Vec<f64> {
        vec![self.r, self.alpha, self.a, self.b]
    }

    /// FHL 2005 eq. 6, written as ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b)
    /// + ln[(α+T)^−(r+x) + \[x > 0\] a/(b+x−1) (α+t_x)^−(r+x)], using B(a+1, b+x−1) = B(a, b+x) a/(b+x−1).
    fn log_likelihood(&self, x: f64, tx: f64, t_end: f64) -> f64 {
        let BgNbd { r, alpha, a, b } = *self;
        let terms = ln_gamma(r + x) - ln_gamma(r) + r * alpha.ln() + ln_beta(a, b + x) - ln_beta(a, b);
        terms + self.bracket(x, tx, t_end).0
    }

    /// FHL 2005 eq. 13: 1 / (1 + \[x > 0\] a/(b+x−1) ((α+T)/(α+t_x))^(r+x)).
    fn probability_alive(&self, x: f64, tx: f64, t_end: f64) -> f64 {
        if x == 0.0 {
            return 1.0;
        }
        let BgNbd { r, alpha, a, b } = *self;
        let ln_odds = a.ln() - (b + x - 1.0).ln() + (r + x) * ((alpha + t_end).ln() - (alpha + tx).ln());
        1.0 / (1.0 + ln_odds.exp())
    }

    /// FHL 2005 eq. 7: (a+b−1)/(a−1) [1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))]. Where that
    /// form is ill-conditioned (a near 1, a+b ≤ 1.5, a horizon tiny or very long against α)
    /// it is computed from its definition E over p ~ Beta(a, b) of (1 − (α/(α+pt))^r)/p.
    fn expected_purchases(&self, t: f64) -> f64 {
        if t <= 0.0 {
            return 0.0;
        }
        let BgNbd { r, alpha, a, b } = *self;
        let ratio = t / alpha;
        let c = a + b - 1.0;
        if (a - 1.0).abs() > 0.05 && c > 0.5 && ratio > 1e-3 && ratio < 400.0 {
            let z = t / (alpha + t);
            if let Some(ln_f) = ln_hyp2f1(r, b, c, z, 100_000) {
                let ln_rest = -r * ratio.ln_1p() + ln_f;
                return c / (a - 1.0) * -ln_rest.exp_m1();
            }
        }
        expected_by_integral(r, ratio, a, b).unwrap_or(f64::NAN)
    }

    /// FHL 2005 eq. 8: P(X(t) = n) = B(a, b+n)/B(a, b) NB(n) + \[n > 0\] B(a+1, b+n−1)/B(a, b) P(NB ≥ n),
    /// NB the negative binomial of purchases while active: Γ(r+j)/(Γ(r) j!) (α/(α+t))^r (t/(α+t))^j.
    fn probability_of_purchases(&self, n: u32, t: f64) -> f64 {
        let BgNbd { r, alpha, a, b } = *self;
        if t <= 0.0 {
            return if n == 0 { 1.0 } else { 0.0 };
        }
        let n = n as f64;
        let (ln_p0, ln_z) = (-(t / alpha).ln_1p(), -(alpha / t).ln_1p()); // ln α/(α+t), ln t/(α+t)
        let ln_nb = |j: f64| ln_gamma(r + j) - ln_gamma(r) - ln_gamma(j + 1.0) + r * ln_p0 + j * ln_z;
        let first = (ln_beta(a, b + n) - ln_beta(a, b) + ln_nb(n)).exp();
        if n == 0.0 {
            return first;
        }
        let tail = negative_binomial_tail(n, r, ln_p0, ln_z, &ln_nb);
        first + (ln_beta(a + 1.0, b + n - 1.0) - ln_beta(a, b)).exp() * tail
    }

    fn posterior(&self, x: f64, t_end: f64) -> Self {
        BgNbd { r: self.r + x, alpha: self.alpha + t_end, a: self.a, b: self.b + x }
    }
}

/// E[X(t)] as E over p ~ Beta(a, b) of E[X(t) | p] = (1 − (1 + p t/α)^−r)/p (whose limit at p = 0 is r t/α).
fn expected_by_integral(r: f64, ratio: f64, a: f64, b: f64) -> Option<f64> {
    beta_expectation(a, b, |p, _| {
        let pt = p * ratio;
        if pt < 1e-300 {
            r * ratio
        } else {
            -(-r * pt.ln_1p()).exp_m1() / p
        }
    })
}

/// Up to this head, P(N ≥ n) is 1 − the head; above it the tail is summed.
///
/// The head's j-th term is a running product of j ratios, so the head carries a relative
/// error of at most about n ε, and 1 − head one of n ε · head/(1 − head): at most 9 n ε, below
/// 2e-11 for the 10,000 purchases the API allows. (The tail's own sum, which converges at the
/// rate t/(α+t), can take hundreds of terms: for CDNOW's fit and 52 weeks, about 450.)
const HEAD_AT_MOST: f64 = 0.9;

/// P(N ≥ n) for N negative binomial: 1 − the head when the head is small, else the tail summed.
fn negative_binomial_tail(n: f64, r: f64, ln_p0: f64, ln_z: f64, ln_nb: &dyn Fn(f64) -> f64) -> f64 {
    // Head: Σ_{j<n} NB(j) by the ratio NB(j+1)/NB(j) = (r+j)/(j+1) z, from NB(0) = p0^r.
    let z = ln_z.exp();
    let (mut term, mut head) = ((r * ln_p0).exp(), 0.0);
    let mut j = 0.0;
    while j < n && head <= HEAD_AT_MOST {
        head += term;
        term *= (r + j) / (j + 1.0) * z;
        j += 1.0;
    }
    if head <= HEAD_AT_MOST && j >= n {
        return (1.0 - head).max(0.0);
    }
    // The head holds most of the mass: sum the tail from n, scaled by its first term.
    let ln_first = ln_nb(n);
    let (mut sum, mut term, mut j) = (1.0, 1.0, n);
    for _ in 0..10_000_000 {
        term *= (r + j) / (j + 1.0) * z;
        sum += term;
        j += 1.0;
        let ratio = (r + j) / (j + 1.0) * z;
        if ratio < 1.0 && term * ratio / (1.0 - ratio) <= 1e-17 * sum {
            break;
        }
    }
    (ln_first + sum.ln()).exp().min(1.0)
}

impl BgNbd {
    /// [`PurchaseModel::probability_alive`] of each row of `g`, in its order: ln a once,
    /// ln(b + x − 1) once per frequency and ln(α + t) once per distinct time, each by the same
    /// operations as there, so the values are the same, bit for bit.
    pub(crate) fn probability_alive_grouped(&self, g: &Grouped) -> Vec<f64> {
        let BgNbd { r, alpha, a, b } = *self;
        let ln_times: Vec<f64> = g.times.iter().map(|&t| (alpha + t).ln()).collect();
        let ln_a = a.ln();
        let mut out = Vec::with_capacity(g.rows.len());
        for &(x, first, last) in &g.frequencies {
            if x == 0.0 {
                out.resize(out.len() + (last - first), 1.0);
                continue;
            }
            let (head, rx) = (ln_a - (b + x - 1.0).ln(), r + x);
            for &(i_tx, i_t) in &g.row_times[first..last] {
                let ln_odds = head + rx * (ln_times[i_t as usize] - ln_times[i_tx as usize]);
                out.push(1.0 / (1.0 + ln_odds.exp()));
            }
        }
        out
    }

    /// ln of the bracket of the likelihood, and the share of its second term.
    fn bracket(&self, x: f64, tx: f64, t_end: f64) -> (f64, f64) {
        let BgNbd { r, alpha, a, b } = *self;
        let u1 = -(r + x) * (alpha + t_end).ln();
        if x == 0.0 {
            return (u1, 0.0);
        }
        let u2 = a.ln() - (b + x - 1.0).ln() - (r + x) * (alpha + tx).ln();
        let total = log_add_exp(u1, u2);
        (total, (u2 - total).exp())
    }

    /// The log-likelihood summed over grouped customers and its gradient in (r, α, a, b).
    /// ln(α + t) and 1/(α + t) are computed once per distinct time, the bracket with one
    /// exponential and one logarithm per row.
    pub fn log_likelihood_and_gradient(&self, g: &Grouped) -> (f64, [f64; 4]) {
        let BgNbd { r, alpha, a, b } = *self;
        let (ln_alpha, psi_r, psi_ab) = (alpha.ln(), digamma(r), digamma(a + b));
        let (ln_g_r, ln_b_ab) = (ln_gamma(r), ln_beta(a, b));
        let psi_b = digamma(b);
        let ln_a = a.ln();
        let ln_times: Vec<f64> = g.times.iter().map(|t| (alpha + t).ln()).collect();
        let inv_times: Vec<f64> = g.times.iter().map(|t| 1.0 / (alpha + t)).collect();
        let (mut ll, mut d) = (0.0, [0.0; 4]);
        for &(x, first, last) in &g.frequencies {
            // Terms of this frequency, once.
            let rows = &g.rows[first..last];
            let count: f64 = rows.iter().map(|row| row.2).sum();
            let psi_bx = digamma(b + x);
            let psi_abx = digamma(a + b + x);
            let constant = ln_gamma(r + x) - ln_g_r + r * ln_alpha + ln_beta(a, b + x) - ln_b_ab;
            ll += count * constant;
            d[0] += count * (digamma(r + x) - psi_r + ln_alpha);
            d[1] += count * r / alpha;
            d[2] += count * (psi_ab - psi_abx);
            d[3] += count * (psi_bx - psi_abx - psi_b + psi_ab);
            let rx = r + x;
            // ln[a/(b+x−1)]: the second term's factor (x > 0).
            let ln_share = if x > 0.0 { ln_a - (b + x - 1.0).ln() } else { 0.0 };
            let (mut s_ll, mut s_r, mut s_alpha, mut s_w2) = (0.0, 0.0, 0.0, 0.0);
            for (&(_, _, w), &(i_tx, i_t)) in rows.iter().zip(&g.row_times[first..last]) {
                let (l_t, l_tx) = (ln_times[i_t as usize], ln_times[i_tx as usize]);
                let u1 = -rx * l_t;
                // The bracket (α+T)^−(r+x) + [x > 0] a/(b+x−1) (α+t_x)^−(r+x) in logs, and
                // the second term's share w2 of it.
                let (bracket, w2) = if x == 0.0 {
                    (u1, 0.0)
                } else {
                    let diff = ln_share - rx * l_tx - u1;
                    let e = (-diff.abs()).exp();
                    let total = u1 + diff.max(0.0) + e.ln_1p();
                    (total, if diff > 0.0 { 1.0 / (1.0 + e) } else { e / (1.0 + e) })
                };
                let w1 = 1.0 - w2;
                s_ll += w * bracket;
                s_r += w * (w1 * l_t + w2 * l_tx);
                s_alpha += w * (w1 * inv_times[i_t as usize] + w2 * inv_times[i_tx as usize]);
                s_w2 += w * w2;
            }
            ll += s_ll;
            d[0] -= s_r;
            d[1] -= rx * s_alpha;
            if x > 0.0 {
                d[2] += s_w2 / a;
                d[3] -= s_w2 / (b + x - 1.0);
            }
        }
        (ll, d)
    }
}

/// Maximum likelihood on each customer's frequency, recency and T (one unit of time).
pub fn fit(frequency: &[f64], recency: &[f64], t: &[f64]) -> Result<Fit<BgNbd>> {
    check(frequency, recency, t)?;
    fit_grouped(&group(frequency, recency, t))
}

/// [`fit`] on rows that stand for `count[i]` customers each (one row per distinct history with
/// its count, as `GROUP BY frequency, recency, T` gives them; `count` empty: one each). Errors
/// name the field (`count[2]`).
pub fn fit_counts(frequency: &[f64], recency: &[f64], t: &[f64], count: &[f64]) -> Result<Fit<BgNbd>> {
    check(frequency, recency, t)?;
    if !count.is_empty() {
        super::data::check_count(count, frequency.len())?;
    }
    fit_grouped(&super::data::group_counts(frequency, recency, t, count))
}

/// Maximum likelihood on customers grouped by history ([`super::data::group_counts`]): a
/// table of customers and its rows with counts give the same fit.
pub fn fit_grouped(g: &Grouped) -> Result<Fit<BgNbd>> {
    if g.frequencies.iter().all(|f| f.0 == 0.0) {
        return Err(Error::new(
            ErrorCode::NoConvergence,
            "frequency",
            "no customer made a repeat purchase: the model cannot be fitted",
        ));
    }
    let n = g.customers;
    let (total_x, total_t) = g.totals();
    // Start: one purchase rate for everyone (r = 1, α = ΣT/Σx), a middling dropout.
    let start = [1.0, total_t / total_x, 1.0, 1.0];
    let ll = |q: &[f64]| {
        let (value, d) = BgNbd { r: q[0], alpha: q[1], a: q[2], b: q[3] }.log_likelihood_and_gradient(g);
        Some((value, d.to_vec()))
    };
    let optimum = maximize(&ll, &start, n)?;
    let p = &optimum.params;
    let (log_likelihood, standard_errors) = at_estimate(&ll, p)?;
    Ok(Fit {
        model: BgNbd { r: p[0], alpha: p[1], a: p[2], b: p[3] },
        log_likelihood,
        standard_errors,
        observations: n,
        iterations: optimum.iterations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const M: BgNbd = BgNbd { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

    /// P(N ≥ n) summed term by term from n to where the terms vanish, in extended care (the
    /// terms added smallest first): what the head's complement is checked against.
    fn tail_by_sum(n: f64, r: f64, ln_p0: f64, ln_z: f64) -> f64 {
        let ln_nb = |j: f64| ln_gamma(r + j) - ln_gamma(r) - ln_gamma(j + 1.0) + r * ln_p0 + j * ln_z;
        let terms: Vec<f64> = (0..200_000).map(|k| ln_nb(n + k as f64).exp()).take_while(|&t| t > 0.0).collect();
        terms.iter().rev().sum()
    }

    /// Where the head is from 0.5 to 0.9, P(N ≥ n) is now 1 − the head, not the tail's sum
    /// (for CDNOW's fit, P(2 purchases in 52 weeks) summed about 450 terms): both agree to 1e-12 (the reference takes each term from its own logarithm).
    #[test]
    fn the_head_complement_equals_the_tail_sum() {
        let mut checked = 0;
        for &(r, alpha) in &[(M.r, M.alpha), (0.5, 10.0), (2.0, 3.0), (0.05, 1.0), (8.0, 40.0)] {
            for &t in &[1.0, 13.0, 52.0, 104.0, 520.0] {
                let (ln_p0, ln_z) = (-(t / alpha).ln_1p(), -(alpha / t).ln_1p());
                let ln_nb = |j: f64| ln_gamma(r + j) - ln_gamma(r) - ln_gamma(j + 1.0) + r * ln_p0 + j * ln_z;
                for n in [1.0, 2.0, 3.0, 5.0, 10.0, 30.0, 100.0, 400.0] {
                    let head: f64 = (0..n as u32).map(|j| ln_nb(j as f64).exp()).sum();
                    let (got, want) =
                        (negative_binomial_tail(n, r, ln_p0, ln_z, &ln_nb), tail_by_sum(n, r, ln_p0, ln_z));
                    assert!((got - want).abs() <= 1e-12 * want, "r {r} α {alpha} t {t} n {n}: {got} against {want}");
                    checked += (head > 0.5 && head <= 0.9) as u32;
                }
            }
        }
        assert!(checked >= 10, "only {checked} cases with the head from 0.5 to 0.9");
    }

    /// A fit to customers who buy steadily and never drop out (900 customers of a German
    /// export, each buying every month) ends at a, b in the hundreds of millions: p is then
    /// all but fixed at a/(a+b), and E[X(t)] is the pure-NBD value at that p. The integral for
    /// it used to give up after 2^14 nodes (NaN, 6 ms a call: 78 s for the analysis).
    #[test]
    fn expected_purchases_for_a_concentrated_dropout_rate() {
        let m = BgNbd { r: 1588538.861168596, alpha: 1235218.138306498, a: 198711295.86933535, b: 522753947.3659313 };
        let p = m.posterior(3.0, 40.0);
        let q = p.a / (p.a + p.b);
        for k in 1..=12 {
            let t = 4.345 * k as f64;
            let e = p.expected_purchases(t);
            let limit = -(-p.r * (q * t / p.alpha).ln_1p()).exp_m1() / q;
            assert!((e - limit).abs() <= 1e-5 * limit, "month {k}: {e} vs {limit}");
        }
    }

    #[test]
    fn gradient_matches_differences() {
        let g = group(&[0.0, 2.0, 5.0, 2.0], &[0.0, 30.43, 20.0, 10.0], &[38.86, 38.86, 32.0, 12.0]);
        let (_, d) = M.log_likelihood_and_gradient(&g);
        let p = M.params();
        for i in 0..4 {
            let h = 1e-6 * p[i];
            let (mut up, mut down) = (p.clone(), p.clone());
            up[i] += h;
            down[i] -= h;
            let at = |q: &[f64]| BgNbd { r: q[0], alpha: q[1], a: q[2], b: q[3] }.log_likelihood_and_gradient(&g).0;
            let numeric = (at(&up) - at(&down)) / (2.0 * h);
            assert!((d[i] - numeric).abs() < 1e-6 * numeric.abs().max(1.0), "{i}: {} vs {numeric}", d[i]);
        }
        // The grouped sum equals the sum of the individual likelihoods.
        let single: f64 = [(0.0, 0.0, 38.86), (2.0, 30.43, 38.86), (5.0, 20.0, 32.0), (2.0, 10.0, 12.0)]
            .iter()
            .map(|&(x, tx, t)| M.log_likelihood(x, tx, t))
            .sum();
        assert!((M.log_likelihood_and_gradient(&g).0 - single).abs() < 1e-10);
    }

    #[test]
    fn both_routes_to_the_expectation_agree() {
        for m in [M, BgNbd { r: 3.0, alpha: 0.5, a: 2.5, b: 0.9 }, BgNbd { r: 0.1, alpha: 40.0, a: 0.3, b: 7.0 }] {
            for t in [0.01, 1.0, 39.0, 400.0] {
                let series = m.expected_purchases(t);
                let integral = expected_by_integral(m.r, t / m.alpha, m.a, m.b).unwrap();
                assert!((series - integral).abs() <= 1e-11 * integral, "{m:?} t {t}: {series} vs {integral}");
            }
        }
    }
}
