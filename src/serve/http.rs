//! Connections: accepted here rather than by `axum::serve`, so that each one has
//! deadlines. A client that sends half a request head and waits is dropped after
//! [`HEADER_TIMEOUT`] (also an idle kept-alive connection); a body must arrive within
//! [`BODY_TIMEOUT`]; a body declared larger than the limit is refused with 413 before
//! a byte of it is read. The client's address reaches the handlers as
//! `ConnectInfo<SocketAddr>`, for the per-client limits.

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::time::Duration;

/// The whole request head must arrive within this: a phone sends it in one packet,
/// and a server busy with a thousand participants at once still reads it in time.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// The whole body must arrive within this (a full five-whys page is a few kilobytes).
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves `app` on `listener` until `stop` fires, then lets the requests in flight
/// finish (at most `grace`).
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    stop: tokio::sync::oneshot::Receiver<()>,
    grace: Duration,
) {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut stop = std::pin::pin!(stop);
    loop {
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors or memory: wait instead of spinning.
                    if !is_connection_error(&e) {
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let tower = hyper_util::service::TowerToHyperService::new(app.clone());
        let service = hyper::service::service_fn(move |mut req: Request<hyper::body::Incoming>| {
            req.extensions_mut().insert(ConnectInfo(remote));
            hyper::service::Service::call(&tower, req.map(Body::new))
        });
        let conn = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_TIMEOUT)
            .serve_connection(TokioIo::new(stream), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _ = conn.await;
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(grace, graceful.shutdown()).await;
}

fn is_connection_error(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::ConnectionReset
    )
}

/// Refuses a body declared over `limit` at once, and reads any other body within
/// [`BODY_TIMEOUT`] before the handler runs.
pub async fn body_guard(limit: usize, req: Request, next: Next) -> Response {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return closing(StatusCode::PAYLOAD_TOO_LARGE, "Too much was sent.");
    }
    let (parts, body) = req.into_parts();
    match tokio::time::timeout(BODY_TIMEOUT, axum::body::to_bytes(body, limit)).await {
        Ok(Ok(bytes)) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Ok(Err(_)) => closing(StatusCode::PAYLOAD_TOO_LARGE, "Too much was sent."),
        Err(_) => closing(
            StatusCode::REQUEST_TIMEOUT,
            "The page took too long to arrive.",
        ),
    }
}

/// A plain refusal that closes the connection (what is left of the body is not read).
fn closing(status: StatusCode, text: &'static str) -> Response {
    let mut r = (status, text).into_response();
    r.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}
