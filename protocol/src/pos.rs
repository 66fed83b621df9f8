//! The POS API (`000_ae64502ad6f54369.txt`): a shop's till creates an order, the customer pays it in
//! the SWiP app (scenario 1) or confirms in the app and pays cash / at the bank terminal (scenario
//! 2), and the till reads the order, closes it, refunds it or cancels it.
//!
//! Every request carries `Authorization: Bearer <static token of the store>`, [`MERCHANT_ID`],
//! [`STORE_ID`], [`CASH_ID`] and `Api-Version: 2`. Paths are relative to the POS API's base URL; the
//! sandbox serves it under [`SANDBOX_PREFIX`]. The seed names `POST /orders` and
//! `GET /orders/{id}`; the other paths are the sandbox's reading of what the seed leaves out
//! (see `docs/extensions.md`, "POS API").
//!
//! Money (`total`, `paid`, `amount`…) is roubles on the wire, [`Amount`] (kopecks) in Rust.
//! Whether an order is paid is told by `paid` (the seed: "Payment is determined by the paid
//! field"), not by `orderStatus`.

use serde::{Deserialize, Serialize};

use crate::orders::{CashbackCalcResult, Discount};
use crate::paths::segment;
use crate::wire_enum::wire_enum;
use crate::{Amount, Quantity, tolerant};

/// Where the sandbox mounts the POS API: its base URL is the sandbox URL plus this prefix.
pub const SANDBOX_PREFIX: &str = "/pos-api";
/// Header: `Bearer <token>`, the store's static token.
pub const AUTHORIZATION: &str = "Authorization";
/// Header: the merchant's id, issued at registration (`merchantId`, e.g. `ABCD`).
pub const MERCHANT_ID: &str = "X-Merchant-ID";
/// Header: the store's id (`merchantStoreId` of `POST /stores`).
pub const STORE_ID: &str = "X-Store-ID";
/// Header: the till's id in the merchant's system, e.g. `1`.
pub const CASH_ID: &str = "X-Cash-ID";
/// The `Api-Version` the POS API sends ("valid for API version 2 and higher").
pub const API_VERSION_VALUE: &str = "2";

/// How long an order may stay OPEN on a till in fast-food or retail mode: 1.5 minutes.
pub const FAST_FOOD_OPEN_MS: i64 = 90_000;
/// How long an order may stay OPEN on a till in restaurant mode: 10 hours.
pub const RESTAURANT_OPEN_MS: i64 = 10 * 3_600_000;

/// `POST` creates an order; `GET` lists the store's orders (inferred: "statements").
pub const ORDERS: &str = "/orders";
/// Route pattern of [`order`].
pub const ORDER_ROUTE: &str = "/orders/{id}";
/// Route pattern of [`order_status`].
pub const ORDER_STATUS_ROUTE: &str = "/orders/{id}/status";
/// Route pattern of [`close`].
pub const CLOSE_ROUTE: &str = "/orders/{id}/close";
/// Route pattern of [`refund`].
pub const REFUND_ROUTE: &str = "/orders/{id}/refund";
/// Route pattern of [`cancel_payment`].
pub const CANCEL_PAYMENT_ROUTE: &str = "/orders/{id}/cancel-payment";
/// Route pattern of [`cancel`].
pub const CANCEL_ROUTE: &str = "/orders/{id}/cancel";

/// `GET` an order.
pub fn order(order_id: &str) -> String {
    format!("/orders/{}", segment(order_id))
}

/// `GET` an order's status.
pub fn order_status(order_id: &str) -> String {
    format!("/orders/{}/status", segment(order_id))
}

/// `POST` closes an order with the final amount (once; `0` cancels it).
pub fn close(order_id: &str) -> String {
    format!("/orders/{}/close", segment(order_id))
}

/// `POST` refunds (part of) a closed order.
pub fn refund(order_id: &str) -> String {
    format!("/orders/{}/refund", segment(order_id))
}

/// `POST` cancels a closed order's payment whose funds are still on hold.
pub fn cancel_payment(order_id: &str) -> String {
    format!("/orders/{}/cancel-payment", segment(order_id))
}

/// `POST` cancels an OPEN order (body optional).
pub fn cancel(order_id: &str) -> String {
    format!("/orders/{}/cancel", segment(order_id))
}

wire_enum! {
    /// `orderStatus`. The seed documents OPEN, LOYALTY_CALCULATION and CLOSED; CANCELLED is the
    /// sandbox's (an order cancelled, closed with 0, or expired). Payment is told by `paid`.
    #[derive(Default)]
    pub enum PosOrderStatus {
        /// Waiting for the customer, or paid / confirmed and waiting for the close.
        #[default]
        Open = "OPEN",
        /// The customer's payment in the app is running.
        LoyaltyCalculation = "LOYALTY_CALCULATION",
        /// Closed with an amount above 0. Only a CLOSED order can be refunded.
        Closed = "CLOSED",
        /// Cancelled: `POST /orders/{id}/cancel`, a close with 0 or a failed close, or the OPEN
        /// timeout. Any hold was released.
        Cancelled = "CANCELLED",
    }
}

wire_enum! {
    /// `paymentMethod`: how the customer pays.
    pub enum PaymentMethod {
        /// Scenario 1: in the SWiP app, with a bound card.
        Card = "CARD",
        /// Scenario 2: cash at the counter.
        Cash = "CASH",
        /// Scenario 2: a card at the bank's terminal.
        Terminal = "TERMINAL",
    }
}

wire_enum! {
    /// Extension `paymentStatus`: where the money paid in the app is (holding and withdrawal).
    #[derive(Default)]
    pub enum PosPaymentStatus {
        /// No payment in the app (unpaid, or scenario 2).
        #[default]
        None = "NONE",
        /// The app's payment is running.
        Processing = "PROCESSING",
        /// Funds are on hold on the card (`paid`); after a close, until the cancellation period ends.
        Held = "HELD",
        /// Withdrawn: the closed amount was captured.
        Captured = "CAPTURED",
        /// The hold was released (cancelled, closed with 0, failed close, expired, cancel-payment).
        Released = "RELEASED",
    }
}

wire_enum! {
    /// Extension `cancelReason`: why an order is CANCELLED.
    pub enum CancelReason {
        /// `POST /orders/{id}/cancel`.
        Cancelled = "CANCELLED",
        /// Closed with amount 0.
        ClosedWithZero = "CLOSED_WITH_ZERO",
        /// A close without a valid amount (or above what may be closed): the money was refunded.
        CloseFailed = "CLOSE_FAILED",
        /// Not closed before the OPEN timeout (1.5 min, or 10 h in restaurant mode).
        Expired = "EXPIRED",
    }
}

/// `POST /orders`: what the till sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatePosOrderRequest {
    /// The merchant's own order id; unique per store among orders not yet final.
    pub merchant_order_id: String,
    /// The number printed on the receipt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_order_number: Option<String>,
    /// The cashier's name.
    pub merchant_cashier: String,
    /// The cashier's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_cashier_id: Option<String>,
    /// Sale time, ms since 1970.
    pub sale_date: i64,
    /// The amount after the merchant's own discount, above 0, at most `totalOriginal`.
    pub total: Amount,
    /// The amount before discount: the sum of the lines' `amount`.
    pub total_original: Amount,
    /// The QR text; absent or empty: the server generates one (show it to the customer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_code: Option<String>,
    /// The lines, at least one.
    pub purchases: Vec<PosPurchaseRequest>,
}

/// One line of [`CreatePosOrderRequest`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PosPurchaseRequest {
    /// The line's id in the till; the server makes one when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// What it is.
    pub name: String,
    /// The line this one modifies (a modifier), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// The product's id, if any (campaigns for one product match it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_id: Option<String>,
    /// Pieces, kg or litres: above 0, at most 10000.
    pub quantity: Quantity,
    /// The unit (`"pcs"` when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Unit price.
    pub price: Amount,
    /// `price × quantity` (to the kopeck).
    pub amount: Amount,
}

/// The order object of the POS API. The seed says an order "can contain other fields that POS
/// is not using yet. They should be ignored": readers ignore unknown fields. Read tolerantly:
/// `id` and `total` are required; every other field, `null` or absent, reads as its default
/// (`orderStatus` OPEN, `paymentStatus` NONE, `null` for the optional ones). The app side
/// (`GET /ext/pos-orders`) answers the same object, with the user's personalised loyalty.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PosOrder {
    /// SWiP's order id: every later call uses it. Required.
    #[serde(deserialize_with = "tolerant::required_text")]
    pub id: String,
    /// The QR text (sent by the till, or generated).
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub session_code: String,
    /// Where the order is.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub order_status: PosOrderStatus,
    /// The merchant's id.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub merchant_id: String,
    /// The merchant's name.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub merchant_name: String,
    /// The store's id (`X-Store-ID`).
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub merchant_store_id: String,
    /// The store's name.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub merchant_store: String,
    /// The till that created the order (`X-Cash-ID`).
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub merchant_cash: String,
    /// The merchant's own order id.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub merchant_order_id: String,
    /// The number printed on the receipt.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub merchant_order_number: String,
    /// The cashier's name.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub merchant_cashier: String,
    /// The cashier's id.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub merchant_cashier_id: String,
    /// Sale time, ms since 1970.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub sale_date: i64,
    /// The till's amount after its own discount. Required.
    pub total: Amount,
    /// The till's amount before discount.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub total_original: Amount,
    /// The lines, with SWiP's discount per line.
    #[serde(default, deserialize_with = "tolerant::list_skipping_nulls")]
    pub purchases: Vec<PosPurchase>,
    /// The customer, once one paid or confirmed in the app; `null` before.
    #[serde(default)]
    pub customer_id: Option<String>,
    /// SWiP loyalty: discounts (`discount.discount` comes off `total`).
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub discount: Discount,
    /// SWiP loyalty: cashback the customer earns.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub cashback: Amount,
    /// How the cashback was computed.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub cashback_calc_result: CashbackCalcResult,
    /// Extension: what the customer pays: `total − discount.discount`.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub amount_to_pay: Amount,
    /// Paid in the app (funds held or captured); 0 when unpaid or paid at the counter.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub paid: Amount,
    /// How the customer pays, once known; `null` before.
    #[serde(default)]
    pub payment_method: Option<PaymentMethod>,
    /// Extension: where the app's money is.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub payment_status: PosPaymentStatus,
    /// Extension: the amount the order was closed with; `null` until closed.
    #[serde(default)]
    pub closed_amount: Option<Amount>,
    /// Extension: why the order is CANCELLED; `null` otherwise.
    #[serde(default)]
    pub cancel_reason: Option<CancelReason>,
    /// Extension: the sum of the refunds so far.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub refunded: Amount,
    /// Extension: the part of `cashback` taken back by the refunds (seed 000: "The SWiP loyalty
    /// will also be returned"): in proportion to the amount refunded, all of it once refunded in full.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub cashback_reversed: Amount,
    /// Extension: true once the order is refunded in full: its loyalty is returned (the cashback
    /// taken back, the discount no longer in the customer's history, and the order no longer makes
    /// them a returning customer).
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub loyalty_reversed: bool,
    /// Extension: when the order was created, ms on the server's clock.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub created_at: i64,
    /// Extension: when an order not yet closed is cancelled by the OPEN timeout, ms.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub expires_at: i64,
    /// Extension: when the order was closed or cancelled, ms; `null` before.
    #[serde(default)]
    pub closed_at: Option<i64>,
}

/// One line of a [`PosOrder`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PosPurchase {
    /// The line's id.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub id: String,
    /// What it is.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub name: String,
    /// The line this one modifies, if any.
    #[serde(default)]
    pub parent_id: Option<String>,
    /// The product's id, if any.
    #[serde(default)]
    pub product_id: Option<String>,
    /// How many.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub quantity: Quantity,
    /// The unit.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub unit: String,
    /// Unit price.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub price: Amount,
    /// `price × quantity`, as the till sent it.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub amount: Amount,
    /// The share of the till's own discount (`totalOriginal − total`) on this line.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub merchant_discount: Amount,
    /// SWiP's discount on this line.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub discount: Amount,
}

/// `GET /orders/{id}/status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PosOrderStatusResponse {
    /// The order's id. Required.
    #[serde(deserialize_with = "tolerant::required_text")]
    pub id: String,
    /// Where the order is.
    pub order_status: PosOrderStatus,
    /// Paid in the app.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub paid: Amount,
    /// How the customer pays, once known.
    #[serde(default)]
    pub payment_method: Option<PaymentMethod>,
    /// Where the app's money is.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub payment_status: PosPaymentStatus,
}

/// `POST /orders/{id}/close`: `{"amount": 100}`. `0` cancels the order; a close without a valid
/// amount fails and the money is refunded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClosePosOrderRequest {
    /// The final amount: at most `paid` for an order paid in the app, at most `total` otherwise.
    pub amount: Amount,
}

/// `POST /orders/{id}/refund`: `{"amount": 10}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PosRefundRequest {
    /// The amount to give back, above 0; all refunds together at most the closed amount.
    pub amount: Amount,
}

/// The answer of a refund: its status and description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PosRefundResponse {
    /// `SUCCESS`.
    #[serde(deserialize_with = "tolerant::required_text")]
    pub status: String,
    /// What happened.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub description: String,
    /// Extension: the refund's id.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub refund_id: String,
    /// Extension: the amount refunded now.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub amount: Amount,
    /// Extension: all refunds of the order so far.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub refunded: Amount,
}

/// The answer of a payment cancellation: its status and description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PosCancelPaymentResponse {
    /// `SUCCESS`.
    #[serde(deserialize_with = "tolerant::required_text")]
    pub status: String,
    /// What happened.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub description: String,
    /// Extension: the amount released from hold.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub released: Amount,
}

/// `POST /orders/{id}/cancel`: the body is optional; absent (or without `purchases`) the whole
/// order is cancelled. With `purchases`, only those lines are removed (inferred).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CancelPosOrderRequest {
    /// The lines to remove.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purchases: Option<Vec<PurchaseRef>>,
}

/// A line named by its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseRef {
    /// The line's id.
    pub id: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Quick start's order (the seed's own example bodies were not preserved).
    const CREATE: &str = r#"{ "merchantOrderId": "c1f6c5a4-7f0e-4b6e-9a1b-1d2e3f4a5b6c", "merchantOrderNumber": "1029", "merchantCashier": "Anna", "merchantCashierId": "7", "saleDate": 1780272000000, "total": 450, "totalOriginal": 500, "sessionCode": "", "purchases": [ { "id": "1", "name": "Cappuccino", "parentId": null, "productId": "cappuccino", "quantity": 2, "unit": "pcs", "price": 250, "amount": 500 } ] }"#;

    #[test]
    fn a_create_request_parses_and_serialises_back() {
        let request: CreatePosOrderRequest = serde_json::from_str(CREATE).unwrap();
        assert_eq!(request.total, Amount::from_kopecks(45_000));
        assert_eq!(request.session_code.as_deref(), Some(""));
        assert_eq!(request.purchases[0].parent_id, None);
        assert_eq!(request.purchases[0].quantity, Quantity(2.0));
        let back = serde_json::to_value(&request).unwrap();
        assert_eq!(
            back["merchantOrderId"],
            "c1f6c5a4-7f0e-4b6e-9a1b-1d2e3f4a5b6c"
        );
        assert_eq!(back["purchases"][0]["amount"], 500);
        assert!(back["purchases"][0].get("parentId").is_none());
    }

    #[test]
    fn an_order_keeps_unknown_values_and_ignores_unknown_fields() {
        let raw = r#"{ "id": "o1", "total": 100, "sessionCode": "https://swip.one/?qr=01234567890", "orderStatus": "PAID_SOMEHOW", "paid": 100, "paymentMethod": "CARD", "paymentStatus": "HELD", "customerId": null, "somethingNew": 1 }"#;
        let order: PosOrder = serde_json::from_str(raw).unwrap();
        assert_eq!(
            order.order_status,
            PosOrderStatus::Other("PAID_SOMEHOW".into())
        );
        assert_eq!(order.paid, Amount::from_kopecks(10_000));
        assert_eq!(order.payment_method, Some(PaymentMethod::Card));
        assert_eq!(order.payment_status, PosPaymentStatus::Held);
        assert_eq!(order.customer_id, None);
        let empty: PosOrder = serde_json::from_str(r#"{"id":"x","total":1}"#).unwrap();
        assert_eq!(empty.order_status, PosOrderStatus::Open);
        assert_eq!(empty.payment_status, PosPaymentStatus::None);
        let back = serde_json::to_value(&order).unwrap();
        assert_eq!(back["customerId"], serde_json::Value::Null);
        assert_eq!(back["orderStatus"], "PAID_SOMEHOW");
    }

    #[test]
    fn status_values_round_trip() {
        for raw in ["OPEN", "LOYALTY_CALCULATION", "CLOSED", "CANCELLED"] {
            let status: PosOrderStatus = serde_json::from_value(raw.into()).unwrap();
            assert!(!matches!(status, PosOrderStatus::Other(_)));
            assert_eq!(serde_json::to_value(&status).unwrap(), raw);
        }
        for raw in ["CARD", "CASH", "TERMINAL"] {
            let method: PaymentMethod = serde_json::from_value(raw.into()).unwrap();
            assert_eq!(method.as_str(), raw);
        }
        for raw in ["CANCELLED", "CLOSED_WITH_ZERO", "CLOSE_FAILED", "EXPIRED"] {
            let reason: CancelReason = serde_json::from_value(raw.into()).unwrap();
            assert!(!matches!(reason, CancelReason::Other(_)));
        }
        for raw in ["NONE", "PROCESSING", "HELD", "CAPTURED", "RELEASED"] {
            let status: PosPaymentStatus = serde_json::from_value(raw.into()).unwrap();
            assert!(!matches!(status, PosPaymentStatus::Other(_)));
        }
    }

    #[test]
    fn operation_bodies() {
        let close: ClosePosOrderRequest = serde_json::from_str(r#"{"amount": 0}"#).unwrap();
        assert_eq!(close.amount, Amount::ZERO);
        let refund = PosRefundRequest {
            amount: Amount::from_kopecks(1_050),
        };
        assert_eq!(
            serde_json::to_string(&refund).unwrap(),
            r#"{"amount":10.5}"#
        );
        let cancel: CancelPosOrderRequest = serde_json::from_str("{}").unwrap();
        assert_eq!(cancel.purchases, None);
        let partial: CancelPosOrderRequest =
            serde_json::from_str(r#"{"purchases":[{"id":"1"}]}"#).unwrap();
        assert_eq!(partial.purchases.unwrap()[0].id, "1");
    }

    #[test]
    fn path_builders_match_the_routes() {
        for (built, route) in [
            (order("a"), ORDER_ROUTE),
            (order_status("a"), ORDER_STATUS_ROUTE),
            (close("a"), CLOSE_ROUTE),
            (refund("a"), REFUND_ROUTE),
            (cancel_payment("a"), CANCEL_PAYMENT_ROUTE),
            (cancel("a"), CANCEL_ROUTE),
        ] {
            assert_eq!(built, route.replace("{id}", "a"));
        }
        assert_eq!(order("../x"), "/orders/..%2Fx");
    }
}
