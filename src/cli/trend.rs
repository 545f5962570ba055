//! `tandem trend`: one wave per period, scores, causes and the perception gap over
//! time, with gates on the newest wave for scheduled re-scoring.

use super::Ui;
use super::guard;
use super::output::emit;
use super::score::note_skipped;
use crate::error::{Error, Exit};
use crate::load::{self, GateRequest, TrendOptions, WaveLabel};
use crate::questionnaire;
use crate::render::Document;
use crate::render::Format;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct TrendArgs {
    /// The waves: each an answers file or a folder of them (ordered by their answers' dates when every wave has one, else as given, oldest first)
    #[arg(required = true, value_name = "WAVE")]
    pub waves: Vec<PathBuf>,
    /// Questionnaire: a built-in name or a file; repeat it for each version the waves answer (default: the one the answers name)
    #[arg(short = 'q', long = "questionnaire", value_name = "Q")]
    pub questionnaire: Vec<String>,
    /// Label waves by their file or folder name, or by the latest date in their answers
    #[arg(long, value_enum, default_value_t = Label::Name)]
    pub label: Label,
    /// Look for answers files in subfolders of each wave's folder
    #[arg(short, long)]
    pub recursive: bool,
    /// Output format
    #[arg(short, long, value_enum, default_value_t = TrendFormat(Format::Text))]
    pub format: TrendFormat,
    /// Write the report to FILE (atomically) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Width of text tables (default: the terminal's, or 100 when not a terminal)
    #[arg(long, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(40..=400))]
    pub width: Option<u16>,
    /// Gate rules checked on the newest wave, the wave before it as the baseline (exit code 3 when a fail rule is not met)
    #[arg(long, value_name = "FILE", help_heading = "Gates")]
    pub policy: Option<PathBuf>,
    /// Gate: fail when the newest wave has fewer than N answers files (waves below are marked)
    #[arg(long, value_name = "N", help_heading = "Gates")]
    pub min_respondents: Option<usize>,
    /// Gate: fail when the newest answers are more than DAYS days old (today: TANDEM_TODAY or the clock)
    #[arg(long, value_name = "DAYS", help_heading = "Gates")]
    pub max_age: Option<u32>,
}

/// `--label`, as the command line spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Label {
    Name,
    Date,
}

/// `--format` for a trend: every format but slides, whose deck is one group's report.
/// Slides stay accepted, hidden from help and completions, so that asking for them
/// gets the reason and the alternative rather than a bare "invalid value". The names
/// and help are [`Format`]'s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrendFormat(pub Format);

impl clap::ValueEnum for TrendFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &[
            TrendFormat(Format::Text),
            TrendFormat(Format::Markdown),
            TrendFormat(Format::Json),
            TrendFormat(Format::Html),
            TrendFormat(Format::Csv),
            TrendFormat(Format::Slides),
        ]
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        let value = self.0.to_possible_value()?;
        Some(value.hide(self.0 == Format::Slides))
    }
}

pub fn trend(
    a: TrendArgs,
    ui: Ui,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Exit> {
    if a.format.0 == Format::Slides {
        // Said before any wave is read; the renderer would refuse too, after reading.
        return Err(Error::Usage(
            "--format slides is for `tandem score` (one respondent or a group); use --format html for a trend"
                .into(),
        )
        .into());
    }
    let dash = |p: &PathBuf| p.as_os_str() == "-";
    guard::stdin_once(&[
        ("a wave", a.waves.iter().any(dash)),
        ("-q", a.questionnaire.iter().any(|q| q == "-")),
        ("--policy", a.policy.as_ref().is_some_and(dash)),
    ])?;
    let q_files: Vec<PathBuf> = a
        .questionnaire
        .iter()
        .filter_map(|q| guard::questionnaire_file(Some(q)))
        .collect();
    // The first -q file is kept out of the waves' folders; every one is kept from --out.
    let mut reads: Vec<&std::path::Path> = q_files.iter().skip(1).map(PathBuf::as_path).collect();
    reads.extend(a.policy.as_deref());
    let reserved = guard::reserve(
        a.out.as_deref(),
        q_files.first().map(PathBuf::as_path),
        &reads,
    )?;
    let mut questionnaires = Vec::new();
    for spec in &a.questionnaire {
        questionnaires.push(questionnaire::resolve(spec)?.1);
    }
    let t = TrendOptions {
        questionnaires,
        recursive: a.recursive,
        label: match a.label {
            Label::Name => WaveLabel::Name,
            Label::Date => WaveLabel::Date,
        },
    };
    let waves = load::read_waves(&a.waves, Some(&reserved), &t)?;
    for w in &waves.read {
        note_skipped(ui, err, &w.skipped, false);
        ui.detail(
            err,
            &format!(
                "wave {}: {} answers files for {} {}",
                w.path, w.files, w.questionnaire, w.version
            ),
        );
    }
    for w in &waves.warnings {
        ui.note(err, w);
    }
    let request = GateRequest {
        policy: a.policy.clone(),
        min_respondents: a.min_respondents,
        max_age: a.max_age,
        ..Default::default()
    };
    let (report, gated) = load::gate_trend(&request, waves)?;
    let failed = gated.summary.as_ref().is_some_and(|g| !g.passed);
    let doc = Document {
        report,
        gates: gated.summary,
    };
    match emit(&doc, a.format.0, a.width, a.out.as_deref(), ui, out) {
        Err(e) if failed && super::failure::is_broken_pipe(&e) => return Ok(Exit::Gate),
        r => r?,
    }
    Ok(if failed { Exit::Gate } else { Exit::Ok })
}

#[cfg(test)]
mod tests {
    use super::TrendFormat;
    use crate::render::Format;
    use clap::ValueEnum;

    /// Help and completions offer every format but slides (a format added later too);
    /// every format is accepted, so slides can be refused with a reason.
    #[test]
    fn trend_offers_every_format_but_slides() {
        let offered: Vec<Format> = TrendFormat::value_variants()
            .iter()
            .filter(|f| f.to_possible_value().is_some_and(|v| !v.is_hide_set()))
            .map(|f| f.0)
            .collect();
        let expected: Vec<Format> = Format::value_variants()
            .iter()
            .copied()
            .filter(|f| *f != Format::Slides)
            .collect();
        assert_eq!(offered, expected);
        let accepted: Vec<Format> = TrendFormat::value_variants().iter().map(|f| f.0).collect();
        assert_eq!(accepted, Format::value_variants());
    }
}
