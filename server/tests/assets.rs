//! Static assets: content-hashed names, precompressed bodies picked by Accept-Encoding,
//! long-lived caching for assets and none for HTML, and the development folder override.
//! The browser bundle is checked when this binary embeds one (built after build_frontend);
//! the stylesheet is always embedded.

mod common;

use std::io::Read;

use axum::{
    body::Body,
    http::{HeaderMap, Request, StatusCode, header},
};
use common::TestApp;
use http_body_util::BodyExt;
use tower::ServiceExt;

struct Raw {
    status: StatusCode,
    headers: HeaderMap,
    bytes: Vec<u8>,
}

async fn fetch(app: &TestApp, uri: &str, accept_encoding: Option<&str>) -> Raw {
    let mut request = Request::builder().uri(uri).header(header::AUTHORIZATION, format!("Bearer {}", app.token));
    if let Some(accept) = accept_encoding {
        request = request.header(header::ACCEPT_ENCODING, accept);
    }
    let response = app.router.clone().oneshot(request.body(Body::empty()).unwrap()).await.expect("router answers");
    let (status, headers) = (response.status(), response.headers().clone());
    let bytes = response.into_body().collect().await.expect("body").to_bytes().to_vec();
    Raw { status, headers, bytes }
}

/// The first `attr="…"` value in `html` that starts with `prefix`.
fn url_in(html: &str, prefix: &str) -> Option<String> {
    let start = html.find(prefix)?;
    let end = start + html[start..].find('"')?;
    Some(html[start..end].to_owned())
}

fn header<'a>(raw: &'a Raw, name: header::HeaderName) -> &'a str {
    raw.headers.get(&name).map(|v| v.to_str().unwrap()).unwrap_or_default()
}

/// Checks one asset in every encoding; returns its identity bytes.
async fn check_asset(app: &TestApp, url: &str, content_type: &str) -> Vec<u8> {
    let plain = fetch(app, url, None).await;
    assert_eq!(plain.status, StatusCode::OK, "{url}");
    assert!(header(&plain, header::CONTENT_TYPE).starts_with(content_type), "{url}: {:?}", plain.headers);
    assert_eq!(header(&plain, header::CACHE_CONTROL), "public, max-age=31536000, immutable", "{url}");
    assert_eq!(header(&plain, header::VARY).to_ascii_lowercase(), "accept-encoding", "{url}");
    assert!(plain.headers.get(header::CONTENT_ENCODING).is_none(), "{url}: identity without Accept-Encoding");
    // Never rendered as a document: nosniff, but no document-only headers (bytes on every file).
    assert_eq!(header(&plain, header::X_CONTENT_TYPE_OPTIONS), "nosniff", "{url}");
    assert!(plain.headers.get(header::CONTENT_SECURITY_POLICY).is_none(), "{url}: {:?}", plain.headers);
    assert!(plain.headers.get(header::REFERRER_POLICY).is_none(), "{url}: {:?}", plain.headers);

    // Chromium's header: brotli wins, and the compression layer does not compress it again.
    let br = fetch(app, url, Some("gzip, deflate, br, zstd")).await;
    assert_eq!(header(&br, header::CONTENT_ENCODING), "br", "{url}");
    let mut unpacked = Vec::new();
    brotli::Decompressor::new(br.bytes.as_slice(), 4096).read_to_end(&mut unpacked).expect("valid brotli");
    assert_eq!(unpacked, plain.bytes, "{url}: brotli body");

    let gz = fetch(app, url, Some("gzip")).await;
    assert_eq!(header(&gz, header::CONTENT_ENCODING), "gzip", "{url}");
    let mut unpacked = Vec::new();
    flate2::read::GzDecoder::new(gz.bytes.as_slice()).read_to_end(&mut unpacked).expect("valid gzip");
    assert_eq!(unpacked, plain.bytes, "{url}: gzip body");

    let refused = fetch(app, url, Some("br;q=0, gzip;q=0")).await;
    assert!(refused.headers.get(header::CONTENT_ENCODING).is_none(), "{url}: q=0 refuses");
    plain.bytes
}

#[tokio::test]
async fn pages_are_no_cache_and_point_at_hashed_assets() {
    let app = TestApp::new().await;
    let page = fetch(&app, "/create-monitor", None).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(header(&page, header::CACHE_CONTROL), "no-cache");
    assert!(header(&page, header::CONTENT_SECURITY_POLICY).contains("'nonce-"), "a page has its policy");
    let html = String::from_utf8(page.bytes).unwrap();

    let css = url_in(&html, "/style/main.").expect("a stylesheet link");
    assert!(css.len() == "/style/main.".len() + 16 + ".css".len(), "content-hashed: {css}");
    let bytes = check_asset(&app, &css, "text/css").await;
    assert_eq!(bytes, include_bytes!("../../style/main.css"));
    // The unhashed name still works, revalidated.
    let alias = fetch(&app, "/style/main.css", None).await;
    assert_eq!((alias.status, header(&alias, header::CACHE_CONTROL)), (StatusCode::OK, "no-cache"));

    let Some(js) = url_in(&html, "/pkg/monitor_studio.") else {
        eprintln!("this test binary embeds no browser bundle (built before build_frontend): bundle checks skipped");
        return;
    };
    let wasm = url_in(&html, "/pkg/monitor_studio_bg.").expect("the wasm is preloaded");
    let glue = String::from_utf8(check_asset(&app, &js, "text/javascript").await).unwrap();
    let main = check_asset(&app, &wasm, "application/wasm").await;
    assert_eq!(&main[..4], b"\0asm");
    // Split pages: the glue imports the link module by its hashed name, and the page
    // preloads the pack of the route it shows: a wasm module of custom sections, each a
    // module the link module names and the server serves on its own too.
    if let Some(split) = url_in(&glue, "./__wasm_split.") {
        let link = String::from_utf8(check_asset(&app, &format!("/pkg/{}", &split[2..]), "text/javascript").await).unwrap();
        let pack = url_in(&html, "/pkg/pack_editor_pages_").expect("the route's pack is preloaded");
        assert!(link.contains(&format!("{:?}", &pack["/pkg/".len()..])), "the link module knows the pack");
        let modules = custom_sections(&check_asset(&app, &pack, "application/wasm").await);
        assert!(modules.len() > 1 && modules[0].0.starts_with("split_editor_pages_"), "the split, then its chunks");
        for (name, bytes) in &modules {
            assert!(link.contains(&format!("\"./{name}\"")), "the link module fetches {name}");
            assert_eq!(&fetch(&app, &format!("/pkg/{name}"), None).await.bytes, bytes, "{name} served alone as packed");
        }
    }
    assert_eq!(fetch(&app, "/pkg/monitor_studio.js", None).await.status, StatusCode::NOT_FOUND, "only hashed names");
}

/// The page's preload links for its route's code come after the router chose the page, on
/// every load (they once depended on which thread rendered it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_load_of_a_page_preloads_its_route() {
    let app = TestApp::new().await;
    if url_in(&String::from_utf8(fetch(&app, "/", None).await.bytes).unwrap(), "/pkg/monitor_studio.").is_none() {
        eprintln!("this test binary embeds no browser bundle (built before build_frontend): skipped");
        return;
    }
    for (path, group) in [("/", "drafts_page_"), ("/sign-in", "drafts_page_"), ("/create-monitor", "editor_pages_"), ("/monitors", "cluster_pages_")] {
        let mut loads = tokio::task::JoinSet::new();
        for _ in 0..20 {
            let (router, token) = (app.router.clone(), app.token.clone());
            loads.spawn(async move {
                let request = Request::builder().uri(path).header(header::AUTHORIZATION, format!("Bearer {token}")).body(Body::empty()).unwrap();
                router.oneshot(request).await.expect("router answers").into_body().collect().await.expect("body").to_bytes()
            });
        }
        for page in loads.join_all().await {
            let html = String::from_utf8(page.to_vec()).unwrap();
            let body = &html[html.find("<body").expect("a body")..];
            assert!(body.contains(&format!("<link rel=\"preload\" href=\"/pkg/pack_{group}")), "{path} preloads its {group}pack: {body}");
            assert!(body.contains("<link rel=\"modulepreload\" href=\"/pkg/__wasm_split."), "{path} preloads the link module");
        }
    }
}

/// The custom sections of a wasm module: (name, payload).
fn custom_sections(wasm: &[u8]) -> Vec<(String, Vec<u8>)> {
    fn leb(bytes: &[u8], at: &mut usize) -> usize {
        let (mut n, mut shift) = (0, 0);
        loop {
            let b = bytes[*at];
            *at += 1;
            n |= usize::from(b & 0x7f) << shift;
            shift += 7;
            if b < 0x80 {
                return n;
            }
        }
    }
    assert_eq!(&wasm[..8], b"\0asm\x01\0\0\0");
    let (mut at, mut sections) = (8, Vec::new());
    while at < wasm.len() {
        assert_eq!(wasm[at], 0, "custom sections only");
        at += 1;
        let size = leb(wasm, &mut at);
        let end = at + size;
        let len = leb(wasm, &mut at);
        sections.push((String::from_utf8(wasm[at..at + len].to_vec()).unwrap(), wasm[at + len..end].to_vec()));
        at = end;
    }
    sections
}

#[tokio::test]
async fn the_site_root_override_serves_a_bundle_folder_as_built() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("pkg")).unwrap();
    std::fs::write(dir.path().join("pkg/monitor_studio.js"), "export default async function () {}").unwrap();
    std::fs::write(dir.path().join("pkg/monitor_studio_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let site = dir.path().to_owned();
    let app = TestApp::with_config(move |c| c.site_root = site).await;
    let html = String::from_utf8(fetch(&app, "/", None).await.bytes).unwrap();
    assert!(html.contains(r#"href="/pkg/monitor_studio.js""#), "built names, no hashes");
    let js = fetch(&app, "/pkg/monitor_studio.js", Some("br")).await;
    assert_eq!(js.status, StatusCode::OK);
    assert_eq!(header(&js, header::CACHE_CONTROL), "no-cache");
    assert!(header(&js, header::CONTENT_TYPE).starts_with("text/javascript"));
    let wasm = fetch(&app, "/pkg/monitor_studio_bg.wasm", None).await;
    assert_eq!((wasm.status, header(&wasm, header::CONTENT_TYPE)), (StatusCode::OK, "application/wasm"));
}

#[tokio::test]
async fn unknown_assets_are_404() {
    let app = TestApp::new().await;
    let missing = fetch(&app, "/pkg/nothing.0123456789abcdef.wasm", None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(header(&missing, header::CONTENT_SECURITY_POLICY).starts_with("default-src 'none'"), "not a bundle file: every header");
    assert_eq!(fetch(&app, "/style/other.css", None).await.status, StatusCode::NOT_FOUND);
}
