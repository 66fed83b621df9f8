//! Phone, e-mail and names.

use serde::{Deserialize, Serialize};
use swip_protocol::rules::{email, person_name, phone};

use super::{Field, InputError};

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
        phone::normalise(value)
            .map(Phone)
            .map_err(|reason| InputError::new(Field::Phone, reason))
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

/// A receipt e-mail, by [`swip_protocol::rules::email`]: `local@domain.tld`, ≤ 254 bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    /// Validates a typed e-mail address.
    pub fn parse(value: &str) -> Result<Self, InputError> {
        email::normalise(value)
            .map(Email)
            .map_err(|reason| InputError::new(Field::Email, reason))
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

/// A first or last name, by [`swip_protocol::rules::person_name`]: 1–50 letters of any script,
/// with spaces, hyphens and apostrophes inside.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PersonName(String);

impl PersonName {
    /// Longest accepted name.
    pub const MAX_LEN: usize = person_name::MAX_LEN;

    /// Validates a typed name for `field` ([`Field::FirstName`] or [`Field::LastName`]).
    pub fn parse(value: &str, field: Field) -> Result<Self, InputError> {
        person_name::normalise(value)
            .map(PersonName)
            .map_err(|reason| InputError::new(field, reason))
    }

    /// An optional name: empty input is `None`, anything else must be valid.
    pub fn parse_optional(value: &str, field: Field) -> Result<Option<Self>, InputError> {
        person_name::normalise_optional(value)
            .map(|name| name.map(PersonName))
            .map_err(|reason| InputError::new(field, reason))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Reason;

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
            "ivan@x.r1",
            "a@-x.ru",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_accept_cyrillic_and_refuse_digits() {
        assert!(PersonName::parse("Иван", Field::FirstName).is_ok());
        assert!(PersonName::parse("Anne-Marie O'Neil", Field::FirstName).is_ok());
        assert!(PersonName::parse("D'Artagnan", Field::LastName).is_ok());
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
