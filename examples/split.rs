//! The file read in two parts, natively, phase by phase (as the two Web Workers do it): the
//! first half read, the second read as a part and written, the part merged, the summary.
//! Prints each phase's best time over five runs (`KW_RUNS` to change).
//!   cargo run --release --example split -- target/bench/transactions-1m.csv
use kundenwert::analysis::{Analysis, AnalysisOptions};
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("a file");
    let bytes = std::fs::read(&path).expect("readable");
    let runs: usize = std::env::var("KW_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(5);
    let middle = bytes.len() / 2;
    let at = middle + bytes[middle..].iter().position(|&b| b == b'\n').expect("a line end") + 1;
    let sample = &bytes[..bytes.len().min(65536)];
    let options = AnalysisOptions::default();
    let names = ["read first half", "read second half", "write part", "merge", "summary"];
    let mut best = [f64::INFINITY; 5];
    let mut customers = 0.0;
    for _ in 0..runs {
        let mut t = Instant::now();
        let mut lap = |i: usize, best: &mut [f64; 5]| {
            best[i] = best[i].min(t.elapsed().as_secs_f64() * 1e3);
            t = Instant::now();
        };
        let mut a = Analysis::start_with(&options, sample, true).expect("format");
        for chunk in bytes[..at].chunks(1 << 20) {
            a.push(chunk);
        }
        lap(0, &mut best);
        let mut b = Analysis::start_part(&options, sample).expect("format").expect("a part");
        for chunk in bytes[at..].chunks(1 << 20) {
            b.push(chunk);
        }
        lap(1, &mut best);
        let mut w = b.writing_part().expect("writing");
        while !w.step(20_000) {}
        let part = w.into_bytes();
        lap(2, &mut best);
        assert!(a.begin_merge(part).expect("merge"));
        while !a.merge_step(20_000).expect("merge").0 {}
        lap(3, &mut best);
        let r = a.finish().expect("analysis");
        customers = r.customers.count;
        lap(4, &mut best);
    }
    for (name, ms) in names.iter().zip(best) {
        println!("{name:>18}: {ms:7.1} ms");
    }
    println!("{customers} customers");
}
