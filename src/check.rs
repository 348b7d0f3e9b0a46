//! Input rules shared by every calculator. Each returns the value when it obeys the rule,
//! else an [`Error`] naming the field. Units: money in the currency's major unit, rates as
//! fractions (0.05 = 5 %), periods as counts of the input's period (a month by default).

use crate::error::{concat, Error, ErrorCode, Result};

// The rules are not inlined and their errors are cold: each call site stays one call, which
// keeps the wasm small (every input field of every calculator goes through here).
#[cold]
#[inline(never)]
fn err(code: ErrorCode, field: &str, rule: &str) -> Error {
    Error::new(code, field, concat(&[field, " ", rule]))
}

/// Any finite number (rejects NaN and ±Infinity).
#[inline(never)]
pub(crate) fn finite(field: &str, v: f64) -> Result<f64> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(err(ErrorCode::NotANumber, field, "must be a finite number"))
    }
}

/// A finite number in `lo ..= hi`; `rule` words the range for the message.
#[inline(never)]
pub(crate) fn between(field: &str, v: f64, lo: f64, hi: f64, rule: &str) -> Result<f64> {
    let v = finite(field, v)?;
    if v < lo || v > hi {
        return Err(err(ErrorCode::OutOfRange, field, rule));
    }
    Ok(v)
}

/// The largest amount of money a calculator accepts: 10^15 (a quadrillion). Bounding inputs
/// keeps every product and sum the formulas form far from overflow.
pub const MAX_AMOUNT: f64 = 1e15;
/// The largest count (customers, orders, answers) a calculator accepts: 10^12.
pub const MAX_COUNT: f64 = 1e12;

/// Money or another amount: from 0 to [`MAX_AMOUNT`].
#[inline(never)]
pub(crate) fn amount(field: &str, v: f64) -> Result<f64> {
    let v = between(field, v, 0.0, f64::INFINITY, "must not be negative")?;
    between(field, v, 0.0, MAX_AMOUNT, "must be at most 10^15")
}

/// A strictly positive amount (a divisor such as CAC).
#[inline(never)]
pub(crate) fn positive(field: &str, v: f64) -> Result<f64> {
    let v = amount(field, v)?;
    if v == 0.0 {
        return Err(err(ErrorCode::OutOfRange, field, "must be greater than 0"));
    }
    Ok(v)
}

/// A rate or share as a fraction from 0 to 1.
#[inline(never)]
pub(crate) fn fraction(field: &str, v: f64) -> Result<f64> {
    between(field, v, 0.0, 1.0, "must be a fraction between 0 and 1 (5 % is 0.05)")
}

/// A whole number from `min` to [`MAX_COUNT`] (customers, responses, periods); `rule` words
/// the lower bound.
#[inline(never)]
pub(crate) fn whole(field: &str, v: f64, min: f64, rule: &str) -> Result<f64> {
    let v = finite(field, v)?;
    if v.fract() != 0.0 {
        return Err(err(ErrorCode::NotAnInteger, field, "must be a whole number"));
    }
    if v < min {
        return Err(err(ErrorCode::OutOfRange, field, rule));
    }
    between(field, v, min, MAX_COUNT, "must be at most 10^12")
}

/// An optional field checked by `rule`, or its default when absent.
pub(crate) fn or<F>(v: Option<f64>, default: f64, rule: F) -> Result<f64>
where
    F: FnOnce(f64) -> Result<f64>,
{
    match v {
        Some(v) => rule(v),
        None => Ok(default),
    }
}

/// The error for inputs that describe an infinite value.
pub(crate) fn diverges(field: &str, message: &str) -> Error {
    Error::new(ErrorCode::Diverges, field, message)
}

/// The error for a list that must not be empty.
pub(crate) fn empty(field: &str, message: &str) -> Error {
    Error::new(ErrorCode::Empty, field, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_name_the_field_and_code() {
        assert_eq!(finite("arpa", f64::NAN).unwrap_err().code, ErrorCode::NotANumber);
        assert_eq!(finite("arpa", f64::INFINITY).unwrap_err().field, "arpa");
        assert_eq!(amount("spend", -1.0).unwrap_err().code, ErrorCode::OutOfRange);
        assert_eq!(positive("cac", 0.0).unwrap_err().message, "cac must be greater than 0");
        assert_eq!(fraction("churnRate", 1.5).unwrap_err().code, ErrorCode::OutOfRange);
        assert_eq!(whole("newCustomers", 2.5, 1.0, "").unwrap_err().code, ErrorCode::NotAnInteger);
        assert_eq!(or(None, 1.0, |v| fraction("grossMargin", v)).unwrap(), 1.0);
        assert!(or(Some(2.0), 1.0, |v| fraction("grossMargin", v)).is_err());
        assert_eq!(amount("x", 0.0).unwrap(), 0.0);
    }
}
