//! The reader against an independent one: generated exports (fields with quotes, delimiters,
//! newlines inside quotes, stray quotes, BOMs, UTF-8, UTF-16LE/BE and Windows-1252, LF, CRLF
//! and CR line ends, German and English numbers and dates, refunds in every notation, empty
//! and bad cells, a quoted field left open) are written out, read by kundenwert in random
//! chunks and by the `csv` crate from the same text in UTF-8, and compared row by row: the
//! same rows with the same values, and a reported rejection (with its line) for every
//! difference.
//!
//! `cargo test --test reader` runs a short, fixed-seed slice; `KW_FUZZ=<factor>` runs
//! `factor` times as many inputs from fresh seeds (tests/seeded), and prints what it read.
#![cfg(not(target_arch = "wasm32"))]

mod seeded;

use kundenwert::data::date::{civil_from_days, DateFormat};
use kundenwert::data::reader::{detect, ColumnRef, Delimiter, Encoding, Hints, Reader, Reason, UNIT};
use proptest::prop_assert_eq;
use proptest::test_runner::{TestCaseError, TestRunner};

/// A small deterministic generator (splitmix64), seeded by proptest.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// Customer ids: umlauts, quotes inside, delimiters, newlines, padding (all in Windows-1252
/// but the last ones).
const NAMES: &[&str] = &[
    "K-1001",
    "Müller",
    "Mäller",
    "Straße & Söhne",
    "O'Brien",
    "Smith, John",
    "Monitor 24\" TFT",
    "Anna \"Anni\" B.",
    "Zeile\neins",
    "Zeile\r\nzwei",
    "Tab\tbar",
    "Semi;kolon",
    "Pipe|line",
    "  gepolstert  ",
    "José Ñúñez",
    "Ünal Çelik",
    "€-Kunde",
    "C000001",
    "\"zitiert\" vorn",
];
const NAMES_UNICODE: &[&str] = &["Łukasz 😀", "Ωmega", "日本"];
const NOTES: &[&str] = &["", "plain", "say \"hi\"", "two\nlines", "a, b; c\td|e", "24\" Zoll", "\"\"", "x\r\ny"];

#[derive(Clone, Copy, PartialEq, Debug)]
enum Break {
    None,
    /// A quoted note opened on this row and never closed (the rows after it have no quotes).
    UnclosedAt(usize),
    /// A quoted note opened on row i and closed by a stray quote followed by text on row j
    /// (the rows between have no quotes): the csv crate reads rows i to j as one record.
    RunawayAt(usize, usize),
}

/// One generated data row: what a correct reader must make of it.
struct Truth {
    customer: String,
    day: i32,
    units: i64,
    line: u64,
    bad: Option<Reason>,
    fields: [String; 3],
}

struct Export {
    bytes: Vec<u8>,
    text: String,
    encoding: Encoding,
    delimiter: u8,
    hints: Hints,
    rows: Vec<Truth>,
    empty_lines: u64,
    unclosed: Option<usize>,
    /// Rows i to j, one record to the csv crate.
    runaway: Option<(usize, usize)>,
    chunk: usize,
}

fn line_ends(s: &str) -> u64 {
    let b = s.as_bytes();
    let mut n = 0;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            n += 1;
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
        }
        i += 1;
    }
    n
}

fn encode_1252(s: &str) -> Vec<u8> {
    s.chars()
        .map(|c| match c {
            '€' => 0x80,
            c if (c as u32) < 0x100 => c as u8,
            c => panic!("{c} is not in Windows-1252"),
        })
        .collect()
}

/// A field as a CSV writer would write it (quoted when it must be), or with its quote left
/// in an unquoted field (a stray quote) when that reads the same.
fn write_field(out: &mut String, field: &str, delimiter: u8, rng: &mut Rng, clean: bool) {
    let d = delimiter as char;
    if clean {
        out.push_str(field); // after a quote left open: no quote at all
        return;
    }
    let special = field.contains(d) || field.contains('\n') || field.contains('\r');
    let starts_with_quote = field.starts_with('"');
    if special || starts_with_quote || (field.contains('"') && rng.chance(50)) || rng.chance(10) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field); // a quote inside an unquoted field is a literal character
    }
}

fn amount_text(units_cents: i64, german: bool, windows_1252: bool, group: bool, rng: &mut Rng) -> String {
    let (int, frac) = (units_cents.abs() / 100, units_cents.abs() % 100);
    let mut digits = int.to_string();
    if group && rng.chance(40) {
        // Thousands grouped.
        let sep = if german { *rng.pick(&[".", " ", "\u{a0}"]) } else { *rng.pick(&[",", "'"]) };
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push_str(sep);
            }
            grouped.push(c);
        }
        digits = grouped;
    }
    let dec = if german { ',' } else { '.' };
    let body = if frac == 0 && rng.chance(30) { digits } else { format!("{digits}{dec}{frac:02}") };
    let currency = *rng.pick(&["", "", "€ ", " €", "EUR ", " EUR", "€"]);
    let before = currency.ends_with(' ') || currency == "€";
    let with_currency = |s: String| if before { format!("{currency}{s}") } else { format!("{s}{currency}") };
    if units_cents >= 0 {
        return with_currency(if rng.chance(5) { format!("+{body}") } else { body });
    }
    match rng.below(7) {
        0 => with_currency(format!("-{body}")),
        1 => with_currency(format!("{body}-")),
        2 => with_currency(format!("({body})")),
        3 if !windows_1252 => with_currency(format!("\u{2212}{body}")),
        4 => with_currency(format!("- {body}")),
        5 if before => format!("{}-{body}", currency),
        _ => format!("-{body}{}", if before { "" } else { currency }),
    }
}

fn date_text(day: i32, format: DateFormat) -> String {
    let (y, m, d) = civil_from_days(day);
    match format {
        DateFormat::Iso => format!("{y:04}-{m:02}-{d:02}"),
        DateFormat::Dmy => format!("{d:02}.{m:02}.{y:04}"),
        DateFormat::DmySlash => format!("{d:02}/{m:02}/{y:04}"),
        DateFormat::Mdy => format!("{m:02}/{d:02}/{y:04}"),
        DateFormat::Ymd => format!("{y:04}{m:02}{d:02}"),
    }
}

fn generate(seed: u64, n: usize) -> Export {
    let mut rng = Rng(seed);
    let encoding = *rng.pick(&Encoding::ALL);
    let delimiter = *rng.pick(b",;\t|");
    let german = rng.chance(50);
    let date_format =
        *rng.pick(&[DateFormat::Iso, DateFormat::Dmy, DateFormat::Mdy, DateFormat::DmySlash, DateFormat::Ymd]);
    let ending_style = rng.below(4); // LF, CRLF, CR, mixed
    let ending = |rng: &mut Rng| match ending_style {
        0 => "\n",
        1 => "\r\n",
        2 => "\r",
        _ => *rng.pick(&["\n", "\r\n", "\r"]),
    };
    // (After a quote left open nothing may be quoted: no decimal comma in a comma-separated file.)
    let unclosed = if n > 1 && rng.chance(15) && !(german && delimiter == b',') {
        Break::UnclosedAt(rng.below(n))
    } else if n > 2 && rng.chance(15) && !(german && delimiter == b',') {
        let i = rng.below(n - 1);
        Break::RunawayAt(i, i + 1 + rng.below(n - i - 1))
    } else {
        Break::None
    };
    let d = delimiter as char;
    let mut text = String::new();
    if encoding == Encoding::Utf8 && rng.chance(30) {
        text.push('\u{feff}');
    }
    let mut rows = Vec::new();
    let mut empty_lines = 0;
    text += &format!("customer{d}date{d}amount{d}note");
    text += ending(&mut rng);
    let mut clean = false; // after an unclosed quote: no quote and no quoted newline any more
    for i in 0..n {
        if rng.chance(5) {
            let end = ending(&mut rng);
            // (An empty line after a CR, ended by a LF, would be no line: CRLF.)
            let blank = rng.chance(50) && !(text.ends_with('\r') && end.starts_with('\n'));
            text += if blank { "" } else { "   " };
            text += end;
            empty_lines += 1;
        }
        let pool: Vec<&str> = if encoding == Encoding::Windows1252 {
            NAMES.to_vec()
        } else {
            NAMES.iter().chain(NAMES_UNICODE).copied().collect()
        };
        let mut customer = rng.pick(&pool).to_string();
        if clean {
            customer = format!("k{}", rng.below(50));
        }
        let day = 19_000 + rng.below(2_000) as i32;
        let cents = rng.below(2_000_000) as i64 - if rng.chance(15) { 1_500_000 } else { 0 };
        let cents = if rng.chance(20) { cents % 10_000 } else { cents };
        let mut bad = None;
        let mut date = date_text(day, date_format);
        let mut amount = amount_text(cents, german, encoding == Encoding::Windows1252, !clean, &mut rng);
        match rng.below(40) {
            0 => {
                date = String::new();
                bad = Some(Reason::BadDate);
            }
            1 => {
                amount = String::new();
                bad = Some(Reason::BadAmount);
            }
            2 => {
                amount = "n/a".into();
                bad = Some(Reason::BadAmount);
            }
            _ => {}
        }
        let line = 1 + line_ends(&text);
        write_field(&mut text, &customer, delimiter, &mut rng, clean);
        for f in [&date, &amount] {
            text.push(d);
            write_field(&mut text, f, delimiter, &mut rng, clean);
        }
        text.push(d);
        let last = i + 1 == n;
        let trailing = !last || rng.chance(80);
        if unclosed == Break::UnclosedAt(i) || matches!(unclosed, Break::RunawayAt(a, _) if a == i) {
            text += "\"never closed, ";
            clean = true;
        } else if matches!(unclosed, Break::RunawayAt(_, b) if b == i) {
            text += "24\" Zoll";
            clean = false;
        } else if clean {
            text += "plain";
        } else {
            let note = *rng.pick(NOTES);
            write_field(&mut text, note, delimiter, &mut rng, false);
        }
        if trailing {
            text += ending(&mut rng);
        }
        let was_unclosed =
            (unclosed == Break::UnclosedAt(i) && trailing) || matches!(unclosed, Break::RunawayAt(a, _) if a == i);
        rows.push(Truth {
            customer: customer.trim_matches(|c: char| c.is_ascii_whitespace()).to_string(),
            day,
            units: cents * (UNIT / 100),
            line,
            bad: if was_unclosed { Some(Reason::UnclosedQuote) } else { bad },
            fields: [customer, date, amount],
        });
    }
    let (unclosed, runaway) = match unclosed {
        Break::UnclosedAt(i) if rows[i].bad == Some(Reason::UnclosedQuote) => (Some(i), None),
        Break::RunawayAt(i, j) => (None, Some((i, j))),
        _ => (None, None),
    };
    let bytes = match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Windows1252 => encode_1252(&text),
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let mut b = Vec::new();
            for u in std::iter::once(0xFEFF).chain(text.encode_utf16()) {
                b.extend_from_slice(&if encoding == Encoding::Utf16Le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            b
        }
    };
    let hints = Hints {
        delimiter: Some(Delimiter::Byte(delimiter)),
        header: Some(true),
        customer: Some(ColumnRef::Index(0)),
        date: Some(ColumnRef::Index(1)),
        amount: Some(ColumnRef::Index(2)),
        date_format: Some(date_format),
        decimal: Some(if german { b',' } else { b'.' }),
        encoding: rng.chance(20).then_some(encoding),
        ..Default::default()
    };
    let chunk = *rng.pick(&[1, 2, 3, 7, 64, 1000, usize::MAX]);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    Export { bytes, text, encoding, delimiter, hints, rows, empty_lines, unclosed, runaway, chunk }
}

#[derive(Default, Debug)]
struct Stats {
    inputs: u64,
    bytes: u64,
    rows: u64,
    rejected: u64,
    unclosed: u64,
    runaways: u64,
}

fn check(e: &Export, stats: &mut Stats) -> Result<(), TestCaseError> {
    // kundenwert, in chunks.
    let format =
        detect(&e.bytes[..e.bytes.len().min(65536)], &e.hints).map_err(|x| TestCaseError::fail(x.message.clone()))?;
    let mut r = Reader::new(format);
    for c in e.bytes.chunks(e.chunk.min(e.bytes.len()).max(1)) {
        r.push(c);
    }
    let mut t = r.finish();
    let has_non_ascii = e.text.bytes().any(|b| b >= 0x80);
    let expected_encoding = match e.encoding {
        Encoding::Windows1252 if !has_non_ascii && e.hints.encoding.is_none() => Encoding::Utf8,
        other => other,
    };
    prop_assert_eq!(t.format.encoding, expected_encoding);
    let names = std::mem::take(&mut t.sink.customers).names(t.format.encoding);

    // The csv crate on the same text (UTF-8).
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(e.delimiter)
        .has_headers(true)
        .flexible(true)
        .from_reader(e.text.as_bytes());
    let records: Vec<csv::StringRecord> = csv.records().map(|r| r.unwrap()).collect();
    let records: Vec<&csv::StringRecord> =
        records.iter().filter(|r| !(r.len() == 1 && r[0].trim().is_empty())).collect();
    // Without a quote left open, the two readers see the same records, field for field.
    let compared = e.unclosed.or(e.runaway.map(|r| r.0)).unwrap_or(e.rows.len());
    if let Some((i, j)) = e.runaway {
        prop_assert_eq!(records.len(), e.rows.len() - (j - i), "the csv crate reads rows i to j as one record");
        stats.runaways += 1;
    } else if e.unclosed.is_none() {
        prop_assert_eq!(records.len(), e.rows.len(), "csv crate records");
    } else {
        prop_assert_eq!(records.len(), compared + 1, "the csv crate reads the open quote to the end as one record");
        stats.unclosed += 1;
    }
    for (rec, truth) in records.iter().zip(&e.rows).take(compared) {
        for k in 0..3 {
            prop_assert_eq!(&rec[k], truth.fields[k].as_str(), "field {} of line {}", k, truth.line);
        }
    }

    // kundenwert: every good row with its values, every bad one rejected with its line.
    let good: Vec<&Truth> = e.rows.iter().filter(|r| r.bad.is_none()).collect();
    let got: Vec<(&str, i32, i64)> = (0..t.sink.day.len())
        .map(|i| (names[t.sink.customer[i] as usize].as_str(), t.sink.day[i], t.sink.amount[i]))
        .collect();
    let want: Vec<(&str, i32, i64)> = good.iter().map(|r| (r.customer.as_str(), r.day, r.units)).collect();
    prop_assert_eq!(got, want);
    for (rec, truth) in records.iter().zip(&e.rows).take(compared).filter(|(_, t)| t.bad.is_none()) {
        prop_assert_eq!(rec[0].trim_matches(|c: char| c.is_ascii_whitespace()), truth.customer.as_str());
    }
    let rejected: Vec<(u64, Reason)> = t.rejected.iter().map(|r| (r.line, r.reason)).collect();
    let expected: Vec<(u64, Reason)> = e.rows.iter().filter_map(|r| r.bad.map(|b| (r.line, b))).collect();
    prop_assert_eq!(rejected, expected);
    prop_assert_eq!(t.read, e.rows.len() as u64);
    prop_assert_eq!(t.empty_lines, e.empty_lines);
    stats.inputs += 1;
    stats.bytes += e.bytes.len() as u64;
    stats.rows += t.read;
    stats.rejected += t.rejected_total();
    Ok(())
}

#[test]
fn differential_against_the_csv_crate() {
    let mut config = seeded::config(150);
    config.source_file = Some(file!());
    let mut runner = TestRunner::new(config);
    let stats = std::cell::RefCell::new(Stats::default());
    let started = std::time::Instant::now();
    let result = runner.run(&(proptest::num::u64::ANY, 1usize..120), |(seed, n)| {
        let e = generate(seed, n);
        check(&e, &mut stats.borrow_mut())
    });
    let s = stats.borrow();
    println!(
        "differential: {} inputs, {} bytes, {} rows read, {} rejected (as generated); differences from the csv \
         crate, each a reported rejection: {} quotes left open (one record to the end), {} quotes closed by a \
         stray quote lines later (rows merged); in {:.1} s",
        s.inputs,
        s.bytes,
        s.rows,
        s.rejected,
        s.unclosed,
        s.runaways,
        started.elapsed().as_secs_f64()
    );
    result.unwrap();
}
