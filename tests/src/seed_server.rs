//! A stand-in SWiP server that shares no code with the wallet's wire types: it answers the in-app
//! journey with seed 001's own example bodies (the golden files in
//! `protocol/tests/fixtures/001_inapp/`), as raw JSON, the way a Java/Spring backend may send them.
//!
//! Two wire styles ([`WireStyle`]): `Spring` sends every field the journey can do without as
//! `null`, the error object as `{"code":14,"description":…,"fieldErrors":null}`, and an unknown
//! extra field in every object; `Omit` leaves those fields out (and `fieldErrors`), with the same
//! unknown field. The SMS code it accepts is the seed's example, [`SMS_CODE`].

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Map, Value, json};

/// The SMS code the server accepts: the seed's example (`{"code":"6826"}`).
pub const SMS_CODE: &str = "6826";

/// How the server writes what it leaves unset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WireStyle {
    /// Unset fields as `null`, `"fieldErrors": null` (a Java/Spring backend, as the merchant seed's
    /// error example shows it).
    Spring,
    /// Unset fields left out.
    Omit,
}

/// A deliberate fault in one answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breakage {
    /// Every answer as the seed shows it.
    None,
    /// `GET /payment-cards` sends the first card's `id` as `null`: the list cannot be used.
    CardIdNull,
}

/// The fields the journey needs or a test checks: kept with the seed's values in both styles.
/// Every other field of the seed's bodies is the "unset" one the style writes as `null` or omits.
const KEPT: &[&str] = &[
    "token",
    "refreshToken",
    "new",
    "deferredId",
    "status",
    "id",
    "total",
    "cardNumber",
    "defaultForPayments",
    "paymentSystem",
    "finish3dsHtml",
];

/// The field a newer server adds, in every object of every answer.
pub const UNKNOWN_FIELD: &str = "serverBuildInfo";

struct Inner {
    style: WireStyle,
    breakage: Breakage,
    requests: Mutex<Vec<String>>,
    polls: Mutex<HashMap<String, u32>>,
}

/// The running server.
pub struct SeedServer {
    addr: SocketAddr,
    inner: Arc<Inner>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for SeedServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl SeedServer {
    /// Starts a server in `style` on a free local port.
    pub async fn start(style: WireStyle) -> SeedServer {
        Self::start_with(style, Breakage::None).await
    }

    /// Starts a server in `style` with one deliberate fault.
    pub async fn start_with(style: WireStyle, breakage: Breakage) -> SeedServer {
        let inner = Arc::new(Inner {
            style,
            breakage,
            requests: Mutex::new(Vec::new()),
            polls: Mutex::new(HashMap::new()),
        });
        let app = Router::new()
            .route("/v2/signups", post(signup).put(set_pin))
            .route("/v2/signup-verifications", post(verify))
            .route("/v2/signup-devices", post(signup_device))
            .route("/sms-messages", post(sms))
            .route("/auth", post(login).put(refresh))
            .route("/payment-cards", get(cards).post(bind_card))
            .route("/deferred-results/{id}/status", get(deferred_status))
            .route(
                "/deferred-results/{id}/binding-payment-card-3ds-result",
                get(three_ds_page),
            )
            .route("/inapp-orders", post(create_order))
            .route("/orders/{id}/payments", post(pay))
            .fallback(not_found)
            .layer(middleware::from_fn_with_state(inner.clone(), record))
            .with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a local port");
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        SeedServer { addr, inner, task }
    }

    /// The base URL of the in-app API.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Every request received, as `METHOD /path`, in order.
    pub fn requests(&self) -> Vec<String> {
        self.inner.requests.lock().unwrap().clone()
    }

    /// How many times `METHOD /path` was received.
    pub fn count(&self, request: &str) -> usize {
        self.requests().iter().filter(|r| *r == request).count()
    }
}

/// The seed's example body of `file` (in `protocol/tests/fixtures/001_inapp/`).
pub fn seed_body(file: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../protocol/tests/fixtures/001_inapp")
        .join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).expect("a golden file is JSON")
}

/// `value` as the style writes it: unset fields `null` or left out, an unknown field added.
fn styled(value: Value, style: WireStyle) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (key, child) in map {
                let kept = KEPT.contains(&key.as_str());
                let child = match child {
                    Value::Object(_) => styled(child, style),
                    Value::Array(items) if items.iter().any(Value::is_object) => {
                        styled(Value::Array(items), style)
                    }
                    other if kept => other,
                    _ => Value::Null,
                };
                match (style, child) {
                    (WireStyle::Omit, Value::Null) => {}
                    (_, child) => {
                        out.insert(key, child);
                    }
                }
            }
            let extra = match style {
                WireStyle::Spring => json!({"version": "2.7.1", "node": null}),
                WireStyle::Omit => json!({"version": "2.7.1"}),
            };
            out.insert(UNKNOWN_FIELD.into(), extra);
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(|v| styled(v, style)).collect()),
        other => other,
    }
}

/// The error object as the style writes it.
fn error(inner: &Inner, status: StatusCode, code: u32, description: &str) -> Response {
    let body = match inner.style {
        WireStyle::Spring => {
            json!({"code": code, "description": description, "fieldErrors": null, UNKNOWN_FIELD: null})
        }
        WireStyle::Omit => json!({"code": code, "description": description}),
    };
    (status, axum::Json(body)).into_response()
}

fn answer(inner: &Inner, file: &str) -> Response {
    axum::Json(styled(seed_body(file), inner.style)).into_response()
}

/// The refusal when the session's token is missing (any value is taken: the seed's tokens are not
/// JWTs).
fn refusal(inner: &Inner, headers: &HeaderMap) -> Option<Response> {
    match headers.get("X-Auth-Token") {
        Some(token) if !token.is_empty() => None,
        _ => Some(error(
            inner,
            StatusCode::UNAUTHORIZED,
            2,
            "AUTHENTICATION ERROR",
        )),
    }
}

/// The seed's body of `file` for a signed-in request.
fn signed_answer(inner: &Inner, headers: &HeaderMap, file: &str) -> Response {
    refusal(inner, headers).unwrap_or_else(|| answer(inner, file))
}

async fn record(State(inner): State<Arc<Inner>>, request: Request, next: Next) -> Response {
    let line = format!("{} {}", request.method(), request.uri().path());
    inner.requests.lock().unwrap().push(line);
    next.run(request).await
}

async fn signup(State(inner): State<Arc<Inner>>) -> Response {
    answer(&inner, "post_v2_signups.response.json")
}

async fn verify(
    State(inner): State<Arc<Inner>>,
    headers: HeaderMap,
    axum::Json(body): axum::Json<Value>,
) -> Response {
    if let Some(refused) = refusal(&inner, &headers) {
        return refused;
    }
    if body.get("code").and_then(Value::as_str) == Some(SMS_CODE) {
        answer(&inner, "post_v2_signup-verifications.response.json")
    } else {
        error(&inner, StatusCode::BAD_REQUEST, 14, "DOESNT MATCH")
    }
}

async fn set_pin(State(inner): State<Arc<Inner>>, headers: HeaderMap) -> Response {
    signed_answer(&inner, &headers, "put_v2_signups.response.json")
}

async fn signup_device(State(inner): State<Arc<Inner>>, headers: HeaderMap) -> Response {
    signed_answer(&inner, &headers, "post_v2_signup-devices.response.json")
}

async fn sms(State(inner): State<Arc<Inner>>, headers: HeaderMap) -> Response {
    refusal(&inner, &headers).unwrap_or_else(|| StatusCode::OK.into_response())
}

async fn login(State(inner): State<Arc<Inner>>) -> Response {
    answer(&inner, "post_auth.response.json")
}

async fn refresh(State(inner): State<Arc<Inner>>, headers: HeaderMap) -> Response {
    signed_answer(&inner, &headers, "put_auth.response.json")
}

async fn cards(State(inner): State<Arc<Inner>>, headers: HeaderMap) -> Response {
    if let Some(refused) = refusal(&inner, &headers) {
        return refused;
    }
    let mut body = styled(seed_body("get_payment-cards.response.json"), inner.style);
    if inner.breakage == Breakage::CardIdNull {
        body[0]["id"] = Value::Null;
    }
    axum::Json(body).into_response()
}

async fn bind_card(State(inner): State<Arc<Inner>>, headers: HeaderMap) -> Response {
    signed_answer(&inner, &headers, "post_payment-cards.response.json")
}

/// The seed's PROCESSING on the first poll of an id, then SUCCESS.
async fn deferred_status(
    State(inner): State<Arc<Inner>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Some(refused) = refusal(&inner, &headers) {
        return refused;
    }
    let polls = {
        let mut polls = inner.polls.lock().unwrap();
        let count = polls.entry(id).or_default();
        *count += 1;
        *count
    };
    let mut body = seed_body("get_deferred-results_id_status.payment.response.json");
    if polls > 1 {
        body["status"] = "SUCCESS".into();
    }
    axum::Json(styled(body, inner.style)).into_response()
}

async fn three_ds_page(State(inner): State<Arc<Inner>>, headers: HeaderMap) -> Response {
    signed_answer(
        &inner,
        &headers,
        "get_deferred-results_id_binding-payment-card-3ds-result.response.json",
    )
}

async fn create_order(State(inner): State<Arc<Inner>>, headers: HeaderMap) -> Response {
    signed_answer(&inner, &headers, "post_inapp-orders.response.json")
}

async fn pay(State(inner): State<Arc<Inner>>, headers: HeaderMap) -> Response {
    signed_answer(&inner, &headers, "post_orders_id_payments.response.json")
}

async fn not_found(State(inner): State<Arc<Inner>>) -> Response {
    error(&inner, StatusCode::NOT_FOUND, 9, "NOT FOUND")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_styles_null_or_omit_the_unset_fields_and_add_an_unknown_one() {
        let card = &seed_body("get_payment-cards.response.json")[0];
        let spring = styled(card.clone(), WireStyle::Spring);
        assert_eq!(spring["bankName"], Value::Null);
        assert_eq!(spring["id"], card["id"]);
        assert!(spring.get(UNKNOWN_FIELD).is_some());
        let omit = styled(card.clone(), WireStyle::Omit);
        assert!(omit.get("bankName").is_none());
        assert_eq!(omit["cardNumber"], card["cardNumber"]);
        let order = styled(
            seed_body("post_inapp-orders.response.json"),
            WireStyle::Spring,
        );
        assert_eq!(
            order["cashbackCalcResult"]["lines"][0]["cboRequiredCount"],
            Value::Null
        );
        assert_eq!(order["total"], 0);
    }
}
