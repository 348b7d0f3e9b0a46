//! Maximum likelihood: BFGS on the parameters' logarithms (so they stay positive), with a
//! backtracking line search; standard errors from the Hessian of the log-likelihood.

use crate::error::{Error, ErrorCode, Result};

/// What a fit found.
#[derive(Debug, Clone, PartialEq)]
pub struct Optimum {
    /// The parameters (not their logarithms).
    pub params: Vec<f64>,
    /// The objective's value there.
    pub value: f64,
    /// Iterations of the optimiser.
    pub iterations: u32,
}

/// Minimises `f` over log-parameters from `start` (parameters, > 0). `f(log_params)` returns
/// the value and its gradient with respect to the log-parameters, or None where it cannot be
/// evaluated (treated as +∞). Fails with `no_convergence` when it does not converge.
pub fn minimize<F>(mut f: F, start: &[f64], max_iterations: u32) -> Result<Optimum>
where
    F: FnMut(&[f64]) -> Option<(f64, Vec<f64>)>,
{
    bfgs(&mut f, start, max_iterations)
}

// One copy of the optimiser for every model (it is called through a trait object): smaller wasm.
/// An objective over log-parameters: its value and gradient, or None where it cannot be evaluated.
type Objective<'a> = dyn FnMut(&[f64]) -> Option<(f64, Vec<f64>)> + 'a;

fn bfgs(f: &mut Objective, start: &[f64], max_iterations: u32) -> Result<Optimum> {
    let n = start.len();
    let mut x: Vec<f64> = start.iter().map(|p| p.ln()).collect();
    let (mut fx, mut g) = f(&x)
        .filter(|(v, g)| v.is_finite() && g.iter().all(|d| d.is_finite()))
        .ok_or_else(|| no_convergence("the likelihood cannot be evaluated at the starting values"))?;
    let mut h = identity(n);
    let mut quiet = 0; // consecutive iterations without real progress
    for iteration in 1..=max_iterations {
        let mut p: Vec<f64> = (0..n).map(|i| -(0..n).map(|j| h[i * n + j] * g[j]).sum::<f64>()).collect();
        let mut slope: f64 = p.iter().zip(&g).map(|(a, b)| a * b).sum();
        if slope >= 0.0 {
            h = identity(n); // not a descent direction: restart from steepest descent
            p = g.iter().map(|v| -v).collect();
            slope = -g.iter().map(|v| v * v).sum::<f64>();
        }
        // The first step along the gradient is scaled to move the log-parameters by at most 1.
        let longest = p.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        let mut step = if longest > 1.0 { 1.0 / longest } else { 1.0 };
        let mut accepted = None;
        for _ in 0..60 {
            let trial: Vec<f64> = x.iter().zip(&p).map(|(xi, pi)| xi + step * pi).collect();
            if trial.iter().all(|v| v.abs() < 700.0) {
                if let Some((ft, gt)) = f(&trial) {
                    if ft.is_finite() && gt.iter().all(|d| d.is_finite()) && ft <= fx + 1e-4 * step * slope {
                        accepted = Some((trial, ft, gt));
                        break;
                    }
                }
            }
            step *= 0.5;
        }
        let Some((xn, fxn, gn)) = accepted else {
            // No decrease along the direction: converged if the gradient is small, else stuck.
            if max_abs(&g) < 1e-5 {
                return Ok(done(&x, fx, iteration));
            }
            return Err(no_convergence("the line search found no better parameters"));
        };
        let s: Vec<f64> = xn.iter().zip(&x).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = gn.iter().zip(&g).map(|(a, b)| a - b).collect();
        let sy: f64 = s.iter().zip(&y).map(|(a, b)| a * b).sum();
        if sy > 1e-14 {
            // BFGS update of the inverse Hessian.
            let hy: Vec<f64> = (0..n).map(|i| (0..n).map(|j| h[i * n + j] * y[j]).sum()).collect();
            let yhy: f64 = y.iter().zip(&hy).map(|(a, b)| a * b).sum();
            for i in 0..n {
                for j in 0..n {
                    h[i * n + j] += (sy + yhy) * s[i] * s[j] / (sy * sy) - (hy[i] * s[j] + s[i] * hy[j]) / sy;
                }
            }
        }
        let improvement = fx - fxn;
        (x, fx, g) = (xn, fxn, gn);
        if max_abs(&g) < 1e-9 {
            return Ok(done(&x, fx, iteration));
        }
        quiet = if improvement <= 1e-15 * fx.abs().max(1.0) { quiet + 1 } else { 0 };
        if quiet >= 3 && max_abs(&g) < 1e-5 {
            return Ok(done(&x, fx, iteration));
        }
    }
    Err(no_convergence("the fit did not converge within its iterations"))
}

fn done(x: &[f64], value: f64, iterations: u32) -> Optimum {
    Optimum { params: x.iter().map(|v| v.exp()).collect(), value, iterations }
}

/// The n × n identity, row by row in one Vec (the matrices here are small and flat: fewer
/// allocations and bounds checks than a Vec of rows).
fn identity(n: usize) -> Vec<f64> {
    (0..n * n).map(|k| if k % (n + 1) == 0 { 1.0 } else { 0.0 }).collect()
}

fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0f64, |m, x| m.max(x.abs()))
}

/// A log-likelihood summed over `n` observations and its gradient in the parameters, or None
/// where it cannot be evaluated.
pub type LogLikelihood<'a> = dyn Fn(&[f64]) -> Option<(f64, Vec<f64>)> + 'a;

/// Maximum likelihood over positive parameters: minimises −LL/n (per observation, so that the
/// tolerances do not depend on the size of the data) over the parameters' logarithms, the
/// gradient carried over by the chain rule.
pub fn maximize(ll: &LogLikelihood, start: &[f64], n: f64) -> Result<Optimum> {
    let objective = |log: &[f64]| {
        let params: Vec<f64> = log.iter().map(|v| v.exp()).collect();
        let (value, gradient) = ll(&params)?;
        let scaled: Vec<f64> = gradient.iter().zip(&params).map(|(d, p)| -d * p / n).collect();
        (value.is_finite() && scaled.iter().all(|d| d.is_finite())).then_some((-value / n, scaled))
    };
    minimize(objective, start, 1000)
}

/// The log-likelihood at an estimate and the standard errors there.
pub fn at_estimate(ll: &LogLikelihood, params: &[f64]) -> Result<(f64, Option<Vec<f64>>)> {
    let value = ll(params).map(|(v, _)| v).filter(|v| v.is_finite());
    let value = value.ok_or_else(|| no_convergence("the fit ended where the likelihood cannot be evaluated"))?;
    let gradient = |q: &[f64]| {
        let (_, g) = ll(q)?;
        g.iter().all(|d| d.is_finite()).then(|| g.iter().map(|d| -d).collect())
    };
    Ok((value, standard_errors(gradient, params)))
}

/// A `no_convergence` error with `message`.
pub fn no_convergence(message: &str) -> Error {
    Error::new(ErrorCode::NoConvergence, "", message)
}

/// Standard errors of the parameters: the square roots of the diagonal of the inverse of the
/// negative log-likelihood's Hessian, which is found by central differences of the analytic
/// gradient `grad(params)` (with respect to the parameters themselves). None when the Hessian
/// is not positive definite there.
pub fn standard_errors<G>(mut grad: G, params: &[f64]) -> Option<Vec<f64>>
where
    G: FnMut(&[f64]) -> Option<Vec<f64>>,
{
    hessian_errors(&mut grad, params)
}

#[allow(clippy::needless_range_loop)] // matrix code reads best with indices
fn hessian_errors(grad: &mut dyn FnMut(&[f64]) -> Option<Vec<f64>>, params: &[f64]) -> Option<Vec<f64>> {
    let n = params.len();
    let mut hessian = vec![0.0; n * n];
    for j in 0..n {
        let h = 1e-5 * params[j].abs().max(1e-8);
        let mut up = params.to_vec();
        let mut down = params.to_vec();
        up[j] += h;
        down[j] -= h;
        if down[j] <= 0.0 {
            return None;
        }
        let (gu, gd) = (grad(&up)?, grad(&down)?);
        for i in 0..n {
            hessian[i * n + j] = (gu[i] - gd[i]) / (2.0 * h);
        }
    }
    for i in 0..n {
        for j in 0..i {
            let mean = (hessian[i * n + j] + hessian[j * n + i]) / 2.0;
            hessian[i * n + j] = mean;
            hessian[j * n + i] = mean;
        }
    }
    let inverse = invert(hessian, n)?;
    (0..n).map(|i| inverse[i * n + i]).map(|v| (v > 0.0 && v.is_finite()).then(|| v.sqrt())).collect()
}

/// The inverse of a small n × n matrix (flat, row by row) by Gauss-Jordan elimination with
/// partial pivoting.
fn invert(mut a: Vec<f64>, n: usize) -> Option<Vec<f64>> {
    let mut inv = identity(n);
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i * n + col].abs().total_cmp(&a[j * n + col].abs()))?;
        if a[pivot * n + col].abs() < 1e-300 {
            return None;
        }
        for j in 0..n {
            a.swap(col * n + j, pivot * n + j);
            inv.swap(col * n + j, pivot * n + j);
        }
        let d = a[col * n + col];
        for j in 0..n {
            a[col * n + j] /= d;
            inv[col * n + j] /= d;
        }
        for i in 0..n {
            if i != col {
                let factor = a[i * n + col];
                for j in 0..n {
                    a[i * n + j] -= factor * a[col * n + j];
                    inv[i * n + j] -= factor * inv[col * n + j];
                }
            }
        }
    }
    Some(inv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_minimum_of_a_known_function() {
        // f(p) = (ln p0 − 1)² + 10 (ln p1 + 2)², minimum at p = (e, e^−2)
        let f = |x: &[f64]| {
            Some(((x[0] - 1.0).powi(2) + 10.0 * (x[1] + 2.0).powi(2), vec![2.0 * (x[0] - 1.0), 20.0 * (x[1] + 2.0)]))
        };
        let o = minimize(f, &[1.0, 1.0], 200).unwrap();
        assert!((o.params[0] - std::f64::consts::E).abs() < 1e-8);
        assert!((o.params[1] - (-2f64).exp()).abs() < 1e-9);
        // Rosenbrock in log space
        let rosen = |x: &[f64]| {
            let (a, b) = (x[0], x[1]);
            Some((
                (1.0 - a).powi(2) + 100.0 * (b - a * a).powi(2),
                vec![-2.0 * (1.0 - a) - 400.0 * a * (b - a * a), 200.0 * (b - a * a)],
            ))
        };
        let o = minimize(rosen, &[0.2, 3.0], 2000).unwrap();
        assert!((o.params[0].ln() - 1.0).abs() < 1e-5 && (o.params[1].ln() - 1.0).abs() < 1e-5);
    }

    #[test]
    fn an_unbounded_objective_does_not_converge() {
        let f = |x: &[f64]| Some((-x[0], vec![-1.0]));
        assert_eq!(minimize(f, &[1.0], 100).unwrap_err().code, ErrorCode::NoConvergence);
        let nowhere = |_: &[f64]| None;
        assert_eq!(minimize(nowhere, &[1.0], 100).unwrap_err().code, ErrorCode::NoConvergence);
    }

    #[test]
    fn standard_errors_of_a_normal_mean() {
        // −LL of n = 100 draws with variance 4 around mean m: (m − 3)² n / (2 × 4); SE = 0.2
        let grad = |p: &[f64]| Some(vec![(p[0] - 3.0) * 100.0 / 4.0]);
        let se = standard_errors(grad, &[3.0]).unwrap();
        assert!((se[0] - 0.2).abs() < 1e-6);
    }
}
