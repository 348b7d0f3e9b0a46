//! A geometric stream of per-period values, `first × factor^t` for t = 0, 1, ...: the shape
//! of subscription CLV, of survival-weighted costs and of payback (docs/FORMULAS.md 3, 7, 8).

use crate::error::{concat, Error, ErrorCode, Result};

/// The longest horizon a calculator accepts: 100 years of months.
pub const MAX_HORIZON: u32 = 1200;
/// An open horizon's chart runs until this share of the total is reached ...
const CHART_SHARE: f64 = 0.995;
/// ... within these bounds (periods).
const CHART_MIN: usize = 12;
const CHART_MAX: usize = 600;

#[derive(Debug, Clone, Copy)]
pub(crate) struct Stream {
    /// Value of the first period (t = 0).
    pub first: f64,
    /// Ratio of each period's value to the previous one's; never negative.
    pub factor: f64,
    /// `1 − factor`, computed by the caller without cancellation where it can.
    pub rest: f64,
    /// Number of periods, or None for an open horizon.
    pub horizon: Option<u32>,
}

impl Stream {
    /// `rest` is `1 − factor` as the caller computes it best; it is kept at most 1 (factor
    /// is never negative), where rounding could push it a hair above.
    pub fn new(first: f64, factor: f64, rest: f64, horizon: Option<u32>) -> Self {
        Stream { first, factor, rest: rest.min(1.0), horizon }
    }

    /// `Σ_{t<H} first × factor^t`; for an open horizon `first / (1 − factor)`, which needs
    /// `factor < 1`: else a `diverges` error on `field` with `message`.
    pub fn total(&self, field: &str, message: &str) -> Result<f64> {
        let total = match self.horizon {
            _ if self.first == 0.0 => 0.0,
            Some(h) => self.first * self.partial_sum(h as f64),
            None if self.rest > 0.0 => self.first / self.rest,
            None => return Err(crate::check::diverges(field, message)),
        };
        Self::guard(field, total)
    }

    /// `Σ_{t<n} f^t = (1 − f^n) / (1 − f)`, computed without cancellation near f = 1.
    pub fn partial_sum(&self, n: f64) -> f64 {
        if self.rest == 0.0 {
            n
        } else {
            -(n * (-self.rest).ln_1p()).exp_m1() / self.rest
        }
    }

    /// How many periods a chart of this stream shows.
    pub fn chart_len(&self) -> usize {
        match self.horizon {
            Some(h) => h as usize,
            None if self.factor <= 0.0 => CHART_MIN,
            None => {
                // ln(factor) from `rest`: exact even when factor rounds to 1.
                let n = ((1.0 - CHART_SHARE).ln() / (-self.rest).ln_1p()).ceil();
                (n.min(CHART_MAX as f64) as usize).clamp(CHART_MIN, CHART_MAX)
            }
        }
    }

    /// A computed figure, or an `out_of_range` error on `field` when the inputs are so
    /// extreme that it is not a finite number.
    pub fn guard(field: &str, v: f64) -> Result<f64> {
        if v.is_finite() {
            Ok(v)
        } else {
            Err(Error::new(
                ErrorCode::OutOfRange,
                field,
                concat(&[field, " is too large: the result cannot be computed"]),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_match_the_closed_forms() {
        let s = Stream::new(100.0, 0.95, 0.05, None);
        assert_eq!(s.total("x", "").unwrap(), 2000.0);
        let h = Stream { horizon: Some(3), ..s };
        assert!((h.total("x", "").unwrap() - (100.0 + 95.0 + 90.25)).abs() < 1e-9);
        let flat = Stream::new(100.0, 1.0, 0.0, Some(24));
        assert_eq!(flat.total("x", "").unwrap(), 2400.0);
        let open_flat = Stream::new(100.0, 1.0, 0.0, None);
        assert_eq!(open_flat.total("churnRate", "m").unwrap_err().code, ErrorCode::Diverges);
        assert_eq!(Stream { first: 0.0, ..open_flat }.total("x", "").unwrap(), 0.0);
    }

    #[test]
    fn chart_length_is_bounded() {
        let s = Stream::new(1.0, 0.95, 0.05, None);
        assert_eq!(s.chart_len(), 104); // 0.95^104 < 0.005 < 0.95^103
        assert_eq!(Stream::new(1.0, 0.0, 1.0, None).chart_len(), 12);
        assert_eq!(Stream::new(1.0, 0.999999, 1e-6, None).chart_len(), 600);
        assert_eq!(Stream { horizon: Some(36), ..s }.chart_len(), 36);
    }
}
