//! The `kundenwert` command line, run as a user runs it: on a small hand-made export whose
//! every number is worked out below, on the CDNOW files (against the crate's API and the
//! published BG/NBD and Gamma-Gamma estimates), and with bad input and bad usage.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use kundenwert::analysis::{Analysis, AnalysisOptions};
use kundenwert::models::bgnbd::BgNbd;
use kundenwert::models::clv::{clv, ClvSettings};
use kundenwert::models::gamma_gamma::GammaGamma;
use kundenwert::models::PurchaseModel;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_kundenwert");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> String {
    root().join("tests").join(name).display().to_string()
}

/// A fresh output directory for one test.
fn out_dir(name: &str) -> PathBuf {
    let dir = root().join("target/cli-tests").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn kundenwert(args: &[&str]) -> Output {
    Command::new(BIN).args(args).output().unwrap()
}

fn ok(args: &[&str]) -> Output {
    let out = kundenwert(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// A CSV file as rows of cells (no quoted commas in these files' numeric columns).
fn rows(p: &Path) -> Vec<Vec<String>> {
    read(p).lines().map(|l| l.split(',').map(str::to_string).collect()).collect()
}

fn column(table: &[Vec<String>], name: &str) -> Vec<f64> {
    let k = table[0].iter().position(|c| c == name).unwrap_or_else(|| panic!("no column {name}"));
    table[1..].iter().map(|r| r[k].parse().unwrap()).collect()
}

// ---- a small export, every value worked out by hand -----------------------------------------

#[test]
fn analyze_writes_the_summary_scores_tiers_channels_cohorts_and_rejected_rows() {
    let out = out_dir("orders");
    let o = ok(&[
        "analyze",
        &fixture("cli/orders.csv"),
        "--out",
        out.to_str().unwrap(),
        "--observation-end",
        "2024-03-31",
        "--period-unit",
        "day",
    ]);
    // anna: Jan 1 (10 + 5, one purchase day), Jan 15 (30), Feb 12 (50): 2 repeat purchases,
    // 42 days from first to last, 90 to the end, repeat mean (30 + 50) / 2 = 40. Recency days
    // 48, 86, 59 -> R 4, 1, 2; purchases 4, 1, 2 -> F 4, 1, 2; totals 95, 7, 3 -> M 4, 2, 1.
    // Tiers of 105: anna starts at 0 (A), ben at 95 (past 84, below 99.75: B), carl at 102 (C).
    assert_eq!(
        read(&out.join("customers.csv")),
        "customer_id,frequency,recency,T,monetary,total,purchases,first_purchase,last_purchase,recency_days,r,f,m,segment,tier,channel\n\
         anna,2,42,90,40,95,4,2024-01-01,2024-02-12,48,4,4,4,loyal,A,search\n\
         ben,0,0,86,0,7,1,2024-01-05,2024-01-05,86,1,1,2,hibernating,B,social\n\
         carl,0,0,59,0,3,2,2024-02-01,2024-02-01,59,2,2,1,hibernating,C,social\n"
    );
    assert_eq!(
        read(&out.join("rejected.csv")),
        "line,reason,message,text\n9,bad_date,the date is empty or cannot be read in the file's date format,\"dora,2024-13-01,3.00,social\"\n"
    );
    let tiers = read(&out.join("tiers.csv"));
    assert!(tiers.starts_with("tier,customers,customer_share,revenue,revenue_share\nA,1,"), "{tiers}");
    assert!(tiers.contains(&format!("\nA,1,{},95,{}\n", 1.0 / 3.0, 95.0 / 105.0)), "{tiers}");
    let segments = read(&out.join("segments.csv"));
    assert!(segments.contains("\nloyal,Loyal,1,"), "{segments}");
    assert!(segments.contains(&format!("\nhibernating,Hibernating,2,{},10,", 2.0 / 3.0)), "{segments}");
    let channels = rows(&out.join("channels.csv"));
    assert_eq!(channels[0].join(","), "rank,channel,customers,revenue,clv,spend,cac,ratio,band");
    assert_eq!(channels[1][1..5].join(","), "search,1,95,95");
    assert_eq!(channels[2][1..5].join(","), "social,2,10,5");
    // Cohorts: January (anna, ben; anna again in February), February (carl); months to March.
    assert_eq!(
        read(&out.join("cohorts.csv")),
        "month,months_since,customers,active,retention\n\
         2024-01,0,2,2,1\n2024-01,1,2,1,0.5\n2024-01,2,2,0,0\n\
         2024-02,0,1,1,1\n2024-02,1,1,0,0\n"
    );
    let e = stderr(&o);
    assert!(e.contains("8 rows read, 7 used, 1 rejected; 3 customers, observed to 2024-03-31"), "{e}");
    assert!(
        e.contains("line 9: the date is empty or cannot be read in the file's date format (bad_date): dora,2024-13-01"),
        "{e}"
    );
}

#[test]
fn analyze_as_json_is_the_whole_result() {
    let out = out_dir("orders-json");
    ok(&["analyze", &fixture("cli/orders.csv"), "--format", "json", "--out", out.to_str().unwrap(), "--quiet"]);
    let v: Value = serde_json::from_str(&read(&out.join("analysis.json"))).unwrap();
    assert_eq!(v["rows"]["read"], 8.0);
    assert_eq!(v["rows"]["rejected"], 1.0);
    assert_eq!(v["periodUnit"], "week");
    assert_eq!(v["customers"]["id"], serde_json::json!(["anna", "ben", "carl"]));
    let numbers = |v: &Value| v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect::<Vec<f64>>();
    assert_eq!(numbers(&v["customers"]["recency"]), vec![6.0, 0.0, 0.0]); // 42 days = 6 weeks
    assert_eq!(numbers(&v["customers"]["total"]), vec![95.0, 7.0, 3.0]);
    assert_eq!(v["rejected"]["rows"][0]["line"], 9.0);
    assert_eq!(v["channels"][0]["channel"], "search");
}

#[test]
fn strict_fails_on_rejected_rows_and_bad_options_name_themselves() {
    let out = out_dir("strict");
    let o = kundenwert(&["analyze", &fixture("cli/orders.csv"), "--strict", "--quiet", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("1 rows rejected (--strict): see rejected.csv"), "{}", stderr(&o));
    assert!(out.join("rejected.csv").exists(), "the rows are listed either way");

    let o = kundenwert(&["analyze", &fixture("cli/orders.csv"), "--period-unit", "year"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("periodUnit must be day, week or month"), "{}", stderr(&o));
    let o = kundenwert(&["analyze", "no-such-file.csv"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).starts_with("kundenwert analyze: cannot read no-such-file.csv:"), "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2_and_every_command_has_help() {
    for (args, says) in [
        (vec![], "a command is required"),
        (vec!["forecast"], "unknown command 'forecast'"),
        (vec!["analyze", "--bogus", "x.csv"], "unknown option --bogus"),
        (vec!["analyze"], "a transaction FILE is required"),
        (vec!["fit", "s.csv"], "--model is required"),
        (vec!["score", "s.csv"], "--params PARAMS.json is required"),
        (vec!["analyze", "x.csv", "--out"], "--out needs a value"),
    ] {
        let o = kundenwert(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
    }
    for (command, says) in [
        ("analyze", "kundenwert analyze FILE [options]"),
        ("fit", "kundenwert fit --model MODEL"),
        ("score", "kundenwert score --params PARAMS.json SUMMARY.csv"),
    ] {
        let o = ok(&[command, "--help"]);
        let text = String::from_utf8_lossy(&o.stdout);
        assert!(text.starts_with(says), "{text}");
        assert!(text.contains("Options:"));
    }
    let o = ok(&["--help"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("Exit codes: 0 done, 1 bad input"));
}

// ---- CDNOW: the published estimates, and the API's own numbers -----------------------------

#[test]
fn cdnow_sample_fit_reproduces_the_published_estimates_and_score_matches_the_api() {
    let out = out_dir("cdnow-sample");
    let dir = out.to_str().unwrap();
    ok(&["analyze", &fixture("fixtures/CDNOW_sample.txt"), "--observation-end", "1997-09-30", "--out", dir, "--quiet"]);
    let summary = out.join("customers.csv");
    let params = out.join("params.json");
    let o = ok(&[
        "fit",
        "--model",
        "bg-nbd",
        "--model",
        "gamma-gamma",
        summary.to_str().unwrap(),
        "--out",
        params.to_str().unwrap(),
    ]);
    assert!(stderr(&o).contains("bg-nbd: r = 0.2426 ± 0.0126, alpha = 4.4136"), "{}", stderr(&o));
    let text = read(&params);
    let fits: Value = serde_json::from_str(&text).unwrap();
    // Fader, Hardie & Lee (2005) on the 1/10 sample, 39-week calibration (FORMULAS.md 15).
    let bg = &fits["bg-nbd"];
    // The parameters exactly as written (serde_json's default float parsing may miss by an ulp).
    let p = |fit: &Value, name: &str| {
        let model = fit["model"].as_str().unwrap();
        let params = &text[text.find(&format!("\"{model}\":{{\"model\"")).unwrap()..];
        let params = &params[params.find("\"params\":{").unwrap()..];
        let at = params.find(&format!("\"{name}\":")).unwrap() + name.len() + 3;
        let end = params[at..].find([',', '}']).unwrap();
        params[at..at + end].parse::<f64>().unwrap()
    };
    for (name, published) in [("r", 0.243), ("alpha", 4.414), ("a", 0.793), ("b", 2.426)] {
        assert!((p(bg, name) - published).abs() < 0.0015, "{name} {} vs {published}", p(bg, name));
    }
    assert!((bg["logLikelihood"].as_f64().unwrap() + 9582.4).abs() < 0.05);
    assert_eq!(bg["observations"], 2357.0);
    assert!(bg["standardErrors"]["r"].as_f64().unwrap() > 0.0);
    let gg = &fits["gamma-gamma"];
    for (name, published) in [("p", 6.25), ("q", 3.74), ("v", 15.44)] {
        assert!((p(gg, name) - published).abs() < 0.006, "{name} {} vs {published}", p(gg, name));
    }
    assert_eq!(gg["observations"], 946.0);

    let o = ok(&["score", "--params", params.to_str().unwrap(), summary.to_str().unwrap()]);
    let scores: Vec<Vec<String>> =
        String::from_utf8_lossy(&o.stdout).lines().map(|l| l.split(',').map(str::to_string).collect()).collect();
    assert_eq!(scores[0].join(","), "customer_id,probability_alive,expected_purchases,expected_spend,clv");
    assert_eq!(scores.len(), 2358);

    // The same numbers from the models themselves, customer by customer, on the analysis' own columns.
    let bytes = std::fs::read(fixture("fixtures/CDNOW_sample.txt")).unwrap();
    let options = AnalysisOptions { observation_end: Some("1997-09-30".into()), ..Default::default() };
    let mut a = Analysis::start(&options, &bytes).unwrap();
    a.push(&bytes);
    let c = a.finish().unwrap().customers;
    let bg = BgNbd { r: p(bg, "r"), alpha: p(bg, "alpha"), a: p(bg, "a"), b: p(bg, "b") };
    let gg = GammaGamma { p: p(gg, "p"), q: p(gg, "q"), v: p(gg, "v") };
    // 12 months in weeks, as the CLV (and lifetimes) count them
    let s = ClvSettings { months: 12, monthly_discount: 0.01, periods_per_month: 4.345, margin: 1.0 };
    let horizon = 12.0 * 4.345;
    let (x, tx, t, m) = (&c.frequency, &c.recency, &c.t, &c.monetary);
    let n = x.len();
    let expected: [Vec<f64>; 4] = [
        (0..n).map(|i| bg.probability_alive(x[i], tx[i], t[i])).collect(),
        (0..n).map(|i| bg.conditional_expected_purchases(horizon, x[i], tx[i], t[i])).collect(),
        (0..n).map(|i| gg.expected_spend(x[i], m[i]).unwrap()).collect(),
        (0..n).map(|i| clv(&bg, &gg, x[i], tx[i], t[i], m[i], &s).unwrap()).collect(),
    ];
    for (i, row) in scores[1..].iter().enumerate() {
        assert_eq!(row[0], c.id[i]);
        for k in 0..4 {
            assert_eq!(row[k + 1].parse::<f64>().unwrap(), expected[k][i], "{} column {}", c.id[i], scores[0][k + 1]);
        }
    }
    // A customer without repeat purchases is alive for BG/NBD; CLV is positive throughout.
    let i = c.frequency.iter().position(|&f| f == 0.0).unwrap();
    assert_eq!(expected[0][i], 1.0);
    assert!(expected[3].iter().all(|&v| v > 0.0));
}

#[test]
fn cdnow_master_summary_file_equals_the_analysis() {
    let out = out_dir("cdnow-master");
    let o = ok(&["analyze", &fixture("fixtures/CDNOW_master.txt"), "--out", out.to_str().unwrap()]);
    assert!(stderr(&o).contains("69659 rows read, 69659 used, 0 rejected; 23570 customers, observed to 1998-06-30"));
    let table = rows(&out.join("customers.csv"));
    assert_eq!(table.len(), 23_571);
    // Customer 00003: six purchase days from 1997-01-02 to 1998-05-28 (511 days = 73 weeks),
    // the five repeat days' mean 27.14 (to the float sum's last digit).
    let row = table[3].join(",");
    let (front, back) =
        (format!("00003,5,73,{},27.1", 544.0 / 7.0), ",156.46,6,1997-01-02,1998-05-28,33,5,5,5,champions,A");
    assert!(row.starts_with(&front) && row.ends_with(back), "{row}");
    assert!((table[3][4].parse::<f64>().unwrap() - 27.14).abs() < 1e-12, "{row}");
    let bytes = std::fs::read(fixture("fixtures/CDNOW_master.txt")).unwrap();
    let mut a = Analysis::start(&AnalysisOptions::default(), &bytes).unwrap();
    a.push(&bytes);
    let c = a.finish().unwrap().customers;
    // Every float as written reads back as the analysis' own value; money to the cent.
    assert_eq!(column(&table, "frequency"), c.frequency);
    assert_eq!(column(&table, "recency"), c.recency);
    assert_eq!(column(&table, "T"), c.t);
    assert_eq!(column(&table, "monetary"), c.monetary);
    for (written, total) in column(&table, "total").iter().zip(&c.total) {
        assert!((written - total).abs() < 5e-9, "{written} vs {total}");
    }
    assert_eq!(column(&table, "r"), c.r);
    assert_eq!(column(&table, "m"), c.m);
}

// ---- bad summaries: the line and the column ------------------------------------------------

#[test]
fn fit_and_score_name_the_line_and_column_of_a_bad_summary() {
    let out = out_dir("bad-summary");
    let write = |name: &str, text: &str| {
        let p = out.join(name);
        std::fs::write(&p, text).unwrap();
        p.display().to_string()
    };
    let not_a_number = write("nan.csv", "customer_id,frequency,recency,T,monetary\na,1,2,10,5\nb,0,x,10,0\n");
    let o = kundenwert(&["fit", "--model", "bg-nbd", &not_a_number]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("nan.csv line 3, column recency: 'x' is not a number"), "{}", stderr(&o));

    let past_t = write("past.csv", "customer_id,frequency,recency,T\na,1,2,10\nb,1,12,10\n");
    let o = kundenwert(&["fit", "--model", "pareto-nbd", &past_t]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("past.csv line 3, column recency (customer b): recency must be from 0 to T (out_of_range)"),
        "{}",
        stderr(&o)
    );
    let o = kundenwert(&["fit", "--model", "gamma-gamma", &past_t]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("past.csv line 1: gamma-gamma needs a monetary column"), "{}", stderr(&o));

    let no_t = write("no-t.csv", "customer_id,frequency,recency\na,1,2\n");
    let o = kundenwert(&["fit", "--model", "bg-nbd", &no_t]);
    assert!(stderr(&o).contains("no-t.csv line 1: no column 't' in the header"), "{}", stderr(&o));

    let params = write("params.json", "{\"bg-nbd\": {\"params\": {\"r\": 0.24, \"alpha\": 4.4, \"a\": 0.79}}}");
    let good = write("good.csv", "customer_id,frequency,recency,T\na,1,2,10\n");
    let o = kundenwert(&["score", "--params", &params, &good]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("params.json: bg-nbd.params.b is missing or not a number"), "{}", stderr(&o));
    let broken = write("broken.json", "{\"bg-nbd\": {\"params\": {\"r\": }}}");
    let o = kundenwert(&["score", "--params", &broken, &good]);
    assert!(stderr(&o).contains("broken.json: line 1, column 29: expected a value"), "{}", stderr(&o));
    let bg_only =
        write("bg.json", "{\"bg-nbd\": {\"params\": {\"r\": 0.24, \"alpha\": 4.4, \"a\": 0.79, \"b\": 2.4}}}");
    let o = kundenwert(&["score", "--params", &bg_only, "--model", "pareto-nbd", &good]);
    assert!(
        stderr(&o).contains("bg.json: no pareto-nbd fit in the file: run kundenwert fit --model pareto-nbd first"),
        "{}",
        stderr(&o)
    );
    let o = ok(&["score", "--params", &bg_only, &good]);
    let scored = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(scored.starts_with("customer_id,probability_alive,expected_purchases\na,0."), "{scored}");
}

// ---- a grouped summary: one row per distinct history with a count --------------------------

#[test]
fn a_grouped_summary_fits_as_the_ungrouped_one_and_scores_per_row() {
    let out = out_dir("grouped");
    ok(&["analyze", &fixture("fixtures/CDNOW_master.txt"), "--out", out.to_str().unwrap(), "--quiet"]);
    let table = rows(&out.join("customers.csv"));
    // GROUP BY frequency, recency, T, monetary with COUNT(*), as an engine returns it (the
    // count column before the others, DuckDB's name for an unnamed COUNT(*)).
    let mut groups: std::collections::BTreeMap<(String, String, String, String), u32> = Default::default();
    for r in &table[1..] {
        *groups.entry((r[1].clone(), r[2].clone(), r[3].clone(), r[4].clone())).or_default() += 1;
    }
    let mut text = String::from("count_star(),frequency,recency,T,monetary\n");
    for ((f, r, t, m), n) in &groups {
        text.push_str(&format!("{n},{f},{r},{t},{m}\n"));
    }
    let grouped = out.join("grouped.csv");
    std::fs::write(&grouped, text).unwrap();
    assert_eq!(groups.len(), 11_590);
    assert_eq!(groups.values().sum::<u32>(), 23_570);
    let fit = |summary: &Path, name: &str| -> Value {
        let params = out.join(name);
        let summary = summary.to_str().unwrap();
        ok(&["fit", "--model", "bg-nbd,gamma-gamma", summary, "--out", params.to_str().unwrap(), "--quiet"]);
        serde_json::from_str(&read(&params)).unwrap()
    };
    let a = fit(&out.join("customers.csv"), "ungrouped.json");
    let b = fit(&grouped, "grouped.json");
    for (model, names) in [("bg-nbd", &["r", "alpha", "a", "b"][..]), ("gamma-gamma", &["p", "q", "v"][..])] {
        assert_eq!(a[model]["observations"], b[model]["observations"], "{model}");
        for name in names {
            let (x, y) = (a[model]["params"][name].as_f64().unwrap(), b[model]["params"][name].as_f64().unwrap());
            // The same customers summed in another order: the fits agree to their tolerance.
            assert!((x - y).abs() <= 1e-7 * x.abs(), "{model} {name}: {x} vs {y}");
        }
        let (x, y) = (a[model]["logLikelihood"].as_f64().unwrap(), b[model]["logLikelihood"].as_f64().unwrap());
        assert!((x - y).abs() <= 1e-9 * x.abs(), "{model} log-likelihood {x} vs {y}");
    }
    // Scored per row, the count beside; each row's numbers are those of its customers.
    let params = out.join("ungrouped.json");
    let score = |summary: &Path| -> Vec<Vec<String>> {
        let o = ok(&["score", "--params", params.to_str().unwrap(), summary.to_str().unwrap()]);
        String::from_utf8_lossy(&o.stdout).lines().map(|l| l.split(',').map(str::to_string).collect()).collect()
    };
    let per_customer = score(&out.join("customers.csv"));
    let per_row = score(&grouped);
    assert_eq!(per_row[0].join(","), "customer_id,count,probability_alive,expected_purchases,expected_spend,clv");
    assert_eq!(per_row.len(), 11_591);
    let mut by_history = std::collections::HashMap::new();
    for (r, s) in table[1..].iter().zip(&per_customer[1..]) {
        by_history.insert((r[1].clone(), r[2].clone(), r[3].clone(), r[4].clone()), s[1..].to_vec());
    }
    for (((f, r, t, m), n), s) in groups.iter().zip(&per_row[1..]) {
        assert_eq!(s[1], n.to_string());
        assert_eq!(s[2..], by_history[&(f.clone(), r.clone(), t.clone(), m.clone())][..], "history {f},{r},{t},{m}");
    }

    let bad = out.join("bad-count.csv");
    std::fs::write(&bad, "frequency,recency,T,count\n1,2,10,3\n0,0,10,2.5\n").unwrap();
    let o = kundenwert(&["fit", "--model", "bg-nbd", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "bad-count.csv line 3, column count: '2.5' is not a count of customers (a whole number, at least 1)"
        ),
        "{}",
        stderr(&o)
    );
    std::fs::write(&bad, "frequency,recency,T,count\n1,2,10,0\n").unwrap();
    let o = kundenwert(&["score", "--params", params.to_str().unwrap(), bad.to_str().unwrap()]);
    assert!(stderr(&o).contains("bad-count.csv line 2, column count: '0' is not a count"), "{}", stderr(&o));
    // A model's error on a grouped row names that row's line.
    std::fs::write(&bad, "frequency,recency,T,count\n1,2,10,3\n1,12,10,2\n").unwrap();
    let o = kundenwert(&["fit", "--model", "bg-nbd", bad.to_str().unwrap()]);
    assert!(stderr(&o).contains("bad-count.csv line 3, column recency"), "{}", stderr(&o));
}

// ---- Parquet: read back by DuckDB, value for value against the CSV files -------------------

/// Python with DuckDB: the venv of the sql suite (tests/sql/equality.py), made when missing.
fn duckdb_python() -> PathBuf {
    static MADE: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one = MADE.lock().unwrap_or_else(|e| e.into_inner());
    let venv = root().join("target/sql-venv");
    let python = venv.join("bin/python");
    let has = |p: &Path| Command::new(p).args(["-c", "import duckdb"]).output().is_ok_and(|o| o.status.success());
    if !has(&python) {
        if !python.exists() {
            let o = Command::new("python3").args(["-m", "venv"]).arg(&venv).output().expect("python3 -m venv");
            assert!(o.status.success(), "python3 -m venv: {}", stderr(&o));
        }
        let o = Command::new(&python)
            .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "duckdb", "sqlglot"])
            .output()
            .unwrap();
        assert!(o.status.success(), "pip install duckdb: {}", stderr(&o));
    }
    python
}

/// Each `.parquet` file as DuckDB's `read_parquet` reads it: the column types and the rows,
/// every value as text (floats by Python's repr, which reads back as the same float; dates
/// ISO; null as JSON null).
const READ_PARQUET: &str = r#"
import duckdb, json, sys
c = duckdb.connect()
c.execute("SET enable_progress_bar = false")  # on a busy machine it prints to stdout after 2 s
out = {}
for path in sys.argv[1:]:
    q = f"SELECT * FROM read_parquet('{path}')"
    types = [(r[0], r[1]) for r in c.execute(f"DESCRIBE {q}").fetchall()]
    rows = [[None if v is None else repr(v) if isinstance(v, float) else str(v) for v in r] for r in c.execute(q).fetchall()]
    out[path] = {"types": types, "rows": rows}
print(json.dumps(out))
"#;

/// A CSV file as rows of cells (RFC 4180: quoted cells with commas, quotes, line breaks).
fn csv_cells(text: &str) -> Vec<Vec<String>> {
    let (mut rows, mut row, mut cell, mut quoted) = (Vec::new(), Vec::new(), String::new(), false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => row.push(std::mem::take(&mut cell)),
            '\n' if !quoted => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            c => cell.push(c),
        }
    }
    rows
}

/// The type each column is written as (DuckDB's names), by column name; `customers` means
/// a count in every table.
fn parquet_type(table: &str, column: &str) -> &'static str {
    match column {
        "customer_id" | "segment" | "tier" | "channel" | "name" | "action" | "month" | "reason" | "message"
        | "text" | "band" => "VARCHAR",
        "first_purchase" | "last_purchase" => "DATE",
        "frequency" | "purchases" | "recency_days" | "r" | "f" | "m" | "customers" | "months_since" | "active"
        | "line" | "rank" => "BIGINT",
        "recency" | "T" | "monetary" | "total" | "customer_share" | "revenue" | "revenue_share" | "retention"
        | "clv" | "spend" | "cac" | "ratio" => "DOUBLE",
        other => panic!("{table}: no type known for column {other}"),
    }
}

/// Runs `analyze` as CSV and as Parquet with the same options and compares every table, row
/// by row and value by value: the same columns in the same order, the types above, text and
/// dates equal, whole numbers equal, floats equal (the CSV's shortest digits read back as the
/// float written), an empty CSV cell exactly where Parquet has null. Returns the tables' rows.
fn parquet_equals_csv(name: &str, args: &[&str], tables: &[&str]) -> Vec<(String, usize)> {
    let (csv, pq) = (out_dir(&format!("{name}-csv")), out_dir(&format!("{name}-parquet")));
    let run = |dir: &Path, format: &str| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--quiet", "--format", format, "--out", dir.to_str().unwrap()]);
        ok(&all);
    };
    run(&csv, "csv");
    run(&pq, "parquet");
    let mut names: Vec<String> =
        std::fs::read_dir(&pq).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    let mut want: Vec<String> = tables.iter().map(|t| format!("{t}.parquet")).collect();
    want.sort();
    assert_eq!(names, want);
    let paths: Vec<String> = tables.iter().map(|t| pq.join(format!("{t}.parquet")).display().to_string()).collect();
    let o = Command::new(duckdb_python()).arg("-c").arg(READ_PARQUET).args(&paths).output().unwrap();
    assert!(o.status.success(), "DuckDB read_parquet: {}", stderr(&o));
    let duck: Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut counts = Vec::new();
    for (table, path) in tables.iter().zip(&paths) {
        let expected = csv_cells(&read(&csv.join(format!("{table}.csv"))));
        let got = &duck[path.as_str()];
        let types: Vec<(String, String)> = got["types"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| (t[0].as_str().unwrap().to_string(), t[1].as_str().unwrap().to_string()))
            .collect();
        let header: Vec<String> = types.iter().map(|(n, _)| n.clone()).collect();
        assert_eq!(header, expected[0], "{table}: the columns and their order");
        for (column, kind) in &types {
            assert_eq!(kind, parquet_type(table, column), "{table}.{column}");
        }
        let rows = got["rows"].as_array().unwrap();
        assert_eq!(rows.len(), expected.len() - 1, "{table}: rows");
        for (i, (row, want)) in rows.iter().zip(&expected[1..]).enumerate() {
            for (k, (column, kind)) in types.iter().enumerate() {
                let (cell, value) = (&want[k], &row[k]);
                let at = format!("{table} row {} ({}) {column}", i + 1, want[0]);
                // Null is an empty CSV cell; an empty cell is null but for text (an empty text).
                let Some(value) = value.as_str() else {
                    assert!(cell.is_empty(), "{at}: null in Parquet, '{cell}' in the CSV");
                    continue;
                };
                assert!(!cell.is_empty() || kind == "VARCHAR", "{at}: empty in the CSV, {value} in Parquet");
                if kind == "DOUBLE" {
                    let (a, b) = (cell.parse::<f64>().unwrap(), value.parse::<f64>().unwrap());
                    assert_eq!(a.to_bits(), b.to_bits(), "{at}: {a} vs {b}");
                } else {
                    assert_eq!(value, cell, "{at}");
                }
            }
        }
        counts.push((table.to_string(), rows.len()));
    }
    counts
}

#[test]
fn parquet_files_read_by_duckdb_equal_the_csv_files_on_the_cdnow_sample() {
    let sample = fixture("fixtures/CDNOW_sample.txt");
    let tables = ["customers", "segments", "tiers", "cohorts", "rejected"];
    let counts = parquet_equals_csv("pq-sample", &["analyze", &sample, "--observation-end", "1997-09-30"], &tables);
    // 2357 customers (Fader, Hardie & Lee's sample), the ten segments, three tiers; no row
    // rejected: rejected.parquet is a valid file of no rows.
    assert_eq!(counts[0], ("customers".to_string(), 2357));
    assert_eq!(counts[1].1, 10);
    assert_eq!(counts[2].1, 3);
    assert!(counts[3].1 > 12, "{counts:?}");
    assert_eq!(counts[4], ("rejected".to_string(), 0));
}

#[test]
fn parquet_keeps_quoted_ids_umlauts_emoji_and_missing_values() {
    let edge = fixture("cli/edge.csv");
    let tables = ["customers", "segments", "tiers", "cohorts", "rejected", "channels"];
    let args = ["analyze", &edge, "--acquisition-cost", "cost", "--observation-end", "2024-03-31"];
    let counts = parquet_equals_csv("pq-edge", &args, &tables);
    assert_eq!(counts[0].1, 4);
    assert_eq!(counts[4].1, 1);
    assert_eq!(counts[5].1, 3);
    // The values themselves, beside their agreement with the CSV: ids and channels as given,
    // a spend only where the file has costs (null elsewhere, empty in the CSV).
    let dir = root().join("target/cli-tests/pq-edge-parquet");
    let q = "SELECT string_agg(customer_id || '|' || channel || '|' || total, ' / ' ORDER BY customer_id) \
             FROM read_parquet('customers.parquet')";
    let script = format!("import duckdb, os; os.chdir({:?}); print(duckdb.sql({q:?}).fetchall()[0][0]); \
                          print(duckdb.sql(\"SELECT list(spend ORDER BY rank), list(band ORDER BY rank) FROM read_parquet('channels.parquet')\").fetchall()[0])",
                         dir.display().to_string());
    let o = Command::new(duckdb_python()).arg("-c").arg(script).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "Müller, Jürgen|Suche, bezahlt|25.0 / Zoë 🎉|Newsletter 📧|7.3 / say \"hi\"|Newsletter 📧|100.0 / Øre;Straße|Empfehlung|42.0\n\
         ([12.5, None, None], ['below-target', None, None])\n"
    );
}

#[test]
fn parquet_is_a_format_and_a_wrong_one_is_named() {
    let o = kundenwert(&["analyze", &fixture("cli/orders.csv"), "--format", "xlsx"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--format must be csv, json or parquet, not 'xlsx'"), "{}", stderr(&o));
    let out = out_dir("strict-parquet");
    let o = kundenwert(&[
        "analyze",
        &fixture("cli/orders.csv"),
        "--format",
        "parquet",
        "--strict",
        "--quiet",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("1 rows rejected (--strict): see rejected.parquet"), "{}", stderr(&o));
    let bytes = std::fs::read(out.join("rejected.parquet")).unwrap();
    assert_eq!((&bytes[..4], &bytes[bytes.len() - 4..]), (&b"PAR1"[..], &b"PAR1"[..]));
    let help = String::from_utf8_lossy(&ok(&["analyze", "--help"]).stdout).into_owned();
    assert!(help.contains("--format csv|json|parquet"), "{help}");
}

#[test]
fn parquet_of_more_than_a_row_group_reads_back_whole_in_duckdb() {
    // 2^20 + 7 customers, one purchase each: customers.parquet has two row groups. DuckDB
    // checks each customer against its own reading of the transaction file.
    let out = out_dir("pq-row-groups");
    let file = out.join("transactions.csv");
    let n = (1 << 20) + 7;
    let mut text = String::with_capacity(n * 26);
    text.push_str("customer,date,amount\n");
    for i in 0..n {
        text.push_str(&format!(
            "c{i:07},2024-{:02}-{:02},{:.2}\n",
            1 + i % 12,
            1 + i % 28,
            1.0 + (i % 1000) as f64 / 100.0
        ));
    }
    std::fs::write(&file, text).unwrap();
    let dir = out.join("parquet");
    ok(&["analyze", file.to_str().unwrap(), "--format", "parquet", "--quiet", "--out", dir.to_str().unwrap()]);
    let script = r#"
import duckdb, sys
file, p = sys.argv[1], sys.argv[2]
c = duckdb.connect()
c.execute("SET enable_progress_bar = false")  # on a busy machine it prints to stdout after 2 s
print(c.execute(f"SELECT row_group_id, any_value(row_group_num_rows) FROM parquet_metadata('{p}') GROUP BY 1 ORDER BY 1").fetchall())
t = f"read_csv('{file}', header=true, columns={{'customer': 'VARCHAR', 'date': 'DATE', 'amount': 'DECIMAL(12,2)'}})"
print(c.execute(f"""SELECT count(*), count(t.customer),
    count(*) FILTER (WHERE p.total = CAST(t.amount AS DOUBLE) AND p.first_purchase = t.date
        AND p.last_purchase = t.date AND p.frequency = 0 AND p.purchases = 1 AND p.recency = 0 AND p.monetary = 0)
    FROM read_parquet('{p}') p LEFT JOIN {t} t ON p.customer_id = t.customer""").fetchall()[0])
"#;
    let p = dir.join("customers.parquet");
    let o = Command::new(duckdb_python()).arg("-c").arg(script).arg(&file).arg(&p).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(String::from_utf8_lossy(&o.stdout), format!("[(0, 1048576), (1, 7)]\n({n}, {n}, {n})\n"));
}
