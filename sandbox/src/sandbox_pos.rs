//! Direct controls of the merchant and POS APIs on [`Sandbox`], the same operations as their
//! `/sandbox/` endpoints.

use swip_protocol::Amount;
use swip_protocol::merchant::MerchantStatus;
use swip_protocol::pos::{
    CreatePosOrderRequest, PosCancelPaymentResponse, PosOrder, PosRefundResponse,
};

use crate::Sandbox;
use crate::control::pos::{
    CampaignRequest, MerchantCampaign, MerchantCode, MerchantSummary, Movement, PosCredentials,
    PosStore, PosStoreRequest,
};
use crate::error::{ApiError, ApiResult};
use crate::state::pos_ops::PosCaller;
use crate::validation::pos as rules;

/// The till that the direct POS helpers act as.
pub const DIRECT_CASH_ID: &str = "sandbox";

impl Sandbox {
    /// The latest verification code of a merchant user named by id, username or phone (as
    /// `GET /sandbox/merchant-codes`).
    pub fn merchant_code(&self, who: &str) -> Option<MerchantCode> {
        self.shared.with_state(|state, _| state.merchant_code(who))
    }

    /// SWiP's review: NEW → ACTIVE (as `POST /sandbox/merchants/{merchantId}/activate`). A
    /// merchant still in VERIFY: 400 code 6; unknown: 404 code 9.
    pub fn activate_merchant(&self, merchant_id: &str) -> ApiResult<MerchantStatus> {
        self.shared
            .with_state(|state, _| state.activate_merchant(merchant_id))
    }

    /// Every registered merchant (as `GET /sandbox/merchants`).
    pub fn merchants(&self) -> Vec<MerchantSummary> {
        self.shared
            .with_state(|state, _| state.merchant_summaries())
    }

    /// Starts a loyalty campaign of a registered merchant (as
    /// `POST /sandbox/merchants/{merchantId}/campaigns`).
    pub fn add_campaign(
        &self,
        merchant_id: &str,
        request: &CampaignRequest,
    ) -> ApiResult<MerchantCampaign> {
        self.shared
            .with_state(|state, _| state.add_campaign(merchant_id, request))
    }

    /// Ends a campaign (as `DELETE /sandbox/merchants/{merchantId}/campaigns/{campaignId}`).
    pub fn end_campaign(&self, merchant_id: &str, campaign_id: &str) -> ApiResult<()> {
        self.shared
            .with_state(|state, _| state.end_campaign(merchant_id, campaign_id))
    }

    /// A store's POS credentials (as `GET /sandbox/stores/{storeId}/pos-credentials`).
    pub fn pos_credentials(&self, store_id: &str) -> Option<PosCredentials> {
        self.shared
            .with_state(|state, _| state.pos_credentials(store_id))
    }

    /// An ACTIVE merchant with one store and (by default) the demo campaigns, registered through
    /// the merchant API's steps (as `POST /sandbox/pos-stores`).
    pub fn create_pos_store(&self, request: &PosStoreRequest) -> ApiResult<PosStore> {
        self.shared
            .with_state(|state, now| state.create_pos_store(request, now))
    }

    /// Every hold, capture, release and refund of POS orders, in time order (as
    /// `GET /sandbox/pos-ledger`).
    pub fn pos_ledger(&self) -> Vec<Movement> {
        self.shared.with_state(|state, _| state.pos_ledger())
    }

    /// The till of `store_id` (`X-Cash-ID` [`DIRECT_CASH_ID`]); 404 code 9 for an unknown store,
    /// 403 code 4 when its merchant is not ACTIVE.
    fn direct_till(&self, store_id: &str) -> ApiResult<PosCaller> {
        self.shared.with_state(|state, _| {
            let book = &state.world.merchants;
            let store = book
                .stores
                .get(store_id)
                .ok_or_else(|| ApiError::not_found("no such store"))?;
            let active = book
                .merchants
                .get(&store.merchant_id)
                .is_some_and(|merchant| merchant.status == MerchantStatus::Active);
            if !active {
                return Err(ApiError::forbidden("the merchant is not ACTIVE"));
            }
            Ok(PosCaller {
                merchant_id: store.merchant_id.clone(),
                store_id: store_id.to_owned(),
                cash_id: DIRECT_CASH_ID.to_owned(),
            })
        })
    }

    /// A till of `store_id` creates an order (as `POST /pos-api/orders`, same rules), for tests of
    /// the app's side that need no POS client.
    pub fn pos_create_order(
        &self,
        store_id: &str,
        request: &CreatePosOrderRequest,
    ) -> ApiResult<PosOrder> {
        let caller = self.direct_till(store_id)?;
        let body = match serde_json::to_value(request) {
            Ok(serde_json::Value::Object(body)) => body,
            _ => return Err(ApiError::internal("the request could not be serialised")),
        };
        let request = rules::create_order(&body)?;
        self.shared
            .with_state(|state, now| state.create_pos_order(&caller, &request, now))
    }

    /// The order as the till of `store_id` sees it (as `GET /pos-api/orders/{id}`).
    pub fn pos_order(&self, store_id: &str, order_id: &str) -> ApiResult<PosOrder> {
        let caller = self.direct_till(store_id)?;
        self.shared
            .with_state(|state, _| state.pos_order(&caller, order_id))
    }

    /// The till of `store_id` closes an order (as `POST /pos-api/orders/{id}/close`; 0 cancels).
    pub fn pos_close_order(
        &self,
        store_id: &str,
        order_id: &str,
        amount: Amount,
    ) -> ApiResult<PosOrder> {
        let caller = self.direct_till(store_id)?;
        self.shared
            .with_state(|state, now| state.close_pos_order(&caller, order_id, Ok(amount), now))
    }

    /// The till of `store_id` refunds part of a CLOSED order (as `POST /pos-api/orders/{id}/refund`;
    /// code 32 beyond the closed amount).
    pub fn pos_refund(
        &self,
        store_id: &str,
        order_id: &str,
        amount: Amount,
    ) -> ApiResult<PosRefundResponse> {
        let caller = self.direct_till(store_id)?;
        self.shared
            .with_state(|state, now| state.refund_pos_order(&caller, order_id, amount, now))
    }

    /// The till of `store_id` releases a held payment (as
    /// `POST /pos-api/orders/{id}/cancel-payment`; code 27 once captured).
    pub fn pos_cancel_payment(
        &self,
        store_id: &str,
        order_id: &str,
    ) -> ApiResult<PosCancelPaymentResponse> {
        let caller = self.direct_till(store_id)?;
        self.shared
            .with_state(|state, now| state.cancel_pos_payment(&caller, order_id, now))
    }
}
