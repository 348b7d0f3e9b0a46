//! The reader's speed: reads each file given (in 1 MB chunks, as the Web Worker feeds it)
//! five times (`KW_RUNS` to change) and prints the best time in MB/s, with the rows read and
//! rejected.
//!   node benches/generate.mjs 1000000 target/bench/transactions-1m.csv
//!   cargo run --release --example read -- target/bench/transactions-1m.csv tests/fixtures/CDNOW_master.txt
use kundenwert::data::reader::{detect, Hints, Reader};

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("readable");
        let mut best = f64::INFINITY;
        let (mut rows, mut rejected) = (0, 0);
        let runs: usize = std::env::var("KW_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(5);
        for _ in 0..runs {
            let t = std::time::Instant::now();
            let format = detect(&bytes[..bytes.len().min(65536)], &Hints::default()).expect("format");
            let mut r = Reader::new(format);
            for chunk in bytes.chunks(1 << 20) {
                r.push(chunk);
            }
            let table = r.finish();
            best = best.min(t.elapsed().as_secs_f64());
            (rows, rejected) = (table.sink.day.len(), table.rejected_total());
        }
        println!(
            "{path}: {:.1} MB in {:.1} ms: {:.0} MB/s; {rows} rows, {rejected} rejected",
            bytes.len() as f64 / 1e6,
            best * 1e3,
            bytes.len() as f64 / 1e6 / best
        );
    }
}
