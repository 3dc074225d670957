//! Monitor Studio's server, as a library so tests can build the whole router with
//! [`app()`] and drive it without a socket.
//!
//! Layout: [`routes`] pairs each operation of the route list (`app::api::ops`) with its
//! handler and [`api`] derives the router and the pages' in-process calls from it; the
//! resource modules ([`drafts`], [`publish`], [`monitors`], [`channels`], [`preview`],
//! [`schedule`], [`cluster`], [`teams`], [`reviews`]) hold the handlers and services; [`ui`] renders the pages and
//! serves the assets; [`health`], plus the cross-cutting [`config`], [`error`], [`json`] and [`db`].

pub mod api;
pub mod api_docs;
pub mod audit;
pub mod auth;
pub mod channels;
pub mod cli;
pub mod cluster;
pub mod config;
pub mod db;
pub mod drafts;
pub mod embed;
pub mod error;
pub mod guard;
pub mod health;
pub mod json;
pub mod monitors;
pub mod openapi;
pub mod preview;
pub mod publish;
pub mod reviews;
pub mod routes;
pub mod schedule;
pub mod secrets;
pub mod teams;
pub mod telemetry;
pub mod ui;

use std::sync::Arc;

use axum::{Router, extract::DefaultBodyLimit, extract::FromRef};
use leptos::config::LeptosOptions;
use tower_http::{compression::CompressionLayer, trace::TraceLayer};

pub use config::Config;
use drafts::DraftService;
use error::ApiError;

/// Everything a request handler may need, cloned cheaply into each request.
#[derive(Clone, FromRef)]
pub struct AppState {
    pub config: Arc<Config>,
    /// `None` when no cluster is configured: drafts work, cluster features say why not.
    pub cluster: Option<cluster::ClusterClient>,
    pub drafts: DraftService,
    /// Accounts, sessions and API tokens.
    pub identity: auth::identity::IdentityService,
    /// Teams, memberships, index patterns and channel ownership.
    pub teams: teams::TeamService,
    /// Seals secrets kept in the database (teams' cluster credentials).
    pub secrets: secrets::SecretBox,
    /// Four-eyes publish: review requests.
    pub reviews: reviews::ReviewService,
    /// The portal's append-only audit log.
    pub audit: audit::AuditService,
    /// Embedding applications and their signed links.
    pub embed: embed::EmbedService,
    pub sign_in_limits: auth::limit::SignInLimits,
    pub oidc: auth::oidc::OidcState,
    pub leptos_options: LeptosOptions,
}

impl AppState {
    /// Connects the database (running migrations) and builds the state.
    pub async fn new(config: Config) -> Result<AppState, Box<dyn std::error::Error + Send + Sync>> {
        let db = db::connect(&config.database_url).await?;
        let cluster = config.cluster.as_ref().map(cluster::ClusterClient::new).transpose()?;
        let key_file = config.secret_key_file.clone().unwrap_or_else(|| secrets::default_key_file(&config.database_url));
        let secrets = secrets::SecretBox::load_or_create(&key_file).map_err(|e| format!("the secret key {}: {e}", key_file.display()))?;
        Ok(AppState {
            cluster,
            leptos_options: ui::leptos_options(&config),
            identity: auth::identity::IdentityService::new(db.clone(), config.auth.session_limits()),
            sign_in_limits: Default::default(),
            oidc: Default::default(),
            teams: teams::TeamService::new(db.clone()),
            reviews: reviews::ReviewService::new(db.clone()),
            secrets,
            audit: audit::AuditService::new(db.clone()),
            embed: embed::EmbedService::new(db.clone()),
            drafts: DraftService::new(db),
            config: Arc::new(config),
        })
    }
}

/// The whole HTTP surface: `/api/v1`, health checks, static assets and the UI pages.
pub fn app(state: AppState) -> Router {
    let (api, dispatcher) = routes::api().into_parts(state.clone());
    Router::new()
        .nest("/api/v1", api.fallback(api_not_found))
        .merge(health::router())
        .merge(auth::routes::router())
        .merge(ui::router(&state, dispatcher))
        .layer(axum::middleware::from_fn(auth::require_sign_in))
        .layer(axum::middleware::from_fn_with_state(state.clone(), auth::authenticate))
        .layer(cors(&state))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(guard::panic_response))
        .layer(axum::middleware::from_fn_with_state(state.clone(), guard::check_request))
        .layer(DefaultBodyLimit::max(state.config.max_body_bytes))
        .layer(CompressionLayer::new())
        // Spans name the path, never the query: an embed page's `?token=` stays out of logs.
        .layer(TraceLayer::new_for_http().make_span_with(|request: &axum::extract::Request| {
            tracing::debug_span!("request", method = %request.method(), path = %request.uri().path())
        }))
        .with_state(state)
}

/// Browsers on other origins may call the API only when those origins are configured
/// (`MONITOR_STUDIO_CORS_ORIGINS`), and then only with tokens: no cookies cross origins.
fn cors(state: &AppState) -> tower::util::Either<tower_http::cors::CorsLayer, tower::layer::util::Identity> {
    use axum::http::{HeaderValue, Method, header};
    let origins: Vec<HeaderValue> = state.config.auth.cors_origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    if origins.is_empty() {
        return tower::util::Either::Right(tower::layer::util::Identity::new());
    }
    tower::util::Either::Left(
        tower_http::cors::CorsLayer::new()
            .allow_origin(origins)
            .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
            .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
            .max_age(std::time::Duration::from_secs(600)),
    )
}

async fn api_not_found(axum::extract::OriginalUri(uri): axum::extract::OriginalUri) -> ApiError {
    ApiError::not_found(format!("No API route {}.", uri.path()))
}

/// Binds and serves until Ctrl-C / SIGTERM.
pub async fn serve(config: Config) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let listen = config.listen;
    let state = AppState::new(config).await?;
    if let Some(cluster) = state.cluster.clone().filter(|_| state.config.cluster.as_ref().is_some_and(|c| c.audit_to_cluster)) {
        audit::to_cluster::spawn(state.audit.clone(), cluster);
        tracing::info!("copying the audit log to the cluster's monitor-studio-audit-* indices");
    }
    let listener = tokio::net::TcpListener::bind(listen).await?;
    tracing::info!("Monitor Studio listening on http://{}", listener.local_addr()?);
    if state.identity.count_users().await? == 0 {
        tracing::warn!("no accounts yet: create the first administrator with `monitor-studio admin create-user --admin NAME`");
    }
    axum::serve(listener, app(state).into_make_service_with_connect_info::<std::net::SocketAddr>()).with_graceful_shutdown(shutdown_signal()).await?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut sig) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            sig.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}
