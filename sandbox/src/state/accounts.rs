//! Signup by SMS, PIN setup, device signup, PIN login with attempt counting, token refresh.

use std::collections::HashSet;

use axum::http::StatusCode;
use ring::digest;
use swip_protocol::auth::{AuthResponse, TokenResponse, VerificationResponse};
use swip_protocol::{ErrorCode, SecretString};

use super::{REFRESH_TTL_S, SandboxState, TOKEN_TTL_S};
use crate::control::SmsRecord;
use crate::error::{ApiError, ApiResult};
use crate::jwt::{Claims, TokenScope};

/// Minimum time between two SMS to one phone.
pub const SMS_INTERVAL_MS: i64 = 60_000;
/// How long an SMS code stays valid.
pub const SMS_CODE_TTL_MS: i64 = 5 * 60_000;
/// Wrong PINs in a row that lock the account.
pub const MAX_WRONG_PINS: u32 = 5;
/// The header telling how many PIN attempts are left.
pub const ATTEMPTS_LEFT_HEADER: &str = "x-attempts-left";

/// A phone being verified by SMS. Its `Debug` hides the code.
#[derive(Clone)]
pub struct Signup {
    /// Which signup a signup token belongs to (`sid` claim); a new `POST /v2/signups` replaces it.
    pub id: String,
    /// The phone.
    pub phone: String,
    /// The current SMS code.
    pub code: String,
    /// When that code was sent.
    pub code_sent_at: i64,
    /// Set once the code was entered: the `new` answer given.
    pub verified_new: Option<bool>,
}

impl std::fmt::Debug for Signup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signup")
            .field("id", &self.id)
            .field("phone", &self.phone)
            .field("code", &"***")
            .field("code_sent_at", &self.code_sent_at)
            .field("verified_new", &self.verified_new)
            .finish()
    }
}

/// A registered user.
#[derive(Debug, Clone)]
pub struct User {
    /// The user's id (`sub` of session tokens, `customerId` of orders).
    pub id: String,
    /// The phone, the login name.
    pub phone: String,
    /// First name, if given.
    pub first_name: Option<String>,
    /// Last name, if given.
    pub last_name: Option<String>,
    /// SHA-256 of `id:PIN`; the PIN itself is not kept.
    pin_digest: Vec<u8>,
    /// Devices that may log in with the PIN.
    pub devices: HashSet<String>,
    /// Wrong PINs in a row.
    pub wrong_pins: u32,
    /// The user's cards, in binding order.
    pub cards: Vec<super::cards::Card>,
    /// The default card's id.
    pub default_card: Option<String>,
}

impl User {
    fn pin_matches(&self, pin: &str) -> bool {
        pin_digest(&self.id, pin) == self.pin_digest
    }

    /// True after too many wrong PINs, until the phone is verified by SMS again.
    pub fn locked(&self) -> bool {
        self.wrong_pins >= MAX_WRONG_PINS
    }

    fn attempts_left(&self) -> u32 {
        MAX_WRONG_PINS.saturating_sub(self.wrong_pins)
    }
}

fn pin_digest(user_id: &str, pin: &str) -> Vec<u8> {
    digest::digest(&digest::SHA256, format!("{user_id}:{pin}").as_bytes())
        .as_ref()
        .to_vec()
}

fn locked_error() -> ApiError {
    ApiError::forbidden("account locked after too many wrong PINs; verify the phone by SMS again")
        .with_header(ATTEMPTS_LEFT_HEADER, 0)
}

impl SandboxState {
    /// `POST /v2/signups`: sends an SMS (at most one a minute) and returns a signup token.
    pub fn start_signup(&mut self, phone: &str, now_ms: i64) -> ApiResult<TokenResponse> {
        self.check_sms_interval(phone, now_ms)?;
        let id = self.rng.uuid();
        let code = self.send_sms(phone, now_ms);
        self.world.signups.insert(
            phone.to_owned(),
            Signup {
                id: id.clone(),
                phone: phone.to_owned(),
                code,
                code_sent_at: now_ms,
                verified_new: None,
            },
        );
        let token = self.issue_token(
            TokenScope::Signup,
            phone,
            None,
            Some(&id),
            now_ms,
            TOKEN_TTL_S,
        );
        Ok(TokenResponse {
            token: SecretString::new(token),
            refresh_token: None,
            refresh_period: REFRESH_TTL_S,
            token_refresh_period: TOKEN_TTL_S,
        })
    }

    /// `POST /sms-messages`: a new code for the signup of the token, at most one SMS a minute.
    pub fn resend_sms(&mut self, claims: &Claims, now_ms: i64) -> ApiResult<()> {
        let phone = self.signup_of(claims)?.phone.clone();
        self.check_sms_interval(&phone, now_ms)?;
        let code = self.send_sms(&phone, now_ms);
        if let Some(signup) = self.world.signups.get_mut(&phone) {
            signup.code = code;
            signup.code_sent_at = now_ms;
        }
        Ok(())
    }

    /// `POST /v2/signup-verifications`: checks the SMS code; `new` tells whether the phone has no
    /// user yet. Verifying a known phone also unlocks its account. Repeating a successful
    /// verification with the same code gives the same answer.
    pub fn verify_signup(
        &mut self,
        claims: &Claims,
        code: &str,
        now_ms: i64,
    ) -> ApiResult<VerificationResponse> {
        let signup = self.signup_of(claims)?.clone();
        if let Some(new) = signup.verified_new {
            if signup.code == code {
                return Ok(VerificationResponse { new });
            }
        }
        if now_ms > signup.code_sent_at + SMS_CODE_TTL_MS {
            return Err(ApiError::bad_request(
                ErrorCode::SmsCodeExpired,
                "request a new SMS",
            ));
        }
        if signup.code != code {
            return Err(ApiError::bad_request(
                ErrorCode::DoesntMatch,
                "wrong SMS code",
            ));
        }
        let existing = self.world.user_by_phone.get(&signup.phone).cloned();
        if let Some(user) = existing.and_then(|id| self.world.users.get_mut(&id)) {
            user.wrong_pins = 0;
        }
        let new = !self.world.user_by_phone.contains_key(&signup.phone);
        if let Some(stored) = self.world.signups.get_mut(&signup.phone) {
            stored.verified_new = Some(new);
        }
        Ok(VerificationResponse { new })
    }

    /// `PUT /v2/signups`: the PIN of a new, verified phone; returns a session.
    pub fn set_pin(
        &mut self,
        claims: &Claims,
        device_id: &str,
        first_name: Option<&str>,
        last_name: Option<&str>,
        pin: &str,
        now_ms: i64,
    ) -> ApiResult<TokenResponse> {
        let signup = self.verified_signup_of(claims)?;
        if self.world.user_by_phone.contains_key(&signup.phone) {
            return Err(ApiError::bad_request(
                ErrorCode::Duplicate,
                "this phone already has a user: use POST /v2/signup-devices",
            ));
        }
        let id = self.rng.uuid();
        let user = User {
            pin_digest: pin_digest(&id, pin),
            id: id.clone(),
            phone: signup.phone.clone(),
            first_name: first_name.filter(|n| !n.is_empty()).map(str::to_owned),
            last_name: last_name.filter(|n| !n.is_empty()).map(str::to_owned),
            devices: HashSet::from([device_id.to_owned()]),
            wrong_pins: 0,
            cards: Vec::new(),
            default_card: None,
        };
        self.world.users.insert(id.clone(), user);
        self.world.user_by_phone.insert(signup.phone, id.clone());
        Ok(self.session_pair(&id, device_id, now_ms))
    }

    /// `POST /v2/signup-devices`: a known, verified phone on a new device, with its PIN.
    pub fn signup_device(
        &mut self,
        claims: &Claims,
        device_id: &str,
        pin: &str,
        now_ms: i64,
    ) -> ApiResult<TokenResponse> {
        let signup = self.verified_signup_of(claims)?;
        let user_id = self
            .world
            .user_by_phone
            .get(&signup.phone)
            .cloned()
            .ok_or_else(|| {
                ApiError::not_found("no user has this phone: set a PIN with PUT /v2/signups")
            })?;
        self.check_pin(&user_id, pin)?;
        if let Some(user) = self.world.users.get_mut(&user_id) {
            user.devices.insert(device_id.to_owned());
        }
        Ok(self.session_pair(&user_id, device_id, now_ms))
    }

    /// `POST /auth`: PIN login.
    pub fn login(
        &mut self,
        phone: &str,
        device_id: &str,
        pin: &str,
        now_ms: i64,
    ) -> ApiResult<AuthResponse> {
        let user_id = self
            .world
            .user_by_phone
            .get(phone)
            .cloned()
            .ok_or_else(|| ApiError::not_found("no user has this phone"))?;
        let user = self.user(&user_id)?;
        if user.locked() {
            return Err(locked_error());
        }
        if !user.devices.contains(device_id) {
            return Ok(AuthResponse {
                token: SecretString::default(),
                refresh_token: None,
                refresh_period: 0,
                token_refresh_period: 0,
                stp_status: "OFF".into(),
                device_registration_required: true,
            });
        }
        self.check_pin(&user_id, pin)?;
        let pair = self.session_pair(&user_id, device_id, now_ms);
        Ok(AuthResponse {
            token: pair.token,
            refresh_token: pair.refresh_token,
            refresh_period: pair.refresh_period,
            token_refresh_period: pair.token_refresh_period,
            stp_status: "OFF".into(),
            device_registration_required: false,
        })
    }

    /// `PUT /auth`: a new pair for a refresh token. Older refresh tokens stay valid until they expire.
    pub fn refresh(&mut self, claims: &Claims, now_ms: i64) -> ApiResult<TokenResponse> {
        let device = claims.device.clone().unwrap_or_default();
        let user = self.session_user(claims)?;
        if user.locked() {
            return Err(locked_error());
        }
        let user_id = user.id.clone();
        Ok(self.session_pair(&user_id, &device, now_ms))
    }

    /// The user of a session or refresh token: it must still exist and the device be registered.
    pub fn session_user(&self, claims: &Claims) -> ApiResult<&User> {
        let user =
            self.world.users.get(&claims.sub).ok_or_else(|| {
                ApiError::unauthenticated("unknown user (was the sandbox reset?)")
            })?;
        match &claims.device {
            Some(device) if user.devices.contains(device) => Ok(user),
            _ => Err(ApiError::unauthenticated(
                "device not registered for this user",
            )),
        }
    }

    /// A user by id, 401 code 2 if it vanished (a reset).
    pub fn user(&self, user_id: &str) -> ApiResult<&User> {
        self.world
            .users
            .get(user_id)
            .ok_or_else(|| ApiError::unauthenticated("unknown user"))
    }

    /// A user by id, mutable.
    pub fn user_mut(&mut self, user_id: &str) -> ApiResult<&mut User> {
        self.world
            .users
            .get_mut(user_id)
            .ok_or_else(|| ApiError::unauthenticated("unknown user"))
    }

    fn session_pair(&mut self, user_id: &str, device_id: &str, now_ms: i64) -> TokenResponse {
        let token = self.issue_token(
            TokenScope::Session,
            user_id,
            Some(device_id),
            None,
            now_ms,
            TOKEN_TTL_S,
        );
        let refresh = self.issue_token(
            TokenScope::Refresh,
            user_id,
            Some(device_id),
            None,
            now_ms,
            REFRESH_TTL_S,
        );
        TokenResponse {
            token: SecretString::new(token),
            refresh_token: Some(SecretString::new(refresh)),
            refresh_period: REFRESH_TTL_S,
            token_refresh_period: TOKEN_TTL_S,
        }
    }

    /// Checks a PIN, counting wrong ones: 401 code 14 with `X-Attempts-Left`, then 403 code 4.
    fn check_pin(&mut self, user_id: &str, pin: &str) -> ApiResult<()> {
        let user = self.user_mut(user_id)?;
        if user.locked() {
            return Err(locked_error());
        }
        if user.pin_matches(pin) {
            user.wrong_pins = 0;
            return Ok(());
        }
        user.wrong_pins += 1;
        Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::DoesntMatch,
            "wrong PIN",
        )
        .with_header(ATTEMPTS_LEFT_HEADER, user.attempts_left()))
    }

    fn signup_of(&self, claims: &Claims) -> ApiResult<&Signup> {
        self.world
            .signups
            .get(&claims.sub)
            .filter(|signup| claims.sid.as_deref() == Some(signup.id.as_str()))
            .ok_or_else(|| {
                ApiError::unauthenticated("this signup was replaced or forgotten: start again")
            })
    }

    fn verified_signup_of(&self, claims: &Claims) -> ApiResult<Signup> {
        let signup = self.signup_of(claims)?;
        if signup.verified_new.is_none() {
            return Err(ApiError::bad_request(
                ErrorCode::IllegalState,
                "verify the SMS code first",
            ));
        }
        Ok(signup.clone())
    }

    fn check_sms_interval(&self, phone: &str, now_ms: i64) -> ApiResult<()> {
        if let Some(last) = self.world.sms.get(phone) {
            let wait_ms = last.sent_at + SMS_INTERVAL_MS - now_ms;
            if wait_ms > 0 {
                let seconds = (wait_ms + 999) / 1000;
                return Err(ApiError::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    ErrorCode::RequestLimitExceeded,
                    "one SMS a minute",
                )
                .with_header("retry-after", seconds));
            }
        }
        Ok(())
    }

    fn send_sms(&mut self, phone: &str, now_ms: i64) -> String {
        let code = self.rng.digits(4);
        self.world.sms.insert(
            phone.to_owned(),
            SmsRecord {
                phone: phone.to_owned(),
                code: code.clone(),
                sent_at: now_ms,
            },
        );
        tracing::info!(phone, "SMS sent (code readable at GET /sandbox/sms)");
        code
    }
}
