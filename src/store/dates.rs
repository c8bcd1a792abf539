//! Dates are stored as ISO text; reading them is on the queue's hot path, so a small
//! fixed-format parser instead of chrono's general one.

use crate::domain::Date;
use chrono::Datelike;

pub fn parse(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + (c - b'0') as u32)
        })
    };
    Date::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

/// `YYYY-MM-DD`, written digit by digit: an import formats several dates a row,
/// and `format!` was a twentieth of its time.
pub fn fmt(d: Date) -> String {
    let (y, m, day) = (d.year(), d.month(), d.day());
    if !(0..=9999).contains(&y) {
        return format!("{y:04}-{m:02}-{day:02}");
    }
    let y = y as u32;
    let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
    let mut s = String::with_capacity(10);
    for c in [
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        '-',
        digit(m / 10),
        digit(m),
        '-',
        digit(day / 10),
        digit(day),
    ] {
        s.push(c);
    }
    s
}

pub fn fmt_opt(d: Option<Date>) -> Option<String> {
    d.map(fmt)
}

#[cfg(test)]
mod tests {
    #[test]
    fn iso_only() {
        assert_eq!(
            super::parse("2026-02-28").map(super::fmt).as_deref(),
            Some("2026-02-28")
        );
        assert_eq!(super::parse("2026-02-30"), None);
        assert_eq!(super::parse("2026/02/28"), None);
        assert_eq!(super::parse("26-02-28"), None);
    }
}
