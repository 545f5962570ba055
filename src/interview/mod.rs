//! The interview: asks a questionnaire's questions in order, skipping those whose
//! condition does not hold, lets the respondent go back (to the name and role prompts
//! too), runs the five-whys flow, saves after every answer (and after every step of a
//! five-whys chain), and ends with a review of every answer, any of which can be
//! changed there. Each question is a page of its own. All prompting goes through
//! [`Prompter`], so the flow is tested with [`scripted::Scripted`] and shown to people
//! with [`terminal::Terminal`] (dialoguer) or, without cursor control, [`plain::Plain`].

mod ask;
mod flow;
pub mod layout;
mod look;
mod page;
pub mod plain;
mod progress;
mod prompt;
pub mod scripted;
pub mod terminal;
mod whys;

pub use flow::{FINISH, Options, Outcome, first_unanswered, prune, run, run_with, who};
pub use progress::{position, progress};
pub use prompt::{BACK_TEXT, PromptError, Prompted, Prompter, Reply};
pub use whys::{MIN_WHYS, read_back, weakest_area};
