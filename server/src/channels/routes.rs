//! `/api/v1/channels…`: thin handlers over the channel service ([`super`]). Each checks that a
//! cluster is configured first (503 otherwise), then its input and path id (422), and only
//! then asks the cluster whether the notifications plugin is there, so bad input never costs
//! a cluster round trip. Another team's channel is "not found" (see [`Ctx::check_channel`]).

use app::api::{Call, Channel, ChannelList, ChannelTestResult, NoContent, ops};

use super::{check_same_id, notifications, validate};
use crate::{api::Ctx, cluster::ops::checked_id, error::ApiResult};

pub async fn list_channels(state: Ctx, _: Call<ops::ListChannels>) -> ApiResult<ChannelList> {
    let cluster = &state.cluster().await?;
    let cluster = notifications(cluster).await?;
    let sees = state.channel_filter().await?;
    let mut list = super::list(cluster).await?;
    let before = list.channels.len();
    list.channels.retain(|c| sees(&c.id));
    list.total -= (before - list.channels.len()) as u64;
    Ok(list)
}

pub async fn find_channel(state: Ctx, call: Call<ops::GetChannel>) -> ApiResult<Channel> {
    let cluster = &state.cluster().await?;
    checked_id("id", &call.params)?;
    state.check_channel(&call.params).await?;
    let cluster = notifications(cluster).await?;
    super::get(cluster, &call.params).await
}

pub async fn create_channel(state: Ctx, call: Call<ops::CreateChannel>) -> ApiResult<Channel> {
    let cluster = &state.cluster().await?;
    let input = validate(cluster.boundary(), &call.body).await?;
    let team = state.team()?.current.id.clone();
    let cluster = notifications(cluster).await?;
    let channel = super::create(cluster, &input).await?;
    state.teams.claim_channel(&team, &channel.id).await?;
    Ok(channel)
}

pub async fn update_channel(state: Ctx, call: Call<ops::UpdateChannel>) -> ApiResult<Channel> {
    let cluster = &state.cluster().await?;
    let (id, input) = (call.params, call.body);
    checked_id("id", &id)?;
    let input = validate(cluster.boundary(), &input).await?;
    check_same_id(&id, &input)?;
    state.check_channel(&id).await?;
    let cluster = notifications(cluster).await?;
    super::update(cluster, &id, &input).await
}

pub async fn delete_channel(state: Ctx, call: Call<ops::DeleteChannel>) -> ApiResult<NoContent> {
    let cluster = &state.cluster().await?;
    checked_id("id", &call.params)?;
    state.check_channel(&call.params).await?;
    let cluster = notifications(cluster).await?;
    super::delete(cluster, &call.params).await?;
    state.teams.forget_channel(&call.params).await?;
    Ok(NoContent)
}

pub async fn test_channel(state: Ctx, call: Call<ops::TestChannel>) -> ApiResult<ChannelTestResult> {
    let cluster = &state.cluster().await?;
    checked_id("id", &call.params)?;
    state.check_channel(&call.params).await?;
    let cluster = notifications(cluster).await?;
    super::test(cluster, &call.params).await
}
