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
    use std::fmt::Write;
    let _ = write!(out, "{y:04}-{m:02}-{d:02}");
}

/// The date in `s` as year, month and day (what [`parse`] reads), without allocating:
/// it is read for every row of an export.
pub fn ymd(s: &str) -> Option<(i64, u32, u32)> {
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
    use super::parse;

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
