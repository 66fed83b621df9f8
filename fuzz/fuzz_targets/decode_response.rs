//! Any answer a server (or a proxy, or an attacker on the path) could send: status, the headers the
//! client reads (`Retry-After`, `X-Attempts-Left`, `Date`) and the body, decoded as every response
//! type of the contract (the three APIs) and as an error. Never a panic; a decode error never
//! quotes the body and is never retry-safe (the same bytes would come back).

#![no_main]

use libfuzzer_sys::fuzz_target;
use reqwest::header::{DATE, HeaderMap, HeaderValue, RETRY_AFTER};
use swip_core::api::ATTEMPTS_LEFT;
use swip_core::api::fuzzing::{decode_body, error_from_response};
use swip_protocol::{auth, cards, cryptogram, deferred, merchant, orders, pos};

/// A marker that must never come out of a decode error's text.
const MARK: &str = "SECRETMARK";

fn check<T: serde::de::DeserializeOwned>(status: u16, body: &[u8]) {
    if let Err(error) = decode_body::<T>("GET /fuzz", status, body) {
        let text = format!("{error} {error:?}");
        assert!(
            !text.contains(MARK),
            "a decode error quoted the body: {text}"
        );
        assert_eq!(error.status(), Some(status));
        assert!(
            !error.is_retry_safe(true),
            "a decode error is never retried"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let status = 100 + u16::from_le_bytes([data[0], data[1]]) % 500;
    let split = 3 + (data[2] as usize % 48).min(data.len() - 3);
    let (header_bytes, body) = data[3..].split_at(split - 3);
    let mut headers = HeaderMap::new();
    if let Ok(value) = HeaderValue::from_bytes(header_bytes) {
        headers.insert(RETRY_AFTER, value.clone());
        headers.insert(ATTEMPTS_LEFT, value.clone());
        headers.insert(DATE, value);
    }
    check::<auth::TokenResponse>(status, body);
    check::<auth::AuthResponse>(status, body);
    check::<auth::VerificationResponse>(status, body);
    check::<Vec<cards::PaymentCard>>(status, body);
    check::<deferred::DeferredResponse>(status, body);
    check::<deferred::DeferredStatusResponse>(status, body);
    check::<deferred::ThreeDsPage>(status, body);
    check::<orders::Order>(status, body);
    check::<cryptogram::CryptogramKeyResponse>(status, body);
    check::<pos::PosOrder>(status, body);
    check::<pos::PosOrderStatusResponse>(status, body);
    check::<pos::PosRefundResponse>(status, body);
    check::<pos::PosCancelPaymentResponse>(status, body);
    check::<merchant::MerchantSignupResponse>(status, body);
    check::<merchant::MerchantAuthResponse>(status, body);
    check::<Vec<merchant::LegalEntity>>(status, body);
    check::<Vec<merchant::MerchantStore>>(status, body);
    let error = error_from_response(status, &headers, body);
    assert_eq!(error.status(), Some(status));
    let _ = (
        error.to_string(),
        error.retry_after(),
        error.attempts_left(),
        error.is_retry_safe(true),
    );
});
