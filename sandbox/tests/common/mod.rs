//! Shared helpers of the integration tests: a sandbox on loopback, a reqwest client, and small
//! builders for raw-JSON calls. Everything goes over real HTTP.

#![allow(dead_code)]

use std::sync::Once;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Client, Method};
use serde_json::{Value, json};
use swip_sandbox::control::{CardBehavior, CryptogramRequest, TestCard};
use swip_sandbox::{Sandbox, SandboxConfig};

/// 2026-06-01T00:00:00Z: tests start the sandbox clock here.
pub const START_MS: i64 = 1_780_272_000_000;
/// Processing delay in tests: long, so "still PROCESSING" never depends on the machine's speed.
pub const DELAY_S: u64 = 60;
/// The PIN the helpers set.
pub const PIN: &str = "2580";

static CRYPTO: Once = Once::new();

/// A reqwest client for loopback: no proxy, no redirects followed.
pub fn client() -> Client {
    CRYPTO.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
    Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// A sandbox and a client.
pub struct Harness {
    /// The server.
    pub sandbox: Sandbox,
    /// The client.
    pub http: Client,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

/// An answer, body parsed as JSON when it is JSON.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
    pub json: Value,
}

impl Reply {
    /// The error object's code.
    pub fn code(&self) -> i64 {
        self.json["code"].as_i64().unwrap_or(-1)
    }

    /// The `field`s of the error object's `fieldErrors`.
    pub fn bad_fields(&self) -> Vec<String> {
        self.json["fieldErrors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .map(|e| e["field"].as_str().unwrap_or("").to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The message of the field error on `field`.
    pub fn field_message(&self, field: &str) -> String {
        self.json["fieldErrors"]
            .as_array()
            .and_then(|errors| errors.iter().find(|e| e["field"] == field))
            .and_then(|e| e["message"].as_str())
            .unwrap_or("")
            .to_owned()
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }

    /// Asserts the status and the error object's code, and that the body is the error object.
    #[track_caller]
    pub fn assert_error(&self, status: u16, code: i64) {
        assert_eq!(
            (self.status, self.code()),
            (status, code),
            "body: {}",
            self.text
        );
        let keys: Vec<&str> = self
            .json
            .as_object()
            .expect("error object")
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            ["code", "description", "fieldErrors"],
            "error object shape: {}",
            self.text
        );
    }

    /// Asserts 400 code 5 with exactly these bad fields.
    #[track_caller]
    pub fn assert_fields(&self, fields: &[&str]) {
        self.assert_error(400, 5);
        let mut got = self.bad_fields();
        got.sort();
        let mut want: Vec<String> = fields.iter().map(|f| (*f).to_owned()).collect();
        want.sort();
        assert_eq!(got, want, "body: {}", self.text);
    }
}

/// One request being built.
pub struct Call<'a> {
    harness: &'a Harness,
    builder: reqwest::RequestBuilder,
}

impl Call<'_> {
    /// Sets `X-Auth-Token`.
    pub fn token(mut self, token: &str) -> Self {
        self.builder = self.builder.header("X-Auth-Token", token);
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.builder = self.builder.header(name, value);
        self
    }

    /// A JSON body.
    pub fn json(mut self, body: Value) -> Self {
        self.builder = self.builder.json(&body);
        self
    }

    /// A raw body.
    pub fn body(mut self, body: &str) -> Self {
        self.builder = self.builder.body(body.to_owned());
        self
    }

    /// Sends and reads the answer.
    pub async fn send(self) -> Reply {
        let _ = self.harness;
        let response = self.builder.send().await.expect("request");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        let json = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            text,
            json,
        }
    }

    /// Sends and returns the transport result (for dropped connections).
    pub async fn send_raw(self) -> reqwest::Result<reqwest::Response> {
        self.builder.send().await
    }
}

/// A logged-in user.
#[derive(Debug, Clone)]
pub struct Session {
    pub phone: String,
    pub device: String,
    pub token: String,
    pub refresh: String,
}

impl Harness {
    /// A sandbox with the test defaults (fixed start, 60 s stages, seeded).
    pub async fn start() -> Self {
        Self::with(SandboxConfig {
            processing_delay: Duration::from_secs(DELAY_S),
            start_time_ms: Some(START_MS),
            seed: Some(7),
            ..SandboxConfig::default()
        })
        .await
    }

    /// A sandbox with this configuration.
    pub async fn with(config: SandboxConfig) -> Self {
        let sandbox = Sandbox::start(config).await.expect("sandbox starts");
        let base = sandbox.url();
        Harness {
            sandbox,
            http: client(),
            base,
        }
    }

    /// A request with `Api-Version: 2`.
    pub fn call(&self, method: Method, path: &str) -> Call<'_> {
        let builder = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header("Api-Version", "2");
        Call {
            harness: self,
            builder,
        }
    }

    /// A request without any added header.
    pub fn bare(&self, method: Method, path: &str) -> Call<'_> {
        let builder = self.http.request(method, format!("{}{path}", self.base));
        Call {
            harness: self,
            builder,
        }
    }

    pub fn get(&self, path: &str) -> Call<'_> {
        self.call(Method::GET, path)
    }

    pub fn post(&self, path: &str) -> Call<'_> {
        self.call(Method::POST, path)
    }

    pub fn put(&self, path: &str) -> Call<'_> {
        self.call(Method::PUT, path)
    }

    pub fn delete(&self, path: &str) -> Call<'_> {
        self.call(Method::DELETE, path)
    }

    /// Moves the sandbox clock.
    pub fn advance(&self, seconds: u64) {
        self.sandbox.advance_clock(seconds);
    }

    /// `POST /v2/signups` → the signup token.
    pub async fn start_signup(&self, phone: &str) -> String {
        let reply = self
            .post("/v2/signups")
            .json(json!({ "phone": phone }))
            .send()
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply.json["token"].as_str().expect("token").to_owned()
    }

    /// The code of the latest SMS to `phone`.
    pub fn sms_code(&self, phone: &str) -> String {
        self.sandbox
            .latest_sms(phone)
            .expect("an SMS was sent")
            .code
    }

    /// A new user with [`PIN`] on `device`.
    pub async fn register(&self, phone: &str, device: &str) -> Session {
        let signup = self.start_signup(phone).await;
        let code = self.sms_code(phone);
        let verified = self
            .post("/v2/signup-verifications")
            .token(&signup)
            .json(json!({ "code": code }))
            .send()
            .await;
        assert_eq!(verified.json, json!({ "new": true }), "{}", verified.text);
        let pin = self
            .put("/v2/signups")
            .token(&signup)
            .json(json!({ "deviceId": device, "firstName": "Ivan", "lastName": "Petrov", "password": PIN }))
            .send()
            .await;
        assert_eq!(pin.status, 200, "{}", pin.text);
        Session {
            phone: phone.to_owned(),
            device: device.to_owned(),
            token: pin.json["token"].as_str().expect("token").to_owned(),
            refresh: pin.json["refreshToken"]
                .as_str()
                .expect("refresh")
                .to_owned(),
        }
    }

    /// A cryptogram of a test card, made now.
    pub fn cryptogram(&self, card: &TestCard) -> String {
        self.sandbox
            .make_cryptogram(&CryptogramRequest::for_card(card))
    }

    /// Starts binding the first test card with `behavior`; returns the deferred id.
    pub async fn start_binding(
        &self,
        session: &Session,
        behavior: CardBehavior,
        add_as_default: bool,
    ) -> String {
        let card = self.sandbox.test_card(behavior);
        let reply = self
            .post("/payment-cards")
            .token(&session.token)
            .json(json!({ "addAsDefault": add_as_default, "holder": "IVAN PETROV", "cryptogram": self.cryptogram(&card) }))
            .send()
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply.json["deferredId"]
            .as_str()
            .expect("deferredId")
            .to_owned()
    }

    /// The status of a deferred operation.
    pub async fn status(&self, session: &Session, deferred_id: &str) -> Value {
        self.status_reply(&session.token, deferred_id).await
    }

    /// The status of a deferred operation, read with `token`.
    pub async fn status_reply(&self, token: &str, deferred_id: &str) -> Value {
        let reply = self
            .get(&format!("/deferred-results/{deferred_id}/status"))
            .token(token)
            .send()
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply.json
    }

    /// Binds a card with a behavior that binds, returns its id.
    pub async fn bind(&self, session: &Session, behavior: CardBehavior) -> String {
        let before = self.cards(session).await;
        let deferred = self.start_binding(session, behavior, false).await;
        self.advance(DELAY_S);
        assert_eq!(self.status(session, &deferred).await["status"], "SUCCESS");
        let after = self.cards(session).await;
        after
            .iter()
            .find(|card| !before.iter().any(|old| old["id"] == card["id"]))
            .and_then(|card| card["id"].as_str())
            .expect("a new card")
            .to_owned()
    }

    /// `GET /payment-cards`.
    pub async fn cards(&self, session: &Session) -> Vec<Value> {
        let reply = self
            .get("/payment-cards")
            .token(&session.token)
            .send()
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply.json.as_array().expect("array").clone()
    }

    /// An order of 2 cappuccinos and a croissant at SWiP Coffee.
    pub async fn order(&self, session: &Session) -> Value {
        let reply = self
            .post("/inapp-orders")
            .token(&session.token)
            .json(json!({
                "merchantId": "swip-coffee",
                "merchantStoreId": "swip-coffee-tverskaya",
                "purchases": [ { "productId": "cappuccino", "quantity": 2 }, { "productId": "croissant", "quantity": 1 } ]
            }))
            .send()
            .await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply.json
    }

    /// `POST /orders/{id}/payments`.
    pub async fn pay(
        &self,
        session: &Session,
        order_id: &str,
        card_id: &str,
        key: Option<&str>,
    ) -> Reply {
        let mut call = self
            .post(&format!("/orders/{order_id}/payments"))
            .token(&session.token)
            .json(json!({ "email": "ivan@example.ru", "paymentCardId": card_id }));
        if let Some(key) = key {
            call = call.header("Idempotency-Key", key);
        }
        call.send().await
    }
}

pub mod schema;

/// A Luhn-valid 16-digit number starting with `prefix` (15 digits at most) and ending in `serial`.
pub fn luhn_pan(prefix: &str, serial: u32) -> String {
    let body = format!("{prefix}{serial:0>width$}", width = 15 - prefix.len());
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(index, byte)| {
            let digit = u32::from(byte - b'0');
            if index % 2 == 0 {
                let doubled = digit * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                digit
            }
        })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

impl Harness {
    /// Posts the bank's challenge form, as a browser would.
    pub async fn submit_challenge(&self, deferred_id: &str, code: &str) -> reqwest::Response {
        self.http
            .post(format!("{}/ext/bank/3ds/{deferred_id}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("code={code}"))
            .send()
            .await
            .expect("bank form")
    }
}

impl Harness {
    /// A fresh token pair from the refresh token (after moving the clock past the token's hour).
    pub async fn refresh(&self, session: &Session) -> Session {
        let reply = self.put("/auth").token(&session.refresh).send().await;
        assert_eq!(reply.status, 200, "{}", reply.text);
        Session {
            token: reply.json["token"].as_str().expect("token").to_owned(),
            refresh: reply.json["refreshToken"]
                .as_str()
                .expect("refresh")
                .to_owned(),
            ..session.clone()
        }
    }
}
