//! The interview: asks a questionnaire's questions in order, skipping those whose
//! condition does not hold, lets the respondent go back, runs the five-whys flow, saves
//! after every answer (and after every step of a five-whys chain), and ends with a
//! review of every answer, any of which can be changed there. All prompting goes
//! through [`Prompter`], so the flow is tested with [`scripted::Scripted`] and shown to
//! people with [`terminal::Terminal`].

pub mod scripted;
pub mod terminal;

use crate::answers::{Answer, AnswerSet, Chain};
use crate::error::{Error, Result};
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
    /// Shows text without asking anything (section titles, progress, read-backs).
    fn show(&mut self, text: &str) -> std::result::Result<(), PromptError>;
    /// Help and guidance, shown less prominently than the question itself.
    fn note(&mut self, text: &str) -> std::result::Result<(), PromptError> {
        self.show(text)
    }
    /// One of `items`. `default` is where the choice starts; `None` starts with
    /// nothing chosen, so the respondent has to pick.
    fn select(&mut self, prompt: &str, items: &[String], default: Option<usize>)
    -> Prompted<usize>;
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

/// The first item of the review list: finish the interview.
pub const FINISH: &str = "Finish: save and show the report";

/// Why the flow stopped before the end: the prompter stopped, or saving failed.
enum Halt {
    Prompt(PromptError),
    Save(Error),
}

impl From<PromptError> for Halt {
    fn from(e: PromptError) -> Self {
        Halt::Prompt(e)
    }
}

impl From<Error> for Halt {
    fn from(e: Error) -> Self {
        Halt::Save(e)
    }
}

type Flow<T> = std::result::Result<T, Halt>;
type Save<'a> = &'a mut dyn FnMut(&AnswerSet) -> Result<()>;

/// Runs the interview from the first unanswered question. `save` is called with the
/// answers after every answer (and once more at the end, marked complete).
pub fn run(
    q: &Questionnaire,
    set: AnswerSet,
    p: &mut dyn Prompter,
    save: Save<'_>,
) -> Result<Outcome> {
    let mut state = State {
        set,
        // Questions answered (or passed with a blank) in this session: moving forward
        // goes to the first question after the current one that is neither answered nor
        // visited, so after going back to change an answer the respondent returns to
        // where they were.
        visited: vec![false; q.questions.len()],
        last_section: None,
    };
    state.set.complete = false;
    match flow(q, &mut state, p, save) {
        Ok(()) => {
            state.set.complete = true;
            save(&state.set)?;
            Ok(Outcome::Completed(state.set))
        }
        Err(Halt::Save(e)) => Err(e),
        Err(Halt::Prompt(PromptError::Interrupted)) => Ok(Outcome::Interrupted(state.set)),
        Err(Halt::Prompt(PromptError::Failed(m))) => {
            Err(Error::Input(format!("the terminal failed: {m}")))
        }
    }
}

struct State {
    set: AnswerSet,
    visited: Vec<bool>,
    last_section: Option<usize>,
}

/// Questions until the end, then the review, until the respondent finishes there.
fn flow(q: &Questionnaire, st: &mut State, p: &mut dyn Prompter, save: Save<'_>) -> Flow<()> {
    let first = first_unanswered(q, &st.set);
    if st.set.answers.is_empty() && !q.description.is_empty() {
        p.show(&plain(&q.description))?;
    } else if !st.set.answers.is_empty() && first.is_some() {
        let done = (0..q.questions.len())
            .filter(|&i| scoring::asked(q, i, &st.set) && !pending(q, &st.set, i))
            .count();
        p.show(&format!(
            "Resuming: {done} answers saved, continuing where you stopped."
        ))?;
    }
    let mut next = first.unwrap_or(q.questions.len());
    loop {
        while next < q.questions.len() {
            next = step(q, st, next, p, save)?;
        }
        match review(q, &st.set, p)? {
            Reply::Answer(None) => return Ok(()),
            Reply::Answer(Some(qi)) => next = qi,
            Reply::Back => match last_asked(q, &st.set, q.questions.len()) {
                Some(qi) => next = qi,
                None => return Ok(()),
            },
        }
        st.last_section = None;
    }
}

/// The last question before `before` that is asked.
fn last_asked(q: &Questionnaire, set: &AnswerSet, before: usize) -> Option<usize> {
    (0..before).rev().find(|&i| scoring::asked(q, i, set))
}

/// Asks question `qi` and returns the index of the question to ask next
/// (`questions.len()` for the end).
fn step(
    q: &Questionnaire,
    st: &mut State,
    qi: usize,
    p: &mut dyn Prompter,
    save: Save<'_>,
) -> Flow<usize> {
    let question = &q.questions[qi];
    let sections = sections(q);
    if let Some(d) = question.dimension
        && Some(d) != st.last_section
    {
        st.last_section = Some(d);
        let n = sections.iter().position(|&s| s == d).unwrap_or(0) + 1;
        let dim = &q.dimensions[d];
        p.show(&format!(
            "── Section {n} of {}: {} ──",
            sections.len(),
            plain(&dim.name)
        ))?;
        if !dim.description.is_empty() {
            p.note(&plain(&dim.description))?;
        }
    }
    p.show(&progress(q, qi, &st.set))?;
    let mut help = Vec::new();
    if !question.help.is_empty() {
        help.push(plain(&question.help));
    }
    // What each option means, where the rubric says.
    for o in question
        .kind
        .options()
        .iter()
        .filter(|o| !o.help.is_empty())
    {
        help.push(format!("· {}: {}", plain(&o.label), plain(&o.help)));
    }
    if !help.is_empty() {
        p.note(&help.join("\n"))?;
    }
    let reply = match &question.kind {
        Kind::FiveWhys { max_whys, .. } => five_whys(q, question, *max_whys, &mut st.set, p, save)?,
        _ => ask(q, question, st.set.answers.get(question.id.as_str()), p)?,
    };
    match reply {
        Reply::Back => match last_asked(q, &st.set, qi) {
            Some(prev) => {
                st.last_section = None;
                Ok(prev)
            }
            None => {
                p.show("This is the first question: there is nothing to go back to.")?;
                Ok(qi)
            }
        },
        Reply::Answer(a) => {
            match a {
                Some(a) => {
                    st.set.answers.insert(question.id.to_string(), a);
                }
                None => {
                    st.set.answers.remove(question.id.as_str());
                }
            }
            prune(q, &mut st.set);
            save(&st.set)?;
            st.visited[qi] = true;
            Ok((qi + 1..q.questions.len())
                .find(|&i| {
                    scoring::asked(q, i, &st.set) && !st.visited[i] && pending(q, &st.set, i)
                })
                .unwrap_or(q.questions.len()))
        }
    }
}

/// The first question that is asked and has no answer yet (a five-whys chain not yet
/// tagged with its cause counts as unanswered: it was interrupted on the way).
pub fn first_unanswered(q: &Questionnaire, set: &AnswerSet) -> Option<usize> {
    (0..q.questions.len()).find(|&i| scoring::asked(q, i, set) && pending(q, set, i))
}

/// Question `i` still needs an answer: none yet, or a chain saved part way.
fn pending(q: &Questionnaire, set: &AnswerSet, i: usize) -> bool {
    match set.answers.get(q.questions[i].id.as_str()) {
        None => true,
        Some(Answer::Chain(c)) => c.cause.is_none(),
        Some(_) => false,
    }
}

/// Answers to questions that are no longer asked (an earlier answer changed) go, so
/// the file never holds an answer that would be ignored.
pub fn prune(q: &Questionnaire, set: &mut AnswerSet) {
    for i in 0..q.questions.len() {
        if !scoring::asked(q, i, set) {
            set.answers.remove(q.questions[i].id.as_str());
        }
    }
}

/// The dimensions in the order their questions first appear: the sections.
fn sections(q: &Questionnaire) -> Vec<usize> {
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

/// The review before finishing: every answer by number. `Answer(None)` finishes,
/// `Answer(Some(qi))` changes question `qi`.
fn review(q: &Questionnaire, set: &AnswerSet, p: &mut dyn Prompter) -> Flow<Reply<Option<usize>>> {
    let asked: Vec<usize> = (0..q.questions.len())
        .filter(|&i| scoring::asked(q, i, set))
        .collect();
    let mut items = vec![FINISH.to_string()];
    for (n, &i) in asked.iter().enumerate() {
        items.push(format!(
            "{}. {} — {}",
            n + 1,
            shorten(&plain(&q.questions[i].text), 70),
            shorten(&review_answer(q, i, set), 70)
        ));
    }
    p.show(&format!(
        "Review: your {} answers. Choose one to change it (arrows or its number), or finish.",
        asked.len()
    ))?;
    Ok(match p.select("Review your answers", &items, Some(0))? {
        Reply::Back => Reply::Back,
        Reply::Answer(0) => Reply::Answer(None),
        Reply::Answer(k) => Reply::Answer(asked.get(k - 1).copied()),
    })
}

/// `s` cut at a word boundary to about `max` characters, with "…" when cut.
fn shorten(s: &str, max: usize) -> String {
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
fn review_answer(q: &Questionnaire, qi: usize, set: &AnswerSet) -> String {
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

/// Asks one ordinary question. `Answer(None)` leaves it unanswered (a blank free-text
/// answer).
fn ask(
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
/// nobody answers "none" by holding Enter.
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
    if question.dont_know {
        items.push(q.dont_know_label.to_string());
        checked.push(current == Some(&Answer::DontKnow));
    }
    // Already answered "none" (and confirmed then): not asked again.
    let none_confirmed = matches!(current, Some(Answer::Choices(c)) if c.is_empty());
    let prompt = text.clone();
    loop {
        let picked = match p.multi_select(&prompt, &items, &checked)? {
            Reply::Back => return Ok(Reply::Back),
            Reply::Answer(picked) => picked,
        };
        // "Don't know" wins over any ticks beside it.
        if picked.contains(&options.len()) && question.dont_know {
            return Ok(Reply::Answer(Some(Answer::DontKnow)));
        }
        if picked.is_empty() && !none_confirmed {
            match p.confirm("Nothing is ticked: none of these apply?", false)? {
                Reply::Answer(true) => {}
                _ => {
                    checked.iter_mut().for_each(|c| *c = false);
                    continue;
                }
            }
        }
        return Ok(Reply::Answer(Some(Answer::Choices(
            options
                .iter()
                .enumerate()
                .filter(|(i, _)| picked.contains(i))
                .map(|(_, o)| o.id.to_string())
                .collect(),
        ))));
    }
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

/// The five-whys flow: symptom, up to `max_whys` answers to "why?", the cause it ends
/// at, a read-back, and a confirmation. Every step is saved as it is answered (a chain
/// without its cause is resumed here), and going back (Esc or `<`) moves one step back
/// with what was typed kept.
fn five_whys(
    q: &Questionnaire,
    question: &Question,
    max_whys: usize,
    set: &mut AnswerSet,
    p: &mut dyn Prompter,
    save: Save<'_>,
) -> Flow<Reply<Option<Answer>>> {
    let mut chain = match set.answers.get(question.id.as_str()) {
        Some(Answer::Chain(c)) => c.clone(),
        _ => Chain::default(),
    };
    let min_whys = MIN_WHYS.min(max_whys);
    p.show(&plain(&question.text))?;
    p.note(&format!(
        "Press Esc or type {BACK_TEXT} to go back one step; what you typed is kept."
    ))?;
    let mut at = WhyStep::Symptom;
    loop {
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
            WhyStep::Why(i) => {
                let before = if i == 0 {
                    &chain.symptom
                } else {
                    &chain.whys[i - 1]
                };
                let optional = i >= min_whys;
                let prompt = if optional {
                    format!(
                        "Why? ({}/{max_whys}, Enter with no answer to stop here)  {}",
                        i + 1,
                        plain(before)
                    )
                } else {
                    format!("Why? ({}/{max_whys})  {}", i + 1, plain(before))
                };
                let initial = chain.whys.get(i).cloned().unwrap_or_default();
                let back = if i == 0 {
                    WhyStep::Symptom
                } else {
                    WhyStep::Why(i - 1)
                };
                match p.text(&prompt, &initial, !optional)? {
                    Reply::Back => back,
                    Reply::Answer(t) if t.trim() == BACK_TEXT => back,
                    Reply::Answer(t) if t.trim().is_empty() && optional => {
                        chain.whys.truncate(i);
                        keep(question, &chain, set, save)?;
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
                        keep(question, &chain, set, save)?;
                        WhyStep::Why(i + 1)
                    }
                }
            }
            WhyStep::Cause => match cause(q, &chain, set, p)? {
                // Back to the last "why?" prompt: the one that ended the chain.
                Reply::Back => WhyStep::Why(chain.whys.len().min(max_whys.saturating_sub(1))),
                Reply::Answer(id) => {
                    chain.cause = Some(id);
                    keep(question, &chain, set, save)?;
                    WhyStep::Confirm
                }
            },
            WhyStep::Confirm => {
                p.show(&read_back(q, &chain))?;
                match p.confirm("Is this chain right?", true)? {
                    Reply::Back => WhyStep::Cause,
                    Reply::Answer(true) => return Ok(Reply::Answer(Some(Answer::Chain(chain)))),
                    Reply::Answer(false) => {
                        p.show("Let's go through it again; your answers are filled in, edit what needs changing.")?;
                        WhyStep::Symptom
                    }
                }
            }
        };
    }
}

/// Saves the chain as typed so far, so an interruption keeps it.
fn keep(question: &Question, chain: &Chain, set: &mut AnswerSet, save: Save<'_>) -> Flow<()> {
    set.answers
        .insert(question.id.to_string(), Answer::Chain(chain.clone()));
    save(set)?;
    Ok(())
}

/// Tags the end of the chain with a cause, the current one (else the top-ranked one)
/// first.
fn cause(
    q: &Questionnaire,
    chain: &Chain,
    set: &AnswerSet,
    p: &mut dyn Prompter,
) -> Flow<Reply<String>> {
    let mut items: Vec<String> = q.causes.iter().map(|c| plain(&c.name)).collect();
    items.push("Other: none of these".to_string());
    let default = match &chain.cause {
        Some(c) if c == OTHER_CAUSE => q.causes.len(),
        Some(c) => q.cause_index(c).unwrap_or(0),
        None => scoring::score(q, set).ranking.first().copied().unwrap_or(0),
    };
    let last = chain.whys.last().unwrap_or(&chain.symptom);
    Ok(
        match p.select(
            &format!("Which root cause does this end at?  {}", plain(last)),
            &items,
            Some(default),
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
