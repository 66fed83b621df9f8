//! JSON Web Keys (RFC 7517) as far as the cryptogram needs them: P-256 public keys and a JWK Set.
//! Read tolerantly: a set may hold keys of other types or uses (RSA, signing keys, unknown
//! members); those are kept as they are and skipped when choosing a key.

use serde::{Deserialize, Serialize};

use super::{b64, unb64};

/// `kty` of an elliptic-curve key.
pub const KTY_EC: &str = "EC";
/// `crv` of NIST P-256.
pub const CRV_P256: &str = "P-256";
/// `use` of an encryption key.
pub const USE_ENC: &str = "enc";
/// Length of an uncompressed P-256 point: `0x04 ‖ x[32] ‖ y[32]`.
pub const P256_POINT_LEN: usize = 65;
const COORDINATE_LEN: usize = 32;

/// One JWK of a set, every member optional so that any key reads.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    /// Key type, `EC` for the cryptogram.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kty: Option<String>,
    /// The key's id, written into each JWE made with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    /// Public key use: `enc` (or absent) for the cryptogram.
    #[serde(rename = "use", default, skip_serializing_if = "Option::is_none")]
    pub key_use: Option<String>,
    /// The algorithm the key is meant for: `ECDH-ES` (or absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alg: Option<String>,
    /// The curve, `P-256`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crv: Option<String>,
    /// The x coordinate, 32 bytes base64url.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<String>,
    /// The y coordinate, 32 bytes base64url.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<String>,
}

impl Jwk {
    /// A P-256 public key as JWK, from its uncompressed point.
    pub fn p256(point: &[u8; P256_POINT_LEN]) -> Self {
        Self {
            kty: Some(KTY_EC.to_owned()),
            crv: Some(CRV_P256.to_owned()),
            x: Some(b64(&point[1..1 + COORDINATE_LEN])),
            y: Some(b64(&point[1 + COORDINATE_LEN..])),
            ..Self::default()
        }
    }

    /// The uncompressed point `0x04 ‖ x ‖ y` when this is a P-256 key with 32-byte coordinates.
    /// (Whether the point is on the curve is checked by the ECDH that uses it.)
    pub fn p256_point(&self) -> Option<[u8; P256_POINT_LEN]> {
        if self.kty.as_deref() != Some(KTY_EC) || self.crv.as_deref() != Some(CRV_P256) {
            return None;
        }
        let x = unb64(self.x.as_deref()?)?;
        let y = unb64(self.y.as_deref()?)?;
        if x.len() != COORDINATE_LEN || y.len() != COORDINATE_LEN {
            return None;
        }
        let mut point = [0u8; P256_POINT_LEN];
        point[0] = 0x04;
        point[1..1 + COORDINATE_LEN].copy_from_slice(&x);
        point[1 + COORDINATE_LEN..].copy_from_slice(&y);
        Some(point)
    }

    /// True for a P-256 key with a `kid` that may encrypt with `alg` (`use` `enc` or absent, `alg`
    /// equal or absent).
    pub fn usable_for(&self, alg: &str) -> bool {
        self.kid.as_deref().is_some_and(|kid| !kid.is_empty())
            && self.key_use.as_deref().is_none_or(|u| u == USE_ENC)
            && self.alg.as_deref().is_none_or(|a| a == alg)
            && self.p256_point().is_some()
    }
}

/// A JWK Set: `{"keys": [...]}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JwkSet {
    /// The keys, the server's preferred first. A key that does not read as a JWK is dropped.
    #[serde(default, deserialize_with = "tolerant_keys")]
    pub keys: Vec<Jwk>,
}

impl JwkSet {
    /// The first key usable for `alg` (see [`Jwk::usable_for`]).
    pub fn first_usable(&self, alg: &str) -> Option<&Jwk> {
        self.keys.iter().find(|key| key.usable_for(alg))
    }
}

fn tolerant_keys<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<Jwk>, D::Error> {
    let values: Option<Vec<serde_json::Value>> = Option::deserialize(deserializer)?;
    Ok(values
        .unwrap_or_default()
        .into_iter()
        .filter_map(|value| serde_json::from_value(value).ok())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOB: &str = r#"{"kty":"EC","crv":"P-256","kid":"bob",
        "x":"weNJy2HscCSM6AEDTDg04biOvhFhyyWvOHQfeF_PxMQ",
        "y":"e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck"}"#;

    #[test]
    fn a_p256_key_round_trips_through_its_point() {
        let bob: Jwk = serde_json::from_str(BOB).unwrap();
        let point = bob.p256_point().unwrap();
        assert_eq!(point[0], 4);
        let again = Jwk::p256(&point);
        assert_eq!((again.x, again.y), (bob.x.clone(), bob.y.clone()));
        assert!(bob.usable_for("ECDH-ES"));
    }

    #[test]
    fn the_first_usable_key_of_a_mixed_set_is_chosen() {
        let set: JwkSet = serde_json::from_str(&format!(
            r#"{{"keys":[
                {{"kty":"RSA","kid":"rsa","n":"AQAB","e":"AQAB"}},
                {{"kty":"EC","crv":"P-256","kid":"sig","use":"sig","x":"AA","y":"AA"}},
                {{"kty":"EC","crv":"P-384","kid":"p384","x":"AA","y":"AA"}},
                "not a key",
                {{"kty":"EC","crv":"P-256","kid":"kw","alg":"ECDH-ES+A128KW","x":"AA","y":"AA"}},
                {BOB},
                {{"kty":"EC","crv":"P-256","kid":"later","x":"AA","y":"AA"}}
            ], "extra": true}}"#
        ))
        .unwrap();
        assert_eq!(set.keys.len(), 6, "the string is dropped, other keys kept");
        assert_eq!(
            set.first_usable("ECDH-ES").unwrap().kid.as_deref(),
            Some("bob")
        );
        assert!(JwkSet::default().first_usable("ECDH-ES").is_none());
        let null: JwkSet = serde_json::from_str(r#"{"keys":null}"#).unwrap();
        assert!(null.keys.is_empty());
    }

    #[test]
    fn keys_without_kid_or_with_short_coordinates_are_not_usable() {
        let mut bob: Jwk = serde_json::from_str(BOB).unwrap();
        bob.kid = None;
        assert!(!bob.usable_for("ECDH-ES"));
        bob.kid = Some("bob".into());
        bob.x = Some("AAAA".into());
        assert!(bob.p256_point().is_none());
    }
}
