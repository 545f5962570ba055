//! The command-line edge of forms: `tandem export --format`, `tandem import`, and
//! `tandem score` on response exports. The work is in [`crate::forms`].

use crate::answers;
use crate::error::{EXIT_ERROR, EXIT_OK, Error, Problem, Result};
use crate::forms::{export, import};
use crate::questionnaire::{self, BUILTINS, Questionnaire};
use crate::report::{self, Report};
use crate::tomlfile::read_source;
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

fn write_out(out: &mut dyn Write, s: &str) -> Result<()> {
    out.write_all(s.as_bytes())
        .and_then(|_| out.flush())
        .map_err(|e| Error::io(Path::new("<stdout>"), e))
}

pub fn export_cmd(a: ExportArgs, out: &mut dyn Write) -> Result<u8> {
    let builtin = questionnaire::builtin(&a.name);
    if builtin.is_none() && !Path::new(&a.name).is_file() {
        let names: Vec<&str> = BUILTINS.iter().map(|b| b.name).collect();
        return Err(Error::Usage(format!(
            "no built-in questionnaire '{}' and no such file (built in: {})",
            a.name,
            names.join(", ")
        )));
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
    match &a.out {
        Some(p) if p.as_os_str() != "-" => answers::atomic_write(p, text.as_bytes())?,
        _ => write_out(out, &text)?,
    }
    Ok(EXIT_OK)
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
) -> Result<u8> {
    let (_, q) = questionnaire::resolve(&a.questionnaire)?;
    let map = load_mapping(a.map.as_deref(), &q)?;
    let mut problems: Vec<Problem> = Vec::new();
    let mut refused_any = false;
    let mut written: std::collections::BTreeMap<String, String> = Default::default();
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let mut summary = String::new();
    for path in &a.files {
        let (sheet, outcome) = match import::read_and_import(&q, path, &map, a.anonymous) {
            Ok(v) => v,
            // An unreadable export is reported with the others' problems.
            Err(Error::Invalid(ps)) if ps.iter().all(|p| p.file == path.display().to_string()) => {
                problems.extend(ps);
                refused_any = true;
                continue;
            }
            Err(e) => return Err(e),
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
        for imp in &outcome.imported {
            let name = import::file_name(&sheet.source, imp.row);
            let from = format!("{}:{}", sheet.name, imp.row);
            if let Some(other) = written.insert(name.clone(), from.clone()) {
                return Err(Error::Input(format!(
                    "{from} and {other} would both be written to {name}: give the exports different file names"
                )));
            }
            files.push((
                a.out.join(&name),
                import::answers_file(&q, &sheet.source, imp),
            ));
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
        std::fs::create_dir_all(&a.out).map_err(|e| Error::io(&a.out, e))?;
    }
    for (path, text) in &files {
        answers::atomic_write(path, text.as_bytes())?;
    }
    if !quiet {
        write_out(out, &summary)?;
    }
    for line in crate::error::problem_lines(&problems) {
        let _ = writeln!(err, "{line}");
    }
    Ok(if refused_any { EXIT_ERROR } else { EXIT_OK })
}

/// Whether `tandem score` was given response exports rather than answers files.
pub fn is_form_input(paths: &[PathBuf]) -> bool {
    paths
        .iter()
        .any(|p| import::SheetFormat::of(p).is_some() && !p.is_dir())
}

/// Scores response exports as one group, in memory: every row is a respondent. Any
/// bad cell refuses the whole group, as a bad answers file does.
pub fn form_report(
    paths: &[PathBuf],
    spec: Option<&str>,
    strict: bool,
    anonymous: bool,
) -> Result<(Questionnaire, Report)> {
    if let Some(p) = paths.iter().find(|p| import::SheetFormat::of(p).is_none()) {
        return Err(Error::Usage(format!(
            "{}: score either answers files or response exports (.csv, .xlsx, .json), not both; import the exports first with `tandem import`",
            p.display()
        )));
    }
    let (_, q) = questionnaire::resolve(spec.unwrap_or(questionnaire::DEFAULT))?;
    let map = import::mapping::Mapping::default();
    let mut g = crate::group::Group::new(&q);
    let mut problems = Vec::new();
    for path in paths {
        // Each row is summarised as it is read: a large export is never held whole.
        let name = path.display().to_string();
        let result = import::read_and_each(&q, path, &map, anonymous, |row, set| {
            let r = crate::group::summarise(&q, &set, &format!("{name}:{row}"));
            if strict && !r.complete {
                problems.push(Problem::new(
                    name.clone(),
                    Some((row, 1)),
                    format!(
                        "incomplete: {} question(s) unanswered (--strict refuses incomplete answers)",
                        r.missing
                    ),
                ));
            }
            g.add(&q, r);
        });
        match result {
            Ok((_, outcome)) => problems.extend(outcome.problems),
            Err(Error::Invalid(ps)) => problems.extend(ps),
            Err(e) => return Err(e),
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    if g.people.is_empty() {
        return Err(Error::Input(format!(
            "no responses to score in {}",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let rep = report::group::build(&q, &g, anonymous);
    Ok((q, Report::Group(Box::new(rep))))
}
