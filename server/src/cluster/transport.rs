//! The one HTTP connection to the cluster. Only [`super::ops`] can send through it, and each
//! operation there builds its own path from typed, encoded parts: there is no way to hand
//! this module an arbitrary path, so `_security`, `_cluster/settings`, `_snapshot`,
//! `_delete_by_query` or another host are unreachable through Monitor Studio by
//! construction, not by a deny-list.

use std::time::{Duration, Instant};

use axum::body::Bytes;
use reqwest::{Method, StatusCode, header};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::config::ClusterConfig;

/// The alerting API strips `ui_metadata` from monitors unless the caller's User-Agent
/// contains `OpenSearch-Dashboards`; the visual editor needs it back, so we say so.
pub const USER_AGENT: &str = concat!("monitor-studio/", env!("CARGO_PKG_VERSION"), " (OpenSearch-Dashboards compatible)");

#[derive(Debug, thiserror::Error)]
pub enum TransportError {
    #[error("the cluster at {url} did not answer: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("the cluster at {url} did not answer within {seconds} s")]
    Timeout { url: String, seconds: u64 },
    #[error("the cluster answered {status} with a body that is not JSON: {snippet}")]
    Garbage { status: u16, snippet: String },
    /// JSON, but not the shape the operation answers (a missing `_seq_no`, a number where
    /// a list belongs): `reason` names the field.
    #[error("{what}: the cluster answered something Monitor Studio does not understand ({reason})")]
    Unexpected { what: String, reason: String },
    #[error("cannot set up the cluster connection: {0}")]
    Setup(String),
}

/// A cluster answer: status and the raw body, read into a typed answer by [`Answer::decode`]
/// (straight from the bytes, without an intermediate `Value`).
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: StatusCode,
    pub body: Bytes,
    pub took: Duration,
}

impl Answer {
    /// The body as `T`; an empty body reads as `null`. Not JSON at all is
    /// [`TransportError::Garbage`]; JSON of another shape is [`TransportError::Unexpected`]
    /// naming the offending field (`_seq_no: missing field`, `hits.total: invalid type…`).
    pub fn decode<T: DeserializeOwned>(&self, what: &str) -> Result<T, TransportError> {
        let bytes: &[u8] = if self.body.is_empty() { b"null" } else { &self.body };
        let de = &mut serde_json::Deserializer::from_slice(bytes);
        serde_path_to_error::deserialize(de).map_err(|err| {
            let path = err.path().to_string();
            let inner = err.into_inner();
            if inner.is_syntax() || inner.is_eof() {
                let snippet: String = String::from_utf8_lossy(&self.body).chars().take(200).collect();
                TransportError::Garbage { status: self.status.as_u16(), snippet }
            } else {
                let reason = if path == "." { inner.to_string() } else { format!("{path}: {inner}") };
                TransportError::Unexpected { what: what.to_owned(), reason }
            }
        })
    }
}

#[derive(Clone)]
pub struct Transport {
    http: reqwest::Client,
    base: String,
    authorization: Option<header::HeaderValue>,
    request_timeout: Duration,
}

impl Transport {
    pub fn new(config: &ClusterConfig) -> Result<Transport, TransportError> {
        let mut parsed = reqwest::Url::parse(config.url.trim())
            .map_err(|e| TransportError::Setup(format!("cluster URL is not a URL: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(TransportError::Setup(format!("cluster URL must be http or https, not {}", parsed.scheme())));
        }
        // Credentials written into the URL become basic auth, and the URL that appears in
        // messages and logs is the one without them.
        let mut config = config.clone();
        if !parsed.username().is_empty() && config.username.is_none() {
            config.username = Some(percent_decode(parsed.username()));
            config.password = parsed.password().map(percent_decode);
        }
        let _ = parsed.set_username("");
        let _ = parsed.set_password(None);
        let base = parsed.as_str().trim_end_matches('/').to_owned();
        let config = &config;
        let mut builder = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(config.connect_timeout())
            .timeout(config.request_timeout())
            .pool_idle_timeout(Duration::from_secs(60))
            .pool_max_idle_per_host(32)
            .tcp_nodelay(true);
        if let Some(ca) = &config.ca_file {
            let pem = std::fs::read(ca).map_err(|e| TransportError::Setup(format!("CA file {}: {e}", ca.display())))?;
            let cert = reqwest::Certificate::from_pem(&pem).map_err(|e| TransportError::Setup(format!("CA file {}: {e}", ca.display())))?;
            builder = builder.add_root_certificate(cert);
        }
        if config.insecure {
            builder = builder.danger_accept_invalid_certs(true);
        }
        let http = builder.build().map_err(|e| TransportError::Setup(e.to_string()))?;
        let authorization = authorization(config)?;
        Ok(Transport { http, base, authorization, request_timeout: config.request_timeout() })
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// Sends one request. `path` must come from [`super::ops`] (already encoded).
    /// The same connection, acting as another cluster user.
    pub fn acting_as(&self, authorization: header::HeaderValue) -> Transport {
        Transport { authorization: Some(authorization), ..self.clone() }
    }

    pub(super) async fn send(&self, method: Method, path: &str, query: &[(&str, String)], body: Option<&Value>) -> Result<Answer, TransportError> {
        let url = format!("{}{}", self.base, path);
        let mut request = self.http.request(method, &url).query(query);
        if let Some(body) = body {
            request = request.json(body);
        }
        self.dispatch(request).await
    }

    /// Sends newline-delimited JSON (`_bulk`): each value one line, the last one ended too.
    pub(super) async fn send_lines(&self, path: &str, lines: &[Value]) -> Result<Answer, TransportError> {
        let mut body = Vec::new();
        for line in lines {
            serde_json::to_writer(&mut body, line).map_err(|e| TransportError::Setup(e.to_string()))?;
            body.push(b'\n');
        }
        let request = self.http.post(format!("{}{}", self.base, path)).header(header::CONTENT_TYPE, "application/x-ndjson").body(body);
        self.dispatch(request).await
    }

    /// Sends a request with this transport's credentials and reads the whole answer.
    async fn dispatch(&self, mut request: reqwest::RequestBuilder) -> Result<Answer, TransportError> {
        request = request.header(header::ACCEPT, "application/json");
        if let Some(auth) = &self.authorization {
            request = request.header(header::AUTHORIZATION, auth.clone());
        }
        let started = Instant::now();
        let response = request.send().await.map_err(|e| self.describe(e))?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| self.describe(e))?;
        Ok(Answer { status, body, took: started.elapsed() })
    }

    fn describe(&self, err: reqwest::Error) -> TransportError {
        if err.is_timeout() {
            return TransportError::Timeout { url: self.base.clone(), seconds: self.request_timeout.as_secs().max(1) };
        }
        // The innermost cause says what happened ("Connection refused", a TLS failure…).
        let mut reason = err.to_string();
        let mut source = std::error::Error::source(&err);
        while let Some(s) = source {
            reason = s.to_string();
            source = s.source();
        }
        TransportError::Unreachable { url: self.base.clone(), reason }
    }
}

fn authorization(config: &ClusterConfig) -> Result<Option<header::HeaderValue>, TransportError> {
    match (&config.username, &config.api_key, &config.bearer_token) {
        (Some(user), _, _) => Credentials::Basic { username: user, password: config.password.as_deref().unwrap_or_default() }.header().map(Some),
        (None, Some(key), _) => Credentials::ApiKey(key).header().map(Some),
        (None, None, Some(token)) => sensitive(format!("Bearer {token}")).map(Some),
        (None, None, None) => Ok(None),
    }
}

/// Credentials of one cluster user: the server's own, or a team's.
pub enum Credentials<'a> {
    Basic { username: &'a str, password: &'a str },
    ApiKey(&'a str),
}

impl Credentials<'_> {
    /// The `Authorization` header they make (marked sensitive, so it is never logged).
    pub fn header(&self) -> Result<header::HeaderValue, TransportError> {
        sensitive(match self {
            Credentials::Basic { username, password } => format!("Basic {}", base64_encode(&format!("{username}:{password}"))),
            Credentials::ApiKey(key) => format!("ApiKey {key}"),
        })
    }
}

fn sensitive(value: String) -> Result<header::HeaderValue, TransportError> {
    let mut header = header::HeaderValue::from_str(&value).map_err(|_| TransportError::Setup("credentials contain characters not allowed in a header".into()))?;
    header.set_sensitive(true);
    Ok(header)
}

/// Standard base64 (RFC 4648) for the basic-auth header.
fn base64_encode(input: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = input.as_bytes();
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16) | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8) | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes one path segment (ids, names): nothing in it can add a `/`, `?` or `..`.
pub fn segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'~' => out.push(b as char),
            b'.' if s != "." && s != ".." => out.push('.'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_auth_is_standard_base64() {
        assert_eq!(base64_encode("admin:admin"), "YWRtaW46YWRtaW4=");
        assert_eq!(base64_encode("a"), "YQ==");
        assert_eq!(base64_encode("ab"), "YWI=");
        assert_eq!(base64_encode("abc"), "YWJj");
    }

    #[test]
    fn credentials_in_the_url_never_show() {
        let config = ClusterConfig { url: "https://admin:s%40cret@127.0.0.1:9200/".into(), ..Default::default() };
        let transport = Transport::new(&config).unwrap();
        assert_eq!(transport.base_url(), "https://127.0.0.1:9200");
        assert_eq!(transport.authorization.as_ref().unwrap().to_str().unwrap(), format!("Basic {}", base64_encode("admin:s@cret")));
    }

    #[test]
    fn segments_cannot_escape_their_place() {
        assert_eq!(segment("../_security"), "..%2F_security");
        assert_eq!(segment(".."), "%2E%2E");
        assert_eq!(segment("a/b?c#d"), "a%2Fb%3Fc%23d");
        assert_eq!(segment("Xy-z_9"), "Xy-z_9");
    }
}
