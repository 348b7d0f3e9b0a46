//! The per-customer inputs of the models (docs/FORMULAS.md 14): checked, and grouped into distinct
//! rows with their counts (many customers share a history; the likelihood of a row is
//! computed once), sorted by frequency so that terms depending only on the frequency are
//! computed once per distinct frequency.

use crate::error::{concat, Digits, Error, ErrorCode, Result};

/// Frequency, recency and T of each customer, checked: x a whole number ≥ 0, 0 ≤ t_x ≤ T,
/// T > 0, t_x = 0 when x = 0.
pub fn check(frequency: &[f64], recency: &[f64], t: &[f64]) -> Result<()> {
    if frequency.len() != recency.len() || frequency.len() != t.len() {
        return Err(Error::new(
            ErrorCode::InvalidType,
            "recency",
            "frequency, recency and T must have one entry per customer each",
        ));
    }
    if frequency.is_empty() {
        return Err(Error::new(ErrorCode::Empty, "frequency", "frequency has no customers"));
    }
    for i in 0..frequency.len() {
        let (x, tx, tt) = (frequency[i], recency[i], t[i]);
        let at = |field: &str, rule: &str| {
            let name = concat(&[field, "[", &i.to_string_fast(), "]"]);
            let code = if x.is_finite() && tx.is_finite() && tt.is_finite() {
                ErrorCode::OutOfRange
            } else {
                ErrorCode::NotANumber
            };
            Error::new(code, name.clone(), concat(&[&name, " ", rule]))
        };
        if !(x.is_finite() && x >= 0.0 && x.fract() == 0.0 && x < 1e9) {
            return Err(at("frequency", "must be a whole number of repeat purchases, 0 or more"));
        }
        if !(tt.is_finite() && tt > 0.0 && tt < 1e9) {
            return Err(at("T", "must be greater than 0: the time from the first purchase to the end"));
        }
        if !(tx.is_finite() && tx >= 0.0 && tx <= tt) {
            return Err(at("recency", "must be from 0 to T"));
        }
        if x == 0.0 && tx != 0.0 {
            return Err(at("recency", "must be 0 for a customer without repeat purchases"));
        }
    }
    Ok(())
}

/// Distinct (x, t_x, T) rows with how many customers have each, sorted by x.
#[derive(Debug, Clone, PartialEq)]
pub struct Grouped {
    /// (x, first row, one past the last row) for each distinct frequency.
    pub frequencies: Vec<(f64, usize, usize)>,
    /// (t_x, T, count) rows.
    pub rows: Vec<(f64, f64, f64)>,
    pub customers: f64,
}

pub fn group(frequency: &[f64], recency: &[f64], t: &[f64]) -> Grouped {
    let mut keys: Vec<(u64, u64, u64)> =
        (0..frequency.len()).map(|i| (frequency[i].to_bits(), recency[i].to_bits(), t[i].to_bits())).collect();
    keys.sort_unstable(); // non-negative doubles sort like their bits
    let mut grouped = Grouped { frequencies: Vec::new(), rows: Vec::new(), customers: frequency.len() as f64 };
    for (i, key) in keys.iter().enumerate() {
        if i > 0 && *key == keys[i - 1] {
            if let Some(last) = grouped.rows.last_mut() {
                last.2 += 1.0;
            }
            continue;
        }
        let x = f64::from_bits(key.0);
        match grouped.frequencies.last_mut() {
            Some(f) if f.0 == x => f.2 += 1,
            _ => grouped.frequencies.push((x, grouped.rows.len(), grouped.rows.len() + 1)),
        }
        grouped.rows.push((f64::from_bits(key.1), f64::from_bits(key.2), 1.0));
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_equal_histories() {
        let g = group(&[2.0, 0.0, 2.0, 2.0], &[5.0, 0.0, 5.0, 3.0], &[10.0, 8.0, 10.0, 10.0]);
        assert_eq!(g.frequencies, vec![(0.0, 0, 1), (2.0, 1, 3)]);
        assert_eq!(g.rows, vec![(0.0, 8.0, 1.0), (3.0, 10.0, 1.0), (5.0, 10.0, 2.0)]);
        assert_eq!(g.customers, 4.0);
    }

    #[test]
    fn rejects_impossible_histories_by_name() {
        let e = check(&[1.0, 2.5], &[1.0, 1.0], &[2.0, 2.0]).unwrap_err();
        assert_eq!((e.code, e.field.as_str()), (ErrorCode::OutOfRange, "frequency[1]"));
        assert_eq!(check(&[1.0], &[3.0], &[2.0]).unwrap_err().field, "recency[0]");
        assert_eq!(check(&[0.0], &[1.0], &[2.0]).unwrap_err().field, "recency[0]");
        assert_eq!(check(&[0.0], &[0.0], &[0.0]).unwrap_err().field, "T[0]");
        assert_eq!(check(&[0.0], &[0.0], &[f64::NAN]).unwrap_err().code, ErrorCode::NotANumber);
        assert_eq!(check(&[], &[], &[]).unwrap_err().code, ErrorCode::Empty);
        assert_eq!(check(&[1.0], &[], &[1.0]).unwrap_err().code, ErrorCode::InvalidType);
    }
}
