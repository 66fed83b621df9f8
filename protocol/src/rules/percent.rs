//! Percent-encoding of a path segment or a query value: everything but RFC 3986's unreserved
//! characters (`A–Z a–z 0–9 - . _ ~`) is encoded, so an id can never change the path and a value
//! can never end its query parameter. Every path builder of the three APIs and the sandbox's
//! 3-D Secure URLs use it.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// The bytes encoded: all but the unreserved ones.
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `text` percent-encoded (UTF-8, upper-case hex).
pub fn segment(text: &str) -> String {
    utf8_percent_encode(text, NOT_UNRESERVED).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_but_unreserved_is_encoded() {
        assert_eq!(segment("AbC-1_2.3~"), "AbC-1_2.3~");
        assert_eq!(segment("../x?y=1&z"), "..%2Fx%3Fy%3D1%26z");
        assert_eq!(segment("a b"), "a%20b");
        assert_eq!(segment("ё"), "%D1%91");
        assert_eq!(
            segment("https://swip.one/?qr=1"),
            "https%3A%2F%2Fswip.one%2F%3Fqr%3D1"
        );
    }
}
