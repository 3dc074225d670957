//! The top bar's account menu: who is signed in, the team they act in (and a switch to
//! their other teams), their API tokens, and Sign out (a plain form post with the
//! session's CSRF token, so it works before any script runs).

use leptos::prelude::*;

use crate::{
    api::{Call, Me, SwitchTeam, ops},
    client,
};

#[component]
pub fn AccountMenu(me: Me, csrf: Option<String>) -> impl IntoView {
    let name = if me.display_name.is_empty() { me.username.clone() } else { me.display_name.clone() };
    view! {
        <div class="account" aria-label="Account">
            <span class="muted">{format!("Signed in as {name}")}{me.is_admin.then_some(" (administrator)")}</span>
            <TeamSwitch me=me.clone()/>
            <a href="/tokens">"API tokens"</a>
            {csrf.map(|token| view! {
                <form method="post" action="/auth/sign-out" class="inline-form">
                    <input type="hidden" name="csrf" value=token/>
                    <button type="submit">"Sign out"</button>
                </form>
            })}
        </div>
    }
}

/// The current team, always visible; with more than one team (signed in in the browser, by
/// a session or the trusted proxy; an API token keeps its team), a list that switches to
/// another and reloads the page in it.
#[component]
fn TeamSwitch(me: Me) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    let Some(current) = me.team.clone() else {
        return view! { <span class="team-name" role="status">"No team yet"</span> }.into_any();
    };
    if me.teams.len() < 2 || me.signed_in_with == "token" {
        return view! { <a class="team-name" href="/team" aria-label="Team">{format!("Team: {}", current.name)}</a> }.into_any();
    }
    let switch = move |ev: leptos::ev::Event| {
        let team = event_target_value(&ev);
        leptos::task::spawn_local(async move {
            match client::call::<ops::SwitchTeam>(Call::body(SwitchTeam { team })).await {
                // Every page shows the new team's objects: load the page again in it.
                Ok(_) => {
                    let _ = window().location().reload();
                }
                Err(e) => error.set(Some(e.message())),
            }
        });
    };
    view! {
        <span class="team-switch">
            <label for="team-switch">"Team"</label>
            <select id="team-switch" on:change=switch>
                {me.teams.iter().map(|t| view! { <option value=t.id.clone() selected=t.id == current.id>{t.name.clone()}</option> }).collect_view()}
            </select>
            <a href="/team">"Manage team"</a>
            <span class="error" role="alert">{move || error.get()}</span>
        </span>
    }
    .into_any()
}
