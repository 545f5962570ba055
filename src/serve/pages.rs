//! The HTML pages, server-rendered with maud (which escapes every value). One page per
//! step, readable at 360 px wide, working without JavaScript, nothing fetched but our
//! own stylesheet.

use super::flow::{self, Progress};
use super::state::Counts;
use crate::answers::{Answer, AnswerSet, Chain};
use crate::questionnaire::{DONT_KNOW, Kind, OTHER_CAUSE, Question, Questionnaire};
use maud::{DOCTYPE, Markup, PreEscaped, html};

/// The one stylesheet, served at [`CSS_PATH`].
pub const CSS: &str = include_str!("tandem.css");
pub const CSS_PATH: &str = "/s/tandem.css";

fn layout(title: &str, refresh: Option<u32>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                @if let Some(s) = refresh { meta http-equiv="refresh" content=(s); }
                title { (title) " · tandem" }
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
            h1 { (title) }
            p { (text) }
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

/// The first page: what this is, and the role to answer as.
pub fn join(
    q: &Questionnaire,
    code: &str,
    csrf: &str,
    ask_name: bool,
    error: Option<&str>,
) -> Markup {
    layout(
        &q.title,
        None,
        html! {
            h1 { (q.title) }
            @if !q.description.is_empty() { p.lead { (q.description) } }
            @if let Some(e) = error { p.error role="alert" { (e) } }
            form method="post" action=(format!("/j/{code}/start")) {
                input type="hidden" name="csrf" value=(csrf);
                fieldset {
                    legend { "Which role is yours?" }
                    @for r in &q.roles {
                        label.choice {
                            input type="radio" name="role" value=(r.id) required;
                            span { strong { (r.name) } @if !r.description.is_empty() { br; small { (r.description) } } }
                        }
                    }
                }
                @if ask_name {
                    label.text { "Your name (optional)" input type="text" name="name" maxlength="80" autocomplete="name"; }
                }
                p.small { "Your answers are saved after every page on the facilitator's computer. You can close this page and come back to it on this device." }
                button type="submit" { "Start" }
            }
        },
    )
}

/// What a question page needs besides the questionnaire.
pub struct QuestionPage<'a> {
    pub code: &'a str,
    pub csrf: &'a str,
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
                @if let Some((s, ns, name)) = &p.progress.section { "Section " (s) " of " (ns) ": " (name) br; }
                "Question " (n) " of " (total)
            }
            progress max=(total) value=(n) {}
            form method="post" action=(format!("/j/{}/q/{}", p.code, question.id)) {
                input type="hidden" name="csrf" value=(p.csrf);
                @if p.from_review { input type="hidden" name="from" value="review"; }
                h1 { (question.text) }
                @if !question.help.is_empty() { p.help { (question.help) } }
                @if let Some(e) = p.error { p.error role="alert" { (e) } }
                (inputs(q, question, p))
                div.nav {
                    @if let Some(b) = &p.back { a.back href=(b) { "Back" } }
                    button type="submit" { "Next" }
                }
            }
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
                        span { (o.label) @if !o.help.is_empty() { br; small { (o.help) } } }
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
                        span { (o.label) @if !o.help.is_empty() { br; small { (o.help) } } }
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
                        span { strong { (v) } @if let Some(l) = s.label(v) { " " (l) } }
                    }
                }
                (dk)
            }
        },
        Kind::Text => {
            let t = match cur {
                Some(Answer::Text(t)) => t.as_str(),
                _ => "",
            };
            html! {
                label.text { "Your answer (optional)"
                    textarea name="a" rows="4" maxlength=(flow::MAX_TEXT) { (t) }
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
                p.help { "Your weakest area so far is " strong { (name) } " (" (format!("{v:.0}")) "/100). Start from a symptom there, or describe another." }
            }
        }
        label.text { "The symptom of misalignment that hurts most"
            textarea name="symptom" rows="2" required maxlength=(flow::MAX_TEXT) { (chain.symptom) }
        }
        @for i in 1..=max_whys {
            label.text {
                "Why? (" (i) "/" (max_whys) ")" @if i > min { " — optional" }
                textarea name=(format!("why{i}")) rows="2" required[i <= min] maxlength=(flow::MAX_TEXT) {
                    (chain.whys.get(i - 1).map(String::as_str).unwrap_or(""))
                }
            }
        }
        fieldset {
            legend { "Which root cause does the chain end at?" }
            @for c in &q.causes {
                label.choice {
                    input type="radio" name="cause" value=(c.id) required checked[p.suggested_cause == c.id];
                    span { (c.name) }
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
                        p.q { (question.text) }
                        @match set.answers.get(question.id.as_str()) {
                            Some(a) => { p.a { (answer_text(q, question, a)) } }
                            None if missing.contains(&i) => { p.a.missing { "Not answered yet" } }
                            None => { p.a.blank { "No answer (optional)" } }
                        }
                        a.edit href=(format!("/j/{code}/q/{}?from=review", question.id)) { "Edit" span.sr { ": " (question.text) } }
                    }
                }
            }
            @if missing.is_empty() {
                form method="post" action=(format!("/j/{code}/submit")) {
                    input type="hidden" name="csrf" value=(csrf);
                    button type="submit" { @if set.complete { "Submit again" } @else { "Submit my answers" } }
                }
            }
        },
    )
}

pub fn done(code: &str) -> Markup {
    layout(
        "Thank you",
        None,
        html! {
            h1 { "Thank you" }
            p { "Your answers are submitted. The facilitator will show the room the group's result: no one will see your individual answers on screen." }
            p { a href=(format!("/j/{code}/review")) { "See or change my answers" } }
        },
    )
}

/// What the facilitator page shows.
pub struct Dashboard<'a> {
    pub secret: &'a str,
    pub csrf: &'a str,
    pub join_url: &'a str,
    pub qr_svg: Option<String>,
    pub open: bool,
    pub counts: &'a Counts,
    pub min_group: Option<usize>,
    pub title: &'a str,
    /// The last failure to save an answers file, if any.
    pub error: Option<String>,
}

pub fn dashboard(d: &Dashboard) -> Markup {
    let c = d.counts;
    let n = d.min_group.unwrap_or(1);
    // Roles with fewer than --min-group people are not shown one by one.
    let (shown, folded): (Vec<_>, Vec<_>) = c.roles.iter().partition(|r| r.1 >= n || r.1 == 0);
    let folded_joined: usize = folded.iter().map(|r| r.1).sum();
    let folded_finished: usize = folded.iter().map(|r| r.2).sum();
    layout(
        "Facilitator",
        Some(5),
        html! {
            h1 { (d.title) }
            @if let Some(e) = &d.error { p.error role="alert" { "Could not save answers: " (e) } }
            p.big { strong { (c.finished) } " finished · " strong { (c.joined) } " joined" }
            p { @if d.open { "Answering is open." } @else { strong { "Answering is closed." } } }
            form method="post" action=(format!("/f/{}/{}", d.secret, if d.open { "close" } else { "open" })) {
                input type="hidden" name="csrf" value=(d.csrf);
                button type="submit" { @if d.open { "Close answering" } @else { "Reopen answering" } }
            }
            table {
                thead { tr { th { "Role" } th.num { "Joined" } th.num { "Finished" } } }
                tbody {
                    @for r in shown { tr { td { (r.0) } td.num { (r.1) } td.num { (r.2) } } }
                    @if folded_joined > 0 {
                        tr { td { "Roles with fewer than " (n) " people" } td.num { (folded_joined) } td.num { (folded_finished) } }
                    }
                }
            }
            p { a.button href=(format!("/f/{}/report", d.secret)) { "Group report" } " "
                a href=(format!("/f/{}/report?auto=1", d.secret)) { "(refreshing every 30 s)" } }
            h2 { "Join" }
            p { "Participants open " code { (d.join_url) } }
            @if let Some(svg) = &d.qr_svg {
                // Our own SVG (path data only), built from the join address.
                div.qr role="img" aria-label=(format!("QR code for {}", d.join_url)) { (PreEscaped(svg)) }
            }
            p.small { "This page refreshes every 5 seconds." }
        },
    )
}

/// Instead of the report while there is not enough to show.
pub fn no_report(secret: &str, why: &str) -> Markup {
    layout(
        "Group report",
        Some(10),
        html! {
            h1 { "Group report" }
            p { (why) }
            p { a href=(format!("/f/{secret}")) { "Back to the facilitator page" } }
        },
    )
}
