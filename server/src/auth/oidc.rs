//! Single sign-on with any OpenID Connect provider: the authorization code flow with PKCE
//! (S256), the provider found by discovery from its issuer URL, the ID token verified
//! (signature, issuer, audience, expiry, nonce) by the `openidconnect` crate, and the
//! person's groups read from a configurable claim. Administrators are the members of the
//! configured admin group.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use axum::{
    Router,
    extract::{Query, State},
    response::{IntoResponse, Redirect, Response},
    routing::get,
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use openidconnect::{
    AuthorizationCode, ClientId, ClientSecret, CsrfToken, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
    core::{CoreAuthenticationFlow, CoreClient, CoreProviderMetadata},
};
use serde::Deserialize;
use serde_json::Value;

use super::{config::OidcConfig, public_origin, routes::start_session};
use crate::{AppState, error::ApiError};

/// A sign-in under way: what the callback needs to finish it. Kept for ten minutes.
struct Pending {
    verifier: PkceCodeVerifier,
    nonce: Nonce,
    next: String,
    started: Instant,
}

/// The provider's metadata (discovered once) and the sign-ins under way.
#[derive(Clone, Default)]
pub struct OidcState {
    metadata: Arc<tokio::sync::OnceCell<CoreProviderMetadata>>,
    pending: Arc<Mutex<HashMap<String, Pending>>>,
}

const PENDING_FOR: Duration = Duration::from_secs(600);

pub fn router() -> Router<AppState> {
    Router::new().route("/auth/oidc/start", get(start)).route("/auth/oidc/callback", get(callback))
}

fn http_client() -> Result<openidconnect::reqwest::Client, ApiError> {
    // No redirects: a provider's endpoints answer directly (guards against SSRF by redirect).
    openidconnect::reqwest::ClientBuilder::new()
        .redirect(openidconnect::reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(ApiError::internal)
}

fn provider_error(what: &str, err: impl std::fmt::Display) -> ApiError {
    tracing::warn!(error = %err, "single sign-on: {what}");
    ApiError::Cluster { status: axum::http::StatusCode::BAD_GATEWAY, message: format!("Single sign-on failed: {what}."), errors: Default::default() }
}

async fn metadata<'a>(state: &'a AppState, config: &OidcConfig) -> Result<&'a CoreProviderMetadata, ApiError> {
    let http = http_client()?;
    state
        .oidc
        .metadata
        .get_or_try_init(|| async {
            let issuer = IssuerUrl::new(config.issuer.clone()).map_err(|e| provider_error("the issuer URL is not valid", e))?;
            CoreProviderMetadata::discover_async(issuer, &http).await.map_err(|e| provider_error("the provider could not be discovered", e))
        })
        .await
}

fn redirect_url(state: &AppState) -> Result<RedirectUrl, ApiError> {
    RedirectUrl::new(format!("{}/auth/oidc/callback", public_origin(state))).map_err(ApiError::internal)
}

#[derive(Deserialize)]
struct StartQuery {
    #[serde(default)]
    next: String,
}

async fn start(State(state): State<AppState>, Query(q): Query<StartQuery>) -> Response {
    let Some(config) = state.config.auth.oidc.clone() else {
        return ApiError::not_found("Single sign-on is not configured.").into_response();
    };
    let result = async {
        let metadata = metadata(&state, &config).await?.clone();
        let client = CoreClient::from_provider_metadata(metadata, ClientId::new(config.client_id.clone()), config.client_secret.clone().map(ClientSecret::new))
            .set_redirect_uri(redirect_url(&state)?);
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, csrf, nonce) = client
            .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
            .add_scope(Scope::new("profile".into()))
            .add_scope(Scope::new("email".into()))
            .set_pkce_challenge(challenge)
            .url();
        let mut pending = state.oidc.pending.lock().expect("pending sign-ins");
        pending.retain(|_, p| p.started.elapsed() < PENDING_FOR);
        pending.insert(csrf.secret().clone(), Pending { verifier, nonce, next: q.next, started: Instant::now() });
        Ok::<_, ApiError>(url)
    }
    .await;
    match result {
        Ok(url) => Redirect::to(url.as_str()).into_response(),
        Err(err) => err.into_response(),
    }
}

#[derive(Deserialize)]
struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

async fn callback(State(state): State<AppState>, Query(q): Query<CallbackQuery>) -> Response {
    let Some(config) = state.config.auth.oidc.clone() else {
        return ApiError::not_found("Single sign-on is not configured.").into_response();
    };
    if let Some(error) = q.error {
        tracing::warn!(%error, "single sign-on refused by the provider");
        return Redirect::to("/sign-in?error=sso").into_response();
    }
    let pending = q.state.as_deref().and_then(|s| state.oidc.pending.lock().expect("pending sign-ins").remove(s)).filter(|p| p.started.elapsed() < PENDING_FOR);
    let (Some(pending), Some(code)) = (pending, q.code) else {
        tracing::warn!("single sign-on callback with an unknown or expired state");
        return Redirect::to("/sign-in?error=sso").into_response();
    };
    let result = async {
        let metadata = metadata(&state, &config).await?.clone();
        let client = CoreClient::from_provider_metadata(metadata, ClientId::new(config.client_id.clone()), config.client_secret.clone().map(ClientSecret::new))
            .set_redirect_uri(redirect_url(&state)?);
        let http = http_client()?;
        let tokens = client
            .exchange_code(AuthorizationCode::new(code))
            .map_err(|e| provider_error("the provider has no token endpoint", e))?
            .set_pkce_verifier(pending.verifier)
            .request_async(&http)
            .await
            .map_err(|e| provider_error("the code could not be exchanged", e))?;
        let id_token = tokens.id_token().ok_or_else(|| provider_error("no ID token in the answer", "missing id_token"))?;
        let claims = id_token.claims(&client.id_token_verifier(), &pending.nonce).map_err(|e| provider_error("the ID token did not verify", e))?;
        // The payload the library just verified, for the claims it does not model (groups).
        let payload = id_token.to_string().split('.').nth(1).and_then(|p| URL_SAFE_NO_PAD.decode(p).ok()).and_then(|b| serde_json::from_slice::<Value>(&b).ok()).unwrap_or_default();
        let groups = groups(&payload, config.groups_claim.as_deref().unwrap_or("groups"));
        let subject = claims.subject().as_str().to_owned();
        let username = claims.preferred_username().map(|u| u.as_str().to_owned()).unwrap_or_else(|| subject.clone());
        let display = claims.name().and_then(|n| n.get(None)).map(|n| n.as_str().to_owned()).unwrap_or_else(|| username.clone());
        let is_admin = config.admin_group.as_ref().is_some_and(|g| groups.contains(g));
        let user = state.identity.external_user("oidc", &subject, &username, &display, &groups, is_admin).await?;
        state.teams.sync_groups(&user.id, &groups).await?;
        tracing::info!(username = %user.username, groups = ?groups, "signed in with single sign-on");
        start_session(&state, &user, &pending.next).await
    }
    .await;
    result.unwrap_or_else(IntoResponse::into_response)
}

/// The groups in a claim: an array of names (or paths: a leading `/` is dropped).
fn groups(payload: &Value, claim: &str) -> Vec<String> {
    payload[claim].as_array().into_iter().flatten().filter_map(Value::as_str).map(|g| g.trim_start_matches('/').to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_come_from_the_claim() {
        let payload = serde_json::json!({"groups": ["team-a", "/monitor-studio-admins"], "roles": ["x"]});
        assert_eq!(groups(&payload, "groups"), ["team-a", "monitor-studio-admins"]);
        assert!(groups(&payload, "missing").is_empty());
    }
}
