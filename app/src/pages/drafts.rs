//! The drafts page: every draft with its publish state, search, open, rename, duplicate,
//! delete (with confirmation), and the templates gallery.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::{
    api::{Call, DraftList, DraftListQuery, DraftRef, DraftSummary, FromTemplate, RenameDraft, ops},
    client,
    components::modal::ConfirmDialog,
    labels::Label,
};

#[component]
pub fn DraftsPage() -> impl IntoView {
    let search = RwSignal::new(String::new());
    let reload = RwSignal::new(0u32);
    let message = RwSignal::new(None::<String>);
    // Rendered on the server with the page and hydrated as is; refetched when the search or
    // a change asks for it.
    let drafts = Resource::new(
        move || (search.get(), reload.get()),
        |(search, _)| client::call::<ops::ListDrafts>(Call::query(DraftListQuery { search, ..Default::default() })),
    );
    // Compare published drafts with their monitors on the cluster (one search), so "Changed
    // on the cluster" is current; without a cluster this quietly does nothing.
    Effect::new(move |_| {
        leptos::task::spawn_local(async move {
            if let Ok(check) = client::call::<ops::CheckDraftsOnCluster>(Call::at(())).await
                && !check.changed_on_cluster.is_empty()
            {
                reload.update(|n| *n += 1);
            }
        });
    });
    let to_delete = RwSignal::new(None::<DraftSummary>);
    let confirm_delete = Callback::new(move |_| {
        if let Some(d) = to_delete.get_untracked() {
            leptos::task::spawn_local(async move {
                match client::call::<ops::DeleteDraft>(Call::at(d.id.clone())).await {
                    Ok(_) => message.set(Some(format!("Draft \u{201c}{}\u{201d} deleted.", d.name))),
                    Err(e) => message.set(Some(e.message())),
                }
                to_delete.set(None);
                reload.update(|n| *n += 1);
            });
        }
    });
    view! {
        <div class="page">
            <header class="page-header">
                <h1>"Drafts"</h1>
                <div class="row-buttons">
                    <a class="button primary" href="/create-monitor">"Create monitor"</a>
                    <a class="button" href="/import">"Import monitor JSON"</a>
                </div>
            </header>
            <p class="status-line" role="status" aria-live="polite">{move || message.get()}</p>
            <div class="field">
                <label for="draft-search">"Search drafts"</label>
                <input id="draft-search" type="search" placeholder="Name or index"
                    prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/>
            </div>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading drafts…"</p> }>
                {move || drafts.get().map(|result| match result {
                    Err(e) => view! { <div class="callout error" role="alert">{e.message()}</div> }.into_any(),
                    Ok(list) if list.drafts.is_empty() && !search.get_untracked().trim().is_empty() => {
                        view! { <p class="empty">{format!("No drafts match \u{201c}{}\u{201d}.", search.get_untracked().trim())}</p> }.into_any()
                    }
                    Ok(list) if list.drafts.is_empty() => view! { <p class="empty">"No drafts yet. Create a monitor or start from a template below."</p> }.into_any(),
                    Ok(list) => view! { <DraftTable list reload message to_delete/> }.into_any(),
                })}
            </Transition>
            {move || to_delete.get().map(|d| view! {
                <ConfirmDialog title=format!("Delete draft \u{201c}{}\u{201d}?", d.name)
                    body="This action cannot be undone. The monitor on the cluster, if published, is not deleted."
                    confirm_label="Delete draft" on_confirm=confirm_delete on_cancel=Callback::new(move |_| to_delete.set(None))/>
            })}
            <TemplatesGallery/>
        </div>
    }
}

#[component]
fn DraftTable(list: DraftList, reload: RwSignal<u32>, message: RwSignal<Option<String>>, to_delete: RwSignal<Option<DraftSummary>>) -> impl IntoView {
    let navigate = use_navigate();
    let total = list.total;
    view! {
        <table class="table">
            <caption>{format!("{total} draft(s)")}</caption>
            <thead><tr><th scope="col">"Name"</th><th scope="col">"Type"</th><th scope="col">"Indices"</th><th scope="col">"Updated"</th><th scope="col">"State"</th><th scope="col">"Actions"</th></tr></thead>
            <tbody>
                {list.drafts.into_iter().map(|d| {
                    let navigate = navigate.clone();
                    view! { <DraftRow draft=d reload message to_delete on_open=Callback::new(move |id: String| navigate(&format!("/drafts/{id}"), Default::default()))/> }
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn DraftRow(draft: DraftSummary, reload: RwSignal<u32>, message: RwSignal<Option<String>>, to_delete: RwSignal<Option<DraftSummary>>, on_open: Callback<String>) -> impl IntoView {
    let renaming = RwSignal::new(false);
    let new_name = RwSignal::new(draft.name.clone());
    let id = draft.id.clone();
    let version = draft.version;
    let name = if draft.name.trim().is_empty() { "Untitled monitor".to_owned() } else { draft.name.clone() };
    let rename = {
        let id = id.clone();
        move || {
            let id = id.clone();
            let name = new_name.get_untracked();
            leptos::task::spawn_local(async move {
                match client::call_reading::<ops::RenameDraft, serde::de::IgnoredAny>(Call { params: id, query: Default::default(), body: RenameDraft { version, name } }).await {
                    Ok(_) => message.set(Some("Draft renamed.".into())),
                    Err(e) => message.set(Some(e.message())),
                }
                renaming.set(false);
                reload.update(|n| *n += 1);
            });
        }
    };
    let duplicate = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            leptos::task::spawn_local(async move {
                match client::call_reading::<ops::DuplicateDraft, DraftRef>(Call::at(id)).await {
                    Ok(copy) => message.set(Some(format!("Duplicated as \u{201c}{}\u{201d}.", copy.document.name))),
                    Err(e) => message.set(Some(e.message())),
                }
                reload.update(|n| *n += 1);
            });
        }
    };
    let summary = draft.clone();
    let open_id = id.clone();
    view! {
        <tr>
            <td>
                {move || if renaming.get() {
                    let rename = rename.clone();
                    view! {
                        <form class="inline-form" on:submit=move |ev| { ev.prevent_default(); rename(); }>
                            <label for=format!("rename-{}", open_id)>"New name"</label>
                            <input id=format!("rename-{}", open_id) prop:value=move || new_name.get() on:input=move |ev| new_name.set(event_target_value(&ev))/>
                            <button type="submit">"Save name"</button>
                            <button type="button" on:click=move |_| renaming.set(false)>"Cancel"</button>
                        </form>
                    }.into_any()
                } else {
                    view! { <a href=format!("/drafts/{}", open_id)>{name.clone()}</a> }.into_any()
                }}
            </td>
            <td>{draft.monitor_type.label()}</td>
            <td>{draft.indices.join(", ")}</td>
            <td><time datetime=draft.updated_at.clone()>{draft.updated_at.replace('T', " ").chars().take(19).collect::<String>()}</time></td>
            <td><span class=format!("badge state-{}", <&str>::from(draft.state))>{draft.state.label()}</span></td>
            <td class="row-buttons">
                <button type="button" on:click={ let id = id.clone(); move |_| on_open.run(id.clone()) }>"Open"</button>
                <button type="button" on:click=move |_| renaming.set(true)>"Rename"</button>
                <button type="button" on:click=duplicate>"Duplicate"</button>
                <a class="button" href=format!("/drafts/{}/history", id)>"History"</a>
                <button type="button" class="danger" on:click=move |_| to_delete.set(Some(summary.clone()))>"Delete"</button>
            </td>
        </tr>
    }
}

#[component]
fn TemplatesGallery() -> impl IntoView {
    // Read once (the gallery does not change while the page is open): rendered with the page
    // and hydrated as is.
    let templates = OnceResource::new(client::call::<ops::ListTemplates>(Call::at(())));
    let navigate = use_navigate();
    let error = RwSignal::new(None::<String>);
    view! {
        <section class="panel" aria-labelledby="templates-title">
            <h2 id="templates-title">"Start from a template"</h2>
            <p class="error" role="alert">{move || error.get()}</p>
            <div class="template-grid">
                <Transition fallback=|| view! { <p class="loading" role="status">"Loading templates…"</p> }>
                {move || {
                    let navigate = navigate.clone();
                    templates.get().and_then(Result::ok).unwrap_or_default().into_iter().map(move |t| {
                        let navigate = navigate.clone();
                        let id = t.id.clone();
                        let use_template = move |_| {
                            let navigate = navigate.clone();
                            let id = id.clone();
                            leptos::task::spawn_local(async move {
                                match client::call_sending::<ops::CreateDraft, _, DraftRef>((), FromTemplate { template: id }).await {
                                    Ok(d) => navigate(&format!("/drafts/{}", d.id), Default::default()),
                                    Err(e) => error.set(Some(e.message())),
                                }
                            });
                        };
                        view! {
                            <article class="template-card">
                                <p class="muted">{t.category.clone()}</p>
                                <h3>{t.title.clone()}</h3>
                                <p>{t.description.clone()}</p>
                                <button type="button" on:click=use_template aria-label=format!("Use template {}", t.title)>"Use template"</button>
                            </article>
                        }
                    }).collect_view()
                }}
                </Transition>
            </div>
        </section>
    }
}
