//! The HTTP boundary's error: every failure becomes a status code and a JSON
//! `{message, errors}` body (see `app::api::ErrorBody`). Internal causes are logged with
//! their detail and answered with a generic sentence, so no SQL or cluster credential leaks.

use std::collections::BTreeMap;

use app::{
    api::{Conflict, Draft, ErrorBody, PublishConflict},
    client::{ClientError, ConflictAnswer},
};
use axum::{
    Json,
    http::StatusCode,
    response::{IntoResponse, Response},
};

pub type ApiResult<T, E = ApiError> = Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request is malformed (bad JSON, wrong type): 400.
    #[error("{message}")]
    BadRequest { message: String, errors: BTreeMap<String, String> },
    /// The request is well-formed but its content is invalid: 422 with field errors.
    #[error("{message}")]
    Invalid { message: String, errors: BTreeMap<String, String> },
    #[error("{0}")]
    NotFound(String),
    /// Not signed in, or an unknown / expired / revoked token: 401.
    #[error("{0}")]
    Unauthorized(String),
    /// Signed in, but not allowed (or a cross-site request): 403.
    #[error("{0}")]
    Forbidden(String),
    /// Too many attempts (sign-in): 429.
    #[error("{0}")]
    TooManyRequests(String),
    /// A stale draft version: 409 with the current draft so the client can resolve it.
    #[error("{message}")]
    DraftConflict { message: String, current: Box<Draft> },
    /// The published monitor changed (or vanished) on the cluster: 409 with what changed.
    #[error("{}", .0.message)]
    PublishConflict(Box<PublishConflict>),
    /// Any other conflict (e.g. the cluster's seq_no check): 409.
    #[error("{message}")]
    Conflict { message: String, errors: BTreeMap<String, String> },
    #[error("The request body is larger than this server accepts.")]
    PayloadTooLarge,
    #[error("Send the body as JSON (Content-Type: application/json).")]
    UnsupportedMediaType,
    /// The cluster is not configured, down, or answered something unusable: 502/503/504.
    #[error("{message}")]
    Cluster { status: StatusCode, message: String, errors: BTreeMap<String, String> },
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn bad_request(message: impl Into<String>) -> Self {
        ApiError::BadRequest { message: message.into(), errors: BTreeMap::new() }
    }

    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        let message = message.into();
        let field = field.into();
        ApiError::Invalid { message: format!("{field}: {message}"), errors: BTreeMap::from([(field, message)]) }
    }

    pub fn invalid(errors: BTreeMap<String, String>) -> Self {
        let message = match errors.len() {
            1 => {
                let (field, msg) = errors.iter().next().expect("one error");
                format!("{field}: {msg}")
            }
            n => format!("Fix all highlighted error(s) before continuing ({n} fields)."),
        };
        ApiError::Invalid { message, errors }
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        ApiError::NotFound(what.into())
    }

    pub fn internal(err: impl std::fmt::Display) -> Self {
        ApiError::Internal(err.to_string())
    }

    /// The field errors an invalid request carries (empty for other errors).
    pub fn field_errors(&self) -> BTreeMap<String, String> {
        match self {
            ApiError::BadRequest { errors, .. } | ApiError::Invalid { errors, .. } | ApiError::Conflict { errors, .. } | ApiError::Cluster { errors, .. } => errors.clone(),
            _ => BTreeMap::new(),
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ApiError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::DraftConflict { .. } | ApiError::Conflict { .. } | ApiError::PublishConflict(_) => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Cluster { status, .. } => *status,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        ApiError::Internal(format!("database: {err}"))
    }
}

/// The answer an error gives, the same for HTTP and for the pages' in-process calls.
impl From<ApiError> for ClientError {
    fn from(err: ApiError) -> ClientError {
        let status = err.status().as_u16();
        match err {
            ApiError::DraftConflict { message, current } => {
                let body = ErrorBody { message, errors: BTreeMap::new() };
                let conflict = Conflict { message: body.message.clone(), errors: BTreeMap::new(), current: *current };
                ClientError::Conflict(ConflictAnswer::new(body, &conflict))
            }
            ApiError::PublishConflict(conflict) => {
                let body = ErrorBody { message: conflict.message.clone(), errors: conflict.errors.clone() };
                ClientError::PublishConflict(ConflictAnswer::new(body, &conflict))
            }
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "internal error");
                let body = ErrorBody { message: "Something went wrong on the server; nothing was changed.".into(), errors: BTreeMap::new() };
                ClientError::Api { status, body }
            }
            ApiError::BadRequest { message, errors }
            | ApiError::Invalid { message, errors }
            | ApiError::Conflict { message, errors }
            | ApiError::Cluster { message, errors, .. } => ClientError::Api { status, body: ErrorBody { message, errors } },
            other => ClientError::Api { status, body: ErrorBody { message: other.to_string(), errors: BTreeMap::new() } },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        match ClientError::from(self) {
            ClientError::Conflict(answer) | ClientError::PublishConflict(answer) => {
                (status, [(axum::http::header::CONTENT_TYPE, "application/json")], answer.json().to_owned()).into_response()
            }
            ClientError::Api { body, .. } => (status, Json(body)).into_response(),
            ClientError::Network(message) => (status, Json(ErrorBody { message, errors: BTreeMap::new() })).into_response(),
        }
    }
}
