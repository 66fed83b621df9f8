//! Shared setup of the API, session and cryptogram integration tests: an in-process sandbox, a
//! client for it, and the steps of signup.
#![allow(dead_code)]

use std::sync::Arc;

use swip_core::api::{ApiClient, ApiConfig, ApiResponse};
use swip_core::input::card::{CardInput, YearMonth};
use swip_core::session::Session;
use swip_core::store::{MemoryStore, Vault};
use swip_protocol::SecretString;
use swip_protocol::auth::{PinSetupRequest, SignupRequest, TokenResponse, VerificationRequest};
use swip_protocol::deferred::{DeferredStatus, DeferredStatusResponse};
use swip_sandbox::control::TestCard;
use swip_sandbox::{Sandbox, SandboxConfig};

/// The PIN every test user sets.
pub const PIN: &str = "2468";
/// The cardholder of every test card.
pub const HOLDER: &str = "IVAN PETROV";

/// An 11-digit test phone, distinct per `n`.
pub fn phone(n: u32) -> String {
    format!("7916{n:07}")
}

/// A sandbox, a client pointed at it and a fresh vault.
pub struct World {
    pub sandbox: Sandbox,
    pub api: ApiClient,
    pub vault: Vault,
}

impl World {
    /// Starts a sandbox on this runtime and a client for it.
    pub async fn start() -> Self {
        Self::start_with(SandboxConfig::default()).await
    }

    /// Starts a sandbox with `config`.
    pub async fn start_with(config: SandboxConfig) -> Self {
        let sandbox = Sandbox::start(config).await.expect("the sandbox starts");
        let api = ApiClient::new(&ApiConfig::new(sandbox.url().to_string())).expect("client");
        Self {
            sandbox,
            api,
            vault: Vault::new(Arc::new(MemoryStore::new())),
        }
    }

    /// A client with other settings for the same sandbox.
    pub fn client(&self, edit: impl FnOnce(&mut ApiConfig)) -> ApiClient {
        let mut config = ApiConfig::new(self.sandbox.url().to_string());
        edit(&mut config);
        ApiClient::new(&config).expect("client")
    }

    /// How many requests of `method` to `path` the sandbox saw.
    pub fn journal_count(&self, method: &str, path: &str) -> usize {
        self.sandbox
            .journal()
            .iter()
            .filter(|e| e.method == method && e.path == path)
            .count()
    }

    /// `POST /v2/signups`: the signup token.
    pub async fn signup(&self, phone: &str) -> SecretString {
        let request = SignupRequest {
            phone: phone.to_owned(),
        };
        self.api.signup(&request).await.expect("signup").body.token
    }

    /// The code of the latest SMS to `phone`.
    pub fn sms_code(&self, phone: &str) -> SecretString {
        SecretString::new(
            self.sandbox
                .latest_sms(phone)
                .expect("an SMS was sent")
                .code,
        )
    }

    /// Signup, verification and PIN setup for a new user: the session tokens.
    pub async fn register(&self, phone: &str) -> ApiResponse<TokenResponse> {
        self.register_with(phone, &self.vault).await
    }

    /// As [`World::register`], with the device id of `vault`.
    pub async fn register_with(&self, phone: &str, vault: &Vault) -> ApiResponse<TokenResponse> {
        let signup_token = self.signup(phone).await;
        let code = VerificationRequest {
            code: self.sms_code(phone),
        };
        let verified = self
            .api
            .verify_code(&signup_token, &code)
            .await
            .expect("verification");
        assert!(verified.body.new, "a new phone");
        let request = PinSetupRequest {
            device_id: vault.device_id().expect("device id"),
            first_name: Some("Ivan".into()),
            last_name: Some("Petrov".into()),
            password: PIN.into(),
        };
        self.api
            .set_pin(&signup_token, &request)
            .await
            .expect("PIN setup")
    }

    /// A session for a newly registered user.
    pub async fn session(&self, phone: &str) -> Session {
        let tokens = self.register(phone).await;
        let session = Session::new(self.api.clone(), self.vault.clone());
        session.establish(tokens).await.expect("session");
        session
    }

    /// Polls a deferred operation until it leaves PROCESSING (or LOYALTY_CALCULATION), moving the
    /// sandbox clock a second between polls instead of sleeping.
    pub async fn settle(&self, token: &SecretString, deferred_id: &str) -> DeferredStatusResponse {
        for _ in 0..60 {
            let status = self
                .api
                .deferred_status(token, deferred_id)
                .await
                .expect("status")
                .body;
            if !matches!(
                status.status,
                DeferredStatus::Processing | DeferredStatus::LoyaltyCalculation
            ) {
                return status;
            }
            self.sandbox.advance_clock(1);
        }
        panic!("deferred {deferred_id} still processing after 60 s of sandbox time");
    }

    /// The sandbox's current month (what "today" is for card expiry).
    pub fn today(&self) -> YearMonth {
        YearMonth::from_unix_ms(self.sandbox.now_ms())
    }

    /// A test card as validated input.
    pub fn card_input(&self, card: &TestCard) -> CardInput {
        CardInput::parse(
            &card.pan,
            u32::from(card.exp_month),
            u32::from(card.exp_year),
            &card.cvv,
            HOLDER,
            self.today(),
        )
        .expect("test cards are valid input")
    }
}
