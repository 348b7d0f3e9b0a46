//! The analysis' sorts (src/data/order.rs) beside the standard library's sorts they replaced,
//! on the same data, interleaved round by round: median (min-max) per sort in ms.
//!   cargo run --release --example sorts [-- ROUNDS]
//! The keys are drawn by a fixed seed: RFM keys of 80,000 and 1,000,000 customers (the
//! generated 1M-row file has 79,248; recency-like values with many ties), the distinct
//! histories of a model fit (11,104, as CDNOW master x10) and the likely-lost list.
use kundenwert::data::order;

fn rng(mut s: u64) -> impl FnMut() -> u64 {
    move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    }
}

fn time(f: &mut dyn FnMut()) -> f64 {
    let t = std::time::Instant::now();
    f();
    t.elapsed().as_secs_f64() * 1e3
}

fn summary(name: &str, ours: &mut [f64], std: &mut [f64]) {
    let med = |v: &mut [f64]| {
        v.sort_by(f64::total_cmp);
        (v[v.len() / 2], v[0], v[v.len() - 1])
    };
    let (a, b) = (med(ours), med(std));
    println!(
        "{name:<44} order {:>8.3} ms ({:.3}-{:.3})   std {:>8.3} ms ({:.3}-{:.3})   ratio {:.2}",
        a.0,
        a.1,
        a.2,
        b.0,
        b.1,
        b.2,
        a.0 / b.0
    );
}

fn main() {
    let rounds: usize = std::env::args().nth(1).and_then(|r| r.parse().ok()).unwrap_or(9);
    let mut next = rng(0x5eed_5047);
    for n in [80_000usize, 1_000_000] {
        // Recency in weeks with two decimals (many ties), as rfm::ascending makes its keys.
        let values: Vec<f64> = (0..n).map(|_| (next() % 7800) as f64 / 100.0).collect();
        let pairs: Vec<(u64, u32)> =
            values.iter().enumerate().map(|(i, &v)| (order::total_key(v + 0.0), i as u32)).collect();
        let (mut ours, mut std) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            let mut a = pairs.clone();
            ours.push(time(&mut || order::pairs(&mut a)));
            let mut b = pairs.clone();
            std.push(time(&mut || b.sort_unstable()));
            assert_eq!(a, b);
        }
        summary(&format!("RFM keys, {n} customers (pairs)"), &mut ours, &mut std);

        // Likely lost: a fifth of the customers by total, descending, stable.
        let totals: Vec<f64> = (0..n / 5).map(|_| (next() % 500_000) as f64 / 100.0).collect();
        let (mut ours, mut std) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            let mut got = Vec::new();
            ours.push(time(&mut || {
                let mut lost: Vec<(u64, u32)> =
                    totals.iter().enumerate().map(|(i, &t)| (!order::total_key(t), i as u32)).collect();
                order::pairs(&mut lost);
                got = lost.iter().map(|&(_, i)| i as usize).collect();
            }));
            let mut want: Vec<usize> = Vec::new();
            std.push(time(&mut || {
                want = (0..totals.len()).collect();
                want.sort_by(|&a, &b| totals[b].total_cmp(&totals[a]));
            }));
            assert_eq!(got, want);
        }
        summary(&format!("likely lost, {} customers (pairs)", n / 5), &mut ours, &mut std);
    }
    for n in [11_104usize, 235_700] {
        // Distinct (frequency, recency, T) histories as bits.
        let mut keys: Vec<[u64; 3]> = (0..n)
            .map(|_| {
                let x = (next() % 60) as f64;
                let t = 30.0 + (next() % 4000) as f64 / 100.0;
                [x.to_bits(), (t * (next() % 1000) as f64 / 1000.0).to_bits(), t.to_bits()]
            })
            .collect();
        keys.sort_unstable();
        keys.dedup();
        for i in (1..keys.len()).rev() {
            let j = next() as usize % (i + 1);
            keys.swap(i, j);
        }
        let (mut ours, mut std) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            let mut got = Vec::new();
            ours.push(time(&mut || got = order::by_words(&keys)));
            let mut want: Vec<u32> = Vec::new();
            std.push(time(&mut || {
                want = (0..keys.len() as u32).collect();
                want.sort_unstable_by_key(|&k| keys[k as usize]);
            }));
            assert_eq!(got, want);
        }
        summary(&format!("model histories, {} distinct (by_words)", keys.len()), &mut ours, &mut std);
    }
    // Channels: by CLV descending, then name.
    let clv: Vec<f64> = (0..200).map(|_| (next() % 50) as f64).collect();
    let names: Vec<String> = (0..200).map(|i| format!("channel {}", (i * 7919) % 200)).collect();
    let (mut ours, mut std) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let cmp = |a: usize, b: usize| clv[b].total_cmp(&clv[a]).then_with(|| names[a].cmp(&names[b]));
        let mut got = Vec::new();
        ours.push(time(&mut || got = order::stable_by(200, &mut |a, b| cmp(a, b))));
        let mut want: Vec<usize> = Vec::new();
        std.push(time(&mut || {
            want = (0..200).collect();
            want.sort_by(|&a, &b| cmp(a, b));
        }));
        assert_eq!(got, want);
    }
    summary("channels, 200 (stable_by)", &mut ours, &mut std);
}
