//! Calendar dates as answers files write them (YYYY-MM-DD), from the system clock. The
//! calendar itself is jiff's (`civil::Date`): the one place dates are checked, counted
//! and written, here and in form imports.

use jiff::civil::Date;

/// The environment variable that fixes "today" (YYYY-MM-DD) for tests and for
/// re-running an old job reproducibly; the system clock otherwise.
pub const TODAY_VAR: &str = "TANDEM_TODAY";

/// Today's date (UTC) as YYYY-MM-DD, or `TANDEM_TODAY` when it holds a valid date.
pub fn today() -> String {
    if let Ok(v) = std::env::var(TODAY_VAR)
        && parse(v.trim()).is_some()
    {
        return v.trim().to_string();
    }
    jiff::tz::TimeZone::UTC
        .to_datetime(jiff::Timestamp::now())
        .date()
        .to_string()
}

/// Whether `s` is written YYYY-MM-DD (ten characters, digits and two dashes), whether or
/// not that day exists.
pub fn well_formed(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, &c)| {
            if i == 4 || i == 7 {
                c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

/// The date `s` writes as YYYY-MM-DD; `None` when it is not written so or is not a day of
/// the (proleptic Gregorian) calendar, such as 2026-02-30.
pub fn parse(s: &str) -> Option<Date> {
    if !well_formed(s) {
        return None;
    }
    // Four and two digits: each fits its type.
    let num = |r: std::ops::Range<usize>| s[r].parse::<i16>().ok();
    Date::new(
        num(0..4)?,
        i8::try_from(num(5..7)?).ok()?,
        i8::try_from(num(8..10)?).ok()?,
    )
    .ok()
}

/// Days from `from` to `to` (both YYYY-MM-DD): positive when `to` is later.
pub fn days_between(from: &str, to: &str) -> Option<i64> {
    let (from, to) = (parse(from)?, parse(to)?);
    // Whole days of 24 hours: civil dates have no time zone.
    Some(to.duration_since(from).as_hours() / 24)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_only_when_written_yyyy_mm_dd_and_real() {
        assert_eq!(parse("2024-02-29"), Some(jiff::civil::date(2024, 2, 29)));
        assert_eq!(parse("0000-01-01"), Some(jiff::civil::date(0, 1, 1)));
        for bad in [
            "2026-02-29",
            "1900-02-29",
            "2026-1-01",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "2026/01/01",
            "+002026-01-01",
            "20260101",
            "2026-01-01T00:00",
            "２０２６-01-01",
            "",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
        assert!(well_formed("2026-02-30") && parse("2026-02-30").is_none());
        assert!(!well_formed("2026-2-300"));
    }

    #[test]
    fn days_between_dates() {
        // 2026-09-30 to 2026-12-31: 31 (Oct) + 30 (Nov) + 31 (Dec) = 92 days.
        assert_eq!(days_between("2026-09-30", "2026-12-31"), Some(92));
        assert_eq!(days_between("2026-12-31", "2026-09-30"), Some(-92));
        assert_eq!(days_between("1970-01-01", "2024-02-29"), Some(19_782));
        assert_eq!(days_between("2024-02-28", "2024-03-01"), Some(2));
        assert_eq!(days_between("2000-01-01", "9999-12-31"), Some(2_921_939));
        assert_eq!(days_between("2026-02-30", "2026-03-01"), None);
    }

    #[test]
    fn today_is_a_date_or_the_variable() {
        // The variable is read by the binary's tests (tests/gates.rs); here only the
        // clock's date, which must read back.
        assert!(parse(&today()).is_some());
    }
}
