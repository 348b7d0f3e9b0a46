//! Probabilistic customer-base models (docs/FORMULAS.md 15) and their numerics.
//!
//! - [`bgnbd`] and [`paretonbd`]: non-contractual purchasing, fitted on each customer's
//!   frequency, recency and T (docs/FORMULAS.md 14); they predict whether a customer is still
//!   active and how often they will buy ([`PurchaseModel`]).
//! - [`gamma_gamma`]: spend per purchase, fitted on the repeat buyers.
//! - [`clv`]: the two combined into a CLV per customer.
//! - [`sbg`]: contractual retention (shifted-beta-geometric), fitted on a cohort's survival.
//!
//! Every fit maximises the log-likelihood over the parameters' logarithms (`optimize`),
//! with analytic gradients, and fails with `no_convergence` rather than return garbage.

// The per-customer columns API of the wasm boundary (src/wasm.rs): internal.
#[cfg_attr(not(all(target_arch = "wasm32", feature = "wasm")), allow(dead_code))]
pub(crate) mod api;
pub mod bgnbd;
pub mod clv;
pub mod customers;
pub mod data;
pub mod gamma_gamma;
pub(crate) mod optimize;
pub mod paretonbd;
pub mod sbg;
pub mod special;

/// A fitted model with what the fit found.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(rename_all = "camelCase"))]
pub struct Fit<M> {
    /// The estimated model.
    pub model: M,
    /// The log-likelihood at the estimate, summed over the customers (natural log).
    pub log_likelihood: f64,
    /// Standard errors of the parameters, in the model's parameter order; None when the
    /// Hessian is not positive definite at the estimate.
    pub standard_errors: Option<Vec<f64>>,
    /// How many customers (or cohort members) the fit used.
    pub observations: f64,
    /// Iterations of the optimiser.
    pub iterations: u32,
}

/// What a purchasing model (BG/NBD, Pareto/NBD) says about a customer with `x` repeat
/// purchases, the last at age `tx`, observed until age `t_end` (all times in one unit).
pub trait PurchaseModel: Sized {
    /// The parameters in their usual order (r, α, a, b for BG/NBD; r, α, s, β for Pareto/NBD).
    fn params(&self) -> Vec<f64>;
    /// The log-likelihood of one customer's history.
    fn log_likelihood(&self, x: f64, tx: f64, t_end: f64) -> f64;
    /// P(still active at `t_end` | history).
    fn probability_alive(&self, x: f64, tx: f64, t_end: f64) -> f64;
    /// E[X(t)]: expected repeat purchases in (0, t] of a customer who has just made a first purchase.
    fn expected_purchases(&self, t: f64) -> f64;
    /// P(X(t) = n) for a customer who has just made a first purchase.
    fn probability_of_purchases(&self, n: u32, t: f64) -> f64;
    /// The model of a customer's future given that they are still active at `t_end` after
    /// `x` repeat purchases: the same model with updated parameters.
    fn posterior(&self, x: f64, t_end: f64) -> Self;

    /// E[purchases in (t_end, t_end + t] | history].
    fn conditional_expected_purchases(&self, t: f64, x: f64, tx: f64, t_end: f64) -> f64 {
        if t <= 0.0 {
            return 0.0;
        }
        self.expected_given_active(x, tx, t_end, self.posterior(x, t_end).expected_purchases(t))
    }

    /// [`PurchaseModel::conditional_expected_purchases`] (for t > 0) from `active`, the
    /// posterior's E[X(t)]: it depends on x and t_end only, so a caller with many histories
    /// can compute it once per distinct (x, t_end).
    fn expected_given_active(&self, x: f64, tx: f64, t_end: f64, active: f64) -> f64 {
        self.probability_alive(x, tx, t_end) * active
    }

    /// P(n purchases in (t_end, t_end + t] | history): a customer no longer active makes none.
    fn conditional_probability_of_purchases(&self, n: u32, t: f64, x: f64, tx: f64, t_end: f64) -> f64 {
        self.probability_given_active(n, x, tx, t_end, self.posterior(x, t_end).probability_of_purchases(n, t))
    }

    /// [`PurchaseModel::conditional_probability_of_purchases`] from `active`, the posterior's
    /// P(X(t) = n), which depends on x and t_end only.
    fn probability_given_active(&self, n: u32, x: f64, tx: f64, t_end: f64, active: f64) -> f64 {
        let alive = self.probability_alive(x, tx, t_end);
        let p = alive * active;
        if n == 0 {
            p + (1.0 - alive)
        } else {
            p
        }
    }
}
