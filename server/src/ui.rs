//! The UI: Leptos pages rendered on the server (so the first paint needs no wasm) and the
//! static assets that hydrate them. The stylesheet is compiled into the binary, so the
//! server runs from any working directory; the wasm bundle is read from `site_root/pkg`.

use axum::{
    Router,
    http::header,
    response::IntoResponse,
    routing::get,
};
use leptos::{config::LeptosOptions, prelude::provide_context};
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::{services::ServeDir, set_header::SetResponseHeaderLayer};

use crate::{AppState, api::Dispatcher, config::Config};

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
        .leptos_routes_with_context(state, generate_route_list(app::App), move || provide_context(dispatcher.backend()), move || app::shell(options.clone()))
        .route("/style/main.css", get(stylesheet))
        .nest_service("/pkg", pkg)
}

async fn stylesheet() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], STYLESHEET)
}
