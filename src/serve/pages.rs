//! The participants' pages, server-rendered with maud (which escapes every value).
//! One page per step, readable at 360 px wide, working without JavaScript, nothing
//! fetched but our own stylesheet. Every text from the questionnaire or typed by
//! someone goes through [`t`] on its way in: no control, invisible or bidirectional
//! character reaches a page.

use super::flow::{self, Progress};
use super::state::Settings;
use crate::answers::{Answer, AnswerSet, Chain};
use crate::questionnaire::{DONT_KNOW, Kind, OTHER_CAUSE, Question, Questionnaire};
use maud::{DOCTYPE, Markup, html};
use std::borrow::Cow;

/// Text for a page: control, invisible and bidirectional characters removed (the one
/// sanitising gate, [`crate::sanitize::plain`]); maud escapes the rest.
pub fn t(s: &str) -> Cow<'_, str> {
    crate::sanitize::plain_cow(s)
}

/// The one stylesheet, served at [`CSS_PATH`].
pub const CSS: &str = include_str!("tandem.css");
pub const CSS_PATH: &str = "/s/tandem.css";

pub fn layout(title: &str, refresh: Option<u32>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                @if let Some(s) = refresh { meta http-equiv="refresh" content=(s); }
                title { (t(title)) " · tandem" }
                link rel="stylesheet" href=(CSS_PATH);
            }
            body { main { (body) } }
        }
    }
}

/// The plain refusal for any wrong code, secret or address: the same whatever was
/// guessed, so it tells nothing about what exists.
pub fn not_found() -> Markup {
    layout(
        "Not found",
        None,
        html! { h1 { "Not found" } p { "Check the address you were given." } },
    )
}

/// A page with a message and a way on.
pub fn message(title: &str, text: &str, link: Option<(&str, &str)>) -> Markup {
    layout(
        title,
        None,
        html! {
            h1 { (t(title)) }
            p { (t(text)) }
            @if let Some((href, label)) = link { p { a.button href=(href) { (label) } } }
        },
    )
}

pub fn closed(code: &str) -> Markup {
    layout(
        "Answering is closed",
        None,
        html! {
            h1 { "Answering is closed" }
            p { "The facilitator has closed answering for now. Everything you answered is saved." }
            p { a.button href=(format!("/j/{code}")) { "Try again" } }
        },
    )
}

/// Who will see what, in the participant's words, from the options the server runs
/// with: said on the join page and again on the thank-you page.
pub fn promise(s: &Settings) -> Vec<String> {
    let mut v = Vec::new();
    let named = if s.names {
        "Your answers (and your name, if you give it)"
    } else {
        "Your answers (you are not asked your name)"
    };
    v.push(format!(
        "{named} are saved after every page in a file on the facilitator's computer; the facilitator can read that file."
    ));
    match s.report.effective_min_group().filter(|&n| n > 1) {
        Some(n) => v.push(format!(
            "The room sees only the group's results, without names: a role is shown on its own only when at least {n} people in it have answered, and the live report changes only when at least {n} more have finished, so no one's answers can be worked out from it."
        )),
        None if s.names => v.push(
            "The group report lists each person's scores, under their name when they give one (else under a file name that shows their role)."
                .to_string(),
        ),
        None => v.push(
            "The group report lists each person's scores, under a file name that shows their role."
                .to_string(),
        ),
    }
    v.push(
        "What you type in a comment box may be shown word for word (the facilitator can hold a comment back): leave out anything that would identify you."
            .to_string(),
    );
    v
}

/// What the join page needs.
pub struct Join<'a> {
    pub code: &'a str,
    /// The form's ticket (its form token, valid across restarts).
    pub ticket: &'a str,
    pub settings: &'a Settings,
    pub error: Option<&'a str>,
    /// A message for the personal-code form.
    pub code_error: Option<&'a str>,
}

/// The first page: what this is, the role to answer as, and the way back for someone
/// who started before.
pub fn join(q: &Questionnaire, j: &Join) -> Markup {
    layout(
        &q.title,
        None,
        html! {
            h1 { (t(&q.title)) }
            @if !q.description.is_empty() { p.lead { (t(&q.description)) } }
            @if let Some(e) = j.error { p.error role="alert" { (e) } }
            form method="post" action=(format!("/j/{}/start", j.code)) {
                input type="hidden" name="csrf" value=(j.ticket);
                fieldset {
                    legend { "Which role is yours?" }
                    @for r in &q.roles {
                        label.choice {
                            input type="radio" name="role" value=(r.id) required;
                            span { strong { (t(&r.name)) } @if !r.description.is_empty() { br; small { (t(&r.description)) } } }
                        }
                    }
                }
                @if j.settings.names {
                    label.text { "Your name (optional)" input type="text" name="name" maxlength="80" autocomplete="name"; }
                }
                @for line in promise(j.settings) { p.small { (line) } }
                button type="submit" { "Start" }
            }
            h2 { "Started already?" }
            form method="post" action=(format!("/j/{}/resume", j.code)) {
                input type="hidden" name="csrf" value=(j.ticket);
                @if let Some(e) = j.code_error { p.error role="alert" { (e) } }
                label.text { "Your personal code (on every page you answered)"
                    input type="text" name="code" maxlength="20" autocomplete="off" autocapitalize="characters" spellcheck="false";
                }
                button type="submit" { "Back to my answers" }
            }
        },
    )
}

/// The personal code, on every page of a participant's.
fn your_code(code: &str, first: bool) -> Markup {
    html! {
        @if first {
            p.ok { "Your personal code is " strong.code { (code) } ". Note it: with it you get back to your answers on any device (open the join address and enter it)." }
        } @else {
            p.small.code { "Your personal code: " strong { (code) } }
        }
    }
}

/// What a question page needs besides the questionnaire.
pub struct QuestionPage<'a> {
    pub code: &'a str,
    pub csrf: &'a str,
    /// The participant's personal code, as shown (`ABCD-EFGH`).
    pub personal: &'a str,
    /// Nothing answered yet: the code is shown large, to be noted.
    pub first: bool,
    pub qi: usize,
    pub progress: Progress,
    pub back: Option<String>,
    pub from_review: bool,
    pub error: Option<&'a str>,
    /// The answer shown selected: the saved one, or what was just posted.
    pub current: Option<&'a Answer>,
    /// For the five whys: the cause offered first and the weakest area so far.
    pub suggested_cause: String,
    pub weakest: Option<(String, f64)>,
}

pub fn question(q: &Questionnaire, p: &QuestionPage) -> Markup {
    let question = &q.questions[p.qi];
    let (n, total) = p.progress.question;
    layout(
        &format!("Question {n} of {total}"),
        None,
        html! {
            p.progress {
                @if let Some((s, ns, name)) = &p.progress.section { "Section " (s) " of " (ns) ": " (t(name)) br; }
                "Question " (n) " of " (total)
            }
            progress max=(total) value=(n) {}
            form method="post" action=(format!("/j/{}/q/{}", p.code, question.id)) {
                input type="hidden" name="csrf" value=(p.csrf);
                @if p.from_review { input type="hidden" name="from" value="review"; }
                h1 { (t(&question.text)) }
                @if !question.help.is_empty() { p.help { (t(&question.help)) } }
                @if let Some(e) = p.error { p.error role="alert" { (e) } }
                (inputs(q, question, p))
                div.nav {
                    @if let Some(b) = &p.back { a.back href=(b) { "Back" } }
                    button type="submit" { "Next" }
                }
            }
            (your_code(p.personal, p.first))
        },
    )
}

fn inputs(q: &Questionnaire, question: &Question, p: &QuestionPage) -> Markup {
    let cur = p.current;
    let dk_checked = cur == Some(&Answer::DontKnow);
    let dk = html! {
        @if question.dont_know {
            label.choice.dk {
                input type=(if matches!(question.kind, Kind::Multi { .. }) { "checkbox" } else { "radio" })
                    name="a" value=(DONT_KNOW) checked[dk_checked];
                span { (q.dont_know_label) }
            }
        }
    };
    match &question.kind {
        Kind::Single { options } => html! {
            fieldset {
                legend.sr { "Choose one" }
                @for o in options {
                    label.choice {
                        input type="radio" name="a" value=(o.id) required
                            checked[matches!(cur, Some(Answer::Choice(c)) if *c == o.id)];
                        span { (t(&o.label)) @if !o.help.is_empty() { br; small { (t(&o.help)) } } }
                    }
                }
                (dk)
            }
        },
        Kind::Multi { options } => html! {
            fieldset {
                legend { "Tick all that apply (none ticked means none apply)" }
                @for o in options {
                    label.choice {
                        input type="checkbox" name="a" value=(o.id)
                            checked[matches!(cur, Some(Answer::Choices(c)) if c.iter().any(|x| x == &o.id))];
                        span { (t(&o.label)) @if !o.help.is_empty() { br; small { (t(&o.help)) } } }
                    }
                }
                (dk)
            }
        },
        Kind::Scale(s) => html! {
            fieldset.scale {
                legend.sr { "Choose one" }
                @for v in s.min..=s.max {
                    label.choice {
                        input type="radio" name="a" value=(v) required
                            checked[cur == Some(&Answer::Value(v))];
                        span { strong { (v) } @if let Some(l) = s.label(v) { " " (t(l)) } }
                    }
                }
                (dk)
            }
        },
        Kind::Text => {
            let text = match cur {
                Some(Answer::Text(x)) => x.as_str(),
                _ => "",
            };
            html! {
                label.text { "Your answer (optional)"
                    textarea name="a" rows="4" maxlength=(flow::MAX_TEXT) { (text) }
                }
            }
        }
        Kind::FiveWhys { max_whys, .. } => five_whys(q, *max_whys, p),
    }
}

fn five_whys(q: &Questionnaire, max_whys: usize, p: &QuestionPage) -> Markup {
    let empty = Chain::default();
    let chain = match p.current {
        Some(Answer::Chain(c)) => c,
        _ => &empty,
    };
    let min = crate::interview::MIN_WHYS.min(max_whys);
    html! {
        @if let Some((name, v)) = &p.weakest {
            @if chain.symptom.is_empty() {
                p.help { "Your weakest area so far is " strong { (t(name)) } " (" (format!("{v:.0}")) "/100). Start from a symptom there, or describe another." }
            }
        }
        label.text { "The symptom of misalignment that hurts most"
            textarea name="symptom" rows="2" required maxlength=(flow::MAX_TEXT) { (t(&chain.symptom)) }
        }
        @for i in 1..=max_whys {
            label.text {
                "Why? (" (i) "/" (max_whys) ")" @if i > min { " — optional" }
                textarea name=(format!("why{i}")) rows="2" required[i <= min] maxlength=(flow::MAX_TEXT) {
                    (t(chain.whys.get(i - 1).map(String::as_str).unwrap_or("")))
                }
            }
        }
        fieldset {
            legend { "Which root cause does the chain end at?" }
            @for c in &q.causes {
                label.choice {
                    input type="radio" name="cause" value=(c.id) required checked[p.suggested_cause == c.id];
                    span { (t(&c.name)) }
                }
            }
            label.choice {
                input type="radio" name="cause" value=(OTHER_CAUSE) checked[p.suggested_cause == OTHER_CAUSE];
                span { "Other: none of these" }
            }
        }
    }
}

/// An answer as the participant chose it, for the review page.
fn answer_text(q: &Questionnaire, question: &Question, a: &Answer) -> String {
    let label = |id: &str| {
        question
            .kind
            .options()
            .iter()
            .find(|o| o.id == id)
            .map_or_else(|| id.to_string(), |o| o.label.to_string())
    };
    match a {
        Answer::DontKnow => q.dont_know_label.to_string(),
        Answer::Choice(c) => label(c),
        Answer::Choices(cs) if cs.is_empty() => "None of these".into(),
        Answer::Choices(cs) => cs.iter().map(|c| label(c)).collect::<Vec<_>>().join("; "),
        Answer::Value(v) => match &question.kind {
            Kind::Scale(s) => s.label(*v).map_or(v.to_string(), |l| format!("{v} {l}")),
            _ => v.to_string(),
        },
        Answer::Text(t) => t.clone(),
        Answer::Chain(c) => crate::interview::read_back(q, c),
    }
}

/// Every question asked, its answer and an edit link; submitting once nothing
/// required is missing.
pub fn review(
    q: &Questionnaire,
    code: &str,
    csrf: &str,
    personal: &str,
    set: &AnswerSet,
    missing: &[usize],
) -> Markup {
    layout(
        "Review your answers",
        None,
        html! {
            h1 { "Review your answers" }
            @if set.complete { p.ok { "Submitted. You can still change an answer while answering is open." } }
            @if !missing.is_empty() { p.error role="alert" { "Some questions still need an answer (marked below)." } }
            ol.review {
                @for (i, question) in q.questions.iter().enumerate().filter(|(i, _)| flow::is_asked(q, *i, set)) {
                    li {
                        p.q { (t(&question.text)) }
                        @match set.answers.get(question.id.as_str()) {
                            Some(a) => { p.a { (t(&answer_text(q, question, a))) } }
                            None if missing.contains(&i) => { p.a.missing { "Not answered yet" } }
                            None => { p.a.blank { "No answer (optional)" } }
                        }
                        a.edit href=(format!("/j/{code}/q/{}?from=review", question.id)) { "Edit" span.sr { ": " (t(&question.text)) } }
                    }
                }
            }
            @if missing.is_empty() {
                form method="post" action=(format!("/j/{code}/submit")) {
                    input type="hidden" name="csrf" value=(csrf);
                    button type="submit" { @if set.complete { "Submit again" } @else { "Submit my answers" } }
                }
            }
            (your_code(personal, false))
        },
    )
}

pub fn done(code: &str, personal: &str, settings: &Settings) -> Markup {
    layout(
        "Thank you",
        None,
        html! {
            h1 { "Thank you" }
            p { "Your answers are submitted." }
            @for line in promise(settings) { p { (line) } }
            p { a href=(format!("/j/{code}/review")) { "See or change my answers" } }
            (your_code(personal, false))
        },
    )
}
