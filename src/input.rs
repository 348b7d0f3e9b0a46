//! Reading calculator inputs from a dynamic source (in `src/wasm.rs` a tape the JS package
//! writes from the caller's object, a JSON value in the tests) with errors that name the field.
//!
//! Why not serde's `Deserialize`: measured on this crate, serde-wasm-bindgen deserialisation
//! plus field paths cost about 60 KB of wasm (its error messages alone pull in float
//! formatting), more than the whole size budget, and serde's errors do not say which field
//! failed. This reader is a few hundred bytes per input type, names every field exactly,
//! rejects unknown fields (a misspelt optional field must not silently change a result) and
//! never formats a float.

use crate::error::{concat, Error, ErrorCode, Result, SUBJECT};

/// What a source value is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind<'a> {
    /// `undefined`, `null` or absent.
    Absent,
    /// A number, possibly NaN or infinite (the rules reject those with the field's name).
    Number(f64),
    Bool(bool),
    /// Text, borrowed from the source (copied only where a field keeps it).
    Text(&'a str),
    /// An array of this many items.
    List(u32),
    /// A plain object with named fields.
    Object,
    /// Anything else (a boolean, a function, a bigint ...), by its kind's name.
    Other(&'static str),
}

/// A dynamic value to read inputs from.
pub trait Source: Sized {
    fn kind(&self) -> Kind<'_>;
    /// An absent value (what a missing field reads as).
    fn absent(&self) -> Self;
    /// An object's fields named in `known`, in one pass over its entries: each value into
    /// `values` at its name's position (`values` starts absent; of repeated keys the first
    /// counts). `Some(key)`: the first of the object's own keys that is not in `known`.
    fn fields(&self, known: &[&str], values: &mut [Self]) -> Option<String>;
    /// The items of a list, in order.
    fn items(&self) -> Vec<Self>;
}

/// An input type that can be read from a [`Source`].
pub trait FromSource: Sized {
    fn from_source<S: Source>(source: &S) -> Result<Self>;
}

/// A field type of an input: what to do when it is absent, a number, text ...
pub trait Field: Sized {
    fn read<S: Source>(value: &S, name: &str) -> Result<Self>;
}

#[cold]
#[inline(never)]
fn missing(name: &str) -> Error {
    Error::new(ErrorCode::Missing, name, concat(&[name, " is required"]))
}

#[cold]
#[inline(never)]
fn wrong(name: &str, kind: &Kind<'_>, expected: &str) -> Error {
    let got = match kind {
        Kind::Absent => return missing(name),
        Kind::Number(_) => "a number",
        Kind::Bool(_) => "a boolean",
        Kind::Text(_) => "text",
        Kind::List(_) => "a list",
        Kind::Object => "an object",
        Kind::Other(k) => k,
    };
    let code = if expected == "a number" { ErrorCode::NotANumber } else { ErrorCode::InvalidType };
    let subject = if name.is_empty() { SUBJECT } else { name };
    Error::new(code, name, concat(&[subject, " must be ", expected, ", not ", got]))
}

impl Field for Option<f64> {
    #[inline(never)]
    fn read<S: Source>(value: &S, name: &str) -> Result<Self> {
        match value.kind() {
            Kind::Absent => Ok(None),
            Kind::Number(v) => Ok(Some(v)),
            other => Err(wrong(name, &other, "a number")),
        }
    }
}

impl Field for f64 {
    #[inline(never)]
    fn read<S: Source>(value: &S, name: &str) -> Result<Self> {
        Option::<f64>::read(value, name)?.ok_or_else(|| missing(name))
    }
}

impl Field for Option<bool> {
    fn read<S: Source>(value: &S, name: &str) -> Result<Self> {
        match value.kind() {
            Kind::Absent => Ok(None),
            Kind::Bool(b) => Ok(Some(b)),
            other => Err(wrong(name, &other, "true or false")),
        }
    }
}

impl Field for Option<String> {
    fn read<S: Source>(value: &S, name: &str) -> Result<Self> {
        match value.kind() {
            Kind::Absent => Ok(None),
            Kind::Text(s) => Ok(Some(s.to_string())),
            other => Err(wrong(name, &other, "text")),
        }
    }
}

impl<T> Field for Option<Vec<T>>
where
    Vec<T>: Field,
{
    fn read<S: Source>(value: &S, name: &str) -> Result<Self> {
        match value.kind() {
            Kind::Absent => Ok(None),
            _ => Vec::<T>::read(value, name).map(Some),
        }
    }
}

impl Field for String {
    #[inline(never)]
    fn read<S: Source>(value: &S, name: &str) -> Result<Self> {
        match value.kind() {
            Kind::Text(s) => Ok(s.to_string()),
            other => Err(wrong(name, &other, "text")),
        }
    }
}

/// The most items a list input may hold (answers, channels, survival shares): a calculator's
/// work is proportional to it, and a million keeps every call well under a second.
pub const MAX_ITEMS: u32 = 1_000_000;

#[cold]
#[inline(never)]
fn too_many(name: &str) -> Error {
    let subject = if name.is_empty() { SUBJECT } else { name };
    Error::new(ErrorCode::OutOfRange, name, concat(&[subject, " has more than 1,000,000 entries"]))
}

impl<T: Field> Field for Vec<T> {
    fn read<S: Source>(value: &S, name: &str) -> Result<Self> {
        match value.kind() {
            Kind::List(n) if n > MAX_ITEMS => Err(too_many(name)),
            Kind::List(_) => value
                .items()
                .iter()
                .enumerate()
                .map(|(i, item)| T::read(item, name).map_err(|e| e.at(name, i)))
                .collect(),
            other => Err(wrong(name, &other, "a list")),
        }
    }
}

/// An optional nested input (`thresholds`).
impl<T: FromSource + Field> Field for Option<T> {
    fn read<S: Source>(value: &S, name: &str) -> Result<Self> {
        match value.kind() {
            Kind::Absent => Ok(None),
            _ => T::read(value, name).map(Some),
        }
    }
}

/// A nested input as a field: its errors carry the path (`parts[2].weight`).
pub fn nested<S: Source, T: FromSource>(value: &S, name: &str) -> Result<T> {
    match value.kind() {
        Kind::Object => T::from_source(value).map_err(|e| e.within(name)),
        other => Err(wrong(name, &other, "an object")),
    }
}

/// Checks that `source` is an object whose fields are all in `known`, and puts the value of
/// each into `values` (at its name's position; absent when missing).
pub fn object<S: Source>(source: &S, known: &[&str], values: &mut [S]) -> Result<()> {
    match source.kind() {
        Kind::Object => {}
        Kind::Absent => {
            return Err(Error::new(ErrorCode::Missing, "", "the calculator's inputs are missing: pass an object"))
        }
        other => return Err(wrong("", &other, "an object")),
    }
    match source.fields(known, values) {
        None => Ok(()),
        Some(key) => {
            let message = concat(&[&key, " is not a known field: expected one of ", &known.join(", ")]);
            Err(Error::new(ErrorCode::UnknownField, key, message))
        }
    }
}

/// A top-level list input (`cacByChannel([...])`, NPS answers): errors name `[i]`.
#[cfg_attr(any(feature = "analysis", feature = "retention"), allow(dead_code))] // the calculators read lists
pub fn list<S: Source, T: FromSource>(source: &S) -> Result<Vec<T>> {
    match source.kind() {
        Kind::List(n) if n > MAX_ITEMS => Err(too_many("")),
        Kind::List(_) => {
            source.items().iter().enumerate().map(|(i, item)| T::from_source(item).map_err(|e| e.at("", i))).collect()
        }
        other => Err(wrong("", &other, "a list")),
    }
}

/// Declares an input struct and its reader from one list of fields, each with the camelCase
/// name the JS API uses.
macro_rules! input {
    // `serde:` first: also Serialize and Deserialize with the `serde` feature, under the same
    // names, unknown fields an error.
    (
        serde: $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty = $key:literal, )*
        }
    ) => {
        $crate::input::input! {
            #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize), serde(deny_unknown_fields))]
            $(#[$meta])*
            pub struct $name {
                $( $(#[$fmeta])* #[cfg_attr(feature = "serde", serde(rename = $key))] pub $field : $ty = $key, )*
            }
        }
    };
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty = $key:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )*
        }

        impl $crate::input::FromSource for $name {
            fn from_source<S: $crate::input::Source>(source: &S) -> $crate::Result<Self> {
                // One pass over the object's entries puts each field's value in its place.
                let mut values = [$( { let _ = $key; source.absent() } ),*];
                $crate::input::object(source, &[$($key),*], &mut values)?;
                let [$( $field ),*] = values;
                Ok($name {
                    $( $field: <$ty as $crate::input::Field>::read(&$field, $key)?, )*
                })
            }
        }

        impl $crate::input::Field for $name {
            fn read<S: $crate::input::Source>(value: &S, name: &str) -> $crate::Result<Self> {
                $crate::input::nested(value, name)
            }
        }
    };
}
pub(crate) use input;

/// Reads inputs from `serde_json::Value`, for native tests of the same paths the wasm takes.
#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) mod json {
    use super::{Kind, Source};
    use serde_json::Value;

    impl Source for Value {
        fn kind(&self) -> Kind<'_> {
            match self {
                Value::Null => Kind::Absent,
                Value::Number(n) => Kind::Number(n.as_f64().unwrap_or(f64::NAN)),
                Value::String(s) => Kind::Text(s),
                Value::Array(a) => Kind::List(a.len() as u32),
                Value::Object(_) => Kind::Object,
                Value::Bool(b) => Kind::Bool(*b),
            }
        }
        fn absent(&self) -> Self {
            Value::Null
        }
        fn fields(&self, known: &[&str], values: &mut [Self]) -> Option<String> {
            let object = self.as_object()?;
            if let Some(key) = object.keys().find(|k| !known.contains(&k.as_str())) {
                return Some(key.clone());
            }
            for (value, name) in values.iter_mut().zip(known) {
                *value = object.get(*name).cloned().unwrap_or(Value::Null);
            }
            None
        }
        fn items(&self) -> Vec<Self> {
            self.as_array().cloned().unwrap_or_default()
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use serde_json::json;

    input! {
        /// A test input.
        pub struct Probe {
            pub rate: f64 = "rate",
            pub margin: Option<f64> = "grossMargin",
            pub inner: Option<Inner> = "inner",
        }
    }
    input! {
        pub struct Inner {
            pub name: String = "name",
            pub weights: Vec<f64> = "weights",
        }
    }

    fn read(v: serde_json::Value) -> Result<Probe> {
        Probe::from_source(&v)
    }

    #[test]
    fn reads_present_and_absent_fields() {
        let p = read(json!({"rate": 0.5, "grossMargin": null})).unwrap();
        assert_eq!(p, Probe { rate: 0.5, margin: None, inner: None });
        let p = read(json!({"rate": 1, "inner": {"name": "a", "weights": [1, 2]}})).unwrap();
        assert_eq!(p.inner.unwrap().weights, vec![1.0, 2.0]);
    }

    #[test]
    fn errors_name_the_field() {
        let e = read(json!({})).unwrap_err();
        assert_eq!((e.code, e.field.as_str()), (ErrorCode::Missing, "rate"));
        let e = read(json!({"rate": "0.5"})).unwrap_err();
        assert_eq!((e.code, e.field.as_str()), (ErrorCode::NotANumber, "rate"));
        assert_eq!(e.message, "rate must be a number, not text");
        let e = read(json!({"rate": 1, "grossMargn": 0.5})).unwrap_err();
        assert_eq!((e.code, e.field.as_str()), (ErrorCode::UnknownField, "grossMargn"));
        assert_eq!(e.message, "grossMargn is not a known field: expected one of rate, grossMargin, inner");
        let e = read(json!({"rate": 1, "inner": {"name": 3, "weights": []}})).unwrap_err();
        assert_eq!((e.code, e.field.as_str()), (ErrorCode::InvalidType, "inner.name"));
        let e = read(json!({"rate": 1, "inner": {"name": "x", "weights": [1, true]}})).unwrap_err();
        assert_eq!((e.code, e.field.as_str()), (ErrorCode::NotANumber, "inner.weights[1]"));
        let e = read(json!([1])).unwrap_err();
        assert_eq!((e.code, e.field.as_str()), (ErrorCode::InvalidType, ""));
        let e = read(serde_json::Value::Null).unwrap_err();
        assert_eq!(e.code, ErrorCode::Missing);
    }
}

/// The reader over JSON values as the JS API's objects arrive (moved here from tests/errors.rs
/// when this module became private): every input struct of the crate, read field by field.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod reader_tests {
    use std::fmt::Debug;

    use super::{FromSource, Kind, Source};
    use crate::*;
    use serde_json::{json, Value};

    include!("../tests/support/fails.rs");

    // ---------------------------------------------------------------------------------------------
    // The input reader: FromSource over JSON values.

    /// A `Source` over `serde_json::Value` (the crate's own impl is `#[cfg(test)]`-only and the
    /// orphan rule needs a local type here). Mirrors the wasm tape: `null` and missing are absent.
    #[derive(Debug, Clone)]
    struct Json(Value);

    impl Source for Json {
        fn kind(&self) -> Kind<'_> {
            match &self.0 {
                Value::Null => Kind::Absent,
                Value::Number(n) => Kind::Number(n.as_f64().unwrap_or(f64::NAN)),
                Value::String(s) => Kind::Text(s),
                Value::Array(a) => Kind::List(a.len() as u32),
                Value::Object(_) => Kind::Object,
                Value::Bool(_) => Kind::Other("a boolean"),
            }
        }
        fn absent(&self) -> Self {
            Json(Value::Null)
        }
        fn fields(&self, known: &[&str], values: &mut [Self]) -> Option<String> {
            let object = self.0.as_object()?;
            if let Some(key) = object.keys().find(|k| !known.contains(&k.as_str())) {
                return Some(key.clone());
            }
            for (value, name) in values.iter_mut().zip(known) {
                *value = Json(object.get(*name).cloned().unwrap_or(Value::Null));
            }
            None
        }
        fn items(&self) -> Vec<Self> {
            self.0.as_array().map(|a| a.iter().cloned().map(Json).collect()).unwrap_or_default()
        }
    }

    fn read<T: FromSource>(v: Value) -> Result<T> {
        T::from_source(&Json(v))
    }

    #[test]
    fn reader_reads_a_full_input() {
        let i: SubscriptionInput = read(json!({
            "arpa": 100, "churnRate": 0.05, "grossMargin": 0.8,
            "expansionRate": null, "discountRate": 0.01, "horizon": 24
        }))
        .unwrap();
        assert_eq!(
            i,
            SubscriptionInput {
                arpa: 100.0,
                churn_rate: 0.05,
                gross_margin: Some(0.8),
                expansion_rate: None,
                discount_rate: Some(0.01),
                horizon: Some(24.0),
            }
        );
        // read, then computed: docs/FORMULAS.md 3 example (1,600 with margin 0.8, open horizon)
        let i: SubscriptionInput = read(json!({"arpa": 100, "churnRate": 0.05, "grossMargin": 0.8})).unwrap();
        assert!((clv_subscription(&i).unwrap().clv - 1600.0).abs() < 1e-9);

        let h: HealthInput = read(json!({
            "parts": [{"name": "usage", "weight": 2, "score": 90},
                      {"name": "nps", "weight": 1, "score": 60}],
            "thresholds": {"healthy": 85}
        }))
        .unwrap();
        assert_eq!(h.parts.len(), 2);
        assert_eq!(h.parts[1].name, "nps");
        assert_eq!(h.thresholds.as_ref().unwrap().healthy, Some(85.0));
        assert_eq!(h.thresholds.as_ref().unwrap().neutral, None);
        // (2 × 90 + 60) / 3 = 80: below the custom healthy threshold 85
        let r = health_score(&h).unwrap();
        assert_eq!(r.tier, HealthTier::Neutral);

        let t: TcvInput = read(json!({"arpa": 1, "churnRate": 0.5, "serviceCost": 2})).unwrap();
        assert_eq!(t.service_cost, Some(2.0));
        assert_eq!(t.dunning_cost, None);
    }

    #[test]
    fn reader_missing_required_fields() {
        use ErrorCode::*;
        fails(read::<SubscriptionInput>(json!({"arpa": 100})), Missing, "churnRate");
        fails(read::<SubscriptionInput>(json!({"churnRate": 0.05})), Missing, "arpa");
        // null is absent
        fails(read::<SubscriptionInput>(json!({"arpa": null, "churnRate": 0.05})), Missing, "arpa");
        fails(read::<CacInput>(json!({"spend": 10})), Missing, "newCustomers");
        fails(read::<SimpleInput>(json!({"periods": 10})), Missing, "revenuePerPeriod");
        fails(read::<PurchaseInput>(json!({"averageOrderValue": 1, "purchasesPerYear": 2})), Missing, "retentionYears");
        fails(read::<OrderMetricsInput>(json!({"totalRevenue": 1, "numberOfOrders": 2})), Missing, "uniqueCustomers");
        fails(read::<RetentionInput>(json!({"margin": 1, "retentionRate": 0.5})), Missing, "discountRate");
        fails(read::<LtvCacInput>(json!({"clv": 1})), Missing, "cac");
        fails(read::<PaybackInput>(json!({"cac": 1})), Missing, "arpa");
        fails(read::<TcvInput>(json!({"arpa": 1})), Missing, "churnRate");
        fails(read::<RetentionImpactInput>(json!({"churnRate": 0.1})), Missing, "arpa");
        fails(read::<NpsInput>(json!({"promoters": 1, "passives": 2})), Missing, "detractors");
        fails(read::<HealthInput>(json!({})), Missing, "parts");
        fails(read::<ChannelInput>(json!({"channel": "a", "spend": 1})), Missing, "newCustomers");
        // the whole input absent
        let e = read::<CacInput>(Value::Null).unwrap_err();
        assert_eq!(e.code, Missing);
        assert!(!e.message.is_empty());
    }

    #[test]
    fn reader_wrong_kinds() {
        use ErrorCode::*;
        // a string where a number is expected
        let e = read::<SubscriptionInput>(json!({"arpa": "100", "churnRate": 0.05})).unwrap_err();
        assert_eq!((e.code, e.field.as_str()), (NotANumber, "arpa"));
        assert_eq!(e.message, "arpa must be a number, not text");
        fails(read::<SubscriptionInput>(json!({"arpa": 100, "churnRate": 0.05, "horizon": "24"})), NotANumber, "horizon");
        fails(read::<CacInput>(json!({"spend": true, "newCustomers": 1})), NotANumber, "spend");
        fails(read::<CacInput>(json!({"spend": [1], "newCustomers": 1})), NotANumber, "spend");
        fails(read::<CacInput>(json!({"spend": {"v": 1}, "newCustomers": 1})), NotANumber, "spend");
        // a number where text is expected
        fails(read::<ChannelInput>(json!({"channel": 3, "spend": 1, "newCustomers": 1})), InvalidType, "channel");
        // a list that is not a list, an object that is not an object
        fails(read::<HealthInput>(json!({"parts": 3})), InvalidType, "parts");
        fails(read::<HealthInput>(json!({"parts": [], "thresholds": 80})), InvalidType, "thresholds");
        fails(read::<HealthInput>(json!({"parts": ["usage"]})), InvalidType, "parts[0]");
        // the input itself is not an object
        let e = read::<CacInput>(json!([1, 2])).unwrap_err();
        assert_eq!((e.code, e.field.as_str()), (InvalidType, ""));
        assert!(!e.message.is_empty());
    }

    #[test]
    fn reader_unknown_fields() {
        use ErrorCode::*;
        let e = read::<SubscriptionInput>(json!({"arpa": 100, "churnRate": 0.05, "grossMargn": 0.8})).unwrap_err();
        assert_eq!((e.code, e.field.as_str()), (UnknownField, "grossMargn"));
        assert!(e.message.contains("grossMargn"));
        assert!(e.message.contains("grossMargin"), "lists the known fields: {}", e.message);
        fails(
            read::<PurchaseInput>(json!({
                "averageOrderValue": 1, "purchasesPerYear": 2, "retentionYears": 3,
                "acquisitonCost": 5
            })),
            UnknownField,
            "acquisitonCost",
        );
        fails(read::<TcvInput>(json!({"arpa": 1, "churnRate": 0.1, "serviceCosts": 5})), UnknownField, "serviceCosts");
        // snake_case is not the JS name
        fails(read::<CacInput>(json!({"spend": 1, "new_customers": 1})), UnknownField, "new_customers");
        // inside nested objects, with the path
        fails(
            read::<HealthInput>(json!({
                "parts": [{"name": "a", "weight": 1, "score": 1},
                          {"name": "b", "wieght": 1, "score": 1}]
            })),
            UnknownField,
            "parts[1].wieght",
        );
        fails(
            read::<HealthInput>(json!({
                "parts": [{"name": "a", "weight": 1, "score": 1}],
                "thresholds": {"helthy": 90}
            })),
            UnknownField,
            "thresholds.helthy",
        );
    }

    #[test]
    fn reader_nested_paths_for_health_parts() {
        use ErrorCode::*;
        let parts = |second: Value| {
            read::<HealthInput>(json!({
                "parts": [{"name": "usage", "weight": 1, "score": 80}, second]
            }))
        };
        fails(parts(json!({"name": "b", "weight": "heavy", "score": 1})), NotANumber, "parts[1].weight");
        fails(parts(json!({"name": "b", "score": 1})), Missing, "parts[1].weight");
        fails(parts(json!({"name": "b", "weight": 1})), Missing, "parts[1].score");
        fails(parts(json!({"weight": 1, "score": 1})), Missing, "parts[1].name");
        fails(parts(json!({"name": false, "weight": 1, "score": 1})), InvalidType, "parts[1].name");
        let e = parts(json!({"name": "b", "weight": "heavy", "score": 1})).unwrap_err();
        assert_eq!(e.message, "parts[1].weight must be a number, not text");
        fails(read::<HealthInput>(json!({"parts": [], "thresholds": {"atRisk": "low"}})), NotANumber, "thresholds.atRisk");
        // read fine, then rejected by the calculator with the same path
        let h: HealthInput = read(json!({
            "parts": [{"name": "a", "weight": 1, "score": 50}, {"name": "b", "weight": -2, "score": 50}]
        }))
        .unwrap();
        fails(health_score(&h), OutOfRange, "parts[1].weight");
    }

    #[test]
    fn reader_top_level_lists() {
        use ErrorCode::*;
        let channels = |third: Value| {
            crate::input::list::<_, ChannelInput>(&Json(json!([
                {"channel": "Search", "spend": 1000, "newCustomers": 10, "clv": 900},
                {"channel": "Social", "spend": 500, "newCustomers": 5},
                third
            ])))
        };
        let ok = channels(json!({"channel": "Events", "spend": 900, "newCustomers": 3})).unwrap();
        assert_eq!(ok.len(), 3);
        assert_eq!(ok[0].clv, Some(900.0));
        assert_eq!(ok[1].clv, None);
        assert_eq!(ok[2].channel, "Events");

        fails(channels(json!({"channel": "Events", "spend": "900", "newCustomers": 3})), NotANumber, "[2].spend");
        fails(channels(json!({"channel": "Events", "newCustomers": 3})), Missing, "[2].spend");
        fails(channels(json!({"channel": "Events", "spend": 9, "newCustomers": 3, "cvl": 1})), UnknownField, "[2].cvl");
        fails(channels(json!(7)), InvalidType, "[2]");
        // read fine, then rejected by the calculator with the same path
        let list = channels(json!({"channel": "Events", "spend": -900, "newCustomers": 3})).unwrap();
        fails(cac_by_channel(&list), OutOfRange, "[2].spend");
        let list = channels(json!({"channel": "Events", "spend": 900, "newCustomers": 0})).unwrap();
        fails(cac_by_channel(&list), OutOfRange, "[2].newCustomers");
        // not a list at all
        let e = crate::input::list::<_, ChannelInput>(&Json(json!({"channel": "x"}))).unwrap_err();
        assert_eq!((e.code, e.field.as_str()), (InvalidType, ""));
        // an empty list reads, and the calculator says Empty
        let empty = crate::input::list::<_, ChannelInput>(&Json(json!([]))).unwrap();
        fails(cac_by_channel(&empty), Empty, "");
    }

}
