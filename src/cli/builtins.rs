//! `list`, `export`, `completions` and `man`: what the binary carries with it.

use super::Cli;
use super::output::{plural, write_out};
use crate::error::{Error, Exit};
use crate::questionnaire::BUILTINS;
use clap::CommandFactory;
use std::io::Write;
use std::path::Path;

pub fn list(out: &mut dyn Write) -> anyhow::Result<Exit> {
    // Two lines each rather than a table: titles are long and terminals can be narrow.
    let mut text = String::new();
    for b in BUILTINS {
        let q = b.load()?;
        let name = format!("{} {}", b.name, q.version);
        text.push_str(&format!("{name:<16}{}\n", q.title));
        text.push_str(&format!(
            "{:<16}{} ({} scored), {}, {}, {}\n",
            "",
            plural(q.questions.len(), "question"),
            q.scored_count(),
            plural(q.dimensions.len(), "dimension"),
            plural(q.causes.len(), "cause"),
            plural(q.findings.len(), "finding"),
        ));
    }
    text.push_str("\nExport one with `tandem export NAME`; use it with `-q NAME`.\n");
    write_out("the list", out, &text)?;
    Ok(Exit::Ok)
}

/// The whole command tree as it was before subcommands were deferred (see
/// [`super::Command`]), so completions list options in the same order: each
/// subcommand's own, then the global ones, then `--help`. Deferred, the global ones
/// would come first, added before the subcommand is defined.
fn whole_command() -> clap::Command {
    let mut built = Cli::command();
    built.build();
    let globals: Vec<clap::Arg> = built
        .get_arguments()
        .filter(|a| a.is_global_set())
        .cloned()
        .collect();
    let mut cmd = Cli::command();
    for sc in cmd.get_subcommands_mut() {
        let help = built
            .find_subcommand(sc.get_name())
            .and_then(|b| b.get_arguments().find(|a| a.get_id() == "help"))
            .cloned();
        *sc = std::mem::take(sc).disable_help_flag(true);
        sc.build();
        for a in globals.iter().chain(&help) {
            *sc = std::mem::take(sc).arg(a.clone());
        }
    }
    cmd
}

pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> anyhow::Result<Exit> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut whole_command(), "tandem", &mut buf);
    write_out("the completion script", out, &String::from_utf8_lossy(&buf))?;
    Ok(Exit::Ok)
}

pub fn man(out: &mut dyn Write) -> anyhow::Result<Exit> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut buf)
        .map_err(|e| Error::io(Path::new("<man>"), e))?;
    write_out("the man page", out, &String::from_utf8_lossy(&buf))?;
    Ok(Exit::Ok)
}

#[cfg(test)]
mod tests {
    /// Deferred subcommands must not change the completion scripts: a subcommand's own
    /// options come first, then the global ones, then `--help`.
    #[test]
    fn completions_list_own_options_then_global_ones_then_help() {
        let mut out = Vec::new();
        super::completions(clap_complete::Shell::Bash, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let opts: Vec<&str> = text
            .lines()
            .filter(|l| l.contains("opts=\"") && l.contains("--questionnaire"))
            .collect();
        assert!(!opts.is_empty());
        for line in opts {
            let at = |s: &str| line.find(s).unwrap();
            assert!(at("--questionnaire") < at("--color"), "{line}");
            assert!(at("--verbose") < at("--help"), "{line}");
            assert!(at("-q ") < at("-v ") && at("-v ") < at("-h "), "{line}");
        }
    }
}
