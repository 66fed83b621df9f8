//! Readable text of the state enums for Kotlin's `toString()` and Swift's `description`: the
//! Rust `Debug` text with field names as Kotlin and Swift spell them (`resendAvailableAtMs`).
//! Kotlin prints a variant without fields as its name (`SignedOut`) instead of
//! `AuthState$SignedOut@15ca7889`.

use std::fmt;

/// `value`'s `Debug` text with every `snake_case:` field name in lowerCamelCase; text inside
/// string literals is left as it is.
pub(crate) fn write_readable(f: &mut fmt::Formatter<'_>, value: &impl fmt::Debug) -> fmt::Result {
    f.write_str(&readable(&format!("{value:?}")))
}

fn readable(debug: &str) -> String {
    let mut out = String::with_capacity(debug.len());
    let mut word = String::new();
    let mut in_string = false;
    let mut escaped = false;
    for c in debug.chars() {
        if in_string {
            out.push(c);
            match (escaped, c) {
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => escaped = false,
            }
            continue;
        }
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        if c == ':' {
            out.push_str(&crate::error::lower_camel(&word));
        } else {
            out.push_str(&word);
        }
        word.clear();
        if c == '"' {
            in_string = true;
        }
        out.push(c);
    }
    out.push_str(&word);
    out
}

#[cfg(test)]
mod tests {
    use super::readable;

    #[test]
    fn field_names_are_camel_case_and_strings_untouched() {
        assert_eq!(
            readable(
                r#"AwaitingCode { phone: "a_b: c", resend_available_at_ms: 5, problem: None }"#
            ),
            r#"AwaitingCode { phone: "a_b: c", resendAvailableAtMs: 5, problem: None }"#
        );
        assert_eq!(readable("SignedOut"), "SignedOut");
        assert_eq!(
            readable(r#"X { s: "q\"x_y: 1" }"#),
            r#"X { s: "q\"x_y: 1" }"#
        );
    }
}
