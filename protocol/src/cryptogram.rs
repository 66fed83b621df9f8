//! The card cryptogram, format `SWIP1`.
//!
//! The contract only says the cryptogram is "encrypted card data (expiry, number, CVV)". This is our
//! design, versioned so it can be swapped:
//!
//! ```text
//! cryptogram = "SWIP1." key_version "." base64url_nopad(ephemeral_public[32] || nonce[12] || ciphertext||tag)
//! shared     = X25519(ephemeral_private, server_public)
//! key        = HKDF-SHA256(salt = ephemeral_public || server_public, ikm = shared, info = "SWiP cryptogram v1") → 32 bytes
//! ciphertext = AES-256-GCM(key, nonce, aad = "SWIP1." key_version, plaintext)
//! plaintext  = {"pan","expMonth","expYear","cvv","nonce","generatedAt"}   (JSON)
//! ```
//!
//! A fresh ephemeral key per cryptogram gives forward secrecy; `nonce` (16 random bytes, hex) and
//! `generatedAt` (ms since 1970 on the device) let the server refuse a replayed or stale cryptogram.
//! The server publishes its X25519 public key and its version at `GET /ext/cryptogram-key`
//! ([`CryptogramKeyResponse`]); a cryptogram made for another version is refused, and the wallet
//! fetches the key again once.
//!
//! Sealing uses only `ring` (an ephemeral X25519 key). Opening needs the server's static private
//! key, which `ring` cannot hold, so the server computes the X25519 shared secret itself and calls
//! [`open`] with it.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::agreement::{self, EphemeralPrivateKey, UnparsedPublicKey, X25519};
use ring::hkdf;
use ring::rand::SecureRandom;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::SecretString;

/// The format's prefix and version.
pub const FORMAT: &str = "SWIP1";
/// The algorithm name the key endpoint announces.
pub const ALGORITHM: &str = "X25519-HKDF-SHA256-AES256GCM";
const HKDF_INFO: &[u8] = b"SWiP cryptogram v1";
const PUBLIC_KEY_LEN: usize = 32;

/// `GET /ext/cryptogram-key`: `{"keyVersion": 1, "algorithm": "...", "publicKey": "<base64url>"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CryptogramKeyResponse {
    /// The key's version, written into every cryptogram made with it.
    pub key_version: u32,
    /// Always [`ALGORITHM`] for format `SWIP1`.
    pub algorithm: String,
    /// The server's X25519 public key, base64url without padding.
    pub public_key: String,
}

/// A server public key ready for sealing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerKey {
    /// The key's version.
    pub version: u32,
    /// The raw X25519 public key.
    pub public_key: [u8; PUBLIC_KEY_LEN],
}

impl ServerKey {
    /// From the key endpoint's answer.
    pub fn from_response(response: &CryptogramKeyResponse) -> Result<Self, CryptogramError> {
        if response.algorithm != ALGORITHM {
            return Err(CryptogramError::UnsupportedAlgorithm(
                response.algorithm.clone(),
            ));
        }
        let bytes = URL_SAFE_NO_PAD
            .decode(&response.public_key)
            .map_err(|_| CryptogramError::Malformed("public key is not base64url"))?;
        let public_key: [u8; PUBLIC_KEY_LEN] = bytes
            .try_into()
            .map_err(|_| CryptogramError::Malformed("public key is not 32 bytes"))?;
        Ok(Self {
            version: response.key_version,
            public_key,
        })
    }

    /// The key endpoint's answer for this key.
    pub fn to_response(&self) -> CryptogramKeyResponse {
        CryptogramKeyResponse {
            key_version: self.version,
            algorithm: ALGORITHM.to_owned(),
            public_key: URL_SAFE_NO_PAD.encode(self.public_key),
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
    /// When the cryptogram was made, ms since 1970 (device clock).
    pub generated_at: i64,
}

/// Why a cryptogram could not be made or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptogramError {
    /// The key endpoint announced an algorithm this format does not use.
    #[error("unsupported cryptogram algorithm {0:?}")]
    UnsupportedAlgorithm(String),
    /// The cryptogram or key is not in the format.
    #[error("malformed cryptogram: {0}")]
    Malformed(&'static str),
    /// Decryption failed: wrong key or tampered data.
    #[error("cryptogram does not decrypt")]
    Undecryptable,
    /// The system's random generator failed.
    #[error("random generator failed")]
    Random,
}

/// A parsed cryptogram, still encrypted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// The server key version it was made for.
    pub key_version: u32,
    /// The device's ephemeral X25519 public key.
    pub ephemeral_public: [u8; PUBLIC_KEY_LEN],
    nonce: [u8; NONCE_LEN],
    ciphertext: Vec<u8>,
}

impl Envelope {
    /// Parses `SWIP1.<version>.<base64url>`.
    pub fn parse(cryptogram: &str) -> Result<Self, CryptogramError> {
        let mut parts = cryptogram.splitn(3, '.');
        if parts.next() != Some(FORMAT) {
            return Err(CryptogramError::Malformed("not a SWIP1 cryptogram"));
        }
        let key_version = parts
            .next()
            .and_then(|v| v.parse::<u32>().ok())
            .ok_or(CryptogramError::Malformed("bad key version"))?;
        let body = URL_SAFE_NO_PAD
            .decode(parts.next().unwrap_or_default())
            .map_err(|_| CryptogramError::Malformed("body is not base64url"))?;
        if body.len() < PUBLIC_KEY_LEN + NONCE_LEN + AES_256_GCM.tag_len() {
            return Err(CryptogramError::Malformed("body too short"));
        }
        let (ephemeral, rest) = body.split_at(PUBLIC_KEY_LEN);
        let (nonce, ciphertext) = rest.split_at(NONCE_LEN);
        Ok(Self {
            key_version,
            ephemeral_public: ephemeral.try_into().expect("split at 32"),
            nonce: nonce.try_into().expect("split at 12"),
            ciphertext: ciphertext.to_vec(),
        })
    }
}

/// Encrypts `card` for `server`. Each call uses a fresh ephemeral key and a fresh AEAD nonce.
pub fn seal(
    server: &ServerKey,
    card: &CardPlaintext,
    rng: &dyn SecureRandom,
) -> Result<SecretString, CryptogramError> {
    let private =
        EphemeralPrivateKey::generate(&X25519, rng).map_err(|_| CryptogramError::Random)?;
    let ephemeral_public: [u8; PUBLIC_KEY_LEN] = private
        .compute_public_key()
        .map_err(|_| CryptogramError::Random)?
        .as_ref()
        .try_into()
        .map_err(|_| CryptogramError::Random)?;
    let peer = UnparsedPublicKey::new(&X25519, server.public_key);
    let key = agreement::agree_ephemeral(private, &peer, |shared| {
        aead_key(shared, &ephemeral_public, &server.public_key)
    })
    .map_err(|_| CryptogramError::Malformed("server public key rejected"))??;

    let mut nonce = [0u8; NONCE_LEN];
    rng.fill(&mut nonce).map_err(|_| CryptogramError::Random)?;
    let mut buffer = Zeroizing::new(
        serde_json::to_vec(card).map_err(|_| CryptogramError::Malformed("card does not encode"))?,
    );
    let aad = header(server.version);
    key.seal_in_place_append_tag(
        Nonce::assume_unique_for_key(nonce),
        Aad::from(aad.as_bytes()),
        &mut *buffer,
    )
    .map_err(|_| CryptogramError::Undecryptable)?;

    let mut body = Vec::with_capacity(PUBLIC_KEY_LEN + NONCE_LEN + buffer.len());
    body.extend_from_slice(&ephemeral_public);
    body.extend_from_slice(&nonce);
    body.extend_from_slice(&buffer);
    Ok(SecretString::new(format!(
        "{aad}.{}",
        URL_SAFE_NO_PAD.encode(body)
    )))
}

/// Decrypts an envelope, given the X25519 shared secret the server computed from its private key
/// and `envelope.ephemeral_public`, and the server's public key.
pub fn open(
    envelope: &Envelope,
    shared_secret: &[u8],
    server_public: &[u8; PUBLIC_KEY_LEN],
) -> Result<CardPlaintext, CryptogramError> {
    let key = aead_key(shared_secret, &envelope.ephemeral_public, server_public)?;
    let mut buffer = Zeroizing::new(envelope.ciphertext.clone());
    let aad = header(envelope.key_version);
    let plain = key
        .open_in_place(
            Nonce::assume_unique_for_key(envelope.nonce),
            Aad::from(aad.as_bytes()),
            &mut buffer,
        )
        .map_err(|_| CryptogramError::Undecryptable)?;
    serde_json::from_slice(plain).map_err(|_| CryptogramError::Malformed("plaintext is not a card"))
}

/// 16 random bytes as hex, for [`CardPlaintext::nonce`].
pub fn replay_nonce(rng: &dyn SecureRandom) -> Result<String, CryptogramError> {
    let mut bytes = [0u8; 16];
    rng.fill(&mut bytes).map_err(|_| CryptogramError::Random)?;
    Ok(hex::encode(bytes))
}

fn header(version: u32) -> String {
    format!("{FORMAT}.{version}")
}

fn aead_key(
    shared: &[u8],
    ephemeral_public: &[u8; PUBLIC_KEY_LEN],
    server_public: &[u8; PUBLIC_KEY_LEN],
) -> Result<LessSafeKey, CryptogramError> {
    let mut salt_bytes = [0u8; 2 * PUBLIC_KEY_LEN];
    salt_bytes[..PUBLIC_KEY_LEN].copy_from_slice(ephemeral_public);
    salt_bytes[PUBLIC_KEY_LEN..].copy_from_slice(server_public);
    let salt = hkdf::Salt::new(hkdf::HKDF_SHA256, &salt_bytes);
    let prk = salt.extract(shared);
    let info = [HKDF_INFO];
    let okm = prk
        .expand(&info, &AES_256_GCM)
        .map_err(|_| CryptogramError::Undecryptable)?;
    Ok(LessSafeKey::new(UnboundKey::from(okm)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ring::rand::SystemRandom;

    /// Decrypting needs the static X25519 of the server; ring only does ephemeral agreement, so
    /// these tests play the server with an ephemeral key used once per cryptogram.
    fn sealed_and_opened(card: &CardPlaintext) -> Result<CardPlaintext, CryptogramError> {
        let rng = SystemRandom::new();
        let server_private = EphemeralPrivateKey::generate(&X25519, &rng).unwrap();
        let public_key: [u8; 32] = server_private
            .compute_public_key()
            .unwrap()
            .as_ref()
            .try_into()
            .unwrap();
        let server = ServerKey {
            version: 7,
            public_key,
        };
        let cryptogram = seal(&server, card, &rng)?;
        let envelope = Envelope::parse(cryptogram.expose())?;
        assert_eq!(envelope.key_version, 7);
        let peer = UnparsedPublicKey::new(&X25519, envelope.ephemeral_public);
        agreement::agree_ephemeral(server_private, &peer, |shared| {
            open(&envelope, shared, &public_key)
        })
        .unwrap()
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
    fn round_trips() {
        let card = card();
        assert_eq!(sealed_and_opened(&card).unwrap(), card);
    }

    #[test]
    fn two_seals_of_the_same_card_differ() {
        let rng = SystemRandom::new();
        let server = ServerKey {
            version: 1,
            public_key: [9u8; 32],
        };
        let a = seal(&server, &card(), &rng).unwrap();
        let b = seal(&server, &card(), &rng).unwrap();
        assert_ne!(a.expose(), b.expose());
        assert!(a.expose().starts_with("SWIP1.1."));
    }

    #[test]
    fn tampering_is_detected() {
        let rng = SystemRandom::new();
        let server_private = EphemeralPrivateKey::generate(&X25519, &rng).unwrap();
        let public_key: [u8; 32] = server_private
            .compute_public_key()
            .unwrap()
            .as_ref()
            .try_into()
            .unwrap();
        let server = ServerKey {
            version: 1,
            public_key,
        };
        let cryptogram = seal(&server, &card(), &rng).unwrap();
        // The version is authenticated: claiming another one breaks decryption.
        let forged = cryptogram.expose().replacen("SWIP1.1.", "SWIP1.2.", 1);
        let envelope = Envelope::parse(&forged).unwrap();
        let peer = UnparsedPublicKey::new(&X25519, envelope.ephemeral_public);
        let result = agreement::agree_ephemeral(server_private, &peer, |shared| {
            open(&envelope, shared, &public_key)
        })
        .unwrap();
        assert_eq!(result, Err(CryptogramError::Undecryptable));
    }

    #[test]
    fn rejects_malformed_input() {
        for bad in [
            "",
            "SWIP2.1.AAAA",
            "SWIP1.x.AAAA",
            "SWIP1.1.!!!",
            "SWIP1.1.AAAA",
        ] {
            assert!(Envelope::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn key_response_round_trips() {
        let key = ServerKey {
            version: 3,
            public_key: [1u8; 32],
        };
        assert_eq!(ServerKey::from_response(&key.to_response()).unwrap(), key);
        let mut wrong = key.to_response();
        wrong.algorithm = "RSA".into();
        assert!(ServerKey::from_response(&wrong).is_err());
    }

    #[test]
    fn debug_output_hides_pan_and_cvv() {
        let text = format!("{:?}", card());
        assert!(!text.contains("2200000000000004"));
        assert!(!text.contains("123\""));
    }
}
