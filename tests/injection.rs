//! Untrusted text in every output: a respondent's name, free text and five-whys
//! answers, and a questionnaire's own names (title, role, dimension, cause, question),
//! full of HTML, spreadsheet formulas, terminal escape sequences and a bidi override.
//! Scored alone and as part of a group, in every format, all of it must come out inert.

mod common;

use common::stdout_ok as tandem;
use std::path::{Path, PathBuf};
use std::process::Command;

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "\"><img src=x onerror=alert(1)>";
const HYPERLINK: &str = "=HYPERLINK(\"http://evil\",\"x\")";
const CSI: &str = "\u{1b}[31m";
const OSC: &str = "\u{1b}]0;title\u{7}";
const BIDI: &str = "\u{202e}";

/// The built-in questionnaire with hostile names; same id and version, so the example
/// answers still answer it.
fn questionnaire(dir: &Path) -> PathBuf {
    let out = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["export", "alignment"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut doc: toml_edit::DocumentMut = String::from_utf8(out.stdout).unwrap().parse().unwrap();
    doc["questionnaire"]["title"] = toml_edit::value(format!("{SCRIPT} Survey {CSI}red"));
    let set = |doc: &mut toml_edit::DocumentMut, table: &str, i: usize, key: &str, v: String| {
        doc[table]
            .as_array_of_tables_mut()
            .unwrap()
            .get_mut(i)
            .unwrap()[key] = toml_edit::value(v);
    };
    set(&mut doc, "roles", 0, "name", format!("{IMG}Sales{OSC}"));
    set(&mut doc, "dimensions", 0, "name", HYPERLINK.to_string());
    set(
        &mut doc,
        "dimensions",
        1,
        "name",
        format!("+cmd {BIDI}evil"),
    );
    set(&mut doc, "causes", 0, "name", "@SUM(1)".to_string());
    set(&mut doc, "causes", 1, "name", format!("-2+3 {SCRIPT}"));
    set(&mut doc, "questions", 2, "text", format!("\t=1+1 {IMG}"));
    let p = dir.join("evil-questionnaire.toml");
    std::fs::write(&p, doc.to_string()).unwrap();
    p
}

/// The CMO example with a hostile name, free text and five whys.
fn answers(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string("examples/cmo-self-assessment.toml").unwrap();
    let mut doc: toml_edit::DocumentMut = text.parse().unwrap();
    doc["respondent"] = toml_edit::value(format!("{HYPERLINK} {SCRIPT}"));
    doc["role"] = toml_edit::value("sales");
    doc["answers"]["first-change"] =
        toml_edit::value(format!("@SUM(1) {CSI}red\u{1b}[0m {IMG} {OSC}"));
    let chain = &mut doc["answers"]["five-whys"];
    chain["symptom"] = toml_edit::value(format!("+cmd {BIDI}reversed {SCRIPT}"));
    let mut whys = toml_edit::Array::new();
    for w in [
        format!("-2+3 {SCRIPT}"),
        format!("{OSC} why {CSI}"),
        format!("\t=1+1 {IMG}"),
        format!("\r@x {BIDI}"),
        "\u{9b}31m C1 control".to_string(),
    ] {
        whys.push(w);
    }
    chain["whys"] = toml_edit::value(whys);
    let p = dir.join("evil-answers.toml");
    std::fs::write(&p, doc.to_string()).unwrap();
    p
}

fn no_terminal_controls(what: &str, out: &str) {
    for (bad, name) in [
        ('\u{1b}', "ESC"),
        ('\u{7}', "BEL"),
        ('\u{9b}', "CSI (C1)"),
        ('\u{202e}', "bidi override"),
        ('\r', "carriage return"),
    ] {
        assert!(!out.contains(bad), "{what}: {name} in the output");
    }
}

fn inert_html(what: &str, html: &str) {
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "{what}: raw <script");
    assert!(!lower.contains("<img"), "{what}: raw <img");
    assert!(
        !lower.contains("onerror=alert(1)>"),
        "{what}: raw attribute"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{what}: text kept, escaped"
    );
    assert!(
        html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
        "{what}"
    );
    no_terminal_controls(what, html);
}

fn inert_markdown(what: &str, md: &str) {
    assert!(!md.contains("<script"), "{what}: raw <script");
    assert!(!md.contains("<img"), "{what}: raw <img");
    assert!(md.contains("&lt;script&gt;"), "{what}: < escaped");
    no_terminal_controls(what, md);
}

/// No text cell of any CSV starts a formula; numbers may be negative.
fn inert_csv(what: &str, csv_text: &str) {
    no_terminal_controls(what, csv_text);
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(csv_text.as_bytes());
    for rec in r.records() {
        let rec = rec.unwrap_or_else(|e| panic!("{what}: bad CSV: {e}"));
        for cell in rec.iter() {
            if cell.parse::<f64>().is_ok() {
                continue;
            }
            assert!(
                !cell
                    .trim_start()
                    .starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{what}: formula cell {cell:?}"
            );
        }
    }
}

fn check_all(what: &str, args: &[&str], out_dir: &Path) {
    let with = |f: &str| {
        let mut a: Vec<&str> = args.to_vec();
        a.extend(["--format", f]);
        String::from_utf8(tandem(&a)).unwrap()
    };
    let text = with("text");
    no_terminal_controls(&format!("{what} text"), &text);
    assert!(text.contains("HYPERLINK"), "{what} text keeps the words");
    inert_markdown(&format!("{what} markdown"), &with("markdown"));
    inert_html(&format!("{what} html"), &with("html"));
    // JSON escapes control characters; its strings are data, not markup.
    let json = with("json");
    assert!(
        !json.contains('\u{1b}') && !json.contains('\u{7}'),
        "{what} json"
    );
    serde_json::from_str::<serde_json::Value>(&json).unwrap();
    let csv_out = with("csv");
    inert_csv(&format!("{what} csv"), &csv_out);
    assert!(
        csv_out.contains("'=HYPERLINK("),
        "{what} csv: neutralised, not dropped"
    );
    // Every table of the folder output.
    let folder = format!("{}/", out_dir.display());
    let mut a: Vec<&str> = args.to_vec();
    a.extend(["--format", "csv", "--out", &folder]);
    assert!(tandem(&a).is_empty());
    let mut n = 0;
    for e in std::fs::read_dir(out_dir).unwrap() {
        let p = e.unwrap().path();
        let body = std::fs::read_to_string(&p).unwrap();
        inert_csv(&format!("{what} {}", p.display()), &body);
        n += 1;
    }
    assert!(n >= 8, "{what}: {n} CSV files");
    slides_and_summary(what, args);
}

/// The deck and the `--summary` in every format: the deck's one script is its own, and
/// nothing typed becomes markup, a formula or a terminal control.
fn slides_and_summary(what: &str, args: &[&str]) {
    let with = |extra: &[&str]| {
        let mut a: Vec<&str> = args.to_vec();
        a.extend(extra);
        String::from_utf8(tandem(&a)).unwrap()
    };
    for deck in [
        with(&["--format", "slides"]),
        with(&["--format", "slides", "--summary"]),
    ] {
        let lower = deck.to_lowercase();
        assert_eq!(
            lower.matches("<script").count(),
            1,
            "{what} slides: one script"
        );
        assert!(
            deck.contains("<script>(function(){var s=document.querySelectorAll('section.slide')")
        );
        assert!(!lower.contains("<img"), "{what} slides: raw <img");
        assert!(!lower.contains("onerror=alert(1)>"), "{what} slides");
        no_terminal_controls(&format!("{what} slides"), &deck);
    }
    let html = with(&["--format", "html", "--summary"]).to_lowercase();
    assert!(
        !html.contains("<script") && !html.contains("<img"),
        "{what} summary html"
    );
    no_terminal_controls(&format!("{what} summary text"), &with(&["--summary"]));
    let md = with(&["--format", "markdown", "--summary"]);
    assert!(
        !md.contains("<script") && !md.contains("<img"),
        "{what} summary markdown"
    );
    inert_csv(
        &format!("{what} summary csv"),
        &with(&["--format", "csv", "--summary"]),
    );
}

#[test]
fn hostile_text_is_inert_in_a_single_report() {
    let dir = tempfile::tempdir().unwrap();
    let q = questionnaire(dir.path());
    let a = answers(dir.path());
    let (q, a) = (q.to_str().unwrap(), a.to_str().unwrap());
    check_all(
        "single",
        &["score", a, "-q", q],
        &dir.path().join("single-csv"),
    );
}

#[test]
fn hostile_text_is_inert_in_a_group_report() {
    let dir = tempfile::tempdir().unwrap();
    let q = questionnaire(dir.path());
    let group = dir.path().join("group");
    std::fs::create_dir(&group).unwrap();
    answers(&group);
    for f in [
        "marketing-ben.toml",
        "sales-ana.toml",
        "leadership-ceo.toml",
    ] {
        std::fs::copy(Path::new("examples/workshop").join(f), group.join(f)).unwrap();
    }
    let (q, g) = (q.to_str().unwrap(), group.to_str().unwrap());
    check_all(
        "group",
        &["score", g, "-q", q],
        &dir.path().join("group-csv"),
    );
    // The evil respondent's five whys reach the group report's chains.
    let html = String::from_utf8(tandem(&["score", g, "-q", q, "--format", "html"])).unwrap();
    assert!(html.contains("+cmd reversed &lt;script&gt;"));
}

#[test]
fn hostile_text_is_inert_in_a_trend_report() {
    let dir = tempfile::tempdir().unwrap();
    let q = questionnaire(dir.path());
    let wave = dir.path().join("=wave<script>");
    std::fs::create_dir(&wave).unwrap();
    answers(&wave);
    std::fs::copy("examples/workshop/marketing-ben.toml", wave.join("m.toml")).unwrap();
    let (q, w) = (q.to_str().unwrap(), wave.to_str().unwrap());
    let args = ["trend", "examples/workshop", w, "-q", q];
    let with = |f: &str| {
        let mut a: Vec<&str> = args.to_vec();
        a.extend(["--format", f]);
        String::from_utf8(tandem(&a)).unwrap()
    };
    no_terminal_controls("trend text", &with("text"));
    inert_markdown("trend markdown", &with("markdown"));
    let html = with("html");
    assert!(!html.to_lowercase().contains("<script"), "trend html");
    assert!(!html.to_lowercase().contains("<img"), "trend html");
    no_terminal_controls("trend html", &html);
    inert_csv("trend csv", &with("csv"));
    assert!(with("csv").contains("'=wave<script>"));
}
