//! The HTTP routes: participants under `/j/CODE/…`, the facilitator under
//! `/f/SECRET/…`. Anything else, and any wrong code or secret, gets the same 404.

use super::flow::{self, Fields};
use super::pages::{self, QuestionPage};
use super::report::{GroupPage, group_report};
use super::security::{self, same, same_origin};
use super::state::{Participant, State};
use crate::answers::{Answer, Chain};
use crate::questionnaire::Kind;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, Query, State as AxState};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use maud::Markup;
use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::Mutex;

type St = AxState<Arc<State>>;

pub fn router(state: Arc<State>, body_limit: usize) -> Router {
    Router::new()
        .route(pages::CSS_PATH, get(css))
        .route("/j/{code}", get(join_page))
        .route("/j/{code}/start", post(start))
        .route("/j/{code}/q/{qid}", get(question_page).post(answer))
        .route("/j/{code}/review", get(review))
        .route("/j/{code}/submit", post(submit))
        .route("/j/{code}/done", get(done))
        .route("/f/{secret}", get(dashboard))
        .route("/f/{secret}/close", post(close))
        .route("/f/{secret}/open", post(reopen))
        .route("/f/{secret}/report", get(report))
        .fallback(|| async { refuse() })
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(axum::middleware::from_fn(security::headers))
        .with_state(state)
}

fn page(status: StatusCode, m: Markup) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        m.into_string(),
    )
        .into_response()
}

fn ok(m: Markup) -> Response {
    page(StatusCode::OK, m)
}

/// The one refusal for a wrong code, a wrong secret or an unknown address.
fn refuse() -> Response {
    page(StatusCode::NOT_FOUND, pages::not_found())
}

fn see(to: String) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
}

fn forbidden(text: &str, code: &str) -> Response {
    let join = format!("/j/{code}");
    page(
        StatusCode::FORBIDDEN,
        pages::message("Not accepted", text, Some((&join, "Continue"))),
    )
}

fn server_error(st: &State, e: &crate::error::Error) -> Response {
    st.record_error(e);
    page(
        StatusCode::INTERNAL_SERVER_ERROR,
        pages::message(
            "Not saved",
            "The server could not save this page. Please tell the facilitator, then try again.",
            None,
        ),
    )
}

fn fields(body: &Bytes) -> Fields {
    form_urlencoded::parse(body).into_owned().collect()
}

async fn css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        pages::CSS,
    )
        .into_response()
}

/// The participant whose cookie this is, if any.
fn participant(st: &State, headers: &HeaderMap) -> Option<Arc<Mutex<Participant>>> {
    security::cookie_token(headers).and_then(|t| st.participant(&t))
}

/// Where a participant carries on: the next open question, else the review page.
fn carry_on(st: &State, code: &str, p: &Participant, after: Option<usize>) -> String {
    match flow::next_open(&st.q, &p.set, &p.visited, after) {
        Some(i) => format!("/j/{code}/q/{}", st.q.questions[i].id),
        None => format!("/j/{code}/review"),
    }
}

async fn join_page(AxState(st): St, Path(code): Path<String>, headers: HeaderMap) -> Response {
    if !same(&code, &st.code) {
        return refuse();
    }
    if let Some(p) = participant(&st, &headers) {
        let p = p.lock().await;
        if p.set.complete {
            return see(format!("/j/{code}/done"));
        }
        return see(carry_on(&st, &code, &p, None));
    }
    if !st.is_open() {
        return page(StatusCode::FORBIDDEN, pages::closed(&code));
    }
    ok(pages::join(
        &st.q,
        &code,
        &st.form_key,
        !st.report.anonymous,
        None,
    ))
}

async fn start(
    AxState(st): St,
    Path(code): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !same(&code, &st.code) {
        return refuse();
    }
    let f = fields(&body);
    if !same_origin(&headers) || !same(flow::field(&f, "csrf").unwrap_or(""), &st.form_key) {
        return forbidden(
            "This form is out of date or came from another site. Please start again.",
            &code,
        );
    }
    if !st.is_open() {
        return page(StatusCode::FORBIDDEN, pages::closed(&code));
    }
    let role = flow::field(&f, "role").unwrap_or("");
    if st.q.role(role).is_none() {
        let m = pages::join(
            &st.q,
            &code,
            &st.form_key,
            !st.report.anonymous,
            Some("Please choose your role."),
        );
        return page(StatusCode::UNPROCESSABLE_ENTITY, m);
    }
    let name = flow::field(&f, "name")
        .filter(|_| !st.report.anonymous)
        .map(|n| {
            crate::sanitize::plain(n.trim())
                .chars()
                .take(80)
                .collect::<String>()
        })
        .filter(|n| !n.is_empty());
    let role = role.to_string();
    let st2 = st.clone();
    let joined = tokio::task::spawn_blocking(move || st2.join(&role, name)).await;
    let token = match joined {
        Ok(Ok(t)) => t,
        Ok(Err(e)) => return server_error(&st, &e),
        Err(e) => return server_error(&st, &crate::error::Error::Input(format!("internal: {e}"))),
    };
    // Straight to the first question (one redirect fewer on a slow phone).
    let first = match flow::next_open(&st.q, &crate::answers::AnswerSet::default(), &[], None) {
        Some(i) => format!("/j/{code}/q/{}", st.q.questions[i].id),
        None => format!("/j/{code}/review"),
    };
    let mut res = see(first);
    if let Ok(v) = HeaderValue::from_str(&security::set_cookie(&token)) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

#[derive(serde::Deserialize)]
struct QuestionQuery {
    from: Option<String>,
}

async fn question_page(
    AxState(st): St,
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
    let p = p.lock().await;
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
    pages::question(
        q,
        &QuestionPage {
            code,
            csrf: &p.csrf,
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
fn posted_chain(f: &Fields) -> Answer {
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
    f: &Fields,
) -> Result<tokio::sync::OwnedMutexGuard<Participant>, Response> {
    if !same(code, &st.code) {
        return Err(refuse());
    }
    let Some(p) = participant(st, headers) else {
        return Err(forbidden(
            "Your session was not found on this server. Please start again.",
            code,
        ));
    };
    let p = p.lock_owned().await;
    if !same_origin(headers) || !same(flow::field(f, "csrf").unwrap_or(""), &p.csrf) {
        return Err(forbidden(
            "This form is out of date or came from another site. Please try again.",
            code,
        ));
    }
    if !st.is_open() {
        return Err(page(StatusCode::FORBIDDEN, pages::closed(code)));
    }
    Ok(p)
}

/// Writes the participant's file off the async threads; `None` when saved.
async fn save(st: &Arc<State>, p: &Participant) -> Option<Response> {
    let path = st.dir.join(&p.file);
    let bytes = crate::answers::to_toml(&st.q, &p.set, false);
    let st2 = st.clone();
    let done = tokio::task::spawn_blocking(move || st2.write(&path, bytes.as_bytes())).await;
    match done {
        Ok(Ok(())) => None,
        Ok(Err(e)) => Some(server_error(st, &e)),
        Err(e) => Some(server_error(
            st,
            &crate::error::Error::Input(format!("internal: {e}")),
        )),
    }
}

async fn answer(
    AxState(st): St,
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
    if let Some(err) = save(&st, &p).await {
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

async fn review(AxState(st): St, Path(code): Path<String>, headers: HeaderMap) -> Response {
    if !same(&code, &st.code) {
        return refuse();
    }
    let Some(p) = participant(&st, &headers) else {
        return see(format!("/j/{code}"));
    };
    if !st.is_open() {
        return page(StatusCode::FORBIDDEN, pages::closed(&code));
    }
    let p = p.lock().await;
    ok(pages::review(
        &st.q,
        &code,
        &p.csrf,
        &p.set,
        &missing(&st, &p),
    ))
}

async fn submit(
    AxState(st): St,
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
    if let Some(err) = save(&st, &p).await {
        p.set.complete = false;
        return err;
    }
    see(format!("/j/{code}/done"))
}

async fn done(AxState(st): St, Path(code): Path<String>, headers: HeaderMap) -> Response {
    if !same(&code, &st.code) {
        return refuse();
    }
    match participant(&st, &headers) {
        Some(p) if p.lock().await.set.complete => ok(pages::done(&code)),
        _ => see(format!("/j/{code}")),
    }
}

async fn dashboard(AxState(st): St, Path(secret): Path<String>) -> Response {
    if !same(&secret, &st.secret) {
        return refuse();
    }
    let counts = st.counts().await;
    let join_url = st.join_url();
    ok(pages::dashboard(&pages::Dashboard {
        secret: &st.secret,
        csrf: &st.form_key,
        join_url: &join_url,
        qr_svg: super::qr_svg(&join_url),
        open: st.is_open(),
        counts: &counts,
        min_group: st.report.effective_min_group(),
        title: &st.q.title,
        error: st.last_error(),
    }))
}

async fn set_open(
    st: Arc<State>,
    secret: String,
    headers: HeaderMap,
    body: Bytes,
    open: bool,
) -> Response {
    if !same(&secret, &st.secret) {
        return refuse();
    }
    let f = fields(&body);
    if !same_origin(&headers) || !same(flow::field(&f, "csrf").unwrap_or(""), &st.form_key) {
        return page(
            StatusCode::FORBIDDEN,
            pages::message(
                "Not accepted",
                "This form is out of date or came from another site.",
                None,
            ),
        );
    }
    st.set_open(open);
    see(format!("/f/{secret}"))
}

async fn close(
    AxState(st): St,
    Path(secret): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    set_open(st, secret, headers, body, false).await
}

async fn reopen(
    AxState(st): St,
    Path(secret): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    set_open(st, secret, headers, body, true).await
}

async fn report(
    AxState(st): St,
    Path(secret): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if !same(&secret, &st.secret) {
        return refuse();
    }
    // The questionnaire the server holds: the report is not a reason to read it again.
    let st2 = st.clone();
    let built =
        tokio::task::spawn_blocking(move || group_report(&st2.dir, &st2.q, &st2.report)).await;
    let result = match built {
        Ok(r) => r,
        Err(e) => Err(crate::error::Error::Input(format!("internal: {e}"))),
    };
    match result {
        Ok(GroupPage::Empty) => ok(pages::no_report(
            &secret,
            "No answers yet: the report appears with the first participant.",
        )),
        Ok(GroupPage::TooFew(n)) => ok(pages::no_report(
            &secret,
            &format!(
                "{n} answered so far; the report is shown from {} people on (--min-group).",
                st.report.effective_min_group().unwrap_or(0)
            ),
        )),
        Ok(GroupPage::Html(mut html)) => {
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
        Err(e) => ok(pages::no_report(
            &secret,
            &format!("The report cannot be built yet: {}", e.lines().join("; ")),
        )),
    }
}
