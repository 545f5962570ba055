//! `tandem run`: the interactive interview's edge — terminal checks, the answers file,
//! Ctrl-C, and the report at the end. The flow itself is in [`crate::interview`].

use super::Ui;
use super::ui::text_width;
use crate::answers::{self, AnswerSet};
use crate::date::today;
use crate::error::{Error, Exit, Result};
use crate::interview::layout::{self, MIN_WIDTH};
use crate::interview::plain::Plain;
use crate::interview::terminal::{self, Terminal};
use crate::interview::{self, Options, Outcome, Prompter, Reply};
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
    /// Questionnaire: a built-in name or a file (with --resume: the file the answers
    /// were given for, when it is not built in)
    #[arg(short = 'q', long = "questionnaire", value_name = "Q")]
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
    let cols = console::Term::stderr().size().1 as usize;
    if cols < MIN_WIDTH {
        return Err(Error::Usage(format!(
            "tandem run needs a terminal at least {MIN_WIDTH} columns wide, and this one is {cols}: \
             widen it, or answer without a terminal: `tandem template > answers.toml`, then `tandem score answers.toml`."
        )));
    }
    if a.questionnaire.as_deref() == Some("-") {
        return Err(Error::Usage(
            "-q -: the interview reads your keys from standard input; name the questionnaire's file".into(),
        ));
    }
    // With cursor control keys are read one by one, Ctrl-C included (see SignalKeys);
    // line by line the terminal edits the line, and Ctrl-C stays a signal.
    let cursor = terminal::cursor_control();
    let _guard = cursor.then(SignalKeys::disable);
    let interrupted = Arc::new(AtomicBool::new(false));
    // A signal now only records the interruption; the prompt in progress returns, and
    // the interview stops cleanly with the answers saved.
    super::signals::route_to_interview(interrupted.clone());
    let (mut p, keys): (Box<dyn Prompter>, &str) = if cursor {
        (
            Box::new(Terminal::new(ui.color_err, interrupted.clone())),
            terminal::KEYS,
        )
    } else {
        (
            Box::new(Plain::new(interrupted.clone())),
            interview::plain::KEYS,
        )
    };

    let (q, set, path, _lock, opts) = match &a.resume {
        Some(file) => {
            let lock = WriteLock::take(file)?;
            let given = match &a.questionnaire {
                Some(spec) => Some(questionnaire::resolve(spec)?.1),
                None => None,
            };
            let against = match &given {
                Some(q) => Against::Given(q),
                None => Against::BUILTIN,
            };
            let (_, q, set) = read_answers(file, against)?;
            let opts = Options {
                ask_name: true,
                ask_role: true,
                welcome: vec![keys.to_string()],
            };
            (q.into_owned(), set, file.clone(), lock, opts)
        }
        None => match start(&a, p.as_mut(), keys)? {
            Some(v) => v,
            None => return interrupted_exit(err, None, &AnswerSet::default(), cursor),
        },
    };
    // Only a questionnaire that is not built in needs naming again to resume.
    let q_arg = a
        .questionnaire
        .as_deref()
        .filter(|s| questionnaire::builtin(s).is_none());
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
    let outcome = interview::run_with(&q, set, &opts, p.as_mut(), &mut save);
    if cursor {
        let _ = console::Term::stderr().show_cursor();
    }
    match outcome? {
        Outcome::Completed(set) => {
            print_report(&q, &set, &path, a.top, ui, out)?;
            let _ = out.flush();
            // After the report, so it is on screen when the report has scrolled by.
            ui.note(err, &closing(&path, q_arg));
            Ok(Exit::Ok)
        }
        Outcome::Interrupted(set) => interrupted_exit(err, Some((&path, q_arg)), &set, cursor),
    }
}

/// Columns for the closing messages: the terminal's, less one.
fn message_width() -> usize {
    layout::width((console::Term::stderr().size().1 as usize).max(MIN_WIDTH))
}

/// `text` then `item` (a file name): on one line when they fit, else the item on a
/// line of its own, so that it is never cut.
fn said_with(text: &str, item: &str, w: usize) -> String {
    let line = format!("{text} {item}");
    if line.chars().count() <= w {
        line
    } else {
        format!("{}\n{}", layout::prose(text, w), command(item))
    }
}

/// A command on lines of its own, indented, broken between words when it is wider
/// than the terminal (it may take every column: nothing is drawn over it).
fn command(cmd: &str) -> String {
    let cols = (console::Term::stderr().size().1 as usize).max(MIN_WIDTH);
    layout::command(cmd, cols, "  ").join("\n")
}

/// Where the answers are and the next useful commands: prose wrapped by word to the
/// terminal, commands whole on their own lines, to copy.
fn closing(path: &Path, q_arg: Option<&str>) -> String {
    let w = message_width();
    let file = shell_word(&path.display().to_string());
    let html = shell_word(&path.with_extension("html").display().to_string());
    let q = q_arg
        .map(|s| format!("-q {} ", shell_word(s)))
        .unwrap_or_default();
    format!(
        "\n{}\n{}\n{}\n{}\n{}",
        said_with("Answers saved to", &file, w),
        layout::prose("Next, the report as a page to share or print:", w),
        command(&format!(
            "tandem score {q}{file} --format html --out {html}"
        )),
        layout::prose(
            "or everyone's answers together, once each answers file is in FOLDER:",
            w
        ),
        command(&format!("tandem score {q}FOLDER")),
    )
}

/// While the interview runs, keys reach the prompts as they are typed and nothing
/// else: Ctrl-C must arrive as a key the prompt reads, never as a signal from the
/// terminal, since a signal that lands between two prompts cannot wake the next
/// prompt's read, which would then wait for a key forever (with ISIG off, Ctrl-C typed
/// at any moment is read by the next prompt, which stops the interview cleanly). And
/// keys typed while a prompt redraws must not be echoed by the terminal over what it
/// draws (console sets raw mode only while it reads a key, and returns to this mode in
/// between), hence ECHO and ICANON off too. The guard puts the terminal back as it
/// found it.
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
            t.local_modes
                .remove(LocalModes::ISIG | LocalModes::ECHO | LocalModes::ICANON);
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

/// Held while an interview writes its answers file, so that a second interview on
/// the same file (two `--out`, two `--resume`) is refused instead of both saving over
/// each other. The lock is an advisory lock on `.NAME.lock` beside the file: the file
/// itself is replaced on every save, and a lock on a replaced file would guard nothing.
/// It follows the file, not the name it was given by: links are followed and the
/// folder resolved, so `link.toml` or `sub/../w.toml` meet the lock `w.toml` holds.
/// The operating system releases it when the process ends, however it ends.
struct WriteLock {
    file: std::fs::File,
    path: PathBuf,
}

/// The file `answers` stands for, whatever name it was given by: links followed
/// (saving writes through them), the folder's `..`, `.` and links resolved.
fn real_file(answers: &Path) -> PathBuf {
    let target = crate::atomic::resolve_links(answers).unwrap_or_else(|_| answers.to_path_buf());
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    match (std::fs::canonicalize(&dir), target.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => target,
    }
}

impl WriteLock {
    fn take(answers: &Path) -> Result<WriteLock> {
        use fs4::fs_std::FileExt;
        let real = real_file(answers);
        let name = real
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "answers".into());
        let path = real.with_file_name(format!(".{name}.lock"));
        loop {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(|e| Error::io(&path, e))?;
            if !file.try_lock_exclusive().map_err(|e| Error::io(&path, e))? {
                // Named another way than the file itself: say which file that is.
                let other_name = is_link(answers)
                    || answers
                        .components()
                        .any(|c| c == std::path::Component::ParentDir);
                let also = if other_name {
                    format!(" (it is {})", real.display())
                } else {
                    String::new()
                };
                return Err(Error::file(
                    answers.display().to_string(),
                    format!(
                        "another `tandem run` is saving answers to this file{also}; finish or stop that interview first"
                    ),
                ));
            }
            // The run that held the lock may have removed its lock file between our
            // open and our lock; then ours locks a file nobody else can see: retry.
            if same_file(&file, &path) {
                return Ok(WriteLock { file, path });
            }
        }
    }
}

fn is_link(p: &Path) -> bool {
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
}

fn same_file(file: &std::fs::File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), std::fs::metadata(path)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, path);
        true
    }
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        // Removed while still locked, so nobody locks a file that is going away.
        let _ = std::fs::remove_file(&self.path);
        let _ = &self.file;
    }
}

/// `s` as one word for a POSIX shell: quoted when it holds anything but plain
/// characters, so a printed command works when pasted.
fn shell_word(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./:=@%+,".contains(c));
    let word = if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    };
    crate::sanitize::plain(&word)
}

fn interrupted_exit(
    err: &mut dyn Write,
    at: Option<(&Path, Option<&str>)>,
    set: &AnswerSet,
    cursor: bool,
) -> Result<Exit> {
    if cursor {
        let _ = console::Term::stderr().show_cursor();
    }
    let w = message_width();
    match at {
        Some((p, q_arg)) => {
            let file = shell_word(&p.display().to_string());
            let q = q_arg
                .map(|s| format!("-q {} ", shell_word(s)))
                .unwrap_or_default();
            let n = set.answers.len();
            let said = format!(
                "Interrupted: {n} answer{} saved in",
                if n == 1 { "" } else { "s" }
            );
            let _ = writeln!(
                err,
                "\n{}\n{}\n{}",
                said_with(&said, &format!("{file}."), w),
                layout::prose("Continue with:", w),
                command(&format!("tandem run {q}--resume {file}"))
            );
        }
        None => {
            let _ = writeln!(
                err,
                "\n{}",
                layout::prose(
                    "Interrupted before the first question; nothing was saved.",
                    w
                )
            );
        }
    }
    Ok(Exit::Interrupted)
}

/// The report's width: the terminal's, also when stdout is piped (`| tee`) while the
/// interview runs in a terminal; `COLUMNS` still decides when set.
fn report_width() -> u16 {
    if std::io::stdout().is_terminal() || std::env::var_os("COLUMNS").is_some() {
        return text_width(None, true);
    }
    let (_, cols) = console::Term::stderr().size();
    cols.clamp(40, 400)
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
            width: report_width(),
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

/// A new interview: questionnaire, respondent, role, date, the file to save to and
/// what the interview asks besides the questions. `None` when the respondent pressed
/// Ctrl-C before the first question.
type Started = (Questionnaire, AnswerSet, PathBuf, WriteLock, Options);

fn start(a: &RunArgs, p: &mut dyn Prompter, keys: &str) -> Result<Option<Started>> {
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
    // Locked before anything is asked, and before offering to overwrite: a file
    // another interview is saving to is refused at once.
    let mut lock = match &a.out {
        Some(o) => Some(WriteLock::take(o)?),
        None => None,
    };
    let mut opts = Options {
        ask_name: a.respondent.is_none(),
        ask_role: a.role.is_none(),
        welcome: vec![
            crate::sanitize::plain(&q.title),
            keys.to_string(),
            "Your answers are saved after every question; Ctrl-C stops and you can resume later."
                .to_string(),
        ],
    };
    let mut set = AnswerSet {
        questionnaire: q.id.to_string(),
        version: q.version.to_string(),
        respondent: a.respondent.clone().filter(|r| !r.trim().is_empty()),
        role: a.role.clone(),
        date: Some(date.clone()),
        complete: false,
        answers: Default::default(),
    };
    if opts.ask_name || opts.ask_role {
        if !interview::who(&q, &mut set, &opts, p)? {
            return Ok(None);
        }
        // Said on the first page already.
        opts.welcome.clear();
    }
    let target = match &a.out {
        Some(o) => o.clone(),
        None => free_name(set.respondent.as_deref().unwrap_or(""), &date),
    };
    let lock = match lock.take() {
        Some(l) => l,
        None => WriteLock::take(&target)?,
    };
    let path = match &a.out {
        Some(o) if o.exists() => {
            let msg = format!("{} exists. Overwrite it?", o.display());
            let _ = p.page();
            match p.confirm(&msg, false) {
                Ok(Reply::Answer(true)) => o.clone(),
                Ok(_) => {
                    let q = a
                        .questionnaire
                        .as_deref()
                        .filter(|s| questionnaire::builtin(s).is_none())
                        .map(|s| format!("-q {} ", shell_word(s)))
                        .unwrap_or_default();
                    return Err(Error::Usage(format!(
                        "{} exists and was kept; to continue an interview saved there: tandem run {q}--resume {}",
                        o.display(),
                        shell_word(&o.display().to_string())
                    )));
                }
                Err(_) => return Ok(None),
            }
        }
        _ => target,
    };
    Ok(Some((q, set, path, lock, opts)))
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
