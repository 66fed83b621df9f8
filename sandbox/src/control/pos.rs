//! Types of the QA controls of the merchant and POS APIs (camelCase JSON) and of the matching
//! direct methods on [`crate::Sandbox`]: read a merchant's SMS code, activate a merchant as SWiP's
//! review would, read a store's POS credentials, create a ready POS store in one call, start and
//! end loyalty campaigns of registered merchants, and read the money movements of POS orders.

use serde::{Deserialize, Serialize};
use swip_protocol::Amount;
use swip_protocol::merchant::{MerchantStatus, PosMode};
use swip_protocol::pos::PaymentMethod;

use super::{Campaign, CampaignKind};

/// `GET /sandbox/merchant-codes?merchantUserId=…|username=…|phone=…`: the latest verification SMS
/// of a merchant user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MerchantCode {
    /// The merchant user.
    pub merchant_user_id: String,
    /// Its merchant.
    pub merchant_id: String,
    /// The username (e-mail).
    pub username: String,
    /// The phone, 11 digits starting with 7.
    pub phone: String,
    /// The 6-digit code.
    pub code: String,
    /// When it was sent, ms on the sandbox clock.
    pub sent_at: i64,
}

/// `GET /sandbox/stores/{storeId}/pos-credentials`: what a till of the store sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PosCredentials {
    /// `X-Merchant-ID`.
    pub merchant_id: String,
    /// `X-Store-ID`.
    pub merchant_store_id: String,
    /// The static token: `Authorization: Bearer <token>`.
    pub token: String,
    /// `Api-Version`.
    pub api_version: String,
}

/// Who a registered merchant's campaign is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Every customer.
    #[default]
    All,
    /// Customers who have no closed order at this merchant yet (personalised loyalty).
    NewCustomers,
}

/// A loyalty campaign of a registered merchant: a catalog [`Campaign`] limited to some stores and
/// to an audience. A cashback campaign active at a store keeps the store from being deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MerchantCampaign {
    /// The campaign's id, as order lines name it.
    pub campaign_id: String,
    /// What it is.
    pub description: String,
    /// Cashback or discount.
    pub kind: CampaignKind,
    /// Percent of the line amount, 1–99.
    pub percent: u32,
    /// The one product (`productId` of POS lines) it applies to; every line when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<String>,
    /// The stores it runs at; every store of the merchant when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store_ids: Option<Vec<String>>,
    /// Who gets it.
    #[serde(default)]
    pub audience: Audience,
}

impl MerchantCampaign {
    /// The catalog form, for the loyalty computation.
    pub fn as_campaign(&self) -> Campaign {
        Campaign {
            campaign_id: self.campaign_id.clone(),
            description: self.description.clone(),
            kind: self.kind,
            percent: self.percent,
            product_id: self.product_id.clone(),
        }
    }

    /// True when the campaign runs at `store_id`.
    pub fn runs_at(&self, store_id: &str) -> bool {
        self.store_ids
            .as_ref()
            .is_none_or(|stores| stores.iter().any(|id| id == store_id))
    }
}

/// `POST /sandbox/merchants/{merchantId}/campaigns` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CampaignRequest {
    /// The id; generated when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub campaign_id: Option<String>,
    /// What it is; generated when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Cashback or discount.
    pub kind: CampaignKind,
    /// Percent, 1–99.
    pub percent: u32,
    /// The one product it applies to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<String>,
    /// The stores it runs at (all when absent); each must be a store of the merchant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub store_ids: Option<Vec<String>>,
    /// Who gets it (everybody when absent).
    #[serde(default)]
    pub audience: Audience,
}

/// A store in [`MerchantSummary`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreSummary {
    /// `X-Store-ID`.
    pub merchant_store_id: String,
    /// The store's name.
    pub name: String,
    /// Its POS mode.
    pub pos_mode: PosMode,
    /// Its tills' static token.
    pub pos_token: String,
}

/// `GET /sandbox/merchants`: a registered merchant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MerchantSummary {
    /// `merchantId` (`X-Merchant-ID`).
    pub merchant_id: String,
    /// Its name.
    pub merchant_name: String,
    /// Its status.
    pub status: MerchantStatus,
    /// The merchant user who registered it.
    pub merchant_user_id: String,
    /// That user's username.
    pub username: String,
    /// Its stores.
    pub stores: Vec<StoreSummary>,
    /// Its campaigns.
    pub campaigns: Vec<MerchantCampaign>,
}

/// `POST /sandbox/pos-stores` body (every field optional): an ACTIVE merchant with one store,
/// registered through the same steps as the merchant API.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PosStoreRequest {
    /// The merchant's name (default `SWiP Demo Shop`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_name: Option<String>,
    /// The store's POS mode (default `FAST_FOOD`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pos_mode: Option<PosMode>,
    /// The store's cancellation period, seconds (default 300).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancellation_period_seconds: Option<u64>,
    /// Start the demo campaigns (5% cashback for everybody, 10% off for new customers); default true.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub demo_campaigns: Option<bool>,
}

/// The answer of `POST /sandbox/pos-stores`: everything a till and the merchant API need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PosStore {
    /// `X-Merchant-ID`.
    pub merchant_id: String,
    /// The merchant user.
    pub merchant_user_id: String,
    /// Its username, for the merchant API's `POST /auth`.
    pub username: String,
    /// Its password.
    pub password: String,
    /// `X-Store-ID`.
    pub merchant_store_id: String,
    /// The tills' static token (`Authorization: Bearer …`).
    pub pos_token: String,
    /// `Api-Version`.
    pub api_version: String,
}

/// What happened to the money of a POS order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MovementKind {
    /// The app's payment put funds on hold (also listed in `GET /sandbox/charges`).
    Hold,
    /// Held funds were withdrawn after the close's cancellation period.
    Capture,
    /// Held funds were given back (close with 0 or less than paid, failed close, cancel, expiry,
    /// cancel-payment).
    Release,
    /// A refund of a closed order (to the card, or handed back in cash by the till).
    Refund,
}

/// One entry of `GET /sandbox/pos-ledger`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Movement {
    /// The POS order.
    pub order_id: String,
    /// What happened.
    pub kind: MovementKind,
    /// How much, roubles on the wire.
    pub amount: Amount,
    /// The card payment's method (`CARD`), or `CASH` / `TERMINAL` for a refund at the counter.
    pub payment_method: PaymentMethod,
    /// The card, for card payments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_card_id: Option<String>,
    /// The app payment's deferred id, for card payments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deferred_id: Option<String>,
    /// The refund's id, for refunds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_id: Option<String>,
    /// When, ms on the sandbox clock.
    pub at: i64,
}
