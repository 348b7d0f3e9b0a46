//! The analysis' sorts, in one function (issue 12). Every `sort` of a new element type or
//! comparison compiles to a quicksort of its own (about 2-3.5 KB of wasm each, with its pivot,
//! partition and small-sort helpers); the analysis had seven. Now every sort is of `(key,
//! index)` pairs, whose keys are made to order as the comparison did, with the index as the
//! last key, so the order is total and any correct sort gives exactly what a stable one gave;
//! [`pairs`] is a radix sort. The ones that cannot be put as integer keys (channels, by name)
//! are a small merge sort over indices.

use std::cmp::Ordering;

/// Sorts `(key, index)` pairs ascending (by key, then index), as `sort_unstable` does: a
/// least-significant-digit radix sort over the 12 bytes, skipping the bytes every pair has
/// alike (the index's high bytes, a key's sign and exponent bytes), and the index's bytes
/// when the pairs come in index order, as most callers build them (each pass is stable).
pub fn pairs(v: &mut [(u64, u32)]) {
    let n = v.len();
    if n < 2 {
        return;
    }
    // Byte `d` of a pair: 0-3 the index's, 4-11 the key's, least significant first.
    fn byte(p: (u64, u32), d: usize) -> usize {
        (if d < 4 { (p.1 as u64) >> (8 * d) } else { p.0 >> (8 * (d - 4)) }) as u8 as usize
    }
    let mut counts = vec![[0u32; 256]; 12];
    // (The index's bytes are counted even when they will be skipped: one loop, fewer branches.)
    for &p in v.iter() {
        for (d, c) in counts.iter_mut().enumerate() {
            c[byte(p, d)] += 1;
        }
    }
    let by_index = v.windows(2).all(|w| w[0].1 <= w[1].1);
    let mut other = vec![(0u64, 0u32); n];
    let mut in_v = true; // whether the current order is in `v` (else in `other`)
    for (d, c) in counts.iter_mut().enumerate() {
        if (d < 4 && by_index) || c.iter().any(|&k| k as usize == n) {
            continue; // every pair has this byte alike: the pass would change nothing
        }
        let mut start = 0;
        for k in c.iter_mut() {
            (*k, start) = (start, start + *k);
        }
        let (from, to): (&[(u64, u32)], &mut [(u64, u32)]) = if in_v { (v, &mut other) } else { (&other, v) };
        for &p in from {
            let slot = &mut c[byte(p, d)];
            to[*slot as usize] = p;
            *slot += 1;
        }
        in_v = !in_v;
    }
    if !in_v {
        v.copy_from_slice(&other);
    }
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
        let v =
            [-f64::INFINITY, -1e300, -1.0, -f64::MIN_POSITIVE, -0.0, 0.0, 5e-324, 1.0, 2.5, f64::MAX, f64::INFINITY];
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
    fn pairs_equals_sort_unstable() {
        let mut next = rng(0x5eed_0011);
        for n in [0, 1, 2, 3, 10, 255, 256, 257, 5000, 70_000] {
            for spread in [u64::MAX, 1 << 40, 1000, 3] {
                // Keys from a few values to all bits, indices unordered and repeated.
                let v: Vec<(u64, u32)> = (0..n).map(|_| (next() % spread, next() as u32 % (n as u32 + 1))).collect();
                let (mut ours, mut std) = (v.clone(), v);
                pairs(&mut ours);
                std.sort_unstable();
                assert_eq!(ours, std, "n {n} spread {spread}");
            }
        }
        let mut v: Vec<(u64, u32)> = (0..300).map(|i| (total_key(-(i as f64) * 0.5), 299 - i)).collect();
        let mut std = v.clone();
        pairs(&mut v);
        std.sort_unstable();
        assert_eq!(v, std);
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
