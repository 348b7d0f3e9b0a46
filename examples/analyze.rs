//! Analyses a transaction file natively and prints the time: a development aid.
//!   cargo run --release --example analyze -- target/bench/transactions-1m.csv
use kundenwert::analysis::{Analysis, AnalysisOptions};

fn main() {
    let path = std::env::args().nth(1).expect("a file");
    let bytes = std::fs::read(&path).expect("readable");
    let t = std::time::Instant::now();
    let options = AnalysisOptions::default();
    let mut a = Analysis::start(&options, &bytes[..bytes.len().min(65536)]).expect("format");
    for chunk in bytes.chunks(1 << 20) {
        a.push(chunk);
    }
    let parsed = t.elapsed();
    let r = a.finish().expect("analysis");
    println!(
        "{} rows, {} customers, parsed in {:?}, all in {:?}; rejected {}",
        r.rows.used,
        r.customers.count,
        parsed,
        t.elapsed(),
        r.rejected.total
    );
    let c = &r.customers;
    let sum = |v: &[f64]| v.iter().sum::<f64>();
    println!(
        "checksum frequency {:.0} recency {:.4} T {:.4} monetary {:.4} r {} f {} m {}",
        sum(&c.frequency),
        sum(&c.recency),
        sum(&c.t),
        sum(&c.monetary),
        sum(&c.r),
        sum(&c.f),
        sum(&c.m)
    );
}
