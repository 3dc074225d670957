//! The browser's client of `/api/v1`. The UI uses exactly the public API that external
//! tools use, so there is one service layer behind both. Requests run only in the browser;
//! during server-side rendering pages show their loading state instead.

use serde::{Serialize, de::DeserializeOwned};

use crate::api::{Conflict, ErrorBody, PublishConflict};

#[derive(Clone, Debug, PartialEq)]
pub enum ClientError {
    /// The server refused the request, with its message and field errors.
    Api { status: u16, body: ErrorBody },
    /// A stale draft version: the draft as it is now.
    Conflict(Box<Conflict>),
    /// The published monitor changed or vanished on the cluster.
    PublishConflict(Box<PublishConflict>),
    /// No answer (server down, network gone) or an unreadable one.
    Network(String),
}

impl ClientError {
    pub fn message(&self) -> String {
        match self {
            ClientError::Api { body, .. } => body.message.clone(),
            ClientError::Conflict(c) => c.message.clone(),
            ClientError::PublishConflict(c) => c.message.clone(),
            ClientError::Network(m) => m.clone(),
        }
    }

    pub fn field_errors(&self) -> std::collections::BTreeMap<String, String> {
        match self {
            ClientError::Api { body, .. } => body.errors.clone(),
            _ => Default::default(),
        }
    }
}

impl std::fmt::Display for ClientError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ClientError> {
    request::<(), T>("GET", path, None).await
}

pub async fn post<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ClientError> {
    request("POST", path, Some(body)).await
}

pub async fn put<B: Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, ClientError> {
    request("PUT", path, Some(body)).await
}

pub async fn delete(path: &str) -> Result<(), ClientError> {
    request::<(), serde_json::Value>("DELETE", path, None).await.map(|_| ())
}

#[cfg(feature = "hydrate")]
async fn request<B: Serialize, T: DeserializeOwned>(method: &str, path: &str, body: Option<&B>) -> Result<T, ClientError> {
    use gloo_net::http::{Method, RequestBuilder};
    let method = match method {
        "GET" => Method::GET,
        "POST" => Method::POST,
        "PUT" => Method::PUT,
        _ => Method::DELETE,
    };
    let builder = RequestBuilder::new(&format!("/api/v1{path}")).method(method);
    let request = match body {
        Some(body) => builder.json(body).map_err(|e| ClientError::Network(e.to_string()))?,
        None => builder.build().map_err(|e| ClientError::Network(e.to_string()))?,
    };
    let response = request.send().await.map_err(|_| ClientError::Network("The server did not answer. Your changes are kept in this tab; retrying…".into()))?;
    let status = response.status();
    let text = response.text().await.map_err(|e| ClientError::Network(e.to_string()))?;
    if (200..300).contains(&status) {
        let text = if text.is_empty() { "null" } else { &text };
        return serde_json::from_str(text).map_err(|e| ClientError::Network(format!("Unreadable answer from the server: {e}")));
    }
    if status == 409 {
        if let Ok(conflict) = serde_json::from_str::<Conflict>(&text) {
            return Err(ClientError::Conflict(Box::new(conflict)));
        }
        if let Ok(conflict) = serde_json::from_str::<PublishConflict>(&text) {
            return Err(ClientError::PublishConflict(Box::new(conflict)));
        }
    }
    let body = serde_json::from_str::<ErrorBody>(&text)
        .unwrap_or_else(|_| ErrorBody { message: format!("The server answered {status}."), errors: Default::default() });
    Err(ClientError::Api { status, body })
}

#[cfg(not(feature = "hydrate"))]
async fn request<B: Serialize, T: DeserializeOwned>(_method: &str, _path: &str, _body: Option<&B>) -> Result<T, ClientError> {
    Err(ClientError::Network("API requests are made from the browser.".into()))
}
