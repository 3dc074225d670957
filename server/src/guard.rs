//! What every response carries and every request must pass before any handler sees it:
//! security headers (a Content-Security-Policy, framing, sniffing, referrer, no caching of
//! API answers; the bundle's files only what applies to them, see [`StaticAsset`]), the
//! Host check against DNS rebinding, refusals of over-long URIs and of bodies declared
//! larger than the limit (before a byte is read), JSON errors for statuses axum would
//! answer with an empty body, and a handler's panic as a logged JSON 500.

use std::any::Any;

use app::api::ErrorBody;
use axum::{
    body::Body,
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

use crate::{AppState, auth::public_origin, error::ApiError};

/// The longest URI served: longer ones are 414 (a query of that size is an attack or a bug).
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// The policy of responses that set none (API answers, assets, errors): nothing may run,
/// nothing may frame them.
pub const DEFAULT_CSP: &str = "default-src 'none'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'";

/// Marks a response as a file of the browser bundle or the stylesheet (set by the asset
/// handler). Such a file is never rendered as a document: the browser runs or applies it
/// under the policy of the page that loaded it, and with `nosniff` and its own content type
/// it is shown as text when opened. So it goes without the document-only headers
/// (Content-Security-Policy, Referrer-Policy): on HTTP/1.1 they would add about 160 bytes
/// to each of the twenty-odd files a first load fetches.
#[derive(Clone, Copy, Debug)]
pub struct StaticAsset;

/// A page's policy: its own scripts and the one inline script with this request's nonce,
/// WebAssembly, its own API; framed only by itself.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
    )
}

fn json_error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, axum::Json(ErrorBody { message: message.into(), errors: Default::default() })).into_response()
}

/// The checks before routing (see the module docs).
pub async fn check_request(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let uri_len = request.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if uri_len > MAX_URI_BYTES {
        return json_error(StatusCode::URI_TOO_LONG, format!("The URI is {uri_len} bytes; at most {MAX_URI_BYTES} are accepted."));
    }
    // Health checks are probed by address (load balancers, orchestrators): any Host will do.
    let probe = matches!(request.uri().path(), "/healthz" | "/readyz");
    if let Some(host) = request.headers().get(header::HOST).filter(|_| !probe) {
        let expected = public_origin(&state);
        let expected_host = expected.split_once("://").map_or(expected.as_str(), |(_, h)| h);
        let host = host.to_str().unwrap_or_default();
        if !host.eq_ignore_ascii_case(expected_host) {
            return json_error(StatusCode::MISDIRECTED_REQUEST, format!("This server answers for {expected_host}, not {host:?} (set MONITOR_STUDIO_PUBLIC_URL)."));
        }
    }
    let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > state.config.max_body_bytes as u64) {
        return ApiError::PayloadTooLarge.into_response();
    }
    let api = request.uri().path().starts_with("/api/");
    let mut response = next.run(request).await;
    let document_headers = response.extensions().get::<StaticAsset>().is_none();
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if document_headers {
        headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
        headers.entry(header::CONTENT_SECURITY_POLICY).or_insert(HeaderValue::from_static(DEFAULT_CSP));
    }
    if api {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    with_json_body(response)
}

/// Axum's own refusals (405 from the router, 413/415 from extractors) come with an empty or
/// plain-text body; the API's clients always get `{message, errors}`.
fn with_json_body(response: Response) -> Response {
    let status = response.status();
    let is_json = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("application/json"));
    let is_error = status.is_client_error() || status.is_server_error();
    let plain = response.headers().get(header::CONTENT_TYPE).is_none_or(|v| v.to_str().is_ok_and(|v| v.starts_with("text/plain")));
    if !is_error || is_json || !plain {
        return response;
    }
    let message = match status {
        StatusCode::NOT_FOUND => "Not found.".to_owned(),
        StatusCode::METHOD_NOT_ALLOWED => "This method is not allowed here.".to_owned(),
        StatusCode::PAYLOAD_TOO_LARGE => "The request body is larger than this server accepts.".to_owned(),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "Send the body as application/json.".to_owned(),
        other => format!("The request failed ({other})."),
    };
    let (mut parts, _) = response.into_parts();
    let json = json_error(status, message);
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    Response::from_parts(parts, json.into_body())
}

/// A panic anywhere becomes a logged 500 with the API's error shape, never a dropped
/// connection.
pub fn panic_response(panic: Box<dyn Any + Send + 'static>) -> Response<Body> {
    let detail = panic.downcast_ref::<String>().map(String::as_str).or_else(|| panic.downcast_ref::<&str>().copied()).unwrap_or("(no message)");
    tracing::error!(panic = %detail, "a handler panicked");
    json_error(StatusCode::INTERNAL_SERVER_ERROR, "Something went wrong on the server; nothing was changed.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_policy_names_the_nonce_and_nothing_inline_else() {
        let csp = page_csp("abc");
        assert!(csp.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval'"));
        assert!(!csp.contains("'unsafe-inline'; ") || csp.contains("style-src 'self' 'unsafe-inline'"));
        assert!(csp.contains("frame-ancestors 'self'"));
    }
}
