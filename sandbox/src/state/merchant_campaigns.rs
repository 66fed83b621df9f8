//! Loyalty campaigns of registered merchants (set through `/sandbox/` controls): what POS orders
//! of their stores get, and what keeps a store from being deleted.

use swip_protocol::ErrorCode;

use super::SandboxState;
use crate::control::CampaignKind;
use crate::control::pos::{CampaignRequest, MerchantCampaign};
use crate::error::{ApiError, ApiResult};

impl SandboxState {
    /// Starts a campaign of `merchant_id`: 404 code 9 for an unknown merchant, 400 code 5 for a
    /// percent outside 1–99 or a store of another merchant, 400 code 8 for an id in use.
    pub fn add_campaign(
        &mut self,
        merchant_id: &str,
        request: &CampaignRequest,
    ) -> ApiResult<MerchantCampaign> {
        let merchant = self
            .world
            .merchants
            .merchants
            .get(merchant_id)
            .ok_or_else(|| ApiError::not_found(&format!("Merchant[{merchant_id}] not found")))?;
        let mut problems = Vec::new();
        if !(1..=99).contains(&request.percent) {
            problems.push(("percent".to_owned(), "must be 1 to 99".to_owned()));
        }
        for (index, store_id) in request.store_ids.iter().flatten().enumerate() {
            let own = self
                .world
                .merchants
                .stores
                .get(store_id)
                .is_some_and(|store| store.merchant_id == merchant_id);
            if !own {
                problems.push((
                    format!("storeIds[{index}]"),
                    "not a store of this merchant".to_owned(),
                ));
            }
        }
        if !problems.is_empty() {
            return Err(ApiError::validation("CampaignRequest", problems));
        }
        let campaign_id = match &request.campaign_id {
            Some(id) if !id.trim().is_empty() => id.clone(),
            _ => self.rng.uuid(),
        };
        if merchant
            .campaigns
            .iter()
            .any(|campaign| campaign.campaign_id == campaign_id)
        {
            return Err(ApiError::bad_request(
                ErrorCode::Duplicate,
                "the merchant already has a campaign with this id",
            ));
        }
        let description = request.description.clone().unwrap_or_else(|| {
            let what = match request.kind {
                CampaignKind::Cashback => "cashback",
                CampaignKind::Discount => "off",
            };
            format!("{}% {what}", request.percent)
        });
        let campaign = MerchantCampaign {
            campaign_id,
            description,
            kind: request.kind,
            percent: request.percent,
            product_id: request.product_id.clone(),
            store_ids: request.store_ids.clone(),
            audience: request.audience,
        };
        if let Some(merchant) = self.world.merchants.merchants.get_mut(merchant_id) {
            merchant.campaigns.push(campaign.clone());
        }
        Ok(campaign)
    }

    /// Ends a campaign: 404 code 9 for an unknown merchant or campaign. Orders already bound to a
    /// customer keep the loyalty they got.
    pub fn end_campaign(&mut self, merchant_id: &str, campaign_id: &str) -> ApiResult<()> {
        let merchant = self
            .world
            .merchants
            .merchants
            .get_mut(merchant_id)
            .ok_or_else(|| ApiError::not_found(&format!("Merchant[{merchant_id}] not found")))?;
        let before = merchant.campaigns.len();
        merchant
            .campaigns
            .retain(|campaign| campaign.campaign_id != campaign_id);
        if merchant.campaigns.len() == before {
            return Err(ApiError::not_found("no such campaign"));
        }
        Ok(())
    }
}
