//! `/team`: the current team — its members with their roles, its index patterns (the
//! data its monitors, previews and lookups may read) and whether publishing needs
//! approval. Team admins change them; everyone else sees them.

use leptos::prelude::*;
use strum::VariantArray;

use crate::{
    api::{Call, MemberRole, Team, TeamRole, TeamSettings, ops},
    client,
    labels::Label,
};

#[component]
pub fn TeamPage() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let team = Resource::new(move || reload.get(), |_| client::call::<ops::GetTeam>(Call::at(())));
    let me = use_context::<crate::Viewer>().and_then(|v| v.0);
    let manages = me.as_ref().and_then(|me| me.team.as_ref()).is_some_and(|t| t.role == TeamRole::TeamAdmin);
    let administers = me.as_ref().is_some_and(|me| me.is_admin);
    let message = RwSignal::new(None::<String>);
    view! {
        <div class="page">
            <p class="status-line" role="status" aria-live="polite">{move || message.get()}</p>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading the team…"</p> }>
                {move || team.get().map(|r| match r {
                    Err(e) => view! { <div class="callout error" role="alert">{e.message()}</div> }.into_any(),
                    Ok(t) => view! { <TeamView team=t.clone() manages reload message/> {administers.then(|| view! { <super::team_admin::ClusterIdentityPanel team=t.id.clone() identity=t.cluster_identity.clone() reload message/> <super::team_admin::GroupMappingsPanel team=t.id message/> })} }.into_any(),
                })}
            </Transition>
        </div>
    }
}

#[component]
fn TeamView(team: Team, manages: bool, reload: RwSignal<u32>, message: RwSignal<Option<String>>) -> impl IntoView {
    let patterns = RwSignal::new(team.index_patterns.join("\n"));
    let needs_approval = RwSignal::new(team.publish_needs_approval);
    let webhook = RwSignal::new(team.review_webhook_url.clone().unwrap_or_default());
    let errors = RwSignal::new(std::collections::BTreeMap::<String, String>::new());
    // One settings call for both forms: what the other form shows is sent unchanged.
    let save = move |done: &'static str| {
        let settings = TeamSettings {
            index_patterns: patterns.get_untracked().lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect(),
            publish_needs_approval: needs_approval.get_untracked(),
            review_webhook_url: Some(webhook.get_untracked()).filter(|w| !w.trim().is_empty()),
        };
        leptos::task::spawn_local(async move {
            match client::call::<ops::UpdateTeam>(Call::body(settings)).await {
                Ok(_) => {
                    errors.set(Default::default());
                    message.set(Some(done.into()));
                    reload.update(|n| *n += 1);
                }
                Err(e) => {
                    errors.set(e.field_errors());
                    message.set(Some(e.message()));
                }
            }
        });
    };
    let save_patterns = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save("Index patterns saved.");
    };
    let save_publishing = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save("Publishing settings saved.");
    };
    let error_of = move |prefix: &'static str| move || errors.get().into_iter().find(|(k, _)| k.starts_with(prefix)).map(|(_, v)| v);
    let set_role = move |username: String, role: TeamRole| {
        leptos::task::spawn_local(async move {
            let call = Call { params: username.clone(), query: Default::default(), body: MemberRole { role } };
            match client::call::<ops::SetTeamMember>(call).await {
                Ok(_) => message.set(Some(format!("{username} is now {}.", role.label()))),
                Err(e) => message.set(Some(e.message())),
            }
            reload.update(|n| *n += 1);
        });
    };
    let remove = move |username: String| {
        leptos::task::spawn_local(async move {
            match client::call::<ops::RemoveTeamMember>(Call::at(username.clone())).await {
                Ok(_) => message.set(Some(format!("{username} was removed from the team."))),
                Err(e) => message.set(Some(e.message())),
            }
            reload.update(|n| *n += 1);
        });
    };
    let new_member = RwSignal::new(String::new());
    let new_role = RwSignal::new(TeamRole::Editor);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let username = new_member.get_untracked().trim().to_owned();
        if username.is_empty() {
            message.set(Some("Type the user name of the person to add.".into()));
            return;
        }
        new_member.set(String::new());
        set_role(username, new_role.get_untracked());
    };
    let count = team.members.len();
    view! {
        <header class="page-header"><h1>{format!("Team {}", team.name)}</h1></header>
        <section class="panel" aria-labelledby="patterns-heading">
            <h2 id="patterns-heading">"Index patterns"</h2>
            <p class="muted">"The indices this team's monitors, previews and field lists may read: one name or prefix* pattern per line. None: whatever the server allows."</p>
            {if manages {
                view! {
                    <form on:submit=save_patterns>
                        <div class="field">
                            <label for="team-patterns">"Index patterns"</label>
                            <textarea id="team-patterns" rows="4" prop:value=move || patterns.get() on:input=move |ev| patterns.set(event_target_value(&ev))></textarea>
                            <p class="error" role="alert">{error_of("index_patterns")}</p>
                        </div>
                        <button type="submit" class="primary">"Save index patterns"</button>
                    </form>
                }.into_any()
            } else if team.index_patterns.is_empty() {
                view! { <p>"No index patterns: whatever the server allows."</p> }.into_any()
            } else {
                view! { <ul>{team.index_patterns.iter().map(|p| view! { <li><code>{p.clone()}</code></li> }).collect_view()}</ul> }.into_any()
            }}
        </section>
        <section class="panel" aria-labelledby="publishing-heading">
            <h2 id="publishing-heading">"Publishing"</h2>
            {if manages {
                view! {
                    <form on:submit=save_publishing>
                        <div class="field">
                            <label><input type="checkbox" prop:checked=move || needs_approval.get() on:change=move |ev| needs_approval.set(event_target_checked(&ev))/>
                                " Publishing needs approval"</label>
                            <p class="muted">"Editors ask for review; a publisher who is not the author approves, which publishes exactly the version reviewed."</p>
                        </div>
                        <div class="field">
                            <label for="review-webhook">"Review webhook URL"</label>
                            <input id="review-webhook" type="url" prop:value=move || webhook.get() on:input=move |ev| webhook.set(event_target_value(&ev))/>
                            <p class="muted">"Optional: new review requests are announced here as a JSON POST."</p>
                            <p class="error" role="alert">{error_of("review_webhook_url")}</p>
                        </div>
                        <button type="submit" class="primary">"Save publishing settings"</button>
                    </form>
                }.into_any()
            } else {
                view! { <p>{if team.publish_needs_approval { "Publishing needs approval by a publisher who is not the author." } else { "Publishers publish directly." }}</p> }.into_any()
            }}
        </section>
        <p>{match &team.cluster_identity {
            Some(identity) => format!("On the cluster this team acts as its own identity: {identity}."),
            None => "On the cluster this team acts as Monitor Studio's own identity.".to_owned(),
        }}</p>
        <section aria-labelledby="members-heading">
            <h2 id="members-heading">"Members"</h2>
            <table class="table">
                <caption>{format!("{count} member(s)")}</caption>
                <thead><tr><th scope="col">"Username"</th><th scope="col">"Name"</th><th scope="col">"Role"</th>{manages.then(|| view! { <th scope="col">"Actions"</th> })}</tr></thead>
                <tbody>
                    {team.members.into_iter().map(|m| {
                        let (for_role, for_remove) = (m.username.clone(), m.username.clone());
                        view! {
                            <tr>
                                <td>{m.username.clone()}</td>
                                <td>{m.display_name.clone()}</td>
                                <td>{if manages {
                                    view! {
                                        <select aria-label=format!("Role of {}", m.username)
                                            on:change=move |ev| if let Ok(role) = event_target_value(&ev).parse() { set_role(for_role.clone(), role) }>
                                            {role_options(m.role)}
                                        </select>
                                    }.into_any()
                                } else {
                                    view! { <span>{m.role.label()}</span> }.into_any()
                                }}</td>
                                {manages.then(|| view! {
                                    <td><button type="button" class="danger" aria-label=format!("Remove {}", m.username)
                                        on:click=move |_| remove(for_remove.clone())>"Remove"</button></td>
                                })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            {manages.then(|| view! {
                <form class="panel" on:submit=add>
                    <div class="field">
                        <label for="member-name">"Username"</label>
                        <input id="member-name" type="text" prop:value=move || new_member.get() on:input=move |ev| new_member.set(event_target_value(&ev))/>
                    </div>
                    <div class="field">
                        <label for="member-role">"Role"</label>
                        <select id="member-role" on:change=move |ev| if let Ok(role) = event_target_value(&ev).parse() { new_role.set(role) }>
                            {role_options(TeamRole::Editor)}
                        </select>
                    </div>
                    <button type="submit" class="primary">"Add member"</button>
                </form>
            })}
        </section>
    }
}

pub(super) fn role_options(selected: TeamRole) -> impl IntoView {
    TeamRole::VARIANTS
        .iter()
        .map(|role| {
            let value: &'static str = (*role).into();
            view! { <option value=value selected=*role == selected>{role.label()}</option> }
        })
        .collect_view()
}

