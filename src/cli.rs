//! The command-line edge: argument parsing, reading and writing files, and turning
//! library results into output and exit codes. Everything else lives in the library
//! modules and returns values.

use crate::answers::{self, AnswerSet};
use crate::error::{EXIT_ERROR, EXIT_GATE, EXIT_OK, EXIT_USAGE, Error, Problem, Result};
use crate::questionnaire::{self, BUILTINS, Questionnaire};
use crate::render::{self, Format, TextOptions};
use crate::report::{self, Document, Report};
use crate::tomlfile::{self, FileKind, SourceText, read_source};
use crate::{gates, group, scoring};
use clap::{CommandFactory, Parser, Subcommand};
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// How chatty and colourful the output is, decided once from the flags and environment.
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
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
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

    /// Detail for `--verbose` on standard error.
    pub fn detail(&self, err: &mut dyn Write, msg: &str) {
        if self.verbose {
            let _ = writeln!(err, "tandem: {msg}");
        }
    }
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

#[derive(Debug, Subcommand)]
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
    Export(crate::cli_forms::ExportArgs),
    /// Turn form responses (Google Forms, Microsoft Forms, SurveyJS, CSV) into answers files
    #[command(after_help = "Examples:
  tandem import 'Alignment pulse (Responses).csv' -q pulse --out answers/2026-q4
  tandem import results.xlsx --out answers/ --anonymous
  tandem import survey-results.json --map columns.toml --out answers/")]
    Import(crate::cli_forms::ImportArgs),
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

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Questionnaire: a built-in name or a file
    #[arg(
        short = 'q',
        long = "questionnaire",
        value_name = "Q",
        conflicts_with = "resume"
    )]
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

#[derive(Debug, clap::Args)]
pub struct ScoreArgs {
    /// Answers files or folders of them (`-` for standard input); several are one group
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Questionnaire: a built-in name or a file (default: the one the answers name)
    #[arg(short = 'q', long = "questionnaire", value_name = "Q")]
    pub questionnaire: Option<String>,
    /// Output format
    #[arg(short, long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the report to FILE (atomically) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Show only the N most severe root causes
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Look for answers files in subfolders of the folders given
    #[arg(short, long)]
    pub recursive: bool,
    /// Refuse incomplete answers files instead of scoring the answers they have
    #[arg(long)]
    pub strict: bool,
    /// Leave respondent names (and file names) out of every output
    #[arg(long)]
    pub anonymous: bool,
    /// Width of text tables (default: the terminal's, or 100 when not a terminal)
    #[arg(long, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(40..=400))]
    pub width: Option<u16>,
    /// Gate: fail (exit code 3) when the overall score is below N
    #[arg(long, value_name = "N", help_heading = "Gates", value_parser = finite)]
    pub min_score: Option<f64>,
    /// The previous wave (files or folders) to compare with, for --max-drop and [[drop]] rules
    #[arg(long, value_name = "PATH", num_args = 1.., help_heading = "Gates")]
    pub baseline: Vec<PathBuf>,
    /// Gate: fail when the overall score is more than N points below the baseline's
    #[arg(long, value_name = "N", requires = "baseline", help_heading = "Gates", value_parser = finite)]
    pub max_drop: Option<f64>,
    /// Gate rules from a TOML file: floors, drops and cause ceilings, each fail or warn
    #[arg(long, value_name = "FILE", help_heading = "Gates")]
    pub policy: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct TrendArgs {
    /// The waves, oldest first: each an answers file or a folder of them
    #[arg(required = true, value_name = "WAVE")]
    pub waves: Vec<PathBuf>,
    /// Questionnaire: a built-in name or a file (default: the one the answers name)
    #[arg(short = 'q', long = "questionnaire", value_name = "Q")]
    pub questionnaire: Option<String>,
    /// Label waves by their file or folder name, or by the latest date in their answers
    #[arg(long, value_enum, default_value_t = WaveLabel::Name)]
    pub label: WaveLabel,
    /// Look for answers files in subfolders of each wave's folder
    #[arg(short, long)]
    pub recursive: bool,
    /// Output format
    #[arg(short, long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Write the report to FILE (atomically) instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Width of text tables (default: the terminal's, or 100 when not a terminal)
    #[arg(long, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(40..=400))]
    pub width: Option<u16>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum WaveLabel {
    Name,
    Date,
}

/// A gate threshold: a finite number ≥ 0 (NaN would make every comparison fail).
fn finite(s: &str) -> std::result::Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        Ok(_) => Err("expected a finite number ≥ 0".into()),
        Err(_) => Err(format!("`{s}` is not a number")),
    }
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Questionnaires and answers files (`-` for standard input)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Check answers files against this questionnaire (a built-in name or a file)
    #[arg(short = 'q', long = "questionnaire", value_name = "Q")]
    pub questionnaire: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct TemplateArgs {
    /// Questionnaire: a built-in name or a file
    #[arg(short = 'q', long = "questionnaire", value_name = "Q", default_value = questionnaire::DEFAULT)]
    pub questionnaire: String,
    /// Write to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Runs the command line and returns the exit code. Output goes to the process's
/// stdout and stderr.
pub fn main(args: impl IntoIterator<Item = OsString>) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let mut out = stdout.lock();
    let mut err = stderr.lock();
    match run(cli, &mut out, &mut err) {
        Ok(code) => code,
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            for line in e.lines() {
                let _ = writeln!(err, "error: {line}");
            }
            e.exit_code()
        }
    }
}

fn write_out(out: &mut dyn Write, s: &str) -> Result<()> {
    out.write_all(s.as_bytes())
        .and_then(|_| out.flush())
        .map_err(|e| Error::io(Path::new("<stdout>"), e))
}

pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8> {
    let ui = Ui::from_cli(&cli);
    match cli.command {
        Command::Run(a) => crate::cli_run::run(a, ui, out, err),
        Command::Score(a) => score(a, ui, out, err),
        Command::Check(a) => check(a, ui, out, err),
        Command::Trend(a) => trend(a, ui, out, err),
        Command::Template(a) => template(a, out),
        Command::List => list(out),
        Command::Export(a) => crate::cli_forms::export_cmd(a, out),
        Command::Import(a) => crate::cli_forms::import_cmd(a, ui.quiet, out, err),
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "tandem", &mut buf);
            write_out(out, &String::from_utf8_lossy(&buf))?;
            Ok(EXIT_OK)
        }
        Command::Man => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut buf)
                .map_err(|e| Error::io(Path::new("<man>"), e))?;
            write_out(out, &String::from_utf8_lossy(&buf))?;
            Ok(EXIT_OK)
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

/// The questionnaire an answers file names: `-q` when given, else the built-in by id.
pub fn questionnaire_for(
    spec: Option<&str>,
    src: &SourceText,
    raw: &answers::RawAnswers,
) -> Result<Questionnaire> {
    let (id, version) = answers::header(src, raw)?;
    if let Some(spec) = spec {
        return Ok(questionnaire::resolve(spec)?.1);
    }
    match questionnaire::builtin(&id) {
        Some(b) => b.load(),
        None => Err(Error::Invalid(vec![src.problem(
            &crate::tomlfile::KeyPath::root().key("questionnaire"),
            false,
            format!("answers questionnaire `{id}` {version}, which is not built in: name its file with -q"),
        )])),
    }
}

/// Reads, checks and loads one answers file.
pub fn load_answers(
    path: &Path,
    spec: Option<&str>,
) -> Result<(SourceText, Questionnaire, AnswerSet)> {
    let src = read_source(path)?;
    let (raw, mut problems) = answers::parse_raw(&src)?;
    let q = questionnaire_for(spec, &src, &raw)?;
    let (set, more) = answers::interpret(&src, &raw, &q);
    problems.extend(more);
    answers::check_causes(&src, &set, &q, &mut problems);
    match set {
        Some(set) if problems.is_empty() => Ok((src, q, set)),
        _ => {
            problems.sort_by_key(|a| a.position);
            Err(Error::Invalid(problems))
        }
    }
}

fn score(a: ScoreArgs, ui: Ui, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8> {
    let spec = a.questionnaire.as_deref();
    let (q, mut rep) = build_report(&a.paths, spec, a.recursive, a.strict, a.anonymous)?;
    ui.detail(err, &describe(&q, &rep));
    let gates = gate_summary(&a, &q, &rep)?;
    rep.limit_causes(a.top);
    let failed = gates.as_ref().is_some_and(|g| !g.passed);
    let doc = Document { report: rep, gates };
    // The report is written in full whether or not a gate failed.
    emit(&doc, a.format, a.width, a.out.as_deref(), ui, out)?;
    if let Some(p) = &a.out {
        ui.detail(err, &format!("wrote {}", p.display()));
    }
    Ok(if failed { EXIT_GATE } else { EXIT_OK })
}

/// Scores one answers file (a single report) or several files and folders (a group).
pub fn build_report(
    paths: &[PathBuf],
    spec: Option<&str>,
    recursive: bool,
    strict: bool,
    anonymous: bool,
) -> Result<(Questionnaire, Report)> {
    if crate::cli_forms::is_form_input(paths) {
        return crate::cli_forms::form_report(paths, spec, strict, anonymous);
    }
    let is_group = paths.len() > 1 || paths.iter().any(|p| p.is_dir());
    if is_group {
        let files = collect_inputs(paths, recursive)?;
        let (q, g) = load_group(&files, spec, strict)?;
        let rep = Report::Group(Box::new(report::group::build(&q, &g, anonymous)));
        Ok((q, rep))
    } else {
        let (src, q, mut set) = load_answers(&paths[0], spec)?;
        let s = scoring::score(&q, &set);
        if strict && !s.is_complete() {
            return Err(incomplete_error(
                &src.name,
                s.count(scoring::Status::Missing),
            ));
        }
        if anonymous {
            set.respondent = None;
        }
        let rep = Report::Single(Box::new(report::single(&q, &set, &s, &src.name)));
        Ok((q, rep))
    }
}

/// The gates asked for on the command line and in `--policy`, checked against the
/// report (and the baseline's, for drops). `None` when no gate was asked for.
fn gate_summary(
    a: &ScoreArgs,
    q: &Questionnaire,
    rep: &Report,
) -> Result<Option<gates::GateSummary>> {
    let mut policy = gates::Policy::default();
    if let Some(min) = a.min_score {
        policy.rules.push(gates::Rule {
            check: gates::Check::Floor {
                of: "overall".into(),
                min,
            },
            action: gates::Action::Fail,
        });
    }
    if let Some(max) = a.max_drop {
        policy.rules.push(gates::Rule {
            check: gates::Check::Drop {
                of: "overall".into(),
                max,
            },
            action: gates::Action::Fail,
        });
    }
    if let Some(path) = &a.policy {
        let src = read_source(path)?;
        let what = match tomlfile::sniff(&src) {
            Ok(FileKind::Answers) => Some("an answers file"),
            Ok(FileKind::Questionnaire) => Some("a questionnaire"),
            _ => None,
        };
        if let Some(what) = what {
            return Err(Error::Input(format!(
                "{}: is {what}, not a policy (a policy has [[floor]], [[drop]] or [[ceiling]] tables)",
                src.name
            )));
        }
        policy.rules.extend(gates::Policy::parse(&src, q)?.rules);
    }
    if policy.rules.is_empty() {
        return Ok(None);
    }
    let baseline = if a.baseline.is_empty() {
        if policy.needs_baseline() {
            return Err(Error::Usage(
                "the policy has [[drop]] rules, which compare with a baseline: add --baseline PATH"
                    .into(),
            ));
        }
        None
    } else {
        let (bq, brep) = build_report(
            &a.baseline,
            a.questionnaire.as_deref(),
            a.recursive,
            false,
            true,
        )?;
        if bq.id != q.id {
            return Err(Error::Input(format!(
                "the baseline answers questionnaire `{}`, the scored files answer `{}`: a drop can only be measured on the same questionnaire",
                bq.id, q.id
            )));
        }
        Some(brep.figures())
    };
    Ok(Some(gates::evaluate(
        &policy,
        &rep.figures(),
        baseline.as_ref(),
    )))
}

fn trend(a: TrendArgs, ui: Ui, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8> {
    let mut waves = Vec::new();
    let mut first: Option<(String, String, String)> = None;
    for path in &a.waves {
        let files = collect_inputs(std::slice::from_ref(path), a.recursive)?;
        let (q, g) = load_group(&files, a.questionnaire.as_deref(), false)?;
        let here = path.display().to_string();
        match &first {
            None => first = Some((q.id.clone(), q.version.clone(), here.clone())),
            Some((id, v, p)) if *id != q.id || *v != q.version => {
                return Err(Error::Input(format!(
                    "{here}: answers {} {}, but {p} answers {id} {v}; a trend compares waves of one questionnaire",
                    q.id, q.version
                )));
            }
            _ => {}
        }
        ui.detail(
            err,
            &format!(
                "wave {here}: {} answers files for {} {}",
                g.people.len(),
                q.id,
                q.version
            ),
        );
        let date = g.people.iter().filter_map(|r| r.date.clone()).max();
        let name = match path.file_stem() {
            Some(s) if path.is_file() => s.to_string_lossy().into_owned(),
            _ => path
                .file_name()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| here.clone()),
        };
        let label = match a.label {
            WaveLabel::Date => date.clone().unwrap_or(name),
            WaveLabel::Name => name,
        };
        waves.push(report::trend::WaveInput {
            label,
            path: here,
            report: report::group::build(&q, &g, true),
            date,
        });
    }
    let rep = Report::Trend(Box::new(report::trend::build(&waves)));
    emit(
        &Document {
            report: rep,
            gates: None,
        },
        a.format,
        a.width,
        a.out.as_deref(),
        ui,
        out,
    )?;
    Ok(EXIT_OK)
}

/// What `--verbose` says about a report's input.
fn describe(q: &Questionnaire, rep: &Report) -> String {
    match rep {
        Report::Single(r) => format!(
            "scored {} against {} {}",
            r.respondent.file, q.id, q.version
        ),
        Report::Group(r) => format!(
            "scored a group of {} answers files ({} incomplete) against {} {}",
            r.respondents, r.incomplete, q.id, q.version
        ),
        Report::Trend(r) => format!("{} waves", r.waves.len()),
    }
}

fn incomplete_error(file: &str, missing: usize) -> Error {
    Error::Invalid(vec![Problem::new(
        file,
        None,
        format!(
            "incomplete: {missing} question(s) unanswered (--strict refuses incomplete answers files)"
        ),
    )])
}

/// The answers files named: files as given, folders read for `*.toml` (descending with
/// `recursive`). Sorted and without duplicates, so the order they were given in never
/// changes a report.
pub fn collect_inputs(paths: &[PathBuf], recursive: bool) -> Result<Vec<PathBuf>> {
    fn walk(dir: &Path, recursive: bool, out: &mut Vec<PathBuf>) -> Result<()> {
        let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(dir, e))?;
            let path = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if hidden {
                continue;
            }
            // The directory entry's type needs no extra stat (symlinks are followed).
            let is_dir = match entry.file_type() {
                Ok(t) if t.is_symlink() => path.is_dir(),
                Ok(t) => t.is_dir(),
                Err(_) => path.is_dir(),
            };
            if is_dir {
                if recursive {
                    walk(&path, recursive, out)?;
                }
            } else if path.extension().is_some_and(|e| e == "toml") {
                out.push(path);
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    for p in paths {
        if p.as_os_str() != "-" && p.is_dir() {
            let before = files.len();
            walk(p, recursive, &mut files)?;
            if files.len() == before {
                return Err(Error::Input(format!(
                    "{}: no answers files (*.toml) in this folder{}",
                    p.display(),
                    if recursive {
                        " or below it"
                    } else {
                        " (use --recursive to look in subfolders)"
                    }
                )));
            }
        } else {
            files.push(p.clone());
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

/// What one file of a group came to.
enum Loaded {
    Ok(Box<group::Respondent>),
    /// Answers another questionnaire than the group's: (file, id, version).
    Other(String, String, String),
    Problems(Vec<Problem>),
}

/// Reads, checks and summarises one answers file against the group's questionnaire.
fn load_one(path: &Path, q: &Questionnaire, explicit: bool, strict: bool) -> Loaded {
    let result = (|| -> Result<Loaded> {
        let src = read_source(path)?;
        let (raw, mut ps) = answers::parse_raw(&src)?;
        let (id, version) = answers::header(&src, &raw)?;
        if !explicit && (id != q.id || version != q.version) {
            return Ok(Loaded::Other(src.name.clone(), id, version));
        }
        let (set, more) = answers::interpret(&src, &raw, q);
        ps.extend(more);
        answers::check_causes(&src, &set, q, &mut ps);
        match set {
            Some(set) if ps.is_empty() => {
                let r = group::summarise(q, &set, &src.name);
                if strict && !r.complete {
                    return Err(incomplete_error(&src.name, r.missing));
                }
                Ok(Loaded::Ok(Box::new(r)))
            }
            _ => Err(Error::Invalid(ps)),
        }
    })();
    result.unwrap_or_else(|e| Loaded::Problems(as_problems(e, path)))
}

/// The questionnaire a group answers: `-q`, else the one the first readable answers
/// file names.
fn group_questionnaire(files: &[PathBuf], spec: Option<&str>) -> Result<Option<Questionnaire>> {
    if let Some(s) = spec {
        return Ok(Some(questionnaire::resolve(s)?.1));
    }
    for path in files {
        let Ok(src) = read_source(path) else { continue };
        let Ok((raw, _)) = answers::parse_raw(&src) else {
            continue;
        };
        if answers::header(&src, &raw).is_ok() {
            return questionnaire_for(None, &src, &raw).map(Some);
        }
    }
    Ok(None)
}

/// How many files one worker reads before handing its part back. Fixed, so that the
/// order sums are added in (and so every last bit of the output) does not depend on
/// how many cores the machine has.
const CHUNK: usize = 256;

/// What one chunk of files came to.
#[derive(Default)]
struct Part {
    group: Option<group::Group>,
    others: Vec<(String, String, String)>,
    problems: Vec<Problem>,
}

/// Reads, checks and adds up every file of a group, on as many threads as there are
/// cores; parts are merged in file order, so the output does not depend on threads.
/// Problems in any file are all reported together; files answering different
/// questionnaires are refused.
pub fn load_group(
    files: &[PathBuf],
    spec: Option<&str>,
    strict: bool,
) -> Result<(Questionnaire, group::Group)> {
    let found = group_questionnaire(files, spec);
    let (q, q_error) = match found {
        Ok(Some(q)) => (Some(q), None),
        Ok(None) => (None, None),
        Err(e) => (None, Some(e)),
    };
    let Some(q) = q else {
        // Without a questionnaire, still report what is wrong with every file.
        let problems: Vec<Problem> = files
            .iter()
            .filter_map(|p| {
                match read_source(p).and_then(|src| answers::parse_raw(&src).map(|_| src)) {
                    Ok(_) => None,
                    Err(e) => Some(as_problems(e, p)),
                }
            })
            .flatten()
            .collect();
        return Err(match q_error {
            Some(e) => e,
            None if problems.is_empty() => Error::Input("no answers files to score".into()),
            None => Error::Invalid(problems),
        });
    };
    let explicit = spec.is_some();
    let chunks: Vec<&[PathBuf]> = files.chunks(CHUNK).collect();
    let parts: Vec<std::sync::Mutex<Part>> = chunks.iter().map(|_| Default::default()).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(chunks.len())
        .max(1);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                loop {
                    let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(chunk) = chunks.get(k) else { break };
                    let mut part = Part::default();
                    let mut g = group::Group::new(&q);
                    for path in *chunk {
                        match load_one(path, &q, explicit, strict) {
                            Loaded::Ok(r) => g.add(&q, *r),
                            Loaded::Other(f, id, v) => part.others.push((f, id, v)),
                            Loaded::Problems(p) => part.problems.extend(p),
                        }
                    }
                    part.group = Some(g);
                    if let Ok(mut slot) = parts[k].lock() {
                        *slot = part;
                    }
                }
            });
        }
    });
    let mut all = group::Group::new(&q);
    let mut problems: Vec<Problem> = Vec::new();
    let mut others: Vec<(String, String, String)> = Vec::new();
    for part in parts {
        let part = part.into_inner().unwrap_or_default();
        if let Some(g) = part.group {
            all.merge(g);
        }
        others.extend(part.others);
        problems.extend(part.problems);
    }
    if !others.is_empty() {
        // Name what every file outside the majority answers.
        let mut kinds: Vec<((String, String), usize)> = vec![(
            (q.id.clone(), q.version.clone()),
            files.len() - others.len(),
        )];
        for (_, id, v) in &others {
            match kinds.iter_mut().find(|(k, _)| k.0 == *id && k.1 == *v) {
                Some((_, n)) => *n += 1,
                None => kinds.push(((id.clone(), v.clone()), 1)),
            }
        }
        let ((mid, mv), mn) = kinds
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            .cloned()
            .unwrap_or_default();
        let listing: Vec<String> = kinds
            .iter()
            .map(|((i, v), n)| format!("{i} {v} ({})", plural(*n, "file")))
            .collect();
        let mut listed: Vec<(String, String, String)> = others.clone();
        if mid != q.id || mv != q.version {
            // The first file was in the minority: list the group's files instead.
            listed = all
                .people
                .iter()
                .map(|r| (r.file.clone(), q.id.clone(), q.version.clone()))
                .collect();
        }
        for (file, id, v) in listed {
            problems.push(Problem::new(
                file,
                None,
                format!(
                    "answers {id} {v}, but most of the group ({}) answers {mid} {mv}; one group must answer one questionnaire (found: {})",
                    plural(mn, "file"),
                    listing.join(", ")
                ),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok((q, all))
}

/// Renders a report to `--out` (atomically) or standard output.
fn emit(
    rep: &Document,
    format: Format,
    width: Option<u16>,
    to: Option<&Path>,
    ui: Ui,
    out: &mut dyn Write,
) -> Result<()> {
    let to_stdout = to.is_none_or(|p| p.as_os_str() == "-");
    let renderer = render::renderer(
        format,
        TextOptions {
            width: text_width(width, to_stdout),
            // Files never get colour codes; a terminal does when colour is on.
            color: to_stdout && ui.color_out,
        },
    );
    match to {
        // A folder (existing, or named with a trailing slash): every file the format
        // makes (CSV: one per table), each written atomically, all rendered first.
        Some(dir) if !to_stdout && is_folder(dir) => {
            let files = renderer.render_files(rep, format.file_name())?;
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            for (name, text) in files {
                answers::atomic_write(&dir.join(name), text.as_bytes())?;
            }
            Ok(())
        }
        Some(p) if !to_stdout => answers::atomic_write(p, renderer.render(rep)?.as_bytes()),
        _ => write_out(out, &renderer.render(rep)?),
    }
}

/// `--out` names a folder: one that exists, or a path ending in a separator.
fn is_folder(p: &Path) -> bool {
    p.is_dir()
        || p.as_os_str()
            .to_string_lossy()
            .ends_with(std::path::is_separator)
}

fn template(a: TemplateArgs, out: &mut dyn Write) -> Result<u8> {
    let (_, q) = questionnaire::resolve(&a.questionnaire)?;
    let blank = AnswerSet {
        questionnaire: q.id.clone(),
        version: q.version.clone(),
        ..Default::default()
    };
    let text = answers::to_toml(&q, &blank, true);
    match &a.out {
        Some(p) if p.as_os_str() != "-" => answers::atomic_write(p, text.as_bytes())?,
        _ => write_out(out, &text)?,
    }
    Ok(EXIT_OK)
}

fn list(out: &mut dyn Write) -> Result<u8> {
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
    Ok(EXIT_OK)
}

fn sniff(src: &SourceText) -> Result<FileKind> {
    match tomlfile::sniff(src).map_err(|e| src.toml_error(&e))? {
        FileKind::Unknown => Err(Error::Invalid(vec![Problem::new(
            src.name.clone(),
            Some((1, 1)),
            "not a tandem file: expected a `[questionnaire]` table (a questionnaire) or `questionnaire = \"ID\"` (an answers file)",
        )])),
        k => Ok(k),
    }
}

fn check(a: CheckArgs, ui: Ui, out: &mut dyn Write, err: &mut dyn Write) -> Result<u8> {
    let explicit = match &a.questionnaire {
        Some(spec) => Some(questionnaire::resolve(spec)?.1),
        None => None,
    };
    // Questionnaires first, so answers files in the same call can be checked against them.
    let mut problems: Vec<Problem> = Vec::new();
    let mut sources = Vec::new();
    let mut local: Vec<Questionnaire> = Vec::new();
    let mut oks: Vec<(usize, String)> = Vec::new();
    for (i, path) in a.files.iter().enumerate() {
        let src = match read_source(path).and_then(|s| sniff(&s).map(|k| (s, k))) {
            Ok(v) => v,
            Err(e) => {
                problems.extend(as_problems(e, path));
                continue;
            }
        };
        if let (src, FileKind::Questionnaire) = &src {
            let (q, ps) = questionnaire::check_source(src);
            problems.extend(ps);
            if let Some(q) = q {
                oks.push((
                    i,
                    format!(
                        "{}: ok (questionnaire {} {}: {}, {} scored, {}, {}, {})",
                        src.name,
                        q.id,
                        q.version,
                        plural(q.questions.len(), "question"),
                        q.scored_count(),
                        plural(q.dimensions.len(), "dimension"),
                        plural(q.causes.len(), "cause"),
                        plural(q.findings.len(), "finding")
                    ),
                ));
                local.push(q);
            }
        }
        sources.push((i, src));
    }
    for (i, (src, kind)) in &sources {
        if !matches!(kind, FileKind::Answers) {
            continue;
        }
        let result = (|| -> Result<String> {
            let (raw, mut ps) = answers::parse_raw(src)?;
            let (id, version) = answers::header(src, &raw)?;
            let q = match (
                &explicit,
                local
                    .iter()
                    .find(|q| q.id == id && q.version == version)
                    .or(local.iter().find(|q| q.id == id)),
            ) {
                (Some(q), _) => q.clone(),
                (None, Some(q)) => q.clone(),
                (None, None) => questionnaire_for(None, src, &raw)?,
            };
            let (set, more) = answers::interpret(src, &raw, &q);
            ps.extend(more);
            answers::check_causes(src, &set, &q, &mut ps);
            match set {
                Some(set) if ps.is_empty() => {
                    let s = scoring::score(&q, &set);
                    Ok(format!(
                        "{}: ok (answers to {} {}, {})",
                        src.name,
                        q.id,
                        q.version,
                        if s.is_complete() {
                            "complete".to_string()
                        } else {
                            format!("{} unanswered", s.count(scoring::Status::Missing))
                        }
                    ))
                }
                _ => Err(Error::Invalid(ps)),
            }
        })();
        match result {
            Ok(line) => oks.push((*i, line)),
            Err(e) => problems.extend(as_problems(e, Path::new(&src.name))),
        }
    }
    oks.sort();
    if !ui.quiet {
        for (_, line) in &oks {
            write_out(out, &format!("{line}\n"))?;
        }
    }
    for line in crate::error::problem_lines(&problems) {
        let _ = writeln!(err, "{line}");
    }
    if problems.is_empty() {
        Ok(EXIT_OK)
    } else {
        let files: std::collections::BTreeSet<&str> =
            problems.iter().map(|p| p.file.as_str()).collect();
        let _ = writeln!(
            err,
            "{} problem{} in {} file{}",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" },
            files.len(),
            if files.len() == 1 { "" } else { "s" }
        );
        Ok(EXIT_ERROR)
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn as_problems(e: Error, path: &Path) -> Vec<Problem> {
    match e {
        Error::Invalid(ps) => ps,
        Error::Io { path, source } => vec![Problem::new(
            path.display().to_string(),
            None,
            Error::Io {
                path: PathBuf::new(),
                source,
            }
            .to_string()
            .trim_start_matches(": ")
            .to_string(),
        )],
        other => {
            let msg = other.to_string();
            let name = path.display().to_string();
            let msg = msg
                .strip_prefix(&format!("{name}: "))
                .map(str::to_string)
                .unwrap_or(msg);
            vec![Problem::new(name, None, msg)]
        }
    }
}
