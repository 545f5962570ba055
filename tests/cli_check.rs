//! Integration tests for `tandem check` over the real binary: every problem of a broken
//! questionnaire or answers file reported as `file:line:column: message`, all of them in
//! one run, with exit code 1 and a summary line.
//!
//! The broken files live in `tests/data/check/`; each test states where its problem is
//! and why that is the expected line and column.

mod common;

use common::{Run, root, run, tandem};

const DIR: &str = "tests/data/check";
const MINI: &str = "tests/data/mini.toml";

fn data(name: &str) -> String {
    format!("{DIR}/{name}")
}

fn check(args: &[&str]) -> Run {
    run(tandem().arg("check").args(args))
}

/// `check FILE` on one broken file: exit 1, no "ok" line, and exactly the `expected`
/// problems (each `line:col: message-fragment`), then `N problem(s) in 1 file`.
fn assert_problems(file: &str, expected: &[(&str, &str)]) {
    let path = data(file);
    let r = check(&[&path]);
    assert_eq!(r.code, Some(1), "{file}: exit code; stderr:\n{}", r.stderr);
    assert!(r.stdout.is_empty(), "{file}: stdout:\n{}", r.stdout);
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(
        lines.len(),
        expected.len() + 1,
        "{file}: expected {} problem line(s) and a summary, got:\n{}",
        expected.len(),
        r.stderr
    );
    for (line, (pos, fragment)) in lines.iter().zip(expected) {
        let prefix = format!("{path}:{pos}: ");
        assert!(
            line.starts_with(&prefix),
            "{file}: {line:?} does not start with {prefix:?}"
        );
        assert!(
            line.contains(fragment),
            "{file}: {line:?} lacks {fragment:?}"
        );
    }
    let n = expected.len();
    let summary = format!("{n} problem{} in 1 file", if n == 1 { "" } else { "s" });
    assert_eq!(lines[n], summary, "{file}: summary line");
}

/// The problem line for `file` at `pos` is present (other, consequential problems may
/// be reported too); exit 1.
fn assert_has_problem(file: &str, pos: &str, fragment: &str) {
    let path = data(file);
    let r = check(&[&path]);
    assert_eq!(r.code, Some(1), "{file}: exit code; stderr:\n{}", r.stderr);
    let prefix = format!("{path}:{pos}: ");
    assert!(
        r.stderr
            .lines()
            .any(|l| l.starts_with(&prefix) && l.contains(fragment)),
        "{file}: no line starting {prefix:?} containing {fragment:?}:\n{}",
        r.stderr
    );
}

// ---------------------------------------------------------------------------
// clean files
// ---------------------------------------------------------------------------

fn toml_files(dir: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .map(|n| format!("{dir}/{n}"))
        .collect();
    v.sort();
    v
}

#[test]
fn builtin_questionnaires_and_examples_are_clean() {
    let mut files = toml_files("questionnaires");
    let questionnaires = files.len();
    assert!(questionnaires >= 2);
    files.extend(toml_files("examples"));
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let r = check(&args);
    assert_eq!(r.code, Some(0), "stderr:\n{}", r.stderr);
    assert!(r.stderr.is_empty(), "stderr:\n{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), files.len(), "one line per file:\n{}", r.stdout);
    for (line, file) in lines.iter().zip(&files) {
        assert!(
            line.starts_with(&format!("{file}: ok (")),
            "{line:?} is not the ok line of {file}"
        );
    }
    assert!(r
        .stdout
        .contains("questionnaires/alignment.toml: ok (questionnaire alignment 1.0: 52 questions, 48 scored, 9 dimensions, 19 causes, "));
    assert!(
        r.stdout.contains(
            "examples/cmo-self-assessment.toml: ok (answers to alignment 1.0, complete)\n"
        )
    );
    assert!(
        r.stdout
            .contains("examples/pulse-2026-q3.toml: ok (answers to pulse 1.0, complete)\n")
    );
}

#[test]
fn valid_base_questionnaire_is_clean() {
    // Every broken file below is this file with one change.
    let r = check(&[&data("base-ok.toml")]);
    assert_eq!(r.code, Some(0), "stderr:\n{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
    assert!(
        r.stdout.starts_with(&format!(
            "{DIR}/base-ok.toml: ok (questionnaire t 1.0: 1 question"
        )),
        "{}",
        r.stdout
    );
}

// ---------------------------------------------------------------------------
// broken questionnaires: one problem each, at the right line and column
// ---------------------------------------------------------------------------

#[test]
fn toml_syntax_error() {
    // Line 12 `kind = scale`: the unquoted value starts at column 8.
    assert_problems("syntax.toml", &[("12:8", "quoted")]);
}

#[test]
fn unknown_key() {
    // Line 24 `weigth = 2.0`, the key at column 1.
    assert_problems(
        "unknown-key.toml",
        &[("24:1", "unknown key `questions[0].weigth`")],
    );
}

#[test]
fn duplicate_question_id() {
    // The second `[[questions]]` has `id = "q1"` on line 26; the value at column 6.
    assert_problems(
        "dup-question.toml",
        &[("26:6", "duplicate question id `q1` (also question #1)")],
    );
}

#[test]
fn duplicate_cause_id() {
    // The second `[[causes]]` has `id = "c"` on line 17, value at column 6.
    assert_problems(
        "dup-cause.toml",
        &[("17:6", "duplicate cause id `c` (also cause #1)")],
    );
}

#[test]
fn evidence_names_a_missing_cause() {
    // Line 23 `evidence = { c = 1.0, nope = 0.5 }`: `nope` at column 23.
    assert_problems("missing-cause.toml", &[("23:23", "unknown cause `nope`")]);
}

#[test]
fn question_names_a_missing_dimension() {
    // Line 19 `dimension = "zz"`: the value at column 13. (Dimension `d` is then
    // left without questions, which may be reported too.)
    assert_has_problem("missing-dimension.toml", "19:13", "unknown dimension `zz`");
}

#[test]
fn question_names_a_missing_scale() {
    // Line 20 `scale = "agree5"` with no `[[scales]]`: the value at column 9.
    assert_problems("missing-scale.toml", &[("20:9", "unknown scale `agree5`")]);
}

#[test]
fn empty_options_list() {
    // Line 21 `options = []`: the value at column 11.
    assert_problems("empty-options.toml", &[("21:11", "`options` is empty")]);
}

#[test]
fn bands_with_a_gap() {
    // Bands 0..40 and 50..100: the second band's `min` (line 34, column 7) is wrong.
    assert_problems(
        "band-gap.toml",
        &[(
            "34:7",
            "gap between bands: `Low` ends at 40 but `High` starts at 50",
        )],
    );
}

#[test]
fn bands_overlapping() {
    // Bands 0..40 and 30..100: the second band's `min` (line 34, column 7).
    assert_problems(
        "band-overlap.toml",
        &[(
            "34:7",
            "bands overlap: `Low` ends at 40 but `High` starts at 30",
        )],
    );
}

#[test]
fn negative_weight() {
    // Line 24 `weight = -1.0`: the value at column 10.
    assert_problems(
        "negative-weight.toml",
        &[("24:10", "weight must be a number from 0 to 1e9, found -1")],
    );
}

#[test]
fn scored_option_without_points() {
    // Line 23 `  { id = "b", label = "B" },`: the option's table at column 3.
    assert_problems(
        "no-points.toml",
        &[(
            "23:3",
            "option `b` of a scored question is missing `points`",
        )],
    );
}

#[test]
fn ask_if_names_a_later_question() {
    // Line 24 `ask_if = { question = "q2", answered = true }`: `"q2"` at column 23.
    assert_problems(
        "ask-if-later.toml",
        &[(
            "24:23",
            "`ask_if` names `q2`, which is not an earlier question",
        )],
    );
}

#[test]
fn several_problems_are_all_reported_in_one_run() {
    assert_problems(
        "many.toml",
        &[
            // `weigth = 2.0` in the dimension, line 9, key at column 1.
            ("9:1", "unknown key `dimensions[0].weigth`"),
            // `dimension = "zz"`, line 20, value at column 13.
            ("20:13", "unknown dimension `zz`"),
            // `evidence = { nope = 1.0 }`, line 24, `nope` at column 14.
            ("24:14", "unknown cause `nope`"),
            // `weight = -1.0`, line 25, value at column 10.
            ("25:10", "weight must be a number from 0 to 1e9"),
            // The second question's `id = "q1"`, line 28, value at column 6.
            ("28:6", "duplicate question id `q1`"),
        ],
    );
}

#[test]
fn problems_in_several_files_are_counted_per_file() {
    let many = data("many.toml");
    let syntax = data("syntax.toml");
    let ok = data("base-ok.toml");
    let r = check(&[&many, &ok, &syntax]);
    assert_eq!(r.code, Some(1));
    assert_eq!(r.stdout.lines().count(), 1, "{}", r.stdout);
    assert!(
        r.stdout
            .starts_with(&format!("{ok}: ok (questionnaire t 1.0: "))
    );
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 7, "{}", r.stderr);
    assert_eq!(lines.iter().filter(|l| l.starts_with(&many)).count(), 5);
    assert_eq!(lines.iter().filter(|l| l.starts_with(&syntax)).count(), 1);
    assert_eq!(lines[6], "6 problems in 2 files");
}

#[test]
fn file_that_is_neither_kind() {
    // `a = 1`: neither `[questionnaire]` nor `questionnaire = "ID"`.
    assert_problems(
        "neither.toml",
        &[(
            "1:1",
            "not a tandem file: expected a `[questionnaire]` table",
        )],
    );
}

// ---------------------------------------------------------------------------
// answers files
// ---------------------------------------------------------------------------

#[test]
fn answers_checked_against_q() {
    let ok = data("answers-ok.toml");
    let range = data("answers-range.toml");
    let unknown = data("answers-unknown-question.toml");
    let version = data("answers-version.toml");
    let r = check(&["-q", MINI, &ok, &range, &unknown, &version]);
    assert_eq!(r.code, Some(1), "stderr:\n{}", r.stderr);
    assert_eq!(
        r.stdout,
        format!("{ok}: ok (answers to mini 1.0, complete)\n")
    );
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 4, "{}", r.stderr);
    // Line 5 `icp = 9`: the value at column 7.
    assert!(
        lines[0].starts_with(&format!("{range}:5:7: ")),
        "{}",
        lines[0]
    );
    assert!(lines[0].contains("`icp`: 9 is out of range 1..5"));
    // Line 6 `metrik = "joint"`: the key at column 1.
    assert!(
        lines[1].starts_with(&format!("{unknown}:6:1: ")),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains("unknown question `metrik`"));
    // Line 2 `version = "2.0"`: the value at column 11.
    assert!(
        lines[2].starts_with(&format!("{version}:2:11: ")),
        "{}",
        lines[2]
    );
    assert!(lines[2].contains("2.0") && lines[2].contains("1.0"));
    assert_eq!(lines[3], "3 problems in 3 files");
}

#[test]
fn answers_checked_against_a_questionnaire_in_the_same_run() {
    let ok = data("answers-ok.toml");
    let range = data("answers-range.toml");
    let r = check(&[MINI, &ok, &range]);
    assert_eq!(r.code, Some(1));
    let out: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(out.len(), 2, "{}", r.stdout);
    assert!(out[0].starts_with(&format!(
        "{MINI}: ok (questionnaire mini 1.0: 2 questions, "
    )));
    assert_eq!(out[1], format!("{ok}: ok (answers to mini 1.0, complete)"));
    assert_eq!(
        r.stderr.lines().collect::<Vec<_>>(),
        vec![
            format!("{range}:5:7: `icp`: 9 is out of range 1..5"),
            "1 problem in 1 file".to_string(),
        ]
    );
}

#[test]
fn answers_to_an_unknown_questionnaire_without_q() {
    // Line 1 `questionnaire = "mini"`: the value at column 17.
    assert_problems(
        "answers-ok.toml",
        &[(
            "1:17",
            "`mini` 1.0, which is not built in: name its file with -q",
        )],
    );
}

#[test]
fn answers_to_builtins_are_found_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pulse.toml");
    std::fs::write(
        &path,
        "questionnaire = \"pulse\"\nversion = \"1.0\"\n\n[answers]\np-icp = 4\np-respect = 6\n",
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let r = check(&[p]);
    assert_eq!(r.code, Some(1));
    assert_eq!(
        r.stderr.lines().collect::<Vec<_>>(),
        vec![
            format!("{p}:6:13: `p-respect`: 6 is out of range 1..5"),
            "1 problem in 1 file".to_string(),
        ]
    );
    std::fs::write(
        &path,
        "questionnaire = \"pulse\"\nversion = \"1.0\"\n\n[answers]\np-icp = 4\n",
    )
    .unwrap();
    let r = check(&[p]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert_eq!(
        r.stdout,
        format!("{p}: ok (answers to pulse 1.0, 9 unanswered)\n")
    );
}

#[test]
fn check_from_standard_input() {
    let o = tandem()
        .args(["check", "-"])
        .write_stdin("questionnaire = \"pulse\"\nversion = \"1.0\"\n[answers]\np-icp = 0\n")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(
        err,
        "-:4:9: `p-icp`: 0 is out of range 1..5\n1 problem in 1 file\n"
    );
}

// ---------------------------------------------------------------------------
// unreadable input and usage
// ---------------------------------------------------------------------------

#[test]
fn unreadable_files_are_problems_too() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("bin.toml"), b"a = 1\0\0").unwrap();
    std::fs::write(d.join("empty.toml"), b"").unwrap();
    std::fs::write(d.join("latin1.toml"), b"questionnaire = \"\xe9\"\n").unwrap();
    std::fs::create_dir(d.join("folder")).unwrap();
    let o = tandem()
        .current_dir(d)
        .args([
            "check",
            "missing.toml",
            "bin.toml",
            "empty.toml",
            "latin1.toml",
            "folder",
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(!err.contains("panicked"));
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 6, "{err}");
    let has = |prefix: &str, fragment: &str| {
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with(prefix) && l.contains(fragment)),
            "no {prefix:?} … {fragment:?} in:\n{err}"
        )
    };
    has("missing.toml: ", "no such file");
    has("bin.toml: ", "binary");
    has("empty.toml:1:1: ", "not a tandem file");
    // `questionnaire = "` is 17 characters: the bad byte at column 18.
    has("latin1.toml:1:18: ", "UTF-8");
    has("folder: ", "directory");
    assert_eq!(lines[5], "5 problems in 5 files");
}

#[test]
fn check_usage_errors() {
    let r = check(&[]);
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("<FILE>"), "{}", r.stderr);
    let r = check(&["--bogus", MINI]);
    assert_eq!(r.code, Some(2));
    assert!(r.stderr.contains("'--bogus'"), "{}", r.stderr);
}

#[test]
fn wrong_type_is_reported_at_the_value() {
    // Line 24 `weight = "heavy"`: the value at column 10.
    assert_problems("wrong-type.toml", &[("24:10", "\"heavy\"")]);
}

#[test]
fn wrong_type_message_speaks_toml_not_rust() {
    let path = data("wrong-type.toml");
    let r = check(&[&path]);
    let first = r.stderr.lines().next().unwrap_or_default();
    assert!(first.starts_with(&format!("{path}:24:10: ")), "{first}");
    assert!(!first.contains("f64"), "{first}");
    assert!(first.contains("number"), "{first}");
}

#[test]
fn keys_foreign_to_a_kind_and_unknown_keys_inside_questions() {
    // Each key that belongs to another kind is pointed at (column 1, the key), every one
    // of them, not only the first; unknown keys inside a question and inside one of its
    // options keep their positions although questions are read by kind.
    assert_problems(
        "foreign-keys.toml",
        &[
            ("21:1", "`min` does not apply to a single question"),
            ("22:1", "`reverse` does not apply to a single question"),
            ("23:1", "`max_whys` does not apply to a single question"),
            ("24:1", "unknown key `questions[0].colour`"),
            // `hlep` starts at column 49 of the inline option table.
            ("25:49", "unknown key `questions[0].options[0].hlep`"),
            ("31:1", "`dont_know` does not apply to a text question"),
            ("32:1", "`options` does not apply to a text question"),
            ("33:1", "`evidence` does not apply to a text question"),
            ("42:1", "`options` does not apply to a scale question"),
            (
                "43:1",
                "`evidence_weight` does not apply to a scale question",
            ),
            // A multi question without `options`: pointed at its table header.
            ("45:1", "question is missing `options`"),
            // `dimension = "d"`: the value at column 13.
            (
                "54:13",
                "a five_whys question is not scored: remove `dimension`",
            ),
            ("55:1", "`scale` does not apply to a five_whys question"),
            ("56:1", "unknown key `questions[4].weigth`"),
        ],
    );
}
