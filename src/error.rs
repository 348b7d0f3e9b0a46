//! The one error type of the crate: a stable machine-readable [`ErrorCode`], the offending
//! input `field` (a path such as `churnRate` or `parts[2].weight`, in the camelCase names
//! the JS API uses) and an English message. The JS package turns it into `KundenwertError`;
//! the web components localise it from `code` and `field`.
//!
//! Messages never format numbers with `core::fmt` (float formatting alone is several KB of
//! wasm): the field and the rule are enough to act on.

use std::fmt;

/// What went wrong, as a stable code ([`ErrorCode::as_str`] gives its JS name, e.g. `not_a_number`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// A required field is absent, `null` or `undefined`.
    Missing,
    /// A number field holds NaN, ±Infinity or something that is not a number.
    NotANumber,
    /// A count or period number is not a whole number.
    NotAnInteger,
    /// A number outside the field's range (negative money, a rate above 1, zero customers ...).
    OutOfRange,
    /// The inputs describe an infinite value (an open horizon where value never declines).
    Diverges,
    /// A list that needs at least one entry is empty (or sums to nothing).
    Empty,
    /// A field has the wrong kind of value (a number where text is expected, and so on).
    InvalidType,
    /// A field the function does not know: almost always a typo that would otherwise be
    /// silently ignored and give a wrong number.
    UnknownField,
    /// A model's fit did not converge (or the data cannot identify its parameters).
    NoConvergence,
}

impl ErrorCode {
    /// The code as the JS API names it (`KundenwertError.code`): `missing`, `not_a_number`,
    /// `not_an_integer`, `out_of_range`, `diverges`, `empty`, `invalid_type`, `unknown_field`
    /// or `no_convergence`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Missing => "missing",
            ErrorCode::NotANumber => "not_a_number",
            ErrorCode::NotAnInteger => "not_an_integer",
            ErrorCode::OutOfRange => "out_of_range",
            ErrorCode::Diverges => "diverges",
            ErrorCode::Empty => "empty",
            ErrorCode::InvalidType => "invalid_type",
            ErrorCode::UnknownField => "unknown_field",
            ErrorCode::NoConvergence => "no_convergence",
        }
    }
}

/// An input error: which field, what rule, in words. Boxed, so that a `Result` carrying it
/// is one word wide: every `?` in the crate moves a pointer, not three fields (this alone
/// keeps kilobytes out of the wasm).
#[derive(Debug, Clone, PartialEq)]
pub struct Error(Box<Details>);

/// The fields of an [`Error`] (reached through it: `error.code`).
#[derive(Debug, Clone, PartialEq)]
pub struct Details {
    /// What kind of error it is.
    pub code: ErrorCode,
    /// The input field at fault as the JS API names it, with its path into nested inputs
    /// (`churnRate`, `parts[2].weight`, `[0].spend`, `recency[3]`); empty when the error is
    /// about the whole input (no object given, a list that is empty).
    pub field: String,
    /// One English sentence for a person: the field, the rule it broke and, where it helps,
    /// what to do (`churnRate must be a fraction between 0 and 1 (5 % is 0.05)`).
    pub message: String,
}

impl std::ops::Deref for Error {
    type Target = Details;
    fn deref(&self) -> &Details {
        &self.0
    }
}

impl Error {
    /// An error of kind `code` about `field` (its JS API name and path, empty for the whole
    /// input), with a `message` that names the field.
    #[cold]
    pub fn new(code: ErrorCode, field: impl Into<String>, message: impl Into<String>) -> Self {
        Error(Box::new(Details { code, field: field.into(), message: message.into() }))
    }

    /// The same error with its field placed under `prefix` (`weight` -> `parts[2].weight`,
    /// `spend` -> `[0].spend`); a message that starts with the field name follows.
    pub fn within(self, prefix: &str) -> Self {
        let field = &self.0.field;
        let joined = if field.is_empty() || field.starts_with('[') {
            concat(&[prefix, field])
        } else {
            concat(&[prefix, ".", field])
        };
        self.renamed(joined)
    }

    /// The same error about item `index` of the list its field names (`weights` ->
    /// `weights[3]`, `parts.weight` -> `parts[3].weight` for a list named `parts`).
    pub fn at(self, list: &str, index: usize) -> Self {
        let field = &self.0.field;
        let rest = field.strip_prefix(list).unwrap_or(field);
        let dot = if rest.is_empty() || rest.starts_with(['.', '[']) { "" } else { "." };
        let renamed = concat(&[list, "[", &index.to_string_fast(), "]", dot, rest]);
        self.renamed(renamed)
    }

    fn renamed(mut self, field: String) -> Self {
        let details = &mut *self.0;
        let old = if details.field.is_empty() { SUBJECT } else { details.field.as_str() };
        if let Some(rest) = details.message.strip_prefix(old) {
            details.message = concat(&[&field, rest]);
        }
        details.field = field;
        self
    }
}

/// How a message names an input that has no field name (a top-level list item, say).
pub(crate) const SUBJECT: &str = "the input";

/// Joins pieces of text. Used instead of `format!` throughout: `core::fmt` costs kilobytes of
/// wasm.
pub(crate) fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

/// Decimal digits of a list index, without `core::fmt`.
pub(crate) trait Digits {
    fn to_string_fast(self) -> String;
}

impl Digits for usize {
    fn to_string_fast(self) -> String {
        let mut digits = Vec::new();
        let mut n = self;
        loop {
            digits.push(b'0' + (n % 10) as u8);
            n /= 10;
            if n == 0 {
                break;
            }
        }
        digits.reverse();
        String::from_utf8(digits).unwrap_or_default()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// What every function of the crate returns: its result, or the [`Error`] that names the
/// field at fault.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_into_messages() {
        let e = Error::new(ErrorCode::OutOfRange, "weight", "weight must not be negative");
        let e = e.within("parts").at("parts", 12);
        assert_eq!(e.field, "parts[12].weight");
        assert_eq!(e.message, "parts[12].weight must not be negative");
        let e = Error::new(ErrorCode::Missing, "spend", "spend is required").within("[0]");
        assert_eq!((e.field.as_str(), e.message.as_str()), ("[0].spend", "[0].spend is required"));
        let e = Error::new(ErrorCode::NotANumber, "", "the input must be a number").at("", 3);
        assert_eq!((e.field.as_str(), e.message.as_str()), ("[3]", "[3] must be a number"));
        let e = Error::new(ErrorCode::OutOfRange, "spend", "spend must not be negative").at("", 1);
        assert_eq!((e.field.as_str(), e.message.as_str()), ("[1].spend", "[1].spend must not be negative"));
        assert_eq!(0usize.to_string_fast(), "0");
        assert_eq!(907usize.to_string_fast(), "907");
        assert_eq!(e.to_string(), e.message);
    }
}
