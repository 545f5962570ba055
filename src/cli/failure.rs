//! How a failed command ends. The library returns typed errors ([`Error`]); the edge
//! may wrap one in the step it was taking ("writing the report to out.html") with
//! anyhow's context. The message is the steps, then the typed error's one line per
//! problem; the exit code is the typed error's. Only `Display` is used here, never
//! `Debug`: anyhow's `Debug` prints a backtrace when `RUST_BACKTRACE` or
//! `RUST_LIB_BACKTRACE` asks for one, and tandem never prints one.

use crate::error::{Error, Exit};
use crate::sanitize::escaped;

/// The typed error under the edge's context, when there is one.
fn typed(e: &anyhow::Error) -> Option<&Error> {
    e.chain().find_map(|cause| cause.downcast_ref::<Error>())
}

/// The exit code: the typed error's, 1 for an error the edge made up itself.
pub fn exit_code(e: &anyhow::Error) -> Exit {
    typed(e).map_or(Exit::Error, Error::exit)
}

/// The reader of our output went away (`| head`): not a failure of ours.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    typed(e).is_some_and(Error::is_broken_pipe)
}

/// The lines to print after `error: `, one per problem, each free of control
/// characters. Each line starts with the steps, outermost first, joined by `: `; a
/// file the innermost step names already is not named again.
pub fn lines(e: &anyhow::Error) -> Vec<String> {
    let mut steps: Vec<String> = Vec::new();
    for cause in e.chain() {
        if let Some(t) = cause.downcast_ref::<Error>() {
            return typed_lines(&steps, t);
        }
        steps.push(cause.to_string());
    }
    vec![escaped(&steps.join(": "))]
}

fn typed_lines(steps: &[String], e: &Error) -> Vec<String> {
    let Some(innermost) = steps.last() else {
        return e.lines();
    };
    let prefix = escaped(&steps.join(": "));
    if let Some((file, reason)) = e.file_and_reason()
        && names(innermost, &file)
    {
        return vec![format!("{prefix}: {}", escaped(&reason))];
    }
    e.lines()
        .into_iter()
        .map(|line| format!("{prefix}: {line}"))
        .collect()
}

/// Whether a step ends by naming `file` (standard output is named in words).
fn names(step: &str, file: &str) -> bool {
    let file = if file == "<stdout>" {
        "standard output"
    } else {
        file
    };
    step.strip_suffix(file)
        .is_some_and(|head| head.ends_with(' '))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Problem;
    use anyhow::Context;
    use std::path::Path;

    fn io(path: &str, kind: std::io::ErrorKind) -> Error {
        Error::io(Path::new(path), std::io::Error::from(kind))
    }

    fn with_step(e: Error, step: &str) -> anyhow::Error {
        Err::<(), _>(e).context(step.to_string()).unwrap_err()
    }

    #[test]
    fn a_step_naming_the_file_is_not_followed_by_the_file_again() {
        let e = with_step(
            io("out.html", std::io::ErrorKind::PermissionDenied),
            "writing the report to out.html",
        );
        assert_eq!(
            lines(&e),
            ["writing the report to out.html: permission denied"]
        );
        let e = with_step(
            io("<stdout>", std::io::ErrorKind::StorageFull),
            "writing the report to standard output",
        );
        assert_eq!(
            lines(&e),
            ["writing the report to standard output: no storage space"]
        );
    }

    #[test]
    fn a_step_naming_another_file_keeps_the_error_whole() {
        // A file in the folder named: the file is the news, the folder is the step.
        let e = with_step(
            io("out/scores.csv", std::io::ErrorKind::PermissionDenied),
            "writing the report to out/",
        );
        assert_eq!(
            lines(&e),
            ["writing the report to out/: out/scores.csv: permission denied"]
        );
        // "a.toml" ends "data.toml", but the step does not name it.
        let e = with_step(
            Error::file("a.toml", "is read-only; not replacing it"),
            "writing the report to data.toml",
        );
        assert_eq!(
            lines(&e),
            ["writing the report to data.toml: a.toml: is read-only; not replacing it"]
        );
    }

    #[test]
    fn every_problem_keeps_its_own_line_under_the_step() {
        let e = with_step(
            Error::Invalid(vec![
                Problem::new("m.toml", Some((2, 1)), "unknown key `x`"),
                Problem::new("m.toml", Some((3, 1)), "unknown key `y`"),
            ]),
            "reading the mapping",
        );
        assert_eq!(
            lines(&e),
            [
                "reading the mapping: m.toml:2:1: unknown key `x`",
                "reading the mapping: m.toml:3:1: unknown key `y`"
            ]
        );
    }

    #[test]
    fn without_a_step_the_typed_error_is_printed_as_it_is() {
        let e = anyhow::Error::from(io("a.toml", std::io::ErrorKind::NotFound));
        assert_eq!(lines(&e), ["a.toml: no such file or directory"]);
        assert_eq!(exit_code(&e), Exit::Error);
    }

    #[test]
    fn the_exit_code_and_broken_pipes_come_from_the_typed_error_under_any_step() {
        let e = with_step(Error::Usage("--top 0".into()), "scoring");
        assert_eq!(exit_code(&e), Exit::Usage);
        let e = with_step(
            io("<stdout>", std::io::ErrorKind::BrokenPipe),
            "writing the report to standard output",
        );
        assert!(is_broken_pipe(&e));
        assert_eq!(exit_code(&e), Exit::Error);
        let e = anyhow::anyhow!("made at the edge");
        assert_eq!(exit_code(&e), Exit::Error);
        assert!(!is_broken_pipe(&e));
    }

    #[test]
    fn steps_and_file_names_cannot_break_the_line_or_reach_the_terminal() {
        let e = with_step(
            io("a\nb\u{1b}[2J.html", std::io::ErrorKind::PermissionDenied),
            "writing the report to a\nb\u{1b}[2J.html",
        );
        assert_eq!(
            lines(&e),
            ["writing the report to a\\nb\\u{1b}[2J.html: permission denied"]
        );
    }
}
