//! Response exports (Google Forms or template CSV, Microsoft Forms .xlsx, SurveyJS
//! JSON) read directly as a group, in memory, without writing answers files.

use crate::error::{Error, Problem, Result};
use crate::forms::import;
use crate::group::Group;
use crate::questionnaire::{self, Questionnaire};
use std::borrow::Cow;
use std::path::PathBuf;

/// Whether `tandem score` was given response exports rather than answers files.
pub fn is_form_input(paths: &[PathBuf]) -> bool {
    paths
        .iter()
        .any(|p| import::SheetFormat::of(p).is_some() && !p.is_dir())
}

/// Reads response exports as one group, in memory: every row is a respondent, scored
/// against `questionnaire` (the default one without it). Any bad cell refuses the whole
/// group, as a bad answers file does; `strict` refuses incomplete rows, `anonymous`
/// leaves out the respondents' names.
pub fn form_group<'q>(
    paths: &[PathBuf],
    questionnaire: Option<&'q Questionnaire>,
    strict: bool,
    anonymous: bool,
) -> Result<(Cow<'q, Questionnaire>, Group)> {
    if let Some(p) = paths.iter().find(|p| import::SheetFormat::of(p).is_none()) {
        return Err(Error::Usage(format!(
            "{}: score either answers files or response exports (.csv, .xlsx, .json), not both; import the exports first with `tandem import`",
            p.display()
        )));
    }
    let q: Cow<'q, Questionnaire> = match questionnaire {
        Some(q) => Cow::Borrowed(q),
        None => Cow::Owned(questionnaire::resolve(questionnaire::DEFAULT)?.1),
    };
    let map = import::mapping::Mapping::default();
    let mut g = Group::new(&q);
    let mut problems = Vec::new();
    let prep = crate::scoring::Prepared::of(&q);
    for path in paths {
        // Each row is summarised as it is read: a large export is never held whole.
        let name = path.display().to_string();
        let result = import::read_and_each_response(&q, path, &map, anonymous, |row, resp| {
            let by = resp.by_index();
            let who = crate::group::Who {
                name: resp.respondent.clone(),
                role: resp.role.clone(),
                date: resp.date.clone(),
            };
            let r = crate::group::summarise_prepared(&q, &prep, who, &by, &format!("{name}:{row}"));
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
    Ok((q, g))
}
