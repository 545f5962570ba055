//! Typed errors. The library never prints: it returns these, and the binary's edge
//! turns them into one line each on stderr and an exit code.

use crate::sanitize::plain;
use std::fmt;
use std::path::{Path, PathBuf};

/// Exit code for success.
pub const EXIT_OK: u8 = 0;
/// Exit code for unreadable or invalid input and I/O errors.
pub const EXIT_ERROR: u8 = 1;
/// Exit code for command-line usage errors.
pub const EXIT_USAGE: u8 = 2;
/// Exit code when a gate (`--min-score`, `--max-drop`) failed; the report is still written.
pub const EXIT_GATE: u8 = 3;

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
        let (file, message) = (plain(&self.file), plain(&self.message));
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
    /// Any other failure that is the input's fault (exit 1).
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

    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => EXIT_USAGE,
            _ => EXIT_ERROR,
        }
    }

    /// The lines to print on stderr, one per problem, each free of control characters.
    pub fn lines(&self) -> Vec<String> {
        match self {
            Error::Invalid(problems) => problem_lines(problems),
            other => vec![plain(&other.to_string())],
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
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
