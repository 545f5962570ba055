//! Typed errors. The library never prints: it returns these, and the binary's edge
//! turns them into one line each on stderr and an exit code.

use crate::sanitize::escaped;
use std::fmt;
use std::path::{Path, PathBuf};

/// Every exit code tandem uses, in one place (docs: README, "Exit codes").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// Success.
    Ok = 0,
    /// Unreadable or invalid input, I/O errors.
    Error = 1,
    /// The command line asked for something impossible.
    Usage = 2,
    /// A gate (`--min-score`, `--max-drop`, a policy rule) failed; the report is still written.
    Gate = 3,
    /// Interrupted with Ctrl-C (128 + SIGINT, as shells report it); answers stay saved.
    Interrupted = 130,
}

impl Exit {
    pub fn code(self) -> u8 {
        self as u8
    }
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e.code())
    }
}

/// One problem in one file, with a position when it applies.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The file as the user named it (`-` for standard input, `builtin:NAME` for built-ins).
    pub file: String,
    /// 1-based line and column, when the problem has a place in the file.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl Problem {
    pub fn new(
        file: impl Into<String>,
        position: Option<(usize, usize)>,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            file: file.into(),
            position,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    /// One line, whatever the file or the message quote: names and values come from
    /// untrusted files and must neither break the line nor reach the terminal as codes.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (file, message) = (escaped(&self.file), escaped(&self.message));
        match self.position {
            Some((line, col)) => write!(f, "{file}:{line}:{col}: {message}"),
            None => write!(f, "{file}: {message}"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {}", .path.display(), describe_io(.source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Parse or validation problems, possibly many, possibly in several files.
    #[error("{}", join_problems(.0))]
    Invalid(Vec<Problem>),
    /// The command line asked for something impossible.
    #[error("{0}")]
    Usage(String),
    /// A whole file is unusable (a folder, too large, binary, the wrong kind of file):
    /// a problem without a position.
    #[error("{file}: {message}")]
    File { file: String, message: String },
    /// An answers file answers another questionnaire than the group it was given with.
    #[error("{file}: answers {id} {version}, not the group's questionnaire")]
    OtherQuestionnaire {
        file: String,
        id: String,
        version: String,
    },
    /// Any other failure that is the input's fault (exit 1) and names no one file.
    #[error("{0}")]
    Input(String),
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Error::File {
            file: file.into(),
            message: message.into(),
        }
    }

    /// An I/O error on a stream whose name the writer does not know (a renderer writing
    /// to whatever it was given); see [`Error::named`].
    pub fn unnamed(source: std::io::Error) -> Self {
        Error::io(Path::new(""), source)
    }

    /// Names the stream of an [`Error::unnamed`] error; other errors are unchanged.
    pub fn named(self, path: &Path) -> Self {
        match self {
            Error::Io { path: p, source } if p.as_os_str().is_empty() => Error::io(path, source),
            e => e,
        }
    }

    /// The reader of our output went away (`| head`): not a failure of ours.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }

    pub fn exit(&self) -> Exit {
        match self {
            Error::Usage(_) => Exit::Usage,
            _ => Exit::Error,
        }
    }

    /// The error as problems, each naming its file (`fallback` when the error names
    /// none), so one file's failure can be reported beside every other file's.
    pub fn into_problems(self, fallback: &str) -> Vec<Problem> {
        match self {
            Error::Invalid(ps) => ps,
            Error::Io { path, source } => {
                vec![Problem::new(
                    path.display().to_string(),
                    None,
                    describe_io(&source),
                )]
            }
            Error::File { file, message } => vec![Problem::new(file, None, message)],
            Error::OtherQuestionnaire { file, id, version } => vec![Problem::new(
                file,
                None,
                format!("answers {id} {version}, not the group's questionnaire"),
            )],
            other => vec![Problem::new(fallback, None, other.to_string())],
        }
    }

    /// The file a one-file error names, and what is wrong with it, apart: the binary's
    /// edge leaves the file out when the step it reports ("writing the report to
    /// out.html") names it already.
    pub fn file_and_reason(&self) -> Option<(String, String)> {
        match self {
            Error::Io { path, source } if !path.as_os_str().is_empty() => {
                Some((path.display().to_string(), describe_io(source)))
            }
            Error::File { file, message } => Some((file.clone(), message.clone())),
            _ => None,
        }
    }

    /// The lines to print on stderr, one per problem, each free of control characters.
    pub fn lines(&self) -> Vec<String> {
        match self {
            Error::Invalid(problems) => problem_lines(problems),
            other => vec![escaped(&other.to_string())],
        }
    }
}

/// One line per problem: every problem is reported, as `check` promises.
pub fn problem_lines(problems: &[Problem]) -> Vec<String> {
    problems.iter().map(|p| p.to_string()).collect()
}

fn join_problems(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| p.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// io::Error's Display adds "(os error 2)"; users want the plain reason.
fn describe_io(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file or directory".into(),
        PermissionDenied => "permission denied".into(),
        IsADirectory => "is a directory, expected a file".into(),
        InvalidData => "is not valid UTF-8 text".into(),
        _ => {
            let s = e.to_string();
            let s = match s.find(" (os error") {
                Some(i) => &s[..i],
                None => &s,
            };
            // The system's wording ("No space left on device") ends our sentence.
            let mut chars = s.chars();
            match chars.next() {
                Some(c) => c.to_lowercase().chain(chars).collect(),
                None => String::new(),
            }
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
