//! The group report the facilitator shows: the existing HTML report of the folder as it
//! stands, built in exactly one place so the privacy options reach it together.

use crate::error::Result;
use crate::load::{self, ReportOptions as LoadOptions};
use crate::questionnaire::Questionnaire;
use crate::render::{self, Document, Format, TextOptions};
use crate::report::Report;
use std::path::Path;

/// The privacy and questionnaire options every report the server builds obeys.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportOptions {
    /// No names, file names or dates of respondents.
    pub anonymous: bool,
    /// No breakdown for fewer than N people (`--min-group`).
    pub min_group: Option<usize>,
}

/// What the report page can show.
#[derive(Debug, Clone, PartialEq)]
pub enum GroupPage {
    /// No answers files yet.
    Empty,
    /// Fewer respondents than `--min-group`: (how many there are).
    TooFew(usize),
    /// A role (or the respondents without one) has fewer than `--min-group` people,
    /// and the report breaks results down by role: held back until the report can fold
    /// small roles itself (issue 13), rather than shown with a small role singled out.
    SmallRole {
        role: String,
        respondents: usize,
    },
    Html(String),
}

/// Scores the folder as a group and renders the HTML report.
pub fn group_report(dir: &Path, q: &Questionnaire, o: &ReportOptions) -> Result<GroupPage> {
    let has_answers = std::fs::read_dir(dir)
        .map_err(|e| crate::error::Error::io(dir, e))?
        .filter_map(|e| e.ok())
        .any(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            !name.starts_with('.') && name.ends_with(".toml")
        });
    if !has_answers {
        return Ok(GroupPage::Empty);
    }
    let rep = load::build_report(
        &[dir.to_path_buf()],
        &LoadOptions {
            questionnaire: Some(q),
            anonymous: o.anonymous,
            ..Default::default()
        },
    )?
    .report;
    if let (Report::Group(g), Some(n)) = (&rep, o.min_group) {
        if g.respondents < n {
            return Ok(GroupPage::TooFew(g.respondents));
        }
        if let Some(r) = g.roles.iter().find(|r| r.respondents < n) {
            return Ok(GroupPage::SmallRole {
                role: r.name.clone(),
                respondents: r.respondents,
            });
        }
    }
    let doc = Document {
        report: rep,
        gates: None,
    };
    let html = render::renderer(Format::Html, TextOptions::default()).render(&doc)?;
    Ok(GroupPage::Html(html))
}
