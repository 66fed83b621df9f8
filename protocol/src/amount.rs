//! Money and quantities. The wire carries amounts as JSON numbers in roubles (`"total": 250.5`);
//! in Rust they are whole kopecks so that sums never drift.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An amount of money in kopecks (1/100 rouble). On the wire: a JSON number in roubles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Amount(pub i64);

impl Amount {
    /// Zero roubles.
    pub const ZERO: Amount = Amount(0);

    /// From whole kopecks.
    pub const fn from_kopecks(kopecks: i64) -> Self {
        Self(kopecks)
    }

    /// The amount in kopecks.
    pub const fn kopecks(self) -> i64 {
        self.0
    }

    /// The amount in roubles, as the wire writes it.
    pub fn as_roubles(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// From roubles, rounded to the nearest kopeck; `None` for a non-finite or out-of-range value.
    pub fn from_roubles(roubles: f64) -> Option<Self> {
        let kopecks = (roubles * 100.0).round();
        (kopecks.is_finite() && kopecks.abs() < 9.0e15).then_some(Self(kopecks as i64))
    }
}

impl std::ops::Add for Amount {
    type Output = Amount;
    fn add(self, rhs: Amount) -> Amount {
        Amount(self.0 + rhs.0)
    }
}

impl std::ops::Sub for Amount {
    type Output = Amount;
    fn sub(self, rhs: Amount) -> Amount {
        Amount(self.0 - rhs.0)
    }
}

impl std::iter::Sum for Amount {
    fn sum<I: Iterator<Item = Amount>>(iter: I) -> Amount {
        Amount(iter.map(|a| a.0).sum())
    }
}

impl std::fmt::Display for Amount {
    /// `1234.50 ₽` style, always two decimals.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0 % 100 == 0 {
            serializer.serialize_i64(self.0 / 100)
        } else {
            serializer.serialize_f64(self.as_roubles())
        }
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let roubles = f64::deserialize(deserializer)?;
        Amount::from_roubles(roubles).ok_or_else(|| serde::de::Error::custom("amount out of range"))
    }
}

/// A quantity of a product (`double` in the contract: 1.5 kg is valid).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Quantity(pub f64);

impl Quantity {
    /// True for a finite quantity above zero and at most 10 000.
    pub fn is_valid(self) -> bool {
        self.0.is_finite() && self.0 > 0.0 && self.0 <= 10_000.0
    }

    /// `price × quantity`, rounded to the kopeck.
    pub fn times(self, price: Amount) -> Amount {
        Amount((price.0 as f64 * self.0).round() as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_form_is_roubles() {
        assert_eq!(serde_json::to_string(&Amount(25050)).unwrap(), "250.5");
        assert_eq!(serde_json::to_string(&Amount(30000)).unwrap(), "300");
        let parsed: Amount = serde_json::from_str("199.99").unwrap();
        assert_eq!(parsed, Amount(19999));
        let parsed: Amount = serde_json::from_str("0").unwrap();
        assert_eq!(parsed, Amount::ZERO);
    }

    #[test]
    fn display_has_two_decimals() {
        assert_eq!(Amount(25050).to_string(), "250.50");
        assert_eq!(Amount(-5).to_string(), "-0.05");
    }

    #[test]
    fn quantity_times_price_rounds_to_kopecks() {
        assert_eq!(Quantity(1.5).times(Amount(999)), Amount(1499));
        assert!(!Quantity(0.0).is_valid());
        assert!(!Quantity(f64::NAN).is_valid());
    }
}
