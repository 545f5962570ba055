//! How chatty and colourful the output is, and how wide text reports are.

use super::Cli;
use std::io::{IsTerminal, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// Decided once from the flags and the environment.
#[derive(Debug, Clone, Copy)]
pub struct Ui {
    /// Colour for reports on standard output.
    pub color_out: bool,
    /// Colour for prompts on standard error.
    pub color_err: bool,
    pub quiet: bool,
    pub verbose: bool,
}

impl Ui {
    pub fn from_cli(cli: &Cli) -> Ui {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
            // A terminal that says it is dumb shows escape sequences as text.
            || std::env::var_os("TERM").is_some_and(|t| t == "dumb");
        let decide = |tty: bool| match cli.color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => tty && !no_color,
        };
        Ui {
            color_out: decide(std::io::stdout().is_terminal()),
            color_err: decide(std::io::stderr().is_terminal()),
            quiet: cli.quiet,
            verbose: cli.verbose,
        }
    }

    /// A note for people on standard error, unless `--quiet`.
    pub fn note(&self, err: &mut dyn Write, msg: &str) {
        if !self.quiet {
            let _ = writeln!(err, "{msg}");
        }
    }

    /// Detail for `--verbose` on standard error: one line, with whatever file names
    /// it quotes escaped.
    pub fn detail(&self, err: &mut dyn Write, msg: &str) {
        if self.verbose {
            let _ = writeln!(err, "tandem: {}", crate::sanitize::escaped(msg));
        }
    }
}

/// The width for text output: `--width`, else `COLUMNS`, else the terminal's, else 100.
pub fn text_width(explicit: Option<u16>, to_stdout: bool) -> u16 {
    if let Some(w) = explicit {
        return w;
    }
    if let Some(w) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
    {
        return w.clamp(40, 400);
    }
    if to_stdout
        && std::io::stdout().is_terminal()
        && let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size()
    {
        return w.clamp(40, 400);
    }
    100
}
