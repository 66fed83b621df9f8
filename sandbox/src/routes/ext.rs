//! Extensions outside SWiP's paths: the cryptogram key, the simulated bank's 3-D Secure pages and
//! the return URL.

use std::collections::HashMap;

use axum::Json;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use swip_protocol::cryptogram::CryptogramKeyResponse;

use crate::control::{ThreeDsError, ThreeDsOutcome};
use crate::extract::{ApiVersion, PathId};
use crate::html::{PASSING_CODE, base_url, challenge_page, error_page, return_page, return_url};
use crate::shared::AppState;

/// The bank's challenge page and form target.
pub const BANK_3DS_ROUTE: &str = "/ext/bank/3ds/{id}";
/// The return URL a WebView intercepts.
pub const THREE_DS_RETURN: &str = swip_protocol::rules::three_ds::RETURN_PATH;

/// `GET /ext/cryptogram-key` (no token) → `{"keyVersion", "algorithm", "publicKey"}`.
pub async fn cryptogram_key(
    _: ApiVersion,
    State(shared): State<AppState>,
) -> Json<CryptogramKeyResponse> {
    Json(shared.cryptogram_key())
}

/// `GET /ext/bank/3ds/{id}`: the same challenge page as `finish3dsHtml`, for a browser to open directly.
pub async fn bank_page(
    State(shared): State<AppState>,
    PathId(deferred_id): PathId,
    headers: HeaderMap,
) -> Response {
    if !shared.with_state(|state, _| state.awaits_challenge(&deferred_id)) {
        return (
            StatusCode::NOT_FOUND,
            Html(error_page(
                "No 3-D Secure challenge is waiting with this id.",
            )),
        )
            .into_response();
    }
    Html(challenge_page(
        &base_url(&headers, shared.addr),
        &deferred_id,
    ))
    .into_response()
}

/// The challenge form's fields.
#[derive(Debug, Deserialize)]
pub struct ChallengeForm {
    /// The one-time code typed by the cardholder.
    #[serde(default)]
    code: String,
}

/// `POST /ext/bank/3ds/{id}` (form `code`): `1234` passes, anything else fails; then 303 to the
/// return URL `<base>/ext/3ds-return?deferredId=<id>`.
pub async fn bank_submit(
    State(shared): State<AppState>,
    PathId(deferred_id): PathId,
    headers: HeaderMap,
    form: Result<Form<ChallengeForm>, FormRejection>,
) -> Response {
    let Ok(Form(form)) = form else {
        return (
            StatusCode::BAD_REQUEST,
            Html(error_page("The form could not be read.")),
        )
            .into_response();
    };
    let outcome = if form.code.trim() == PASSING_CODE {
        ThreeDsOutcome::Pass
    } else {
        ThreeDsOutcome::Fail
    };
    match shared.complete_3ds(&deferred_id, outcome) {
        Ok(()) => {
            let location = return_url(&base_url(&headers, shared.addr), &deferred_id);
            (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
        }
        Err(ThreeDsError::UnknownDeferred) => (
            StatusCode::NOT_FOUND,
            Html(error_page("No card binding has this id.")),
        )
            .into_response(),
        Err(ThreeDsError::NotAwaitingChallenge) => (
            StatusCode::CONFLICT,
            Html(error_page(
                "This challenge was already answered or is not open.",
            )),
        )
            .into_response(),
    }
}

/// `GET /ext/3ds-return?deferredId=…`: "you can close this page".
pub async fn three_ds_return(Query(query): Query<HashMap<String, String>>) -> Html<String> {
    Html(return_page(
        query
            .get("deferredId")
            .map(String::as_str)
            .unwrap_or_default(),
    ))
}
