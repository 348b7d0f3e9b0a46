//! CLV per customer from a purchasing model and the Gamma-Gamma spend model, with the
//! convention of `lifetimes` (0.11, `customer_lifetime_value`), so that results compare:
//!
//! CLV = Σ_{k=1..months} margin · m̂ · (E[X(f·k) | history] − E[X(f·(k−1)) | history]) / (1 + d)^k
//!
//! where E[X(t) | history] is the model's expected number of purchases in the next t periods,
//! f the periods per month (4.345 weeks, 30 days or 1 month: the unit of recency and T), d
//! the monthly discount rate (the purchases of month k are discounted by k whole months) and
//! m̂ the Gamma-Gamma expected spend per purchase. `lifetimes` has no margin (it is 1 there);
//! ours defaults to 1 too, so the default CLV is discounted revenue.

use super::gamma_gamma::GammaGamma;
use super::PurchaseModel;
use crate::error::{Error, ErrorCode, Result};

#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(rename_all = "camelCase"))]
/// How a CLV is computed: horizon, discount, unit and margin.
pub struct ClvSettings {
    /// The horizon in months (default 12).
    pub months: u32,
    /// Discount rate per month (default 0.01).
    pub monthly_discount: f64,
    /// Periods (the unit of recency and T) per month.
    pub periods_per_month: f64,
    /// Share of spend that is margin (default 1: revenue).
    pub margin: f64,
}

impl ClvSettings {
    /// Checks the settings, naming the field (`months`, `discountRate`, ...).
    pub fn check(&self) -> Result<()> {
        if !(1..=MAX_MONTHS).contains(&self.months) {
            return Err(Error::new(ErrorCode::OutOfRange, "months", "months must be a whole number from 1 to 120"));
        }
        if !(self.monthly_discount.is_finite() && (0.0..=1.0).contains(&self.monthly_discount)) {
            return Err(Error::new(
                ErrorCode::OutOfRange,
                "discountRate",
                "discountRate (per month) must be from 0 to 1",
            ));
        }
        if !(self.margin.is_finite() && self.margin > 0.0 && self.margin <= 1.0) {
            return Err(Error::new(
                ErrorCode::OutOfRange,
                "grossMargin",
                "grossMargin must be greater than 0 and at most 1",
            ));
        }
        if !(self.periods_per_month.is_finite() && self.periods_per_month > 0.0) {
            return Err(Error::new(ErrorCode::OutOfRange, "periodUnit", "periods per month must be greater than 0"));
        }
        Ok(())
    }
}

/// The longest CLV horizon: ten years. The work per customer grows faster than the horizon
/// (the expected purchases over a long horizon need more terms), and 1,200 months of a BG/NBD
/// forecast for 79,000 customers ran for minutes.
pub const MAX_MONTHS: u32 = 120;

/// The most customer-months one CLV forecast computes (customers × months, or distinct
/// histories × months where customers with the same history are computed once): at most about
/// a second in the browser (measured: benches/frames.mjs, docs/figures.md).
pub const MAX_CUSTOMER_MONTHS: usize = 1_200_000;

/// Refuses a forecast of `customers` (or distinct histories) over more months than [`MAX_CUSTOMER_MONTHS`] allows,
/// naming `field` (`months`, or `models.months` in an analysis) and the longest horizon that fits.
pub fn check_work(customers: usize, months: u32, field: &str) -> Result<()> {
    check_work_of(customers, "customers", months, field)
}

/// [`check_work`] for `count` items of a kind (`customers`, `distinct customer histories`).
pub fn check_work_of(count: usize, what: &str, months: u32, field: &str) -> Result<()> {
    if count.saturating_mul(months as usize) <= MAX_CUSTOMER_MONTHS {
        return Ok(());
    }
    let most = (MAX_CUSTOMER_MONTHS / count.max(1)).max(1);
    let message = crate::error::concat(&[
        field,
        " is too long for ",
        &crate::error::Digits::to_string_fast(count),
        " ",
        what,
        ": at most ",
        &crate::error::Digits::to_string_fast(most),
        " months (customers × months up to 1,200,000 keeps the forecast to about a second)",
    ]);
    Err(Error::new(ErrorCode::OutOfRange, field, message))
}

/// The periods per month of a period unit, as `lifetimes` counts them.
pub fn periods_per_month(unit: &str) -> Option<f64> {
    match unit {
        "day" => Some(30.0),
        "week" => Some(4.345),
        "month" => Some(1.0),
        _ => None,
    }
}

/// Expected purchases in each month of the horizon for a customer with history (x, t_x, T):
/// `months` values, discounting not applied.
pub fn monthly_purchases<M: PurchaseModel>(model: &M, x: f64, tx: f64, t_end: f64, s: &ClvSettings) -> Vec<f64> {
    months_given(model.probability_alive(x, tx, t_end), &active_by_month(model, x, t_end, s)).collect()
}

/// The posterior's E[X(t)] at the end of each month of the horizon: what a customer still
/// active would buy. It depends on x and T only, not on t_x, so a caller with many histories
/// can compute it once per distinct (x, T).
pub fn active_by_month<M: PurchaseModel>(model: &M, x: f64, t_end: f64, s: &ClvSettings) -> Vec<f64> {
    let future = model.posterior(x, t_end);
    (1..=s.months).map(|k| future.expected_purchases(s.periods_per_month * k as f64)).collect()
}

/// The expected purchases in each month, from P(alive) and [`active_by_month`].
pub(crate) fn months_given(alive: f64, active: &[f64]) -> impl Iterator<Item = f64> + '_ {
    let mut previous = 0.0;
    active.iter().map(move |&a| {
        let e = alive * a;
        let month = (e - previous).max(0.0);
        previous = e;
        month
    })
}

/// `Σ_k purchases in month k / (1 + d)^k`: the customer's discounted expected purchases over
/// the horizon. It depends on the history (x, t_x, T) alone, so a caller can compute it once
/// per distinct history and multiply by each customer's expected spend.
pub fn discounted_purchases<M: PurchaseModel>(model: &M, x: f64, tx: f64, t_end: f64, s: &ClvSettings) -> f64 {
    discounted_given(model.probability_alive(x, tx, t_end), &active_by_month(model, x, t_end, s), s)
}

/// [`discounted_purchases`] from P(alive) and [`active_by_month`].
pub fn discounted_given(alive: f64, active: &[f64], s: &ClvSettings) -> f64 {
    let factor = 1.0 / (1.0 + s.monthly_discount);
    let mut discount = 1.0;
    let mut total = 0.0;
    for purchases in months_given(alive, active) {
        discount *= factor;
        total += purchases * discount;
    }
    total
}

/// The customer's CLV (see the module notes): margin × expected spend × discounted expected
/// purchases. None when the spend model has no finite mean spend (q ≤ 1).
pub fn clv<M: PurchaseModel>(
    model: &M,
    spend: &GammaGamma,
    x: f64,
    tx: f64,
    t_end: f64,
    m: f64,
    s: &ClvSettings,
) -> Option<f64> {
    Some(s.margin * spend.expected_spend(x, m)? * discounted_purchases(model, x, tx, t_end, s))
}
