//! Extension: the app's side of a POS order. The POS seed says the app "requests order detailed
//! information" and the user "receives the Order object with personalized loyalty", then pays in
//! the app (scenario 1) or confirms payment at the counter (scenario 2), but documents no endpoint.
//! These are the sandbox's (`docs/extensions.md`, "The app's side of a POS order"), on the in-app
//! API's base URL with its `X-Auth-Token` session and `Api-Version: 2`:
//!
//! - `GET /ext/pos-orders?sessionCode=…` → [`PosOrder`] with the user's personalised loyalty;
//! - `GET /ext/pos-orders/{id}` → the same, to follow an order (e.g. after a restart);
//! - `POST /ext/pos-orders/{id}/payments` [`PayOrderRequest`] (+ `Idempotency-Key`) →
//!   [`DeferredResponse`], polled with `GET /deferred-results/{id}/status` like an in-app payment;
//!   SUCCESS means the funds are on hold (`paid`), captured once the till closes the order;
//! - `POST /ext/pos-orders/{id}/pay-at-counter` [`PayAtCounterRequest`] → [`PosOrder`]: the user
//!   pays cash or at the terminal; the till sees the order unpaid, with loyalty applied, and closes
//!   it with the amount taken.
//!
//! [`PosOrder`]: crate::pos::PosOrder
//! [`PayOrderRequest`]: crate::orders::PayOrderRequest
//! [`DeferredResponse`]: crate::deferred::DeferredResponse

use serde::{Deserialize, Serialize};

use crate::paths::segment;
use crate::pos::PaymentMethod;

/// `GET ?sessionCode=…`: finds an order by its session code (the QR text, verbatim).
pub const POS_ORDERS: &str = "/ext/pos-orders";
/// The query parameter of [`POS_ORDERS`].
pub const SESSION_CODE_PARAM: &str = "sessionCode";
/// Route pattern of [`pos_order`].
pub const POS_ORDER_ROUTE: &str = "/ext/pos-orders/{id}";
/// Route pattern of [`payments`].
pub const PAYMENTS_ROUTE: &str = "/ext/pos-orders/{id}/payments";
/// Route pattern of [`pay_at_counter`].
pub const PAY_AT_COUNTER_ROUTE: &str = "/ext/pos-orders/{id}/pay-at-counter";

/// `GET` the order whose session code is `session_code` (percent-encoded into the query).
pub fn find_by_session_code(session_code: &str) -> String {
    format!(
        "{POS_ORDERS}?{SESSION_CODE_PARAM}={}",
        segment(session_code)
    )
}

/// `GET` an order the user found or paid.
pub fn pos_order(order_id: &str) -> String {
    format!("/ext/pos-orders/{}", segment(order_id))
}

/// `POST` pays an order in the app (scenario 1).
pub fn payments(order_id: &str) -> String {
    format!("/ext/pos-orders/{}/payments", segment(order_id))
}

/// `POST` chooses to pay at the counter (scenario 2).
pub fn pay_at_counter(order_id: &str) -> String {
    format!("/ext/pos-orders/{}/pay-at-counter", segment(order_id))
}

/// `POST /ext/pos-orders/{id}/pay-at-counter`: `{"paymentMethod": "CASH" | "TERMINAL"}`; the body
/// may be empty (cash).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PayAtCounterRequest {
    /// `CASH` (the default) or `TERMINAL`; `CARD` is refused (that is paying in the app).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method: Option<PaymentMethod>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(
            find_by_session_code("https://swip.one/?qr=0123"),
            "/ext/pos-orders?sessionCode=https%3A%2F%2Fswip.one%2F%3Fqr%3D0123"
        );
        assert_eq!(
            find_by_session_code("4821"),
            "/ext/pos-orders?sessionCode=4821"
        );
        assert_eq!(pos_order("a"), POS_ORDER_ROUTE.replace("{id}", "a"));
        assert_eq!(payments("a"), PAYMENTS_ROUTE.replace("{id}", "a"));
        assert_eq!(
            pay_at_counter("a/b"),
            "/ext/pos-orders/a%2Fb/pay-at-counter"
        );
    }

    #[test]
    fn the_counter_request() {
        let empty: PayAtCounterRequest = serde_json::from_str("{}").unwrap();
        assert_eq!(empty.payment_method, None);
        let terminal = PayAtCounterRequest {
            payment_method: Some(PaymentMethod::Terminal),
        };
        assert_eq!(
            serde_json::to_string(&terminal).unwrap(),
            r#"{"paymentMethod":"TERMINAL"}"#
        );
    }
}
