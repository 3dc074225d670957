//! The channels an action can notify, chosen by name: the cluster's channels of the team,
//! loaded in the browser, offered by name in the `<datalist id="channel-list">` behind the
//! action editor's "Channel" input, which shows a channel's name and stores its id. The list
//! can be refreshed (after creating a channel on the Channels page). Without a cluster or the
//! notifications plugin the list stays empty and the input takes an id typed by hand, so a
//! failed load is not shown here (the Channels page says why).

use leptos::prelude::*;

use crate::components::browser_only::browser_only;

use crate::{
    api::{Call, Channel, ops},
    client,
    labels::channel_type_label,
};

/// The team's channels (`None` until loaded, or when they cannot be), and a way to load
/// them again. Provided by the editor.
#[derive(Clone, Copy)]
pub struct ChannelChoices {
    pub list: Signal<Option<Vec<Channel>>>,
    reload: RwSignal<u32>,
}

impl ChannelChoices {
    pub fn provide() -> ChannelChoices {
        let reload = RwSignal::new(0u32);
        let resource = LocalResource::new(move || {
            reload.track();
            client::call::<ops::ListChannels>(Call::at(()))
        });
        let loaded = browser_only(resource);
        let choices = ChannelChoices { list: Signal::derive(move || loaded.get().and_then(Result::ok).map(|l| l.channels)), reload };
        provide_context(choices);
        choices
    }

    pub fn refresh(&self) {
        self.reload.update(|n| *n = n.wrapping_add(1));
    }
}

/// What the input shows for the stored `id`: the channel's name when it is known.
pub fn name_for(channels: &[Channel], id: &str) -> String {
    channels.iter().find(|c| c.id == id).map_or_else(|| id.to_owned(), |c| c.name.clone())
}

/// What is stored for the typed `text`: the id of the channel of that name (or id), else the
/// text itself (an id typed by hand, checked when publishing).
pub fn id_for(channels: &[Channel], text: &str) -> String {
    let text = text.trim();
    channels.iter().find(|c| c.name == text).or_else(|| channels.iter().find(|c| c.id == text)).map_or_else(|| text.to_owned(), |c| c.id.clone())
}

#[component]
pub fn ChannelOptions() -> impl IntoView {
    let choices = expect_context::<ChannelChoices>();
    view! {
        <datalist id="channel-list">
            {move || choices.list.get().map(|list| {
                list.into_iter()
                    .map(|c| {
                        let label = channel_type_label(&c.config_type);
                        view! { <option value=c.name>{label}</option> }
                    })
                    .collect_view()
            })}
        </datalist>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn channel(id: &str, name: &str) -> Channel {
        serde_json::from_value(serde_json::json!({"id": id, "name": name, "type": "webhook", "enabled": true})).unwrap()
    }

    #[test]
    fn names_are_shown_and_ids_are_stored() {
        let channels = [channel("Yq3k", "On-call"), channel("p9sV", "Security team")];
        assert_eq!(name_for(&channels, "Yq3k"), "On-call");
        assert_eq!(name_for(&channels, "unknown-id"), "unknown-id");
        assert_eq!(id_for(&channels, " Security team "), "p9sV");
        assert_eq!(id_for(&channels, "Yq3k"), "Yq3k", "an id typed by hand is kept");
        assert_eq!(id_for(&[], "on-call"), "on-call", "without a list, the text is the id");
    }
}
