//! Response exports (Google Forms or template CSV, Microsoft Forms .xlsx, SurveyJS
//! JSON) scored directly as a group, in memory, without writing answers files.

use super::report::{Built, ReportOptions};
use crate::error::{Error, Problem, Result};
use crate::forms::import;
use crate::questionnaire::{self, Questionnaire};
use crate::report::{self, Report};
use std::borrow::Cow;
use std::path::PathBuf;

/// Whether `tandem score` was given response exports rather than answers files.
pub fn is_form_input(paths: &[PathBuf]) -> bool {
    paths
        .iter()
        .any(|p| import::SheetFormat::of(p).is_some() && !p.is_dir())
}

/// Scores response exports as one group, in memory: every row is a respondent. Any
/// bad cell refuses the whole group, as a bad answers file does.
pub fn form_report(paths: &[PathBuf], o: &ReportOptions<'_>) -> Result<Built> {
    let (strict, anonymous) = (o.strict, o.anonymous);
    if let Some(p) = paths.iter().find(|p| import::SheetFormat::of(p).is_none()) {
        return Err(Error::Usage(format!(
            "{}: score either answers files or response exports (.csv, .xlsx, .json), not both; import the exports first with `tandem import`",
            p.display()
        )));
    }
    let q: Cow<'_, Questionnaire> = match o.questionnaire {
        Some(q) => Cow::Borrowed(q),
        None => Cow::Owned(questionnaire::resolve(questionnaire::DEFAULT)?.1),
    };
    let map = import::mapping::Mapping::default();
    let mut g = crate::group::Group::new(&q);
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
    let rep = report::group::build(&q, g, o.privacy());
    Ok(Built {
        questionnaire: q.into_owned(),
        report: Report::Group(Box::new(rep)),
        skipped: Vec::new(),
    })
}
