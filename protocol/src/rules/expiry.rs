//! The card's expiry: month 1–12; valid through the last day of its month (UTC); not before the
//! current month and at most 20 years ahead (ours: a longer one is a typo). Typed years may have
//! two digits (`26` → 2026); the cryptogram carries four.

use serde::{Deserialize, Serialize};

use super::Reason;

/// A calendar month. "Today" comes from the caller's clock, so the rule stays pure and testable
/// at month ends.
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

/// How far ahead an expiry may be, in years.
pub const MAX_YEARS_AHEAD: u16 = 20;

/// An expiry as the cryptogram carries it (four-digit year), checked against `today`.
pub fn check(month: u32, year: u32, today: YearMonth) -> Result<YearMonth, Reason> {
    if !(1..=12).contains(&month) {
        return Err(Reason::InvalidMonth);
    }
    if !(1000..=9999).contains(&year) {
        return Err(Reason::InvalidFormat);
    }
    let expiry = YearMonth {
        year: year as u16,
        month: month as u8,
    };
    if expiry < today {
        return Err(Reason::Expired);
    }
    if expiry.year > today.year.saturating_add(MAX_YEARS_AHEAD) {
        return Err(Reason::TooFarInFuture);
    }
    Ok(expiry)
}

/// A typed expiry: a two-digit year means 20YY, then [`check`].
pub fn normalise(month: u32, year: u32, today: YearMonth) -> Result<YearMonth, Reason> {
    let year = if year <= 99 { 2000 + year } else { year };
    check(month, year, today)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: YearMonth = YearMonth {
        year: 2026,
        month: 11,
    };

    #[test]
    fn the_current_month_is_still_valid() {
        assert!(check(11, 2026, TODAY).is_ok());
        assert!(normalise(11, 26, TODAY).is_ok());
        assert_eq!(check(11, 26, TODAY), Err(Reason::InvalidFormat));
        assert_eq!(check(10, 2026, TODAY), Err(Reason::Expired));
        assert_eq!(check(12, 2025, TODAY), Err(Reason::Expired));
        assert_eq!(check(0, 2027, TODAY), Err(Reason::InvalidMonth));
        assert_eq!(check(13, 2027, TODAY), Err(Reason::InvalidMonth));
        assert_eq!(check(12, 2046, TODAY).map(|e| e.year), Ok(2046));
        assert_eq!(check(1, 2047, TODAY), Err(Reason::TooFarInFuture));
        assert_eq!(normalise(1, 12345, TODAY), Err(Reason::InvalidFormat));
    }

    #[test]
    fn calendar_of_known_dates() {
        let month_of = |ms| {
            let ym = YearMonth::from_unix_ms(ms);
            (ym.year, ym.month)
        };
        assert_eq!(month_of(0), (1970, 1));
        // 2018-12-02T14:25:01Z, the seed's createdAt example.
        assert_eq!(month_of(1_543_760_701_775), (2018, 12));
        // 2024-02-29T12:00:00Z.
        assert_eq!(month_of(1_709_208_000_000), (2024, 2));
        // 2000-03-01T00:00:00Z.
        assert_eq!(month_of(951_868_800_000), (2000, 3));
    }

    #[test]
    fn month_end_edges_in_utc() {
        // 2026-11-30T23:59:59.999Z is still November; one millisecond later is December.
        let last_ms_of_november = 1_796_083_199_999;
        assert_eq!(YearMonth::from_unix_ms(last_ms_of_november), TODAY);
        assert_eq!(
            YearMonth::from_unix_ms(last_ms_of_november + 1),
            YearMonth {
                year: 2026,
                month: 12
            }
        );
        let exp_nov = |ms| check(11, 2026, YearMonth::from_unix_ms(ms));
        assert!(exp_nov(last_ms_of_november).is_ok());
        assert!(exp_nov(last_ms_of_november + 1).is_err());
        assert_eq!(
            YearMonth::from_unix_ms(951_782_400_000),
            YearMonth {
                year: 2000,
                month: 2
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
