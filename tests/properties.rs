//! Property tests: any valid answer set scores within range; the loaders never panic on
//! any text; writing an answer set and reading it back gives the same answers.

use proptest::prelude::*;
use tandem::answers::{self, Answer, AnswerSet, Chain};
use tandem::questionnaire::{self, Kind, Questionnaire};
use tandem::scoring;
use tandem::tomlfile::SourceText;

fn builtin(name: &str) -> Questionnaire {
    questionnaire::builtin(name).unwrap().load().unwrap()
}

/// A strategy for one possible answer (or none) to question `qi`.
fn answer_for(q: &Questionnaire, qi: usize) -> BoxedStrategy<Option<Answer>> {
    let question = q.questions[qi].clone();
    let dk = question.dont_know;
    let causes: Vec<String> = q
        .causes
        .iter()
        .map(|c| c.id.to_string())
        .chain(["other".to_string()])
        .collect();
    let real: BoxedStrategy<Answer> = match &question.kind {
        Kind::Single { options } => {
            let ids: Vec<String> = options.iter().map(|o| o.id.to_string()).collect();
            proptest::sample::select(ids)
                .prop_map(Answer::Choice)
                .boxed()
        }
        Kind::Multi { options } => {
            let ids: Vec<String> = options.iter().map(|o| o.id.to_string()).collect();
            proptest::sample::subsequence(ids.clone(), 0..=ids.len())
                .prop_map(Answer::Choices)
                .boxed()
        }
        Kind::Scale(s) => (s.min..=s.max).prop_map(Answer::Value).boxed(),
        Kind::Text => "[^\\s\u{0}][^\u{0}]{0,39}".prop_map(Answer::Text).boxed(),
        Kind::FiveWhys { max_whys, .. } => (
            "[a-z][a-z ]{0,20}",
            proptest::collection::vec("[a-z][a-z ]{0,20}", 0..=*max_whys),
            proptest::option::of(proptest::sample::select(causes)),
        )
            .prop_map(|(symptom, whys, cause)| {
                Answer::Chain(Chain {
                    symptom,
                    whys,
                    cause,
                })
            })
            .boxed(),
    };
    let with_dk: BoxedStrategy<Answer> = if dk {
        prop_oneof![4 => real, 1 => Just(Answer::DontKnow)].boxed()
    } else {
        real
    };
    proptest::option::weighted(0.85, with_dk).boxed()
}

fn answer_set(q: Questionnaire) -> impl Strategy<Value = (Questionnaire, AnswerSet)> {
    let per: Vec<BoxedStrategy<Option<Answer>>> =
        (0..q.questions.len()).map(|i| answer_for(&q, i)).collect();
    per.prop_map(move |answers| {
        let set = AnswerSet {
            questionnaire: q.id.to_string(),
            version: q.version.to_string(),
            respondent: Some("P".into()),
            role: Some("sales".into()),
            date: Some("2026-01-31".into()),
            complete: true,
            answers: q
                .questions
                .iter()
                .zip(answers)
                .filter_map(|(question, a)| a.map(|a| (question.id.to_string(), a)))
                .collect(),
        };
        (q.clone(), set)
    })
}

fn any_builtin() -> impl Strategy<Value = (Questionnaire, AnswerSet)> {
    prop_oneof![
        answer_set(builtin("alignment")),
        answer_set(builtin("pulse"))
    ]
}

fn in_range(v: Option<f64>) -> bool {
    v.is_none_or(|v| (0.0..=100.0).contains(&v))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_valid_answer_set_scores_within_range((q, set) in any_builtin()) {
        let s = scoring::score(&q, &set);
        prop_assert!(in_range(s.overall));
        prop_assert!(s.dimensions.iter().all(|d| in_range(*d)));
        prop_assert!(s.normalised.iter().flatten().all(|n| (0.0..=1.0).contains(n)));
        prop_assert!(s.causes.iter().all(|c| in_range(c.severity) && c.received <= c.possible + 1e-9));
        let sev: Vec<f64> = s.ranking.iter().map(|&c| s.causes[c].severity.unwrap()).collect();
        prop_assert!(sev.windows(2).all(|w| w[0] >= w[1] - 1e-9));
        if let Some(levels) = &q.levels {
            if let Some(raw) = s.raw {
                prop_assert!(raw >= levels.bands[0].min && raw <= levels.bands.last().unwrap().max);
            }
            prop_assert_eq!(s.level.is_some(), s.overall.is_some() || s.raw.is_some());
        }
        // The report builds and renders in every format without failing.
        let rep = tandem::render::Document {
            report: tandem::report::Report::Single(Box::new(tandem::report::single(&q, &set, &s, "f"))),
            gates: None,
        };
        for f in [tandem::render::Format::Text, tandem::render::Format::Markdown, tandem::render::Format::Json] {
            prop_assert!(tandem::render::renderer(f, Default::default()).render(&rep).is_ok());
        }
        // Text written in pieces as it is made is the text made whole, and a writer that
        // fails part way is reported, not ignored.
        let text = tandem::render::renderer(tandem::render::Format::Text, Default::default());
        let whole = text.render(&rep).unwrap();
        let mut streamed = Vec::new();
        text.render_to(&rep, &mut streamed).unwrap();
        prop_assert_eq!(String::from_utf8(streamed).unwrap(), whole.as_str());
        let mut short = [0u8; 4096];
        let failed = text.render_to(&rep, &mut &mut short[..]);
        prop_assert_eq!(failed.is_err(), whole.len() > short.len());
    }

    #[test]
    fn answers_survive_a_write_and_read_back((q, set) in any_builtin()) {
        let text = answers::to_toml(&q, &set, false);
        let src = SourceText::new("rt.toml", text);
        let back = answers::load(&src, &q).map_err(|e| TestCaseError::fail(format!("{e}\n{}", src.text)))?;
        // Blank-looking text and chains read back trimmed; compare on what scoring sees.
        prop_assert_eq!(scoring::score(&q, &back), scoring::score(&q, &set));
    }

    #[test]
    fn questionnaire_loader_never_panics_on_any_text(text in "\\PC{0,400}") {
        let _ = questionnaire::check_source(&SourceText::new("x", text));
    }

    #[test]
    fn answers_loader_never_panics_on_any_text(text in "\\PC{0,400}") {
        let q = builtin("alignment");
        let src = SourceText::new("x", text);
        let _ = answers::load(&src, &q);
    }

    /// Real files with random damage: deleting a span or inserting TOML punctuation reaches
    /// the validator's corners far more often than random text does.
    #[test]
    fn loaders_never_panic_on_damaged_real_files(
        which in 0usize..3,
        cut in any::<proptest::sample::Index>(),
        len in 0usize..40,
        insert in "[\\[\\]{}=,\"'#.\n a-z0-9-]{0,8}",
    ) {
        let texts = [
            questionnaire::BUILTINS[0].text,
            questionnaire::BUILTINS[1].text,
            include_str!("../examples/cmo-self-assessment.toml"),
        ];
        let t = texts[which];
        let mut at = cut.index(t.len());
        while !t.is_char_boundary(at) { at -= 1; }
        let mut end = (at + len).min(t.len());
        while !t.is_char_boundary(end) { end -= 1; }
        let damaged = format!("{}{}{}", &t[..at], insert, &t[end..]);
        let src = SourceText::new("d", damaged);
        let (_, problems) = questionnaire::check_source(&src);
        // Every problem names the file and, when positioned, a line inside it.
        let lines = src.text.lines().count().max(1) + 1;
        prop_assert!(problems.iter().all(|p| p.file == "d" && p.position.is_none_or(|(l, c)| l >= 1 && l <= lines && c >= 1)));
        let _ = answers::load(&src, &builtin("alignment"));
    }
}
