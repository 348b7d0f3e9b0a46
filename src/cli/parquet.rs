//! A small Parquet writer for the tables of `kundenwert analyze --format parquet`
//! (src/cli/tables.rs). The subset of the format (apache/parquet-format, format version 2):
//!
//! * the file: `PAR1`, the row groups, the FileMetaData in the Thrift compact protocol, its
//!   length (4 bytes, little-endian), `PAR1`;
//! * one row group per up to [`ROW_GROUP`] rows (none for a table without rows), one column
//!   chunk per column and row group, one data page (DataPageHeader, v1) per chunk;
//! * PLAIN encoding, UNCOMPRESSED (the files are written once and read by engines that are
//!   fast on plain pages; a codec would be a dependency or a codec of our own for a few
//!   percent of the run: see docs/design-notes.md);
//! * types: STRING (BYTE_ARRAY, logical type STRING, converted type UTF8), INT64, DOUBLE and
//!   DATE (INT32 days since 1970-01-01, logical type DATE); text and whole numbers are REQUIRED,
//!   DOUBLE columns and text that can be missing are OPTIONAL, their definition levels in the
//!   RLE/bit-packed hybrid (RLE runs, bit width 1) with the 4-byte length prefix of v1 pages;
//! * statistics: the null count of each column chunk.
//!
//! js/cli.mjs writes the same bytes from the same tables (tests/js/cli.test.mjs).

use std::io::{self, Write};

use super::tables::{Cells, Table};

/// Rows per row group: a row group is encoded in memory, so this bounds the writer's buffer.
pub const ROW_GROUP: usize = 1 << 20;

// Parquet's enums (parquet.thrift).
const INT32: i32 = 1;
const INT64: i32 = 2;
const DOUBLE: i32 = 5;
const BYTE_ARRAY: i32 = 6;
const REQUIRED: i32 = 0;
const OPTIONAL: i32 = 1;
const UTF8: i32 = 0;
const CONVERTED_DATE: i32 = 6;
const PLAIN: i32 = 0;
const RLE: i32 = 3;
const UNCOMPRESSED: i32 = 0;
const DATA_PAGE: i32 = 0;

// Thrift compact protocol field types.
const T_I32: u8 = 5;
const T_I64: u8 = 6;
const T_BINARY: u8 = 8;
const T_LIST: u8 = 9;
const T_STRUCT: u8 = 12;

/// A Thrift compact protocol encoder: fields with delta ids, zigzag varints, nested structs.
struct Thrift {
    buf: Vec<u8>,
    /// The last field id of each open struct.
    last: Vec<i16>,
}

impl Thrift {
    fn new() -> Self {
        Thrift { buf: Vec::new(), last: vec![0] }
    }
    fn varint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.buf.push(v as u8 | 0x80);
            v >>= 7;
        }
        self.buf.push(v as u8);
    }
    fn zigzag(&mut self, v: i64) {
        self.varint(((v << 1) ^ (v >> 63)) as u64);
    }
    fn field(&mut self, id: i16, kind: u8) {
        let last = self.last.last_mut().expect("an open struct");
        let delta = id - *last;
        *last = id;
        if (1..=15).contains(&delta) {
            self.buf.push((delta as u8) << 4 | kind);
        } else {
            self.buf.push(kind);
            self.zigzag(id as i64);
        }
    }
    fn i32(&mut self, id: i16, v: i32) {
        self.field(id, T_I32);
        self.zigzag(v as i64);
    }
    fn i64(&mut self, id: i16, v: i64) {
        self.field(id, T_I64);
        self.zigzag(v);
    }
    fn string(&mut self, id: i16, v: &str) {
        self.field(id, T_BINARY);
        self.bytes(v.as_bytes());
    }
    fn bytes(&mut self, v: &[u8]) {
        self.varint(v.len() as u64);
        self.buf.extend_from_slice(v);
    }
    /// A struct field; its fields follow, then [`Thrift::end`].
    fn open(&mut self, id: i16) {
        self.field(id, T_STRUCT);
        self.last.push(0);
    }
    /// A struct as an element of a list; its fields follow, then [`Thrift::end`].
    fn element(&mut self) {
        self.last.push(0);
    }
    fn end(&mut self) {
        self.buf.push(0);
        self.last.pop();
    }
    fn list(&mut self, id: i16, kind: u8, n: usize) {
        self.field(id, T_LIST);
        if n < 15 {
            self.buf.push((n as u8) << 4 | kind);
        } else {
            self.buf.push(0xF0 | kind);
            self.varint(n as u64);
        }
    }
    /// The top-level struct's stop byte.
    fn finish(mut self) -> Vec<u8> {
        self.buf.push(0);
        self.buf
    }
}

/// A column's Parquet physical type and repetition.
fn kind(cells: &Cells) -> (i32, i32) {
    match cells {
        Cells::Text(_) | Cells::Coded(..) => (BYTE_ARRAY, REQUIRED),
        Cells::OptText(_) => (BYTE_ARRAY, OPTIONAL),
        Cells::Int(_) => (INT64, REQUIRED),
        Cells::Float(_) => (DOUBLE, OPTIONAL),
        Cells::Date(_) => (INT32, REQUIRED),
    }
}

/// Definition levels (1 present, 0 missing) as RLE runs of the hybrid encoding, bit width 1,
/// with the 4-byte length prefix of a v1 data page.
fn levels(present: impl Iterator<Item = bool>, out: &mut Vec<u8>) {
    let mut t = Thrift::new(); // for its varint
    let mut run: Option<(bool, u64)> = None;
    let flush = |t: &mut Thrift, (value, n): (bool, u64)| {
        t.varint(n << 1);
        t.buf.push(value as u8);
    };
    for p in present {
        run = match run {
            Some((v, n)) if v == p => Some((v, n + 1)),
            Some(r) => {
                flush(&mut t, r);
                Some((p, 1))
            }
            None => Some((p, 1)),
        };
    }
    if let Some(r) = run {
        flush(&mut t, r);
    }
    out.extend_from_slice(&(t.buf.len() as u32).to_le_bytes());
    out.extend_from_slice(&t.buf);
}

/// The data page of rows `range` of a column: levels (OPTIONAL only), then PLAIN values.
/// Returns the page and its count of missing values.
fn page(cells: &Cells, range: std::ops::Range<usize>) -> (Vec<u8>, usize) {
    let mut out = Vec::new();
    let mut nulls = 0;
    match cells {
        Cells::Text(_) | Cells::Coded(..) => {
            for i in range {
                let s = cells.text(i).unwrap_or_default();
                out.extend_from_slice(&(s.len() as u32).to_le_bytes());
                out.extend_from_slice(s.as_bytes());
            }
        }
        Cells::OptText(v) => {
            let v = &v[range];
            levels(v.iter().map(Option::is_some), &mut out);
            for s in v {
                match s {
                    Some(s) => {
                        out.extend_from_slice(&(s.len() as u32).to_le_bytes());
                        out.extend_from_slice(s.as_bytes());
                    }
                    None => nulls += 1,
                }
            }
        }
        Cells::Int(v) => {
            for &x in &v[range] {
                out.extend_from_slice(&(x as i64).to_le_bytes());
            }
        }
        Cells::Float(v) => {
            let v = &v[range];
            levels(v.iter().map(|x| !x.is_nan()), &mut out);
            for x in v {
                if x.is_nan() {
                    nulls += 1;
                } else {
                    out.extend_from_slice(&(x + 0.0).to_le_bytes());
                }
            }
        }
        Cells::Date(v) => {
            for &x in &v[range] {
                out.extend_from_slice(&(x as i32).to_le_bytes());
            }
        }
    }
    (out, nulls)
}

/// Where a column chunk is and what it holds, for the footer.
struct Chunk {
    offset: u64,
    size: u64,
    values: usize,
    nulls: usize,
}

/// Writes `table` as a Parquet file to `w`; `created_by` names the writer in the footer.
pub fn write(table: &Table, created_by: &str, w: &mut impl Write) -> io::Result<()> {
    let rows = table.rows();
    w.write_all(b"PAR1")?;
    let mut at = 4u64;
    let mut groups: Vec<(usize, Vec<Chunk>)> = Vec::new();
    let mut start = 0;
    while start < rows {
        let end = rows.min(start + ROW_GROUP);
        let mut chunks = Vec::new();
        for c in &table.columns {
            let (data, nulls) = page(&c.cells, start..end);
            let size = i32::try_from(data.len()).map_err(|_| {
                io::Error::other(format!("column {} has a page of {} bytes, over Parquet's 2 GiB", c.name, data.len()))
            })?;
            let mut h = Thrift::new();
            h.i32(1, DATA_PAGE);
            h.i32(2, size);
            h.i32(3, size);
            h.open(5);
            h.i32(1, (end - start) as i32);
            h.i32(2, PLAIN);
            h.i32(3, RLE);
            h.i32(4, RLE);
            h.end();
            let header = h.finish();
            w.write_all(&header)?;
            w.write_all(&data)?;
            let size = (header.len() + data.len()) as u64;
            chunks.push(Chunk { offset: at, size, values: end - start, nulls });
            at += size;
        }
        groups.push((end - start, chunks));
        start = end;
    }

    let mut m = Thrift::new();
    m.i32(1, 2); // version
    m.list(2, T_STRUCT, table.columns.len() + 1);
    m.element();
    m.string(4, "schema");
    m.i32(5, table.columns.len() as i32);
    m.end();
    for c in &table.columns {
        let (physical, repetition) = kind(&c.cells);
        m.element();
        m.i32(1, physical);
        m.i32(3, repetition);
        m.string(4, c.name);
        match c.cells {
            Cells::Text(_) | Cells::Coded(..) | Cells::OptText(_) => {
                m.i32(6, UTF8);
                m.open(10);
                m.open(1); // StringType
                m.end();
                m.end();
            }
            Cells::Date(_) => {
                m.i32(6, CONVERTED_DATE);
                m.open(10);
                m.open(6); // DateType
                m.end();
                m.end();
            }
            Cells::Int(_) | Cells::Float(_) => {}
        }
        m.end();
    }
    m.i64(3, rows as i64);
    m.list(4, T_STRUCT, groups.len());
    for (n, chunks) in &groups {
        m.element();
        m.list(1, T_STRUCT, chunks.len());
        for (c, k) in table.columns.iter().zip(chunks) {
            let (physical, repetition) = kind(&c.cells);
            m.element();
            m.i64(2, k.offset as i64); // file_offset: the chunk's first page
            m.open(3);
            m.i32(1, physical);
            if repetition == OPTIONAL {
                m.list(2, T_I32, 2);
                m.zigzag(PLAIN as i64);
                m.zigzag(RLE as i64);
            } else {
                m.list(2, T_I32, 1);
                m.zigzag(PLAIN as i64);
            }
            m.list(3, T_BINARY, 1);
            m.bytes(c.name.as_bytes());
            m.i32(4, UNCOMPRESSED);
            m.i64(5, k.values as i64);
            m.i64(6, k.size as i64);
            m.i64(7, k.size as i64);
            m.i64(9, k.offset as i64);
            m.open(12); // Statistics
            m.i64(3, k.nulls as i64);
            m.end();
            m.end();
            m.end();
        }
        let bytes: u64 = chunks.iter().map(|k| k.size).sum();
        m.i64(2, bytes as i64);
        m.i64(3, *n as i64);
        m.end();
    }
    m.string(6, created_by);
    let footer = m.finish();
    w.write_all(&footer)?;
    w.write_all(&(footer.len() as u32).to_le_bytes())?;
    w.write_all(b"PAR1")?;
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::tables::Column;

    #[test]
    fn thrift_compact_fields_lists_and_zigzag() {
        let mut t = Thrift::new();
        t.i32(1, 2); // delta 1, type i32, zigzag(2) = 4
        t.i64(3, -1); // delta 2, type i64, zigzag(-1) = 1
        t.i32(20, 300); // delta 17: long form, id zigzag(20) = 40, zigzag(300) = 600 = 0xD8 0x04
        t.list(21, T_I32, 16); // delta 1; 16 elements: 0xF5 then varint 16
        t.open(22);
        t.string(1, "ab");
        t.end();
        assert_eq!(
            t.finish(),
            [0x15, 4, 0x26, 1, 0x05, 40, 0xD8, 0x04, 0x19, 0xF5, 16, 0x1C, 0x18, 2, b'a', b'b', 0, 0]
        );
    }

    #[test]
    fn definition_levels_are_rle_runs_with_a_length_prefix() {
        let mut out = Vec::new();
        levels([true, true, true, false, true].into_iter(), &mut out);
        // runs: 3 x 1 (header 6), 1 x 0 (header 2), 1 x 1 (header 2)
        assert_eq!(out, [6, 0, 0, 0, 6, 1, 2, 0, 2, 1]);
        let mut out = Vec::new();
        levels(std::iter::repeat_n(true, 200), &mut out);
        assert_eq!(out, [3, 0, 0, 0, 0x90, 0x03, 1]); // 200 << 1 = 400 as a varint
    }

    #[test]
    fn a_table_of_many_row_groups_has_them_all_in_the_footer() {
        let n = ROW_GROUP + 3;
        let table = Table {
            name: "t",
            columns: vec![Column { name: "x", cells: Cells::Int((0..n).map(|i| i as f64).collect()) }],
        };
        let mut out = Vec::new();
        write(&table, "test", &mut out).unwrap();
        assert_eq!(&out[..4], b"PAR1");
        assert_eq!(&out[out.len() - 4..], b"PAR1");
        let footer = u32::from_le_bytes(out[out.len() - 8..out.len() - 4].try_into().unwrap()) as usize;
        // 4 + two pages (8 bytes a value plus a header each) + footer + 8
        assert!(out.len() > 4 + 8 * n + footer + 8, "{}", out.len());
        let meta = &out[out.len() - 8 - footer..out.len() - 8];
        // row_groups: a list (field 4, delta 1 after num_rows) of 2 structs: 0x19 0x2C
        let num_rows = {
            let mut t = Thrift::new();
            t.last = vec![2];
            t.i64(3, n as i64);
            t.buf
        };
        let at = meta.windows(num_rows.len()).position(|w| w == num_rows.as_slice()).expect("num_rows");
        assert_eq!(meta[at + num_rows.len()..at + num_rows.len() + 2], [0x19, 0x2C]);
    }
}
