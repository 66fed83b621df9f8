//! Typed input errors: which field, and why. Never the value.

use serde::{Deserialize, Serialize};

/// The input field an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The phone number.
    Phone,
    /// The SMS code.
    SmsCode,
    /// The PIN.
    Pin,
    /// The first name.
    FirstName,
    /// The last name.
    LastName,
    /// The receipt e-mail.
    Email,
    /// The card number.
    CardNumber,
    /// The card's expiry (month and year).
    Expiry,
    /// The CVV / CVC.
    Cvv,
    /// The cardholder's name.
    Holder,
    /// A product id of an order line.
    ProductId,
    /// A quantity of an order line.
    Quantity,
    /// The list of order lines.
    Purchases,
    /// A merchant or store id.
    Merchant,
    /// A card id.
    CardId,
    /// An order id.
    OrderId,
    /// A till's session code (the QR's text).
    SessionCode,
}

impl Field {
    /// The field's name as shown to a user or a log.
    pub fn label(self) -> &'static str {
        match self {
            Field::Phone => "phone",
            Field::SmsCode => "SMS code",
            Field::Pin => "PIN",
            Field::FirstName => "first name",
            Field::LastName => "last name",
            Field::Email => "e-mail",
            Field::CardNumber => "card number",
            Field::Expiry => "expiry date",
            Field::Cvv => "CVV",
            Field::Holder => "cardholder name",
            Field::ProductId => "product",
            Field::Quantity => "quantity",
            Field::Purchases => "order lines",
            Field::Merchant => "merchant",
            Field::CardId => "card",
            Field::OrderId => "order",
            Field::SessionCode => "session code",
        }
    }
}

pub use swip_protocol::rules::Reason;

/// One invalid field. Display: `"card number: is not a valid card number"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[error("{}: {}", field.label(), reason.message())]
pub struct InputError {
    /// Which field.
    pub field: Field,
    /// Why.
    pub reason: Reason,
}

impl InputError {
    /// An error for `field` because of `reason`.
    pub const fn new(field: Field, reason: Reason) -> Self {
        Self { field, reason }
    }
}

/// Every invalid field of a form (a card form can have several at once). Never empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{}", display_all(.0))]
pub struct InputErrors(pub Vec<InputError>);

impl InputErrors {
    /// The error of `field`, if that field is invalid.
    pub fn for_field(&self, field: Field) -> Option<InputError> {
        self.0.iter().copied().find(|e| e.field == field)
    }

    /// The invalid fields.
    pub fn fields(&self) -> Vec<Field> {
        self.0.iter().map(|e| e.field).collect()
    }
}

impl From<InputError> for InputErrors {
    fn from(error: InputError) -> Self {
        InputErrors(vec![error])
    }
}

fn display_all(errors: &[InputError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

/// Collects the errors of several validations; `Ok` only when none failed.
#[derive(Debug, Default)]
pub(crate) struct ErrorCollector(Vec<InputError>);

impl ErrorCollector {
    /// Keeps the value of a successful validation, records the error of a failed one.
    pub(crate) fn take<T>(&mut self, result: Result<T, InputError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.0.push(error);
                None
            }
        }
    }

    /// `Err` with every recorded error, or `Ok(())`.
    pub(crate) fn finish(self) -> Result<(), InputErrors> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(InputErrors(self.0))
        }
    }
}
