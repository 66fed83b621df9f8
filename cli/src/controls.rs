//! [`Controls`]: the sandbox's QA controls under `/sandbox/`, over HTTP, as QA would use them.
//! The demo talks to its embedded sandbox this way too, so it runs unchanged against a sandbox
//! started elsewhere (`swip demo --sandbox-url`).

use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use swip_sandbox::control::pos::{PosCredentials, PosStore, PosStoreRequest};
use swip_sandbox::control::{Catalog, SmsRecord, TestCard};

use crate::failure::Failure;

/// A client of one sandbox's `/sandbox/` endpoints.
#[derive(Debug, Clone)]
pub struct Controls {
    base_url: String,
    http: reqwest::Client,
}

impl Controls {
    /// Controls of the sandbox at `base_url`.
    pub fn new(base_url: &str) -> Result<Self, Failure> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| Failure::setup(format!("cannot build an HTTP client: {e}")))?;
        Ok(Controls {
            base_url: base_url.trim_end_matches('/').to_owned(),
            http,
        })
    }

    /// The sandbox's root URL.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The latest SMS sent to `phone` (11 digits).
    pub async fn latest_sms(&self, phone: &str) -> Result<SmsRecord, Failure> {
        self.get(&format!("/sandbox/sms?phone={phone}")).await
    }

    /// The test card table.
    pub async fn test_cards(&self) -> Result<Vec<TestCard>, Failure> {
        self.get("/sandbox/test-cards").await
    }

    /// The demo catalog.
    pub async fn catalog(&self) -> Result<Catalog, Failure> {
        self.get("/sandbox/catalog").await
    }

    /// What a till of `store_id` sends (`GET /sandbox/stores/{id}/pos-credentials`).
    pub async fn pos_credentials(&self, store_id: &str) -> Result<PosCredentials, Failure> {
        let path = swip_protocol::paths::segment(store_id);
        self.get(&format!("/sandbox/stores/{path}/pos-credentials"))
            .await
            .map_err(|failure| Failure::setup(format!("store {store_id:?}: {failure}")))
    }

    /// An ACTIVE merchant with one store, registered the merchant API's way
    /// (`POST /sandbox/pos-stores`).
    pub async fn create_pos_store(&self, request: &PosStoreRequest) -> Result<PosStore, Failure> {
        self.post("/sandbox/pos-stores", request).await
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, Failure> {
        let request = self.http.get(format!("{}{path}", self.base_url));
        self.send(path, request).await
    }

    async fn post<T: DeserializeOwned, B: Serialize>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, Failure> {
        let request = self
            .http
            .post(format!("{}{path}", self.base_url))
            .json(body);
        self.send(path, request).await
    }

    async fn send<T: DeserializeOwned>(
        &self,
        path: &str,
        request: reqwest::RequestBuilder,
    ) -> Result<T, Failure> {
        let what = path.split('?').next().unwrap_or(path);
        let unreachable = |e: reqwest::Error| {
            Failure::setup(format!(
                "the sandbox control {what} failed: {}",
                e.without_url()
            ))
        };
        let response = request.send().await.map_err(unreachable)?;
        let status = response.status();
        if !status.is_success() {
            return Err(Failure::setup(format!(
                "the sandbox control {what} answered {status} (is {} a SWiP sandbox?)",
                self.base_url
            )));
        }
        response.json().await.map_err(unreachable)
    }
}
