//! The `<datalist id="channel-list">` behind the action editor's "Channel" input: the
//! cluster's channels, loaded in the browser, offered by id with their name and type. Without
//! a cluster or the notifications plugin the list stays empty and the input still takes an
//! id typed by hand, so a failed load is not shown here (the Channels page says why).

use leptos::prelude::*;

use crate::components::browser_only::browser_only;

use crate::{
    api::{Call, ops},
    client,
    labels::channel_type_label,
};

#[component]
pub fn ChannelOptions() -> impl IntoView {
    let channels = browser_only(LocalResource::new(|| client::call::<ops::ListChannels>(Call::at(()))));
    view! {
        <datalist id="channel-list">
            {move || channels.get().and_then(Result::ok).map(|list| {
                list.channels
                    .into_iter()
                    .map(|c| {
                        let label = format!("{} ({})", c.name, channel_type_label(&c.config_type));
                        view! { <option value=c.id>{label}</option> }
                    })
                    .collect_view()
            })}
        </datalist>
    }
}
