//! Ranking people can defend and rubrics published instruments need (issue 14), with
//! hand-computed expectations: ties, what a severity rests on, the respondent's own
//! root cause, checklist evidence, group top-3 counts, levels per dimension, levels with
//! requirements, questions for some roles, raw-sum headlines, rounding beside a level
//! and what `check` refuses. Formulas: docs/FORMAT.md, "Scoring".

mod common;

use tandem::answers::{Answer, AnswerSet, Chain};
use tandem::questionnaire::{self, Questionnaire};
use tandem::report;
use tandem::scoring::{self, Status};
use tandem::tomlfile::SourceText;

fn q(text: &str) -> Questionnaire {
    questionnaire::parse(&SourceText::new("t.toml", text)).unwrap_or_else(|e| panic!("{e}"))
}

/// Every problem `check` finds in a questionnaire, as `line:col: message`.
fn problems(text: &str) -> Vec<String> {
    let (_, ps) = questionnaire::check_source(&SourceText::new("t.toml", text));
    ps.iter().map(|p| p.to_string()).collect()
}

fn set(q: &Questionnaire, role: Option<&str>, answers: &[(&str, Answer)]) -> AnswerSet {
    AnswerSet {
        questionnaire: q.id.to_string(),
        version: q.version.to_string(),
        role: role.map(str::to_string),
        answers: answers
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
        complete: true,
        ..Default::default()
    }
}

const HEAD: &str = r#"
[questionnaire]
id = "t"
version = "1"
title = "T"

[[roles]]
id = "sales"
name = "Sales"

[[roles]]
id = "marketing"
name = "Marketing"

[[causes]]
id = "c1"
name = "Cause one"
explanation = "."
remedies = ["."]

[[causes]]
id = "c2"
name = "Cause two"
explanation = "."
remedies = ["."]

[[causes]]
id = "c3"
name = "Cause three"
explanation = "."
remedies = ["."]
"#;

/// Three scale questions 0..1000 in one dimension, one per cause (weight 1 each), a
/// checklist and a five-whys question: severities are `100 × (1 − v / 1000)`.
fn three() -> Questionnaire {
    q(&format!(
        r#"{HEAD}
[[dimensions]]
id = "d"
name = "D"

[[questions]]
id = "s1"
kind = "scale"
min = 0
max = 1000
dimension = "d"
text = "one"
evidence = {{ c1 = 1 }}

[[questions]]
id = "s2"
kind = "scale"
min = 0
max = 1000
dimension = "d"
text = "two"
evidence = {{ c2 = 1 }}

[[questions]]
id = "s3"
kind = "scale"
min = 0
max = 1000
dimension = "d"
text = "three"
evidence = {{ c3 = 1 }}

[[questions]]
id = "ticks"
kind = "multi"
text = "Which apply?"
options = [
  {{ id = "t1", label = "Tick one", evidence = {{ c1 = 1 }} }},
  {{ id = "t2", label = "Tick two", evidence = {{ c2 = 1 }} }},
  {{ id = "t3", label = "Tick three", evidence = {{ c3 = 1 }} }},
]

[[questions]]
id = "why"
kind = "five_whys"
text = "Why?"
"#
    ))
}

fn values(q: &Questionnaire, v: [i64; 3], extra: &[(&str, Answer)]) -> AnswerSet {
    let mut a: Vec<(&str, Answer)> = vec![
        ("s1", Answer::Value(v[0])),
        ("s2", Answer::Value(v[1])),
        ("s3", Answer::Value(v[2])),
    ];
    a.extend(extra.iter().cloned());
    set(q, None, &a)
}

fn single(q: &Questionnaire, s: &AnswerSet) -> report::SingleReport {
    report::single(q, s, &scoring::score(q, s), "t.toml")
}

#[test]
fn neutral_answers_tie_every_cause_and_the_report_says_they_are_not_separated() {
    let q = three();
    // Every answer at the middle, 500: each cause gets 1 × (1 − 0.5) of 1 → 50.
    let s = values(&q, [500, 500, 500], &[]);
    let score = scoring::score(&q, &s);
    for c in &score.causes {
        assert_eq!(c.severity, Some(50.0));
        assert_eq!(c.answers, 1);
    }
    assert_eq!(score.tied_top, 3);
    let r = single(&q, &s);
    assert!(!r.ranking.separated);
    assert_eq!(r.ranking.tied_top, 3);
    let note = r.ranking.note.as_deref().unwrap();
    assert!(note.contains("do not separate"), "{note}");
    assert!(note.contains("all at 50.0"), "{note}");
    assert!(r.causes.iter().all(|c| c.tied_with_top));
    // Shown as joint first, not as 1, 2, 3.
    let labels: Vec<String> = r
        .causes
        .iter()
        .map(|c| report::ranking::rank_label(c, &r.ranking))
        .collect();
    assert_eq!(labels, ["=1", "=1", "=1"]);
}

#[test]
fn causes_within_five_points_of_the_top_are_tied_and_no_further() {
    let q = three();
    // s1 = 0 → 100; s2 = 50 → 95 (exactly 5 below: tied); s3 = 51 → 94.9 (not tied).
    let s = values(&q, [0, 50, 51], &[]);
    let score = scoring::score(&q, &s);
    assert_eq!(score.ranking, [0, 1, 2]);
    assert_eq!(score.tied_top, 2);
    let r = single(&q, &s);
    assert!(r.ranking.separated);
    let note = r.ranking.note.as_deref().unwrap();
    assert!(note.contains("95.0 to 100.0"), "{note}");
    assert!(note.contains("Cause one; Cause two"), "{note}");
    assert_eq!(
        r.causes.iter().map(|c| c.tied_with_top).collect::<Vec<_>>(),
        [true, true, false]
    );
    // s2 = 60 → 94: one clear top, no note.
    let s = values(&q, [0, 60, 500], &[]);
    let r = single(&q, &s);
    assert_eq!(r.ranking.tied_top, 1);
    assert!(r.ranking.note.is_none());
}

#[test]
fn the_respondent_s_own_cause_is_shown_with_its_rank_and_the_disagreement_explained() {
    let q = three();
    let chain = |cause: &str| Chain {
        symptom: "s".into(),
        whys: vec!["w".into()],
        cause: Some(cause.into()),
    };
    // c1: s1 = 0 → 1 of 1; c3: s3 = 200 → 0.8 of 1, plus the chain's 3 of 3 → 3.8 / 4 =
    // 95; c2: s2 = 600 → 0.4 → 40. Ranking c1 (100), c3 (95), c2 (40).
    let s = values(&q, [0, 600, 200], &[("why", Answer::Chain(chain("c3")))]);
    let score = scoring::score(&q, &s);
    assert_eq!(score.ranking, [0, 2, 1]);
    assert_eq!(score.causes[2].severity, Some(95.0));
    // The chain is an answer behind its cause.
    assert_eq!(score.causes[2].answers, 2);
    let r = single(&q, &s);
    let own = r.own_cause.as_ref().unwrap();
    assert_eq!((own.id.as_str(), own.rank, own.of), ("c3", 2, 3));
    // 95 is within 5 of 100: the ranking agrees.
    assert!(own.agrees && own.tied_with_top, "{}", own.note);
    assert!(r.causes[1].own);
    // Tagged c2 instead: c2 = (0.4 + 3) / 4 = 85, behind c1 (100) by 15: disagreement.
    let s = values(&q, [0, 600, 900], &[("why", Answer::Chain(chain("c2")))]);
    let r = single(&q, &s);
    let own = r.own_cause.as_ref().unwrap();
    assert_eq!((own.id.as_str(), own.rank), ("c2", 2));
    assert!(!own.agrees);
    assert!(
        own.note
            .contains("ranks it 2 of 3 (severity 85.0), behind Cause one (100.0)"),
        "{}",
        own.note
    );
    // "other" is nobody's cause.
    let s = values(&q, [0, 600, 900], &[("why", Answer::Chain(chain("other")))]);
    assert!(single(&q, &s).own_cause.is_none());
}

#[test]
fn checklist_evidence_lists_only_the_ticked_items_that_count_for_the_cause() {
    let q = three();
    let ticks = Answer::Choices(vec!["t1".into(), "t2".into()]);
    let s = values(&q, [1000, 1000, 1000], &[("ticks", ticks)]);
    let r = single(&q, &s);
    let line = |id: &str| {
        let c = r.causes.iter().find(|c| c.id == id).unwrap();
        c.evidence
            .iter()
            .find(|e| e.question == "ticks")
            .map(|e| e.answer.clone())
    };
    assert_eq!(line("c1").as_deref(), Some("Tick one"));
    assert_eq!(line("c2").as_deref(), Some("Tick two"));
    // c3's item is not ticked: no evidence line from the checklist at all.
    assert_eq!(line("c3"), None);
}

#[test]
fn a_severity_says_how_many_answers_it_rests_on_and_when_its_strongest_is_missing() {
    let q = q(&format!(
        r#"{HEAD}
[[dimensions]]
id = "d"
name = "D"

[[questions]]
id = "main"
kind = "scale"
min = 1
max = 5
dont_know = true
dimension = "d"
text = "The defining question"
evidence = {{ c1 = 3 }}

[[questions]]
id = "side"
kind = "scale"
min = 1
max = 5
dimension = "d"
text = "A side question"
evidence = {{ c1 = 1, c2 = 1 }}

[[questions]]
id = "late"
kind = "scale"
min = 1
max = 5
dimension = "d"
text = "Left blank"
evidence = {{ c2 = 0.5 }}
"#
    ));
    let s = set(
        &q,
        None,
        &[("main", Answer::DontKnow), ("side", Answer::Value(1))],
    );
    let score = scoring::score(&q, &s);
    // c1: only `side` answered (1 of 1 → 100), `main` (weight 3, its strongest) don't know.
    let c1 = &score.causes[0];
    assert_eq!((c1.answers, c1.unanswered), (1, 1));
    assert!(c1.defining_missing);
    assert_eq!(c1.defining, Some(0));
    // c2: `side` answered (weight 1, its strongest), `late` unanswered (0.5).
    let c2 = &score.causes[1];
    assert_eq!((c2.answers, c2.unanswered), (1, 1));
    assert!(!c2.defining_missing);
    assert_eq!(c2.defining, Some(1));
    let r = single(&q, &s);
    let row = r.causes.iter().find(|c| c.id == "c1").unwrap();
    let text = report::ranking::support_text(row);
    assert_eq!(
        text,
        "rests on 1 answer, 1 question without an answer; its strongest evidence is missing \
         (\"The defining question\" was answered \"don't know\")"
    );
    assert_eq!(row.defining_missing.as_ref().unwrap().answer, "dont_know");
    let row = r.causes.iter().find(|c| c.id == "c2").unwrap();
    assert_eq!(
        report::ranking::support_text(row),
        "rests on 1 answer, 1 question without an answer; thin evidence"
    );
}

#[test]
fn group_top3_counts_only_respondents_who_gave_evidence_for_the_cause() {
    let q = three();
    let mut g = tandem::group::Group::new(&q);
    // A: every answer at its best except s1 = 0: only c1 has evidence. Ranked c1 (100)
    // then c2, c3 at 0; only c1 counts in A's top 3.
    let a = values(&q, [0, 1000, 1000], &[]);
    // B: s1 = 500, s2 = 0, s3 = 1000: c2 (100), c1 (50); c3 has none.
    let b = values(&q, [500, 0, 1000], &[]);
    let ra = tandem::group::summarise(&q, &a, "a.toml");
    assert_eq!(ra.top3, [0]);
    g.add(&q, ra);
    g.add(&q, tandem::group::summarise(&q, &b, "b.toml"));
    let r = report::group::build(&q, g, Default::default());
    let row = |id: &str| r.causes.iter().find(|c| c.id == id).unwrap();
    assert_eq!((row("c1").in_top3, row("c1").with_evidence), (2, 2));
    assert_eq!((row("c2").in_top3, row("c2").with_evidence), (1, 1));
    assert_eq!((row("c3").in_top3, row("c3").with_evidence), (0, 0));
}

fn group_of(q: &Questionnaire, sets: &[AnswerSet]) -> report::GroupReport {
    let mut g = tandem::group::Group::new(q);
    for (i, s) in sets.iter().enumerate() {
        g.add(q, tandem::group::summarise(q, s, &format!("{i}.toml")));
    }
    report::group::build(q, g, Default::default())
}

#[test]
fn a_group_s_causes_follow_the_same_tie_rule() {
    let q = three();
    // Two neutral respondents: every cause pooled at (0.5 + 0.5) / 2 = 50.
    let r = group_of(&q, &[values(&q, [500; 3], &[]), values(&q, [500; 3], &[])]);
    assert!(!r.ranking.separated);
    assert_eq!(r.ranking.tied_top, 3);
    assert!(
        r.ranking
            .note
            .as_deref()
            .unwrap()
            .contains("do not separate")
    );
    let labels: Vec<String> = r
        .causes
        .iter()
        .map(|c| report::ranking::group_rank_label(c, &r.ranking))
        .collect();
    assert_eq!(labels, ["=1", "=1", "=1"]);
    // A: s1 = 0, s2 = 60, s3 = 1000 → c1 1.0, c2 0.94, c3 0. B: all 500 but s3 = 1000 →
    // c1 0.5, c2 0.5, c3 0. Pooled: c1 (1 + 0.5) / 2 = 75, c2 (0.94 + 0.5) / 2 = 72,
    // c3 0: c1 and c2 are tied (3 points apart), c3 is not.
    let r = group_of(
        &q,
        &[
            values(&q, [0, 60, 1000], &[]),
            values(&q, [500, 500, 1000], &[]),
        ],
    );
    let sev: Vec<f64> = r.causes.iter().map(|c| c.severity).collect();
    assert_eq!(sev, [75.0, 72.0, 0.0]);
    assert!(r.ranking.separated);
    assert_eq!(r.ranking.tied_top, 2);
    assert_eq!(
        r.causes.iter().map(|c| c.tied_with_top).collect::<Vec<_>>(),
        [true, true, false]
    );
    let note = r.ranking.note.as_deref().unwrap();
    assert!(note.contains("72.0 to 75.0"), "{note}");
}

const LEVELLED: &str = r#"
[[dimensions]]
id = "buyer"
name = "Buyer"
weight = 2

[[dimensions]]
id = "metrics"
name = "Metrics"

[[dimensions.levels]]
min = 0
max = 40
name = "Separate scoreboards"

[[dimensions.levels]]
min = 40
max = 100
name = "One scoreboard"

[levels]
basis = "percent"

[[levels.bands]]
min = 0
max = 50
name = "Apart"

[[levels.bands]]
min = 50
max = 100
name = "Together"
requires = { at_least = 40, dimensions = ["metrics"] }

[[questions]]
id = "icp"
kind = "scale"
min = 1
max = 5
dimension = "buyer"
text = "ICP"

[[questions]]
id = "metric"
kind = "single"
dimension = "metrics"
text = "Measured how?"
options = [
  { id = "separate", label = "Separately", points = 0 },
  { id = "half", label = "Partly", points = 1 },
  { id = "joint", label = "Jointly", points = 2 },
]
"#;

#[test]
fn a_level_with_a_requirement_is_held_back_by_a_dimension_below_its_floor() {
    let q = q(&format!("{HEAD}{LEVELLED}"));
    // icp 5 → buyer 100; separate → metrics 0. Overall (2 × 100 + 0) / 3 = 66.7:
    // "Together" by score, but metrics 0 < 40, so "Apart".
    let s = set(
        &q,
        None,
        &[
            ("icp", Answer::Value(5)),
            ("metric", Answer::Choice("separate".into())),
        ],
    );
    let score = scoring::score(&q, &s);
    assert_eq!((score.level_by_score, score.level), (Some(1), Some(0)));
    let r = single(&q, &s);
    let l = r.level.as_ref().unwrap();
    assert_eq!(l.name, "Apart");
    assert_eq!(l.by_score.as_deref(), Some("Together"));
    assert_eq!(l.held_back_by, ["Metrics"]);
    assert_eq!(l.requires_at_least, Some(40.0));
    // Dimension levels beside the scores.
    assert_eq!(
        r.dimensions[1].level.as_deref(),
        Some("Separate scoreboards")
    );
    assert_eq!(r.dimensions[0].level, None);
    // "half" → metrics 50 ≥ 40: overall (200 + 50) / 3 = 83.3, "Together" reached.
    let s = set(
        &q,
        None,
        &[
            ("icp", Answer::Value(5)),
            ("metric", Answer::Choice("half".into())),
        ],
    );
    let r = single(&q, &s);
    let l = r.level.as_ref().unwrap();
    assert_eq!((l.name.as_str(), l.by_score.as_deref()), ("Together", None));
    assert_eq!(r.dimensions[1].level.as_deref(), Some("One scoreboard"));
    // No metrics answer: a dimension with no score cannot meet a floor.
    let s = set(&q, None, &[("icp", Answer::Value(5))]);
    assert_eq!(scoring::score(&q, &s).level, Some(0));
}

#[test]
fn a_number_beside_a_level_is_rounded_so_that_it_stays_in_that_band() {
    let q = q(&format!(
        r#"{HEAD}
[[dimensions]]
id = "d"
name = "D"

[levels]
[[levels.bands]]
min = 0
max = 60
name = "Low"

[[levels.bands]]
min = 60
max = 100
name = "High"

[[questions]]
id = "x"
kind = "single"
dimension = "d"
text = "x"
options = [
  {{ id = "none", label = "None", points = 0 }},
  {{ id = "near", label = "Near", points = 5997 }},
  {{ id = "at", label = "At", points = 6000 }},
  {{ id = "below", label = "Below", points = 5994 }},
  {{ id = "all", label = "All", points = 10000 }},
]
"#
    ));
    let pick = |o: &str| single(&q, &set(&q, None, &[("x", Answer::Choice(o.into()))]));
    // 5997 / 10000 → 59.97: band "Low"; plain rounding would print 60.0.
    let r = pick("near");
    assert_eq!(r.level.as_ref().unwrap().name, "Low");
    assert_eq!(r.level.as_ref().unwrap().value, 59.9);
    assert_eq!(r.overall, Some(59.9));
    assert_eq!(r.dimensions[0].score, Some(60.0)); // no level of its own: plain rounding
    // 6000 → 60.0, "High"; 5994 → 59.9 as usual.
    let r = pick("at");
    assert_eq!(
        (r.overall, r.level.unwrap().name.as_str()),
        (Some(60.0), "High")
    );
    assert_eq!(pick("below").overall, Some(59.9));
    // A group's mean: 5994 and 6000 average 59.97, "Low": shown 59.9 there too.
    let mut g = tandem::group::Group::new(&q);
    for o in ["below", "at"] {
        let s = set(&q, None, &[("x", Answer::Choice(o.into()))]);
        g.add(&q, tandem::group::summarise(&q, &s, o));
    }
    let r = report::group::build(&q, g, Default::default());
    assert_eq!((r.overall, r.level.as_deref()), (Some(59.9), Some("Low")));
}

const ROLES: &str = r#"
[[dimensions]]
id = "d"
name = "D"

[[questions]]
id = "all"
kind = "scale"
min = 1
max = 5
dimension = "d"
text = "Everyone"

[[questions]]
id = "quota"
kind = "scale"
min = 1
max = 5
dimension = "d"
roles = ["sales"]
text = "Sales only"

[[questions]]
id = "follow"
kind = "text"
ask_if = { question = "quota", answered = true }
text = "Depends on the sales-only one"
"#;

#[test]
fn a_question_for_some_roles_is_not_asked_of_others_and_not_counted() {
    let q = q(&format!("{HEAD}{ROLES}"));
    // Marketing: `quota` not asked (not missing), `follow` depends on it: not asked either.
    let s = set(&q, Some("marketing"), &[("all", Answer::Value(5))]);
    let score = scoring::score(&q, &s);
    assert_eq!(
        score.status,
        [Status::Answered, Status::Skipped, Status::Skipped]
    );
    assert!(score.is_complete());
    assert_eq!(score.dimensions[0], Some(100.0));
    // Sales: asked; unanswered it is missing.
    let s = set(&q, Some("sales"), &[("all", Answer::Value(5))]);
    let score = scoring::score(&q, &s);
    assert_eq!(score.status[1], Status::Missing);
    // No role given: asked everything.
    assert!(scoring::asked(&q, 1, &set(&q, None, &[])));
    // A marketing answer to it is left out of the score: (5 → 1.0) only.
    let s = set(
        &q,
        Some("marketing"),
        &[("all", Answer::Value(5)), ("quota", Answer::Value(1))],
    );
    assert_eq!(scoring::score(&q, &s).dimensions[0], Some(100.0));
}

#[test]
fn check_refuses_what_scoring_would_silently_ignore() {
    // Percent levels with `dimensions`, a weight under a raw sum, an unknown and an
    // empty `roles`, impossible finding limits, an empty any_of, an ask_if with no test.
    let text = format!(
        r#"{HEAD}
[[dimensions]]
id = "d"
name = "D"

[levels]
basis = "percent"
dimensions = ["d"]

[[levels.bands]]
min = 0
max = 100
name = "All"

[[questions]]
id = "pick"
kind = "single"
dimension = "d"
roles = ["buyers"]
text = "Pick"
options = [{{ id = "a", label = "A", points = 0 }}, {{ id = "b", label = "B", points = 1 }}]

[[questions]]
id = "then"
kind = "text"
text = "Then"
ask_if = {{ question = "pick", any_of = [] }}

[[questions]]
id = "bare"
kind = "text"
text = "Bare"
roles = []
ask_if = {{ question = "pick" }}

[[findings]]
id = "never"
name = "Never"
insight = "."
when = [{{ of = "d", at_least = 60, at_most = 50 }}]
"#
    );
    let ps = problems(&text);
    let has = |pos: &str, frag: &str| {
        assert!(
            ps.iter()
                .any(|p| p.starts_with(&format!("t.toml:{pos}: ")) && p.contains(frag)),
            "no {pos} {frag:?} in {ps:#?}"
        )
    };
    let line = |needle: &str| {
        text.lines()
            .position(|l| l.starts_with(needle))
            .map(|i| i + 1)
            .unwrap()
    };
    has(
        &format!("{}:14", line("dimensions = [\"d\"]")),
        "needs `basis = \"raw\"`",
    );
    has(
        &format!("{}:10", line("roles = [\"buyers\"]")),
        "unknown role `buyers`",
    );
    has(
        &format!("{}:40", line("ask_if = { question = \"pick\", any_of")),
        "`any_of` is empty",
    );
    has(&format!("{}:9", line("roles = []")), "`roles` is empty");
    has(
        &format!("{}:10", line("ask_if = { question = \"pick\" }")),
        "gives no test, so it cannot say when to ask: add one of `equals = \"option\"`",
    );
    has(
        &format!("{}:32", line("when = [{ of = \"d\", at_least")),
        "`at_least = 60` and `at_most = 50` exclude every value",
    );
    assert_eq!(ps.len(), 6, "{ps:#?}");

    let raw = format!(
        r#"{HEAD}
[[dimensions]]
id = "d"
name = "D"
weight = 2

[levels]
basis = "raw"

[[levels.bands]]
min = 1
max = 10
name = "All"

[[questions]]
id = "x"
kind = "scale"
min = 1
max = 5
weight = 3
dimension = "d"
text = "x"

[[questions]]
id = "y"
kind = "scale"
min = 0
max = 5
dimension = "d"
text = "y"
"#
    );
    let ps = problems(&raw);
    assert_eq!(ps.len(), 2, "{ps:#?}");
    assert!(
        ps.iter()
            .all(|p| p.contains("weights do not count in a raw sum"))
    );
}

#[test]
fn a_requirement_on_a_dimension_s_own_levels_and_a_bad_floor_are_refused() {
    let text = format!(
        r#"{HEAD}
[[dimensions]]
id = "d"
name = "D"

[[dimensions.levels]]
min = 0
max = 50
name = "Low"
requires = {{ at_least = 10 }}

[[dimensions.levels]]
min = 50
max = 90
name = "High"

[levels]
[[levels.bands]]
min = 0
max = 100
name = "One"
requires = {{ at_least = 120, dimensions = ["nope"] }}

[[questions]]
id = "x"
kind = "scale"
min = 1
max = 5
dimension = "d"
text = "x"
"#
    );
    let ps = problems(&text);
    let joined = ps.join("\n");
    assert!(
        joined.contains("`requires` applies to `[[levels.bands]]`"),
        "{joined}"
    );
    assert!(
        joined.contains("the last percent band must end at 100"),
        "{joined}"
    );
    assert!(
        joined.contains("`at_least` must be a percentage from 0 to 100, found 120"),
        "{joined}"
    );
}

// ---- over the real binary ----

fn scratch(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("tandem-defensible-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn cli_check_flags_an_answer_given_by_another_role_and_template_leaves_it_out() {
    let d = scratch("roles");
    let qf = d.join("q.toml");
    std::fs::write(&qf, format!("{HEAD}{ROLES}")).unwrap();
    let a = d.join("a.toml");
    std::fs::write(
        &a,
        "questionnaire = \"t\"\nversion = \"1\"\nrole = \"marketing\"\n\n[answers]\nall = 4\nquota = 2\n",
    )
    .unwrap();
    let r = common::run(common::tandem().arg("check").arg(&qf).arg(&a));
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let expected = format!(
        "{}:7:1: `quota` is asked only of sales but this respondent's role is `marketing`",
        a.display()
    );
    assert!(r.stderr.contains(&expected), "{}", r.stderr);
    // score leaves it out rather than failing.
    let r = common::run(
        common::tandem()
            .args(["score", "--format", "json", "-q"])
            .arg(&qf)
            .arg(&a),
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("\"skipped\": 2"), "{}", r.stdout);

    let t = common::run(common::tandem().args(["template", "-q"]).arg(&qf));
    assert!(t.stdout.contains("quota = \"\""), "{}", t.stdout);
    assert!(
        t.stdout
            .contains("# Only for: Sales (other roles leave it out)."),
        "{}",
        t.stdout
    );
    let t = common::run(
        common::tandem()
            .args(["template", "--role", "marketing", "-q"])
            .arg(&qf),
    );
    assert_eq!(t.code, Some(0), "{}", t.stderr);
    assert!(!t.stdout.contains("quota ="), "{}", t.stdout);
    assert!(t.stdout.contains("role = \"marketing\""), "{}", t.stdout);
    let t = common::run(
        common::tandem()
            .args(["template", "--role", "nobody", "-q"])
            .arg(&qf),
    );
    assert_eq!(t.code, Some(2), "{}", t.stderr);
    // Form exports: SurveyJS shows it only for sales; the CSV template says whom it is for.
    let e = common::run(
        common::tandem()
            .arg("export")
            .arg(&qf)
            .args(["--format", "surveyjs"]),
    );
    assert!(
        e.stdout
            .contains(r#""visibleIf": "{role} anyof ['sales']""#),
        "{}",
        e.stdout
    );
    let e = common::run(
        common::tandem()
            .arg("export")
            .arg(&qf)
            .args(["--format", "csv"]),
    );
    assert!(e.stdout.contains("Only for: Sales."), "{}", e.stdout);
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn cli_neutral_respondent_gets_no_confident_order_in_any_format() {
    let d = scratch("neutral");
    let qf = d.join("q.toml");
    std::fs::write(&qf, format!("{HEAD}{}", three_toml())).unwrap();
    let a = d.join("a.toml");
    std::fs::write(
        &a,
        "questionnaire = \"t\"\nversion = \"1\"\n\n[answers]\ns1 = 500\ns2 = 500\ns3 = 500\n",
    )
    .unwrap();
    let out = |fmt: &str| {
        let r = common::run(
            common::tandem()
                .args(["score", "--format", fmt, "-q"])
                .arg(&qf)
                .arg(&a),
        );
        assert_eq!(r.code, Some(0), "{fmt}: {}", r.stderr);
        r.stdout
    };
    let text = out("text");
    assert!(
        text.contains("The answers do not separate the causes"),
        "{text}"
    );
    assert!(text.contains("=1"), "{text}");
    assert!(out("markdown").contains("The answers do not separate the causes"));
    let html = out("html");
    assert!(html.contains("so none is marked"), "html caption");
    let json: serde_json::Value = serde_json::from_str(&out("json")).unwrap();
    assert_eq!(json["ranking"]["separated"], false);
    assert_eq!(json["ranking"]["tied_top"], 3);
    assert_eq!(json["causes"][0]["answers"], 1);
    let csv = out("csv");
    assert!(csv.starts_with("scope,role,dimension"), "{csv}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn cli_raw_sum_instruments_lead_with_the_raw_total_in_single_and_group_reports() {
    let r = common::run(common::tandem().args(["score", "examples/pulse-2026-q3.toml"]));
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stdout.contains("Raw total  "), "{}", r.stdout);
    let d = scratch("pulse");
    // The same answers under two roles: the group's mean raw total is theirs.
    for role in ["sales", "marketing"] {
        let text = std::fs::read_to_string("examples/pulse-2026-q3.toml").unwrap();
        let text = text.replace("role = \"leadership\"", &format!("role = \"{role}\""));
        std::fs::write(d.join(format!("{role}.toml")), text).unwrap();
    }
    let single: serde_json::Value = serde_json::from_str(
        &common::run(common::tandem().args([
            "score",
            "--format",
            "json",
            "examples/pulse-2026-q3.toml",
        ]))
        .stdout,
    )
    .unwrap();
    let raw = single["raw_total"].as_f64().unwrap();
    let g = common::run(common::tandem().args(["score", "--format", "json"]).arg(&d));
    assert_eq!(g.code, Some(0), "{}", g.stderr);
    let g: serde_json::Value = serde_json::from_str(&g.stdout).unwrap();
    assert_eq!(g["raw_total"].as_f64(), Some(raw));
    assert_eq!(g["people"][0]["raw_total"].as_f64(), Some(raw));
    assert_eq!(g["people"][0]["level"], single["level"]["name"]);
    let text = common::run(common::tandem().arg("score").arg(&d)).stdout;
    assert!(text.contains("Mean raw total"), "{text}");
    assert!(text.contains("Raw total"), "{text}");
    let _ = std::fs::remove_dir_all(&d);
}

/// The body of [`three`] without the shared head, for files.
fn three_toml() -> String {
    let t = r#"
[[dimensions]]
id = "d"
name = "D"

[[questions]]
id = "s1"
kind = "scale"
min = 0
max = 1000
dimension = "d"
text = "one"
evidence = { c1 = 1 }

[[questions]]
id = "s2"
kind = "scale"
min = 0
max = 1000
dimension = "d"
text = "two"
evidence = { c2 = 1 }

[[questions]]
id = "s3"
kind = "scale"
min = 0
max = 1000
dimension = "d"
text = "three"
evidence = { c3 = 1 }
"#;
    t.to_string()
}

#[test]
fn the_interview_skips_questions_for_other_roles() {
    use tandem::interview::scripted::{Scripted, Step};
    let q = q(&format!("{HEAD}{ROLES}"));
    let run = |role: &str, steps: Vec<Step>| {
        let mut p = Scripted::new(steps);
        let out = tandem::interview::run(&q, set(&q, Some(role), &[]), &mut p, &mut |_| Ok(()))
            .unwrap_or_else(|e| panic!("{e}\n{:#?}", p.transcript));
        let tandem::interview::Outcome::Completed(s) = out else {
            panic!("not completed: {:#?}", p.transcript)
        };
        (s, p.transcript)
    };
    // Marketing: only `all` is asked (`quota` is for sales, `follow` depends on it),
    // then "Finish" at the review.
    let (s, transcript) = run("marketing", vec![Step::Pick(4), Step::Pick(0)]);
    assert_eq!(s.answers.len(), 1, "{transcript:#?}");
    assert!(
        !transcript.iter().any(|l| l.contains("Sales only")),
        "{transcript:#?}"
    );
    assert!(
        transcript.iter().any(|l| l.contains("Question 1 of 1")),
        "{transcript:#?}"
    );
    // Sales: `quota` is asked too (and `follow`, a comment left blank).
    let (s, transcript) = run(
        "sales",
        vec![
            Step::Pick(4),
            Step::Pick(0),
            Step::Type(String::new()),
            Step::Pick(0),
        ],
    );
    assert_eq!(
        s.answers.get("quota"),
        Some(&Answer::Value(1)),
        "{transcript:#?}"
    );
}
