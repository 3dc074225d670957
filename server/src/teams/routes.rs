//! `/api/v1/teams`, `/api/v1/team…` and `/api/v1/me/team`: thin handlers over
//! [`TeamService`](super::TeamService). The current team is always the caller's own (the
//! route list's permission was checked against the role there), so no handler takes a
//! team id it would have to check.

use app::api::{Call, GroupMapping, Me, NoContent, Team, TeamSummary, ops};

use crate::{
    api::Ctx,
    auth::Via,
    cluster::destinations::{check_webhook_url, mask_url},
    error::{ApiError, ApiResult},
};

/// Who is calling, with the team they act in and every team they may switch to.
pub async fn me(cx: &Ctx) -> ApiResult<Me> {
    Ok(cx.caller()?.me())
}

pub async fn list_teams(cx: Ctx, _: Call<ops::ListTeams>) -> ApiResult<Vec<TeamSummary>> {
    Ok(cx.caller()?.me().teams)
}

pub async fn create_team(cx: Ctx, call: Call<ops::CreateTeam>) -> ApiResult<TeamSummary> {
    let team = cx.teams.create(&call.body).await?;
    tracing::info!(username = %cx.caller()?.user.username, team = %team.name, "team created");
    Ok(team)
}

pub async fn switch_team(cx: Ctx, call: Call<ops::SwitchTeam>) -> ApiResult<Me> {
    let caller = cx.caller()?;
    if caller.via == Via::Token {
        return Err(ApiError::field("team", "An API token acts in the team it was made in: it does not switch teams."));
    }
    let wanted = call.body.team.trim();
    let mut me = caller.me();
    // Another team's id or name answers as an unknown one: which teams exist is not told.
    let Some(team) = me.teams.iter().find(|t| t.id == wanted || t.name == wanted) else {
        return Err(ApiError::field("team", format!("You are not in a team {wanted:?}.")));
    };
    match caller.session.as_deref() {
        Some(session) => cx.identity.set_session_team(session, &team.id).await?,
        // Signed in by the proxy on every request: the person's account remembers the team.
        None => cx.identity.set_user_team(&caller.user.id, &team.id).await?,
    }
    me.team = cx.teams.current(&caller.user.id, caller.user.is_admin, Some(&team.id)).await?.map(|t| t.current);
    Ok(me)
}

pub async fn get_team(cx: Ctx, _: Call<ops::GetTeam>) -> ApiResult<Team> {
    Ok(masked(cx.teams.get(&cx.team()?.current.id).await?))
}

/// A team as answers show it: secrets in its webhook URL masked.
fn masked(mut team: Team) -> Team {
    team.review_webhook_url = team.review_webhook_url.as_deref().map(mask_url);
    team
}

/// The webhook URL to store: the stored one when the masked form came back, else the
/// given one as the channel boundary allows it (no loopback, private or internal hosts).
async fn webhook_to_store(cx: &Ctx, team_id: &str, given: Option<&str>) -> ApiResult<Option<String>> {
    let Some(given) = given.map(str::trim).filter(|u| !u.is_empty()) else { return Ok(None) };
    let stored = cx.teams.get(team_id).await?.review_webhook_url;
    if let Some(stored) = stored.filter(|s| mask_url(s) == given) {
        return Ok(Some(stored));
    }
    check_webhook_url(cx.cluster.as_ref(), given).await.map(Some).map_err(|message| ApiError::field("review_webhook_url", message))
}

pub async fn update_team(cx: Ctx, call: Call<ops::UpdateTeam>) -> ApiResult<Team> {
    // The patterns must themselves be within the server's allow-list.
    if let Some(cluster) = &cx.cluster {
        for (i, pattern) in call.body.index_patterns.iter().enumerate() {
            cluster.boundary().check_index(pattern.trim()).map_err(|message| ApiError::field(format!("index_patterns[{i}]"), message))?;
        }
    }
    let team_id = &cx.team()?.current.id;
    let settings = &call.body;
    let webhook = webhook_to_store(&cx, team_id, settings.review_webhook_url.as_deref()).await?;
    let team = cx.teams.set_settings(team_id, &settings.index_patterns, settings.publish_needs_approval, webhook.as_deref()).await?;
    tracing::info!(username = %cx.caller()?.user.username, team = %team.name, patterns = ?team.index_patterns, approval = team.publish_needs_approval, "team settings changed");
    Ok(masked(team))
}

pub async fn set_team_member(cx: Ctx, call: Call<ops::SetTeamMember>) -> ApiResult<Team> {
    let team_id = &cx.team()?.current.id;
    let user = member_user(&cx, &call.params).await?;
    cx.teams.set_member(team_id, &user, call.body.role).await?;
    tracing::info!(by = %cx.caller()?.user.username, member = %call.params, role = <&str>::from(call.body.role), "team member set");
    Ok(masked(cx.teams.get(team_id).await?))
}

pub async fn remove_team_member(cx: Ctx, call: Call<ops::RemoveTeamMember>) -> ApiResult<NoContent> {
    let team_id = &cx.team()?.current.id;
    let user = member_user(&cx, &call.params).await?;
    cx.teams.remove_member(team_id, &user).await?;
    tracing::info!(by = %cx.caller()?.user.username, member = %call.params, "team member removed");
    Ok(NoContent)
}

/// The id of the account named `username`, or a 404 naming the field.
async fn member_user(cx: &Ctx, username: &str) -> ApiResult<String> {
    match cx.identity.user_named(Some(username)).await? {
        Some(user) => Ok(user.id),
        None => Err(ApiError::NotFound(format!("No account named {username:?}."))),
    }
}

pub async fn list_group_mappings(cx: Ctx, _: Call<ops::ListGroupMappings>) -> ApiResult<Vec<GroupMapping>> {
    cx.teams.group_mappings().await
}

pub async fn set_group_mappings(cx: Ctx, call: Call<ops::SetGroupMappings>) -> ApiResult<Vec<GroupMapping>> {
    let mappings = cx.teams.set_group_mappings(&call.body.mappings).await?;
    tracing::info!(by = %cx.caller()?.user.username, count = mappings.len(), "group mappings replaced");
    Ok(mappings)
}

pub async fn set_team_cluster_identity(cx: Ctx, call: Call<ops::SetTeamClusterIdentity>) -> ApiResult<Team> {
    let cluster = crate::cluster::require(&cx.cluster)?;
    let team_id = &call.params;
    cx.teams.get(team_id).await?;
    let given = |v: &Option<String>| v.as_deref().filter(|v| !v.is_empty()).map(str::to_owned);
    let body = &call.body;
    let (username, secret) = match (given(&body.username), given(&body.password), given(&body.api_key)) {
        (Some(user), Some(password), None) => (Some(user), password),
        (None, None, Some(key)) => (None, key),
        (Some(_), None, None) => return Err(ApiError::field("password", "Give the cluster user's password.")),
        (None, Some(_), None) => return Err(ApiError::field("username", "Give the cluster user the password is for.")),
        (_, _, Some(_)) => return Err(ApiError::field("api_key", "Give a user and password, or an API key, not both.")),
        (None, None, None) => return Err(ApiError::field("username", "Give a cluster user and password, or an API key.")),
    };
    for (field, value) in [("username", username.as_deref().unwrap_or_default()), (if username.is_some() { "password" } else { "api_key" }, secret.as_str())] {
        if value.len() > 1024 || value.chars().any(char::is_control) || (field == "username" && value.contains(':')) {
            return Err(ApiError::field(field, "At most 1024 characters, without control characters (and no ':' in a user name)."));
        }
    }
    // The cluster must accept them before they are kept: a typo is a field error now, not a
    // failed publish later.
    let credentials = match &username {
        Some(username) => crate::cluster::transport::Credentials::Basic { username, password: &secret },
        None => crate::cluster::transport::Credentials::ApiKey(&secret),
    };
    let header = credentials.header().map_err(|e| ApiError::field(if username.is_some() { "password" } else { "api_key" }, e.to_string()))?;
    if let Err(e) = cluster.acting_as(header).check_credentials().await {
        let field = if username.is_some() { "password" } else { "api_key" };
        return Err(ApiError::field(field, format!("The cluster did not accept these credentials: {e}")));
    }
    cx.teams.set_cluster_identity(team_id, username.as_deref(), &secret, &cx.secrets).await?;
    tracing::info!(by = %cx.caller()?.user.username, team = %team_id, cluster_user = ?username, "team cluster identity set");
    Ok(masked(cx.teams.get(team_id).await?))
}

pub async fn remove_team_cluster_identity(cx: Ctx, call: Call<ops::RemoveTeamClusterIdentity>) -> ApiResult<NoContent> {
    cx.teams.remove_cluster_identity(&call.params).await?;
    tracing::info!(by = %cx.caller()?.user.username, team = %call.params, "team cluster identity removed");
    Ok(NoContent)
}
