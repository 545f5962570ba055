//! What the interview asks of whoever answers: the [`Prompter`] trait and its replies.

/// What the respondent did at a prompt.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply<T> {
    Answer(T),
    /// Return to the previous question.
    Back,
}

/// Why a prompt produced no reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptError {
    /// Ctrl-C.
    Interrupted,
    /// The terminal failed (closed, not a terminal, …).
    Failed(String),
}

pub type Prompted<T> = std::result::Result<Reply<T>, PromptError>;

/// Everything the interview needs from whoever answers.
pub trait Prompter {
    /// A new page begins: what is shown from now on replaces what the last page showed
    /// (a terminal clears its screen before the next prompt).
    fn page(&mut self) -> std::result::Result<(), PromptError> {
        Ok(())
    }
    /// The title of a section.
    fn heading(&mut self, text: &str) -> std::result::Result<(), PromptError> {
        self.show(&format!("── {text} ──"))
    }
    /// Shows text without asking anything (progress, read-backs).
    fn show(&mut self, text: &str) -> std::result::Result<(), PromptError>;
    /// Help and guidance, shown less prominently than the question itself.
    fn note(&mut self, text: &str) -> std::result::Result<(), PromptError> {
        self.show(text)
    }
    /// One of `items`. `default` is where the choice starts; `None` starts with
    /// nothing chosen, so the respondent has to pick.
    fn select(&mut self, prompt: &str, items: &[String], default: Option<usize>)
    -> Prompted<usize>;
    /// Any of `items`; `checked` says which start ticked.
    fn multi_select(
        &mut self,
        prompt: &str,
        items: &[String],
        checked: &[bool],
    ) -> Prompted<Vec<usize>>;
    /// A line of text, pre-filled with `initial`. Empty is allowed unless `required`.
    fn text(&mut self, prompt: &str, initial: &str, required: bool) -> Prompted<String>;
    fn confirm(&mut self, prompt: &str, default: bool) -> Prompted<bool>;
}

/// Typed in a text answer to go back, where Esc is not available.
pub const BACK_TEXT: &str = "<";
