#![recursion_limit = "512"]
//! Monitor Studio's shared crate: the monitor model (used by the server and the browser),
//! the API shapes, and the Leptos UI (rendered on the server, hydrated in the browser).

pub mod api;
pub mod client;
pub mod components;
pub mod labels;
pub mod model;
pub mod pages;

use leptos::prelude::*;
use leptos_router::{
    ChooseView, SsrMode,
    components::{FlatRoutes, Route, Router},
    path,
};
use serde::{Deserialize, Serialize};

/// Where the browser finds the bundle, as the server serves it (content-hashed names when
/// the bundle is embedded in the binary).
#[derive(Clone, Debug, Default)]
pub struct BundleUrls {
    /// The stylesheet, e.g. `/style/main.1a2b….css`.
    pub css: String,
    /// The wasm-bindgen glue and the main wasm module; `None` when no bundle was built (the
    /// pages still render, they just never hydrate).
    pub script: Option<(String, String)>,
    /// The folder of the lazily loaded chunks (`/pkg`), per split (a lazy route) the files a
    /// page showing it preloads, without `.wasm` (its pack, `server/build.rs`), and the name
    /// of wasm-split's link module in that folder.
    pub splits: Option<(String, std::collections::HashMap<String, Vec<String>>, String)>,
}

/// The HTML document around the app, rendered on the server.
pub fn shell(bundle: BundleUrls) -> impl IntoView {
    // Preload links for the lazy routes the page rendered, after the app in the body (where
    // they are allowed; hydration stops at the app's last node): rendered after the router
    // chose the page. Leptos' own links come from a context its integration reads outside
    // the page's owner, so it found the manifest on about half the loads of `/`.
    #[cfg(feature = "ssr")]
    let preloads = bundle.splits.zip(use_context::<leptos::PrefetchLazyFn>()).map(|((pkg, manifest, link), rendered)| {
        move || {
            let mut splits: Vec<&str> = rendered.0.read_value().iter().copied().collect();
            splits.sort_unstable();
            let files: Vec<String> = splits.iter().flat_map(|s| manifest.get(*s).into_iter().flatten()).map(|f| format!("{pkg}/{f}.wasm")).collect();
            (!files.is_empty()).then(|| {
                view! {
                    {files.into_iter().map(|href| view! { <link rel="preload" href=href r#as="fetch" r#type="application/wasm" crossorigin=""/> }).collect_view()}
                    <link rel="modulepreload" href=format!("{pkg}/{link}") crossorigin=""/>
                }
            })
        }
    });
    #[cfg(not(feature = "ssr"))]
    let preloads = ();
    let hydration = bundle.script.map(|(js, wasm)| {
        let (js_json, wasm_json) = (serde_json::Value::from(js.as_str()), serde_json::Value::from(wasm.as_str()));
        let start = format!("import({js_json}).then(m => m.default({{ module_or_path: {wasm_json} }}).then(() => m.hydrate()));");
        view! {
            <link rel="modulepreload" href=js crossorigin=""/>
            <link rel="preload" href=wasm r#as="fetch" r#type="application/wasm" crossorigin=""/>
            <script type="module" nonce=leptos::nonce::use_nonce()>{start}</script>
        }
    });
    let me = use_context::<Viewer>().and_then(|v| v.0);
    let csrf = me.as_ref().and_then(|me| me.csrf_token.clone());
    // An embedded page: where its events go, the link its API calls send, what it grants and
    // the whole link (read by `pages::embed`), and the script that talks to the host page
    // (before the app's, so it is there when the app is ready).
    let embed = use_context::<EmbedFraming>().map(|framing| {
        let link = me.and_then(|me| me.embed);
        view! {
            <meta name="embed-origins" content=framing.0.join(" ")/>
            {link.map(|link| {
                let grants = link.grants.iter().map(|&g| g.into()).collect::<Vec<&str>>().join(" ");
                view! {
                <meta name="embed-link" content=serde_json::to_string(&link).unwrap_or_default()/>
                <meta name="embed-grants" content=grants/>
                <meta name="embed-token" content=link.token/>
                }
            })}
            <script src="/embed/events.js"></script>
        }
    });
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="stylesheet" href=bundle.css/>
                <title>"Monitor Studio"</title>
                // The session's CSRF token, which the client sends with every change.
                {csrf.map(|token| view! { <meta name="csrf-token" content=token/> })}
                {embed}
                {hydration}
            </head>
            <body>
                <App/>
                {preloads}
            </body>
        </html>
    }
}

/// On an `/embed/…` page, the origins that may frame it: where its events go. The server
/// provides it while it renders such a page; the page's head then loads the host-page
/// messaging script (`/embed/events.js`).
#[derive(Clone, Debug, Default)]
pub struct EmbedFraming(pub Vec<String>);

/// Who is looking at the page: provided by the server while it renders, and carried to the
/// browser with the page so both render the same top bar.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Viewer(pub Option<api::Me>);

#[component]
pub fn App() -> impl IntoView {
    let viewer = SharedValue::new(|| use_context::<Viewer>().unwrap_or_default()).into_inner();
    provide_context(viewer.clone());
    let csrf = viewer.0.as_ref().and_then(|me| me.csrf_token.clone());
    view! {
        <Router>
            // Embedded pages have no chrome: the host page is the app around them.
            {move || (!pages::embed::is_embedded()).then(|| view! {
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="top-bar">
                <a class="brand" href="/">"Monitor Studio"</a>
                {viewer.0.clone().map(|me| view! {
                    <nav aria-label="Main">
                        <a href="/">"Drafts"</a>
                        <a href="/monitors">"Monitors"</a>
                        <a href="/alerts">"Alerts"</a>
                        <a href="/create-monitor">"Create monitor"</a>
                        <a href="/import">"Import"</a>
                        <a href="/channels">"Channels"</a>
                        <a href="/reviews">"Reviews"</a>
                        <a href="/team">"Team"</a>
                        {me.is_admin.then(|| view! { <a href="/audit">"Audit log"</a> <a href="/embedding">"Embedding"</a> })}
                    </nav>
                    <components::cluster_badge::ClusterBadge/>
                    <components::account::AccountMenu me csrf=csrf.clone()/>
                })}
            </header>
            })}
            <main id="main">
                // No page nests another, so the flat router: the nested one's matching code
                // weighed 11.8 kB brotli in the bundle every page loads.
                <FlatRoutes fallback=|| view! { <div class="page"><h1>"Page not found"</h1><a href="/">"Back to the drafts"</a></div> }>
                    <Route path=path!("/sign-in") view=Page::SignIn ssr=SsrMode::Async/>
                    <Route path=path!("/") view=Page::Drafts ssr=SsrMode::Async/>
                    <Route path=path!("/drafts") view=Page::Drafts ssr=SsrMode::Async/>
                    <Route path=path!("/create-monitor") view=Page::CreateMonitor/>
                    <Route path=path!("/drafts/:id") view=Page::Draft ssr=SsrMode::Async/>
                    <Route path=path!("/drafts/:id/history") view=Page::History ssr=SsrMode::Async/>
                    <Route path=path!("/import") view=Page::Import/>
                    <Route path=path!("/monitors") view=Page::Monitors ssr=SsrMode::Async/>
                    <Route path=path!("/monitors/:id") view=Page::Monitor ssr=SsrMode::Async/>
                    <Route path=path!("/alerts") view=Page::Alerts ssr=SsrMode::Async/>
                    <Route path=path!("/channels") view=Page::Channels ssr=SsrMode::Async/>
                    <Route path=path!("/tokens") view=Page::Tokens ssr=SsrMode::Async/>
                    <Route path=path!("/team") view=Page::Team ssr=SsrMode::Async/>
                    <Route path=path!("/reviews") view=Page::Reviews ssr=SsrMode::Async/>
                    <Route path=path!("/reviews/:id") view=Page::Review ssr=SsrMode::Async/>
                    <Route path=path!("/audit") view=Page::Audit ssr=SsrMode::Async/>
                    <Route path=path!("/embedding") view=Page::Embedding ssr=SsrMode::Async/>
                    <Route path=path!("/embed/monitors/:id") view=Page::EmbedCard ssr=SsrMode::Async/>
                    <Route path=path!("/embed/monitors") view=Page::EmbedMonitors ssr=SsrMode::Async/>
                    <Route path=path!("/embed/create-monitor") view=Page::EmbedCreate ssr=SsrMode::Async/>
                    <Route path=path!("/embed/alerts") view=Page::EmbedAlerts ssr=SsrMode::Async/>
                </FlatRoutes>
            </main>
        </Router>
    }
}

/// Declares the pages' routes in groups whose code is split off the main wasm module: the
/// browser fetches a group's code (and what only it uses) when one of its pages is first
/// shown. The groups follow the pages people open first: the drafts list, where people land,
/// with the sign-in form (the first page of every session); the editor; monitors, alerts and
/// channels (where a notification's link lands); the embedded pages, framed by other tools;
/// and the pages opened from those (history, import, tokens, team, reviews, audit,
/// embedding). wasm-split makes one chunk per set of groups sharing code, and a page loads
/// every chunk its group shares, so fewer groups mean fewer files per first load, but each
/// page then carries its group-mates' code (`scripts/bench firstload`: with the last group
/// merged into the monitors' group a first load fetched 16 files instead of 24, but
/// `/monitors` 73 kB more and sign-in 554 kB; sign-in beside the drafts list loads 277 kB).
/// On the server the pages render in-process as before, and the page names its group's
/// pack of modules in a `<link rel="preload">` tag (`shell`).
macro_rules! lazy_page_groups {
    ($($group:ident { $($route:ident = $n:literal => $page:path,)* })*) => {
        $(
            #[lazy]
            fn $group(page: u32) -> AnyView {
                match page {
                    $($n => $page().into_any(),)*
                    _ => unreachable!("no page {page} in {}", stringify!($group)),
                }
            }
        )*

        /// A page of the app, as a route shows it: its group's code is fetched (once) before
        /// it renders. One type for every route, so the router's matching code exists once
        /// per shape of path rather than once per page.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Page {
            $($(
                #[doc = concat!("[`", stringify!($page), "`], loaded with `", stringify!($group), "`.")]
                $route,
            )*)*
        }

        impl ChooseView for Page {
            async fn choose(self) -> AnyView {
                match self {
                    $($(Page::$route => $group($n).await,)*)*
                }
            }

            /// Nothing: the flat router never asks for it, and `choose` fetches the code.
            async fn preload(&self) {}
        }
    };
}

lazy_page_groups! {
    drafts_page {
        Drafts = 0 => pages::drafts::DraftsPage,
        SignIn = 1 => pages::sign_in::SignInPage,
    }
    draft_pages {
        History = 0 => pages::history::HistoryPage,
        Import = 1 => pages::import::ImportPage,
        Tokens = 2 => pages::tokens::TokensPage,
        Team = 3 => pages::team::TeamPage,
        Reviews = 4 => pages::reviews::ReviewsPage,
        Review = 5 => pages::reviews::ReviewPage,
        Audit = 6 => pages::audit::AuditPage,
        Embedding = 7 => pages::embedding::EmbeddingPage,
    }
    editor_pages {
        CreateMonitor = 0 => pages::editor::CreateMonitorPage,
        Draft = 1 => pages::editor::DraftPage,
    }
    cluster_pages {
        Monitors = 0 => pages::monitors::list::MonitorsPage,
        Monitor = 1 => pages::monitors::detail::MonitorPage,
        Alerts = 2 => pages::alerts::AlertsPage,
        Channels = 3 => pages::channels::ChannelsPage,
    }
    embed_pages {
        EmbedCard = 0 => pages::embed::card::StatusCardPage,
        EmbedMonitors = 1 => pages::embed::monitors::EmbedMonitorsPage,
        EmbedCreate = 2 => pages::embed::create::EmbedCreateMonitorPage,
        EmbedAlerts = 3 => pages::embed::EmbedAlertsPage,
    }
}
