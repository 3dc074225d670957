//! The editor's footer: validation summary, Export as JSON (copy / download) and history.

use leptos::prelude::*;

use super::{autosave::Autosaver, state::use_editor};
use crate::model::{convert, validate};

#[component]
pub fn EditorFooter() -> impl IntoView {
    let ctx = use_editor();
    let saver = expect_context::<Autosaver>();
    let show_json = RwSignal::new(false);
    let json = Memo::new(move |_| {
        ctx.draft.with(|d| match convert::to_monitor_json(d) {
            Ok(v) => serde_json::to_string_pretty(&v).unwrap_or_default(),
            Err(errors) => format!("Cannot export yet: {}", errors.values().cloned().collect::<Vec<_>>().join(" ")),
        })
    });
    let problems = Memo::new(move |_| ctx.draft.with(validate::validate_for_publish).len());
    let check = move |_| ctx.show_all_errors.set(true);
    view! {
        <footer class="panel editor-footer">
            <div class="row-buttons">
                <button type="button" on:click=check>"Check monitor"</button>
                <button type="button" on:click=move |_| show_json.update(|s| *s = !*s) aria-expanded=move || show_json.get().to_string()>
                    "Export as JSON"
                </button>
                {move || saver.id.get().map(|id| view! { <a class="button" href=format!("/drafts/{id}/history")>"History"</a> })}
            </div>
            <p class="muted" role="status">{move || match problems.get() {
                0 => "Ready to publish.".to_owned(),
                n => format!("{n} field(s) to complete before publishing. Use \u{201c}Check monitor\u{201d} to highlight them."),
            }}</p>
            <Show when=move || show_json.get()>
                <div class="export">
                    <label for="export-json">"Monitor JSON"</label>
                    <textarea id="export-json" readonly rows=16 prop:value=move || json.get()></textarea>
                    <div class="row-buttons">
                        <button type="button" on:click=move |_| copy_text(&json.get_untracked())>"Copy"</button>
                        <button type="button" on:click=move |_| download(&ctx.draft.with_untracked(|d| d.name.clone()), &json.get_untracked())>"Download"</button>
                    </div>
                </div>
            </Show>
        </footer>
    }
}

pub fn copy_text(text: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = text;
}

/// Saves `json` as `<name>.json` through a temporary object URL.
pub fn download(name: &str, json: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let parts = js_array(json);
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("application/json");
        let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
        let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
        if let Ok(a) = document.create_element("a") {
            if let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>() {
                a.set_href(&url);
                let file = name.chars().map(|c| if c.is_alphanumeric() || c == '-' { c } else { '_' }).collect::<String>();
                a.set_download(&format!("{}.json", if file.is_empty() { "monitor".to_owned() } else { file }));
                a.click();
            }
        }
        let _ = web_sys::Url::revoke_object_url(&url);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (name, json);
}

#[cfg(feature = "hydrate")]
fn js_array(text: &str) -> wasm_bindgen::JsValue {
    let array = js_sys::Array::new();
    array.push(&wasm_bindgen::JsValue::from_str(text));
    array.into()
}
