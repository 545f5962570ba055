//! `tandem check`: validate questionnaires and answers files, every problem at once.

use super::Ui;
use super::output::{plural, write_out};
use super::score::given_questionnaire;
use crate::error::{Exit, problem_lines};
use crate::load::{self, Checked};
use crate::sanitize::escaped;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Questionnaires and answers files (`-` for standard input)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Check answers files against this questionnaire (a built-in name or a file)
    #[arg(short = 'q', long = "questionnaire", value_name = "Q")]
    pub questionnaire: Option<String>,
}

pub fn check(
    a: CheckArgs,
    ui: Ui,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> anyhow::Result<Exit> {
    let given = given_questionnaire(a.questionnaire.as_deref())?;
    let (ok, problems) = load::check_files(&a.files, given.as_ref());
    if !ui.quiet {
        for c in &ok {
            // File names are untrusted: no escape code reaches the terminal.
            write_out("the results", out, &format!("{}\n", escaped(&ok_line(c))))?;
        }
    }
    for line in problem_lines(&problems) {
        let _ = writeln!(err, "{line}");
    }
    if problems.is_empty() {
        return Ok(Exit::Ok);
    }
    let files: std::collections::BTreeSet<&str> =
        problems.iter().map(|p| p.file.as_str()).collect();
    let _ = writeln!(
        err,
        "{} in {}",
        plural(problems.len(), "problem"),
        plural(files.len(), "file")
    );
    Ok(Exit::Error)
}

/// "FILE: ok (…)", saying what the file is.
fn ok_line(c: &Checked) -> String {
    match c {
        Checked::Questionnaire {
            file,
            questionnaire: q,
        } => format!(
            "{file}: ok (questionnaire {} {}: {}, {} scored, {}, {}, {})",
            q.id,
            q.version,
            plural(q.questions.len(), "question"),
            q.scored_count(),
            plural(q.dimensions.len(), "dimension"),
            plural(q.causes.len(), "cause"),
            plural(q.findings.len(), "finding")
        ),
        Checked::Answers {
            file,
            id,
            version,
            missing,
        } => format!(
            "{file}: ok (answers to {id} {version}, {})",
            if *missing == 0 {
                "complete".to_string()
            } else {
                format!("{missing} unanswered")
            }
        ),
    }
}
