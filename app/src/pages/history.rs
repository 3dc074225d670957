//! A draft's history: every saved revision, what it held, and restore.

use leptos::prelude::*;

use crate::components::browser_only::browser_only;
use leptos_router::hooks::use_params_map;

use crate::{
    api::{Call, RestoreRevision, ops},
    client,
};

#[component]
pub fn HistoryPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let reload = RwSignal::new(0u32);
    let revisions = Resource::new(move || (id.get(), reload.get()), |(id, _)| client::call::<ops::ListRevisions>(Call::at(id)));
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
                client::call::<ops::RestoreRevision>(Call { params: id, query: Default::default(), body: RestoreRevision { version: current.version, revision } }).await
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
                {move || revisions.get().map(|r| match r {
                    Err(e) => view! { <div class="callout error" role="alert">{e.message()}</div> }.into_any(),
                    Ok(list) => view! {
                        <table class="table">
                            <thead><tr><th scope="col">"Version"</th><th scope="col">"Saved"</th><th scope="col">"Name"</th><th scope="col">"Note"</th><th scope="col">"Actions"</th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|r| {
                                    let v = r.version;
                                    view! {
                                        <tr>
                                            <td>{v}</td>
                                            <td>{r.saved_at.clone()}</td>
                                            <td>{r.name.clone()}</td>
                                            <td>{r.note.clone().unwrap_or_default()}</td>
                                            <td class="row-buttons">
                                                <button type="button" on:click=move |_| selected.set(Some(v))>{format!("View revision {v}")}</button>
                                                <button type="button" on:click=move |_| restore(v)>{format!("Restore revision {v}")}</button>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
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
