//! Phone, e-mail and names.

use serde::{Deserialize, Serialize};

use super::{Field, InputError, Reason};

/// A phone number as the contract wants it: 11 digits (`79160000000`).
///
/// Typed forms are accepted and normalised: spaces, dashes, dots and brackets are dropped, a
/// leading `+` is dropped, and a Russian trunk prefix `8` becomes `7` (`8 916 000-00-00` →
/// `79160000000`). Debug shows only the country code and the last two digits.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    /// Validates and normalises a typed phone number.
    pub fn parse(value: &str) -> Result<Self, InputError> {
        let err = |reason| InputError::new(Field::Phone, reason);
        let trimmed = value.trim();
        if trimmed.is_empty() {
            return Err(err(Reason::Empty));
        }
        let without_plus = trimmed.strip_prefix('+').unwrap_or(trimmed);
        let mut digits = String::with_capacity(11);
        for c in without_plus.chars() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '(' | ')' | '.' => {}
                _ => return Err(err(Reason::InvalidCharacters)),
            }
        }
        if digits.len() != 11 {
            return Err(err(Reason::WrongLength));
        }
        if digits.starts_with('8') && !trimmed.starts_with('+') {
            digits.replace_range(0..1, "7");
        }
        Ok(Phone(digits))
    }

    /// The 11 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For display: `+7 ••• ••• ••-00`.
    pub fn masked(&self) -> String {
        format!("+{} ••• ••• ••-{}", &self.0[..1], &self.0[9..])
    }
}

impl std::fmt::Debug for Phone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}

impl TryFrom<String> for Phone {
    type Error = InputError;
    fn try_from(value: String) -> Result<Self, InputError> {
        Phone::parse(&value)
    }
}

impl From<Phone> for String {
    fn from(phone: Phone) -> String {
        phone.0
    }
}

/// A receipt e-mail: one `@`, a non-empty local part, a dotted domain, no spaces, ≤ 254 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// Validates a typed e-mail address.
    pub fn parse(value: &str) -> Result<Self, InputError> {
        let err = |reason| InputError::new(Field::Email, reason);
        let trimmed = value.trim();
        if trimmed.is_empty() {
            return Err(err(Reason::Empty));
        }
        if trimmed.len() > 254 {
            return Err(err(Reason::TooLong));
        }
        let Some((local, domain)) = trimmed.split_once('@') else {
            return Err(err(Reason::InvalidFormat));
        };
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        if !(domain_ok && local_ok) {
            return Err(err(Reason::InvalidFormat));
        }
        Ok(Email(trimmed.to_owned()))
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = InputError;
    fn try_from(value: String) -> Result<Self, InputError> {
        Email::parse(&value)
    }
}

impl From<Email> for String {
    fn from(email: Email) -> String {
        email.0
    }
}

/// A first or last name: 1–50 letters of any script, with spaces, hyphens and apostrophes inside.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PersonName(String);

impl PersonName {
    /// Longest accepted name.
    pub const MAX_LEN: usize = 50;

    /// Validates a typed name for `field` ([`Field::FirstName`] or [`Field::LastName`]).
    pub fn parse(value: &str, field: Field) -> Result<Self, InputError> {
        let err = |reason| InputError::new(field, reason);
        let trimmed = value.trim();
        if trimmed.is_empty() {
            return Err(err(Reason::Empty));
        }
        if trimmed.chars().count() > Self::MAX_LEN {
            return Err(err(Reason::TooLong));
        }
        let allowed = |c: char| c.is_alphabetic() || matches!(c, ' ' | '-' | '\'');
        if !trimmed.chars().all(allowed) || !trimmed.chars().next().is_some_and(char::is_alphabetic)
        {
            return Err(err(Reason::InvalidCharacters));
        }
        Ok(PersonName(trimmed.to_owned()))
    }

    /// An optional name: empty input is `None`, anything else must be valid.
    pub fn parse_optional(value: &str, field: Field) -> Result<Option<Self>, InputError> {
        if value.trim().is_empty() {
            Ok(None)
        } else {
            Self::parse(value, field).map(Some)
        }
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_normalised_to_eleven_digits() {
        for typed in [
            "79160000000",
            "+7 (916) 000-00-00",
            "8 916 000 00 00",
            " 7-916-000-00-00 ",
        ] {
            assert_eq!(
                Phone::parse(typed).unwrap().as_str(),
                "79160000000",
                "{typed}"
            );
        }
    }

    #[test]
    fn bad_phones_are_refused_with_a_reason() {
        assert_eq!(Phone::parse("").unwrap_err().reason, Reason::Empty);
        assert_eq!(
            Phone::parse("7916000000").unwrap_err().reason,
            Reason::WrongLength
        );
        assert_eq!(
            Phone::parse("791600000001").unwrap_err().reason,
            Reason::WrongLength
        );
        assert_eq!(
            Phone::parse("7916abc0000").unwrap_err().reason,
            Reason::InvalidCharacters
        );
        assert_eq!(Phone::parse("7916000000;").unwrap_err().field, Field::Phone);
    }

    #[test]
    fn phone_debug_is_masked() {
        let text = format!("{:?}", Phone::parse("79161234567").unwrap());
        assert!(!text.contains("9161234"), "{text}");
        assert!(text.ends_with("67)"));
    }

    #[test]
    fn emails() {
        assert!(Email::parse("ivan.petrov+swip@example.ru").is_ok());
        for bad in [
            "",
            "ivan",
            "ivan@",
            "@example.ru",
            "ivan@example",
            "iv an@example.ru",
            "a@b..ru",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_accept_cyrillic_and_refuse_digits() {
        assert!(PersonName::parse("Иван", Field::FirstName).is_ok());
        assert!(PersonName::parse("Anne-Marie O'Neil", Field::FirstName).is_ok());
        assert_eq!(
            PersonName::parse("R2D2", Field::LastName)
                .unwrap_err()
                .field,
            Field::LastName
        );
        assert_eq!(PersonName::parse_optional("  ", Field::LastName), Ok(None));
        let long = "a".repeat(51);
        assert_eq!(
            PersonName::parse(&long, Field::FirstName)
                .unwrap_err()
                .reason,
            Reason::TooLong
        );
    }
}
