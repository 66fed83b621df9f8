//! [`ApiClient`]: one typed async method per endpoint of the in-app API.

use std::sync::{Arc, Once, OnceLock};
use std::time::{Duration, SystemTime};

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use swip_protocol::app_pos::{self, PayAtCounterRequest};
use swip_protocol::auth::{
    AuthRequest, AuthResponse, DeviceSignupRequest, PinSetupRequest, SignupRequest, TokenResponse,
    VerificationRequest, VerificationResponse,
};
use swip_protocol::cards::{BindCardRequest, PaymentCard};
use swip_protocol::cryptogram::CryptogramKeyResponse;
use swip_protocol::deferred::{DeferredResponse, DeferredStatusResponse, ThreeDsPage};
use swip_protocol::orders::{CreateOrderRequest, Order, PayOrderRequest};
use swip_protocol::pos::PosOrder;
use swip_protocol::{SecretString, headers, paths};
use tokio::time::Instant;

use super::config::ApiConfig;
use super::error::ApiError;
use super::idempotency::IdempotencyKey;
use super::mapping;
use super::tls::TlsChoice;

/// A successful answer: the decoded body plus what the session needs to track the server's clock.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiResponse<T> {
    /// The decoded body (`()` for endpoints that answer with a status only).
    pub body: T,
    /// The HTTP status (2xx).
    pub status: u16,
    /// The server's `Date` header: the server's clock when it answered.
    pub server_date: Option<SystemTime>,
    /// When the answer arrived, on the monotonic clock (tokio's, so paused-time tests control it).
    pub received_at: Instant,
}

impl<T> ApiResponse<T> {
    /// The body alone.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The same answer with its body transformed.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse {
            body: f(self.body),
            status: self.status,
            server_date: self.server_date,
            received_at: self.received_at,
        }
    }
}

/// The typed client of the SWiP in-app API. Cheap to clone (clones share one connection pool).
///
/// Every request carries `Api-Version: 2`; authenticated ones `X-Auth-Token`; mutating ones that
/// may be repeated `Idempotency-Key`. Logs (tracing, `debug`) name the method, path, status and
/// duration, never a header value or a body.
#[derive(Clone)]
pub struct ApiClient {
    inner: Arc<ClientInner>,
}

struct ClientInner {
    /// Built on the first request: building it needs the process's TLS settings, whose first
    /// build reads the system's root certificates (milliseconds), and opening a wallet needs no
    /// request (BENCHMARKS.md, cold start).
    http: OnceLock<reqwest::Client>,
    connect_timeout: Duration,
    request_timeout: Duration,
    base_url: String,
    max_response_bytes: usize,
    /// The shared TLS settings, or pinned ones.
    tls: TlsChoice,
}

impl std::fmt::Debug for ApiClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiClient")
            .field("base_url", &self.inner.base_url)
            .finish()
    }
}

/// How a request authenticates.
#[derive(Clone, Copy)]
enum Auth<'a> {
    /// No token (signup, login, the cryptogram key).
    Anonymous,
    /// `X-Auth-Token` with this token (or refresh token on `PUT /auth`).
    Token(&'a SecretString),
}

/// What the server answered before decoding.
struct RawAnswer {
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
    received_at: Instant,
}

/// Installs rustls' ring provider for the process, once. An already installed provider is kept.
fn install_crypto_provider() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// The TLS settings every client of the process shares, built once: reqwest's own default (the
/// platform's certificate verifier, TLS 1.2 and 1.3, SNI) with ALPN `http/1.1` only, as the
/// client is built without HTTP/2 (the wallet has at most two requests in flight to its server,
/// so h2's multiplexing buys nothing, and h2 was 12 % of the library: BENCHMARKS.md). Left to
/// reqwest, each client builds its own verifier, and on Linux that reads and parses the whole
/// system root store (about 3.5 ms and 12 M instructions per client, see BENCHMARKS.md): every
/// `Wallet::open` paid it, and a QA run of 10,000 headless wallets paid it 10,000 times. A root
/// added to the system later is seen after a restart.
fn shared_tls_config() -> Result<rustls::ClientConfig, ApiError> {
    if let Some(config) = SHARED_TLS.get() {
        return Ok(config.clone());
    }
    let failed = |_| ApiError::InvalidRequest {
        reason: "the TLS settings could not be built",
    };
    let provider = rustls::crypto::CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::ring::default_provider()));
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone()).map_err(failed)?;
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_protocol_versions(rustls::ALL_VERSIONS)
        .map_err(failed)?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(SHARED_TLS.get_or_init(|| config).clone())
}

/// The TLS settings of [`shared_tls_config`], once built.
static SHARED_TLS: OnceLock<rustls::ClientConfig> = OnceLock::new();

impl ApiClient {
    /// A client for `config`. Fails only on a bad base URL; the HTTP stack starts with the first
    /// request (a failure to start is that request's [`ApiError::InvalidRequest`]).
    pub fn new(config: &ApiConfig) -> Result<Self, ApiError> {
        let base_url = config.checked_base_url()?;
        install_crypto_provider();
        Ok(Self {
            inner: Arc::new(ClientInner {
                http: OnceLock::new(),
                connect_timeout: config.connect_timeout,
                request_timeout: config.request_timeout,
                base_url,
                max_response_bytes: config.max_response_bytes,
                tls: TlsChoice::for_config(config)?,
            }),
        })
    }

    /// A client for `config` checking certificates with `verifier` (pinned when `config` has
    /// pins): for tests against a server with a test CA.
    #[cfg(test)]
    pub(crate) fn with_verifier(
        config: &ApiConfig,
        verifier: Arc<dyn rustls::client::danger::ServerCertVerifier>,
    ) -> Result<Self, ApiError> {
        let mut client = Self::new(config)?;
        if let Some(inner) = Arc::get_mut(&mut client.inner) {
            inner.tls = TlsChoice::with_verifier(&config.certificate_pins, verifier);
        }
        Ok(client)
    }

    /// The HTTP client, built on first use. The first build of the process also builds the
    /// shared TLS settings (reading the system's root certificates, milliseconds): on a blocking
    /// thread, so no worker of the runtime waits for the disk.
    async fn http(&self) -> Result<&reqwest::Client, ApiError> {
        if let Some(http) = self.inner.http.get() {
            return Ok(http);
        }
        let tls = match (self.inner.tls.pinned_config().await?, SHARED_TLS.get()) {
            (Some(pinned), _) => pinned,
            (None, Some(config)) => config.clone(),
            (None, None) => tokio::task::spawn_blocking(shared_tls_config)
                .await
                .map_err(|_| ApiError::InvalidRequest {
                    reason: "the TLS settings could not be built",
                })??,
        };
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .connect_timeout(self.inner.connect_timeout)
            .timeout(self.inner.request_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("swip-core/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|_| ApiError::InvalidRequest {
                reason: "the HTTP client could not start",
            })?;
        Ok(self.inner.http.get_or_init(|| http))
    }

    /// The base URL requests go to (without a trailing `/`).
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    // ---- Signup and login -------------------------------------------------------------------

    /// `POST /v2/signups`: starts a signup for a phone; the server sends an SMS. Answers a signup
    /// token (`refreshToken: null`) good for verification, SMS resend, PIN setup and device signup.
    pub async fn signup(
        &self,
        request: &SignupRequest,
    ) -> Result<ApiResponse<TokenResponse>, ApiError> {
        self.call(
            Method::POST,
            paths::SIGNUPS,
            paths::SIGNUPS,
            Auth::Anonymous,
            None,
            Some(encode(request)?),
        )
        .await
    }

    /// `POST /v2/signup-verifications` with the signup token: checks the SMS code. `new: true` means
    /// set a PIN ([`ApiClient::set_pin`]); `false`, a known user on a new device
    /// ([`ApiClient::signup_device`]).
    pub async fn verify_code(
        &self,
        signup_token: &SecretString,
        request: &VerificationRequest,
    ) -> Result<ApiResponse<VerificationResponse>, ApiError> {
        let auth = Auth::Token(signup_token);
        self.call(
            Method::POST,
            paths::SIGNUP_VERIFICATIONS,
            paths::SIGNUP_VERIFICATIONS,
            auth,
            None,
            Some(encode(request)?),
        )
        .await
    }

    /// `PUT /v2/signups` with the signup token: sets the new user's PIN; answers the session tokens.
    pub async fn set_pin(
        &self,
        signup_token: &SecretString,
        request: &PinSetupRequest,
    ) -> Result<ApiResponse<TokenResponse>, ApiError> {
        self.call(
            Method::PUT,
            paths::SIGNUPS,
            paths::SIGNUPS,
            Auth::Token(signup_token),
            None,
            Some(encode(request)?),
        )
        .await
    }

    /// `POST /sms-messages` (body `{}`) with the signup token: sends the SMS code again (at most
    /// once a minute; sooner answers [`ApiError::RateLimited`]).
    pub async fn resend_sms(
        &self,
        signup_token: &SecretString,
    ) -> Result<ApiResponse<()>, ApiError> {
        let empty = serde_json::Map::new();
        self.call_empty(
            Method::POST,
            paths::SMS_MESSAGES,
            paths::SMS_MESSAGES,
            Auth::Token(signup_token),
            None,
            Some(encode(&empty)?),
        )
        .await
    }

    /// `POST /v2/signup-devices` with the signup token: a known user on a new device, with the PIN;
    /// answers the session tokens.
    pub async fn signup_device(
        &self,
        signup_token: &SecretString,
        request: &DeviceSignupRequest,
    ) -> Result<ApiResponse<TokenResponse>, ApiError> {
        let auth = Auth::Token(signup_token);
        self.call(
            Method::POST,
            paths::SIGNUP_DEVICES,
            paths::SIGNUP_DEVICES,
            auth,
            None,
            Some(encode(request)?),
        )
        .await
    }

    /// `POST /auth`: PIN login. A wrong PIN answers 401 code 14 with
    /// [`ApiError::attempts_left`]; `deviceRegistrationRequired: true` (with an empty token) means
    /// this device must go through signup and [`ApiClient::signup_device`] first.
    pub async fn login(
        &self,
        request: &AuthRequest,
    ) -> Result<ApiResponse<AuthResponse>, ApiError> {
        self.call(
            Method::POST,
            paths::AUTH,
            paths::AUTH,
            Auth::Anonymous,
            None,
            Some(encode(request)?),
        )
        .await
    }

    /// `PUT /auth` with the refresh token in `X-Auth-Token`: a new token pair.
    pub async fn refresh(
        &self,
        refresh_token: &SecretString,
    ) -> Result<ApiResponse<TokenResponse>, ApiError> {
        self.call::<TokenResponse>(
            Method::PUT,
            paths::AUTH,
            paths::AUTH,
            Auth::Token(refresh_token),
            None,
            None,
        )
        .await
    }

    // ---- Cards ------------------------------------------------------------------------------

    /// `POST /payment-cards` with `Idempotency-Key`: binds a card from its cryptogram; answers the
    /// deferred id to poll with [`ApiClient::deferred_status`]. Send the same key when retrying.
    pub async fn bind_card(
        &self,
        token: &SecretString,
        request: &BindCardRequest,
        idempotency_key: &IdempotencyKey,
    ) -> Result<ApiResponse<DeferredResponse>, ApiError> {
        let auth = Auth::Token(token);
        self.call(
            Method::POST,
            paths::PAYMENT_CARDS,
            paths::PAYMENT_CARDS,
            auth,
            Some(idempotency_key),
            Some(encode(request)?),
        )
        .await
    }

    /// `GET /deferred-results/{id}/status`: where a card binding or a payment is.
    pub async fn deferred_status(
        &self,
        token: &SecretString,
        deferred_id: &str,
    ) -> Result<ApiResponse<DeferredStatusResponse>, ApiError> {
        let path = paths::deferred_status(deferred_id);
        self.call(
            Method::GET,
            &path,
            paths::DEFERRED_STATUS_ROUTE,
            Auth::Token(token),
            None,
            None,
        )
        .await
    }

    /// `GET /deferred-results/{id}/binding-payment-card-3ds-result`: the 3-D Secure page of a
    /// binding whose status is `FINISH_3DS`.
    pub async fn three_ds_page(
        &self,
        token: &SecretString,
        deferred_id: &str,
    ) -> Result<ApiResponse<ThreeDsPage>, ApiError> {
        let path = paths::three_ds_page(deferred_id);
        self.call(
            Method::GET,
            &path,
            paths::THREE_DS_PAGE_ROUTE,
            Auth::Token(token),
            None,
            None,
        )
        .await
    }

    /// `GET /payment-cards`: the user's cards.
    pub async fn list_cards(
        &self,
        token: &SecretString,
    ) -> Result<ApiResponse<Vec<PaymentCard>>, ApiError> {
        self.call(
            Method::GET,
            paths::PAYMENT_CARDS,
            paths::PAYMENT_CARDS,
            Auth::Token(token),
            None,
            None,
        )
        .await
    }

    /// `POST /payment-cards/{id}/actions/set-as-default`.
    pub async fn set_default_card(
        &self,
        token: &SecretString,
        card_id: &str,
    ) -> Result<ApiResponse<()>, ApiError> {
        let path = paths::set_default_card(card_id);
        self.call_empty(
            Method::POST,
            &path,
            paths::SET_DEFAULT_ROUTE,
            Auth::Token(token),
            None,
            None,
        )
        .await
    }

    /// `POST /payment-cards/{id}/actions/unset-as-default`.
    pub async fn unset_default_card(
        &self,
        token: &SecretString,
        card_id: &str,
    ) -> Result<ApiResponse<()>, ApiError> {
        let path = paths::unset_default_card(card_id);
        self.call_empty(
            Method::POST,
            &path,
            paths::UNSET_DEFAULT_ROUTE,
            Auth::Token(token),
            None,
            None,
        )
        .await
    }

    /// `DELETE /payment-cards/{id}`.
    pub async fn delete_card(
        &self,
        token: &SecretString,
        card_id: &str,
    ) -> Result<ApiResponse<()>, ApiError> {
        let path = paths::payment_card(card_id);
        self.call_empty(
            Method::DELETE,
            &path,
            paths::PAYMENT_CARD_ROUTE,
            Auth::Token(token),
            None,
            None,
        )
        .await
    }

    // ---- Orders -----------------------------------------------------------------------------

    /// `POST /inapp-orders`: creates an order; answers it with its total and status.
    pub async fn create_order(
        &self,
        token: &SecretString,
        request: &CreateOrderRequest,
    ) -> Result<ApiResponse<Order>, ApiError> {
        self.call(
            Method::POST,
            paths::INAPP_ORDERS,
            paths::INAPP_ORDERS,
            Auth::Token(token),
            None,
            Some(encode(request)?),
        )
        .await
    }

    /// `POST /orders/{id}/payments` with `Idempotency-Key`: pays an order; answers the deferred id
    /// to poll. Send the same key when retrying, or the payment may run twice.
    pub async fn pay_order(
        &self,
        token: &SecretString,
        order_id: &str,
        request: &PayOrderRequest,
        idempotency_key: &IdempotencyKey,
    ) -> Result<ApiResponse<DeferredResponse>, ApiError> {
        let path = paths::order_payments(order_id);
        let auth = Auth::Token(token);
        self.call(
            Method::POST,
            &path,
            paths::ORDER_PAYMENTS_ROUTE,
            auth,
            Some(idempotency_key),
            Some(encode(request)?),
        )
        .await
    }

    // ---- Orders from a till (extension, see `swip_protocol::app_pos`) ---------------------------

    /// `GET /ext/pos-orders?sessionCode=…`: the till's order behind a session code (the QR's
    /// text), with the user's personalised loyalty.
    pub async fn find_pos_order(
        &self,
        token: &SecretString,
        session_code: &str,
    ) -> Result<ApiResponse<PosOrder>, ApiError> {
        let path = app_pos::find_by_session_code(session_code);
        self.call(
            Method::GET,
            &path,
            app_pos::POS_ORDERS,
            Auth::Token(token),
            None,
            None,
        )
        .await
    }

    /// `GET /ext/pos-orders/{id}`: a till's order as it is now.
    pub async fn pos_order(
        &self,
        token: &SecretString,
        order_id: &str,
    ) -> Result<ApiResponse<PosOrder>, ApiError> {
        let path = app_pos::pos_order(order_id);
        self.call(
            Method::GET,
            &path,
            app_pos::POS_ORDER_ROUTE,
            Auth::Token(token),
            None,
            None,
        )
        .await
    }

    /// `POST /ext/pos-orders/{id}/payments` with `Idempotency-Key`: pays a till's order in the app
    /// (scenario 1); answers the deferred id to poll. Send the same key when retrying.
    pub async fn pay_pos_order(
        &self,
        token: &SecretString,
        order_id: &str,
        request: &PayOrderRequest,
        idempotency_key: &IdempotencyKey,
    ) -> Result<ApiResponse<DeferredResponse>, ApiError> {
        let path = app_pos::payments(order_id);
        let auth = Auth::Token(token);
        self.call(
            Method::POST,
            &path,
            app_pos::PAYMENTS_ROUTE,
            auth,
            Some(idempotency_key),
            Some(encode(request)?),
        )
        .await
    }

    /// `POST /ext/pos-orders/{id}/pay-at-counter`: the user pays at the counter, in cash or at
    /// the bank's terminal (scenario 2); answers the order as the till will see it.
    pub async fn pay_pos_order_at_counter(
        &self,
        token: &SecretString,
        order_id: &str,
        request: &PayAtCounterRequest,
    ) -> Result<ApiResponse<PosOrder>, ApiError> {
        let path = app_pos::pay_at_counter(order_id);
        self.call(
            Method::POST,
            &path,
            app_pos::PAY_AT_COUNTER_ROUTE,
            Auth::Token(token),
            None,
            Some(encode(request)?),
        )
        .await
    }

    // ---- Extensions -------------------------------------------------------------------------

    /// `GET /ext/cryptogram-key` (no token): the server's current cryptogram public key.
    pub async fn cryptogram_key(&self) -> Result<ApiResponse<CryptogramKeyResponse>, ApiError> {
        self.call(
            Method::GET,
            paths::CRYPTOGRAM_KEY,
            paths::CRYPTOGRAM_KEY,
            Auth::Anonymous,
            None,
            None,
        )
        .await
    }

    // ---- Transport --------------------------------------------------------------------------

    /// Sends a request and decodes a JSON body. `route` is the path's pattern (`/orders/{id}/payments`):
    /// it names the endpoint in a decode failure and its log line, without the ids.
    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        route: &'static str,
        auth: Auth<'_>,
        idempotency_key: Option<&IdempotencyKey>,
        body: Option<Vec<u8>>,
    ) -> Result<ApiResponse<T>, ApiError> {
        let endpoint = endpoint_name(&method, route);
        let raw = self
            .send(method, path, route, auth, idempotency_key, body)
            .await?;
        let decoded = mapping::decode_body::<T>(&endpoint, raw.status, &raw.body).inspect_err(
            |error| {
                if let ApiError::Decode { field, problem, .. } = error {
                    // The field's path and the kind of problem only: never the value.
                    tracing::warn!(
                        endpoint = %endpoint, status = raw.status, field = %field, problem = %problem,
                        "SWiP API answer not understood"
                    );
                }
            },
        )?;
        Ok(ApiResponse {
            body: decoded,
            status: raw.status,
            server_date: mapping::server_date(&raw.headers),
            received_at: raw.received_at,
        })
    }

    /// Sends a request whose answer is a status only (any body is ignored).
    async fn call_empty(
        &self,
        method: Method,
        path: &str,
        route: &'static str,
        auth: Auth<'_>,
        idempotency_key: Option<&IdempotencyKey>,
        body: Option<Vec<u8>>,
    ) -> Result<ApiResponse<()>, ApiError> {
        let raw = self
            .send(method, path, route, auth, idempotency_key, body)
            .await?;
        Ok(ApiResponse {
            body: (),
            status: raw.status,
            server_date: mapping::server_date(&raw.headers),
            received_at: raw.received_at,
        })
    }

    /// Sends one request with its JSON body already encoded ([`encode`]): one copy of the
    /// transport for every request type. A 2xx answer comes back raw, anything else as an
    /// [`ApiError`].
    async fn send(
        &self,
        method: Method,
        path: &str,
        route: &'static str,
        auth: Auth<'_>,
        idempotency_key: Option<&IdempotencyKey>,
        body: Option<Vec<u8>>,
    ) -> Result<RawAnswer, ApiError> {
        let started = Instant::now();
        let url = format!("{}{}", self.inner.base_url, path);
        let mut request = self
            .http()
            .await?
            .request(method.clone(), url)
            .header(headers::API_VERSION, headers::API_VERSION_VALUE)
            .header(ACCEPT, "application/json");
        if let Auth::Token(token) = auth {
            let mut value =
                HeaderValue::from_str(token.expose()).map_err(|_| ApiError::InvalidRequest {
                    reason: "the token holds characters a header cannot carry",
                })?;
            value.set_sensitive(true);
            request = request.header(headers::AUTH_TOKEN, value);
        }
        if let Some(key) = idempotency_key {
            request = request.header(headers::IDEMPOTENCY_KEY, key.as_str());
        }
        if let Some(bytes) = body {
            request = request.header(CONTENT_TYPE, "application/json").body(bytes);
        }
        tracing::trace!(%method, path, "SWiP API request");

        let outcome = self.exchange(request, &method, route).await;
        let elapsed_ms = started.elapsed().as_millis() as u64;
        match outcome {
            Ok(raw) if StatusCode::from_u16(raw.status).is_ok_and(|s| s.is_success()) => {
                tracing::debug!(%method, path, status = raw.status, elapsed_ms, "SWiP API response");
                Ok(raw)
            }
            Ok(raw) => {
                let error = mapping::error_from_response(raw.status, &raw.headers, &raw.body);
                tracing::debug!(
                    %method, path, status = raw.status, code = ?error.code(), elapsed_ms,
                    "SWiP API error response"
                );
                Err(error)
            }
            Err(error) => {
                tracing::debug!(%method, path, %error, elapsed_ms, "SWiP API request failed");
                Err(error)
            }
        }
    }

    /// Sends the built request and reads the whole answer, up to the size limit.
    async fn exchange(
        &self,
        request: reqwest::RequestBuilder,
        method: &Method,
        route: &'static str,
    ) -> Result<RawAnswer, ApiError> {
        let mut response = request
            .send()
            .await
            .map_err(|e| mapping::error_from_transport(&e))?;
        let received_at = Instant::now();
        let status = response.status().as_u16();
        let headers = std::mem::take(response.headers_mut());
        let limit = self.inner.max_response_bytes;
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| mapping::error_from_transport(&e))?
        {
            if body.len() + chunk.len() > limit {
                return Err(ApiError::Decode {
                    status,
                    endpoint: endpoint_name(method, route),
                    field: String::new(),
                    problem: format!("body larger than {limit} bytes"),
                });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(RawAnswer {
            status,
            headers,
            body,
            received_at,
        })
    }
}

/// A request body as JSON, before anything is sent.
fn encode<B: Serialize + ?Sized>(body: &B) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec(body).map_err(|_| ApiError::InvalidRequest {
        reason: "the request body does not encode",
    })
}

/// `GET /deferred-results/{id}/status`: the method and the path's pattern, never an id.
fn endpoint_name(method: &Method, route: &str) -> String {
    format!("{method} {route}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn clients_share_one_tls_configuration_with_reqwests_defaults() {
        install_crypto_provider();
        let config = shared_tls_config().unwrap();
        assert_eq!(config.alpn_protocols, [b"http/1.1".to_vec()]);
        assert!(config.enable_sni);
        assert_eq!(
            shared_tls_config().unwrap().alpn_protocols,
            config.alpn_protocols
        );
        // reqwest takes it (a rustls version it does not know would fail here), once per client.
        let client = ApiClient::new(&ApiConfig::new("https://api.example")).unwrap();
        let first: *const reqwest::Client = client.http().await.unwrap();
        assert!(std::ptr::eq(first, client.http().await.unwrap()));
        ApiClient::new(&ApiConfig::new("http://127.0.0.1:1"))
            .unwrap()
            .http()
            .await
            .unwrap();
    }
}
