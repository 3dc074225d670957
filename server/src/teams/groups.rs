//! Memberships from the identity provider's groups: the mappings an administrator keeps
//! (`group_mappings`) and the sync at each sign-in. A sync changes only the memberships it
//! made (`source = 'groups'`): one set by hand stays as it was set. It writes only when
//! something differs, so a trusted proxy's per-request sign-in costs one read.

use std::collections::BTreeMap;

use app::api::{GroupMapping, GroupMappingInput, TeamRole};

use super::{TeamService, role_name, role_of};
use crate::{
    db::now,
    error::{ApiError, ApiResult},
};

/// At most this many mappings.
const MAX_MAPPINGS: usize = 500;

impl TeamService {
    pub async fn group_mappings(&self) -> ApiResult<Vec<GroupMapping>> {
        let rows: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT g.group_name, g.team_id, t.name, g.role FROM group_mappings g JOIN teams t ON t.id = g.team_id ORDER BY g.group_name, t.name",
        )
        .fetch_all(&self.db)
        .await?;
        rows.into_iter().map(|(group, team, team_name, role)| Ok(GroupMapping { group, team, team_name, role: role_of(&role)? })).collect()
    }

    /// Replaces every mapping, in one transaction; each bad entry is named by its index.
    pub async fn set_group_mappings(&self, mappings: &[GroupMappingInput]) -> ApiResult<Vec<GroupMapping>> {
        if mappings.len() > MAX_MAPPINGS {
            return Err(ApiError::field("mappings", format!("At most {MAX_MAPPINGS} mappings.")));
        }
        let mut errors = BTreeMap::new();
        let teams: Vec<String> = sqlx::query_scalar("SELECT id FROM teams").fetch_all(&self.db).await?;
        let mut seen = std::collections::HashSet::new();
        for (i, m) in mappings.iter().enumerate() {
            let group = m.group.trim();
            if group.is_empty() || group.chars().count() > 255 || group.chars().any(char::is_control) {
                errors.insert(format!("mappings[{i}].group"), "Must be 1 to 255 characters, without control characters.".to_owned());
            }
            if !teams.contains(&m.team) {
                errors.insert(format!("mappings[{i}].team"), format!("No team with id {:?}.", m.team));
            }
            if !seen.insert((group.to_owned(), m.team.clone())) {
                errors.insert(format!("mappings[{i}].group"), "Mapped to this team twice.".to_owned());
            }
        }
        if !errors.is_empty() {
            return Err(ApiError::invalid(errors));
        }
        let mut tx = self.db.begin().await?;
        sqlx::query("DELETE FROM group_mappings").execute(&mut *tx).await?;
        for m in mappings {
            sqlx::query("INSERT INTO group_mappings (group_name, team_id, role) VALUES (?, ?, ?)")
                .bind(m.group.trim())
                .bind(&m.team)
                .bind(role_name(m.role))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        self.group_mappings().await
    }

    /// Makes `user_id`'s memberships from groups match `groups`: the highest mapped role
    /// per team, except where a membership was set by hand.
    pub async fn sync_groups(&self, user_id: &str, groups: &[String]) -> ApiResult<()> {
        let mappings: Vec<(String, String, String)> = sqlx::query_as("SELECT group_name, team_id, role FROM group_mappings").fetch_all(&self.db).await?;
        let mut wanted: BTreeMap<String, TeamRole> = BTreeMap::new();
        for (group, team, role) in mappings {
            if groups.contains(&group) {
                let role = role_of(&role)?;
                let slot = wanted.entry(team).or_insert(role);
                *slot = (*slot).max(role);
            }
        }
        let current: Vec<(String, String, String)> = sqlx::query_as("SELECT team_id, role, source FROM team_members WHERE user_id = ?").bind(user_id).fetch_all(&self.db).await?;
        let manual: Vec<&String> = current.iter().filter(|(_, _, s)| s == "manual").map(|(t, _, _)| t).collect();
        wanted.retain(|team, _| !manual.contains(&team));
        let from_groups: BTreeMap<String, TeamRole> =
            current.iter().filter(|(_, _, s)| s == "groups").map(|(t, r, _)| Ok((t.clone(), role_of(r)?))).collect::<ApiResult<_>>()?;
        if from_groups == wanted {
            return Ok(());
        }
        let mut tx = self.db.begin().await?;
        sqlx::query("DELETE FROM team_members WHERE user_id = ? AND source = 'groups'").bind(user_id).execute(&mut *tx).await?;
        for (team, role) in &wanted {
            sqlx::query("INSERT INTO team_members (team_id, user_id, role, added_at, source) VALUES (?, ?, ?, ?, 'groups') ON CONFLICT (team_id, user_id) DO NOTHING")
                .bind(team)
                .bind(user_id)
                .bind(role_name(*role))
                .bind(now())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        tracing::info!(user = %user_id, teams = ?wanted, "memberships from groups updated");
        Ok(())
    }
}
