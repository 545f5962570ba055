//! Role ids are data: a role may be called like the words reports use for the whole
//! group (`all`, `group`), everyone else (`rest`), no role (`unspecified`) or chain tags
//! (`untagged`, `other`), and the perception gap compares whichever two roles the
//! questionnaire names.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The built-in roles and what the renamed questionnaire calls them.
const RENAME: [(&str, &str); 4] = [
    ("sales", "all"),
    ("marketing", "group"),
    ("leadership", "rest"),
    ("other", "untagged"),
];

fn renamed(id: &str) -> String {
    RENAME
        .iter()
        .find(|(from, _)| *from == id)
        .map_or(id, |(_, to)| to)
        .to_string()
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tandem-roles-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(d.join("w")).unwrap();
    d
}

/// The workshop example under `dir/w`, each role renamed by `role`, one file with no
/// role at all; and the built-in questionnaire, its role ids renamed the same way plus
/// two unused roles called `unspecified` and `other`, as `dir/q.toml`.
fn setup(dir: &Path, rename: bool) {
    let map = |id: &str| if rename { renamed(id) } else { id.to_string() };
    let mut q = std::fs::read_to_string("questionnaires/alignment.toml").unwrap();
    for (from, _) in RENAME {
        let to = map(from);
        q = q.replace(
            &format!("[[roles]]\nid = \"{from}\""),
            &format!("[[roles]]\nid = \"{to}\""),
        );
    }
    q = q.replace(
        "compare_roles = [\"sales\", \"marketing\"]",
        &format!(
            "compare_roles = [\"{}\", \"{}\"]",
            map("sales"),
            map("marketing")
        ),
    );
    // Unused roles with names that must never show.
    let extra = "[[roles]]\nid = \"unspecified\"\nname = \"Role called unspecified\"\n\n[[roles]]\nid = \"other-x\"\nname = \"Role called other\"\n\n";
    let extra = if rename {
        extra.replace("other-x", "other")
    } else {
        extra.to_string()
    };
    q = q.replacen("[[roles]]", &format!("{extra}[[roles]]"), 1);
    std::fs::write(dir.join("q.toml"), q).unwrap();
    for entry in std::fs::read_dir("examples/workshop").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let mut text = std::fs::read_to_string(&path).unwrap();
        let line = text
            .lines()
            .find(|l| l.starts_with("role = "))
            .unwrap()
            .to_string();
        let id = line.trim_start_matches("role = ").trim_matches('"');
        let new = if name == "leadership-cfo.toml" {
            String::new()
        } else {
            format!("role = \"{}\"", map(id))
        };
        text = text.replace(&line, &new);
        std::fs::write(dir.join("w").join(name), text).unwrap();
    }
}

fn score(dir: &Path, format: &str) -> String {
    let out = Command::cargo_bin("tandem")
        .unwrap()
        .current_dir(dir)
        .args([
            "score", "w", "-q", "q.toml", "--width", "100", "--format", format,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Chart series carry role ids in `data-series` (for tests and styling, never shown).
fn without_series_keys(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("data-series=\"") {
        out.push_str(&rest[..i + 13]);
        rest = &rest[i + 13..];
        rest = &rest[rest.find('"').unwrap()..];
    }
    out.push_str(rest);
    out
}

/// Role ids in the fields that hold them, renamed; the words for the group, the rest
/// and no role left as they are.
fn rename_roles(v: &mut Value, key: Option<&str>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                rename_roles(x, Some(k));
            }
        }
        Value::Array(a) => {
            for x in a {
                rename_roles(x, key);
            }
        }
        Value::String(s) if matches!(key, Some("role" | "versus" | "fires_for")) => {
            *s = renamed(s);
        }
        _ => {}
    }
}

#[test]
fn roles_named_like_scopes_are_never_taken_for_them() {
    let (a, b) = (scratch("orig"), scratch("renamed"));
    setup(&a, false);
    setup(&b, true);
    // Text, Markdown and HTML show role names only: renaming the ids changes nothing.
    for f in ["text", "markdown"] {
        assert_eq!(score(&a, f), score(&b, f), "{f}");
    }
    let html = score(&a, "html");
    assert!(
        html.contains("Largest sales–marketing gap"),
        "the compared pair is declared"
    );
    assert_eq!(
        without_series_keys(&html),
        without_series_keys(&score(&b, "html"))
    );

    // JSON: the same document with the role ids renamed where they are role ids.
    let mut want: Value = serde_json::from_str(&score(&a, "json")).unwrap();
    rename_roles(&mut want["roles"], None);
    for k in [
        "people",
        "dimensions",
        "sales_vs_marketing",
        "role_vs_rest",
        "causes",
        "findings",
        "checklists",
        "ladder",
        "five_whys",
        "answers",
        "free_text",
    ] {
        rename_roles(&mut want[k], None);
    }
    for r in want["roles"].as_array_mut().unwrap() {
        let id = r["id"].as_str().unwrap().to_string();
        r["id"] = Value::String(renamed(&id));
    }
    let got: Value = serde_json::from_str(&score(&b, "json")).unwrap();
    assert_eq!(got, want);
    let ids: Vec<&str> = got["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["all", "group", "rest", "untagged", "unspecified"]);
    let ladder = got["ladder"]["counts"].as_array().unwrap();
    let group = ladder.last().unwrap();
    let role_all = &ladder[0];
    assert_eq!(role_all["role"], "all");
    assert_ne!(
        role_all["current"], group["current"],
        "the role's counts are its own"
    );

    // CSV: role ids renamed in the scope and role columns; the group's rows unchanged.
    let want: String = score(&a, "csv")
        .lines()
        .map(|l| {
            let mut cells: Vec<String> = l.split(',').map(str::to_string).collect();
            for c in cells.iter_mut().take(2) {
                *c = renamed(c);
            }
            cells.join(",") + "\n"
        })
        .collect();
    let got = score(&b, "csv");
    assert_eq!(got, want);
    assert!(
        got.contains("\ngroup,all,overall,Overall,"),
        "the whole group's row"
    );
    assert!(
        got.contains("\ngroup,group,overall,Overall,"),
        "the role called group"
    );
    let _ = std::fs::remove_dir_all(&a);
    let _ = std::fs::remove_dir_all(&b);
}

const MINI_ROLES: &str = "[[roles]]\nid = \"sales\"\nname = \"Sales\"\n\n[[roles]]\nid = \"marketing\"\nname = \"Marketing\"\n";

/// The mini questionnaire with roles `sdr` (SDRs) and `ae` (Account executives) and
/// the given line added to `[questionnaire]`; two answers files, one per role.
fn mini(dir: &Path, compare: &str) {
    let q = std::fs::read_to_string("tests/data/mini.toml").unwrap();
    assert!(q.contains(MINI_ROLES));
    let q = q
        .replace(
            MINI_ROLES,
            "[[roles]]\nid = \"sdr\"\nname = \"SDRs\"\n\n[[roles]]\nid = \"ae\"\nname = \"Account executives\"\n",
        )
        .replacen("version = \"1.0\"\n", &format!("version = \"1.0\"\n{compare}\n"), 1);
    std::fs::write(dir.join("q.toml"), q).unwrap();
    for (file, role, icp, metric) in [
        ("a.toml", "sdr", 5, "separate"),
        ("b.toml", "ae", 2, "joint"),
    ] {
        std::fs::write(
            dir.join("w").join(file),
            format!("questionnaire = \"mini\"\nversion = \"1.0\"\nrole = \"{role}\"\n\n[answers]\nicp = {icp}\nmetric = \"{metric}\"\n"),
        )
        .unwrap();
    }
}

#[test]
fn the_gap_compares_the_first_two_roles_by_default() {
    let d = scratch("default");
    mini(&d, "");
    let json: Value = serde_json::from_str(&score(&d, "json")).unwrap();
    let gaps = json["sales_vs_marketing"].as_array().unwrap();
    assert_eq!(gaps.len(), 2);
    assert_eq!(gaps[0]["role"], "sdr");
    assert_eq!(gaps[0]["versus"], "ae");
    // Buyer: 100 against 25; metrics: 0 against 100. Largest difference first.
    assert_eq!(gaps[0]["dimension"], "metrics");
    assert_eq!(gaps[0]["gap"], -100.0);
    let text = score(&d, "text");
    assert!(
        text.contains("Where SDRs and account executives see the company differently"),
        "{text}"
    );
    assert!(
        text.contains(
            "Largest gap: Shared metrics. Account executives sees it 100.0 points more favourably."
        ),
        "{text}"
    );
    let md = score(&d, "markdown");
    assert!(
        md.contains("| Dimension | SDRs | Account executives | Gap |"),
        "{md}"
    );
    let html = score(&d, "html");
    assert!(html.contains("SDRs versus account executives"), "{html}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn compare_roles_chooses_the_pair_and_its_order() {
    let d = scratch("declared");
    mini(&d, "compare_roles = [\"ae\", \"sdr\"]");
    let json: Value = serde_json::from_str(&score(&d, "json")).unwrap();
    let gaps = json["sales_vs_marketing"].as_array().unwrap();
    assert_eq!(gaps[0]["role"], "ae");
    assert_eq!(gaps[0]["versus"], "sdr");
    assert_eq!(gaps[0]["gap"], 100.0);
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn a_single_role_has_no_gap_table() {
    let d = scratch("single");
    mini(&d, "");
    let q = std::fs::read_to_string(d.join("q.toml")).unwrap();
    let q = q.replace(
        "[[roles]]\nid = \"ae\"\nname = \"Account executives\"\n",
        "",
    );
    std::fs::write(d.join("q.toml"), q).unwrap();
    std::fs::remove_file(d.join("w").join("b.toml")).unwrap();
    let json: Value = serde_json::from_str(&score(&d, "json")).unwrap();
    assert_eq!(json["sales_vs_marketing"], Value::Array(vec![]));
    assert!(!score(&d, "text").contains("see the company differently"));
    let _ = std::fs::remove_dir_all(&d);
}

fn check_error(compare: &str) -> String {
    let d = scratch(&format!("bad-{}", compare.len()));
    mini(&d, compare);
    let out = Command::cargo_bin("tandem")
        .unwrap()
        .current_dir(&d)
        .args(["check", "q.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&d);
    String::from_utf8_lossy(&out.stderr).to_string() + &String::from_utf8_lossy(&out.stdout)
}

#[test]
fn compare_roles_errors_name_the_position() {
    // `[questionnaire]` starts on line 1; the added line is line 4.
    let e = check_error("compare_roles = [\"ae\", \"nope\"]");
    assert!(e.contains("q.toml:4:24: unknown role `nope`"), "{e}");
    let e = check_error("compare_roles = [\"ae\", \"ae\"]");
    assert!(e.contains("q.toml:4:24: role `ae` is named twice"), "{e}");
    let e = check_error("compare_roles = [\"ae\"]");
    assert!(
        e.contains("q.toml:4:17: `compare_roles` names two role ids, found 1"),
        "{e}"
    );
}
