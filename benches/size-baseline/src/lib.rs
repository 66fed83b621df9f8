//! Size baseline: one async export that fetches a URL over reqwest (rustls/ring) on tokio.

uniffi::setup_scaffolding!();

/// Fetches `url` and returns the number of JSON values at its top level (0 when not an array).
#[uniffi::export(async_runtime = "tokio")]
pub async fn fetch_count(url: String) -> u64 {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let Ok(client) = reqwest::Client::builder().build() else {
        return 0;
    };
    match client.get(url).send().await {
        Ok(response) => match response.json::<serde_json::Value>().await {
            Ok(serde_json::Value::Array(items)) => items.len() as u64,
            _ => 0,
        },
        Err(_) => 0,
    }
}
