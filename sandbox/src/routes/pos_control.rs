//! QA controls of the merchant and POS APIs under `/sandbox/`. Each calls the same state
//! operation as the matching method of [`crate::Sandbox`].

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use swip_protocol::merchant::MerchantStatusResponse;

use super::RouteBook;
use crate::control::pos::{
    CampaignRequest, MerchantCampaign, MerchantCode, MerchantSummary, Movement, PosCredentials,
    PosStore, PosStoreRequest,
};
use crate::error::{ApiError, ApiResult};
use crate::extract::{OptionalJsonObject, PathId, control_body};
use crate::shared::AppState;

/// Registers the controls.
pub fn routes(book: RouteBook) -> RouteBook {
    book.get("/sandbox/merchant-codes", merchant_code)
        .get("/sandbox/merchants", merchants)
        .post("/sandbox/merchants/{merchantId}/activate", activate)
        .post("/sandbox/merchants/{merchantId}/campaigns", add_campaign)
        .delete(
            "/sandbox/merchants/{merchantId}/campaigns/{campaignId}",
            end_campaign,
        )
        .get("/sandbox/stores/{storeId}/pos-credentials", pos_credentials)
        .post("/sandbox/pos-stores", create_pos_store)
        .get("/sandbox/pos-ledger", pos_ledger)
}

/// `GET /sandbox/merchant-codes?merchantUserId=…` (or `username=`, `phone=`) → the latest code.
pub async fn merchant_code(
    State(shared): State<AppState>,
    Query(query): Query<HashMap<String, String>>,
) -> ApiResult<Json<MerchantCode>> {
    let who = ["merchantUserId", "username", "phone"]
        .iter()
        .find_map(|key| query.get(*key))
        .ok_or_else(|| {
            ApiError::field("query", "merchantUserId", "required (or username, phone)")
        })?;
    shared
        .with_state(|state, _| state.merchant_code(who))
        .map(Json)
        .ok_or_else(|| ApiError::not_found("no such merchant user"))
}

/// `GET /sandbox/merchants`.
pub async fn merchants(State(shared): State<AppState>) -> Json<Vec<MerchantSummary>> {
    Json(shared.with_state(|state, _| state.merchant_summaries()))
}

/// `POST /sandbox/merchants/{merchantId}/activate` → `{"status": "ACTIVE"}` (SWiP's review).
pub async fn activate(
    State(shared): State<AppState>,
    PathId(merchant_id): PathId,
) -> ApiResult<Json<MerchantStatusResponse>> {
    shared
        .with_state(|state, _| state.activate_merchant(&merchant_id))
        .map(|status| Json(MerchantStatusResponse { status }))
}

/// `POST /sandbox/merchants/{merchantId}/campaigns` → the campaign.
pub async fn add_campaign(
    State(shared): State<AppState>,
    PathId(merchant_id): PathId,
    OptionalJsonObject(body): OptionalJsonObject,
) -> ApiResult<Json<MerchantCampaign>> {
    let request: CampaignRequest =
        control_body("CampaignRequest", serde_json::Value::Object(body))?;
    shared
        .with_state(|state, _| state.add_campaign(&merchant_id, &request))
        .map(Json)
}

/// `DELETE /sandbox/merchants/{merchantId}/campaigns/{campaignId}` → 204.
pub async fn end_campaign(
    State(shared): State<AppState>,
    path: Result<Path<(String, String)>, axum::extract::rejection::PathRejection>,
) -> ApiResult<StatusCode> {
    let Path((merchant_id, campaign_id)) = path.map_err(|_| ApiError::not_found("no such id"))?;
    shared.with_state(|state, _| state.end_campaign(&merchant_id, &campaign_id))?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /sandbox/stores/{storeId}/pos-credentials`.
pub async fn pos_credentials(
    State(shared): State<AppState>,
    PathId(store_id): PathId,
) -> ApiResult<Json<PosCredentials>> {
    shared
        .with_state(|state, _| state.pos_credentials(&store_id))
        .map(Json)
        .ok_or_else(|| ApiError::not_found("no such store"))
}

/// `POST /sandbox/pos-stores` (body optional) → the credentials of a ready store.
pub async fn create_pos_store(
    State(shared): State<AppState>,
    OptionalJsonObject(body): OptionalJsonObject,
) -> ApiResult<Json<PosStore>> {
    let request: PosStoreRequest =
        control_body("PosStoreRequest", serde_json::Value::Object(body))?;
    shared
        .with_state(|state, now| state.create_pos_store(&request, now))
        .map(Json)
}

/// `GET /sandbox/pos-ledger`.
pub async fn pos_ledger(State(shared): State<AppState>) -> Json<Vec<Movement>> {
    Json(shared.with_state(|state, _| state.pos_ledger()))
}
