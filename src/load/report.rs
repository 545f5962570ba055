//! From paths to reports: one answers file is a single report, several files or a
//! folder a group, and a list of waves a trend.

use super::answers::{Against, read_answers};
use super::forms::{form_group, is_form_input};
use super::group::{incomplete, load_group};
use super::inputs::{Inputs, Reserved, SkipReason, collect_reserved};
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

/// Scores response exports as one group (see [`form_group`]).
fn form_report(paths: &[PathBuf], o: &ReportOptions<'_>) -> Result<Built> {
    let (q, g) = form_group(paths, o.questionnaire, o.strict, o.anonymous)?;
    let rep = report::group::build(&q, g, o.privacy());
    Ok(Built {
        questionnaire: q.into_owned(),
        report: Report::Group(Box::new(rep)),
        skipped: Vec::new(),
    })
}

/// Scores one answers file (a single report) or several files and folders (a group).
pub fn build_report(paths: &[PathBuf], o: &ReportOptions<'_>) -> Result<Built> {
    if is_form_input(paths) {
        return form_report(paths, o);
    }
    let none = Reserved::default();
    let inputs = collect_reserved(paths, o.recursive, o.reserved.unwrap_or(&none))?;
    build_report_from(paths, inputs, o)
}

/// [`build_report`] with the files `paths` name already collected (by
/// [`collect_reserved`] with `o`'s `recursive` and `reserved`): a front end that looked
/// at them first need not list a folder of 100,000 files twice.
pub fn build_report_from(
    paths: &[PathBuf],
    inputs: Inputs,
    o: &ReportOptions<'_>,
) -> Result<Built> {
    if is_form_input(paths) {
        return form_report(paths, o);
    }
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
        let mut skipped = inputs.skipped;
        skipped.extend(
            g.blank
                .iter()
                .map(|f| (PathBuf::from(f), SkipReason::Blank)),
        );
        let rep = Report::Group(Box::new(report::group::build(&q, g, o.privacy())));
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
    let (src, q, mut set) = read_answers(path, against)?;
    // Comments the facilitator held back stay out of this report too.
    if let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str()))
        && path.as_os_str() != "-"
    {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        crate::held::Held::read(dir)?.apply_set(name, &mut set);
    }
    let s = scoring::score(&q, &set);
    if o.strict && !s.is_complete() {
        return Err(incomplete(&src.name, s.count(scoring::Status::Missing)));
    }
    let mut rep = report::single(&q, &set, &s, &src.name);
    // A chain held back keeps its tag (in the causes) and shows no empty text.
    rep.five_whys
        .retain(|c| !c.symptom.is_empty() || !c.whys.is_empty());
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

/// How a trend reads its waves.
#[derive(Debug, Clone, Default)]
pub struct TrendOptions {
    /// `-q`, each given: a wave is scored against the one of the version its answers
    /// name; with a single `-q` that no wave's version matches, every wave is scored
    /// against it (as `score -q` does).
    pub questionnaires: Vec<Questionnaire>,
    pub recursive: bool,
    pub label: WaveLabel,
}

/// The waves read and scored, before the trend is put together (the gates' policy is
/// checked against the newest questionnaire in between).
pub struct Waves {
    /// The newest wave's questionnaire: the trend's dimensions are its.
    pub questionnaire: Questionnaire,
    pub read: Vec<WaveRead>,
    /// Said on standard error: waves given out of date order, and so on.
    pub warnings: Vec<String>,
    inputs: Vec<report::trend::WaveInput>,
}

impl Waves {
    /// The trend, marking waves below `minimums`.
    pub fn into_report(self, minimums: &[report::trend::Minimum]) -> Report {
        Report::Trend(Box::new(report::trend::build(&self.inputs, minimums)))
    }
}

/// One scored wave before ordering.
struct ReadWave {
    q: Questionnaire,
    input: report::trend::WaveInput,
    read: WaveRead,
}

/// Reads one wave per path (an answers file or a folder), each against the version of
/// the questionnaire its answers name, and orders them by their answers' dates.
pub fn read_waves(
    waves: &[PathBuf],
    reserved: Option<&Reserved>,
    t: &TrendOptions,
) -> Result<Waves> {
    let none = Reserved::default();
    let mut got: Vec<ReadWave> = Vec::new();
    for path in waves {
        let found = collect_reserved(
            std::slice::from_ref(path),
            t.recursive,
            reserved.unwrap_or(&none),
        )?;
        let here = path.display().to_string();
        let (q, g) = wave_group(&found.files, path, &here, &t.questionnaires)?;
        if let Some(first) = got.first()
            && first.q.id != q.id
        {
            return Err(Error::file(
                here,
                format!(
                    "answers {} {}, but {} answers {} {}; a trend compares waves of one questionnaire",
                    q.id, q.version, first.read.path, first.q.id, first.q.version
                ),
            ));
        }
        let date = g.people.iter().filter_map(|r| r.date.clone()).max();
        let name = wave_name(path);
        got.push(ReadWave {
            read: WaveRead {
                path: here.clone(),
                files: g.people.len(),
                questionnaire: q.id.to_string(),
                version: q.version.to_string(),
                skipped: found.skipped,
            },
            input: report::trend::WaveInput {
                label: match t.label {
                    WaveLabel::Date => date.clone().unwrap_or(name),
                    WaveLabel::Name => name,
                },
                path: here,
                report: report::group::build(
                    &q,
                    g,
                    // Names out; roles kept whole, as gates and trends compare them.
                    report::group::Privacy {
                        anonymous: true,
                        min_group: None,
                    },
                ),
                date,
                dims: Vec::new(),
            },
            q,
        });
    }
    let warnings = order_by_date(&mut got);
    let newest = match got.last() {
        Some(w) => w.q.clone(),
        None => return Err(Error::Input("no waves to compare".into())),
    };
    let mut inputs = Vec::with_capacity(got.len());
    let mut read = Vec::with_capacity(got.len());
    for mut w in got {
        w.input.dims = super::versions::dimension_map(&newest, &w.q, &w.read.path)?;
        inputs.push(w.input);
        read.push(w.read);
    }
    Ok(Waves {
        questionnaire: newest,
        read,
        warnings,
        inputs,
    })
}

/// One wave's questionnaire and group: the version its answers name when one is known
/// (given, beside the wave, built in), else the single `-q`.
fn wave_group(
    files: &[PathBuf],
    path: &Path,
    here: &str,
    given: &[Questionnaire],
) -> Result<(Questionnaire, crate::group::Group)> {
    use super::versions;
    let named = versions::named_version(files);
    if let Some((id, version)) = &named {
        let mut known = given.to_vec();
        let is_known = |k: &[Questionnaire]| k.iter().any(|q| &q.id == id && &q.version == version);
        if !is_known(&known) {
            known.extend(versions::beside(path));
        }
        let builtin = crate::questionnaire::builtin(id).is_some_and(|b| b.version() == version);
        // A single -q of this id but another version would only be refused line by
        // line: say instead which version is missing.
        let other_version = given.len() == 1 && &given[0].id == id;
        if is_known(&known) || builtin || given.len() != 1 || other_version {
            let q = versions::for_version(&known, id, version, here)?;
            let g = super::group::load_group_named(files, &q, false)?;
            return Ok((q, g));
        }
    }
    // No readable header (the group load says what is wrong), or one -q to score
    // every wave against.
    let (q, g) = load_group(files, given.first(), false)?;
    Ok((q.into_owned(), g))
}

/// Sorts waves oldest first when every one has a date, and says so when that changed
/// the order given.
fn order_by_date(waves: &mut [ReadWave]) -> Vec<String> {
    if waves.iter().any(|w| w.input.date.is_none()) {
        return Vec::new();
    }
    let given: Vec<String> = waves.iter().map(|w| w.input.path.clone()).collect();
    // Stable: waves of the same date keep the order given.
    waves.sort_by(|a, b| a.input.date.cmp(&b.input.date));
    let sorted: Vec<String> = waves.iter().map(|w| w.input.path.clone()).collect();
    if given == sorted {
        return Vec::new();
    }
    let dated: Vec<String> = waves
        .iter()
        .map(|w| {
            format!(
                "{} ({})",
                w.input.path,
                w.input.date.as_deref().unwrap_or("")
            )
        })
        .collect();
    vec![format!(
        "warning: the waves were not given oldest first; ordered by their answers' latest dates: {}",
        dated.join(", ")
    )]
}

/// One wave per path (an answers file or a folder), oldest first by date.
pub fn build_trend(
    waves: &[PathBuf],
    o: &ReportOptions<'_>,
    label: WaveLabel,
) -> Result<(Report, Vec<WaveRead>)> {
    let t = TrendOptions {
        questionnaires: o.questionnaire.into_iter().cloned().collect(),
        recursive: o.recursive,
        label,
    };
    let w = read_waves(waves, o.reserved, &t)?;
    let read = w.read.clone();
    Ok((w.into_report(&[]), read))
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
