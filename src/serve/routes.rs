//! The HTTP routes: participants under `/j/CODE/…` ([`super::participant`]), the
//! facilitator under `/f/SECRET/…` ([`super::facilitator`]). Anything else, and any
//! wrong code or secret, gets the same 404.

use super::facilitator as fac;
use super::pages;
use super::participant as part;
use super::reply::refuse;
use super::security;
use super::state::State;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use std::sync::Arc;

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
