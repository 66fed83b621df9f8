//! The server side of the card cryptogram, a JWE with `ECDH-ES` on P-256 and `A256GCM`
//! (docs/extensions.md): the static P-256 key and its JWK, opening and checking cryptograms, and
//! sealing test ones for `POST /sandbox/cryptograms`.
//!
//! `ring` cannot hold a static ECDH key, so the sandbox (which is not shipped) computes the shared
//! secret with the `p256` crate; the key derivation and AES-GCM are `swip-protocol`'s, on `ring`.

use std::collections::HashMap;

use p256::elliptic_curve::sec1::ToEncodedPoint;
use p256::{PublicKey, SecretKey};
use ring::rand::SystemRandom;
use swip_protocol::SecretString;
use swip_protocol::cryptogram::{self, CardPlaintext, CryptogramError, Envelope, ServerKey};
use swip_protocol::jose::b64;
use swip_protocol::rules::expiry::{self, YearMonth};
use swip_protocol::rules::{Reason, cvv, pan};

use crate::control::CryptogramRequest;
use crate::random::RandomSource;

/// A cryptogram generated more than this long before the sandbox clock is stale.
pub const MAX_AGE_MS: i64 = 10 * 60 * 1000;
/// A cryptogram generated more than this long after the sandbox clock is stale too.
pub const MAX_FUTURE_MS: i64 = 60 * 1000;

/// Why a cryptogram was refused; [`CryptogramRefusal::message`] is the `fieldError` message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CryptogramRefusal {
    /// Not a compact JWE with `alg` `ECDH-ES`, `enc` `A256GCM`, a P-256 `epk` and a `kid`.
    Malformed,
    /// Made for a `kid` the sandbox does not hold (any but the current key's).
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

/// The sandbox's current cryptogram key: a P-256 key named `sandbox-<version>`.
pub struct CryptogramKey {
    version: u32,
    secret: SecretKey,
    public: [u8; 65],
}

impl std::fmt::Debug for CryptogramKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "CryptogramKey({})", self.kid())
    }
}

impl CryptogramKey {
    /// Version 1 (`kid` `sandbox-1`), from fresh random bytes.
    pub fn new(rng: &mut RandomSource) -> Self {
        Self::with_version(1, rng)
    }

    fn with_version(version: u32, rng: &mut RandomSource) -> Self {
        // 32 random bytes are a valid scalar unless zero or ≥ the group order (about 2^-32).
        let secret = loop {
            if let Ok(secret) = SecretKey::from_slice(&rng.key32()) {
                break secret;
            }
        };
        let public = point_bytes(&secret.public_key());
        Self {
            version,
            secret,
            public,
        }
    }

    /// The key's id: `sandbox-<version>`.
    pub fn kid(&self) -> String {
        format!("sandbox-{}", self.version)
    }

    /// A new key with the next version; cryptograms for this one will be refused.
    pub fn rotated(&self, rng: &mut RandomSource) -> Self {
        Self::with_version(self.version.saturating_add(1), rng)
    }

    /// The public half, as `GET /ext/cryptogram-key` serves it.
    pub fn server_key(&self) -> ServerKey {
        ServerKey {
            kid: self.kid(),
            public_key: self.public,
        }
    }

    /// The private key as a JWK (with `d`), for a test to decrypt with another JOSE library.
    /// A test key of the sandbox only: never a production key.
    pub fn private_jwk(&self) -> serde_json::Value {
        let mut jwk = serde_json::to_value(self.server_key().to_jwk()).unwrap_or_default();
        jwk["d"] = b64(&self.secret.to_bytes()).into();
        jwk
    }

    /// Decrypts a cryptogram and checks its freshness and card data at `now_ms`. Does not check
    /// replay: that is [`NonceBook::record`]'s job, under the same lock as the binding.
    pub fn open(&self, cryptogram: &str, now_ms: i64) -> Result<CardPlaintext, CryptogramRefusal> {
        let envelope = Envelope::parse(cryptogram).map_err(|_| CryptogramRefusal::Malformed)?;
        if envelope.kid != self.kid() {
            return Err(CryptogramRefusal::KeyVersionUnknown);
        }
        let shared = self.shared_secret(envelope.ephemeral_public())?;
        let card = cryptogram::open(&envelope, shared.as_slice())
            .map_err(|_| CryptogramRefusal::Undecryptable)?;
        if card.generated_at < now_ms - MAX_AGE_MS || card.generated_at > now_ms + MAX_FUTURE_MS {
            return Err(CryptogramRefusal::Stale);
        }
        check_card(&card, now_ms)?;
        Ok(card)
    }

    /// ECDH with the sender's ephemeral key: the shared point's x coordinate (RFC 7518's Z).
    fn shared_secret(
        &self,
        ephemeral_public: &[u8; 65],
    ) -> Result<zeroize::Zeroizing<Vec<u8>>, CryptogramRefusal> {
        let peer = PublicKey::from_sec1_bytes(ephemeral_public)
            .map_err(|_| CryptogramRefusal::Undecryptable)?;
        let shared = p256::ecdh::diffie_hellman(self.secret.to_nonzero_scalar(), peer.as_affine());
        Ok(zeroize::Zeroizing::new(shared.raw_secret_bytes().to_vec()))
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

fn point_bytes(public: &PublicKey) -> [u8; 65] {
    let mut bytes = [0u8; 65];
    bytes.copy_from_slice(public.to_encoded_point(false).as_bytes());
    bytes
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
        assert_eq!(Envelope::parse(&sealed).unwrap().kid, "sandbox-1");
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
            key.open("e30.AA.AA.AA.AA", NOW).unwrap_err(),
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

    /// RFC 7518 Appendix C, whole: Bob's static key and Alice's ephemeral key give the printed Z,
    /// and the Concat KDF gives the printed key.
    #[test]
    fn rfc7518_appendix_c_shared_secret_and_key() {
        use swip_protocol::jose::concat_kdf::{KdfInput, derive};
        use swip_protocol::jose::jwk::Jwk;
        use swip_protocol::jose::unb64;
        let bob =
            SecretKey::from_slice(&unb64("VEmDZpDXXK8p8N0Cndsxs924q6nS1RXFASRl6BfUqdw").unwrap())
                .unwrap();
        let bob_public: Jwk = serde_json::from_str(
            r#"{"kty":"EC","crv":"P-256","x":"weNJy2HscCSM6AEDTDg04biOvhFhyyWvOHQfeF_PxMQ","y":"e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck"}"#,
        )
        .unwrap();
        assert_eq!(
            point_bytes(&bob.public_key()),
            bob_public.p256_point().unwrap()
        );
        let alice_epk: Jwk = serde_json::from_str(
            r#"{"kty":"EC","crv":"P-256","x":"gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0","y":"SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps"}"#,
        )
        .unwrap();
        let key = CryptogramKey {
            version: 1,
            secret: bob,
            public: bob_public.p256_point().unwrap(),
        };
        let z = key.shared_secret(&alice_epk.p256_point().unwrap()).unwrap();
        assert_eq!(
            z.as_slice(),
            [
                158, 86, 217, 29, 129, 113, 53, 211, 114, 131, 66, 131, 191, 132, 38, 156, 251, 49,
                110, 163, 218, 128, 106, 72, 246, 218, 167, 121, 140, 254, 144, 196
            ]
        );
        let derived = derive(
            &z,
            &KdfInput {
                algorithm_id: "A128GCM",
                party_u_info: b"Alice",
                party_v_info: b"Bob",
                key_len: 16,
            },
        );
        assert_eq!(b64(&derived), "VqqN6vgjbSBcIijNcacQGg");
    }

    #[test]
    fn the_private_jwk_matches_the_served_key() {
        let key = CryptogramKey::new(&mut RandomSource::new(Some(9)));
        let jwk = key.private_jwk();
        assert_eq!(jwk["kid"], "sandbox-1");
        let d = swip_protocol::jose::unb64(jwk["d"].as_str().unwrap()).unwrap();
        let secret = SecretKey::from_slice(&d).unwrap();
        assert_eq!(
            point_bytes(&secret.public_key()),
            key.server_key().public_key
        );
        assert!(!format!("{key:?}").contains(jwk["d"].as_str().unwrap()));
    }
}
