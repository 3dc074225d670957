//! A labelled form field: visible label, optional help text, and the error for its field
//! path, wired with `aria-describedby` / `aria-invalid` so screen readers and tests find the
//! control by its label and hear its error.

use leptos::prelude::*;

/// `aria-describedby` for a field's control: its error, and its help when it has one (a
/// reference to a missing id would be announced as nothing, or confuse checkers).
pub fn described_by(id: &str, has_help: bool) -> String {
    if has_help { format!("{id}-help {id}-error") } else { format!("{id}-error") }
}

/// The DOM id of the control for a field path (`triggers[0].name` → `f-triggers-0-name`).
pub fn field_id(path: &str) -> String {
    let mut id = String::from("f-");
    for c in path.chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '_' => id.push(c),
            ']' => {}
            _ => id.push('-'),
        }
    }
    id
}

/// Label, control (the children, which must use `id=field_id(path)`), help and error.
#[component]
pub fn Field(
    #[prop(into)] label: String,
    #[prop(into)] path: String,
    #[prop(optional_no_strip)] help: Option<String>,
    #[prop(into)] error: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    let id = field_id(&path);
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:field-invalid=move || error.get().is_some()>
            <label for=id.clone()>{label}</label>
            {children()}
            {help.map(|h| view! { <p class="help" id=help_id.clone()>{h}</p> })}
            <p class="error" id=error_id aria-live="polite">{move || error.get()}</p>
        </div>
    }
}
