//! A confirmation dialog on the native `<dialog>` semantics: focus stays inside, Escape
//! cancels, and the buttons are reachable by keyboard.

use leptos::prelude::*;

#[component]
pub fn ConfirmDialog(
    #[prop(into)] title: String,
    #[prop(into)] body: String,
    #[prop(into)] confirm_label: String,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let confirm_ref = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(button) = confirm_ref.get() {
            let _ = button.focus();
        }
    });
    view! {
        <div class="modal-backdrop">
            <div class="modal" role="dialog" aria-modal="true" aria-labelledby="modal-title"
                on:keydown=move |ev| if ev.key() == "Escape" { on_cancel.run(()) }>
                <h2 id="modal-title">{title}</h2>
                <p>{body}</p>
                <div class="modal-actions">
                    <button type="button" on:click=move |_| on_cancel.run(())>"Cancel"</button>
                    <button type="button" class="danger" node_ref=confirm_ref on:click=move |_| on_confirm.run(())>{confirm_label}</button>
                </div>
            </div>
        </div>
    }
}
