//! The responses every route gives: pages, redirects, refusals, and blocking work
//! run off the async threads.

use super::flow::Fields;
use super::pages;
use super::state::State;
use axum::body::Bytes;
use axum::extract::State as AxState;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::Markup;
use std::sync::Arc;

pub type St = AxState<Arc<State>>;

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
