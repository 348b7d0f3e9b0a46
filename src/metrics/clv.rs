//! Customer lifetime value: docs/FORMULAS.md sections 1 to 4.

use crate::input::input;
use crate::output::output;

use crate::check::{amount, between, fraction, or, whole};
use crate::error::Result;
use crate::metrics::stream::{Stream, MAX_HORIZON};

input! {
    serde:
    /// Input of [`clv_simple`] (docs/FORMULAS.md 1).
    pub struct SimpleInput {
        /// Revenue per period, in currency units.
        pub revenue_per_period: f64 = "revenuePerPeriod",
        /// How many periods the customer stays (may be fractional).
        pub periods: f64 = "periods",
        /// How many such customers, for the portfolio figures (default 1).
        pub customers: Option<f64> = "customers",
        /// Periods in a year (default 12: monthly revenue).
        pub periods_per_year: Option<f64> = "periodsPerYear",
    }
}

output! {
    serde:
    /// Result of [`clv_simple`].
    pub struct SimpleResult {
        /// `revenuePerPeriod × periods`, per customer.
        pub clv: f64 = "clv",
        /// `clv × customers`.
        pub total_clv: f64 = "totalClv",
        /// `revenuePerPeriod × periodsPerYear × customers`: a year's revenue of all customers.
        pub annual_revenue: f64 = "annualRevenue",
    }
}

/// Simple revenue lifetime value: `revenuePerPeriod × periods` (docs/FORMULAS.md 1).
///
/// Seed example: 100 € a month for 24 months is 2,400 €; 100 such customers bring
/// 120,000 € a year.
pub fn clv_simple(input: &SimpleInput) -> Result<SimpleResult> {
    let revenue = amount("revenuePerPeriod", input.revenue_per_period)?;
    let periods = amount("periods", input.periods)?;
    let customers = or(input.customers, 1.0, |v| whole("customers", v, 1.0, "must be at least 1"))?;
    let per_year =
        or(input.periods_per_year, 12.0, |v| between("periodsPerYear", v, 1.0, 366.0, "must be between 1 and 366"))?;
    let clv = revenue * periods;
    Ok(SimpleResult {
        clv: Stream::guard("revenuePerPeriod", clv)?,
        total_clv: Stream::guard("customers", clv * customers)?,
        annual_revenue: Stream::guard("customers", revenue * per_year * customers)?,
    })
}

input! {
    serde:
    /// Input of [`clv_purchase`] (docs/FORMULAS.md 2).
    pub struct PurchaseInput {
        /// Average revenue per order, in currency units.
        pub average_order_value: f64 = "averageOrderValue",
        /// Orders per customer and year.
        pub purchases_per_year: f64 = "purchasesPerYear",
        /// Years a customer keeps buying.
        pub retention_years: f64 = "retentionYears",
        /// Share of revenue kept as gross profit, 0 to 1 (default 1).
        pub gross_margin: Option<f64> = "grossMargin",
        /// Cost of winning the customer, subtracted once (default 0).
        pub acquisition_cost: Option<f64> = "acquisitionCost",
    }
}

output! {
    serde:
    /// Result of [`clv_purchase`].
    pub struct PurchaseResult {
        /// `lifetimeGrossProfit − acquisitionCost`.
        pub clv: f64 = "clv",
        /// `averageOrderValue × purchasesPerYear`.
        pub annual_revenue: f64 = "annualRevenue",
        /// `annualRevenue × retentionYears`.
        pub lifetime_revenue: f64 = "lifetimeRevenue",
        /// `lifetimeRevenue × grossMargin`.
        pub lifetime_gross_profit: f64 = "lifetimeGrossProfit",
        /// The acquisition cost that was subtracted.
        pub acquisition_cost: f64 = "acquisitionCost",
    }
}

/// Purchase-based CLV: `averageOrderValue × purchasesPerYear × retentionYears × grossMargin −
/// acquisitionCost` (docs/FORMULAS.md 2). The result may be negative: the customer loses money.
pub fn clv_purchase(input: &PurchaseInput) -> Result<PurchaseResult> {
    let aov = amount("averageOrderValue", input.average_order_value)?;
    let per_year = amount("purchasesPerYear", input.purchases_per_year)?;
    let years = amount("retentionYears", input.retention_years)?;
    let margin = or(input.gross_margin, 1.0, |v| fraction("grossMargin", v))?;
    let acquisition = or(input.acquisition_cost, 0.0, |v| amount("acquisitionCost", v))?;
    let annual_revenue = Stream::guard("purchasesPerYear", aov * per_year)?;
    let lifetime_revenue = Stream::guard("retentionYears", annual_revenue * years)?;
    let lifetime_gross_profit = lifetime_revenue * margin;
    Ok(PurchaseResult {
        clv: lifetime_gross_profit - acquisition,
        annual_revenue,
        lifetime_revenue,
        lifetime_gross_profit,
        acquisition_cost: acquisition,
    })
}

input! {
    serde:
    /// Input of [`order_metrics`]: a year of order data (docs/FORMULAS.md 2, helpers).
    pub struct OrderMetricsInput {
        /// Revenue of all orders, in currency units.
        pub total_revenue: f64 = "totalRevenue",
        /// Number of orders.
        pub number_of_orders: f64 = "numberOfOrders",
        /// Number of distinct customers who ordered.
        pub unique_customers: f64 = "uniqueCustomers",
    }
}

output! {
    serde:
    /// Result of [`order_metrics`].
    pub struct OrderMetricsResult {
        /// `totalRevenue / numberOfOrders`.
        pub average_order_value: f64 = "averageOrderValue",
        /// `numberOfOrders / uniqueCustomers`: orders per customer in the period of the data.
        pub purchase_frequency: f64 = "purchaseFrequency",
        /// `averageOrderValue × purchaseFrequency`: revenue per customer in that period.
        pub customer_value: f64 = "customerValue",
    }
}

/// The inputs of purchase-based CLV from raw order data (docs/FORMULAS.md 2, helpers).
pub fn order_metrics(input: &OrderMetricsInput) -> Result<OrderMetricsResult> {
    let revenue = amount("totalRevenue", input.total_revenue)?;
    let orders = whole("numberOfOrders", input.number_of_orders, 1.0, "must be at least 1")?;
    let customers = whole("uniqueCustomers", input.unique_customers, 1.0, "must be at least 1")?;
    if customers > orders {
        return Err(crate::Error::new(
            crate::ErrorCode::OutOfRange,
            "uniqueCustomers",
            "uniqueCustomers cannot exceed numberOfOrders: every customer placed an order",
        ));
    }
    let average_order_value = revenue / orders;
    let purchase_frequency = orders / customers;
    Ok(OrderMetricsResult {
        average_order_value,
        purchase_frequency,
        customer_value: average_order_value * purchase_frequency,
    })
}

input! {
    serde:
    /// Input of [`clv_subscription`] (docs/FORMULAS.md 3). Rates are per period (a month unless the
    /// page says otherwise).
    pub struct SubscriptionInput {
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
    }
}

output! {
    serde:
    /// Per-period figures for a chart, one entry per period (period 1 first).
    pub struct Series {
        /// Probability the customer is still a customer at the start of the period: `(1 − churn)^t`.
        pub survival: Vec<f64> = "survival",
        /// Expected discounted margin of the period: `arpa × grossMargin × q^t`.
        pub value: Vec<f64> = "value",
        /// Running sum of `value`; its last entry approaches `clv`.
        pub cumulative: Vec<f64> = "cumulative",
    }
}

output! {
    serde:
    /// Result of [`clv_subscription`].
    pub struct SubscriptionResult {
        /// `Σ_{t<H} arpa × grossMargin × q^t`, or `arpa × grossMargin / (1 − q)` for an open horizon.
        pub clv: f64 = "clv",
        /// Expected periods as a customer (within the horizon when one is set); `1 / churnRate`
        /// for an open horizon; null when the customer never churns and no horizon is set.
        pub expected_lifetime: Option<f64> = "expectedLifetime",
        /// `arpa × grossMargin`: the margin of the first period.
        pub period_margin: f64 = "periodMargin",
        /// `q = (1 + expansionRate)(1 − churnRate) / (1 + discountRate)`.
        pub retention_factor: f64 = "retentionFactor",
        /// Per-period series: the horizon's periods, or for an open horizon until 99.5 % of the
        /// value is reached (at least 12 and at most 600 periods).
        pub series: Series = "series",
    }
}

/// The validated inputs shared by subscription CLV, TCV and retention impact.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Subscription {
    pub arpa: f64,
    pub churn: f64,
    pub margin: f64,
    pub expansion: f64,
    pub discount: f64,
    pub horizon: Option<u32>,
}

impl Subscription {
    pub(crate) fn from_parts(
        arpa: f64,
        churn_rate: f64,
        gross_margin: Option<f64>,
        expansion_rate: Option<f64>,
        discount_rate: Option<f64>,
        horizon: Option<f64>,
    ) -> Result<Self> {
        Ok(Subscription {
            arpa: amount("arpa", arpa)?,
            churn: fraction("churnRate", churn_rate)?,
            margin: or(gross_margin, 1.0, |v| fraction("grossMargin", v))?,
            expansion: or(expansion_rate, 0.0, |v| {
                between("expansionRate", v, -1.0, 1.0, "must be between -1 and 1 (-100 % to +100 % per period)")
            })?,
            discount: or(discount_rate, 0.0, |v| fraction("discountRate", v))?,
            horizon: match horizon {
                None => None,
                Some(h) => {
                    Some(whole("horizon", h, 1.0, "must be from 1 to 1200 periods").and_then(|h| {
                        between("horizon", h, 1.0, MAX_HORIZON as f64, "must be from 1 to 1200 periods")
                    })? as u32)
                }
            },
        })
    }

    /// Survival times discount per period, without expansion: the weights `w_t` of a
    /// recurring cost (docs/FORMULAS.md 8), starting at 1.
    pub(crate) fn cost_weights(&self) -> Stream {
        let d = 1.0 + self.discount;
        Stream::new(1.0, (1.0 - self.churn) / d, (self.churn + self.discount) / d, self.horizon)
    }

    /// The margin stream of docs/FORMULAS.md 3: `arpa × grossMargin × q^t`. `1 − q` is computed
    /// as `(churn + discount − expansion × (1 − churn)) / (1 + discount)`, so that with no
    /// expansion and discount CLV is exactly `arpa × grossMargin / churnRate`.
    pub(crate) fn stream(&self) -> Stream {
        let (c, d, e) = (self.churn, self.discount, self.expansion);
        Stream::new(
            self.arpa * self.margin,
            (1.0 + e) * (1.0 - c) / (1.0 + d),
            (c + d - e * (1.0 - c)) / (1.0 + d),
            self.horizon,
        )
    }

    /// CLV by docs/FORMULAS.md 3, with the error for a diverging open horizon.
    pub(crate) fn clv(&self) -> Result<f64> {
        self.stream().total("churnRate", DIVERGES)
    }

    /// Expected periods as a customer within the horizon; None when it is infinite.
    pub(crate) fn expected_lifetime(&self) -> Option<f64> {
        let survival = Stream::new(1.0, 1.0 - self.churn, self.churn, self.horizon);
        survival.total("churnRate", "").ok()
    }
}

const DIVERGES: &str = "CLV is infinite: with this churnRate, expansionRate and discountRate a \
    customer's value never declines. Raise churnRate or discountRate, lower expansionRate, or set a horizon";

/// Subscription CLV in its general form (docs/FORMULAS.md 3): margin `arpa × grossMargin` paid at
/// the start of each period the customer stays, staying with probability `1 − churnRate`,
/// growing by `expansionRate` and discounted by `discountRate` per period.
///
/// Examples: arpa 100, churn 0.05 gives 2,000; with grossMargin 0.8, 1,600.
pub fn clv_subscription(input: &SubscriptionInput) -> Result<SubscriptionResult> {
    let s = Subscription::from_parts(
        input.arpa,
        input.churn_rate,
        input.gross_margin,
        input.expansion_rate,
        input.discount_rate,
        input.horizon,
    )?;
    let stream = s.stream();
    let clv = s.clv()?;
    let len = stream.chart_len();
    let mut series = Series {
        survival: Vec::with_capacity(len),
        value: Vec::with_capacity(len),
        cumulative: Vec::with_capacity(len),
    };
    let (mut survival, mut value, mut cumulative) = (1.0, stream.first, 0.0);
    for _ in 0..len {
        cumulative += value;
        series.survival.push(survival);
        series.value.push(value);
        series.cumulative.push(cumulative);
        survival *= 1.0 - s.churn;
        value *= stream.factor;
    }
    Ok(SubscriptionResult {
        clv,
        expected_lifetime: s.expected_lifetime(),
        period_margin: stream.first,
        retention_factor: stream.factor,
        series,
    })
}

input! {
    serde:
    /// Input of [`clv_retention`] (docs/FORMULAS.md 4).
    pub struct RetentionInput {
        /// Margin per period, received at the end of each period the customer stays.
        pub margin: f64 = "margin",
        /// Share of customers kept from one period to the next, 0 to 1.
        pub retention_rate: f64 = "retentionRate",
        /// Discount rate per period, 0 to 1.
        pub discount_rate: f64 = "discountRate",
    }
}

output! {
    serde:
    /// Result of [`clv_retention`].
    pub struct RetentionResult {
        /// `margin × marginMultiple`.
        pub clv: f64 = "clv",
        /// `r / (1 + d − r)`.
        pub margin_multiple: f64 = "marginMultiple",
    }
}

/// Retention-based discounted CLV of Gupta & Lehmann (2003): `m × r / (1 + d − r)`
/// (docs/FORMULAS.md 4). The margin multiple at r = 0.8, d = 0.1 is 2.667.
pub fn clv_retention(input: &RetentionInput) -> Result<RetentionResult> {
    let m = amount("margin", input.margin)?;
    let r = fraction("retentionRate", input.retention_rate)?;
    let d = fraction("discountRate", input.discount_rate)?;
    let denominator = 1.0 + d - r;
    if denominator <= 0.0 {
        return Err(crate::check::diverges(
            "retentionRate",
            "CLV is infinite with retentionRate 1 and discountRate 0: lower retentionRate or add a discountRate",
        ));
    }
    let margin_multiple = r / denominator;
    Ok(RetentionResult { clv: Stream::guard("margin", m * margin_multiple)?, margin_multiple })
}
