//! Calendar dates as day numbers (days since 1970-01-01), parsed from the formats exports use.
//! The conversions are Howard Hinnant's `days_from_civil` / `civil_from_days` algorithms.

/// A date format of a transaction export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFormat {
    /// `YYYY-MM-DD` (also `YYYY/MM/DD`), optionally followed by a time, which is ignored.
    Iso,
    /// `DD.MM.YYYY` (German), also `D.M.YYYY`.
    Dmy,
    /// `DD/MM/YYYY` (British).
    DmySlash,
    /// `MM/DD/YYYY` (American).
    Mdy,
    /// `YYYYMMDD`.
    Ymd,
}

impl DateFormat {
    /// The format's name as the options give it (`YYYY-MM-DD` ...).
    pub fn as_str(self) -> &'static str {
        match self {
            DateFormat::Iso => "YYYY-MM-DD",
            DateFormat::Dmy => "DD.MM.YYYY",
            DateFormat::DmySlash => "DD/MM/YYYY",
            DateFormat::Mdy => "MM/DD/YYYY",
            DateFormat::Ymd => "YYYYMMDD",
        }
    }

    /// The format of that name.
    pub fn from_name(s: &str) -> Option<Self> {
        [DateFormat::Iso, DateFormat::Dmy, DateFormat::DmySlash, DateFormat::Mdy, DateFormat::Ymd]
            .into_iter()
            .find(|f| f.as_str().eq_ignore_ascii_case(s))
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = (y - era * 400) as u32;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe as i32 - 719_468
}

/// (year, month, day) of a day number.
pub fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = (z - era * 146_097) as u32;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe as i32 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The day number of a valid date from 1900 to 2199, else None.
pub fn checked_days(y: i32, m: u32, d: u32) -> Option<i32> {
    ((1900..2200).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m))
        .then(|| days_from_civil(y, m, d))
}

/// Parses 1 to `max` ASCII digits.
fn digits(s: &[u8], max: usize) -> Option<u32> {
    if s.is_empty() || s.len() > max {
        return None;
    }
    let mut v = 0u32;
    for &c in s {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + (c - b'0') as u32;
    }
    Some(v)
}

/// Splits `a<sep>b<sep>c` into three parts.
fn three(s: &[u8], sep: u8) -> Option<(&[u8], &[u8], &[u8])> {
    let mut parts = s.splitn(3, |&c| c == sep);
    Some((parts.next()?, parts.next()?, parts.next()?))
}

/// Parses a date in `format`; None when it is not a valid date of that format.
pub fn parse(s: &[u8], format: DateFormat) -> Option<i32> {
    match format {
        DateFormat::Iso if s.len() == 10 && s[4] == b'-' && s[7] == b'-' => {
            // The common case, without splitting.
            let d = |i: usize| s[i].wrapping_sub(b'0') as u32;
            if [0, 1, 2, 3, 5, 6, 8, 9].iter().any(|&i| d(i) > 9) {
                return None;
            }
            let y = (d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3)) as i32;
            checked_days(y, d(5) * 10 + d(6), d(8) * 10 + d(9))
        }
        DateFormat::Iso => {
            // Ignore a time: 2024-01-31T10:00:00, 2024-01-31 10:00
            let end = s.iter().position(|&c| c == b'T' || c == b' ').unwrap_or(s.len());
            let s = &s[..end];
            let sep = *s.get(4)?;
            if sep != b'-' && sep != b'/' {
                return None;
            }
            let (y, m, d) = three(s, sep)?;
            (y.len() == 4).then_some(())?;
            checked_days(digits(y, 4)? as i32, digits(m, 2)?, digits(d, 2)?)
        }
        DateFormat::Dmy | DateFormat::DmySlash | DateFormat::Mdy => {
            let end = s.iter().position(|&c| c == b' ').unwrap_or(s.len());
            let sep = if format == DateFormat::Dmy { b'.' } else { b'/' };
            let (a, b, y) = three(&s[..end], sep)?;
            (y.len() == 4).then_some(())?;
            let (d, m) = if format == DateFormat::Mdy { (b, a) } else { (a, b) };
            checked_days(digits(y, 4)? as i32, digits(m, 2)?, digits(d, 2)?)
        }
        DateFormat::Ymd => {
            (s.len() == 8).then_some(())?;
            checked_days(digits(&s[..4], 4)? as i32, digits(&s[4..6], 2)?, digits(&s[6..], 2)?)
        }
    }
}

/// What a sample of date texts says about their format: the format that reads the most of
/// them (at least half: a bad row must not hide the format), and whether it was a guess
/// between day-first and month-first (every day and month part at most 12).
pub fn detect<'a>(samples: impl Iterator<Item = &'a [u8]>) -> Option<(DateFormat, bool)> {
    let samples: Vec<&[u8]> = samples.filter(|s| !s.is_empty()).collect();
    let count = |f: DateFormat| samples.iter().filter(|s| parse(s, f).is_some()).count();
    let formats = [DateFormat::Iso, DateFormat::Ymd, DateFormat::Dmy, DateFormat::Mdy, DateFormat::DmySlash];
    let counts = formats.map(count);
    let (best, n) = formats.into_iter().zip(counts).rev().max_by_key(|&(_, n)| n)?; // the first on a tie
    if n == 0 || n * 2 < samples.len() {
        return None;
    }
    let ambiguous = best == DateFormat::Mdy && counts[4] == n;
    Some((best, ambiguous))
}

/// `YYYY-MM-DD` of a day number.
pub fn iso(day: i32) -> String {
    let (y, m, d) = civil_from_days(day);
    let mut s = String::with_capacity(10);
    push_digits(&mut s, y as u32, 4);
    s.push('-');
    push_digits(&mut s, m, 2);
    s.push('-');
    push_digits(&mut s, d, 2);
    s
}

/// `YYYY-MM` of a month number (year × 12 + month − 1).
pub fn iso_month(month: i32) -> String {
    let mut s = String::with_capacity(7);
    push_digits(&mut s, month.div_euclid(12) as u32, 4);
    s.push('-');
    push_digits(&mut s, month.rem_euclid(12) as u32 + 1, 2);
    s
}

/// The month number (year × 12 + month − 1) of a day number.
pub fn month_of(day: i32) -> i32 {
    let (y, m, _) = civil_from_days(day);
    y * 12 + m as i32 - 1
}

/// The month of a day number as [`month_of`] gives it, with the days it spans: its first day
/// and the first day of the next month.
pub fn month_span(day: i32) -> (i32, i32, i32) {
    let (y, m, d) = civil_from_days(day);
    let next = if m == 12 { days_from_civil(y + 1, 1, 1) } else { days_from_civil(y, m + 1, 1) };
    (day + 1 - d as i32, next, y * 12 + m as i32 - 1)
}

fn push_digits(s: &mut String, v: u32, width: u32) {
    for i in (0..width).rev() {
        s.push((b'0' + (v / 10u32.pow(i) % 10) as u8) as char);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_known_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1997, 1, 1), 9_862);
        for z in [-25_567, 0, 9_862, 10_407, 60_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(iso(10_407), "1998-06-30");
        assert_eq!(iso_month(month_of(10_407)), "1998-06");
    }

    #[test]
    fn parses_every_format_and_rejects_impossible_dates() {
        let d = days_from_civil(2024, 2, 29);
        assert_eq!(parse(b"2024-02-29", DateFormat::Iso), Some(d));
        assert_eq!(parse(b"2024/02/29 13:45", DateFormat::Iso), Some(d));
        assert_eq!(parse(b"2024-02-29T10:00:00Z", DateFormat::Iso), Some(d));
        assert_eq!(parse(b"29.02.2024", DateFormat::Dmy), Some(d));
        assert_eq!(parse(b"9.2.2024", DateFormat::Dmy), Some(days_from_civil(2024, 2, 9)));
        assert_eq!(parse(b"02/29/2024", DateFormat::Mdy), Some(d));
        assert_eq!(parse(b"29/02/2024", DateFormat::DmySlash), Some(d));
        assert_eq!(parse(b"20240229", DateFormat::Ymd), Some(d));
        for bad in [&b"2023-02-29"[..], b"2024-13-01", b"2024-00-10", b"24-01-01", b"2024-1", b"", b"abcd-ef-gh"] {
            assert_eq!(parse(bad, DateFormat::Iso), None, "{bad:?}");
        }
        assert_eq!(parse(b"31.04.2024", DateFormat::Dmy), None);
        assert_eq!(parse(b"1899-12-31", DateFormat::Iso), None);
        assert_eq!(parse(b"2024022", DateFormat::Ymd), None);
    }

    #[test]
    fn detects_the_format_and_flags_ambiguity() {
        let s = |v: &[&'static str]| v.iter().map(|x| x.as_bytes()).collect::<Vec<_>>().into_iter();
        assert_eq!(detect(s(&["2024-01-02", "2024-12-31"])), Some((DateFormat::Iso, false)));
        assert_eq!(detect(s(&["19970101", "19980630"])), Some((DateFormat::Ymd, false)));
        assert_eq!(detect(s(&["31.12.2024", "01.02.2024"])), Some((DateFormat::Dmy, false)));
        assert_eq!(detect(s(&["12/31/2024", "01/02/2024"])), Some((DateFormat::Mdy, false)));
        assert_eq!(detect(s(&["31/12/2024", "01/02/2024"])), Some((DateFormat::DmySlash, false)));
        assert_eq!(detect(s(&["01/02/2024", "03/04/2024"])), Some((DateFormat::Mdy, true)));
        assert_eq!(detect(s(&["yesterday"])), None);
        // A bad row does not hide the format.
        assert_eq!(detect(s(&["31.01.2024", "30.02.2024", "01.03.2024"])), Some((DateFormat::Dmy, false)));
    }
}
