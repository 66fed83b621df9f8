//! Shell-side forms turned into validated input.

use serde::{Deserialize, Serialize};
use swip_protocol::Quantity;
use swip_protocol::orders::PurchaseRequest;

use crate::input::card::{CardInput, YearMonth};
use crate::input::{Field, InputError, InputErrors, Reason};

/// A card as typed in a form.
#[derive(Clone, Default)]
pub struct CardForm {
    /// The number, spaces allowed.
    pub number: String,
    /// Expiry month, 1–12.
    pub exp_month: u32,
    /// Expiry year, two or four digits.
    pub exp_year: u32,
    /// The CVV.
    pub cvv: String,
    /// The cardholder's name, Latin letters.
    pub holder: String,
}

impl std::fmt::Debug for CardForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CardForm(***)")
    }
}

impl CardForm {
    /// Validates the form against `today`.
    pub fn parse(&self, today: YearMonth) -> Result<CardInput, InputErrors> {
        CardInput::parse(
            &self.number,
            self.exp_month,
            self.exp_year,
            &self.cvv,
            &self.holder,
            today,
        )
    }
}

/// One line of an order to create.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderLine {
    /// The product's id in the merchant's catalog.
    pub product_id: String,
    /// How many (1.5 kg is valid).
    pub quantity: f64,
}

/// Longest id accepted.
const MAX_ID_LEN: usize = 64;

/// Validates an id typed or passed by a shell: 1–64 printable characters, no spaces.
pub(super) fn id(value: &str, field: Field) -> Result<String, InputError> {
    let err = |reason| InputError::new(field, reason);
    if value.is_empty() {
        return Err(err(Reason::Empty));
    }
    if value.len() > MAX_ID_LEN {
        return Err(err(Reason::TooLong));
    }
    if !value.chars().all(|c| c.is_ascii_graphic()) {
        return Err(err(Reason::InvalidCharacters));
    }
    Ok(value.to_owned())
}

/// Longest session code accepted (a QR's text: a code or a URL).
const MAX_SESSION_CODE_LEN: usize = 256;

/// Validates a till's session code: 1–256 characters, none of them a control character.
pub(super) fn session_code(value: &str) -> Result<String, InputError> {
    let err = |reason| InputError::new(Field::SessionCode, reason);
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(err(Reason::Empty));
    }
    if trimmed.chars().count() > MAX_SESSION_CODE_LEN {
        return Err(err(Reason::TooLong));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(err(Reason::InvalidCharacters));
    }
    Ok(trimmed.to_owned())
}

/// Validates an order: merchant and store ids, at least one line, every line valid.
pub(super) fn order(
    merchant_id: &str,
    store_id: &str,
    lines: &[OrderLine],
) -> Result<(String, String, Vec<PurchaseRequest>), InputErrors> {
    let mut errors = Vec::new();
    let merchant = id(merchant_id, Field::Merchant)
        .map_err(|e| errors.push(e))
        .ok();
    let store = id(store_id, Field::Merchant)
        .map_err(|e| errors.push(e))
        .ok();
    if lines.is_empty() {
        errors.push(InputError::new(Field::Purchases, Reason::Empty));
    }
    if lines.len() > 100 {
        errors.push(InputError::new(Field::Purchases, Reason::TooLong));
    }
    let mut purchases = Vec::with_capacity(lines.len());
    for line in lines {
        let product = id(&line.product_id, Field::ProductId)
            .map_err(|e| errors.push(e))
            .ok();
        let quantity = Quantity(line.quantity);
        if !quantity.is_valid() {
            errors.push(InputError::new(Field::Quantity, Reason::OutOfRange));
        }
        if let Some(product_id) = product {
            purchases.push(PurchaseRequest {
                product_id,
                quantity,
            });
        }
    }
    match (merchant, store, errors.is_empty()) {
        (Some(merchant), Some(store), true) => Ok((merchant, store, purchases)),
        _ => Err(InputErrors(errors)),
    }
}

/// True when `url` is `endpoint` up to the query and fragment: same scheme, host and port (a
/// default port written out or not), and the same path (a trailing `/` aside). Both are parsed
/// as WHATWG URLs, so case, user info and `.` segments cannot fool the comparison.
pub fn same_endpoint(url: &str, endpoint: &str) -> bool {
    fn parts(text: &str) -> Option<(String, String, Option<u16>, String)> {
        let url = url::Url::parse(text).ok()?;
        let host = url.host_str()?.to_owned();
        let path = url.path().trim_end_matches('/');
        let path = if path.is_empty() { "/" } else { path };
        Some((
            url.scheme().to_owned(),
            host,
            url.port_or_known_default(),
            path.to_owned(),
        ))
    }
    matches!((parts(url), parts(endpoint)), (Some(a), Some(b)) if a == b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_url_matching() {
        let endpoint = "http://127.0.0.1:8080/ext/3ds-return";
        assert!(same_endpoint(
            "http://127.0.0.1:8080/ext/3ds-return?deferredId=abc",
            endpoint
        ));
        assert!(same_endpoint(
            "HTTP://127.0.0.1:8080/ext/3ds-return/#x",
            endpoint
        ));
        assert!(!same_endpoint(
            "http://127.0.0.1:8081/ext/3ds-return",
            endpoint
        ));
        assert!(!same_endpoint(
            "http://evil.example/ext/3ds-return",
            endpoint
        ));
        assert!(!same_endpoint(
            "http://127.0.0.1:8080/ext/3ds-return-not",
            endpoint
        ));
        assert!(!same_endpoint(
            "https://127.0.0.1:8080/ext/3ds-return",
            endpoint
        ));
        assert!(same_endpoint(
            "https://swip.example/ext/3ds-return",
            "https://swip.example:443/ext/3ds-return"
        ));
        assert!(!same_endpoint("not a url", endpoint));
        assert!(same_endpoint(
            "http://user@127.0.0.1:8080/ext/x/../3ds-return",
            endpoint
        ));
        assert!(!same_endpoint(
            "http://127.0.0.1:8080@evil.example/ext/3ds-return",
            endpoint
        ));
    }

    #[test]
    fn orders_are_validated_before_any_request() {
        let ok = order(
            "m",
            "s",
            &[OrderLine {
                product_id: "p".into(),
                quantity: 1.5,
            }],
        )
        .unwrap();
        assert_eq!(ok.2.len(), 1);
        let errors = order(
            "",
            "s",
            &[OrderLine {
                product_id: "p q".into(),
                quantity: 0.0,
            }],
        )
        .unwrap_err();
        assert_eq!(
            errors.fields(),
            vec![Field::Merchant, Field::ProductId, Field::Quantity]
        );
        assert_eq!(
            order("m", "s", &[]).unwrap_err().fields(),
            vec![Field::Purchases]
        );
    }
}
