//! How the sandbox writes unset fields on the wire, like one backend or another:
//! [`WireStyle::Nulls`] (the seeds' examples and a Java/Spring/Jackson backend's default) or
//! [`WireStyle::Omit`] (Jackson's `NON_NULL`). The handlers answer as they always did; the outermost
//! layer, [`rewrite`], rewrites the JSON bodies of SWiP's three APIs (never the QA controls or the
//! OpenAPI document) in the style chosen at start (`--wire-style`, `SWIP_WIRE_STYLE`,
//! [`crate::SandboxConfig::wire_style`]) or since (`PUT /sandbox/wire-style`). A rewritten answer
//! has its object keys in alphabetical order (JSON objects are unordered; readers must not care).

use std::str::FromStr;
use std::sync::atomic::{AtomicU8, Ordering};

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::journal::is_control_path;
use crate::shared::AppState;

/// The environment variable any script or test harness sets to pick the style: `nulls` or `omit`.
pub const WIRE_STYLE_ENV: &str = "SWIP_WIRE_STYLE";

/// The largest JSON body the layer rewrites; a larger one (none is) passes unchanged.
const MAX_REWRITTEN_BODY: usize = 16 * 1024 * 1024;

/// How unset fields travel in the sandbox's answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WireStyle {
    /// Every unset field is sent as `null`, and the error object as
    /// `{"code", "description", "fieldErrors": null}` when no field is in error: what the seeds'
    /// examples show (`"refreshToken":null`, the merchant seed's `"fieldErrors":null`) and what a
    /// Java/Spring backend with Jackson's defaults sends. The default.
    #[default]
    Nulls,
    /// Unset fields are left out, and so is `fieldErrors` when no field is in error (Jackson's
    /// `NON_NULL`).
    Omit,
}

/// A wire style name that is neither `nulls` nor `omit`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown wire style {0:?}: expected \"nulls\" or \"omit\"")]
pub struct UnknownWireStyle(pub String);

impl WireStyle {
    /// Both styles, the default first.
    pub const ALL: [WireStyle; 2] = [WireStyle::Nulls, WireStyle::Omit];

    /// The style's name: `nulls` or `omit`.
    pub fn as_str(self) -> &'static str {
        match self {
            WireStyle::Nulls => "nulls",
            WireStyle::Omit => "omit",
        }
    }

    /// The style named by [`WIRE_STYLE_ENV`], the default when it is unset or empty; an error
    /// for any other name (a typo must not silently test the default).
    pub fn from_env() -> Result<WireStyle, UnknownWireStyle> {
        match std::env::var(WIRE_STYLE_ENV) {
            Ok(name) if !name.trim().is_empty() => name.parse(),
            _ => Ok(WireStyle::default()),
        }
    }

    fn to_u8(self) -> u8 {
        match self {
            WireStyle::Nulls => 0,
            WireStyle::Omit => 1,
        }
    }

    fn from_u8(value: u8) -> WireStyle {
        if value == 1 {
            WireStyle::Omit
        } else {
            WireStyle::Nulls
        }
    }

    /// Rewrites one JSON answer in this style; `is_error` when its status is 4xx or 5xx (then it
    /// is the error object).
    pub fn apply(self, value: &mut Value, is_error: bool) {
        match self {
            WireStyle::Nulls => {
                if is_error {
                    if let Some(object) = value.as_object_mut() {
                        let empty = match object.get("fieldErrors") {
                            None | Some(Value::Null) => true,
                            Some(Value::Array(items)) => items.is_empty(),
                            Some(_) => false,
                        };
                        if empty {
                            object.insert("fieldErrors".to_owned(), Value::Null);
                        }
                    }
                }
            }
            WireStyle::Omit => {
                strip_nulls(value);
                if is_error {
                    if let Some(object) = value.as_object_mut() {
                        if object
                            .get("fieldErrors")
                            .and_then(Value::as_array)
                            .is_some_and(Vec::is_empty)
                        {
                            object.remove("fieldErrors");
                        }
                    }
                }
            }
        }
    }
}

impl std::fmt::Display for WireStyle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for WireStyle {
    type Err = UnknownWireStyle;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name.trim().to_ascii_lowercase().as_str() {
            "nulls" | "null" => Ok(WireStyle::Nulls),
            "omit" | "omitted" => Ok(WireStyle::Omit),
            _ => Err(UnknownWireStyle(name.to_owned())),
        }
    }
}

/// Removes every object member whose value is `null`, at any depth (array items stay).
fn strip_nulls(value: &mut Value) {
    match value {
        Value::Object(object) => {
            object.retain(|_, member| !member.is_null());
            object.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

/// The style a running sandbox answers in; the QA control changes it at any time.
#[derive(Debug, Default)]
pub struct WireStyleCell(AtomicU8);

impl WireStyleCell {
    /// A cell holding `style`.
    pub fn new(style: WireStyle) -> Self {
        Self(AtomicU8::new(style.to_u8()))
    }

    /// The current style.
    pub fn get(&self) -> WireStyle {
        WireStyle::from_u8(self.0.load(Ordering::Relaxed))
    }

    /// Answers in `style` from now on.
    pub fn set(&self, style: WireStyle) {
        self.0.store(style.to_u8(), Ordering::Relaxed);
    }
}

/// The outermost layer: rewrites the JSON answer of every API request in the current style.
/// QA controls (`/sandbox/`) and `/openapi.json` pass unchanged.
pub async fn rewrite(State(shared): State<AppState>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let exempt = is_control_path(path) || path == "/openapi.json";
    let response = next.run(request).await;
    if exempt || !is_json(&response) {
        return response;
    }
    let style = shared.wire_style.get();
    let is_error = response.status().is_client_error() || response.status().is_server_error();
    if style == WireStyle::Nulls && !is_error {
        // The handlers already write every unset field as `null`: nothing to rewrite, and the
        // answer streams on untouched (its field order too).
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match to_bytes(body, MAX_REWRITTEN_BODY).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::warn!(%error, "could not read an answer to rewrite it");
            return Response::from_parts(parts, Body::empty());
        }
    };
    let Ok(mut value) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    style.apply(&mut value, is_error);
    let rewritten = serde_json::to_vec(&value).unwrap_or_else(|_| bytes.to_vec());
    parts.headers.remove(header::CONTENT_LENGTH);
    if let Ok(length) = HeaderValue::from_str(&rewritten.len().to_string()) {
        parts.headers.insert(header::CONTENT_LENGTH, length);
    }
    Response::from_parts(parts, Body::from(rewritten))
}

fn is_json(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/json"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn nulls_sends_an_empty_field_error_list_as_null() {
        let mut error = json!({"code": 14, "description": "DOESNT MATCH", "fieldErrors": []});
        WireStyle::Nulls.apply(&mut error, true);
        assert_eq!(
            error,
            json!({"code": 14, "description": "DOESNT MATCH", "fieldErrors": null})
        );
        let mut fields =
            json!({"code": 5, "description": "x", "fieldErrors": [{"field": "phone"}]});
        let before = fields.clone();
        WireStyle::Nulls.apply(&mut fields, true);
        assert_eq!(fields, before, "field errors stay");
        let mut token = json!({"token": "t", "refreshToken": null});
        WireStyle::Nulls.apply(&mut token, false);
        assert_eq!(token, json!({"token": "t", "refreshToken": null}));
    }

    #[test]
    fn omit_leaves_out_every_null_member_at_any_depth() {
        let mut order = json!({
            "id": "o", "customerId": null,
            "purchases": [{"id": "1", "parentId": null}, null],
            "discount": {"lines": [], "campaign": null}
        });
        WireStyle::Omit.apply(&mut order, false);
        assert_eq!(
            order,
            json!({"id": "o", "purchases": [{"id": "1"}, null], "discount": {"lines": []}})
        );
        let mut error = json!({"code": 9, "description": "NOT FOUND", "fieldErrors": []});
        WireStyle::Omit.apply(&mut error, true);
        assert_eq!(error, json!({"code": 9, "description": "NOT FOUND"}));
    }

    #[test]
    fn names_parse_and_print() {
        for style in WireStyle::ALL {
            assert_eq!(style.as_str().parse::<WireStyle>(), Ok(style));
        }
        assert_eq!(" OMIT ".parse::<WireStyle>(), Ok(WireStyle::Omit));
        assert!("none".parse::<WireStyle>().is_err());
        let cell = WireStyleCell::new(WireStyle::Omit);
        assert_eq!(cell.get(), WireStyle::Omit);
        cell.set(WireStyle::Nulls);
        assert_eq!(cell.get(), WireStyle::Nulls);
    }
}
