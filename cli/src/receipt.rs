//! [`Receipt`]: the paid order as the user would keep it.

use crate::order_number;
use serde::Serialize;
use swip_core::journey::{CounterPayment, OrderView, PaymentAttempt};
use swip_protocol::Amount;

/// A paid order: what was bought, what it cost, what comes back, which card paid.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    /// The number shown to the user.
    pub order_number: String,
    /// The merchant.
    pub merchant: String,
    /// The store.
    pub store: String,
    /// The lines.
    pub items: Vec<ReceiptItem>,
    /// Before discounts.
    pub total_original: Amount,
    /// Discount.
    pub discount: Amount,
    /// Paid.
    pub total: Amount,
    /// Cashback earned.
    pub cashback: Amount,
    /// How it was paid: the card, masked, or the counter's way.
    pub paid_with: String,
    /// Where the receipt was sent (none when paid at the counter: the till prints it).
    pub email: Option<String>,
}

/// One line of a [`Receipt`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptItem {
    /// The product.
    pub name: String,
    /// How many.
    pub quantity: f64,
    /// Unit price.
    pub price: Amount,
    /// Line total before its discount (`price × quantity`): the lines add up to "Total before
    /// discount", and the discount is one line below them.
    pub amount_before_discount: Amount,
}

impl Receipt {
    /// The receipt of `order`, paid in the app by `attempt`.
    pub fn new(order: &OrderView, attempt: &PaymentAttempt) -> Self {
        Receipt {
            paid_with: attempt.card_masked.clone(),
            email: Some(attempt.email.as_str().to_owned()),
            ..Self::of(order)
        }
    }

    /// The receipt of a till's `order` paid at the counter by `method`.
    pub fn at_counter(order: &OrderView, method: CounterPayment) -> Self {
        Receipt {
            paid_with: match method {
                CounterPayment::Cash => "cash at the counter".into(),
                CounterPayment::Terminal => "card at the bank's terminal".into(),
            },
            ..Self::of(order)
        }
    }

    fn of(order: &OrderView) -> Self {
        Receipt {
            order_number: order.order_number.clone(),
            merchant: order.merchant_name.clone(),
            store: order.store_name.clone(),
            items: order
                .lines
                .iter()
                .map(|l| ReceiptItem {
                    name: l.name.clone(),
                    quantity: l.quantity,
                    price: l.price,
                    amount_before_discount: l.amount_before_discount(),
                })
                .collect(),
            total_original: order.total_original,
            discount: order.discount,
            total: order.total,
            cashback: order.cashback,
            paid_with: String::new(),
            email: None,
        }
    }

    /// The receipt as text, 56 columns wide.
    pub fn render(&self) -> String {
        const WIDTH: usize = 56;
        let rule = "─".repeat(WIDTH);
        let row = |label: &str, value: &str| {
            let pad = WIDTH
                .saturating_sub(label.chars().count() + value.chars().count())
                .max(1);
            format!("{label}{}{value}\n", " ".repeat(pad))
        };
        let mut out = String::new();
        out.push_str(&format!("{rule}\n"));
        out.push_str(&row(
            &format!("Order{}", order_number::suffix(&self.order_number)),
            "PAID",
        ));
        // Merchant and store, leaving out what the server did not send.
        let place: Vec<&str> = [self.merchant.as_str(), self.store.as_str()]
            .into_iter()
            .filter(|part| !part.trim().is_empty())
            .collect();
        if !place.is_empty() {
            out.push_str(&format!("{}\n", place.join(" · ")));
        }
        out.push_str(&format!("{rule}\n"));
        for item in &self.items {
            let line = format!("{} × {}", quantity(item.quantity), item.price);
            out.push_str(&row(
                &format!("{}  {line}", item.name),
                &item.amount_before_discount.to_string(),
            ));
        }
        out.push_str(&format!("{rule}\n"));
        out.push_str(&row(
            "Total before discount",
            &format!("{} ₽", self.total_original),
        ));
        out.push_str(&row("Discount", &format!("-{} ₽", self.discount)));
        out.push_str(&row("Total", &format!("{} ₽", self.total)));
        out.push_str(&row("Cashback", &format!("{} ₽", self.cashback)));
        out.push_str(&row("Paid with", &self.paid_with));
        if let Some(email) = &self.email {
            out.push_str(&row("Receipt sent to", email));
        }
        out.push_str(&rule);
        out
    }
}

/// A quantity as people write it: `2`, `1.5`.
pub fn quantity(quantity: f64) -> String {
    if quantity.fract() == 0.0 {
        format!("{quantity:.0}")
    } else {
        format!("{quantity}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use swip_core::journey::OrderLineView;

    #[test]
    fn shows_number_items_totals_cashback_and_card() {
        let order = OrderView {
            id: "o1".into(),
            order_number: "000042".into(),
            merchant_name: "SWiP Coffee".into(),
            store_name: "Tverskaya 1".into(),
            lines: vec![OrderLineView {
                name: "Cappuccino".into(),
                quantity: 2.0,
                price: Amount::from_kopecks(25_000),
                amount: Amount::from_kopecks(50_000),
                discount: Amount::ZERO,
            }],
            total_original: Amount::from_kopecks(50_000),
            discount: Amount::ZERO,
            total: Amount::from_kopecks(50_000),
            cashback: Amount::from_kopecks(2_500),
            email_required: false,
        };
        let attempt = PaymentAttempt {
            idempotency_key: swip_core::api::IdempotencyKey::parse("k").unwrap(),
            card_id: "c".into(),
            card_masked: "**** **** **** 1111".into(),
            email: swip_core::input::Email::parse("qa@swip.test").unwrap(),
            deferred_id: None,
            started_at_ms: 0,
        };
        let text = Receipt::new(&order, &attempt).render();
        assert!(text.contains("Order №000042"), "{text}");
        assert!(text.contains("Cappuccino  2 × 250.00"), "{text}");
        assert!(
            text.contains("Cashback") && text.contains("25.00 ₽"),
            "{text}"
        );
        assert!(text.contains("**** **** **** 1111"), "{text}");
        assert!(text.contains("Receipt sent to"), "{text}");
        assert_eq!(quantity(1.5), "1.5");
        let counter = Receipt::at_counter(&order, CounterPayment::Cash).render();
        assert!(counter.contains("cash at the counter"), "{counter}");
        assert!(!counter.contains("Receipt sent to"), "{counter}");
    }
}
