//! The pieces of JOSE the card cryptogram uses, sans I/O: EC public keys as JWK and JWK Sets
//! (RFC 7517), the Concat KDF of ECDH-ES (RFC 7518 §4.6) and JWE compact serialization with
//! `alg` = `ECDH-ES`, `enc` = `A256GCM` (RFC 7516), all on `ring`.
//!
//! Encrypting needs only the recipient's public key and an ephemeral key, which `ring` provides.
//! Decrypting needs the recipient's static private key, which `ring` cannot hold: the caller
//! computes the ECDH shared secret `Z` itself (the sandbox does it with the `p256` crate) and hands
//! it to [`jwe::ParsedJwe::decrypt`].

pub mod concat_kdf;
pub mod jwe;
pub mod jwk;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// base64url without padding, as JOSE writes every binary value.
pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes base64url without padding (JOSE forbids padding; a padded value is refused).
pub fn unb64(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text).ok()
}
