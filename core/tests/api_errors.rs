//! Every error the sandbox produces, through the client, maps to its [`ApiError`] variant: the
//! contract's statuses and codes, 429 with `Retry-After`, the PIN attempt header, cryptogram
//! refusals, and transport failures injected with fault rules (500, 503, 429, dropped connections,
//! latency past the timeout), plus offline and TLS.

mod api_support;

use std::sync::Arc;
use std::time::Duration;

use api_support::{HOLDER, PIN, World, phone};
use swip_core::api::{ApiError, IdempotencyKey, TimeoutPhase};
use swip_core::cryptogram::{CardSealer, is_key_version_unknown};
use swip_protocol::auth::{AuthRequest, SignupRequest, VerificationRequest};
use swip_protocol::cards::BindCardRequest;
use swip_protocol::deferred::DeferredStatus;
use swip_protocol::orders::{CreateOrderRequest, PayOrderRequest, PurchaseRequest};
use swip_protocol::{ErrorCode, Quantity, SecretString};
use swip_sandbox::control::{CardBehavior, DropPoint, FaultRule};

fn assert_server(error: &ApiError, status: u16, code: ErrorCode) {
    match error {
        ApiError::Server {
            status: s, code: c, ..
        } => {
            assert_eq!((*s, *c), (status, code), "{error:?}");
        }
        other => panic!("expected HTTP {status} {code}, got {other:?}"),
    }
}

fn login_request(world: &World, phone: &str, pin: &str) -> AuthRequest {
    AuthRequest {
        device_id: world.vault.device_id().unwrap(),
        password: pin.into(),
        username: phone.to_owned(),
    }
}

/// A 4-digit code that is not `code`.
fn other_code(code: &SecretString) -> SecretString {
    let n: u32 = code.expose().parse().unwrap();
    SecretString::new(format!("{:04}", (n + 1) % 10_000))
}

#[tokio::test]
async fn signup_errors() {
    let world = World::start().await;
    let api = &world.api;

    // 400 code 5, naming the field.
    let error = api
        .signup(&SignupRequest {
            phone: "123".into(),
        })
        .await
        .unwrap_err();
    assert_server(&error, 400, ErrorCode::ValidationFailed);
    assert_eq!(error.field_errors()[0].field, "phone");
    assert!(!error.is_retry_safe(true));

    // 429 code 22 with Retry-After: one SMS a minute.
    let phone = phone(10);
    let signup_token = world.signup(&phone).await;
    let error = api
        .signup(&SignupRequest {
            phone: phone.clone(),
        })
        .await
        .unwrap_err();
    let ApiError::RateLimited {
        retry_after,
        status: 429,
        code: ErrorCode::RequestLimitExceeded,
        ..
    } = error
    else {
        panic!("rate limited expected, got {error:?}");
    };
    assert!(
        retry_after > Duration::ZERO && retry_after <= Duration::from_secs(60),
        "{retry_after:?}"
    );
    assert!(error.is_retry_safe(false));
    let error = api.resend_sms(&signup_token).await.unwrap_err();
    assert!(matches!(error, ApiError::RateLimited { .. }), "{error:?}");

    // 400 code 14: a wrong SMS code.
    let wrong = other_code(&world.sms_code(&phone));
    let error = api
        .verify_code(&signup_token, &VerificationRequest { code: wrong })
        .await
        .unwrap_err();
    assert_server(&error, 400, ErrorCode::DoesntMatch);
    assert!(!error.is_token_rejected());

    // 400 code 12: the code expired (5 minutes).
    world.sandbox.advance_clock(301);
    let code = world.sms_code(&phone);
    let error = api
        .verify_code(&signup_token, &VerificationRequest { code })
        .await
        .unwrap_err();
    assert_server(&error, 400, ErrorCode::SmsCodeExpired);
}

#[tokio::test]
async fn token_errors() {
    let world = World::start().await;
    let api = &world.api;
    let phone = phone(11);
    let tokens = world.register(&phone).await.body;

    // 401 code 2: no token.
    let error = api.list_cards(&SecretString::default()).await.unwrap_err();
    assert_server(&error, 401, ErrorCode::AuthenticationError);
    // 401 code 17: not a token of this server.
    let error = api.list_cards(&"not.a.jwt".into()).await.unwrap_err();
    assert_server(&error, 401, ErrorCode::JwtTokenError);
    assert!(error.is_token_rejected());
    // 403 code 4: a token of another scope.
    let signup_token = {
        world.sandbox.advance_clock(61);
        world.signup(&phone).await
    };
    let error = api.list_cards(&signup_token).await.unwrap_err();
    assert_server(&error, 403, ErrorCode::AccessDenied);
    assert!(!error.is_token_rejected());
    let error = api.refresh(&tokens.token).await.unwrap_err();
    assert_server(&error, 403, ErrorCode::AccessDenied);
    // 401 code 16: expired.
    world.sandbox.advance_clock(3700);
    let error = api.list_cards(&tokens.token).await.unwrap_err();
    assert_server(&error, 401, ErrorCode::TokenExpired);
    assert!(error.is_token_rejected());
    // An invalid header value never leaves the client.
    let error = api.list_cards(&"line\nbreak".into()).await.unwrap_err();
    assert!(
        matches!(error, ApiError::InvalidRequest { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn wrong_pins_count_down_then_lock() {
    let world = World::start().await;
    let phone = phone(12);
    world.register(&phone).await;
    for left in (1..=4).rev() {
        let error = world
            .api
            .login(&login_request(&world, &phone, "0000"))
            .await
            .unwrap_err();
        assert_server(&error, 401, ErrorCode::DoesntMatch);
        assert!(error.is_wrong_pin());
        assert_eq!(error.attempts_left(), Some(left));
    }
    let error = world
        .api
        .login(&login_request(&world, &phone, "0000"))
        .await
        .unwrap_err();
    assert!(
        error.is_pin_locked() || error.attempts_left() == Some(0),
        "{error:?}"
    );
    // Even the right PIN is refused now.
    let error = world
        .api
        .login(&login_request(&world, &phone, PIN))
        .await
        .unwrap_err();
    assert_server(&error, 403, ErrorCode::AccessDenied);
    assert!(error.is_pin_locked());
    assert!(!error.to_string().contains(PIN));
}

#[tokio::test]
async fn card_and_order_errors() {
    let world = World::start().await;
    let session = world.session(&phone(13)).await;
    let token = world.vault.tokens().unwrap().unwrap().token;
    let api = &world.api;
    let sealer = CardSealer::new(api.clone(), Arc::new(session.clone()));
    let card = world.sandbox.test_card(CardBehavior::Success);
    let input = world.card_input(&card);
    let bind = |cryptogram: SecretString| BindCardRequest {
        add_as_default: true,
        holder: HOLDER.into(),
        cryptogram,
    };

    // 404 code 9.
    let error = api
        .deferred_status(&token, "no-such-deferred")
        .await
        .unwrap_err();
    assert_server(&error, 404, ErrorCode::NotFound);

    // Bind once, then: the same cryptogram again is a replay; the same card again a duplicate.
    let sealed = sealer.seal(&input).await.unwrap();
    let first = api
        .bind_card(
            &token,
            &bind(sealed.cryptogram.clone()),
            &IdempotencyKey::generate().unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(
        world.settle(&token, &first.body.deferred_id).await.status,
        DeferredStatus::Success
    );
    let error = api
        .bind_card(
            &token,
            &bind(sealed.cryptogram),
            &IdempotencyKey::generate().unwrap(),
        )
        .await
        .unwrap_err();
    assert_server(&error, 400, ErrorCode::ValidationFailed);
    assert_eq!(error.field_message("cryptogram"), Some("replayed"));
    let again = sealer.seal(&input).await.unwrap();
    let error = api
        .bind_card(
            &token,
            &bind(again.cryptogram),
            &IdempotencyKey::generate().unwrap(),
        )
        .await
        .unwrap_err();
    assert_server(&error, 400, ErrorCode::Duplicate);

    // A cryptogram stamped by a device clock 20 minutes slow is stale.
    struct SlowClock(std::time::SystemTime);
    impl swip_core::cryptogram::Clock for SlowClock {
        fn now(&self) -> std::time::SystemTime {
            self.0
        }
    }
    let slow = swip_core::session::from_unix_ms(world.sandbox.now_ms() - 20 * 60 * 1000);
    let other = world.sandbox.test_card(CardBehavior::ThreeDs);
    let stale = CardSealer::new(api.clone(), Arc::new(SlowClock(slow)))
        .seal(&world.card_input(&other))
        .await
        .unwrap();
    let error = api
        .bind_card(
            &token,
            &bind(stale.cryptogram),
            &IdempotencyKey::generate().unwrap(),
        )
        .await
        .unwrap_err();
    assert_eq!(error.field_message("cryptogram"), Some("stale"));

    // A cryptogram for a retired key version.
    let old_key = sealer.seal(&world.card_input(&other)).await.unwrap();
    world.sandbox.rotate_cryptogram_key();
    let error = api
        .bind_card(
            &token,
            &bind(old_key.cryptogram),
            &IdempotencyKey::generate().unwrap(),
        )
        .await
        .unwrap_err();
    assert!(is_key_version_unknown(&error), "{error:?}");

    // Paying an order twice: in progress (25), then already paid (30).
    let catalog = world.sandbox.catalog();
    let merchant = &catalog.merchants[0];
    let order = api
        .create_order(
            &token,
            &CreateOrderRequest {
                merchant_id: merchant.merchant_id.clone(),
                merchant_store_id: merchant.stores[0].merchant_store_id.clone(),
                purchases: vec![PurchaseRequest {
                    product_id: merchant.products[0].product_id.clone(),
                    quantity: Quantity(1.0),
                }],
            },
        )
        .await
        .unwrap()
        .body;
    let card_id = api.list_cards(&token).await.unwrap().body[0].id.clone();
    let pay = PayOrderRequest {
        email: "ivan@example.com".into(),
        payment_card_id: card_id,
    };
    let payment = api
        .pay_order(
            &token,
            &order.id,
            &pay,
            &IdempotencyKey::generate().unwrap(),
        )
        .await
        .unwrap();
    let error = api
        .pay_order(
            &token,
            &order.id,
            &pay,
            &IdempotencyKey::generate().unwrap(),
        )
        .await
        .unwrap_err();
    assert_server(&error, 400, ErrorCode::OperationInProgress);
    assert!(error.is_retry_safe(true) && !error.is_retry_safe(false));
    assert_eq!(
        world.settle(&token, &payment.body.deferred_id).await.status,
        DeferredStatus::Success
    );
    let error = api
        .pay_order(
            &token,
            &order.id,
            &pay,
            &IdempotencyKey::generate().unwrap(),
        )
        .await
        .unwrap_err();
    assert_server(&error, 400, ErrorCode::OrderAlreadyConfirmed);
    assert_eq!(world.sandbox.charges().len(), 1);
}

#[tokio::test]
async fn injected_statuses_map_to_their_variants() {
    let world = World::start().await;
    let api = &world.api;

    world
        .sandbox
        .add_fault(FaultRule::new("GET", "/ext/cryptogram-key").with_status(500, None));
    let error = api.cryptogram_key().await.unwrap_err();
    assert_server(&error, 500, ErrorCode::InternalServerError);
    assert!(error.is_retry_safe(true), "a GET may be repeated");
    assert!(!error.is_retry_safe(false), "a plain POST may not");

    world.sandbox.add_fault(
        FaultRule::new("GET", "/ext/cryptogram-key")
            .with_status(503, None)
            .with_retry_after(7),
    );
    let error = api.cryptogram_key().await.unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
    assert!(error.is_retry_safe(false));

    world.sandbox.add_fault(
        FaultRule::new("POST", "/v2/signups")
            .with_status(429, None)
            .with_retry_after(3),
    );
    let error = api
        .signup(&SignupRequest { phone: phone(14) })
        .await
        .unwrap_err();
    assert!(
        matches!(
            &error,
            ApiError::RateLimited { retry_after, status: 429, code: ErrorCode::RequestLimitExceeded, .. }
                if *retry_after == Duration::from_secs(3)
        ),
        "{error:?}"
    );

    // Every numeric code the sandbox can be made to answer comes back as its named code.
    for code in ErrorCode::ALL {
        world.sandbox.add_fault(
            FaultRule::new("GET", "/ext/cryptogram-key").with_status(400, Some(code.as_u32())),
        );
        let error = api.cryptogram_key().await.unwrap_err();
        assert_eq!(error.code(), Some(*code));
        assert_eq!(error.status(), Some(400));
    }
    assert!(api.cryptogram_key().await.is_ok(), "faults are used up");
}

#[tokio::test]
async fn dropped_connections_and_idempotent_retries() {
    let world = World::start().await;
    let session = world.session(&phone(15)).await;
    let token = world.vault.tokens().unwrap().unwrap().token;
    let api = &world.api;

    // Dropped before the sandbox did anything.
    world
        .sandbox
        .add_fault(FaultRule::new("GET", "/payment-cards").with_drop(DropPoint::BeforeCommit));
    let error = api.list_cards(&token).await.unwrap_err();
    assert_eq!(error, ApiError::ConnectionLost);
    assert!(error.is_retry_safe(true));
    assert!(api.list_cards(&token).await.unwrap().body.is_empty());

    // Dropped after the binding was committed: not safe to repeat without the key...
    let sealer = CardSealer::new(api.clone(), Arc::new(session.clone()));
    let card = world.sandbox.test_card(CardBehavior::Success);
    let sealed = sealer.seal(&world.card_input(&card)).await.unwrap();
    let request = BindCardRequest {
        add_as_default: true,
        holder: HOLDER.into(),
        cryptogram: sealed.cryptogram,
    };
    let key = IdempotencyKey::generate().unwrap();
    world
        .sandbox
        .add_fault(FaultRule::new("POST", "/payment-cards").with_drop(DropPoint::AfterCommit));
    let error = api.bind_card(&token, &request, &key).await.unwrap_err();
    assert_eq!(error, ApiError::ConnectionLost);
    assert!(!error.is_retry_safe(false));
    assert!(error.is_retry_safe(true));
    // ...and safe with it: the same key answers the first binding, which happened once.
    let retried = api.bind_card(&token, &request, &key).await.unwrap();
    assert_eq!(
        world.settle(&token, &retried.body.deferred_id).await.status,
        DeferredStatus::Success
    );
    assert_eq!(api.list_cards(&token).await.unwrap().body.len(), 1);
    let binds = world
        .sandbox
        .journal()
        .iter()
        .filter(|e| e.path == "/payment-cards" && e.method == "POST")
        .count();
    assert_eq!(binds, 2);
}

#[tokio::test]
async fn a_slow_answer_times_out_after_sending() {
    let world = World::start().await;
    let impatient = world.client(|config| config.request_timeout = Duration::from_millis(300));
    world
        .sandbox
        .add_fault(FaultRule::new("GET", "/ext/cryptogram-key").with_latency_ms(5_000));
    let error = impatient.cryptogram_key().await.unwrap_err();
    assert_eq!(
        error,
        ApiError::Timeout {
            phase: TimeoutPhase::Response
        }
    );
    assert!(error.is_retry_safe(true) && !error.is_retry_safe(false));
}

#[tokio::test]
async fn no_server_is_offline_and_plain_http_under_tls_is_a_tls_failure() {
    let world = World::start().await;
    let closed_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let offline =
        world.client(|config| config.base_url = format!("http://127.0.0.1:{closed_port}"));
    let error = offline.cryptogram_key().await.unwrap_err();
    assert_eq!(error, ApiError::Offline);
    assert!(error.is_retry_safe(false));

    let tls =
        world.client(|config| config.base_url = world.sandbox.url().replace("http://", "https://"));
    let error = tls.cryptogram_key().await.unwrap_err();
    assert_eq!(error, ApiError::Tls);
    assert!(!error.is_retry_safe(true));
}
