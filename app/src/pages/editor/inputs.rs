//! Inputs bound to one part of the draft through a getter and a setter, each inside a
//! labelled [`Field`]. Keeping the binding here means the sections only say *what* they
//! edit.

use std::sync::Arc;

use leptos::prelude::*;

use super::state::use_editor;
use crate::{components::field::{Field, described_by, field_id}, model::MonitorDraft};

// Each component below is a thin generic shell that boxes its getter and setter and calls
// a non-generic body: the inputs are used dozens of times, and a fully generic component
// would be compiled once per use — most of the browser bundle's size.
type Getter<T> = Arc<dyn Fn(&MonitorDraft) -> T + Send + Sync>;
type Setter<T> = Arc<dyn Fn(&mut MonitorDraft, T) + Send + Sync>;

/// A text input (or textarea with `rows`).
#[component]
pub fn DraftText(
    #[prop(into)] label: String,
    #[prop(into)] path: String,
    get: impl Fn(&MonitorDraft) -> String + Send + Sync + 'static,
    set: impl Fn(&mut MonitorDraft, String) + Send + Sync + 'static,
    #[prop(optional, into)] help: Option<String>,
    #[prop(optional, into)] placeholder: Option<String>,
    #[prop(optional, into)] list: Option<String>,
    #[prop(optional)] rows: Option<u32>,
    /// Apply on `change` (blur/Enter) instead of every keystroke, for values that get
    /// reformatted (comma-separated lists).
    #[prop(optional)]
    on_change_only: bool,
    /// Called with the text on every keystroke (for typeahead), even with `on_change_only`.
    #[prop(optional)]
    on_typing: Option<Callback<String>>,
) -> impl IntoView {
    draft_text(label, path, Arc::new(get), Arc::new(set), help, placeholder, list, rows, on_change_only, on_typing)
}

#[allow(clippy::too_many_arguments)]
fn draft_text(
    label: String,
    path: String,
    get: Getter<String>,
    set: Setter<String>,
    help: Option<String>,
    placeholder: Option<String>,
    list: Option<String>,
    rows: Option<u32>,
    on_change_only: bool,
    on_typing: Option<Callback<String>>,
) -> AnyView {
    let ctx = use_editor();
    let id = field_id(&path);
    let value = Memo::new(move |_| ctx.draft.with(|d| get(d)));
    let error = ctx.error(path.clone());
    let described = described_by(&id, help.is_some());
    let touch_path = path.clone();
    let on_blur = move |_| ctx.touch(&touch_path);
    let control = match rows {
        Some(rows) => view! {
            <textarea id=id rows=rows placeholder=placeholder aria-describedby=described spellcheck="false"
                aria-invalid=move || error.get().is_some().to_string()
                prop:value=value
                on:input=move |ev| ctx.edit(|d| set(d, event_target_value(&ev)))
                on:blur=on_blur>{value.get_untracked()}</textarea>
        }
        .into_any(),
        None if on_change_only => view! {
            <input type="text" id=id placeholder=placeholder list=list aria-describedby=described
                aria-invalid=move || error.get().is_some().to_string()
                value=value.get_untracked()
                prop:value=value
                on:input=move |ev| if let Some(cb) = on_typing { cb.run(event_target_value(&ev)) }
                on:change=move |ev| ctx.edit(|d| set(d, event_target_value(&ev)))
                on:blur=on_blur/>
        }
        .into_any(),
        None => view! {
            <input type="text" id=id placeholder=placeholder list=list aria-describedby=described
                aria-invalid=move || error.get().is_some().to_string()
                value=value.get_untracked()
                prop:value=value
                on:input=move |ev| ctx.edit(|d| set(d, event_target_value(&ev)))
                on:blur=on_blur/>
        }
        .into_any(),
    };
    view! { <Field label path help error>{control}</Field> }.into_any()
}

/// A number input. Text that is not a number leaves the draft as it was and says so.
#[component]
pub fn DraftNumber(
    #[prop(into)] label: String,
    #[prop(into)] path: String,
    get: impl Fn(&MonitorDraft) -> f64 + Send + Sync + 'static,
    set: impl Fn(&mut MonitorDraft, f64) + Send + Sync + 'static,
    #[prop(optional)] min: Option<f64>,
    #[prop(optional)] max: Option<f64>,
    #[prop(optional)] integer: bool,
    #[prop(optional, into)] help: Option<String>,
) -> impl IntoView {
    draft_number(label, path, Arc::new(get), Arc::new(set), min, max, integer, help)
}

#[allow(clippy::too_many_arguments)]
fn draft_number(
    label: String,
    path: String,
    get: Getter<f64>,
    set: Setter<f64>,
    min: Option<f64>,
    max: Option<f64>,
    integer: bool,
    help: Option<String>,
) -> AnyView {
    let ctx = use_editor();
    let id = field_id(&path);
    let value = Memo::new(move |_| ctx.draft.with(|d| get(d)));
    let local_error = RwSignal::new(None::<String>);
    let model_error = ctx.error(path.clone());
    let error = Signal::derive(move || local_error.get().or_else(|| model_error.get()));
    let described = described_by(&id, help.is_some());
    let touch_path = path.clone();
    let control = view! {
        <input type="number" id=id min=min max=max step=if integer { "1" } else { "any" } aria-describedby=described
            aria-invalid=move || error.get().is_some().to_string()
            value=value.get_untracked().to_string()
            prop:value=move || value.get().to_string()
            on:input=move |ev| {
                let text = event_target_value(&ev);
                match text.trim().parse::<f64>() {
                    Ok(n) if n.is_finite() && (!integer || n.fract() == 0.0) && n >= 0.0 => {
                        local_error.set(None);
                        ctx.edit(|d| set(d, n));
                    }
                    _ if text.trim().is_empty() => local_error.set(Some("Required.".into())),
                    _ if integer => local_error.set(Some("Must be a positive integer.".into())),
                    _ => local_error.set(Some("Must be a number.".into())),
                }
            }
            on:blur=move |_| ctx.touch(&touch_path)/>
    };
    view! { <Field label path help error>{control}</Field> }.into_any()
}

/// A select over fixed options (`(value, label)`).
#[component]
pub fn DraftSelect(
    #[prop(into)] label: String,
    #[prop(into)] path: String,
    options: Vec<(String, String)>,
    get: impl Fn(&MonitorDraft) -> String + Send + Sync + 'static,
    set: impl Fn(&mut MonitorDraft, String) + Send + Sync + 'static,
    #[prop(optional, into)] help: Option<String>,
) -> impl IntoView {
    draft_select(label, path, options, Arc::new(get), Arc::new(set), help)
}

fn draft_select(label: String, path: String, options: Vec<(String, String)>, get: Getter<String>, set: Setter<String>, help: Option<String>) -> AnyView {
    let ctx = use_editor();
    let id = field_id(&path);
    let value = Memo::new(move |_| ctx.draft.with(|d| get(d)));
    let error = ctx.error(path.clone());
    let described = described_by(&id, help.is_some());
    let control = view! {
        <select id=id aria-describedby=described prop:value=value
            on:change=move |ev| ctx.edit(|d| set(d, event_target_value(&ev)))>
            {options
                .into_iter()
                .map(|(v, l)| {
                    let selected_value = v.clone();
                    view! { <option value=v selected=move || value.get() == selected_value>{l}</option> }
                })
                .collect_view()}
        </select>
    };
    view! { <Field label path help error>{control}</Field> }.into_any()
}

/// A checkbox with its label beside it.
#[component]
pub fn DraftCheckbox(
    #[prop(into)] label: String,
    #[prop(into)] path: String,
    get: impl Fn(&MonitorDraft) -> bool + Send + Sync + 'static,
    set: impl Fn(&mut MonitorDraft, bool) + Send + Sync + 'static,
) -> impl IntoView {
    draft_checkbox(label, path, Arc::new(get), Arc::new(set))
}

fn draft_checkbox(label: String, path: String, get: Getter<bool>, set: Setter<bool>) -> AnyView {
    let ctx = use_editor();
    let id = field_id(&path);
    let checked = Memo::new(move |_| ctx.draft.with(|d| get(d)));
    view! {
        <div class="field checkbox">
            <input type="checkbox" id=id.clone() checked=checked.get_untracked() prop:checked=checked
                on:change=move |ev| ctx.edit(|d| set(d, event_target_checked(&ev)))/>
            <label for=id>{label}</label>
        </div>
    }
    .into_any()
}
