//! Reading transaction exports: format detection (delimiter, header, columns, date format,
//! decimal separator) and an incremental parser that takes the file in chunks, keeps every
//! good row and reports every bad one with its line number and reason. Nothing is dropped
//! silently: rows are read, rejected (bad) or excluded (after the observation end), and the
//! counts add up.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::data::date::{self, DateFormat};
use crate::error::{concat, Digits, Error, ErrorCode, Result};

/// How fields are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    Byte(u8),
    /// Runs of spaces and tabs (CDNOW and other fixed-width exports).
    Whitespace,
}

impl Delimiter {
    pub fn as_str(self) -> &'static str {
        match self {
            Delimiter::Byte(b',') => ",",
            Delimiter::Byte(b';') => ";",
            Delimiter::Byte(b'\t') => "\t",
            Delimiter::Byte(b'|') => "|",
            Delimiter::Byte(_) => "?",
            Delimiter::Whitespace => " ",
        }
    }
}

/// Which column holds what (0-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Mapping {
    pub customer: usize,
    pub date: usize,
    pub amount: usize,
    pub channel: Option<usize>,
    pub acquisition_cost: Option<usize>,
    pub order: Option<usize>,
}

impl Mapping {
    fn needed(&self) -> usize {
        [Some(self.customer), Some(self.date), Some(self.amount), self.channel, self.acquisition_cost, self.order]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or(0)
            + 1
    }
}

/// A file's format, detected or given.
#[derive(Debug, Clone, PartialEq)]
pub struct Format {
    pub delimiter: Delimiter,
    pub header: bool,
    /// Column names: the header's, or `column 1`, `column 2` ...
    pub columns: Vec<String>,
    pub mapping: Mapping,
    pub date_format: DateFormat,
    /// True when the dates could be day-first or month-first and month-first was assumed.
    pub date_ambiguous: bool,
    /// `b'.'` or `b','`.
    pub decimal: u8,
}

/// Why a row was not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    MissingColumns,
    MissingCustomer,
    BadDate,
    BadAmount,
    BadAcquisitionCost,
    AfterEnd,
}

impl Reason {
    pub const ALL: [Reason; 6] = [
        Reason::MissingColumns,
        Reason::MissingCustomer,
        Reason::BadDate,
        Reason::BadAmount,
        Reason::BadAcquisitionCost,
        Reason::AfterEnd,
    ];
    pub fn code(self) -> &'static str {
        match self {
            Reason::MissingColumns => "missing_columns",
            Reason::MissingCustomer => "missing_customer",
            Reason::BadDate => "bad_date",
            Reason::BadAmount => "bad_amount",
            Reason::BadAcquisitionCost => "bad_acquisition_cost",
            Reason::AfterEnd => "after_end",
        }
    }
    pub fn message(self) -> &'static str {
        match self {
            Reason::MissingColumns => "the row has fewer columns than the mapping needs",
            Reason::MissingCustomer => "the customer is empty",
            Reason::BadDate => "the date cannot be read in the file's date format",
            Reason::BadAmount => "the amount is not a number",
            Reason::BadAcquisitionCost => "the acquisition cost is not a number",
            Reason::AfterEnd => "the date is after the end of the observation period",
        }
    }
}

/// A row that was not used, as the file has it.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejected {
    /// 1-based line number in the file (the header is line 1 when there is one).
    pub line: u64,
    pub reason: Reason,
    /// The row's text, cut at 200 bytes.
    pub text: String,
}

/// How many rejected rows are kept with their text; all are counted.
pub const KEEP_REJECTED: usize = 1000;

/// An FxHash-style hasher: fast for short keys such as customer ids.
#[derive(Default, Clone, Copy)]
pub struct Fx(u64);

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let n = bytes.len();
        let word = |i: usize| u64::from_le_bytes(bytes[i..i + 8].try_into().unwrap_or_default());
        let half = |i: usize| u32::from_le_bytes(bytes[i..i + 4].try_into().unwrap_or_default()) as u64;
        if n >= 8 {
            // Whole words, then the last eight bytes (overlapping): ids are short.
            let mut i = 0;
            while i + 8 < n {
                self.add(word(i));
                i += 8;
            }
            self.add(word(n - 8));
        } else if n >= 4 {
            self.add((half(0) << 32) | half(n - 4));
        } else {
            let mut tail = 0u64;
            for (i, &b) in bytes.iter().enumerate() {
                tail |= (b as u64) << (8 * i);
            }
            self.add(tail);
        }
        self.add(n as u64);
    }
    fn write_u8(&mut self, b: u8) {
        self.add(b as u64);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn write_u128(&mut self, n: u128) {
        self.add(n as u64);
        self.add((n >> 64) as u64);
    }
    fn finish(&self) -> u64 {
        // A multiply leaves the low bits depending on the low input bits only, and hash
        // tables index by the low bits: ids like C000001, C000002 ... would all collide.
        // Mix the high bits down (splitmix64's finaliser).
        let mut x = self.0;
        x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        x ^ (x >> 31)
    }
}

impl Fx {
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// Distinct byte strings numbered in order of first appearance. Strings of up to 15 bytes
/// (most customer ids) are keyed inline as one u128, bytes and length: hashing and comparing
/// them is integer work, with no pointer to follow.
#[derive(Default)]
pub struct Interner {
    short: HashMap<u128, u32, BuildHasherDefault<Fx>>,
    long: HashMap<Box<[u8]>, u32, BuildHasherDefault<Fx>>,
}

fn inline(key: &[u8]) -> Option<u128> {
    (key.len() <= 15).then(|| {
        let mut bytes = [0u8; 16];
        bytes[..key.len()].copy_from_slice(key);
        bytes[15] = key.len() as u8;
        u128::from_le_bytes(bytes)
    })
}

impl Interner {
    pub fn id(&mut self, key: &[u8]) -> u32 {
        let next = self.len() as u32;
        match inline(key) {
            Some(k) => *self.short.entry(k).or_insert(next),
            None => {
                if let Some(&id) = self.long.get(key) {
                    return id;
                }
                self.long.insert(key.into(), next);
                next
            }
        }
    }
    pub fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The strings by id.
    pub fn names(self) -> Vec<String> {
        let mut names = vec![String::new(); self.len()];
        for (k, id) in self.short {
            let bytes = k.to_le_bytes();
            names[id as usize] = String::from_utf8_lossy(&bytes[..bytes[15] as usize]).into_owned();
        }
        for (k, id) in self.long {
            names[id as usize] = String::from_utf8_lossy(&k).into_owned();
        }
        names
    }
}

/// The good rows, column by column.
#[derive(Default)]
pub struct Rows {
    pub customer: Vec<u32>,
    pub day: Vec<i32>,
    pub amount: Vec<f64>,
    /// Per row when mapped: the channel's id.
    pub channel: Vec<u32>,
    /// Per row when mapped: the acquisition cost, NaN where the cell is empty.
    pub acquisition_cost: Vec<f64>,
    /// Per row when mapped: the order's id.
    pub order: Vec<u32>,
}

/// Everything read from a file.
pub struct Table {
    pub format: Format,
    pub rows: Rows,
    pub customers: Interner,
    pub channels: Interner,
    pub orders: Interner,
    /// Data rows seen (not counting the header and empty lines).
    pub read: u64,
    pub empty_lines: u64,
    pub rejected: Vec<Rejected>,
    pub rejected_by_reason: [u64; Reason::ALL.len()],
    /// The last date read: its text, length and day number.
    last_date: ([u8; 16], usize, i32),
}

/// Reads a file in chunks: `push` each, then `finish`.
pub struct Reader {
    table: Table,
    carry: Vec<u8>,
    /// Physical lines consumed so far.
    line: u64,
    header_pending: bool,
    scratch: Vec<u8>,
    ranges: Vec<(usize, usize)>,
    bom_checked: bool,
    needed: usize,
}

impl Reader {
    pub fn new(format: Format) -> Self {
        let needed = format.mapping.needed();
        Reader {
            header_pending: format.header,
            table: Table {
                format,
                rows: Rows::default(),
                customers: Interner::default(),
                channels: Interner::default(),
                orders: Interner::default(),
                read: 0,
                empty_lines: 0,
                rejected: Vec::new(),
                rejected_by_reason: [0; Reason::ALL.len()],
                last_date: ([0; 16], 0, 0),
            },
            carry: Vec::new(),
            line: 0,
            scratch: Vec::new(),
            ranges: Vec::new(),
            bom_checked: false,
            needed,
        }
    }

    /// Reads the complete records in `chunk` (with what was left from the last one).
    pub fn push(&mut self, mut chunk: &[u8]) {
        if !(self.bom_checked || self.carry.is_empty() && chunk.is_empty()) {
            let mut start = std::mem::take(&mut self.carry);
            start.extend_from_slice(chunk);
            if start.len() < 3 && !chunk.is_empty() {
                self.carry = start; // too short to know
                return;
            }
            self.bom_checked = true;
            let body = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&start).to_vec();
            return self.push(&body);
        }
        // Finish the record left from the previous chunk.
        if !self.carry.is_empty() {
            match record_end(chunk, quotes_open(&self.carry)) {
                Some(end) => {
                    let mut record = std::mem::take(&mut self.carry);
                    record.extend_from_slice(&chunk[..end]);
                    self.record(&record);
                    chunk = &chunk[end + 1..];
                }
                None => {
                    self.carry.extend_from_slice(chunk);
                    return;
                }
            }
        }
        self.records(chunk);
    }

    /// Reads the complete records of `bytes`, keeping the last, incomplete one. The common
    /// case, a line without quotes split at a byte, takes a single pass that finds the newline
    /// and the field boundaries together.
    fn records(&mut self, bytes: &[u8]) {
        let delimiter = match self.table.format.delimiter {
            Delimiter::Byte(d) => Some(d),
            Delimiter::Whitespace => None,
        };
        // Most exports have no quotes at all: then every newline ends a record, and one pass
        // over the chunk finds them all.
        if let (Some(d), None) = (delimiter, memchr::memchr(b'"', bytes)) {
            let mut start = 0;
            for nl in memchr::memchr_iter(b'\n', bytes) {
                let line = &bytes[start..nl];
                self.ranges.clear();
                let mut field = 0;
                for (p, &b) in line.iter().enumerate() {
                    if b == d {
                        self.ranges.push((field, p));
                        field = p + 1;
                    }
                }
                self.ranges.push((field, line.len()));
                self.split_record(line);
                start = nl + 1;
            }
            self.carry.extend_from_slice(&bytes[start..]);
            return;
        }
        let mut i = 0;
        while i < bytes.len() {
            let start = i;
            let mut quoted = false;
            let mut newline = None;
            self.ranges.clear();
            match delimiter {
                Some(d) => {
                    let mut field = 0;
                    for p in memchr::memchr3_iter(b'\n', d, b'"', &bytes[start..]) {
                        match bytes[start + p] {
                            b'\n' => {
                                newline = Some(start + p);
                                break;
                            }
                            b'"' => quoted = true,
                            _ => {
                                self.ranges.push((field, p));
                                field = p + 1;
                            }
                        }
                    }
                    if let Some(nl) = newline {
                        self.ranges.push((field, nl - start));
                    }
                }
                None => {
                    newline = memchr::memchr(b'\n', &bytes[i..]).map(|p| i + p);
                    quoted = true; // the general path splits at runs of spaces
                }
            }
            let Some(nl) = newline else {
                self.carry.extend_from_slice(&bytes[start..]);
                return;
            };
            if quoted {
                // A quoted field may hold newlines: the record may end further on.
                match record_end(&bytes[start..], false) {
                    Some(len) => {
                        self.record(&bytes[start..start + len]);
                        i = start + len + 1;
                    }
                    None => {
                        self.carry.extend_from_slice(&bytes[start..]);
                        return;
                    }
                }
            } else {
                self.split_record(&bytes[start..nl]);
                i = nl + 1;
            }
        }
    }

    /// A one-line record whose fields are already in `self.ranges`.
    fn split_record(&mut self, line: &[u8]) {
        let lineno = self.line + 1;
        self.line += 1;
        let mut line = line;
        if let Some(stripped) = line.strip_suffix(b"\r") {
            line = stripped;
            if let Some(last) = self.ranges.last_mut() {
                last.1 = last.1.min(line.len());
            }
        }
        if self.ranges.len() == 1 && trim(line).is_empty() {
            self.table.empty_lines += 1;
            return;
        }
        if self.header_pending {
            self.header_pending = false;
            return;
        }
        self.table.read += 1;
        if let Err(reason) = row(&mut self.table, self.needed, line, &self.ranges) {
            reject(&mut self.table, lineno, reason, line);
        }
    }

    /// Reads what is left and returns the table.
    pub fn finish(mut self) -> Table {
        if !self.bom_checked {
            self.bom_checked = true;
            let rest = std::mem::take(&mut self.carry);
            let body = rest.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&rest).to_vec();
            self.carry = body;
        }
        if !self.carry.is_empty() {
            let record = std::mem::take(&mut self.carry);
            self.record(&record);
        }
        self.table
    }

    /// One record (without its final newline; it may span lines inside quotes).
    fn record(&mut self, record: &[u8]) {
        let line = self.line + 1;
        self.line += 1 + record.iter().filter(|&&c| c == b'\n').count() as u64;
        let record = record.strip_suffix(b"\r").unwrap_or(record);
        if record.iter().all(|c| c.is_ascii_whitespace()) {
            self.table.empty_lines += 1;
            return;
        }
        if self.header_pending {
            self.header_pending = false;
            return;
        }
        self.table.read += 1;
        let unescaped = split(record, self.table.format.delimiter, &mut self.scratch, &mut self.ranges);
        let base = if unescaped { &self.scratch[..] } else { record };
        if let Err(reason) = row(&mut self.table, self.needed, base, &self.ranges) {
            reject(&mut self.table, line, reason, record);
        }
    }
}

/// Reads one data row into the table, or says why not.
fn row(t: &mut Table, needed: usize, base: &[u8], ranges: &[(usize, usize)]) -> std::result::Result<(), Reason> {
    {
        if ranges.len() < needed {
            return Err(Reason::MissingColumns);
        }
        let field = |i: usize| trim(&base[ranges[i].0..ranges[i].1]);
        let m = t.format.mapping;
        let customer = field(m.customer);
        if customer.is_empty() {
            return Err(Reason::MissingCustomer);
        }
        let text = field(m.date);
        // Exports come sorted by date: most rows have the previous row's date.
        let day = if text == &t.last_date.0[..t.last_date.1] {
            t.last_date.2
        } else {
            let day = date::parse(text, t.format.date_format).ok_or(Reason::BadDate)?;
            if text.len() <= 16 {
                t.last_date.0[..text.len()].copy_from_slice(text);
                t.last_date = (t.last_date.0, text.len(), day);
            }
            day
        };
        let amount = parse_amount(field(m.amount), t.format.decimal).ok_or(Reason::BadAmount)?;
        let cost = match m.acquisition_cost {
            Some(i) if !field(i).is_empty() => {
                Some(parse_amount(field(i), t.format.decimal).ok_or(Reason::BadAcquisitionCost)?)
            }
            Some(_) => Some(f64::NAN),
            None => None,
        };
        t.rows.customer.push(t.customers.id(customer));
        t.rows.day.push(day);
        t.rows.amount.push(amount);
        if let Some(i) = m.channel {
            let name = field(i);
            t.rows.channel.push(t.channels.id(if name.is_empty() { b"(none)" } else { name }));
        }
        if let Some(c) = cost {
            t.rows.acquisition_cost.push(c);
        }
        if let Some(i) = m.order {
            t.rows.order.push(t.orders.id(field(i)));
        }
        Ok(())
    }
}

fn reject(t: &mut Table, line: u64, reason: Reason, record: &[u8]) {
    t.rejected_by_reason[reason as usize] += 1;
    if t.rejected.len() < KEEP_REJECTED {
        let text = String::from_utf8_lossy(&record[..record.len().min(200)]).into_owned();
        t.rejected.push(Rejected { line, reason, text });
    }
}

impl Table {
    /// Removes the rows after `end` (they count as rejected: after_end), keeping line numbers
    /// unknown for them (0): they were valid rows, only outside the period.
    pub fn exclude_after(&mut self, end: i32) {
        let r = &mut self.rows;
        let keep: Vec<bool> = r.day.iter().map(|&d| d <= end).collect();
        let dropped = keep.iter().filter(|k| !**k).count() as u64;
        if dropped == 0 {
            return;
        }
        self.rejected_by_reason[Reason::AfterEnd as usize] += dropped;
        fn retain<T: Copy>(v: &mut Vec<T>, keep: &[bool]) {
            if v.len() == keep.len() {
                let mut i = 0;
                v.retain(|_| {
                    i += 1;
                    keep[i - 1]
                });
            }
        }
        retain(&mut r.customer, &keep);
        retain(&mut r.day, &keep);
        retain(&mut r.amount, &keep);
        retain(&mut r.channel, &keep);
        retain(&mut r.acquisition_cost, &keep);
        retain(&mut r.order, &keep);
    }

    pub fn rejected_total(&self) -> u64 {
        self.rejected_by_reason.iter().sum()
    }
}

/// Where the record starting at `s` ends (the index of its newline), given whether a quoted
/// field is already open; None when it does not end in `s`.
fn record_end(s: &[u8], mut open: bool) -> Option<usize> {
    let mut from = 0;
    loop {
        let nl = from + memchr::memchr(b'\n', &s[from..])?;
        open ^= s[from..nl].iter().filter(|&&c| c == b'"').count() % 2 == 1;
        if !open {
            return Some(nl);
        }
        from = nl + 1;
    }
}

fn quotes_open(s: &[u8]) -> bool {
    s.iter().filter(|&&c| c == b'"').count() % 2 == 1
}

#[inline]
fn trim(s: &[u8]) -> &[u8] {
    match (s.first(), s.last()) {
        (Some(a), Some(b)) if !a.is_ascii_whitespace() && !b.is_ascii_whitespace() => return s,
        _ => {}
    }
    let start = s.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(s.len());
    let end = s.iter().rposition(|c| !c.is_ascii_whitespace()).map_or(start, |e| e + 1);
    &s[start..end]
}

/// Splits a record into fields: `ranges` into the record itself, or, when quotes had to be
/// unescaped (the return value is true), into `scratch`.
fn split(record: &[u8], delimiter: Delimiter, scratch: &mut Vec<u8>, ranges: &mut Vec<(usize, usize)>) -> bool {
    ranges.clear();
    match delimiter {
        Delimiter::Whitespace => {
            let mut i = 0;
            while i < record.len() {
                while i < record.len() && (record[i] == b' ' || record[i] == b'\t') {
                    i += 1;
                }
                let start = i;
                while i < record.len() && record[i] != b' ' && record[i] != b'\t' {
                    i += 1;
                }
                if i > start {
                    ranges.push((start, i));
                }
            }
            false
        }
        Delimiter::Byte(d) if !record.contains(&b'"') => {
            let mut start = 0;
            for (i, &c) in record.iter().enumerate() {
                if c == d {
                    ranges.push((start, i));
                    start = i + 1;
                }
            }
            ranges.push((start, record.len()));
            false
        }
        Delimiter::Byte(d) => {
            // RFC 4180: a field in quotes may hold the delimiter, newlines and "" for ".
            scratch.clear();
            let mut i = 0;
            loop {
                let start = scratch.len();
                while i < record.len() && record[i] == b' ' {
                    i += 1;
                }
                if i < record.len() && record[i] == b'"' {
                    i += 1;
                    while i < record.len() {
                        if record[i] == b'"' {
                            if record.get(i + 1) == Some(&b'"') {
                                scratch.push(b'"');
                                i += 2;
                                continue;
                            }
                            i += 1;
                            break;
                        }
                        scratch.push(record[i]);
                        i += 1;
                    }
                    while i < record.len() && record[i] != d {
                        scratch.push(record[i]); // text after the closing quote
                        i += 1;
                    }
                } else {
                    while i < record.len() && record[i] != d {
                        scratch.push(record[i]);
                        i += 1;
                    }
                }
                ranges.push((start, scratch.len()));
                if i >= record.len() {
                    break;
                }
                i += 1; // the delimiter
                if i == record.len() {
                    ranges.push((scratch.len(), scratch.len()));
                    break;
                }
            }
            true
        }
    }
}

/// Reads an amount as exports write it: `1234.56`, `1.234,56` (decimal comma), `1,234.56`,
/// `-12,50 €`, `EUR 12.50`, `1'234.50`. `decimal` is the decimal separator; the other of
/// `.` and `,` (and `'`, spaces) may group thousands.
pub fn parse_amount(s: &[u8], decimal: u8) -> Option<f64> {
    // The common case: digits with at most one decimal separator, nothing else.
    if let Some(v) = plain_amount(s, decimal) {
        return Some(v);
    }
    // Strip what is not part of the number: currency signs and codes, spaces.
    let start = s.iter().position(|&c| c.is_ascii_digit() || c == b'-' || c == b'+' || c == b'.' || c == b',')?;
    let end = s.iter().rposition(|&c| c.is_ascii_digit() || c == b'.' || c == b',')? + 1;
    if start >= end {
        return None;
    }
    let body = &s[start..end];
    let (negative, body) = match body.first() {
        Some(b'-') => (true, &body[1..]),
        Some(b'+') => (false, &body[1..]),
        _ => (false, body),
    };
    let group = if decimal == b',' { b'.' } else { b',' };
    let mut mantissa: u64 = 0;
    let mut digits = 0u32;
    let mut decimals: Option<u32> = None;
    for &c in body {
        match c {
            b'0'..=b'9' => {
                if digits >= 18 {
                    return parse_slow(body, decimal, negative);
                }
                mantissa = mantissa * 10 + (c - b'0') as u64;
                if mantissa > 0 {
                    digits += 1;
                }
                if let Some(d) = decimals.as_mut() {
                    *d += 1;
                }
            }
            c if c == decimal && decimals.is_none() => decimals = Some(0),
            c if (c == group || c == b'\'' || c == b' ') && decimals.is_none() => {}
            _ => return None,
        }
    }
    if digits == 0 && mantissa == 0 && !body.iter().any(u8::is_ascii_digit) {
        return None;
    }
    let d = decimals.unwrap_or(0) as usize;
    if mantissa >= 1 << 53 || d >= POW10.len() {
        return parse_slow(body, decimal, negative);
    }
    // Exact: an integer below 2^53 divided by an exact power of ten rounds correctly.
    let v = mantissa as f64 / POW10[d];
    Some(if negative { -v } else { v })
}

const POW10: [f64; 19] =
    [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18];

/// `123` or `123.45` (with `decimal`), up to 15 digits; None for anything else.
fn plain_amount(s: &[u8], decimal: u8) -> Option<f64> {
    if s.is_empty() || s.len() > 16 {
        return None;
    }
    let (mut mantissa, mut point) = (0u64, None);
    for (i, &c) in s.iter().enumerate() {
        let d = c.wrapping_sub(b'0');
        if d <= 9 {
            mantissa = mantissa * 10 + d as u64;
        } else if c == decimal && point.is_none() && i > 0 {
            point = Some(i);
        } else {
            return None;
        }
    }
    let decimals = point.map_or(0, |p| s.len() - p - 1);
    Some(mantissa as f64 / POW10[decimals])
}

fn parse_slow(body: &[u8], decimal: u8, negative: bool) -> Option<f64> {
    let group = if decimal == b',' { b'.' } else { b',' };
    let mut text = String::with_capacity(body.len() + 1);
    if negative {
        text.push('-');
    }
    for &c in body {
        match c {
            c if c == decimal => text.push('.'),
            c if c == group || c == b'\'' || c == b' ' => {}
            c => text.push(c as char),
        }
    }
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

// ---- detection -------------------------------------------------------------------------------

/// Explicit choices that override detection.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    pub delimiter: Option<Delimiter>,
    pub header: Option<bool>,
    pub customer: Option<ColumnRef>,
    pub date: Option<ColumnRef>,
    pub amount: Option<ColumnRef>,
    pub channel: Option<ColumnRef>,
    pub acquisition_cost: Option<ColumnRef>,
    pub order: Option<ColumnRef>,
    pub date_format: Option<DateFormat>,
    pub decimal: Option<u8>,
}

/// A column by name (as in the header, case-insensitive) or by 0-based index.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnRef {
    Name(String),
    Index(usize),
}

const CUSTOMER: &[&str] = &[
    "customerid",
    "customer",
    "kundennummer",
    "kundenid",
    "kundennr",
    "kunde",
    "clientid",
    "client",
    "userid",
    "user",
    "email",
    "emailaddress",
    "accountid",
    "account",
    "buyer",
    "memberid",
    "contactid",
    "id",
];
const DATE: &[&str] = &[
    "date",
    "datum",
    "orderdate",
    "bestelldatum",
    "transactiondate",
    "purchasedate",
    "invoicedate",
    "rechnungsdatum",
    "createdat",
    "created",
    "timestamp",
    "time",
    "day",
    "tag",
];
const AMOUNT: &[&str] = &[
    "amount",
    "betrag",
    "revenue",
    "umsatz",
    "dollarvalue",
    "value",
    "wert",
    "ordervalue",
    "bestellwert",
    "total",
    "gesamt",
    "sales",
    "price",
    "preis",
    "net",
    "netto",
    "gross",
    "brutto",
    "sum",
    "summe",
    "spend",
];
const CHANNEL: &[&str] = &[
    "channel",
    "kanal",
    "acquisitionchannel",
    "akquisitionskanal",
    "source",
    "quelle",
    "utmsource",
    "medium",
    "campaign",
];
const COST: &[&str] = &["acquisitioncost", "akquisitionskosten", "cac", "cpa", "costperacquisition"];
const ORDER: &[&str] = &[
    "orderid",
    "ordernumber",
    "order",
    "bestellnummer",
    "bestellung",
    "invoiceid",
    "invoice",
    "rechnungsnummer",
    "transactionid",
];

fn normal(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The column whose name matches one of `names` (exactly first, then containing one).
fn by_name(columns: &[String], names: &[&str], taken: &[usize]) -> Option<usize> {
    let cols: Vec<String> = columns.iter().map(|c| normal(c)).collect();
    for n in names {
        if let Some(i) = cols.iter().enumerate().position(|(i, c)| c == n && !taken.contains(&i)) {
            return Some(i);
        }
    }
    for n in names.iter().filter(|n| n.len() >= 4) {
        if let Some(i) = cols.iter().enumerate().position(|(i, c)| c.contains(n) && !taken.contains(&i)) {
            return Some(i);
        }
    }
    None
}

fn resolve(r: &ColumnRef, columns: &[String], field: &str) -> Result<usize> {
    match r {
        ColumnRef::Index(i) if *i < columns.len() => Ok(*i),
        ColumnRef::Name(n) => columns.iter().position(|c| normal(c) == normal(n)).ok_or_else(|| {
            Error::new(ErrorCode::OutOfRange, field, concat(&[field, " names no column of the file: ", n]))
        }),
        ColumnRef::Index(_) => {
            Err(Error::new(ErrorCode::OutOfRange, field, concat(&[field, " is past the last column"])))
        }
    }
}

/// Detects the format of a file from its beginning (the first 64 KB are plenty); `hints`
/// override any part of it. Errors name the option to set (`columns.date`, `dateFormat` ...).
pub fn detect(sample: &[u8], hints: &Hints) -> Result<Format> {
    let sample = sample.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(sample);
    // Whole lines only (the last may be cut), not inside quotes.
    let mut lines: Vec<&[u8]> = Vec::new();
    let mut rest = sample;
    while let Some(end) = record_end(rest, false) {
        let line = rest[..end].strip_suffix(b"\r").unwrap_or(&rest[..end]);
        if !line.iter().all(|c| c.is_ascii_whitespace()) {
            lines.push(line);
        }
        rest = &rest[end + 1..];
        if lines.len() >= 200 {
            break;
        }
    }
    if lines.len() < 200 && !rest.iter().all(|c| c.is_ascii_whitespace()) && !quotes_open(rest) && lines.is_empty() {
        lines.push(rest.strip_suffix(b"\r").unwrap_or(rest));
    }
    if lines.is_empty() {
        return Err(Error::new(ErrorCode::Empty, "", "the file has no rows"));
    }

    let delimiter = hints.delimiter.unwrap_or_else(|| detect_delimiter(&lines));
    let mut scratch = Vec::new();
    let mut ranges = Vec::new();
    let rows: Vec<Vec<String>> = lines
        .iter()
        .map(|l| {
            let unescaped = split(l, delimiter, &mut scratch, &mut ranges);
            let base = if unescaped { &scratch[..] } else { l };
            ranges.iter().map(|&(a, b)| String::from_utf8_lossy(trim(&base[a..b])).into_owned()).collect()
        })
        .collect();
    let width = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let looks_like_data = |row: &Vec<String>| row.iter().any(|f| date::detect(std::iter::once(f.as_bytes())).is_some());
    let header = hints.header.unwrap_or_else(|| !looks_like_data(&rows[0]) && rows.len() > 1);
    let columns: Vec<String> = if header {
        (0..width).map(|i| rows[0].get(i).cloned().unwrap_or_else(|| column_name(i))).collect()
    } else {
        (0..width).map(column_name).collect()
    };
    let data: Vec<&Vec<String>> = rows.iter().skip(header as usize).collect();
    let column = |i: usize| data.iter().filter_map(move |r| r.get(i).map(|s| s.as_bytes()));

    // Columns: as given, else by header names, else by their content.
    let pick = |hint: &Option<ColumnRef>, field: &str| hint.as_ref().map(|r| resolve(r, &columns, field)).transpose();
    let mut taken = Vec::new();
    let date_col = match pick(&hints.date, "columns.date")? {
        Some(i) => i,
        None => header
            .then(|| by_name(&columns, DATE, &taken))
            .flatten()
            .or_else(|| (0..width).find(|&i| date::detect(column(i)).is_some()))
            .ok_or_else(|| missing_column("columns.date", "date"))?,
    };
    taken.push(date_col);
    let decimal = hints.decimal;
    let amount_col = match pick(&hints.amount, "columns.amount")? {
        Some(i) => i,
        None => header
            .then(|| by_name(&columns, AMOUNT, &taken))
            .flatten()
            .or_else(|| {
                // The last numeric column, preferring one with decimals.
                let numeric = |i: usize| {
                    !taken.contains(&i) && column(i).all(|v| parse_amount(v, decimal.unwrap_or(b'.')).is_some())
                };
                let decimals = |i: usize| column(i).any(|v| v.contains(&b'.') || v.contains(&b','));
                (0..width).rev().find(|&i| numeric(i) && decimals(i)).or_else(|| (0..width).rev().find(|&i| numeric(i)))
            })
            .ok_or_else(|| missing_column("columns.amount", "amount"))?,
    };
    taken.push(amount_col);
    let customer_col = match pick(&hints.customer, "columns.customer")? {
        Some(i) => i,
        None => header
            .then(|| by_name(&columns, CUSTOMER, &taken))
            .flatten()
            .or_else(|| (0..width).find(|i| !taken.contains(i)))
            .ok_or_else(|| missing_column("columns.customer", "customer"))?,
    };
    taken.push(customer_col);
    let optional = |hint: &Option<ColumnRef>, names: &[&str], field: &str, taken: &[usize]| -> Result<Option<usize>> {
        Ok(match pick(hint, field)? {
            Some(i) => Some(i),
            None => header.then(|| by_name(&columns, names, taken)).flatten(),
        })
    };
    let channel = optional(&hints.channel, CHANNEL, "columns.channel", &taken)?;
    taken.extend(channel);
    let acquisition_cost = optional(&hints.acquisition_cost, COST, "columns.acquisitionCost", &taken)?;
    taken.extend(acquisition_cost);
    let order = optional(&hints.order, ORDER, "columns.order", &taken)?;

    let (date_format, date_ambiguous) = match hints.date_format {
        Some(f) => (f, false),
        None => date::detect(column(date_col)).ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidType,
                "dateFormat",
                "dateFormat: the dates are in no known format (YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY, MM/DD/YYYY, YYYYMMDD)",
            )
        })?,
    };
    let decimal = decimal.unwrap_or_else(|| detect_decimal(column(amount_col), delimiter));
    Ok(Format {
        delimiter,
        header,
        columns,
        mapping: Mapping {
            customer: customer_col,
            date: date_col,
            amount: amount_col,
            channel,
            acquisition_cost,
            order,
        },
        date_format,
        date_ambiguous,
        decimal,
    })
}

fn column_name(i: usize) -> String {
    concat(&["column ", &(i + 1).to_string_fast()])
}

fn missing_column(field: &str, what: &str) -> Error {
    Error::new(ErrorCode::Missing, field, concat(&[field, ": found no ", what, " column; name it in the options"]))
}

/// The delimiter that splits the most lines into the same number (at least 3) of fields: a
/// bad row may not. Ties go to tab, then `;`, `,`, `|`, then runs of spaces.
fn detect_delimiter(lines: &[&[u8]]) -> Delimiter {
    let mut scratch = Vec::new();
    let mut ranges = Vec::new();
    let mut agreeing = |d: Delimiter| -> usize {
        let mut counts: Vec<usize> = lines
            .iter()
            .map(|l| {
                split(l, d, &mut scratch, &mut ranges);
                ranges.len()
            })
            .collect();
        counts.sort_unstable();
        let (mut best_run, mut run) = (0, 0);
        for (i, &c) in counts.iter().enumerate() {
            run = if i > 0 && counts[i - 1] == c { run + 1 } else { 1 };
            if c >= 3 && run > best_run {
                best_run = run;
            }
        }
        best_run
    };
    let candidates = [
        Delimiter::Byte(b'\t'),
        Delimiter::Byte(b';'),
        Delimiter::Byte(b','),
        Delimiter::Byte(b'|'),
        Delimiter::Whitespace,
    ];
    let mut best = (Delimiter::Byte(b','), 0);
    for d in candidates {
        let n = agreeing(d);
        if n > best.1 {
            best = (d, n);
        }
    }
    best.0
}

/// `b','` when the amounts are written with a decimal comma, else `b'.'`.
fn detect_decimal<'a>(values: impl Iterator<Item = &'a [u8]>, delimiter: Delimiter) -> u8 {
    let (mut comma, mut dot) = (0, 0);
    for v in values {
        let last_comma = v.iter().rposition(|&c| c == b',');
        let last_dot = v.iter().rposition(|&c| c == b'.');
        match (last_comma, last_dot) {
            (Some(c), Some(d)) if c > d => comma += 1,
            (Some(_), Some(_)) => dot += 1,
            // 1,5 or 12,50: a decimal comma; 1,234 could be either: grouping in English.
            (Some(c), None) if v.len() - c - 1 != 3 => comma += 1,
            (None, Some(d)) if v.len() - d - 1 != 3 => dot += 1,
            _ => {}
        }
    }
    if comma > dot || (comma == dot && delimiter == Delimiter::Byte(b';')) {
        b','
    } else {
        b'.'
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, hints: &Hints) -> Table {
        let format = detect(text.as_bytes(), hints).unwrap();
        let mut r = Reader::new(format);
        r.push(text.as_bytes());
        r.finish()
    }

    #[test]
    fn amounts_in_every_convention() {
        assert_eq!(parse_amount(b"1234.56", b'.'), Some(1234.56));
        assert_eq!(parse_amount(b"1.234,56", b','), Some(1234.56));
        assert_eq!(parse_amount(b"1,234.56", b'.'), Some(1234.56));
        assert_eq!(parse_amount(b"-12,50 \xE2\x82\xAC", b','), Some(-12.5));
        assert_eq!(parse_amount(b"EUR 12.50", b'.'), Some(12.5));
        assert_eq!(parse_amount(b"1'234.50", b'.'), Some(1234.5));
        assert_eq!(parse_amount(b"0.1", b'.'), Some(0.1));
        assert_eq!(parse_amount(b"77", b'.'), Some(77.0));
        assert_eq!(parse_amount(b"12345678901234567890.5", b'.'), Some(12345678901234567890.5));
        for bad in [&b""[..], b"abc", b"12a5", b"1.2.3,4,5", b"--5", b"1,5,5"] {
            assert_eq!(parse_amount(bad, b','), None, "{:?}", std::str::from_utf8(bad));
        }
        assert_eq!(parse_amount(b"1.2.3", b'.'), None);
    }

    #[test]
    fn reads_cdnow_as_it_is() {
        let text = " customer_id  date number_of_cds  dollar_value\r\n 00001 19970101  1   11.77\r\n 00002 19970112  1   12.00\r\n 00002 19970112  5   77.00\r\n";
        let t = read(text, &Hints::default());
        assert_eq!(t.format.delimiter, Delimiter::Whitespace);
        assert!(t.format.header);
        assert_eq!(t.format.mapping, Mapping { customer: 0, date: 1, amount: 3, ..Default::default() });
        assert_eq!(t.format.date_format, DateFormat::Ymd);
        assert_eq!(t.rows.amount, vec![11.77, 12.0, 77.0]);
        assert_eq!(t.rows.customer, vec![0, 1, 1]);
        assert_eq!(t.customers.names(), vec!["00001", "00002"]);
    }

    #[test]
    fn german_excel_export_with_bom_quotes_and_bad_rows() {
        let text = "\u{feff}Kundennummer;Bestelldatum;Betrag;Kanal\n\
                    K-1;31.01.2024;1.234,56;\"Messe; München\"\n\
                    \n\
                    K-2;30.02.2024;10,00;SEO\n\
                    K-3;01.02.2024;zehn;SEO\n\
                    K-1;\"02.02.2024\";\"5,50\";SEO\n\
                    ;03.02.2024;1,00;SEO\n\
                    K-4;04.02.2024\n";
        let t = read(text, &Hints::default());
        assert_eq!(t.format.delimiter, Delimiter::Byte(b';'));
        assert_eq!(t.format.decimal, b',');
        assert_eq!(t.format.date_format, DateFormat::Dmy);
        assert_eq!(t.format.mapping.channel, Some(3));
        assert_eq!(t.rows.amount, vec![1234.56, 5.5]);
        assert_eq!(t.channels.names(), vec!["Messe; München", "SEO"]);
        let bad: Vec<(u64, &str)> = t.rejected.iter().map(|r| (r.line, r.reason.code())).collect();
        assert_eq!(bad, vec![(4, "bad_date"), (5, "bad_amount"), (7, "missing_customer"), (8, "missing_columns")]);
        assert_eq!(t.read, 6);
        assert_eq!(t.empty_lines, 1);
    }

    #[test]
    fn chunks_anywhere_give_the_same_table() {
        let text = "customer,date,amount,note\na,2024-01-01,1.50,\"two\nlines\"\nb,2024-01-02,2.50,x\r\nc,2024-01-03,3.50,\"a \"\"quote\"\"\"\n";
        let whole = read(text, &Hints::default());
        let format = detect(text.as_bytes(), &Hints::default()).unwrap();
        for size in 1..text.len() {
            let mut r = Reader::new(format.clone());
            for chunk in text.as_bytes().chunks(size) {
                r.push(chunk);
            }
            let t = r.finish();
            assert_eq!(t.rows.amount, whole.rows.amount, "chunks of {size}");
            assert_eq!(t.rows.amount, vec![1.5, 2.5, 3.5]);
            assert!(t.rejected.is_empty());
        }
    }

    #[test]
    fn headerless_files_are_mapped_by_content() {
        // The CDNOW 1/10 sample: master id, sample id, date, CDs, dollars; no header.
        let text = "00004 0001 19970101  2   29.33\n00004 0001 19970118  2   29.73\n00018 0002 19970102  2   13.86\n";
        let t = read(text, &Hints::default());
        assert!(!t.format.header);
        assert_eq!(t.format.mapping, Mapping { customer: 0, date: 2, amount: 4, ..Default::default() });
        assert_eq!(t.rows.amount, vec![29.33, 29.73, 13.86]);
    }

    #[test]
    fn hints_override_and_name_bad_options() {
        let text = "a;b;c\n1;01/02/2024;3,5\n";
        let hints = Hints { date_format: Some(DateFormat::DmySlash), ..Default::default() };
        let t = read(text, &hints);
        assert_eq!(t.rows.day, vec![date::days_from_civil(2024, 2, 1)]);
        let e = detect(text.as_bytes(), &Hints { date: Some(ColumnRef::Name("datum".into())), ..Default::default() })
            .unwrap_err();
        assert_eq!((e.code, e.field.as_str()), (ErrorCode::OutOfRange, "columns.date"));
        assert!(detect(text.as_bytes(), &Hints::default()).unwrap().date_ambiguous);
    }
}
