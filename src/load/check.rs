//! `check`: validating questionnaires and answers files together, every problem at
//! once. Questionnaires are read first, so answers files given in the same call are
//! checked against them.

use super::answers::{Against, load_answers};
use crate::error::{Error, Problem, Result};
use crate::questionnaire::{self, Questionnaire};
use crate::scoring;
use crate::tomlfile::{self, FileKind, SourceText, read_source};
use std::path::PathBuf;

/// A file that passed, with what it is.
#[derive(Debug, Clone)]
pub enum Checked {
    Questionnaire {
        file: String,
        questionnaire: Box<Questionnaire>,
    },
    Answers {
        file: String,
        id: String,
        version: String,
        /// Questions left unanswered (0: complete).
        missing: usize,
    },
}

/// Checks every file; answers files against `given` (`-q`) when there is one, else
/// against a questionnaire in the same call or the built-in they name. The files that
/// passed are in the order given; the problems cover every file.
pub fn check_files(
    files: &[PathBuf],
    given: Option<&Questionnaire>,
) -> (Vec<Checked>, Vec<Problem>) {
    let mut problems: Vec<Problem> = Vec::new();
    let mut ok: Vec<(usize, Checked)> = Vec::new();
    let mut answers: Vec<(usize, SourceText)> = Vec::new();
    let mut local: Vec<Questionnaire> = Vec::new();
    for (i, path) in files.iter().enumerate() {
        let name = path.display().to_string();
        let src = match read_source(path).and_then(|s| sniff(&s).map(|k| (s, k))) {
            Ok(v) => v,
            Err(e) => {
                problems.extend(e.into_problems(&name));
                continue;
            }
        };
        match src {
            (src, FileKind::Questionnaire) => {
                let (q, ps) = questionnaire::check_source(&src);
                problems.extend(ps);
                if let Some(q) = q {
                    ok.push((
                        i,
                        Checked::Questionnaire {
                            file: src.name.clone(),
                            questionnaire: Box::new(q.clone()),
                        },
                    ));
                    local.push(q);
                }
            }
            (src, _) => answers.push((i, src)),
        }
    }
    let before = problems.len();
    duplicate_questionnaires(&ok, &mut problems);
    let clashing: std::collections::HashSet<String> =
        problems[before..].iter().map(|p| p.file.clone()).collect();
    ok.retain(
        |(_, c)| !matches!(c, Checked::Questionnaire { file, .. } if clashing.contains(file)),
    );
    for (i, src) in &answers {
        let against = match given {
            Some(q) => Against::Given(q),
            None => Against::Named { local: &local },
        };
        match load_answers(src, against) {
            Ok((q, set)) => {
                let foreign = other_roles_answers(src, &q, &set);
                if !foreign.is_empty() {
                    problems.extend(foreign);
                    continue;
                }
                let s = scoring::score(&q, &set);
                ok.push((
                    *i,
                    Checked::Answers {
                        file: src.name.clone(),
                        id: q.id.to_string(),
                        version: q.version.to_string(),
                        missing: s.count(scoring::Status::Missing),
                    },
                ));
            }
            Err(e) => problems.extend(e.into_problems(&src.name)),
        }
    }
    ok.sort_by_key(|(i, _)| *i);
    (ok.into_iter().map(|(_, c)| c).collect(), problems)
}

/// Answers to questions the respondent's role is not asked (`roles` on a question):
/// scoring leaves them out, so a file holding them says something that never counts.
fn other_roles_answers(
    src: &SourceText,
    q: &Questionnaire,
    set: &crate::answers::AnswerSet,
) -> Vec<Problem> {
    let Some(role) = set.role.as_deref() else {
        return Vec::new();
    };
    q.questions
        .iter()
        .filter(|x| set.answers.contains_key(x.id.as_str()) && !x.for_role(Some(role)))
        .map(|x| {
            src.problem(
                &tomlfile::KeyPath::root().key("answers").key(&x.id),
                true,
                format!(
                    "`{}` is asked only of {} but this respondent's role is `{role}`: the answer \
                     would not count (remove it, or correct `role`)",
                    x.id,
                    x.roles.join(", ")
                ),
            )
        })
        .collect()
}

/// Two questionnaires with one id and version would make which one an answers file is
/// checked against depend on the order of the arguments: an error, for both.
fn duplicate_questionnaires(ok: &[(usize, Checked)], problems: &mut Vec<Problem>) {
    let mut seen: std::collections::HashMap<(&str, &str), &str> = Default::default();
    for (_, c) in ok {
        if let Checked::Questionnaire {
            file,
            questionnaire: q,
        } = c
            && let Some(first) = seen.insert((q.id.as_str(), q.version.as_str()), file)
        {
            for (this, other) in [(file.as_str(), first), (first, file.as_str())] {
                problems.push(Problem::new(
                    this,
                    None,
                    format!(
                        "questionnaire {} {} is also defined by {other}: give each version of a questionnaire its own version number",
                        q.id, q.version
                    ),
                ));
            }
        }
    }
}

/// What kind of tandem file this is; neither is a problem at 1:1.
fn sniff(src: &SourceText) -> Result<FileKind> {
    match tomlfile::sniff(src).map_err(|e| src.toml_error(&e))? {
        FileKind::Unknown => Err(Error::Invalid(vec![Problem::new(
            src.name.clone(),
            Some((1, 1)),
            "not a tandem file: expected a `[questionnaire]` table (a questionnaire) or `questionnaire = \"ID\"` (an answers file)",
        )])),
        k => Ok(k),
    }
}
