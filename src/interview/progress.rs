//! Where the respondent is: "Question 7 of 34 · section 2 of 6 · about 9 min left", the
//! sections, and how answers read in the review.

use crate::answers::{Answer, AnswerSet};
use crate::questionnaire::{Kind, Questionnaire};
use crate::sanitize::plain;
use crate::scoring;

/// Question `i` still needs an answer: none yet, or a chain saved part way.
pub(super) fn pending(q: &Questionnaire, set: &AnswerSet, i: usize) -> bool {
    match set.answers.get(q.questions[i].id.as_str()) {
        None => true,
        Some(Answer::Chain(c)) => c.cause.is_none(),
        Some(_) => false,
    }
}

/// The dimensions in the order their questions first appear: the sections.
pub(super) fn sections(q: &Questionnaire) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for d in q.questions.iter().filter_map(|x| x.dimension) {
        if !out.contains(&d) {
            out.push(d);
        }
    }
    out
}

/// Questions that count towards the total: asked, or with a condition still open (on a
/// later question or an unanswered one).
fn may_be_asked(q: &Questionnaire, qi: usize, i: usize, set: &AnswerSet) -> bool {
    let role = set.role.as_deref();
    scoring::asked(q, i, set)
        || q.questions[i].for_role(role)
            && q.questions[i].ask_if.as_ref().is_some_and(|c| {
                // A condition on a question this role is never asked cannot open.
                q.questions[c.question].for_role(role)
                    && (c.question >= qi
                        || !set
                            .answers
                            .contains_key(q.questions[c.question].id.as_str()))
            })
}

/// "Question 7 of 34": the position among the questions asked, and the total that will
/// be asked if every condition that is still open turns out to hold.
pub fn position(q: &Questionnaire, qi: usize, set: &AnswerSet) -> (usize, usize) {
    let pos = (0..=qi).filter(|&i| scoring::asked(q, i, set)).count();
    let total = (0..q.questions.len())
        .filter(|&i| may_be_asked(q, qi, i, set))
        .count();
    (pos, total.max(pos))
}

/// A typical answering time per kind of question, for the estimate of the time left.
fn seconds(kind: &Kind) -> usize {
    match kind {
        Kind::Single { .. } => 12,
        Kind::Scale(_) => 10,
        Kind::Multi { .. } => 25,
        Kind::Text => 45,
        Kind::FiveWhys { .. } => 180,
    }
}

/// "Question 7 of 34 · section 2 of 6 · about 9 min left".
pub fn progress(q: &Questionnaire, qi: usize, set: &AnswerSet) -> String {
    let (pos, total) = position(q, qi, set);
    let mut s = format!("Question {pos} of {total}");
    let sections = sections(q);
    if let Some(d) = q.questions[qi].dimension {
        let n = sections.iter().position(|&x| x == d).unwrap_or(0) + 1;
        s.push_str(&format!(" · section {n} of {}", sections.len()));
    }
    let secs: usize = (qi..q.questions.len())
        .filter(|&i| may_be_asked(q, qi, i, set) && pending(q, set, i))
        .map(|i| seconds(&q.questions[i].kind))
        .sum();
    let mins = secs.div_ceil(60);
    if mins <= 1 {
        s.push_str(" · about a minute left");
    } else {
        s.push_str(&format!(" · about {mins} min left"));
    }
    s
}

/// `s` cut at a word boundary to about `max` characters, with "…" when cut.
pub(super) fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for word in s.split(' ') {
        if out.chars().count() + word.chars().count() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = s.chars().take(max).collect();
    }
    out.push('…');
    out
}

/// How an answer reads in the review list.
pub(super) fn review_answer(q: &Questionnaire, qi: usize, set: &AnswerSet) -> String {
    match set.answers.get(q.questions[qi].id.as_str()) {
        None if matches!(q.questions[qi].kind, Kind::Text) => "(left blank)".to_string(),
        None => "(not answered)".to_string(),
        Some(Answer::Chain(c)) => {
            let cause = c
                .cause
                .as_deref()
                .and_then(|id| crate::report::cause_name(q, id))
                .unwrap_or_else(|| "no cause yet".into());
            format!(
                "{} → {} why{} → {}",
                plain(&c.symptom),
                c.whys.len(),
                if c.whys.len() == 1 { "" } else { "s" },
                plain(&cause)
            )
        }
        Some(a) => plain(&crate::report::answer_text(q, qi, a)),
    }
}
