//! The tables `kundenwert analyze` writes (customers, segments, tiers, cohorts, channels,
//! rejected): one description, their columns with the values as the type they are, from which
//! both the CSV files and the Parquet files are made, so that the two formats cannot drift.
//! js/cli.mjs (`npx kundenwert`) has the same description; tests/js/cli.test.mjs compares the
//! files of the two.

use std::borrow::Cow;
use std::io::Write;

use crate::analysis::AnalysisResult;
use crate::data::date;

/// The values of one column, borrowed from the result where they can be (the output of a
/// million customers should not hold a second copy of them).
pub enum Cells<'a> {
    /// Text (Parquet: BYTE_ARRAY, STRING).
    Text(Vec<&'a str>),
    /// Text from a list, by each row's number in it: the customers' segment, tier, channel.
    Coded(Vec<&'a str>, &'a [f64]),
    /// Text that can be missing (Parquet: OPTIONAL STRING; CSV: an empty cell).
    OptText(Vec<Option<&'a str>>),
    /// Whole numbers, checked (counts, scores, ranks, line numbers; Parquet: INT64).
    Int(Cow<'a, [f64]>),
    /// Numbers; NaN is no value (Parquet: OPTIONAL DOUBLE, null; CSV: an empty cell).
    Float(Cow<'a, [f64]>),
    /// Days since 1970-01-01, checked (Parquet: INT32, DATE; CSV: YYYY-MM-DD).
    Date(&'a [f64]),
}

impl Cells<'_> {
    pub fn len(&self) -> usize {
        match self {
            Cells::Text(v) => v.len(),
            Cells::Coded(_, v) => v.len(),
            Cells::OptText(v) => v.len(),
            Cells::Int(v) | Cells::Float(v) => v.len(),
            Cells::Date(v) => v.len(),
        }
    }

    /// Row `i` as text, for a text column.
    pub fn text(&self, i: usize) -> Option<&str> {
        match self {
            Cells::Text(v) => Some(v[i]),
            Cells::Coded(names, codes) => Some(names[codes[i] as usize]),
            Cells::OptText(v) => v[i],
            _ => None,
        }
    }
}

pub struct Column<'a> {
    pub name: &'static str,
    pub cells: Cells<'a>,
}

/// One output table; `name` without the extension (`customers`).
pub struct Table<'a> {
    pub name: &'static str,
    pub columns: Vec<Column<'a>>,
}

impl Table<'_> {
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, |c| c.cells.len())
    }

    /// Writes the table as CSV: a header, then one line per row.
    pub fn write_csv(&self, w: &mut impl Write) -> std::io::Result<()> {
        let names: Vec<&str> = self.columns.iter().map(|c| c.name).collect();
        writeln!(w, "{}", names.join(","))?;
        let mut line = String::new();
        for i in 0..self.rows() {
            line.clear();
            for (k, c) in self.columns.iter().enumerate() {
                if k > 0 {
                    line.push(',');
                }
                match &c.cells {
                    Cells::Int(v) => line.push_str(&(v[i] as i64).to_string()),
                    Cells::Float(v) => line.push_str(&num(v[i])),
                    Cells::Date(v) => line.push_str(&date::iso(v[i] as i32)),
                    text => line.push_str(&text.text(i).map(field).unwrap_or_default()),
                }
            }
            line.push('\n');
            w.write_all(line.as_bytes())?;
        }
        w.flush()
    }
}

/// Shortest digits that read back as the same number; empty for NaN (no value).
pub fn num(v: f64) -> String {
    if v.is_finite() {
        format!("{}", v + 0.0)
    } else {
        String::new()
    }
}

/// Money: the nearest whole number of cents when the value is one up to the rounding of its
/// sum (the same rule as js/cli.mjs), else the value itself.
pub fn money(v: f64) -> f64 {
    let cents = (v * 100.0).round();
    if v.is_finite() && (v * 100.0 - cents).abs() <= 1e-6f64.max(cents.abs() * 1e-12) {
        cents / 100.0 + 0.0
    } else {
        v
    }
}

/// A CSV cell: quoted when it holds a comma, a quote, a line break or edge spaces.
pub fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Whole numbers held as floats (the result's counts), checked; anything else is a fault of
/// the analysis, named with its column, never written as a wrong number.
fn whole<'a>(table: &str, name: &str, values: impl Into<Cow<'a, [f64]>>) -> Result<Cells<'a>, String> {
    let values = values.into();
    if let Some(v) = values.iter().find(|v| !(v.is_finite() && v.fract() == 0.0 && v.abs() <= 9_007_199_254_740_992.0))
    {
        return Err(format!("{table}.{name}: {v} is not a whole number (an internal error: please report it)"));
    }
    Ok(Cells::Int(values))
}

fn days<'a>(table: &str, name: &str, values: &'a [f64]) -> Result<Cells<'a>, String> {
    if let Some(v) = values.iter().find(|v| !(v.is_finite() && v.fract() == 0.0 && v.abs() <= i32::MAX as f64)) {
        return Err(format!("{table}.{name}: {v} is not a day number (an internal error: please report it)"));
    }
    Ok(Cells::Date(values))
}

/// Text by each row's number in `names`, checked.
fn coded<'a>(table: &str, name: &str, names: Vec<&'a str>, codes: &'a [f64]) -> Result<Cells<'a>, String> {
    if let Some(v) = codes.iter().find(|&&v| !(v >= 0.0 && v.fract() == 0.0 && (v as usize) < names.len())) {
        return Err(format!("{table}.{name}: {v} is not one of {} (an internal error: please report it)", names.len()));
    }
    Ok(Cells::Coded(names, codes))
}

fn col<'a>(name: &'static str, cells: Cells<'a>) -> Column<'a> {
    Column { name, cells }
}

fn text<'a>(values: impl IntoIterator<Item = &'a str>) -> Cells<'a> {
    Cells::Text(values.into_iter().collect())
}

fn float<'a>(values: impl IntoIterator<Item = f64>) -> Cells<'a> {
    Cells::Float(Cow::Owned(values.into_iter().collect()))
}

fn borrowed(values: &[f64]) -> Cells<'_> {
    Cells::Float(Cow::Borrowed(values))
}

fn counts(values: impl IntoIterator<Item = f64>) -> Vec<f64> {
    values.into_iter().collect()
}

/// The tables of a result, in the order they are written; channels only when the data has a
/// channel column.
pub fn tables(r: &AnalysisResult) -> Result<Vec<Table<'_>>, String> {
    let c = &r.customers;
    let with_channel = !c.channel.is_empty();
    let t = "customers";
    let mut columns = vec![
        col("customer_id", text(c.id.iter().map(String::as_str))),
        col("frequency", whole(t, "frequency", &c.frequency[..])?),
        col("recency", borrowed(&c.recency)),
        col("T", borrowed(&c.t)),
        col("monetary", borrowed(&c.monetary)),
        col("total", float(c.total.iter().map(|&v| money(v)))),
        col("purchases", whole(t, "purchases", &c.purchases[..])?),
        col("first_purchase", days(t, "first_purchase", &c.first_day)?),
        col("last_purchase", days(t, "last_purchase", &c.last_day)?),
        col("recency_days", whole(t, "recency_days", &c.recency_days[..])?),
        col("r", whole(t, "r", &c.r[..])?),
        col("f", whole(t, "f", &c.f[..])?),
        col("m", whole(t, "m", &c.m[..])?),
        col("segment", coded(t, "segment", r.segments.iter().map(|s| s.segment.as_str()).collect(), &c.segment)?),
        col("tier", coded(t, "tier", vec!["A", "B", "C"], &c.tier)?),
    ];
    if with_channel {
        let names = r.channel_names.iter().map(String::as_str).collect();
        columns.push(col("channel", coded(t, "channel", names, &c.channel)?));
    }
    let customers = Table { name: "customers", columns };

    let s = &r.segments;
    let t = "segments";
    let segments = Table {
        name: t,
        columns: vec![
            col("segment", text(s.iter().map(|s| s.segment.as_str()))),
            col("name", text(s.iter().map(|s| s.name.as_str()))),
            col("customers", whole(t, "customers", counts(s.iter().map(|s| s.customers)))?),
            col("customer_share", float(s.iter().map(|s| s.customer_share))),
            col("revenue", float(s.iter().map(|s| money(s.revenue)))),
            col("revenue_share", float(s.iter().map(|s| s.revenue_share))),
            col("action", text(s.iter().map(|s| s.action.as_str()))),
        ],
    };

    let tr = &r.tiers;
    let t = "tiers";
    let tiers = Table {
        name: t,
        columns: vec![
            col("tier", text(tr.iter().map(|t| t.tier.as_str()))),
            col("customers", whole(t, "customers", counts(tr.iter().map(|t| t.customers)))?),
            col("customer_share", float(tr.iter().map(|t| t.customer_share))),
            col("revenue", float(tr.iter().map(|t| money(t.revenue)))),
            col("revenue_share", float(tr.iter().map(|t| t.revenue_share))),
        ],
    };

    // One row per cohort and month since its first.
    let h = &r.cohorts;
    let each = || h.iter().flat_map(|h| h.active.iter().zip(&h.retention).enumerate().map(move |(k, a)| (h, k, a)));
    let t = "cohorts";
    let cohorts = Table {
        name: t,
        columns: vec![
            col("month", text(each().map(|(h, _, _)| h.month.as_str()))),
            col("months_since", whole(t, "months_since", counts(each().map(|(_, k, _)| k as f64)))?),
            col("customers", whole(t, "customers", counts(each().map(|(h, _, _)| h.customers)))?),
            col("active", whole(t, "active", counts(each().map(|(_, _, (a, _))| *a)))?),
            col("retention", float(each().map(|(_, _, (_, ret))| *ret))),
        ],
    };

    let rows = &r.rejected.rows;
    let t = "rejected";
    let rejected = Table {
        name: t,
        columns: vec![
            col("line", whole(t, "line", counts(rows.iter().map(|r| r.line)))?),
            col("reason", text(rows.iter().map(|r| r.reason.as_str()))),
            col("message", text(rows.iter().map(|r| r.message.as_str()))),
            col("text", text(rows.iter().map(|r| r.text.as_str()))),
        ],
    };

    let mut out = vec![customers, segments, tiers, cohorts, rejected];
    if with_channel {
        let ch = &r.channels;
        let t = "channels";
        out.push(Table {
            name: t,
            columns: vec![
                col("rank", whole(t, "rank", counts(ch.iter().map(|c| c.rank as f64)))?),
                col("channel", text(ch.iter().map(|c| c.channel.as_str()))),
                col("customers", whole(t, "customers", counts(ch.iter().map(|c| c.customers)))?),
                col("revenue", float(ch.iter().map(|c| money(c.revenue)))),
                col("clv", float(ch.iter().map(|c| c.clv))),
                col("spend", float(ch.iter().map(|c| c.spend.map_or(f64::NAN, money)))),
                col("cac", float(ch.iter().map(|c| c.cac.unwrap_or(f64::NAN)))),
                col("ratio", float(ch.iter().map(|c| c.ratio.unwrap_or(f64::NAN)))),
                col("band", Cells::OptText(ch.iter().map(|c| c.band.map(|b| b.as_str())).collect())),
            ],
        });
    }
    Ok(out)
}
