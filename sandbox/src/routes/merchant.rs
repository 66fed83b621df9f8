//! The merchant registration API (seed 002) under `/merchant-api` (its base URL is the sandbox URL
//! plus that prefix, so its `POST /auth` does not meet the in-app API's). No `Api-Version` is
//! required; `X-Auth-Token` is, except on signup, verification and login.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use swip_protocol::merchant::{
    BankDetails, LegalEntity, MerchantAuthResponse, MerchantSignupResponse, MerchantStatusResponse,
    MerchantStore, MerchantVerificationResponse, ResendVerificationResponse, StoreIdResponse,
};

use super::RouteBook;
use crate::error::{ApiError, ApiResult};
use crate::extract::merchant::MerchantAuth;
use crate::extract::{JsonObject, PathId};
use crate::shared::AppState;
use crate::validation::merchant as rules;

/// `POST`: signup.
pub const SIGNUPS: &str = "/merchant-api/merchant-user-signups";
/// `POST` verify, `PUT` resend.
pub const VERIFICATIONS: &str = "/merchant-api/merchant-user-verifications";
/// `GET` status.
pub const STATUS: &str = "/merchant-api/merchants/{merchantId}/status";
/// `POST` login.
pub const AUTH: &str = "/merchant-api/auth";
/// `GET` legal persons.
pub const LEGAL_ENTITIES: &str = "/merchant-api/legal-entities";
/// `GET` a legal person.
pub const LEGAL_ENTITY: &str = "/merchant-api/legal-entities/{personId}";
/// `GET` bank details.
pub const BANK_DETAIL: &str = "/merchant-api/legal-entities/{personId}/bank-details/{bankDetailId}";
/// `POST` create, `GET` list.
pub const STORES: &str = "/merchant-api/stores";
/// `PUT` update, `DELETE`.
pub const STORE: &str = "/merchant-api/stores/{id}";

/// Registers the merchant API's routes.
pub fn routes(book: RouteBook) -> RouteBook {
    book.post(SIGNUPS, signup)
        .post(VERIFICATIONS, verify)
        .put(VERIFICATIONS, resend)
        .get(STATUS, status)
        .post(AUTH, login)
        .get(LEGAL_ENTITIES, legal_entities)
        .get(LEGAL_ENTITY, legal_entity)
        .get(BANK_DETAIL, bank_detail)
        .post(STORES, create_store)
        .get(STORES, stores)
        .put(STORE, update_store)
        .delete(STORE, delete_store)
}

/// `POST /merchant-user-signups` → 201 `{merchantId, merchantUserId, status: "VERIFY", token}`.
pub async fn signup(
    State(shared): State<AppState>,
    JsonObject(body): JsonObject,
) -> ApiResult<(StatusCode, Json<MerchantSignupResponse>)> {
    let request = rules::signup(&body)?;
    shared
        .with_state(|state, now| state.merchant_signup(&request, now))
        .map(|answer| (StatusCode::CREATED, Json(answer)))
}

/// `POST /merchant-user-verifications` `{code, deviceId, email, mobilePhone}` → `{"verified": true}`.
pub async fn verify(
    State(shared): State<AppState>,
    JsonObject(body): JsonObject,
) -> ApiResult<Json<MerchantVerificationResponse>> {
    let request = rules::verification(&body)?;
    shared
        .with_state(|state, now| state.verify_merchant_user(&request, now))
        .map(Json)
}

/// `PUT /merchant-user-verifications` `{merchantUserId}` → `{"sent": true}`.
pub async fn resend(
    State(shared): State<AppState>,
    JsonObject(body): JsonObject,
) -> ApiResult<Json<ResendVerificationResponse>> {
    let who = rules::resend(&body)?;
    shared.with_state(|state, now| state.resend_merchant_code(&who, now))?;
    Ok(Json(ResendVerificationResponse { sent: true }))
}

/// `GET /merchants/{merchantId}/status` → `{"status"}`.
pub async fn status(
    State(shared): State<AppState>,
    auth: MerchantAuth,
    PathId(merchant_id): PathId,
) -> ApiResult<Json<MerchantStatusResponse>> {
    shared
        .with_state(|state, _| state.merchant_status(&auth.user_id, &merchant_id))
        .map(|status| Json(MerchantStatusResponse { status }))
}

/// `POST /auth` `{username, password}` → `{refreshPeriod, refreshToken, token}`.
pub async fn login(
    State(shared): State<AppState>,
    JsonObject(body): JsonObject,
) -> ApiResult<Json<MerchantAuthResponse>> {
    let request = rules::auth(&body)?;
    shared
        .with_state(|state, now| {
            state.merchant_login(&request.username, request.password.expose(), now)
        })
        .map(Json)
}

/// `GET /legal-entities`.
pub async fn legal_entities(
    State(shared): State<AppState>,
    auth: MerchantAuth,
) -> ApiResult<Json<Vec<LegalEntity>>> {
    shared
        .with_state(|state, _| state.legal_entities(&auth.user_id))
        .map(Json)
}

/// `GET /legal-entities/{personId}`.
pub async fn legal_entity(
    State(shared): State<AppState>,
    auth: MerchantAuth,
    PathId(person_id): PathId,
) -> ApiResult<Json<LegalEntity>> {
    shared
        .with_state(|state, _| state.legal_entity(&auth.user_id, &person_id))
        .map(Json)
}

/// `GET /legal-entities/{personId}/bank-details/{bankDetailId}`.
pub async fn bank_detail(
    State(shared): State<AppState>,
    auth: MerchantAuth,
    path: Result<Path<(String, String)>, axum::extract::rejection::PathRejection>,
) -> ApiResult<Json<BankDetails>> {
    let Path((person_id, detail_id)) = path.map_err(|_| ApiError::not_found("no such id"))?;
    shared
        .with_state(|state, _| state.bank_detail(&auth.user_id, &person_id, &detail_id))
        .map(Json)
}

/// `POST /stores` → `{"merchantStoreId"}`.
pub async fn create_store(
    State(shared): State<AppState>,
    auth: MerchantAuth,
    JsonObject(body): JsonObject,
) -> ApiResult<Json<StoreIdResponse>> {
    let request = rules::store(&body)?;
    shared
        .with_state(|state, _| state.create_store(&auth.user_id, &request))
        .map(|merchant_store_id| Json(StoreIdResponse { merchant_store_id }))
}

/// `GET /stores`.
pub async fn stores(
    State(shared): State<AppState>,
    auth: MerchantAuth,
) -> ApiResult<Json<Vec<MerchantStore>>> {
    shared
        .with_state(|state, _| state.stores(&auth.user_id))
        .map(Json)
}

/// `PUT /stores/{id}` → the store.
pub async fn update_store(
    State(shared): State<AppState>,
    auth: MerchantAuth,
    PathId(store_id): PathId,
    JsonObject(body): JsonObject,
) -> ApiResult<Json<MerchantStore>> {
    let request = rules::store(&body)?;
    shared
        .with_state(|state, _| state.update_store(&auth.user_id, &store_id, &request))
        .map(Json)
}

/// `DELETE /stores/{id}` → `{"merchantStoreId"}`; 400 code 6 while a cashback campaign runs there.
pub async fn delete_store(
    State(shared): State<AppState>,
    auth: MerchantAuth,
    PathId(store_id): PathId,
) -> ApiResult<Json<StoreIdResponse>> {
    shared
        .with_state(|state, _| state.delete_store(&auth.user_id, &store_id))
        .map(|merchant_store_id| Json(StoreIdResponse { merchant_store_id }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use swip_protocol::merchant as wire;

    #[test]
    fn paths_are_the_protocol_paths_under_the_prefix() {
        let prefixed = |path: &str| format!("{}{path}", wire::SANDBOX_PREFIX);
        assert_eq!(SIGNUPS, prefixed(wire::SIGNUPS));
        assert_eq!(VERIFICATIONS, prefixed(wire::VERIFICATIONS));
        assert_eq!(STATUS, prefixed(wire::MERCHANT_STATUS_ROUTE));
        assert_eq!(AUTH, prefixed(wire::AUTH));
        assert_eq!(LEGAL_ENTITIES, prefixed(wire::LEGAL_ENTITIES));
        assert_eq!(LEGAL_ENTITY, prefixed(wire::LEGAL_ENTITY_ROUTE));
        assert_eq!(BANK_DETAIL, prefixed(wire::BANK_DETAIL_ROUTE));
        assert_eq!(STORES, prefixed(wire::STORES));
        assert_eq!(STORE, prefixed(wire::STORE_ROUTE));
    }
}
