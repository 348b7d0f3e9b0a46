//! The only file that knows about WebAssembly: one thin exported function per calculator.
//!
//! Values cross the boundary as *tapes* in linear memory, not as JS objects built or read
//! one field per call: measured in Chromium, that took several microseconds a call (a typed
//! array per chart series alone about one) and, with serde-wasm-bindgen, over 60 KB of wasm.
//! `js/shared/runtime.js` writes the caller's options object onto the input tape, calls the
//! calculator with the tape's length, and turns the result tape into plain objects.
//!
//! Input tape (JS -> Rust), every slot an f64, text as UTF-8 in a byte buffer:
//! ```text
//! 1 v  number         2  absent (undefined, null)    3 offset len  text
//! 4 b  boolean        5 c  other (1 function, 2 bigint, 3 symbol)
//! 6 n span  list of n values         7 n span  object of n (key_offset key_len value)
//! ```
//! `span` is the number of slots of the list's or object's contents. Offsets count from the
//! start of the byte buffer, and the reader does not care where in it a text lies: the JS
//! writer keeps the objects' keys in its first 4 KB, each written once and pointed to by
//! every later tape, and writes the values' text after them afresh each call. An object's
//! keys are matched with the fields' names in one pass over its entries (`Source::fields`),
//! the first unknown key named.
//!
//! Result tape (Rust -> JS), every slot an f64:
//! ```text
//! op key_ptr key_len payload...   op: 1 object {  2 list [  3 item {  4 close
//!                                     5 number v  6 null  7 text offset len
//!                                     8 label ptr len  9 numbers n v1..vn
//!                                     10 boolean 0|1
//!                                     11 texts n ascii offset len1..lenn
//!                                     12 numbers at address n (analysis build)
//! ```
//! `key_ptr`/`key_len` (and a label's `ptr`/`len`) point at static UTF-8 strings, which JS
//! decodes once and caches by address; `open item` and `close` carry no key. Text offsets
//! count from the header's text pointer. An error is written as `{ code, field, message }`
//! with the header's status 1. Op 12 points at `n` f64s in wasm memory (a column of a large
//! result, kept until the next call), which JS copies out as it reads the tape.
//!
//! Nothing here can trap on any tape: reads past the end give an absent value.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::error::Error;
use crate::input::{FromSource, Kind, Source};
use crate::output::{ToOutput, Writer};

/// The input tape, written by JS between calls.
struct Input {
    slots: Vec<f64>,
    bytes: Vec<u8>,
    /// How many slots the current input uses.
    len: usize,
    /// slots address, slot capacity, bytes address, byte capacity.
    header: [u32; 4],
}

thread_local! {
    static INPUT: RefCell<Input> = const {
        RefCell::new(Input {
            slots: Vec::new(),
            bytes: Vec::new(),
            len: 0,
            header: [0; 4],
        })
    };
    /// The tape of the latest result; its buffers are reused from call to call.
    static TAPE: RefCell<Tape> = const { RefCell::new(Tape::new()) };
}

/// Makes room for an input of `slots` slots and `bytes` bytes of text; returns the address of
/// the header `[slots address, slot capacity, bytes address, byte capacity]`.
#[wasm_bindgen(js_name = inputBuffer)]
pub fn input_buffer(slots: u32, bytes: u32) -> u32 {
    INPUT.with(|input| {
        let mut input = input.borrow_mut();
        let Input { slots: s, bytes: b, .. } = &mut *input;
        s.resize((slots as usize).max(s.len()), 0.0);
        b.resize((bytes as usize).max(b.len()), 0);
        input.header = [
            input.slots.as_ptr() as u32,
            input.slots.len() as u32,
            input.bytes.as_ptr() as u32,
            input.bytes.len() as u32,
        ];
        input.header.as_ptr() as u32
    })
}

/// A value on the input tape: the slot where it starts (past the end: absent).
#[derive(Clone, Copy)]
struct Node<'a> {
    input: &'a Input,
    at: usize,
}

impl<'a> Node<'a> {
    #[inline(always)]
    fn slot(&self, i: usize) -> f64 {
        self.input.slots[..self.input.len].get(i).copied().unwrap_or(f64::NAN)
    }
    #[inline(always)]
    fn count(&self, i: usize) -> usize {
        let v = self.slot(i);
        if v >= 0.0 {
            v as usize
        } else {
            0
        }
    }
    #[inline(always)]
    fn op(&self) -> u8 {
        let op = self.slot(self.at);
        if (1.0..=7.0).contains(&op) {
            op as u8
        } else {
            2
        }
    }
    #[inline(always)]
    fn at(&self, at: usize) -> Node<'a> {
        Node { input: self.input, at }
    }
    /// Slots the value takes, so that the next one can be found.
    fn width(&self) -> usize {
        match self.op() {
            1 | 4 | 5 => 2,
            3 => 3,
            6 | 7 => 3usize.saturating_add(self.count(self.at + 2)),
            _ => 1,
        }
    }
    fn bytes(&self, at: usize) -> &'a [u8] {
        let (offset, len) = (self.count(at), self.count(at + 1));
        self.input.bytes.get(offset..offset.saturating_add(len)).unwrap_or_default()
    }
    fn text(&self, at: usize) -> &'a str {
        std::str::from_utf8(self.bytes(at)).unwrap_or_default()
    }
    /// The (key slot, value) pairs of an object.
    fn entries(&self) -> impl Iterator<Item = (usize, Node<'a>)> + '_ {
        let n = if self.op() == 7 { self.count(self.at + 1) } else { 0 };
        let mut next = self.at + 3;
        (0..n).map_while(move |_| {
            if next >= self.input.len {
                return None;
            }
            let value = self.at(next + 2);
            let key = next;
            next = next.checked_add(2)?.checked_add(value.width())?;
            Some((key, value))
        })
    }
}

impl Source for Node<'_> {
    fn kind(&self) -> Kind<'_> {
        match self.op() {
            1 => Kind::Number(self.slot(self.at + 1)),
            3 => Kind::Text(self.text(self.at + 1)),
            4 => Kind::Bool(self.slot(self.at + 1) != 0.0),
            5 => Kind::Other(match self.slot(self.at + 1) as u8 {
                1 => "a function",
                2 => "a bigint",
                3 => "a symbol",
                _ => "a value of another kind",
            }),
            6 => Kind::List(self.count(self.at + 1) as u32),
            7 => Kind::Object,
            _ => Kind::Absent,
        }
    }
    fn absent(&self) -> Self {
        self.at(usize::MAX)
    }
    fn fields(&self, known: &[&str], values: &mut [Self]) -> Option<String> {
        // Each key is compared with the names from the one after the last match on, so keys
        // written in the order the names are declared each match at the first comparison.
        let mut next = 0;
        for (key, value) in self.entries() {
            let bytes = self.bytes(key);
            let mut i = next;
            let mut left = known.len();
            loop {
                if left == 0 {
                    return Some(self.text(key).to_string());
                }
                if i >= known.len() {
                    i = 0;
                }
                if known.get(i).is_some_and(|k| k.as_bytes() == bytes) {
                    break;
                }
                i += 1;
                left -= 1;
            }
            if let Some(v) = values.get_mut(i).filter(|v| v.at == usize::MAX) {
                *v = value; // of repeated keys the first counts
            }
            next = i + 1;
        }
        None
    }
    fn items(&self) -> Vec<Self> {
        let n = if self.op() == 6 { self.count(self.at + 1) } else { 0 };
        let mut items = Vec::with_capacity(n.min(self.input.len));
        let mut next = self.at + 3;
        for _ in 0..n {
            let item = self.at(next);
            next = match next.checked_add(item.width()) {
                Some(n) if n <= self.input.len => n,
                _ => break,
            };
            items.push(item);
        }
        items
    }
}

/// Reads the current input tape.
fn read<T>(len: u32, f: impl FnOnce(Node) -> crate::Result<T>) -> crate::Result<T> {
    INPUT.with(|input| {
        let mut input = input.borrow_mut();
        input.len = (len as usize).min(input.slots.len());
        f(Node { input: &input, at: 0 })
    })
}

struct Tape {
    slots: Vec<f64>,
    text: Vec<u8>,
    /// slots address, slot count, text address, 0 for a result or 1 for an error.
    header: [u32; 4],
    /// The result whose long lists of numbers the tape points at instead of copying them
    /// ([`output_kept`]), kept until the next output.
    #[cfg(feature = "analysis")]
    kept: Option<Box<dyn core::any::Any>>,
    #[cfg(feature = "analysis")]
    by_reference: bool,
}

/// Lists of numbers at least this long are written by reference by [`output_kept`].
#[cfg(feature = "analysis")]
const BY_REFERENCE: usize = 256;

impl Tape {
    const fn new() -> Tape {
        Tape {
            slots: Vec::new(),
            text: Vec::new(),
            header: [0; 4],
            #[cfg(feature = "analysis")]
            kept: None,
            #[cfg(feature = "analysis")]
            by_reference: false,
        }
    }

    /// Empties the tape for the next result (and frees the result the last one pointed into).
    fn begin(&mut self) {
        #[cfg(feature = "analysis")]
        {
            self.kept = None;
        }
        self.slots.clear();
        self.text.clear();
    }

    /// Writes the header (status 0 for a result, 1 for an error); returns its address.
    fn end(&mut self, status: u32) -> u32 {
        self.header = [self.slots.as_ptr() as u32, self.slots.len() as u32, self.text.as_ptr() as u32, status];
        self.header.as_ptr() as u32
    }

    fn op(&mut self, op: u8, key: &'static str) {
        self.put([op as f64, key.as_ptr() as usize as f64, key.len() as f64]);
    }

    /// A few slots, pushed one by one. `extend_from_slice` was a call of its own here, its copy
    /// a `memory.copy` of a length only known inside it: 6 % of `cacByChannel` in a profile.
    #[inline(always)]
    fn put<const N: usize>(&mut self, values: [f64; N]) {
        self.slots.reserve(N);
        for v in values {
            self.slots.push(v);
        }
    }
}

impl Writer for Tape {
    fn number(&mut self, key: &'static str, value: f64) {
        self.op(5, key);
        self.slots.push(value);
    }
    fn null(&mut self, key: &'static str) {
        self.op(6, key);
    }
    fn text(&mut self, key: &'static str, value: &str) {
        self.op(7, key);
        self.put([self.text.len() as f64, value.len() as f64]);
        self.text.extend_from_slice(value.as_bytes());
    }
    fn label(&mut self, key: &'static str, value: &'static str) {
        self.op(8, key);
        self.put([value.as_ptr() as usize as f64, value.len() as f64]);
    }
    fn numbers(&mut self, key: &'static str, values: &[f64]) {
        #[cfg(feature = "analysis")]
        if self.by_reference && values.len() >= BY_REFERENCE {
            // Where the numbers lie (in the kept result) and how many: JS copies them out.
            self.op(12, key);
            self.put([values.as_ptr() as usize as f64, values.len() as f64]);
            return;
        }
        self.op(9, key);
        self.slots.push(values.len() as f64);
        self.slots.extend_from_slice(values);
    }
    fn boolean(&mut self, key: &'static str, value: bool) {
        self.op(10, key);
        self.slots.push(value as u8 as f64);
    }
    fn texts(&mut self, key: &'static str, values: &[String]) {
        self.op(11, key);
        let ascii = values.iter().all(|v| v.is_ascii());
        self.put([values.len() as f64, ascii as u8 as f64, self.text.len() as f64]);
        for v in values {
            self.slots.push(v.len() as f64);
            self.text.extend_from_slice(v.as_bytes());
        }
    }
    fn open_object(&mut self, key: &'static str) {
        self.op(1, key);
    }
    fn open_list(&mut self, key: &'static str) {
        self.op(2, key);
    }
    fn open_item(&mut self) {
        self.slots.push(3.0);
    }
    fn close(&mut self) {
        self.slots.push(4.0);
    }
}

/// An error as a result: `{ code, field, message }`.
impl ToOutput for Error {
    fn write<W: Writer>(&self, w: &mut W) {
        w.label("code", self.code.as_str());
        w.text("field", &self.field);
        w.text("message", &self.message);
    }
}

/// Writes the result or the error onto the tape; returns the header's address.
fn output<T: ToOutput>(result: crate::Result<T>) -> u32 {
    TAPE.with(|tape| {
        let mut tape = tape.borrow_mut();
        tape.begin();
        let status = match result {
            Ok(value) => {
                value.write(&mut *tape);
                0
            }
            Err(error) => {
                error.write(&mut *tape);
                1
            }
        };
        tape.end(status)
    })
}

/// [`output`] for a large result (an analysis' or a prediction's per-customer columns): its
/// long lists of numbers are not copied onto the tape, the tape says where they lie, and the
/// result is kept until the next output (JS reads the tape at once, before any other call).
#[cfg(feature = "analysis")]
fn output_kept<T: ToOutput + 'static>(result: crate::Result<T>) -> u32 {
    let value = match result {
        Ok(value) => Box::new(value),
        Err(error) => return output::<T>(Err(error)),
    };
    TAPE.with(|tape| {
        let mut tape = tape.borrow_mut();
        tape.begin();
        tape.by_reference = true;
        value.write(&mut *tape);
        tape.by_reference = false;
        tape.kept = Some(value); // (the box moves, the numbers it holds stay where they are)
        tape.end(0)
    })
}

/// The calculators: only in the calculators' build (the analysis and retention builds load
/// beside it, so they leave them out).
#[cfg(not(any(feature = "analysis", feature = "retention")))]
pub use calculators::*;

#[cfg(not(any(feature = "analysis", feature = "retention")))]
mod calculators {
    use super::*;

    /// One exported function per calculator: `jsName(input tape length) -> result tape header`.
    macro_rules! export {
        ($($f:ident as $js:ident($ty:ty);)*) => {$(
            #[doc = concat!("`", stringify!($js), "`: reads a [`", stringify!($ty), "`] from the input tape of `len` slots, ",
                "runs [`crate::", stringify!($f), "`] and returns the address of the result tape's header (an error ",
                "as `{ code, field, message }` with status 1).")]
            #[wasm_bindgen(js_name = $js)]
            pub fn $f(len: u32) -> u32 {
                output(read(len, |input| <$ty>::from_source(&input)).and_then(|input| crate::$f(&input)))
            }
        )*};
    }

    export! {
        clv_simple as clvSimple(crate::SimpleInput);
        clv_purchase as clvPurchase(crate::PurchaseInput);
        order_metrics as orderMetrics(crate::OrderMetricsInput);
        clv_subscription as clvSubscription(crate::SubscriptionInput);
        clv_retention as clvRetention(crate::RetentionInput);
        cac as cac(crate::CacInput);
        ltv_cac as ltvCac(crate::LtvCacInput);
        payback as payback(crate::PaybackInput);
        tcv as tcv(crate::TcvInput);
        retention_impact as retentionImpact(crate::RetentionImpactInput);
        health_score as healthScore(crate::HealthInput);
    }

    /// CAC per channel from a list of channels.
    #[wasm_bindgen(js_name = cacByChannel)]
    pub fn cac_by_channel(len: u32) -> u32 {
        let channels = read(len, |input| crate::input::list::<_, crate::ChannelInput>(&input));
        output(channels.and_then(|channels| crate::cac_by_channel(&channels)))
    }

    /// NPS from counts `{ promoters, passives, detractors }` or from an array of 0-10 answers.
    #[wasm_bindgen(js_name = nps)]
    pub fn nps(len: u32) -> u32 {
        output(read(len, |input| {
            if let Kind::List(_) = input.kind() {
                crate::input::Field::read(&input, "").and_then(|scores: Vec<f64>| crate::nps_from_scores(&scores))
            } else {
                crate::NpsInput::from_source(&input).and_then(|counts| crate::nps(&counts))
            }
        }))
    }
}

/// Customer-data analysis: the file goes in as bytes, in chunks; its format, then the
/// analysis, come out as result tapes. Only in the `analysis` build.
#[cfg(feature = "analysis")]
mod analysis {
    use super::*;
    use crate::analysis::{detect_format, Analysis, AnalysisOptions, Scoring, Summarizing};
    use crate::data::reader::PartWriting;
    use crate::data::summary::Aggregate;

    enum Running {
        Reading(Analysis),
        /// A part's bytes being written (`analysisPartWrite`).
        Writing(Box<PartWriting<Aggregate>>),
        Summarizing(Summarizing),
        /// Summarised: scores, tiers and models a step at a time (`analysisScore`).
        Scoring(Box<Scoring>),
    }

    /// The analyses under way, each under its own handle: any number may run at once (two
    /// files in one page, a React effect run twice), and none sees another's rows.
    struct Analyses {
        /// The last handle given out; handles are never reused, so a stale one finds nothing.
        last: u32,
        running: Vec<(u32, Running)>,
    }

    thread_local! {
        static BYTES: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
        static RUNNING: RefCell<Analyses> = const { RefCell::new(Analyses { last: 0, running: Vec::new() }) };
    }

    /// Takes the analysis `handle` out of the table (the caller puts it back when it goes on):
    /// nothing stays borrowed while it works.
    fn take(handle: u32) -> Option<Running> {
        RUNNING.with(|r| {
            let mut r = r.borrow_mut();
            let i = r.running.iter().position(|(h, _)| *h == handle)?;
            Some(r.running.swap_remove(i).1)
        })
    }

    fn put(handle: u32, running: Running) {
        RUNNING.with(|r| r.borrow_mut().running.push((handle, running)));
    }

    fn not_summarised() -> Error {
        Error::new(crate::ErrorCode::Missing, "", "the analysis is not summarised yet")
    }

    fn not_started() -> Error {
        Error::new(crate::ErrorCode::Missing, "", "no analysis was started under this handle (or it was dropped)")
    }

    /// Makes room for `len` bytes of the file; returns their address.
    #[wasm_bindgen(js_name = bytesBuffer)]
    pub fn bytes_buffer(len: u32) -> u32 {
        BYTES.with(|b| room(&mut b.borrow_mut(), len))
    }

    /// Grows `buffer` to at least `len` items; returns its address.
    fn room<T: Default + Clone>(buffer: &mut Vec<T>, len: u32) -> u32 {
        if buffer.len() < len as usize {
            buffer.resize(len as usize, T::default());
        }
        buffer.as_ptr() as u32
    }

    fn with_bytes<T>(len: u32, f: impl FnOnce(&[u8]) -> T) -> T {
        BYTES.with(|b| {
            let b = b.borrow();
            f(&b[..(len as usize).min(b.len())])
        })
    }

    /// The format detected from the file's first bytes (options on the input tape).
    #[wasm_bindgen(js_name = analysisDetect)]
    pub fn analysis_detect(options: u32, sample: u32) -> u32 {
        let result = read(options, |input| AnalysisOptions::from_source(&input))
            .and_then(|o| with_bytes(sample, |s| detect_format(&o, s)));
        output(result)
    }

    /// Starts an analysis: detects the format from the first bytes (the options override).
    /// The result is `{ handle }`, for the calls that follow; `analysisDrop` frees it early.
    /// With `part`: of the bytes after a line end, for `analysisPart` (`sample` still the
    /// file's first bytes); handle 0 when the file cannot be read in parts (UTF-16).
    #[wasm_bindgen(js_name = analysisStart)]
    pub fn analysis_start(options: u32, sample: u32, part: bool) -> u32 {
        let started = read(options, |input| AnalysisOptions::from_source(&input)).and_then(|o| {
            with_bytes(sample, |s| if part { Analysis::start_part(&o, s) } else { Analysis::start(&o, s).map(Some) })
        });
        output(started.map(|a| {
            let Some(a) = a else { return Started { handle: 0.0 } };
            let handle = RUNNING.with(|r| {
                let mut r = r.borrow_mut();
                r.last = r.last.wrapping_add(1).max(1);
                r.last
            });
            put(handle, Running::Reading(a));
            Started { handle: handle as f64 }
        }))
    }

    /// The analysis read in two parts. `len` 0: ends the part `handle` (an analysis started
    /// with `analysisStart(.., part = true)`, freed here; its customers written first unless
    /// `analysisPartWrite` wrote them all) and puts its state in the bytes buffer: its length,
    /// u32::MAX when there is none. Else starts merging that many bytes (a part's state) into
    /// `handle`, its customers to follow by `analysisMerge`: 1 when started, 0 when the bytes
    /// pushed so far do not end between records (push the rest instead), u32::MAX when there
    /// is no such analysis or part.
    #[wasm_bindgen(js_name = analysisPart)]
    pub fn analysis_part(handle: u32, len: u32) -> u32 {
        if len == 0 {
            let writing = match take(handle) {
                Some(Running::Reading(a)) => a.writing_part(),
                Some(Running::Writing(w)) => Some(*w),
                _ => None,
            };
            return match writing {
                Some(w) => BYTES.with(|b| {
                    let bytes = w.into_bytes();
                    let n = bytes.len() as u32;
                    *b.borrow_mut() = bytes;
                    n
                }),
                None => u32::MAX,
            };
        }
        let Some(Running::Reading(mut a)) = take(handle) else { return u32::MAX };
        let started = with_bytes(len, |part| a.begin_merge(part.to_vec()));
        put(handle, Running::Reading(a));
        started.map_or(u32::MAX, |m| m as u32)
    }

    /// Writes up to `max` more customers of the part `handle` (which then reads no more):
    /// `{ done, customers, total }`; `analysisPart(handle, 0)` gives the bytes. The first
    /// call only ends the reading, the next three prepare the part (the ids in order; refunds
    /// and orders by customer; the logged days: each a tenth of a second on a large file).
    #[wasm_bindgen(js_name = analysisPartWrite)]
    pub fn analysis_part_write(handle: u32, max: u32) -> u32 {
        let mut w = match take(handle) {
            Some(Running::Reading(a)) => {
                let Some(w) = a.writing_part() else { return output::<Step>(Err(not_started())) };
                let (customers, total) = w.progress();
                put(handle, Running::Writing(Box::new(w)));
                return output(Ok(Step { done: false, customers: customers as f64, total: total as f64 }));
            }
            Some(Running::Writing(w)) => w,
            Some(other) => {
                put(handle, other);
                return output::<Step>(Err(not_started()));
            }
            None => return output::<Step>(Err(not_started())),
        };
        let done = w.step(max as usize);
        let (customers, total) = w.progress();
        put(handle, Running::Writing(w));
        output(Ok(Step { done, customers: customers as f64, total: total as f64 }))
    }

    /// Merges up to `max` more customers of the part that `analysisPart(handle, len)` began
    /// to merge: `{ done, customers, total }`; an error when the part turns out damaged (the
    /// analysis cannot go on).
    #[wasm_bindgen(js_name = analysisMerge)]
    pub fn analysis_merge(handle: u32, max: u32) -> u32 {
        let Some(Running::Reading(mut a)) = take(handle) else { return output::<Step>(Err(not_started())) };
        let step = a.merge_step(max as usize);
        put(handle, Running::Reading(a));
        output(step.map(|(done, customers, total)| Step { done, customers: customers as f64, total: total as f64 }))
    }

    /// Reads the next `len` bytes of the file into the analysis `handle`. Returns 1 when there
    /// is no such analysis (dropped, or never started), else 0.
    #[wasm_bindgen(js_name = analysisPush)]
    pub fn analysis_push(handle: u32, len: u32) -> u32 {
        match take(handle) {
            Some(Running::Reading(mut a)) => {
                with_bytes(len, |chunk| a.push(chunk));
                put(handle, Running::Reading(a));
                0
            }
            Some(other) => {
                put(handle, other);
                0
            }
            None => 1,
        }
    }

    /// Finishes reading, then summarises up to `max` more customers per call (the caller
    /// reports progress between calls): `{ done, customers, total }`.
    #[wasm_bindgen(js_name = analysisSummarize)]
    pub fn analysis_summarize(handle: u32, max: u32) -> u32 {
        let mut work = match take(handle) {
            Some(Running::Reading(a)) => match a.summarizing() {
                Ok(w) => w,
                Err(e) => return output::<Step>(Err(e)),
            },
            Some(Running::Summarizing(w)) => w,
            Some(done @ Running::Scoring(_)) => {
                put(handle, done);
                return output(Ok(Step { done: true, customers: 0.0, total: 0.0 }));
            }
            Some(writing @ Running::Writing(_)) => {
                put(handle, writing);
                return output::<Step>(Err(not_started()));
            }
            None => return output::<Step>(Err(not_started())),
        };
        let done = work.step(max as usize);
        let (customers, total) = work.progress();
        put(handle, if done { Running::Scoring(Box::new(work.done().scoring())) } else { Running::Summarizing(work) });
        output(Ok(Step { done, customers: customers as f64, total: total as f64 }))
    }

    /// After summarising: does the next step of the work before the result (one sort over
    /// all customers, or the models), the caller reporting progress between calls:
    /// `{ done, customers: steps done, total: all steps }`.
    #[wasm_bindgen(js_name = analysisScore)]
    pub fn analysis_score(handle: u32) -> u32 {
        match take(handle) {
            Some(Running::Scoring(mut work)) => {
                let done = work.step();
                let (steps, total) = work.progress();
                put(handle, Running::Scoring(work));
                output(Ok(Step { done, customers: steps as f64, total: total as f64 }))
            }
            Some(other) => {
                put(handle, other);
                output::<Step>(Err(not_summarised()))
            }
            None => output::<Step>(Err(not_started())),
        }
    }

    /// Computes the rest and writes the result; the handle is freed.
    #[wasm_bindgen(js_name = analysisFinish)]
    pub fn analysis_finish(handle: u32) -> u32 {
        let result = match take(handle) {
            Some(Running::Scoring(s)) => s.result(),
            Some(Running::Reading(a)) => a.finish(),
            Some(Running::Summarizing(_) | Running::Writing(_)) => Err(not_summarised()),
            None => Err(not_started()),
        };
        output_kept(result)
    }

    /// Frees the analysis `handle` (after an error, an abort or a cancel); a no-op when it is
    /// already finished or dropped.
    #[wasm_bindgen(js_name = analysisDrop)]
    pub fn analysis_drop(handle: u32) {
        drop(take(handle));
    }

    /// Frees the result that the last tape pointed into ([`output_kept`]), once JS has read it.
    #[wasm_bindgen(js_name = resultFree)]
    pub fn result_free() {
        TAPE.with(|t| t.borrow_mut().kept = None);
    }

    /// How many analyses hold memory (for tests: none after every analysis ended).
    #[wasm_bindgen(js_name = analysisCount)]
    pub fn analysis_count() -> u32 {
        RUNNING.with(|r| r.borrow().running.len() as u32)
    }

    // ---- customer-base models (kundenwert/models) ---------------------------------------------

    use crate::models::api::{self, Columns, FitOptions, PredictOptions};

    thread_local! {
        /// Per-customer columns, one after the other: frequency, recency, T, monetary.
        static COLUMNS: RefCell<Vec<f64>> = const { RefCell::new(Vec::new()) };
    }

    /// Makes room for `len` numbers of per-customer columns; returns their address.
    #[wasm_bindgen(js_name = columnsBuffer)]
    pub fn columns_buffer(len: u32) -> u32 {
        COLUMNS.with(|c| room(&mut c.borrow_mut(), len))
    }

    /// Runs `f` on the columns of `customers` customers (rows): frequency, recency, T, then
    /// monetary when `monetary`, then the customers per row when `count`.
    fn with_columns<T>(customers: u32, monetary: bool, count: bool, f: impl FnOnce(&Columns) -> T) -> T {
        COLUMNS.with(|c| {
            let c = c.borrow();
            let n = customers as usize;
            let column = |k: usize| c.get(k * n..(k + 1) * n).unwrap_or_default();
            let m = if monetary { column(3) } else { &[] };
            let counts = if count { column(3 + monetary as usize) } else { &[] };
            f(&Columns { frequency: column(0), recency: column(1), t: column(2), monetary: m, count: counts })
        })
    }

    thread_local! {
        /// Customers prepared for the calls that follow (`modelPrepare`), by handle; handles
        /// are never reused, so a freed one finds nothing.
        static PREPARED: RefCell<(u32, Vec<(u32, api::Prepared)>)> = const { RefCell::new((0, Vec::new())) };
    }

    /// Runs `f` on the customers: the prepared ones of `held`, else the columns.
    fn with_customers<T>(
        held: u32,
        customers: u32,
        monetary: bool,
        count: bool,
        f: impl FnOnce(api::Rows) -> Result<T, Error>,
    ) -> Result<T, Error> {
        if held == 0 {
            return with_columns(customers, monetary, count, |c| f(api::Rows::Columns(c)));
        }
        PREPARED.with(|p| match p.borrow().1.iter().find(|(h, _)| *h == held) {
            Some((_, prepared)) => f(api::Rows::Prepared(prepared)),
            None => Err(Error::new(crate::ErrorCode::InvalidType, "customers", "the prepared customers were freed")),
        })
    }

    /// Fits BG/NBD, Pareto/NBD or Gamma-Gamma on the columns, or on the customers prepared
    /// under `held` when it is not 0 (options on the input tape).
    #[wasm_bindgen(js_name = modelFit)]
    pub fn model_fit(options: u32, customers: u32, monetary: bool, count: bool, held: u32) -> u32 {
        let options = read(options, |input| FitOptions::from_source(&input));
        output(options.and_then(|o| with_customers(held, customers, monetary, count, |rows| api::fit_rows(&o, rows))))
    }

    /// Predictions per customer (row) of the columns, or of the customers prepared under
    /// `held` when it is not 0 (options on the input tape).
    #[wasm_bindgen(js_name = modelPredict)]
    pub fn model_predict(options: u32, customers: u32, monetary: bool, count: bool, held: u32) -> u32 {
        let options = read(options, |input| PredictOptions::from_source(&input));
        output_kept(
            options.and_then(|o| with_customers(held, customers, monetary, count, |rows| api::predict_rows(&o, rows))),
        )
    }

    /// A new customer's prediction from plain numbers ([`api::predict_new`]): `what` 0 P(n
    /// purchases in t), 1 the expected purchases in t, 2 the mean spend; `pareto` for
    /// Pareto/NBD's parameters. NaN when anything is wrong: the caller then makes the call
    /// through `modelPredict`, whose error names the field.
    #[wasm_bindgen(js_name = modelPredictNew)]
    #[allow(clippy::too_many_arguments)]
    pub fn model_predict_new(what: u32, pareto: bool, p0: f64, p1: f64, p2: f64, p3: f64, t: f64, n: f64) -> f64 {
        let what = match what {
            0 => api::NewCustomer::Purchases,
            1 => api::NewCustomer::ExpectedPurchases,
            _ => api::NewCustomer::MeanSpend,
        };
        api::predict_new(what, pareto, [p0, p1, p2, p3], t, n).unwrap_or(f64::NAN)
    }

    /// Checks and groups the columns once and keeps them for `modelFit` and `modelPredict`:
    /// `{ handle, rows, histories }`; `modelFree` frees them.
    #[wasm_bindgen(js_name = modelPrepare)]
    pub fn model_prepare(customers: u32, monetary: bool, count: bool) -> u32 {
        output(with_columns(customers, monetary, count, api::Prepared::of).map(|prepared| {
            PREPARED.with(|p| {
                let mut p = p.borrow_mut();
                p.0 = p.0.wrapping_add(1).max(1);
                let handle = p.0;
                let out = Held {
                    handle: handle as f64,
                    rows: prepared.rows() as f64,
                    histories: prepared.histories.keys.len() as f64,
                };
                p.1.push((handle, prepared));
                out
            })
        }))
    }

    /// Frees the customers prepared under `handle` (a no-op when they are freed already).
    #[wasm_bindgen(js_name = modelFree)]
    pub fn model_free(handle: u32) {
        PREPARED.with(|p| {
            let mut p = p.borrow_mut();
            if let Some(i) = p.1.iter().position(|(h, _)| *h == handle) {
                p.1.swap_remove(i);
            }
        });
    }

    crate::output::output! {
        /// The result of `modelPrepare`.
        pub struct Held {
            /// For `modelFit`, `modelPredict` and `modelFree` (never reused).
            pub handle: f64 = "handle",
            /// Rows prepared: customers, or histories with their counts.
            pub rows: f64 = "rows",
            /// Distinct (frequency, recency, T) histories among them.
            pub histories: f64 = "histories",
        }
    }

    crate::output::output! {
        /// The result of `analysisStart`.
        pub struct Started {
            /// The analysis' handle for the calls that follow (never reused).
            pub handle: f64 = "handle",
        }
    }

    crate::output::output! {
        /// The result of `analysisSummarize` (and of `analysisPartWrite`, `analysisMerge`,
        /// `analysisScore`): how far it has come.
        pub struct Step {
            /// True once every customer (or step) is done.
            pub done: bool = "done",
            /// Customers done so far (`analysisScore`: steps).
            pub customers: f64 = "customers",
            /// Customers in the file (`analysisScore`: steps).
            pub total: f64 = "total",
        }
    }
}

/// Subscription retention (shifted-beta-geometric): in the analysis build, and alone in the
/// small `retention` build that `<retention-forecast>` loads.
#[cfg(any(feature = "analysis", feature = "retention"))]
mod retention {
    use super::*;
    use crate::models::api::{self, SbgFitOptions, SbgProjectOptions};

    /// Fits the shifted-beta-geometric model on a cohort's survival.
    #[wasm_bindgen(js_name = sbgFit)]
    pub fn sbg_fit(options: u32) -> u32 {
        output(read(options, |input| SbgFitOptions::from_source(&input)).and_then(|o| api::fit_sbg(&o)))
    }

    /// An sBG model's projected survival, retention, lifetime and CLV.
    #[wasm_bindgen(js_name = sbgProject)]
    pub fn sbg_project(options: u32) -> u32 {
        output(read(options, |input| SbgProjectOptions::from_source(&input)).and_then(|o| api::project_sbg(&o)))
    }
}

// A small free-list allocator instead of Rust's default dlmalloc: 8 KB less wasm, and the
// calculators make only a few small allocations per call. The analysis build, with its many
// allocations of a large file, uses talc: as fast as dlmalloc there and 1.9 KB (gzip) smaller
// (docs/design-notes.md, "The analysis wasm's allocator").
#[cfg(not(feature = "analysis"))]
#[global_allocator]
static ALLOC: Watched<lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator>> =
    // SAFETY: wasm32-unknown-unknown without the atomics feature has a single thread.
    Watched(unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) });

#[cfg(feature = "analysis")]
#[global_allocator]
static ALLOC: Watched<talc::wasm::WasmDynamicTalc> = Watched(talc::wasm::new_wasm_dynamic_allocator());

/// Set when an allocation failed. The abort that follows is a trap; js/shared/runtime.js then asks
/// [`out_of_memory`] whether it was for want of memory (`too_large`) or a bug (`internal`),
/// and starts a fresh instance.
static OUT_OF_MEMORY: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The allocator `A`, noting a failed allocation in [`OUT_OF_MEMORY`].
struct Watched<A>(A);

impl<A> Watched<A> {
    #[inline(always)]
    fn noted(p: *mut u8) -> *mut u8 {
        if p.is_null() {
            OUT_OF_MEMORY.store(true, std::sync::atomic::Ordering::Relaxed);
        }
        p
    }
}

// SAFETY: every call is forwarded to `A` unchanged; only a null result is noted.
unsafe impl<A: std::alloc::GlobalAlloc> std::alloc::GlobalAlloc for Watched<A> {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        Self::noted(self.0.alloc(layout))
    }
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        Self::noted(self.0.alloc_zeroed(layout))
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        self.0.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        Self::noted(self.0.realloc(ptr, layout, new_size))
    }
}

/// 1 when an allocation has failed in this instance (its last call trapped for want of memory).
#[wasm_bindgen(js_name = outOfMemory)]
pub fn out_of_memory() -> u32 {
    OUT_OF_MEMORY.load(std::sync::atomic::Ordering::Relaxed) as u32
}
