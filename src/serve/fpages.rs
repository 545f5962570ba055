//! The facilitator's pages: the dashboard, the participants to check (duplicates,
//! unfinished joins) and the comments to hold back. Participants are shown by their
//! join number, never by role: the dashboard's role counts are folded as reports fold
//! them, and a list with roles would undo that.

use super::pages::{layout, t};
use super::state::Counts;
use maud::{Markup, PreEscaped, html};

/// What the dashboard shows.
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
    /// Participants worth a look: possible duplicates and unfinished joins.
    pub to_check: usize,
    pub comments: usize,
}

pub fn dashboard(d: &Dashboard) -> Markup {
    let c = d.counts;
    let n = d.min_group.unwrap_or(1);
    let f = |path: &str| format!("/f/{}{path}", d.secret);
    layout(
        "Facilitator",
        Some(5),
        html! {
            h1 { (t(d.title)) }
            @if let Some(e) = &d.error { p.error role="alert" { "Could not save answers: " (t(e)) } }
            p.big { strong { (c.finished) } " finished · " strong { (c.joined) } " joined" }
            p { @if d.open { "Answering is open." } @else { strong { "Answering is closed." } } }
            form method="post" action=(f(if d.open { "/close" } else { "/open" })) {
                input type="hidden" name="csrf" value=(d.csrf);
                button type="submit" { @if d.open { "Close answering" } @else { "Reopen answering" } }
            }
            @if !c.roles.is_empty() {
                table {
                    thead { tr { th { "Role" } th.num { "Joined" } th.num { "Finished" } } }
                    tbody {
                        @for r in &c.roles { tr { td { (t(&r.0)) } td.num { (r.1) } td.num { (r.2) } } }
                        @if let Some((j, fin)) = c.folded {
                            tr { td { "Other roles together" } td.num { (j) } td.num { (fin) } }
                        }
                    }
                }
            }
            @if n > 1 {
                p.small { "Roles with fewer than " (n) " people are counted together, as the report shows them." }
            }
            p { a.button href=(f("/report")) { "Group report" } " "
                a href=(f("/report?auto=1")) { "(refreshing every 30 s)" } }
            p {
                a href=(f("/people")) { "Participants to check" } " (" (d.to_check) ")"
                @if c.discarded > 0 { ", " (c.discarded) " discarded" }
                " · " a href=(f("/comments")) { "Comments" } " (" (d.comments) ")"
            }
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

/// Instead of the report while there is nothing to show.
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

/// One participant on the page of those to check.
#[derive(Debug, Clone)]
pub struct PersonRow {
    pub id: String,
    /// Their number in the order people joined.
    pub number: usize,
    pub name: Option<String>,
    pub joined: String,
    pub seen: String,
    pub answered: usize,
    pub finished: bool,
    /// Why they are listed: "not finished", "same device as #3".
    pub why: Vec<String>,
    pub discarded: bool,
}

pub struct People<'a> {
    pub secret: &'a str,
    pub csrf: &'a str,
    pub rows: &'a [PersonRow],
    /// Rows left off the list.
    pub more: usize,
    /// Joins with no answer at all, not discarded.
    pub empty: usize,
}

pub fn people(p: &People) -> Markup {
    let f = |path: &str| format!("/f/{}{path}", p.secret);
    layout(
        "Participants to check",
        None,
        html! {
            h1 { "Participants to check" }
            p { "Possible duplicates (a second join from the same device, or the same name and role) and joins not finished. "
                "Discarding leaves a participant out of every report, here and in " code { "tandem score" } "; their answers file is kept and they can be counted again." }
            @if p.empty > 0 {
                form method="post" action=(f("/discard-empty")) {
                    input type="hidden" name="csrf" value=(p.csrf);
                    button.quiet type="submit" { "Discard the " (p.empty) " joins with no answer" }
                }
            }
            @if p.rows.is_empty() { p { "Nobody to check." } }
            @else {
                table {
                    thead { tr { th { "#" } th { "Joined" } th { "Last seen" } th.num { "Answers" } th { "Why listed" } th {} } }
                    tbody {
                        @for r in p.rows {
                            tr {
                                td { (r.number) @if let Some(n) = &r.name { " " (t(n)) } }
                                td { (r.joined) }
                                td { (r.seen) }
                                td.num { (r.answered) @if r.finished { " ✓" } }
                                td { (r.why.join("; ")) }
                                td {
                                    form.inline method="post" action=(f(if r.discarded { "/restore" } else { "/discard" })) {
                                        input type="hidden" name="csrf" value=(p.csrf);
                                        input type="hidden" name="participant" value=(r.id);
                                        button.small.quiet type="submit" { @if r.discarded { "Count again" } @else { "Discard" } }
                                    }
                                }
                            }
                        }
                    }
                }
                @if p.more > 0 { p.small { (p.more) " more not shown (the longest idle first)." } }
            }
            p { a href=(f("")) { "Back to the facilitator page" } }
        },
    )
}

/// One comment on the comments page.
#[derive(Debug, Clone)]
pub struct Comment {
    pub participant: String,
    pub question: String,
    pub text: String,
    pub held: bool,
    /// In the live report's current snapshot.
    pub shown: bool,
}

pub struct Comments<'a> {
    pub secret: &'a str,
    pub csrf: &'a str,
    /// (question text, its comments).
    pub questions: &'a [(String, Vec<Comment>)],
}

pub fn comments(c: &Comments) -> Markup {
    let f = |path: &str| format!("/f/{}{path}", c.secret);
    layout(
        "Comments",
        None,
        html! {
            h1 { "Comments" }
            p { "Every free-text answer and five-whys chain, as typed. Holding one back keeps its text out of every report (the live one at once, and "
                code { "tandem score" } "); the answer itself stays in its file, and can be shown again." }
            @if c.questions.iter().all(|(_, v)| v.is_empty()) { p { "No comments yet." } }
            @for (question, list) in c.questions {
                @if !list.is_empty() {
                    h2 { (t(question)) }
                    ul.comments {
                        @for x in list {
                            li {
                                @if x.held { del { (t(&x.text)) } " " small { "(held back)" } }
                                @else { (t(&x.text)) " " small { @if x.shown { "(in the live report)" } @else { "(not in the report yet)" } } }
                                " "
                                form.inline method="post" action=(f(if x.held { "/show" } else { "/hold" })) {
                                    input type="hidden" name="csrf" value=(c.csrf);
                                    input type="hidden" name="participant" value=(x.participant);
                                    input type="hidden" name="question" value=(x.question);
                                    button.small.quiet type="submit" { @if x.held { "Show again" } @else { "Hold back" } }
                                }
                            }
                        }
                    }
                }
            }
            p { a href=(f("")) { "Back to the facilitator page" } }
        },
    )
}

/// "12 min ago", for the list of participants.
pub fn ago(then: u64, now: u64) -> String {
    if then == 0 {
        return "earlier run".into();
    }
    let s = now.saturating_sub(then);
    match s {
        0..=59 => "just now".into(),
        60..=3599 => format!("{} min ago", s / 60),
        _ => format!("{} h {} min ago", s / 3600, (s % 3600) / 60),
    }
}
