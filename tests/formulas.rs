//! Worked examples of /work/shared/FORMULAS.md (sections 1 to 11) and hand-computed examples,
//! through the public API. Every test names where its reference value comes from.
// Native only: wasm-pack test builds tests/ for wasm32, where proptest and serde_json are
// not dev-dependencies (tests/wasm.rs covers the wasm side).
#![cfg(not(target_arch = "wasm32"))]

use kundenwert::*;

/// `actual` equals `expected` within `rel` relative error (absolute `rel` near 0).
#[track_caller]
fn close(actual: f64, expected: f64, rel: f64) {
    let scale = expected.abs().max(1.0);
    assert!((actual - expected).abs() <= rel * scale, "expected {expected}, got {actual} (relative tolerance {rel})");
}

/// `actual` rounds to `printed` at `decimals` decimals, as FORMULAS.md prints it.
#[track_caller]
fn printed(actual: f64, printed: f64, decimals: i32) {
    let unit = 10f64.powi(-decimals);
    assert!(
        (actual - printed).abs() <= unit / 2.0 + 1e-12,
        "expected {printed} (to {decimals} decimals), got {actual}"
    );
}

const REL: f64 = 1e-9;

fn subscription(arpa: f64, churn: f64) -> SubscriptionInput {
    SubscriptionInput { arpa, churn_rate: churn, ..Default::default() }
}

/// Direct sum `Σ_{t<n} first × q^t`, term by term.
fn direct_sum(first: f64, q: f64, n: usize) -> f64 {
    let mut sum = 0.0;
    for t in 0..n {
        sum += first * q.powi(t as i32);
    }
    sum
}

// ---------------------------------------------------------------------------------------------
// 1. Simple revenue lifetime value

#[test]
fn simple_clv_seed_example() {
    // FORMULAS.md 1: 100 € a month for 24 months = 2,400 €; 100 such customers = 120,000 € a
    // year (100 € × 12 × 100).
    let r = clv_simple(&SimpleInput {
        revenue_per_period: 100.0,
        periods: 24.0,
        customers: Some(100.0),
        periods_per_year: None,
    })
    .unwrap();
    close(r.clv, 2400.0, REL);
    close(r.annual_revenue, 120_000.0, REL);
    // hand computation: total lifetime value of the 100 customers = 2,400 × 100.
    close(r.total_clv, 240_000.0, REL);
}

#[test]
fn simple_clv_defaults_and_fractional_periods() {
    // hand computation: one customer (default), 12 periods a year (default): 50 × 7.5 = 375,
    // annual revenue 50 × 12 = 600.
    let r =
        clv_simple(&SimpleInput { revenue_per_period: 50.0, periods: 7.5, customers: None, periods_per_year: None })
            .unwrap();
    close(r.clv, 375.0, REL);
    close(r.total_clv, 375.0, REL);
    close(r.annual_revenue, 600.0, REL);
    // hand computation: weekly revenue 20 with 52 periods a year and 3 customers: 20 × 52 × 3.
    let r = clv_simple(&SimpleInput {
        revenue_per_period: 20.0,
        periods: 104.0,
        customers: Some(3.0),
        periods_per_year: Some(52.0),
    })
    .unwrap();
    close(r.clv, 2080.0, REL);
    close(r.total_clv, 6240.0, REL);
    close(r.annual_revenue, 3120.0, REL);
}

// ---------------------------------------------------------------------------------------------
// 2. Purchase-based CLV and its helpers

#[test]
fn purchase_clv_hand_example() {
    // hand computation (FORMULAS.md 2): AOV 80 × 6 orders a year = 480 a year; × 3 years =
    // 1,440; × gross margin 0.4 = 576; − acquisition 150 = 426.
    let r = clv_purchase(&PurchaseInput {
        average_order_value: 80.0,
        purchases_per_year: 6.0,
        retention_years: 3.0,
        gross_margin: Some(0.4),
        acquisition_cost: Some(150.0),
    })
    .unwrap();
    close(r.annual_revenue, 480.0, REL);
    close(r.lifetime_revenue, 1440.0, REL);
    close(r.lifetime_gross_profit, 576.0, REL);
    close(r.acquisition_cost, 150.0, REL);
    close(r.clv, 426.0, REL);
}

#[test]
fn purchase_clv_defaults_and_negative_value() {
    // FORMULAS.md 2: grossMargin defaults to 1 (and acquisition cost to 0):
    // hand computation 25 × 4 × 2.5 = 250.
    let r = clv_purchase(&PurchaseInput {
        average_order_value: 25.0,
        purchases_per_year: 4.0,
        retention_years: 2.5,
        gross_margin: None,
        acquisition_cost: None,
    })
    .unwrap();
    close(r.clv, 250.0, REL);
    close(r.lifetime_gross_profit, 250.0, REL);
    close(r.acquisition_cost, 0.0, REL);
    // hand computation: 10 × 2 × 1 × 0.5 = 10 gross profit; − 40 acquisition = −30 (the
    // customer loses money: the result may be negative).
    let r = clv_purchase(&PurchaseInput {
        average_order_value: 10.0,
        purchases_per_year: 2.0,
        retention_years: 1.0,
        gross_margin: Some(0.5),
        acquisition_cost: Some(40.0),
    })
    .unwrap();
    close(r.clv, -30.0, REL);
}

#[test]
fn order_metrics_hand_example() {
    // hand computation (FORMULAS.md 2 helpers): 12,000 revenue / 300 orders = AOV 40;
    // 300 orders / 120 customers = frequency 2.5; customer value 40 × 2.5 = 100.
    let r =
        order_metrics(&OrderMetricsInput { total_revenue: 12_000.0, number_of_orders: 300.0, unique_customers: 120.0 })
            .unwrap();
    close(r.average_order_value, 40.0, REL);
    close(r.purchase_frequency, 2.5, REL);
    close(r.customer_value, 100.0, REL);
    // hand computation: one order per customer gives frequency 1.
    let r =
        order_metrics(&OrderMetricsInput { total_revenue: 0.0, number_of_orders: 7.0, unique_customers: 7.0 }).unwrap();
    close(r.purchase_frequency, 1.0, REL);
    close(r.average_order_value, 0.0, REL);
    close(r.customer_value, 0.0, REL);
}

#[test]
fn order_metrics_feed_purchase_clv() {
    // hand computation: the helpers of FORMULAS.md 2 give purchase CLV's inputs:
    // AOV 40 × frequency 2.5 × 4 years × margin 0.5 = 200.
    let m =
        order_metrics(&OrderMetricsInput { total_revenue: 12_000.0, number_of_orders: 300.0, unique_customers: 120.0 })
            .unwrap();
    let r = clv_purchase(&PurchaseInput {
        average_order_value: m.average_order_value,
        purchases_per_year: m.purchase_frequency,
        retention_years: 4.0,
        gross_margin: Some(0.5),
        acquisition_cost: None,
    })
    .unwrap();
    close(r.clv, 200.0, REL);
}

// ---------------------------------------------------------------------------------------------
// 3. Subscription CLV

#[test]
fn subscription_clv_seed_examples() {
    // FORMULAS.md 3: arpa 100, margin 1, churn 0.05 -> 2,000; expected lifetime 1/churn = 20.
    let r = clv_subscription(&subscription(100.0, 0.05)).unwrap();
    close(r.clv, 2000.0, 1e-12);
    close(r.expected_lifetime.unwrap(), 20.0, 1e-12);
    close(r.period_margin, 100.0, 1e-12);
    close(r.retention_factor, 0.95, 1e-12);
    // FORMULAS.md 3: arpa 100, margin 0.8, churn 0.05 -> 1,600.
    let r = clv_subscription(&SubscriptionInput { gross_margin: Some(0.8), ..subscription(100.0, 0.05) }).unwrap();
    close(r.clv, 1600.0, 1e-12);
    close(r.period_margin, 80.0, 1e-12);
    close(r.expected_lifetime.unwrap(), 20.0, 1e-12);
}

#[test]
fn subscription_clv_with_horizon_matches_direct_sum() {
    // FORMULAS.md 3, finite horizon: Σ_{t<24} 100 × 0.8 × 0.95^t, summed by a loop here.
    let r = clv_subscription(&SubscriptionInput {
        gross_margin: Some(0.8),
        horizon: Some(24.0),
        ..subscription(100.0, 0.05)
    })
    .unwrap();
    let expected = direct_sum(80.0, 0.95, 24);
    close(r.clv, expected, REL);
    // hand computation: closed form 80 × (1 − 0.95^24) / 0.05.
    close(r.clv, 80.0 * (1.0 - 0.95f64.powi(24)) / 0.05, REL);
    // expected lifetime within the horizon: Σ_{t<24} 0.95^t.
    close(r.expected_lifetime.unwrap(), direct_sum(1.0, 0.95, 24), REL);
    // A horizon of one period is the first period's margin.
    let r = clv_subscription(&SubscriptionInput { horizon: Some(1.0), ..subscription(100.0, 0.05) }).unwrap();
    close(r.clv, 100.0, REL);
    close(r.expected_lifetime.unwrap(), 1.0, REL);
}

#[test]
fn subscription_clv_with_expansion_and_discount_matches_direct_sum() {
    // FORMULAS.md 3: q = (1 + e)(1 − c) / (1 + d); CLV = Σ_{t<H} arpa × m × q^t.
    let (arpa, m, c, e, d) = (120.0, 0.75, 0.04, 0.015, 0.008);
    let q = (1.0 + e) * (1.0 - c) / (1.0 + d);
    let input = SubscriptionInput {
        arpa,
        churn_rate: c,
        gross_margin: Some(m),
        expansion_rate: Some(e),
        discount_rate: Some(d),
        horizon: Some(36.0),
    };
    let r = clv_subscription(&input).unwrap();
    close(r.retention_factor, q, 1e-12);
    close(r.clv, direct_sum(arpa * m, q, 36), REL);
    // Open horizon: arpa × m / (1 − q), and a long direct sum converges to it.
    let open = clv_subscription(&SubscriptionInput { horizon: None, ..input }).unwrap();
    close(open.clv, arpa * m / (1.0 - q), REL);
    close(open.clv, direct_sum(arpa * m, q, 5000), REL);
    // Expected lifetime ignores expansion and discount: 1 / churn.
    close(open.expected_lifetime.unwrap(), 1.0 / c, REL);
    // Net contraction (negative expansion) also matches the loop.
    let r = clv_subscription(&SubscriptionInput { expansion_rate: Some(-0.02), horizon: Some(60.0), ..input }).unwrap();
    let q = 0.98 * (1.0 - c) / (1.0 + d);
    close(r.clv, direct_sum(arpa * m, q, 60), REL);
}

#[test]
fn subscription_clv_horizon_allows_q_at_or_above_one() {
    // FORMULAS.md 3: with a horizon the sum is finite even when q ≥ 1.
    // q = 1 (no churn): 50 × 12 = 600 (hand computation).
    let r = clv_subscription(&SubscriptionInput { horizon: Some(12.0), ..subscription(50.0, 0.0) }).unwrap();
    close(r.clv, 600.0, REL);
    close(r.expected_lifetime.unwrap(), 12.0, REL);
    // q = 1.05 × 0.99 > 1, over 24 periods: loop.
    let r = clv_subscription(&SubscriptionInput {
        expansion_rate: Some(0.05),
        horizon: Some(24.0),
        ..subscription(50.0, 0.01)
    })
    .unwrap();
    close(r.clv, direct_sum(50.0, 1.05 * 0.99, 24), REL);
    // Open horizon without churn: the expected lifetime is unbounded (null) — checked with a
    // discount so that CLV itself converges: 50 / (1 − 1/1.01) = 50 × 1.01 / 0.01 = 5,050.
    let r = clv_subscription(&SubscriptionInput { discount_rate: Some(0.01), ..subscription(50.0, 0.0) }).unwrap();
    close(r.clv, 5050.0, REL);
    assert_eq!(r.expected_lifetime, None);
}

#[test]
fn subscription_series_with_horizon() {
    // FORMULAS.md 3: series.value[t] = arpa × m × q^t, survival[t] = (1 − churn)^t,
    // cumulative is the running sum; with a horizon there are exactly H entries and the last
    // cumulative entry is the CLV.
    let (arpa, m, c, e, d) = (90.0, 0.7, 0.03, 0.01, 0.005);
    let q = (1.0 + e) * (1.0 - c) / (1.0 + d);
    let r = clv_subscription(&SubscriptionInput {
        arpa,
        churn_rate: c,
        gross_margin: Some(m),
        expansion_rate: Some(e),
        discount_rate: Some(d),
        horizon: Some(48.0),
    })
    .unwrap();
    let s = &r.series;
    assert_eq!(s.value.len(), 48);
    assert_eq!(s.survival.len(), 48);
    assert_eq!(s.cumulative.len(), 48);
    assert_eq!(s.survival[0], 1.0);
    let mut running = 0.0;
    for t in 0..48 {
        close(s.value[t], arpa * m * q.powi(t as i32), REL);
        close(s.survival[t], (1.0 - c).powi(t as i32), REL);
        running += arpa * m * q.powi(t as i32);
        close(s.cumulative[t], running, REL);
    }
    close(*s.cumulative.last().unwrap(), r.clv, REL);
}

#[test]
fn subscription_series_open_horizon() {
    // FORMULAS.md 3 (open horizon): the chart runs until 99.5 % of the value is reached, at
    // least 12 and at most 600 periods. Hand computation for q = 0.95: 0.95^103 > 0.005 >
    // 0.95^104, so 104 periods.
    let r = clv_subscription(&subscription(100.0, 0.05)).unwrap();
    let s = &r.series;
    assert_eq!(s.value.len(), 104);
    assert_eq!(s.survival.len(), 104);
    assert_eq!(s.cumulative.len(), 104);
    assert_eq!(s.survival[0], 1.0);
    close(s.value[0], 100.0, REL);
    close(s.value[10], 100.0 * 0.95f64.powi(10), REL);
    close(s.survival[10], 0.95f64.powi(10), REL);
    let last = *s.cumulative.last().unwrap();
    assert!(last <= r.clv && last >= 0.995 * r.clv, "last {last}, clv {}", r.clv);
    // High churn: at least 12 periods are shown.
    let r = clv_subscription(&subscription(100.0, 0.9)).unwrap();
    assert_eq!(r.series.value.len(), 12);
    // Very low churn: at most 600.
    let r = clv_subscription(&subscription(100.0, 0.0001)).unwrap();
    assert_eq!(r.series.value.len(), 600);
}

#[test]
fn subscription_clv_full_churn_and_zero_margin() {
    // FORMULAS.md 3: churn 1 keeps only the first period: 100 × 1 = 100.
    let r = clv_subscription(&subscription(100.0, 1.0)).unwrap();
    close(r.clv, 100.0, REL);
    close(r.expected_lifetime.unwrap(), 1.0, REL);
    assert_eq!(r.series.survival[1], 0.0);
    // margin 0 -> CLV 0.
    let r = clv_subscription(&SubscriptionInput { gross_margin: Some(0.0), ..subscription(100.0, 0.05) }).unwrap();
    assert_eq!(r.clv, 0.0);
}

// ---------------------------------------------------------------------------------------------
// 4. Retention-based discounted CLV

#[test]
fn retention_clv_margin_multiple() {
    // FORMULAS.md 4: the margin multiple r / (1 + d − r) at r = 0.8, d = 0.1 is 2.667.
    let r = clv_retention(&RetentionInput { margin: 150.0, retention_rate: 0.8, discount_rate: 0.1 }).unwrap();
    printed(r.margin_multiple, 2.667, 3);
    close(r.margin_multiple, 0.8 / 0.3, 1e-12);
    // hand computation: 150 × 8/3 = 400.
    close(r.clv, 400.0, 1e-12);
    // hand computation: r = 0.9, d = 0.1: 0.9 / 0.2 = 4.5; r = 0: 0.
    let r = clv_retention(&RetentionInput { margin: 10.0, retention_rate: 0.9, discount_rate: 0.1 }).unwrap();
    close(r.margin_multiple, 4.5, 1e-12);
    close(r.clv, 45.0, 1e-12);
    let r = clv_retention(&RetentionInput { margin: 10.0, retention_rate: 0.0, discount_rate: 0.1 }).unwrap();
    assert_eq!(r.clv, 0.0);
}

// ---------------------------------------------------------------------------------------------
// 5. CAC

#[test]
fn cac_hand_example() {
    // FORMULAS.md 5, hand computation: 50,000 / 125 = 400.
    let r = cac(&CacInput { spend: 50_000.0, new_customers: 125.0 }).unwrap();
    close(r.cac, 400.0, REL);
    // No spend: CAC 0.
    let r = cac(&CacInput { spend: 0.0, new_customers: 3.0 }).unwrap();
    assert_eq!(r.cac, 0.0);
}

// ---------------------------------------------------------------------------------------------
// 6. LTV:CAC

#[test]
fn ltv_cac_ratio_and_bands_at_the_boundaries() {
    // FORMULAS.md 6: below 1 losing; 1 to 3 below target; 3 to 5 healthy; above 5
    // under-investing.
    let band = |clv: f64| ltv_cac(&LtvCacInput { clv, cac: 1.0 }).unwrap().band;
    assert_eq!(band(-10.0), LtvCacBand::Losing);
    assert_eq!(band(0.0), LtvCacBand::Losing);
    assert_eq!(band(0.99), LtvCacBand::Losing);
    assert_eq!(band(1.0), LtvCacBand::BelowTarget);
    assert_eq!(band(2.99), LtvCacBand::BelowTarget);
    assert_eq!(band(3.0), LtvCacBand::Healthy);
    assert_eq!(band(5.0), LtvCacBand::Healthy);
    assert_eq!(band(5.01), LtvCacBand::UnderInvesting);
    // hand computation: 1,200 / 400 = 3 -> healthy; 2,000 / 500 = 4.
    let r = ltv_cac(&LtvCacInput { clv: 1200.0, cac: 400.0 }).unwrap();
    close(r.ratio, 3.0, REL);
    assert_eq!(r.band, LtvCacBand::Healthy);
    let r = ltv_cac(&LtvCacInput { clv: 2000.0, cac: 500.0 }).unwrap();
    close(r.ratio, 4.0, REL);
    // the JS names of the bands
    assert_eq!(LtvCacBand::Losing.as_str(), "losing");
    assert_eq!(LtvCacBand::BelowTarget.as_str(), "below-target");
    assert_eq!(LtvCacBand::Healthy.as_str(), "healthy");
    assert_eq!(LtvCacBand::UnderInvesting.as_str(), "under-investing");
}

#[test]
fn ltv_cac_band_of_matches_ltv_cac() {
    // FORMULAS.md 6: LtvCacBand::of is the band ltv_cac reports.
    for ratio in [0.5, 1.0, 2.0, 3.0, 4.5, 5.0, 5.5, 100.0] {
        let r = ltv_cac(&LtvCacInput { clv: ratio * 7.0, cac: 7.0 }).unwrap();
        assert_eq!(r.band, LtvCacBand::of(r.ratio));
    }
}

// ---------------------------------------------------------------------------------------------
// 5 and 6 per channel

fn channel(name: &str, spend: f64, customers: f64, clv: Option<f64>) -> ChannelInput {
    ChannelInput { channel: name.to_string(), spend, new_customers: customers, clv }
}

#[test]
fn cac_by_channel_ranking_and_totals() {
    // FORMULAS.md 5 and 6 per channel, hand computation:
    //   Search   10,000 / 50 = CAC 200, CLV 1,200 -> ratio 6
    //   Social    6,000 / 40 = CAC 150, CLV   600 -> ratio 4
    //   Events    9,000 / 10 = CAC 900, CLV 1,800 -> ratio 2
    //   Referral      0 / 20 = CAC   0, CLV   800 -> free: ranks first, under-investing
    // Totals: spend 25,000, customers 120, blended CAC 208.33; customer-weighted CLV
    // (60,000 + 24,000 + 18,000 + 16,000) / 120 = 983.33; ratio 983.33 / 208.33 = 4.72.
    let r = cac_by_channel(&[
        channel("Search", 10_000.0, 50.0, Some(1200.0)),
        channel("Social", 6_000.0, 40.0, Some(600.0)),
        channel("Events", 9_000.0, 10.0, Some(1800.0)),
        channel("Referral", 0.0, 20.0, Some(800.0)),
    ])
    .unwrap();
    let names: Vec<&str> = r.channels.iter().map(|c| c.channel.as_str()).collect();
    assert_eq!(names, ["Referral", "Search", "Social", "Events"]);
    let ranks: Vec<u32> = r.channels.iter().map(|c| c.rank).collect();
    assert_eq!(ranks, [1, 2, 3, 4]);

    let referral = &r.channels[0];
    assert_eq!(referral.cac, 0.0);
    assert_eq!(referral.ratio, None);
    assert_eq!(referral.band, Some(LtvCacBand::UnderInvesting));
    let search = &r.channels[1];
    close(search.cac, 200.0, REL);
    close(search.ratio.unwrap(), 6.0, REL);
    assert_eq!(search.band, Some(LtvCacBand::UnderInvesting));
    assert_eq!(search.spend, 10_000.0);
    assert_eq!(search.new_customers, 50.0);
    assert_eq!(search.clv, Some(1200.0));
    let social = &r.channels[2];
    close(social.cac, 150.0, REL);
    close(social.ratio.unwrap(), 4.0, REL);
    assert_eq!(social.band, Some(LtvCacBand::Healthy));
    let events = &r.channels[3];
    close(events.cac, 900.0, REL);
    close(events.ratio.unwrap(), 2.0, REL);
    assert_eq!(events.band, Some(LtvCacBand::BelowTarget));

    close(r.total.spend, 25_000.0, REL);
    close(r.total.new_customers, 120.0, REL);
    close(r.total.cac, 25_000.0 / 120.0, REL);
    close(r.total.clv.unwrap(), 118_000.0 / 120.0, REL);
    close(r.total.ratio.unwrap(), 4.72, REL);
    assert_eq!(r.total.band, Some(LtvCacBand::Healthy));
}

#[test]
fn cac_by_channel_without_clv_ranks_by_cac() {
    // FORMULAS.md 5, hand computation: channels without a CLV rank by CAC, lowest first,
    // after the channels that have one; equal channels keep their input order; the total has
    // no CLV unless every channel gives one.
    let r = cac_by_channel(&[
        channel("A", 3000.0, 10.0, None),        // CAC 300
        channel("B", 1000.0, 10.0, None),        // CAC 100
        channel("C", 2000.0, 10.0, None),        // CAC 200
        channel("D", 500.0, 5.0, None),          // CAC 100, after B (input order)
        channel("E", 9000.0, 10.0, Some(450.0)), // CAC 900, ratio 0.5 -> first: has a CLV
    ])
    .unwrap();
    let names: Vec<&str> = r.channels.iter().map(|c| c.channel.as_str()).collect();
    assert_eq!(names, ["E", "B", "D", "C", "A"]);
    assert_eq!(r.channels[0].band, Some(LtvCacBand::Losing));
    assert_eq!(r.channels[1].band, None);
    assert_eq!(r.channels[1].ratio, None);
    close(r.total.spend, 15_500.0, REL);
    close(r.total.new_customers, 45.0, REL);
    close(r.total.cac, 15_500.0 / 45.0, REL);
    assert_eq!(r.total.clv, None);
    assert_eq!(r.total.ratio, None);
    assert_eq!(r.total.band, None);
}

#[test]
fn cac_by_channel_single_channel_equals_cac() {
    // FORMULAS.md 5: one channel's CAC is plain CAC, and its ratio is plain LTV:CAC.
    let r = cac_by_channel(&[channel("Only", 50_000.0, 125.0, Some(1600.0))]).unwrap();
    let plain = cac(&CacInput { spend: 50_000.0, new_customers: 125.0 }).unwrap();
    close(r.channels[0].cac, plain.cac, REL);
    close(r.total.cac, plain.cac, REL);
    let ratio = ltv_cac(&LtvCacInput { clv: 1600.0, cac: plain.cac }).unwrap();
    close(r.total.ratio.unwrap(), ratio.ratio, REL);
    assert_eq!(r.total.band, Some(ratio.band));
    assert_eq!(r.channels[0].rank, 1);
}

// ---------------------------------------------------------------------------------------------
// 7. Payback

fn payback_input(cac: f64, arpa: f64) -> PaybackInput {
    PaybackInput { cac, arpa, ..Default::default() }
}

/// The first k ≥ 1 with Σ_{t<k} first × q^t ≥ cac, by a direct loop (None within `max`).
fn loop_payback(cac: f64, first: f64, q: f64, max: usize) -> Option<f64> {
    let (mut sum, mut value) = (0.0, first);
    for k in 1..=max {
        sum += value;
        if sum >= cac {
            return Some(k as f64);
        }
        value *= q;
    }
    None
}

#[test]
fn payback_simple_periods() {
    // FORMULAS.md 7: simple payback = CAC / (arpa × m): 600 / (100 × 0.5) = 12.
    let r = clv_payback(600.0, 100.0, Some(0.5), None);
    close(r.simple_periods.unwrap(), 12.0, REL);
    // Without churn the churn-aware figure is the same whole number of periods.
    assert_eq!(r.periods, Some(12.0));
    // hand computation: 601 / 50 = 12.02 simple; 13 whole periods churn-aware.
    let r = clv_payback(601.0, 100.0, Some(0.5), None);
    close(r.simple_periods.unwrap(), 12.02, REL);
    assert_eq!(r.periods, Some(13.0));
    // No churn and no discount: the lifetime margin is unbounded (null).
    assert_eq!(r.lifetime_margin, None);
}

fn clv_payback(cac_: f64, arpa: f64, margin: Option<f64>, churn: Option<f64>) -> PaybackResult {
    payback(&PaybackInput { gross_margin: margin, churn_rate: churn, ..payback_input(cac_, arpa) }).unwrap()
}

#[test]
fn payback_churn_aware_matches_direct_loop() {
    // FORMULAS.md 7: the first period at whose end the cumulative expected margin of (3)
    // reaches CAC. Hand computation (loop): 50 × 0.97^t summed reaches 600 after 15 periods
    // (611.25; 14 periods give 580.3).
    let r = clv_payback(600.0, 100.0, Some(0.5), Some(0.03));
    assert_eq!(r.periods, Some(15.0));
    assert_eq!(r.periods, loop_payback(600.0, 50.0, 0.97, 10_000));
    close(r.simple_periods.unwrap(), 12.0, REL);
    close(r.lifetime_margin.unwrap(), 50.0 / 0.03, REL);
    // The chart: cumulative margin per period, past break-even by a quarter (at least 12).
    assert_eq!(r.cumulative_margin.len(), 19); // ceil(15 × 1.25)
    close(r.cumulative_margin[13], direct_sum(50.0, 0.97, 14), REL);
    close(r.cumulative_margin[14], direct_sum(50.0, 0.97, 15), REL);
    assert!(r.cumulative_margin[13] < 600.0 && r.cumulative_margin[14] >= 600.0);

    // With expansion and discount: the stream of (3), q = 1.02 × 0.96 / 1.01.
    let input = PaybackInput {
        cac: 900.0,
        arpa: 80.0,
        gross_margin: Some(0.75),
        churn_rate: Some(0.04),
        expansion_rate: Some(0.02),
        discount_rate: Some(0.01),
    };
    let q = 1.02 * 0.96 / 1.01;
    let r = payback(&input).unwrap();
    assert_eq!(r.periods, loop_payback(900.0, 60.0, q, 10_000));
    assert!(r.periods.is_some());
    close(r.lifetime_margin.unwrap(), 60.0 / (1.0 - q), REL);
    for (k, &c) in r.cumulative_margin.iter().enumerate() {
        close(c, direct_sum(60.0, q, k + 1), REL);
    }
}

#[test]
fn payback_never_is_null() {
    // FORMULAS.md 7: "never" when the cumulative margin never reaches CAC. Churn 0.05 and
    // margin 100: the lifetime margin is 2,000 (FORMULAS.md 3), so CAC 2,500 is never paid
    // back, and CAC 2,000 is only approached.
    let r = clv_payback(2500.0, 100.0, None, Some(0.05));
    assert_eq!(r.periods, None);
    close(r.lifetime_margin.unwrap(), 2000.0, REL);
    close(r.simple_periods.unwrap(), 25.0, REL);
    assert!(!r.cumulative_margin.is_empty());
    let r = clv_payback(2000.0, 100.0, None, Some(0.05));
    assert_eq!(r.periods, None);
    // Margin 0: both figures are null.
    let r = clv_payback(100.0, 100.0, Some(0.0), Some(0.05));
    assert_eq!(r.simple_periods, None);
    assert_eq!(r.periods, None);
    // Churn 1: only the first period pays (hand computation: 100 ≥ 100 -> 1; 150 never).
    assert_eq!(clv_payback(100.0, 100.0, None, Some(1.0)).periods, Some(1.0));
    assert_eq!(clv_payback(150.0, 100.0, None, Some(1.0)).periods, None);
}

#[test]
fn payback_free_customers() {
    // FORMULAS.md 7 (doc of PaybackResult): CAC 0 pays back at once: 0 periods.
    let r = clv_payback(0.0, 100.0, None, Some(0.05));
    assert_eq!(r.simple_periods, Some(0.0));
    assert_eq!(r.periods, Some(0.0));
    assert_eq!(r.cumulative_margin.len(), 12);
}

// ---------------------------------------------------------------------------------------------
// 8. TCV

fn tcv_example() -> TcvInput {
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

fn clv_of(input: &TcvInput, expansion: Option<f64>) -> f64 {
    clv_subscription(&SubscriptionInput {
        arpa: input.arpa,
        churn_rate: input.churn_rate,
        gross_margin: input.gross_margin,
        expansion_rate: expansion,
        discount_rate: input.discount_rate,
        horizon: input.horizon,
    })
    .unwrap()
    .clv
}

#[track_caller]
fn check_tcv(input: &TcvInput, periods_for_loop: usize) {
    // FORMULAS.md 8: TCV = CLV(3) + referrals − acquisition − onboarding − Σ_t cost × w_t,
    // w_t = ((1 − c) / (1 + d))^t, the horizon of (3).
    let r = tcv(input).unwrap();
    let p = &r.parts;
    let sum = p.revenue + p.expansion + p.referrals + p.acquisition + p.onboarding + p.cost_to_serve;
    close(r.tcv, sum, 1e-12);
    close(r.clv, p.revenue + p.expansion, 1e-12);
    // the revenue part is CLV with zero expansion; CLV is CLV of (3) with expansion
    close(p.revenue, clv_of(input, Some(0.0)), REL);
    close(r.clv, clv_of(input, input.expansion_rate), REL);
    // referrals 0.5 × 300 = 150; acquisition −400; onboarding −100 (hand computation)
    close(p.referrals, 150.0, REL);
    close(p.acquisition, -400.0, REL);
    close(p.onboarding, -100.0, REL);
    // cost to serve per period: 5 + 3 + 2 + 0.5 + 1.5 = 12 (hand computation)
    close(r.cost_to_serve_per_period, 12.0, REL);
    let w = (1.0 - input.churn_rate) / (1.0 + input.discount_rate.unwrap_or(0.0));
    let mut weights = 0.0;
    for t in 0..periods_for_loop {
        weights += w.powi(t as i32);
    }
    close(r.cost_weight, weights, REL);
    close(p.cost_to_serve, -12.0 * weights, REL);
    close(r.tcv, r.clv + 150.0 - 400.0 - 100.0 - 12.0 * weights, REL);
}

#[test]
fn tcv_parts_open_horizon() {
    // FORMULAS.md 8, open horizon: the loop over w_t runs long enough to converge
    // (0.9505^5000 is far below 1e-100).
    check_tcv(&tcv_example(), 5000);
}

#[test]
fn tcv_parts_with_horizon() {
    // FORMULAS.md 8: "the same horizon applies".
    check_tcv(&TcvInput { horizon: Some(24.0), ..tcv_example() }, 24);
}

#[test]
fn tcv_with_no_extras_is_clv() {
    // FORMULAS.md 8: with every extra and cost at 0, TCV is CLV of (3): 2,000 (FORMULAS.md 3).
    let r = tcv(&TcvInput { arpa: 100.0, churn_rate: 0.05, ..Default::default() }).unwrap();
    close(r.tcv, 2000.0, 1e-12);
    close(r.clv, 2000.0, 1e-12);
    assert_eq!(r.parts.expansion, 0.0);
    assert_eq!(r.parts.cost_to_serve, 0.0);
    assert_eq!(r.cost_to_serve_per_period, 0.0);
    close(r.cost_weight, 20.0, 1e-12);
}

#[test]
fn tcv_negative_expansion_part() {
    // FORMULAS.md 8: net contraction makes the expansion part negative. Hand computation
    // (no discount): CLV = 100 / (1 − 0.98 × 0.95) = 100 / 0.069; revenue = 100 / 0.05.
    let r =
        tcv(&TcvInput { arpa: 100.0, churn_rate: 0.05, expansion_rate: Some(-0.02), ..Default::default() }).unwrap();
    close(r.clv, 100.0 / 0.069, REL);
    close(r.parts.revenue, 2000.0, REL);
    close(r.parts.expansion, 100.0 / 0.069 - 2000.0, REL);
    assert!(r.parts.expansion < 0.0);
}

// ---------------------------------------------------------------------------------------------
// 9. Retention impact

#[test]
fn retention_impact_formulas_example() {
    // FORMULAS.md 9: arpa 100, margin 1, churn 0.05 a month: R = 0.5404, R' = 0.5904, new churn
    // 0.04297, CLV 2,000 -> 2,327.3 (+16.4 %); with CAC 500, profit 1,500 -> 1,827.3 (+21.8 %).
    let r = retention_impact(&RetentionImpactInput {
        arpa: 100.0,
        churn_rate: 0.05,
        gross_margin: Some(1.0),
        acquisition_cost: Some(500.0),
        ..Default::default()
    })
    .unwrap();
    printed(r.before.annual_retention, 0.5404, 4);
    printed(r.after.annual_retention, 0.5904, 4);
    close(r.before.churn_rate, 0.05, 1e-12);
    printed(r.after.churn_rate, 0.04297, 5);
    close(r.before.clv, 2000.0, 1e-12);
    printed(r.after.clv, 2327.3, 1);
    printed(r.clv_change_pct.unwrap(), 16.4, 1);
    close(r.before.profit, 1500.0, 1e-12);
    printed(r.after.profit, 1827.3, 1);
    printed(r.profit_change_pct.unwrap(), 21.8, 1);
    // tighter, by hand computation: R = 0.95^12, R' = R + 0.05, c' = 1 − R'^(1/12),
    // CLV' = 100 / c'.
    let big_r = 0.95f64.powi(12);
    let new_churn = 1.0 - (big_r + 0.05).powf(1.0 / 12.0);
    close(r.before.annual_retention, big_r, 1e-12);
    close(r.after.annual_retention, big_r + 0.05, 1e-12);
    close(r.after.churn_rate, new_churn, 1e-9);
    close(r.after.clv, 100.0 / new_churn, 1e-9);
    close(r.after.profit, 100.0 / new_churn - 500.0, 1e-9);
    close(r.clv_change_pct.unwrap(), (100.0 / new_churn - 2000.0) / 2000.0 * 100.0, 1e-9);
}

#[test]
fn retention_impact_after_matches_subscription_clv() {
    // FORMULAS.md 9: "CLV by (3)" before and after, with expansion and discount included.
    let input = RetentionImpactInput {
        arpa: 80.0,
        churn_rate: 0.03,
        gross_margin: Some(0.7),
        expansion_rate: Some(0.01),
        discount_rate: Some(0.008),
        acquisition_cost: Some(300.0),
        retention_increase: Some(0.1),
        periods_per_year: Some(12.0),
    };
    let r = retention_impact(&input).unwrap();
    let clv = |churn: f64| {
        clv_subscription(&SubscriptionInput {
            arpa: 80.0,
            churn_rate: churn,
            gross_margin: Some(0.7),
            expansion_rate: Some(0.01),
            discount_rate: Some(0.008),
            horizon: None,
        })
        .unwrap()
        .clv
    };
    let big_r = 0.97f64.powi(12);
    let new_churn = 1.0 - (big_r + 0.1).powf(1.0 / 12.0);
    close(r.after.churn_rate, new_churn, 1e-9);
    close(r.before.clv, clv(0.03), 1e-12);
    close(r.after.clv, clv(new_churn), 1e-9);
    close(r.before.profit, clv(0.03) - 300.0, 1e-9);
    close(r.after.profit, clv(new_churn) - 300.0, 1e-9);
    close(r.profit_change_pct.unwrap(), (r.after.profit - r.before.profit) / r.before.profit.abs() * 100.0, 1e-12);
}

#[test]
fn retention_impact_quarterly_and_zero_clv() {
    // FORMULAS.md 9 with P = 4 (quarters), hand computation: R = 0.9^4 = 0.6561, R' = 0.7061,
    // new churn 1 − 0.7061^(1/4).
    let r = retention_impact(&RetentionImpactInput {
        arpa: 300.0,
        churn_rate: 0.1,
        periods_per_year: Some(4.0),
        ..Default::default()
    })
    .unwrap();
    close(r.before.annual_retention, 0.6561, 1e-12);
    close(r.after.annual_retention, 0.7061, 1e-12);
    close(r.after.churn_rate, 1.0 - 0.7061f64.powf(0.25), 1e-12);
    close(r.after.clv, 300.0 / (1.0 - 0.7061f64.powf(0.25)), 1e-9);
    // arpa 0: CLV 0 before and after; percent changes are null (doc of the result).
    let r = retention_impact(&RetentionImpactInput { arpa: 0.0, churn_rate: 0.1, ..Default::default() }).unwrap();
    assert_eq!(r.clv_change_pct, None);
    assert_eq!(r.profit_change_pct, None);
}

// ---------------------------------------------------------------------------------------------
// 10. NPS

#[test]
fn nps_from_counts() {
    // FORMULAS.md 10, hand computation: 50 promoters, 30 passives, 20 detractors:
    // 50 % − 20 % = 30.
    let r = nps(&NpsInput { promoters: 50.0, passives: 30.0, detractors: 20.0 }).unwrap();
    close(r.nps, 30.0, 1e-12);
    assert_eq!(r.responses, 100.0);
    close(r.promoter_share, 0.5, 1e-12);
    close(r.passive_share, 0.3, 1e-12);
    close(r.detractor_share, 0.2, 1e-12);
    assert_eq!((r.promoters, r.passives, r.detractors), (50.0, 30.0, 20.0));
    // the bounds -100 and 100
    let all = |p: f64, d: f64| nps(&NpsInput { promoters: p, passives: 0.0, detractors: d }).unwrap().nps;
    assert_eq!(all(7.0, 0.0), 100.0);
    assert_eq!(all(0.0, 7.0), -100.0);
    // only passives: 0
    let r = nps(&NpsInput { promoters: 0.0, passives: 4.0, detractors: 0.0 }).unwrap();
    assert_eq!(r.nps, 0.0);
    // hand computation: 1 promoter, 2 detractors of 3: (1 − 2) / 3 × 100 = −33.33.
    close(all(1.0, 2.0), -100.0 / 3.0, 1e-12);
}

#[test]
fn nps_from_answers() {
    // FORMULAS.md 10: promoters answer 9-10, detractors 0-6. Hand computation:
    // [10, 9, 8, 7, 6, 0, 10, 5] -> 3 promoters, 2 passives, 3 detractors -> NPS 0.
    let r = nps_from_scores(&[10.0, 9.0, 8.0, 7.0, 6.0, 0.0, 10.0, 5.0]).unwrap();
    assert_eq!((r.promoters, r.passives, r.detractors), (3.0, 2.0, 3.0));
    assert_eq!(r.responses, 8.0);
    assert_eq!(r.nps, 0.0);
    // [9, 9, 9, 6] -> 75 % − 25 % = 50.
    let r = nps_from_scores(&[9.0, 9.0, 9.0, 6.0]).unwrap();
    close(r.nps, 50.0, 1e-12);
    // the group boundaries 6|7 and 8|9
    let r = nps_from_scores(&[6.0]).unwrap();
    assert_eq!(r.detractors, 1.0);
    let r = nps_from_scores(&[7.0]).unwrap();
    assert_eq!(r.passives, 1.0);
    let r = nps_from_scores(&[8.0]).unwrap();
    assert_eq!(r.passives, 1.0);
    let r = nps_from_scores(&[9.0]).unwrap();
    assert_eq!(r.promoters, 1.0);
    // the same answers as counts give the same result
    let counts = nps(&NpsInput { promoters: 3.0, passives: 2.0, detractors: 3.0 }).unwrap();
    assert_eq!(nps_from_scores(&[10.0, 9.0, 8.0, 7.0, 6.0, 0.0, 10.0, 5.0]).unwrap(), counts);
}

// ---------------------------------------------------------------------------------------------
// 11. Health score

fn part(name: &str, weight: f64, score: f64) -> HealthPart {
    HealthPart { name: name.to_string(), weight, score }
}

#[test]
fn health_score_weighted_mean() {
    // FORMULAS.md 11, hand computation: 0.5 × 90 + 0.3 × 70 + 0.2 × 50 = 45 + 21 + 10 = 76 ->
    // neutral (60 ≤ 76 < 80).
    let r = health_score(&HealthInput {
        parts: vec![part("usage", 0.5, 90.0), part("support", 0.3, 70.0), part("nps", 0.2, 50.0)],
        thresholds: None,
    })
    .unwrap();
    close(r.score, 76.0, 1e-12);
    assert_eq!(r.tier, HealthTier::Neutral);
    assert_eq!(r.parts.len(), 3);
    close(r.parts[0].contribution, 45.0, 1e-12);
    close(r.parts[1].contribution, 21.0, 1e-12);
    close(r.parts[2].contribution, 10.0, 1e-12);
    assert_eq!(r.parts[1].name, "support");
    assert_eq!(r.parts[1].weight, 0.3);
    assert_eq!(r.parts[1].score, 70.0);
    // Weights need not add up to 1: 5 / 3 / 2 give the same score.
    let r = health_score(&HealthInput {
        parts: vec![part("usage", 5.0, 90.0), part("support", 3.0, 70.0), part("nps", 2.0, 50.0)],
        thresholds: None,
    })
    .unwrap();
    close(r.score, 76.0, 1e-12);
    // A part with weight 0 counts for nothing (hand computation: (1 × 20) / 1 = 20).
    let r = health_score(&HealthInput { parts: vec![part("a", 1.0, 20.0), part("b", 0.0, 100.0)], thresholds: None })
        .unwrap();
    close(r.score, 20.0, 1e-12);
    assert_eq!(r.parts[1].contribution, 0.0);
    assert_eq!(r.tier, HealthTier::Critical);
}

fn tier(score: f64, thresholds: Option<HealthThresholds>) -> HealthTier {
    health_score(&HealthInput { parts: vec![part("only", 1.0, score)], thresholds }).unwrap().tier
}

#[test]
fn health_tiers_at_default_thresholds() {
    // FORMULAS.md 11: tiers at 80 / 60 / 40 (at or above each limit).
    assert_eq!(tier(100.0, None), HealthTier::Healthy);
    assert_eq!(tier(80.0, None), HealthTier::Healthy);
    assert_eq!(tier(79.99, None), HealthTier::Neutral);
    assert_eq!(tier(60.0, None), HealthTier::Neutral);
    assert_eq!(tier(59.99, None), HealthTier::AtRisk);
    assert_eq!(tier(40.0, None), HealthTier::AtRisk);
    assert_eq!(tier(39.99, None), HealthTier::Critical);
    assert_eq!(tier(0.0, None), HealthTier::Critical);
    assert_eq!(HealthTier::AtRisk.as_str(), "at-risk");
    assert_eq!(HealthTier::Healthy.as_str(), "healthy");
    assert_eq!(HealthTier::Neutral.as_str(), "neutral");
    assert_eq!(HealthTier::Critical.as_str(), "critical");
}

#[test]
fn health_tiers_at_custom_thresholds() {
    // FORMULAS.md 11: "unless given": 90 / 70 / 50.
    let t = || Some(HealthThresholds { healthy: Some(90.0), neutral: Some(70.0), at_risk: Some(50.0) });
    assert_eq!(tier(90.0, t()), HealthTier::Healthy);
    assert_eq!(tier(85.0, t()), HealthTier::Neutral);
    assert_eq!(tier(70.0, t()), HealthTier::Neutral);
    assert_eq!(tier(65.0, t()), HealthTier::AtRisk);
    assert_eq!(tier(50.0, t()), HealthTier::AtRisk);
    assert_eq!(tier(45.0, t()), HealthTier::Critical);
    // Only one threshold given: the others keep their defaults (80 -> 75 healthy, 60, 40).
    let one = || Some(HealthThresholds { healthy: Some(75.0), neutral: None, at_risk: None });
    assert_eq!(tier(76.0, one()), HealthTier::Healthy);
    assert_eq!(tier(74.0, one()), HealthTier::Neutral);
    assert_eq!(tier(59.0, one()), HealthTier::AtRisk);
    assert_eq!(tier(39.0, one()), HealthTier::Critical);
    // Equal thresholds are allowed (descending, not strictly).
    let flat = Some(HealthThresholds { healthy: Some(50.0), neutral: Some(50.0), at_risk: Some(50.0) });
    assert_eq!(tier(50.0, flat.clone()), HealthTier::Healthy);
    assert_eq!(tier(49.0, flat), HealthTier::Critical);
}

// ---------------------------------------------------------------------------------------------
// Edge cases found by writing these tests (each was a bug, now fixed), with their minimal input.

#[test]
fn subscription_full_contraction_keeps_only_the_first_period() {
    // FORMULAS.md 3: expansionRate −1 makes q = 0, so CLV is the first period's margin,
    // arpa × m = 100 (hand computation), with or without a horizon. A case that works today:
    let r = clv_subscription(&SubscriptionInput {
        expansion_rate: Some(-1.0),
        horizon: Some(12.0),
        ..subscription(100.0, 0.2)
    })
    .unwrap();
    close(r.clv, 100.0, REL);
    assert_eq!(r.retention_factor, 0.0);
}

#[test]
fn subscription_full_contraction_with_any_churn_and_discount() {
    // FORMULAS.md 3: q = 0 -> CLV = arpa × m for every churn and discount, any horizon.
    let mut failures = Vec::new();
    for ci in 0..=20 {
        for di in 0..=20 {
            let (c, d) = (ci as f64 / 20.0, di as f64 / 20.0);
            let input = SubscriptionInput {
                expansion_rate: Some(-1.0),
                discount_rate: Some(d),
                horizon: Some(12.0),
                ..subscription(100.0, c)
            };
            match clv_subscription(&input) {
                Ok(r) if (r.clv - 100.0).abs() <= 1e-9 => {}
                other => failures.push((c, d, other.map(|r| r.clv))),
            }
        }
    }
    assert!(failures.is_empty(), "{} failures, e.g. {:?}", failures.len(), &failures[..failures.len().min(3)]);
    // minimal case, also through tcv (same stream)
    let r = tcv(&TcvInput {
        arpa: 100.0,
        churn_rate: 0.1,
        expansion_rate: Some(-1.0),
        discount_rate: Some(0.2),
        horizon: Some(12.0),
        ..Default::default()
    })
    .unwrap();
    close(r.clv, 100.0, REL);
}

#[test]
fn tcv_with_contraction_and_no_churn_has_no_finite_breakdown() {
    // FORMULAS.md 3: CLV with churn 0 and contraction is finite: 100 / (1 − 0.9) = 1,000.
    let clv =
        clv_subscription(&SubscriptionInput { expansion_rate: Some(-0.1), ..subscription(100.0, 0.0) }).unwrap().clv;
    close(clv, 1000.0, REL);
    // FORMULAS.md 8 asks for every part on its own; this crate splits CLV into revenue without
    // expansion and what expansion adds. Without churn or discount the first is infinite, so
    // TCV is a clear diverges error on churnRate that says what to change, not a wrong number.
    let e =
        tcv(&TcvInput { arpa: 100.0, churn_rate: 0.0, expansion_rate: Some(-0.1), ..Default::default() }).unwrap_err();
    assert_eq!((e.code, e.field.as_str()), (ErrorCode::Diverges, "churnRate"));
    assert!(e.message.contains("horizon") && e.message.contains("discountRate"), "{}", e.message);
    // With a horizon it is CLV again.
    let r = tcv(&TcvInput {
        arpa: 100.0,
        churn_rate: 0.0,
        expansion_rate: Some(-0.1),
        horizon: Some(1200.0),
        ..Default::default()
    })
    .unwrap();
    close(r.tcv, 1000.0, 1e-9);
}

#[test]
fn retention_impact_zero_increase_changes_nothing() {
    // FORMULAS.md 9: with retentionIncrease 0, R' = R and the new churn is the old one.
    let r = retention_impact(&RetentionImpactInput {
        arpa: 100.0,
        churn_rate: 0.05,
        retention_increase: Some(0.0),
        ..Default::default()
    })
    .unwrap();
    close(r.after.churn_rate, 0.05, 1e-12);
    close(r.after.clv, r.before.clv, 1e-12);
    assert!(r.clv_change_pct.unwrap().abs() < 1e-9);
}

#[test]
fn retention_impact_zero_increase_with_underflowing_annual_retention() {
    // FORMULAS.md 9: R = 0.01^365 (about 1e-730, below the smallest f64), R' = R, new churn =
    // 1 − R'^(1/365) = 0.99.
    let r = retention_impact(&RetentionImpactInput {
        arpa: 100.0,
        churn_rate: 0.99,
        retention_increase: Some(0.0),
        periods_per_year: Some(365.0),
        ..Default::default()
    })
    .unwrap();
    close(r.after.churn_rate, 0.99, 1e-9);
    close(r.after.clv, r.before.clv, 1e-9);
}

#[test]
fn free_channel_with_negative_clv_is_losing() {
    // FORMULAS.md 6: below 1 loses money on every customer.
    let r = cac_by_channel(&[channel("Free", 0.0, 10.0, Some(-50.0))]).unwrap();
    assert_eq!(r.channels[0].band, Some(LtvCacBand::Losing));
}

#[test]
fn open_horizon_chart_when_q_rounds_to_one() {
    // FORMULAS.md 3 / SubscriptionResult.series docs: until 99.5 % of the value, at most 600.
    let r = clv_subscription(&SubscriptionInput { expansion_rate: Some(-1e-17), ..subscription(100.0, 0.0) }).unwrap();
    assert_eq!(r.series.value.len(), 600);
}
