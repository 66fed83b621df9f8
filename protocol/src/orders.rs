//! In-app orders and their payment.

use serde::{Deserialize, Serialize};

use crate::{Amount, Quantity};

/// `POST /inapp-orders`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateOrderRequest {
    /// The merchant's id in SWiP.
    pub merchant_id: String,
    /// The store's id in SWiP.
    pub merchant_store_id: String,
    /// What is bought.
    pub purchases: Vec<PurchaseRequest>,
}

/// One line of [`CreateOrderRequest`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PurchaseRequest {
    /// The product's id.
    pub product_id: String,
    /// How many (a double: 1.5 kg is valid).
    pub quantity: Quantity,
}

/// `POST /orders/{id}/payments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PayOrderRequest {
    /// Where the receipt goes.
    pub email: String,
    /// The card to charge.
    pub payment_card_id: String,
}

/// The order object, exactly as the document describes it. Every field but `id` may be absent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Order {
    /// The cash system the order came from (`"IIKO"`).
    pub cash_origin: String,
    /// Cashback the user earns.
    pub cashback: Amount,
    /// How the cashback was computed.
    pub cashback_calc_result: CashbackCalcResult,
    /// `"OK"` in the example.
    pub classifier: String,
    /// The customer's id.
    pub customer_id: String,
    /// Discounts applied.
    pub discount: Discount,
    /// True when a receipt e-mail is required to pay.
    pub email_required: bool,
    /// Points of an external loyalty programme.
    pub external_loyalty: ExternalLoyalty,
    /// The order's id in SWiP.
    pub id: String,
    /// The merchant's cash desk.
    pub merchant_cash: String,
    /// The cashier.
    pub merchant_cashier: String,
    /// The cashier's id.
    pub merchant_cashier_id: String,
    /// The merchant's category.
    pub merchant_category: String,
    /// The merchant's id.
    pub merchant_id: String,
    /// The merchant's name.
    pub merchant_name: String,
    /// The merchant's own order id.
    pub merchant_order_id: String,
    /// The merchant's own order number.
    pub merchant_order_number: String,
    /// The merchant's picture.
    pub merchant_profile_image_id: String,
    /// The store.
    pub merchant_store: String,
    /// The order's number as shown to the user.
    pub order_number: String,
    /// `"NEW"` when created.
    pub order_status: String,
    /// The lines.
    pub purchases: Vec<Purchase>,
    /// Sale time, milliseconds since 1970-01-01.
    pub sale_date: i64,
    /// The session code.
    pub session_code: String,
    /// What the user pays.
    pub total: Amount,
    /// The total before discounts.
    pub total_original: Amount,
}

/// `cashbackCalcResult`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CashbackCalcResult {
    /// One line per campaign.
    pub lines: Vec<CashbackLine>,
    /// Total cashback.
    pub total: Amount,
}

/// One cashback campaign applied.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CashbackLine {
    /// The campaign.
    pub campaign_id: String,
    /// Cashback from it.
    pub cashback: Amount,
    /// Purchases required by the campaign.
    pub cbo_required_count: f64,
    /// What the campaign is.
    pub description: String,
    /// Purchases counted.
    pub purchase_count: f64,
}

/// `discount`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Discount {
    /// Total discount.
    pub discount: Amount,
    /// Discount before limits.
    pub discount_original: Amount,
    /// One line per campaign.
    pub lines: Vec<DiscountLine>,
}

/// One discount campaign applied.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DiscountLine {
    /// The campaign.
    pub campaign_id: String,
    /// Purchases required by the campaign.
    pub cbo_required_count: f64,
    /// What the campaign is.
    pub description: String,
    /// Discount from it.
    pub discount: Amount,
    /// Purchases counted.
    pub purchase_count: f64,
}

/// `externalLoyalty`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ExternalLoyalty {
    /// The merchant's points.
    pub merchant_points: f64,
    /// Points moved by this order.
    pub points: LoyaltyPoints,
}

/// `externalLoyalty.points`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LoyaltyPoints {
    /// Points added.
    pub added: f64,
    /// Points removed.
    pub removed: f64,
    /// Balance.
    pub total: f64,
}

/// One line of an order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Purchase {
    /// `price × quantity − discount`.
    pub amount: Amount,
    /// Discount on the line.
    pub discount: Amount,
    /// The line's id.
    pub id: String,
    /// The merchant's own discount on the line.
    pub merchant_discount: Amount,
    /// The product's name.
    pub name: String,
    /// Unit price.
    pub price: Amount,
    /// The product's id.
    pub product_id: String,
    /// How many.
    pub quantity: Quantity,
    /// The unit (`"pcs"`, `"kg"`).
    pub unit: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOCUMENTED_ORDER: &str = r#"{ "cashOrigin": "IIKO", "cashback": 0, "cashbackCalcResult": { "lines": [ { "campaignId": "string", "cashback": 0, "cboRequiredCount": 0, "description": "string", "purchaseCount": 0 } ], "total": 0 }, "classifier": "OK", "customerId": "string", "discount": { "discount": 0, "discountOriginal": 0, "lines": [ { "campaignId": "string", "cboRequiredCount": 0, "description": "string", "discount": 0, "purchaseCount": 0 } ] }, "emailRequired": true, "externalLoyalty": { "merchantPoints": 0, "points": { "added": 0, "removed": 0, "total": 0 } }, "id": "string", "merchantCash": "string", "merchantCashier": "string", "merchantCashierId": "string", "merchantCategory": "string", "merchantId": "string", "merchantName": "string", "merchantOrderId": "string", "merchantOrderNumber": "string", "merchantProfileImageId": "string", "merchantStore": "string", "orderNumber": "string", "orderStatus": "NEW", "purchases": [ { "amount": 0, "discount": 0, "id": "string", "merchantDiscount": 0, "name": "string", "price": 0, "productId": "string", "quantity": 0, "unit": "string" } ], "saleDate": 0, "sessionCode": "string", "total": 0, "totalOriginal": 0 }"#;

    #[test]
    fn the_documented_order_round_trips_with_every_field() {
        let order: Order = serde_json::from_str(DOCUMENTED_ORDER).unwrap();
        assert_eq!(order.order_status, "NEW");
        assert_eq!(order.cash_origin, "IIKO");
        assert!(order.email_required);
        let original: serde_json::Value = serde_json::from_str(DOCUMENTED_ORDER).unwrap();
        let back = serde_json::to_value(&order).unwrap();
        assert_eq!(
            numbers_as_floats(back),
            numbers_as_floats(original),
            "serialising must give back the document's shape"
        );
    }

    /// `0` and `0.0` are the same JSON number to a reader; compare them as such.
    fn numbers_as_floats(value: serde_json::Value) -> serde_json::Value {
        use serde_json::Value;
        match value {
            Value::Number(n) => Value::from(n.as_f64().unwrap()),
            Value::Array(items) => Value::Array(items.into_iter().map(numbers_as_floats).collect()),
            Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| (k, numbers_as_floats(v)))
                    .collect(),
            ),
            other => other,
        }
    }

    #[test]
    fn requests_use_the_documented_field_names() {
        let request = CreateOrderRequest {
            merchant_id: "m".into(),
            merchant_store_id: "s".into(),
            purchases: vec![PurchaseRequest {
                product_id: "p".into(),
                quantity: Quantity(2.0),
            }],
        };
        let json = serde_json::to_value(&request).unwrap();
        assert_eq!(json["merchantStoreId"], "s");
        assert_eq!(json["purchases"][0]["productId"], "p");
        let pay = PayOrderRequest {
            email: "a@b.c".into(),
            payment_card_id: "c".into(),
        };
        assert_eq!(serde_json::to_value(&pay).unwrap()["paymentCardId"], "c");
    }
}
