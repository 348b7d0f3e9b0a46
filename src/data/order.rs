//! The analysis' sorts, through one instantiation of the standard library's sort (issue 12).
//! Every `sort` of a new element type or comparison compiles to a quicksort of its own (about
//! 2-3.5 KB of wasm each, with its pivot, partition and small-sort helpers); the analysis had
//! seven. Now every sort is of `(key, index)` pairs, whose keys are made to order as the
//! comparison did, with the index as the last key, so the order is total and an unstable sort
//! gives exactly what a stable one gave. The one that cannot be put as integer keys (channels,
//! by name) is a small merge sort over indices.

use std::cmp::Ordering;

/// Sorts `(key, index)` pairs ascending: the one sort instantiation of the analysis.
pub fn pairs(v: &mut [(u64, u32)]) {
    v.sort_unstable();
}

/// `v`'s bits made to sort as unsigned integers in the order of `f64::total_cmp` (-0 before
/// 0, NaNs at the ends by sign).
pub fn total_key(v: f64) -> u64 {
    let bits = v.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    }
}

/// The indices `0..keys.len()` in ascending lexicographic order of `keys` (each key a row of
/// three words): three passes of [`pairs`], the least significant word first, each pass
/// breaking ties by the rank of the pass before. Equal keys keep their index order.
pub fn by_words(keys: &[[u64; 3]]) -> Vec<u32> {
    let n = keys.len();
    let mut rank: Vec<u32> = (0..n as u32).collect();
    let mut order: Vec<(u64, u32)> = Vec::with_capacity(n);
    for word in (0..3).rev() {
        order.clear();
        order.extend((0..n).map(|k| (keys[k][word], rank[k])));
        // The pair's second part is a rank from here on; keep each index beside its rank.
        let mut by_rank = vec![0u32; n];
        for k in 0..n {
            by_rank[rank[k] as usize] = k as u32;
        }
        pairs(&mut order);
        for (p, &(_, r)) in order.iter().enumerate() {
            rank[by_rank[r as usize] as usize] = p as u32;
        }
    }
    let mut out = vec![0u32; n];
    for k in 0..n {
        out[rank[k] as usize] = k as u32;
    }
    out
}

/// The indices `0..n` sorted stably by `cmp` (a bottom-up merge sort: small, no generic
/// instantiation per caller, for short lists such as the channels).
pub fn stable_by(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut a: Vec<usize> = (0..n).collect();
    let mut b = a.clone();
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let (mid, end) = ((start + width).min(n), (start + 2 * width).min(n));
            let (mut i, mut j) = (start, mid);
            for slot in &mut b[start..end] {
                // Take from the right run only when strictly less: equal elements keep order.
                if j < end && (i >= mid || cmp(a[j], a[i]) == Ordering::Less) {
                    *slot = a[j];
                    j += 1;
                } else {
                    *slot = a[i];
                    i += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A seeded xorshift, for the comparisons with the standard library's sorts.
    fn rng(mut s: u64) -> impl FnMut() -> u64 {
        move || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        }
    }

    #[test]
    fn total_key_orders_as_total_cmp() {
        let v = [-f64::INFINITY, -1e300, -1.0, -f64::MIN_POSITIVE, -0.0, 0.0, 5e-324, 1.0, 2.5, f64::MAX, f64::INFINITY];
        for a in v {
            for b in v {
                assert_eq!(total_key(a).cmp(&total_key(b)), a.total_cmp(&b), "{a} {b}");
            }
        }
        let nan = f64::NAN;
        assert_eq!(total_key(nan).cmp(&total_key(f64::INFINITY)), nan.total_cmp(&f64::INFINITY));
        assert_eq!(total_key(-nan).cmp(&total_key(-f64::INFINITY)), (-nan).total_cmp(&-f64::INFINITY));
    }

    #[test]
    fn by_words_is_a_stable_lexicographic_sort() {
        let mut next = rng(0x5eed_0012);
        for n in [0, 1, 2, 3, 17, 300, 2000] {
            // Few distinct words, so that every word decides some comparisons and keys repeat.
            let keys: Vec<[u64; 3]> = (0..n).map(|_| [next() % 4, next() % 3, next() % 5]).collect();
            let mut expected: Vec<u32> = (0..n as u32).collect();
            expected.sort_by_key(|&k| keys[k as usize]);
            assert_eq!(by_words(&keys), expected, "n {n}");
        }
    }

    #[test]
    fn stable_by_equals_the_standard_stable_sort() {
        let mut next = rng(0x5eed_0013);
        for n in [0, 1, 2, 5, 64, 65, 1000] {
            let v: Vec<u64> = (0..n).map(|_| next() % 7).collect();
            let mut expected: Vec<usize> = (0..n).collect();
            expected.sort_by(|&a, &b| v[b].cmp(&v[a]));
            assert_eq!(stable_by(n, &mut |a, b| v[b].cmp(&v[a])), expected, "n {n}");
        }
    }
}
