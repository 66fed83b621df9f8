//! The client half of the card cryptogram, a JWE (`ECDH-ES` on P-256, `A256GCM`; format:
//! `swip_protocol::cryptogram`, decisions: `docs/extensions.md`).
//!
//! [`CardSealer`] fetches the server's JWK Set from `GET /ext/cryptogram-key` once, picks the first
//! usable key and caches it by `kid`, then seals each validated card with a fresh ephemeral key, IV
//! and replay nonce, stamped `generatedAt` from an injectable [`Clock`] (the session's server clock,
//! so a wrong device clock does not make cryptograms "stale"). When the server refuses a cryptogram
//! because it no longer holds its key (fieldError `cryptogram`, message `key_version_unknown`), the
//! set is fetched again once and the card re-sealed: [`CardSealer::send_with_key_retry`].
//!
//! The format is swappable: the wallet seals through the [`CryptogramFormat`] trait, whose default
//! is [`JweFormat`]; an app that must speak another format (SWiP's own, once published) passes its
//! implementation to [`CardSealer::with_format`].
//!
//! The card's digits only ever pass from the validated input into the encrypted envelope; the
//! plaintext lives in zero-on-drop types and is never logged.

use std::future::Future;
use std::sync::Arc;
use std::sync::Mutex as StdMutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use ring::rand::{SecureRandom, SystemRandom};
use swip_protocol::SecretString;
use swip_protocol::cryptogram::{self as format, CardPlaintext, CryptogramError, ServerKey};
use swip_protocol::{ErrorCode, cryptogram::replay_nonce};
use tokio::time::Instant;

use crate::api::{ApiClient, ApiError, AsApiError};
use crate::input::card::CardInput;
use crate::session::{ServerClock, Session, unix_ms};

/// The field and message with which the server refuses a cryptogram made for a key (`kid`) it
/// does not hold (the message keeps its name from the earlier, versioned format).
pub const KEY_VERSION_UNKNOWN: (&str, &str) = ("cryptogram", "key_version_unknown");

/// Where `generatedAt` comes from.
pub trait Clock: Send + Sync {
    /// The time to stamp on a cryptogram.
    fn now(&self) -> SystemTime;

    /// Called with the `Date` of the key endpoint's answer, so a server clock can learn from it.
    fn observe_server_date(&self, _date: SystemTime, _received_at: Instant) {}
}

/// The device's wall clock. Prefer the [`Session`], which follows the server's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct DeviceClock;

impl Clock for DeviceClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// The session as a clock: the server's time when known, the device's until the first answer.
impl Clock for Session {
    fn now(&self) -> SystemTime {
        self.server_now().unwrap_or_else(SystemTime::now)
    }

    fn observe_server_date(&self, date: SystemTime, received_at: Instant) {
        self.observe_clock(ServerClock::observed(date, received_at));
    }
}

/// What a cryptogram carries, read from a validated card.
pub trait SealableCard {
    /// The card number, digits only.
    fn pan_digits(&self) -> &str;
    /// Expiry month, 1–12.
    fn exp_month(&self) -> u8;
    /// Expiry year, four digits.
    fn exp_year(&self) -> u16;
    /// The CVV, digits only.
    fn cvv_digits(&self) -> &str;
}

impl SealableCard for CardInput {
    fn pan_digits(&self) -> &str {
        self.pan().expose()
    }
    fn exp_month(&self) -> u8 {
        self.expiry().month()
    }
    fn exp_year(&self) -> u16 {
        self.expiry().year()
    }
    fn cvv_digits(&self) -> &str {
        self.cvv().expose()
    }
}

/// A cryptogram format: how card data becomes the `cryptogram` of `POST /payment-cards`.
///
/// The wallet's default is [`JweFormat`]. An app whose server expects another format implements
/// this trait (sealing `card` for `key` from the server's JWK Set) and passes it to
/// [`CardSealer::with_format`]; key fetching, caching, the refetch on an unknown key and the
/// freshness retry stay as they are.
pub trait CryptogramFormat: Send + Sync {
    /// Encrypts `card` for `key`; `rng` is the system's secure random generator.
    fn seal(
        &self,
        key: &ServerKey,
        card: &CardPlaintext,
        rng: &dyn SecureRandom,
    ) -> Result<SecretString, CryptogramError>;
}

/// The JWE of `swip_protocol::cryptogram`: `ECDH-ES` on P-256, `A256GCM`, `kid` in the header.
#[derive(Debug, Clone, Copy, Default)]
pub struct JweFormat;

impl CryptogramFormat for JweFormat {
    fn seal(
        &self,
        key: &ServerKey,
        card: &CardPlaintext,
        rng: &dyn SecureRandom,
    ) -> Result<SecretString, CryptogramError> {
        format::seal(key, card, rng)
    }
}

/// A sealed card: the `cryptogram` of `POST /payment-cards`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedCard {
    /// The JWE compact token; prints as `***`.
    pub cryptogram: SecretString,
    /// The `kid` of the server key it was sealed for.
    pub kid: String,
}

/// Why a card could not be sealed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    /// `GET /ext/cryptogram-key` failed.
    #[error("the cryptogram key could not be fetched: {0}")]
    KeyFetch(ApiError),
    /// The server's key set holds no usable key (no P-256 `ECDH-ES` key with a `kid`).
    #[error("the server's cryptogram key is unusable: {0}")]
    BadKey(CryptogramError),
    /// Encryption failed (the random generator, most likely).
    #[error("the card could not be sealed: {0}")]
    Seal(CryptogramError),
}

impl AsApiError for SealError {
    fn as_api_error(&self) -> Option<&ApiError> {
        match self {
            SealError::KeyFetch(err) => Some(err),
            _ => None,
        }
    }
}

/// The failure of [`CardSealer::send_with_key_retry`]: sealing, or the request itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SealedSendError<E> {
    /// The card could not be sealed (or the key fetched).
    #[error(transparent)]
    Seal(SealError),
    /// The request carrying the cryptogram failed.
    #[error(transparent)]
    Send(E),
}

/// True when the server refused a cryptogram because it does not hold its key (400 code 5,
/// fieldError `cryptogram` with message `key_version_unknown`): fetch the key set again and re-seal.
pub fn is_key_version_unknown(error: &ApiError) -> bool {
    error.code() == Some(ErrorCode::ValidationFailed)
        && error.field_message(KEY_VERSION_UNKNOWN.0) == Some(KEY_VERSION_UNKNOWN.1)
}

/// The field and message with which the server refuses a cryptogram generated too long before (or
/// after) its clock.
pub const STALE: (&str, &str) = ("cryptogram", "stale");

/// True when the server refused a cryptogram as stale (400 code 5, fieldError `cryptogram`, message
/// `stale`): the wallet's idea of the server's clock was behind (the device slept, the token expired
/// meanwhile). Fetching the key again reads the server's `Date`; the card is then re-sealed.
pub fn is_stale(error: &ApiError) -> bool {
    error.code() == Some(ErrorCode::ValidationFailed)
        && error.field_message(STALE.0) == Some(STALE.1)
}

/// Seals cards for the server, caching its public key by `kid`.
pub struct CardSealer {
    api: ApiClient,
    clock: Arc<dyn Clock>,
    format: Arc<dyn CryptogramFormat>,
    rng: SystemRandom,
    cached: StdMutex<Option<ServerKey>>,
    fetch_gate: tokio::sync::Mutex<()>,
    fetches: AtomicU64,
}

impl std::fmt::Debug for CardSealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardSealer")
            .field("kid", &self.cached_kid())
            .field("key_fetches", &self.key_fetches())
            .finish_non_exhaustive()
    }
}

impl CardSealer {
    /// A sealer fetching keys through `api`, stamping `generatedAt` from `clock`, sealing JWEs.
    pub fn new(api: ApiClient, clock: Arc<dyn Clock>) -> Self {
        Self::with_format(api, clock, Arc::new(JweFormat))
    }

    /// A sealer writing cryptograms in `format` instead of the JWE.
    pub fn with_format(
        api: ApiClient,
        clock: Arc<dyn Clock>,
        format: Arc<dyn CryptogramFormat>,
    ) -> Self {
        Self {
            api,
            clock,
            format,
            rng: SystemRandom::new(),
            cached: StdMutex::new(None),
            fetch_gate: tokio::sync::Mutex::new(()),
            fetches: AtomicU64::new(0),
        }
    }

    /// The `kid` of the cached key, if one was fetched.
    pub fn cached_kid(&self) -> Option<String> {
        self.cached_key().map(|key| key.kid)
    }

    /// How many times the key was fetched from the server.
    pub fn key_fetches(&self) -> u64 {
        self.fetches.load(Ordering::SeqCst)
    }

    /// The server's key: the cached one, or fetched once (concurrent callers share one fetch).
    pub async fn key(&self) -> Result<ServerKey, SealError> {
        if let Some(key) = self.cached_key() {
            return Ok(key);
        }
        let _gate = self.fetch_gate.lock().await;
        if let Some(key) = self.cached_key() {
            return Ok(key);
        }
        self.fetch().await
    }

    /// Fetches the key set again because the server refused the key `refused_kid`, unless another
    /// caller already replaced that key; answers the key to seal with now.
    pub async fn refetch_key(&self, refused_kid: &str) -> Result<ServerKey, SealError> {
        let _gate = self.fetch_gate.lock().await;
        match self.cached_key() {
            Some(key) if key.kid != refused_kid => Ok(key),
            _ => self.fetch().await,
        }
    }

    /// Seals `card` with the server's key (fetched if needed).
    pub async fn seal<C: SealableCard + ?Sized>(&self, card: &C) -> Result<SealedCard, SealError> {
        let key = self.key().await?;
        self.seal_with(&key, card)
    }

    /// Seals `card` with `key`: fresh replay nonce, `generatedAt` from the clock.
    pub fn seal_with<C: SealableCard + ?Sized>(
        &self,
        key: &ServerKey,
        card: &C,
    ) -> Result<SealedCard, SealError> {
        let plaintext = CardPlaintext {
            pan: SecretString::new(card.pan_digits()),
            exp_month: card.exp_month(),
            exp_year: card.exp_year(),
            cvv: SecretString::new(card.cvv_digits()),
            nonce: replay_nonce(&self.rng).map_err(SealError::Seal)?,
            generated_at: unix_ms(self.clock.now()),
        };
        let cryptogram = self
            .format
            .seal(key, &plaintext, &self.rng)
            .map_err(SealError::Seal)?;
        Ok(SealedCard {
            cryptogram,
            kid: key.kid.clone(),
        })
    }

    /// Seals `card` and hands the cryptogram to `send` (which makes the request, e.g. binds the
    /// card through the session). If the server answers `key_version_unknown` or `stale`, fetches
    /// the key once more (which also reads the server's clock from its `Date`), re-seals and calls
    /// `send` a second time; any other answer is returned as is.
    ///
    /// The first request was refused outright, so the second cannot duplicate it: give it a fresh
    /// `Idempotency-Key` (a server keeps the refusal under the first key).
    pub async fn send_with_key_retry<C, T, E, F, Fut>(
        &self,
        card: &C,
        mut send: F,
    ) -> Result<T, SealedSendError<E>>
    where
        C: SealableCard + ?Sized,
        F: FnMut(SealedCard) -> Fut,
        Fut: Future<Output = Result<T, E>>,
        E: AsApiError,
    {
        let sealed = self.seal(card).await.map_err(SealedSendError::Seal)?;
        let kid = sealed.kid.clone();
        match send(sealed).await {
            Err(error)
                if error
                    .as_api_error()
                    .is_some_and(|e| is_key_version_unknown(e) || is_stale(e)) =>
            {
                tracing::debug!(
                    kid = %kid,
                    "cryptogram refused (key version or freshness); fetching the key again"
                );
                let key = if error.as_api_error().is_some_and(is_stale) {
                    self.fetch_again().await
                } else {
                    self.refetch_key(&kid).await
                }
                .map_err(SealedSendError::Seal)?;
                let sealed = self.seal_with(&key, card).map_err(SealedSendError::Seal)?;
                send(sealed).await.map_err(SealedSendError::Send)
            }
            other => other.map_err(SealedSendError::Send),
        }
    }

    /// Fetches the key now, whatever is cached (one fetch at a time), so the clock reads the
    /// server's `Date` again.
    async fn fetch_again(&self) -> Result<ServerKey, SealError> {
        let _gate = self.fetch_gate.lock().await;
        self.fetch().await
    }

    async fn fetch(&self) -> Result<ServerKey, SealError> {
        self.fetches.fetch_add(1, Ordering::SeqCst);
        let response = self
            .api
            .cryptogram_key()
            .await
            .map_err(SealError::KeyFetch)?;
        if let Some(date) = response.server_date {
            self.clock.observe_server_date(date, response.received_at);
        }
        let key = ServerKey::from_response(&response.body).map_err(SealError::BadKey)?;
        tracing::debug!(kid = %key.kid, "cryptogram key fetched");
        *self.cached.lock().unwrap_or_else(|p| p.into_inner()) = Some(key.clone());
        Ok(key)
    }

    fn cached_key(&self) -> Option<ServerKey> {
        self.cached
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ApiConfig;
    use ring::agreement::{ECDH_P256, EphemeralPrivateKey, UnparsedPublicKey, agree_ephemeral};
    use swip_protocol::FieldError;
    use swip_protocol::cryptogram::{Envelope, open};

    struct FixedClock(SystemTime);
    impl Clock for FixedClock {
        fn now(&self) -> SystemTime {
            self.0
        }
    }

    struct TestCard;
    impl SealableCard for TestCard {
        fn pan_digits(&self) -> &str {
            "2200000000000004"
        }
        fn exp_month(&self) -> u8 {
            12
        }
        fn exp_year(&self) -> u16 {
            2030
        }
        fn cvv_digits(&self) -> &str {
            "123"
        }
    }

    fn sealer(at_ms: i64) -> CardSealer {
        let api = ApiClient::new(&ApiConfig::new("http://127.0.0.1:9")).unwrap();
        CardSealer::new(
            api,
            Arc::new(FixedClock(crate::session::from_unix_ms(at_ms))),
        )
    }

    fn server_key(kid: &str) -> (EphemeralPrivateKey, ServerKey) {
        let private = EphemeralPrivateKey::generate(&ECDH_P256, &SystemRandom::new()).unwrap();
        let public_key = private
            .compute_public_key()
            .unwrap()
            .as_ref()
            .try_into()
            .unwrap();
        (
            private,
            ServerKey {
                kid: kid.into(),
                public_key,
            },
        )
    }

    #[test]
    fn seals_what_the_server_can_open() {
        let (server_private, key) = server_key("key-4");
        let sealed = sealer(1_800_000_000_000)
            .seal_with(&key, &TestCard)
            .unwrap();
        assert_eq!(sealed.kid, "key-4");
        assert_eq!(
            format!("{sealed:?}").matches("***").count(),
            1,
            "{sealed:?}"
        );
        let envelope = Envelope::parse(sealed.cryptogram.expose()).unwrap();
        assert_eq!(envelope.kid, "key-4");
        let peer = UnparsedPublicKey::new(&ECDH_P256, *envelope.ephemeral_public());
        let card = agree_ephemeral(server_private, &peer, |shared| open(&envelope, shared))
            .unwrap()
            .unwrap();
        assert_eq!(card.pan.expose(), "2200000000000004");
        assert_eq!((card.exp_month, card.exp_year), (12, 2030));
        assert_eq!(card.cvv.expose(), "123");
        assert_eq!(
            card.generated_at, 1_800_000_000_000,
            "stamped from the injected clock"
        );
        assert_eq!(card.nonce.len(), 32);
    }

    #[test]
    fn every_seal_has_a_fresh_replay_nonce() {
        let (_, key) = server_key("key-1");
        let sealer = sealer(0);
        let a = sealer.seal_with(&key, &TestCard).unwrap();
        let b = sealer.seal_with(&key, &TestCard).unwrap();
        assert_ne!(a.cryptogram, b.cryptogram);
    }

    /// A format of the app's own replaces the JWE; the sealer still stamps nonce and time.
    #[test]
    fn another_format_plugs_in() {
        struct Plain;
        impl CryptogramFormat for Plain {
            fn seal(
                &self,
                key: &ServerKey,
                card: &CardPlaintext,
                _: &dyn SecureRandom,
            ) -> Result<SecretString, CryptogramError> {
                Ok(SecretString::new(format!(
                    "{}:{}:{}",
                    key.kid, card.exp_year, card.generated_at
                )))
            }
        }
        let api = ApiClient::new(&ApiConfig::new("http://127.0.0.1:9")).unwrap();
        let sealer = CardSealer::with_format(
            api,
            Arc::new(FixedClock(crate::session::from_unix_ms(5))),
            Arc::new(Plain),
        );
        let (_, key) = server_key("key-9");
        let sealed = sealer.seal_with(&key, &TestCard).unwrap();
        assert_eq!(sealed.cryptogram.expose(), "key-9:2030:5");
    }

    #[test]
    fn key_version_refusals_are_recognised() {
        let refusal = |field: &str, message: &str| ApiError::Server {
            status: 400,
            code: ErrorCode::ValidationFailed,
            description: String::new(),
            field_errors: vec![FieldError {
                field: field.into(),
                message: message.into(),
                object_name: "bindCard".into(),
            }],
            retry_after: None,
            attempts_left: None,
        };
        assert!(is_key_version_unknown(&refusal(
            "cryptogram",
            "key_version_unknown"
        )));
        assert!(!is_key_version_unknown(&refusal("cryptogram", "replayed")));
        assert!(!is_key_version_unknown(&refusal(
            "holder",
            "key_version_unknown"
        )));
        assert!(!is_key_version_unknown(&ApiError::Offline));
    }
}
