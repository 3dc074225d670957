//! `/api/v1/channels…`: thin handlers over the channel service ([`super`]). Each checks that a
//! cluster is configured first (503 otherwise), then its input and path id (422), and only
//! then asks the cluster whether the notifications plugin is there, so bad input never costs
//! a cluster round trip.

use app::api::{Channel, ChannelInput, ChannelList, ChannelTestResult};
use axum::{
    Router,
    extract::{Path, State},
    http::StatusCode,
    routing::{get, post},
};

use super::{check_same_id, notifications, validate};
use crate::{AppState, cluster::{ops::checked_id, require}, error::ApiResult, json::AppJson};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/channels", get(list_channels).post(create_channel))
        .route("/channels/{id}", get(find_channel).put(update_channel).delete(delete_channel))
        .route("/channels/{id}/test", post(test_channel))
}

async fn list_channels(State(state): State<AppState>) -> ApiResult<AppJson<ChannelList>> {
    let cluster = notifications(require(&state.cluster)?).await?;
    Ok(AppJson(super::list(cluster).await?))
}

async fn find_channel(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<AppJson<Channel>> {
    let cluster = require(&state.cluster)?;
    checked_id("id", &id)?;
    let cluster = notifications(cluster).await?;
    Ok(AppJson(super::get(cluster, &id).await?))
}

async fn create_channel(State(state): State<AppState>, AppJson(input): AppJson<ChannelInput>) -> ApiResult<(StatusCode, AppJson<Channel>)> {
    let cluster = require(&state.cluster)?;
    validate(&input)?;
    let cluster = notifications(cluster).await?;
    Ok((StatusCode::CREATED, AppJson(super::create(cluster, &input).await?)))
}

async fn update_channel(State(state): State<AppState>, Path(id): Path<String>, AppJson(input): AppJson<ChannelInput>) -> ApiResult<AppJson<Channel>> {
    let cluster = require(&state.cluster)?;
    checked_id("id", &id)?;
    validate(&input)?;
    check_same_id(&id, &input)?;
    let cluster = notifications(cluster).await?;
    Ok(AppJson(super::update(cluster, &id, &input).await?))
}

async fn delete_channel(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<StatusCode> {
    let cluster = require(&state.cluster)?;
    checked_id("id", &id)?;
    let cluster = notifications(cluster).await?;
    super::delete(cluster, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn test_channel(State(state): State<AppState>, Path(id): Path<String>) -> ApiResult<AppJson<ChannelTestResult>> {
    let cluster = require(&state.cluster)?;
    checked_id("id", &id)?;
    let cluster = notifications(cluster).await?;
    Ok(AppJson(super::test(cluster, &id).await?))
}
