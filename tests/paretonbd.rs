//! Pareto/NBD (FORMULAS.md 15) against the published estimates, lifetimes 0.11.3, our own
//! refined scipy fit and CLVTools (tests/fixtures/models/README.md), and its properties.
#![cfg(not(target_arch = "wasm32"))]

mod common;
mod seeded;
use common::*;

use kundenwert::models::paretonbd::{self, ParetoNbd};
use kundenwert::models::PurchaseModel;
use kundenwert::ErrorCode;
use proptest::prelude::*;

fn params(v: &serde_json::Value) -> ParetoNbd {
    let p = |k: &str| v[k].as_f64().unwrap();
    ParetoNbd { r: p("r"), alpha: p("alpha"), s: p("s"), beta: p("beta") }
}

/// Equal to 1e-9 relative, or 1e-12 absolute for tiny values.
fn assert_matches(ours: f64, theirs: f64, what: &str) {
    assert!(
        (ours - theirs).abs() <= 1e-9 * theirs.abs() || (ours - theirs).abs() <= 1e-12,
        "{what}: {ours} vs {theirs}"
    );
}

#[test]
fn fit_on_the_cdnow_sample_matches_the_published_and_refined_estimates() {
    let s = cdnow_sample();
    let r = reference("cdnow_sample_lifetimes.json");
    let started = std::time::Instant::now();
    let fit = paretonbd::fit(&s.frequency, &s.recency, &s.t).unwrap();
    eprintln!("fit on the sample: {:?} in {:?}", fit, started.elapsed());
    let m = fit.model;
    let published = params(&r["published"]["pareto_nbd"]["params"]);
    let refined = &r["pareto_nbd"]["refined_own_scipy"];
    let own = params(&refined["params"]);

    // The paper's estimates to their printed precision (3 decimals).
    assert!((m.r - published.r).abs() <= 0.0005, "r {}", m.r);
    assert!((m.alpha - published.alpha).abs() <= 0.0005, "alpha {}", m.alpha);
    assert!((m.s - published.s).abs() <= 0.0005, "s {}", m.s);
    assert!((m.beta - published.beta).abs() <= 0.0005, "beta {}", m.beta);
    // The refined optimum of the same likelihood.
    for (ours, theirs) in [(m.r, own.r), (m.alpha, own.alpha), (m.s, own.s), (m.beta, own.beta)] {
        assert!(rel(ours, theirs) < 1e-4, "{ours} vs {theirs}");
    }
    // LL: the paper's −9595.0, lifetimes' and the refined fit's −9594.976...
    assert!((fit.log_likelihood - (-9594.976)).abs() <= 0.001, "LL {}", fit.log_likelihood);
    let refined_ll = refined["log_likelihood_sum_weeks"].as_f64().unwrap();
    assert!(fit.log_likelihood >= refined_ll - 1e-6, "LL {} vs {refined_ll}", fit.log_likelihood);
    assert!(fit.log_likelihood - refined_ll < 1e-6, "LL {} vs {refined_ll}", fit.log_likelihood);
    assert_eq!(fit.observations, 2357.0);
    // Standard errors: the refined fit's (and CLVTools': 0.0476264, 0.8427222, 0.1872594, 6.2105448).
    let se = fit.standard_errors.unwrap();
    let theirs = &refined["standard_errors"];
    for (k, name) in ["r", "alpha", "s", "beta"].iter().enumerate() {
        let t = theirs[name].as_f64().unwrap();
        assert!(rel(se[k], t) < 1e-3, "SE {name}: {} vs {t}", se[k]);
    }
}

#[test]
fn the_fit_does_not_depend_on_the_unit_of_time() {
    let s = cdnow_sample();
    let weeks = paretonbd::fit(&s.frequency, &s.recency, &s.t).unwrap();
    let days = |v: &[f64]| v.iter().map(|w| w * 7.0).collect::<Vec<f64>>();
    let in_days = paretonbd::fit(&s.frequency, &days(&s.recency), &days(&s.t)).unwrap();
    let (w, d) = (weeks.model, in_days.model);
    assert!(rel(d.r, w.r) < 1e-6 && rel(d.s, w.s) < 1e-6, "{w:?} vs {d:?}");
    assert!(rel(d.alpha, 7.0 * w.alpha) < 1e-6 && rel(d.beta, 7.0 * w.beta) < 1e-5, "{w:?} vs {d:?}");
    // Each of the 2457 repeat purchases has a density per day a seventh of that per week.
    let shift = 2457.0 * 7f64.ln();
    assert!((in_days.log_likelihood - (weeks.log_likelihood - shift)).abs() < 1e-6);
}

#[test]
fn the_likelihood_at_lifetimes_parameters_matches() {
    let s = cdnow_sample();
    let r = reference("cdnow_sample_lifetimes.json");
    let m = params(&r["pareto_nbd"]["params"]);
    let ll: f64 = (0..s.t.len()).map(|i| m.log_likelihood(s.frequency[i], s.recency[i], s.t[i])).sum();
    let theirs = r["pareto_nbd"]["log_likelihood"]["sum_over_customers_weeks"].as_f64().unwrap();
    assert!(rel(ll, theirs) < 1e-12, "{ll} vs {theirs}");
    let grouped = kundenwert::models::data::group(&s.frequency, &s.recency, &s.t);
    let (sum, _) = paretonbd::log_likelihood_sum(&m, &grouped);
    assert!(rel(sum, theirs) < 1e-12, "{sum} vs {theirs}");
}

#[test]
fn predictions_at_lifetimes_parameters_match_per_customer() {
    let r = reference("cdnow_sample_lifetimes.json");
    let m = params(&r["pareto_nbd"]["params"]);
    let customers = r["customers"].as_array().unwrap();
    assert_eq!(customers.len(), 12);
    for c in customers {
        let (x, tx, t) = (c["frequency"].as_f64().unwrap(), c["recency"].as_f64().unwrap(), c["T"].as_f64().unwrap());
        let id = c["sample_id"].as_u64().unwrap();
        let theirs = &c["pareto_nbd"];
        assert_matches(m.probability_alive(x, tx, t), theirs["p_alive"].as_f64().unwrap(), &format!("p_alive of {id}"));
        assert_matches(
            m.conditional_expected_purchases(39.0, x, tx, t),
            theirs["expected_purchases_39"].as_f64().unwrap(),
            &format!("expected purchases of {id}"),
        );
        for n in 0..3u32 {
            let p = theirs["conditional_probability_of_n_purchases_39"][n.to_string()].as_f64().unwrap();
            assert_matches(m.conditional_probability_of_purchases(n, 39.0, x, tx, t), p, &format!("P({n}) of {id}"));
        }
    }
    // The conditional pmf (note 028) sums to 1 and its mean is the conditional expectation.
    for c in customers {
        let (x, tx, t) = (c["frequency"].as_f64().unwrap(), c["recency"].as_f64().unwrap(), c["T"].as_f64().unwrap());
        let (mut total, mut mean) = (0.0, 0.0);
        for n in 0..600u32 {
            let p = m.conditional_probability_of_purchases(n, 39.0, x, tx, t);
            total += p;
            mean += n as f64 * p;
        }
        assert!((total - 1.0).abs() < 1e-12, "{total}");
        assert!(rel(mean, m.conditional_expected_purchases(39.0, x, tx, t)) < 1e-11);
    }
    let e = &r["pareto_nbd"]["expected_number_of_purchases_up_to_time"];
    assert_matches(m.expected_purchases(39.0), e["39"].as_f64().unwrap(), "E[X(39)]");
    assert_matches(m.expected_purchases(78.0), e["78"].as_f64().unwrap(), "E[X(78)]");
}

/// A small deterministic generator (splitmix64) with the draws the simulation needs.
struct Rng(u64);

impl Rng {
    fn uniform(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64 + 0.5 / (1u64 << 53) as f64
    }

    fn exponential(&mut self, rate: f64) -> f64 {
        -self.uniform().ln() / rate
    }

    fn normal(&mut self) -> f64 {
        (-2.0 * self.uniform().ln()).sqrt() * (2.0 * std::f64::consts::PI * self.uniform()).cos()
    }

    /// Gamma(shape, rate) by Marsaglia and Tsang (shapes below 1 boosted by U^(1/shape)).
    fn gamma(&mut self, shape: f64, rate: f64) -> f64 {
        if shape < 1.0 {
            return self.gamma(shape + 1.0, rate) * self.uniform().powf(1.0 / shape);
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let z = self.normal();
            let v = (1.0 + c * z).powi(3);
            if v > 0.0 && self.uniform().ln() < z * z / 2.0 + d - d * v + d * v.ln() {
                return d * v / rate;
            }
        }
    }
}

/// Customers drawn from the model itself, first purchases spread over `spread` before the end
/// of observation at 2 × `spread`.
fn simulate(m: &ParetoNbd, customers: usize, spread: f64, seed: u64) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let mut rng = Rng(seed);
    let (mut x, mut tx, mut t) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..customers {
        let lambda = rng.gamma(m.r, m.alpha);
        let mu = rng.gamma(m.s, m.beta);
        let end = spread * (1.0 + rng.uniform());
        let active = rng.exponential(mu).min(end);
        let (mut n, mut last, mut at) = (0.0, 0.0, rng.exponential(lambda));
        while at < active {
            n += 1.0;
            last = at;
            at += rng.exponential(lambda);
        }
        x.push(n);
        tx.push(last);
        t.push(end);
    }
    (x, tx, t)
}

#[test]
fn fits_recover_the_parameters_of_simulated_customers() {
    for (truth, seed) in [
        (ParetoNbd { r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 }, 1),
        (ParetoNbd { r: 2.0, alpha: 4.0, s: 1.5, beta: 60.0 }, 2),
        (ParetoNbd { r: 0.3, alpha: 0.5, s: 3.0, beta: 2.0 }, 3),
    ] {
        let (x, tx, t) = simulate(&truth, 4000, 40.0, seed);
        let fit = paretonbd::fit(&x, &tx, &t).unwrap();
        let se = fit.standard_errors.clone().unwrap();
        for (k, (ours, theirs)) in fit.model.params().iter().zip(truth.params()).enumerate() {
            assert!((ours - theirs).abs() <= 4.0 * se[k], "{truth:?}: {:?} with SEs {se:?}", fit.model);
        }
        // The estimate is a maximum: the log-likelihood is lower a little way off in every direction.
        let grouped = kundenwert::models::data::group(&x, &tx, &t);
        let p = fit.model.params();
        for k in 0..4 {
            for step in [-1e-3, 1e-3] {
                let mut q = p.clone();
                q[k] *= 1.0 + step;
                let off = ParetoNbd { r: q[0], alpha: q[1], s: q[2], beta: q[3] };
                assert!(paretonbd::log_likelihood_sum(&off, &grouped).0 < fit.log_likelihood);
            }
        }
    }
}

// ---- errors -------------------------------------------------------------------------------

#[test]
fn bad_inputs_name_their_field() {
    let e = paretonbd::fit(&[1.0, 2.0], &[3.0, 5.0], &[4.0, 4.5]).unwrap_err();
    assert_eq!((e.code, e.field.as_str()), (ErrorCode::OutOfRange, "recency[1]"));
    let e = paretonbd::fit(&[1.0, 2.5], &[3.0, 3.0], &[4.0, 4.0]).unwrap_err();
    assert_eq!((e.code, e.field.as_str()), (ErrorCode::OutOfRange, "frequency[1]"));
    let e = paretonbd::fit(&[1.0, 0.0], &[3.0, 0.0], &[4.0, 0.0]).unwrap_err();
    assert_eq!((e.code, e.field.as_str()), (ErrorCode::OutOfRange, "T[1]"));
    let e = paretonbd::fit(&[1.0, 0.0], &[3.0, 0.0], &[4.0, f64::NAN]).unwrap_err();
    assert_eq!((e.code, e.field.as_str()), (ErrorCode::NotANumber, "T[1]"));
    let e = paretonbd::fit(&[0.0, 0.0], &[0.0, 1.0], &[4.0, 4.0]).unwrap_err();
    assert_eq!(e.field, "recency[1]");
    assert_eq!(paretonbd::fit(&[], &[], &[]).unwrap_err().code, ErrorCode::Empty);
    assert_eq!(paretonbd::fit(&[1.0], &[1.0, 2.0], &[3.0]).unwrap_err().code, ErrorCode::InvalidType);
}

#[test]
fn data_that_cannot_identify_the_model_is_an_error() {
    // Nobody repeats.
    let e = paretonbd::fit(&[0.0; 50], &[0.0; 50], &[10.0; 50]).unwrap_err();
    assert_eq!((e.code, e.field.as_str()), (ErrorCode::NoConvergence, "frequency"));
    // A single customer.
    let e = paretonbd::fit(&[3.0], &[5.0], &[10.0]).unwrap_err();
    assert_eq!((e.code, e.field.as_str()), (ErrorCode::NoConvergence, "frequency"));
    // No heterogeneity, or nobody ever seen to drop out: the estimates run off to a boundary.
    let degenerate: [(Vec<f64>, Vec<f64>, Vec<f64>); 4] = [
        (vec![1.0; 100], vec![5.0; 100], vec![10.0; 100]),
        (vec![3.0, 3.0], vec![9.0, 9.0], vec![10.0, 10.0]),
        (vec![1.0, 0.0], vec![5.0, 0.0], vec![10.0, 10.0]),
        (
            (0..200).map(|i| (i % 5) as f64).collect(),
            (0..200).map(|i| if i % 5 == 0 { 0.0 } else { 10.0 }).collect(),
            vec![10.0; 200],
        ),
    ];
    for (x, tx, t) in degenerate {
        let e = paretonbd::fit(&x, &tx, &t).unwrap_err();
        assert_eq!(e.code, ErrorCode::NoConvergence, "{x:?}");
    }
}

// ---- properties ---------------------------------------------------------------------------

/// Log-uniform on [lo, hi].
fn log_uniform(lo: f64, hi: f64) -> impl Strategy<Value = f64> {
    (lo.ln()..hi.ln()).prop_map(f64::exp)
}

fn history() -> impl Strategy<Value = (f64, f64, f64)> {
    history_within(1e-3, 1e4)
}

fn model() -> impl Strategy<Value = ParetoNbd> {
    (log_uniform(1e-3, 1e3), log_uniform(1e-3, 1e3), log_uniform(1e-3, 1e3), log_uniform(1e-3, 1e3))
        .prop_map(|(r, alpha, s, beta)| ParetoNbd { r, alpha, s, beta })
}

/// (x, t_x, T): x up to 2000, T from `shortest` to `longest`, t_x anywhere in [0, T] (0 when
/// x = 0, and often exactly 0 or T).
fn history_within(shortest: f64, longest: f64) -> impl Strategy<Value = (f64, f64, f64)> {
    (
        prop_oneof![Just(0u32), 1u32..30, 0u32..=2000],
        log_uniform(shortest, longest),
        prop_oneof![Just(0.0), Just(1.0), 0.0..1.0f64],
    )
        .prop_map(|(x, t, share)| if x == 0 { (0.0, 0.0, t) } else { (x as f64, t * share, t) })
}

proptest! {
    #![proptest_config(seeded::config(512))]

    #[test]
    fn everything_is_finite_and_probabilities_are_probabilities(
        m in model(),
        (x, tx, t) in history_within(1e-6, 1e6),
        horizon in log_uniform(1e-6, 1e6),
    ) {
        let ll = m.log_likelihood(x, tx, t);
        prop_assert!(ll.is_finite(), "LL {ll}");
        let grouped = kundenwert::models::data::group(&[x], &[tx], &[t]);
        let (sum, gradient) = paretonbd::log_likelihood_sum(&m, &grouped);
        prop_assert!((sum - ll).abs() <= 1e-9 * ll.abs().max(1.0), "{sum} vs {ll}");
        prop_assert!(gradient.iter().all(|g| g.is_finite()), "{gradient:?}");
        let alive = m.probability_alive(x, tx, t);
        prop_assert!((0.0..=1.0).contains(&alive), "P(alive) {alive}");
        let e = m.conditional_expected_purchases(horizon, x, tx, t);
        prop_assert!(e.is_finite() && e >= 0.0, "E {e}");
        let new = m.expected_purchases(horizon);
        prop_assert!(new.is_finite() && new >= 0.0, "E[X(t)] {new}");
        let mut total = 0.0;
        for n in 0..3 {
            let p = m.conditional_probability_of_purchases(n, horizon, x, tx, t);
            prop_assert!((0.0..=1.0).contains(&p), "P({n}) {p}");
            let q = m.probability_of_purchases(n, horizon);
            prop_assert!((0.0..=1.0).contains(&q), "P(X(t) = {n}) {q}");
            total += p;
        }
        prop_assert!(total <= 1.0 + 1e-9, "P(0) + P(1) + P(2) = {total}");
    }

    #[test]
    fn alive_falls_the_longer_nothing_is_bought(m in model(), (x, tx, t) in history(), longer in log_uniform(1e-6, 1e3)) {
        let later = t * (1.0 + longer);
        let (before, after) = (m.probability_alive(x, tx, t), m.probability_alive(x, tx, later));
        prop_assert!(after <= before * (1.0 + 1e-12) + 1e-300, "{before} at T = {t}, {after} at T = {later}");
    }

    #[test]
    fn expected_purchases_grow_with_the_horizon(m in model(), (x, tx, t) in history(), h in log_uniform(1e-3, 1e4), more in log_uniform(1e-6, 1e2)) {
        let (short, long) = (m.conditional_expected_purchases(h, x, tx, t), m.conditional_expected_purchases(h * (1.0 + more), x, tx, t));
        prop_assert!(long >= short * (1.0 - 1e-14), "{short} at {h}, {long} at {}", h * (1.0 + more));
    }
}

proptest! {
    #![proptest_config(seeded::config(48))]

    /// Wherever summing the pmf is practical (a moderate mean, a tail that falls fast enough),
    /// it sums to 1 and its mean is E[X(t)].
    #[test]
    fn the_pmf_sums_to_one_with_mean_e_x(m in model(), t in log_uniform(1e-3, 1e4)) {
        let mean = m.expected_purchases(t);
        prop_assume!(t / m.alpha <= 50.0 && m.r * t / m.alpha <= 100.0);
        let (mut total, mut first_moment) = (0.0, 0.0);
        for n in 0..20_000u32 {
            let p = m.probability_of_purchases(n, t);
            total += p;
            first_moment += n as f64 * p;
            if n as f64 > mean && p < 1e-18 * first_moment.max(1e-300) && 1.0 - total < 1e-12 {
                break;
            }
        }
        prop_assert!((total - 1.0).abs() < 1e-10, "sum {total}");
        prop_assert!((first_moment - mean).abs() <= 1e-8 * mean.max(1e-12), "mean {first_moment} vs {mean}");
    }
}

// ---- speed ---------------------------------------------------------------------------------

/// The benchmark of benches/lifetimes/bench.py: the CDNOW master summary (weeks, to
/// 1998-06-30) repeated 10 times. Run with
/// `cargo test --release --test paretonbd -- --ignored --nocapture`.
#[test]
#[ignore]
fn fit_time_on_cdnow_master_times_ten() {
    use kundenwert::analysis::{Analysis, AnalysisOptions};
    let bytes = std::fs::read(fixture_path("CDNOW_master.txt")).unwrap();
    let options = AnalysisOptions {
        observation_end: Some("1998-06-30".into()),
        period_unit: Some("week".into()),
        ..Default::default()
    };
    let mut a = Analysis::start(&options, &bytes[..bytes.len().min(65536)]).unwrap();
    a.push(&bytes);
    let c = a.finish().unwrap().customers;
    assert_eq!(c.frequency.len(), 23_570);
    let started = std::time::Instant::now();
    let master = paretonbd::fit(&c.frequency, &c.recency, &c.t).unwrap();
    eprintln!("master (23,570 customers): {:?} in {:?}", master, started.elapsed());
    let times = |v: &[f64]| v.iter().copied().cycle().take(10 * v.len()).collect::<Vec<f64>>();
    let (x, tx, t) = (times(&c.frequency), times(&c.recency), times(&c.t));
    let started = std::time::Instant::now();
    let grouped = kundenwert::models::data::group(&x, &tx, &t);
    eprintln!(
        "grouped into {} distinct histories, {} distinct frequencies in {:?}",
        grouped.rows.len(),
        grouped.frequencies.len(),
        started.elapsed()
    );
    let started = std::time::Instant::now();
    for _ in 0..20 {
        std::hint::black_box(paretonbd::log_likelihood_sum(&master.model, &grouped));
    }
    eprintln!("one log-likelihood with gradient: {:?}", started.elapsed() / 20);
    let mut best = std::time::Duration::MAX;
    let mut fit = None;
    for _ in 0..3 {
        let started = std::time::Instant::now();
        fit = Some(paretonbd::fit(&x, &tx, &t).unwrap());
        best = best.min(started.elapsed());
    }
    let fit = fit.unwrap();
    eprintln!("master x 10 (235,700 customers): {fit:?}, best of 3: {best:?}");
    for (a, b) in fit.model.params().iter().zip(master.model.params()) {
        assert!(rel(*a, b) < 1e-6, "{a} vs {b}");
    }
    assert!(rel(fit.log_likelihood, 10.0 * master.log_likelihood) < 1e-12);
}

/// The Pareto/NBD fit on CDNOW master as the code before the grouped start found it (full
/// precision): the same to 1e-10.
#[test]
fn the_fit_equals_the_values_of_the_previous_code() {
    let (frequency, recency, t, _) = cdnow_master();
    let fit = paretonbd::fit(&frequency, &recency, &t).unwrap();
    let before = [0.6109883138421174, 13.614193743856436, 0.3125774479460871, 6.148555971424896];
    for (a, b) in fit.model.params().iter().zip(before) {
        assert!(rel(*a, b) < 1e-10, "{a} vs {b}");
    }
    assert!(rel(fit.log_likelihood, -173327.99620366373) < 1e-12);
    let se = [0.01552566297363863, 0.30650819316143835, 0.014211820704482661, 0.7262116520941387];
    for (a, b) in fit.standard_errors.unwrap().iter().zip(se) {
        assert!(rel(*a, b) < 1e-8, "{a} vs {b}");
    }
}
