//! The UI's typed client of `/api/v1`: one function, [`call`], for every operation of
//! [`crate::api::ops`]. No call site formats a path: the operation's type says where it
//! goes, and its input and answer types are checked by the compiler.
//!
//! In the browser a call is a `fetch` of the public API (the one external tools use). While
//! the server renders a page, the same call runs in-process through the [`Backend`] the
//! server provides: the same service function, the same checks, no HTTP, and the page's
//! HTML carries its data so the browser does not fetch it again when it hydrates.

use std::future::Future;

use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::api::{BodyPart, Call, ErrorBody, Operation};

/// Carried from the server to the browser in a page's data (a resource's `Err`) as one flat
/// [`WireError`], whose reader is small: every page group reads it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(into = "WireError", from = "WireError")]
pub enum ClientError {
    /// The server refused the request, with its message and field errors.
    Api { status: u16, body: ErrorBody },
    /// A stale draft version; the answer holds the draft as it is now ([`crate::api::Conflict`]).
    Conflict(ConflictAnswer),
    /// The published monitor changed or vanished on the cluster ([`crate::api::PublishConflict`]).
    PublishConflict(ConflictAnswer),
    /// No answer (server down, network gone) or an unreadable one.
    Network(String),
}

/// [`ClientError`] in a page's data: the status (0 for no answer), the API's error body, and
/// a 409's JSON when it says more (read again with [`ClientError::from_answer`]).
#[derive(Serialize, Deserialize)]
struct WireError {
    status: u16,
    body: ErrorBody,
    #[serde(default)]
    answer: Option<String>,
}

impl From<ClientError> for WireError {
    fn from(error: ClientError) -> WireError {
        match error {
            ClientError::Api { status, body } => WireError { status, body, answer: None },
            ClientError::Conflict(c) | ClientError::PublishConflict(c) => WireError { status: 409, body: c.body, answer: Some(c.json) },
            ClientError::Network(message) => WireError { status: 0, body: ErrorBody { message, errors: Default::default() }, answer: None },
        }
    }
}

impl From<WireError> for ClientError {
    fn from(wire: WireError) -> ClientError {
        match (wire.status, wire.answer) {
            (0, _) => ClientError::Network(wire.body.message),
            (status, Some(json)) => ClientError::from_answer(status, &json),
            (status, None) => ClientError::Api { status, body: wire.body },
        }
    }
}

/// A 409 answer that says more than `{message, errors}`, kept as the server's JSON until
/// [`ConflictAnswer::read`]: only the page that resolves a conflict (the editor) carries the
/// code that reads a whole draft, not the bundle every page loads.
#[derive(Clone, Debug, PartialEq)]
pub struct ConflictAnswer {
    pub body: ErrorBody,
    json: String,
}

impl ConflictAnswer {
    /// The answer `value` (a [`crate::api::Conflict`] or [`crate::api::PublishConflict`]) gives.
    pub fn new<C: Serialize>(body: ErrorBody, value: &C) -> ConflictAnswer {
        ConflictAnswer { body, json: serde_json::to_string(value).unwrap_or_default() }
    }

    /// The answer as the type it was made of; `None` for another kind of conflict.
    pub fn read<C: DeserializeOwned>(&self) -> Option<C> {
        serde_json::from_str(&self.json).ok()
    }

    /// The answer as sent.
    pub fn json(&self) -> &str {
        &self.json
    }
}

/// What tells the two 409 answers apart, read without reading a draft.
#[derive(Deserialize)]
struct ConflictShape {
    message: String,
    #[serde(default)]
    errors: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    current: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    changes: Option<serde::de::IgnoredAny>,
}

impl ClientError {
    pub fn message(&self) -> String {
        match self {
            ClientError::Api { body, .. } => body.message.clone(),
            ClientError::Conflict(c) | ClientError::PublishConflict(c) => c.body.message.clone(),
            ClientError::Network(m) => m.clone(),
        }
    }

    pub fn field_errors(&self) -> std::collections::BTreeMap<String, String> {
        match self {
            ClientError::Api { body, .. } => body.errors.clone(),
            ClientError::Conflict(c) | ClientError::PublishConflict(c) => c.body.errors.clone(),
            _ => Default::default(),
        }
    }

    /// The HTTP status the API answers (or would answer) for this error; 0 for no answer.
    pub fn status(&self) -> u16 {
        match self {
            ClientError::Api { status, .. } => *status,
            ClientError::Conflict(_) | ClientError::PublishConflict(_) => 409,
            ClientError::Network(_) => 0,
        }
    }

    /// Reads an error answer of the API.
    pub fn from_answer(status: u16, text: &str) -> ClientError {
        if status == 409
            && let Ok(shape) = serde_json::from_str::<ConflictShape>(text)
        {
            let answer = ConflictAnswer { body: ErrorBody { message: shape.message, errors: shape.errors }, json: text.to_owned() };
            if shape.current.is_some() {
                return ClientError::Conflict(answer);
            }
            if shape.changes.is_some() {
                return ClientError::PublishConflict(answer);
            }
        }
        let body = serde_json::from_str::<ErrorBody>(text)
            .unwrap_or_else(|_| ErrorBody { message: format!("The server answered {status}."), errors: Default::default() });
        ClientError::Api { status, body }
    }
}

impl std::fmt::Display for ClientError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

/// The path and query string of a call, relative to the site root (`/api/v1/…?…`).
pub fn url<O: Operation>(call: &Call<O>) -> String {
    url_of::<O>(&call.params, &call.query)
}

fn url_of<O: Operation>(params: &O::Params, query: &O::Query) -> String {
    let query = crate::api::contract::query_string(query);
    let path = crate::api::contract::path_of::<O>(params);
    if query.is_empty() { format!("/api/v1{path}") } else { format!("/api/v1{path}?{query}") }
}

/// Calls operation `O`. The future is `Send`, so pages can use it in a [`leptos::prelude::Resource`]
/// whose value the server renders and the browser hydrates without fetching again.
pub fn call<O: Operation>(call: Call<O>) -> impl Future<Output = Result<O::Response, ClientError>> + Send + 'static {
    #[cfg(feature = "hydrate")]
    {
        browser::request::<O, O::Response>(call)
    }
    #[cfg(all(feature = "ssr", not(feature = "hydrate")))]
    {
        let backend = leptos::prelude::use_context::<Backend>();
        async move {
            match backend {
                Some(backend) => backend.call::<O>(call).await,
                None => Err(ClientError::Network("No API backend while rendering on the server.".into())),
            }
        }
    }
    #[cfg(not(any(feature = "hydrate", feature = "ssr")))]
    {
        let _ = call;
        async { Err(ClientError::Network("API requests are made from the browser.".into())) }
    }
}

/// Calls operation `O` and reads only `R` of its answer, a type with a subset of the
/// answer's fields: a page that needs the id of the draft it made need not carry the code
/// that reads a whole draft (the drafts list's bundle stays small). While the server
/// renders, the in-process answer is converted through JSON.
pub fn call_reading<O: Operation, R>(call: Call<O>) -> impl Future<Output = Result<R, ClientError>> + Send + 'static
where
    R: DeserializeOwned + Send + 'static,
{
    #[cfg(feature = "hydrate")]
    {
        browser::request::<O, R>(call)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let answer = self::call(call);
        async move {
            let answer = answer.await?;
            serde_json::to_value(answer)
                .and_then(serde_json::from_value)
                .map_err(|e| ClientError::Network(format!("Unreadable answer from the server: {e}")))
        }
    }
}

/// Calls operation `O` with a [`BodyPart`] in place of its body and reads `R` of its answer
/// (as [`call_reading`] does): a page that sends only some of a body's fields need not
/// carry the code that writes the others. While the server renders, the part becomes the
/// body it stands for.
pub fn call_sending<O, B, R>(params: O::Params, body: B) -> impl Future<Output = Result<R, ClientError>> + Send + 'static
where
    O: Operation,
    B: BodyPart<O>,
    R: DeserializeOwned + Send + 'static,
{
    #[cfg(feature = "hydrate")]
    {
        browser::request_at::<O, B, R>(url_of::<O>(&params, &Default::default()), body)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        call_reading::<O, R>(Call { params, query: Default::default(), body: body.into_body() })
    }
}

#[cfg(feature = "hydrate")]
pub use browser::meta;

#[cfg(feature = "hydrate")]
mod browser {
    use std::future::Future;

    use gloo_net::http::{Method, RequestBuilder};
    use send_wrapper::SendWrapper;
    use serde::{Serialize, de::DeserializeOwned};

    use super::{ClientError, url};
    use crate::api::{Call, Operation, contract};

    /// The typed half of a call: the path, the body as JSON, and the answer read as `R`. The
    /// request itself is [`send`], one function for every operation, so each operation adds
    /// little more than its types' serde code to the bundle.
    pub fn request<O: Operation, R: DeserializeOwned>(call: Call<O>) -> impl Future<Output = Result<R, ClientError>> + Send + 'static {
        request_at::<O, O::Body, R>(url(&call), call.body)
    }

    /// [`request`] with the URL made and any body that serializes as `O`'s.
    pub fn request_at<O: Operation, B: Serialize, R: DeserializeOwned>(url: String, body: B) -> impl Future<Output = Result<R, ClientError>> + Send + 'static {
        let body = O::TAKES_BODY.then(|| serde_json::to_string(&body).map_err(|e| ClientError::Network(e.to_string())));
        async move {
            let text = SendWrapper::new(send(O::METHOD, url, body.transpose()?)).await?;
            let text = if text.is_empty() { "null" } else { &text };
            serde_json::from_str(text).map_err(|e| ClientError::Network(format!("Unreadable answer from the server: {e}")))
        }
    }

    /// The content of the page's `<meta name=…>`, which the server rendered.
    pub fn meta(name: &str) -> Option<String> {
        leptos::prelude::document().query_selector(&format!("meta[name={name}]")).ok().flatten().and_then(|meta| meta.get_attribute("content"))
    }

    /// Sends one request of the API; the text of a success, else the error it answered.
    async fn send(method: contract::Method, url: String, body: Option<String>) -> Result<String, ClientError> {
        let mut builder = RequestBuilder::new(&url).method(match method {
            contract::Method::Get => Method::GET,
            contract::Method::Post => Method::POST,
            contract::Method::Put => Method::PUT,
            contract::Method::Delete => Method::DELETE,
        });
        // An embedded page opened with a signed link acts as that link (see `shell`).
        if let Some(token) = meta("embed-token") {
            builder = builder.header("Authorization", &format!("Bearer {token}"));
        }
        // The session's CSRF token, which the server put in the page (see `shell`).
        if method != contract::Method::Get
            && let Some(token) = meta("csrf-token")
        {
            builder = builder.header("X-CSRF-Token", &token);
        }
        let request = match body {
            Some(json) => builder.header("Content-Type", "application/json").body(json),
            None => builder.build(),
        }
        .map_err(|e| ClientError::Network(e.to_string()))?;
        let response = request
            .send()
            .await
            .map_err(|_| ClientError::Network("The server did not answer. Your changes are kept in this tab; retrying…".into()))?;
        let status = response.status();
        let text = response.text().await.map_err(|e| ClientError::Network(e.to_string()))?;
        if (200..300).contains(&status) { Ok(text) } else { Err(ClientError::from_answer(status, &text)) }
    }
}

#[cfg(feature = "ssr")]
pub use backend::{Backend, Dispatch};

#[cfg(feature = "ssr")]
mod backend {
    use std::{any::Any, future::Future, pin::Pin, sync::Arc};

    use super::ClientError;
    use crate::api::{Call, Operation};

    /// An in-process call's input or answer, typed by the operation it belongs to.
    pub type Erased = Box<dyn Any + Send>;
    pub type ErasedFuture = Pin<Box<dyn Future<Output = Result<Erased, ClientError>> + Send>>;

    /// What the server implements so pages can call operations while it renders them: the
    /// input is the operation's [`Call`], the answer its `Response`, both boxed.
    pub trait Dispatch: Send + Sync {
        fn dispatch(&self, id: &'static str, call: Erased) -> ErasedFuture;
    }

    /// The server's [`Dispatch`] for the request being rendered, provided as context.
    #[derive(Clone)]
    pub struct Backend(pub Arc<dyn Dispatch>);

    impl Backend {
        pub async fn call<O: Operation>(&self, call: Call<O>) -> Result<O::Response, ClientError> {
            let answer = self.0.dispatch(O::ID, Box::new(call)).await?;
            answer
                .downcast::<O::Response>()
                .map(|answer| *answer)
                .map_err(|_| ClientError::Network(format!("The server answered {} with the wrong type.", O::ID)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::PublishConflict;

    #[test]
    fn conflict_answers_are_told_apart_and_read_only_when_asked() {
        let publish = r#"{"message":"Changed on the cluster.","errors":{},"changes":[],"deleted":true}"#;
        let ClientError::PublishConflict(answer) = ClientError::from_answer(409, publish) else { panic!("a publish conflict") };
        assert_eq!(answer.body.message, "Changed on the cluster.");
        assert!(answer.read::<PublishConflict>().is_some_and(|c| c.deleted));
        assert!(answer.read::<crate::api::Conflict>().is_none(), "not a stale draft");
        let draft = r#"{"message":"Changed elsewhere.","current":{"id":"d1"}}"#;
        assert!(matches!(ClientError::from_answer(409, draft), ClientError::Conflict(a) if a.body.message == "Changed elsewhere."));
        let plain = ClientError::from_answer(409, r#"{"message":"A channel with this id already exists.","errors":{"id":"Taken."}}"#);
        assert_eq!((plain.status(), plain.field_errors()["id"].as_str()), (409, "Taken."));
        assert!(matches!(plain, ClientError::Api { .. }));
        assert_eq!(ClientError::from_answer(502, "<html>").message(), "The server answered 502.");
    }

    #[test]
    fn every_error_comes_back_the_same_from_a_pages_data() {
        let conflict = r#"{"message":"Changed elsewhere.","errors":{"name":"Taken."},"current":{"id":"d1"}}"#;
        let publish = r#"{"message":"Changed on the cluster.","errors":{},"changes":[],"deleted":true}"#;
        let errors = [
            ClientError::from_answer(409, conflict),
            ClientError::from_answer(409, publish),
            ClientError::from_answer(422, r#"{"message":"Fix the fields.","errors":{"triggers[0].name":"Required."}}"#),
            ClientError::from_answer(409, r#"{"message":"A channel with this id already exists.","errors":{"id":"Taken."}}"#),
            ClientError::Network("The server did not answer.".into()),
        ];
        for error in errors {
            let json = serde_json::to_string(&error).unwrap();
            assert_eq!(serde_json::from_str::<ClientError>(&json).unwrap(), error, "{json}");
        }
    }
}
