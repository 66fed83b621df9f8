//! Reading JSON request bodies so that every bad field gets its own `fieldError`, named by its full
//! path (`legalPersons[0].bankDetails[1].bik`): the one field reader of the sandbox, for the
//! three APIs. Absent and `null` are the same (a Java backend sends unset fields as `null`).

use serde_json::{Map, Value};
use swip_protocol::Amount;
use swip_protocol::rules::Reason;

use crate::error::{ApiError, ApiResult};

/// `prefix.key`, or `key` at the top level.
pub fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

/// A value that is present and not null.
pub fn present<'a>(object: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    object.get(key).filter(|value| !value.is_null())
}

/// A JSON number as money: finite, at least 0, at most two decimals.
pub fn money(value: &Value) -> Option<Amount> {
    let roubles = value.as_f64()?;
    if !roubles.is_finite() || !(0.0..=1.0e12).contains(&roubles) {
        return None;
    }
    let kopecks = roubles * 100.0;
    ((kopecks - kopecks.round()).abs() < 1.0e-6)
        .then(|| Amount::from_roubles(roubles))
        .flatten()
}

/// Collects field errors while reading.
#[derive(Debug, Default)]
pub struct Reader {
    errors: Vec<(String, String)>,
}

impl Reader {
    /// A reader with no errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records an error on `field`.
    pub fn reject(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.errors.push((field.into(), message.into()));
    }

    /// True when nothing was rejected so far.
    pub fn is_clean(&self) -> bool {
        self.errors.is_empty()
    }

    /// A required string (any length).
    pub fn string(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        prefix: &str,
    ) -> Option<String> {
        let field = join(prefix, key);
        match present(object, key) {
            None => {
                self.reject(field, "must not be null");
                None
            }
            Some(Value::String(text)) => Some(text.clone()),
            Some(_) => {
                self.reject(field, "must be a string");
                None
            }
        }
    }

    /// An optional string (absent or null: `None`), at most `max` characters.
    pub fn optional_string(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        prefix: &str,
        max: usize,
    ) -> Option<String> {
        let field = join(prefix, key);
        match present(object, key) {
            None => None,
            Some(Value::String(text)) if text.chars().count() <= max => Some(text.clone()),
            Some(Value::String(_)) => {
                self.reject(field, format!("must be at most {max} characters"));
                None
            }
            Some(_) => {
                self.reject(field, "must be a string");
                None
            }
        }
    }

    /// A required string of `min`–`max` characters (not only spaces).
    pub fn text(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        prefix: &str,
        min: usize,
        max: usize,
    ) -> Option<String> {
        let text = self.string(object, key, prefix)?;
        let count = text.chars().count();
        if count < min || count > max || (min > 0 && text.trim().is_empty()) {
            self.reject(
                join(prefix, key),
                format!("must be {min} to {max} characters"),
            );
            return None;
        }
        Some(text)
    }

    /// A required string passing `check`, else `message`.
    pub fn checked(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        prefix: &str,
        check: impl Fn(&str) -> bool,
        message: &str,
    ) -> Option<String> {
        let text = self.string(object, key, prefix)?;
        if check(&text) {
            Some(text)
        } else {
            self.reject(join(prefix, key), message);
            None
        }
    }

    /// A required string of digits, of one of `lengths`.
    pub fn digits(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        prefix: &str,
        lengths: &[usize],
    ) -> Option<String> {
        let wanted = lengths
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(" or ");
        self.checked(
            object,
            key,
            prefix,
            |text| lengths.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()),
            &format!("must be {wanted} digits"),
        )
    }

    /// A required string obeying `rule` (one of [`swip_protocol::rules`]), else `message`.
    pub fn rule(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        prefix: &str,
        rule: fn(&str) -> Result<(), Reason>,
        message: &str,
    ) -> Option<String> {
        self.checked(object, key, prefix, |text| rule(text).is_ok(), message)
    }

    /// An optional string obeying `rule`: absent, `null`, empty or blank is `None` (not given).
    pub fn optional_rule(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        prefix: &str,
        rule: fn(&str) -> Result<(), Reason>,
        message: &str,
    ) -> Option<String> {
        match present(object, key) {
            None => None,
            Some(Value::String(text)) if text.trim().is_empty() => None,
            Some(Value::String(text)) if rule(text).is_ok() => Some(text.clone()),
            Some(Value::String(_)) => {
                self.reject(join(prefix, key), message);
                None
            }
            Some(_) => {
                self.reject(join(prefix, key), "must be a string");
                None
            }
        }
    }

    /// A required boolean.
    pub fn boolean(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        prefix: &str,
    ) -> Option<bool> {
        if present(object, key).is_none() {
            self.reject(join(prefix, key), "must not be null");
            return None;
        }
        self.optional_bool(object, key, prefix)
    }

    /// An optional boolean.
    pub fn optional_bool(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        prefix: &str,
    ) -> Option<bool> {
        match present(object, key) {
            None => None,
            Some(Value::Bool(flag)) => Some(*flag),
            Some(_) => {
                self.reject(join(prefix, key), "must be a boolean");
                None
            }
        }
    }

    /// A required integer of at least `min`.
    pub fn integer(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        prefix: &str,
        min: i64,
    ) -> Option<i64> {
        let field = join(prefix, key);
        match present(object, key) {
            None => {
                self.reject(field, "must not be null");
                None
            }
            Some(value) => match value.as_i64() {
                Some(number) if number >= min => Some(number),
                _ => {
                    self.reject(field, format!("must be an integer, at least {min}"));
                    None
                }
            },
        }
    }

    /// Required money (a number, at least 0, two decimals at most).
    pub fn money(
        &mut self,
        object: &Map<String, Value>,
        key: &str,
        prefix: &str,
    ) -> Option<Amount> {
        let field = join(prefix, key);
        match present(object, key) {
            None => {
                self.reject(field, "must not be null");
                None
            }
            Some(value) => money(value).or_else(|| {
                self.reject(
                    field,
                    "must be an amount: a number ≥ 0 with at most 2 decimals",
                );
                None
            }),
        }
    }

    /// A required object.
    pub fn object<'a>(
        &mut self,
        object: &'a Map<String, Value>,
        key: &str,
        prefix: &str,
    ) -> Option<&'a Map<String, Value>> {
        match present(object, key) {
            None => {
                self.reject(join(prefix, key), "must not be null");
                None
            }
            Some(Value::Object(inner)) => Some(inner),
            Some(_) => {
                self.reject(join(prefix, key), "must be an object");
                None
            }
        }
    }

    /// A required non-empty array of objects, with each item's path; an item that is no object is
    /// rejected on its own path.
    pub fn objects<'a>(
        &mut self,
        object: &'a Map<String, Value>,
        key: &str,
        prefix: &str,
    ) -> Option<Vec<(String, &'a Map<String, Value>)>> {
        let field = join(prefix, key);
        let items = match present(object, key) {
            None => {
                self.reject(field, "must not be null");
                return None;
            }
            Some(Value::Array(items)) if !items.is_empty() => items,
            Some(_) => {
                self.reject(field, "must be an array with at least one object");
                return None;
            }
        };
        let mut objects = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let path = format!("{field}[{index}]");
            match item.as_object() {
                Some(inner) => objects.push((path, inner)),
                None => self.reject(path, "must be an object"),
            }
        }
        Some(objects)
    }

    /// `Ok` when nothing was rejected, otherwise 400 code 5 naming each bad field.
    pub fn finish(self, object_name: &str) -> ApiResult<()> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::validation(object_name, self.errors))
        }
    }
}

/// An ISO 8601 date or date-time: `YYYY-MM-DD`, optionally `THH:MM[:SS[.fff]]` and a zone
/// (`Z`, `±HH:MM` or `±HHMM`).
pub fn is_iso8601(text: &str) -> bool {
    let bytes = text.as_bytes();
    let number = |from: usize, len: usize| -> Option<u32> {
        let part = text.get(from..from + len)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (Some(year), Some(month), Some(day)) = (number(0, 4), number(5, 2), number(8, 2)) else {
        return false;
    };
    if bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return false;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if day == 0 || day > days {
        return false;
    }
    let rest = &text[10..];
    if rest.is_empty() {
        return true;
    }
    let Some(time) = rest.strip_prefix('T') else {
        return false;
    };
    let clock_end = time.find(['Z', '+', '-']).unwrap_or(time.len());
    let (clock, zone) = time.split_at(clock_end);
    valid_clock(clock) && valid_zone(zone)
}

fn valid_clock(clock: &str) -> bool {
    let (main, fraction) = match clock.split_once('.') {
        Some((main, fraction)) => (main, Some(fraction)),
        None => (clock, None),
    };
    if fraction.is_some_and(|f| f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let parts: Vec<&str> = main.split(':').collect();
    let limits = [24, 60, 60];
    (parts.len() == 2 || (parts.len() == 3))
        && (fraction.is_none() || parts.len() == 3)
        && parts.iter().zip(limits).all(|(part, limit)| {
            part.len() == 2
                && part.bytes().all(|b| b.is_ascii_digit())
                && part.parse::<u32>().is_ok_and(|value| value < limit)
        })
}

fn valid_zone(zone: &str) -> bool {
    if zone.is_empty() || zone == "Z" {
        return true;
    }
    let Some(offset) = zone.strip_prefix('+').or_else(|| zone.strip_prefix('-')) else {
        return false;
    };
    let digits: String = offset.chars().filter(|c| *c != ':').collect();
    let shape_ok = offset.len() == 5 && offset.as_bytes()[2] == b':' || offset.len() == 4;
    shape_ok
        && digits.len() == 4
        && digits.bytes().all(|b| b.is_ascii_digit())
        && digits[..2].parse::<u32>().is_ok_and(|h| h < 24)
        && digits[2..].parse::<u32>().is_ok_and(|m| m < 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        for good in [
            "2019-05-13T11:33:42.007Z",
            "2019-01-14T20:24:28.483Z",
            "2019-05-13",
            "2024-02-29T00:00",
            "2019-05-13T11:33:42+03:00",
            "2019-05-13T11:33:42-0130",
        ] {
            assert!(is_iso8601(good), "{good}");
        }
        for bad in [
            "",
            "13.05.2019",
            "2019-13-01",
            "2023-02-29",
            "2019-05-13T25:00",
            "2019-05-13 11:33",
            "2019-05-13T11:33:42.Z",
            "2019-05-13T11:33+3",
            "string",
        ] {
            assert!(!is_iso8601(bad), "{bad}");
        }
    }

    #[test]
    fn money_has_two_decimals_at_most() {
        assert_eq!(money(&serde_json::json!(10.5)), Some(Amount(1050)));
        assert_eq!(money(&serde_json::json!(0)), Some(Amount::ZERO));
        assert_eq!(money(&serde_json::json!(0.001)), None);
        assert_eq!(money(&serde_json::json!(-1)), None);
        assert_eq!(money(&serde_json::json!("10")), None);
    }
}
