//! Deferred operations: card binding and payment report their progress through
//! `GET /deferred-results/{id}/status`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::tolerant;

/// `{"deferredId": "..."}`, the answer of `POST /payment-cards` and `POST /orders/{id}/payments`.
/// `deferredId` is required (missing, `null` or `""` fails the answer): without it nothing can be
/// polled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeferredResponse {
    /// The id to poll.
    #[serde(deserialize_with = "tolerant::required_text")]
    pub deferred_id: String,
}

/// `{"status":"PROCESSING","errorCode":"","errorMessage":""}`. `status` is required (an unknown
/// value is kept as [`DeferredStatus::Other`], "not final"); `errorCode` and `errorMessage`, `null`
/// or absent, read as `""`, and a numeric `errorCode` as its decimal text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeferredStatusResponse {
    /// Where the operation is.
    pub status: DeferredStatus,
    /// Empty unless the operation failed.
    #[serde(default, deserialize_with = "tolerant::text_or_number")]
    pub error_code: String,
    /// Empty unless the operation failed.
    #[serde(default, deserialize_with = "tolerant::null_as_default")]
    pub error_message: String,
}

/// The values of `status`. Binding: PROCESSING, FINISH_3DS, SUCCESS, FAIL. Payment: PROCESSING,
/// LOYALTY_CALCULATION, SUCCESS, FAIL. A value this contract does not know is kept as `Other` and
/// treated as "still processing" by the wallet: never as a final answer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum DeferredStatus {
    /// Being processed.
    Processing,
    /// Card binding: a 3-D Secure challenge must be completed.
    Finish3ds,
    /// Payment: loyalty is being calculated.
    LoyaltyCalculation,
    /// Done.
    Success,
    /// Failed.
    Fail,
    /// Anything else, as sent.
    Other(String),
}

impl DeferredStatus {
    /// The wire value.
    pub fn as_str(&self) -> &str {
        match self {
            DeferredStatus::Processing => "PROCESSING",
            DeferredStatus::Finish3ds => "FINISH_3DS",
            DeferredStatus::LoyaltyCalculation => "LOYALTY_CALCULATION",
            DeferredStatus::Success => "SUCCESS",
            DeferredStatus::Fail => "FAIL",
            DeferredStatus::Other(other) => other,
        }
    }

    /// True for SUCCESS and FAIL: the server's final word.
    pub fn is_final(&self) -> bool {
        matches!(self, DeferredStatus::Success | DeferredStatus::Fail)
    }
}

impl Serialize for DeferredStatus {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for DeferredStatus {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = String::deserialize(deserializer)?;
        Ok(match value.as_str() {
            "PROCESSING" => DeferredStatus::Processing,
            "FINISH_3DS" => DeferredStatus::Finish3ds,
            "LOYALTY_CALCULATION" => DeferredStatus::LoyaltyCalculation,
            "SUCCESS" => DeferredStatus::Success,
            "FAIL" => DeferredStatus::Fail,
            _ => DeferredStatus::Other(value),
        })
    }
}

/// `{"finish3dsHtml": "<!DOCTYPE html>..."}`, the 3-D Secure page of a card binding. The page is
/// required: without it the challenge cannot be shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThreeDsPage {
    /// The HTML page with the bank's form.
    #[serde(rename = "finish3dsHtml", deserialize_with = "tolerant::required_text")]
    pub finish_3ds_html: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_examples() {
        let status: DeferredStatusResponse =
            serde_json::from_str(r#"{ "status":"PROCESSING", "errorCode":"", "errorMessage":"" }"#)
                .unwrap();
        assert_eq!(status.status, DeferredStatus::Processing);
        let deferred: DeferredResponse =
            serde_json::from_str(r#"{"deferredId":"d83a617e-dae3-448b-875d-c62d163b030a"}"#)
                .unwrap();
        assert_eq!(deferred.deferred_id, "d83a617e-dae3-448b-875d-c62d163b030a");
        let page: ThreeDsPage = serde_json::from_str(
            r#"{ "finish3dsHtml":"<!DOCTYPE html>\n<html>...HTML code...</html>" }"#,
        )
        .unwrap();
        assert!(page.finish_3ds_html.starts_with("<!DOCTYPE html>"));
        assert_eq!(
            serde_json::to_value(&page).unwrap()["finish3dsHtml"],
            page.finish_3ds_html
        );
    }

    #[test]
    fn every_status_round_trips() {
        for raw in [
            "PROCESSING",
            "FINISH_3DS",
            "LOYALTY_CALCULATION",
            "SUCCESS",
            "FAIL",
            "NEW_THING",
        ] {
            let status: DeferredStatus = serde_json::from_value(raw.into()).unwrap();
            assert_eq!(serde_json::to_value(&status).unwrap(), raw);
        }
        assert!(!DeferredStatus::Other("X".into()).is_final());
    }
}
