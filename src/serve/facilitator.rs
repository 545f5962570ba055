//! The facilitator's routes: the dashboard, closing and reopening, the live report,
//! the participants to check (discard, count again) and the comments (hold back,
//! show again). Every one checks the secret in the address; every form also carries a
//! token derived from the server's key.

use super::fpages::{self, Comment, PersonRow};
use super::live::{Next, Status};
use super::pages;
use super::reply::{St, blocking, fields, ok, page, refuse, see};
use super::security::{self, same, same_origin};
use super::state::{Participant, State};
use crate::answers::Answer;
use crate::held::HeldComment;
use crate::questionnaire::Kind;
use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::sync::Arc;

fn csrf(st: &State) -> String {
    st.keyed.csrf("facilitator")
}

/// A facilitator's post, checked: the refusal, if any.
fn checked(
    st: &State,
    secret: &str,
    headers: &HeaderMap,
    f: &super::flow::Fields,
) -> Option<Response> {
    if !same(secret, &st.secret) {
        return Some(refuse());
    }
    if !same_origin(headers) || !same(super::flow::field(f, "csrf").unwrap_or(""), &csrf(st)) {
        return Some(page(
            StatusCode::FORBIDDEN,
            pages::message(
                "Not accepted",
                "This form is out of date or came from another site.",
                None,
            ),
        ));
    }
    None
}

pub async fn dashboard(axum::extract::State(st): St, Path(secret): Path<String>) -> Response {
    if !same(&secret, &st.secret) {
        return refuse();
    }
    let counts = st.counts().await;
    let (rows, _) = to_check(&st).await;
    let comments = comments_of(&st).await.iter().map(|(_, v)| v.len()).sum();
    let join_url = st.join_url();
    let token = csrf(&st);
    ok(fpages::dashboard(&fpages::Dashboard {
        secret: &st.secret,
        csrf: &token,
        join_url: &join_url,
        qr_svg: super::qr_svg(&join_url),
        open: st.is_open(),
        counts: &counts,
        min_group: st.settings.report.effective_min_group(),
        title: &st.q.title,
        error: st.last_error(),
        to_check: rows.iter().filter(|r| !r.discarded).count(),
        comments,
    }))
}

async fn set_open(
    st: Arc<State>,
    secret: String,
    headers: HeaderMap,
    body: Bytes,
    open: bool,
) -> Response {
    if let Some(r) = checked(&st, &secret, &headers, &fields(&body)) {
        return r;
    }
    st.set_open(open);
    see(format!("/f/{secret}"))
}

pub async fn close(
    axum::extract::State(st): St,
    Path(secret): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    set_open(st, secret, headers, body, false).await
}

pub async fn reopen(
    axum::extract::State(st): St,
    Path(secret): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    set_open(st, secret, headers, body, true).await
}

/// The sentence on the report page about the snapshot shown.
fn status_line(s: &Status) -> String {
    match s {
        Status::Waiting { finished, needed } => format!(
            "No report yet: {finished} finished so far. The first report is shown when {needed} {} finished.",
            if *needed == 1 { "has" } else { "have" }
        ),
        Status::Shown { shown, next } => {
            let when = match next {
                Next::UpToDate => "It is up to date.".to_string(),
                Next::After(1) => "The next update comes after 1 more finishes.".to_string(),
                Next::After(n) => format!("The next update comes after {n} more finish."),
                Next::Spread(n) => format!(
                    "{n} more have finished since, but too few in some role to be shown without singling someone out: the next update comes when more finish."
                ),
            };
            format!("Live report of the {shown} who had finished at its last update. {when}")
        }
    }
}

pub async fn report(
    axum::extract::State(st): St,
    Path(secret): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if !same(&secret, &st.secret) {
        return refuse();
    }
    let view = match blocking(&st, |st| st.live_view()).await {
        Ok(v) => v,
        Err(e) => return e,
    };
    let line = status_line(&view.status);
    let Some(mut html) = view.html else {
        return ok(fpages::no_report(&secret, &line));
    };
    // The status first in the page (numbers and fixed words only: nothing to escape).
    if let Some(i) = html.find("<body")
        && let Some(j) = html[i..].find('>')
    {
        html.insert_str(
            i + j + 1,
            &format!(
                "<p style=\"margin:0;padding:.5rem 1rem;background:#eef4fd;border-bottom:2px solid #1f5fbf;font:15px system-ui,sans-serif\">{line}</p>"
            ),
        );
    }
    if query.get("auto").is_some_and(|v| v == "1")
        && let Some(i) = html.find("<head>")
    {
        html.insert_str(
            i + "<head>".len(),
            "<meta http-equiv=\"refresh\" content=\"30\">",
        );
    }
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CONTENT_SECURITY_POLICY, security::CSP_REPORT),
        ],
        html,
    )
        .into_response()
}

/// Most rows the page of participants to check lists.
const ROWS: usize = 200;

/// Participants worth a look, duplicates first, then the unfinished idle longest, and
/// the discarded last; and how many joins have no answer at all.
async fn to_check(st: &State) -> (Vec<PersonRow>, usize) {
    let discarded = st.discarded_ids();
    let now = super::state::now();
    let mut rows = Vec::new();
    let mut first_of_device: HashMap<String, usize> = HashMap::new();
    let mut first_of_name: HashMap<(String, String), usize> = HashMap::new();
    let mut empty = 0;
    for (i, p) in st.all().into_iter().enumerate() {
        let p = p.lock().await;
        let number = i + 1;
        let is_discarded = discarded.contains(&p.id);
        let mut why = Vec::new();
        if !is_discarded {
            if !p.device.is_empty() {
                match first_of_device.get(&p.device) {
                    Some(k) => why.push(format!("same device as #{k}")),
                    None => {
                        first_of_device.insert(p.device.clone(), number);
                    }
                }
            }
            if let Some(n) = p
                .set
                .respondent
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
            {
                let key = (n.to_lowercase(), p.set.role.clone().unwrap_or_default());
                match first_of_name.get(&key) {
                    Some(k) => why.push(format!("same name and role as #{k}")),
                    None => {
                        first_of_name.insert(key, number);
                    }
                }
            }
            if !p.set.complete {
                why.push("not finished".into());
            }
            if p.answered() == 0 {
                empty += 1;
            }
        }
        if why.is_empty() && !is_discarded {
            continue;
        }
        rows.push(row(st, &p, number, why, is_discarded, now));
    }
    rows.sort_by_key(|r| {
        (
            r.discarded,
            !r.why.iter().any(|w| w.starts_with("same")),
            r.seen_at,
        )
    });
    (rows.into_iter().map(|r| r.row).collect(), empty)
}

struct Sortable {
    row: PersonRow,
    discarded: bool,
    why: Vec<String>,
    seen_at: u64,
}

fn row(
    st: &State,
    p: &Participant,
    number: usize,
    why: Vec<String>,
    discarded: bool,
    now: u64,
) -> Sortable {
    Sortable {
        row: PersonRow {
            id: p.id.clone(),
            number,
            name: p.set.respondent.clone().filter(|_| st.settings.names),
            joined: fpages::ago(p.joined, now),
            seen: fpages::ago(p.last_seen, now),
            answered: p.answered(),
            finished: p.set.complete,
            why: why.clone(),
            discarded,
        },
        discarded,
        why,
        seen_at: p.last_seen,
    }
}

pub async fn people(axum::extract::State(st): St, Path(secret): Path<String>) -> Response {
    if !same(&secret, &st.secret) {
        return refuse();
    }
    let (rows, empty) = to_check(&st).await;
    let more = rows.len().saturating_sub(ROWS);
    let token = csrf(&st);
    ok(fpages::people(&fpages::People {
        secret: &secret,
        csrf: &token,
        rows: &rows[..rows.len().min(ROWS)],
        more,
        empty,
    }))
}

/// The participant a facilitator's form names.
async fn named(st: &State, f: &super::flow::Fields) -> Option<(String, Option<String>)> {
    let id = super::flow::field(f, "participant")?;
    let p = st.by_id(id)?;
    let p = p.lock().await;
    Some((p.id.clone(), Some(p.file())))
}

pub async fn discard(
    axum::extract::State(st): St,
    Path(secret): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let f = fields(&body);
    if let Some(r) = checked(&st, &secret, &headers, &f) {
        return r;
    }
    if let Some((id, file)) = named(&st, &f).await
        && let Err(e) = blocking(&st, move |st| {
            st.discard(&id, file, "discarded by the facilitator")
        })
        .await
    {
        return e;
    }
    see(format!("/f/{secret}/people"))
}

pub async fn restore(
    axum::extract::State(st): St,
    Path(secret): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let f = fields(&body);
    if let Some(r) = checked(&st, &secret, &headers, &f) {
        return r;
    }
    if let Some((id, _)) = named(&st, &f).await
        && let Err(e) = blocking(&st, move |st| st.restore(&id)).await
    {
        return e;
    }
    see(format!("/f/{secret}/people"))
}

/// Discards every join with no answer (after a flood of joins, or at the end).
pub async fn discard_empty(
    axum::extract::State(st): St,
    Path(secret): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let f = fields(&body);
    if let Some(r) = checked(&st, &secret, &headers, &f) {
        return r;
    }
    let mut ids = Vec::new();
    for p in st.all() {
        let p = p.lock().await;
        if p.answered() == 0 {
            ids.push((p.id.clone(), p.file()));
        }
    }
    let done = blocking(&st, move |st| {
        st.change_held(&|h| {
            let mut changed = false;
            for (id, file) in &ids {
                if !h
                    .discarded
                    .iter()
                    .any(|d| d.participant.as_deref() == Some(id))
                {
                    h.discarded.push(crate::held::Discarded {
                        file: Some(file.clone()),
                        participant: Some(id.clone()),
                        reason: Some("joined, never answered".into()),
                    });
                    changed = true;
                }
            }
            changed
        })
    })
    .await;
    if let Err(e) = done {
        return e;
    }
    see(format!("/f/{secret}/people"))
}

/// Every comment of every participant not discarded, by question.
async fn comments_of(st: &State) -> Vec<(String, Vec<Comment>)> {
    let held = st.held();
    let shown = st.live.shown();
    let discarded = st.discarded_ids();
    let mut by: Vec<(String, Vec<Comment>)> =
        st.q.questions
            .iter()
            .filter(|x| matches!(x.kind, Kind::Text | Kind::FiveWhys { .. }))
            .map(|x| (x.text.to_string(), Vec::new()))
            .collect();
    let which: Vec<usize> = (0..st.q.questions.len())
        .filter(|&i| matches!(st.q.questions[i].kind, Kind::Text | Kind::FiveWhys { .. }))
        .collect();
    for p in st.all() {
        let p = p.lock().await;
        if discarded.contains(&p.id) || !p.has_file {
            continue;
        }
        let file = p.file();
        for (k, &qi) in which.iter().enumerate() {
            let id = st.q.questions[qi].id.as_str();
            let text = match p.set.answers.get(id) {
                Some(Answer::Text(t)) => t.clone(),
                Some(Answer::Chain(c)) => std::iter::once(c.symptom.as_str())
                    .chain(c.whys.iter().map(String::as_str))
                    .collect::<Vec<_>>()
                    .join(" → "),
                _ => continue,
            };
            by[k].1.push(Comment {
                participant: p.id.clone(),
                question: id.to_string(),
                text,
                held: held.holds(&file, id),
                shown: shown.contains(&p.id),
            });
        }
    }
    // In the order of their text, not of who wrote them.
    for (_, v) in &mut by {
        v.sort_by(|a, b| a.text.cmp(&b.text));
    }
    by
}

pub async fn comments(axum::extract::State(st): St, Path(secret): Path<String>) -> Response {
    if !same(&secret, &st.secret) {
        return refuse();
    }
    let list = comments_of(&st).await;
    let token = csrf(&st);
    ok(fpages::comments(&fpages::Comments {
        secret: &secret,
        csrf: &token,
        questions: &list,
    }))
}

async fn set_held(
    st: Arc<State>,
    secret: String,
    headers: HeaderMap,
    body: Bytes,
    hold: bool,
) -> Response {
    let f = fields(&body);
    if let Some(r) = checked(&st, &secret, &headers, &f) {
        return r;
    }
    let question = super::flow::field(&f, "question").unwrap_or("").to_string();
    let file = match super::flow::field(&f, "participant").and_then(|id| st.by_id(id)) {
        Some(p) => p.lock().await.file(),
        None => return see(format!("/f/{secret}/comments")),
    };
    if st.q.question_index(&question).is_none() {
        return see(format!("/f/{secret}/comments"));
    }
    let entry = HeldComment { file, question };
    let done = blocking(&st, move |st| {
        st.change_held(&|h| {
            let there = h.held.contains(&entry);
            if hold && !there {
                h.held.push(entry.clone());
            } else if !hold && there {
                h.held.retain(|x| *x != entry);
            }
            hold != there
        })
    })
    .await;
    if let Err(e) = done {
        return e;
    }
    see(format!("/f/{secret}/comments"))
}

pub async fn hold(
    axum::extract::State(st): St,
    Path(secret): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    set_held(st, secret, headers, body, true).await
}

pub async fn show(
    axum::extract::State(st): St,
    Path(secret): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    set_held(st, secret, headers, body, false).await
}
