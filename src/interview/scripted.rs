//! A prompter that replays scripted replies and records what was shown, so interview
//! flows are tested without a terminal.

use super::prompt::{PromptError, Prompted, Prompter, Reply};
use std::collections::VecDeque;

/// One scripted reply.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// Choose the item at this index.
    Pick(usize),
    /// Choose the item whose text contains this.
    PickText(String),
    /// Accept whatever is chosen or filled in already (at a list with nothing chosen
    /// yet, this is a mismatch: Enter chooses nothing there).
    Enter,
    Tick(Vec<usize>),
    Type(String),
    Yes,
    No,
    Back,
    /// Ctrl-C.
    Interrupt,
}

#[derive(Debug, Default)]
pub struct Scripted {
    steps: VecDeque<Step>,
    /// Everything shown and every prompt, in order, for assertions.
    pub transcript: Vec<String>,
}

impl Scripted {
    pub fn new(steps: impl IntoIterator<Item = Step>) -> Self {
        Scripted {
            steps: steps.into_iter().collect(),
            transcript: Vec::new(),
        }
    }

    pub fn remaining(&self) -> usize {
        self.steps.len()
    }

    fn next(&mut self, prompt: &str) -> Result<Step, PromptError> {
        self.transcript.push(format!("? {prompt}"));
        match self.steps.pop_front() {
            Some(Step::Interrupt) => Err(PromptError::Interrupted),
            Some(s) => Ok(s),
            // A script that runs out behaves like a closed terminal.
            None => Err(PromptError::Failed(format!("script ran out at: {prompt}"))),
        }
    }

    fn mismatch(step: &Step, prompt: &str) -> PromptError {
        PromptError::Failed(format!(
            "scripted {step:?} does not fit the prompt: {prompt}"
        ))
    }
}

impl Prompter for Scripted {
    fn show(&mut self, text: &str) -> Result<(), PromptError> {
        self.transcript.push(text.to_string());
        Ok(())
    }

    fn note(&mut self, text: &str) -> Result<(), PromptError> {
        self.transcript.push(format!("(note) {text}"));
        Ok(())
    }

    fn select(
        &mut self,
        prompt: &str,
        items: &[String],
        default: Option<usize>,
    ) -> Prompted<usize> {
        match self.next(prompt)? {
            Step::Pick(i) if i < items.len() => Ok(Reply::Answer(i)),
            Step::PickText(t) => match items.iter().position(|x| x.contains(&t)) {
                Some(i) => Ok(Reply::Answer(i)),
                None => Err(Self::mismatch(&Step::PickText(t), prompt)),
            },
            // Enter with nothing chosen chooses nothing, as on the terminal.
            Step::Enter => match default {
                Some(d) => Ok(Reply::Answer(d)),
                None => Err(Self::mismatch(&Step::Enter, prompt)),
            },
            Step::Back => Ok(Reply::Back),
            s => Err(Self::mismatch(&s, prompt)),
        }
    }

    fn multi_select(
        &mut self,
        prompt: &str,
        items: &[String],
        checked: &[bool],
    ) -> Prompted<Vec<usize>> {
        match self.next(prompt)? {
            Step::Tick(v) if v.iter().all(|i| *i < items.len()) => Ok(Reply::Answer(v)),
            Step::Enter => Ok(Reply::Answer(
                (0..items.len()).filter(|i| checked[*i]).collect(),
            )),
            Step::Back => Ok(Reply::Back),
            s => Err(Self::mismatch(&s, prompt)),
        }
    }

    fn text(&mut self, prompt: &str, initial: &str, required: bool) -> Prompted<String> {
        let answer = match self.next(prompt)? {
            Step::Type(t) => t,
            Step::Enter => initial.to_string(),
            Step::Back => return Ok(Reply::Back),
            s => return Err(Self::mismatch(&s, prompt)),
        };
        if required && answer.trim().is_empty() {
            return Err(PromptError::Failed(format!(
                "an answer is required at: {prompt}"
            )));
        }
        Ok(Reply::Answer(answer))
    }

    fn confirm(&mut self, prompt: &str, default: bool) -> Prompted<bool> {
        match self.next(prompt)? {
            Step::Yes => Ok(Reply::Answer(true)),
            Step::No => Ok(Reply::Answer(false)),
            Step::Enter => Ok(Reply::Answer(default)),
            Step::Back => Ok(Reply::Back),
            s => Err(Self::mismatch(&s, prompt)),
        }
    }
}
