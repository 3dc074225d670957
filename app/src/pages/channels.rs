//! The Channels page: the cluster's notification channels (the notifications plugin's
//! configs), listed, created, edited, tested and deleted through `/api/v1/channels`. Monitor
//! actions name a channel by its id, so this is where those ids come from.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::{
    api::{Call, Channel, ChannelInput, ChannelType, WebhookMethod, ops},
    client,
    labels::{channel_type_label, channel_url_label},
    components::{
        field::{Field, field_id},
        modal::ConfirmDialog,
    },
};

/// What a new custom webhook sends unless told otherwise (as in the Dashboards).
const DEFAULT_HEADERS: &str = "Content-Type: application/json";

#[component]
pub fn ChannelsPage() -> impl IntoView {
    let status = Resource::new(|| (), |_| client::call::<ops::GetCluster>(Call::at(())));
    view! {
        <div class="page">
            <header class="page-header"><h1>"Channels"</h1></header>
            <p class="muted">"Channels are where monitor actions send their messages. The cluster keeps them (notifications plugin); an action names its channel by the channel's id."</p>
            <Transition fallback=|| view! { <p class="loading" role="status">"Checking the cluster…"</p> }>
                {move || status.get().map(|result| match result {
                    Err(e) => view! { <div class="callout error" role="alert">{e.message()}</div> }.into_any(),
                    Ok(s) if !s.configured => view! {
                        <div class="callout warning" role="status">"No cluster is configured, so there are no channels to manage. Set MONITOR_STUDIO_CLUSTER_URL and restart Monitor Studio; drafts work without a cluster."</div>
                    }.into_any(),
                    Ok(s) if !s.reachable => view! {
                        <div class="callout error" role="alert">{format!("The cluster does not answer, so channels cannot be shown: {}", s.error.unwrap_or_default())}</div>
                    }.into_any(),
                    Ok(s) if !s.has_notifications => view! {
                        <div class="callout warning" role="status">"The notifications plugin is not installed on this cluster: channels cannot be listed, created or tested. An action can still name a destination id typed by hand."</div>
                    }.into_any(),
                    Ok(_) => view! { <ChannelManager/> }.into_any(),
                })}
            </Transition>
        </div>
    }
}

/// Saves and deletes the server has confirmed. The list is a search on the cluster and shows
/// a change only once its index refreshes (about a second later), so these are laid over it.
#[derive(Clone, Debug, Default)]
struct Confirmed {
    saved: Vec<Channel>,
    deleted: Vec<String>,
}

impl Confirmed {
    fn save(&mut self, channel: Channel) {
        self.deleted.retain(|id| *id != channel.id);
        self.saved.retain(|c| c.id != channel.id);
        self.saved.push(channel);
    }

    fn delete(&mut self, id: &str) {
        self.saved.retain(|c| c.id != id);
        self.deleted.push(id.to_owned());
    }

    /// The listed channels with the confirmed changes applied, sorted by name like the list.
    fn apply(&self, mut channels: Vec<Channel>) -> Vec<Channel> {
        channels.retain(|c| !self.deleted.contains(&c.id));
        for saved in &self.saved {
            match channels.iter_mut().find(|c| c.id == saved.id) {
                Some(listed) => *listed = saved.clone(),
                None => channels.push(saved.clone()),
            }
        }
        channels.sort_by(|a, b| a.name.cmp(&b.name));
        channels
    }
}

#[component]
fn ChannelManager() -> impl IntoView {
    let reload = RwSignal::new(0u32);
    let confirmed = RwSignal::new(Confirmed::default());
    let message = RwSignal::new(None::<String>);
    let editing = RwSignal::new(None::<Channel>);
    let to_delete = RwSignal::new(None::<Channel>);
    let list = Resource::new(move || reload.get(), |_| client::call::<ops::ListChannels>(Call::at(())));
    let on_saved = Callback::new(move |(channel, created): (Channel, bool)| {
        message.set(Some(format!("Channel \u{201c}{}\u{201d} {}.", channel.name, if created { "created" } else { "saved" })));
        confirmed.update(|c| c.save(channel));
        editing.set(None);
        reload.update(|n| *n += 1);
    });
    let confirm_delete = Callback::new(move |_| {
        let Some(channel) = to_delete.get_untracked() else { return };
        leptos::task::spawn_local(async move {
            match client::call::<ops::DeleteChannel>(Call::at(channel.id.clone())).await {
                Ok(_) => {
                    message.set(Some(format!("Channel \u{201c}{}\u{201d} deleted.", channel.name)));
                    confirmed.update(|c| c.delete(&channel.id));
                    if editing.get_untracked().is_some_and(|e| e.id == channel.id) {
                        editing.set(None);
                    }
                }
                Err(e) => message.set(Some(e.message())),
            }
            to_delete.set(None);
            reload.update(|n| *n += 1);
        });
    });
    view! {
        <p class="status-line" role="status" aria-live="polite">{move || message.get()}</p>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading channels…"</p> }>
            {move || list.get().map(|result| match result {
                Err(e) => view! { <div class="callout error" role="alert">{e.message()}</div> }.into_any(),
                Ok(list) => {
                    let channels = confirmed.with(|c| c.apply(list.channels));
                    if channels.is_empty() {
                        view! { <p class="empty">"No channels yet. Create one below."</p> }.into_any()
                    } else {
                        view! { <ChannelTable channels editing to_delete/> }.into_any()
                    }
                }
            })}
        </Transition>
        <ChannelForm editing on_saved/>
        {move || to_delete.get().map(|c| view! {
            <ConfirmDialog title=format!("Delete channel \u{201c}{}\u{201d}?", c.name)
                body="Monitors whose actions name this channel will fail to send their messages. This cannot be undone."
                confirm_label="Delete channel" on_confirm=confirm_delete on_cancel=Callback::new(move |_| to_delete.set(None))/>
        })}
    }
}

#[component]
fn ChannelTable(channels: Vec<Channel>, editing: RwSignal<Option<Channel>>, to_delete: RwSignal<Option<Channel>>) -> impl IntoView {
    let count = channels.len();
    view! {
        <table class="table">
            <caption>{format!("{count} channel(s)")}</caption>
            <thead><tr>
                <th scope="col">"Name"</th><th scope="col">"Type"</th><th scope="col">"Description / URL"</th>
                <th scope="col">"Enabled"</th><th scope="col">"Actions"</th>
            </tr></thead>
            <tbody>
                {channels.into_iter().map(|channel| view! { <ChannelRow channel editing to_delete/> }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn ChannelRow(channel: Channel, editing: RwSignal<Option<Channel>>, to_delete: RwSignal<Option<Channel>>) -> impl IntoView {
    let outcome = RwSignal::new(None::<Result<String, String>>);
    let sending = RwSignal::new(false);
    let send_test = {
        let (id, name) = (channel.id.clone(), channel.name.clone());
        move |_| {
            let (id, name) = (id.clone(), name.clone());
            sending.set(true);
            outcome.set(None);
            leptos::task::spawn_local(async move {
                let result = client::call::<ops::TestChannel>(Call::at(id)).await;
                outcome.set(Some(match result {
                    Ok(r) => Ok(format!("Test message sent to \u{201c}{name}\u{201d}; the receiver answered {} {}", r.status_code, r.status_text).trim_end().to_owned()),
                    Err(e) => Err(e.message()),
                }));
                sending.set(false);
            });
        }
    };
    // Email and SNS channels are listed for the action picker but managed in the Dashboards.
    let editable = ChannelType::parse(&channel.config_type).is_some();
    let name = channel.name.clone();
    let for_edit = channel.clone();
    let for_delete = channel.clone();
    view! {
        <tr>
            <td>{channel.name.clone()}<br/><code class="muted">{channel.id.clone()}</code></td>
            <td>{channel_type_label(&channel.config_type).to_owned()}</td>
            <td>
                {(!channel.description.is_empty()).then(|| view! { <p>{channel.description.clone()}</p> })}
                {channel.url.clone().map(|url| view! { <code>{url}</code> })}
            </td>
            <td>{if channel.enabled { "Yes" } else { "No (muted)" }}</td>
            <td>
                <div class="row-buttons">
                    {editable.then(|| view! {
                        <button type="button" aria-label=format!("Edit {name}") on:click=move |_| editing.set(Some(for_edit.clone()))>"Edit"</button>
                    })}
                    <button type="button" aria-label=format!("Send test message to {}", channel.name) disabled=move || sending.get() on:click=send_test>
                        {move || if sending.get() { "Sending…" } else { "Send test message" }}
                    </button>
                    <button type="button" class="danger" aria-label=format!("Delete {}", channel.name) on:click=move |_| to_delete.set(Some(for_delete.clone()))>"Delete"</button>
                </div>
                <p role="status" aria-live="polite">
                    {move || outcome.get().map(|r| match r {
                        Ok(text) => view! { <span class="save-status">{text}</span> }.into_any(),
                        Err(text) => view! { <span class="error">{text}</span> }.into_any(),
                    })}
                </p>
            </td>
        </tr>
    }
}

/// Create (no channel being edited) or edit form. Field errors come from the server's 422.
#[component]
fn ChannelForm(editing: RwSignal<Option<Channel>>, on_saved: Callback<(Channel, bool)>) -> impl IntoView {
    let id = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let config_type = RwSignal::new(ChannelType::Webhook);
    let enabled = RwSignal::new(true);
    let url = RwSignal::new(String::new());
    let method = RwSignal::new(WebhookMethod::Post);
    let headers = RwSignal::new(DEFAULT_HEADERS.to_owned());
    let errors = RwSignal::new(BTreeMap::<String, String>::new());
    let form_error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);

    let fill = move |channel: Option<Channel>| {
        let c = channel.unwrap_or_default();
        let editing_existing = !c.id.is_empty();
        id.set(c.id);
        name.set(c.name);
        description.set(c.description);
        config_type.set(ChannelType::parse(&c.config_type).unwrap_or_default());
        enabled.set(c.enabled || !editing_existing);
        url.set(c.url.unwrap_or_default());
        method.set(WebhookMethod::ALL.iter().copied().find(|m| c.method.as_deref() == Some(m.as_str())).unwrap_or_default());
        headers.set(if editing_existing { format_headers(&c.header_params) } else { DEFAULT_HEADERS.to_owned() });
        errors.set(BTreeMap::new());
        form_error.set(None);
    };
    Effect::new(move |_| fill(editing.get()));

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let header_params = match parse_headers(&headers.get_untracked()) {
            Ok(h) => h,
            Err(message) => {
                errors.set(BTreeMap::from([("header_params".to_owned(), message)]));
                return;
            }
        };
        let existing = editing.get_untracked().map(|c| c.id);
        let kind = config_type.get_untracked();
        let input = ChannelInput {
            id: if existing.is_some() { None } else { Some(id.get_untracked().trim().to_owned()).filter(|s| !s.is_empty()) },
            name: name.get_untracked(),
            description: description.get_untracked(),
            config_type: kind,
            enabled: enabled.get_untracked(),
            url: url.get_untracked(),
            method: method.get_untracked(),
            header_params: if kind == ChannelType::Webhook { header_params } else { BTreeMap::new() },
        };
        saving.set(true);
        leptos::task::spawn_local(async move {
            let result = match &existing {
                Some(id) => client::call::<ops::UpdateChannel>(Call { params: id.clone(), query: Default::default(), body: input }).await,
                None => client::call::<ops::CreateChannel>(Call::body(input)).await,
            };
            saving.set(false);
            match result {
                Ok(channel) => {
                    fill(None);
                    on_saved.run((channel, existing.is_none()));
                }
                Err(e) => {
                    errors.set(e.field_errors());
                    form_error.set(Some(e.message()));
                }
            }
        });
    };

    // `header_params` also gathers the per-header errors (`header_params.X-Token`).
    let error_for = move |key: &'static str| Signal::derive(move || errors.with(|e| e.iter().find(|(k, _)| k.starts_with(key)).map(|(_, v)| v.clone())));
    let (name_error, url_error, id_error) = (error_for("name"), error_for("url"), error_for("id"));
    let is_editing = move || editing.with(Option::is_some);
    let described = |path: &str| format!("{0}-help {0}-error", field_id(path));
    view! {
        <section class="panel" aria-labelledby="channel-form-title">
            <h2 id="channel-form-title">{move || editing.with(|e| match e {
                Some(c) => format!("Edit channel \u{201c}{}\u{201d}", c.name),
                None => "Create channel".to_owned(),
            })}</h2>
            <form on:submit=submit novalidate=true>
                <Field label="Name" path="channel.name" error=name_error>
                    <input type="text" id=field_id("channel.name") aria-describedby=described("channel.name")
                        aria-invalid=move || name_error.get().is_some().to_string()
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                </Field>
                <Field label="Description" path="channel.description" error=error_for("description")>
                    <input type="text" id=field_id("channel.description") aria-describedby=described("channel.description")
                        prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev))/>
                </Field>
                <Field label="Channel type" path="channel.config_type" error=error_for("config_type")
                    help=Some("A channel's type cannot be changed after it is created.".to_owned())>
                    <select id=field_id("channel.config_type") aria-describedby=described("channel.config_type") disabled=is_editing
                        on:change=move |ev| config_type.set(ChannelType::parse(&event_target_value(&ev)).unwrap_or_default())>
                        {ChannelType::ALL.iter().copied().map(|t| view! {
                            <option value=t.as_str() selected=move || config_type.get() == t>{channel_type_label(t.as_str()).to_owned()}</option>
                        }).collect_view()}
                    </select>
                </Field>
                {move || {
                    let label = channel_url_label(config_type.get());
                    view! {
                        <Field label=label path="channel.url" error=url_error>
                            <input type="url" id=field_id("channel.url") aria-describedby=described("channel.url") placeholder="https://"
                                aria-invalid=move || url_error.get().is_some().to_string()
                                prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev))/>
                        </Field>
                    }
                }}
                {move || (config_type.get() == ChannelType::Webhook).then(|| view! {
                    <Field label="Method" path="channel.method" error=error_for("method")>
                        <select id=field_id("channel.method") aria-describedby=described("channel.method")
                            on:change=move |ev| method.set(WebhookMethod::ALL.iter().copied().find(|m| m.as_str() == event_target_value(&ev)).unwrap_or_default())>
                            {WebhookMethod::ALL.iter().copied().map(|m| view! {
                                <option value=m.as_str() selected=move || method.get() == m>{m.as_str()}</option>
                            }).collect_view()}
                        </select>
                    </Field>
                    <Field label="Headers" path="channel.header_params" error=error_for("header_params")
                        help=Some("One header per line, as Name: value.".to_owned())>
                        <textarea id=field_id("channel.header_params") rows=3 spellcheck="false" aria-describedby=described("channel.header_params")
                            prop:value=move || headers.get() on:input=move |ev| headers.set(event_target_value(&ev))></textarea>
                    </Field>
                })}
                {move || if is_editing() {
                    view! { <p class="muted">"Channel ID: "<code>{move || id.get()}</code></p> }.into_any()
                } else {
                    view! {
                        <Field label="Channel ID (optional)" path="channel.id" error=id_error
                            help=Some("Letters, digits, - and _. Leave empty and the cluster picks one.".to_owned())>
                            <input type="text" id=field_id("channel.id") aria-describedby=described("channel.id")
                                aria-invalid=move || id_error.get().is_some().to_string()
                                prop:value=move || id.get() on:input=move |ev| id.set(event_target_value(&ev))/>
                        </Field>
                    }.into_any()
                }}
                <div class="field checkbox">
                    <input type="checkbox" id="f-channel-enabled" prop:checked=move || enabled.get() on:change=move |ev| enabled.set(event_target_checked(&ev))/>
                    <label for="f-channel-enabled">"Enabled (a muted channel sends nothing)"</label>
                </div>
                <p class="error" role="alert">{move || form_error.get()}</p>
                <div class="row-buttons">
                    <button type="submit" class="primary" disabled=move || saving.get()>
                        {move || match (saving.get(), is_editing()) {
                            (true, _) => "Saving…",
                            (false, true) => "Save channel",
                            (false, false) => "Create channel",
                        }}
                    </button>
                    {move || is_editing().then(|| view! { <button type="button" on:click=move |_| editing.set(None)>"Cancel editing"</button> })}
                </div>
            </form>
        </section>
    }
}

/// `Name: value` lines to a header map; blank lines are skipped.
fn parse_headers(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut headers = BTreeMap::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        match line.split_once(':') {
            Some((name, value)) if !name.trim().is_empty() => {
                headers.insert(name.trim().to_owned(), value.trim().to_owned());
            }
            _ => return Err(format!("Line {}: write each header as Name: value.", n + 1)),
        }
    }
    Ok(headers)
}

fn format_headers(headers: &BTreeMap<String, String>) -> String {
    headers.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn channel(id: &str, name: &str) -> Channel {
        Channel { id: id.into(), name: name.into(), config_type: "slack".into(), enabled: true, ..Default::default() }
    }

    #[test]
    fn headers_round_trip_and_bad_lines_are_named() {
        let parsed = parse_headers("Content-Type: application/json\n\n X-Token : a:b ").unwrap();
        assert_eq!(parsed, BTreeMap::from([("Content-Type".into(), "application/json".into()), ("X-Token".into(), "a:b".into())]));
        assert_eq!(parse_headers(&format_headers(&parsed)).unwrap(), parsed);
        assert_eq!(parse_headers("A: 1\nno colon").unwrap_err(), "Line 2: write each header as Name: value.");
        assert!(parse_headers(": value").is_err());
    }

    #[test]
    fn confirmed_changes_are_laid_over_a_stale_list() {
        let mut confirmed = Confirmed::default();
        confirmed.save(channel("new", "Alpha"));
        confirmed.save(channel("b", "Bravo (renamed)"));
        confirmed.delete("c");
        let listed = vec![channel("b", "Bravo"), channel("c", "Charlie"), channel("d", "Delta")];
        let shown: Vec<(String, String)> = confirmed.apply(listed).into_iter().map(|c| (c.id, c.name)).collect();
        assert_eq!(shown, [("new".into(), "Alpha".into()), ("b".into(), "Bravo (renamed)".into()), ("d".into(), "Delta".into())]);
        confirmed.save(channel("c", "Charlie again"));
        assert!(confirmed.apply(vec![]).iter().any(|c| c.id == "c"));
    }
}
