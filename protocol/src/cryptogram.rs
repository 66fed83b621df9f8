//! The card cryptogram: a JWE (RFC 7516) in compact serialization, `alg` `ECDH-ES` on P-256,
//! `enc` `A256GCM`, `kid` naming the server key. Any stock JOSE library opens it with the server's
//! private key (docs/extensions.md shows how).
//!
//! ```text
//! GET /ext/cryptogram-key → JWK Set {"keys":[{"kty":"EC","crv":"P-256","kid":…,"use":"enc","alg":"ECDH-ES","x":…,"y":…}, …]}
//! cryptogram = JWE compact: header {"alg":"ECDH-ES","enc":"A256GCM","kid":…,"epk":{…}} . "" . iv . ciphertext . tag
//! plaintext  = {"pan","expMonth","expYear","cvv","nonce","generatedAt"}   (JSON, UTF-8)
//! ```
//!
//! A fresh ephemeral key per cryptogram gives forward secrecy; `nonce` (16 random bytes, hex) and
//! `generatedAt` (ms since 1970, the server's clock as the wallet knows it) let the server refuse a
//! replayed or stale cryptogram. The wallet seals for the first usable key of the set
//! ([`ServerKey::from_response`]); a cryptogram for a `kid` the server no longer holds is refused
//! and the wallet fetches the set again once.
//!
//! This replaces the earlier format `SWIP1` (X25519 + HKDF + AES-GCM, ours alone), which no
//! backend could open without porting our code; nothing reads or writes `SWIP1` any more.
//!
//! Sealing uses only `ring`. Opening needs the server's static private key, which `ring` cannot
//! hold, so the server computes the ECDH shared secret itself and calls [`open`] with it.

use ring::rand::SecureRandom;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::SecretString;
use crate::jose::jwe::{self, JweError, ParsedJwe};
use crate::jose::jwk::{Jwk, JwkSet, P256_POINT_LEN, USE_ENC};

pub use crate::jose::jwe::{ALG_ECDH_ES as ALG, ENC_A256GCM as ENC};

/// `GET /ext/cryptogram-key`: the server's JWK Set, its preferred key first.
pub type CryptogramKeyResponse = JwkSet;

/// A server public key ready for sealing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerKey {
    /// The key's id, written into every cryptogram made with it.
    pub kid: String,
    /// The P-256 public key, uncompressed (`0x04 ‖ x ‖ y`).
    pub public_key: [u8; P256_POINT_LEN],
}

impl ServerKey {
    /// The first key of the set usable for `ECDH-ES` (a P-256 key with a `kid`, `use` `enc` or
    /// absent, `alg` `ECDH-ES` or absent). Keys of other kinds are skipped.
    pub fn from_response(response: &CryptogramKeyResponse) -> Result<Self, CryptogramError> {
        let jwk = response
            .first_usable(ALG)
            .ok_or(CryptogramError::NoUsableKey)?;
        Ok(Self {
            kid: jwk.kid.clone().unwrap_or_default(),
            public_key: jwk.p256_point().ok_or(CryptogramError::NoUsableKey)?,
        })
    }

    /// This key as a public JWK (`use` `enc`, `alg` `ECDH-ES`).
    pub fn to_jwk(&self) -> Jwk {
        Jwk {
            kid: Some(self.kid.clone()),
            key_use: Some(USE_ENC.to_owned()),
            alg: Some(ALG.to_owned()),
            ..Jwk::p256(&self.public_key)
        }
    }

    /// A key endpoint answer holding only this key.
    pub fn to_response(&self) -> CryptogramKeyResponse {
        JwkSet {
            keys: vec![self.to_jwk()],
        }
    }
}

/// What a cryptogram carries. PAN and CVV are secrets: they never print and are zeroed on drop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardPlaintext {
    /// The card number, digits only.
    pub pan: SecretString,
    /// Expiry month, 1–12.
    pub exp_month: u8,
    /// Expiry year, four digits.
    pub exp_year: u16,
    /// The CVV / CVC.
    pub cvv: SecretString,
    /// 16 random bytes, hex: the server refuses a nonce it has seen.
    pub nonce: String,
    /// When the cryptogram was made, ms since 1970 (the server's clock as the wallet knows it).
    pub generated_at: i64,
}

/// Why a cryptogram could not be made or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptogramError {
    /// The key set holds no P-256 key for `ECDH-ES` with a `kid`.
    #[error("the key set has no usable ECDH-ES P-256 key")]
    NoUsableKey,
    /// The cryptogram or key is not in the format.
    #[error("malformed cryptogram: {0}")]
    Malformed(&'static str),
    /// The JWE header asks for an algorithm or feature this format does not use.
    #[error("unsupported cryptogram header: {0}")]
    Unsupported(&'static str),
    /// Decryption failed: wrong key or tampered data.
    #[error("cryptogram does not decrypt")]
    Undecryptable,
    /// The system's random generator failed.
    #[error("random generator failed")]
    Random,
}

impl From<JweError> for CryptogramError {
    fn from(error: JweError) -> Self {
        match error {
            JweError::Malformed(what) => CryptogramError::Malformed(what),
            JweError::Unsupported(what) => CryptogramError::Unsupported(what),
            JweError::BadRecipientKey => CryptogramError::NoUsableKey,
            JweError::Undecryptable => CryptogramError::Undecryptable,
            JweError::Random => CryptogramError::Random,
        }
    }
}

/// A parsed cryptogram, still encrypted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// The `kid` of the server key it was made for.
    pub kid: String,
    jwe: ParsedJwe,
}

impl Envelope {
    /// Parses a compact JWE and checks its header (`ECDH-ES`, `A256GCM`, a P-256 `epk`, a `kid`).
    pub fn parse(cryptogram: &str) -> Result<Self, CryptogramError> {
        let jwe = ParsedJwe::parse(cryptogram)?;
        let kid = jwe
            .kid
            .clone()
            .filter(|kid| !kid.is_empty())
            .ok_or(CryptogramError::Malformed("no kid"))?;
        Ok(Self { kid, jwe })
    }

    /// The device's ephemeral P-256 public key (`epk`), uncompressed: the server's ECDH input.
    pub fn ephemeral_public(&self) -> &[u8; P256_POINT_LEN] {
        &self.jwe.ephemeral_public
    }
}

/// Encrypts `card` for `server`. Each call uses a fresh ephemeral key and a fresh IV.
pub fn seal(
    server: &ServerKey,
    card: &CardPlaintext,
    rng: &dyn SecureRandom,
) -> Result<SecretString, CryptogramError> {
    let plaintext = Zeroizing::new(
        serde_json::to_vec(card).map_err(|_| CryptogramError::Malformed("card does not encode"))?,
    );
    let token = jwe::encrypt(&server.kid, &server.public_key, &plaintext, rng)?;
    Ok(SecretString::new(token))
}

/// Decrypts an envelope, given the ECDH shared secret (the x coordinate, 32 bytes) the server
/// computed from its private key and [`Envelope::ephemeral_public`].
pub fn open(envelope: &Envelope, shared_secret: &[u8]) -> Result<CardPlaintext, CryptogramError> {
    let plain = envelope.jwe.decrypt(shared_secret)?;
    serde_json::from_slice(&plain)
        .map_err(|_| CryptogramError::Malformed("plaintext is not a card"))
}

/// 16 random bytes as hex, for [`CardPlaintext::nonce`].
pub fn replay_nonce(rng: &dyn SecureRandom) -> Result<String, CryptogramError> {
    let mut bytes = [0u8; 16];
    rng.fill(&mut bytes).map_err(|_| CryptogramError::Random)?;
    Ok(hex::encode(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ring::agreement::{self, ECDH_P256, EphemeralPrivateKey, UnparsedPublicKey};
    use ring::rand::SystemRandom;

    /// Decrypting needs the server's static key; ring only does ephemeral agreement, so these
    /// tests play the server with an ephemeral key used once per cryptogram.
    fn server(rng: &SystemRandom, kid: &str) -> (EphemeralPrivateKey, ServerKey) {
        let private = EphemeralPrivateKey::generate(&ECDH_P256, rng).unwrap();
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

    fn open_with(
        private: EphemeralPrivateKey,
        cryptogram: &str,
    ) -> Result<CardPlaintext, CryptogramError> {
        let envelope = Envelope::parse(cryptogram)?;
        let peer = UnparsedPublicKey::new(&ECDH_P256, *envelope.ephemeral_public());
        agreement::agree_ephemeral(private, &peer, |z| open(&envelope, z)).unwrap()
    }

    fn card() -> CardPlaintext {
        CardPlaintext {
            pan: "2200000000000004".into(),
            exp_month: 12,
            exp_year: 2030,
            cvv: "123".into(),
            nonce: replay_nonce(&SystemRandom::new()).unwrap(),
            generated_at: 1_700_000_000_000,
        }
    }

    #[test]
    fn round_trips_and_names_the_key() {
        let rng = SystemRandom::new();
        let (private, key) = server(&rng, "swip-7");
        let card = card();
        let cryptogram = seal(&key, &card, &rng).unwrap();
        assert_eq!(Envelope::parse(cryptogram.expose()).unwrap().kid, "swip-7");
        assert_eq!(open_with(private, cryptogram.expose()).unwrap(), card);
    }

    #[test]
    fn two_seals_of_the_same_card_differ() {
        let rng = SystemRandom::new();
        let (_, key) = server(&rng, "k");
        let a = seal(&key, &card(), &rng).unwrap();
        let b = seal(&key, &card(), &rng).unwrap();
        assert_ne!(a.expose(), b.expose());
    }

    #[test]
    fn a_cryptogram_without_kid_is_malformed() {
        let rng = SystemRandom::new();
        let (_, key) = server(&rng, "");
        let cryptogram = seal(&key, &card(), &rng).unwrap();
        assert_eq!(
            Envelope::parse(cryptogram.expose()),
            Err(CryptogramError::Malformed("no kid"))
        );
        for bad in ["", "SWIP1.1.AAAA", "a.b.c.d.e"] {
            assert!(Envelope::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn key_set_round_trips_and_skips_unusable_keys() {
        let rng = SystemRandom::new();
        let (_, key) = server(&rng, "swip-3");
        let response = key.to_response();
        let json = serde_json::to_value(&response).unwrap();
        assert_eq!(json["keys"][0]["kty"], "EC");
        assert_eq!(json["keys"][0]["crv"], "P-256");
        assert_eq!(json["keys"][0]["use"], "enc");
        assert_eq!(json["keys"][0]["alg"], "ECDH-ES");
        assert_eq!(json["keys"][0]["kid"], "swip-3");
        assert_eq!(ServerKey::from_response(&response).unwrap(), key);

        let mut mixed = response.clone();
        mixed.keys.insert(
            0,
            Jwk {
                key_use: Some("sig".into()),
                ..key.to_jwk()
            },
        );
        assert_eq!(ServerKey::from_response(&mixed).unwrap(), key);
        assert_eq!(
            ServerKey::from_response(&JwkSet::default()),
            Err(CryptogramError::NoUsableKey)
        );
    }

    #[test]
    fn debug_output_hides_pan_and_cvv() {
        let text = format!("{:?}", card());
        assert!(!text.contains("2200000000000004"));
        assert!(!text.contains("123\""));
    }
}
