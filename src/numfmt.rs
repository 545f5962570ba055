//! Number formatting for every renderer, in one place: scores with one decimal,
//! whole-ish figures as short as exact, percentages, signed changes and plurals.
//! Renderers pick a style; they never format a number of the report themselves. It
//! depends on nothing else in the crate, so the report model can use it too.

/// A score for people: one decimal, or an en dash when there is none.
pub fn score(v: Option<f64>) -> String {
    match v {
        Some(v) => format!("{v:.1}"),
        None => "–".to_string(),
    }
}

/// One decimal, never `-0.0` (SVG coordinates, CSV cells, HTML labels).
pub fn n1(v: f64) -> String {
    let v = (v * 10.0).round() / 10.0;
    if v == 0.0 {
        "0.0".to_string()
    } else {
        format!("{v:.1}")
    }
}

/// A number as short as exact: `3` rather than `3.0`, `2.5` as is.
pub fn short(v: f64) -> String {
    Short(v).to_string()
}

/// [`short`] as a value to format: written where it goes, without a string of its own.
pub struct Short(pub f64);

impl std::fmt::Display for Short {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let v = self.0;
        if v.fract() == 0.0 && v.abs() < 1e15 {
            write!(f, "{}", v as i64)
        } else if v.is_finite() && (v.abs() >= 1e15 || v.abs() < 1e-6) {
            // 1e308 written out is 309 digits: a message quoting it would be unreadable.
            write!(f, "{v:e}")
        } else {
            write!(f, "{v}")
        }
    }
}

/// Figures that are usually whole (evidence amounts, benchmarks, band limits): rounded
/// to two decimals, then as short as exact.
pub fn whole(v: f64) -> String {
    Whole(v).to_string()
}

/// [`whole`] as a value to format, like [`Short`].
pub struct Whole(pub f64);

impl std::fmt::Display for Whole {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let r = (self.0 * 100.0).round() / 100.0;
        Short(if r == 0.0 { 0.0 } else { r }).fmt(f)
    }
}

/// How a signed change is written; each output keeps the style it always had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sign {
    /// `+1.2`, `-1.2`, `0.0` (text).
    Ascii,
    /// `+1.2`, `-1.2`, `+0.0`: a sign always (Markdown tables).
    Always,
    /// `+1.2`, `−1.2` with a true minus sign, `0.0` (HTML).
    Typographic,
}

/// A change in points with one decimal, in the given style.
pub fn signed(v: f64, style: Sign) -> String {
    match style {
        Sign::Ascii if v > 0.0 => format!("+{v:.1}"),
        Sign::Ascii => format!("{v:.1}"),
        Sign::Always => format!("{v:+.1}"),
        Sign::Typographic => {
            let s = n1(v);
            if s == "0.0" {
                s
            } else if let Some(rest) = s.strip_prefix('-') {
                format!("−{rest}")
            } else {
                format!("+{s}")
            }
        }
    }
}

/// A change that may be missing: signed, or an en dash.
pub fn change(v: Option<f64>, style: Sign) -> String {
    v.map(|v| signed(v, style))
        .unwrap_or_else(|| "–".to_string())
}

/// A published share such as a survey benchmark: `38%`, or nothing when unknown.
pub fn share(v: Option<f64>) -> String {
    v.map(|v| format!("{}%", whole(v))).unwrap_or_default()
}

/// `ticked/answered (NN%)`, or an en dash when nobody answered.
pub fn pct(ticked: usize, answered: usize) -> String {
    if answered == 0 {
        "–".to_string()
    } else {
        format!(
            "{ticked}/{answered} ({:.0}%)",
            100.0 * ticked as f64 / answered as f64
        )
    }
}

/// `1 step`, `2 steps`: the count and the word that agrees with it.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The plural suffix alone: `""` for one, `"s"` otherwise.
pub fn s(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_styles() {
        assert_eq!(signed(1.24, Sign::Ascii), "+1.2");
        assert_eq!(signed(-3.0, Sign::Ascii), "-3.0");
        assert_eq!(signed(0.0, Sign::Ascii), "0.0");
        assert_eq!(signed(0.0, Sign::Always), "+0.0");
        assert_eq!(signed(-2.5, Sign::Typographic), "−2.5");
        assert_eq!(signed(-0.01, Sign::Typographic), "0.0");
        assert_eq!(change(None, Sign::Ascii), "–");
    }

    #[test]
    fn short_and_whole() {
        assert_eq!(short(3.0), "3");
        assert_eq!(short(2.5), "2.5");
        assert_eq!(whole(1.0 / 3.0), "0.33");
        assert_eq!(whole(-0.001), "0");
        assert_eq!(whole(2.0), "2");
        assert_eq!(short(1e300), "1e300");
        assert_eq!(
            format!("{} of {}", Whole(1.375), Short(-2.5)),
            "1.38 of -2.5"
        );
        assert_eq!(n1(-0.04), "0.0");
        assert_eq!(score(None), "–");
        assert_eq!(pct(1, 3), "1/3 (33%)");
        assert_eq!(pct(0, 0), "–");
        assert_eq!(plural(1, "step", "steps"), "1 step");
        assert_eq!(s(2), "s");
    }
}
