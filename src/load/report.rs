//! From paths to reports: one answers file is a single report, several files or a
//! folder a group, and a list of waves a trend.

use super::answers::{Against, read_answers};
use super::group::{incomplete, load_group};
use super::inputs::{Reserved, SkipReason, collect_reserved};
use crate::error::{Error, Result};
use crate::questionnaire::Questionnaire;
use crate::report::{self, Report};
use crate::scoring;
use std::path::{Path, PathBuf};

/// How answers are read into a report.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportOptions<'a> {
    /// `-q`: score against this questionnaire instead of the one the answers name.
    pub questionnaire: Option<&'a Questionnaire>,
    /// Look for answers files in subfolders.
    pub recursive: bool,
    /// Refuse incomplete answers files.
    pub strict: bool,
    /// Leave respondents' names, file names and dates out, and the per-respondent
    /// table; implies `min_group` 3 unless it is given.
    pub anonymous: bool,
    /// `--min-group`: roles with fewer respondents are folded together or left out.
    pub min_group: Option<usize>,
    /// Files to keep clear of: the `-q` file among the answers, the `--out` file.
    pub reserved: Option<&'a Reserved>,
}

/// How the error for a group of blank files begins.
pub const NO_ANSWERS: &str = "no answers to score";

impl ReportOptions<'_> {
    /// What a group report may show.
    pub fn privacy(&self) -> report::group::Privacy {
        report::group::Privacy::new(self.anonymous, self.min_group)
    }
}

/// A report and what was read to make it.
#[derive(Debug, Clone)]
pub struct Built {
    pub questionnaire: Questionnaire,
    pub report: Report,
    /// Paths the folder scans left out, and why.
    pub skipped: Vec<(PathBuf, SkipReason)>,
}

/// Scores one answers file (a single report) or several files and folders (a group).
pub fn build_report(paths: &[PathBuf], o: &ReportOptions<'_>) -> Result<Built> {
    if super::forms::is_form_input(paths) {
        return super::forms::form_report(paths, o);
    }
    let none = Reserved::default();
    let inputs = collect_reserved(paths, o.recursive, o.reserved.unwrap_or(&none))?;
    // A folder is a group even of one; several names for one file are not.
    let is_group = inputs.files.len() > 1 || paths.iter().any(|p| p.is_dir());
    if is_group {
        let (q, g) = load_group(&inputs.files, o.questionnaire, o.strict)?;
        if g.all.respondents == 0 {
            return Err(Error::Input(format!(
                "{NO_ANSWERS}: {} no answer at all",
                match g.blank.len() {
                    1 => "the one answers file has".to_string(),
                    n => format!("all {n} answers files have"),
                }
            )));
        }
        let rep = Report::Group(Box::new(report::group::build(&q, &g, o.privacy())));
        let mut skipped = inputs.skipped;
        skipped.extend(
            g.blank
                .iter()
                .map(|f| (PathBuf::from(f), SkipReason::Blank)),
        );
        return Ok(Built {
            questionnaire: q.into_owned(),
            report: rep,
            skipped,
        });
    }
    let Some(path) = inputs.files.first() else {
        return Err(Error::Input("no answers files to score".into()));
    };
    let against = match o.questionnaire {
        Some(q) => Against::Given(q),
        None => Against::BUILTIN,
    };
    let (src, q, set) = read_answers(path, against)?;
    let s = scoring::score(&q, &set);
    if o.strict && !s.is_complete() {
        return Err(incomplete(&src.name, s.count(scoring::Status::Missing)));
    }
    let mut rep = report::single(&q, &set, &s, &src.name);
    if o.anonymous {
        rep.anonymise();
    }
    let rep = Report::Single(Box::new(rep));
    Ok(Built {
        questionnaire: q.into_owned(),
        report: rep,
        skipped: inputs.skipped,
    })
}

/// How trend waves are labelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum WaveLabel {
    /// By the wave's file or folder name.
    #[default]
    Name,
    /// By the latest date in the wave's answers (the name when none has a date).
    Date,
}

/// What was read for one wave, for a front end that says so.
#[derive(Debug, Clone)]
pub struct WaveRead {
    pub path: String,
    pub files: usize,
    pub questionnaire: String,
    pub version: String,
    pub skipped: Vec<(PathBuf, SkipReason)>,
}

/// One wave per path (an answers file or a folder), oldest first, all answering one
/// questionnaire.
pub fn build_trend(
    waves: &[PathBuf],
    o: &ReportOptions<'_>,
    label: WaveLabel,
) -> Result<(Report, Vec<WaveRead>)> {
    let none = Reserved::default();
    let mut inputs = Vec::new();
    let mut read: Vec<WaveRead> = Vec::new();
    for path in waves {
        let found = collect_reserved(
            std::slice::from_ref(path),
            o.recursive,
            o.reserved.unwrap_or(&none),
        )?;
        let (q, g) = load_group(&found.files, o.questionnaire, false)?;
        let here = path.display().to_string();
        if let Some(first) = read.first()
            && (first.questionnaire != q.id || first.version != q.version)
        {
            return Err(Error::file(
                here,
                format!(
                    "answers {} {}, but {} answers {} {}; a trend compares waves of one questionnaire",
                    q.id, q.version, first.path, first.questionnaire, first.version
                ),
            ));
        }
        read.push(WaveRead {
            path: here.clone(),
            files: g.people.len(),
            questionnaire: q.id.clone(),
            version: q.version.clone(),
            skipped: found.skipped,
        });
        let date = g.people.iter().filter_map(|r| r.date.clone()).max();
        let name = wave_name(path);
        inputs.push(report::trend::WaveInput {
            label: match label {
                WaveLabel::Date => date.clone().unwrap_or(name),
                WaveLabel::Name => name,
            },
            path: here,
            report: report::group::build(&q, &g, report::group::Privacy::new(true, None)),
            date,
        });
    }
    Ok((Report::Trend(Box::new(report::trend::build(&inputs))), read))
}

/// A wave's name: a file's stem, or a folder's name.
fn wave_name(path: &Path) -> String {
    match path.file_stem() {
        Some(s) if path.is_file() => s.to_string_lossy().into_owned(),
        _ => path
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string()),
    }
}
