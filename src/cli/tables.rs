//! The tables `kundenwert analyze` writes (customers, segments, tiers, cohorts, channels,
//! rejected): one description, their columns with the values as the type they are, from which
//! both the CSV files and the Parquet files are made, so that the two formats cannot drift.
//! js/cli.mjs (`npx kundenwert`) has the same description; tests/js/cli.test.mjs compares the
//! files of the two.

use crate::analysis::AnalysisResult;
use crate::data::date;

/// The values of one column.
pub enum Cells {
    /// Text (Parquet: BYTE_ARRAY, STRING).
    Text(Vec<String>),
    /// Text that can be missing (Parquet: OPTIONAL STRING; CSV: an empty cell).
    OptText(Vec<Option<String>>),
    /// Whole numbers: counts, scores, ranks, line numbers (Parquet: INT64).
    Int(Vec<i64>),
    /// Numbers; NaN is no value (Parquet: OPTIONAL DOUBLE, null; CSV: an empty cell).
    Float(Vec<f64>),
    /// Days since 1970-01-01 (Parquet: INT32, DATE; CSV: YYYY-MM-DD).
    Date(Vec<i32>),
}

impl Cells {
    pub fn len(&self) -> usize {
        match self {
            Cells::Text(v) => v.len(),
            Cells::OptText(v) => v.len(),
            Cells::Int(v) => v.len(),
            Cells::Float(v) => v.len(),
            Cells::Date(v) => v.len(),
        }
    }
}

pub struct Column {
    pub name: &'static str,
    pub cells: Cells,
}

/// One output table; `name` without the extension (`customers`).
pub struct Table {
    pub name: &'static str,
    pub columns: Vec<Column>,
}

impl Table {
    pub fn rows(&self) -> usize {
        self.columns.first().map_or(0, |c| c.cells.len())
    }

    /// The table as CSV: a header, then one line per row.
    pub fn csv(&self) -> String {
        let names: Vec<&str> = self.columns.iter().map(|c| c.name).collect();
        let mut out = names.join(",");
        out.push('\n');
        for i in 0..self.rows() {
            for (k, c) in self.columns.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                match &c.cells {
                    Cells::Text(v) => out.push_str(&field(&v[i])),
                    Cells::OptText(v) => out.push_str(&v[i].as_deref().map(field).unwrap_or_default()),
                    Cells::Int(v) => out.push_str(&v[i].to_string()),
                    Cells::Float(v) => out.push_str(&num(v[i])),
                    Cells::Date(v) => out.push_str(&date::iso(v[i])),
                }
            }
            out.push('\n');
        }
        out
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

/// Whole numbers held as floats (the result's counts); anything else is a fault of the
/// analysis, named with its column, never written as a wrong number.
fn whole(table: &str, name: &str, values: impl IntoIterator<Item = f64>) -> Result<Cells, String> {
    let mut out = Vec::new();
    for v in values {
        if !(v.is_finite() && v.fract() == 0.0 && v.abs() <= 9_007_199_254_740_992.0) {
            return Err(format!("{table}.{name}: {v} is not a whole number (an internal error: please report it)"));
        }
        out.push(v as i64);
    }
    Ok(Cells::Int(out))
}

fn days(table: &str, name: &str, values: &[f64]) -> Result<Cells, String> {
    let mut out = Vec::with_capacity(values.len());
    for &v in values {
        if !(v.is_finite() && v.fract() == 0.0 && v.abs() <= i32::MAX as f64) {
            return Err(format!("{table}.{name}: {v} is not a day number (an internal error: please report it)"));
        }
        out.push(v as i32);
    }
    Ok(Cells::Date(out))
}

fn col(name: &'static str, cells: Cells) -> Column {
    Column { name, cells }
}

fn text(values: impl IntoIterator<Item = String>) -> Cells {
    Cells::Text(values.into_iter().collect())
}

fn float(values: impl IntoIterator<Item = f64>) -> Cells {
    Cells::Float(values.into_iter().collect())
}

/// The tables of a result, in the order they are written; channels only when the data has a
/// channel column.
pub fn tables(r: &AnalysisResult) -> Result<Vec<Table>, String> {
    let c = &r.customers;
    let n = c.id.len();
    let with_channel = !c.channel.is_empty();
    let t = "customers";
    let mut columns = vec![
        col("customer_id", text(c.id.iter().cloned())),
        col("frequency", whole(t, "frequency", c.frequency.iter().copied())?),
        col("recency", float(c.recency.iter().copied())),
        col("T", float(c.t.iter().copied())),
        col("monetary", float(c.monetary.iter().copied())),
        col("total", float(c.total.iter().map(|&v| money(v)))),
        col("purchases", whole(t, "purchases", c.purchases.iter().copied())?),
        col("first_purchase", days(t, "first_purchase", &c.first_day)?),
        col("last_purchase", days(t, "last_purchase", &c.last_day)?),
        col("recency_days", whole(t, "recency_days", c.recency_days.iter().copied())?),
        col("r", whole(t, "r", c.r.iter().copied())?),
        col("f", whole(t, "f", c.f.iter().copied())?),
        col("m", whole(t, "m", c.m.iter().copied())?),
        col("segment", text((0..n).map(|i| r.segments[c.segment[i] as usize].segment.clone()))),
        col("tier", text((0..n).map(|i| ["A", "B", "C"][c.tier[i] as usize].to_string()))),
    ];
    if with_channel {
        columns.push(col("channel", text((0..n).map(|i| r.channel_names[c.channel[i] as usize].clone()))));
    }
    let customers = Table { name: "customers", columns };

    let s = &r.segments;
    let t = "segments";
    let segments = Table {
        name: t,
        columns: vec![
            col("segment", text(s.iter().map(|s| s.segment.clone()))),
            col("name", text(s.iter().map(|s| s.name.clone()))),
            col("customers", whole(t, "customers", s.iter().map(|s| s.customers))?),
            col("customer_share", float(s.iter().map(|s| s.customer_share))),
            col("revenue", float(s.iter().map(|s| money(s.revenue)))),
            col("revenue_share", float(s.iter().map(|s| s.revenue_share))),
            col("action", text(s.iter().map(|s| s.action.clone()))),
        ],
    };

    let tr = &r.tiers;
    let t = "tiers";
    let tiers = Table {
        name: t,
        columns: vec![
            col("tier", text(tr.iter().map(|t| t.tier.clone()))),
            col("customers", whole(t, "customers", tr.iter().map(|t| t.customers))?),
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
            col("month", text(each().map(|(h, _, _)| h.month.clone()))),
            col("months_since", whole(t, "months_since", each().map(|(_, k, _)| k as f64))?),
            col("customers", whole(t, "customers", each().map(|(h, _, _)| h.customers))?),
            col("active", whole(t, "active", each().map(|(_, _, (a, _))| *a))?),
            col("retention", float(each().map(|(_, _, (_, ret))| *ret))),
        ],
    };

    let rows = &r.rejected.rows;
    let t = "rejected";
    let rejected = Table {
        name: t,
        columns: vec![
            col("line", whole(t, "line", rows.iter().map(|r| r.line))?),
            col("reason", text(rows.iter().map(|r| r.reason.clone()))),
            col("message", text(rows.iter().map(|r| r.message.clone()))),
            col("text", text(rows.iter().map(|r| r.text.clone()))),
        ],
    };

    let mut out = vec![customers, segments, tiers, cohorts, rejected];
    if with_channel {
        let ch = &r.channels;
        let t = "channels";
        out.push(Table {
            name: t,
            columns: vec![
                col("rank", whole(t, "rank", ch.iter().map(|c| c.rank as f64))?),
                col("channel", text(ch.iter().map(|c| c.channel.clone()))),
                col("customers", whole(t, "customers", ch.iter().map(|c| c.customers))?),
                col("revenue", float(ch.iter().map(|c| money(c.revenue)))),
                col("clv", float(ch.iter().map(|c| c.clv))),
                col("spend", float(ch.iter().map(|c| c.spend.map_or(f64::NAN, money)))),
                col("cac", float(ch.iter().map(|c| c.cac.unwrap_or(f64::NAN)))),
                col("ratio", float(ch.iter().map(|c| c.ratio.unwrap_or(f64::NAN)))),
                col("band", Cells::OptText(ch.iter().map(|c| c.band.map(|b| b.as_str().to_string())).collect())),
            ],
        });
    }
    Ok(out)
}
