//! `AppJson`: axum's `Json`, but bad input answers in the API's error shape and names the
//! offending field (`document.triggers[0].severity: invalid type…`), because "invalid
//! JSON" alone helps nobody fix a 2 KB monitor body.

use axum::{
    body::Bytes,
    extract::{FromRequest, Request, rejection::BytesRejection},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::{Serialize, de::DeserializeOwned};

use crate::error::ApiError;

pub struct AppJson<T>(pub T);

impl<S, T> FromRequest<S> for AppJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        // Exactly `application/json` (parameters such as a charset aside): a form or text/plain
        // body, which a page on another site can send without asking, is never read as JSON.
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(';').next().is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json")));
        if !is_json {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection: BytesRejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::PayloadTooLarge
            } else {
                ApiError::bad_request(rejection.body_text())
            }
        })?;
        parse(&bytes).map(AppJson)
    }
}

/// Parses a JSON object, reporting the path of the first offending field. Every request
/// body is an object: an array is not read as a struct's fields in order, and nothing may
/// follow the object.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let body_error = |message: String| ApiError::BadRequest { errors: std::collections::BTreeMap::from([("body".to_owned(), message.clone())]), message };
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(body_error("The body must be a JSON object.".to_owned()));
    }
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    let value = deserialize(de)?;
    de.end().map_err(|e| body_error(format!("Malformed JSON body: {e}")))?;
    Ok(value)
}

fn deserialize<'de, T: DeserializeOwned>(de: &mut serde_json::Deserializer<serde_json::de::SliceRead<'de>>) -> Result<T, ApiError> {
    serde_path_to_error::deserialize(de).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        let message = inner.to_string();
        if inner.is_syntax() || inner.is_eof() || path == "." {
            let message = format!("Malformed JSON body: {message}");
            ApiError::BadRequest { errors: std::collections::BTreeMap::from([("body".to_owned(), message.clone())]), message }
        } else {
            let mut errors = std::collections::BTreeMap::new();
            errors.insert(path.clone(), message.clone());
            ApiError::BadRequest { message: format!("{path}: {message}"), errors }
        }
    })
}

impl<T: Serialize> IntoResponse for AppJson<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

/// `Query`, but a bad parameter answers 400 in the API's error shape.
pub struct AppQuery<T>(pub T);

impl<S, T> axum::extract::FromRequestParts<S> for AppQuery<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Query::<T>::try_from_uri(&parts.uri)
            .map(|q| AppQuery(q.0))
            .map_err(|rejection| {
                let message = rejection.body_text();
                ApiError::BadRequest { errors: std::collections::BTreeMap::from([("query".to_owned(), message.clone())]), message }
            })
    }
}
