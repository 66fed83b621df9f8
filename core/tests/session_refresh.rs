//! The session against the sandbox: token expiry on the sandbox clock, one `PUT /auth` for many
//! concurrent refused calls, "PIN needed" when refreshing is impossible, persistence and restore.

mod api_support;

use api_support::{PIN, World, phone};
use swip_core::api::ApiError;
use swip_core::session::{PinNeededReason, Session, SessionError, SessionStatus};
use swip_protocol::ErrorCode;
use swip_protocol::auth::{AuthRequest, SignupRequest, TokenResponse};
use swip_protocol::cards::PaymentCard;
use tokio::task::JoinSet;

const MONTH_AND_A_DAY: u64 = 31 * 24 * 3600;

async fn list_cards(session: &Session) -> Result<Vec<PaymentCard>, SessionError> {
    session
        .call(|call| Box::pin(call.api.list_cards(call.token)))
        .await
}

async fn list_cards_concurrently(
    session: &Session,
    n: usize,
) -> Vec<Result<Vec<PaymentCard>, SessionError>> {
    let mut calls = JoinSet::new();
    for _ in 0..n {
        let session = session.clone();
        calls.spawn(async move { list_cards(&session).await });
    }
    calls.join_all().await
}

fn statuses(world: &World, method: &str, path: &str) -> Vec<u16> {
    world
        .sandbox
        .journal()
        .into_iter()
        .filter(|e| e.method == method && e.path == path)
        .map(|e| e.status)
        .collect()
}

#[tokio::test]
async fn twenty_calls_with_an_expired_token_share_one_refresh() {
    let world = World::start().await;
    let session = world.session(&phone(20)).await;
    let before = world.vault.tokens().unwrap().unwrap();
    assert!(list_cards(&session).await.unwrap().is_empty());

    // The token expires on the sandbox clock; the session has not seen that clock move yet.
    world.sandbox.advance_clock(3700);
    let results = list_cards_concurrently(&session, 20).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");

    assert_eq!(
        statuses(&world, "PUT", "/auth"),
        vec![200],
        "exactly one refresh"
    );
    let lists = statuses(&world, "GET", "/payment-cards");
    assert_eq!(
        lists.iter().filter(|s| **s == 401).count(),
        20,
        "each refused once"
    );
    assert_eq!(
        lists.iter().filter(|s| **s == 200).count(),
        21,
        "each retried once"
    );
    let after = world.vault.tokens().unwrap().unwrap();
    assert_ne!(after.token, before.token, "the new tokens are saved");
    assert!(after.issued_at_ms.unwrap() >= before.issued_at_ms.unwrap() + 3_700_000);
}

#[tokio::test]
async fn a_token_near_expiry_on_the_server_clock_is_refreshed_before_use() {
    let world = World::start().await;
    let session = world.session(&phone(21)).await;
    world.sandbox.advance_clock(3600 - 30);
    // Any answer teaches the session the sandbox's time.
    session.observe(&world.api.cryptogram_key().await.unwrap());

    let results = list_cards_concurrently(&session, 20).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(statuses(&world, "PUT", "/auth"), vec![200]);
    assert!(
        statuses(&world, "GET", "/payment-cards")
            .iter()
            .all(|s| *s == 200),
        "nothing refused"
    );
}

#[tokio::test]
async fn an_expired_refresh_token_means_pin_needed_without_asking() {
    let world = World::start().await;
    let session = world.session(&phone(22)).await;
    world.sandbox.advance_clock(MONTH_AND_A_DAY);
    session.observe(&world.api.cryptogram_key().await.unwrap());

    assert_eq!(
        list_cards(&session).await.unwrap_err(),
        SessionError::PinNeeded(PinNeededReason::RefreshTokenExpired)
    );
    assert!(statuses(&world, "PUT", "/auth").is_empty());
    assert_eq!(
        session.status(),
        SessionStatus::PinNeeded(PinNeededReason::RefreshTokenExpired)
    );
    assert_eq!(world.vault.tokens().unwrap(), None);
}

#[tokio::test]
async fn a_refused_refresh_means_pin_needed_for_every_waiting_call_then_login_revives() {
    let world = World::start().await;
    let phone = phone(23);
    let session = world.session(&phone).await;
    // The session's clock has not moved: it tries, and the sandbox refuses the refresh token.
    world.sandbox.advance_clock(MONTH_AND_A_DAY);
    let results = list_cards_concurrently(&session, 10).await;
    for result in &results {
        assert_eq!(
            result.as_ref().unwrap_err(),
            &SessionError::PinNeeded(PinNeededReason::RefreshRejected)
        );
    }
    assert_eq!(
        statuses(&world, "PUT", "/auth"),
        vec![401],
        "one refresh, refused"
    );

    // The journey asks for the PIN and logs in: the session works again.
    let login = world
        .api
        .login(&AuthRequest {
            device_id: world.vault.device_id().unwrap(),
            password: PIN.into(),
            username: phone,
        })
        .await
        .unwrap();
    session
        .establish(login.map(TokenResponse::from))
        .await
        .unwrap();
    assert!(list_cards(&session).await.is_ok());
}

#[tokio::test]
async fn a_signup_token_cannot_be_refreshed() {
    let world = World::start().await;
    let phone = phone(24);
    let signup = world.api.signup(&SignupRequest { phone }).await.unwrap();
    let session = Session::new(world.api.clone(), world.vault.clone());
    session.establish(signup).await.unwrap();
    world.sandbox.advance_clock(3700);
    let result: Result<(), SessionError> = session
        .call(|call| Box::pin(call.api.resend_sms(call.token)))
        .await;
    assert_eq!(
        result,
        Err(SessionError::PinNeeded(PinNeededReason::NoRefreshToken))
    );
}

#[tokio::test]
async fn other_errors_pass_through_without_a_refresh() {
    let world = World::start().await;
    let session = world.session(&phone(25)).await;
    let error = session
        .call(|call| Box::pin(call.api.deferred_status(call.token, "missing")))
        .await
        .unwrap_err();
    let SessionError::Api(api_error) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api_error.code(), Some(ErrorCode::NotFound));
    assert!(statuses(&world, "PUT", "/auth").is_empty());
    assert!(!matches!(api_error, ApiError::RateLimited { .. }));
}

#[tokio::test]
async fn a_restored_session_carries_on_and_refreshes_reactively() {
    let world = World::start().await;
    let first = world.session(&phone(26)).await;
    assert!(list_cards(&first).await.is_ok());
    drop(first);

    // "Restart": a new session from what the vault kept.
    let restored = Session::restore(world.api.clone(), world.vault.clone()).unwrap();
    assert!(matches!(restored.status(), SessionStatus::Active { .. }));
    assert!(list_cards(&restored).await.is_ok());
    assert!(statuses(&world, "PUT", "/auth").is_empty());
    world.sandbox.advance_clock(3700);
    assert!(list_cards(&restored).await.is_ok());
    assert_eq!(statuses(&world, "PUT", "/auth"), vec![200]);
}
