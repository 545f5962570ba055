//! The flow: questions in order with their conditions, going back (to the name and
//! role prompts too), the review, and saving after every answer.

use super::page::{Flow, Halt, Head, Line, Save, open};
use super::progress::{pending, progress, review_answer, sections, shorten};
use super::prompt::{BACK_TEXT, PromptError, Prompter, Reply};
use super::{ask, whys};
use crate::answers::AnswerSet;
use crate::error::{Error, Result};
use crate::questionnaire::{Kind, Questionnaire};
use crate::sanitize::plain;
use crate::scoring;

/// How an interview ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Every question asked has an answer; the file is marked complete.
    Completed(AnswerSet),
    /// Ctrl-C: what was answered is saved and can be resumed.
    Interrupted(AnswerSet),
}

/// What the interview asks besides the questions, and what it says first.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The respondent's name is asked (not given on the command line), so it can be
    /// gone back to and changed at the review.
    pub ask_name: bool,
    /// Likewise the role.
    pub ask_role: bool,
    /// Paragraphs on the first page (the title, how to answer).
    pub welcome: Vec<String>,
}

/// The first item of the review list: finish the interview.
pub const FINISH: &str = "Finish: save and show the report";

/// Said when going back from the first prompt.
const NOTHING_BEFORE: &str = "This is the first question: there is nothing to go back to.";

/// Where the interview is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum At {
    Name,
    Role,
    Question(usize),
    Review,
    Done,
}

struct State {
    set: AnswerSet,
    /// Questions answered (or passed with a blank) in this session: moving forward
    /// goes to the first question after the current one that is neither answered nor
    /// visited, so after going back to change an answer the respondent returns to
    /// where they were.
    visited: Vec<bool>,
    last_section: Option<usize>,
    /// Said on the next page, above its prompt.
    lead: Vec<String>,
}

impl State {
    fn new(q: &Questionnaire, set: AnswerSet) -> Self {
        State {
            set,
            visited: vec![false; q.questions.len()],
            last_section: None,
            lead: Vec::new(),
        }
    }

    /// `head` after what is due to be said first.
    fn lead(&mut self, head: Head) -> Head {
        let mut out: Head = std::mem::take(&mut self.lead)
            .into_iter()
            .map(Line::Text)
            .collect();
        out.extend(head);
        out
    }

    /// A page with what is due to be said on it, then `head`.
    fn open(&mut self, p: &mut dyn Prompter, head: Head) -> Flow<()> {
        let head = self.lead(head);
        open(p, &head)
    }

    /// The first question after `after` (all, for `None`) still to ask, else the review.
    fn next_open(&self, q: &Questionnaire, after: Option<usize>) -> At {
        let from = after.map_or(0, |i| i + 1);
        (from..q.questions.len())
            .find(|&i| {
                scoring::asked(q, i, &self.set) && !self.visited[i] && pending(q, &self.set, i)
            })
            .map_or(At::Review, At::Question)
    }
}

/// Runs the interview from the first unanswered question. `save` is called with the
/// answers after every answer (and once more at the end, marked complete).
pub fn run(
    q: &Questionnaire,
    set: AnswerSet,
    p: &mut dyn Prompter,
    save: Save<'_>,
) -> Result<Outcome> {
    run_with(q, set, &Options::default(), p, save)
}

/// [`run`], asking what `opts` says besides the questions.
pub fn run_with(
    q: &Questionnaire,
    set: AnswerSet,
    opts: &Options,
    p: &mut dyn Prompter,
    save: Save<'_>,
) -> Result<Outcome> {
    let mut st = State::new(q, set);
    st.set.complete = false;
    match flow(q, &mut st, opts, p, save) {
        Ok(()) => {
            st.set.complete = true;
            save(&st.set)?;
            Ok(Outcome::Completed(st.set))
        }
        Err(Halt::Save(e)) => Err(e),
        Err(Halt::Prompt(PromptError::Interrupted)) => Ok(Outcome::Interrupted(st.set)),
        Err(Halt::Prompt(PromptError::Failed(m))) => {
            Err(Error::Input(format!("the terminal failed: {m}")))
        }
    }
}

/// Asks the respondent's name and role (those `opts` says) before there is a file to
/// save to; Esc at the role goes back to the name. `false`: interrupted (Ctrl-C).
pub fn who(
    q: &Questionnaire,
    set: &mut AnswerSet,
    opts: &Options,
    p: &mut dyn Prompter,
) -> Result<bool> {
    let mut st = State::new(q, set.clone());
    st.lead = opts.welcome.clone();
    let mut at = if opts.ask_name { At::Name } else { At::Role };
    let done = loop {
        let step = match at {
            At::Name => name(q, &mut st, opts, p, false),
            At::Role if opts.ask_role => role(q, &mut st, opts, p, false),
            _ => break Ok(()),
        };
        match step {
            Ok(next) => at = next,
            Err(e) => break Err(e),
        }
    };
    match done {
        Ok(()) => {
            *set = st.set;
            Ok(true)
        }
        Err(Halt::Prompt(PromptError::Interrupted)) => Ok(false),
        Err(Halt::Prompt(PromptError::Failed(m))) => {
            Err(Error::Input(format!("the terminal failed: {m}")))
        }
        Err(Halt::Save(e)) => Err(e),
    }
}

/// Questions until the end, then the review, until the respondent finishes there.
fn flow(
    q: &Questionnaire,
    st: &mut State,
    opts: &Options,
    p: &mut dyn Prompter,
    save: Save<'_>,
) -> Flow<()> {
    let first = first_unanswered(q, &st.set);
    st.lead.extend(opts.welcome.iter().cloned());
    if st.set.answers.is_empty() && !q.description.is_empty() {
        st.lead.push(plain(&q.description));
    } else if !st.set.answers.is_empty() && first.is_some() {
        let done = (0..q.questions.len())
            .filter(|&i| scoring::asked(q, i, &st.set) && !pending(q, &st.set, i))
            .count();
        st.lead.push(format!(
            "Resuming: {done} answers saved, continuing where you stopped."
        ));
    }
    let mut at = first.map_or(At::Review, At::Question);
    loop {
        at = match at {
            At::Name => {
                let next = name(q, st, opts, p, true)?;
                save(&st.set)?;
                next
            }
            At::Role => {
                let next = role(q, st, opts, p, true)?;
                save(&st.set)?;
                next
            }
            At::Question(qi) => step(q, st, qi, opts, p, save)?,
            At::Review => review(q, st, opts, p)?,
            At::Done => return Ok(()),
        };
    }
}

/// Where going back from the first question leads: the role, else the name, else
/// nowhere (`here` again, saying so).
fn before_first(st: &mut State, opts: &Options, here: At) -> At {
    if opts.ask_role {
        At::Role
    } else if opts.ask_name {
        At::Name
    } else {
        st.lead.push(NOTHING_BEFORE.to_string());
        here
    }
}

/// The name prompt. `within` the interview, going on leads to the role or the first
/// question still to ask; before it, to the role or the end of [`who`].
fn name(
    q: &Questionnaire,
    st: &mut State,
    opts: &Options,
    p: &mut dyn Prompter,
    within: bool,
) -> Flow<At> {
    st.open(p, Vec::new())?;
    let initial = st.set.respondent.clone().unwrap_or_default();
    match p.text(
        "Your name (leave it empty to stay anonymous)",
        &initial,
        false,
    )? {
        Reply::Answer(t) if t.trim() != BACK_TEXT => {
            let t = t.trim().to_string();
            st.set.respondent = (!t.is_empty()).then_some(t);
            Ok(if opts.ask_role {
                At::Role
            } else if within {
                st.next_open(q, None)
            } else {
                At::Done
            })
        }
        _ => {
            st.lead.push(NOTHING_BEFORE.to_string());
            Ok(At::Name)
        }
    }
}

/// The role prompt, each role with what it means. A change of role that would drop
/// answers (to questions the new role is not asked) is confirmed first. `within` the
/// interview, going on leads to the first question still to ask.
fn role(
    q: &Questionnaire,
    st: &mut State,
    opts: &Options,
    p: &mut dyn Prompter,
    within: bool,
) -> Flow<At> {
    st.open(p, Vec::new())?;
    let items: Vec<String> = q
        .roles
        .iter()
        .map(|r| match r.description.trim() {
            "" => plain(&r.name),
            d => format!("{}: {}", plain(&r.name), plain(d)),
        })
        .collect();
    let current = st
        .set
        .role
        .as_deref()
        .and_then(|id| q.roles.iter().position(|r| r.id == id));
    let i = match p.select("Your role", &items, current)? {
        Reply::Back if opts.ask_name => return Ok(At::Name),
        Reply::Back => {
            st.lead.push(NOTHING_BEFORE.to_string());
            return Ok(At::Role);
        }
        Reply::Answer(i) => i,
    };
    let id = q.roles[i].id.to_string();
    if st.set.role.as_deref() != Some(id.as_str()) {
        let mut changed = st.set.clone();
        changed.role = Some(id);
        prune(q, &mut changed);
        let dropped = st.set.answers.len() - changed.answers.len();
        if dropped > 0 {
            let ask = format!(
                "As {}, {dropped} of your answers would be removed (questions that role is not asked). Change your role?",
                plain(&q.roles[i].name)
            );
            if p.confirm(&ask, false)? != Reply::Answer(true) {
                return Ok(At::Role);
            }
        }
        st.set = changed;
    }
    Ok(if within {
        st.next_open(q, None)
    } else {
        At::Done
    })
}

/// The last question before `before` that is asked.
fn last_asked(q: &Questionnaire, set: &AnswerSet, before: usize) -> Option<usize> {
    (0..before).rev().find(|&i| scoring::asked(q, i, set))
}

/// What heads question `qi`'s page: its section when the section starts, its help,
/// and the progress.
fn head(q: &Questionnaire, st: &mut State, qi: usize) -> Head {
    let question = &q.questions[qi];
    let mut head = Vec::new();
    if let Some(d) = question.dimension
        && Some(d) != st.last_section
    {
        st.last_section = Some(d);
        let sections = sections(q);
        let n = sections.iter().position(|&s| s == d).unwrap_or(0) + 1;
        let dim = &q.dimensions[d];
        head.push(Line::Heading(format!(
            "Section {n} of {}: {}",
            sections.len(),
            plain(&dim.name)
        )));
        if !dim.description.is_empty() {
            head.push(Line::Note(plain(&dim.description)));
        }
    }
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
        head.push(Line::Note(help.join("\n")));
    }
    // Last, right above the question: on a page taller than the window, what scrolls
    // away is the section's introduction, never where the respondent is.
    head.push(Line::Text(progress(q, qi, &st.set)));
    head
}

/// Asks question `qi` on a page of its own and says where to go next.
fn step(
    q: &Questionnaire,
    st: &mut State,
    qi: usize,
    opts: &Options,
    p: &mut dyn Prompter,
    save: Save<'_>,
) -> Flow<At> {
    let question = &q.questions[qi];
    let head = head(q, st, qi);
    let reply = match &question.kind {
        Kind::FiveWhys { max_whys, .. } => {
            // What is due to be said goes on each of the chain's pages.
            let head = st.lead(head);
            whys::five_whys(q, question, *max_whys, &head, &mut st.set, p, save)?
        }
        _ => {
            st.open(p, head)?;
            ask::ask(q, question, st.set.answers.get(question.id.as_str()), p)?
        }
    };
    match reply {
        Reply::Back => {
            st.last_section = None;
            Ok(match last_asked(q, &st.set, qi) {
                Some(prev) => At::Question(prev),
                None => before_first(st, opts, At::Question(qi)),
            })
        }
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
            Ok(st.next_open(q, Some(qi)))
        }
    }
}

/// The first question that is asked and has no answer yet (a five-whys chain not yet
/// tagged with its cause counts as unanswered: it was interrupted on the way).
pub fn first_unanswered(q: &Questionnaire, set: &AnswerSet) -> Option<usize> {
    (0..q.questions.len()).find(|&i| scoring::asked(q, i, set) && pending(q, set, i))
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

/// The review before finishing: every answer by number (and the name and role where
/// they were asked). Choosing one goes to it; Finish ends.
fn review(q: &Questionnaire, st: &mut State, opts: &Options, p: &mut dyn Prompter) -> Flow<At> {
    let set = &st.set;
    let asked: Vec<usize> = (0..q.questions.len())
        .filter(|&i| scoring::asked(q, i, set))
        .collect();
    let mut items = vec![FINISH.to_string()];
    let mut targets = vec![At::Done];
    if opts.ask_name {
        let name = set
            .respondent
            .as_deref()
            .map_or("(anonymous)".into(), plain);
        items.push(format!("Your name — {name}"));
        targets.push(At::Name);
    }
    if opts.ask_role {
        let role = set
            .role
            .as_deref()
            .and_then(|id| q.role(id))
            .map_or(String::new(), |r| plain(&r.name));
        items.push(format!("Your role — {role}"));
        targets.push(At::Role);
    }
    for (n, &i) in asked.iter().enumerate() {
        items.push(format!(
            "{}. {} — {}",
            n + 1,
            shorten(&plain(&q.questions[i].text), 70),
            shorten(&review_answer(q, i, set), 70)
        ));
        targets.push(At::Question(i));
    }
    let said = format!(
        "Review: your {} answers. Choose one to change it, or finish.",
        asked.len()
    );
    st.open(p, vec![Line::Text(said)])?;
    st.last_section = None;
    Ok(match p.select("Review your answers", &items, Some(0))? {
        Reply::Back => match last_asked(q, &st.set, q.questions.len()) {
            Some(qi) => At::Question(qi),
            None => before_first(st, opts, At::Review),
        },
        Reply::Answer(k) => targets.get(k).copied().unwrap_or(At::Review),
    })
}
