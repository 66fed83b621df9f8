//! The 3-D Secure return URL (an extension): the bank's page ends on
//! `<base>/ext/3ds-return?deferredId=<id>`; the wallet watches the WebView for a navigation to
//! that endpoint (scheme, host, port and path; query and fragment ignored), and the sandbox's bank
//! redirects there.

use super::percent::segment;

/// The path of the return endpoint.
pub const RETURN_PATH: &str = "/ext/3ds-return";
/// The query parameter naming the binding.
pub const DEFERRED_ID_PARAM: &str = "deferredId";

/// The return endpoint of a server at `base` (a trailing `/` of `base` is dropped).
pub fn return_endpoint(base: &str) -> String {
    format!("{}{RETURN_PATH}", base.trim_end_matches('/'))
}

/// The URL the bank redirects to when the binding `deferred_id` is done.
pub fn return_url(base: &str, deferred_id: &str) -> String {
    format!(
        "{}?{DEFERRED_ID_PARAM}={}",
        return_endpoint(base),
        segment(deferred_id)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(return_endpoint("http://h/"), "http://h/ext/3ds-return");
        assert_eq!(
            return_url("http://h", "a b"),
            "http://h/ext/3ds-return?deferredId=a%20b"
        );
    }
}
