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
use leptos_meta::{Meta, MetaTags, Title, provide_meta_context};
use serde::{Deserialize, Serialize};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="stylesheet" href="/style/main.css"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Who is looking at the page: provided by the server while it renders, and carried to the
/// browser with the page so both render the same top bar.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Viewer(pub Option<api::Me>);

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let viewer = SharedValue::new(|| use_context::<Viewer>().unwrap_or_default()).into_inner();
    provide_context(viewer.clone());
    let csrf = viewer.0.as_ref().and_then(|me| me.csrf_token.clone());
    view! {
        <Title text="Monitor Studio"/>
        {csrf.clone().map(|token| view! { <Meta name="csrf-token" content=token/> })}
        <Router>
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
                    </nav>
                    <components::cluster_badge::ClusterBadge/>
                    <components::account::AccountMenu me csrf=csrf.clone()/>
                })}
            </header>
            <main id="main">
                <Routes fallback=|| view! { <div class="page"><h1>"Page not found"</h1><a href="/">"Back to the drafts"</a></div> }>
                    <Route path=path!("/sign-in") view=pages::sign_in::SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/") view=pages::drafts::DraftsPage ssr=SsrMode::Async/>
                    <Route path=path!("/drafts") view=pages::drafts::DraftsPage ssr=SsrMode::Async/>
                    <Route path=path!("/create-monitor") view=pages::editor::CreateMonitorPage/>
                    <Route path=path!("/drafts/:id") view=pages::editor::DraftPage ssr=SsrMode::Async/>
                    <Route path=path!("/drafts/:id/history") view=pages::history::HistoryPage ssr=SsrMode::Async/>
                    <Route path=path!("/import") view=pages::import::ImportPage/>
                    <Route path=path!("/monitors") view=pages::monitors::list::MonitorsPage ssr=SsrMode::Async/>
                    <Route path=path!("/monitors/:id") view=pages::monitors::detail::MonitorPage ssr=SsrMode::Async/>
                    <Route path=path!("/alerts") view=pages::alerts::AlertsPage ssr=SsrMode::Async/>
                    <Route path=path!("/channels") view=pages::channels::ChannelsPage ssr=SsrMode::Async/>
                    <Route path=path!("/tokens") view=pages::tokens::TokensPage ssr=SsrMode::Async/>
                </Routes>
            </main>
        </Router>
    }
}
