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

/// `tandem ARGS` as JSON, with its exit code and standard error.
fn json_run(args: &[&str], today: Option<&str>) -> (Option<i32>, serde_json::Value, String) {
    let mut cmd = common::tandem();
    cmd.args(args).args(["--format", "json"]);
    if let Some(t) = today {
        cmd.env("TANDEM_TODAY", t);
    }
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {err}"));
    (out.status.code(), json, err)
}

fn result<'a>(j: &'a serde_json::Value, rule: &str) -> &'a serde_json::Value {
    j["gates"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["rule"] == rule)
        .unwrap_or_else(|| panic!("no rule {rule}: {j}"))
}

fn failed_rules(j: &serde_json::Value) -> Vec<String> {
    j["gates"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "fail")
        .map(|r| r["rule"].as_str().unwrap().to_string())
        .collect()
}

const Q: [&str; 4] = [
    "examples/ci/2026-q1",
    "examples/ci/2026-q2",
    "examples/ci/2026-q3",
    "examples/ci/2026-q4",
];
const HEADS: &str = "examples/ci/scenarios/2026-q4-heads-only";
const Q2027: &str = "examples/ci/scenarios/2027-q1";

#[test]
fn gate_results_carry_numbers_and_units() {
    let f = fixture();
    // Overall 100 → 33.3: a drop of 66.7 points against 50.
    let (code, j, _) = json_run(
        &[
            "score",
            &f.now,
            "-q",
            MINI,
            "--max-drop",
            "50",
            "--baseline",
            &f.base,
        ],
        None,
    );
    assert_eq!(code, Some(3));
    let r = result(&j, "drop overall");
    assert_eq!(r["threshold"], 50.0);
    assert_eq!(r["value"], 66.7);
    assert_eq!(r["unit"], "points");
    assert_eq!(r["bound"], "max");
    // One answers file against a minimum of 2.
    let (code, j, _) = json_run(
        &["score", &f.now, "-q", MINI, "--min-respondents", "2"],
        None,
    );
    assert_eq!(code, Some(3));
    let r = result(&j, "respondents");
    assert_eq!(
        (r["value"].as_f64(), r["threshold"].as_f64()),
        (Some(1.0), Some(2.0))
    );
    assert_eq!(
        (r["unit"].as_str(), r["bound"].as_str()),
        (Some("respondents"), Some("min"))
    );
}

#[test]
fn a_wave_with_too_few_respondents_fails_and_is_marked_in_the_trend() {
    // Q4 with only the three heads (sales-01, marketing-01, leadership-01). Their
    // overall scores, each the mean of the four dimensions:
    //   sales-01      (87.5 + 25 + 75 + 50) / 4      = 59.375
    //   marketing-01  (87.5 + 41.667 + 83.333 + 62.5) / 4 = 68.75
    //   leadership-01 (100 + 41.667 + 75 + 75) / 4   = 72.917
    // mean (59.375 + 68.75 + 72.917) / 3 = 67.01 → 67.0: against Q3's 65.6 the overall
    // "rose" 1.4 where all five answers show a fall of 2.9 (62.7).
    let (code, j, _) = json_run(
        &[
            "score",
            HEADS,
            "--baseline",
            Q[2],
            "--policy",
            "examples/ci/policy.toml",
        ],
        None,
    );
    assert_eq!(code, Some(3));
    assert_eq!(j["overall"], 67.0);
    assert_eq!(result(&j, "drop overall")["value"], -1.4);
    let r = result(&j, "respondents");
    assert_eq!(
        (r["value"].as_f64(), r["status"].as_str()),
        (Some(3.0), Some("fail"))
    );
    // One sales and one marketing answer against a minimum of 2 each: warnings.
    assert_eq!(result(&j, "respondents sales")["status"], "warn");
    assert_eq!(result(&j, "respondents marketing")["status"], "warn");
    // The same wave in a trend with the policy: marked, and the gate fails.
    let (code, j, _) = json_run(
        &[
            "trend",
            Q[0],
            Q[1],
            Q[2],
            HEADS,
            "--policy",
            "examples/ci/policy.toml",
        ],
        None,
    );
    assert_eq!(code, Some(3));
    assert_eq!(j["waves"][3]["overall_change"], 1.4);
    assert_eq!(
        j["waves"][3]["too_few"],
        serde_json::json!(["all", "sales", "marketing"])
    );
    assert_eq!(j["waves"][2]["too_few"], serde_json::json!([]));
    assert!(failed_rules(&j).contains(&"respondents".to_string()));
    let text = common::tandem()
        .args(["trend", Q[2], HEADS, "--min-respondents", "4"])
        .output()
        .unwrap();
    assert_eq!(text.status.code(), Some(3));
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(text.contains("3 too few"), "{text}");
    assert!(
        text.contains("Too few answers to compare: 2026-q4-heads-only (3 of at least 4)"),
        "{text}"
    );
}

#[test]
fn a_widening_perception_gap_fails() {
    // 2027-q1 (pulse 2.0, five dimensions) against 2026-q4 (pulse 1.0).
    // Sales in 2027-q1: sales-01 (75 + 12.5 + 25 + 66.667 + 50) / 5 = 45.833,
    // sales-02 (75 + 12.5 + 50 + 58.333 + 50) / 5 = 49.167: mean 47.5.
    // Marketing: marketing-01 (87.5 + 50 + 75 + 83.333 + 75) / 5 = 74.167,
    // marketing-02 (87.5 + 37.5 + 75 + 83.333 + 75) / 5 = 71.667: mean 72.917 → 72.9.
    // Gap 47.5 − 72.9 = −25.4. In 2026-q4: sales 55.7, marketing 64.6, gap −8.9.
    // Widening: 25.4 − 8.9 = 16.5 > 5, a fail; the gap itself, 25.4 > 20, a warning.
    let (code, j, _) = json_run(
        &[
            "score",
            Q2027,
            "--baseline",
            Q[3],
            "--policy",
            "examples/ci/scenarios/policy-2.0.toml",
        ],
        None,
    );
    assert_eq!(code, Some(3));
    assert_eq!(failed_rules(&j), vec!["gap widening overall"]);
    let r = result(&j, "gap widening overall");
    assert_eq!(r["value"], 16.5);
    assert_eq!(r["found"], "−8.9 → −25.4 (+16.5)");
    let r = result(&j, "gap overall");
    assert_eq!(
        (r["value"].as_f64(), r["status"].as_str()),
        (Some(25.4), Some("warn"))
    );
    // The same gap in Q4 against Q3 narrowed: −10.5 → −8.9 is −1.6, a pass.
    let (_, j, _) = json_run(
        &[
            "score",
            Q[3],
            "--baseline",
            Q[2],
            "--policy",
            "examples/ci/policy.toml",
        ],
        None,
    );
    assert_eq!(result(&j, "gap widening overall")["value"], -1.6);
    assert_eq!(result(&j, "gap widening overall")["status"], "pass");
    // The wave is titled as a wave.
    let out = common::tandem()
        .args([
            "score",
            Q[3],
            "--baseline",
            Q[2],
            "--policy",
            "examples/ci/policy.toml",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("(pulse 1.0): wave 2026-q4"), "{text}");
    assert!(!text.contains("workshop report"), "{text}");
}

#[test]
fn the_trend_spans_the_version_bump() {
    let mut args = vec!["trend"];
    args.extend(Q);
    args.push(Q2027);
    let (code, j, _) = json_run(&args, None);
    assert_eq!(code, Some(0));
    let ids: Vec<&str> = j["dimensions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    // The newest version's dimensions: 1.0's metrics continues as 2.0's goals.
    assert_eq!(ids, ["buyer", "goals", "data", "leads", "culture"]);
    // 2027-q1 goals: (12.5 + 12.5 + 50 + 37.5 + 37.5) / 5 = 30.0; data, new in 2.0:
    // (25 + 50 + 75 + 75 + 50) / 5 = 55.0, and no score in the 1.0 waves.
    assert_eq!(
        j["dimensions"][1]["scores"],
        serde_json::json!([26.7, 43.3, 63.3, 35.0, 30.0])
    );
    assert_eq!(
        j["dimensions"][2]["scores"],
        serde_json::json!([null, null, null, null, 55.0])
    );
    assert_eq!(j["dimensions"][1]["last_change"], -5.0);
    assert_eq!(j["waves"][3]["version"], "1.0");
    assert_eq!(j["waves"][4]["version"], "2.0");
    assert_eq!(j["questionnaire"]["version"], "2.0");
    assert_eq!(j["gap"]["waves"][4]["gap"], -25.4);
    assert_eq!(j["gap"]["waves"][4]["widening"], 16.5);
    assert_eq!(j["gap"]["waves"][0]["gap"], -23.4);
    let out = common::tandem().args(&args).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("The waves answer pulse versions 1.0, 2.0; they are compared on version 2.0's dimensions"),
        "{text}"
    );
}

#[test]
fn a_missing_version_or_mapping_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let wave = dir.path().join("2027-q1");
    std::fs::create_dir(&wave).unwrap();
    for e in std::fs::read_dir(Q2027).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, wave.join(p.file_name().unwrap())).unwrap();
    }
    let w = wave.to_str().unwrap();
    // No 2.0 questionnaire beside the copy, none given, none built in.
    tandem(&["trend", Q[3], w]).code(1).stderr(contains(
        "answers pulse 2.0, which no questionnaire given defines (the built-in `pulse` is version 1.0): pass that version's file with -q",
    ));
    // Given with -q, the 1.0 wave still scores against the built-in 1.0.
    tandem(&[
        "trend",
        Q[3],
        w,
        "-q",
        "examples/ci/scenarios/pulse-2.0.toml",
    ])
    .code(0);
    // A 2.0 without [[earlier]]: the waves cannot be compared.
    let v2 = std::fs::read_to_string("examples/ci/scenarios/pulse-2.0.toml").unwrap();
    let cut = v2.rfind("[[earlier]]").unwrap();
    std::fs::write(dir.path().join("pulse-2.0.toml"), &v2[..cut]).unwrap();
    tandem(&["trend", Q[3], w]).code(1).stderr(contains(
        "answers pulse 1.0, and pulse 2.0 declares no [[earlier]] mapping for version 1.0",
    ));
    // Found beside the answers, score needs no -q either.
    std::fs::write(dir.path().join("pulse-2.0.toml"), &v2).unwrap();
    tandem(&["score", w])
        .code(0)
        .stdout(contains("(pulse 2.0)"));
}

#[test]
fn waves_are_ordered_by_date_with_a_warning() {
    let (code, j, err) = json_run(&["trend", Q[1], Q[0], Q[2]], None);
    assert_eq!(code, Some(0));
    let labels: Vec<&str> = j["waves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["2026-q1", "2026-q2", "2026-q3"]);
    assert!(
        err.contains("warning: the waves were not given oldest first; ordered by their answers' latest dates: examples/ci/2026-q1 (2026-03-31)"),
        "{err}"
    );
    // In order: no warning.
    let (_, _, err) = json_run(&["trend", Q[0], Q[1]], None);
    assert_eq!(err, "");
}

#[test]
fn stale_answers_fail_the_age_gate() {
    // Q4 is dated 2026-12-31. To 2027-04-15: 31 (Jan) + 28 (Feb) + 31 (Mar) + 15 = 105.
    let (code, j, _) = json_run(&["score", Q[3], "--max-age", "100"], Some("2027-04-15"));
    assert_eq!(code, Some(3));
    let r = result(&j, "age newest answers");
    assert_eq!(
        (r["value"].as_f64(), r["unit"].as_str()),
        (Some(105.0), Some("days"))
    );
    assert_eq!(r["found"], "2026-12-31, 105 days before 2027-04-15");
    // Five days later than the answers: fresh.
    let (code, _, _) = json_run(&["score", Q[3], "--max-age", "100"], Some("2027-01-05"));
    assert_eq!(code, Some(0));
    // The same rule in a policy, on a trend's newest wave.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("p.toml");
    std::fs::write(&p, "[[age]]\nmax_days = 100\naction = \"warn\"\n").unwrap();
    let (code, j, _) = json_run(
        &["trend", Q[2], Q[3], "--policy", p.to_str().unwrap()],
        Some("2027-04-15"),
    );
    assert_eq!(code, Some(0));
    assert_eq!(result(&j, "age newest answers")["status"], "warn");
}

#[test]
fn a_baseline_no_rule_uses_is_a_warning() {
    tandem(&["score", Q[3], "--baseline", Q[2]])
        .code(0)
        .stderr(contains(
            "warning: --baseline is read for nothing: no gate was asked for",
        ));
    tandem(&["score", Q[3], "--baseline", Q[2], "--min-score", "10"])
        .code(0)
        .stderr(contains("no rule compares with it"));
    tandem(&["score", Q[3], "--baseline", Q[2], "--max-drop", "10"])
        .code(0)
        .stderr("");
}

#[test]
fn new_policy_rules_are_checked() {
    let f = fixture();
    let policy = f.dir.join("p.toml");
    std::fs::write(
        &policy,
        "[[respondents]]\nrole = \"nobody\"\nmin = 2\n\n[[respondents]]\nmin = 2.5\n\n[[gap]]\nof = \"overall\"\n\n[[age]]\nmax_days = -1\n",
    )
    .unwrap();
    tandem(&[
        "score",
        &f.now,
        "-q",
        MINI,
        "--policy",
        policy.to_str().unwrap(),
    ])
    .code(1)
    .stderr(contains("p.toml:2:8: `nobody` is not a role of `mini`"))
    .stderr(contains(
        "p.toml:6:7: `min` must be a whole number, found 2.5",
    ))
    .stderr(contains(
        "p.toml:8:1: rule needs `max` (the largest gap) or `max_widening`",
    ))
    .stderr(contains(
        "p.toml:12:12: `max_days` must be a number ≥ 0, found -1",
    ));
}

#[test]
fn earlier_tables_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let mini = std::fs::read_to_string(MINI).unwrap();
    let q = dir.path().join("q.toml");
    std::fs::write(
        &q,
        format!(
            "{mini}\n[[earlier]]\nversion = \"1.0\"\n\n[[earlier]]\nversion = \"0.9\"\ndimensions = {{ old = \"nope\", a = \"buyer\", b = \"buyer\" }}\n"
        ),
    )
    .unwrap();
    let out = common::tandem()
        .args(["check", q.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stdout).unwrap() + &String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("`1.0` is this questionnaire's own version"),
        "{err}"
    );
    assert!(
        err.contains("`nope` is not a dimension of this version (buyer, metrics)"),
        "{err}"
    );
    assert!(
        err.contains("two earlier dimensions map onto `buyer`"),
        "{err}"
    );
}
