//! The embeddable pages (`/embed/…`), what internal tools frame: a monitor's status card,
//! a team's monitors, the authoring form pre-filled (and partly locked) by the host, and
//! the alerts. They have no top bar, act as the signed link they were opened with (or as
//! the person's own session), and tell the host page what happens through
//! `/embed/events.js` (README, "Embedding").

pub mod card;
pub mod create;
pub mod monitors;

use leptos::prelude::*;

use crate::api::{EmbedGrant, EmbedView};

/// The signed link the page was opened with, if it was: the viewer's on the server, in the
/// browser what the server put in the page's head (`shell`).
pub fn link() -> Option<EmbedView> {
    #[cfg(feature = "hydrate")]
    {
        crate::client::meta("embed-link").and_then(|json| serde_json::from_str(&json).ok())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        use_context::<crate::Viewer>().and_then(|v| v.0).and_then(|me| me.embed)
    }
}

/// Whether the page may do `grant`: a person's own session may do what their role allows
/// (the server checks), a link what it grants.
pub fn may(grant: EmbedGrant) -> bool {
    // In the browser from the grants the server put in the page's head (`shell`), which the
    // pages outside the embedded group read without the whole link's reader.
    #[cfg(feature = "hydrate")]
    {
        crate::client::meta("embed-grants").is_none_or(|list| {
            let grants: Vec<EmbedGrant> = list.split(' ').filter_map(|g| g.parse().ok()).collect();
            grant.is_in(&grants)
        })
    }
    #[cfg(not(feature = "hydrate"))]
    {
        link().is_none_or(|l| l.grants(grant))
    }
}

/// Whether this is an `/embed/…` page: links to the app's other pages would leave the frame.
pub fn is_embedded() -> bool {
    leptos_router::hooks::use_location().pathname.with_untracked(|p| p.starts_with("/embed/"))
}

/// A monitor's name, linking to its page unless the page is embedded (where the link would
/// leave the frame for a page the link does not open).
pub fn monitor_link(id: &str, name: String) -> AnyView {
    if is_embedded() { name.into_any() } else { view! { <a href=format!("/monitors/{id}")>{name}</a> }.into_any() }
}

/// Tells the host page that `kind` happened (`ready`, `draft-saved`, `published`,
/// `cancelled`), with `data`'s fields. Nothing happens outside a frame of a registered origin.
pub fn post_event(kind: &str, data: serde_json::Value) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::{JsCast, JsValue};
        let Some(window) = web_sys::window() else { return };
        let Ok(embed) = js_sys::Reflect::get(&window, &JsValue::from_str("monitorStudioEmbed")) else { return };
        let Some(post) = js_sys::Reflect::get(&embed, &JsValue::from_str("post")).ok().and_then(|p| p.dyn_into::<js_sys::Function>().ok()) else { return };
        let data = js_sys::JSON::parse(&data.to_string()).unwrap_or(JsValue::NULL);
        let _ = post.call2(&embed, &JsValue::from_str(kind), &data);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (kind, data);
}

/// An embedded page's frame: says `ready` once it is hydrated.
#[component]
pub fn EmbedFrame(children: Children) -> impl IntoView {
    Effect::new(|_| post_event("ready", serde_json::json!({})));
    view! { <div class="embed-page">{children()}</div> }
}

/// `/embed/alerts`: the alerts dashboard, with Acknowledge where the link grants it.
#[component]
pub fn EmbedAlertsPage() -> impl IntoView {
    view! { <EmbedFrame><crate::pages::alerts::AlertsPage/></EmbedFrame> }
}
