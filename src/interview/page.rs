//! What the flow's parts share: how a step stops early, and the head of a page.

use super::prompt::{PromptError, Prompter};
use crate::answers::AnswerSet;
use crate::error::{Error, Result};

/// Why the flow stopped before the end: the prompter stopped, or saving failed.
pub(super) enum Halt {
    Prompt(PromptError),
    Save(Error),
}

impl From<PromptError> for Halt {
    fn from(e: PromptError) -> Self {
        Halt::Prompt(e)
    }
}

impl From<Error> for Halt {
    fn from(e: Error) -> Self {
        Halt::Save(e)
    }
}

pub(super) type Flow<T> = std::result::Result<T, Halt>;
pub(super) type Save<'a> = &'a mut dyn FnMut(&AnswerSet) -> Result<()>;

/// What heads a page, in order.
pub(super) enum Line {
    Heading(String),
    Text(String),
    Note(String),
}

pub(super) type Head = Vec<Line>;

/// Starts a page with `head`.
pub(super) fn open(p: &mut dyn Prompter, head: &Head) -> Flow<()> {
    p.page()?;
    for l in head {
        match l {
            Line::Heading(t) => p.heading(t)?,
            Line::Text(t) => p.show(t)?,
            Line::Note(t) => p.note(t)?,
        }
    }
    Ok(())
}
