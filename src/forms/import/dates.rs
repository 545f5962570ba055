//! Dates as the tools write them: ISO (`2026-10-12`, `2026-10-12T14:03:11Z`), Google
//! Forms' `2026/10/12 2:03:11 PM GMT+2`, a spreadsheet's `10/12/2026 14:03:11` (month
//! first, unless the first number cannot be a month), `12.10.2026`, and Excel serial
//! day numbers (`46307.58`). Only the date is kept.

use jiff::civil::Date;

pub const EXPECTED: &str = "expected a date such as 2026-10-12, 2026/10/12 14:03:11 or 10/12/2026";

pub fn parse(s: &str) -> Option<String> {
    ymd(s).map(|d| d.to_string())
}

/// `2026-10-12`, appended.
pub fn write(out: &mut String, date: Date) {
    use std::fmt::Write;
    let _ = write!(out, "{date}");
}

/// The date in `s` (what [`parse`] reads).
pub fn ymd(s: &str) -> Option<Date> {
    let s = s.trim();
    // Day, month and year first, the common case: no text read so parses as a number
    // (it has two separators, each between digits).
    Numbers::read(s)
        .and_then(|n| n.date())
        .or_else(|| serial_ymd(s.parse::<f64>().ok()?))
}

/// The three numbers of `2026-10-12`, `2026/10/12`, `10/12/2026` or `12.10.2026`, up to
/// the first space or `T`, as written: which is the year, the month and the day is
/// [`Numbers::order`]'s to say.
struct Numbers {
    n: [u32; 3],
    /// How many digits each number has.
    digits: [usize; 3],
    /// Whether a dot separates them (`12.10.2026`: day first).
    dot: bool,
}

impl Numbers {
    /// Read a byte at a time: splitting the text for every row shows in imports.
    fn read(s: &str) -> Option<Numbers> {
        let mut n = [0u32; 3];
        let mut digits = [0usize; 3];
        let (mut at, mut dot) = (0, false);
        for &b in s.as_bytes() {
            match b {
                b' ' | b'T' => break,
                b'0'..=b'9' => {
                    n[at] = n[at].checked_mul(10)?.checked_add(u32::from(b - b'0'))?;
                    digits[at] += 1;
                }
                b'-' | b'/' | b'.' if digits[at] > 0 && at < 2 => {
                    dot |= b == b'.';
                    at += 1;
                }
                _ => return None,
            }
        }
        (at == 2 && digits[2] > 0).then_some(Numbers { n, digits, dot })
    }

    /// Year, month and day: a four-digit year leads (`2026-10-12`, year, month, day) or
    /// ends the date; then the day leads after dots or when the first number cannot
    /// be a month (`13/10/2026`), else the month does (`10/12/2026`).
    fn order(&self) -> Option<(u32, u32, u32)> {
        let n = self.n;
        if self.digits[0] == 4 {
            Some((n[0], n[1], n[2]))
        } else if self.digits[2] != 4 {
            None
        } else if self.dot || n[0] > 12 {
            Some((n[2], n[1], n[0]))
        } else {
            Some((n[2], n[0], n[1]))
        }
    }

    /// The day they name, when it exists and its year has four digits.
    fn date(&self) -> Option<Date> {
        let (y, m, d) = self.order()?;
        valid(y, m, d)
    }
}

/// The day `y`-`m`-`d` in years 1000 to 9999, when the calendar has it.
fn valid(y: u32, m: u32, d: u32) -> Option<Date> {
    if !(1000..=9999).contains(&y) {
        return None;
    }
    Date::new(
        i16::try_from(y).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(d).ok()?,
    )
    .ok()
}

/// An Excel serial date (days since 1899-12-30, as Excel counts after February 1900).
pub fn from_serial(serial: f64) -> Option<String> {
    serial_ymd(serial).map(|d| d.to_string())
}

fn serial_ymd(serial: f64) -> Option<Date> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = jiff::Span::new().try_days(serial.floor() as i64).ok()?;
    jiff::civil::date(1899, 12, 30).checked_add(days).ok()
}

#[cfg(test)]
mod tests {
    use super::{parse, serial_ymd, valid, write, ymd};
    use proptest::prelude::*;

    /// The reading of dates before it was made byte by byte, to compare with.
    fn split_ymd(s: &str) -> Option<jiff::civil::Date> {
        let s = s.trim();
        let head = s.split([' ', 'T']).next()?;
        if let Ok(serial) = s.parse::<f64>() {
            return serial_ymd(serial);
        }
        let mut nums = [""; 3];
        let mut count = 0;
        for n in head.split(['-', '/', '.']) {
            if count == 3 || n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            nums[count] = n;
            count += 1;
        }
        if count != 3 {
            return None;
        }
        let mut n = [0u32; 3];
        for (v, s) in n.iter_mut().zip(nums) {
            *v = s.parse().ok()?;
        }
        let (y, m, d) = if nums[0].len() == 4 {
            (n[0], n[1], n[2])
        } else if nums[2].len() == 4 {
            if head.contains('.') || n[0] > 12 {
                (n[2], n[1], n[0])
            } else {
                (n[2], n[0], n[1])
            }
        } else {
            return None;
        };
        valid(y, m, d)
    }

    proptest! {
        #[test]
        fn written_yyyy_mm_dd(y in 1000u32..10_000, m in 1u32..13, d in 1u32..29) {
            let mut out = String::from("x");
            write(&mut out, valid(y, m, d).unwrap());
            prop_assert_eq!(out, format!("x{y:04}-{m:02}-{d:02}"));
        }

        #[test]
        fn read_as_before(s in "[ 0-9./T:eE+-]{0,24}|\\PC{0,12}") {
            prop_assert_eq!(ymd(&s), split_ymd(&s));
        }

        #[test]
        fn dates_read_as_before(y in 0u32..100_000, m in 0u32..40, d in 0u32..40, sep in "[-/.]", rest in "( [0-9:]{0,8}| ?[AP]M|T[0-9:]{0,8})?") {
            for s in [format!("{y}{sep}{m}{sep}{d}{rest}"), format!("{d}{sep}{m}{sep}{y}{rest}"), format!("{m:02}{sep}{d:02}{sep}{y:04}{rest}")] {
                prop_assert_eq!(ymd(&s), split_ymd(&s));
            }
        }
    }

    #[test]
    fn the_tools_dates() {
        assert_eq!(parse("2026-10-12").as_deref(), Some("2026-10-12"));
        assert_eq!(
            parse("2026-10-12T14:03:11.000Z").as_deref(),
            Some("2026-10-12")
        );
        assert_eq!(
            parse("2026/10/12 2:03:11 PM GMT+2").as_deref(),
            Some("2026-10-12")
        );
        assert_eq!(parse("10/12/2026 14:03:11").as_deref(), Some("2026-10-12"));
        assert_eq!(parse("13/10/2026").as_deref(), Some("2026-10-13"));
        assert_eq!(parse("12.10.2026 09:00").as_deref(), Some("2026-10-12"));
        assert_eq!(parse("46307.5847").as_deref(), Some("2026-10-12"));
        assert_eq!(parse("61").as_deref(), Some("1900-03-01"));
        assert_eq!(parse("2026-02-30"), None);
        assert_eq!(parse("soon"), None);
        assert_eq!(parse("1e308"), None);
        assert_eq!(parse("2024-02-29").as_deref(), Some("2024-02-29"));
        assert_eq!(parse("29.02.1900"), None);
        assert_eq!(parse("0999-12-31"), None);
    }

    #[test]
    fn excel_serial_days() {
        use super::from_serial;
        for (serial, want) in [
            (1.0, Some("1899-12-31")),
            (60.0, Some("1900-02-28")),
            (61.0, Some("1900-03-01")),
            (25_569.0, Some("1970-01-01")),
            (46_307.999, Some("2026-10-12")),
            (2_958_465.5, Some("9999-12-31")),
            (2_958_466.0, None),
            (0.99, None),
            (-5.0, None),
            (f64::NAN, None),
        ] {
            assert_eq!(from_serial(serial).as_deref(), want, "{serial}");
        }
    }
}
