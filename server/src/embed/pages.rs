//! The `/embed/…` pages at the HTTP edge: a link's token (`?token=`) becomes the caller of
//! the page (or a refusal page that says why not), the page may be framed only by the
//! origins of the link's application, and `/embed/events.js` talks to the host page.

use std::sync::Arc;

use app::api::{EmbedGrant, EmbedPage, TeamRole};
use axum::{
    http::{HeaderValue, StatusCode, Uri, header},
    response::{IntoResponse, Response},
};

use super::{EmbedAccess, Refusal};
use crate::{
    AppState,
    auth::{Caller, User, Via},
};

/// The host-page messaging script (see the README, "Embedding").
pub const EVENTS_SCRIPT: &str = "/embed/events.js";

/// The `token` of an embed page's query.
pub fn link_token(uri: &Uri) -> Option<String> {
    url::form_urlencoded::parse(uri.query()?.as_bytes()).find(|(k, _)| k == "token").map(|(_, v)| v.into_owned())
}

/// A JWT (three dot-separated parts), not an API token (`ms_…`).
pub fn looks_like_link_token(token: &str) -> bool {
    !token.starts_with("ms_") && token.split('.').count() == 3
}

/// The path a link's page is at.
fn page_path(access: &EmbedAccess) -> String {
    match access.claims.page {
        EmbedPage::Monitor => format!("/embed/monitors/{}", access.claims.monitor_id.as_deref().unwrap_or_default()),
        EmbedPage::Monitors => "/embed/monitors".to_owned(),
        EmbedPage::CreateMonitor => "/embed/create-monitor".to_owned(),
        EmbedPage::Alerts => "/embed/alerts".to_owned(),
    }
}

/// The caller of an embed page opened with `token` at `path`.
pub async fn link_caller(state: &AppState, token: &str, path: &str) -> Result<Caller, Refusal> {
    let access = state.embed.verify(token, &state.secrets).await?;
    if page_path(&access) != path {
        let expected = page_path(&access);
        return Err(Refusal { status: 403, message: format!("This embed link opens {expected}, not this page."), origins: access.origins });
    }
    caller_of(state, access).await
}

/// The caller an accepted link acts as: no person of this server, in the link's team, with
/// the least role that holds what the link grants (and never an administrator).
pub async fn caller_of(state: &AppState, access: EmbedAccess) -> Result<Caller, Refusal> {
    let refuse = |status, message: String| Refusal { status, message, origins: access.origins.clone() };
    let role = if access.grants(EmbedGrant::Publish) {
        TeamRole::Publisher
    } else if access.grants(EmbedGrant::Author) || access.grants(EmbedGrant::Acknowledge) {
        TeamRole::Editor
    } else {
        TeamRole::Viewer
    };
    let team = match state.teams.context_as(&access.claims.team, role).await {
        Ok(Some(team)) => team,
        Ok(None) => return Err(refuse(403, "This embed link names a team that does not exist.".into())),
        Err(e) => return Err(refuse(503, e.to_string())),
    };
    let person = access.claims.sub.as_deref().map(|s| s.chars().filter(|c| !c.is_control()).take(100).collect::<String>());
    let username = match &person {
        Some(person) => format!("embed:{}/{person}", access.app_name),
        None => format!("embed:{}", access.app_name),
    };
    let user = User {
        id: format!("embed:{}", access.app_id),
        display_name: person.unwrap_or_else(|| access.app_name.clone()),
        username,
        provider: "embed".into(),
        groups: Vec::new(),
        is_admin: false,
    };
    Ok(Caller { user, via: Via::Embed, csrf: None, session: None, team: Some(team), embed: Some(Arc::new(access)) })
}

/// `frame-ancestors` of the page's policy: itself and `origins`.
pub fn framed_by(mut response: Response, origins: &[String]) -> Response {
    let Some(csp) = response.headers().get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()) else { return response };
    let ancestors = std::iter::once("'self'").chain(origins.iter().map(String::as_str)).collect::<Vec<_>>().join(" ");
    let csp = csp.replace("frame-ancestors 'self'", &format!("frame-ancestors {ancestors}"));
    if let Ok(value) = HeaderValue::from_str(&csp) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

/// The page a refused link shows in its frame: why, and what the host must do. Framed only
/// by the named application's origins (none when the application is unknown).
pub fn refusal_page(refusal: &Refusal) -> Response {
    let message = escape(&refusal.message);
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Embed link refused</title>\
         <style>body{{font:15px system-ui,sans-serif;margin:1.5rem;color:#1a1c21}}h1{{font-size:1.1rem}}p{{color:#5a6270}}</style></head>\
         <body><main><h1>This embedded page cannot be shown</h1><p role=\"alert\">{message}</p></main></body></html>"
    );
    let ancestors = if refusal.origins.is_empty() { "'none'".to_owned() } else { refusal.origins.join(" ") };
    let csp = format!("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors {ancestors}");
    let status = StatusCode::from_u16(refusal.status).unwrap_or(StatusCode::FORBIDDEN);
    let mut response = (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], html).into_response();
    if let Ok(value) = HeaderValue::from_str(&csp) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// `GET /embed/events.js`.
pub async fn events_script() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], include_str!("events.js")).into_response()
}
