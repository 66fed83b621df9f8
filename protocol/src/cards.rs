//! Card binding and the card list.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{SecretString, tolerant};

/// `POST /payment-cards`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BindCardRequest {
    /// Make this card the default one.
    pub add_as_default: bool,
    /// The cardholder's name.
    pub holder: String,
    /// The encrypted card data, see [`crate::cryptogram`].
    pub cryptogram: SecretString,
}

/// One card of `GET /payment-cards`.
///
/// Read tolerantly: `id` is required (a card without one cannot be paid with or removed); every
/// other field, `null` or absent, reads as its default (`""`, `false`, 0, an unknown payment
/// system `Other("")`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentCard {
    /// The card's id in SWiP.
    #[serde(deserialize_with = "tolerant::required_text")]
    pub id: String,
    /// The masked number, `**** **** **** 2009`.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub card_number: String,
    /// True for the default card.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub default_for_payments: bool,
    /// The issuing bank's name.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub bank_name: String,
    /// The id of the bank's logo.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub bank_logo: String,
    /// The card's payment system.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub payment_system: PaymentSystem,
    /// When the card was bound, milliseconds since 1970-01-01.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub created_at: i64,
    /// True when the card is blocked.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub blocked: bool,
}

/// The `paymentSystem` of a card. The document writes MIR in Cyrillic (`"МИР"`); the Latin `"MIR"`
/// is read too. A value this contract does not know is kept as [`PaymentSystem::Other`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PaymentSystem {
    /// `"VISA"`.
    Visa,
    /// `"MASTERCARD"`.
    Mastercard,
    /// `"МИР"`, the Russian national system.
    Mir,
    /// `"MAESTRO"`.
    Maestro,
    /// `"UNIONPAY"`.
    UnionPay,
    /// `"JCB"`.
    Jcb,
    /// `"AMEX"`.
    Amex,
    /// Any other value, as sent (`""` when the server sent none).
    Other(String),
}

impl Default for PaymentSystem {
    /// No payment system sent: `Other("")`.
    fn default() -> Self {
        PaymentSystem::Other(String::new())
    }
}

impl PaymentSystem {
    /// The wire value.
    pub fn as_str(&self) -> &str {
        match self {
            PaymentSystem::Visa => "VISA",
            PaymentSystem::Mastercard => "MASTERCARD",
            PaymentSystem::Mir => "МИР",
            PaymentSystem::Maestro => "MAESTRO",
            PaymentSystem::UnionPay => "UNIONPAY",
            PaymentSystem::Jcb => "JCB",
            PaymentSystem::Amex => "AMEX",
            PaymentSystem::Other(other) => other,
        }
    }

    /// From the wire value.
    pub fn parse(value: &str) -> Self {
        match value.to_uppercase().as_str() {
            "VISA" => PaymentSystem::Visa,
            "MASTERCARD" | "MASTER_CARD" => PaymentSystem::Mastercard,
            "МИР" | "MIR" => PaymentSystem::Mir,
            "MAESTRO" => PaymentSystem::Maestro,
            "UNIONPAY" | "UNION_PAY" => PaymentSystem::UnionPay,
            "JCB" => PaymentSystem::Jcb,
            "AMEX" | "AMERICAN_EXPRESS" => PaymentSystem::Amex,
            _ => PaymentSystem::Other(value.to_owned()),
        }
    }
}

impl std::fmt::Display for PaymentSystem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for PaymentSystem {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for PaymentSystem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(PaymentSystem::parse(&String::deserialize(deserializer)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_card_list() {
        let raw = r#"[ { "id":"730818ac-4b3c-4356-b1dd-783a3d5ff676", "cardNumber":"**** **** **** 2009",
            "defaultForPayments":true, "bankName":"Название банка", "bankLogo":"471b8f50-bb8d-11e6-9a11-08a47b0e7ea4",
            "paymentSystem":"VISA", "createdAt":1543760701775, "blocked":false },
            { "id":"767818ac-4b3c-8567-b1dd-784r56ff676", "cardNumber":"**** **** **** 1209",
            "defaultForPayments":false, "bankName":"Название банка", "bankLogo":"501b8f50-bb8d-48e6-9a11-08a47b0e7ea4",
            "paymentSystem":"МИР", "createdAt":1543760702376, "blocked":false } ]"#;
        let cards: Vec<PaymentCard> = serde_json::from_str(raw).unwrap();
        assert_eq!(cards[0].payment_system, PaymentSystem::Visa);
        assert_eq!(cards[1].payment_system, PaymentSystem::Mir);
        assert_eq!(cards[0].created_at, 1_543_760_701_775);
        assert_eq!(
            serde_json::to_value(&cards[1]).unwrap()["paymentSystem"],
            "МИР"
        );
    }

    #[test]
    fn unknown_payment_systems_are_kept() {
        assert_eq!(
            PaymentSystem::parse("DISCOVER"),
            PaymentSystem::Other("DISCOVER".into())
        );
        assert_eq!(PaymentSystem::parse("mir"), PaymentSystem::Mir);
    }
}
