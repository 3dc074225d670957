//! A draft's history: every save, restore, publish and review step with who, when and
//! their message; what each revision held, a diff between any two, and restore.

use leptos::prelude::*;

use crate::components::browser_only::browser_only;
use leptos_router::hooks::use_params_map;

use crate::{
    api::{Call, HistoryEntry, HistoryKind, RestoreRevision, RevisionDiffQuery, ops},
    client,
    labels::Label,
    model::diff,
};

#[component]
pub fn HistoryPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let reload = RwSignal::new(0u32);
    let history = Resource::new(move || (id.get(), reload.get()), |(id, _)| client::call::<ops::GetDraftHistory>(Call::at(id)));
    let selected = RwSignal::new(None::<i64>);
    let shown = browser_only(LocalResource::new(move || {
        let id = id.get();
        let v = selected.get();
        async move {
            match v {
                Some(v) => client::call::<ops::GetRevision>(Call::at((id, v))).await.map(Some),
                None => Ok(None),
            }
        }
    }));
    let message = RwSignal::new(None::<String>);
    let restore = move |revision: i64| {
        let id = id.get_untracked();
        leptos::task::spawn_local(async move {
            let result = async {
                let current = client::call::<ops::GetDraft>(Call::at(id.clone())).await?;
                let body = RestoreRevision { version: current.version, revision, message: None };
                client::call::<ops::RestoreRevision>(Call { params: id, query: Default::default(), body }).await
            }
            .await;
            match result {
                Ok(d) => message.set(Some(format!("Revision {revision} restored as version {}.", d.version))),
                Err(e) => message.set(Some(e.message())),
            }
            reload.update(|n| *n += 1);
        });
    };
    view! {
        <div class="page">
            <header class="page-header">
                <h1>"History"</h1>
                <a class="button" href=move || format!("/drafts/{}", id.get())>"Back to the draft"</a>
            </header>
            <p class="status-line" role="status" aria-live="polite">{move || message.get()}</p>
            <Transition fallback=|| view! { <p class="loading">"Loading history…"</p> }>
                {move || history.get().map(|r| match r {
                    Err(e) => view! { <div class="callout error" role="alert">{e.message()}</div> }.into_any(),
                    Ok(entries) => {
                        let versions: Vec<i64> = entries.iter().filter(|e| is_revision(e)).map(|e| e.version).collect();
                        view! {
                            <HistoryTable entries actions=Some((selected, Callback::new(restore)))/>
                            <CompareRevisions id=id.get_untracked() versions/>
                        }.into_any()
                    }
                })}
            </Transition>
            {move || shown.get().and_then(Result::ok).flatten().map(|rev| view! {
                <section class="panel">
                    <h2>{format!("Revision {}", rev.version)}</h2>
                    <pre class="json">{serde_json::to_string_pretty(&rev.document).unwrap_or_default()}</pre>
                </section>
            })}
        </div>
    }
}

/// Whether an entry is a saved revision (which can be viewed, compared and restored).
fn is_revision(entry: &HistoryEntry) -> bool {
    matches!(entry.kind, HistoryKind::Saved | HistoryKind::Restored)
}

/// The history as a table: when, what, who, which version, what they said. With
/// `actions` (the selected revision and restore), revisions get View and Restore buttons.
#[component]
pub fn HistoryTable(entries: Vec<HistoryEntry>, actions: Option<(RwSignal<Option<i64>>, Callback<i64>)>) -> impl IntoView {
    let count = entries.len();
    view! {
        <table class="table">
            <caption>{format!("{count} change(s)")}</caption>
            <thead><tr>
                <th scope="col">"When"</th><th scope="col">"What"</th><th scope="col">"Who"</th><th scope="col">"Version"</th><th scope="col">"Message"</th>
                {actions.is_some().then(|| view! { <th scope="col">"Actions"</th> })}
            </tr></thead>
            <tbody>
                {entries.into_iter().map(|e| {
                    let v = e.version;
                    let said = [e.message.clone(), e.note.clone()].into_iter().flatten().collect::<Vec<_>>().join(" — ");
                    let buttons = actions.filter(|_| is_revision(&e)).map(|(selected, restore)| view! {
                        <button type="button" on:click=move |_| selected.set(Some(v))>{format!("View revision {v}")}</button>
                        <button type="button" on:click=move |_| restore.run(v)>{format!("Restore revision {v}")}</button>
                    });
                    view! {
                        <tr>
                            <td>{e.at.clone()}</td>
                            <td>{e.kind.label()}{e.monitor_id.clone().map(|m| view! { " " <a href=format!("/monitors/{m}")>{m.clone()}</a> })}</td>
                            <td>{e.actor.clone().unwrap_or_else(|| "—".into())}</td>
                            <td>{v}</td>
                            <td>{said}</td>
                            {actions.is_some().then(|| view! { <td class="row-buttons">{buttons}</td> })}
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Two revisions side by side: what changed in the monitor they publish.
#[component]
fn CompareRevisions(id: String, versions: Vec<i64>) -> impl IntoView {
    let newest = versions.first().copied().unwrap_or(1);
    let from = RwSignal::new(versions.get(1).copied().unwrap_or(newest));
    let to = RwSignal::new(newest);
    let result = RwSignal::new(None::<Result<String, String>>);
    let compare = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = id.clone();
        leptos::task::spawn_local(async move {
            let call = Call { params: id, query: RevisionDiffQuery { from: from.get_untracked(), to: to.get_untracked() }, body: Default::default() };
            result.set(Some(match client::call::<ops::DiffRevisions>(call).await {
                Ok(d) if d.changes.is_empty() => Ok(format!("Revisions {} and {} publish the same monitor.", d.from, d.to)),
                Ok(d) => Ok(diff::describe(&d.changes)),
                Err(e) => Err(e.message()),
            }));
        });
    };
    let options = move |selected: i64| versions.iter().map(|v| view! { <option value=v.to_string() selected=*v == selected>{format!("Revision {v}")}</option> }).collect_view();
    view! {
        <section class="panel" aria-labelledby="compare-heading">
            <h2 id="compare-heading">"Compare revisions"</h2>
            <form class="row-buttons" on:submit=compare>
                <label for="compare-from">"From revision"</label>
                <select id="compare-from" on:change=move |ev| if let Ok(v) = event_target_value(&ev).parse() { from.set(v) }>{options.clone()(from.get_untracked())}</select>
                <label for="compare-to">"To revision"</label>
                <select id="compare-to" on:change=move |ev| if let Ok(v) = event_target_value(&ev).parse() { to.set(v) }>{options(to.get_untracked())}</select>
                <button type="submit">"Compare"</button>
            </form>
            {move || result.get().map(|r| match r {
                Ok(text) => view! { <pre class="diff" aria-label="Changes">{text}</pre> }.into_any(),
                Err(m) => view! { <p class="error" role="alert">{m}</p> }.into_any(),
            })}
        </section>
    }
}
