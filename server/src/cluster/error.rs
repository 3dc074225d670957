//! Cluster failures as API errors. The cluster's own words (`root_cause[0].reason`) are kept
//! because they are what a person can act on; where a message clearly belongs to one field
//! of the monitor it is attached there, so the UI shows it next to that field.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use serde::Deserialize;

use super::transport::{Answer, TransportError};
use crate::error::ApiError;

impl From<TransportError> for ApiError {
    fn from(err: TransportError) -> Self {
        let (status, message) = match &err {
            TransportError::Timeout { .. } => (StatusCode::GATEWAY_TIMEOUT, err.to_string()),
            TransportError::Unreachable { .. } | TransportError::Garbage { .. } | TransportError::Unexpected { .. } => {
                (StatusCode::BAD_GATEWAY, err.to_string())
            }
            TransportError::Setup(_) => (StatusCode::SERVICE_UNAVAILABLE, err.to_string()),
        };
        tracing::warn!(error = %err, "cluster request failed");
        ApiError::Cluster { status, message: format!("{}. Drafts are kept and can still be edited.", capitalize(&message)), errors: BTreeMap::new() }
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// An OpenSearch error body: `{"error":{"root_cause":[{"reason"}],"reason"},"status"}`, a
/// plain `{"error":"…"}`, or a plugin's `{"message":"…"}`.
#[derive(Debug, Default, Deserialize)]
struct ErrorAnswer {
    #[serde(default)]
    error: Option<ErrorField>,
    #[serde(default)]
    message: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum ErrorField {
    Text(String),
    Detail {
        #[serde(default)]
        root_cause: Vec<Cause>,
        #[serde(default)]
        reason: Option<String>,
    },
    Other(serde::de::IgnoredAny),
}

#[derive(Debug, Deserialize)]
struct Cause {
    #[serde(default)]
    reason: Option<String>,
}

impl ErrorAnswer {
    fn reason(self) -> Option<String> {
        let from_error = match self.error {
            Some(ErrorField::Text(text)) => Some(text),
            Some(ErrorField::Detail { root_cause, reason }) => root_cause.into_iter().find_map(|c| c.reason).or(reason),
            Some(ErrorField::Other(_)) | None => None,
        };
        from_error.or(self.message)
    }
}

/// The human reason of an OpenSearch error answer (its body as text when it has none).
/// A body that is not JSON at all is the transport's "not JSON" error instead.
fn reason(answer: &Answer, what: &str) -> Result<String, ApiError> {
    let text = || String::from_utf8_lossy(&answer.body).into_owned();
    match answer.decode::<ErrorAnswer>(what) {
        Ok(body) => Ok(body.reason().unwrap_or_else(text)),
        Err(garbage @ TransportError::Garbage { .. }) => Err(garbage.into()),
        Err(_) => Ok(text()),
    }
}

/// The monitor field a cluster message is about, when it says so plainly.
pub fn field_of(reason: &str) -> Option<&'static str> {
    let r = reason.to_ascii_lowercase();
    let rules: [(&str, &str); 10] = [
        ("monitor name", "name"),
        ("timezone", "schedule.timezone"),
        ("cron", "schedule.expression"),
        ("schedule", "schedule"),
        ("indices are not found", "indices"),
        ("no such index", "indices"),
        ("index_not_found", "indices"),
        ("triggers", "triggers"),
        ("throttle", "triggers"),
        ("query", "extraction_query"),
    ];
    rules.iter().find(|(needle, _)| r.contains(needle)).map(|(_, field)| *field)
}

/// Turns a non-2xx cluster answer into an API error.
pub fn from_answer(answer: &Answer, what: &str) -> ApiError {
    // The security plugin answers a refused login with a plain-text `Unauthorized`: the
    // credentials are the news, whatever the body is.
    if matches!(answer.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) {
        let said = reason(answer, what).unwrap_or_else(|_| String::from_utf8_lossy(&answer.body).chars().take(200).collect());
        let said = said.trim();
        let detail = if said.is_empty() { String::new() } else { format!(" ({said})") };
        let refused = if answer.status == StatusCode::UNAUTHORIZED { "refused Monitor Studio's credentials" } else { "does not let Monitor Studio's user do this" };
        return ApiError::Cluster { status: StatusCode::BAD_GATEWAY, message: format!("{what}: the cluster {refused}{detail}"), errors: BTreeMap::new() };
    }
    let reason = match reason(answer, what) {
        Ok(reason) => reason,
        Err(garbage) => return garbage,
    };
    let message = format!("{what}: {reason}");
    let mut errors = BTreeMap::new();
    match answer.status {
        StatusCode::NOT_FOUND if field_of(&reason) == Some("indices") => {
            errors.insert("indices".to_owned(), reason.clone());
            ApiError::Invalid { message, errors }
        }
        StatusCode::NOT_FOUND => ApiError::NotFound(message),
        StatusCode::CONFLICT => ApiError::Conflict { message, errors },
        s if s.is_client_error() || reason.contains("IllegalArgument") || reason.contains("should follow pattern") => {
            if let Some(field) = field_of(&reason) {
                errors.insert(field.to_owned(), reason.clone());
            }
            ApiError::Invalid { message, errors }
        }
        _ => ApiError::Cluster { status: StatusCode::BAD_GATEWAY, message, errors },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn answer(status: u16, body: Value) -> Answer {
        Answer { status: StatusCode::from_u16(status).unwrap(), body: body.to_string().into(), took: std::time::Duration::ZERO }
    }

    #[test]
    fn alerting_errors_map_to_fields() {
        let body = json!({"error":{"root_cause":[{"type":"alerting_exception","reason":"Monitor name is null"}],"type":"alerting_exception","reason":"Monitor name is null"},"status":400});
        match from_answer(&answer(400, body), "Publishing failed") {
            ApiError::Invalid { errors, message } => {
                assert_eq!(errors["name"], "Monitor name is null");
                assert_eq!(message, "Publishing failed: Monitor name is null");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn statuses_map_to_api_errors() {
        let body = json!({"error":{"reason":"version conflict"}});
        assert!(matches!(from_answer(&answer(409, body.clone()), "x"), ApiError::Conflict { .. }));
        assert!(matches!(from_answer(&answer(404, body.clone()), "x"), ApiError::NotFound(_)));
        assert_eq!(from_answer(&answer(500, body.clone()), "x").status(), StatusCode::BAD_GATEWAY);
        assert_eq!(from_answer(&answer(401, body), "x").status(), StatusCode::BAD_GATEWAY);
        assert_eq!(from_answer(&answer(400, json!({"error": "no handler found"})), "x").to_string(), "x: no handler found");
        assert_eq!(from_answer(&answer(403, json!({"message": "denied"})), "x").status(), StatusCode::BAD_GATEWAY);
        let plain = Answer { status: StatusCode::UNAUTHORIZED, body: "Unauthorized".into(), took: std::time::Duration::ZERO };
        assert_eq!(from_answer(&plain, "x").to_string(), "x: the cluster refused Monitor Studio's credentials (Unauthorized)");
        let html = Answer { status: StatusCode::BAD_GATEWAY, body: "<html>proxy</html>".into(), took: std::time::Duration::ZERO };
        assert!(from_answer(&html, "x").to_string().contains("not JSON"));
    }
}
