//! Total customer value (docs/FORMULAS.md 8) and retention impact (docs/FORMULAS.md 9).

use crate::input::input;
use crate::output::output;

use crate::check::{amount, between, or};
use crate::error::{Error, ErrorCode, Result};
use crate::metrics::clv::Subscription;
use crate::metrics::stream::Stream;

input! {
    serde:
    /// Input of [`tcv`]. Rates and costs are per period; every cost defaults to 0. Where
    /// grossMargin already nets out a cost, leave that cost at 0.
    pub struct TcvInput {
        /// Average revenue per account and period, in currency units.
        pub arpa: f64 = "arpa",
        /// Share of customers lost per period, 0 to 1.
        pub churn_rate: f64 = "churnRate",
        /// Share of revenue kept as gross profit, 0 to 1 (default 1).
        pub gross_margin: Option<f64> = "grossMargin",
        /// Net growth of a customer's spend per period, -1 to 1 (default 0).
        pub expansion_rate: Option<f64> = "expansionRate",
        /// Discount rate per period, 0 to 1 (default 0).
        pub discount_rate: Option<f64> = "discountRate",
        /// Number of periods to count, 1 to 1200; absent or null for an open horizon.
        pub horizon: Option<f64> = "horizon",
        /// Customers each customer refers over its lifetime (default 0).
        pub referrals_per_customer: Option<f64> = "referralsPerCustomer",
        /// Value of one referred customer (default 0).
        pub value_per_referral: Option<f64> = "valuePerReferral",
        /// Once, at the start (default 0).
        pub acquisition_cost: Option<f64> = "acquisitionCost",
        /// Once, at the start (default 0).
        pub onboarding_cost: Option<f64> = "onboardingCost",
        /// Support and service, per period.
        pub service_cost: Option<f64> = "serviceCost",
        /// Account management, per period.
        pub account_management_cost: Option<f64> = "accountManagementCost",
        /// Retention programme and churn prevention, per period.
        pub retention_cost: Option<f64> = "retentionCost",
        /// Expected dunning (failed payments) cost, per period.
        pub dunning_cost: Option<f64> = "dunningCost",
        /// Expected upgrade and migration work, per period.
        pub upgrade_cost: Option<f64> = "upgradeCost",
    }
}

output! {
    serde:
    /// The signed parts of TCV; they add up to `tcv`. Costs are negative.
    pub struct TcvParts {
        /// CLV without expansion (docs/FORMULAS.md 3 with expansionRate 0).
        pub revenue: f64 = "revenue",
        /// What expansion adds to CLV (negative for net contraction).
        pub expansion: f64 = "expansion",
        /// `referralsPerCustomer × valuePerReferral`.
        pub referrals: f64 = "referrals",
        /// `−acquisitionCost`.
        pub acquisition: f64 = "acquisition",
        /// `−onboardingCost`.
        pub onboarding: f64 = "onboarding",
        /// `−Σ_t costToServePerPeriod × w_t`.
        pub cost_to_serve: f64 = "costToServe",
    }
}

output! {
    serde:
    /// Result of [`tcv`].
    pub struct TcvResult {
        /// Total customer value: `clv + referrals − acquisition − onboarding − costToServe` (the parts' sum).
        pub tcv: f64 = "tcv",
        /// CLV with expansion: `revenue + expansion`.
        pub clv: f64 = "clv",
        /// The signed parts that add up to `tcv`.
        pub parts: TcvParts = "parts",
        /// Sum of the named recurring costs, per period.
        pub cost_to_serve_per_period: f64 = "costToServePerPeriod",
        /// `Σ_t w_t` with `w_t = ((1 − churnRate) / (1 + discountRate))^t`: the expected,
        /// discounted number of periods each recurring cost is paid.
        pub cost_weight: f64 = "costWeight",
    }
}

/// Total customer value: `CLV + referrals − acquisition − onboarding − Σ_t costToServe × w_t`
/// (docs/FORMULAS.md 8), every part returned on its own.
pub fn tcv(input: &TcvInput) -> Result<TcvResult> {
    let s = Subscription::from_parts(
        input.arpa,
        input.churn_rate,
        input.gross_margin,
        input.expansion_rate,
        input.discount_rate,
        input.horizon,
    )?;
    let cost = |field: &str, v: Option<f64>| or(v, 0.0, |v| amount(field, v));
    let referrals = cost("referralsPerCustomer", input.referrals_per_customer)?;
    let per_referral = cost("valuePerReferral", input.value_per_referral)?;
    let acquisition = cost("acquisitionCost", input.acquisition_cost)?;
    let onboarding = cost("onboardingCost", input.onboarding_cost)?;
    let per_period = [
        cost("serviceCost", input.service_cost)?,
        cost("accountManagementCost", input.account_management_cost)?,
        cost("retentionCost", input.retention_cost)?,
        cost("dunningCost", input.dunning_cost)?,
        cost("upgradeCost", input.upgrade_cost)?,
    ]
    .iter()
    .sum::<f64>();

    let clv = s.clv()?;
    // The revenue part is CLV without expansion. With contraction it can be infinite where CLV
    // is not (no churn, no discount, open horizon): then the breakdown has no finite parts.
    let revenue = Subscription { expansion: 0.0, ..s }.stream().total(
        "churnRate",
        "churnRate 0 without a discountRate serves a customer forever: its revenue before contraction is infinite, \
         so TCV has no finite breakdown. Set a horizon or a discountRate",
    )?;
    let cost_weight = match s.cost_weights().total("churnRate", "") {
        Ok(w) => w,
        Err(_) if per_period == 0.0 => 0.0,
        Err(_) => {
            return Err(crate::check::diverges(
                "churnRate",
                "the cost to serve is infinite: with churnRate 0 and discountRate 0 a customer is served forever. \
                 Raise churnRate or discountRate, or set a horizon",
            ))
        }
    };
    let parts = TcvParts {
        revenue,
        expansion: clv - revenue,
        referrals: Stream::guard("valuePerReferral", referrals * per_referral)?,
        acquisition: -acquisition,
        onboarding: -onboarding,
        cost_to_serve: -Stream::guard("serviceCost", per_period * cost_weight)?,
    };
    let tcv = clv + parts.referrals + parts.acquisition + parts.onboarding + parts.cost_to_serve;
    Ok(TcvResult { tcv: Stream::guard("arpa", tcv)?, clv, parts, cost_to_serve_per_period: per_period, cost_weight })
}

input! {
    serde:
    /// Input of [`retention_impact`] (docs/FORMULAS.md 9).
    pub struct RetentionImpactInput {
        /// Average revenue per account and period, in currency units.
        pub arpa: f64 = "arpa",
        /// Per period (a month by default).
        pub churn_rate: f64 = "churnRate",
        /// Share of revenue kept as gross profit, 0 to 1 (default 1).
        pub gross_margin: Option<f64> = "grossMargin",
        /// Net growth of a customer's spend per period, -1 to 1 (default 0).
        pub expansion_rate: Option<f64> = "expansionRate",
        /// Discount rate per period, 0 to 1 (default 0).
        pub discount_rate: Option<f64> = "discountRate",
        /// Subtracted from CLV for lifetime profit (default 0).
        pub acquisition_cost: Option<f64> = "acquisitionCost",
        /// Rise of annual retention in points, as a fraction: 0.05 is 5 points (default).
        pub retention_increase: Option<f64> = "retentionIncrease",
        /// Periods in a year (default 12).
        pub periods_per_year: Option<f64> = "periodsPerYear",
    }
}

output! {
    serde:
    /// One side of [`RetentionImpactResult`].
    pub struct RetentionScenario {
        /// Churn per period.
        pub churn_rate: f64 = "churnRate",
        /// `(1 − churnRate)^periodsPerYear`.
        pub annual_retention: f64 = "annualRetention",
        /// Subscription CLV at this churn (docs/FORMULAS.md 3).
        pub clv: f64 = "clv",
        /// `clv − acquisitionCost`.
        pub profit: f64 = "profit",
    }
}

output! {
    serde:
    /// Result of [`retention_impact`].
    pub struct RetentionImpactResult {
        /// At today's churn.
        pub before: RetentionScenario = "before",
        /// With annual retention raised by `retentionIncrease` points.
        pub after: RetentionScenario = "after",
        /// Change of CLV in percent; null when CLV before is 0.
        pub clv_change_pct: Option<f64> = "clvChangePct",
        /// Change of lifetime profit in percent of the profit before (its absolute value); null
        /// when the profit before is 0.
        pub profit_change_pct: Option<f64> = "profitChangePct",
    }
}

/// What raising annual retention by `retentionIncrease` points does to CLV and lifetime
/// profit (docs/FORMULAS.md 9): `R = (1 − churn)^P`, `R' = R + increase` (below 1), new churn
/// `1 − R'^(1/P)`. Example: arpa 100, churn 0.05: CLV 2,000 -> 2,327.3 (+16.4 %).
pub fn retention_impact(input: &RetentionImpactInput) -> Result<RetentionImpactResult> {
    let s = Subscription::from_parts(
        input.arpa,
        input.churn_rate,
        input.gross_margin,
        input.expansion_rate,
        input.discount_rate,
        None,
    )?;
    let acquisition = or(input.acquisition_cost, 0.0, |v| amount("acquisitionCost", v))?;
    let increase = or(input.retention_increase, 0.05, |v| {
        between("retentionIncrease", v, 0.0, 1.0, "must be a fraction between 0 and 1 (5 points is 0.05)")
    })?;
    let per_year =
        or(input.periods_per_year, 12.0, |v| between("periodsPerYear", v, 1.0, 366.0, "must be between 1 and 366"))?;
    let scenario = |churn: f64, annual_retention: f64| -> Result<RetentionScenario> {
        let clv = Subscription { churn, ..s }.clv()?;
        Ok(RetentionScenario { churn_rate: churn, annual_retention, clv, profit: clv - acquisition })
    };
    let annual = (1.0 - s.churn).powf(per_year);
    let before = scenario(s.churn, annual)?;
    let after = if increase == 0.0 {
        before.clone() // exactly nothing changes, even where `annual` underflows to 0
    } else {
        let raised = annual + increase;
        if raised >= 1.0 {
            return Err(Error::new(
                ErrorCode::OutOfRange,
                "retentionIncrease",
                "retentionIncrease would lift annual retention to 100 % or more: choose fewer points",
            ));
        }
        // 1 − R'^(1/P), without cancellation when R' is near 1.
        scenario(-(raised.ln() / per_year).exp_m1(), raised)?
    };
    let pct = |from: f64, to: f64| (from != 0.0).then(|| (to - from) / from.abs() * 100.0);
    Ok(RetentionImpactResult {
        clv_change_pct: pct(before.clv, after.clv),
        profit_change_pct: pct(before.profit, after.profit),
        before,
        after,
    })
}
