//! The command-line edge: argument definitions and dispatch, one file per command.
//! Each command parses its flags, calls the library ([`crate::load`] and friends) and
//! writes what comes back; only this edge prints and decides exit codes. The library's
//! errors are typed ([`crate::error::Error`]); here they may gain the step that failed
//! (anyhow's context), and [`failure`] turns them into lines and an exit code.

mod builtins;
mod check;
mod failure;
mod forms;
mod guard;
mod output;
mod run;
mod score;
mod serve;
mod signals;
mod template;
mod trend;
mod ui;

pub use check::CheckArgs;
pub use forms::{ExportArgs, ImportArgs};
pub use run::RunArgs;
pub use score::ScoreArgs;
pub use serve::ServeArgs;
pub use template::TemplateArgs;
pub use trend::TrendArgs;
pub use ui::{ColorWhen, Ui, text_width};

use crate::error::Exit;
use crate::questionnaire::BUILTINS;
use clap::{Parser, Subcommand};
use std::ffi::OsString;
use std::io::Write;

const ABOUT: &str = "How well do sales and marketing work together? Interview, score, report.";

#[derive(Debug, Parser)]
#[command(name = "tandem", version = version(), about = ABOUT, long_about = None, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Colour in reports and prompts: auto (a terminal and no NO_COLOR), always or never
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,
    /// Print nothing but the report and errors
    #[arg(long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also say what was read and written (on standard error)
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

fn version() -> &'static str {
    // The built-in questionnaires' versions belong in --version: answers files name them.
    static V: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    V.get_or_init(|| {
        let qs: Vec<String> = BUILTINS
            .iter()
            .map(|b| format!("{} {}", b.name, b.version()))
            .collect();
        format!(
            "{} (questionnaires: {})",
            env!("CARGO_PKG_VERSION"),
            qs.join(", ")
        )
    })
}

// Each subcommand's arguments are defined only when it runs (or help, completions or
// the man page need them): clap's own way to keep start-up from building them all.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Interview in the terminal, saving after every answer, then print the report
    #[command(
        after_help = "Keys: arrows and Enter choose, Space ticks a checklist item, Esc goes back to the
previous question (type < in a text answer). Ctrl-C stops; the answers so far stay saved.

Examples:
  tandem run
  tandem run --respondent Ana --role sales --out ana.toml
  tandem run -q pulse
  tandem run --resume ana.toml"
    )]
    Run(RunArgs),
    /// Score answers files without prompting and print the report
    #[command(after_help = "Examples:
  tandem score examples/cmo-self-assessment.toml
  tandem score answers.toml --format json --out report.json
  tandem score examples/workshop/ --anonymous
  tandem score examples/workshop/ --format slides --out workshop-slides.html
  tandem score examples/workshop/ --summary --format html --out summary.html
  tandem score answers/2026-q4 --min-score 50 --baseline answers/2026-q3 --max-drop 5
  tandem score answers/2026-q4 --baseline answers/2026-q3 --policy policy.toml --format json
  tandem score sales/*.toml marketing/*.toml --format markdown
  tandem template | sed ... | tandem score -")]
    Score(ScoreArgs),
    /// One wave per period (a file or a folder): scores, changes and causes over time
    #[command(after_help = "Examples:
  tandem trend answers/2026-q1 answers/2026-q2 answers/2026-q3 answers/2026-q4
  tandem trend examples/ci/2026-q* --format json --out trend.json")]
    Trend(TrendArgs),
    /// Validate questionnaires and answers files; report every problem with file:line:column
    #[command(after_help = "Examples:
  tandem check questionnaires/*.toml
  tandem check my-rubric.toml answers/*.toml
  tandem check -q my-rubric.toml answers.toml")]
    Check(CheckArgs),
    /// Print a blank answers file: every question, its allowed values and a comment each
    #[command(after_help = "Examples:
  tandem template > answers.toml
  tandem template -q pulse --out q4.toml")]
    Template(TemplateArgs),
    /// List the built-in questionnaires
    List,
    /// Print a built-in questionnaire as TOML, or a form built from a questionnaire
    #[command(after_help = "Examples:
  tandem export alignment > my-rubric.toml
  tandem export pulse --format google-apps-script --out pulse-form.gs
  tandem export my-rubric.toml --format surveyjs --out survey.json
  tandem export alignment --format csv --out answers.csv")]
    Export(ExportArgs),
    /// Turn form responses (Google Forms, Microsoft Forms, SurveyJS, CSV) into answers files
    #[command(after_help = "Examples:
  tandem import 'Alignment pulse (Responses).csv' -q pulse --out answers/2026-q4
  tandem import results.xlsx --out answers/ --anonymous
  tandem import survey-results.json --map columns.toml --out answers/")]
    Import(ImportArgs),
    /// Participants answer in their browser; a facilitator page shows the live result
    #[command(
        after_help = "Answers become ordinary answers files in FOLDER, saved after every page, so
`tandem score FOLDER` works during and after the session. Ctrl-C stops.

Examples:
  tandem serve -q pulse --dir workshop/
  tandem serve --dir workshop/ --listen 0.0.0.0:8080 --anonymous --min-group 3"
    )]
    Serve(ServeArgs),
    /// Print a shell completion script
    #[command(after_help = "Example:
  tandem completions bash > /etc/bash_completion.d/tandem")]
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff)
    #[command(after_help = "Example:
  tandem man > /usr/local/share/man/man1/tandem.1")]
    Man,
}

/// Runs the command line and returns the exit code. Output goes to the process's
/// stdout and stderr.
pub fn main(args: impl IntoIterator<Item = OsString>) -> Exit {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                Exit::Usage
            } else {
                Exit::Ok
            };
        }
    };
    crate::atomic::before_first_temporary(signals::install);
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = stdout.lock();
    let mut err = stderr.lock();
    match run(cli, &mut out, &mut err) {
        Ok(code) => code,
        Err(e) if failure::is_broken_pipe(&e) => Exit::Ok,
        Err(e) => {
            for line in failure::lines(&e) {
                let _ = writeln!(err, "error: {line}");
            }
            failure::exit_code(&e)
        }
    }
}

/// Dispatches a parsed command line.
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<Exit> {
    let ui = Ui::from_cli(&cli);
    match cli.command {
        Command::Run(a) => Ok(run::run(a, ui, out, err)?),
        Command::Score(a) => score::score(a, ui, out, err),
        Command::Check(a) => check::check(a, ui, out, err),
        Command::Trend(a) => trend::trend(a, ui, out, err),
        Command::Template(a) => template::template(a, ui, out, err),
        Command::List => builtins::list(out),
        Command::Export(a) => forms::export_cmd(a, out),
        Command::Import(a) => forms::import_cmd(a, ui.quiet, out, err),
        Command::Serve(a) => serve::run(a, ui, out, err),
        Command::Completions { shell } => builtins::completions(shell, out),
        Command::Man => builtins::man(out),
    }
}
