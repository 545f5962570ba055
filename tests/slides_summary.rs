//! `--format slides`, `--summary` in every format and the discussion guide, through the
//! real binary: what each output says, not only that it exits 0.

mod common;

use common::{json_ok, stdout_ok};

fn text(args: &[&str]) -> String {
    String::from_utf8(stdout_ok(args)).unwrap()
}

const WORKSHOP: &str = "examples/workshop";
const CMO: &str = "examples/cmo-self-assessment.toml";

/// The slides of `section class="slide"` in a deck, in order, by id.
fn slide_ids(deck: &str) -> Vec<&str> {
    deck.split("<section class=\"slide\" id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect()
}

#[test]
fn the_group_deck_has_one_slide_per_idea_in_order() {
    let deck = text(&["score", WORKSHOP, "--format", "slides"]);
    assert!(deck.starts_with("<!DOCTYPE html>"));
    let ids = slide_ids(&deck);
    let want = [
        "title",
        "overall",
        "radar",
        "gaps",
        "disagreement",
        "causes",
        "cause-1",
        "cause-2",
        "cause-3",
        "checklist-1",
        "ladder",
        "whys",
        "whys-1",
        "whys-2",
        "discussion",
        "discussion-causes",
    ];
    assert_eq!(ids, want);
    // Slide numbers and the figures of the workshop.
    assert!(deck.contains("1 / 16"), "slide counter");
    assert!(deck.contains("16 / 16"));
    assert!(deck.contains("43.0"), "group overall");
    assert!(deck.contains("Level: Truce"));
    assert!(deck.contains("Where sales and marketing differ"));
    assert!(deck.contains("Marketing sees it 46.5 points more favourably"));
    assert!(deck.contains("<svg id=\"radar\" class=\"chart radar\""));
    assert!(
        deck.contains("data-series=\"group\""),
        "the whole group's line"
    );
    // The top cause with its evidence and its remedies.
    assert!(deck.contains("Meetings instead of alignment"));
    assert!(deck.contains("In the top three causes of 10 of 12 respondents with evidence"));
    // Five whys: every chain counted, few shown.
    assert!(deck.contains("10 chains, by the root cause each respondent tagged"));
    // The discussion slide carries the questionnaire's prompts for the largest gap.
    let discussion = &deck
        [deck.find("id=\"discussion\"").unwrap()..deck.find("id=\"discussion-causes\"").unwrap()];
    assert!(discussion.contains("Shared goals, metrics and rewards"));
    assert!(
        discussion
            .contains("Which single number would both teams be glad to be judged on together?")
    );
}

#[test]
fn the_deck_is_self_contained_and_its_script_is_pinned_by_hash() {
    let deck = text(&["score", WORKSHOP, "--format", "slides"]);
    assert!(!deck.contains("http://") && !deck.contains("https://"));
    assert!(!deck.contains(" src=\""), "nothing loaded");
    let csp = deck
        .split("http-equiv=\"Content-Security-Policy\" content=\"")
        .nth(1)
        .unwrap();
    let csp = &csp[..csp.find('"').unwrap()];
    assert!(csp.starts_with("default-src 'none';"), "{csp}");
    assert!(csp.contains("script-src 'sha256-"), "{csp}");
    assert!(!csp.contains("script-src 'unsafe-inline'"), "{csp}");
    assert_eq!(deck.matches("<script>").count(), 1);
    // Print: one landscape page per slide.
    assert!(deck.contains("@page { size: 254mm 142.875mm; margin: 0; }"));
    assert!(deck.contains("break-after: page"));
    // Without script the page still snaps slide by slide.
    assert!(deck.contains("scroll-snap-type: y mandatory"));
}

#[test]
fn the_single_deck_shows_evidence_and_the_ladder() {
    let deck = text(&["score", CMO, "--format", "slides"]);
    let ids = slide_ids(&deck);
    assert_eq!(&ids[..3], ["title", "overall", "radar"]);
    assert!(
        ids.contains(&"cause-1") && ids.contains(&"whys-1"),
        "{ids:?}"
    );
    assert!(deck.contains("Dana Whitfield"));
    assert!(deck.contains("36.5"));
    assert!(deck.contains("Today: </strong>Loosely connected"));
    assert!(deck.contains("No agreed lead definition or hand-off"));
    assert!(deck.contains("<p><strong>Evidence</strong></p>"));
}

#[test]
fn slides_escape_what_people_typed() {
    let dir = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string(CMO).unwrap();
    let evil = "<script>alert(1)</script>\u{202e}";
    let changed = src.replacen(
        "respondent = \"Dana Whitfield, CMO\"",
        &format!("respondent = \"{evil}\""),
        1,
    );
    assert_ne!(changed, src, "the example names its respondent");
    let f = dir.path().join("evil.toml");
    std::fs::write(&f, changed).unwrap();
    for extra in [&[][..], &["--summary"][..]] {
        let mut args = vec!["score", f.to_str().unwrap(), "--format", "slides"];
        args.extend(extra);
        let deck = text(&args);
        assert!(
            deck.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{extra:?}"
        );
        assert!(!deck.contains("<script>alert"), "{extra:?}");
        assert!(!deck.contains('\u{202e}'), "{extra:?}");
    }
}

#[test]
fn a_trend_has_no_slides_and_says_so() {
    let out = common::tandem()
        .args([
            "trend",
            "examples/ci/2026-q1",
            "examples/ci/2026-q2",
            "--format",
            "slides",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--format slides is for `tandem score`"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn the_group_summary_in_text_and_markdown() {
    let t = text(&["score", WORKSHOP, "--summary"]);
    assert!(t.contains("12 respondents: 5 Sales, 4 Marketing, 2 Leadership, 1 Other"));
    assert!(t.contains("43.0 / 100, level: Truce"));
    assert!(t.contains("Largest gaps: Sales against marketing"));
    // The three largest sales-marketing gaps, largest first, and no fourth.
    let a = t.find("Shared goals, metrics and rewards").unwrap();
    let b = t.find("Lead management and lead-to-cash").unwrap();
    let c = t.find("Systems and reporting").unwrap();
    assert!(a < b && b < c, "{t}");
    assert!(
        !t.contains("Culture, respect and leadership"),
        "only three gaps"
    );
    assert!(t.contains("-46.5"));
    assert!(t.contains(
        "1. Meetings instead of alignment (severity 77.9; in the top three of 10 of 12 with evidence)"
    ));
    assert!(t.contains("First: Give every"));
    assert!(!t.contains("4. "), "only three causes");
    // Far shorter than the report.
    let full = text(&["score", WORKSHOP]);
    assert!(t.lines().count() * 5 < full.lines().count(), "{t}");

    let md = text(&["score", WORKSHOP, "--summary", "--format", "markdown"]);
    assert!(md.contains("## Largest gaps: Sales against marketing"));
    assert!(
        md.contains("| Shared goals, metrics and rewards | Sales 18.1 | Marketing 64.6 | -46.5 |")
    );
    assert!(md.contains("- **1. Meetings instead of alignment** (severity 77.9"));
}

#[test]
fn a_single_summary_shows_the_weakest_dimensions_and_the_ladder() {
    let t = text(&["score", CMO, "--summary"]);
    assert!(t.contains("Dana Whitfield, CMO, Marketing"), "{t}");
    assert!(t.contains("36.5 / 100, level: Truce"));
    assert!(t.contains("today Loosely connected"));
    assert!(t.contains("Weakest dimensions (points below 100)"));
    let lead = t.lines().find(|l| l.contains("Lead management")).unwrap();
    assert!(lead.contains("5.6") && lead.contains("94.4"), "{lead}");
    let j = json_ok(&["score", CMO, "--summary", "--format", "json"]);
    assert_eq!(j["kind"], "summary");
    assert_eq!(j["of"], "single");
    assert_eq!(j["gap_basis"], "weakest_dimensions");
    let scores: Vec<f64> = j["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["score"].as_f64().unwrap())
        .collect();
    assert_eq!(scores, [5.6, 14.3, 22.0], "the lowest three, lowest first");
    assert_eq!(j["gaps"][0]["gap"], -94.4);
    assert_eq!(j["ladder"]["gap"], 2.0);
    assert_eq!(j["causes"][0]["id"], "no-lead-definition");
    assert_eq!(j["causes"][0]["in_top3"], serde_json::Value::Null);
}

#[test]
fn the_group_summary_as_json_csv_html_and_slides() {
    let j = json_ok(&["score", WORKSHOP, "--summary", "--format", "json"]);
    assert_eq!(j["kind"], "summary");
    assert_eq!(j["of"], "group");
    assert_eq!(j["respondents"], 12);
    assert_eq!(j["overall"], 43.0);
    assert_eq!(j["level"], "Truce");
    assert_eq!(j["gap_basis"], "compare_roles");
    assert_eq!(j["gaps"].as_array().unwrap().len(), 3);
    assert_eq!(j["gaps"][0]["dimension"], "metrics");
    assert_eq!(j["gaps"][0]["role"], "sales");
    assert_eq!(j["gaps"][0]["versus"], "marketing");
    assert_eq!(j["gaps"][0]["gap"], -46.5);
    assert_eq!(j["causes"][0]["id"], "talk-not-change");
    assert_eq!(j["causes"][0]["in_top3"], 10);
    assert!(
        j["causes"][0]["remedy"]
            .as_str()
            .unwrap()
            .starts_with("Give every joint meeting")
    );
    assert_eq!(j["ladder"]["gap"], 1.8);

    let csv = text(&["score", WORKSHOP, "--summary", "--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "part,rank,id,name,side,score,versus,versus_score,gap,detail"
    );
    assert_eq!(lines[1], "overall,,,Truce,group,43.0,,,,12");
    assert_eq!(
        lines[2],
        "gap,1,metrics,\"Shared goals, metrics and rewards\",sales,18.1,marketing,64.6,-46.5,compare_roles"
    );
    assert!(lines[5].starts_with("cause,1,talk-not-change,Meetings instead of alignment,,77.9,"));
    assert_eq!(lines.len(), 8);

    let html = text(&["score", WORKSHOP, "--summary", "--format", "html"]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("@page { size: A4;"));
    assert!(html.contains("<title>Sales and marketing alignment diagnostic: summary</title>"));
    assert!(html.contains("43.0"));
    assert!(html.contains("Largest gaps: Sales against marketing"));
    assert!(html.contains("First: Give every joint meeting"));
    assert!(!html.contains("<script"), "the summary page has no script");

    let deck = text(&["score", WORKSHOP, "--summary", "--format", "slides"]);
    assert_eq!(slide_ids(&deck), ["title", "overall", "gaps", "causes"]);
    assert!(deck.contains("Largest gaps: Sales against marketing"));
}

#[test]
fn summary_with_gates_still_gates_and_out_folder_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::tandem()
        .args([
            "score",
            WORKSHOP,
            "--summary",
            "--min-score",
            "90",
            "--format",
            "markdown",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "the gate still fails");
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.contains("Gates: FAILED (1 failed"), "{md}");

    let folder = format!("{}/", dir.path().display());
    stdout_ok(&[
        "score",
        WORKSHOP,
        "--summary",
        "--format",
        "json",
        "--out",
        &folder,
    ]);
    let j: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("summary.json")).unwrap())
            .unwrap();
    assert_eq!(j["kind"], "summary");
}

#[test]
fn the_group_report_lists_the_questions_for_the_room_in_every_format() {
    let prompt = "What exactly is a lead? Let each side write its definition down before anyone reads them out.";
    let cause_prompt = "Which decision about the buyer, the metrics or the process should our next joint meeting take?";
    let t = text(&["score", WORKSHOP]);
    let at = t.find("Questions for the room").expect("a text section");
    assert!(t[at..].contains(prompt) && t[at..].contains(cause_prompt));
    assert!(t[at..].contains(
        "Meetings instead of alignment (root cause #1, top 3 for 10 of 12 with evidence)"
    ));
    let md = text(&["score", WORKSHOP, "--format", "markdown"]);
    assert!(md.contains("## Questions for the room"));
    assert!(md.contains(&format!("- {prompt}")));
    let html = text(&["score", WORKSHOP, "--format", "html"]);
    assert!(html.contains("<section id=\"discussion\""));
    assert!(html.contains(prompt));
    let j = json_ok(&["score", WORKSHOP, "--format", "json"]);
    let d = j["discussion"].as_array().unwrap();
    let ids: Vec<&str> = d.iter().map(|x| x["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "metrics",
            "leads",
            "systems",
            "talk-not-change",
            "no-lead-to-cash",
            "no-lead-definition"
        ]
    );
    assert_eq!(d[0]["about"], "dimension");
    assert_eq!(d[3]["about"], "cause");
    let dir = tempfile::tempdir().unwrap();
    let folder = format!("{}/", dir.path().display());
    stdout_ok(&["score", WORKSHOP, "--format", "csv", "--out", &folder]);
    let csv = std::fs::read_to_string(dir.path().join("discussion.csv")).unwrap();
    assert!(csv.starts_with("about,id,name,why,number,prompt\n"));
    assert!(csv.contains(&format!("dimension,leads,Lead management and lead-to-cash,\"Sales 23.5, marketing 61.2\",1,{prompt}")), "{csv}");
}

#[test]
fn without_prompts_there_is_no_discussion_section() {
    // The pulse questionnaire's workshop waves: whatever pulse carries, a questionnaire
    // stripped of every `discuss` key gives no section and no JSON field.
    let dir = tempfile::tempdir().unwrap();
    let q = text(&["export", "alignment"]);
    let mut stripped = String::new();
    let mut skipping = false;
    for line in q.lines() {
        if line.starts_with("discuss = [") {
            skipping = true;
        }
        if !skipping {
            stripped.push_str(line);
            stripped.push('\n');
        }
        if skipping && line == "]" {
            skipping = false;
        }
    }
    assert!(!stripped.contains("discuss ="));
    let qf = dir.path().join("q.toml");
    std::fs::write(&qf, stripped).unwrap();
    let j = json_ok(&[
        "score",
        WORKSHOP,
        "-q",
        qf.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(j.get("discussion").is_none());
    let t = text(&["score", WORKSHOP, "-q", qf.to_str().unwrap()]);
    assert!(!t.contains("Questions for the room"));
    // The deck still asks questions, built from the gaps and causes.
    let deck = text(&[
        "score",
        WORKSHOP,
        "-q",
        qf.to_str().unwrap(),
        "--format",
        "slides",
    ]);
    assert!(deck.contains("that the other does not?"));
}

#[test]
fn discuss_prompts_are_validated() {
    let dir = tempfile::tempdir().unwrap();
    let q = text(&["export", "alignment"]);
    let bad = q.replacen(
        "discuss = [\n  \"Describe our ideal customer",
        "discuss = [\n  \"   \",\n  \"Describe our ideal customer",
        1,
    );
    assert_ne!(bad, q);
    let icp = "discuss = [\n  \"If we each list our ten best-fit target accounts, how many names appear on both lists?\",\n  \"Who would sign off an ideal customer profile, and when could it be done?\",\n]";
    assert!(bad.contains(icp));
    let bad = bad.replacen(icp, "discuss = []", 1);
    let f = dir.path().join("bad.toml");
    std::fs::write(&f, &bad).unwrap();
    let out = common::tandem()
        .args(["check", f.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("discussion prompt is empty"), "{err}");
    assert!(err.contains("`discuss` is empty"), "{err}");
    // Both with file:line:column.
    assert_eq!(err.matches("bad.toml:").count(), 2, "{err}");
}

#[test]
fn the_html_report_keeps_charts_whole_in_print_and_scrolls_inside_on_a_phone() {
    let html = text(&["score", WORKSHOP, "--format", "html"]);
    let print = &html[html.find("@media print").unwrap()..];
    let rule = print
        .lines()
        .find(|l| l.contains("break-inside: avoid"))
        .unwrap();
    assert!(
        rule.contains("figure") && rule.contains("svg.chart"),
        "{rule}"
    );
    let phone = &html[html.find("@media screen and (max-width: 700px)").unwrap()..];
    assert!(phone.contains("table { display: block; max-width: 100%; overflow-x: auto; }"));
    assert!(phone.contains("figure { overflow-x: auto; }"));
}

#[test]
fn top_limits_the_causes_the_room_discusses() {
    let j = json_ok(&["score", WORKSHOP, "--top", "1", "--format", "json"]);
    let ids: Vec<&str> = j["discussion"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["metrics", "leads", "systems", "talk-not-change"]);
    let s = json_ok(&[
        "score",
        WORKSHOP,
        "--top",
        "1",
        "--summary",
        "--format",
        "json",
    ]);
    assert_eq!(s["causes"].as_array().unwrap().len(), 1);
}
