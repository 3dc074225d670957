//! The Team page's parts for administrators: the team's own cluster identity (entered
//! once, never shown again) and which single sign-on groups make people its members.

use leptos::prelude::*;

use super::team::role_options;
use crate::{
    api::{Call, ClusterIdentity, GroupMapping, GroupMappingInput, GroupMappings, TeamRole, ops},
    client,
    labels::Label,
};

/// Administrators: the cluster user (and password) or API key the team acts as.
#[component]
pub fn ClusterIdentityPanel(team: String, identity: Option<String>, reload: RwSignal<u32>, message: RwSignal<Option<String>>) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let (team_for_save, team_for_remove) = (team.clone(), team);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body = ClusterIdentity { username: Some(username.get_untracked()), password: Some(password.get_untracked()), api_key: None };
        let team = team_for_save.clone();
        leptos::task::spawn_local(async move {
            match client::call::<ops::SetTeamClusterIdentity>(Call { params: team, query: Default::default(), body }).await {
                Ok(_) => {
                    password.set(String::new());
                    error.set(None);
                    message.set(Some("Cluster identity saved.".into()));
                    reload.update(|n| *n += 1);
                }
                Err(e) => error.set(Some(e.message())),
            }
        });
    };
    let remove = move |_| {
        let team = team_for_remove.clone();
        leptos::task::spawn_local(async move {
            match client::call::<ops::RemoveTeamClusterIdentity>(Call::at(team)).await {
                Ok(_) => message.set(Some("The team acts as Monitor Studio's own identity again.".into())),
                Err(e) => message.set(Some(e.message())),
            }
            reload.update(|n| *n += 1);
        });
    };
    view! {
        <section class="panel" aria-labelledby="identity-heading">
            <h2 id="identity-heading">"Cluster identity"</h2>
            <p class="muted">"The cluster user this team's previews, lookups, publishes and acknowledgements run as, so the cluster's own permissions apply. Stored encrypted; never shown again."</p>
            <p>{identity.clone().unwrap_or_else(|| "None: Monitor Studio's own identity.".into())}</p>
            <form on:submit=save>
                <div class="field">
                    <label for="cluster-user">"Cluster user"</label>
                    <input id="cluster-user" type="text" autocomplete="off" prop:value=move || username.get() on:input=move |ev| username.set(event_target_value(&ev))/>
                </div>
                <div class="field">
                    <label for="cluster-password">"Cluster password"</label>
                    <input id="cluster-password" type="password" autocomplete="new-password" prop:value=move || password.get() on:input=move |ev| password.set(event_target_value(&ev))/>
                </div>
                <p class="error" role="alert">{move || error.get()}</p>
                <button type="submit">"Save cluster identity"</button>
                {identity.is_some().then(|| view! { <button type="button" class="danger" on:click=remove>"Remove cluster identity"</button> })}
            </form>
        </section>
    }
}

/// Administrators: which single sign-on (or proxy) groups make people members of this
/// team, with which role. Every change sends the whole list (the API replaces it).
#[component]
pub fn GroupMappingsPanel(team: String, message: RwSignal<Option<String>>) -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let mappings = Resource::new(move || reload.get(), |_| client::call::<ops::ListGroupMappings>(Call::at(())));
    let replace = move |next: Vec<GroupMappingInput>, done: String| {
        leptos::task::spawn_local(async move {
            match client::call::<ops::SetGroupMappings>(Call::body(GroupMappings { mappings: next })).await {
                Ok(_) => message.set(Some(done)),
                Err(e) => message.set(Some(e.message())),
            }
            reload.update(|n| *n += 1);
        });
    };
    let inputs = |all: &[GroupMapping]| -> Vec<GroupMappingInput> {
        all.iter().map(|m| GroupMappingInput { group: m.group.clone(), team: m.team.clone(), role: m.role }).collect()
    };
    let group = RwSignal::new(String::new());
    let role = RwSignal::new(TeamRole::Viewer);
    view! {
        <section class="panel" aria-labelledby="groups-heading">
            <h2 id="groups-heading">"Single sign-on groups"</h2>
            <p class="muted">"Members of these groups at the identity provider are members of this team, from their next sign-in."</p>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading the group mappings…"</p> }>
                {move || mappings.get().map(|r| match r {
                    Err(e) => view! { <p class="error" role="alert">{e.message()}</p> }.into_any(),
                    Ok(all) => {
                        let team = team.clone();
                        let ours: Vec<GroupMapping> = all.iter().filter(|m| m.team == team).cloned().collect();
                        let (for_add, team_for_add) = (all.clone(), team.clone());
                        let add = move |ev: leptos::ev::SubmitEvent| {
                            ev.prevent_default();
                            let name = group.get_untracked().trim().to_owned();
                            let mut next = inputs(&for_add);
                            next.retain(|m| !(m.group == name && m.team == team_for_add));
                            next.push(GroupMappingInput { group: name.clone(), team: team_for_add.clone(), role: role.get_untracked() });
                            group.set(String::new());
                            replace(next, format!("Members of {name} are now {} here.", role.get_untracked().label()));
                        };
                        view! {
                            <ul>
                                {ours.into_iter().map(|m| {
                                    let (all, name) = (all.clone(), m.group.clone());
                                    let team = m.team.clone();
                                    view! { <li><code>{m.group.clone()}</code>": "{m.role.label()}" "
                                        <button type="button" aria-label=format!("Unmap {}", m.group) on:click=move |_| {
                                            let next = inputs(&all).into_iter().filter(|x| !(x.group == name && x.team == team)).collect();
                                            replace(next, format!("{name} no longer maps to this team."));
                                        }>"Unmap"</button></li> }
                                }).collect_view()}
                            </ul>
                            <form on:submit=add>
                                <div class="field">
                                    <label for="group-name">"Group"</label>
                                    <input id="group-name" type="text" prop:value=move || group.get() on:input=move |ev| group.set(event_target_value(&ev))/>
                                </div>
                                <div class="field">
                                    <label for="group-role">"Role of the group's members"</label>
                                    <select id="group-role" on:change=move |ev| if let Ok(r) = event_target_value(&ev).parse() { role.set(r) }>{role_options(TeamRole::Viewer)}</select>
                                </div>
                                <button type="submit">"Map group"</button>
                            </form>
                        }.into_any()
                    }
                })}
            </Transition>
        </section>
    }
}
