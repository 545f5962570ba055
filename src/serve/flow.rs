//! The participant's way through the questionnaire in the browser: which question
//! comes next, where they are, and what a posted form means as an answer. The
//! semantics are the terminal interview's ([`crate::interview`]): the same
//! conditions, pruning, position count and five-whys rules.

use crate::answers::{Answer, AnswerSet, Chain};
use crate::interview::{self, MIN_WHYS};
use crate::questionnaire::{DONT_KNOW, Kind, OTHER_CAUSE, Question, Questionnaire};
use crate::scoring;

/// Longest text a participant may type in one field (a paragraph, not a document).
pub const MAX_TEXT: usize = 2000;

/// Where a question sits: question n of N, and its section (dimension) n of N.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    pub question: (usize, usize),
    /// (n, N, section name), for questions scored in a dimension.
    pub section: Option<(usize, usize, String)>,
}

pub fn progress(q: &Questionnaire, qi: usize, set: &AnswerSet) -> Progress {
    let question = interview::position(q, qi, set);
    // Sections in the order their first question appears.
    let mut order: Vec<usize> = Vec::new();
    for d in q.questions.iter().filter_map(|x| x.dimension) {
        if !order.contains(&d) {
            order.push(d);
        }
    }
    let section = q.questions[qi].dimension.and_then(|d| {
        let n = order.iter().position(|&x| x == d)?;
        Some((n + 1, order.len(), q.dimensions[d].name.to_string()))
    });
    Progress { question, section }
}

/// Whether question `qi` is asked, given the answers so far.
pub fn is_asked(q: &Questionnaire, qi: usize, set: &AnswerSet) -> bool {
    qi < q.questions.len() && scoring::asked(q, qi, set)
}

/// Where a participant carries on: the first asked question neither answered nor
/// passed over in this visit, after `from` (or from the start). `None`: review.
pub fn next_open(
    q: &Questionnaire,
    set: &AnswerSet,
    visited: &[bool],
    from: Option<usize>,
) -> Option<usize> {
    let start = from.map_or(0, |i| i + 1);
    (start..q.questions.len()).find(|&i| {
        is_asked(q, i, set)
            && !visited.get(i).copied().unwrap_or(false)
            && !set.answers.contains_key(q.questions[i].id.as_str())
    })
}

/// The asked question before `qi`, for "back".
pub fn previous(q: &Questionnaire, set: &AnswerSet, qi: usize) -> Option<usize> {
    (0..qi).rev().find(|&i| is_asked(q, i, set))
}

/// Records an answer (or its absence) and drops answers no longer asked, as the
/// interview does.
pub fn record(q: &Questionnaire, set: &mut AnswerSet, qi: usize, answer: Option<Answer>) {
    let id = q.questions[qi].id.clone();
    match answer {
        Some(a) => {
            set.answers.insert(id, a);
        }
        None => {
            set.answers.remove(id.as_str());
        }
    }
    interview::prune(q, set);
}

/// The fields of a posted form, in order (a checklist repeats its field).
pub type Fields = Vec<(String, String)>;

pub fn field<'a>(f: &'a Fields, name: &str) -> Option<&'a str> {
    f.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

fn text_field(f: &Fields, name: &str) -> Result<String, String> {
    let t = field(f, name).unwrap_or("").trim().to_string();
    if t.chars().count() > MAX_TEXT {
        return Err(format!(
            "Please keep each answer under {MAX_TEXT} characters."
        ));
    }
    Ok(t)
}

/// What a posted form answers to `question`. `Ok(None)` leaves it unanswered (a blank
/// free text). `Err` is a message for the participant; the page is shown again.
pub fn parse_answer(
    q: &Questionnaire,
    question: &Question,
    f: &Fields,
) -> Result<Option<Answer>, String> {
    let dk = |v: &str| v == DONT_KNOW && question.dont_know;
    match &question.kind {
        Kind::Single { options } => match field(f, "a") {
            Some(v) if dk(v) => Ok(Some(Answer::DontKnow)),
            Some(v) if options.iter().any(|o| o.id == v) => Ok(Some(Answer::Choice(v.into()))),
            _ => Err("Please choose one answer.".into()),
        },
        Kind::Scale(s) => match field(f, "a") {
            Some(v) if dk(v) => Ok(Some(Answer::DontKnow)),
            Some(v) => match v.parse::<i64>() {
                Ok(n) if (s.min..=s.max).contains(&n) => Ok(Some(Answer::Value(n))),
                _ => Err("Please choose one answer.".into()),
            },
            None => Err("Please choose one answer.".into()),
        },
        Kind::Multi { options } => {
            let ticked: Vec<&str> = f
                .iter()
                .filter(|(k, _)| k == "a")
                .map(|(_, v)| v.as_str())
                .collect();
            // "Don't know" wins over any ticks beside it, as in the interview.
            if ticked.iter().any(|v| dk(v)) {
                return Ok(Some(Answer::DontKnow));
            }
            if ticked.iter().any(|v| !options.iter().any(|o| o.id == *v)) {
                return Err("That is not one of the options.".into());
            }
            Ok(Some(Answer::Choices(
                options
                    .iter()
                    .filter(|o| ticked.contains(&o.id.as_str()))
                    .map(|o| o.id.to_string())
                    .collect(),
            )))
        }
        Kind::Text => {
            let t = text_field(f, "a")?;
            Ok((!t.is_empty()).then_some(Answer::Text(t)))
        }
        Kind::FiveWhys { max_whys, .. } => parse_chain(q, *max_whys, f).map(Some),
    }
}

/// A five-whys chain: the symptom and the first whys are required (as in the
/// interview), later whys optional; a gap ends the chain; the cause tag is required.
fn parse_chain(q: &Questionnaire, max_whys: usize, f: &Fields) -> Result<Answer, String> {
    let symptom = text_field(f, "symptom")?;
    if symptom.is_empty() {
        return Err("Please describe the symptom that hurts most.".into());
    }
    let min_whys = MIN_WHYS.min(max_whys);
    let mut whys = Vec::new();
    for i in 1..=max_whys {
        let w = text_field(f, &format!("why{i}"))?;
        if w.is_empty() {
            break;
        }
        whys.push(w);
    }
    if whys.len() < min_whys {
        return Err(format!(
            "Please answer \"why?\" at least {min_whys} times, one after the other."
        ));
    }
    let cause = match field(f, "cause") {
        Some(c) if c == OTHER_CAUSE || q.cause_index(c).is_some() => c.to_string(),
        _ => return Err("Please choose the root cause the chain ends at.".into()),
    };
    Ok(Answer::Chain(Chain {
        symptom,
        whys,
        cause: Some(cause),
    }))
}

/// The cause offered first for a chain: its own tag, else the one ranked highest by
/// the answers so far (the interview's default).
pub fn suggested_cause(q: &Questionnaire, set: &AnswerSet, current: Option<&Chain>) -> String {
    if let Some(c) = current.and_then(|c| c.cause.clone()) {
        return c;
    }
    scoring::score(q, set)
        .ranking
        .first()
        .map(|&i| q.causes[i].id.to_string())
        .unwrap_or_else(|| OTHER_CAUSE.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pulse() -> Questionnaire {
        crate::questionnaire::builtin("pulse")
            .unwrap()
            .load()
            .unwrap()
    }

    fn fields(v: &[(&str, &str)]) -> Fields {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn scale_answers_and_refusals() {
        let q = pulse();
        let question = &q.questions[0];
        assert_eq!(
            parse_answer(&q, question, &fields(&[("a", "4")])),
            Ok(Some(Answer::Value(4)))
        );
        assert_eq!(
            parse_answer(&q, question, &fields(&[("a", "dont_know")])),
            Ok(Some(Answer::DontKnow))
        );
        assert!(parse_answer(&q, question, &fields(&[("a", "9")])).is_err());
        assert!(parse_answer(&q, question, &fields(&[])).is_err());
    }

    #[test]
    fn walking_forward_skips_answered_and_visited() {
        let q = pulse();
        let mut set = AnswerSet::default();
        let mut visited = vec![false; q.questions.len()];
        assert_eq!(next_open(&q, &set, &visited, None), Some(0));
        record(&q, &mut set, 0, Some(Answer::Value(3)));
        visited[0] = true;
        assert_eq!(next_open(&q, &set, &visited, Some(0)), Some(1));
        assert_eq!(next_open(&q, &set, &visited, None), Some(1));
        assert_eq!(previous(&q, &set, 1), Some(0));
        let p = progress(&q, 1, &set);
        assert_eq!(p.question.0, 2);
    }
}
