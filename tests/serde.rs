//! The `serde` feature: the calculators' inputs and results (de)serialise under the JS API's
//! camelCase names, and an unknown input field is an error, as in the JS API.
#![cfg(all(feature = "serde", not(target_arch = "wasm32")))]

use kundenwert::*;
use serde_json::json;

#[test]
fn an_input_from_json_computes_the_clv_of_formulas_3() {
    let input: SubscriptionInput = serde_json::from_value(json!({ "arpa": 100, "grossMargin": 0.8, "churnRate": 0.05 })).unwrap();
    assert_eq!(input.gross_margin, Some(0.8));
    let result = clv_subscription(&input).unwrap();
    let out = serde_json::to_value(&result).unwrap();
    assert!((out["clv"].as_f64().unwrap() - 1600.0).abs() < 1e-9);
    assert!(out["series"]["cumulative"].is_array(), "{out}");
    let back: SubscriptionResult = serde_json::from_value(out).unwrap();
    assert_eq!(back, result);
}

#[test]
fn a_misspelt_field_is_an_error_naming_it() {
    let e = serde_json::from_value::<SubscriptionInput>(json!({ "arpa": 100, "churnrate": 0.05 })).unwrap_err();
    assert!(e.to_string().contains("churnrate"), "{e}");
}

#[test]
fn enums_use_the_api_s_words() {
    let r = ltv_cac(&LtvCacInput { clv: 1600.0, cac: 400.0 }).unwrap();
    assert_eq!(serde_json::to_value(r.band).unwrap(), json!("healthy"));
}

// ---- the models and the analysis ------------------------------------------------------------

#[allow(dead_code)]
mod common;

use kundenwert::analysis::AnalysisResult;
use kundenwert::models::customers::ModelOptions;
use kundenwert::models::gamma_gamma::SpendFit;
use kundenwert::models::{bgnbd, gamma_gamma, paretonbd, sbg, Fit};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

/// To JSON and back: the same value.
#[track_caller]
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: &T) -> Value {
    let json = serde_json::to_value(value).unwrap();
    let back: T = serde_json::from_value(json.clone()).unwrap();
    // (compared without printing both: an analysis' Debug runs to megabytes)
    if &back != value {
        let again = serde_json::to_value(&back).unwrap();
        panic!("not the same after the round trip: {}", first_difference(&json, &again, String::new()).unwrap_or_default());
    }
    json
}

/// Where two JSON values first differ (a path and both values).
fn first_difference(a: &Value, b: &Value, at: String) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => x.iter().find_map(|(k, v)| first_difference(v, &y[k], format!("{at}.{k}"))),
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            x.iter().zip(y).enumerate().find_map(|(i, (v, w))| first_difference(v, w, format!("{at}[{i}]")))
        }
        _ if a == b => None,
        _ => Some(format!("{at}: {a} then {b}")),
    }
}

fn num(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

#[test]
fn model_fits_round_trip_under_camel_case_names() {
    let s = common::cdnow_sample();
    let bg = bgnbd::fit(&s.frequency, &s.recency, &s.t).unwrap();
    let json = round_trip(&bg);
    // Fader, Hardie & Lee 2005 on the CDNOW sample (docs/FORMULAS.md 15): r 0.243, α 4.414,
    // a 0.793, b 2.426 (78 weeks: the full sample's own estimates are close to these).
    assert_eq!(json["observations"], 2357.0);
    assert!(json["logLikelihood"].as_f64().unwrap() < 0.0);
    assert_eq!(json["standardErrors"].as_array().unwrap().len(), 4);
    for key in ["r", "alpha", "a", "b"] {
        assert_eq!(num(&json["model"][key]), match key {
            "r" => bg.model.r,
            "alpha" => bg.model.alpha,
            "a" => bg.model.a,
            _ => bg.model.b,
        });
    }
    let pareto: Fit<paretonbd::ParetoNbd> = paretonbd::fit(&s.frequency, &s.recency, &s.t).unwrap();
    let json = round_trip(&pareto);
    assert_eq!(json["model"].as_object().unwrap().keys().collect::<Vec<_>>(), ["alpha", "beta", "r", "s"]);

    let spend: SpendFit = gamma_gamma::fit(&s.frequency, &s.monetary).unwrap();
    let json = round_trip(&spend);
    // Fader & Hardie 2013 (docs/FORMULAS.md 15): p 6.25, q 3.74, v 15.44 on 946 repeat buyers.
    assert_eq!((json["fit"]["observations"].as_f64(), json["excluded"].as_f64()), (Some(946.0), Some(1411.0)));
    for (key, published) in [("p", 6.25), ("q", 3.74), ("v", 15.44)] {
        assert!((num(&json["fit"]["model"][key]) - published).abs() <= 0.005, "{key}: {}", json["fit"]["model"][key]);
    }
    assert!(json["frequencySpendCorrelation"].is_number());

    // Fader & Hardie 2007, the "regular" segment: α 0.704, β 1.182 (docs/FORMULAS.md 15).
    let cohort = sbg::fit(&[1000.0, 631.0, 468.0, 382.0, 326.0, 289.0, 262.0, 241.0]).unwrap();
    let json = round_trip(&cohort);
    assert!((num(&json["model"]["alpha"]) - 0.704).abs() < 0.0005 && (num(&json["model"]["beta"]) - 1.182).abs() < 0.0005, "{json}");
    // A model's parameters alone, as a dependent stores them.
    let model: bgnbd::BgNbd = serde_json::from_value(json!({ "r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426 })).unwrap();
    assert_eq!(model, bgnbd::BgNbd { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 });
}

#[test]
fn an_analysis_with_models_round_trips() {
    let result: AnalysisResult = common::analyze_cdnow_sample(ModelOptions { calibration_end: Some("1997-09-30".into()), ..Default::default() });
    let json = round_trip(&result);
    // The JS API's names, all the way down.
    assert_eq!(json["customers"]["count"], 2357.0);
    assert_eq!(json["customers"]["T"].as_array().unwrap().len(), 2357);
    assert_eq!(json["observationEnd"], "1998-06-30");
    assert_eq!(json["segments"].as_array().unwrap().len(), 10);
    let models = &json["models"];
    assert_eq!(models["purchaseModel"], "bg-nbd");
    assert_eq!(models["customers"]["probabilityAlive"].as_array().unwrap().len(), 2357);
    // The 39-week calibration fit of Fader, Hardie & Lee 2005: r 0.243, b 2.426.
    let p = &models["holdout"]["purchase"]["params"];
    assert!((num(&p["r"]) - 0.243).abs() < 5e-4 && (num(&p["b"]) - 2.426).abs() < 5e-4, "{p}");
    assert_eq!(models["holdout"]["customers"], 2357.0);
    // A parameter name no model has is an error, not silently kept.
    let mut bad = json.clone();
    bad["models"]["purchase"]["params"]["rr"] = json!(1.0);
    let e = serde_json::from_value::<AnalysisResult>(bad).unwrap_err();
    assert!(e.to_string().contains("rr"), "{e}");
}
