//! HTML: one self-contained page (inline CSS and SVG, no script, nothing fetched) for a
//! projector, a browser or paper. Built with maud, which escapes every interpolated
//! string; user text is also passed through [`plain`](crate::sanitize::plain) so control
//! characters and bidirectional overrides cannot reach the page.
//!
//! One file per page kind (`single.rs`, `group.rs`, `trend.rs`); `page.rs` holds what
//! every page shares (styles, the skeleton with its contents and gate box, small text
//! helpers) and `charts.rs` the charts' data, which the slides draw too.

pub(super) mod charts;
mod group;
mod page;
mod single;
mod trend;

use super::{Document, Renderer};
use crate::error::Result;
use crate::report::Report;

/// HTML: a complete page, ending in a newline.
pub struct Html;

impl Renderer for Html {
    fn file_name(&self) -> &'static str {
        "report.html"
    }

    fn render(&self, doc: &Document) -> Result<String> {
        let page = match &doc.report {
            Report::Single(r) => single::page(r, doc.gates.as_ref()),
            Report::Group(r) => group::page(r, doc.gates.as_ref()),
            Report::Trend(r) => trend::page(r, doc.gates.as_ref()),
        };
        let mut s = page.into_string();
        s.push('\n');
        Ok(s)
    }
}
