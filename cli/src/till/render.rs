//! A till's order as the cashier reads it.

use swip_protocol::pos::{PaymentMethod, PosOrder, PosOrderStatus};

use crate::receipt::quantity;

/// The order: id and session code, lines, the till's total, SWiP's loyalty, the money.
pub fn order(order: &PosOrder) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "order {} · {}{}\n",
        order.id,
        order.order_status.as_str(),
        order
            .cancel_reason
            .as_ref()
            .map(|reason| format!(" ({})", reason.as_str()))
            .unwrap_or_default()
    ));
    if order.order_status == PosOrderStatus::Open {
        out.push_str(&format!(
            "session code (show it to the customer as a QR): {}\n",
            order.session_code
        ));
    }
    out.push_str(&format!(
        "{} · {} · X-Cash-ID {} · cashier {}{}\n",
        order.merchant_name,
        order.merchant_store,
        order.merchant_cash,
        order.merchant_cashier,
        if order.merchant_order_number.is_empty() {
            String::new()
        } else {
            format!(" · receipt №{}", order.merchant_order_number)
        }
    ));
    for line in &order.purchases {
        out.push_str(&format!(
            "  {} {} × {} = {}{}\n",
            line.name,
            quantity(line.quantity.0),
            line.price,
            line.amount,
            if line.discount.kopecks() > 0 {
                format!(" (SWiP discount {})", line.discount)
            } else {
                String::new()
            }
        ));
    }
    out.push_str(&format!(
        "total {} ₽ (before the till's discount {} ₽) · SWiP discount {} ₽ · to pay {} ₽ · cashback {} ₽\n",
        order.total,
        order.total_original,
        order.discount.discount,
        order.amount_to_pay,
        order.cashback
    ));
    out.push_str(&format!(
        "customer: {} · paid in the app {} ₽ ({}){}{}{}",
        order.customer_id.as_deref().unwrap_or("none yet"),
        order.paid,
        order.payment_status.as_str(),
        order
            .payment_method
            .as_ref()
            .map(|method| format!(" · pays {}", method_text(method)))
            .unwrap_or_default(),
        order
            .closed_amount
            .map(|amount| format!(" · closed with {amount} ₽"))
            .unwrap_or_default(),
        if order.refunded.kopecks() > 0 {
            format!(" · refunded {} ₽", order.refunded)
        } else {
            String::new()
        }
    ));
    if let Some(loyalty) = loyalty_returned(order) {
        out.push('\n');
        out.push_str(&loyalty);
    }
    out
}

/// What the refunds took back of the customer's SWiP loyalty, `None` when nothing.
pub fn loyalty_returned(order: &PosOrder) -> Option<String> {
    if order.loyalty_reversed {
        Some(format!(
            "loyalty returned: cashback {} ₽ taken back, SWiP discount {} ₽ out of the customer's history \
             (the order no longer counts for them)",
            order.cashback_reversed, order.discount.discount
        ))
    } else if order.cashback_reversed.kopecks() > 0 {
        Some(format!(
            "loyalty returned in part: cashback {} ₽ of {} ₽ taken back",
            order.cashback_reversed, order.cashback
        ))
    } else {
        None
    }
}

/// One line per order, for `swip pos list`.
pub fn summary(order: &PosOrder) -> String {
    format!(
        "{}  {:<20} {:>10} ₽  paid {:>10} ₽  {}  code {}",
        order.id,
        order.order_status.as_str(),
        order.amount_to_pay.to_string(),
        order.paid.to_string(),
        order.payment_status.as_str(),
        order.session_code
    )
}

/// How the customer pays, in words.
pub fn method_text(method: &PaymentMethod) -> String {
    match method {
        PaymentMethod::Card => "in the app by card".into(),
        PaymentMethod::Cash => "in cash at the counter".into(),
        PaymentMethod::Terminal => "by card at the terminal".into(),
        PaymentMethod::Other(raw) => raw.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use swip_protocol::Amount;
    use swip_protocol::pos::{PosPaymentStatus, PosPurchase};

    #[test]
    fn an_open_order_shows_its_session_code_lines_and_loyalty() {
        let mut order = PosOrder {
            id: "o1".into(),
            session_code: "0123456789".into(),
            merchant_name: "SWiP Demo Shop".into(),
            total: Amount::from_kopecks(50_000),
            total_original: Amount::from_kopecks(50_000),
            amount_to_pay: Amount::from_kopecks(45_000),
            cashback: Amount::from_kopecks(2_250),
            purchases: vec![PosPurchase {
                name: "Cappuccino".into(),
                quantity: swip_protocol::Quantity(2.0),
                price: Amount::from_kopecks(25_000),
                amount: Amount::from_kopecks(50_000),
                discount: Amount::from_kopecks(5_000),
                ..PosPurchase::default()
            }],
            ..PosOrder::default()
        };
        let text = super::order(&order);
        assert!(text.contains("session code (show it to the customer as a QR): 0123456789"));
        assert!(text.contains("Cappuccino 2 × 250.00 = 500.00 (SWiP discount 50.00)"));
        assert!(
            text.contains("to pay 450.00 ₽ · cashback 22.50 ₽"),
            "{text}"
        );
        assert!(text.contains("customer: none yet"));

        order.order_status = PosOrderStatus::Closed;
        order.paid = Amount::from_kopecks(45_000);
        order.payment_status = PosPaymentStatus::Held;
        order.payment_method = Some(PaymentMethod::Card);
        order.closed_amount = Some(Amount::from_kopecks(45_000));
        let text = super::order(&order);
        assert!(!text.contains("session code"), "{text}");
        assert!(
            text.contains(
                "paid in the app 450.00 ₽ (HELD) · pays in the app by card · closed with 450.00 ₽"
            ),
            "{text}"
        );
        assert!(!text.contains("loyalty returned"), "{text}");

        order.refunded = Amount::from_kopecks(22_500);
        order.cashback_reversed = Amount::from_kopecks(1_125);
        let text = super::order(&order);
        assert!(
            text.contains("loyalty returned in part: cashback 11.25 ₽ of 22.50 ₽ taken back"),
            "{text}"
        );
        order.refunded = Amount::from_kopecks(45_000);
        order.cashback_reversed = Amount::from_kopecks(2_250);
        order.loyalty_reversed = true;
        let text = super::order(&order);
        assert!(
            text.contains("loyalty returned: cashback 22.50 ₽ taken back"),
            "{text}"
        );
    }
}
