//! `tandem run`: the interactive interview's edge — terminal checks, the answers file,
//! Ctrl-C, and the report at the end. The flow itself is in [`crate::interview`].

use super::Ui;
use super::ui::text_width;
use crate::answers::{self, AnswerSet};
use crate::date::today;
use crate::error::{Error, Exit, Result};
use crate::interview::{self, Outcome, Prompter, Reply, terminal::Terminal};
use crate::load::{Against, read_answers};
use crate::questionnaire::{self, Questionnaire};
use crate::render::{self, Format, TextOptions};
use crate::report::{self, Report};
use crate::scoring;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Questionnaire: a built-in name or a file
    #[arg(
        short = 'q',
        long = "questionnaire",
        value_name = "Q",
        conflicts_with = "resume"
    )]
    pub questionnaire: Option<String>,
    /// Where to save the answers (default: NAME-DATE.toml in the current folder)
    #[arg(short, long, value_name = "FILE", conflicts_with = "resume")]
    pub out: Option<PathBuf>,
    /// The respondent's name (asked when not given)
    #[arg(long, value_name = "NAME", conflicts_with = "resume")]
    pub respondent: Option<String>,
    /// The respondent's role, one of the questionnaire's roles (asked when not given)
    #[arg(long, value_name = "ROLE", conflicts_with = "resume")]
    pub role: Option<String>,
    /// The date to record, YYYY-MM-DD (default: today)
    #[arg(long, value_name = "DATE", conflicts_with = "resume")]
    pub date: Option<String>,
    /// Continue an interrupted interview saved in FILE
    #[arg(long, value_name = "FILE")]
    pub resume: Option<PathBuf>,
    /// Show only the N most severe root causes in the final report
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
}

pub fn run(a: RunArgs, ui: Ui, out: &mut dyn Write, err: &mut dyn Write) -> Result<Exit> {
    // Without a terminal there is nobody to ask: say what to do instead, at once.
    let missing = if !std::io::stdin().is_terminal() {
        Some("standard input")
    } else if !std::io::stderr().is_terminal() {
        Some("standard error")
    } else {
        None
    };
    if let Some(which) = missing {
        return Err(Error::Usage(format!(
            "tandem run asks questions in a terminal, and {which} is not one. To answer without a terminal: \
             `tandem template > answers.toml`, fill it in, then `tandem score answers.toml`."
        )));
    }
    let _guard = SignalKeys::disable();
    let interrupted = Arc::new(AtomicBool::new(false));
    // A signal now only records the interruption; the prompt in progress returns, and
    // the interview stops cleanly with the answers saved.
    super::signals::route_to_interview(interrupted.clone());
    let mut p = Terminal::new(ui.color_err, interrupted.clone());

    let (q, set, path) = match &a.resume {
        Some(file) => {
            let (_, q, set) = read_answers(file, Against::BUILTIN)?;
            (q.into_owned(), set, file.clone())
        }
        None => match start(&a, &mut p)? {
            Some(v) => v,
            None => return interrupted_exit(err, None, &AnswerSet::default()),
        },
    };
    if a.resume.is_some() && interview::first_unanswered(&q, &set).is_none() && set.complete {
        let _ = writeln!(
            err,
            "{}: every question is answered already; here is the report.",
            path.display()
        );
        print_report(&q, &set, &path, a.top, ui, out)?;
        return Ok(Exit::Ok);
    }
    let mut save =
        |s: &AnswerSet| answers::atomic_write(&path, answers::to_toml(&q, s, false).as_bytes());
    save(&set)?;
    let outcome = interview::run(&q, set, &mut p, &mut save);
    let _ = console::Term::stderr().show_cursor();
    match outcome? {
        Outcome::Completed(set) => {
            ui.note(err, &format!("\nAnswers saved to {}", path.display()));
            print_report(&q, &set, &path, a.top, ui, out)?;
            Ok(Exit::Ok)
        }
        Outcome::Interrupted(set) => interrupted_exit(err, Some(&path), &set),
    }
}

/// While the interview runs, Ctrl-C must arrive as a key the prompt reads, never as a
/// signal from the terminal: a signal that lands between two prompts cannot wake the
/// next prompt's read, which would then wait for a key forever. With the terminal's
/// ISIG flag off, Ctrl-C typed at any moment is read by the next prompt, which stops
/// the interview cleanly. The guard puts the terminal back as it found it.
struct SignalKeys {
    #[cfg(unix)]
    saved: Option<rustix::termios::Termios>,
}

impl SignalKeys {
    fn disable() -> Self {
        #[cfg(unix)]
        {
            use rustix::termios::{LocalModes, OptionalActions, tcgetattr, tcsetattr};
            let stdin = std::io::stdin();
            let Ok(saved) = tcgetattr(&stdin) else {
                return SignalKeys { saved: None };
            };
            let mut t = saved.clone();
            t.local_modes.remove(LocalModes::ISIG);
            if tcsetattr(&stdin, OptionalActions::Now, &t).is_err() {
                return SignalKeys { saved: None };
            }
            SignalKeys { saved: Some(saved) }
        }
        #[cfg(not(unix))]
        SignalKeys {}
    }
}

impl Drop for SignalKeys {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(t) = &self.saved {
            let _ = rustix::termios::tcsetattr(
                std::io::stdin(),
                rustix::termios::OptionalActions::Now,
                t,
            );
        }
    }
}

fn interrupted_exit(err: &mut dyn Write, path: Option<&Path>, set: &AnswerSet) -> Result<Exit> {
    let _ = console::Term::stderr().show_cursor();
    match path {
        Some(p) => {
            let _ = writeln!(
                err,
                "\nInterrupted: {} answer{} saved in {}. Continue with: tandem run --resume {}",
                set.answers.len(),
                if set.answers.len() == 1 { "" } else { "s" },
                p.display(),
                p.display()
            );
        }
        None => {
            let _ = writeln!(
                err,
                "\nInterrupted before the first question; nothing was saved."
            );
        }
    }
    Ok(Exit::Interrupted)
}

fn print_report(
    q: &Questionnaire,
    set: &AnswerSet,
    path: &Path,
    top: Option<usize>,
    ui: Ui,
    out: &mut dyn Write,
) -> Result<()> {
    let s = scoring::score(q, set);
    let mut rep = Report::Single(Box::new(report::single(
        q,
        set,
        &s,
        &path.display().to_string(),
    )));
    rep.limit_causes(top);
    let text = render::renderer(
        Format::Text,
        TextOptions {
            width: text_width(None, true),
            color: ui.color_out,
        },
    )
    .render(&crate::render::Document {
        report: rep,
        gates: None,
    })?;
    out.write_all(text.as_bytes())
        .map_err(|e| Error::io(Path::new("<stdout>"), e))
}

/// A new interview: questionnaire, respondent, role, date and the file to save to.
/// `None` when the respondent pressed Ctrl-C before the first question.
fn start(a: &RunArgs, p: &mut Terminal) -> Result<Option<(Questionnaire, AnswerSet, PathBuf)>> {
    let spec = a.questionnaire.as_deref().unwrap_or(questionnaire::DEFAULT);
    let (_, q) = questionnaire::resolve(spec)?;
    if let Some(role) = &a.role
        && q.role(role).is_none()
    {
        let ids: Vec<&str> = q.roles.iter().map(|r| r.id.as_str()).collect();
        return Err(Error::Usage(format!(
            "unknown role `{role}` (expected one of: {})",
            ids.join(", ")
        )));
    }
    let date = match &a.date {
        Some(d) if answers::valid_date(d) => d.clone(),
        Some(d) => {
            return Err(Error::Usage(format!(
                "--date `{d}` is not a date written YYYY-MM-DD"
            )));
        }
        None => today(),
    };
    if let Some(o) = &a.out {
        if o.is_dir() {
            return Err(Error::Usage(format!(
                "--out {}: is a directory, expected a file",
                o.display()
            )));
        }
        if o.as_os_str() == "-" {
            // Answers are saved after every question: that needs a file, not a stream.
            return Err(Error::Usage(
                "--out -: the interview saves answers to a file after every question; name a file"
                    .into(),
            ));
        }
    }
    let _ = p.show(&format!(
        "{}\nArrows and Enter choose; Space ticks checklist items; Esc goes back a question (type < in text answers).\n\
         Your answers are saved after every question; Ctrl-C stops and you can resume later.",
        crate::sanitize::plain(&q.title)
    ));
    let respondent = match &a.respondent {
        Some(r) => r.clone(),
        None => match p.text("Your name (or leave empty to stay anonymous)", "", false) {
            Ok(Reply::Answer(s)) => s.trim().to_string(),
            Ok(Reply::Back) => String::new(),
            Err(interview::PromptError::Interrupted) => return Ok(None),
            Err(interview::PromptError::Failed(m)) => {
                return Err(Error::Input(format!("the terminal failed: {m}")));
            }
        },
    };
    let role = match &a.role {
        Some(r) => r.clone(),
        None => {
            let items: Vec<String> = q
                .roles
                .iter()
                .map(|r| crate::sanitize::plain(&r.name))
                .collect();
            loop {
                match p.select("Your role", &items, 0) {
                    Ok(Reply::Answer(i)) => break q.roles[i].id.clone(),
                    Ok(Reply::Back) => continue,
                    Err(interview::PromptError::Interrupted) => return Ok(None),
                    Err(interview::PromptError::Failed(m)) => {
                        return Err(Error::Input(format!("the terminal failed: {m}")));
                    }
                }
            }
        }
    };
    let path = match &a.out {
        Some(o) if o.exists() => {
            let msg = format!("{} exists. Overwrite it?", o.display());
            match p.confirm(&msg, false) {
                Ok(Reply::Answer(true)) => o.clone(),
                Ok(_) => {
                    return Err(Error::Usage(format!(
                        "{} exists and was kept; to continue an interview saved there: tandem run --resume {}",
                        o.display(),
                        o.display()
                    )));
                }
                Err(_) => return Ok(None),
            }
        }
        Some(o) => o.clone(),
        None => free_name(&respondent, &date),
    };
    let set = AnswerSet {
        questionnaire: q.id.clone(),
        version: q.version.clone(),
        respondent: (!respondent.is_empty()).then_some(respondent),
        role: Some(role),
        date: Some(date),
        complete: false,
        answers: Default::default(),
    };
    Ok(Some((q, set, path)))
}

/// `NAME-DATE.toml` in the current folder, numbered when taken: never overwrites.
fn free_name(respondent: &str, date: &str) -> PathBuf {
    let slug: String = respondent
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let base = if slug.is_empty() {
        "answers".to_string()
    } else {
        slug.chars().take(40).collect()
    };
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("{base}-{date}.toml")
        } else {
            format!("{base}-{date}-{n}.toml")
        };
        let p = PathBuf::from(name);
        if !p.exists() {
            return p;
        }
        n += 1;
    }
}
