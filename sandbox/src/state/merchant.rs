//! Merchant users and merchants of the merchant registration API: signup (one request creates
//! the user, the merchant and its legal persons), SMS verification, login, and the status
//! VERIFY → NEW → ACTIVE (the last step is SWiP's review: a `/sandbox/` control).

use std::collections::HashMap;

use ring::digest;
use swip_protocol::merchant::{
    LegalEntity, MerchantAuthResponse, MerchantSignupRequest, MerchantSignupResponse,
    MerchantStatus, MerchantStore, MerchantVerificationRequest, MerchantVerificationResponse,
};
use swip_protocol::{ErrorCode, SecretString};

use super::accounts::{SMS_CODE_TTL_MS, SMS_INTERVAL_MS};
use super::{REFRESH_TTL_S, SandboxState, TOKEN_TTL_S};
use crate::control::pos::{MerchantCampaign, MerchantCode};
use crate::error::{ApiError, ApiResult};
use crate::jwt::{Claims, TokenScope};

/// The `sid` claim of every merchant-API token: app endpoints refuse them (their `sub` is no app
/// user) and the merchant API refuses app tokens.
pub const MERCHANT_TOKEN_SID: &str = "merchant-api";
/// Digits of a merchant verification code (the seed's example is `666666`).
pub const CODE_DIGITS: u32 = 6;

/// Everything of the merchant API a reset forgets.
#[derive(Debug, Default)]
pub struct MerchantBook {
    /// Merchant users by id.
    pub users: HashMap<String, MerchantUser>,
    /// Merchant user ids by lower-case username.
    pub user_by_username: HashMap<String, String>,
    /// Merchants by id.
    pub merchants: HashMap<String, Merchant>,
    /// Stores by id.
    pub stores: HashMap<String, Store>,
    /// Store ids by POS token.
    pub store_by_token: HashMap<String, String>,
}

/// A merchant user. Its `Debug` hides the code and the password digest.
#[derive(Clone)]
pub struct MerchantUser {
    /// The id (`merchantUserId`).
    pub id: String,
    /// The username (an e-mail), as given.
    pub username: String,
    /// The phone, normalised to 11 digits starting with 7.
    pub phone: String,
    /// Its merchant.
    pub merchant_id: String,
    password_digest: Vec<u8>,
    /// The latest verification code.
    pub code: String,
    /// When it was sent.
    pub code_sent_at: i64,
}

impl std::fmt::Debug for MerchantUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MerchantUser")
            .field("id", &self.id)
            .field("username", &self.username)
            .field("merchant_id", &self.merchant_id)
            .finish_non_exhaustive()
    }
}

/// A merchant.
#[derive(Debug, Clone)]
pub struct Merchant {
    /// The id (`merchantId`, four capital letters).
    pub id: String,
    /// `merchantName`.
    pub name: String,
    /// VERIFY, NEW or ACTIVE.
    pub status: MerchantStatus,
    /// The merchant user who registered it.
    pub owner: String,
    /// Its legal persons, with the ids given at signup (`status` is the merchant's).
    pub legal_entities: Vec<LegalEntity>,
    /// Its loyalty campaigns (set through `/sandbox/` controls).
    pub campaigns: Vec<MerchantCampaign>,
}

/// A store of a merchant.
#[derive(Debug, Clone)]
pub struct Store {
    /// Its merchant.
    pub merchant_id: String,
    /// The store as answered (`id` filled in).
    pub store: MerchantStore,
    /// The static token of its tills.
    pub pos_token: String,
}

/// Normalises a phone of the form `+7…`, `7…` or `8…` (10 digits after) to `7` + 10 digits.
pub fn normalise_phone(phone: &str) -> String {
    let digits = phone.strip_prefix('+').unwrap_or(phone);
    match digits.strip_prefix('8') {
        Some(rest) => format!("7{rest}"),
        None => digits.to_owned(),
    }
}

fn password_digest(user_id: &str, password: &str) -> Vec<u8> {
    digest::digest(
        &digest::SHA256,
        format!("merchant:{user_id}:{password}").as_bytes(),
    )
    .as_ref()
    .to_vec()
}

impl SandboxState {
    /// `POST /merchant-user-signups` (already validated): the user, the merchant (VERIFY) and its
    /// legal persons, an SMS with the verification code, and a token. A username already
    /// registered answers 400 code 8.
    pub fn merchant_signup(
        &mut self,
        request: &MerchantSignupRequest,
        now_ms: i64,
    ) -> ApiResult<MerchantSignupResponse> {
        let username = request.username.to_lowercase();
        if self
            .world
            .merchants
            .user_by_username
            .contains_key(&username)
        {
            return Err(ApiError::bad_request(
                ErrorCode::Duplicate,
                "a merchant user with this username already exists",
            ));
        }
        let merchant_id = self.new_merchant_id();
        let user_id = self.rng.uuid();
        let legal_entities = request
            .legal_persons
            .iter()
            .map(|person| {
                let mut bank_details = person.bank_details.clone();
                for detail in &mut bank_details {
                    detail.id = Some(self.rng.uuid());
                }
                LegalEntity {
                    bank_details,
                    corporate_information: person.corporate_information.clone(),
                    customer_information: person.customer_information.clone(),
                    merchant_name: request.merchant_name.clone(),
                    person_id: self.rng.uuid(),
                    products: person.products.clone(),
                    status: MerchantStatus::Verify,
                }
            })
            .collect();
        let code = self.rng.digits(CODE_DIGITS);
        let book = &mut self.world.merchants;
        book.users.insert(
            user_id.clone(),
            MerchantUser {
                id: user_id.clone(),
                username: request.username.clone(),
                phone: normalise_phone(&request.phone),
                merchant_id: merchant_id.clone(),
                password_digest: password_digest(&user_id, request.password.expose()),
                code,
                code_sent_at: now_ms,
            },
        );
        book.user_by_username.insert(username, user_id.clone());
        book.merchants.insert(
            merchant_id.clone(),
            Merchant {
                id: merchant_id.clone(),
                name: request.merchant_name.clone(),
                status: MerchantStatus::Verify,
                owner: user_id.clone(),
                legal_entities,
                campaigns: Vec::new(),
            },
        );
        let token = self.merchant_token(&user_id, TokenScope::Session, now_ms);
        Ok(MerchantSignupResponse {
            merchant_id,
            merchant_user_id: user_id,
            status: MerchantStatus::Verify,
            token,
        })
    }

    /// Four capital letters no merchant has yet.
    fn new_merchant_id(&mut self) -> String {
        loop {
            let id: String = (0..4)
                .map(|_| char::from(b'A' + self.rng.below(26) as u8))
                .collect();
            if !self.world.merchants.merchants.contains_key(&id) {
                return id;
            }
        }
    }

    fn merchant_token(&mut self, user_id: &str, scope: TokenScope, now_ms: i64) -> SecretString {
        let ttl = if scope == TokenScope::Refresh {
            REFRESH_TTL_S
        } else {
            TOKEN_TTL_S
        };
        SecretString::new(self.issue_token(
            scope,
            user_id,
            None,
            Some(MERCHANT_TOKEN_SID),
            now_ms,
            ttl,
        ))
    }

    /// `POST /merchant-user-verifications`: the e-mail names the user (404 code 9), the phone must
    /// be its own (400 code 14), the code the latest sent (404 code 9, as the seed's example) and
    /// not older than 5 minutes (400 code 12). The merchant goes from VERIFY to NEW; verifying
    /// again with the right code answers the same.
    pub fn verify_merchant_user(
        &mut self,
        request: &MerchantVerificationRequest,
        now_ms: i64,
    ) -> ApiResult<MerchantVerificationResponse> {
        let user_id = self
            .world
            .merchants
            .user_by_username
            .get(&request.email.to_lowercase())
            .cloned()
            .ok_or_else(|| ApiError::not_found("no merchant user has this e-mail"))?;
        let user = self.merchant_user(&user_id)?;
        if user.phone != normalise_phone(&request.mobile_phone) {
            return Err(ApiError::bad_request(
                ErrorCode::DoesntMatch,
                "mobilePhone is not the phone given at signup",
            ));
        }
        if user.code != request.code.expose() {
            return Err(ApiError::not_found(&format!(
                "Sms code[{}] not found",
                request.code.expose()
            )));
        }
        if now_ms - user.code_sent_at > SMS_CODE_TTL_MS {
            return Err(ApiError::bad_request(
                ErrorCode::SmsCodeExpired,
                "the code expired: ask for a new one (PUT /merchant-user-verifications)",
            ));
        }
        let merchant_id = user.merchant_id.clone();
        if let Some(merchant) = self.world.merchants.merchants.get_mut(&merchant_id) {
            if merchant.status == MerchantStatus::Verify {
                merchant.set_status(MerchantStatus::New);
            }
        }
        Ok(MerchantVerificationResponse { verified: true })
    }

    /// `PUT /merchant-user-verifications`: a new code for the user named by id or username, at
    /// most one SMS a minute (429 code 22); 400 code 6 once verified.
    pub fn resend_merchant_code(&mut self, who: &str, now_ms: i64) -> ApiResult<()> {
        let user_id = self
            .merchant_user_id(who)
            .ok_or_else(|| ApiError::not_found("no such merchant user"))?;
        let user = self.merchant_user(&user_id)?;
        let verified = self
            .world
            .merchants
            .merchants
            .get(&user.merchant_id)
            .is_some_and(|merchant| merchant.status != MerchantStatus::Verify);
        if verified {
            return Err(ApiError::bad_request(
                ErrorCode::IllegalState,
                "the merchant user is already verified",
            ));
        }
        let wait_ms = user.code_sent_at + SMS_INTERVAL_MS - now_ms;
        if wait_ms > 0 {
            let seconds = (wait_ms + 999) / 1000;
            return Err(ApiError::new(
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::RequestLimitExceeded,
                "at most one SMS a minute",
            )
            .with_header("retry-after", seconds));
        }
        let code = self.rng.digits(CODE_DIGITS);
        if let Some(user) = self.world.merchants.users.get_mut(&user_id) {
            user.code = code;
            user.code_sent_at = now_ms;
        }
        Ok(())
    }

    /// The merchant API's `POST /auth`: 401 code 2 for an unknown username or a wrong password.
    pub fn merchant_login(
        &mut self,
        username: &str,
        password: &str,
        now_ms: i64,
    ) -> ApiResult<MerchantAuthResponse> {
        let user_id = self
            .world
            .merchants
            .user_by_username
            .get(&username.to_lowercase())
            .cloned()
            .filter(|id| {
                self.world
                    .merchants
                    .users
                    .get(id)
                    .is_some_and(|user| user.password_digest == password_digest(id, password))
            })
            .ok_or_else(|| ApiError::unauthenticated("wrong username or password"))?;
        Ok(MerchantAuthResponse {
            refresh_period: REFRESH_TTL_S,
            refresh_token: self.merchant_token(&user_id, TokenScope::Refresh, now_ms),
            token: self.merchant_token(&user_id, TokenScope::Session, now_ms),
        })
    }

    /// The merchant user of a merchant-API session token: 401 code 2 if it is not one (an app
    /// token) or the user vanished (a reset).
    pub fn merchant_session(&self, claims: &Claims) -> ApiResult<&MerchantUser> {
        if claims.sid.as_deref() != Some(MERCHANT_TOKEN_SID) {
            return Err(ApiError::unauthenticated("not a merchant API token"));
        }
        self.merchant_user(&claims.sub)
    }

    /// A merchant user by id, 401 code 2 if it vanished.
    pub fn merchant_user(&self, user_id: &str) -> ApiResult<&MerchantUser> {
        self.world
            .merchants
            .users
            .get(user_id)
            .ok_or_else(|| ApiError::unauthenticated("unknown merchant user"))
    }

    /// The id of the merchant user named by id, username or phone.
    pub fn merchant_user_id(&self, who: &str) -> Option<String> {
        let book = &self.world.merchants;
        if book.users.contains_key(who) {
            return Some(who.to_owned());
        }
        if let Some(id) = book.user_by_username.get(&who.to_lowercase()) {
            return Some(id.clone());
        }
        let phone = normalise_phone(who);
        let mut matching: Vec<&MerchantUser> =
            book.users.values().filter(|u| u.phone == phone).collect();
        matching.sort_by_key(|user| user.code_sent_at);
        matching.last().map(|user| user.id.clone())
    }

    /// The latest verification code of a merchant user (a `/sandbox/` control).
    pub fn merchant_code(&self, who: &str) -> Option<MerchantCode> {
        let user = self
            .world
            .merchants
            .users
            .get(&self.merchant_user_id(who)?)?;
        Some(MerchantCode {
            merchant_user_id: user.id.clone(),
            merchant_id: user.merchant_id.clone(),
            username: user.username.clone(),
            phone: user.phone.clone(),
            code: user.code.clone(),
            sent_at: user.code_sent_at,
        })
    }

    /// The merchant of a merchant user; 403 code 4 while it is still to be verified, unless
    /// `allow_unverified`.
    pub fn merchant_of(&self, user_id: &str, allow_unverified: bool) -> ApiResult<&Merchant> {
        let user = self.merchant_user(user_id)?;
        let merchant = self
            .world
            .merchants
            .merchants
            .get(&user.merchant_id)
            .ok_or_else(|| ApiError::unauthenticated("unknown merchant"))?;
        if merchant.status == MerchantStatus::Verify && !allow_unverified {
            return Err(ApiError::forbidden(
                "verify the merchant user first (POST /merchant-user-verifications)",
            ));
        }
        Ok(merchant)
    }

    /// `GET /merchants/{merchantId}/status` for the user's own merchant (another id: 404 code 9,
    /// with the seed's description).
    pub fn merchant_status(&self, user_id: &str, merchant_id: &str) -> ApiResult<MerchantStatus> {
        let merchant = self.merchant_of(user_id, true)?;
        if merchant.id != merchant_id {
            return Err(ApiError::not_found(&format!(
                "Merchant[{merchant_id}] not found"
            )));
        }
        Ok(merchant.status.clone())
    }

    /// SWiP's review (a `/sandbox/` control): NEW → ACTIVE. ACTIVE stays ACTIVE; a merchant still
    /// in VERIFY answers 400 code 6; an unknown one 404 code 9.
    pub fn activate_merchant(&mut self, merchant_id: &str) -> ApiResult<MerchantStatus> {
        let merchant = self
            .world
            .merchants
            .merchants
            .get_mut(merchant_id)
            .ok_or_else(|| ApiError::not_found(&format!("Merchant[{merchant_id}] not found")))?;
        match merchant.status {
            MerchantStatus::Verify => Err(ApiError::bad_request(
                ErrorCode::IllegalState,
                "the merchant user must verify the SMS code first",
            )),
            _ => {
                merchant.set_status(MerchantStatus::Active);
                Ok(MerchantStatus::Active)
            }
        }
    }
}

impl Merchant {
    /// Sets the status of the merchant and of its legal entities.
    pub fn set_status(&mut self, status: MerchantStatus) {
        for entity in &mut self.legal_entities {
            entity.status = status.clone();
        }
        self.status = status;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_normalised() {
        assert_eq!(normalise_phone("+79160000000"), "79160000000");
        assert_eq!(normalise_phone("89160000000"), "79160000000");
        assert_eq!(normalise_phone("79160000000"), "79160000000");
    }
}
