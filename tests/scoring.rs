//! Scoring with hand-computed expectations. Each expected number is worked out in the
//! comment above it from the formulas in docs/FORMAT.md.

use tandem::answers::{self, Answer, AnswerSet, Chain};
use tandem::questionnaire::{self, Questionnaire};
use tandem::scoring::{self, Status};
use tandem::tomlfile::SourceText;

fn q(text: &str) -> Questionnaire {
    questionnaire::parse(&SourceText::new("test.toml", text)).unwrap_or_else(|e| panic!("{e}"))
}

fn mini() -> Questionnaire {
    q(&std::fs::read_to_string("tests/data/mini.toml").unwrap())
}

fn set(q: &Questionnaire, answers: &[(&str, Answer)]) -> AnswerSet {
    AnswerSet {
        questionnaire: q.id.to_string(),
        version: q.version.to_string(),
        answers: answers
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
        complete: true,
        ..Default::default()
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[track_caller]
fn assert_close(a: Option<f64>, b: f64) {
    let a = a.expect("a value");
    assert!(close(a, b), "{a} != {b}");
}

#[test]
fn worked_example_from_the_format_reference() {
    let q = mini();
    let s = scoring::score(
        &q,
        &set(
            &q,
            &[
                ("icp", Answer::Value(2)),
                ("metric", Answer::Choice("separate".into())),
            ],
        ),
    );
    // icp: (2 - 1) / (5 - 1) = 0.25; metric: (0 - 0) / (2 - 0) = 0.
    assert_close(s.normalised[0], 0.25);
    assert_close(s.normalised[1], 0.0);
    // buyer = 25, metrics = 0; overall = (2 × 25 + 1 × 0) / 3.
    assert_close(s.dimensions[0], 25.0);
    assert_close(s.dimensions[1], 0.0);
    assert_close(s.overall, 50.0 / 3.0);
    assert_eq!(s.level, Some(0)); // "Apart": 0 ≤ 16.67 < 50
    // no-icp: 2.0 × (1 − 0.25) = 1.5 of 2.0 → 75; split-metrics: 1.0 of 1.0 → 100.
    assert_close(s.causes[0].severity, 75.0);
    assert_close(s.causes[1].severity, 100.0);
    assert_eq!(s.ranking, vec![1, 0]);
    assert!(s.findings.is_empty()); // buyer 25 is not ≥ 70
}

#[test]
fn finding_fires_when_all_conditions_hold_and_level_boundary_goes_up() {
    let q = mini();
    // icp 5 → 100; metric separate → 0: buyer ≥ 70 and metrics < 40 → fires.
    // overall = (2 × 100 + 0) / 3 = 66.67 → band "Together" (50..100).
    let s = scoring::score(
        &q,
        &set(
            &q,
            &[
                ("icp", Answer::Value(5)),
                ("metric", Answer::Choice("separate".into())),
            ],
        ),
    );
    assert_eq!(s.findings, vec![0]);
    assert_eq!(s.level, Some(1));
    // No evidence from a top score: no-icp gets 0 of 2 → severity 0, still ranked last.
    assert_close(s.causes[0].severity, 0.0);
    assert_eq!(s.ranking, vec![1, 0]);
    // Exactly on the boundary: icp 3 → 50, metric joint → 100: overall (100 + 100)/3 = 66.7;
    // use icp 4 → 75 and metric separate → 0: overall 50 exactly → upper band.
    let s = scoring::score(
        &q,
        &set(
            &q,
            &[
                ("icp", Answer::Value(4)),
                ("metric", Answer::Choice("separate".into())),
            ],
        ),
    );
    assert_close(s.overall, 50.0);
    assert_eq!(s.level, Some(1));
}

#[test]
fn dont_know_is_excluded_not_zero() {
    let q = mini();
    // icp don't know: buyer has no score and drops out of the overall; metric joint → 100.
    let s = scoring::score(
        &q,
        &set(
            &q,
            &[
                ("icp", Answer::DontKnow),
                ("metric", Answer::Choice("joint".into())),
            ],
        ),
    );
    assert_eq!(s.status, vec![Status::DontKnow, Status::Answered]);
    assert_eq!(s.dimensions[0], None);
    assert_close(s.overall, 100.0);
    // no-icp could receive nothing: no severity, not ranked. split-metrics: 0 of 1.
    assert_eq!(s.causes[0].severity, None);
    assert_eq!(s.ranking, vec![1]);
    assert!(s.is_complete());
}

#[test]
fn missing_answers_make_the_set_incomplete_but_score_what_is_there() {
    let q = mini();
    let s = scoring::score(&q, &set(&q, &[("metric", Answer::Choice("joint".into()))]));
    assert_eq!(s.status[0], Status::Missing);
    assert!(!s.is_complete());
    assert_close(s.overall, 100.0);
    let s = scoring::score(&q, &set(&q, &[]));
    assert_eq!(s.overall, None);
    assert_eq!(s.level, None);
    assert!(s.ranking.is_empty());
}

const RAW: &str = r#"
[questionnaire]
id = "raw"
version = "2"
title = "Four statements summed"

[[scales]]
id = "s"
min = 1
max = 5
dont_know = true

[[dimensions]]
id = "a"
name = "A"

[[dimensions]]
id = "b"
name = "B"

[[causes]]
id = "c1"
name = "C1"
explanation = "x"
remedies = ["r"]

[[causes]]
id = "c2"
name = "C2"
explanation = "x"
remedies = ["r"]

[levels]
basis = "raw"
bands = [
  { min = 4, max = 9, name = "Stage 1" },
  { min = 10, max = 14, name = "Stage 2" },
  { min = 15, max = 20, name = "Stage 3" },
]

[[questions]]
id = "q1"
kind = "scale"
scale = "s"
dimension = "a"
text = "One"
evidence = { c1 = 1 }

[[questions]]
id = "q2"
kind = "scale"
scale = "s"
dimension = "a"
reverse = true
text = "Two (negatively worded)"
evidence = { c1 = 3 }

[[questions]]
id = "q3"
kind = "scale"
scale = "s"
dimension = "b"
text = "Three"
evidence = { c2 = 2 }

[[questions]]
id = "q4"
kind = "scale"
scale = "s"
dimension = "b"
text = "Four"
ask_if = { question = "q3", at_least = 3 }
evidence = { c2 = 2 }
"#;

#[test]
fn raw_sum_bands_and_reverse_scales() {
    let q = q(RAW);
    let s = scoring::score(
        &q,
        &set(
            &q,
            &[
                ("q1", Answer::Value(4)),
                ("q2", Answer::Value(2)),
                ("q3", Answer::Value(3)),
                ("q4", Answer::Value(5)),
            ],
        ),
    );
    // q2 reversed: 1 + 5 − 2 = 4 points. Raw = 4 + 4 + 3 + 5 = 16 → Stage 3 (15..20).
    assert_close(s.points[1], 4.0);
    assert_close(s.raw, 16.0);
    assert_eq!(s.level, Some(2));
    // a = mean(0.75, 0.75) = 75; b = mean(0.5, 1.0) = 75; overall = (75 + 75) / 2 = 75.
    // (Weights under a raw sum are refused by `check`: tests/defensible.rs.)
    assert_close(s.dimensions[0], 75.0);
    assert_close(s.dimensions[1], 75.0);
    assert_close(s.overall, 75.0);
    // c1: 1 × 0.25 + 3 × 0.25 = 1 of 4 → 25; c2: 2 × 0.5 + 2 × 0 = 1 of 4 → 25.
    // Tie on severity and on evidence: questionnaire order decides.
    assert_close(s.causes[0].severity, 25.0);
    assert_close(s.causes[1].severity, 25.0);
    assert_eq!(s.ranking, vec![0, 1]);
}

#[test]
fn raw_sum_is_prorated_over_dont_know_and_conditions_skip() {
    let q = q(RAW);
    // q3 = 2 → q4's condition (q3 ≥ 3) fails: skipped, out of every sum.
    // q2 don't know: applicable = q1, q2, q3 = 3, answered = 2 (q1 = 5, q3 = 2).
    // Raw = (5 + 2) × 3 / 2 = 10.5 → Stage 2 (10..14).
    let s = scoring::score(
        &q,
        &set(
            &q,
            &[
                ("q1", Answer::Value(5)),
                ("q2", Answer::DontKnow),
                ("q3", Answer::Value(2)),
                ("q4", Answer::Value(5)),
            ],
        ),
    );
    assert_eq!(
        s.status,
        vec![
            Status::Answered,
            Status::DontKnow,
            Status::Answered,
            Status::Skipped
        ]
    );
    assert_close(s.raw, 10.5);
    assert_eq!(s.level, Some(1));
    // b = q3 only: (2 − 1)/4 = 25. a = q1 only = 100. Overall (100 + 25) / 2 = 62.5.
    assert_close(s.dimensions[1], 25.0);
    assert_close(s.overall, 62.5);
    // c2: q3 gives 2 × 0.75 = 1.5 of 2; q4 skipped gives nothing → 75.
    assert_close(s.causes[1].severity, 75.0);
    // c1: only q1 answered: 1 × 0 of 1 → 0.
    assert_close(s.causes[0].severity, 0.0);
    assert_eq!(s.ranking, vec![1, 0]);
}

const CHOICES: &str = r#"
[questionnaire]
id = "choices"
version = "1"
title = "Checklists and five whys"

[[dimensions]]
id = "d"
name = "D"

[[causes]]
id = "a"
name = "A"
explanation = "x"
remedies = ["r"]

[[causes]]
id = "b"
name = "B"
explanation = "x"
remedies = ["r"]

[[questions]]
id = "list"
kind = "multi"
dimension = "d"
text = "Tick what applies"
options = [
  { id = "good", label = "Good", points = 2 },
  { id = "bad1", label = "Bad 1", points = -1, evidence = { a = 1 } },
  { id = "bad2", label = "Bad 2", points = -1, evidence = { a = 1, b = 2 } },
]

[[questions]]
id = "why"
kind = "five_whys"
text = "Why?"
evidence_weight = 3
"#;

#[test]
fn checklists_normalise_between_all_bad_and_all_good_and_chains_add_evidence() {
    let q = q(CHOICES);
    let chain = Answer::Chain(Chain {
        symptom: "s".into(),
        whys: vec!["w".into()],
        cause: Some("b".into()),
    });
    let s = scoring::score(
        &q,
        &set(
            &q,
            &[
                ("list", Answer::Choices(vec!["good".into(), "bad1".into()])),
                ("why", chain),
            ],
        ),
    );
    // Range −2..2; ticked 2 − 1 = 1 → (1 + 2) / 4 = 0.75.
    assert_close(s.normalised[0], 0.75);
    assert_close(s.dimensions[0], 75.0);
    // a: ticked bad1 → 1 of 2 → 50. b: 0 of 2 from the list, plus the chain 3 of 3 → 3/5 = 60.
    assert_close(s.causes[0].severity, 50.0);
    assert_close(s.causes[1].severity, 60.0);
    assert_eq!(s.ranking, vec![1, 0]);
    assert_eq!(s.causes[1].evidence.len(), 1); // only the chain gave b evidence
    // An empty checklist is an answer: 0 points → (0 + 2) / 4 = 0.5, no evidence.
    let s = scoring::score(&q, &set(&q, &[("list", Answer::Choices(vec![]))]));
    assert_close(s.normalised[0], 0.5);
    assert_close(s.causes[0].severity, 0.0);
}

#[test]
fn five_whys_tagged_other_gives_no_evidence() {
    let q = q(CHOICES);
    let chain = Answer::Chain(Chain {
        symptom: "s".into(),
        whys: vec![],
        cause: Some("other".into()),
    });
    let s = scoring::score(&q, &set(&q, &[("why", chain)]));
    assert!(s.ranking.is_empty());
}

#[test]
fn builtins_are_valid_and_named_after_their_ids() {
    for b in questionnaire::BUILTINS {
        let q = b.load().unwrap_or_else(|e| panic!("{}: {e}", b.name));
        assert_eq!(q.id, b.name);
        assert_eq!(q.version, b.version(), "{}", b.name);
    }
    let q = questionnaire::builtin("alignment").unwrap().load().unwrap();
    assert!(q.scored_count() >= 30, "at least 30 scored questions");
    assert!(q.dimensions.len() >= 7);
    assert!(q.causes.len() >= 10);
    assert!(q.findings.len() >= 3);
    assert!(
        q.causes
            .iter()
            .all(|c| !c.remedies.is_empty() && !c.sources.is_empty())
    );
}

#[test]
fn the_cmo_example_ranks_causes_in_descending_severity_with_evidence() {
    let q = questionnaire::builtin("alignment").unwrap().load().unwrap();
    let src =
        tandem::tomlfile::read_source(std::path::Path::new("examples/cmo-self-assessment.toml"))
            .unwrap();
    let a = answers::load(&src, &q).unwrap();
    let s = scoring::score(&q, &a);
    assert!(s.is_complete());
    let sev: Vec<f64> = s
        .ranking
        .iter()
        .map(|&c| s.causes[c].severity.unwrap())
        .collect();
    assert!(sev.windows(2).all(|w| w[0] >= w[1]), "{sev:?}");
    for &c in &s.ranking {
        let cs = &s.causes[c];
        let sum: f64 = cs.evidence.iter().map(|e| e.amount).sum();
        assert!(
            close(sum, cs.received),
            "evidence items add up to what the cause received"
        );
    }
}

#[test]
fn builtin_versions_read_without_parsing_match_the_parsed_ones() {
    for b in questionnaire::BUILTINS {
        assert_eq!(b.version(), b.load().unwrap().version);
    }
}

// ---- behaviours docs/FORMAT.md states (each decided in issue 10) -------------------

const WEIGHTS: &str = r#"
[questionnaire]
id = "weights"
version = "1"
title = "Zero weights"

[[scales]]
id = "s"
min = 1
max = 5

[[dimensions]]
id = "a"
name = "A"

[[dimensions]]
id = "b"
name = "B"

[[questions]]
id = "context"
kind = "scale"
scale = "s"
dimension = "a"
weight = 0
text = "Shown, counts for nothing"

[[questions]]
id = "counts"
kind = "scale"
scale = "s"
dimension = "a"
text = "Counts"

[[questions]]
id = "other"
kind = "scale"
scale = "s"
dimension = "b"
text = "Dimension b"
"#;

#[test]
fn a_question_that_weighs_0_never_scores_its_dimension_alone() {
    let q = q(WEIGHTS);
    // Both answered: a = (0 × 1.0 + 1 × 0.25) / (0 + 1) = 25; the 5 on `context` is
    // shown (normalised 1.0) but does not count.
    let s = scoring::score(
        &q,
        &set(
            &q,
            &[
                ("context", Answer::Value(5)),
                ("counts", Answer::Value(2)),
                ("other", Answer::Value(3)),
            ],
        ),
    );
    assert_close(s.normalised[0], 1.0);
    assert_close(s.dimensions[0], 25.0);
    // Only the 0-weight question answered: Σw = 0, so a has no score (not the plain
    // mean 100) and the overall is b's alone: (3 − 1) / 4 = 50.
    let s = scoring::score(
        &q,
        &set(
            &q,
            &[("context", Answer::Value(5)), ("other", Answer::Value(3))],
        ),
    );
    assert_eq!(s.dimensions[0], None);
    assert_close(s.dimensions[1], 50.0);
    assert_close(s.overall, 50.0);
}

#[test]
fn a_dimension_whose_questions_all_weigh_0_is_refused() {
    // `counts` weighs 0 too: dimension a could never have a score. Reported at the
    // `[[dimensions]]` table of `a` (line 12 of the text, which starts with a newline).
    let text = WEIGHTS.replace("text = \"Counts\"", "text = \"Counts\"\nweight = 0.0");
    let e = questionnaire::parse(&SourceText::new("w.toml", text)).unwrap_err();
    assert_eq!(
        e.lines(),
        vec![
            "w.toml:12:1: every question scored in dimension `a` weighs 0: at least one must weigh more"
        ]
    );
}

#[test]
fn raw_sum_is_prorated_over_unanswered_questions_too() {
    let q = q(RAW);
    // q2 not answered at all (missing), q3 = 2 so q4 (q3 ≥ 3) is skipped.
    // Applicable q1, q2, q3 = 3, answered 2 (q1 = 5, q3 = 2): (5 + 2) × 3 / 2 = 10.5,
    // the same as when q2 is "don't know", not 7 (missing counted as nothing).
    let s = scoring::score(
        &q,
        &set(&q, &[("q1", Answer::Value(5)), ("q3", Answer::Value(2))]),
    );
    assert_eq!(s.status[1], Status::Missing);
    assert!(!s.is_complete());
    assert_close(s.raw, 10.5);
    assert_eq!(s.level, Some(1)); // Stage 2, 10..14
}

#[test]
fn ask_if_with_several_tests_asks_only_when_all_hold() {
    let text = RAW.replace(
        "ask_if = { question = \"q3\", at_least = 3 }",
        "ask_if = { question = \"q3\", at_least = 2, at_most = 4 }",
    );
    let q = q(&text);
    let asked = |v: i64| {
        let s = scoring::score(
            &q,
            &set(&q, &[("q3", Answer::Value(v)), ("q4", Answer::Value(5))]),
        );
        s.status[3] != Status::Skipped
    };
    // 2 ≤ v ≤ 4: asked for 2, 3, 4; 1 fails at_least, 5 fails at_most.
    assert_eq!(
        (1..=5).map(asked).collect::<Vec<_>>(),
        vec![false, true, true, true, false]
    );
}

const OPTIONAL_TEXT: &str = r#"
[questionnaire]
id = "notes"
version = "1"
title = "Free text"

[[dimensions]]
id = "d"
name = "D"

[[causes]]
id = "c"
name = "C"
explanation = "x"
remedies = ["r"]

[[questions]]
id = "rate"
kind = "scale"
min = 0
max = 10
dimension = "d"
text = "Rate it"

[[questions]]
id = "notes"
kind = "text"
text = "Anything to add?"

[[questions]]
id = "why"
kind = "five_whys"
text = "Why?"
"#;

#[test]
fn free_text_left_blank_does_not_make_a_file_incomplete_but_five_whys_does() {
    let q = q(OPTIONAL_TEXT);
    let chain = Answer::Chain(Chain {
        symptom: "s".into(),
        whys: vec!["w".into()],
        cause: Some("c".into()),
    });
    let s = scoring::score(&q, &set(&q, &[("rate", Answer::Value(7)), ("why", chain)]));
    assert_eq!(s.status[1], Status::Blank);
    assert!(s.is_complete());
    // 7 of 0..10 → 70.
    assert_close(s.overall, 70.0);
    let s = scoring::score(&q, &set(&q, &[("rate", Answer::Value(7))]));
    assert_eq!(s.status[2], Status::Missing);
    assert!(!s.is_complete());
}

/// The answers file around `rate = VALUE` for the OPTIONAL_TEXT questionnaire.
fn read_rate(q: &Questionnaire, value: &str) -> Result<Option<Answer>, Vec<String>> {
    let src = SourceText::new(
        "a.toml",
        format!("questionnaire = \"notes\"\nversion = \"1\"\n[answers]\nrate = {value}\n"),
    );
    match answers::load(&src, q) {
        Ok(set) => Ok(set.answers.get("rate").cloned()),
        Err(e) => Err(e.lines()),
    }
}

#[test]
fn scale_answers_may_be_written_3_or_3_0_or_quoted_but_must_be_whole_and_in_range() {
    let q = q(OPTIONAL_TEXT);
    for v in ["3", "3.0", "\"3\"", "\" 3 \""] {
        assert_eq!(read_rate(&q, v), Ok(Some(Answer::Value(3))), "{v}");
    }
    // The value starts at line 4, column 8.
    assert_eq!(
        read_rate(&q, "3.5"),
        Err(vec![
            "a.toml:4:8: `rate`: expected a whole number 0..10, found float".to_string()
        ])
    );
    for v in ["11", "11.0", "\"11\""] {
        assert_eq!(
            read_rate(&q, v),
            Err(vec![
                "a.toml:4:8: `rate`: 11 is out of range 0..10".to_string()
            ]),
            "{v}"
        );
    }
    assert_eq!(
        read_rate(&q, "\"three\""),
        Err(vec![
            "a.toml:4:8: `rate`: expected a whole number 0..10, found \"three\"".to_string()
        ])
    );
}

#[test]
fn raw_total_is_shown_with_one_decimal_like_every_score() {
    // examples/pulse-2026-q3.toml: 9 of 10 scored questions answered, 1 don't know.
    // Points 4 + 4 + 2 + 1 + 2 + 2 + (reversed 1 + 5 − 4 = 2) + 3 + 3 = 23;
    // prorated 23 × 10 / 9 = 25.555… → 25.6, the same figure as the level's value.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["score", "examples/pulse-2026-q3.toml", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["raw_total"], 25.6);
    assert_eq!(j["level"]["value"], 25.6);
}
