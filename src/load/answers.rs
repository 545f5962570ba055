//! The one answers pipeline: parse → header → questionnaire → answers read against it.
//! `score`, `check`, `run --resume`, group loading and the front ends all call it.

use crate::answers::{self, AnswerSet};
use crate::error::{Error, Result};
use crate::questionnaire::{self, Questionnaire};
use crate::tomlfile::{KeyPath, SourceText, read_source};
use std::borrow::Cow;
use std::path::Path;

/// Which questionnaire an answers file is read against.
#[derive(Debug, Clone, Copy)]
pub enum Against<'a> {
    /// `-q`: this one, whatever the file names.
    Given(&'a Questionnaire),
    /// The one the file names: among `local` (the same version first, then the same
    /// id), else a built-in.
    Named { local: &'a [Questionnaire] },
    /// A group's: a file naming another questionnaire (id or version) is refused with
    /// [`Error::OtherQuestionnaire`], so the group can say which files differ.
    Group(&'a Questionnaire),
}

impl Against<'_> {
    /// The questionnaire the file names, read from the built-ins only.
    pub const BUILTIN: Against<'static> = Against::Named { local: &[] };
}

/// Reads, checks and loads one answers file (`-` is standard input).
pub fn read_answers<'a>(
    path: &Path,
    against: Against<'a>,
) -> Result<(SourceText, Cow<'a, Questionnaire>, AnswerSet)> {
    let src = read_source(path)?;
    let (q, set) = load_answers(&src, against)?;
    Ok((src, q, set))
}

/// Checks and loads the answers in `src`. Every problem found is returned together,
/// sorted by position.
pub fn load_answers<'a>(
    src: &SourceText,
    against: Against<'a>,
) -> Result<(Cow<'a, Questionnaire>, AnswerSet)> {
    let file = answers::File::parse(src)?;
    let (id, version) = file.header()?;
    let q = against.choose(src, &id, &version)?;
    let set = file.read(&q)?.into_set(&q);
    Ok((q, set))
}

impl<'a> Against<'a> {
    /// The questionnaire a file naming `id` `version` is read against.
    pub(crate) fn choose(
        self,
        src: &SourceText,
        id: &str,
        version: &str,
    ) -> Result<Cow<'a, Questionnaire>> {
        Ok(match self {
            Against::Given(q) => Cow::Borrowed(q),
            Against::Group(q) if q.id == id && q.version == version => Cow::Borrowed(q),
            Against::Group(_) => {
                return Err(Error::OtherQuestionnaire {
                    file: src.name.clone(),
                    id: id.to_string(),
                    version: version.to_string(),
                });
            }
            Against::Named { local } => {
                let exact: Vec<&Questionnaire> = local
                    .iter()
                    .filter(|q| q.id == id && q.version == version)
                    .collect();
                let same_id: Vec<&Questionnaire> = local.iter().filter(|q| q.id == id).collect();
                match (exact.as_slice(), same_id.as_slice()) {
                    ([q], _) => Cow::Borrowed(*q),
                    ([_, _, ..], _) => {
                        return Err(Error::Invalid(vec![src.problem(
                            &KeyPath::root().key("questionnaire"),
                            false,
                            format!(
                                "answers {id} {version}, which more than one questionnaire given defines: name one with -q"
                            ),
                        )]));
                    }
                    // One questionnaire with this id, another version: checked against it.
                    ([], [q]) => Cow::Borrowed(*q),
                    ([], []) => Cow::Owned(named_builtin(src, id, version)?),
                    // Several, none of this version: which one would be a guess.
                    ([], several) => {
                        let versions: Vec<&str> =
                            several.iter().map(|q| q.version.as_str()).collect();
                        return Err(Error::Invalid(vec![src.problem(
                            &KeyPath::root().key("version"),
                            false,
                            format!(
                                "answers {id} {version}, but the questionnaires given are versions {} of {id}: name one with -q",
                                versions.join(", ")
                            ),
                        )]));
                    }
                }
            }
        })
    }
}

/// The built-in questionnaire an answers file names by id.
pub(crate) fn named_builtin(src: &SourceText, id: &str, version: &str) -> Result<Questionnaire> {
    match questionnaire::builtin(id) {
        Some(b) => b.load(),
        None => Err(Error::Invalid(vec![src.problem(
            &KeyPath::root().key("questionnaire"),
            false,
            format!(
                "answers questionnaire `{id}` {version}, which is not built in: name its file with -q"
            ),
        )])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file naming a built-in is read against it; a problem is placed in the file.
    #[test]
    fn a_file_naming_a_builtin_is_read_against_it() {
        let text = std::fs::read_to_string("examples/workshop/sales-ana.toml").unwrap();
        let src = SourceText::new("a.toml", text.clone());
        let (q, set) = load_answers(&src, Against::BUILTIN).unwrap();
        assert_eq!(q.id, "alignment");
        assert_eq!(
            set.respondent.as_deref(),
            Some("Ana Ruiz, Account Executive")
        );
        assert!(set.answers.len() > 20, "{}", set.answers.len());
        let (line, _) = text
            .lines()
            .enumerate()
            .find(|(_, l)| l.starts_with("respondent"))
            .unwrap();
        let bad = text.replacen("respondent = ", "respondent = 7 #", 1);
        let err = load_answers(&SourceText::new("a.toml", bad), Against::BUILTIN).unwrap_err();
        let Error::Invalid(problems) = err else {
            panic!("{err}")
        };
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .to_string()
                .contains(&format!("a.toml:{}:14: expected a string", line + 1)),
            "{}",
            problems[0]
        );
    }
}
