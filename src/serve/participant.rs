//! The participants' routes: join (or come back with a personal code), answer page
//! by page, review, submit.
//!
//! A participant is found by their cookie's token. Every form carries a token derived
//! from the server's key (the join form a signed ticket, a participant's forms one
//! derived from their id), so a page opened before a restart is accepted after it.

use super::flow;
use super::pages::{self, QuestionPage};
use super::reply::{St, blocking, fields, forbidden, ok, page, refuse, see, too_many};
use super::security::{self, PERSONAL_CODE_LEN, same, same_origin};
use super::state::{Joined, Participant, State};
use crate::answers::{Answer, Chain};
use crate::questionnaire::Kind;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Path, Query};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use maud::Markup;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::Mutex;

/// The participant whose cookie this is, if any.
fn participant(st: &State, headers: &HeaderMap) -> Option<Arc<Mutex<Participant>>> {
    security::cookie_token(headers).and_then(|t| st.by_token(&t))
}

/// Where a participant carries on: the next open question, else the review page.
fn carry_on(st: &State, code: &str, p: &Participant, after: Option<usize>) -> String {
    match flow::next_open(&st.q, &p.set, &p.visited, after) {
        Some(i) => format!("/j/{code}/q/{}", st.q.questions[i].id),
        None => format!("/j/{code}/review"),
    }
}

/// Where a participant who came (back) in goes: on, or to the thank-you page.
fn landing(st: &State, code: &str, p: &Participant) -> String {
    if p.set.complete {
        format!("/j/{code}/done")
    } else {
        carry_on(st, code, p, None)
    }
}

/// Their personal code as shown.
fn personal(st: &State, p: &Participant) -> String {
    security::show_code(&st.keyed.personal_code(&p.id))
}

fn with_cookie(mut res: Response, token: &str) -> Response {
    if let Ok(v) = HeaderValue::from_str(&security::set_cookie(token)) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

fn join_markup(st: &State, code: &str, error: Option<&str>, code_error: Option<&str>) -> Markup {
    // A ticket needs the system's random generator; without one the form is refused
    // when posted, which says so.
    let ticket = st.keyed.ticket().unwrap_or_default();
    pages::join(
        &st.q,
        &pages::Join {
            code,
            ticket: &ticket,
            settings: &st.settings,
            error,
            code_error,
        },
    )
}

pub async fn join_page(
    axum::extract::State(st): St,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Response {
    if !same(&code, &st.code) {
        return refuse();
    }
    if let Some(p) = participant(&st, &headers) {
        return see(landing(&st, &code, &*p.lock().await));
    }
    if !st.is_open() {
        return page(StatusCode::FORBIDDEN, pages::closed(&code));
    }
    ok(join_markup(&st, &code, None, None))
}

/// The join form's checks: the right code, same site, a ticket this server signed.
fn join_form(st: &State, code: &str, headers: &HeaderMap, f: &flow::Fields) -> Option<Response> {
    if !same(code, &st.code) {
        return Some(refuse());
    }
    let ticket = flow::field(f, "csrf").unwrap_or("");
    if !same_origin(headers) || !st.keyed.valid_ticket(ticket) {
        return Some(forbidden(
            "This form is out of date or came from another site. Please start again.",
            code,
        ));
    }
    None
}

/// A device's fingerprint for pointing out duplicates: the address and the browser,
/// hashed with the server's key (neither is kept as it is).
fn device(st: &State, addr: SocketAddr, headers: &HeaderMap) -> String {
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    st.keyed
        .hash("device", &format!("{}\n{agent}", addr.ip()))
        .chars()
        .take(16)
        .collect()
}

pub async fn start(
    axum::extract::State(st): St,
    Path(code): Path<String>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let f = fields(&body);
    if let Some(refusal) = join_form(&st, &code, &headers, &f) {
        return refusal;
    }
    if !st.is_open() {
        return page(StatusCode::FORBIDDEN, pages::closed(&code));
    }
    let role = flow::field(&f, "role").unwrap_or("").to_string();
    if st.q.role(&role).is_none() {
        let m = join_markup(&st, &code, Some("Please choose your role."), None);
        return page(StatusCode::UNPROCESSABLE_ENTITY, m);
    }
    let name = flow::field(&f, "name")
        .filter(|_| st.settings.names)
        .map(|n| {
            crate::sanitize::plain(n.trim())
                .chars()
                .take(80)
                .collect::<String>()
        })
        .filter(|n| !n.is_empty());
    // A session already live in this browser: the same participant, not a second
    // one. Before their first answer they may still change their role and name.
    if let Some(p) = participant(&st, &headers) {
        let mut p = p.lock_owned().await;
        let changed = p.set.role.as_deref() != Some(&role) || p.set.respondent != name;
        if p.set.answers.is_empty() && changed {
            let (id, r, n) = (p.id.clone(), role.clone(), name.clone());
            if let Err(e) = blocking(&st, move |st| st.rechoose(&id, &r, n)).await {
                return e;
            }
            p.set.role = Some(role);
            p.set.respondent = name;
        }
        return see(landing(&st, &code, &p));
    }
    let ticket = flow::field(&f, "csrf").unwrap_or("").to_string();
    if !st.limits.join(addr.ip()) {
        return too_many(
            "Too many joins from this device. Wait a minute and try again, or ask the facilitator.",
        );
    }
    let dev = device(&st, addr, &headers);
    let joined = blocking(&st, move |st| st.join(&role, name, dev, Some(&ticket))).await;
    match joined {
        Ok(Joined::New(token)) => {
            // Straight to the first question (one redirect fewer on a slow phone).
            let first = match flow::next_open(&st.q, &Default::default(), &[], None) {
                Some(i) => format!("/j/{code}/q/{}", st.q.questions[i].id),
                None => format!("/j/{code}/review"),
            };
            with_cookie(see(first), &token)
        }
        Ok(Joined::Again(id)) => come_back(&st, &code, &id).await,
        Ok(Joined::Full) => page(
            StatusCode::SERVICE_UNAVAILABLE,
            pages::message(
                "The session is full",
                &format!(
                    "This session takes {} participants, and that many have joined. Please tell the facilitator.",
                    st.settings.max_participants
                ),
                None,
            ),
        ),
        Err(e) => e,
    }
}

/// Lets participant `id` in on this device: a new token for its cookie.
async fn come_back(st: &Arc<State>, code: &str, id: &str) -> Response {
    let Some(p) = st.by_id(id) else {
        return refuse();
    };
    let id2 = id.to_string();
    match blocking(st, move |st| st.new_token(&id2)).await {
        Ok(token) => with_cookie(see(landing(st, code, &*p.lock().await)), &token),
        Err(e) => e,
    }
}

/// The way back for a participant without their cookie: their personal code.
pub async fn resume(
    axum::extract::State(st): St,
    Path(code): Path<String>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let f = fields(&body);
    if let Some(refusal) = join_form(&st, &code, &headers, &f) {
        return refusal;
    }
    if !st.limits.may_try_code(addr.ip()) {
        return too_many(
            "Too many codes that were not right. Wait a few minutes and try again, or ask the facilitator.",
        );
    }
    let typed = flow::field(&f, "code").unwrap_or("");
    let found = security::normalise_code(typed, PERSONAL_CODE_LEN).and_then(|c| st.by_code(&c));
    let Some(p) = found else {
        st.limits.wrong_code(addr.ip());
        let m = join_markup(
            &st,
            &code,
            None,
            Some(
                "That code is not known here. Check it (8 letters and digits; there is no 0, O, 1, I or L), or start again above.",
            ),
        );
        return page(StatusCode::UNPROCESSABLE_ENTITY, m);
    };
    let id = p.lock().await.id.clone();
    come_back(&st, &code, &id).await
}

#[derive(serde::Deserialize)]
pub struct QuestionQuery {
    from: Option<String>,
}

pub async fn question_page(
    axum::extract::State(st): St,
    Path((code, qid)): Path<(String, String)>,
    Query(query): Query<QuestionQuery>,
    headers: HeaderMap,
) -> Response {
    if !same(&code, &st.code) {
        return refuse();
    }
    let Some(p) = participant(&st, &headers) else {
        return see(format!("/j/{code}"));
    };
    if !st.is_open() {
        return page(StatusCode::FORBIDDEN, pages::closed(&code));
    }
    let mut p = p.lock().await;
    p.last_seen = super::state::now();
    let Some(qi) =
        st.q.question_index(&qid)
            .filter(|&i| flow::is_asked(&st.q, i, &p.set))
    else {
        return see(carry_on(&st, &code, &p, None));
    };
    let from_review = query.from.as_deref() == Some("review");
    let current = p.set.answers.get(&qid).cloned();
    ok(question_markup(
        &st,
        &code,
        &p,
        qi,
        from_review,
        None,
        current.as_ref(),
    ))
}

fn question_markup(
    st: &State,
    code: &str,
    p: &Participant,
    qi: usize,
    from_review: bool,
    error: Option<&str>,
    current: Option<&Answer>,
) -> Markup {
    let q = &st.q;
    let back = if from_review {
        Some(format!("/j/{code}/review"))
    } else {
        flow::previous(q, &p.set, qi).map(|i| format!("/j/{code}/q/{}", q.questions[i].id))
    };
    let chain = match current {
        Some(Answer::Chain(c)) => Some(c),
        _ => None,
    };
    let five_whys = matches!(q.questions[qi].kind, Kind::FiveWhys { .. });
    let csrf = st.keyed.csrf(&p.id);
    let personal = personal(st, p);
    pages::question(
        q,
        &QuestionPage {
            code,
            csrf: &csrf,
            personal: &personal,
            first: p.set.answers.is_empty(),
            qi,
            progress: flow::progress(q, qi, &p.set),
            back,
            from_review,
            error,
            current,
            suggested_cause: if five_whys {
                flow::suggested_cause(q, &p.set, chain)
            } else {
                String::new()
            },
            weakest: if five_whys {
                crate::interview::weakest_area(q, &p.set)
            } else {
                None
            },
        },
    )
}

/// The posted chain as typed, to show again when it is refused.
fn posted_chain(f: &flow::Fields) -> Answer {
    let get = |k: &str| flow::field(f, k).unwrap_or("").trim().to_string();
    Answer::Chain(Chain {
        symptom: get("symptom"),
        whys: (1..=20)
            .map(|i| get(&format!("why{i}")))
            .take_while(|w| !w.is_empty())
            .collect(),
        cause: flow::field(f, "cause").map(str::to_string),
    })
}

/// A participant's post, checked: the right code, same site, their own token and
/// form token, answering open. The participant, locked, or the refusal.
async fn posting(
    st: &Arc<State>,
    code: &str,
    headers: &HeaderMap,
    f: &flow::Fields,
) -> Result<tokio::sync::OwnedMutexGuard<Participant>, Response> {
    if !same(code, &st.code) {
        return Err(refuse());
    }
    let Some(p) = participant(st, headers) else {
        return Err(forbidden(
            "Your session was not found on this server. If you started before, enter your personal code on the next page.",
            code,
        ));
    };
    let mut p = p.lock_owned().await;
    let csrf = st.keyed.csrf(&p.id);
    if !same_origin(headers) || !same(flow::field(f, "csrf").unwrap_or(""), &csrf) {
        return Err(forbidden(
            "This form is out of date or came from another site. Please try again.",
            code,
        ));
    }
    if !st.is_open() {
        return Err(page(StatusCode::FORBIDDEN, pages::closed(code)));
    }
    p.last_seen = super::state::now();
    Ok(p)
}

/// Writes the participant's file off the async threads; `None` when saved.
async fn save(st: &Arc<State>, p: &mut Participant) -> Option<Response> {
    let file = p.file();
    let bytes = crate::answers::to_toml(&st.q, &p.set, false);
    let (id, set) = (p.id.clone(), p.set.clone());
    let done = blocking(st, move |st| {
        st.write_answers(&file, bytes.as_bytes())?;
        st.live.saved(&st.q, &id, &set)
    })
    .await;
    match done {
        Ok(()) => {
            p.has_file = true;
            None
        }
        Err(e) => Some(e),
    }
}

pub async fn answer(
    axum::extract::State(st): St,
    Path((code, qid)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let f = fields(&body);
    let mut p = match posting(&st, &code, &headers, &f).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let q = &st.q;
    let Some(qi) = q
        .question_index(&qid)
        .filter(|&i| flow::is_asked(q, i, &p.set))
    else {
        return see(carry_on(&st, &code, &p, None));
    };
    let from_review = flow::field(&f, "from") == Some("review");
    let a = match flow::parse_answer(q, &q.questions[qi], &f) {
        Ok(a) => a,
        Err(msg) => {
            let shown = match q.questions[qi].kind {
                Kind::FiveWhys { .. } => Some(posted_chain(&f)),
                _ => None,
            };
            let m = question_markup(&st, &code, &p, qi, from_review, Some(&msg), shown.as_ref());
            return page(StatusCode::UNPROCESSABLE_ENTITY, m);
        }
    };
    flow::record(q, &mut p.set, qi, a);
    p.visited[qi] = true;
    if p.set.complete && !missing(&st, &p).is_empty() {
        // An edit opened a question that needs an answer: not finished any more.
        p.set.complete = false;
    }
    if let Some(err) = save(&st, &mut p).await {
        return err;
    }
    see(carry_on(
        &st,
        &code,
        &p,
        if from_review { None } else { Some(qi) },
    ))
}

/// Questions asked that still need an answer (free text may stay blank).
fn missing(st: &State, p: &Participant) -> Vec<usize> {
    (0..st.q.questions.len())
        .filter(|&i| {
            flow::is_asked(&st.q, i, &p.set)
                && !matches!(st.q.questions[i].kind, Kind::Text)
                && !p.set.answers.contains_key(st.q.questions[i].id.as_str())
        })
        .collect()
}

pub async fn review(
    axum::extract::State(st): St,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Response {
    if !same(&code, &st.code) {
        return refuse();
    }
    let Some(p) = participant(&st, &headers) else {
        return see(format!("/j/{code}"));
    };
    if !st.is_open() {
        return page(StatusCode::FORBIDDEN, pages::closed(&code));
    }
    let mut p = p.lock().await;
    p.last_seen = super::state::now();
    ok(pages::review(
        &st.q,
        &code,
        &st.keyed.csrf(&p.id),
        &personal(&st, &p),
        &p.set,
        &missing(&st, &p),
    ))
}

pub async fn submit(
    axum::extract::State(st): St,
    Path(code): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let f = fields(&body);
    let mut p = match posting(&st, &code, &headers, &f).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    if !missing(&st, &p).is_empty() {
        return see(format!("/j/{code}/review"));
    }
    p.set.complete = true;
    if let Some(err) = save(&st, &mut p).await {
        p.set.complete = false;
        return err;
    }
    see(format!("/j/{code}/done"))
}

pub async fn done(
    axum::extract::State(st): St,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Response {
    if !same(&code, &st.code) {
        return refuse();
    }
    match participant(&st, &headers) {
        Some(p) => {
            let p = p.lock().await;
            if p.set.complete {
                ok(pages::done(&code, &personal(&st, &p), &st.settings))
            } else {
                see(format!("/j/{code}"))
            }
        }
        None => see(format!("/j/{code}")),
    }
}
