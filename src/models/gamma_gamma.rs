//! Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"; Fader & Hardie 2013, note
//! 025): a customer's spend per purchase is Gamma(p, ν) around their own mean, with ν ~ Gamma(q, v)
//! across customers. Fitted on the repeat buyers' mean spend per repeat purchase.

use super::optimize::{at_estimate, maximize};
use super::special::{digamma, ln_gamma};
use super::Fit;
use crate::error::{concat, Digits, Error, ErrorCode, Result};

#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(rename_all = "camelCase"))]
pub struct GammaGamma {
    pub p: f64,
    pub q: f64,
    pub v: f64,
}

/// A Gamma-Gamma fit with how many customers entered it and a check of the model's
/// assumption that spend does not depend on frequency.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(rename_all = "camelCase"))]
pub struct SpendFit {
    pub fit: Fit<GammaGamma>,
    /// Customers left out: no repeat purchase, or a mean spend of 0 or less (returns).
    pub excluded: f64,
    /// Pearson correlation of frequency and mean spend among the customers fitted; the model
    /// assumes they are independent (near 0).
    pub frequency_spend_correlation: f64,
}

impl GammaGamma {
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

    /// The log-likelihood summed over `rows` (x, m), sorted by x, and its gradient in (p, q, v).
    /// The Γ and ψ terms depend on x only: once per distinct x.
    fn log_likelihood_and_gradient(&self, rows: &[(f64, f64)]) -> (f64, [f64; 3]) {
        let GammaGamma { p, q, v } = *self;
        let (psi_q, ln_v, ln_g_q) = (digamma(q), v.ln(), ln_gamma(q));
        let (mut ll, mut d) = (0.0, [0.0; 3]);
        let mut i = 0;
        while i < rows.len() {
            let x = rows[i].0;
            let px = p * x;
            let (psi_pxq, psi_px, ln_x) = (digamma(px + q), digamma(px), x.ln());
            let constant = ln_gamma(px + q) - ln_gamma(px) - ln_g_q + q * ln_v + px * ln_x;
            while i < rows.len() && rows[i].0 == x {
                let m = rows[i].1;
                let (ln_m, ln_vmx) = (m.ln(), (v + m * x).ln());
                ll += constant + (px - 1.0) * ln_m - (px + q) * ln_vmx;
                d[0] += x * (psi_pxq - psi_px + ln_m + ln_x - ln_vmx);
                d[1] += psi_pxq - psi_q + ln_v - ln_vmx;
                d[2] += q / v - (px + q) / (v + m * x);
                i += 1;
            }
        }
        (ll, d)
    }
}

/// Maximum likelihood on the customers with at least one repeat purchase and a positive mean
/// spend (the others are counted in `excluded`).
pub fn fit(frequency: &[f64], monetary: &[f64]) -> Result<SpendFit> {
    if frequency.len() != monetary.len() {
        return Err(Error::new(
            ErrorCode::InvalidType,
            "monetary",
            "frequency and monetary must have one entry per customer each",
        ));
    }
    let mut rows = Vec::new();
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
            rows.push((x, m));
        }
    }
    if rows.len() < 2 {
        return Err(Error::new(
            ErrorCode::NoConvergence,
            "monetary",
            "the spend model needs at least two customers with repeat purchases and a positive mean spend",
        ));
    }
    rows.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    let n = rows.len() as f64;
    let mean_m = rows.iter().map(|r| r.1).sum::<f64>() / n;
    // Start: p = 1, q = 2, v such that the population mean spend equals the observed one.
    let start = [1.0, 2.0, mean_m];
    let ll = |q: &[f64]| {
        let (value, d) = GammaGamma { p: q[0], q: q[1], v: q[2] }.log_likelihood_and_gradient(&rows);
        Some((value, d.to_vec()))
    };
    let optimum = maximize(&ll, &start, n)?;
    let p = &optimum.params;
    let (log_likelihood, standard_errors) = at_estimate(&ll, p)?;
    Ok(SpendFit {
        fit: Fit {
            model: GammaGamma { p: p[0], q: p[1], v: p[2] },
            log_likelihood,
            standard_errors,
            observations: n,
            iterations: optimum.iterations,
        },
        excluded: frequency.len() as f64 - n,
        frequency_spend_correlation: correlation(&rows),
    })
}

fn correlation(rows: &[(f64, f64)]) -> f64 {
    let n = rows.len() as f64;
    let (mx, mm) = (rows.iter().map(|r| r.0).sum::<f64>() / n, rows.iter().map(|r| r.1).sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for &(x, m) in rows {
        sxy += (x - mx) * (m - mm);
        sxx += (x - mx) * (x - mx);
        syy += (m - mm) * (m - mm);
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
        let rows = [(1.0, 20.0), (3.0, 35.5), (12.0, 9.0)];
        let m = GammaGamma { p: 6.25, q: 3.74, v: 15.44 };
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
