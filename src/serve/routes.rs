//! The HTTP routes: participants under `/j/CODE/…` ([`super::participant`]), the
//! facilitator under `/f/SECRET/…` ([`super::facilitator`]). Anything else, and any
//! wrong code or secret, gets the same 404.

use super::facilitator as fac;
use super::flow::Fields;
use super::pages;
use super::participant as part;
use super::security;
use super::state::State;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State as AxState};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use maud::Markup;
use std::sync::Arc;

pub type St = AxState<Arc<State>>;

pub fn router(state: Arc<State>, body_limit: usize) -> Router {
    Router::new()
        .route(pages::CSS_PATH, get(css))
        .route("/j/{code}", get(part::join_page))
        .route("/j/{code}/start", post(part::start))
        .route("/j/{code}/resume", post(part::resume))
        .route(
            "/j/{code}/q/{qid}",
            get(part::question_page).post(part::answer),
        )
        .route("/j/{code}/review", get(part::review))
        .route("/j/{code}/submit", post(part::submit))
        .route("/j/{code}/done", get(part::done))
        .route("/f/{secret}", get(fac::dashboard))
        .route("/f/{secret}/close", post(fac::close))
        .route("/f/{secret}/open", post(fac::reopen))
        .route("/f/{secret}/report", get(fac::report))
        .route("/f/{secret}/people", get(fac::people))
        .route("/f/{secret}/discard", post(fac::discard))
        .route("/f/{secret}/restore", post(fac::restore))
        .route("/f/{secret}/discard-empty", post(fac::discard_empty))
        .route("/f/{secret}/comments", get(fac::comments))
        .route("/f/{secret}/hold", post(fac::hold))
        .route("/f/{secret}/show", post(fac::show))
        .fallback(|| async { refuse() })
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(axum::middleware::from_fn(move |req, next| {
            super::http::body_guard(body_limit, req, next)
        }))
        .layer(axum::middleware::from_fn(security::headers))
        .with_state(state)
}

pub fn page(status: StatusCode, m: Markup) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        m.into_string(),
    )
        .into_response()
}

pub fn ok(m: Markup) -> Response {
    page(StatusCode::OK, m)
}

/// The one refusal for a wrong code, a wrong secret or an unknown address.
pub fn refuse() -> Response {
    page(StatusCode::NOT_FOUND, pages::not_found())
}

pub fn see(to: String) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
}

pub fn forbidden(text: &str, code: &str) -> Response {
    let join = format!("/j/{code}");
    page(
        StatusCode::FORBIDDEN,
        pages::message("Not accepted", text, Some((&join, "Continue"))),
    )
}

pub fn server_error(st: &State, e: &crate::error::Error) -> Response {
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

pub fn fields(body: &Bytes) -> Fields {
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

/// Runs blocking work (file writes) off the async threads; its failure is a page.
pub async fn blocking<T: Send + 'static>(
    st: &Arc<State>,
    f: impl FnOnce(&State) -> crate::error::Result<T> + Send + 'static,
) -> Result<T, Response> {
    let st2 = st.clone();
    match tokio::task::spawn_blocking(move || f(&st2)).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(server_error(st, &e)),
        Err(e) => Err(server_error(
            st,
            &crate::error::Error::Input(format!("internal: {e}")),
        )),
    }
}

/// A refusal for too many requests from one client.
pub fn too_many(text: &str) -> Response {
    page(
        StatusCode::TOO_MANY_REQUESTS,
        pages::message("Please wait", text, None),
    )
}
