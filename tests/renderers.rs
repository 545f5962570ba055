//! Snapshots of every output format for the shipped examples: a single respondent, a
//! workshop group, a four-quarter trend, and a group with gates. The outputs are
//! deterministic, so a snapshot only changes when the output does.
//!
//! After an intended change, review and accept the new snapshots with
//! `cargo insta review` (or `INSTA_UPDATE=always cargo test --test renderers`), and
//! commit tests/snapshots/.

use std::path::Path;
use std::process::Command;

const SINGLE: &[&str] = &["score", "examples/cmo-self-assessment.toml"];
const GROUP: &[&str] = &["score", "examples/workshop"];
const TREND: &[&str] = &[
    "trend",
    "examples/ci/2026-q1",
    "examples/ci/2026-q2",
    "examples/ci/2026-q3",
    "examples/ci/2026-q4",
];
const GATES: &[&str] = &[
    "score",
    "examples/ci/2026-q4",
    "--baseline",
    "examples/ci/2026-q3",
    "--policy",
    "examples/ci/policy.toml",
];

/// Runs tandem with `args` plus `extra` and returns its standard output.
fn run(args: &[&str], extra: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(args)
        .args(extra)
        .env_remove("COLUMNS")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let code = out.status.code();
    assert!(
        code == Some(0) || code == Some(3),
        "tandem {args:?} {extra:?} exited {code:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn format(args: &[&str], f: &str) -> String {
    match f {
        "text" => run(args, &["--format", "text", "--width", "100"]),
        _ => run(args, &["--format", f]),
    }
}

/// Every file `--out DIR/` writes, in name order, each under a `== name ==` line.
fn folder(args: &[&str], f: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let target = format!("{}/", dir.path().join("out").display());
    let stdout = run(args, &["--format", f, "--out", &target]);
    assert_eq!(stdout, "", "nothing goes to stdout with --out");
    let mut names: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut all = String::new();
    for n in names {
        let text = std::fs::read_to_string(dir.path().join("out").join(&n)).unwrap();
        all.push_str(&format!("== {n} ==\n{text}"));
    }
    all
}

fn snapshot_all(name: &str, args: &[&str]) {
    for f in ["text", "markdown", "json", "html", "csv"] {
        let out = format(args, f);
        assert_eq!(out, format(args, f), "{name} {f}: same input, same bytes");
        insta::assert_snapshot!(format!("{name}_{f}"), out);
    }
    let files = folder(args, "csv");
    // The main CSV on stdout is the first file of the folder.
    let main = if name == "trend" {
        "waves.csv"
    } else {
        "scores.csv"
    };
    assert!(
        files.contains(&format!("== {main} ==\n{}", format(args, "csv"))),
        "{name}: stdout CSV is {main}"
    );
    insta::assert_snapshot!(format!("{name}_csv_folder"), files);
}

#[test]
fn single_report_in_every_format() {
    snapshot_all("single", SINGLE);
}

#[test]
fn group_report_in_every_format() {
    snapshot_all("group", GROUP);
}

#[test]
fn trend_report_in_every_format() {
    snapshot_all("trend", TREND);
}

#[test]
fn gate_summary_in_html_and_csv() {
    let html = format(GATES, "html");
    assert!(html.contains("Gates: FAILED (1 failed, 2 warnings)"));
    insta::assert_snapshot!("gates_html", html);
    let files = folder(GATES, "csv");
    assert!(files.contains(
        "== gates.csv ==\nrule,action,expected,found,status,threshold,value,unit,bound\n"
    ));
    insta::assert_snapshot!("gates_csv_folder", files);
}

#[test]
fn out_folder_for_other_formats_writes_one_report_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    std::fs::create_dir(&out).unwrap();
    // An existing folder, named without a trailing slash.
    run(
        SINGLE,
        &["--format", "html", "--out", out.to_str().unwrap()],
    );
    let page = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert_eq!(page, format(SINGLE, "html"));
    run(
        SINGLE,
        &["--format", "json", "--out", out.to_str().unwrap()],
    );
    assert!(Path::new(&out.join("report.json")).is_file());
}

#[test]
fn html_is_self_contained_and_accessible() {
    for (name, args) in [("single", SINGLE), ("group", GROUP), ("trend", TREND)] {
        let html = format(args, "html");
        assert!(
            html.starts_with("<!DOCTYPE html><html lang=\"en\">"),
            "{name}"
        );
        assert!(html.contains("<meta charset=\"utf-8\">"), "{name}");
        assert!(html.contains("<meta name=\"viewport\""), "{name}");
        assert!(
            html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">"),
            "{name}"
        );
        assert!(html.contains("@media print"), "{name}");
        assert!(html.contains("break-inside: avoid"), "{name}");
        assert!(!html.contains("<script"), "{name}: no scripts");
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "{name}: no URLs"
        );
        // Every chart is an image with a title and a description.
        let charts = html.matches("<svg id=").count();
        assert!(charts >= 2, "{name}: {charts} charts");
        assert_eq!(charts, html.matches("role=\"img\"").count(), "{name}");
        assert_eq!(charts, html.matches("<title id=").count(), "{name}");
        assert_eq!(charts, html.matches("<desc id=").count(), "{name}");
    }
}

#[test]
fn group_radar_has_one_polygon_per_role_and_the_group() {
    let html = format(GROUP, "html");
    let radar = &html[html.find("id=\"dimensions-chart\"").unwrap()..];
    let radar = &radar[..radar.find("</svg>").unwrap()];
    for role in ["sales", "marketing", "leadership", "other", "group"] {
        assert!(
            radar.contains(&format!(
                "<g class=\"series\" data-series=\"{role}\"><polygon"
            )),
            "{role}"
        );
    }
    // Roles differ by dash pattern, not only by colour.
    assert!(radar.contains("stroke-dasharray=\"12 6\""));
    assert!(radar.contains("stroke-dasharray=\"3 5\""));
    assert!(html.contains("<ul class=\"legend\">"));
}

#[test]
fn csv_numbers_stay_numbers() {
    let files = folder(GROUP, "csv");
    let gaps = files.split("== gaps.csv ==\n").nth(1).unwrap();
    let first = gaps.lines().nth(1).unwrap();
    // A negative gap is a number, not neutralised text.
    assert_eq!(
        first,
        "sales,marketing,metrics,\"Shared goals, metrics and rewards\",18.1,64.6,-46.5"
    );
}
