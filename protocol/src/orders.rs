//! In-app orders and their payment.

use serde::{Deserialize, Serialize};

use crate::{Amount, Quantity, tolerant};

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

/// The order object, exactly as the document describes it. Read tolerantly: `id` and `total` are
/// required (the journey cannot pay without them); every other field, `null` or absent, reads as
/// its default (`""`, 0, `false`, an empty list, an empty object).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    /// The cash system the order came from (`"IIKO"`).
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub cash_origin: String,
    /// Cashback the user earns.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub cashback: Amount,
    /// How the cashback was computed.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub cashback_calc_result: CashbackCalcResult,
    /// `"OK"` in the example.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub classifier: String,
    /// The customer's id.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub customer_id: String,
    /// Discounts applied.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub discount: Discount,
    /// True when a receipt e-mail is required to pay.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub email_required: bool,
    /// Points of an external loyalty programme.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub external_loyalty: ExternalLoyalty,
    /// The order's id in SWiP (required).
    #[serde(deserialize_with = "tolerant::required_text")]
    pub id: String,
    /// The merchant's cash desk.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub merchant_cash: String,
    /// The cashier.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub merchant_cashier: String,
    /// The cashier's id.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub merchant_cashier_id: String,
    /// The merchant's category.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub merchant_category: String,
    /// The merchant's id.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub merchant_id: String,
    /// The merchant's name.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub merchant_name: String,
    /// The merchant's own order id.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub merchant_order_id: String,
    /// The merchant's own order number.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub merchant_order_number: String,
    /// The merchant's picture.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub merchant_profile_image_id: String,
    /// The store.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub merchant_store: String,
    /// The order's number as shown to the user.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub order_number: String,
    /// `"NEW"` when created.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub order_status: String,
    /// The lines.
    #[serde(default, deserialize_with = "tolerant::list_skipping_nulls")]
    pub purchases: Vec<Purchase>,
    /// Sale time, milliseconds since 1970-01-01.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub sale_date: i64,
    /// The session code.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub session_code: String,
    /// What the user pays (required; `null` fails the answer).
    pub total: Amount,
    /// The total before discounts.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub total_original: Amount,
}

/// `cashbackCalcResult`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CashbackCalcResult {
    /// One line per campaign.
    #[serde(default, deserialize_with = "tolerant::list_skipping_nulls")]
    pub lines: Vec<CashbackLine>,
    /// Total cashback.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub total: Amount,
}

/// One cashback campaign applied.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CashbackLine {
    /// The campaign.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub campaign_id: String,
    /// Cashback from it.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub cashback: Amount,
    /// Purchases required by the campaign.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub cbo_required_count: f64,
    /// What the campaign is.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub description: String,
    /// Purchases counted.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub purchase_count: f64,
}

/// `discount`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Discount {
    /// Total discount.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub discount: Amount,
    /// Discount before limits.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub discount_original: Amount,
    /// One line per campaign.
    #[serde(default, deserialize_with = "tolerant::list_skipping_nulls")]
    pub lines: Vec<DiscountLine>,
}

/// One discount campaign applied.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DiscountLine {
    /// The campaign.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub campaign_id: String,
    /// Purchases required by the campaign.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub cbo_required_count: f64,
    /// What the campaign is.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub description: String,
    /// Discount from it.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub discount: Amount,
    /// Purchases counted.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub purchase_count: f64,
}

/// `externalLoyalty`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ExternalLoyalty {
    /// The merchant's points.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub merchant_points: f64,
    /// Points moved by this order.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub points: LoyaltyPoints,
}

/// `externalLoyalty.points`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct LoyaltyPoints {
    /// Points added.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub added: f64,
    /// Points removed.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub removed: f64,
    /// Balance.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub total: f64,
}

/// One line of an order.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Purchase {
    /// `price × quantity − discount`.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub amount: Amount,
    /// Discount on the line.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub discount: Amount,
    /// The line's id.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub id: String,
    /// The merchant's own discount on the line.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub merchant_discount: Amount,
    /// The product's name.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub name: String,
    /// Unit price.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub price: Amount,
    /// The product's id.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub product_id: String,
    /// How many.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub quantity: Quantity,
    /// The unit (`"pcs"`, `"kg"`).
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
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
