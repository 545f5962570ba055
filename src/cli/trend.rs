//! `tandem trend`: one wave per period, scores and causes over time.

use super::Ui;
use super::guard;
use super::output::emit;
use super::score::{given_questionnaire, note_skipped};
use crate::error::{Exit, Result};
use crate::load::{self, ReportOptions, WaveLabel};
use crate::render::Document;
use crate::render::Format;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct TrendArgs {
    /// The waves, oldest first: each an answers file or a folder of them
    #[arg(required = true, value_name = "WAVE")]
    pub waves: Vec<PathBuf>,
    /// Questionnaire: a built-in name or a file (default: the one the answers name)
    #[arg(short = 'q', long = "questionnaire", value_name = "Q")]
    pub questionnaire: Option<String>,
    /// Label waves by their file or folder name, or by the latest date in their answers
    #[arg(long, value_enum, default_value_t = Label::Name)]
    pub label: Label,
    /// Look for answers files in subfolders of each wave's folder
    #[arg(short, long)]
    pub recursive: bool,
    /// Output format
    #[arg(short, long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the report to FILE (atomically) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Width of text tables (default: the terminal's, or 100 when not a terminal)
    #[arg(long, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(40..=400))]
    pub width: Option<u16>,
}

/// `--label`, as the command line spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Label {
    Name,
    Date,
}

pub fn trend(a: TrendArgs, ui: Ui, out: &mut dyn Write, err: &mut dyn Write) -> Result<Exit> {
    guard::stdin_once(&[
        ("a wave", a.waves.iter().any(|p| p.as_os_str() == "-")),
        ("-q", a.questionnaire.as_deref() == Some("-")),
    ])?;
    let q_file = guard::questionnaire_file(a.questionnaire.as_deref());
    let reserved = guard::reserve(a.out.as_deref(), q_file.as_deref(), &[])?;
    let given = given_questionnaire(a.questionnaire.as_deref())?;
    let opts = ReportOptions {
        questionnaire: given.as_ref(),
        recursive: a.recursive,
        reserved: Some(&reserved),
        ..Default::default()
    };
    let label = match a.label {
        Label::Name => WaveLabel::Name,
        Label::Date => WaveLabel::Date,
    };
    let (report, read) = load::build_trend(&a.waves, &opts, label)?;
    for w in &read {
        note_skipped(ui, err, &w.skipped, false);
        ui.detail(
            err,
            &format!(
                "wave {}: {} answers files for {} {}",
                w.path, w.files, w.questionnaire, w.version
            ),
        );
    }
    let doc = Document {
        report,
        gates: None,
    };
    emit(&doc, a.format, a.width, a.out.as_deref(), ui, out)?;
    Ok(Exit::Ok)
}
