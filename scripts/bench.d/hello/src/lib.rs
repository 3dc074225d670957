//! The smallest hydrating Leptos app: one component, one signal-free paragraph.

use leptos::prelude::*;

#[component]
fn App() -> impl IntoView {
    view! { <p>"Hello, world!"</p> }
}

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    leptos::mount::hydrate_body(App);
}
