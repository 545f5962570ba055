//! The prompter for people at a terminal with cursor control: dialoguer's prompts, on
//! stderr so stdout carries only the report.
//!
//! Everything is wrapped to the terminal's width before dialoguer draws it, so no line
//! is wider than the terminal and dialoguer erases exactly what it drew. Each prompt
//! starts on a cleared screen that shows the page it belongs to (the question's
//! progress, help and statement): whatever a resize or an earlier prompt left behind
//! is gone by the next prompt.

use super::layout::{self, wrap};
use super::look::{self, Look};
use super::prompt::{PromptError, Prompted, Prompter, Reply};
use console::{Term, style};
use dialoguer::{Confirm, Input, MultiSelect, Select};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// How to answer, said once before the first question.
pub const KEYS: &str = "↑↓ (or j k) move, Enter chooses, Space ticks checklist items, Esc goes back; \
    in a text answer, type < and Enter to go back.";

/// Whether the terminal takes cursor movement: not when `TERM` is `dumb` or unset
/// (then [`super::plain::Plain`] asks line by line).
pub fn cursor_control() -> bool {
    if cfg!(windows) {
        return true;
    }
    match std::env::var("TERM") {
        Ok(t) => !t.is_empty() && t != "dumb",
        Err(_) => false,
    }
}

/// What the current page shows above the prompt.
enum Piece {
    Heading(String),
    Text(String),
    Note(String),
}

pub struct Terminal {
    term: Term,
    interrupted: Arc<AtomicBool>,
    page: Vec<Piece>,
}

impl Terminal {
    /// `color` false gives plain prompts (NO_COLOR, `--color never`). `interrupted` is
    /// set by the signal handler.
    pub fn new(color: bool, interrupted: Arc<AtomicBool>) -> Self {
        console::set_colors_enabled(color);
        console::set_colors_enabled_stderr(color);
        Terminal {
            term: Term::stderr(),
            interrupted,
            page: Vec::new(),
        }
    }

    fn cols(&self) -> usize {
        self.term.size().1 as usize
    }

    fn rows(&self) -> usize {
        (self.term.size().0 as usize).max(8)
    }

    fn check(&self) -> Result<(), PromptError> {
        if self.interrupted.load(Ordering::SeqCst) {
            Err(PromptError::Interrupted)
        } else {
            Ok(())
        }
    }

    fn write(&self, s: &str) -> Result<(), PromptError> {
        self.term
            .write_str(s)
            .map_err(|e| PromptError::Failed(e.to_string()))
    }

    /// A prompt that failed: Ctrl-C (console raises SIGINT and returns `Interrupted`),
    /// a signal, or the terminal itself. The cursor dialoguer hid is shown again.
    fn failed(&self, e: dialoguer::Error) -> PromptError {
        let _ = self.term.show_cursor();
        let dialoguer::Error::IO(e) = e;
        if e.kind() == std::io::ErrorKind::Interrupted || self.interrupted.load(Ordering::SeqCst) {
            PromptError::Interrupted
        } else {
            PromptError::Failed(e.to_string())
        }
    }

    /// One piece of the page as the terminal shows it at width `w`.
    fn render(piece: &Piece, w: usize, out: &mut Vec<String>) {
        match piece {
            Piece::Heading(t) => {
                let lines = wrap(t, w, "", "");
                let rule = lines.iter().map(|l| console::measure_text_width(l)).max();
                out.extend(lines.iter().map(|l| bold(l)));
                out.push("─".repeat(rule.unwrap_or(0)));
            }
            Piece::Text(t) => out.extend(wrap(t, w, "", "")),
            Piece::Note(t) => {
                for para in t.split('\n') {
                    // Bullets hang under their first word.
                    let (first, rest) = if para.starts_with("· ") {
                        ("  ", "    ")
                    } else {
                        ("", "")
                    };
                    out.extend(wrap(para, w, first, rest).iter().map(|l| dim(l)));
                }
            }
        }
    }

    /// Clears the screen and draws the page, a blank line, the statement in bold and
    /// `hint` dimmed: what every prompt starts from.
    fn draw(&self, statement: &str, hint: Option<&str>) -> Result<usize, PromptError> {
        let w = layout::width(self.cols());
        let mut lines = Vec::new();
        for (i, piece) in self.page.iter().enumerate() {
            // A blank line before each text, so that without colour the structure
            // still shows.
            if i > 0 && matches!(piece, Piece::Text(_) | Piece::Heading(_)) {
                lines.push(String::new());
            }
            Self::render(piece, w, &mut lines);
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        let own = wrap(statement, w, "", "");
        let tall = own.len();
        lines.extend(own.iter().map(|l| bold(l)));
        if let Some(h) = hint {
            lines.extend(layout::hint(h, w).iter().map(|l| dim(l)));
        }
        // Home, erase the screen, then the page.
        let mut s = String::from("\x1b[H\x1b[2J");
        for l in &lines {
            s.push_str(l);
            s.push('\n');
        }
        self.write(&s)?;
        Ok(tall)
    }

    /// `items` laid out for a list whose items start after `lead` columns below the
    /// statement's `statement_rows`; the hint above them (`first`, then how to page
    /// when they do not fit, with room for dialoguer's page number); and how many
    /// items fit on a page.
    fn list(
        &self,
        items: &[String],
        lead: usize,
        first: &str,
        statement_rows: usize,
    ) -> (Vec<String>, String, usize) {
        let cols = self.cols();
        let w = layout::width(cols);
        let laid: Vec<String> = items
            .iter()
            .map(|i| layout::item(i, w - lead, cols))
            .collect();
        let tallest = laid.iter().map(|i| i.lines().count()).max().unwrap_or(1);
        // When paged, " [Page 10/12] " goes after the hint's last line.
        let paged_hint = format!("{first} · ←→ page · Esc back");
        let paged_width = w.saturating_sub(15).max(10);
        let hint_rows = layout::hint(&paged_hint, paged_width).len();
        let room = self.rows().saturating_sub(hint_rows + statement_rows + 1);
        let per_page = (room / tallest).max(1);
        let hint = if items.len() > per_page {
            layout::hint(&paged_hint, paged_width)
        } else {
            layout::hint(&format!("{first} · Esc back"), w)
        };
        let hint = hint.iter().map(|l| dim(l)).collect::<Vec<_>>().join("\n");
        (laid, hint, per_page)
    }
}

fn bold(s: &str) -> String {
    style(s).for_stderr().bold().to_string()
}

fn dim(s: &str) -> String {
    style(s).for_stderr().dim().to_string()
}

impl Prompter for Terminal {
    fn page(&mut self) -> Result<(), PromptError> {
        self.check()?;
        self.page.clear();
        Ok(())
    }

    fn heading(&mut self, text: &str) -> Result<(), PromptError> {
        self.check()?;
        self.page.push(Piece::Heading(text.to_string()));
        Ok(())
    }

    fn show(&mut self, text: &str) -> Result<(), PromptError> {
        self.check()?;
        self.page.push(Piece::Text(text.to_string()));
        Ok(())
    }

    fn note(&mut self, text: &str) -> Result<(), PromptError> {
        self.check()?;
        self.page.push(Piece::Note(text.to_string()));
        Ok(())
    }

    fn select(
        &mut self,
        prompt: &str,
        items: &[String],
        default: Option<usize>,
    ) -> Prompted<usize> {
        self.check()?;
        if items.is_empty() {
            return Err(PromptError::Failed("a list with nothing to choose".into()));
        }
        let tall = self.draw(prompt, None)?;
        let (laid, hint, per_page) =
            self.list(items, look::POINTER, "↑↓ move · Enter chooses", tall);
        let mut s = Select::with_theme(&Look)
            .with_prompt(hint)
            .report(false)
            .items(&laid)
            .max_length(per_page);
        // Without an answer yet nothing is highlighted: Enter alone chooses nothing.
        if let Some(d) = default {
            s = s.default(d.min(items.len() - 1));
        }
        match s.interact_on_opt(&self.term) {
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
        if items.is_empty() {
            return Ok(Reply::Answer(Vec::new()));
        }
        let tall = self.draw(prompt, None)?;
        let (laid, hint, per_page) = self.list(
            items,
            look::TICK,
            "↑↓ move · Space ticks · Enter confirms",
            tall,
        );
        let ticked = laid
            .iter()
            .enumerate()
            .map(|(i, s)| (s.clone(), checked.get(i).copied().unwrap_or(false)));
        match MultiSelect::with_theme(&Look)
            .with_prompt(hint)
            .report(false)
            .items_checked(ticked)
            .max_length(per_page)
            .interact_on_opt(&self.term)
        {
            Ok(Some(picked)) => Ok(Reply::Answer(picked)),
            Ok(None) => Ok(Reply::Back),
            Err(e) => Err(self.failed(e)),
        }
    }

    fn text(&mut self, prompt: &str, initial: &str, required: bool) -> Prompted<String> {
        self.check()?;
        // dialoguer's line editor has no Esc: going back is typing "<".
        self.draw(
            prompt,
            Some(&format!(
                "Enter confirms · type {} and Enter to go back",
                super::prompt::BACK_TEXT
            )),
        )?;
        let mut input = Input::<String>::with_theme(&Look)
            .allow_empty(true)
            .report(false);
        if !initial.is_empty() {
            input = input.with_initial_text(initial);
        }
        if required {
            input = input.validate_with(|s: &String| {
                if s.trim().is_empty() {
                    Err("An answer is needed here.")
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
        self.draw(
            prompt,
            Some("y yes · n no · Enter takes the capital one · Esc back"),
        )?;
        match Confirm::with_theme(&Look)
            .default(default)
            .report(false)
            .interact_on_opt(&self.term)
        {
            Ok(Some(b)) => Ok(Reply::Answer(b)),
            Ok(None) => Ok(Reply::Back),
            Err(e) => Err(self.failed(e)),
        }
    }
}
