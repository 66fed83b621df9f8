//! The card's expiry month.

use serde::{Deserialize, Serialize};

use crate::input::{Field, InputError, Reason};

/// A calendar month. The driver derives "today" from its clock; the validators take it as input
/// so they stay pure and testable at month ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct YearMonth {
    /// Four-digit year (declared first so the derived order is chronological).
    pub year: u16,
    /// 1–12.
    pub month: u8,
}

impl YearMonth {
    /// The month containing `unix_ms` (UTC).
    pub fn from_unix_ms(unix_ms: i64) -> Self {
        let days = unix_ms.div_euclid(86_400_000);
        // Civil-from-days (Howard Hinnant's algorithm), UTC.
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        YearMonth {
            year: year.clamp(0, 9999) as u16,
            month: month as u8,
        }
    }
}

/// A card's expiry: valid through the last day of its month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Expiry(YearMonth);

/// How far ahead an expiry may be.
const MAX_YEARS_AHEAD: u16 = 20;

impl Expiry {
    /// Validates a month (1–12) and a year (two or four digits) against `today`.
    pub fn parse(month: u32, year: u32, today: YearMonth) -> Result<Self, InputError> {
        let err = |reason| InputError::new(Field::Expiry, reason);
        if !(1..=12).contains(&month) {
            return Err(err(Reason::InvalidMonth));
        }
        let year = match year {
            0..=99 => 2000 + year,
            1000..=9999 => year,
            _ => return Err(err(Reason::InvalidFormat)),
        } as u16;
        let expiry = YearMonth {
            year,
            month: month as u8,
        };
        if expiry < today {
            return Err(err(Reason::Expired));
        }
        if year > today.year + MAX_YEARS_AHEAD {
            return Err(err(Reason::TooFarInFuture));
        }
        Ok(Expiry(expiry))
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

    #[test]
    fn the_current_month_is_still_valid() {
        let today = YearMonth {
            year: 2026,
            month: 11,
        };
        assert!(Expiry::parse(11, 2026, today).is_ok());
        assert!(Expiry::parse(11, 26, today).is_ok());
        assert_eq!(
            Expiry::parse(10, 2026, today).unwrap_err().reason,
            Reason::Expired
        );
        assert_eq!(
            Expiry::parse(12, 2025, today).unwrap_err().reason,
            Reason::Expired
        );
        assert_eq!(
            Expiry::parse(0, 2027, today).unwrap_err().reason,
            Reason::InvalidMonth
        );
        assert_eq!(
            Expiry::parse(13, 2027, today).unwrap_err().reason,
            Reason::InvalidMonth
        );
        assert_eq!(
            Expiry::parse(1, 2050, today).unwrap_err().reason,
            Reason::TooFarInFuture
        );
    }

    #[test]
    fn month_end_edges_in_utc() {
        // 2026-11-30T23:59:59.999Z is still November; one millisecond later is December.
        let last_ms_of_november = 1_796_083_199_999;
        assert_eq!(
            YearMonth::from_unix_ms(last_ms_of_november),
            YearMonth {
                year: 2026,
                month: 11
            }
        );
        assert_eq!(
            YearMonth::from_unix_ms(last_ms_of_november + 1),
            YearMonth {
                year: 2026,
                month: 12
            }
        );
        // A card expiring 11/26 is valid on the last millisecond of November, not after it.
        let exp_nov = |ms| Expiry::parse(11, 26, YearMonth::from_unix_ms(ms));
        assert!(exp_nov(last_ms_of_november).is_ok());
        assert!(exp_nov(last_ms_of_november + 1).is_err());
        // Leap day and year end.
        assert_eq!(
            YearMonth::from_unix_ms(951_782_400_000),
            YearMonth {
                year: 2000,
                month: 2
            }
        );
        assert_eq!(
            YearMonth::from_unix_ms(1_798_761_599_999),
            YearMonth {
                year: 2026,
                month: 12
            }
        );
        assert_eq!(
            YearMonth::from_unix_ms(1_798_761_600_000),
            YearMonth {
                year: 2027,
                month: 1
            }
        );
    }
}
