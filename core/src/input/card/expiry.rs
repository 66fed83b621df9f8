//! The card's expiry month.

use swip_protocol::rules::expiry;
pub use swip_protocol::rules::expiry::YearMonth;

use crate::input::{Field, InputError};

/// A card's expiry: valid through the last day of its month
/// ([`swip_protocol::rules::expiry`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Expiry(YearMonth);

impl Expiry {
    /// Validates a month (1–12) and a year (two or four digits) against `today`.
    pub fn parse(month: u32, year: u32, today: YearMonth) -> Result<Self, InputError> {
        expiry::normalise(month, year, today)
            .map(Expiry)
            .map_err(|reason| InputError::new(Field::Expiry, reason))
    }

    /// 1–12.
    pub fn month(self) -> u8 {
        self.0.month
    }

    /// Four-digit year.
    pub fn year(self) -> u16 {
        self.0.year
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Reason;

    #[test]
    fn typed_years_and_the_current_month() {
        let today = YearMonth {
            year: 2026,
            month: 11,
        };
        assert_eq!(Expiry::parse(11, 26, today).map(Expiry::year), Ok(2026));
        assert!(Expiry::parse(11, 2026, today).is_ok());
        let err = Expiry::parse(10, 2026, today).unwrap_err();
        assert_eq!((err.field, err.reason), (Field::Expiry, Reason::Expired));
        assert_eq!(
            Expiry::parse(13, 27, today).unwrap_err().reason,
            Reason::InvalidMonth
        );
    }
}
