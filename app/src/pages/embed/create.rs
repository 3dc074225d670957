//! `/embed/create-monitor`: the authoring flow in a host's frame, pre-filled from the link's
//! parameters (template, name, index pattern, channel, schedule). A locked parameter is
//! shown but cannot be changed here, and the server refuses a request that changes it
//! whatever sends it. **Save draft** keeps the draft (`draft-saved`), **Create** publishes
//! it (`published`, with the monitor's id), **Cancel** tells the host (`cancelled`).

use leptos::prelude::*;
use serde::Deserialize;

use super::{EmbedFrame, link, may, post_event};
use crate::{
    api::{Call, CreateDraft, EmbedGrant, EmbedParams, PublishRequest, SaveDraft, ops},
    client::{self, ClientError},
    components::field::{Field, field_id},
    model::{MonitorDraft, templates},
};

/// What the page reads of a saved draft.
#[derive(Clone, Deserialize)]
struct Saved {
    id: String,
    version: i64,
}

/// What the page reads of a publish.
#[derive(Clone, Deserialize)]
struct Published {
    monitor_id: String,
}

/// The form's values, as the person sees them.
#[derive(Clone, Copy)]
struct Form {
    template: RwSignal<String>,
    name: RwSignal<String>,
    index: RwSignal<String>,
    channel: RwSignal<String>,
    every: RwSignal<String>,
}

impl Form {
    fn new(params: &EmbedParams) -> Form {
        let start = params.draft().unwrap_or_default();
        let minutes = match start.schedule {
            crate::model::Frequency::Interval { interval, unit: crate::model::IntervalUnit::Minutes } => interval.to_string(),
            _ => params.interval_minutes.unwrap_or(1).to_string(),
        };
        Form {
            template: RwSignal::new(params.template.clone().unwrap_or_default()),
            name: RwSignal::new(start.name.clone()),
            index: RwSignal::new(start.indices.first().cloned().unwrap_or_default()),
            channel: RwSignal::new(params.channel.clone().unwrap_or_default()),
            every: RwSignal::new(minutes),
        }
    }

    /// The monitor the form describes, or the field that is wrong.
    fn document(&self) -> Result<MonitorDraft, (String, String)> {
        let minutes = self.every.get_untracked().trim().parse::<u32>().ok().filter(|m| *m >= 1);
        let Some(minutes) = minutes else { return Err(("schedule".into(), "Enter a whole number of minutes, 1 or more.".into())) };
        let text = |s: RwSignal<String>| Some(s.get_untracked().trim().to_owned()).filter(|v| !v.is_empty());
        let params = EmbedParams {
            template: text(self.template),
            name: Some(self.name.get_untracked().trim().to_owned()),
            index: text(self.index),
            channel: text(self.channel),
            interval_minutes: Some(minutes),
            tag: None,
        };
        let mut document = params.draft().ok_or_else(|| ("template".to_owned(), "Choose a template from the list.".to_owned()))?;
        if params.index.is_none() {
            document.indices.clear();
        }
        Ok(document)
    }
}

#[component]
pub fn EmbedCreateMonitorPage() -> impl IntoView {
    let link = link();
    let params = link.as_ref().map(|l| l.params.clone()).unwrap_or_default();
    let locks: Vec<String> = link.map(|l| l.locked).unwrap_or_default();
    let locked = move |param: &str| locks.iter().any(|l| l == param);
    let form = Form::new(&params);
    let channels = Resource::new(|| (), |_| client::call::<ops::ListChannels>(Call::at(())));
    let saved = RwSignal::new(None::<Saved>);
    let errors = RwSignal::new(std::collections::BTreeMap::<String, String>::new());
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let (can_author, can_publish) = (may(EmbedGrant::Author), may(EmbedGrant::Publish));
    let error = move |field: &'static str| Signal::derive(move || errors.with(|e| e.get(field).cloned()));

    // Creates the draft the first time, saves it after: its id and version.
    let save = move || async move {
        let document = form.document().map_err(|(field, text)| ClientError::Api {
            status: 422,
            body: crate::api::ErrorBody { message: text.clone(), errors: [(field, text)].into() },
        })?;
        let answer = match saved.get_untracked() {
            None => {
                let template = Some(form.template.get_untracked()).filter(|t| !t.is_empty());
                client::call_reading::<ops::CreateDraft, Saved>(Call::body(CreateDraft { document: Some(document), template })).await
            }
            Some(draft) => client::call_reading::<ops::SaveDraft, Saved>(Call { params: draft.id, query: Default::default(), body: SaveDraft { version: draft.version, document, message: None } }).await,
        }?;
        saved.set(Some(answer.clone()));
        Ok::<Saved, ClientError>(answer)
    };
    let shown = move |result: &Result<(), ClientError>| match result {
        Ok(()) => errors.set(Default::default()),
        Err(e) => {
            errors.set(e.field_errors());
            message.set(Some(e.message()));
        }
    };
    let save_draft = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = save().await.map(|draft| {
                message.set(Some("Draft saved.".into()));
                post_event("draft-saved", serde_json::json!({ "draft_id": draft.id }));
            });
            shown(&result);
            busy.set(false);
        });
    };
    let create = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = async {
                let draft = save().await?;
                let request = PublishRequest { version: draft.version, ..Default::default() };
                let published = client::call_reading::<ops::PublishDraft, Published>(Call { params: draft.id.clone(), query: Default::default(), body: request }).await?;
                message.set(Some(format!("Monitor \u{201c}{}\u{201d} created.", form.name.get_untracked().trim())));
                post_event("published", serde_json::json!({ "monitor_id": published.monitor_id, "draft_id": draft.id }));
                Ok(())
            }
            .await;
            shown(&result);
            busy.set(false);
        });
    };
    let cancel = move |_| post_event("cancelled", serde_json::json!({ "draft_id": saved.get_untracked().map(|d| d.id) }));
    let help = |locked: bool| locked.then(|| "Set by the page that shows this form.".to_owned());
    let [template_locked, name_locked, index_locked, every_locked, channel_locked] = ["template", "name", "index", "interval_minutes", "channel"].map(&locked);

    view! {
        <EmbedFrame>
            <h1>"Create monitor"</h1>
            {(!can_author).then(|| view! { <div class="callout warning" role="alert">"This page may only show monitors: it cannot create them."</div> })}
            <form class="panel" on:submit=|ev| ev.prevent_default()>
                <Field label="Template" path="template" help=help(template_locked) error=error("template")>
                    <select id=field_id("template") disabled=template_locked
                        on:change=move |ev| form.template.set(event_target_value(&ev))>
                        <option value="">"Blank monitor"</option>
                        {templates::all().into_iter().map(|t| view! { <option value=t.id selected=move || form.template.get() == t.id>{t.title}</option> }).collect_view()}
                    </select>
                </Field>
                <Field label="Monitor name" path="name" help=help(name_locked) error=error("name")>
                    <input id=field_id("name") type="text" disabled=name_locked prop:value=move || form.name.get()
                        on:input=move |ev| form.name.set(event_target_value(&ev))/>
                </Field>
                <Field label="Index" path="indices" help=help(index_locked) error=error("indices")>
                    <input id=field_id("indices") type="text" disabled=index_locked prop:value=move || form.index.get()
                        on:input=move |ev| form.index.set(event_target_value(&ev))/>
                </Field>
                <Field label="Run every (minutes)" path="schedule" help=help(every_locked) error=error("schedule")>
                    <input id=field_id("schedule") type="number" min="1" disabled=every_locked prop:value=move || form.every.get()
                        on:input=move |ev| form.every.set(event_target_value(&ev))/>
                </Field>
                <Field label="Notification channel" path="triggers" help=help(channel_locked) error=error("triggers")>
                    <select id=field_id("triggers") disabled=channel_locked
                        on:change=move |ev| form.channel.set(event_target_value(&ev))>
                        <option value="">"Choose a channel"</option>
                        <Suspense fallback=|| ()>
                            {move || channels.get().map(|answer| {
                                let mut options: Vec<(String, String)> = answer.map(|l| l.channels.into_iter().map(|c| (c.id, c.name)).collect()).unwrap_or_default();
                                let current = form.channel.get_untracked();
                                if !current.is_empty() && !options.iter().any(|(id, _)| *id == current) {
                                    options.push((current.clone(), current));
                                }
                                options.into_iter().map(|(id, name)| {
                                    let value = id.clone();
                                    view! { <option value=id selected=move || form.channel.get() == value>{name}</option> }
                                }).collect_view()
                            })}
                        </Suspense>
                    </select>
                </Field>
                <p class="status-line" role="status" aria-live="polite">{move || message.get()}</p>
                <div class="row-buttons">
                    <button type="button" on:click=cancel>"Cancel"</button>
                    <button type="button" on:click=save_draft disabled=move || busy.get() || !can_author>"Save draft"</button>
                    {can_publish.then(|| view! {
                        <button type="button" class="primary" on:click=create disabled=move || busy.get() || !can_author>"Create"</button>
                    })}
                </div>
            </form>
        </EmbedFrame>
    }
}
