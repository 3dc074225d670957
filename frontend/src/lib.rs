//! The wasm entry point. All UI code lives in `app`; this crate only hydrates it, so the
//! server-rendered HTML becomes interactive without being rendered twice.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
