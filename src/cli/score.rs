//! `tandem score`: answers files to a report, with gates for scheduled re-scoring.

use super::Ui;
use super::guard;
use super::output::{emit, emit_summary};
use crate::error::{Exit, Result};
use crate::load::{self, GateRequest, ReportOptions, SkipReason};
use crate::questionnaire::{self, Questionnaire};
use crate::render::Document;
use crate::render::Format;
use crate::report::Report;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct ScoreArgs {
    /// Answers files or folders of them (`-` for standard input); several are one group
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Questionnaire: a built-in name or a file (default: the one the answers name)
    #[arg(short = 'q', long = "questionnaire", value_name = "Q")]
    pub questionnaire: Option<String>,
    /// Output format
    #[arg(short, long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the report to FILE (atomically) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// One page instead of the full report: the overall and level, the three largest
    /// gaps, the three top causes with their first remedy (any format)
    #[arg(long)]
    pub summary: bool,
    /// Show only the N most severe root causes
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Look for answers files in subfolders of the folders given
    #[arg(short, long)]
    pub recursive: bool,
    /// Refuse incomplete answers files instead of scoring the answers they have
    #[arg(long)]
    pub strict: bool,
    /// Leave respondents' names, file names, dates and the per-respondent table out of
    /// every output and message; implies --min-group 3 unless it is given
    #[arg(long)]
    pub anonymous: bool,
    /// Show no role apart with fewer than N respondents: smaller roles are combined (or
    /// left out when even combined they would single someone out), chains and comments
    /// lose such a role, and per-respondent rows and score ranges are left out
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub min_group: Option<u64>,
    /// Width of text tables (default: the terminal's, or 100 when not a terminal)
    #[arg(long, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(40..=400))]
    pub width: Option<u16>,
    /// Gate: fail (exit code 3) when the overall score is below N
    #[arg(long, value_name = "N", help_heading = "Gates", value_parser = finite)]
    pub min_score: Option<f64>,
    /// The previous wave (files or folders) to compare with, for --max-drop and [[drop]] rules
    #[arg(long, value_name = "PATH", num_args = 1.., help_heading = "Gates")]
    pub baseline: Vec<PathBuf>,
    /// Gate: fail when the overall score is more than N points below the baseline's
    #[arg(long, value_name = "N", requires = "baseline", help_heading = "Gates", value_parser = finite)]
    pub max_drop: Option<f64>,
    /// Gate rules from a TOML file: floors, drops, cause ceilings, respondents, the perception gap and the answers' age, each fail or warn
    #[arg(long, value_name = "FILE", help_heading = "Gates")]
    pub policy: Option<PathBuf>,
    /// Gate: fail when fewer than N answers files were scored
    #[arg(long, value_name = "N", help_heading = "Gates")]
    pub min_respondents: Option<usize>,
    /// Gate: fail when the newest answers are more than DAYS days old (today: TANDEM_TODAY or the clock)
    #[arg(long, value_name = "DAYS", help_heading = "Gates")]
    pub max_age: Option<u32>,
}

/// A gate threshold: a finite number ≥ 0 (NaN would make every comparison fail).
fn finite(s: &str) -> std::result::Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        Ok(_) => Err("expected a finite number ≥ 0".into()),
        Err(_) => Err(format!("`{s}` is not a number")),
    }
}

pub fn score(
    a: ScoreArgs,
    ui: Ui,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Exit> {
    let dash = |p: &PathBuf| p.as_os_str() == "-";
    guard::stdin_once(&[
        ("the answers", a.paths.iter().any(dash)),
        ("-q", a.questionnaire.as_deref() == Some("-")),
        ("--baseline", a.baseline.iter().any(dash)),
        ("--policy", a.policy.as_ref().is_some_and(dash)),
    ])?;
    let q_file = guard::questionnaire_file(a.questionnaire.as_deref());
    let reads: Vec<&std::path::Path> = a.policy.iter().map(PathBuf::as_path).collect();
    let reserved = guard::reserve(a.out.as_deref(), q_file.as_deref(), &reads)?;
    let mut given = given_questionnaire(a.questionnaire.as_deref())?;
    let mut found = None;
    if given.is_none() {
        // Answers of a version that is not built in: its file beside them serves.
        let inputs = load::collect_reserved(&a.paths, a.recursive, &reserved)?;
        given = load::versions::beside_answers(&a.paths, &inputs.files)?;
        found = Some(inputs);
    }
    let opts = ReportOptions {
        questionnaire: given.as_ref(),
        recursive: a.recursive,
        strict: a.strict,
        anonymous: a.anonymous,
        min_group: a.min_group.map(|n| n as usize),
        reserved: Some(&reserved),
    };
    let built = match found {
        Some(inputs) => load::build_report_from(&a.paths, inputs, &opts)?,
        None => load::build_report(&a.paths, &opts)?,
    };
    let (q, mut rep) = (built.questionnaire, built.report);
    note_skipped(ui, err, &built.skipped, a.anonymous);
    ui.detail(err, &describe(&q, &rep));
    let request = GateRequest {
        min_score: a.min_score,
        max_drop: a.max_drop,
        policy: a.policy.clone(),
        baseline: a.baseline.clone(),
        min_respondents: a.min_respondents,
        max_age: a.max_age,
    };
    let gated = load::evaluate_gates(&request, &q, &rep, &opts)?;
    for w in &gated.warnings {
        ui.note(err, w);
    }
    let gates = gated.summary;
    if let Report::Group(g) = &mut rep
        && (gates.is_some() || !a.baseline.is_empty())
    {
        g.wave = Some(wave_title(&a.paths));
    }
    rep.limit_causes(a.top);
    let failed = gates.as_ref().is_some_and(|g| !g.passed);
    let doc = Document { report: rep, gates };
    // The report is written in full whether or not a gate failed, and a failed gate
    // exits 3 even when the reader of standard output stopped reading early.
    let written = if a.summary {
        emit_summary(&doc, a.format, a.width, a.out.as_deref(), out)
    } else {
        emit(&doc, a.format, a.width, a.out.as_deref(), ui, out)
    };
    match written {
        Err(e) if failed && super::failure::is_broken_pipe(&e) => return Ok(Exit::Gate),
        r => r?,
    }
    if let Some(p) = &a.out {
        ui.detail(err, &format!("wrote {}", p.display()));
    }
    Ok(if failed { Exit::Gate } else { Exit::Ok })
}

/// A warning for each path a folder scan left out, unless `--quiet`. With
/// `--anonymous` the file names stay out: one line per reason, with a count.
pub(super) fn note_skipped(
    ui: Ui,
    err: &mut dyn Write,
    skipped: &[(PathBuf, SkipReason)],
    anonymous: bool,
) {
    if anonymous {
        let mut reasons: Vec<(&'static str, usize)> = Vec::new();
        for (_, why) in skipped {
            match reasons.iter_mut().find(|(w, _)| *w == why.describe()) {
                Some((_, n)) => *n += 1,
                None => reasons.push((why.describe(), 1)),
            }
        }
        for (why, n) in reasons {
            let files = crate::numfmt::plural(n, "file", "files");
            ui.note(err, &format!("warning: skipped {files}: {why}"));
        }
        return;
    }
    for (p, why) in skipped {
        ui.note(
            err,
            &format!(
                "warning: skipped {}: {}",
                crate::sanitize::escaped(&p.display().to_string()),
                why.describe()
            ),
        );
    }
}

/// `-q`, resolved once for every file read in this run.
pub(super) fn given_questionnaire(spec: Option<&str>) -> Result<Option<Questionnaire>> {
    spec.map(|s| questionnaire::resolve(s).map(|(_, q)| q))
        .transpose()
}

/// A scored wave's name: its folder's (or file's) name when one path was given.
fn wave_title(paths: &[PathBuf]) -> String {
    match paths {
        [p] => p
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        _ => String::new(),
    }
}

/// What `--verbose` says about a report's input.
fn describe(q: &Questionnaire, rep: &Report) -> String {
    match rep {
        Report::Single(r) => format!(
            "scored {} against {} {}",
            r.respondent
                .file
                .as_deref()
                .unwrap_or("one answers file (name withheld)"),
            q.id,
            q.version
        ),
        Report::Group(r) => format!(
            "scored a group of {} answers files ({} incomplete) against {} {}",
            r.respondents, r.incomplete, q.id, q.version
        ),
        Report::Trend(r) => format!("{} waves", r.waves.len()),
    }
}
