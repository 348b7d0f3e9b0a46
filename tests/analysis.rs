//! Customer data (issue: transaction CSV to RFM segments and more): the reader on real and
//! awkward exports, the per-customer summary of FORMULAS.md 14 on the whole CDNOW master file
//! against an independent computation written here, and properties of segments and tiers.
#![cfg(not(target_arch = "wasm32"))]

mod seeded;

use std::collections::BTreeMap;

use kundenwert::analysis::{Analysis, AnalysisOptions, AnalysisResult};
use proptest::prelude::*;
use proptest::strategy::ValueTree;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn analyze_with(bytes: &[u8], options: AnalysisOptions, chunk: usize) -> kundenwert::Result<AnalysisResult> {
    let mut a = Analysis::start(&options, &bytes[..bytes.len().min(65536)])?;
    for c in bytes.chunks(chunk.max(1)) {
        a.push(c);
    }
    a.finish()
}

fn analyze(bytes: &[u8], options: AnalysisOptions) -> AnalysisResult {
    analyze_with(bytes, options, 1 << 16).unwrap()
}

fn day_options() -> AnalysisOptions {
    AnalysisOptions { period_unit: Some("day".into()), ..Default::default() }
}

/// Rejected rows as (line, reason).
fn rejected(r: &AnalysisResult) -> Vec<(u64, String)> {
    r.rejected.rows.iter().map(|x| (x.line as u64, x.reason.clone())).collect()
}

// ---- the CDNOW master file against an independent computation ----------------------------

/// Days since 1970-01-01 by counting whole years and months: a different method from the
/// crate's (Hinnant's closed form).
fn days_by_counting(yyyymmdd: &str) -> i64 {
    let (y, m, d): (i64, i64, i64) =
        (yyyymmdd[..4].parse().unwrap(), yyyymmdd[4..6].parse().unwrap(), yyyymmdd[6..].parse().unwrap());
    let leap = |y: i64| (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let mut days = 0;
    for year in 1970..y {
        days += if leap(year) { 366 } else { 365 };
    }
    let months = [31, if leap(y) { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    days += months[..(m - 1) as usize].iter().sum::<i64>();
    days + d - 1
}

#[test]
fn cdnow_master_summary_matches_an_independent_computation() {
    let bytes = fixture("CDNOW_master.txt");
    // Independent: customer -> (day -> that day's spend), in ordered maps.
    let text = String::from_utf8(bytes.clone()).unwrap();
    let mut by_customer: BTreeMap<String, BTreeMap<i64, f64>> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split_whitespace().collect();
        *by_customer.entry(f[0].to_string()).or_default().entry(days_by_counting(f[1])).or_default() +=
            f[3].parse::<f64>().unwrap();
    }
    let end = by_customer.values().flat_map(|d| d.keys().copied()).max().unwrap();
    assert_eq!(end, days_by_counting("19980630"));

    let r = analyze(&bytes, day_options());
    assert_eq!(r.rows.read, 69_659.0);
    assert_eq!(r.rows.used, 69_659.0);
    assert_eq!(r.rejected.total, 0.0);
    assert_eq!(r.customers.count, 23_570.0);
    assert_eq!(r.observation_end, "1998-06-30");
    let c = &r.customers;
    for (i, id) in c.id.iter().enumerate() {
        let days = &by_customer[id];
        let first = *days.keys().next().unwrap();
        let last = *days.keys().last().unwrap();
        let frequency = (days.len() - 1) as f64;
        let repeat: f64 = days.iter().filter(|(d, _)| **d != first).map(|(_, v)| v).sum();
        let total: f64 = days.values().sum();
        assert_eq!(c.frequency[i], frequency, "frequency of {id}");
        assert_eq!(c.recency[i], (last - first) as f64, "recency of {id}");
        assert_eq!(c.t[i], (end - first) as f64, "T of {id}");
        let monetary = if frequency > 0.0 { repeat / frequency } else { 0.0 };
        assert!((c.monetary[i] - monetary).abs() <= 1e-9 * monetary.abs().max(1.0), "monetary of {id}");
        assert!((c.total[i] - total).abs() <= 1e-9 * total.max(1.0), "total of {id}");
        assert_eq!(c.first_day[i], first as f64);
        assert_eq!(c.recency_days[i], (end - last) as f64);
    }
    // Published in Fader, Hardie & Lee's CDNOW notes: 23,570 customers, of whom 11,982 (about
    // half) never bought again in the 78 weeks.
    let one_timers = c.frequency.iter().filter(|&&f| f == 0.0).count();
    assert_eq!(one_timers, by_customer.values().filter(|d| d.len() == 1).count());
}

#[test]
fn cdnow_sample_in_weeks_by_the_papers_convention() {
    // The 1/10 sample has no header; with a 39-week calibration (to 1997-09-30) the BG/NBD
    // papers use 2,357 customers. Rows after the end are excluded and counted.
    let options = AnalysisOptions {
        observation_end: Some("1997-09-30".into()),
        period_unit: Some("week".into()),
        ..Default::default()
    };
    let r = analyze(&fixture("CDNOW_sample.txt"), options);
    assert!(!r.format.header);
    assert_eq!(r.customers.count, 2_357.0);
    assert_eq!(r.rows.read, 6_919.0);
    assert_eq!(r.rows.used + r.rows.rejected, r.rows.read);
    assert_eq!(r.rejected.by_reason[0].reason, "after_end");
    assert!(r.rejected.rows.is_empty(), "rows after the end are counted, not listed as bad");
    // T ranges over 39 weeks minus the first purchase in Q1 1997: 27 to 39 weeks.
    let t_min = r.customers.t.iter().copied().fold(f64::INFINITY, f64::min);
    let t_max = r.customers.t.iter().copied().fold(0.0, f64::max);
    assert!(t_min >= 27.0 && t_max <= 39.0 && t_max > 38.8, "T from {t_min} to {t_max}");
}

// ---- awkward exports, each with the exact rows rejected ----------------------------------

#[test]
fn german_excel_export() {
    let r = analyze(&fixture("exports/german-excel.csv"), day_options());
    assert_eq!(r.format.delimiter, ";");
    assert_eq!(r.format.decimal, ",");
    assert_eq!(r.format.date_format, "DD.MM.YYYY");
    assert_eq!(r.format.columns, vec!["Kundennummer", "Bestelldatum", "Betrag", "Kanal"]);
    assert_eq!(r.format.mapping.channel, Some(3.0));
    assert_eq!(rejected(&r), vec![(5, "bad_date".to_string()), (6, "bad_amount".to_string())]);
    assert_eq!(r.rejected.rows[1].text, "K-1004;05.03.2024;zwölf Euro;Newsletter");
    assert_eq!(r.customers.id, vec!["K-1001", "K-1002"]);
    assert_eq!(r.customers.total, vec![1234.56 + 45.0, 89.9 - 12.5]);
    assert_eq!(r.channel_names, vec!["Messe", "SEO"]);
}

#[test]
fn quoted_fields_with_delimiters_quotes_and_newlines() {
    let r = analyze(&fixture("exports/quoted.csv"), day_options());
    assert!(r.rejected.rows.is_empty());
    assert_eq!(r.customers.id, vec!["Müller, Anna", "B-7"]);
    assert_eq!(r.customers.total, vec![24.99, 1350.0]);
    assert_eq!(r.rows.read, 4.0);
}

#[test]
fn empty_lines_are_counted_not_rows() {
    let r = analyze(&fixture("exports/empty-lines.csv"), day_options());
    assert_eq!((r.rows.read, r.rows.used, r.rows.empty_lines), (3.0, 3.0, 4.0));
    assert_eq!(r.customers.total, vec![40.0, 20.0]);
}

#[test]
fn bad_dates_and_amounts_in_a_tab_separated_export() {
    let r = analyze(&fixture("exports/bad-rows.tsv"), day_options());
    assert_eq!(r.format.delimiter, "\t");
    assert_eq!(r.format.date_format, "MM/DD/YYYY");
    assert!(!r.format.date_ambiguous);
    assert_eq!(r.format.mapping.order, Some(3.0));
    assert_eq!(
        rejected(&r),
        vec![
            (4, "bad_date".to_string()),
            (5, "missing_customer".to_string()),
            (6, "bad_amount".to_string()),
            (7, "bad_amount".to_string()),
            (8, "missing_columns".to_string()),
        ]
    );
    assert_eq!(r.customers.id, vec!["A", "F"]);
    // Two rows of one order on one day: one purchase.
    assert_eq!(r.customers.purchases, vec![1.0, 1.0]);
    assert_eq!(r.customers.total, vec![15.0, 9.99]);
    let counts: Vec<(String, f64)> = r.rejected.by_reason.iter().map(|b| (b.reason.clone(), b.count)).collect();
    assert_eq!(
        counts,
        vec![
            ("missing_columns".to_string(), 1.0),
            ("missing_customer".to_string(), 1.0),
            ("bad_date".to_string(), 1.0),
            ("bad_amount".to_string(), 2.0),
        ]
    );
}

#[test]
fn headerless_semicolons_with_decimal_commas() {
    let r = analyze(&fixture("exports/headerless.csv"), day_options());
    assert!(!r.format.header);
    assert_eq!(r.format.decimal, ",");
    assert_eq!(r.customers.total, vec![49.9 + 29.9, 19.9]);
}

#[test]
fn options_override_detection_and_name_bad_options() {
    let bytes = fixture("exports/bad-rows.tsv");
    let mut options = day_options();
    options.date_format = Some("DD/MM/YYYY".into());
    let r = analyze(&bytes, options);
    assert!(rejected(&r).contains(&(2, "bad_date".to_string())), "01/31/2024 is no date day-first");
    for (options, field) in [
        (AnalysisOptions { period_unit: Some("fortnight".into()), ..Default::default() }, "periodUnit"),
        (AnalysisOptions { observation_end: Some("30.06.1998".into()), ..Default::default() }, "observationEnd"),
        (AnalysisOptions { delimiter: Some("#".into()), ..Default::default() }, "delimiter"),
        (AnalysisOptions { tier_shares: Some(vec![0.9, 0.2]), ..Default::default() }, "tierShares"),
        (AnalysisOptions { date_format: Some("DD-MM".into()), ..Default::default() }, "dateFormat"),
    ] {
        let e = analyze_with(&bytes, options, 64).map(|_| ()).unwrap_err();
        assert_eq!(e.field, field);
    }
    let early = AnalysisOptions { observation_end: Some("1990-01-01".into()), ..Default::default() };
    assert_eq!(analyze_with(&bytes, early, 64).map(|_| ()).unwrap_err().field, "observationEnd");
    assert_eq!(
        analyze_with(b"", AnalysisOptions::default(), 64).map(|_| ()).unwrap_err().code,
        kundenwert::ErrorCode::Empty
    );
}

#[test]
fn channels_are_ranked_by_ltv_cac_where_spend_is_known() {
    let text = "customer,date,amount,channel\na,2024-01-01,100,seo\nb,2024-01-02,300,ads\na,2024-02-01,100,seo\nc,2024-01-05,50,events\n";
    let options = AnalysisOptions {
        channel_costs: Some(vec![
            kundenwert::analysis::ChannelCost { channel: "seo".into(), spend: 20.0 },
            kundenwert::analysis::ChannelCost { channel: "ads".into(), spend: 200.0 },
        ]),
        gross_margin: Some(0.5),
        ..day_options()
    };
    let r = analyze(text.as_bytes(), options);
    type Row<'a> = (&'a str, f64, Option<f64>, Option<f64>, u32); // channel, CLV, CAC, ratio, rank
    let ch: Vec<Row> = r.channels.iter().map(|c| (c.channel.as_str(), c.clv, c.cac, c.ratio, c.rank)).collect();
    // seo: CLV 200 × 0.5 = 100, CAC 20 -> 5; ads: 150 / 200 = 0.75; events: no spend, last.
    assert_eq!(
        ch,
        vec![
            ("seo", 100.0, Some(20.0), Some(5.0), 1),
            ("ads", 150.0, Some(200.0), Some(0.75), 2),
            ("events", 25.0, None, None, 3)
        ]
    );
}

#[test]
fn cohorts_by_first_purchase_month() {
    let text = "customer,date,amount\na,2024-01-05,1\nb,2024-01-20,1\na,2024-02-01,1\nc,2024-02-03,1\na,2024-03-01,1\nc,2024-03-09,1\n";
    let r = analyze(text.as_bytes(), day_options());
    let cohorts: Vec<(&str, f64, Vec<f64>)> =
        r.cohorts.iter().map(|c| (c.month.as_str(), c.customers, c.active.clone())).collect();
    assert_eq!(cohorts, vec![("2024-01", 2.0, vec![2.0, 1.0, 1.0]), ("2024-02", 1.0, vec![1.0, 1.0])]);
    assert_eq!(r.cohorts[0].retention, vec![1.0, 0.5, 0.5]);
}

// ---- properties ------------------------------------------------------------------------------

/// A random export: (customer, day offset, amount in cents) rows.
fn export() -> impl Strategy<Value = Vec<(u8, u16, i32)>> {
    prop::collection::vec((0u8..40, 0u16..400, -2_000i32..50_000), 1..300)
}

fn csv(rows: &[(u8, u16, i32)]) -> String {
    let mut s = String::from("customer,date,amount\n");
    for &(c, d, cents) in rows {
        let day = 19_723 + d as i32; // from 2024-01-01
        let (y, m, dd) = kundenwert::data::date::civil_from_days(day);
        let (sign, a) = (if cents < 0 { "-" } else { "" }, cents.abs());
        s += &format!("c{c},{y:04}-{m:02}-{dd:02},{sign}{}.{:02}\n", a / 100, a % 100);
    }
    s
}

proptest! {
    #![proptest_config(seeded::config(300))]

    #[test]
    fn every_customer_is_in_one_segment_and_one_tier_and_totals_add_up(rows in export()) {
        let text = csv(&rows);
        // Customers with refunds only are left out (counted under refund_only).
        let buyer = |c: u8| rows.iter().any(|r| r.0 == c && r.2 >= 0);
        let used: Vec<&(u8, u16, i32)> = rows.iter().filter(|r| buyer(r.0)).collect();
        let result = analyze_with(text.as_bytes(), day_options(), 1 << 16);
        if used.is_empty() {
            prop_assert_eq!(result.map(|_| ()).unwrap_err().code, kundenwert::ErrorCode::Empty);
            return Ok(());
        }
        let r = result.unwrap();
        let n = r.customers.count;
        prop_assert_eq!(r.segments.iter().map(|s| s.customers).sum::<f64>(), n);
        prop_assert_eq!(r.tiers.iter().map(|t| t.customers).sum::<f64>(), n);
        // Exact: the sums of cents are the same, to the last bit, in every grouping.
        let cents: i64 = used.iter().map(|r| r.2 as i64).sum();
        let total = cents as f64 / 100.0;
        prop_assert_eq!(r.revenue, total);
        prop_assert_eq!(r.segments.iter().map(|s| (s.revenue * 100.0).round() as i64).sum::<i64>(), cents);
        prop_assert_eq!(r.tiers.iter().map(|t| (t.revenue * 100.0).round() as i64).sum::<i64>(), cents);
        prop_assert_eq!(r.customers.total.iter().map(|t| (t * 100.0).round() as i64).sum::<i64>(), cents);
        prop_assert_eq!(r.rows.used, used.len() as f64);
        prop_assert_eq!(r.rows.used + r.rows.rejected, r.rows.read);
        for i in 0..n as usize {
            prop_assert!(r.customers.frequency[i] <= r.customers.purchases[i] - 1.0);
            prop_assert!(r.customers.recency[i] <= r.customers.t[i]);
            prop_assert!((1.0..=5.0).contains(&r.customers.r[i]));
        }
    }

    #[test]
    fn quintile_scores_are_balanced_within_ties(values in prop::collection::vec(0u16..50, 1..400)) {
        let v: Vec<f64> = values.iter().map(|&x| x as f64).collect();
        let s = kundenwert::segment::rfm::quintiles(&v, true);
        let n = v.len();
        let biggest_tie = (0..50).map(|x| values.iter().filter(|&&y| y == x).count()).max().unwrap();
        for q in 1..=5u8 {
            let count = s.iter().filter(|&&x| x == q).count();
            // A score holds a fifth, give or take the ties that straddle its boundaries.
            prop_assert!(count as f64 <= n as f64 / 5.0 + 2.0 * biggest_tie as f64 + 1.0);
        }
        for i in 0..n {
            for j in 0..n {
                if v[i] == v[j] { prop_assert_eq!(s[i], s[j]); }
                if v[i] < v[j] { prop_assert!(s[i] <= s[j]); }
            }
        }
    }

    #[test]
    fn tiers_cover_every_customer_once_in_value_order(values in prop::collection::vec(-100i32..10_000, 1..200)) {
        let v: Vec<f64> = values.iter().map(|&x| x as f64).collect();
        let t = kundenwert::segment::tiers::abc(&v, 0.8, 0.15);
        prop_assert_eq!(t.len(), v.len());
        for i in 0..v.len() {
            for j in 0..v.len() {
                if v[i] > v[j] { prop_assert!(t[i] <= t[j], "a more valuable customer is never in a lower tier"); }
            }
        }
    }

    /// The reader under arbitrary bytes: never a panic; and any chunking reads the same.
    #[test]
    fn arbitrary_bytes_never_panic_and_chunking_does_not_matter(
        bytes in prop::collection::vec(prop_oneof![
            4 => prop::sample::select(b"0123456789,;.\t\n\r\" -/abcC".to_vec()),
            1 => any::<u8>(),
        ], 0..600),
        chunk in 1usize..64,
    ) {
        let whole = analyze_with(&bytes, AnalysisOptions::default(), bytes.len().max(1));
        let chunked = analyze_with(&bytes, AnalysisOptions::default(), chunk);
        match (whole, chunked) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(a.customers.total, b.customers.total);
                prop_assert_eq!(a.rows.read, b.rows.read);
                prop_assert_eq!(a.rejected.total, b.rejected.total);
            }
            (Err(a), Err(b)) => prop_assert_eq!(a.code, b.code),
            (a, b) => prop_assert!(false, "whole {:?} vs chunked {:?}", a.map(|_| ()), b.map(|_| ())),
        }
    }
}

/// A long fuzzing run of the reader over arbitrary bytes (ignored by default; run with
/// `KW_FUZZ_SECONDS=300 cargo test --release --test analysis -- --ignored fuzz`).
#[test]
#[ignore]
fn fuzz_the_reader_for_a_while() {
    let seconds: u64 = std::env::var("KW_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(60);
    let started = std::time::Instant::now();
    let mut runner =
        proptest::test_runner::TestRunner::new(ProptestConfig { failure_persistence: None, ..Default::default() });
    // Export-like bytes: tokens of real exports (dates, amounts, ids, delimiters, quotes,
    // newlines) mixed with arbitrary bytes; half the inputs are read with the format given (so
    // that the reader gets past detection), half with everything detected.
    let token = prop_oneof![
        4 => prop::sample::select(vec![
            &b"2024-01-02"[..], b"31.12.2023", b"02/29/2024", b"19970101", b"12.50", b"1.234,56", b"-3", b"K-17",
            b"C000001", b",", b";", b"\t", b"\n", b"\r\n", b"\"", b"\"\"", b" ", b"customer,date,amount\n",
        ]).prop_map(|t| t.to_vec()),
        1 => prop::collection::vec(any::<u8>(), 1..4),
    ];
    let strategy = (prop::collection::vec(token, 0..1500), 1usize..512, any::<bool>());
    let given = AnalysisOptions {
        delimiter: Some(",".into()),
        header: Some(false),
        date_format: Some("YYYY-MM-DD".into()),
        decimal: Some(".".into()),
        columns: Some(kundenwert::analysis::ColumnOptions {
            customer: Some(kundenwert::data::reader::ColumnRef::Index(0)),
            date: Some(kundenwert::data::reader::ColumnRef::Index(1)),
            amount: Some(kundenwert::data::reader::ColumnRef::Index(2)),
            ..Default::default()
        }),
        ..Default::default()
    };
    let (mut cases, mut bytes_read, mut rows, mut rejected) = (0u64, 0u64, 0f64, 0f64);
    while started.elapsed().as_secs() < seconds {
        let (tokens, chunk, detect) = strategy.new_tree(&mut runner).unwrap().current();
        let input: Vec<u8> = tokens.concat();
        bytes_read += input.len() as u64;
        let options = if detect { AnalysisOptions::default() } else { given.clone() };
        if let Ok(r) = analyze_with(&input, options, chunk) {
            assert_eq!(r.rows.used + r.rows.rejected, r.rows.read);
            rows += r.rows.read;
            rejected += r.rejected.total;
        }
        cases += 1;
    }
    println!(
        "fuzzed the reader for {} s: {cases} inputs, {bytes_read} bytes, {rows} rows read, {rejected} rejected, no panic",
        started.elapsed().as_secs()
    );
}

// ---- issue 9: exports as they come (encodings, quotes, line ends, refunds, exact sums) ----

fn reasons(r: &AnalysisResult) -> Vec<(String, f64)> {
    r.rejected.by_reason.iter().map(|b| (b.reason.clone(), b.count)).collect()
}

#[test]
fn excel_unicode_text_utf16le_tabs() {
    for chunk in [1, 2, 3, 5, 1 << 16] {
        let r = analyze_with(&fixture("exports/excel-unicode.txt"), day_options(), chunk).unwrap();
        assert_eq!(r.format.encoding, "utf-16le");
        assert_eq!(r.format.delimiter, "\t");
        assert_eq!(r.format.columns, vec!["Kundennummer", "Name", "Bestelldatum", "Betrag", "Kanal"]);
        assert_eq!(r.customers.id, vec!["K-1001", "K-1002", "K-1003"]);
        // 1.234,56 less the refund of 34,56 on a day without purchase: exactly 1200.
        assert_eq!(r.customers.total, vec![1200.0, 89.9, 45.0]);
        assert_eq!(r.customers.purchases, vec![1.0, 1.0, 1.0]);
        assert_eq!(r.customers.frequency, vec![0.0, 0.0, 0.0]);
        assert_eq!(r.channel_names, vec!["Messe", "Suchmaschine", "Bücherclub"]);
        assert!(r.rejected.rows.is_empty());
    }
}

#[test]
fn german_excel_csv_in_windows_1252_keeps_mueller_and_maeller_apart() {
    let r = analyze(&fixture("exports/german-1252.csv"), day_options());
    assert_eq!(r.format.encoding, "windows-1252");
    assert_eq!(r.format.columns, vec!["Kunde", "Datum", "Betrag", "Kanal"]);
    assert_eq!(r.customers.id, vec!["Müller", "Mäller"]);
    assert_eq!(r.channel_names, vec!["Straßenwerbung", "Messe"]);
    // Müller: 120 + 40, less 12,50-; Mäller: 80, less (20,00). The refunds' days are no purchases.
    assert_eq!(r.customers.total, vec![147.5, 60.0]);
    assert_eq!(r.customers.frequency, vec![1.0, 0.0]);
    assert_eq!(r.customers.purchases, vec![2.0, 1.0]);
    assert_eq!(r.revenue, 207.5);
    // The encoding option forces one (here the wrong one: umlauts unreadable, still two ids).
    let forced = AnalysisOptions { encoding: Some("utf-8".into()), ..day_options() };
    let r = analyze(&fixture("exports/german-1252.csv"), forced);
    assert_eq!(r.format.encoding, "utf-8");
    assert_eq!(r.customers.count, 2.0);
    let bad = AnalysisOptions { encoding: Some("latin-9".into()), ..day_options() };
    assert_eq!(analyze_with(b"a", bad, 1).map(|_| ()).unwrap_err().field, "encoding");
}

#[test]
fn refunds_lower_spend_but_are_no_purchases() {
    let r = analyze(&fixture("exports/refunds.csv"), day_options());
    assert_eq!(r.customers.id, vec!["A", "B", "D"]);
    // A: 100 + (60 - 10) - 25 (a refund alone on 5 March); B: 30 - 5; D: 0,10 + 0,20 exactly.
    assert_eq!(r.customers.total, vec![125.0, 25.0, 0.3]);
    assert_eq!(r.customers.purchases, vec![2.0, 1.0, 2.0]);
    assert_eq!(r.customers.frequency, vec![1.0, 0.0, 1.0]);
    assert_eq!(r.customers.recency, vec![9.0, 0.0, 7.0]);
    assert_eq!(r.customers.t, vec![24.0, 5.0, 7.0]);
    assert_eq!(r.customers.monetary, vec![50.0, 0.0, 0.2]);
    assert_eq!(r.revenue, 150.3);
    assert_eq!(r.segments.iter().map(|s| s.revenue).sum::<f64>(), 150.3);
    // C has refunds only: no customer; its rows are counted under their own reason.
    assert_eq!((r.rows.read, r.rows.used, r.rows.rejected), (10.0, 8.0, 2.0));
    assert_eq!(reasons(&r), vec![("refund_only".to_string(), 2.0)]);

    let exclude = AnalysisOptions { refunds: Some("exclude".into()), ..day_options() };
    let r = analyze(&fixture("exports/refunds.csv"), exclude);
    assert_eq!(r.customers.id, vec!["A", "B", "D"]);
    assert_eq!(r.customers.total, vec![160.0, 30.0, 0.3]);
    assert_eq!((r.rows.read, r.rows.used, r.rows.rejected), (10.0, 5.0, 5.0));
    assert_eq!(reasons(&r), vec![("refund".to_string(), 5.0)]);
    let bad = AnalysisOptions { refunds: Some("gross".into()), ..day_options() };
    assert_eq!(analyze_with(b"a", bad, 1).map(|_| ()).unwrap_err().field, "refunds");
}

#[test]
fn a_stray_quote_is_text_and_an_unclosed_quote_is_reported_with_its_line() {
    for chunk in [1, 7, 1 << 16] {
        let r = analyze_with(&fixture("exports/stray-quote.csv"), day_options(), chunk).unwrap();
        assert_eq!(r.customers.id, vec!["k1", "k2", "k4"]);
        assert_eq!(r.customers.total, vec![229.0, 9.99, 20.0]);
        assert_eq!(rejected(&r), vec![(4, "unclosed_quote".to_string())]);
        assert_eq!(r.rejected.rows[0].text, "k3,\"Adapter,2024-01-03,5.00");
        assert_eq!((r.rows.read, r.rows.used), (5.0, 4.0));
    }
}

#[test]
fn a_stray_quote_after_64_kb_loses_no_row_and_takes_linear_time() {
    // Before: every row after the quote was swallowed into one record, with rejected 0.
    let mut text = String::from("customer,product,date,amount\n");
    let rows = 200_000;
    for i in 0..rows {
        let product = if i == 5_000 { "Monitor 24\" TFT" } else { "Kabel" };
        text += &format!("c{},{product},2024-01-{:02},{}.{:02}\n", i % 997, 1 + i % 28, i % 50, i % 100);
    }
    let started = std::time::Instant::now();
    let r = analyze(text.as_bytes(), day_options());
    assert_eq!(r.rows.used, rows as f64);
    assert_eq!(r.rejected.total, 0.0);
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

#[test]
fn cr_only_line_ends() {
    let r = analyze(&fixture("exports/cr-only.csv"), day_options());
    assert_eq!(r.customers.id, vec!["x", "y"]);
    assert_eq!(r.customers.total, vec![15.0, 20.0]);
    assert_eq!((r.rows.read, r.rows.empty_lines), (3.0, 1.0));
}

#[test]
fn an_empty_date_in_the_first_rows_is_a_bad_row_not_1970() {
    let text = "customer,date,amount\na,,5\nb,2024-01-02,7\nc,,3\n";
    let r = analyze(text.as_bytes(), day_options());
    assert_eq!(rejected(&r), vec![(2, "bad_date".to_string()), (4, "bad_date".to_string())]);
    assert_eq!(r.customers.first_day, vec![19_724.0]);
}

#[test]
fn sums_are_exact_in_every_chunking() {
    // 0.1 + 0.2 is 0.30000000000000004 in floating point; a tenth a thousand times is not 100.
    let mut text = String::from("customer,date,amount\n");
    for i in 0..1000 {
        text += &format!("{},2024-01-{:02},0.10\n", ["a", "b", "c"][i % 3], 1 + i % 28);
    }
    for chunk in [1, 13, 4096, 1 << 16] {
        let r = analyze_with(text.as_bytes(), day_options(), chunk).unwrap();
        assert_eq!(r.revenue, 100.0);
        assert_eq!(r.customers.total, vec![33.4, 33.3, 33.3]);
        assert_eq!(r.tiers.iter().map(|t| t.revenue).sum::<f64>(), 100.0);
        // Ties stay ties: b and c have the same M score.
        assert_eq!(r.customers.m[1], r.customers.m[2]);
    }
}

#[test]
fn a_sum_too_large_to_be_exact_names_the_amount_column() {
    let mut text = String::from("customer,date,amount\n");
    for i in 0..10 {
        text += &format!("k{i},2024-01-01,99999999999999.00\n");
    }
    let e = analyze_with(text.as_bytes(), day_options(), 1 << 16).map(|_| ()).unwrap_err();
    assert_eq!((e.code, e.field.as_str()), (kundenwert::ErrorCode::OutOfRange, "columns.amount"));
    // One amount above 10^14 is a bad row.
    let r = analyze(b"customer,date,amount\na,2024-01-01,5\nb,2024-01-02,100000000000000\n", day_options());
    assert_eq!(rejected(&r), vec![(3, "bad_amount".to_string())]);
}

#[test]
fn dates_over_a_century_are_refused_naming_the_span() {
    // Before: 1900 to 2199 built 6.5 million cohort cells (46 s in a browser).
    let text = "customer,date,amount\na,1900-01-01,5\nb,2024-05-01,7\nc,2199-12-31,3\n";
    let e = analyze_with(text.as_bytes(), day_options(), 1 << 16).map(|_| ()).unwrap_err();
    assert_eq!((e.code, e.field.as_str()), (kundenwert::ErrorCode::OutOfRange, "columns.date"));
    assert!(e.message.contains("1900-01-01") && e.message.contains("2199-12-31"), "{}", e.message);
    let far = AnalysisOptions { observation_end: Some("2150-01-01".into()), ..day_options() };
    let e = analyze_with(b"customer,date,amount\na,2024-05-01,7\n", far, 64).map(|_| ()).unwrap_err();
    assert_eq!(e.field, "observationEnd");
    // A century is fine, and quick: 1,200 monthly cohorts.
    let mut text = String::from("customer,date,amount\n");
    for m in 0..1200 {
        text += &format!("k{m},{}-{:02}-01,1\n", 1925 + m / 12, 1 + m % 12);
    }
    let started = std::time::Instant::now();
    let r = analyze(text.as_bytes(), day_options());
    assert_eq!(r.cohorts.len(), 1200);
    assert!(started.elapsed().as_secs() < 10);
}

#[test]
fn a_header_longer_than_the_sample() {
    let mut header = String::from("Kundennummer;Bestelldatum;Betrag");
    for i in 0..8_000 {
        header += &format!(";Merkmal {i}");
    }
    let text = format!("{header}\nK-1;31.01.2024;12,50\nK-2;01.02.2024;7,00\n");
    assert!(header.len() > 65536);
    for chunk in [4096, 65536, 1 << 20] {
        let r = analyze_with(text.as_bytes(), day_options(), chunk).unwrap();
        assert_eq!(r.format.columns.len(), 8_003);
        assert_eq!(r.customers.id, vec!["K-1", "K-2"]);
        assert_eq!(r.customers.total, vec![12.5, 7.0]);
    }
}

// ---- the aggregate while parsing against a computation from the rows -----------------------

mod aggregate {
    use super::*;
    use kundenwert::data::date::month_of;
    use kundenwert::data::reader::{Encoding, Mapping, Row, Sink};
    use kundenwert::data::summary::{Aggregate, AggregateOptions, Cohorts, Summary, Unit};

    /// (customer, day, amount in 1/10,000, channel, acquisition cost in whole units or none,
    /// order).
    type R = (u8, i32, i64, u8, Option<u8>, u8);

    #[derive(Debug, Clone)]
    struct Case {
        rows: Vec<R>,
        end: Option<i32>,
        exclude: bool,
        split: Option<i32>,
        orders: bool,
    }

    fn case() -> impl Strategy<Value = Case> {
        let row = (0u8..8, 20_000i32..20_090, -3_000i64..20_000, 0u8..3, prop::option::of(0u8..4), 0u8..6);
        (
            prop::collection::vec(row, 1..120),
            any::<bool>(),
            prop::option::of(20_000i32..20_100),
            any::<bool>(),
            prop::option::of(20_000i32..20_090),
            any::<bool>(),
        )
            .prop_map(|(mut rows, sorted, end, exclude, split, orders)| {
                // Half the files sorted by date, as exports usually are (stable: file order
                // within a day).
                if sorted {
                    rows.sort_by_key(|r| r.1);
                }
                Case { rows, end, exclude, split, orders }
            })
    }

    /// What the summary must be, computed from all the rows at once: each customer's days in
    /// a map (the summary by the definitions of docs/FORMULAS.md 14), customers in order of
    /// their first kept row.
    fn expected(c: &Case) -> Option<(Vec<String>, Summary, Cohorts, u64)> {
        let end = c.end.unwrap_or_else(|| c.rows.iter().map(|r| r.1).max().unwrap());
        let kept: Vec<&R> = c.rows.iter().filter(|r| r.1 <= end && !(c.exclude && r.2 < 0)).collect();
        let buyer = |k: u8| kept.iter().any(|r| r.0 == k && r.2 >= 0);
        let mut order: Vec<u8> = Vec::new();
        for r in &kept {
            if buyer(r.0) && !order.contains(&r.0) {
                order.push(r.0);
            }
        }
        if order.is_empty() {
            return None;
        }
        let mut s = Summary::default();
        let mut cells: BTreeMap<(i32, i32), u32> = BTreeMap::new();
        let used = kept.iter().filter(|r| buyer(r.0)).count() as u64;
        for &k in &order {
            let mine: Vec<&&R> = kept.iter().filter(|r| r.0 == k).collect();
            let mut days: BTreeMap<i32, (i64, bool)> = BTreeMap::new();
            for r in &mine {
                let d = days.entry(r.1).or_insert((0, false));
                d.0 += r.2;
                d.1 |= r.2 >= 0;
            }
            let bought: Vec<(i32, i64)> = days.iter().filter(|d| d.1 .1).map(|(&d, &(n, _))| (d, n)).collect();
            let (first, last) = (bought[0].0, bought[bought.len() - 1].0);
            let f = bought.len() - 1;
            s.frequency.push(f as f64);
            s.recency.push((last - first) as f64);
            s.t.push((end - first) as f64);
            let repeat: i64 = bought[1..].iter().map(|d| d.1).sum();
            s.monetary.push(if f > 0 { repeat as f64 / (10_000.0 * f as f64) } else { 0.0 });
            let total: i64 = mine.iter().map(|r| r.2).sum();
            s.total.push(total as f64 / 10_000.0);
            s.total_units.push(total);
            let purchases = if c.orders {
                let mut o: Vec<u8> = mine.iter().filter(|r| r.2 >= 0).map(|r| r.5).collect();
                o.sort();
                o.dedup();
                o.len()
            } else {
                mine.iter().filter(|r| r.2 >= 0).count()
            };
            s.purchases.push(purchases as f64);
            s.first.push(first);
            s.last.push(last);
            s.channel.push(mine.iter().find(|r| r.1 == first && r.2 >= 0).unwrap().3 as u32);
            let cost = mine.iter().filter(|r| r.4.is_some()).min_by_key(|r| r.1).and_then(|r| r.4);
            s.acquisition_cost.push(cost.map_or(f64::NAN, |x| x as f64));
            if let Some(split) = c.split {
                if first > split {
                    for v in [&mut s.calibration_frequency, &mut s.calibration_recency, &mut s.calibration_t] {
                        v.push(f64::NAN);
                    }
                    s.holdout_frequency.push(f64::NAN);
                } else {
                    let before: Vec<&(i32, i64)> = bought.iter().filter(|d| d.0 <= split).collect();
                    s.calibration_frequency.push((before.len() - 1) as f64);
                    s.calibration_recency.push((before[before.len() - 1].0 - first) as f64);
                    s.calibration_t.push((split - first) as f64);
                    s.holdout_frequency.push((bought.len() - before.len()) as f64);
                }
            }
            let cohort = month_of(first);
            let mut months: Vec<i32> = bought.iter().map(|d| month_of(d.0)).collect();
            months.dedup();
            for m in months {
                *cells.entry((cohort, m - cohort)).or_insert(0) += 1;
            }
        }
        let end_month = month_of(end);
        let months: Vec<i32> = cells.keys().filter(|k| k.1 == 0).map(|k| k.0).collect();
        let active: Vec<Vec<u32>> = months
            .iter()
            .map(|&m| (0..=end_month - m).map(|k| cells.get(&(m, k)).copied().unwrap_or(0)).collect())
            .collect();
        let size = active.iter().map(|a| a[0]).collect();
        let ids = order.iter().map(|&k| id_of(k)).collect();
        Some((ids, s, Cohorts { months, size, active }, used))
    }

    /// Customer `k`'s id: some longer than 15 bytes, which the aggregate takes in at once
    /// rather than in a batch (the order of first appearance must not change).
    fn id_of(k: u8) -> String {
        if k % 3 == 0 {
            format!("customer-number-{k:03}")
        } else {
            format!("c{k}")
        }
    }

    /// The aggregate of the rows, row by row; None when it says the rows were out of order.
    fn aggregated(c: &Case, keep_days: bool) -> Option<kundenwert::Result<(Vec<String>, Summary, Cohorts, u64)>> {
        let mapping = Mapping {
            customer: 0,
            date: 1,
            amount: 2,
            channel: Some(3),
            acquisition_cost: Some(4),
            order: c.orders.then_some(5),
        };
        let options =
            AggregateOptions { observation_end: c.end, exclude_refunds: c.exclude, split: c.split, keep_days };
        let mut a = Aggregate::new(&mapping, options);
        for r in &c.rows {
            let (id, channel, order) = (id_of(r.0), format!("ch{}", r.3), [r.5]);
            a.row(&Row {
                customer: id.as_bytes(),
                day: r.1,
                amount: r.2,
                channel: Some(channel.as_bytes()),
                acquisition_cost: Some(r.4.map_or(f64::NAN, |x| x as f64)),
                order: c.orders.then_some(&order[..]),
            });
        }
        a.flush(); // (the reader does this after every chunk)
        if a.unordered() {
            return None;
        }
        let Ok((end, used, _)) = a.check(36_525) else {
            return Some(Err(kundenwert::Error::new(kundenwert::ErrorCode::Empty, "", "refused")));
        };
        let mut work = a.summarizing(end, Unit::Day, Encoding::Utf8);
        while !work.step(3) {}
        let (ids, names, mut s, cohorts) = work.finish();
        // Channels as their number (names are `ch` + number, interned in order of appearance).
        for ch in s.channel.iter_mut() {
            *ch = names[*ch as usize][2..].parse().unwrap();
        }
        Some(Ok((ids, s, cohorts, used)))
    }

    fn same(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y || (x.is_nan() && y.is_nan()))
    }

    fn in_order_per_customer(c: &Case) -> bool {
        let end = c.end.unwrap_or(i32::MAX);
        let mut latest: BTreeMap<u8, i32> = BTreeMap::new();
        for r in c.rows.iter().filter(|r| r.1 <= end && !(c.exclude && r.2 < 0)) {
            let l = latest.entry(r.0).or_insert(r.1);
            if r.1 < *l {
                return false;
            }
            *l = r.1;
        }
        true
    }

    proptest! {
        #![proptest_config(seeded::config(400))]

        /// The aggregate kept while parsing gives the summary computed from all the rows: in
        /// any row order with the days kept, and without them for rows in day order per
        /// customer (out of order, it says so instead of a wrong number).
        #[test]
        fn the_aggregate_equals_the_summary_from_all_rows(c in case()) {
            let want = expected(&c);
            for keep_days in [true, false] {
                let got = aggregated(&c, keep_days);
                let Some(got) = got else {
                    prop_assert!(!keep_days && !in_order_per_customer(&c), "unordered only without the days, for rows out of order");
                    continue;
                };
                match (&want, got) {
                    (None, Err(_)) => {}
                    (Some((ids, s, cohorts, used)), Ok((gids, g, gcohorts, gused))) => {
                        prop_assert_eq!(ids, &gids);
                        prop_assert_eq!(used, &gused);
                        prop_assert_eq!(&s.frequency, &g.frequency);
                        prop_assert_eq!(&s.recency, &g.recency);
                        prop_assert_eq!(&s.t, &g.t);
                        prop_assert_eq!(&s.monetary, &g.monetary);
                        prop_assert_eq!(&s.total_units, &g.total_units);
                        prop_assert_eq!(&s.total, &g.total);
                        prop_assert_eq!(&s.purchases, &g.purchases);
                        prop_assert_eq!(&s.first, &g.first);
                        prop_assert_eq!(&s.last, &g.last);
                        prop_assert_eq!(&s.channel, &g.channel);
                        prop_assert!(same(&s.acquisition_cost, &g.acquisition_cost), "costs {:?} {:?}", s.acquisition_cost, g.acquisition_cost);
                        prop_assert!(same(&s.calibration_frequency, &g.calibration_frequency));
                        prop_assert!(same(&s.calibration_recency, &g.calibration_recency));
                        prop_assert!(same(&s.calibration_t, &g.calibration_t));
                        prop_assert!(same(&s.holdout_frequency, &g.holdout_frequency));
                        prop_assert_eq!(cohorts, &gcohorts);
                    }
                    (w, g) => prop_assert!(false, "expected {:?}, got {:?}", w.is_some(), g.map(|_| ())),
                }
            }
        }
    }

    /// Without the days, a file in day order per customer is summarised in state per
    /// customer; a file out of order is reported (and the CLI reads it again with the days).
    #[test]
    fn analysis_without_days_equals_with_days_or_says_unordered() {
        let sorted = "customer,date,amount\na,2024-01-01,10\nb,2024-01-02,5\na,2024-01-02,-3\na,2024-02-01,7\n";
        let shuffled =
            "customer,date,amount\na,2024-02-01,7\nb,2024-01-02,5\na,2024-01-01,10\na,2024-01-02,-3\na,2024-01-02,4\n";
        let run = |text: &str, keep_days: bool| {
            let mut a = Analysis::start_with(&day_options(), text.as_bytes(), keep_days).unwrap();
            a.push(text.as_bytes());
            (a.unordered(), a.finish().unwrap())
        };
        let (unordered, without) = run(sorted, false);
        let (_, with) = run(sorted, true);
        assert!(!unordered);
        assert_eq!(without.customers.monetary, with.customers.monetary);
        assert_eq!(with.customers.monetary, vec![7.0, 0.0]);
        assert!(run(shuffled, false).0, "a row older than its customer's latest");
        let (_, exact) = run(shuffled, true);
        assert_eq!(exact.customers.frequency, vec![2.0, 0.0]);
        assert_eq!(exact.customers.monetary, vec![4.0, 0.0]); // ((-3 + 4) + 7) / 2
        assert_eq!(exact.customers.total, vec![18.0, 5.0]);
    }
}

// ---- a file read in two parts and merged equals the file read whole ----------------------

mod parts {
    use super::*;
    use kundenwert::data::reader::{detect_sample, Hints, Reader};
    use kundenwert::data::summary::{Aggregate, AggregateOptions, Unit};

    /// A row of a generated file: (customer, day offset, amount in cents, channel, order,
    /// cost, what kind of line it is).
    type R = (u8, u8, i32, u8, u8, Option<u8>, u8);

    #[derive(Debug, Clone)]
    struct File {
        bytes: Vec<u8>,
        options: AggregateOptions,
        /// Where the second part begins (after a `\n`), and how the first part is chunked.
        at: usize,
        chunk: usize,
    }

    fn line(r: &R, latin1: bool, columns: u8) -> Vec<u8> {
        let &(c, d, cents, ch, o, cost, kind) = r;
        let mut id = format!("C{c}").into_bytes();
        if latin1 && c % 3 == 0 {
            id.push(0xFC); // ü in Windows-1252, no UTF-8
        }
        let day = 19_723 + d as i32; // 2024-01-01 on
        let (y, m, dd) = kundenwert::data::date::civil_from_days(day);
        let mut date = format!("{y:04}-{m:02}-{dd:02}");
        let mut amount = format!("{}.{:02}", cents / 100, (cents % 100).abs());
        if cents < 0 && cents > -100 {
            amount = format!("-0.{:02}", -cents);
        }
        let mut out = Vec::new();
        match kind {
            0 => return Vec::new(),                          // an empty line
            1 => date = "31.02.".into(),                     // a bad date
            2 => amount = "zwölf".into(),                    // a bad amount
            3 => return format!("C{c},{date}").into_bytes(), // missing columns
            4 => {
                // A quoted id with a line end and a quote inside.
                out.extend_from_slice(b"\"");
                out.extend_from_slice(&id);
                out.extend_from_slice(b"\n\"\"x\"");
                id.clear();
            }
            5 => {
                // A quoted id spanning lines (CRLF inside).
                out.extend_from_slice(b"\"");
                out.extend_from_slice(&id);
                out.extend_from_slice(b"\r\nb\"");
                id.clear();
            }
            _ => {}
        }
        out.extend_from_slice(&id);
        out.extend_from_slice(format!(",{date},{amount}").as_bytes());
        if columns & 1 != 0 {
            if kind == 6 {
                out.extend_from_slice(format!(",\"Kanal\n{ch},x\"").as_bytes());
            } else {
                out.extend_from_slice(format!(",k{ch}").as_bytes());
            }
        }
        if columns & 2 != 0 {
            out.extend_from_slice(format!(",O{o}").as_bytes());
        }
        if columns & 4 != 0 {
            match cost {
                Some(x) => out.extend_from_slice(format!(",{x}.5").as_bytes()),
                None => out.extend_from_slice(b","),
            }
        }
        out
    }

    fn file() -> impl Strategy<Value = File> {
        let kind = prop_oneof![12 => Just(9u8), 1 => 0u8..7];
        let row = (0u8..14, 0u8..100, -3_000i32..20_000, 0u8..3, 0u8..5, prop::option::of(0u8..4), kind);
        (
            prop::collection::vec(row, 1..160),
            (any::<bool>(), 0u8..3, any::<bool>(), 0u8..8, any::<bool>()),
            (prop::option::of(0i32..110), any::<bool>(), prop::option::of(0i32..100)),
            (any::<prop::sample::Index>(), 1usize..200),
        )
            .prop_map(
                |(mut rows, (sorted, ends, bom, columns, latin1), (end, exclude, split), (at, chunk))| {
                    if sorted {
                        rows.sort_by_key(|r| r.1);
                    }
                    let mut bytes = Vec::new();
                    if bom && !latin1 {
                        bytes.extend_from_slice(b"\xEF\xBB\xBF");
                    }
                    let mut header = String::from("customer,date,amount");
                    for (bit, name) in [(1, ",channel"), (2, ",order_id"), (4, ",acquisition_cost")] {
                        if columns & bit != 0 {
                            header.push_str(name);
                        }
                    }
                    let mut lines = vec![header.into_bytes()];
                    lines.extend(rows.iter().map(|r| line(r, latin1, columns)));
                    for (i, l) in lines.iter().enumerate() {
                        bytes.extend_from_slice(l);
                        // LF, CRLF or each line its own.
                        let crlf = match ends {
                            0 => false,
                            1 => true,
                            _ => i % 3 == 1,
                        };
                        bytes.extend_from_slice(if crlf { b"\r\n" } else { b"\n" });
                    }
                    // Every position after a `\n` is a candidate: inside quoted fields too.
                    let starts: Vec<usize> = (1..bytes.len()).filter(|&i| bytes[i - 1] == b'\n').collect();
                    let at = if starts.is_empty() { bytes.len() } else { starts[at.index(starts.len())] };
                    let options = AggregateOptions {
                        observation_end: end.map(|d| 19_723 + d),
                        exclude_refunds: exclude,
                        split: split.map(|d| 19_723 + d),
                        keep_days: true,
                    };
                    File { bytes, options, at, chunk }
                },
            )
    }

    /// Everything the reader and the aggregate give, as text (NaN equal to NaN).
    fn outcome(reader: Reader<Aggregate>) -> String {
        let table = reader.finish();
        let (sink, table) = table.split();
        let head = format!(
            "{:?} read {} empty {} by reason {:?} rejected {:?}",
            table.format, table.read, table.empty_lines, table.rejected_by_reason, table.rejected
        );
        match sink.check(36_525) {
            Err(e) => format!("{head} refused {e:?}"),
            Ok((end, used, excluded)) => {
                let mut work = sink.summarizing(end, Unit::Day, table.format.encoding);
                while !work.step(7) {}
                let (ids, channels, summary, cohorts) = work.finish();
                format!("{head} end {end} used {used} {excluded:?} {ids:?} {channels:?} {summary:?} {cohorts:?}")
            }
        }
    }

    fn sample(bytes: &[u8]) -> &[u8] {
        &bytes[..bytes.len().min(1 << 16)]
    }

    fn whole(f: &File) -> Option<String> {
        let format = detect_sample(sample(&f.bytes), &Hints::default()).0.ok()?;
        let mut r = Reader::with_sink(format.clone(), Aggregate::new(&format.mapping, f.options));
        r.push(&f.bytes);
        Some(outcome(r))
    }

    /// The first part read (in chunks) up to `at`, the rest by a part reader, written and
    /// merged in steps of a few customers; or,
    /// when the first part does not end between records, read on by the first reader.
    fn in_parts(f: &File, corrupt: bool) -> Option<(String, bool)> {
        let format = detect_sample(sample(&f.bytes), &Hints::default()).0.ok()?;
        let mut a = Reader::with_sink(format.clone(), Aggregate::new(&format.mapping, f.options));
        for c in f.bytes[..f.at].chunks(f.chunk) {
            a.push(c);
        }
        let merged = match Reader::part(format.clone(), Aggregate::new(&format.mapping, f.options), sample(&f.bytes)) {
            Some(mut b) => {
                b.push(&f.bytes[f.at..]);
                // Written and merged a few customers at a time, as the wasm does.
                let step = f.chunk % 7 + 1;
                let mut w = b.writing_part();
                let (mut written, mut calls) = (0, 0);
                while !w.step(step) {
                    calls += 1;
                    let (n, all) = w.progress();
                    // Three steps of preparation write nothing; then each writes `step` customers.
                    let ok = if calls <= 3 { n == 0 } else { n == written + step as u64 && n < all };
                    assert!(ok, "written {n} of {all} after {written}, call {calls}");
                    written = n;
                }
                assert!(calls >= 3, "the preparation takes three steps");
                let mut part = w.into_bytes();
                if corrupt {
                    part.pop();
                }
                match a.begin_merge(part)? {
                    None => false,
                    Some(mut m) => loop {
                        if a.merge_step(&mut m, step)? {
                            break true;
                        }
                    },
                }
            }
            None => false,
        };
        if !merged {
            a.push(&f.bytes[f.at..]);
        }
        Some((outcome(a), merged))
    }

    proptest! {
        #![proptest_config(seeded::config(600))]

        /// Any file, any cut after a line end (in a quoted field too): the parts merged give
        /// what the whole file gives, rejected rows and their lines, customers' order,
        /// channels, orders, refunds, cohorts and the calibration split included.
        #[test]
        fn two_parts_merged_equal_the_whole_file(f in file()) {
            let expected = whole(&f);
            let got = in_parts(&f, false);
            prop_assert_eq!(expected, got.map(|(o, _)| o));
        }

        /// A part cut short is refused, never merged into a wrong result.
        #[test]
        fn a_damaged_part_is_refused(f in file()) {
            if let Ok(format) = detect_sample(sample(&f.bytes), &Hints::default()).0 {
                let mut a = Reader::with_sink(format.clone(), Aggregate::new(&format.mapping, f.options));
                a.push(&f.bytes[..f.at]);
                if a.at_record_start() {
                    prop_assert_eq!(in_parts(&f, true), None);
                }
            }
        }
    }

    /// Both ways are taken: a cut inside a quoted field is noticed (the first reader reads
    /// on), a cut between records is merged.
    #[test]
    fn a_cut_inside_a_quoted_field_is_read_on_and_one_between_records_merged() {
        let text = b"customer,date,amount\n\"a\nb\",2024-01-01,10\nc,2024-01-02,5\na,2024-01-03,-2\n";
        let inside = text.iter().position(|&b| b == b'\n').unwrap() + 3; // after "a\n
        let between = text.windows(2).position(|w| w == b"\nc").unwrap() + 1;
        let options = AggregateOptions { keep_days: true, ..Default::default() };
        for (at, merges) in [(inside, false), (between, true)] {
            let f = File { bytes: text.to_vec(), options, at, chunk: 5 };
            let (got, merged) = in_parts(&f, false).unwrap();
            assert_eq!(merged, merges, "cut at {at}");
            assert_eq!(Some(got), whole(&f));
        }
    }
}
