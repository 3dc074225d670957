//! Who is calling, and whether they may. Every request is authenticated once, by the
//! [`authenticate`] middleware, from (in this order) a bearer API token, trusted proxy
//! headers (only from the configured proxy addresses), or the session cookie. The resulting
//! [`Caller`] travels in the request's extensions and is checked against the permission
//! its operation declares in the route list (`app::api::ops`), in [`crate::api`], the one
//! place every API call — HTTP or a page's in-process call — passes through.
//!
//! A state-changing request that rides on the session cookie must also come from this
//! site (`Origin`, else `Sec-Fetch-Site`) and carry the session's CSRF token, so another
//! web page the user happens to open cannot act through their browser.

pub mod config;
pub mod identity;
pub mod limit;
pub mod oidc;
pub mod passwords;
pub mod routes;
pub mod secret;

use app::api::{Me, Permission, TeamRole};
use axum::{
    extract::{ConnectInfo, Request, State},
    http::{HeaderMap, Method, header},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};

use crate::{
    AppState,
    error::{ApiError, ApiResult},
    teams::TeamContext,
};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "ms_session";
/// The header state-changing browser requests carry their CSRF token in.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// A signed-in person.
#[derive(Clone, Debug, PartialEq)]
pub struct User {
    pub id: String,
    pub username: String,
    pub display_name: String,
    /// `local`, `oidc` or `proxy`.
    pub provider: String,
    pub groups: Vec<String>,
    pub is_admin: bool,
}

/// How the caller proved who they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    Session,
    Token,
    Proxy,
    /// A signed embed link ([`crate::embed`]): in the page's URL, then as the bearer of
    /// the page's own API calls.
    Embed,
}

/// The authenticated caller of one request.
#[derive(Clone, Debug)]
pub struct Caller {
    pub user: User,
    pub via: Via,
    /// The session's CSRF token (sessions only).
    pub csrf: Option<String>,
    /// The session's stored id (sessions only), to switch its team by.
    pub session: Option<String>,
    /// The team the request acts in and the caller's role there; `None` for someone in no team.
    pub team: Option<TeamContext>,
    /// The embed link the caller came with (embed links only).
    pub embed: Option<std::sync::Arc<crate::embed::EmbedAccess>>,
}

/// The least team role that holds a team permission.
pub fn role_for(permission: Permission) -> Option<TeamRole> {
    match permission {
        Permission::View => Some(TeamRole::Viewer),
        Permission::Edit => Some(TeamRole::Editor),
        Permission::Publish => Some(TeamRole::Publisher),
        Permission::ManageTeam => Some(TeamRole::TeamAdmin),
        Permission::Public | Permission::SignedIn | Permission::Admin => None,
    }
}

impl Caller {
    /// Whether the caller holds `permission`: team permissions by the role in the current
    /// team (an administrator is team admin of every team); a token is its owner.
    pub fn may(&self, permission: Permission) -> bool {
        match (permission, role_for(permission)) {
            (Permission::Admin, _) => self.user.is_admin,
            (_, Some(role)) => self.team.as_ref().is_some_and(|t| t.current.role >= role),
            _ => true,
        }
    }

    pub fn me(&self) -> Me {
        Me {
            username: self.user.username.clone(),
            display_name: self.user.display_name.clone(),
            is_admin: self.user.is_admin,
            groups: self.user.groups.clone(),
            signed_in_with: match self.via {
                Via::Session => "session",
                Via::Token => "token",
                Via::Proxy => "proxy",
                Via::Embed => "embed",
            }
            .to_owned(),
            csrf_token: self.csrf.clone(),
            team: self.team.as_ref().map(|t| t.current.clone()),
            teams: self.team.as_ref().map(|t| t.teams.clone()).unwrap_or_default(),
            embed: self.embed.as_ref().map(|e| e.view()),
        }
    }
}

/// The caller of a request, if any (what [`authenticate`] found).
#[derive(Clone, Debug, Default)]
pub struct Authenticated(pub Option<Caller>);

/// Checks that `caller` may call an operation needing `permission`: 401 without a caller,
/// 403 with one who may not.
pub fn authorize(caller: Option<&Caller>, permission: Permission) -> ApiResult<()> {
    if permission == Permission::Public {
        return Ok(());
    }
    match caller {
        None => Err(ApiError::Unauthorized("Sign in first: send a session cookie or `Authorization: Bearer <API token>`.".into())),
        Some(c) if c.may(permission) => Ok(()),
        Some(c) if c.team.is_none() && role_for(permission).is_some() => {
            Err(ApiError::Forbidden("You are not in any team yet: ask an administrator to add you to one.".into()))
        }
        Some(c) => Err(ApiError::Forbidden(match (&c.team, role_for(permission)) {
            (Some(t), Some(role)) => format!("This needs the {} role in team {:?}; you are {}.", <&str>::from(role), t.current.name, <&str>::from(t.current.role)),
            _ => format!("This needs the {} permission.", permission.as_str()),
        })),
    }
}

/// [`authorize`] for operation `O`, and for an embed link also what the route list says
/// the link must grant (`EMBED`): an operation without one is refused to every link.
pub fn authorize_operation<O: app::api::Operation>(caller: Option<&Caller>) -> ApiResult<()> {
    if let Some(access) = caller.and_then(|c| c.embed.as_ref()) {
        match O::EMBED {
            Some(grant) if access.grants(grant) => {}
            Some(grant) => return Err(ApiError::Forbidden(format!("This embed link does not grant {:?}.", <&str>::from(grant)))),
            None => return Err(ApiError::Forbidden("Embed links cannot do this.".into())),
        }
    }
    authorize(caller, O::PERMISSION)
}

/// The public origin (`scheme://host[:port]`) people reach this server at.
pub fn public_origin(state: &AppState) -> String {
    match &state.config.auth.public_url {
        Some(url) => origin_of(url),
        None => format!("http://{}", state.config.listen),
    }
}

fn origin_of(url: &str) -> String {
    let url = url.trim_end_matches('/');
    match url.find("://").map(|i| i + 3) {
        Some(start) => match url[start..].find('/') {
            Some(end) => url[..start + end].to_owned(),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// Whether cookies must be `Secure` (the site is served over https).
pub fn secure_cookies(state: &AppState) -> bool {
    public_origin(state).starts_with("https://")
}

/// The address of the peer, when the server was started with connection info.
fn peer(request: &Request) -> Option<std::net::IpAddr> {
    request.extensions().get::<ConnectInfo<std::net::SocketAddr>>().map(|c| c.0.ip())
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_owned())
}

/// Authenticates the request (see the module docs) and puts an [`Authenticated`] into its
/// extensions. A bearer token that is wrong is refused at once (401), never ignored.
pub async fn authenticate(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    // Health checks answer whoever asks, and must not depend on the accounts tables.
    if matches!(request.uri().path(), "/healthz" | "/readyz") {
        request.extensions_mut().insert(Authenticated(None));
        return next.run(request).await;
    }
    let peer = peer(&request);
    let embed_page = request.uri().path().starts_with("/embed/") && request.uri().path() != crate::embed::pages::EVENTS_SCRIPT;
    if embed_page && let Some(token) = crate::embed::pages::link_token(request.uri()) {
        return match crate::embed::pages::link_caller(&state, &token, request.uri().path()).await {
            Ok(caller) => {
                let origins = caller.embed.as_ref().map(|e| e.origins.clone()).unwrap_or_default();
                request.extensions_mut().insert(Authenticated(Some(caller)));
                request.extensions_mut().insert(app::EmbedFraming(origins.clone()));
                crate::embed::pages::framed_by(next.run(request).await, &origins)
            }
            Err(refusal) => crate::embed::pages::refusal_page(&refusal),
        };
    }
    let identified = identify(&state, request.headers(), peer).await;
    if embed_page && let Ok(Some(caller)) = &identified {
        // The person's own session in a frame: any registered application's origin may frame it.
        if let Err(err) = check_csrf(&state, &request, caller) {
            return err.into_response();
        }
        let origins = state.embed.all_origins().await.unwrap_or_default();
        request.extensions_mut().insert(Authenticated(identified.unwrap_or_default()));
        request.extensions_mut().insert(app::EmbedFraming(origins.clone()));
        return crate::embed::pages::framed_by(next.run(request).await, &origins);
    }
    match identified {
        Ok(caller) => {
            if let Some(caller) = &caller
                && let Err(err) = check_csrf(&state, &request, caller)
            {
                return err.into_response();
            }
            request.extensions_mut().insert(Authenticated(caller));
            next.run(request).await
        }
        Err(err) => err.into_response(),
    }
}

async fn identify(state: &AppState, headers: &HeaderMap, peer: Option<std::net::IpAddr>) -> ApiResult<Option<Caller>> {
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let token = value.to_str().ok().and_then(|v| v.strip_prefix("Bearer ")).map(str::trim).unwrap_or_default();
        if crate::embed::pages::looks_like_link_token(token) {
            return match state.embed.verify(token, &state.secrets).await {
                Ok(access) => crate::embed::pages::caller_of(state, access).await.map(Some).map_err(|r| ApiError::Unauthorized(r.message)),
                Err(refusal) => Err(ApiError::Unauthorized(refusal.message)),
            };
        }
        return match state.identity.token_user(token).await? {
            Some((user, team)) if !token.is_empty() => {
                // A token acts in the team it was made in, and only while its owner may.
                let context = state.teams.current(&user.id, user.is_admin, team.as_deref()).await?;
                let team = context.filter(|c| team.as_deref().is_none_or(|t| t == c.current.id));
                Ok(Some(Caller { user, via: Via::Token, csrf: None, session: None, team, embed: None }))
            }
            _ => Err(ApiError::Unauthorized("The API token is not valid: it is unknown, expired or revoked.".into())),
        };
    }
    if let Some(proxy) = &state.config.auth.proxy
        && let Some(name) = headers.get(proxy.user_header.as_str()).and_then(|v| v.to_str().ok())
    {
        match peer {
            Some(ip) if proxy.trusts(ip) => {
                let groups: Vec<String> = proxy
                    .groups_header
                    .as_deref()
                    .and_then(|h| headers.get(h))
                    .and_then(|v| v.to_str().ok())
                    .map(|v| v.split(',').map(|g| g.trim().to_owned()).filter(|g| !g.is_empty()).collect())
                    .unwrap_or_default();
                let user = state.identity.external_user("proxy", name, name, name, &groups, false).await?;
                state.teams.sync_groups(&user.id, &groups).await?;
                let preferred = state.identity.user_team(&user.id).await?;
                let team = state.teams.current(&user.id, user.is_admin, preferred.as_deref()).await?;
                return Ok(Some(Caller { user, via: Via::Proxy, csrf: None, session: None, team, embed: None }));
            }
            other => tracing::warn!(peer = ?other, header = %proxy.user_header, "ignored a proxy identity header from an address that is not a trusted proxy"),
        }
    }
    if let Some(secret) = cookie(headers, SESSION_COOKIE)
        && let Some(session) = state.identity.session(&secret).await?
    {
        let team = state.teams.current(&session.user.id, session.user.is_admin, session.team.as_deref()).await?;
        return Ok(Some(Caller { user: session.user, via: Via::Session, csrf: Some(session.csrf), session: Some(session.id_hash), team, embed: None }));
    }
    Ok(None)
}

/// Whether a request comes from this site's own pages: `Origin` names the public origin,
/// or (browsers that send no `Origin`) `Sec-Fetch-Site` says `same-origin`.
pub fn same_origin(state: &AppState, headers: &HeaderMap) -> bool {
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        Some(origin) => origin.trim_end_matches('/') == public_origin(state),
        None => headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()).is_some_and(|v| v == "same-origin"),
    }
}

/// State-changing requests a browser may send on its own: on a session cookie, same origin
/// and the session's CSRF token (in `X-CSRF-Token`; the sign-out form sends it as a field
/// and is checked there); through the trusted proxy, which adds its identity headers to
/// whatever the browser sends, same origin (tools behind the proxy use API tokens).
fn check_csrf(state: &AppState, request: &Request, caller: &Caller) -> ApiResult<()> {
    if matches!(caller.via, Via::Token | Via::Embed) || matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    if !same_origin(state, request.headers()) {
        return Err(ApiError::Forbidden("Cross-site request refused: it does not come from Monitor Studio's own pages.".into()));
    }
    if caller.via == Via::Proxy {
        return Ok(());
    }
    if request.uri().path().starts_with("/auth/") {
        return Ok(());
    }
    let sent = request.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or_default();
    match &caller.csrf {
        Some(expected) if secret::same(sent, expected) => Ok(()),
        _ => Err(ApiError::Forbidden("Missing or wrong CSRF token (X-CSRF-Token).".into())),
    }
}

/// Pages need a signed-in person: others are sent to the sign-in page, which comes back
/// to the page afterwards. The sign-in page, assets and health checks are open.
pub async fn require_sign_in(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let open = path == "/sign-in" || path == crate::embed::pages::EVENTS_SCRIPT || path.starts_with("/auth/") || path.starts_with("/api/") || path.starts_with("/pkg/") || path.starts_with("/style/")
        || matches!(path, "/healthz" | "/readyz" | "/favicon.ico");
    let signed_in = request.extensions().get::<Authenticated>().is_some_and(|a| a.0.is_some());
    if open || signed_in {
        return next.run(request).await;
    }
    let target = request.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
    Redirect::to(&format!("/sign-in?next={}", app::api::contract::encode_component(target))).into_response()
}

/// Only paths on this site, never `//host` or `https://…`: where sign-in may send people back to.
pub fn local_path(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\") && !next.contains(['\r', '\n']) { next } else { "/" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_returns_only_to_local_paths() {
        assert_eq!(local_path("/drafts/1?x=2"), "/drafts/1?x=2");
        for bad in ["//evil.example", "https://evil.example", "/\\evil.example", "evil", "/a\r\nSet-Cookie: x"] {
            assert_eq!(local_path(bad), "/", "{bad}");
        }
    }

    #[test]
    fn origins_drop_paths() {
        assert_eq!(origin_of("https://studio.example.com/base/"), "https://studio.example.com");
        assert_eq!(origin_of("http://127.0.0.1:3000"), "http://127.0.0.1:3000");
    }
}
