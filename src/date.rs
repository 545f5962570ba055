//! Calendar dates as answers files write them (YYYY-MM-DD), from the system clock.

/// The environment variable that fixes "today" (YYYY-MM-DD) for tests and for
/// re-running an old job reproducibly; the system clock otherwise.
pub const TODAY_VAR: &str = "TANDEM_TODAY";

/// Today's date (UTC) as YYYY-MM-DD, or `TANDEM_TODAY` when it holds a valid date.
pub fn today() -> String {
    if let Ok(v) = std::env::var(TODAY_VAR)
        && days_from_date(v.trim()).is_some()
    {
        return v.trim().to_string();
    }
    clock_today()
}

/// The system clock's date (UTC).
fn clock_today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// A proleptic Gregorian date to days since 1970-01-01 (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Days since 1970-01-01 of a YYYY-MM-DD date; `None` when it is not a real date.
pub fn days_from_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let t = s.get(r)?;
        t.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| t.parse().ok())?
    };
    let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let days = days_from_civil(i64::from(y), m, d);
    // A day that does not exist (2026-02-30) comes back as another date.
    (civil_from_days(days) == (i64::from(y), m, d)).then_some(days)
}

/// Days from `from` to `to` (both YYYY-MM-DD): positive when `to` is later.
pub fn days_between(from: &str, to: &str) -> Option<i64> {
    Some(days_from_date(to)? - days_from_date(from)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(20_414), (2025, 11, 22));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn days_round_trip_and_differences() {
        for z in [-800_000, -1, 0, 11_016, 19_723, 20_414, 2_000_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        // 2026-09-30 to 2026-12-31: 31 (Oct) + 30 (Nov) + 31 (Dec) = 92 days.
        assert_eq!(days_between("2026-09-30", "2026-12-31"), Some(92));
        assert_eq!(days_between("2026-12-31", "2026-09-30"), Some(-92));
        assert_eq!(days_from_date("2026-02-29"), None);
        assert_eq!(days_from_date("2026-1-01"), None);
        assert_eq!(days_from_date("2024-02-29"), Some(19_782));
    }
}
