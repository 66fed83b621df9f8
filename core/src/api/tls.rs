//! Optional certificate pinning: SPKI SHA-256 pins on top of the platform's verifier.
//!
//! With pins set ([`ApiConfig::certificate_pins`](super::ApiConfig::certificate_pins)), a
//! connection is accepted only when the platform verifier accepts the chain **and** one of the
//! certificates the server presents (its own or an intermediate CA's) carries a pinned key: the
//! SHA-256 of its DER `SubjectPublicKeyInfo`, base64 — the form OkHttp, Android's network security
//! config and `openssl … | openssl dgst -sha256 -binary | base64` use. At least two pins are
//! required, one of them a backup key kept offline, so a key change does not lock users out.
//!
//! A pin failure is [`ApiError::CertificatePin`](super::ApiError::CertificatePin) (the journey's
//! `ProblemKind::CertificatePin`), never retried, and logged with the number of certificates
//! looked at only: no certificate, key or host.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use ring::digest::{SHA256, digest};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, OtherError, SignatureScheme};

use super::error::ApiError;

/// The fewest pins accepted: the key in use and a backup.
pub const MIN_PINS: usize = 2;

/// The SHA-256 of a DER `SubjectPublicKeyInfo`. Written `sha256/<base64>` or just `<base64>`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SpkiPin([u8; 32]);

impl SpkiPin {
    /// The pin of a key given as its DER `SubjectPublicKeyInfo`.
    pub fn of_spki(spki_der: &[u8]) -> Self {
        let hash = digest(&SHA256, spki_der);
        let mut bytes = [0u8; 32];
        bytes.copy_from_slice(hash.as_ref());
        SpkiPin(bytes)
    }

    /// The pin of the key in a DER certificate; `None` if the certificate does not parse.
    pub fn of_certificate(certificate_der: &[u8]) -> Option<Self> {
        spki_of_certificate(certificate_der).map(Self::of_spki)
    }
}

/// A pin is public (it is in the app's binary): it prints as `sha256/<base64>`.
impl fmt::Display for SpkiPin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "sha256/{}", STANDARD.encode(self.0))
    }
}

impl fmt::Debug for SpkiPin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SpkiPin({self})")
    }
}

/// Why a pin did not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a certificate pin is base64 of 32 bytes (SHA-256), optionally after `sha256/`")]
pub struct BadPin;

impl FromStr for SpkiPin {
    type Err = BadPin;

    fn from_str(text: &str) -> Result<Self, BadPin> {
        let text = text.trim();
        let encoded = text.strip_prefix("sha256/").unwrap_or(text);
        let bytes = STANDARD.decode(encoded).map_err(|_| BadPin)?;
        Ok(SpkiPin(bytes.try_into().map_err(|_| BadPin)?))
    }
}

/// Checks a pin list: empty (no pinning) or at least [`MIN_PINS`] different pins.
pub fn check_pins(pins: &[SpkiPin]) -> Result<(), ApiError> {
    let mut distinct = pins.to_vec();
    distinct.sort_unstable_by_key(|pin| pin.0);
    distinct.dedup();
    if !pins.is_empty() && distinct.len() < MIN_PINS {
        return Err(ApiError::InvalidRequest {
            reason: "certificate pinning needs at least two different pins (one a backup key)",
        });
    }
    Ok(())
}

/// The error inside rustls' error when no presented certificate carries a pinned key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("none of the server's certificates carries a pinned key")]
pub struct PinMismatch;

/// True when `error` is the pin failure of a [`PinnedVerifier`].
pub fn is_pin_mismatch(error: &rustls::Error) -> bool {
    matches!(
        error,
        rustls::Error::InvalidCertificate(CertificateError::Other(OtherError(inner)))
            if inner.is::<PinMismatch>()
    )
}

/// The platform's verifier (or any), then the pin check.
#[derive(Debug)]
pub struct PinnedVerifier {
    inner: Arc<dyn ServerCertVerifier>,
    pins: Vec<SpkiPin>,
}

impl PinnedVerifier {
    /// Wraps `inner`; with `pins` empty it only delegates.
    pub fn new(inner: Arc<dyn ServerCertVerifier>, pins: Vec<SpkiPin>) -> Self {
        Self { inner, pins }
    }
}

impl ServerCertVerifier for PinnedVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verified = self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        )?;
        if self.pins.is_empty() {
            return Ok(verified);
        }
        let presented = std::iter::once(end_entity).chain(intermediates);
        let pinned = presented
            .filter_map(|cert| SpkiPin::of_certificate(cert.as_ref()))
            .any(|pin| self.pins.contains(&pin));
        if pinned {
            return Ok(verified);
        }
        tracing::warn!(
            certificates = 1 + intermediates.len(),
            "TLS: the server's chain is trusted but carries no pinned key; connection refused"
        );
        Err(rustls::Error::InvalidCertificate(CertificateError::Other(
            OtherError(Arc::new(PinMismatch)),
        )))
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }

    fn requires_raw_public_keys(&self) -> bool {
        self.inner.requires_raw_public_keys()
    }

    fn root_hint_subjects(&self) -> Option<&[rustls::DistinguishedName]> {
        self.inner.root_hint_subjects()
    }
}

/// The TLS settings of a pinned client: those of every client (`client::shared_tls_config`:
/// ring, TLS 1.2 and 1.3, ALPN `http/1.1`) with `inner` wrapped in a [`PinnedVerifier`].
pub fn pinned_config(
    inner: Arc<dyn ServerCertVerifier>,
    pins: &[SpkiPin],
) -> Result<rustls::ClientConfig, ApiError> {
    let failed = |_| ApiError::InvalidRequest {
        reason: "the TLS settings could not be built",
    };
    let provider = rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(rustls::ALL_VERSIONS)
        .map_err(failed)?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(PinnedVerifier::new(inner, pins.to_vec())))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(config)
}

/// The platform's verifier, pinned. Reads the system's root store: call it off the runtime.
pub fn platform_pinned_config(pins: &[SpkiPin]) -> Result<rustls::ClientConfig, ApiError> {
    let provider = rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
    let verifier = rustls_platform_verifier::Verifier::new(provider).map_err(|_| {
        ApiError::InvalidRequest {
            reason: "the TLS settings could not be built",
        }
    })?;
    pinned_config(Arc::new(verifier), pins)
}

/// Which TLS settings a client uses: the process's shared ones (no pins), or pinned ones.
#[derive(Clone, Default)]
pub(crate) enum TlsChoice {
    /// `client::shared_tls_config`: the platform verifier alone.
    #[default]
    Shared,
    /// The platform verifier (or `verifier`, in tests), then the pins.
    Pinned {
        /// At least [`MIN_PINS`], or none in a test with its own verifier.
        pins: Vec<SpkiPin>,
        /// `None`: the platform's.
        verifier: Option<Arc<dyn ServerCertVerifier>>,
    },
}

impl TlsChoice {
    /// The choice for `config`: pinned when it has pins (checked: at least two).
    pub(crate) fn for_config(config: &super::ApiConfig) -> Result<Self, ApiError> {
        check_pins(&config.certificate_pins)?;
        Ok(if config.certificate_pins.is_empty() {
            TlsChoice::Shared
        } else {
            TlsChoice::Pinned {
                pins: config.certificate_pins.clone(),
                verifier: None,
            }
        })
    }

    /// `verifier` instead of the platform's, then `pins` (none: the verifier alone).
    #[cfg(test)]
    pub(crate) fn with_verifier(pins: &[SpkiPin], verifier: Arc<dyn ServerCertVerifier>) -> Self {
        TlsChoice::Pinned {
            pins: pins.to_vec(),
            verifier: Some(verifier),
        }
    }

    /// The pinned settings, or `None` for the shared ones. Building the platform verifier reads
    /// the system's root store: on a blocking thread.
    pub(crate) async fn pinned_config(&self) -> Result<Option<rustls::ClientConfig>, ApiError> {
        match self {
            TlsChoice::Shared => Ok(None),
            TlsChoice::Pinned {
                pins,
                verifier: Some(verifier),
            } => pinned_config(verifier.clone(), pins).map(Some),
            TlsChoice::Pinned {
                pins,
                verifier: None,
            } => {
                let pins = pins.clone();
                tokio::task::spawn_blocking(move || platform_pinned_config(&pins))
                    .await
                    .map_err(|_| ApiError::InvalidRequest {
                        reason: "the TLS settings could not be built",
                    })?
                    .map(Some)
            }
        }
    }
}

/// The DER `SubjectPublicKeyInfo` (tag and length included) of an X.509 certificate: the 7th
/// element of `tbsCertificate` counting the optional `[0] version`.
fn spki_of_certificate(der: &[u8]) -> Option<&[u8]> {
    let (certificate, _) = der_element(der, 0x30)?;
    let (tbs, _) = der_element(certificate.content, 0x30)?;
    let mut rest = tbs.content;
    if rest.first() == Some(&0xA0) {
        rest = der_element(rest, 0xA0)?.1;
    }
    // serialNumber, signature, issuer, validity, subject
    for tag in [0x02, 0x30, 0x30, 0x30, 0x30] {
        rest = der_element(rest, tag)?.1;
    }
    der_element(rest, 0x30).map(|(spki, _)| spki.whole)
}

struct DerElement<'a> {
    whole: &'a [u8],
    content: &'a [u8],
}

/// The first DER element of `input` if its tag is `tag`, and what follows it.
fn der_element(input: &[u8], tag: u8) -> Option<(DerElement<'_>, &[u8])> {
    if *input.first()? != tag {
        return None;
    }
    let first = *input.get(1)?;
    let (len, header) = if first < 0x80 {
        (usize::from(first), 2)
    } else {
        let count = usize::from(first & 0x7f);
        if count == 0 || count > 4 {
            return None;
        }
        let len = input
            .get(2..2 + count)?
            .iter()
            .fold(0usize, |len, byte| (len << 8) | usize::from(*byte));
        (len, 2 + count)
    };
    let end = header.checked_add(len)?;
    let whole = input.get(..end)?;
    Some((
        DerElement {
            whole,
            content: &whole[header..],
        },
        &input[end..],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{ApiClient, ApiConfig};
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
    use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    /// A test CA and a certificate for `localhost` and `127.0.0.1` it signed, and the server's key.
    struct TestPki {
        ca: CertificateDer<'static>,
        ca_spki: Vec<u8>,
        leaf: CertificateDer<'static>,
        leaf_spki: Vec<u8>,
        leaf_key: KeyPair,
    }

    fn test_pki() -> TestPki {
        let ca_key = KeyPair::generate().unwrap();
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "SWiP pinning test CA");
        let ca = ca_params.self_signed(&ca_key).unwrap();
        let leaf_key = KeyPair::generate().unwrap();
        let leaf = CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()])
            .unwrap()
            .signed_by(&leaf_key, &ca, &ca_key)
            .unwrap();
        TestPki {
            ca: ca.der().clone(),
            ca_spki: ca_key.public_key_der(),
            leaf: leaf.der().clone(),
            leaf_spki: leaf_key.public_key_der(),
            leaf_key,
        }
    }

    /// A TLS server on localhost presenting `leaf, ca`, answering every request with an empty
    /// JWK Set; answers its port.
    async fn serve(pki: &TestPki) -> u16 {
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![pki.leaf.clone(), pki.ca.clone()],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(pki.leaf_key.serialize_der())),
        )
        .unwrap();
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    let Ok(mut tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    let mut request = Vec::new();
                    let mut buffer = [0u8; 1024];
                    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                        match tls.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => request.extend_from_slice(&buffer[..n]),
                        }
                    }
                    let body = br#"{"keys":[]}"#;
                    let head = format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = tls.write_all(head.as_bytes()).await;
                    let _ = tls.write_all(body).await;
                    let _ = tls.shutdown().await;
                });
            }
        });
        port
    }

    /// The platform verifier trusting the test CA besides the system's roots.
    fn platform_verifier_trusting(ca: &CertificateDer<'static>) -> Arc<dyn ServerCertVerifier> {
        Arc::new(
            rustls_platform_verifier::Verifier::new_with_extra_roots(
                [ca.clone()],
                Arc::new(rustls::crypto::ring::default_provider()),
            )
            .unwrap(),
        )
    }

    fn pin(spki: &[u8]) -> SpkiPin {
        SpkiPin::of_spki(spki)
    }

    fn backup() -> SpkiPin {
        pin(&KeyPair::generate().unwrap().public_key_der())
    }

    async fn fetch(
        port: u16,
        pins: Vec<SpkiPin>,
        verifier: Arc<dyn ServerCertVerifier>,
    ) -> Result<(), crate::api::ApiError> {
        let mut config = ApiConfig::new(format!("https://127.0.0.1:{port}"));
        config.certificate_pins = pins;
        let client = ApiClient::with_verifier(&config, verifier)?;
        client.cryptogram_key().await.map(|_| ())
    }

    #[tokio::test]
    async fn the_right_pin_passes_a_wrong_one_is_refused_and_no_pins_is_as_before() {
        let pki = test_pki();
        let port = serve(&pki).await;
        let trusted = platform_verifier_trusting(&pki.ca);

        // No pins: the verifier alone, as without pinning.
        assert_eq!(fetch(port, vec![], trusted.clone()).await, Ok(()));
        // The server's key pinned, with a backup.
        assert_eq!(
            fetch(port, vec![backup(), pin(&pki.leaf_spki)], trusted.clone()).await,
            Ok(())
        );
        // The CA's key pinned (it is in the presented chain).
        assert_eq!(
            fetch(port, vec![pin(&pki.ca_spki), backup()], trusted.clone()).await,
            Ok(())
        );
        // Neither pin in the chain: refused as a pin failure, not retried.
        let refused = fetch(port, vec![backup(), backup()], trusted.clone()).await;
        assert_eq!(refused, Err(crate::api::ApiError::CertificatePin));
        assert!(!refused.unwrap_err().is_retry_safe(true));
        // The right pin does not make an untrusted chain acceptable: the platform decides first.
        let system_only: Arc<dyn ServerCertVerifier> = Arc::new(
            rustls_platform_verifier::Verifier::new(Arc::new(
                rustls::crypto::ring::default_provider(),
            ))
            .unwrap(),
        );
        assert_eq!(
            fetch(port, vec![pin(&pki.leaf_spki), backup()], system_only).await,
            Err(crate::api::ApiError::Tls)
        );
    }

    #[test]
    fn the_pin_of_a_certificate_is_that_of_its_key() {
        let pki = test_pki();
        assert_eq!(
            SpkiPin::of_certificate(pki.leaf.as_ref()),
            Some(pin(&pki.leaf_spki))
        );
        assert_eq!(
            SpkiPin::of_certificate(pki.ca.as_ref()),
            Some(pin(&pki.ca_spki))
        );
        assert_eq!(SpkiPin::of_certificate(b"not DER"), None);
        assert_eq!(SpkiPin::of_certificate(&pki.leaf.as_ref()[..40]), None);
    }

    #[test]
    fn pins_read_and_print_in_the_usual_form() {
        let text = "sha256/47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
        let pin: SpkiPin = text.parse().unwrap();
        assert_eq!(pin.to_string(), text);
        assert_eq!(
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=".parse::<SpkiPin>(),
            Ok(pin)
        );
        assert_eq!("sha256/AAAA".parse::<SpkiPin>(), Err(BadPin));
        assert_eq!("not base64!".parse::<SpkiPin>(), Err(BadPin));
    }

    #[test]
    fn fewer_than_two_pins_is_a_config_error() {
        let one = pin(b"one");
        let two = pin(b"two");
        assert!(check_pins(&[]).is_ok());
        assert!(check_pins(&[one]).is_err());
        assert!(check_pins(&[one, one]).is_err(), "a pin twice is one pin");
        assert!(check_pins(&[one, two]).is_ok());
        let mut config = ApiConfig::new("https://api.example");
        config.certificate_pins = vec![one];
        assert!(ApiClient::new(&config).is_err());
        config.certificate_pins = vec![one, two];
        assert!(ApiClient::new(&config).is_ok());
        let text = [one.to_string(), two.to_string()];
        assert_eq!(
            ApiConfig::new("https://api.example")
                .with_certificate_pins(&text)
                .unwrap()
                .certificate_pins,
            vec![one, two]
        );
        assert!(
            ApiConfig::new("https://api.example")
                .with_certificate_pins(&text[..1])
                .is_err()
        );
        assert!(
            ApiConfig::new("https://api.example")
                .with_certificate_pins::<&str>(&[])
                .is_err()
        );
        assert!(
            ApiConfig::new("https://api.example")
                .with_certificate_pins(&["x", "y"])
                .is_err()
        );
    }
}
