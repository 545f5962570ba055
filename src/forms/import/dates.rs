//! Dates as the tools write them: ISO (`2026-10-12`, `2026-10-12T14:03:11Z`), Google
//! Forms' `2026/10/12 2:03:11 PM GMT+2`, a spreadsheet's `10/12/2026 14:03:11` (month
//! first, unless the first number cannot be a month), `12.10.2026`, and Excel serial
//! day numbers (`46307.58`). Only the date is kept.

pub const EXPECTED: &str = "expected a date such as 2026-10-12, 2026/10/12 14:03:11 or 10/12/2026";

pub fn parse(s: &str) -> Option<String> {
    let mut out = String::new();
    write(&mut out, ymd(s)?);
    Some(out)
}

/// `2026-10-12`, appended.
pub fn write(out: &mut String, (y, m, d): (i64, u32, u32)) {
    // Written digit by digit: formatting machinery for every row shows in imports.
    if let (Ok(y @ 0..=9999), 1..=12, 1..=31) = (u16::try_from(y), m, d) {
        let digit = |v: u32| b'0' + (v % 10) as u8;
        let y = u32::from(y);
        let text = [
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            digit(m / 10),
            digit(m),
            b'-',
            digit(d / 10),
            digit(d),
        ];
        out.push_str(std::str::from_utf8(&text).unwrap_or_default());
    } else {
        use std::fmt::Write;
        let _ = write!(out, "{y:04}-{m:02}-{d:02}");
    }
}

/// The date in `s` as year, month and day (what [`parse`] reads), without allocating:
/// it is read for every row of an export.
pub fn ymd(s: &str) -> Option<(i64, u32, u32)> {
    let s = s.trim();
    // Day, month and year first, the common case: no text read so parses as a number
    // (it has two separators, each between digits).
    day_month_year(s).or_else(|| serial_ymd(s.parse::<f64>().ok()?))
}

/// `2026-10-12`, `2026/10/12`, `10/12/2026` or `12.10.2026`, up to the first space or
/// `T`: three numbers of digits, read a byte at a time (splitting the text for every
/// row shows in imports).
fn day_month_year(s: &str) -> Option<(i64, u32, u32)> {
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
    if at != 2 || digits[2] == 0 {
        return None;
    }
    let (y, m, d) = if digits[0] == 4 {
        (n[0], n[1], n[2])
    } else if digits[2] == 4 {
        if dot || n[0] > 12 {
            (n[2], n[1], n[0])
        } else {
            (n[2], n[0], n[1])
        }
    } else {
        return None;
    };
    valid(y, m, d).then_some((i64::from(y), m, d))
}

fn valid(y: u32, m: u32, d: u32) -> bool {
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        _ => return false,
    };
    (1000..=9999).contains(&y) && (1..=days).contains(&d)
}

/// An Excel serial date (days since 1899-12-30, as Excel counts after February 1900).
pub fn from_serial(serial: f64) -> Option<String> {
    let mut out = String::new();
    write(&mut out, serial_ymd(serial)?);
    Some(out)
}

fn serial_ymd(serial: f64) -> Option<(i64, u32, u32)> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64 - 25_569; // days from 1970-01-01
    Some(civil(days))
}

/// Days since 1970-01-01 to a date (Howard Hinnant's algorithm).
fn civil(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::{parse, serial_ymd, valid, write, ymd};
    use proptest::prelude::*;

    /// The reading of dates before it was made byte by byte, to compare with.
    fn split_ymd(s: &str) -> Option<(i64, u32, u32)> {
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
        valid(y, m, d).then_some((i64::from(y), m, d))
    }

    proptest! {
        #[test]
        fn written_as_formatted(y in -20_000i64..20_000, m in 0u32..120, d in 0u32..120) {
            let mut out = String::from("x");
            write(&mut out, (y, m, d));
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
    }
}
