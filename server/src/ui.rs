//! The UI: Leptos pages rendered on the server (so the first paint needs no wasm) and the
//! static assets that hydrate them.
//!
//! The browser bundle and the stylesheet are embedded in the binary by `build.rs`, with
//! content-hashed names, precompressed with brotli and gzip: they are served
//! `Cache-Control: public, max-age=31536000, immutable` in the encoding the request accepts,
//! and the server runs from any directory. HTML pages are `no-cache`. For development,
//! `site_root` (`MONITOR_STUDIO_SITE_ROOT`) pointing at a folder with `pkg/` serves that
//! bundle from disk instead, under its built names, `no-cache` and compressed on the fly.

mod bundle;

use std::{collections::HashMap, path::Path, sync::Arc};

use axum::{
    Router,
    body::{Body, Bytes},
    extract::{Request, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use leptos::{
    config::LeptosOptions,
    prelude::{provide_context, use_context},
};
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::{set_header::SetResponseHeaderLayer, timeout::TimeoutLayer};

use crate::{
    AppState,
    api::Dispatcher,
    auth::{Authenticated, Caller},
    config::Config,
};

/// The name wasm-bindgen gives the bundle (`pkg/monitor_studio.js`, `…_bg.wasm`).
pub const OUTPUT_NAME: &str = "monitor_studio";

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const NO_CACHE: &str = "no-cache";
/// The longest a page may take to render (its cluster calls have their own, shorter limits).
const PAGE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// A file embedded by `build.rs`.
struct EmbeddedAsset {
    path: &'static str,
    content_type: &'static str,
    identity: &'static [u8],
    br: &'static [u8],
    gzip: &'static [u8],
}

/// The bundle's entry points as embedded: glue, main wasm, link module, split → chunks.
struct EmbeddedBundle {
    js: &'static str,
    wasm: &'static str,
    split_js: Option<&'static str>,
    splits: &'static [(&'static str, &'static [&'static str])],
}

mod embedded {
    use super::{EmbeddedAsset, EmbeddedBundle};
    include!(concat!(env!("OUT_DIR"), "/assets.rs"));
}

/// One servable file: its bytes in each encoding it exists in.
struct Asset {
    content_type: &'static str,
    cache_control: &'static str,
    identity: Bytes,
    br: Option<Bytes>,
    gzip: Option<Bytes>,
}

/// Every static file by URL path, and the URLs the HTML shell points at.
#[derive(Clone)]
pub struct Assets {
    files: Arc<HashMap<String, Asset>>,
    urls: app::BundleUrls,
}

impl Assets {
    /// The folder override when it holds a bundle, else what the binary embeds.
    pub fn load(config: &Config) -> Assets {
        let pkg = config.site_root.join("pkg");
        if !config.site_root.as_os_str().is_empty() && pkg.join(bundle::JS).is_file() {
            match Self::from_dir(&pkg) {
                Ok(assets) => {
                    tracing::info!(folder = %pkg.display(), "serving the browser bundle from disk (site_root), not the embedded one");
                    return assets;
                }
                Err(e) => tracing::error!(folder = %pkg.display(), error = %e, "cannot read the bundle; serving the embedded one"),
            }
        }
        Self::embedded()
    }

    fn embedded() -> Assets {
        let mut files: HashMap<String, Asset> = embedded::ASSETS
            .iter()
            .map(|a| {
                let asset = Asset {
                    content_type: a.content_type,
                    cache_control: IMMUTABLE,
                    identity: Bytes::from_static(a.identity),
                    br: Some(Bytes::from_static(a.br)),
                    gzip: Some(Bytes::from_static(a.gzip)),
                };
                (a.path.to_owned(), asset)
            })
            .collect();
        stylesheet_alias(&mut files, embedded::STYLESHEET);
        let mut urls = app::BundleUrls { css: embedded::STYLESHEET.to_owned(), ..Default::default() };
        match &embedded::BUNDLE {
            Some(b) => {
                urls.script = Some((b.js.to_owned(), b.wasm.to_owned()));
                urls.splits = b.split_js.map(|split_js| {
                    let manifest = b.splits.iter().map(|(s, files)| (s.to_string(), files.iter().map(|f| f.to_string()).collect())).collect();
                    ("/pkg".to_owned(), manifest, split_js.to_owned())
                });
            }
            None => tracing::warn!(
                "this binary embeds no browser bundle (it was built before build_frontend): pages render but do not hydrate"
            ),
        }
        Assets { files: Arc::new(files), urls }
    }

    /// The bundle in `pkg` as built (no hashes, `no-cache`); the stylesheet stays embedded.
    fn from_dir(pkg: &Path) -> std::io::Result<Assets> {
        let mut files = HashMap::new();
        let embedded = Self::embedded();
        for entry in std::fs::read_dir(pkg)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_file() && [".js", ".wasm"].iter().any(|ext| name.ends_with(ext)) {
                let asset = Asset {
                    content_type: bundle::content_type(&name),
                    cache_control: NO_CACHE,
                    identity: std::fs::read(entry.path())?.into(),
                    br: None,
                    gzip: None,
                };
                files.insert(format!("/pkg/{name}"), asset);
            }
        }
        let mut urls = app::BundleUrls {
            css: embedded.urls.css.clone(),
            script: Some((format!("/pkg/{}", bundle::JS), format!("/pkg/{}", bundle::WASM))),
            splits: None,
        };
        if let Ok(link) = std::fs::read_to_string(pkg.join(bundle::SPLIT_JS)) {
            let manifest = bundle::split_manifest(&link)
                .into_iter()
                .map(|(split, files)| (split, files.iter().map(|f| f.trim_end_matches(".wasm").to_owned()).collect()))
                .collect();
            urls.splits = Some(("/pkg".to_owned(), manifest, bundle::SPLIT_JS.to_owned()));
        }
        let mut all = Arc::try_unwrap(embedded.files).unwrap_or_else(|_| unreachable!("just built"));
        all.extend(files);
        Ok(Assets { files: Arc::new(all), urls })
    }

    /// The URLs the HTML shell points at.
    pub fn urls(&self) -> &app::BundleUrls {
        &self.urls
    }

    /// The response for `path` in the best encoding `accept_encoding` allows.
    fn respond(&self, path: &str, request_headers: &HeaderMap) -> Response {
        let Some(asset) = self.files.get(path) else {
            return (StatusCode::NOT_FOUND, [(header::CACHE_CONTROL, NO_CACHE)], "Not found").into_response();
        };
        let accepts = |coding: &str| accepts_encoding(request_headers, coding);
        let (encoding, body) = match (&asset.br, &asset.gzip) {
            (Some(br), _) if accepts("br") => (Some("br"), br.clone()),
            (_, Some(gz)) if accepts("gzip") => (Some("gzip"), gz.clone()),
            _ => (None, asset.identity.clone()),
        };
        let mut response = Response::new(Body::from(body));
        response.extensions_mut().insert(crate::guard::StaticAsset);
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(asset.cache_control));
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if let Some(encoding) = encoding {
            // The compression layer leaves responses with a Content-Encoding alone.
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        response
    }
}

/// `/style/main.css` (the stylesheet's name before hashing), kept for old pages and links.
fn stylesheet_alias(files: &mut HashMap<String, Asset>, hashed: &str) {
    if let Some(css) = files.get(hashed) {
        let alias = Asset {
            content_type: css.content_type,
            cache_control: NO_CACHE,
            identity: css.identity.clone(),
            br: css.br.clone(),
            gzip: css.gzip.clone(),
        };
        files.insert("/style/main.css".to_owned(), alias);
    }
}

/// Whether `Accept-Encoding` allows `coding` (listed, or `*`, with a q-value above 0).
fn accepts_encoding(headers: &HeaderMap, coding: &str) -> bool {
    let mut verdict = None;
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        for item in value.to_str().unwrap_or_default().split(',') {
            let mut parts = item.split(';');
            let name = parts.next().unwrap_or_default().trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .filter_map(|q| q.trim().parse::<f32>().ok())
                .next()
                .unwrap_or(1.0);
            if name.eq_ignore_ascii_case(coding) {
                return q > 0.0;
            }
            if name == "*" {
                verdict = Some(q > 0.0);
            }
        }
    }
    verdict.unwrap_or(false)
}

pub fn leptos_options(config: &Config) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(config.site_root.to_string_lossy().into_owned())
        .site_pkg_dir("pkg")
        .build()
}

/// The pages' routes, generated once per process. Generating them renders the app with
/// every resource load suppressed by a process-wide flag (`SuppressResourceLoad`): a page
/// rendered on another thread meanwhile would wait forever for its data, so a process that
/// builds several routers (the tests do) must not generate the list again.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(app::App)).clone()
}

/// The pages, rendered with the data their operations answer in-process (through
/// `dispatcher`), and the assets that hydrate them.
pub fn router(state: &AppState, dispatcher: Dispatcher) -> Router<AppState> {
    let assets = Assets::load(&state.config);
    let urls = assets.urls().clone();
    let pages = Router::new()
        .leptos_routes_with_context(state, route_list(), move || page_context(&dispatcher), move || app::shell(urls.clone()))
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static(NO_CACHE)))
        // A page whose data never arrives answers 503 rather than holding the connection.
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, PAGE_TIMEOUT));
    let files = Router::new()
        .route("/pkg/{*file}", get(asset))
        .route("/style/{*file}", get(asset))
        .with_state(assets);
    pages.merge(files).route(crate::embed::pages::EVENTS_SCRIPT, get(crate::embed::pages::events_script))
}

/// What a page rendering gets: the in-process API, acting as the request's caller, and who
/// that caller is (for the top bar and the CSRF token the page's requests send).
fn page_context(dispatcher: &Dispatcher) {
    let parts = use_context::<axum::http::request::Parts>();
    let caller = parts.as_ref().and_then(|parts| parts.extensions.get::<Authenticated>().and_then(|a| a.0.clone()));
    if let Some(framing) = parts.as_ref().and_then(|parts| parts.extensions.get::<app::EmbedFraming>()) {
        provide_context(framing.clone());
    }
    provide_context(app::Viewer(caller.as_ref().map(Caller::me)));
    // The page's policy allows exactly the inline script that carries this request's nonce.
    if let (Some(response), Some(nonce)) = (use_context::<leptos_axum::ResponseOptions>(), leptos::nonce::use_nonce()) {
        response.insert_header(header::CONTENT_SECURITY_POLICY, HeaderValue::from_str(&crate::guard::page_csp(&nonce.to_string())).expect("a nonce is a header value"));
    }
    provide_context(dispatcher.backend(caller));
}

async fn asset(State(assets): State<Assets>, request: Request) -> Response {
    assets.respond(request.uri().path(), request.headers())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(accept: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(accept).unwrap());
        h
    }

    #[test]
    fn accept_encoding_is_read_with_q_values() {
        assert!(accepts_encoding(&headers("gzip, deflate, br, zstd"), "br"));
        assert!(!accepts_encoding(&headers("gzip, br;q=0"), "br"));
        assert!(accepts_encoding(&headers("*"), "gzip"));
        assert!(!accepts_encoding(&headers("identity"), "gzip"));
        assert!(!accepts_encoding(&HeaderMap::new(), "br"));
    }
}
