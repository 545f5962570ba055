//! The workshop report a facilitator projects: every question's answers by role and
//! people's own words in every format, and what `--anonymous` and `--min-group` hide.

mod common;

use common::{json_ok, run, tandem};
use serde_json::Value;
use std::path::Path;

const WORKSHOP: &str = "examples/workshop";

/// Every output of `score ARGS` in every format, as (what, bytes): standard output
/// for each format, and each file of `--out FOLDER/` for CSV and HTML.
fn every_output(args: &[&str]) -> Vec<(String, String)> {
    let mut outs = Vec::new();
    for f in ["text", "markdown", "json", "html", "csv", "slides"] {
        let r = run(tandem().args(args).args(["--format", f, "-v"]));
        assert_eq!(r.code, Some(0), "{f}: {}", r.stderr);
        outs.push((format!("{f} (stdout)"), r.stdout));
        outs.push((format!("{f} (stderr)"), r.stderr));
        let r = run(tandem().args(args).args(["--format", f, "--summary"]));
        assert_eq!(r.code, Some(0), "{f} --summary: {}", r.stderr);
        outs.push((format!("{f} --summary"), r.stdout));
    }
    for f in ["csv", "html"] {
        let dir = tempfile::tempdir().unwrap();
        let out = format!("{}/", dir.path().display());
        let r = run(tandem().args(args).args(["--format", f, "--out", &out]));
        assert_eq!(r.code, Some(0), "{f}: {}", r.stderr);
        for e in std::fs::read_dir(dir.path()).unwrap() {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            outs.push((name, std::fs::read_to_string(&p).unwrap()));
        }
    }
    outs
}

/// A top-level string value of an answers file (`respondent = "…"`).
fn value(toml: &str, key: &str) -> Option<String> {
    toml.lines()
        .find_map(|l| l.strip_prefix(&format!("{key} = \"")))
        .and_then(|rest| rest.split('"').next())
        .map(str::to_string)
}

/// What could identify a respondent of a folder: names (whole and without the job
/// title), file names and their stems, dates.
fn identifying(dir: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(common::root().join(dir)).unwrap() {
        let p = e.unwrap().path();
        let text = std::fs::read_to_string(&p).unwrap();
        out.push(p.file_name().unwrap().to_string_lossy().into_owned());
        out.push(p.file_stem().unwrap().to_string_lossy().into_owned());
        if let Some(n) = value(&text, "respondent") {
            out.push(n.split(',').next().unwrap().trim().to_string());
            out.push(n);
        }
        out.extend(value(&text, "date"));
    }
    out.sort();
    out.dedup();
    out
}

#[test]
fn every_format_shows_answers_by_role_and_own_words() {
    let outs = every_output(&["score", WORKSHOP]);
    let said = "A lead scoring model that the SDRs help tune every month.";
    for (what, body) in &outs {
        let expect: &[&str] = match what.as_str() {
            "text (stdout)" | "markdown (stdout)" => &["Answers by question and role", said],
            "json (stdout)" => &["\"answers\"", said],
            "html (stdout)" | "report.html" => &["class=\"dist\"", "In their own words", said],
            "answers.csv" => &["strongly", "dont_know"],
            "free_text.csv" => &[said],
            _ => &[],
        };
        for e in expect {
            assert!(
                body.to_lowercase().contains(&e.to_lowercase()),
                "{what} lacks {e}"
            );
        }
    }
    for f in ["answers.csv", "free_text.csv"] {
        assert!(outs.iter().any(|(w, _)| w == f), "--out FOLDER/ writes {f}");
    }
    // "4 of 5 sellers …": the counts add up per role.
    let j = json_ok(&["score", WORKSHOP, "--format", "json"]);
    let q = j["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["kind"] == "scale")
        .unwrap();
    let all = std::iter::once(&q["all"]);
    for c in all.chain(q["by_role"].as_array().unwrap()) {
        let n: u64 = c["counts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .sum();
        let rest = ["dont_know", "not_asked", "not_answered"]
            .iter()
            .map(|k| c[k].as_u64().unwrap())
            .sum::<u64>();
        assert_eq!(n + rest, c["respondents"].as_u64().unwrap(), "{c}");
    }
}

#[test]
fn anonymous_leaves_no_name_file_or_date_anywhere() {
    let secrets = identifying(WORKSHOP);
    assert!(secrets.iter().any(|s| s == "Lena Vogel"), "{secrets:?}");
    assert!(secrets.iter().any(|s| s == "2026-10-14"), "{secrets:?}");
    for (what, body) in every_output(&["score", WORKSHOP, "--anonymous"]) {
        for s in &secrets {
            assert!(!body.contains(s.as_str()), "{what} shows {s}");
        }
        // Lowest and highest are one person's scores: gone, not shown as zeros.
        assert!(!body.contains("from 0.0 to 0.0"), "{what}");
        assert!(!body.contains("– to –"), "{what}");
    }
    // A single report too: the interview names the file after the respondent.
    let single = "examples/cmo-self-assessment.toml";
    let text = std::fs::read_to_string(common::root().join(single)).unwrap();
    let mut secrets = vec![
        "cmo-self-assessment".to_string(),
        value(&text, "date").unwrap(),
    ];
    let name = value(&text, "respondent").unwrap();
    secrets.push(name.split(',').next().unwrap().trim().to_string());
    for (what, body) in every_output(&["score", single, "--anonymous"]) {
        for s in &secrets {
            assert!(!body.contains(s.as_str()), "single {what} shows {s}");
        }
    }
}

/// The role ids a group report's JSON names anywhere a role is given.
fn roles_named(j: &Value) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    if matches!(k.as_str(), "role" | "versus" | "fires_for")
                        || (k == "id" && m.contains_key("respondents"))
                    {
                        match x {
                            Value::String(s) => out.push(s.clone()),
                            Value::Array(a) => {
                                out.extend(a.iter().filter_map(|s| s.as_str().map(String::from)))
                            }
                            _ => {}
                        }
                    }
                    walk(x, out);
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    walk(j, &mut out);
    out.sort();
    out.dedup();
    out
}

/// A respondent's overall score, from their own single report.
fn overall_of(file: &str) -> f64 {
    let j = json_ok(&["score", &format!("{WORKSHOP}/{file}"), "--format", "json"]);
    j["overall"].as_f64().unwrap()
}

#[test]
fn min_group_three_folds_the_small_roles_everywhere() {
    let j = json_ok(&["score", WORKSHOP, "--min-group", "3", "--format", "json"]);
    let roles: Vec<(&str, u64)> = j["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap(),
                r["respondents"].as_u64().unwrap(),
            )
        })
        .collect();
    // Leadership (2) and other (Lena alone) are shown only together.
    assert_eq!(roles, [("sales", 5), ("marketing", 4), ("combined", 3)]);
    let named = roles_named(&j);
    for hidden in ["leadership", "other"] {
        assert!(!named.iter().any(|r| r == hidden), "{hidden} in {named:?}");
    }
    assert!(j["people"].as_array().unwrap().is_empty());
    assert!(
        j["dimensions"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["min"].is_null())
    );
    // By hand: the combined row is the mean of the three people's own overalls.
    let three = [
        "leadership-ceo.toml",
        "leadership-cfo.toml",
        "other-lena.toml",
    ];
    let mean = three.iter().map(|f| overall_of(f)).sum::<f64>() / 3.0;
    let combined = j["roles"][2]["overall"].as_f64().unwrap();
    // Each figure is rounded to 0.1: the two may differ by up to 0.1.
    assert!(
        (combined - mean).abs() <= 0.1 + 1e-9,
        "{combined} vs {mean}"
    );
    // The group minus the roles shown is the combined three, never Lena alone.
    let count = |role: &str, q: usize, i: usize| {
        let a = &j["answers"][q];
        let c = match role {
            "all" => &a["all"],
            _ => a["by_role"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["role"] == role)
                .unwrap(),
        };
        c["counts"][i].as_u64().unwrap()
    };
    for q in 0..j["answers"].as_array().unwrap().len() {
        for i in 0..j["answers"][q]["choices"].as_array().unwrap().len() {
            assert_eq!(
                count("all", q, i),
                count("sales", q, i) + count("marketing", q, i) + count("combined", q, i)
            );
        }
    }
    // Human formats and CSV tables name no small role either.
    let text =
        String::from_utf8(common::stdout_ok(&["score", WORKSHOP, "--min-group", "3"])).unwrap();
    assert!(
        text.contains("5 sales, 4 marketing, 3 in smaller roles"),
        "{text}"
    );
    assert!(!text.contains("Leadership"), "{text}");
    for (what, body) in every_output(&["score", WORKSHOP, "--min-group", "3"]) {
        if !what.ends_with(".csv") {
            continue;
        }
        let mut rd = csv::Reader::from_reader(body.as_bytes());
        let head = rd.headers().unwrap().clone();
        for col in ["role", "scope"] {
            let Some(k) = head.iter().position(|h| h == col) else {
                continue;
            };
            for row in rd.records() {
                let v = row.unwrap()[k].to_string();
                assert!(v != "leadership" && v != "other", "{what}: {v}");
            }
            break;
        }
    }
}

#[test]
fn a_lone_small_role_takes_the_next_smallest_with_it() {
    let dir = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(common::root().join(WORKSHOP)).unwrap() {
        let p = f.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("leadership") {
            std::fs::copy(&p, dir.path().join(name)).unwrap();
        }
    }
    let d = dir.path().to_str().unwrap();
    // Sales 5, marketing 4, Lena alone: the group minus sales and marketing would be
    // Lena, so marketing is folded with her.
    let j = json_ok(&["score", d, "--min-group", "3", "--format", "json"]);
    let ids: Vec<&str> = j["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["sales", "combined"]);
    assert_eq!(j["roles"][1]["respondents"], 5);
    assert!(j["sales_vs_marketing"].as_array().unwrap().is_empty());
    // Under the minimum overall: no role at all, only the group.
    let j = json_ok(&["score", d, "--min-group", "11", "--format", "json"]);
    assert!(j["roles"].as_array().unwrap().is_empty());
    assert!(
        roles_named(&j)
            .iter()
            .all(|r| r == "all" || r == "group" || r == "rest"),
        "{:?}",
        roles_named(&j)
    );
    let chains = j["five_whys"].as_array().unwrap();
    assert!(
        chains
            .iter()
            .flat_map(|g| g["chains"].as_array().unwrap())
            .all(|c| c["role"].is_null())
    );
}

fn write(dir: &Path, name: &str, body: &str) {
    std::fs::write(dir.join(name), body).unwrap();
}

#[test]
fn blank_files_are_left_out_with_a_warning_that_names_no_one_when_anonymous() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["sales-ana.toml", "marketing-ben.toml"] {
        std::fs::copy(common::root().join(WORKSHOP).join(f), dir.path().join(f)).unwrap();
    }
    write(
        dir.path(),
        "zoe-blank.toml",
        "questionnaire = \"alignment\"\nversion = \"1.0\"\nrespondent = \"Zoe\"\nrole = \"sales\"\n",
    );
    let d = dir.path().to_str().unwrap();
    let r = run(tandem().args(["score", d, "--format", "json"]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let j: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        (j["respondents"].as_u64(), j["blank_files"].as_u64()),
        (Some(2), Some(1))
    );
    assert!(
        r.stderr.contains("zoe-blank.toml: no answers at all"),
        "{}",
        r.stderr
    );
    let r = run(tandem().args(["score", d, "--anonymous"]));
    assert!(
        r.stderr.contains("skipped 1 file: no answers at all"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("zoe"), "{}", r.stderr);
    assert!(
        r.stdout.contains("1 file with no answers left out"),
        "{}",
        r.stdout
    );
    // Nothing but blank files: nothing to score.
    let only = tempfile::tempdir().unwrap();
    std::fs::copy(
        dir.path().join("zoe-blank.toml"),
        only.path().join("a.toml"),
    )
    .unwrap();
    let r = run(tandem().args(["score", only.path().to_str().unwrap()]));
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("no answer at all"), "{}", r.stderr);
}

#[test]
fn the_header_reads_naturally_when_files_give_no_role() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["sales-ana.toml", "marketing-ben.toml", "sales-tom.toml"] {
        let text = std::fs::read_to_string(common::root().join(WORKSHOP).join(f)).unwrap();
        let text: String = text
            .lines()
            .filter(|l| !l.starts_with("role = "))
            .map(|l| format!("{l}\n"))
            .collect();
        write(dir.path(), f, &text);
    }
    let d = dir.path().to_str().unwrap();
    let text = String::from_utf8(common::stdout_ok(&["score", d])).unwrap();
    assert!(text.contains("3 respondents, none gave a role."), "{text}");
    std::fs::copy(
        common::root().join(WORKSHOP).join("sales-jonas.toml"),
        dir.path().join("sales-jonas.toml"),
    )
    .unwrap();
    let text = String::from_utf8(common::stdout_ok(&["score", d])).unwrap();
    assert!(
        text.contains("4 respondents: 1 sales, 3 without a role."),
        "{text}"
    );
}

#[test]
fn a_large_group_lists_some_comments_and_points_to_all_of_them() {
    let dir = tempfile::tempdir().unwrap();
    let ana =
        std::fs::read_to_string(common::root().join(WORKSHOP).join("sales-ana.toml")).unwrap();
    for i in 0..45 {
        // TOML basic strings: the escape character as \u001B.
        let said = match i {
            0 => r#""=HYPERLINK(\"x\") <b>bold</b> \u001B[31mred""#.to_string(),
            i => format!("\"Change number {i:02}\""),
        };
        let text: String = ana
            .lines()
            .map(|l| match l.starts_with("first-change") {
                true => format!("first-change = {said}\n"),
                false => format!("{l}\n"),
            })
            .collect();
        write(dir.path(), &format!("p{i:02}.toml"), &text);
    }
    let d = dir.path().to_str().unwrap();
    let text = String::from_utf8(common::stdout_ok(&["score", d])).unwrap();
    assert!(text.contains("(45 answers)"), "{text}");
    assert!(text.contains("… and 5 more"), "{text}");
    assert!(text.contains("Change number 39") && !text.contains("Change number 40"));
    assert!(
        !text.contains('\u{1b}'),
        "control characters are made inert"
    );
    let html = String::from_utf8(common::stdout_ok(&["score", d, "--format", "html"])).unwrap();
    assert!(html.contains("&lt;b&gt;bold&lt;/b&gt;") && !html.contains("<b>bold"));
    let j = json_ok(&["score", d, "--format", "json"]);
    assert_eq!(j["free_text"][0]["answers"].as_array().unwrap().len(), 45);
    let out = tempfile::tempdir().unwrap();
    let folder = format!("{}/", out.path().display());
    common::stdout_ok(&["score", d, "--format", "csv", "--out", &folder]);
    let csv = std::fs::read_to_string(out.path().join("free_text.csv")).unwrap();
    assert_eq!(csv.lines().count(), 46);
    assert!(csv.contains(",sales,\"'=HYPERLINK"), "{csv}");
}
