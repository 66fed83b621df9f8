//! HS256 JSON Web Tokens, signed and checked with `ring::hmac`, expiring on the sandbox clock.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::hmac;
use serde::{Deserialize, Serialize};

/// The only header the sandbox issues or accepts.
const HEADER: &str = r#"{"alg":"HS256","typ":"JWT"}"#;

/// What a token may be used for (docs/extensions.md, "Tokens").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenScope {
    /// From `POST /v2/signups`: verification, SMS resend, PIN setup, device signup.
    Signup,
    /// From PIN setup, device signup, login and refresh: everything else.
    Session,
    /// The refresh token: only `PUT /auth`.
    Refresh,
}

/// The claims of a sandbox token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The phone (signup scope) or the user's id (session and refresh scopes).
    pub sub: String,
    /// What the token is good for.
    pub scope: TokenScope,
    /// The device the session belongs to (session and refresh scopes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<String>,
    /// The signup the token belongs to (signup scope).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// Issued at, seconds since 1970 on the sandbox clock.
    pub iat: i64,
    /// Expires at, seconds since 1970 on the sandbox clock.
    pub exp: i64,
    /// A unique id, so two tokens issued in the same second differ.
    pub jti: String,
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    /// Not a JWT, another algorithm, or a bad signature (code 17).
    #[error("malformed or badly signed token")]
    Malformed,
    /// Well-formed and signed, but past its `exp` (code 16).
    #[error("token expired")]
    Expired,
}

/// Signs and verifies tokens with one HMAC-SHA256 secret.
pub struct JwtSigner {
    key: hmac::Key,
    /// Tokens whose signature checked out, with their claims. A session sends the same token on
    /// every request, and checking it again (two base64 decodes, two JSON parses, HMAC-SHA256)
    /// was about 40 % of the sandbox's instructions per request (`swip-bench throughput`, profiled
    /// with callgrind). The secret never changes, so a signature once good stays good; expiry is
    /// checked on every use. Emptied when it reaches [`VERIFIED_CAPACITY`].
    verified: Mutex<HashMap<String, Claims>>,
}

/// Most tokens [`JwtSigner`] remembers as verified.
pub const VERIFIED_CAPACITY: usize = 65_536;

impl std::fmt::Debug for JwtSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JwtSigner(***)")
    }
}

impl JwtSigner {
    /// A signer with this secret.
    pub fn new(secret: &[u8; 32]) -> Self {
        Self {
            key: hmac::Key::new(hmac::HMAC_SHA256, secret),
            verified: Mutex::new(HashMap::new()),
        }
    }

    /// The compact serialisation of a signed token.
    pub fn issue(&self, claims: &Claims) -> String {
        let header = URL_SAFE_NO_PAD.encode(HEADER);
        // Serialising a struct of strings and integers cannot fail.
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).unwrap_or_default());
        let signing_input = format!("{header}.{payload}");
        let signature = hmac::sign(&self.key, signing_input.as_bytes());
        format!(
            "{signing_input}.{}",
            URL_SAFE_NO_PAD.encode(signature.as_ref())
        )
    }

    /// The claims of a token signed by this signer and not expired at `now_ms`.
    pub fn verify(&self, token: &str, now_ms: i64) -> Result<Claims, JwtError> {
        let known = self.verified().get(token).cloned();
        let claims = match known {
            Some(claims) => claims,
            None => {
                let claims = self.check_signature(token)?;
                let mut verified = self.verified();
                if verified.len() >= VERIFIED_CAPACITY {
                    verified.clear();
                }
                verified.insert(token.to_owned(), claims.clone());
                claims
            }
        };
        if now_ms.div_euclid(1000) >= claims.exp {
            return Err(JwtError::Expired);
        }
        Ok(claims)
    }

    fn verified(&self) -> MutexGuard<'_, HashMap<String, Claims>> {
        // Entries are inserted whole: a poisoned map is still consistent.
        self.verified
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The claims of a token signed by this signer, expired or not.
    fn check_signature(&self, token: &str) -> Result<Claims, JwtError> {
        let mut parts = token.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(JwtError::Malformed);
        };
        let header_json = URL_SAFE_NO_PAD
            .decode(header)
            .map_err(|_| JwtError::Malformed)?;
        let header_value: serde_json::Value =
            serde_json::from_slice(&header_json).map_err(|_| JwtError::Malformed)?;
        if header_value.get("alg").and_then(|a| a.as_str()) != Some("HS256") {
            return Err(JwtError::Malformed);
        }
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| JwtError::Malformed)?;
        let signing_input_len = header.len() + 1 + payload.len();
        hmac::verify(
            &self.key,
            &token.as_bytes()[..signing_input_len],
            &signature,
        )
        .map_err(|_| JwtError::Malformed)?;
        let claims_json = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| JwtError::Malformed)?;
        serde_json::from_slice(&claims_json).map_err(|_| JwtError::Malformed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp: i64) -> Claims {
        Claims {
            sub: "user".into(),
            scope: TokenScope::Session,
            device: Some("dev".into()),
            sid: None,
            iat: 0,
            exp,
            jti: "j".into(),
        }
    }

    #[test]
    fn round_trips_until_expiry() {
        let signer = JwtSigner::new(&[7u8; 32]);
        let token = signer.issue(&claims(3600));
        assert_eq!(signer.verify(&token, 3_599_999).unwrap(), claims(3600));
        assert_eq!(signer.verify(&token, 3_600_000), Err(JwtError::Expired));
    }

    #[test]
    fn refuses_forgeries() {
        let signer = JwtSigner::new(&[7u8; 32]);
        let other = JwtSigner::new(&[8u8; 32]);
        let token = other.issue(&claims(3600));
        assert_eq!(signer.verify(&token, 0), Err(JwtError::Malformed));
        for bad in ["", "a.b", "a.b.c.d", "!!.??.**", "eyJhbGciOiJub25lIn0.e30."] {
            assert_eq!(signer.verify(bad, 0), Err(JwtError::Malformed), "{bad}");
        }
        // Same payload, header switched to "none".
        let token = signer.issue(&claims(3600));
        let mut parts: Vec<&str> = token.split('.').collect();
        let none = URL_SAFE_NO_PAD.encode(r#"{"alg":"none"}"#);
        parts[0] = &none;
        assert_eq!(signer.verify(&parts.join("."), 0), Err(JwtError::Malformed));
    }

    #[test]
    fn a_remembered_token_still_expires_and_a_tampered_copy_is_still_refused() {
        let signer = JwtSigner::new(&[7u8; 32]);
        let token = signer.issue(&claims(3600));
        assert!(signer.verify(&token, 0).is_ok());
        assert_eq!(signer.verified().len(), 1, "remembered");
        assert!(signer.verify(&token, 1_000).is_ok());
        assert_eq!(signer.verify(&token, 3_600_000), Err(JwtError::Expired));
        let mut tampered = token.clone();
        tampered.pop();
        tampered.push(if token.ends_with('A') { 'B' } else { 'A' });
        assert_eq!(signer.verify(&tampered, 0), Err(JwtError::Malformed));
        assert_eq!(
            signer.verified().len(),
            1,
            "a refused token is not remembered"
        );
    }
}
