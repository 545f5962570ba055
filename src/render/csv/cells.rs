//! The table being written and its cells: text made inert, numbers as numbers, and
//! the headers of the tables the single and group reports share.

use crate::error::{Error, Result};
use crate::numfmt;
use crate::sanitize::plain;

/// A text cell: inert for terminals and spreadsheets. Leading spaces are looked past,
/// since some spreadsheets trim them on import.
pub fn text(s: &str) -> String {
    let s = plain(s);
    match s.trim_start_matches(' ').chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s,
    }
}

/// A score, severity or gap: one decimal, never `-0.0`.
pub(super) fn num(v: f64) -> String {
    numfmt::n1(v)
}

/// A number that may be missing: empty when it is.
pub(super) fn opt(v: Option<f64>) -> String {
    v.map(num).unwrap_or_default()
}

/// Evidence amounts and other figures that are usually whole: as short as exact.
pub(super) fn amount(v: f64) -> String {
    numfmt::whole(v)
}

/// A yes/no cell.
pub(super) fn flag(b: bool) -> String {
    if b { "true" } else { "false" }.to_string()
}

/// One CSV file, its rows written as they are added (a table of 100,000 people is held
/// as its CSV text, not as cells).
pub(super) struct Table {
    name: &'static str,
    header: &'static [&'static str],
    w: csv::Writer<Vec<u8>>,
    error: Option<csv::Error>,
}

/// Makes one table when called: a folder's tables are made one at a time.
pub(super) type Maker<'a> = Box<dyn FnOnce() -> Table + 'a>;

/// Makers for tables already made (the small reports).
pub(super) fn made<'a>(tables: Vec<Table>) -> Vec<Maker<'a>> {
    tables
        .into_iter()
        .map(|t| Box::new(move || t) as Maker<'a>)
        .collect()
}

impl Table {
    pub(super) fn new(name: &'static str, header: &'static [&'static str]) -> Self {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let error = w.write_record(header).err();
        Table {
            name,
            header,
            w,
            error,
        }
    }

    pub(super) fn row(&mut self, cells: Vec<String>) {
        debug_assert_eq!(cells.len(), self.header.len(), "{}", self.name);
        if let Err(e) = self.w.write_record(&cells) {
            self.error.get_or_insert(e);
        }
    }

    pub(super) fn into_csv(self) -> Result<(String, String)> {
        if let Some(e) = self.error {
            return Err(Error::Input(format!("cannot write CSV: {e}")));
        }
        let bytes = self
            .w
            .into_inner()
            .map_err(|e| Error::Input(format!("cannot write CSV: {e}")))?;
        let s =
            String::from_utf8(bytes).map_err(|e| Error::Input(format!("cannot write CSV: {e}")))?;
        Ok((self.name.to_string(), s))
    }
}

// The headers of the tables that single and group reports both write (docs/CSV.md).
pub(super) const SCORES: &[&str] = &[
    "scope",
    "role",
    "dimension",
    "dimension_name",
    "score",
    "spread",
    "respondents",
];
pub(super) const CAUSES: &[&str] = &[
    "rank",
    "cause",
    "cause_name",
    "severity",
    "in_top3",
    "respondents",
    "evidence_received",
    "evidence_possible",
    "with_evidence",
    "answers",
    "unanswered",
    "strongest_missing",
    "tied_with_top",
    "own",
];
pub(super) const LEVELS: &[&str] = &[
    "scope",
    "role",
    "of",
    "value",
    "level",
    "level_by_score",
    "held_back_by",
];
pub(super) const CHECKLIST: &[&str] = &[
    "question",
    "question_text",
    "item",
    "item_label",
    "scope",
    "ticked",
    "answered",
    "percent",
];
pub(super) const LADDER: &[&str] = &[
    "scope",
    "step",
    "step_id",
    "step_label",
    "today",
    "wish",
    "survey_wish_percent",
];
pub(super) const FINDINGS: &[&str] = &["finding", "name", "scope", "insight"];
pub(super) const FIVE_WHYS: &[&str] = &[
    "chain",
    "respondent",
    "role",
    "cause",
    "cause_name",
    "step",
    "text",
];
pub(super) const RESPONDENTS: &[&str] = &[
    "number", "name", "file", "role", "date", "overall", "complete", "missing",
];

/// A ladder step's survey share, when the questionnaire cites one.
pub(super) fn ladder_bench(b: Option<f64>) -> String {
    b.map(amount).unwrap_or_default()
}

/// A `raw_total` row of scores.csv: a raw-sum instrument's own number (not 0–100).
pub(super) fn raw_row(scope: String, role: String, raw: f64) -> Vec<String> {
    vec![
        scope,
        role,
        "raw_total".into(),
        "Raw total".into(),
        num(raw),
        String::new(),
        "1".into(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_controls_removed() {
        assert_eq!(text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text("+cmd"), "'+cmd");
        assert_eq!(text("-1+2"), "'-1+2");
        assert_eq!(text("@SUM(1)"), "'@SUM(1)");
        assert_eq!(text("a\u{1b}[31mb"), "a[31mb");
        assert_eq!(text("Sales"), "Sales");
        assert_eq!(text("\t=1+1"), "' =1+1");
        assert_eq!(text("  @x"), "'  @x");
        assert_eq!(num(-12.54), "-12.5");
        assert_eq!(num(-0.01), "0.0");
    }

    #[test]
    fn tables_quote_what_needs_quoting() {
        let mut t = Table::new("x.csv", &["a", "b"]);
        t.row(vec![text("one, two"), num(-3.0)]);
        t.row(vec![text("say \"hi\"\nthere"), String::new()]);
        let (name, s) = t.into_csv().unwrap();
        assert_eq!(name, "x.csv");
        assert_eq!(s, "a,b\n\"one, two\",-3.0\n\"say \"\"hi\"\" there\",\n");
    }
}
