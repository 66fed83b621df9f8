//! The POS API's headers: `Api-Version` (2 or higher), `Authorization: Bearer <store token>`,
//! `X-Merchant-ID`, `X-Store-ID` and `X-Cash-ID`, checked against the token's store and its
//! merchant's status.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use swip_protocol::headers::API_VERSION;
use swip_protocol::merchant::MerchantStatus;
use swip_protocol::pos::{AUTHORIZATION, CASH_ID, MERCHANT_ID, STORE_ID};

use super::HEADERS_OBJECT;
use crate::error::ApiError;
use crate::shared::{AppState, lock};
use crate::state::pos_ops::PosCaller;

/// Longest accepted `X-*-ID` header value.
const MAX_ID_LEN: usize = 64;

/// The till a request comes from. Rejections, in this order: 400 code 5 for a missing or lower
/// `Api-Version`; 401 code 2 for a missing, malformed or unknown token (a deleted store's too);
/// 400 code 5 for each missing `X-Merchant-ID`, `X-Store-ID`, `X-Cash-ID`; 403 code 4 when the
/// merchant or store is not the token's, or the merchant is not ACTIVE.
#[derive(Debug, Clone)]
pub struct PosAuth(pub PosCaller);

fn header<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .filter(|value| !value.is_empty())
}

impl FromRequestParts<AppState> for PosAuth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, shared: &AppState) -> Result<Self, ApiError> {
        match header(parts, API_VERSION).map(str::parse::<u32>) {
            Some(Ok(version)) if version >= 2 => {}
            Some(_) => {
                return Err(ApiError::field(
                    HEADERS_OBJECT,
                    API_VERSION,
                    "must be 2 or higher",
                ));
            }
            None => {
                return Err(ApiError::field(
                    HEADERS_OBJECT,
                    API_VERSION,
                    "required header is missing",
                ));
            }
        }
        let token = header(parts, AUTHORIZATION)
            .and_then(|value| {
                value
                    .strip_prefix("Bearer ")
                    .or_else(|| value.strip_prefix("bearer "))
            })
            .map(str::trim)
            .filter(|token| !token.is_empty())
            .ok_or_else(|| ApiError::unauthenticated("Authorization: Bearer <token> is missing"))?;
        let mut problems = Vec::new();
        let mut read = |name: &str| match header(parts, name) {
            Some(value) if value.len() <= MAX_ID_LEN => Some(value.to_owned()),
            Some(_) => {
                problems.push((name.to_owned(), format!("at most {MAX_ID_LEN} characters")));
                None
            }
            None => {
                problems.push((name.to_owned(), "required header is missing".to_owned()));
                None
            }
        };
        let (merchant_id, store_id, cash_id) = (read(MERCHANT_ID), read(STORE_ID), read(CASH_ID));
        if !problems.is_empty() {
            return Err(ApiError::validation(HEADERS_OBJECT, problems));
        }
        let caller = PosCaller {
            merchant_id: merchant_id.unwrap_or_default(),
            store_id: store_id.unwrap_or_default(),
            cash_id: cash_id.unwrap_or_default(),
        };
        let state = lock(&shared.state);
        let book = &state.world.merchants;
        let store = book
            .store_by_token
            .get(token)
            .and_then(|id| book.stores.get(id))
            .ok_or_else(|| ApiError::unauthenticated("unknown token (or the store was deleted)"))?;
        if store.merchant_id != caller.merchant_id || store.store.id != caller.store_id {
            return Err(ApiError::forbidden(
                "X-Merchant-ID and X-Store-ID must be those of the token's store",
            ));
        }
        let active = book
            .merchants
            .get(&caller.merchant_id)
            .is_some_and(|merchant| merchant.status == MerchantStatus::Active);
        if !active {
            return Err(ApiError::forbidden(
                "the merchant is not ACTIVE: it cannot take payments yet",
            ));
        }
        Ok(PosAuth(caller))
    }
}
