//! What `swip demo --json` prints of the core's state: one key convention, camelCase like the
//! API's, and the user's phone masked unless asked for (`--show-phone`).
//!
//! The core's `AppState` serialises its enums' fields in snake_case (`resend_available_at_ms`),
//! and the pending-operation journal kept in the secure store shares those types, so their serde
//! stays as it is; the CLI converts its own view instead.

use serde::Serialize;
use serde_json::Value;
use swip_core::input::Phone;

/// `value` as JSON with camelCase keys, phones masked unless `show_phone`.
pub fn view(value: &impl Serialize, show_phone: bool) -> Value {
    let mut json = serde_json::to_value(value).unwrap_or(Value::Null);
    camel_case_keys(&mut json);
    if !show_phone {
        mask_phones(&mut json);
    }
    json
}

/// Renames every object key, at any depth, to camelCase (`server_status` → `serverStatus`).
/// Values (`"stage": "phone_entered"`) are left as they are.
pub fn camel_case_keys(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, mut item) in std::mem::take(map) {
                camel_case_keys(&mut item);
                map.insert(camel_case(&key), item);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(camel_case_keys),
        _ => {}
    }
}

/// `snake_case` → `snakeCase`; a key without underscores stays as it is.
fn camel_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper_next = false;
    for c in key.chars() {
        if c == '_' {
            upper_next = !out.is_empty();
        } else if upper_next {
            out.extend(c.to_uppercase());
            upper_next = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Masks the string value of every `phone` key, at any depth (`+7 ••• ••• ••-17`).
fn mask_phones(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                match item {
                    Value::String(text) if key == "phone" => *text = masked(text),
                    _ => mask_phones(item),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(mask_phones),
        _ => {}
    }
}

fn masked(phone: &str) -> String {
    Phone::parse(phone).map_or_else(|_| "***".to_owned(), |phone| phone.masked())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn keys_become_camel_case_at_every_depth_and_values_stay() {
        let mut value = json!({
            "auth": {"stage": "awaiting_code", "resend_available_at_ms": 5, "phone": "79990005517"},
            "checkout": [{"server_status": "NEW", "orderNumber": "7"}],
        });
        camel_case_keys(&mut value);
        assert_eq!(
            value,
            json!({
                "auth": {"stage": "awaiting_code", "resendAvailableAtMs": 5, "phone": "79990005517"},
                "checkout": [{"serverStatus": "NEW", "orderNumber": "7"}],
            })
        );
    }

    #[test]
    fn phones_are_masked_unless_asked_for() {
        let state = json!({"auth": {"phone": "79990005517"}, "other": "79990005517"});
        let masked = view(&state, false);
        assert_eq!(masked["auth"]["phone"], "+7 ••• ••• ••-17");
        assert!(!masked["auth"].to_string().contains("79990005517"));
        assert_eq!(view(&state, true)["auth"]["phone"], "79990005517");
    }
}
