//! The outermost layer: fault injection, the journal, the `Date` header from the sandbox clock,
//! and a log line per request (method, path, status: never bodies, tokens or query strings).

use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use swip_protocol::ErrorCode;

use crate::control::{DropPoint, FaultRule, JournalEntry};
use crate::error::ApiError;
use crate::journal::is_control_path;
use crate::server::ConnectionKill;
use crate::shared::{AppState, lock};

/// Applies faults, journals the request and stamps the `Date` header.
pub async fn transport(State(shared): State<AppState>, request: Request, next: Next) -> Response {
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    let arrived_at = shared.clock.now_ms();
    let control = is_control_path(&path);
    let kill = request.extensions().get::<ConnectionKill>().cloned();
    let fault: Option<FaultRule> = if control {
        None
    } else {
        lock(&shared.faults).take(&method, &path)
    };
    let journal = |status: u16| {
        if !control {
            lock(&shared.journal).record(JournalEntry {
                method: method.clone(),
                path: path.clone(),
                status,
                at: arrived_at,
            });
        }
    };

    if let Some(latency) = fault.as_ref().and_then(|f| f.latency_ms) {
        tokio::time::sleep(std::time::Duration::from_millis(latency)).await;
    }
    let drop_point = fault.as_ref().and_then(|f| f.drop);
    if drop_point == Some(DropPoint::BeforeCommit) {
        journal(0);
        return drop_connection(kill.as_ref(), &method, &path).await;
    }

    let mut response = match fault
        .as_ref()
        .and_then(|f| f.status.map(|status| (f, status)))
    {
        Some((rule, status)) => injected_error(rule, status),
        None => next.run(request).await,
    };

    if drop_point == Some(DropPoint::AfterCommit) {
        journal(0);
        return drop_connection(kill.as_ref(), &method, &path).await;
    }
    let status = response.status().as_u16();
    journal(status);
    if let Ok(date) = HeaderValue::from_str(&shared.clock.http_date()) {
        response.headers_mut().insert(header::DATE, date);
    }
    tracing::info!(%method, %path, status, "request");
    response
}

/// Closes the connection without an answer and never returns (the connection task drops this future).
async fn drop_connection(kill: Option<&ConnectionKill>, method: &str, path: &str) -> Response {
    tracing::info!(%method, %path, "connection dropped by a fault rule");
    match kill {
        Some(kill) => {
            kill.trigger();
            std::future::pending::<Response>().await
        }
        // Only reachable when the router is served by something else than `server::spawn`.
        None => ApiError::internal("cannot drop this connection").into_response(),
    }
}

fn injected_error(rule: &FaultRule, status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let code = rule
        .code
        .map(ErrorCode::from_u32)
        .unwrap_or_else(|| ApiError::code_for_status(status));
    let mut error = ApiError::new(status, code, "injected by a sandbox fault rule");
    if let Some(seconds) = rule.retry_after {
        error = error.with_header("retry-after", seconds);
    }
    error.into_response()
}
