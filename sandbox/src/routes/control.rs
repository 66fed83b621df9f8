//! The QA controls under `/sandbox/`. Each calls the same [`crate::shared::Shared`] operation as
//! the matching method of [`crate::Sandbox`].

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use swip_protocol::cryptogram::CryptogramKeyResponse;

use crate::control::{
    ActiveFault, Catalog, Charge, ChargeKind, ClockAdvance, ClockState, CryptogramRequest,
    CryptogramResponse, FaultRules, JournalEntry, SmsRecord, TestCard, ThreeDsCompletion,
    WireStyleSetting,
};
use crate::error::{ApiError, ApiResult};
use crate::extract::{AnyJson, PathId, control_body};
use crate::faults::rule_problems;
use crate::shared::AppState;
use crate::state::cards::three_ds_error;

/// `GET /sandbox/sms?phone=…` → the latest SMS, 404 code 9 if none.
pub async fn latest_sms(
    State(shared): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<SmsRecord>> {
    let phone = query
        .get("phone")
        .ok_or_else(|| ApiError::field("query", "phone", "required"))?;
    shared
        .latest_sms(phone)
        .map(Json)
        .ok_or_else(|| ApiError::not_found("no SMS was sent to this phone"))
}

/// `GET /sandbox/clock` → `{"nowMs"}`.
pub async fn clock(State(shared): State<AppState>) -> Json<ClockState> {
    Json(ClockState {
        now_ms: shared.clock.now_ms(),
    })
}

/// `POST /sandbox/clock/advance` `{"seconds": N}` → `{"nowMs"}`.
pub async fn advance_clock(
    State(shared): State<AppState>,
    AnyJson(body): AnyJson,
) -> ApiResult<Json<ClockState>> {
    let advance: ClockAdvance = control_body("ClockAdvance", body)?;
    shared.clock.advance(advance.seconds);
    Ok(Json(ClockState {
        now_ms: shared.clock.now_ms(),
    }))
}

/// `GET /sandbox/test-cards`.
pub async fn test_cards(State(shared): State<AppState>) -> Json<Vec<TestCard>> {
    Json(shared.test_cards.clone())
}

/// `POST /sandbox/3ds/{deferredId}` `{"outcome": "pass" | "fail"}` → 204.
pub async fn complete_3ds(
    State(shared): State<AppState>,
    PathId(deferred_id): PathId,
    AnyJson(body): AnyJson,
) -> ApiResult<StatusCode> {
    let completion: ThreeDsCompletion = control_body("ThreeDsCompletion", body)?;
    shared
        .complete_3ds(&deferred_id, completion.outcome)
        .map_err(three_ds_error)?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /sandbox/cryptograms` `{pan, expMonth, expYear, cvv, generatedAt?}` → `{"cryptogram"}`.
pub async fn make_cryptogram(
    State(shared): State<AppState>,
    AnyJson(body): AnyJson,
) -> ApiResult<Json<CryptogramResponse>> {
    let request: CryptogramRequest = control_body("CryptogramRequest", body)?;
    let cryptogram = shared
        .make_cryptogram(&request)
        .map_err(|_| ApiError::internal("could not seal the cryptogram"))?;
    Ok(Json(CryptogramResponse { cryptogram }))
}

/// `POST /sandbox/cryptogram-key/rotate` → the new key; cryptograms for the old one are refused.
pub async fn rotate_cryptogram_key(State(shared): State<AppState>) -> Json<CryptogramKeyResponse> {
    Json(shared.rotate_cryptogram_key())
}

/// `GET /sandbox/catalog`.
pub async fn catalog(State(shared): State<AppState>) -> Json<Catalog> {
    Json(shared.catalog.clone())
}

/// `GET /sandbox/charges[?kind=payment|hold|release]`: every charge, or those of one kind.
pub async fn charges(
    State(shared): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<Vec<Charge>>> {
    let kind = match query.get("kind").map(String::as_str) {
        None | Some("") => None,
        Some(name) => Some(
            ChargeKind::ALL
                .into_iter()
                .find(|kind| kind.as_str() == name)
                .ok_or_else(|| {
                    ApiError::field("query", "kind", "must be payment, hold or release")
                })?,
        ),
    };
    Ok(Json(shared.charges(kind)))
}

/// `GET /sandbox/wire-style` → `{"style": "nulls" | "omit"}`.
pub async fn wire_style(State(shared): State<AppState>) -> Json<WireStyleSetting> {
    Json(WireStyleSetting {
        style: shared.wire_style.get(),
    })
}

/// `PUT /sandbox/wire-style` `{"style": "nulls" | "omit"}` → the style now in force.
pub async fn set_wire_style(
    State(shared): State<AppState>,
    AnyJson(body): AnyJson,
) -> ApiResult<Json<WireStyleSetting>> {
    let setting: WireStyleSetting = control_body("WireStyleSetting", body)?;
    shared.wire_style.set(setting.style);
    Ok(Json(setting))
}

/// `GET /sandbox/journal`.
pub async fn journal(State(shared): State<AppState>) -> Json<Vec<JournalEntry>> {
    Json(shared.journal())
}

/// `GET /sandbox/faults`.
pub async fn faults(State(shared): State<AppState>) -> Json<Vec<ActiveFault>> {
    Json(shared.faults())
}

/// `POST /sandbox/faults` (one rule or a list) → the active rules.
pub async fn add_faults(
    State(shared): State<AppState>,
    AnyJson(body): AnyJson,
) -> ApiResult<Json<Vec<ActiveFault>>> {
    let rules = control_body::<FaultRules>("FaultRule", body)?.into_vec();
    let problems: Vec<(String, String)> = rules
        .iter()
        .enumerate()
        .flat_map(|(index, rule)| {
            rule_problems(rule)
                .into_iter()
                .map(move |(field, message)| (format!("[{index}].{field}"), message))
        })
        .collect();
    if !problems.is_empty() {
        return Err(ApiError::validation("FaultRule", problems));
    }
    for rule in rules {
        shared.add_fault(rule);
    }
    Ok(Json(shared.faults()))
}

/// `DELETE /sandbox/faults` → 204.
pub async fn clear_faults(State(shared): State<AppState>) -> StatusCode {
    shared.clear_faults();
    StatusCode::NO_CONTENT
}

/// `DELETE /sandbox/state` → 204.
pub async fn reset(State(shared): State<AppState>) -> StatusCode {
    shared.reset();
    StatusCode::NO_CONTENT
}
