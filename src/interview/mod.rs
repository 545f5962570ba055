//! The interview: asks a questionnaire's questions in order, skipping those whose
//! condition does not hold, lets the respondent go back, runs the five-whys flow, and
//! saves after every answer. All prompting goes through [`Prompter`], so the flow is
//! tested with [`scripted::Scripted`] and shown to people with [`terminal::Terminal`].

pub mod scripted;
pub mod terminal;

use crate::answers::{Answer, AnswerSet, Chain};
use crate::error::Result;
use crate::questionnaire::{Kind, OTHER_CAUSE, Question, Questionnaire};
use crate::sanitize::plain;
use crate::scoring;

/// What the respondent did at a prompt.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply<T> {
    Answer(T),
    /// Return to the previous question.
    Back,
}

/// Why a prompt produced no reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptError {
    /// Ctrl-C.
    Interrupted,
    /// The terminal failed (closed, not a terminal, …).
    Failed(String),
}

pub type Prompted<T> = std::result::Result<Reply<T>, PromptError>;

/// Everything the interview needs from whoever answers.
pub trait Prompter {
    /// Shows text without asking anything (section titles, help, read-backs).
    fn show(&mut self, text: &str) -> std::result::Result<(), PromptError>;
    /// One of `items`; `default` is highlighted first.
    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Prompted<usize>;
    /// Any of `items`; `checked` says which start ticked.
    fn multi_select(
        &mut self,
        prompt: &str,
        items: &[String],
        checked: &[bool],
    ) -> Prompted<Vec<usize>>;
    /// A line of text, pre-filled with `initial`. Empty is allowed unless `required`.
    fn text(&mut self, prompt: &str, initial: &str, required: bool) -> Prompted<String>;
    fn confirm(&mut self, prompt: &str, default: bool) -> Prompted<bool>;
}

/// How an interview ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Every question asked has an answer; the file is marked complete.
    Completed(AnswerSet),
    /// Ctrl-C: what was answered is saved and can be resumed.
    Interrupted(AnswerSet),
}

/// Typed in a text answer to go back, where Esc is not available.
pub const BACK_TEXT: &str = "<";

/// Runs the interview from the first unanswered question. `save` is called with the
/// answers after every answer (and once more at the end, marked complete).
pub fn run(
    q: &Questionnaire,
    mut set: AnswerSet,
    p: &mut dyn Prompter,
    save: &mut dyn FnMut(&AnswerSet) -> Result<()>,
) -> Result<Outcome> {
    set.complete = false;
    let first = first_unanswered(q, &set);
    // Questions answered (or passed with a blank) in this session: moving forward goes to
    // the first question after the current one that is neither answered nor visited, so
    // after going back to change an answer the respondent returns to where they were.
    let mut visited: Vec<bool> = vec![false; q.questions.len()];
    let mut next = first.unwrap_or(q.questions.len());
    let mut last_section: Option<usize> = None;

    if set.answers.is_empty() && !q.description.is_empty() {
        if let Err(e) = p.show(&plain(&q.description)) {
            return stopped(e, set);
        }
    } else if !set.answers.is_empty() && first.is_some() {
        let msg = format!(
            "Resuming: {} answers saved, continuing where you stopped.",
            set.answers.len()
        );
        if let Err(e) = p.show(&msg) {
            return stopped(e, set);
        }
    }

    while next < q.questions.len() {
        let qi = next;
        let question = &q.questions[qi];
        if question.dimension.is_some() && question.dimension != last_section {
            last_section = question.dimension;
            let d = &q.dimensions[question.dimension.unwrap_or(0)];
            let mut s = format!("── {} ──", plain(&d.name));
            if !d.description.is_empty() {
                s.push('\n');
                s.push_str(&plain(&d.description));
            }
            if let Err(e) = p.show(&s) {
                return stopped(e, set);
            }
        }
        let (pos, total) = position(q, qi, &set);
        let mut header = format!("Question {pos} of {total}");
        if !question.help.is_empty() {
            header.push('\n');
            header.push_str(&plain(&question.help));
        }
        // What each option means, where the rubric says.
        for o in question
            .kind
            .options()
            .iter()
            .filter(|o| !o.help.is_empty())
        {
            header.push_str(&format!("\n  · {}: {}", plain(&o.label), plain(&o.help)));
        }
        if let Err(e) = p.show(&header) {
            return stopped(e, set);
        }
        let reply = match &question.kind {
            Kind::FiveWhys { max_whys, .. } => five_whys(q, question, *max_whys, &set, p),
            _ => ask(q, question, set.answers.get(&question.id), p),
        };
        match reply {
            Err(e) => return stopped(e, set),
            Ok(Reply::Back) => match (0..qi)
                .rev()
                .find(|&i| scoring::is_asked(q, i, &set.answers))
            {
                Some(prev) => {
                    next = prev;
                    last_section = None;
                }
                None => {
                    if let Err(e) =
                        p.show("This is the first question: there is nothing to go back to.")
                    {
                        return stopped(e, set);
                    }
                }
            },
            Ok(Reply::Answer(a)) => {
                match a {
                    Some(a) => {
                        set.answers.insert(question.id.clone(), a);
                    }
                    None => {
                        set.answers.remove(&question.id);
                    }
                }
                prune(q, &mut set);
                save(&set)?;
                visited[qi] = true;
                next = (qi + 1..q.questions.len())
                    .find(|&i| {
                        scoring::is_asked(q, i, &set.answers)
                            && !visited[i]
                            && !set.answers.contains_key(&q.questions[i].id)
                    })
                    .unwrap_or(q.questions.len());
            }
        }
    }
    set.complete = true;
    save(&set)?;
    Ok(Outcome::Completed(set))
}

fn stopped(e: PromptError, set: AnswerSet) -> Result<Outcome> {
    match e {
        PromptError::Interrupted => Ok(Outcome::Interrupted(set)),
        PromptError::Failed(m) => Err(crate::error::Error::Input(format!(
            "the terminal failed: {m}"
        ))),
    }
}

/// The first question that is asked and has no answer yet.
pub fn first_unanswered(q: &Questionnaire, set: &AnswerSet) -> Option<usize> {
    (0..q.questions.len()).find(|&i| {
        scoring::is_asked(q, i, &set.answers) && !set.answers.contains_key(&q.questions[i].id)
    })
}

/// Answers to questions that are no longer asked (an earlier answer changed) go, so
/// the file never holds an answer that would be ignored.
pub fn prune(q: &Questionnaire, set: &mut AnswerSet) {
    for i in 0..q.questions.len() {
        if !scoring::is_asked(q, i, &set.answers) {
            set.answers.remove(&q.questions[i].id);
        }
    }
}

/// "Question 7 of 34": the position among the questions asked, and the total that will
/// be asked if every condition that is still open turns out to hold.
pub fn position(q: &Questionnaire, qi: usize, set: &AnswerSet) -> (usize, usize) {
    let counts = |i: usize| {
        scoring::is_asked(q, i, &set.answers)
            || q.questions[i].ask_if.as_ref().is_some_and(|c| {
                c.question >= qi || !set.answers.contains_key(&q.questions[c.question].id)
            })
    };
    let pos = (0..=qi)
        .filter(|&i| scoring::is_asked(q, i, &set.answers))
        .count();
    let total = (0..q.questions.len()).filter(|&i| counts(i)).count();
    (pos, total.max(pos))
}

/// Asks one ordinary question. `Ok(Reply::Answer(None))` leaves it unanswered (a blank
/// free-text answer).
fn ask(
    q: &Questionnaire,
    question: &Question,
    current: Option<&Answer>,
    p: &mut dyn Prompter,
) -> Prompted<Option<Answer>> {
    let text = plain(&question.text);
    let dk = q.dont_know_label.clone();
    match &question.kind {
        Kind::Single { options } => {
            let mut items: Vec<String> = options.iter().map(|o| plain(&o.label)).collect();
            if question.dont_know {
                items.push(dk);
            }
            let default = match current {
                Some(Answer::Choice(c)) => options.iter().position(|o| &o.id == c).unwrap_or(0),
                Some(Answer::DontKnow) => options.len(),
                _ => 0,
            };
            Ok(match p.select(&text, &items, default)? {
                Reply::Back => Reply::Back,
                Reply::Answer(i) if i < options.len() => {
                    Reply::Answer(Some(Answer::Choice(options[i].id.clone())))
                }
                Reply::Answer(_) => Reply::Answer(Some(Answer::DontKnow)),
            })
        }
        Kind::Multi { options } => {
            let mut items: Vec<String> = options.iter().map(|o| plain(&o.label)).collect();
            let mut checked: Vec<bool> = options
                .iter()
                .map(|o| matches!(current, Some(Answer::Choices(c)) if c.contains(&o.id)))
                .collect();
            if question.dont_know {
                items.push(dk);
                checked.push(current == Some(&Answer::DontKnow));
            }
            let prompt =
                format!("{text} (Space ticks, Enter confirms; none ticked means none apply)");
            Ok(match p.multi_select(&prompt, &items, &checked)? {
                Reply::Back => Reply::Back,
                // "Don't know" wins over any ticks beside it.
                Reply::Answer(picked) if picked.contains(&options.len()) && question.dont_know => {
                    Reply::Answer(Some(Answer::DontKnow))
                }
                Reply::Answer(picked) => Reply::Answer(Some(Answer::Choices(
                    options
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| picked.contains(i))
                        .map(|(_, o)| o.id.clone())
                        .collect(),
                ))),
            })
        }
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
            let middle = values.len() / 2;
            let default = match current {
                Some(Answer::Value(v)) => values.iter().position(|x| x == v).unwrap_or(middle),
                Some(Answer::DontKnow) => values.len(),
                _ => middle,
            };
            Ok(match p.select(&text, &items, default)? {
                Reply::Back => Reply::Back,
                Reply::Answer(i) if i < values.len() => {
                    Reply::Answer(Some(Answer::Value(values[i])))
                }
                Reply::Answer(_) => Reply::Answer(Some(Answer::DontKnow)),
            })
        }
        Kind::Text => {
            let initial = match current {
                Some(Answer::Text(t)) => t.clone(),
                _ => String::new(),
            };
            Ok(
                match p.text(
                    &format!("{text} (optional; {BACK_TEXT} goes back)"),
                    &initial,
                    false,
                )? {
                    Reply::Back => Reply::Back,
                    Reply::Answer(t) if t.trim() == BACK_TEXT => Reply::Back,
                    Reply::Answer(t) if t.trim().is_empty() => Reply::Answer(None),
                    Reply::Answer(t) => Reply::Answer(Some(Answer::Text(t.trim().to_string()))),
                },
            )
        }
        Kind::FiveWhys { .. } => unreachable_five_whys(),
    }
}

fn unreachable_five_whys() -> Prompted<Option<Answer>> {
    Err(PromptError::Failed(
        "internal: five whys asked as an ordinary question".into(),
    ))
}

/// The weakest dimension answered so far, offered as the symptom to start from.
pub fn weakest_area(q: &Questionnaire, set: &AnswerSet) -> Option<(String, f64)> {
    let s = scoring::score(q, set);
    s.dimensions
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .min_by(|a, b| {
            a.1.partial_cmp(&b.1)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.0.cmp(&b.0))
        })
        .map(|(i, v)| (q.dimensions[i].name.clone(), v))
}

/// How many "why?" steps must be answered before the respondent may stop.
pub const MIN_WHYS: usize = 3;

/// The five-whys flow: symptom, up to `max_whys` answers to "why?", the cause it ends
/// at, a read-back, and a confirmation.
fn five_whys(
    q: &Questionnaire,
    question: &Question,
    max_whys: usize,
    set: &AnswerSet,
    p: &mut dyn Prompter,
) -> Prompted<Option<Answer>> {
    let mut chain = match set.answers.get(&question.id) {
        Some(Answer::Chain(c)) => c.clone(),
        _ => Chain::default(),
    };
    let min_whys = MIN_WHYS.min(max_whys);
    loop {
        p.show(&format!(
            "{}\nType {BACK_TEXT} in any answer to go back.",
            plain(&question.text)
        ))?;
        let suggestion = weakest_area(q, set);
        let initial = if chain.symptom.is_empty() {
            if let Some((name, v)) = &suggestion {
                p.show(&format!(
                    "Your weakest area so far is {} ({v:.0}/100). Start from a symptom there, or describe another.",
                    plain(name)
                ))?;
            }
            String::new()
        } else {
            chain.symptom.clone()
        };
        let symptom = match p.text(
            "The symptom of misalignment that hurts most",
            &initial,
            true,
        )? {
            Reply::Back => return Ok(Reply::Back),
            Reply::Answer(t) if t.trim() == BACK_TEXT => return Ok(Reply::Back),
            Reply::Answer(t) => t.trim().to_string(),
        };
        let mut whys: Vec<String> = Vec::new();
        let mut i = 0;
        while i < max_whys {
            let before = if i == 0 {
                symptom.clone()
            } else {
                whys[i - 1].clone()
            };
            let optional = i >= min_whys;
            let prompt = if optional {
                format!(
                    "Why? ({}/{max_whys}, Enter with no answer to stop here)  {}",
                    i + 1,
                    plain(&before)
                )
            } else {
                format!("Why? ({}/{max_whys})  {}", i + 1, plain(&before))
            };
            let initial = chain.whys.get(i).cloned().unwrap_or_default();
            match p.text(&prompt, &initial, !optional)? {
                Reply::Back => return Ok(Reply::Back),
                Reply::Answer(t) if t.trim() == BACK_TEXT => {
                    // Within the chain, < steps back one why (or leaves the question).
                    if i == 0 {
                        return Ok(Reply::Back);
                    }
                    whys.pop();
                    i -= 1;
                    continue;
                }
                Reply::Answer(t) if t.trim().is_empty() && optional => break,
                Reply::Answer(t) if t.trim().is_empty() => continue,
                Reply::Answer(t) => whys.push(t.trim().to_string()),
            }
            i += 1;
        }
        // Tag the end of the chain with a cause, the current top-ranked one first.
        let mut items: Vec<String> = q.causes.iter().map(|c| plain(&c.name)).collect();
        items.push("Other: none of these".to_string());
        let ranked = scoring::score(q, set).ranking;
        let default = match &chain.cause {
            Some(c) if c == OTHER_CAUSE => q.causes.len(),
            Some(c) => q.cause_index(c).unwrap_or(0),
            None => ranked.first().copied().unwrap_or(0),
        };
        let last = whys.last().cloned().unwrap_or_else(|| symptom.clone());
        let cause = match p.select(
            &format!("Which root cause does this end at?  {}", plain(&last)),
            &items,
            default,
        )? {
            Reply::Back => return Ok(Reply::Back),
            Reply::Answer(i) if i < q.causes.len() => q.causes[i].id.clone(),
            Reply::Answer(_) => OTHER_CAUSE.to_string(),
        };
        chain = Chain {
            symptom,
            whys,
            cause: Some(cause),
        };
        p.show(&read_back(q, &chain))?;
        match p.confirm("Is this chain right?", true)? {
            Reply::Back => return Ok(Reply::Back),
            Reply::Answer(true) => return Ok(Reply::Answer(Some(Answer::Chain(chain)))),
            Reply::Answer(false) => {
                p.show("Let's go through it again; your answers are filled in, edit what needs changing.")?;
            }
        }
    }
}

/// The chain read from its root up to the symptom, as "therefore" steps.
pub fn read_back(q: &Questionnaire, chain: &Chain) -> String {
    let mut steps: Vec<String> = chain.whys.iter().rev().map(|s| plain(s)).collect();
    steps.push(plain(&chain.symptom));
    let mut out = String::from("Read back from the root:\n");
    for (i, s) in steps.iter().enumerate() {
        if i == 0 {
            out.push_str(&format!("  {s}\n"));
        } else {
            out.push_str(&format!("  therefore {s}\n"));
        }
    }
    let cause = chain
        .cause
        .as_deref()
        .and_then(|c| crate::report::cause_name(q, c))
        .unwrap_or_else(|| "not tagged".into());
    out.push_str(&format!("Root cause: {}", plain(&cause)));
    out
}
