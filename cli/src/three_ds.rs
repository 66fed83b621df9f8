//! A terminal's stand-in for the 3-D Secure WebView: reads the bank's form out of the page the
//! core fetched (`BindingStage::ThreeDsChallenge { html }`), fills in the one-time code, posts it
//! to the bank (encoded by `form_urlencoded`), lets reqwest follow the bank's redirects and stops
//! at the return URL (a redirect policy), as a WebView's navigation intercept does. The outcome
//! is then the server's (the core polls), never the page's.
//!
//! The scanner understands plain HTML forms (`<form action method>` with `<input>` fields, hidden
//! ones included), which is what the sandbox's bank serves and what 3-D Secure ACS pages post.
//! Pages that need JavaScript are out of its reach: `swip journey` then saves the page for a
//! browser. The real-browser check is the headless Chromium test (scripts/test.d/50-browser.sh).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::Url;
use reqwest::header::CONTENT_TYPE;
use reqwest::redirect::Policy;

/// A form read from the bank's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BankForm {
    /// Where it posts, resolved against the page's base URL.
    pub action: Url,
    /// `GET` or `POST`.
    pub method: String,
    /// Hidden and pre-filled fields, in page order.
    pub fields: Vec<(String, String)>,
    /// The field the cardholder types the one-time code into.
    pub code_field: String,
}

/// Why the page could not be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ThreeDsError {
    /// The page has no form this scanner can fill in.
    #[error("the bank's page has no form to fill in: {0}")]
    NoForm(&'static str),
    /// The bank could not be reached or answered an error.
    #[error("the bank did not answer as expected: {0}")]
    Bank(String),
    /// The bank's answer never led to the return URL.
    #[error("the bank's page did not lead to the return URL")]
    NoReturn,
}

/// Reads the first form of `html`; relative URLs resolve against `base_url` (the WebView's base:
/// the API's base URL).
pub fn read_form(html: &str, base_url: &str) -> Result<BankForm, ThreeDsError> {
    let lower = html.to_ascii_lowercase();
    let start = lower
        .find("<form")
        .ok_or(ThreeDsError::NoForm("no <form>"))?;
    let end = lower[start..]
        .find("</form")
        .map_or(html.len(), |i| start + i);
    let form_tag = attributes(tag_body(&html[start..end]));
    let action = attr(&form_tag, "action").ok_or(ThreeDsError::NoForm("the form has no action"))?;
    let base = Url::parse(base_url)
        .map_err(|_| ThreeDsError::NoForm("no base URL to resolve the form's action"))?;
    let action = base
        .join(&action)
        .map_err(|_| ThreeDsError::NoForm("the form's action is not a URL"))?;
    let method = attr(&form_tag, "method")
        .unwrap_or_else(|| "get".into())
        .to_ascii_uppercase();

    let mut fields = Vec::new();
    let mut code_field = None;
    let mut rest = start;
    while let Some(i) = lower[rest..end].find("<input") {
        let tag_start = rest + i;
        let input = attributes(tag_body(&html[tag_start..end]));
        rest = tag_start + "<input".len();
        let Some(name) = attr(&input, "name") else {
            continue;
        };
        let kind = attr(&input, "type")
            .unwrap_or_else(|| "text".into())
            .to_ascii_lowercase();
        match kind.as_str() {
            "submit" | "button" | "image" | "reset" | "file" | "checkbox" | "radio" => {}
            "text" | "number" | "password" | "tel" if code_field.is_none() => {
                code_field = Some(name)
            }
            _ => fields.push((name, attr(&input, "value").unwrap_or_default())),
        }
    }
    let code_field = code_field.ok_or(ThreeDsError::NoForm("no field for the one-time code"))?;
    Ok(BankForm {
        action,
        method,
        fields,
        code_field,
    })
}

/// Most redirects followed after the form is sent.
const MAX_REDIRECTS: usize = 5;

/// Submits `form` with `code`, lets reqwest follow the bank's redirects (at most
/// [`MAX_REDIRECTS`]) and returns the first URL for which `is_return_url` holds, without
/// loading it (a WebView's navigation intercept).
pub async fn submit(
    form: &BankForm,
    code: &str,
    is_return_url: impl Fn(&str) -> bool + Send + Sync + 'static,
) -> Result<String, ThreeDsError> {
    let reached = Arc::new(Mutex::new(None::<String>));
    let intercepted = reached.clone();
    let policy = Policy::custom(move |attempt| {
        if is_return_url(attempt.url().as_str()) {
            *intercepted
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(attempt.url().to_string());
            attempt.stop()
        } else if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else {
            attempt.follow()
        }
    });
    let http = reqwest::Client::builder()
        .redirect(policy)
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| ThreeDsError::Bank(e.to_string()))?;
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&form.fields)
        .append_pair(&form.code_field, code)
        .finish();
    let response = if form.method == "POST" {
        http.post(form.action.clone())
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(body)
    } else {
        let mut url = form.action.clone();
        url.set_query(Some(&body));
        http.get(url)
    }
    .send()
    .await
    .map_err(|e| ThreeDsError::Bank(e.without_url().to_string()))?;
    if let Some(url) = reached
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .take()
    {
        return Ok(url);
    }
    Err(if response.status().is_success() {
        ThreeDsError::NoReturn
    } else {
        ThreeDsError::Bank(format!("HTTP {}", response.status()))
    })
}

/// The text between `<tag` and its closing `>` (quotes respected).
fn tag_body(from_tag_start: &str) -> &str {
    let body = from_tag_start.trim_start_matches('<');
    let body = body.trim_start_matches(|c: char| c.is_ascii_alphanumeric());
    let mut quote = None;
    for (i, c) in body.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return &body[..i],
            _ => {}
        }
    }
    body
}

/// The attributes of a tag body, names lower-cased, values unescaped.
fn attributes(body: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = body.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace() || *c == '/').is_some() {}
        let name: String =
            std::iter::from_fn(|| chars.next_if(|c| !c.is_whitespace() && *c != '=')).collect();
        if name.is_empty() {
            return out;
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let value = if chars.next_if_eq(&'=').is_some() {
            while chars.next_if(|c| c.is_whitespace()).is_some() {}
            match chars.next_if(|c| *c == '"' || *c == '\'') {
                Some(quote) => {
                    std::iter::from_fn(|| chars.next_if(|c| *c != quote)).collect::<String>()
                }
                None => std::iter::from_fn(|| chars.next_if(|c| !c.is_whitespace())).collect(),
            }
        } else {
            String::new()
        };
        chars.next_if(|c| *c == '"' || *c == '\'');
        out.push((name.to_ascii_lowercase(), unescape(&value)));
    }
}

fn attr(attributes: &[(String, String)], name: &str) -> Option<String> {
    attributes
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
}

/// Undoes the HTML escapes attribute values use.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_sandbox_banks_form() {
        let html = swip_sandbox::html::challenge_page("http://127.0.0.1:9", "a b&c");
        let form = read_form(&html, "http://127.0.0.1:9").unwrap();
        assert_eq!(
            form.action.as_str(),
            "http://127.0.0.1:9/ext/bank/3ds/a%20b%26c"
        );
        assert_eq!(form.method, "POST");
        assert_eq!(form.code_field, "code");
        assert!(form.fields.is_empty());
    }

    #[test]
    fn reads_hidden_fields_and_relative_actions() {
        let html = "<html><FORM method='post' action=\"/acs?x=1&amp;y=2\"><input type=hidden name=MD value='m&quot;1'>\
                    <input name=\"otp\" autofocus><input type=\"submit\" value=\"OK\"/></FORM></html>";
        let form = read_form(html, "https://bank.example/pay/").unwrap();
        assert_eq!(form.action.as_str(), "https://bank.example/acs?x=1&y=2");
        assert_eq!(form.fields, vec![("MD".to_owned(), "m\"1".to_owned())]);
        assert_eq!(form.code_field, "otp");
    }

    #[test]
    fn pages_without_a_usable_form_are_refused() {
        assert_eq!(
            read_form("<p>hi</p>", "http://h"),
            Err(ThreeDsError::NoForm("no <form>"))
        );
        let only_hidden = "<form action=/x><input type=hidden name=a></form>";
        assert!(matches!(
            read_form(only_hidden, "http://h"),
            Err(ThreeDsError::NoForm(_))
        ));
    }
}
