//! The teams service: it alone owns the `teams`, `team_members` and `channel_owners`
//! tables. Which team a request acts in, with which role, is decided here (for
//! [`crate::auth`]); so are memberships, a team's index patterns (its data boundary in the
//! portal) and which team owns each notification channel.

mod groups;
mod identity;
pub mod routes;
pub mod templates;

use std::collections::HashMap;

use app::api::{CurrentTeam, NewTeam, Team, TeamMember, TeamRole, TeamSummary};
use sqlx::SqlitePool;

use crate::{
    db::now,
    error::{ApiError, ApiResult},
};

/// The team a request acts in, as the server keeps it: what [`CurrentTeam`] says, and the
/// team's index patterns for the cluster boundary.
#[derive(Clone, Debug, PartialEq)]
pub struct TeamContext {
    pub current: CurrentTeam,
    pub index_patterns: Vec<String>,
    /// Every team the caller may act in (for the top bar's switch).
    pub teams: Vec<TeamSummary>,
}

#[derive(Clone)]
pub struct TeamService {
    db: SqlitePool,
}

/// A team name: what lists show and people type.
fn check_name(name: &str) -> ApiResult<&str> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
        return Err(ApiError::field("name", "Must be 1 to 64 characters, without control characters."));
    }
    Ok(name)
}

/// Index patterns as a team may hold them: at most 50, each a name or `prefix*`, checked
/// for shape here and against the server's allow-list by the cluster boundary.
pub fn check_patterns(patterns: &[String]) -> ApiResult<Vec<String>> {
    if patterns.len() > 50 {
        return Err(ApiError::field("index_patterns", "At most 50 index patterns."));
    }
    let mut out = Vec::new();
    for (i, p) in patterns.iter().enumerate() {
        let p = p.trim();
        let field = format!("index_patterns[{i}]");
        let body = p.strip_suffix('*').unwrap_or(p);
        if body.is_empty() || p.len() > 255 || body.contains(['*', '?', ',', ':']) || body.starts_with(['.', '_', '-', '+'])
            || !body.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.' | '+'))
        {
            return Err(ApiError::field(field, format!("{p:?} is not an index name or a `prefix*` pattern (lower case; no leading '.', '_', '-' or '+').")));
        }
        if !out.iter().any(|o: &String| o == p) {
            out.push(p.to_owned());
        }
    }
    Ok(out)
}

fn role_of(text: &str) -> ApiResult<TeamRole> {
    text.parse().map_err(|_| ApiError::internal(format!("unknown team role {text:?} in the database")))
}

fn role_name(role: TeamRole) -> &'static str {
    role.into()
}

fn patterns_of(json: &str) -> ApiResult<Vec<String>> {
    serde_json::from_str(json).map_err(ApiError::internal)
}

impl TeamService {
    pub fn new(db: SqlitePool) -> Self {
        TeamService { db }
    }

    /// The team `user_id` acts in: `preferred` when they may act in it, else their first
    /// team by name; an administrator may act in any team, as its team admin.
    pub async fn current(&self, user_id: &str, is_admin: bool, preferred: Option<&str>) -> ApiResult<Option<TeamContext>> {
        let rows: Vec<(String, String, String, Option<String>, bool)> = sqlx::query_as(
            "SELECT t.id, t.name, t.index_patterns, m.role, t.publish_needs_approval FROM teams t \
             LEFT JOIN team_members m ON m.team_id = t.id AND m.user_id = ? \
             WHERE m.user_id IS NOT NULL OR ? ORDER BY t.name, t.id",
        )
        .bind(user_id)
        .bind(is_admin)
        .fetch_all(&self.db)
        .await?;
        let pick = preferred
            .and_then(|p| rows.iter().find(|r| r.0 == p))
            .or_else(|| rows.iter().find(|r| r.3.is_some()))
            .or_else(|| rows.first());
        let Some((id, name, patterns, role, publish_needs_approval)) = pick else { return Ok(None) };
        let role = match (role, is_admin) {
            (_, true) => TeamRole::TeamAdmin,
            (Some(role), false) => role_of(role)?,
            (None, false) => return Ok(None),
        };
        let teams = rows
            .iter()
            .map(|(id, name, _, role, _)| Ok(TeamSummary { id: id.clone(), name: name.clone(), role: role.as_deref().map(role_of).transpose()? }))
            .collect::<ApiResult<_>>()?;
        Ok(Some(TeamContext { current: CurrentTeam { id: id.clone(), name: name.clone(), role, publish_needs_approval: *publish_needs_approval }, index_patterns: patterns_of(patterns)?, teams }))
    }

    /// Team `id` as the only team of a caller with `role` (an embed link's); `None` when there
    /// is no such team.
    pub async fn context_as(&self, id: &str, role: TeamRole) -> ApiResult<Option<TeamContext>> {
        let row: Option<(String, String, bool)> =
            sqlx::query_as("SELECT name, index_patterns, publish_needs_approval FROM teams WHERE id = ?").bind(id).fetch_optional(&self.db).await?;
        let Some((name, patterns, publish_needs_approval)) = row else { return Ok(None) };
        let teams = vec![TeamSummary { id: id.to_owned(), name: name.clone(), role: Some(role) }];
        Ok(Some(TeamContext { current: CurrentTeam { id: id.to_owned(), name, role, publish_needs_approval }, index_patterns: patterns_of(&patterns)?, teams }))
    }

    /// Every team's id.
    pub async fn ids(&self) -> ApiResult<Vec<String>> {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT id FROM teams ORDER BY id").fetch_all(&self.db).await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    pub async fn create(&self, request: &NewTeam) -> ApiResult<TeamSummary> {
        let name = check_name(&request.name)?;
        let patterns = check_patterns(&request.index_patterns)?;
        let id = uuid::Uuid::new_v4().simple().to_string();
        let done = sqlx::query("INSERT INTO teams (id, name, index_patterns, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING")
            .bind(&id)
            .bind(name)
            .bind(serde_json::to_string(&patterns).map_err(ApiError::internal)?)
            .bind(now())
            .execute(&self.db)
            .await?;
        if done.rows_affected() == 0 {
            return Err(ApiError::Conflict { message: format!("A team named {name:?} exists already."), errors: [("name".to_owned(), "Taken.".to_owned())].into() });
        }
        Ok(TeamSummary { id, name: name.to_owned(), role: None })
    }

    /// A team with its members (names from the accounts, by the id the membership keeps).
    pub async fn get(&self, team_id: &str) -> ApiResult<Team> {
        let (name, patterns, publish_needs_approval, review_webhook_url, cluster_username, has_secret): (String, String, bool, Option<String>, Option<String>, bool) =
            sqlx::query_as("SELECT name, index_patterns, publish_needs_approval, review_webhook_url, cluster_username, cluster_secret IS NOT NULL FROM teams WHERE id = ?")
            .bind(team_id)
            .fetch_optional(&self.db)
            .await?
            .ok_or_else(|| ApiError::not_found("No such team."))?;
        let members: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT u.username, u.display_name, m.role FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = ? ORDER BY u.username",
        )
        .bind(team_id)
        .fetch_all(&self.db)
        .await?;
        let members = members.into_iter().map(|(username, display_name, role)| Ok(TeamMember { username, display_name, role: role_of(&role)? })).collect::<ApiResult<_>>()?;
        let cluster_identity = has_secret.then(|| match cluster_username {
            Some(user) => format!("basic auth as {user}"),
            None => "an API key".to_owned(),
        });
        Ok(Team { id: team_id.to_owned(), name, index_patterns: patterns_of(&patterns)?, members, publish_needs_approval, review_webhook_url, cluster_identity })
    }

    /// Where the team announces new review requests, if anywhere.
    pub async fn review_webhook(&self, team_id: &str) -> ApiResult<Option<String>> {
        Ok(sqlx::query_scalar::<_, Option<String>>("SELECT review_webhook_url FROM teams WHERE id = ?").bind(team_id).fetch_optional(&self.db).await?.flatten())
    }

    /// Replaces the team's settings. `webhook` was checked by the caller (a URL the
    /// boundary allows) or is `None` to remove it.
    pub async fn set_settings(&self, team_id: &str, patterns: &[String], publish_needs_approval: bool, webhook: Option<&str>) -> ApiResult<Team> {
        let patterns = check_patterns(patterns)?;
        sqlx::query("UPDATE teams SET index_patterns = ?, publish_needs_approval = ?, review_webhook_url = ? WHERE id = ?")
            .bind(serde_json::to_string(&patterns).map_err(ApiError::internal)?)
            .bind(publish_needs_approval)
            .bind(webhook)
            .bind(team_id)
            .execute(&self.db)
            .await?;
        self.get(team_id).await
    }

    /// Adds `user_id` to the team or changes their role. The last team admin cannot step down.
    pub async fn set_member(&self, team_id: &str, user_id: &str, role: TeamRole) -> ApiResult<()> {
        let mut tx = self.db.begin().await?;
        let before = admins(&mut tx, team_id).await?;
        sqlx::query("INSERT INTO team_members (team_id, user_id, role, added_at) VALUES (?, ?, ?, ?) ON CONFLICT (team_id, user_id) DO UPDATE SET role = excluded.role, source = 'manual'")
            .bind(team_id)
            .bind(user_id)
            .bind(role_name(role))
            .bind(now())
            .execute(&mut *tx)
            .await?;
        keeps_an_admin(&mut tx, team_id, before).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn remove_member(&self, team_id: &str, user_id: &str) -> ApiResult<()> {
        let mut tx = self.db.begin().await?;
        let before = admins(&mut tx, team_id).await?;
        let done = sqlx::query("DELETE FROM team_members WHERE team_id = ? AND user_id = ?").bind(team_id).bind(user_id).execute(&mut *tx).await?;
        if done.rows_affected() == 0 {
            return Err(ApiError::not_found("That person is not a member of this team."));
        }
        keeps_an_admin(&mut tx, team_id, before).await?;
        tx.commit().await?;
        Ok(())
    }

    // ---- channel ownership

    /// Channel id → the team that owns it (channels made outside Monitor Studio have none).
    pub async fn channel_owners(&self) -> ApiResult<HashMap<String, String>> {
        let rows: Vec<(String, String)> = sqlx::query_as("SELECT channel_id, team_id FROM channel_owners").fetch_all(&self.db).await?;
        Ok(rows.into_iter().collect())
    }

    /// The team that owns channel `channel_id`, if any.
    pub async fn channel_owner(&self, channel_id: &str) -> ApiResult<Option<String>> {
        Ok(sqlx::query_scalar("SELECT team_id FROM channel_owners WHERE channel_id = ?").bind(channel_id).fetch_optional(&self.db).await?)
    }

    /// Records that `team_id` owns a new channel; a channel id another team owns is refused.
    pub async fn claim_channel(&self, team_id: &str, channel_id: &str) -> ApiResult<()> {
        let done = sqlx::query("INSERT INTO channel_owners (channel_id, team_id) VALUES (?, ?) ON CONFLICT (channel_id) DO NOTHING")
            .bind(channel_id)
            .bind(team_id)
            .execute(&self.db)
            .await?;
        if done.rows_affected() == 0 && self.channel_owner(channel_id).await?.as_deref() != Some(team_id) {
            return Err(ApiError::Conflict { message: "A channel with this id already exists.".into(), errors: [("id".to_owned(), "Taken.".to_owned())].into() });
        }
        Ok(())
    }

    pub async fn forget_channel(&self, channel_id: &str) -> ApiResult<()> {
        sqlx::query("DELETE FROM channel_owners WHERE channel_id = ?").bind(channel_id).execute(&self.db).await?;
        Ok(())
    }
}

/// How many team admins the team has.
async fn admins(tx: &mut sqlx::SqliteConnection, team_id: &str) -> ApiResult<i64> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM team_members WHERE team_id = ? AND role = 'team_admin'").bind(team_id).fetch_one(&mut *tx).await?)
}

/// Refuses a change that took away the team's last team admin (`before`: how many it had).
async fn keeps_an_admin(tx: &mut sqlx::SqliteConnection, team_id: &str, before: i64) -> ApiResult<()> {
    if before > 0 && admins(tx, team_id).await? == 0 {
        return Err(ApiError::field("role", "A team keeps at least one team admin: make someone else team admin first."));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_are_names_or_prefixes() {
        let ok = check_patterns(&["team-a-*".into(), "orders".into(), "team-a-*".into()]).unwrap();
        assert_eq!(ok, ["team-a-*", "orders"], "duplicates are dropped");
        for bad in ["*", ".kibana", "a*b*", "_all", "Team-A", "a,b", "remote:logs", "", "-x"] {
            let err = check_patterns(&[bad.to_owned()]).unwrap_err();
            assert!(err.field_errors().contains_key("index_patterns[0]"), "{bad}");
        }
        assert!(check_patterns(&vec!["a".to_owned(); 51]).is_err());
    }
}
