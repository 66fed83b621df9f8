//! Legal entities, bank details and stores of the merchant API, and the static token of each
//! store's tills.

use swip_protocol::ErrorCode;
use swip_protocol::merchant::{BankDetails, LegalEntity, MerchantStore, PosMode, StoreRequest};

use super::SandboxState;
use super::merchant::Store;
use crate::control::CampaignKind;
use crate::control::pos::PosCredentials;
use crate::error::{ApiError, ApiResult};

/// The cancellation period of a store that sets none, seconds.
pub const DEFAULT_CANCELLATION_PERIOD_S: u64 = 300;

impl SandboxState {
    /// `GET /legal-entities`.
    pub fn legal_entities(&self, user_id: &str) -> ApiResult<Vec<LegalEntity>> {
        Ok(self.merchant_of(user_id, false)?.legal_entities.clone())
    }

    /// `GET /legal-entities/{personId}`: 404 code 9 for a legal person of another merchant.
    pub fn legal_entity(&self, user_id: &str, person_id: &str) -> ApiResult<LegalEntity> {
        self.merchant_of(user_id, false)?
            .legal_entities
            .iter()
            .find(|entity| entity.person_id == person_id)
            .cloned()
            .ok_or_else(|| ApiError::not_found("no such legal person"))
    }

    /// `GET /legal-entities/{personId}/bank-details/{bankDetailId}`.
    pub fn bank_detail(
        &self,
        user_id: &str,
        person_id: &str,
        detail_id: &str,
    ) -> ApiResult<BankDetails> {
        self.legal_entity(user_id, person_id)?
            .bank_details
            .into_iter()
            .find(|detail| detail.id.as_deref() == Some(detail_id))
            .ok_or_else(|| ApiError::not_found("no such bank details"))
    }

    /// 400 code 5 on `bankAccount` unless it is one of the merchant's bank accounts.
    fn check_bank_account(&self, merchant_id: &str, bank_account: &str) -> ApiResult<()> {
        let known = self
            .world
            .merchants
            .merchants
            .get(merchant_id)
            .is_some_and(|merchant| {
                merchant
                    .legal_entities
                    .iter()
                    .flat_map(|entity| &entity.bank_details)
                    .any(|detail| detail.id.as_deref() == Some(bank_account))
            });
        if known {
            Ok(())
        } else {
            Err(ApiError::field(
                "StoreRequest",
                "bankAccount",
                "not a bank account of this merchant (GET /legal-entities: bankDetails[].id)",
            ))
        }
    }

    /// `POST /stores` (validated): the store and its tills' static token.
    pub fn create_store(&mut self, user_id: &str, request: &StoreRequest) -> ApiResult<String> {
        let merchant_id = self.merchant_of(user_id, false)?.id.clone();
        self.check_bank_account(&merchant_id, &request.bank_account)?;
        let id = self.rng.uuid();
        let token = self.rng.uuid();
        let store = store_from(id.clone(), request);
        let book = &mut self.world.merchants;
        book.store_by_token.insert(token.clone(), id.clone());
        book.stores.insert(
            id.clone(),
            Store {
                merchant_id,
                store,
                pos_token: token,
            },
        );
        Ok(id)
    }

    /// `PUT /stores/{id}` (validated): replaces the store's data (its token stays).
    pub fn update_store(
        &mut self,
        user_id: &str,
        store_id: &str,
        request: &StoreRequest,
    ) -> ApiResult<MerchantStore> {
        let merchant_id = self.merchant_of(user_id, false)?.id.clone();
        self.own_store(&merchant_id, store_id)?;
        self.check_bank_account(&merchant_id, &request.bank_account)?;
        let store = store_from(store_id.to_owned(), request);
        if let Some(record) = self.world.merchants.stores.get_mut(store_id) {
            record.store = store.clone();
        }
        Ok(store)
    }

    /// `DELETE /stores/{id}`: refused (400 code 6) while a cashback campaign runs there. The
    /// store's token stops working.
    pub fn delete_store(&mut self, user_id: &str, store_id: &str) -> ApiResult<String> {
        let merchant = self.merchant_of(user_id, false)?;
        let blocking: Vec<String> = merchant
            .campaigns
            .iter()
            .filter(|campaign| {
                campaign.kind == CampaignKind::Cashback && campaign.runs_at(store_id)
            })
            .map(|campaign| campaign.campaign_id.clone())
            .collect();
        let merchant_id = merchant.id.clone();
        self.own_store(&merchant_id, store_id)?;
        if !blocking.is_empty() {
            return Err(ApiError::bad_request(
                ErrorCode::IllegalState,
                &format!(
                    "active cashback campaigns run at this store: {}",
                    blocking.join(", ")
                ),
            ));
        }
        let book = &mut self.world.merchants;
        if let Some(store) = book.stores.remove(store_id) {
            book.store_by_token.remove(&store.pos_token);
        }
        Ok(store_id.to_owned())
    }

    /// `GET /stores`, sorted by name, then id.
    pub fn stores(&self, user_id: &str) -> ApiResult<Vec<MerchantStore>> {
        let merchant_id = &self.merchant_of(user_id, false)?.id;
        let mut stores: Vec<MerchantStore> = self
            .world
            .merchants
            .stores
            .values()
            .filter(|store| &store.merchant_id == merchant_id)
            .map(|store| store.store.clone())
            .collect();
        stores.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
        Ok(stores)
    }

    /// 404 code 9 unless `store_id` is a store of `merchant_id`.
    fn own_store(&self, merchant_id: &str, store_id: &str) -> ApiResult<&Store> {
        self.world
            .merchants
            .stores
            .get(store_id)
            .filter(|store| store.merchant_id == merchant_id)
            .ok_or_else(|| ApiError::not_found("no such store"))
    }

    /// A store's POS credentials (a `/sandbox/` control).
    pub fn pos_credentials(&self, store_id: &str) -> Option<PosCredentials> {
        let store = self.world.merchants.stores.get(store_id)?;
        Some(PosCredentials {
            merchant_id: store.merchant_id.clone(),
            merchant_store_id: store_id.to_owned(),
            token: store.pos_token.clone(),
            api_version: swip_protocol::pos::API_VERSION_VALUE.to_owned(),
        })
    }
}

fn store_from(id: String, request: &StoreRequest) -> MerchantStore {
    MerchantStore {
        id,
        name: request.name.clone(),
        bank_account: request.bank_account.clone(),
        address: request.address.clone(),
        description: request.description.clone(),
        latitude: request.latitude,
        longitude: request.longitude,
        phone: request.phone.clone(),
        mon_fri: request.mon_fri.clone(),
        sat_sun: request.sat_sun.clone(),
        pos_mode: request.pos_mode.clone().unwrap_or(PosMode::FastFood),
        cancellation_period_seconds: request
            .cancellation_period_seconds
            .unwrap_or(DEFAULT_CANCELLATION_PERIOD_S),
    }
}
