//! Every invalid field of every calculator gives an `Err` with the right `ErrorCode` and the
//! camelCase `field` path of the JS API. (The input reader over JSON is tested in src/input.rs.)
// Native only: wasm-pack test builds tests/ for wasm32, where proptest and serde_json are
// not dev-dependencies (tests/wasm.rs covers the wasm side).
#![cfg(not(target_arch = "wasm32"))]

use std::fmt::Debug;

use kundenwert::*;

const NAN: f64 = f64::NAN;
const INF: f64 = f64::INFINITY;
const NEG_INF: f64 = f64::NEG_INFINITY;

/// The non-finite values every number field must reject as `NotANumber`.
const NON_FINITE: [f64; 3] = [NAN, INF, NEG_INF];

include!("support/fails.rs");

/// `field` rejects NaN and ±Infinity with `NotANumber`.
#[track_caller]
fn rejects_non_finite<T: Debug>(field: &str, mut call: impl FnMut(f64) -> Result<T>) {
    for v in NON_FINITE {
        fails(call(v), ErrorCode::NotANumber, field);
    }
}

// ---------------------------------------------------------------------------------------------
// clv_simple

fn simple() -> SimpleInput {
    SimpleInput { revenue_per_period: 100.0, periods: 24.0, customers: Some(100.0), periods_per_year: Some(12.0) }
}

#[test]
fn clv_simple_errors() {
    use ErrorCode::*;
    let run = |f: &dyn Fn(&mut SimpleInput)| {
        let mut i = simple();
        f(&mut i);
        clv_simple(&i)
    };
    assert!(run(&|_| {}).is_ok());
    rejects_non_finite("revenuePerPeriod", |v| run(&|i| i.revenue_per_period = v));
    rejects_non_finite("periods", |v| run(&|i| i.periods = v));
    rejects_non_finite("customers", |v| run(&|i| i.customers = Some(v)));
    rejects_non_finite("periodsPerYear", |v| run(&|i| i.periods_per_year = Some(v)));
    fails(run(&|i| i.revenue_per_period = -1.0), OutOfRange, "revenuePerPeriod");
    fails(run(&|i| i.periods = -0.5), OutOfRange, "periods");
    fails(run(&|i| i.customers = Some(0.0)), OutOfRange, "customers");
    fails(run(&|i| i.customers = Some(-3.0)), OutOfRange, "customers");
    fails(run(&|i| i.customers = Some(2.5)), NotAnInteger, "customers");
    fails(run(&|i| i.periods_per_year = Some(0.0)), OutOfRange, "periodsPerYear");
    fails(run(&|i| i.periods_per_year = Some(367.0)), OutOfRange, "periodsPerYear");
    // Money is bounded (MAX_AMOUNT, 10^15) and counts are (MAX_COUNT, 10^12), so that no
    // product overflows: above them an error, not Infinity.
    assert!(run(&|i| i.revenue_per_period = MAX_AMOUNT).is_ok());
    fails(run(&|i| i.revenue_per_period = MAX_AMOUNT * 1.01), OutOfRange, "revenuePerPeriod");
    fails(run(&|i| i.revenue_per_period = 1e300), OutOfRange, "revenuePerPeriod");
    fails(run(&|i| i.periods = 1e300), OutOfRange, "periods");
    assert!(run(&|i| i.customers = Some(MAX_COUNT)).is_ok());
    fails(run(&|i| i.customers = Some(MAX_COUNT + 1.0)), OutOfRange, "customers");
    fails(run(&|i| i.customers = Some(1e300)), OutOfRange, "customers");
    // the largest inputs still give finite numbers
    let r = run(&|i| {
        i.revenue_per_period = MAX_AMOUNT;
        i.periods = MAX_AMOUNT;
        i.customers = Some(MAX_COUNT);
        i.periods_per_year = Some(366.0)
    })
    .unwrap();
    assert!(r.clv.is_finite() && r.total_clv.is_finite() && r.annual_revenue.is_finite());
}

// ---------------------------------------------------------------------------------------------
// clv_purchase, order_metrics

fn purchase() -> PurchaseInput {
    PurchaseInput {
        average_order_value: 80.0,
        purchases_per_year: 6.0,
        retention_years: 3.0,
        gross_margin: Some(0.4),
        acquisition_cost: Some(150.0),
    }
}

#[test]
fn clv_purchase_errors() {
    use ErrorCode::*;
    let run = |f: &dyn Fn(&mut PurchaseInput)| {
        let mut i = purchase();
        f(&mut i);
        clv_purchase(&i)
    };
    assert!(run(&|_| {}).is_ok());
    rejects_non_finite("averageOrderValue", |v| run(&|i| i.average_order_value = v));
    rejects_non_finite("purchasesPerYear", |v| run(&|i| i.purchases_per_year = v));
    rejects_non_finite("retentionYears", |v| run(&|i| i.retention_years = v));
    rejects_non_finite("grossMargin", |v| run(&|i| i.gross_margin = Some(v)));
    rejects_non_finite("acquisitionCost", |v| run(&|i| i.acquisition_cost = Some(v)));
    fails(run(&|i| i.average_order_value = -1.0), OutOfRange, "averageOrderValue");
    fails(run(&|i| i.purchases_per_year = -1.0), OutOfRange, "purchasesPerYear");
    fails(run(&|i| i.retention_years = -1.0), OutOfRange, "retentionYears");
    fails(run(&|i| i.gross_margin = Some(1.01)), OutOfRange, "grossMargin");
    fails(run(&|i| i.gross_margin = Some(-0.01)), OutOfRange, "grossMargin");
    fails(run(&|i| i.acquisition_cost = Some(-1.0)), OutOfRange, "acquisitionCost");
    for (field, set) in [
        ("averageOrderValue", (|i, v| i.average_order_value = v) as fn(&mut PurchaseInput, f64)),
        ("purchasesPerYear", |i, v| i.purchases_per_year = v),
        ("retentionYears", |i, v| i.retention_years = v),
        ("acquisitionCost", |i, v| i.acquisition_cost = Some(v)),
    ] {
        assert!(run(&|i| set(i, MAX_AMOUNT)).is_ok(), "{field} at MAX_AMOUNT");
        fails(run(&|i| set(i, MAX_AMOUNT * 1.01)), OutOfRange, field);
        fails(run(&|i| set(i, 1e300)), OutOfRange, field);
    }
}

#[test]
fn order_metrics_errors() {
    use ErrorCode::*;
    let run = |revenue: f64, orders: f64, customers: f64| {
        order_metrics(&OrderMetricsInput {
            total_revenue: revenue,
            number_of_orders: orders,
            unique_customers: customers,
        })
    };
    assert!(run(1000.0, 10.0, 5.0).is_ok());
    rejects_non_finite("totalRevenue", |v| run(v, 10.0, 5.0));
    rejects_non_finite("numberOfOrders", |v| run(1000.0, v, 5.0));
    rejects_non_finite("uniqueCustomers", |v| run(1000.0, 10.0, v));
    fails(run(-1.0, 10.0, 5.0), OutOfRange, "totalRevenue");
    fails(run(1000.0, 0.0, 0.0), OutOfRange, "numberOfOrders");
    fails(run(1000.0, 2.5, 1.0), NotAnInteger, "numberOfOrders");
    fails(run(1000.0, 10.0, 0.0), OutOfRange, "uniqueCustomers");
    fails(run(1000.0, 10.0, 1.5), NotAnInteger, "uniqueCustomers");
    // More customers than orders is impossible.
    fails(run(1000.0, 10.0, 11.0), OutOfRange, "uniqueCustomers");
    // bounds: money 10^15, counts 10^12
    fails(run(MAX_AMOUNT * 1.01, 10.0, 5.0), OutOfRange, "totalRevenue");
    fails(run(1000.0, MAX_COUNT + 1.0, 5.0), OutOfRange, "numberOfOrders");
    fails(run(1000.0, MAX_COUNT * 2.0, MAX_COUNT + 1.0), OutOfRange, "numberOfOrders");
    let r = run(MAX_AMOUNT, MAX_COUNT, 1.0).unwrap();
    assert!(r.customer_value.is_finite() && r.average_order_value.is_finite());
}

// ---------------------------------------------------------------------------------------------
// clv_subscription

fn sub() -> SubscriptionInput {
    SubscriptionInput {
        arpa: 100.0,
        churn_rate: 0.05,
        gross_margin: Some(0.8),
        expansion_rate: Some(0.01),
        discount_rate: Some(0.01),
        horizon: Some(36.0),
    }
}

#[test]
fn clv_subscription_errors() {
    use ErrorCode::*;
    let run = |f: &dyn Fn(&mut SubscriptionInput)| {
        let mut i = sub();
        f(&mut i);
        clv_subscription(&i)
    };
    assert!(run(&|_| {}).is_ok());
    rejects_non_finite("arpa", |v| run(&|i| i.arpa = v));
    rejects_non_finite("churnRate", |v| run(&|i| i.churn_rate = v));
    rejects_non_finite("grossMargin", |v| run(&|i| i.gross_margin = Some(v)));
    rejects_non_finite("expansionRate", |v| run(&|i| i.expansion_rate = Some(v)));
    rejects_non_finite("discountRate", |v| run(&|i| i.discount_rate = Some(v)));
    rejects_non_finite("horizon", |v| run(&|i| i.horizon = Some(v)));
    fails(run(&|i| i.arpa = -0.01), OutOfRange, "arpa");
    fails(run(&|i| i.churn_rate = -0.01), OutOfRange, "churnRate");
    fails(run(&|i| i.churn_rate = 1.01), OutOfRange, "churnRate");
    fails(run(&|i| i.churn_rate = 5.0), OutOfRange, "churnRate");
    fails(run(&|i| i.gross_margin = Some(1.5)), OutOfRange, "grossMargin");
    fails(run(&|i| i.gross_margin = Some(-0.5)), OutOfRange, "grossMargin");
    fails(run(&|i| i.expansion_rate = Some(-1.01)), OutOfRange, "expansionRate");
    fails(run(&|i| i.expansion_rate = Some(1.01)), OutOfRange, "expansionRate");
    fails(run(&|i| i.discount_rate = Some(-0.01)), OutOfRange, "discountRate");
    fails(run(&|i| i.discount_rate = Some(1.01)), OutOfRange, "discountRate");
    fails(run(&|i| i.horizon = Some(0.0)), OutOfRange, "horizon");
    fails(run(&|i| i.horizon = Some(-12.0)), OutOfRange, "horizon");
    fails(run(&|i| i.horizon = Some(1201.0)), OutOfRange, "horizon");
    fails(run(&|i| i.horizon = Some(1e9)), OutOfRange, "horizon");
    fails(run(&|i| i.horizon = Some(2.5)), NotAnInteger, "horizon");
    assert!(run(&|i| i.horizon = Some(1.0)).is_ok());
    assert!(run(&|i| i.horizon = Some(1200.0)).is_ok());
}

#[test]
fn clv_subscription_diverges_on_churn_rate() {
    // FORMULAS.md 3: q ≥ 1 with an open horizon is an input error, not Infinity.
    let open = |churn: f64, expansion: Option<f64>, discount: Option<f64>| {
        clv_subscription(&SubscriptionInput {
            arpa: 100.0,
            churn_rate: churn,
            gross_margin: None,
            expansion_rate: expansion,
            discount_rate: discount,
            horizon: None,
        })
    };
    fails(open(0.0, None, None), ErrorCode::Diverges, "churnRate");
    fails(open(0.0, Some(0.0), Some(0.0)), ErrorCode::Diverges, "churnRate");
    // expansion outgrows churn: q = 1.06 × 0.95 > 1
    fails(open(0.05, Some(0.06), None), ErrorCode::Diverges, "churnRate");
    // expansion exactly offsets churn: q = 2 × 0.5 = 1
    fails(open(0.5, Some(1.0), None), ErrorCode::Diverges, "churnRate");
    // ... and with a discount: q = 1.1 × 0.9 / 1.01 < 1 converges, 1.2 × 0.9 / 1.05 > 1 does not
    assert!(open(0.1, Some(0.1), Some(0.01)).is_ok());
    fails(open(0.1, Some(0.2), Some(0.05)), ErrorCode::Diverges, "churnRate");
    // ... but a horizon, a discount or a contraction makes it finite
    assert!(open(0.0, None, Some(0.01)).is_ok());
    assert!(open(0.0, Some(-0.01), None).is_ok());
}

// ---------------------------------------------------------------------------------------------
// clv_retention

#[test]
fn clv_retention_errors() {
    use ErrorCode::*;
    let run =
        |m: f64, r: f64, d: f64| clv_retention(&RetentionInput { margin: m, retention_rate: r, discount_rate: d });
    assert!(run(100.0, 0.8, 0.1).is_ok());
    rejects_non_finite("margin", |v| run(v, 0.8, 0.1));
    rejects_non_finite("retentionRate", |v| run(100.0, v, 0.1));
    rejects_non_finite("discountRate", |v| run(100.0, 0.8, v));
    fails(run(-1.0, 0.8, 0.1), OutOfRange, "margin");
    fails(run(100.0, -0.1, 0.1), OutOfRange, "retentionRate");
    fails(run(100.0, 1.1, 0.1), OutOfRange, "retentionRate");
    fails(run(100.0, 0.8, -0.1), OutOfRange, "discountRate");
    fails(run(100.0, 0.8, 1.1), OutOfRange, "discountRate");
    // r = 1 and d = 0: m × 1 / 0 is infinite.
    fails(run(100.0, 1.0, 0.0), Diverges, "retentionRate");
    assert!(run(100.0, 1.0, 0.01).is_ok());
    // Money is bounded (10^15): above it an error.
    fails(run(MAX_AMOUNT * 1.01, 0.999, 0.0), OutOfRange, "margin");
    fails(run(1e308, 0.999, 0.0), OutOfRange, "margin");
    // r = 1 with a discount too small to count next to 1 (1 + 1e-17 == 1): still infinite.
    fails(run(100.0, 1.0, 1e-17), Diverges, "retentionRate");
}

// ---------------------------------------------------------------------------------------------
// cac, ltv_cac, cac_by_channel

#[test]
fn cac_errors() {
    use ErrorCode::*;
    let run = |spend: f64, customers: f64| cac(&CacInput { spend, new_customers: customers });
    assert!(run(1000.0, 4.0).is_ok());
    rejects_non_finite("spend", |v| run(v, 4.0));
    rejects_non_finite("newCustomers", |v| run(1000.0, v));
    fails(run(-1.0, 4.0), OutOfRange, "spend");
    fails(run(1000.0, 0.0), OutOfRange, "newCustomers");
    fails(run(1000.0, -4.0), OutOfRange, "newCustomers");
    fails(run(1000.0, 0.5), NotAnInteger, "newCustomers");
    fails(run(1000.0, 4.5), NotAnInteger, "newCustomers");
    fails(run(MAX_AMOUNT * 1.01, 4.0), OutOfRange, "spend");
    fails(run(1000.0, MAX_COUNT + 1.0), OutOfRange, "newCustomers");
}

#[test]
fn ltv_cac_errors() {
    use ErrorCode::*;
    let run = |clv: f64, cac: f64| ltv_cac(&LtvCacInput { clv, cac });
    assert!(run(-100.0, 4.0).is_ok()); // a negative CLV is allowed
    rejects_non_finite("clv", |v| run(v, 400.0));
    rejects_non_finite("cac", |v| run(1200.0, v));
    fails(run(1200.0, 0.0), OutOfRange, "cac");
    fails(run(1200.0, -0.0), OutOfRange, "cac");
    fails(run(1200.0, -400.0), OutOfRange, "cac");
    // The ratio overflows: an error, not Infinity.
    fails(run(1e300, 1e-300), OutOfRange, "cac");
}

fn ch(name: &str, spend: f64, customers: f64, clv: Option<f64>) -> ChannelInput {
    ChannelInput { channel: name.to_string(), spend, new_customers: customers, clv }
}

#[test]
fn cac_by_channel_errors() {
    use ErrorCode::*;
    fails(cac_by_channel(&[]), Empty, "");
    let three = |last: ChannelInput| {
        cac_by_channel(&[ch("Search", 1000.0, 10.0, Some(500.0)), ch("Social", 500.0, 5.0, None), last])
    };
    assert!(three(ch("Events", 900.0, 3.0, Some(2000.0))).is_ok());
    for v in NON_FINITE {
        fails(three(ch("E", v, 3.0, None)), NotANumber, "[2].spend");
        fails(three(ch("E", 900.0, v, None)), NotANumber, "[2].newCustomers");
        fails(three(ch("E", 900.0, 3.0, Some(v))), NotANumber, "[2].clv");
    }
    fails(three(ch("E", -900.0, 3.0, None)), OutOfRange, "[2].spend");
    fails(three(ch("E", 900.0, 0.0, None)), OutOfRange, "[2].newCustomers");
    fails(three(ch("E", 900.0, 2.5, None)), NotAnInteger, "[2].newCustomers");
    fails(three(ch("", 900.0, 3.0, None)), Missing, "[2].channel");
    fails(three(ch("   ", 900.0, 3.0, None)), Missing, "[2].channel");
    fails(cac_by_channel(&[ch("A", -1.0, 1.0, None)]), OutOfRange, "[0].spend");
    fails(cac_by_channel(&[ch("A", 1.0, 1.0, None), ch("B", 1.0, 0.0, None)]), OutOfRange, "[1].newCustomers");
    // Bounded money and counts (10^15, 10^12): above them an error, not Infinity.
    fails(cac_by_channel(&[ch("A", MAX_AMOUNT, 1.0, None), ch("B", 1e308, 1.0, None)]), OutOfRange, "[1].spend");
    fails(
        cac_by_channel(&[ch("A", 1.0, MAX_COUNT, None), ch("B", 1.0, MAX_COUNT * 2.0, None)]),
        OutOfRange,
        "[1].newCustomers",
    );
    let r = cac_by_channel(&[ch("A", MAX_AMOUNT, MAX_COUNT, Some(1e300)), ch("B", MAX_AMOUNT, MAX_COUNT, Some(1e300))]);
    // a CLV is any finite number; its customer-weighted mean may overflow: an error then
    match r {
        Ok(r) => assert!(r.total.clv.unwrap().is_finite()),
        Err(e) => assert_eq!((e.code, e.field.as_str()), (OutOfRange, "clv")),
    }
}

// ---------------------------------------------------------------------------------------------
// payback

fn pay() -> PaybackInput {
    PaybackInput {
        cac: 600.0,
        arpa: 100.0,
        gross_margin: Some(0.5),
        churn_rate: Some(0.03),
        expansion_rate: Some(0.01),
        discount_rate: Some(0.01),
    }
}

#[test]
fn payback_errors() {
    use ErrorCode::*;
    let run = |f: &dyn Fn(&mut PaybackInput)| {
        let mut i = pay();
        f(&mut i);
        payback(&i)
    };
    assert!(run(&|_| {}).is_ok());
    rejects_non_finite("cac", |v| run(&|i| i.cac = v));
    rejects_non_finite("arpa", |v| run(&|i| i.arpa = v));
    rejects_non_finite("grossMargin", |v| run(&|i| i.gross_margin = Some(v)));
    rejects_non_finite("churnRate", |v| run(&|i| i.churn_rate = Some(v)));
    rejects_non_finite("expansionRate", |v| run(&|i| i.expansion_rate = Some(v)));
    rejects_non_finite("discountRate", |v| run(&|i| i.discount_rate = Some(v)));
    fails(run(&|i| i.cac = -1.0), OutOfRange, "cac");
    fails(run(&|i| i.arpa = -1.0), OutOfRange, "arpa");
    fails(run(&|i| i.gross_margin = Some(2.0)), OutOfRange, "grossMargin");
    fails(run(&|i| i.churn_rate = Some(1.5)), OutOfRange, "churnRate");
    fails(run(&|i| i.churn_rate = Some(-0.5)), OutOfRange, "churnRate");
    fails(run(&|i| i.expansion_rate = Some(2.0)), OutOfRange, "expansionRate");
    fails(run(&|i| i.expansion_rate = Some(-2.0)), OutOfRange, "expansionRate");
    fails(run(&|i| i.discount_rate = Some(-1.0)), OutOfRange, "discountRate");
    fails(run(&|i| i.discount_rate = Some(1.5)), OutOfRange, "discountRate");
    fails(run(&|i| i.cac = 1e300), OutOfRange, "cac");
    fails(run(&|i| i.arpa = 1e300), OutOfRange, "arpa");
    // Churn 0 without discount is allowed here (payback needs no lifetime total).
    assert!(run(&|i| {
        i.churn_rate = None;
        i.discount_rate = None;
        i.expansion_rate = None
    })
    .is_ok());
    // simple payback overflows: an error, not Infinity
    fails(
        run(&|i| {
            i.cac = MAX_AMOUNT;
            i.arpa = 1e-300
        }),
        OutOfRange,
        "cac",
    );
}

// ---------------------------------------------------------------------------------------------
// tcv

fn tcv_in() -> TcvInput {
    TcvInput {
        arpa: 100.0,
        churn_rate: 0.04,
        gross_margin: Some(0.8),
        expansion_rate: Some(0.01),
        discount_rate: Some(0.01),
        horizon: None,
        referrals_per_customer: Some(0.5),
        value_per_referral: Some(300.0),
        acquisition_cost: Some(400.0),
        onboarding_cost: Some(100.0),
        service_cost: Some(5.0),
        account_management_cost: Some(3.0),
        retention_cost: Some(2.0),
        dunning_cost: Some(0.5),
        upgrade_cost: Some(1.5),
    }
}

#[test]
fn tcv_errors() {
    use ErrorCode::*;
    let run = |f: &dyn Fn(&mut TcvInput)| {
        let mut i = tcv_in();
        f(&mut i);
        tcv(&i)
    };
    assert!(run(&|_| {}).is_ok());
    rejects_non_finite("arpa", |v| run(&|i| i.arpa = v));
    rejects_non_finite("churnRate", |v| run(&|i| i.churn_rate = v));
    rejects_non_finite("grossMargin", |v| run(&|i| i.gross_margin = Some(v)));
    rejects_non_finite("expansionRate", |v| run(&|i| i.expansion_rate = Some(v)));
    rejects_non_finite("discountRate", |v| run(&|i| i.discount_rate = Some(v)));
    rejects_non_finite("horizon", |v| run(&|i| i.horizon = Some(v)));
    fails(run(&|i| i.arpa = -1.0), OutOfRange, "arpa");
    fails(run(&|i| i.churn_rate = 1.2), OutOfRange, "churnRate");
    fails(run(&|i| i.gross_margin = Some(1.2)), OutOfRange, "grossMargin");
    fails(run(&|i| i.expansion_rate = Some(-1.2)), OutOfRange, "expansionRate");
    fails(run(&|i| i.discount_rate = Some(-0.2)), OutOfRange, "discountRate");
    fails(run(&|i| i.horizon = Some(0.0)), OutOfRange, "horizon");
    fails(run(&|i| i.horizon = Some(1201.0)), OutOfRange, "horizon");
    fails(run(&|i| i.horizon = Some(2.5)), NotAnInteger, "horizon");

    // every optional money field: NaN/±Inf and negative
    type Set = fn(&mut TcvInput, f64);
    let money: [(&str, Set); 9] = [
        ("referralsPerCustomer", |i, v| i.referrals_per_customer = Some(v)),
        ("valuePerReferral", |i, v| i.value_per_referral = Some(v)),
        ("acquisitionCost", |i, v| i.acquisition_cost = Some(v)),
        ("onboardingCost", |i, v| i.onboarding_cost = Some(v)),
        ("serviceCost", |i, v| i.service_cost = Some(v)),
        ("accountManagementCost", |i, v| i.account_management_cost = Some(v)),
        ("retentionCost", |i, v| i.retention_cost = Some(v)),
        ("dunningCost", |i, v| i.dunning_cost = Some(v)),
        ("upgradeCost", |i, v| i.upgrade_cost = Some(v)),
    ];
    for (field, set) in money {
        rejects_non_finite(field, |v| run(&|i| set(i, v)));
        fails(run(&|i| set(i, -1.0)), OutOfRange, field);
        fails(run(&|i| set(i, 1e300)), OutOfRange, field);
        assert!(run(&|i| set(i, MAX_AMOUNT)).is_ok(), "{field} at MAX_AMOUNT");
    }
    fails(run(&|i| i.arpa = MAX_AMOUNT * 1.01), OutOfRange, "arpa");
}

#[test]
fn tcv_diverges_on_churn_rate() {
    // FORMULAS.md 3 and 8: no churn, no discount, open horizon: CLV and the cost to serve are
    // infinite.
    let base = TcvInput { arpa: 100.0, churn_rate: 0.0, ..Default::default() };
    fails(tcv(&base), ErrorCode::Diverges, "churnRate");
    // No revenue but a recurring cost served forever: also infinite.
    fails(tcv(&TcvInput { arpa: 0.0, service_cost: Some(5.0), ..base.clone() }), ErrorCode::Diverges, "churnRate");
    // With a horizon it is finite.
    assert!(tcv(&TcvInput { horizon: Some(12.0), service_cost: Some(5.0), ..base }).is_ok());
}

// ---------------------------------------------------------------------------------------------
// retention_impact

fn impact() -> RetentionImpactInput {
    RetentionImpactInput {
        arpa: 100.0,
        churn_rate: 0.05,
        gross_margin: Some(1.0),
        expansion_rate: Some(0.0),
        discount_rate: Some(0.0),
        acquisition_cost: Some(500.0),
        retention_increase: Some(0.05),
        periods_per_year: Some(12.0),
    }
}

#[test]
fn retention_impact_errors() {
    use ErrorCode::*;
    let run = |f: &dyn Fn(&mut RetentionImpactInput)| {
        let mut i = impact();
        f(&mut i);
        retention_impact(&i)
    };
    assert!(run(&|_| {}).is_ok());
    rejects_non_finite("arpa", |v| run(&|i| i.arpa = v));
    rejects_non_finite("churnRate", |v| run(&|i| i.churn_rate = v));
    rejects_non_finite("grossMargin", |v| run(&|i| i.gross_margin = Some(v)));
    rejects_non_finite("expansionRate", |v| run(&|i| i.expansion_rate = Some(v)));
    rejects_non_finite("discountRate", |v| run(&|i| i.discount_rate = Some(v)));
    rejects_non_finite("acquisitionCost", |v| run(&|i| i.acquisition_cost = Some(v)));
    rejects_non_finite("retentionIncrease", |v| run(&|i| i.retention_increase = Some(v)));
    rejects_non_finite("periodsPerYear", |v| run(&|i| i.periods_per_year = Some(v)));
    fails(run(&|i| i.arpa = -1.0), OutOfRange, "arpa");
    fails(run(&|i| i.churn_rate = 1.5), OutOfRange, "churnRate");
    fails(run(&|i| i.gross_margin = Some(-0.1)), OutOfRange, "grossMargin");
    fails(run(&|i| i.expansion_rate = Some(1.5)), OutOfRange, "expansionRate");
    fails(run(&|i| i.discount_rate = Some(1.5)), OutOfRange, "discountRate");
    fails(run(&|i| i.acquisition_cost = Some(-1.0)), OutOfRange, "acquisitionCost");
    fails(run(&|i| i.retention_increase = Some(-0.05)), OutOfRange, "retentionIncrease");
    fails(run(&|i| i.retention_increase = Some(1.5)), OutOfRange, "retentionIncrease");
    fails(run(&|i| i.periods_per_year = Some(0.5)), OutOfRange, "periodsPerYear");
    fails(run(&|i| i.periods_per_year = Some(400.0)), OutOfRange, "periodsPerYear");
    // open horizon without churn or discount
    fails(run(&|i| i.churn_rate = 0.0), Diverges, "churnRate");
}

#[test]
fn retention_increase_must_keep_retention_below_one() {
    // FORMULAS.md 9: R' = R + retentionIncrease must stay below 1, else an input error on
    // retentionIncrease. Churn 0.01 a month: R = 0.99^12 = 0.8864.
    let run = |churn: f64, increase: f64| {
        retention_impact(&RetentionImpactInput {
            arpa: 100.0,
            churn_rate: churn,
            retention_increase: Some(increase),
            discount_rate: Some(0.01),
            ..Default::default()
        })
    };
    assert!(run(0.01, 0.11).is_ok());
    fails(run(0.01, 0.2), ErrorCode::OutOfRange, "retentionIncrease");
    // R + increase exactly 1 is not below 1.
    fails(run(0.5, 1.0 - 0.5f64.powi(12)), ErrorCode::OutOfRange, "retentionIncrease");
    fails(run(0.0, 0.05), ErrorCode::OutOfRange, "retentionIncrease");
    fails(run(0.05, 1.0), ErrorCode::OutOfRange, "retentionIncrease");
}

// ---------------------------------------------------------------------------------------------
// nps, nps_from_scores

#[test]
fn nps_errors() {
    use ErrorCode::*;
    let run = |p: f64, pa: f64, d: f64| nps(&NpsInput { promoters: p, passives: pa, detractors: d });
    assert!(run(1.0, 0.0, 0.0).is_ok());
    rejects_non_finite("promoters", |v| run(v, 1.0, 1.0));
    rejects_non_finite("passives", |v| run(1.0, v, 1.0));
    rejects_non_finite("detractors", |v| run(1.0, 1.0, v));
    fails(run(-1.0, 1.0, 1.0), OutOfRange, "promoters");
    fails(run(1.0, -1.0, 1.0), OutOfRange, "passives");
    fails(run(1.0, 1.0, -1.0), OutOfRange, "detractors");
    fails(run(1.5, 1.0, 1.0), NotAnInteger, "promoters");
    fails(run(1.0, 0.5, 1.0), NotAnInteger, "passives");
    fails(run(1.0, 1.0, 2.25), NotAnInteger, "detractors");
    // zero responses
    fails(run(0.0, 0.0, 0.0), Empty, "promoters");
    // counts are bounded (10^12); at the bound the score is finite
    fails(run(MAX_COUNT + 1.0, 0.0, 0.0), OutOfRange, "promoters");
    fails(run(0.0, 1e300, 0.0), OutOfRange, "passives");
    let r = run(MAX_COUNT, MAX_COUNT, MAX_COUNT).unwrap();
    assert!(r.nps.abs() < 1e-9 && r.responses.is_finite());
}

#[test]
fn nps_from_scores_errors() {
    use ErrorCode::*;
    fails(nps_from_scores(&[]), Empty, "");
    fails(nps_from_scores(&[10.0, 11.0]), OutOfRange, "[1]");
    fails(nps_from_scores(&[10.0, 9.0, -1.0]), OutOfRange, "[2]");
    fails(nps_from_scores(&[9.5]), NotAnInteger, "[0]");
    for v in NON_FINITE {
        fails(nps_from_scores(&[8.0, v]), NotANumber, "[1]");
    }
}

// ---------------------------------------------------------------------------------------------
// health_score

fn part(name: &str, weight: f64, score: f64) -> HealthPart {
    HealthPart { name: name.to_string(), weight, score }
}

#[test]
fn health_score_errors() {
    use ErrorCode::*;
    let run = |second: HealthPart| {
        health_score(&HealthInput { parts: vec![part("usage", 1.0, 80.0), second], thresholds: None })
    };
    assert!(run(part("support", 1.0, 50.0)).is_ok());
    fails(health_score(&HealthInput { parts: vec![], thresholds: None }), Empty, "parts");
    for v in NON_FINITE {
        fails(run(part("s", v, 50.0)), NotANumber, "parts[1].weight");
        fails(run(part("s", 1.0, v)), NotANumber, "parts[1].score");
    }
    fails(run(part("s", -1.0, 50.0)), OutOfRange, "parts[1].weight");
    fails(run(part("s", 1.0, -1.0)), OutOfRange, "parts[1].score");
    fails(run(part("s", 1.0, 100.5)), OutOfRange, "parts[1].score");
    fails(run(part("", 1.0, 50.0)), Missing, "parts[1].name");
    fails(run(part(" ", 1.0, 50.0)), Missing, "parts[1].name");
    // all weights 0
    fails(
        health_score(&HealthInput { parts: vec![part("a", 0.0, 80.0), part("b", 0.0, 50.0)], thresholds: None }),
        OutOfRange,
        "parts",
    );
    // weights are amounts, bounded by 10^15
    fails(run(part("s", MAX_AMOUNT * 1.01, 50.0)), OutOfRange, "parts[1].weight");
    fails(run(part("s", 1e308, 50.0)), OutOfRange, "parts[1].weight");
}

#[test]
fn health_threshold_errors() {
    use ErrorCode::*;
    let run = |healthy: Option<f64>, neutral: Option<f64>, at_risk: Option<f64>| {
        health_score(&HealthInput {
            parts: vec![part("a", 1.0, 50.0)],
            thresholds: Some(HealthThresholds { healthy, neutral, at_risk }),
        })
    };
    assert!(run(Some(90.0), Some(70.0), Some(50.0)).is_ok());
    for v in NON_FINITE {
        fails(run(Some(v), None, None), NotANumber, "thresholds.healthy");
        fails(run(None, Some(v), None), NotANumber, "thresholds.neutral");
        fails(run(None, None, Some(v)), NotANumber, "thresholds.atRisk");
    }
    fails(run(Some(101.0), None, None), OutOfRange, "thresholds.healthy");
    fails(run(None, Some(-1.0), None), OutOfRange, "thresholds.neutral");
    fails(run(None, None, Some(100.1)), OutOfRange, "thresholds.atRisk");
    // not descending
    fails(run(Some(50.0), Some(70.0), Some(30.0)), OutOfRange, "thresholds");
    fails(run(None, None, Some(70.0)), OutOfRange, "thresholds"); // 80 ≥ 60 < 70
    fails(run(Some(55.0), None, None), OutOfRange, "thresholds"); // 55 < 60
}
