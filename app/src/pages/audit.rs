//! `/audit` (administrators): the portal's own audit log — who did what, in which team, to
//! what, from where, with what outcome — newest first, filtered by actor, action or failure,
//! and exported as JSON lines with the same filters.

use leptos::prelude::*;

use crate::{
    api::{AuditQuery, Call, ops},
    client,
};

#[component]
pub fn AuditPage() -> impl IntoView {
    let actor = RwSignal::new(String::new());
    let action = RwSignal::new(String::new());
    let failed = RwSignal::new(false);
    let applied = RwSignal::new(AuditQuery { limit: Some(200), ..Default::default() });
    let log = Resource::new(move || applied.get(), |query| client::call::<ops::ListAudit>(Call::query(query)));
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let given = |s: RwSignal<String>| Some(s.get_untracked().trim().to_owned()).filter(|s| !s.is_empty());
        applied.set(AuditQuery { actor: given(actor), action: given(action), failed: failed.get_untracked().then_some(true), limit: Some(200), ..Default::default() });
    };
    let export_href = move || client::url::<ops::ExportAudit>(&Call::query(AuditQuery { limit: None, offset: None, ..applied.get() }));
    view! {
        <div class="page">
            <header class="page-header"><h1>"Audit log"</h1></header>
            <form class="row-buttons" on:submit=apply>
                <label for="audit-actor">"Actor"</label>
                <input id="audit-actor" type="text" prop:value=move || actor.get() on:input=move |ev| actor.set(event_target_value(&ev))/>
                <label for="audit-action">"Action"</label>
                <input id="audit-action" type="text" prop:value=move || action.get() on:input=move |ev| action.set(event_target_value(&ev))/>
                <label><input type="checkbox" prop:checked=move || failed.get() on:change=move |ev| failed.set(event_target_checked(&ev))/>" Only refused or failed"</label>
                <button type="submit">"Filter"</button>
                // The same filters, every matching entry (10,000 lines per file), for a SIEM.
                <a class="button" download="monitor-studio-audit.jsonl" href=export_href>
                    "Export JSON lines"
                </a>
            </form>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading the audit log…"</p> }>
                {move || log.get().map(|r| match r {
                    Err(e) => view! { <div class="callout error" role="alert">{e.message()}</div> }.into_any(),
                    Ok(list) => view! {
                        <table class="table">
                            <caption>{format!("{} of {} entries", list.entries.len(), list.total)}</caption>
                            <thead><tr>
                                <th scope="col">"When"</th><th scope="col">"Actor"</th><th scope="col">"Team"</th><th scope="col">"Action"</th>
                                <th scope="col">"Target"</th><th scope="col">"Address"</th><th scope="col">"Outcome"</th>
                            </tr></thead>
                            <tbody>
                                {list.entries.into_iter().map(|e| view! {
                                    <tr>
                                        <td>{e.at}</td><td>{e.actor}</td><td>{e.team_id.unwrap_or_default()}</td><td>{e.action}</td>
                                        <td>{e.target}</td><td>{e.address.unwrap_or_default()}</td><td>{e.outcome}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                })}
            </Transition>
        </div>
    }
}
