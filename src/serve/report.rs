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
    /// No breakdown for fewer than N people (`--min-group`; 3 with `anonymous`): roles
    /// under it are folded together by the report.
    pub min_group: Option<usize>,
}

impl ReportOptions {
    /// The minimum group size every page obeys: `--min-group`, or 3 with `--anonymous`,
    /// as the report itself applies it.
    pub fn effective_min_group(&self) -> Option<usize> {
        crate::report::group::Privacy::new(self.anonymous, self.min_group).min_group
    }
}

/// What the report page can show.
#[derive(Debug, Clone, PartialEq)]
pub enum GroupPage {
    /// No answers files yet.
    Empty,
    /// Fewer respondents than `--min-group`: (how many there are).
    TooFew(usize),
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
    let opts = LoadOptions {
        questionnaire: Some(q),
        anonymous: o.anonymous,
        min_group: o.min_group,
        ..Default::default()
    };
    let rep = match load::build_report(&[dir.to_path_buf()], &opts) {
        Ok(b) => b.report,
        // Participants who joined but have not answered yet: blank files only.
        Err(crate::error::Error::Input(m)) if m.starts_with(load::NO_ANSWERS) => {
            return Ok(GroupPage::Empty);
        }
        Err(e) => return Err(e),
    };
    // Roles under the minimum are folded by the report itself; a whole group under it
    // is not shown at all.
    if let (Report::Group(g), Some(n)) = (&rep, opts.privacy().min_group)
        && g.respondents < n
    {
        return Ok(GroupPage::TooFew(g.respondents));
    }
    let doc = Document {
        report: rep,
        gates: None,
    };
    let html = render::renderer(Format::Html, TextOptions::default()).render(&doc)?;
    Ok(GroupPage::Html(html))
}
