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
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// `undefined`, `null` or absent.
    Absent,
    /// A number, possibly NaN or infinite (the rules reject those with the field's name).
    Number(f64),
    Bool(bool),
    Text(String),
    /// An array of this many items.
    List(u32),
    /// A plain object with named fields.
    Object,
    /// Anything else (a boolean, a function, a bigint ...), by its kind's name.
    Other(&'static str),
}

/// A dynamic value to read inputs from.
pub trait Source: Sized {
    fn kind(&self) -> Kind;
    /// The value of an object's field (absent when missing).
    fn field(&self, name: &'static str) -> Self;
    /// The items of a list, in order.
    fn items(&self) -> Vec<Self>;
    /// The first of an object's own field names that is not in `known`.
    fn unknown_field(&self, known: &[&str]) -> Option<String>;
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
fn wrong(name: &str, kind: &Kind, expected: &str) -> Error {
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
            Kind::Text(s) => Ok(Some(s)),
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
            Kind::Text(s) => Ok(s),
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

/// Checks that `source` is an object whose fields are all in `known`.
pub fn object<S: Source>(source: &S, known: &[&str]) -> Result<()> {
    match source.kind() {
        Kind::Object => {}
        Kind::Absent => {
            return Err(Error::new(ErrorCode::Missing, "", "the calculator's inputs are missing: pass an object"))
        }
        other => return Err(wrong("", &other, "an object")),
    }
    match source.unknown_field(known) {
        None => Ok(()),
        Some(key) => {
            let message = concat(&[&key, " is not a known field: expected one of ", &known.join(", ")]);
            Err(Error::new(ErrorCode::UnknownField, key, message))
        }
    }
}

/// A top-level list input (`cacByChannel([...])`, NPS answers): errors name `[i]`.
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
                $crate::input::object(source, &[$($key),*])?;
                Ok($name {
                    $( $field: <$ty as $crate::input::Field>::read(&source.field($key), $key)?, )*
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
        fn kind(&self) -> Kind {
            match self {
                Value::Null => Kind::Absent,
                Value::Number(n) => Kind::Number(n.as_f64().unwrap_or(f64::NAN)),
                Value::String(s) => Kind::Text(s.clone()),
                Value::Array(a) => Kind::List(a.len() as u32),
                Value::Object(_) => Kind::Object,
                Value::Bool(b) => Kind::Bool(*b),
            }
        }
        fn field(&self, name: &'static str) -> Self {
            self.get(name).cloned().unwrap_or(Value::Null)
        }
        fn items(&self) -> Vec<Self> {
            self.as_array().cloned().unwrap_or_default()
        }
        fn unknown_field(&self, known: &[&str]) -> Option<String> {
            self.as_object()?.keys().find(|k| !known.contains(&k.as_str())).cloned()
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
