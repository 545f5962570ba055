//! Integration tests over the real `tandem` binary: `score`, `template`, `list`,
//! `export`, `completions`, `man`, `--version`, `--help`, and the error paths of the
//! command-line contract (exit codes, one-line messages naming file:line:column).

mod common;

use assert_cmd::Command;
use common::{assert_no_panic, root, tandem};
use predicates::prelude::*;
use serde_json::Value;
use std::path::Path;
use std::process::Output;

const CMO: &str = "examples/cmo-self-assessment.toml";
const PULSE_EXAMPLE: &str = "examples/pulse-2026-q3.toml";

/// The binary, run from `dir`.
fn tandem_in(dir: &Path) -> Command {
    let mut cmd = tandem();
    cmd.current_dir(dir);
    cmd
}

fn stdout_of(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr_of(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// Runs and checks the exit code; returns the output.
fn run_expect(cmd: &mut Command, code: i32) -> Output {
    let o = cmd.output().unwrap();
    let err = stderr_of(&o);
    assert_no_panic(&err);
    assert_eq!(
        o.status.code(),
        Some(code),
        "exit code; stdout:\n{}\nstderr:\n{err}",
        stdout_of(&o)
    );
    o
}

/// An error run: exit code `code`, nothing on stdout, exactly one line on stderr, which
/// starts with `error: {prefix}` and contains every one of `parts`.
fn assert_one_line_error(cmd: &mut Command, code: i32, prefix: &str, parts: &[&str]) {
    let o = run_expect(cmd, code);
    assert!(o.stdout.is_empty(), "stdout not empty: {}", stdout_of(&o));
    let err = stderr_of(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "expected one line on stderr, got:\n{err}");
    let want = format!("error: {prefix}");
    assert!(
        lines[0].starts_with(&want),
        "stderr line {:?} does not start with {want:?}",
        lines[0]
    );
    for p in parts {
        assert!(lines[0].contains(p), "stderr {:?} lacks {p:?}", lines[0]);
    }
}

fn score_json(args: &[&str]) -> Value {
    let o = run_expect(
        tandem().arg("score").args(args).args(["--format", "json"]),
        0,
    );
    serde_json::from_slice(&o.stdout).expect("score --format json prints valid JSON")
}

fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) {
    std::fs::write(dir.join(name), content).unwrap();
}

// ---------------------------------------------------------------------------
// score: text, JSON, markdown, --top, --out, determinism
// ---------------------------------------------------------------------------

#[test]
fn score_text_report_has_overall_level_and_causes() {
    let o = run_expect(tandem().args(["score", CMO]), 0);
    let out = stdout_of(&o);
    assert!(o.stderr.is_empty(), "stderr: {}", stderr_of(&o));
    assert!(
        out.starts_with("Sales and marketing alignment diagnostic (alignment 1.0)\n"),
        "{out}"
    );
    assert!(out.contains("Dana Whitfield, CMO · Marketing · 2026-11-02"));
    assert!(out.contains(
        "48 answered, 3 don't know, 1 not asked (conditions) of 52 questions; complete."
    ));
    assert!(
        out.lines()
            .any(|l| l.starts_with("Overall") && l.contains("36.5 / 100")),
        "no overall score line:\n{out}"
    );
    assert!(out.contains("Level    Truce, 2 of 5"), "{out}");
    assert!(out.contains("Root causes, most severe first"));
    assert!(out.contains("1. No agreed lead definition or hand-off (severity 98.2)"));
    assert!(out.contains("│  1 ┆ No agreed lead definition or"));
    assert!(out.contains("Root cause: Separate goals, metrics and rewards"));
    // Not a terminal: no colour codes.
    assert!(!out.contains('\u{1b}'), "escape codes in piped output");
}

#[test]
fn score_json_schema_and_ranked_causes() {
    let j = score_json(&[CMO]);
    assert_eq!(j["schema_version"], 1);
    assert_eq!(j["kind"], "single");
    assert_eq!(j["questionnaire"]["id"], "alignment");
    assert_eq!(j["questionnaire"]["version"], "1.0");
    assert_eq!(j["respondent"]["file"], CMO);
    assert_eq!(j["respondent"]["complete"], true);
    assert_eq!(j["respondent"]["questions"], 52);
    assert_eq!(j["respondent"]["answered"], 48);
    assert_eq!(j["respondent"]["dont_know"], 3);
    assert_eq!(j["respondent"]["skipped"], 1);
    assert_eq!(j["respondent"]["missing"], 0);
    assert_eq!(j["overall"].as_f64(), Some(36.5));
    assert_eq!(j["level"]["name"], "Truce");
    assert_eq!(j["level"]["step"], 2);
    assert_eq!(j["level"]["of"], 5);
    assert_eq!(j["ladder"]["gap"], 2);

    let causes = j["causes"].as_array().expect("causes is an array");
    assert_eq!(causes.len(), 19);
    assert_eq!(j["causes_ranked"], 19);
    assert_eq!(causes[0]["id"], "no-lead-definition");
    assert_eq!(causes[0]["severity"].as_f64(), Some(98.2));
    let mut prev = f64::INFINITY;
    for (i, c) in causes.iter().enumerate() {
        assert_eq!(c["rank"].as_u64(), Some(i as u64 + 1), "rank of cause {i}");
        let sev = c["severity"].as_f64().expect("severity is a number");
        assert!(
            sev <= prev,
            "causes not sorted by severity: {sev} after {prev}"
        );
        prev = sev;
        let received = c["evidence_received"].as_f64().unwrap();
        let possible = c["evidence_possible"].as_f64().unwrap();
        assert!(possible > 0.0 && received <= possible + 1e-9);
        // Severity = 100 × E / M, shown with one decimal; E and M are shown rounded to
        // two decimals, so allow for that rounding too.
        assert!(
            (sev - 100.0 * received / possible).abs() <= 0.05 + 0.5 / possible + 1e-9,
            "{}: severity {sev} vs {received}/{possible}",
            c["id"]
        );
        let ev = c["evidence"].as_array().expect("evidence list");
        assert!(!ev.is_empty(), "{} has no evidence list", c["id"]);
        let mut sum = 0.0;
        for e in ev {
            assert!(e["question"].as_str().is_some_and(|s| !s.is_empty()));
            assert!(e["text"].as_str().is_some_and(|s| !s.is_empty()));
            assert!(e["answer"].as_str().is_some_and(|s| !s.is_empty()));
            let amount = e["amount"].as_f64().unwrap();
            let poss = e["possible"].as_f64().unwrap();
            assert!(amount > 0.0 && amount <= poss + 1e-9, "{e}");
            sum += amount;
        }
        assert!(
            (sum - received).abs() <= 0.01 * ev.len() as f64,
            "{}: evidence amounts sum to {sum}, received {received}",
            c["id"]
        );
        assert!(!c["remedies"].as_array().unwrap().is_empty());
    }
    // The five-whys chain's tag counts as evidence for its cause.
    let split = causes.iter().find(|c| c["id"] == "split-metrics").unwrap();
    assert!(
        split["evidence"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["question"] == "five-whys" && e["amount"].as_f64() == Some(3.0))
    );
    assert_eq!(j["five_whys"][0]["cause"], "split-metrics");
    assert_eq!(j["five_whys"][0]["whys"].as_array().unwrap().len(), 5);
}

#[test]
fn score_top_limits_causes_but_keeps_ranked_count() {
    let all = score_json(&[CMO]);
    let j = score_json(&[CMO, "--top", "3"]);
    let causes = j["causes"].as_array().unwrap();
    assert_eq!(causes.len(), 3);
    assert!(j["causes_ranked"].as_u64().unwrap() > 3);
    assert_eq!(j["causes_ranked"], 19);
    for (i, c) in causes.iter().enumerate() {
        assert_eq!(c["rank"].as_u64(), Some(i as u64 + 1));
        assert_eq!(c["id"], all["causes"][i]["id"]);
    }
}

#[test]
fn score_markdown_has_title_and_dimension_table() {
    let o = run_expect(tandem().args(["score", CMO, "--format", "markdown"]), 0);
    let out = stdout_of(&o);
    assert!(
        out.starts_with("# Sales and marketing alignment diagnostic (alignment 1.0)\n"),
        "{out}"
    );
    assert!(out.lines().any(|l| l.starts_with("| Dimension |")));
    assert!(out.contains("| Buyer-led alignment | 75.0 | 5/5 |"));
    assert!(out.contains("**Overall score: 36.5 / 100**"));
    assert!(out.contains("**Level:** Truce (2 of 5)"));
}

#[test]
fn score_out_writes_the_same_bytes_as_stdout() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["text", "markdown", "json"] {
        let expected = run_expect(tandem().args(["score", CMO, "--format", format]), 0).stdout;
        let path = dir.path().join(format!("report.{format}"));
        let o = run_expect(
            tandem()
                .args(["score", CMO, "--format", format, "--out"])
                .arg(&path),
            0,
        );
        assert!(o.stdout.is_empty(), "--out also printed on stdout");
        assert!(o.stderr.is_empty(), "stderr: {}", stderr_of(&o));
        let written = std::fs::read(&path).unwrap();
        assert_eq!(written, expected, "--out {format} differs from stdout");
    }
}

#[test]
fn score_is_deterministic() {
    for format in ["text", "markdown", "json"] {
        let a = run_expect(tandem().args(["score", CMO, "--format", format]), 0).stdout;
        let b = run_expect(tandem().args(["score", CMO, "--format", format]), 0).stdout;
        assert!(!a.is_empty());
        assert_eq!(a, b, "two runs of --format {format} differ");
    }
}

#[test]
fn score_pulse_example_uses_raw_levels() {
    let j = score_json(&[PULSE_EXAMPLE]);
    assert_eq!(j["questionnaire"]["id"], "pulse");
    assert_eq!(j["respondent"]["answered"], 9);
    assert_eq!(j["respondent"]["dont_know"], 1);
    assert_eq!(j["level"]["basis"], "raw");
    assert!(j["raw_total"].is_number());
}

// ---------------------------------------------------------------------------
// template round trip
// ---------------------------------------------------------------------------

/// A value for every blank of `template`, chosen from the questionnaire `export NAME`
/// prints: the scale's lowest value, the first option, the first cause, some text.
fn fill_template(name: &str) -> (String, usize) {
    let exported = stdout_of(&run_expect(tandem().args(["export", name]), 0));
    let q: toml::Table = exported.parse().expect("export prints valid TOML");
    let template = stdout_of(&run_expect(tandem().args(["template", "-q", name]), 0));
    let mut t: toml::Table = template.parse().expect("template is valid TOML");

    let scales: Vec<&toml::Table> = q
        .get("scales")
        .and_then(|s| s.as_array())
        .map(|a| a.iter().filter_map(|s| s.as_table()).collect())
        .unwrap_or_default();
    let questions: Vec<&toml::Table> = q["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_table().unwrap())
        .collect();
    let first_cause = q["causes"][0]["id"].as_str().unwrap().to_string();
    let role = q
        .get("roles")
        .and_then(|r| r.get(0))
        .and_then(|r| r.get("id"))
        .and_then(|v| v.as_str())
        .unwrap_or("sales")
        .to_string();

    t.insert("respondent".into(), "Template Tester".into());
    t.insert("role".into(), role.into());
    t.insert("date".into(), "2026-01-15".into());
    let answers = t["answers"].as_table_mut().expect("[answers] table");
    assert_eq!(
        answers.len(),
        questions.len(),
        "the template has one key per question"
    );
    for (key, value) in answers.iter_mut() {
        let qt = questions
            .iter()
            .find(|qq| qq["id"].as_str() == Some(key.as_str()))
            .unwrap_or_else(|| panic!("template key `{key}` is no question of {name}"));
        let first_option = || {
            qt["options"][0]["id"]
                .as_str()
                .expect("option id")
                .to_string()
        };
        *value = match qt["kind"].as_str().unwrap() {
            "scale" => {
                let min = match qt.get("scale").and_then(|s| s.as_str()) {
                    Some(sid) => scales
                        .iter()
                        .find(|s| s["id"].as_str() == Some(sid))
                        .expect("scale exists")["min"]
                        .clone(),
                    None => qt["min"].clone(),
                };
                assert!(min.is_integer());
                min
            }
            "single" => first_option().into(),
            "multi" => toml::Value::Array(vec![first_option().into()]),
            "text" => "Filled in by the round-trip test".into(),
            "five_whys" => {
                assert!(value.is_table(), "five_whys blank is a subtable");
                let mut w = toml::Table::new();
                w.insert("symptom".into(), "Leads are ignored".into());
                w.insert(
                    "whys".into(),
                    toml::Value::Array(vec!["Nobody defined a lead".into()]),
                );
                w.insert("cause".into(), first_cause.clone().into());
                toml::Value::Table(w)
            }
            other => panic!("unknown kind {other}"),
        };
    }
    (toml::to_string(&t).unwrap(), questions.len())
}

#[test]
fn template_round_trip_scores_every_answer() {
    for name in ["alignment", "pulse"] {
        let (filled, n) = fill_template(name);
        let o = run_expect(
            tandem()
                .args(["score", "-", "--format", "json"])
                .write_stdin(filled.clone()),
            0,
        );
        let j: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(j["questionnaire"]["id"], name);
        assert_eq!(j["respondent"]["file"], "-");
        assert_eq!(j["respondent"]["name"], "Template Tester");
        assert_eq!(j["respondent"]["questions"].as_u64(), Some(n as u64));
        assert_eq!(j["respondent"]["missing"], 0, "{name}: unanswered left");
        assert_eq!(j["respondent"]["dont_know"], 0);
        assert_eq!(
            j["respondent"]["answered"].as_u64().unwrap()
                + j["respondent"]["skipped"].as_u64().unwrap(),
            n as u64
        );
        assert!(j["overall"].is_number());

        // `check` agrees that the filled file is a complete answers file.
        let o = run_expect(tandem().args(["check", "-"]).write_stdin(filled), 0);
        assert_eq!(
            stdout_of(&o),
            format!("-: ok (answers to {name} 1.0, complete)\n")
        );
    }
}

#[test]
fn template_round_trip_report_says_complete() {
    for name in ["alignment", "pulse"] {
        let (filled, _) = fill_template(name);
        let o = run_expect(tandem().args(["score", "-"]).write_stdin(filled.clone()), 0);
        let out = stdout_of(&o);
        let summary = out.lines().nth(2).unwrap_or_default();
        assert!(summary.contains("; complete."), "{name}: {summary}");
        assert!(!out.contains("INCOMPLETE"), "{name}: {summary}");
        let o = run_expect(
            tandem()
                .args(["score", "-", "--format", "json"])
                .write_stdin(filled),
            0,
        );
        let j: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(j["respondent"]["complete"], true, "{name}");
    }
}

#[test]
fn unfilled_template_scores_as_incomplete() {
    for name in ["alignment", "pulse"] {
        let exported = stdout_of(&run_expect(tandem().args(["export", name]), 0));
        let q: toml::Table = exported.parse().unwrap();
        let questions = q["questions"].as_array().unwrap();
        let conditional = questions
            .iter()
            .filter(|x| x.get("ask_if").is_some())
            .count() as u64;
        // Free text is optional: a blank one is neither answered nor missing.
        let required = questions
            .iter()
            .filter(|x| x.get("ask_if").is_none() && x["kind"].as_str() != Some("text"))
            .count() as u64;

        let template = run_expect(tandem().args(["template", "-q", name]), 0).stdout;
        let o = run_expect(
            tandem()
                .args(["score", "-", "--format", "json"])
                .write_stdin(template.clone()),
            0,
        );
        let j: Value = serde_json::from_slice(&o.stdout).unwrap();
        let r = &j["respondent"];
        assert_eq!(r["complete"], false);
        assert_eq!(r["questions"].as_u64(), Some(questions.len() as u64));
        assert_eq!(r["answered"], 0);
        assert_eq!(r["dont_know"], 0);
        // A condition on an unanswered question does not hold: skipped.
        assert_eq!(r["skipped"].as_u64(), Some(conditional), "{name}");
        assert_eq!(r["missing"].as_u64(), Some(required), "{name}");
        assert!(j["overall"].is_null());
        assert!(j["level"].is_null());
        assert_eq!(j["causes"].as_array().unwrap().len(), 0);

        let o = run_expect(tandem().args(["score", "-"]).write_stdin(template), 0);
        let out = stdout_of(&o);
        let summary = out.lines().nth(2).unwrap_or_default();
        assert!(summary.starts_with("0 answered, "), "{summary}");
        assert!(
            summary.contains(&format!("{required} unanswered")),
            "{summary}"
        );
        assert!(out.contains("INCOMPLETE"), "{out}");
        assert!(
            summary.contains(&format!(" of {} questions;", questions.len())),
            "{summary}"
        );
        // The counts add up to the questions (optional comments left blank included).
        let counted: usize = summary
            .split(" of ")
            .next()
            .unwrap()
            .split(", ")
            .map(|part| part.split(' ').next().unwrap().parse::<usize>().unwrap())
            .sum();
        assert_eq!(counted, questions.len(), "{summary}");
    }
}

#[test]
fn template_content_and_out() {
    let o = run_expect(tandem().args(["template", "-q", "pulse"]), 0);
    let t = stdout_of(&o);
    assert!(t.contains("questionnaire = \"pulse\"\n"));
    assert!(t.contains("version = \"1.0\"\n"));
    assert!(t.contains("\n[answers]\n"));
    assert!(t.contains("\np-icp = \"\"\n"));
    assert!(t.contains("# one of: sales, marketing, leadership, other\n"));
    assert!(t.contains("A whole number 1..5 (1 = Strongly disagree;"));

    let d = run_expect(tandem().arg("template"), 0);
    let d = stdout_of(&d);
    assert!(
        d.contains("questionnaire = \"alignment\"\n"),
        "default is alignment"
    );
    assert!(d.contains("\n[answers.five-whys]\nsymptom = \"\"\nwhys = []\ncause = \"\"\n"));
    assert!(d.contains("# \"no\" = No\n"));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q4.toml");
    let o = run_expect(
        tandem()
            .args(["template", "-q", "pulse", "--out"])
            .arg(&path),
        0,
    );
    assert!(o.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), t);
}

// ---------------------------------------------------------------------------
// list, export, completions, man, --version, --help
// ---------------------------------------------------------------------------

#[test]
fn list_names_the_builtins() {
    let o = run_expect(tandem().arg("list"), 0);
    let out = stdout_of(&o);
    // Each built-in: its name and version with its title, then its counts.
    let entry = |name: &str| {
        let i = out
            .lines()
            .position(|l| l.starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("no entry for {name}:\n{out}"));
        let lines: Vec<&str> = out.lines().collect();
        format!("{}\n{}", lines[i], lines[i + 1])
    };
    let a = entry("alignment");
    assert!(
        a.contains("alignment 1.0")
            && a.contains("52 questions (48 scored)")
            && a.contains("19 causes"),
        "{a}"
    );
    let p = entry("pulse");
    assert!(p.contains("pulse 1.0") && p.contains("10 questions"), "{p}");
    assert!(out.contains("tandem export NAME"));
}

#[test]
fn export_prints_the_builtin_byte_for_byte() {
    for name in ["alignment", "pulse"] {
        let o = run_expect(tandem().args(["export", name]), 0);
        let file = std::fs::read(root().join(format!("questionnaires/{name}.toml"))).unwrap();
        assert!(o.stdout == file, "export {name} differs from the file");
    }
}

#[test]
fn export_unknown_name_is_a_usage_error() {
    let o = run_expect(tandem().args(["export", "nope"]), 2);
    assert!(o.stdout.is_empty());
    let err = stderr_of(&o);
    assert!(err.contains("'nope'"), "{err}");
    assert!(err.contains("alignment") && err.contains("pulse"), "{err}");
}

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let o = run_expect(tandem().args(["completions", shell]), 0);
        let out = stdout_of(&o);
        assert!(out.len() > 200, "{shell}: suspiciously short");
        assert!(out.contains("tandem"), "{shell}");
        assert!(out.contains("score") && out.contains("template"), "{shell}");
    }
    run_expect(tandem().args(["completions", "nosh"]), 2);
}

#[test]
fn man_page_is_roff() {
    let o = run_expect(tandem().arg("man"), 0);
    let out = stdout_of(&o);
    assert!(
        out.starts_with('.'),
        "not roff: {}",
        &out[..out.len().min(80)]
    );
    assert!(
        out.lines().any(|l| l.starts_with(".TH tandem 1")),
        "no .TH line"
    );
    assert!(out.contains(".SH NAME"));
    assert!(out.contains("score"));
}

#[test]
fn version_names_the_questionnaire_versions() {
    let o = run_expect(tandem().arg("--version"), 0);
    let out = stdout_of(&o);
    assert!(out.starts_with(&format!("tandem {}", env!("CARGO_PKG_VERSION"))));
    for name in ["alignment", "pulse"] {
        let text =
            std::fs::read_to_string(root().join(format!("questionnaires/{name}.toml"))).unwrap();
        let q: toml::Table = text.parse().unwrap();
        let v = q["questionnaire"]["version"].as_str().unwrap();
        assert!(out.contains(&format!("{name} {v}")), "{out}");
    }
}

#[test]
fn help_lists_the_commands() {
    let o = run_expect(tandem().arg("--help"), 0);
    let out = stdout_of(&o);
    for c in [
        "score",
        "check",
        "template",
        "list",
        "export",
        "completions",
        "man",
    ] {
        assert!(
            out.lines()
                .any(|l| l.trim_start().starts_with(&format!("{c} "))),
            "--help lacks {c}:\n{out}"
        );
    }
}

// ---------------------------------------------------------------------------
// error paths: exit code 1, one line naming the file (and line:column)
// ---------------------------------------------------------------------------

#[test]
fn error_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    assert_one_line_error(
        tandem_in(dir.path()).args(["score", "missing.toml"]),
        1,
        "missing.toml: ",
        &["no such file"],
    );
}

#[test]
fn error_directory_given_to_score() {
    // A folder is a group; an empty one is an input error naming the folder.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("answers")).unwrap();
    assert_one_line_error(
        tandem_in(dir.path()).args(["score", "answers"]),
        1,
        "answers: ",
        &["no answers files (*.toml) in this folder"],
    );
}

#[test]
fn error_empty_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "empty.toml", "");
    assert_one_line_error(
        tandem_in(dir.path()).args(["score", "empty.toml"]),
        1,
        "empty.toml:1:1: ",
        &["not an answers file", "questionnaire"],
    );
}

#[test]
fn error_binary_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bin.toml",
        b"questionnaire = \"pulse\"\0\0\x01\x02",
    );
    assert_one_line_error(
        tandem_in(dir.path()).args(["score", "bin.toml"]),
        1,
        "bin.toml: ",
        &["binary", "NUL"],
    );
}

#[test]
fn error_invalid_utf8() {
    let dir = tempfile::tempdir().unwrap();
    // Line 3: `respondent = "` is 14 characters, the bad byte is column 15.
    write(
        dir.path(),
        "latin1.toml",
        b"questionnaire = \"pulse\"\nversion = \"1.0\"\nrespondent = \"\xe9\"\n",
    );
    assert_one_line_error(
        tandem_in(dir.path()).args(["score", "latin1.toml"]),
        1,
        "latin1.toml:3:15: ",
        &["UTF-8"],
    );
}

#[test]
fn error_malformed_toml() {
    let dir = tempfile::tempdir().unwrap();
    // Line 3 `[answers` lacks its `]`: expected at column 9.
    write(
        dir.path(),
        "bad.toml",
        "questionnaire = \"pulse\"\nversion = \"1.0\"\n[answers\np-icp = 3\n",
    );
    assert_one_line_error(
        tandem_in(dir.path()).args(["score", "bad.toml"]),
        1,
        "bad.toml:3:9: ",
        &["]"],
    );
}

#[test]
fn error_unknown_questionnaire() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "other.toml",
        "questionnaire = \"zzz\"\nversion = \"1.0\"\n[answers]\n",
    );
    assert_one_line_error(
        tandem_in(dir.path()).args(["score", "other.toml"]),
        1,
        "other.toml:1:17: ",
        &["`zzz`", "not built in", "-q"],
    );
}

#[test]
fn error_version_mismatch() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "old.toml",
        "questionnaire = \"pulse\"\nversion = \"9.9\"\n[answers]\np-icp = 3\n",
    );
    assert_one_line_error(
        tandem_in(dir.path()).args(["score", "old.toml"]),
        1,
        "old.toml:2:11: ",
        &["9.9", "1.0"],
    );
}

#[test]
fn error_scale_answer_out_of_range() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "range.toml",
        "questionnaire = \"pulse\"\nversion = \"1.0\"\n[answers]\np-icp = 7\n",
    );
    assert_one_line_error(
        tandem_in(dir.path()).args(["score", "range.toml"]),
        1,
        "range.toml:4:9: ",
        &["`p-icp`", "7", "out of range 1..5"],
    );
}

#[test]
fn error_unknown_option() {
    let dir = tempfile::tempdir().unwrap();
    // `metrics-rewards = ` is 18 characters: the value is at column 19.
    write(
        dir.path(),
        "opt.toml",
        "questionnaire = \"alignment\"\nversion = \"1.0\"\n[answers]\nmetrics-rewards = \"bogus\"\n",
    );
    assert_one_line_error(
        tandem_in(dir.path()).args(["score", "opt.toml"]),
        1,
        "opt.toml:4:19: ",
        &["`metrics-rewards`", "unknown option `bogus`", "separate"],
    );
}

#[test]
fn error_answer_to_unknown_question() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "noq.toml",
        "questionnaire = \"pulse\"\nversion = \"1.0\"\n[answers]\np-icp = 3\nnot-a-question = 3\n",
    );
    assert_one_line_error(
        tandem_in(dir.path()).args(["score", "noq.toml"]),
        1,
        "noq.toml:5:1: ",
        &["unknown question `not-a-question`"],
    );
}

#[test]
fn error_unknown_role() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "role.toml",
        "questionnaire = \"pulse\"\nversion = \"1.0\"\nrole = \"janitor\"\n[answers]\n",
    );
    assert_one_line_error(
        tandem_in(dir.path()).args(["score", "role.toml"]),
        1,
        "role.toml:3:8: ",
        &["unknown role `janitor`", "sales"],
    );
}

#[test]
fn error_dont_know_not_allowed() {
    let dir = tempfile::tempdir().unwrap();
    // `ladder-today` does not allow "don't know"; `ladder-today = ` is 15 characters.
    write(
        dir.path(),
        "dk.toml",
        "questionnaire = \"alignment\"\nversion = \"1.0\"\n[answers]\nladder-today = \"dont_know\"\n",
    );
    assert_one_line_error(
        tandem_in(dir.path()).args(["score", "dk.toml"]),
        1,
        "dk.toml:4:16: ",
        &["`ladder-today`", "dont_know"],
    );
}

#[test]
fn error_five_whys_unknown_cause() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "fw.toml",
        "questionnaire = \"alignment\"\nversion = \"1.0\"\n\n[answers.five-whys]\nsymptom = \"x\"\nwhys = [\"y\"]\ncause = \"gremlins\"\n",
    );
    assert_one_line_error(
        tandem_in(dir.path()).args(["score", "fw.toml"]),
        1,
        "fw.toml:7:9: ",
        &["`five-whys`", "unknown cause `gremlins`", "other"],
    );
}

#[test]
fn error_positions_count_characters_not_bytes() {
    let dir = tempfile::tempdir().unwrap();
    // Three two-byte characters before the bad value: column 51, not 54.
    write(
        dir.path(),
        "fw.toml",
        "questionnaire = \"alignment\"\nversion = \"1.0\"\n[answers]\nfive-whys = { symptom = \"ééé\", whys = [], cause = \"bogus\" }\n",
    );
    assert_one_line_error(
        tandem_in(dir.path()).args(["score", "fw.toml"]),
        1,
        "fw.toml:4:51: ",
        &["unknown cause `bogus`"],
    );
}

#[test]
fn error_from_standard_input_is_named_dash() {
    assert_one_line_error(
        tandem()
            .args(["score", "-"])
            .write_stdin("questionnaire = \"pulse\"\nversion = \"1.0\"\n[answers]\np-icp = 9\n"),
        1,
        "-:4:9: ",
        &["out of range"],
    );
}

#[test]
fn error_out_to_missing_directory() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("no/such/dir/report.txt");
    let o = run_expect(
        tandem()
            .args(["score", PULSE_EXAMPLE, "--out"])
            .arg(&target),
        1,
    );
    assert!(o.stdout.is_empty());
    let err = stderr_of(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("report.txt") && err.contains("no such file"),
        "{err}"
    );
}

#[test]
fn score_questionnaire_file_is_rejected() {
    // A questionnaire given where an answers file is expected: exit 1, file named.
    let o = run_expect(tandem().args(["score", "questionnaires/pulse.toml"]), 1);
    assert!(o.stdout.is_empty());
    let err = stderr_of(&o);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("error: questionnaires/pulse.toml:"),
        "{err}"
    );
}

#[test]
fn score_questionnaire_file_message_is_clear() {
    let o = run_expect(tandem().args(["score", "questionnaires/pulse.toml"]), 1);
    let err = stderr_of(&o);
    assert!(!err.contains("invalid type"), "{err}");
    assert!(
        err.contains("questionnaire") && err.contains("answers file"),
        "{err}"
    );
}

#[test]
fn q_naming_an_answers_file_message_is_clear() {
    let o = run_expect(
        tandem().args(["score", "-q", PULSE_EXAMPLE, PULSE_EXAMPLE]),
        1,
    );
    let err = stderr_of(&o);
    assert!(!err.contains("RawMeta") && !err.contains("struct"), "{err}");
    assert!(err.contains(PULSE_EXAMPLE), "{err}");
    assert!(err.contains("answers file"), "{err}");
}

#[test]
fn error_unknown_key_in_five_whys_points_at_the_key() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "fw.toml",
        "questionnaire = \"alignment\"\nversion = \"1.0\"\n[answers.five-whys]\nsymptom = \"x\"\nwhys = [\"y\"]\ncause = \"other\"\nextra = 1\n",
    );
    assert_one_line_error(
        tandem_in(dir.path()).args(["score", "fw.toml"]),
        1,
        "fw.toml:7:1: ",
        &["`extra`"],
    );
}

#[test]
fn unknown_top_level_key_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "typo.toml",
        "questionnaire = \"pulse\"\nversion = \"1.0\"\nrespondnet = \"Dana\"\n[answers]\n",
    );
    assert_one_line_error(
        tandem_in(dir.path()).args(["score", "typo.toml"]),
        1,
        "typo.toml:3:1: ",
        &["unknown key `respondnet`"],
    );
}

// ---------------------------------------------------------------------------
// usage errors: exit 2
// ---------------------------------------------------------------------------

/// No panic output on stderr, whatever the exit code.
fn no_panic() -> impl Predicate<str> {
    predicate::str::contains("panicked")
        .or(predicate::str::contains("RUST_BACKTRACE"))
        .not()
}

#[test]
fn usage_no_arguments() {
    tandem()
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("Usage: tandem").and(no_panic()));
}

#[test]
fn usage_unknown_flag() {
    tandem()
        .args(["score", "--bogus", PULSE_EXAMPLE])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("unexpected argument '--bogus'").and(no_panic()));
}

#[test]
fn usage_bad_format() {
    tandem()
        .args(["score", PULSE_EXAMPLE, "--format", "xml"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(
            predicate::str::contains("invalid value 'xml' for '--format")
                .and(predicate::str::contains("text"))
                .and(predicate::str::contains("json"))
                .and(no_panic()),
        );
}

#[test]
fn usage_score_without_file_and_bad_width() {
    let o = run_expect(tandem().arg("score"), 2);
    assert!(stderr_of(&o).contains("<PATH>"));
    let o = run_expect(tandem().args(["score", PULSE_EXAMPLE, "--width", "10"]), 2);
    assert!(stderr_of(&o).contains("--width"));
    let o = run_expect(tandem().args(["score", PULSE_EXAMPLE, "--top", "x"]), 2);
    assert!(stderr_of(&o).contains("--top"));
}

#[test]
fn usage_unknown_subcommand() {
    let o = run_expect(tandem().arg("frobnicate"), 2);
    assert!(stderr_of(&o).contains("'frobnicate'"));
}

// ---------------------------------------------------------------------------
// -q: a path or a built-in name
// ---------------------------------------------------------------------------

#[test]
fn q_with_a_questionnaire_path() {
    let dir = tempfile::tempdir().unwrap();
    // The worked example of docs/FORMAT.md.
    write(
        dir.path(),
        "answers.toml",
        "questionnaire = \"mini\"\nversion = \"1.0\"\n\n[answers]\nicp = 2\nmetric = \"separate\"\n",
    );
    let mini = root().join("tests/data/mini.toml");
    let o = run_expect(
        tandem_in(dir.path())
            .arg("score")
            .arg("-q")
            .arg(&mini)
            .args(["answers.toml", "--format", "json"]),
        0,
    );
    let j: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(j["questionnaire"]["id"], "mini");
    assert_eq!(j["respondent"]["file"], "answers.toml");
    assert_eq!(j["respondent"]["complete"], true);
    assert_eq!(j["overall"].as_f64(), Some(16.7));
    assert_eq!(j["level"]["name"], "Apart");
    let causes = j["causes"].as_array().unwrap();
    assert_eq!(causes.len(), 2);
    assert_eq!(causes[0]["id"], "split-metrics");
    assert_eq!(causes[0]["severity"].as_f64(), Some(100.0));
    assert_eq!(causes[1]["id"], "no-icp");
    assert_eq!(causes[1]["severity"].as_f64(), Some(75.0));
    assert_eq!(causes[1]["evidence_received"].as_f64(), Some(1.5));
    assert_eq!(causes[1]["evidence_possible"].as_f64(), Some(2.0));
    let dims = j["dimensions"].as_array().unwrap();
    assert_eq!(dims[0]["score"].as_f64(), Some(25.0));
    assert_eq!(dims[1]["score"].as_f64(), Some(0.0));
    assert_eq!(j["findings"].as_array().unwrap().len(), 0);

    // Without -q, a questionnaire that is not built in cannot be found.
    assert_one_line_error(
        tandem_in(dir.path()).args(["score", "answers.toml"]),
        1,
        "answers.toml:1:17: ",
        &["`mini`", "not built in", "-q"],
    );
}

#[test]
fn q_with_a_builtin_name() {
    let o = run_expect(tandem().args(["score", "-q", "pulse", PULSE_EXAMPLE]), 0);
    assert!(stdout_of(&o).starts_with("Sales and marketing alignment pulse (pulse 1.0)\n"));
    let j = score_json(&["--questionnaire", "pulse", PULSE_EXAMPLE]);
    assert_eq!(j["questionnaire"]["id"], "pulse");
    assert_eq!(j, score_json(&[PULSE_EXAMPLE]), "-q pulse changes nothing");
}

#[test]
fn q_naming_another_questionnaire_is_an_error() {
    let o = run_expect(
        tandem().args(["score", "-q", "alignment", PULSE_EXAMPLE]),
        1,
    );
    assert!(o.stdout.is_empty());
    let err = stderr_of(&o);
    let first = err.lines().next().unwrap();
    assert!(
        first.starts_with(&format!("error: {PULSE_EXAMPLE}:4:17: ")),
        "{first}"
    );
    assert!(
        first.contains("`pulse`") && first.contains("`alignment`"),
        "{first}"
    );
}

#[test]
fn q_naming_nothing() {
    assert_one_line_error(
        tandem().args(["score", "-q", "nope", PULSE_EXAMPLE]),
        1,
        "no built-in questionnaire or file named `nope`",
        &["alignment", "pulse"],
    );
    assert_one_line_error(
        tandem().args(["template", "-q", "./missing-rubric.toml"]),
        1,
        "./missing-rubric.toml: ",
        &["no such file"],
    );
}
