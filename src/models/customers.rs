//! The models on an analysis' customers (the `models` option of an analysis): a purchase model
//! and the Gamma-Gamma spend model fitted on the summary, then per customer the probability of
//! being active, expected purchases and spend, and CLV over the horizon; the valuable customers
//! who are probably lost; and, with a calibration end, a calibration/holdout check.

use super::api::{self, with_model, Columns, FitOptions, FitResult, Purchases};
use super::clv::{discounted_given, months_given, ClvSettings};
use super::gamma_gamma::GammaGamma;
use super::PurchaseModel;
use crate::data::date;
use crate::data::summary::Summary;
use crate::error::{Error, Result};
use crate::input::input;
use crate::output::output;

input! {
    /// The `models` option of an analysis; every field may be left out.
    pub struct ModelOptions {
        /// `bg-nbd` (default) or `pareto-nbd`.
        pub purchase_model: Option<String> = "purchaseModel",
        /// CLV horizon in months (default 12).
        pub months: Option<f64> = "months",
        /// Monthly discount rate (default 0.01).
        pub discount_rate: Option<f64> = "discountRate",
        /// `YYYY-MM-DD`: fit on the purchases up to this day too, and compare the predicted
        /// purchases after it with the actual ones.
        pub calibration_end: Option<String> = "calibrationEnd",
    }
}

/// The checked `models` option.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(rename_all = "camelCase"))]
pub struct ModelSettings {
    /// Pareto/NBD instead of BG/NBD.
    pub pareto: bool,
    /// The CLV's horizon, discount, unit and margin.
    pub clv: ClvSettings,
    /// The calibration end, in days since 1970-01-01.
    pub calibration_end: Option<i32>,
}

impl ModelOptions {
    /// Checks the options; `unit` is the analysis' period unit, `margin` its gross margin.
    pub fn settings(&self, unit: &str, margin: f64) -> Result<ModelSettings> {
        let within = |e: Error| e.within("models");
        let pareto = match self.purchase_model.as_deref() {
            None | Some("bg-nbd") => false,
            Some("pareto-nbd") => true,
            Some(_) => {
                return Err(within(crate::error::Error::new(
                    crate::ErrorCode::OutOfRange,
                    "purchaseModel",
                    "purchaseModel must be bg-nbd or pareto-nbd",
                )))
            }
        };
        let predict = api::PredictOptions {
            months: self.months,
            discount_rate: self.discount_rate,
            period_unit: Some(unit.into()),
            gross_margin: Some(margin),
            ..Default::default()
        };
        let clv = predict.clv_settings().map_err(within)?;
        let calibration_end = match self.calibration_end.as_deref() {
            None => None,
            Some(s) => Some(date::parse(s.as_bytes(), date::DateFormat::Iso).ok_or_else(|| {
                within(Error::new(
                    crate::ErrorCode::OutOfRange,
                    "calibrationEnd",
                    "calibrationEnd must be a date as YYYY-MM-DD",
                ))
            })?),
        };
        Ok(ModelSettings { pareto, clv, calibration_end })
    }
}

output! {
    serde:
    /// Why a fit or forecast is missing: the error, as the JS API writes errors.
    pub struct ProblemResult {
        /// The error code (`no_convergence`, ...).
        pub code: String = "code",
        /// The field it concerns.
        pub field: String = "field",
        /// The message.
        pub message: String = "message",
    }
}

output! {
    serde:
    /// The forecast per customer, one column each.
    pub struct ModelColumns {
        /// P(still active at the end of observation).
        pub probability_alive: Vec<f64> = "probabilityAlive",
        /// Expected purchases over the horizon.
        pub expected_purchases: Vec<f64> = "expectedPurchases",
        /// Gamma-Gamma expected spend per purchase (empty without a spend model).
        pub expected_spend: Vec<f64> = "expectedSpend",
        /// Discounted margin over the horizon (empty without a spend model).
        pub clv: Vec<f64> = "clv",
    }
}

output! {
    serde:
    /// One row of the holdout table: the customers with a number of calibration purchases.
    pub struct HoldoutGroup {
        /// Purchases in the calibration period: `0` ... `6`, `7+`.
        pub frequency: String = "frequency",
        /// The customers in the group.
        pub customers: f64 = "customers",
        /// Mean purchases per customer after the calibration end: actual and predicted.
        pub actual: f64 = "actual",
        /// Mean predicted purchases per customer after the calibration end.
        pub predicted: f64 = "predicted",
    }
}

output! {
    serde:
    /// The calibration/holdout check of an analysis.
    pub struct HoldoutResult {
        /// `YYYY-MM-DD`.
        pub calibration_end: String = "calibrationEnd",
        /// Length of the holdout, in the period unit.
        pub periods: f64 = "periods",
        /// Customers who bought by the calibration end.
        pub customers: f64 = "customers",
        /// The purchase model fitted on the calibration period.
        pub purchase: FitResult = "purchase",
        /// The table by calibration purchases.
        pub groups: Vec<HoldoutGroup> = "groups",
        /// Total purchases after the calibration end: actual and predicted.
        pub actual: f64 = "actual",
        /// Total predicted purchases after the calibration end.
        pub predicted: f64 = "predicted",
    }
}

output! {
    serde:
    /// The `models` part of an analysis' result.
    pub struct ModelsResult {
        /// `bg-nbd` or `pareto-nbd`.
        pub purchase_model: String = "purchaseModel",
        /// The fits on the whole period; null when a fit failed (see `problem`).
        pub purchase: Option<FitResult> = "purchase",
        /// The Gamma-Gamma fit; null when it failed.
        pub spend: Option<FitResult> = "spend",
        /// Why something is missing: the first fit that failed. Null when all went well.
        pub problem: Option<ProblemResult> = "problem",
        /// The CLV horizon in months.
        pub months: f64 = "months",
        /// The horizon in the period unit (months × periods per month).
        pub horizon: f64 = "horizon",
        /// The monthly discount rate.
        pub discount_rate: f64 = "discountRate",
        /// The share of spend that is margin.
        pub gross_margin: f64 = "grossMargin",
        /// The forecast per customer.
        pub customers: ModelColumns = "customers",
        /// Tier A customers (the most valuable) with P(alive) below 0.5, most valuable first
        /// (indices into the customers).
        pub likely_lost: Vec<f64> = "likelyLost",
        /// The calibration/holdout check (with `calibrationEnd`).
        pub holdout: Option<HoldoutResult> = "holdout",
    }
}

fn problem(e: &Error) -> ProblemResult {
    ProblemResult { code: e.code.as_str().into(), field: e.field.clone(), message: e.message.clone() }
}

/// Fits and predicts; `tier` is each customer's value tier (0 = A), `end` the observation end.
pub fn run(s: &Summary, tier: &[u8], settings: &ModelSettings, end: i32, days_per_period: f64) -> ModelsResult {
    let name = if settings.pareto { "pareto-nbd" } else { "bg-nbd" };
    let clv = settings.clv;
    let mut result = ModelsResult {
        purchase_model: name.into(),
        purchase: None,
        spend: None,
        problem: None,
        months: clv.months as f64,
        horizon: clv.months as f64 * clv.periods_per_month,
        discount_rate: clv.monthly_discount,
        gross_margin: clv.margin,
        customers: ModelColumns {
            probability_alive: vec![],
            expected_purchases: vec![],
            expected_spend: vec![],
            clv: vec![],
        },
        likely_lost: vec![],
        holdout: None,
    };
    if let Err(e) = super::clv::check_work(s.frequency.len(), clv.months, "models.months") {
        result.problem = Some(problem(&e));
        return result;
    }
    let columns = Columns { frequency: &s.frequency, recency: &s.recency, t: &s.t, monetary: &s.monetary, count: &[] };
    let purchase = match api::fit(&FitOptions { model: name.into() }, &columns) {
        Ok(f) => f,
        Err(e) => {
            result.problem = Some(problem(&e));
            return result;
        }
    };
    let spend = match api::fit(&FitOptions { model: "gamma-gamma".into() }, &columns) {
        Ok(f) if f.params.0[1].1 > 1.0 => Some(f),
        Ok(_) => {
            let e = Error::new(
                crate::ErrorCode::Diverges,
                "monetary",
                "the spend model finds no finite mean spend (q ≤ 1)",
            );
            result.problem = Some(problem(&e));
            None
        }
        Err(e) => {
            result.problem = Some(problem(&e));
            None
        }
    };
    let model = Purchases::of(&purchase);
    let g = spend.as_ref().map(|f| GammaGamma { p: f.params.0[0].1, q: f.params.0[1].1, v: f.params.0[2].1 });
    let n = s.frequency.len();
    let c = &mut result.customers;
    // P(alive), the expected purchases and the discounted expected purchases depend on the
    // history alone: once per distinct history (CDNOW master: 23,570 customers, 11,104
    // histories), then handed to each customer; the spend is each customer's own.
    let histories = match api::Histories::of(&columns) {
        Ok(h) => h,
        Err(e) => {
            result.problem = Some(problem(&e));
            return result;
        }
    };
    // What a customer still active would buy month by month depends on (x, T) only: once per
    // distinct (x, T), the same values as per history.
    let mut per_history = vec![[0.0; 3]; histories.keys.len()];
    api::by_frequency_and_age(&histories, &model, &clv, |i, x, tx, t, active| {
        let alive = with_model!(&model, |m| m.probability_alive(x, tx, t));
        per_history[i] = [alive, months_given(alive, active).sum(), discounted_given(alive, active, &clv)];
    });
    for i in 0..n {
        let [alive, purchases, discounted] = per_history[histories.of[i] as usize];
        c.probability_alive.push(alive);
        c.expected_purchases.push(purchases);
        if let Some(g) = &g {
            let spend = g.expected_spend(s.frequency[i], s.monetary[i]).unwrap_or(0.0);
            c.expected_spend.push(spend);
            c.clv.push(clv.margin * spend * discounted);
        }
    }
    let columns = [&c.probability_alive, &c.expected_purchases, &c.expected_spend, &c.clv];
    if let Some(i) = columns.iter().find_map(|v| v.iter().position(|x| !x.is_finite())) {
        // Never expected (the numerics are built to stay finite): no forecast rather than NaN.
        let e = Error::new(
            crate::ErrorCode::NoConvergence,
            "",
            crate::error::concat(&[
                "the forecast for customer ",
                &crate::error::Digits::to_string_fast(i),
                " could not be computed accurately",
            ]),
        );
        result.problem = Some(problem(&e));
        result.customers =
            ModelColumns { probability_alive: vec![], expected_purchases: vec![], expected_spend: vec![], clv: vec![] };
        return result;
    }
    // Highest total first, ties in customer order (the key's complement sorts descending).
    let mut lost: Vec<(u64, u32)> = (0..n)
        .filter(|&i| tier[i] == 0 && c.probability_alive[i] < 0.5)
        .map(|i| (!crate::data::order::total_key(s.total[i]), i as u32))
        .collect();
    crate::data::order::pairs(&mut lost);
    result.likely_lost = lost.iter().map(|&(_, i)| i as f64).collect();
    if let Some(split) = settings.calibration_end {
        match holdout(s, name, split, end, days_per_period) {
            Ok(h) => result.holdout = Some(h),
            Err(e) => {
                result.problem.get_or_insert(problem(&e));
            }
        }
    }
    result.purchase = Some(purchase);
    result.spend = spend;
    result
}

/// The calibration fit and its predictions for the holdout (the analysis checked that the
/// split is before the end).
fn holdout(s: &Summary, name: &str, split: i32, end: i32, days_per_period: f64) -> Result<HoldoutResult> {
    // The customers who bought by the split.
    let keep: Vec<usize> =
        (0..s.calibration_frequency.len()).filter(|&i| !s.calibration_frequency[i].is_nan()).collect();
    let pick = |v: &[f64]| keep.iter().map(|&i| v[i]).collect::<Vec<f64>>();
    let (x, tx, t, actual) = (
        pick(&s.calibration_frequency),
        pick(&s.calibration_recency),
        pick(&s.calibration_t),
        pick(&s.holdout_frequency),
    );
    if keep.is_empty() {
        return Err(Error::new(
            crate::ErrorCode::OutOfRange,
            "models.calibrationEnd",
            "models.calibrationEnd is before every purchase",
        ));
    }
    let columns = Columns { frequency: &x, recency: &tx, t: &t, monetary: &[], count: &[] };
    let fit = api::fit(&FitOptions { model: name.into() }, &columns).map_err(|e| e.within("holdout"))?;
    let model = Purchases::of(&fit);
    let periods = (end - split) as f64 / days_per_period;
    let mut groups: Vec<HoldoutGroup> = (0..8)
        .map(|k| HoldoutGroup {
            frequency: if k < 7 { crate::error::Digits::to_string_fast(k as usize) } else { "7+".into() },
            customers: 0.0,
            actual: 0.0,
            predicted: 0.0,
        })
        .collect();
    let (mut total_actual, mut total_predicted) = (0.0, 0.0);
    // Once per distinct calibration history.
    let predictions = api::Histories::of(&columns)
        .map(|h| {
            api::each(&h, &mut |x, tx, t| with_model!(&model, |m| m.conditional_expected_purchases(periods, x, tx, t)))
                .0
        })
        .map_err(|e| e.within("holdout"))?;
    for i in 0..x.len() {
        let predicted = predictions[i];
        let g = &mut groups[(x[i] as usize).min(7)];
        g.customers += 1.0;
        g.actual += actual[i];
        g.predicted += predicted;
        total_actual += actual[i];
        total_predicted += predicted;
    }
    for g in &mut groups {
        if g.customers > 0.0 {
            g.actual /= g.customers;
            g.predicted /= g.customers;
        }
    }
    Ok(HoldoutResult {
        calibration_end: date::iso(split),
        periods,
        customers: x.len() as f64,
        purchase: fit,
        groups,
        actual: total_actual,
        predicted: total_predicted,
    })
}
