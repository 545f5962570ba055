//! CSV: tidy tables for spreadsheets, one observation per row, a header row always.
//! To standard output the main table (`scores.csv`, or `waves.csv` for a trend); to a
//! folder (`--out DIR/`) every table. The shapes are documented in docs/CSV.md.
//!
//! Text cells are untrusted: control characters and bidi overrides are removed, and a
//! cell that a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a
//! tab or a carriage return) gets a leading apostrophe. Number cells are written from
//! numbers, never from text, so they stay numbers (a gap of -12.5 stays -12.5).
//!
//! One file per report kind (`single.rs`, `group.rs`, `trend.rs`), each making its
//! tables; `cells.rs` holds the table being written, the cell formats and the headers
//! the single and group tables share.

mod cells;
mod group;
mod single;
mod trend;

pub use cells::text;

use super::{Document, Renderer, Sink};
use crate::error::{Error, Result};
use crate::gates::{Action, Bound, GateSummary, Status, Unit};
use crate::report::Report;
use cells::{Maker, Table, made, num, opt};

/// CSV: the main table to standard output, every table to a folder.
pub struct Csv;

impl Renderer for Csv {
    fn file_name(&self) -> &'static str {
        "scores.csv"
    }

    /// The main table only: the others are never made.
    fn render(&self, doc: &Document) -> Result<String> {
        match tables(doc).into_iter().next() {
            Some(make) => Ok(make().into_csv()?.1),
            None => Ok(String::new()),
        }
    }

    fn render_each(&self, doc: &Document, _main: &str, sink: &mut Sink<'_>) -> Result<()> {
        for make in tables(doc) {
            let (name, csv) = make().into_csv()?;
            sink(&name, &mut |w| {
                w.write_all(csv.as_bytes()).map_err(Error::unnamed)
            })?;
        }
        Ok(())
    }
}

const GATES: &[&str] = &[
    "rule",
    "action",
    "expected",
    "found",
    "status",
    "threshold",
    "value",
    "unit",
    "bound",
];

/// Every table for the document, the main one first, each made when called.
fn tables(doc: &Document) -> Vec<Maker<'_>> {
    let mut out = match &doc.report {
        Report::Single(r) => made(single::tables(r)),
        Report::Group(r) => group::tables(r),
        Report::Trend(r) => made(trend::tables(r)),
    };
    if let Some(g) = &doc.gates {
        out.push(Box::new(move || gates(g)));
    }
    out
}

fn gates(g: &GateSummary) -> Table {
    let mut t = Table::new("gates.csv", GATES);
    for r in &g.results {
        t.row(vec![
            text(&r.rule),
            match r.action {
                Action::Fail => "fail",
                Action::Warn => "warn",
            }
            .into(),
            text(&r.expected),
            text(&r.found),
            match r.status {
                Status::Pass => "pass",
                Status::Warn => "warn",
                Status::Fail => "fail",
            }
            .into(),
            num(r.threshold),
            opt(r.value),
            match r.unit {
                Unit::Points => "points",
                Unit::Severity => "severity",
                Unit::Respondents => "respondents",
                Unit::Days => "days",
            }
            .into(),
            match r.bound {
                Bound::Min => "min",
                Bound::Max => "max",
            }
            .into(),
        ]);
    }
    t
}
