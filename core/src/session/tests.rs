//! Session unit tests against a fake server on tokio's paused clock.

use std::sync::Arc;
use std::sync::Mutex as StdMutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use swip_protocol::auth::TokenResponse;
use swip_protocol::{ApiErrorBody, ErrorCode, SecretString};
use tokio::task::JoinSet;
use tokio::time::Instant;

use super::*;
use crate::api::{ApiConfig, ApiError, AsApiError};
use crate::store::{MemoryStore, StoredTokens, Vault};

const HOUR: u64 = 3600;
const MONTH: u64 = 30 * 24 * HOUR;

/// How the fake answers `PUT /auth`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum RefreshMode {
    Works,
    Refused,
    Offline,
}

/// A server with its own clock (far from the device's), one valid token at a time.
struct FakeServer {
    epoch: SystemTime,
    started: Instant,
    current: StdMutex<(String, SystemTime)>,
    issued: AtomicUsize,
    refreshes: AtomicUsize,
    requests: AtomicUsize,
    refused_requests: AtomicUsize,
    mode: StdMutex<RefreshMode>,
}

impl FakeServer {
    fn new() -> Arc<Self> {
        // 2001-09-09: nowhere near the device's clock, so a test passing proves it is not used.
        let epoch = from_unix_ms(1_000_000_000_000);
        Arc::new(Self {
            epoch,
            started: Instant::now(),
            current: StdMutex::new((String::new(), epoch)),
            issued: AtomicUsize::new(0),
            refreshes: AtomicUsize::new(0),
            requests: AtomicUsize::new(0),
            refused_requests: AtomicUsize::new(0),
            mode: StdMutex::new(RefreshMode::Works),
        })
    }

    fn now(&self) -> SystemTime {
        self.epoch + Instant::now().duration_since(self.started)
    }

    /// A `Date` header has whole seconds.
    fn date(&self) -> SystemTime {
        from_unix_ms(unix_ms(self.now()) / 1000 * 1000)
    }

    fn answer<T>(&self, body: T) -> ApiResponse<T> {
        ApiResponse {
            body,
            status: 200,
            server_date: Some(self.date()),
            received_at: Instant::now(),
        }
    }

    fn issue(&self, with_refresh: bool) -> ApiResponse<TokenResponse> {
        let n = self.issued.fetch_add(1, Ordering::SeqCst);
        let token = format!("token-{n}");
        *self.current.lock().unwrap() = (token.clone(), self.now() + Duration::from_secs(HOUR));
        self.answer(TokenResponse {
            token: token.into(),
            refresh_token: with_refresh.then(|| SecretString::new(format!("refresh-{n}"))),
            refresh_period: MONTH,
            token_refresh_period: HOUR,
        })
    }

    fn set_mode(&self, mode: RefreshMode) {
        *self.mode.lock().unwrap() = mode;
    }

    fn error(status: u16, code: ErrorCode) -> ApiError {
        ApiError::Server {
            status,
            code,
            description: code.name().into(),
            field_errors: vec![],
            retry_after: None,
            attempts_left: None,
        }
    }

    /// An authenticated endpoint: 401 code 16 unless `token` is the current, unexpired one.
    async fn request(&self, token: SecretString) -> Result<ApiResponse<String>, ApiError> {
        self.requests.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(20)).await;
        let (current, expires) = self.current.lock().unwrap().clone();
        if token.expose() != current || self.now() >= expires {
            self.refused_requests.fetch_add(1, Ordering::SeqCst);
            return Err(Self::error(401, ErrorCode::TokenExpired));
        }
        Ok(self.answer(format!("ok with {current}")))
    }
}

impl TokenRefresher for FakeServer {
    fn refresh<'a>(
        &'a self,
        _refresh_token: &'a SecretString,
    ) -> BoxFuture<'a, Result<ApiResponse<TokenResponse>, ApiError>> {
        Box::pin(async move {
            self.refreshes.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(50)).await;
            match *self.mode.lock().unwrap() {
                RefreshMode::Works => Ok(self.issue(true)),
                RefreshMode::Refused => Err(Self::error(401, ErrorCode::AuthenticationError)),
                RefreshMode::Offline => Err(ApiError::Offline),
            }
        })
    }
}

fn api() -> ApiClient {
    ApiClient::new(&ApiConfig::new("http://127.0.0.1:9")).unwrap()
}

fn session(server: &Arc<FakeServer>) -> (Session, Vault) {
    let vault = Vault::new(Arc::new(MemoryStore::new()));
    let refresher: Arc<dyn TokenRefresher> = server.clone();
    (
        Session::with_refresher(api(), vault.clone(), refresher),
        vault,
    )
}

async fn call(session: &Session, server: &Arc<FakeServer>) -> Result<String, SessionError> {
    let server = server.clone();
    session
        .call(|call| Box::pin(server.request(call.token.clone())))
        .await
}

async fn call_concurrently(
    session: &Session,
    server: &Arc<FakeServer>,
    n: usize,
) -> Vec<Result<String, SessionError>> {
    let mut tasks = JoinSet::new();
    for _ in 0..n {
        let (session, server) = (session.clone(), server.clone());
        tasks.spawn(async move { call(&session, &server).await });
    }
    tasks.join_all().await
}

#[tokio::test(start_paused = true)]
async fn server_now_is_the_servers_date_plus_monotonic_time() {
    let server = FakeServer::new();
    let (session, _) = session(&server);
    assert_eq!(session.server_now(), None);
    session.establish(server.issue(true)).await.unwrap();
    assert_eq!(session.server_now(), Some(server.epoch));
    tokio::time::advance(Duration::from_secs(1234)).await;
    assert_eq!(
        session.server_now(),
        Some(server.epoch + Duration::from_secs(1234))
    );
    let SessionStatus::Active {
        token_expires_at,
        refresh_expires_at,
    } = session.status()
    else {
        panic!("active expected");
    };
    assert_eq!(
        token_expires_at,
        Some(server.epoch + Duration::from_secs(HOUR))
    );
    assert_eq!(
        refresh_expires_at,
        Some(server.epoch + Duration::from_secs(MONTH))
    );
}

#[tokio::test(start_paused = true)]
async fn twenty_refused_calls_share_one_refresh_then_each_retries_once() {
    let server = FakeServer::new();
    let (session, vault) = session(&server);
    session.establish(server.issue(true)).await.unwrap();
    // Forget the clock so nothing is refreshed ahead of time: the refresh must be reactive.
    let restored = Session::with_refresher(api(), vault.clone(), server.clone());
    restored.lock().tokens = vault.tokens().unwrap().map(SessionTokens::from_stored);
    tokio::time::advance(Duration::from_secs(HOUR + 100)).await;

    let results = call_concurrently(&restored, &server, 20).await;
    assert!(
        results
            .iter()
            .all(|r| r.as_deref() == Ok("ok with token-1")),
        "{results:?}"
    );
    assert_eq!(server.refreshes.load(Ordering::SeqCst), 1);
    assert_eq!(server.refused_requests.load(Ordering::SeqCst), 20);
    assert_eq!(
        server.requests.load(Ordering::SeqCst),
        40,
        "each call retried exactly once"
    );
    assert_eq!(
        vault.tokens().unwrap().unwrap().token.expose(),
        "token-1",
        "saved"
    );
}

#[tokio::test(start_paused = true)]
async fn a_token_near_expiry_is_refreshed_before_the_call() {
    let server = FakeServer::new();
    let (session, vault) = session(&server);
    session.establish(server.issue(true)).await.unwrap();
    tokio::time::advance(Duration::from_secs(HOUR - 30)).await;

    let results = call_concurrently(&session, &server, 20).await;
    assert!(results.iter().all(|r| r.is_ok()), "{results:?}");
    assert_eq!(server.refreshes.load(Ordering::SeqCst), 1);
    assert_eq!(
        server.refused_requests.load(Ordering::SeqCst),
        0,
        "no call was refused"
    );
    let stored = vault.tokens().unwrap().unwrap();
    assert_eq!(stored.token.expose(), "token-1");
    assert_eq!(
        stored.issued_at_ms,
        Some(unix_ms(server.epoch) + (HOUR as i64 - 30) * 1000)
    );
}

#[tokio::test(start_paused = true)]
async fn a_fresh_token_is_not_refreshed() {
    let server = FakeServer::new();
    let (session, _) = session(&server);
    session.establish(server.issue(true)).await.unwrap();
    tokio::time::advance(Duration::from_secs(HOUR - 61)).await;
    call(&session, &server).await.unwrap();
    assert_eq!(server.refreshes.load(Ordering::SeqCst), 0);
}

#[tokio::test(start_paused = true)]
async fn a_refused_refresh_token_means_pin_needed_for_everyone() {
    let server = FakeServer::new();
    let (session, vault) = session(&server);
    session.establish(server.issue(true)).await.unwrap();
    server.set_mode(RefreshMode::Refused);
    tokio::time::advance(Duration::from_secs(HOUR + 1)).await;

    let results = call_concurrently(&session, &server, 20).await;
    for result in &results {
        assert_eq!(
            result,
            &Err(SessionError::PinNeeded(PinNeededReason::RefreshRejected))
        );
    }
    assert_eq!(server.refreshes.load(Ordering::SeqCst), 1);
    assert_eq!(
        session.status(),
        SessionStatus::PinNeeded(PinNeededReason::RefreshRejected)
    );
    assert_eq!(vault.tokens().unwrap(), None, "dead tokens are removed");
    // Later calls do not even try.
    let requests = server.requests.load(Ordering::SeqCst);
    assert!(matches!(
        call(&session, &server).await,
        Err(SessionError::PinNeeded(_))
    ));
    assert_eq!(server.requests.load(Ordering::SeqCst), requests);
    // A new login revives the session.
    server.set_mode(RefreshMode::Works);
    session.establish(server.issue(true)).await.unwrap();
    assert!(call(&session, &server).await.is_ok());
}

#[tokio::test(start_paused = true)]
async fn an_expired_refresh_token_is_not_even_sent() {
    let server = FakeServer::new();
    let (session, _) = session(&server);
    session.establish(server.issue(true)).await.unwrap();
    tokio::time::advance(Duration::from_secs(MONTH + 1)).await;
    assert_eq!(
        call(&session, &server).await,
        Err(SessionError::PinNeeded(
            PinNeededReason::RefreshTokenExpired
        ))
    );
    assert_eq!(server.refreshes.load(Ordering::SeqCst), 0);
}

#[tokio::test(start_paused = true)]
async fn a_token_without_refresh_token_needs_the_pin_when_it_expires() {
    let server = FakeServer::new();
    let (session, _) = session(&server);
    session.establish(server.issue(false)).await.unwrap();
    assert!(call(&session, &server).await.is_ok());
    tokio::time::advance(Duration::from_secs(HOUR + 1)).await;
    assert_eq!(
        call(&session, &server).await,
        Err(SessionError::PinNeeded(PinNeededReason::NoRefreshToken))
    );
}

#[tokio::test(start_paused = true)]
async fn no_session_means_pin_needed() {
    let server = FakeServer::new();
    let (session, _) = session(&server);
    assert_eq!(
        call(&session, &server).await,
        Err(SessionError::PinNeeded(PinNeededReason::NoSession))
    );
    assert_eq!(server.requests.load(Ordering::SeqCst), 0);
    let empty = server.answer(TokenResponse {
        token: SecretString::default(),
        refresh_token: None,
        refresh_period: 0,
        token_refresh_period: 0,
    });
    assert_eq!(
        session.establish(empty).await,
        Err(SessionError::EmptyToken)
    );
}

#[tokio::test(start_paused = true)]
async fn a_transient_refresh_failure_is_shared_then_retried_by_later_calls() {
    let server = FakeServer::new();
    let (session, _) = session(&server);
    session.establish(server.issue(true)).await.unwrap();
    server.set_mode(RefreshMode::Offline);
    tokio::time::advance(Duration::from_secs(HOUR + 1)).await;

    let results = call_concurrently(&session, &server, 5).await;
    for result in &results {
        assert_eq!(result, &Err(SessionError::Api(ApiError::Offline)));
    }
    assert_eq!(server.refreshes.load(Ordering::SeqCst), 1);
    assert!(
        matches!(session.status(), SessionStatus::Active { .. }),
        "not a PIN matter"
    );

    server.set_mode(RefreshMode::Works);
    assert!(call(&session, &server).await.is_ok());
    assert_eq!(server.refreshes.load(Ordering::SeqCst), 2);
}

#[tokio::test(start_paused = true)]
async fn a_failed_early_refresh_does_not_fail_a_call_whose_token_still_works() {
    let server = FakeServer::new();
    let (session, _) = session(&server);
    session.establish(server.issue(true)).await.unwrap();
    server.set_mode(RefreshMode::Offline);
    tokio::time::advance(Duration::from_secs(HOUR - 30)).await;
    assert_eq!(
        call(&session, &server).await.as_deref(),
        Ok("ok with token-0")
    );
    assert_eq!(server.refreshes.load(Ordering::SeqCst), 1);
}

#[tokio::test(start_paused = true)]
async fn a_wrong_pin_is_not_a_token_problem() {
    let server = FakeServer::new();
    let (session, _) = session(&server);
    session.establish(server.issue(true)).await.unwrap();
    let result: Result<(), SessionError> = session
        .call(|_| {
            Box::pin(async {
                let body = ApiErrorBody::new(ErrorCode::DoesntMatch, "wrong");
                Err(ApiError::Server {
                    status: 401,
                    code: body.error_code(),
                    description: body.description,
                    field_errors: vec![],
                    retry_after: None,
                    attempts_left: Some(4),
                })
            })
        })
        .await;
    assert_eq!(
        result
            .unwrap_err()
            .as_api_error()
            .and_then(ApiError::attempts_left),
        Some(4)
    );
    assert_eq!(server.refreshes.load(Ordering::SeqCst), 0);
}

#[tokio::test(start_paused = true)]
async fn restore_reads_what_establish_saved_and_sign_out_forgets_it() {
    let server = FakeServer::new();
    let (session, vault) = session(&server);
    session.establish(server.issue(true)).await.unwrap();
    let restored = Session::restore(api(), vault.clone()).unwrap();
    assert_eq!(restored.status(), session.status());
    assert_eq!(
        restored.server_now(),
        None,
        "the clock is learnt again from the server"
    );
    let stored: StoredTokens = vault.tokens().unwrap().unwrap();
    assert_eq!(
        stored.refresh_token.as_ref().map(|t| t.expose().to_owned()),
        Some("refresh-0".into())
    );
    restored.sign_out().await.unwrap();
    assert_eq!(vault.tokens().unwrap(), None);
    assert_eq!(
        restored.status(),
        SessionStatus::PinNeeded(PinNeededReason::NoSession)
    );
}

#[tokio::test(start_paused = true)]
async fn nothing_secret_in_debug_or_errors() {
    let server = FakeServer::new();
    let (session, _) = session(&server);
    session.establish(server.issue(true)).await.unwrap();
    let text = format!(
        "{session:?} {}",
        SessionError::PinNeeded(PinNeededReason::RefreshRejected)
    );
    assert!(
        !text.contains("token-0") && !text.contains("refresh-0"),
        "{text}"
    );
}

#[tokio::test]
async fn corrupt_saved_tokens_mean_no_session() {
    let store = Arc::new(MemoryStore::new());
    crate::store::SecureStore::put(&*store, Vault::SESSION_KEY, b"{garbage").unwrap();
    let vault = Vault::new(store.clone());
    let session = Session::restore(api(), vault.clone()).unwrap();
    assert_eq!(
        session.status(),
        SessionStatus::PinNeeded(PinNeededReason::NoSession)
    );
    assert_eq!(
        vault.tokens().unwrap(),
        None,
        "the unreadable value is removed"
    );
}
