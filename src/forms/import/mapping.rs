//! Columns to questions: by question id (the CSV template and SurveyJS), by the
//! question's text as the form showed it (Google and Microsoft Forms export their
//! titles; case and spacing forgiven), or through a mapping file for columns that were
//! renamed in the form. The respondent's columns are recognised by their usual names.

use super::Sheet;
use crate::error::{Error, Problem, Result};
use crate::forms::{Meta, Target, fields, norm};
use crate::questionnaire::Questionnaire;
use crate::tomlfile::SourceText;
use std::collections::{BTreeMap, HashMap};

/// A mapping file: `[columns]`, each header (as exported) → a question id, a chain part
/// (`ID.symptom`, `ID.whys`, `ID.cause`), `respondent`, `email`, `role`, `date` or
/// `ignore`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Mapping {
    /// Normalised header → target.
    pub columns: BTreeMap<String, Target>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMapping {
    #[serde(default)]
    columns: BTreeMap<String, String>,
}

impl Mapping {
    /// Parses a mapping file against the questionnaire; every unknown target is reported.
    pub fn parse(src: &SourceText, q: &Questionnaire) -> Result<Mapping> {
        let raw: RawMapping = toml::from_str(&src.text).map_err(|e| {
            let pos = e.span().map(|s| s.start);
            Error::Invalid(vec![src.problem_at(pos, e.message().to_string())])
        })?;
        let targets = key_targets(q);
        let mut columns = BTreeMap::new();
        let mut problems = Vec::new();
        for (header, to) in raw.columns {
            let t = match to.as_str() {
                "ignore" => Some(Target::Ignore),
                other => targets
                    .get(other)
                    .copied()
                    .or_else(|| meta_alias(&norm(other))),
            };
            match t {
                Some(t) => {
                    columns.insert(norm(&header), t);
                }
                None => {
                    let pos = src.text.find(&format!("\"{to}\"")).or(src.text.find(&to));
                    problems.push(src.problem_at(
                        pos,
                        format!(
                            "column \"{header}\" is mapped to `{to}`, which is no question id of `{}` (nor respondent, email, role, date, ignore)",
                            q.id
                        ),
                    ));
                }
            }
        }
        if problems.is_empty() {
            Ok(Mapping { columns })
        } else {
            Err(Error::Invalid(problems))
        }
    }
}

/// The columns of a sheet, resolved.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Columns {
    /// One per column.
    pub targets: Vec<Target>,
    /// Headers of columns that match nothing.
    pub ignored: Vec<String>,
    /// Question ids that no column answers.
    pub unanswered: Vec<String>,
}

/// Field key → target (`id`, `id.symptom`, `respondent`, …).
fn key_targets(q: &Questionnaire) -> HashMap<String, Target> {
    fields(q).into_iter().map(|f| (f.key, f.target)).collect()
}

/// The respondent's columns under the names tools give them.
fn meta_alias(h: &str) -> Option<Target> {
    let m = match h {
        "respondent" | "name" | "your name" | "full name" | "respondent name" => Meta::Respondent,
        "email" | "e-mail" | "email address" | "e-mail address" | "your email" | "responder" => {
            Meta::Email
        }
        "role" | "your role" => Meta::Role,
        "date" => Meta::Date(3),
        "completion time" | "submitted at" | "submitted" | "submission time" | "submit date"
        | "end time" => Meta::Date(2),
        "timestamp" => Meta::Date(1),
        "start time" | "started at" => Meta::Date(0),
        // Microsoft Forms' row id and edit time, quiz columns of both tools.
        "id" | "last modified time" | "score" | "total points" | "quiz feedback" => {
            return Some(Target::Ignore);
        }
        _ => return None,
    };
    Some(Target::Meta(m))
}

pub fn resolve(q: &Questionnaire, sheet: &Sheet, map: &Mapping) -> Result<Columns> {
    let fs = fields(q);
    let by_key: HashMap<&str, Target> = fs.iter().map(|f| (f.key.as_str(), f.target)).collect();
    let by_key_norm: HashMap<String, Target> =
        fs.iter().map(|f| (norm(&f.key), f.target)).collect();
    // Titles may repeat (two questions with the same text): each column takes the next.
    let mut by_title: HashMap<String, Vec<Target>> = HashMap::new();
    for f in fs.iter().rev() {
        by_title.entry(norm(&f.title)).or_default().push(f.target);
    }
    let mut out = Columns::default();
    let mut seen: HashMap<Target, usize> = HashMap::new();
    let mut problems = Vec::new();
    for (ci, header) in sheet.columns.iter().enumerate() {
        let h = norm(header);
        let target = map
            .columns
            .get(&h)
            .copied()
            .or_else(|| by_key.get(header.trim()).copied())
            .or_else(|| by_key_norm.get(&h).copied())
            .or_else(|| by_title.get_mut(&h).and_then(|v| v.pop()))
            .or_else(|| meta_alias(&h));
        let target = match target {
            Some(t) => t,
            None => {
                out.ignored.push(header.clone());
                Target::Ignore
            }
        };
        // The respondent's columns may repeat (Microsoft's `Name` and a "Your name"
        // question): the first filled-in one is used.
        if matches!(target, Target::Question(..))
            && let Some(first) = seen.insert(target, ci)
        {
            problems.push(Problem::new(
                sheet.name.clone(),
                Some((1, ci + 1)),
                format!(
                    "columns \"{}\" and \"{header}\" both answer the same question: rename one in the form, or map one to `ignore` with --map",
                    sheet.columns[first]
                ),
            ));
        }
        out.targets.push(target);
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    for (qi, question) in q.questions.iter().enumerate() {
        let answered = out
            .targets
            .iter()
            .any(|t| matches!(t, Target::Question(i, _) if *i == qi));
        if !answered {
            out.unanswered.push(question.id.to_string());
        }
    }
    Ok(out)
}
