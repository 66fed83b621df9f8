//! JWE compact serialization (RFC 7516 §7.1) with `alg` = `ECDH-ES` (direct key agreement, RFC
//! 7518 §4.6) and `enc` = `A256GCM` (RFC 7518 §5.3):
//!
//! ```text
//! BASE64URL(protected header) "." "" "." BASE64URL(iv[12]) "." BASE64URL(ciphertext) "." BASE64URL(tag[16])
//! header = {"alg":"ECDH-ES","enc":"A256GCM","kid":…,"epk":{"kty":"EC","crv":"P-256","x":…,"y":…}}
//! Z      = ECDH(ephemeral private, recipient public)         (P-256, the x coordinate)
//! CEK    = Concat KDF(Z, AlgorithmID "A256GCM", apu, apv, 256 bits)   (SHA-256; apu/apv empty when absent)
//! AAD    = ASCII(BASE64URL(protected header))
//! ```
//!
//! The encrypted key is empty (the agreed key is the content key). On reading, `apu`/`apv` are
//! honoured when present, a `zip` or `crit` member is refused (neither is used here).

use ring::aead::{AES_256_GCM, Aad, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::agreement::{self, ECDH_P256, EphemeralPrivateKey, UnparsedPublicKey};
use ring::rand::SecureRandom;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::concat_kdf::{self, KdfInput};
use super::jwk::{Jwk, P256_POINT_LEN};
use super::{b64, unb64};

/// `alg` of direct ECDH-ES key agreement.
pub const ALG_ECDH_ES: &str = "ECDH-ES";
/// `enc` of AES-256-GCM content encryption.
pub const ENC_A256GCM: &str = "A256GCM";
const CEK_LEN: usize = 32;
const TAG_LEN: usize = 16;

/// Why a JWE could not be made or read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum JweError {
    /// Not a compact JWE of the supported kind (`reason` says which part).
    #[error("malformed JWE: {0}")]
    Malformed(&'static str),
    /// The header names another `alg` or `enc`, or asks for `zip`/`crit`.
    #[error("unsupported JWE header: {0}")]
    Unsupported(&'static str),
    /// The recipient's public key was refused by the key agreement.
    #[error("the recipient key is not a valid P-256 point")]
    BadRecipientKey,
    /// Authentication failed: wrong key or tampered token.
    #[error("the JWE does not decrypt")]
    Undecryptable,
    /// The system's random generator failed.
    #[error("random generator failed")]
    Random,
}

/// The protected header as written and read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Header {
    #[serde(default)]
    alg: String,
    #[serde(default)]
    enc: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    kid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    epk: Option<Jwk>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    apu: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    apv: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    zip: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    crit: Option<serde_json::Value>,
}

/// Encrypts `plaintext` for the P-256 public key `recipient` (uncompressed point) named `kid`:
/// a fresh ephemeral key and IV per call.
pub fn encrypt(
    kid: &str,
    recipient: &[u8; P256_POINT_LEN],
    plaintext: &[u8],
    rng: &dyn SecureRandom,
) -> Result<String, JweError> {
    let ephemeral = EphemeralPrivateKey::generate(&ECDH_P256, rng).map_err(|_| JweError::Random)?;
    let epk_point: [u8; P256_POINT_LEN] = ephemeral
        .compute_public_key()
        .map_err(|_| JweError::Random)?
        .as_ref()
        .try_into()
        .map_err(|_| JweError::Random)?;
    let header = Header {
        alg: ALG_ECDH_ES.to_owned(),
        enc: ENC_A256GCM.to_owned(),
        kid: Some(kid.to_owned()),
        epk: Some(Jwk::p256(&epk_point)),
        apu: None,
        apv: None,
        zip: None,
        crit: None,
    };
    let protected = b64(&serde_json::to_vec(&header).map_err(|_| JweError::Malformed("header"))?);
    let peer = UnparsedPublicKey::new(&ECDH_P256, recipient);
    let key = agreement::agree_ephemeral(ephemeral, &peer, |z| content_key(z, b"", b""))
        .map_err(|_| JweError::BadRecipientKey)??;

    let mut iv = [0u8; NONCE_LEN];
    rng.fill(&mut iv).map_err(|_| JweError::Random)?;
    let mut buffer = Zeroizing::new(plaintext.to_vec());
    let tag = key
        .seal_in_place_separate_tag(
            Nonce::assume_unique_for_key(iv),
            Aad::from(protected.as_bytes()),
            &mut buffer,
        )
        .map_err(|_| JweError::Undecryptable)?;
    Ok(format!(
        "{protected}..{}.{}.{}",
        b64(&iv),
        b64(&buffer),
        b64(tag.as_ref())
    ))
}

/// A compact JWE whose header was read and checked, still encrypted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedJwe {
    /// The `kid` of the recipient key, if the header names one.
    pub kid: Option<String>,
    /// The sender's ephemeral P-256 public key (`epk`), uncompressed.
    pub ephemeral_public: [u8; P256_POINT_LEN],
    protected: String,
    apu: Vec<u8>,
    apv: Vec<u8>,
    iv: [u8; NONCE_LEN],
    ciphertext: Vec<u8>,
    tag: [u8; TAG_LEN],
}

impl ParsedJwe {
    /// Parses a compact JWE and checks its header: `alg` `ECDH-ES`, `enc` `A256GCM`, a P-256 `epk`,
    /// no encrypted key, a 96-bit IV and a 128-bit tag.
    pub fn parse(token: &str) -> Result<Self, JweError> {
        let parts: Vec<&str> = token.split('.').collect();
        let [protected, encrypted_key, iv, ciphertext, tag] = parts.as_slice() else {
            return Err(JweError::Malformed("not five parts"));
        };
        let header_bytes =
            unb64(protected).ok_or(JweError::Malformed("header is not base64url"))?;
        let header: Header = serde_json::from_slice(&header_bytes)
            .map_err(|_| JweError::Malformed("header is not a JSON object"))?;
        if header.alg != ALG_ECDH_ES {
            return Err(JweError::Unsupported("alg"));
        }
        if header.enc != ENC_A256GCM {
            return Err(JweError::Unsupported("enc"));
        }
        if header.zip.is_some() {
            return Err(JweError::Unsupported("zip"));
        }
        if header.crit.is_some() {
            return Err(JweError::Unsupported("crit"));
        }
        if !encrypted_key.is_empty() {
            return Err(JweError::Malformed("ECDH-ES has no encrypted key"));
        }
        let ephemeral_public = header
            .epk
            .as_ref()
            .and_then(Jwk::p256_point)
            .ok_or(JweError::Malformed("epk is not a P-256 key"))?;
        let party = |value: &Option<String>, what: &'static str| match value {
            None => Ok(Vec::new()),
            Some(text) => unb64(text).ok_or(JweError::Malformed(what)),
        };
        let iv: [u8; NONCE_LEN] = unb64(iv)
            .and_then(|v| v.try_into().ok())
            .ok_or(JweError::Malformed("iv is not 12 bytes"))?;
        let tag: [u8; TAG_LEN] = unb64(tag)
            .and_then(|v| v.try_into().ok())
            .ok_or(JweError::Malformed("tag is not 16 bytes"))?;
        let ciphertext = unb64(ciphertext).ok_or(JweError::Malformed("ciphertext"))?;
        Ok(Self {
            kid: header.kid,
            ephemeral_public,
            apu: party(&header.apu, "apu")?,
            apv: party(&header.apv, "apv")?,
            protected: (*protected).to_owned(),
            iv,
            ciphertext,
            tag,
        })
    }

    /// Decrypts with `z`, the ECDH shared secret the recipient computed from its static private
    /// key and [`ParsedJwe::ephemeral_public`]. The plaintext is zeroed on drop.
    pub fn decrypt(&self, z: &[u8]) -> Result<Zeroizing<Vec<u8>>, JweError> {
        let key = content_key(z, &self.apu, &self.apv)?;
        let mut buffer = Zeroizing::new(Vec::with_capacity(self.ciphertext.len() + TAG_LEN));
        buffer.extend_from_slice(&self.ciphertext);
        buffer.extend_from_slice(&self.tag);
        let len = key
            .open_in_place(
                Nonce::assume_unique_for_key(self.iv),
                Aad::from(self.protected.as_bytes()),
                &mut buffer,
            )
            .map_err(|_| JweError::Undecryptable)?
            .len();
        buffer.truncate(len);
        Ok(buffer)
    }
}

fn content_key(z: &[u8], apu: &[u8], apv: &[u8]) -> Result<LessSafeKey, JweError> {
    let cek = concat_kdf::derive(
        z,
        &KdfInput {
            algorithm_id: ENC_A256GCM,
            party_u_info: apu,
            party_v_info: apv,
            key_len: CEK_LEN,
        },
    );
    let key = UnboundKey::new(&AES_256_GCM, &cek).map_err(|_| JweError::Undecryptable)?;
    Ok(LessSafeKey::new(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ring::rand::SystemRandom;

    /// `ring` cannot keep a static private key, so these tests play the recipient with an
    /// ephemeral one used for a single token.
    fn recipient(rng: &SystemRandom) -> (EphemeralPrivateKey, [u8; P256_POINT_LEN]) {
        let private = EphemeralPrivateKey::generate(&ECDH_P256, rng).unwrap();
        let public = private
            .compute_public_key()
            .unwrap()
            .as_ref()
            .try_into()
            .unwrap();
        (private, public)
    }

    fn open(private: EphemeralPrivateKey, token: &str) -> Result<Vec<u8>, JweError> {
        let parsed = ParsedJwe::parse(token)?;
        let peer = UnparsedPublicKey::new(&ECDH_P256, parsed.ephemeral_public);
        agreement::agree_ephemeral(private, &peer, |z| parsed.decrypt(z))
            .unwrap()
            .map(|plain| plain.to_vec())
    }

    #[test]
    fn round_trips_with_the_documented_header() {
        let rng = SystemRandom::new();
        let (private, public) = recipient(&rng);
        let token = encrypt("key-1", &public, b"{\"hello\":1}", &rng).unwrap();
        let parts: Vec<&str> = token.split('.').collect();
        assert_eq!(parts.len(), 5);
        assert_eq!(parts[1], "", "no encrypted key");
        let header: serde_json::Value = serde_json::from_slice(&unb64(parts[0]).unwrap()).unwrap();
        assert_eq!(header["alg"], "ECDH-ES");
        assert_eq!(header["enc"], "A256GCM");
        assert_eq!(header["kid"], "key-1");
        assert_eq!(header["epk"]["kty"], "EC");
        assert_eq!(header["epk"]["crv"], "P-256");
        assert!(header["epk"].get("d").is_none());
        assert_eq!(
            ParsedJwe::parse(&token).unwrap().kid.as_deref(),
            Some("key-1")
        );
        assert_eq!(open(private, &token).unwrap(), b"{\"hello\":1}");
    }

    #[test]
    fn a_changed_header_or_ciphertext_does_not_decrypt() {
        let rng = SystemRandom::new();
        let (private, public) = recipient(&rng);
        let token = encrypt("key-1", &public, b"card", &rng).unwrap();
        // Another kid in the (authenticated) header.
        let parts: Vec<&str> = token.split('.').collect();
        let mut header: serde_json::Value =
            serde_json::from_slice(&unb64(parts[0]).unwrap()).unwrap();
        header["kid"] = "key-2".into();
        let forged = format!(
            "{}.{}",
            b64(&serde_json::to_vec(&header).unwrap()),
            parts[1..].join(".")
        );
        assert_eq!(open(private, &forged), Err(JweError::Undecryptable));

        let (private, public) = recipient(&rng);
        let token = encrypt("key-1", &public, b"card", &rng).unwrap();
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        parts[3] = b64(b"drac");
        assert_eq!(
            open(private, &parts.join(".")),
            Err(JweError::Undecryptable)
        );
    }

    #[test]
    fn unsupported_or_malformed_tokens_are_refused() {
        let rng = SystemRandom::new();
        let (_, public) = recipient(&rng);
        let token = encrypt("k", &public, b"x", &rng).unwrap();
        let parts: Vec<&str> = token.split('.').collect();
        let header: serde_json::Value = serde_json::from_slice(&unb64(parts[0]).unwrap()).unwrap();
        let with = |key: &str, value: serde_json::Value| {
            let mut changed = header.clone();
            changed[key] = value;
            format!(
                "{}.{}",
                b64(&serde_json::to_vec(&changed).unwrap()),
                parts[1..].join(".")
            )
        };
        assert_eq!(
            ParsedJwe::parse(&with("alg", "RSA-OAEP".into())),
            Err(JweError::Unsupported("alg"))
        );
        assert_eq!(
            ParsedJwe::parse(&with("enc", "A128GCM".into())),
            Err(JweError::Unsupported("enc"))
        );
        assert_eq!(
            ParsedJwe::parse(&with("zip", "DEF".into())),
            Err(JweError::Unsupported("zip"))
        );
        assert!(ParsedJwe::parse(&with("epk", serde_json::json!({"kty": "OKP"}))).is_err());
        let with_key = token.replacen("..", ".AA.", 1);
        for bad in [
            "",
            "a.b.c.d",
            "a.b.c.d.e.f",
            "!!.x.x.x.x",
            with_key.as_str(),
        ] {
            assert!(ParsedJwe::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_key_off_the_curve_is_refused() {
        let rng = SystemRandom::new();
        let mut point = [0u8; P256_POINT_LEN];
        point[0] = 4;
        point[1] = 1;
        assert_eq!(
            encrypt("k", &point, b"x", &rng),
            Err(JweError::BadRecipientKey)
        );
    }
}
