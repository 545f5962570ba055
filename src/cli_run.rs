//! `tandem run`: the interactive interview's edge — terminal checks, the answers file,
//! Ctrl-C, and the report at the end. The flow itself is in [`crate::interview`].

use crate::answers::{self, AnswerSet};
use crate::cli::{RunArgs, Ui, load_answers, text_width};
use crate::error::{EXIT_OK, Error, Result};
use crate::interview::{self, Outcome, Prompter, Reply, terminal::Terminal};
use crate::questionnaire::{self, Questionnaire};
use crate::render::{self, Format, TextOptions};
use crate::report::{self, Report};
use crate::scoring;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Exit code after Ctrl-C (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: u8 = 130;

pub fn run(a: RunArgs, ui: Ui, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8> {
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
    {
        let flag = interrupted.clone();
        // The handler only records Ctrl-C; the prompt in progress returns, and the
        // interview stops cleanly with the answers saved.
        let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
    }
    let mut p = Terminal::new(ui.color_err, interrupted.clone());

    let (q, set, path) = match &a.resume {
        Some(file) => {
            let (_, q, set) = load_answers(file, None)?;
            (q, set, file.clone())
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
        return Ok(EXIT_OK);
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
            Ok(EXIT_OK)
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
    saved: Option<libc::termios>,
}

impl SignalKeys {
    fn disable() -> Self {
        #[cfg(unix)]
        {
            // SAFETY: tcgetattr/tcsetattr on stdin with a zeroed termios they fill in.
            unsafe {
                let mut t: libc::termios = std::mem::zeroed();
                if libc::tcgetattr(libc::STDIN_FILENO, &mut t) != 0 {
                    return SignalKeys { saved: None };
                }
                let saved = t;
                t.c_lflag &= !libc::ISIG;
                if libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &t) != 0 {
                    return SignalKeys { saved: None };
                }
                SignalKeys { saved: Some(saved) }
            }
        }
        #[cfg(not(unix))]
        SignalKeys {}
    }
}

impl Drop for SignalKeys {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(t) = &self.saved {
            // SAFETY: restores the attributes read in `disable`.
            unsafe {
                libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, t);
            }
        }
    }
}

fn interrupted_exit(err: &mut dyn Write, path: Option<&Path>, set: &AnswerSet) -> Result<u8> {
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
    Ok(EXIT_INTERRUPTED)
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
    if a.out.as_ref().is_some_and(|o| o.is_dir()) {
        return Err(Error::Usage(format!(
            "--out {}: is a directory, expected a file",
            a.out.as_ref().unwrap().display()
        )));
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

/// Today's date (UTC) as YYYY-MM-DD, from the system clock.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(20_414), (2025, 11, 22));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
