//! Special functions for the customer-base models, written for stability: everything that can
//! overflow is computed as a logarithm.

use std::f64::consts::PI;

/// ln Γ(x) for x > 0: Stirling's series from x ≥ 10 (shifting smaller arguments up with the
/// recurrence Γ(x + 1) = x Γ(x)); about 1e-15 relative.
pub fn ln_gamma(x: f64) -> f64 {
    if x < 10.0 {
        // ln Γ(x) = ln Γ(x + k) − ln(x (x + 1) ... (x + k − 1)), with x + k ≥ 10
        let (mut shift, mut product) = (x, 1.0);
        while shift < 10.0 {
            product *= shift;
            shift += 1.0;
        }
        return ln_gamma(shift) - product.ln();
    }
    let inv = 1.0 / x;
    let inv2 = inv * inv;
    // Bernoulli terms: 1/12x − 1/360x³ + 1/1260x⁵ − 1/1680x⁷ + 1/1188x⁹ − 691/360360x¹¹
    let series = inv
        * (1.0 / 12.0
            - inv2
                * (1.0 / 360.0
                    - inv2
                        * (1.0 / 1260.0 - inv2 * (1.0 / 1680.0 - inv2 * (1.0 / 1188.0 - inv2 * 691.0 / 360_360.0)))));
    (x - 0.5) * x.ln() - x + 0.5 * (2.0 * PI).ln() + series
}

/// ψ(x) = d/dx ln Γ(x) for x > 0: the asymptotic series from x ≥ 10, the recurrence below.
pub fn digamma(x: f64) -> f64 {
    let (mut x, mut result) = (x, 0.0);
    while x < 10.0 {
        result -= 1.0 / x;
        x += 1.0;
    }
    let inv = 1.0 / x;
    let inv2 = inv * inv;
    result + x.ln()
        - 0.5 * inv
        - inv2
            * (1.0 / 12.0
                - inv2
                    * (1.0 / 120.0
                        - inv2
                            * (1.0 / 252.0
                                - inv2
                                    * (1.0 / 240.0 - inv2 * (1.0 / 132.0 - inv2 * (691.0 / 32_760.0 - inv2 / 12.0))))))
}

/// ln B(a, b).
pub fn ln_beta(a: f64, b: f64) -> f64 {
    ln_gamma(a) + ln_gamma(b) - ln_gamma(a + b)
}

/// ln(eᵃ + eᵇ) without overflow.
pub fn log_add_exp(a: f64, b: f64) -> f64 {
    if a == f64::NEG_INFINITY {
        return b;
    }
    if b == f64::NEG_INFINITY {
        return a;
    }
    let m = a.max(b);
    m + ((a - m).exp() + (b - m).exp()).ln()
}

/// ln ₂F₁(a, b; c; z) for a, b, c > 0 and 0 ≤ z < 1, by its power series summed in scaled
/// form (the terms of a model's hypergeometric function can exceed the range of a double:
/// frequencies in the hundreds make them grow for hundreds of terms before they fall). None
/// if the series has not converged after `max_terms` terms.
pub fn ln_hyp2f1(a: f64, b: f64, c: f64, z: f64, max_terms: usize) -> Option<f64> {
    if z == 0.0 {
        return Some(0.0);
    }
    if !(0.0..1.0).contains(&z) || a <= 0.0 || b <= 0.0 || c <= 0.0 {
        return None;
    }
    // sum = e^scale × s; every term is kept as e^scale × t.
    let (mut scale, mut s, mut t) = (0.0f64, 1.0f64, 1.0f64);
    for k in 0..max_terms {
        let k = k as f64;
        t *= (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;
        s += t;
        if s > 1e250 {
            // Rescale before anything overflows.
            let shift = s.ln();
            scale += shift;
            s /= shift.exp();
            t /= shift.exp();
        }
        // Past the largest term, the rest is a geometric tail bounded by t·q/(1−q).
        let q = (a + k + 1.0) * (b + k + 1.0) / ((c + k + 1.0) * (k + 2.0)) * z;
        if q < 1.0 && t * q / (1.0 - q) <= 1e-17 * s {
            return Some(scale + s.ln());
        }
    }
    None
}

/// The 12-point Gauss-Legendre rule on [0, 1] (nodes, weights), as `gauss_legendre(12)` computes
/// it (a test checks): a table, so that the wasm needs no cosine.
pub const GAUSS_LEGENDRE_12: [(f64, f64); 12] = [
    (0.009219682876640378, 0.023587668193255917),
    (0.0479413718147626, 0.05346966299765909),
    (0.11504866290284765, 0.08003916427167317),
    (0.20634102285669126, 0.10158371336153292),
    (0.31608425050090994, 0.11674626826917739),
    (0.43738329574426554, 0.12457352290670144),
    (0.5626167042557344, 0.12457352290670144),
    (0.6839157494990901, 0.11674626826917739),
    (0.7936589771433087, 0.10158371336153292),
    (0.8849513370971523, 0.08003916427167317),
    (0.9520586281852375, 0.05346966299765909),
    (0.9907803171233596, 0.023587668193255917),
];

/// The nodes and weights of n-point Gauss-Legendre quadrature on [0, 1].
pub fn gauss_legendre(n: usize) -> Vec<(f64, f64)> {
    let mut rule = Vec::with_capacity(n);
    for i in 0..n {
        // Newton's method on the Legendre polynomial from a good first guess.
        let mut x = (PI * (i as f64 + 0.75) / (n as f64 + 0.5)).cos();
        let mut derivative = 0.0;
        for _ in 0..100 {
            let (mut p0, mut p1) = (1.0, x);
            for k in 2..=n {
                let k = k as f64;
                (p0, p1) = (p1, ((2.0 * k - 1.0) * x * p1 - (k - 1.0) * p0) / k);
            }
            derivative = n as f64 * (x * p1 - p0) / (x * x - 1.0);
            let step = p1 / derivative;
            x -= step;
            if step.abs() < 1e-16 {
                break;
            }
        }
        let w = 2.0 / ((1.0 - x * x) * derivative * derivative);
        rule.push(((1.0 - x) / 2.0, w / 2.0));
    }
    rule
}

/// E[h(p)] for p ~ Beta(a, b), a, b > 0, by tanh-sinh quadrature: p = σ(π sinh u), which
/// clusters the nodes double-exponentially at both ends, so the weight's endpoint
/// singularities (a or b below 1) and mass at astronomically small p (tiny a) are integrated
/// as accurately as smooth parts. `h(p, 1 − p)` gets both, each to full precision; p (or 1 − p)
/// may have underflowed to 0 where the weight still counts, so h must give its limit there. The step
/// is halved until two estimates agree to 1e-13; None if they never do.
pub fn beta_expectation(a: f64, b: f64, h: impl Fn(f64, f64) -> f64) -> Option<f64> {
    let ln_b = ln_beta(a, b);
    let f = |u: f64| {
        let logit = PI * u.sinh();
        let (ln_p, ln_q) = (-softplus(-logit), -softplus(logit));
        let weight = (a * ln_p + b * ln_q - ln_b + (PI * u.cosh()).ln()).exp();
        if weight == 0.0 {
            0.0
        } else {
            weight * h(ln_p.exp(), ln_q.exp())
        }
    };
    // From the weight's mode outward until the integrand is below 1e-18 of its size there.
    let centre = ((a / b).ln() / PI).asinh();
    // The weight's width in u (no floor: a concentrated Beta, a and b in the millions as a fit
    // to customers who never drop out gives, is a few 1e-5 wide, and a wider start misses it).
    let spread = ((1.0 / a + 1.0 / b).sqrt() / PI).asinh().max(1e-12);
    let size = [-1.0, 0.0, 1.0].iter().fold(0.0f64, |m, k| m.max(f(centre + k * spread).abs()));
    let reach = |direction: f64| {
        let mut distance = spread;
        while distance < 40.0 && f(centre + direction * distance).abs() > 1e-18 * size {
            distance *= 2.0;
        }
        centre + direction * distance
    };
    let (u_lo, u_hi) = (reach(-1.0), reach(1.0));
    let mut n = 16usize;
    let mut step = (u_hi - u_lo) / n as f64;
    let mut sum = (f(u_lo) + f(u_hi)) / 2.0 + (1..n).map(|i| f(u_lo + i as f64 * step)).sum::<f64>();
    let mut estimate = sum * step;
    // The weight's exponent sums terms of the size of a + b, so it carries a relative error of
    // about ε(a + b): a concentrated Beta (a and b in the millions) cannot agree to 1e-13, and
    // asking for it ran all 2^14 nodes and gave up.
    let tolerance = 1e-13f64.max(8.0 * f64::EPSILON * (a + b));
    while n < 1 << 14 {
        sum += (0..n).map(|i| f(u_lo + (i as f64 + 0.5) * step)).sum::<f64>();
        n *= 2;
        step /= 2.0;
        let next = sum * step;
        if !next.is_finite() {
            return None;
        }
        if (next - estimate).abs() <= tolerance * next.abs() {
            return Some(next);
        }
        estimate = next;
    }
    None
}

/// ln(1 + eʸ) without overflow.
fn softplus(y: f64) -> f64 {
    y.max(0.0) + (-y.abs()).exp().ln_1p()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) {
        assert!((a - b).abs() <= rel * b.abs().max(1e-300), "{a} vs {b}");
    }

    #[test]
    fn gamma_and_digamma_at_known_points() {
        assert!(ln_gamma(1.0).abs() < 1e-14);
        close(ln_gamma(0.5), 0.5 * PI.ln(), 1e-14);
        close(ln_gamma(10.0), 362_880f64.ln(), 1e-15);
        close(ln_gamma(171.5), 709.143_163_030_928_2, 1e-14);
        close(ln_gamma(1e-3), 6.907_178_885_383_853, 1e-13);
        close(digamma(1.0), -0.577_215_664_901_532_9, 1e-14);
        close(digamma(0.5), -1.963_510_026_021_423_5, 1e-14);
        close(digamma(100.0), 4.600_161_852_738_087, 1e-14);
        // ψ is the derivative of ln Γ
        let h = 1e-6;
        for x in [0.3, 1.7, 9.5, 42.0] {
            close(digamma(x), (ln_gamma(x + h) - ln_gamma(x - h)) / (2.0 * h), 1e-7);
        }
    }

    #[test]
    fn hypergeometric_against_closed_forms() {
        // ₂F₁(1, 1; 2; z) = −ln(1 − z)/z
        for z in [0.1, 0.5, 0.9, 0.999] {
            close(ln_hyp2f1(1.0, 1.0, 2.0, z, 1_000_000).unwrap(), (-(1.0 - z).ln() / z).ln(), 1e-12);
        }
        // ₂F₁(a, b; b; z) = (1 − z)^(−a)
        close(ln_hyp2f1(250.5, 3.0, 3.0, 0.6, 100_000).unwrap(), -250.5 * 0.4f64.ln(), 1e-12);
        // Large parameters: ln of a huge value, no overflow
        let v = ln_hyp2f1(500.0, 480.0, 700.0, 0.7, 1_000_000).unwrap();
        assert!(v.is_finite() && v > 300.0);
        assert_eq!(ln_hyp2f1(1.0, 1.0, 2.0, 0.0, 10), Some(0.0));
        assert_eq!(ln_hyp2f1(1.0, 1.0, 2.0, 0.999_999, 100), None);
    }

    #[test]
    fn quadrature_integrates_polynomials_and_smooth_functions() {
        assert_eq!(gauss_legendre(12), GAUSS_LEGENDRE_12.to_vec());
        let rule = gauss_legendre(16);
        let sum: f64 = rule.iter().map(|(_, w)| w).sum();
        close(sum, 1.0, 1e-14);
        let x30: f64 = rule.iter().map(|(x, w)| w * x.powi(30)).sum();
        close(x30, 1.0 / 31.0, 1e-13);
        let e: f64 = rule.iter().map(|(x, w)| w * x.exp()).sum();
        close(e, std::f64::consts::E - 1.0, 1e-14);
        close(log_add_exp(1000.0, 1000.0), 1000.0 + 2f64.ln(), 1e-15);
        assert_eq!(log_add_exp(f64::NEG_INFINITY, 3.0), 3.0);
    }

    #[test]
    fn beta_expectations_against_moments() {
        // E[p] = a/(a + b); E[1/p] = (a + b − 1)/(a − 1) for a > 1; E[ln p] = ψ(a) − ψ(a + b)
        for (a, b) in [(0.793, 2.426), (0.01, 0.02), (3.0, 0.2), (400.0, 900.0), (1e-3, 50.0)] {
            close(beta_expectation(a, b, |p, _| p).unwrap(), a / (a + b), 1e-11);
            close(beta_expectation(a, b, |_, q| q).unwrap(), b / (a + b), 1e-11);
        }
        close(beta_expectation(2.5, 0.7, |p, _| 1.0 / p).unwrap(), 2.2 / 1.5, 1e-11);
        close(beta_expectation(0.3, 0.4, |p, _| p.ln()).unwrap(), digamma(0.3) - digamma(0.7), 1e-11);
    }
}
