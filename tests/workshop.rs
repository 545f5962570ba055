//! Workshops: a group of answers files scored together, with hand-computed figures.

mod common;

use common::json_ok as score_json;
use std::path::{Path, PathBuf};

const MINI: &str = "tests/data/mini.toml";

/// Writes one answers file for the mini questionnaire.
fn answers(dir: &Path, file: &str, name: &str, role: &str, icp: &str, metric: &str) -> PathBuf {
    let p = dir.join(file);
    std::fs::write(
        &p,
        format!(
            "questionnaire = \"mini\"\nversion = \"1.0\"\nrespondent = \"{name}\"\nrole = \"{role}\"\ndate = \"2026-10-12\"\n\n[answers]\nicp = {icp}\nmetric = \"{metric}\"\n"
        ),
    )
    .unwrap();
    p
}

/// Sales: buyer 100 and 50, metrics 0 and 0. Marketing: buyer 75 and 25, metrics 100 and 100.
fn four(dir: &Path) -> Vec<PathBuf> {
    vec![
        answers(dir, "s1.toml", "Sam", "sales", "5", "separate"),
        answers(dir, "s2.toml", "Sue", "sales", "3", "separate"),
        answers(dir, "m1.toml", "Mia", "marketing", "4", "joint"),
        answers(dir, "m2.toml", "Max", "marketing", "2", "joint"),
    ]
}

fn dim<'a>(r: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    r["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .unwrap()
}

#[test]
fn group_scores_gaps_spreads_and_causes_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    four(dir.path());
    let d = dir.path().to_str().unwrap();
    let r = score_json(&["score", d, "-q", MINI, "--format", "json"]);
    assert_eq!(r["kind"], "group");
    assert_eq!(r["respondents"], 4);
    // Overall: respondents score (2×buyer + metrics)/3 = 66.67, 33.33, 83.33, 50 → mean 58.33.
    assert_eq!(r["overall"], 58.3);
    assert_eq!(r["level"], "Together");
    // Buyer: mean(100, 50, 75, 25) = 62.5; population SD = sqrt(3125/4) = 27.95.
    let buyer = dim(&r, "buyer");
    assert_eq!(buyer["score"], 62.5);
    assert_eq!(buyer["spread"], 28.0);
    assert_eq!(buyer["min"], 25.0);
    assert_eq!(buyer["max"], 100.0);
    assert_eq!(buyer["discuss"], true);
    let metrics = dim(&r, "metrics");
    assert_eq!(metrics["score"], 50.0);
    assert_eq!(metrics["spread"], 50.0);
    // Per role: sales buyer 75, metrics 0; marketing buyer 50, metrics 100.
    assert_eq!(buyer["by_role"][0]["role"], "sales");
    assert_eq!(buyer["by_role"][0]["score"], 75.0);
    assert_eq!(buyer["by_role"][1]["score"], 50.0);
    // Sales and marketing answered oppositely on metrics: that gap (−100) tops the table.
    let gaps = r["sales_vs_marketing"].as_array().unwrap();
    assert_eq!(gaps[0]["dimension"], "metrics");
    assert_eq!(gaps[0]["gap"], -100.0);
    assert_eq!(gaps[1]["dimension"], "buyer");
    assert_eq!(gaps[1]["gap"], 25.0);
    // Role vs rest: for two roles, each is the other's rest.
    let rest: Vec<_> = r["role_vs_rest"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|g| g["role"] == "marketing")
        .collect();
    assert_eq!(rest[0]["dimension"], "metrics");
    assert_eq!(rest[0]["gap"], 100.0);
    // Roles: sales overall (66.67 + 33.33)/2 = 50 → "Together" (the boundary goes up).
    assert_eq!(r["roles"][0]["overall"], 50.0);
    assert_eq!(r["roles"][0]["level"], "Together");
    assert_eq!(r["roles"][1]["overall"], 66.7);
    // Causes pooled: split-metrics 2 of 4 = 50; no-icp (0 + 1 + 0.5 + 1.5) of 8 = 37.5.
    let causes = r["causes"].as_array().unwrap();
    assert_eq!(causes[0]["id"], "split-metrics");
    assert_eq!(causes[0]["severity"], 50.0);
    assert_eq!(causes[1]["id"], "no-icp");
    assert_eq!(causes[1]["severity"], 37.5);
    // Only the two sales respondents gave split-metrics evidence (marketing answered
    // "joint", which gives none), so only they count in its top 3.
    assert_eq!(causes[0]["in_top3"], 2);
    assert_eq!(causes[0]["with_evidence"], 2);
    // The finding (buyer ≥ 70 and metrics < 40) holds for sales only.
    let f = &r["findings"][0];
    assert_eq!(f["id"], "buyer-without-metrics");
    assert_eq!(f["fires_for"], serde_json::json!(["sales"]));
}

#[test]
fn input_order_never_changes_a_byte() {
    let dir = tempfile::tempdir().unwrap();
    let files = four(dir.path());
    let names: Vec<&str> = files.iter().map(|p| p.to_str().unwrap()).collect();
    for format in ["text", "json", "markdown"] {
        let run = |order: &[&str]| {
            let mut args = vec!["score", "-q", MINI, "--format", format];
            args.extend(order);
            common::tandem().args(&args).output().unwrap().stdout
        };
        let a = run(&names);
        let mut reversed = names.clone();
        reversed.reverse();
        assert_eq!(a, run(&reversed), "{format}");
        assert_eq!(
            a,
            run(&[names[2], names[0], names[3], names[1], names[0]]),
            "{format}: duplicates count once"
        );
    }
}

#[test]
fn anonymous_leaves_names_and_files_out_of_every_format() {
    let dir = tempfile::tempdir().unwrap();
    four(dir.path());
    let d = dir.path().to_str().unwrap();
    for format in ["text", "json", "markdown"] {
        let out = common::tandem()
            .args(["score", d, "-q", MINI, "--anonymous", "--format", format])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        for name in ["Sam", "Sue", "Mia", "Max", "s1.toml"] {
            assert!(!text.contains(name), "{format} shows {name}");
        }
    }
}

#[test]
fn incomplete_files_count_for_what_they_answer_and_strict_refuses_them() {
    let dir = tempfile::tempdir().unwrap();
    four(dir.path());
    std::fs::write(
        dir.path().join("x.toml"),
        "questionnaire = \"mini\"\nversion = \"1.0\"\nrole = \"sales\"\ncomplete = false\n[answers]\nicp = 1\n",
    )
    .unwrap();
    let d = dir.path().to_str().unwrap();
    let r = score_json(&["score", d, "-q", MINI, "--format", "json"]);
    assert_eq!(r["respondents"], 5);
    assert_eq!(r["incomplete"], 1);
    // Metrics is still the mean of the four who answered it; buyer gains a 0.
    assert_eq!(dim(&r, "metrics")["score"], 50.0);
    assert_eq!(dim(&r, "metrics")["answered_by"], 4);
    assert_eq!(dim(&r, "buyer")["score"], 50.0);
    common::tandem()
        .args(["score", d, "-q", MINI, "--strict"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "x.toml: incomplete: 1 question(s) unanswered",
        ));
}

#[test]
fn mixed_questionnaires_empty_folders_and_unreadable_files_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "examples/cmo-self-assessment.toml",
        dir.path().join("a.toml"),
    )
    .unwrap();
    std::fs::copy(
        "examples/cmo-self-assessment.toml",
        dir.path().join("b.toml"),
    )
    .unwrap();
    std::fs::copy("examples/pulse-2026-q3.toml", dir.path().join("c.toml")).unwrap();
    let d = dir.path().to_str().unwrap();
    let out = common::tandem().args(["score", d]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "c.toml: answers pulse 1.0, but most of the group (2 files) answers alignment 1.0"
        ) && err.contains("found: alignment 1.0 (2 files), pulse 1.0 (1 file)"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");

    // A questionnaire that is not built in is named once, not once per file.
    let dir = tempfile::tempdir().unwrap();
    four(dir.path());
    let out = common::tandem()
        .args(["score", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains(
            "answers questionnaire `mini` 1.0, which is not built in: name its file with -q"
        ),
        "{err}"
    );

    let empty = tempfile::tempdir().unwrap();
    std::fs::write(empty.path().join("notes.txt"), "not toml").unwrap();
    common::tandem()
        .args(["score", empty.path().to_str().unwrap()])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "no answers files (*.toml) in this folder",
        ));

    let missing = dir.path().join("nope.toml");
    common::tandem()
        .args([
            "score",
            "-q",
            MINI,
            dir.path().join("s1.toml").to_str().unwrap(),
            missing.to_str().unwrap(),
        ])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "nope.toml: no such file or directory",
        ));
}

#[test]
fn recursive_descends_into_subfolders() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("q3");
    std::fs::create_dir(&sub).unwrap();
    four(&sub);
    let d = dir.path().to_str().unwrap();
    common::tandem()
        .args(["score", d, "-q", MINI])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("use --recursive"));
    let r = score_json(&["score", d, "-q", MINI, "--recursive", "--format", "json"]);
    assert_eq!(r["respondents"], 4);
}
