//! A monitor's page (`/monitors/:id`): header with Edit, Enable/Disable, Export as JSON and
//! Delete; the overview; the triggers table; the history; the alerts table; the findings
//! of a per document monitor. Refreshes
//! itself every few seconds; a deleted monitor is a clear "not found", never a blank page.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::{
    Live, RefreshError,
    alerts_table::{AlertSource, AlertsTable},
    findings_table::FindingsTable,
    history_chart::HistoryPanel,
    live, severity_label, type_label, use_poll, when,
};
use crate::{
    api::{Call, MonitorDetail, ops},
    client::{self, ClientError},
    components::modal::ConfirmDialog,
    pages::editor::export::{copy_text, download},
};

#[component]
pub fn MonitorPage() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let poll = use_poll();
    let reload = RwSignal::new(0u32);
    let detail: Live<MonitorDetail> = live(move || (id.get(), poll.get(), reload.get()), |(id, ..)| client::call::<ops::GetMonitor>(Call::at(id)));
    let loaded = Memo::new(move |_| detail.data.with(Option::is_some));
    let per_document = Memo::new(move |_| detail.data.with(|d| d.as_ref().is_some_and(|m| m.monitor_type == "doc_level_monitor")));
    // Memos, so a refresh that changes nothing redraws nothing: the alerts table and its
    // messages ("Successfully acknowledged …") stay while the page polls.
    let not_found = Memo::new(move |_| detail.error.with(|e| matches!(e, Some(ClientError::Api { status: 404, .. }))));
    // Page-level, so a refresh that redraws the header keeps dialogs and messages.
    let created = leptos_router::hooks::use_query_map().with_untracked(|q| q.get("created").is_some());
    let ui = Ui { message: RwSignal::new(None), confirm: RwSignal::new(None), export: RwSignal::new(None), busy: RwSignal::new(false) };
    view! {
        <div class="page">
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading the monitor…"</p> }>
            // The first answer is waited for (on the server, it renders with the page); once
            // the monitor is shown, refreshes update its parts in place.
            {move || { if !loaded.get() { detail.wait(); } if not_found.get() {
                let message = detail.error.with(|e| e.as_ref().map(ClientError::message).unwrap_or_default());
                view! {
                    <h1>"Monitor not found"</h1>
                    <div class="callout error" role="alert">{message}</div>
                    <a class="button" href="/monitors">"Back to the monitors"</a>
                }.into_any()
            } else {
                view! {
                    <RefreshError live=detail/>
                    {move || match detail.data.get() {
                        None => detail.loading().then(|| view! { <p class="loading" role="status">"Loading the monitor…"</p> }).into_any(),
                        Some(m) => view! { <Header monitor=m.clone() reload ui created/> <Overview monitor=m/> }.into_any(),
                    }}
                    // History and alerts once the monitor is known to exist (no 404s behind a 404).
                    {move || loaded.get().then(|| { let id = id.get(); view! {
                        <HistoryPanel monitor_id=id.clone() poll/>
                        <section class="panel" aria-labelledby="alerts-title">
                            <h2 id="alerts-title">"Alerts"</h2>
                            <AlertsTable source=AlertSource::Monitor(id.clone()) poll id_prefix="monitor-alerts"/>
                        </section>
                        {per_document.get().then(|| view! { <FindingsTable monitor_id=id.clone() poll/> })}
                        <ChangeHistory monitor_id=id/>
                    } })}
                }.into_any()
            }}}
            </Transition>
        </div>
    }
    .into_any()
}

/// Who changed the monitor through Monitor Studio, when, with what message.
#[component]
fn ChangeHistory(monitor_id: String) -> impl IntoView {
    let changes = Resource::new(move || monitor_id.clone(), |id| client::call::<ops::GetMonitorChanges>(Call::at(id)));
    view! {
        <section class="panel" aria-labelledby="changes-title">
            <h2 id="changes-title">"Change history"</h2>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading the change history…"</p> }>
                {move || changes.get().map(|r| match r {
                    Err(e) => view! { <p class="error" role="alert">{e.message()}</p> }.into_any(),
                    Ok(entries) if entries.is_empty() => view! { <p>"Not changed through Monitor Studio yet."</p> }.into_any(),
                    Ok(entries) => view! { <crate::pages::history::HistoryTable entries actions=None/> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Confirm {
    Toggle,
    Delete,
}

#[derive(Clone, Copy)]
struct Ui {
    message: RwSignal<Option<String>>,
    confirm: RwSignal<Option<Confirm>>,
    /// The JSON shown by "Export as JSON", while its dialog is open.
    export: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
}

#[component]
/// `created`: the page was opened by "Create monitor", and says so until something else happens.
fn Header(monitor: MonitorDetail, reload: RwSignal<u32>, ui: Ui, created: bool) -> impl IntoView {
    let navigate = use_navigate();
    let Ui { message, confirm, export, busy } = ui;
    let (id, name, enabled) = (monitor.id.clone(), monitor.name.clone(), monitor.enabled);
    let edit = {
        let (id, navigate) = (id.clone(), navigate.clone());
        move |_| {
            let (id, navigate) = (id.clone(), navigate.clone());
            busy.set(true);
            leptos::task::spawn_local(async move {
                match client::call::<ops::OpenMonitorDraft>(Call::at(id)).await {
                    Ok(d) => navigate(&format!("/drafts/{}", d.id), Default::default()),
                    Err(e) => message.set(Some(format!("Cannot open the monitor for editing: {}", e.message()))),
                }
                busy.set(false);
            });
        }
    };
    let show_json = {
        let id = id.clone();
        move |_| {
            let id = id.clone();
            leptos::task::spawn_local(async move {
                match client::call::<ops::ExportMonitor>(Call::at(id)).await {
                    Ok(e) => export.set(Some(serde_json::to_string_pretty(&e.monitor).unwrap_or_default())),
                    Err(e) => message.set(Some(e.message())),
                }
            });
        }
    };
    let confirmed = {
        let (id, name) = (id.clone(), name.clone());
        Callback::new(move |_| {
            let (id, name, navigate) = (id.clone(), name.clone(), navigate.clone());
            let what = confirm.get_untracked();
            confirm.set(None);
            busy.set(true);
            leptos::task::spawn_local(async move {
                match what {
                    Some(Confirm::Delete) => match client::call::<ops::DeleteMonitor>(Call::at(id)).await {
                        Ok(_) => navigate("/monitors?deleted=1", Default::default()),
                        Err(e) => message.set(Some(e.message())),
                    },
                    Some(Confirm::Toggle) => {
                        let toggled = if enabled {
                            client::call::<ops::DisableMonitor>(Call::at(id)).await
                        } else {
                            client::call::<ops::EnableMonitor>(Call::at(id)).await
                        };
                        match toggled {
                            Ok(r) => message.set(Some(format!("Monitor \u{201c}{name}\u{201d} {}.", if r.enabled { "enabled" } else { "disabled" }))),
                            Err(e) => message.set(Some(e.message())),
                        }
                        reload.update(|n| *n += 1);
                    }
                    None => {}
                }
                busy.set(false);
            });
        })
    };
    let delete_blocked = !monitor.workflows.is_empty();
    let workflows = monitor.workflows.iter().map(|w| if w.name.is_empty() { w.id.clone() } else { w.name.clone() }).collect::<Vec<_>>().join(", ");
    let file_name = name.clone();
    let created_name = name.clone();
    view! {
        <header class="page-header">
            <h1>{name.clone()} " " <span class=if enabled { "badge state-published" } else { "badge" }>{if enabled { "Enabled" } else { "Disabled" }}</span></h1>
            <div class="row-buttons">
                <button type="button" on:click=edit disabled=move || busy.get()>"Edit"</button>
                <button type="button" on:click=move |_| confirm.set(Some(Confirm::Toggle)) disabled=move || busy.get()>{if enabled { "Disable" } else { "Enable" }}</button>
                <button type="button" on:click=show_json>"Export as JSON"</button>
                <button type="button" class="danger" on:click=move |_| confirm.set(Some(Confirm::Delete)) disabled=move || busy.get()>"Delete"</button>
            </div>
        </header>
        <p class="status-line" role="status" aria-live="polite">{move || message.get().or_else(|| created.then(|| format!("Monitor \u{201c}{created_name}\u{201d} successfully created.")))}</p>
        {monitor.triggers.is_empty().then(|| view! {
            <div class="callout warning">"This monitor has no triggers configured. It runs, but never raises alerts. Edit it to add a trigger."</div>
        })}
        {move || confirm.get().map(|what| {
            let cancel = Callback::new(move |_| confirm.set(None));
            match what {
                Confirm::Delete if delete_blocked => view! {
                    <ConfirmDialog title=format!("Unable to delete \u{201c}{name}\u{201d}")
                        body=format!("It is part of the composite monitor(s) {workflows}. Remove it from them or delete them first.")
                        confirm_label="Close" on_confirm=cancel on_cancel=cancel/>
                }.into_any(),
                Confirm::Delete => view! {
                    <ConfirmDialog title=format!("Delete monitor {name}?") body="This action cannot be undone."
                        confirm_label="Delete" on_confirm=confirmed on_cancel=cancel/>
                }.into_any(),
                Confirm::Toggle => view! {
                    <ConfirmDialog title=format!("{} monitor {name}?", if enabled { "Disable" } else { "Enable" })
                        body=if enabled { "It stops running and raises no new alerts until enabled again." } else { "It runs on its schedule again." }
                        confirm_label=if enabled { "Disable" } else { "Enable" } on_confirm=confirmed on_cancel=cancel/>
                }.into_any(),
            }
        })}
        {move || export.get().map(|json| {
            let (copy, save, name) = (json.clone(), json.clone(), file_name.clone());
            view! {
                <div class="modal-backdrop">
                    <div class="modal wide" role="dialog" aria-modal="true" aria-labelledby="export-title">
                        <h2 id="export-title">{format!("View JSON of {name}")}</h2>
                        <label for="monitor-json">"Monitor JSON"</label>
                        <textarea id="monitor-json" readonly rows=20 prop:value=json></textarea>
                        <div class="modal-actions">
                            <button type="button" on:click=move |_| copy_text(&copy)>"Copy"</button>
                            <button type="button" on:click=move |_| download(&name, &save)>"Download"</button>
                            <button type="button" class="primary" on:click=move |_| export.set(None)>"Close"</button>
                        </div>
                    </div>
                </div>
            }
        })}
    }
    .into_any()
}

#[component]
fn Overview(monitor: MonitorDetail) -> impl IntoView {
    let first = monitor.indices.first().cloned().unwrap_or_else(|| "\u{2014}".to_owned());
    let more = monitor.indices.len() > 1;
    let all = monitor.indices.join(", ");
    let count = monitor.indices.len();
    let composite = monitor.monitor_type == crate::model::MonitorType::Composite.api_name();
    view! {
        <section class="panel" aria-labelledby="overview-title">
            <h2 id="overview-title">"Overview"</h2>
            <dl class="overview">
                <div><dt>"Monitor type"</dt><dd>{type_label(&monitor.monitor_type)}</dd></div>
                <div><dt>"Monitor defining method"</dt><dd>{monitor.defining_method.clone()}</dd></div>
                <div><dt>"Index"</dt><dd>{first}{more.then(|| view! {
                    <details><summary>{format!("View all {count}")}</summary>{all}</details>
                })}</dd></div>
                <div><dt>"Total active alerts"</dt><dd>{monitor.active_alerts}</dd></div>
                <div><dt>"Schedule"</dt><dd>{monitor.schedule.clone()}</dd></div>
                <div><dt>"Last updated"</dt><dd>{when(&monitor.last_updated)}</dd></div>
                <div><dt>"Monitor ID"</dt><dd><code>{monitor.id.clone()}</code></dd></div>
                <div><dt>"Monitor version number"</dt><dd>{monitor.version}</dd></div>
                <div><dt>"Draft"</dt><dd>{match monitor.draft_id.clone() {
                    Some(d) => view! { <a href=format!("/drafts/{d}")>"Open its draft"</a> }.into_any(),
                    None => view! { <span class="muted">"None yet (Edit creates one)"</span> }.into_any(),
                }}</dd></div>
                {(!monitor.workflows.is_empty()).then(|| view! {
                    <div><dt>"Composite monitors"</dt><dd>{monitor.workflows.iter().map(|w| w.name.clone()).collect::<Vec<_>>().join(", ")}</dd></div>
                })}
            </dl>
        </section>
        {composite.then(|| view! { <super::delegates_table::DelegatesTable delegates=monitor.delegates.clone()/> })}
        <section class="panel" aria-labelledby="triggers-title">
            <h2 id="triggers-title">{format!("Triggers ({})", monitor.triggers.len())}</h2>
            {if monitor.triggers.is_empty() {
                view! { <p class="empty">"No triggers."</p> }.into_any()
            } else {
                view! {
                    <table class="table">
                        <thead><tr>
                            <th scope="col">"Name"</th><th scope="col">"Number of actions"</th><th scope="col">"Severity"</th>
                            {composite.then(|| view! { <th scope="col">"Condition"</th> })}
                        </tr></thead>
                        <tbody>{monitor.triggers.iter().map(|t| view! {
                            <tr>
                                <td>{t.name.clone()}</td><td>{t.actions}</td><td>{severity_label(&t.severity)}</td>
                                {composite.then(|| view! { <td><code>{condition_words(&t.condition, &monitor.delegates)}</code></td> })}
                            </tr>
                        }).collect_view()}</tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

/// A composite trigger's condition with each delegate's name beside its id.
fn condition_words(condition: &str, delegates: &[crate::api::DelegateState]) -> String {
    delegates.iter().filter(|d| !d.name.is_empty()).fold(condition.to_owned(), |text, d| {
        text.replace(&format!("monitor[id={}]", d.id), &format!("monitor[id={}] ({})", d.id, d.name))
    })
}
