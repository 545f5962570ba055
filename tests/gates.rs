//! Gates and trends over the real binary, with hand-computed numbers on the mini
//! questionnaire (docs/FORMAT.md): a respondent's overall is (2 × buyer + metrics) / 3.

mod common;

use predicates::str::contains;
use std::path::{Path, PathBuf};

const MINI: &str = "tests/data/mini.toml";

fn answers(dir: &Path, file: &str, icp: u8, metric: &str, date: &str) -> PathBuf {
    let p = dir.join(file);
    std::fs::write(
        &p,
        format!("questionnaire = \"mini\"\nversion = \"1.0\"\nrole = \"sales\"\ndate = \"{date}\"\n[answers]\nicp = {icp}\nmetric = \"{metric}\"\n"),
    )
    .unwrap();
    p
}

struct Fixture {
    _dir: tempfile::TempDir,
    base: String,
    now: String,
    dir: PathBuf,
}

/// Baseline: icp 5, joint → buyer 100, metrics 100, overall 100.
/// Now: icp 3, separate → buyer 50, metrics 0, overall 33.3; split-metrics severity 100.
fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let base = answers(dir.path(), "base.toml", 5, "joint", "2026-06-30");
    let now = answers(dir.path(), "now.toml", 3, "separate", "2026-09-30");
    Fixture {
        base: base.to_str().unwrap().into(),
        now: now.to_str().unwrap().into(),
        dir: dir.path().to_path_buf(),
        _dir: dir,
    }
}

fn tandem(args: &[&str]) -> assert_cmd::assert::Assert {
    common::tandem().args(args).assert()
}

#[test]
fn min_score_passes_and_fails_with_exit_3() {
    let f = fixture();
    tandem(&["score", &f.now, "-q", MINI, "--min-score", "30"])
        .code(0)
        .stdout(contains("Gates: passed"));
    tandem(&["score", &f.now, "-q", MINI, "--min-score", "40"])
        .code(3)
        .stdout(contains("Gates: FAILED (1 failed, 0 warnings)"))
        .stdout(contains("floor overall"))
        .stdout(contains("≥ 40.0"))
        .stdout(contains("33.3"))
        .stdout(contains("FAIL"))
        // The report is still printed in full after the summary.
        .stdout(contains("Root causes, most severe first"));
}

#[test]
fn max_drop_against_a_baseline() {
    let f = fixture();
    // Overall 100 → 33.3: a drop of 66.7.
    tandem(&[
        "score",
        &f.now,
        "-q",
        MINI,
        "--baseline",
        &f.base,
        "--max-drop",
        "70",
    ])
    .code(0);
    let out = common::tandem()
        .args([
            "score",
            &f.now,
            "-q",
            MINI,
            "--max-drop",
            "50",
            "--format",
            "json",
            "--baseline",
            &f.base,
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = &json["gates"]["results"][0];
    assert_eq!(r["rule"], "drop overall");
    assert_eq!(r["expected"], "drop ≤ 50.0");
    assert_eq!(r["found"], "100.0 → 33.3 (−66.7)");
    assert_eq!(r["status"], "fail");
    assert_eq!(json["gates"]["passed"], false);
    // --max-drop needs --baseline.
    tandem(&["score", &f.now, "-q", MINI, "--max-drop", "5"]).code(2);
}

#[test]
fn policy_warnings_never_change_the_exit_code_and_failures_do() {
    let f = fixture();
    let policy = f.dir.join("policy.toml");
    std::fs::write(
        &policy,
        "[[floor]]\nof = \"metrics\"\nmin = 10\naction = \"warn\"\n\n[[floor]]\nof = \"buyer\"\nmin = 50\n\n[[drop]]\nof = \"buyer\"\nmax = 50\naction = \"warn\"\n",
    )
    .unwrap();
    let p = policy.to_str().unwrap();
    // metrics 0 < 10: warn; buyer 50 ≥ 50: pass; buyer 100 → 50 drops 50 ≤ 50: pass.
    tandem(&[
        "score",
        &f.now,
        "-q",
        MINI,
        "--policy",
        p,
        "--baseline",
        &f.base,
    ])
    .code(0)
    .stdout(contains("Gates: passed with 1 warning"))
    .stdout(contains("floor metrics"))
    .stdout(contains("WARN"));
    // A ceiling on a cause: split-metrics is at 100 here.
    std::fs::write(
        &policy,
        "[[ceiling]]\ncause = \"split-metrics\"\nmax = 90\n",
    )
    .unwrap();
    let out_file = f.dir.join("report.json");
    tandem(&[
        "score",
        &f.now,
        "-q",
        MINI,
        "--policy",
        p,
        "--format",
        "json",
        "--out",
        out_file.to_str().unwrap(),
    ])
    .code(3)
    .stdout("");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out_file).unwrap()).unwrap();
    assert_eq!(
        json["gates"]["results"][0]["found"], "100.0",
        "the report is written even when a gate fails"
    );
    assert_eq!(json["gates"]["results"][0]["expected"], "severity ≤ 90.0");
}

#[test]
fn policy_errors_are_positioned_and_drops_need_a_baseline() {
    let f = fixture();
    let policy = f.dir.join("bad.toml");
    std::fs::write(&policy, "[[floor]]\nof = \"nope\"\nmin = 10\n\n[[ceiling]]\ncause = \"x\"\nmax = 5\naction = \"maybe\"\n").unwrap();
    let p = policy.to_str().unwrap();
    tandem(&["score", &f.now, "-q", MINI, "--policy", p])
        .code(1)
        .stderr(contains(
            "bad.toml:2:6: `nope` is not `overall` or a dimension of `mini` (buyer, metrics)",
        ))
        .stderr(contains("bad.toml:6:9: unknown cause `x` in `mini`"))
        .stderr(contains("bad.toml:8:10: unknown action `maybe`"));
    std::fs::write(&policy, "[[drop]]\nof = \"overall\"\nmax = 5\n").unwrap();
    tandem(&["score", &f.now, "-q", MINI, "--policy", p])
        .code(2)
        .stderr(contains("add --baseline PATH"));
}

#[test]
fn trend_deltas_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let (w1, w2) = (dir.path().join("2026-q2"), dir.path().join("2026-q3"));
    std::fs::create_dir(&w1).unwrap();
    std::fs::create_dir(&w2).unwrap();
    // Wave 1: buyer (100 + 50)/2 = 75, metrics (100 + 0)/2 = 50, overall (100 + 33.3)/2 = 66.7.
    answers(&w1, "a.toml", 5, "joint", "2026-06-29");
    answers(&w1, "b.toml", 3, "separate", "2026-06-30");
    // Wave 2: buyer 25, metrics 100, overall (50 + 100)/3 = 50.
    answers(&w2, "a.toml", 2, "joint", "2026-09-30");
    let out = common::tandem()
        .args([
            "trend",
            "-q",
            MINI,
            w1.to_str().unwrap(),
            w2.to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["waves"][0]["label"], "2026-q2");
    assert_eq!(j["waves"][0]["date"], "2026-06-30");
    assert_eq!(j["waves"][0]["overall"], 66.7);
    assert_eq!(j["waves"][1]["overall"], 50.0);
    assert_eq!(j["waves"][1]["overall_change"], -16.7);
    assert_eq!(
        j["dimensions"][0]["scores"],
        serde_json::json!([75.0, 25.0])
    );
    assert_eq!(j["dimensions"][0]["last_change"], -50.0);
    assert_eq!(j["dimensions"][1]["total_change"], 50.0);
    // Levels: 66.7 "Together" → 50 "Together": no change.
    assert_eq!(j["level_changes"], serde_json::json!([]));
    // Labels by date.
    let out = common::tandem()
        .args([
            "trend",
            "-q",
            MINI,
            w1.to_str().unwrap(),
            w2.to_str().unwrap(),
            "--label",
            "date",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("2026-09-30"), "{text}");
    assert!(
        text.contains("Buyer-led alignment fell 50.0 points from 2026-06-30 to 2026-09-30."),
        "{text}"
    );
}

#[test]
fn the_ci_example_shows_the_improvement_and_the_regression() {
    let out = common::tandem()
        .args([
            "trend",
            "examples/ci/2026-q1",
            "examples/ci/2026-q2",
            "examples/ci/2026-q3",
            "examples/ci/2026-q4",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let dim = |id: &str| {
        j["dimensions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .unwrap()
            .clone()
    };
    assert!(
        dim("buyer")["total_change"].as_f64().unwrap() >= 20.0,
        "buyer improves over the year"
    );
    assert!(
        dim("leads")["total_change"].as_f64().unwrap() >= 20.0,
        "leads improve over the year"
    );
    assert!(
        dim("metrics")["last_change"].as_f64().unwrap() <= -15.0,
        "metrics regress in the last quarter"
    );
    // The quarter-on-quarter gate fails on the metrics drop and only there.
    let out = common::tandem()
        .args([
            "score",
            "examples/ci/2026-q4",
            "--baseline",
            "examples/ci/2026-q3",
            "--policy",
            "examples/ci/policy.toml",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let failed: Vec<&str> = j["gates"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "fail")
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    assert_eq!(failed, vec!["drop metrics"]);
}

#[test]
fn trend_refuses_waves_of_different_questionnaires() {
    tandem(&["trend", "examples/cmo-self-assessment.toml", "examples/pulse-2026-q3.toml"])
        .code(1)
        .stderr(contains("examples/pulse-2026-q3.toml: answers pulse 1.0, but examples/cmo-self-assessment.toml answers alignment 1.0"));
}
