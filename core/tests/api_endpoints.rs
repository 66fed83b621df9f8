//! Every endpoint of the in-app API through [`ApiClient`], against an in-process sandbox over
//! real HTTP on loopback.

mod api_support;

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use api_support::{HOLDER, PIN, World, phone};
use swip_core::api::{ApiResponse, IdempotencyKey};
use swip_core::cryptogram::CardSealer;
use swip_core::session::Session;
use swip_core::store::{MemoryStore, Vault};
use swip_protocol::auth::{AuthRequest, DeviceSignupRequest, VerificationRequest};
use swip_protocol::cards::BindCardRequest;
use swip_protocol::deferred::DeferredStatus;
use swip_protocol::orders::{CreateOrderRequest, PayOrderRequest, PurchaseRequest};
use swip_protocol::{Quantity, SecretString};
use swip_sandbox::control::{CardBehavior, ThreeDsOutcome};

/// The response's `Date` is the sandbox clock (to the second).
fn assert_dated<T>(world: &World, response: &ApiResponse<T>) {
    let date = response.server_date.expect("every answer carries Date");
    let date_ms = date.duration_since(UNIX_EPOCH).unwrap().as_millis() as i64;
    let now_ms = world.sandbox.now_ms();
    assert!(
        (now_ms - date_ms).abs() <= 2_000,
        "Date {date_ms} vs sandbox {now_ms}"
    );
}

#[tokio::test]
async fn every_endpoint_through_the_client() {
    let world = World::start().await;
    let phone = phone(1);
    let api = &world.api;

    // Signup, verification, SMS resend, PIN setup.
    let signup = api
        .signup(&swip_protocol::auth::SignupRequest {
            phone: phone.clone(),
        })
        .await
        .unwrap();
    assert_dated(&world, &signup);
    assert!(
        signup.body.refresh_token.is_none(),
        "a signup token has no refresh token"
    );
    let signup_token = signup.body.token;
    let verified = api
        .verify_code(
            &signup_token,
            &VerificationRequest {
                code: world.sms_code(&phone),
            },
        )
        .await
        .unwrap();
    assert!(verified.body.new);
    world.sandbox.advance_clock(61);
    let resent = api.resend_sms(&signup_token).await.unwrap();
    assert_eq!(resent.status, 200);
    assert!(world.sandbox.latest_sms(&phone).unwrap().sent_at > 0);
    let device_id = world.vault.device_id().unwrap();
    let pair = api
        .set_pin(
            &signup_token,
            &swip_protocol::auth::PinSetupRequest {
                device_id: device_id.clone(),
                first_name: Some("Ivan".into()),
                last_name: None,
                password: PIN.into(),
            },
        )
        .await
        .unwrap();
    assert!(pair.body.refresh_token.is_some());
    assert_eq!(pair.body.token_refresh_period, 3600);

    // Login and refresh.
    let login = api
        .login(&AuthRequest {
            device_id: device_id.clone(),
            password: PIN.into(),
            username: phone.clone(),
        })
        .await
        .unwrap();
    assert!(!login.body.device_registration_required);
    assert!(!login.body.token.is_empty());
    let refreshed = api
        .refresh(login.body.refresh_token.as_ref().unwrap())
        .await
        .unwrap();
    assert_dated(&world, &refreshed);
    let token = refreshed.body.token.clone();

    // The session serves as the clock for generatedAt.
    let session = Session::new(api.clone(), world.vault.clone());
    session.establish(refreshed).await.unwrap();
    let sealer = CardSealer::new(api.clone(), Arc::new(session.clone()));

    // The cryptogram key.
    let key = api.cryptogram_key().await.unwrap();
    let usable = key
        .body
        .first_usable(swip_protocol::cryptogram::ALG)
        .unwrap();
    assert_eq!(usable.kid.as_deref(), Some("sandbox-1"));

    // Bind a card without 3-D Secure.
    let plain = world.sandbox.test_card(CardBehavior::Success);
    let sealed = sealer.seal(&world.card_input(&plain)).await.unwrap();
    let request = BindCardRequest {
        add_as_default: true,
        holder: HOLDER.into(),
        cryptogram: sealed.cryptogram,
    };
    let bound = api
        .bind_card(&token, &request, &IdempotencyKey::generate().unwrap())
        .await
        .unwrap();
    let status = world.settle(&token, &bound.body.deferred_id).await;
    assert_eq!(status.status, DeferredStatus::Success, "{status:?}");

    // Bind a card through 3-D Secure.
    let challenged = world.sandbox.test_card(CardBehavior::ThreeDs);
    let sealed = sealer.seal(&world.card_input(&challenged)).await.unwrap();
    let request = BindCardRequest {
        add_as_default: false,
        holder: HOLDER.into(),
        cryptogram: sealed.cryptogram,
    };
    let bound = api
        .bind_card(&token, &request, &IdempotencyKey::generate().unwrap())
        .await
        .unwrap();
    let status = world.settle(&token, &bound.body.deferred_id).await;
    assert_eq!(status.status, DeferredStatus::Finish3ds);
    let page = api
        .three_ds_page(&token, &bound.body.deferred_id)
        .await
        .unwrap();
    assert!(
        page.body.finish_3ds_html.contains("<form"),
        "a real page with the bank's form"
    );
    world
        .sandbox
        .complete_3ds(&bound.body.deferred_id, ThreeDsOutcome::Pass)
        .unwrap();
    let status = world.settle(&token, &bound.body.deferred_id).await;
    assert_eq!(status.status, DeferredStatus::Success);

    // The card list, the default card.
    let cards = api.list_cards(&token).await.unwrap().body;
    assert_eq!(cards.len(), 2);
    let first = cards
        .iter()
        .find(|c| c.card_number.ends_with(&plain.pan[12..]))
        .unwrap();
    let second = cards
        .iter()
        .find(|c| c.card_number.ends_with(&challenged.pan[12..]))
        .unwrap();
    assert!(first.default_for_payments && !second.default_for_payments);
    assert_eq!(first.payment_system, plain.payment_system);
    assert!(!first.card_number.contains(&plain.pan[..6]), "masked");
    api.set_default_card(&token, &second.id).await.unwrap();
    let cards = api.list_cards(&token).await.unwrap().body;
    assert!(
        cards
            .iter()
            .any(|c| c.id == second.id && c.default_for_payments)
    );
    api.unset_default_card(&token, &second.id).await.unwrap();
    let cards = api.list_cards(&token).await.unwrap().body;
    assert!(cards.iter().all(|c| !c.default_for_payments));

    // An order and its payment.
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
                    quantity: Quantity(2.0),
                }],
            },
        )
        .await
        .unwrap()
        .body;
    assert!(!order.id.is_empty());
    assert_eq!(order.order_status, "NEW");
    assert!(order.total.kopecks() > 0);
    let payment = api
        .pay_order(
            &token,
            &order.id,
            &PayOrderRequest {
                email: "ivan@example.com".into(),
                payment_card_id: first.id.clone(),
            },
            &IdempotencyKey::generate().unwrap(),
        )
        .await
        .unwrap();
    let status = world.settle(&token, &payment.body.deferred_id).await;
    assert_eq!(status.status, DeferredStatus::Success);
    let charges = world.sandbox.charges();
    assert_eq!(charges.len(), 1);
    assert_eq!(charges[0].order_id, order.id);
    assert_eq!(charges[0].amount, order.total);

    // Delete a card.
    api.delete_card(&token, &second.id).await.unwrap();
    let cards = api.list_cards(&token).await.unwrap().body;
    assert_eq!(cards.len(), 1);

    // A known user on another device: signup, verification (new: false), signup-devices.
    world.sandbox.advance_clock(61);
    let other_vault = Vault::new(Arc::new(MemoryStore::new()));
    let other_device = other_vault.device_id().unwrap();
    let unregistered = api
        .login(&AuthRequest {
            device_id: other_device.clone(),
            password: PIN.into(),
            username: phone.clone(),
        })
        .await
        .unwrap();
    assert!(unregistered.body.device_registration_required);
    assert!(unregistered.body.token.is_empty());
    let signup_token = world.signup(&phone).await;
    let verified = api
        .verify_code(
            &signup_token,
            &VerificationRequest {
                code: world.sms_code(&phone),
            },
        )
        .await
        .unwrap();
    assert!(!verified.body.new, "a known phone");
    let device_tokens = api
        .signup_device(
            &signup_token,
            &DeviceSignupRequest {
                device_id: other_device,
                password: PIN.into(),
            },
        )
        .await
        .unwrap();
    assert!(device_tokens.body.refresh_token.is_some());
    let cards = api
        .list_cards(&device_tokens.body.token)
        .await
        .unwrap()
        .body;
    assert_eq!(cards.len(), 1, "the same user's cards from the new device");

    // Every request went through with Api-Version (the sandbox refuses it otherwise).
    assert!(
        world.sandbox.journal().iter().all(|e| e.status < 400),
        "{:?}",
        world.sandbox.journal()
    );
    for (method, path) in [
        ("POST", "/v2/signups"),
        ("POST", "/v2/signup-verifications"),
        ("POST", "/sms-messages"),
        ("PUT", "/v2/signups"),
        ("POST", "/v2/signup-devices"),
        ("POST", "/auth"),
        ("PUT", "/auth"),
        ("GET", "/ext/cryptogram-key"),
        ("POST", "/payment-cards"),
        ("GET", "/payment-cards"),
        ("POST", "/inapp-orders"),
    ] {
        assert!(world.journal_count(method, path) >= 1, "{method} {path}");
    }
}

#[tokio::test]
async fn the_session_clock_follows_the_sandbox_not_the_device() {
    // A sandbox ten years in the past: sealing with the device clock would be refused as stale.
    let start_ms = 1_300_000_000_000;
    let config = swip_sandbox::SandboxConfig {
        start_time_ms: Some(start_ms),
        ..Default::default()
    };
    let world = World::start_with(config).await;
    let session = world.session(&phone(2)).await;
    let server_now = session.server_now().unwrap();
    let server_ms = server_now.duration_since(UNIX_EPOCH).unwrap().as_millis() as i64;
    assert!((server_ms - world.sandbox.now_ms()).abs() < 2_000);

    let sealer = CardSealer::new(world.api.clone(), Arc::new(session.clone()));
    let card = world.sandbox.test_card(CardBehavior::Success);
    let sealed = sealer.seal(&world.card_input(&card)).await.unwrap();
    let request = BindCardRequest {
        add_as_default: true,
        holder: HOLDER.into(),
        cryptogram: sealed.cryptogram,
    };
    let key = IdempotencyKey::generate().unwrap();
    let deferred = session
        .call(|call| Box::pin(call.api.bind_card(call.token, &request, &key)))
        .await
        .unwrap();
    let token = SecretString::new(world.vault.tokens().unwrap().unwrap().token.expose());
    let status = world.settle(&token, &deferred.deferred_id).await;
    assert_eq!(status.status, DeferredStatus::Success);
    assert!(
        server_now < UNIX_EPOCH + Duration::from_millis(1_400_000_000_000),
        "the session's idea of now is the sandbox's"
    );
}
