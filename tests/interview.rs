//! The interview flow through the scripted prompter: order, conditions, going back,
//! "don't know", five whys, saving after every answer, interruption and resuming.

use tandem::answers::{Answer, AnswerSet};
use tandem::interview::scripted::{Scripted, Step};
use tandem::interview::{self, Outcome};
use tandem::questionnaire::{self, Kind, Questionnaire};
use tandem::scoring;

fn builtin(name: &str) -> Questionnaire {
    questionnaire::builtin(name).unwrap().load().unwrap()
}

fn blank(q: &Questionnaire) -> AnswerSet {
    AnswerSet {
        questionnaire: q.id.to_string(),
        version: q.version.to_string(),
        respondent: Some("Test".into()),
        role: Some("sales".into()),
        date: Some("2026-11-22".into()),
        ..Default::default()
    }
}

/// Runs the interview and returns the outcome, every saved snapshot and the transcript.
fn interview(
    q: &Questionnaire,
    set: AnswerSet,
    steps: Vec<Step>,
) -> (Outcome, Vec<AnswerSet>, Scripted) {
    let mut p = Scripted::new(steps);
    let mut saves = Vec::new();
    let out = interview::run(q, set, &mut p, &mut |s: &AnswerSet| {
        saves.push(s.clone());
        Ok(())
    })
    .unwrap_or_else(|e| panic!("{e}\n{:#?}", p.transcript));
    (out, saves, p)
}

/// The steps that answer one question plainly (the first option, a scale's middle, the
/// first checklist item, a blank comment, a chain of three whys tagged with the first
/// cause) and the answer they give.
fn plain_answer(question: &tandem::questionnaire::Question) -> (Vec<Step>, Option<Answer>) {
    match &question.kind {
        Kind::Single { options } => (
            vec![Step::Pick(0)],
            Some(Answer::Choice(options[0].id.to_string())),
        ),
        Kind::Scale(sc) => {
            let mid = ((sc.max - sc.min) / 2) as usize;
            (
                vec![Step::Pick(mid)],
                Some(Answer::Value(sc.min + mid as i64)),
            )
        }
        Kind::Multi { options } => (
            vec![Step::Tick(vec![0])],
            Some(Answer::Choices(vec![options[0].id.to_string()])),
        ),
        Kind::Text => (vec![Step::Enter], None),
        Kind::FiveWhys { .. } => (
            vec![
                Step::Type("Leads go unanswered".into()),
                Step::Type("Sales thinks they are poor".into()),
                Step::Type("Nobody defined a good lead".into()),
                Step::Type("Each team has its own targets".into()),
                Step::Type(String::new()),
                Step::Pick(0),
                Step::Yes,
            ],
            Some(Answer::Chain(Default::default())),
        ),
    }
}

/// Steps that answer the questions `range` of `q` plainly, following conditions on
/// the answers in `sim` (which it extends).
fn plain_steps(
    q: &Questionnaire,
    range: std::ops::Range<usize>,
    sim: &mut std::collections::BTreeMap<String, Answer>,
) -> Vec<Step> {
    let mut steps = Vec::new();
    for i in range {
        if !scoring::is_asked(q, i, sim) {
            continue;
        }
        let (s, a) = plain_answer(&q.questions[i]);
        steps.extend(s);
        if let Some(a) = a {
            sim.insert(q.questions[i].id.to_string(), a);
        }
    }
    steps
}

/// Every question answered plainly, then "Finish" at the review.
fn all_defaults(q: &Questionnaire) -> Vec<Step> {
    let mut steps = plain_steps(q, 0..q.questions.len(), &mut Default::default());
    steps.push(Step::Enter);
    steps
}

/// The questions `range` answered plainly, then "Finish" at the review.
fn rest(q: &Questionnaire, range: std::ops::Range<usize>, before: &AnswerSet) -> Vec<Step> {
    let mut sim = before.answers.clone();
    let mut steps = plain_steps(q, range, &mut sim);
    steps.push(Step::Enter);
    steps
}

#[test]
fn pulse_with_defaults_completes_and_saves_after_every_answer() {
    let q = builtin("pulse");
    let (out, saves, p) = interview(&q, blank(&q), all_defaults(&q));
    let Outcome::Completed(set) = out else {
        panic!("not completed")
    };
    assert!(set.complete);
    assert_eq!(set.answers.len(), q.questions.len());
    assert!(set.answers.values().all(|a| *a == Answer::Value(3)));
    // One save per answer, each with one more answer, then the final one marked complete.
    assert_eq!(saves.len(), q.questions.len() + 1);
    for (i, s) in saves.iter().take(q.questions.len()).enumerate() {
        assert_eq!(s.answers.len(), i + 1);
        assert!(!s.complete);
    }
    assert!(saves.last().unwrap().complete);
    assert!(
        p.transcript
            .iter()
            .any(|t| t.starts_with("Question 1 of 10"))
    );
    assert!(
        p.transcript
            .iter()
            .any(|t| t.starts_with("Question 10 of 10"))
    );
    assert!(
        p.transcript
            .iter()
            .any(|t| t.starts_with("── Section 1 of ") && t.contains(": Buyer-led alignment ──"))
    );
    assert_eq!(p.remaining(), 0);
}

#[test]
fn the_whole_default_interview_completes_with_every_kind_of_question() {
    let q = builtin("alignment");
    let (out, _, p) = interview(&q, blank(&q), all_defaults(&q));
    let Outcome::Completed(set) = out else {
        panic!("not completed")
    };
    let s = scoring::score(&q, &set);
    assert!(s.is_complete(), "{:?}", s.status);
    let chain = set
        .answers
        .values()
        .find_map(|a| match a {
            Answer::Chain(c) => Some(c.clone()),
            _ => None,
        })
        .expect("a five-whys chain");
    assert_eq!(chain.whys.len(), 3, "stopping after three whys is allowed");
    assert!(chain.cause.is_some());
    // The read-back runs from the root up to the symptom.
    let rb = p
        .transcript
        .iter()
        .find(|t| t.starts_with("Read back"))
        .unwrap();
    assert!(
        rb.contains("  Each team has its own targets\n  therefore Nobody defined a good lead\n")
    );
    assert!(rb.contains("therefore Leads go unanswered"));
    // The weakest area so far is offered before the symptom is asked.
    assert!(
        p.transcript
            .iter()
            .any(|t| t.starts_with("(note) Your weakest area so far is"))
    );
}

#[test]
fn going_back_reasks_the_previous_question_with_its_answer_and_returns() {
    let q = builtin("pulse");
    let mut steps = vec![
        Step::Pick(4), // q1 = 5
        Step::Pick(0), // q2 = 1
        Step::Back,    // at q3: back to q2
        Step::Enter,   // q2 keeps its answer (1), chosen already
        Step::Back,    // at q3 again: back to q2
        Step::Back,    // at q2: back to q1
        Step::Pick(1), // q1 = 2
    ];
    // Then forward goes to the first unanswered question, q3.
    steps.extend(rest(&q, 2..q.questions.len(), &blank(&q)));
    let (out, _, p) = interview(&q, blank(&q), steps);
    let Outcome::Completed(set) = out else {
        panic!()
    };
    assert_eq!(set.answers[q.questions[0].id.as_str()], Answer::Value(2));
    assert_eq!(set.answers[q.questions[1].id.as_str()], Answer::Value(1));
    let asked: Vec<&String> = p
        .transcript
        .iter()
        .filter(|t| t.starts_with("Question "))
        .collect();
    let numbers: Vec<&str> = asked
        .iter()
        .map(|t| t.split(" of ").next().unwrap())
        .collect();
    assert_eq!(
        &numbers[..6],
        &[
            "Question 1",
            "Question 2",
            "Question 3",
            "Question 2",
            "Question 3",
            "Question 2"
        ]
    );
    assert_eq!(numbers[6], "Question 1");
    assert_eq!(numbers[7], "Question 3");
}

#[test]
fn back_at_the_first_question_says_so_and_asks_again() {
    let q = builtin("pulse");
    let mut steps = vec![Step::Back];
    steps.extend(all_defaults(&q));
    let (out, _, p) = interview(&q, blank(&q), steps);
    assert!(matches!(out, Outcome::Completed(_)));
    assert!(
        p.transcript
            .iter()
            .any(|t| t.contains("nothing to go back to"))
    );
}

#[test]
fn conditional_questions_are_skipped_and_changed_answers_prune_them() {
    let q = builtin("alignment");
    let agreement = q.question_index("leads-agreement").unwrap();
    let kept = q.question_index("leads-agreement-kept").unwrap();
    assert_eq!(kept, agreement + 1);
    // Up to the agreement question with defaults, then "yes", then the kept question is asked.
    let mut steps: Vec<Step> = plain_steps(&q, 0..agreement, &mut Default::default());
    steps.push(Step::PickText("Yes, written".into()));
    steps.push(Step::PickText("Rarely".into()));
    steps.push(Step::Interrupt);
    let (out, saves, _) = interview(&q, blank(&q), steps);
    let Outcome::Interrupted(set) = out else {
        panic!()
    };
    assert_eq!(
        set.answers["leads-agreement-kept"],
        Answer::Choice("rarely".into())
    );
    assert_eq!(
        saves.last().unwrap(),
        &set,
        "the interrupted state was saved"
    );

    // Resume, go back twice to the agreement question, answer "no": the kept answer goes
    // and the kept question is no longer asked.
    let steps = vec![
        Step::Back,
        Step::Back,
        Step::PickText("No".into()),
        Step::Interrupt,
    ];
    let (out, _, p) = interview(&q, set, steps);
    let Outcome::Interrupted(set) = out else {
        panic!()
    };
    assert_eq!(set.answers["leads-agreement"], Answer::Choice("no".into()));
    assert!(!set.answers.contains_key("leads-agreement-kept"));
    assert!(p.transcript.iter().any(|t| t.starts_with("Resuming: ")));
    let s = scoring::score(&q, &set);
    assert_eq!(s.status[kept], scoring::Status::Skipped);
}

#[test]
fn interrupt_then_resume_loses_nothing_and_matches_an_uninterrupted_run() {
    let q = builtin("alignment");
    let full = all_defaults(&q);
    let (Outcome::Completed(straight), _, _) = interview(&q, blank(&q), full.clone()) else {
        panic!()
    };
    for cut in [0, 1, 7, 20, q.questions.len() - 2] {
        let mut first: Vec<Step> = full[..cut].to_vec();
        first.push(Step::Interrupt);
        let (Outcome::Interrupted(partial), saves, _) = interview(&q, blank(&q), first) else {
            panic!()
        };
        assert_eq!(partial.answers.len(), cut);
        assert!(!partial.complete);
        if cut > 0 {
            assert_eq!(saves.last().unwrap(), &partial);
        }
        let (Outcome::Completed(done), _, _) = interview(&q, partial, full[cut..].to_vec()) else {
            panic!()
        };
        assert_eq!(done, straight, "cut at {cut}");
    }
}

#[test]
fn dont_know_is_offered_where_allowed_and_recorded() {
    let q = builtin("pulse");
    let question = &q.questions[0];
    assert!(question.dont_know);
    let mut steps = vec![Step::PickText("Don't know".into())];
    steps.extend(rest(&q, 1..q.questions.len(), &blank(&q)));
    let (Outcome::Completed(set), _, _) = interview(&q, blank(&q), steps) else {
        panic!()
    };
    assert_eq!(set.answers[question.id.as_str()], Answer::DontKnow);
    let s = scoring::score(&q, &set);
    assert_eq!(s.status[0], scoring::Status::DontKnow);
    assert!(s.is_complete());
}

#[test]
fn five_whys_chain_can_be_redone_and_stepped_back() {
    let q = builtin("alignment");
    let fw = q
        .questions
        .iter()
        .position(|x| matches!(x.kind, Kind::FiveWhys { .. }))
        .unwrap();
    let mut sim = Default::default();
    let mut steps: Vec<Step> = plain_steps(&q, 0..fw, &mut sim);
    steps.extend([
        Step::Type("Deals stall".into()),
        Step::Type("why one".into()),
        Step::Type("<".into()), // back one why
        Step::Type("why one again".into()),
        Step::Type("why two".into()),
        Step::Type("why three".into()),
        Step::Type("why four".into()),
        Step::Type("why five".into()), // the fifth is the last: no further prompt
        Step::PickText("Other".into()),
        Step::No,    // not right: go again with everything filled in
        Step::Enter, // symptom
        Step::Enter, // why 1
        Step::Enter,
        Step::Enter,
        Step::Enter,               // why 4
        Step::Type(String::new()), // stop after four this time
        Step::Pick(0),
        Step::Yes,
    ]);
    let mut after = plain_steps(&q, fw + 1..q.questions.len(), &mut sim);
    after.push(Step::Enter);
    steps.extend(after);
    let (Outcome::Completed(set), _, _) = interview(&q, blank(&q), steps) else {
        panic!()
    };
    let Answer::Chain(c) = &set.answers[q.questions[fw].id.as_str()] else {
        panic!()
    };
    assert_eq!(c.symptom, "Deals stall");
    assert_eq!(
        c.whys,
        vec!["why one again", "why two", "why three", "why four"]
    );
    assert_eq!(c.cause.as_deref(), Some(q.causes[0].id.as_str()));
}

#[test]
fn option_help_is_shown_with_the_question() {
    let q = builtin("alignment");
    let (_, _, p) = interview(&q, blank(&q), vec![Step::Interrupt]);
    let header = p
        .transcript
        .iter()
        .find(|t| t.starts_with("(note) ") && t.contains("· "))
        .unwrap();
    // The ladder's options explain themselves in the rubric; the respondent sees it.
    let first = &q.questions[0].kind.options()[0];
    assert!(!first.help.is_empty());
    assert!(
        header.contains(&format!("· {}: {}", first.label, first.help)),
        "{header}"
    );
}

fn five_whys_index(q: &Questionnaire) -> usize {
    q.questions
        .iter()
        .position(|x| matches!(x.kind, Kind::FiveWhys { .. }))
        .unwrap()
}

#[test]
fn a_scale_starts_with_nothing_chosen_so_enter_alone_answers_nothing() {
    let q = builtin("pulse");
    let mut p = Scripted::new([Step::Enter]);
    let r = interview::run(&q, blank(&q), &mut p, &mut |_: &AnswerSet| Ok(()));
    let e = r
        .expect_err("Enter with nothing chosen is no answer")
        .to_string();
    assert!(e.contains("Enter does not fit"), "{e}");
}

#[test]
fn progress_shows_the_section_and_the_time_left() {
    let q = builtin("alignment");
    let (_, _, p) = interview(&q, blank(&q), vec![Step::Interrupt]);
    let first = p
        .transcript
        .iter()
        .find(|t| t.starts_with("Question 1 of"))
        .unwrap();
    assert!(first.contains(" min left"), "{first}");
    let mut sim = Default::default();
    let steps = plain_steps(&q, 0..q.questions.len(), &mut sim);
    let (_, _, p) = interview(&q, blank(&q), [steps, vec![Step::Interrupt]].concat());
    let sectioned: Vec<&String> = p
        .transcript
        .iter()
        .filter(|t| t.starts_with("Question ") && t.contains(" · section "))
        .collect();
    assert!(!sectioned.is_empty());
    let last = p
        .transcript
        .iter()
        .rfind(|t| t.starts_with("Question "))
        .unwrap();
    let minutes = |t: &str| -> usize {
        t.rsplit(" · about ")
            .next()
            .and_then(|m| m.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(1)
    };
    assert!(minutes(last) < minutes(first), "{first} / {last}");
}

#[test]
fn the_review_lists_every_answer_and_changes_one_there() {
    let q = builtin("pulse");
    let mut steps = plain_steps(&q, 0..q.questions.len(), &mut Default::default());
    // At the review: change question 4 (item 4: item 0 is "Finish"), then finish.
    steps.extend([Step::Pick(4), Step::Pick(0), Step::Enter]);
    let (Outcome::Completed(set), saves, p) = interview(&q, blank(&q), steps) else {
        panic!()
    };
    assert_eq!(set.answers[q.questions[3].id.as_str()], Answer::Value(1));
    assert_eq!(set.answers[q.questions[2].id.as_str()], Answer::Value(3));
    assert_eq!(p.remaining(), 0);
    // Reviewed twice; every answer listed by number.
    let reviews = p
        .transcript
        .iter()
        .filter(|t| t.starts_with("Review: "))
        .count();
    assert_eq!(reviews, 2);
    assert!(saves.last().unwrap().complete);
    assert_eq!(saves.len(), q.questions.len() + 2, "the change was saved");
}

#[test]
fn an_empty_checklist_asks_once_whether_none_apply() {
    let q = builtin("alignment");
    let mi = q
        .questions
        .iter()
        .position(|x| matches!(x.kind, Kind::Multi { .. }))
        .unwrap();
    let mut sim = Default::default();
    let mut steps = plain_steps(&q, 0..mi, &mut sim);
    steps.extend([
        Step::Tick(vec![]),
        Step::No, // not "none": the list again
        Step::Tick(vec![]),
        Step::Yes, // none apply
        Step::Back,
        // Back at the checklist answered "none": Enter keeps it without asking again.
        Step::Enter,
        Step::Interrupt,
    ]);
    let (Outcome::Interrupted(set), _, p) = interview(&q, blank(&q), steps) else {
        panic!()
    };
    assert_eq!(
        set.answers[q.questions[mi].id.as_str()],
        Answer::Choices(vec![])
    );
    let asked = p
        .transcript
        .iter()
        .filter(|t| t.contains("none of these apply?"))
        .count();
    assert_eq!(
        asked, 2,
        "once per empty confirmation, not again once answered"
    );
}

#[test]
fn the_five_whys_are_saved_step_by_step_and_resumed_filled_in() {
    let q = builtin("alignment");
    let fw = five_whys_index(&q);
    let mut sim = Default::default();
    let mut steps = plain_steps(&q, 0..fw, &mut sim);
    steps.extend([
        Step::Type("Deals stall".into()),
        Step::Type("why one".into()),
        Step::Type("why two".into()),
        Step::Interrupt,
    ]);
    let (Outcome::Interrupted(set), saves, _) = interview(&q, blank(&q), steps) else {
        panic!()
    };
    let Answer::Chain(c) = &saves.last().unwrap().answers[q.questions[fw].id.as_str()] else {
        panic!()
    };
    assert_eq!(c.symptom, "Deals stall");
    assert_eq!(c.whys, vec!["why one", "why two"]);
    assert_eq!(c.cause, None);
    // Resumed at the chain (after the comments left blank before it, which are asked
    // again), with what was typed filled in.
    let first = interview::first_unanswered(&q, &set).unwrap();
    assert!(first <= fw);
    assert!(
        (first..fw).all(|i| matches!(q.questions[i].kind, Kind::Text)
            || set.answers.contains_key(q.questions[i].id.as_str()))
    );
    let mut steps: Vec<Step> = (first..fw)
        .filter(|&i| matches!(q.questions[i].kind, Kind::Text))
        .map(|_| Step::Enter)
        .collect();
    steps.extend([
        Step::Enter,
        Step::Enter,
        Step::Enter,
        Step::Type("why three".into()),
        Step::Type(String::new()),
        Step::Pick(0),
        Step::Yes,
        Step::Interrupt,
    ]);
    let (Outcome::Interrupted(set), _, _) = interview(&q, set, steps) else {
        panic!()
    };
    let Answer::Chain(c) = &set.answers[q.questions[fw].id.as_str()] else {
        panic!()
    };
    assert_eq!(c.whys, vec!["why one", "why two", "why three"]);
    assert!(c.cause.is_some());
}

#[test]
fn going_back_inside_the_five_whys_keeps_every_field() {
    let q = builtin("alignment");
    let fw = five_whys_index(&q);
    let mut sim = Default::default();
    let mut steps = plain_steps(&q, 0..fw, &mut sim);
    steps.extend([
        Step::Type("Deals stall".into()),
        Step::Type("why one".into()),
        Step::Type("why two".into()),
        Step::Type("<".into()), // at why 3: back to why 2, which keeps its text
        Step::Enter,            // why 2 kept
        Step::Back,             // Esc at why 3: back to why 2 again
        Step::Back,             // and to why 1
        Step::Enter,            // why 1 kept
        Step::Enter,            // why 2 kept
        Step::Type("why three".into()),
        Step::Type(String::new()),
        Step::Back, // Esc at the cause list: back to the last why prompt
        Step::Type(String::new()),
        Step::Pick(1),
        Step::Back,  // Esc at "Is this chain right?": back to the cause list
        Step::Enter, // the cause chosen is kept
        Step::Yes,
        Step::Interrupt,
    ]);
    let (Outcome::Interrupted(set), _, p) = interview(&q, blank(&q), steps) else {
        panic!("{:#?}", ())
    };
    let Answer::Chain(c) = &set.answers[q.questions[fw].id.as_str()] else {
        panic!("{:#?}", p.transcript)
    };
    assert_eq!(c.symptom, "Deals stall");
    assert_eq!(c.whys, vec!["why one", "why two", "why three"]);
    assert_eq!(c.cause.as_deref(), Some(q.causes[1].id.as_str()));
}

fn checklist() -> Questionnaire {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/checklist.toml");
    questionnaire::resolve(path).unwrap().1
}

/// Runs `steps` on the checklist questionnaire as `role`, asking what `opts` says.
fn run_checklist(
    role: &str,
    opts: &interview::Options,
    steps: Vec<Step>,
) -> (Result<Outcome, String>, Vec<AnswerSet>, Scripted) {
    let q = checklist();
    let mut set = blank(&q);
    set.role = Some(role.into());
    let mut p = Scripted::new(steps);
    let mut saves = Vec::new();
    let out = interview::run_with(&q, set, opts, &mut p, &mut |s: &AnswerSet| {
        saves.push(s.clone());
        Ok(())
    })
    .map_err(|e| e.to_string());
    (out, saves, p)
}

#[test]
fn dont_know_ticked_with_other_items_is_never_saved_with_them() {
    let opts = interview::Options::default();
    // Items 1, 3 and "Don't know" (index 9) confirmed together: the respondent says
    // which is the answer, and exactly that is saved.
    let ticks = Step::Tick(vec![0, 2, 9]);
    let (out, saves, p) = run_checklist(
        "marketing",
        &opts,
        vec![
            ticks.clone(),
            Step::PickText("What I ticked".into()),
            Step::Interrupt,
        ],
    );
    assert!(
        matches!(out, Ok(Outcome::Interrupted(_))),
        "{:#?}",
        p.transcript
    );
    assert_eq!(
        saves.last().unwrap().answers["reasons"],
        Answer::Choices(vec!["r1".into(), "r3".into()])
    );
    assert!(
        p.transcript
            .iter()
            .any(|t| t.contains("cannot go with ticked items")),
        "{:#?}",
        p.transcript
    );
    let (_, saves, _) = run_checklist(
        "marketing",
        &opts,
        vec![
            ticks.clone(),
            Step::PickText("Don't know".into()),
            Step::Interrupt,
        ],
    );
    assert_eq!(saves.last().unwrap().answers["reasons"], Answer::DontKnow);
    // Esc at that choice: back to the list as it was, nothing saved yet.
    let (_, saves, p) = run_checklist("marketing", &opts, vec![ticks, Step::Back, Step::Interrupt]);
    assert!(saves.iter().all(|s| !s.answers.contains_key("reasons")));
    let lists = p
        .transcript
        .iter()
        .filter(|t| t.starts_with("? Which of these reasons"))
        .count();
    assert_eq!(lists, 2, "{:#?}", p.transcript);
}

#[test]
fn the_root_cause_list_starts_with_nothing_chosen() {
    let opts = interview::Options::default();
    let chain = vec![
        Step::Tick(vec![0]),
        Step::Type("Leads go unanswered".into()),
        Step::Type("a".into()),
        Step::Type("b".into()),
        Step::Type("c".into()),
        Step::Type(String::new()),
    ];
    // Enter alone at the cause list chooses nothing (the scripted prompter refuses it,
    // as a terminal does): no cause is tagged for the respondent.
    let (out, saves, _) = run_checklist(
        "marketing",
        &opts,
        [chain.clone(), vec![Step::Enter]].concat(),
    );
    let e = out.expect_err("Enter with nothing chosen is no answer");
    assert!(e.contains("Enter does not fit"), "{e}");
    let Answer::Chain(c) = &saves.last().unwrap().answers["why"] else {
        panic!()
    };
    assert_eq!(c.cause, None);
    // The cause the answers point to is named, not chosen.
    let (_, _, p) = run_checklist("marketing", &opts, [chain, vec![Step::Interrupt]].concat());
    assert!(
        p.transcript
            .iter()
            .any(|t| t.contains("Your answers so far point most to: Rivalry.")),
        "{:#?}",
        p.transcript
    );
}

#[test]
fn the_name_and_role_can_be_gone_back_to_and_changed_at_the_review() {
    let opts = interview::Options {
        ask_name: true,
        ask_role: true,
        welcome: vec!["Welcome".into()],
    };
    let (out, saves, p) = run_checklist(
        "marketing",
        &opts,
        vec![
            Step::Back,                     // at the first question: to the role
            Step::Back,                     // at the role: to the name
            Step::Type("Pat Jones".into()), // the name changed
            Step::Enter,                    // the role kept (it starts on marketing)
            Step::Tick(vec![1]),            // the checklist
            Step::Type("x".into()),         // the five whys
            Step::Type("y".into()),
            Step::Type("z".into()),
            Step::Type("w".into()),
            Step::Type(String::new()),
            Step::Pick(1),
            Step::Yes,
            Step::PickText("Your role".into()), // at the review: change the role
            Step::PickText("Sales".into()),
            Step::Pick(2), // the question only sales is asked
            Step::Pick(0), // finish
        ],
    );
    let Ok(Outcome::Completed(set)) = out else {
        panic!("{out:?}\n{:#?}", p.transcript)
    };
    assert_eq!(p.remaining(), 0);
    assert_eq!(set.respondent.as_deref(), Some("Pat Jones"));
    assert_eq!(set.role.as_deref(), Some("sales"));
    assert_eq!(set.answers["quota"], Answer::Value(3));
    assert_eq!(set.answers["reasons"], Answer::Choices(vec!["r2".into()]));
    // Each change was saved as it was made.
    assert!(
        saves
            .iter()
            .any(|s| s.respondent.as_deref() == Some("Pat Jones") && s.answers.is_empty())
    );
    // The welcome is said on the first page, once.
    assert_eq!(p.transcript.iter().filter(|t| *t == "Welcome").count(), 1);
    assert!(p.transcript.iter().any(|t| t.starts_with("? Your name")));
}

#[test]
fn a_change_of_role_that_drops_answers_is_confirmed_first() {
    let opts = interview::Options {
        ask_name: false,
        ask_role: true,
        welcome: vec![],
    };
    let (out, _, p) = run_checklist(
        "sales",
        &opts,
        vec![
            Step::Tick(vec![0]),
            Step::Pick(4), // quota: 5
            Step::Back,    // at the five whys: back to quota
            Step::Back,    // back to the checklist
            Step::Back,    // back to the role
            Step::PickText("Marketing".into()),
            Step::No, // keep sales after all: the quota answer stays
            Step::PickText("Marketing".into()),
            Step::Yes, // now marketing: the quota answer goes
            Step::Interrupt,
        ],
    );
    let Ok(Outcome::Interrupted(set)) = out else {
        panic!("{out:?}\n{:#?}", p.transcript)
    };
    let asked = p
        .transcript
        .iter()
        .filter(|t| t.contains("1 of your answers would be removed"))
        .count();
    assert_eq!(asked, 2, "{:#?}", p.transcript);
    assert_eq!(set.role.as_deref(), Some("marketing"));
    assert!(!set.answers.contains_key("quota"));
    assert!(set.answers.contains_key("reasons"));
}

#[test]
fn before_the_file_the_role_goes_back_to_the_name_with_it_kept() {
    let q = checklist();
    let opts = interview::Options {
        ask_name: true,
        ask_role: true,
        welcome: vec![],
    };
    let mut set = blank(&q);
    set.respondent = None;
    set.role = None;
    let mut p = Scripted::new([
        Step::Back, // at the name: nothing before it, asked again
        Step::Type("Dana".into()),
        Step::Back,  // at the role: back to the name
        Step::Enter, // the name kept
        Step::PickText("Marketing".into()),
    ]);
    assert!(interview::who(&q, &mut set, &opts, &mut p).unwrap());
    assert_eq!(set.respondent.as_deref(), Some("Dana"));
    assert_eq!(set.role.as_deref(), Some("marketing"));
    assert_eq!(p.remaining(), 0);
    assert!(
        p.transcript
            .iter()
            .any(|t| t.starts_with("This is the first question"))
    );
    // Ctrl-C there: no set, nothing to save.
    let mut p = Scripted::new([Step::Interrupt]);
    assert!(!interview::who(&q, &mut set, &opts, &mut p).unwrap());
}
