//! The five whys: symptom, up to five answers to "why?", the root cause the chain ends
//! at, a read-back, and a confirmation. Each step is a page of its own that shows the
//! chain as saved so far, so the screen never holds an answer that is not the one kept.

use super::page::{Flow, Head, Save, open};
use super::prompt::{BACK_TEXT, Prompter, Reply};
use crate::answers::{Answer, AnswerSet, Chain};
use crate::questionnaire::{OTHER_CAUSE, Question, Questionnaire};
use crate::sanitize::plain;
use crate::scoring;

/// How many "why?" steps must be answered before the respondent may stop.
pub const MIN_WHYS: usize = 3;

/// Where the five-whys flow is.
#[derive(Clone, Copy)]
enum WhyStep {
    Symptom,
    Why(usize),
    Cause,
    Confirm,
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
        .map(|(i, v)| (q.dimensions[i].name.to_string(), v))
}

/// The chain's first `whys` steps as they stand: what the page shows above a prompt.
fn so_far(chain: &Chain, whys: usize) -> String {
    let mut lines = vec![format!("Symptom: {}", plain(&chain.symptom))];
    for (i, w) in chain.whys.iter().take(whys).enumerate() {
        lines.push(format!("Why {}: {}", i + 1, plain(w)));
    }
    lines.join("\n")
}

/// Runs the flow for `question`, each step on a page under `head`. Every step is saved
/// as it is answered (a chain without its cause is resumed here), and going back (`<`,
/// or Esc in the lists) moves one step back with every answer kept.
pub(super) fn five_whys(
    q: &Questionnaire,
    question: &Question,
    max_whys: usize,
    head: &Head,
    set: &mut AnswerSet,
    p: &mut dyn Prompter,
    save: Save<'_>,
) -> Flow<Reply<Option<Answer>>> {
    let mut chain = match set.answers.get(question.id.as_str()) {
        Some(Answer::Chain(c)) => c.clone(),
        _ => Chain::default(),
    };
    let min_whys = MIN_WHYS.min(max_whys);
    let mut at = WhyStep::Symptom;
    let mut again = false;
    loop {
        open(p, head)?;
        p.show(&plain(&question.text))?;
        p.note(&format!(
            "Type {BACK_TEXT} and Enter to go back one step (Esc in a list); your answers are kept."
        ))?;
        if std::mem::take(&mut again) {
            p.show(
                "Let's go through it again: your answers are filled in; edit what needs changing.",
            )?;
        }
        at = match at {
            WhyStep::Symptom => {
                if chain.symptom.is_empty()
                    && let Some((name, v)) = weakest_area(q, set)
                {
                    p.note(&format!(
                        "Your weakest area so far is {} ({v:.0}/100). Start from a symptom there, or describe another.",
                        plain(&name)
                    ))?;
                }
                match p.text(
                    "The symptom of misalignment that hurts most",
                    &chain.symptom,
                    true,
                )? {
                    Reply::Back => return Ok(Reply::Back),
                    Reply::Answer(t) if t.trim() == BACK_TEXT => return Ok(Reply::Back),
                    Reply::Answer(t) if t.trim().is_empty() => WhyStep::Symptom,
                    Reply::Answer(t) => {
                        chain.symptom = t.trim().to_string();
                        keep(question, &chain, set, save)?;
                        WhyStep::Why(0)
                    }
                }
            }
            WhyStep::Why(i) if i >= max_whys => WhyStep::Cause,
            WhyStep::Why(i) => why(question, &mut chain, i, (min_whys, max_whys), set, p, save)?,
            WhyStep::Cause => {
                p.show(&so_far(&chain, chain.whys.len()))?;
                match cause(q, &chain, set, p)? {
                    // Back to the last "why?" prompt: the one that ended the chain.
                    Reply::Back => WhyStep::Why(chain.whys.len().min(max_whys.saturating_sub(1))),
                    Reply::Answer(id) => {
                        chain.cause = Some(id);
                        keep(question, &chain, set, save)?;
                        WhyStep::Confirm
                    }
                }
            }
            WhyStep::Confirm => {
                p.show(&read_back(q, &chain))?;
                match p.confirm("Is this chain right?", true)? {
                    Reply::Back => WhyStep::Cause,
                    Reply::Answer(true) => return Ok(Reply::Answer(Some(Answer::Chain(chain)))),
                    Reply::Answer(false) => {
                        again = true;
                        WhyStep::Symptom
                    }
                }
            }
        };
    }
}

/// The `i`th "why?": optional from `min` on, the last at `max`.
fn why(
    question: &Question,
    chain: &mut Chain,
    i: usize,
    (min, max): (usize, usize),
    set: &mut AnswerSet,
    p: &mut dyn Prompter,
    save: Save<'_>,
) -> Flow<WhyStep> {
    p.show(&so_far(chain, i))?;
    let before = if i == 0 {
        &chain.symptom
    } else {
        &chain.whys[i - 1]
    };
    let optional = i >= min;
    let prompt = if optional {
        format!(
            "Why? ({}/{max}, Enter with no answer to stop here)  {}",
            i + 1,
            plain(before)
        )
    } else {
        format!("Why? ({}/{max})  {}", i + 1, plain(before))
    };
    let initial = chain.whys.get(i).cloned().unwrap_or_default();
    let back = if i == 0 {
        WhyStep::Symptom
    } else {
        WhyStep::Why(i - 1)
    };
    Ok(match p.text(&prompt, &initial, !optional)? {
        Reply::Back => back,
        Reply::Answer(t) if t.trim() == BACK_TEXT => back,
        Reply::Answer(t) if t.trim().is_empty() && optional => {
            chain.whys.truncate(i);
            keep(question, chain, set, save)?;
            WhyStep::Cause
        }
        Reply::Answer(t) if t.trim().is_empty() => WhyStep::Why(i),
        Reply::Answer(t) => {
            let t = t.trim().to_string();
            if i < chain.whys.len() {
                chain.whys[i] = t;
            } else {
                chain.whys.push(t);
            }
            keep(question, chain, set, save)?;
            WhyStep::Why(i + 1)
        }
    })
}

/// Saves the chain as typed so far, so an interruption keeps it.
fn keep(question: &Question, chain: &Chain, set: &mut AnswerSet, save: Save<'_>) -> Flow<()> {
    set.answers
        .insert(question.id.to_string(), Answer::Chain(chain.clone()));
    save(set)?;
    Ok(())
}

/// Tags the end of the chain with a cause. Nothing is chosen for the respondent: the
/// list starts on the cause chosen before, else on nothing, and the cause the answers
/// point to most is named above it.
fn cause(
    q: &Questionnaire,
    chain: &Chain,
    set: &AnswerSet,
    p: &mut dyn Prompter,
) -> Flow<Reply<String>> {
    let mut items: Vec<String> = q.causes.iter().map(|c| plain(&c.name)).collect();
    items.push("Other: none of these".to_string());
    let default = match &chain.cause {
        Some(c) if c == OTHER_CAUSE => Some(q.causes.len()),
        Some(c) => q.cause_index(c),
        None => None,
    };
    if let Some(&top) = scoring::score(q, set).ranking.first()
        && let Some(c) = q.causes.get(top)
    {
        p.note(&format!(
            "Your answers so far point most to: {}.",
            plain(&c.name)
        ))?;
    }
    let last = chain.whys.last().unwrap_or(&chain.symptom);
    Ok(
        match p.select(
            &format!("Which root cause does this end at?  {}", plain(last)),
            &items,
            default,
        )? {
            Reply::Back => Reply::Back,
            Reply::Answer(i) if i < q.causes.len() => Reply::Answer(q.causes[i].id.to_string()),
            Reply::Answer(_) => Reply::Answer(OTHER_CAUSE.to_string()),
        },
    )
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
