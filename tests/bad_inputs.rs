//! A catalogue of bad inputs, run through the real binary (issue 7).
//!
//! Every case must end the way the command-line contract says (docs: PRODUCT.md, "Command-
//! line contract"): the documented exit code (1 for invalid input and I/O, 2 for usage),
//! nothing on standard output, and on standard error one clear line per problem that
//! names the file — with `line:column` for parse and validation errors — and never a
//! panic or a backtrace.
//!
//! The files live in `tests/bad_inputs/`, one per case, each starting with a comment that
//! says what is wrong and where. `q-*` are questionnaires, `a-*` answers files (scored
//! with `-q tests/bad_inputs/q-valid.toml`), `policy-*` are `--policy` files. Every `q-*`
//! case is `q-mini-valid.toml` with one change and every `a-*` case is `a-valid.toml` with
//! one change, so the positions below can be checked by eye against those two files.
//! Inputs that should not be committed (binary, 50 MB, unreadable, folders) are made in a
//! temporary folder by the tests that need them.
//!
//! Cases that need more than one expected line (a whole stderr, a count, a property of
//! the message) have tests of their own after the catalogue.

mod common;

use assert_cmd::Command;
use common::{Run, root};
use std::collections::BTreeSet;
use std::path::Path;

const DIR: &str = "tests/bad_inputs";
/// The questionnaire the `a-*` cases answer (id `bi`, version 1.0).
const Q: &str = "tests/bad_inputs/q-valid.toml";
/// Valid answers to `Q`.
const A: &str = "tests/bad_inputs/a-valid.toml";

fn path(name: &str) -> String {
    format!("{DIR}/{name}")
}

/// The binary, run from the repository root. `RUST_BACKTRACE` is set so that a panic
/// would show its backtrace and be caught below, even if the panic hook changed.
fn tandem() -> Command {
    let mut cmd = common::tandem();
    cmd.env("NO_COLOR", "1").env("RUST_BACKTRACE", "1");
    cmd
}

/// Runs `cmd`; a panic is not asserted here but reported by `contract`, with the rest.
fn run(cmd: &mut Command) -> Run {
    Run::from(cmd.output().unwrap())
}

fn is_summary(line: &str) -> bool {
    // `tandem check` ends its report with "N problem(s) in M file(s)".
    let words: Vec<&str> = line.split(' ').collect();
    words.len() == 5
        && words[0].parse::<usize>().is_ok()
        && matches!(words[1], "problem" | "problems")
        && words[2] == "in"
        && words[3].parse::<usize>().is_ok()
        && matches!(words[4], "file" | "files")
}

/// The parts of the contract every bad input must keep, whatever the message: the exit
/// code, no panic or backtrace, no terminal control characters, nothing on stdout, and
/// every stderr line naming `file` (`tandem check`'s final count line aside).
fn contract(what: &str, r: &Run, code: i32, file: &str, check: bool) -> Vec<String> {
    let mut failures = Vec::new();
    let mut fail = |m: String| failures.push(format!("{what}: {m}\nstderr:\n{}", r.stderr));
    if r.code != Some(code) {
        fail(format!("exit code {:?}, expected {code}", r.code));
    }
    for bad in [
        "panicked",
        "RUST_BACKTRACE",
        "thread 'main'",
        "internal error",
        "stack backtrace",
    ] {
        if r.stderr.contains(bad) {
            fail(format!("stderr contains {bad:?}"));
        }
    }
    if r.stderr.chars().any(|c| c.is_control() && c != '\n') {
        fail("stderr contains control characters".into());
    }
    if !r.stdout.is_empty() {
        fail(format!("stdout is not empty: {:?}", r.stdout));
    }
    let lines: Vec<&str> = r.stderr.lines().collect();
    if lines.is_empty() {
        fail("nothing on stderr".into());
    }
    for (i, line) in lines.iter().enumerate() {
        let last = i + 1 == lines.len();
        if check && last {
            if !is_summary(line) {
                fail(format!("last line {line:?} is not the problem count"));
            }
        } else if check {
            if !line.starts_with(&format!("{file}:")) {
                fail(format!("line {line:?} does not start with {file:?}"));
            }
        } else if !line.starts_with("error: ") || !line.contains(file) {
            fail(format!("line {line:?} is not `error: …` naming {file:?}"));
        }
    }
    failures
}

/// `want` is a whole line, or, when it holds `…`, a pattern: the line starts with the
/// text before the first `…`, ends with the text after the last, and holds the parts in
/// between in order. Used where the wording comes from the TOML parser, not from tandem.
fn matches(line: &str, want: &str) -> bool {
    if !want.contains('…') {
        return line == want;
    }
    let parts: Vec<&str> = want.split('…').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !line.starts_with(first) || !line.ends_with(last) || line.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &line[first.len()..line.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(i) => rest = &rest[i + part.len()..],
            None => return false,
        }
    }
    true
}

/// Which stderr lines a case expects (without `error: `, which is added for every
/// command but `check`; `check`'s count line is checked by `contract`).
enum Want {
    /// These lines and no others, in this order.
    Only(&'static [&'static str]),
    /// These lines among others (consequential problems may be reported too).
    Includes(&'static [&'static str]),
}
use Want::{Includes, Only};

struct Case {
    /// The file under `tests/bad_inputs/`.
    file: &'static str,
    /// The command line; `{f}` is the case's file, `{q}` is `Q`, `{a}` is `A`.
    args: &'static [&'static str],
    code: i32,
    want: Want,
}

const CHECK: &[&str] = &["check", "{f}"];
/// An answers file scored against `Q`.
const SCORE: &[&str] = &["score", "-q", "{q}", "{f}"];
/// A questionnaire used to score the valid answers.
const AS_Q: &[&str] = &["score", "-q", "{f}", "{a}"];
/// A policy file used to score the valid answers.
const POLICY: &[&str] = &["score", "-q", "{q}", "{a}", "--policy", "{f}"];

const NOT_A_TANDEM_FILE: &str = "{f}:1:1: not a tandem file: expected a `[questionnaire]` table (a questionnaire) or `questionnaire = \"ID\"` (an answers file)";
const NOT_AN_ANSWERS_FILE: &str = "{f}:1:1: not an answers file: missing `questionnaire = \"ID\"` (which questionnaire it answers)";

/// The catalogue. Positions are 1-based line and column; each file's first line says
/// where its problem is. Where the message is the TOML parser's, only the position and
/// a keyword are pinned (`…`).
const CASES: &[Case] = &[
    // ---- malformed TOML -------------------------------------------------------------
    // `title = "T` never closes: the parser wants the `"` where the line ends, col 11.
    Case {
        file: "q-toml-unclosed-string.toml",
        args: CHECK,
        code: 1,
        want: Only(&["{f}:5:11: …string…"]),
    },
    // `[[questions]` lacks one `]`: expected after the 12 characters, col 13.
    Case {
        file: "q-toml-bad-table-header.toml",
        args: CHECK,
        code: 1,
        want: Only(&["{f}:17:13: …expected `]`"]),
    },
    // `kind "scale"`: the `=` is missing where the value starts, col 6.
    Case {
        file: "q-toml-missing-equals.toml",
        args: CHECK,
        code: 1,
        want: Only(&["{f}:19:6: …expected `=`"]),
    },
    // The second `version` key, line 5 col 1.
    Case {
        file: "q-toml-duplicate-key.toml",
        args: CHECK,
        code: 1,
        want: Only(&["{f}:5:1: duplicate key `version`"]),
    },
    // `text = "Q\q1"`: the `\` is col 10, the invalid escape letter `q` col 11.
    Case {
        file: "q-toml-invalid-escape.toml",
        args: CHECK,
        code: 1,
        want: Only(&["{f}:23:11: …escape…"]),
    },
    // `hates = ["waste" "leads"]`: the second item, where a `,` was due, col 18.
    Case {
        file: "a-toml-syntax.toml",
        args: SCORE,
        code: 1,
        want: Only(&["{f}:11:18: …expected `,`"]),
    },
    // `[[floor]`: expected `]` after 8 characters, col 9.
    Case {
        file: "policy-syntax.toml",
        args: POLICY,
        code: 1,
        want: Only(&["{f}:2:9: …expected `]`"]),
    },
    // ---- wrong types ----------------------------------------------------------------
    // `min = "one"`: the value at col 7.
    Case {
        file: "q-type-string-for-number.toml",
        args: CHECK,
        code: 1,
        want: Only(&["{f}:21:7: expected a whole number, found string \"one\""]),
    },
    // `evidence = ["c"]`: the value at col 12.
    Case {
        file: "q-type-array-for-table.toml",
        args: CHECK,
        code: 1,
        want: Only(&["{f}:24:12: expected a table, found list"]),
    },
    // `text = { en = "Q1" }`: the value at col 8. (The wording: see
    // `table_where_a_string_belongs_is_called_a_table`.)
    Case {
        file: "q-type-table-for-string.toml",
        args: CHECK,
        code: 1,
        want: Only(&["{f}:23:8: expected a string, found …"]),
    },
    // `remedies = true`: the value at col 12.
    Case {
        file: "q-type-bool-for-list.toml",
        args: CHECK,
        code: 1,
        want: Only(&["{f}:15:12: expected a list, found boolean `true`"]),
    },
    // `max = 99999999999999999999`: the value at col 7. (Wording: see
    // `too_large_integer_is_reported_without_rust_type_names`.)
    Case {
        file: "q-type-integer-too-large.toml",
        args: CHECK,
        code: 1,
        want: Only(&["{f}:22:7: …99999999999999999999…"]),
    },
    // `questionnaire = 3`: the value at col 17.
    Case {
        file: "a-type-questionnaire-number.toml",
        args: SCORE,
        code: 1,
        want: Only(&["{f}:2:17: expected a string, found whole number `3`"]),
    },
    // `complete = "yes"`: the value at col 12.
    Case {
        file: "a-type-complete-string.toml",
        args: SCORE,
        code: 1,
        want: Only(&["{f}:7:12: expected a boolean, found string \"yes\""]),
    },
    // ---- unknown keys ---------------------------------------------------------------
    Case {
        file: "q-unknown-key-top.toml",
        args: CHECK,
        code: 1,
        want: Only(&["{f}:2:1: unknown key `colour`"]),
    },
    Case {
        file: "q-unknown-key-nested.toml",
        args: CHECK,
        code: 1,
        want: Only(&["{f}:10:1: unknown key `dimensions[0].weigth`"]),
    },
    // `  { id = "b", label = "B", points = 1, hlep = "x" },`: `hlep` at col 40.
    Case {
        file: "q-unknown-key-option.toml",
        args: CHECK,
        code: 1,
        want: Only(&["{f}:24:40: unknown key `questions[0].options[1].hlep`"]),
    },
    Case {
        file: "a-unknown-key-top.toml",
        args: SCORE,
        code: 1,
        want: Only(&["{f}:4:1: unknown key `respondnet`"]),
    },
    Case {
        file: "a-five-whys-unknown-key.toml",
        args: SCORE,
        code: 1,
        want: Only(&[
            "{f}:17:1: `why`: unknown key `reason` (a five-whys answer has symptom, whys and cause)",
        ]),
    },
    // ---- duplicate ids (the second one is reported, at its value: `id = "` is 5 chars)
    Case {
        file: "q-duplicate-question-id.toml",
        args: CHECK,
        code: 1,
        want: Only(&["{f}:27:6: duplicate question id `q1` (also question #1)"]),
    },
    Case {
        file: "q-duplicate-cause-id.toml",
        args: CHECK,
        code: 1,
        want: Only(&["{f}:18:6: duplicate cause id `c` (also cause #1)"]),
    },
    // (Nothing else is reported: see `duplicate_dimension_id_is_the_only_problem`.)
    Case {
        file: "q-duplicate-dimension-id.toml",
        args: CHECK,
        code: 1,
        want: Includes(&["{f}:12:6: duplicate dimension id `d` (also dimension #1)"]),
    },
    // `  { id = "a", …`: the id value at col 10.
    Case {
        file: "q-duplicate-option-id.toml",
        args: CHECK,
        code: 1,
        want: Only(&["{f}:24:10: duplicate option id `a` (also option #1)"]),
    },
    // `hates = ["waste", "waste"]`: the list at col 9.
    Case {
        file: "a-multi-ticked-twice.toml",
        args: SCORE,
        code: 1,
        want: Only(&["{f}:11:9: `hates`: option `waste` is ticked twice"]),
    },
    // ---- references to things that do not exist -------------------------------------
    // `evidence = { c = 1.0, nope = 0.5 }`: the key `nope` at col 23.
    Case {
        file: "q-missing-cause.toml",
        args: CHECK,
        code: 1,
        want: Only(&["{f}:24:23: unknown cause `nope`"]),
    },
    // The same file given to `score -q`: the same line, as an `error:`.
    Case {
        file: "q-missing-cause.toml",
        args: AS_Q,
        code: 1,
        want: Only(&["{f}:24:23: unknown cause `nope`"]),
    },
    // `scale = "agree7"`: the value at col 9.
    Case {
        file: "q-missing-scale.toml",
        args: CHECK,
        code: 1,
        want: Only(&["{f}:21:9: unknown scale `agree7`"]),
    },
    // `dimension = "zz"`: the value at col 13.
    Case {
        file: "q-missing-dimension.toml",
        args: CHECK,
        code: 1,
        want: Only(&["{f}:31:13: unknown dimension `zz`"]),
    },
    // `sources = ["nowhere"]`: the item at col 12.
    Case {
        file: "q-missing-source.toml",
        args: CHECK,
        code: 1,
        want: Only(&["{f}:16:12: unknown source `nowhere`"]),
    },
    // `of = "nope"`: the value at col 6.
    Case {
        file: "policy-unknown-dimension.toml",
        args: POLICY,
        code: 1,
        want: Only(&["{f}:3:6: `nope` is not `overall` or a dimension of `bi` (buyer, metrics)"]),
    },
    // `cause = "budget"`: the value at col 9.
    Case {
        file: "policy-unknown-cause.toml",
        args: POLICY,
        code: 1,
        want: Only(&["{f}:3:9: unknown cause `budget` in `bi`"]),
    },
    // `cause = "budget"` in the chain: the value at col 9.
    Case {
        file: "a-five-whys-unknown-cause.toml",
        args: SCORE,
        code: 1,
        want: Only(&[
            "{f}:17:9: `why`: unknown cause `budget` (expected `other` or one of: no-icp, split)",
        ]),
    },
    // `metrik = "joint"`: the key at col 1.
    Case {
        file: "a-unknown-question.toml",
        args: SCORE,
        code: 1,
        want: Only(&["{f}:10:1: answer to unknown question `metrik`"]),
    },
    // `role = "finance"`: the value at col 8.
    Case {
        file: "a-unknown-role.toml",
        args: SCORE,
        code: 1,
        want: Only(&[
            "{f}:5:8: unknown role `finance` (expected one of: sales, marketing, leadership, other)",
        ]),
    },
    // The same, through `check -q`: the line is the same, then the count.
    Case {
        file: "a-unknown-role.toml",
        args: &["check", "-q", "{q}", "{f}"],
        code: 1,
        want: Only(&[
            "{f}:5:8: unknown role `finance` (expected one of: sales, marketing, leadership, other)",
        ]),
    },
    // ---- other questionnaire rules --------------------------------------------------
    Case {
        file: "q-bad-id.toml",
        args: CHECK,
        code: 1,
        want: Only(&[
            "{f}:18:6: question id `Q 1` is not valid: use lower-case letters, digits, `-` and `_`, starting with a letter",
        ]),
    },
    // `kind = "slider"`: the value at col 8. (Nothing else is reported: see
    // `unknown_question_kind_is_the_only_problem`.)
    Case {
        file: "q-bad-question-kind.toml",
        args: CHECK,
        code: 1,
        want: Includes(&[
            "{f}:19:8: unknown question kind `slider`: expected single, multi, scale, text or five_whys",
        ]),
    },
    // No `[[questions]]` at all. (The position: see `zero_questions_is_reported_at_a_position`.)
    Case {
        file: "q-zero-questions.toml",
        args: CHECK,
        code: 1,
        want: Includes(&["{f}…: the questionnaire has no `[[questions]]`"]),
    },
    Case {
        file: "q-zero-questions.toml",
        args: AS_Q,
        code: 1,
        want: Includes(&["{f}…: the questionnaire has no `[[questions]]`"]),
    },
    // ---- level bands ----------------------------------------------------------------
    // The `[levels]` header, line 17 col 1.
    Case {
        file: "q-bands-empty.toml",
        args: CHECK,
        code: 1,
        want: Only(&["{f}:17:1: `[levels]` has no `[[levels.bands]]`"]),
    },
    // The second band's `min = 50`: the value at col 7.
    Case {
        file: "q-bands-gap.toml",
        args: CHECK,
        code: 1,
        want: Only(&[
            "{f}:26:7: gap between bands: `Low` ends at 40 but `High` starts at 50 (expected 40)",
        ]),
    },
    Case {
        file: "q-bands-overlap.toml",
        args: CHECK,
        code: 1,
        want: Only(&[
            "{f}:26:7: bands overlap: `Low` ends at 60 but `High` starts at 40 (expected 60)",
        ]),
    },
    Case {
        file: "q-bands-overlap.toml",
        args: AS_Q,
        code: 1,
        want: Only(&[
            "{f}:26:7: bands overlap: `Low` ends at 60 but `High` starts at 40 (expected 60)",
        ]),
    },
    // The first band's `min = 10`, line 21 col 7.
    Case {
        file: "q-bands-percent-not-from-0.toml",
        args: CHECK,
        code: 1,
        want: Only(&[
            "{f}:21:7: the first percent band must start at 0 (the lowest possible score), not 10",
        ]),
    },
    // The last band's `max = 90`, line 27 col 7.
    Case {
        file: "q-bands-percent-not-to-100.toml",
        args: CHECK,
        code: 1,
        want: Only(&[
            "{f}:27:7: the last percent band must end at 100 (the highest possible score), not 90",
        ]),
    },
    // One 1..5 scale question: raw sums run 1..5; the last band's `max = 4`, line 27.
    Case {
        file: "q-bands-raw-not-covering.toml",
        args: CHECK,
        code: 1,
        want: Only(&[
            "{f}:27:7: the last raw band must end at 5 (the highest possible score), not 4",
        ]),
    },
    // `basis = "percentage"`: the value at col 9.
    Case {
        file: "q-bands-unknown-basis.toml",
        args: CHECK,
        code: 1,
        want: Only(&["{f}:18:9: unknown basis `percentage`: expected `percent` or `raw`"]),
    },
    // ---- conditions -----------------------------------------------------------------
    // `ask_if = { question = "q2", … }`: the value `"q2"` at col 23.
    Case {
        file: "q-ask-if-later.toml",
        args: CHECK,
        code: 1,
        want: Only(&[
            "{f}:25:23: `ask_if` names `q2`, which is not an earlier question (question #1)",
        ]),
    },
    Case {
        file: "q-ask-if-self.toml",
        args: CHECK,
        code: 1,
        want: Only(&[
            "{f}:25:23: `ask_if` names `q1`, which is not an earlier question (question #1)",
        ]),
    },
    Case {
        file: "q-ask-if-self.toml",
        args: &["template", "-q", "{f}"],
        code: 1,
        want: Only(&[
            "{f}:25:23: `ask_if` names `q1`, which is not an earlier question (question #1)",
        ]),
    },
    // `ask_if = { question = "q1", equals = 9 }`: the 9 at col 38.
    Case {
        file: "q-ask-if-out-of-range.toml",
        args: CHECK,
        code: 1,
        want: Only(&["{f}:30:38: 9 is outside `q1`'s scale 1..5"]),
    },
    // ---- answers: values ------------------------------------------------------------
    // `icp = …`: the value at col 7.
    Case {
        file: "a-scale-out-of-range.toml",
        args: SCORE,
        code: 1,
        want: Only(&["{f}:9:7: `icp`: 9 is out of range 1..5"]),
    },
    Case {
        file: "a-scale-not-a-number.toml",
        args: SCORE,
        code: 1,
        want: Only(&["{f}:9:7: `icp`: expected a whole number 1..5, found \"four\""]),
    },
    Case {
        file: "a-scale-fraction.toml",
        args: SCORE,
        code: 1,
        want: Only(&["{f}:9:7: `icp`: expected a whole number 1..5, found float"]),
    },
    // `metric = …`: the value at col 10.
    Case {
        file: "a-single-unknown-option.toml",
        args: SCORE,
        code: 1,
        want: Only(&[
            "{f}:10:10: `metric`: unknown option `together` (expected one of: separate, joint)",
        ]),
    },
    Case {
        file: "a-single-not-a-string.toml",
        args: SCORE,
        code: 1,
        want: Only(&["{f}:10:10: `metric`: expected an option id (a string), found integer"]),
    },
    Case {
        file: "a-dont-know-not-allowed.toml",
        args: SCORE,
        code: 1,
        want: Only(&["{f}:10:10: `metric`: this question does not allow \"dont_know\""]),
    },
    // `hates = …`: the value at col 9.
    Case {
        file: "a-multi-unknown-option.toml",
        args: SCORE,
        code: 1,
        want: Only(&["{f}:11:9: `hates`: unknown option `spam` (expected any of: waste, leads)"]),
    },
    Case {
        file: "a-multi-not-a-list.toml",
        args: SCORE,
        code: 1,
        want: Only(&["{f}:11:9: `hates`: expected a list of option ids, found string"]),
    },
    // `date = "2026-13-01"`: the value at col 8.
    Case {
        file: "a-bad-date.toml",
        args: SCORE,
        code: 1,
        want: Only(&["{f}:6:8: `date` 2026-13-01 is not a day in the calendar"]),
    },
    // ---- answers: which questionnaire -----------------------------------------------
    // `version = "2.0"`: the value at col 11.
    Case {
        file: "a-wrong-version.toml",
        args: SCORE,
        code: 1,
        want: Only(&[
            "{f}:3:11: answers version 2.0 of `bi`, but the questionnaire is version 1.0",
        ]),
    },
    // Without -q: the built-in `pulse` is found by id, and has no version 9.9.
    Case {
        file: "a-pulse-wrong-version.toml",
        args: &["score", "{f}"],
        code: 1,
        want: Only(&[
            "{f}:3:11: answers version 9.9 of `pulse`, but the questionnaire is version …",
        ]),
    },
    // `questionnaire = "pulse"`: the value at col 17.
    Case {
        file: "a-wrong-questionnaire.toml",
        args: SCORE,
        code: 1,
        want: Only(&[
            "{f}:2:17: answers questionnaire `pulse`, but the questionnaire used is `bi`",
        ]),
    },
    // No `version`: pointed at the `questionnaire` key it belongs with, line 2 col 1.
    Case {
        file: "a-missing-version.toml",
        args: SCORE,
        code: 1,
        want: Only(&[
            "{f}:2:1: answers file is missing `version` (the questionnaire version it answers)",
        ]),
    },
    // ---- answers: five whys ---------------------------------------------------------
    // `why = "because"`: the value at col 7.
    Case {
        file: "a-five-whys-not-table.toml",
        args: SCORE,
        code: 1,
        want: Only(&[
            "{f}:13:7: `why`: expected a table with symptom, whys and cause, found string",
        ]),
    },
    // `whys = "A"`: the value at col 8.
    Case {
        file: "a-five-whys-whys-not-list.toml",
        args: SCORE,
        code: 1,
        want: Only(&["{f}:16:8: `why`: whys must be a list of strings, found string"]),
    },
    // The `[answers.why]` header, line 14 col 1.
    Case {
        file: "a-five-whys-no-symptom.toml",
        args: SCORE,
        code: 1,
        want: Only(&["{f}:14:1: `why`: a five-whys chain needs its `symptom`"]),
    },
    // ---- encodings: non-UTF-8, byte-order mark, CRLF --------------------------------
    // `title = "Caf` is 12 characters: the Latin-1 é (0xE9) at col 13.
    Case {
        file: "q-latin1.toml",
        args: CHECK,
        code: 1,
        want: Only(&[
            "{f}:5:13: invalid UTF-8 byte: the file must be UTF-8 text (this looks like Latin-1 or Windows-1252; convert it, for example with `iconv -f WINDOWS-1252 -t UTF-8`)",
        ]),
    },
    // `respondent = "Jos` is 17 characters: the é at col 18.
    Case {
        file: "a-latin1.toml",
        args: SCORE,
        code: 1,
        want: Only(&[
            "{f}:4:18: invalid UTF-8 byte: the file must be UTF-8 text (this looks like Latin-1 or Windows-1252; convert it, for example with `iconv -f WINDOWS-1252 -t UTF-8`)",
        ]),
    },
    // The byte-order mark is not a column: the key is at 1:1.
    Case {
        file: "q-bom-unknown-key.toml",
        args: CHECK,
        code: 1,
        want: Only(&["{f}:1:1: unknown key `colour`"]),
    },
    Case {
        file: "a-bom-wrong-questionnaire.toml",
        args: SCORE,
        code: 1,
        want: Only(&[
            "{f}:1:17: answers questionnaire `pulse`, but the questionnaire used is `bi`",
        ]),
    },
    // CRLF: the same positions as with LF.
    Case {
        file: "q-crlf-missing-cause.toml",
        args: CHECK,
        code: 1,
        want: Only(&["{f}:24:23: unknown cause `nope`"]),
    },
    // The CR is not a column: the end of `title = "T` is still col 11.
    Case {
        file: "q-crlf-unclosed-string.toml",
        args: CHECK,
        code: 1,
        want: Only(&["{f}:5:11: …string…"]),
    },
    Case {
        file: "a-crlf-scale-out-of-range.toml",
        args: SCORE,
        code: 1,
        want: Only(&["{f}:9:7: `icp`: 9 is out of range 1..5"]),
    },
    // ---- empty and whitespace-only files --------------------------------------------
    Case {
        file: "empty.toml",
        args: CHECK,
        code: 1,
        want: Only(&[NOT_A_TANDEM_FILE]),
    },
    Case {
        file: "empty.toml",
        args: SCORE,
        code: 1,
        want: Only(&[NOT_AN_ANSWERS_FILE]),
    },
    Case {
        file: "empty.toml",
        args: &["score", "{f}"],
        code: 1,
        want: Only(&[NOT_AN_ANSWERS_FILE]),
    },
    // (That it is the only line: see `empty_questionnaire_given_to_q_is_one_positioned_problem`.)
    Case {
        file: "empty.toml",
        args: AS_Q,
        code: 1,
        want: Includes(&[
            "{f}:1:1: the file is empty: a questionnaire needs [questionnaire], [[dimensions]] and [[questions]]",
        ]),
    },
    Case {
        file: "whitespace-only.toml",
        args: CHECK,
        code: 1,
        want: Only(&[NOT_A_TANDEM_FILE]),
    },
    Case {
        file: "whitespace-only.toml",
        args: SCORE,
        code: 1,
        want: Only(&[NOT_AN_ANSWERS_FILE]),
    },
    // ---- the wrong kind of file -----------------------------------------------------
    Case {
        file: "q-valid.toml",
        args: &["score", "{f}"],
        code: 1,
        want: Only(&[
            "{f}: is a questionnaire, not an answers file (check it with `tandem check {f}`, or use it with `-q {f}`)",
        ]),
    },
    Case {
        file: "a-valid.toml",
        args: &["score", "-q", "{f}", "{f}"],
        code: 1,
        want: Only(&[
            "{f}: is an answers file, not a questionnaire (score it with `tandem score {f}`)",
        ]),
    },
    Case {
        file: "a-valid.toml",
        args: &["template", "-q", "{f}"],
        code: 1,
        want: Only(&[
            "{f}: is an answers file, not a questionnaire (score it with `tandem score {f}`)",
        ]),
    },
    // ---- --policy files -------------------------------------------------------------
    // `action = "explode"`: the value at col 10.
    Case {
        file: "policy-bad-action.toml",
        args: POLICY,
        code: 1,
        want: Only(&["{f}:5:10: unknown action `explode`: expected `fail` or `warn`"]),
    },
    // `min = -10`: the value at col 7.
    Case {
        file: "policy-negative-min.toml",
        args: POLICY,
        code: 1,
        want: Only(&["{f}:4:7: `min` must be a number ≥ 0, found -10"]),
    },
    Case {
        file: "policy-no-rules.toml",
        args: POLICY,
        code: 1,
        want: Only(&[
            "{f}:1:1: the policy has no rules: add [[floor]], [[drop]], [[ceiling]], [[respondents]], [[gap]] or [[age]] tables",
        ]),
    },
    // Every problem at once, in file order.
    Case {
        file: "policy-errors.toml",
        args: POLICY,
        code: 1,
        want: Only(&[
            "{f}:5:6: `nope` is not `overall` or a dimension of `bi` (buyer, metrics)",
            "{f}:11:10: unknown action `explode`: expected `fail` or `warn`",
            "{f}:13:1: rule is missing `max`",
            "{f}:15:1: unknown key `ceiling[0].maxx`",
        ]),
    },
    // ---- several files answering different questionnaires ---------------------------
    Case {
        file: "trend-pulse.toml",
        args: &["trend", "{f}", "tests/bad_inputs/trend-alignment.toml"],
        code: 1,
        want: Only(&[
            "tests/bad_inputs/trend-alignment.toml: answers alignment 1.0, but {f} answers pulse 1.0; a trend compares waves of one questionnaire",
        ]),
    },
    // As one group: the file that differs from the rest is named. (Wording: see
    // `mixed_group_message_never_says_1_files`.)
    Case {
        file: "trend-pulse.toml",
        args: &["score", "{f}", "tests/bad_inputs/trend-alignment.toml"],
        code: 1,
        want: Only(&[
            "{f}: answers pulse 1.0, but …answers alignment 1.0; one group must answer one questionnaire (found: alignment 1.0 (1 file), pulse 1.0 (1 file))",
        ]),
    },
];

/// Files the table does not use, each used by a test below.
const OTHER_FILES: &[&str] = &[
    "q-mini-valid.toml",
    "q-bom-valid.toml",
    "q-crlf-valid.toml",
    "a-bom-valid.toml",
    "a-crlf-valid.toml",
    "trend-alignment.toml",
    "q-scale-huge-range.toml",
    "a-newline-in-key.toml",
    "a-escape-in-option.toml",
];

fn expand(s: &str, file: &str) -> String {
    s.replace("{f}", file).replace("{q}", Q).replace("{a}", A)
}

/// Runs one case and returns what went wrong (nothing when it passes).
fn run_case(c: &Case) -> Vec<String> {
    let file = path(c.file);
    let args: Vec<String> = c.args.iter().map(|a| expand(a, &file)).collect();
    let what = format!("{} (tandem {})", c.file, args.join(" "));
    let r = run(tandem().args(&args));
    let check = c.args[0] == "check";
    let mut failures = contract(&what, &r, c.code, &file, check);
    let prefix = if check { "" } else { "error: " };
    let mut lines: Vec<&str> = r.stderr.lines().collect();
    if check {
        lines.pop();
    }
    let mut fail = |m: String| failures.push(format!("{what}: {m}\nstderr:\n{}", r.stderr));
    match &c.want {
        Only(want) => {
            if lines.len() != want.len() {
                fail(format!("{} line(s), expected {}", lines.len(), want.len()));
            }
            for (line, w) in lines.iter().zip(want.iter()) {
                let w = format!("{prefix}{}", expand(w, &file));
                if !matches(line, &w) {
                    fail(format!("line {line:?} does not match {w:?}"));
                }
            }
            if check && !want.is_empty() {
                let n = want.len();
                let count = format!("{n} problem{} in 1 file", if n == 1 { "" } else { "s" });
                if r.stderr.lines().last() != Some(count.as_str()) {
                    fail(format!("last line is not {count:?}"));
                }
            }
        }
        Includes(want) => {
            for w in want.iter() {
                let w = format!("{prefix}{}", expand(w, &file));
                if !lines.iter().any(|l| matches(l, &w)) {
                    fail(format!("no line matches {w:?}"));
                }
            }
        }
    }
    failures
}

#[test]
fn catalogue_of_bad_inputs() {
    assert!(CASES.len() >= 40, "the catalogue has {} cases", CASES.len());
    let failures: Vec<String> = CASES.iter().flat_map(run_case).collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n\n")
    );
}

#[test]
fn pattern_matching_of_expected_lines() {
    assert!(matches("a:1:2: x", "a:1:2: x"));
    assert!(!matches("a:1:2: xy", "a:1:2: x"));
    assert!(matches("a:1:2: bad string here", "a:1:2: …string…"));
    assert!(matches("a:1:2: expected `]`", "a:1:2: …expected `]`"));
    assert!(!matches("a:1:3: expected `]`", "a:1:2: …expected `]`"));
    assert!(!matches("a:1:2: ab", "a:1:2: …b…a…"));
    assert!(is_summary("1 problem in 1 file") && is_summary("12 problems in 3 files"));
    assert!(!is_summary("a.toml: 1 problem in 1 file"));
}

/// Every file in `tests/bad_inputs/` is used, and each case file says what it is.
#[test]
fn every_catalogue_file_is_used() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(root().join(DIR))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    let used: BTreeSet<String> = CASES
        .iter()
        .map(|c| c.file)
        .chain(OTHER_FILES.iter().copied())
        .map(String::from)
        .collect();
    let unused: Vec<&String> = on_disk.difference(&used).collect();
    let missing: Vec<&String> = used.difference(&on_disk).collect();
    assert!(unused.is_empty(), "files no test uses: {unused:?}");
    assert!(
        missing.is_empty(),
        "files the tests name but are missing: {missing:?}"
    );
    for name in &on_disk {
        let bytes = std::fs::read(root().join(DIR).join(name)).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let described = text.trim_start_matches('\u{feff}').starts_with('#')
            || text.lines().any(|l| l.starts_with("# "));
        let blank = text.trim().is_empty();
        assert!(
            described || blank,
            "{name} has no comment saying what it is"
        );
    }
}

// ---------------------------------------------------------------------------
// valid inputs the bad ones are made from, and valid encodings
// ---------------------------------------------------------------------------

#[test]
fn the_valid_bases_and_encodings_are_accepted() {
    // The files every case is one change away from must themselves be clean, or the
    // cases would test nothing.
    let qs = [
        "q-valid.toml",
        "q-mini-valid.toml",
        "q-bom-valid.toml",
        "q-crlf-valid.toml",
    ];
    for q in qs {
        let p = path(q);
        let r = run(tandem().args(["check", &p]));
        assert_eq!(r.code, Some(0), "{q}: {}", r.stderr);
        assert!(r.stderr.is_empty(), "{q}: {}", r.stderr);
        assert!(
            r.stdout
                .starts_with(&format!("{p}: ok (questionnaire bi 1.0: ")),
            "{}",
            r.stdout
        );
    }
    for a in ["a-valid.toml", "a-bom-valid.toml", "a-crlf-valid.toml"] {
        let p = path(a);
        let r = run(tandem().args(["check", "-q", Q, &p]));
        assert_eq!(r.code, Some(0), "{a}: {}", r.stderr);
        assert_eq!(r.stdout, format!("{p}: ok (answers to bi 1.0, complete)\n"));
        let r = run(tandem().args(["score", "-q", Q, &p, "--format", "json"]));
        assert_eq!(r.code, Some(0), "{a}: {}", r.stderr);
        assert!(r.stderr.is_empty(), "{a}: {}", r.stderr);
        let j: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(j["respondent"]["answered"], 5, "{a}");
        assert_eq!(j["respondent"]["name"], "Ana", "{a}: {}", j["respondent"]);
    }
}

/// The encoding cases are about exact bytes: make sure a checkout did not change them
/// (`tests/bad_inputs/.gitattributes` marks them `-text`).
#[test]
fn encoding_cases_hold_the_bytes_they_claim() {
    let read = |n: &str| std::fs::read(root().join(DIR).join(n)).unwrap();
    for n in [
        "q-bom-valid.toml",
        "q-bom-unknown-key.toml",
        "a-bom-valid.toml",
        "a-bom-wrong-questionnaire.toml",
    ] {
        assert!(read(n).starts_with(b"\xef\xbb\xbf"), "{n} lost its BOM");
    }
    for n in [
        "q-crlf-valid.toml",
        "q-crlf-missing-cause.toml",
        "q-crlf-unclosed-string.toml",
        "a-crlf-valid.toml",
        "a-crlf-scale-out-of-range.toml",
    ] {
        let b = read(n);
        let lf = b.iter().filter(|&&c| c == b'\n').count();
        let crlf = b.windows(2).filter(|w| w == b"\r\n").count();
        assert!(lf > 10 && lf == crlf, "{n} does not have CRLF line endings");
    }
    for n in ["q-latin1.toml", "a-latin1.toml"] {
        let b = read(n);
        assert!(b.contains(&0xe9) && std::str::from_utf8(&b).is_err(), "{n}");
    }
    assert!(read("empty.toml").is_empty());
    let ws = read("whitespace-only.toml");
    assert!(!ws.is_empty() && ws.iter().all(|c| c.is_ascii_whitespace()));
}

// ---------------------------------------------------------------------------
// inputs made at test time
// ---------------------------------------------------------------------------

/// Runs `args` from `dir` and checks the contract and the exact lines (`{f}` = `file`).
fn expect_lines(dir: &Path, args: &[&str], code: i32, file: &str, want: &[&str]) {
    let r = run(tandem().current_dir(dir).args(args));
    let check = args[0] == "check";
    let failures = contract(&args.join(" "), &r, code, file, check);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    let mut lines: Vec<&str> = r.stderr.lines().collect();
    if check {
        assert_eq!(lines.pop(), Some("1 problem in 1 file"), "{}", r.stderr);
    }
    let prefix = if check { "" } else { "error: " };
    let want: Vec<String> = want
        .iter()
        .map(|w| format!("{prefix}{}", w.replace("{f}", file)))
        .collect();
    assert_eq!(lines, want, "tandem {}", args.join(" "));
}

/// Writes the valid base files into `dir`, so tests can run from there with short names.
fn copy_bases(dir: &Path) {
    for n in ["q-valid.toml", "a-valid.toml"] {
        std::fs::copy(root().join(DIR).join(n), dir.join(n)).unwrap();
    }
}

#[test]
fn binary_file() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_bases(d);
    // Pseudo-random bytes (a fixed LCG, so the test is repeatable), with NULs in them.
    let mut x: u32 = 0x1234_5678;
    let bytes: Vec<u8> = (0..4096)
        .map(|i| {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            if i % 97 == 0 { 0 } else { (x >> 24) as u8 }
        })
        .collect();
    std::fs::write(d.join("random.toml"), &bytes).unwrap();
    let msg = "{f}: looks like a binary file (it contains NUL bytes), expected TOML text";
    expect_lines(d, &["check", "random.toml"], 1, "random.toml", &[msg]);
    expect_lines(
        d,
        &["score", "-q", "q-valid.toml", "random.toml"],
        1,
        "random.toml",
        &[msg],
    );
    expect_lines(d, &["score", "random.toml"], 1, "random.toml", &[msg]);
    expect_lines(
        d,
        &["score", "-q", "random.toml", "a-valid.toml"],
        1,
        "random.toml",
        &[msg],
    );
    // Binary without a NUL is caught as non-UTF-8, at the first bad byte.
    std::fs::write(d.join("noise.toml"), b"\xff\xfd\x01\x02").unwrap();
    expect_lines(
        d,
        &["check", "noise.toml"],
        1,
        "noise.toml",
        &["{f}:1:1: invalid UTF-8 byte: the file must be UTF-8 text"],
    );
}

/// Writes a 50 MB answers-shaped file: a valid header, then comment lines.
fn write_50_mb(p: &Path) -> u64 {
    use std::io::Write;
    let size: u64 = 50 * 1024 * 1024;
    let mut f = std::io::BufWriter::new(std::fs::File::create(p).unwrap());
    let head = b"questionnaire = \"bi\"\nversion = \"1.0\"\n[answers]\n";
    f.write_all(head).unwrap();
    let line = [b"# ".as_slice(), &[b'x'; 61], b"\n"].concat();
    let mut written = head.len() as u64;
    while written + line.len() as u64 <= size {
        f.write_all(&line).unwrap();
        written += line.len() as u64;
    }
    let rest = (size - written) as usize;
    f.write_all(&vec![b'\n'; rest]).unwrap();
    f.flush().unwrap();
    size
}

#[test]
fn file_of_50_mb_is_refused_by_size() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_bases(d);
    let size = write_50_mb(&d.join("huge.toml"));
    assert_eq!(std::fs::metadata(d.join("huge.toml")).unwrap().len(), size);
    let msg = format!("{{f}}: file is too large ({size} bytes; the limit is 8 MiB)");
    expect_lines(
        d,
        &["score", "-q", "q-valid.toml", "huge.toml"],
        1,
        "huge.toml",
        &[&msg],
    );
    expect_lines(d, &["check", "huge.toml"], 1, "huge.toml", &[&msg]);
    expect_lines(
        d,
        &["score", "-q", "huge.toml", "a-valid.toml"],
        1,
        "huge.toml",
        &[&msg],
    );
}

#[test]
fn standard_input_of_50_mb_is_refused_by_size() {
    let dir = tempfile::tempdir().unwrap();
    write_50_mb(&dir.path().join("huge.toml"));
    let bytes = std::fs::read(dir.path().join("huge.toml")).unwrap();
    let r = run(tandem().args(["score", "-q", Q, "-"]).write_stdin(bytes));
    let failures = contract("score -", &r, 1, "-", false);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(
        r.stderr,
        "error: -: input is too large (the limit is 8 MiB)\n"
    );
}

#[test]
fn directory_where_a_file_is_expected() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_bases(d);
    std::fs::create_dir(d.join("folder.toml")).unwrap();
    let msg = "{f}: is a directory, expected a file";
    let f = "folder.toml";
    expect_lines(d, &["check", f], 1, f, &[msg]);
    expect_lines(d, &["score", "-q", f, "a-valid.toml"], 1, f, &[msg]);
    expect_lines(d, &["template", "-q", f], 1, f, &[msg]);
    expect_lines(
        d,
        &["score", "-q", "q-valid.toml", "a-valid.toml", "--policy", f],
        1,
        f,
        &[msg],
    );
}

#[test]
fn empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("empty")).unwrap();
    // A folder holding only a non-TOML file and a hidden one is empty too.
    std::fs::create_dir(d.join("other")).unwrap();
    std::fs::write(d.join("other/notes.txt"), "not answers").unwrap();
    std::fs::write(d.join("other/.hidden.toml"), "x = 1").unwrap();
    for folder in ["empty", "other"] {
        let msg =
            "{f}: no answers files (*.toml) in this folder (use --recursive to look in subfolders)";
        expect_lines(d, &["score", folder], 1, folder, &[msg]);
        expect_lines(d, &["trend", folder], 1, folder, &[msg]);
        expect_lines(
            d,
            &["score", "--recursive", folder],
            1,
            folder,
            &["{f}: no answers files (*.toml) in this folder or below it"],
        );
    }
}

#[test]
fn out_into_a_folder_that_does_not_exist() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_bases(d);
    let out = "missing/report.txt";
    // The message says what was being written, so the file is not taken for an input.
    let report = "writing the report to {f}: no such file or directory";
    expect_lines(
        d,
        &["score", "-q", "q-valid.toml", "a-valid.toml", "--out", out],
        1,
        out,
        &[report],
    );
    expect_lines(
        d,
        &["template", "-q", "q-valid.toml", "--out", out],
        1,
        out,
        &["writing the template to {f}: no such file or directory"],
    );
    expect_lines(
        d,
        &["trend", "-q", "q-valid.toml", "a-valid.toml", "--out", out],
        1,
        out,
        &[report],
    );
    // Nothing was created on the way.
    assert!(!d.join("missing").exists());
}

#[cfg(unix)]
#[test]
fn unreadable_file_and_folder() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_bases(d);
    std::fs::copy(d.join("a-valid.toml"), d.join("locked.toml")).unwrap();
    std::fs::set_permissions(
        d.join("locked.toml"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    std::fs::create_dir(d.join("locked-folder")).unwrap();
    std::fs::copy(d.join("a-valid.toml"), d.join("locked-folder/a.toml")).unwrap();
    std::fs::set_permissions(
        d.join("locked-folder"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    // Root (as in CI containers) reads mode-000 files anyway: then the tool must read
    // them normally, and only the "permission denied" assertions are skipped.
    let privileged = std::fs::read(d.join("locked.toml")).is_ok();
    let score_file = ["score", "-q", "q-valid.toml", "locked.toml"];
    let score_folder = ["score", "-q", "q-valid.toml", "locked-folder"];
    if privileged {
        for args in [&score_file, &score_folder] {
            let r = run(tandem().current_dir(d).args(args));
            assert_eq!(r.code, Some(0), "{args:?}: {}", r.stderr);
            assert!(r.stderr.is_empty(), "{}", r.stderr);
        }
        let r = run(tandem()
            .current_dir(d)
            .args(["check", "-q", "q-valid.toml", "locked.toml"]));
        assert_eq!(r.stdout, "locked.toml: ok (answers to bi 1.0, complete)\n");
    } else {
        let msg = "{f}: permission denied";
        expect_lines(d, &score_file, 1, "locked.toml", &[msg]);
        expect_lines(d, &["check", "locked.toml"], 1, "locked.toml", &[msg]);
        expect_lines(
            d,
            &["score", "-q", "locked.toml", "a-valid.toml"],
            1,
            "locked.toml",
            &[msg],
        );
        expect_lines(d, &score_folder, 1, "locked-folder", &[msg]);
    }
    // Give the temporary folder back its permissions so it can be removed.
    std::fs::set_permissions(
        d.join("locked-folder"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
}

#[test]
fn standard_input_with_bad_content() {
    let stdin = |args: &[&str], input: &[u8], want: &str| {
        let r = run(tandem().args(args).write_stdin(input.to_vec()));
        let check = args[0] == "check";
        let failures = contract(&args.join(" "), &r, 1, "-", check);
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
        let first = r.stderr.lines().next().unwrap_or_default();
        assert_eq!(first, want, "tandem {}", args.join(" "));
    };
    let score = ["score", "-q", Q, "-"];
    stdin(
        &score,
        b"questionnaire = \"bi\"\nversion = \"1.0\"\n[answers]\nicp = 7\n",
        "error: -:4:7: `icp`: 7 is out of range 1..5",
    );
    // `questionnaire = "bi` is 19 characters: the end of the line, col 20.
    let r = run(tandem()
        .args(score)
        .write_stdin("questionnaire = \"bi\nversion = \"1.0\"\n"));
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.starts_with("error: -:1:20: "), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    stdin(
        &score,
        b"",
        "error: -:1:1: not an answers file: missing `questionnaire = \"ID\"` (which questionnaire it answers)",
    );
    stdin(
        &score,
        b"questionnaire = \"bi\"\nversion = \"1.0\"\nrespondent = \"Jos\xe9\"\n",
        "error: -:3:18: invalid UTF-8 byte: the file must be UTF-8 text (this looks like Latin-1 or Windows-1252; convert it, for example with `iconv -f WINDOWS-1252 -t UTF-8`)",
    );
    stdin(
        &score,
        b"\x00\x01\x02",
        "error: -: looks like a binary file (it contains NUL bytes), expected TOML text",
    );
    stdin(
        &score,
        b"\xef\xbb\xbfquestionnaire = \"bi\"\nversion = \"1.0\"\n[answers]\nmetric = \"x\"\n",
        "error: -:4:10: `metric`: unknown option `x` (expected one of: separate, joint)",
    );
    // A catalogue questionnaire piped in: the same position as from the file.
    let missing_cause = std::fs::read(root().join(path("q-missing-cause.toml"))).unwrap();
    stdin(
        &["check", "-"],
        &missing_cause,
        "-:24:23: unknown cause `nope`",
    );
    stdin(
        &["check", "-q", Q, "-"],
        b"questionnaire = \"bi\"\r\nversion = \"1.0\"\r\n[answers]\r\nhates = \"waste\"\r\n",
        "-:4:9: `hates`: expected a list of option ids, found string",
    );
}

// ---------------------------------------------------------------------------
// cases that need more than the catalogue's one expected line
// ---------------------------------------------------------------------------

#[test]
fn scale_bounds_beyond_a_million_are_refused_at_the_first() {
    // Bounds beyond ±1,000,000 are refused at the first one out of range (`min`, 21:7),
    // before any arithmetic on them could overflow.
    let p = path("q-scale-huge-range.toml");
    let r = run(tandem().args(["check", &p]));
    let failures = contract("check", &r, 1, &p, true);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    let first = r.stderr.lines().next().unwrap_or_default();
    assert!(
        first.starts_with(&format!("{p}:21:7: scale values must lie within ±1000000")),
        "{first}"
    );
}

#[test]
fn newline_in_a_key_stays_on_one_error_line() {
    // `"not\na-question" = 4` on line 9: one line, at the key.
    let p = path("a-newline-in-key.toml");
    let r = run(tandem().args(["score", "-q", Q, &p]));
    let failures = contract("score", &r, 1, &p, false);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr
            .starts_with(&format!("error: {p}:9:1: answer to unknown question `not")),
        "{}",
        r.stderr
    );
}

#[test]
fn escape_sequence_in_an_answer_never_reaches_the_terminal() {
    // `metric = "\u001b[2J"` on line 10: reported at the value, without the raw ESC.
    let p = path("a-escape-in-option.toml");
    let r = run(tandem().args(["score", "-q", Q, &p]));
    let failures = contract("score", &r, 1, &p, false);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(
        r.stderr
            .starts_with(&format!("error: {p}:10:10: `metric`: unknown option `")),
        "{}",
        r.stderr
    );
}

#[test]
fn thousands_of_problems_are_each_reported_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    copy_bases(d);
    let mut text = String::from("questionnaire = \"bi\"\nversion = \"1.0\"\n[answers]\n");
    for i in 0..4000 {
        text.push_str(&format!("k{i} = 1\n"));
    }
    std::fs::write(d.join("many.toml"), text).unwrap(); // 39 KB
    // How fast this goes is the benchmark's question, not a test's; here every problem
    // is reported once, in file order, at its own line.
    let r = run(tandem()
        .current_dir(d)
        .args(["score", "-q", "q-valid.toml", "many.toml"]));
    assert_eq!(r.code, Some(1));
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 4000);
    for (i, line) in lines.iter().enumerate() {
        let want = format!(
            "error: many.toml:{}:1: answer to unknown question `k{i}`",
            i + 4
        );
        assert!(line.starts_with(&want), "line {i}: {line}");
    }
}

#[test]
fn table_where_a_string_belongs_is_called_a_table() {
    let p = path("q-type-table-for-string.toml");
    let r = run(tandem().args(["check", &p]));
    assert_eq!(
        r.stderr.lines().next(),
        Some(format!("{p}:23:8: expected a string, found table").as_str())
    );
}

#[test]
fn too_large_integer_is_reported_without_rust_type_names() {
    let p = path("q-type-integer-too-large.toml");
    let r = run(tandem().args(["check", &p]));
    let first = r.stderr.lines().next().unwrap_or_default();
    assert!(first.starts_with(&format!("{p}:22:7: ")), "{first}");
    assert!(!first.contains("i128") && !first.contains("i64"), "{first}");
}

#[test]
fn zero_questions_is_reported_at_a_position() {
    let p = path("q-zero-questions.toml");
    let r = run(tandem().args(["check", &p]));
    let line = r
        .stderr
        .lines()
        .find(|l| l.contains("has no `[[questions]]`"))
        .unwrap_or_default()
        .to_string();
    let rest = line.strip_prefix(&format!("{p}:")).unwrap_or_default();
    let mut pos = rest.splitn(3, ':');
    let (l, c) = (pos.next().unwrap_or(""), pos.next().unwrap_or(""));
    assert!(
        l.parse::<usize>().is_ok() && c.parse::<usize>().is_ok(),
        "no line:column in {line:?}"
    );
}

#[test]
fn empty_questionnaire_given_to_q_is_one_positioned_problem() {
    // `check` says it in one line at 1:1; `-q` should too.
    let p = path("empty.toml");
    let r = run(tandem().args(["score", "-q", &p, A]));
    let failures = contract("score -q empty", &r, 1, &p, false);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.starts_with(&format!("error: {p}:1:1: ")),
        "{}",
        r.stderr
    );
}

#[test]
fn duplicate_dimension_id_is_the_only_problem() {
    let p = path("q-duplicate-dimension-id.toml");
    let r = run(tandem().args(["check", &p]));
    assert_eq!(
        r.stderr,
        format!("{p}:12:6: duplicate dimension id `d` (also dimension #1)\n1 problem in 1 file\n")
    );
}

#[test]
fn unknown_question_kind_is_the_only_problem() {
    let p = path("q-bad-question-kind.toml");
    let r = run(tandem().args(["check", &p]));
    assert_eq!(
        r.stderr,
        format!(
            "{p}:19:8: unknown question kind `slider`: expected single, multi, scale, text or five_whys\n1 problem in 1 file\n"
        )
    );
}

#[test]
fn answers_file_given_as_policy_is_one_clear_error() {
    let r = run(tandem().args(["score", "-q", Q, A, "--policy", A]));
    let failures = contract("--policy answers", &r, 1, A, false);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("policy"), "{}", r.stderr);
}

#[test]
fn mixed_group_message_never_says_1_files() {
    let p = path("trend-pulse.toml");
    let r = run(tandem().args(["score", &p, &path("trend-alignment.toml")]));
    assert_eq!(r.code, Some(1));
    assert!(!r.stderr.contains("(1 files)"), "{}", r.stderr);
}

#[test]
fn nan_gate_threshold_is_a_usage_error() {
    for args in [
        vec!["score", "-q", Q, A, "--min-score", "nan"],
        vec!["score", "-q", Q, A, "--baseline", A, "--max-drop", "nan"],
    ] {
        let r = run(tandem().args(&args));
        assert_eq!(r.code, Some(2), "{args:?}: stdout:\n{}", r.stdout);
        assert!(r.stderr.contains("nan"), "{}", r.stderr);
    }
}
