//! `/tokens`: the signed-in person's API tokens for tools (`Authorization: Bearer …`):
//! create one (its secret is shown once), see when each was last used, revoke.

use leptos::prelude::*;

use crate::{
    api::{Call, NewApiToken, ops},
    client,
};

#[component]
pub fn TokensPage() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let tokens = Resource::new(move || reload.get(), |_| client::call::<ops::ListTokens>(Call::at(())));
    let name = RwSignal::new(String::new());
    let days = RwSignal::new(String::from("90"));
    let created = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let expires_in_days = days.get_untracked().trim().parse::<u32>().ok();
        let body = NewApiToken { name: name.get_untracked(), expires_in_days };
        leptos::task::spawn_local(async move {
            match client::call::<ops::CreateToken>(Call::body(body)).await {
                Ok(answer) => {
                    created.set(Some(answer.secret));
                    error.set(None);
                    name.set(String::new());
                }
                Err(e) => error.set(Some(e.message())),
            }
            reload.update(|n| *n += 1);
        });
    };
    let revoke = move |id: String| {
        leptos::task::spawn_local(async move {
            if let Err(e) = client::call::<ops::RevokeToken>(Call::at(id)).await {
                error.set(Some(e.message()));
            }
            reload.update(|n| *n += 1);
        });
    };
    view! {
        <div class="page">
            <h1>"API tokens"</h1>
            <p class="muted">"Tools call the API with a token: Authorization: Bearer <token>. A token can do what you can, no more."</p>
            <form class="panel" on:submit=create>
                <div class="field">
                    <label for="token-name">"Token name"</label>
                    <input id="token-name" type="text" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="token-days">"Expires after (days)"</label>
                    <input id="token-days" type="number" min="1" max="366" prop:value=move || days.get() on:input=move |ev| days.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="primary">"Create token"</button>
            </form>
            <p class="error" role="alert">{move || error.get()}</p>
            {move || created.get().map(|secret| view! {
                <div class="callout" role="status">
                    <p>"Copy the new token now: it is not shown again."</p>
                    <code aria-label="New token">{secret}</code>
                </div>
            })}
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading tokens…"</p> }>
                {move || tokens.get().map(|r| match r {
                    Err(e) => view! { <div class="callout error" role="alert">{e.message()}</div> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <p class="empty">"No API tokens yet."</p> }.into_any(),
                    Ok(list) => view! {
                        <table class="table">
                            <caption>{format!("{} token(s)", list.len())}</caption>
                            <thead><tr><th scope="col">"Name"</th><th scope="col">"Token"</th><th scope="col">"Created"</th><th scope="col">"Expires"</th><th scope="col">"Last used"</th><th scope="col">"Actions"</th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|t| {
                                    let id = t.id.clone();
                                    let dash = || "\u{2014}".to_owned();
                                    view! {
                                        <tr>
                                            <td>{t.name.clone()}</td>
                                            <td><code>{format!("{}…", t.prefix)}</code></td>
                                            <td>{t.created_at.clone()}</td>
                                            <td>{t.expires_at.clone().unwrap_or_else(|| "Never".to_owned())}</td>
                                            <td>{t.last_used_at.clone().unwrap_or_else(dash)}</td>
                                            <td>{match t.revoked_at.clone() {
                                                Some(_) => view! { <span class="badge">"Revoked"</span> }.into_any(),
                                                None => view! { <button type="button" class="danger" aria-label=format!("Revoke token {}", t.name)
                                                    on:click=move |_| revoke(id.clone())>"Revoke"</button> }.into_any(),
                                            }}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any(),
                })}
            </Transition>
        </div>
    }
}
