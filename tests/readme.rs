//! The README stays true by construction (#25): its command examples run against the
//! real binary, the counts its prose gives are counted, and its Layout table lists the
//! modules there are.
//!
//! - A ```` ```console ```` block is a trycmd case: `$ tandem …`, optionally `? CODE`
//!   (the exit code; success when absent), then what the command prints, standard
//!   output and standard error together. `...` on a line of its own stands for any
//!   number of lines, `[..]` for any text within a line. After a change of output,
//!   `TRYCMD=overwrite cargo test --test readme` rewrites these blocks from the real
//!   output; review the diff, since an excerpt that elides keeps its number of lines.
//! - In a ```` ```sh ```` block, every `tandem …` (or `cargo run --release -- …`) line
//!   runs, in order, in a scratch folder holding a copy of `examples/`, and must
//!   succeed; a file it writes with `--out` or `>` must then exist. A line that cannot
//!   run here is listed in [`SH_NOT_RUN`], with the reason.
//! - Any other block that shows tandem at work must be a console block, or be listed
//!   in [`NOT_CHECKED`] with the reason.

mod common;

use common::root;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_tandem");

/// Blocks that show tandem at work and are not checked here, each with the reason.
/// An entry is a line of the block, whole.
const NOT_CHECKED: &[(&str, &str)] = &[
    (
        "$ tandem run --respondent \"Dana Whitfield\" --role marketing",
        "the interview needs a terminal and a person at the keys; tests/pty.rs drives it \
         in a pseudo-terminal",
    ),
    (
        "Interrupted: 9 answers saved in dana-whitfield-2026-11-22.toml.",
        "what the interview prints at Ctrl-C; tests/pty.rs presses it",
    ),
];

/// Lines of ```` ```sh ```` blocks that do not run here, each with the reason. An entry
/// is the start of the line.
const SH_NOT_RUN: &[(&str, &str)] = &[
    (
        "tandem serve ",
        "a server that runs until Ctrl-C; tests/serve_process.rs runs it",
    ),
    (
        "tandem score \"Alignment pulse (Responses).csv\"",
        "reads a form export downloaded from Google Forms, which the repository does not \
         hold; tests/forms.rs imports and scores such exports",
    ),
    (
        "tandem import \"Alignment pulse (Responses).csv\"",
        "the same download",
    ),
    (
        "tandem score answers/2026-q4 --baseline answers/2026-q3",
        "scores what the import before it wrote, beside an earlier quarter's answers",
    ),
];

fn readme() -> String {
    std::fs::read_to_string(root().join("README.md")).unwrap()
}

/// The `console` blocks, through trycmd.
#[test]
fn console_examples_print_what_the_readme_shows() {
    trycmd::TestCases::new()
        .register_bin("tandem", PathBuf::from(BIN))
        // The width of text reports when not on a terminal, whatever the shell says.
        .env("COLUMNS", "100")
        .env("NO_COLOR", "1")
        .env("TANDEM_TODAY", "2027-01-07")
        .case("README.md");
}

/// A fenced block of the README.
struct Block {
    /// The info string's first word (`sh`, `text`, `console`; empty when none).
    lang: String,
    /// The README's line number of the opening fence.
    line: usize,
    /// The block's lines, without the fence's indentation.
    lines: Vec<String>,
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<(Block, usize)> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        match open.take() {
            None if trimmed.starts_with("```") => {
                let info = trimmed.trim_start_matches('`').trim();
                let lang = info.split([',', ' ']).next().unwrap_or("").to_string();
                let block = Block {
                    lang,
                    line: i + 1,
                    lines: Vec::new(),
                };
                open = Some((block, indent));
            }
            None => {}
            Some((block, _)) if trimmed.starts_with("```") => out.push(block),
            Some((mut block, indent)) => {
                block
                    .lines
                    .push(line.get(indent..).unwrap_or(trimmed).to_string());
                open = Some((block, indent));
            }
        }
    }
    assert!(open.is_none(), "README.md ends inside a fenced block");
    out
}

/// The tandem command a line runs, if it runs one: `cargo run --release --` stands
/// for `tandem`.
fn command(line: &str) -> Option<String> {
    let line = line.trim();
    let line = line.strip_prefix("$ ").unwrap_or(line);
    if let Some(rest) = line.strip_prefix("cargo run --release -- ") {
        return Some(format!("tandem {rest}"));
    }
    line.starts_with("tandem ").then(|| line.to_string())
}

/// Whether a block shows tandem at work: a command, or output that names one.
fn shows_tandem(b: &Block) -> bool {
    b.lines
        .iter()
        .any(|l| command(l).is_some() || l.contains("tandem "))
}

#[test]
fn every_block_that_shows_tandem_at_work_is_checked_or_excused() {
    let text = readme();
    let mut unchecked = Vec::new();
    let mut excused = BTreeSet::new();
    for b in blocks(&text) {
        match b.lang.as_str() {
            // trycmd reads blocks without an info string as its own, like console ones.
            "console" | "" => {
                for l in b.lines.iter().filter(|l| l.starts_with("$ ")) {
                    assert!(
                        l.starts_with("$ tandem "),
                        "README.md:{}: a console block runs only tandem: {l}",
                        b.line
                    );
                }
            }
            "sh" | "bash" | "shell" => {}
            _ if shows_tandem(&b) => {
                match NOT_CHECKED
                    .iter()
                    .find(|(line, _)| b.lines.iter().any(|l| l == line))
                {
                    Some((line, _)) => {
                        excused.insert(*line);
                    }
                    None => unchecked.push(format!(
                        "README.md:{}: a ```{} block shows tandem at work; make it a \
                         ```console block (see tests/readme.rs), or list it in NOT_CHECKED \
                         with the reason",
                        b.line, b.lang
                    )),
                }
            }
            _ => {}
        }
    }
    assert!(unchecked.is_empty(), "{}", unchecked.join("\n"));
    for (line, _) in NOT_CHECKED {
        assert!(
            excused.contains(line),
            "NOT_CHECKED names a block the README no longer has: {line}"
        );
    }
}

/// Copies `from` into `to`, recursively.
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// The file a command line writes: `--out FILE`, `-o FILE` or `> FILE`.
fn written_file(line: &str) -> Option<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    words
        .windows(2)
        .find(|w| matches!(w[0], "--out" | "-o" | ">"))
        .map(|w| w[1].to_string())
}

#[test]
fn sh_examples_run_and_succeed() {
    let bin_dir = Path::new(BIN).parent().unwrap();
    let path = std::env::join_paths(
        std::iter::once(bin_dir.to_path_buf())
            .chain(std::env::split_paths(&std::env::var_os("PATH").unwrap())),
    )
    .unwrap();
    let mut skipped = BTreeSet::new();
    let mut ran = 0;
    for b in blocks(&readme()) {
        if !matches!(b.lang.as_str(), "sh" | "bash" | "shell") {
            continue;
        }
        // Each block in a folder of its own: its lines build on each other, not on
        // another block's.
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&root().join("examples"), &dir.path().join("examples"));
        for (i, line) in b.lines.iter().enumerate() {
            let Some(cmd) = command(line) else { continue };
            if let Some((start, _)) = SH_NOT_RUN.iter().find(|(s, _)| cmd.starts_with(s)) {
                skipped.insert(*start);
                continue;
            }
            let at = b.line + 1 + i;
            let out = Command::new("bash")
                .args(["-c", &cmd])
                .current_dir(dir.path())
                .env("PATH", &path)
                .env("COLUMNS", "100")
                .env("NO_COLOR", "1")
                .env("EDITOR", "true")
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                out.status.success(),
                "README.md:{at}: `{cmd}` ended with {}: {stderr}",
                out.status
            );
            common::assert_no_panic(&stderr);
            if let Some(file) = written_file(&cmd) {
                let meta = std::fs::metadata(dir.path().join(&file));
                assert!(
                    meta.is_ok_and(|m| m.is_dir() || m.len() > 0),
                    "README.md:{at}: `{cmd}` wrote nothing to {file}"
                );
            }
            ran += 1;
        }
    }
    assert!(
        ran >= 10,
        "only {ran} README commands ran: is the parser broken?"
    );
    for (start, _) in SH_NOT_RUN {
        assert!(
            skipped.contains(start),
            "SH_NOT_RUN names a command the README no longer has: {start}"
        );
    }
}

/// `n` in words, as prose writes small counts.
fn words(n: usize) -> String {
    const W: [&str; 21] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    W.get(n).map_or_else(|| n.to_string(), |w| w.to_string())
}

/// The names in a folder of the repository that satisfy `keep`.
fn names(dir: &str, keep: impl Fn(&std::fs::DirEntry) -> bool) -> Vec<String> {
    std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(Result::unwrap)
        .filter(|e| keep(e))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect()
}

/// A built-in's figures as `tandem list` gives them: questions and dimensions.
fn builtin_counts(name: &str) -> (usize, usize) {
    let out = Command::new(BIN).arg("list").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    lines.find(|l| l.starts_with(&format!("{name} "))).unwrap();
    let figures: Vec<usize> = lines
        .next()
        .unwrap()
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect();
    // "52 questions (48 scored), 9 dimensions, 19 causes, 6 findings"
    (figures[0], figures[2])
}

#[test]
fn counts_in_the_prose_match_the_repository() {
    let text = readme();
    let bad_inputs = names("tests/bad_inputs", |e| {
        e.file_name().to_string_lossy().ends_with(".toml")
    });
    let valid = bad_inputs
        .iter()
        .filter(|n| n.ends_with("-valid.toml"))
        .count();
    let bad = bad_inputs.len() - valid;
    let workshop = names("examples/workshop", |e| {
        e.file_name().to_string_lossy().ends_with(".toml")
    })
    .len();
    // A wave is a quarter's folder: 2026-q1, …
    let waves = names("examples/ci", |e| {
        e.file_type().unwrap().is_dir() && e.file_name().to_string_lossy().contains("-q")
    })
    .len();
    let (questions, sections) = builtin_counts("alignment");
    let (pulse, _) = builtin_counts("pulse");
    let claims = [
        format!("a catalogue of {bad} bad files"),
        format!("the {} valid files", words(valid)),
        format!("# {workshop} people at a fictional B2B firm"),
        format!("the {} workshop answers", words(workshop)),
        format!("has {} quarterly waves", words(waves)),
        format!("The `pulse` questionnaire has {} statements", words(pulse)),
        format!("\"Question 7 of {questions}\""),
        format!("Question 3 of {questions} · section 1 of {sections}"),
        format!("Section 1 of {sections}: "),
    ];
    // Sentences wrap: compare with every run of white space as one space.
    let prose = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let missing: Vec<&String> = claims
        .iter()
        .filter(|c| !prose.contains(c.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "README.md does not say (a count changed, or the sentence did): {missing:#?}"
    );
}

/// The Layout table's rows: the backticked paths of each row's first cell.
fn layout_paths(text: &str) -> Vec<String> {
    let start = text
        .find("\n## Layout\n")
        .expect("README.md has a Layout section");
    let section = &text[start + 1..];
    let end = section[3..].find("\n## ").map_or(section.len(), |i| i + 3);
    section[..end]
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" |").next())
        .flat_map(|cell| {
            cell.split('`')
                .skip(1)
                .step_by(2)
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The table lists every top-level module under src/ (a file `src/x.rs` or a folder
/// `src/x/`), and names nothing that does not exist.
#[test]
fn layout_table_lists_every_module_and_nothing_else() {
    let listed = layout_paths(&readme());
    let src_listed: BTreeSet<&str> = listed
        .iter()
        .map(String::as_str)
        .filter(|p| p.starts_with("src/"))
        .collect();
    let on_disk: BTreeSet<String> = names("src", |e| {
        e.file_type().unwrap().is_dir() || e.file_name().to_string_lossy().ends_with(".rs")
    })
    .into_iter()
    .map(|n| {
        if root().join("src").join(&n).is_dir() {
            format!("src/{n}/")
        } else {
            format!("src/{n}")
        }
    })
    .collect();
    let missing: Vec<&String> = on_disk
        .iter()
        .filter(|p| !src_listed.contains(p.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "README.md's Layout table does not list {missing:?}"
    );
    let absent: Vec<&String> = listed
        .iter()
        .filter(|p| !root().join(p.trim_end_matches('/')).exists())
        .collect();
    assert!(
        absent.is_empty(),
        "README.md's Layout table names what does not exist: {absent:?}"
    );
    let deeper: Vec<&&str> = src_listed
        .iter()
        .filter(|p| !on_disk.contains(**p))
        .collect();
    assert!(
        deeper.is_empty(),
        "README.md's Layout table lists src/ by its top level (src/x.rs, src/x/): {deeper:?}"
    );
}
