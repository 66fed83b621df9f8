//! `POST /sandbox/pos-stores`: an ACTIVE merchant with one store in one call, registered through
//! the same steps as the merchant API (signup, SMS verification, review, store), so that a QA till
//! or the wallet's tests can start selling at once.

use swip_protocol::SecretString;
use swip_protocol::merchant::{
    BankDetails, CorporateInformation, CustomerInformation, LegalPersonRequest,
    MerchantSignupRequest, MerchantVerificationRequest, PosMode, StoreRequest,
};

use super::SandboxState;
use crate::control::CampaignKind;
use crate::control::pos::{Audience, CampaignRequest, PosStore, PosStoreRequest};
use crate::error::{ApiError, ApiResult};

/// The demo campaigns: 5% cashback for everybody, 10% off a first purchase.
pub fn demo_campaigns() -> Vec<CampaignRequest> {
    vec![
        CampaignRequest {
            campaign_id: Some("cashback-5-all".into()),
            description: Some("5% cashback on everything".into()),
            kind: CampaignKind::Cashback,
            percent: 5,
            product_id: None,
            store_ids: None,
            audience: Audience::All,
        },
        CampaignRequest {
            campaign_id: Some("welcome-10".into()),
            description: Some("10% off your first purchase".into()),
            kind: CampaignKind::Discount,
            percent: 10,
            product_id: None,
            store_ids: None,
            audience: Audience::NewCustomers,
        },
    ]
}

fn text(value: &str) -> String {
    value.to_owned()
}

impl SandboxState {
    /// Registers, verifies and activates a merchant, opens a store and starts the demo campaigns
    /// (unless `demoCampaigns` is false); answers the credentials.
    pub fn create_pos_store(&mut self, request: &PosStoreRequest, now: i64) -> ApiResult<PosStore> {
        // The same rule as `POST /merchant-api/stores`: a mode this sandbox does not know is refused.
        if let Some(PosMode::Other(_)) = &request.pos_mode {
            return Err(ApiError::field(
                "posStoreRequest",
                "posMode",
                "must be FAST_FOOD, RETAIL or RESTAURANT",
            ));
        }
        let serial = self.rng.digits(7);
        let username = format!("shop-{serial}@example.ru");
        let phone = format!("7900{serial}");
        let password = format!("pos-{}", self.rng.digits(8));
        let merchant_name = request
            .merchant_name
            .clone()
            .unwrap_or_else(|| "SWiP Demo Shop".to_owned());
        let inn = format!("77{}", self.rng.digits(8));
        let signup = MerchantSignupRequest {
            legal_persons: vec![LegalPersonRequest {
                bank_details: vec![BankDetails {
                    id: None,
                    accounts_name: text("Main account"),
                    bank: text("SWiP Sandbox Bank"),
                    bik: text("044525225"),
                    checking_account: format!("40702810{}", self.rng.digits(12)),
                    correspondent_account: text("30101810400000000225"),
                    default: true,
                    inn: inn.clone(),
                    main_account: text("main"),
                }],
                corporate_information: CorporateInformation {
                    ceo_name: text("Ivan Petrov"),
                    employees_count: 5,
                    inn,
                    kpp: text("770101001"),
                    ogrn: format!("1027700{}", self.rng.digits(6)),
                    okpo: text("12345678"),
                    okwed: text("56.10"),
                    registration_date: text("2019-05-13T11:33:42.007Z"),
                },
                customer_information: CustomerInformation {
                    actual_address: text("Moscow, Tverskaya 1"),
                    address: text("Moscow, Tverskaya 1"),
                    cashbox_provider: text("SWiP CLI"),
                    cashbox_type: text("virtual"),
                    email: username.clone(),
                    name: merchant_name.clone(),
                    phone: phone.clone(),
                    postal_address: text("Moscow, Tverskaya 1"),
                },
                products: vec![text("food")],
            }],
            merchant_name: merchant_name.clone(),
            password: SecretString::new(password.clone()),
            phone: phone.clone(),
            username: username.clone(),
        };
        let signed_up = self.merchant_signup(&signup, now)?;
        let code = self
            .merchant_code(&signed_up.merchant_user_id)
            .map(|code| code.code)
            .unwrap_or_default();
        self.verify_merchant_user(
            &MerchantVerificationRequest {
                code: SecretString::new(code),
                device_id: text("sandbox"),
                email: username.clone(),
                mobile_phone: phone,
            },
            now,
        )?;
        self.activate_merchant(&signed_up.merchant_id)?;
        let bank_account = self
            .legal_entities(&signed_up.merchant_user_id)?
            .first()
            .and_then(|entity| entity.bank_details.first())
            .and_then(|detail| detail.id.clone())
            .unwrap_or_default();
        let store_id = self.create_store(
            &signed_up.merchant_user_id,
            &StoreRequest {
                name: format!("{merchant_name}, till 1"),
                bank_account,
                pos_mode: request.pos_mode.clone(),
                cancellation_period_seconds: request.cancellation_period_seconds,
                ..StoreRequest::default()
            },
        )?;
        if request.demo_campaigns.unwrap_or(true) {
            for campaign in demo_campaigns() {
                self.add_campaign(&signed_up.merchant_id, &campaign)?;
            }
        }
        let credentials = self.pos_credentials(&store_id).unwrap_or_else(|| {
            crate::control::pos::PosCredentials {
                merchant_id: signed_up.merchant_id.clone(),
                merchant_store_id: store_id.clone(),
                token: String::new(),
                api_version: swip_protocol::pos::API_VERSION_VALUE.to_owned(),
            }
        });
        Ok(PosStore {
            merchant_id: signed_up.merchant_id,
            merchant_user_id: signed_up.merchant_user_id,
            username,
            password,
            merchant_store_id: store_id,
            pos_token: credentials.token,
            api_version: credentials.api_version,
        })
    }
}
