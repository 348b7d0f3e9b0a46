//! Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"; Fader & Hardie 2013, note
//! 025): a customer's spend per purchase is Gamma(p, ν) around their own mean, with ν ~ Gamma(q, v)
//! across customers. Fitted on the repeat buyers' mean spend per repeat purchase.

use super::data;
use super::optimize::{at_estimate, maximize};
use super::special::{digamma, ln_gamma};
use super::Fit;
use crate::error::{concat, Digits, Error, ErrorCode, Result};

#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(rename_all = "camelCase"))]
/// The Gamma-Gamma parameters.
pub struct GammaGamma {
    /// Shape of the spend per purchase around a customer's own mean.
    pub p: f64,
    /// Shape of the customers' spend scales ν ~ Gamma(q, v).
    pub q: f64,
    /// Scale of the customers' spend scales.
    pub v: f64,
}

/// A Gamma-Gamma fit with how many customers entered it and a check of the model's
/// assumption that spend does not depend on frequency.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(rename_all = "camelCase"))]
pub struct SpendFit {
    /// The fit itself.
    pub fit: Fit<GammaGamma>,
    /// Customers left out: no repeat purchase, or a mean spend of 0 or less (returns).
    pub excluded: f64,
    /// Pearson correlation of frequency and mean spend among the customers fitted; the model
    /// assumes they are independent (near 0).
    pub frequency_spend_correlation: f64,
}

impl GammaGamma {
    /// The parameters in their usual order: p, q, v.
    pub fn params(&self) -> Vec<f64> {
        vec![self.p, self.q, self.v]
    }

    /// The population's mean spend per purchase, v p/(q − 1); None when q ≤ 1 (no finite mean).
    pub fn mean_spend(&self) -> Option<f64> {
        (self.q > 1.0).then(|| self.v * self.p / (self.q - 1.0))
    }

    /// E[spend per purchase | x repeat purchases with mean m] = p(v + x m)/(p x + q − 1): the
    /// customer's own mean shrunk toward the population's, the more the fewer purchases they
    /// made. For x = 0 the population mean. None when q ≤ 1.
    pub fn expected_spend(&self, x: f64, m: f64) -> Option<f64> {
        let GammaGamma { p, q, v } = *self;
        if q <= 1.0 {
            return None;
        }
        let own = p * x / (p * x + q - 1.0);
        Some((1.0 - own) * v * p / (q - 1.0) + own * m)
    }

    /// ln f(m | x): the density of a customer's mean spend m over x purchases (note 025 eq. 1a).
    pub fn log_likelihood(&self, x: f64, m: f64) -> f64 {
        let GammaGamma { p, q, v } = *self;
        ln_gamma(p * x + q) - ln_gamma(p * x) - ln_gamma(q) + q * v.ln() + (p * x - 1.0) * m.ln() + p * x * x.ln()
            - (p * x + q) * (v + m * x).ln()
    }

    /// The log-likelihood summed over `rows` and its gradient in (p, q, v). The Γ and ψ terms
    /// depend on x only: once per distinct x; ln m and x ln x are the rows' own.
    fn log_likelihood_and_gradient(&self, rows: &Rows) -> (f64, [f64; 3]) {
        let GammaGamma { p, q, v } = *self;
        let (psi_q, ln_v, ln_g_q) = (digamma(q), v.ln(), ln_gamma(q));
        let (mut ll, mut d) = (0.0, [0.0; 3]);
        for &(x, ln_x, first, last) in &rows.frequencies {
            let px = p * x;
            let (psi_pxq, psi_px) = (digamma(px + q), digamma(px));
            let constant = ln_gamma(px + q) - ln_gamma(px) - ln_g_q + q * ln_v + px * ln_x;
            // Sums over the rows of this frequency, then the terms of x once.
            let (mut n, mut s_ll, mut s_p, mut s_q, mut s_v) = (0.0, 0.0, 0.0, 0.0, 0.0);
            for &(m, ln_m, w) in &rows.rows[first..last] {
                let ln_vmx = (v + m * x).ln();
                n += w;
                s_ll += w * ((px - 1.0) * ln_m - (px + q) * ln_vmx);
                s_p += w * (ln_m - ln_vmx);
                s_q += w * ln_vmx;
                s_v += w / (v + m * x);
            }
            ll += n * constant + s_ll;
            d[0] += x * (n * (psi_pxq - psi_px + ln_x) + s_p);
            d[1] += n * (psi_pxq - psi_q + ln_v) - s_q;
            d[2] += n * q / v - (px + q) * s_v;
        }
        (ll, d)
    }
}

/// The repeat buyers with a positive mean spend, grouped: one row per distinct (x, m) with
/// its customers, sorted by x (then m).
#[derive(Debug, Clone, PartialEq)]
struct Rows {
    /// (x, ln x, first row, one past the last row) for each distinct frequency.
    frequencies: Vec<(f64, f64, usize, usize)>,
    /// (m, ln m, customers) rows.
    rows: Vec<(f64, f64, f64)>,
    /// The customers, summed over the rows.
    customers: f64,
}

impl Rows {
    /// The rows of the customers `fitted` picks out of `frequency` and `monetary`, each
    /// weighing `count[i]` customers (one each when `count` is empty).
    fn of(frequency: &[f64], monetary: &[f64], count: &[f64], fitted: &[u32]) -> Rows {
        let at = |k: usize| fitted[k] as usize;
        let key = |k: usize| [frequency[at(k)].to_bits(), monetary[at(k)].to_bits(), 0];
        let d = if count.is_empty() {
            data::Distinct::of(fitted.len(), key, |_| 1.0, false)
        } else {
            data::Distinct::of(fitted.len(), key, |k| count[at(k)], false)
        };
        let mut rows = Rows { frequencies: Vec::new(), rows: Vec::with_capacity(d.keys.len()), customers: 0.0 };
        for k in d.sorted() {
            let (key, w) = (d.keys[k as usize], d.weights[k as usize]);
            let (x, m) = (f64::from_bits(key[0]), f64::from_bits(key[1]));
            match rows.frequencies.last_mut() {
                Some(f) if f.0 == x => f.3 += 1,
                _ => rows.frequencies.push((x, x.ln(), rows.rows.len(), rows.rows.len() + 1)),
            }
            rows.rows.push((m, m.ln(), w));
            rows.customers += w;
        }
        rows
    }

    /// Each row's (x, m, customers).
    fn each(&self) -> impl Iterator<Item = (f64, f64, f64)> + '_ {
        self.frequencies
            .iter()
            .flat_map(move |&(x, _, first, last)| self.rows[first..last].iter().map(move |r| (x, r.0, r.2)))
    }
}

/// Maximum likelihood on the customers with at least one repeat purchase and a positive mean
/// spend (the others are counted in `excluded`).
pub fn fit(frequency: &[f64], monetary: &[f64]) -> Result<SpendFit> {
    fit_counts(frequency, monetary, &[])
}

/// [`fit`] on rows that stand for `count[i]` customers each (`count` empty: one each), as
/// `GROUP BY frequency, monetary` gives them: a table of customers and its rows with counts
/// give the same fit. Errors name the field (`count[2]`).
pub fn fit_counts(frequency: &[f64], monetary: &[f64], count: &[f64]) -> Result<SpendFit> {
    if frequency.len() != monetary.len() {
        return Err(Error::new(
            ErrorCode::InvalidType,
            "monetary",
            "frequency and monetary must have one entry per customer each",
        ));
    }
    if !count.is_empty() {
        data::check_count(count, frequency.len())?;
    }
    fit_rows(frequency, monetary, count)
}

/// [`fit_counts`] with `count` taken as it is (customers prepared before: distinct rows whose
/// counts are sums of checked ones).
pub(crate) fn fit_rows(frequency: &[f64], monetary: &[f64], count: &[f64]) -> Result<SpendFit> {
    let mut fitted = Vec::new();
    for (i, (&x, &m)) in frequency.iter().zip(monetary).enumerate() {
        let bad = |field: &str, rule: &str| {
            let name = concat(&[field, "[", &i.to_string_fast(), "]"]);
            let code = if x.is_finite() && m.is_finite() { ErrorCode::OutOfRange } else { ErrorCode::NotANumber };
            Error::new(code, name.clone(), concat(&[&name, " ", rule]))
        };
        if !(x.is_finite() && x >= 0.0 && x.fract() == 0.0) {
            return Err(bad("frequency", "must be a whole number of repeat purchases, 0 or more"));
        }
        if !(m.is_finite() && m.abs() <= crate::check::MAX_AMOUNT) {
            return Err(bad("monetary", "must be a finite amount"));
        }
        if x > 0.0 && m > 0.0 {
            fitted.push(i as u32);
        }
    }
    let rows = Rows::of(frequency, monetary, count, &fitted);
    if rows.customers < 2.0 {
        return Err(Error::new(
            ErrorCode::NoConvergence,
            "monetary",
            "the spend model needs at least two customers with repeat purchases and a positive mean spend",
        ));
    }
    let n = rows.customers;
    let mean_m = rows.each().map(|(_, m, w)| w * m).sum::<f64>() / n;
    // Start: p = 1, q = 2, v such that the population mean spend equals the observed one.
    let start = [1.0, 2.0, mean_m];
    let ll = |q: &[f64]| {
        let (value, d) = GammaGamma { p: q[0], q: q[1], v: q[2] }.log_likelihood_and_gradient(&rows);
        Some((value, d.to_vec()))
    };
    let optimum = maximize(&ll, &start, n)?;
    let p = &optimum.params;
    let (log_likelihood, standard_errors) = at_estimate(&ll, p)?;
    let all = if count.is_empty() { frequency.len() as f64 } else { count.iter().sum() };
    Ok(SpendFit {
        fit: Fit {
            model: GammaGamma { p: p[0], q: p[1], v: p[2] },
            log_likelihood,
            standard_errors,
            observations: n,
            iterations: optimum.iterations,
        },
        excluded: all - n,
        frequency_spend_correlation: correlation(&rows),
    })
}

/// The Pearson correlation of x and m over the rows, each weighing its customers.
fn correlation(rows: &Rows) -> f64 {
    let n = rows.customers;
    let (mut sx, mut sm) = (0.0, 0.0);
    for (x, m, w) in rows.each() {
        sx += w * x;
        sm += w * m;
    }
    let (mx, mm) = (sx / n, sm / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, m, w) in rows.each() {
        sxy += w * (x - mx) * (m - mm);
        sxx += w * (x - mx) * (x - mx);
        syy += w * (m - mm) * (m - mm);
    }
    if sxx == 0.0 || syy == 0.0 {
        0.0
    } else {
        sxy / (sxx * syy).sqrt()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gradient_matches_differences() {
        let (x, spend) = ([1.0, 3.0, 12.0, 3.0, 3.0], [20.0, 35.5, 9.0, 35.5, 8.0]);
        let rows = Rows::of(&x, &spend, &[], &[0, 1, 2, 3, 4]);
        assert_eq!(rows.rows.len(), 4); // (3, 35.5) twice
        let m = GammaGamma { p: 6.25, q: 3.74, v: 15.44 };
        // The grouped sum equals the sum of the customers' own log-likelihoods.
        let single: f64 = x.iter().zip(&spend).map(|(&x, &s)| m.log_likelihood(x, s)).sum();
        let grouped = m.log_likelihood_and_gradient(&rows).0;
        assert!((grouped - single).abs() <= 1e-12 * single.abs(), "{grouped} vs {single}");
        let (_, d) = m.log_likelihood_and_gradient(&rows);
        let p = m.params();
        for i in 0..3 {
            let h = 1e-6 * p[i];
            let (mut up, mut down) = (p.clone(), p.clone());
            up[i] += h;
            down[i] -= h;
            let at = |q: &[f64]| GammaGamma { p: q[0], q: q[1], v: q[2] }.log_likelihood_and_gradient(&rows).0;
            let numeric = (at(&up) - at(&down)) / (2.0 * h);
            assert!((d[i] - numeric).abs() < 1e-6 * numeric.abs().max(1.0), "{i}: {} vs {numeric}", d[i]);
        }
    }
}
