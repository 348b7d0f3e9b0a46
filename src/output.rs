//! Writing results field by field to a target (in `src/wasm.rs`, a tape in linear memory that
//! the JS package turns into plain objects): the mirror of [`crate::input`]. Field names are
//! the camelCase names of the JS API; absent values are written as `null`.

/// A target for results. Nested objects and lists are opened and closed around their fields.
pub trait Writer {
    fn number(&mut self, key: &'static str, value: f64);
    fn null(&mut self, key: &'static str);
    fn text(&mut self, key: &'static str, value: &str);
    /// Text from a fixed set (an enum's name).
    fn label(&mut self, key: &'static str, value: &'static str);
    fn numbers(&mut self, key: &'static str, values: &[f64]);
    fn boolean(&mut self, key: &'static str, value: bool);
    /// A list of texts (customer ids ...).
    fn texts(&mut self, key: &'static str, values: &[String]);
    /// Opens an object under `key`; fields written until [`Writer::close`] go into it.
    fn open_object(&mut self, key: &'static str);
    /// Opens a list under `key`; each [`Writer::open_item`] adds an object to it.
    fn open_list(&mut self, key: &'static str);
    fn open_item(&mut self);
    fn close(&mut self);
}

/// A result that can be written field by field.
pub trait ToOutput {
    fn write<W: Writer>(&self, w: &mut W);
}

/// A field type of a result.
pub trait Put {
    fn put<W: Writer>(&self, key: &'static str, w: &mut W);
}

impl Put for f64 {
    fn put<W: Writer>(&self, key: &'static str, w: &mut W) {
        w.number(key, *self)
    }
}

impl Put for u32 {
    fn put<W: Writer>(&self, key: &'static str, w: &mut W) {
        w.number(key, *self as f64)
    }
}

impl Put for String {
    fn put<W: Writer>(&self, key: &'static str, w: &mut W) {
        w.text(key, self)
    }
}

impl Put for bool {
    fn put<W: Writer>(&self, key: &'static str, w: &mut W) {
        w.boolean(key, *self)
    }
}

impl Put for Vec<String> {
    fn put<W: Writer>(&self, key: &'static str, w: &mut W) {
        w.texts(key, self)
    }
}

impl Put for Vec<f64> {
    fn put<W: Writer>(&self, key: &'static str, w: &mut W) {
        w.numbers(key, self)
    }
}

impl<T: Put> Put for Option<T> {
    fn put<W: Writer>(&self, key: &'static str, w: &mut W) {
        match self {
            Some(v) => v.put(key, w),
            None => w.null(key),
        }
    }
}

/// A list of result objects.
impl<T: ToOutput> Put for Vec<T> {
    fn put<W: Writer>(&self, key: &'static str, w: &mut W) {
        w.open_list(key);
        for item in self {
            w.open_item();
            item.write(w);
            w.close();
        }
        w.close();
    }
}

/// Declares a result struct and its writer from one list of fields, each with the camelCase
/// name the JS API uses.
macro_rules! output {
    // `serde:` first: also Serialize and Deserialize with the `serde` feature, same names.
    (
        serde: $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty = $key:literal, )*
        }
    ) => {
        $crate::output::output! {
            #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
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
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: $ty, )*
        }

        impl $crate::output::ToOutput for $name {
            fn write<W: $crate::output::Writer>(&self, w: &mut W) {
                $( $crate::output::Put::put(&self.$field, $key, w); )*
            }
        }

        impl $crate::output::Put for $name {
            fn put<W: $crate::output::Writer>(&self, key: &'static str, w: &mut W) {
                w.open_object(key);
                $crate::output::ToOutput::write(self, w);
                w.close();
            }
        }
    };
}
pub(crate) use output;

/// Declares an enum written as one of a fixed set of strings.
macro_rules! text_enum {
    (
        serde: $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )* }
    ) => {
        $crate::output::text_enum! {
            #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
            $(#[$meta])*
            pub enum $name { $( $(#[$vmeta])* #[cfg_attr(feature = "serde", serde(rename = $text))] $variant = $text, )* }
        }
    };
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $text:literal, )* }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum $name { $( $(#[$vmeta])* $variant, )* }

        impl $name {
            /// The name the JS API uses.
            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $text, )* }
            }
        }

        impl $crate::output::Put for $name {
            fn put<W: $crate::output::Writer>(&self, key: &'static str, w: &mut W) {
                w.label(key, self.as_str())
            }
        }
    };
}
pub(crate) use text_enum;

/// serde for a fit's named numbers ([`crate::models::api::Named`], in the `serde` feature): an
/// object of the parameters by name, `{"r": 0.24, "alpha": 4.41, ...}`, as the JS API writes
/// it. The names are the models' parameter names; any other is an error.
#[cfg(feature = "serde")]
mod named_serde {
    use crate::models::api::Named;
    use serde::de::{Error as _, MapAccess, Visitor};
    use serde::ser::SerializeMap;

    /// Every model's parameter names (BG/NBD, Pareto/NBD, Gamma-Gamma, sBG), in an order
    /// that is each model's own order too: read back, the parameters are put in it (a JSON
    /// object's keys may come in any order).
    const NAMES: [&str; 9] = ["r", "alpha", "a", "b", "s", "beta", "p", "q", "v"];

    impl serde::Serialize for Named {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(Some(self.0.len()))?;
            for (name, value) in &self.0 {
                map.serialize_entry(name, value)?;
            }
            map.end()
        }
    }

    impl<'de> serde::Deserialize<'de> for Named {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Names;
            impl<'de> Visitor<'de> for Names {
                type Value = Named;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("an object of model parameters by name (r, alpha, a, b, s, beta, p, q, v)")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Named, A::Error> {
                    let mut named: Vec<(usize, f64)> = Vec::new();
                    while let Some(name) = map.next_key::<String>()? {
                        let Some(i) = NAMES.iter().position(|n| *n == name) else {
                            return Err(A::Error::unknown_field(&name, &NAMES));
                        };
                        if named.iter().any(|(j, _)| *j == i) {
                            return Err(A::Error::custom(format_args!("duplicate parameter `{name}`")));
                        }
                        named.push((i, map.next_value::<f64>()?));
                    }
                    named.sort_by_key(|(i, _)| *i);
                    Ok(Named(named.into_iter().map(|(i, v)| (NAMES[i], v)).collect()))
                }
            }
            deserializer.deserialize_map(Names)
        }
    }
}
