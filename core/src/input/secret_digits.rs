//! Short digit secrets: the PIN and the SMS code.

use swip_protocol::SecretString;
use swip_protocol::rules;

use super::{Field, InputError, Reason};

/// The typed value trimmed and checked by `check`, kept as a secret.
fn digits(
    value: &str,
    check: fn(&str) -> Result<(), Reason>,
    field: Field,
) -> Result<SecretString, InputError> {
    let trimmed = value.trim();
    check(trimmed).map_err(|reason| InputError::new(field, reason))?;
    Ok(SecretString::new(trimmed))
}

/// A 4-digit PIN. Never stored, never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Pin(SecretString);

impl Pin {
    /// Validates a PIN as typed.
    pub fn parse(value: &str) -> Result<Self, InputError> {
        digits(value, rules::pin::check, Field::Pin).map(Pin)
    }

    /// The PIN as the wire needs it.
    pub fn secret(&self) -> &SecretString {
        &self.0
    }
}

/// A 4-digit SMS code. Never stored, never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct SmsCode(SecretString);

impl SmsCode {
    /// Validates an SMS code as typed.
    pub fn parse(value: &str) -> Result<Self, InputError> {
        digits(value, rules::sms_code::check, Field::SmsCode).map(SmsCode)
    }

    /// The code as the wire needs it.
    pub fn secret(&self) -> &SecretString {
        &self.0
    }
}

macro_rules! redacted_debug {
    ($($ty:ident),*) => {$(
        impl std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(concat!(stringify!($ty), "(***)"))
            }
        }
    )*};
}
redacted_debug!(Pin, SmsCode);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pin_rules() {
        assert!(Pin::parse("0000").is_ok());
        assert!(Pin::parse(" 1234 ").is_ok());
        assert_eq!(Pin::parse("").unwrap_err().reason, Reason::Empty);
        assert_eq!(
            Pin::parse("12a4").unwrap_err().reason,
            Reason::InvalidCharacters
        );
        assert_eq!(Pin::parse("12345").unwrap_err().reason, Reason::WrongLength);
        assert_eq!(
            Pin::parse("١٢٣٤").unwrap_err().reason,
            Reason::InvalidCharacters
        );
    }

    #[test]
    fn sms_code_rules() {
        assert!(SmsCode::parse("6826").is_ok());
        assert_eq!(SmsCode::parse("682").unwrap_err().field, Field::SmsCode);
    }

    #[test]
    fn debug_hides_the_digits() {
        assert_eq!(format!("{:?}", Pin::parse("4321").unwrap()), "Pin(***)");
        assert_eq!(
            format!("{:?}", SmsCode::parse("6826").unwrap()),
            "SmsCode(***)"
        );
    }
}
