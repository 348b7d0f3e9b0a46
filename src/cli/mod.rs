//! `kundenwert`: the crate's customer-data analysis and customer-base models on the command
//! line. `kundenwert --help` lists the commands; each has its own `--help`.
//!
//! Exit codes: 0 done, 1 bad input (a file that cannot be read, an option value or a summary
//! value that is out of range, a model that does not fit), 2 usage (an unknown command or
//! option, a missing argument).

mod json;
mod parquet;
mod tables;

use std::fs::File;
use std::io::{Read, Write};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::analysis::{Analysis, AnalysisOptions, AnalysisResult, ColumnOptions};
use crate::data::reader::ColumnRef;
use crate::models::api::{
    self, BgNbdParams, Columns, FitOptions, FitResult, GammaGammaParams, ParetoNbdParams, PredictOptions,
};
use crate::output::{Put, ToOutput};
use tables::{field, num};





/// Why a command failed: exit 1 (bad input) or 2 (usage).
enum Failure {
    Input(String),
    Usage(String),
}

type Outcome<T = ()> = Result<T, Failure>;

fn input<T>(message: impl Into<String>) -> Outcome<T> {
    Err(Failure::Input(message.into()))
}

fn usage<T>(message: impl Into<String>) -> Outcome<T> {
    Err(Failure::Usage(message.into()))
}

/// The `kundenwert` command: reads `std::env::args`, returns the exit code (0 done, 1 bad
/// input, 2 usage).
pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = args.first().map(String::as_str).unwrap_or("");
    match run(command, &args[args.len().min(1)..]) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(m)) => {
            eprintln!("kundenwert {command}: {m}");
            ExitCode::from(1)
        }
        Err(Failure::Usage(m)) => {
            if matches!(command, "analyze" | "fit" | "score") {
                eprintln!("kundenwert {command}: {m}\nRun 'kundenwert {command} --help' for its options.");
            } else {
                eprintln!("kundenwert: {m}\nRun 'kundenwert --help' for the commands.");
            }
            ExitCode::from(2)
        }
    }
}

fn run(command: &str, rest: &[String]) -> Outcome {
    match command {
        "analyze" => analyze(&Args::parse(rest, ANALYZE_FLAGS, help("ANALYZE_HELP"))?),
        "fit" => fit(&Args::parse(rest, FIT_FLAGS, help("FIT_HELP"))?),
        "score" => score(&Args::parse(rest, SCORE_FLAGS, help("SCORE_HELP"))?),
        "--help" | "-h" | "help" => {
            print!("{}", help("MAIN_HELP"));
            Ok(())
        }
        "--version" | "-V" => {
            println!("kundenwert {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        "" => usage("a command is required: analyze, fit or score"),
        other => usage(format!("unknown command '{other}': use analyze, fit or score")),
    }
}

// ---- arguments ---------------------------------------------------------------------------

/// Options of a command: (name, takes a value).
type Flags = &'static [(&'static str, bool)];

/// The help texts, from js/cli-help.txt (shared with `npx kundenwert`): the text after the
/// line `@@ NAME`, up to the next such line.
fn help(name: &str) -> &'static str {
    const ALL: &str = include_str!("../../js/cli-help.txt");
    let Some(start) = ALL.find(&format!("@@ {name}\n")) else { return "" };
    let text = &ALL[start + name.len() + 4..];
    &text[..text.find("\n@@ ").map_or(text.len(), |e| e + 1)]
}

const ANALYZE_FLAGS: Flags = &[
    ("format", true),
    ("out", true),
    ("observation-end", true),
    ("period-unit", true),
    ("monetary", true),
    ("tier-shares", true),
    ("gross-margin", true),
    ("delimiter", true),
    ("header", true),
    ("date-format", true),
    ("decimal", true),
    ("encoding", true),
    ("refunds", true),
    ("customer", true),
    ("date", true),
    ("amount", true),
    ("channel", true),
    ("order", true),
    ("acquisition-cost", true),
    ("strict", false),
    ("quiet", false),
];
const FIT_FLAGS: Flags = &[("model", true), ("out", true), ("quiet", false)];
const SCORE_FLAGS: Flags = &[
    ("params", true),
    ("model", true),
    ("months", true),
    ("period-unit", true),
    ("discount-rate", true),
    ("gross-margin", true),
    ("out", true),
];

struct Args {
    files: Vec<String>,
    options: Vec<(&'static str, String)>,
}

impl Args {
    /// `--name value`, `--name=value`, flags, and file arguments; `--help` prints `help` and
    /// exits.
    fn parse(args: &[String], flags: Flags, help: &str) -> Outcome<Args> {
        let (mut files, mut options) = (Vec::new(), Vec::new());
        let mut i = 0;
        while i < args.len() {
            let a = &args[i];
            i += 1;
            if a == "--help" || a == "-h" {
                print!("{help}");
                std::process::exit(0);
            }
            let Some(body) = a.strip_prefix("--") else {
                files.push(a.clone());
                continue;
            };
            let (name, inline) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (body, None),
            };
            let Some(&(known, takes_value)) = flags.iter().find(|(n, _)| *n == name) else {
                return usage(format!("unknown option --{name}"));
            };
            let value = if takes_value {
                match inline {
                    Some(v) => v,
                    None if i < args.len() => {
                        i += 1;
                        args[i - 1].clone()
                    }
                    None => return usage(format!("--{name} needs a value")),
                }
            } else if inline.is_some() {
                return usage(format!("--{name} takes no value"));
            } else {
                String::new()
            };
            options.push((known, value));
        }
        Ok(Args { files, options })
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.options.iter().rev().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    fn all(&self, name: &str) -> Vec<&str> {
        self.options.iter().filter(|(n, _)| *n == name).flat_map(|(_, v)| v.split(',')).map(str::trim).collect()
    }

    fn has(&self, name: &str) -> bool {
        self.options.iter().any(|(n, _)| *n == name)
    }

    fn number(&self, name: &str) -> Outcome<Option<f64>> {
        match self.get(name) {
            None => Ok(None),
            Some(v) => match v.trim().parse::<f64>() {
                Ok(n) if n.is_finite() => Ok(Some(n)),
                _ => input(format!("--{name} must be a number, not '{v}'")),
            },
        }
    }

    fn one_file(&self, what: &str) -> Outcome<&str> {
        match self.files.as_slice() {
            [f] => Ok(f),
            [] => usage(format!("{what} is required")),
            _ => usage(format!("one {what} only, not {}", self.files.len())),
        }
    }
}

/// An error of the crate, as a person reads it: the field and the message.
fn crate_error(e: &crate::Error) -> String {
    if e.field.is_empty() || e.message.starts_with(&e.field) {
        format!("{} ({})", e.message, e.code.as_str())
    } else {
        format!("{}: {} ({})", e.field, e.message, e.code.as_str())
    }
}

fn write_file(path: &std::path::Path, text: &str) -> Outcome {
    std::fs::write(path, text).or_else(|e| input(format!("cannot write {}: {e}", path.display())))
}

/// Writes to `--out FILE`, or standard output.
fn emit(out: Option<&str>, text: &str) -> Outcome {
    match out {
        Some(path) => write_file(std::path::Path::new(path), text),
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
                // A reader that stopped early (`| head`) is not an error.
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => input(format!("cannot write the output: {e}")),
                _ => Ok(()),
            }
        }
    }
}

// ---- numbers and CSV ---------------------------------------------------------------------

struct Csv(String);

impl Csv {
    fn new(header: &[&str]) -> Self {
        Csv(header.join(",") + "\n")
    }
    fn row(&mut self, cells: &[String]) {
        self.0.push_str(&cells.join(","));
        self.0.push('\n');
    }
}

/// Splits a CSV line (quotes as in RFC 4180, within one line).
fn split_line(line: &str, delimiter: char) -> Vec<String> {
    let (mut cells, mut cell, mut quoted, mut chars) = (Vec::new(), String::new(), false, line.chars().peekable());
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if c == delimiter && !quoted => cells.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    cells.push(cell);
    cells
}

// ---- analyze -----------------------------------------------------------------------------

fn column(v: Option<&str>) -> Option<ColumnRef> {
    v.map(|s| match s.parse::<usize>() {
        Ok(i) => ColumnRef::Index(i),
        Err(_) => ColumnRef::Name(s.to_string()),
    })
}

fn analysis_options(a: &Args) -> Outcome<AnalysisOptions> {
    let tier_shares = match a.get("tier-shares") {
        None => None,
        Some(v) => {
            let parts: Result<Vec<f64>, _> = v.split(',').map(|p| p.trim().parse::<f64>()).collect();
            match parts {
                Ok(p) if p.len() == 2 => Some(p),
                _ => return input(format!("--tier-shares must be two shares A,B such as 0.8,0.15, not '{v}'")),
            }
        }
    };
    let header = match a.get("header") {
        None => None,
        Some("yes" | "true") => Some(true),
        Some("no" | "false") => Some(false),
        Some(v) => return input(format!("--header must be yes or no, not '{v}'")),
    };
    let delimiter = a.get("delimiter").map(|d| match d {
        "tab" | "\\t" => "\t".to_string(),
        "space" => " ".to_string(),
        d => d.to_string(),
    });
    let columns = ColumnOptions {
        customer: column(a.get("customer")),
        date: column(a.get("date")),
        amount: column(a.get("amount")),
        channel: column(a.get("channel")),
        acquisition_cost: column(a.get("acquisition-cost")),
        order: column(a.get("order")),
    };
    Ok(AnalysisOptions {
        delimiter,
        header,
        columns: Some(columns),
        date_format: a.get("date-format").map(str::to_string),
        decimal: a.get("decimal").map(str::to_string),
        encoding: a.get("encoding").map(str::to_string),
        refunds: a.get("refunds").map(str::to_string),
        observation_end: a.get("observation-end").map(str::to_string),
        period_unit: a.get("period-unit").map(str::to_string),
        monetary: a.get("monetary").map(str::to_string),
        gross_margin: a.number("gross-margin")?,
        tier_shares,
        channel_costs: None,
        models: None,
    })
}

/// Progress on stderr, at most once a second, only when a run takes that long.
struct Progress {
    quiet: bool,
    last: Instant,
    shown: bool,
}

impl Progress {
    fn new(quiet: bool) -> Self {
        Progress { quiet, last: Instant::now(), shown: false }
    }
    fn show(&mut self, line: impl FnOnce() -> String) {
        if !self.quiet && self.last.elapsed() >= Duration::from_secs(1) {
            eprint!("\r{:<60}", line());
            self.last = Instant::now();
            self.shown = true;
        }
    }
    fn done(&mut self) {
        if self.shown {
            eprintln!();
            self.shown = false;
        }
    }
}

const CHUNK: usize = 1 << 20;

/// Reads the file through an analysis; without `keep_days` it stops early once the rows turn
/// out not to be in day order per customer (`Analysis::unordered`).
fn read_file(path: &str, options: &AnalysisOptions, keep_days: bool, progress: &mut Progress) -> Outcome<Analysis> {
    let mut file = File::open(path).or_else(|e| input(format!("cannot read {path}: {e}")))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let read_error = |e: std::io::Error| Failure::Input(format!("cannot read {path}: {e}"));
    // The format is detected on the file's first 64 KiB; then the file is read in chunks.
    let mut buffer = vec![0u8; CHUNK];
    let mut filled = 0;
    while filled < 65536 {
        let n = file.read(&mut buffer[filled..]).map_err(read_error)?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    let mut analysis =
        Analysis::start_with(options, &buffer[..filled], keep_days).map_err(|e| Failure::Input(crate_error(&e)))?;
    let mut done = filled as u64;
    analysis.push(&buffer[..filled]);
    loop {
        if !keep_days && analysis.unordered() {
            break;
        }
        let n = file.read(&mut buffer).map_err(read_error)?;
        if n == 0 {
            break;
        }
        analysis.push(&buffer[..n]);
        done += n as u64;
        progress.show(|| format!("reading {path}: {} of {} MB", done >> 20, size >> 20));
    }
    Ok(analysis)
}

fn analyze(a: &Args) -> Outcome {
    let path = a.one_file("a transaction FILE")?;
    let options = analysis_options(a)?;
    let format = a.get("format").unwrap_or("csv");
    if !matches!(format, "csv" | "json" | "parquet") {
        return input(format!("--format must be csv, json or parquet, not '{format}'"));
    }
    let out = std::path::PathBuf::from(a.get("out").unwrap_or("."));
    let quiet = a.has("quiet");
    let mut progress = Progress::new(quiet);
    // First without per-day state (memory per customer only: exports come sorted by date, or
    // by customer and date); when a customer's row comes after a later one of theirs, the
    // file is read again keeping each customer's purchase days.
    let mut analysis = read_file(path, &options, false, &mut progress)?;
    if analysis.unordered() {
        progress.show(|| format!("{path}: rows out of date order; reading it again with each customer's days"));
        analysis = read_file(path, &options, true, &mut progress)?;
    }
    let mut work = analysis.summarizing().map_err(|e| Failure::Input(crate_error(&e)))?;
    while !work.step(100_000) {
        let (d, all) = work.progress();
        progress.show(|| format!("summarising: {d} of {all} customers"));
    }
    let result = work.done().result().map_err(|e| Failure::Input(crate_error(&e)))?;
    progress.done();

    std::fs::create_dir_all(&out).or_else(|e| input(format!("cannot create {}: {e}", out.display())))?;
    let written = if format == "json" {
        let mut j = json::Json::object();
        result.write(&mut j);
        let p = out.join("analysis.json");
        write_file(&p, &j.end())?;
        vec![p]
    } else {
        write_tables(&result, &out, format)?
    };
    if !quiet {
        report(&result, path, &written);
    }
    if a.has("strict") && result.rejected.total > 0.0 {
        let listed = if format == "json" { "analysis.json".to_string() } else { format!("rejected.{format}") };
        return input(format!("{} rows rejected (--strict): see {listed}", result.rejected.total));
    }
    Ok(())
}

fn report(r: &AnalysisResult, path: &str, written: &[std::path::PathBuf]) {
    eprintln!(
        "{path}: {} rows read, {} used, {} rejected; {} customers, observed to {} (period unit: {})",
        r.rows.read, r.rows.used, r.rows.rejected, r.customers.count, r.observation_end, r.period_unit
    );
    for row in r.rejected.rows.iter().take(5) {
        eprintln!("  line {}: {} ({}): {}", row.line, row.message, row.reason, row.text);
    }
    if r.rejected.total > r.rejected.rows.iter().take(5).count() as f64 {
        for c in &r.rejected.by_reason {
            eprintln!("  {} rows: {} ({})", c.count, c.message, c.reason);
        }
    }
    let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    eprintln!("wrote {}", names.join(", "));
}

/// The tables of src/cli/tables.rs as `NAME.csv` or `NAME.parquet` files in `out`.
fn write_tables(r: &AnalysisResult, out: &std::path::Path, format: &str) -> Outcome<Vec<std::path::PathBuf>> {
    let mut written = Vec::new();
    for table in tables::tables(r).map_err(Failure::Input)? {
        let p = out.join(format!("{}.{format}", table.name));
        if format == "parquet" {
            let cannot = |e: std::io::Error| Failure::Input(format!("cannot write {}: {e}", p.display()));
            let file = File::create(&p).map_err(cannot)?;
            let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
            parquet::write(&table, concat!("kundenwert version ", env!("CARGO_PKG_VERSION")), &mut w)
                .map_err(cannot)?;
        } else {
            let cannot = |e: std::io::Error| Failure::Input(format!("cannot write {}: {e}", p.display()));
            let file = File::create(&p).map_err(cannot)?;
            table.write_csv(&mut std::io::BufWriter::with_capacity(1 << 20, file)).map_err(cannot)?;
        }
        written.push(p);
    }
    Ok(written)
}

// ---- the summary file of fit and score ---------------------------------------------------

/// A per-customer summary read from CSV.
struct SummaryFile {
    path: String,
    id: Vec<String>,
    frequency: Vec<f64>,
    recency: Vec<f64>,
    t: Vec<f64>,
    /// Empty when the file has no monetary column.
    monetary: Vec<f64>,
    /// Customers per row (a grouped summary: one row per distinct history); empty when the
    /// file has no count column (one row per customer).
    count: Vec<f64>,
    /// The file's line of each customer.
    line: Vec<usize>,
}

impl SummaryFile {
    fn read(path: &str) -> Outcome<SummaryFile> {
        let bytes = std::fs::read(path).or_else(|e| input(format!("cannot read {path}: {e}")))?;
        // Parquet (PAR1) and Arrow IPC (ARROW1, or a stream's 0xFFFFFFFF) are read by npx
        // kundenwert, whose readers are JS; this build reads CSV and says so.
        let kind = if bytes.starts_with(b"PAR1") {
            Some("Parquet")
        } else if bytes.starts_with(b"ARROW1") || bytes.starts_with(&[0xff; 4]) {
            Some("Arrow IPC")
        } else {
            None
        };
        if let Some(kind) = kind {
            return input(format!(
                "{path} is a {kind} file: this build of kundenwert reads summaries as CSV; \
                 `npx kundenwert` reads Parquet and Arrow IPC too, or write the summary as CSV \
                 (COPY ... TO 'summary.csv' in DuckDB)"
            ));
        }
        let text = String::from_utf8_lossy(&bytes);
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
        let Some((_, head)) = lines.next() else {
            return input(format!("{path}: the file is empty: a header and one row per customer are needed"));
        };
        let delimiter = [',', ';', '\t', '|'].into_iter().find(|d| head.contains(*d)).unwrap_or(',');
        let names: Vec<String> =
            split_line(head, delimiter).iter().map(|s| s.trim().trim_matches('"').to_ascii_lowercase()).collect();
        let find = |want: &[&str]| names.iter().position(|n| want.contains(&n.as_str()));
        let column = |want: &str| {
            find(&[want]).ok_or_else(|| {
                Failure::Input(format!("{path} line 1: no column '{want}' in the header ({})", names.join(", ")))
            })
        };
        let (f, r, t) = (column("frequency")?, column("recency")?, column("t")?);
        let m = find(&["monetary", "monetary_value"]);
        // `count`, or the name an engine gives an unnamed COUNT(*) (DuckDB, Spark).
        let count = find(&["count", "count_star()", "count(*)", "count(1)"]);
        let id = find(&["customer_id", "customer", "id"]);
        let mut s = SummaryFile {
            path: path.to_string(),
            id: Vec::new(),
            frequency: Vec::new(),
            recency: Vec::new(),
            t: Vec::new(),
            monetary: Vec::new(),
            count: Vec::new(),
            line: Vec::new(),
        };
        for (i, l) in lines {
            let cells = split_line(l, delimiter);
            let line = i + 1;
            let value = |k: usize| -> Outcome<f64> {
                let name = &names[k];
                let cell = cells.get(k).map(|c| c.trim()).unwrap_or("");
                match cell.parse::<f64>() {
                    Ok(v) if v.is_finite() => Ok(v),
                    _ if cell.is_empty() => input(format!("{path} line {line}, column {name}: the value is missing")),
                    _ => input(format!("{path} line {line}, column {name}: '{cell}' is not a number")),
                }
            };
            s.frequency.push(value(f)?);
            s.recency.push(value(r)?);
            s.t.push(value(t)?);
            if let Some(m) = m {
                s.monetary.push(value(m)?);
            }
            if let Some(k) = count {
                let n = value(k)?;
                if n.fract() != 0.0 || n < 1.0 {
                    let cell = cells.get(k).map(|c| c.trim()).unwrap_or("");
                    return input(format!(
                        "{path} line {line}, column {}: '{cell}' is not a count of customers (a whole number, at least 1)",
                        names[k]
                    ));
                }
                s.count.push(n);
            }
            s.id.push(match id {
                Some(k) => cells.get(k).cloned().unwrap_or_default(),
                None => (s.line.len() + 1).to_string(),
            });
            s.line.push(line);
        }
        if s.frequency.is_empty() {
            return input(format!("{path}: no customers: the file has a header only"));
        }
        Ok(s)
    }

    fn columns(&self) -> Columns<'_> {
        Columns {
            frequency: &self.frequency,
            recency: &self.recency,
            t: &self.t,
            monetary: &self.monetary,
            count: &self.count,
        }
    }

    /// A model's error on `name[i]` as the file's line and column.
    fn error(&self, e: &crate::Error) -> Failure {
        if let Some((name, rest)) = e.field.split_once('[') {
            if let Some(i) = rest.strip_suffix(']').and_then(|i| i.parse::<usize>().ok()) {
                if let Some(&line) = self.line.get(i) {
                    let rule = e.message.strip_prefix(&e.field).unwrap_or(&e.message).trim_start();
                    let column = if name == "T" { "T" } else { name };
                    return Failure::Input(format!(
                        "{} line {line}, column {column} (customer {}): {column} {rule} ({})",
                        self.path,
                        self.id[i],
                        e.code.as_str()
                    ));
                }
            }
        }
        Failure::Input(format!("{}: {}", self.path, crate_error(e)))
    }
}

// ---- fit ---------------------------------------------------------------------------------

fn fit(a: &Args) -> Outcome {
    let path = a.one_file("a SUMMARY.csv")?;
    let models = a.all("model");
    if models.is_empty() {
        return usage("--model is required: bg-nbd, pareto-nbd or gamma-gamma");
    }
    for m in &models {
        if !matches!(*m, "bg-nbd" | "pareto-nbd" | "gamma-gamma") {
            return input(format!("--model must be bg-nbd, pareto-nbd or gamma-gamma, not '{m}'"));
        }
    }
    let s = SummaryFile::read(path)?;
    if models.contains(&"gamma-gamma") && s.monetary.is_empty() {
        return input(format!("{path} line 1: gamma-gamma needs a monetary column (each customer's mean spend)"));
    }
    let mut j = json::Json::object();
    for m in &models {
        let f = api::fit(&FitOptions { model: m.to_string() }, &s.columns()).map_err(|e| s.error(&e))?;
        if !a.has("quiet") {
            eprintln!("{}", describe(&f));
        }
        f.put(model_key(m), &mut j);
    }
    emit(a.get("out"), &j.end())
}

fn model_key(m: &str) -> &'static str {
    match m {
        "bg-nbd" => "bg-nbd",
        "pareto-nbd" => "pareto-nbd",
        _ => "gamma-gamma",
    }
}

/// `bg-nbd: r = 0.243 ± 0.013, ...; log-likelihood ...; 2357 customers`.
fn describe(f: &FitResult) -> String {
    let se = f.standard_errors.as_ref();
    let params: Vec<String> = f
        .params
        .0
        .iter()
        .enumerate()
        .map(|(i, (name, v))| match se.map(|s| s.0[i].1) {
            Some(e) => format!("{name} = {v:.4} ± {e:.4}"),
            None => format!("{name} = {v:.4}"),
        })
        .collect();
    format!("{}: {}; log-likelihood {:.2}; {} customers", f.model, params.join(", "), f.log_likelihood, f.observations)
}

// ---- score -------------------------------------------------------------------------------

fn params_of(fits: &json::Value, key: &str, names: &[&str], file: &str) -> Outcome<Option<Vec<f64>>> {
    let Some(fit) = fits.get(key) else { return Ok(None) };
    let mut out = Vec::new();
    for name in names {
        match fit.get("params").and_then(|p| p.get(name)).and_then(json::Value::number) {
            Some(v) => out.push(v),
            None => return input(format!("{file}: {key}.params.{name} is missing or not a number")),
        }
    }
    Ok(Some(out))
}

fn score(a: &Args) -> Outcome {
    let path = a.one_file("a SUMMARY.csv")?;
    let Some(params_path) = a.get("params") else {
        return usage("--params PARAMS.json is required (written by kundenwert fit)");
    };
    let text = std::fs::read_to_string(params_path).or_else(|e| input(format!("cannot read {params_path}: {e}")))?;
    let fits = json::parse(&text).map_err(|e| Failure::Input(format!("{params_path}: {e}")))?;
    let bg = params_of(&fits, "bg-nbd", &["r", "alpha", "a", "b"], params_path)?;
    let pareto = params_of(&fits, "pareto-nbd", &["r", "alpha", "s", "beta"], params_path)?;
    let gg = params_of(&fits, "gamma-gamma", &["p", "q", "v"], params_path)?;
    let mut options = PredictOptions::default();
    match a.get("model") {
        Some("bg-nbd") | None if bg.is_some() => {
            let p = bg.unwrap_or_default();
            options.bg_nbd = Some(BgNbdParams { r: p[0], alpha: p[1], a: p[2], b: p[3] });
        }
        Some("pareto-nbd") | None if pareto.is_some() => {
            let p = pareto.unwrap_or_default();
            options.pareto_nbd = Some(ParetoNbdParams { r: p[0], alpha: p[1], s: p[2], beta: p[3] });
        }
        Some(m) if m != "bg-nbd" && m != "pareto-nbd" => {
            return input(format!("--model must be bg-nbd or pareto-nbd, not '{m}'"));
        }
        m => {
            let m = m.unwrap_or("bg-nbd");
            return input(format!("{params_path}: no {m} fit in the file: run kundenwert fit --model {m} first"));
        }
    }
    options.gamma_gamma = gg.map(|p| GammaGammaParams { p: p[0], q: p[1], v: p[2] });
    options.months = a.number("months")?;
    options.discount_rate = a.number("discount-rate")?;
    options.gross_margin = a.number("gross-margin")?;
    options.period_unit = Some(a.get("period-unit").unwrap_or("week").to_string());
    let settings = options.clv_settings().map_err(|e| Failure::Input(crate_error(&e)))?;
    let s = SummaryFile::read(path)?;
    let columns = s.columns();
    let predict = |what: &str, t: Option<f64>| -> Outcome<Vec<f64>> {
        let o = PredictOptions { predict: what.to_string(), t, ..options.clone() };
        api::predict(&o, &columns).map(|p| p.values).map_err(|e| s.error(&e))
    };
    let horizon = settings.months as f64 * settings.periods_per_month;
    let alive = predict("probabilityAlive", None)?;
    let purchases = predict("expectedPurchases", Some(horizon))?;
    let spend = if options.gamma_gamma.is_some() {
        if s.monetary.is_empty() {
            return input(format!("{path} line 1: the CLV needs a monetary column (each customer's mean spend)"));
        }
        Some((predict("expectedSpend", None)?, predict("clv", None)?))
    } else {
        None
    };
    // A grouped summary is scored per row (per distinct history), its count kept beside.
    let grouped = !s.count.is_empty();
    let mut header = vec!["customer_id"];
    if grouped {
        header.push("count");
    }
    header.extend(["probability_alive", "expected_purchases"]);
    if spend.is_some() {
        header.extend(["expected_spend", "clv"]);
    }
    let mut csv = Csv::new(&header);
    for i in 0..s.id.len() {
        let mut row = vec![field(&s.id[i])];
        if grouped {
            row.push(num(s.count[i]));
        }
        row.extend([num(alive[i]), num(purchases[i])]);
        if let Some((spend, clv)) = &spend {
            row.push(num(spend[i]));
            row.push(num(clv[i]));
        }
        csv.row(&row);
    }
    emit(a.get("out"), &csv.0)
}
