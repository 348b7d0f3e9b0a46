//! Properties of the formulas (docs/FORMULAS.md 3 to 9) and the crate's promise: every function
//! returns a result whose every number is finite, or an error naming the field; never NaN,
//! Infinity or a panic, whatever the input.
// Native only: wasm-pack test builds tests/ for wasm32, where proptest and serde_json are
// not dev-dependencies (tests/wasm.rs covers the wasm side).
#![cfg(not(target_arch = "wasm32"))]

mod seeded;

use std::fmt::Debug;

use kundenwert::*;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

const CASES: u32 = 2000;

/// 2000 cases a property from the fixed seed of tests/seeded (`npm run fuzz` runs them long
/// with fresh seeds); failures are replayed first from tests/properties.proptest-regressions.
fn config() -> ProptestConfig {
    seeded::config(CASES)
}

// ---------------------------------------------------------------------------------------------
// Every number of a result, nested objects, lists and series included, as its Debug form
// prints it (Rust prints a non-finite f64 as `NaN`, `inf` or `-inf`). (The wasm boundary's
// writer walks results too; it is internal, and src/output.rs tests it.)

/// The non-finite numbers of a result: each `NaN` or `inf` with the field name before it.
fn non_finite<T: Debug>(v: &T) -> Vec<String> {
    let text = format!("{v:?}");
    let mut bad = Vec::new();
    let mut field = "";
    for token in text.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|t| !t.is_empty()) {
        match token {
            "NaN" | "inf" => bad.push(format!("{field} = {token}")),
            t if t.chars().next().is_some_and(|c| c.is_ascii_lowercase()) => field = t,
            _ => {}
        }
    }
    bad
}

/// Ok with only finite numbers, or an error with a code, a field path or a message.
fn sound<T: Debug>(result: &Result<T>, input: &dyn Debug) -> std::result::Result<(), TestCaseError> {
    match result {
        Ok(v) => {
            let bad = non_finite(v);
            prop_assert!(bad.is_empty(), "non-finite {:?} for input {:?}", bad, input);
        }
        Err(e) => {
            prop_assert!(!e.message.is_empty(), "empty message for input {:?}", input);
            prop_assert!(!e.field.is_empty() || !e.message.is_empty(), "error names nothing for input {:?}", input);
        }
    }
    Ok(())
}

#[test]
fn the_check_sees_every_number() {
    let r = clv_subscription(&SubscriptionInput {
        arpa: 100.0,
        churn_rate: 0.05,
        horizon: Some(3.0),
        ..Default::default()
    })
    .unwrap();
    assert!(non_finite(&r).is_empty());
    let mut broken = r.clone();
    broken.series.cumulative[2] = f64::INFINITY;
    broken.clv = f64::NAN;
    assert_eq!(non_finite(&broken), ["clv = NaN", "cumulative = inf"]);
}

// ---------------------------------------------------------------------------------------------
// Strategies

/// Any f64 a caller could send: NaN, ±Infinity, ±0, tiny, huge, negative, near the bounds of
/// the rules, and plenty of ordinary values (rates, counts, money) so the Ok paths run too.
fn wild() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => prop::sample::select(vec![
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.0,
            -0.0,
            1e-300,
            -1e-300,
            5e-324,
            f64::MIN_POSITIVE,
            1e300,
            -1e300,
            f64::MAX,
            f64::MIN,
            -1.0,
            1.0,
            0.5,
            1.0 - 1e-16,
            1.0 + 1e-15,
            -1.0 + 1e-16,
            1e-16,
            2.0,
            12.0,
            1200.0,
            1201.0,
            1e12,
            1e12 + 1.0,
            1e15,
            1.0000001e15,
            1e16,
        ]),
        3 => 0.0..=1.0f64,
        2 => (0u32..1300).prop_map(f64::from),
        2 => 0.0..1e6f64,
        1 => -1e6..1e6f64,
        1 => any::<f64>(),
    ]
}

fn wild_opt() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![1 => Just(None), 3 => wild().prop_map(Some)]
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), Just(" ".to_string()), "[a-zA-Zä ]{1,6}"]
}

/// A rate 0..=1, with its end points often.
fn rate() -> impl Strategy<Value = f64> {
    prop_oneof![1 => Just(0.0), 1 => Just(1.0), 6 => 0.0..=1.0f64]
}

fn horizon() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![1 => Just(None), 2 => (1u32..=1200).prop_map(|h| Some(h as f64))]
}

fn close_or_above(a: f64, b: f64) -> bool {
    // a ≥ b up to floating-point noise
    a >= b - 1e-9 * a.abs().max(b.abs()).max(1e-300)
}

/// `periods` is the first period whose cumulative margin, as the result's own chart shows
/// it, reaches CAC: no tolerance, so the figure and the chart can never disagree.
fn exact_on_the_chart(r: &PaybackResult, cac: f64) -> std::result::Result<(), TestCaseError> {
    let chart = &r.cumulative_margin;
    let first_on_chart = chart.iter().position(|&c| c >= cac).map(|i| (i + 1) as f64);
    match (r.periods, first_on_chart) {
        (Some(k), _) if cac == 0.0 => prop_assert_eq!(k, 0.0),
        (Some(k), Some(c)) => prop_assert_eq!(k, c, "periods {} but the chart reaches CAC {} at {}", k, cac, c),
        (Some(k), None) => prop_assert!(k > chart.len() as f64, "periods {} inside a chart of {} that never reaches {}", k, chart.len(), cac),
        (None, Some(c)) => prop_assert!(false, "never, but the chart reaches CAC {} at {}", cac, c),
        (None, None) => {}
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// (i) Never a non-finite number or a panic, for every public function.

proptest! {
    #![proptest_config(config())]

    #[test]
    fn clv_simple_is_sound(a in wild(), b in wild(), c in wild_opt(), d in wild_opt()) {
        let input = SimpleInput { revenue_per_period: a, periods: b, customers: c, periods_per_year: d };
        sound(&clv_simple(&input), &input)?;
    }

    #[test]
    fn clv_purchase_is_sound(a in wild(), b in wild(), c in wild(), d in wild_opt(), e in wild_opt()) {
        let input = PurchaseInput {
            average_order_value: a, purchases_per_year: b, retention_years: c,
            gross_margin: d, acquisition_cost: e,
        };
        sound(&clv_purchase(&input), &input)?;
    }

    #[test]
    fn order_metrics_is_sound(a in wild(), b in wild(), c in wild()) {
        let input = OrderMetricsInput { total_revenue: a, number_of_orders: b, unique_customers: c };
        sound(&order_metrics(&input), &input)?;
    }

    #[test]
    fn clv_subscription_is_sound(
        a in wild(), c in wild(), m in wild_opt(), e in wild_opt(), d in wild_opt(), h in wild_opt(),
    ) {
        let input = SubscriptionInput {
            arpa: a, churn_rate: c, gross_margin: m, expansion_rate: e, discount_rate: d, horizon: h,
        };
        let r = clv_subscription(&input);
        sound(&r, &input)?;
        if let Ok(r) = r {
            let s = &r.series;
            prop_assert!(!s.value.is_empty());
            prop_assert_eq!(s.value.len(), s.survival.len());
            prop_assert_eq!(s.value.len(), s.cumulative.len());
            prop_assert_eq!(s.survival[0], 1.0);
            prop_assert!(r.clv >= 0.0);
        }
    }

    #[test]
    fn clv_retention_is_sound(a in wild(), b in wild(), c in wild()) {
        let input = RetentionInput { margin: a, retention_rate: b, discount_rate: c };
        sound(&clv_retention(&input), &input)?;
    }

    #[test]
    fn cac_is_sound(a in wild(), b in wild()) {
        let input = CacInput { spend: a, new_customers: b };
        sound(&cac(&input), &input)?;
    }

    #[test]
    fn ltv_cac_is_sound(a in wild(), b in wild()) {
        let input = LtvCacInput { clv: a, cac: b };
        sound(&ltv_cac(&input), &input)?;
    }

    #[test]
    fn cac_by_channel_is_sound(
        channels in prop::collection::vec((name(), wild(), wild(), wild_opt()), 0..5),
    ) {
        let input: Vec<ChannelInput> = channels
            .into_iter()
            .map(|(channel, spend, new_customers, clv)| ChannelInput { channel, spend, new_customers, clv })
            .collect();
        let r = cac_by_channel(&input);
        sound(&r, &input)?;
        if let Ok(r) = r {
            let mut ranks: Vec<u32> = r.channels.iter().map(|c| c.rank).collect();
            ranks.sort_unstable();
            prop_assert_eq!(ranks, (1..=input.len() as u32).collect::<Vec<_>>());
        }
    }

    #[test]
    fn payback_is_sound(
        a in wild(), b in wild(), m in wild_opt(), c in wild_opt(), e in wild_opt(), d in wild_opt(),
    ) {
        let input = PaybackInput {
            cac: a, arpa: b, gross_margin: m, churn_rate: c, expansion_rate: e, discount_rate: d,
        };
        let r = payback(&input);
        sound(&r, &input)?;
        if let Ok(r) = r {
            prop_assert!(!r.cumulative_margin.is_empty() && r.cumulative_margin.len() <= 600);
        }
    }

    #[test]
    fn tcv_is_sound(
        a in wild(), c in wild(), m in wild_opt(), e in wild_opt(), d in wild_opt(), h in wild_opt(),
        costs in prop::collection::vec(wild_opt(), 9),
    ) {
        let input = TcvInput {
            arpa: a, churn_rate: c, gross_margin: m, expansion_rate: e, discount_rate: d, horizon: h,
            referrals_per_customer: costs[0], value_per_referral: costs[1],
            acquisition_cost: costs[2], onboarding_cost: costs[3], service_cost: costs[4],
            account_management_cost: costs[5], retention_cost: costs[6], dunning_cost: costs[7],
            upgrade_cost: costs[8],
        };
        sound(&tcv(&input), &input)?;
    }

    #[test]
    fn retention_impact_is_sound(
        a in wild(), c in wild(), m in wild_opt(), e in wild_opt(), d in wild_opt(),
        k in wild_opt(), i in wild_opt(), p in wild_opt(),
    ) {
        let input = RetentionImpactInput {
            arpa: a, churn_rate: c, gross_margin: m, expansion_rate: e, discount_rate: d,
            acquisition_cost: k, retention_increase: i, periods_per_year: p,
        };
        sound(&retention_impact(&input), &input)?;
    }

    #[test]
    fn nps_is_sound(a in wild(), b in wild(), c in wild()) {
        let input = NpsInput { promoters: a, passives: b, detractors: c };
        let r = nps(&input);
        sound(&r, &input)?;
        if let Ok(r) = r {
            prop_assert!((-100.0..=100.0).contains(&r.nps), "nps {} for {:?}", r.nps, input);
        }
    }

    #[test]
    fn nps_from_scores_is_sound(
        scores in prop::collection::vec(prop_oneof![3 => (0u8..=10).prop_map(f64::from), 1 => wild()], 0..20),
    ) {
        let r = nps_from_scores(&scores);
        sound(&r, &scores)?;
        if let Ok(r) = r {
            prop_assert!((-100.0..=100.0).contains(&r.nps));
            prop_assert_eq!(r.responses, scores.len() as f64);
        }
    }

    #[test]
    fn health_score_is_sound(
        parts in prop::collection::vec((name(), wild(), wild()), 0..5),
        thresholds in prop::option::of((wild_opt(), wild_opt(), wild_opt())),
    ) {
        let input = HealthInput {
            parts: parts.into_iter().map(|(name, weight, score)| HealthPart { name, weight, score }).collect(),
            thresholds: thresholds.map(|(healthy, neutral, at_risk)| HealthThresholds { healthy, neutral, at_risk }),
        };
        let r = health_score(&input);
        sound(&r, &input)?;
        if let Ok(r) = r {
            prop_assert!((0.0..=100.0).contains(&r.score));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Properties of the formulas.

#[derive(Debug, Clone, Copy)]
struct Sub {
    arpa: f64,
    margin: f64,
    expansion: f64,
    discount: f64,
    horizon: Option<f64>,
}

fn sub() -> impl Strategy<Value = Sub> {
    (
        prop_oneof![1 => Just(0.0), 8 => 0.0..1e6f64],
        rate(),
        prop_oneof![2 => Just(0.0), 1 => Just(-1.0), 1 => Just(1.0), 6 => -1.0..=1.0f64],
        prop_oneof![2 => Just(0.0), 4 => 0.0..=1.0f64],
        horizon(),
    )
        .prop_map(|(arpa, margin, expansion, discount, horizon)| Sub {
            arpa,
            margin,
            expansion,
            discount,
            horizon,
        })
}

fn clv(s: &Sub, churn: f64) -> Result<f64> {
    clv_subscription(&SubscriptionInput {
        arpa: s.arpa,
        churn_rate: churn,
        gross_margin: Some(s.margin),
        expansion_rate: Some(s.expansion),
        discount_rate: Some(s.discount),
        horizon: s.horizon,
    })
    .map(|r| r.clv)
}

fn band_rank(b: LtvCacBand) -> u8 {
    match b {
        LtvCacBand::Losing => 0,
        LtvCacBand::BelowTarget => 1,
        LtvCacBand::Healthy => 2,
        LtvCacBand::UnderInvesting => 3,
        // non_exhaustive: a band added later must get its rank here
        other => panic!("no rank for {other:?}"),
    }
}

proptest! {
    #![proptest_config(config())]

    /// (a) FORMULAS.md 3: more churn never raises subscription CLV.
    #[test]
    fn more_churn_never_raises_clv(s in sub(), c1 in rate(), c2 in rate()) {
        let (lo, hi) = if c1 <= c2 { (c1, c2) } else { (c2, c1) };
        if let (Ok(a), Ok(b)) = (clv(&s, lo), clv(&s, hi)) {
            prop_assert!(close_or_above(a, b), "churn {lo} -> {a}, churn {hi} -> {b}, {s:?}");
        }
    }

    /// (b) FORMULAS.md 3: a longer horizon never lowers CLV (and the open horizon is the
    /// longest).
    #[test]
    fn longer_horizon_never_lowers_clv(s in sub(), c in rate(), h1 in 1u32..=1200, h2 in 1u32..=1200) {
        let (lo, hi) = if h1 <= h2 { (h1, h2) } else { (h2, h1) };
        let at = |h: Option<u32>| clv(&Sub { horizon: h.map(f64::from), ..s }, c);
        if let (Ok(a), Ok(b)) = (at(Some(lo)), at(Some(hi))) {
            prop_assert!(close_or_above(b, a), "horizon {lo} -> {a}, {hi} -> {b}");
            if let Ok(open) = at(None) {
                prop_assert!(close_or_above(open, b), "horizon {hi} -> {b}, open -> {open}");
            }
        }
    }

    /// (c) FORMULAS.md 3: with no expansion and no discount, CLV = arpa × margin / churn.
    #[test]
    fn plain_clv_is_margin_over_churn(
        arpa in 0.0..1e9f64,
        margin in rate(),
        churn in prop_oneof![Just(1.0), 1e-9..=1.0f64],
        explicit in any::<bool>(),
    ) {
        let zero = explicit.then_some(0.0);
        let r = clv_subscription(&SubscriptionInput {
            arpa, churn_rate: churn, gross_margin: Some(margin),
            expansion_rate: zero, discount_rate: zero, horizon: None,
        }).unwrap();
        let expected = arpa * margin / churn;
        prop_assert!((r.clv - expected).abs() <= 1e-12 * expected.abs(), "{} vs {}", r.clv, expected);
        prop_assert!((r.expected_lifetime.unwrap() - 1.0 / churn).abs() <= 1e-12 / churn);
    }

    /// (d) FORMULAS.md 8: the parts of TCV add up to TCV, and revenue + expansion is CLV
    /// (relative to the size of the parts: TCV itself may be a small difference of large ones).
    #[test]
    fn tcv_parts_add_up(
        s in sub(), churn in rate(),
        referrals in 0.0..10.0f64, per_referral in 0.0..1e4f64,
        once in prop::collection::vec(0.0..1e5f64, 2),
        recurring in prop::collection::vec(prop::option::of(0.0..1e3f64), 5),
    ) {
        let input = TcvInput {
            arpa: s.arpa, churn_rate: churn, gross_margin: Some(s.margin),
            expansion_rate: Some(s.expansion), discount_rate: Some(s.discount), horizon: s.horizon,
            referrals_per_customer: Some(referrals), value_per_referral: Some(per_referral),
            acquisition_cost: Some(once[0]), onboarding_cost: Some(once[1]),
            service_cost: recurring[0], account_management_cost: recurring[1],
            retention_cost: recurring[2], dunning_cost: recurring[3], upgrade_cost: recurring[4],
        };
        if let Ok(r) = tcv(&input) {
            let p = &r.parts;
            let parts = [p.revenue, p.expansion, p.referrals, p.acquisition, p.onboarding, p.cost_to_serve];
            let sum: f64 = parts.iter().sum();
            let size: f64 = parts.iter().map(|v| v.abs()).sum::<f64>().max(f64::MIN_POSITIVE);
            prop_assert!((r.tcv - sum).abs() <= 1e-9 * size, "tcv {} vs parts {:?}", r.tcv, parts);
            let size = p.revenue.abs() + p.expansion.abs();
            prop_assert!((r.clv - (p.revenue + p.expansion)).abs() <= 1e-9 * size.max(f64::MIN_POSITIVE));
            let per_period: f64 = recurring.iter().map(|v| v.unwrap_or(0.0)).sum();
            prop_assert!((r.cost_to_serve_per_period - per_period).abs() <= 1e-12 * per_period);
            prop_assert!(
                (p.cost_to_serve + per_period * r.cost_weight).abs() <= 1e-12 * per_period * r.cost_weight
            );
            prop_assert!(p.referrals >= 0.0 && p.acquisition <= 0.0 && p.onboarding <= 0.0 && p.cost_to_serve <= 0.0);
        }
    }

    /// (e) FORMULAS.md 7: the churn-aware payback `periods` is the first period at whose end
    /// the cumulative expected margin reaches CAC: reached at `periods`, not at `periods − 1`.
    /// "Never" only when the margin is 0 or the whole lifetime's margin stays below CAC.
    #[test]
    fn payback_periods_is_the_first_to_reach_cac(
        cac_ in prop_oneof![1 => Just(0.0), 8 => 0.0..1e5f64],
        arpa in 1.0..1e4f64,
        margin in prop_oneof![1 => Just(0.0), 8 => 0.05..=1.0f64],
        churn in prop_oneof![1 => Just(None), 1 => Just(Some(1.0)), 6 => (0.0..0.2f64).prop_map(Some)],
        expansion in prop_oneof![1 => Just(None), 3 => (-0.05..0.05f64).prop_map(Some)],
        discount in prop_oneof![1 => Just(None), 3 => (0.0..0.05f64).prop_map(Some)],
    ) {
        let input = PaybackInput {
            cac: cac_, arpa, gross_margin: Some(margin), churn_rate: churn,
            expansion_rate: expansion, discount_rate: discount,
        };
        let r = payback(&input).unwrap();
        let first = arpa * margin;
        let q = (1.0 + expansion.unwrap_or(0.0)) * (1.0 - churn.unwrap_or(0.0)) / (1.0 + discount.unwrap_or(0.0));
        // simple payback: cac / (arpa × margin)
        match r.simple_periods {
            Some(p) if cac_ == 0.0 => prop_assert_eq!(p, 0.0),
            Some(p) => prop_assert!((p - cac_ / first).abs() <= 1e-12 * p),
            None => prop_assert!(first == 0.0 && cac_ > 0.0),
        }
        match r.periods {
            Some(k) if cac_ == 0.0 => prop_assert_eq!(k, 0.0),
            Some(k) => {
                prop_assert!(k >= 1.0 && k.fract() == 0.0, "periods {k}");
                if k <= 200_000.0 {
                    let (mut before, mut value) = (0.0, first);
                    for _ in 1..(k as usize) {
                        before += value;
                        value *= q;
                    }
                    let at = before + value;
                    prop_assert!(at >= cac_ * (1.0 - 1e-9), "at {k}: {at} < cac {cac_}");
                    prop_assert!(before < cac_ * (1.0 + 1e-9), "already at {}: {before} ≥ cac {cac_}", k - 1.0);
                    if let Some(&c) = r.cumulative_margin.get(k as usize - 1) {
                        prop_assert!(c >= cac_ * (1.0 - 1e-9));
                    }
                }
            }
            None => {
                prop_assert!(cac_ > 0.0);
                let never = first == 0.0 || matches!(r.lifetime_margin, Some(l) if l <= cac_ * (1.0 + 1e-9));
                prop_assert!(never, "never, but lifetime margin {:?} vs cac {cac_}", r.lifetime_margin);
            }
        }
        exact_on_the_chart(&r, cac_)?;
        // the chart is the running sum of the margin stream
        let (mut sum, mut value) = (0.0, first);
        for &c in &r.cumulative_margin {
            sum += value;
            value *= q;
            prop_assert!((c - sum).abs() <= 1e-9 * sum.max(1.0));
        }
    }

    /// (e') Near 100 % net revenue retention (expansion ≈ churn / (1 − churn), so the margin
    /// stream neither grows nor shrinks), where the closed form is ill-conditioned: `periods`
    /// still equals the first period whose `cumulativeMargin` reaches CAC, exactly.
    #[test]
    fn payback_is_exact_near_full_net_revenue_retention(
        churn in 0.001..0.3f64,
        tilt in prop_oneof![1 => Just(0.0), 3 => -1e-6..1e-6f64, 1 => -1e-12..1e-12f64],
        periods in 1.0..400.0f64,
        arpa in 1.0..1e4f64,
        discount in prop_oneof![2 => Just(None), 1 => (0.0..1e-6f64).prop_map(Some)],
    ) {
        let expansion = churn / (1.0 - churn) * (1.0 + tilt);
        let input = PaybackInput {
            cac: arpa * periods, arpa, gross_margin: None, churn_rate: Some(churn),
            expansion_rate: Some(expansion), discount_rate: discount,
        };
        let r = payback(&input).unwrap();
        exact_on_the_chart(&r, input.cac)?;
    }

    /// (f) FORMULAS.md 3: a higher discount rate never raises CLV.
    #[test]
    fn more_discount_never_raises_clv(s in sub(), c in rate(), d1 in rate(), d2 in rate()) {
        let (lo, hi) = if d1 <= d2 { (d1, d2) } else { (d2, d1) };
        let at = |d: f64| clv(&Sub { discount: d, ..s }, c);
        if let (Ok(a), Ok(b)) = (at(lo), at(hi)) {
            prop_assert!(close_or_above(a, b), "discount {lo} -> {a}, {hi} -> {b}, {s:?}");
        }
    }

    /// (g) FORMULAS.md 9: raising retention (by a positive number of points) never lowers CLV
    /// or profit.
    #[test]
    fn retention_increase_never_lowers_clv(
        s in sub(),
        churn in rate(),
        increase in prop_oneof![Just(1e-6), Just(0.05), 1e-6..0.5f64],
        per_year in prop_oneof![Just(None), Just(Some(1.0)), Just(Some(4.0)), Just(Some(52.0)), (1.0..=366.0f64).prop_map(Some)],
        acquisition in prop::option::of(0.0..1e5f64),
    ) {
        let input = RetentionImpactInput {
            arpa: s.arpa, churn_rate: churn, gross_margin: Some(s.margin),
            expansion_rate: Some(s.expansion), discount_rate: Some(s.discount),
            acquisition_cost: acquisition, retention_increase: Some(increase), periods_per_year: per_year,
        };
        if let Ok(r) = retention_impact(&input) {
            prop_assert!(r.after.churn_rate <= r.before.churn_rate * (1.0 + 1e-9) + 1e-15);
            prop_assert!(close_or_above(r.after.clv, r.before.clv), "{} -> {}", r.before.clv, r.after.clv);
            prop_assert!(r.after.annual_retention >= r.before.annual_retention);
            prop_assert!(r.after.annual_retention < 1.0);
            if let Some(p) = r.clv_change_pct {
                prop_assert!(p >= -1e-6, "clv change {p} %");
            }
            let profit_gain = r.after.profit - r.before.profit;
            prop_assert!((profit_gain - (r.after.clv - r.before.clv)).abs() <= 1e-9 * r.after.clv.abs().max(1.0));
        }
    }

    /// (h) FORMULAS.md 6: the LTV:CAC band never goes down as the ratio goes up.
    #[test]
    fn band_is_monotone_in_the_ratio(
        r1 in prop_oneof![Just(1.0), Just(3.0), Just(5.0), -10.0..10.0f64, -1e9..1e9f64],
        r2 in prop_oneof![Just(1.0), Just(3.0), Just(5.0), -10.0..10.0f64, -1e9..1e9f64],
    ) {
        let (lo, hi) = if r1 <= r2 { (r1, r2) } else { (r2, r1) };
        prop_assert!(band_rank(LtvCacBand::of(lo)) <= band_rank(LtvCacBand::of(hi)));
        let band = |r: f64| ltv_cac(&LtvCacInput { clv: r, cac: 1.0 }).unwrap().band;
        prop_assert!(band_rank(band(lo)) <= band_rank(band(hi)), "{lo} -> {:?}, {hi} -> {:?}", band(lo), band(hi));
    }

    /// FORMULAS.md 3, series: with a horizon the chart has one entry per period, value[t] =
    /// arpa × m × q^t, and its last cumulative entry is the CLV.
    #[test]
    fn series_follow_the_stream(s in sub(), churn in rate(), h in 1u32..=1200) {
        let input = SubscriptionInput {
            arpa: s.arpa, churn_rate: churn, gross_margin: Some(s.margin),
            expansion_rate: Some(s.expansion), discount_rate: Some(s.discount), horizon: Some(h as f64),
        };
        if let Ok(r) = clv_subscription(&input) {
            let series = &r.series;
            prop_assert_eq!(series.value.len(), h as usize);
            prop_assert_eq!(series.survival[0], 1.0);
            let last = *series.cumulative.last().unwrap();
            prop_assert!((last - r.clv).abs() <= 1e-9 * r.clv.max(1e-300), "cumulative {last} vs clv {}", r.clv);
            let q = r.retention_factor;
            let t = (h as usize - 1).min(50);
            let expected = s.arpa * s.margin * q.powi(t as i32);
            prop_assert!((series.value[t] - expected).abs() <= 1e-9 * expected.max(1e-300));
        }
    }
}
