//! Signing in and out (`/auth/…`, plain HTML form posts that work before any script runs)
//! and the operations about the caller: `/api/v1/me`, `/api/v1/tokens`, `/api/v1/auth/options`.

use app::api::{ApiToken, Call, CreatedApiToken, Me, NoContent, SignInOptions, SignedOut, ops};
use axum::{
    Extension, Form, Router,
    extract::{ConnectInfo, State},
    http::{HeaderMap, HeaderValue, header},
    response::{IntoResponse, Redirect, Response},
    routing::post,
};
use cookie::{Cookie, SameSite};
use serde::Deserialize;

use super::{Authenticated, SESSION_COOKIE, local_path, same_origin, secret, secure_cookies};
use crate::{
    AppState,
    api::Ctx,
    error::{ApiError, ApiResult},
};

pub fn router() -> Router<AppState> {
    Router::new().route("/auth/sign-in", post(sign_in)).route("/auth/sign-out", post(sign_out)).merge(super::oidc::router())
}

#[derive(Deserialize)]
pub struct SignInForm {
    username: String,
    password: String,
    #[serde(default)]
    next: String,
}

/// The session cookie: HttpOnly, SameSite=Lax, Secure over https, for the whole site.
pub fn session_cookie(state: &AppState, value: String, max_age: Option<cookie::time::Duration>) -> HeaderValue {
    let mut c = Cookie::build((SESSION_COOKIE, value)).path("/").http_only(true).same_site(SameSite::Lax).secure(secure_cookies(state));
    if let Some(age) = max_age {
        c = c.max_age(age);
    }
    HeaderValue::from_str(&c.build().to_string()).expect("a cookie is a valid header value")
}

/// Signs `user` in: a new session, its cookie, and back to `next`.
pub async fn start_session(state: &AppState, user: &super::User, next: &str) -> ApiResult<Response> {
    let session = state.identity.create_session(user).await?;
    let mut response = Redirect::to(local_path(next)).into_response();
    response.headers_mut().append(header::SET_COOKIE, session_cookie(state, session.secret, None));
    Ok(response)
}

fn back_to_sign_in(error: &str, next: &str) -> Response {
    Redirect::to(&format!("/sign-in?error={error}&next={}", app::api::contract::encode_component(local_path(next)))).into_response()
}

async fn sign_in(State(state): State<AppState>, peer: Option<Extension<ConnectInfo<std::net::SocketAddr>>>, headers: HeaderMap, Form(form): Form<SignInForm>) -> Response {
    // A sign-in posted from another site would sign the browser into someone else's account.
    if !same_origin(&state, &headers) {
        return ApiError::Forbidden("Cross-site sign-in refused.".into()).into_response();
    }
    let address = peer.map(|p| p.0.0.ip());
    if !state.sign_in_limits.attempt(&form.username, address) {
        tracing::warn!(username = %form.username, ?address, "sign-in refused: too many attempts");
        audit(&state, &form.username, "sign_in_limited", address, 429).await;
        return back_to_sign_in("limited", &form.next);
    }
    let response = match state.identity.check_password(&form.username, &form.password).await {
        Ok(Some(user)) => match start_session(&state, &user, &form.next).await {
            Ok(response) => {
                tracing::info!(username = %user.username, ?address, "signed in");
                audit(&state, &form.username, "sign_in", address, 200).await;
                return response;
            }
            Err(err) => err.into_response(),
        },
        Ok(None) => {
            tracing::warn!(username = %form.username, ?address, "failed sign-in");
            back_to_sign_in("wrong", &form.next)
        }
        Err(err) => err.into_response(),
    };
    audit(&state, &form.username, "sign_in_failed", address, 401).await;
    response
}

/// A sign-in in the audit log (the actor is what was typed, at most 64 characters).
async fn audit(state: &AppState, username: &str, action: &str, address: Option<std::net::IpAddr>, outcome: u16) {
    let actor: String = username.chars().filter(|c| !c.is_control()).take(64).collect();
    state.audit.append(crate::audit::Event { actor: &actor, team_id: None, action, target: "", address, outcome }).await;
}

#[derive(Deserialize)]
struct SignOutForm {
    #[serde(default)]
    csrf: String,
}

async fn sign_out(State(state): State<AppState>, headers: HeaderMap, Extension(auth): Extension<Authenticated>, Form(form): Form<SignOutForm>) -> Response {
    if let Some(caller) = &auth.0
        && caller.csrf.as_deref().is_some_and(|expected| secret::same(&form.csrf, expected))
        && let Some(secret_value) = super::cookie(&headers, SESSION_COOKIE)
    {
        if let Err(err) = state.identity.end_session(&secret_value).await {
            return err.into_response();
        }
    } else if auth.0.is_some() {
        return ApiError::Forbidden("Missing or wrong CSRF token.".into()).into_response();
    }
    let mut response = Redirect::to("/sign-in?signed_out=1").into_response();
    response.headers_mut().append(header::SET_COOKIE, session_cookie(&state, String::new(), Some(cookie::time::Duration::ZERO)));
    response
}

pub async fn get_me(cx: Ctx, _: Call<ops::GetMe>) -> ApiResult<Me> {
    crate::teams::routes::me(&cx).await
}

pub async fn sign_out_everywhere(cx: Ctx, _: Call<ops::SignOutEverywhere>) -> ApiResult<SignedOut> {
    let user = &cx.caller()?.user;
    let sessions_ended = cx.identity.end_all_sessions(&user.id).await?;
    tracing::info!(username = %user.username, sessions_ended, "signed out everywhere");
    Ok(SignedOut { sessions_ended })
}

pub async fn list_tokens(cx: Ctx, _: Call<ops::ListTokens>) -> ApiResult<Vec<ApiToken>> {
    cx.identity.tokens(&cx.caller()?.user).await
}

pub async fn create_token(cx: Ctx, call: Call<ops::CreateToken>) -> ApiResult<CreatedApiToken> {
    let user = &cx.caller()?.user;
    let team = cx.caller()?.team.as_ref().map(|t| t.current.id.as_str());
    let (token, secret) = cx.identity.create_token(user, team, &call.body).await?;
    tracing::info!(username = %user.username, token = %token.id, name = %token.name, "API token created");
    Ok(CreatedApiToken { token, secret })
}

pub async fn revoke_token(cx: Ctx, call: Call<ops::RevokeToken>) -> ApiResult<NoContent> {
    let user = &cx.caller()?.user;
    cx.identity.revoke_token(user, &call.params).await?;
    tracing::info!(username = %user.username, token = %call.params, "API token revoked");
    Ok(NoContent)
}

pub async fn sign_in_options(cx: Ctx, _: Call<ops::GetSignInOptions>) -> ApiResult<SignInOptions> {
    let oidc = cx.config.auth.oidc.as_ref().map(|o| o.label.clone().unwrap_or_else(|| "Single sign-on".to_owned()));
    Ok(SignInOptions { local: true, oidc })
}
