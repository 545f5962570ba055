//! `list`, `export`, `completions` and `man`: what the binary carries with it.

use super::Cli;
use super::output::{plural, write_out};
use crate::error::{Error, Exit, Result};
use crate::questionnaire::BUILTINS;
use clap::CommandFactory;
use std::io::Write;
use std::path::Path;

pub fn list(out: &mut dyn Write) -> Result<Exit> {
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
    write_out(out, &text)?;
    Ok(Exit::Ok)
}

pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> Result<Exit> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "tandem", &mut buf);
    write_out(out, &String::from_utf8_lossy(&buf))?;
    Ok(Exit::Ok)
}

pub fn man(out: &mut dyn Write) -> Result<Exit> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut buf)
        .map_err(|e| Error::io(Path::new("<man>"), e))?;
    write_out(out, &String::from_utf8_lossy(&buf))?;
    Ok(Exit::Ok)
}
