//! Shared by the model tests: the CDNOW 1/10 sample summarised by the crate's own reader
//! (39-week calibration to 1997-09-30, weeks, FORMULAS.md 14), and the reference values in
//! tests/fixtures/models (see its README for where each number comes from).
#![allow(dead_code)]

use kundenwert::analysis::{Analysis, AnalysisOptions};

pub struct Summary {
    /// The sample id (second column of CDNOW_sample.txt) of each customer.
    pub id: Vec<u32>,
    pub frequency: Vec<f64>,
    pub recency: Vec<f64>,
    pub t: Vec<f64>,
    pub monetary: Vec<f64>,
}

pub fn fixture_path(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// A JSON fixture of tests/fixtures/models.
pub fn reference(name: &str) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(fixture_path(&format!("models/{name}"))).unwrap()).unwrap()
}

/// The CDNOW sample's calibration summary, customers by sample id.
pub fn cdnow_sample() -> Summary {
    let bytes = std::fs::read(fixture_path("CDNOW_sample.txt")).unwrap();
    let options = AnalysisOptions {
        observation_end: Some("1997-09-30".into()),
        period_unit: Some("week".into()),
        columns: Some(kundenwert::analysis::ColumnOptions {
            customer: Some(kundenwert::data::reader::ColumnRef::Index(1)),
            date: Some(kundenwert::data::reader::ColumnRef::Index(2)),
            amount: Some(kundenwert::data::reader::ColumnRef::Index(4)),
            ..Default::default()
        }),
        ..Default::default()
    };
    let mut a = Analysis::start(&options, &bytes[..bytes.len().min(65536)]).unwrap();
    a.push(&bytes);
    let c = a.finish().unwrap().customers;
    Summary {
        id: c.id.iter().map(|s| s.parse().unwrap()).collect(),
        frequency: c.frequency,
        recency: c.recency,
        t: c.t,
        monetary: c.monetary,
    }
}

/// Relative difference, for comparing with reference values.
pub fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs().max(1e-300)
}

/// The CDNOW master summary (weeks, to 1998-06-30: the bench's data, 23,570 customers).
pub fn cdnow_master() -> (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>) {
    let bytes = std::fs::read(fixture_path("CDNOW_master.txt")).unwrap();
    let options =
        AnalysisOptions { observation_end: Some("1998-06-30".into()), period_unit: Some("week".into()), ..Default::default() };
    let mut a = Analysis::start(&options, &bytes[..bytes.len().min(65536)]).unwrap();
    a.push(&bytes);
    let c = a.finish().unwrap().customers;
    assert_eq!(c.frequency.len(), 23_570);
    (c.frequency, c.recency, c.t, c.monetary)
}

/// The CDNOW sample analysed whole (observation end 1998-06-30, weeks), with the given model options.
pub fn analyze_cdnow_sample(models: kundenwert::models::customers::ModelOptions) -> kundenwert::analysis::AnalysisResult {
    use kundenwert::analysis::{Analysis, AnalysisOptions, ColumnOptions};
    use kundenwert::data::reader::ColumnRef;
    let bytes = std::fs::read(fixture_path("CDNOW_sample.txt")).unwrap();
    let options = AnalysisOptions {
        observation_end: Some("1998-06-30".into()),
        period_unit: Some("week".into()),
        columns: Some(ColumnOptions {
            customer: Some(ColumnRef::Index(1)),
            date: Some(ColumnRef::Index(2)),
            amount: Some(ColumnRef::Index(4)),
            ..Default::default()
        }),
        models: Some(models),
        ..Default::default()
    };
    let mut a = Analysis::start(&options, &bytes[..65536]).unwrap();
    a.push(&bytes);
    a.finish().unwrap()
}
