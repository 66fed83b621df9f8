//! How a raw HTTP answer, or a failure to get one, becomes a typed result or an [`ApiError`].
//!
//! Pure functions over status, headers and bytes, so every mapping is unit-tested without a
//! server.

use std::error::Error as StdError;
use std::time::{Duration, SystemTime};

use reqwest::header::{DATE, HeaderMap, RETRY_AFTER};
use serde::de::DeserializeOwned;
use swip_protocol::{ApiErrorBody, ErrorCode, tolerant};

use super::error::{ApiError, DEFAULT_RETRY_AFTER, TimeoutPhase};

/// Header carrying the PIN attempts left (extension, see `docs/extensions.md`).
pub const ATTEMPTS_LEFT: &str = "X-Attempts-Left";

/// The server's `Date` header, if present and readable.
pub fn server_date(headers: &HeaderMap) -> Option<SystemTime> {
    let value = headers.get(DATE)?.to_str().ok()?;
    httpdate::parse_http_date(value).ok()
}

/// `Retry-After` as a delay: either whole seconds, or an HTTP date measured against the response's
/// own `Date` (the server's clock, never the device's). `None` when absent or unreadable.
pub fn parse_retry_after(value: &str, response_date: Option<SystemTime>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    let now = response_date?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The error code an HTTP status implies, per the contract's status table, for an error answer
/// that carried no error object.
pub fn code_for_status(status: u16) -> ErrorCode {
    match status {
        401 => ErrorCode::AuthenticationError,
        403 => ErrorCode::AccessDenied,
        404 => ErrorCode::NotFound,
        405 => ErrorCode::MethodNotSupported,
        429 => ErrorCode::RequestLimitExceeded,
        500 => ErrorCode::InternalServerError,
        _ => ErrorCode::Unknown(0),
    }
}

/// The error for a non-2xx answer. The body is read as the contract's error object; a body that
/// is not one (a proxy's HTML page, nothing at all) leaves the status to speak, with the code it
/// implies.
pub fn error_from_response(status: u16, headers: &HeaderMap, body: &[u8]) -> ApiError {
    let date = server_date(headers);
    let retry_after = headers
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_retry_after(v, date));
    let attempts_left = headers
        .get(ATTEMPTS_LEFT)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u32>().ok());
    // The error object is read as far as it goes (`fieldErrors: null`, `code: "14"`, no
    // description); without a code of its own, the status speaks.
    let (code, description, field_errors) = match serde_json::from_slice::<ApiErrorBody>(body) {
        Ok(object) => (
            object
                .sent_code()
                .unwrap_or_else(|| code_for_status(status)),
            object.description,
            object.field_errors,
        ),
        Err(_) => (code_for_status(status), String::new(), Vec::new()),
    };
    if status == 429 || code == ErrorCode::RequestLimitExceeded {
        return ApiError::RateLimited {
            retry_after: retry_after.unwrap_or(DEFAULT_RETRY_AFTER),
            status,
            code,
            description,
        };
    }
    ApiError::Server {
        status,
        code,
        description,
        field_errors,
        retry_after,
        attempts_left,
    }
}

/// Reads a 2xx body of `endpoint` (`"GET /payment-cards"`) as `T`, tolerantly
/// ([`swip_protocol::tolerant`]). A failure names the endpoint, the field's path and the kind of
/// problem, never the text: serde's own messages quote the offending value, which could be a token.
pub fn decode_body<T: DeserializeOwned>(
    endpoint: &str,
    status: u16,
    body: &[u8],
) -> Result<T, ApiError> {
    tolerant::decode(body).map_err(|failure| ApiError::Decode {
        status,
        endpoint: endpoint.to_owned(),
        field: failure.field,
        problem: format!(
            "{} at line {}, column {}",
            failure.problem, failure.line, failure.column
        ),
    })
}

/// The error for a request that got no answer, from reqwest's error. Only the error's kind is
/// looked at: its text (which holds the URL) is not kept.
pub fn error_from_transport(err: &reqwest::Error) -> ApiError {
    if err.is_builder() {
        return ApiError::InvalidRequest {
            reason: "the request could not be built",
        };
    }
    if let Some(tls_error) = tls_failure(err) {
        return if super::tls::is_pin_mismatch(tls_error) {
            ApiError::CertificatePin
        } else {
            ApiError::Tls
        };
    }
    if err.is_connect() {
        return if err.is_timeout() {
            ApiError::Timeout {
                phase: TimeoutPhase::Connect,
            }
        } else {
            ApiError::Offline
        };
    }
    if err.is_timeout() {
        return ApiError::Timeout {
            phase: TimeoutPhase::Response,
        };
    }
    ApiError::ConnectionLost
}

/// The rustls error anywhere in the chain. `io::Error` hides its inner error from `source()`, so
/// each one is opened with `get_ref()` as well.
fn tls_failure<'a>(err: &'a (dyn StdError + 'static)) -> Option<&'a rustls::Error> {
    let mut current: Option<&(dyn StdError + 'static)> = Some(err);
    while let Some(e) = current {
        if let Some(tls) = e.downcast_ref::<rustls::Error>() {
            return Some(tls);
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && let Some(inner) = io.get_ref()
            && let Some(tls) = tls_failure(inner)
        {
            return Some(tls);
        }
        current = e.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;
    use swip_protocol::FieldError;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    fn body(code: u32, fields: &[(&str, &str)]) -> Vec<u8> {
        let object = ApiErrorBody {
            code,
            description: ErrorCode::from_u32(code).name().to_owned(),
            field_errors: fields
                .iter()
                .map(|(field, message)| FieldError {
                    field: (*field).to_owned(),
                    message: (*message).to_owned(),
                    object_name: "request".to_owned(),
                })
                .collect(),
        };
        serde_json::to_vec(&object).unwrap()
    }

    #[test]
    fn every_code_maps_to_its_named_variant() {
        for code in ErrorCode::ALL {
            let status = if *code == ErrorCode::InternalServerError {
                500
            } else {
                400
            };
            let err = error_from_response(status, &HeaderMap::new(), &body(code.as_u32(), &[]));
            assert_eq!(err.code(), Some(*code), "{code}");
            assert!(!matches!(err.code(), Some(ErrorCode::Unknown(_))));
            if *code == ErrorCode::RequestLimitExceeded {
                assert!(matches!(err, ApiError::RateLimited { .. }), "{err:?}");
            } else {
                assert!(matches!(err, ApiError::Server { .. }), "{err:?}");
            }
        }
        let unknown = error_from_response(400, &HeaderMap::new(), &body(77, &[]));
        assert_eq!(unknown.code(), Some(ErrorCode::Unknown(77)));
    }

    #[test]
    fn every_documented_status_maps() {
        let cases = [
            (400, 5, ErrorCode::ValidationFailed),
            (400, 14, ErrorCode::DoesntMatch),
            (401, 2, ErrorCode::AuthenticationError),
            (401, 16, ErrorCode::TokenExpired),
            (401, 17, ErrorCode::JwtTokenError),
            (401, 14, ErrorCode::DoesntMatch),
            (403, 4, ErrorCode::AccessDenied),
            (404, 9, ErrorCode::NotFound),
            (405, 7, ErrorCode::MethodNotSupported),
            (500, 1, ErrorCode::InternalServerError),
        ];
        for (status, code, expected) in cases {
            let err = error_from_response(status, &HeaderMap::new(), &body(code, &[]));
            assert_eq!(err.status(), Some(status));
            assert_eq!(err.code(), Some(expected));
        }
    }

    #[test]
    fn an_error_without_an_error_object_takes_the_code_its_status_implies() {
        for (status, code) in [
            (401, Some(ErrorCode::AuthenticationError)),
            (403, Some(ErrorCode::AccessDenied)),
            (404, Some(ErrorCode::NotFound)),
            (405, Some(ErrorCode::MethodNotSupported)),
            (500, Some(ErrorCode::InternalServerError)),
            (502, None),
            (400, None),
        ] {
            let err = error_from_response(status, &HeaderMap::new(), b"<html>Bad gateway</html>");
            assert_eq!(err.code(), code, "{status}");
            let text = err.to_string();
            assert!(!text.contains("html"), "{text}");
            assert!(!text.contains("UNKNOWN"), "{text}");
        }
        let err = error_from_response(429, &HeaderMap::new(), b"");
        assert_eq!(err.retry_after(), Some(DEFAULT_RETRY_AFTER));
    }

    #[test]
    fn spring_style_and_sparse_error_objects_keep_their_code() {
        for (status, raw, code) in [
            (
                400,
                r#"{"code":14,"description":"Sms code doesn't match","fieldErrors":null}"#,
                ErrorCode::DoesntMatch,
            ),
            (
                400,
                r#"{"code":"14","description":null}"#,
                ErrorCode::DoesntMatch,
            ),
            (401, r#"{"code":14}"#, ErrorCode::DoesntMatch),
            (404, r#"{"code":9,"fieldErrors":[]}"#, ErrorCode::NotFound),
            (
                400,
                r#"{"code":5,"description":"VALIDATION FAILED","fieldErrors":[null,{"field":"phone","message":null,"objectName":null}],"timestamp":1}"#,
                ErrorCode::ValidationFailed,
            ),
            // Spring's own error page carries no SWiP code: the status speaks.
            (
                401,
                r#"{"timestamp":"2026-12-01T00:00:00Z","status":401,"error":"Unauthorized","path":"/auth"}"#,
                ErrorCode::AuthenticationError,
            ),
        ] {
            let err = error_from_response(status, &HeaderMap::new(), raw.as_bytes());
            assert_eq!(err.code(), Some(code), "{raw}");
            assert!(!err.to_string().contains("UNKNOWN"), "{err}");
        }
        let err = error_from_response(
            400,
            &HeaderMap::new(),
            br#"{"code":5,"fieldErrors":[null,{"field":"phone"}]}"#,
        );
        assert_eq!(err.field_errors().len(), 1);
        assert!(err.to_string().contains("[fields: phone]"), "{err}");
        let wrong_pin = error_from_response(
            401,
            &headers(&[("x-attempts-left", "2")]),
            br#"{"code":"14","description":"PIN mismatch","fieldErrors":null}"#,
        );
        assert!(wrong_pin.is_wrong_pin());
        assert_eq!(wrong_pin.attempts_left(), Some(2));
    }

    #[test]
    fn an_unreadable_answer_names_endpoint_and_field_and_is_never_retried() {
        let body = br#"[{"id":null,"cardNumber":"**** 2009","bankName":null}]"#;
        let err =
            decode_body::<Vec<swip_protocol::cards::PaymentCard>>("GET /payment-cards", 200, body)
                .unwrap_err();
        let ApiError::Decode {
            endpoint, field, ..
        } = &err
        else {
            panic!("{err:?}")
        };
        assert_eq!(endpoint, "GET /payment-cards");
        assert_eq!(field, "[0].id");
        assert!(!err.to_string().contains("2009"), "{err}");
        assert!(!err.is_retry_safe(true) && !err.is_retry_safe(false));
        // With the id, the same nulls are read as defaults.
        let cards: Vec<swip_protocol::cards::PaymentCard> = decode_body(
            "GET /payment-cards",
            200,
            br#"[{"id":"c1","cardNumber":"**** 2009","bankName":null,"paymentSystem":null}]"#,
        )
        .unwrap();
        assert_eq!(cards[0].bank_name, "");
    }

    #[test]
    fn too_many_requests_carries_the_delay() {
        let err = error_from_response(429, &headers(&[("retry-after", "42")]), &body(22, &[]));
        assert_eq!(
            err,
            ApiError::RateLimited {
                retry_after: Duration::from_secs(42),
                status: 429,
                code: ErrorCode::RequestLimitExceeded,
                description: "REQUEST LIMIT EXCEEDED".into(),
            }
        );
        assert!(err.is_retry_safe(false));
        // Code 22 under another status is rate limiting too.
        let err = error_from_response(400, &headers(&[("retry-after", "7")]), &body(22, &[]));
        assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
        assert!(matches!(err, ApiError::RateLimited { .. }));
    }

    #[test]
    fn retry_after_reads_seconds_and_dates_on_the_server_clock() {
        assert_eq!(
            parse_retry_after(" 120 ", None),
            Some(Duration::from_secs(120))
        );
        let now = httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", Some(now)),
            Some(Duration::from_secs(30))
        );
        // A date in the past means "now"; a date without the server's Date cannot be measured.
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:00:00 GMT", Some(now)),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:50:07 GMT", None),
            None
        );
        assert_eq!(parse_retry_after("soon", Some(now)), None);
        assert_eq!(parse_retry_after("-5", Some(now)), None);
    }

    #[test]
    fn attempts_left_and_pin_states() {
        let wrong = error_from_response(401, &headers(&[("x-attempts-left", "3")]), &body(14, &[]));
        assert_eq!(wrong.attempts_left(), Some(3));
        assert!(wrong.is_wrong_pin());
        assert!(
            !wrong.is_token_rejected(),
            "a wrong PIN is not a token problem"
        );
        let locked = error_from_response(403, &headers(&[("x-attempts-left", "0")]), &body(4, &[]));
        assert!(locked.is_pin_locked());
        let garbage = error_from_response(
            401,
            &headers(&[("x-attempts-left", "many")]),
            &body(14, &[]),
        );
        assert_eq!(garbage.attempts_left(), None);
    }

    #[test]
    fn token_rejection_is_recognised() {
        for code in [2, 16, 17] {
            assert!(
                error_from_response(401, &HeaderMap::new(), &body(code, &[])).is_token_rejected()
            );
        }
        assert!(error_from_response(400, &HeaderMap::new(), &body(16, &[])).is_token_rejected());
        assert!(!error_from_response(403, &HeaderMap::new(), &body(4, &[])).is_token_rejected());
    }

    #[test]
    fn field_errors_are_kept_and_display_names_only_the_fields() {
        let err = error_from_response(
            400,
            &HeaderMap::new(),
            &body(
                5,
                &[
                    ("cryptogram", "key_version_unknown"),
                    ("holder", "must be latin"),
                ],
            ),
        );
        assert_eq!(err.field_errors().len(), 2);
        assert_eq!(err.field_message("cryptogram"), Some("key_version_unknown"));
        let text = err.to_string();
        assert!(text.contains("HTTP 400"), "{text}");
        assert!(text.contains("VALIDATION FAILED (5)"), "{text}");
        assert!(text.contains("cryptogram, holder"), "{text}");
        assert!(!text.contains("must be latin"), "{text}");
    }

    #[test]
    fn decode_errors_never_quote_the_body() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Expect {
            count: u64,
        }
        let secret = "eyJhbGciOiJIUzI1NiJ9.secret-token";
        let body = format!(r#"{{"count":"{secret}"}}"#);
        let err = decode_body::<Expect>("GET /test", 200, body.as_bytes()).unwrap_err();
        let text = err.to_string();
        assert!(!text.contains(secret), "{text}");
        assert!(!format!("{err:?}").contains(secret));
        assert!(text.contains("of the wrong type"), "{text}");
        assert!(
            text.contains("GET /test") && text.contains("`count`"),
            "{text}"
        );
        let err = decode_body::<Expect>("GET /test", 200, b"{\"count\": 1").unwrap_err();
        assert!(err.to_string().contains("cut short"));
        let err = decode_body::<Expect>("GET /test", 200, b"\xff\xfe").unwrap_err();
        assert!(matches!(err, ApiError::Decode { status: 200, .. }));
    }

    #[test]
    fn unknown_fields_are_ignored() {
        let status: swip_protocol::deferred::DeferredStatusResponse = decode_body(
            "GET /deferred-results/{id}/status",
            200,
            br#"{"status":"SUCCESS","errorCode":"","errorMessage":"","extra":[1,2]}"#,
        )
        .unwrap();
        assert!(status.status.is_final());
    }

    #[test]
    fn retry_safety_follows_whether_the_server_may_have_acted() {
        let connect = ApiError::Timeout {
            phase: TimeoutPhase::Connect,
        };
        let response = ApiError::Timeout {
            phase: TimeoutPhase::Response,
        };
        assert!(ApiError::Offline.is_retry_safe(false));
        assert!(connect.is_retry_safe(false));
        assert!(!response.is_retry_safe(false));
        assert!(response.is_retry_safe(true));
        assert!(!ApiError::ConnectionLost.is_retry_safe(false));
        assert!(ApiError::ConnectionLost.is_retry_safe(true));
        assert!(!ApiError::Tls.is_retry_safe(true));
        assert!(!ApiError::CertificatePin.is_retry_safe(true));
        let unavailable = error_from_response(503, &headers(&[("retry-after", "3")]), b"");
        assert!(unavailable.is_retry_safe(false));
        assert_eq!(unavailable.retry_after(), Some(Duration::from_secs(3)));
        let internal = error_from_response(500, &HeaderMap::new(), &body(1, &[]));
        assert!(!internal.is_retry_safe(false));
        assert!(internal.is_retry_safe(true));
        let validation = error_from_response(400, &HeaderMap::new(), &body(5, &[]));
        assert!(!validation.is_retry_safe(true));
        let in_progress = error_from_response(400, &HeaderMap::new(), &body(25, &[]));
        assert!(in_progress.is_retry_safe(true));
        assert!(!in_progress.is_retry_safe(false));
    }

    #[test]
    fn the_server_date_is_read() {
        let map = headers(&[("date", "Sun, 06 Nov 1994 08:49:37 GMT")]);
        assert_eq!(
            server_date(&map),
            httpdate::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").ok()
        );
        assert_eq!(server_date(&headers(&[("date", "yesterday")])), None);
    }

    fn decode_everything(body: &[u8]) {
        use swip_protocol::{auth, cards, cryptogram, deferred, orders};
        let _ = decode_body::<auth::TokenResponse>("GET /x", 200, body);
        let _ = decode_body::<auth::AuthResponse>("GET /x", 200, body);
        let _ = decode_body::<auth::VerificationResponse>("GET /x", 200, body);
        let _ = decode_body::<Vec<cards::PaymentCard>>("GET /x", 200, body);
        let _ = decode_body::<deferred::DeferredResponse>("GET /x", 200, body);
        let _ = decode_body::<deferred::DeferredStatusResponse>("GET /x", 200, body);
        let _ = decode_body::<deferred::ThreeDsPage>("GET /x", 200, body);
        let _ = decode_body::<orders::Order>("GET /x", 200, body);
        let _ = decode_body::<cryptogram::CryptogramKeyResponse>("GET /x", 200, body);
    }

    proptest::proptest! {
        #[test]
        fn no_body_makes_decoding_panic(
            bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..256),
            jsonish in "[\\[\\]{}\",:0-9a-zA-Z .eE+-]{0,160}",
            status in 100u16..600,
            retry_after in "[0-9a-zA-Z ,:-]{0,40}",
        ) {
            decode_everything(&bytes);
            decode_everything(jsonish.as_bytes());
            let headers = match HeaderValue::from_str(&retry_after) {
                Ok(value) => {
                    let mut map = HeaderMap::new();
                    map.insert(RETRY_AFTER, value.clone());
                    map.insert(ATTEMPTS_LEFT, value.clone());
                    map.insert(DATE, value);
                    map
                }
                Err(_) => HeaderMap::new(),
            };
            let error = error_from_response(status, &headers, &bytes);
            proptest::prop_assert_eq!(error.status(), Some(status));
            let error = error_from_response(status, &headers, jsonish.as_bytes());
            proptest::prop_assert_eq!(error.status(), Some(status));
        }
    }
}
