//! Waiting at the till for the customer: the order's status read once a second until the
//! customer has paid in the app, chosen to pay at the counter, or the order has ended. Bounded:
//! the wait ends at its deadline whatever the server says (the seed's 45 s by default, after
//! which `swip pos wait` closes the order with amount 0).

use std::time::Duration;

use swip_protocol::Amount;
use swip_protocol::pos::{PaymentMethod, PosOrderStatus, PosOrderStatusResponse, PosPaymentStatus};
use tokio::time::Instant;

use super::client::Till;
use crate::failure::Failure;

/// How often the till reads the status (the contract's rhythm for polling).
pub const POLL_INTERVAL: Duration = Duration::from_secs(1);

/// What the customer did, as the till can tell from the status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomerAnswer {
    /// Paid in the app: the funds are held (or already captured).
    PaidInApp(Amount),
    /// Confirmed in the app; pays in cash or at the terminal.
    AtCounter(PaymentMethod),
    /// The order ended before the customer answered (closed elsewhere, cancelled, expired).
    Ended(PosOrderStatus),
}

/// The customer's answer in `status`, or `None` while the till should keep waiting.
pub fn customer_answer(status: &PosOrderStatusResponse) -> Option<CustomerAnswer> {
    let money_in = matches!(
        status.payment_status,
        PosPaymentStatus::Held | PosPaymentStatus::Captured
    );
    if money_in && status.paid.kopecks() > 0 {
        return Some(CustomerAnswer::PaidInApp(status.paid));
    }
    match (&status.payment_method, &status.order_status) {
        (Some(method @ (PaymentMethod::Cash | PaymentMethod::Terminal)), _) => {
            Some(CustomerAnswer::AtCounter(method.clone()))
        }
        (_, ended @ (PosOrderStatus::Closed | PosOrderStatus::Cancelled)) => {
            Some(CustomerAnswer::Ended(ended.clone()))
        }
        _ => None,
    }
}

/// How long a till waits for the payment by default: seed 000, "The POS system waits 45 seconds
/// for payment. If there is no payment during this time, the POS system closes the order with
/// amount=0."
pub const SEED_WAIT: Duration = Duration::from_secs(45);

/// How a bounded wait ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Waited {
    /// The customer answered (or the order ended).
    Answered(CustomerAnswer),
    /// The deadline passed first; the last status read (at the deadline).
    TimedOut(PosOrderStatusResponse),
}

/// Reads the status every [`POLL_INTERVAL`] until the customer answers or `timeout` passes (the
/// last read is at the deadline).
pub async fn until_answer(
    till: &Till,
    order_id: &str,
    timeout: Duration,
) -> Result<Waited, Failure> {
    let deadline = Instant::now() + timeout;
    loop {
        let status = till.status(order_id).await?;
        if let Some(answer) = customer_answer(&status) {
            return Ok(Waited::Answered(answer));
        }
        let now = Instant::now();
        if now >= deadline {
            return Ok(Waited::TimedOut(status));
        }
        tokio::time::sleep_until(deadline.min(now + POLL_INTERVAL)).await;
    }
}

/// Reads the status every [`POLL_INTERVAL`] until the customer answers; a journey failure when
/// `timeout` passes first (the last read is at the deadline).
pub async fn for_customer(
    till: &Till,
    order_id: &str,
    timeout: Duration,
) -> Result<CustomerAnswer, Failure> {
    match until_answer(till, order_id, timeout).await? {
        Waited::Answered(answer) => Ok(answer),
        Waited::TimedOut(status) => Err(no_answer(order_id, timeout, &status)),
    }
}

/// The failure of a wait that saw no answer within `timeout`.
pub fn no_answer(order_id: &str, timeout: Duration, status: &PosOrderStatusResponse) -> Failure {
    Failure::journey(format!(
        "order {order_id}: no answer from the customer within {} s (still {}, payment {})",
        timeout.as_secs(),
        status.order_status.as_str(),
        status.payment_status.as_str()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(
        order: PosOrderStatus,
        paid: i64,
        method: Option<PaymentMethod>,
        payment: PosPaymentStatus,
    ) -> PosOrderStatusResponse {
        PosOrderStatusResponse {
            id: "o".into(),
            order_status: order,
            paid: Amount::from_kopecks(paid),
            payment_method: method,
            payment_status: payment,
        }
    }

    #[test]
    fn the_till_waits_through_processing_and_stops_at_an_answer() {
        use PosOrderStatus as O;
        use PosPaymentStatus as P;
        let open = status(O::Open, 0, None, P::None);
        assert_eq!(customer_answer(&open), None);
        let paying = status(
            O::LoyaltyCalculation,
            0,
            Some(PaymentMethod::Card),
            P::Processing,
        );
        assert_eq!(customer_answer(&paying), None);
        let held = status(O::Open, 45_000, Some(PaymentMethod::Card), P::Held);
        assert_eq!(
            customer_answer(&held),
            Some(CustomerAnswer::PaidInApp(Amount::from_kopecks(45_000)))
        );
        let cash = status(O::Open, 0, Some(PaymentMethod::Cash), P::None);
        assert_eq!(
            customer_answer(&cash),
            Some(CustomerAnswer::AtCounter(PaymentMethod::Cash))
        );
        let released = status(O::Cancelled, 45_000, Some(PaymentMethod::Card), P::Released);
        assert_eq!(
            customer_answer(&released),
            Some(CustomerAnswer::Ended(O::Cancelled))
        );
    }
}
