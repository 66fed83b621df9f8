//! Reading the server's answers tolerantly (issue 13).
//!
//! SWiP's backend is a Java service: an unset field may come as `null` or not at all, and a newer
//! server adds fields and enum values. Response types therefore read every field the journey can
//! go on without through these helpers, so `null`, absent and (for enums) unknown values never
//! fail an answer; only the fields the journey needs (a token, a `deferredId`, an order's id and
//! total, a status) are required, and [`decode`] then names the field that failed, never its value.
//! `docs/extensions.md` ("Reading the server's answers") has the table of what each absence means.
//!
//! Requests are not affected: what the wallet sends is serialised exactly as before.

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::SecretString;
use crate::json_path;

/// `null` reads as the type's default, exactly like an absent field. Use together with
/// `#[serde(default)]`: `#[serde(default, deserialize_with = "crate::tolerant::null_as_default")]`.
pub fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// The token's and refresh token's validity when the server does not say: one hour, as the in-app
/// seed states ("Полученный токен действителен в течение 1 часа") and as all its examples send.
pub const DEFAULT_PERIOD_SECS: u64 = 3600;

/// The default of a token period: [`DEFAULT_PERIOD_SECS`].
pub fn default_period() -> u64 {
    DEFAULT_PERIOD_SECS
}

/// A token period in seconds; `null` reads as [`DEFAULT_PERIOD_SECS`] (use with
/// `#[serde(default = "crate::tolerant::default_period")]` for an absent one).
pub fn period_or_default<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    Ok(Option::<u64>::deserialize(deserializer)?.unwrap_or(DEFAULT_PERIOD_SECS))
}

/// A text the journey cannot go on without (an id, a token): `null` or `""` fails the answer,
/// naming the field.
pub fn required_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    match Option::<String>::deserialize(deserializer)? {
        None => Err(D::Error::custom(NULL_REQUIRED)),
        Some(text) if text.is_empty() => Err(D::Error::custom(EMPTY_REQUIRED)),
        Some(text) => Ok(text),
    }
}

/// As [`required_text`], for a secret (a token).
pub fn required_secret<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<SecretString, D::Error> {
    required_text(deserializer).map(SecretString::from)
}

/// A text that some servers send as a number (`"errorCode": 19` instead of `"19"`): a number reads
/// as its decimal text, `null` as `""`.
pub fn text_or_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::Null => Ok(String::new()),
        Value::String(text) => Ok(text),
        Value::Number(number) => Ok(number.to_string()),
        Value::Bool(flag) => Ok(flag.to_string()),
        _ => Err(D::Error::custom("expected a text")),
    }
}

/// A number the seeds type loosely (a store's `latitude` is "string" in one table and `double` in
/// another): a number, a numeric text, `null` or `""` (none).
pub fn number_or_numeric_text<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<f64>, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::Null => Ok(None),
        Value::Number(number) => Ok(number.as_f64()),
        Value::String(text) if text.trim().is_empty() => Ok(None),
        Value::String(text) => text
            .trim()
            .parse::<f64>()
            .map(Some)
            .map_err(|_| D::Error::custom("expected a number")),
        _ => Err(D::Error::custom("expected a number")),
    }
}

/// The `code` of the error object: a number (`14`), a numeric text (`"14"`), an integral float
/// (`14.0`); anything else (absent, `null`, `"abc"`, negative) reads as 0, "no code", so that the
/// HTTP status speaks (0 is no code of the contract). Never fails: an error answer is read as far
/// as it goes.
pub fn lenient_code<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    let value = Value::deserialize(deserializer)?;
    Ok(code_of(&value).unwrap_or(0))
}

fn code_of(value: &Value) -> Option<u32> {
    match value {
        Value::Number(number) => match number.as_u64() {
            Some(code) => u32::try_from(code).ok(),
            None => number
                .as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f <= f64::from(u32::MAX))
                .map(|f| f as u32),
        },
        Value::String(text) => text.trim().parse::<u32>().ok(),
        _ => None,
    }
}

/// A list whose `null` reads as empty and whose items that are `null` are skipped.
pub fn list_skipping_nulls<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let items = Option::<Vec<Option<T>>>::deserialize(deserializer)?.unwrap_or_default();
    Ok(items.into_iter().flatten().collect())
}

const NULL_REQUIRED: &str = "required, but null";
const EMPTY_REQUIRED: &str = "required, but empty";

/// Why an answer could not be read: which field and what kind of problem, never the field's value
/// (it may be a token). The field is written as a path: `token`, `[0].id`, `purchases[2].price`;
/// empty for the body as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeFailure {
    /// The path of the field in error; empty when the body as a whole is wrong.
    pub field: String,
    /// What was wrong with it, in words that never quote the body.
    pub problem: &'static str,
    /// Where in the body (1-based line; 0 when unknown).
    pub line: usize,
    /// Where in the line (1-based column; 0 when unknown).
    pub column: usize,
}

impl std::fmt::Display for DecodeFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}", self.problem)?;
        } else {
            write!(f, "field `{}`: {}", self.field, self.problem)?;
        }
        write!(f, " (line {}, column {})", self.line, self.column)
    }
}

impl std::error::Error for DecodeFailure {}

/// Reads a JSON body as `T`; a failure names the field's path and the kind of problem only.
///
/// The body is read by plain `serde_json`; only a failure is located, by
/// [`json_path`] at the position serde_json reports.
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeFailure> {
    serde_json::from_slice::<T>(bytes).map_err(|err| failure_of(bytes, &err))
}

fn failure_of(bytes: &[u8], err: &serde_json::Error) -> DecodeFailure {
    use serde_json::error::Category;
    let message = err.to_string();
    let (line, column) = (err.line(), err.column());
    let located = || sanitized_path(&json_path::path_of_value_at(bytes, line, column));
    let (mut field, problem) = match err.classify() {
        Category::Io => (String::new(), "read error"),
        Category::Syntax => (located(), "not valid JSON"),
        Category::Eof => (located(), "JSON cut short"),
        Category::Data => {
            if let Some(name) = missing_field_name(&message) {
                let mut field =
                    sanitized_path(&json_path::path_of_container_at(bytes, line, column));
                if !field.is_empty() {
                    field.push('.');
                }
                field.push_str(&name);
                (field, "required, but missing")
            } else if message.starts_with(NULL_REQUIRED)
                || message.starts_with("invalid type: null")
            {
                (located(), "required, but null")
            } else if message.starts_with(EMPTY_REQUIRED) {
                (located(), "required, but empty")
            } else if message.starts_with("invalid type") {
                (located(), "of the wrong type")
            } else if message.starts_with("invalid length") {
                let container = json_path::path_of_container_at(bytes, line, column);
                (sanitized_path(&container), "of the wrong length")
            } else {
                (located(), "of an unreadable value")
            }
        }
    };
    field.truncate(120);
    DecodeFailure {
        field,
        problem,
        line,
        column,
    }
}

/// serde writes a missing field as ``missing field `name` ``; the name is one of the type's own
/// field names, never the body's text.
fn missing_field_name(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    let name = &rest[..rest.find('`')?];
    let clean = sanitized_path(name);
    (!clean.is_empty()).then_some(clean)
}

/// A field path restricted to the characters of field names and indexes, so no value can ride
/// along.
fn sanitized_path(path: &str) -> String {
    path.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '-'))
        .take(120)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Sample {
        #[serde(deserialize_with = "required_text")]
        id: String,
        #[serde(default, deserialize_with = "null_as_default")]
        name: String,
        #[serde(default, deserialize_with = "null_as_default")]
        lines: Vec<Line>,
        #[serde(default, deserialize_with = "lenient_code")]
        code: u32,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Line {
        price: f64,
    }

    #[test]
    fn null_and_absent_read_as_the_default() {
        let a: Sample = decode(br#"{"id":"x","name":null,"lines":null,"code":null}"#).unwrap();
        let b: Sample = decode(br#"{"id":"x","unknown":{"deep":[1,null]}}"#).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.name, "");
    }

    #[test]
    fn failures_name_the_field_never_the_value() {
        let missing = decode::<Sample>(br#"{"name":"secret-value"}"#).unwrap_err();
        assert_eq!(missing.field, "id");
        assert_eq!(missing.problem, "required, but missing");
        let null = decode::<Sample>(br#"{"id":null}"#).unwrap_err();
        assert_eq!(
            (null.field.as_str(), null.problem),
            ("id", "required, but null")
        );
        let empty = decode::<Sample>(br#"{"id":""}"#).unwrap_err();
        assert_eq!(empty.problem, "required, but empty");
        let nested =
            decode::<Sample>(br#"{"id":"x","lines":[{"price":1},{"price":"secret-value"}]}"#)
                .unwrap_err();
        assert_eq!(nested.field, "lines[1].price");
        assert_eq!(nested.problem, "of the wrong type");
        assert!(!nested.to_string().contains("secret"), "{nested}");
        let deep_missing = decode::<Sample>(br#"{"id":"x","lines":[{}]}"#).unwrap_err();
        assert_eq!(deep_missing.field, "lines[0].price");
        let syntax = decode::<Sample>(b"{\"id\": secret").unwrap_err();
        assert_eq!(
            (syntax.field.as_str(), syntax.problem),
            ("id", "not valid JSON")
        );
        assert!(!syntax.to_string().contains("secret"));
        let trailing = decode::<Sample>(br#"{"id":"x"} secret"#).unwrap_err();
        assert_eq!(trailing.problem, "not valid JSON");
    }

    #[test]
    fn the_error_code_reads_from_numbers_and_numeric_text() {
        for (raw, code) in [
            (r#"{"id":"x","code":14}"#, 14),
            (r#"{"id":"x","code":"14"}"#, 14),
            (r#"{"id":"x","code":" 9 "}"#, 9),
            (r#"{"id":"x","code":14.0}"#, 14),
            (r#"{"id":"x","code":"abc"}"#, 0),
            (r#"{"id":"x","code":-3}"#, 0),
            (r#"{"id":"x","code":[1]}"#, 0),
            (r#"{"id":"x"}"#, 0),
        ] {
            assert_eq!(
                decode::<Sample>(raw.as_bytes()).unwrap().code,
                code,
                "{raw}"
            );
        }
    }

    #[test]
    fn loose_numbers_and_texts() {
        #[derive(Deserialize)]
        struct Loose {
            #[serde(default, deserialize_with = "number_or_numeric_text")]
            latitude: Option<f64>,
            #[serde(default, deserialize_with = "text_or_number")]
            error_code: String,
            #[serde(default, deserialize_with = "list_skipping_nulls")]
            items: Vec<u32>,
        }
        let loose: Loose =
            serde_json::from_str(r#"{"latitude":"55.75","error_code":19,"items":[1,null,2]}"#)
                .unwrap();
        assert_eq!(loose.latitude, Some(55.75));
        assert_eq!(loose.error_code, "19");
        assert_eq!(loose.items, vec![1, 2]);
        let empty: Loose = serde_json::from_str(r#"{"latitude":"","error_code":null}"#).unwrap();
        assert_eq!(empty.latitude, None);
        assert_eq!(empty.error_code, "");
    }
}
