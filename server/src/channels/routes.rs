//! `/api/v1/channels…`: thin handlers over the channel service ([`super`]). Each checks that a
//! cluster is configured first (503 otherwise), then its input and path id (422), and only
//! then asks the cluster whether the notifications plugin is there, so bad input never costs
//! a cluster round trip.

use app::api::{Call, Channel, ChannelList, ChannelTestResult, NoContent, ops};

use super::{check_same_id, notifications, validate};
use crate::{api::Ctx, cluster::{ops::checked_id, require}, error::ApiResult};

pub async fn list_channels(state: Ctx, _: Call<ops::ListChannels>) -> ApiResult<ChannelList> {
    let cluster = notifications(require(&state.cluster)?).await?;
    super::list(cluster).await
}

pub async fn find_channel(state: Ctx, call: Call<ops::GetChannel>) -> ApiResult<Channel> {
    let cluster = require(&state.cluster)?;
    checked_id("id", &call.params)?;
    let cluster = notifications(cluster).await?;
    super::get(cluster, &call.params).await
}

pub async fn create_channel(state: Ctx, call: Call<ops::CreateChannel>) -> ApiResult<Channel> {
    let cluster = require(&state.cluster)?;
    let input = validate(cluster.boundary(), &call.body).await?;
    let cluster = notifications(cluster).await?;
    super::create(cluster, &input).await
}

pub async fn update_channel(state: Ctx, call: Call<ops::UpdateChannel>) -> ApiResult<Channel> {
    let cluster = require(&state.cluster)?;
    let (id, input) = (call.params, call.body);
    checked_id("id", &id)?;
    let input = validate(cluster.boundary(), &input).await?;
    check_same_id(&id, &input)?;
    let cluster = notifications(cluster).await?;
    super::update(cluster, &id, &input).await
}

pub async fn delete_channel(state: Ctx, call: Call<ops::DeleteChannel>) -> ApiResult<NoContent> {
    let cluster = require(&state.cluster)?;
    checked_id("id", &call.params)?;
    let cluster = notifications(cluster).await?;
    super::delete(cluster, &call.params).await?;
    Ok(NoContent)
}

pub async fn test_channel(state: Ctx, call: Call<ops::TestChannel>) -> ApiResult<ChannelTestResult> {
    let cluster = require(&state.cluster)?;
    checked_id("id", &call.params)?;
    let cluster = notifications(cluster).await?;
    super::test(cluster, &call.params).await
}
