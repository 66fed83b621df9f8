//! Paths of the in-app API. Route patterns (with `{id}`) for the server, builders for the client.

/// `POST` starts a signup (phone), `PUT` sets the PIN.
pub const SIGNUPS: &str = "/v2/signups";
/// `POST` verifies the SMS code.
pub const SIGNUP_VERIFICATIONS: &str = "/v2/signup-verifications";
/// `POST` asks for the SMS to be sent again.
pub const SMS_MESSAGES: &str = "/sms-messages";
/// `POST` logs a known user in from a new device.
pub const SIGNUP_DEVICES: &str = "/v2/signup-devices";
/// `POST` logs in with the PIN, `PUT` refreshes the token.
pub const AUTH: &str = "/auth";
/// `POST` binds a card, `GET` lists the cards.
pub const PAYMENT_CARDS: &str = "/payment-cards";
/// `POST /inapp-orders` creates an order.
pub const INAPP_ORDERS: &str = "/inapp-orders";
/// Extension: `GET` the current public key of the cryptogram format.
pub const CRYPTOGRAM_KEY: &str = "/ext/cryptogram-key";

/// Route pattern of [`deferred_status`].
pub const DEFERRED_STATUS_ROUTE: &str = "/deferred-results/{id}/status";
/// Route pattern of [`three_ds_page`].
pub const THREE_DS_PAGE_ROUTE: &str = "/deferred-results/{id}/binding-payment-card-3ds-result";
/// Route pattern of [`payment_card`].
pub const PAYMENT_CARD_ROUTE: &str = "/payment-cards/{id}";
/// Route pattern of [`set_default_card`].
pub const SET_DEFAULT_ROUTE: &str = "/payment-cards/{id}/actions/set-as-default";
/// Route pattern of [`unset_default_card`].
pub const UNSET_DEFAULT_ROUTE: &str = "/payment-cards/{id}/actions/unset-as-default";
/// Route pattern of [`order_payments`].
pub const ORDER_PAYMENTS_ROUTE: &str = "/orders/{id}/payments";

/// `GET` the status of a deferred operation (card binding or payment).
pub fn deferred_status(deferred_id: &str) -> String {
    format!("/deferred-results/{}/status", segment(deferred_id))
}

/// `GET` the 3-D Secure page of a card binding.
pub fn three_ds_page(deferred_id: &str) -> String {
    format!(
        "/deferred-results/{}/binding-payment-card-3ds-result",
        segment(deferred_id)
    )
}

/// `DELETE` a card.
pub fn payment_card(card_id: &str) -> String {
    format!("/payment-cards/{}", segment(card_id))
}

/// `POST` makes a card the default one.
pub fn set_default_card(card_id: &str) -> String {
    format!("/payment-cards/{}/actions/set-as-default", segment(card_id))
}

/// `POST` stops a card being the default one.
pub fn unset_default_card(card_id: &str) -> String {
    format!(
        "/payment-cards/{}/actions/unset-as-default",
        segment(card_id)
    )
}

/// `POST` pays an order.
pub fn order_payments(order_id: &str) -> String {
    format!("/orders/{}/payments", segment(order_id))
}

pub use crate::rules::percent::segment;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builders_match_the_route_patterns() {
        assert_eq!(
            deferred_status("abc"),
            DEFERRED_STATUS_ROUTE.replace("{id}", "abc")
        );
        assert_eq!(
            three_ds_page("abc"),
            THREE_DS_PAGE_ROUTE.replace("{id}", "abc")
        );
        assert_eq!(
            payment_card("abc"),
            PAYMENT_CARD_ROUTE.replace("{id}", "abc")
        );
        assert_eq!(
            set_default_card("abc"),
            SET_DEFAULT_ROUTE.replace("{id}", "abc")
        );
        assert_eq!(
            unset_default_card("abc"),
            UNSET_DEFAULT_ROUTE.replace("{id}", "abc")
        );
        assert_eq!(
            order_payments("abc"),
            ORDER_PAYMENTS_ROUTE.replace("{id}", "abc")
        );
    }

    #[test]
    fn ids_cannot_escape_their_segment() {
        assert_eq!(
            payment_card("../auth?x=1"),
            "/payment-cards/..%2Fauth%3Fx%3D1"
        );
    }
}
