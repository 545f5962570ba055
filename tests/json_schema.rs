//! The JSON output is a contract: every example validates against docs/report.schema.json
//! (which forbids unknown fields, so the schema cannot silently fall behind), and the
//! same input gives the same bytes.

mod common;

fn run(args: &[&str]) -> (Option<i32>, Vec<u8>) {
    let out = common::tandem().args(args).output().unwrap();
    (out.status.code(), out.stdout)
}

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("docs/report.schema.json").unwrap()).unwrap();
    jsonschema::validator_for(&schema).expect("the schema itself is valid")
}

#[test]
fn every_example_validates_and_is_deterministic() {
    let v = validator();
    let waves: Vec<String> = ["2026-q1", "2026-q2", "2026-q3", "2026-q4"]
        .iter()
        .map(|w| format!("examples/ci/{w}"))
        .collect();
    let mut cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["score".into(), "examples/cmo-self-assessment.toml".into()],
            "single",
        ),
        (
            vec!["score".into(), "examples/pulse-2026-q3.toml".into()],
            "single",
        ),
        (
            vec![
                "score".into(),
                "examples/cmo-self-assessment.toml".into(),
                "--anonymous".into(),
                "--top".into(),
                "2".into(),
            ],
            "single",
        ),
        (vec!["score".into(), "examples/workshop".into()], "group"),
        (
            vec![
                "score".into(),
                "examples/workshop".into(),
                "--anonymous".into(),
            ],
            "group",
        ),
        (
            vec![
                "score".into(),
                "examples/workshop".into(),
                "--min-group".into(),
                "6".into(),
            ],
            "group",
        ),
        (
            vec![
                "score".into(),
                "examples/ci/2026-q4".into(),
                "--policy".into(),
                "examples/ci/policy.toml".into(),
                "--baseline".into(),
                "examples/ci/2026-q3".into(),
            ],
            "group",
        ),
        (
            vec![
                "score".into(),
                "examples/cmo-self-assessment.toml".into(),
                "--min-score".into(),
                "10".into(),
            ],
            "single",
        ),
    ];
    for w in &waves {
        cases.push((vec!["score".into(), w.clone()], "group"));
    }
    let mut trend = vec!["trend".to_string()];
    trend.extend(waves.iter().cloned());
    cases.push((trend.clone(), "trend"));
    // Across a version bump, with gates on the newest wave and a wave marked too small.
    let mut bump = trend.clone();
    bump.extend(["examples/ci/scenarios/2027-q1".into(), "--policy".into()]);
    bump.push("examples/ci/scenarios/policy-2.0.toml".into());
    cases.push((bump, "trend"));
    let mut few = trend[..4].to_vec();
    few.extend([
        "examples/ci/scenarios/2026-q4-heads-only".into(),
        "--policy".into(),
    ]);
    few.push("examples/ci/policy.toml".into());
    cases.push((few, "trend"));
    // Every score case again as its one-page summary.
    let summaries: Vec<(Vec<String>, &str)> = cases
        .iter()
        .filter(|(a, _)| a[0] == "score")
        .map(|(a, _)| {
            let mut a = a.clone();
            a.push("--summary".into());
            (a, "summary")
        })
        .collect();
    cases.extend(summaries);
    for (args, kind) in cases {
        let mut a: Vec<&str> = args.iter().map(String::as_str).collect();
        a.extend(["--format", "json"]);
        let (code, first) = run(&a);
        assert!(matches!(code, Some(0) | Some(3)), "{a:?}: {code:?}");
        let (_, second) = run(&a);
        assert_eq!(first, second, "{a:?}: same input, same bytes");
        let json: serde_json::Value = serde_json::from_slice(&first).unwrap();
        assert_eq!(json["kind"], kind);
        assert_eq!(json["schema_version"], 1);
        let errors: Vec<String> = v
            .iter_errors(&json)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{a:?}:\n{}", errors.join("\n"));
    }
}

#[test]
fn the_schema_rejects_drift() {
    let v = validator();
    let (_, out) = run(&[
        "score",
        "examples/cmo-self-assessment.toml",
        "--format",
        "json",
    ]);
    let mut json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert!(v.is_valid(&json));
    json["surprise"] = serde_json::json!(1);
    assert!(!v.is_valid(&json), "unknown fields are refused");
    json.as_object_mut().unwrap().remove("surprise");
    json.as_object_mut().unwrap().remove("overall");
    assert!(!v.is_valid(&json), "missing fields are refused");

    // The group's answer counts and free text are part of the contract too.
    let (_, out) = run(&["score", "examples/workshop", "--format", "json"]);
    let mut json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert!(v.is_valid(&json));
    json["answers"][0]["all"]["counts"][0] = serde_json::json!("4");
    assert!(!v.is_valid(&json), "a count is a number");
    json["answers"][0]["all"]["counts"][0] = serde_json::json!(4);
    json["free_text"][0]["answers"][0]["respondent"] = serde_json::json!("x");
    assert!(!v.is_valid(&json), "free text carries no respondent");
}

#[test]
fn the_summary_schema_rejects_drift_and_wrong_values() {
    let v = validator();
    let (_, out) = run(&[
        "score",
        "examples/workshop",
        "--summary",
        "--format",
        "json",
    ]);
    let mut json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert!(v.is_valid(&json));
    assert_eq!(json["gap_basis"], "compare_roles");
    json["gap_basis"] = serde_json::json!("largest");
    assert!(!v.is_valid(&json), "an unknown gap basis is refused");
    json["gap_basis"] = serde_json::json!("compare_roles");
    json["gaps"][0]["extra"] = serde_json::json!(true);
    assert!(!v.is_valid(&json), "unknown fields in a gap are refused");
}
