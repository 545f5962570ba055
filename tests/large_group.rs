//! A large group's human reports summarise: the respondents table and each root
//! cause's five-whys chains are capped, with complete counts and a pointer to the JSON
//! and CSV, which keep every row.

mod common;

use common::{json_ok, run, stdout_ok, tandem};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The caps in `tandem::report::group` (PEOPLE_SHOWN, CHAINS_SHOWN).
const PEOPLE_SHOWN: usize = 50;
const CHAINS_SHOWN: usize = 20;
/// Copies of the 12-file workshop: 132 respondents, so the causes with two chains in
/// the workshop get 22 (capped) and those with one get 11 (not capped).
const COPIES: usize = 11;

/// The workshop example copied `COPIES` times into a fresh folder, each respondent
/// renamed `Resp-NNNN` so that every name in a report can be traced to its row.
fn large_group(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tandem-large-group-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(common::root().join("examples/workshop"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut n = 0;
    for copy in 0..COPIES {
        for f in &files {
            n += 1;
            let text: String = std::fs::read_to_string(f)
                .unwrap()
                .lines()
                .map(|l| {
                    if l.starts_with("respondent = ") {
                        format!("respondent = \"Resp-{n:04}\"\n")
                    } else {
                        format!("{l}\n")
                    }
                })
                .collect();
            let name = f.file_name().unwrap().to_string_lossy();
            std::fs::write(d.join(format!("{copy:02}-{name}")), text).unwrap();
        }
    }
    d
}

/// Every `Resp-NNNN` named in `out`.
fn names(out: &str) -> BTreeSet<String> {
    out.match_indices("Resp-")
        .filter_map(|(i, _)| out.get(i..i + 9))
        .map(str::to_string)
        .collect()
}

#[test]
fn human_reports_cap_people_and_chains_and_machine_formats_keep_all() {
    let dir = large_group("caps");
    let path = dir.to_str().unwrap();
    let json = json_ok(&["score", path, "--format", "json"]);
    let people = json["people"].as_array().unwrap();
    assert_eq!(people.len(), 12 * COPIES, "JSON keeps every respondent");
    let groups = json["five_whys"].as_array().unwrap();
    let chains: usize = groups
        .iter()
        .map(|g| g["chains"].as_array().unwrap().len())
        .sum();
    assert_eq!(chains, 10 * COPIES, "JSON keeps every chain");
    let capped = groups
        .iter()
        .filter(|g| g["chains"].as_array().unwrap().len() > CHAINS_SHOWN)
        .count();
    assert!(
        capped > 0 && capped < groups.len(),
        "{capped} causes capped"
    );

    // The names a capped report may show: the first rows and each cause's first chains.
    let mut shown: BTreeSet<String> = people[..PEOPLE_SHOWN]
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    for g in groups {
        for c in g["chains"].as_array().unwrap().iter().take(CHAINS_SHOWN) {
            shown.insert(c["respondent"].as_str().unwrap().to_string());
        }
    }
    assert!(shown.len() < people.len());

    let more_people = format!(
        "… and {} more respondents: the JSON output and respondents.csv (--format csv --out FOLDER/) list all {}.",
        people.len() - PEOPLE_SHOWN,
        people.len()
    );
    for format in ["text", "markdown", "html"] {
        let out = String::from_utf8(stdout_ok(&["score", path, "--format", format])).unwrap();
        // The text report wraps long lines.
        let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(out.matches(&more_people).count(), 1, "{format}: {out}");
        assert_eq!(
            names(&out),
            shown,
            "{format} shows the first {PEOPLE_SHOWN} respondents and {CHAINS_SHOWN} chains per cause"
        );
        for g in groups {
            let n = g["chains"].as_array().unwrap().len();
            let line = format!(
                "… and {} more chains: the JSON output and five_whys.csv (--format csv --out FOLDER/) list all {n}.",
                n.saturating_sub(CHAINS_SHOWN)
            );
            let want = usize::from(n > CHAINS_SHOWN);
            assert!(out.matches(&line).count() >= want, "{format}: {line}");
            assert!(out.contains(&format!("({n} chains)")) || out.contains(&format!("({n})")));
        }
        let pointers = out.matches("more chains: the JSON output").count();
        assert_eq!(pointers, capped, "{format}: one pointer per capped cause");
    }

    let slides = String::from_utf8(stdout_ok(&["score", path, "--format", "slides"])).unwrap();
    assert!(slides.contains(&format!(
        "the JSON output and five_whys.csv list all {chains}."
    )));

    let csv = dir.join("csv");
    let r = run(tandem()
        .args(["score", path, "--format", "csv", "--out"])
        .arg(csv_dir(&csv)));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let respondents = std::fs::read_to_string(csv.join("respondents.csv")).unwrap();
    assert_eq!(respondents.lines().count(), 1 + people.len());
    let whys = std::fs::read_to_string(csv.join("five_whys.csv")).unwrap();
    let ids: BTreeSet<&str> = whys
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    assert_eq!(ids.len(), chains, "five_whys.csv keeps every chain");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `--out` names a folder by its trailing slash.
fn csv_dir(p: &Path) -> String {
    format!("{}/", p.display())
}

/// Free text (always) and five-whys chains (when roles are folded) are listed by role
/// and text, never in file order, which could tell whose they are: the same files
/// under names that reverse their order give the same lists.
#[test]
fn free_text_and_folded_chains_do_not_follow_file_order() {
    let dir = large_group("order");
    let reversed = dir.with_file_name(format!(
        "{}-reversed",
        dir.file_name().unwrap().to_string_lossy()
    ));
    let _ = std::fs::remove_dir_all(&reversed);
    std::fs::create_dir_all(&reversed).unwrap();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for (i, f) in files.iter().rev().enumerate() {
        std::fs::copy(f, reversed.join(format!("{i:04}.toml"))).unwrap();
    }
    // Names stay beside their chains when shown: only the order is compared.
    fn without_names(mut v: serde_json::Value) -> serde_json::Value {
        match &mut v {
            serde_json::Value::Object(m) => {
                m.remove("respondent");
                for x in m.values_mut() {
                    *x = without_names(x.take());
                }
            }
            serde_json::Value::Array(a) => {
                for x in a.iter_mut() {
                    *x = without_names(x.take());
                }
            }
            _ => {}
        }
        v
    }
    for privacy in [&[][..], &["--min-group", "3"], &["--anonymous"]] {
        let report = |d: &Path| {
            let mut args = vec!["score", d.to_str().unwrap(), "--format", "json"];
            args.extend_from_slice(privacy);
            json_ok(&args)
        };
        let (a, b) = (report(&dir), report(&reversed));
        assert_eq!(a["free_text"], b["free_text"], "{privacy:?}");
        let texts: usize = a["free_text"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["answers"].as_array().unwrap().len())
            .sum();
        assert!(texts > 100, "{texts}");
        let (wa, wb) = (
            without_names(a["five_whys"].clone()),
            without_names(b["five_whys"].clone()),
        );
        if privacy.is_empty() {
            assert_ne!(wa, wb, "without folded roles, chains are in file order");
        } else {
            assert_eq!(wa, wb, "{privacy:?}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&reversed);
}
