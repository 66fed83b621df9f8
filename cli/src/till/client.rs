//! [`Till`]: a shop's till speaking the POS API (seed 000) over HTTP, with the store's headers on
//! every request. It never retries by itself: a close happens once and a refund repeated by
//! accident would give money back twice, so a failed call is reported and the user decides.

use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use swip_protocol::headers::API_VERSION;
use swip_protocol::pos::{
    self as wire, CASH_ID, ClosePosOrderRequest, CreatePosOrderRequest, MERCHANT_ID,
    PosCancelPaymentResponse, PosOrder, PosOrderStatusResponse, PosRefundRequest,
    PosRefundResponse, STORE_ID,
};
use swip_protocol::{Amount, ApiErrorBody, SecretString};

use crate::args::TillArgs;
use crate::controls::Controls;
use crate::failure::Failure;

/// Who the till is: the headers of every POS request.
#[derive(Debug, Clone)]
pub struct TillIdentity {
    /// `X-Merchant-ID`.
    pub merchant_id: String,
    /// `X-Store-ID`.
    pub store_id: String,
    /// `X-Cash-ID`.
    pub cash_id: String,
    /// The store's static token (`Authorization: Bearer`); redacted in Debug output.
    pub token: SecretString,
}

/// A till of one store.
#[derive(Debug, Clone)]
pub struct Till {
    http: reqwest::Client,
    root: String,
    identity: TillIdentity,
}

impl Till {
    /// The till `args` describe. Its token and merchant come from the flags, or else from the
    /// sandbox's QA controls for the store.
    pub async fn connect(args: &TillArgs) -> Result<Self, Failure> {
        let store_id = args.store.clone().filter(|id| !id.trim().is_empty()).ok_or_else(|| {
            Failure::setup(
                "which store? Give --store STORE_ID (or SWIP_STORE_ID); `swip pos store` opens one",
            )
        })?;
        let (merchant_id, token) = match (&args.merchant_id, &args.token) {
            (Some(merchant_id), Some(token)) => (merchant_id.clone(), token.clone()),
            _ if args.pos_url.is_some() => {
                return Err(Failure::setup(
                    "with --pos-url, give --token and --merchant-id too (only a sandbox can tell them)",
                ));
            }
            _ => {
                let credentials = Controls::new(&args.sandbox_url)?
                    .pos_credentials(&store_id)
                    .await?;
                (
                    credentials.merchant_id,
                    SecretString::new(credentials.token),
                )
            }
        };
        let root = match &args.pos_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => sandbox_root(&args.sandbox_url),
        };
        let identity = TillIdentity {
            merchant_id,
            store_id,
            cash_id: args.cash_id.clone(),
            token,
        };
        Self::new(root, identity)
    }

    /// A till of `identity` on the POS API at `root`.
    pub fn new(root: String, identity: TillIdentity) -> Result<Self, Failure> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| Failure::setup(format!("cannot build an HTTP client: {e}")))?;
        Ok(Till {
            http,
            root,
            identity,
        })
    }

    /// `POST /orders`: a new OPEN order with its session code.
    pub async fn create(&self, request: &CreatePosOrderRequest) -> Result<PosOrder, Failure> {
        self.send(
            "create the order",
            reqwest::Method::POST,
            wire::ORDERS,
            Some(request),
        )
        .await
    }

    /// `GET /orders/{id}`.
    pub async fn order(&self, order_id: &str) -> Result<PosOrder, Failure> {
        self.get("read the order", &wire::order(order_id)).await
    }

    /// `GET /orders/{id}/status`.
    pub async fn status(&self, order_id: &str) -> Result<PosOrderStatusResponse, Failure> {
        self.get("read the order's status", &wire::order_status(order_id))
            .await
    }

    /// `GET /orders`: the store's orders.
    pub async fn orders(&self) -> Result<Vec<PosOrder>, Failure> {
        self.get("list the orders", wire::ORDERS).await
    }

    /// `POST /orders/{id}/close` with the final amount (`0` cancels).
    pub async fn close(&self, order_id: &str, amount: Amount) -> Result<PosOrder, Failure> {
        let body = ClosePosOrderRequest { amount };
        self.post("close the order", &wire::close(order_id), Some(&body))
            .await
    }

    /// `POST /orders/{id}/refund`.
    pub async fn refund(
        &self,
        order_id: &str,
        amount: Amount,
    ) -> Result<PosRefundResponse, Failure> {
        let body = PosRefundRequest { amount };
        self.post("refund", &wire::refund(order_id), Some(&body))
            .await
    }

    /// `POST /orders/{id}/cancel-payment`.
    pub async fn cancel_payment(
        &self,
        order_id: &str,
    ) -> Result<PosCancelPaymentResponse, Failure> {
        self.post::<_, ()>("cancel the payment", &wire::cancel_payment(order_id), None)
            .await
    }

    /// `POST /orders/{id}/cancel` (no body: the whole order).
    pub async fn cancel(&self, order_id: &str) -> Result<PosOrder, Failure> {
        self.post::<_, ()>("cancel the order", &wire::cancel(order_id), None)
            .await
    }

    async fn get<T: DeserializeOwned>(&self, what: &str, path: &str) -> Result<T, Failure> {
        self.send::<T, ()>(what, reqwest::Method::GET, path, None)
            .await
    }

    async fn post<T: DeserializeOwned, B: Serialize>(
        &self,
        what: &str,
        path: &str,
        body: Option<&B>,
    ) -> Result<T, Failure> {
        self.send(what, reqwest::Method::POST, path, body).await
    }

    async fn send<T: DeserializeOwned, B: Serialize>(
        &self,
        what: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<T, Failure> {
        let id = &self.identity;
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.root))
            .bearer_auth(id.token.expose())
            .header(API_VERSION, wire::API_VERSION_VALUE)
            .header(MERCHANT_ID, &id.merchant_id)
            .header(STORE_ID, &id.store_id)
            .header(CASH_ID, &id.cash_id);
        if let Some(body) = body {
            request = request.json(body);
        }
        let unreachable = |e: reqwest::Error| {
            Failure::setup(format!(
                "could not {what}: the POS API at {} did not answer: {}",
                self.root,
                e.without_url()
            ))
        };
        let response = request.send().await.map_err(unreachable)?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(unreachable)?;
        if status.is_success() {
            return serde_json::from_slice(&bytes).map_err(|e| {
                Failure::setup(format!(
                    "could not {what}: the answer is not a POS order: {e}"
                ))
            });
        }
        Err(match serde_json::from_slice::<ApiErrorBody>(&bytes) {
            Ok(error) => Failure::journey(format!("could not {what}: {}", refusal(&error))),
            Err(_) => Failure::setup(format!(
                "could not {what}: HTTP {status} without the error object (is {} a POS API?)",
                self.root
            )),
        })
    }
}

/// The POS API's root on the sandbox at `sandbox_url`.
pub fn sandbox_root(sandbox_url: &str) -> String {
    format!(
        "{}{}",
        sandbox_url.trim_end_matches('/'),
        wire::SANDBOX_PREFIX
    )
}

/// `code 32 (…): description; field: message`.
pub fn refusal(error: &ApiErrorBody) -> String {
    let name = error.error_code().name();
    let mut text = format!("refused with code {}", error.code);
    if !error.description.starts_with(name) {
        text.push_str(&format!(" ({name})"));
    }
    if !error.description.is_empty() {
        text.push_str(&format!(": {}", error.description));
    }
    for field in &error.field_errors {
        text.push_str(&format!("; {}: {}", field.field, field.message));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use swip_protocol::{ErrorCode, FieldError};

    #[test]
    fn a_refusal_names_the_code_its_meaning_and_each_field() {
        let mut error = ApiErrorBody::new(ErrorCode::from_u32(32), "refunds exceed the payment");
        let name = ErrorCode::from_u32(32).name();
        assert_eq!(
            refusal(&error),
            format!("refused with code 32 ({name}): refunds exceed the payment")
        );
        let named = ApiErrorBody::new(ErrorCode::from_u32(32), format!("{name}: over"));
        assert_eq!(
            refusal(&named),
            format!("refused with code 32: {name}: over")
        );
        error.field_errors.push(FieldError {
            field: "amount".into(),
            message: "must be above 0".into(),
            object_name: "PosRefundRequest".into(),
        });
        assert!(refusal(&error).ends_with("; amount: must be above 0"));
    }

    #[test]
    fn the_token_never_shows_in_debug_output() {
        let identity = TillIdentity {
            merchant_id: "m".into(),
            store_id: "s".into(),
            cash_id: "1".into(),
            token: SecretString::new("pos-token-secret"),
        };
        assert!(!format!("{identity:?}").contains("pos-token-secret"));
    }
}
