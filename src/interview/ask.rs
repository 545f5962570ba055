//! One ordinary question: a choice, a scale, a checklist or a comment.

use super::page::{Flow, Halt};
use super::prompt::{BACK_TEXT, PromptError, Prompter, Reply};
use crate::answers::Answer;
use crate::questionnaire::{Kind, Question, Questionnaire};
use crate::sanitize::plain;

/// Asks one ordinary question. `Answer(None)` leaves it unanswered (a blank free-text
/// answer).
pub(super) fn ask(
    q: &Questionnaire,
    question: &Question,
    current: Option<&Answer>,
    p: &mut dyn Prompter,
) -> Flow<Reply<Option<Answer>>> {
    let text = plain(&question.text);
    let dk = q.dont_know_label.to_string();
    Ok(match &question.kind {
        Kind::Single { options } => {
            let mut items: Vec<String> = options.iter().map(|o| plain(&o.label)).collect();
            if question.dont_know {
                items.push(dk);
            }
            // Nothing is chosen until the respondent chooses: holding Enter answers nothing.
            let default = match current {
                Some(Answer::Choice(c)) => options.iter().position(|o| &o.id == c),
                Some(Answer::DontKnow) => Some(options.len()),
                _ => None,
            };
            match p.select(&text, &items, default)? {
                Reply::Back => Reply::Back,
                Reply::Answer(i) if i < options.len() => {
                    Reply::Answer(Some(Answer::Choice(options[i].id.to_string())))
                }
                Reply::Answer(_) => Reply::Answer(Some(Answer::DontKnow)),
            }
        }
        Kind::Multi { options } => multi(q, question, options, current, p)?,
        Kind::Scale(s) => {
            let values: Vec<i64> = (s.min..=s.max).collect();
            let mut items: Vec<String> = values
                .iter()
                .map(|v| match s.label(*v) {
                    Some(l) => format!("{v}  {}", plain(l)),
                    None => v.to_string(),
                })
                .collect();
            if question.dont_know {
                items.push(dk);
            }
            let default = match current {
                Some(Answer::Value(v)) => values.iter().position(|x| x == v),
                Some(Answer::DontKnow) => Some(values.len()),
                _ => None,
            };
            match p.select(&text, &items, default)? {
                Reply::Back => Reply::Back,
                Reply::Answer(i) if i < values.len() => {
                    Reply::Answer(Some(Answer::Value(values[i])))
                }
                Reply::Answer(_) => Reply::Answer(Some(Answer::DontKnow)),
            }
        }
        Kind::Text => {
            let initial = match current {
                Some(Answer::Text(t)) => t.clone(),
                _ => String::new(),
            };
            match p.text(&format!("{text} (optional)"), &initial, false)? {
                Reply::Back => Reply::Back,
                Reply::Answer(t) if t.trim() == BACK_TEXT => Reply::Back,
                Reply::Answer(t) if t.trim().is_empty() => Reply::Answer(None),
                Reply::Answer(t) => Reply::Answer(Some(Answer::Text(t.trim().to_string()))),
            }
        }
        Kind::FiveWhys { .. } => {
            return Err(Halt::Prompt(PromptError::Failed(
                "internal: five whys asked as an ordinary question".into(),
            )));
        }
    })
}

/// A checklist. Confirming it with nothing ticked asks once whether none apply, so
/// nobody answers "none" by holding Enter. "Don't know" never goes with ticks: confirmed
/// together, the respondent chooses which of the two is the answer, and that is what is
/// saved.
fn multi(
    q: &Questionnaire,
    question: &Question,
    options: &[crate::questionnaire::Choice],
    current: Option<&Answer>,
    p: &mut dyn Prompter,
) -> Flow<Reply<Option<Answer>>> {
    let text = plain(&question.text);
    let mut items: Vec<String> = options.iter().map(|o| plain(&o.label)).collect();
    let mut checked: Vec<bool> = options
        .iter()
        .map(|o| matches!(current, Some(Answer::Choices(c)) if c.iter().any(|x| x == &o.id)))
        .collect();
    let dk = question.dont_know.then_some(options.len());
    if dk.is_some() {
        items.push(q.dont_know_label.to_string());
        checked.push(current == Some(&Answer::DontKnow));
    }
    // Already answered "none" (and confirmed then): not asked again.
    let none_confirmed = matches!(current, Some(Answer::Choices(c)) if c.is_empty());
    loop {
        let picked = match p.multi_select(&text, &items, &checked)? {
            Reply::Back => return Ok(Reply::Back),
            Reply::Answer(picked) => picked,
        };
        let ticks: Vec<usize> = picked
            .iter()
            .copied()
            .filter(|&i| i < options.len())
            .collect();
        let dont_know = dk.is_some_and(|d| picked.contains(&d));
        if dont_know && !ticks.is_empty() {
            let names: Vec<&str> = ticks.iter().map(|&i| items[i].as_str()).collect();
            let keep = [
                format!("What I ticked: {}", names.join("; ")),
                q.dont_know_label.to_string(),
            ];
            match p.select(
                &format!(
                    "\u{201c}{}\u{201d} cannot go with ticked items. Which is your answer?",
                    q.dont_know_label
                ),
                &keep,
                None,
            )? {
                // Back to the list as it was left.
                Reply::Back => {
                    checked = (0..items.len()).map(|i| picked.contains(&i)).collect();
                    continue;
                }
                Reply::Answer(0) => return Ok(Reply::Answer(Some(choices(options, &ticks)))),
                Reply::Answer(_) => return Ok(Reply::Answer(Some(Answer::DontKnow))),
            }
        }
        if dont_know {
            return Ok(Reply::Answer(Some(Answer::DontKnow)));
        }
        if ticks.is_empty() && !none_confirmed {
            match p.confirm("Nothing is ticked: none of these apply?", false)? {
                Reply::Answer(true) => {}
                _ => {
                    checked.iter_mut().for_each(|c| *c = false);
                    continue;
                }
            }
        }
        return Ok(Reply::Answer(Some(choices(options, &ticks))));
    }
}

/// The options at `ticks`, in the questionnaire's order.
fn choices(options: &[crate::questionnaire::Choice], ticks: &[usize]) -> Answer {
    Answer::Choices(
        options
            .iter()
            .enumerate()
            .filter(|(i, _)| ticks.contains(i))
            .map(|(_, o)| o.id.to_string())
            .collect(),
    )
}
