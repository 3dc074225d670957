//! The UI: Leptos pages rendered on the server (so the first paint needs no wasm) and the
//! static assets that hydrate them. The stylesheet is compiled into the binary, so the
//! server runs from any working directory; the wasm bundle is read from `site_root/pkg`.

use axum::{
    Router,
    http::header,
    response::IntoResponse,
    routing::get,
};
use leptos::{
    config::LeptosOptions,
    prelude::{provide_context, use_context},
};
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::{services::ServeDir, set_header::SetResponseHeaderLayer};

use crate::{
    AppState,
    api::Dispatcher,
    auth::{Authenticated, Caller},
    config::Config,
};

/// The name wasm-bindgen gives the bundle (`pkg/monitor_studio.js`, `…_bg.wasm`).
pub const OUTPUT_NAME: &str = "monitor_studio";

const STYLESHEET: &str = include_str!("../../style/main.css");

pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(config.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .build()
}

/// The pages, rendered with the data their operations answer in-process (through
/// `dispatcher`), and the assets that hydrate them.
pub fn router(state: &AppState, dispatcher: Dispatcher) -> Router<AppState> {
    let options = state.leptos_options.clone();
    let pkg_dir = state.config.site_root.join("pkg");
    // The bundle's names are not content-hashed: browsers must revalidate (cheap 304s).
    let pkg = tower::ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, header::HeaderValue::from_static("no-cache")))
        .service(ServeDir::new(pkg_dir));
    Router::new()
        .leptos_routes_with_context(state, generate_route_list(app::App), move || page_context(&dispatcher), move || app::shell(options.clone()))
        .route("/style/main.css", get(stylesheet))
        .nest_service("/pkg", pkg)
}

/// What a page rendering gets: the in-process API, acting as the request's caller, and who
/// that caller is (for the top bar and the CSRF token the page's requests send).
fn page_context(dispatcher: &Dispatcher) {
    let caller = use_context::<axum::http::request::Parts>().and_then(|parts| parts.extensions.get::<Authenticated>().and_then(|a| a.0.clone()));
    provide_context(app::Viewer(caller.as_ref().map(Caller::me)));
    provide_context(dispatcher.backend(caller));
}

async fn stylesheet() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], STYLESHEET)
}
