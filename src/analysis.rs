//! Customer data in one pass: a transaction export in, per-customer summaries (docs/FORMULAS.md 14),
//! RFM scores and segments with next best actions (13), value tiers (12), acquisition channels
//! ranked and a monthly cohort retention table out, with every rejected row reported.
//!
//! Use: `let mut a = Analysis::start(&options, first_chunk)?;` then `a.push(chunk)` for every
//! chunk (the first included), then `a.finish()`.
//!
//! Money is exact: amounts are read as integers of 1/10,000 of the currency unit (more
//! decimals round half to even), and every sum (customers' totals, revenue, segments, tiers,
//! channels) is an integer sum, the same in every chunking and engine; a sum that would not
//! fit is an error naming `columns.amount`. Refunds (negative amounts) lower the customer's
//! spend and that day's but are no purchase (see `data::summary`); `refunds: "exclude"`
//! leaves them out, counted under `refund`; customers with refunds only are counted under
//! `refund_only`. Work is bounded: dates spanning more than 100 years (the cohort table grows
//! with the square of the months) are refused naming `columns.date`, or `observationEnd`
//! when it is the far end.

use crate::data::date::{self, DateFormat};
use crate::data::reader::{
    detect, detect_sample, ColumnRef, Delimiter, Encoding, Format, Hints, Merge, PartMerging, PartWriting, Reader,
    Reason, Table, UNIT,
};
use crate::data::summary::{Aggregate, AggregateOptions, Cohorts, Merging, Refusal, Summarizer, Summary, Unit};
use crate::error::{concat, Error, ErrorCode, Result};
use crate::input::{input, Field, Kind, Source};
use crate::models::customers::{self, ModelOptions, ModelSettings, ModelsResult};
use crate::output::output;
use crate::segment::channels::{rank, DataChannel};
use crate::segment::rfm::{quintiles, Segment};
use crate::segment::tiers::abc;
use std::mem::take;

impl Field for Option<ColumnRef> {
    fn read<S: Source>(value: &S, name: &str) -> Result<Self> {
        match value.kind() {
            Kind::Absent => Ok(None),
            Kind::Text(s) => Ok(Some(ColumnRef::Name(s.to_string()))),
            Kind::Number(n) if n >= 0.0 && n.fract() == 0.0 && n < 1e6 => Ok(Some(ColumnRef::Index(n as usize))),
            _ => Err(Error::new(
                ErrorCode::InvalidType,
                name,
                concat(&[name, " must be a column's name or its 0-based number"]),
            )),
        }
    }
}

input! {
    /// Which column holds what: a header name or a 0-based column number each.
    pub struct ColumnOptions {
        /// The customer id column.
        pub customer: Option<ColumnRef> = "customer",
        /// The purchase date column.
        pub date: Option<ColumnRef> = "date",
        /// The amount column: the purchase value, negative for a refund.
        pub amount: Option<ColumnRef> = "amount",
        /// The acquisition channel column (a customer's channel is that of their first purchase).
        pub channel: Option<ColumnRef> = "channel",
        /// The acquisition cost column (a customer's cost is the first one given).
        pub acquisition_cost: Option<ColumnRef> = "acquisitionCost",
        /// The order id column: rows of one order count as one purchase.
        pub order: Option<ColumnRef> = "order",
    }
}

input! {
    /// Spend on one acquisition channel over the period of the data.
    pub struct ChannelCost {
        /// The channel's name, as in the channel column.
        pub channel: String = "channel",
        /// What was spent on the channel over the period, in the currency of the amounts.
        pub spend: f64 = "spend",
    }
}

input! {
    /// Options of an analysis; every one may be left out.
    pub struct AnalysisOptions {
        /// `,` `;` tab `|` or ` ` (runs of spaces); detected when absent.
        pub delimiter: Option<String> = "delimiter",
        /// Whether the first row names the columns; detected when absent.
        pub header: Option<bool> = "header",
        /// Which column holds what; detected from the header and the values when absent.
        pub columns: Option<ColumnOptions> = "columns",
        /// `YYYY-MM-DD`, `DD.MM.YYYY`, `DD/MM/YYYY`, `MM/DD/YYYY` or `YYYYMMDD`.
        pub date_format: Option<String> = "dateFormat",
        /// `.` or `,`.
        pub decimal: Option<String> = "decimal",
        /// `utf-8`, `utf-16le`, `utf-16be` or `windows-1252`; detected when absent (a
        /// byte-order mark's, else UTF-8 when the bytes are valid UTF-8, else Windows-1252).
        pub encoding: Option<String> = "encoding",
        /// What rows with a negative amount (refunds) do: `net` (default) lowers the
        /// customer's spend and that day's (a refund is no purchase: see `data::summary`);
        /// `exclude` leaves them out, counted in the report under the reason `refund`.
        pub refunds: Option<String> = "refunds",
        /// The last day observed, `YYYY-MM-DD`; default: the last purchase in the data. Rows
        /// after it are excluded and reported.
        pub observation_end: Option<String> = "observationEnd",
        /// The unit of recency and T: `day`, `week` (default) or `month`.
        pub period_unit: Option<String> = "periodUnit",
        /// What RFM's M scores: `total` spend (default) or `average` per purchase.
        pub monetary: Option<String> = "monetary",
        /// Share of revenue kept as margin, for channel CLV (default 1).
        pub gross_margin: Option<f64> = "grossMargin",
        /// Value shares of tiers A and B (default [0.8, 0.15]).
        pub tier_shares: Option<Vec<f64>> = "tierShares",
        /// Spend per acquisition channel.
        pub channel_costs: Option<Vec<ChannelCost>> = "channelCosts",
        /// Fit the customer-base models and predict per customer (docs/models.md).
        pub models: Option<ModelOptions> = "models",
    }
}

/// The validated settings besides the format hints.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The last day observed (None: the last day in the data).
    pub observation_end: Option<i32>,
    /// True for `refunds: "exclude"`.
    pub exclude_refunds: bool,
    /// The unit of recency and T.
    pub unit: Unit,
    /// True when RFM's M scores the average per purchase, not the total.
    pub monetary_average: bool,
    /// The gross margin, for channel CLV.
    pub margin: f64,
    /// The value share of tier A.
    pub tier_a: f64,
    /// The value share of tier B.
    pub tier_b: f64,
    /// Spend per channel name.
    pub channel_costs: Vec<(String, f64)>,
    /// Models to fit, when asked for.
    pub models: Option<ModelSettings>,
}

impl Settings {
    fn aggregate(&self, keep_days: bool) -> AggregateOptions {
        AggregateOptions {
            observation_end: self.observation_end,
            exclude_refunds: self.exclude_refunds,
            split: self.models.as_ref().and_then(|m| m.calibration_end),
            keep_days,
        }
    }
}

fn invalid(field: &str, rule: &str) -> Error {
    Error::new(ErrorCode::OutOfRange, field, concat(&[field, " ", rule]))
}

impl AnalysisOptions {
    /// The format hints and the settings, each option checked.
    pub fn settings(&self) -> Result<(Hints, Settings)> {
        let delimiter = match self.delimiter.as_deref() {
            None => None,
            Some(",") => Some(Delimiter::Byte(b',')),
            Some(";") => Some(Delimiter::Byte(b';')),
            Some("\t") => Some(Delimiter::Byte(b'\t')),
            Some("|") => Some(Delimiter::Byte(b'|')),
            Some(" ") => Some(Delimiter::Whitespace),
            Some(_) => return Err(invalid("delimiter", "must be one of , ; | a tab or a space")),
        };
        let date_format = match self.date_format.as_deref() {
            None => None,
            Some(s) => Some(DateFormat::from_name(s).ok_or_else(|| {
                invalid("dateFormat", "must be YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY, MM/DD/YYYY or YYYYMMDD")
            })?),
        };
        let decimal = match self.decimal.as_deref() {
            None => None,
            Some(".") => Some(b'.'),
            Some(",") => Some(b','),
            Some(_) => return Err(invalid("decimal", "must be . or ,")),
        };
        let encoding = match self.encoding.as_deref() {
            None => None,
            Some(s) => Some(
                Encoding::from_name(s)
                    .ok_or_else(|| invalid("encoding", "must be utf-8, utf-16le, utf-16be or windows-1252"))?,
            ),
        };
        let exclude_refunds = match self.refunds.as_deref() {
            None | Some("net") => false,
            Some("exclude") => true,
            Some(_) => return Err(invalid("refunds", "must be net or exclude")),
        };
        let c = self.columns.clone().unwrap_or_default();
        let hints = Hints {
            delimiter,
            header: self.header,
            customer: c.customer,
            date: c.date,
            amount: c.amount,
            channel: c.channel,
            acquisition_cost: c.acquisition_cost,
            order: c.order,
            date_format,
            decimal,
            encoding,
        };
        let observation_end = match self.observation_end.as_deref() {
            None => None,
            Some(s) => Some(
                date::parse(s.as_bytes(), DateFormat::Iso)
                    .ok_or_else(|| invalid("observationEnd", "must be a date as YYYY-MM-DD"))?,
            ),
        };
        let unit = match self.period_unit.as_deref() {
            None => Unit::Week,
            Some(s) => Unit::from_name(s).ok_or_else(|| invalid("periodUnit", "must be day, week or month"))?,
        };
        let monetary_average = match self.monetary.as_deref() {
            None | Some("total") => false,
            Some("average") => true,
            Some(_) => return Err(invalid("monetary", "must be total or average")),
        };
        let margin = crate::check::or(self.gross_margin, 1.0, |v| crate::check::fraction("grossMargin", v))?;
        let (tier_a, tier_b) = match self.tier_shares.as_deref() {
            None => (0.8, 0.15),
            Some([a, b]) if *a > 0.0 && *b >= 0.0 && a + b <= 1.0 => (*a, *b),
            Some(_) => return Err(invalid("tierShares", "must be two shares [a, b] above 0 that add up to at most 1")),
        };
        let mut channel_costs = Vec::new();
        for (i, c) in self.channel_costs.iter().flatten().enumerate() {
            let spend =
                crate::check::amount("spend", c.spend).map_err(|e| e.within("channelCosts").at("channelCosts", i))?;
            channel_costs.push((c.channel.clone(), spend));
        }
        let models = match &self.models {
            Some(m) => Some(m.settings(unit.as_str(), margin)?),
            None => None,
        };
        Ok((
            hints,
            Settings {
                observation_end,
                exclude_refunds,
                unit,
                monetary_average,
                margin,
                tier_a,
                tier_b,
                channel_costs,
                models,
            },
        ))
    }
}

/// An analysis under way. The reader aggregates the rows per customer as it parses them
/// (`data::summary::Aggregate`): what is kept is per customer, per cohort cell and per
/// channel, never per row.
pub struct Analysis {
    state: State,
    settings: Settings,
    keep_days: bool,
    /// A part being merged ([`Analysis::begin_merge`]), until its last customer is in.
    merging: Option<Box<PartMerging<Merging>>>,
}

enum State {
    Reading(Box<Reader<Aggregate>>),
    /// The sample held fewer than two whole lines (a first line longer than the sample): the
    /// file is kept until enough of it is there to detect the format from.
    Detecting {
        hints: Hints,
        buffer: Vec<u8>,
        next: usize,
    },
    Failed(Error),
}

impl Analysis {
    /// Detects the format from the file's beginning (hints override) and starts reading. When
    /// the sample holds fewer than two whole lines, the format is detected later, from the
    /// file's first chunks (errors then come from `summarizing`).
    pub fn start(options: &AnalysisOptions, sample: &[u8]) -> Result<Self> {
        Analysis::start_with(options, sample, true)
    }

    /// As [`Analysis::start`]; `keep_days: false` keeps no per-day state at all (memory per
    /// customer only), for files whose rows come in day order per customer (sorted by date,
    /// or by customer and date). A row older than its customer's latest then makes
    /// [`Analysis::unordered`] true, and the file has to be read again with `keep_days`.
    pub fn start_with(options: &AnalysisOptions, sample: &[u8], keep_days: bool) -> Result<Self> {
        let (hints, settings) = options.settings()?;
        let (format, complete) = detect_sample(sample, &hints);
        let state = if complete >= 2 {
            let format = format?;
            let sink = Aggregate::new(&format.mapping, settings.aggregate(keep_days));
            State::Reading(Box::new(Reader::with_sink(format, sink)))
        } else {
            State::Detecting { hints, buffer: Vec::new(), next: (2 * sample.len()).max(1 << 16) }
        };
        Ok(Analysis { state, settings, keep_days, merging: None })
    }

    /// The analysis of a file's bytes after a line end (`\n`), to be merged into the
    /// analysis of the bytes before ([`Analysis::begin_merge`]): `sample` is the file's
    /// beginning, as [`Analysis::start`] got it, so that both read the same format. None when
    /// the file cannot be read in parts (UTF-16, or a sample of fewer than two lines).
    pub fn start_part(options: &AnalysisOptions, sample: &[u8]) -> Result<Option<Self>> {
        let mut a = Analysis::start_with(options, sample, true)?;
        let part = match &mut a.state {
            State::Reading(reader) => reader.begin_part(sample),
            _ => false,
        };
        Ok(part.then_some(a))
    }

    /// Reads to the end of the part and starts writing its state as bytes, a batch of
    /// customers at a time (None when the format could not be detected: the first part says
    /// why).
    pub fn writing_part(self) -> Option<PartWriting<Aggregate>> {
        match self.state {
            State::Reading(reader) => Some(reader.writing_part()),
            _ => None,
        }
    }

    /// Starts taking in `part` (the bytes of [`Analysis::writing_part`] of the bytes after
    /// those pushed so far): true when its customers are to be merged by
    /// [`Analysis::merge_step`] (push nothing more), false when the bytes so far do not end
    /// between records (the guess of where the part begins was wrong: push the rest here
    /// instead).
    pub fn begin_merge(&mut self, part: Vec<u8>) -> Result<bool> {
        match &mut self.state {
            State::Reading(reader) if self.keep_days && self.merging.is_none() => match reader.begin_merge(part) {
                Some(Some(m)) => {
                    self.merging = Some(Box::new(m));
                    Ok(true)
                }
                Some(None) => Ok(false),
                None => Err(damaged_part()),
            },
            _ => Ok(false),
        }
    }

    /// Merges up to `max` more customers of the part: (done, customers merged, all of them).
    /// A part found damaged is an error, and the analysis cannot go on.
    pub fn merge_step(&mut self, max: usize) -> Result<(bool, u64, u64)> {
        let (State::Reading(reader), Some(m)) = (&mut self.state, self.merging.as_mut()) else {
            return Ok((true, 0, 0));
        };
        let Some(done) = reader.merge_step(m, max) else {
            self.state = State::Failed(damaged_part());
            self.merging = None;
            return Err(damaged_part());
        };
        let (merged, total) = Aggregate::merged(m.sink());
        if done {
            self.merging = None;
        }
        Ok((done, merged, total))
    }

    /// True when the analysis was started without `keep_days` and a customer's row came
    /// after a later one of theirs: the file must be read again (see [`Analysis::start_with`]).
    pub fn unordered(&self) -> bool {
        match &self.state {
            State::Reading(reader) => reader.sink().unordered(),
            _ => false,
        }
    }

    /// Reads the next chunk of the file.
    pub fn push(&mut self, chunk: &[u8]) {
        if self.merging.is_some() {
            return; // (nothing may come after a part; the merge says what the file held)
        }
        match &mut self.state {
            State::Reading(reader) => reader.push(chunk),
            State::Detecting { buffer, next, .. } => {
                buffer.extend_from_slice(chunk);
                if buffer.len() >= *next {
                    self.detect(false);
                }
            }
            State::Failed(_) => {}
        }
    }

    /// Detects the format from what has been pushed (at the end: from the whole file).
    fn detect(&mut self, at_end: bool) {
        let State::Detecting { hints, buffer, next } = &mut self.state else { return };
        let (format, complete) = detect_sample(buffer, hints);
        if complete < 2 && !at_end {
            *next = buffer.len() * 2; // doubling: linear work in all
            return;
        }
        self.state = match format {
            Ok(format) => {
                let sink = Aggregate::new(&format.mapping, self.settings.aggregate(self.keep_days));
                let mut reader = Reader::with_sink(format, sink);
                reader.push(buffer);
                State::Reading(Box::new(reader))
            }
            Err(e) => State::Failed(e),
        };
    }

    /// Finishes reading and computes everything.
    pub fn finish(self) -> Result<AnalysisResult> {
        self.summarize()?.result()
    }

    /// Finishes reading and summarises per customer: the first part of the work after the
    /// file.
    pub fn summarize(self) -> Result<Summarized> {
        let mut work = self.summarizing()?;
        while !work.step(usize::MAX) {}
        Ok(work.done())
    }

    /// Finishes reading and starts the summary, to be done a batch at a time (`step`).
    pub fn summarizing(mut self) -> Result<Summarizing> {
        if self.merging.is_some() {
            return Err(Error::new(ErrorCode::Missing, "", "the second part of the file is not merged yet"));
        }
        self.detect(true);
        match self.state {
            State::Reading(reader) => Summarizing::new(reader.finish(), self.settings),
            State::Failed(e) => Err(e),
            State::Detecting { .. } => Err(Error::new(ErrorCode::Empty, "", "the file has no rows")),
        }
    }
}

#[cold]
fn damaged_part() -> Error {
    Error::new(ErrorCode::InvalidType, "", "the second part of the file came in a form that cannot be merged")
}

/// The dates' span the analysis takes (the cohort table grows with its square): 100 years.
pub const MAX_SPAN_DAYS: i32 = 36_525;

/// The per-customer summary under way.
pub struct Summarizing {
    table: Table<()>,
    settings: Settings,
    end: i32,
    used: u64,
    work: Summarizer,
}

impl Summarizing {
    fn new(table: Table<Aggregate>, settings: Settings) -> Result<Self> {
        let (sink, mut table) = table.split();
        let read = table.read;
        let (end, used, excluded) = match sink.check(MAX_SPAN_DAYS) {
            Ok(checked) => checked,
            Err(Refusal::NoRows) => {
                let message = if read == 0 {
                    "the file has no data rows"
                } else {
                    "no row could be read: see the rejected rows, or set the columns and formats"
                };
                return Err(Error::new(ErrorCode::Empty, "", message));
            }
            Err(Refusal::AllAfterEnd) => return Err(invalid("observationEnd", "is before every purchase in the file")),
            Err(Refusal::RefundsOnly) => {
                return Err(Error::new(ErrorCode::Empty, "", "no purchase in the file: every row read is a refund"))
            }
            Err(Refusal::TooMuchMoney) => {
                return Err(invalid(
                    "columns.amount",
                    "adds up to more than 900 trillion (in absolute amounts): too much to sum exactly; is it the right column?",
                ))
            }
            Err(Refusal::Span(first, latest)) => {
                // Bounded work: the cohort table grows with the square of the months spanned.
                let end = settings.observation_end.unwrap_or(latest);
                let field = if latest - first > MAX_SPAN_DAYS { "columns.date" } else { "observationEnd" };
                let message = concat(&[
                    field,
                    ": the dates span ",
                    &date::iso(first),
                    " to ",
                    &date::iso(end.max(latest)),
                    ", more than 100 years; check the date column and its format (a placeholder such as 1900-01-01?)",
                ]);
                return Err(Error::new(ErrorCode::OutOfRange, field, message));
            }
        };
        table.rejected_by_reason[Reason::AfterEnd as usize] += excluded.after_end;
        table.rejected_by_reason[Reason::Refund as usize] += excluded.refunds;
        table.rejected_by_reason[Reason::RefundOnly as usize] += excluded.refund_only;
        let split = settings.models.as_ref().and_then(|m| m.calibration_end);
        if split.is_some_and(|day| day >= end) {
            return Err(invalid("models.calibrationEnd", "must be before the end of observation"));
        }
        let work = sink.summarizing(end, settings.unit, table.format.encoding);
        Ok(Summarizing { table, settings, end, used, work })
    }

    /// Summarises up to `max` more customers; true when all are done.
    pub fn step(&mut self, max: usize) -> bool {
        self.work.step(max)
    }

    /// (customers summarised, all customers).
    pub fn progress(&self) -> (usize, usize) {
        self.work.progress()
    }

    /// The summary, ready for the rest (call after `step` returned true).
    pub fn done(self) -> Summarized {
        let (customers, channel_names, summary, cohorts) = self.work.finish();
        Summarized {
            table: self.table,
            settings: self.settings,
            end: self.end,
            used: self.used,
            customers,
            channel_names,
            summary,
            cohorts,
        }
    }
}

/// An analysis with its per-customer summary done; `result()` does the rest.
pub struct Summarized {
    table: Table<()>,
    settings: Settings,
    end: i32,
    used: u64,
    customers: Vec<String>,
    channel_names: Vec<String>,
    summary: Summary,
    cohorts: Cohorts,
}

impl Summarized {
    /// Scores, segments, tiers, channels and the result.
    pub fn result(self) -> Result<AnalysisResult> {
        self.scoring().result()
    }

    /// Starts the work after the summary, to be done a step at a time (`Scoring::step`).
    pub fn scoring(self) -> Scoring {
        let s = Some(Box::new(self));
        Scoring {
            s,
            done: 0,
            recency_days: Vec::new(),
            r: Vec::new(),
            f: Vec::new(),
            m: Vec::new(),
            tier: Vec::new(),
            models: None,
            result: None,
        }
    }
}

/// The work after the summary, in steps of one sort over all customers each (a few tenths
/// of a second at most on a large file), so that progress can be reported between them: the
/// R, F and M quintiles, the value tiers, the models (when asked for), then the result put
/// together.
pub struct Scoring {
    /// The summary, until the last step takes it into the result.
    s: Option<Box<Summarized>>,
    done: usize,
    recency_days: Vec<f64>,
    r: Vec<u8>,
    f: Vec<u8>,
    m: Vec<u8>,
    tier: Vec<u8>,
    models: Option<ModelsResult>,
    result: Option<Result<AnalysisResult>>,
}

impl Scoring {
    /// The steps, the result's included.
    pub const STEPS: usize = 6;

    /// Does the next step; true when all are done.
    pub fn step(&mut self) -> bool {
        let Some(summarized) = self.s.as_deref() else { return true };
        let s = &summarized.summary;
        let settings = &summarized.settings;
        match self.done {
            0 => {
                let end = summarized.end;
                self.recency_days = s.last.iter().map(|&l| (end - l) as f64).collect();
                self.r = quintiles(&self.recency_days, false);
            }
            1 => self.f = quintiles(&s.purchases, true),
            2 => {
                self.m = if settings.monetary_average {
                    let mean: Vec<f64> = s.total.iter().zip(&s.purchases).map(|(t, p)| t / p).collect();
                    quintiles(&mean, true)
                } else {
                    quintiles(&s.total, true)
                }
            }
            3 => self.tier = abc(&s.total, settings.tier_a, settings.tier_b),
            4 => {
                self.models = settings
                    .models
                    .as_ref()
                    .map(|m| customers::run(s, &self.tier, m, summarized.end, settings.unit.days()))
            }
            _ => self.result = self.s.take().map(|s| scored(*s, self)),
        }
        self.done = (self.done + 1).min(Self::STEPS);
        self.done == Self::STEPS
    }

    /// (steps done, all steps).
    pub fn progress(&self) -> (usize, usize) {
        (self.done, Self::STEPS)
    }

    /// The result (the steps not yet done first).
    pub fn result(mut self) -> Result<AnalysisResult> {
        while !self.step() {}
        self.result.unwrap_or_else(|| Err(Error::new(ErrorCode::Missing, "", "the analysis has no result")))
    }
}

/// The detected format of a file, for a person to confirm.
pub fn detect_format(options: &AnalysisOptions, sample: &[u8]) -> Result<FormatResult> {
    let (hints, _) = options.settings()?;
    Ok(FormatResult::of(&detect(sample, &hints)?))
}

output! {
    serde:
    /// Which column holds what (0-based), null where none.
    pub struct MappingResult {
        /// The customer id column.
        pub customer: f64 = "customer",
        /// The date column.
        pub date: f64 = "date",
        /// The amount column.
        pub amount: f64 = "amount",
        /// The channel column, if any.
        pub channel: Option<f64> = "channel",
        /// The acquisition cost column, if any.
        pub acquisition_cost: Option<f64> = "acquisitionCost",
        /// The order id column, if any.
        pub order: Option<f64> = "order",
    }
}

output! {
    serde:
    /// A file's format as detected (or given).
    pub struct FormatResult {
        /// `,` `;` tab `|`, or a space for runs of spaces.
        pub delimiter: String = "delimiter",
        /// Whether the first row names the columns.
        pub header: bool = "header",
        /// The columns' names: the header's, else `column 1`, `column 2` ...
        pub columns: Vec<String> = "columns",
        /// Which column holds what.
        pub mapping: MappingResult = "mapping",
        /// `YYYY-MM-DD`, `DD.MM.YYYY`, `DD/MM/YYYY`, `MM/DD/YYYY` or `YYYYMMDD`.
        pub date_format: String = "dateFormat",
        /// True when day-first and month-first both fit and month-first was assumed.
        pub date_ambiguous: bool = "dateAmbiguous",
        /// The decimal mark of the amounts: `.` or `,`.
        pub decimal: String = "decimal",
        /// `utf-8`, `utf-16le`, `utf-16be` or `windows-1252`; after reading, the encoding the
        /// whole file was decoded in.
        pub encoding: String = "encoding",
    }
}

impl FormatResult {
    fn of(f: &Format) -> Self {
        let m = f.mapping;
        FormatResult {
            delimiter: f.delimiter.as_str().to_string(),
            header: f.header,
            columns: f.columns.clone(),
            mapping: MappingResult {
                customer: m.customer as f64,
                date: m.date as f64,
                amount: m.amount as f64,
                channel: m.channel.map(|c| c as f64),
                acquisition_cost: m.acquisition_cost.map(|c| c as f64),
                order: m.order.map(|c| c as f64),
            },
            date_format: f.date_format.as_str().to_string(),
            date_ambiguous: f.date_ambiguous,
            decimal: (f.decimal as char).to_string(),
            encoding: f.encoding.as_str().to_string(),
        }
    }
}

output! {
    serde:
    /// Rows read, used and not used; `read = used + rejected` (the header and empty lines
    /// are not rows).
    pub struct RowCounts {
        /// Data rows read (not the header, not empty lines).
        pub read: f64 = "read",
        /// Rows that went into the analysis.
        pub used: f64 = "used",
        /// Rows left out, each with a reason (see `rejected`).
        pub rejected: f64 = "rejected",
        /// Empty lines, skipped and not counted as rows.
        pub empty_lines: f64 = "emptyLines",
    }
}

output! {
    serde:
    /// A row not used.
    pub struct RejectedRow {
        /// Its line number in the file, from 1 (the header is line 1 when there is one).
        pub line: f64 = "line",
        /// Why, as a code: `bad_date`, `bad_amount`, `unclosed_quote`, `refund` ...
        pub reason: String = "reason",
        /// Why, in words.
        pub message: String = "message",
        /// The line's text, up to 200 bytes.
        pub text: String = "text",
    }
}

output! {
    serde:
    /// How many rows each reason rejected.
    pub struct ReasonCount {
        /// The reason code, as in `RejectedRow::reason`.
        pub reason: String = "reason",
        /// The reason in words.
        pub message: String = "message",
        /// Rows rejected for it.
        pub count: f64 = "count",
    }
}

output! {
    serde:
    /// The rejected-row report: all counted, the first 1,000 with their line and text. Rows
    /// after the observation end are counted (reason after_end) but not listed.
    pub struct RejectedReport {
        /// All rows left out, listed or not.
        pub total: f64 = "total",
        /// The count per reason.
        pub by_reason: Vec<ReasonCount> = "byReason",
        /// The first 1,000 rejected rows, in file order.
        pub rows: Vec<RejectedRow> = "rows",
    }
}

output! {
    serde:
    /// One value per customer, in the order customers first appear in the file.
    pub struct CustomerColumns {
        /// Customers: the length of every column.
        pub count: f64 = "count",
        /// The customer's id as written in the file.
        pub id: Vec<String> = "id",
        /// Repeat purchases: distinct purchase days − 1.
        pub frequency: Vec<f64> = "frequency",
        /// First to last purchase, in the period unit.
        pub recency: Vec<f64> = "recency",
        /// First purchase to the end of observation, in the period unit.
        pub t: Vec<f64> = "T",
        /// Mean value of the repeat purchases (0 without).
        pub monetary: Vec<f64> = "monetary",
        /// All purchases less refunds, summed exactly.
        pub total: Vec<f64> = "total",
        /// Distinct purchase days (a day with refunds only is none).
        pub purchases: Vec<f64> = "purchases",
        /// Day numbers (days since 1970-01-01) of the first and last purchase.
        pub first_day: Vec<f64> = "firstDay",
        /// See `first_day`.
        pub last_day: Vec<f64> = "lastDay",
        /// Days from the last purchase to the end of observation.
        pub recency_days: Vec<f64> = "recencyDays",
        /// RFM scores, 1 to 5.
        pub r: Vec<f64> = "r",
        /// See `r`: the frequency score.
        pub f: Vec<f64> = "f",
        /// See `r`: the monetary score (of the total or the mean, by the `monetary` option).
        pub m: Vec<f64> = "m",
        /// Index into `segments`.
        pub segment: Vec<f64> = "segment",
        /// 0 for A, 1 for B, 2 for C.
        pub tier: Vec<f64> = "tier",
        /// Index into `channelNames`, when a channel column is mapped (else empty).
        pub channel: Vec<f64> = "channel",
    }
}

output! {
    serde:
    /// An RFM segment.
    pub struct SegmentResult {
        /// The key: `champions`, `loyal`, `potential_loyalists`, `new`, `promising`, `need_attention`, `about_to_sleep`, `at_risk`, `cant_lose_them` or `hibernating`.
        pub segment: String = "segment",
        /// The name in English words (the elements show it localised).
        pub name: String = "name",
        /// The suggested next best action, in English.
        pub action: String = "action",
        /// Customers in the segment.
        pub customers: f64 = "customers",
        /// Their share of all customers, 0 to 1.
        pub customer_share: f64 = "customerShare",
        /// Their total revenue.
        pub revenue: f64 = "revenue",
        /// Their share of all revenue, 0 to 1.
        pub revenue_share: f64 = "revenueShare",
    }
}

output! {
    serde:
    /// A value tier.
    pub struct TierResult {
        /// `A`, `B` or `C`.
        pub tier: String = "tier",
        /// Customers in the tier.
        pub customers: f64 = "customers",
        /// Their share of all customers, 0 to 1.
        pub customer_share: f64 = "customerShare",
        /// Their total revenue.
        pub revenue: f64 = "revenue",
        /// Their share of all revenue, 0 to 1.
        pub revenue_share: f64 = "revenueShare",
    }
}

output! {
    serde:
    /// A monthly cohort: customers by the month of their first purchase.
    pub struct CohortResult {
        /// `YYYY-MM`.
        pub month: String = "month",
        /// Customers whose first purchase fell in the month.
        pub customers: f64 = "customers",
        /// Customers who bought in each month since (0 is the first month).
        pub active: Vec<f64> = "active",
        /// `active / customers`.
        pub retention: Vec<f64> = "retention",
    }
}

output! {
    serde:
    /// Everything an analysis finds.
    pub struct AnalysisResult {
        /// The file's format, detected or given.
        pub format: FormatResult = "format",
        /// Rows read, used and rejected.
        pub rows: RowCounts = "rows",
        /// The rejected rows and their reasons.
        pub rejected: RejectedReport = "rejected",
        /// `YYYY-MM-DD`.
        pub observation_end: String = "observationEnd",
        /// `day`, `week` or `month`: the unit of recency and T.
        pub period_unit: String = "periodUnit",
        /// `total` or `average`: what the M score measures.
        pub monetary: String = "monetary",
        /// All purchases less refunds, summed exactly.
        pub revenue: f64 = "revenue",
        /// The per-customer summary (docs/FORMULAS.md 14), scores, segments and tiers.
        pub customers: CustomerColumns = "customers",
        /// All ten segments, in a fixed order (customers' `segment` indexes it).
        pub segments: Vec<SegmentResult> = "segments",
        /// The A, B and C value tiers, in that order.
        pub tiers: Vec<TierResult> = "tiers",
        /// The channels in the order customers' `channel` indexes them.
        pub channel_names: Vec<String> = "channelNames",
        /// Ranked; empty without a channel column.
        pub channels: Vec<DataChannel> = "channels",
        /// Monthly cohorts, oldest first.
        pub cohorts: Vec<CohortResult> = "cohorts",
        /// With the `models` option: fits and per-customer predictions.
        pub models: Option<ModelsResult> = "models",
    }
}

fn scored(summarized: Summarized, scoring: &mut Scoring) -> Result<AnalysisResult> {
    let (recency_days, r, f, m) =
        (take(&mut scoring.recency_days), take(&mut scoring.r), take(&mut scoring.f), take(&mut scoring.m));
    let (tier, models) = (take(&mut scoring.tier), scoring.models.take());
    let Summarized { table, settings, end, used, customers, channel_names, summary: s, cohorts } = summarized;
    let settings = &settings;
    let n = customers.len();
    let segment: Vec<Segment> = r.iter().zip(&f).map(|(&r, &f)| Segment::of(r, f)).collect();
    let revenue = money(s.total_units.iter().sum());
    let share = |part: f64, whole: f64| if whole != 0.0 { part / whole } else { 0.0 };

    let segments = Segment::ALL
        .iter()
        .map(|&seg| {
            let (count, value) = sum_where(&s.total_units, |i| segment[i] == seg);
            SegmentResult {
                segment: seg.key().into(),
                name: seg.name().into(),
                action: seg.action().into(),
                customers: count,
                customer_share: share(count, n as f64),
                revenue: value,
                revenue_share: share(value, revenue),
            }
        })
        .collect();
    let tiers = ["A", "B", "C"]
        .iter()
        .enumerate()
        .map(|(t, name)| {
            let (count, value) = sum_where(&s.total_units, |i| tier[i] as usize == t);
            TierResult {
                tier: (*name).into(),
                customers: count,
                customer_share: share(count, n as f64),
                revenue: value,
                revenue_share: share(value, revenue),
            }
        })
        .collect();

    let channels = channels(&s, &channel_names, settings);

    let mut by_reason = Vec::new();
    for reason in Reason::ALL {
        let count = table.rejected_by_reason[reason as usize];
        if count > 0 {
            by_reason.push(ReasonCount {
                reason: reason.code().into(),
                message: reason.message().into(),
                count: count as f64,
            });
        }
    }
    let rejected_total = table.rejected_total();
    Ok(AnalysisResult {
        format: FormatResult::of(&table.format),
        rows: RowCounts {
            read: table.read as f64,
            used: used as f64,
            rejected: rejected_total as f64,
            empty_lines: table.empty_lines as f64,
        },
        rejected: RejectedReport {
            total: rejected_total as f64,
            by_reason,
            rows: table
                .rejected
                .iter()
                .map(|r| RejectedRow {
                    line: r.line as f64,
                    reason: r.reason.code().into(),
                    message: r.reason.message().into(),
                    text: r.text.clone(),
                })
                .collect(),
        },
        observation_end: date::iso(end),
        period_unit: settings.unit.as_str().into(),
        monetary: if settings.monetary_average { "average" } else { "total" }.into(),
        revenue,
        customers: CustomerColumns {
            count: n as f64,
            id: customers,
            frequency: s.frequency,
            recency: s.recency,
            t: s.t,
            monetary: s.monetary,
            total: s.total,
            purchases: s.purchases,
            first_day: s.first.iter().map(|&d| d as f64).collect(),
            last_day: s.last.iter().map(|&d| d as f64).collect(),
            recency_days,
            r: r.iter().map(|&x| x as f64).collect(),
            f: f.iter().map(|&x| x as f64).collect(),
            m: m.iter().map(|&x| x as f64).collect(),
            segment: segment.iter().map(|seg| Segment::ALL.iter().position(|x| x == seg).unwrap_or(0) as f64).collect(),
            tier: tier.iter().map(|&t| t as f64).collect(),
            channel: s.channel.iter().map(|&c| c as f64).collect(),
        },
        segments,
        tiers,
        channel_names,
        channels,
        cohorts: cohort_results(&cohorts),
        models,
    })
}

/// An exact sum of money in the currency unit.
fn money(units: i64) -> f64 {
    units as f64 / UNIT as f64
}

/// (customers, their total value) where `keep(i)`, summed exactly.
fn sum_where(units: &[i64], keep: impl Fn(usize) -> bool) -> (f64, f64) {
    let (mut count, mut sum) = (0.0, 0i64);
    for (i, v) in units.iter().enumerate() {
        if keep(i) {
            count += 1.0;
            sum += v;
        }
    }
    (count, money(sum))
}

fn channels(s: &Summary, names: &[String], settings: &Settings) -> Vec<DataChannel> {
    if s.channel.is_empty() {
        return Vec::new();
    }
    let k = names.len();
    let (mut customers, mut units, mut cost_units, mut cost_known) =
        (vec![0.0; k], vec![0i64; k], vec![0i128; k], vec![false; k]);
    for (i, &c) in s.channel.iter().enumerate() {
        customers[c as usize] += 1.0;
        units[c as usize] += s.total_units[i];
        if let Some(&cost) = s.acquisition_cost.get(i) {
            if !cost.is_nan() {
                // Exact: the cost was read as whole units (below 2^53), so this recovers them.
                cost_units[c as usize] += (cost * UNIT as f64).round() as i128;
                cost_known[c as usize] = true;
            }
        }
    }
    let revenue: Vec<f64> = units.into_iter().map(money).collect();
    // The spend given per channel (the first entry for a name), found by hashing: work linear
    // in channels and entries. (With the reader's hasher: std's default one would add SipHash
    // to the wasm.)
    let mut given: std::collections::HashMap<&str, f64, std::hash::BuildHasherDefault<crate::data::reader::Fx>> =
        Default::default();
    for (name, spend) in &settings.channel_costs {
        given.entry(name.as_str()).or_insert(*spend);
    }
    let spend: Vec<Option<f64>> = (0..k)
        .map(|c| given.get(names[c].as_str()).copied().or(cost_known[c].then(|| cost_units[c] as f64 / UNIT as f64)))
        .collect();
    rank(names, &customers, &revenue, &spend, settings.margin)
}

fn cohort_results(c: &Cohorts) -> Vec<CohortResult> {
    c.months
        .iter()
        .zip(&c.size)
        .zip(&c.active)
        .map(|((&month, &size), active)| CohortResult {
            month: date::iso_month(month),
            customers: size as f64,
            active: active.iter().map(|&a| a as f64).collect(),
            retention: active.iter().map(|&a| a as f64 / size as f64).collect(),
        })
        .collect()
}
