//! The prompter for people: dialoguer on the terminal. Prompts are drawn on stderr so
//! stdout carries only the report.

use super::{PromptError, Prompted, Prompter, Reply};
use console::Term;
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Confirm, Input, MultiSelect, Select};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

pub struct Terminal {
    term: Term,
    theme: Box<dyn Theme>,
    interrupted: Arc<AtomicBool>,
}

impl Terminal {
    /// `color` false gives plain prompts (NO_COLOR, `--color never`). `interrupted` is
    /// set by the Ctrl-C handler.
    pub fn new(color: bool, interrupted: Arc<AtomicBool>) -> Self {
        console::set_colors_enabled(color);
        console::set_colors_enabled_stderr(color);
        let theme: Box<dyn Theme> = if color {
            Box::new(ColorfulTheme::default())
        } else {
            Box::new(SimpleTheme)
        };
        Terminal {
            term: Term::stderr(),
            theme,
            interrupted,
        }
    }

    fn width(&self) -> usize {
        (self.term.size().1 as usize).clamp(40, 100)
    }

    fn check(&self) -> Result<(), PromptError> {
        if self.interrupted.load(Ordering::SeqCst) {
            Err(PromptError::Interrupted)
        } else {
            Ok(())
        }
    }

    fn failed(&self, e: dialoguer::Error) -> PromptError {
        let dialoguer::Error::IO(e) = e;
        if e.kind() == std::io::ErrorKind::Interrupted || self.interrupted.load(Ordering::SeqCst) {
            PromptError::Interrupted
        } else {
            PromptError::Failed(e.to_string())
        }
    }

    /// Long prompts are printed wrapped above a short one: dialoguer redraws a prompt
    /// by counting lines, which goes wrong when the terminal wraps a long line itself.
    fn prompt(&self, prompt: &str) -> Result<String, PromptError> {
        let w = self.width();
        if prompt.chars().count() + 12 <= w {
            return Ok(prompt.to_string());
        }
        for line in textwrap::wrap(prompt, w) {
            self.term
                .write_line(&line)
                .map_err(|e| PromptError::Failed(e.to_string()))?;
        }
        Ok("Answer".to_string())
    }
}

impl Prompter for Terminal {
    fn show(&mut self, text: &str) -> Result<(), PromptError> {
        self.check()?;
        let w = self.width();
        let mut out = String::new();
        for para in text.split('\n') {
            for line in textwrap::wrap(para, w) {
                out.push_str(&line);
                out.push('\n');
            }
        }
        self.term
            .write_str(&format!("\n{out}"))
            .map_err(|e| PromptError::Failed(e.to_string()))
    }

    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Prompted<usize> {
        self.check()?;
        let prompt = self.prompt(prompt)?;
        let rows = (self.term.size().0 as usize).saturating_sub(4).max(5);
        match Select::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .items(items)
            .default(default.min(items.len().saturating_sub(1)))
            .max_length(rows)
            .interact_on_opt(&self.term)
        {
            Ok(Some(i)) => Ok(Reply::Answer(i)),
            Ok(None) => Ok(Reply::Back),
            Err(e) => Err(self.failed(e)),
        }
    }

    fn multi_select(
        &mut self,
        prompt: &str,
        items: &[String],
        checked: &[bool],
    ) -> Prompted<Vec<usize>> {
        self.check()?;
        let prompt = self.prompt(prompt)?;
        let rows = (self.term.size().0 as usize).saturating_sub(4).max(5);
        match MultiSelect::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .items(items)
            .defaults(checked)
            .max_length(rows)
            .interact_on_opt(&self.term)
        {
            Ok(Some(v)) => Ok(Reply::Answer(v)),
            Ok(None) => Ok(Reply::Back),
            Err(e) => Err(self.failed(e)),
        }
    }

    fn text(&mut self, prompt: &str, initial: &str, required: bool) -> Prompted<String> {
        self.check()?;
        let prompt = self.prompt(prompt)?;
        let mut input = Input::<String>::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .with_initial_text(initial)
            .allow_empty(!required);
        if required {
            input = input.validate_with(|s: &String| {
                if s.trim().is_empty() {
                    Err("an answer is needed here")
                } else {
                    Ok(())
                }
            });
        }
        match input.interact_text_on(&self.term) {
            Ok(s) => Ok(Reply::Answer(s)),
            Err(e) => Err(self.failed(e)),
        }
    }

    fn confirm(&mut self, prompt: &str, default: bool) -> Prompted<bool> {
        self.check()?;
        let prompt = self.prompt(prompt)?;
        match Confirm::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .default(default)
            .interact_on_opt(&self.term)
        {
            Ok(Some(b)) => Ok(Reply::Answer(b)),
            Ok(None) => Ok(Reply::Back),
            Err(e) => Err(self.failed(e)),
        }
    }
}
