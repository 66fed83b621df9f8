//! `GET /sandbox/merchants` and `GET /sandbox/pos-ledger`: what QA sees of registered merchants
//! and of the money of POS orders.

use super::SandboxState;
use crate::control::pos::{MerchantSummary, Movement, StoreSummary};

impl SandboxState {
    /// Every registered merchant with its stores (and their tokens) and campaigns, by id.
    pub fn merchant_summaries(&self) -> Vec<MerchantSummary> {
        let book = &self.world.merchants;
        let mut merchants: Vec<MerchantSummary> = book
            .merchants
            .values()
            .map(|merchant| {
                let owner = book.users.get(&merchant.owner);
                let mut stores: Vec<StoreSummary> = book
                    .stores
                    .values()
                    .filter(|store| store.merchant_id == merchant.id)
                    .map(|store| StoreSummary {
                        merchant_store_id: store.store.id.clone(),
                        name: store.store.name.clone(),
                        pos_mode: store.store.pos_mode.clone(),
                        pos_token: store.pos_token.clone(),
                    })
                    .collect();
                stores.sort_by(|a, b| {
                    a.name
                        .cmp(&b.name)
                        .then_with(|| a.merchant_store_id.cmp(&b.merchant_store_id))
                });
                MerchantSummary {
                    merchant_id: merchant.id.clone(),
                    merchant_name: merchant.name.clone(),
                    status: merchant.status.clone(),
                    merchant_user_id: merchant.owner.clone(),
                    username: owner.map(|user| user.username.clone()).unwrap_or_default(),
                    stores,
                    campaigns: merchant.campaigns.clone(),
                }
            })
            .collect();
        merchants.sort_by(|a, b| a.merchant_id.cmp(&b.merchant_id));
        merchants
    }

    /// Every money movement of POS orders, in time order.
    pub fn pos_ledger(&self) -> Vec<Movement> {
        let mut ledger = self.world.pos.ledger.clone();
        ledger.sort_by_key(|movement| movement.at);
        ledger
    }
}
