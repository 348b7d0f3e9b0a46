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
