#![recursion_limit = "512"]
//! The wasm entry point. All UI code lives in `app`; this crate only hydrates it, so the
//! server-rendered HTML becomes interactive without being rendered twice.
//!
//! Pages are lazy routes (see `app::App`): their code is split off this module and fetched
//! before the page hydrates, so hydration is asynchronous.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // `hydrate_from_async` sets up Leptos' executor itself.
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = leptos::prelude::document().body() else { return };
        leptos::mount::hydrate_from_async(body.clone(), app::App).await.forget();
        // Browser tests (and people's scripts) wait for this before interacting.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
