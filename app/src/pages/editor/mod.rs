//! The Create monitor page and the draft editor: Monitor details → Select data / Query →
//! Triggers → Actions, autosaved to the server as a draft.

mod autosave;
mod backtest;
mod bucket_trigger;
mod cluster_metrics;
mod composite;
mod details;
mod doc_queries;
pub mod export;
mod inputs;
pub mod preview;
mod query;
mod suggest;
pub mod state;
mod triggers;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::{
    api::{Call, Draft, ops},
    client,
    model::MonitorDraft,
};
use autosave::{Autosaver, SaveStatus};
use state::EditorCtx;

/// `/create-monitor`: a blank form; the first change creates the draft.
#[component]
pub fn CreateMonitorPage() -> impl IntoView {
    view! { <Editor initial=None document=MonitorDraft::default()/> }
}

/// `/drafts/:id`: the draft, rendered on the server with the page, then edited.
#[component]
pub fn DraftPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let draft = Resource::new(id, |id| client::call::<ops::GetDraft>(Call::at(id)));
    view! {
        <Suspense fallback=|| view! { <p class="loading" role="status">"Loading draft…"</p> }>
            {move || draft.get().map(|result| match result {
                Err(e) => view! { <div class="callout error" role="alert">{e.message()}</div> }.into_any(),
                Ok(d) => {
                    let document = d.document.clone();
                    view! { <Editor initial=Some(d) document/> }.into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
fn Editor(initial: Option<Draft>, document: MonitorDraft) -> impl IntoView {
    let ctx = EditorCtx::new(document);
    provide_context(ctx);
    let saver = Autosaver::new(ctx, initial.as_ref());
    provide_context(saver);
    provide_context(preview::PreviewCtx::new(ctx));
    crate::components::channel_options::ChannelChoices::provide();
    composite::DelegateChoices::provide(ctx);
    let title = Memo::new(move |_| ctx.draft.with(|d| if d.name.trim().is_empty() { "Create monitor".to_owned() } else { d.name.clone() }));
    view! {
        <div class="editor">
            <header class="page-header">
                <h1>{move || title.get()}</h1>
                <SaveStatus/>
            </header>
            <nav class="steps" aria-label="Steps">
                <ol>
                    <li><a href="#monitor-details">"Create monitor"</a></li>
                    <li><a href="#triggers">"Define trigger"</a></li>
                    <li><a href="#triggers">"Configure actions"</a></li>
                </ol>
            </nav>
            <autosave::ConflictBanner/>
            <details::MonitorDetails/>
            <query::SelectData/>
            <triggers::Triggers/>
            <backtest::Backtest/>
            <crate::components::channel_options::ChannelOptions/>
            <export::EditorFooter/>
        </div>
    }
}
