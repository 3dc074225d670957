//! The editor's footer: publish (create or update the cluster monitor), the publish state,
//! Export as JSON (the server's export, copy / download) and history.

use leptos::prelude::*;

use super::{autosave::Autosaver, state::use_editor};
use crate::{
    api::{Call, NewTeamTemplate, PublishConflict, PublishRequest, PublishState, RequestReview, ops},
    client::{self, ClientError},
    labels::Label,
    model::{diff, validate},
};

#[derive(Clone, Debug, PartialEq)]
enum PublishOutcome {
    Done(String),
    Failed(String),
    Conflict(Box<PublishConflict>),
    /// A review request was made (its id).
    Requested(String),
}

#[component]
pub fn EditorFooter() -> impl IntoView {
    let ctx = use_editor();
    let saver = expect_context::<Autosaver>();
    let json = RwSignal::new(None::<Result<String, String>>);
    let problems = Memo::new(move |_| ctx.draft.with(validate::validate_for_publish).len());
    let publishing = RwSignal::new(false);
    let outcome = RwSignal::new(None::<PublishOutcome>);
    let change_message = RwSignal::new(String::new());
    // Four-eyes: in such a team the button asks for review instead of publishing.
    let needs_approval = use_context::<crate::Viewer>().and_then(|v| v.0).and_then(|me| me.team).is_some_and(|t| t.publish_needs_approval);

    let navigate = StoredValue::new(leptos_router::hooks::use_navigate());
    let publish = move |overwrite: bool, as_new: bool| {
        ctx.show_all_errors.set(true);
        if problems.get_untracked() > 0 {
            outcome.set(Some(PublishOutcome::Failed("Fix all highlighted error(s) before continuing.".into())));
            return;
        }
        publishing.set(true);
        leptos::task::spawn_local(async move {
            // Publish what the person sees: save pending edits first.
            if saver.unsaved() || saver.id.get_untracked().is_none() {
                saver.save_now().await;
            }
            let Some(id) = saver.id.get_untracked() else {
                outcome.set(Some(PublishOutcome::Failed("The draft could not be saved, so it was not published.".into())));
                publishing.set(false);
                return;
            };
            let message = Some(change_message.get_untracked()).filter(|m| !m.trim().is_empty());
            let version = saver.version.get_untracked();
            if needs_approval {
                let request = RequestReview { version, message };
                match client::call::<ops::RequestReview>(Call { params: id, query: Default::default(), body: request }).await {
                    Ok(review) => {
                        change_message.set(String::new());
                        outcome.set(Some(PublishOutcome::Requested(review.id)));
                    }
                    Err(e) => {
                        ctx.server_errors.update(|errs| errs.extend(e.field_errors()));
                        outcome.set(Some(PublishOutcome::Failed(e.message())));
                    }
                }
                publishing.set(false);
                return;
            }
            let request = PublishRequest { version, overwrite, as_new, message };
            let name = ctx.draft.with_untracked(|d| d.name.clone());
            match client::call::<ops::PublishDraft>(Call { params: id, query: Default::default(), body: request }).await {
                Ok(result) => {
                    saver.remember(&result.draft);
                    change_message.set(String::new());
                    if result.created {
                        // As in the Dashboards: a new monitor opens on its own page, which says
                        // so. Last thing this task does: leaving the page disposes the editor.
                        publishing.set(false);
                        let go = navigate.get_value();
                        go(&format!("/monitors/{}?created=1", result.monitor_id), Default::default());
                        return;
                    } else {
                        outcome.set(Some(PublishOutcome::Done(format!("Monitor \u{201c}{name}\u{201d} successfully updated."))));
                    }
                }
                Err(ClientError::PublishConflict(answer)) if let Some(c) = answer.read::<PublishConflict>() => {
                    saver.state.set(PublishState::ChangedOnCluster);
                    outcome.set(Some(PublishOutcome::Conflict(Box::new(c))));
                }
                Err(e) => {
                    ctx.server_errors.update(|errs| errs.extend(e.field_errors()));
                    outcome.set(Some(PublishOutcome::Failed(e.message())));
                }
            }
            publishing.set(false);
        });
    };

    let template_title = RwSignal::new(String::new());
    let save_template = move |_| {
        leptos::task::spawn_local(async move {
            if saver.unsaved() || saver.id.get_untracked().is_none() {
                saver.save_now().await;
            }
            let Some(draft_id) = saver.id.get_untracked() else { return };
            let body = NewTeamTemplate { draft_id, title: template_title.get_untracked(), description: String::new() };
            outcome.set(Some(match client::call::<ops::CreateTeamTemplate>(Call::body(body)).await {
                Ok(t) => {
                    template_title.set(String::new());
                    PublishOutcome::Done(format!("Saved as the team template \u{201c}{}\u{201d}: it is in the gallery for your team.", t.title))
                }
                Err(e) => PublishOutcome::Failed(e.message()),
            }));
        });
    };

    let toggle_json = move |_| {
        if json.get_untracked().is_some() {
            json.set(None);
            return;
        }
        let Some(id) = saver.id.get_untracked() else {
            json.set(Some(Err("Make a change first: the draft is saved, then exported by the server.".into())));
            return;
        };
        leptos::task::spawn_local(async move {
            let result = client::call::<ops::ExportDraft>(Call::at(id)).await;
            json.set(Some(result.map(|e| serde_json::to_string_pretty(&e.monitor).unwrap_or_default()).map_err(|e| e.message())));
        });
    };

    view! {
        <footer class="panel editor-footer">
            <div class="field">
                <label for="change-message">"Describe this change (optional)"</label>
                <input id="change-message" type="text" maxlength="1000" prop:value=move || change_message.get()
                    on:input=move |ev| change_message.set(event_target_value(&ev))/>
            </div>
            <div class="row-buttons">
                <button type="button" class="primary" disabled=move || publishing.get() on:click=move |_| publish(false, false)>
                    {move || match (publishing.get(), needs_approval, saver.monitor_id.get()) {
                        (true, true, _) => "Requesting review…",
                        (true, false, _) => "Publishing…",
                        (false, true, _) => "Request review",
                        (false, false, Some(_)) => "Update monitor",
                        (false, false, None) => "Create monitor",
                    }}
                </button>
                <span class="badge" aria-label="Publish state">{move || saver.state.get().label()}</span>
                {move || saver.monitor_id.get().map(|id| view! { <a href=format!("/monitors/{id}")>"Open the monitor"</a> })}
                <button type="button" on:click=move |_| ctx.show_all_errors.set(true)>"Check monitor"</button>
                <button type="button" on:click=toggle_json aria-expanded=move || json.get().is_some().to_string()>"Export as JSON"</button>
                {move || saver.id.get().map(|id| view! { <a class="button" href=format!("/drafts/{id}/history")>"History"</a> })}
            </div>
            <div class="row-buttons">
                <label for="template-title">"Template name"</label>
                <input id="template-title" type="text" maxlength="128" prop:value=move || template_title.get() on:input=move |ev| template_title.set(event_target_value(&ev))/>
                <button type="button" on:click=save_template>"Save as team template"</button>
            </div>
            {needs_approval.then(|| view! { <p class="muted">"Publishing in this team needs approval: a publisher who is not you reviews and publishes this exact version."</p> })}
            <p class="muted" role="status">{move || match problems.get() {
                0 => "Ready to publish.".to_owned(),
                n => format!("{n} field(s) to complete before publishing. Use \u{201c}Check monitor\u{201d} to highlight them."),
            }}</p>
            {move || outcome.get().map(|o| match o {
                PublishOutcome::Done(m) => view! { <div class="callout" role="status">{m}</div> }.into_any(),
                PublishOutcome::Requested(id) => view! {
                    <div class="callout" role="status">
                        "Review requested. A publisher who is not you approves it, which publishes this version. "
                        <a href=format!("/reviews/{id}")>"Open the review request"</a>
                    </div>
                }.into_any(),
                PublishOutcome::Failed(m) => view! { <div class="callout error" role="alert">{m}</div> }.into_any(),
                PublishOutcome::Conflict(c) => {
                    let deleted = c.deleted;
                    view! {
                        <div class="callout warning" role="alert">
                            <p>{c.message.clone()}</p>
                            {(!c.changes.is_empty()).then(|| view! {
                                <p>"Changed on the cluster since this draft published it:"</p>
                                <pre class="diff">{diff::describe(&c.changes)}</pre>
                            })}
                            <div class="row-buttons">
                                {if deleted {
                                    view! { <button type="button" on:click=move |_| publish(false, true)>"Publish as a new monitor"</button> }.into_any()
                                } else {
                                    view! { <button type="button" on:click=move |_| publish(true, false)>"Overwrite the cluster's version"</button> }.into_any()
                                }}
                                <button type="button" on:click=move |_| outcome.set(None)>"Keep editing"</button>
                            </div>
                        </div>
                    }
                    .into_any()
                }
            })}
            {move || json.get().map(|r| match r {
                Err(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
                Ok(text) => {
                    let copy_text_value = text.clone();
                    let download_text = text.clone();
                    view! {
                        <div class="export">
                            <label for="export-json">"Monitor JSON"</label>
                            <textarea id="export-json" readonly rows=16 prop:value=text></textarea>
                            <div class="row-buttons">
                                <button type="button" on:click=move |_| copy_text(&copy_text_value)>"Copy"</button>
                                <button type="button" on:click=move |_| download(&ctx.draft.with_untracked(|d| d.name.clone()), &download_text)>"Download"</button>
                            </div>
                        </div>
                    }
                    .into_any()
                }
            })}
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
        let parts = js_sys::Array::new();
        parts.push(&wasm_bindgen::JsValue::from_str(json));
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
