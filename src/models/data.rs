//! The per-customer inputs of the models (docs/FORMULAS.md 14): checked, and grouped into distinct
//! rows with their counts (many customers share a history; the likelihood of a row is
//! computed once), sorted by frequency so that terms depending only on the frequency are
//! computed once per distinct frequency. Inputs may come grouped already: one row per
//! distinct history with a `count` column.

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
    // One pass of plain comparisons (every NaN and infinity fails one of them); only a bad
    // row, found again by its index, builds the error that names it.
    let bad = frequency.iter().zip(recency).zip(t).position(|((&x, &tx), &tt)| !valid_history(x, tx, tt));
    let Some(i) = bad else { return Ok(()) };
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
    Err(at("recency", "must be 0 for a customer without repeat purchases"))
}

/// The rules of [`check`] as comparisons only: false for NaN and infinities too.
#[inline(always)]
fn valid_history(x: f64, tx: f64, tt: f64) -> bool {
    x >= 0.0 && x < 1e9 && x == x.trunc() && tt > 0.0 && tt < 1e9 && tx >= 0.0 && tx <= tt && (x != 0.0 || tx == 0.0)
}

/// The most customers one row of a `count` column may stand for: the counts of a million rows
/// then add up exactly (below 2^53).
pub const MAX_COUNT: f64 = 1e9;

/// A `count` column (customers per row, as `GROUP BY frequency, recency, T` gives them),
/// checked: one positive whole number per row, at most [`MAX_COUNT`]. Errors name `count[i]`.
pub fn check_count(count: &[f64], rows: usize) -> Result<()> {
    if count.len() != rows {
        return Err(Error::new(
            ErrorCode::InvalidType,
            "count",
            concat(&["count must have one entry per row (", &rows.to_string_fast(), ")"]),
        ));
    }
    for (i, &c) in count.iter().enumerate() {
        if !(c.is_finite() && c >= 1.0 && c.fract() == 0.0 && c <= MAX_COUNT) {
            let name = concat(&["count[", &i.to_string_fast(), "]"]);
            let code = if c.is_finite() { ErrorCode::OutOfRange } else { ErrorCode::NotANumber };
            let rule = " must be a whole number of customers from 1 to 1,000,000,000";
            return Err(Error::new(code, name.clone(), concat(&[&name, rule])));
        }
    }
    Ok(())
}

/// The distinct keys of a table's rows (three doubles' bits each) in order of first
/// appearance, with the summed weight of each and, if asked, each row's key.
///
/// Found with an open-addressing table that starts small and doubles when half full, so
/// that for data with few distinct keys (CDNOW master ×10: 235,700 customers, 11,104
/// histories) the table and the keys stay in the cache: one pass, no sort.
#[derive(Debug, Clone, PartialEq)]
pub struct Distinct {
    /// The distinct keys, in order of first appearance.
    pub keys: Vec<[u64; 3]>,
    /// The summed weight (customers) of each key.
    pub weights: Vec<f64>,
    /// Each row's key: an index into `keys` (empty unless asked for).
    pub of: Vec<u32>,
}

/// Multiplicative hashing of a key; the slot comes from the product's high bits (the low
/// bits of these doubles' bits are mostly zero: whole numbers of weeks, small counts).
#[inline(always)]
fn hash(k: &[u64; 3]) -> u64 {
    ((k[0].wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ k[1]).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ k[2])
        .wrapping_mul(0x94d0_49bb_1331_11eb)
}

impl Distinct {
    /// The distinct keys of rows `0..n` (`key(i)`), each row weighing `weight(i)`; `rows`
    /// keeps each row's key in [`Distinct::of`].
    pub fn of(n: usize, key: impl Fn(usize) -> [u64; 3], weight: impl Fn(usize) -> f64, rows: bool) -> Distinct {
        let mut b = Builder::new(n, rows);
        for i in 0..n {
            b.add(key(i), weight(i));
        }
        b.d
    }

    /// The distinct (x, t_x, T) histories of a purchase model's columns; `count` (empty: one
    /// customer per row) gives the customers of each row.
    pub fn histories(frequency: &[f64], recency: &[f64], t: &[f64], count: &[f64], rows: bool) -> Distinct {
        let mut b = Builder::new(frequency.len(), rows);
        let keys = frequency.iter().zip(recency).zip(t).map(|((x, tx), tt)| [x.to_bits(), tx.to_bits(), tt.to_bits()]);
        if count.is_empty() {
            keys.for_each(|k| b.add(k, 1.0));
        } else {
            keys.zip(count).for_each(|(k, &c)| b.add(k, c));
        }
        b.d
    }

    /// `f` of each distinct key, handed to every row that has it (needs [`Distinct::of`]); and
    /// whether the values are all finite.
    pub fn each(&self, f: &mut dyn FnMut(&[u64; 3]) -> f64) -> (Vec<f64>, bool) {
        let values: Vec<f64> = self.keys.iter().map(f).collect();
        self.to_rows(&values)
    }

    /// `values` (one per distinct key) handed to each row that has that key, and whether they
    /// are all finite (a scan of the distinct values, not of every row's).
    pub fn to_rows(&self, values: &[f64]) -> (Vec<f64>, bool) {
        (self.of.iter().map(|&k| values[k as usize]).collect(), values.iter().all(|v| v.is_finite()))
    }

    /// The indices of the keys in ascending order of their bits (for non-negative doubles,
    /// the order of their values).
    pub fn sorted(&self) -> Vec<u32> {
        crate::data::order::by_words(&self.keys)
    }
}

/// [`Distinct`] being built, row by row: the open-addressing table and its size.
struct Builder {
    d: Distinct,
    bits: u32,
    /// Per slot: the key it holds (u32::MAX: empty).
    slots: Vec<u32>,
    rows: bool,
}

impl Builder {
    fn new(n: usize, rows: bool) -> Builder {
        let mut d = Distinct { keys: Vec::new(), weights: Vec::new(), of: Vec::new() };
        if rows {
            d.of.reserve(n);
        }
        Builder { d, bits: 10, slots: vec![u32::MAX; 1 << 10], rows }
    }

    /// One row: its key and weight. Inlined into the callers' loops (at `opt-level = "z"` the
    /// calls, closures and indexing of a generic loop stay calls: a third of a prediction's time).
    #[inline(always)]
    fn add(&mut self, k: [u64; 3], weight: f64) {
        let mask = (1usize << self.bits) - 1;
        let mut slot = (hash(&k) >> (64 - self.bits)) as usize;
        // Slices, not the Vecs: indexing a slice is the wasm's own bounds check, a Vec's a call.
        let (slots, keys) = (self.slots.as_slice(), self.d.keys.as_slice());
        let found = loop {
            let s = slots[slot];
            if s == u32::MAX {
                break None;
            }
            let e = &keys[s as usize];
            // Element by element: a comparison of the arrays is a memcmp call in the wasm.
            if e[0] == k[0] && e[1] == k[1] && e[2] == k[2] {
                break Some(s as usize);
            }
            slot = (slot + 1) & mask;
        };
        let index = match found {
            Some(s) => {
                self.d.weights.as_mut_slice()[s] += weight;
                s as u32
            }
            None => {
                let s = self.d.keys.len() as u32;
                self.slots.as_mut_slice()[slot] = s;
                self.d.keys.push(k);
                self.d.weights.push(weight);
                if 2 * self.d.keys.len() > self.slots.len() {
                    self.bits += 1;
                    self.slots = rehash(&self.d.keys, self.bits);
                }
                s
            }
        };
        if self.rows {
            self.d.of.push(index);
        }
    }
}

fn rehash(keys: &[[u64; 3]], bits: u32) -> Vec<u32> {
    let mut slots = vec![u32::MAX; 1 << bits];
    let mask = (1usize << bits) - 1;
    for (s, k) in keys.iter().enumerate() {
        let mut slot = (hash(k) >> (64 - bits)) as usize;
        while slots[slot] != u32::MAX {
            slot = (slot + 1) & mask;
        }
        slots[slot] = s as u32;
    }
    slots
}

/// Distinct (x, t_x, T) rows with how many customers have each, sorted by x (then t_x, T).
#[derive(Debug, Clone, PartialEq)]
pub struct Grouped {
    /// (x, first row, one past the last row) for each distinct frequency.
    pub frequencies: Vec<(f64, usize, usize)>,
    /// (t_x, T, count) rows.
    pub rows: Vec<(f64, f64, f64)>,
    /// The customers, summed over the rows.
    pub customers: f64,
    /// The distinct values of t_x and T, so that a model can compute its terms of α + t once
    /// per distinct time rather than once per row (CDNOW master: 11,104 rows, 546 times).
    pub times: Vec<f64>,
    /// Each row's t_x and T: indices into `times`.
    pub row_times: Vec<(u32, u32)>,
}

impl Grouped {
    /// Σ count × x and Σ count × T over the rows, in their order: the same for a table of
    /// customers and for its `GROUP BY` with counts.
    pub fn totals(&self) -> (f64, f64) {
        let (mut x_sum, mut t_sum) = (0.0, 0.0);
        for &(x, first, last) in &self.frequencies {
            for &(_, t, n) in &self.rows[first..last] {
                x_sum += n * x;
                t_sum += n * t;
            }
        }
        (x_sum, t_sum)
    }
}

/// The customers' distinct histories, one customer per row (see [`group_counts`]).
pub fn group(frequency: &[f64], recency: &[f64], t: &[f64]) -> Grouped {
    group_counts(frequency, recency, t, &[])
}

/// The distinct histories of rows that stand for `count[i]` customers each (`count` empty:
/// one each). Rows with the same history are merged, so a table of customers and its
/// `GROUP BY frequency, recency, T` with counts give the same result, bit for bit.
pub fn group_counts(frequency: &[f64], recency: &[f64], t: &[f64], count: &[f64]) -> Grouped {
    grouped(&Distinct::histories(frequency, recency, t, count, false))
}

/// The distinct histories `d` (of [`Distinct::histories`]) grouped by frequency and sorted.
pub fn grouped(d: &Distinct) -> Grouped {
    grouped_in(d, &d.sorted())
}

/// [`grouped`] with the keys' order given (`d.sorted()`): row j of the result is key `order[j]`.
pub fn grouped_in(d: &Distinct, order: &[u32]) -> Grouped {
    let mut grouped = Grouped {
        frequencies: Vec::new(),
        rows: Vec::with_capacity(d.keys.len()),
        customers: 0.0,
        times: Vec::new(),
        row_times: Vec::new(),
    };
    for &k in order {
        let (key, n) = (d.keys[k as usize], d.weights[k as usize]);
        let x = f64::from_bits(key[0]);
        match grouped.frequencies.last_mut() {
            Some(f) if f.0 == x => f.2 += 1,
            _ => grouped.frequencies.push((x, grouped.rows.len(), grouped.rows.len() + 1)),
        }
        grouped.rows.push((f64::from_bits(key[1]), f64::from_bits(key[2]), n));
        grouped.customers += n;
    }
    let rows = &grouped.rows;
    let time = |i: usize| [if i % 2 == 0 { rows[i / 2].0 } else { rows[i / 2].1 }.to_bits(), 0, 0];
    let times = Distinct::of(2 * rows.len(), time, |_| 1.0, true);
    grouped.times = times.keys.iter().map(|k| f64::from_bits(k[0])).collect();
    grouped.row_times = times.of.chunks_exact(2).map(|c| (c[0], c[1])).collect();
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_names_the_first_bad_customer_and_the_rule_it_breaks() {
        let good = |n: usize| (vec![2.0; n], vec![3.0; n], vec![10.0; n]);
        assert!(check(&good(7).0, &good(7).1, &good(7).2).is_ok());
        assert!(check(&[0.0], &[0.0], &[1e-9]).is_ok());
        let cases: [(f64, f64, f64, ErrorCode, &str, &str); 12] = [
            (2.5, 3.0, 10.0, ErrorCode::OutOfRange, "frequency[5]", "whole number"),
            (-1.0, 3.0, 10.0, ErrorCode::OutOfRange, "frequency[5]", "whole number"),
            (1e9, 3.0, 10.0, ErrorCode::OutOfRange, "frequency[5]", "whole number"),
            (f64::NAN, 3.0, 10.0, ErrorCode::NotANumber, "frequency[5]", "whole number"),
            (f64::INFINITY, 3.0, 10.0, ErrorCode::NotANumber, "frequency[5]", "whole number"),
            (2.0, 3.0, 0.0, ErrorCode::OutOfRange, "T[5]", "greater than 0"),
            (2.0, 3.0, f64::NAN, ErrorCode::NotANumber, "T[5]", "greater than 0"),
            (2.0, 11.0, 10.0, ErrorCode::OutOfRange, "recency[5]", "from 0 to T"),
            (2.0, -0.5, 10.0, ErrorCode::OutOfRange, "recency[5]", "from 0 to T"),
            (2.0, f64::NEG_INFINITY, 10.0, ErrorCode::NotANumber, "recency[5]", "from 0 to T"),
            (0.0, 3.0, 10.0, ErrorCode::OutOfRange, "recency[5]", "without repeat purchases"),
            // Two rules broken: the first in the order above is named.
            (0.5, 11.0, -1.0, ErrorCode::OutOfRange, "frequency[5]", "whole number"),
        ];
        for (x, tx, tt, code, field, rule) in cases {
            let (mut f, mut r, mut t) = good(9);
            (f[5], r[5], t[5]) = (x, tx, tt);
            f[7] = -3.0; // a later bad row is not the one named
            let e = check(&f, &r, &t).unwrap_err();
            assert_eq!((e.code, e.field.as_str()), (code, field), "{x} {tx} {tt}: {}", e.message);
            assert!(e.message.starts_with(field) && e.message.contains(rule), "{}", e.message);
        }
    }

    #[test]
    fn groups_equal_histories() {
        let g = group(&[2.0, 0.0, 2.0, 2.0], &[5.0, 0.0, 5.0, 3.0], &[10.0, 8.0, 10.0, 10.0]);
        assert_eq!(g.frequencies, vec![(0.0, 0, 1), (2.0, 1, 3)]);
        assert_eq!(g.rows, vec![(0.0, 8.0, 1.0), (3.0, 10.0, 1.0), (5.0, 10.0, 2.0)]);
        assert_eq!(g.customers, 4.0);
        assert_eq!(g.times, vec![0.0, 8.0, 3.0, 10.0, 5.0]);
        assert_eq!(g.row_times, vec![(0, 1), (2, 3), (4, 3)]);
        // The same table grouped, with counts, in another order.
        let c = group_counts(&[2.0, 2.0, 0.0], &[3.0, 5.0, 0.0], &[10.0, 10.0, 8.0], &[1.0, 2.0, 1.0]);
        assert_eq!(c, g);
    }

    #[test]
    fn distinct_keys_survive_the_table_growing() {
        // 5,000 distinct keys, each three times, in a scrambled order: the table doubles
        // from 1,024 slots several times.
        let n = 15_000;
        let key = |i: usize| {
            let k = (i * 7919) % 5000;
            [(k % 50) as u64, (k / 50) as u64, 7]
        };
        let d = Distinct::of(n, key, |i| (i % 3) as f64, true);
        assert_eq!(d.keys.len(), 5000);
        assert_eq!(d.of.len(), n);
        for i in 0..n {
            assert_eq!(d.keys[d.of[i] as usize], key(i));
        }
        assert_eq!(d.weights.iter().sum::<f64>(), (0..n).map(|i| (i % 3) as f64).sum::<f64>());
        let (each, finite) = d.each(&mut |k| (k[0] * 100 + k[1]) as f64);
        assert!(finite);
        assert!((0..n).all(|i| each[i] == (key(i)[0] * 100 + key(i)[1]) as f64));
    }

    #[test]
    fn counts_must_be_whole_positive_numbers() {
        assert!(check_count(&[1.0, 3.0], 2).is_ok());
        let e = check_count(&[1.0, 0.5], 2).unwrap_err();
        assert_eq!((e.code, e.field.as_str()), (ErrorCode::OutOfRange, "count[1]"));
        assert_eq!(check_count(&[0.0], 1).unwrap_err().field, "count[0]");
        assert_eq!(check_count(&[-2.0], 1).unwrap_err().field, "count[0]");
        assert_eq!(check_count(&[2e9], 1).unwrap_err().field, "count[0]");
        assert_eq!(check_count(&[f64::NAN], 1).unwrap_err().code, ErrorCode::NotANumber);
        let e = check_count(&[1.0], 2).unwrap_err();
        assert_eq!((e.code, e.field.as_str()), (ErrorCode::InvalidType, "count"));
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
