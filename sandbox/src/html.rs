//! The simulated bank's 3-D Secure pages: real HTML a WebView or a headless browser can fill in.

use axum::http::HeaderMap;
use std::net::SocketAddr;
use swip_protocol::rules::percent::segment;
use swip_protocol::rules::three_ds;

/// The one-time code the sandbox bank accepts.
pub const PASSING_CODE: &str = "1234";

/// `http://<Host>` of the request, or of the listening address when the `Host` header is absent
/// or not a plain `host[:port]`.
pub fn base_url(headers: &HeaderMap, fallback: SocketAddr) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|value| value.to_str().ok())
        .filter(|host| {
            !host.is_empty()
                && host.len() <= 255
                && host.bytes().all(|b| {
                    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']')
                })
        });
    match host {
        Some(host) => format!("http://{host}"),
        None => format!("http://{fallback}"),
    }
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// The return URL the bank redirects to: `<base>/ext/3ds-return?deferredId=<id>`
/// ([`swip_protocol::rules::three_ds`], where the wallet looks for it too).
pub fn return_url(base: &str, deferred_id: &str) -> String {
    three_ds::return_url(base, deferred_id)
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;background:#f3f5f8;margin:0;padding:24px}\
main{max-width:420px;margin:0 auto;background:#fff;border-radius:12px;padding:24px;box-shadow:0 2px 8px #0002}\
h1{font-size:20px;margin:0 0 12px}label{display:block;margin:16px 0 6px}\
input{font-size:20px;padding:8px;width:100%;box-sizing:border-box;letter-spacing:4px}\
button{margin-top:16px;width:100%;padding:12px;font-size:16px;background:#1554d1;color:#fff;border:0;border-radius:8px}\
.hint{color:#666;font-size:13px}";

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
}

/// The challenge page: a form posting `code` to `<base>/ext/bank/3ds/<id>`.
pub fn challenge_page(base: &str, deferred_id: &str) -> String {
    let action = escape(&format!("{base}/ext/bank/3ds/{}", segment(deferred_id)));
    page(
        "3-D Secure · SWiP Sandbox Bank",
        &format!(
            "<h1>SWiP Sandbox Bank</h1>\n\
             <p>Confirm that you are adding your card to SWiP: enter the one-time code your bank sent you.</p>\n\
             <form id=\"challenge\" method=\"post\" action=\"{action}\">\n\
             <label for=\"code\">One-time code</label>\n\
             <input id=\"code\" name=\"code\" type=\"text\" inputmode=\"numeric\" autocomplete=\"one-time-code\" maxlength=\"8\" required autofocus>\n\
             <button id=\"submit\" type=\"submit\">Confirm</button>\n\
             </form>\n\
             <p class=\"hint\">Sandbox: the code {PASSING_CODE} passes, any other code fails.</p>"
        ),
    )
}

/// The page at the return URL.
pub fn return_page(deferred_id: &str) -> String {
    page(
        "3-D Secure complete",
        &format!(
            "<h1 id=\"done\">3-D Secure complete</h1>\n<p>You can close this page and return to the app.</p>\n\
             <p class=\"hint\">Binding {}</p>",
            escape(deferred_id)
        ),
    )
}

/// A page for a challenge that cannot be answered.
pub fn error_page(message: &str) -> String {
    page(
        "3-D Secure",
        &format!(
            "<h1 id=\"error\">3-D Secure unavailable</h1>\n<p>{}</p>",
            escape(message)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_cannot_break_out() {
        let page = challenge_page("http://127.0.0.1:1", "\"><script>");
        assert!(!page.contains("<script>"));
        assert!(page.contains("id=\"code\"") && page.contains("id=\"submit\""));
        assert_eq!(
            return_url("http://h", "a b"),
            "http://h/ext/3ds-return?deferredId=a%20b"
        );
        let mut headers = HeaderMap::new();
        headers.insert("host", "evil\"host".parse().unwrap());
        assert_eq!(
            base_url(&headers, "127.0.0.1:9".parse().unwrap()),
            "http://127.0.0.1:9"
        );
    }
}
