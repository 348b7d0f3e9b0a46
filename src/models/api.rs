//! The models as the JS package calls them (`kundenwert/models`): options by name, checked,
//! per-customer columns as plain slices, results written by name. The wasm boundary only
//! supplies the columns and the tapes.

use super::bgnbd::{self, BgNbd};
use super::clv::{active_by_month, discounted_given, periods_per_month, ClvSettings};
use super::gamma_gamma::{self, GammaGamma};
use super::paretonbd::{self, ParetoNbd};
use super::sbg::{self, ShiftedBetaGeometric};
use super::{data, Fit, PurchaseModel};
use crate::check::{between, finite, or, whole};
use crate::error::{concat, Digits, Error, ErrorCode, Result};
use crate::input::input;
use crate::output::{output, Put, Writer};

/// Per-customer columns (docs/FORMULAS.md 14); `monetary` may be empty when not needed.
/// With a `count` column each row stands for that many customers with the same values (one
/// row per distinct history, as `GROUP BY frequency, recency, T` gives them): fits weigh the
/// rows by it, predictions are per row.
#[derive(Debug, Clone, Copy, Default)]
pub struct Columns<'a> {
    /// Repeat purchases of each customer (row).
    pub frequency: &'a [f64],
    /// Age at the last purchase, in the unit of T.
    pub recency: &'a [f64],
    /// Age at the end of observation.
    pub t: &'a [f64],
    /// Mean spend per repeat purchase (Gamma-Gamma, CLV); empty when not needed.
    pub monetary: &'a [f64],
    /// Customers per row: positive whole numbers; empty for one customer per row.
    pub count: &'a [f64],
}

impl Columns<'_> {
    fn len(&self) -> usize {
        self.frequency.len()
    }

    /// Checks the `count` column, if there is one.
    fn check_count(&self) -> Result<()> {
        if self.count.is_empty() {
            return Ok(());
        }
        data::check_count(self.count, self.len())
    }
}

/// A model parameter: a positive finite number (a fit's estimates always are).
fn parameter(field: &str, v: f64) -> Result<f64> {
    let v = finite(field, v)?;
    if !(v > 0.0 && v <= 1e12) {
        return Err(Error::new(ErrorCode::OutOfRange, field, concat(&[field, " must be a positive model parameter"])));
    }
    Ok(v)
}

input! {
    /// BG/NBD parameters as the JS API names them (`bgNbd`).
    pub struct BgNbdParams {
        /// Shape of the purchase rates' gamma distribution.
        pub r: f64 = "r",
        /// Scale of the purchase rates' gamma distribution (in the unit of recency and T).
        pub alpha: f64 = "alpha",
        /// The dropout probability's beta distribution: a.
        pub a: f64 = "a",
        /// The dropout probability's beta distribution: b.
        pub b: f64 = "b",
    }
}

input! {
    /// Pareto/NBD parameters as the JS API names them (`paretoNbd`).
    pub struct ParetoNbdParams {
        /// Shape of the purchase rates' gamma distribution.
        pub r: f64 = "r",
        /// Scale of the purchase rates' gamma distribution.
        pub alpha: f64 = "alpha",
        /// Shape of the dropout rates' gamma distribution.
        pub s: f64 = "s",
        /// Scale of the dropout rates' gamma distribution.
        pub beta: f64 = "beta",
    }
}

input! {
    /// Gamma-Gamma parameters as the JS API names them (`gammaGamma`).
    pub struct GammaGammaParams {
        /// Shape of the spend per purchase around a customer's own mean.
        pub p: f64 = "p",
        /// Shape of the customers' spend scales.
        pub q: f64 = "q",
        /// Scale of the customers' spend scales.
        pub v: f64 = "v",
    }
}

input! {
    /// Shifted-beta-geometric parameters: the churn probability's beta distribution.
    pub struct SbgParams {
        /// Beta distribution's α.
        pub alpha: f64 = "alpha",
        /// Beta distribution's β.
        pub beta: f64 = "beta",
    }
}

/// Checks a model's parameters (`prefix.name` in errors).
fn parameters<const N: usize>(prefix: &str, names: [&str; N], values: [f64; N]) -> Result<[f64; N]> {
    let mut out = values;
    for i in 0..N {
        out[i] = parameter(&concat(&[prefix, names[i]]), values[i])?;
    }
    Ok(out)
}

impl BgNbdParams {
    fn model(&self) -> Result<BgNbd> {
        let [r, alpha, a, b] = parameters("bgNbd.", ["r", "alpha", "a", "b"], [self.r, self.alpha, self.a, self.b])?;
        Ok(BgNbd { r, alpha, a, b })
    }
}

impl ParetoNbdParams {
    fn model(&self) -> Result<ParetoNbd> {
        let [r, alpha, s, beta] =
            parameters("paretoNbd.", ["r", "alpha", "s", "beta"], [self.r, self.alpha, self.s, self.beta])?;
        Ok(ParetoNbd { r, alpha, s, beta })
    }
}

impl GammaGammaParams {
    fn model(&self) -> Result<GammaGamma> {
        let [p, q, v] = parameters("gammaGamma.", ["p", "q", "v"], [self.p, self.q, self.v])?;
        Ok(GammaGamma { p, q, v })
    }
}

impl SbgParams {
    fn model(&self) -> Result<ShiftedBetaGeometric> {
        let [alpha, beta] = parameters("", ["alpha", "beta"], [self.alpha, self.beta])?;
        Ok(ShiftedBetaGeometric { alpha, beta })
    }
}

/// Named numbers written as an object: a model's parameters or their standard errors.
#[derive(Debug, Clone, PartialEq)]
pub struct Named(pub Vec<(&'static str, f64)>);

impl Put for Named {
    fn put<W: Writer>(&self, key: &'static str, w: &mut W) {
        w.open_object(key);
        for (name, value) in &self.0 {
            w.number(name, *value);
        }
        w.close();
    }
}

output! {
    serde:
    /// What a fit found, as the JS API returns it.
    pub struct FitResult {
        /// `bg-nbd`, `pareto-nbd`, `gamma-gamma` or `sbg`.
        pub model: String = "model",
        /// The estimates, by name.
        pub params: Named = "params",
        /// Summed over the customers (or cohort members), natural log.
        pub log_likelihood: f64 = "logLikelihood",
        /// Null when the Hessian is not positive definite at the estimate, or (sBG from
        /// shares without a cohort size) when the data carry no sample size.
        pub standard_errors: Option<Named> = "standardErrors",
        /// Customers (or cohort members) the fit used.
        pub observations: f64 = "observations",
        /// Iterations of the optimiser.
        pub iterations: f64 = "iterations",
        /// Gamma-Gamma: customers left out (no repeat purchase, or no positive mean spend).
        pub excluded: Option<f64> = "excluded",
        /// Gamma-Gamma: correlation of frequency and mean spend (the model assumes about 0).
        pub frequency_spend_correlation: Option<f64> = "frequencySpendCorrelation",
    }
}

fn fit_result<M>(model: &str, names: &[&'static str], params: Vec<f64>, fit: &Fit<M>) -> FitResult {
    let named = |values: &[f64]| Named(names.iter().copied().zip(values.iter().copied()).collect());
    FitResult {
        model: model.into(),
        params: named(&params),
        log_likelihood: fit.log_likelihood,
        standard_errors: fit.standard_errors.as_deref().map(named),
        observations: fit.observations,
        iterations: fit.iterations as f64,
        excluded: None,
        frequency_spend_correlation: None,
    }
}

input! {
    /// The options of [`fit`].
    pub struct FitOptions {
        /// `bg-nbd`, `pareto-nbd` or `gamma-gamma` (on the columns).
        pub model: String = "model",
    }
}

/// Fits a customer-base model on the columns (weighted by `count` when given).
pub fn fit(options: &FitOptions, columns: &Columns) -> Result<FitResult> {
    fit_rows(options, Rows::Columns(columns))
}

/// Fits a customer-base model on the columns, or on customers prepared before ([`Prepared`]):
/// on their distinct histories (or distinct frequency and mean spend) with their counts,
/// which is the fit on the columns they were prepared from, bit for bit.
pub fn fit_rows(options: &FitOptions, rows: Rows) -> Result<FitResult> {
    if let Rows::Columns(c) = rows {
        check_customers(c)?;
    }
    let model = options.model.as_str();
    if model == "gamma-gamma" {
        let s = match rows {
            Rows::Columns(c) => {
                if c.monetary.len() != c.len() {
                    return Err(missing_monetary());
                }
                gamma_gamma::fit_counts(c.frequency, c.monetary, c.count)?
            }
            Rows::Prepared(p) => {
                let spend = p.spend.as_ref().ok_or_else(missing_monetary)?;
                let (x, m): (Vec<f64>, Vec<f64>) =
                    spend.keys.iter().map(|k| (f64::from_bits(k[0]), f64::from_bits(k[1]))).unzip();
                gamma_gamma::fit_rows(&x, &m, &spend.weights)?
            }
        };
        let mut r = fit_result("gamma-gamma", &["p", "q", "v"], s.fit.model.params(), &s.fit);
        r.excluded = Some(s.excluded);
        r.frequency_spend_correlation = Some(s.frequency_spend_correlation);
        return Ok(r);
    }
    if model != "bg-nbd" && model != "pareto-nbd" {
        return Err(Error::new(ErrorCode::OutOfRange, "model", "model must be bg-nbd, pareto-nbd or gamma-gamma"));
    }
    let found;
    let grouped = match rows {
        Rows::Columns(c) => {
            data::check(c.frequency, c.recency, c.t)?;
            c.check_count()?;
            found = data::group_counts(c.frequency, c.recency, c.t, c.count);
            &found
        }
        Rows::Prepared(p) => &p.grouped,
    };
    if model == "bg-nbd" {
        let f = bgnbd::fit_grouped(grouped)?;
        Ok(fit_result("bg-nbd", &["r", "alpha", "a", "b"], f.model.params(), &f))
    } else {
        let f = paretonbd::fit_grouped(grouped)?;
        Ok(fit_result("pareto-nbd", &["r", "alpha", "s", "beta"], f.model.params(), &f))
    }
}

fn missing_monetary() -> Error {
    Error::new(ErrorCode::Missing, "monetary", "monetary is required: each customer's mean spend")
}

input! {
    /// The options of [`predict`].
    pub struct PredictOptions {
        /// One purchase model: BG/NBD or Pareto/NBD parameters.
        pub bg_nbd: Option<BgNbdParams> = "bgNbd",
        /// Pareto/NBD parameters (instead of `bgNbd`).
        pub pareto_nbd: Option<ParetoNbdParams> = "paretoNbd",
        /// The spend model (for `expectedSpend` and `clv`).
        pub gamma_gamma: Option<GammaGammaParams> = "gammaGamma",
        /// `probabilityAlive`, `expectedPurchases`, `probabilityOfPurchases`, `expectedSpend` or `clv`.
        pub predict: String = "predict",
        /// The horizon, in the unit of recency and T.
        pub t: Option<f64> = "t",
        /// The number of purchases (probabilityOfPurchases).
        pub n: Option<f64> = "n",
        /// CLV: horizon in months (default 12), monthly discount rate (default 0.01), the unit of
        /// recency and T (default `week`), share of spend that is margin (default 1).
        pub months: Option<f64> = "months",
        /// CLV: the monthly discount rate (default 0.01).
        pub discount_rate: Option<f64> = "discountRate",
        /// CLV: `day`, `week` (default) or `month`, the unit of recency and T.
        pub period_unit: Option<String> = "periodUnit",
        /// CLV: the share of spend that is margin (default 1).
        pub gross_margin: Option<f64> = "grossMargin",
    }
}

output! {
    serde:
    /// The result of [`predict`].
    pub struct Predictions {
        /// One value per customer; without customers, one value for a new customer.
        pub values: Vec<f64> = "values",
    }
}

/// One of the purchase models.
pub(crate) enum Purchases {
    BgNbd(BgNbd),
    ParetoNbd(ParetoNbd),
}

/// Evaluates `$body` with `$model` bound to the purchase model, whichever it is.
macro_rules! with_model {
    ($m:expr, |$model:ident| $body:expr) => {
        match $m {
            $crate::models::api::Purchases::BgNbd($model) => $body,
            $crate::models::api::Purchases::ParetoNbd($model) => $body,
        }
    };
}
pub(crate) use with_model;

impl Purchases {
    /// The model a fit found.
    pub(crate) fn of(fit: &FitResult) -> Self {
        let p: Vec<f64> = fit.params.0.iter().map(|(_, v)| *v).collect();
        if fit.model == "pareto-nbd" {
            Purchases::ParetoNbd(ParetoNbd { r: p[0], alpha: p[1], s: p[2], beta: p[3] })
        } else {
            Purchases::BgNbd(BgNbd { r: p[0], alpha: p[1], a: p[2], b: p[3] })
        }
    }
}

impl PredictOptions {
    fn purchases(&self) -> Result<Purchases> {
        match (&self.bg_nbd, &self.pareto_nbd) {
            (Some(p), None) => Ok(Purchases::BgNbd(p.model()?)),
            (None, Some(p)) => Ok(Purchases::ParetoNbd(p.model()?)),
            (Some(_), Some(_)) => Err(Error::new(
                ErrorCode::InvalidType,
                "paretoNbd",
                "give one purchase model: bgNbd or paretoNbd, not both",
            )),
            (None, None) => {
                Err(Error::new(ErrorCode::Missing, "bgNbd", "bgNbd (or paretoNbd) parameters are required"))
            }
        }
    }

    fn spend(&self) -> Result<GammaGamma> {
        let g = self
            .gamma_gamma
            .as_ref()
            .ok_or_else(|| Error::new(ErrorCode::Missing, "gammaGamma", "gammaGamma parameters are required"))?
            .model()?;
        if g.q <= 1.0 {
            return Err(Error::new(
                ErrorCode::Diverges,
                "gammaGamma.q",
                "gammaGamma.q must be greater than 1: otherwise the mean spend is infinite",
            ));
        }
        Ok(g)
    }

    fn horizon(&self) -> Result<f64> {
        let t = self.t.ok_or_else(|| Error::new(ErrorCode::Missing, "t", "t (the horizon) is required"))?;
        // Past some thousands of periods the expected purchases need ever more terms (10^9 took
        // 16 s for the CDNOW customers); 10,000 periods is 27 years in days, 190 in weeks.
        between("t", t, 0.0, 1e4, "must be from 0 to 10,000 periods")
    }

    /// The CLV settings of these options, checked (defaults filled in).
    pub fn clv_settings(&self) -> Result<ClvSettings> {
        let unit = self.period_unit.as_deref().unwrap_or("week");
        let s = ClvSettings {
            months: or(self.months, 12.0, |v| whole("months", v, 1.0, "must be at least 1"))?.min(1e4) as u32,
            monthly_discount: or(self.discount_rate, 0.01, |v| {
                between("discountRate", v, 0.0, 1.0, "must be from 0 to 1")
            })?,
            periods_per_month: periods_per_month(unit).ok_or_else(|| {
                Error::new(ErrorCode::OutOfRange, "periodUnit", "periodUnit must be day, week or month")
            })?,
            margin: or(self.gross_margin, 1.0, |v| between("grossMargin", v, 0.0, 1.0, "must be from 0 to 1"))?,
        };
        s.check()?;
        Ok(s)
    }
}

/// The most customers one fit or prediction takes (per-customer columns): their work is
/// proportional to the count (see docs/figures.md).
pub const MAX_CUSTOMERS: usize = 1_000_000;

/// The most purchases `probabilityOfPurchases` asks about (its work grows with the count).
const MAX_PURCHASES: f64 = 10_000.0;

fn check_customers(columns: &Columns) -> Result<()> {
    if columns.len() <= MAX_CUSTOMERS {
        return Ok(());
    }
    Err(Error::new(
        ErrorCode::OutOfRange,
        "frequency",
        concat(&["frequency has ", &columns.len().to_string_fast(), " customers: at most 1,000,000 per call"]),
    ))
}

/// Customers kept in the wasm between calls (`prepareCustomers` of kundenwert/models): checked
/// once, their distinct (x, t_x, T) histories and, with `monetary`, their distinct (x, m)
/// found once, each row's noted. Fits on them take the distinct rows with their counts;
/// predictions evaluate each distinct history once and hand its value to every row.
#[derive(Debug)]
pub struct Prepared {
    /// The distinct histories, with each row's.
    pub histories: data::Distinct,
    /// The distinct histories grouped by frequency and sorted, for the fits.
    pub grouped: data::Grouped,
    /// Row j of `grouped` is history `order[j]` of `histories`.
    pub order: Vec<u32>,
    /// The distinct (frequency, monetary) (keys `[x, m, m]`), with each row's; None without
    /// `monetary`.
    pub spend: Option<data::Distinct>,
}

impl Prepared {
    /// Checks the columns (every error as a fit or prediction on them names it) and groups them.
    pub fn of(columns: &Columns) -> Result<Prepared> {
        Rows::Columns(columns).check()?;
        if columns.len() == 0 {
            return Err(Error::new(
                ErrorCode::Empty,
                "frequency",
                "frequency is empty: there are no customers to prepare",
            ));
        }
        let Columns { frequency, recency, t, monetary, count } = *columns;
        data::check(frequency, recency, t)?;
        let spend = if monetary.is_empty() {
            None
        } else {
            check_spend(columns)?;
            Some(data::Distinct::histories(frequency, monetary, monetary, count, true))
        };
        let histories = data::Distinct::histories(frequency, recency, t, count, true);
        let order = histories.sorted();
        Ok(Prepared { grouped: data::grouped_in(&histories, &order), order, histories, spend })
    }

    /// Values of the rows of `grouped`, in its order, handed to every row (customer) that has
    /// that history; and whether they are all finite.
    fn per_grouped_row(&self, values: Vec<f64>) -> (Vec<f64>, bool) {
        let mut by_history = vec![0.0; values.len()];
        for (&k, v) in self.order.iter().zip(values) {
            by_history[k as usize] = v;
        }
        self.histories.to_rows(&by_history)
    }

    /// Rows: customers, or histories with their counts.
    pub fn rows(&self) -> usize {
        self.histories.of.len()
    }
}

/// What a prediction runs on: this call's columns, or customers prepared before.
#[derive(Clone, Copy)]
pub enum Rows<'a> {
    /// Per-customer columns, checked by the prediction.
    Columns(&'a Columns<'a>),
    /// Checked and grouped before.
    Prepared(&'a Prepared),
}

impl Rows<'_> {
    /// The columns' size and counts (prepared customers were checked before).
    fn check(&self) -> Result<()> {
        if let Rows::Columns(c) = self {
            check_customers(c)?;
            if c.len() > 0 {
                c.check_count()?;
            }
        }
        Ok(())
    }

    fn len(&self) -> usize {
        match self {
            Rows::Columns(c) => c.len(),
            Rows::Prepared(p) => p.rows(),
        }
    }

    /// `f` of the distinct histories: those of this call's columns, or the prepared ones.
    fn with_histories<T>(&self, f: impl FnOnce(&data::Distinct) -> T) -> Result<T> {
        Ok(match self {
            Rows::Columns(c) => f(&Histories::of(c)?),
            Rows::Prepared(p) => f(&p.histories),
        })
    }

    /// `f(x, t_x, T)` per row, once per distinct history; and whether the values are all finite.
    fn per_history(&self, f: &mut dyn FnMut(f64, f64, f64) -> f64) -> Result<(Vec<f64>, bool)> {
        self.with_histories(|h| each(h, f))
    }

    /// Per row, `f(x, t_x, T, g(x, T))`: `f` once per distinct history, `g` (a posterior's
    /// prediction, which does not depend on t_x) once per distinct (x, T) (CDNOW master: 1,431
    /// against 11,104 histories); and whether the values are all finite.
    fn per_history_active(
        &self,
        g: &mut dyn FnMut(f64, f64) -> f64,
        f: &mut dyn FnMut(f64, f64, f64, f64) -> f64,
    ) -> Result<(Vec<f64>, bool)> {
        self.with_histories(|h| {
            let pairs = frequency_and_age(h);
            let active: Vec<f64> = pairs.keys.iter().map(|k| g(f64::from_bits(k[0]), f64::from_bits(k[1]))).collect();
            let values: Vec<f64> = h
                .keys
                .iter()
                .zip(&pairs.of)
                .map(|(k, &j)| f(f64::from_bits(k[0]), f64::from_bits(k[1]), f64::from_bits(k[2]), active[j as usize]))
                .collect();
            h.to_rows(&values)
        })
    }

    /// The expected spend per row (checking the columns' `monetary`), and whether it is known
    /// to be finite.
    fn spend(&self, g: &GammaGamma) -> Result<(Vec<f64>, bool)> {
        let spend = |x: f64, m: f64| g.expected_spend(x, m).unwrap_or(f64::NAN);
        match self {
            Rows::Columns(c) => {
                if c.monetary.len() != c.len() {
                    return Err(missing_monetary());
                }
                check_spend(c)?;
                Ok((c.frequency.iter().zip(c.monetary).map(|(&x, &m)| spend(x, m)).collect(), false))
            }
            Rows::Prepared(p) => {
                let d = p.spend.as_ref().ok_or_else(missing_monetary)?;
                Ok(d.each(&mut |k| spend(f64::from_bits(k[0]), f64::from_bits(k[1]))))
            }
        }
    }
}

/// Predictions per customer (or, without customers, for a new one); with a `count` column,
/// per row.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))] // the CLI's
pub fn predict(options: &PredictOptions, columns: &Columns) -> Result<Predictions> {
    predict_rows(options, Rows::Columns(columns))
}

/// Predictions per row of this call's columns or of customers prepared before.
pub fn predict_rows(options: &PredictOptions, rows: Rows) -> Result<Predictions> {
    rows.check()?;
    let n = rows.len();
    // (and whether they are known to be finite: checked once per distinct history)
    let (values, finite) = match options.predict.as_str() {
        "expectedSpend" => {
            let g = options.spend()?;
            let spend = rows.spend(&g)?;
            if n == 0 {
                (vec![g.mean_spend().unwrap_or(f64::NAN)], false)
            } else {
                spend
            }
        }
        "probabilityAlive" => match (options.purchases()?, rows) {
            // (the logarithms of α + t once per distinct time: the same values)
            (Purchases::BgNbd(m), Rows::Prepared(p)) => p.per_grouped_row(m.probability_alive_grouped(&p.grouped)),
            (m, _) => rows.per_history(&mut |x, tx, te| with_model!(&m, |m| m.probability_alive(x, tx, te)))?,
        },
        "expectedPurchases" => {
            let (m, t) = (options.purchases()?, options.horizon()?);
            if n == 0 {
                (vec![with_model!(&m, |m| m.expected_purchases(t))], false)
            } else if t <= 0.0 {
                rows.per_history(&mut |x, tx, te| with_model!(&m, |m| m.conditional_expected_purchases(t, x, tx, te)))?
            } else {
                rows.per_history_active(
                    &mut |x, te| with_model!(&m, |m| m.posterior(x, te).expected_purchases(t)),
                    &mut |x, tx, te, active| with_model!(&m, |m| m.expected_given_active(x, tx, te, active)),
                )?
            }
        }
        "probabilityOfPurchases" => {
            let (m, t) = (options.purchases()?, options.horizon()?);
            let k = options
                .n
                .ok_or_else(|| Error::new(ErrorCode::Missing, "n", "n (the number of purchases) is required"))?;
            let k = whole("n", k, 0.0, "must be 0 or more")?;
            let k = between("n", k, 0.0, MAX_PURCHASES, "must be from 0 to 10,000 purchases")? as u32;
            if n == 0 {
                (vec![with_model!(&m, |m| m.probability_of_purchases(k, t))], false)
            } else {
                rows.per_history_active(
                    &mut |x, te| with_model!(&m, |m| m.posterior(x, te).probability_of_purchases(k, t)),
                    &mut |x, tx, te, active| with_model!(&m, |m| m.probability_given_active(k, x, tx, te, active)),
                )?
            }
        }
        "clv" => {
            let (m, g, s) = (options.purchases()?, options.spend()?, options.clv_settings()?);
            let (spend, _) = rows.spend(&g)?;
            // The discounted purchases once per distinct history (the work the bound counts);
            // the spend per customer.
            let values = rows.with_histories(|h| -> Result<Vec<f64>> {
                super::clv::check_work_of(h.keys.len(), "distinct customer histories", s.months, "months")?;
                let purchases = discounted_per_history(h, &m, &s);
                let purchases = h.of.iter().map(|&k| purchases[k as usize]);
                Ok(purchases.zip(&spend).map(|(p, sp)| s.margin * sp * p).collect())
            })??;
            (values, false)
        }
        _ => {
            return Err(Error::new(
                ErrorCode::OutOfRange,
                "predict",
                "predict must be probabilityAlive, expectedPurchases, probabilityOfPurchases, expectedSpend or clv",
            ))
        }
    };
    let bad = if finite { None } else { values.iter().position(|v| !v.is_finite()) };
    if let Some(i) = bad {
        // Never expected: the numerics are built to stay finite. Say so rather than return it.
        return Err(Error::new(
            ErrorCode::NoConvergence,
            "",
            concat(&["the prediction for customer ", &i.to_string_fast(), " could not be computed accurately"]),
        ));
    }
    Ok(Predictions { values })
}

/// What [`predict_new`] predicts for a new customer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum NewCustomer {
    /// `probabilityOfPurchases`: P(n purchases in t).
    Purchases,
    /// `expectedPurchases` in t.
    ExpectedPurchases,
    /// `expectedSpend` without customers: the mean spend.
    MeanSpend,
}

/// A new customer's prediction from plain numbers: what [`predict_rows`] gives without
/// customers, for `modelPredict` with no tape to write or read (a call of a few microseconds).
/// `params` are BG/NBD's (r, α, a, b) or, with `pareto`, Pareto/NBD's (r, α, s, β); for the
/// mean spend Gamma-Gamma's (p, q, v) and the fourth unused. The options are checked as
/// `modelPredict` checks them, by the same code.
pub fn predict_new(what: NewCustomer, pareto: bool, params: [f64; 4], t: f64, n: f64) -> Result<f64> {
    let [p0, p1, p2, p3] = params;
    let mut o = PredictOptions::default();
    match what {
        NewCustomer::MeanSpend => {
            o.predict = "expectedSpend".into();
            o.gamma_gamma = Some(GammaGammaParams { p: p0, q: p1, v: p2 });
        }
        NewCustomer::Purchases | NewCustomer::ExpectedPurchases => {
            o.predict =
                if what == NewCustomer::Purchases { "probabilityOfPurchases" } else { "expectedPurchases" }.into();
            if pareto {
                o.pareto_nbd = Some(ParetoNbdParams { r: p0, alpha: p1, s: p2, beta: p3 });
            } else {
                o.bg_nbd = Some(BgNbdParams { r: p0, alpha: p1, a: p2, b: p3 });
            }
            o.t = Some(t);
            o.n = (what == NewCustomer::Purchases).then_some(n);
        }
    }
    let none = Columns { frequency: &[], recency: &[], t: &[], monetary: &[], count: &[] };
    Ok(predict_rows(&o, Rows::Columns(&none))?.values[0])
}

/// The customers' distinct (x, t_x, T) histories, as the fits group them (CDNOW master ×10 has
/// 235,700 customers and 11,104 histories): [`data::Distinct`] over the checked columns.
pub(crate) struct Histories;

impl Histories {
    /// The distinct histories of the columns, each customer's noted.
    pub(crate) fn of(columns: &Columns) -> Result<data::Distinct> {
        data::check(columns.frequency, columns.recency, columns.t)?;
        Ok(data::Distinct::histories(columns.frequency, columns.recency, columns.t, &[], true))
    }
}

/// The distinct (x, T) of the histories `h` (keys `[x, T, 0]`), with each history's.
fn frequency_and_age(h: &data::Distinct) -> data::Distinct {
    data::Distinct::of(h.keys.len(), |i| [h.keys[i][0], h.keys[i][2], 0], |_| 1.0, true)
}

/// Calls `f(i, x, t_x, T, active)` for each distinct history i of `h`, with `active` what a
/// customer still active would buy by the end of each month ([`active_by_month`]): computed
/// once per distinct (x, T), since it does not depend on t_x (CDNOW master: 1,431 against
/// 11,104 histories), and kept only while that pair's histories are visited.
pub(crate) fn by_frequency_and_age(
    h: &data::Distinct,
    m: &Purchases,
    s: &ClvSettings,
    mut f: impl FnMut(usize, f64, f64, f64, &[f64]),
) {
    let pairs = frequency_and_age(h);
    // The histories of each (x, T), pair by pair: a counting sort of their pairs.
    let mut start = vec![0usize; pairs.keys.len() + 1];
    for &j in &pairs.of {
        start[j as usize + 1] += 1;
    }
    for j in 0..pairs.keys.len() {
        start[j + 1] += start[j];
    }
    let mut members = vec![0u32; h.keys.len()];
    let mut next = start.clone();
    for (i, &j) in pairs.of.iter().enumerate() {
        members[next[j as usize]] = i as u32;
        next[j as usize] += 1;
    }
    for (j, k) in pairs.keys.iter().enumerate() {
        let (x, te) = (f64::from_bits(k[0]), f64::from_bits(k[1]));
        let active = with_model!(m, |m| active_by_month(m, x, te, s));
        for &i in &members[start[j]..start[j + 1]] {
            f(i as usize, x, f64::from_bits(h.keys[i as usize][1]), te, &active);
        }
    }
}

/// Each distinct history's discounted expected purchases ([`super::clv::discounted_purchases`]),
/// by [`by_frequency_and_age`]: the same values, bit for bit.
fn discounted_per_history(h: &data::Distinct, m: &Purchases, s: &ClvSettings) -> Vec<f64> {
    let mut out = vec![0.0; h.keys.len()];
    by_frequency_and_age(h, m, s, |i, x, tx, te, active| {
        out[i] = with_model!(m, |m| discounted_given(m.probability_alive(x, tx, te), active, s));
    });
    out
}

/// `f(x, t_x, T)` once per distinct history, handed to every customer who has it; and whether
/// the values are all finite. (Through a trait object: one copy of the loop for every model
/// and prediction.)
pub(crate) fn each(histories: &data::Distinct, f: &mut dyn FnMut(f64, f64, f64) -> f64) -> (Vec<f64>, bool) {
    histories.each(&mut |k| f(f64::from_bits(k[0]), f64::from_bits(k[1]), f64::from_bits(k[2])))
}

fn check_spend(columns: &Columns) -> Result<()> {
    for (i, &m) in columns.monetary.iter().enumerate() {
        if !(m.is_finite() && m.abs() <= crate::check::MAX_AMOUNT) {
            let name = concat(&["monetary[", &i.to_string_fast(), "]"]);
            return Err(Error::new(ErrorCode::NotANumber, name.clone(), concat(&[&name, " must be a finite amount"])));
        }
    }
    Ok(())
}

// ---- shifted-beta-geometric -----------------------------------------------------------------

input! {
    /// The options of [`fit_sbg`].
    pub struct SbgFitOptions {
        /// Still subscribed at the end of period 1, 2, ..., n.
        pub survival: Vec<f64> = "survival",
        /// The cohort's size at the start; required for counts.
        pub cohort_size: Option<f64> = "cohortSize",
        /// `count`, `share` (0 to 1) or `percent`; default `share` when every value is at most
        /// 1, else `count`.
        pub unit: Option<String> = "unit",
    }
}

/// Fits sBG on a cohort's survival.
pub fn fit_sbg(options: &SbgFitOptions) -> Result<FitResult> {
    let values = &options.survival;
    let unit = match options.unit.as_deref() {
        Some(u @ ("count" | "share" | "percent")) => u,
        Some(_) => return Err(Error::new(ErrorCode::OutOfRange, "unit", "unit must be count, share or percent")),
        None if values.iter().all(|&v| v <= 1.0) => "share",
        None => "count",
    };
    let full = match unit {
        "share" => 1.0,
        "percent" => 100.0,
        _ => options.cohort_size.ok_or_else(|| {
            Error::new(ErrorCode::Missing, "cohortSize", "cohortSize is required when survival gives counts")
        })?,
    };
    let cohort = match options.cohort_size {
        Some(c) => whole("cohortSize", c, 1.0, "must be at least 1")?,
        None => 1.0,
    };
    if values.len() < 2 {
        return Err(Error::new(
            ErrorCode::Empty,
            "survival",
            "survival needs at least 2 periods: the model has two parameters",
        ));
    }
    let mut survivors = Vec::with_capacity(values.len() + 1);
    survivors.push(cohort);
    let mut previous = full;
    for (i, &v) in values.iter().enumerate() {
        let name = concat(&["survival[", &i.to_string_fast(), "]"]);
        let v = finite(&name, v)?;
        if v < 0.0 || v > previous {
            let rule = if v < 0.0 { " must not be negative" } else { " must not be more than the period before" };
            return Err(Error::new(ErrorCode::OutOfRange, name.clone(), concat(&[&name, rule])));
        }
        previous = v;
        survivors.push(v / full * cohort);
    }
    let f = sbg::fit(&survivors)?;
    let mut r = fit_result("sbg", &["alpha", "beta"], vec![f.model.alpha, f.model.beta], &f);
    if options.cohort_size.is_none() {
        r.standard_errors = None; // shares alone say nothing about the sample size
    }
    Ok(r)
}

input! {
    /// The options of [`project_sbg`]: the model and the projection.
    pub struct SbgProjectOptions {
        /// The model's α.
        pub alpha: f64 = "alpha",
        /// The model's β.
        pub beta: f64 = "beta",
        /// Periods to project (default 12).
        pub periods: Option<f64> = "periods",
        /// Discount rate per period (default 0.1).
        pub discount_rate: Option<f64> = "discountRate",
        /// Margin per period and subscriber (default 1).
        pub margin: Option<f64> = "margin",
    }
}

output! {
    serde:
    /// An sBG model's projection (the result of [`project_sbg`]).
    pub struct SbgProjection {
        /// S(0..=periods): the share still subscribed t periods after signing up (S(0) = 1).
        pub survival: Vec<f64> = "survival",
        /// r(1..=periods): the share of the previous period's subscribers who renew.
        pub retention: Vec<f64> = "retention",
        /// Expected periods a new subscriber pays for; null when infinite (alpha ≤ 1).
        pub expected_lifetime: Option<f64> = "expectedLifetime",
        /// Σ S(t)/(1+d)^t: discounted expected periods paid (payment at each period's start).
        pub discounted_expected_lifetime: f64 = "discountedExpectedLifetime",
        /// margin × discountedExpectedLifetime.
        pub clv: f64 = "clv",
    }
}

/// Projects an sBG model: survival, retention, expected and discounted lifetime, CLV.
pub fn project_sbg(options: &SbgProjectOptions) -> Result<SbgProjection> {
    let m = SbgParams { alpha: options.alpha, beta: options.beta }.model()?;
    let periods = or(options.periods, 12.0, |v| whole("periods", v, 1.0, "must be at least 1"))?.min(1e4) as u32;
    let d = or(options.discount_rate, 0.1, |v| between("discountRate", v, 0.0, 10.0, "must be from 0 to 10"))?;
    let margin = or(options.margin, 1.0, |v| crate::check::amount("margin", v))?;
    if d == 0.0 && m.alpha <= 1.0 {
        return Err(crate::check::diverges(
            "discountRate",
            "without discounting the expected lifetime is infinite (alpha ≤ 1): give a discountRate above 0",
        ));
    }
    let del = m.discounted_expected_lifetime(d)?;
    Ok(SbgProjection {
        survival: (0..=periods).map(|t| m.survival(t)).collect(),
        retention: (1..=periods).map(|t| m.retention_rate(t)).collect(),
        expected_lifetime: m.expected_lifetime(),
        discounted_expected_lifetime: del,
        clv: margin * del,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Customers with repeated histories, in no order: CDNOW-like weeks.
    fn customers() -> (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>) {
        let base = [(0.0, 0.0, 38.0, 0.0), (2.0, 30.4, 38.9, 15.2), (1.0, 1.7, 39.0, 9.9), (7.0, 35.0, 38.0, 40.0)];
        let (mut x, mut tx, mut t, mut m) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for i in 0..40 {
            let (a, b, c, d) = base[(i * 7) % base.len()];
            x.push(a);
            tx.push(b);
            t.push(c + (i % 3) as f64 * 0.0); // same bits: repeated histories
            m.push(d + (i % 5) as f64); // spend differs within a history
        }
        (x, tx, t, m)
    }

    fn options(predict: &str) -> PredictOptions {
        PredictOptions {
            bg_nbd: Some(BgNbdParams { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }),
            pareto_nbd: None,
            gamma_gamma: Some(GammaGammaParams { p: 6.25, q: 3.74, v: 15.44 }),
            predict: predict.into(),
            t: Some(52.0),
            n: Some(2.0),
            months: None,
            discount_rate: None,
            period_unit: None,
            gross_margin: Some(0.3),
        }
    }

    /// The posterior's part of E[purchases], P(n purchases) and the CLV, computed once per distinct
    /// (x, T), leaves every customer's value what the per-customer formula gives, bit for bit.
    #[test]
    fn predictions_once_per_frequency_and_age_equal_the_formula() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |m: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % m
        };
        let (mut x, mut tx, mut t) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..3000 {
            let (f, age) = (next(12) as f64, 30.0 + next(12) as f64 / 7.0);
            x.push(f);
            tx.push(if f == 0.0 { 0.0 } else { age * next(100) as f64 / 100.0 });
            t.push(age);
        }
        let m: Vec<f64> = (0..x.len()).map(|i| 5.0 + (i % 17) as f64).collect();
        let columns = Columns { frequency: &x, recency: &tx, t: &t, monetary: &m, count: &[] };
        let prepared = Prepared::of(&columns).unwrap();
        let bg = BgNbd { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
        let pn = ParetoNbd { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };
        for pareto in [false, true] {
            let mut o = options("expectedPurchases");
            if pareto {
                o.bg_nbd = None;
                o.pareto_nbd = Some(ParetoNbdParams { r: pn.r, alpha: pn.alpha, s: pn.s, beta: pn.beta });
            }
            let (g, s) = (o.spend().unwrap(), o.clv_settings().unwrap());
            for (name, n) in
                [("expectedPurchases", 0), ("probabilityOfPurchases", 0), ("probabilityOfPurchases", 3), ("clv", 0)]
            {
                o.predict = name.into();
                o.n = Some(n as f64);
                let want: Vec<u64> = (0..x.len())
                    .map(|i| {
                        let v = match (name, pareto) {
                            ("clv", false) => super::super::clv::clv(&bg, &g, x[i], tx[i], t[i], m[i], &s).unwrap(),
                            ("clv", true) => super::super::clv::clv(&pn, &g, x[i], tx[i], t[i], m[i], &s).unwrap(),
                            ("expectedPurchases", false) => bg.conditional_expected_purchases(52.0, x[i], tx[i], t[i]),
                            ("expectedPurchases", true) => pn.conditional_expected_purchases(52.0, x[i], tx[i], t[i]),
                            (_, false) => bg.conditional_probability_of_purchases(n, 52.0, x[i], tx[i], t[i]),
                            (_, true) => pn.conditional_probability_of_purchases(n, 52.0, x[i], tx[i], t[i]),
                        };
                        v.to_bits()
                    })
                    .collect();
                for rows in [Rows::Columns(&columns), Rows::Prepared(&prepared)] {
                    let got: Vec<u64> = predict_rows(&o, rows).unwrap().values.iter().map(|v| v.to_bits()).collect();
                    assert_eq!(got, want, "{name} n {n} pareto {pareto}");
                }
            }
        }
    }

    /// A new customer's prediction from plain numbers is, bit for bit, what `modelPredict`
    /// without customers gives for the same options read from its input, and fails where that
    /// fails (the JS then asks `modelPredict` for the error). (Native only: it reads the options
    /// from JSON, as the input reader's own tests do.)
    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn a_new_customers_prediction_from_numbers_equals_the_options_call() {
        use crate::input::FromSource;
        use serde_json::json;
        let none = Columns { frequency: &[], recency: &[], t: &[], monetary: &[], count: &[] };
        let bad = [f64::NAN, f64::INFINITY, -1.0, 0.0, 1e300];
        let mut checked = (0, 0);
        for (what, name) in [
            (NewCustomer::Purchases, "probabilityOfPurchases"),
            (NewCustomer::ExpectedPurchases, "expectedPurchases"),
            (NewCustomer::MeanSpend, "expectedSpend"),
        ] {
            for pareto in [false, true] {
                let good = if what == NewCustomer::MeanSpend {
                    [6.25, 3.74, 15.44, 0.0]
                } else {
                    [0.243, 4.414, 0.793, 2.426]
                };
                let mut cases = vec![(good, 52.0, 2.0), (good, 0.0, 0.0), (good, 39.0, 10_000.0), (good, 1e4, 7.0)];
                for k in 0..3 {
                    for &v in &bad {
                        let mut p = good;
                        p[k] = v;
                        cases.push((p, 52.0, 2.0));
                    }
                }
                cases.extend(bad.iter().map(|&v| (good, v, 2.0)));
                cases.extend([-1.0, 2.5, 10_001.0, f64::NAN].map(|v| (good, 52.0, v)));
                for (p, t, n) in cases {
                    // The options as `modelPredict` reads them, at good values (serde_json writes
                    // NaN and infinities as null), then set to this case's numbers.
                    let (q, t0, n0) = (good, 52.0, 2.0);
                    let keys = if what == NewCustomer::MeanSpend {
                        json!({ "gammaGamma": { "p": q[0], "q": q[1], "v": q[2] }, "predict": name })
                    } else {
                        let params = if pareto {
                            json!({ "paretoNbd": { "r": q[0], "alpha": q[1], "s": q[2], "beta": q[3] } })
                        } else {
                            json!({ "bgNbd": { "r": q[0], "alpha": q[1], "a": q[2], "b": q[3] } })
                        };
                        let mut o = params.as_object().unwrap().clone();
                        o.insert("predict".into(), json!(name));
                        o.insert("t".into(), json!(t0));
                        if what == NewCustomer::Purchases {
                            o.insert("n".into(), json!(n0));
                        }
                        serde_json::Value::Object(o)
                    };
                    let from_json = PredictOptions::from_source(&keys).unwrap();
                    let mut o = from_json.clone();
                    if let Some(b) = o.bg_nbd.as_mut() {
                        (b.r, b.alpha, b.a, b.b) = (p[0], p[1], p[2], p[3]);
                    }
                    if let Some(b) = o.pareto_nbd.as_mut() {
                        (b.r, b.alpha, b.s, b.beta) = (p[0], p[1], p[2], p[3]);
                    }
                    if let Some(g) = o.gamma_gamma.as_mut() {
                        (g.p, g.q, g.v) = (p[0], p[1], p[2]);
                    }
                    if o.t.is_some() {
                        o.t = Some(t);
                    }
                    if o.n.is_some() {
                        o.n = Some(n);
                    }
                    let want = predict_rows(&o, Rows::Columns(&none)).map(|v| v.values[0].to_bits());
                    let got = predict_new(what, pareto, p, t, n).map(f64::to_bits);
                    assert_eq!(got, want, "{name} pareto {pareto} {p:?} t {t} n {n}");
                    if want.is_ok() {
                        checked.0 += 1
                    } else {
                        checked.1 += 1
                    }
                }
            }
        }
        assert!(checked.0 >= 20 && checked.1 >= 60, "{checked:?}");
    }

    /// Customers prepared once give every fit and prediction exactly what their columns give,
    /// with and without counts; what they lack is named.
    #[test]
    fn prepared_customers_equal_their_columns() {
        let (x, tx, t, m) = customers();
        let count: Vec<f64> = (0..x.len()).map(|i| (i % 4 + 1) as f64).collect();
        for counts in [&[][..], &count[..]] {
            let columns = Columns { frequency: &x, recency: &tx, t: &t, monetary: &m, count: counts };
            let prepared = Prepared::of(&columns).unwrap();
            assert_eq!(prepared.rows(), x.len());
            assert_eq!(prepared.histories.keys.len(), 4);
            for model in ["bg-nbd", "gamma-gamma"] {
                let o = FitOptions { model: model.into() };
                assert_eq!(fit_rows(&o, Rows::Prepared(&prepared)), fit(&o, &columns), "{model}");
            }
            for name in ["probabilityAlive", "expectedPurchases", "probabilityOfPurchases", "expectedSpend", "clv"] {
                let want = predict(&options(name), &columns).unwrap();
                assert_eq!(predict_rows(&options(name), Rows::Prepared(&prepared)).unwrap(), want, "{name}");
                assert_eq!(want.values.len(), x.len());
            }
        }
        let no_spend =
            Prepared::of(&Columns { frequency: &x, recency: &tx, t: &t, monetary: &[], count: &[] }).unwrap();
        let e = predict_rows(&options("expectedSpend"), Rows::Prepared(&no_spend)).unwrap_err();
        assert_eq!((e.code, e.field.as_str()), (ErrorCode::Missing, "monetary"));
        let e = fit_rows(&FitOptions { model: "gamma-gamma".into() }, Rows::Prepared(&no_spend)).unwrap_err();
        assert_eq!((e.code, e.field.as_str()), (ErrorCode::Missing, "monetary"));
        let mut bad = tx.clone();
        bad[7] = t[7] + 1.0;
        let e = Prepared::of(&Columns { frequency: &x, recency: &bad, t: &t, monetary: &[], count: &[] }).unwrap_err();
        assert_eq!((e.code, e.field.as_str()), (ErrorCode::OutOfRange, "recency[7]"));
        let e = Prepared::of(&Columns::default()).unwrap_err();
        assert_eq!((e.code, e.field.as_str()), (ErrorCode::Empty, "frequency"));
    }

    /// Evaluating each distinct history once gives every customer exactly what evaluating the
    /// customer alone gives.
    #[test]
    fn predictions_per_distinct_history_equal_those_per_customer() {
        let (x, tx, t, m) = customers();
        let columns = Columns { frequency: &x, recency: &tx, t: &t, monetary: &m, count: &[] };
        let bg = bgnbd::BgNbd { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
        let g = GammaGamma { p: 6.25, q: 3.74, v: 15.44 };
        let s = options("clv").clv_settings().unwrap();
        let cases: [(&str, Box<dyn Fn(usize) -> f64>); 4] = [
            ("probabilityAlive", Box::new(|i| bg.probability_alive(x[i], tx[i], t[i]))),
            ("expectedPurchases", Box::new(|i| bg.conditional_expected_purchases(52.0, x[i], tx[i], t[i]))),
            (
                "probabilityOfPurchases",
                Box::new(|i| bg.conditional_probability_of_purchases(2, 52.0, x[i], tx[i], t[i])),
            ),
            ("clv", Box::new(|i| super::super::clv::clv(&bg, &g, x[i], tx[i], t[i], m[i], &s).unwrap())),
        ];
        for (name, alone) in cases {
            let got = predict(&options(name), &columns).unwrap().values;
            assert_eq!(got.len(), x.len());
            for (i, v) in got.iter().enumerate() {
                let want = alone(i);
                assert!((v - want).abs() <= 1e-14 * want.abs(), "{name} for customer {i}: {v} against {want}");
                assert!(want.is_finite() && want >= 0.0);
            }
        }
    }
}
