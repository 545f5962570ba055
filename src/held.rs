//! What a facilitator set aside in a folder of answers: participants discarded (a
//! duplicate, a join never finished) and comments held back (a free-text answer, or the
//! text of a five-whys chain) before any report shows them.
//!
//! The record is `.tandem-held.toml` in the folder itself, so that everything reading
//! the folder honours it: `tandem serve` across restarts, and `tandem score`, `trend`
//! and gates through the group loader. It is a hidden file, never read as answers. The
//! answers files are never changed or deleted: removing an entry brings the answer back.
//!
//! A held-back chain loses its text (symptom and whys) in every report; its root-cause
//! tag still counts, as a choice among the questionnaire's causes like any other answer
//! (it says nothing the participant typed).

use crate::answers::{Answer, AnswerSet};
use crate::error::{Error, Result};
use crate::group::Respondent;
use crate::questionnaire::{Kind, Questionnaire};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The record's name in the folder.
pub const FILE: &str = ".tandem-held.toml";

/// A folder's record. Entries name answers files by their name in the folder.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Held {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub discarded: Vec<Discarded>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub held: Vec<HeldComment>,
}

/// A participant left out of every report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discarded {
    /// The answers file; absent for a join that never answered (no file exists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// `tandem serve`'s participant id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participant: Option<String>,
    /// Why, in the facilitator's words or the server's ("duplicate", "unfinished").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// One answer's text kept out of every report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldComment {
    pub file: String,
    /// The question's id.
    pub question: String,
}

const HEADER: &str = "# tandem: answers set aside from every report of this folder by the facilitator.\n\
# The answers files themselves are unchanged; delete an entry to count it again.\n";

impl Held {
    /// The folder's record; an empty one when there is none.
    pub fn read(dir: &Path) -> Result<Held> {
        let path = dir.join(FILE);
        if !path.exists() {
            return Ok(Held::default());
        }
        let src = crate::tomlfile::read_source(&path)?;
        let (held, unknown): (Held, _) = src.deserialize()?;
        if !unknown.is_empty() {
            return Err(Error::Invalid(unknown));
        }
        Ok(held)
    }

    /// Replaces the folder's record (readable by its owner only), flushed to disk
    /// before returning: a hold-back must survive a crash the moment it is confirmed.
    pub fn write(&self, dir: &Path) -> Result<()> {
        let body = toml::to_string(self).map_err(|e| Error::Input(format!("internal: {e}")))?;
        let text = format!("{HEADER}\n{body}");
        crate::atomic::atomic_write_private(
            &dir.join(FILE),
            text.as_bytes(),
            crate::atomic::Durability::Now,
        )
    }

    pub fn is_empty(&self) -> bool {
        self.discarded.is_empty() && self.held.is_empty()
    }

    /// Whether the answers file named `file` (in this folder) is discarded.
    pub fn discards(&self, file: &str) -> bool {
        self.discarded
            .iter()
            .any(|d| d.file.as_deref() == Some(file))
    }

    /// Whether the answer of `file` to `question` is held back.
    pub fn holds(&self, file: &str, question: &str) -> bool {
        self.held
            .iter()
            .any(|h| h.file == file && h.question == question)
    }

    /// Leaves `file`'s held-back comments out of its summary `r`, made from the
    /// answers `by` (by question index): its free-text answers, and the text of its
    /// chains (their tags stay counted in the causes).
    pub fn apply(&self, q: &Questionnaire, file: &str, by: &[Option<&Answer>], r: &mut Respondent) {
        if !self.held.iter().any(|h| h.file == file) {
            return;
        }
        r.texts
            .retain(|(qi, _)| !self.holds(file, q.questions[*qi].id.as_str()));
        for h in self.held.iter().filter(|h| h.file == file) {
            let Some(qi) = q.question_index(&h.question) else {
                continue;
            };
            if let (Kind::FiveWhys { .. }, Some(Some(Answer::Chain(c)))) =
                (&q.questions[qi].kind, by.get(qi))
                && let Some(at) = r.chains.iter().position(|x| x == c)
            {
                r.chains.remove(at);
            }
        }
    }

    /// [`Held::apply`] for one answer set read on its own (a single report): held free
    /// text is removed; a held chain keeps its tag with its text emptied.
    pub fn apply_set(&self, file: &str, set: &mut AnswerSet) {
        for h in self.held.iter().filter(|h| h.file == file) {
            match set.answers.get_mut(h.question.as_str()) {
                Some(Answer::Text(_)) => {
                    set.answers.remove(h.question.as_str());
                }
                Some(Answer::Chain(c)) => {
                    c.symptom.clear();
                    c.whys.clear();
                }
                _ => {}
            }
        }
    }
}
