//! A confirmation dialog on the native modal `<dialog>`: the browser keeps focus inside and
//! makes the page behind inert, Escape cancels, focus starts on the safe choice (Cancel)
//! and goes back where it was when the dialog closes.

use leptos::prelude::*;

#[component]
pub fn ConfirmDialog(
    #[prop(into)] title: String,
    #[prop(into)] body: String,
    #[prop(into)] confirm_label: String,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let dialog_ref = NodeRef::<leptos::html::Dialog>::new();
    let cancel_ref = NodeRef::<leptos::html::Button>::new();
    #[cfg(feature = "hydrate")]
    {
        let previous = leptos::prelude::document().active_element();
        Effect::new(move |_| {
            if let Some(dialog) = dialog_ref.get() {
                if !dialog.open() {
                    let _ = dialog.show_modal();
                }
                if let Some(cancel) = cancel_ref.get() {
                    let _ = cancel.focus();
                }
            }
        });
        let previous = send_wrapper::SendWrapper::new(previous);
        on_cleanup(move || {
            use wasm_bindgen::JsCast;
            if let Some(el) = previous.take().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = el.focus();
            }
        });
    }
    view! {
        <dialog node_ref=dialog_ref class="modal" aria-labelledby="modal-title" aria-describedby="modal-body"
            on:cancel=move |ev: leptos::ev::Event| { ev.prevent_default(); on_cancel.run(()) }>
            <h2 id="modal-title">{title}</h2>
            <p id="modal-body">{body}</p>
            <div class="modal-actions">
                <button type="button" node_ref=cancel_ref on:click=move |_| on_cancel.run(())>"Cancel"</button>
                <button type="button" class="danger" on:click=move |_| on_confirm.run(())>{confirm_label}</button>
            </div>
        </dialog>
    }
}
