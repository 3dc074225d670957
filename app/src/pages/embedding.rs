//! `/embedding` (administrators): the applications whose pages frame Monitor Studio's
//! embed pages. Register one (its origins, teams, grants and how it signs links; an HS256
//! secret is shown once), see them all, remove one (its links stop working at once).

use leptos::prelude::*;

use crate::{
    api::{Call, EmbedAlgorithm, EmbedApp, EmbedGrant, NewEmbedApp, ops},
    client::{self, ClientError},
    components::{
        field::{Field, field_id},
        modal::ConfirmDialog,
    },
};

/// The grants an application may give its links, in the form's words.
const GRANTS: [(EmbedGrant, &str); 3] =
    [(EmbedGrant::Author, "Create and save drafts"), (EmbedGrant::Publish, "Publish monitors"), (EmbedGrant::Acknowledge, "Acknowledge alerts")];

#[component]
pub fn EmbeddingPage() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let apps = Resource::new(move || reload.get(), |_| client::call::<ops::ListEmbedApps>(Call::at(())));
    let teams = Resource::new(|| (), |_| client::call::<ops::ListTeams>(Call::at(())));
    let name = RwSignal::new(String::new());
    let origins = RwSignal::new(String::new());
    let chosen_teams = RwSignal::new(Vec::<String>::new());
    let grants = RwSignal::new(Vec::<EmbedGrant>::new());
    let algorithm = RwSignal::new(EmbedAlgorithm::HS256);
    let public_key = RwSignal::new(String::new());
    let errors = RwSignal::new(std::collections::BTreeMap::<String, String>::new());
    let message = RwSignal::new(None::<String>);
    let secret = RwSignal::new(None::<(String, String)>);
    let removing = RwSignal::new(None::<EmbedApp>);
    let error = move |field: &'static str| Signal::derive(move || errors.with(|e| e.get(field).cloned()));
    let shown = move |e: ClientError| {
        errors.set(e.field_errors());
        message.set(Some(e.message()));
    };
    let register = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let eddsa = algorithm.get_untracked() == EmbedAlgorithm::EdDSA;
        let body = NewEmbedApp {
            name: name.get_untracked(),
            origins: origins.get_untracked().split_whitespace().map(str::to_owned).collect(),
            teams: chosen_teams.get_untracked(),
            grants: grants.get_untracked(),
            algorithm: algorithm.get_untracked(),
            public_key: eddsa.then(|| public_key.get_untracked()),
        };
        leptos::task::spawn_local(async move {
            match client::call::<ops::CreateEmbedApp>(Call::body(body)).await {
                Ok(created) => {
                    errors.set(Default::default());
                    message.set(Some(format!("Application \u{201c}{}\u{201d} registered. Its id (the iss of its links) is {}.", created.app.name, created.app.id)));
                    secret.set(created.secret.map(|s| (created.app.name, s)));
                    name.set(String::new());
                    reload.update(|n| *n += 1);
                }
                Err(e) => shown(e),
            }
        });
    };
    let remove = Callback::new(move |_| {
        let Some(app) = removing.get_untracked() else { return };
        removing.set(None);
        leptos::task::spawn_local(async move {
            match client::call::<ops::DeleteEmbedApp>(Call::at(app.id)).await {
                Ok(_) => message.set(Some(format!("Application \u{201c}{}\u{201d} removed: its links no longer work.", app.name))),
                Err(e) => shown(e),
            }
            reload.update(|n| *n += 1);
        });
    });
    let toggle = |list: RwSignal<Vec<String>>, id: String, on: bool| list.update(|l| if on { l.push(id) } else { l.retain(|t| *t != id) });

    view! {
        <div class="page">
            <h1>"Embedding"</h1>
            <p class="muted">"Applications that frame Monitor Studio's pages (/embed/…) with links their backend signs. See the README, \u{201c}Embedding\u{201d}."</p>
            <p class="status-line" role="status" aria-live="polite">{move || message.get()}</p>
            {move || secret.get().map(|(app, secret)| view! {
                <div class="callout" role="status">
                    <p>{format!("The signing secret of \u{201c}{app}\u{201d}: copy it into the application now, it is not shown again.")}</p>
                    <code aria-label="Signing secret">{secret}</code>
                </div>
            })}
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading applications…"</p> }>
                {move || apps.get().map(|r| match r {
                    Err(e) => view! { <div class="callout error" role="alert">{e.message()}</div> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="empty">"No embedding applications yet."</p> }.into_any(),
                    Ok(list) => view! { <AppTable list removing/> }.into_any(),
                })}
            </Transition>
            <form class="panel" on:submit=register aria-labelledby="register-title">
                <h2 id="register-title">"Register an application"</h2>
                <Field label="Application name" path="name" error=error("name")>
                    <input id=field_id("name") type="text" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                </Field>
                <Field label="Origins that may frame the pages" path="origins" help=Some("One per line: https://catalog.example.com".to_owned()) error=error("origins")>
                    <textarea id=field_id("origins") rows=3 prop:value=move || origins.get() on:input=move |ev| origins.set(event_target_value(&ev))></textarea>
                </Field>
                <fieldset class="field" aria-describedby="f-teams-error">
                    <legend>"Teams its links may act in"</legend>
                    <Suspense fallback=|| ()>
                        {move || teams.get().and_then(Result::ok).map(|list| list.into_iter().map(|t| {
                            let id = t.id.clone();
                            view! { <label class="checkbox"><input type="checkbox" on:change=move |ev| toggle(chosen_teams, id.clone(), event_target_checked(&ev))/>{t.name}</label> }
                        }).collect_view())}
                    </Suspense>
                    <p class="error" id="f-teams-error">{move || error("teams").get()}</p>
                </fieldset>
                <fieldset class="field">
                    <legend>"What its links may do besides reading"</legend>
                    {GRANTS.into_iter().map(|(grant, label)| view! {
                        <label class="checkbox"><input type="checkbox" on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            grants.update(|g| if on { g.push(grant) } else { g.retain(|x| *x != grant) });
                        }/>{label}</label>
                    }).collect_view()}
                </fieldset>
                <Field label="Signing" path="algorithm" error=error("algorithm")>
                    <select id=field_id("algorithm") on:change=move |ev| algorithm.set(if event_target_value(&ev) == "EdDSA" { EmbedAlgorithm::EdDSA } else { EmbedAlgorithm::HS256 })>
                        <option value="HS256">"HS256 with a secret made here"</option>
                        <option value="EdDSA">"EdDSA (Ed25519) with the application's own key"</option>
                    </select>
                </Field>
                {move || (algorithm.get() == EmbedAlgorithm::EdDSA).then(|| view! {
                    <Field label="Public key (PEM)" path="public_key" error=error("public_key")>
                        <textarea id=field_id("public_key") rows=4 prop:value=move || public_key.get() on:input=move |ev| public_key.set(event_target_value(&ev))></textarea>
                    </Field>
                })}
                <button type="submit" class="primary">"Register application"</button>
            </form>
            {move || removing.get().map(|app| view! {
                <ConfirmDialog title=format!("Remove application {}?", app.name) body="Every page it frames stops working at once."
                    confirm_label="Remove" on_confirm=remove on_cancel=Callback::new(move |_| removing.set(None))/>
            })}
        </div>
    }
}

#[component]
fn AppTable(list: Vec<EmbedApp>, removing: RwSignal<Option<EmbedApp>>) -> impl IntoView {
    view! {
        <table class="table">
            <caption>{format!("{} application(s)", list.len())}</caption>
            <thead><tr>
                <th scope="col">"Name"</th><th scope="col">"Id (iss)"</th><th scope="col">"Origins"</th><th scope="col">"Teams"</th>
                <th scope="col">"Grants"</th><th scope="col">"Signing"</th><th scope="col">"Registered"</th><th scope="col">"Actions"</th>
            </tr></thead>
            <tbody>{list.into_iter().map(|app| {
                let shown = app.clone();
                let grants = if app.grants.is_empty() { "Read only".to_owned() } else { app.grants.iter().map(|g| <&str>::from(*g)).collect::<Vec<_>>().join(", ") };
                view! {
                    <tr>
                        <td>{app.name.clone()}</td>
                        <td><code>{app.id.clone()}</code></td>
                        <td>{app.origins.join(" ")}</td>
                        <td>{app.teams.join(", ")}</td>
                        <td>{grants}</td>
                        <td>{<&str>::from(app.algorithm)}</td>
                        <td>{format!("{} by {}", app.created_at, app.created_by)}</td>
                        <td><button type="button" class="danger" aria-label=format!("Remove application {}", app.name)
                            on:click=move |_| removing.set(Some(shown.clone()))>"Remove"</button></td>
                    </tr>
                }
            }).collect_view()}</tbody>
        </table>
    }
}
