//! Import: paste or upload monitor JSON (a Dashboards export, a GET of a monitor) and get
//! a draft.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::{
    api::{Call, ImportDraft, ops},
    client,
};

#[component]
pub fn ImportPage() -> impl IntoView {
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let field_errors = RwSignal::new(Vec::<(String, String)>::new());
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let monitor = match serde_json::from_str::<serde_json::Value>(&text.get_untracked()) {
            Ok(v) => v,
            Err(e) => {
                error.set(Some(format!("Invalid JSON: {e}")));
                return;
            }
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match client::call::<ops::ImportDraft>(Call::body(ImportDraft { monitor })).await {
                Ok(d) => navigate(&format!("/drafts/{}", d.id), Default::default()),
                Err(e) => {
                    field_errors.set(e.field_errors().into_iter().collect());
                    error.set(Some(e.message()));
                }
            }
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let input: web_sys::HtmlInputElement = ev.target().expect("input").unchecked_into();
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                leptos::task::spawn_local(async move {
                    match wasm_bindgen_futures_text(file).await {
                        Some(t) => text.set(t),
                        None => error.set(Some("Could not read the file.".into())),
                    }
                });
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <div class="page">
            <header class="page-header"><h1>"Import monitor JSON"</h1></header>
            <form on:submit=submit class="panel">
                <div class="field">
                    <label for="import-file">"Monitor JSON file"</label>
                    <input id="import-file" type="file" accept="application/json,.json" on:change=on_file/>
                </div>
                <div class="field">
                    <label for="import-json">"Monitor JSON"</label>
                    <textarea id="import-json" rows=18 spellcheck="false" prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                    <p class="help">"A Dashboards \u{201c}Export as JSON\u{201d} body or the answer of GET _plugins/_alerting/monitors/<id>."</p>
                </div>
                <div class="callout error" role="alert" hidden=move || error.get().is_none()>
                    <p>{move || error.get()}</p>
                    <ul>{move || field_errors.get().into_iter().map(|(k, v)| view! { <li><code>{k}</code>": "{v}</li> }).collect_view()}</ul>
                </div>
                <button type="submit" class="primary">"Import"</button>
            </form>
        </div>
    }
}

#[cfg(feature = "hydrate")]
async fn wasm_bindgen_futures_text(file: web_sys::File) -> Option<String> {
    let promise = file.text();
    wasm_bindgen_futures::JsFuture::from(promise).await.ok().and_then(|v| v.as_string())
}
