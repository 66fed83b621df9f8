//! The Concat KDF of NIST SP 800-56A as JOSE uses it for ECDH-ES (RFC 7518 §4.6.2), with SHA-256.

use ring::digest::{SHA256, digest};
use zeroize::Zeroizing;

/// The inputs besides the shared secret: `AlgorithmID` (the `enc` value in direct key agreement),
/// `PartyUInfo` and `PartyVInfo` (the decoded `apu`/`apv`, empty when absent) and the key length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfInput<'a> {
    /// The `enc` header value, e.g. `A256GCM`.
    pub algorithm_id: &'a str,
    /// The decoded `apu` header value, empty when absent.
    pub party_u_info: &'a [u8],
    /// The decoded `apv` header value, empty when absent.
    pub party_v_info: &'a [u8],
    /// The key to derive, in bytes (16 for A128GCM, 32 for A256GCM).
    pub key_len: usize,
}

/// Derives `input.key_len` bytes from the ECDH shared secret `z`:
/// `SHA-256(counter ‖ Z ‖ len(AlgorithmID) ‖ AlgorithmID ‖ len(apu) ‖ apu ‖ len(apv) ‖ apv ‖
/// keydatalen-in-bits)`, with 32-bit big-endian lengths and counter, one round per 32 bytes.
pub fn derive(z: &[u8], input: &KdfInput<'_>) -> Zeroizing<Vec<u8>> {
    let mut other_info = Vec::new();
    for field in [
        input.algorithm_id.as_bytes(),
        input.party_u_info,
        input.party_v_info,
    ] {
        other_info.extend_from_slice(&length_prefix(field.len()));
        other_info.extend_from_slice(field);
    }
    other_info.extend_from_slice(&length_prefix(input.key_len * 8));

    let mut key = Zeroizing::new(Vec::with_capacity(input.key_len + 32));
    let mut counter: u32 = 1;
    while key.len() < input.key_len {
        let mut round = Zeroizing::new(Vec::with_capacity(4 + z.len() + other_info.len()));
        round.extend_from_slice(&counter.to_be_bytes());
        round.extend_from_slice(z);
        round.extend_from_slice(&other_info);
        key.extend_from_slice(digest(&SHA256, &round).as_ref());
        counter += 1;
    }
    key.truncate(input.key_len);
    key
}

fn length_prefix(len: usize) -> [u8; 4] {
    u32::try_from(len).unwrap_or(u32::MAX).to_be_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jose::b64;

    /// RFC 7518 Appendix C: ECDH-ES with P-256, `enc` A128GCM, `apu` "Alice", `apv` "Bob"; the
    /// shared secret Z as printed there gives the key `VqqN6vgjbSBcIijNcacQGg`.
    #[test]
    fn rfc7518_appendix_c_key_derivation() {
        let z: [u8; 32] = [
            158, 86, 217, 29, 129, 113, 53, 211, 114, 131, 66, 131, 191, 132, 38, 156, 251, 49,
            110, 163, 218, 128, 106, 72, 246, 218, 167, 121, 140, 254, 144, 196,
        ];
        let key = derive(
            &z,
            &KdfInput {
                algorithm_id: "A128GCM",
                party_u_info: b"Alice",
                party_v_info: b"Bob",
                key_len: 16,
            },
        );
        assert_eq!(
            key.as_slice(),
            [
                86, 170, 141, 234, 248, 35, 109, 32, 92, 34, 40, 205, 113, 167, 16, 26
            ]
        );
        assert_eq!(b64(&key), "VqqN6vgjbSBcIijNcacQGg");
    }

    #[test]
    fn longer_keys_take_more_rounds_and_each_input_matters() {
        let input = KdfInput {
            algorithm_id: "A256GCM",
            party_u_info: b"",
            party_v_info: b"",
            key_len: 32,
        };
        let base = derive(&[7u8; 32], &input);
        assert_eq!(base.len(), 32);
        let long = derive(
            &[7u8; 32],
            &KdfInput {
                key_len: 48,
                ..input
            },
        );
        assert_eq!(long.len(), 48);
        assert_ne!(&long[..32], base.as_slice(), "keydatalen is an input");
        for other in [
            KdfInput {
                algorithm_id: "A128GCM",
                ..input
            },
            KdfInput {
                party_u_info: b"u",
                ..input
            },
            KdfInput {
                party_v_info: b"v",
                ..input
            },
        ] {
            assert_ne!(derive(&[7u8; 32], &other).as_slice(), base.as_slice());
        }
        assert_ne!(derive(&[8u8; 32], &input).as_slice(), base.as_slice());
    }
}
