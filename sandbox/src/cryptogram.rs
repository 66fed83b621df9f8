//! The server side of the `SWIP1` card cryptogram (docs/extensions.md): the static X25519 key,
//! opening and checking cryptograms, and sealing test ones for `POST /sandbox/cryptograms`.

use std::collections::HashMap;

use ring::rand::SystemRandom;
use swip_protocol::SecretString;
use swip_protocol::cryptogram::{self, CardPlaintext, CryptogramError, Envelope, ServerKey};
use swip_protocol::rules::expiry::{self, YearMonth};
use swip_protocol::rules::{Reason, cvv, pan};
use x25519_dalek::{PublicKey, StaticSecret};

use crate::control::CryptogramRequest;
use crate::random::RandomSource;

/// A cryptogram generated more than this long before the sandbox clock is stale.
pub const MAX_AGE_MS: i64 = 10 * 60 * 1000;
/// A cryptogram generated more than this long after the sandbox clock is stale too.
pub const MAX_FUTURE_MS: i64 = 60 * 1000;

/// Why a cryptogram was refused; [`CryptogramRefusal::message`] is the `fieldError` message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CryptogramRefusal {
    /// Not in the `SWIP1.<version>.<base64url>` format.
    Malformed,
    /// Made for a key version the sandbox does not hold (any but the current one).
    KeyVersionUnknown,
    /// Does not decrypt (wrong key, tampered) or the plaintext is not a card.
    Undecryptable,
    /// Generated too long ago or in the future.
    Stale,
    /// Its nonce was seen before.
    Replayed,
    /// The card number breaks `swip_protocol::rules::pan` (12–19 digits, Luhn, a known system
    /// with one of its lengths).
    PanInvalid,
    /// The expiry month is not 1–12, the year not four digits, or it is over 20 years ahead.
    ExpiryInvalid,
    /// The card expired before the sandbox clock's current month.
    CardExpired,
    /// The CVV is not the card's 3 digits (4 for AMEX).
    CvvInvalid,
}

impl CryptogramRefusal {
    /// The message of the `cryptogram` field error.
    pub fn message(self) -> &'static str {
        match self {
            CryptogramRefusal::Malformed => "malformed",
            CryptogramRefusal::KeyVersionUnknown => "key_version_unknown",
            CryptogramRefusal::Undecryptable => "undecryptable",
            CryptogramRefusal::Stale => "stale",
            CryptogramRefusal::Replayed => "replayed",
            CryptogramRefusal::PanInvalid => "pan_invalid",
            CryptogramRefusal::ExpiryInvalid => "expiry_invalid",
            CryptogramRefusal::CardExpired => "card_expired",
            CryptogramRefusal::CvvInvalid => "cvv_invalid",
        }
    }
}

/// The sandbox's current cryptogram key.
pub struct CryptogramKey {
    version: u32,
    secret: StaticSecret,
    public: [u8; 32],
}

impl std::fmt::Debug for CryptogramKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CryptogramKey(version {})", self.version)
    }
}

impl CryptogramKey {
    /// Version 1, from fresh random bytes.
    pub fn new(rng: &mut RandomSource) -> Self {
        Self::with_version(1, rng)
    }

    fn with_version(version: u32, rng: &mut RandomSource) -> Self {
        let secret = StaticSecret::from(rng.key32());
        let public = PublicKey::from(&secret).to_bytes();
        Self {
            version,
            secret,
            public,
        }
    }

    /// A new key with the next version; cryptograms for this one will be refused.
    pub fn rotated(&self, rng: &mut RandomSource) -> Self {
        Self::with_version(self.version.saturating_add(1), rng)
    }

    /// The public half, as `GET /ext/cryptogram-key` serves it.
    pub fn server_key(&self) -> ServerKey {
        ServerKey {
            version: self.version,
            public_key: self.public,
        }
    }

    /// Decrypts a cryptogram and checks its freshness and card data at `now_ms`. Does not check
    /// replay: that is [`NonceBook::record`]'s job, under the same lock as the binding.
    pub fn open(&self, cryptogram: &str, now_ms: i64) -> Result<CardPlaintext, CryptogramRefusal> {
        let envelope = Envelope::parse(cryptogram).map_err(|_| CryptogramRefusal::Malformed)?;
        if envelope.key_version != self.version {
            return Err(CryptogramRefusal::KeyVersionUnknown);
        }
        let shared = self
            .secret
            .diffie_hellman(&PublicKey::from(envelope.ephemeral_public));
        if !shared.was_contributory() {
            return Err(CryptogramRefusal::Undecryptable);
        }
        let card = cryptogram::open(&envelope, shared.as_bytes(), &self.public)
            .map_err(|_| CryptogramRefusal::Undecryptable)?;
        if card.generated_at < now_ms - MAX_AGE_MS || card.generated_at > now_ms + MAX_FUTURE_MS {
            return Err(CryptogramRefusal::Stale);
        }
        check_card(&card, now_ms)?;
        Ok(card)
    }

    /// Seals card data for this key, as a wallet would (test helper).
    pub fn seal(
        &self,
        request: &CryptogramRequest,
        now_ms: i64,
    ) -> Result<String, CryptogramError> {
        seal_for(&self.server_key(), request, now_ms)
    }
}

/// Seals card data for a public key, as a wallet would: a fresh nonce, `generatedAt` = `now_ms`
/// unless the request sets it.
pub fn seal_for(
    key: &ServerKey,
    request: &CryptogramRequest,
    now_ms: i64,
) -> Result<String, CryptogramError> {
    let rng = SystemRandom::new();
    let card = CardPlaintext {
        pan: SecretString::new(request.pan.clone()),
        exp_month: request.exp_month,
        exp_year: request.exp_year,
        cvv: SecretString::new(request.cvv.clone()),
        nonce: cryptogram::replay_nonce(&rng)?,
        generated_at: request.generated_at.unwrap_or(now_ms),
    };
    Ok(cryptogram::seal(key, &card, &rng)?.expose().to_owned())
}

fn check_card(card: &CardPlaintext, now_ms: i64) -> Result<(), CryptogramRefusal> {
    // The rules of `swip_protocol::rules`, the ones the wallet checks the typed card with.
    let brand = pan::check(card.pan.expose()).map_err(|_| CryptogramRefusal::PanInvalid)?;
    let today = YearMonth::from_unix_ms(now_ms);
    match expiry::check(card.exp_month.into(), card.exp_year.into(), today) {
        Ok(_) => {}
        Err(Reason::Expired) => return Err(CryptogramRefusal::CardExpired),
        Err(_) => return Err(CryptogramRefusal::ExpiryInvalid),
    }
    cvv::check(card.cvv.expose(), Some(&brand)).map_err(|_| CryptogramRefusal::CvvInvalid)
}

/// The nonces of accepted cryptograms, kept as long as they could still pass the freshness check.
#[derive(Debug, Default)]
pub struct NonceBook {
    seen: HashMap<String, i64>,
    /// When expired nonces are dropped next (sandbox clock, ms).
    next_prune: i64,
}

/// How often expired nonces are dropped. Pruning on every cryptogram walked them all each time
/// (quadratic over a QA run binding thousands of cards); one kept a little longer is harmless: a
/// cryptogram that old fails the freshness check, which comes before the replay check.
const PRUNE_EVERY_MS: i64 = 1_000;

impl NonceBook {
    /// Records the nonce of a cryptogram; `Err(Replayed)` when it was seen before.
    pub fn record(&mut self, card: &CardPlaintext, now_ms: i64) -> Result<(), CryptogramRefusal> {
        if now_ms >= self.next_prune {
            self.seen
                .retain(|_, generated_at| *generated_at >= now_ms - MAX_AGE_MS - MAX_FUTURE_MS);
            self.next_prune = now_ms + PRUNE_EVERY_MS;
        }
        if self.seen.contains_key(&card.nonce) {
            return Err(CryptogramRefusal::Replayed);
        }
        self.seen.insert(card.nonce.clone(), card.generated_at);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_780_000_000_000; // 2026-05-28

    fn request(pan: &str) -> CryptogramRequest {
        CryptogramRequest {
            pan: pan.into(),
            exp_month: 12,
            exp_year: 2030,
            cvv: "123".into(),
            generated_at: None,
        }
    }

    #[test]
    fn opens_what_it_seals_once() {
        let mut rng = RandomSource::new(Some(1));
        let key = CryptogramKey::new(&mut rng);
        let sealed = key.seal(&request("2200000000000004"), NOW).unwrap();
        assert!(sealed.starts_with("SWIP1.1."));
        let card = key.open(&sealed, NOW + 1000).unwrap();
        assert_eq!(card.pan.expose(), "2200000000000004");
        let mut book = NonceBook::default();
        assert_eq!(book.record(&card, NOW), Ok(()));
        assert_eq!(book.record(&card, NOW), Err(CryptogramRefusal::Replayed));
    }

    #[test]
    fn refuses_stale_rotated_and_bad_cards() {
        let mut rng = RandomSource::new(Some(2));
        let key = CryptogramKey::new(&mut rng);
        let sealed = key.seal(&request("4111111111111111"), NOW).unwrap();
        assert_eq!(
            key.open(&sealed, NOW + MAX_AGE_MS + 1).unwrap_err(),
            CryptogramRefusal::Stale
        );
        assert_eq!(
            key.open(&sealed, NOW - MAX_FUTURE_MS - 1).unwrap_err(),
            CryptogramRefusal::Stale
        );
        let rotated = key.rotated(&mut rng);
        assert_eq!(
            rotated.open(&sealed, NOW).unwrap_err(),
            CryptogramRefusal::KeyVersionUnknown
        );
        assert_eq!(
            key.open("SWIP1.1.AAAA", NOW).unwrap_err(),
            CryptogramRefusal::Malformed
        );
        let bad_pan = key.seal(&request("4111111111111112"), NOW).unwrap();
        assert_eq!(
            key.open(&bad_pan, NOW).unwrap_err(),
            CryptogramRefusal::PanInvalid
        );
        let mut expired = request("4111111111111111");
        expired.exp_year = 2026;
        expired.exp_month = 4;
        let expired = key.seal(&expired, NOW).unwrap();
        assert_eq!(
            key.open(&expired, NOW).unwrap_err(),
            CryptogramRefusal::CardExpired
        );
        let other = CryptogramKey::new(&mut RandomSource::new(Some(3)));
        let foreign = other.seal(&request("4111111111111111"), NOW).unwrap();
        assert_eq!(
            key.open(&foreign, NOW).unwrap_err(),
            CryptogramRefusal::Undecryptable
        );
    }
}
