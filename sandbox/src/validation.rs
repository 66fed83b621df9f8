//! Reading request bodies field by field, so that every bad field gets its own `fieldError`, and
//! the format rules of the sandbox (phone, SMS code, PIN, names, holder, e-mail).

pub mod merchant;
pub mod pos;
pub mod reader;

use serde_json::{Map, Value};

use crate::error::{ApiError, ApiResult};

/// Collects field errors while reading a JSON object.
#[derive(Debug)]
pub struct Fields<'a> {
    object: &'a Map<String, Value>,
    object_name: &'static str,
    errors: Vec<(String, String)>,
}

impl<'a> Fields<'a> {
    /// Starts reading `object`; errors name `object_name` as their `objectName`.
    pub fn new(object: &'a Map<String, Value>, object_name: &'static str) -> Self {
        Self {
            object,
            object_name,
            errors: Vec::new(),
        }
    }

    /// A required string; records an error when absent, null or not a string.
    pub fn string(&mut self, name: &str) -> Option<&'a str> {
        match self.object.get(name) {
            None | Some(Value::Null) => {
                self.reject(name, "must not be null");
                None
            }
            Some(Value::String(text)) => Some(text.as_str()),
            Some(_) => {
                self.reject(name, "must be a string");
                None
            }
        }
    }

    /// An optional string: absent and null read as `None`.
    pub fn optional_string(&mut self, name: &str) -> Option<&'a str> {
        match self.object.get(name) {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(text.as_str()),
            Some(_) => {
                self.reject(name, "must be a string");
                None
            }
        }
    }

    /// A required boolean.
    pub fn boolean(&mut self, name: &str) -> Option<bool> {
        match self.object.get(name) {
            None | Some(Value::Null) => {
                self.reject(name, "must not be null");
                None
            }
            Some(Value::Bool(flag)) => Some(*flag),
            Some(_) => {
                self.reject(name, "must be a boolean");
                None
            }
        }
    }

    /// A required array.
    pub fn array(&mut self, name: &str) -> Option<&'a Vec<Value>> {
        match self.object.get(name) {
            None | Some(Value::Null) => {
                self.reject(name, "must not be null");
                None
            }
            Some(Value::Array(items)) => Some(items),
            Some(_) => {
                self.reject(name, "must be an array");
                None
            }
        }
    }

    /// Records an error on `field` (which may be a path such as `purchases[0].productId`).
    pub fn reject(&mut self, field: impl Into<String>, message: &str) {
        self.errors.push((field.into(), message.to_owned()));
    }

    /// Records an error on `field` unless `ok`.
    pub fn check(&mut self, field: &str, ok: bool, message: &str) {
        if !ok {
            self.reject(field, message);
        }
    }

    /// True when nothing was rejected so far.
    pub fn is_clean(&self) -> bool {
        self.errors.is_empty()
    }

    /// `Ok` when no field was rejected, otherwise 400 code 5 naming each bad field.
    pub fn finish(self) -> ApiResult<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(self.object_name, self.errors))
        }
    }
}

/// Exactly `count` ASCII digits.
pub fn is_digits(text: &str, count: usize) -> bool {
    text.len() == count && text.bytes().all(|b| b.is_ascii_digit())
}

/// A phone number: exactly 11 digits (`79160000000`).
pub fn is_phone(text: &str) -> bool {
    is_digits(text, 11)
}

/// An SMS code: 4 digits.
pub fn is_sms_code(text: &str) -> bool {
    is_digits(text, 4)
}

/// A PIN: 4 digits.
pub fn is_pin(text: &str) -> bool {
    is_digits(text, 4)
}

/// A device id: 1–128 printable characters.
pub fn is_device_id(text: &str) -> bool {
    let count = text.chars().count();
    (1..=128).contains(&count) && !text.chars().any(char::is_control) && !text.trim().is_empty()
}

/// A first or last name: at most 50 characters, letters (any script), spaces and hyphens.
pub fn is_person_name(text: &str) -> bool {
    text.chars().count() <= 50
        && text
            .chars()
            .all(|c| c.is_alphabetic() || c == ' ' || c == '-')
}

/// A cardholder: 1–26 characters, Latin letters, spaces and `.-'`, not blank.
pub fn is_card_holder(text: &str) -> bool {
    let count = text.chars().count();
    (1..=26).contains(&count)
        && !text.trim().is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphabetic() || matches!(c, ' ' | '.' | '-' | '\''))
}

/// An e-mail address of the usual shape: `local@domain.tld`, at most 254 characters.
pub fn is_email(text: &str) -> bool {
    if text.len() > 254 || text.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    if local.is_empty() || local.len() > 64 || domain.contains('@') {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(char::is_alphabetic))
}

/// An `Idempotency-Key`: 1–64 visible ASCII characters.
pub fn is_idempotency_key(text: &str) -> bool {
    (1..=64).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_graphic())
}

/// True when the digits pass the Luhn check.
pub fn luhn_valid(pan: &str) -> bool {
    if pan.is_empty() || !pan.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let sum: u32 = pan
        .bytes()
        .rev()
        .enumerate()
        .map(|(index, byte)| {
            let digit = u32::from(byte - b'0');
            if index % 2 == 1 {
                let doubled = digit * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                digit
            }
        })
        .sum();
    sum % 10 == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert!(is_phone("79160000000"));
        assert!(!is_phone("7916000000"));
        assert!(!is_phone("+7916000000"));
        assert!(is_pin("0000") && !is_pin("12345") && !is_pin("12a4"));
        assert!(is_person_name("Анна-Мария") && is_person_name("") && !is_person_name("R2D2"));
        assert!(!is_person_name(&"a".repeat(51)));
        assert!(is_card_holder("IVAN O'NEIL-SMITH JR.") && !is_card_holder("ИВАН"));
        assert!(!is_card_holder(&"A".repeat(27)) && !is_card_holder("   "));
        assert!(is_email("ivan@example.ru") && is_email("a.b+c@mail.example.com"));
        for bad in [
            "",
            "ivan",
            "ivan@",
            "@x.ru",
            "ivan@ru",
            "iv an@x.ru",
            "a@b@c.ru",
            "a@x.r1",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
        assert!(is_idempotency_key("abc-123") && !is_idempotency_key(&"k".repeat(65)));
    }

    #[test]
    fn luhn() {
        assert!(luhn_valid("4111111111111111"));
        assert!(luhn_valid("2200000000000004"));
        assert!(!luhn_valid("4111111111111112"));
        assert!(!luhn_valid("41111a1111111111"));
    }
}
