//! The merchant registration API (`002_2469429aa95bf951.txt`, "API регистрации"): a merchant user
//! signs up together with its merchant and legal persons, verifies by SMS, logs in, reads its legal
//! entities and bank details, and manages its stores.
//!
//! Paths here are relative to the merchant API's base URL. The sandbox serves that API under
//! [`SANDBOX_PREFIX`] (base URL = sandbox URL + `/merchant-api`), because the in-app API's `POST /auth`
//! takes another body. Requests authenticate with `X-Auth-Token` (the `token` of the signup or of
//! `POST /auth`); the verification endpoints need none. Field names follow the seed's examples
//! (`legalPersons`, `corporateInformation` and `customerInformation` as objects, `actualAddress`).

use serde::{Deserialize, Serialize};

use crate::paths::segment;
use crate::wire_enum::wire_enum;
use crate::{SecretString, tolerant};

/// Where the sandbox mounts the merchant API: its base URL is the sandbox URL plus this prefix.
pub const SANDBOX_PREFIX: &str = "/merchant-api";
/// `POST`: registers a merchant user, its merchant and legal persons in one request.
pub const SIGNUPS: &str = "/merchant-user-signups";
/// `POST` verifies the SMS code; `PUT` sends a new one.
pub const VERIFICATIONS: &str = "/merchant-user-verifications";
/// `POST`: logs in with username and password.
pub const AUTH: &str = "/auth";
/// `GET`: every legal person of the merchant.
pub const LEGAL_ENTITIES: &str = "/legal-entities";
/// `POST` creates a store, `GET` lists them.
pub const STORES: &str = "/stores";
/// Route pattern of [`merchant_status`].
pub const MERCHANT_STATUS_ROUTE: &str = "/merchants/{merchantId}/status";
/// Route pattern of [`legal_entity`].
pub const LEGAL_ENTITY_ROUTE: &str = "/legal-entities/{personId}";
/// Route pattern of [`bank_detail`].
pub const BANK_DETAIL_ROUTE: &str = "/legal-entities/{personId}/bank-details/{bankDetailId}";
/// Route pattern of [`store`].
pub const STORE_ROUTE: &str = "/stores/{id}";

/// `GET` the merchant's status.
pub fn merchant_status(merchant_id: &str) -> String {
    format!("/merchants/{}/status", segment(merchant_id))
}

/// `GET` one legal person.
pub fn legal_entity(person_id: &str) -> String {
    format!("/legal-entities/{}", segment(person_id))
}

/// `GET` one bank account of a legal person.
pub fn bank_detail(person_id: &str, bank_detail_id: &str) -> String {
    format!(
        "/legal-entities/{}/bank-details/{}",
        segment(person_id),
        segment(bank_detail_id)
    )
}

/// `PUT` (update) or `DELETE` a store.
pub fn store(store_id: &str) -> String {
    format!("/stores/{}", segment(store_id))
}

wire_enum! {
    /// The merchant's `status`.
    pub enum MerchantStatus {
        /// The account must be confirmed with the SMS code.
        Verify = "VERIFY",
        /// Created, waiting for SWiP's review.
        New = "NEW",
        /// Reviewed and active: its stores' POSes can take payments.
        Active = "ACTIVE",
    }
}

/// `POST /merchant-user-signups`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MerchantSignupRequest {
    /// The merchant's legal persons, at least one.
    pub legal_persons: Vec<LegalPersonRequest>,
    /// The merchant's name, 2–60 characters.
    pub merchant_name: String,
    /// The marketing engine's password, at least 4 characters.
    pub password: SecretString,
    /// The merchant user's phone: `+7`, `7` or `8` and 10 digits.
    pub phone: String,
    /// The merchant user's login: an e-mail address.
    pub username: String,
}

/// One legal person of [`MerchantSignupRequest`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LegalPersonRequest {
    /// Its bank accounts, at least one.
    pub bank_details: Vec<BankDetails>,
    /// Company data.
    pub corporate_information: CorporateInformation,
    /// Contact data.
    pub customer_information: CustomerInformation,
    /// What it sells.
    #[serde(default)]
    pub products: Vec<String>,
}

/// A bank account (`bankDetails` item). `id` is the server's: absent in requests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BankDetails {
    /// The account's id in SWiP (`bankAccount` of a store); only in answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The account's name, 1–100 characters.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub accounts_name: String,
    /// The bank's name, 1–100 characters.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub bank: String,
    /// БИК: 9 digits.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub bik: String,
    /// Checking account, 1–100 characters.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub checking_account: String,
    /// Correspondent account, 1–100 characters.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub correspondent_account: String,
    /// The default account (needed when there are several).
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub default: bool,
    /// ИНН: 10 or 12 digits.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub inn: String,
    /// Main account, 1–100 characters.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub main_account: String,
}

/// `corporateInformation`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CorporateInformation {
    /// The CEO's name, 1–100 characters.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub ceo_name: String,
    /// Number of employees.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub employees_count: u64,
    /// ИНН: 10 or 12 digits.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub inn: String,
    /// КПП: 9 digits.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub kpp: String,
    /// ОГРН: 13 digits.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub ogrn: String,
    /// ОКПО: 8 or 10 digits.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub okpo: String,
    /// ОКВЭД, 1–100 characters.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub okwed: String,
    /// Registration date, ISO 8601 (`2019-05-13T11:33:42.007Z`).
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub registration_date: String,
}

/// `customerInformation`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerInformation {
    /// Actual address, 1–100 characters.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub actual_address: String,
    /// Address, 1–100 characters.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub address: String,
    /// The POS system's vendor, 1–100 characters.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub cashbox_provider: String,
    /// The POS system's type, 1–100 characters.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub cashbox_type: String,
    /// Contact e-mail.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub email: String,
    /// The legal person's name, 1–100 characters.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub name: String,
    /// Contact phone: `+7`, `7` or `8` and 10 digits.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub phone: String,
    /// Postal address, 1–100 characters.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub postal_address: String,
}

/// The answer of `POST /merchant-user-signups`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MerchantSignupResponse {
    /// The merchant's id (`X-Merchant-ID` of its POSes): four capital letters, e.g. `ABCD`.
    /// Required.
    #[serde(deserialize_with = "tolerant::required_text")]
    pub merchant_id: String,
    /// The merchant user's id.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub merchant_user_id: String,
    /// `VERIFY` in the sandbox: verify with the SMS code next.
    pub status: MerchantStatus,
    /// The `X-Auth-Token` for the merchant API (valid 1 hour). Required.
    #[serde(deserialize_with = "tolerant::required_secret")]
    pub token: SecretString,
}

/// `POST /merchant-user-verifications`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MerchantVerificationRequest {
    /// The code from the SMS (6 digits in the sandbox).
    pub code: SecretString,
    /// The device's id.
    pub device_id: String,
    /// The merchant user's e-mail (the `username` of the signup).
    pub email: String,
    /// The phone given at signup.
    pub mobile_phone: String,
}

/// `{"verified": true}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MerchantVerificationResponse {
    /// True once verified.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub verified: bool,
}

/// `PUT /merchant-user-verifications`: send the SMS again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResendVerificationRequest {
    /// The merchant user's id (the sandbox also accepts the username, as the seed's example does).
    pub merchant_user_id: String,
}

/// `{"sent": true}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResendVerificationResponse {
    /// True when the SMS was sent.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub sent: bool,
}

/// `GET /merchants/{merchantId}/status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MerchantStatusResponse {
    /// The merchant's status.
    pub status: MerchantStatus,
}

/// `POST /auth` of the merchant API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MerchantAuthRequest {
    /// The password.
    pub password: SecretString,
    /// The username (e-mail) given at signup.
    pub username: String,
}

/// The answer of the merchant API's `POST /auth`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MerchantAuthResponse {
    /// Seconds the refresh token stays valid.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub refresh_period: u64,
    /// A refresh token (the sandbox offers no refresh endpoint: log in again).
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub refresh_token: SecretString,
    /// The `X-Auth-Token` (valid 1 hour). Required.
    #[serde(deserialize_with = "tolerant::required_secret")]
    pub token: SecretString,
}

/// A legal person as `GET /legal-entities` and `GET /legal-entities/{personId}` answer it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LegalEntity {
    /// Its bank accounts, each with its `id`.
    #[serde(default, deserialize_with = "tolerant::list_skipping_nulls")]
    pub bank_details: Vec<BankDetails>,
    /// Company data.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub corporate_information: CorporateInformation,
    /// Contact data.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub customer_information: CustomerInformation,
    /// The merchant's name.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub merchant_name: String,
    /// The legal person's id.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub person_id: String,
    /// What it sells.
    #[serde(default, deserialize_with = "tolerant::list_skipping_nulls")]
    pub products: Vec<String>,
    /// The merchant's status.
    #[serde(
        default = "status_unsent",
        deserialize_with = "crate::wire_enum::null_as_unsent"
    )]
    pub status: MerchantStatus,
}

wire_enum! {
    /// Extension (a store setting): how the store's POSes work, which sets how long an order may
    /// stay OPEN: 1.5 minutes in fast-food and retail mode, 10 hours in restaurant mode.
    pub enum PosMode {
        /// Fast food: OPEN for 1.5 minutes (the default).
        FastFood = "FAST_FOOD",
        /// Retail: OPEN for 1.5 minutes.
        Retail = "RETAIL",
        /// Restaurant: OPEN for 10 hours.
        Restaurant = "RESTAURANT",
    }
}

/// `POST /stores` and `PUT /stores/{id}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreRequest {
    /// The store's name.
    pub name: String,
    /// The id of one of the merchant's bank accounts (`bankDetails[].id`).
    pub bank_account: String,
    /// Address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// What the store does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Latitude (the seed writes a number; a numeric string is accepted too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latitude: Option<f64>,
    /// Longitude.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub longitude: Option<f64>,
    /// Phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Opening hours Monday to Friday.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mon_fri: Option<String>,
    /// Opening hours Saturday and Sunday.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sat_sun: Option<String>,
    /// Extension: the POS mode (default `FAST_FOOD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pos_mode: Option<PosMode>,
    /// Extension: seconds after a close during which the payment stays on hold and can still be
    /// cancelled (`cancel-payment`); then it is captured. Default 300; 0 captures at the close.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellation_period_seconds: Option<u64>,
}

/// `{"merchantStoreId": "..."}`: the answer of `POST /stores` and `DELETE /stores/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StoreIdResponse {
    /// The store's id (`X-Store-ID` of its POSes). Required.
    #[serde(deserialize_with = "tolerant::required_text")]
    pub merchant_store_id: String,
}

/// A store (`MerchantStore`) as `GET /stores` and `PUT /stores/{id}` answer it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MerchantStore {
    /// The store's id.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub id: String,
    /// The store's name.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub name: String,
    /// The bank account it is paid to.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub bank_account: String,
    /// Address.
    #[serde(default)]
    pub address: Option<String>,
    /// What the store does.
    #[serde(default)]
    pub description: Option<String>,
    /// Latitude.
    #[serde(default, deserialize_with = "tolerant::number_or_numeric_text")]
    pub latitude: Option<f64>,
    /// Longitude.
    #[serde(default, deserialize_with = "tolerant::number_or_numeric_text")]
    pub longitude: Option<f64>,
    /// Phone.
    #[serde(default)]
    pub phone: Option<String>,
    /// Opening hours Monday to Friday.
    #[serde(default)]
    pub mon_fri: Option<String>,
    /// Opening hours Saturday and Sunday.
    #[serde(default)]
    pub sat_sun: Option<String>,
    /// Extension: the POS mode.
    #[serde(default = "default_pos_mode", deserialize_with = "null_as_fast_food")]
    pub pos_mode: PosMode,
    /// Extension: the hold's cancellation period after a close, seconds.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub cancellation_period_seconds: u64,
}

/// No status sent: `Other("")`, which no reader takes for a known state.
fn status_unsent() -> MerchantStatus {
    MerchantStatus::Other(String::new())
}

fn default_pos_mode() -> PosMode {
    PosMode::FastFood
}

/// `posMode: null` reads as absent: `FAST_FOOD`.
fn null_as_fast_food<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<PosMode, D::Error> {
    Ok(Option::<PosMode>::deserialize(deserializer)?.unwrap_or_else(default_pos_mode))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The seed's request example, comments removed.
    const SIGNUP: &str = r#"{ "legalPersons": [ { "bankDetails": [ { "accountsName": "string", "bank": "string", "bik": "string", "checkingAccount": "string", "correspondentAccount": "string", "default": true, "inn": "string", "mainAccount": "string" } ], "corporateInformation": { "ceoName": "string", "employeesCount": 0, "inn": "string", "kpp": "string", "ogrn": "string", "okpo": "string", "okwed": "string", "registrationDate": "2019-05-13T11:33:42.007Z" }, "customerInformation": { "actualAddress": "string", "address": "string", "cashboxProvider": "string", "cashboxType": "string", "email": "string", "name": "string", "phone": "string", "postalAddress": "string" }, "products": [ "string" ] } ], "merchantName": "Name", "password": "supersecret", "phone": "79160000000", "username": "test@email.email" }"#;

    const LEGAL_ENTITY: &str = r#"{ "bankDetails": [ { "accountsName": "string", "bank": "string", "bik": "string", "checkingAccount": "string", "correspondentAccount": "string", "default": true, "id": "string", "inn": "string", "mainAccount": "string" } ], "corporateInformation": { "ceoName": "string", "employeesCount": 0, "inn": "string", "kpp": "string", "ogrn": "string", "okpo": "string", "okwed": "string", "registrationDate": "2019-01-14T20:24:28.483Z" }, "customerInformation": { "actualAddress": "string", "address": "string", "cashboxProvider": "string", "cashboxType": "string", "email": "string", "name": "string", "phone": "string", "postalAddress": "string" }, "merchantName": "string", "personId": "string", "products": [ "string" ], "status": "NEW" }"#;

    /// The seed's store examples end their object with a trailing comma, which no JSON parser
    /// accepts; this is the same object without it.
    const STORE: &str = r#"{ "name": "string", "bankAccount": "string", "address": "string", "description": "string", "latitude": 0, "longitude": 0, "phone": "string", "monFri": "string", "satSun": "string" }"#;

    fn same_json<T: Serialize>(value: &T, raw: &str) {
        let back = serde_json::to_value(value).unwrap();
        let original: serde_json::Value = serde_json::from_str(raw).unwrap();
        assert_eq!(back, original);
    }

    #[test]
    fn the_signup_examples_round_trip() {
        let request: MerchantSignupRequest = serde_json::from_str(SIGNUP).unwrap();
        assert_eq!(request.username, "test@email.email");
        assert_eq!(request.password.expose(), "supersecret");
        let person = &request.legal_persons[0];
        assert!(person.bank_details[0].default);
        assert_eq!(person.bank_details[0].id, None);
        assert_eq!(
            person.corporate_information.registration_date,
            "2019-05-13T11:33:42.007Z"
        );
        assert_eq!(person.customer_information.actual_address, "string");
        same_json(&request, SIGNUP);

        let raw = r#"{ "merchantId": "ABCD", "merchantUserId": "string", "status": "NEW", "token": "string" }"#;
        let response: MerchantSignupResponse = serde_json::from_str(raw).unwrap();
        assert_eq!(response.merchant_id, "ABCD");
        assert_eq!(response.status, MerchantStatus::New);
        same_json(&response, raw);
    }

    #[test]
    fn the_verification_examples_round_trip() {
        let raw = r#"{ "code": "666666", "deviceId": "string", "email": "test@email.email", "mobilePhone": "79160000000" }"#;
        let request: MerchantVerificationRequest = serde_json::from_str(raw).unwrap();
        assert_eq!(request.code.expose(), "666666");
        assert_eq!(format!("{request:?}").matches("666666").count(), 0);
        same_json(&request, raw);
        let verified: MerchantVerificationResponse =
            serde_json::from_str(r#"{ "verified": true }"#).unwrap();
        assert!(verified.verified);
        let resend: ResendVerificationRequest =
            serde_json::from_str(r#"{ "merchantUserId": "test@mail.ru" }"#).unwrap();
        assert_eq!(resend.merchant_user_id, "test@mail.ru");
        let sent: ResendVerificationResponse = serde_json::from_str(r#"{ "sent": true }"#).unwrap();
        assert!(sent.sent);
    }

    #[test]
    fn status_values_and_unknown_ones() {
        // The seed writes `{ "status": ACTIVE }`, which is not JSON; the value is a string.
        let status: MerchantStatusResponse =
            serde_json::from_str(r#"{ "status": "ACTIVE" }"#).unwrap();
        assert_eq!(status.status, MerchantStatus::Active);
        for raw in ["VERIFY", "NEW", "ACTIVE", "BLOCKED"] {
            let status: MerchantStatus = serde_json::from_value(raw.into()).unwrap();
            assert_eq!(serde_json::to_value(&status).unwrap(), raw);
        }
        assert_eq!(
            MerchantStatus::from_wire("BLOCKED"),
            MerchantStatus::Other("BLOCKED".into())
        );
    }

    #[test]
    fn the_auth_examples_round_trip() {
        let raw = r#"{ "password": "string", "username": "string" }"#;
        let request: MerchantAuthRequest = serde_json::from_str(raw).unwrap();
        same_json(&request, raw);
        let raw = r#"{ "refreshPeriod": 0, "refreshToken": "string", "token": "string" }"#;
        let response: MerchantAuthResponse = serde_json::from_str(raw).unwrap();
        assert_eq!(response.token.expose(), "string");
        same_json(&response, raw);
    }

    #[test]
    fn the_legal_entity_examples_round_trip() {
        let entity: LegalEntity = serde_json::from_str(LEGAL_ENTITY).unwrap();
        assert_eq!(entity.status, MerchantStatus::New);
        assert_eq!(entity.bank_details[0].id.as_deref(), Some("string"));
        same_json(&entity, LEGAL_ENTITY);
        let list: Vec<LegalEntity> = serde_json::from_str(&format!("[{LEGAL_ENTITY}]")).unwrap();
        assert_eq!(list.len(), 1);
        let raw = r#"{ "accountsName": "string", "bank": "string", "bik": "string", "checkingAccount": "string", "correspondentAccount": "string", "default": true, "id": "string", "inn": "string", "mainAccount": "string" }"#;
        let detail: BankDetails = serde_json::from_str(raw).unwrap();
        same_json(&detail, raw);
    }

    #[test]
    fn the_store_examples_parse() {
        let request: StoreRequest = serde_json::from_str(STORE).unwrap();
        assert_eq!(request.latitude, Some(0.0));
        assert_eq!(request.mon_fri.as_deref(), Some("string"));
        assert_eq!(request.pos_mode, None);
        let created: StoreIdResponse =
            serde_json::from_str(r#"{"merchantStoreId":"string"}"#).unwrap();
        assert_eq!(created.merchant_store_id, "string");
        // The PUT answer of the seed has no id; the list items do.
        let store: MerchantStore = serde_json::from_str(STORE).unwrap();
        assert_eq!(store.pos_mode, PosMode::FastFood);
        let listed: Vec<MerchantStore> = serde_json::from_str(&format!(
            "[{}]",
            STORE.replacen('{', r#"{ "id": "string","#, 1)
        ))
        .unwrap();
        assert_eq!(listed[0].id, "string");
    }

    #[test]
    fn path_builders_match_the_routes() {
        assert_eq!(
            merchant_status("ABCD"),
            MERCHANT_STATUS_ROUTE.replace("{merchantId}", "ABCD")
        );
        assert_eq!(
            legal_entity("p"),
            LEGAL_ENTITY_ROUTE.replace("{personId}", "p")
        );
        assert_eq!(
            bank_detail("p", "b"),
            BANK_DETAIL_ROUTE
                .replace("{personId}", "p")
                .replace("{bankDetailId}", "b")
        );
        assert_eq!(store("s/1"), "/stores/s%2F1");
    }
}
