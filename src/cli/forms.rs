//! The command-line edge of forms: `tandem export --format`, `tandem import`, and
//! `tandem score` on response exports. The work is in [`crate::forms`].

use super::output::{write_out, write_to};
use crate::answers;
use crate::error::{Error, Exit, Problem, Result};
use crate::forms::{export, import};
use crate::questionnaire::{self, BUILTINS, Questionnaire};
use crate::tomlfile::read_source;
use anyhow::Context;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    // The questionnaire itself.
    Toml,
    // A script that creates the Google Form.
    GoogleAppsScript,
    // A SurveyJS form definition (JSON).
    Surveyjs,
    // A spreadsheet template: a column per question id, the allowed values described.
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// A built-in questionnaire (see `tandem list`) or a questionnaire file
    #[arg(value_name = "Q")]
    pub name: String,
    /// What to export: the questionnaire (toml), or a form built from it
    #[arg(short, long, value_enum, default_value_t = ExportFormat::Toml)]
    pub format: ExportFormat,
    /// Write to FILE (atomically) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// Response exports: Google Forms or template CSV, Microsoft Forms .xlsx, SurveyJS .json
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The questionnaire the form was built from: a built-in name or a file
    #[arg(short = 'q', long = "questionnaire", value_name = "Q", default_value = questionnaire::DEFAULT)]
    pub questionnaire: String,
    /// The folder to write one answers file per response into (created when missing)
    #[arg(short, long, value_name = "FOLDER")]
    pub out: PathBuf,
    /// A mapping file for columns renamed in the form ([columns] "header" = "question-id")
    #[arg(long, value_name = "FILE")]
    pub map: Option<PathBuf>,
    /// Leave respondents' names and e-mail addresses out of the answers files
    #[arg(long)]
    pub anonymous: bool,
}

pub fn export_cmd(a: ExportArgs, out: &mut dyn Write) -> anyhow::Result<Exit> {
    let builtin = questionnaire::builtin(&a.name);
    if builtin.is_none() && !Path::new(&a.name).is_file() {
        let names: Vec<&str> = BUILTINS.iter().map(|b| b.name).collect();
        return Err(Error::Usage(format!(
            "no built-in questionnaire '{}' and no such file (built in: {})",
            a.name,
            names.join(", ")
        ))
        .into());
    }
    let text = match (a.format, builtin) {
        (ExportFormat::Toml, Some(b)) => b.text.to_string(),
        (format, _) => {
            let (_, q) = questionnaire::resolve(&a.name)?;
            match format {
                ExportFormat::GoogleAppsScript => export::apps_script::script(&q),
                ExportFormat::Surveyjs => export::surveyjs::definition(&q),
                ExportFormat::Csv => export::csv::template(&q),
                ExportFormat::Toml => questionnaire::resolve(&a.name)?.0.text,
            }
        }
    };
    let what = match a.format {
        ExportFormat::Toml => "the questionnaire",
        ExportFormat::GoogleAppsScript => "the Apps Script",
        ExportFormat::Surveyjs => "the SurveyJS survey",
        ExportFormat::Csv => "the CSV template",
    };
    write_to(what, a.out.as_deref(), &text, out)?;
    Ok(Exit::Ok)
}

fn load_mapping(map: Option<&Path>, q: &Questionnaire) -> Result<import::mapping::Mapping> {
    match map {
        Some(p) => import::mapping::Mapping::parse(&read_source(p)?, q),
        None => Ok(Default::default()),
    }
}

pub fn import_cmd(
    a: ImportArgs,
    quiet: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Exit> {
    let (_, q) = questionnaire::resolve(&a.questionnaire)?;
    let map = load_mapping(a.map.as_deref(), &q)?;
    let mut problems: Vec<Problem> = Vec::new();
    let mut refused_any = false;
    let mut written: std::collections::BTreeMap<String, String> = Default::default();
    // Each file's path, the row it comes from (FILE:ROW) and its text.
    let mut files: Vec<(PathBuf, String, String)> = Vec::new();
    let mut summary = String::new();
    let writer = answers::FileWriter::new(&q);
    for path in &a.files {
        // Each row's file is written out as it is read, from its answers by index.
        let source = import::source_name(path);
        let mut texts: Vec<(usize, String)> = Vec::new();
        let read = import::read_and_each_response(&q, path, &map, a.anonymous, |row, r| {
            texts.push((row, import::answers_file_by_index(&writer, &source, row, r)));
        });
        let (sheet, outcome) = match read {
            Ok(v) => v,
            // An unreadable export is reported with the others' problems.
            Err(Error::Invalid(ps)) if ps.iter().all(|p| p.file == path.display().to_string()) => {
                problems.extend(ps);
                refused_any = true;
                continue;
            }
            Err(e) => return Err(e).with_context(|| format!("importing {}", path.display())),
        };
        if !quiet {
            for h in &outcome.ignored {
                let _ = writeln!(
                    err,
                    "note: {}: column \"{}\" answers no question of {}; left out (map it with --map)",
                    sheet.name,
                    crate::sanitize::plain(h),
                    q.id
                );
            }
            if !outcome.unanswered.is_empty() {
                let _ = writeln!(
                    err,
                    "note: {}: no column for {} question(s): {}",
                    sheet.name,
                    outcome.unanswered.len(),
                    outcome.unanswered.join(", ")
                );
            }
        }
        for (row, text) in texts {
            let name = import::file_name(&sheet.source, row);
            let from = format!("{}:{}", sheet.name, row);
            if let Some(other) = written.insert(name.clone(), from.clone()) {
                return Err(Error::Input(format!(
                    "{from} and {other} would both be written to {name}: give the exports different file names"
                ))
                .into());
            }
            files.push((a.out.join(&name), from, text));
        }
        summary.push_str(&format!(
            "{}: imported {} of {} response(s) into {}\n",
            sheet.name,
            outcome.accepted,
            outcome.accepted + outcome.refused.len(),
            a.out.display()
        ));
        if !outcome.refused.is_empty() {
            refused_any = true;
            let rows: Vec<String> = outcome.refused.iter().map(|r| r.to_string()).collect();
            problems.extend(outcome.problems);
            problems.push(Problem::new(
                sheet.name.clone(),
                None,
                format!(
                    "refused {} row(s): {} (fix the cells above and import again; the other rows were imported)",
                    rows.len(),
                    rows.join(", ")
                ),
            ));
        }
    }
    if !files.is_empty() {
        std::fs::create_dir_all(&a.out)
            .map_err(|e| Error::io(&a.out, e))
            .with_context(|| format!("writing the answers files to {}", a.out.display()))?;
    }
    for (path, from, text) in &files {
        answers::atomic_write(path, text.as_bytes())
            .with_context(|| format!("writing the answers from {from} to {}", path.display()))?;
    }
    if !quiet {
        write_out("the import's summary", out, &summary)?;
    }
    for line in crate::error::problem_lines(&problems) {
        let _ = writeln!(err, "{line}");
    }
    Ok(if refused_any { Exit::Error } else { Exit::Ok })
}
