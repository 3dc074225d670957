#![recursion_limit = "512"]
//! The wasm entry point. All UI code lives in `app`; this crate only hydrates it, so the
//! server-rendered HTML becomes interactive without being rendered twice.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // Browser tests (and people's scripts) wait for this before interacting.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
