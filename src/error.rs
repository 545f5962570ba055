//! Typed errors. The library never prints: it returns these, and the binary's edge
//! turns them into one line each on stderr and an exit code.

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
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, col)) => write!(f, "{}:{}:{}: {}", self.file, line, col, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
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

    /// The lines to print on stderr, one per problem.
    pub fn lines(&self) -> Vec<String> {
        match self {
            Error::Invalid(problems) => problems.iter().map(|p| p.to_string()).collect(),
            other => vec![other.to_string()],
        }
    }
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
