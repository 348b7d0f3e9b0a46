//! Reading transaction exports: format detection (encoding, delimiter, header, columns, date
//! format, decimal separator) and an incremental parser that takes the file in chunks, keeps
//! every good row and reports every bad one with its line number and reason. Nothing is
//! dropped silently: rows are read, rejected (bad) or excluded (after the observation end,
//! excluded refunds), and the counts add up.
//!
//! **Tokenising** is RFC 4180 as Python's `csv` and the `csv` crate read it, by the `csv`
//! crate's own tokeniser (`csv-core`, a streaming DFA): a quote opens a quoted field only at
//! the field's start (`Monitor 24" TFT` is plain text); in a quoted field `""` is a quote and
//! the delimiter and newlines are text. Lines end in LF, CRLF or CR, mixed as they come. A
//! quoted field still open at the end of the file is no record: its first line is rejected
//! (`unclosed_quote`, with the line where the quote opened) and the lines after it are read
//! again as rows. The work is linear: a record split across chunks is never rescanned.
//! Runs of spaces (CDNOW and other fixed-width exports) are split by hand.
//!
//! **Encodings**: UTF-8 with or without BOM; UTF-16LE and UTF-16BE with BOM (Excel's
//! "Unicode text"), transcoded to UTF-8 as a stream (a code unit or surrogate pair may be split
//! across chunks); Windows-1252 (Excel's "CSV (Trennzeichen-getrennt)"). The tokeniser works on
//! bytes, the interners key the raw bytes, and the text kept (ids, channels, rejected rows) is
//! decoded at the end: as UTF-8 when all of it is valid UTF-8, else all as Windows-1252, and
//! `Format::encoding` says which. The `encoding` option forces one.
//!
//! **Amounts** are exact: integers of [`UNIT`]ths of the currency unit (four decimals); more
//! decimals are rounded half to even to four. Refunds keep their sign in every notation
//! accounting exports use: `-12,50`, `12,50-`, `(12,50)`, `−12,50` (U+2212), `- 12,50`,
//! `-12,50 €`, `€ -12,50`.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::data::date::{self, DateFormat};
use crate::data::part::{In, Out};
use crate::error::{concat, Digits, Error, ErrorCode, Result};

/// Amounts are kept as integers of 1 / `UNIT` of the currency unit.
pub const UNIT: i64 = 10_000;
/// The largest amount read, in currency units (10^14): its units and any 9 of them fit an
/// `i64`; a larger amount is a bad row.
pub const MAX_AMOUNT: i64 = 100_000_000_000_000;

/// How fields are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    /// One byte: `,` `;` tab or `|`.
    Byte(u8),
    /// Runs of spaces and tabs (CDNOW and other fixed-width exports).
    Whitespace,
}

impl Delimiter {
    /// The delimiter as the options name it (a space for runs of spaces).
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

/// A file's text encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// UTF-16, little-endian, with a byte-order mark.
    Utf16Le,
    /// UTF-16, big-endian, with a byte-order mark.
    Utf16Be,
    /// Windows-1252 (Excel's CSV on German Windows).
    Windows1252,
}

impl Encoding {
    /// Every encoding read.
    pub const ALL: [Encoding; 4] = [Encoding::Utf8, Encoding::Utf16Le, Encoding::Utf16Be, Encoding::Windows1252];
    /// The encoding's name: `utf-8`, `utf-16le`, `utf-16be` or `windows-1252`.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1252 => "windows-1252",
        }
    }
    /// The encoding of that name (case-insensitive).
    pub fn from_name(s: &str) -> Option<Self> {
        Encoding::ALL.into_iter().find(|e| e.as_str().eq_ignore_ascii_case(s))
    }
    /// Text of bytes read in this encoding (UTF-16 has been transcoded to UTF-8 by then).
    pub fn decode(self, bytes: &[u8]) -> String {
        match self {
            Encoding::Windows1252 => windows_1252(bytes),
            _ => String::from_utf8_lossy(bytes).into_owned(),
        }
    }
}

/// The Windows-1252 characters of the bytes 0x80 to 0x9F (the five undefined bytes map to the
/// C1 controls, as the WHATWG Encoding Standard does); 0xA0 to 0xFF are Latin-1.
const CP1252: [u16; 32] = [
    0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D,
    0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,
    0x017E, 0x0178,
];

fn windows_1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => char::from_u32(CP1252[(b - 0x80) as usize] as u32).unwrap_or('\u{FFFD}'),
            _ => b as char,
        })
        .collect()
}

/// Which column holds what (0-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Mapping {
    /// The customer id's column.
    pub customer: usize,
    /// The date's column.
    pub date: usize,
    /// The amount's column.
    pub amount: usize,
    /// The acquisition channel's column, if any.
    pub channel: Option<usize>,
    /// The acquisition cost's column, if any.
    pub acquisition_cost: Option<usize>,
    /// The order id's column, if any.
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
    /// The text encoding: given, or from a BOM, or Windows-1252 when the bytes are not valid
    /// UTF-8. After reading (`Table::format`), the encoding the whole file was decoded in.
    pub encoding: Encoding,
    /// True when the `encoding` option gave it (then reading never changes it).
    pub encoding_given: bool,
    /// How fields are separated.
    pub delimiter: Delimiter,
    /// Whether the first row names the columns.
    pub header: bool,
    /// Column names: the header's, or `column 1`, `column 2` ...
    pub columns: Vec<String>,
    /// Which column holds what.
    pub mapping: Mapping,
    /// How dates are written.
    pub date_format: DateFormat,
    /// True when the dates could be day-first or month-first and month-first was assumed.
    pub date_ambiguous: bool,
    /// `b'.'` or `b','`.
    pub decimal: u8,
}

/// Why a row was not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The row has fewer columns than the mapping needs.
    MissingColumns,
    /// The customer cell is empty.
    MissingCustomer,
    /// The date is empty or not in the file's date format.
    BadDate,
    /// The amount is empty, no number, or above 10^14.
    BadAmount,
    /// The acquisition cost is no number.
    BadAcquisitionCost,
    /// A quoted field opens on this line and never closes.
    UnclosedQuote,
    /// After the observation end (counted, not listed).
    AfterEnd,
    /// A refund left out by `refunds: exclude`.
    Refund,
    /// A refund of a customer with no purchase.
    RefundOnly,
}

impl Reason {
    /// Every reason, in the order reports list them.
    pub const ALL: [Reason; 9] = [
        Reason::MissingColumns,
        Reason::MissingCustomer,
        Reason::BadDate,
        Reason::BadAmount,
        Reason::BadAcquisitionCost,
        Reason::UnclosedQuote,
        Reason::AfterEnd,
        Reason::Refund,
        Reason::RefundOnly,
    ];
    /// The reason's code, as reports give it (`bad_date` ...).
    pub fn code(self) -> &'static str {
        match self {
            Reason::MissingColumns => "missing_columns",
            Reason::MissingCustomer => "missing_customer",
            Reason::BadDate => "bad_date",
            Reason::BadAmount => "bad_amount",
            Reason::BadAcquisitionCost => "bad_acquisition_cost",
            Reason::UnclosedQuote => "unclosed_quote",
            Reason::AfterEnd => "after_end",
            Reason::Refund => "refund",
            Reason::RefundOnly => "refund_only",
        }
    }
    /// The reason in words, for a person.
    pub fn message(self) -> &'static str {
        match self {
            Reason::MissingColumns => "the row has fewer columns than the mapping needs",
            Reason::MissingCustomer => "the customer is empty",
            Reason::BadDate => "the date is empty or cannot be read in the file's date format",
            Reason::BadAmount => "the amount is empty, not a number, or above 10^14",
            Reason::BadAcquisitionCost => "the acquisition cost is not a number",
            Reason::UnclosedQuote => {
                "a quoted field opens on this line and is never closed; the lines after it were read as rows"
            }
            Reason::AfterEnd => "the date is after the end of the observation period",
            Reason::Refund => "a refund (negative amount), excluded by the refunds option",
            Reason::RefundOnly => "a refund of a customer with no purchase in the data",
        }
    }
}

/// A row that was not used, as the file has it.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejected {
    /// 1-based line number in the file (the header is line 1 when there is one).
    pub line: u64,
    /// Why it was not used.
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
    short: ShortIds,
    long: HashMap<Box<[u8]>, u32, BuildHasherDefault<Fx>>,
}

/// The numbers of the inline keys ([`inline`]): an open-addressing table with linear probing,
/// at most half full, each key beside its number, so that a lookup mostly reads one cache
/// line, which [`ShortIds::touch`] can ask for ahead of the lookup (a std `HashMap` reads its
/// control bytes, then the entry elsewhere, and gives no way to ask for either early).
#[derive(Default)]
struct ShortIds {
    /// (low and high half of the key, its number); [`ShortIds::EMPTY`] as number: a free slot.
    slots: Vec<(u64, u64, u32)>,
    len: usize,
}

impl ShortIds {
    const EMPTY: u32 = u32::MAX;
    const FIRST: usize = 1024;

    #[inline]
    fn home(slots: &[(u64, u64, u32)], lo: u64, hi: u64) -> usize {
        let mut h = Fx::default();
        h.add(lo);
        h.add(hi);
        h.finish() as usize & (slots.len() - 1)
    }

    fn slot(slots: &[(u64, u64, u32)], lo: u64, hi: u64) -> usize {
        let mask = slots.len() - 1;
        let mut i = Self::home(slots, lo, hi);
        loop {
            let s = &slots[i];
            if s.2 == Self::EMPTY || (s.0 == lo && s.1 == hi) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// Reads the key's first slot and returns a word of it, for the caller to fold into a
    /// value it keeps: a load with nothing waiting for it, so that the lookups of a batch of
    /// keys touched first find their lines in the cache (there is no prefetch in wasm).
    #[inline]
    fn touch(&self, k: u128) -> u64 {
        if self.slots.is_empty() {
            return 0;
        }
        self.slots[Self::home(&self.slots, k as u64, (k >> 64) as u64)].0
    }

    /// The key's number, `next` when it is new.
    #[inline]
    fn id(&mut self, k: u128, next: u32) -> u32 {
        if self.slots.is_empty() {
            self.slots = vec![(0, 0, Self::EMPTY); Self::FIRST];
        }
        let (lo, hi) = (k as u64, (k >> 64) as u64);
        let i = Self::slot(&self.slots, lo, hi);
        let s = &mut self.slots[i];
        if s.2 != Self::EMPTY {
            return s.2;
        }
        *s = (lo, hi, next);
        self.len += 1;
        if self.len * 2 > self.slots.len() {
            let bigger = vec![(0, 0, Self::EMPTY); self.slots.len() * 2];
            for e in std::mem::replace(&mut self.slots, bigger).into_iter().filter(|e| e.2 != Self::EMPTY) {
                let j = Self::slot(&self.slots, e.0, e.1);
                self.slots[j] = e;
            }
        }
        next
    }

    /// The keys and their numbers, in no particular order.
    fn entries(&self) -> impl Iterator<Item = (u128, u32)> + '_ {
        self.slots.iter().filter(|s| s.2 != Self::EMPTY).map(|&(lo, hi, id)| ((hi as u128) << 64 | lo as u128, id))
    }
}

pub(crate) fn inline(key: &[u8]) -> Option<u128> {
    (key.len() <= 15).then(|| {
        let mut bytes = [0u8; 16];
        bytes[..key.len()].copy_from_slice(key);
        bytes[15] = key.len() as u8;
        u128::from_le_bytes(bytes)
    })
}

impl Interner {
    /// The string's number (the next one when it is new).
    pub fn id(&mut self, key: &[u8]) -> u32 {
        let next = self.len() as u32;
        match inline(key) {
            Some(k) => self.short.id(k, next),
            None => {
                if let Some(&id) = self.long.get(key) {
                    return id;
                }
                self.long.insert(key.into(), next);
                next
            }
        }
    }
    /// The number of a string of up to 15 bytes, keyed inline ([`inline`]).
    #[inline]
    pub(crate) fn id_inline(&mut self, k: u128) -> u32 {
        let next = self.len() as u32;
        self.short.id(k, next)
    }
    /// [`ShortIds::touch`] of an inline key: its table line asked for ahead of [`Interner::id_inline`].
    #[inline]
    pub(crate) fn touch_inline(&self, k: u128) -> u64 {
        self.short.touch(k)
    }
    /// How many distinct strings.
    pub fn len(&self) -> usize {
        self.short.len + self.long.len()
    }
    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// True when every string is valid UTF-8.
    pub fn all_utf8(&self) -> bool {
        self.short.entries().all(|(k, _)| {
            let bytes = k.to_le_bytes();
            std::str::from_utf8(&bytes[..bytes[15] as usize]).is_ok()
        }) && self.long.keys().all(|k| std::str::from_utf8(k).is_ok())
    }
    /// The strings' bytes by id.
    pub fn keys(self) -> Vec<Box<[u8]>> {
        let mut keys: Vec<Box<[u8]>> = vec![Box::default(); self.len()];
        for (k, id) in self.short.entries() {
            let bytes = k.to_le_bytes();
            keys[id as usize] = bytes[..bytes[15] as usize].into();
        }
        for (k, id) in self.long {
            keys[id as usize] = k;
        }
        keys
    }
    /// The strings by id, decoded from `encoding`.
    pub fn names(self, encoding: Encoding) -> Vec<String> {
        let mut names = vec![String::new(); self.len()];
        for (k, id) in self.short.entries() {
            let bytes = k.to_le_bytes();
            names[id as usize] = encoding.decode(&bytes[..bytes[15] as usize]);
        }
        for (k, id) in self.long {
            names[id as usize] = encoding.decode(&k);
        }
        names
    }
}

/// A good row, as the reader hands it on: the fields' bytes as the file has them (trimmed),
/// the date and amount read.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// The customer's id, never empty.
    pub customer: &'a [u8],
    /// Days since 1970-01-01.
    pub day: i32,
    /// In 1 / [`UNIT`] of the currency unit, exact; negative for a refund.
    pub amount: i64,
    /// When a channel column is mapped: its text, `(none)` for an empty cell.
    pub channel: Option<&'a [u8]>,
    /// When mapped: the acquisition cost, NaN where the cell is empty.
    pub acquisition_cost: Option<f64>,
    /// When mapped: the order's id.
    pub order: Option<&'a [u8]>,
}

/// Where the reader puts the good rows: kept as they are ([`Rows`]), or aggregated per
/// customer while the file is parsed (`data::summary::Aggregate`).
pub trait Sink {
    /// One good row, in file order.
    fn row(&mut self, row: &Row);
    /// True when every text the sink keeps (customer ids, channel names) is valid UTF-8; the
    /// reader then decodes the file as UTF-8, else as Windows-1252.
    fn all_utf8(&self) -> bool;
    /// Takes in the rows it was given and has not yet (a sink may keep a few and take them
    /// in together); the reader calls it after every chunk and at the end.
    fn flush(&mut self) {}
}

/// A sink whose state can travel as bytes ([`crate::data::part`]) and be merged into another's:
/// the sink of a file's first part takes in the sink of the part after it, as if one sink had
/// had all the rows (`Reader::writing_part`, `Reader::begin_merge`).
pub trait Merge: Sink {
    /// The state of a write under way.
    type Writing;
    /// The state of a merge under way.
    type Merging;
    /// Writes the state's head (after the last row); the customers follow by `write_some`.
    fn begin_write(&mut self, out: &mut Out) -> Self::Writing;
    /// Writes up to `max` more customers; true when all are written.
    fn write_some(&mut self, w: &mut Self::Writing, out: &mut Out, max: usize) -> bool;
    /// Customers written, and all of them.
    fn written(w: &Self::Writing) -> (u64, u64);
    /// Takes in the head of the state of the rows that follow this sink's rows in the file;
    /// None when the bytes are no such state.
    fn begin_merge(&mut self, part: &mut In) -> Option<Self::Merging>;
    /// Takes in up to `max` more of its customers: true when all are in, None when the bytes
    /// are no such state.
    fn merge_some(&mut self, m: &mut Self::Merging, part: &mut In, max: usize) -> Option<bool>;
    /// Customers merged, and all of them.
    fn merged(m: &Self::Merging) -> (u64, u64);
}

/// The good rows, column by column (the reader's own sink, for tests and small files).
#[derive(Default)]
pub struct Rows {
    /// Per row: the customer's id in `customers`.
    pub customer: Vec<u32>,
    /// Per row: days since 1970-01-01.
    pub day: Vec<i32>,
    /// In 1 / [`UNIT`] of the currency unit, exact; negative for a refund.
    pub amount: Vec<i64>,
    /// Per row when mapped: the channel's id.
    pub channel: Vec<u32>,
    /// Per row when mapped: the acquisition cost, NaN where the cell is empty.
    pub acquisition_cost: Vec<f64>,
    /// Per row when mapped: the order's id.
    pub order: Vec<u32>,
    /// Customer ids by first appearance.
    pub customers: Interner,
    /// Channel names by first appearance.
    pub channels: Interner,
    /// Order ids by first appearance.
    pub orders: Interner,
}

impl Sink for Rows {
    fn row(&mut self, r: &Row) {
        self.customer.push(self.customers.id(r.customer));
        self.day.push(r.day);
        self.amount.push(r.amount);
        if let Some(name) = r.channel {
            self.channel.push(self.channels.id(name));
        }
        if let Some(c) = r.acquisition_cost {
            self.acquisition_cost.push(c);
        }
        if let Some(o) = r.order {
            self.order.push(self.orders.id(o));
        }
    }
    fn all_utf8(&self) -> bool {
        self.customers.all_utf8() && self.channels.all_utf8()
    }
}

/// Everything read from a file: the format, the counts and rejected rows, and the sink with
/// the good rows (or their aggregate).
pub struct Table<S = Rows> {
    /// The format read in (after reading: with the encoding the whole file was decoded in).
    pub format: Format,
    /// Where the good rows went.
    pub sink: S,
    /// Data rows seen (not counting the header and empty lines).
    pub read: u64,
    /// Empty (or blank) lines.
    pub empty_lines: u64,
    /// The first [`KEEP_REJECTED`] rejected rows, with their line and text.
    pub rejected: Vec<Rejected>,
    /// Rejected rows by reason (indexed by `Reason as usize`).
    pub rejected_by_reason: [u64; Reason::ALL.len()],
    /// The last date read: its text, length (0 for none) and day number.
    last_date: ([u8; 16], usize, i32),
}

/// UTF-16 to UTF-8, a chunk at a time: a byte or a high surrogate left over at the end of one
/// chunk is completed by the next.
struct Utf16 {
    big_endian: bool,
    odd: Option<u8>,
    high: Option<u16>,
}

impl Utf16 {
    fn decode(&mut self, bytes: &[u8], out: &mut Vec<u8>) {
        let mut i = 0;
        if let Some(a) = self.odd {
            let Some(&b) = bytes.first() else { return };
            self.odd = None;
            self.unit(a, b, out);
            i = 1;
        }
        out.reserve(bytes.len() / 2 + 4);
        while i + 1 < bytes.len() {
            self.unit(bytes[i], bytes[i + 1], out);
            i += 2;
        }
        if i < bytes.len() {
            self.odd = Some(bytes[i]);
        }
    }
    #[inline]
    fn unit(&mut self, a: u8, b: u8, out: &mut Vec<u8>) {
        let u = if self.big_endian { u16::from_be_bytes([a, b]) } else { u16::from_le_bytes([a, b]) };
        if u < 0x80 && self.high.is_none() {
            out.push(u as u8);
            return;
        }
        let c = match (self.high.take(), u) {
            (Some(h), 0xDC00..=0xDFFF) => {
                char::from_u32(0x10000 + (((h as u32) - 0xD800) << 10) + (u as u32 - 0xDC00)).unwrap_or('\u{FFFD}')
            }
            (high, _) => {
                if high.is_some() {
                    push_char(out, '\u{FFFD}'); // a high surrogate without its low half
                }
                if (0xD800..0xDC00).contains(&u) {
                    self.high = Some(u);
                    return;
                }
                char::from_u32(u as u32).unwrap_or('\u{FFFD}')
            }
        };
        push_char(out, c);
    }
    fn finish(&mut self, out: &mut Vec<u8>) {
        if self.high.take().is_some() || self.odd.take().is_some() {
            push_char(out, '\u{FFFD}');
        }
    }
}

fn push_char(out: &mut Vec<u8>, c: char) {
    let mut buf = [0; 4];
    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
}

/// The encoding a byte-order mark at the start of `bytes` names, and the mark's length.
fn bom(bytes: &[u8]) -> Option<(Encoding, usize)> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        Some((Encoding::Utf8, 3))
    } else if bytes.starts_with(b"\xFF\xFE") {
        Some((Encoding::Utf16Le, 2))
    } else if bytes.starts_with(b"\xFE\xFF") {
        Some((Encoding::Utf16Be, 2))
    } else {
        None
    }
}

/// The encoding to read `bytes` (a file's beginning) in, given the option, and how many bytes
/// of a byte-order mark to skip.
fn encoding_of(bytes: &[u8], given: Option<Encoding>, otherwise: Encoding) -> (Encoding, usize) {
    match (bom(bytes), given) {
        (Some((e, n)), Some(g)) if e == g || (e == Encoding::Utf8 && g == Encoding::Windows1252) => (g, n),
        (_, Some(g)) => (g, 0),
        (Some((e, n)), None) => (e, n),
        (None, None) => (otherwise, 0),
    }
}

/// Valid UTF-8, but for a character cut at the end.
fn utf8_ok(bytes: &[u8]) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    }
}

fn tokeniser(delimiter: Delimiter) -> csv_core::Reader {
    let builder = &mut csv_core::ReaderBuilder::new();
    builder.terminator(csv_core::Terminator::CRLF).double_quote(true).quote(b'"');
    match delimiter {
        Delimiter::Byte(d) => builder.delimiter(d).quoting(true),
        // Whole lines, split at runs of spaces afterwards (NUL, which no text export has,
        // stands in for a delimiter).
        Delimiter::Whitespace => builder.delimiter(0).quoting(false),
    };
    builder.build()
}

/// Splits `line` at runs of spaces and tabs.
fn whitespace_fields(line: &[u8], ranges: &mut Vec<(usize, usize)>) {
    let mut i = 0;
    while i < line.len() {
        while i < line.len() && (line[i] == b' ' || line[i] == b'\t') {
            i += 1;
        }
        let start = i;
        while i < line.len() && line[i] != b' ' && line[i] != b'\t' {
            i += 1;
        }
        if i > start {
            ranges.push((start, i));
        }
    }
}

/// Line ends in `s` (CRLF counts once).
fn line_ends(s: &[u8]) -> u64 {
    let (mut n, mut j) = (0, 0);
    while let Some(p) = memchr::memchr2(b'\n', b'\r', &s[j..]) {
        let k = j + p;
        j = k + 1 + (s[k] == b'\r' && s.get(k + 1) == Some(&b'\n')) as usize;
        n += 1;
    }
    n
}

/// Where a quoted field left open at the end of `record` opened (quotes open a field only at
/// its start; `""` in a quoted field is a quote), or None when every quote closes.
fn unclosed_quote(record: &[u8], delimiter: u8) -> Option<usize> {
    #[derive(PartialEq)]
    enum S {
        Start,
        Plain,
        Quoted,
        QuoteInQuoted,
    }
    let (mut s, mut open) = (S::Start, 0);
    for (i, &c) in record.iter().enumerate() {
        s = match s {
            S::Start if c == b'"' => {
                open = i;
                S::Quoted
            }
            S::Quoted if c == b'"' => S::QuoteInQuoted,
            S::Quoted => S::Quoted,
            S::QuoteInQuoted if c == b'"' => S::Quoted,
            _ if c == delimiter || c == b'\n' || c == b'\r' => S::Start,
            _ => S::Plain,
        };
    }
    (s == S::Quoted).then_some(open)
}

/// Where a quoted field opened that spans lines and is closed by a quote followed by text
/// (`"Adapter` ... lines ... `Monitor 24" TFT`): None for a well-formed record.
fn runaway_quote(record: &[u8], delimiter: u8) -> Option<usize> {
    #[derive(PartialEq)]
    enum S {
        Start,
        Plain,
        Quoted,
        QuoteInQuoted,
    }
    let (mut s, mut open, mut lines) = (S::Start, 0, false);
    for (i, &c) in record.iter().enumerate() {
        s = match s {
            S::Start if c == b'"' => {
                (open, lines) = (i, false);
                S::Quoted
            }
            S::Quoted if c == b'"' => S::QuoteInQuoted,
            S::Quoted => {
                lines |= c == b'\n' || c == b'\r';
                S::Quoted
            }
            S::QuoteInQuoted if c == b'"' => S::Quoted,
            _ if c == delimiter || c == b'\n' || c == b'\r' => S::Start,
            S::QuoteInQuoted if lines => return Some(open),
            _ => S::Plain,
        };
    }
    None
}

/// Reads a file in chunks: `push` each (from the file's first byte), then `finish`. The good
/// rows go to a [`Sink`]: [`Reader::new`] keeps them ([`Rows`]), [`Reader::with_sink`]
/// hands them to any other.
pub struct Reader<S: Sink = Rows> {
    table: Table<S>,
    core: csv_core::Reader,
    whitespace: bool,
    /// The first bytes, until there are enough to check for a byte-order mark.
    head: Vec<u8>,
    started: bool,
    utf16: Option<Utf16>,
    decoded: Vec<u8>,
    /// The record being read: its fields' bytes and their ends (csv-core's output).
    out: Vec<u8>,
    ends: Vec<usize>,
    nout: usize,
    nend: usize,
    /// The current line (1-based), whether a CR ended the last bytes (a LF may follow), whether
    /// a record has begun and on which line.
    line: u64,
    pending_cr: bool,
    in_record: bool,
    record_line: u64,
    /// The raw bytes of a record begun in an earlier chunk.
    raw: Vec<u8>,
    header_pending: bool,
    needed: usize,
    ranges: Vec<(usize, usize)>,
    /// Rejected rows with their raw text (decoded when the encoding is known, at the end).
    pending: Vec<(u64, Reason, Vec<u8>)>,
    /// True while lines after a runaway quote are read again.
    recovering: bool,
    /// The end of the input has been read (or a later part merged in).
    ended: bool,
}

impl Reader<Rows> {
    /// A reader of files in `format` that keeps every good row.
    pub fn new(format: Format) -> Self {
        Reader::with_sink(format, Rows::default())
    }
}

impl<S: Sink> Reader<S> {
    /// A reader of files in `format` that hands the good rows to `sink`.
    pub fn with_sink(format: Format, sink: S) -> Self {
        let needed = format.mapping.needed();
        Reader {
            header_pending: format.header,
            core: tokeniser(format.delimiter),
            whitespace: format.delimiter == Delimiter::Whitespace,
            table: Table {
                format,
                sink,
                read: 0,
                empty_lines: 0,
                rejected: Vec::new(),
                rejected_by_reason: [0; Reason::ALL.len()],
                last_date: ([0; 16], 0, 0),
            },
            head: Vec::new(),
            started: false,
            utf16: None,
            decoded: Vec::new(),
            out: vec![0; 4096],
            ends: vec![0; 64],
            nout: 0,
            nend: 0,
            line: 1,
            pending_cr: false,
            in_record: false,
            record_line: 1,
            raw: Vec::new(),
            needed,
            ranges: Vec::new(),
            pending: Vec::new(),
            recovering: false,
            ended: false,
        }
    }

    /// A reader of the bytes after a line end (`\n`) inside a file whose first bytes are
    /// `file_head`: as the reader of the whole file would read on from there if it was
    /// between records then (no header, no byte-order mark; the encoding the whole file's
    /// reader takes). None for UTF-16, whose bytes cannot be cut so.
    pub fn part(format: Format, sink: S, file_head: &[u8]) -> Option<Self> {
        let mut reader = Reader::with_sink(format, sink);
        reader.begin_part(file_head).then_some(reader)
    }

    /// Makes a new reader (nothing pushed yet) a [`Reader::part`]; false for UTF-16.
    pub fn begin_part(&mut self, file_head: &[u8]) -> bool {
        let f = &self.table.format;
        let (encoding, _) = encoding_of(file_head, f.encoding_given.then_some(f.encoding), f.encoding);
        self.table.format.encoding = encoding;
        self.started = true;
        self.header_pending = false;
        !matches!(encoding, Encoding::Utf16Le | Encoding::Utf16Be)
    }

    /// True when the bytes pushed so far end between records, the header read: then a
    /// [`Reader::part`] started on the bytes that follow reads them as this reader would.
    pub fn at_record_start(&self) -> bool {
        self.started
            && !self.ended
            && self.utf16.is_none()
            && !self.header_pending
            && !self.in_record
            && !self.pending_cr
            && !self.recovering
            && self.nout == 0
            && self.nend == 0
            && self.raw.is_empty()
    }

    /// Reads the complete records in `chunk` (with what was left from the last one).
    pub fn push(&mut self, chunk: &[u8]) {
        if self.started {
            self.input(chunk);
        } else {
            self.head.extend_from_slice(chunk);
            if self.head.len() >= 3 {
                self.start();
            }
        }
        self.table.sink.flush();
    }

    /// Checks the byte-order mark and reads the first bytes.
    fn start(&mut self) {
        self.started = true;
        let head = std::mem::take(&mut self.head);
        let f = &self.table.format;
        let (encoding, skip) = encoding_of(&head, f.encoding_given.then_some(f.encoding), f.encoding);
        self.table.format.encoding = encoding;
        self.utf16 = match encoding {
            Encoding::Utf16Le => Some(Utf16 { big_endian: false, odd: None, high: None }),
            Encoding::Utf16Be => Some(Utf16 { big_endian: true, odd: None, high: None }),
            _ => None,
        };
        self.input(&head[skip..]);
    }

    fn input(&mut self, bytes: &[u8]) {
        match self.utf16.as_mut() {
            Some(utf16) => {
                let mut decoded = std::mem::take(&mut self.decoded);
                decoded.clear();
                utf16.decode(bytes, &mut decoded);
                self.feed(&decoded);
                self.decoded = decoded;
            }
            None => self.feed(bytes),
        }
    }

    /// Tokenises `input`, reading every record that ends in it.
    fn feed(&mut self, input: &[u8]) {
        // `from`: where the bytes of the current record not yet kept in `raw` begin.
        let (mut pos, mut from) = (0, 0);
        // (The tokeniser reads an empty input as the end of the file.)
        while pos < input.len() {
            // Between records, the lines up to the next quote need no tokeniser.
            if !self.in_record && self.nout == 0 && self.nend == 0 {
                let rest = &input[pos..];
                let region =
                    if self.whitespace { rest.len() } else { memchr::memchr(b'"', rest).unwrap_or(rest.len()) };
                if let Some(last) = memchr::memrchr2(b'\n', b'\r', &rest[..region]) {
                    self.plain_lines(&rest[..last + 1]);
                    pos += last + 1;
                    continue;
                }
            }
            let (result, nin, nout, nend) =
                self.core.read_record(&input[pos..], &mut self.out[self.nout..], &mut self.ends[self.nend..]);
            if let Some(s) = self.lines(&input[pos..pos + nin]) {
                from = pos + s;
            }
            pos += nin;
            self.nout += nout;
            self.nend += nend;
            match result {
                csv_core::ReadRecordResult::InputEmpty | csv_core::ReadRecordResult::End => break,
                csv_core::ReadRecordResult::OutputFull => self.out.resize(self.out.len() * 2, 0),
                csv_core::ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                csv_core::ReadRecordResult::Record => {
                    let mut raw = std::mem::take(&mut self.raw);
                    let bytes = if raw.is_empty() {
                        &input[from.min(pos)..pos]
                    } else {
                        raw.extend_from_slice(&input[from.min(pos)..pos]);
                        &raw[..]
                    };
                    match self.runaway(bytes) {
                        Some(rest) => {
                            // Read the lines after the quote's line again (one level deep:
                            // a runaway in them is read as the tokeniser reads it).
                            self.recovering = true;
                            self.feed(rest);
                            self.recovering = false;
                            from = pos;
                        }
                        None => self.record(bytes),
                    }
                    if self.raw.is_empty() {
                        raw.clear();
                        self.raw = raw; // (keeps its capacity)
                    }
                }
            }
        }
        if self.in_record {
            self.raw.extend_from_slice(&input[from.min(pos)..pos]);
        }
    }

    /// For a record with a quoted field that spans lines and whose closing quote is followed
    /// by text (no CSV writer closes a field so: a quote typed at a field's start, closed by a
    /// stray quote lines later, would swallow the rows between): rejects the lines up to the
    /// one where the quote opened (`unclosed_quote`) and returns the bytes after them.
    fn runaway<'a>(&mut self, raw: &'a [u8]) -> Option<&'a [u8]> {
        let Delimiter::Byte(d) = self.table.format.delimiter else { return None };
        if self.recovering {
            return None;
        }
        let open = runaway_quote(raw, d)?;
        Some(self.reject_to_quote_line(raw, open))
    }

    /// Rejects the record's lines up to the one where the quote at `open` opened; returns the
    /// bytes after that line, to be read again from the line after it.
    fn reject_to_quote_line<'a>(&mut self, raw: &'a [u8], open: usize) -> &'a [u8] {
        let end = open + memchr::memchr2(b'\n', b'\r', &raw[open..]).unwrap_or(raw.len() - open);
        let after =
            (end + 1 + (raw.get(end) == Some(&b'\r') && raw.get(end + 1) == Some(&b'\n')) as usize).min(raw.len());
        let (first, rest) = raw.split_at(after);
        (self.nout, self.nend, self.in_record, self.pending_cr) = (0, 0, false, false);
        let line = self.record_line;
        if self.header_pending {
            self.header_pending = false;
        } else {
            self.table.read += 1;
            self.reject(line, Reason::UnclosedQuote, first);
        }
        self.line = line + line_ends(first);
        rest
    }

    /// Counts the lines in bytes the tokeniser consumed; returns where a record's first byte is
    /// when one begins in them.
    fn lines(&mut self, span: &[u8]) -> Option<usize> {
        let mut i = 0;
        if self.pending_cr && !span.is_empty() {
            self.pending_cr = false;
            self.line += 1;
            i = (span[0] == b'\n') as usize;
        }
        let mut start = None;
        while !self.in_record && i < span.len() {
            match span[i] {
                b'\n' => {
                    self.line += 1;
                    self.table.empty_lines += 1;
                    i += 1;
                }
                b'\r' => {
                    self.table.empty_lines += 1;
                    i += 1;
                    if i == span.len() {
                        self.pending_cr = true;
                    } else {
                        self.line += 1;
                        i += (span[i] == b'\n') as usize;
                    }
                }
                _ => {
                    self.in_record = true;
                    self.record_line = self.line;
                    start = Some(i);
                }
            }
        }
        let rest = &span[i..];
        let mut j = 0;
        while let Some(p) = memchr::memchr2(b'\n', b'\r', &rest[j..]) {
            let k = j + p;
            if rest[k] == b'\r' && k + 1 == rest.len() {
                self.pending_cr = true;
                break;
            }
            j = k + 1 + (rest[k] == b'\r' && rest[k + 1] == b'\n') as usize;
            self.line += 1;
        }
        start
    }

    /// One record (its fields in `out`/`ends`; `raw` as the file has it).
    fn record(&mut self, raw: &[u8]) {
        self.in_record = false;
        let (nout, nend) = (std::mem::take(&mut self.nout), std::mem::take(&mut self.nend));
        let out = &self.out[..nout];
        self.ranges.clear();
        if self.whitespace {
            whitespace_fields(out, &mut self.ranges);
        } else {
            let mut start = 0;
            for &end in &self.ends[..nend] {
                self.ranges.push((start, end));
                start = end;
            }
        }
        if let Some(reason) = take(&mut self.table, &mut self.header_pending, self.needed, out, &self.ranges) {
            let line = self.record_line;
            self.reject(line, reason, raw);
        }
    }

    /// Lines without a quote (`seg` ends with a line end), the common case: split here by
    /// memchr, without the tokeniser. Its state is the same after them (between records).
    fn plain_lines(&mut self, seg: &[u8]) {
        let mut i = 0;
        if self.pending_cr {
            self.pending_cr = false;
            self.line += 1;
            i = (seg[0] == b'\n') as usize;
        }
        // Most files have no CR at all: then a search for LF alone (faster, without SIMD too).
        let has_cr = memchr::memchr(b'\r', &seg[i..]).is_some();
        while i < seg.len() {
            let found =
                if has_cr { memchr::memchr2(b'\n', b'\r', &seg[i..]) } else { memchr::memchr(b'\n', &seg[i..]) };
            let Some(p) = found else { break };
            let end = i + p;
            let line = &seg[i..end];
            let lineno = self.line;
            i = if seg[end] == b'\r' && end + 1 == seg.len() {
                self.pending_cr = true;
                end + 1
            } else {
                self.line += 1;
                end + 1 + (seg[end] == b'\r' && seg[end + 1] == b'\n') as usize
            };
            if line.is_empty() {
                self.table.empty_lines += 1;
                continue;
            }
            self.ranges.clear();
            match self.table.format.delimiter {
                Delimiter::Byte(d) => {
                    // Lines are short: a plain loop beats a search's setup.
                    let mut start = 0;
                    for (p, &b) in line.iter().enumerate() {
                        if b == d {
                            self.ranges.push((start, p));
                            start = p + 1;
                        }
                    }
                    self.ranges.push((start, line.len()));
                }
                Delimiter::Whitespace => whitespace_fields(line, &mut self.ranges),
            }
            if let Some(reason) = take(&mut self.table, &mut self.header_pending, self.needed, line, &self.ranges) {
                self.reject(lineno, reason, line);
            }
        }
    }

    fn reject(&mut self, line: u64, reason: Reason, raw: &[u8]) {
        self.table.rejected_by_reason[reason as usize] += 1;
        if self.pending.len() < KEEP_REJECTED {
            let mut text = raw;
            while let Some((&(b'\r' | b'\n'), rest)) = text.split_last() {
                text = rest;
            }
            self.pending.push((line, reason, text[..text.len().min(200)].to_vec()));
        }
    }

    /// The sink, with the rows read so far.
    pub fn sink(&self) -> &S {
        &self.table.sink
    }

    /// Reads what is left and returns the table.
    pub fn finish(mut self) -> Table<S> {
        self.end_input();
        self.decode_text();
        self.table
    }

    /// Reads the last record (the input ended).
    fn end_input(&mut self) {
        if self.ended {
            return;
        }
        self.ended = true;
        if !self.started {
            self.start();
        }
        if let Some(utf16) = self.utf16.as_mut() {
            let mut rest = Vec::new();
            utf16.finish(&mut rest);
            self.feed(&rest);
        }
        loop {
            let (result, _, nout, nend) =
                self.core.read_record(&[], &mut self.out[self.nout..], &mut self.ends[self.nend..]);
            self.nout += nout;
            self.nend += nend;
            match result {
                csv_core::ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                csv_core::ReadRecordResult::OutputFull => self.out.resize(self.out.len() * 2, 0),
                csv_core::ReadRecordResult::Record if self.in_record => {
                    let raw = std::mem::take(&mut self.raw);
                    match self.recover(&raw) {
                        Some(rest) => {
                            // Read the lines after the quote's line again, as rows.
                            self.core.reset();
                            self.feed(rest);
                        }
                        None => self.record(&raw),
                    }
                }
                csv_core::ReadRecordResult::Record => self.record(&[]),
                _ => break,
            }
        }
        self.table.sink.flush();
    }

    /// For a record that ends inside a quoted field that opened before its last line (or holds
    /// a runaway quote, see `runaway`): rejects the lines up to the quote's and returns the
    /// bytes after them.
    fn recover<'a>(&mut self, raw: &'a [u8]) -> Option<&'a [u8]> {
        let Delimiter::Byte(d) = self.table.format.delimiter else { return None };
        let open = unclosed_quote(raw, d).or_else(|| (!self.recovering).then(|| runaway_quote(raw, d)).flatten())?;
        memchr::memchr2(b'\n', b'\r', &raw[open..])?; // opened on the last line: a record as it is
        Some(self.reject_to_quote_line(raw, open))
    }

    /// Decides the encoding of the text kept and decodes the rejected rows' text.
    fn decode_text(&mut self) {
        let f = &mut self.table.format;
        if !f.encoding_given
            && f.encoding == Encoding::Utf8
            && !(self.table.sink.all_utf8() && self.pending.iter().all(|(_, _, t)| utf8_ok(t)))
        {
            f.encoding = Encoding::Windows1252;
        }
        let encoding = f.encoding;
        self.table.rejected = std::mem::take(&mut self.pending)
            .into_iter()
            .map(|(line, reason, mut text)| {
                if encoding != Encoding::Windows1252 {
                    // A character cut at 200 bytes is left out whole.
                    if let Err(e) = std::str::from_utf8(&text) {
                        if e.error_len().is_none() {
                            text.truncate(e.valid_up_to());
                        }
                    }
                }
                Rejected { line, reason, text: encoding.decode(&text) }
            })
            .collect();
    }
}

impl<S: Merge> Reader<S> {
    /// Reads to the end of the input and starts writing everything read as bytes, the
    /// customers a batch at a time ([`PartWriting::step`]), for [`Reader::begin_merge`] of the
    /// reader of the bytes before (the encoding is decided there).
    pub fn writing_part(mut self) -> PartWriting<S> {
        self.end_input();
        let mut out = Out::default();
        out.u(PART_VERSION);
        out.u(self.table.read);
        out.u(self.table.empty_lines);
        for &n in &self.table.rejected_by_reason {
            out.u(n);
        }
        out.u(self.line);
        out.u(self.pending.len() as u64);
        for (line, reason, text) in &self.pending {
            out.u(*line);
            out.u(*reason as u64);
            out.bytes(text);
        }
        let mut sink = self.table.sink;
        let writing = sink.begin_write(&mut out);
        PartWriting { sink, writing, out }
    }

    /// Starts taking in the part after the bytes pushed so far (the bytes of
    /// [`Reader::writing_part`] of a [`Reader::part`] on them), as if this reader had read
    /// them: reads the part's counts, then [`Reader::merge_step`] takes in its customers a
    /// batch at a time. Some(None) when the bytes so far do not end between records (the
    /// reader must read the rest itself), None when `bytes` is no part. Until the last step
    /// the reader is half merged: push nothing, finish nothing; after it, push nothing more.
    pub fn begin_merge(&mut self, bytes: Vec<u8>) -> Option<Option<PartMerging<S::Merging>>> {
        if !self.at_record_start() {
            return Some(None);
        }
        let mut p = In::new(&bytes);
        if p.u()? != PART_VERSION {
            return None;
        }
        let (read, empty_lines) = (p.u()?, p.u()?);
        let mut by_reason = [0u64; Reason::ALL.len()];
        for n in &mut by_reason {
            *n = p.u()?;
        }
        let lines = p.u()?;
        let offset = self.line - 1;
        let kept = p.u()?;
        let mut pending = Vec::with_capacity(kept.min(KEEP_REJECTED as u64) as usize);
        for _ in 0..kept {
            let line = p.u()?;
            let reason = *Reason::ALL.get(p.u()? as usize)?;
            pending.push((offset + line, reason, p.bytes()?.to_vec()));
        }
        let sink = self.table.sink.begin_merge(&mut p)?;
        let at = p.position();
        Some(Some(PartMerging { bytes, at, sink, read, empty_lines, by_reason, lines: offset + lines, pending }))
    }

    /// Takes in up to `max` more customers of the part: Some(true) when it is all merged
    /// (push nothing more), Some(false) when customers are left, None when the part turned
    /// out damaged (the reader is then half merged: start again).
    pub fn merge_step(&mut self, m: &mut PartMerging<S::Merging>, max: usize) -> Option<bool> {
        let mut p = In::resume(&m.bytes, m.at);
        let done = self.table.sink.merge_some(&mut m.sink, &mut p, max)?;
        m.at = p.position();
        if !done {
            return Some(false);
        }
        if !p.done() {
            return None;
        }
        self.table.read += m.read;
        self.table.empty_lines += m.empty_lines;
        for (n, &k) in self.table.rejected_by_reason.iter_mut().zip(&m.by_reason) {
            *n += k;
        }
        let room = KEEP_REJECTED.saturating_sub(self.pending.len());
        self.pending.extend(std::mem::take(&mut m.pending).into_iter().take(room));
        self.line = m.lines;
        self.ended = true;
        Some(true)
    }
}

/// A part's bytes being written ([`Reader::writing_part`]).
pub struct PartWriting<S: Merge> {
    sink: S,
    writing: S::Writing,
    out: Out,
}

impl<S: Merge> PartWriting<S> {
    /// Writes up to `max` more customers; true when all are written.
    pub fn step(&mut self, max: usize) -> bool {
        self.sink.write_some(&mut self.writing, &mut self.out, max)
    }
    /// Customers written, and all of them.
    pub fn progress(&self) -> (u64, u64) {
        S::written(&self.writing)
    }
    /// The part's bytes (the customers not yet written first).
    pub fn into_bytes(mut self) -> Vec<u8> {
        while !self.step(usize::MAX) {}
        self.out.0
    }
}

/// A part being merged ([`Reader::begin_merge`]): its bytes, how far they are read, and its
/// counts, added when the last customer is in.
pub struct PartMerging<M> {
    bytes: Vec<u8>,
    at: usize,
    sink: M,
    read: u64,
    empty_lines: u64,
    by_reason: [u64; Reason::ALL.len()],
    lines: u64,
    pending: Vec<(u64, Reason, Vec<u8>)>,
}

impl<M> PartMerging<M> {
    /// The sink's state of the merge (customers merged and all of them, for the sink's
    /// `Merge::merged`).
    pub fn sink(&self) -> &M {
        &self.sink
    }
}

/// The layout of [`Reader::writing_part`]'s bytes.
const PART_VERSION: u64 = 1;

/// Takes one record: an empty line, the header, or a data row (read into the table, or the
/// reason why not).
fn take<S: Sink>(
    t: &mut Table<S>,
    header_pending: &mut bool,
    needed: usize,
    base: &[u8],
    ranges: &[(usize, usize)],
) -> Option<Reason> {
    if ranges.is_empty() || (ranges.len() == 1 && trim(&base[ranges[0].0..ranges[0].1]).is_empty()) {
        t.empty_lines += 1;
        return None;
    }
    if *header_pending {
        *header_pending = false;
        return None;
    }
    t.read += 1;
    row(t, needed, base, ranges).err()
}

/// Reads one data row into the table, or says why not.
fn row<S: Sink>(
    t: &mut Table<S>,
    needed: usize,
    base: &[u8],
    ranges: &[(usize, usize)],
) -> std::result::Result<(), Reason> {
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
    // Exports come sorted by date: most rows have the previous row's date (never an empty one:
    // the cache starts empty, and an empty date is a bad row).
    let day = if !text.is_empty() && text == &t.last_date.0[..t.last_date.1] {
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
            Some(parse_amount(field(i), t.format.decimal).ok_or(Reason::BadAcquisitionCost)? as f64 / UNIT as f64)
        }
        Some(_) => Some(f64::NAN),
        None => None,
    };
    let channel = m.channel.map(|i| {
        let name = field(i);
        if name.is_empty() {
            &b"(none)"[..]
        } else {
            name
        }
    });
    t.sink.row(&Row { customer, day, amount, channel, acquisition_cost: cost, order: m.order.map(field) });
    Ok(())
}

impl<S> Table<S> {
    /// The sink, and the rest of the table without it.
    pub fn split(self) -> (S, Table<()>) {
        let Table { format, sink, read, empty_lines, rejected, rejected_by_reason, last_date } = self;
        (sink, Table { format, sink: (), read, empty_lines, rejected, rejected_by_reason, last_date })
    }

    /// All rows not used, over every reason.
    pub fn rejected_total(&self) -> u64 {
        self.rejected_by_reason.iter().sum()
    }
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

// ---- amounts -------------------------------------------------------------------------------

/// Reads an amount as exports write it, exactly, in 1 / [`UNIT`] of the currency unit:
/// `1234.56`, `1.234,56` (decimal comma), `1,234.56`, `1'234.50`, `1 234,50`, with a currency
/// sign or code before or after (`€`, `$`, `£`, `¥`, `EUR`, `CHF` ...). Refunds keep their
/// sign: `-12,50`, `- 12,50`, `−12,50` (U+2212), `12,50-`, `(12,50)`, `-12,50 €`, `€ -12,50`.
/// `decimal` is the decimal separator; the other of `.` and `,` (and `'`, spaces) may group
/// thousands, in groups of three. More than four decimals are rounded half to even. None for
/// an empty cell, anything else, or an amount above [`MAX_AMOUNT`].
pub fn parse_amount(s: &[u8], decimal: u8) -> Option<i64> {
    plain_amount(s, decimal).or_else(|| general_amount(s, decimal))
}

/// `123` or `123.45` (with `decimal`, up to four decimals), up to 14 digits before it; None
/// for anything else.
#[inline]
fn plain_amount(s: &[u8], decimal: u8) -> Option<i64> {
    if s.is_empty() || s.len() > 19 {
        return None;
    }
    let (mut mantissa, mut point) = (0i64, None);
    for (i, &c) in s.iter().enumerate() {
        let d = c.wrapping_sub(b'0');
        if d <= 9 {
            mantissa = mantissa * 10 + d as i64;
        } else if c == decimal && point.is_none() && i > 0 {
            point = Some(i);
        } else {
            return None;
        }
    }
    let decimals = point.map_or(0, |p| s.len() - p - 1);
    let integer_digits = point.unwrap_or(s.len());
    if decimals > 4 || integer_digits > 14 {
        return None;
    }
    const SCALE: [i64; 5] = [10_000, 1_000, 100, 10, 1];
    Some(mantissa * SCALE[decimals])
}

/// Bytes that may stand before or after an amount besides a sign: spaces (also no-break
/// spaces), currency signs and three-letter codes.
fn currency(mut s: &[u8]) -> bool {
    const SIGNS: [&[u8]; 10] = [
        "€".as_bytes(),
        b"\x80", // € in Windows-1252
        b"$",
        "£".as_bytes(),
        b"\xA3",
        "¥".as_bytes(),
        b"\xA5",
        "\u{a0}".as_bytes(),
        b"\xA0",
        "\u{202f}".as_bytes(),
    ];
    while !s.is_empty() {
        if s[0] == b' ' || s[0] == b'\t' {
            s = &s[1..];
        } else if let Some(sign) = SIGNS.iter().find(|p| s.starts_with(p)) {
            s = &s[sign.len()..];
        } else if s.len() >= 3
            && s[..3].iter().all(u8::is_ascii_uppercase)
            && !s.get(3).is_some_and(u8::is_ascii_alphabetic)
        {
            s = &s[3..];
        } else {
            return false;
        }
    }
    true
}

const MINUS: &[u8] = "\u{2212}".as_bytes();

/// Removes one sign marker (`-`, `+`, `(`, `)`, `−`) from the start (`end` false) or end of
/// `s`: which one it was (`−` as `-`).
fn strip_sign(s: &[u8], end: bool) -> (Option<u8>, &[u8]) {
    let t = trim_spaces(s);
    let (marker, rest) = if end {
        match t.last() {
            Some(&c @ (b'-' | b'+' | b'(' | b')')) => (Some(c), &t[..t.len() - 1]),
            _ if t.ends_with(MINUS) => (Some(b'-'), &t[..t.len() - MINUS.len()]),
            _ => (None, t),
        }
    } else {
        match t.first() {
            Some(&c @ (b'-' | b'+' | b'(' | b')')) => (Some(c), &t[1..]),
            _ if t.starts_with(MINUS) => (Some(b'-'), &t[MINUS.len()..]),
            _ => (None, t),
        }
    };
    (marker, trim_spaces(rest))
}

fn trim_spaces(mut s: &[u8]) -> &[u8] {
    while let Some((&(b' ' | b'\t'), rest)) = s.split_first() {
        s = rest;
    }
    while let Some((&(b' ' | b'\t'), rest)) = s.split_last() {
        s = rest;
    }
    s
}

fn general_amount(s: &[u8], decimal: u8) -> Option<i64> {
    // The number: from the first digit (or a decimal separator before one) to the last digit.
    let first = s.iter().position(u8::is_ascii_digit)?;
    let first = if first > 0 && s[first - 1] == decimal { first - 1 } else { first };
    let last = s.iter().rposition(u8::is_ascii_digit)? + 1;
    let (prefix, body, suffix) = (&s[..first], &s[first..last], &s[last..]);
    // Around it: at most one sign (a minus or plus, or parentheses on both sides), currency.
    let (lead, prefix_rest) = {
        // The sign may stand before or after the currency: `-12 €`, `€ -12`, `-€12`.
        let (m, rest) = strip_sign(prefix, true);
        if m.is_some() {
            (m, rest)
        } else {
            strip_sign(prefix, false)
        }
    };
    let (trail, suffix_rest) = {
        let (m, rest) = strip_sign(suffix, false);
        if m.is_some() {
            (m, rest)
        } else {
            strip_sign(suffix, true)
        }
    };
    if !currency(prefix_rest) || !currency(suffix_rest) {
        return None;
    }
    let negative = match (lead, trail) {
        (None, None) | (Some(b'+'), None) => false,
        (Some(b'-'), None) | (None, Some(b'-')) | (Some(b'('), Some(b')')) => true,
        _ => return None,
    };
    let group = if decimal == b',' { b'.' } else { b',' };
    // Digits, with groups of three between separators before the decimal separator.
    let (mut units, mut integer_digits, mut decimals) = (0i64, 0usize, None::<usize>);
    let (mut group_len, mut grouped) = (0usize, false);
    let mut rest_digits: &[u8] = &[];
    let mut i = 0;
    while i < body.len() {
        let c = body[i];
        match c {
            b'0'..=b'9' => match decimals.as_mut() {
                None => {
                    units = units * 10 + (c - b'0') as i64;
                    if units > 0 {
                        integer_digits += 1;
                    }
                    if integer_digits > 14 {
                        return None;
                    }
                    group_len += 1;
                }
                Some(d) if *d < 4 => {
                    units = units * 10 + (c - b'0') as i64;
                    *d += 1;
                }
                Some(_) => {
                    rest_digits = &body[i..];
                    break;
                }
            },
            _ if c == decimal && decimals.is_none() => {
                if grouped && group_len != 3 {
                    return None;
                }
                decimals = Some(0);
            }
            // (0xA0: a no-break space in Windows-1252.)
            _ if decimals.is_none() && (c == group || c == b'\'' || c == b' ' || c == 0xA0) => {
                if (grouped && group_len != 3) || group_len == 0 || group_len > 3 {
                    return None;
                }
                (grouped, group_len) = (true, 0);
            }
            _ if decimals.is_none()
                && (body[i..].starts_with("\u{a0}".as_bytes()) || body[i..].starts_with("\u{202f}".as_bytes())) =>
            {
                if (grouped && group_len != 3) || group_len == 0 || group_len > 3 {
                    return None;
                }
                (grouped, group_len) = (true, 0);
                i += if body[i..].starts_with("\u{a0}".as_bytes()) { 2 } else { 3 };
                continue;
            }
            _ => return None,
        }
        i += 1;
    }
    if decimals.is_none() && grouped && group_len != 3 {
        return None;
    }
    let d = decimals.unwrap_or(0);
    if rest_digits.iter().any(|c| !c.is_ascii_digit()) {
        return None;
    }
    units *= 10i64.pow(4 - d as u32);
    // Beyond four decimals: half to even.
    if let Some((&next, after)) = rest_digits.split_first() {
        let up = next > b'5' || (next == b'5' && (after.iter().any(|&c| c != b'0') || units % 2 == 1));
        units += up as i64;
    }
    if units > MAX_AMOUNT * UNIT {
        return None;
    }
    Some(if negative { -units } else { units })
}

// ---- detection -------------------------------------------------------------------------------

/// Explicit choices that override detection.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    /// The delimiter.
    pub delimiter: Option<Delimiter>,
    /// Whether the first row names the columns.
    pub header: Option<bool>,
    /// The customer id's column.
    pub customer: Option<ColumnRef>,
    /// The date's column.
    pub date: Option<ColumnRef>,
    /// The amount's column.
    pub amount: Option<ColumnRef>,
    /// The acquisition channel's column.
    pub channel: Option<ColumnRef>,
    /// The acquisition cost's column.
    pub acquisition_cost: Option<ColumnRef>,
    /// The order id's column.
    pub order: Option<ColumnRef>,
    /// How dates are written.
    pub date_format: Option<DateFormat>,
    /// The decimal separator, `b'.'` or `b','`.
    pub decimal: Option<u8>,
    /// Forces the encoding (else: a byte-order mark's, UTF-8, or Windows-1252).
    pub encoding: Option<Encoding>,
}

/// A column by name (as in the header, case-insensitive) or by 0-based index.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnRef {
    /// The header's name for it (case-insensitive).
    Name(String),
    /// Its 0-based number.
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
    let mut out = String::with_capacity(name.len());
    for c in name.chars().filter(|c| c.is_alphanumeric()) {
        super::lower::push_lower(c, &mut out);
    }
    out
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
        // A byte search (the names are ASCII): `str::contains` would bring the two-way
        // searcher and str slicing's panic messages into the wasm (issue 12).
        let has = |c: &String| c.as_bytes().windows(n.len()).any(|w| w == n.as_bytes());
        if let Some(i) = cols.iter().enumerate().position(|(i, c)| has(c) && !taken.contains(&i)) {
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

/// The first records of `text` (at most `max`, whitespace-only ones left out), each as its
/// trimmed fields, and how many of them ended before the text did (the last may be cut).
fn sample_records(text: &[u8], delimiter: Delimiter, max: usize) -> (Vec<Vec<Vec<u8>>>, usize) {
    let mut core = tokeniser(delimiter);
    let (mut out, mut ends) = (vec![0u8; 4096], vec![0usize; 64]);
    let (mut pos, mut nout, mut nend) = (0, 0, 0);
    let (mut records, mut complete) = (Vec::new(), 0);
    let mut ranges = Vec::new();
    while records.len() < max {
        let more = pos < text.len();
        let (result, nin, o, e) = core.read_record(&text[pos..], &mut out[nout..], &mut ends[nend..]);
        pos += nin;
        nout += o;
        nend += e;
        match result {
            csv_core::ReadRecordResult::OutputFull => out.resize(out.len() * 2, 0),
            csv_core::ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
            csv_core::ReadRecordResult::InputEmpty => {}
            csv_core::ReadRecordResult::End => break,
            csv_core::ReadRecordResult::Record => {
                ranges.clear();
                if delimiter == Delimiter::Whitespace {
                    whitespace_fields(&out[..nout], &mut ranges);
                } else {
                    let mut start = 0;
                    for &end in &ends[..nend] {
                        ranges.push((start, end));
                        start = end;
                    }
                }
                let fields: Vec<Vec<u8>> = ranges.iter().map(|&(a, b)| trim(&out[a..b]).to_vec()).collect();
                if fields.len() > 1 || fields.first().is_some_and(|f| !f.is_empty()) {
                    records.push(fields);
                    // A record that ended while input was left (its line end read) is whole.
                    complete += more as usize;
                }
                (nout, nend) = (0, 0);
            }
        }
    }
    (records, complete)
}

/// Detects the format of a file from its beginning (the first 64 KB are plenty); `hints`
/// override any part of it. Errors name the option to set (`columns.date`, `dateFormat` ...).
/// A sample that holds no complete line is read as the file's first line.
pub fn detect(sample: &[u8], hints: &Hints) -> Result<Format> {
    detect_sample(sample, hints).0
}

/// [`detect`], and how many complete records (lines, but for quoted newlines) the sample
/// holds.
pub fn detect_sample(sample: &[u8], hints: &Hints) -> (Result<Format>, usize) {
    // The encoding: given, or a byte-order mark's, or UTF-8 when the bytes are valid UTF-8
    // (but for a character cut at the end), else Windows-1252.
    let otherwise = if utf8_ok(sample) { Encoding::Utf8 } else { Encoding::Windows1252 };
    let (encoding, skip) = encoding_of(sample, hints.encoding, otherwise);
    let transcoded;
    let text = match encoding {
        Encoding::Utf16Le | Encoding::Utf16Be => {
            let mut u = Utf16 { big_endian: encoding == Encoding::Utf16Be, odd: None, high: None };
            let mut out = Vec::with_capacity(sample.len() / 2);
            u.decode(&sample[skip..], &mut out);
            transcoded = out;
            &transcoded[..]
        }
        _ => &sample[skip..],
    };
    let delimiter = hints.delimiter.unwrap_or_else(|| detect_delimiter(text));
    let (mut records, complete) = sample_records(text, delimiter, 200);
    if complete >= 2 && records.len() > complete {
        records.truncate(complete); // the last line may be cut
    }
    let result = detect_records(&records, delimiter, encoding, hints);
    let result = match result {
        Err(_) if complete == 0 && !records.is_empty() => Err(Error::new(
            ErrorCode::OutOfRange,
            "",
            "the first line is longer than the part of the file read to detect the format: read more of the file",
        )),
        r => r,
    };
    (result, complete)
}

fn detect_records(records: &[Vec<Vec<u8>>], delimiter: Delimiter, encoding: Encoding, hints: &Hints) -> Result<Format> {
    if records.is_empty() {
        return Err(Error::new(ErrorCode::Empty, "", "the file has no rows"));
    }
    let rows: Vec<Vec<String>> = records.iter().map(|r| r.iter().map(|f| encoding.decode(f)).collect()).collect();
    let width = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let looks_like_data = |row: &Vec<String>| row.iter().any(|f| date::detect(std::iter::once(f.as_bytes())).is_some());
    let header = hints.header.unwrap_or_else(|| !looks_like_data(&rows[0]));
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
                    !taken.contains(&i)
                        && column(i).all(|v| {
                            parse_amount(v, decimal.unwrap_or(b'.')).is_some()
                                || parse_amount(v, decimal.unwrap_or(b',')).is_some()
                        })
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
        encoding,
        encoding_given: hints.encoding.is_some(),
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

/// The delimiter that splits the most records (of the first 200) into the same number (at
/// least 3) of fields: a bad row may not. Ties go to tab, then `;`, `,`, `|`, then runs of
/// spaces.
fn detect_delimiter(text: &[u8]) -> Delimiter {
    let agreeing = |d: Delimiter| -> usize {
        let (records, _) = sample_records(text, d, 200);
        let mut counts: Vec<(u64, u32)> = records.iter().map(|r| (r.len() as u64, 0)).collect();
        crate::data::order::pairs(&mut counts);
        let (mut best_run, mut run) = (0, 0);
        for (i, &(c, _)) in counts.iter().enumerate() {
            run = if i > 0 && counts[i - 1].0 == c { run + 1 } else { 1 };
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

    #[test]
    fn the_interner_numbers_strings_in_order_of_first_appearance_through_its_growth() {
        // Short ids (inline keys, the table grows from 1,024 slots to 262,144), long ones, the
        // empty string, every length up to 15, and ids that differ in one byte only.
        let mut strings: Vec<Vec<u8>> = (0..100_000).map(|i| format!("C{i:06}").into_bytes()).collect();
        strings.extend((0..=20).map(|n| vec![b'x'; n]));
        strings.push("Müller & Söhne GmbH, Zweigstelle Nord".as_bytes().to_vec());
        let mut interner = Interner::default();
        for round in 0..2 {
            for (i, s) in strings.iter().enumerate() {
                assert_eq!(interner.id(s) as usize, i, "round {round}: {:?}", String::from_utf8_lossy(s));
            }
        }
        assert_eq!(interner.len(), strings.len());
        assert!(interner.all_utf8());
        let keys = interner.keys();
        assert!(keys.iter().map(|k| &k[..]).eq(strings.iter().map(|s| &s[..])));
    }

    fn read(text: &str, hints: &Hints) -> Table {
        read_bytes(text.as_bytes(), hints)
    }

    fn read_bytes(bytes: &[u8], hints: &Hints) -> Table {
        let format = detect(bytes, hints).unwrap();
        let mut r = Reader::new(format);
        r.push(bytes);
        r.finish()
    }

    fn money(units: &[i64]) -> Vec<f64> {
        units.iter().map(|&u| u as f64 / UNIT as f64).collect()
    }

    #[test]
    fn amounts_in_every_convention() {
        let a = |s: &str, d: u8| parse_amount(s.as_bytes(), d).map(|u| u as f64 / UNIT as f64);
        assert_eq!(a("1234.56", b'.'), Some(1234.56));
        assert_eq!(a("1.234,56", b','), Some(1234.56));
        assert_eq!(a("1,234.56", b'.'), Some(1234.56));
        assert_eq!(a("-12,50 €", b','), Some(-12.5));
        assert_eq!(a("EUR 12.50", b'.'), Some(12.5));
        assert_eq!(a("1'234.50", b'.'), Some(1234.5));
        assert_eq!(a("1 234,50", b','), Some(1234.5));
        assert_eq!(a("1\u{a0}234,50", b','), Some(1234.5));
        assert_eq!(a("0.1", b'.'), Some(0.1));
        assert_eq!(a(",5", b','), Some(0.5));
        assert_eq!(a("77", b'.'), Some(77.0));
        assert_eq!(a("99999999999999.9999", b'.'), Some(99999999999999.9999));
        // Four decimals exactly; beyond, half to even.
        assert_eq!(parse_amount(b"0.12345", b'.'), Some(1234));
        assert_eq!(parse_amount(b"0.12355", b'.'), Some(1236));
        assert_eq!(parse_amount(b"0.123451", b'.'), Some(1235));
        assert_eq!(parse_amount(b"2.5", b'.'), Some(25_000));
        for bad in ["", "abc", "12a5", "1.2.3,4,5", "--5", "1,5,5", "12 Stück", "100000000000000", "(12,50", "-(12,50)"]
        {
            assert_eq!(parse_amount(bad.as_bytes(), b','), None, "{bad}");
        }
        assert_eq!(parse_amount(b"1.2.3", b'.'), None);
        // A German amount in an English file is no number (not 1250).
        assert_eq!(parse_amount(b"12,50", b'.'), None);
        assert_eq!(parse_amount(b"12.50", b','), None);
    }

    #[test]
    fn refunds_keep_their_sign_in_every_notation() {
        for s in [
            "-12,50",
            "12,50-",
            "(12,50)",
            "\u{2212}12,50",
            "-12,50 €",
            "€ -12,50",
            "- 12,50",
            "-€12,50",
            "(12,50 €)",
            "12,50 €-",
            "EUR -12,50",
        ] {
            assert_eq!(parse_amount(s.as_bytes(), b','), Some(-125_000), "{s}");
        }
        // In Windows-1252, € is the byte 0x80.
        assert_eq!(parse_amount(b"-12,50 \x80", b','), Some(-125_000));
        assert_eq!(parse_amount(b"+12,50", b','), Some(125_000));
    }

    #[test]
    fn reads_cdnow_as_it_is() {
        let text = " customer_id  date number_of_cds  dollar_value\r\n 00001 19970101  1   11.77\r\n 00002 19970112  1   12.00\r\n 00002 19970112  5   77.00\r\n";
        let t = read(text, &Hints::default());
        assert_eq!(t.format.delimiter, Delimiter::Whitespace);
        assert!(t.format.header);
        assert_eq!(t.format.mapping, Mapping { customer: 0, date: 1, amount: 3, ..Default::default() });
        assert_eq!(t.format.date_format, DateFormat::Ymd);
        assert_eq!(money(&t.sink.amount), vec![11.77, 12.0, 77.0]);
        assert_eq!(t.sink.customer, vec![0, 1, 1]);
        assert_eq!(t.sink.customers.names(Encoding::Utf8), vec!["00001", "00002"]);
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
        assert_eq!(t.format.encoding, Encoding::Utf8);
        assert_eq!(money(&t.sink.amount), vec![1234.56, 5.5]);
        assert_eq!(t.sink.channels.names(Encoding::Utf8), vec!["Messe; München", "SEO"]);
        let bad: Vec<(u64, &str)> = t.rejected.iter().map(|r| (r.line, r.reason.code())).collect();
        assert_eq!(bad, vec![(4, "bad_date"), (5, "bad_amount"), (7, "missing_customer"), (8, "missing_columns")]);
        assert_eq!(t.read, 6);
        assert_eq!(t.empty_lines, 1);
    }

    /// Reads `bytes` in chunks of every size from 1 to its length: all give `whole`'s table.
    fn same_in_every_chunking(bytes: &[u8], hints: &Hints) -> Table {
        let whole = read_bytes(bytes, hints);
        let t = read_bytes(bytes, hints);
        let names = t.sink.customers.names(t.format.encoding);
        let format = detect(bytes, hints).unwrap();
        for size in 1..bytes.len() {
            let mut r = Reader::new(format.clone());
            for chunk in bytes.chunks(size) {
                r.push(chunk);
            }
            let t = r.finish();
            assert_eq!(t.sink.amount, whole.sink.amount, "chunks of {size}");
            assert_eq!(t.sink.day, whole.sink.day, "chunks of {size}");
            assert_eq!(t.sink.customer, whole.sink.customer, "chunks of {size}");
            assert_eq!(t.rejected, whole.rejected, "chunks of {size}");
            assert_eq!((t.read, t.empty_lines), (whole.read, whole.empty_lines), "chunks of {size}");
            assert_eq!(t.format.encoding, whole.format.encoding, "chunks of {size}");
            assert_eq!(t.sink.customers.names(t.format.encoding), names, "chunks of {size}");
        }
        whole
    }

    #[test]
    fn chunks_anywhere_give_the_same_table() {
        let text = "customer,date,amount,note\na,2024-01-01,1.50,\"two\nlines\"\nb,2024-01-02,2.50,x\r\nc,2024-01-03,3.50,\"a \"\"quote\"\"\"\n";
        let t = same_in_every_chunking(text.as_bytes(), &Hints::default());
        assert_eq!(money(&t.sink.amount), vec![1.5, 2.5, 3.5]);
        assert!(t.rejected.is_empty());
    }

    #[test]
    fn cr_crlf_and_lf_line_ends_mixed_in_every_chunking() {
        let text = "customer,date,amount\ra,2024-01-01,1.50\r\n\rb,2024-01-02,2.50\nc,2024-01-03,x\r\rd,2024-01-04,4";
        let t = same_in_every_chunking(text.as_bytes(), &Hints::default());
        assert_eq!(money(&t.sink.amount), vec![1.5, 2.5, 4.0]);
        assert_eq!(t.sink.customers.names(Encoding::Utf8), vec!["a", "b", "d"]);
        // Lines: 1 header, 2 a, 3 empty, 4 b, 5 c, 6 empty, 7 d.
        assert_eq!(t.rejected.iter().map(|r| (r.line, r.reason)).collect::<Vec<_>>(), vec![(5, Reason::BadAmount)]);
        assert_eq!((t.read, t.empty_lines), (4, 2));
    }

    #[test]
    fn a_stray_quote_is_text_and_an_unclosed_quote_loses_no_row() {
        let text = "customer,product,date,amount\nk1,Monitor 24\" TFT,2024-01-01,199.00\nk2,\"Kabel, 2 m\",2024-01-02,9.99\nk3,\"Adapter,2024-01-03,5.00\nk4,Maus,2024-01-04,20.00\r\nk5,Tastatur,2024-01-05,30.00\n";
        let t = same_in_every_chunking(text.as_bytes(), &Hints::default());
        assert_eq!(t.sink.customers.names(Encoding::Utf8), vec!["k1", "k2", "k4", "k5"]);
        assert_eq!(money(&t.sink.amount), vec![199.0, 9.99, 20.0, 30.0]);
        assert_eq!(t.rejected.len(), 1);
        assert_eq!((t.rejected[0].line, t.rejected[0].reason), (4, Reason::UnclosedQuote));
        assert_eq!(t.rejected[0].text, "k3,\"Adapter,2024-01-03,5.00");
        assert_eq!(t.read, 5);
    }

    #[test]
    fn a_quote_closed_by_a_stray_quote_lines_later_merges_no_rows() {
        // The csv crate reads lines 2 to 4 as one record: k1 with k3's date and amount.
        let text = "customer,product,date,amount\nk1,\"Adapter,2024-01-01,5.00\nk2,Maus,2024-01-02,20.00\r\nk3,Monitor 24\" TFT,2024-01-03,199.00\nk4,Kabel,2024-01-04,9.99\n";
        let t = same_in_every_chunking(text.as_bytes(), &Hints::default());
        assert_eq!(t.sink.customers.names(Encoding::Utf8), vec!["k2", "k3", "k4"]);
        assert_eq!(money(&t.sink.amount), vec![20.0, 199.0, 9.99]);
        let bad: Vec<(u64, Reason, &str)> = t.rejected.iter().map(|r| (r.line, r.reason, r.text.as_str())).collect();
        assert_eq!(bad, vec![(2, Reason::UnclosedQuote, "k1,\"Adapter,2024-01-01,5.00")]);
        assert_eq!(t.read, 4);
        // Written by a CSV writer, a quoted field with newlines is one record.
        let text = "customer,note,date,amount\nk1,\"zwei\nZeilen\",2024-01-01,5.00\n";
        let t = read(text, &Hints::default());
        assert_eq!((t.sink.day.len(), t.rejected.len()), (1, 0));
    }

    #[test]
    fn a_stray_quote_after_the_first_64_kb_swallows_nothing() {
        let mut text = String::from("customer,product,date,amount\n");
        let mut i = 0;
        while text.len() < 200_000 {
            let product = if i == 3000 { "Monitor 24\" TFT" } else { "Kabel" };
            text += &format!("c{},{product},2024-01-{:02},{}.50\n", i % 97, 1 + i % 28, i % 50);
            i += 1;
        }
        let format = detect(&text.as_bytes()[..65536], &Hints::default()).unwrap();
        let mut r = Reader::new(format);
        for chunk in text.as_bytes().chunks(65536) {
            r.push(chunk);
        }
        let t = r.finish();
        assert_eq!(t.sink.day.len(), i);
        assert_eq!(t.rejected_total(), 0);
    }

    #[test]
    fn empty_dates_and_amounts_are_bad_rows() {
        let text = "customer,date,amount\na,,5\nb,2024-01-02,\nc,2024-01-02,3\nd,,4\n";
        let t = read(text, &Hints { date_format: Some(DateFormat::Iso), ..Default::default() });
        let bad: Vec<(u64, Reason)> = t.rejected.iter().map(|r| (r.line, r.reason)).collect();
        assert_eq!(bad, vec![(2, Reason::BadDate), (3, Reason::BadAmount), (5, Reason::BadDate)]);
        assert_eq!(t.sink.day, vec![date::days_from_civil(2024, 1, 2)]);
    }

    #[test]
    fn utf16_with_a_bom_split_anywhere() {
        // Excel's "Unicode text": UTF-16LE with a BOM, tab-separated, CRLF; 😀 is a surrogate pair.
        let text = "Kunde\tDatum\tBetrag\r\nMüller 😀\t31.01.2024\t12,50\r\nMäller\t01.02.2024\t-2,50\r\n";
        for (bom, big) in [(&[0xFF, 0xFE][..], false), (&[0xFE, 0xFF][..], true)] {
            let mut bytes = bom.to_vec();
            for u in text.encode_utf16() {
                bytes.extend_from_slice(&if big { u.to_be_bytes() } else { u.to_le_bytes() });
            }
            let t = same_in_every_chunking(&bytes, &Hints::default());
            assert_eq!(t.format.encoding, if big { Encoding::Utf16Be } else { Encoding::Utf16Le });
            assert_eq!(t.format.delimiter, Delimiter::Byte(b'\t'));
            assert_eq!(t.sink.customers.names(t.format.encoding), vec!["Müller 😀", "Mäller"]);
            assert_eq!(money(&t.sink.amount), vec![12.5, -2.5]);
        }
    }

    #[test]
    fn windows_1252_keeps_umlauts_apart() {
        // A German Excel "CSV (Trennzeichen-getrennt)": Windows-1252, semicolons.
        let bytes = b"Kunde;Datum;Betrag;Kanal\r\nM\xFCller;31.01.2024;12,50 \x80;Messe\r\nM\xE4ller;01.02.2024;5,00;Stra\xDFe\r\n";
        let t = same_in_every_chunking(bytes, &Hints::default());
        assert_eq!(t.format.encoding, Encoding::Windows1252);
        assert_eq!(t.sink.customers.names(t.format.encoding), vec!["Müller", "Mäller"]);
        assert_eq!(t.sink.channels.names(t.format.encoding), vec!["Messe", "Straße"]);
        // Valid UTF-8 at first, Windows-1252 only after 64 KB: still one encoding for all.
        let mut late = b"customer;date;amount\n".to_vec();
        while late.len() < 70_000 {
            late.extend_from_slice(b"Anna;01.02.2024;1,00\n");
        }
        late.extend_from_slice(b"J\xFCrgen;02.02.2024;2,00\nzz;x;1\n");
        let format = detect(&late[..65536], &Hints::default()).unwrap();
        assert_eq!(format.encoding, Encoding::Utf8);
        let mut r = Reader::new(format);
        r.push(&late);
        let t = r.finish();
        assert_eq!(t.format.encoding, Encoding::Windows1252);
        assert_eq!(t.sink.customers.names(t.format.encoding), vec!["Anna", "Jürgen"]);
        // The option forces one.
        let t = read_bytes(bytes, &Hints { encoding: Some(Encoding::Utf8), ..Default::default() });
        assert_eq!(t.format.encoding, Encoding::Utf8);
    }

    #[test]
    fn a_first_line_longer_than_the_sample() {
        let mut header = String::from("customer;date;amount");
        for i in 0..10_000 {
            header += &format!(";note {i}");
        }
        let text = format!("{header}\nk1;01.02.2024;3,50\n");
        // Only the header's beginning: read as the first line, the columns by their names.
        let e = detect(&text.as_bytes()[..1000], &Hints::default()).unwrap_err();
        assert!(e.message.contains("first line is longer"), "{}", e.message);
        let (format, complete) = detect_sample(text.as_bytes(), &Hints::default());
        assert_eq!(complete, 2);
        assert_eq!(format.unwrap().mapping.amount, 2);
    }

    #[test]
    fn headerless_files_are_mapped_by_content() {
        // The CDNOW 1/10 sample: master id, sample id, date, CDs, dollars; no header.
        let text = "00004 0001 19970101  2   29.33\n00004 0001 19970118  2   29.73\n00018 0002 19970102  2   13.86\n";
        let t = read(text, &Hints::default());
        assert!(!t.format.header);
        assert_eq!(t.format.mapping, Mapping { customer: 0, date: 2, amount: 4, ..Default::default() });
        assert_eq!(money(&t.sink.amount), vec![29.33, 29.73, 13.86]);
    }

    #[test]
    fn hints_override_and_name_bad_options() {
        let text = "a;b;c\n1;01/02/2024;3,5\n";
        let hints = Hints { date_format: Some(DateFormat::DmySlash), ..Default::default() };
        let t = read(text, &hints);
        assert_eq!(t.sink.day, vec![date::days_from_civil(2024, 2, 1)]);
        let e = detect(text.as_bytes(), &Hints { date: Some(ColumnRef::Name("datum".into())), ..Default::default() })
            .unwrap_err();
        assert_eq!((e.code, e.field.as_str()), (ErrorCode::OutOfRange, "columns.date"));
        assert!(detect(text.as_bytes(), &Hints::default()).unwrap().date_ambiguous);
    }
}
